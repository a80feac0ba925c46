//! Tencent Cloud FaceID: `POST /` with the action in `X-TC-Action`, TC3-HMAC-SHA256 checked
//! from the received bytes, every error as `Response.Error` with HTTP 200.

use bytes::Bytes;
use liveness::tencent::tc3::http::{ParsedAuthorization, RequestParts};
use liveness::tencent::tc3::{self, SigningKey};
use serde_json::{Value, json};

use super::{Handled, IdAt, Refusal, Served, VendorMock};
use crate::Vendor;
use crate::config::Outcome;
use crate::spec::Incoming;
use crate::state::{Session, State};
use crate::{files, reply};

/// Tencent FaceID in the mock.
pub(super) const MOCK: VendorMock = VendorMock {
    spec: liveness_tencent_faceid::SPEC,
    result: ("GetLivenessResult", IdAt::RequestField("SdkToken")),
    handle,
    issue,
    refuse,
    serve_files,
};

/// `BestFrame` and `Video` point at the mock, with the `MD5` and `Size` of the bytes it serves
/// instead of the page's.
fn serve_files(fixture: &mut Value, dir: &str, base_url: &str, id: &str) -> Vec<Served> {
    let mut served = Vec::new();
    for (field, name, bytes) in [
        ("BestFrame", "best-frame.jpg", files::jpeg(id)),
        ("Video", "video.mp4", files::mp4(id)),
    ] {
        // `pointer_mut`, not indexing: indexing would add the missing fields.
        let pointer = format!("/Response/{field}");
        let Some(info) = fixture.pointer_mut(&pointer) else {
            continue;
        };
        if info.get("Url").is_some() {
            let path = format!("{dir}/{name}");
            *info = files::file_info(files::url(base_url, &path), &bytes);
            served.push((path, bytes));
        }
    }
    served
}

/// The credential-scope service of every FaceID action.
const SERVICE: &str = "faceid";
/// Tencent refuses a timestamp more than five minutes from its clock.
const MAX_SKEW_SECS: u64 = 300;

/// Tencent's error envelope, sent with HTTP 200 as FaceID sends every error: the one place
/// the mock builds it.
pub(crate) fn error(state: &State, code: &str, message: &str) -> axum::response::Response {
    reply::json(
        200,
        &json!({"Response": {
            "Error": {"Code": code, "Message": message},
            "RequestId": state.request_id(),
        }}),
    )
}

pub(super) fn handle(state: &State, request: &Incoming<'_>, host: &str) -> Handled {
    let error = |code: &str, message: &str| error(state, code, message);
    let header = |name: &str| {
        request
            .headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::trim)
    };
    let Some(action) = header("x-tc-action") else {
        let message = "The X-TC-Action header is missing.";
        return Handled::new(error("MissingParameter", message), None);
    };
    let Some(operation) = state.specs.action(action) else {
        let message = format!("The action `{action}` does not exist.");
        return Handled::new(error("InvalidAction", &message), None);
    };
    let version = state.specs.spec(Vendor::Tencent).doc["info"]["version"]
        .as_str()
        .unwrap_or_default();
    if header("x-tc-version") != Some(version) {
        let message = format!("X-TC-Version must be {version}.");
        return Handled::new(error("NoSuchVersion", &message), Some(operation));
    }
    if let Err((code, message)) = authenticate(state, request, host) {
        return Handled::new(error(code, &message), Some(operation));
    }
    // The region after the signature: FaceID authenticates a request before it looks at most
    // of its parameters, so a caller without valid keys learns nothing else. The action and
    // version come first because they name what is called (and so how it is checked).
    if let Err((code, message)) = check_region(state, request) {
        return Handled::new(error(code, &message), Some(operation));
    }
    if let Err(violations) = operation.validate(request) {
        let message = violations.to_string();
        return Handled::invalid(error("InvalidParameter", &message), operation, message);
    }
    let body: Value = serde_json::from_slice(request.body).unwrap_or(Value::Null);
    let response = match action {
        "ApplyLivenessToken" => {
            let token = issue(state, state.outcome());
            reply::json(
                200,
                &json!({"Response": {"SdkToken": token, "RequestId": state.request_id()}}),
            )
        }
        _ => {
            let token = body["SdkToken"].as_str().unwrap_or_default();
            result(state, token)
        }
    };
    Handled::new(response, Some(operation))
}

