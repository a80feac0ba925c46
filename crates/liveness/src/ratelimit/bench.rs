//! Not part of the API (hidden, no semver promise): one limiter alone, without a client or a
//! call, so that `benches/` can time a decision and count how many one Redis makes a second.

use crate::error::Vendor;
use crate::{Error, HttpOptions};

use super::{Account, Limiter};

/// The limiter a client of `vendor` would build from `options` for `account`.
#[derive(Debug)]
pub struct Decisions {
    limiter: Limiter,
    vendor: Vendor,
}

impl Decisions {
    /// Fails as a client's `build()` would; also when `options` set no rate limit.
    pub fn new(vendor: Vendor, options: &HttpOptions, account: &str) -> Result<Self, Error> {
        let limiter = Limiter::new(vendor, options, Account::Id(account))?
            .ok_or_else(|| Error::config("no rate limit set"))?;
        Ok(Self { limiter, vendor })
    }

    /// One decision for `operation`, waiting for its slot as a call would.
    pub async fn acquire(&self, operation: &'static str) -> Result<(), Error> {
        self.limiter.acquire(self.vendor, operation).await
    }
}
