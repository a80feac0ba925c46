//! Source of the generated `Cargo.toml`.

use crate::spec::Spec;
use crate::vendors::Vendor;

pub fn cargo_toml(vendor: Vendor, spec: &Spec, version: &str, uses_futures: bool) -> String {
    let description = format!(
        "Typed async client for {}, generated from its OpenAPI spec",
        spec.openapi.info.title
    );
    let futures = if uses_futures {
        "futures = \"0.3\"\n"
    } else {
        ""
    };
    // Versions are spelled out (no `workspace = true`) so the crate builds alone.
    format!(
        r#"
[package]
name = "{package}"
version = "{version}"
edition = "2024"
rust-version = "1.88"
license = "MIT OR Apache-2.0"
description = {description:?}
readme = "README.md"
documentation = "https://docs.rs/{package}"
keywords = ["liveness", "kyc", "openapi", "{slug}", "api-client"]
categories = ["api-bindings", "web-programming::http-client"]

[package.metadata.docs.rs]
all-features = true

[features]
default = ["rustls"]
# TLS backends for reqwest: rustls (default, no system OpenSSL) or the platform's native TLS.
rustls = ["reqwest/rustls"]
native-tls = ["reqwest/native-tls"]
# progenitor's typed httpmock helpers (`mock::MockServerExt`), for users' tests.
mock = ["dep:httpmock", "dep:regex"]

[dependencies]
{futures}liveness-runtime = {{ version = "0.1.0", path = "../liveness-runtime" }}
progenitor-client = "={progenitor}"
reqwest = {{ version = "0.13", default-features = false, features = ["json", "query", "stream"] }}
serde = {{ version = "1", features = ["derive"] }}
serde_json = "1"
httpmock = {{ version = "0.8", optional = true }}
regex = {{ version = "1", optional = true }}
"#,
        package = vendor.package(),
        slug = vendor.as_str(),
        progenitor = super::PROGENITOR_VERSION,
    )
}
