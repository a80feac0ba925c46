//! What a mock run is told: the credentials it accepts, the outcome new sessions get, and the
//! faults it injects.

use std::fmt;
use std::str::FromStr;
use std::time::Duration;

use secrecy::{ExposeSecret, SecretString};

use crate::Vendor;

/// Demo Tencent SecretId, accepted when `TENCENTCLOUD_SECRET_ID` is unset.
pub const DEMO_TENCENT_SECRET_ID: &str = "AKIDmockDemoSecretId0000000000000000";
/// Demo Tencent SecretKey, accepted when `TENCENTCLOUD_SECRET_KEY` is unset.
pub const DEMO_TENCENT_SECRET_KEY: &str = "mock-demo-secret-key-000000000000";
/// Demo TrustDecision partner code, accepted when `TRUSTDECISION_PARTNER_CODE` is unset.
pub const DEMO_TRUSTDECISION_PARTNER_CODE: &str = "mock-partner";
/// Demo TrustDecision partner key, accepted when `TRUSTDECISION_PARTNER_KEY` is unset.
pub const DEMO_TRUSTDECISION_PARTNER_KEY: &str = "mock-partner-key";
/// Demo Talentomobile key, accepted when `TALENTOMOBILE_API_KEY` is unset.
pub const DEMO_TALENTOMOBILE_API_KEY: &str = "mock-talentomobile-key";
/// Demo Verifik token, accepted when `VERIFIK_TOKEN` is unset.
pub const DEMO_VERIFIK_TOKEN: &str = "mock-verifik-token";

/// One credential the mock accepts, and whether it is the public demo value.
#[derive(Clone)]
pub struct Accepted {
    value: SecretString,
    /// The environment variable it came from; `None` for the demo default.
    pub from_env: Option<&'static str>,
}

impl Accepted {
    fn demo(value: &str) -> Self {
        Self {
            value: SecretString::from(value.to_owned()),
            from_env: None,
        }
    }

    /// The credential as the clients read it (the variable, else the file its `_FILE` twin
    /// names), else the demo value. A variable the clients would refuse (both forms set, an
    /// unreadable file) also falls back: the client's own build error then says why.
    fn env_or(name: &'static str, demo: &str) -> Self {
        match liveness::credential_from_env(name) {
            Ok(Some(value)) if !value.expose_secret().is_empty() => Self {
                value,
                from_env: Some(name),
            },
            _ => Self::demo(demo),
        }
    }

    /// The value, for comparisons and for clients in tests.
    pub fn expose(&self) -> &str {
        self.value.expose_secret()
    }

    /// Whether `candidate` is this credential.
    pub fn matches(&self, candidate: &str) -> bool {
        // Constant time over the shorter length is not needed for a loopback mock; plain equality.
        self.value.expose_secret() == candidate
    }
}

/// Demo values are public and printed; values from the environment are never printed.
impl fmt::Display for Accepted {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.from_env {
            None => write!(f, "{} (demo)", self.value.expose_secret()),
            // The variable itself when set; else the clients read its `_FILE` twin.
            Some(name) if std::env::var_os(name).is_none() => write!(f, "from ${name}_FILE"),
            Some(name) => write!(f, "from ${name}"),
        }
    }
}

impl fmt::Debug for Accepted {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.from_env {
            None => write!(f, "{:?}", self.value.expose_secret()),
            Some(name) => write!(f, "[REDACTED from ${name}]"),
        }
    }
}

/// The credentials the mock accepts, one set per vendor.
#[derive(Debug, Clone)]
pub struct Credentials {
    /// Tencent SecretId (not a secret, but read the same way).
    pub tencent_secret_id: Accepted,
    /// Tencent SecretKey.
    pub tencent_secret_key: Accepted,
    /// Tencent session token; when set, requests must carry it in `X-TC-Token`.
    pub tencent_token: Option<Accepted>,
    /// TrustDecision `partner_code`.
    pub trustdecision_partner_code: Accepted,
    /// TrustDecision `partner_key`.
    pub trustdecision_partner_key: Accepted,
    /// Talentomobile `Authorization` key.
    pub talentomobile_api_key: Accepted,
    /// Verifik bearer token.
    pub verifik_token: Accepted,
}

impl Credentials {
    /// The documented demo values (the `DEMO_*` constants), whatever the environment says.
    pub fn demo() -> Self {
        Self {
            tencent_secret_id: Accepted::demo(DEMO_TENCENT_SECRET_ID),
            tencent_secret_key: Accepted::demo(DEMO_TENCENT_SECRET_KEY),
            tencent_token: None,
            trustdecision_partner_code: Accepted::demo(DEMO_TRUSTDECISION_PARTNER_CODE),
            trustdecision_partner_key: Accepted::demo(DEMO_TRUSTDECISION_PARTNER_KEY),
            talentomobile_api_key: Accepted::demo(DEMO_TALENTOMOBILE_API_KEY),
            verifik_token: Accepted::demo(DEMO_VERIFIK_TOKEN),
        }
    }

