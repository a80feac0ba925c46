//! What every generated `liveness-<vendor>` client shares, hand-written once and type-checked
//! here rather than emitted as text into each crate.
//!
//! progenitor's `ClientHooks` can only be implemented in the crate that defines `Client`, so
//! each generated crate keeps a `hooks.rs` of a few lines that calls [`pre`] and [`exec`]. Before
//! each request is sent, [`pre`] applies the vendor's wire quirks (the generated `wire::apply`)
//! and then hands the request to the [`RequestSigner`] held in [`Inner`], if any: the body bytes
//! are final at that point, so a signer can hash them. [`exec`] sends it through the optional
//! [`Transport`], so a caller can time, cap or record the exchange.

#![deny(missing_docs)]

// The README's Rust blocks are compiled as doctests, so they stay true to the API.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

use progenitor_client::{Error, OperationInfo};

/// What a [`RequestSigner`] returns when it cannot sign. Its message must not contain secrets:
/// it ends up in progenitor's `Error::Custom`.
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

/// One operation of a generated API, as its `operations` table (emitted from the spec) lists it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Operation {
    /// The spec's operationId in snake case, e.g. `get_liveness_result`.
    pub id: &'static str,
    /// Safe to send twice (the spec's `x-idempotent`): a read, or a call whose repeat costs
    /// nothing. A call that is not may be retried only when it surely did not arrive.
    pub idempotent: bool,
}

/// A generated client built from its parts. Each generated crate implements it (in `hooks.rs`), so
/// code that serves every vendor (the facade's call engine) can build any of them.
pub trait GeneratedClient: Sized {
    /// The client for `base_url` that sends with `http` and signs and transports through `inner`.
    fn from_parts(base_url: &str, http: reqwest::Client, inner: Inner) -> Self;
}

/// A boxed, sendable future, as [`Transport::execute`] returns.
pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// Sends a prepared (and signed) request in place of `reqwest::Client::execute`, so the caller
/// can time, log, cap or record the exchange. The response it returns is what the client
/// decodes.
pub trait Transport: Send + Sync {
    /// Sends `request` with `client` (the generated client's own `reqwest::Client`).
    fn execute<'a>(
        &'a self,
        client: &'a reqwest::Client,
        request: reqwest::Request,
        operation_id: &'static str,
    ) -> BoxFuture<'a, reqwest::Result<reqwest::Response>>;
}

