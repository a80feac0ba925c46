//! Credentials read from the environment, for every vendor. One test in its own binary: it sets
//! process-wide variables, which no other test may observe.
#![cfg(all(
    feature = "tencent",
    feature = "trustdecision",
    feature = "talentomobile",
    feature = "verifik"
))]

use liveness::{talentomobile, tencent, trustdecision, verifik};
use wiremock::matchers::{header, header_regex, method, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

const VARS: [&str; 7] = [
    "TENCENTCLOUD_SECRET_ID",
    "TENCENTCLOUD_SECRET_KEY",
    "TENCENTCLOUD_SESSION_TOKEN",
    "TRUSTDECISION_PARTNER_CODE",
    "TRUSTDECISION_PARTNER_KEY",
    "TALENTOMOBILE_API_KEY",
    "VERIFIK_TOKEN",
];

fn set(name: &str, value: &str) {
    // SAFETY: this binary holds one test and sets variables before any thread reads them.
    unsafe { std::env::set_var(name, value) }
}

fn clear() {
    for name in VARS {
        // SAFETY: as in `set`.
        unsafe { std::env::remove_var(name) }
    }
}

/// The `Display` of a build failure for each vendor, built with nothing given in code.
fn build_errors(base: &str) -> Vec<(&'static str, String)> {
    let shown = |e: liveness::Error| format!("{e} {e:?}");
    vec![
        (
            "TENCENTCLOUD_SECRET_",
            tencent::Client::builder()
                .base_url(base)
                .build()
                .err()
                .map(shown)
                .unwrap_or_default(),
        ),
        (
            "TRUSTDECISION_PARTNER_",
            trustdecision::Client::builder()
                .base_url(base)
                .build()
                .err()
                .map(shown)
                .unwrap_or_default(),
        ),
        (
            "TALENTOMOBILE_API_KEY",
            talentomobile::Client::builder()
                .base_url(base)
                .build()
                .err()
                .map(shown)
                .unwrap_or_default(),
        ),
        (
            "VERIFIK_TOKEN",
            verifik::Client::builder()
                .base_url(base)
                .build()
                .err()
                .map(shown)
                .unwrap_or_default(),
        ),
    ]
}

#[test]
fn every_vendor_reads_its_environment_variables() {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let server = runtime.block_on(MockServer::start());
    let base = server.uri();

    // Unset: a configuration error that names the variable.
    clear();
    for (variable, error) in build_errors(&base) {
        assert!(error.contains(variable), "{variable}: {error:?}");
    }

    // Padded with whitespace (a newline from a secrets file): refused, the value never shown.
    let padded = "PADDED-sentinel-value";
    for name in VARS {
        set(name, &format!("{padded}\n"));
    }
    for (variable, error) in build_errors(&base) {
        assert!(!error.is_empty(), "{variable}: a padded value was accepted");
        assert!(!error.contains(padded), "{variable}: {error}");
    }

    // Good values: each request carries them the vendor's way.
    clear();
    set("TENCENTCLOUD_SECRET_ID", "AKIDfromenv");
    set("TENCENTCLOUD_SECRET_KEY", "key-from-env");
    set("TENCENTCLOUD_SESSION_TOKEN", "token-from-env");
    set("TRUSTDECISION_PARTNER_CODE", "code-from-env");
    set("TRUSTDECISION_PARTNER_KEY", "partner-key-from-env");
    set("TALENTOMOBILE_API_KEY", "talento-from-env");
    set("VERIFIK_TOKEN", "verifik-from-env");
    runtime.block_on(async {
        Mock::given(method("POST"))
            .and(header("x-tc-token", "token-from-env"))
            .and(header_regex(
                "authorization",
                "^TC3-HMAC-SHA256 Credential=AKIDfromenv/",
            ))
            .respond_with(ResponseTemplate::new(200).set_body_json(
                serde_json::json!({"Response": {"SdkToken": "t", "RequestId": "r"}}),
            ))
            .expect(1)
            .mount(&server)
            .await;
        Mock::given(method("POST"))
            .and(query_param("partner_code", "code-from-env"))
            .and(query_param("partner_key", "partner-key-from-env"))
            .respond_with(ResponseTemplate::new(200).set_body_json(
                serde_json::json!({"code": 200, "license": "l", "expiry_timestamp": 1}),
            ))
            .expect(1)
            .mount(&server)
            .await;
        Mock::given(method("GET"))
            .and(header("authorization", "talento-from-env"))
            .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!([])))
            .expect(1)
            .mount(&server)
            .await;
        Mock::given(method("GET"))
            .and(header("authorization", "Bearer verifik-from-env"))
            .respond_with(
                ResponseTemplate::new(200).set_body_json(serde_json::json!({"data": {"_id": "x"}})),
            )
            .expect(1)
            .mount(&server)
            .await;

        let tencent = tencent::Client::builder().base_url(&base).build().unwrap();
        tencent.apply_liveness_token(None).await.expect("tencent");
        let td = trustdecision::Client::builder()
            .base_url(&base)
            .build()
            .unwrap();
        td.license(None).await.expect("trustdecision");
        let talento = talentomobile::Client::builder()
            .base_url(&base)
            .build()
            .unwrap();
        talento.result("p").await.expect("talentomobile");
        let verifik = verifik::Client::builder().base_url(&base).build().unwrap();
        verifik.retrieve("x").await.expect("verifik");
        server.verify().await;
    });
    clear();
}
