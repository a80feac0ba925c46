//! The TrustDecision client against a loopback server.
#![cfg(feature = "trustdecision")]

use liveness::trustdecision::{
    AttackKind, Client, DeviceRiskLevel, LivenessResult, PARTNER_CODE_ENV, PARTNER_KEY_ENV, Region,
    ResultCode, TrustDecisionError,
};
use liveness::{Error, HttpOptions, VendorError};
use wiremock::matchers::{header, method, path, query_param};
use wiremock::{Mock, MockServer};

use crate::support::{
    assert_hidden, assert_nothing_sent, build_against, echo_url, failing_responses, failing_then,
    failures, fast_retries, json, json_body, logged, logs, mounted, query_pairs, quick_retries,
    raw_body, requests, serving, short_timeout,
};

const CODE: &str = "partner-abc";
const KEY: &str = "td-key-0001";
const LICENSE_PATH: &str = "/verification/kyc/sdk/liveness/license/v1";
const RESULT_PATH: &str = "/verification/kyc/sdk/liveness/result/v1";

fn client(server: &MockServer, options: HttpOptions) -> Client {
    let builder = Client::builder().partner_code(CODE).partner_key(KEY);
    build_against!(builder, server.uri(), options)
}

/// A server answering every POST with HTTP 200 and `body`.
async fn answering(body: serde_json::Value) -> MockServer {
    serving("POST", json(200, body)).await
}

/// The result read from a server answering `body` (which names the case if it is not one).
async fn result_of(body: serde_json::Value) -> LivenessResult {
    let server = answering(body.clone()).await;
    client(&server, HttpOptions::default())
        .result("1234567")
        .await
        .unwrap_or_else(|e| panic!("{body}: not a result: {e}"))
        .value
}

fn trustdecision_error(error: &Error) -> &TrustDecisionError {
    let VendorError::TrustDecision(td) = crate::support::vendor_error(error) else {
        panic!("expected a TrustDecision error, got {error:?}");
    };
    td
}

#[tokio::test]
async fn credentials_go_in_the_query_and_the_body_is_json() {
    let server = mounted(
        Mock::given(method("POST"))
            .and(path(LICENSE_PATH))
            .and(query_param("partner_code", CODE))
            .and(query_param("partner_key", KEY))
            .and(header("content-type", "application/json"))
            .respond_with(json(
                200,
                serde_json::json!({
                    "code": 200, "message": "success", "sequence_id": "s-1",
                    "license": "a41701e49", "expiry_timestamp": 1715667188
                }),
            ))
            .expect(1),
    )
    .await;
    let license = client(&server, HttpOptions::default())
        .license(Some(600))
        .await
        .expect("license");
    assert_eq!(license.value.license, "a41701e49");
    assert_eq!(license.value.expiry_timestamp, Some(1715667188));
    assert_eq!(license.value.sequence_id.as_deref(), Some("s-1"));
    assert_eq!(license.request_id.as_deref(), Some("s-1"));
    let received = &requests(&server).await[0];
    assert_eq!(
        json_body(received),
        serde_json::json!({"session_duration": 600})
    );
    // Exactly the two credentials, once each; nothing else in the query.
    assert_eq!(
        query_pairs(received),
        [
            ("partner_code".to_owned(), CODE.to_owned()),
            ("partner_key".to_owned(), KEY.to_owned())
        ]
    );
}

#[tokio::test]
async fn the_liveness_id_is_sent_as_given_string_or_integer() {
    let server = answering(serde_json::json!({"code": 200})).await;
    let client = client(&server, HttpOptions::default());
    client.result(1234567).await.expect("integer id");
    client.result("1234567").await.expect("string id");
    let bodies: Vec<serde_json::Value> = requests(&server)
        .await
        .iter()
        .map(|r| {
            assert_eq!(r.url.path(), RESULT_PATH);
            json_body(r)
        })
        .collect();
    assert_eq!(
        bodies,
        [
            serde_json::json!({"liveness_id": 1234567}),
            serde_json::json!({"liveness_id": "1234567"})
        ]
    );
}

#[tokio::test]
async fn code_200_passes_as_string_and_as_integer() {
    for code in [serde_json::json!("200"), serde_json::json!(200)] {
        let result = result_of(serde_json::json!({
            "code": code, "message": "success", "sequence_id": "s",
            "image": "/9j/4AAQ", "score": 0.98958
        }))
        .await;
        assert_eq!(result.code, ResultCode::Pass, "code {code}");
        assert!(result.code.is_pass());
        assert_eq!(result.code.charged(), Some(true));
        assert_eq!(result.score, Some(0.98958));
        assert_eq!(result.image.as_deref(), Some("/9j/4AAQ"));
    }
}

