//! Source of the generated `README.md`: the vendor, its operations, auth, server presets, a
//! short example and how the crate is regenerated, all read from the spec. Its example is
//! compiled as a doctest (`lib.rs` includes the README under `cfg(doctest)`).

use liveness_spec::Spec;
use serde_json::Value;

use crate::spec::{OperationRow, Preset, snake_case};
use crate::vendors::Vendor;

/// A property or parameter name as progenitor names its setter: `SdkToken` → `sdk_token`,
/// `X-TC-Region` → `x_tc_region`.
fn setter(name: &str) -> String {
    snake_case(name)
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '_'
            }
        })
        .collect()
}

/// A Rust literal for `value` that a generated setter accepts (`TryInto<String>`, an integer,
/// a bool, or a string enum's `TryFrom<&str>`); None for anything else.
fn literal(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(format!("{s:?}")),
        Value::Bool(b) => Some(b.to_string()),
        Value::Number(n) if n.is_i64() => Some(n.to_string()),
        _ => None,
    }
}

/// A value for a schema without an example: its first enum value, or a placeholder of its type.
fn placeholder(spec: &Spec, schema: &Value) -> Option<String> {
    let schema = spec.resolve(schema);
    if let Some(first) = schema.get("enum").and_then(|e| e.get(0)) {
        return literal(first);
    }
    match schema.get("type").and_then(Value::as_str) {
        Some("integer") => Some("1".into()),
        Some("boolean") => Some("true".into()),
        _ => Some("\"...\"".into()),
    }
}

/// The operation the example calls: one that fetches a result if there is one (that is what a
/// server does with these APIs), else the first safe-to-repeat one, else the first.
fn example_operation<'a>(
    spec: &'a Spec,
    rows: &[OperationRow],
) -> Option<liveness_spec::OperationRef<'a>> {
    let ops = spec.operations();
    let idempotent = |op: &liveness_spec::OperationRef| {
        rows.iter()
            .any(|r| r.operation_id == op.id() && r.idempotent)
    };
    let pick = |test: &dyn Fn(&str) -> bool| {
        ops.iter()
            .copied()
            .find(|op| idempotent(op) && test(op.id()))
    };
    pick(&|id| id.contains("Result"))
        .or_else(|| pick(&|id| id.starts_with("Retrieve") || id.starts_with("Get")))
        .or_else(|| pick(&|_| true))
        .or_else(|| ops.first().copied())
}

/// `.setter(value)` calls for the operation's required parameters and, through `body_map`, its
/// body's required fields (values from the spec's examples where it has them).
fn example_call(spec: &Spec, op: &liveness_spec::OperationRef) -> String {
    let mut call = format!("client\n    .{}()", snake_case(op.id()));
    let shared = spec.doc["paths"][op.path].get("parameters").cloned();
    let own = op.object.get("parameters").cloned();
    for list in [shared, own].into_iter().flatten() {
        for param in list.as_array().into_iter().flatten() {
            let param = spec.resolve(param);
            if !param
                .get("required")
                .and_then(Value::as_bool)
                .unwrap_or(false)
            {
                continue;
            }
            let Some(name) = param.get("name").and_then(Value::as_str) else {
                continue;
            };
            let value = param
                .get("example")
                .and_then(literal)
                .or_else(|| placeholder(spec, param.get("schema").unwrap_or(&Value::Null)));
            if let Some(value) = value {
                call.push_str(&format!("\n    .{}({value})", setter(name)));
            }
        }
    }
    if let Some(body) = op.object.get("requestBody").map(|b| spec.resolve(b)) {
        let media = body["content"]
            .as_object()
            .and_then(|c| c.values().next())
            .cloned()
            .unwrap_or_default();
        let schema = spec.resolve(media.get("schema").unwrap_or(&Value::Null));
        let example = media
            .get("example")
            .cloned()
            .or_else(|| {
                let first = media.get("examples")?.as_object()?.values().next()?;
                spec.resolve(first).get("value").cloned()
            })
            .unwrap_or_default();
        let required = schema.get("required").and_then(Value::as_array);
        let mut fields = String::new();
        for field in required.into_iter().flatten().filter_map(Value::as_str) {
            let value = example.get(field).and_then(literal).or_else(|| {
                placeholder(
                    spec,
                    schema["properties"].get(field).unwrap_or(&Value::Null),
                )
            });
            if let Some(value) = value {
                fields.push_str(&format!(".{}({value})", setter(field)));
            }
        }
        call.push_str(&format!("\n    .body_map(|body| body{fields})"));
    }
    call.push_str("\n    .send()\n    .await?");
    call
}

