//! Verifik document liveness: `Authorization: Bearer <token>`; create, retrieve, list.
//!
//! Records the mock creates take the flat shape of the create page (with its `sreen` spelling);
//! the spec's examples keep their own shapes. Errors use the pages' bodies: 401 and 400
//! `{code, message}`, 404 `{error, message}`, 409 `MissingParameter`.

use serde_json::{Map, Value, json};

use super::{Handled, IdAt, Refusal, Served, VendorMock};
use liveness::verifik::Check;

use crate::Vendor;
use crate::config::Outcome;
use crate::spec::Incoming;
use crate::state::{Session, State};
use crate::{files, reply};

/// Verifik in the mock.
pub(super) const MOCK: VendorMock = VendorMock {
    spec: liveness_verifik::SPEC,
    result: (
        "RetrieveDocumentLiveness",
        IdAt::ResponsePointer("/data/_id"),
    ),
    handle: |state, request, _host| handle(state, request),
    issue: |state, outcome| issue(state, outcome, None),
    refuse: |_state, refusal| refuse(refusal),
    serve_files,
};

/// `imageUrl` points at the mock.
fn serve_files(fixture: &mut Value, dir: &str, base_url: &str, id: &str) -> Vec<Served> {
    let image = fixture.pointer_mut("/data/imageUrl");
    match image.filter(|u| u.as_str().is_some_and(|u| !u.is_empty())) {
        Some(image) => {
            let path = format!("{dir}/document.jpg");
            *image = Value::String(files::url(base_url, &path));
            vec![(path, files::jpeg(id))]
        }
        None => Vec::new(),
    }
}

pub(super) fn handle(state: &State, request: &Incoming<'_>) -> Handled {
    let Some((operation, params)) = state.specs.route(request.method, request.path) else {
        return Handled::new(not_found(), None);
    };
    let token = request
        .headers
        .get("authorization")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "));
    if !token.is_some_and(|t| state.credentials.verifik_token.matches(t)) {
        let body = json!({"code": "Unauthorized", "message": "A valid Bearer token is required."});
        return Handled::new(reply::json(401, &body), Some(operation));
    }
    if let Err(violations) = operation.validate(request) {
        let message = violations.to_string();
        let body = json!({"code": "InvalidParameter", "message": message});
        return Handled::invalid(reply::json(400, &body), operation, message);
    }
    let response = match operation.id.as_str() {
        "CreateDocumentLiveness" => create(state, request),
        "RetrieveDocumentLiveness" => retrieve(state, params.get("id").map_or("", String::as_str)),
        _ => list(state, request.query),
    };
    Handled::new(response, Some(operation))
}

fn create(state: &State, request: &Incoming<'_>) -> axum::response::Response {
    let body: Value = serde_json::from_slice(request.body).unwrap_or(Value::Null);
    if !Check::ALL.iter().any(|c| body[c.request_flag()] == true) {
        let error = json!({"code": "MissingParameter", "message": "At least one validation must be enabled."});
        return reply::json(409, &error);
    }
    let id = issue(state, state.outcome(), Some(&body));
    let record = state
        .session(Vendor::Verifik, &id)
        .and_then(|s| s.record)
        .unwrap_or(Value::Null);
    reply::json(200, &json!({"data": record, "signature": signature(state)}))
}

/// A record leading to `outcome`, created from a create request's `body` (every check on when
/// `None`). Returns its `_id`. A saved image is served by the mock at the record's `imageUrl`.
pub(super) fn issue(state: &State, outcome: Outcome, body: Option<&Value>) -> String {
    let seq = state.next();
    let id = format!("{:024x}", 0x6716_0000_0000_0000_u64.wrapping_add(seq));
    let requested = |flag: &str| body.is_none_or(|b| b[flag] == true);
    let attacked = match &outcome {
        Outcome::Attack(kind) => Some(
            kind.clone()
                .unwrap_or_else(|| Check::ScreenReplay.slug().into()),
        ),
        _ => None,
    };
    let now = chrono::DateTime::from_timestamp(state.now(), 0)
        .unwrap_or_default()
        .to_rfc3339_opts(chrono::SecondsFormat::Millis, true);
    let save_image = body.is_some_and(|b| b["saveImage"] == true);
    let mut record = Map::new();
    record.insert("_id".into(), json!(id));
    record.insert("client".into(), json!("mock-client"));
    record.insert("status".into(), json!("completed"));
    record.insert("imageSaved".into(), json!(save_image));
    if save_image {
        let path = format!("verifik/{id}.jpg");
        state.put_file(path.clone(), files::jpeg(&id));
        record.insert("imageUrl".into(), json!(files::url(&state.base_url, &path)));
    }
    let mut charges = 0;
    let mut worst: f64 = 0.0;
    for check in Check::ALL {
        let (flag, prefix) = (check.request_flag(), check.flat_prefix());
        let on = requested(flag);
        record.insert(flag.into(), json!(on));
        if !on {
            continue;
        }
        charges += 1;
        let (score, probability) = if attacked.as_deref() == Some(check.slug()) {
            (0.97, 0.95)
        } else {
            (0.05, 0.02)
        };
        worst = worst.max(score);
        let calibration = body
            .and_then(|b| b[format!("{}Calibration", check.name())].as_str())
            .unwrap_or("REGULAR");
        record.insert(format!("{prefix}Score"), json!(score));
        record.insert(format!("{prefix}Probability"), json!(probability));
        record.insert(format!("{prefix}Calibration"), json!(calibration));
        record.insert(format!("{prefix}Warnings"), json!([]));
    }
    record.insert("chargesCount".into(), json!(charges));
    // As in the create page's example: a live record has a high aggregated score.
    record.insert("aggregatedScore".into(), json!(1.0 - worst));
    record.insert("isLive".into(), json!(attacked.is_none()));
    record.insert("createdAt".into(), json!(now));
    record.insert("updatedAt".into(), json!(now));
    state.insert_session(
        Vendor::Verifik,
        id.clone(),
        Session {
            outcome,
            record: Some(Value::Object(record)),
            seq,
        },
    );
    id
}

