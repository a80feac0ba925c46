//! Why a first real call would fail, checked in order for a vendor before any real traffic:
//! its credentials ([`Stage::Credentials`]: where each came from, paste errors, Tencent's
//! region), the endpoint ([`Stage::Endpoint`]: URL, proxy, DNS, TCP, TLS, each timed), the
//! clock ([`Stage::Clock`]: the skew from the endpoint's `Date`) and whether the vendor accepts
//! the credentials ([`Stage::Auth`]: one harmless read of an id that cannot exist).
//!
//! Each [`Check`] is ok, warn, fail or skipped, with one line of why and one of what to do.
//! Nothing is created, billed or kept at the vendor (no token, no license, no record), and no
//! secret is ever in a check: values are described, never shown. `liveness doctor` is this
//! module with a printer.
//!
//! ```no_run
//! use liveness::Vendor;
//! use liveness::doctor::{Doctor, Status};
//!
//! # async fn run() {
//! let doctor = Doctor::new();
//! for check in doctor.check(Vendor::Talentomobile).await {
//!     if check.status == Status::Fail {
//!         eprintln!("{:?} {}: {} (to do: {})", check.stage, check.name, check.why, check.fix);
//!     }
//! }
//! # }
//! ```

mod auth;
mod credentials;
mod endpoint;

use std::sync::Arc;
use std::time::Duration;

use schemars::JsonSchema;
use serde::Serialize;

use crate::Vendor;

/// Each network step's time limit unless [`Doctor::timeout`] says otherwise.
pub const DEFAULT_STEP_TIMEOUT: Duration = Duration::from_secs(10);

/// Where a check belongs, in the order the stages run (and compare).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Stage {
    /// Credentials and region: present, where from, no paste error.
    Credentials,
    /// The URL, the proxy, DNS, TCP and TLS.
    Endpoint,
    /// The local clock against the endpoint's `Date`.
    Clock,
    /// The vendor's answer to the credentials.
    Auth,
}

/// How a check came out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Nothing to do.
    Ok,
    /// It may work, but look.
    Warn,
    /// A real call would fail.
    Fail,
    /// Not run (an earlier check failed, or it does not apply).
    Skipped,
}

/// One check's result.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct Check {
    /// The vendor checked.
    pub vendor: Vendor,
    /// The stage.
    pub stage: Stage,
    /// What was checked: a variable's name, `region`, `url`, `proxy`, `dns`, `tcp`, `tls`,
    /// `skew`, `credentials accepted`.
    pub name: String,
    /// ok, warn, fail or skipped.
    pub status: Status,
    /// One line of why. Never a secret.
    pub why: String,
    /// One line of what to do (empty when nothing).
    pub fix: String,
    /// How long the step took, where it made a network round trip.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub elapsed_ms: Option<u64>,
    /// The request the auth check made: method, URL and header names, secrets redacted.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub request: Option<String>,
}

impl Check {
    fn new(vendor: Vendor, stage: Stage, name: impl Into<String>, status: Status) -> Self {
        Self {
            vendor,
            stage,
            name: name.into(),
            status,
            why: String::new(),
            fix: String::new(),
            elapsed_ms: None,
            request: None,
        }
    }

    fn status(mut self, status: Status) -> Self {
        self.status = status;
        self
    }

    fn why(mut self, why: impl Into<String>) -> Self {
        self.why = why.into();
        self
    }

    fn fix(mut self, fix: impl Into<String>) -> Self {
        self.fix = fix.into();
        self
    }

    fn took(mut self, elapsed: Duration) -> Self {
        self.elapsed_ms = Some(u64::try_from(elapsed.as_millis()).unwrap_or(u64::MAX));
        self
    }
}

/// The first stage with a failed check, if any: what a caller's exit code or alert keys on.
pub fn first_failed<'a>(checks: impl IntoIterator<Item = &'a Check>) -> Option<Stage> {
    checks
        .into_iter()
        .filter(|check| check.status == Status::Fail)
        .map(|check| check.stage)
        .min()
}

/// How the doctor reads a variable when [`Doctor::variables`] replaces the environment.
type Variables = dyn Fn(&str) -> Result<String, std::env::VarError> + Send + Sync;

