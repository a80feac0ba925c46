//! The Tencent client against a loopback server that checks TC3 signatures as Tencent would.
#![cfg(feature = "tencent")]

use std::time::Duration;

use liveness::tencent::tc3::{self, SigningRequest};
use liveness::tencent::{Client, Credentials, ErrorCode, ResultCode, SecureLevel, SignedHeaderSet};
use liveness::{Error, HttpOptions, RetryPolicy, VendorError};
use secrecy::SecretString;
use wiremock::matchers::{header, method, path};
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

const SECRET_ID: &str = "AKIDsentinel0000000000000000000";
const SECRET_KEY: &str = "SENTINEL-secret-key-4f1c9a";
const TOKEN: &str = "SENTINEL-session-token-77aa";

fn credentials() -> Credentials {
    Credentials::new(SECRET_ID, SecretString::from(SECRET_KEY)).expect("credentials")
}

fn client(server: &MockServer, options: HttpOptions) -> Client {
    Client::builder()
        .region("ap-singapore")
        .credentials(credentials())
        .base_url(server.uri())
        .options(options)
        .build()
        .expect("client")
}

fn fast_retries() -> HttpOptions {
    HttpOptions::default()
        .retry(RetryPolicy::standard().backoff(Duration::from_millis(1), Duration::from_millis(5)))
}

fn header_of<'a>(request: &'a Request, name: &str) -> &'a str {
    request
        .headers
        .get(name)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
}

/// The Authorization a correct client must have sent for `request`, recomputed from what
/// arrived: Host with port, exact body bytes, the signed-header set it declares.
fn expected_authorization(request: &Request) -> String {
    let authorization = header_of(request, "authorization");
    let set = if authorization.contains("SignedHeaders=content-type;host;x-tc-action,") {
        SignedHeaderSet::ContentTypeHostAction
    } else {
        SignedHeaderSet::ContentTypeHost
    };
    let signing = SigningRequest {
        method: request.method.as_str(),
        host: header_of(request, "host"),
        path: request.url.path(),
        query: request.url.query().unwrap_or_default(),
        content_type: header_of(request, "content-type"),
        body: &request.body,
        action: header_of(request, "x-tc-action"),
        timestamp: header_of(request, "x-tc-timestamp")
            .parse()
            .expect("timestamp"),
        service: "faceid",
        signed_headers: set,
    };
    tc3::sign(&signing, &credentials())
        .expect("sign")
        .authorization
}

fn envelope(inner: serde_json::Value) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(serde_json::json!({ "Response": inner }))
}

#[tokio::test]
async fn get_liveness_result_is_signed_as_tencent_checks_it() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/"))
        .and(header("x-tc-action", "GetLivenessResult"))
        .and(header("x-tc-version", "2018-03-01"))
        .respond_with(envelope(serde_json::json!({
            "Result": "0", "Description": "success", "RequestId": "req-1",
            "BestFrame": {"Url": "https://x/best.jpg", "MD5": "0123456789abcdef0123456789abcdef", "Size": 1024}
        })))
        .expect(1)
        .mount(&server)
        .await;
    let client = Client::builder()
        .credentials(credentials())
        .base_url(server.uri())
        .region("ap-singapore")
        .build()
        .expect("client");
    let response = client
        .get_liveness_result("D2B55F0C-FB5D-4FB6-8765-3E931EBBFC79")
        .await
        .expect("result");
    assert_eq!(response.value.result, ResultCode::Success);
    assert_eq!(response.value.request_id.as_deref(), Some("req-1"));
    assert_eq!(response.request_id.as_deref(), Some("req-1"));
    assert_eq!(response.value.best_frame.and_then(|f| f.size), Some(1024));

    let received = &server.received_requests().await.expect("recorded")[0];
    assert!(
        header_of(received, "host").contains(':'),
        "Host carries the port"
    );
    assert_eq!(header_of(received, "x-tc-region"), "ap-singapore");
    assert!(received.headers.get("api-version").is_none());
    assert!(received.headers.get("x-tc-token").is_none());
    assert_eq!(
        header_of(received, "authorization"),
        expected_authorization(received)
    );
    assert!(header_of(received, "authorization").contains("SignedHeaders=content-type;host,"));
    let body: serde_json::Value = serde_json::from_slice(&received.body).expect("json");
    assert_eq!(body["SdkToken"], "D2B55F0C-FB5D-4FB6-8765-3E931EBBFC79");
}

