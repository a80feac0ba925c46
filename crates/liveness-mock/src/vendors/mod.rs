//! One module per vendor: its auth check, its errors, and its answers.

mod talentomobile;
pub(crate) mod tencent;
mod trustdecision;
mod verifik;

use axum::response::Response;
use bytes::Bytes;
use serde_json::Value;

use crate::config::Outcome;
pub(crate) use crate::fixtures::IdAt;
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
    /// The credentials are not accepted.
    Unauthorized,
    /// An account problem (TrustDecision's 301 to 305).
    Account(u16),
}

impl Refusal<'_> {
    /// As plain text, for vendors that document no error body for it.
    pub(crate) fn plain(&self) -> Response {
        match self {
            Refusal::RateLimited => reply::text(429, "Too Many Requests"),
            Refusal::InternalError => reply::text(500, "Internal Server Error"),
            Refusal::MethodNotAllowed(message) => reply::text(405, *message),
            Refusal::Unauthorized => reply::text(401, "Unauthorized"),
            Refusal::Account(_) => reply::text(403, "Forbidden"),
        }
    }
}

/// Everything the mock knows of one vendor: one row per vendor module (its `MOCK`), so a new
/// vendor is a new module and one line in [`mock`].
pub(crate) struct VendorMock {
    /// The vendor's spec (YAML), embedded.
    pub spec: &'static str,
    /// The operation whose response examples are served as fixtures, and where its id sits.
    pub result: (&'static str, IdAt),
    /// Answers a request routed to this vendor; `host` is the request's `Host` (Tencent's
    /// signature covers it).
    pub handle: fn(&State, &Incoming<'_>, &str) -> Handled,
    /// A session issued outside the vendor's own API (the phone's side of the flow).
    pub issue: fn(&State, Outcome) -> String,
    /// A refusal in the vendor's error shape.
    pub refuse: fn(&State, &Refusal<'_>) -> Response,
    /// Moves a fixture's remote evidence onto the mock: rewrites its URLs under `base_url`
    /// (files in `dir`, named after `id`) and returns the files to serve.
    pub serve_files: fn(&mut Value, &str, &str, &str) -> Vec<Served>,
}

/// A file the mock serves: its path under `/__files/` and its bytes.
pub(crate) type Served = (String, Bytes);

/// [`VendorMock::serve_files`] of a vendor whose evidence is inline.
pub(crate) fn no_files(_: &mut Value, _: &str, _: &str, _: &str) -> Vec<Served> {
    Vec::new()
}

/// The mock of `vendor`.
pub(crate) fn mock(vendor: Vendor) -> &'static VendorMock {
    match vendor {
        Vendor::Tencent => &tencent::MOCK,
        Vendor::TrustDecision => &trustdecision::MOCK,
        Vendor::Talentomobile => &talentomobile::MOCK,
        Vendor::Verifik => &verifik::MOCK,
    }
}

/// `refusal` as `vendor` writes it.
pub(crate) fn refuse(state: &State, vendor: Vendor, refusal: &Refusal<'_>) -> Response {
    (mock(vendor).refuse)(state, refusal)
}

/// `host` is the request's `Host`, which Tencent's signature covers; nothing else uses it.
pub(crate) fn handle(state: &State, vendor: Vendor, request: &Incoming<'_>, host: &str) -> Handled {
    (mock(vendor).handle)(state, request, host)
}

/// A session issued outside the vendor's own API (the phone's side of the flow, or a
/// Talentomobile process, which has no API to start one).
pub(crate) fn create_session(state: &State, vendor: Vendor, outcome: Outcome) -> String {
    (mock(vendor).issue)(state, outcome)
}