    /// The clients' environment variables, each falling back to its demo value.
    pub fn from_env() -> Self {
        let token = liveness::credential_from_env("TENCENTCLOUD_SESSION_TOKEN")
            .ok()
            .flatten()
            .filter(|t| !t.expose_secret().is_empty())
            .map(|value| Accepted {
                value,
                from_env: Some("TENCENTCLOUD_SESSION_TOKEN"),
            });
        Self {
            tencent_secret_id: Accepted::env_or("TENCENTCLOUD_SECRET_ID", DEMO_TENCENT_SECRET_ID),
            tencent_secret_key: Accepted::env_or(
                "TENCENTCLOUD_SECRET_KEY",
                DEMO_TENCENT_SECRET_KEY,
            ),
            tencent_token: token,
            trustdecision_partner_code: Accepted::env_or(
                "TRUSTDECISION_PARTNER_CODE",
                DEMO_TRUSTDECISION_PARTNER_CODE,
            ),
            trustdecision_partner_key: Accepted::env_or(
                "TRUSTDECISION_PARTNER_KEY",
                DEMO_TRUSTDECISION_PARTNER_KEY,
            ),
            talentomobile_api_key: Accepted::env_or(
                "TALENTOMOBILE_API_KEY",
                DEMO_TALENTOMOBILE_API_KEY,
            ),
            verifik_token: Accepted::env_or("VERIFIK_TOKEN", DEMO_VERIFIK_TOKEN),
        }
    }
}

/// What a newly issued session (Tencent token, TrustDecision license, Verifik record, admin
/// session) leads to.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Outcome {
    /// A live person.
    #[default]
    Pass,
    /// A detected attack: the vendor's code or name (`1002`, `12212`, `printed-copy`,
    /// `CH_BLINK`), or the vendor's usual attack when `None`.
    Attack(Option<String>),
    /// The session expired before the result was fetched.
    Expired,
}

/// `pass`, `attack`, `attack:<code>` or `expired`.
impl FromStr for Outcome {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim() {
            "pass" => Ok(Outcome::Pass),
            "attack" => Ok(Outcome::Attack(None)),
            "expired" => Ok(Outcome::Expired),
            other => match other.strip_prefix("attack:") {
                Some(code) if !code.is_empty() => Ok(Outcome::Attack(Some(code.to_owned()))),
                _ => Err(format!(
                    "unknown outcome {other:?}: use pass, attack, attack:<code> or expired"
                )),
            },
        }
    }
}

impl fmt::Display for Outcome {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Outcome::Pass => f.write_str("pass"),
            Outcome::Attack(None) => f.write_str("attack"),
            Outcome::Attack(Some(code)) => write!(f, "attack:{code}"),
            Outcome::Expired => f.write_str("expired"),
        }
    }
}

/// A fault the mock injects instead of (or before) its normal answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Fault {
    /// The vendor's rate limit: Tencent `RequestLimitExceeded` (HTTP 200), others HTTP 429.
    RateLimit,
    /// HTTP 503.
    ServerError,
    /// The normal answer, after this delay.
    Slow(Duration),
    /// The connection is closed before the response is complete.
    Drop,
    /// A 200 response whose body is this many bytes.
    Oversize(u64),
    /// The vendor's internal error: Tencent `InternalError`, TrustDecision 11350 (both with
    /// HTTP 200), HTTP 500 for the others.
    InternalError,
    /// A 200 response with an HTML page instead of JSON (a proxy's error page).
    Html,
    /// A 200 JSON response of the wrong shape (an array of mixed values).
    WrongType,
    /// A file download (`/__files/`) with one byte changed: its MD5 no longer matches the
    /// FileInfo that announced it. Applies to file downloads only.
    CorruptFile,
    /// The credentials are refused as the vendor refuses a wrong key: Tencent
    /// `AuthFailure.SecretIdNotFound`, TrustDecision 11340, HTTP 401 for the others.
    RefuseKey,
    /// A TrustDecision account code in an HTTP 200 body (301 not purchased, 302 suspended, 303
    /// no balance, 304 expired, 305 daily volume capped); HTTP 403 for the others.
    Account(u16),
}

/// A fault, for which vendor, and how many times.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FaultRule {
    /// What happens.
    pub fault: Fault,
    /// Only requests to this vendor; every vendor when `None`.
    pub vendor: Option<Vendor>,
    /// How many requests it applies to; every request when `None`.
    pub times: Option<u32>,
}

impl FaultRule {
    /// `fault` for every request to every vendor.
    pub fn always(fault: Fault) -> Self {
        Self {
            fault,
            vendor: None,
            times: None,
        }
    }

    /// `fault` for the next `times` requests.
    pub fn times(fault: Fault, times: u32) -> Self {
        Self {
            fault,
            vendor: None,
            times: Some(times),
        }
    }

    /// Only for requests to `vendor`.
    pub fn for_vendor(mut self, vendor: Vendor) -> Self {
        self.vendor = Some(vendor);
        self
    }
}

