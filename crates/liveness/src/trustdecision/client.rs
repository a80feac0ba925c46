//! TrustDecision's client: its builder, its calls and the types they return.

use std::fmt;
use std::sync::Arc;

use liveness_trustdecision as generated;
use secrecy::{ExposeSecret, SecretString};

use crate::call::{self, Caller, Inspect, Operation, Response};
use crate::error::{RawBody, Vendor, VendorError};
use crate::{Error, HttpOptions};

/// Read when no partner code is given in code.
pub const PARTNER_CODE_ENV: &str = "TRUSTDECISION_PARTNER_CODE";
/// Read when no partner key is given in code.
pub const PARTNER_KEY_ENV: &str = "TRUSTDECISION_PARTNER_KEY";

/// The longest license lifetime TrustDecision grants, in seconds (the page's table).
pub const MAX_SESSION_DURATION: i64 = 86_400;

call::impl_transport!(liveness_trustdecision);

/// The attack a failed check identified: one per 122xx code of the page's table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum AttackKind {
    /// 12202: a blink attack.
    Blink,
    /// 12203: a mouth movement attack.
    MouthMovement,
    /// 12204: a partial face attack.
    PartialFace,
    /// 12205: a video replayed on a screen.
    VideoReplay,
    /// 12206: a black and white image.
    BlackAndWhiteImage,
    /// 12207: a paper-based attack (a printed photo).
    Paper,
    /// 12208: a frame (including a paper or phone frame).
    Frame,
    /// 12209: a moire pattern (a photographed screen).
    MoirePattern,
    /// 12210: a "face superiority" attack (the page's wording).
    FaceSuperiority,
    /// 12211: a paper-based attack found by optical flow.
    PaperOpticalFlow,
    /// 12212: a mask.
    Mask,
    /// 12213: an ID card held up to the camera.
    IdCard,
    /// 12214: a 3D mask.
    Mask3d,
    /// 12215: a synthetic image.
    SyntheticImage,
    /// 12216: black-market software.
    BlackMarketSoftware,
    /// 12217: a T-type mask.
    TTypeMask,
    /// 12219: a suspected deepfake image.
    Deepfake,
    /// 12220: a suspected high-resolution screen.
    HighResolutionScreen,
    /// 12222: an injection attack (a forged camera feed).
    Injection,
}

impl AttackKind {
    const ALL: [AttackKind; 19] = [
        AttackKind::Blink,
        AttackKind::MouthMovement,
        AttackKind::PartialFace,
        AttackKind::VideoReplay,
        AttackKind::BlackAndWhiteImage,
        AttackKind::Paper,
        AttackKind::Frame,
        AttackKind::MoirePattern,
        AttackKind::FaceSuperiority,
        AttackKind::PaperOpticalFlow,
        AttackKind::Mask,
        AttackKind::IdCard,
        AttackKind::Mask3d,
        AttackKind::SyntheticImage,
        AttackKind::BlackMarketSoftware,
        AttackKind::TTypeMask,
        AttackKind::Deepfake,
        AttackKind::HighResolutionScreen,
        AttackKind::Injection,
    ];

    /// The attack that `code` names, if it names one.
    pub fn from_code(code: i64) -> Option<Self> {
        Self::ALL.into_iter().find(|kind| kind.code() == code)
    }

    /// The vendor's code for this attack.
    pub fn code(self) -> i64 {
        match self {
            AttackKind::Blink => 12202,
            AttackKind::MouthMovement => 12203,
            AttackKind::PartialFace => 12204,
            AttackKind::VideoReplay => 12205,
            AttackKind::BlackAndWhiteImage => 12206,
            AttackKind::Paper => 12207,
            AttackKind::Frame => 12208,
            AttackKind::MoirePattern => 12209,
            AttackKind::FaceSuperiority => 12210,
            AttackKind::PaperOpticalFlow => 12211,
            AttackKind::Mask => 12212,
            AttackKind::IdCard => 12213,
            AttackKind::Mask3d => 12214,
            AttackKind::SyntheticImage => 12215,
            AttackKind::BlackMarketSoftware => 12216,
            AttackKind::TTypeMask => 12217,
            AttackKind::Deepfake => 12219,
            AttackKind::HighResolutionScreen => 12220,
            AttackKind::Injection => 12222,
        }
    }

