//! Typed, signed, resilient clients for face- and document-liveness vendor APIs.
//!
//! This crate is the hand-written layer over the generated `liveness-<vendor>` crates: it fills
//! each crate's auth slot, chooses endpoints, turns vendor quirks into typed results and errors,
//! and makes calls resilient (timeouts, opt-in retries, a rate limiter, a cap on body size).
//!
//! Each vendor is a Cargo feature (`tencent`, `trustdecision`, `talentomobile`, `verifik`; all on
//! by default): with `default-features = false, features = ["tencent", "rustls"]` no other vendor
//! crate is compiled. Keep a TLS feature, `rustls` (the default) or `native-tls`: without one,
//! every client's `build()` refuses an `https` base URL with an [`Error::Config`] naming both
//! (plain `http` to a loopback mock still works), rather than failing the first call later.
//!
//! Credentials not given to a builder are read from the vendor's variables (e.g.
//! `TALENTOMOBILE_API_KEY`), or from the file named by the same variable with `_FILE` appended
//! (a secret mounted by Docker or Kubernetes), one trailing line break removed; both set is an
//! [`Error::Config`].
//!
//! Builders refuse, as [`Error::Config`] naming the environment variable, a credential padded
//! with whitespace and a secret shorter than 8 characters (secrets are masked in everything
//! shown, and masking a short one would mangle messages). Calls refuse, as
//! [`Error::InvalidRequest`] before sending, an id that would change the request's path.
#![deny(missing_docs)]
// A build with no vendor feature compiles the shared machinery with nothing to use it; that
// build is checked by CI but is not a product, so its unused items are not warned about.
#![cfg_attr(
    not(any(
        feature = "tencent",
        feature = "trustdecision",
        feature = "talentomobile",
        feature = "verifik"
    )),
    allow(
        dead_code,
        unused_imports,
        unused_macros,
        unused_variables,
        unreachable_code
    )
)]

mod call;
mod client;
mod credentials;
#[cfg(feature = "doctor")]
pub mod doctor;
mod endpoint;
mod error;
pub mod metrics;
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
pub use credentials::credential_from_env;
pub use error::{Error, RawBody, TransportKind, VendorError};
pub use liveness_vendor::{UnknownVendor, Vendor};
pub use options::{
    DEFAULT_CONNECT_TIMEOUT, DEFAULT_MAX_BODY_BYTES, DEFAULT_TIMEOUT, HttpOptions, RetryPolicy,
    SentRequest,
};
#[doc(hidden)]
pub use ratelimit::bench as __bench;
#[cfg(feature = "redis")]
pub use ratelimit::shared::{
    DEFAULT_KEY_PREFIX, DEFAULT_REDIS_TIMEOUT, OnOutage, REDIS_URL_ENV, RETRY_AFTER, RedisRateLimit,
};

/// The `reqwest` this crate is built with, so a user never mixes reqwest versions: a
/// `reqwest::Client` passed to [`HttpOptions::http_client`], or the `reqwest::Error` inside
/// [`Error::Transport`], is this one.
///
/// ```
/// use liveness::HttpOptions;
///
/// // Your own client (a proxy, a connection pool shared with the rest of your app).
/// let http = liveness::reqwest::Client::builder()
///     .pool_max_idle_per_host(4)
///     .build()?;
/// let options = HttpOptions::default().http_client(http);
/// # #[cfg(feature = "verifik")]
/// let client = liveness::verifik::Client::builder()
///     .token("a-verifik-token")
///     .base_url("http://127.0.0.1:8080")
///     .options(options)
///     .build()?;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub use reqwest;

/// The `bytes` this crate is built with: [`Response::raw`] and [`RawBody::bytes`] are its
/// `Bytes`.
pub use bytes;

// The README's Rust blocks are compiled as doctests, so they stay true to the API (its example
// is Talentomobile's).
#[cfg(all(doctest, feature = "talentomobile"))]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;
