//! Adapters between HTTP types and the pure TC3 functions, as `aws-sigv4` has for SigV4.
//!
//! One way in ([`signing_request`]: an HTTP request's parts to a [`SigningRequest`]), one way
//! out ([`apply`]: [`SignedHeaders`] onto a [`HeaderMap`]), and the `Authorization` header read
//! back ([`ParsedAuthorization`], what a server checks). The client signs and the mock verifies
//! through these same functions, so the two sides read a request the same way.

use std::fmt;

use ::http::header::{AUTHORIZATION, CONTENT_TYPE, HeaderMap, HeaderName, HeaderValue};
use secrecy::ExposeSecret;

use super::{ALGORITHM, SignedHeaderSet, SignedHeaders, SigningRequest};

const X_TC_ACTION: HeaderName = HeaderName::from_static("x-tc-action");
const X_TC_TIMESTAMP: HeaderName = HeaderName::from_static("x-tc-timestamp");
const X_TC_TOKEN: HeaderName = HeaderName::from_static("x-tc-token");

/// An HTTP request as the signature sees it. Borrowed, so building one copies nothing.
#[derive(Debug, Clone, Copy)]
pub struct RequestParts<'a> {
    /// The method, e.g. `POST`.
    pub method: &'a str,
    /// The `Host` header as sent: with the port when it is not the scheme's default.
    pub host: &'a str,
    /// The path; `/` for every Tencent action.
    pub path: &'a str,
    /// The query string, without `?` (empty when there is none).
    pub query: &'a str,
    /// The headers; `Content-Type` and `X-TC-Action` are read from them.
    pub headers: &'a HeaderMap,
    /// The body, byte for byte as sent.
    pub body: &'a [u8],
}

/// The [`SigningRequest`] for `parts`, signed at `timestamp` (Unix seconds) for `service`
/// (e.g. `faceid`), covering `signed_headers`.
///
/// `Content-Type` and `X-TC-Action` are the first value of each header. An absent one, or one
/// that is not visible ASCII, is signed as empty: the server then computes another signature
/// and says so, which names the problem better than a signer guessing at a decoding.
pub fn signing_request<'a>(
    parts: RequestParts<'a>,
    timestamp: i64,
    service: &'a str,
    signed_headers: SignedHeaderSet,
) -> SigningRequest<'a> {
    let header = |name: &HeaderName| {
        parts
            .headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
    };
    SigningRequest {
        method: parts.method,
        host: parts.host,
        path: parts.path,
        query: parts.query,
        content_type: header(&CONTENT_TYPE),
        body: parts.body,
        action: header(&X_TC_ACTION),
        timestamp,
        service,
        signed_headers,
    }
}

/// A `reqwest::Request`'s [`RequestParts`], with the `Host` header computed from its URL:
/// reqwest adds `Host` only when it sends the request, so it is not among the headers yet.
pub struct ReqwestParts<'a> {
    request: &'a reqwest::Request,
    host: String,
    body: &'a [u8],
}

impl<'a> ReqwestParts<'a> {
    /// Reads `request`. A streaming body is refused: the signature covers the body's bytes,
    /// which a stream only produces while it is sent.
    pub fn new(request: &'a reqwest::Request) -> Result<Self, HttpError> {
        let url = request.url();
        let host = url.host_str().unwrap_or_default();
        // `Url::port` is `None` for the scheme's default port, which reqwest leaves out of Host.
        let host = match url.port() {
            Some(port) => format!("{host}:{port}"),
            None => host.to_owned(),
        };
        let body = match request.body() {
            None => &[][..],
            Some(body) => body.as_bytes().ok_or(HttpError::StreamingBody)?,
        };
        Ok(Self {
            request,
            host,
            body,
        })
    }

    /// The `Host` header reqwest will send: the URL's host, with the port when it is not the
    /// scheme's default.
    pub fn host(&self) -> &str {
        &self.host
    }

    /// The parts to pass to [`signing_request`].
    pub fn parts(&self) -> RequestParts<'_> {
        let url = self.request.url();
        RequestParts {
            method: self.request.method().as_str(),
            host: &self.host,
            path: url.path(),
            query: url.query().unwrap_or_default(),
            headers: self.request.headers(),
            body: self.body,
        }
    }
}