/// A variable as the doctor found it.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Found {
    /// Not set (nor, for a credential, its `_FILE`).
    Missing,
    /// Set, but not readable as text; why.
    Unreadable(String),
    /// Its value, and where it came from (`the variable X`, `the file P (X_FILE)`).
    Value { value: String, source: String },
}

impl Found {
    /// The value, or empty.
    fn value(self) -> String {
        match self {
            Found::Value { value, .. } => value,
            _ => String::new(),
        }
    }
}

/// The checks, configured as the client under test is: the endpoint, region and environment
/// it would use, and where its credentials come from.
#[derive(Clone)]
pub struct Doctor {
    endpoint: Option<String>,
    tencent_region: Option<String>,
    #[cfg(feature = "trustdecision")]
    trustdecision_region: crate::trustdecision::Region,
    #[cfg(feature = "talentomobile")]
    talentomobile_environment: crate::talentomobile::Environment,
    #[cfg(feature = "verifik")]
    verifik_environment: crate::verifik::Environment,
    timeout: Duration,
    /// What replaces the environment, and how the checks name it; `None`: the environment.
    variables: Option<(String, Arc<Variables>)>,
}

impl std::fmt::Debug for Doctor {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // The variables are a function: nothing to show, and nothing secret shown.
        f.debug_struct("Doctor")
            .field("endpoint", &self.endpoint)
            .field("tencent_region", &self.tencent_region)
            .field("timeout", &self.timeout)
            .finish_non_exhaustive()
    }
}

impl Default for Doctor {
    fn default() -> Self {
        Self {
            endpoint: None,
            tencent_region: None,
            #[cfg(feature = "trustdecision")]
            trustdecision_region: Default::default(),
            #[cfg(feature = "talentomobile")]
            talentomobile_environment: Default::default(),
            #[cfg(feature = "verifik")]
            verifik_environment: Default::default(),
            timeout: DEFAULT_STEP_TIMEOUT,
            variables: None,
        }
    }
}

impl Doctor {
    /// The vendors' production hosts, credentials from the process environment as the client
    /// builders read them (each variable, or the file its `_FILE` variable names), 10 s per
    /// network step.
    pub fn new() -> Self {
        Self::default()
    }

    /// Any base URL instead of the vendor's (a proxy, the mock), as the client's `base_url`.
    pub fn endpoint(mut self, url: impl Into<String>) -> Self {
        self.endpoint = Some(url.into());
        self
    }

    /// Tencent's region, as the client's `region(..)` with the regional host (otherwise
    /// `TENCENTCLOUD_REGION` is read, with the international host).
    pub fn tencent_region(mut self, region: impl Into<String>) -> Self {
        self.tencent_region = Some(region.into());
        self
    }

    /// TrustDecision's region preset (default Singapore).
    #[cfg(feature = "trustdecision")]
    pub fn trustdecision_region(mut self, region: crate::trustdecision::Region) -> Self {
        self.trustdecision_region = region;
        self
    }

    /// Talentomobile's environment preset (default PRO).
    #[cfg(feature = "talentomobile")]
    pub fn talentomobile_environment(
        mut self,
        environment: crate::talentomobile::Environment,
    ) -> Self {
        self.talentomobile_environment = environment;
        self
    }

    /// Verifik's environment preset (default production).
    #[cfg(feature = "verifik")]
    pub fn verifik_environment(mut self, environment: crate::verifik::Environment) -> Self {
        self.verifik_environment = environment;
        self
    }

    /// Each network step's time limit (DNS, TCP, TLS, the clock's request, the read).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// Reads each credential variable (e.g. `TALENTOMOBILE_API_KEY`) through `lookup` instead
    /// of the process environment: a secret store, a configuration file, a test. `source` says
    /// where from in the checks (`TALENTOMOBILE_API_KEY from <source>`). The credential checks
    /// and the auth read both use what `lookup` returns.
    pub fn variables(
        mut self,
        source: impl Into<String>,
        lookup: impl Fn(&str) -> Result<String, std::env::VarError> + Send + Sync + 'static,
    ) -> Self {
        self.variables = Some((source.into(), Arc::new(lookup)));
        self
    }

    /// The vendors with at least one credential variable set, and why each other one would be
    /// skipped.
    pub fn present(&self) -> (Vec<Vendor>, Vec<(Vendor, String)>) {
        credentials::present(self)
    }

