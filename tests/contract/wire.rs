//! The generated crates' requests as they reach a loopback server: Tencent's RPC wire form
//! (`POST /`, `X-TC-Action`, `X-TC-Version`, no `api-version`), the auth slot seeing the exact
//! body bytes, and the other vendors' paths.

use std::sync::{Arc, Mutex};

use contract_tests::capture::CaptureServer;
use sha2::{Digest, Sha256};

use liveness_tencent_faceid as tencent;

const TENCENT_RESULT: &str =
    r#"{"Response":{"Result":"0","Description":"success","RequestId":"r-1"}}"#;
const TENCENT_TOKEN: &str =
    r#"{"Response":{"SdkToken":"D2B55F0C-FB5D-4FB6-8765-3E931EBBFC79","RequestId":"r-2"}}"#;

/// What the signer saw when it ran.
#[derive(Debug, Default, Clone)]
struct Seen {
    path: String,
    action: Option<String>,
    api_version: Option<String>,
    body_sha256: String,
    operation: String,
}

fn recording_signer(seen: Arc<Mutex<Vec<Seen>>>) -> impl tencent::RequestSigner + 'static {
    move |request: &mut reqwest::Request, operation: &str| -> Result<(), tencent::SignerError> {
        let body = request
            .body()
            .and_then(|b| b.as_bytes())
            .ok_or("no buffered body")?;
        let digest = hex::encode(Sha256::digest(body));
        let header = |name: &str| {
            request
                .headers()
                .get(name)
                .map(|v| v.to_str().unwrap_or("?").to_owned())
        };
        seen.lock().expect("lock").push(Seen {
            path: request.url().path().to_owned(),
            action: header("x-tc-action"),
            api_version: header("api-version"),
            body_sha256: digest.clone(),
            operation: operation.to_owned(),
        });
        request
            .headers_mut()
            .insert("x-test-body-sha256", digest.parse()?);
        Ok(())
    }
}

#[tokio::test]
async fn tencent_get_liveness_result_goes_out_as_post_slash_with_tc_headers() {
    let server = CaptureServer::start(200, TENCENT_RESULT).await;
    let client = tencent::Client::new(&server.base_url(), tencent::Inner::new());
    let response = client
        .get_liveness_result()
        .x_tc_region(tencent::types::Region::ApSingapore)
        .body_map(|b| b.sdk_token("D2B55F0C-FB5D-4FB6-8765-3E931EBBFC79"))
        .send()
        .await
        .expect("call succeeds");
    assert_eq!(response.response.result.as_deref(), Some("0"));

    let received = server.received();
    assert_eq!(received.len(), 1);
    let request = &received[0];
    assert_eq!(request.method, "POST");
    assert_eq!(request.target, "/");
    assert_eq!(request.header("x-tc-action"), Some("GetLivenessResult"));
    assert_eq!(request.header("x-tc-version"), Some("2018-03-01"));
    assert_eq!(request.header("x-tc-region"), Some("ap-singapore"));
    assert_eq!(request.header("api-version"), None);
    assert!(
        request
            .header("content-type")
            .is_some_and(|c| c.starts_with("application/json"))
    );
    let body: serde_json::Value = serde_json::from_slice(&request.body).expect("json body");
    assert_eq!(
        body,
        serde_json::json!({"SdkToken": "D2B55F0C-FB5D-4FB6-8765-3E931EBBFC79"})
    );
}

#[tokio::test]
async fn tencent_apply_liveness_token_carries_its_own_action() {
    let server = CaptureServer::start(200, TENCENT_TOKEN).await;
    let client = tencent::Client::new(&server.base_url(), tencent::Inner::new());
    let response = client
        .apply_liveness_token()
        .body_map(|b| b.secure_level(Some("1".to_owned())))
        .x_tc_region("ap-singapore")
        .send()
        .await
        .expect("call succeeds");
    assert_eq!(
        response.response.sdk_token.as_deref(),
        Some("D2B55F0C-FB5D-4FB6-8765-3E931EBBFC79")
    );
    let request = &server.received()[0];
    assert_eq!(request.target, "/");
    assert_eq!(request.header("x-tc-action"), Some("ApplyLivenessToken"));
    assert_eq!(request.header("x-tc-region"), Some("ap-singapore"));
    assert_eq!(request.header("api-version"), None);
}

