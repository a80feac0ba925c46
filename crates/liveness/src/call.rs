//! The call engine shared by every vendor client: it sends one operation through a generated
//! client, caps and keeps the response body, turns progenitor's errors into [`Error`], retries
//! what is safe to retry, and traces the call.
//!
//! Vendor modules supply what differs: how to build the generated request (a closure called once
//! per attempt, so each attempt is signed afresh) and how to read vendor errors out of a decoded
//! response ([`Inspect`]).

use std::fmt;
use std::future::Future;
use std::sync::{Arc, Mutex};
use std::time::Instant;

use bytes::{Bytes, BytesMut};
use futures_util::StreamExt;
use liveness_runtime::{GeneratedClient, Inner, RequestSigner};
use progenitor_client::{Error as GenError, ResponseValue};
use secrecy::{ExposeSecret, SecretString};
use tracing::Instrument;

use crate::Error;
use crate::error::{RawBody, TransportKind, Vendor, VendorError};
use crate::options::HttpOptions;
use crate::ratelimit::{Account, Limiter};

/// What a decoded success body says about itself.
pub(crate) trait Inspect {
    /// The vendor's request id, for logs.
    fn request_id(&self) -> Option<String> {
        None
    }
    /// An error the vendor reported inside a successful HTTP response (Tencent, TrustDecision).
    fn vendor_error(&self) -> Option<VendorError> {
        None
    }
    /// Like [`Inspect::vendor_error`], for vendors that also need the response headers (Tencent
    /// reads the server's clock from `Date`).
    fn vendor_error_with_headers(&self, _headers: &http::HeaderMap) -> Option<VendorError> {
        self.vendor_error()
    }
}

/// What a decoded error body (progenitor's `ErrorResponse`) says.
pub(crate) trait InspectError {
    /// The vendor's error, if this body carries one.
    fn vendor_error(&self, status: u16) -> Option<VendorError>;
}

impl InspectError for () {
    fn vendor_error(&self, _status: u16) -> Option<VendorError> {
        None
    }
}

impl InspectError for progenitor_client::ByteStream {
    fn vendor_error(&self, _status: u16) -> Option<VendorError> {
        None
    }
}

/// A successful call: the decoded value and the exchange it came from, kept for audit.
#[derive(Debug, Clone)]
pub struct Response<T> {
    /// The decoded body.
    pub value: T,
    /// The HTTP status.
    pub status: u16,
    /// The response headers.
    pub headers: http::HeaderMap,
    /// The body exactly as received.
    pub raw: Bytes,
    /// The vendor's request id, where it gives one.
    pub request_id: Option<String>,
    /// How many attempts the call took.
    pub attempts: u32,
}

impl<T> Response<T> {
    /// The same response with its value transformed.
    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> Response<U> {
        Response {
            value: f(self.value),
            status: self.status,
            headers: self.headers,
            raw: self.raw,
            request_id: self.request_id,
            attempts: self.attempts,
        }
    }
}

/// The response as the transport saw it.
#[derive(Debug, Clone)]
struct Recorded {
    status: u16,
    headers: http::HeaderMap,
    body: Bytes,
    oversize: bool,
}

/// One attempt's transport: sends the request, reads the body up to the cap, records it, and
/// hands progenitor a response rebuilt from the bytes read.
#[derive(Debug)]
pub(crate) struct Exchange {
    max_body_bytes: usize,
    recorded: Mutex<Option<Recorded>>,
    /// Told of the request as it leaves, secrets masked.
    observer: Option<Observer>,
}

/// An [`HttpOptions::on_request`] hook and what it must never see.
#[derive(Debug, Clone)]
struct Observer {
    hook: crate::options::RequestHook,
    secrets: Vec<SecretString>,
}

impl Observer {
    fn tell(&self, request: &reqwest::Request) {
        let url = crate::credentials::mask(request.url().as_str(), &self.secrets);
        (self.hook.0)(&crate::options::SentRequest {
            method: request.method().to_string(),
            url,
            header_names: request
                .headers()
                .keys()
                .map(|name| name.as_str().to_owned())
                .collect(),
        });
    }
}

