//! The command line, as clap reads it.

use std::net::SocketAddr;
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};
use liveness_mock::{FaultRule, Outcome};

/// Typed clients for face- and document-liveness vendors, and a mock of all four.
///
/// Credentials come from the environment: TENCENTCLOUD_SECRET_ID, TENCENTCLOUD_SECRET_KEY
/// (and TENCENTCLOUD_SESSION_TOKEN), TRUSTDECISION_PARTNER_CODE, TRUSTDECISION_PARTNER_KEY,
/// TALENTOMOBILE_API_KEY, VERIFIK_TOKEN.
///
/// Exit codes: 0 the call succeeded (whatever the verdict); 1 the demo or the mock failed;
/// 2 bad usage; 3 a verdict that is not a pass, with --fail-on-reject; 4 configuration
/// (a missing or malformed credential, a bad argument); 5 transport (connection, timeout);
/// 6 the vendor answered with an error; 7 the response could not be read; 8 evidence could not
/// be decoded, downloaded or saved.
#[derive(Debug, Parser)]
#[command(name = "liveness", version, about, long_about)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Tencent Cloud FaceID.
    #[command(subcommand)]
    Tencent(TencentCommand),
    /// TrustDecision.
    #[command(subcommand)]
    Trustdecision(TrustDecisionCommand),
    /// Talentomobile VideoFace Plus.
    #[command(subcommand)]
    Talentomobile(TalentomobileCommand),
    /// Verifik document liveness.
    #[command(subcommand)]
    Verifik(VerifikCommand),
    /// Start the mock on a free loopback port and run every vendor's flow through the real
    /// clients (real signing, no credentials, no network); one line per vendor.
    Demo,
    /// Serve all four vendors on one port until interrupted.
    Mock(MockArgs),
    /// Print the JSON Schema of the verdict that `--output json` prints.
    Schema,
}

/// Options every vendor command takes.
#[derive(Debug, Clone, Args)]
pub struct Common {
    /// Any base URL instead of the vendor's (a proxy, or `liveness mock`).
    #[arg(long, value_name = "URL")]
    pub endpoint: Option<String>,
    /// How to print the result.
    #[arg(long, value_enum, default_value_t = OutputFormat::Table)]
    pub output: OutputFormat,
    /// Write the verdict's images and videos into this directory.
    #[arg(long, value_name = "DIR")]
    pub save_evidence: Option<PathBuf>,
    /// Request timeout, in seconds.
    #[arg(long, value_name = "SECONDS")]
    pub timeout: Option<f64>,
    /// Exit 3 when the verdict is not a pass (for scripts that gate on it).
    #[arg(long)]
    pub fail_on_reject: bool,
}

/// How results are printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OutputFormat {
    /// Aligned `field: value` lines.
    Table,
    /// The verdict (or result) and the raw vendor response, as JSON.
    Json,
}

#[derive(Debug, Subcommand)]
pub enum TencentCommand {
    /// ApplyLivenessToken: an SdkToken for the mobile SDK.
    Token {
        /// 1 silent, 2 blink, 3 light, 4 blink and light (the vendor's default).
        #[arg(long, value_parser = clap::value_parser!(u8).range(1..=4))]
        secure_level: Option<u8>,
        #[command(flatten)]
        tencent: TencentArgs,
        #[command(flatten)]
        common: Common,
    },
    /// GetLivenessResult: the verdict for an SdkToken.
    Result {
        /// The SdkToken the session used.
        #[arg(long)]
        sdk_token: String,
        #[command(flatten)]
        tencent: TencentArgs,
        #[command(flatten)]
        common: Common,
    },
}

