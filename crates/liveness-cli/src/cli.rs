//! The command line, as clap reads it.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use clap::{Args, Parser, Subcommand, ValueEnum};
use liveness::{talentomobile, trustdecision, verifik};
use liveness_mock::{FaultRule, Outcome};

/// Typed clients for face- and document-liveness vendors, and a mock of all four.
///
/// Credentials come from the environment: TENCENTCLOUD_SECRET_ID, TENCENTCLOUD_SECRET_KEY
/// (and TENCENTCLOUD_SESSION_TOKEN), TENCENTCLOUD_REGION (or --region; Tencent refuses a request
/// without one), TRUSTDECISION_PARTNER_CODE, TRUSTDECISION_PARTNER_KEY, TALENTOMOBILE_API_KEY,
/// VERIFIK_TOKEN.
///
/// Exit codes: 0 the call succeeded (whatever the verdict), or the reader of stdout closed the
/// pipe; 1 the demo or the mock failed, or stdout could not be written;
/// 2 bad usage (an unknown flag, a flag the command does not take, a number out of range);
/// 3 a verdict that is not a pass, with --fail-on-reject; 4 configuration (a missing or
/// malformed credential, an unreadable input file); 5 transport (connection, timeout);
/// 6 the vendor answered with an error; 7 the response could not be read; 8 evidence or the
/// report could not be decoded, downloaded or written; 9 `batch`: some ids got no verdict;
/// 11 to 14 `doctor`: the first failing stage (credentials, endpoint, clock, auth); 130
/// `batch` stopped by Ctrl-C.
///
/// `--output json` prints one shape for every command:
/// {"command", "vendor", "kind", "result", "raw"}; `liveness schema` prints its JSON Schema.
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
    /// Print the JSON Schema of what `--output json` prints: every command's envelope, or
    /// (`liveness schema doctor`) one line of `liveness doctor --output json`.
    Schema {
        /// Whose output.
        #[arg(value_enum, default_value_t = SchemaOf::Output)]
        of: SchemaOf,
    },
    /// Fetch the verdict of every id in a file (or stdin), one JSON line each:
    /// {"id", "verdict"} (the shape `result --output json` prints) or {"id", "error": {"kind",
    /// "message"}}. Runs at --rate-limit (shared with --redis) and --concurrency, with the
    /// --retries policy; one failing id never stops the rest; duplicate ids are fetched once.
    /// With --out, a rerun skips the ids the file already holds. Exit 0 when every id got a
    /// verdict, 9 when some did not, 130 when stopped by Ctrl-C (every line written is whole).
    Batch(BatchArgs),
    /// Check each vendor before a first real call: credentials (where from, paste errors,
    /// Tencent's region), the endpoint (URL, proxy, DNS, TCP, TLS), the clock against the
    /// endpoint's Date, and whether the vendor accepts the credentials (one read of an id that
    /// cannot exist; nothing is created or billed). Without --vendor, every vendor whose
    /// credentials are set. Exit 0 when nothing failed; else the first failing stage:
    /// 11 credentials, 12 endpoint, 13 clock, 14 auth.
    Doctor(DoctorArgs),
}

/// `liveness doctor`.
#[derive(Debug, Args)]
pub struct DoctorArgs {
    /// A vendor to check; repeatable (default: every vendor whose credentials are set).
    #[arg(long = "vendor", value_parser = parse_vendor)]
    pub vendors: Vec<liveness::Vendor>,
    /// Any base URL instead of the vendor's (a proxy, or `liveness mock`).
    #[arg(long, value_name = "URL")]
    pub endpoint: Option<String>,
    /// Tencent: ap-hongkong, ap-jakarta or ap-singapore (else TENCENTCLOUD_REGION);
    /// TrustDecision: singapore or indonesia.
    #[arg(long)]
    pub region: Option<String>,
    /// Talentomobile's environment preset.
    #[arg(long, value_enum, default_value_t = talentomobile::Environment::Pro)]
    pub env: talentomobile::Environment,
    /// Each step's time limit, in seconds (default 10).
    #[arg(long, value_name = "SECONDS", value_parser = parse_timeout)]
    pub timeout: Option<Duration>,
    /// `table`: two lines per check (status and why, what to do); `json`: one object per
    /// line (`liveness schema doctor` describes it).
    #[arg(long, value_enum, default_value_t = OutputFormat::Table)]
    pub output: OutputFormat,
}

