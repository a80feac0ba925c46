//! Every example in the specs deserializes into the generated type and re-serializes to JSON that
//! still validates against its schema; plus the documented quirks, one test each.

use contract_tests::{Example, Spec, load_specs};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Value, json};

use liveness_talentomobile::types as tm;
use liveness_tencent_faceid::types as tc;
use liveness_trustdecision::types as td;
use liveness_verifik::types as vf;

type RoundTrip = fn(Value) -> Result<Value, String>;

fn round_trip<T: DeserializeOwned + Serialize>(value: Value) -> Result<Value, String> {
    let typed: T = serde_json::from_value(value).map_err(|e| format!("decode: {e}"))?;
    serde_json::to_value(&typed).map_err(|e| format!("re-encode: {e}"))
}

/// The generated type for each `(vendor, schema)` an example is given under. An example whose
/// schema is not here fails the test, so a new example cannot go untested.
fn generated_type(vendor: &str, schema: &str) -> Option<RoundTrip> {
    Some(match (vendor, schema) {
        ("tencent-faceid", "ApplyLivenessTokenRequest") => {
            round_trip::<tc::ApplyLivenessTokenRequest>
        }
        ("tencent-faceid", "ApplyLivenessTokenResponse") => {
            round_trip::<tc::ApplyLivenessTokenResponse>
        }
        ("tencent-faceid", "GetLivenessResultRequest") => {
            round_trip::<tc::GetLivenessResultRequest>
        }
        ("tencent-faceid", "GetLivenessResultResponse") => {
            round_trip::<tc::GetLivenessResultResponse>
        }
        ("trustdecision", "LicenseRequest") => round_trip::<td::LicenseRequest>,
        ("trustdecision", "LicenseResponse") => round_trip::<td::LicenseResponse>,
        ("trustdecision", "ResultRequest") => round_trip::<td::ResultRequest>,
        ("trustdecision", "ResultResponse") => round_trip::<td::ResultResponse>,
        ("talentomobile", "ChallengeList") => round_trip::<tm::ChallengeList>,
        ("verifik", "CreateDocumentLivenessRequest") => {
            round_trip::<vf::CreateDocumentLivenessRequest>
        }
        ("verifik", "DocumentLivenessEnvelope") => round_trip::<vf::DocumentLivenessEnvelope>,
        ("verifik", "DocumentLivenessList") => round_trip::<vf::DocumentLivenessList>,
        ("verifik", "ApiError") => round_trip::<vf::ApiError>,
        _ => return None,
    })
}

fn schema_name(example: &Example) -> Option<&str> {
    example.schema["$ref"]
        .as_str()?
        .strip_prefix("#/components/schemas/")
}

fn example<'a>(
    specs: &'a [Spec],
    vendor: &str,
    operation: &str,
    name: &str,
) -> (&'a Spec, Example) {
    let spec = specs
        .iter()
        .find(|s| s.vendor == vendor)
        .expect("vendor spec");
    let example = spec
        .examples()
        .into_iter()
        .find(|e| e.operation_id == operation && e.name == name && e.status.is_some())
        .unwrap_or_else(|| panic!("{vendor} {operation} has no response example {name:?}"));
    (spec, example)
}

