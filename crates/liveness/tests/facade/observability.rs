//! The `liveness.call` span's fields on success and failure (read by a capturing layer), the
//! retry policy's total deadline, and the Tencent regional host preset. The subscriber is
//! the binary's global one (`support`); each test wraps its calls in a `case` span to find its own.
#![cfg(feature = "tencent")]

use std::future::Future;
use std::time::{Duration, Instant};

use crate::support::{
    Span, Value, assert_transport, build_against, quick_retries, requests, serving, spans,
};
use liveness::tencent::{Client, Credentials, Host};
use liveness::{Error, HttpOptions, RetryPolicy, TransportKind};
use secrecy::SecretString;
use tracing::Instrument;
use wiremock::ResponseTemplate;

/// Runs `future` inside a `case` span named `case`.
async fn in_case<F: Future>(case: &'static str, future: F) -> F::Output {
    spans();
    future.instrument(tracing::info_span!("case", case)).await
}

/// The one closed `liveness.call` span of `case`.
fn call_span(case: &str) -> Span {
    let spans = spans().lock().unwrap();
    let found: Vec<&Span> = spans
        .closed
        .iter()
        .filter(|s| s.name == "liveness.call" && s.case.as_deref() == Some(case))
        .collect();
    assert_eq!(found.len(), 1, "{case}: {found:?}");
    found[0].clone()
}

fn str_field(value: &str) -> Option<Value> {
    Some(Value::Str(value.to_owned()))
}

/// The one closed `liveness.call` span of `case`, having recorded what every call records: the
/// vendor (Tencent), `operation`, `status`, `attempts` and `request_id` (`None`: not recorded).
fn checked_call_span(
    case: &str,
    operation: &str,
    (status, attempts): (u64, u64),
    request_id: Option<&str>,
) -> Span {
    let span = call_span(case);
    let field = |name: &str| span.fields.get(name).cloned();
    assert_eq!(field("vendor"), str_field("tencent"), "{span:?}");
    assert_eq!(field("operation"), str_field(operation), "{span:?}");
    assert_eq!(field("status"), Some(Value::U64(status)), "{span:?}");
    assert_eq!(field("attempts"), Some(Value::U64(attempts)), "{span:?}");
    assert_eq!(
        field("request_id"),
        request_id.and_then(str_field),
        "{span:?}"
    );
    span
}

fn latency_ms(span: &Span) -> u64 {
    match span.fields.get("latency_ms") {
        Some(Value::U64(ms)) => *ms,
        other => panic!("latency_ms: {other:?} in {span:?}"),
    }
}

fn client(base: String, options: HttpOptions) -> Client {
    let credentials = Credentials::new("AKIDspan", SecretString::from("span-key")).unwrap();
    let builder = Client::builder().region("ap-singapore");
    build_against!(builder.credentials(credentials), base, options)
}

#[tokio::test]
async fn a_successful_call_span_records_vendor_operation_status_attempts_latency_request_id() {
    let answer = ResponseTemplate::new(200)
        .set_body_json(serde_json::json!({
            "Response": {"SdkToken": "tok", "RequestId": "req-span-7f3a"}
        }))
        .set_delay(Duration::from_millis(60));
    let server = serving("POST", answer).await;
    let client = client(server.uri(), HttpOptions::default());
    in_case("success", client.apply_liveness_token(None))
        .await
        .expect("call");

    let operation = "apply_liveness_token";
    let span = checked_call_span("success", operation, (200, 1), Some("req-span-7f3a"));
    let latency = latency_ms(&span);
    assert!((60..10_000).contains(&latency), "latency_ms {latency}");
}

#[tokio::test]
async fn a_failed_call_span_records_the_status_and_every_attempt() {
    let server = serving("POST", ResponseTemplate::new(503).set_body_string("busy")).await;
    let client = client(server.uri(), HttpOptions::default().retry(quick_retries(3)));
    let error = in_case("failure", client.get_liveness_result("t"))
        .await
        .unwrap_err();
    assert_eq!(error.status(), Some(503), "{error:?}");
    assert_eq!(requests(&server).await.len(), 3);

    let span = checked_call_span("failure", "get_liveness_result", (503, 3), None);
    latency_ms(&span);
}