/// What `liveness schema` describes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SchemaOf {
    /// The envelope every command prints with `--output json`.
    Output,
    /// One line of `liveness doctor --output json`.
    Doctor,
}

/// `liveness batch`.
#[derive(Debug, Args)]
pub struct BatchArgs {
    /// The vendor the ids belong to.
    #[arg(long, value_parser = parse_vendor)]
    pub vendor: liveness::Vendor,
    /// The ids: a file, or `-` for stdin; one per line (blank lines are skipped), or a CSV
    /// with a header when --column is given.
    #[arg(long, value_name = "FILE")]
    pub ids: PathBuf,
    /// The CSV column that holds the ids.
    #[arg(long, value_name = "NAME")]
    pub column: Option<String>,
    /// Append the lines to FILE (flushed one by one) instead of stdout; the ids FILE already
    /// holds are skipped, so an interrupted batch is resumed by running it again.
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// Calls in flight at once (1 to 256).
    #[arg(long, default_value_t = 4, value_parser = clap::value_parser!(u16).range(1..=256))]
    pub concurrency: u16,
    /// Also save each verdict's evidence into DIR/<id>/ (remote files checked against the
    /// vendor's size and MD5); each line then says which files, or why not.
    #[arg(long, value_name = "DIR")]
    pub evidence: Option<PathBuf>,
    /// No progress and no summary on stderr.
    #[arg(long)]
    pub quiet: bool,
    /// Tencent: ap-hongkong, ap-jakarta or ap-singapore (else TENCENTCLOUD_REGION);
    /// TrustDecision: singapore or indonesia.
    #[arg(long)]
    pub region: Option<String>,
    /// Talentomobile's environment preset.
    #[arg(long, value_enum, default_value_t = talentomobile::Environment::Pro)]
    pub env: talentomobile::Environment,
    #[command(flatten)]
    pub common: Common,
}

/// `--vendor`: a vendor's slug.
fn parse_vendor(text: &str) -> Result<liveness::Vendor, String> {
    text.parse()
        .map_err(|e: liveness::UnknownVendor| e.to_string())
}

/// The longest `--timeout` accepted: a day (a longer wait is a mistake, and far larger values
/// are not even a `Duration`).
pub const MAX_TIMEOUT_SECS: f64 = 86_400.0;
/// The shortest `--timeout` accepted: one millisecond.
pub const MIN_TIMEOUT_SECS: f64 = 0.001;
/// The highest `--page` accepted: the vendor's page numbers are signed 64-bit integers.
pub const MAX_PAGE: u64 = i64::MAX as u64;
/// The most `--retries` accepted.
pub const MAX_RETRIES: u32 = 10;
/// The highest `--rate-limit` accepted, in requests per second.
pub const MAX_RATE_LIMIT: u32 = 1_000;

