//! Source of the generated `hooks.rs` (the auth slot) and `wire.rs` (vendor wire quirks).

use crate::spec::Action;

/// `hooks.rs`: the same few lines for every vendor. What they call (the auth slot, the
/// transport hook) is the hand-written `liveness-runtime` crate, type-checked where it lives.
pub fn source() -> &'static str {
    r#"
//! The auth slot: how another crate (the `liveness` facade, or your own code) authenticates
//! this client's requests without forking it.
//!
//! progenitor's `ClientHooks` can only be implemented in the crate that defines `Client`; the
//! work is done by `liveness-runtime`, which every generated client shares: before each request
//! is sent, the vendor's wire quirks ([`crate::wire`]) are applied and then the
//! [`RequestSigner`] held in [`Inner`] signs it; an optional [`Transport`] sends it.

pub use liveness_runtime::{
    BoxFuture, GeneratedClient, Inner, RequestSigner, SignerError, Transport,
};
use progenitor_client::{ClientHooks, Error, OperationInfo};

use crate::Client;

impl Client {
    /// A client for `baseurl` whose requests all go through `signer`.
    pub fn with_signer(baseurl: &str, signer: impl RequestSigner + 'static) -> Self {
        Self::new(baseurl, Inner::new().with_signer(signer))
    }
}

impl GeneratedClient for Client {
    fn from_parts(base_url: &str, http: reqwest::Client, inner: Inner) -> Self {
        Self::new_with_client(base_url, http, inner)
    }
}

impl ClientHooks<Inner> for Client {
    async fn pre<E>(
        &self,
        request: &mut reqwest::Request,
        info: &OperationInfo,
    ) -> Result<(), Error<E>> {
        liveness_runtime::pre(&self.inner, request, info, crate::wire::apply)
    }

    async fn exec(
        &self,
        request: reqwest::Request,
        info: &OperationInfo,
    ) -> reqwest::Result<reqwest::Response> {
        liveness_runtime::exec(&self.inner, &self.client, request, info).await
    }
}
"#
}

/// `wire.rs`: what must change between the request progenitor builds and the one the vendor
/// expects. Header-routed RPC actions (Tencent) come from the spec's `x-tc-action` extensions.
pub fn wire_source(api_version: &str, actions: &[Action], headers: &[(String, String)]) -> String {
    let required: String = headers
        .iter()
        .map(|(name, value)| format!("    ({name:?}, {value:?}),\n"))
        .collect();
    let mut out = format!(
        r#"
//! Wire quirks, applied to every request before it is signed.

/// Headers progenitor adds that the vendor does not expect (`api-version` carries the spec's
/// version, which means nothing to the vendor).
pub const DROPPED_HEADERS: &[&str] = &["api-version"];

/// Headers every request carries, GETs included (the spec's `x-wire-headers`): the vendor's
/// page requires them, and OpenAPI cannot express them as parameters. A value the request
/// already has is kept.
pub const REQUIRED_HEADERS: &[(&str, &str)] = &[
{required}];

fn common(request: &mut reqwest::Request) {{
    let headers = request.headers_mut();
    for name in DROPPED_HEADERS {{
        headers.remove(*name);
    }}
    for (name, value) in REQUIRED_HEADERS {{
        if !headers.contains_key(*name) {{
            headers.insert(*name, reqwest::header::HeaderValue::from_static(value));
        }}
    }}
}}
"#
    );
    if actions.is_empty() {
        out.push_str(
            r#"
pub(crate) fn apply(request: &mut reqwest::Request) -> Result<(), String> {
    common(request);
    Ok(())
}
"#,
        );
        return out;
    }

    let table: String = actions
        .iter()
        .map(|a| format!("    ({:?}, {:?}),\n", a.pseudo_path, a.action))
        .collect();
    out.push_str(&format!(
        r#"
/// `X-TC-Version`: the spec's `info.version`.
pub const API_VERSION: &str = {api_version:?};

/// `(pseudo path, X-TC-Action)`. OpenAPI cannot hold two operations on `POST /`, so the spec
/// gives each RPC action a pseudo path marked `x-tc-action`; on the wire every action is
/// `POST /` with the action in a header.
pub const ACTIONS: &[(&str, &str)] = &[
{table}];

/// The `(pseudo path, action)` that a request path (the pseudo path, after any base-URL stem)
/// stands for.
pub fn route(path: &str) -> Option<(&'static str, &'static str)> {{
    ACTIONS.iter().copied().find(|(pseudo, _)| path.ends_with(pseudo))
}}

pub(crate) fn apply(request: &mut reqwest::Request) -> Result<(), String> {{
    common(request);
    let path = request.url().path().to_string();
    let (pseudo, action) = route(&path)
        .ok_or_else(|| format!("no X-TC-Action is known for path {{path}}"))?;
    // Keep any path stem of the base URL (a proxy prefix); drop only the pseudo path.
    let stem = &path[..path.len() - pseudo.len()];
    request.url_mut().set_path(&format!("{{stem}}/"));
    let headers = request.headers_mut();
    headers.insert("x-tc-action", reqwest::header::HeaderValue::from_static(action));
    headers.insert("x-tc-version", reqwest::header::HeaderValue::from_static(API_VERSION));
    Ok(())
}}
"#
    ));
    out
}
