//! The mock checks auth as each vendor does, for any client: these requests are built by hand
//! with reqwest (Tencent's signed with the pure TC3 functions), not by the facade's clients.

use liveness::tencent::tc3::{self, SignedHeaderSet, SigningRequest};
use liveness_mock::config::{
    DEMO_TALENTOMOBILE_API_KEY, DEMO_TENCENT_SECRET_ID, DEMO_TENCENT_SECRET_KEY,
    DEMO_TRUSTDECISION_PARTNER_CODE, DEMO_TRUSTDECISION_PARTNER_KEY, DEMO_VERIFIK_TOKEN,
};
use liveness_mock::{MockConfig, MockServer};
use serde_json::Value;

const SAMPLE_TOKEN: &str = "D2B55F0C-FB5D-4FB6-8765-3E931EBBFC79";

struct Tc3 {
    secret_id: &'static str,
    secret_key: &'static str,
    timestamp: i64,
    style: SignedHeaderSet,
    /// Bytes sent; the signature always covers `{"SdkToken": SAMPLE_TOKEN}`.
    sent_body: Option<&'static str>,
    /// `X-TC-Region`, not sent when `None` (it is not signed in either header style).
    region: Option<&'static str>,
}

impl Default for Tc3 {
    fn default() -> Self {
        Self {
            secret_id: DEMO_TENCENT_SECRET_ID,
            secret_key: DEMO_TENCENT_SECRET_KEY,
            timestamp: chrono::Utc::now().timestamp(),
            style: SignedHeaderSet::ContentTypeHost,
            sent_body: None,
            region: Some("ap-singapore"),
        }
    }
}

/// Sends GetLivenessResult for the page's token, signed as `tc3` says; the `Response` object.
async fn tencent(mock: &MockServer, tc3: Tc3) -> Value {
    let host = mock.addr().to_string();
    let body = format!(r#"{{"SdkToken":"{SAMPLE_TOKEN}"}}"#);
    let credentials =
        tc3::Credentials::new(tc3.secret_id, tc3.secret_key.to_owned().into()).unwrap();
    let signed = tc3::sign(
        &SigningRequest {
            method: "POST",
            host: &host,
            path: "/",
            query: "",
            content_type: "application/json",
            body: body.as_bytes(),
            action: "GetLivenessResult",
            timestamp: tc3.timestamp,
            service: "faceid",
            signed_headers: tc3.style,
        },
        &credentials,
    )
    .unwrap();
    let mut request = reqwest::Client::new().post(mock.base_url());
    if let Some(region) = tc3.region {
        request = request.header("x-tc-region", region);
    }
    let response = request
        .header("content-type", "application/json")
        .header("x-tc-action", "GetLivenessResult")
        .header("x-tc-version", "2018-03-01")
        .header("x-tc-timestamp", tc3.timestamp.to_string())
        .header("authorization", signed.authorization)
        .body(tc3.sent_body.map(str::to_owned).unwrap_or(body))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200, "Tencent errors come with HTTP 200");
    response.json::<Value>().await.unwrap()["Response"].clone()
}

fn error_code(response: &Value) -> &str {
    response["Error"]["Code"].as_str().unwrap_or("<none>")
}