    /// The page's message for this attack.
    pub fn description(self) -> &'static str {
        match self {
            AttackKind::Blink => "identified as a blink attack",
            AttackKind::MouthMovement => "identified as a mouth movement attack",
            AttackKind::PartialFace => "identified as a partial face attack",
            AttackKind::VideoReplay => "identified as a video replay attack",
            AttackKind::BlackAndWhiteImage => "identified as a black and white image",
            AttackKind::Paper => "identified as a paper-based attack",
            AttackKind::Frame => "identified as a frame (including paper or phone frame)",
            AttackKind::MoirePattern => "identified as a moire pattern attack",
            AttackKind::FaceSuperiority => "identified as a face superiority attack",
            AttackKind::PaperOpticalFlow => "identified as a paper-based attack (optical flow)",
            AttackKind::Mask => "identified as a mask attack",
            AttackKind::IdCard => "identified as an ID card attack",
            AttackKind::Mask3d => "identified as a 3D mask attack",
            AttackKind::SyntheticImage => "identified as a synthetic image attack",
            AttackKind::BlackMarketSoftware => "identified as a black-market software attack",
            AttackKind::TTypeMask => "identified as a T-type mask attack",
            AttackKind::Deepfake => "suspected deepfake image attack",
            AttackKind::HighResolutionScreen => "suspected high-resolution screen attack",
            AttackKind::Injection => "injection attack",
        }
    }
}

/// TrustDecision's `code`, typed: the page's code table, the account and parameter codes of
/// TrustDecision's sibling APIs (see `specs/SOURCES.md`), and anything else kept as sent.
///
/// [`ResultCode::is_result`] splits them: results (200 and the 122xx range) come back from
/// [`Client::result`] as `Ok`; every other code is a [`TrustDecisionError`].
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ResultCode {
    /// 200: success, a live person.
    Pass,
    /// 12202–12217, 12219, 12220, 12222: an identified attack.
    Attack(AttackKind),
    /// 12218: the image was too blurry.
    BlurryImage,
    /// 12221: light verification failed.
    LightVerificationFailed,
    /// 12250: verification error.
    VerificationError,
    /// 301: the service was not purchased.
    NotPurchased,
    /// 302: the service is suspended.
    Suspended,
    /// 303: no balance left.
    NoBalance,
    /// 304: the service expired.
    Expired,
    /// 305: the daily volume cap was reached.
    DailyCapReached,
    /// 11301: a required parameter was empty.
    ParameterEmpty,
    /// 11340: a parameter was wrong.
    ParameterError,
    /// 11350: TrustDecision's internal error (not charged; worth a retry).
    InternalError,
    /// A numeric code the table does not list (12201, 12230 and 12231 are seen in third-party
    /// clients; any 122xx code is read as a result).
    Other(i64),
    /// A `code` that is not a number at all, kept as sent.
    Unparsed(String),
}

impl ResultCode {
    /// The typed form of a numeric code.
    pub fn from_code(code: i64) -> Self {
        if let Some(kind) = AttackKind::from_code(code) {
            return ResultCode::Attack(kind);
        }
        match code {
            200 => ResultCode::Pass,
            12218 => ResultCode::BlurryImage,
            12221 => ResultCode::LightVerificationFailed,
            12250 => ResultCode::VerificationError,
            301 => ResultCode::NotPurchased,
            302 => ResultCode::Suspended,
            303 => ResultCode::NoBalance,
            304 => ResultCode::Expired,
            305 => ResultCode::DailyCapReached,
            11301 => ResultCode::ParameterEmpty,
            11340 => ResultCode::ParameterError,
            11350 => ResultCode::InternalError,
            other => ResultCode::Other(other),
        }
    }

    /// Reads a code sent as a string ("200", " 12205"); a non-number is kept as
    /// [`ResultCode::Unparsed`].
    pub fn parse(code: &str) -> Self {
        match code.trim().parse::<i64>() {
            Ok(n) => Self::from_code(n),
            Err(_) => ResultCode::Unparsed(code.to_owned()),
        }
    }

