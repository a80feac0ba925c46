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
        for (name, schema) in schemas {
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