/// A generated client's state besides its base URL and HTTP client: an optional request signer
/// and an optional transport.
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
        Self {
            signer: Some(signer),
            ..self
        }
    }

    /// Every request is sent by `transport` instead of `reqwest::Client::execute`.
    pub fn with_transport(self, transport: Arc<dyn Transport>) -> Self {
        Self {
            transport: Some(transport),
            ..self
        }
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

/// A generated client's `ClientHooks::pre`: `wire` (the vendor's quirks) first, then the
/// signer. A wire refusal is `Error::InvalidRequest`; a signer's, `Error::Custom` naming the
/// operation. Either way nothing is sent.
// The error type is progenitor's, as its `ClientHooks::pre` returns it.
#[allow(clippy::result_large_err)]
pub fn pre<E>(
    inner: &Inner,
    request: &mut reqwest::Request,
    info: &OperationInfo,
    wire: impl FnOnce(&mut reqwest::Request) -> Result<(), String>,
) -> Result<(), Error<E>> {
    wire(request).map_err(Error::InvalidRequest)?;
    if let Some(signer) = &inner.signer {
        signer
            .sign(request, info.operation_id)
            .map_err(|e| Error::Custom(format!("signing {} failed: {e}", info.operation_id)))?;
    }
    Ok(())
}

/// A generated client's `ClientHooks::exec`: through the transport if one is plugged in, else
/// `client.execute`.
pub async fn exec(
    inner: &Inner,
    client: &reqwest::Client,
    request: reqwest::Request,
    info: &OperationInfo,
) -> reqwest::Result<reqwest::Response> {
    match &inner.transport {
        Some(transport) => transport.execute(client, request, info.operation_id).await,
        None => client.execute(request).await,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn info() -> OperationInfo {
        OperationInfo {
            operation_id: "get_result",
        }
    }

    fn request() -> reqwest::Request {
        reqwest::Request::new(
            reqwest::Method::GET,
            "http://127.0.0.1:9/x".parse().expect("url"),
        )
    }

    fn header(request: &reqwest::Request, name: &str) -> Option<String> {
        Some(request.headers().get(name)?.to_str().ok()?.to_owned())
    }

    #[test]
    fn the_wire_quirks_run_first_then_the_signer_sees_their_result() {
        let inner = Inner::new().with_signer(|r: &mut reqwest::Request, op: &str| {
            let seen = r.headers().get("x-wire").cloned().ok_or("no wire header")?;
            r.headers_mut().insert("x-signed", seen);
            r.headers_mut()
                .insert("x-op", op.parse().expect("header value"));
            Ok(())
        });
        let mut request = request();
        pre::<()>(&inner, &mut request, &info(), |r| {
            r.headers_mut()
                .insert("x-wire", reqwest::header::HeaderValue::from_static("1"));
            Ok(())
        })
        .expect("signed");
        assert_eq!(header(&request, "x-signed").as_deref(), Some("1"));
        assert_eq!(header(&request, "x-op").as_deref(), Some("get_result"));
    }

    #[test]
    fn a_wire_refusal_is_an_invalid_request_and_the_signer_is_not_called() {
        let inner = Inner::new().with_signer(|_: &mut reqwest::Request, _: &str| {
            Err::<(), SignerError>("must not be called".into())
        });
        let error = pre::<()>(&inner, &mut request(), &info(), |_| {
            Err("no such action".into())
        })
        .expect_err("refused");
        assert!(
            matches!(&error, Error::InvalidRequest(m) if m == "no such action"),
            "{error:?}"
        );
    }

    #[test]
    fn a_signer_refusal_names_the_operation() {
        let inner = Inner::new().with_signer(|_: &mut reqwest::Request, _: &str| {
            Err::<(), SignerError>("the key is empty".into())
        });
        let error = pre::<()>(&inner, &mut request(), &info(), |_| Ok(())).expect_err("refused");
        assert!(
            matches!(&error, Error::Custom(m) if m == "signing get_result failed: the key is empty"),
            "{error:?}"
        );
    }

    #[test]
    fn without_a_signer_the_request_goes_as_the_wire_left_it() {
        let mut request = request();
        pre::<()>(&Inner::new(), &mut request, &info(), |_| Ok(())).expect("unsigned");
        assert!(request.headers().is_empty());
    }

    #[test]
    fn debug_shows_whether_there_is_a_signer_never_what_it_holds() {
        let secret = String::from("sk-live-secret");
        let inner = Inner::new().with_signer(move |_: &mut reqwest::Request, _: &str| {
            let _ = &secret;
            Ok(())
        });
        let shown = format!("{inner:?}");
        assert_eq!(
            shown,
            r#"Inner { signer: Some("<signer>"), transport: None }"#
        );
        assert_eq!(
            format!("{:?}", Inner::new()),
            "Inner { signer: None, transport: None }"
        );
    }

    struct Refusing;

    impl Transport for Refusing {
        fn execute<'a>(
            &'a self,
            _client: &'a reqwest::Client,
            request: reqwest::Request,
            operation_id: &'static str,
        ) -> BoxFuture<'a, reqwest::Result<reqwest::Response>> {
            assert_eq!(operation_id, "get_result");
            assert_eq!(request.url().path(), "/x");
            // A connection to a port nothing listens on: the transport's own answer.
            Box::pin(async move {
                reqwest::Client::new()
                    .get("http://127.0.0.1:9/transport")
                    .send()
                    .await
            })
        }
    }

    #[tokio::test]
    async fn a_plugged_in_transport_sends_instead_of_the_client() {
        let inner = Inner::new().with_transport(Arc::new(Refusing));
        let error = exec(&inner, &reqwest::Client::new(), request(), &info())
            .await
            .expect_err("nothing listens on port 9");
        let url = error.url().map(|u| u.path().to_owned());
        assert_eq!(url.as_deref(), Some("/transport"), "{error:?}");
    }
}