    fn from_wire(code: &generated::types::Code) -> Self {
        match code {
            generated::types::Code::Int64(n) => Self::from_code(*n),
            generated::types::Code::String(s) => Self::parse(s),
        }
    }

    /// The numeric code; `None` for [`ResultCode::Unparsed`].
    pub fn number(&self) -> Option<i64> {
        Some(match self {
            ResultCode::Pass => 200,
            ResultCode::Attack(kind) => kind.code(),
            ResultCode::BlurryImage => 12218,
            ResultCode::LightVerificationFailed => 12221,
            ResultCode::VerificationError => 12250,
            ResultCode::NotPurchased => 301,
            ResultCode::Suspended => 302,
            ResultCode::NoBalance => 303,
            ResultCode::Expired => 304,
            ResultCode::DailyCapReached => 305,
            ResultCode::ParameterEmpty => 11301,
            ResultCode::ParameterError => 11340,
            ResultCode::InternalError => 11350,
            ResultCode::Other(n) => *n,
            ResultCode::Unparsed(_) => return None,
        })
    }

    /// Whether the person passed (200).
    pub fn is_pass(&self) -> bool {
        *self == ResultCode::Pass
    }

    /// The attack, if one was identified.
    pub fn attack(&self) -> Option<AttackKind> {
        match self {
            ResultCode::Attack(kind) => Some(*kind),
            _ => None,
        }
    }

    /// Whether the check ran and this is its outcome (200 and every 122xx code), as opposed to
    /// a code saying the call itself failed.
    pub fn is_result(&self) -> bool {
        // The whole 122xx block: third-party clients treat 12201, 12230 and 12231 as results.
        self.number()
            .is_some_and(|n| n == 200 || (12200..=12299).contains(&n))
    }

    /// Whether TrustDecision charges for a call with this code: `Some(true)` for every code of
    /// the page's table but 11350, `Some(false)` for 11350, `None` where the page says nothing.
    pub fn charged(&self) -> Option<bool> {
        match self {
            ResultCode::Pass
            | ResultCode::Attack(_)
            | ResultCode::BlurryImage
            | ResultCode::LightVerificationFailed
            | ResultCode::VerificationError => Some(true),
            ResultCode::InternalError => Some(false),
            _ => None,
        }
    }

    /// The vendor's description of the code, where one is known.
    pub fn description(&self) -> Option<&'static str> {
        Some(match self {
            ResultCode::Pass => "success (live person)",
            ResultCode::Attack(kind) => kind.description(),
            ResultCode::BlurryImage => "identified as a blurry image",
            ResultCode::LightVerificationFailed => "light verification failed",
            ResultCode::VerificationError => "verification error",
            ResultCode::NotPurchased => "service not purchased",
            ResultCode::Suspended => "service suspended",
            ResultCode::NoBalance => "no balance",
            ResultCode::Expired => "service expired",
            ResultCode::DailyCapReached => "daily volume cap reached",
            ResultCode::ParameterEmpty => "parameter empty",
            ResultCode::ParameterError => "parameter error",
            ResultCode::InternalError => "internal error",
            ResultCode::Other(_) | ResultCode::Unparsed(_) => return None,
        })
    }
}

/// The code as TrustDecision sent it: a number, or the raw text of an unparsable code.
impl fmt::Display for ResultCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ResultCode::Unparsed(raw) => write!(f, "{raw:?}"),
            code => write!(f, "{}", code.number().unwrap_or_default()),
        }
    }
}

/// A `code` that means the call failed (account, parameter, internal error, or any code that
/// is not a result), with the vendor's message.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct TrustDecisionError {
    /// The code, typed.
    pub code: ResultCode,
    /// `message` (empty when absent).
    pub message: String,
    /// `sequence_id`, for TrustDecision support.
    pub sequence_id: Option<String>,
}

impl TrustDecisionError {
    /// Only 11350 (internal error) is worth another attempt; the other codes fail the same way
    /// every time.
    pub fn retryable(&self) -> bool {
        self.code == ResultCode::InternalError
    }

