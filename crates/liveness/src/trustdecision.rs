//! TrustDecision liveness (SDK flow): a license for the mobile SDK, then the result.
//!
//! Auth is `partner_code` and `partner_key` in the query string, so the request URL carries a
//! secret: it is never shown (the call engine drops URLs from transport errors, and the key is
//! masked in any body or message shown). `code` arrives as an integer or a string; both read.

use std::fmt;
use std::sync::Arc;

use liveness_trustdecision as generated;
use secrecy::{ExposeSecret, SecretString};

use crate::call::{self, Caller, Inspect, Operation, Response};
use crate::error::{Vendor, VendorError};
use crate::{Error, HttpOptions};

/// Read when no partner code is given in code.
pub const PARTNER_CODE_ENV: &str = "TRUSTDECISION_PARTNER_CODE";
/// Read when no partner key is given in code.
pub const PARTNER_KEY_ENV: &str = "TRUSTDECISION_PARTNER_KEY";

call::impl_transport!(liveness_trustdecision);

/// The attack a failed check identified (the page's code table, 122xx).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum AttackKind {
    /// 12202.
    Blink,
    /// 12203.
    MouthMovement,
    /// 12204.
    PartialFace,
    /// 12205: a video replayed on a screen.
    VideoReplay,
    /// 12206.
    BlackAndWhiteImage,
    /// 12207, 12211 (optical flow).
    PaperPrint,
    /// 12208: a paper or phone frame.
    Frame,
    /// 12209.
    MoirePattern,
    /// 12210.
    FaceSuperiority,
    /// 12212, 12217 (T-type).
    Mask,
    /// 12213.
    IdCard,
    /// 12214.
    Mask3d,
    /// 12215.
    SyntheticImage,
    /// 12216.
    BlackMarketSoftware,
    /// 12219.
    Deepfake,
    /// 12220.
    HighResolutionScreen,
    /// 12222.
    Injection,
}

/// A result `code`: the check ran (and was charged). Codes that mean the call itself failed
/// are [`TrustDecisionError`]s instead.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ResultCode {
    /// 200: a live person.
    Live,
    /// An identified attack, with its code.
    Attack(AttackKind, i64),
    /// 12218 (blurry image), 12221 (light verification failed): the capture was not usable.
    CaptureQuality(i64),
    /// 12250: verification error.
    VerificationError,
    /// Another 122xx code (12201, 12230 and 12231 are seen in third-party clients).
    Other(i64),
}

impl ResultCode {
    /// The result for `code`, or `None` when the code is not a result (parameters, account,
    /// internal error).
    pub fn from_code(code: i64) -> Option<Self> {
        use AttackKind::*;
        let attack = |kind| Some(ResultCode::Attack(kind, code));
        match code {
            200 => Some(ResultCode::Live),
            12202 => attack(Blink),
            12203 => attack(MouthMovement),
            12204 => attack(PartialFace),
            12205 => attack(VideoReplay),
            12206 => attack(BlackAndWhiteImage),
            12207 | 12211 => attack(PaperPrint),
            12208 => attack(Frame),
            12209 => attack(MoirePattern),
            12210 => attack(FaceSuperiority),
            12212 | 12217 => attack(Mask),
            12213 => attack(IdCard),
            12214 => attack(Mask3d),
            12215 => attack(SyntheticImage),
            12216 => attack(BlackMarketSoftware),
            12219 => attack(Deepfake),
            12220 => attack(HighResolutionScreen),
            12222 => attack(Injection),
            12218 | 12221 => Some(ResultCode::CaptureQuality(code)),
            12250 => Some(ResultCode::VerificationError),
            12200..=12299 => Some(ResultCode::Other(code)),
            _ => None,
        }
    }

    /// The numeric code.
    pub fn code(self) -> i64 {
        match self {
            ResultCode::Live => 200,
            ResultCode::VerificationError => 12250,
            ResultCode::Attack(_, code)
            | ResultCode::CaptureQuality(code)
            | ResultCode::Other(code) => code,
        }
    }

    /// Whether the person passed.
    pub fn is_live(self) -> bool {
        self == ResultCode::Live
    }

    /// The attack, if one was identified.
    pub fn attack(self) -> Option<AttackKind> {
        match self {
            ResultCode::Attack(kind, _) => Some(kind),
            _ => None,
        }
    }

