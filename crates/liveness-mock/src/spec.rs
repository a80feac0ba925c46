//! The vendors' specs, embedded, and a validator of incoming requests against them.
//!
//! Every request the mock serves is first matched to its spec operation and checked: method,
//! path, required headers and query parameters (with their schemas), and the JSON body against
//! the request schema. A request that does not conform is answered with an error that names
//! what was wrong, so a client that drifts from the spec fails loudly.

use std::collections::HashMap;
use std::fmt;
use std::sync::OnceLock;

use axum::http::HeaderMap;
use serde_json::{Value, json};

use crate::Vendor;

/// One vendor's spec: its document, read by `liveness-spec` (the one reading the contract
/// tests share), tagged with its vendor.
#[derive(Debug)]
pub struct Spec {
    /// Whose spec it is.
    pub vendor: Vendor,
    /// The OpenAPI document.
    pub openapi: liveness_spec::Spec,
}

impl std::ops::Deref for Spec {
    type Target = liveness_spec::Spec;

    fn deref(&self) -> &liveness_spec::Spec {
        &self.openapi
    }
}

/// Where a parameter travels.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Location {
    Path,
    Query,
    Header,
}

struct Param {
    name: String,
    location: Location,
    required: bool,
    /// `type` of the schema, to read a query or path value as JSON before validating it.
    kind: String,
    /// `type` of an array's items: an exploded query array (`k=a&k=b`) is read item by item.
    item_kind: String,
    validator: jsonschema::Validator,
}

struct Body {
    required: bool,
    media_types: Vec<String>,
    validator: Option<jsonschema::Validator>,
}

/// One operation of a spec, ready to match and validate requests.
pub struct Operation {
    /// Whose operation it is.
    pub vendor: Vendor,
    /// `operationId`.
    pub id: String,
    /// Upper-case HTTP method.
    pub method: String,
    /// The path template (`/result/{id}`); Tencent's pseudo paths are never matched as paths.
    pub path: String,
    /// Tencent's `x-tc-action`: the request is `POST /` with this `X-TC-Action`.
    pub action: Option<String>,
    params: Vec<Param>,
    body: Option<Body>,
}

impl fmt::Debug for Operation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Operation")
            .field("vendor", &self.vendor)
            .field("id", &self.id)
            .field("method", &self.method)
            .field("path", &self.path)
            .finish_non_exhaustive()
    }
}

/// A request as the mock received it, for validation.
#[derive(Debug, Clone, Copy)]
pub struct Incoming<'a> {
    /// HTTP method.
    pub method: &'a str,
    /// Path, without the query.
    pub path: &'a str,
    /// Raw query string (empty when none).
    pub query: &'a str,
    /// Headers as received.
    pub headers: &'a HeaderMap,
    /// Body bytes as received.
    pub body: &'a [u8],
}

/// Why a request does not conform to its operation, one entry per problem.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Violations {
    /// The spec, as its generated crate ships it and as the workspace names it:
    /// `liveness-verifik's openapi.yaml (specs/verifik.yaml)`.
    pub spec: String,
    /// `operationId`.
    pub operation: String,
    /// Each problem, naming the parameter or body location.
    pub problems: Vec<String>,
}

impl fmt::Display for Violations {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "mock: the request does not conform to {} {}: {}",
            self.spec,
            self.operation,
            self.problems.join("; ")
        )
    }
}

impl std::error::Error for Violations {}

/// The four specs and their operations.
pub struct Specs {
    specs: Vec<Spec>,
    operations: Vec<Operation>,
}

impl fmt::Debug for Specs {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Specs")
            .field("operations", &self.operations)
            .finish_non_exhaustive()
    }
}

const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

