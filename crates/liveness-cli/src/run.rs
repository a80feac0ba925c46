//! The vendor commands: build the client from the environment and the flags, call, print.

use std::time::Duration;

use base64::Engine as _;
use liveness::verdict::{self, LivenessProvider, Verdict};
use liveness::{HttpOptions, talentomobile, tencent, trustdecision, verifik};
use serde_json::{Value, json};

use crate::cli::{
    Common, TalentomobileCommand, TalentomobileEnv, TencentArgs, TencentCommand, TrustDecisionArgs,
    TrustDecisionCommand, TrustDecisionRegion, VerifikCheck, VerifikCommand,
};
use crate::exit::Failure;
use crate::output;

fn options(common: &Common) -> Result<HttpOptions, Failure> {
    let mut options = HttpOptions::default();
    if let Some(seconds) = common.timeout {
        if !(seconds.is_finite() && seconds > 0.0) {
            return Err(Failure::Config(format!(
                "--timeout must be a positive number of seconds, not {seconds}"
            )));
        }
        options = options.timeout(Duration::from_secs_f64(seconds));
    }
    Ok(options)
}

/// Prints `verdict`, saves its evidence if asked, and applies `--fail-on-reject`.
async fn finish(verdict: Verdict, common: &Common) -> Result<(), Failure> {
    output::print_verdict(&verdict, common.output);
    if let Some(dir) = &common.save_evidence {
        let http = reqwest::Client::new();
        for path in output::save_evidence(&verdict, dir, &http).await? {
            eprintln!("saved {}", path.display());
        }
    }
    if common.fail_on_reject && !verdict.passed() {
        return Err(Failure::Rejected);
    }
    Ok(())
}

pub async fn tencent(command: TencentCommand) -> Result<(), Failure> {
    let build = |args: &TencentArgs, common: &Common| -> Result<tencent::Client, Failure> {
        let mut builder = tencent::Client::builder().options(options(common)?);
        if let Some(region) = &args.region {
            builder = builder.region(region).host(tencent::Host::Regional);
        }
        if let Some(endpoint) = &common.endpoint {
            builder = builder.base_url(endpoint);
        }
        Ok(builder.build()?)
    };
    match command {
        TencentCommand::Token {
            secure_level,
            tencent,
            common,
        } => {
            let client = build(&tencent, &common)?;
            let level = secure_level.map(|l| match l {
                1 => tencent::SecureLevel::Silent,
                2 => tencent::SecureLevel::Blink,
                3 => tencent::SecureLevel::Light,
                _ => tencent::SecureLevel::BlinkAndLight,
            });
            let response = client.apply_liveness_token(level).await?;
            let token = &response.value;
            output::print_result(
                &[
                    ("sdk_token", token.sdk_token.clone()),
                    (
                        "request_id",
                        token.request_id.clone().unwrap_or_else(|| "-".into()),
                    ),
                ],
                json!({"sdk_token": token.sdk_token, "request_id": token.request_id}),
                verdict::raw_json(&response.raw),
                common.output,
            );
            Ok(())
        }
        TencentCommand::Result {
            sdk_token,
            tencent,
            common,
        } => {
            let client = build(&tencent, &common)?;
            finish(client.verdict(&sdk_token).await?, &common).await
        }
    }
}

pub async fn trustdecision(command: TrustDecisionCommand) -> Result<(), Failure> {
    let build = |args: &TrustDecisionArgs, common: &Common| -> Result<_, Failure> {
        let region = match args.region {
            TrustDecisionRegion::Singapore => trustdecision::Region::Singapore,
            TrustDecisionRegion::Indonesia => trustdecision::Region::Indonesia,
        };
        let mut builder = trustdecision::Client::builder()
            .region(region)
            .options(options(common)?);
        if let Some(endpoint) = &common.endpoint {
            builder = builder.base_url(endpoint);
        }
        Ok(builder.build()?)
    };
    match command {
        TrustDecisionCommand::License {
            session_duration,
            region,
            common,
        } => {
            let client = build(&region, &common)?;
            let response = client.license(session_duration).await?;
            let license = &response.value;
            output::print_result(
                &[
                    ("license", license.license.clone()),
                    (
                        "expiry_timestamp",
                        license
                            .expiry_timestamp
                            .map_or("-".into(), |t| t.to_string()),
                    ),
                    (
                        "sequence_id",
                        license.sequence_id.clone().unwrap_or_else(|| "-".into()),
                    ),
                ],
                json!({
                    "license": license.license,
                    "expiry_timestamp": license.expiry_timestamp,
                    "sequence_id": license.sequence_id,
                }),
                verdict::raw_json(&response.raw),
                common.output,
            );
            Ok(())
        }
        TrustDecisionCommand::Result {
            liveness_id,
            region,
            common,
        } => {
            let client = build(&region, &common)?;
            finish(client.verdict(&liveness_id).await?, &common).await
        }
    }
}