    /// Whether the failed call was charged (11350 is not; `None` where the page says nothing).
    pub fn charged(&self) -> Option<bool> {
        self.code.charged()
    }

    pub(crate) fn redact(&mut self, mask: &dyn Fn(&str) -> String) {
        // A vendor may echo the request (URL and all) in any text field.
        self.message = mask(&self.message);
        self.sequence_id = self.sequence_id.as_deref().map(mask);
        if let ResultCode::Unparsed(raw) = &mut self.code {
            *raw = mask(raw);
        }
    }

    fn hint(&self) -> &'static str {
        match self.code {
            ResultCode::NotPurchased
            | ResultCode::Suspended
            | ResultCode::NoBalance
            | ResultCode::Expired
            | ResultCode::DailyCapReached => {
                "; check the TrustDecision account (purchase, status, balance, expiry, quota)"
            }
            ResultCode::ParameterEmpty => {
                "; check the request parameters (liveness_id, session_duration)"
            }
            // TrustDecision's answer to a wrong partner code or key (the common case), and to a
            // liveness id it does not know.
            ResultCode::ParameterError => {
                "; check the partner keys, TRUSTDECISION_PARTNER_CODE and \
                 TRUSTDECISION_PARTNER_KEY (or a liveness id TrustDecision does not know)"
            }
            ResultCode::InternalError => "; TrustDecision's internal error (not charged): retry",
            _ => "",
        }
    }
}

impl fmt::Display for TrustDecisionError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "TrustDecision code {}", self.code)?;
        if let Some(description) = self.code.description() {
            write!(f, " ({description})")?;
        }
        if !self.message.is_empty() {
            write!(f, ": {}", self.message)?;
        }
        if let Some(id) = &self.sequence_id {
            write!(f, " (sequence_id {id})")?;
        }
        f.write_str(self.hint())
    }
}

fn error_for(
    code: ResultCode,
    message: &Option<String>,
    sequence_id: &Option<String>,
) -> VendorError {
    VendorError::TrustDecision(TrustDecisionError {
        code,
        message: message.clone().unwrap_or_default(),
        sequence_id: sequence_id.clone(),
    })
}

impl Inspect for generated::types::LicenseResponse {
    fn request_id(&self) -> Option<String> {
        self.sequence_id.clone()
    }
    fn vendor_error(&self) -> Option<VendorError> {
        let code = ResultCode::from_wire(&self.code);
        (!code.is_pass()).then(|| error_for(code, &self.message, &self.sequence_id))
    }
}

impl Inspect for generated::types::ResultResponse {
    fn request_id(&self) -> Option<String> {
        self.sequence_id.clone()
    }
    fn vendor_error(&self) -> Option<VendorError> {
        let code = ResultCode::from_wire(&self.code);
        (!code.is_result()).then(|| error_for(code, &self.message, &self.sequence_id))
    }
}

/// A TrustDecision region.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum Region {
    /// Singapore (the default).
    #[default]
    Singapore,
    /// Indonesia (over https, although the page prints http).
    Indonesia,
}

impl Region {
    /// The region's base URL.
    pub fn base_url(self) -> &'static str {
        match self {
            Region::Singapore => generated::servers::SINGAPORE,
            Region::Indonesia => generated::servers::INDONESIA,
        }
    }
}

/// The id the mobile SDK returned: the page's table says string, its example sends a number;
/// it is sent in the form given.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LivenessId {
    /// As a string.
    Text(String),
    /// As a number.
    Number(i64),
}

impl From<&str> for LivenessId {
    fn from(id: &str) -> Self {
        LivenessId::Text(id.to_owned())
    }
}

impl From<String> for LivenessId {
    fn from(id: String) -> Self {
        LivenessId::Text(id)
    }
}

impl From<i64> for LivenessId {
    fn from(id: i64) -> Self {
        LivenessId::Number(id)
    }
}

/// A license for the mobile SDK.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct License {
    /// `license`: initializes the SDK.
    pub license: String,
    /// `expiry_timestamp`, Unix seconds.
    pub expiry_timestamp: Option<i64>,
    /// `sequence_id`.
    pub sequence_id: Option<String>,
}

