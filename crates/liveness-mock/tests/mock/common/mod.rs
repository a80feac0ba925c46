//! Requests to the mock built by hand, as any client would send them: Tencent's signed with the
//! pure TC3 functions, the others with their plain credentials.

#![allow(dead_code)] // Each module uses its own share of these helpers.

use liveness::tencent::tc3::{self, SignedHeaderSet, SigningRequest};
use liveness_mock::MockServer;
use liveness_mock::config::{
    DEMO_TALENTOMOBILE_API_KEY, DEMO_TENCENT_SECRET_ID, DEMO_TENCENT_SECRET_KEY,
    DEMO_TRUSTDECISION_PARTNER_CODE, DEMO_TRUSTDECISION_PARTNER_KEY, DEMO_VERIFIK_TOKEN,
};
use serde_json::Value;

/// A Tencent action signed for `host` (sent as the `Host` header), region ap-singapore; the
/// whole JSON answer.
pub async fn tencent_at(mock: &MockServer, host: &str, action: &str, body: &str) -> Value {
    let timestamp = chrono::Utc::now().timestamp();
    let credentials = tc3::Credentials::new(
        DEMO_TENCENT_SECRET_ID,
        DEMO_TENCENT_SECRET_KEY.to_owned().into(),
    )
    .unwrap();
    let signed = tc3::sign(
        &SigningRequest {
            method: "POST",
            host,
            path: "/",
            query: "",
            content_type: "application/json",
            body: body.as_bytes(),
            action,
            timestamp,
            service: "faceid",
            signed_headers: SignedHeaderSet::ContentTypeHost,
        },
        &credentials,
    )
    .unwrap();
    let response = reqwest::Client::new()
        .post(mock.base_url())
        .header("host", host)
        .header("content-type", "application/json")
        .header("x-tc-action", action)
        .header("x-tc-version", "2018-03-01")
        .header("x-tc-region", "ap-singapore")
        .header("x-tc-timestamp", timestamp.to_string())
        .header("authorization", signed.authorization)
        .body(body.to_owned())
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    response.json().await.unwrap()
}

/// GetLivenessResult for `token`, with the mock's own address as `Host`.
pub async fn tencent_result(mock: &MockServer, token: &str) -> Value {
    let host = mock.addr().to_string();
    let body = serde_json::json!({ "SdkToken": token }).to_string();
    tencent_at(mock, &host, "GetLivenessResult", &body).await
}

/// TrustDecision's result for `id`.
pub async fn trustdecision_result(mock: &MockServer, id: &str) -> Value {
    reqwest::Client::new()
        .post(format!(
            "{}/verification/kyc/sdk/liveness/result/v1?partner_code={DEMO_TRUSTDECISION_PARTNER_CODE}&partner_key={DEMO_TRUSTDECISION_PARTNER_KEY}",
            mock.base_url()
        ))
        .json(&serde_json::json!({ "liveness_id": id }))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap()
}

/// Talentomobile's result for `id`: status and body text.
pub async fn talentomobile_result(mock: &MockServer, id: &str) -> (u16, String) {
    let response = reqwest::Client::new()
        .get(format!("{}/result/{id}", mock.base_url()))
        .header("authorization", DEMO_TALENTOMOBILE_API_KEY)
        .send()
        .await
        .unwrap();
    (response.status().as_u16(), response.text().await.unwrap())
}

/// A Verifik GET of `path_and_query`: status and body.
pub async fn verifik_get(mock: &MockServer, path_and_query: &str) -> (u16, Value) {
    let response = reqwest::Client::new()
        .get(format!("{}{path_and_query}", mock.base_url()))
        .bearer_auth(DEMO_VERIFIK_TOKEN)
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or(Value::Null))
}

/// Every string in `value` that looks like a URL.
pub fn urls(value: &Value) -> Vec<String> {
    match value {
        Value::String(s) if s.contains("://") => vec![s.clone()],
        Value::Array(items) => items.iter().flat_map(urls).collect(),
        Value::Object(map) => map.values().flat_map(urls).collect(),
        _ => Vec::new(),
    }
}
