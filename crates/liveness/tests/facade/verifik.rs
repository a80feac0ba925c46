//! The Verifik client against a loopback server.
#![cfg(feature = "verifik")]

use std::time::Duration;

use liveness::verifik::{
    Calibration, Check, Client, CreateDocumentLivenessRequest, CreateRequest, Environment,
    ListQuery, MAX_PAGE_SIZE, Populate, RecordExt, TOKEN_ENV, VerifikError,
};
use liveness::{Error, HttpOptions, RetryPolicy, TransportKind, VendorError};
use wiremock::matchers::{body_json, header, method, path, query_param, query_param_is_missing};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

use crate::support::{closed_port, logs};

const TOKEN: &str = "vf-token-0001";

fn client_with(server: &MockServer, options: HttpOptions) -> Client {
    Client::builder()
        .token(TOKEN)
        .base_url(server.uri())
        .options(options)
        .build()
        .expect("client")
}

fn client(server: &MockServer) -> Client {
    client_with(server, HttpOptions::default())
}

fn fast_retries() -> HttpOptions {
    HttpOptions::default()
        .retry(RetryPolicy::standard().backoff(Duration::from_millis(1), Duration::from_millis(5)))
}

async fn requests(server: &MockServer) -> Vec<Request> {
    server.received_requests().await.expect("recorded")
}

fn verifik_error(error: &Error) -> &VerifikError {
    let Error::Vendor { error: vendor, .. } = error else {
        panic!("expected a vendor error, got {error:?}");
    };
    let VendorError::Verifik(verifik) = vendor.as_ref() else {
        panic!("expected a Verifik error, got {vendor:?}");
    };
    verifik
}

/// The retrieve page's record (nested shape).
fn nested_record() -> serde_json::Value {
    serde_json::json!({
        "_id": "document_liveness_123456789",
        "status": "completed",
        "validationResults": {
            "screenReplay": {"passed": true, "score": 0.95, "details": "No screen replay detected"},
            "printedCopy": {"passed": false, "score": 0.40, "details": "Printed copy"},
            "portraitSubstitution": {"passed": true, "score": 0.88},
            "digitalManipulation": {"passed": true, "score": 0.92}
        },
        "calibrationSettings": {"screenReplayCalibration": "REGULAR", "printedCopyCalibration": "HARD"},
        "validationFlags": {"ignoreDocumentCroppedValidation": false},
        "riskScore": 0.05,
        "confidence": 0.91
    })
}

/// The create page's record (flat shape, with the vendor's `sreen` spelling).
fn flat_record() -> serde_json::Value {
    serde_json::json!({
        "_id": "6716c5e2a9b4f3a1d2e4c8b7",
        "validateScreenReplay": true,
        "validatePrintedCopy": true,
        "validateDigitalManipulation": false,
        "sreenReplayScore": 2.74,
        "printedCopyScore": 10.72,
        "portraitSubstitutionScore": -0.12,
        "sreenReplayProbability": 0.06,
        "sreenReplayCalibration": "HARD",
        "printedCopyWarnings": ["GLARE_ON_IMAGE"],
        "aggregatedScore": 0.93,
        "isLive": true,
        "rawResponse": {"screen_replay": {"probability": "0.0612", "label": "live"}}
    })
}

#[tokio::test]
async fn retrieve_sends_the_bearer_token_and_reads_the_nested_record() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v2/document-liveness/document_liveness_123456789"))
        .and(header("authorization", format!("Bearer {TOKEN}").as_str()))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({
            "success": true, "data": nested_record(),
            "signature": {"dateTime": "April 11, 2023 12:25 PM", "message": "Certified by Verifik.co"}
        })))
        .expect(1)
        .mount(&server)
        .await;
    let record = client(&server)
        .retrieve("document_liveness_123456789")
        .await
        .expect("nested")
        .value;
    assert_eq!(record.id.as_deref(), Some("document_liveness_123456789"));
    assert_eq!(record.status.as_deref(), Some("completed"));
    assert_eq!(record.risk_score, Some(0.05));
    let screen = record.check(Check::ScreenReplay);
    assert_eq!(screen.score, Some(0.95));
    assert_eq!(screen.passed, Some(true));
    assert_eq!(screen.calibration.as_deref(), Some("REGULAR"));
    assert_eq!(screen.details.as_deref(), Some("No screen replay detected"));
    let printed = record.check(Check::PrintedCopy);
    assert_eq!(
        (
            printed.passed,
            printed.score,
            printed.calibration.as_deref()
        ),
        (Some(false), Some(0.40), Some("HARD"))
    );
    assert_eq!(record.check(Check::DigitalManipulation).score, Some(0.92));
}