impl fmt::Debug for ReqwestParts<'_> {
    // The body's length, not its bytes (evidence can be megabytes).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ReqwestParts")
            .field("method", self.request.method())
            .field("host", &self.host)
            .field("body_len", &self.body.len())
            .finish_non_exhaustive()
    }
}

/// Why a request could not be read or its signature added. Names a header, never a value (a
/// value may be a secret).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum HttpError {
    /// The request's body is a stream, whose bytes are not known before it is sent.
    StreamingBody,
    /// The value of this header is not a valid HTTP header value (it has a control character).
    InvalidHeaderValue(&'static str),
}

impl fmt::Display for HttpError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            HttpError::StreamingBody => f.write_str("a streaming body cannot be signed"),
            HttpError::InvalidHeaderValue(name) => write!(
                f,
                "the {name} header cannot be sent: its value is not a valid header value"
            ),
        }
    }
}

impl std::error::Error for HttpError {}

/// Adds `signed` to `headers`, replacing any earlier values (each attempt is signed afresh):
/// `Authorization`, `X-TC-Timestamp` and, for temporary credentials, `X-TC-Token`.
///
/// `Authorization` and `X-TC-Token` are marked sensitive, so `HeaderMap`'s `Debug` hides them
/// and HTTP/2 never adds them to its compression table. Every value is checked before any is
/// inserted: on error `headers` is unchanged.
pub fn apply(signed: &SignedHeaders, headers: &mut HeaderMap) -> Result<(), HttpError> {
    let value = |name: &'static str, value: &str, sensitive: bool| {
        let mut value =
            HeaderValue::from_str(value).map_err(|_| HttpError::InvalidHeaderValue(name))?;
        value.set_sensitive(sensitive);
        Ok::<_, HttpError>(value)
    };
    let authorization = value("Authorization", &signed.authorization, true)?;
    let timestamp = value("X-TC-Timestamp", &signed.timestamp, false)?;
    let token = signed
        .token
        .as_ref()
        .map(|token| value("X-TC-Token", token.expose_secret(), true))
        .transpose()?;
    headers.insert(AUTHORIZATION, authorization);
    headers.insert(X_TC_TIMESTAMP, timestamp);
    if let Some(token) = token {
        headers.insert(X_TC_TOKEN, token);
    }
    Ok(())
}

/// An `Authorization` header read back:
/// `TC3-HMAC-SHA256 Credential=<id>/<date>/<service>/tc3_request, SignedHeaders=..., Signature=...`.
///
/// Only its shape is checked; whether the SecretId is known, the date and service right and the
/// signature correct is the verifier's business, in the order it chooses.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParsedAuthorization {
    /// The SecretId (not a secret: it travels in every request).
    pub secret_id: String,
    /// The credential scope's date, `YYYY-MM-DD` when well formed.
    pub date: String,
    /// The credential scope's service, e.g. `faceid`.
    pub service: String,
    /// The `SignedHeaders` list as sent. Kept as text so a verifier can refuse an unknown
    /// list after its other checks; [`ParsedAuthorization::signed_header_set`] types it.
    pub signed_headers: String,
    /// The `Signature`, lower-case hex when well formed.
    pub signature: String,
}

impl ParsedAuthorization {
    /// Parses an `Authorization` value: the algorithm name, then comma-separated `Name=value`
    /// fields in any order (the first of a repeated name counts).
    pub fn parse(value: &str) -> Result<Self, AuthorizationError> {
        let fields = value
            .strip_prefix(ALGORITHM)
            .ok_or(AuthorizationError::MissingAlgorithm)?;
        let field = |name: &'static str| {
            fields
                .split(',')
                .filter_map(|part| part.trim().split_once('='))
                .find(|(key, _)| *key == name)
                .map(|(_, value)| value)
                .ok_or(AuthorizationError::MissingField(name))
        };
        let credential = field("Credential")?;
        let signed_headers = field("SignedHeaders")?;
        let signature = field("Signature")?;
        let mut scope = credential.split('/');
        let (Some(secret_id), Some(date), Some(service), Some("tc3_request"), None) = (
            scope.next(),
            scope.next(),
            scope.next(),
            scope.next(),
            scope.next(),
        ) else {
            return Err(AuthorizationError::MalformedCredential);
        };
        Ok(Self {
            secret_id: secret_id.to_owned(),
            date: date.to_owned(),
            service: service.to_owned(),
            signed_headers: signed_headers.to_owned(),
            signature: signature.to_owned(),
        })
    }

    /// The [`SignedHeaderSet`] named by `SignedHeaders`, if it is one this crate signs.
    pub fn signed_header_set(&self) -> Option<SignedHeaderSet> {
        [
            SignedHeaderSet::ContentTypeHost,
            SignedHeaderSet::ContentTypeHostAction,
        ]
        .into_iter()
        .find(|set| set.names() == self.signed_headers)
    }
}

