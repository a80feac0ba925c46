//! The limiter shared through Redis: every process that uses the same Redis, vendor, operation
//! and account spends one budget, one atomic script call (`reserve.lua`) per request.
//!
//! Redis down or slow costs a call at most [`RedisRateLimit::timeout`]; the outage policy then
//! decides, and for the next [`RETRY_AFTER`] calls do not wait for Redis at all. The connection
//! manager reconnects by itself; the first call after that window finds Redis back.

use std::fmt;
use std::sync::Mutex;
use std::time::Duration;

use redis::aio::{ConnectionManager, ConnectionManagerConfig};
use secrecy::{ExposeSecret, SecretString};
use sha2::{Digest, Sha256};
use tokio::sync::OnceCell;
use tokio::time::Instant;

use super::Account;
use super::local::LocalLimiter;
use crate::Error;
use crate::credentials::mask;
use crate::error::Vendor;

/// The variable the Redis URL is read from when [`RedisRateLimit::url`] is not set, for
/// example `redis://127.0.0.1:6379/0` or `redis://:password@redis.internal:6379`.
pub const REDIS_URL_ENV: &str = "LIVENESS_REDIS_URL";

/// The default bound on one limiter decision through Redis.
pub const DEFAULT_REDIS_TIMEOUT: Duration = Duration::from_millis(200);

/// How long after a failed decision calls go straight to the outage policy before Redis is
/// tried again.
pub const RETRY_AFTER: Duration = Duration::from_secs(1);

/// The default prefix of the limiter's keys in Redis.
pub const DEFAULT_KEY_PREFIX: &str = "liveness:ratelimit";

/// The script, loaded once per Redis (`EVALSHA`, falling back to `EVAL` after a restart).
const RESERVE: &str = include_str!("reserve.lua");

/// What calls do while Redis cannot be reached or does not answer in time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[cfg_attr(feature = "clap", derive(clap::ValueEnum))]
#[non_exhaustive]
pub enum OnOutage {
    /// Calls go on, spaced by this process's own limiter at the same rate (so N replicas may
    /// reach N times the rate until Redis is back). One warning is logged per outage.
    #[default]
    #[cfg_attr(feature = "clap", value(name = "open"))]
    FailOpen,
    /// Calls fail at once with the error `Error::RateLimiter` and send nothing.
    #[cfg_attr(feature = "clap", value(name = "closed"))]
    FailClosed,
}

impl OnOutage {
    /// `open` or `closed`, as the metrics label it.
    pub fn as_str(self) -> &'static str {
        match self {
            OnOutage::FailOpen => "open",
            OnOutage::FailClosed => "closed",
        }
    }
}

/// A rate limit shared through Redis by every process that uses the same Redis: set it with
/// [`HttpOptions::shared_rate_limit`](crate::HttpOptions::shared_rate_limit), beside the rate
/// itself ([`HttpOptions::rate_limit`](crate::HttpOptions::rate_limit)).
///
/// The budget is per vendor, operation and account: Tencent's SecretId, TrustDecision's
/// partner_code, or a hash of the Talentomobile key or Verifik token (the key itself is never
/// sent to Redis). Two accounts never share a budget.
///
/// ```
/// use liveness::{HttpOptions, OnOutage, RedisRateLimit};
///
/// // The URL comes from LIVENESS_REDIS_URL when the client is built, unless given here.
/// let options = HttpOptions::default()
///     .rate_limit(Some(20))
///     .shared_rate_limit(RedisRateLimit::new().on_outage(OnOutage::FailClosed));
/// ```
#[derive(Clone)]
pub struct RedisRateLimit {
    url: Option<SecretString>,
    on_outage: OnOutage,
    timeout: Duration,
    key_prefix: String,
    account: Option<String>,
}

impl Default for RedisRateLimit {
    fn default() -> Self {
        Self::new()
    }
}

// The URL may carry a password: only its scheme, host and port are shown.
impl fmt::Debug for RedisRateLimit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RedisRateLimit")
            .field(
                "url",
                &self.url.as_ref().map(|url| shown_url(url.expose_secret())),
            )
            .field("on_outage", &self.on_outage)
            .field("timeout", &self.timeout)
            .field("key_prefix", &self.key_prefix)
            .field("account", &self.account)
            .finish()
    }
}

