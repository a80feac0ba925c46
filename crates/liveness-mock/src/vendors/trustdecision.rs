//! TrustDecision: `partner_code` and `partner_key` in the query, every error as a body `code`
//! with HTTP 200.
//!
//! The page documents no code for wrong keys or an unknown `liveness_id`; the mock answers both
//! with 11340 (parameter error) and a message saying which [inferred]. A license the mock issues,
//! `mock-license-N`, stands for a finished SDK session whose liveness id is `N`.

use liveness::trustdecision::ResultCode;
use serde_json::{Value, json};

use super::{Handled, IdAt, Refusal, VendorMock, no_files};
use crate::Vendor;
use crate::config::Outcome;
use crate::spec::Incoming;
use crate::state::{Session, State};
use crate::{fixtures, reply};

/// TrustDecision in the mock.
pub(super) const MOCK: VendorMock = VendorMock {
    spec: liveness_trustdecision::SPEC,
    result: ("RetrieveResult", IdAt::RequestField("liveness_id")),
    handle: |state, request, _host| handle(state, request),
    issue: |state, outcome| issue(state, outcome).1,
    refuse,
    // Evidence is inline base64.
    serve_files: no_files,
};

/// The page's default license lifetime, in seconds.
const DEFAULT_SESSION_SECS: i64 = 600;
/// Liveness ids the mock issues start here (the page's example id has seven digits).
const FIRST_LIVENESS_ID: u64 = 9_000_000;

pub(super) fn handle(state: &State, request: &Incoming<'_>) -> Handled {
    let Some((operation, _)) = state.specs.route(request.method, request.path) else {
        return Handled::new(reply::text(404, "mock: no such TrustDecision path"), None);
    };
    let error = |code: i64, message: &str| error(state, code, message);
    let query: Vec<(String, String)> = form_urlencoded::parse(request.query.as_bytes())
        .into_owned()
        .collect();
    let param = |name: &str| {
        query
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    };
    let credentials = &state.credentials;
    match (param("partner_code"), param("partner_key")) {
        (Some(code), Some(key))
            if credentials.trustdecision_partner_code.matches(code)
                && credentials.trustdecision_partner_key.matches(key) => {}
        (None, _) | (_, None) => {
            return Handled::new(
                error(11301, "partner_code and partner_key are required"),
                Some(operation),
            );
        }
        _ => {
            return Handled::new(
                error(11340, "partner_code or partner_key is wrong"),
                Some(operation),
            );
        }
    }
    if let Err(violations) = operation.validate(request) {
        let message = violations.to_string();
        return Handled::invalid(error(11340, &message), operation, message);
    }
    let body: Value = serde_json::from_slice(request.body).unwrap_or(Value::Null);
    let response = if operation.id == "RetrieveLicense" {
        let duration = body["session_duration"]
            .as_i64()
            .unwrap_or(DEFAULT_SESSION_SECS);
        let (license, _) = issue(state, state.outcome());
        reply::json(
            200,
            &json!({
                "code": 200,
                "message": "success",
                "sequence_id": sequence_id(state),
                "license": license,
                // Saturating: the spec bounds the duration above, not below.
                "expiry_timestamp": state.now().saturating_add(duration),
            }),
        )
    } else {
        let id = fixtures::id_text(&body["liveness_id"]).unwrap_or_default();
        result(state, &id)
    };
    Handled::new(response, Some(operation))
}

/// A license and the liveness id its SDK session ends with, leading to `outcome`.
pub(super) fn issue(state: &State, outcome: Outcome) -> (String, String) {
    let id = (FIRST_LIVENESS_ID + state.next()).to_string();
    state.insert_session(
        Vendor::TrustDecision,
        id.clone(),
        Session {
            outcome,
            record: None,
            seq: state.next(),
        },
    );
    (format!("mock-license-{id}"), id)
}

fn result(state: &State, id: &str) -> axum::response::Response {
    if let Some(fixture) = state.fixtures.get(Vendor::TrustDecision, id) {
        return reply::fixture(fixture);
    }
    let sequence_id = sequence_id(state);
    let Some(session) = state.session(Vendor::TrustDecision, id) else {
        return reply::json(
            200,
            &json!({"code": 11340, "message": format!("liveness_id {id} not found"), "sequence_id": sequence_id}),
        );
    };
    let body = match session.outcome {
        Outcome::Pass => json!({
            "code": 200,
            "message": "success",
            "sequence_id": sequence_id,
            "image": BEST_FRAME_JPEG_BASE64,
            "score": 0.99,
        }),
        Outcome::Attack(code) => {
            // 12205 (video replay) unless told otherwise.
            let code = code.and_then(|c| c.parse::<i64>().ok()).unwrap_or(12205);
            let message = ResultCode::from_code(code)
                .description()
                .unwrap_or("attack detected");
            json!({"code": code, "message": message, "sequence_id": sequence_id})
        }
        Outcome::Expired => json!({
            "code": 11340,
            "message": format!("liveness_id {id} has expired"),
            "sequence_id": sequence_id,
        }),
    };
    reply::json(200, &body)
}

/// TrustDecision reports its internal error in the body with HTTP 200; it documents no body
/// for the others.
pub(super) fn refuse(state: &State, refusal: &Refusal<'_>) -> axum::response::Response {
    match refusal {
        Refusal::InternalError => reply::json(
            200,
            &json!({"code": 11350, "message": "Internal error", "sequence_id": state.request_id()}),
        ),
        Refusal::Unauthorized => error(state, 11340, "partner_code or partner_key is wrong"),
        Refusal::Account(code) => {
            let message = match code {
                301 => "the service is not purchased",
                302 => "the account is suspended",
                303 => "the account has no balance",
                304 => "the service has expired",
                305 => "the daily volume is capped",
                _ => "account error",
            };
            error(state, i64::from(*code), message)
        }
        _ => refusal.plain(),
    }
}

/// TrustDecision's error: HTTP 200 with the code in the body.
fn error(state: &State, code: i64, message: &str) -> axum::response::Response {
    reply::json(
        200,
        &json!({"code": code, "message": message, "sequence_id": sequence_id(state)}),
    )
}

fn sequence_id(state: &State) -> String {
    format!("{}{:06}", state.now(), state.next())
}

/// A 1×1 JPEG, base64: the best frame of a passed session.
const BEST_FRAME_JPEG_BASE64: &str = "/9j/4AAQSkZJRgABAQEASABIAAD/2wBDAP//////////////////////////////////////////////////////////////////////////////////////wgALCAABAAEBAREA/8QAFBABAAAAAAAAAAAAAAAAAAAAAP/aAAgBAQABPxA=";
