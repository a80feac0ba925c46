//! TC3-HMAC-SHA256, Tencent Cloud's signature v3, as pure functions.
//!
//! [`sign`] takes a description of the request ([`SigningRequest`]) and the credentials and
//! returns the headers to add ([`SignedHeaders`]). No clock, no I/O, no HTTP client: the caller
//! passes the timestamp and the exact body bytes. Each step is public so it can be checked
//! against Tencent's published vectors step by step.

use std::fmt;

use hmac::{Hmac, Mac};
use secrecy::{ExposeSecret, SecretString};
use sha2::{Digest, Sha256};

// The HTTP adapters live apart so the signature itself stays free of any HTTP type.
pub mod http;

/// The algorithm name, first word of the `Authorization` header.
pub const ALGORITHM: &str = "TC3-HMAC-SHA256";

/// Tencent credentials. `Debug` never shows the key or the token.
#[derive(Clone)]
pub struct Credentials {
    secret_id: String,
    secret_key: SecretString,
    token: Option<SecretString>,
}

impl Credentials {
    /// Permanent credentials. Refuses empty values and values with surrounding whitespace or
    /// control characters (a newline from a secrets file), which would only fail later as a bad
    /// signature.
    pub fn new(secret_id: impl Into<String>, secret_key: SecretString) -> Result<Self, SignError> {
        let secret_id = secret_id.into();
        check("SecretId", &secret_id)?;
        check("SecretKey", secret_key.expose_secret())?;
        Ok(Self {
            secret_id,
            secret_key,
            token: None,
        })
    }

    /// Adds a session token (temporary credentials); it is sent as `X-TC-Token`, not signed.
    pub fn with_token(mut self, token: SecretString) -> Result<Self, SignError> {
        check("session token", token.expose_secret())?;
        self.token = Some(token);
        Ok(self)
    }

    /// The SecretId (not a secret: it appears in the `Authorization` header).
    pub fn secret_id(&self) -> &str {
        &self.secret_id
    }

    /// The session token, if any.
    pub fn token(&self) -> Option<&SecretString> {
        self.token.as_ref()
    }

    pub(crate) fn secret_key(&self) -> &SecretString {
        &self.secret_key
    }
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Credentials")
            .field("secret_id", &self.secret_id)
            .field("secret_key", &"[REDACTED]")
            .field("token", &self.token.as_ref().map(|_| "[REDACTED]"))
            .finish()
    }
}

fn check(what: &'static str, value: &str) -> Result<(), SignError> {
    if value.is_empty() {
        return Err(SignError::EmptyCredential(what));
    }
    if value.trim() != value || value.chars().any(char::is_control) {
        return Err(SignError::MalformedCredential(what));
    }
    Ok(())
}

/// Which headers the signature covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SignedHeaderSet {
    /// `content-type;host`: what the official SDKs sign (the default).
    #[default]
    ContentTypeHost,
    /// `content-type;host;x-tc-action`: what the current API doc shows.
    ContentTypeHostAction,
}

impl SignedHeaderSet {
    /// The `SignedHeaders` list.
    pub fn names(self) -> &'static str {
        match self {
            SignedHeaderSet::ContentTypeHost => "content-type;host",
            SignedHeaderSet::ContentTypeHostAction => "content-type;host;x-tc-action",
        }
    }
}

/// The parts of a request the signature covers.
#[derive(Debug, Clone, Copy)]
pub struct SigningRequest<'a> {
    /// `POST` or `GET`.
    pub method: &'a str,
    /// The `Host` header as sent: with the port when it is not the scheme's default.
    pub host: &'a str,
    /// The path; `/` for every Tencent action.
    pub path: &'a str,
    /// The canonical query string (empty for POST).
    pub query: &'a str,
    /// The `Content-Type` header as sent (its parameters included).
    pub content_type: &'a str,
    /// The body, byte for byte as sent.
    pub body: &'a [u8],
    /// `X-TC-Action`; signed (lower-cased) only with [`SignedHeaderSet::ContentTypeHostAction`].
    pub action: &'a str,
    /// Unix seconds; also sent as `X-TC-Timestamp`.
    pub timestamp: i64,
    /// The credential-scope service, e.g. `faceid`.
    pub service: &'a str,
    /// Which headers to sign.
    pub signed_headers: SignedHeaderSet,
}