pub async fn talentomobile(command: TalentomobileCommand) -> Result<(), Failure> {
    let TalentomobileCommand::Result { id, env, common } = command;
    let environment = match env {
        TalentomobileEnv::Pro => talentomobile::Environment::Pro,
        TalentomobileEnv::Pre => talentomobile::Environment::Pre,
        TalentomobileEnv::Dev => talentomobile::Environment::Dev,
    };
    let mut builder = talentomobile::Client::builder()
        .environment(environment)
        .options(options(&common)?);
    if let Some(endpoint) = &common.endpoint {
        builder = builder.base_url(endpoint);
    }
    let client = builder.build()?;
    finish(client.verdict(&id).await?, &common).await
}

pub async fn verifik(command: VerifikCommand) -> Result<(), Failure> {
    let build = |common: &Common| -> Result<verifik::Client, Failure> {
        let mut builder = verifik::Client::builder().options(options(common)?);
        if let Some(endpoint) = &common.endpoint {
            builder = builder.base_url(endpoint);
        }
        Ok(builder.build()?)
    };
    match command {
        VerifikCommand::Result { id, common } => {
            finish(build(&common)?.verdict(&id).await?, &common).await
        }
        VerifikCommand::Create {
            image,
            checks,
            common,
        } => {
            let client = build(&common)?;
            let bytes = std::fs::read(&image)
                .map_err(|e| Failure::Config(format!("reading {}: {e}", image.display())))?;
            let encoded = base64::engine::general_purpose::STANDARD.encode(bytes);
            let checks = if checks.is_empty() {
                verifik::Check::ALL.to_vec()
            } else {
                checks.into_iter().map(check).collect()
            };
            let request = checks
                .into_iter()
                .fold(verifik::CreateRequest::new(encoded), |r, c| r.check(c));
            let response = client.create(request).await?;
            let id = response.value.id.clone().unwrap_or_default();
            let verdict = verdict::verifik::verdict(&id, &response.value, &response.raw);
            finish(verdict, &common).await
        }
        VerifikCommand::List {
            page,
            limit,
            status,
            common,
        } => {
            let client = build(&common)?;
            let response = client
                .list(&verifik::ListQuery {
                    page,
                    limit,
                    status,
                })
                .await?;
            let listed = &response.value;
            let verdicts: Vec<Verdict> = listed
                .records
                .iter()
                .map(|record| {
                    let id = record.id.clone().unwrap_or_default();
                    let raw = serde_json::to_vec(record).unwrap_or_default();
                    verdict::verifik::verdict(&id, record, &raw)
                })
                .collect();
            let mut fields: Vec<(&str, String)> = vec![(
                "page",
                format!(
                    "{} of {} ({} records in all)",
                    listed.page.map_or("-".into(), |p| p.to_string()),
                    listed.pages.map_or("-".into(), |p| p.to_string()),
                    listed.total.map_or("-".into(), |t| t.to_string()),
                ),
            )];
            for verdict in &verdicts {
                fields.push((
                    "record",
                    format!("{}  {}", verdict.id, output::outcome(&verdict.outcome)),
                ));
            }
            output::print_result(
                &fields,
                json!({
                    "page": listed.page,
                    "pages": listed.pages,
                    "total": listed.total,
                    "verdicts": verdicts.iter().map(|v| {
                        let mut v = serde_json::to_value(v).unwrap_or(Value::Null);
                        if let Some(o) = v.as_object_mut() { o.remove("raw"); }
                        v
                    }).collect::<Vec<_>>(),
                }),
                verdict::raw_json(&response.raw),
                common.output,
            );
            if common.fail_on_reject && verdicts.iter().any(|v| !v.passed()) {
                return Err(Failure::Rejected);
            }
            Ok(())
        }
    }
}

fn check(check: VerifikCheck) -> verifik::Check {
    match check {
        VerifikCheck::ScreenReplay => verifik::Check::ScreenReplay,
        VerifikCheck::PrintedCopy => verifik::Check::PrintedCopy,
        VerifikCheck::PortraitSubstitution => verifik::Check::PortraitSubstitution,
        VerifikCheck::DigitalManipulation => verifik::Check::DigitalManipulation,
    }
}