impl RedisRateLimit {
    /// Fail-open, a 200 ms bound per decision, keys under `liveness:ratelimit`, and the URL
    /// from [`REDIS_URL_ENV`] when the client is built.
    pub fn new() -> Self {
        Self {
            url: None,
            on_outage: OnOutage::default(),
            timeout: DEFAULT_REDIS_TIMEOUT,
            key_prefix: DEFAULT_KEY_PREFIX.to_owned(),
            account: None,
        }
    }

    /// The Redis URL (`redis://[:password@]host[:port][/db]`), instead of [`REDIS_URL_ENV`].
    pub fn url(mut self, url: impl Into<String>) -> Self {
        self.url = Some(SecretString::from(url.into()));
        self
    }

    /// What calls do while Redis is unreachable or slow (default: fail-open).
    pub fn on_outage(mut self, policy: OnOutage) -> Self {
        self.on_outage = policy;
        self
    }

    /// The longest one decision waits for Redis, connecting included (default 200 ms); past
    /// it the outage policy applies.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// The prefix of the limiter's keys (default `liveness:ratelimit`), to keep apart several
    /// applications on one Redis.
    pub fn key_prefix(mut self, prefix: impl Into<String>) -> Self {
        self.key_prefix = prefix.into();
        self
    }

    /// Names the account whose budget is spent, instead of the one derived from the
    /// credentials. For Tencent temporary credentials, whose SecretId changes with every
    /// rotation while the vendor's limit stays the account's.
    pub fn account(mut self, account: impl Into<String>) -> Self {
        self.account = Some(account.into());
        self
    }
}

/// `url` without its user and password, for anything shown.
fn shown_url(url: &str) -> String {
    match reqwest::Url::parse(url) {
        Ok(parsed) => format!(
            "{}://{}{}",
            parsed.scheme(),
            parsed.host_str().unwrap_or(""),
            parsed.port().map(|p| format!(":{p}")).unwrap_or_default()
        ),
        Err(_) => "(not a URL)".to_owned(),
    }
}

/// The account's part of a key: its identifier, or the first 16 hex digits of the key's
/// SHA-256.
fn account_key(account: Account<'_>) -> String {
    match account {
        Account::Id(id) => id.to_owned(),
        Account::Key(key) => {
            let digest = Sha256::digest(key.expose_secret().as_bytes());
            format!("key-{}", &hex::encode(digest)[..16])
        }
    }
}

/// Whether Redis is out, since when the next try is due, and why.
#[derive(Debug, Default)]
struct Outage {
    retry_at: Option<Instant>,
    reason: String,
}

/// The limiter a client holds when its limit is shared.
pub(crate) struct SharedLimiter {
    client: redis::Client,
    connection: OnceCell<ConnectionManager>,
    script: redis::Script,
    /// `prefix:vendor:`; the operation and account follow.
    key_prefix: String,
    account: String,
    interval_us: u64,
    timeout: Duration,
    on_outage: OnOutage,
    outage: Mutex<Outage>,
    /// Masked in any Redis message kept.
    password: Option<SecretString>,
}

impl fmt::Debug for SharedLimiter {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SharedLimiter")
            .field("key_prefix", &self.key_prefix)
            .field("account", &self.account)
            .field("interval_us", &self.interval_us)
            .field("timeout", &self.timeout)
            .field("on_outage", &self.on_outage)
            .finish_non_exhaustive()
    }
}

impl SharedLimiter {
    /// Checks the URL (given, or from the environment); connects on the first call.
    pub(crate) fn new(
        config: &RedisRateLimit,
        vendor: Vendor,
        account: Account<'_>,
        interval: Duration,
    ) -> Result<Self, Error> {
        let url = match &config.url {
            Some(url) => url.clone(),
            None => match std::env::var(REDIS_URL_ENV) {
                Ok(url) if !url.trim().is_empty() => SecretString::from(url),
                _ => {
                    return Err(Error::config(format!(
                        "the shared rate limit needs a Redis URL: set {REDIS_URL_ENV} or \
                         RedisRateLimit::url"
                    )));
                }
            },
        };
        let password = reqwest::Url::parse(url.expose_secret())
            .ok()
            .and_then(|u| u.password().map(|p| SecretString::from(p.to_owned())));
        if url.expose_secret().starts_with("rediss:") {
            return Err(Error::config(
                "the Redis URL is rediss:// (TLS), which this build does not support yet: use \
                 redis:// on a trusted network or through a TLS tunnel",
            ));
        }
        let client = redis::Client::open(url.expose_secret()).map_err(|e| {
            Error::config(format!(
                "the Redis URL {} is not usable: {}",
                shown_url(url.expose_secret()),
                mask(&e.to_string(), std::iter::once(&url).chain(&password))
            ))
        })?;
        if config.timeout.is_zero() {
            return Err(Error::config(
                "RedisRateLimit::timeout is zero: no decision could ever arrive",
            ));
        }
        Ok(Self {
            client,
            connection: OnceCell::new(),
            script: redis::Script::new(RESERVE),
            key_prefix: format!("{}:{}:", config.key_prefix, vendor.as_str()),
            account: match &config.account {
                Some(name) => name.clone(),
                None => account_key(account),
            },
            interval_us: u64::try_from(interval.as_micros()).unwrap_or(u64::MAX),
            timeout: config.timeout,
            on_outage: config.on_outage,
            outage: Mutex::new(Outage::default()),
            password,
        })
    }