impl Specs {
    /// The specs compiled into this crate (parsed once).
    pub fn embedded() -> &'static Specs {
        static SPECS: OnceLock<Specs> = OnceLock::new();
        SPECS.get_or_init(|| {
            Specs::parse(Vendor::ALL.map(|v| (v, crate::vendors::mock(v).spec)))
                .unwrap_or_else(|e| panic!("an embedded spec is broken: {e}"))
        })
    }

    /// Parses specs from YAML text.
    pub fn parse<'a>(sources: impl IntoIterator<Item = (Vendor, &'a str)>) -> Result<Self, String> {
        let mut specs = Vec::new();
        let mut operations = Vec::new();
        for (vendor, text) in sources {
            let openapi = liveness_spec::Spec::parse(text).map_err(|e| format!("{vendor}: {e}"))?;
            let spec = Spec { vendor, openapi };
            operations.extend(operations_of(&spec)?);
            specs.push(spec);
        }
        Ok(Self { specs, operations })
    }

    /// One vendor's spec.
    pub fn spec(&self, vendor: Vendor) -> &Spec {
        self.specs
            .iter()
            .find(|s| s.vendor == vendor)
            .expect("every vendor has a spec")
    }

    /// Every operation.
    pub fn operations(&self) -> &[Operation] {
        &self.operations
    }

    /// The operation with this `operationId`.
    pub fn operation(&self, vendor: Vendor, id: &str) -> Option<&Operation> {
        self.operations
            .iter()
            .find(|o| o.vendor == vendor && o.id == id)
    }

    /// The operation `path` belongs to, whatever the method (for a "method not allowed" answer),
    /// with its path parameters. Tencent's operations are found by [`Specs::action`].
    pub fn route(&self, method: &str, path: &str) -> Option<(&Operation, HashMap<String, String>)> {
        let mut fallback = None;
        for op in self.operations.iter().filter(|o| o.action.is_none()) {
            if let Some(params) = match_path(&op.path, path) {
                if op.method.eq_ignore_ascii_case(method) {
                    return Some((op, params));
                }
                fallback.get_or_insert((op, params));
            }
        }
        fallback
    }

    /// The methods `path` has, upper-case and sorted; empty when no operation serves it.
    /// Tencent's operations are all `POST /` and are not paths here.
    pub fn methods(&self, path: &str) -> Vec<&str> {
        let mut methods: Vec<&str> = self
            .operations
            .iter()
            .filter(|o| o.action.is_none() && match_path(&o.path, path).is_some())
            .map(|o| o.method.as_str())
            .collect();
        methods.sort_unstable();
        methods.dedup();
        methods
    }

    /// Tencent's operation for an `X-TC-Action`.
    pub fn action(&self, action: &str) -> Option<&Operation> {
        self.operations
            .iter()
            .find(|o| o.action.as_deref() == Some(action))
    }
}

impl Operation {
    /// Checks `request` against this operation; `Ok` when it conforms.
    pub fn validate(&self, request: &Incoming<'_>) -> Result<(), Violations> {
        let mut problems = Vec::new();
        if !self.method.eq_ignore_ascii_case(request.method) {
            problems.push(format!(
                "method {} is not allowed (the spec has {})",
                request.method, self.method
            ));
        }
        let path_params = if self.action.is_some() {
            HashMap::new()
        } else {
            match_path(&self.path, request.path).unwrap_or_default()
        };
        let query: Vec<(String, String)> = form_urlencoded::parse(request.query.as_bytes())
            .into_owned()
            .collect();
        for param in &self.params {
            // OpenAPI's default for a query array is `form`, exploded: one pair per item.
            if param.location == Location::Query && param.kind == "array" {
                let items: Vec<&String> = query
                    .iter()
                    .filter(|(k, _)| *k == param.name)
                    .map(|(_, v)| v)
                    .collect();
                if items.is_empty() {
                    if param.required {
                        problems.push(format!(
                            "the required query parameter `{}` is missing",
                            param.name
                        ));
                    }
                    continue;
                }
                let value = Value::Array(
                    items
                        .iter()
                        .map(|raw| typed(&param.item_kind, raw))
                        .collect(),
                );
                for error in param.validator.iter_errors(&value) {
                    problems.push(format!(
                        "query parameter `{}` = {items:?}: {error}",
                        param.name
                    ));
                }
                continue;
            }
            let value = match param.location {
                Location::Path => path_params.get(&param.name).cloned(),
                Location::Query => query
                    .iter()
                    .find(|(k, _)| *k == param.name)
                    .map(|(_, v)| v.clone()),
                Location::Header => request
                    .headers
                    .get(&param.name)
                    .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned()),
            };
            let place = match param.location {
                Location::Path => "path parameter",
                Location::Query => "query parameter",
                Location::Header => "header",
            };
            match value {
                None if param.required => {
                    problems.push(format!("the required {place} `{}` is missing", param.name))
                }
                None => {}
                Some(raw) => {
                    let value = typed(&param.kind, &raw);
                    for error in param.validator.iter_errors(&value) {
                        problems.push(format!("{place} `{}` = {raw:?}: {error}", param.name));
                    }
                }
            }
        }
        if let Some(body) = &self.body {
            check_body(body, request, &mut problems);
        }
        if problems.is_empty() {
            Ok(())
        } else {
            Err(Violations {
                spec: format!(
                    "{}'s openapi.yaml (specs/{}.yaml)",
                    self.vendor.package(),
                    self.vendor.spec_name()
                ),
                operation: self.id.clone(),
                problems,
            })
        }
    }
}