impl Exchange {
    fn new(max_body_bytes: usize, observer: Option<Observer>) -> Arc<Self> {
        Arc::new(Self {
            max_body_bytes,
            recorded: Mutex::new(None),
            observer,
        })
    }

    /// What the transport recorded; taken, not cloned (each exchange serves one attempt).
    fn recorded(&self) -> Option<Recorded> {
        self.recorded
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .take()
    }

    /// Sends `request`; URLs are stripped from errors because TrustDecision's carries its key.
    pub(crate) async fn run(
        &self,
        client: &reqwest::Client,
        request: reqwest::Request,
    ) -> reqwest::Result<reqwest::Response> {
        if let Some(observer) = &self.observer {
            observer.tell(&request);
        }
        let response = client
            .execute(request)
            .await
            .map_err(reqwest::Error::without_url)?;
        let status = response.status();
        let version = response.version();
        let mut headers = response.headers().clone();
        let cap = self.max_body_bytes;
        let mut oversize = response
            .content_length()
            .is_some_and(|len| len > cap as u64);
        // A body that arrives in one chunk (most JSON answers) is kept without a copy; longer
        // ones are gathered into one buffer sized from Content-Length when there is one.
        let expected = response.content_length().unwrap_or(0).min(cap as u64) as usize;
        let mut first: Option<Bytes> = None;
        let mut gathered: Option<BytesMut> = None;
        let mut received = 0usize;
        if !oversize {
            let mut stream = response.bytes_stream();
            while let Some(chunk) = stream.next().await {
                let chunk = chunk.map_err(reqwest::Error::without_url)?;
                received += chunk.len();
                if received > cap {
                    oversize = true;
                    break;
                }
                match (&mut first, &mut gathered) {
                    (None, None) => first = Some(chunk),
                    (Some(_), None) => {
                        let mut buffer = BytesMut::with_capacity(expected.max(received));
                        buffer.extend_from_slice(&first.take().unwrap_or_default());
                        buffer.extend_from_slice(&chunk);
                        gathered = Some(buffer);
                    }
                    (_, Some(buffer)) => buffer.extend_from_slice(&chunk),
                }
            }
        }
        let body = match (oversize, gathered, first) {
            (true, _, _) => Bytes::new(),
            (false, Some(buffer), _) => buffer.freeze(),
            (false, None, first) => first.unwrap_or_default(),
        };
        headers.remove(http::header::CONTENT_LENGTH);
        headers.remove(http::header::TRANSFER_ENCODING);
        *self.recorded.lock().unwrap_or_else(|e| e.into_inner()) = Some(Recorded {
            status: status.as_u16(),
            headers: headers.clone(),
            body: body.clone(),
            oversize,
        });
        let mut rebuilt = http::Response::new(body);
        *rebuilt.status_mut() = status;
        *rebuilt.version_mut() = version;
        *rebuilt.headers_mut() = headers;
        Ok(reqwest::Response::from(rebuilt))
    }
}

/// The exchange is every generated client's transport (one trait, from `liveness-runtime`):
/// it times, caps and records what the client sends.
impl liveness_runtime::Transport for Exchange {
    fn execute<'a>(
        &'a self,
        client: &'a reqwest::Client,
        request: reqwest::Request,
        _operation_id: &'static str,
    ) -> liveness_runtime::BoxFuture<'a, reqwest::Result<reqwest::Response>> {
        Box::pin(self.run(client, request))
    }
}

/// How one operation is called: its id and whether it is safe to send twice, from the
/// generated crate's `operations` table (the spec's `x-idempotent`).
pub(crate) use liveness_runtime::Operation;

/// The shared part of every vendor client: where it sends, how (HTTP client, options, rate
/// limit), how requests are signed, and what is masked in anything shown.
pub(crate) struct Caller {
    pub vendor: Vendor,
    pub http: reqwest::Client,
    pub options: HttpOptions,
    base_url: String,
    signer: Arc<dyn RequestSigner>,
    limiter: Option<Limiter>,
    secrets: Vec<SecretString>,
}

