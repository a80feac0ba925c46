//! One reading of an OpenAPI 3.0 document as generic JSON, shared by everything that walks the
//! specs: the mock (it serves their examples and validates requests against their schemas), the
//! contract tests (every example validates) and the xtask.
//!
//! ```
//! let spec = liveness_spec::Spec::parse(
//!     "openapi: 3.0.3\npaths: {}\ncomponents: {schemas: {Id: {type: string}}}",
//! )?;
//! let schema = serde_json::json!({"$ref": "#/components/schemas/Id"});
//! assert!(spec.violations(&schema, &serde_json::json!("abc"))?.is_empty());
//! assert_eq!(spec.violations(&schema, &serde_json::json!(7))?.len(), 1);
//! # Ok::<(), String>(())
//! ```

#![deny(missing_docs)]

// The README's Rust blocks are compiled as doctests, so they stay true to the API.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;

use serde_json::{Value, json};

/// The HTTP methods a path item may hold operations under.
const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// A spec as a JSON document.
#[derive(Debug, Clone)]
pub struct Spec {
    /// The whole document.
    pub doc: Value,
}

/// One operation: where it is and its object.
#[derive(Debug, Clone, Copy)]
pub struct OperationRef<'a> {
    /// The path template, e.g. `/result/{id}`.
    pub path: &'a str,
    /// The method, lower case as the document writes it.
    pub method: &'a str,
    /// The operation object.
    pub object: &'a Value,
}

impl OperationRef<'_> {
    /// `operationId`, or `<no operationId>`.
    pub fn id(&self) -> &str {
        self.object["operationId"]
            .as_str()
            .unwrap_or("<no operationId>")
    }
}

impl Spec {
    /// Parses YAML (or JSON) text.
    pub fn parse(text: &str) -> Result<Self, String> {
        let doc = serde_saphyr::from_str(text).map_err(|e| e.to_string())?;
        Ok(Self { doc })
    }

    /// Follows a local `$ref` (`#/components/...`), through chains of them, if `value` is
    /// one. A reference outside the document or to nothing is an error naming it.
    pub fn try_resolve<'a>(&'a self, value: &'a Value) -> Result<&'a Value, String> {
        let Some(reference) = value.get("$ref").and_then(Value::as_str) else {
            return Ok(value);
        };
        let pointer = reference
            .strip_prefix('#')
            .ok_or_else(|| format!("only local $refs are followed: {reference}"))?;
        let target = self
            .doc
            .pointer(pointer)
            .ok_or_else(|| format!("dangling $ref {reference}"))?;
        self.try_resolve(target)
    }

    /// [`Spec::try_resolve`], leaving a reference it cannot follow as it is.
    pub fn resolve<'a>(&'a self, value: &'a Value) -> &'a Value {
        self.try_resolve(value).unwrap_or(value)
    }

    /// A JSON Schema (draft 4, which OpenAPI 3.0 schemas extend) validator for `schema`, with
    /// the spec's components alongside so `#/components/schemas/...` references resolve.
    pub fn validator(&self, schema: &Value) -> Result<jsonschema::Validator, String> {
        let root = json!({
            "components": self.doc.get("components").cloned().unwrap_or(json!({})),
            "allOf": [schema],
        });
        jsonschema::draft4::new(&root).map_err(|e| format!("the schema does not compile: {e}"))
    }

    /// Why `instance` does not match `schema`, one line per violation naming the field (empty
    /// when it matches).
    pub fn violations(&self, schema: &Value, instance: &Value) -> Result<Vec<String>, String> {
        Ok(self
            .validator(schema)?
            .iter_errors(instance)
            .map(|e| format!("{e} at {}", e.instance_path()))
            .collect())
    }

    /// Every operation, in document order.
    pub fn operations(&self) -> Vec<OperationRef<'_>> {
        let paths = self.doc.get("paths").and_then(Value::as_object);
        let mut out = Vec::new();
        for (path, item) in paths.into_iter().flatten() {
            for (method, object) in item.as_object().into_iter().flatten() {
                if METHODS.contains(&method.as_str()) {
                    out.push(OperationRef {
                        path,
                        method,
                        object,
                    });
                }
            }
        }
        out
    }

    /// Every example of every request body and response (`example`, and each of `examples`,
    /// its `$ref` followed), with the schema it must match.
    pub fn examples(&self) -> Vec<Example> {
        let mut out = Vec::new();
        for operation in self.operations() {
            let mut bodies: Vec<(Option<&str>, &Value)> = Vec::new();
            if let Some(body) = operation.object.get("requestBody") {
                bodies.push((None, self.resolve(body)));
            }
            let responses = operation.object.get("responses").and_then(Value::as_object);
            for (status, response) in responses.into_iter().flatten() {
                bodies.push((Some(status), self.resolve(response)));
            }
            for (status, body) in bodies {
                let content = body.get("content").and_then(Value::as_object);
                for (media_type, media) in content.into_iter().flatten() {
                    let example = |name: &str, value: Value| Example {
                        operation_id: operation.id().to_owned(),
                        path: operation.path.to_owned(),
                        method: operation.method.to_owned(),
                        status: status.map(str::to_owned),
                        media_type: media_type.clone(),
                        name: name.to_owned(),
                        value,
                        schema: media.get("schema").cloned().unwrap_or(json!({})),
                    };
                    if let Some(single) = media.get("example") {
                        out.push(example("example", single.clone()));
                    }
                    let named = media.get("examples").and_then(Value::as_object);
                    for (name, value) in named.into_iter().flatten() {
                        let value = self.resolve(value).get("value").cloned();
                        out.push(example(name, value.unwrap_or(Value::Null)));
                    }
                }
            }
        }
        out
    }
}

