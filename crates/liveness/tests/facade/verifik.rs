//! The Verifik client against a loopback server.
#![cfg(feature = "verifik")]

use std::time::Duration;

use liveness::verifik::{
    Calibration, Check, Client, CreateDocumentLivenessRequest, CreateRequest, DocumentLiveness,
    Environment, ListQuery, Listing, MAX_PAGE_SIZE, Populate, RecordExt, TOKEN_ENV, VerifikError,
};
use liveness::{Error, HttpOptions, VendorError};
use wiremock::matchers::{body_json, header, method, path, query_param, query_param_is_missing};
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::support::{
    Case, assert_hidden, assert_invalid_request, assert_nothing_sent, build_against, failing_then,
    failures, fast_retries, json, logged, mounted, query_pairs, quick_retries, requests, serving,
    short_timeout,
};

const TOKEN: &str = "vf-token-0001";
const LIST: &str = "/v2/document-liveness";

fn client_with(server: &MockServer, options: HttpOptions) -> Client {
    build_against!(Client::builder().token(TOKEN), server.uri(), options)
}

fn client(server: &MockServer) -> Client {
    client_with(server, HttpOptions::default())
}

/// Matches requests that carry the test token as a bearer token.
fn bearer() -> wiremock::matchers::HeaderExactMatcher {
    header("authorization", format!("Bearer {TOKEN}").as_str())
}

/// `{"data": data}` with status 200.
fn data(data: serde_json::Value) -> ResponseTemplate {
    json(200, serde_json::json!({ "data": data }))
}

/// Verifik's error body in its newer style (`code` and `message`) with `status`.
fn refusal(status: u16, code: &str, message: &str) -> ResponseTemplate {
    json(
        status,
        serde_json::json!({"code": code, "message": message}),
    )
}

