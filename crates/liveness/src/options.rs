//! HTTP options shared by every vendor client: timeouts, body cap, retries, rate limit.

use std::time::Duration;

use crate::Error;

/// Default time to establish a connection.
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
/// Default time for a whole exchange (connect, send, and read the body).
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(60);
/// Default cap on a response body: room for video metadata and several base64 images.
pub const DEFAULT_MAX_BODY_BYTES: usize = 64 * 1024 * 1024;

/// When and how a failed call is tried again. Off by default ([`RetryPolicy::none`]).
///
/// Which failures are tried again depends on whether the operation is safe to repeat. Reads
/// (every result, token and license call) are; Verifik's create is not, since a request that
/// reached the vendor may have run its checks and been charged, so it is tried again only when
/// the vendor cannot have acted on it:
///
/// | failure | safe to repeat (a read) | not (Verifik create) |
/// |---|---|---|
/// | connection refused (nothing reached the vendor) | retried | retried |
/// | timeout | retried | sent once |
/// | connection reset, broken transfer | retried | sent once |
/// | HTTP 429 (with or without `Retry-After`, which is not read) | retried | retried |
/// | HTTP 500, 502, 503 and other 5xx | retried | sent once |
/// | Tencent `RequestLimitExceeded*`, `InternalError`; TrustDecision 11350 (HTTP 200) | retried | - |
/// | any other 4xx, vendor error, or unreadable body | sent once | sent once |
///
/// "Retried" means up to [`RetryPolicy::max_attempts`] attempts in all, within the deadline.
/// Each row is a test that counts the requests the server received
/// (`crates/liveness/tests/facade/tables.rs`). Every attempt is signed afresh.
#[derive(Debug, Clone, PartialEq)]
pub struct RetryPolicy {
    max_attempts: u32,
    initial_backoff: Duration,
    max_backoff: Duration,
    jitter: bool,
    deadline: Option<Duration>,
}

impl RetryPolicy {
    /// One attempt, no retry.
    pub fn none() -> Self {
        Self {
            max_attempts: 1,
            initial_backoff: Duration::ZERO,
            max_backoff: Duration::ZERO,
            jitter: false,
            deadline: None,
        }
    }

    /// Up to 3 attempts, backoff from 200 ms doubling to at most 5 s with jitter, all within 30 s.
    pub fn standard() -> Self {
        Self {
            max_attempts: 3,
            initial_backoff: Duration::from_millis(200),
            max_backoff: Duration::from_secs(5),
            jitter: true,
            deadline: Some(Duration::from_secs(30)),
        }
    }

    /// At most `attempts` attempts in all (the first one included; at least 1).
    pub fn max_attempts(mut self, attempts: u32) -> Self {
        self.max_attempts = attempts.max(1);
        self
    }

    /// The wait before the first retry; it doubles for each later one, up to `max`.
    pub fn backoff(mut self, initial: Duration, max: Duration) -> Self {
        self.initial_backoff = initial;
        self.max_backoff = max.max(initial);
        self
    }

    /// With jitter (the default for [`RetryPolicy::standard`]) each wait is drawn from
    /// [half, all] of the computed backoff, so that many clients do not retry in step.
    pub fn jitter(mut self, jitter: bool) -> Self {
        self.jitter = jitter;
        self
    }

    /// A bound on the whole call, every attempt and wait included. When it runs out the call
    /// fails with a timeout.
    pub fn deadline(mut self, deadline: Option<Duration>) -> Self {
        self.deadline = deadline;
        self
    }

    /// The configured number of attempts.
    pub fn attempts(&self) -> u32 {
        self.max_attempts
    }

    /// The configured total deadline.
    pub fn total_deadline(&self) -> Option<Duration> {
        self.deadline
    }

    /// The wait after failed attempt number `attempt` (1-based).
    pub fn delay_after(&self, attempt: u32) -> Duration {
        let shift = attempt.saturating_sub(1).min(20);
        let full = self
            .initial_backoff
            .saturating_mul(1u32 << shift)
            .min(self.max_backoff);
        if self.jitter && !full.is_zero() {
            let half = full / 2;
            let extra = (full - half).as_nanos() as u64;
            half + Duration::from_nanos(fastrand::u64(0..=extra))
        } else {
            full
        }
    }
}

impl Default for RetryPolicy {
    fn default() -> Self {
        Self::none()
    }
}

/// What a client sent, as [`HttpOptions::on_request`] sees it: nothing secret. The URL has
/// every credential masked (TrustDecision's `partner_key` travels in it); headers are named,
/// never shown.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct SentRequest {
    /// `GET`, `POST`...
    pub method: String,
    /// The URL, credentials replaced by `[REDACTED]`.
    pub url: String,
    /// The names of the headers sent, in order, lower case.
    pub header_names: Vec<String>,
}

/// The callback of [`HttpOptions::on_request`].
#[derive(Clone)]
pub(crate) struct RequestHook(pub(crate) std::sync::Arc<dyn Fn(&SentRequest) + Send + Sync>);

impl std::fmt::Debug for RequestHook {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("RequestHook")
    }
}

/// Options for the HTTP layer of a vendor client.
#[derive(Debug, Clone)]
pub struct HttpOptions {
    pub(crate) connect_timeout: Duration,
    pub(crate) timeout: Duration,
    pub(crate) max_body_bytes: usize,
    pub(crate) retry: RetryPolicy,
    pub(crate) rate_limit_per_second: Option<u32>,
    #[cfg(feature = "redis")]
    pub(crate) shared_rate_limit: Option<crate::RedisRateLimit>,
    pub(crate) http_client: Option<reqwest::Client>,
    pub(crate) on_request: Option<RequestHook>,
}

