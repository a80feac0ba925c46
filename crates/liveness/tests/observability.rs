//! The `liveness.call` span carries vendor, operation, status, attempts, latency and the vendor's
//! request id; and the retry policy's total deadline bounds a call against a vendor that keeps
//! failing. One test in its own binary: it installs the global subscriber.
#![cfg(feature = "tencent")]

use std::io::Write;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use liveness::tencent::{Client, Credentials};
use liveness::{HttpOptions, RetryPolicy};
use secrecy::SecretString;
use wiremock::matchers::method;
use wiremock::{Mock, MockServer, ResponseTemplate};

#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().expect("lock").extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

fn client(base: String, options: HttpOptions) -> Client {
    let credentials = Credentials::new("AKIDspan", SecretString::from("span-key")).unwrap();
    Client::builder()
        .credentials(credentials)
        .base_url(base)
        .options(options)
        .build()
        .unwrap()
}

fn line_with<'a>(logs: &'a str, needle: &str) -> &'a str {
    logs.lines()
        .find(|l| l.contains(needle))
        .unwrap_or_else(|| panic!("no line with {needle:?} in:\n{logs}"))
}

#[tokio::test]
async fn spans_carry_the_call_and_the_deadline_bounds_retries() {
    let logs = Captured::default();
    let writer = logs.clone();
    tracing::subscriber::set_global_default(
        tracing_subscriber::fmt()
            .with_max_level(tracing::Level::INFO)
            .with_writer(move || writer.clone())
            .with_ansi(false)
            .finish(),
    )
    .expect("one global subscriber");
    let shown = || String::from_utf8_lossy(&logs.0.lock().unwrap()).into_owned();

    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({
            "Response": {"SdkToken": "tok", "RequestId": "req-span-7f3a"}
        })))
        .mount(&server)
        .await;
    client(server.uri(), HttpOptions::default())
        .apply_liveness_token(None)
        .await
        .expect("call");
    let logged = shown();
    let line = line_with(&logged, "call succeeded");
    for field in [
        "liveness.call",
        "vendor=",
        "tencent",
        "operation=",
        "apply_liveness_token",
        "status=200",
        "attempts=1",
        "latency_ms=",
        "request_id=",
        "req-span-7f3a",
    ] {
        assert!(line.contains(field), "{field:?} missing from {line}");
    }

    server.reset().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(503))
        .mount(&server)
        .await;
    let deadline = Duration::from_millis(600);
    let retrying = HttpOptions::default().retry(
        RetryPolicy::standard()
            .max_attempts(1_000)
            .backoff(Duration::from_millis(40), Duration::from_millis(80))
            .deadline(Some(deadline)),
    );
    let started = Instant::now();
    let error = client(server.uri(), retrying)
        .get_liveness_result("t")
        .await
        .unwrap_err();
    let elapsed = started.elapsed();
    let sent = server.received_requests().await.unwrap_or_default().len();
    assert!(sent > 1, "retried: {sent} requests");
    assert!(
        sent < 1_000,
        "stopped by the deadline, not the attempt count: {sent}"
    );
    // Generous slack for a loaded CI machine: the point is that 1 000 attempts did not run.
    assert!(elapsed < deadline + Duration::from_secs(2), "{elapsed:?}");
    let logged = shown();
    let failed = line_with(&logged, "call failed");
    assert!(failed.contains("get_liveness_result"), "{failed}");
    assert!(failed.contains("attempts="), "{failed}");
    // The deadline ends the call as a timeout (the last 503 is in the logs).
    assert!(
        matches!(
            error,
            liveness::Error::Transport {
                kind: liveness::TransportKind::Timeout,
                ..
            }
        ),
        "{error:?}"
    );
}