/// The signer of the example: what each of the spec's security schemes puts on a request.
fn example_signer(spec: &Spec) -> String {
    let schemes = spec.doc.pointer("/components/securitySchemes");
    let mut lines = Vec::new();
    for (name, scheme) in schemes.and_then(Value::as_object).into_iter().flatten() {
        let kind = scheme.get("type").and_then(Value::as_str).unwrap_or("");
        let place = scheme.get("in").and_then(Value::as_str).unwrap_or("");
        let key = scheme.get("name").and_then(Value::as_str).unwrap_or(name);
        let env = format!("std::env::var({:?})?", name.to_ascii_uppercase());
        let about = first_sentence(scheme.get("description"));
        if !about.is_empty() {
            lines.push(format!("// `{name}`: {about}"));
        }
        match (kind, place) {
            ("http", _) => lines.push(format!(
                "let value = format!(\"Bearer {{}}\", {env});\n        \
                 request.headers_mut().insert(\"authorization\", value.parse()?);"
            )),
            ("apiKey", "header") => lines.push(format!(
                "request.headers_mut().insert({:?}, {env}.parse()?);",
                key.to_ascii_lowercase()
            )),
            ("apiKey", "query") => lines.push(format!(
                "request.url_mut().query_pairs_mut().append_pair({key:?}, &{env});"
            )),
            _ => {}
        }
    }
    lines.join("\n        ")
}

/// A description's first sentence on one line, for a code comment.
fn first_sentence(value: Option<&Value>) -> String {
    let text = value.and_then(Value::as_str).unwrap_or("");
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    match text.find(". ") {
        Some(end) => text[..=end].to_owned(),
        None => text,
    }
}

fn first_line(value: Option<&Value>) -> String {
    value
        .and_then(Value::as_str)
        .and_then(|s| s.lines().next())
        .unwrap_or("")
        .trim()
        .replace('|', "\\|")
}

