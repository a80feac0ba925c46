//! The specs' examples, served as-is for their ids.
//!
//! Each result operation's response examples are reachable two ways: by the id the spec's own
//! examples use (the Tencent page's SdkToken `D2B55F0C-FB5D-4FB6-8765-3E931EBBFC79`,
//! TrustDecision's `1234567`, Talentomobile's process id, each Verifik record's `_id`), and by
//! `fixture-<status>-<example name>` (`fixture-404-error`, `fixture-200-success_attack`...), so
//! every example, errors included, can be fetched. `fixture-<example name>` is a shorthand for the
//! first status that has an example of that name.
//!
//! A running mock serves the examples with their remote evidence moved onto itself (see
//! [`Fixtures::serve_evidence_from`]): the pages' file URLs point at the vendors' storage, which a
//! test must never reach.

use std::collections::HashMap;

use bytes::Bytes;
use serde_json::Value;

use crate::spec::{Spec, Specs};
use crate::{Vendor, files};

/// One response example.
#[derive(Debug, Clone)]
pub struct Fixture {
    /// The response status it is documented under.
    pub status: u16,
    /// Its media type.
    pub media_type: String,
    /// The example value.
    pub value: Value,
}

/// Where a result operation's id sits in its examples.
pub(crate) enum IdAt {
    /// A field of the request body examples.
    RequestField(&'static str),
    /// The `example` of a path parameter.
    PathExample(&'static str),
    /// A JSON pointer into each response example.
    ResponsePointer(&'static str),
}

/// Every result fixture, by vendor and id; and the Verifik list example's records.
#[derive(Debug, Default)]
pub struct Fixtures {
    by_id: HashMap<(Vendor, String), Fixture>,
    /// The records of the Verifik list example, listed before any record the mock creates.
    pub verifik_list: Vec<Value>,
    /// The Verifik list example as a whole, served as-is for the default page.
    pub verifik_list_example: Option<Value>,
}

impl Fixtures {
    /// The fixtures of the embedded specs.
    pub fn from_specs(specs: &Specs) -> Self {
        let mut fixtures = Fixtures::default();
        for vendor in Vendor::ALL {
            let (operation, id_at) = &crate::vendors::mock(vendor).result;
            let spec = specs.spec(vendor);
            let op = operation_object(spec, operation);
            let responses = response_examples(spec, operation);
            for (name, fixture) in &responses {
                let status = fixture.status;
                fixtures.insert(vendor, format!("fixture-{status}-{name}"), fixture.clone());
                fixtures.insert(vendor, format!("fixture-{name}"), fixture.clone());
            }
            let by_name = |name: &str| {
                responses
                    .iter()
                    .find(|(n, _)| n == name)
                    .or_else(|| responses.iter().find(|(n, _)| n == "success"))
                    .map(|(_, f)| f.clone())
            };
            match id_at {
                IdAt::RequestField(field) => {
                    for (name, value) in request_examples(spec, operation) {
                        if let (Some(id), Some(fixture)) = (id_text(&value[field]), by_name(&name))
                        {
                            fixtures.insert(vendor, id, fixture);
                        }
                    }
                }
                IdAt::PathExample(param) => {
                    let example = op["parameters"]
                        .as_array()
                        .into_iter()
                        .flatten()
                        .map(|p| spec.resolve(p))
                        .find(|p| p["name"] == *param)
                        .and_then(|p| id_text(&p["example"]));
                    if let (Some(id), Some(fixture)) = (example, by_name("success")) {
                        fixtures.insert(vendor, id, fixture);
                    }
                }
                IdAt::ResponsePointer(pointer) => {
                    for (_, fixture) in &responses {
                        if let Some(id) = fixture.value.pointer(pointer).and_then(id_text) {
                            fixtures.insert(vendor, id, fixture.clone());
                        }
                    }
                }
            }
        }
        if let Some((_, list)) =
            response_examples(specs.spec(Vendor::Verifik), "ListDocumentLiveness")
                .into_iter()
                .find(|(name, _)| name == "success")
        {
            fixtures.verifik_list = list.value["data"].as_array().cloned().unwrap_or_default();
            fixtures.verifik_list_example = Some(list.value);
        }
        fixtures
    }

    /// Points every remote file of the examples at the mock at `base_url`: Tencent's
    /// `BestFrame` and `Video` (with the `MD5` and `Size` of the bytes the mock serves instead of
    /// the page's) and Verifik's `imageUrl`. Returns the files to serve, by their path under
    /// `/__files/`.
    pub fn serve_evidence_from(&mut self, base_url: &str) -> Vec<(String, Bytes)> {
        let mut served = Vec::new();
        for ((vendor, id), fixture) in &mut self.by_id {
            let dir = format!("fixtures/{}/{}", vendor.as_str(), files::segment(id));
            let serve = crate::vendors::mock(*vendor).serve_files;
            served.extend(serve(&mut fixture.value, &dir, base_url, id));
        }
        // The list example's records are served too; none carries an image today.
        let lists = self.verifik_list.iter_mut().chain(
            self.verifik_list_example
                .iter_mut()
                .filter_map(|e| e.get_mut("data").and_then(Value::as_array_mut))
                .flatten(),
        );
        for record in lists {
            let id = fixtures_id(record);
            let image = record.get_mut("imageUrl");
            if let Some(image) = image.filter(|u| u.as_str().is_some_and(|u| !u.is_empty())) {
                let path = format!("fixtures/verifik/list/{}.jpg", files::segment(&id));
                *image = Value::String(files::url(base_url, &path));
                served.push((path, files::jpeg(&id)));
            }
        }
        served
    }

    fn insert(&mut self, vendor: Vendor, id: String, fixture: Fixture) {
        // The first example to claim an id keeps it (the spec's `success` comes first).
        self.by_id.entry((vendor, id)).or_insert(fixture);
    }

    /// The fixture served for `id`.
    pub fn get(&self, vendor: Vendor, id: &str) -> Option<&Fixture> {
        self.by_id.get(&(vendor, id.to_owned()))
    }

    /// Every fixture id of `vendor`, sorted.
    pub fn ids(&self, vendor: Vendor) -> Vec<&str> {
        let mut ids: Vec<&str> = self
            .by_id
            .keys()
            .filter(|(v, _)| *v == vendor)
            .map(|(_, id)| id.as_str())
            .collect();
        ids.sort_unstable();
        ids
    }
}

/// An id as text: the specs show ids as strings and (TrustDecision's) as numbers.
pub(crate) fn id_text(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

fn fixtures_id(record: &Value) -> String {
    id_text(&record["_id"]).unwrap_or_else(|| "record".to_owned())
}

fn operation_object<'a>(spec: &'a Spec, operation_id: &str) -> &'a Value {
    spec.doc["paths"]
        .as_object()
        .into_iter()
        .flat_map(|paths| paths.values())
        .filter_map(Value::as_object)
        .flat_map(|item| item.values())
        .find(|op| op["operationId"] == operation_id)
        .unwrap_or_else(|| panic!("{}: no operation {operation_id}", spec.vendor))
}

fn request_examples(spec: &Spec, operation: &str) -> Vec<(String, Value)> {
    spec.examples()
        .into_iter()
        .filter(|e| e.operation_id == operation && e.status.is_none())
        .filter(|e| e.media_type == "application/json")
        .map(|e| (e.name, e.value))
        .collect()
}

fn response_examples(spec: &Spec, operation: &str) -> Vec<(String, Fixture)> {
    let mut out: Vec<(String, Fixture)> = spec
        .examples()
        .into_iter()
        .filter(|e| e.operation_id == operation)
        .filter_map(|e| {
            let status = e.status.as_deref()?.parse::<u16>().ok()?;
            let fixture = Fixture {
                status,
                media_type: e.media_type,
                value: e.value,
            };
            Some((e.name, fixture))
        })
        .collect();
    // `success` first, so it claims shared ids.
    out.sort_by_key(|(name, _)| name != "success");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_specs_own_ids_lead_to_their_examples() {
        let fixtures = Fixtures::from_specs(Specs::embedded());
        let tencent = fixtures
            .get(Vendor::Tencent, "D2B55F0C-FB5D-4FB6-8765-3E931EBBFC79")
            .expect("the page's SdkToken");
        assert_eq!(tencent.value["Response"]["Result"], "1001");
        let td = fixtures.get(Vendor::TrustDecision, "1234567").unwrap();
        assert_eq!(td.value["code"], "200");
        let talento = fixtures
            .get(
                Vendor::Talentomobile,
                "d5335d6a-9d95-4977-9976-00dede352749",
            )
            .expect("the page's process id");
        assert!(talento.value.is_array());
        let nested = fixtures
            .get(Vendor::Verifik, "document_liveness_123456789")
            .unwrap();
        assert!(nested.value["data"]["validationResults"].is_object());
        let flat = fixtures
            .get(Vendor::Verifik, "6716c5e2a9b4f3a1d2e4c8b7")
            .unwrap();
        assert_eq!(flat.value["data"]["sreenReplayCalibration"], "HARD");
        let not_found = fixtures.get(Vendor::Verifik, "fixture-404-error").unwrap();
        assert_eq!(not_found.status, 404);
        assert_eq!(fixtures.verifik_list.len(), 1);
    }
}
