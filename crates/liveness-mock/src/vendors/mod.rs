//! One module per vendor: its auth check, its errors, and its answers.

mod talentomobile;
pub(crate) mod tencent;
mod trustdecision;
mod verifik;

use axum::response::Response;

use crate::config::Outcome;
use crate::spec::{Incoming, Operation};
use crate::state::State;
use crate::{Vendor, reply};

/// A vendor's answer, with what the request log records.
pub(crate) struct Handled {
    pub response: Response,
    pub operation: Option<String>,
    pub violations: Option<String>,
}

impl Handled {
    fn new(response: Response, operation: Option<&Operation>) -> Self {
        Self {
            response,
            operation: operation.map(|o| o.id.clone()),
            violations: None,
        }
    }

    fn invalid(response: Response, operation: &Operation, violations: String) -> Self {
        Self {
            response,
            operation: Some(operation.id.clone()),
            violations: Some(violations),
        }
    }
}

/// An answer the mock gives before the vendor's own handling: an injected fault or a method the
/// path does not have. Each vendor renders it in its own error shape.
pub(crate) enum Refusal<'a> {
    /// Too many requests.
    RateLimited,
    /// The vendor failed inside (worth a retry).
    InternalError,
    /// HTTP 405, with the message naming the allowed methods.
    MethodNotAllowed(&'a str),
}

impl Refusal<'_> {
    /// As plain text, for vendors that document no error body for it.
    fn plain(&self) -> Response {
        match self {
            Refusal::RateLimited => reply::text(429, "Too Many Requests"),
            Refusal::InternalError => reply::text(500, "Internal Server Error"),
            Refusal::MethodNotAllowed(message) => reply::text(405, *message),
        }
    }
}

/// `refusal` as `vendor` writes it.
pub(crate) fn refuse(state: &State, vendor: Vendor, refusal: &Refusal<'_>) -> Response {
    match vendor {
        Vendor::Tencent => tencent::refuse(state, refusal),
        Vendor::TrustDecision => trustdecision::refuse(state, refusal),
        Vendor::Talentomobile => refusal.plain(),
        Vendor::Verifik => verifik::refuse(refusal),
    }
}

/// `host` is the request's `Host`, which Tencent's signature covers; nothing else uses it.
pub(crate) fn handle(state: &State, vendor: Vendor, request: &Incoming<'_>, host: &str) -> Handled {
    match vendor {
        Vendor::Tencent => tencent::handle(state, request, host),
        Vendor::TrustDecision => trustdecision::handle(state, request),
        Vendor::Talentomobile => talentomobile::handle(state, request),
        Vendor::Verifik => verifik::handle(state, request),
    }
}

/// A session issued outside the vendor's own API (the phone's side of the flow, or a
/// Talentomobile process, which has no API to start one).
pub(crate) fn create_session(state: &State, vendor: Vendor, outcome: Outcome) -> String {
    match vendor {
        Vendor::Tencent => tencent::issue(state, outcome),
        Vendor::TrustDecision => trustdecision::issue(state, outcome).1,
        Vendor::Talentomobile => talentomobile::issue(state, outcome),
        Vendor::Verifik => verifik::issue(state, outcome, None),
    }
}
