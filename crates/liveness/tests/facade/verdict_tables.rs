//! Every vendor's mapping table (the docs of `liveness::verdict::<vendor>`), row by row through
//! the API users call: a loopback vendor answers the row's code or status, and
//! `LivenessProvider::verdict` gives the row's outcome, with `passed()` true for the pass row
//! and false for every other.
#![cfg(all(
    feature = "tencent",
    feature = "trustdecision",
    feature = "talentomobile",
    feature = "verifik"
))]

use liveness::verdict::{LivenessProvider, Outcome, RejectReason, SpoofKind, Verdict};
use liveness::{talentomobile, tencent, trustdecision, verifik};
use serde_json::{Value, json};
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, ResponseTemplate};

/// A short label of an outcome, so a table row reads as one string.
fn label(verdict: &Verdict) -> String {
    match &verdict.outcome {
        Outcome::Passed => "passed".into(),
        Outcome::Pending => "pending".into(),
        Outcome::Expired => "expired".into(),
        Outcome::NotFound => "not found".into(),
        Outcome::Unrecognized { code } => format!("unrecognized {code}"),
        Outcome::Rejected { reason } => match reason {
            RejectReason::Spoof { spoof, .. } => match spoof {
                SpoofKind::Replay => "spoof replay".into(),
                SpoofKind::Mask => "spoof mask".into(),
                SpoofKind::PrintedCopy => "spoof printed copy".into(),
                SpoofKind::Deepfake => "spoof deepfake".into(),
                SpoofKind::Injection => "spoof injection".into(),
                SpoofKind::PortraitSubstitution => "spoof portrait substitution".into(),
                SpoofKind::DigitalManipulation => "spoof digital manipulation".into(),
                SpoofKind::Other(_) => "spoof other".into(),
                other => format!("spoof {other:?}"),
            },
            RejectReason::CaptureQuality { .. } => "capture quality".into(),
            RejectReason::ChallengeFailed { .. } => "challenge failed".into(),
            RejectReason::VendorFailure { .. } => "vendor failure".into(),
            other => format!("{other:?}"),
        },
        other => format!("{other:?}"),
    }
}

async fn serving(status: u16, body: Value) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(status).set_body_json(body))
        .mount(&server)
        .await;
    server
}

/// Asserts one row: its outcome label, and `passed()` exactly for "passed".
fn check(vendor: &str, row: &str, verdict: &Verdict, expected: &str) {
    assert_eq!(label(verdict), expected, "{vendor} row {row}");
    assert_eq!(
        verdict.passed(),
        expected == "passed",
        "{vendor} row {row}: passed() disagrees with the outcome"
    );
}

fn tencent_client(server: &MockServer) -> tencent::Client {
    tencent::Client::builder()
        .region("ap-singapore")
        .credentials(
            tencent::Credentials::new("AKIDtable", "table-secret-key".to_owned().into()).unwrap(),
        )
        .base_url(server.uri())
        .build()
        .unwrap()
}

#[tokio::test]
async fn tencent_table() {
    let mut rows: Vec<(String, &str)> = vec![
        ("0".into(), "passed"),
        ("1002".into(), "spoof replay"),
        ("1003".into(), "spoof other"),
        ("1005".into(), "spoof other"),
        ("15".into(), "expired"),
        ("99999".into(), "unrecognized 99999"),
    ];
    for code in ["1004", "1101", "1105", "1109", "1201", "1202"] {
        rows.push((code.into(), "capture quality"));
    }
    for code in [
        "1", "2", "3", "4", "8", "9", "10", "11", "14", "16", "202", "1001",
    ] {
        rows.push((code.into(), "vendor failure"));
    }
    for (code, expected) in rows {
        let server = serving(
            200,
            json!({"Response": {"Result": code, "Description": "d", "RequestId": "r"}}),
        )
        .await;
        let client = tencent_client(&server);
        let verdict = client.verdict("token").await.expect("a verdict");
        check("tencent", &code, &verdict, expected);
    }
    for (error, expected) in [
        ("InvalidParameterValue.BizTokenExpired", "expired"),
        ("InvalidParameterValue.BizTokenIllegal", "not found"),
    ] {
        let server = serving(
            200,
            json!({"Response": {"Error": {"Code": error, "Message": "m"}, "RequestId": "r"}}),
        )
        .await;
        let client = tencent_client(&server);
        let verdict = client.verdict("token").await.expect("a verdict");
        check("tencent", error, &verdict, expected);
    }
}

#[tokio::test]
async fn trustdecision_table() {
    let rows: &[(&[i64], &str)] = &[
        (&[200], "passed"),
        (&[12205, 12209, 12220], "spoof replay"),
        (&[12212, 12214, 12217], "spoof mask"),
        (&[12207, 12211, 12213], "spoof printed copy"),
        (&[12215, 12219], "spoof deepfake"),
        (&[12216, 12222], "spoof injection"),
        (&[12202, 12203, 12204, 12206, 12208, 12210], "spoof other"),
        (&[12218, 12221], "capture quality"),
        (&[12250], "vendor failure"),
        (&[12201], "unrecognized 12201"),
        (&[12230], "unrecognized 12230"),
        (&[12231], "unrecognized 12231"),
    ];
    for (codes, expected) in rows {
        for code in *codes {
            // Both forms of `code` the page shows: an integer, and a string.
            for wire in [json!(code), json!(code.to_string())] {
                let server = serving(
                    200,
                    json!({"code": wire, "message": "m", "sequence_id": "s", "score": 0.5}),
                )
                .await;
                let client = trustdecision::Client::builder()
                    .partner_code("table-partner")
                    .partner_key("table-partner-key")
                    .base_url(server.uri())
                    .build()
                    .unwrap();
                let verdict = client.verdict("1234567").await.expect("a verdict");
                check("trustdecision", &wire.to_string(), &verdict, expected);
            }
        }
    }
}

