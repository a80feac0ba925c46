//! Printing results (`--output table|json`) and saving evidence (`--save-evidence DIR`).

use std::io::IsTerminal as _;
use std::path::{Path, PathBuf};

use indicatif::{ProgressBar, ProgressStyle};
use liveness::verdict::{
    EvidenceDownloader, EvidenceSource, Outcome, RejectReason, ScoreScale, Verdict,
};

use crate::cli::OutputFormat;
use crate::envelope::{Body, CommandName, Envelope, VerdictView};
use crate::exit::Failure;

/// The [`Envelope`] of kind `verdict` that `--output json` prints for `verdict`.
pub fn verdict_envelope(command: CommandName, mut verdict: Verdict) -> Envelope {
    let raw = std::mem::take(&mut verdict.raw);
    Envelope {
        command,
        vendor: verdict.vendor,
        body: Body::Verdict(VerdictView(verdict)),
        raw,
    }
}

/// Prints a verdict: aligned fields, or the [`Envelope`] of kind `verdict`.
pub fn print_verdict(
    command: CommandName,
    verdict: &Verdict,
    format: OutputFormat,
) -> Result<(), Failure> {
    match format {
        OutputFormat::Json => print_envelope(&verdict_envelope(command, verdict.clone())),
        OutputFormat::Table => {
            let score = verdict.score.as_ref().map_or("-".to_owned(), |s| {
                let scale = match s.scale {
                    ScoreScale::Unit => "0..1",
                    ScoreScale::Percent => "0..100",
                    _ => "an unbounded scale",
                };
                format!("{:.4} (vendor: {} on {scale})", s.normalized, s.raw)
            });
            let time = |t: &Option<chrono::DateTime<chrono::Utc>>| {
                t.map_or("-".to_owned(), |t| t.to_rfc3339())
            };
            let evidence: Vec<String> = verdict
                .evidence
                .iter()
                .map(|e| match &e.source {
                    EvidenceSource::Remote { .. } => format!("{} (url)", e.label),
                    _ => format!("{} (inline)", e.label),
                })
                .collect();
            table(&[
                ("vendor", verdict.vendor.to_string()),
                ("id", verdict.id.clone()),
                ("outcome", outcome(&verdict.outcome)),
                ("score", score),
                (
                    "charged",
                    verdict
                        .charged
                        .map_or("-".to_owned(), |c| if c { "yes" } else { "no" }.to_owned()),
                ),
                ("started", time(&verdict.started_at)),
                ("completed", time(&verdict.completed_at)),
                (
                    "evidence",
                    if evidence.is_empty() {
                        "-".to_owned()
                    } else {
                        evidence.join(", ")
                    },
                ),
            ])
        }
    }
}

/// Prints a non-verdict result: `fields` as a table, or `envelope` as JSON.
pub fn print_result(
    fields: &[(&str, String)],
    envelope: &Envelope,
    format: OutputFormat,
) -> Result<(), Failure> {
    match format {
        OutputFormat::Json => print_envelope(envelope),
        OutputFormat::Table => table(fields),
    }
}

fn print_envelope(envelope: &Envelope) -> Result<(), Failure> {
    crate::stdout::line(serde_json::to_string_pretty(envelope).expect("JSON prints"))
}

/// Aligned `key  value` lines, written at once.
fn table(fields: &[(&str, String)]) -> Result<(), Failure> {
    let width = fields.iter().map(|(k, _)| k.len()).max().unwrap_or(0);
    let text: String = fields
        .iter()
        .map(|(key, value)| format!("{key:<width$}  {value}\n"))
        .collect();
    crate::stdout::write(&text)
}

