//! Every operation of every vendor client, driven through the mock: the mock's spec validator
//! accepts each request the clients send, and rejects a deliberately broken one.

use std::collections::BTreeSet;

use liveness::verifik::{Check, CreateRequest, ListQuery};
use liveness::{talentomobile, tencent, trustdecision, verifik};
use liveness_mock::config::{
    DEMO_TALENTOMOBILE_API_KEY, DEMO_TENCENT_SECRET_ID, DEMO_TENCENT_SECRET_KEY,
    DEMO_TRUSTDECISION_PARTNER_CODE, DEMO_TRUSTDECISION_PARTNER_KEY, DEMO_VERIFIK_TOKEN,
};
use liveness_mock::spec::Specs;
use liveness_mock::{MockConfig, MockServer, Outcome, Vendor};

const PNG: &str = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==";

fn tencent_client(base: &str, style: tencent::SignedHeaderSet) -> tencent::Client {
    let credentials = tencent::Credentials::new(
        DEMO_TENCENT_SECRET_ID,
        DEMO_TENCENT_SECRET_KEY.to_owned().into(),
    )
    .expect("demo credentials");
    tencent::Client::builder()
        .region("ap-singapore")
        .credentials(credentials)
        .signed_headers(style)
        .region("ap-singapore")
        .base_url(base)
        .build()
        .expect("client")
}

#[tokio::test]
async fn every_client_operation_conforms_to_its_spec() {
    let mock = MockServer::start(MockConfig::demo()).await.expect("mock");
    let base = mock.base_url();

    for style in [
        tencent::SignedHeaderSet::ContentTypeHost,
        tencent::SignedHeaderSet::ContentTypeHostAction,
    ] {
        let client = tencent_client(base, style);
        let token = client
            .apply_liveness_token(Some(tencent::SecureLevel::Silent))
            .await
            .expect("token")
            .value
            .sdk_token;
        let result = client.get_liveness_result(&token).await.expect("result");
        assert!(result.value.result.is_success());
        // The page's own token leads to the page's own output (Result 1001).
        let sample = client
            .get_liveness_result("D2B55F0C-FB5D-4FB6-8765-3E931EBBFC79")
            .await
            .expect("sample");
        assert_eq!(sample.value.result.code(), "1001");
    }

    let td = trustdecision::Client::builder()
        .partner_code(DEMO_TRUSTDECISION_PARTNER_CODE)
        .partner_key(DEMO_TRUSTDECISION_PARTNER_KEY)
        .base_url(base)
        .build()
        .expect("client");
    let license = td.license(Some(900)).await.expect("license").value;
    let id = license
        .license
        .trim_start_matches("mock-license-")
        .to_owned();
    assert!(
        td.result(id.as_str())
            .await
            .expect("result")
            .value
            .code
            .is_pass()
    );
    // The page's example id, sent as the number its example shows.
    let sample = td.result(1_234_567_i64).await.expect("sample").value;
    assert_eq!(sample.score, Some(0.98958));

    let talento = talentomobile::Client::builder()
        .api_key(DEMO_TALENTOMOBILE_API_KEY)
        .base_url(base)
        .build()
        .expect("client");
    let process = mock.create_session(Vendor::Talentomobile, Outcome::Pass);
    let challenges = talento.result(&process).await.expect("result").value;
    assert!(challenges.iter().all(|c| c.success));

    let verifik = verifik::Client::builder()
        .token(DEMO_VERIFIK_TOKEN)
        .base_url(base)
        .build()
        .expect("client");
    let created = verifik
        .create(
            CreateRequest::new(PNG)
                .check(Check::ScreenReplay)
                .check(Check::DigitalManipulation)
                .save_image(true),
        )
        .await
        .expect("create")
        .value;
    let id = created.id.expect("an _id");
    assert_eq!(
        verifik.retrieve(&id).await.expect("retrieve").value.id,
        Some(id.clone())
    );
    let page = verifik
        .list(&ListQuery {
            page: Some(1),
            limit: Some(5),
            status: Some("completed".into()),
            populates: liveness::verifik::Populate::ALL.to_vec(),
        })
        .await
        .expect("list")
        .value;
    assert!(page.records.iter().any(|r| r.id.as_deref() == Some(&id)));
    let listing = verifik
        .list_all(&ListQuery::default(), 10)
        .await
        .expect("list all");
    assert!(listing.complete);

    let requests = mock.requests();
    for request in &requests {
        assert_eq!(request.violations, None, "{request:?}");
        assert!(request.status < 400, "{request:?}");
    }
    let served: BTreeSet<(Vendor, String)> = requests
        .iter()
        .filter_map(|r| Some((r.vendor?, r.operation.clone()?)))
        .collect();
    let every: BTreeSet<(Vendor, String)> = Specs::embedded()
        .operations()
        .iter()
        .map(|o| (o.vendor, o.id.clone()))
        .collect();
    assert_eq!(served, every, "every spec operation was exercised");
}