#[tokio::test]
async fn the_doc_style_signs_x_tc_action_too_and_a_token_is_sent() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(envelope(
            serde_json::json!({"SdkToken": "tok", "RequestId": "r"}),
        ))
        .mount(&server)
        .await;
    let client = Client::builder()
        .region("ap-singapore")
        .credentials(
            credentials()
                .with_token(SecretString::from(TOKEN))
                .expect("token"),
        )
        .signed_headers(SignedHeaderSet::ContentTypeHostAction)
        .base_url(server.uri())
        .build()
        .expect("client");
    let token = client
        .apply_liveness_token(Some(SecureLevel::Silent))
        .await
        .expect("token");
    assert_eq!(token.value.sdk_token, "tok");
    let received = &server.received_requests().await.expect("recorded")[0];
    assert_eq!(header_of(received, "x-tc-action"), "ApplyLivenessToken");
    assert_eq!(header_of(received, "x-tc-token"), TOKEN);
    assert!(
        header_of(received, "authorization")
            .contains("SignedHeaders=content-type;host;x-tc-action,")
    );
    assert_eq!(
        header_of(received, "authorization"),
        expected_authorization(received)
    );
    let body: serde_json::Value = serde_json::from_slice(&received.body).expect("json");
    assert_eq!(body["SecureLevel"], "1");
}

#[tokio::test]
async fn a_failed_liveness_is_a_result_with_a_typed_code() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(envelope(serde_json::json!({
            "Result": "1002", "Description": "suspected spoof", "RequestId": "r"
        })))
        .mount(&server)
        .await;
    let result = client(&server, HttpOptions::default())
        .get_liveness_result("t")
        .await
        .expect("a failed liveness is not an error");
    assert_eq!(result.value.result, ResultCode::SuspectedSpoof);
    assert!(!result.value.result.is_success());
}

#[tokio::test]
async fn response_error_is_typed_whatever_the_content_type_parameters() {
    let server = MockServer::start().await;
    let body = r#"{"Response":{"Error":{"Code":"InvalidParameterValue.BizTokenExpired","Message":"token expired"},"RequestId":"req-9"}}"#;
    Mock::given(method("POST"))
        .respond_with(
            ResponseTemplate::new(200).set_body_raw(body, "application/json; charset=utf-8"),
        )
        .mount(&server)
        .await;
    let error = client(&server, HttpOptions::default())
        .get_liveness_result("t")
        .await
        .unwrap_err();
    let Error::Vendor {
        error: vendor,
        status,
        ..
    } = &error
    else {
        panic!("expected a vendor error, got {error:?}");
    };
    assert_eq!(*status, 200);
    let VendorError::Tencent(tencent) = vendor.as_ref() else {
        panic!("expected a Tencent error, got {vendor:?}");
    };
    assert_eq!(tencent.code, ErrorCode::TokenExpired);
    assert_eq!(tencent.message, "token expired");
    assert_eq!(tencent.request_id.as_deref(), Some("req-9"));
    assert!(
        error
            .to_string()
            .contains("InvalidParameterValue.BizTokenExpired")
    );
    assert!(error.to_string().contains("req-9"));
}

/// Answers `SignatureExpire` (with the server time in the message) to any request whose
/// timestamp is more than 5 minutes from a server clock `skew` seconds ahead.
struct SkewedServer {
    skew: i64,
}

impl Respond for SkewedServer {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let server_now = chrono::Utc::now().timestamp() + self.skew;
        let ts: i64 = header_of(request, "x-tc-timestamp").parse().unwrap_or(0);
        if (ts - server_now).abs() > 300 {
            return envelope(serde_json::json!({
                "Error": {"Code": "AuthFailure.SignatureExpire",
                          "Message": format!("Signature expired. Timestamp: {ts}, server time: {server_now}")},
                "RequestId": "r-expired"
            }));
        }
        envelope(serde_json::json!({"Result": "0", "RequestId": "r-ok"}))
    }
}

