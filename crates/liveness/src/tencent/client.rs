//! The Tencent FaceID client: credentials, endpoints, TC3 signing in the generated crate's auth
//! slot, `Response.Error` as a typed error, and clock-skew correction.

use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::{Arc, Mutex};

use liveness_tencent_faceid as generated;
use secrecy::{ExposeSecret, SecretString};

pub use generated::types::FileInfo;

use super::codes::ResultCode;
use super::error::{ErrorCode, TencentError, server_time};
use super::tc3::{self, Credentials, SignedHeaderSet, SigningKey};
use crate::call::{Caller, Inspect, Response};
use crate::client::{Account, Settings, builder_setters, client_basics};
use crate::endpoint::IdIn;
use crate::error::{Vendor, VendorError};
use crate::{Error, credentials};

/// Environment variables read when no credentials are given in code (the official SDKs' names).
pub const SECRET_ID_ENV: &str = "TENCENTCLOUD_SECRET_ID";
/// See [`SECRET_ID_ENV`].
pub const SECRET_KEY_ENV: &str = "TENCENTCLOUD_SECRET_KEY";
/// See [`SECRET_ID_ENV`]; optional (temporary credentials only).
pub const SESSION_TOKEN_ENV: &str = "TENCENTCLOUD_SESSION_TOKEN";
/// The region, read when [`ClientBuilder::region`] is not called (the variable Tencent's own
/// CLI reads).
pub const REGION_ENV: &str = "TENCENTCLOUD_REGION";

/// The regions FaceID's liveness actions support: "This API only supports: ap-hongkong,
/// ap-jakarta, ap-singapore" (the GetLivenessResult page). Every request names one in
/// `X-TC-Region`; without it the service answers `MissingParameter`.
pub const REGIONS: &[&str] = &["ap-hongkong", "ap-jakarta", "ap-singapore"];

/// The credential-scope service of every FaceID action.
const SERVICE: &str = "faceid";

fn tencent_error(
    error: &generated::types::ApiError,
    request_id: &Option<String>,
    headers: &http::HeaderMap,
) -> VendorError {
    let code = ErrorCode::parse(&error.code);
    let message = error.message.clone().unwrap_or_default();
    let server_time = (code == ErrorCode::SignatureExpire)
        .then(|| {
            let date = headers
                .get(http::header::DATE)
                .and_then(|v| v.to_str().ok());
            server_time(&message, date)
        })
        .flatten();
    VendorError::Tencent(TencentError {
        code,
        message,
        request_id: request_id.clone(),
        server_time,
    })
}

/// Every Tencent response is `{"Response": {..., "Error"?, "RequestId"}}`.
macro_rules! inspect_envelope {
    ($($response:ident),+) => {$(
        impl Inspect for generated::types::$response {
            fn request_id(&self) -> Option<String> {
                self.response.request_id.clone()
            }
            fn vendor_error_with_headers(&self, headers: &http::HeaderMap) -> Option<VendorError> {
                let r = &self.response;
                r.error
                    .as_ref()
                    .map(|e| tencent_error(e, &r.request_id, headers))
            }
        }
    )+};
}

inspect_envelope!(ApplyLivenessTokenResponse, GetLivenessResultResponse);

/// Endpoint presets (the hosts of Tencent's pages and official SDKs; see `specs/SOURCES.md`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Host {
    /// `faceid.intl.tencentcloudapi.com`, the official international SDKs' default.
    #[default]
    Intl,
    /// `faceid.tencentcloudapi.com`, named in older docs.
    Legacy,
    /// `faceid.<region>.tencentcloudapi.com` for the region set with
    /// [`ClientBuilder::region`] (ap-hongkong, ap-singapore, ap-jakarta).
    Regional,
}

/// What the user must do during the liveness check (`SecureLevel`). With the `clap` feature,
/// a command-line value: the vendor's number (`1` to `4`) or the variant's name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "clap", derive(clap::ValueEnum))]
pub enum SecureLevel {
    /// "1": silent liveness.
    #[cfg_attr(feature = "clap", value(name = "1", alias = "silent"))]
    Silent,
    /// "2": blink.
    #[cfg_attr(feature = "clap", value(name = "2", alias = "blink"))]
    Blink,
    /// "3": light.
    #[cfg_attr(feature = "clap", value(name = "3", alias = "light"))]
    Light,
    /// "4": blink and light (the vendor's default).
    #[cfg_attr(feature = "clap", value(name = "4", alias = "blink-and-light"))]
    BlinkAndLight,
}

