//! The demo: every vendor's flow through the real clients against the in-process mock.

use std::process::ExitCode;

use liveness::verifik::{Check, CreateRequest, RecordExt};
use liveness::{talentomobile, tencent, trustdecision, verifik};
use liveness_mock::config::{
    DEMO_TALENTOMOBILE_API_KEY, DEMO_TENCENT_SECRET_ID, DEMO_TENCENT_SECRET_KEY,
    DEMO_TRUSTDECISION_PARTNER_CODE, DEMO_TRUSTDECISION_PARTNER_KEY, DEMO_VERIFIK_TOKEN,
};
use liveness_mock::{MockConfig, MockServer};

/// Talentomobile's sample process id (specs/talentomobile.yaml): its result is the page's sample.
const TALENTOMOBILE_SAMPLE_ID: &str = "d5335d6a-9d95-4977-9976-00dede352749";
/// A 1×1 PNG: the document image the Verifik flow submits.
const DOCUMENT_PNG_BASE64: &str = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==";

/// Any error of a flow; its `Display` never holds a secret (the facade's errors mask them).
type Failure = Box<dyn std::error::Error>;

pub async fn run() -> ExitCode {
    // Demo credentials on both sides, whatever the environment holds: the demo needs none.
    let mock = match MockServer::start(MockConfig::demo()).await {
        Ok(mock) => mock,
        Err(error) => {
            crate::stdout::err(format_args!("demo: the mock could not start: {error}"));
            return ExitCode::from(4);
        }
    };
    let base = mock.base_url().to_owned();
    // A reader that closed stdout (`| head -1`) ends the demo quietly, as any command.
    let say = |line: String| crate::stdout::line(line).is_ok();
    if !say(format!(
        "mock vendors on {base} (demo credentials, loopback only)"
    )) {
        return ExitCode::SUCCESS;
    }
    let flows = [
        ("tencent", tencent_flow(&base).await),
        ("trustdecision", trustdecision_flow(&base).await),
        ("talentomobile", talentomobile_flow(&base).await),
        ("verifik", verifik_flow(&base).await),
    ];
    let mut failed = false;
    for (vendor, outcome) in flows {
        let line = match outcome {
            Ok(line) => format!("{vendor:<14} ok    {line}"),
            Err(error) => {
                failed = true;
                format!("{vendor:<14} FAIL  {error}")
            }
        };
        if !say(line) {
            break;
        }
    }
    mock.shutdown().await;
    if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

async fn tencent_flow(base: &str) -> Result<String, Failure> {
    let credentials = tencent::Credentials::new(
        DEMO_TENCENT_SECRET_ID,
        DEMO_TENCENT_SECRET_KEY.to_owned().into(),
    )?;
    let client = tencent::Client::builder()
        .region("ap-singapore")
        .credentials(credentials)
        .base_url(base)
        .build()?;
    let token = client.apply_liveness_token(None).await?.value.sdk_token;
    let result = client.get_liveness_result(&token).await?.value;
    Ok(format!(
        "ApplyLivenessToken → SdkToken {token}; GetLivenessResult → Result {} ({}), best frame {} bytes",
        result.result.code(),
        result.description.as_deref().unwrap_or("-"),
        result
            .best_frame
            .as_ref()
            .and_then(|f| f.size)
            .unwrap_or_default(),
    ))
}

async fn trustdecision_flow(base: &str) -> Result<String, Failure> {
    let client = trustdecision::Client::builder()
        .partner_code(DEMO_TRUSTDECISION_PARTNER_CODE)
        .partner_key(DEMO_TRUSTDECISION_PARTNER_KEY)
        .base_url(base)
        .build()?;
    let license = client.license(Some(600)).await?.value;
    // The mock's license `mock-license-N` stands for an SDK session that returned liveness id N.
    let liveness_id = license
        .license
        .strip_prefix("mock-license-")
        .unwrap_or(&license.license)
        .to_owned();
    let result = client.result(liveness_id.as_str()).await?.value;
    Ok(format!(
        "license {} → liveness_id {liveness_id} → code {} ({}), score {}",
        license.license,
        result.code,
        result.code.description().unwrap_or("-"),
        result.score.map_or("-".into(), |s| s.to_string()),
    ))
}

async fn talentomobile_flow(base: &str) -> Result<String, Failure> {
    let client = talentomobile::Client::builder()
        .api_key(DEMO_TALENTOMOBILE_API_KEY)
        .base_url(base)
        .build()?;
    let challenges = client.result(TALENTOMOBILE_SAMPLE_ID).await?.value;
    let passed = challenges.iter().filter(|c| c.success).count();
    let types: Vec<&str> = challenges.iter().map(|c| c.type_.as_str()).collect();
    Ok(format!(
        "result {TALENTOMOBILE_SAMPLE_ID} → {passed}/{} challenges passed [{}]",
        challenges.len(),
        types.join(", ")
    ))
}

async fn verifik_flow(base: &str) -> Result<String, Failure> {
    let client = verifik::Client::builder()
        .token(DEMO_VERIFIK_TOKEN)
        .base_url(base)
        .build()?;
    let request = CreateRequest::new(DOCUMENT_PNG_BASE64)
        .check(Check::ScreenReplay)
        .check(Check::PrintedCopy);
    let created = client.create(request).await?.value;
    let id = created.id.clone().unwrap_or_default();
    let record = client.retrieve(&id).await?.value;
    let replay = record.check(Check::ScreenReplay).score;
    Ok(format!(
        "create → record {id}; retrieve → isLive {}, screen replay score {}",
        record.is_live.map_or("-".into(), |l| l.to_string()),
        replay.map_or("-".into(), |s| s.to_string()),
    ))
}
