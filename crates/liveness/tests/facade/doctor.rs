//! `liveness::doctor` against loopback servers, its credentials read through
//! `Doctor::variables` (the process environment is left alone): each stage's verdict, the
//! first failed stage, and no value ever in a check. Built when the `doctor` feature is on, as
//! it is in every workspace build (the CLI enables it).
#![cfg(feature = "doctor")]

use std::collections::HashMap;
use std::env::VarError;

use liveness::Vendor;
use liveness::doctor::{Check, Doctor, Stage, Status, first_failed};
use wiremock::ResponseTemplate;
use wiremock::matchers::any;

use crate::support::mounted;

const KEY: &str = "doctor-sentinel-key-0001";

/// A doctor reading `variables` (and nothing else) as its credentials.
fn doctor(url: &str, variables: &[(&str, &str)]) -> Doctor {
    let values: HashMap<String, String> = variables
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect();
    Doctor::new()
        .endpoint(url)
        .variables("the test's table", move |name| {
            values.get(name).cloned().ok_or(VarError::NotPresent)
        })
}

/// A server answering everything with `response`.
async fn answering(response: ResponseTemplate) -> wiremock::MockServer {
    mounted(wiremock::Mock::given(any()).respond_with(response)).await
}

fn find<'a>(checks: &'a [Check], name: &str) -> &'a Check {
    checks
        .iter()
        .find(|c| c.name == name)
        .unwrap_or_else(|| panic!("no {name} in {checks:#?}"))
}

fn assert_no_value(checks: &[Check], value: &str) {
    let shown = format!("{checks:?} {}", serde_json::to_string(checks).unwrap());
    assert!(!shown.contains(value), "a value is shown: {shown}");
}

#[cfg(feature = "talentomobile")]
#[tokio::test]
async fn a_404_for_the_made_up_id_is_credentials_accepted_and_the_request_is_kept() {
    let server = answering(ResponseTemplate::new(404)).await;
    let checks = doctor(&server.uri(), &[("TALENTOMOBILE_API_KEY", KEY)])
        .check(Vendor::Talentomobile)
        .await;
    assert_eq!(first_failed(&checks), None, "{checks:#?}");
    let stages: Vec<Stage> = checks.iter().map(|c| c.stage).collect();
    assert!(stages.is_sorted(), "in stage order: {stages:?}");
    let key = find(&checks, "TALENTOMOBILE_API_KEY");
    assert_eq!(key.status, Status::Ok);
    assert!(
        key.why
            .contains("from the test's table TALENTOMOBILE_API_KEY"),
        "{key:?}"
    );
    assert_eq!(
        find(&checks, "tls").status,
        Status::Skipped,
        "http has no TLS"
    );
    let auth = find(&checks, "credentials accepted");
    assert_eq!(auth.status, Status::Ok, "{auth:?}");
    let request = auth.request.as_deref().expect("the request is kept");
    assert!(
        request.starts_with(&format!("GET {}/", server.uri())),
        "{request}"
    );
    assert!(request.contains("authorization"), "{request}");
    assert_no_value(&checks, KEY);
    // The read was made once, with the key the table gave.
    let received = server.received_requests().await.unwrap();
    let reads: Vec<_> = received
        .iter()
        .filter(|r| r.method.as_str() == "GET")
        .collect();
    assert_eq!(reads.len(), 1);
    assert_eq!(reads[0].headers["authorization"], KEY);
}

#[cfg(feature = "verifik")]
#[tokio::test]
async fn a_401_is_refused_and_the_auth_stage_is_the_first_failed() {
    let server = answering(crate::support::json(
        401,
        serde_json::json!({"message": "Unauthorized"}),
    ))
    .await;
    let token = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJkb2N0b3IifQ.c2lnbmF0dXJl";
    let checks = doctor(&server.uri(), &[("VERIFIK_TOKEN", token)])
        .check(Vendor::Verifik)
        .await;
    let auth = find(&checks, "credentials accepted");
    assert_eq!(auth.status, Status::Fail, "{auth:?}");
    assert!(auth.why.starts_with("refused"), "{auth:?}");
    assert_eq!(first_failed(&checks), Some(Stage::Auth));
    assert_no_value(&checks, token);
}

