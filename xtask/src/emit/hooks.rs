//! Source of the generated `hooks.rs` (the auth slot) and `wire.rs` (vendor wire quirks).

use crate::spec::Action;

/// `hooks.rs`: the same for every vendor.
pub fn source() -> &'static str {
    r#"
//! The auth slot: how another crate (the `liveness` facade, or your own code) authenticates this
//! client's requests without forking it.
//!
//! progenitor's `ClientHooks` can only be implemented in the crate that defines `Client`, so this
//! crate implements it once. Before each request is sent, `pre` applies the vendor's wire quirks
//! ([`crate::wire`]) and then hands the request to the [`RequestSigner`] held in [`Inner`], if
//! any. The body bytes are final at that point, so a signer can hash them. An optional
//! [`Transport`] then sends it, so a caller can time, cap or record the exchange.

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

use progenitor_client::{ClientHooks, Error, OperationInfo};

use crate::Client;

/// What a [`RequestSigner`] returns when it cannot sign. Its message must not contain secrets:
/// it ends up in [`Error::Custom`].
pub type SignerError = Box<dyn std::error::Error + Send + Sync + 'static>;

/// Authenticates a request just before it is sent; called once per request, so a retried call
/// is signed afresh.
pub trait RequestSigner: Send + Sync {
    /// Adds credentials (headers, query parameters) to `request`. `operation_id` is the spec's
    /// operationId in snake case, e.g. `get_liveness_result`.
    fn sign(&self, request: &mut reqwest::Request, operation_id: &str) -> Result<(), SignerError>;
}

impl<F> RequestSigner for F
where
    F: Fn(&mut reqwest::Request, &str) -> Result<(), SignerError> + Send + Sync,
{
    fn sign(&self, request: &mut reqwest::Request, operation_id: &str) -> Result<(), SignerError> {
        self(request, operation_id)
    }
}

/// A boxed, sendable future, as [`Transport::execute`] returns.
pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// Sends a prepared (and signed) request in place of `reqwest::Client::execute`, so the caller can
/// time, log, cap or record the exchange. The response it returns is what the client decodes.
pub trait Transport: Send + Sync {
    /// Sends `request` with `client` (the generated client's own `reqwest::Client`).
    fn execute<'a>(
        &'a self,
        client: &'a reqwest::Client,
        request: reqwest::Request,
        operation_id: &'static str,
    ) -> BoxFuture<'a, reqwest::Result<reqwest::Response>>;
}

/// The client's state besides its base URL and HTTP client: an optional request signer and an
/// optional transport.
#[derive(Clone, Default)]
pub struct Inner {
    signer: Option<Arc<dyn RequestSigner>>,
    transport: Option<Arc<dyn Transport>>,
}

impl Inner {
    /// No signer, no transport: requests go out as built, through `reqwest`.
    pub fn new() -> Self {
        Self::default()
    }

    /// Every request is passed to `signer` before it goes out.
    pub fn with_signer(self, signer: impl RequestSigner + 'static) -> Self {
        self.with_shared_signer(Arc::new(signer))
    }

    /// Like [`Inner::with_signer`], for a signer shared with other clients.
    pub fn with_shared_signer(self, signer: Arc<dyn RequestSigner>) -> Self {
        Self { signer: Some(signer), ..self }
    }

    /// Every request is sent by `transport` instead of `reqwest::Client::execute`.
    pub fn with_transport(self, transport: Arc<dyn Transport>) -> Self {
        Self { transport: Some(transport), ..self }
    }

    /// The signer, if one is plugged in.
    pub fn signer(&self) -> Option<&Arc<dyn RequestSigner>> {
        self.signer.as_ref()
    }

    /// The transport, if one is plugged in.
    pub fn transport(&self) -> Option<&Arc<dyn Transport>> {
        self.transport.as_ref()
    }
}

// A signer usually holds credentials: never print it, only whether there is one.
impl fmt::Debug for Inner {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Inner")
            .field("signer", &self.signer.as_ref().map(|_| "<signer>"))
            .field("transport", &self.transport.as_ref().map(|_| "<transport>"))
            .finish()
    }
}

impl Client {
    /// A client for `baseurl` whose requests all go through `signer`.
    pub fn with_signer(baseurl: &str, signer: impl RequestSigner + 'static) -> Self {
        Self::new(baseurl, Inner::new().with_signer(signer))
    }
}

impl ClientHooks<Inner> for Client {
    async fn pre<E>(
        &self,
        request: &mut reqwest::Request,
        info: &OperationInfo,
    ) -> Result<(), Error<E>> {
        crate::wire::apply(request).map_err(Error::InvalidRequest)?;
        if let Some(signer) = &self.inner.signer {
            signer
                .sign(request, info.operation_id)
                .map_err(|e| Error::Custom(format!("signing {} failed: {e}", info.operation_id)))?;
        }
        Ok(())
    }

    async fn exec(
        &self,
        request: reqwest::Request,
        info: &OperationInfo,
    ) -> reqwest::Result<reqwest::Response> {
        match &self.inner.transport {
            Some(transport) => transport.execute(&self.client, request, info.operation_id).await,
            None => self.client.execute(request).await,
        }
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