    /// The Redis key of `operation`'s budget.
    pub(crate) fn key(&self, operation: &str) -> String {
        format!("{}{operation}:{}", self.key_prefix, self.account)
    }

    /// Waits for `operation`'s next slot as Redis schedules it; when Redis fails, applies the
    /// outage policy (`local` spaces calls under fail-open).
    pub(crate) async fn acquire(
        &self,
        vendor: Vendor,
        operation: &'static str,
        local: &LocalLimiter,
    ) -> Result<(), Error> {
        if self.due() {
            match tokio::time::timeout(self.timeout, self.reserve(operation)).await {
                Ok(Ok(wait)) => {
                    self.back();
                    // As in `local.rs`: no trip through the timer when the slot is free now.
                    if !wait.is_zero() {
                        tokio::time::sleep(wait).await;
                    }
                    return Ok(());
                }
                Ok(Err(e)) if !e.is_timeout() => self.out(mask(&e.to_string(), &self.password)),
                Ok(Err(_)) | Err(_) => self.out(format!("no answer within {:?}", self.timeout)),
            }
        }
        crate::metrics::shared_limit_unavailable(vendor, operation, self.on_outage);
        match self.on_outage {
            OnOutage::FailOpen => {
                local.acquire(operation).await;
                Ok(())
            }
            OnOutage::FailClosed => {
                let reason = self
                    .outage
                    .lock()
                    .unwrap_or_else(|e| e.into_inner())
                    .reason
                    .clone();
                Err(Error::RateLimiter {
                    vendor,
                    operation,
                    message: format!(
                        "the shared rate limit's Redis is unavailable ({reason}) and the policy \
                         is fail-closed"
                    ),
                })
            }
        }
    }

    /// One script call: the wait before `operation`'s reserved slot.
    async fn reserve(&self, operation: &str) -> redis::RedisResult<Duration> {
        let connection = self
            .connection
            .get_or_try_init(|| async {
                let config = ConnectionManagerConfig::new()
                    .set_connection_timeout(Some(self.timeout))
                    .set_response_timeout(Some(self.timeout))
                    .set_number_of_retries(1)
                    .set_max_delay(RETRY_AFTER);
                ConnectionManager::new_lazy_with_config(self.client.clone(), config)
            })
            .await?;
        let mut invocation = self.script.key(self.key(operation));
        invocation.arg(self.interval_us);
        let wait_us: i64 = match invocation.invoke_async(&mut connection.clone()).await {
            // A connection Redis dropped (a restart) is replaced in the background: the
            // second try waits for the new one, within the same bound.
            Err(e) if e.is_connection_dropped() || e.is_io_error() => {
                invocation.invoke_async(&mut connection.clone()).await?
            }
            other => other?,
        };
        Ok(Duration::from_micros(u64::try_from(wait_us).unwrap_or(0)))
    }

    /// Whether to ask Redis now: always when it is up; during an outage once per
    /// [`RETRY_AFTER`] (the caller that asks pushes the next try back, so others do not wait).
    fn due(&self) -> bool {
        let mut outage = self.outage.lock().unwrap_or_else(|e| e.into_inner());
        match outage.retry_at {
            None => true,
            Some(at) if Instant::now() >= at => {
                outage.retry_at = Some(Instant::now() + RETRY_AFTER);
                true
            }
            Some(_) => false,
        }
    }