#[cfg(feature = "tencent")]
#[tokio::test]
async fn tencent_auth_failure_and_a_clock_two_hours_off_both_fail() {
    let two_hours_ago = chrono::Utc::now() - chrono::Duration::hours(2);
    let answer = crate::support::json(
        200,
        serde_json::json!({"Response": {
            "Error": {"Code": "AuthFailure.SecretIdNotFound", "Message": "The SecretId is not found"},
            "RequestId": "doctor-test"
        }}),
    )
    .insert_header("date", two_hours_ago.to_rfc2822().as_str());
    let server = answering(answer).await;
    let secret = "tencent-doctor-secret";
    let variables = [
        ("TENCENTCLOUD_SECRET_ID", "AKIDdoctortest"),
        ("TENCENTCLOUD_SECRET_KEY", secret),
        ("TENCENTCLOUD_REGION", "ap-jakarta"),
    ];
    let checks = doctor(&server.uri(), &variables)
        .check(Vendor::Tencent)
        .await;
    let region = find(&checks, "region");
    assert_eq!(region.status, Status::Ok, "{region:?}");
    let skew = find(&checks, "skew");
    assert_eq!(
        skew.status,
        Status::Fail,
        "TC3 refuses 5 minutes off: {skew:?}"
    );
    assert!(skew.why.contains("ahead of"), "{skew:?}");
    let auth = find(&checks, "credentials accepted");
    assert_eq!(auth.status, Status::Fail, "{auth:?}");
    assert!(
        auth.why.contains("AuthFailure.SecretIdNotFound"),
        "{auth:?}"
    );
    assert_eq!(first_failed(&checks), Some(Stage::Clock));
    assert_no_value(&checks, secret);
}

#[cfg(feature = "trustdecision")]
#[tokio::test]
async fn a_pasted_newline_fails_the_credentials_and_skips_auth_without_a_request() {
    let server = answering(ResponseTemplate::new(200)).await;
    let key = "td-doctor-partner-key\n";
    let variables = [
        ("TRUSTDECISION_PARTNER_CODE", "doctor"),
        ("TRUSTDECISION_PARTNER_KEY", key),
    ];
    let checks = doctor(&server.uri(), &variables)
        .check(Vendor::TrustDecision)
        .await;
    let pasted = find(&checks, "TRUSTDECISION_PARTNER_KEY");
    assert_eq!(pasted.status, Status::Fail);
    assert!(pasted.why.contains("line break"), "{pasted:?}");
    assert_eq!(
        find(&checks, "credentials accepted").status,
        Status::Skipped
    );
    assert_eq!(first_failed(&checks), Some(Stage::Credentials));
    assert_no_value(&checks, key.trim());
    let sent = server.received_requests().await.unwrap();
    assert!(
        sent.iter().all(|r| r.method.as_str() == "HEAD"),
        "only the clock's HEAD, no read: {sent:?}"
    );
}

#[cfg(feature = "talentomobile")]
#[tokio::test]
async fn a_closed_port_fails_the_endpoint_and_skips_the_rest() {
    let url = format!("http://127.0.0.1:{}", crate::support::closed_port());
    let checks = doctor(&url, &[("TALENTOMOBILE_API_KEY", KEY)])
        .check(Vendor::Talentomobile)
        .await;
    assert_eq!(find(&checks, "tcp").status, Status::Fail);
    assert_eq!(find(&checks, "skew").status, Status::Skipped);
    assert_eq!(
        find(&checks, "credentials accepted").status,
        Status::Skipped
    );
    assert_eq!(first_failed(&checks), Some(Stage::Endpoint));
}

#[test]
fn present_lists_the_vendors_with_a_variable_and_why_the_others_are_skipped() {
    let (present, skipped) = doctor("http://127.0.0.1:9", &[("VERIFIK_TOKEN", "x")]).present();
    assert_eq!(present, vec![Vendor::Verifik]);
    assert_eq!(skipped.len(), 3);
    let (vendor, why) = &skipped[0];
    assert_eq!(*vendor, Vendor::Tencent);
    assert!(why.contains("TENCENTCLOUD_SECRET_ID"), "{why}");
}