#[tokio::test]
async fn retrieve_reads_the_flat_record_with_its_misspelled_fields() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v2/document-liveness/6716c5e2a9b4f3a1d2e4c8b7"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(serde_json::json!({"data": flat_record()})),
        )
        .mount(&server)
        .await;
    let record = client(&server)
        .retrieve("6716c5e2a9b4f3a1d2e4c8b7")
        .await
        .expect("flat")
        .value;
    assert_eq!(record.is_live, Some(true));
    assert_eq!(record.aggregated_score, Some(0.93));
    assert_eq!(
        record.raw_response["screen_replay"]["probability"],
        "0.0612"
    );
    let screen = record.check(Check::ScreenReplay);
    assert_eq!(screen.requested, Some(true));
    assert_eq!(screen.score, Some(2.74));
    assert_eq!(screen.probability, Some(0.06));
    assert_eq!(screen.calibration.as_deref(), Some("HARD"));
    assert_eq!(screen.passed, None);
    let printed = record.check(Check::PrintedCopy);
    assert_eq!(printed.score, Some(10.72));
    assert_eq!(printed.warnings, ["GLARE_ON_IMAGE"]);
    assert_eq!(record.check(Check::PortraitSubstitution).score, Some(-0.12));
    let manipulation = record.check(Check::DigitalManipulation);
    assert_eq!(
        (manipulation.requested, manipulation.score),
        (Some(false), None)
    );
}

#[tokio::test]
async fn the_correct_spelling_of_screen_replay_reads_too() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({
            "data": {"screenReplayScore": 1.5, "screenReplayWarnings": ["LOW_RESOLUTION"]}
        })))
        .mount(&server)
        .await;
    let record = client(&server).retrieve("x").await.expect("record").value;
    let screen = record.check(Check::ScreenReplay);
    assert_eq!(screen.score, Some(1.5));
    assert_eq!(screen.warnings, ["LOW_RESOLUTION"]);
}

#[tokio::test]
async fn not_found_is_a_typed_vendor_error_in_either_body_style() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v2/document-liveness/a"))
        .respond_with(ResponseTemplate::new(404).set_body_json(serde_json::json!({
            "error": "Document liveness not found", "message": "DOCUMENT_LIVENESS_NOT_FOUND"
        })))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/v2/document-liveness/b"))
        .respond_with(ResponseTemplate::new(404).set_body_json(serde_json::json!({
            "message": "Record not found.", "code": "NotFound"
        })))
        .mount(&server)
        .await;
    let client = client_with(&server, fast_retries());
    let error = client.retrieve("a").await.unwrap_err();
    let verifik = verifik_error(&error);
    assert_eq!(verifik.status, 404);
    assert_eq!(
        verifik.error.as_deref(),
        Some("Document liveness not found")
    );
    assert_eq!(verifik.message, "DOCUMENT_LIVENESS_NOT_FOUND");
    assert_eq!(verifik.code, None);
    assert_eq!(error.status(), Some(404));
    assert!(
        error.to_string().contains("DOCUMENT_LIVENESS_NOT_FOUND"),
        "{error}"
    );

    let error = client.retrieve("b").await.unwrap_err();
    let verifik = verifik_error(&error);
    assert_eq!(
        (
            verifik.status,
            verifik.code.as_deref(),
            verifik.message.as_str()
        ),
        (404, Some("NotFound"), "Record not found.")
    );
    assert!(!verifik.retryable());
    // A 404 is never retried, even under a retry policy.
    assert_eq!(requests(&server).await.len(), 2);
}