#[tokio::test]
async fn a_request_that_breaks_the_spec_is_rejected_and_named() {
    let mock = MockServer::start(MockConfig::demo()).await.expect("mock");
    let http = reqwest::Client::new();
    let response = http
        .post(format!("{}/v2/document-liveness", mock.base_url()))
        .bearer_auth(DEMO_VERIFIK_TOKEN)
        .header("content-type", "application/json")
        .body(r#"{"validateScreenReplay": "yes"}"#)
        .send()
        .await
        .expect("sent");
    assert_eq!(response.status(), 400);
    let body = response.text().await.expect("body");
    assert!(body.contains("image"), "{body}");
    assert!(body.contains("validateScreenReplay"), "{body}");

    let response = http
        .get(format!(
            "{}/v2/document-liveness?limit=500",
            mock.base_url()
        ))
        .bearer_auth(DEMO_VERIFIK_TOKEN)
        .send()
        .await
        .expect("sent");
    assert_eq!(response.status(), 400);
    assert!(response.text().await.expect("body").contains("limit"));

    let logged = mock.requests();
    assert_eq!(logged.len(), 2);
    assert!(logged.iter().all(|r| r.violations.is_some()));
}

#[tokio::test]
async fn unknown_ids_get_each_vendors_not_found() {
    let mock = MockServer::start(MockConfig::demo()).await.expect("mock");
    let base = mock.base_url();
    let error = tencent_client(base, tencent::SignedHeaderSet::ContentTypeHost)
        .get_liveness_result("no-such-token")
        .await
        .unwrap_err();
    assert!(error.to_string().contains("BizTokenIllegal"), "{error}");
    let error = talentomobile::Client::builder()
        .api_key(DEMO_TALENTOMOBILE_API_KEY)
        .base_url(base)
        .build()
        .unwrap()
        .result("no-such-process")
        .await
        .unwrap_err();
    assert_eq!(error.status(), Some(404));
    let error = verifik::Client::builder()
        .token(DEMO_VERIFIK_TOKEN)
        .base_url(base)
        .build()
        .unwrap()
        .retrieve("000000000000000000000000")
        .await
        .unwrap_err();
    assert_eq!(error.status(), Some(404));
    assert!(
        error.to_string().contains("DOCUMENT_LIVENESS_NOT_FOUND"),
        "{error}"
    );
}

#[tokio::test]
async fn a_chosen_outcome_reaches_the_client() {
    let mock = MockServer::start(MockConfig::demo()).await.expect("mock");
    mock.set_outcome(Outcome::Attack(Some("12212".into())));
    let td = trustdecision::Client::builder()
        .partner_code(DEMO_TRUSTDECISION_PARTNER_CODE)
        .partner_key(DEMO_TRUSTDECISION_PARTNER_KEY)
        .base_url(mock.base_url())
        .build()
        .unwrap();
    let license = td.license(None).await.unwrap().value;
    let id = license
        .license
        .trim_start_matches("mock-license-")
        .to_owned();
    let result = td.result(id.as_str()).await.unwrap().value;
    assert_eq!(result.code.attack(), Some(trustdecision::AttackKind::Mask));

    let token = mock.create_session(Vendor::Tencent, Outcome::Expired);
    let error = tencent_client(mock.base_url(), tencent::SignedHeaderSet::ContentTypeHost)
        .get_liveness_result(&token)
        .await
        .unwrap_err();
    assert!(error.to_string().contains("BizTokenExpired"), "{error}");
}