#[tokio::test]
async fn the_total_deadline_ends_retries_against_a_server_that_keeps_failing() {
    let server = serving("POST", ResponseTemplate::new(503)).await;
    let deadline = Duration::from_millis(500);
    let policy = RetryPolicy::standard()
        .max_attempts(1_000)
        .backoff(Duration::from_millis(20), Duration::from_millis(40))
        .deadline(Some(deadline));
    let client = client(server.uri(), HttpOptions::default().retry(policy));
    let started = Instant::now();
    let error = in_case("deadline", client.get_liveness_result("t"))
        .await
        .unwrap_err();
    let elapsed = started.elapsed();

    // 1 000 attempts with at least 10 ms between them take over 10 s: the deadline ended it.
    assert!(elapsed >= deadline, "{elapsed:?}");
    assert!(elapsed < deadline + Duration::from_secs(1), "{elapsed:?}");
    let sent = requests(&server).await.len();
    assert!(sent > 1, "retried: {sent} requests");
    assert!(sent < 1_000, "{sent} requests");
    assert_transport(&error, TransportKind::Timeout);
    let span = call_span("deadline");
    assert!(latency_ms(&span) >= 500, "{span:?}");
    // The attempts that ran are recorded even though the deadline cut the loop off.
    match span.fields.get("attempts") {
        Some(Value::U64(n)) => assert!(*n > 1, "{span:?}"),
        other => panic!("no attempts recorded: {other:?}"),
    }
}

#[tokio::test]
async fn the_total_deadline_also_cuts_a_hanging_attempt() {
    let slow = ResponseTemplate::new(200).set_delay(Duration::from_secs(5));
    let server = serving("POST", slow).await;
    let deadline = Duration::from_millis(300);
    let policy = quick_retries(5).deadline(Some(deadline));
    let client = client(server.uri(), HttpOptions::default().retry(policy));
    let started = Instant::now();
    let error = client.get_liveness_result("t").await.unwrap_err();
    let elapsed = started.elapsed();
    assert!(elapsed < deadline + Duration::from_secs(1), "{elapsed:?}");
    assert_transport(&error, TransportKind::Timeout);
}

#[test]
fn the_regional_preset_targets_faceid_region_tencentcloudapi_com() {
    let builder = || {
        let credentials = Credentials::new("AKIDhost", SecretString::from("host-key")).unwrap();
        Client::builder().credentials(credentials)
    };
    for region in ["ap-hongkong", "ap-singapore", "ap-jakarta"] {
        let client = builder()
            .host(Host::Regional)
            .region(region)
            .build()
            .expect("client");
        let host = format!("faceid.{region}.tencentcloudapi.com");
        assert_eq!(client.base_url(), format!("https://{host}"));
        assert!(format!("{client:?}").contains(&host));
    }
    assert_eq!(
        builder().region("ap-singapore").build().unwrap().base_url(),
        "https://faceid.intl.tencentcloudapi.com"
    );
    // A base URL overrides the preset.
    let proxied = builder()
        .host(Host::Regional)
        .region("ap-singapore")
        .base_url("http://127.0.0.1:8080/")
        .build()
        .unwrap();
    assert_eq!(proxied.base_url(), "http://127.0.0.1:8080");
    // Without a region, or with one that is not a host label, the preset is refused.
    let error = builder().host(Host::Regional).build().unwrap_err();
    assert!(matches!(error, Error::Config { .. }), "{error:?}");
    assert!(error.to_string().contains("region"), "{error}");
    for bad in ["ap-singapore.evil.com/x", "ap singapore", "ap-sg:443"] {
        let built = builder().host(Host::Regional).region(bad).build();
        assert!(built.is_err(), "{bad} was accepted");
    }
}