fn check_body(body: &Body, request: &Incoming<'_>, problems: &mut Vec<String>) {
    if request.body.is_empty() {
        if body.required {
            problems.push("a request body is required".into());
        }
        return;
    }
    let content_type = request
        .headers
        .get(axum::http::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let essence = content_type
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    if !body.media_types.contains(&essence) {
        problems.push(format!(
            "Content-Type {content_type:?} is not one of {}",
            body.media_types.join(", ")
        ));
        return;
    }
    let Some(validator) = &body.validator else {
        return;
    };
    match serde_json::from_slice::<Value>(request.body) {
        Err(e) => problems.push(format!("the body is not JSON: {e}")),
        Ok(value) => {
            for error in validator.iter_errors(&value) {
                let at = error.instance_path().to_string();
                let at = if at.is_empty() { "/".to_owned() } else { at };
                problems.push(format!("body {at}: {error}"));
            }
        }
    }
}

/// A query or path value read as the JSON its schema expects; a value that does not parse stays a
/// string, so the schema reports the type mismatch.
fn typed(kind: &str, raw: &str) -> Value {
    let parsed = match kind {
        "integer" => raw.parse::<i64>().ok().map(Value::from),
        "number" => raw.parse::<f64>().ok().map(Value::from),
        "boolean" => raw.parse::<bool>().ok().map(Value::from),
        _ => None,
    };
    parsed.unwrap_or_else(|| Value::String(raw.to_owned()))
}

/// The path parameters when `path` matches `template`.
fn match_path(template: &str, path: &str) -> Option<HashMap<String, String>> {
    let template: Vec<&str> = template.trim_end_matches('/').split('/').collect();
    let actual: Vec<&str> = path.trim_end_matches('/').split('/').collect();
    if template.len() != actual.len() {
        return None;
    }
    let mut params = HashMap::new();
    for (t, a) in template.iter().zip(&actual) {
        match t.strip_prefix('{').and_then(|t| t.strip_suffix('}')) {
            Some(name) if !a.is_empty() => {
                let decoded = percent_decode(a);
                params.insert(name.to_owned(), decoded);
            }
            Some(_) => return None,
            None if t == a => {}
            None => return None,
        }
    }
    Some(params)
}

fn percent_decode(segment: &str) -> String {
    form_urlencoded::parse(format!("v={}", segment.replace('+', "%2B")).as_bytes())
        .next()
        .map(|(_, v)| v.into_owned())
        .unwrap_or_default()
}

fn operations_of(spec: &Spec) -> Result<Vec<Operation>, String> {
    let mut out = Vec::new();
    let paths = spec.doc["paths"]
        .as_object()
        .ok_or_else(|| format!("{}: no paths", spec.vendor))?;
    for (path, item) in paths {
        let item = item.as_object().ok_or("a path item is not an object")?;
        let shared: Vec<&Value> = item
            .get("parameters")
            .and_then(Value::as_array)
            .map(|a| a.iter().collect())
            .unwrap_or_default();
        for (method, op) in item {
            if !METHODS.contains(&method.as_str()) {
                continue;
            }
            let id = op["operationId"]
                .as_str()
                .ok_or_else(|| format!("{}: {method} {path} has no operationId", spec.vendor))?;
            let mut params = Vec::new();
            let own = op
                .get("parameters")
                .and_then(Value::as_array)
                .into_iter()
                .flatten();
            for param in shared.iter().copied().chain(own) {
                let param = spec.resolve(param);
                let location = match param["in"].as_str() {
                    Some("path") => Location::Path,
                    Some("query") => Location::Query,
                    Some("header") => Location::Header,
                    _ => continue,
                };
                let schema = param.get("schema").cloned().unwrap_or(json!({}));
                let resolved = spec.resolve(&schema);
                let kind = resolved["type"].as_str().unwrap_or("string").to_owned();
                let item_kind = spec.resolve(&resolved["items"])["type"]
                    .as_str()
                    .unwrap_or("string")
                    .to_owned();
                params.push(Param {
                    name: param["name"].as_str().unwrap_or_default().to_owned(),
                    location,
                    required: param["required"].as_bool().unwrap_or(false)
                        || location == Location::Path,
                    kind,
                    item_kind,
                    validator: spec.validator(&schema)?,
                });
            }
            let body = match op.get("requestBody") {
                None => None,
                Some(body) => {
                    let body = spec.resolve(body);
                    let content = body["content"].as_object().cloned().unwrap_or_default();
                    let validator = match content.get("application/json") {
                        Some(media) => {
                            Some(spec.validator(media.get("schema").unwrap_or(&json!({})))?)
                        }
                        None => None,
                    };
                    Some(Body {
                        required: body["required"].as_bool().unwrap_or(false),
                        media_types: content.keys().map(|k| k.to_ascii_lowercase()).collect(),
                        validator,
                    })
                }
            };
            out.push(Operation {
                vendor: spec.vendor,
                id: id.to_owned(),
                method: method.to_ascii_uppercase(),
                path: path.clone(),
                action: op["x-tc-action"].as_str().map(str::to_owned),
                params,
                body,
            });
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request<'a>(
        method: &'a str,
        path: &'a str,
        query: &'a str,
        headers: &'a HeaderMap,
        body: &'a [u8],
    ) -> Incoming<'a> {
        Incoming {
            method,
            path,
            query,
            headers,
            body,
        }
    }

    fn json_headers() -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert("content-type", "application/json".parse().unwrap());
        headers
    }

    #[test]
    fn every_vendor_operation_is_found() {
        let specs = Specs::embedded();
        assert_eq!(specs.operations().len(), 8);
        assert_eq!(
            specs.action("GetLivenessResult").map(|o| o.id.as_str()),
            Some("GetLivenessResult")
        );
        let (op, params) = specs.route("GET", "/v2/document-liveness/abc").unwrap();
        assert_eq!(op.id, "RetrieveDocumentLiveness");
        assert_eq!(params["id"], "abc");
        let (op, _) = specs.route("POST", "/v2/document-liveness").unwrap();
        assert_eq!(op.id, "CreateDocumentLiveness");
        assert!(specs.route("GET", "/nowhere").is_none());
        assert_eq!(specs.methods("/v2/document-liveness"), ["GET", "POST"]);
        assert_eq!(specs.methods("/v2/document-liveness/abc"), ["GET"]);
        assert!(specs.methods("/nowhere").is_empty());
        // A Tencent pseudo path is not a route: the wire is `POST /`.
        assert!(specs.route("POST", "/GetLivenessResult").is_none());
    }

    #[test]
    fn a_conforming_body_passes_and_a_broken_one_is_named() {
        let specs = Specs::embedded();
        let op = specs
            .operation(Vendor::Verifik, "CreateDocumentLiveness")
            .unwrap();
        let headers = json_headers();
        let good = br#"{"image":"aGk=","validateScreenReplay":true}"#;
        assert!(
            op.validate(&request(
                "POST",
                "/v2/document-liveness",
                "",
                &headers,
                good
            ))
            .is_ok()
        );
        let bad = br#"{"validateScreenReplay":"yes"}"#;
        let err = op
            .validate(&request("POST", "/v2/document-liveness", "", &headers, bad))
            .unwrap_err();
        let text = err.to_string();
        assert!(text.contains("image"), "{text}");
        assert!(text.contains("validateScreenReplay"), "{text}");
        assert!(
            text.contains("liveness-verifik's openapi.yaml (specs/verifik.yaml)"),
            "{text}"
        );
    }

    #[test]
    fn query_values_are_checked_against_their_schema() {
        let specs = Specs::embedded();
        let op = specs
            .operation(Vendor::Verifik, "ListDocumentLiveness")
            .unwrap();
        let headers = HeaderMap::new();
        let ok = request(
            "GET",
            "/v2/document-liveness",
            "page=2&limit=100",
            &headers,
            b"",
        );
        assert!(op.validate(&ok).is_ok());
        let too_many = request("GET", "/v2/document-liveness", "limit=101", &headers, b"");
        assert!(
            op.validate(&too_many)
                .unwrap_err()
                .to_string()
                .contains("limit")
        );
        let not_a_number = request("GET", "/v2/document-liveness", "page=one", &headers, b"");
        assert!(op.validate(&not_a_number).is_err());
        // An exploded query array: every repetition of the key is one item.
        let both = "populates%5B%5D=client&populates%5B%5D=appRegistration";
        let both = request("GET", "/v2/document-liveness", both, &headers, b"");
        assert!(op.validate(&both).is_ok(), "{:?}", op.validate(&both));
        let unknown = "populates%5B%5D=client&populates%5B%5D=nobody";
        let unknown = request("GET", "/v2/document-liveness", unknown, &headers, b"");
        assert!(
            op.validate(&unknown)
                .unwrap_err()
                .to_string()
                .contains("populates")
        );
    }

    #[test]
    fn content_type_and_json_are_checked() {
        let specs = Specs::embedded();
        let op = specs.action("GetLivenessResult").unwrap();
        let mut text = HeaderMap::new();
        text.insert("content-type", "text/plain".parse().unwrap());
        let err = op
            .validate(&request("POST", "/", "", &text, br#"{"SdkToken":"x"}"#))
            .unwrap_err();
        assert!(err.to_string().contains("Content-Type"), "{err}");
        let headers = json_headers();
        let err = op
            .validate(&request("POST", "/", "", &headers, b"{not json"))
            .unwrap_err();
        assert!(err.to_string().contains("not JSON"), "{err}");
        let err = op
            .validate(&request("POST", "/", "", &headers, b"{}"))
            .unwrap_err();
        assert!(err.to_string().contains("SdkToken"), "{err}");
    }
}
