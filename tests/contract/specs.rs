//! The specs themselves: each is OpenAPI 3.0.3 that progenitor's parser reads, every operation
//! has an operationId and documented success and error examples, and every example validates
//! against its schema.

use std::collections::BTreeSet;

use contract_tests::{load_spec, load_specs};
use serde_json::json;

#[test]
fn every_spec_is_openapi_3_0_3_and_parses() {
    for spec in load_specs() {
        assert_eq!(
            spec.doc["openapi"], "3.0.3",
            "{}: progenitor reads OpenAPI 3.0 only",
            spec.vendor
        );
        let parsed: Result<openapiv3::OpenAPI, _> = serde_json::from_value(spec.doc.clone());
        assert!(
            parsed.is_ok(),
            "{}: not an OpenAPI 3.0 document: {:?}",
            spec.vendor,
            parsed.err()
        );
        assert!(
            spec.doc["servers"]
                .as_array()
                .is_some_and(|s| !s.is_empty()),
            "{}: no servers",
            spec.vendor
        );
    }
}

#[test]
fn every_operation_has_a_unique_operation_id() {
    for spec in load_specs() {
        let mut seen = BTreeSet::new();
        for (path, method, op) in spec.operations() {
            let id = op["operationId"].as_str();
            assert!(
                id.is_some(),
                "{}: {method} {path} has no operationId",
                spec.vendor
            );
            assert!(
                seen.insert(id.unwrap().to_string()),
                "{}: duplicate operationId {id:?}",
                spec.vendor
            );
        }
        assert!(!seen.is_empty(), "{}: no operations", spec.vendor);
    }
}

#[test]
fn every_example_validates_against_its_schema() {
    let mut checked = 0;
    for spec in load_specs() {
        for example in spec.examples() {
            let errors = spec.violations(&example.schema, &example.value);
            assert!(
                errors.is_empty(),
                "{}: {}",
                example.describe(spec.vendor),
                errors.join("; ")
            );
            checked += 1;
        }
    }
    assert!(checked >= 20, "only {checked} examples found");
}

#[test]
fn every_operation_has_a_success_and_an_error_example() {
    for spec in load_specs() {
        let examples = spec.examples();
        for (path, method, op) in spec.operations() {
            let id = op["operationId"].as_str().unwrap_or_default();
            let mine: Vec<_> = examples.iter().filter(|e| e.operation_id == id).collect();
            assert!(
                mine.iter()
                    .any(|e| e.status.as_deref().is_some_and(|s| s.starts_with('2'))
                        && !e.is_error()),
                "{}: {method} {path} has no success example",
                spec.vendor
            );
            assert!(
                mine.iter().any(|e| e.is_error()),
                "{}: {method} {path} has no error example",
                spec.vendor
            );
        }
    }
}

/// Example names say what they show, so tests and the mock can tell a success from an error.
#[test]
fn example_names_start_with_success_or_error() {
    for spec in load_specs() {
        for example in spec.examples() {
            assert!(
                example.name.starts_with("success") || example.name.starts_with("error"),
                "{}: name it success… or error…",
                example.describe(spec.vendor)
            );
        }
    }
}

/// Leniency: an unknown field or an undocumented enum value must not fail a response, so no
/// response schema closes its properties or enumerates a vendor's values.
#[test]
fn response_schemas_are_open() {
    for spec in load_specs() {
        let schemas = spec.doc["components"]["schemas"]
            .as_object()
            .expect("components.schemas");
        let in_responses = schemas_reached_from_responses(&spec.doc);
        assert!(
            !in_responses.is_empty(),
            "{}: no response schema",
            spec.vendor
        );
        // Request-only schemas (Tencent's `Region` header) may be closed: we send them.
        for (name, schema) in schemas.iter().filter(|(n, _)| in_responses.contains(*n)) {
            assert_ne!(
                schema.get("additionalProperties"),
                Some(&json!(false)),
                "{}: {name} is closed",
                spec.vendor
            );
            assert!(
                schema.get("enum").is_none(),
                "{}: {name} is a closed enum",
                spec.vendor
            );
        }
    }
}

/// The names of the component schemas a response can hold, following `$ref`s.
fn schemas_reached_from_responses(doc: &serde_json::Value) -> BTreeSet<String> {
    fn refs(value: &serde_json::Value, out: &mut Vec<String>) {
        match value {
            serde_json::Value::Object(map) => {
                for (key, value) in map {
                    match (key.as_str(), value.as_str()) {
                        ("$ref", Some(target)) => out.push(target.to_owned()),
                        _ => refs(value, out),
                    }
                }
            }
            serde_json::Value::Array(items) => items.iter().for_each(|v| refs(v, out)),
            _ => {}
        }
    }
    let mut pending = Vec::new();
    for item in doc["paths"]
        .as_object()
        .into_iter()
        .flat_map(|p| p.values())
    {
        for operation in item.as_object().into_iter().flat_map(|o| o.values()) {
            refs(&operation["responses"], &mut pending);
        }
    }
    refs(&doc["components"]["responses"], &mut pending);
    let mut seen = BTreeSet::new();
    while let Some(target) = pending.pop() {
        if let Some(name) = target.strip_prefix("#/components/responses/") {
            refs(&doc["components"]["responses"][name], &mut pending);
        } else if let Some(name) = target.strip_prefix("#/components/schemas/")
            && seen.insert(name.to_owned())
        {
            refs(&doc["components"]["schemas"][name], &mut pending);
        }
    }
    seen
}

