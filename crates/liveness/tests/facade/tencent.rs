//! The Tencent client against a loopback server that checks TC3 signatures as Tencent would.
#![cfg(feature = "tencent")]

use liveness::tencent::tc3::{self, SigningRequest};
use liveness::tencent::{
    Client, Credentials, ErrorCode, LivenessResult, ResultCode, SecureLevel, SignedHeaderSet,
};
use liveness::{Error, HttpOptions, Response, VendorError};
use secrecy::SecretString;
use wiremock::matchers::{header, method, path};
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

use crate::support::{
    build_against, expected_authorization, failing_then, fast_retries, header_of, json, json_body,
    mounted, requests, serving, vendor_error,
};

const SECRET_ID: &str = "AKIDsentinel0000000000000000000";
const SECRET_KEY: &str = "SENTINEL-secret-key-4f1c9a";
const TOKEN: &str = "SENTINEL-session-token-77aa";

fn credentials() -> Credentials {
    Credentials::new(SECRET_ID, SecretString::from(SECRET_KEY)).expect("credentials")
}

fn client(server: &MockServer, options: HttpOptions) -> Client {
    let builder = Client::builder().region("ap-singapore");
    build_against!(builder.credentials(credentials()), server.uri(), options)
}

/// Fails unless every one of `requests` carries the Authorization Tencent would compute.
fn assert_signed(requests: &[Request]) {
    for request in requests {
        assert_eq!(
            header_of(request, "authorization"),
            expected_authorization(request, &credentials()),
            "{} {}",
            request.method,
            request.url
        );
    }
}

/// What `get_liveness_result` gets from a server answering every POST with `answer`.
async fn liveness_result(answer: ResponseTemplate) -> Result<Response<LivenessResult>, Error> {
    let server = serving("POST", answer).await;
    client(&server, HttpOptions::default())
        .get_liveness_result("t")
        .await
}

fn envelope(inner: serde_json::Value) -> ResponseTemplate {
    json(200, serde_json::json!({ "Response": inner }))
}

#[tokio::test]
async fn get_liveness_result_is_signed_as_tencent_checks_it() {
    let server = mounted(
        Mock::given(method("POST"))
            .and(path("/"))
            .and(header("x-tc-action", "GetLivenessResult"))
            .and(header("x-tc-version", "2018-03-01"))
            .respond_with(envelope(serde_json::json!({
                "Result": "0", "Description": "success", "RequestId": "req-1",
                "BestFrame": {"Url": "https://x/best.jpg", "MD5": "0123456789abcdef0123456789abcdef", "Size": 1024}
            })))
            .expect(1),
    )
    .await;
    let response = client(&server, HttpOptions::default())
        .get_liveness_result("D2B55F0C-FB5D-4FB6-8765-3E931EBBFC79")
        .await
        .expect("result");
    assert_eq!(response.value.result, ResultCode::Success);
    assert_eq!(response.value.request_id.as_deref(), Some("req-1"));
    assert_eq!(response.request_id.as_deref(), Some("req-1"));
    assert_eq!(response.value.best_frame.and_then(|f| f.size), Some(1024));

    let received = &requests(&server).await;
    let request = &received[0];
    assert!(
        header_of(request, "host").contains(':'),
        "Host carries the port"
    );
    assert_eq!(header_of(request, "x-tc-region"), "ap-singapore");
    assert!(request.headers.get("api-version").is_none());
    assert!(request.headers.get("x-tc-token").is_none());
    assert_signed(received);
    assert!(header_of(request, "authorization").contains("SignedHeaders=content-type;host,"));
    assert_eq!(
        json_body(request)["SdkToken"],
        "D2B55F0C-FB5D-4FB6-8765-3E931EBBFC79"
    );
}

