//! Reading a spec: YAML text → OpenAPI 3.0 document, plus the facts the emitted code needs.

use openapiv3::OpenAPI;

/// A parsed spec.
pub struct Spec {
    pub openapi: OpenAPI,
}

pub fn load(text: &str) -> Result<Spec, String> {
    let value: serde_json::Value =
        serde_saphyr::from_str(text).map_err(|e| format!("invalid YAML: {e}"))?;
    let version = value.get("openapi").and_then(|v| v.as_str()).unwrap_or("");
    // progenitor reads OpenAPI 3.0 only.
    if !version.starts_with("3.0.") {
        return Err(format!("`openapi: {version}`: only 3.0.x is supported"));
    }
    let openapi: OpenAPI =
        serde_json::from_value(value).map_err(|e| format!("not an OpenAPI 3.0 document: {e}"))?;
    Ok(Spec { openapi })
}

/// A server preset: `x-preset` names the constant, `url` is its value.
pub struct Preset {
    pub name: String,
    pub url: String,
    pub description: String,
}

pub fn presets(spec: &OpenAPI) -> Result<Vec<Preset>, String> {
    spec.servers
        .iter()
        .map(|s| {
            let name = s
                .extensions
                .get("x-preset")
                .and_then(|v| v.as_str())
                .ok_or_else(|| format!("server {} has no `x-preset` name", s.url))?;
            Ok(Preset {
                name: name.to_string(),
                url: s.url.clone(),
                description: s.description.clone().unwrap_or_default(),
            })
        })
        .collect()
}

/// An RPC action routed by header: pseudo path in the spec → `X-TC-Action` value on the wire.
pub struct Action {
    pub pseudo_path: String,
    pub action: String,
}

/// Operations marked `x-tc-action` (Tencent's `POST /` + `X-TC-Action` style).
pub fn actions(spec: &OpenAPI) -> Result<Vec<Action>, String> {
    let mut out = Vec::new();
    for (path, item) in spec.paths.iter() {
        let item = item
            .as_item()
            .ok_or_else(|| format!("{path}: external path items are not supported"))?;
        for (_, op) in item.iter() {
            if let Some(action) = op.extensions.get("x-tc-action") {
                let action = action
                    .as_str()
                    .ok_or_else(|| format!("{path}: `x-tc-action` must be a string"))?;
                out.push(Action {
                    pseudo_path: path.clone(),
                    action: action.to_string(),
                });
            }
        }
    }
    Ok(out)
}

/// One operation of the spec, as the generated `operations` table lists it.
pub struct OperationRow {
    /// The operationId as written (`GetLivenessResult`).
    pub operation_id: String,
    /// In snake case, as progenitor names the method (`get_liveness_result`).
    pub snake: String,
    /// `x-idempotent`: safe to send twice.
    pub idempotent: bool,
}

/// Every operation with its `x-idempotent` flag, in the spec's order. The flag is required: the
/// retry rule depends on it, so no operation may leave it to a default.
pub fn operations(spec: &OpenAPI) -> Result<Vec<OperationRow>, String> {
    let mut out = Vec::new();
    for (path, item) in spec.paths.iter() {
        let item = item
            .as_item()
            .ok_or_else(|| format!("{path}: external path items are not supported"))?;
        for (method, op) in item.iter() {
            let id = op
                .operation_id
                .clone()
                .ok_or_else(|| format!("{method} {path}: no operationId"))?;
            let idempotent = op
                .extensions
                .get("x-idempotent")
                .ok_or_else(|| format!("{id}: no `x-idempotent` (true or false)"))?
                .as_bool()
                .ok_or_else(|| format!("{id}: `x-idempotent` must be true or false"))?;
            out.push(OperationRow {
                snake: snake_case(&id),
                operation_id: id,
                idempotent,
            });
        }
    }
    Ok(out)
}

/// `GetLivenessResult` → `get_liveness_result`, as progenitor names methods.
pub fn snake_case(id: &str) -> String {
    let mut out = String::new();
    let chars: Vec<char> = id.chars().collect();
    for (i, c) in chars.iter().enumerate() {
        if c.is_ascii_uppercase() {
            let after_lower =
                i > 0 && (chars[i - 1].is_ascii_lowercase() || chars[i - 1].is_ascii_digit());
            let before_lower = i > 0
                && chars[i - 1].is_ascii_uppercase()
                && chars.get(i + 1).is_some_and(|n| n.is_ascii_lowercase());
            if after_lower || before_lower {
                out.push('_');
            }
            out.push(c.to_ascii_lowercase());
        } else {
            out.push(*c);
        }
    }
    out
}

/// Headers every request carries whatever its operation: the root extension `x-wire-headers`
/// (name → value). OpenAPI ignores header parameters named `Content-Type`, `Accept` or
/// `Authorization`, so a vendor that requires one of those on every request says so here.
pub fn wire_headers(spec: &OpenAPI) -> Result<Vec<(String, String)>, String> {
    let Some(value) = spec.extensions.get("x-wire-headers") else {
        return Ok(Vec::new());
    };
    let map = value
        .as_object()
        .ok_or("`x-wire-headers` must map header names to values")?;
    map.iter()
        .map(|(name, value)| {
            let value = value
                .as_str()
                .ok_or_else(|| format!("`x-wire-headers.{name}` must be a string"))?;
            let valid_name = !name.is_empty()
                && name
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b"-_".contains(&b));
            if !valid_name || value.bytes().any(|b| b.is_ascii_control()) {
                return Err(format!("`x-wire-headers.{name}` is not a valid header"));
            }
            Ok((name.to_ascii_lowercase(), value.to_string()))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn operation_ids_become_progenitor_s_method_names() {
        for (id, snake) in [
            ("GetLivenessResult", "get_liveness_result"),
            ("RetrieveDocumentLiveness", "retrieve_document_liveness"),
            ("GetResult", "get_result"),
            ("GetHTTPStatus", "get_http_status"),
            ("getV2Result", "get_v2_result"),
        ] {
            assert_eq!(snake_case(id), snake, "{id}");
        }
    }

    fn spec_with(extension: &str) -> OpenAPI {
        let text = format!(
            "openapi: 3.0.3\ninfo: {{title: t, version: '1'}}\npaths:\n  /x:\n    get:\n      \
             operationId: GetX\n{extension}      responses: {{'200': {{description: ok}}}}\n"
        );
        load(&text).unwrap().openapi
    }

    #[test]
    fn every_operation_must_say_whether_it_is_idempotent() {
        let rows = operations(&spec_with("      x-idempotent: false\n")).unwrap();
        assert_eq!(rows.len(), 1);
        assert_eq!(rows[0].snake, "get_x");
        assert!(!rows[0].idempotent);
        let missing = operations(&spec_with("")).err().unwrap();
        assert!(missing.contains("GetX: no `x-idempotent`"), "{missing}");
        let wrong = operations(&spec_with("      x-idempotent: 'yes'\n"))
            .err()
            .unwrap();
        assert!(wrong.contains("must be true or false"), "{wrong}");
    }
}