#[tokio::test]
async fn unauthorized_is_a_typed_error_with_a_hint_and_is_not_retried() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(401).set_body_json(serde_json::json!({
            "message": "Unauthorized", "code": "UnauthorizedError"
        })))
        .mount(&server)
        .await;
    let error = client_with(&server, fast_retries())
        .list(&ListQuery::default())
        .await
        .unwrap_err();
    let verifik = verifik_error(&error);
    assert_eq!(verifik.status, 401);
    assert_eq!(verifik.code.as_deref(), Some("UnauthorizedError"));
    assert!(error.to_string().contains("check the token"), "{error}");
    assert_eq!(requests(&server).await.len(), 1);
}

#[tokio::test]
async fn a_500_is_retried_for_reads_but_never_for_create() {
    let server = MockServer::start().await;
    let failure = ResponseTemplate::new(500)
        .set_body_json(serde_json::json!({"message": "boom", "code": "InternalError"}));
    Mock::given(method("GET"))
        .respond_with(failure.clone())
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(serde_json::json!({"data": {"_id": "r"}})),
        )
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .respond_with(failure)
        .mount(&server)
        .await;
    let client = client_with(&server, fast_retries());
    let read = client.retrieve("r").await.expect("the retry succeeds");
    assert_eq!(read.attempts, 2);

    let error = client
        .create(CreateRequest::new("iVBORw0KGgo=").check(Check::ScreenReplay))
        .await
        .unwrap_err();
    let verifik = verifik_error(&error);
    assert_eq!(verifik.status, 500);
    assert!(verifik.retryable(), "retryable in itself...");
    let posts = requests(&server)
        .await
        .iter()
        .filter(|r| r.method.as_str() == "POST")
        .count();
    assert_eq!(
        posts, 1,
        "...but a create that may have arrived is not repeated"
    );
}

#[tokio::test]
async fn list_reads_the_current_envelope_and_sends_the_query() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v2/document-liveness"))
        .and(query_param("page", "1"))
        .and(query_param("limit", "2"))
        .and(query_param("status", "completed"))
        .and(header("authorization", format!("Bearer {TOKEN}").as_str()))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({
            "success": true, "data": [{"_id": "r1"}, {"_id": "r2"}],
            "pagination": {"page": 1, "limit": 2, "total": 3, "pages": 2},
            "signature": {"dateTime": "October 28, 2025 1:30 AM"}
        })))
        .expect(1)
        .mount(&server)
        .await;
    let page = client(&server)
        .list(&ListQuery {
            page: Some(1),
            limit: Some(2),
            status: Some("completed".into()),
            ..ListQuery::default()
        })
        .await
        .expect("page")
        .value;
    let ids: Vec<_> = page.records.iter().map(|r| r.id.as_deref()).collect();
    assert_eq!(ids, [Some("r1"), Some("r2")]);
    assert_eq!(
        (page.page, page.limit, page.total, page.pages),
        (Some(1), Some(2), Some(3), Some(2))
    );
}

#[tokio::test]
async fn list_reads_the_older_envelope_and_sends_no_unset_parameter() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v2/document-liveness"))
        .and(query_param_is_missing("page"))
        .and(query_param_is_missing("limit"))
        .and(query_param_is_missing("status"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({
            "data": [{"_id": "r3"}], "total": 11, "limit": 10, "page": 1, "pages": 2
        })))
        .expect(1)
        .mount(&server)
        .await;
    let page = client(&server)
        .list(&ListQuery::default())
        .await
        .expect("page")
        .value;
    assert_eq!(page.records.len(), 1);
    assert_eq!(
        (page.page, page.limit, page.total, page.pages),
        (Some(1), Some(10), Some(11), Some(2))
    );
}

#[tokio::test]
async fn list_refuses_out_of_range_paging_without_sending() {
    let server = MockServer::start().await;
    let client = client(&server);
    for query in [
        ListQuery {
            limit: Some(0),
            ..ListQuery::default()
        },
        ListQuery {
            limit: Some(MAX_PAGE_SIZE + 1),
            ..ListQuery::default()
        },
        ListQuery {
            page: Some(0),
            ..ListQuery::default()
        },
    ] {
        let error = client.list(&query).await.unwrap_err();
        assert!(matches!(error, Error::InvalidRequest { .. }), "{error:?}");
    }
    assert!(requests(&server).await.is_empty());
}

