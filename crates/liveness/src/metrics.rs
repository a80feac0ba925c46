//! What the clients measure, through the [`metrics`](https://docs.rs/metrics) facade: nothing is
//! exported unless the application installs a recorder (for example
//! `metrics-exporter-prometheus`, as `examples/prometheus.rs` does). Every series is labelled
//! with `vendor` (`tencent`, `trustdecision`, `talentomobile`, `verifik`), and each but the
//! charged checks with `operation` (the spec's operationId in snake case); calls also with
//! `outcome`.
//!
//! | name | kind | labels | what |
//! |---|---|---|---|
//! | `liveness_calls_total` | counter | vendor, operation, outcome | calls, by how they ended ([`outcome()`]) |
//! | `liveness_call_duration_seconds` | histogram | vendor, operation, outcome | a call's time, retries and waits included |
//! | `liveness_attempts_total` | counter | vendor, operation | requests sent (a retried call counts each) |
//! | `liveness_retries_total` | counter | vendor, operation | attempts after a call's first |
//! | `liveness_rate_limit_wait_seconds` | histogram | vendor, operation | time an attempt waited for the rate limiter |
//! | `liveness_charged_checks_total` | counter | vendor | verdicts the vendor says it charged for |
//! | `liveness_rate_limit_redis_unavailable_total` | counter | vendor, operation, policy | decisions a shared limit made without Redis (`policy`: `open` or `closed`; feature `redis`) |

use std::time::Duration;

use crate::{Error, TransportKind, Vendor};

/// Calls, by outcome.
pub const CALLS: &str = "liveness_calls_total";
/// A call's duration in seconds, retries and rate-limit waits included.
pub const CALL_DURATION: &str = "liveness_call_duration_seconds";
/// Requests sent.
pub const ATTEMPTS: &str = "liveness_attempts_total";
/// Attempts after a call's first.
pub const RETRIES: &str = "liveness_retries_total";
/// Seconds an attempt waited for the rate limiter.
pub const RATE_LIMIT_WAIT: &str = "liveness_rate_limit_wait_seconds";
/// Limiter decisions made without Redis while a shared limit's Redis was out, by outage policy.
pub const RATE_LIMIT_REDIS_UNAVAILABLE: &str = "liveness_rate_limit_redis_unavailable_total";
/// Verdicts the vendor charged for (`Verdict::charged` is `Some(true)`).
pub const CHARGED_CHECKS: &str = "liveness_charged_checks_total";

/// The `outcome` label of a call: `success` (no error), or the class of its [`Error`]:
/// `config`, `invalid_request`, `signing`, `timeout`, `transport`, `status`, `vendor_error`,
/// `decode`, `body_too_large`, `rate_limiter`.
pub fn outcome(error: Option<&Error>) -> &'static str {
    match error {
        None => "success",
        Some(Error::Config { .. }) => "config",
        Some(Error::InvalidRequest { .. }) => "invalid_request",
        Some(Error::Signing { .. }) => "signing",
        Some(Error::Transport {
            kind: TransportKind::Timeout,
            ..
        }) => "timeout",
        Some(Error::Transport { .. }) => "transport",
        Some(Error::Status { .. }) => "status",
        Some(Error::Vendor { .. }) => "vendor_error",
        Some(Error::Decode { .. }) => "decode",
        Some(Error::BodyTooLarge { .. }) => "body_too_large",
        Some(Error::RateLimiter { .. }) => "rate_limiter",
    }
}

/// Records a finished call: its outcome, its duration, and its attempts.
pub(crate) fn call(
    vendor: Vendor,
    operation: &'static str,
    outcome: &'static str,
    duration: Duration,
    attempts: u32,
) {
    let with_outcome = [
        ("vendor", vendor.as_str()),
        ("operation", operation),
        ("outcome", outcome),
    ];
    metrics::counter!(CALLS, &with_outcome).increment(1);
    metrics::histogram!(CALL_DURATION, &with_outcome).record(duration.as_secs_f64());
    let labels = [("vendor", vendor.as_str()), ("operation", operation)];
    metrics::counter!(ATTEMPTS, &labels).increment(u64::from(attempts));
    metrics::counter!(RETRIES, &labels).increment(u64::from(attempts.saturating_sub(1)));
}

/// Records the time one attempt waited for the rate limiter.
pub(crate) fn rate_limit_wait(vendor: Vendor, operation: &'static str, waited: Duration) {
    let labels = [("vendor", vendor.as_str()), ("operation", operation)];
    metrics::histogram!(RATE_LIMIT_WAIT, &labels).record(waited.as_secs_f64());
}

/// Records a limiter decision made without Redis, under `policy`.
#[cfg(feature = "redis")]
pub(crate) fn shared_limit_unavailable(
    vendor: Vendor,
    operation: &'static str,
    policy: crate::OnOutage,
) {
    let labels = [
        ("vendor", vendor.as_str()),
        ("operation", operation),
        ("policy", policy.as_str()),
    ];
    metrics::counter!(RATE_LIMIT_REDIS_UNAVAILABLE, &labels).increment(1);
}

/// Records a verdict, counted when the vendor says it charged for it.
pub fn verdict(verdict: &Result<crate::verdict::Verdict, Error>) {
    if let Ok(verdict) = verdict
        && verdict.charged == Some(true)
    {
        let labels = [("vendor", verdict.vendor.as_str())];
        metrics::counter!(CHARGED_CHECKS, &labels).increment(1);
    }
}
