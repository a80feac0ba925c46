//! The admin API, for tests in any language: answered only to loopback peers.
//!
//! | request | effect |
//! |---|---|
//! | `GET /__admin/` | outcome, faults, clock offset and fixture ids, as JSON |
//! | `PUT /__admin/outcome` `{"outcome": "attack:12205"}` | what new sessions lead to |
//! | `POST /__admin/faults` `{"fault": "rate-limit*2@tencent"}` | adds a fault ([`crate::FaultRule`] syntax) |
//! | `DELETE /__admin/faults` | removes every fault |
//! | `PUT /__admin/clock` `{"offset_secs": 600}` | shifts the mock's clock |
//! | `POST /__admin/sessions` `{"vendor": "talentomobile", "outcome": "pass"}` | creates a session, returns `{"id": ...}` |
//! | `GET /__admin/requests` | every request answered so far |
//! | `POST /__admin/reset` | back to the start: outcome, faults and clock as configured, an empty request log (sessions stay) |
//!
//! Another method on one of these paths is answered 405 with an `Allow` header.

use std::net::SocketAddr;

use axum::response::Response;
use serde_json::{Value, json};

use crate::config::{FaultRule, Outcome};
use crate::state::State;
use crate::{Vendor, reply, vendors};

/// Every admin path (after `/__admin`, without a trailing slash) and its methods.
const ENDPOINTS: [(&str, &[&str]); 7] = [
    ("", &["GET"]),
    ("/outcome", &["PUT"]),
    ("/faults", &["DELETE", "POST"]),
    ("/clock", &["PUT"]),
    ("/sessions", &["POST"]),
    ("/requests", &["GET"]),
    ("/reset", &["POST"]),
];

pub(crate) fn handle(
    state: &State,
    peer: SocketAddr,
    method: &str,
    path: &str,
    body: &[u8],
) -> Response {
    if !peer.ip().is_loopback() {
        return reply::text(403, "mock: the admin API answers loopback peers only");
    }
    let path = path.trim_end_matches('/');
    match ENDPOINTS.iter().find(|(p, _)| *p == path) {
        None => {
            return reply::text(404, format!("mock: no admin endpoint /__admin{path}"));
        }
        Some((_, allowed)) if !allowed.contains(&method) => {
            let message = format!(
                "mock: /__admin{path} takes {}, not {method}",
                allowed.join(", ")
            );
            return reply::method_not_allowed(allowed, reply::text(405, message));
        }
        Some(_) => {}
    }
    let body: Value = serde_json::from_slice(body).unwrap_or(Value::Null);
    let field = |name: &str| body[name].as_str().map(str::to_owned);
    let bad = |message: String| reply::json(400, &json!({"error": message}));
    match (method, path) {
        ("GET", "") => reply::json(
            200,
            &json!({
                "outcome": state.outcome().to_string(),
                "faults": state.faults().iter().map(|f| format!("{f:?}")).collect::<Vec<_>>(),
                "clock_offset_secs": state.clock_offset(),
                "fixtures": Vendor::ALL.iter().map(|v| (v.as_str(), state.fixtures.ids(*v))).collect::<std::collections::BTreeMap<_, _>>(),
            }),
        ),
        ("PUT", "/outcome") => match field("outcome").map(|o| o.parse::<Outcome>()) {
            Some(Ok(outcome)) => {
                state.set_outcome(outcome);
                reply::json(200, &json!({"outcome": state.outcome().to_string()}))
            }
            Some(Err(e)) => bad(e),
            None => bad("send {\"outcome\": \"pass|attack|attack:<code>|expired\"}".into()),
        },
        ("POST", "/faults") => match field("fault").map(|f| f.parse::<FaultRule>()) {
            Some(Ok(rule)) => {
                state.add_fault(rule);
                reply::json(200, &json!({"faults": state.faults().len()}))
            }
            Some(Err(e)) => bad(e),
            None => bad("send {\"fault\": \"KIND[=VALUE][*TIMES][@VENDOR]\"}".into()),
        },
        ("DELETE", "/faults") => {
            state.clear_faults();
            reply::json(200, &json!({"faults": 0}))
        }
        ("PUT", "/clock") => match body["offset_secs"].as_i64() {
            Some(offset) => {
                state.set_clock_offset(offset);
                reply::json(200, &json!({"clock_offset_secs": offset}))
            }
            None => bad("send {\"offset_secs\": <integer>}".into()),
        },
        ("POST", "/sessions") => {
            let vendor = match field("vendor").map(|v| v.parse::<Vendor>()) {
                Some(Ok(vendor)) => vendor,
                Some(Err(e)) => return bad(e.to_string()),
                None => return bad("send {\"vendor\": ..., \"outcome\": ...}".into()),
            };
            let outcome = match field("outcome").map(|o| o.parse::<Outcome>()) {
                Some(Ok(outcome)) => outcome,
                Some(Err(e)) => return bad(e),
                None => state.outcome(),
            };
            let id = vendors::create_session(state, vendor, outcome);
            reply::json(200, &json!({"id": id}))
        }
        ("GET", "/requests") => reply::json(200, &json!(state.logged())),
        ("POST", "/reset") => {
            state.reset();
            reply::json(200, &json!({"reset": true}))
        }
        // ENDPOINTS lists exactly the arms above.
        _ => reply::text(500, format!("mock: {method} /__admin{path} is not wired")),
    }
}