    /// The base URL `vendor`'s client would call, or why the client refuses the configured
    /// endpoint ([`crate::Error::Config`]: a user name, a password or a query in it, none of
    /// them shown).
    pub fn base_url(&self, vendor: Vendor) -> Result<String, crate::Error> {
        auth::base_url(self, vendor)
    }

    /// Every check of `vendor`, in order. A stage that cannot run because an earlier one failed
    /// is reported as skipped, with why.
    pub async fn check(&self, vendor: Vendor) -> Vec<Check> {
        if !credentials::built_in(vendor) {
            // Nothing else can be checked: there is no client to take the URL from.
            return vec![credentials::not_built_in(vendor)];
        }
        let mut checks = credentials::check(self, vendor);
        let credentials_ok = checks.iter().all(|c| c.status != Status::Fail);
        let (url, endpoint) = match self.base_url(vendor) {
            Ok(url) => {
                let steps = endpoint::check(vendor, &url, self.timeout).await;
                (Some(url), steps)
            }
            Err(refused) => {
                let check = Check::new(vendor, Stage::Endpoint, "url", Status::Fail)
                    .why(refused.to_string())
                    .fix("give the endpoint as http(s)://host[:port][/path]");
                (None, vec![check])
            }
        };
        // A URL the client takes, and every network step to it passed.
        let reachable = url.filter(|_| endpoint.iter().all(|c| c.status != Status::Fail));
        checks.extend(endpoint);
        let unreachable = "the endpoint could not be reached";
        checks.push(match &reachable {
            Some(url) => endpoint::clock(vendor, url, self.timeout).await,
            None => Check::new(vendor, Stage::Clock, "skew", Status::Skipped).why(unreachable),
        });
        let skipped = Check::new(vendor, Stage::Auth, auth::NAME, Status::Skipped);
        checks.push(match (credentials_ok, reachable.is_some()) {
            (true, true) => auth::check(self, vendor).await,
            (false, _) => skipped.why("the credentials have a problem to fix first"),
            (true, false) => skipped.why(unreachable),
        });
        checks
    }

    /// A credential: as the clients read it from the environment (the variable, else its
    /// `_FILE`), or through [`Doctor::variables`].
    fn credential(&self, name: &str) -> Found {
        if self.variables.is_some() {
            return self.setting(name);
        }
        match crate::credentials::read_env(name) {
            Ok(None) => Found::Missing,
            Ok(Some((value, origin))) => {
                let source = match origin {
                    crate::credentials::Origin::Variable => format!("the variable {name}"),
                    crate::credentials::Origin::File(path) => format!(
                        "the file {} ({name}{})",
                        path.display(),
                        crate::credentials::FILE_SUFFIX
                    ),
                };
                Found::Value { value, source }
            }
            Err(error) => Found::Unreadable(error.to_string()),
        }
    }

    /// A setting that is not a secret (Tencent's region): the variable alone, as the client
    /// reads it, or through [`Doctor::variables`].
    fn setting(&self, name: &str) -> Found {
        let (value, source) = match &self.variables {
            Some((source, lookup)) => (lookup(name), format!("{source} {name}")),
            None => (std::env::var(name), format!("the variable {name}")),
        };
        match value {
            Ok(value) => Found::Value { value, source },
            Err(std::env::VarError::NotPresent) => Found::Missing,
            Err(std::env::VarError::NotUnicode(_)) => {
                Found::Unreadable(format!("{name} is not valid UTF-8"))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_failed_stage_is_the_earliest_not_the_first_listed() {
        let check = |stage, status| Check::new(Vendor::Verifik, stage, "x", status);
        let checks = [
            check(Stage::Auth, Status::Fail),
            check(Stage::Credentials, Status::Warn),
            check(Stage::Clock, Status::Fail),
            check(Stage::Endpoint, Status::Skipped),
        ];
        assert_eq!(first_failed(&checks), Some(Stage::Clock));
        assert_eq!(first_failed(&checks[1..2]), None);
        assert!(Stage::Credentials < Stage::Endpoint && Stage::Clock < Stage::Auth);
    }

    #[test]
    fn debug_shows_no_variable_values() {
        let doctor = Doctor::new().variables("a test", |_| Ok("super-secret-value".into()));
        assert!(!format!("{doctor:?}").contains("super-secret"));
    }
}