/// The result of a liveness session (a pass, or the failure the check found).
#[derive(Debug, Clone, PartialEq)]
pub struct LivenessResult {
    /// The code, typed; only [`ResultCode::Pass`] means the person is live.
    pub code: ResultCode,
    /// `message`.
    pub message: Option<String>,
    /// `score` (a reserved field; absent on failures and in the SDK lite version).
    pub score: Option<f64>,
    /// `image`: the best face frame, base64.
    pub image: Option<String>,
    /// `sequence_id`.
    pub sequence_id: Option<String>,
    /// `device_risk_tag` (read by third-party clients; not on the page). Empty when the
    /// vendor sends null or leaves it out.
    pub device_risk_tag: Vec<String>,
    /// `device_risk_level` (read by third-party clients; not on the page), as sent.
    pub device_risk_level: Option<DeviceRiskLevel>,
}

/// `device_risk_level` as it arrives: third-party clients read a number, and some receive a
/// string. Neither form fails the result.
#[derive(Debug, Clone, PartialEq)]
pub enum DeviceRiskLevel {
    /// A JSON number.
    Number(f64),
    /// A JSON string, kept as sent.
    Text(String),
}

impl DeviceRiskLevel {
    /// The level as a whole number, when it is one (`3`, `3.0` or `"3"`).
    pub fn as_integer(&self) -> Option<i64> {
        match self {
            // The range check keeps the cast exact (no saturation at the i64 bounds).
            DeviceRiskLevel::Number(n) if n.fract() == 0.0 && n.abs() < 9.0e15 => Some(*n as i64),
            DeviceRiskLevel::Number(_) => None,
            DeviceRiskLevel::Text(text) => text.trim().parse().ok(),
        }
    }
}

impl From<generated::types::ResultResponseDeviceRiskLevel> for DeviceRiskLevel {
    fn from(level: generated::types::ResultResponseDeviceRiskLevel) -> Self {
        match level {
            generated::types::ResultResponseDeviceRiskLevel::Number(n) => {
                DeviceRiskLevel::Number(n)
            }
            generated::types::ResultResponseDeviceRiskLevel::String(s) => DeviceRiskLevel::Text(s),
        }
    }
}

/// Builds a [`Client`].
#[derive(Debug, Default)]
pub struct ClientBuilder {
    partner_code: Option<SecretString>,
    partner_key: Option<SecretString>,
    base_url: Option<String>,
    options: HttpOptions,
}

impl ClientBuilder {
    /// `partner_code` (otherwise `TRUSTDECISION_PARTNER_CODE`).
    pub fn partner_code(mut self, code: impl Into<String>) -> Self {
        self.partner_code = Some(SecretString::from(code.into()));
        self
    }

    /// `partner_key` (otherwise `TRUSTDECISION_PARTNER_KEY`).
    pub fn partner_key(mut self, key: impl Into<String>) -> Self {
        self.partner_key = Some(SecretString::from(key.into()));
        self
    }

    /// A region preset (default Singapore).
    pub fn region(mut self, region: Region) -> Self {
        self.base_url = Some(region.base_url().to_owned());
        self
    }

    /// Any base URL (a proxy, the mock); the operation paths are appended to it.
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.base_url = Some(url.into());
        self
    }

    /// HTTP options: timeouts, retries, rate limit, body cap.
    pub fn options(mut self, options: HttpOptions) -> Self {
        self.options = options;
        self
    }

    /// Checks the configuration and builds the client.
    pub fn build(self) -> Result<Client, Error> {
        let code = match self.partner_code {
            Some(code) => code,
            None => call::env_secret(PARTNER_CODE_ENV)?,
        };
        let key = match self.partner_key {
            Some(key) => key,
            None => call::env_secret(PARTNER_KEY_ENV)?,
        };
        call::check_credential(
            "the TrustDecision partner_code",
            PARTNER_CODE_ENV,
            code.expose_secret(),
        )?;
        call::check_secret(
            "the TrustDecision partner_key",
            PARTNER_KEY_ENV,
            key.expose_secret(),
        )?;
        let base_url = crate::endpoint::base_url(
            self.base_url
                .as_deref()
                .unwrap_or(Region::default().base_url()),
        )?;
        let credentials = Credentials::new(code, key);
        let caller = Caller::new(
            Vendor::TrustDecision,
            self.options,
            credentials.masked.clone(),
        )?;
        Ok(Client {
            caller,
            base_url,
            credentials: Arc::new(credentials),
        })
    }
}

