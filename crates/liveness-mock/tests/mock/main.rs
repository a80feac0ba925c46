//! The mock server's tests: one test binary (axum, reqwest and tokio linked once), a module
//! per subject, each talking to the mock over loopback HTTP as any client would.

mod common;

mod admin;
mod auth;
mod evidence;
mod methods;
mod no_panic;
