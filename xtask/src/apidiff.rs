//! What a regeneration changes for a Rust user of the generated crate: the spec the crate was
//! generated from against the new one, as a list of changes each classified breaking or
//! additive.
//!
//! The rules follow from how the crate is generated: progenitor's builder interface (one method
//! per operation, one setter per parameter) and `#[non_exhaustive]` on every struct with named
//! fields and every enum of plain values in `types` (see `emit::non_exhaustive`), so a user
//! builds types with `types::X::builder()` and matches enums with a wildcard arm; and the `mock`
//! feature's `MockServerExt` is sealed, so its new methods break no implementor. Hence:
//! - added: an operation, a type, an optional field or parameter, an enum value, a server
//!   preset: additive;
//! - removed or renamed: anything: breaking;
//! - a required field or parameter added, an optional one made required, a field made optional
//!   (`T` becomes `Option<T>`), any other change of a type: breaking;
//! - a required parameter made optional (its setter is unchanged), an operation's path or
//!   method, a preset's URL: additive (the wire changes, the Rust API does not).
//!
//! Descriptions, summaries, titles and examples are not API: they change no Rust signature.

use std::collections::BTreeMap;

use liveness_spec::Spec;
use serde_json::{Map, Value};

/// How a change affects code written against the previous version.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Impact {
    /// Code that compiled and ran keeps doing so.
    Additive,
    /// Some code that compiled or ran no longer does.
    Breaking,
}

impl Impact {
    pub fn as_str(self) -> &'static str {
        match self {
            Impact::Additive => "additive",
            Impact::Breaking => "breaking",
        }
    }
}

/// One change a user will see.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    pub impact: Impact,
    pub what: String,
}

impl std::fmt::Display for Change {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.impact.as_str(), self.what)
    }
}

/// The strongest impact among `changes` (None when there are none).
pub fn overall(changes: &[Change]) -> Option<Impact> {
    changes.iter().map(|c| c.impact).max()
}

/// Every change from `old` to `new`, breaking ones first, each group in document order.
pub fn diff(old: &Spec, new: &Spec) -> Vec<Change> {
    let mut out = Changes::default();
    out.servers(&old.doc, &new.doc);
    out.operations(old, new);
    let (old_types, new_types) = (schemas(&old.doc), schemas(&new.doc));
    for (name, schema) in &old_types {
        match new_types.get(name) {
            None => out.breaking(format!("type `{name}` removed")),
            Some(new_schema) => out.schema(name, schema, new_schema),
        }
    }
    for name in new_types.keys().filter(|n| !old_types.contains_key(*n)) {
        out.additive(format!("type `{name}` added"));
    }
    let mut changes = out.0;
    changes.sort_by_key(|c| std::cmp::Reverse(c.impact));
    changes
}

#[derive(Default)]
struct Changes(Vec<Change>);

fn schemas(doc: &Value) -> Map<String, Value> {
    doc.pointer("/components/schemas")
        .and_then(Value::as_object)
        .cloned()
        .unwrap_or_default()
}

/// `x-preset` name → URL.
fn presets(doc: &Value) -> BTreeMap<String, String> {
    let servers = doc.get("servers").and_then(Value::as_array);
    servers
        .into_iter()
        .flatten()
        .filter_map(|s| {
            let name = s.get("x-preset")?.as_str()?;
            let url = s.get("url")?.as_str()?;
            Some((name.to_owned(), url.to_owned()))
        })
        .collect()
}

/// `operationId` → (method, path, operation object with path-level parameters merged in).
fn operations(spec: &Spec) -> BTreeMap<String, (String, String, Value)> {
    let mut out = BTreeMap::new();
    for op in spec.operations() {
        let mut object = op.object.clone();
        let shared = spec.doc["paths"][op.path]
            .get("parameters")
            .and_then(Value::as_array);
        if let (Some(shared), Some(map)) = (shared, object.as_object_mut()) {
            let own = map
                .entry("parameters")
                .or_insert_with(|| Value::Array(Vec::new()));
            if let Some(own) = own.as_array_mut() {
                own.extend(shared.iter().cloned());
            }
        }
        out.insert(
            op.id().to_owned(),
            (op.method.to_uppercase(), op.path.to_owned(), object),
        );
    }
    out
}

