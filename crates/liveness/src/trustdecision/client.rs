//! TrustDecision's client: its builder, its calls and the types they return.

use std::sync::Arc;

use liveness_trustdecision as generated;
use secrecy::{ExposeSecret, SecretString};

use crate::call::{Inspect, Operation, Response};
use crate::client::{Account, Settings, builder_setters, client_type};
use crate::endpoint::IdIn;
use crate::error::{Vendor, VendorError};
use crate::{Error, credentials};

use super::codes::ResultCode;
use super::error::TrustDecisionError;

/// Read when no partner code is given in code.
pub const PARTNER_CODE_ENV: &str = "TRUSTDECISION_PARTNER_CODE";
/// Read when no partner key is given in code.
pub const PARTNER_KEY_ENV: &str = "TRUSTDECISION_PARTNER_KEY";

/// The longest license lifetime TrustDecision grants, in seconds (the page's table).
pub const MAX_SESSION_DURATION: i64 = 86_400;

/// TrustDecision answers HTTP 200 with a `code`: those `accepted` pass through, any other is
/// the call's error.
fn vendor_error(
    code: &generated::types::Code,
    message: &Option<String>,
    sequence_id: &Option<String>,
    accepted: fn(&ResultCode) -> bool,
) -> Option<VendorError> {
    let code = ResultCode::from_wire(code);
    (!accepted(&code)).then(|| {
        VendorError::TrustDecision(TrustDecisionError {
            code,
            message: message.clone().unwrap_or_default(),
            sequence_id: sequence_id.clone(),
        })
    })
}

/// Every TrustDecision response carries `code`, `message` and `sequence_id`; each operation
/// lets through the codes it `accepts`.
macro_rules! inspect_coded {
    ($($response:ident accepts $accepted:path),+ $(,)?) => {$(
        impl Inspect for generated::types::$response {
            fn request_id(&self) -> Option<String> {
                self.sequence_id.clone()
            }
            fn vendor_error(&self) -> Option<VendorError> {
                let (message, id) = (&self.message, &self.sequence_id);
                vendor_error(&self.code, message, id, $accepted)
            }
        }
    )+};
}

inspect_coded!(
    LicenseResponse accepts ResultCode::is_pass,
    ResultResponse accepts ResultCode::is_result,
);

/// A TrustDecision region.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[cfg_attr(feature = "clap", derive(clap::ValueEnum))]
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
    settings: Settings,
}

impl ClientBuilder {
    builder_setters! {
        secret: partner_code "`partner_code` (otherwise `TRUSTDECISION_PARTNER_CODE`).",
        secret: partner_key "`partner_key` (otherwise `TRUSTDECISION_PARTNER_KEY`).",
        preset: region(Region) "A region preset (default Singapore).",
        base_url: "Any base URL (a proxy, the mock); the operation paths are appended to it.",
        options: "HTTP options: timeouts, retries, rate limit, body cap.",
    }

    /// Checks the configuration and builds the client.
    pub fn build(self) -> Result<Client, Error> {
        let code = match self.partner_code {
            Some(code) => code,
            None => credentials::env_secret(PARTNER_CODE_ENV)?,
        };
        credentials::check_credential(
            "the TrustDecision partner_code",
            PARTNER_CODE_ENV,
            code.expose_secret(),
        )?;
        let key = credentials::given_or_env(
            self.partner_key,
            "the TrustDecision partner_key",
            PARTNER_KEY_ENV,
        )?;
        let masked = masked_forms(&key);
        let account = code.expose_secret().to_owned();
        let signer = move |request: &mut reqwest::Request, _: &str| {
            request
                .url_mut()
                .query_pairs_mut()
                .append_pair("partner_code", code.expose_secret())
                .append_pair("partner_key", key.expose_secret());
            Ok::<(), generated::SignerError>(())
        };
        let caller = self.settings.into_caller(
            Vendor::TrustDecision,
            Region::default().base_url(),
            masked,
            Arc::new(signer),
            Account::Id(&account),
        )?;
        Ok(Client { caller })
    }
}

/// What to mask in anything shown: the key as given and as it appears in a URL (a server
/// echoing the request URL sends it percent-encoded), longest first so that masking one form
/// cannot leave part of the other visible. The partner code is an identifier, not a secret:
/// masking it (it may be short) would only mangle messages.
fn masked_forms(key: &SecretString) -> Vec<SecretString> {
    let plain = key.expose_secret();
    let mut masked: Vec<String> = vec![plain.to_owned()];
    let mut url = reqwest::Url::parse("http://x/").expect("a valid URL");
    url.query_pairs_mut().append_pair("k", plain);
    if let Some(encoded) = url.query().and_then(|q| q.strip_prefix("k=")) {
        masked.push(encoded.to_owned());
    }
    masked.sort_by_key(|s| std::cmp::Reverse(s.len()));
    masked.dedup();
    masked.into_iter().map(SecretString::from).collect()
}

client_type! {
    /// A TrustDecision client. Calls may run concurrently; share it behind an `Arc`.
    builder: "A builder; credentials come from the environment unless set.",
}

impl Client {
    /// A license for the SDK; `session_duration` in seconds (vendor default 600, at most
    /// [`MAX_SESSION_DURATION`]; other values are refused before sending).
    pub async fn license(&self, session_duration: Option<i64>) -> Result<Response<License>, Error> {
        const OPERATION: Operation = generated::operations::RETRIEVE_LICENSE;
        const NAME: &str = OPERATION.id;
        if session_duration.is_some_and(|d| !(1..=MAX_SESSION_DURATION).contains(&d)) {
            return Err(Error::InvalidRequest {
                vendor: Vendor::TrustDecision,
                operation: NAME,
                message: format!("session_duration must be 1 to {MAX_SESSION_DURATION} seconds"),
            });
        }
        let response = self
            .caller
            .send(OPERATION, |client: generated::Client| {
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
                body: self.caller.raw_body(response.raw.clone()),
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
        const OPERATION: Operation = generated::operations::RETRIEVE_RESULT;
        let id = match liveness_id.into() {
            LivenessId::Text(s) => {
                self.caller
                    .check_id(OPERATION, "the liveness id", &s, IdIn::Body)?;
                generated::types::ResultRequestLivenessId::String(s)
            }
            LivenessId::Number(n) => generated::types::ResultRequestLivenessId::Int64(n),
        };
        let response = self
            .caller
            .send(OPERATION, |client: generated::Client| {
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
    use super::super::codes::AttackKind;
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
