//! The Talentomobile client against a loopback server.
#![cfg(feature = "talentomobile")]

use std::time::Duration;

use liveness::talentomobile::Client;
use liveness::{Error, HttpOptions, TransportKind};
use wiremock::matchers::{header, method, path};
use wiremock::{Mock, ResponseTemplate};

use crate::support::{
    assert_transport, build_against, failing_then, fast_retries, mounted, refused_url, requests,
    serving,
};

const KEY: &str = "tm-sentinel-key-0001";

fn challenges() -> serde_json::Value {
    serde_json::json!([
        {"type": "CH_BLINK", "success": true, "evidences": [{"data": "iVBORw0KGgo=", "type": "MV_BLINK"}], "moves": []},
        {"type": "CH_BIOMETRY", "success": true, "score": 87.5, "evidences": [], "moves": []}
    ])
}

fn client(base: String, options: HttpOptions) -> Client {
    build_against!(Client::builder().api_key(KEY), base, options)
}

/// The error of a result asked for with `options` from a server answering every GET with
/// `response`.
async fn error_from(response: ResponseTemplate, options: HttpOptions) -> Error {
    let server = serving("GET", response).await;
    client(server.uri(), options)
        .result("x")
        .await
        .expect_err("the call fails")
}

#[tokio::test]
async fn sends_the_key_as_is_and_decodes_the_challenges() {
    let server = mounted(
        Mock::given(method("GET"))
            .and(path("/result/abc-123"))
            .and(header("authorization", KEY))
            .respond_with(ResponseTemplate::new(200).set_body_json(challenges()))
            .expect(1),
    )
    .await;
    let response = client(server.uri(), HttpOptions::default())
        .result("abc-123")
        .await
        .expect("result");
    assert_eq!(response.value.len(), 2);
    assert_eq!(response.value[1].score, Some(87.5));
    assert_eq!(response.status, 200);
    assert_eq!(response.attempts, 1);
    let raw: serde_json::Value = serde_json::from_slice(&response.raw).expect("raw json");
    assert_eq!(raw, challenges());
}

#[tokio::test]
async fn not_found_is_a_status_error_with_the_body_kept() {
    let not_found = ResponseTemplate::new(404).set_body_string("NOT FOUND");
    match error_from(not_found, HttpOptions::default()).await {
        Error::Status { status, body, .. } => {
            assert_eq!(status, 404);
            assert_eq!(body.bytes().as_ref(), b"NOT FOUND");
        }
        other => panic!("expected a status error, got {other:?}"),
    }
}

#[tokio::test]
async fn a_body_over_the_cap_is_refused() {
    let big = format!(
        "[{{\"type\":\"CH_BLINK\",\"success\":true,\"evidences\":[{{\"data\":\"{}\"}}],\"moves\":[]}}]",
        "A".repeat(10_000)
    );
    let response = ResponseTemplate::new(200).set_body_raw(big, "application/json");
    let error = error_from(response, HttpOptions::default().max_body_bytes(4096)).await;
    assert!(
        matches!(error, Error::BodyTooLarge { limit: 4096, .. }),
        "{error:?}"
    );
}

#[tokio::test]
async fn html_instead_of_json_is_a_decode_error_keeping_the_body() {
    let html = ResponseTemplate::new(200).set_body_raw("<html>oops</html>", "text/html");
    match error_from(html, HttpOptions::default()).await {
        Error::Decode { body, status, .. } => {
            assert_eq!(status, 200);
            assert_eq!(body.shown(), "<html>oops</html>");
        }
        other => panic!("expected a decode error, got {other:?}"),
    }
}

#[tokio::test]
async fn retries_5xx_then_succeeds_and_reports_no_earlier_error() {
    let answer = ResponseTemplate::new(200).set_body_json(challenges());
    let server = failing_then("GET", (2, ResponseTemplate::new(503)), answer).await;
    let response = client(server.uri(), fast_retries())
        .result("x")
        .await
        .expect("third attempt succeeds");
    assert_eq!(response.attempts, 3);
    assert_eq!(requests(&server).await.len(), 3);
}

#[tokio::test]
async fn without_a_policy_nothing_is_retried_and_4xx_never_is() {
    let server = serving("GET", ResponseTemplate::new(401)).await;
    let error = client(server.uri(), fast_retries())
        .result("x")
        .await
        .unwrap_err();
    assert_eq!(error.status(), Some(401));
    assert_eq!(requests(&server).await.len(), 1);
}

#[tokio::test]
async fn a_slow_server_times_out_as_a_typed_transport_error() {
    let slow = ResponseTemplate::new(200).set_delay(Duration::from_secs(5));
    let options = HttpOptions::default().timeout(Duration::from_millis(200));
    assert_transport(&error_from(slow, options).await, TransportKind::Timeout);
}

#[tokio::test]
async fn a_refused_connection_is_a_connect_error() {
    let error = client(refused_url(), HttpOptions::default())
        .result("x")
        .await
        .unwrap_err();
    assert_transport(&error, TransportKind::Connect);
}

#[test]
fn a_key_with_whitespace_or_missing_is_a_config_error_naming_the_fix() {
    let error = Client::builder()
        .api_key(format!("{KEY}\n"))
        .build()
        .unwrap_err();
    assert!(matches!(error, Error::Config { .. }));
    assert!(error.to_string().contains("whitespace"), "{error}");
    assert!(!error.to_string().contains(KEY));
}

#[test]
fn debug_of_the_client_never_shows_the_key() {
    let client = Client::builder().api_key(KEY).build().expect("client");
    let shown = format!("{client:?}");
    assert!(!shown.contains(KEY), "{shown}");
}