/// Mounts pages 1..=3 of 2, 2 and 1 records, each expected exactly once; `counts` puts the
/// page count in the envelope (else the client must stop at the short page).
async fn three_pages(server: &MockServer, counts: bool) {
    for (page, ids) in [(1, vec!["a", "b"]), (2, vec!["c", "d"]), (3, vec!["e"])] {
        let data: Vec<_> = ids
            .iter()
            .map(|id| serde_json::json!({"_id": id}))
            .collect();
        let body = if counts {
            serde_json::json!({"data": data, "pagination": {"page": page, "limit": 2, "total": 5, "pages": 3}})
        } else {
            serde_json::json!({"data": data})
        };
        Mock::given(method("GET"))
            .and(path("/v2/document-liveness"))
            .and(query_param("page", page.to_string().as_str()))
            .and(query_param("limit", "2"))
            .respond_with(ResponseTemplate::new(200).set_body_json(body))
            .expect(1)
            .mount(server)
            .await;
    }
}

fn ids(records: &[liveness::verifik::DocumentLiveness]) -> Vec<&str> {
    records.iter().filter_map(|r| r.id.as_deref()).collect()
}

#[tokio::test]
async fn list_all_follows_pages_until_the_page_count() {
    let server = MockServer::start().await;
    three_pages(&server, true).await;
    let query = ListQuery {
        limit: Some(2),
        ..ListQuery::default()
    };
    let listing = client(&server).list_all(&query, 10).await.expect("all");
    assert_eq!(ids(&listing.records), ["a", "b", "c", "d", "e"]);
    assert_eq!(
        (listing.pages_fetched, listing.total, listing.complete),
        (3, Some(5), true)
    );
}

#[tokio::test]
async fn list_all_without_a_page_count_stops_at_a_short_page() {
    let server = MockServer::start().await;
    three_pages(&server, false).await;
    let query = ListQuery {
        limit: Some(2),
        ..ListQuery::default()
    };
    let listing = client(&server).list_all(&query, 10).await.expect("all");
    assert_eq!(ids(&listing.records), ["a", "b", "c", "d", "e"]);
    assert!(listing.complete);
}

#[tokio::test]
async fn list_all_stops_at_max_pages_and_says_so() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({
            "data": [{"_id": "x"}], "pagination": {"limit": 1, "pages": 1000}
        })))
        .mount(&server)
        .await;
    let query = ListQuery {
        limit: Some(1),
        ..ListQuery::default()
    };
    let listing = client(&server).list_all(&query, 2).await.expect("bounded");
    assert_eq!((listing.records.len(), listing.complete), (2, false));
    assert_eq!(requests(&server).await.len(), 2);
}

#[tokio::test]
async fn create_sends_the_json_body_with_checks_and_calibrations() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v2/document-liveness"))
        .and(header("authorization", format!("Bearer {TOKEN}").as_str()))
        .and(header("content-type", "application/json"))
        .and(body_json(serde_json::json!({
            "image": "iVBORw0KGgo=",
            "validateScreenReplay": true,
            "validatePortraitSubstitution": true,
            "screenReplayCalibration": "HARD",
            "portraitSubstitutionCalibration": "SOFT",
            "saveImage": false,
            "ignoreColourLessValidation": true
        })))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(serde_json::json!({"data": flat_record()})),
        )
        .expect(1)
        .mount(&server)
        .await;
    let request = CreateRequest::new("iVBORw0KGgo=")
        .check(Check::ScreenReplay)
        .check(Check::PortraitSubstitution)
        .screen_replay_calibration(Calibration::Hard)
        .portrait_substitution_calibration(Calibration::Soft)
        .save_image(false)
        .ignore_colour_less(true);
    let record = client(&server)
        .create(request)
        .await
        .expect("created")
        .value;
    assert_eq!(record.check(Check::ScreenReplay).score, Some(2.74));
}