/// `(in, name)` → (required, schema) of an operation's parameters, `$ref`s followed.
fn parameters(spec: &Spec, op: &Value) -> BTreeMap<(String, String), (bool, Value)> {
    let list = op.get("parameters").and_then(Value::as_array);
    list.into_iter()
        .flatten()
        .map(|p| spec.resolve(p))
        .filter_map(|p| {
            let name = p.get("name")?.as_str()?.to_owned();
            let place = p.get("in")?.as_str()?.to_owned();
            let required = p.get("required").and_then(Value::as_bool).unwrap_or(false);
            let schema = p.get("schema").cloned().unwrap_or(Value::Null);
            Some(((place, name), (required, schema)))
        })
        .collect()
}

/// The JSON body schema of a request body or response (`$ref`s to components followed), if any.
fn body_schema(spec: &Spec, holder: &Value) -> Option<Value> {
    let holder = spec.resolve(holder);
    let content = holder.get("content")?.as_object()?;
    let media = content
        .iter()
        .find(|(t, _)| t.contains("json"))
        .or_else(|| content.iter().next())?
        .1;
    Some(media.get("schema").cloned().unwrap_or(Value::Null))
}

/// Keys that document a schema without shaping its Rust type.
const DOC_KEYS: [&str; 6] = [
    "description",
    "summary",
    "title",
    "example",
    "examples",
    "externalDocs",
];

/// `schema` without its documentation, at every depth: two schemas are the same Rust type
/// exactly when their canonical forms are equal.
fn canonical(schema: &Value) -> Value {
    match schema {
        Value::Object(map) => Value::Object(
            map.iter()
                .filter(|(k, _)| !DOC_KEYS.contains(&k.as_str()))
                .map(|(k, v)| (k.clone(), canonical(v)))
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.iter().map(canonical).collect()),
        other => other.clone(),
    }
}

/// A short name for a schema's type, for messages: `string`, `integer`, `DocumentLiveness`,
/// `array of string`, `object`.
fn type_name(schema: &Value) -> String {
    if let Some(r) = schema.get("$ref").and_then(Value::as_str) {
        return r.rsplit('/').next().unwrap_or(r).to_owned();
    }
    match schema.get("type").and_then(Value::as_str) {
        Some("array") => format!("array of {}", type_name(&schema["items"])),
        Some(t) => t.to_owned(),
        None if schema.get("oneOf").is_some() => "oneOf".into(),
        None if schema.get("anyOf").is_some() => "anyOf".into(),
        None if schema.get("allOf").is_some() => "allOf".into(),
        None => "any".into(),
    }
}

fn required_set(schema: &Value) -> Vec<&str> {
    let list = schema.get("required").and_then(Value::as_array);
    list.into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .collect()
}

impl Changes {
    fn breaking(&mut self, what: String) {
        self.0.push(Change {
            impact: Impact::Breaking,
            what,
        });
    }

    fn additive(&mut self, what: String) {
        self.0.push(Change {
            impact: Impact::Additive,
            what,
        });
    }

    fn servers(&mut self, old: &Value, new: &Value) {
        let (old, new) = (presets(old), presets(new));
        for (name, url) in &old {
            match new.get(name) {
                None => self.breaking(format!("server preset `servers::{name}` removed")),
                Some(new_url) if new_url != url => self.additive(format!(
                    "server preset `servers::{name}` now {new_url} (was {url})"
                )),
                Some(_) => {}
            }
        }
        for (name, url) in new.iter().filter(|(n, _)| !old.contains_key(*n)) {
            self.additive(format!("server preset `servers::{name}` added ({url})"));
        }
    }