/// One line for an outcome.
pub fn outcome(outcome: &Outcome) -> String {
    match outcome {
        Outcome::Passed => "passed".into(),
        Outcome::Pending => "pending".into(),
        Outcome::Expired => "expired".into(),
        Outcome::NotFound => "not found".into(),
        Outcome::Unrecognized { code } => format!("unrecognized (code {code})"),
        Outcome::Rejected { reason } => match reason {
            RejectReason::Spoof { spoof, code } => {
                format!("rejected: spoof ({spoof:?}), code {code}")
            }
            RejectReason::CaptureQuality { code, detail } => format!(
                "rejected: capture quality, code {code}{}",
                detail.as_ref().map_or(String::new(), |d| format!(" ({d})"))
            ),
            RejectReason::ChallengeFailed { challenge, step } => format!(
                "rejected: challenge {challenge} failed{}",
                step.as_ref().map_or(String::new(), |s| format!(" at {s}"))
            ),
            RejectReason::VendorFailure { code, detail } => format!(
                "rejected: the vendor could not complete the check, code {code}{}",
                detail.as_ref().map_or(String::new(), |d| format!(" ({d})"))
            ),
            other => format!("rejected: {other:?}"),
        },
        other => format!("{other:?}"),
    }
}

/// Writes every piece of evidence of `verdict` into `dir` (created if missing); returns the
/// files written. Remote files are downloaded by `downloader` (the command's --timeout and the
/// body cap; https only) and checked (a progress bar on a terminal); a failed check leaves no
/// file.
pub async fn save_evidence(
    verdict: &Verdict,
    dir: &Path,
    downloader: &EvidenceDownloader,
    bars: bool,
) -> Result<Vec<PathBuf>, Failure> {
    // create_dir_all on a file only says "File exists".
    if dir.exists() && !dir.is_dir() {
        return Err(Failure::Evidence(format!(
            "--save-evidence {} is a file: it needs a directory (an existing one, or a path to create)",
            dir.display()
        )));
    }
    std::fs::create_dir_all(dir)
        .map_err(|e| Failure::Evidence(format!("creating {}: {e}", dir.display())))?;
    let mut written = Vec::new();
    for (index, evidence) in verdict.evidence.iter().enumerate() {
        let stem = format!(
            "{}-{index}-{}",
            sanitize(&verdict.id),
            sanitize(&evidence.label)
        );
        match &evidence.source {
            EvidenceSource::Inline { .. } => {
                let decoded = evidence.decode()?;
                let path = dir.join(format!("{stem}.{}", decoded.media_type.extension()));
                std::fs::write(&path, &decoded.bytes)
                    .map_err(|e| Failure::Evidence(format!("writing {}: {e}", path.display())))?;
                written.push(path);
            }
            EvidenceSource::Remote { url, size, .. } => {
                let extension = url
                    .rsplit('/')
                    .next()
                    .and_then(|name| name.split('?').next())
                    .and_then(|name| name.rsplit_once('.'))
                    .map(|(_, ext)| sanitize(ext))
                    .filter(|ext| !ext.is_empty() && ext.len() <= 5)
                    .unwrap_or_else(|| "bin".into());
                let path = dir.join(format!("{stem}.{extension}"));
                let bar = if bars {
                    progress_bar(*size, &evidence.label)
                } else {
                    ProgressBar::hidden()
                };
                let saved = downloader
                    .download(evidence, &path, |done, total| {
                        if let Some(total) = total {
                            bar.set_length(total);
                        }
                        bar.set_position(done);
                    })
                    .await;
                bar.finish_and_clear();
                written.push(saved?);
            }
            other => {
                return Err(Failure::Evidence(format!(
                    "evidence `{}`: a source this version cannot save ({other:?})",
                    evidence.field
                )));
            }
        }
    }
    Ok(written)
}

fn progress_bar(size: Option<u64>, label: &str) -> ProgressBar {
    if !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::new(size.unwrap_or(0));
    if let Ok(style) =
        ProgressStyle::with_template("{msg} [{bar:30}] {bytes}/{total_bytes} ({eta})")
    {
        bar.set_style(style);
    }
    bar.set_message(label.to_owned());
    bar
}

/// Keeps letters, digits, `-` and `_` (file names from vendor ids and labels).
fn sanitize(text: &str) -> String {
    text.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect()
}