/// Options every vendor command takes.
#[derive(Debug, Clone, Args)]
pub struct Common {
    /// Any base URL instead of the vendor's (a proxy, or `liveness mock`).
    #[arg(long, value_name = "URL")]
    pub endpoint: Option<String>,
    /// How to print the result (`liveness schema` describes the JSON).
    #[arg(long, value_enum, default_value_t = OutputFormat::Table)]
    pub output: OutputFormat,
    /// Timeout of each request, in seconds (0.001 to 86400; default 60).
    #[arg(long, value_name = "SECONDS", value_parser = parse_timeout)]
    pub timeout: Option<Duration>,
    /// Retry a failed call up to N more times (0 to 10; default 0): connection failures,
    /// HTTP 429 and the vendor's "busy" or "internal" codes, and for operations that are safe
    /// to repeat also timeouts and 5xx. Each attempt has its own --timeout and is signed
    /// afresh; the waits start at 200 ms and double up to 5 s, with jitter.
    #[arg(
        long,
        value_name = "N",
        value_parser = clap::value_parser!(u32).range(0..=i64::from(MAX_RETRIES))
    )]
    pub retries: Option<u32>,
    /// Send at most this many requests per second for each operation, retries included
    /// (1 to 1000; Tencent allows 20 per action).
    #[arg(
        long,
        value_name = "PER_SECOND",
        value_parser = clap::value_parser!(u32).range(1..=i64::from(MAX_RATE_LIMIT))
    )]
    pub rate_limit: Option<u32>,
    /// Hold --rate-limit in this Redis (redis://[:PASSWORD@]HOST[:PORT][/DB]), shared with
    /// every `liveness` process and application that uses it for the same vendor, operation
    /// and account. Without this flag, LIVENESS_REDIS_URL is used when --rate-limit is given
    /// (and ignored otherwise: there is no rate to share).
    #[arg(long, value_name = "URL", requires = "rate_limit")]
    pub redis: Option<String>,
    /// While Redis is down or slow (200 ms): `open` limits this process alone, `closed`
    /// fails the call (exit 5) without sending it.
    #[arg(long, value_enum, value_name = "POLICY", default_value = "open")]
    pub redis_outage: liveness::OnOutage,
}

/// Options of the commands that print verdicts (not of `tencent token` or
/// `trustdecision license`).
#[derive(Debug, Clone, Args)]
pub struct ResultArgs {
    /// Write the verdict's images and videos into this directory (remote files are checked
    /// against the vendor's size and MD5).
    #[arg(long, value_name = "DIR")]
    pub save_evidence: Option<PathBuf>,
    /// Write a self-contained HTML report to FILE: the outcome and its reason, the scores,
    /// the charge, the timestamps, each challenge or check, the evidence images inline
    /// (remote ones embedded once --save-evidence has downloaded and checked them, else
    /// linked with their MD5), and the raw vendor response. It loads nothing from the network.
    #[arg(long, value_name = "FILE")]
    pub report: Option<PathBuf>,
    /// Exit 3 when the verdict (for `verifik list`, any verdict) is not a pass (for scripts
    /// that gate on it).
    #[arg(long)]
    pub fail_on_reject: bool,
}

/// `--timeout`: a finite number of seconds in [MIN_TIMEOUT_SECS, MAX_TIMEOUT_SECS], refused at
/// parse time so that no value reaches `Duration::from_secs_f64` (which panics on overflow).
pub fn parse_timeout(text: &str) -> Result<Duration, String> {
    let seconds: f64 = text
        .trim()
        .parse()
        .map_err(|_| format!("`{text}` is not a number of seconds"))?;
    if !(MIN_TIMEOUT_SECS..=MAX_TIMEOUT_SECS).contains(&seconds) {
        return Err(format!(
            "{text} is out of range: give {MIN_TIMEOUT_SECS} to {MAX_TIMEOUT_SECS} seconds"
        ));
    }
    Duration::try_from_secs_f64(seconds).map_err(|e| format!("{text}: {e}"))
}

/// How results are printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OutputFormat {
    /// Aligned `field: value` lines.
    Table,
    /// One JSON object for every command: command, vendor, kind, result (the verdict, token,
    /// license or page) and raw (the vendor's response).
    Json,
}

#[derive(Debug, Subcommand)]
pub enum TencentCommand {
    /// ApplyLivenessToken: an SdkToken for the mobile SDK.
    Token {
        /// 1 silent, 2 blink, 3 light, 4 blink and light (the vendor's default).
        #[arg(long, value_enum)]
        secure_level: Option<liveness::tencent::SecureLevel>,
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
        #[command(flatten)]
        result: ResultArgs,
    },
}