/// `KIND[=VALUE][*TIMES][@VENDOR]`: `rate-limit`, `server-error`, `slow=MILLIS`, `drop`,
/// `oversize=BYTES`, `internal-error`, `html`, `wrong-type`, `corrupt-file`; e.g. `rate-limit*2@tencent`, `slow=1500`.
impl FromStr for FaultRule {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let (rest, vendor) = match s.split_once('@') {
            Some((rest, vendor)) => (
                rest,
                Some(vendor.parse::<Vendor>().map_err(|e| e.to_string())?),
            ),
            None => (s, None),
        };
        let (rest, times) = match rest.split_once('*') {
            Some((rest, times)) => (
                rest,
                Some(
                    times
                        .parse::<u32>()
                        .map_err(|_| format!("{times:?} is not a count in {s:?}"))?,
                ),
            ),
            None => (rest, None),
        };
        let (kind, value) = match rest.split_once('=') {
            Some((kind, value)) => (kind, Some(value)),
            None => (rest, None),
        };
        let number = |what: &str| -> Result<u64, String> {
            value
                .ok_or_else(|| format!("{kind} needs ={what}"))?
                .parse::<u64>()
                .map_err(|_| format!("{kind}: {value:?} is not a number of {what}"))
        };
        let fault = match kind.trim() {
            "rate-limit" => Fault::RateLimit,
            "server-error" => Fault::ServerError,
            "slow" => Fault::Slow(Duration::from_millis(number("milliseconds")?)),
            "drop" => Fault::Drop,
            "oversize" => Fault::Oversize(number("bytes")?),
            "corrupt-file" => Fault::CorruptFile,
            "internal-error" => Fault::InternalError,
            "html" => Fault::Html,
            "wrong-type" => Fault::WrongType,
            "refuse-key" => Fault::RefuseKey,
            "account" => Fault::Account(
                u16::try_from(number("a code")?).map_err(|_| format!("{kind}: too large"))?,
            ),
            other => {
                return Err(format!(
                    "unknown fault {other:?}: use rate-limit, server-error, internal-error, slow=MS, drop, oversize=BYTES, html, wrong-type, corrupt-file, refuse-key or account=CODE"
                ));
            }
        };
        Ok(FaultRule {
            fault,
            vendor,
            times,
        })
    }
}

/// How a mock run starts.
#[derive(Debug, Clone)]
pub struct MockConfig {
    /// The credentials it accepts (default: [`Credentials::from_env`]).
    pub credentials: Credentials,
    /// What new sessions lead to (default: a pass).
    pub outcome: Outcome,
    /// Faults from the start.
    pub faults: Vec<FaultRule>,
    /// Seconds added to the mock's clock (a server whose clock is off).
    pub clock_offset_secs: i64,
}

impl Default for MockConfig {
    fn default() -> Self {
        Self {
            credentials: Credentials::from_env(),
            outcome: Outcome::Pass,
            faults: Vec::new(),
            clock_offset_secs: 0,
        }
    }
}

impl MockConfig {
    /// The demo credentials, whatever the environment says (for tests that must not depend on it).
    pub fn demo() -> Self {
        Self {
            credentials: Credentials::demo(),
            ..Self::default()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn outcomes_parse_and_print_back() {
        for text in ["pass", "attack", "attack:12212", "expired"] {
            assert_eq!(text.parse::<Outcome>().unwrap().to_string(), text);
        }
        assert!("maybe".parse::<Outcome>().is_err());
        assert!("attack:".parse::<Outcome>().is_err());
    }

    #[test]
    fn fault_rules_parse() {
        assert_eq!(
            "rate-limit*2@tencent".parse::<FaultRule>().unwrap(),
            FaultRule::times(Fault::RateLimit, 2).for_vendor(Vendor::Tencent)
        );
        assert_eq!(
            "slow=1500".parse::<FaultRule>().unwrap(),
            FaultRule::always(Fault::Slow(Duration::from_millis(1500)))
        );
        assert!("slow".parse::<FaultRule>().is_err());
        assert_eq!(
            "account=303@trustdecision".parse::<FaultRule>().unwrap(),
            FaultRule::always(Fault::Account(303)).for_vendor(Vendor::TrustDecision)
        );
        assert_eq!(
            "refuse-key".parse::<FaultRule>().unwrap(),
            FaultRule::always(Fault::RefuseKey)
        );
        assert!("account=70000".parse::<FaultRule>().is_err());
        assert!("explode".parse::<FaultRule>().is_err());
        assert!("drop@nobody".parse::<FaultRule>().is_err());
    }

    #[test]
    fn credentials_from_the_environment_are_never_shown() {
        let accepted = Accepted {
            value: SecretString::from("hunter2-sentinel".to_owned()),
            from_env: Some("VERIFIK_TOKEN"),
        };
        assert!(!format!("{accepted} {accepted:?}").contains("hunter2"));
        assert!(format!("{}", Accepted::demo("demo-value")).contains("demo-value"));
    }
}
