//! Talentomobile VideoFace Plus: fetch the challenges of a finished liveness process.
//!
//! Auth is the access key, as is, in `Authorization` (no `Bearer`). Presets PRO, PRE, DEV.
//!
//! Everything about Talentomobile VideoFace Plus is in this folder: the client (`client.rs`) and its verdict
//! mapping ([`verdict`]).

mod client;
pub mod verdict;

pub use client::{API_KEY_ENV, Challenge, Client, ClientBuilder, Environment, Evidence, Move};