// The signer holds credentials: it is never shown (the secrets print as `[REDACTED]`).
impl fmt::Debug for Caller {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Caller")
            .field("vendor", &self.vendor)
            .field("base_url", &self.base_url)
            .field("options", &self.options)
            .field("secrets", &self.secrets)
            .finish_non_exhaustive()
    }
}

impl Caller {
    /// Requests go to `base_url` (already checked), signed by `signer`; `secrets` are masked
    /// wherever a response body or decoder message is shown; a shared rate limit is spent
    /// from `account`'s budget.
    pub(crate) fn new(
        vendor: Vendor,
        options: HttpOptions,
        secrets: Vec<SecretString>,
        base_url: String,
        signer: Arc<dyn RequestSigner>,
        account: Account<'_>,
    ) -> Result<Self, Error> {
        Ok(Self {
            vendor,
            http: options.build_client()?,
            limiter: Limiter::new(vendor, &options, account)?,
            options,
            base_url,
            signer,
            secrets,
        })
    }

    /// The base URL requests go to.
    pub(crate) fn base_url(&self) -> &str {
        &self.base_url
    }

    /// [`crate::endpoint::check_id`] for this caller's vendor: `id` (`what` names it) may go
    /// in `place` of `operation`.
    pub(crate) fn check_id(
        &self,
        operation: Operation,
        what: &str,
        id: &str,
        place: crate::endpoint::IdIn,
    ) -> Result<(), Error> {
        crate::endpoint::check_id(self.vendor, operation.id, what, id, place)
    }

    /// Runs `operation` (see [`Caller::call`]) through a generated client `G` for this caller's
    /// base URL, signer and transport; `request` builds the request on it and sends it.
    pub(crate) async fn send<G, T, E, F, Fut>(
        &self,
        operation: Operation,
        mut request: F,
    ) -> Result<Response<T>, Error>
    where
        G: GeneratedClient,
        T: Inspect,
        E: InspectError,
        F: FnMut(G) -> Fut,
        Fut: Future<Output = Result<ResponseValue<T>, GenError<E>>>,
    {
        self.call(operation, |exchange| {
            let inner = Inner::new()
                .with_shared_signer(self.signer.clone())
                .with_transport(exchange);
            request(G::from_parts(&self.base_url, self.http.clone(), inner))
        })
        .await
    }

    fn mask(&self, text: &str) -> String {
        crate::credentials::mask(text, &self.secrets)
    }

    /// `bytes` kept for an error, with this caller's secrets masked.
    pub(crate) fn raw_body(&self, bytes: Bytes) -> RawBody {
        let secrets: Vec<&str> = self.secrets.iter().map(|s| s.expose_secret()).collect();
        RawBody::new(bytes, &secrets)
    }