#[cfg(feature = "tencent")]
#[test]
fn the_url_checked_is_the_one_the_client_would_call() {
    let doctor = Doctor::new().variables("nothing", |_| Err(VarError::NotPresent));
    assert_eq!(
        doctor
            .clone()
            .tencent_region("ap-jakarta")
            .base_url(Vendor::Tencent)
            .unwrap(),
        "https://faceid.ap-jakarta.tencentcloudapi.com"
    );
    // A region FaceID does not offer: the credential check fails it, and the URL shown is the
    // international host rather than nothing.
    assert_eq!(
        doctor
            .clone()
            .tencent_region("ap-tokyo")
            .base_url(Vendor::Tencent)
            .unwrap(),
        doctor.base_url(Vendor::Tencent).unwrap()
    );
    assert_eq!(
        doctor.base_url(Vendor::Tencent).unwrap(),
        liveness::tencent::Client::builder()
            .credentials(
                liveness::tencent::Credentials::new("AKIDx", "placeholder".to_owned().into())
                    .unwrap()
            )
            .region("ap-singapore")
            .build()
            .unwrap()
            .base_url()
    );
}

#[cfg(feature = "tencent")]
#[tokio::test]
async fn a_region_tencent_refuses_fails_auth_rather_than_passing_as_accepted() {
    for code in ["UnsupportedRegion", "MissingParameter"] {
        let server = answering(crate::support::json(
            200,
            serde_json::json!({"Response": {
                "Error": {"Code": code, "Message": "The region is not supported"},
                "RequestId": "doctor-region"
            }}),
        ))
        .await;
        let variables = [
            ("TENCENTCLOUD_SECRET_ID", "AKIDdoctortest"),
            ("TENCENTCLOUD_SECRET_KEY", "tencent-doctor-secret"),
            ("TENCENTCLOUD_REGION", "ap-singapore"),
        ];
        let checks = doctor(&server.uri(), &variables)
            .check(Vendor::Tencent)
            .await;
        let auth = find(&checks, "credentials accepted");
        assert_eq!(auth.status, Status::Fail, "{code}: {auth:?}");
        assert!(auth.fix.contains("ap-singapore"), "{auth:?}");
    }
}

/// The endpoint answers (the clock's HEAD), but the read itself times out: a failure to see
/// about, not a warning.
#[cfg(feature = "talentomobile")]
#[tokio::test]
async fn a_read_that_times_out_fails_auth() {
    use wiremock::matchers::method;

    let server = mounted(
        wiremock::Mock::given(method("GET"))
            .respond_with(ResponseTemplate::new(404).set_delay(std::time::Duration::from_secs(5))),
    )
    .await;
    server
        .register(wiremock::Mock::given(method("HEAD")).respond_with(ResponseTemplate::new(200)))
        .await;
    let checks = doctor(&server.uri(), &[("TALENTOMOBILE_API_KEY", KEY)])
        .timeout(std::time::Duration::from_millis(300))
        .check(Vendor::Talentomobile)
        .await;
    assert_eq!(find(&checks, "skew").status, Status::Ok, "{checks:#?}");
    let auth = find(&checks, "credentials accepted");
    assert_eq!(auth.status, Status::Fail, "{auth:?}");
    assert!(auth.fix.contains("endpoint"), "{auth:?}");
}

/// An endpoint the clients refuse (a password, a query that may hold a partner_key) fails the
/// URL check with the builder's reason, shows neither, and nothing is sent.
#[cfg(feature = "trustdecision")]
#[tokio::test]
async fn an_endpoint_with_a_password_or_a_query_fails_without_showing_it() {
    let variables = [
        ("TRUSTDECISION_PARTNER_CODE", "doctor"),
        ("TRUSTDECISION_PARTNER_KEY", "td-doctor-partner-key"),
    ];
    for url in [
        "https://user:hunter2@127.0.0.1:9",
        "https://127.0.0.1:9/api?partner_key=hunter2",
    ] {
        let checks = doctor(url, &variables).check(Vendor::TrustDecision).await;
        let check = find(&checks, "url");
        assert_eq!(check.status, Status::Fail, "{url}: {check:?}");
        assert_eq!(first_failed(&checks), Some(Stage::Endpoint));
        assert_eq!(
            find(&checks, "credentials accepted").status,
            Status::Skipped
        );
        assert!(checks.iter().all(|c| c.name != "dns"), "{checks:#?}");
        assert_no_value(&checks, "hunter2");
    }
}