#[tokio::test]
async fn clock_skew_is_learned_from_signature_expire_and_kept() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(SkewedServer { skew: 600 })
        .mount(&server)
        .await;
    let client = client(&server, HttpOptions::default());
    let result = client.get_liveness_result("t").await.expect("retried once");
    assert_eq!(result.value.result, ResultCode::Success);
    assert!(
        (client.clock_offset() - 600).abs() <= 2,
        "{}",
        client.clock_offset()
    );

    let requests = server.received_requests().await.expect("recorded");
    assert_eq!(requests.len(), 2);
    let first: i64 = header_of(&requests[0], "x-tc-timestamp")
        .parse()
        .expect("ts");
    let second: i64 = header_of(&requests[1], "x-tc-timestamp")
        .parse()
        .expect("ts");
    assert!(
        second - first >= 598,
        "the retry was re-signed with the corrected time"
    );
    for request in &requests {
        assert_eq!(
            header_of(request, "authorization"),
            expected_authorization(request)
        );
    }

    // Later calls use the offset from the start: one request, no expiry.
    client.get_liveness_result("t").await.expect("second call");
    assert_eq!(server.received_requests().await.expect("recorded").len(), 3);
}

#[tokio::test]
async fn request_limit_exceeded_is_retried_and_signature_failure_is_not() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(envelope(serde_json::json!({
            "Error": {"Code": "RequestLimitExceeded", "Message": "slow down"}, "RequestId": "r"
        })))
        .up_to_n_times(2)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .respond_with(envelope(
            serde_json::json!({"Result": "0", "RequestId": "r"}),
        ))
        .mount(&server)
        .await;
    let response = client(&server, fast_retries())
        .get_liveness_result("t")
        .await
        .expect("third attempt succeeds");
    assert_eq!(response.attempts, 3);
    for request in server.received_requests().await.expect("recorded").iter() {
        assert_eq!(
            header_of(request, "authorization"),
            expected_authorization(request)
        );
    }

    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(envelope(serde_json::json!({
            "Error": {"Code": "AuthFailure.SignatureFailure", "Message": "bad signature"}
        })))
        .mount(&server)
        .await;
    let error = client(&server, fast_retries())
        .get_liveness_result("t")
        .await
        .unwrap_err();
    assert!(error.to_string().contains("AuthFailure.SignatureFailure"));
    assert_eq!(server.received_requests().await.expect("recorded").len(), 1);
}

#[test]
fn keys_with_whitespace_are_refused_without_echoing_them() {
    let error =
        Credentials::new(SECRET_ID, SecretString::from(format!("{SECRET_KEY}\n"))).unwrap_err();
    assert!(error.to_string().contains("whitespace"), "{error}");
    assert!(!error.to_string().contains(SECRET_KEY));
    assert!(Credentials::new(format!(" {SECRET_ID}"), SecretString::from(SECRET_KEY)).is_err());
    assert!(Credentials::new(SECRET_ID, SecretString::from("")).is_err());
}

#[test]
fn host_presets_choose_the_endpoint() {
    use liveness::tencent::Host;
    let base = |builder: liveness::tencent::ClientBuilder| {
        builder
            .credentials(credentials())
            .build()
            .map(|c| c.base_url().trim_end_matches('/').to_owned())
    };
    assert_eq!(
        base(Client::builder().region("ap-hongkong")).unwrap(),
        "https://faceid.intl.tencentcloudapi.com"
    );
    assert_eq!(
        base(Client::builder().region("ap-hongkong").host(Host::Legacy)).unwrap(),
        "https://faceid.tencentcloudapi.com"
    );
    assert_eq!(
        base(
            Client::builder()
                .host(Host::Regional)
                .region("ap-singapore")
        )
        .unwrap(),
        "https://faceid.ap-singapore.tencentcloudapi.com"
    );
    // A region alone is a header (X-TC-Region), not a host change.
    assert_eq!(
        base(Client::builder().region("ap-jakarta")).unwrap(),
        "https://faceid.intl.tencentcloudapi.com"
    );
    let error = base(Client::builder().host(Host::Regional)).unwrap_err();
    assert!(error.to_string().contains("region"), "{error}");
    assert!(base(Client::builder().host(Host::Regional).region("ap/evil")).is_err());
}