    /// Whether TrustDecision charges for this check: every code in the page's table is charged;
    /// `None` for codes the table does not list.
    pub fn charged(self) -> Option<bool> {
        match self {
            ResultCode::Other(_) => None,
            _ => Some(true),
        }
    }
}

/// A `code` that means the call failed (11350 internal error, parameter and account codes, or
/// any code that is not a result), with the vendor's message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TrustDecisionError {
    /// The code as sent (a number or a string).
    pub code: String,
    /// `message`.
    pub message: String,
    /// `sequence_id`, for TrustDecision support.
    pub sequence_id: Option<String>,
}

impl TrustDecisionError {
    /// The code as a number, if it is one.
    pub fn number(&self) -> Option<i64> {
        self.code.trim().parse().ok()
    }

    /// 11350 (internal error) is worth another attempt.
    pub fn retryable(&self) -> bool {
        self.number() == Some(11350)
    }

    /// Whether the call was charged: 11350 is not (the page's table); `None` otherwise.
    pub fn charged(&self) -> Option<bool> {
        (self.number() == Some(11350)).then_some(false)
    }

    pub(crate) fn redact(&mut self, mask: &dyn Fn(&str) -> String) {
        self.message = mask(&self.message);
    }

    fn hint(&self) -> &'static str {
        match self.number() {
            Some(301..=305) => {
                "; check the TrustDecision account (purchase, balance, expiry, quota)"
            }
            Some(11301) | Some(11340) => "; check the request parameters",
            Some(11350) => "; TrustDecision's internal error: retry",
            _ => "",
        }
    }
}

impl fmt::Display for TrustDecisionError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "TrustDecision code {}: {}", self.code, self.message)?;
        if let Some(id) = &self.sequence_id {
            write!(f, " (sequence_id {id})")?;
        }
        f.write_str(self.hint())
    }
}

fn code_text(code: &generated::types::Code) -> String {
    match code {
        generated::types::Code::Int64(n) => n.to_string(),
        generated::types::Code::String(s) => s.clone(),
    }
}

fn code_number(code: &generated::types::Code) -> Option<i64> {
    match code {
        generated::types::Code::Int64(n) => Some(*n),
        generated::types::Code::String(s) => s.trim().parse().ok(),
    }
}

fn error_for(
    code: &generated::types::Code,
    message: &Option<String>,
    sequence_id: &Option<String>,
) -> VendorError {
    VendorError::TrustDecision(TrustDecisionError {
        code: code_text(code),
        message: message.clone().unwrap_or_default(),
        sequence_id: sequence_id.clone(),
    })
}

impl Inspect for generated::types::LicenseResponse {
    fn request_id(&self) -> Option<String> {
        self.sequence_id.clone()
    }
    fn vendor_error(&self) -> Option<VendorError> {
        (code_number(&self.code) != Some(200))
            .then(|| error_for(&self.code, &self.message, &self.sequence_id))
    }
}

impl Inspect for generated::types::ResultResponse {
    fn request_id(&self) -> Option<String> {
        self.sequence_id.clone()
    }
    fn vendor_error(&self) -> Option<VendorError> {
        code_number(&self.code)
            .and_then(ResultCode::from_code)
            .is_none()
            .then(|| error_for(&self.code, &self.message, &self.sequence_id))
    }
}

/// A TrustDecision region.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
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

/// The id the mobile SDK returned: the page documents a string and shows a number.
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
    /// `license`.
    pub license: String,
    /// `expiry_timestamp`, Unix seconds.
    pub expiry_timestamp: Option<i64>,
    /// `sequence_id`.
    pub sequence_id: Option<String>,
}

/// The result of a liveness session.
#[derive(Debug, Clone, PartialEq)]
pub struct LivenessResult {
    /// The code, typed.
    pub code: ResultCode,
    /// `message`.
    pub message: Option<String>,
    /// `score` (a reserved field; may be absent).
    pub score: Option<f64>,
    /// `image`: the best frame, base64.
    pub image: Option<String>,
    /// `sequence_id`.
    pub sequence_id: Option<String>,
    /// `device_risk_tag` (third-party clients read it).
    pub device_risk_tag: Vec<String>,
    /// `device_risk_level`.
    pub device_risk_level: Option<i64>,
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