struct Credentials {
    code: SecretString,
    key: SecretString,
    /// What to mask in anything shown: the key as given and as it appears in a URL (a server
    /// echoing the request URL sends it percent-encoded), longest first so that masking one
    /// form cannot leave part of the other visible. The code is an identifier, not a secret:
    /// masking it (it may be short) would only mangle messages.
    masked: Vec<SecretString>,
}

impl Credentials {
    fn new(code: SecretString, key: SecretString) -> Self {
        let plain = key.expose_secret();
        let mut masked: Vec<String> = vec![plain.to_owned()];
        let mut url = reqwest::Url::parse("http://x/").expect("a valid URL");
        url.query_pairs_mut().append_pair("k", plain);
        if let Some(encoded) = url.query().and_then(|q| q.strip_prefix("k=")) {
            masked.push(encoded.to_owned());
        }
        masked.sort_by_key(|s| std::cmp::Reverse(s.len()));
        masked.dedup();
        Self {
            code,
            key,
            masked: masked.into_iter().map(SecretString::from).collect(),
        }
    }
}

/// A TrustDecision client. Calls may run concurrently; share it behind an `Arc`.
pub struct Client {
    caller: Caller,
    base_url: String,
    credentials: Arc<Credentials>,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("base_url", &self.base_url)
            .field("credentials", &"[REDACTED]")
            .finish_non_exhaustive()
    }
}

impl Client {
    /// A builder; credentials come from the environment unless set.
    pub fn builder() -> ClientBuilder {
        ClientBuilder::default()
    }

    fn generated(&self, exchange: Arc<call::Exchange>) -> generated::Client {
        let credentials = self.credentials.clone();
        let inner = generated::Inner::new()
            .with_signer(
                move |request: &mut reqwest::Request,
                      _: &str|
                      -> Result<(), generated::SignerError> {
                    request
                        .url_mut()
                        .query_pairs_mut()
                        .append_pair("partner_code", credentials.code.expose_secret())
                        .append_pair("partner_key", credentials.key.expose_secret());
                    Ok(())
                },
            )
            .with_transport(exchange);
        generated::Client::new_with_client(&self.base_url, self.caller.http.clone(), inner)
    }

    fn masked(&self, body: bytes::Bytes) -> RawBody {
        // The caller masks the same list (`Credentials::masked`).
        self.caller.raw_body(body)
    }

    /// A license for the SDK; `session_duration` in seconds (vendor default 600, at most
    /// [`MAX_SESSION_DURATION`]; other values are refused before sending).
    pub async fn license(&self, session_duration: Option<i64>) -> Result<Response<License>, Error> {
        const NAME: &str = "retrieve_license";
        if session_duration.is_some_and(|d| !(1..=MAX_SESSION_DURATION).contains(&d)) {
            return Err(Error::InvalidRequest {
                vendor: Vendor::TrustDecision,
                operation: NAME,
                message: format!("session_duration must be 1 to {MAX_SESSION_DURATION} seconds"),
            });
        }
        let operation = Operation {
            name: NAME,
            idempotent: true,
        };
        let response = self
            .caller
            .call(operation, |exchange| {
                let client = self.generated(exchange);
                async move {
                    client
                        .retrieve_license()
                        // Unset, the spec's default (600, the vendor's) is sent.
                        .body_map(|b| match session_duration {
                            Some(seconds) => b.session_duration(seconds),
                            None => b,
                        })
                        .send()
                        .await
                }
            })
            .await?;
        let Some(license) = response.value.license.clone() else {
            return Err(Error::Decode {
                vendor: Vendor::TrustDecision,
                operation: NAME,
                status: response.status,
                message: "code 200 without a license".into(),
                body: self.masked(response.raw.clone()),
            });
        };
        Ok(response.map(|value| License {
            license,
            expiry_timestamp: value.expiry_timestamp,
            sequence_id: value.sequence_id,
        }))
    }

