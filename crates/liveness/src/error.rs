//! The one error type every client returns.
//!
//! Messages say what happened and what to do next. They never contain a credential: URLs are
//! dropped from transport errors (TrustDecision carries its key in the query), and any known
//! secret found in a vendor's body is masked before the body is shown.

use std::fmt;

use bytes::Bytes;

pub use liveness_vendor::Vendor;

/// How much of a body [`RawBody`]'s `Display` shows.
const SHOWN_BODY_CHARS: usize = 512;

/// A response body kept for diagnosis: the exact bytes, and a short text safe to show.
#[derive(Clone, PartialEq, Eq)]
pub struct RawBody {
    bytes: Bytes,
    shown: String,
}

impl RawBody {
    /// Keeps `bytes`; the shown text is truncated and has every string in `secrets` masked.
    pub(crate) fn new(bytes: Bytes, secrets: &[&str]) -> Self {
        let mut shown: String = String::from_utf8_lossy(&bytes).into_owned();
        for secret in secrets.iter().filter(|s| !s.is_empty()) {
            shown = shown.replace(secret, "[REDACTED]");
        }
        if shown.chars().count() > SHOWN_BODY_CHARS {
            let cut: String = shown.chars().take(SHOWN_BODY_CHARS).collect();
            shown = format!("{cut}… ({} bytes in all)", bytes.len());
        }
        Self { bytes, shown }
    }

    /// The body exactly as received (not redacted: it is what the vendor sent).
    pub fn bytes(&self) -> &Bytes {
        &self.bytes
    }

    /// The body as (lossy) UTF-8 text, truncated, with known secrets masked.
    pub fn shown(&self) -> &str {
        &self.shown
    }
}

impl fmt::Display for RawBody {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.shown)
    }
}

impl fmt::Debug for RawBody {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RawBody")
            .field("len", &self.bytes.len())
            .field("shown", &self.shown)
            .finish()
    }
}

/// What kind of transport failure happened.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum TransportKind {
    /// The connection could not be made (refused, DNS, TLS).
    Connect,
    /// The connect or request timeout, or the retry deadline, ran out.
    Timeout,
    /// The connection broke while sending or receiving.
    Other,
}

/// What the call engine needs from a vendor's own error type. Each vendor implements it beside
/// its error (`src/<vendor>/error.rs`), so the engine and [`VendorError`] name no vendor.
pub(crate) trait VendorFault: fmt::Display {
    /// Busy or failed inside: worth another attempt.
    fn retryable(&self) -> bool;
    /// Masks known secrets in every text the vendor sent back (a vendor may echo a request).
    fn redact(&mut self, mask: &dyn Fn(&str) -> String);
}