#[tokio::test]
async fn an_identified_attack_is_ok_with_its_kind() {
    let cases = [
        (serde_json::json!(12205), AttackKind::VideoReplay),
        (serde_json::json!(12212), AttackKind::Mask),
        (serde_json::json!(12222), AttackKind::Injection),
        (serde_json::json!("12219"), AttackKind::Deepfake),
    ];
    for (code, kind) in cases {
        let result = result_of(serde_json::json!({
            "code": code, "message": "Identified as an attack", "sequence_id": "s",
            "device_risk_tag": ["EMULATOR"], "device_risk_level": 3
        }))
        .await;
        assert_eq!(result.code.attack(), Some(kind), "code {code}");
        assert_eq!(result.code, ResultCode::Attack(kind));
        assert!(!result.code.is_pass());
        assert_eq!(result.code.charged(), Some(true));
        assert_eq!(result.device_risk_tag, ["EMULATOR"]);
        assert_eq!(result.device_risk_level, Some(DeviceRiskLevel::Number(3.0)));
    }
}

#[tokio::test]
async fn codes_seen_only_in_third_party_clients_are_results_too() {
    for code in [12201, 12230, 12231] {
        let result = result_of(serde_json::json!({"code": code, "message": "?"})).await;
        assert_eq!(result.code, ResultCode::Other(code));
        assert_eq!(result.code.charged(), None);
    }
    let result = result_of(serde_json::json!({"code": 12218, "message": "blurry"})).await;
    assert_eq!(result.code, ResultCode::BlurryImage);
    assert_eq!(result.code.attack(), None);
}

#[tokio::test]
async fn internal_error_11350_is_retried_under_the_standard_policy_then_succeeds() {
    let internal =
        serde_json::json!({"code": 11350, "message": "Internal error", "sequence_id": "s"});
    let success = serde_json::json!({"code": "200", "message": "success"});
    let server = failing_then("POST", (1, json(200, internal)), json(200, success)).await;
    let result = client(&server, fast_retries())
        .result("1")
        .await
        .expect("the second attempt succeeds");
    assert_eq!(result.attempts, 2);
    assert_eq!(result.value.code, ResultCode::Pass);
    let received = requests(&server).await;
    assert_eq!(received.len(), 2);
    // Each attempt is signed afresh, never twice: one key per request.
    for request in &received {
        let keys = query_pairs(request)
            .iter()
            .filter(|(k, _)| k == "partner_key")
            .count();
        assert_eq!(keys, 1);
    }
}

#[tokio::test]
async fn internal_error_11350_is_a_typed_vendor_error_not_charged() {
    let server = answering(serde_json::json!({
        "code": 11350, "message": "Internal error", "sequence_id": "69b571"
    }))
    .await;
    let error = client(&server, HttpOptions::default())
        .license(None)
        .await
        .unwrap_err();
    let td = trustdecision_error(&error);
    assert_eq!(td.code, ResultCode::InternalError);
    assert_eq!(td.message, "Internal error");
    assert_eq!(td.sequence_id.as_deref(), Some("69b571"));
    assert!(td.retryable());
    assert_eq!(td.charged(), Some(false));
    assert_eq!(error.status(), Some(200));
    assert!(error.to_string().contains("11350"), "{error}");
    // Without a retry policy, one attempt only.
    assert_eq!(requests(&server).await.len(), 1);
}

#[tokio::test]
async fn parameter_and_account_errors_are_not_retried() {
    for (code, typed) in [
        (11340, ResultCode::ParameterError),
        (11301, ResultCode::ParameterEmpty),
        (303, ResultCode::NoBalance),
    ] {
        let server = answering(serde_json::json!({"code": code, "message": "no"})).await;
        let error = client(&server, fast_retries())
            .result("1")
            .await
            .unwrap_err();
        let td = trustdecision_error(&error);
        assert_eq!(td.code, typed);
        assert!(!td.retryable());
        assert!(error.to_string().contains(&code.to_string()), "{error}");
        assert_eq!(requests(&server).await.len(), 1, "code {code}");
    }
}

