//! Shared helpers for the contract tests: loading the specs, walking their examples, validating
//! JSON against a spec schema, and a loopback server that records requests as they arrive.

pub mod capture;
pub mod clients;
pub mod tools;

// The README's Rust blocks are compiled as doctests of this crate, so they stay true.
#[cfg(doctest)]
#[doc = include_str!("../../README.md")]
struct ReadmeDoctests;

use std::path::{Path, PathBuf};

use serde_json::{Value, json};

/// The vendors' spec names (`specs/<name>.yaml`), from the facade's registry.
pub fn spec_names() -> impl Iterator<Item = &'static str> {
    liveness::Vendor::ALL
        .into_iter()
        .map(liveness::Vendor::spec_name)
}

/// The workspace root (this package lives in `tests/`).
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("tests/ has a parent")
        .to_path_buf()
}

/// One spec as generic JSON (the form examples and schemas are walked in).
pub struct Spec {
    /// File stem, e.g. `verifik`.
    pub vendor: &'static str,
    /// The whole document.
    pub doc: Value,
}

/// Reads and parses `specs/<vendor>.yaml`.
pub fn load_spec(vendor: &'static str) -> Spec {
    let path = workspace_root()
        .join("specs")
        .join(format!("{vendor}.yaml"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let doc: Value = serde_saphyr::from_str(&text)
        .unwrap_or_else(|e| panic!("{}: invalid YAML: {e}", path.display()));
    Spec { vendor, doc }
}

/// Every spec of the workspace.
pub fn load_specs() -> Vec<Spec> {
    spec_names().map(load_spec).collect()
}

impl Spec {
    /// Follows a local `$ref` (`#/components/...`) if `value` is one.
    pub fn resolve<'a>(&'a self, value: &'a Value) -> &'a Value {
        match value.get("$ref").and_then(Value::as_str) {
            Some(reference) => {
                let pointer = reference.strip_prefix('#').unwrap_or_else(|| {
                    panic!("{}: only local $refs are used: {reference}", self.vendor)
                });
                let target = self
                    .doc
                    .pointer(pointer)
                    .unwrap_or_else(|| panic!("{}: dangling $ref {reference}", self.vendor));
                self.resolve(target)
            }
            None => value,
        }
    }

    /// Every operation as `(path, method, operation object)`.
    pub fn operations(&self) -> Vec<(String, String, &Value)> {
        let mut out = Vec::new();
        let paths = self.doc["paths"].as_object().expect("paths is an object");
        for (path, item) in paths {
            for (method, op) in item.as_object().expect("path item is an object") {
                if [
                    "get", "put", "post", "delete", "options", "head", "patch", "trace",
                ]
                .contains(&method.as_str())
                {
                    out.push((path.clone(), method.clone(), op));
                }
            }
        }
        out
    }

    /// Every named example of every request body and response, with its schema.
    pub fn examples(&self) -> Vec<Example> {
        let mut out = Vec::new();
        for (path, method, op) in self.operations() {
            let operation_id = op["operationId"]
                .as_str()
                .unwrap_or("<no operationId>")
                .to_string();
            let mut bodies: Vec<(Option<String>, &Value)> = Vec::new();
            if let Some(body) = op.get("requestBody") {
                bodies.push((None, self.resolve(body)));
            }
            if let Some(responses) = op.get("responses").and_then(Value::as_object) {
                for (status, response) in responses {
                    bodies.push((Some(status.clone()), self.resolve(response)));
                }
            }
            for (status, body) in bodies {
                let Some(content) = body.get("content").and_then(Value::as_object) else {
                    continue;
                };
                for (media_type, media) in content {
                    let schema = media.get("schema").cloned().unwrap_or(json!({}));
                    if let Some(single) = media.get("example") {
                        out.push(Example {
                            operation_id: operation_id.clone(),
                            path: path.clone(),
                            method: method.clone(),
                            status: status.clone(),
                            media_type: media_type.clone(),
                            name: "example".into(),
                            value: single.clone(),
                            schema: schema.clone(),
                        });
                    }
                    for (name, example) in media
                        .get("examples")
                        .and_then(Value::as_object)
                        .into_iter()
                        .flatten()
                    {
                        let example = self.resolve(example);
                        out.push(Example {
                            operation_id: operation_id.clone(),
                            path: path.clone(),
                            method: method.clone(),
                            status: status.clone(),
                            media_type: media_type.clone(),
                            name: name.clone(),
                            value: example.get("value").cloned().unwrap_or(Value::Null),
                            schema: schema.clone(),
                        });
                    }
                }
            }
        }
        out
    }

    /// A JSON Schema (draft 4, which OpenAPI 3.0 schemas extend) for `schema`, with the spec's
    /// components alongside so `#/components/schemas/...` references resolve.
    pub fn validator(&self, schema: &Value) -> jsonschema::Validator {
        let root = json!({
            "components": self.doc.get("components").cloned().unwrap_or(json!({})),
            "allOf": [schema],
        });
        jsonschema::draft4::new(&root)
            .unwrap_or_else(|e| panic!("{}: schema does not compile: {e}", self.vendor))
    }

    /// Why `instance` does not match `schema`, one line per violation (empty when it does).
    pub fn violations(&self, schema: &Value, instance: &Value) -> Vec<String> {
        self.validator(schema)
            .iter_errors(instance)
            .map(|e| format!("{} at {}", e, e.instance_path()))
            .collect()
    }
}

/// A named example from a request body (`status` None) or a response.
#[derive(Debug, Clone)]
pub struct Example {
    /// operationId of the operation it belongs to.
    pub operation_id: String,
    /// Path of the operation.
    pub path: String,
    /// HTTP method, lower case.
    pub method: String,
    /// Response status, or None for a request body.
    pub status: Option<String>,
    /// Media type it is given under.
    pub media_type: String,
    /// Its name in `examples`.
    pub name: String,
    /// The example value.
    pub value: Value,
    /// The schema it must match (possibly a `$ref`).
    pub schema: Value,
}

impl Example {
    /// `vendor operationId response 200 example "success"`, for assertion messages.
    pub fn describe(&self, vendor: &str) -> String {
        let place = match &self.status {
            Some(s) => format!("response {s}"),
            None => "request".into(),
        };
        format!(
            "{vendor} {} {place} example {:?}",
            self.operation_id, self.name
        )
    }

    /// A response example that shows a failure: a non-2xx status, or a 2xx body (Tencent,
    /// TrustDecision report errors with HTTP 200) whose example name starts with `error`.
    pub fn is_error(&self) -> bool {
        match &self.status {
            Some(s) if !s.starts_with('2') => true,
            Some(_) => self.name.starts_with("error"),
            None => false,
        }
    }
}