    /// Any base URL (a proxy, the mock).
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
        call::check_credential("the TrustDecision partner_code", code.expose_secret())?;
        call::check_credential("the TrustDecision partner_key", key.expose_secret())?;
        let base_url = crate::endpoint::base_url(
            self.base_url
                .as_deref()
                .unwrap_or(Region::default().base_url()),
        )?;
        let caller = Caller::new(Vendor::TrustDecision, self.options, vec![key.clone()])?;
        Ok(Client {
            caller,
            base_url,
            credentials: Arc::new((code, key)),
        })
    }
}

/// A TrustDecision client. Calls may run concurrently; share it behind an `Arc`.
pub struct Client {
    caller: Caller,
    base_url: String,
    credentials: Arc<(SecretString, SecretString)>,
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
                        .append_pair("partner_code", credentials.0.expose_secret())
                        .append_pair("partner_key", credentials.1.expose_secret());
                    Ok(())
                },
            )
            .with_transport(exchange);
        generated::Client::new_with_client(&self.base_url, self.caller.http.clone(), inner)
    }

    /// A license for the SDK; `session_duration` in seconds (vendor default 600, at most
    /// 86400).
    pub async fn license(&self, session_duration: Option<i64>) -> Result<Response<License>, Error> {
        let operation = Operation {
            name: "retrieve_license",
            idempotent: true,
        };
        let response = self
            .caller
            .call(operation, |exchange| {
                let client = self.generated(exchange);
                async move {
                    client
                        .retrieve_license()
                        .body_map(|b| b.session_duration(session_duration))
                        .send()
                        .await
                }
            })
            .await?;
        let Some(license) = response.value.license.clone() else {
            return Err(Error::Decode {
                vendor: Vendor::TrustDecision,
                operation: "retrieve_license",
                status: response.status,
                message: "code 200 without a license".into(),
                body: crate::error::RawBody::new(response.raw.clone(), &[]),
            });
        };
        Ok(response.map(|value| License {
            license,
            expiry_timestamp: value.expiry_timestamp,
            sequence_id: value.sequence_id,
        }))
    }

    /// The result of session `liveness_id`. An identified attack is `Ok` with
    /// [`ResultCode::Attack`]; only codes that mean the call failed are errors.
    pub async fn result(
        &self,
        liveness_id: impl Into<LivenessId>,
    ) -> Result<Response<LivenessResult>, Error> {
        let id = match liveness_id.into() {
            LivenessId::Text(s) => generated::types::ResultRequestLivenessId::String(s),
            LivenessId::Number(n) => generated::types::ResultRequestLivenessId::Int64(n),
        };
        let operation = Operation {
            name: "retrieve_result",
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
            code: code_number(&value.code)
                .and_then(ResultCode::from_code)
                .unwrap_or(ResultCode::Other(0)),
            message: value.message,
            score: value.score,
            image: value.image,
            sequence_id: value.sequence_id,
            device_risk_tag: value.device_risk_tag,
            device_risk_level: value.device_risk_level,
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_code_table_maps_attacks_quality_and_unknowns() {
        assert_eq!(ResultCode::from_code(200), Some(ResultCode::Live));
        assert_eq!(
            ResultCode::from_code(12205).and_then(ResultCode::attack),
            Some(AttackKind::VideoReplay)
        );
        assert_eq!(
            ResultCode::from_code(12222).and_then(ResultCode::attack),
            Some(AttackKind::Injection)
        );
        assert_eq!(
            ResultCode::from_code(12218),
            Some(ResultCode::CaptureQuality(12218))
        );
        assert_eq!(ResultCode::from_code(12231), Some(ResultCode::Other(12231)));
        assert_eq!(
            ResultCode::from_code(12231).and_then(ResultCode::charged),
            None
        );
        assert_eq!(
            ResultCode::from_code(12205).and_then(ResultCode::charged),
            Some(true)
        );
        assert_eq!(ResultCode::from_code(11350), None);
        assert_eq!(ResultCode::from_code(301), None);
        for code in (12202..=12222).chain([12250]) {
            let parsed = ResultCode::from_code(code).expect("documented");
            assert!(!matches!(parsed, ResultCode::Other(_)), "{code}");
            assert_eq!(parsed.code(), code);
        }
    }

    #[test]
    fn internal_error_is_retryable_and_not_charged() {
        let error = TrustDecisionError {
            code: "11350".into(),
            message: "Internal error".into(),
            sequence_id: None,
        };
        assert!(error.retryable());
        assert_eq!(error.charged(), Some(false));
        let params = TrustDecisionError {
            code: "11340".into(),
            ..error
        };
        assert!(!params.retryable());
    }
}