/// Why a request could not be signed. Never carries a secret.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum SignError {
    /// A credential is empty.
    EmptyCredential(&'static str),
    /// A credential has surrounding whitespace or control characters.
    MalformedCredential(&'static str),
    /// The timestamp is not a representable date.
    InvalidTimestamp(i64),
    /// A signed header value contains CR or LF (it would forge headers).
    InvalidHeaderValue(&'static str),
}

impl fmt::Display for SignError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SignError::EmptyCredential(what) => write!(f, "the Tencent {what} is empty"),
            SignError::MalformedCredential(what) => write!(
                f,
                "the Tencent {what} has surrounding whitespace or control characters; remove them"
            ),
            SignError::InvalidTimestamp(ts) => write!(f, "timestamp {ts} is not a valid date"),
            SignError::InvalidHeaderValue(what) => {
                write!(f, "the {what} contains a line break and cannot be signed")
            }
        }
    }
}

impl std::error::Error for SignError {}

/// The headers to add to the request.
#[derive(Clone)]
pub struct SignedHeaders {
    /// `Authorization` (sensitive: mark it so when inserting).
    pub authorization: String,
    /// `X-TC-Timestamp`.
    pub timestamp: String,
    /// `X-TC-Token`, for temporary credentials (sensitive).
    pub token: Option<SecretString>,
}

impl fmt::Debug for SignedHeaders {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SignedHeaders")
            .field("authorization", &self.authorization)
            .field("timestamp", &self.timestamp)
            .field("token", &self.token.as_ref().map(|_| "[REDACTED]"))
            .finish()
    }
}

/// The UTC date (`YYYY-MM-DD`) of a Unix timestamp: the credential scope's date. Never the
/// local date (the official SDKs' bug between 00:00 and 08:00 Beijing time).
pub fn utc_date(timestamp: i64) -> Result<String, SignError> {
    use chrono::Datelike as _;
    // Integer formatting: chrono's `format` parses its pattern on every call, a third of a
    // signature's cost (benches/signing.rs).
    chrono::DateTime::from_timestamp(timestamp, 0)
        .map(|t| format!("{:04}-{:02}-{:02}", t.year(), t.month(), t.day()))
        .ok_or(SignError::InvalidTimestamp(timestamp))
}

/// Appends `hex(sha256(bytes))` to `out` without an intermediate allocation.
fn push_sha256_hex(out: &mut String, bytes: &[u8]) {
    let mut hex = [0u8; 64];
    hex::encode_to_slice(Sha256::digest(bytes), &mut hex).expect("64 hex digits");
    out.push_str(std::str::from_utf8(&hex).expect("hex is ASCII"));
}

fn hmac(key: &[u8], data: &[u8]) -> [u8; 32] {
    let mut mac = Hmac::<Sha256>::new_from_slice(key).expect("HMAC takes a key of any length");
    mac.update(data);
    mac.finalize().into_bytes().into()
}

fn header_value<'a>(what: &'static str, value: &'a str) -> Result<&'a str, SignError> {
    if value.contains(['\r', '\n']) {
        return Err(SignError::InvalidHeaderValue(what));
    }
    Ok(value.trim())
}

/// Step 1: the canonical request.
pub fn canonical_request(request: &SigningRequest<'_>) -> Result<String, SignError> {
    let content_type = header_value("Content-Type", request.content_type)?;
    let host = header_value("Host", request.host)?;
    // Built in one buffer: this runs on every attempt (benches/signing.rs).
    let mut out = String::with_capacity(
        160 + request.path.len() + request.query.len() + content_type.len() + host.len(),
    );
    for c in request.method.chars() {
        out.push(c.to_ascii_uppercase());
    }
    for part in [
        "\n",
        request.path,
        "\n",
        request.query,
        "\ncontent-type:",
        content_type,
        "\nhost:",
        host,
        "\n",
    ] {
        out.push_str(part);
    }
    if request.signed_headers == SignedHeaderSet::ContentTypeHostAction {
        let action = header_value("X-TC-Action", request.action)?;
        out.push_str("x-tc-action:");
        for c in action.chars() {
            out.push(c.to_ascii_lowercase());
        }
        out.push('\n');
    }
    out.push('\n');
    out.push_str(request.signed_headers.names());
    out.push('\n');
    push_sha256_hex(&mut out, request.body);
    Ok(out)
}

/// `<date>/<service>/tc3_request`.
pub fn credential_scope(date: &str, service: &str) -> String {
    format!("{date}/{service}/tc3_request")
}