#[tokio::test]
async fn a_non_numeric_code_is_kept_in_a_vendor_error() {
    let server = answering(serde_json::json!({"code": "E_WEIRD", "message": "odd"})).await;
    let error = client(&server, HttpOptions::default())
        .result("1")
        .await
        .unwrap_err();
    let td = trustdecision_error(&error);
    assert_eq!(td.code, ResultCode::Unparsed("E_WEIRD".into()));
    assert_eq!(td.code.number(), None);
    assert!(error.to_string().contains("E_WEIRD"), "{error}");
}

#[tokio::test]
async fn a_license_call_answering_an_attack_code_is_an_error() {
    // Only 200 carries a license; anything else from the license API is a failure.
    let server = answering(serde_json::json!({"code": 12205})).await;
    let error = client(&server, HttpOptions::default())
        .license(None)
        .await
        .unwrap_err();
    assert_eq!(
        trustdecision_error(&error).code,
        ResultCode::Attack(AttackKind::VideoReplay)
    );
}

#[tokio::test]
async fn arguments_the_vendor_would_refuse_are_refused_before_sending() {
    let server = answering(serde_json::json!({"code": 200, "license": "l"})).await;
    let client = client(&server, HttpOptions::default());
    for duration in [0, -5, 86_401] {
        let error = client.license(Some(duration)).await.unwrap_err();
        assert!(
            matches!(error, Error::InvalidRequest { .. }),
            "{duration}: {error:?}"
        );
    }
    let error = client.result("  ").await.unwrap_err();
    assert!(matches!(error, Error::InvalidRequest { .. }), "{error:?}");
    assert_nothing_sent(&server).await;
    client.license(Some(86_400)).await.expect("the maximum");
}

#[test]
fn region_presets_are_https_and_singapore_is_the_default() {
    assert_eq!(Region::Singapore.base_url(), "https://sg-credit.apitd.net");
    assert_eq!(Region::Indonesia.base_url(), "https://id-credit.apitd.net");
    assert_eq!(Region::default(), Region::Singapore);
    let client = Client::builder()
        .partner_code(CODE)
        .partner_key(KEY)
        .region(Region::Indonesia)
        .build()
        .expect("client");
    assert!(format!("{client:?}").contains("https://id-credit.apitd.net"));
}

#[test]
fn missing_or_padded_credentials_are_config_errors_naming_the_fix() {
    // The environment is read, never written: other tests run in parallel threads.
    if std::env::var_os(PARTNER_KEY_ENV).is_none() {
        let error = Client::builder().partner_code(CODE).build().unwrap_err();
        assert!(matches!(error, Error::Config { .. }), "{error:?}");
        assert!(error.to_string().contains(PARTNER_KEY_ENV), "{error}");
    }
    if std::env::var_os(PARTNER_CODE_ENV).is_none() {
        let error = Client::builder().partner_key(KEY).build().unwrap_err();
        assert!(error.to_string().contains(PARTNER_CODE_ENV), "{error}");
    }
    let error = Client::builder()
        .partner_code(CODE)
        .partner_key(format!("{KEY}\n"))
        .build()
        .unwrap_err();
    assert!(matches!(error, Error::Config { .. }), "{error:?}");
    assert!(error.to_string().contains("whitespace"), "{error}");
    assert!(!error.to_string().contains(KEY), "{error}");
    let error = Client::builder()
        .partner_code("")
        .partner_key(KEY)
        .build()
        .unwrap_err();
    assert!(error.to_string().contains("partner_code"), "{error}");
}

#[test]
fn debug_of_the_client_never_shows_the_key() {
    let client = Client::builder()
        .partner_code(CODE)
        .partner_key(KEY)
        .build()
        .expect("client");
    let shown = format!("{client:?}");
    assert!(!shown.contains(KEY), "{shown}");
    assert!(shown.contains("REDACTED"), "{shown}");
}

// --- The sentinel: the partner key never shows, whatever fails. ---

const SENTINEL: &str = "td-SENTINEL-KEY-9f3a";

fn sentinel_client(base_url: String) -> Client {
    // Retries (and their "retrying" logs) are part of what must stay clean.
    let options = short_timeout().retry(quick_retries(2));
    let builder = Client::builder()
        .partner_code("partner")
        .partner_key(SENTINEL);
    build_against!(builder, base_url, options)
}

