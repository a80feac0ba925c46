//! Shared helpers for the contract tests: loading the specs, walking their examples, validating
//! JSON against a spec schema, and a loopback server that records requests as they arrive.

pub mod capture;
pub mod clients;
pub mod rate;
pub mod redis;
pub mod tools;

// The README's Rust blocks are compiled as doctests of this crate, so they stay true.
#[cfg(doctest)]
#[doc = include_str!("../../README.md")]
struct ReadmeDoctests;

use std::path::{Path, PathBuf};

use serde_json::Value;

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

/// One spec, read by `liveness-spec` (the reading the mock uses too), with the vendor named in
/// every panic message.
pub struct Spec {
    /// File stem, e.g. `verifik`.
    pub vendor: &'static str,
    /// The document.
    pub openapi: liveness_spec::Spec,
}

impl std::ops::Deref for Spec {
    type Target = liveness_spec::Spec;

    fn deref(&self) -> &liveness_spec::Spec {
        &self.openapi
    }
}

pub use liveness_spec::Example;

/// The spec `specs/<vendor>.yaml`, as the mock embeds and reads it: the tests check the very
/// documents the mock serves and validates against.
pub fn load_spec(vendor: &'static str) -> Spec {
    let registered = liveness::Vendor::ALL
        .into_iter()
        .find(|v| v.spec_name() == vendor)
        .unwrap_or_else(|| panic!("no vendor has the spec {vendor}"));
    let embedded = liveness_mock::spec::Specs::embedded().spec(registered);
    Spec {
        vendor,
        openapi: embedded.openapi.clone(),
    }
}

/// Every spec of the workspace.
pub fn load_specs() -> Vec<Spec> {
    spec_names().map(load_spec).collect()
}

// The tests want a broken spec to stop them, naming the vendor.
impl Spec {
    /// Follows a local `$ref`; a dangling or remote one fails the test.
    pub fn resolve<'a>(&'a self, value: &'a Value) -> &'a Value {
        self.openapi
            .try_resolve(value)
            .unwrap_or_else(|e| panic!("{}: {e}", self.vendor))
    }

    /// Every operation as `(path, method, operation object)`.
    pub fn operations(&self) -> Vec<(String, String, &Value)> {
        self.openapi
            .operations()
            .into_iter()
            .map(|op| (op.path.to_owned(), op.method.to_owned(), op.object))
            .collect()
    }

    /// A validator for `schema`; a schema that does not compile fails the test.
    pub fn validator(&self, schema: &Value) -> jsonschema::Validator {
        self.openapi
            .validator(schema)
            .unwrap_or_else(|e| panic!("{}: {e}", self.vendor))
    }

    /// Why `instance` does not match `schema`, one line per violation (empty when it does).
    pub fn violations(&self, schema: &Value, instance: &Value) -> Vec<String> {
        self.openapi
            .violations(schema, instance)
            .unwrap_or_else(|e| panic!("{}: {e}", self.vendor))
    }
}