/// One example of a request body (`status` None) or a response.
#[derive(Debug, Clone, PartialEq)]
pub struct Example {
    /// The `operationId` of the operation it belongs to.
    pub operation_id: String,
    /// The operation's path.
    pub path: String,
    /// The operation's method, lower case.
    pub method: String,
    /// The response status (`200`, `default`), or None for a request body.
    pub status: Option<String>,
    /// The media type it is given under.
    pub media_type: String,
    /// Its name in `examples`, or `example` for a media type's single example.
    pub name: String,
    /// The example value.
    pub value: Value,
    /// The schema it must match (possibly a `$ref`).
    pub schema: Value,
}

impl Example {
    /// `vendor operationId response 200 example "success"`, for messages.
    pub fn describe(&self, vendor: &str) -> String {
        let place = match &self.status {
            Some(status) => format!("response {status}"),
            None => "request".into(),
        };
        format!(
            "{vendor} {} {place} example {:?}",
            self.operation_id, self.name
        )
    }

    /// A response example that shows a failure: a non-2xx status, or a 2xx body (Tencent and
    /// TrustDecision report errors with HTTP 200) whose example name starts with `error`.
    pub fn is_error(&self) -> bool {
        match &self.status {
            Some(status) if !status.starts_with('2') => true,
            Some(_) => self.name.starts_with("error"),
            None => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const DOC: &str = r##"
openapi: 3.0.3
paths:
  /r/{id}:
    parameters: [{name: id, in: path, required: true, schema: {type: string}}]
    get:
      operationId: getR
      responses:
        "200":
          $ref: "#/components/responses/R"
        "404":
          description: none
          content:
            application/json:
              schema: {type: object}
              example: {error: gone}
    post:
      operationId: postR
      requestBody:
        content:
          application/json:
            schema: {$ref: "#/components/schemas/R"}
            examples:
              one: {value: {count: 1}}
              shared: {$ref: "#/components/examples/Two"}
      responses: {"204": {description: none}}
components:
  schemas:
    R: {type: object, required: [count], properties: {count: {type: integer}}}
  responses:
    R:
      description: r
      content:
        application/json:
          schema: {$ref: "#/components/schemas/R"}
          examples:
            success: {value: {count: 3}}
            error_shown_with_200: {value: {count: "x"}}
  examples:
    Two: {value: {count: 2}}
"##;

    #[test]
    fn operations_skip_path_level_keys_and_keep_document_order() {
        let spec = Spec::parse(DOC).unwrap();
        let ops: Vec<_> = spec
            .operations()
            .iter()
            .map(|o| (o.method, o.id().to_owned()))
            .collect();
        assert_eq!(
            ops,
            [("get", "getR".to_owned()), ("post", "postR".to_owned())]
        );
    }

    #[test]
    fn every_example_is_found_with_its_refs_followed() {
        let spec = Spec::parse(DOC).unwrap();
        let found: Vec<_> = spec
            .examples()
            .into_iter()
            .map(|e| {
                let (name, error) = (e.describe("v"), e.is_error());
                (name, e.value, error)
            })
            .collect();
        assert_eq!(
            found,
            [
                (
                    "v getR response 200 example \"error_shown_with_200\"".into(),
                    json!({"count": "x"}),
                    true
                ),
                (
                    "v getR response 200 example \"success\"".into(),
                    json!({"count": 3}),
                    false
                ),
                (
                    "v getR response 404 example \"example\"".into(),
                    json!({"error": "gone"}),
                    true
                ),
                (
                    "v postR request example \"one\"".into(),
                    json!({"count": 1}),
                    false
                ),
                (
                    "v postR request example \"shared\"".into(),
                    json!({"count": 2}),
                    false
                ),
            ]
        );
    }

    #[test]
    fn violations_name_the_field_and_refs_resolve_through_components() {
        let spec = Spec::parse(DOC).unwrap();
        let schema = json!({"$ref": "#/components/schemas/R"});
        assert_eq!(
            spec.violations(&schema, &json!({"count": 1})).unwrap(),
            Vec::<String>::new()
        );
        let wrong = spec.violations(&schema, &json!({"count": "x"})).unwrap();
        assert_eq!(wrong.len(), 1, "{wrong:?}");
        assert!(wrong[0].ends_with("at /count"), "{wrong:?}");
        assert!(spec.validator(&json!({"type": 5})).is_err());
    }

    #[test]
    fn a_dangling_or_remote_ref_is_named_and_left_alone_by_resolve() {
        let spec = Spec::parse(DOC).unwrap();
        for reference in ["#/components/schemas/Nope", "other.yaml#/X"] {
            let value = json!({"$ref": reference});
            let error = spec.try_resolve(&value).unwrap_err();
            assert!(error.contains(reference), "{error}");
            assert_eq!(spec.resolve(&value), &value);
        }
        let chained = json!({"$ref": "#/components/responses/R"});
        assert_eq!(spec.resolve(&chained)["description"], "r");
        assert!(Spec::parse("a: [").is_err());
    }
}