    /// Runs `operation` with the retry policy and traces it. `attempt` builds and sends the
    /// request through a generated client that uses the given transport.
    pub(crate) async fn call<T, E, F, Fut>(
        &self,
        operation: Operation,
        mut attempt: F,
    ) -> Result<Response<T>, Error>
    where
        T: Inspect,
        E: InspectError,
        F: FnMut(Arc<Exchange>) -> Fut,
        Fut: Future<Output = Result<ResponseValue<T>, GenError<E>>>,
    {
        let span = tracing::info_span!(
            "liveness.call",
            vendor = self.vendor.as_str(),
            operation = operation.id,
            status = tracing::field::Empty,
            request_id = tracing::field::Empty,
            attempts = tracing::field::Empty,
            latency_ms = tracing::field::Empty,
        );
        let started = Instant::now();
        let policy = &self.options.retry;
        // Read when the total deadline cuts the loop off, so the span still says how many ran.
        let made = std::sync::atomic::AtomicU32::new(0);
        let attempts = async {
            let mut n = 0;
            loop {
                n += 1;
                made.store(n, std::sync::atomic::Ordering::Relaxed);
                if let Some(limiter) = &self.limiter {
                    let asked = Instant::now();
                    let decided = limiter.acquire(self.vendor, operation.id).await;
                    crate::metrics::rate_limit_wait(self.vendor, operation.id, asked.elapsed());
                    if let Err(error) = decided {
                        // Nothing was sent this time round.
                        return Err((error, n - 1));
                    }
                }
                let observer = self.options.on_request.clone().map(|hook| Observer {
                    hook,
                    secrets: self.secrets.clone(),
                });
                let exchange = Exchange::new(self.options.max_body_bytes, observer);
                let sent = attempt(exchange.clone())
                    .instrument(tracing::debug_span!("attempt"))
                    .await;
                match self.settle(&operation, &exchange, sent) {
                    Ok(mut response) => {
                        response.attempts = n;
                        return Ok(response);
                    }
                    Err(error) if n < policy.attempts() && retryable(&error, &operation) => {
                        let wait = policy.delay_after(n);
                        tracing::debug!(attempt = n, wait_ms = wait.as_millis() as u64, error = %error, "retrying");
                        tokio::time::sleep(wait).await;
                    }
                    Err(error) => return Err((error, n)),
                }
            }
        };
        let attempts = attempts.instrument(span.clone());
        let outcome = match policy.total_deadline() {
            Some(deadline) => match tokio::time::timeout(deadline, attempts).await {
                Ok(outcome) => outcome,
                Err(_) => Err((
                    Error::Transport {
                        vendor: self.vendor,
                        operation: operation.id,
                        kind: TransportKind::Timeout,
                        source: None,
                    },
                    made.load(std::sync::atomic::Ordering::Relaxed),
                )),
            },
            None => attempts.await,
        };
        let elapsed = started.elapsed();
        let made = match &outcome {
            Ok(response) => response.attempts,
            Err((_, attempts)) => *attempts,
        };
        let error = outcome.as_ref().err().map(|(error, _)| error);
        crate::metrics::call(
            self.vendor,
            operation.id,
            crate::metrics::outcome(error),
            elapsed,
            made,
        );
        let latency_ms = elapsed.as_millis() as u64;
        span.record("latency_ms", latency_ms);
        let _entered = span.enter();
        match outcome {
            Ok(response) => {
                span.record("status", response.status);
                span.record("attempts", response.attempts);
                if let Some(id) = &response.request_id {
                    span.record("request_id", id.as_str());
                }
                tracing::info!("call succeeded");
                Ok(response)
            }
            Err((error, attempts)) => {
                if let Some(status) = error.status() {
                    span.record("status", status);
                }
                span.record("attempts", attempts);
                tracing::warn!(error = %error, "call failed");
                Err(error)
            }
        }
    }

    /// What one attempt came to: the generated client's `result`, read with what `exchange`
    /// recorded of the response (status, headers, body as received, whether it was too large).
    fn settle<T: Inspect, E: InspectError>(
        &self,
        operation: &Operation,
        exchange: &Exchange,
        result: Result<ResponseValue<T>, GenError<E>>,
    ) -> Result<Response<T>, Error> {
        let recorded = exchange.recorded();
        let op = operation.id;
        let vendor = self.vendor;
        if recorded.as_ref().is_some_and(|r| r.oversize) {
            return Err(Error::BodyTooLarge {
                vendor,
                operation: op,
                limit: self.options.max_body_bytes,
            });
        }
        let (status, body, headers) = recorded
            .map(|r| (r.status, r.body, r.headers))
            .unwrap_or_default();
        match result {
            Ok(value) => {
                // Logged in the span: a server echoing the request must not put a secret there.
                let request_id = value.request_id().map(|id| self.mask(&id));
                if let Some(mut error) = value.vendor_error_with_headers(&headers) {
                    error.redact(&|text| self.mask(text));
                    return Err(Error::Vendor {
                        vendor,
                        operation: op,
                        status,
                        error: Box::new(error),
                        body: self.raw_body(body),
                    });
                }
                let status = value.status().as_u16();
                Ok(Response {
                    value: value.into_inner(),
                    status,
                    headers,
                    raw: body,
                    request_id,
                    attempts: 1,
                })
            }
            Err(GenError::InvalidRequest(message)) => Err(Error::InvalidRequest {
                vendor,
                operation: op,
                message,
            }),
            // A signer refused (e.g. malformed credentials); its message carries no secret.
            Err(GenError::Custom(message)) => Err(Error::Signing {
                vendor,
                operation: op,
                message,
            }),
            Err(GenError::CommunicationError(e)) | Err(GenError::ResponseBodyError(e)) => {
                Err(transport(vendor, op, e))
            }
            Err(GenError::InvalidUpgrade(e)) => Err(transport(vendor, op, e)),
            Err(GenError::ErrorResponse(value)) => {
                let status = value.status().as_u16();
                match value.into_inner().vendor_error(status) {
                    Some(mut error) => {
                        error.redact(&|text| self.mask(text));
                        Err(Error::Vendor {
                            vendor,
                            operation: op,
                            status,
                            error: Box::new(error),
                            body: self.raw_body(body),
                        })
                    }
                    None => Err(Error::Status {
                        vendor,
                        operation: op,
                        status,
                        body: self.raw_body(body),
                    }),
                }
            }
            Err(GenError::UnexpectedResponse(response)) => Err(Error::Status {
                vendor,
                operation: op,
                status: response.status().as_u16(),
                body: self.raw_body(body),
            }),
            Err(GenError::InvalidResponsePayload(bytes, e)) => Err(Error::Decode {
                vendor,
                operation: op,
                status,
                message: self.mask(&e.to_string()),
                body: self.raw_body(bytes),
            }),
        }
    }
}