fn verifik_error(error: &Error) -> &VerifikError {
    let VendorError::Verifik(verifik) = crate::support::vendor_error(error) else {
        panic!("expected a Verifik error, got {error:?}");
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

/// The record `retrieve(id)` reads from a server answering `body` to a GET of that record's
/// path with the bearer token, which must come exactly once.
async fn retrieved(id: &str, body: serde_json::Value) -> DocumentLiveness {
    let server = mounted(
        Mock::given(method("GET"))
            .and(path(format!("{LIST}/{id}")))
            .and(bearer())
            .respond_with(json(200, body))
            .expect(1),
    )
    .await;
    let record = client(&server).retrieve(id).await;
    record.unwrap_or_else(|e| panic!("{id}: {e}")).value
}

#[tokio::test]
async fn retrieve_sends_the_bearer_token_and_reads_the_nested_record() {
    let record = retrieved(
        "document_liveness_123456789",
        serde_json::json!({
            "success": true, "data": nested_record(),
            "signature": {"dateTime": "April 11, 2023 12:25 PM", "message": "Certified by Verifik.co"}
        }),
    )
    .await;
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
    let body = serde_json::json!({ "data": flat_record() });
    let record = retrieved("6716c5e2a9b4f3a1d2e4c8b7", body).await;
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
    let server = serving(
        "GET",
        data(serde_json::json!({"screenReplayScore": 1.5, "screenReplayWarnings": ["LOW_RESOLUTION"]})),
    )
    .await;
    let record = client(&server).retrieve("x").await.expect("record").value;
    let screen = record.check(Check::ScreenReplay);
    assert_eq!(screen.score, Some(1.5));
    assert_eq!(screen.warnings, ["LOW_RESOLUTION"]);
}

#[tokio::test]
async fn not_found_is_a_typed_vendor_error_in_either_body_style() {
    let server = MockServer::start().await;
    for (id, response) in [
        (
            "a",
            json(
                404,
                serde_json::json!({"error": "Document liveness not found", "message": "DOCUMENT_LIVENESS_NOT_FOUND"}),
            ),
        ),
        ("b", refusal(404, "NotFound", "Record not found.")),
    ] {
        Mock::given(method("GET"))
            .and(path(format!("{LIST}/{id}")))
            .respond_with(response)
            .mount(&server)
            .await;
    }
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
    let server = serving("GET", refusal(401, "UnauthorizedError", "Unauthorized")).await;
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
    let failure = refusal(500, "InternalError", "boom");
    let record = data(serde_json::json!({"_id": "r"}));
    let server = failing_then("GET", (1, failure.clone()), record).await;
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
    let server = mounted(
        Mock::given(method("GET"))
            .and(path(LIST))
            .and(query_param("page", "1"))
            .and(query_param("limit", "2"))
            .and(query_param("status", "completed"))
            .and(bearer())
            .respond_with(json(
                200,
                serde_json::json!({
                    "success": true, "data": [{"_id": "r1"}, {"_id": "r2"}],
                    "pagination": {"page": 1, "limit": 2, "total": 3, "pages": 2},
                    "signature": {"dateTime": "October 28, 2025 1:30 AM"}
                }),
            ))
            .expect(1),
    )
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
    let server = mounted(
        Mock::given(method("GET"))
            .and(path(LIST))
            .and(query_param_is_missing("page"))
            .and(query_param_is_missing("limit"))
            .and(query_param_is_missing("status"))
            .respond_with(json(
                200,
                serde_json::json!({
                    "data": [{"_id": "r3"}], "total": 11, "limit": 10, "page": 1, "pages": 2
                }),
            ))
            .expect(1),
    )
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

/// A query for records `limit` at a time.
fn by(limit: u64) -> ListQuery {
    ListQuery {
        limit: Some(limit),
        ..ListQuery::default()
    }
}

#[tokio::test]
async fn list_refuses_out_of_range_paging_without_sending() {
    let server = MockServer::start().await;
    let client = client(&server);
    let first_page = ListQuery {
        page: Some(0),
        ..ListQuery::default()
    };
    for (case, query) in [
        ("limit 0", by(0)),
        ("limit over the maximum", by(MAX_PAGE_SIZE + 1)),
        ("page 0", first_page),
    ] {
        assert_invalid_request(client.list(&query).await, case);
    }
    assert_nothing_sent(&server).await;
}

/// `list_all` by 2 against pages 1..=3 of 2, 2 and 1 records, each expected exactly once;
/// `counts` puts the page count in the envelope (else the client must stop at the short
/// page). Every record must come back, in order.
async fn list_all_of_three_pages(counts: bool) -> Listing {
    let server = MockServer::start().await;
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
            .and(path(LIST))
            .and(query_param("page", page.to_string().as_str()))
            .and(query_param("limit", "2"))
            .respond_with(json(200, body))
            .expect(1)
            .mount(&server)
            .await;
    }
    let listing = client(&server).list_all(&by(2), 10).await.expect("all");
    let ids: Vec<_> = listing
        .records
        .iter()
        .filter_map(|r| r.id.as_deref())
        .collect();
    assert_eq!(ids, ["a", "b", "c", "d", "e"], "counts: {counts}");
    listing
}

#[tokio::test]
async fn list_all_follows_pages_until_the_page_count() {
    let listing = list_all_of_three_pages(true).await;
    assert_eq!(
        (listing.pages_fetched, listing.total, listing.complete),
        (3, Some(5), true)
    );
}

#[tokio::test]
async fn list_all_without_a_page_count_stops_at_a_short_page() {
    assert!(list_all_of_three_pages(false).await.complete);
}

#[tokio::test]
async fn list_all_stops_at_max_pages_and_says_so() {
    let server = serving(
        "GET",
        json(
            200,
            serde_json::json!({"data": [{"_id": "x"}], "pagination": {"limit": 1, "pages": 1000}}),
        ),
    )
    .await;
    let listing = client(&server).list_all(&by(1), 2).await.expect("bounded");
    assert_eq!((listing.records.len(), listing.complete), (2, false));
    assert_eq!(requests(&server).await.len(), 2);
}

#[tokio::test]
async fn create_sends_the_json_body_with_checks_and_calibrations() {
    let server = mounted(
        Mock::given(method("POST"))
            .and(path(LIST))
            .and(bearer())
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
            .respond_with(data(flat_record()))
            .expect(1),
    )
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
    let server = serving("POST", data(serde_json::json!({"_id": "n"}))).await;
    let client = client(&server);
    let explicit_false: CreateDocumentLivenessRequest = serde_json::from_value(serde_json::json!({
        "image": "iVBORw0KGgo=", "validateScreenReplay": false, "validatePrintedCopy": false
    }))
    .expect("request");
    for (case, request) in [
        (
            "no check",
            CreateRequest::new("iVBORw0KGgo=")
                .try_into()
                .expect("built"),
        ),
        ("every check false", explicit_false),
        (
            "no image",
            CreateRequest::new("")
                .check(Check::PrintedCopy)
                .try_into()
                .expect("built"),
        ),
    ] {
        assert_invalid_request(client.create(request).await, case);
    }
    assert_nothing_sent(&server).await;
}

#[tokio::test]
async fn verifik_409_for_a_missing_check_is_typed() {
    // If the vendor refuses anyway (e.g. a check we think valid), its 409 is kept.
    let refused = refusal(
        409,
        "MissingParameter",
        "At least one validation must be enabled.",
    );
    let server = serving("POST", refused).await;
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
        assert_invalid_request(client.retrieve(id).await, id);
    }
    assert_nothing_sent(&server).await;
    // Other characters are sent encoded, inside the one path segment.
    Mock::given(method("GET"))
        .and(path("/v2/document-liveness/a%20b"))
        .respond_with(data(serde_json::json!({"_id": "a b"})))
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

#[tokio::test]
async fn the_token_never_shows_in_errors_or_logs() {
    let echo = format!("Authorization: Bearer {SENTINEL} is not valid");
    let cases: Vec<Case> = vec![
        (
            "timeout",
            Box::new(ResponseTemplate::new(200).set_delay(Duration::from_secs(3))),
        ),
        (
            "401",
            Box::new(json(
                401,
                serde_json::json!({"message": echo, "code": echo, "error": echo}),
            )),
        ),
        (
            "500",
            Box::new(json(500, serde_json::json!({"message": echo}))),
        ),
        (
            "503",
            Box::new(ResponseTemplate::new(503).set_body_string(echo.clone())),
        ),
        (
            "bad json",
            Box::new(
                ResponseTemplate::new(200)
                    .set_body_raw(format!("{{not json {echo}"), "application/json"),
            ),
        ),
    ];
    // Retries (and their "retrying" logs) are part of what must stay clean.
    let client = |base| {
        let options = short_timeout().retry(quick_retries(2));
        build_against!(Client::builder().token(SENTINEL), base, options)
    };
    let call = |client: Client| async move { client.retrieve("x").await };
    let errors = failures(client, call, "GET", cases, &[SENTINEL]).await;
    assert_eq!(errors.len(), 6);
    assert_hidden(&errors, &[SENTINEL]);
    assert!(logged().contains("retrying"), "the retries were logged");
}

/// The list page: `populates[]=client&populates[]=appRegistration`, the key repeated once per
/// value.
#[tokio::test]
async fn list_sends_populates_as_a_repeated_key() {
    let server = mounted(
        Mock::given(method("GET"))
            .and(path(LIST))
            .respond_with(data(serde_json::json!([]))),
    )
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
    let received = requests(&server).await;
    assert_eq!(
        query_pairs(&received[0]),
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
    for (verb, at, record) in [
        ("GET", LIST, serde_json::json!([])),
        (
            "GET",
            "/v2/document-liveness/rec-1",
            serde_json::json!({"_id": "rec-1"}),
        ),
        ("POST", LIST, serde_json::json!({"_id": "rec-2"})),
    ] {
        Mock::given(method(verb))
            .and(path(at))
            .respond_with(data(record))
            .mount(&server)
            .await;
    }
    let client = client(&server);
    client.list(&ListQuery::default()).await.expect("list");
    client.retrieve("rec-1").await.expect("retrieve");
    client
        .create(CreateRequest::new("aGVsbG8=").check(Check::ScreenReplay))
        .await
        .expect("create");
    let received = requests(&server).await;
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