fn retrieve(state: &State, id: &str) -> axum::response::Response {
    if let Some(fixture) = state.fixtures.get(Vendor::Verifik, id) {
        return reply::fixture(fixture);
    }
    match state.session(Vendor::Verifik, id) {
        Some(Session {
            outcome: Outcome::Expired,
            ..
        })
        | None => not_found(),
        Some(session) => {
            let record = session.record.unwrap_or(Value::Null);
            reply::json(
                200,
                &json!({"success": true, "data": record, "signature": signature(state)}),
            )
        }
    }
}

fn list(state: &State, query: &str) -> axum::response::Response {
    let query: Vec<(String, String)> = form_urlencoded::parse(query.as_bytes())
        .into_owned()
        .collect();
    let param = |name: &str| {
        query
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
    };
    let created = state.verifik_records();
    let page = param("page")
        .and_then(|p| p.parse::<u64>().ok())
        .unwrap_or(1);
    let limit = param("limit")
        .and_then(|l| l.parse::<u64>().ok())
        .unwrap_or(10);
    let status = param("status");
    // Nothing created and the default page: the spec's example, as-is.
    if created.is_empty()
        && page == 1
        && limit == 10
        && status.is_none()
        && let Some(example) = &state.fixtures.verifik_list_example
    {
        return reply::json(200, example);
    }
    let records: Vec<Value> = state
        .fixtures
        .verifik_list
        .iter()
        .cloned()
        .chain(created)
        .filter(|r| status.as_ref().is_none_or(|s| r["status"] == s.as_str()))
        .collect();
    let total = records.len() as u64;
    // The spec bounds `page` only by int64: `(page - 1) * limit` must saturate, not overflow.
    let skip = page.saturating_sub(1).saturating_mul(limit);
    let data: Vec<Value> = records
        .into_iter()
        .skip(usize::try_from(skip).unwrap_or(usize::MAX))
        .take(usize::try_from(limit).unwrap_or(usize::MAX))
        .collect();
    reply::json(
        200,
        &json!({
            "success": true,
            "data": data,
            "pagination": {"page": page, "limit": limit, "total": total, "pages": total.div_ceil(limit.max(1))},
            "signature": signature(state),
        }),
    )
}

fn not_found() -> axum::response::Response {
    reply::json(
        404,
        &json!({"error": "Document liveness not found", "message": "DOCUMENT_LIVENESS_NOT_FOUND"}),
    )
}

/// Verifik's `signature`: human-readable time, not ISO-8601.
fn signature(state: &State) -> Value {
    let at = chrono::DateTime::from_timestamp(state.now(), 0).unwrap_or_default();
    json!({"dateTime": at.format("%B %-d, %Y %-I:%M %p").to_string(), "message": "Certified by Verifik.co"})
}

/// Verifik's errors are `{code, message}` JSON with the HTTP status.
pub(super) fn refuse(refusal: &Refusal<'_>) -> axum::response::Response {
    let (status, code, message) = match refusal {
        Refusal::RateLimited => (429, "TooManyRequests", "Too many requests."),
        Refusal::InternalError => (500, "InternalServerError", "Internal error."),
        Refusal::MethodNotAllowed(message) => (405, "MethodNotAllowed", *message),
        Refusal::Unauthorized => (401, "Unauthorized", "Invalid token."),
        Refusal::Account(_) => (403, "Forbidden", "Forbidden."),
    };
    reply::json(status, &json!({"code": code, "message": message}))
}