/// Tencent's presets.
#[derive(Debug, Clone, Args)]
pub struct TencentArgs {
    /// Region (ap-hongkong, ap-jakarta, ap-singapore): sent as X-TC-Region, and the regional
    /// host is used.
    #[arg(long)]
    pub region: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum TrustDecisionCommand {
    /// A license that initializes the mobile SDK.
    License {
        /// License lifetime in seconds (1 to 86400; the vendor's default is 600).
        #[arg(long)]
        session_duration: Option<i64>,
        #[command(flatten)]
        region: TrustDecisionArgs,
        #[command(flatten)]
        common: Common,
    },
    /// The verdict for a liveness id the SDK returned.
    Result {
        /// The liveness id.
        #[arg(long)]
        liveness_id: String,
        #[command(flatten)]
        region: TrustDecisionArgs,
        #[command(flatten)]
        common: Common,
    },
}

/// TrustDecision's presets.
#[derive(Debug, Clone, Args)]
pub struct TrustDecisionArgs {
    /// Region preset.
    #[arg(long, value_enum, default_value_t = TrustDecisionRegion::Singapore)]
    pub region: TrustDecisionRegion,
}

/// TrustDecision regions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum TrustDecisionRegion {
    /// sg-credit.apitd.net.
    Singapore,
    /// id-credit.apitd.net.
    Indonesia,
}

#[derive(Debug, Subcommand)]
pub enum TalentomobileCommand {
    /// The verdict for a finished process.
    Result {
        /// The process id.
        #[arg(long)]
        id: String,
        /// Environment preset.
        #[arg(long, value_enum, default_value_t = TalentomobileEnv::Pro)]
        env: TalentomobileEnv,
        #[command(flatten)]
        common: Common,
    },
}

/// Talentomobile environments.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum TalentomobileEnv {
    /// Production.
    Pro,
    /// Pre-production.
    Pre,
    /// Development.
    Dev,
}

#[derive(Debug, Subcommand)]
pub enum VerifikCommand {
    /// The verdict for a record.
    Result {
        /// The record id.
        #[arg(long)]
        id: String,
        #[command(flatten)]
        common: Common,
    },
    /// One page of records, each with its verdict.
    List {
        /// Page number, from 1.
        #[arg(long)]
        page: Option<u64>,
        /// Records per page, 1 to 100.
        #[arg(long)]
        limit: Option<u64>,
        /// new, processing, completed or failed.
        #[arg(long)]
        status: Option<String>,
        #[command(flatten)]
        common: Common,
    },
    /// Run document checks on an image file and print the verdict of the new record.
    Create {
        /// The document image (sent base64-encoded).
        #[arg(long, value_name = "FILE")]
        image: PathBuf,
        /// A check to run; repeatable (default: all four).
        #[arg(long = "check", value_enum)]
        checks: Vec<VerifikCheck>,
        #[command(flatten)]
        common: Common,
    },
}

/// Verifik's checks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum VerifikCheck {
    /// The document is shown on a screen.
    ScreenReplay,
    /// The document is a printed copy.
    PrintedCopy,
    /// The portrait was replaced.
    PortraitSubstitution,
    /// The image was edited.
    DigitalManipulation,
}

#[derive(Debug, Args)]
pub struct MockArgs {
    /// Address to listen on (port 0 picks a free one).
    #[arg(long, default_value = "127.0.0.1:8080")]
    pub listen: SocketAddr,
    /// What new sessions lead to: pass, attack, attack:<code> or expired.
    #[arg(long, default_value = "pass")]
    pub outcome: Outcome,
    /// A fault to inject, KIND[=VALUE][*TIMES][@VENDOR]; KIND is rate-limit, server-error,
    /// internal-error, slow=MILLIS, drop, oversize=BYTES, html, wrong-type or corrupt-file.
    /// Repeatable.
    #[arg(long = "fault", value_name = "FAULT")]
    pub faults: Vec<FaultRule>,
    /// Seconds to add to the mock's clock (Tencent rejects signatures more than 300 s off).
    #[arg(long, default_value_t = 0, allow_hyphen_values = true)]
    pub clock_offset: i64,
}
