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
use liveness::{Error, HttpOptions, talentomobile, tencent, trustdecision, verifik};
use serde_json::{Value, json};

use crate::support::{answering, build_against};

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

/// What a client, built by `client` for a base URL, says of `id` when the vendor answers every
/// request with `status` and `body`.
async fn verdict_of<C: LivenessProvider>(
    client: impl FnOnce(String) -> C,
    id: &str,
    status: u16,
    body: Value,
) -> Result<Verdict, Error> {
    let server = answering(status, body).await;
    client(server.uri()).verdict(id).await
}

/// Asserts one row: a verdict, its outcome label, and `passed()` exactly for "passed".
fn check(vendor: &str, row: &str, verdict: Result<Verdict, Error>, expected: &str) {
    let verdict = verdict.unwrap_or_else(|e| panic!("{vendor} row {row}: not a verdict: {e}"));
    assert_eq!(label(&verdict), expected, "{vendor} row {row}");
    assert_eq!(
        verdict.passed(),
        expected == "passed",
        "{vendor} row {row}: passed() disagrees with the outcome"
    );
}

fn tencent_client(base: String) -> tencent::Client {
    let credentials =
        tencent::Credentials::new("AKIDtable", "table-secret-key".to_owned().into()).unwrap();
    let builder = tencent::Client::builder().region("ap-singapore");
    build_against!(
        builder.credentials(credentials),
        base,
        HttpOptions::default()
    )
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
        let body = json!({"Response": {"Result": code, "Description": "d", "RequestId": "r"}});
        let verdict = verdict_of(tencent_client, "token", 200, body).await;
        check("tencent", &code, verdict, expected);
    }
    for (error, expected) in [
        ("InvalidParameterValue.BizTokenExpired", "expired"),
        ("InvalidParameterValue.BizTokenIllegal", "not found"),
    ] {
        let body =
            json!({"Response": {"Error": {"Code": error, "Message": "m"}, "RequestId": "r"}});
        let verdict = verdict_of(tencent_client, "token", 200, body).await;
        // An expired or unknown token was never checked: Tencent charges nothing for it.
        let charged = verdict.as_ref().ok().map(|v| v.charged);
        assert_eq!(charged, Some(Some(false)), "tencent row {error}");
        check("tencent", error, verdict, expected);
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
    let client = |base| {
        let builder = trustdecision::Client::builder()
            .partner_code("table-partner")
            .partner_key("table-partner-key");
        build_against!(builder, base, HttpOptions::default())
    };
    for (codes, expected) in rows {
        for code in *codes {
            // Both forms of `code` the page shows: an integer, and a string.
            for wire in [json!(code), json!(code.to_string())] {
                let body = json!({"code": wire, "message": "m", "sequence_id": "s", "score": 0.5});
                let verdict = verdict_of(client, "1234567", 200, body).await;
                check("trustdecision", &wire.to_string(), verdict, expected);
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
    let client = |base| {
        let builder = talentomobile::Client::builder().api_key("table-api-key");
        build_against!(builder, base, HttpOptions::default())
    };
    for (row, status, body, expected) in rows {
        let verdict = verdict_of(client, "process", status, body).await;
        check("talentomobile", row, verdict, expected);
    }
}

fn verifik_client(base: String) -> verifik::Client {
    let builder = verifik::Client::builder().token("table-verifik-token");
    build_against!(builder, base, HttpOptions::default())
}

#[tokio::test]
async fn verifik_table() {
    // The nested record's checks, and the spoof each one's failure means.
    let checks = [
        ("screenReplay", "spoof replay"),
        ("printedCopy", "spoof printed copy"),
        ("portraitSubstitution", "spoof portrait substitution"),
        ("digitalManipulation", "spoof digital manipulation"),
    ];
    let nested = |failing: Option<&str>| {
        let mut results = serde_json::Map::new();
        for (check, _) in checks {
            results.insert(
                check.into(),
                json!({"passed": Some(check) != failing, "score": 0.9}),
            );
        }
        json!({"data": {"_id": "r", "status": "completed", "validationResults": results,
            "confidence": 0.9}})
    };
    let mut rows: Vec<(String, u16, Value, &str)> = vec![
        (
            "status new".into(),
            200,
            json!({"data": {"_id": "r", "status": "new"}}),
            "pending",
        ),
        (
            "status processing".into(),
            200,
            json!({"data": {"_id": "r", "status": "processing"}}),
            "pending",
        ),
        (
            "status failed".into(),
            200,
            json!({"data": {"_id": "r", "status": "failed"}}),
            "vendor failure",
        ),
    ];
    for (check, spoof) in checks {
        let row = format!("nested {check} failed");
        rows.push((row, 200, nested(Some(check)), spoof));
    }
    rows.extend([
        (
            "every nested check passed".into(),
            200,
            nested(None),
            "passed",
        ),
        (
            "flat isLive false".into(),
            200,
            json!({"data": {"_id": "r", "isLive": false,
            "sreenReplayProbability": 0.1, "printedCopyProbability": 0.8}}),
            "spoof printed copy",
        ),
        (
            "flat isLive false, no probability".into(),
            200,
            json!({"data": {"_id": "r",
            "isLive": false}}),
            "spoof other",
        ),
        (
            "flat isLive true".into(),
            200,
            json!({"data": {"_id": "r", "isLive": true,
            "aggregatedScore": 0.93}}),
            "passed",
        ),
        (
            "none of these".into(),
            200,
            json!({"data": {"_id": "r", "status": "archived"}}),
            "unrecognized archived",
        ),
        (
            "404".into(),
            404,
            json!({"error": "Document liveness not found",
            "message": "DOCUMENT_LIVENESS_NOT_FOUND"}),
            "not found",
        ),
    ]);
    for (row, status, body, expected) in rows {
        let verdict = verdict_of(verifik_client, "r", status, body).await;
        check("verifik", &row, verdict, expected);
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
        let error = verdict_of(verifik_client, "r", status, body)
            .await
            .expect_err("an error");
        assert_eq!(error.status(), Some(status), "{error}");
    }
}

/// Verifik's `chargesCount` says whether the check was charged: zero is not charged.
#[tokio::test]
async fn verifik_charged_is_charges_count_above_zero() {
    for (count, charged) in [(0, Some(false)), (1, Some(true)), (2, Some(true))] {
        let body = json!({"data": {"_id": "r", "isLive": true, "chargesCount": count}});
        let verdict = verdict_of(verifik_client, "r", 200, body)
            .await
            .expect("a verdict");
        assert_eq!(verdict.charged, charged, "chargesCount {count}");
    }
    let body = json!({"data": {"_id": "r", "isLive": true}});
    let verdict = verdict_of(verifik_client, "r", 200, body).await;
    assert_eq!(verdict.expect("a verdict").charged, None);
}