/// Step 2: the string to sign.
pub fn string_to_sign(timestamp: i64, scope: &str, canonical_request: &str) -> String {
    let mut out = String::with_capacity(ALGORITHM.len() + scope.len() + 88);
    out.push_str(ALGORITHM);
    out.push('\n');
    out.push_str(&timestamp.to_string());
    out.push('\n');
    out.push_str(scope);
    out.push('\n');
    push_sha256_hex(&mut out, canonical_request.as_bytes());
    out
}

/// Step 3: the derived keys for one date and service. Derive once a day and reuse it with
/// [`sign_with_key`]; `Debug` shows neither key.
#[derive(Clone)]
pub struct SigningKey {
    date: String,
    service: String,
    k_date: [u8; 32],
    k_service: [u8; 32],
    k_signing: [u8; 32],
}

impl SigningKey {
    /// `kDate = HMAC("TC3" + SecretKey, date)`, `kService = HMAC(kDate, service)`,
    /// `kSigning = HMAC(kService, "tc3_request")`.
    pub fn derive(secret_key: &SecretString, date: &str, service: &str) -> Self {
        let mut seed = Vec::with_capacity(3 + secret_key.expose_secret().len());
        seed.extend_from_slice(b"TC3");
        seed.extend_from_slice(secret_key.expose_secret().as_bytes());
        let k_date = hmac(&seed, date.as_bytes());
        let k_service = hmac(&k_date, service.as_bytes());
        let k_signing = hmac(&k_service, b"tc3_request");
        Self {
            date: date.to_owned(),
            service: service.to_owned(),
            k_date,
            k_service,
            k_signing,
        }
    }

    /// The date it was derived for.
    pub fn date(&self) -> &str {
        &self.date
    }

    /// The service it was derived for.
    pub fn service(&self) -> &str {
        &self.service
    }

    /// kDate (for step-by-step checks against published vectors).
    pub fn k_date(&self) -> &[u8; 32] {
        &self.k_date
    }

    /// kService.
    pub fn k_service(&self) -> &[u8; 32] {
        &self.k_service
    }

    /// kSigning.
    pub fn k_signing(&self) -> &[u8; 32] {
        &self.k_signing
    }

    /// Step 4: `hex(HMAC(kSigning, StringToSign))`.
    pub fn signature(&self, string_to_sign: &str) -> String {
        hex::encode(hmac(&self.k_signing, string_to_sign.as_bytes()))
    }
}

impl fmt::Debug for SigningKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SigningKey")
            .field("date", &self.date)
            .field("service", &self.service)
            .finish_non_exhaustive()
    }
}

/// The `Authorization` header value.
pub fn authorization(
    secret_id: &str,
    scope: &str,
    signed_headers: SignedHeaderSet,
    signature: &str,
) -> String {
    format!(
        "{ALGORITHM} Credential={secret_id}/{scope}, SignedHeaders={}, Signature={signature}",
        signed_headers.names()
    )
}

/// Signs `request`: every step, from scratch.
pub fn sign(
    request: &SigningRequest<'_>,
    credentials: &Credentials,
) -> Result<SignedHeaders, SignError> {
    let date = utc_date(request.timestamp)?;
    let key = SigningKey::derive(&credentials.secret_key, &date, request.service);
    sign_for_date(request, credentials, &key, &date)
}

/// Signs `request` with a key derived earlier. If `key` is for another date or service than the
/// request's, a fresh one is derived, so a stale cache can never produce a bad signature.
pub fn sign_with_key(
    request: &SigningRequest<'_>,
    credentials: &Credentials,
    key: &SigningKey,
) -> Result<SignedHeaders, SignError> {
    let date = utc_date(request.timestamp)?;
    let fresh;
    let key = if key.date == date && key.service == request.service {
        key
    } else {
        fresh = SigningKey::derive(&credentials.secret_key, &date, request.service);
        &fresh
    };
    sign_for_date(request, credentials, key, &date)
}

/// Steps 1, 2 and 4 with a key already derived for `date`.
fn sign_for_date(
    request: &SigningRequest<'_>,
    credentials: &Credentials,
    key: &SigningKey,
    date: &str,
) -> Result<SignedHeaders, SignError> {
    let canonical = canonical_request(request)?;
    let scope = credential_scope(date, request.service);
    let to_sign = string_to_sign(request.timestamp, &scope, &canonical);
    let signature = key.signature(&to_sign);
    Ok(SignedHeaders {
        authorization: authorization(
            &credentials.secret_id,
            &scope,
            request.signed_headers,
            &signature,
        ),
        timestamp: request.timestamp.to_string(),
        token: credentials.token.clone(),
    })
}