pub fn source(vendor: Vendor, spec: &Spec, rows: &[OperationRow], presets: &[Preset]) -> String {
    let info = &spec.doc["info"];
    let title = info["title"].as_str().unwrap_or(vendor.product_name());
    let package = vendor.package();
    let krate = package.replace('-', "_");
    let name = vendor.spec_name();
    let mut out = format!(
        "# {package}\n\n\
         A typed async Rust client for **{title}** (API version {version}), generated from its \
         OpenAPI spec with [progenitor](https://crates.io/crates/progenitor). Use it alone, or \
         through the [`liveness`](https://crates.io/crates/liveness) crate, which adds the \
         vendor's signing, retries and a normalized verdict.\n\n{description}\n\n",
        version = info["version"].as_str().unwrap_or("?"),
        description = info["description"].as_str().unwrap_or("").trim(),
    );

    out.push_str(
        "## Operations\n\nOne method per operation on `Client`, each returning a request \
         builder (`.send().await`).\n\n| Method | HTTP | What it does | Safe to repeat |\n\
         |---|---|---|---|\n",
    );
    for op in spec.operations() {
        let repeat = rows
            .iter()
            .find(|r| r.operation_id == op.id())
            .is_some_and(|r| r.idempotent);
        out.push_str(&format!(
            "| `{}()` | `{} {}` | {} | {} |\n",
            snake_case(op.id()),
            op.method.to_uppercase(),
            op.path,
            first_line(op.object.get("summary")),
            if repeat { "yes" } else { "no" },
        ));
    }

    out.push_str(
        "\n## Authentication\n\nRequests pass through the client's auth slot: give \
         `Client::with_signer` a `RequestSigner` (or a closure) that adds the credentials below; it \
         runs once per request, so a retried request is signed afresh. The `liveness` crate has \
         a ready signer for this vendor.\n\n",
    );
    let schemes = spec.doc.pointer("/components/securitySchemes");
    for (scheme, body) in schemes.and_then(Value::as_object).into_iter().flatten() {
        let place = match (body["type"].as_str(), body["in"].as_str()) {
            (Some("http"), _) => format!(
                "HTTP `{}` authentication",
                body["scheme"].as_str().unwrap_or("?")
            ),
            (Some("apiKey"), Some(place)) => format!(
                "`{}` in the {place}",
                body["name"].as_str().unwrap_or(scheme)
            ),
            (kind, _) => kind.unwrap_or("?").to_owned(),
        };
        let description = body["description"].as_str().unwrap_or("").trim();
        let description = description.split_whitespace().collect::<Vec<_>>().join(" ");
        out.push_str(&format!("- `{scheme}`: {place}. {description}\n"));
    }

    out.push_str("\n## Servers\n\nBase URLs from the spec, as constants in `servers`:\n\n| Constant | URL | |\n|---|---|---|\n");
    for (i, preset) in presets.iter().enumerate() {
        let default = if i == 0 { " (`servers::DEFAULT`)" } else { "" };
        out.push_str(&format!(
            "| `servers::{}`{default} | {} | {} |\n",
            preset.name, preset.url, preset.description
        ));
    }

    if let Some(op) = example_operation(spec, rows) {
        out.push_str(&format!(
            "\n## Example\n\n```rust,no_run\nuse {krate}::{{Client, servers}};\n\n\
             # async fn run() -> Result<(), Box<dyn std::error::Error>> {{\n\
             let client = Client::with_signer(\n    servers::DEFAULT,\n    \
             |request: &mut {krate}::reqwest::Request, _operation: &str| \
             -> Result<(), {krate}::SignerError> {{\n        \
             // What Authentication above says, from the environment here.\n        {signer}\n        Ok(())\n    }},\n);\n\
             let response = {call};\nprintln!(\"{{:?}}\", response.into_inner());\n# Ok(())\n# }}\n```\n",
            signer = example_signer(spec),
            call = example_call(spec, &op),
        ));
    }

    out.push_str(&format!(
        "\n## Types\n\n`types` holds one type per schema. Every struct with named fields and every \
         enum of plain values there is `#[non_exhaustive]`: build values with \
         `types::X::builder()` and match those enums with a wildcard arm. A field or enum value the vendor adds is then an additive \
         change (a patch release before 1.0) rather than a breaking one.\n\n\
         The crate re-exports the `reqwest` and `progenitor_client` it is built with \
         (`{krate}::reqwest`), so code that hands it a `reqwest::Client` never mixes two \
         versions.\n\n\
         ## Features\n\n\
         - `rustls` (default): TLS through rustls; `native-tls`: the platform's TLS instead.\n\
         - `mock`: typed [httpmock](https://crates.io/crates/httpmock) helpers for your tests \
         (`mock::MockServerExt`).\n\n\
         ## How this crate is made\n\n\
         Generated by `cargo xtask generate` in the liveness-sdk workspace from \
         `specs/{name}.yaml`, which ships here as `openapi.yaml` (and as the constant `SPEC`). \
         Do not edit it: change the spec and regenerate. The generator first checks that the \
         spec is OpenAPI 3.0 and that each of its examples matches its schema, writes only \
         the files that change, and prints the API changes, each classified breaking or \
         additive; it sets the version from them (before 1.0, breaking bumps the minor, \
         anything else the patch) and adds an entry to `CHANGELOG.md` naming the changes and \
         the spec's SHA-256.\n\n\
         ## License\n\nMIT OR Apache-2.0, at your option (`LICENSE-MIT`, `LICENSE-APACHE`).\n"
    ));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn setters_are_named_as_progenitor_names_them() {
        for (name, want) in [
            ("SdkToken", "sdk_token"),
            ("X-TC-Region", "x_tc_region"),
            ("session_duration", "session_duration"),
            ("id", "id"),
        ] {
            assert_eq!(setter(name), want, "{name}");
        }
    }

    #[test]
    fn the_example_fills_required_parameters_and_body_fields_from_the_spec() {
        let spec = Spec::parse(
            r##"
openapi: 3.0.3
info: {title: T, version: '1'}
paths:
  /create:
    post:
      operationId: Create
      requestBody:
        content: {application/json: {schema: {type: object}}}
      responses: {'200': {description: ok}}
  /result:
    post:
      operationId: GetResult
      parameters:
        - {name: X-Region, in: header, required: true, schema: {type: string, enum: [eu, us]}}
        - {name: lang, in: query, schema: {type: string}}
      requestBody:
        content:
          application/json:
            schema: {type: object, required: [Token, Page], properties: {Token: {type: string}, Page: {type: integer}}}
            examples: {success: {value: {Token: abc}}}
      responses: {'200': {description: ok}}
"##,
        )
        .unwrap();
        let rows = [("Create", false), ("GetResult", true)].map(|(id, idempotent)| OperationRow {
            operation_id: id.into(),
            snake: snake_case(id),
            idempotent,
        });
        let op = example_operation(&spec, &rows).unwrap();
        assert_eq!(op.id(), "GetResult");
        assert_eq!(
            example_call(&spec, &op),
            "client\n    .get_result()\n    .x_region(\"eu\")\n    \
             .body_map(|body| body.token(\"abc\").page(1))\n    .send()\n    .await?"
        );
    }
}