impl SecureLevel {
    /// The value sent: `"1"` to `"4"`.
    pub fn code(self) -> &'static str {
        match self {
            SecureLevel::Silent => "1",
            SecureLevel::Blink => "2",
            SecureLevel::Light => "3",
            SecureLevel::BlinkAndLight => "4",
        }
    }
}

/// A token for the mobile SDK (valid 10 minutes).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LivenessToken {
    /// `SdkToken`, handed to the app.
    pub sdk_token: String,
    /// `RequestId`.
    pub request_id: Option<String>,
}

/// The outcome of a liveness session. A failed liveness is a result, not an error.
#[derive(Debug, Clone, PartialEq)]
pub struct LivenessResult {
    /// `Result`, typed; [`ResultCode::Success`] is a pass.
    pub result: ResultCode,
    /// `Description`.
    pub description: Option<String>,
    /// `BestFrame`: URL, MD5 and size of the best frame.
    pub best_frame: Option<FileInfo>,
    /// `Video`: URL, MD5 and size of the recording.
    pub video: Option<FileInfo>,
    /// `RequestId`.
    pub request_id: Option<String>,
}

/// Builds a [`Client`].
#[derive(Debug, Default)]
pub struct ClientBuilder {
    credentials: Option<Credentials>,
    host: Host,
    region: Option<String>,
    signed_headers: SignedHeaderSet,
    settings: Settings,
}

impl ClientBuilder {
    /// Credentials from code (otherwise from `TENCENTCLOUD_SECRET_ID`, `TENCENTCLOUD_SECRET_KEY`
    /// and, if set, `TENCENTCLOUD_SESSION_TOKEN`).
    pub fn credentials(mut self, credentials: Credentials) -> Self {
        self.credentials = Some(credentials);
        self
    }

    /// A host preset (default [`Host::Intl`]).
    pub fn host(mut self, host: Host) -> Self {
        self.host = host;
        self
    }

    /// `X-TC-Region`, one of [`REGIONS`] (otherwise read from `TENCENTCLOUD_REGION`; with
    /// neither, [`ClientBuilder::build`] fails: the service refuses a request without it).
    pub fn region(mut self, region: impl Into<String>) -> Self {
        self.region = Some(region.into());
        self
    }

    /// Which headers to sign (default `content-type;host`, as the official SDKs do).
    pub fn signed_headers(mut self, set: SignedHeaderSet) -> Self {
        self.signed_headers = set;
        self
    }

    builder_setters! {
        base_url: "Any base URL (a proxy, the mock); overrides [`ClientBuilder::host`].",
        options: "HTTP options: timeouts, retries, rate limit (Tencent allows 20/s per action), \
                  body cap.",
    }

    /// Checks the configuration and builds the client.
    pub fn build(self) -> Result<Client, Error> {
        let credentials = match self.credentials {
            Some(c) => c,
            None => credentials_from_env()?,
        };
        let (region_name, region) = resolve_region(self.region)?;
        let preset = match self.host {
            Host::Intl => generated::servers::INTL.to_owned(),
            Host::Legacy => generated::servers::LEGACY.to_owned(),
            Host::Regional => format!("https://faceid.{region}.tencentcloudapi.com"),
        };
        // Masked in everything shown, so a short one would mangle messages.
        credentials::check_secret(
            "the Tencent SecretKey",
            SECRET_KEY_ENV,
            credentials.secret_key().expose_secret(),
        )?;
        if let Some(token) = credentials.token() {
            credentials::check_secret(
                "the Tencent session token",
                SESSION_TOKEN_ENV,
                token.expose_secret(),
            )?;
        }
        let mut secrets = vec![credentials.secret_key().clone()];
        secrets.extend(credentials.token().cloned());
        let secret_id = credentials.secret_id().to_owned();
        let signer = Arc::new(Signer {
            credentials,
            signed_headers: self.signed_headers,
            clock_offset: AtomicI64::new(0),
            key: Mutex::new(None),
        });
        let signing = signer.clone();
        let caller = self.settings.into_caller(
            Vendor::Tencent,
            &preset,
            secrets,
            Arc::new(move |request: &mut reqwest::Request, _: &str| signing.sign(request)),
            Account::Id(&secret_id),
        )?;
        Ok(Client {
            caller,
            region,
            region_name,
            signer,
        })
    }
}

