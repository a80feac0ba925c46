//! Talentomobile VideoFace Plus: `GET /result/{id}` with the plain key in `Authorization`.
//!
//! Only 404 (unknown id, or older than 300 seconds) is documented, with no body; the mock answers
//! a bad key with 401 and a request that breaks the spec with 400, both as text.

use serde_json::Value;

use super::{Handled, IdAt, VendorMock, no_files};
use crate::Vendor;
use crate::config::Outcome;
use crate::reply;
use crate::spec::Incoming;
use crate::state::{Session, State};

/// Talentomobile VideoFace Plus in the mock. It documents no error bodies: refusals are plain.
pub(super) const MOCK: VendorMock = VendorMock {
    spec: liveness_talentomobile::SPEC,
    result: ("GetResult", IdAt::PathExample("id")),
    handle: |state, request, _host| handle(state, request),
    issue,
    refuse: |_state, refusal| refusal.plain(),
    // Evidence is inline base64.
    serve_files: no_files,
};

pub(super) fn handle(state: &State, request: &Incoming<'_>) -> Handled {
    let Some((operation, params)) = state.specs.route(request.method, request.path) else {
        return Handled::new(reply::text(404, ""), None);
    };
    let key = request
        .headers
        .get("authorization")
        .and_then(|v| v.to_str().ok());
    if !key.is_some_and(|k| state.credentials.talentomobile_api_key.matches(k)) {
        return Handled::new(reply::text(401, "Unauthorized"), Some(operation));
    }
    if let Err(violations) = operation.validate(request) {
        let message = violations.to_string();
        return Handled::invalid(reply::text(400, message.clone()), operation, message);
    }
    let id = params.get("id").cloned().unwrap_or_default();
    Handled::new(result(state, &id), Some(operation))
}

/// A finished process leading to `outcome`.
pub(super) fn issue(state: &State, outcome: Outcome) -> String {
    let n = state.next();
    let id = format!(
        "{n:08x}-0000-4000-8000-{:012x}",
        n.wrapping_mul(0x5851_f42d)
    );
    state.insert_session(
        Vendor::Talentomobile,
        id.clone(),
        Session {
            outcome,
            record: None,
            seq: state.next(),
        },
    );
    id
}

fn result(state: &State, id: &str) -> axum::response::Response {
    if let Some(fixture) = state.fixtures.get(Vendor::Talentomobile, id) {
        return reply::fixture(fixture);
    }
    let Some(session) = state.session(Vendor::Talentomobile, id) else {
        return reply::text(404, "");
    };
    // The page's sample is a passed process; an attack fails one challenge of it.
    let mut challenges = state
        .fixtures
        .get(Vendor::Talentomobile, "fixture-success")
        .map(|f| f.value.clone())
        .unwrap_or(Value::Array(Vec::new()));
    match session.outcome {
        Outcome::Pass => {}
        Outcome::Expired => return reply::text(404, ""),
        Outcome::Attack(kind) => {
            let kind = kind.unwrap_or_else(|| "CH_BIOMETRY".to_owned());
            for challenge in challenges.as_array_mut().into_iter().flatten() {
                if challenge["type"] == kind.as_str() {
                    challenge["success"] = Value::Bool(false);
                    if challenge.get("score").is_some() {
                        challenge["score"] = Value::from(12.5);
                    }
                }
            }
        }
    }
    reply::json(200, &challenges)
}
