//! Small builders for the responses the mock sends.

use axum::body::Body;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::Response;
use serde_json::Value;

/// `value` as a JSON body with `status`.
pub(crate) fn json(status: u16, value: &Value) -> Response {
    bytes(status, "application/json", value.to_string().into_bytes())
}

/// A plain-text body with `status`.
pub(crate) fn text(status: u16, body: impl Into<String>) -> Response {
    bytes(
        status,
        "text/plain; charset=utf-8",
        body.into().into_bytes(),
    )
}

/// A body of `content_type` with `status`.
pub(crate) fn bytes(status: u16, content_type: &str, body: Vec<u8>) -> Response {
    let mut response = Response::new(Body::from(body));
    *response.status_mut() = StatusCode::from_u16(status).unwrap_or(StatusCode::OK);
    if let Ok(value) = HeaderValue::from_str(content_type) {
        response.headers_mut().insert(header::CONTENT_TYPE, value);
    }
    response
}

/// A spec example served as-is: JSON, or text for a `text/plain` example.
pub(crate) fn fixture(fixture: &crate::fixtures::Fixture) -> Response {
    match (&fixture.value, fixture.media_type.starts_with("text/")) {
        (Value::String(s), true) => text(fixture.status, s.clone()),
        (value, _) => json(fixture.status, value),
    }
}

/// `response` (a 405) with the `Allow` header listing `allowed`, as RFC 9110 requires.
pub(crate) fn method_not_allowed(allowed: &[&str], mut response: Response) -> Response {
    if let Ok(value) = HeaderValue::from_str(&allowed.join(", ")) {
        response.headers_mut().insert(header::ALLOW, value);
    }
    response
}
