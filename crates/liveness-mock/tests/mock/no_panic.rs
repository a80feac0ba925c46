//! No input panics the mock: every numeric value it reads from a request (Verifik's `page` and
//! `limit`, Tencent's `X-TC-Timestamp`, TrustDecision's `session_duration`, the admin API's clock
//! offset) at its extremes, as regression tests, and generated list query values. A panic in a
//! handler drops the connection, so each request here must get an answer.

use liveness::tencent::tc3;
use liveness_mock::config::{
    DEMO_TENCENT_SECRET_ID, DEMO_TRUSTDECISION_PARTNER_CODE, DEMO_TRUSTDECISION_PARTNER_KEY,
    DEMO_VERIFIK_TOKEN,
};
use liveness_mock::{MockConfig, MockServer, Outcome, Vendor};
use proptest::prelude::*;
use proptest::test_runner::{Config, TestCaseError, TestRunner};
use serde_json::Value;

async fn list(mock: &MockServer, query: &[(&str, &str)]) -> (u16, Value) {
    let response = reqwest::Client::new()
        .get(format!("{}/v2/document-liveness", mock.base_url()))
        .query(query)
        .bearer_auth(DEMO_VERIFIK_TOKEN)
        .send()
        .await
        .expect("an answer, not a dropped connection");
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or(Value::Null))
}

#[tokio::test]
async fn huge_pages_and_limits_are_answered() {
    let mock = MockServer::start(MockConfig::demo()).await.unwrap();
    mock.create_session(Vendor::Verifik, Outcome::Pass);
    // `(page - 1) * limit` overflowed here.
    for (page, limit) in [
        ("9223372036854775806", "10"),
        ("9223372036854775807", "100"),
        ("922337203685477580", "100"),
        ("2", "100"),
    ] {
        let (status, body) = list(&mock, &[("page", page), ("limit", limit)]).await;
        assert_eq!(status, 200, "page {page} limit {limit}: {body}");
        assert_eq!(body["data"], serde_json::json!([]), "page {page}");
        assert_eq!(body["pagination"]["page"].to_string(), page);
    }
    // Beyond int64, zero and negatives break the spec: the vendor's parameter error.
    for (page, limit) in [
        ("9223372036854775808", "10"),
        ("0", "10"),
        ("-1", "10"),
        ("1", "0"),
        ("1", "101"),
        ("1", "-9223372036854775808"),
    ] {
        let (status, _) = list(&mock, &[("page", page), ("limit", limit)]).await;
        assert_eq!(status, 400, "page {page} limit {limit}");
    }
}