/// The validator used above can fail: a wrong type and a missing required field are caught.
#[test]
fn the_example_validator_rejects_bad_instances() {
    let spec = load_spec("trustdecision");
    let schema = json!({"$ref": "#/components/schemas/ResultRequest"});
    assert!(
        spec.violations(&schema, &json!({"liveness_id": "abc"}))
            .is_empty()
    );
    assert!(
        !spec
            .violations(&schema, &json!({"liveness_id": true}))
            .is_empty()
    );
    assert!(!spec.violations(&schema, &json!({})).is_empty());
}

/// The GetLivenessResult page: "Region | Yes | ... This API only supports: ap-hongkong,
/// ap-jakarta, ap-singapore". Every Tencent operation requires the header and lists the three.
#[test]
fn tencent_operations_require_x_tc_region_and_list_the_three_regions() {
    let spec = load_spec("tencent-faceid");
    for (path, method, op) in spec.operations() {
        let region = op["parameters"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|p| spec.resolve(p))
            .find(|p| p["name"] == "X-TC-Region")
            .unwrap_or_else(|| panic!("{method} {path}: no X-TC-Region"));
        assert_eq!(region["in"], "header");
        assert_eq!(region["required"], true, "{method} {path}");
        let schema = spec.resolve(&region["schema"]);
        assert_eq!(
            schema["enum"],
            json!(["ap-hongkong", "ap-jakarta", "ap-singapore"])
        );
    }
    // Tools that read only the spec learn the routing from info.description, not comments.
    let description = spec.doc["info"]["description"].as_str().unwrap_or_default();
    for needed in [
        "POST /",
        "X-TC-Action",
        "X-TC-Version",
        "x-tc-action",
        "X-TC-Region",
    ] {
        assert!(
            description.contains(needed),
            "info.description lacks {needed}"
        );
    }
}

/// The TrustDecision page: "The default duration is 600 seconds, with a maximum of 86,400".
#[test]
fn trustdecision_session_duration_carries_the_pages_default_and_maximum() {
    let spec = load_spec("trustdecision");
    let duration =
        &spec.doc["components"]["schemas"]["LicenseRequest"]["properties"]["session_duration"];
    assert_eq!(duration["default"], 600);
    assert_eq!(duration["maximum"], 86400);
    let result = &spec.doc["components"]["schemas"]["ResultResponse"]["properties"];
    assert_eq!(result["device_risk_tag"]["nullable"], true);
    assert_eq!(result["device_risk_level"]["nullable"], true);
}

/// A wrong key and a request that breaks the spec are typed errors for any generated client,
/// and say they are not on the vendor's page.
#[test]
fn talentomobile_documents_the_401_and_400_as_not_on_the_page() {
    let spec = load_spec("talentomobile");
    let responses = &spec.doc["paths"]["/result/{id}"]["get"]["responses"];
    for status in ["400", "401"] {
        let description = responses[status]["description"]
            .as_str()
            .unwrap_or_default();
        assert!(
            description.contains("not shown on the vendor's page"),
            "{status}: {description}"
        );
    }
}

/// The retrieve page requires `Content-Type: application/json` on every request; the list
/// page's `populates[]` is a repeated key of two values.
#[test]
fn verifik_carries_its_required_header_and_populates() {
    let spec = load_spec("verifik");
    assert_eq!(
        spec.doc["x-wire-headers"],
        json!({"Content-Type": "application/json"})
    );
    let list = &spec.doc["paths"]["/v2/document-liveness"]["get"]["parameters"];
    let populates = list
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["name"] == "populates[]")
        .expect("populates[]");
    assert_eq!(populates["in"], "query");
    assert_eq!(populates["explode"], true);
    assert_eq!(
        populates["schema"]["items"]["enum"],
        json!(["client", "appRegistration"])
    );
}

/// The repository cites vendor pages by title and date, never a file outside itself.
#[test]
fn nothing_cites_a_file_outside_the_repository() {
    let root = contract_tests::workspace_root();
    let mut offenders = Vec::new();
    let mut stack = vec![root.join("specs"), root.join("crates"), root.join("xtask")];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap().flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            let Ok(text) = std::fs::read_to_string(&path) else {
                continue;
            };
            // Spelled in two parts, so this file does not match itself.
            for needle in [
                concat!("../", "shared"),
                concat!("vendor", "-docs"),
                concat!("FACTS", ".md"),
            ] {
                if text.contains(needle) {
                    offenders.push(format!("{}: {needle}", path.display()));
                }
            }
        }
    }
    assert!(offenders.is_empty(), "{offenders:#?}");
    let sources = std::fs::read_to_string(root.join("specs/SOURCES.md")).expect("SOURCES.md");
    for page in [
        "GetLivenessResult",
        "2024-04-03",
        "Liveness API",
        "Retrieve a Document Liveness Validation",
    ] {
        assert!(sources.contains(page), "SOURCES.md does not cite {page}");
    }
}
