//! What a call records through the `metrics` facade (`liveness::metrics`): its outcome, duration,
//! attempts and retries, the rate limiter's waits, and the checks a vendor charged for, under
//! the names and labels the README documents. Read with metrics-util's debugging recorder,
//! installed for one thread only, so parallel tests do not mix.
#![cfg(feature = "verifik")]

use std::time::Duration;

use liveness::metrics::{ATTEMPTS, CALL_DURATION, CALLS, CHARGED_CHECKS, RATE_LIMIT_WAIT, RETRIES};
use liveness::verdict::LivenessProvider;
use liveness::{HttpOptions, verifik};
use metrics_util::debugging::{DebugValue, DebuggingRecorder};
use metrics_util::{CompositeKey, MetricKind};
use serde_json::json;

use crate::support::{build_against, failing_then, json as reply, quick_retries, serving};

/// One recorded series: its kind, name, labels (sorted) and value.
type Series = (MetricKind, String, Vec<(String, String)>, DebugValue);

/// Every series recorded while `body` ran on this thread.
fn recorded(body: impl AsyncFnOnce()) -> Vec<Series> {
    let recorder = DebuggingRecorder::new();
    let snapshotter = recorder.snapshotter();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    metrics::with_local_recorder(&recorder, || runtime.block_on(body()));
    let mut series: Vec<_> = snapshotter
        .snapshot()
        .into_vec()
        .into_iter()
        .map(|(key, _, _, value): (CompositeKey, _, _, _)| {
            let (kind, key) = key.into_parts();
            let mut labels: Vec<(String, String)> = key
                .labels()
                .map(|l| (l.key().to_owned(), l.value().to_owned()))
                .collect();
            labels.sort();
            (kind, key.name().to_owned(), labels, value)
        })
        .collect();
    series.sort_by(|a, b| (&a.1, &a.2).cmp(&(&b.1, &b.2)));
    series
}

fn labels(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
    pairs
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect()
}

fn value_of<'a>(series: &'a [Series], name: &str, with: &[(&str, &str)]) -> Option<&'a DebugValue> {
    let want = labels(with);
    series
        .iter()
        .find(|(_, n, l, _)| n == name && *l == want)
        .map(|(_, _, _, v)| v)
}

fn client(base: String, options: HttpOptions) -> verifik::Client {
    build_against!(
        verifik::Client::builder().token("metrics-token"),
        base,
        options
    )
}

const OP: (&str, &str) = ("operation", "retrieve_document_liveness");
const VENDOR: (&str, &str) = ("vendor", "verifik");

#[test]
fn a_retried_call_counts_its_outcome_attempts_retries_and_duration() {
    let series = recorded(async || {
        let record = json!({"data": {"_id": "r", "isLive": true, "chargesCount": 1}});
        let server = failing_then("GET", (1, reply(503, json!({}))), reply(200, record)).await;
        let client = client(server.uri(), HttpOptions::default().retry(quick_retries(3)));
        let verdict = client.verdict("r").await.expect("a verdict");
        assert_eq!(verdict.charged, Some(true));
    });
    assert_eq!(
        value_of(&series, CALLS, &[OP, ("outcome", "success"), VENDOR]),
        Some(&DebugValue::Counter(1)),
        "{series:#?}"
    );
    assert_eq!(
        value_of(&series, ATTEMPTS, &[OP, VENDOR]),
        Some(&DebugValue::Counter(2))
    );
    assert_eq!(
        value_of(&series, RETRIES, &[OP, VENDOR]),
        Some(&DebugValue::Counter(1))
    );
    let Some(DebugValue::Histogram(durations)) = value_of(
        &series,
        CALL_DURATION,
        &[OP, ("outcome", "success"), VENDOR],
    ) else {
        panic!("no duration: {series:#?}")
    };
    assert_eq!(durations.len(), 1);
    assert!(durations[0].into_inner() > 0.0 && durations[0].into_inner() < 30.0);
    assert_eq!(
        value_of(&series, CHARGED_CHECKS, &[VENDOR]),
        Some(&DebugValue::Counter(1))
    );
    // No rate limit configured: nothing waited.
    assert_eq!(value_of(&series, RATE_LIMIT_WAIT, &[OP, VENDOR]), None);
}

#[test]
fn a_failed_call_is_counted_by_its_class_and_an_uncharged_check_is_not() {
    let series = recorded(async || {
        // Verifik's error status with a JSON body: a vendor error.
        let server = failing_then("GET", (5, reply(500, json!({}))), reply(200, json!({}))).await;
        let client = client(server.uri(), HttpOptions::default());
        client.verdict("r").await.expect_err("a 500");
        let uncharged = json!({"data": {"_id": "r", "isLive": true, "chargesCount": 0}});
        let server = serving("GET", reply(200, uncharged)).await;
        let client = self::client(server.uri(), HttpOptions::default());
        assert_eq!(
            client.verdict("r").await.expect("a verdict").charged,
            Some(false)
        );
    });
    assert_eq!(
        value_of(&series, CALLS, &[OP, ("outcome", "vendor_error"), VENDOR]),
        Some(&DebugValue::Counter(1)),
        "{series:#?}"
    );
    assert_eq!(
        value_of(&series, CALLS, &[OP, ("outcome", "success"), VENDOR]),
        Some(&DebugValue::Counter(1))
    );
    assert_eq!(
        value_of(&series, RETRIES, &[OP, VENDOR]),
        Some(&DebugValue::Counter(0))
    );
    assert_eq!(value_of(&series, CHARGED_CHECKS, &[VENDOR]), None);
}

#[test]
fn time_waited_for_the_rate_limiter_is_recorded_per_attempt() {
    let series = recorded(async || {
        let record = json!({"data": {"_id": "r", "isLive": true}});
        let server = serving("GET", reply(200, record)).await;
        let client = client(server.uri(), HttpOptions::default().rate_limit(Some(10)));
        for _ in 0..3 {
            client.verdict("r").await.expect("a verdict");
        }
    });
    let Some(DebugValue::Histogram(waits)) = value_of(&series, RATE_LIMIT_WAIT, &[OP, VENDOR])
    else {
        panic!("no waits: {series:#?}")
    };
    assert_eq!(waits.len(), 3);
    // 10 a second: the third call waits about 100 ms after the second, which waited about
    // 100 ms after the first (which did not wait).
    let longest = waits.iter().map(|w| w.into_inner()).fold(0.0, f64::max);
    assert!(
        longest >= Duration::from_millis(50).as_secs_f64(),
        "{waits:?}"
    );
}

#[test]
fn every_error_has_an_outcome_class() {
    use liveness::metrics::outcome;
    assert_eq!(outcome(None), "success");
    let error = liveness::Error::Transport {
        vendor: liveness::Vendor::Verifik,
        operation: "x",
        kind: liveness::TransportKind::Timeout,
        source: None,
    };
    assert_eq!(outcome(Some(&error)), "timeout");
}