    fn operations(&mut self, old: &Spec, new: &Spec) {
        let (old_ops, new_ops) = (operations(old), operations(new));
        for (id, (method, path, op)) in &old_ops {
            let Some((new_method, new_path, new_op)) = new_ops.get(id) else {
                self.breaking(format!("operation `{id}` removed"));
                continue;
            };
            if (method, path) != (new_method, new_path) {
                self.additive(format!(
                    "operation `{id}` now sent as {new_method} {new_path} (was {method} {path})"
                ));
            }
            self.parameters(id, &parameters(old, op), &parameters(new, new_op));
            self.request_body(id, old, op, new, new_op);
            self.responses(id, old, op, new, new_op);
        }
        for (id, (method, path, _)) in new_ops.iter().filter(|(id, _)| !old_ops.contains_key(*id)) {
            self.additive(format!("operation `{id}` added ({method} {path})"));
        }
    }

    fn parameters(
        &mut self,
        id: &str,
        old: &BTreeMap<(String, String), (bool, Value)>,
        new: &BTreeMap<(String, String), (bool, Value)>,
    ) {
        for ((place, name), (required, schema)) in old {
            let at = format!("{place} parameter `{name}` of `{id}`");
            match new.get(&(place.clone(), name.clone())) {
                None => self.breaking(format!("{at} removed")),
                Some((new_required, new_schema)) => {
                    match (required, new_required) {
                        (false, true) => self.breaking(format!("{at} now required")),
                        (true, false) => self.additive(format!("{at} now optional")),
                        _ => {}
                    }
                    self.schema(&at, schema, new_schema);
                }
            }
        }
        for ((place, name), (required, _)) in new {
            if old.contains_key(&(place.clone(), name.clone())) {
                continue;
            }
            let at = format!("{place} parameter `{name}` of `{id}`");
            if *required {
                self.breaking(format!("required {at} added"));
            } else {
                self.additive(format!("optional {at} added"));
            }
        }
    }

    fn request_body(&mut self, id: &str, old: &Spec, op: &Value, new: &Spec, new_op: &Value) {
        let body = |spec: &Spec, op: &Value| {
            op.get("requestBody").map(|b| {
                let required = spec.resolve(b).get("required").and_then(Value::as_bool);
                (required.unwrap_or(false), body_schema(spec, b))
            })
        };
        let at = format!("request body of `{id}`");
        match (body(old, op), body(new, new_op)) {
            (None, None) => {}
            (Some(_), None) => self.breaking(format!("{at} removed")),
            (None, Some((true, _))) => self.breaking(format!("required {at} added")),
            (None, Some((false, _))) => self.additive(format!("optional {at} added")),
            (Some((required, schema)), Some((new_required, new_schema))) => {
                if !required && new_required {
                    self.breaking(format!("{at} now required"));
                }
                let null = Value::Null;
                self.schema(
                    &at,
                    schema.as_ref().unwrap_or(&null),
                    new_schema.as_ref().unwrap_or(&null),
                );
            }
        }
    }

    fn responses(&mut self, id: &str, old: &Spec, op: &Value, new: &Spec, new_op: &Value) {
        let responses = |op: &Value| {
            op.get("responses")
                .and_then(Value::as_object)
                .cloned()
                .unwrap_or_default()
        };
        let (old_responses, new_responses) = (responses(op), responses(new_op));
        for (status, response) in &old_responses {
            let at = format!("response {status} of `{id}`");
            let Some(new_response) = new_responses.get(status) else {
                self.breaking(format!("{at} removed"));
                continue;
            };
            let null = Value::Null;
            let (schema, new_schema) = (body_schema(old, response), body_schema(new, new_response));
            self.schema(
                &at,
                schema.as_ref().unwrap_or(&null),
                new_schema.as_ref().unwrap_or(&null),
            );
        }
        for status in new_responses.keys() {
            if !old_responses.contains_key(status) {
                self.additive(format!("response {status} of `{id}` added"));
            }
        }
    }

