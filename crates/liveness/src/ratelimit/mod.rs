//! Client-side rate limiting: at most N requests per second per operation, evenly spaced,
//! kept in this process ([`local`]) or shared with every process using the same Redis
//! ([`shared`], feature `redis`).
//!
//! Slots are `1/N` s apart plus a 5% margin: requests leave evenly spaced but reach the vendor
//! with jitter (scheduling, a new connection), and without the margin two of them can arrive
//! closer than they left, putting N+1 in the vendor's one-second window (the reliability test
//! saw it at the mock).

use std::time::Duration;

use secrecy::SecretString;

use crate::error::Vendor;
use crate::{Error, HttpOptions};

pub mod bench;
mod local;
#[cfg(feature = "redis")]
pub(crate) mod shared;

use local::LocalLimiter;

/// The share of each interval kept free for arrival jitter.
const JITTER_MARGIN: f64 = 0.05;

/// The time between two starts at `per_second` (at least 1), with the jitter margin.
pub(crate) fn interval(per_second: u32) -> Duration {
    Duration::from_secs(1).mul_f64(1.0 + JITTER_MARGIN) / per_second.max(1)
}

/// Whose budget a client spends: the vendor's account identifier where it has one that is not
/// a secret, otherwise its key (only ever stored hashed).
#[derive(Clone, Copy)]
// Read only to name a shared budget; which variants are built depends on the vendor features.
#[allow(dead_code)]
pub(crate) enum Account<'a> {
    /// An identifier that is not a secret (Tencent's SecretId, TrustDecision's partner_code).
    Id(&'a str),
    /// A secret standing for the account (an API key, a token).
    Key(&'a SecretString),
}

/// A client's limiter: slots per operation in this process, and through Redis when the
/// options share the limit.
#[derive(Debug)]
pub(crate) struct Limiter {
    local: LocalLimiter,
    #[cfg(feature = "redis")]
    shared: Option<shared::SharedLimiter>,
}

impl Limiter {
    /// The limiter `options` ask for (`None` without a rate limit), for `account` of `vendor`.
    pub(crate) fn new(
        vendor: Vendor,
        options: &HttpOptions,
        account: Account<'_>,
    ) -> Result<Option<Self>, Error> {
        #[cfg(not(feature = "redis"))]
        let _ = (vendor, account);
        let Some(per_second) = options.rate_limit_per_second else {
            #[cfg(feature = "redis")]
            if options.shared_rate_limit.is_some() {
                return Err(Error::config(
                    "a shared rate limit (HttpOptions::shared_rate_limit) needs a rate: set \
                     HttpOptions::rate_limit as well",
                ));
            }
            return Ok(None);
        };
        let interval = interval(per_second);
        Ok(Some(Self {
            local: LocalLimiter::new(interval),
            #[cfg(feature = "redis")]
            shared: options
                .shared_rate_limit
                .as_ref()
                .map(|redis| shared::SharedLimiter::new(redis, vendor, account, interval))
                .transpose()?,
        }))
    }

    /// Waits for the next slot of `operation`: through Redis when the limit is shared (and
    /// Redis answers, or else by its outage policy), in this process otherwise.
    pub(crate) async fn acquire(
        &self,
        vendor: Vendor,
        operation: &'static str,
    ) -> Result<(), Error> {
        #[cfg(feature = "redis")]
        if let Some(shared) = &self.shared {
            return shared.acquire(vendor, operation, &self.local).await;
        }
        let _ = vendor;
        self.local.acquire(operation).await;
        Ok(())
    }
}
