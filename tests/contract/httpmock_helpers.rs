//! The generated crates' `mock` feature: progenitor's typed httpmock helpers match what the
//! clients really send (for Tencent, `POST /` with `X-TC-Action`, not the spec's pseudo path).

use httpmock::MockServer;
use liveness::{talentomobile, tencent, trustdecision, verifik};
use liveness_talentomobile::mock::MockServerExt as _;
use liveness_tencent_faceid::mock::MockServerExt as _;
use liveness_trustdecision::mock::MockServerExt as _;
use liveness_verifik::mock::MockServerExt as _;
use serde_json::json;

fn typed<T: serde::de::DeserializeOwned>(value: serde_json::Value) -> T {
    serde_json::from_value(value).expect("a value of the generated type")
}

#[tokio::test]
async fn tencent_helpers_match_the_rpc_wire_form() {
    let server = MockServer::start_async().await;
    let mock = server.get_liveness_result(|when, then| {
        when.body(&typed(json!({"SdkToken": "tok-1"})));
        then.ok(&typed(
            json!({"Response": {"Result": "0", "RequestId": "r"}}),
        ));
    });
    let credentials =
        tencent::Credentials::new("AKIDhttpmock", String::from("httpmock-secret-key").into())
            .unwrap();
    let client = tencent::Client::builder()
        .region("ap-singapore")
        .credentials(credentials)
        .base_url(server.base_url())
        .build()
        .unwrap();
    let result = client.get_liveness_result("tok-1").await.expect("matched");
    assert!(result.value.result.is_success());
    mock.assert_async().await;
    // Another action does not match GetLivenessResult's helper.
    assert!(client.apply_liveness_token(None).await.is_err());
    assert_eq!(mock.calls_async().await, 1);
}

#[tokio::test]
async fn the_other_vendors_helpers_match_too() {
    let server = MockServer::start_async().await;
    let talento = server.get_result(|when, then| {
        when.id("p-1");
        then.ok(&typed(json!([{"type": "CH_BLINK", "success": true}])));
    });
    let td = server.retrieve_result(|when, then| {
        when.into_inner().query_param("partner_code", "code");
        then.ok(&typed(json!({"code": 200, "message": "success"})));
    });
    let verifik = server.retrieve_document_liveness(|when, then| {
        when.id("rec-1");
        then.ok(&typed(json!({"data": {"_id": "rec-1", "isLive": true}})));
    });

    let challenges = talentomobile::Client::builder()
        .api_key("httpmock-api-key")
        .base_url(server.base_url())
        .build()
        .unwrap()
        .result("p-1")
        .await
        .expect("talentomobile");
    assert_eq!(challenges.value.len(), 1);
    let result = trustdecision::Client::builder()
        .partner_code("code")
        .partner_key("httpmock-partner-key")
        .base_url(server.base_url())
        .build()
        .unwrap()
        .result("123")
        .await
        .expect("trustdecision");
    assert!(result.value.code.is_pass());
    let record = verifik::Client::builder()
        .token("httpmock-token")
        .base_url(server.base_url())
        .build()
        .unwrap()
        .retrieve("rec-1")
        .await
        .expect("verifik");
    assert_eq!(record.value.is_live, Some(true));
    for mock in [talento, td, verifik] {
        mock.assert_async().await;
    }
}

/// An id is matched as the client sends it, character for character: progenitor pasted it into
/// a regex unescaped, so `a.b` also matched `aXb` and `a(b` panicked.
#[tokio::test]
async fn path_helpers_match_ids_literally() {
    let server = MockServer::start_async().await;
    let dotted = server.get_result(|when, then| {
        when.id("a.b");
        then.ok(&typed(json!([])));
    });
    let paren = server.retrieve_document_liveness(|when, then| {
        when.id("a(b");
        then.ok(&typed(json!({"data": {"_id": "a(b"}})));
    });
    let spaced = server.get_result(|when, then| {
        when.id("a b");
        then.ok(&typed(json!([])));
    });
    let status = |path: &str| {
        let url = format!("{}{path}", server.base_url());
        async move { reqwest::get(url).await.expect("loopback").status().as_u16() }
    };
    assert_eq!(
        status("/result/aXb").await,
        404,
        "a dot is not any character"
    );
    assert_eq!(status("/result/a.b").await, 200);
    assert_eq!(status("/v2/document-liveness/a(b").await, 200);
    // Percent-encoded on the wire, as the generated client sends it.
    assert_eq!(status("/result/a%20b").await, 200);
    dotted.assert_calls_async(1).await;
    paren.assert_calls_async(1).await;
    spaced.assert_calls_async(1).await;
}