    /// Compares two schemas found at `at` (a type, field, parameter or body). A `$ref` is
    /// compared by name only: the component itself is compared once, under its own name.
    fn schema(&mut self, at: &str, old: &Value, new: &Value) {
        let old_ref = old.get("$ref");
        if old_ref != new.get("$ref") {
            return self.type_changed(at, old, new);
        }
        if old_ref.is_some() {
            return;
        }
        let is_object = |s: &Value| s.get("properties").is_some();
        if is_object(old) && is_object(new) {
            return self.object(at, old, new);
        }
        if let (Some(values), Some(new_values)) = (old.get("enum"), new.get("enum")) {
            return self.enumeration(at, old, values, new, new_values);
        }
        if let (Some(items), Some(new_items)) = (old.get("items"), new.get("items")) {
            if without(old, &["items"]) != without(new, &["items"]) {
                return self.type_changed(at, old, new);
            }
            return self.schema(&format!("items of {at}"), items, new_items);
        }
        if canonical(old) != canonical(new) {
            self.type_changed(at, old, new);
        }
    }

    fn type_changed(&mut self, at: &str, old: &Value, new: &Value) {
        let (from, to) = (type_name(old), type_name(new));
        if from == to {
            self.breaking(format!(
                "type of {at} changed ({from}, differently constrained)"
            ));
        } else {
            self.breaking(format!("type of {at} changed from {from} to {to}"));
        }
    }

    fn enumeration(
        &mut self,
        at: &str,
        old: &Value,
        values: &Value,
        new: &Value,
        new_values: &Value,
    ) {
        if without(old, &["enum"]) != without(new, &["enum"]) {
            return self.type_changed(at, old, new);
        }
        let list = |v: &Value| v.as_array().cloned().unwrap_or_default();
        let (values, new_values) = (list(values), list(new_values));
        for value in values.iter().filter(|v| !new_values.contains(v)) {
            self.breaking(format!("enum value {value} of {at} removed"));
        }
        for value in new_values.iter().filter(|v| !values.contains(v)) {
            self.additive(format!("enum value {value} of {at} added"));
        }
    }

    fn object(&mut self, at: &str, old: &Value, new: &Value) {
        let rest = ["properties", "required"];
        if without(old, &rest) != without(new, &rest) {
            return self.type_changed(at, old, new);
        }
        let fields = |s: &Value| s["properties"].as_object().cloned().unwrap_or_default();
        let (old_fields, new_fields) = (fields(old), fields(new));
        let (required, new_required) = (required_set(old), required_set(new));
        let removed: Vec<&String> = old_fields
            .keys()
            .filter(|f| !new_fields.contains_key(*f))
            .collect();
        let added: Vec<&String> = new_fields
            .keys()
            .filter(|f| !old_fields.contains_key(*f))
            .collect();
        // One field gone and one of the same type come: a rename, reported as one change.
        if let ([gone], [come]) = (removed.as_slice(), added.as_slice())
            && canonical(&old_fields[*gone]) == canonical(&new_fields[*come])
        {
            self.breaking(format!("field `{at}.{gone}` renamed to `{come}`"));
        } else {
            for field in removed {
                self.breaking(format!("field `{at}.{field}` removed"));
            }
            for field in added {
                if new_required.contains(&field.as_str()) {
                    self.breaking(format!("required field `{at}.{field}` added"));
                } else {
                    self.additive(format!("optional field `{at}.{field}` added"));
                }
            }
        }
        for (field, schema) in &old_fields {
            let Some(new_schema) = new_fields.get(field) else {
                continue;
            };
            let was = required.contains(&field.as_str());
            match (was, new_required.contains(&field.as_str())) {
                (false, true) => self.breaking(format!("field `{at}.{field}` now required")),
                (true, false) => self.breaking(format!(
                    "field `{at}.{field}` now optional (its type becomes an Option)"
                )),
                _ => {}
            }
            self.schema(&format!("{at}.{field}"), schema, new_schema);
        }
    }
}