#[tokio::test]
async fn the_doc_style_signs_x_tc_action_too_and_a_token_is_sent() {
    let answer = envelope(serde_json::json!({"SdkToken": "tok", "RequestId": "r"}));
    let server = serving("POST", answer).await;
    let credentials = credentials()
        .with_token(SecretString::from(TOKEN))
        .expect("token");
    let builder = Client::builder()
        .region("ap-singapore")
        .credentials(credentials)
        .signed_headers(SignedHeaderSet::ContentTypeHostAction);
    let client = build_against!(builder, server.uri(), HttpOptions::default());
    let token = client
        .apply_liveness_token(Some(SecureLevel::Silent))
        .await
        .expect("token");
    assert_eq!(token.value.sdk_token, "tok");
    let received = &requests(&server).await;
    let request = &received[0];
    assert_eq!(header_of(request, "x-tc-action"), "ApplyLivenessToken");
    assert_eq!(header_of(request, "x-tc-token"), TOKEN);
    assert!(
        header_of(request, "authorization")
            .contains("SignedHeaders=content-type;host;x-tc-action,")
    );
    assert_signed(received);
    assert_eq!(json_body(request)["SecureLevel"], "1");
}

#[tokio::test]
async fn a_failed_liveness_is_a_result_with_a_typed_code() {
    let answer = envelope(serde_json::json!({
        "Result": "1002", "Description": "suspected spoof", "RequestId": "r"
    }));
    let result = liveness_result(answer)
        .await
        .expect("a failed liveness is not an error");
    assert_eq!(result.value.result, ResultCode::SuspectedSpoof);
    assert!(!result.value.result.is_success());
}

#[tokio::test]
async fn response_error_is_typed_whatever_the_content_type_parameters() {
    let body = r#"{"Response":{"Error":{"Code":"InvalidParameterValue.BizTokenExpired","Message":"token expired"},"RequestId":"req-9"}}"#;
    let answer = ResponseTemplate::new(200).set_body_raw(body, "application/json; charset=utf-8");
    let error = liveness_result(answer).await.unwrap_err();
    let VendorError::Tencent(tencent) = vendor_error(&error) else {
        panic!("expected a Tencent error, got {error:?}");
    };
    assert_eq!(error.status(), Some(200));
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
    let server = serving("POST", SkewedServer { skew: 600 }).await;
    let client = client(&server, HttpOptions::default());
    let result = client.get_liveness_result("t").await.expect("retried once");
    assert_eq!(result.value.result, ResultCode::Success);
    assert!(
        (client.clock_offset() - 600).abs() <= 2,
        "{}",
        client.clock_offset()
    );

    let received = requests(&server).await;
    assert_eq!(received.len(), 2);
    let [first, second] = [&received[0], &received[1]].map(|request| {
        header_of(request, "x-tc-timestamp")
            .parse::<i64>()
            .expect("ts")
    });
    assert!(
        second - first >= 598,
        "the retry was re-signed with the corrected time"
    );
    assert_signed(&received);

    // Later calls use the offset from the start: one request, no expiry.
    client.get_liveness_result("t").await.expect("second call");
    assert_eq!(requests(&server).await.len(), 3);
}

#[tokio::test]
async fn request_limit_exceeded_is_retried_and_signature_failure_is_not() {
    let busy = envelope(serde_json::json!({
        "Error": {"Code": "RequestLimitExceeded", "Message": "slow down"}, "RequestId": "r"
    }));
    let answer = envelope(serde_json::json!({"Result": "0", "RequestId": "r"}));
    let server = failing_then("POST", (2, busy), answer).await;
    let response = client(&server, fast_retries())
        .get_liveness_result("t")
        .await
        .expect("third attempt succeeds");
    assert_eq!(response.attempts, 3);
    assert_signed(&requests(&server).await);

    let server = serving(
        "POST",
        envelope(serde_json::json!({
            "Error": {"Code": "AuthFailure.SignatureFailure", "Message": "bad signature"}
        })),
    )
    .await;
    let error = client(&server, fast_retries())
        .get_liveness_result("t")
        .await
        .unwrap_err();
    assert!(error.to_string().contains("AuthFailure.SignatureFailure"));
    assert_eq!(requests(&server).await.len(), 1);
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
    let answer = envelope(serde_json::json!({"SdkToken": "t", "Result": "0", "RequestId": "r"}));
    let server = serving("POST", answer).await;
    let builder = Client::builder().region("ap-jakarta");
    let client = build_against!(
        builder.credentials(credentials()),
        server.uri(),
        HttpOptions::default()
    );
    client.apply_liveness_token(None).await.expect("token");
    client.get_liveness_result("t").await.expect("result");
    let received = requests(&server).await;
    assert_eq!(received.len(), 2);
    for request in &received {
        assert_eq!(header_of(request, "x-tc-region"), "ap-jakarta");
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