#[tokio::test]
async fn the_partner_key_never_shows_in_errors_or_logs() {
    let echo = format!("you sent partner_key={SENTINEL}");
    let vendor_error = json(
        200,
        serde_json::json!({"code": 11350, "message": echo, "sequence_id": SENTINEL}),
    );
    let mut cases = failing_responses(&echo, vendor_error);
    cases.push(("echoed url", Box::new(echo_url)));
    let call = |client: Client| async move { client.result("1").await };
    let mut errors = failures(sentinel_client, call, "POST", cases, &[SENTINEL]).await;
    // The URL really was echoed: the raw body keeps it; only what is shown is masked.
    assert!(raw_body(&errors, "echoed url").contains(SENTINEL));

    // A 200 without a license echoing the key: a decode error whose body is shown.
    let server = answering(serde_json::json!({"code": 200, "message": echo})).await;
    let error = sentinel_client(server.uri())
        .license(None)
        .await
        .unwrap_err();
    assert!(matches!(error, Error::Decode { .. }), "{error:?}");
    errors.push(("license without license", error));

    assert_eq!(errors.len(), 8);
    assert_hidden(&errors, &[SENTINEL]);
    assert!(logged().contains("retrying"), "the retries were logged");
}

#[tokio::test]
async fn a_key_with_url_special_characters_or_containing_the_code_is_masked_whole() {
    // The code is part of the key, and the key changes when percent-encoded into the URL.
    const CODE_PART: &str = "SENTINEL";
    const KEY: &str = "SENTINEL/td+KEY=9f3a&x";
    const KEY_IN_URL: &str = "SENTINEL%2Ftd%2BKEY%3D9f3a%26x";
    logs();
    let server = serving("POST", echo_url).await;
    let builder = Client::builder().partner_code(CODE_PART).partner_key(KEY);
    let client = build_against!(builder, server.uri(), HttpOptions::default());
    let error = client.result("1").await.unwrap_err();
    let raw = String::from_utf8_lossy(error.body().expect("body kept").bytes()).into_owned();
    assert!(raw.contains(KEY_IN_URL), "the URL was echoed: {raw}");
    for shown in [format!("{error}"), format!("{error:?}"), logged()] {
        for part in [KEY, KEY_IN_URL, "td+KEY", "td%2BKEY", "9f3a"] {
            assert!(!shown.contains(part), "{part} in: {shown}");
        }
    }
}

/// `device_risk_tag` and `device_risk_level` come only from third-party clients, in several
/// forms: none of them may fail the result (a null tag list failed it with exit 7 before).
#[tokio::test]
async fn device_risk_fields_decode_in_every_form_third_party_clients_see() {
    let cases = [
        (serde_json::json!({"device_risk_tag": null}), vec![], None),
        (serde_json::json!({}), vec![], None),
        (
            serde_json::json!({"device_risk_tag": ["ROOT"], "device_risk_level": 2}),
            vec!["ROOT"],
            Some((DeviceRiskLevel::Number(2.0), Some(2))),
        ),
        (
            serde_json::json!({"device_risk_level": "3"}),
            vec![],
            Some((DeviceRiskLevel::Text("3".into()), Some(3))),
        ),
        (
            serde_json::json!({"device_risk_level": "HIGH"}),
            vec![],
            Some((DeviceRiskLevel::Text("HIGH".into()), None)),
        ),
        (
            serde_json::json!({"device_risk_level": 1.5}),
            vec![],
            Some((DeviceRiskLevel::Number(1.5), None)),
        ),
        (serde_json::json!({"device_risk_level": null}), vec![], None),
    ];
    for (extra, tags, level) in cases {
        let mut body = serde_json::json!({"code": 200, "message": "success", "sequence_id": "s"});
        body.as_object_mut()
            .unwrap()
            .extend(extra.as_object().unwrap().clone());
        let result = result_of(body.clone()).await;
        assert!(result.code.is_pass(), "{body}");
        assert_eq!(result.device_risk_tag, tags, "{body}");
        match level {
            None => assert_eq!(result.device_risk_level, None, "{body}"),
            Some((level, integer)) => {
                assert_eq!(result.device_risk_level.as_ref(), Some(&level), "{body}");
                assert_eq!(level.as_integer(), integer, "{body}");
            }
        }
    }
}

/// The page: "The default duration is 600 seconds": a license asked for without a duration
/// sends the default, and the spec carries it.
#[tokio::test]
async fn a_license_without_a_duration_sends_the_default_600() {
    let server = answering(serde_json::json!({
        "code": 200, "message": "success", "license": "l", "expiry_timestamp": 1
    }))
    .await;
    client(&server, HttpOptions::default())
        .license(None)
        .await
        .expect("license");
    assert_eq!(
        json_body(&requests(&server).await[0]),
        serde_json::json!({"session_duration": 600})
    );
}