impl Default for HttpOptions {
    fn default() -> Self {
        Self {
            connect_timeout: DEFAULT_CONNECT_TIMEOUT,
            timeout: DEFAULT_TIMEOUT,
            max_body_bytes: DEFAULT_MAX_BODY_BYTES,
            retry: RetryPolicy::none(),
            rate_limit_per_second: None,
            #[cfg(feature = "redis")]
            shared_rate_limit: None,
            http_client: None,
            on_request: None,
        }
    }
}

impl HttpOptions {
    /// Time allowed to connect (default 10 s).
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// Time allowed for one whole exchange, body included (default 60 s).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// The largest response body read (default 64 MiB); a larger one fails with
    /// [`Error::BodyTooLarge`] without being held in memory.
    pub fn max_body_bytes(mut self, bytes: usize) -> Self {
        self.max_body_bytes = bytes;
        self
    }

    /// The retry policy (default: none).
    pub fn retry(mut self, policy: RetryPolicy) -> Self {
        self.retry = policy;
        self
    }

    /// At most `per_second` requests per second for each operation, spread evenly with a 5%
    /// margin for network jitter (so about 19 a second at 20); callers over the rate wait their
    /// turn. Tencent documents 20 per second per action.
    pub fn rate_limit(mut self, per_second: Option<u32>) -> Self {
        self.rate_limit_per_second = per_second.filter(|n| *n > 0);
        self
    }

    /// Holds the [`HttpOptions::rate_limit`] in Redis, shared by every process (every replica,
    /// every `liveness` run) that uses the same Redis, vendor, operation and account, instead
    /// of in this process alone. See [`RedisRateLimit`](crate::RedisRateLimit) for the URL, the
    /// outage policy and the keys. Building a client with this and no rate is an error.
    #[cfg(feature = "redis")]
    pub fn shared_rate_limit(mut self, redis: crate::RedisRateLimit) -> Self {
        self.shared_rate_limit = Some(redis);
        self
    }

    /// Use this `reqwest::Client` (its connection pool, proxy and TLS settings) instead of one
    /// built from these options; the timeouts set here then do not apply.
    pub fn http_client(mut self, client: reqwest::Client) -> Self {
        self.http_client = Some(client);
        self
    }

    /// Calls `hook` with each request as it leaves (every attempt, signed), described without
    /// a secret: for audit logs, and for `liveness doctor`, which prints what it sent.
    pub fn on_request(mut self, hook: impl Fn(&SentRequest) + Send + Sync + 'static) -> Self {
        self.on_request = Some(RequestHook(std::sync::Arc::new(hook)));
        self
    }

    /// A client builder with these timeouts and the SDK's user agent (API calls and evidence
    /// downloads share it).
    pub(crate) fn client_builder(&self) -> reqwest::ClientBuilder {
        reqwest::Client::builder()
            .connect_timeout(self.connect_timeout)
            .timeout(self.timeout)
            .user_agent(concat!("liveness-sdk/", env!("CARGO_PKG_VERSION")))
    }

    pub(crate) fn build_client(&self) -> Result<reqwest::Client, Error> {
        if let Some(client) = &self.http_client {
            return Ok(client.clone());
        }
        self.client_builder()
            .build()
            .map_err(|e| Error::config(format!("could not build the HTTP client: {e}")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_up_to_the_cap_and_jitter_stays_within_half_to_full() {
        let policy = RetryPolicy::standard()
            .jitter(false)
            .backoff(Duration::from_millis(100), Duration::from_millis(350));
        let waits: Vec<_> = (1..=4).map(|n| policy.delay_after(n)).collect();
        assert_eq!(
            waits,
            [100, 200, 350, 350].map(Duration::from_millis).to_vec()
        );
        let jittered = policy.jitter(true);
        let draws: Vec<_> = (0..200).map(|_| jittered.delay_after(2)).collect();
        for d in &draws {
            assert!(*d >= Duration::from_millis(100) && *d <= Duration::from_millis(200));
        }
        // Jitter that never varies is no jitter: 200 draws from 100 ms of nanoseconds are not
        // all the same.
        assert!(draws.iter().any(|d| *d != draws[0]), "{:?}", draws[0]);
    }

    #[test]
    fn the_defaults_are_the_documented_ones_and_every_setter_sets() {
        assert_eq!(DEFAULT_MAX_BODY_BYTES, 67_108_864, "64 MiB");
        let defaults = HttpOptions::default();
        assert_eq!(defaults.connect_timeout, Duration::from_secs(10));
        assert_eq!(defaults.timeout, Duration::from_secs(60));
        assert_eq!(defaults.max_body_bytes, 67_108_864);
        let set = HttpOptions::default()
            .connect_timeout(Duration::from_millis(1_500))
            .timeout(Duration::from_millis(2_500));
        assert_eq!(set.connect_timeout, Duration::from_millis(1_500));
        assert_eq!(set.timeout, Duration::from_millis(2_500));
        assert!(defaults.http_client.is_none());
        assert!(
            HttpOptions::default()
                .http_client(reqwest::Client::new())
                .http_client
                .is_some()
        );
    }

    #[test]
    fn a_rate_limit_of_zero_is_no_limit_and_any_other_is_kept() {
        let limit = |n| HttpOptions::default().rate_limit(n).rate_limit_per_second;
        assert_eq!(limit(None), None);
        assert_eq!(
            limit(Some(0)),
            None,
            "zero per second would block every call"
        );
        assert_eq!(limit(Some(1)), Some(1));
        assert_eq!(limit(Some(20)), Some(20));
    }

    #[test]
    fn at_least_one_attempt() {
        assert_eq!(RetryPolicy::standard().max_attempts(0).attempts(), 1);
    }
}