fn transport(vendor: Vendor, operation: &'static str, error: reqwest::Error) -> Error {
    let kind = if error.is_timeout() {
        TransportKind::Timeout
    } else if error.is_connect() {
        TransportKind::Connect
    } else {
        TransportKind::Other
    };
    Error::Transport {
        vendor,
        operation,
        kind,
        source: Some(error.without_url()),
    }
}

/// Whether `error` is worth another attempt of `operation`.
fn retryable(error: &Error, operation: &Operation) -> bool {
    match error {
        Error::Transport { kind, .. } => *kind == TransportKind::Connect || operation.idempotent,
        Error::Status { status, .. } => {
            *status == 429 || (operation.idempotent && (500..600).contains(status))
        }
        // A vendor error sent with a 5xx (Verifik's 500) may follow a request that took effect;
        // one sent with HTTP 200 (Tencent's, TrustDecision's codes) was refused before acting.
        Error::Vendor { status, error, .. } => {
            *status == 429
                || ((operation.idempotent || !(500..600).contains(status)) && error.retryable())
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::options::RetryPolicy;

    #[derive(Debug)]
    struct Nothing;
    impl Inspect for Nothing {}

    /// The builders refuse malformed credentials, so a signer refusal is defence in depth,
    /// reached here directly: a progenitor `Custom` error from the signer.
    #[tokio::test]
    async fn a_signer_refusal_is_a_signing_error_naming_vendor_and_operation_never_retried() {
        let options = HttpOptions::default().retry(RetryPolicy::standard());
        let signer = Arc::new(|_: &mut reqwest::Request, _: &str| Ok(()));
        let caller = Caller::new(
            Vendor::Tencent,
            options,
            vec![],
            "http://127.0.0.1:9".into(),
            signer,
            Account::Id("test"),
        )
        .expect("caller");
        let mut attempts = 0;
        let operation = Operation {
            id: "get_liveness_result",
            idempotent: true,
        };
        let error = caller
            .call::<Nothing, (), _, _>(operation, |_exchange| {
                attempts += 1;
                std::future::ready(Err(GenError::Custom(
                    "the Tencent SecretId is empty".into(),
                )))
            })
            .await
            .expect_err("the signer refused");
        assert_eq!(attempts, 1);
        match &error {
            Error::Signing {
                vendor,
                operation,
                message,
            } => {
                assert_eq!(*vendor, Vendor::Tencent);
                assert_eq!(*operation, "get_liveness_result");
                assert_eq!(message, "the Tencent SecretId is empty");
            }
            other => panic!("not a signing error: {other:?}"),
        }
        assert_eq!(
            error.to_string(),
            "tencent get_liveness_result: could not sign the request, nothing was sent: \
             the Tencent SecretId is empty"
        );
    }
}