/// Which part of an `Authorization` value is wrong. Its `Display` is the message Tencent's
/// `AuthFailure.InvalidAuthorization` carries in the mock, so it is shown to clients as is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum AuthorizationError {
    /// The value does not start with `TC3-HMAC-SHA256`.
    MissingAlgorithm,
    /// This field (`Credential`, `SignedHeaders` or `Signature`) is absent; the first missing
    /// one is named.
    MissingField(&'static str),
    /// `Credential` is not `<id>/<date>/<service>/tc3_request`.
    MalformedCredential,
}

impl fmt::Display for AuthorizationError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            AuthorizationError::MissingAlgorithm => {
                "Authorization must start with TC3-HMAC-SHA256."
            }
            // One message for the three: a client missing one usually misses the format.
            AuthorizationError::MissingField(_) => {
                "Authorization needs Credential, SignedHeaders and Signature."
            }
            AuthorizationError::MalformedCredential => {
                "Credential must be SecretId/Date/Service/tc3_request."
            }
        })
    }
}

impl std::error::Error for AuthorizationError {}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tencent::tc3::{self, Credentials};
    use secrecy::SecretString;

    const ID: &str = "AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE";
    const KEY: &str = "Gu5t9xGARNpq86cd98joQYCN3EXAMPLEKEY";
    const TOKEN: &str = "session-token-EXAMPLE";
    /// 2019-02-25T00:44:20Z.
    const TIMESTAMP: i64 = 1_551_055_460;

    fn credentials() -> Credentials {
        Credentials::new(ID, SecretString::from(KEY)).unwrap()
    }

    fn json_headers() -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert(
            CONTENT_TYPE,
            HeaderValue::from_static("application/json; charset=utf-8"),
        );
        headers.insert(X_TC_ACTION, HeaderValue::from_static("DescribeInstances"));
        headers
    }

    fn signed(token: Option<&str>) -> SignedHeaders {
        SignedHeaders {
            authorization: "TC3-HMAC-SHA256 Credential=a/b/c/tc3_request".to_owned(),
            timestamp: TIMESTAMP.to_string(),
            token: token.map(SecretString::from),
        }
    }

    #[test]
    fn a_request_signed_from_its_headers_parses_back_field_by_field() {
        let mut headers = json_headers();
        let body = br#"{"Limit": 1}"#;
        let parts = RequestParts {
            method: "POST",
            host: "cvm.tencentcloudapi.com",
            path: "/",
            query: "",
            headers: &headers,
            body,
        };
        let set = SignedHeaderSet::ContentTypeHostAction;
        let request = signing_request(parts, TIMESTAMP, "cvm", set);
        assert_eq!(request.content_type, "application/json; charset=utf-8");
        assert_eq!(request.action, "DescribeInstances");
        let credentials = credentials().with_token(SecretString::from(TOKEN)).unwrap();
        let signed = tc3::sign(&request, &credentials).unwrap();
        // The same signature as the fields spelled out by hand: the adapter read the right
        // headers.
        let by_hand = SigningRequest {
            method: "POST",
            host: "cvm.tencentcloudapi.com",
            path: "/",
            query: "",
            content_type: "application/json; charset=utf-8",
            body,
            action: "DescribeInstances",
            timestamp: TIMESTAMP,
            service: "cvm",
            signed_headers: set,
        };
        assert_eq!(
            signed.authorization,
            tc3::sign(&by_hand, &credentials).unwrap().authorization
        );

        apply(&signed, &mut headers).unwrap();
        let authorization = headers[AUTHORIZATION].to_str().unwrap();
        assert_eq!(authorization, signed.authorization);
        assert_eq!(headers[X_TC_TIMESTAMP], "1551055460");
        assert_eq!(headers[X_TC_TOKEN], TOKEN);
        let parsed = ParsedAuthorization::parse(authorization).unwrap();
        let key = tc3::SigningKey::derive(&SecretString::from(KEY), "2019-02-25", "cvm");
        let canonical = tc3::canonical_request(&by_hand).unwrap();
        let scope = tc3::credential_scope("2019-02-25", "cvm");
        let expected_signature = key.signature(&tc3::string_to_sign(TIMESTAMP, &scope, &canonical));
        assert_eq!(
            parsed,
            ParsedAuthorization {
                secret_id: ID.to_owned(),
                date: "2019-02-25".to_owned(),
                service: "cvm".to_owned(),
                signed_headers: "content-type;host;x-tc-action".to_owned(),
                signature: expected_signature,
            }
        );
        assert_eq!(parsed.signed_header_set(), Some(set));
    }

    #[test]
    fn absent_or_unreadable_headers_are_signed_as_empty() {
        let mut headers = HeaderMap::new();
        headers.insert(CONTENT_TYPE, HeaderValue::from_bytes(b"caf\xe9").unwrap());
        let parts = RequestParts {
            method: "GET",
            host: "h",
            path: "/p",
            query: "a=1",
            headers: &headers,
            body: b"",
        };
        let request = signing_request(parts, 7, "faceid", SignedHeaderSet::ContentTypeHost);
        assert_eq!(
            (request.content_type, request.action),
            ("", ""),
            "{request:?}"
        );
        assert_eq!(
            (request.method, request.path, request.query),
            ("GET", "/p", "a=1")
        );
    }

    #[test]
    fn the_signed_header_set_is_one_this_crate_signs_or_none() {
        let parse = |list: &str| {
            ParsedAuthorization::parse(&format!(
                "{ALGORITHM} Credential=i/d/s/tc3_request, SignedHeaders={list}, Signature=00"
            ))
            .unwrap()
            .signed_header_set()
        };
        assert_eq!(
            parse("content-type;host"),
            Some(SignedHeaderSet::ContentTypeHost)
        );
        assert_eq!(parse("host;content-type"), None);
        assert_eq!(parse(""), None);
    }

    #[test]
    fn each_malformed_authorization_names_its_fault() {
        use AuthorizationError::*;
        let cases = [
            ("", MissingAlgorithm),
            (
                "tc3-hmac-sha256 Credential=i/d/s/tc3_request",
                MissingAlgorithm,
            ),
            (
                "Bearer Credential=i/d/s/tc3_request, SignedHeaders=host, Signature=00",
                MissingAlgorithm,
            ),
            (
                "TC3-HMAC-SHA256 SignedHeaders=host, Signature=00",
                MissingField("Credential"),
            ),
            (
                "TC3-HMAC-SHA256 Credential=i/d/s/tc3_request, Signature=00",
                MissingField("SignedHeaders"),
            ),
            (
                "TC3-HMAC-SHA256 Credential=i/d/s/tc3_request, SignedHeaders=host",
                MissingField("Signature"),
            ),
            // A space before `=` makes another name.
            (
                "TC3-HMAC-SHA256 Credential =i/d/s/tc3_request, SignedHeaders=host, Signature=00",
                MissingField("Credential"),
            ),
            (
                "TC3-HMAC-SHA256 Credential=i/d/s, SignedHeaders=host, Signature=00",
                MalformedCredential,
            ),
            (
                "TC3-HMAC-SHA256 Credential=i/d/s/tc3_request/x, SignedHeaders=host, Signature=00",
                MalformedCredential,
            ),
            (
                "TC3-HMAC-SHA256 Credential=i/d/s/tc4_request, SignedHeaders=host, Signature=00",
                MalformedCredential,
            ),
        ];
        for (value, fault) in cases {
            assert_eq!(ParsedAuthorization::parse(value), Err(fault), "{value}");
        }
    }

    #[test]
    fn authorization_errors_read_as_the_mock_tells_clients() {
        assert_eq!(
            AuthorizationError::MissingAlgorithm.to_string(),
            "Authorization must start with TC3-HMAC-SHA256."
        );
        for field in ["Credential", "SignedHeaders", "Signature"] {
            assert_eq!(
                AuthorizationError::MissingField(field).to_string(),
                "Authorization needs Credential, SignedHeaders and Signature."
            );
        }
        assert_eq!(
            AuthorizationError::MalformedCredential.to_string(),
            "Credential must be SecretId/Date/Service/tc3_request."
        );
    }

    #[test]
    fn the_host_carries_a_port_only_when_it_is_not_the_default() {
        for (url, host) in [
            ("http://127.0.0.1:8080/", "127.0.0.1:8080"),
            (
                "https://faceid.intl.tencentcloudapi.com/",
                "faceid.intl.tencentcloudapi.com",
            ),
            ("https://example.com:443/", "example.com"),
            ("http://example.com:80/", "example.com"),
            ("https://example.com:8443/?a=b", "example.com:8443"),
            ("http://[::1]:9000/", "[::1]:9000"),
        ] {
            let request = reqwest::Request::new(reqwest::Method::POST, url.parse().unwrap());
            let from = ReqwestParts::new(&request).unwrap();
            assert_eq!(from.host(), host, "{url}");
            assert_eq!(from.parts().host, host, "{url}");
        }
    }

    #[test]
    fn a_reqwest_request_gives_its_method_path_query_headers_and_body() {
        let mut request = reqwest::Request::new(
            reqwest::Method::PUT,
            "http://localhost:3000/a/b?x=1&y=2".parse().unwrap(),
        );
        *request.headers_mut() = json_headers();
        *request.body_mut() = Some(reqwest::Body::from("body bytes"));
        let from = ReqwestParts::new(&request).unwrap();
        let parts = from.parts();
        assert_eq!(
            (parts.method, parts.path, parts.query, parts.body),
            ("PUT", "/a/b", "x=1&y=2", &b"body bytes"[..])
        );
        let signing = signing_request(parts, 1, "faceid", SignedHeaderSet::ContentTypeHost);
        assert_eq!(signing.action, "DescribeInstances");
        // No body at all signs as an empty one.
        let empty = reqwest::Request::new(reqwest::Method::POST, "http://h/".parse().unwrap());
        assert_eq!(ReqwestParts::new(&empty).unwrap().parts().body, b"");
        // Debug names the request by method, host and body length; never the body itself.
        let shown = format!("{from:?}");
        for expected in ["PUT", "localhost:3000", "body_len: 10"] {
            assert!(shown.contains(expected), "{expected}: {shown}");
        }
        assert!(!shown.contains("body bytes"), "{shown}");
    }

    #[test]
    fn a_streaming_body_is_refused() {
        let mut request =
            reqwest::Request::new(reqwest::Method::POST, "http://h/".parse().unwrap());
        let chunks = vec![Ok::<_, std::io::Error>(bytes::Bytes::from_static(b"x"))];
        *request.body_mut() = Some(reqwest::Body::wrap_stream(futures_util::stream::iter(
            chunks,
        )));
        let error = ReqwestParts::new(&request).unwrap_err();
        assert_eq!(error, HttpError::StreamingBody);
        assert_eq!(error.to_string(), "a streaming body cannot be signed");
    }

    #[test]
    fn authorization_and_token_are_sensitive_and_the_timestamp_is_not() {
        let mut headers = HeaderMap::new();
        apply(&signed(Some(TOKEN)), &mut headers).unwrap();
        assert!(headers[AUTHORIZATION].is_sensitive());
        assert!(headers[X_TC_TOKEN].is_sensitive());
        assert!(!headers[X_TC_TIMESTAMP].is_sensitive());
        assert!(!format!("{headers:?}").contains(TOKEN));
    }

    #[test]
    fn applying_again_replaces_and_without_a_token_sends_none() {
        let mut headers = HeaderMap::new();
        apply(&signed(None), &mut headers).unwrap();
        apply(&signed(None), &mut headers).unwrap();
        assert_eq!(headers.get_all(AUTHORIZATION).iter().count(), 1);
        assert_eq!(headers.get_all(X_TC_TIMESTAMP).iter().count(), 1);
        assert!(headers.get(X_TC_TOKEN).is_none());
    }

    #[test]
    fn an_invalid_value_is_an_error_that_changes_nothing_and_shows_no_secret() {
        let secret = "tok\nen-SECRET";
        let mut headers = json_headers();
        let before = headers.clone();
        let error = apply(&signed(Some(secret)), &mut headers).unwrap_err();
        assert_eq!(error, HttpError::InvalidHeaderValue("X-TC-Token"));
        assert!(!error.to_string().contains("SECRET"), "{error}");
        assert!(!format!("{error:?}").contains("SECRET"), "{error:?}");
        assert_eq!(headers, before);

        let mut bad = signed(None);
        bad.authorization.push('\r');
        assert_eq!(
            apply(&bad, &mut headers),
            Err(HttpError::InvalidHeaderValue("Authorization"))
        );
        assert_eq!(headers, before);
    }
}
