//! `liveness doctor`: the library's checks ([`liveness::doctor`]) for each vendor named, or
//! each whose credentials are set, printed as they come; the exit code names the first stage
//! that failed.

use std::process::ExitCode;

use liveness::doctor::{Check, Doctor, Stage, Status};

use crate::cli::{DoctorArgs, OutputFormat};
use crate::exit::Failure;
use crate::stdout;

/// The exit code when `stage` is the first that failed.
pub fn exit_code(stage: Stage) -> u8 {
    match stage {
        Stage::Credentials => 11,
        Stage::Endpoint => 12,
        Stage::Clock => 13,
        Stage::Auth => 14,
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

/// The library's doctor, configured by the flags.
fn configured(args: &DoctorArgs) -> Doctor {
    let mut doctor = Doctor::new().talentomobile_environment(args.env);
    if let Some(endpoint) = &args.endpoint {
        doctor = doctor.endpoint(endpoint);
    }
    if let Some(timeout) = args.timeout {
        doctor = doctor.timeout(timeout);
    }
    // One flag for both vendors with regions: Tencent's names, or TrustDecision's.
    if let Some(region) = &args.region {
        doctor = doctor.tencent_region(region);
        if let Ok(region) = clap::ValueEnum::from_str(region, true) {
            doctor = doctor.trustdecision_region(region);
        }
    }
    doctor
}

async fn doctor(args: &DoctorArgs) -> Result<u8, Failure> {
    let doctor = configured(args);
    let vendors = if args.vendors.is_empty() {
        let (present, skipped) = doctor.present();
        for (vendor, why) in skipped {
            let check = Check {
                vendor,
                stage: Stage::Credentials,
                name: "vendor".into(),
                status: Status::Skipped,
                why,
                fix: format!("name it with --vendor {vendor} to check it anyway"),
                elapsed_ms: None,
                request: None,
            };
            print(&check, args.output)?;
        }
        present
    } else {
        args.vendors.clone()
    };
    if vendors.is_empty() {
        stdout::err("liveness doctor: no vendor's credentials are set; name one with --vendor");
        return Ok(exit_code(Stage::Credentials));
    }
    let mut first_failed: Option<Stage> = None;
    for vendor in vendors {
        let checks = doctor.check(vendor).await;
        if let Some(stage) = liveness::doctor::first_failed(&checks) {
            first_failed = Some(first_failed.map_or(stage, |earlier| earlier.min(stage)));
        }
        for check in &checks {
            print(check, args.output)?;
        }
    }
    Ok(first_failed.map_or(0, exit_code))
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