/// The region from the builder, else from `TENCENTCLOUD_REGION`: lower-case `xx-name`, and one
/// of [`REGIONS`] (returned with its wire value).
fn resolve_region(
    configured: Option<String>,
) -> Result<(&'static str, generated::types::Region), Error> {
    let supported = REGIONS.join(", ");
    let (region, source) = match configured {
        Some(region) => (region, "the region"),
        None => match std::env::var(REGION_ENV) {
            Ok(region) => (region, REGION_ENV),
            Err(_) => {
                return Err(Error::config(format!(
                    "Tencent FaceID needs a region ({supported}): call .region(..) or set \
                     {REGION_ENV}"
                )));
            }
        },
    };
    if region.is_empty() {
        return Err(Error::config(format!(
            "{source} is empty: name the region, one of {supported}"
        )));
    }
    if region.trim() != region {
        return Err(Error::config(format!(
            "{source} has surrounding whitespace: the region must be exactly one of {supported}"
        )));
    }
    if !is_region_name(&region) {
        return Err(Error::config(format!(
            "{source} `{}` is not a region name: lower-case `xx-name`, one of {supported}",
            region.escape_debug()
        )));
    }
    let unsupported = || {
        Error::config(format!(
            "{source} `{region}` is not one FaceID's liveness actions support: {supported}"
        ))
    };
    let name = REGIONS
        .iter()
        .copied()
        .find(|name| *name == region)
        .ok_or_else(unsupported)?;
    Ok((name, name.parse().map_err(|_| unsupported())?))
}

/// `xx-name`: two lower-case letters, a hyphen, lower-case letters (e.g. `ap-singapore`).
fn is_region_name(region: &str) -> bool {
    match region.split_once('-') {
        Some((area, name)) => {
            area.len() == 2
                && area.bytes().all(|b| b.is_ascii_lowercase())
                && !name.is_empty()
                && name.bytes().all(|b| b.is_ascii_lowercase())
        }
        None => false,
    }
}

fn credentials_from_env() -> Result<Credentials, Error> {
    let id = credentials::env_secret(SECRET_ID_ENV)?;
    let key = credentials::env_secret(SECRET_KEY_ENV)?;
    let credentials = Credentials::new(id.expose_secret(), key)
        .map_err(|e| Error::config(format!("{e} (from {SECRET_ID_ENV}/{SECRET_KEY_ENV})")))?;
    match credentials::read_env(SESSION_TOKEN_ENV)? {
        Some((token, _)) if !token.is_empty() => credentials
            .with_token(SecretString::from(token))
            .map_err(|e| Error::config(format!("{e} (from {SESSION_TOKEN_ENV})"))),
        _ => Ok(credentials),
    }
}

/// Signs every attempt afresh: a new timestamp (corrected by the learned clock offset), the
/// exact body bytes, the Host as sent.
struct Signer {
    credentials: Credentials,
    signed_headers: SignedHeaderSet,
    /// Server time minus local time, learned from `AuthFailure.SignatureExpire`.
    clock_offset: AtomicI64,
    /// The derived key changes once a day (UTC): cache it.
    key: Mutex<Option<SigningKey>>,
}

impl std::fmt::Debug for Signer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Signer")
            .field("credentials", &self.credentials)
            .field("signed_headers", &self.signed_headers)
            .field("clock_offset", &self.clock_offset)
            .finish_non_exhaustive()
    }
}

impl Signer {
    fn sign(&self, request: &mut reqwest::Request) -> Result<(), generated::SignerError> {
        let timestamp = chrono::Utc::now().timestamp() + self.clock_offset.load(Ordering::Relaxed);
        let from = tc3::http::ReqwestParts::new(request)?;
        let signing =
            tc3::http::signing_request(from.parts(), timestamp, SERVICE, self.signed_headers);
        let date = tc3::utc_date(timestamp)?;
        let key = {
            let mut cached = self.key.lock().unwrap_or_else(|e| e.into_inner());
            match cached.as_ref() {
                Some(key) if key.date() == date => key.clone(),
                _ => {
                    let key = SigningKey::derive(self.credentials.secret_key(), &date, SERVICE);
                    *cached = Some(key.clone());
                    key
                }
            }
        };
        let signed = tc3::sign_with_key(&signing, &self.credentials, &key)?;
        tc3::http::apply(&signed, request.headers_mut())?;
        Ok(())
    }
}

