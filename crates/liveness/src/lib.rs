//! Typed, signed, resilient clients for face- and document-liveness vendor APIs.
//!
//! This crate is the hand-written layer over the generated `liveness-<vendor>` crates: it fills
//! each crate's auth slot, chooses endpoints, turns vendor quirks into typed results and errors,
//! and makes calls resilient (timeouts, opt-in retries, a rate limiter, a cap on body size).
//!
//! Each vendor is a Cargo feature (`tencent`, `trustdecision`, `talentomobile`, `verifik`; all on
//! by default): with `default-features = false, features = ["tencent", "rustls"]` no other vendor
//! crate is compiled.
#![deny(missing_docs)]

mod call;
mod endpoint;
mod error;
mod options;
mod ratelimit;

#[cfg(feature = "talentomobile")]
pub mod talentomobile;
#[cfg(feature = "tencent")]
pub mod tencent;
#[cfg(feature = "trustdecision")]
pub mod trustdecision;
pub mod verdict;
#[cfg(feature = "verifik")]
pub mod verifik;

pub use call::Response;
pub use error::{Error, RawBody, TransportKind, Vendor, VendorError};
pub use options::{
    DEFAULT_CONNECT_TIMEOUT, DEFAULT_MAX_BODY_BYTES, DEFAULT_TIMEOUT, HttpOptions, RetryPolicy,
};