#[tokio::test]
async fn a_plugged_in_signer_sees_the_wire_form_and_the_exact_body_bytes() {
    let server = CaptureServer::start(200, TENCENT_RESULT).await;
    let seen = Arc::new(Mutex::new(Vec::new()));
    let client = tencent::Client::with_signer(&server.base_url(), recording_signer(seen.clone()));
    client
        .get_liveness_result()
        .x_tc_region(tencent::types::Region::ApSingapore)
        .body_map(|b| b.sdk_token("token-with-ünïcode and \"quotes\""))
        .send()
        .await
        .expect("call succeeds");

    let seen = seen.lock().expect("lock").clone();
    assert_eq!(seen.len(), 1, "the signer runs once per request");
    let seen = &seen[0];
    // The wire quirks are applied before the signer runs.
    assert_eq!(seen.path, "/");
    assert_eq!(seen.action.as_deref(), Some("GetLivenessResult"));
    assert_eq!(seen.api_version, None);
    assert_eq!(seen.operation, "get_liveness_result");

    let request = &server.received()[0];
    let wire_digest = hex::encode(Sha256::digest(&request.body));
    assert_eq!(
        seen.body_sha256, wire_digest,
        "the signer hashed other bytes than were sent"
    );
    assert_eq!(
        request.header("x-test-body-sha256"),
        Some(wire_digest.as_str())
    );
}

#[tokio::test]
async fn a_base_url_with_a_path_stem_keeps_the_stem() {
    let server = CaptureServer::start(200, TENCENT_RESULT).await;
    let client = tencent::Client::new(
        &format!("{}/proxy/tencent", server.base_url()),
        tencent::Inner::new(),
    );
    client
        .get_liveness_result()
        .x_tc_region(tencent::types::Region::ApSingapore)
        .body_map(|b| b.sdk_token("t"))
        .send()
        .await
        .expect("call succeeds");
    assert_eq!(server.received()[0].target, "/proxy/tencent/");
}

#[tokio::test]
async fn a_signer_error_stops_the_request_before_the_wire() {
    let server = CaptureServer::start(200, TENCENT_RESULT).await;
    let client = tencent::Client::with_signer(
        &server.base_url(),
        |_: &mut reqwest::Request, _: &str| -> Result<(), tencent::SignerError> {
            Err("no credentials".into())
        },
    );
    let error = client
        .get_liveness_result()
        .x_tc_region(tencent::types::Region::ApSingapore)
        .body_map(|b| b.sdk_token("t"))
        .send()
        .await
        .expect_err("the signer refused");
    assert!(error.to_string().contains("no credentials"), "{error}");
    assert!(server.received().is_empty(), "a request reached the server");
}

#[tokio::test]
async fn the_other_vendors_use_their_paths_and_send_no_api_version() {
    use liveness_talentomobile as talentomobile;
    use liveness_trustdecision as trustdecision;
    use liveness_verifik as verifik;

    let server =
        CaptureServer::start(200, r#"{"code":200,"message":"success","sequence_id":"s"}"#).await;
    trustdecision::Client::new(&server.base_url(), trustdecision::Inner::new())
        .retrieve_result()
        .body_map(|b| {
            b.liveness_id(trustdecision::types::ResultRequestLivenessId::String(
                "1234567".into(),
            ))
        })
        .send()
        .await
        .expect("trustdecision");
    let request = &server.received()[0];
    assert_eq!(
        (request.method.as_str(), request.target.as_str()),
        ("POST", "/verification/kyc/sdk/liveness/result/v1")
    );
    assert_eq!(request.header("api-version"), None);

    let server = CaptureServer::start(
        200,
        r#"[{"type":"CH_BLINK","success":true,"evidences":[],"moves":[]}]"#,
    )
    .await;
    talentomobile::Client::new(&server.base_url(), talentomobile::Inner::new())
        .get_result()
        .id("d5335d6a-9d95-4977-9976-00dede352749")
        .send()
        .await
        .expect("talentomobile");
    let request = &server.received()[0];
    assert_eq!(
        (request.method.as_str(), request.target.as_str()),
        ("GET", "/result/d5335d6a-9d95-4977-9976-00dede352749")
    );
    assert_eq!(request.header("api-version"), None);

    let server = CaptureServer::start(200, r#"{"data":{"_id":"6720a0c5e4b0f1a2b3c4d5e6"}}"#).await;
    verifik::Client::new(&server.base_url(), verifik::Inner::new())
        .retrieve_document_liveness()
        .id("6720a0c5e4b0f1a2b3c4d5e6")
        .send()
        .await
        .expect("verifik");
    let request = &server.received()[0];
    assert_eq!(
        (request.method.as_str(), request.target.as_str()),
        ("GET", "/v2/document-liveness/6720a0c5e4b0f1a2b3c4d5e6")
    );
    assert_eq!(request.header("api-version"), None);
}