#[tokio::test]
async fn create_refuses_no_check_or_no_image_without_sending() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(serde_json::json!({"data": {"_id": "n"}})),
        )
        .mount(&server)
        .await;
    let client = client(&server);
    let no_check = CreateRequest::new("iVBORw0KGgo=");
    let explicit_false: CreateDocumentLivenessRequest = serde_json::from_value(serde_json::json!({
        "image": "iVBORw0KGgo=", "validateScreenReplay": false, "validatePrintedCopy": false
    }))
    .expect("request");
    let no_image = CreateRequest::new("").check(Check::PrintedCopy);
    for error in [
        client.create(no_check).await.unwrap_err(),
        client.create(explicit_false).await.unwrap_err(),
        client.create(no_image).await.unwrap_err(),
    ] {
        assert!(matches!(error, Error::InvalidRequest { .. }), "{error:?}");
    }
    assert!(requests(&server).await.is_empty());
}

#[tokio::test]
async fn verifik_409_for_a_missing_check_is_typed() {
    // If the vendor refuses anyway (e.g. a check we think valid), its 409 is kept.
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(409).set_body_json(serde_json::json!({
            "code": "MissingParameter", "message": "At least one validation must be enabled."
        })))
        .mount(&server)
        .await;
    let error = client(&server)
        .create(CreateRequest::new("x").check(Check::DigitalManipulation))
        .await
        .unwrap_err();
    let verifik = verifik_error(&error);
    assert_eq!(
        (verifik.status, verifik.code.as_deref()),
        (409, Some("MissingParameter"))
    );
}