/// [`VendorError`], one variant per vendor that reports errors in its bodies, each behind its
/// feature; and the one place that dispatches to a variant's [`VendorFault`].
macro_rules! vendor_errors {
    ($($(#[doc = $doc:literal])* $feature:literal => $variant:ident($error:ty),)+) => {
        /// An error a vendor reported in a well-formed response.
        #[derive(Debug, Clone, PartialEq)]
        #[non_exhaustive]
        pub enum VendorError {
            $($(#[doc = $doc])* #[cfg(feature = $feature)] $variant($error),)+
        }

        impl VendorError {
            fn fault(&self) -> Option<&dyn VendorFault> {
                match self {
                    $(#[cfg(feature = $feature)] VendorError::$variant(e) => Some(e),)+
                    #[allow(unreachable_patterns)]
                    _ => None,
                }
            }

            fn fault_mut(&mut self) -> Option<&mut dyn VendorFault> {
                match self {
                    $(#[cfg(feature = $feature)] VendorError::$variant(e) => Some(e),)+
                    #[allow(unreachable_patterns)]
                    _ => None,
                }
            }
        }
    };
}

vendor_errors! {
    /// Tencent's `Response.Error` (sent with HTTP 200).
    "tencent" => Tencent(crate::tencent::TencentError),
    /// A TrustDecision `code` that is not a result (parameters, account, internal).
    "trustdecision" => TrustDecision(crate::trustdecision::TrustDecisionError),
    /// Verifik's error body (`{code|error, message}`) with its HTTP status.
    "verifik" => Verifik(crate::verifik::VerifikError),
}

impl VendorError {
    /// Masks known secrets in the vendor's message (a vendor may echo a request back).
    pub(crate) fn redact(&mut self, mask: &dyn Fn(&str) -> String) {
        if let Some(fault) = self.fault_mut() {
            fault.redact(mask);
        }
    }

    /// Whether the vendor's code means "busy or failed inside, try again" (Tencent's
    /// `RequestLimitExceeded` and `InternalError`, TrustDecision's internal error, any Verifik
    /// 5xx).
    pub fn retryable(&self) -> bool {
        self.fault().is_some_and(|fault| fault.retryable())
    }
}

impl fmt::Display for VendorError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.fault() {
            Some(fault) => fault.fmt(f),
            None => f.write_str("vendor error"),
        }
    }
}

/// Everything that can go wrong in a call. Match on the variant; every variant names the vendor
/// and operation (where there was one).
#[derive(Debug)]
#[non_exhaustive]
pub enum Error {
    /// Missing or malformed configuration (credentials, endpoint); nothing was sent.
    Config {
        /// What is wrong and how to fix it.
        message: String,
    },
    /// The request could not be built from the arguments; nothing was sent.
    InvalidRequest {
        /// The vendor.
        vendor: Vendor,
        /// The operation (spec operationId in snake case).
        operation: &'static str,
        /// What is wrong with the arguments.
        message: String,
    },
    /// The request could not be signed (a malformed credential, a header value that would
    /// forge headers); nothing was sent.
    Signing {
        /// The vendor.
        vendor: Vendor,
        /// The operation.
        operation: &'static str,
        /// What the signer refused. It never holds a secret.
        message: String,
    },
    /// The request did not complete: connection, timeout or broken transfer.
    Transport {
        /// The vendor.
        vendor: Vendor,
        /// The operation.
        operation: &'static str,
        /// Connect, timeout or other.
        kind: TransportKind,
        /// The underlying error, with its URL removed.
        source: Option<reqwest::Error>,
    },
    /// The vendor answered with an HTTP status the operation does not expect to succeed with.
    Status {
        /// The vendor.
        vendor: Vendor,
        /// The operation.
        operation: &'static str,
        /// The HTTP status.
        status: u16,
        /// The body, kept.
        body: RawBody,
    },
    /// The vendor reported an error in a well-formed response.
    Vendor {
        /// The vendor.
        vendor: Vendor,
        /// The operation.
        operation: &'static str,
        /// The HTTP status it came with.
        status: u16,
        /// The vendor's own code and message.
        error: Box<VendorError>,
        /// The body, kept.
        body: RawBody,
    },
    /// The response body could not be decoded.
    Decode {
        /// The vendor.
        vendor: Vendor,
        /// The operation.
        operation: &'static str,
        /// The HTTP status.
        status: u16,
        /// What the decoder said.
        message: String,
        /// The body, kept.
        body: RawBody,
    },
    /// The response body was larger than the configured cap; reading stopped there.
    BodyTooLarge {
        /// The vendor.
        vendor: Vendor,
        /// The operation.
        operation: &'static str,
        /// The cap, in bytes.
        limit: usize,
    },
    /// The shared rate limiter could not decide (its Redis is down or slow) and its policy is
    /// fail-closed; nothing was sent. Not retried within the call: the policy is to fail fast.
    RateLimiter {
        /// The vendor.
        vendor: Vendor,
        /// The operation.
        operation: &'static str,
        /// What went wrong with Redis. It never holds the Redis password.
        message: String,
    },
}

impl Error {
    pub(crate) fn config(message: impl Into<String>) -> Self {
        Error::Config {
            message: message.into(),
        }
    }

    /// The vendor the call went to, if a call was made.
    pub fn vendor(&self) -> Option<Vendor> {
        match self {
            Error::Config { .. } => None,
            Error::InvalidRequest { vendor, .. }
            | Error::Signing { vendor, .. }
            | Error::Transport { vendor, .. }
            | Error::Status { vendor, .. }
            | Error::Vendor { vendor, .. }
            | Error::Decode { vendor, .. }
            | Error::BodyTooLarge { vendor, .. }
            | Error::RateLimiter { vendor, .. } => Some(*vendor),
        }
    }

    /// Whether the failure is transient, so that another attempt may succeed: any transport
    /// failure, HTTP 429 or 5xx, or a vendor code that means busy or an internal error.
    ///
    /// Whether another attempt is *safe* is a separate question: a call that may charge or
    /// create (Verifik's create) is retried by [`RetryPolicy`](crate::RetryPolicy) only when
    /// the request cannot have taken effect (see its table).
    pub fn is_retryable(&self) -> bool {
        match self {
            Error::Transport { .. } => true,
            Error::Status { status, .. } => *status == 429 || (500..600).contains(status),
            Error::Vendor { status, error, .. } => *status == 429 || error.retryable(),
            Error::Config { .. }
            | Error::InvalidRequest { .. }
            | Error::Signing { .. }
            | Error::Decode { .. }
            | Error::BodyTooLarge { .. }
            | Error::RateLimiter { .. } => false,
        }
    }

    /// The response body, where one was received and kept.
    pub fn body(&self) -> Option<&RawBody> {
        match self {
            Error::Status { body, .. }
            | Error::Vendor { body, .. }
            | Error::Decode { body, .. } => Some(body),
            _ => None,
        }
    }

    /// The HTTP status, where a response was received.
    pub fn status(&self) -> Option<u16> {
        match self {
            Error::Status { status, .. }
            | Error::Vendor { status, .. }
            | Error::Decode { status, .. } => Some(*status),
            _ => None,
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Config { message } => write!(f, "configuration error: {message}"),
            Error::InvalidRequest {
                vendor,
                operation,
                message,
            } => write!(f, "{vendor} {operation}: invalid request: {message}"),
            Error::Signing {
                vendor,
                operation,
                message,
            } => write!(
                f,
                "{vendor} {operation}: could not sign the request, nothing was sent: {message}"
            ),
            Error::Transport {
                vendor,
                operation,
                kind,
                source,
            } => {
                let what = match kind {
                    TransportKind::Connect => {
                        "could not connect; check the endpoint and the network"
                    }
                    TransportKind::Timeout => "timed out; raise the timeout or enable retries",
                    TransportKind::Other => "the connection failed during the exchange",
                };
                write!(f, "{vendor} {operation}: {what}")?;
                if let Some(source) = source {
                    write!(f, " ({source})")?;
                }
                Ok(())
            }
            Error::Status {
                vendor,
                operation,
                status,
                body,
            } => {
                write!(f, "{vendor} {operation}: unexpected HTTP {status}")?;
                if let Some(hint) = auth_hint(*vendor, *status) {
                    write!(f, " ({hint})")?;
                }
                write!(f, ": {body}")
            }
            Error::Vendor {
                vendor,
                operation,
                error,
                ..
            } => write!(f, "{vendor} {operation}: {error}"),
            Error::Decode {
                vendor,
                operation,
                status,
                message,
                body,
            } => write!(
                f,
                "{vendor} {operation}: could not decode the HTTP {status} response ({message}); body: {body}"
            ),
            Error::BodyTooLarge {
                vendor,
                operation,
                limit,
            } => write!(
                f,
                "{vendor} {operation}: the response body exceeds the {limit}-byte cap; raise `max_body_bytes` if this is expected"
            ),
            Error::RateLimiter {
                vendor,
                operation,
                message,
            } => write!(f, "{vendor} {operation}: nothing was sent: {message}"),
        }
    }
}

/// For an HTTP status that means "who are you": the variables that hold `vendor`'s credentials.
fn auth_hint(vendor: Vendor, status: u16) -> Option<&'static str> {
    if !matches!(status, 401 | 403) {
        return None;
    }
    Some(vendor.credential_hint())
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Transport {
                source: Some(source),
                ..
            } => Some(source),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_auth_status_names_the_credential_variables() {
        let status = |vendor, status| {
            Error::Status {
                vendor,
                operation: "get_result",
                status,
                body: RawBody::new(Bytes::from_static(b"Unauthorized"), &[]),
            }
            .to_string()
        };
        let shown = status(Vendor::Talentomobile, 401);
        assert!(shown.contains("check TALENTOMOBILE_API_KEY"), "{shown}");
        assert!(shown.ends_with(": Unauthorized"), "{shown}");
        assert!(status(Vendor::Verifik, 403).contains("VERIFIK_TOKEN"));
        assert!(status(Vendor::TrustDecision, 401).contains("TRUSTDECISION_PARTNER_KEY"));
        assert!(status(Vendor::Tencent, 401).contains("TENCENTCLOUD_SECRET_KEY"));
        assert!(!status(Vendor::Talentomobile, 404).contains("check"));
    }

    fn body(text: &'static str) -> RawBody {
        RawBody::new(Bytes::from_static(text.as_bytes()), &[])
    }

    /// One error of every variant that names a vendor, for `vendor`.
    fn every_call_error(vendor: Vendor) -> Vec<Error> {
        vec![
            Error::InvalidRequest {
                vendor,
                operation: "op",
                message: "bad id".into(),
            },
            Error::Signing {
                vendor,
                operation: "op",
                message: "the Tencent SecretId is empty".into(),
            },
            Error::Transport {
                vendor,
                operation: "op",
                kind: TransportKind::Connect,
                source: None,
            },
            Error::Status {
                vendor,
                operation: "op",
                status: 502,
                body: body("gateway"),
            },
            Error::Decode {
                vendor,
                operation: "op",
                status: 200,
                message: "expected value".into(),
                body: body("{"),
            },
            Error::BodyTooLarge {
                vendor,
                operation: "op",
                limit: 10,
            },
        ]
    }

    #[test]
    fn every_call_error_names_its_vendor_in_the_accessor_and_the_message() {
        let vendors = [
            (Vendor::Tencent, "tencent"),
            (Vendor::TrustDecision, "trustdecision"),
            (Vendor::Talentomobile, "talentomobile"),
            (Vendor::Verifik, "verifik"),
        ];
        for (vendor, name) in vendors {
            assert_eq!(vendor.to_string(), name);
            for error in every_call_error(vendor) {
                assert_eq!(error.vendor(), Some(vendor), "{error:?}");
                let shown = error.to_string();
                assert!(shown.starts_with(&format!("{name} op: ")), "{shown}");
            }
        }
        assert_eq!(Error::config("no key").vendor(), None);
    }

    #[test]
    fn transient_failures_are_retryable_and_the_rest_are_not() {
        let status = |status| Error::Status {
            vendor: Vendor::Verifik,
            operation: "op",
            status,
            body: body(""),
        };
        for code in [429, 500, 502, 503, 599] {
            assert!(status(code).is_retryable(), "{code}");
        }
        for code in [400, 401, 404, 428, 430, 499, 600] {
            assert!(!status(code).is_retryable(), "{code}");
        }
        for kind in [
            TransportKind::Connect,
            TransportKind::Timeout,
            TransportKind::Other,
        ] {
            let error = Error::Transport {
                vendor: Vendor::Verifik,
                operation: "op",
                kind,
                source: None,
            };
            assert!(error.is_retryable(), "{kind:?}");
        }
        for error in every_call_error(Vendor::Tencent)
            .into_iter()
            .filter(|e| !matches!(e, Error::Transport { .. } | Error::Status { .. }))
            .chain([Error::config("no key")])
        {
            assert!(!error.is_retryable(), "{error:?}");
        }
    }

    #[cfg(feature = "tencent")]
    #[test]
    fn a_vendor_error_is_retryable_when_its_code_says_so_or_it_came_with_429() {
        let tencent = |code: &str, status| Error::Vendor {
            vendor: Vendor::Tencent,
            operation: "op",
            status,
            error: Box::new(VendorError::Tencent(crate::tencent::TencentError {
                code: crate::tencent::ErrorCode::parse(code),
                message: String::new(),
                request_id: None,
                server_time: None,
            })),
            body: body(""),
        };
        assert!(tencent("RequestLimitExceeded", 200).is_retryable());
        assert!(tencent("InternalError", 200).is_retryable());
        assert!(!tencent("AuthFailure.SignatureFailure", 200).is_retryable());
        assert!(tencent("AuthFailure.SignatureFailure", 429).is_retryable());
    }

    #[test]
    fn a_kept_body_shows_its_length_and_masked_text_in_debug() {
        let kept = RawBody::new(Bytes::from_static(b"{\"key\":\"sk-123\"}"), &["sk-123"]);
        assert_eq!(
            format!("{kept:?}"),
            r#"RawBody { len: 16, shown: "{\"key\":\"[REDACTED]\"}" }"#
        );
    }

    #[tokio::test]
    async fn a_transport_error_keeps_reqwest_s_error_as_its_source() {
        use std::error::Error as _;
        // A port nothing listens on: reqwest's own connect error, without its URL.
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .expect("port")
            .port();
        let refused = reqwest::get(format!("http://127.0.0.1:{port}/"))
            .await
            .expect_err("nothing listens")
            .without_url();
        let error = Error::Transport {
            vendor: Vendor::Verifik,
            operation: "op",
            kind: TransportKind::Connect,
            source: Some(refused),
        };
        let source = error.source().expect("the transport error is the source");
        assert!(source.is::<reqwest::Error>(), "{source:?}");
        assert!(
            error.to_string().contains(&format!("({source})")),
            "{error}"
        );
        for other in every_call_error(Vendor::Verifik) {
            assert!(other.source().is_none(), "{other:?}");
        }
    }

    #[test]
    fn raw_body_masks_secrets_and_truncates_but_keeps_the_bytes() {
        let text = format!("{{\"echo\":\"sk-123\"}}{}", "x".repeat(2000));
        let body = RawBody::new(Bytes::from(text.clone()), &["sk-123"]);
        assert!(!body.shown().contains("sk-123"));
        assert!(body.shown().contains("[REDACTED]"));
        assert!(body.shown().contains("bytes in all"));
        assert!(body.shown().chars().count() < 600);
        assert_eq!(body.bytes().as_ref(), text.as_bytes());
        assert!(!format!("{body:?}").contains("sk-123"));
    }
}