/// Tencent's presets.
#[derive(Debug, Clone, Args)]
pub struct TencentArgs {
    /// Region (ap-hongkong, ap-jakarta, ap-singapore): sent as X-TC-Region, and the regional
    /// host is used. Without it, TENCENTCLOUD_REGION names the region (the international host
    /// is used); with neither, the command exits 4 without sending anything, since FaceID
    /// refuses a request without a region.
    #[arg(long)]
    pub region: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum TrustDecisionCommand {
    /// A license that initializes the mobile SDK.
    License {
        /// License lifetime in seconds (1 to 86400; the vendor's default is 600).
        #[arg(
            long,
            value_parser = clap::value_parser!(i64)
                .range(1..=liveness::trustdecision::MAX_SESSION_DURATION)
        )]
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
        #[command(flatten)]
        result: ResultArgs,
    },
}

/// TrustDecision's presets.
#[derive(Debug, Clone, Args)]
pub struct TrustDecisionArgs {
    /// Region preset.
    #[arg(long, value_enum, default_value_t = trustdecision::Region::Singapore)]
    pub region: trustdecision::Region,
}

#[derive(Debug, Subcommand)]
pub enum TalentomobileCommand {
    /// The verdict for a finished process.
    Result {
        /// The process id.
        #[arg(long)]
        id: String,
        /// Environment preset.
        #[arg(long, value_enum, default_value_t = talentomobile::Environment::Pro)]
        env: talentomobile::Environment,
        #[command(flatten)]
        common: Common,
        #[command(flatten)]
        result: ResultArgs,
    },
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
        #[command(flatten)]
        result: ResultArgs,
    },
    /// One page of records, each with its verdict.
    List {
        /// Page number, from 1.
        #[arg(long, value_parser = clap::value_parser!(u64).range(1..=MAX_PAGE))]
        page: Option<u64>,
        /// Records per page, 1 to 100.
        #[arg(
            long,
            value_parser = clap::value_parser!(u64).range(1..=liveness::verifik::MAX_PAGE_SIZE)
        )]
        limit: Option<u64>,
        /// new, processing, completed or failed.
        #[arg(long)]
        status: Option<String>,
        /// Embed a related record in each result (sent as `populates[]`); repeatable.
        #[arg(long = "populate", value_enum, value_name = "RECORD")]
        populates: Vec<verifik::Populate>,
        #[command(flatten)]
        common: Common,
        #[command(flatten)]
        result: ResultArgs,
    },
    /// Run document checks on an image file and print the verdict of the new record.
    Create {
        /// The document image (sent base64-encoded).
        #[arg(long, value_name = "FILE")]
        image: PathBuf,
        /// A check to run; repeatable (default: all four).
        #[arg(long = "check", value_enum)]
        checks: Vec<verifik::Check>,
        #[command(flatten)]
        common: Common,
        #[command(flatten)]
        result: ResultArgs,
    },
}

/// `liveness mock`: its address, what sessions lead to, faults and clock.
#[derive(Debug, Args)]
pub struct MockArgs {
    /// Address to listen on (port 0 picks a free one). Loopback only, unless --allow-remote.
    #[arg(long, default_value = "127.0.0.1:8080")]
    pub listen: SocketAddr,
    /// Accept a --listen address other machines can reach. The mock accepts the public demo
    /// credentials (and any it reads from the environment), so anyone who can reach it can use
    /// it; without this flag a non-loopback address is refused (exit 2).
    #[arg(long)]
    pub allow_remote: bool,
    /// What new sessions lead to: pass, attack, attack:<code> or expired.
    #[arg(long, default_value = "pass")]
    pub outcome: Outcome,
    /// A fault to inject, KIND[=VALUE][*TIMES][@VENDOR]; KIND is rate-limit, server-error,
    /// internal-error, slow=MILLIS, drop, oversize=BYTES, html, wrong-type, corrupt-file,
    /// refuse-key or account=CODE (TrustDecision's 301 to 305). Repeatable.
    #[arg(long = "fault", value_name = "FAULT")]
    pub faults: Vec<FaultRule>,
    /// Seconds to add to the mock's clock (Tencent rejects signatures more than 300 s off).
    #[arg(long, default_value_t = 0, allow_hyphen_values = true)]
    pub clock_offset: i64,
}