#[tokio::test]
async fn retrieve_refuses_ids_that_would_change_the_path() {
    let server = MockServer::start().await;
    let client = client(&server);
    // A slash would be sent encoded, but a proxy may decode it: refused like the rest.
    for id in ["", " ", ".", "..", "a/b", "a\\..", "a?b", "a#b"] {
        let error = client.retrieve(id).await.unwrap_err();
        assert!(matches!(error, Error::InvalidRequest { .. }), "{id:?}");
    }
    assert!(requests(&server).await.is_empty());
    // Other characters are sent encoded, inside the one path segment.
    Mock::given(method("GET"))
        .and(path("/v2/document-liveness/a%20b"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(serde_json::json!({"data": {"_id": "a b"}})),
        )
        .expect(1)
        .mount(&server)
        .await;
    client.retrieve("a b").await.expect("encoded");
}

#[test]
fn production_is_the_preset_and_a_missing_token_names_the_variable() {
    assert_eq!(Environment::Production.base_url(), "https://api.verifik.co");
    let client = Client::builder()
        .token(TOKEN)
        .environment(Environment::Production)
        .build()
        .expect("client");
    assert!(format!("{client:?}").contains("https://api.verifik.co"));
    // The environment is read, never written: other tests run in parallel threads.
    if std::env::var_os(TOKEN_ENV).is_none() {
        let error = Client::builder().build().unwrap_err();
        assert!(matches!(error, Error::Config { .. }), "{error:?}");
        assert!(error.to_string().contains(TOKEN_ENV), "{error}");
    }
    let error = Client::builder()
        .token(format!(" {TOKEN}"))
        .build()
        .unwrap_err();
    assert!(error.to_string().contains("whitespace"), "{error}");
    assert!(!error.to_string().contains(TOKEN), "{error}");
}

// --- The sentinel: the token never shows, whatever fails. ---

const SENTINEL: &str = "vf-SENTINEL-TOKEN-c0ffee";

fn sentinel_client(base_url: String) -> Client {
    Client::builder()
        .token(SENTINEL)
        .base_url(base_url)
        .options(
            HttpOptions::default()
                .timeout(Duration::from_millis(300))
                .retry(
                    RetryPolicy::standard()
                        .max_attempts(2)
                        .backoff(Duration::from_millis(1), Duration::from_millis(2)),
                ),
        )
        .build()
        .expect("client")
}

#[tokio::test]
async fn the_token_never_shows_in_errors_or_logs() {
    let logs = logs();
    let mut errors: Vec<(&str, Error)> = Vec::new();
    let port = closed_port();
    let refused = sentinel_client(format!("http://127.0.0.1:{port}"))
        .retrieve("x")
        .await
        .unwrap_err();
    assert!(
        matches!(
            refused,
            Error::Transport {
                kind: TransportKind::Connect,
                ..
            }
        ),
        "{refused:?}"
    );
    errors.push(("connection refused", refused));

    let echo = format!("Authorization: Bearer {SENTINEL} is not valid");
    let cases = [
        (
            "timeout",
            ResponseTemplate::new(200).set_delay(Duration::from_secs(3)),
        ),
        (
            "401",
            ResponseTemplate::new(401)
                .set_body_json(serde_json::json!({"message": echo, "code": echo, "error": echo})),
        ),
        (
            "500",
            ResponseTemplate::new(500).set_body_json(serde_json::json!({"message": echo})),
        ),
        (
            "503",
            ResponseTemplate::new(503).set_body_string(echo.clone()),
        ),
        (
            "bad json",
            ResponseTemplate::new(200)
                .set_body_raw(format!("{{not json {echo}"), "application/json"),
        ),
    ];
    let server = MockServer::start().await;
    for (name, response) in cases {
        server.reset().await;
        Mock::given(method("GET"))
            .respond_with(response)
            .mount(&server)
            .await;
        let client = sentinel_client(server.uri());
        errors.push((name, client.retrieve("x").await.unwrap_err()));
        let shown = format!("{client:?}");
        assert!(!shown.contains(SENTINEL), "{shown}");
    }
    assert_eq!(errors.len(), 6);
    for (name, error) in &errors {
        for shown in [format!("{error}"), format!("{error:?}")] {
            assert!(!shown.contains(SENTINEL), "{name}: {shown}");
        }
    }
    let logged = String::from_utf8_lossy(&logs.0.lock().expect("lock")).into_owned();
    assert!(logged.contains("call failed"), "the failures were logged");
    assert!(logged.contains("retrying"), "the retries were logged");
    assert!(
        !logged.contains(SENTINEL),
        "the token in the logs:\n{logged}"
    );
}

/// The list page: `populates[]=client&populates[]=appRegistration`, the key repeated once per
/// value.
#[tokio::test]
async fn list_sends_populates_as_a_repeated_key() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v2/document-liveness"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({"data": []})))
        .mount(&server)
        .await;
    let client = client(&server);
    client
        .list(&ListQuery {
            populates: Populate::ALL.to_vec(),
            ..ListQuery::default()
        })
        .await
        .expect("page");
    client.list(&ListQuery::default()).await.expect("page");
    let received = server.received_requests().await.expect("recorded");
    let pairs: Vec<(String, String)> = received[0].url.query_pairs().into_owned().collect();
    assert_eq!(
        pairs,
        [
            ("populates[]".to_owned(), "client".to_owned()),
            ("populates[]".to_owned(), "appRegistration".to_owned()),
        ]
    );
    // None asked for: no populates[] at all.
    assert_eq!(received[1].url.query(), None);
}

/// The retrieve page lists `Content-Type: application/json` as a required header: every
/// request carries it, GETs included.
#[tokio::test]
async fn every_request_carries_content_type_json_gets_included() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v2/document-liveness"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({"data": []})))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/v2/document-liveness/rec-1"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(serde_json::json!({"data": {"_id": "rec-1"}})),
        )
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/v2/document-liveness"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(serde_json::json!({"data": {"_id": "rec-2"}})),
        )
        .mount(&server)
        .await;
    let client = client(&server);
    client.list(&ListQuery::default()).await.expect("list");
    client.retrieve("rec-1").await.expect("retrieve");
    client
        .create(
            liveness::verifik::CreateRequest::new("aGVsbG8=")
                .check(liveness::verifik::Check::ScreenReplay),
        )
        .await
        .expect("create");
    let received = server.received_requests().await.expect("recorded");
    assert_eq!(received.len(), 3);
    for request in &received {
        let content_types: Vec<_> = request.headers.get_all("content-type").iter().collect();
        assert_eq!(
            content_types,
            ["application/json"],
            "{} {}",
            request.method,
            request.url
        );
    }
}
