//! The vendor commands: build the client from the environment and the flags, call, print.

use base64::Engine as _;
use liveness::verdict::{self, LivenessProvider, Verdict};
use liveness::{
    HttpOptions, RedisRateLimit, RetryPolicy, talentomobile, tencent, trustdecision, verifik,
};
use serde_json::Value;

use crate::cli::{
    Common, ResultArgs, TalentomobileCommand, TencentArgs, TencentCommand, TrustDecisionArgs,
    TrustDecisionCommand, VerifikCommand,
};
use crate::envelope::{Body, CommandName, Envelope, License, ListPage, Token, VerdictView};
use crate::exit::Failure;
use crate::{output, report};

/// The HTTP options `--timeout`, `--retries`, `--rate-limit` and `--redis` ask for. The parser
/// has already refused every out-of-range value, so nothing here can fail or panic (a Redis
/// URL that does not parse is refused when the client is built).
pub fn options(common: &Common) -> HttpOptions {
    let mut options = HttpOptions::default().rate_limit(common.rate_limit);
    // The variable alone is not a usage error (it may be exported for every command of a
    // job); it applies where there is a rate to share.
    let from_env = || {
        common
            .rate_limit
            .and_then(|_| std::env::var(liveness::REDIS_URL_ENV).ok())
            .filter(|url| !url.is_empty())
    };
    if let Some(url) = common.redis.clone().or_else(from_env) {
        options = options.shared_rate_limit(
            RedisRateLimit::new()
                .url(url)
                .on_outage(common.redis_outage),
        );
    }
    if let Some(timeout) = common.timeout {
        options = options.timeout(timeout);
    }
    if let Some(retries) = common.retries.filter(|n| *n > 0) {
        // Each attempt has the full --timeout; the standard policy's 30 s total deadline would
        // cut a longer --timeout short, so the bound is the attempts and their waits.
        options = options.retry(
            RetryPolicy::standard()
                .max_attempts(retries.saturating_add(1))
                .deadline(None),
        );
    }
    options
}

/// Prints `verdict`, then [`finish`]es with it.
async fn conclude(
    command: CommandName,
    verdict: Verdict,
    common: &Common,
    result: &ResultArgs,
) -> Result<(), Failure> {
    output::print_verdict(command, &verdict, common.output)?;
    let raw = verdict.raw.clone();
    finish(
        command,
        std::slice::from_ref(&verdict),
        &raw,
        common,
        result,
    )
    .await
}

/// Saves the verdicts' evidence and writes the report if asked, then applies
/// `--fail-on-reject`. `raw` is the vendor response the verdicts came from.
async fn finish(
    command: CommandName,
    verdicts: &[Verdict],
    raw: &Value,
    common: &Common,
    result: &ResultArgs,
) -> Result<(), Failure> {
    // The files saved for each verdict, in evidence order: the report embeds them.
    let mut saved = Vec::new();
    if let Some(dir) = &result.save_evidence {
        // --timeout and the body cap apply to downloads too.
        let downloader = verdict::EvidenceDownloader::new(&options(common))?;
        for verdict in verdicts {
            let paths = output::save_evidence(verdict, dir, &downloader, true).await?;
            for path in &paths {
                crate::stdout::err(format_args!("saved {}", path.display()));
            }
            saved.push(paths);
        }
    }
    if let Some(path) = &result.report {
        report::write(path, command, verdicts, &saved, raw)?;
        crate::stdout::err(format_args!("report written to {}", path.display()));
    }
    if result.fail_on_reject && verdicts.iter().any(|v| !v.passed()) {
        return Err(Failure::Rejected);
    }
    Ok(())
}

/// A Tencent client from the environment, `--region` and the common flags.
pub fn tencent_client(args: &TencentArgs, common: &Common) -> Result<tencent::Client, Failure> {
    let mut builder = tencent::Client::builder().options(options(common));
    if let Some(region) = &args.region {
        builder = builder.region(region).host(tencent::Host::Regional);
    }
    if let Some(endpoint) = &common.endpoint {
        builder = builder.base_url(endpoint);
    }
    Ok(builder.build()?)
}

/// A TrustDecision client from the environment, `--region` and the common flags.
pub fn trustdecision_client(
    args: &TrustDecisionArgs,
    common: &Common,
) -> Result<trustdecision::Client, Failure> {
    let mut builder = trustdecision::Client::builder()
        .region(args.region)
        .options(options(common));
    if let Some(endpoint) = &common.endpoint {
        builder = builder.base_url(endpoint);
    }
    Ok(builder.build()?)
}

/// A Talentomobile client from the environment, `--env` and the common flags.
pub fn talentomobile_client(
    env: talentomobile::Environment,
    common: &Common,
) -> Result<talentomobile::Client, Failure> {
    let mut builder = talentomobile::Client::builder()
        .environment(env)
        .options(options(common));
    if let Some(endpoint) = &common.endpoint {
        builder = builder.base_url(endpoint);
    }
    Ok(builder.build()?)
}