/// `schema`'s canonical form without `keys`, to compare what is left.
fn without(schema: &Value, keys: &[&str]) -> Value {
    let mut value = canonical(schema);
    if let Some(map) = value.as_object_mut() {
        for key in keys {
            map.remove(*key);
        }
    }
    value
}

/// The next version after `version` for changes of `impact` (None: nothing a user sees, as a
/// description or example edit). Before 1.0, breaking bumps the minor and anything else the
/// patch; from 1.0, breaking the major, additive the minor, the rest the patch.
pub fn bump(version: &str, impact: Option<Impact>) -> Result<String, String> {
    let parts: Vec<u64> = version
        .split('.')
        .map(str::parse)
        .collect::<Result<_, _>>()
        .map_err(|_| format!("version `{version}` is not MAJOR.MINOR.PATCH"))?;
    let [major, minor, patch] = parts[..] else {
        return Err(format!("version `{version}` is not MAJOR.MINOR.PATCH"));
    };
    Ok(match (major, impact) {
        (0, Some(Impact::Breaking)) => format!("0.{}.0", minor + 1),
        (0, _) => format!("0.{minor}.{}", patch + 1),
        (_, Some(Impact::Breaking)) => format!("{}.0.0", major + 1),
        (_, Some(Impact::Additive)) => format!("{major}.{}.0", minor + 1),
        (_, None) => format!("{major}.{minor}.{}", patch + 1),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A small spec in the shape of ours: one operation with a path parameter, a response type
    /// with a required and an optional field, an enum and a request type.
    const BASE: &str = r##"
openapi: 3.0.3
info: {title: t, version: '1'}
servers: [{url: 'https://api.example.com', x-preset: PRODUCTION}]
paths:
  /result/{id}:
    get:
      operationId: GetResult
      x-idempotent: true
      parameters:
        - {name: id, in: path, required: true, schema: {type: string}}
        - {name: page, in: query, schema: {type: integer}}
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Result'}
  /check:
    post:
      operationId: Check
      x-idempotent: false
      requestBody:
        required: true
        content:
          application/json:
            schema: {$ref: '#/components/schemas/CheckRequest'}
      responses:
        '200': {description: ok}
components:
  schemas:
    Result:
      type: object
      description: The result.
      required: [id]
      properties:
        id: {type: string}
        score: {type: number, description: The score.}
        status: {$ref: '#/components/schemas/Status'}
    Status:
      type: string
      enum: [pass, fail]
    CheckRequest:
      type: object
      properties:
        image: {type: string}
"##;

    fn changes(edit: impl FnOnce(&mut Value)) -> Vec<Change> {
        let old = Spec::parse(BASE).unwrap();
        let mut new = old.clone();
        edit(&mut new.doc);
        diff(&old, &new)
    }

    fn one(edit: impl FnOnce(&mut Value)) -> Change {
        let changes = changes(edit);
        assert_eq!(changes.len(), 1, "{changes:#?}");
        changes.into_iter().next().unwrap()
    }

    fn result(doc: &mut Value) -> &mut Value {
        &mut doc["components"]["schemas"]["Result"]
    }

    #[test]
    fn an_optional_response_field_added_is_additive() {
        let change = one(|doc| {
            result(doc)["properties"]["liveness"] = serde_json::json!({"type": "boolean"});
        });
        assert_eq!(change.impact, Impact::Additive);
        assert_eq!(change.what, "optional field `Result.liveness` added");
    }

    #[test]
    fn a_field_removed_is_breaking() {
        let change = one(|doc| {
            result(doc)["properties"]
                .as_object_mut()
                .unwrap()
                .remove("score");
        });
        assert_eq!(change.impact, Impact::Breaking);
        assert_eq!(change.what, "field `Result.score` removed");
    }

    #[test]
    fn a_field_renamed_is_one_breaking_change() {
        let change = one(|doc| {
            let fields = result(doc)["properties"].as_object_mut().unwrap();
            let score = fields.remove("score").unwrap();
            fields.insert("riskScore".into(), score);
        });
        assert_eq!(change.impact, Impact::Breaking);
        assert_eq!(change.what, "field `Result.score` renamed to `riskScore`");
    }

    #[test]
    fn a_required_request_field_added_is_breaking() {
        let change = one(|doc| {
            let request = &mut doc["components"]["schemas"]["CheckRequest"];
            request["properties"]["nonce"] = serde_json::json!({"type": "string"});
            request["required"] = serde_json::json!(["nonce"]);
        });
        assert_eq!(change.impact, Impact::Breaking);
        assert_eq!(change.what, "required field `CheckRequest.nonce` added");
    }

    #[test]
    fn an_operation_added_is_additive() {
        let change = one(|doc| {
            doc["paths"]["/results"] = serde_json::json!({"get": {
                "operationId": "ListResults", "x-idempotent": true,
                "responses": {"200": {"description": "ok"}}}});
        });
        assert_eq!(change.impact, Impact::Additive);
        assert_eq!(change.what, "operation `ListResults` added (GET /results)");
    }

    #[test]
    fn an_enum_value_added_is_additive() {
        let change = one(|doc| {
            doc["components"]["schemas"]["Status"]["enum"] =
                serde_json::json!(["pass", "fail", "review"]);
        });
        assert_eq!(change.impact, Impact::Additive);
        assert_eq!(change.what, "enum value \"review\" of Status added");
    }

    #[test]
    fn a_type_changed_is_breaking() {
        let change = one(|doc| {
            result(doc)["properties"]["score"] = serde_json::json!({"type": "string"});
        });
        assert_eq!(change.impact, Impact::Breaking);
        assert_eq!(
            change.what,
            "type of Result.score changed from number to string"
        );
    }

    #[test]
    fn documentation_and_examples_are_not_api() {
        assert!(
            changes(|doc| {
                result(doc)["description"] = "Another description.".into();
                result(doc)["properties"]["score"]["example"] = 0.9.into();
                doc["paths"]["/check"]["post"]["summary"] = "Runs a check.".into();
            })
            .is_empty()
        );
    }

    #[test]
    fn parameters_follow_the_builder_s_rules() {
        fn params(doc: &mut Value) -> &mut Value {
            &mut doc["paths"]["/result/{id}"]["get"]["parameters"]
        }
        let change = one(|doc| params(doc)[1]["required"] = true.into());
        assert_eq!(
            change,
            Change {
                impact: Impact::Breaking,
                what: "query parameter `page` of `GetResult` now required".into()
            }
        );
        let change = one(|doc| params(doc)[0]["required"] = false.into());
        assert_eq!(change.impact, Impact::Additive);
        let change = one(|doc| {
            params(doc).as_array_mut().unwrap().push(
                serde_json::json!({"name": "lang", "in": "query", "schema": {"type": "string"}}),
            )
        });
        assert_eq!(
            change.what,
            "optional query parameter `lang` of `GetResult` added"
        );
        assert_eq!(change.impact, Impact::Additive);
        let change = one(|doc| {
            params(doc).as_array_mut().unwrap().push(
                serde_json::json!({"name": "X-Region", "in": "header", "required": true, "schema": {"type": "string"}}),
            )
        });
        assert_eq!(change.impact, Impact::Breaking);
    }

    #[test]
    fn removals_and_requiredness_are_breaking_and_listed_first() {
        let all = changes(|doc| {
            doc["paths"].as_object_mut().unwrap().remove("/check");
            doc["components"]["schemas"]["Status"]["enum"] = serde_json::json!(["pass"]);
            result(doc)["required"] = serde_json::json!([]);
            doc["servers"] = serde_json::json!([
                {"url": "https://api.example.com", "x-preset": "PRODUCTION"},
                {"url": "https://sandbox.example.com", "x-preset": "SANDBOX"}]);
        });
        let shown: Vec<String> = all.iter().map(ToString::to_string).collect();
        assert_eq!(
            shown,
            [
                "breaking: operation `Check` removed",
                "breaking: field `Result.id` now optional (its type becomes an Option)",
                "breaking: enum value \"fail\" of Status removed",
                "additive: server preset `servers::SANDBOX` added (https://sandbox.example.com)",
            ]
        );
        assert_eq!(overall(&all), Some(Impact::Breaking));
        assert_eq!(overall(&[]), None);
    }

    #[test]
    fn inline_objects_are_compared_field_by_field() {
        let change = one(|doc| {
            result(doc)["properties"]["flags"] =
                serde_json::json!({"type": "object", "properties": {"a": {"type": "boolean"}}});
        });
        assert_eq!(change.impact, Impact::Additive);
        let old = {
            let mut spec = Spec::parse(BASE).unwrap();
            result(&mut spec.doc)["properties"]["flags"] =
                serde_json::json!({"type": "object", "properties": {"a": {"type": "boolean"}}});
            spec
        };
        let mut new = old.clone();
        result(&mut new.doc)["properties"]["flags"]["properties"]["b"] =
            serde_json::json!({"type": "integer"});
        assert_eq!(
            diff(&old, &new),
            [Change {
                impact: Impact::Additive,
                what: "optional field `Result.flags.b` added".into()
            }]
        );
    }

    #[test]
    fn bodies_and_responses_are_compared_by_their_schemas() {
        fn op(doc: &mut Value) -> &mut Value {
            &mut doc["paths"]["/result/{id}"]["get"]
        }
        let change = one(|doc| {
            op(doc)["responses"]["200"]["content"]["application/json"]["schema"] =
                serde_json::json!({"$ref": "#/components/schemas/Status"});
        });
        assert_eq!(
            change.to_string(),
            "breaking: type of response 200 of `GetResult` changed from Result to Status"
        );
        let change = one(|doc| {
            op(doc)["responses"]["404"] = serde_json::json!({"description": "none"});
        });
        assert_eq!(
            change.to_string(),
            "additive: response 404 of `GetResult` added"
        );
        // Listed first, the removal decides.
        assert_eq!(
            change_list(&changes(|doc| {
                let responses = op(doc)["responses"].as_object_mut().unwrap();
                responses.remove("200");
                responses.insert("201".into(), serde_json::json!({"description": "made"}));
            })),
            [
                "breaking: response 200 of `GetResult` removed",
                "additive: response 201 of `GetResult` added"
            ]
        );

        fn body(doc: &mut Value) -> &mut Value {
            &mut doc["paths"]["/check"]["post"]["requestBody"]
        }
        let change = one(|doc| {
            body(doc)["content"]["application/json"]["schema"] =
                serde_json::json!({"type": "object", "properties": {"image": {"type": "string"}}});
        });
        assert_eq!(
            change.to_string(),
            "breaking: type of request body of `Check` changed from CheckRequest to object"
        );
        // A body made optional changes no signature; made required, code without one fails.
        assert!(changes(|doc| body(doc)["required"] = false.into()).is_empty());
        let old = {
            let mut spec = Spec::parse(BASE).unwrap();
            body(&mut spec.doc)["required"] = false.into();
            spec
        };
        let new = Spec::parse(BASE).unwrap();
        assert_eq!(
            change_list(&diff(&old, &new)),
            ["breaking: request body of `Check` now required"]
        );
        assert_eq!(
            one(|doc| {
                doc["paths"]["/result/{id}"]["get"]["requestBody"] =
                    serde_json::json!({"required": true, "content": {"application/json": {"schema": {"type": "string"}}}});
            })
            .to_string(),
            "breaking: required request body of `GetResult` added"
        );
        assert_eq!(
            one(|doc| {
                doc["paths"]["/check"]["post"]
                    .as_object_mut()
                    .unwrap()
                    .remove("requestBody");
            })
            .to_string(),
            "breaking: request body of `Check` removed"
        );
    }

    fn change_list(changes: &[Change]) -> Vec<String> {
        changes.iter().map(ToString::to_string).collect()
    }

    #[test]
    fn a_type_change_names_both_types() {
        for (to, name) in [
            (
                serde_json::json!({"oneOf": [{"type": "number"}, {"type": "string"}]}),
                "oneOf",
            ),
            (serde_json::json!({"anyOf": [{"type": "number"}]}), "anyOf"),
            (serde_json::json!({"allOf": [{"type": "number"}]}), "allOf"),
            (serde_json::json!({}), "any"),
            (
                serde_json::json!({"type": "array", "items": {"type": "number"}}),
                "array of number",
            ),
            (
                serde_json::json!({"$ref": "#/components/schemas/Status"}),
                "Status",
            ),
        ] {
            let change = one(|doc| result(doc)["properties"]["score"] = to);
            assert_eq!(
                change.to_string(),
                format!("breaking: type of Result.score changed from number to {name}")
            );
        }
        // Same kind, other constraints (typify may make a constrained newtype of it).
        let change = one(|doc| result(doc)["properties"]["score"]["minimum"] = 0.into());
        assert_eq!(
            change.what,
            "type of Result.score changed (number, differently constrained)"
        );
        // An enum of another type, an array of another kind: what is beside `enum` and
        // `items` counts too.
        let change = one(|doc| {
            doc["components"]["schemas"]["Status"] =
                serde_json::json!({"type": "integer", "enum": [1, 2]});
        });
        assert_eq!(change.what, "type of Status changed from string to integer");
        let old = {
            let mut spec = Spec::parse(BASE).unwrap();
            result(&mut spec.doc)["properties"]["tags"] =
                serde_json::json!({"type": "array", "items": {"type": "string"}});
            spec
        };
        let mut new = old.clone();
        result(&mut new.doc)["properties"]["tags"]["uniqueItems"] = true.into();
        assert_eq!(diff(&old, &new).len(), 1);
        let mut new = old.clone();
        result(&mut new.doc)["properties"]["tags"]["items"] =
            serde_json::json!({"type": "integer"});
        assert_eq!(
            change_list(&diff(&old, &new)),
            ["breaking: type of items of Result.tags changed from string to integer"]
        );
        // An object that loses its properties becomes a free-form map: a type change.
        let mut new = old.clone();
        result(&mut new.doc)["properties"]
            .as_object_mut()
            .unwrap()
            .clear();
        result(&mut new.doc)
            .as_object_mut()
            .unwrap()
            .remove("properties");
        result(&mut new.doc)
            .as_object_mut()
            .unwrap()
            .remove("required");
        assert_eq!(
            change_list(&diff(&old, &new)),
            ["breaking: type of Result changed (object, differently constrained)"]
        );
    }

    #[test]
    fn a_field_made_required_is_breaking() {
        let change = one(|doc| result(doc)["required"] = serde_json::json!(["id", "score"]));
        assert_eq!(
            change.to_string(),
            "breaking: field `Result.score` now required"
        );
    }

    #[test]
    fn a_preset_s_new_url_is_additive_and_its_removal_breaking() {
        let change = one(|doc| doc["servers"][0]["url"] = "https://api2.example.com".into());
        assert_eq!(
            change.to_string(),
            "additive: server preset `servers::PRODUCTION` now https://api2.example.com (was https://api.example.com)"
        );
        let change = one(|doc| doc["servers"] = serde_json::json!([]));
        assert_eq!(
            change.to_string(),
            "breaking: server preset `servers::PRODUCTION` removed"
        );
    }

    #[test]
    fn versions_bump_by_impact() {
        for (version, impact, next) in [
            ("0.1.0", Some(Impact::Breaking), "0.2.0"),
            ("0.1.3", Some(Impact::Additive), "0.1.4"),
            ("0.1.3", None, "0.1.4"),
            ("1.2.3", Some(Impact::Breaking), "2.0.0"),
            ("1.2.3", Some(Impact::Additive), "1.3.0"),
            ("1.2.3", None, "1.2.4"),
        ] {
            assert_eq!(bump(version, impact).unwrap(), next, "{version} {impact:?}");
        }
        assert!(bump("0.1", None).is_err());
        assert!(bump("0.1.x", None).is_err());
    }
}