#[tokio::test]
async fn tencent_signatures_are_recomputed_from_the_received_request() {
    let mock = MockServer::start(MockConfig::demo()).await.unwrap();
    for style in [
        SignedHeaderSet::ContentTypeHost,
        SignedHeaderSet::ContentTypeHostAction,
    ] {
        let ok = tencent(
            &mock,
            Tc3 {
                style,
                ..Tc3::default()
            },
        )
        .await;
        assert_eq!(ok["Result"], "1001", "{ok}");
    }
    let wrong_key = tencent(
        &mock,
        Tc3 {
            secret_key: "not-the-key",
            ..Tc3::default()
        },
    )
    .await;
    assert_eq!(error_code(&wrong_key), "AuthFailure.SignatureFailure");
    let tampered = tencent(
        &mock,
        Tc3 {
            sent_body: Some(r#"{"SdkToken":"D2B55F0C-FB5D-4FB6-8765-3E931EBBFC7A"}"#),
            ..Tc3::default()
        },
    )
    .await;
    assert_eq!(error_code(&tampered), "AuthFailure.SignatureFailure");
    let unknown = tencent(
        &mock,
        Tc3 {
            secret_id: "AKIDsomebodyElse",
            ..Tc3::default()
        },
    )
    .await;
    assert_eq!(error_code(&unknown), "AuthFailure.SecretIdNotFound");
}

#[tokio::test]
async fn the_region_is_required_and_must_be_a_liveness_region() {
    let mock = MockServer::start(MockConfig::demo()).await.unwrap();
    for region in ["ap-hongkong", "ap-jakarta", "ap-singapore"] {
        let ok = tencent(
            &mock,
            Tc3 {
                region: Some(region),
                ..Tc3::default()
            },
        )
        .await;
        assert_eq!(ok["Result"], "1001", "{region}: {ok}");
    }
    for (region, code) in [
        (None, "MissingParameter"),
        (Some(""), "MissingParameter"),
        (Some("ap-beijing"), "UnsupportedRegion"),
        (Some("AP-SINGAPORE"), "UnsupportedRegion"),
    ] {
        let refused = tencent(
            &mock,
            Tc3 {
                region,
                ..Tc3::default()
            },
        )
        .await;
        assert_eq!(error_code(&refused), code, "{region:?}: {refused}");
        assert!(
            refused["Error"]["Message"]
                .as_str()
                .unwrap()
                .contains("egion")
        );
        assert!(refused["RequestId"].is_string(), "{refused}");
    }
    // The signature is checked first: wrong keys hear about their keys, not the region.
    let both = tencent(
        &mock,
        Tc3 {
            region: None,
            secret_key: "not-the-key",
            ..Tc3::default()
        },
    )
    .await;
    assert_eq!(error_code(&both), "AuthFailure.SignatureFailure");
}

#[tokio::test]
async fn a_stale_timestamp_is_refused_with_the_server_time() {
    let mock = MockServer::start(MockConfig::demo()).await.unwrap();
    let now = chrono::Utc::now().timestamp();
    let within = tencent(
        &mock,
        Tc3 {
            timestamp: now - 240,
            ..Tc3::default()
        },
    )
    .await;
    assert_eq!(within["Result"], "1001", "four minutes off is accepted");
    let stale = tencent(
        &mock,
        Tc3 {
            timestamp: now - 600,
            ..Tc3::default()
        },
    )
    .await;
    assert_eq!(error_code(&stale), "AuthFailure.SignatureExpire");
    let message = stale["Error"]["Message"].as_str().unwrap();
    let server_time: i64 = message
        .rsplit("server time: ")
        .next()
        .and_then(|t| t.trim().parse().ok())
        .unwrap_or_else(|| panic!("no server time in {message:?}"));
    assert!((server_time - now).abs() <= 5, "{message}");
}

#[tokio::test]
async fn the_other_vendors_refuse_wrong_keys() {
    let mock = MockServer::start(MockConfig::demo()).await.unwrap();
    let http = reqwest::Client::new();
    let base = mock.base_url();

    let td = |code: &str, key: &str| {
        http.post(format!(
            "{base}/verification/kyc/sdk/liveness/result/v1?partner_code={code}&partner_key={key}"
        ))
        .header("content-type", "application/json")
        .body(r#"{"liveness_id":"1234567"}"#)
        .send()
    };
    let good: Value = td(
        DEMO_TRUSTDECISION_PARTNER_CODE,
        DEMO_TRUSTDECISION_PARTNER_KEY,
    )
    .await
    .unwrap()
    .json()
    .await
    .unwrap();
    assert_eq!(good["code"], "200", "the page's example, as-is");
    let wrong: Value = td(DEMO_TRUSTDECISION_PARTNER_CODE, "wrong")
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(wrong["code"], 11340);

    let talento = |key: &'static str| {
        http.get(format!(
            "{base}/result/d5335d6a-9d95-4977-9976-00dede352749"
        ))
        .header("authorization", key)
        .send()
    };
    assert_eq!(
        talento(DEMO_TALENTOMOBILE_API_KEY).await.unwrap().status(),
        200
    );
    assert_eq!(talento("wrong").await.unwrap().status(), 401);
    // The key goes bare: a `Bearer ` prefix is a different key.
    assert_eq!(
        talento("Bearer mock-talentomobile-key")
            .await
            .unwrap()
            .status(),
        401
    );

    let verifik = |token: &'static str| {
        http.get(format!(
            "{base}/v2/document-liveness/6716c5e2a9b4f3a1d2e4c8b7"
        ))
        .bearer_auth(token)
        .send()
    };
    assert_eq!(verifik(DEMO_VERIFIK_TOKEN).await.unwrap().status(), 200);
    assert_eq!(verifik("wrong").await.unwrap().status(), 401);
}

#[tokio::test]
async fn the_admin_api_sets_outcomes_faults_and_sessions() {
    let mock = MockServer::start(MockConfig::demo()).await.unwrap();
    let http = reqwest::Client::new();
    let admin = format!("{}/__admin", mock.base_url());
    let session: Value = http
        .post(format!("{admin}/sessions"))
        .body(r#"{"vendor":"talentomobile","outcome":"attack:CH_BLINK"}"#)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let id = session["id"].as_str().unwrap();
    let challenges: Value = http
        .get(format!("{}/result/{id}", mock.base_url()))
        .header("authorization", DEMO_TALENTOMOBILE_API_KEY)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let blink = &challenges.as_array().unwrap()[0];
    assert_eq!(
        (blink["type"].as_str(), blink["success"].as_bool()),
        (Some("CH_BLINK"), Some(false))
    );

    let added = http
        .post(format!("{admin}/faults"))
        .body(r#"{"fault":"server-error*1@verifik"}"#)
        .send()
        .await
        .unwrap();
    assert_eq!(added.status(), 200);
    let get = || {
        http.get(format!(
            "{}/v2/document-liveness/6716c5e2a9b4f3a1d2e4c8b7",
            mock.base_url()
        ))
        .bearer_auth(DEMO_VERIFIK_TOKEN)
        .send()
    };
    assert_eq!(get().await.unwrap().status(), 503);
    assert_eq!(
        get().await.unwrap().status(),
        200,
        "a counted fault is used up"
    );

    let refused = http
        .post(format!("{admin}/faults"))
        .body(r#"{"fault":"explode"}"#)
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), 400);
    assert!(refused.text().await.unwrap().contains("unknown fault"));
}