#[test]
fn every_example_round_trips_through_its_generated_type() {
    let specs = load_specs();
    let mut failures = Vec::new();
    let mut checked = 0;
    for spec in &specs {
        for example in spec.examples() {
            let what = example.describe(spec.vendor);
            if !example.media_type.starts_with("application/json") {
                // Talentomobile's undocumented 404 body is text; it has no generated type.
                assert!(
                    example.schema["$ref"].is_null(),
                    "{what}: a non-JSON example with a schema ref"
                );
                continue;
            }
            let Some(name) = schema_name(&example) else {
                failures.push(format!("{what}: schema is not a component $ref"));
                continue;
            };
            let Some(round_trip) = generated_type(spec.vendor, name) else {
                failures.push(format!(
                    "{what}: no generated type is mapped for schema {name}"
                ));
                continue;
            };
            match round_trip(example.value.clone()) {
                Err(e) => failures.push(format!("{what}: {e}")),
                Ok(again) => {
                    let violations = spec.violations(&example.schema, &again);
                    if !violations.is_empty() {
                        failures.push(format!(
                            "{what}: re-encoded JSON does not validate: {violations:?}"
                        ));
                    }
                    checked += 1;
                }
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert!(checked >= 20, "only {checked} examples checked");
}

#[test]
fn trustdecision_code_reads_as_string_and_as_integer() {
    let specs = load_specs();
    let (_, string) = example(&specs, "trustdecision", "RetrieveResult", "success");
    let (_, integer) = example(
        &specs,
        "trustdecision",
        "RetrieveResult",
        "success_integer_code",
    );
    let string: td::ResultResponse = serde_json::from_value(string.value).expect("string code");
    let integer: td::ResultResponse = serde_json::from_value(integer.value).expect("integer code");
    assert_eq!(string.code, td::Code::String("200".into()));
    assert_eq!(integer.code, td::Code::Int64(200));
    assert_eq!(string.score, Some(0.98958));
}

#[test]
fn trustdecision_liveness_id_reads_as_number_and_as_string() {
    let number: td::ResultRequest =
        serde_json::from_value(json!({"liveness_id": 1234567})).expect("number");
    let string: td::ResultRequest =
        serde_json::from_value(json!({"liveness_id": "1234567"})).expect("string");
    assert_ne!(number, string, "the two forms must stay distinguishable");
    assert_eq!(
        serde_json::to_value(&number).expect("encode"),
        json!({"liveness_id": 1234567})
    );
}

#[test]
fn verifik_reads_the_nested_and_the_flat_record() {
    let specs = load_specs();
    let spec = specs
        .iter()
        .find(|s| s.vendor == "verifik")
        .expect("verifik");
    let records: Vec<Value> = spec
        .examples()
        .into_iter()
        .filter(|e| {
            e.operation_id == "RetrieveDocumentLiveness" && e.status.as_deref() == Some("200")
        })
        .map(|e| e.value["data"].clone())
        .collect();
    let nested = records
        .iter()
        .find(|r| r.get("validationResults").is_some())
        .expect("a nested example");
    let flat = records
        .iter()
        .find(|r| r.get("sreenReplayScore").is_some())
        .expect("a flat example");

    let nested_typed: vf::DocumentLiveness =
        serde_json::from_value(nested.clone()).expect("nested");
    let flat_typed: vf::DocumentLiveness = serde_json::from_value(flat.clone()).expect("flat");
    // The values survive the typed form, not just the parse.
    let nested_again = serde_json::to_value(&nested_typed).expect("encode");
    let flat_again = serde_json::to_value(&flat_typed).expect("encode");
    let score = &nested_again["validationResults"]["screenReplay"]["score"];
    assert_eq!(score, &nested["validationResults"]["screenReplay"]["score"]);
    assert_eq!(score.as_f64(), Some(0.95));
    assert_eq!(flat_again["sreenReplayScore"], flat["sreenReplayScore"]);
    assert!(
        flat_again["sreenReplayScore"]
            .as_f64()
            .is_some_and(|s| s > 1.0),
        "scores above 1 are kept"
    );
}

#[test]
fn talentomobile_accepts_an_undocumented_challenge_type_and_extra_fields() {
    let body = json!([{
        "type": "CH_SMILE",
        "success": false,
        "startTimestamp": 1631260389,
        "confidence": "high",
        "evidences": [{"data": "iVBORw0KGgo=", "type": "MV_SMILE"}],
        "moves": [{"type": "MV_HEAD_NOD", "success": true, "evidence": "iVBORw0KGgo="}]
    }]);
    let list: tm::ChallengeList = serde_json::from_value(body).expect("decodes");
    assert_eq!(list.0[0].type_, "CH_SMILE");
    assert_eq!(list.0[0].moves[0].type_, "MV_HEAD_NOD");
    assert!(!list.0[0].success);
}

#[test]
fn tencent_error_envelope_and_unknown_result_codes_decode() {
    let specs = load_specs();
    let spec = specs
        .iter()
        .find(|s| s.vendor == "tencent-faceid")
        .expect("tencent");
    let error = spec
        .examples()
        .into_iter()
        .find(|e| e.operation_id == "GetLivenessResult" && e.is_error())
        .expect("an error example");
    let typed: tc::GetLivenessResultResponse =
        serde_json::from_value(error.value).expect("error envelope");
    let api_error = typed.response.error.expect("Response.Error");
    assert!(!api_error.code.is_empty());
    assert!(typed.response.result.is_none());

    let unknown: tc::GetLivenessResultResponse = serde_json::from_value(
        json!({"Response": {"Result": "9999", "Description": "new", "RequestId": "r"}}),
    )
    .expect("unknown code");
    assert_eq!(unknown.response.result.as_deref(), Some("9999"));
}
