//! One module per vendor: its auth check, its errors, and its answers.

mod talentomobile;
pub(crate) mod tencent;
mod trustdecision;
mod verifik;

use axum::response::Response;

use crate::Vendor;
use crate::config::Outcome;
use crate::spec::{Incoming, Operation};
use crate::state::State;

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