#[tokio::test]
async fn talentomobile_table() {
    let ok = json!({"type": "CH_BLINK", "success": true, "evidences": []});
    let rows: Vec<(&str, u16, Value, &str)> = vec![
        (
            "every challenge succeeded",
            200,
            json!([ok, {"type": "CH_HEAD_POSE", "success": true,
            "moves": [{"type": "MV_HEAD_TURN_LEFT", "success": true}]}]),
            "passed",
        ),
        (
            "a challenge failed",
            200,
            json!([ok, {"type": "CH_BIOMETRY", "success": false,
            "score": 10.0}]),
            "challenge failed",
        ),
        (
            "a move failed",
            200,
            json!([ok, {"type": "CH_HEAD_POSE", "success": true,
            "moves": [{"type": "MV_HEAD_TURN_LEFT", "success": false}]}]),
            "challenge failed",
        ),
        ("an empty list", 200, json!([]), "pending"),
        ("404", 404, json!(null), "not found"),
    ];
    for (row, status, body, expected) in rows {
        let server = serving(status, body).await;
        let client = talentomobile::Client::builder()
            .api_key("table-api-key")
            .base_url(server.uri())
            .build()
            .unwrap();
        let verdict = client.verdict("process").await.expect("a verdict");
        check("talentomobile", row, &verdict, expected);
    }
}

fn verifik_client(server: &MockServer) -> verifik::Client {
    verifik::Client::builder()
        .token("table-verifik-token")
        .base_url(server.uri())
        .build()
        .unwrap()
}

#[tokio::test]
async fn verifik_table() {
    let nested = |failing: Option<&str>| {
        let mut results = serde_json::Map::new();
        for check in [
            "screenReplay",
            "printedCopy",
            "portraitSubstitution",
            "digitalManipulation",
        ] {
            results.insert(
                check.into(),
                json!({"passed": Some(check) != failing, "score": 0.9}),
            );
        }
        json!({"data": {"_id": "r", "status": "completed", "validationResults": results,
            "confidence": 0.9}})
    };
    let rows: Vec<(&str, u16, Value, &str)> = vec![
        (
            "status new",
            200,
            json!({"data": {"_id": "r", "status": "new"}}),
            "pending",
        ),
        (
            "status processing",
            200,
            json!({"data": {"_id": "r", "status": "processing"}}),
            "pending",
        ),
        (
            "status failed",
            200,
            json!({"data": {"_id": "r", "status": "failed"}}),
            "vendor failure",
        ),
        (
            "nested screen replay failed",
            200,
            nested(Some("screenReplay")),
            "spoof replay",
        ),
        (
            "nested printed copy failed",
            200,
            nested(Some("printedCopy")),
            "spoof printed copy",
        ),
        (
            "nested portrait failed",
            200,
            nested(Some("portraitSubstitution")),
            "spoof portrait substitution",
        ),
        (
            "nested manipulation failed",
            200,
            nested(Some("digitalManipulation")),
            "spoof digital manipulation",
        ),
        ("every nested check passed", 200, nested(None), "passed"),
        (
            "flat isLive false",
            200,
            json!({"data": {"_id": "r", "isLive": false,
            "sreenReplayProbability": 0.1, "printedCopyProbability": 0.8}}),
            "spoof printed copy",
        ),
        (
            "flat isLive false, no probability",
            200,
            json!({"data": {"_id": "r",
            "isLive": false}}),
            "spoof other",
        ),
        (
            "flat isLive true",
            200,
            json!({"data": {"_id": "r", "isLive": true,
            "aggregatedScore": 0.93}}),
            "passed",
        ),
        (
            "none of these",
            200,
            json!({"data": {"_id": "r", "status": "archived"}}),
            "unrecognized archived",
        ),
        (
            "404",
            404,
            json!({"error": "Document liveness not found",
            "message": "DOCUMENT_LIVENESS_NOT_FOUND"}),
            "not found",
        ),
    ];
    for (row, status, body, expected) in rows {
        let server = serving(status, body).await;
        let client = verifik_client(&server);
        let verdict = client.verdict("r").await.expect("a verdict");
        check("verifik", row, &verdict, expected);
    }
}

/// Only a 404 is a `NotFound` verdict: any other refusal stays an error, since a verdict would
/// hide a wrong token or an outage as "no such session".
#[tokio::test]
async fn verifik_errors_other_than_404_are_errors_not_verdicts() {
    for (status, body) in [
        (
            401,
            json!({"error": "Unauthorized", "message": "INVALID_TOKEN"}),
        ),
        (
            500,
            json!({"error": "Internal", "message": "INTERNAL_ERROR"}),
        ),
    ] {
        let server = serving(status, body).await;
        let client = verifik_client(&server);
        let error = client.verdict("r").await.expect_err("an error");
        assert_eq!(error.status(), Some(status), "{error}");
    }
}

/// Verifik's `chargesCount` says whether the check was charged: zero is not charged.
#[tokio::test]
async fn verifik_charged_is_charges_count_above_zero() {
    for (count, charged) in [(0, Some(false)), (1, Some(true)), (2, Some(true))] {
        let body = json!({"data": {"_id": "r", "isLive": true, "chargesCount": count}});
        let server = serving(200, body).await;
        let client = verifik_client(&server);
        let verdict = client.verdict("r").await.expect("a verdict");
        assert_eq!(verdict.charged, charged, "chargesCount {count}");
    }
    let server = serving(200, json!({"data": {"_id": "r", "isLive": true}})).await;
    let client = verifik_client(&server);
    assert_eq!(client.verdict("r").await.unwrap().charged, None);
}