    /// Redis failed: the first failure of an outage is logged, once.
    fn out(&self, reason: String) {
        let mut outage = self.outage.lock().unwrap_or_else(|e| e.into_inner());
        if outage.retry_at.is_none() {
            tracing::warn!(
                redis = %reason,
                policy = self.on_outage.as_str(),
                "the shared rate limit's Redis is unavailable; {} until it answers again",
                match self.on_outage {
                    OnOutage::FailOpen => "this process limits its own calls",
                    OnOutage::FailClosed => "calls fail",
                }
            );
        }
        outage.retry_at = Some(Instant::now() + RETRY_AFTER);
        outage.reason = reason;
    }

    /// Redis answered: an outage, if there was one, is over.
    fn back(&self) {
        let mut outage = self.outage.lock().unwrap_or_else(|e| e.into_inner());
        if outage.retry_at.take().is_some() {
            tracing::info!("the shared rate limit's Redis answers again; limiting is shared");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shown_urls_keep_scheme_host_and_port_only() {
        assert_eq!(
            shown_url("redis://user:hunter2@redis.internal:6380/2"),
            "redis://redis.internal:6380"
        );
        assert_eq!(shown_url("redis://127.0.0.1"), "redis://127.0.0.1");
        assert_eq!(shown_url("not a url"), "(not a URL)");
        let debug = format!(
            "{:?}",
            RedisRateLimit::new().url("redis://:hunter2@10.0.0.1:6379")
        );
        assert!(!debug.contains("hunter2"), "{debug}");
        assert!(debug.contains("redis://10.0.0.1:6379"), "{debug}");
    }

    #[test]
    fn accounts_are_identifiers_or_key_hashes_never_keys() {
        assert_eq!(account_key(Account::Id("AKIDexample")), "AKIDexample");
        let key = SecretString::from("a-talentomobile-api-key".to_owned());
        let hashed = account_key(Account::Key(&key));
        assert!(hashed.starts_with("key-") && hashed.len() == 20, "{hashed}");
        assert!(!hashed.contains("talentomobile"));
        let other = SecretString::from("another-api-key".to_owned());
        assert_ne!(hashed, account_key(Account::Key(&other)));
    }

    #[test]
    fn keys_name_prefix_vendor_operation_and_account() {
        let config = RedisRateLimit::new().url("redis://127.0.0.1:1");
        let limiter = SharedLimiter::new(
            &config,
            Vendor::Tencent,
            Account::Id("AKIDexample"),
            Duration::from_millis(50),
        )
        .expect("limiter");
        assert_eq!(
            limiter.key("get_face_id_result_intl"),
            "liveness:ratelimit:tencent:get_face_id_result_intl:AKIDexample"
        );
        assert_eq!(limiter.interval_us, 50_000);
        let named = SharedLimiter::new(
            &config.clone().key_prefix("app").account("prod"),
            Vendor::Verifik,
            Account::Id("ignored"),
            Duration::from_millis(50),
        )
        .expect("limiter");
        assert_eq!(named.key("op"), "app:verifik:op:prod");
    }

    #[test]
    fn a_bad_url_or_a_zero_timeout_is_a_config_error_without_the_password() {
        let bad = RedisRateLimit::new().url("http://:hunter2@127.0.0.1:6379");
        let error = SharedLimiter::new(
            &bad,
            Vendor::Tencent,
            Account::Id("x"),
            Duration::from_millis(50),
        )
        .expect_err("not a redis URL");
        let text = error.to_string();
        assert!(matches!(error, Error::Config { .. }), "{error:?}");
        assert!(!text.contains("hunter2"), "{text}");
        let tls = RedisRateLimit::new().url("rediss://:hunter2@redis.internal:6380");
        let text = SharedLimiter::new(
            &tls,
            Vendor::Tencent,
            Account::Id("x"),
            Duration::from_millis(50),
        )
        .expect_err("no TLS")
        .to_string();
        assert!(text.contains("TLS") && !text.contains("hunter2"), "{text}");
        let zero = RedisRateLimit::new()
            .url("redis://127.0.0.1:6379")
            .timeout(Duration::ZERO);
        assert!(matches!(
            SharedLimiter::new(
                &zero,
                Vendor::Tencent,
                Account::Id("x"),
                Duration::from_millis(50)
            ),
            Err(Error::Config { .. })
        ));
    }
}