/// A Tencent request with a well-formed Authorization for the demo SecretId and `timestamp` as
/// sent; the `Response` object.
async fn tencent_with_timestamp(mock: &MockServer, timestamp: &str) -> Value {
    let date = chrono::Utc::now().format("%Y-%m-%d");
    let authorization = format!(
        "{} Credential={DEMO_TENCENT_SECRET_ID}/{date}/faceid/tc3_request, SignedHeaders=content-type;host, Signature={}",
        tc3::ALGORITHM,
        "0".repeat(64)
    );
    let answer: Value = reqwest::Client::new()
        .post(mock.base_url())
        .header("content-type", "application/json")
        .header("x-tc-action", "GetLivenessResult")
        .header("x-tc-version", "2018-03-01")
        .header("x-tc-region", "ap-singapore")
        .header("x-tc-timestamp", timestamp)
        .header("authorization", authorization)
        .body(r#"{"SdkToken":"x"}"#)
        .send()
        .await
        .expect("an answer, not a dropped connection")
        .json()
        .await
        .unwrap();
    answer["Response"].clone()
}

#[tokio::test]
async fn extreme_tencent_timestamps_are_refused_not_fatal() {
    let mock = MockServer::start(MockConfig::demo()).await.unwrap();
    // `(timestamp - now).abs()` overflowed for i64::MIN.
    for timestamp in ["-9223372036854775808", "9223372036854775807", "-1", "0"] {
        let response = tencent_with_timestamp(&mock, timestamp).await;
        assert_eq!(
            response["Error"]["Code"], "AuthFailure.SignatureExpire",
            "{timestamp}: {response}"
        );
    }
    for timestamp in ["9223372036854775808", "1e9", "", " "] {
        let response = tencent_with_timestamp(&mock, timestamp).await;
        assert_eq!(
            response["Error"]["Code"], "AuthFailure.InvalidAuthorization",
            "{timestamp:?}: {response}"
        );
    }
}

async fn put_clock(mock: &MockServer, offset: i64) {
    let response = reqwest::Client::new()
        .put(format!("{}/__admin/clock", mock.base_url()))
        .body(format!(r#"{{"offset_secs": {offset}}}"#))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
}

async fn license(mock: &MockServer, duration: i64) -> (u16, Value) {
    let response = reqwest::Client::new()
        .post(format!(
            "{}/verification/kyc/sdk/liveness/license/v1?partner_code={DEMO_TRUSTDECISION_PARTNER_CODE}&partner_key={DEMO_TRUSTDECISION_PARTNER_KEY}",
            mock.base_url()
        ))
        .json(&serde_json::json!({ "session_duration": duration }))
        .send()
        .await
        .expect("an answer, not a dropped connection");
    let status = response.status().as_u16();
    (status, response.json().await.unwrap())
}

#[tokio::test]
async fn extreme_clock_offsets_and_durations_are_answered() {
    let mock = MockServer::start(MockConfig::demo()).await.unwrap();
    // `now + offset` and `now + session_duration` overflowed.
    for (offset, duration) in [
        (i64::MAX, 86_400),
        (i64::MIN, i64::MIN),
        (0, i64::MIN),
        (i64::MAX, 1),
    ] {
        put_clock(&mock, offset).await;
        let (status, body) = license(&mock, duration).await;
        assert_eq!(status, 200, "offset {offset} duration {duration}: {body}");
        assert!(body["expiry_timestamp"].is_i64(), "{body}");
        let response = tencent_with_timestamp(&mock, "1700000000").await;
        assert!(response["Error"]["Code"].is_string(), "{response}");
        let (status, _) = list(&mock, &[("page", "1")]).await;
        assert_eq!(status, 200, "offset {offset}");
        let created = reqwest::Client::new()
            .post(format!("{}/v2/document-liveness", mock.base_url()))
            .bearer_auth(DEMO_VERIFIK_TOKEN)
            .json(&serde_json::json!({"image": "aGk=", "validatePrintedCopy": true}))
            .send()
            .await
            .expect("an answer");
        assert_eq!(created.status(), 200, "offset {offset}");
    }
}

/// A query value: numbers at and past every integer limit, signs, decimals, exponents, blanks
/// and arbitrary text.
fn query_value() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<i64>().prop_map(|n| n.to_string()),
        any::<u64>().prop_map(|n| n.to_string()),
        (0u64..=200).prop_map(|n| n.to_string()),
        "[0-9]{15,40}",
        "-[0-9]{1,25}",
        "[+ ]?[0-9]{1,3}(\\.[0-9]{1,3})?(e[0-9]{1,3})?",
        Just(String::new()),
        ".{0,12}",
    ]
}

#[test]
fn generated_list_queries_get_a_200_or_a_400() {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let mock = runtime
        .block_on(MockServer::start(MockConfig::demo()))
        .unwrap();
    for _ in 0..3 {
        mock.create_session(Vendor::Verifik, Outcome::Pass);
    }
    let mut runner = TestRunner::new(Config {
        cases: 256,
        failure_persistence: None,
        ..Config::default()
    });
    let strategy = (
        proptest::option::of(query_value()),
        proptest::option::of(query_value()),
        proptest::option::of(prop_oneof![
            Just("completed".to_owned()),
            ".{0,10}".prop_map(String::from)
        ]),
    );
    runner
        .run(&strategy, |(page, limit, status)| {
            let mut query = Vec::new();
            for (name, value) in [("page", &page), ("limit", &limit), ("status", &status)] {
                if let Some(value) = value {
                    query.push((name, value.as_str()));
                }
            }
            let (code, body) = runtime.block_on(list(&mock, &query));
            prop_assert!(code == 200 || code == 400, "{query:?}: {code} {body}");
            if code == 200 {
                let limit = body["pagination"]["limit"].as_u64().unwrap_or(10) as usize;
                let data = body["data"].as_array().map_or(0, Vec::len);
                prop_assert!(data <= limit, "{query:?}: {body}");
            }
            Ok::<(), TestCaseError>(())
        })
        .unwrap();
}