/// FaceID's liveness actions need `X-TC-Region` (the GetLivenessResult page: "Region | Yes");
/// a client without one cannot be built, so no request leaves without it.
#[test]
fn a_client_without_a_region_is_a_configuration_error_naming_the_regions_and_the_variable() {
    // This binary never sets TENCENTCLOUD_REGION (env_credentials.rs tests the variable).
    assert!(std::env::var_os(liveness::tencent::REGION_ENV).is_none());
    let error = Client::builder()
        .credentials(credentials())
        .base_url("http://127.0.0.1:9")
        .build()
        .unwrap_err();
    assert!(matches!(error, liveness::Error::Config { .. }), "{error:?}");
    let shown = error.to_string();
    for needed in [
        "ap-hongkong",
        "ap-jakarta",
        "ap-singapore",
        "TENCENTCLOUD_REGION",
    ] {
        assert!(shown.contains(needed), "{needed} missing from: {shown}");
    }
}

#[test]
fn a_region_is_lower_case_xx_name_and_one_faceid_supports() {
    let build = |region: &str| {
        Client::builder()
            .credentials(credentials())
            .base_url("http://127.0.0.1:9")
            .region(region)
            .build()
    };
    for good in liveness::tencent::REGIONS {
        assert_eq!(build(good).expect(good).region(), *good);
    }
    for bad in [
        "AP-SINGAPORE",
        "Ap-singapore",
        "ap_singapore",
        "apsingapore",
        "ap-",
        "-singapore",
        "a-singapore",
        "ap-sing4pore",
        "ap-singapore ",
        "",
        "ap/evil",
        // Well-formed, but the page says the liveness actions support only the three.
        "ap-beijing",
    ] {
        match build(bad) {
            Err(liveness::Error::Config { .. }) => {}
            other => panic!("{bad:?}: {other:?}"),
        }
    }
}

#[tokio::test]
async fn every_request_names_the_region_in_x_tc_region() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({
            "Response": {"SdkToken": "t", "Result": "0", "RequestId": "r"}
        })))
        .mount(&server)
        .await;
    let client = Client::builder()
        .region("ap-jakarta")
        .credentials(credentials())
        .base_url(server.uri())
        .build()
        .expect("client");
    client.apply_liveness_token(None).await.expect("token");
    client.get_liveness_result("t").await.expect("result");
    let received = server.received_requests().await.expect("recorded");
    assert_eq!(received.len(), 2);
    for request in &received {
        assert_eq!(
            request
                .headers
                .get("x-tc-region")
                .map(|v| v.to_str().unwrap()),
            Some("ap-jakarta")
        );
    }
}

#[test]
fn credentials_give_back_the_secret_id_they_were_built_with() {
    let credentials = credentials();
    assert_eq!(credentials.secret_id(), SECRET_ID);
    // The id signs the Authorization's Credential= field.
    assert!(!format!("{credentials:?}").contains(SECRET_KEY));
}

/// Debug shows what a log reader needs (the SecretId, the timestamp, that a token is there)
/// and never a secret: an empty Debug would hide as much from whoever debugs a refused call.
#[test]
fn debug_shows_the_identifiers_and_redacts_the_secrets() {
    let credentials = credentials()
        .with_token(SecretString::from(TOKEN))
        .expect("token");
    let shown = format!("{credentials:?}");
    assert!(shown.contains(SECRET_ID), "{shown}");
    assert!(shown.contains("[REDACTED]"), "{shown}");
    assert!(
        !shown.contains(SECRET_KEY) && !shown.contains(TOKEN),
        "{shown}"
    );
    let signed = tc3::sign(
        &SigningRequest {
            method: "POST",
            host: "faceid.intl.tencentcloudapi.com",
            path: "/",
            query: "",
            content_type: "application/json",
            body: b"{}",
            action: "GetLivenessResult",
            timestamp: 1_700_000_000,
            service: "faceid",
            signed_headers: SignedHeaderSet::ContentTypeHost,
        },
        &credentials,
    )
    .expect("signed");
    let shown = format!("{signed:?}");
    assert!(shown.contains("1700000000"), "{shown}");
    assert!(shown.contains(&signed.authorization), "{shown}");
    assert!(
        shown.contains("[REDACTED]") && !shown.contains(TOKEN),
        "{shown}"
    );
}

#[test]
fn a_signing_keys_debug_shows_its_scope_not_its_bytes() {
    let key = tc3::SigningKey::derive(&SecretString::from(SECRET_KEY), "2024-04-03", "faceid");
    let shown = format!("{key:?}");
    assert!(
        shown.contains("2024-04-03") && shown.contains("faceid"),
        "{shown}"
    );
    assert_eq!((key.date(), key.service()), ("2024-04-03", "faceid"));
    assert!(!shown.contains(&hex::encode(key.k_signing())), "{shown}");
}
