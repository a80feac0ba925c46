//! TrustDecision liveness (SDK flow): a license for the mobile SDK, then the result.
//!
//! Auth is `partner_code` and `partner_key` in the query string, so the request URL carries a
//! secret: it is never shown (the call engine drops URLs from transport errors, and both
//! credentials are masked in any body or message shown). `code` arrives as an integer or a
//! string; both read.
//!
//! A detected attack is a *result*: [`Client::result`] returns it as `Ok` with a
//! [`ResultCode::Attack`]. Codes that mean the call failed (account, parameters, internal
//! error) are [`Error::Vendor`](crate::Error::Vendor) with a [`TrustDecisionError`].
//!
//! ```no_run
//! # async fn run() -> Result<(), liveness::Error> {
//! use liveness::trustdecision::{Client, Region};
//!
//! let client = Client::builder().region(Region::Singapore).build()?; // credentials from env
//! let license = client.license(Some(600)).await?.value;
//! // ... the mobile SDK runs with `license.license` and returns a liveness id ...
//! let result = client.result("1234567").await?.value;
//! if result.code.is_pass() {
//!     println!("live, score {:?}", result.score);
//! } else if let Some(attack) = result.code.attack() {
//!     println!("attack detected: {attack:?}");
//! }
//! # Ok(()) }
//! ```
//!
//! Everything about TrustDecision is in this folder: the client (`client.rs`), its result codes
//! (`codes.rs`), its error (`error.rs`) and its verdict mapping ([`verdict`]).

mod client;
mod codes;
mod error;
pub mod verdict;

pub use client::{
    Client, ClientBuilder, DeviceRiskLevel, License, LivenessId, LivenessResult,
    MAX_SESSION_DURATION, PARTNER_CODE_ENV, PARTNER_KEY_ENV, Region,
};
pub use codes::{AttackKind, ResultCode};
pub use error::TrustDecisionError;