/// A new SdkToken leading to `outcome`.
pub(super) fn issue(state: &State, outcome: Outcome) -> String {
    let n = state.next();
    let token = format!(
        "{:08X}-0000-4000-8000-{:012X}",
        n,
        n.wrapping_mul(0x2545_F491)
    );
    state.insert_session(
        Vendor::Tencent,
        token.clone(),
        Session {
            outcome,
            record: None,
            seq: state.next(),
        },
    );
    token
}

/// Tencent reports every refusal in the body with HTTP 200, 405 aside (no body documented).
pub(super) fn refuse(state: &State, refusal: &Refusal<'_>) -> axum::response::Response {
    match refusal {
        Refusal::RateLimited => error(
            state,
            "RequestLimitExceeded",
            "Your current request times exceed the frequency limit of 20 per second for this action.",
        ),
        Refusal::InternalError => error(state, "InternalError", "An internal error occurred."),
        Refusal::Unauthorized => error(
            state,
            "AuthFailure.SecretIdNotFound",
            "The SecretId is not found, please ensure that your SecretId is correct.",
        ),
        Refusal::MethodNotAllowed(_) | Refusal::Account(_) => refusal.plain(),
    }
}

/// The regions FaceID's liveness actions accept: the enum of the spec's `X-TC-Region`.
fn regions(state: &State) -> Vec<&str> {
    let spec = state.specs.spec(Vendor::Tencent);
    let parameter = spec.resolve(&spec.doc["components"]["parameters"]["Region"]);
    spec.resolve(&parameter["schema"])["enum"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .collect()
}

/// `X-TC-Region` as FaceID checks it: `MissingParameter` without it, `UnsupportedRegion` for a
/// region the liveness actions are not offered in.
fn check_region(state: &State, request: &Incoming<'_>) -> Result<(), (&'static str, String)> {
    let Some(region) = request.headers.get("x-tc-region") else {
        return Err((
            "MissingParameter",
            "The request is missing a required parameter `Region`.".to_owned(),
        ));
    };
    let region = String::from_utf8_lossy(region.as_bytes());
    let region = region.trim();
    if region.is_empty() {
        return Err((
            "MissingParameter",
            "The request is missing a required parameter `Region`.".to_owned(),
        ));
    }
    let regions = regions(state);
    if !regions.contains(&region) {
        // Debug-quoted and clipped: the value is the caller's, echoed in a JSON message.
        let shown: String = region.chars().take(64).collect();
        return Err((
            "UnsupportedRegion",
            format!(
                "The region {shown:?} is not supported by this action; use {}.",
                regions.join(", ")
            ),
        ));
    }
    Ok(())
}

fn result(state: &State, token: &str) -> axum::response::Response {
    if let Some(fixture) = state.fixtures.get(Vendor::Tencent, token) {
        return reply::fixture(fixture);
    }
    let Some(session) = state.session(Vendor::Tencent, token) else {
        return error(
            state,
            "InvalidParameterValue.BizTokenIllegal",
            "BizToken is illegal.",
        );
    };
    let code = match session.outcome {
        Outcome::Expired => {
            return error(
                state,
                "InvalidParameterValue.BizTokenExpired",
                "BizToken expired.",
            );
        }
        Outcome::Pass => "0".to_owned(),
        // 1002: suspected spoofed recording, the page's attack code.
        Outcome::Attack(code) => code.unwrap_or_else(|| "1002".to_owned()),
    };
    let description = liveness::tencent::ResultCode::parse(&code)
        .description()
        .unwrap_or("Liveness failed")
        .to_owned();
    json_result(state, token, &code, &description, &state.request_id())
}

fn json_result(
    state: &State,
    token: &str,
    code: &str,
    description: &str,
    request_id: &str,
) -> axum::response::Response {
    let best_frame = file(state, token, "best-frame.jpg", files::jpeg(token));
    let video = file(state, token, "video.mp4", files::mp4(token));
    reply::json(
        200,
        &json!({"Response": {
            "Result": code,
            "Description": description,
            "BestFrame": best_frame,
            "Video": video,
            "RequestId": request_id,
        }}),
    )
}

/// Stores `bytes` under `/__files/tencent/<token>/<name>` and describes it as a FileInfo whose
/// URL is the mock's own.
fn file(state: &State, token: &str, name: &str, bytes: Bytes) -> Value {
    let path = format!("tencent/{}/{name}", files::segment(token));
    let info = files::file_info(files::url(&state.base_url, &path), &bytes);
    state.put_file(path, bytes);
    info
}

/// Checks the request's TC3 signature as Tencent does; the error code and message on failure.
fn authenticate(
    state: &State,
    request: &Incoming<'_>,
    host: &str,
) -> Result<(), (&'static str, String)> {
    let invalid = |message: &str| ("AuthFailure.InvalidAuthorization", message.to_owned());
    let authorization = request
        .headers
        .get("authorization")
        .and_then(|v| v.to_str().ok())
        .ok_or_else(|| invalid("The Authorization header is missing."))?;
    // The parse error's message is the one Tencent's InvalidAuthorization carries.
    let authorization =
        ParsedAuthorization::parse(authorization).map_err(|e| invalid(&e.to_string()))?;
    if !state
        .credentials
        .tencent_secret_id
        .matches(&authorization.secret_id)
    {
        return Err((
            "AuthFailure.SecretIdNotFound",
            "The SecretId is not found; check it.".to_owned(),
        ));
    }
    let timestamp = request
        .headers
        .get("x-tc-timestamp")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<i64>().ok())
        .ok_or_else(|| invalid("X-TC-Timestamp is missing or not a number."))?;
    let now = state.now();
    // `abs_diff`: a subtraction overflows for timestamps near i64::MIN or i64::MAX.
    if timestamp.abs_diff(now) > MAX_SKEW_SECS {
        return Err((
            "AuthFailure.SignatureExpire",
            format!("Signature expired. Timestamp:{timestamp}, server time: {now}"),
        ));
    }
    let failure = |why: &str| ("AuthFailure.SignatureFailure", why.to_owned());
    // Typed only now: an unknown list is a signature failure reported after the SecretId and
    // timestamp checks, not a malformed Authorization.
    let Some(signed_headers) = authorization.signed_header_set() else {
        return Err(failure(&format!(
            "The mock verifies SignedHeaders content-type;host or content-type;host;x-tc-action, not {}.",
            authorization.signed_headers
        )));
    };
    match request
        .headers
        .get("x-tc-token")
        .and_then(|v| v.to_str().ok())
    {
        _ if state.credentials.tencent_token.is_none() => {}
        Some(token)
            if state
                .credentials
                .tencent_token
                .as_ref()
                .is_some_and(|t| t.matches(token)) => {}
        _ => {
            return Err((
                "AuthFailure.TokenFailure",
                "The X-TC-Token is missing or wrong.".to_owned(),
            ));
        }
    }
    let parts = RequestParts {
        method: request.method,
        host,
        path: request.path,
        query: request.query,
        headers: request.headers,
        body: request.body,
    };
    let signing = tc3::http::signing_request(parts, timestamp, SERVICE, signed_headers);
    let expected_date = tc3::utc_date(timestamp).map_err(|e| failure(&e.to_string()))?;
    if authorization.date != expected_date || authorization.service != SERVICE {
        return Err(failure(&format!(
            "The credential scope must be {expected_date}/{SERVICE}/tc3_request."
        )));
    }
    let canonical = tc3::canonical_request(&signing).map_err(|e| failure(&e.to_string()))?;
    let scope = tc3::credential_scope(&expected_date, SERVICE);
    let to_sign = tc3::string_to_sign(timestamp, &scope, &canonical);
    let key = secrecy::SecretString::from(state.credentials.tencent_secret_key.expose().to_owned());
    let expected = SigningKey::derive(&key, &expected_date, SERVICE).signature(&to_sign);
    if expected != authorization.signature {
        return Err(failure(
            "The request signature does not match the one the server computed.",
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::MockConfig;

    #[test]
    fn the_regions_are_the_three_of_the_spec() {
        let state = State::new(MockConfig::demo(), "http://127.0.0.1:9".into());
        assert_eq!(
            regions(&state),
            ["ap-hongkong", "ap-jakarta", "ap-singapore"]
        );
    }
}