    /// The result of session `liveness_id` (a string or an integer, sent as given). A pass and
    /// an identified attack are both `Ok`; only codes that mean the call failed are errors.
    pub async fn result(
        &self,
        liveness_id: impl Into<LivenessId>,
    ) -> Result<Response<LivenessResult>, Error> {
        const NAME: &str = "retrieve_result";
        let id = match liveness_id.into() {
            LivenessId::Text(s) => {
                crate::endpoint::check_id(
                    Vendor::TrustDecision,
                    NAME,
                    "the liveness id",
                    &s,
                    crate::endpoint::IdIn::Body,
                )?;
                generated::types::ResultRequestLivenessId::String(s)
            }
            LivenessId::Number(n) => generated::types::ResultRequestLivenessId::Int64(n),
        };
        let operation = Operation {
            name: NAME,
            idempotent: true,
        };
        let response = self
            .caller
            .call(operation, |exchange| {
                let client = self.generated(exchange);
                let id = id.clone();
                async move {
                    client
                        .retrieve_result()
                        .body_map(|b| b.liveness_id(id))
                        .send()
                        .await
                }
            })
            .await?;
        Ok(response.map(|value| LivenessResult {
            // Inspect::vendor_error let only result codes through.
            code: ResultCode::from_wire(&value.code),
            message: value.message,
            score: value.score,
            image: value.image,
            sequence_id: value.sequence_id,
            device_risk_tag: value.device_risk_tag.unwrap_or_default(),
            device_risk_level: value.device_risk_level.map(DeviceRiskLevel::from),
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_of_the_table_round_trips_and_is_charged() {
        let table = (12202..=12222).chain([200, 12250]);
        for code in table {
            let parsed = ResultCode::from_code(code);
            assert!(!matches!(parsed, ResultCode::Other(_)), "{code}");
            assert_eq!(parsed.number(), Some(code));
            assert!(parsed.is_result(), "{code}");
            assert_eq!(parsed.charged(), Some(true), "{code}");
            assert!(parsed.description().is_some(), "{code}");
        }
        assert_eq!(
            ResultCode::from_code(12205).attack(),
            Some(AttackKind::VideoReplay)
        );
        assert_eq!(ResultCode::from_code(12218).attack(), None);
        assert_eq!(ResultCode::parse(" 200 "), ResultCode::Pass);
    }

    #[test]
    fn account_parameter_and_unknown_codes_are_not_results() {
        for code in [301, 302, 303, 304, 305, 11301, 11340, 11350, 99] {
            let parsed = ResultCode::from_code(code);
            assert!(!parsed.is_result(), "{code}");
            assert_eq!(parsed.number(), Some(code));
        }
        for code in [12201, 12230, 12231] {
            assert_eq!(ResultCode::from_code(code), ResultCode::Other(code));
            assert!(ResultCode::from_code(code).is_result());
            assert_eq!(ResultCode::from_code(code).charged(), None);
        }
        let unparsed = ResultCode::parse("E42");
        assert_eq!(unparsed, ResultCode::Unparsed("E42".into()));
        assert!(!unparsed.is_result());
        assert_eq!(unparsed.to_string(), "\"E42\"");
    }

    #[test]
    fn only_internal_error_is_retryable_and_it_is_not_charged() {
        let error = TrustDecisionError {
            code: ResultCode::InternalError,
            message: "Internal error".into(),
            sequence_id: Some("s-1".into()),
        };
        assert!(error.retryable());
        assert_eq!(error.charged(), Some(false));
        assert_eq!(
            error.to_string(),
            "TrustDecision code 11350 (internal error): Internal error (sequence_id s-1); \
             TrustDecision's internal error (not charged): retry"
        );
        for code in [301, 303, 11301, 11340, 12250] {
            let other = TrustDecisionError {
                code: ResultCode::from_code(code),
                ..error.clone()
            };
            assert!(!other.retryable(), "{code}");
        }
    }
}
