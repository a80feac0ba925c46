//! `liveness doctor`: why a first real call would fail, checked in order for each vendor:
//! its credentials ([`credentials`]), the endpoint ([`endpoint`]: URL, proxy, DNS, TCP, TLS),
//! the clock (the `Date` the endpoint answers with) and whether the vendor accepts the
//! credentials ([`auth`]: one harmless read of an id that cannot exist). Each check is ok,
//! warn, fail or skipped, with one line of why and one of what to do; nothing is created,
//! billed or kept at the vendor, and no secret is printed.

mod auth;
mod credentials;
mod endpoint;

use std::process::ExitCode;
use std::time::Duration;

use liveness::Vendor;
use schemars::JsonSchema;
use serde::Serialize;

use crate::cli::{DoctorArgs, OutputFormat};
use crate::exit::Failure;
use crate::stdout;

/// Where a check belongs, in the order they run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, JsonSchema)]
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

impl Stage {
    /// The exit code when this is the first stage that failed.
    pub fn exit_code(self) -> u8 {
        match self {
            Stage::Credentials => 11,
            Stage::Endpoint => 12,
            Stage::Clock => 13,
            Stage::Auth => 14,
        }
    }
}

/// How a check came out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, JsonSchema)]
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

/// One check's result: `--output json` prints one per line.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Check {
    /// The vendor checked.
    pub vendor: Vendor,
    /// The stage.
    pub stage: Stage,
    /// What was checked: a variable, `region`, `url`, `proxy`, `dns`, `tcp`, `tls`, `skew`,
    /// `credentials accepted`.
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

/// The JSON Schema of one `--output json` line of `liveness doctor`.
pub fn schema() -> serde_json::Value {
    serde_json::to_value(schemars::schema_for!(Check)).expect("a schema is JSON")
}

/// Runs the checks and prints them; the exit code says which stage failed first.
pub async fn run(args: DoctorArgs) -> ExitCode {
    match doctor(&args).await {
        Ok(code) => ExitCode::from(code),
        Err(Failure::Closed) => ExitCode::SUCCESS,
        Err(failure) => {
            stdout::err(format_args!("liveness doctor: {failure}"));
            failure.code()
        }
    }
}

async fn doctor(args: &DoctorArgs) -> Result<u8, Failure> {
    let vendors = if args.vendors.is_empty() {
        let (present, skipped) = credentials::present();
        for (vendor, why) in &skipped {
            print(
                &Check::new(*vendor, Stage::Credentials, "vendor", Status::Skipped)
                    .why(why.clone())
                    .fix(format!("name it with --vendor {vendor} to check it anyway")),
                args.output,
            )?;
        }
        present
    } else {
        args.vendors.clone()
    };
    if vendors.is_empty() {
        stdout::err("liveness doctor: no vendor's credentials are set; name one with --vendor");
        return Ok(Stage::Credentials.exit_code());
    }
    let mut first_failed: Option<Stage> = None;
    for vendor in vendors {
        for check in check_vendor(vendor, args).await {
            if check.status == Status::Fail {
                first_failed = Some(first_failed.map_or(check.stage, |s| s.min(check.stage)));
            }
            print(&check, args.output)?;
        }
    }
    Ok(first_failed.map_or(0, Stage::exit_code))
}

/// Every check of `vendor`, in order.
async fn check_vendor(vendor: Vendor, args: &DoctorArgs) -> Vec<Check> {
    let timeout = args.timeout.unwrap_or(Duration::from_secs(10));
    let mut checks = credentials::check(vendor, args.region.as_deref());
    let credentials_ok = checks.iter().all(|c| c.status != Status::Fail);
    let url = auth::base_url(vendor, args);
    let endpoint = endpoint::check(vendor, &url, timeout).await;
    let reachable = endpoint.iter().all(|c| c.status != Status::Fail);
    checks.extend(endpoint);
    if reachable {
        checks.push(endpoint::clock(vendor, &url, timeout).await);
    } else {
        checks.push(
            Check::new(vendor, Stage::Clock, "skew", Status::Skipped)
                .why("the endpoint could not be reached"),
        );
    }
    checks.push(match (credentials_ok, reachable) {
        (true, true) => auth::check(vendor, args, timeout).await,
        (false, _) => Check::new(vendor, Stage::Auth, "credentials accepted", Status::Skipped)
            .why("the credentials have a problem to fix first"),
        (true, false) => Check::new(vendor, Stage::Auth, "credentials accepted", Status::Skipped)
            .why("the endpoint could not be reached"),
    });
    checks
}

/// One check: two or three lines (status and why, what to do, the request), or a JSON line.
fn print(check: &Check, format: OutputFormat) -> Result<(), Failure> {
    match format {
        OutputFormat::Json => stdout::line(serde_json::to_string(check).expect("a check is JSON")),
        OutputFormat::Table => {
            let status = match check.status {
                Status::Ok => "ok",
                Status::Warn => "warn",
                Status::Fail => "FAIL",
                Status::Skipped => "skip",
            };
            let stage = match check.stage {
                Stage::Credentials => "credentials",
                Stage::Endpoint => "endpoint",
                Stage::Clock => "clock",
                Stage::Auth => "auth",
            };
            let took = check
                .elapsed_ms
                .map_or(String::new(), |ms| format!(" ({ms} ms)"));
            let mut text = format!(
                "{status:<5} {} {stage} {}: {}{took}\n",
                check.vendor, check.name, check.why
            );
            if !check.fix.is_empty() {
                text.push_str(&format!("      to do: {}\n", check.fix));
            }
            if let Some(request) = &check.request {
                text.push_str(&format!("      sent: {request}\n"));
            }
            stdout::write(&text)
        }
    }
}