/// A Verifik client from the environment and the common flags.
pub fn verifik_client(common: &Common) -> Result<verifik::Client, Failure> {
    let mut builder = verifik::Client::builder().options(options(common));
    if let Some(endpoint) = &common.endpoint {
        builder = builder.base_url(endpoint);
    }
    Ok(builder.build()?)
}

pub async fn tencent(command: TencentCommand) -> Result<(), Failure> {
    let build = tencent_client;
    match command {
        TencentCommand::Token {
            secure_level,
            tencent,
            common,
        } => {
            let client = build(&tencent, &common)?;
            let response = client.apply_liveness_token(secure_level).await?;
            let token = &response.value;
            output::print_result(
                &[
                    ("sdk_token", token.sdk_token.clone()),
                    (
                        "request_id",
                        token.request_id.clone().unwrap_or_else(|| "-".into()),
                    ),
                ],
                &Envelope {
                    command: CommandName::TencentToken,
                    vendor: liveness::Vendor::Tencent,
                    body: Body::Token(Token {
                        sdk_token: token.sdk_token.clone(),
                        request_id: token.request_id.clone(),
                    }),
                    raw: verdict::raw_json(&response.raw),
                },
                common.output,
            )
        }
        TencentCommand::Result {
            sdk_token,
            tencent,
            common,
            result,
        } => {
            let client = build(&tencent, &common)?;
            let verdict = client.verdict(&sdk_token).await?;
            conclude(CommandName::TencentResult, verdict, &common, &result).await
        }
    }
}

pub async fn trustdecision(command: TrustDecisionCommand) -> Result<(), Failure> {
    let build = trustdecision_client;
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
                &Envelope {
                    command: CommandName::TrustDecisionLicense,
                    vendor: liveness::Vendor::TrustDecision,
                    body: Body::License(License {
                        license: license.license.clone(),
                        expiry_timestamp: license.expiry_timestamp,
                        sequence_id: license.sequence_id.clone(),
                    }),
                    raw: verdict::raw_json(&response.raw),
                },
                common.output,
            )
        }
        TrustDecisionCommand::Result {
            liveness_id,
            region,
            common,
            result,
        } => {
            let client = build(&region, &common)?;
            let verdict = client.verdict(&liveness_id).await?;
            conclude(CommandName::TrustDecisionResult, verdict, &common, &result).await
        }
    }
}

pub async fn talentomobile(command: TalentomobileCommand) -> Result<(), Failure> {
    let TalentomobileCommand::Result {
        id,
        env,
        common,
        result,
    } = command;
    let client = talentomobile_client(env, &common)?;
    let verdict = client.verdict(&id).await?;
    conclude(CommandName::TalentomobileResult, verdict, &common, &result).await
}

pub async fn verifik(command: VerifikCommand) -> Result<(), Failure> {
    let build = verifik_client;
    match command {
        VerifikCommand::Result { id, common, result } => {
            let verdict = build(&common)?.verdict(&id).await?;
            conclude(CommandName::VerifikResult, verdict, &common, &result).await
        }
        VerifikCommand::Create {
            image,
            checks,
            common,
            result,
        } => {
            let client = build(&common)?;
            let bytes = std::fs::read(&image)
                .map_err(|e| Failure::Config(format!("reading {}: {e}", image.display())))?;
            let encoded = base64::engine::general_purpose::STANDARD.encode(bytes);
            let checks = if checks.is_empty() {
                verifik::Check::ALL.to_vec()
            } else {
                checks
            };
            let request = checks
                .into_iter()
                .fold(verifik::CreateRequest::new(encoded), |r, c| r.check(c));
            let response = client.create(request).await?;
            let id = response.value.id.clone().unwrap_or_default();
            let verdict = liveness::verifik::verdict::verdict(&id, &response.value, &response.raw);
            conclude(CommandName::VerifikCreate, verdict, &common, &result).await
        }
        VerifikCommand::List {
            page,
            limit,
            status,
            populates,
            common,
            result,
        } => {
            let client = build(&common)?;
            let response = client
                .list(&verifik::ListQuery {
                    page,
                    limit,
                    status,
                    populates,
                })
                .await?;
            let listed = &response.value;
            let verdicts: Vec<Verdict> = listed
                .records
                .iter()
                .map(|record| {
                    let id = record.id.clone().unwrap_or_default();
                    let raw = serde_json::to_vec(record).unwrap_or_default();
                    liveness::verifik::verdict::verdict(&id, record, &raw)
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
            let raw = verdict::raw_json(&response.raw);
            let shown = verdicts
                .iter()
                .map(|v| {
                    VerdictView(Verdict {
                        raw: Value::Null,
                        ..v.clone()
                    })
                })
                .collect();
            output::print_result(
                &fields,
                &Envelope {
                    command: CommandName::VerifikList,
                    vendor: liveness::Vendor::Verifik,
                    body: Body::List(ListPage {
                        page: listed.page,
                        pages: listed.pages,
                        total: listed.total,
                        verdicts: shown,
                    }),
                    raw: raw.clone(),
                },
                common.output,
            )?;
            finish(CommandName::VerifikList, &verdicts, &raw, &common, &result).await
        }
    }
}