/// A Tencent FaceID client. Calls may run concurrently; share it behind an `Arc`.
#[derive(Debug)]
pub struct Client {
    caller: Caller,
    region: generated::types::Region,
    /// `region` as [`REGIONS`] spells it (the generated enum is `#[non_exhaustive]`).
    region_name: &'static str,
    signer: Arc<Signer>,
}

impl Client {
    client_basics!("A builder; credentials come from the environment unless set.");

    /// The region every request names in `X-TC-Region`.
    pub fn region(&self) -> &str {
        self.region_name
    }

    /// The clock offset (server minus local, seconds) learned from a `SignatureExpire`.
    pub fn clock_offset(&self) -> i64 {
        self.signer.clock_offset.load(Ordering::Relaxed)
    }

    /// Runs `call`; on `AuthFailure.SignatureExpire` learns the server's clock and runs it once
    /// more (later calls keep the offset).
    async fn with_skew_correction<T, F, Fut>(&self, mut call: F) -> Result<Response<T>, Error>
    where
        F: FnMut() -> Fut,
        Fut: std::future::Future<Output = Result<Response<T>, Error>>,
    {
        let result = call().await;
        let server = match &result {
            Err(Error::Vendor { error, .. }) => match error.as_ref() {
                VendorError::Tencent(TencentError {
                    code: ErrorCode::SignatureExpire,
                    server_time: Some(server),
                    ..
                }) => Some(*server),
                _ => None,
            },
            _ => None,
        };
        match server {
            Some(server) => {
                let offset = server - chrono::Utc::now().timestamp();
                self.signer.clock_offset.store(offset, Ordering::Relaxed);
                tracing::warn!(
                    offset_seconds = offset,
                    "Tencent says this machine's clock is off; correcting and retrying once"
                );
                call().await
            }
            None => result,
        }
    }

    /// `ApplyLivenessToken`: a token for the mobile SDK. `secure_level` defaults to the vendor's
    /// (blink and light).
    pub async fn apply_liveness_token(
        &self,
        secure_level: Option<SecureLevel>,
    ) -> Result<Response<LivenessToken>, Error> {
        let response = self
            .with_skew_correction(|| {
                self.caller.send(
                    generated::operations::APPLY_LIVENESS_TOKEN,
                    |client: generated::Client| {
                        let region = self.region;
                        async move {
                            client
                                .apply_liveness_token()
                                .x_tc_region(region)
                                .body_map(|b| {
                                    b.secure_level(secure_level.map(|l| l.code().to_owned()))
                                })
                                .send()
                                .await
                        }
                    },
                )
            })
            .await?;
        let Some(sdk_token) = response.value.response.sdk_token.clone() else {
            return Err(self.missing(&response, "apply_liveness_token", "SdkToken"));
        };
        let request_id = response.value.response.request_id.clone();
        Ok(response.map(|_| LivenessToken {
            sdk_token,
            request_id,
        }))
    }

    /// A 200 body with neither `Error` nor the field the operation returns.
    fn missing<T>(&self, response: &Response<T>, operation: &'static str, field: &str) -> Error {
        Error::Decode {
            vendor: Vendor::Tencent,
            operation,
            status: response.status,
            message: format!("the response has neither `Error` nor `{field}`"),
            body: self.caller.raw_body(response.raw.clone()),
        }
    }

    /// `GetLivenessResult` for `sdk_token`. A failed liveness is `Ok` with a `result` other than
    /// [`ResultCode::Success`].
    pub async fn get_liveness_result(
        &self,
        sdk_token: &str,
    ) -> Result<Response<LivenessResult>, Error> {
        let operation = generated::operations::GET_LIVENESS_RESULT;
        self.caller
            .check_id(operation, "the SdkToken", sdk_token, IdIn::Body)?;
        let response = self
            .with_skew_correction(|| {
                self.caller.send(operation, |client: generated::Client| {
                    let region = self.region;
                    let token = sdk_token.to_owned();
                    async move {
                        client
                            .get_liveness_result()
                            .x_tc_region(region)
                            .body_map(|b| b.sdk_token(token))
                            .send()
                            .await
                    }
                })
            })
            .await?;
        let Some(code) = response.value.response.result.clone() else {
            return Err(self.missing(&response, "get_liveness_result", "Result"));
        };
        Ok(response.map(|value| {
            let r = value.response;
            LivenessResult {
                result: ResultCode::parse(&code),
                description: r.description,
                best_frame: r.best_frame,
                video: r.video,
                request_id: r.request_id,
            }
        }))
    }
}
