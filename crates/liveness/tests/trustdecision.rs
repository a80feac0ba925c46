//! The TrustDecision client against a loopback server.
#![cfg(feature = "trustdecision")]

use std::time::Duration;

use liveness::trustdecision::{AttackKind, Client, ResultCode};
use liveness::{Error, HttpOptions, RetryPolicy, VendorError};
use wiremock::matchers::{method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

const CODE: &str = "partner-abc";
const KEY: &str = "td-key-0001";
const RESULT_PATH: &str = "/verification/kyc/sdk/liveness/result/v1";

fn client(server: &MockServer, options: HttpOptions) -> Client {
    Client::builder()
        .partner_code(CODE)
        .partner_key(KEY)
        .base_url(server.uri())
        .options(options)
        .build()
        .expect("client")
}

fn fast_retries() -> HttpOptions {
    HttpOptions::default()
        .retry(RetryPolicy::standard().backoff(Duration::from_millis(1), Duration::from_millis(5)))
}

async fn answering(body: serde_json::Value) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(200).set_body_json(body))
        .mount(&server)
        .await;
    server
}

#[tokio::test]
async fn credentials_go_in_the_query_and_the_license_decodes() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/verification/kyc/sdk/liveness/license/v1"))
        .and(query_param("partner_code", CODE))
        .and(query_param("partner_key", KEY))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({
            "code": 200, "message": "success", "sequence_id": "s-1",
            "license": "a41701e49", "expiry_timestamp": 1715667188
        })))
        .expect(1)
        .mount(&server)
        .await;
    let license = client(&server, HttpOptions::default())
        .license(Some(600))
        .await
        .expect("license");
    assert_eq!(license.value.license, "a41701e49");
    assert_eq!(license.value.expiry_timestamp, Some(1715667188));
    let received = &server.received_requests().await.expect("recorded")[0];
    let body: serde_json::Value = serde_json::from_slice(&received.body).expect("json");
    assert_eq!(body, serde_json::json!({"session_duration": 600}));
}

#[tokio::test]
async fn code_200_reads_as_string_and_as_integer() {
    for code in [serde_json::json!("200"), serde_json::json!(200)] {
        let server = answering(serde_json::json!({
            "code": code, "message": "success", "sequence_id": "s", "image": "/9j/4AAQ", "score": 0.98958
        }))
        .await;
        let result = client(&server, HttpOptions::default())
            .result(1234567)
            .await
            .expect("result");
        assert_eq!(result.value.code, ResultCode::Live, "code {code}");
        assert_eq!(result.value.score, Some(0.98958));
        let received = &server.received_requests().await.expect("recorded")[0];
        assert_eq!(received.url.path(), RESULT_PATH);
        let body: serde_json::Value = serde_json::from_slice(&received.body).expect("json");
        assert_eq!(body, serde_json::json!({"liveness_id": 1234567}));
    }
}

#[tokio::test]
async fn an_identified_attack_is_a_result_not_an_error() {
    let server = answering(serde_json::json!({
        "code": 12205, "message": "Identified as a video replay attack", "sequence_id": "s"
    }))
    .await;
    let result = client(&server, HttpOptions::default())
        .result("1234567")
        .await
        .expect("an attack is a result");
    assert_eq!(result.value.code.attack(), Some(AttackKind::VideoReplay));
    assert_eq!(result.value.code.charged(), Some(true));
    assert!(!result.value.code.is_live());
}

#[tokio::test]
async fn internal_error_11350_is_typed_and_retried_then_succeeds() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({
            "code": 11350, "message": "Internal error", "sequence_id": "s"
        })))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({
            "code": "200", "message": "success"
        })))
        .mount(&server)
        .await;
    let result = client(&server, fast_retries())
        .result("1")
        .await
        .expect("second attempt");
    assert_eq!(result.attempts, 2);

    let server = answering(serde_json::json!({"code": 11350, "message": "Internal error"})).await;
    let error = client(&server, HttpOptions::default())
        .result("1")
        .await
        .unwrap_err();
    let Error::Vendor { error, .. } = &error else {
        panic!("expected a vendor error, got {error:?}");
    };
    let VendorError::TrustDecision(td) = error.as_ref() else {
        panic!("expected a TrustDecision error");
    };
    assert_eq!(td.number(), Some(11350));
    assert_eq!(td.charged(), Some(false));
}

#[tokio::test]
async fn a_parameter_error_is_not_retried() {
    let server = answering(serde_json::json!({"code": 11340, "message": "parameter error"})).await;
    let error = client(&server, fast_retries())
        .result("1")
        .await
        .unwrap_err();
    assert!(error.to_string().contains("11340"), "{error}");
    assert_eq!(server.received_requests().await.expect("recorded").len(), 1);
}

#[test]
fn debug_never_shows_the_key() {
    let client = Client::builder()
        .partner_code(CODE)
        .partner_key(KEY)
        .build()
        .expect("client");
    assert!(!format!("{client:?}").contains(KEY));
}
