//! `--report FILE.html`: one self-contained HTML page for the verdicts of a run.
//!
//! It shows, per verdict, the vendor, the id, the outcome and its reason, the normalized and raw
//! score, whether the vendor charged, the timestamps, each challenge or check with its result,
//! and every piece of evidence; then the raw vendor response, folded. Images and videos are
//! `data:` URIs: inline evidence always, remote evidence once `--save-evidence` has downloaded
//! and checked it (else a link with the vendor's MD5). The page loads nothing: inline CSS only,
//! no script, and a Content-Security-Policy that forbids any other source. Every text from the
//! vendor is HTML-escaped; no credential is ever passed in, so none can appear.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use base64::Engine as _;
use chrono::{DateTime, Utc};
use liveness::Vendor;
use liveness::verdict::{
    EvidenceKind, EvidenceSource, MediaType, Outcome, RejectReason, ScoreScale, SpoofKind, Verdict,
};
use serde_json::Value;

use crate::envelope::CommandName;
use crate::exit::Failure;

/// The page's policy: images and videos from `data:` URIs, inline style, nothing else (no
/// script, no network, no form, no `<base>`).
const CONTENT_SECURITY_POLICY: &str = "default-src 'none'; img-src data:; media-src data:; \
     style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'";

const STYLE: &str = r#"
:root { color-scheme: light; --ink: #1d2330; --muted: #5b6475; --line: #dde2ea; --bg: #f6f7f9; }
* { box-sizing: border-box; }
body { margin: 0; background: var(--bg); color: var(--ink);
  font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
main { max-width: 960px; margin: 0 auto; padding: 24px 20px 48px; }
h1 { font-size: 22px; margin: 0 0 4px; }
h2 { font-size: 18px; margin: 0 0 12px; overflow-wrap: anywhere; }
h3 { font-size: 15px; margin: 20px 0 8px; color: var(--muted); text-transform: uppercase; letter-spacing: .04em; }
.meta { color: var(--muted); margin: 0 0 20px; }
section.verdict { background: #fff; border: 1px solid var(--line); border-radius: 10px; padding: 20px; margin: 0 0 20px; }
.outcome { display: flex; flex-wrap: wrap; align-items: baseline; gap: 6px 12px; padding: 12px 16px;
  border-radius: 8px; margin: 0 0 16px; border: 1px solid; }
.outcome .status { font-size: 20px; font-weight: 700; text-transform: uppercase; letter-spacing: .03em; }
.outcome .reason { font-size: 15px; }
.outcome.pass { background: #e8f6ee; border-color: #9bd3b0; color: #0f5c2e; }
.outcome.fail { background: #fdecec; border-color: #f0aaaa; color: #8a1c1c; }
.outcome.other { background: #fff6e0; border-color: #ecd08c; color: #6b4a00; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; vertical-align: top; padding: 6px 10px; border-bottom: 1px solid var(--line); overflow-wrap: anywhere; }
th { color: var(--muted); font-weight: 600; width: 13em; }
table.checks th { width: auto; }
table.checks td:nth-child(-n+2) { white-space: nowrap; }
.ok { color: #0f7a3a; font-weight: 600; }
.bad { color: #b42318; font-weight: 600; }
.unknown { color: var(--muted); }
.evidence-grid { display: grid; grid-template-columns: repeat(auto-fill, minmax(200px, 1fr)); gap: 14px; }
figure { margin: 0; border: 1px solid var(--line); border-radius: 8px; padding: 10px; background: #fafbfc; }
figure img, figure video { display: block; width: 100%; height: auto; max-height: 320px; object-fit: contain;
  min-height: 64px; background: #eef0f3; image-rendering: pixelated; border-radius: 4px; }
figcaption { font-size: 13px; color: var(--muted); margin-top: 8px; overflow-wrap: anywhere; }
figcaption strong { color: var(--ink); }
code { font: 13px/1.4 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
details { background: #fff; border: 1px solid var(--line); border-radius: 10px; padding: 12px 16px; }
summary { cursor: pointer; font-weight: 600; }
pre { white-space: pre-wrap; word-break: break-all; max-height: 40em; overflow: auto; font: 12px/1.4 ui-monospace, monospace; }
.index a { color: inherit; }
"#;

/// Renders the report and writes it to `path` (through a temporary file beside it, so a failed
/// write leaves no half page).
pub fn write(
    path: &Path,
    command: CommandName,
    verdicts: &[Verdict],
    saved: &[Vec<PathBuf>],
    raw: &Value,
) -> Result<(), Failure> {
    let html = render(command, verdicts, saved, raw, Utc::now());
    let partial = path.with_extension("html.partial");
    let failed = |e: std::io::Error| {
        let _ = std::fs::remove_file(&partial);
        Failure::Evidence(format!("writing the report {}: {e}", path.display()))
    };
    std::fs::write(&partial, html).map_err(failed)?;
    std::fs::rename(&partial, path).map_err(failed)
}

/// The page for `verdicts` (from the vendor response `raw`). `saved[i]` lists the files
/// `--save-evidence` wrote for `verdicts[i]`, in evidence order (empty when it did not run).
pub fn render(
    command: CommandName,
    verdicts: &[Verdict],
    saved: &[Vec<PathBuf>],
    raw: &Value,
    generated_at: DateTime<Utc>,
) -> String {
    let title = match verdicts {
        [one] => format!(
            "{} {}: {}",
            one.vendor,
            one.id,
            Parts::of(&one.outcome).status
        ),
        many => format!("{}: {} verdicts", command.as_str(), many.len()),
    };
    let mut html = String::new();
    let _ = write!(
        html,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta http-equiv=\"Content-Security-Policy\" content=\"{CONTENT_SECURITY_POLICY}\">\n\
         <meta name=\"referrer\" content=\"no-referrer\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>Liveness report: {}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<main>\n\
         <h1>Liveness report</h1>\n<p class=\"meta\"><code>liveness {}</code> &middot; generated {}</p>\n",
        esc(&title),
        esc(command.as_str()),
        esc(&time(Some(generated_at))),
    );
    if command == CommandName::VerifikList || verdicts.len() != 1 {
        index(&mut html, verdicts);
    }
    for (n, verdict) in verdicts.iter().enumerate() {
        let files = saved.get(n).map(Vec::as_slice).unwrap_or_default();
        section(&mut html, n, verdict, files);
    }
    let raw = serde_json::to_string_pretty(raw).unwrap_or_else(|_| raw.to_string());
    let _ = write!(
        html,
        "<details id=\"raw\">\n<summary>Raw vendor response</summary>\n<pre>{}</pre>\n</details>\n\
         </main>\n</body>\n</html>\n",
        esc(&raw)
    );
    html
}

/// A table of every verdict, linking to its section (for `verifik list`).
fn index(html: &mut String, verdicts: &[Verdict]) {
    html.push_str("<section class=\"verdict index\">\n<h2>Verdicts</h2>\n");
    if verdicts.is_empty() {
        html.push_str("<p>No records on this page.</p>\n</section>\n");
        return;
    }
    html.push_str("<table>\n<tr><th>Id</th><th>Outcome</th></tr>\n");
    for (n, verdict) in verdicts.iter().enumerate() {
        let parts = Parts::of(&verdict.outcome);
        let _ = writeln!(
            html,
            "<tr><td><a href=\"#verdict-{n}\">{}</a></td><td class=\"{}\">{}{}</td></tr>",
            esc(&verdict.id),
            parts.cell_class(),
            esc(parts.status),
            parts
                .reason
                .as_ref()
                .map_or(String::new(), |r| format!(": {}", esc(r)))
        );
    }
    html.push_str("</table>\n</section>\n");
}

fn section(html: &mut String, n: usize, verdict: &Verdict, files: &[PathBuf]) {
    let parts = Parts::of(&verdict.outcome);
    let _ = write!(
        html,
        "<section class=\"verdict\" id=\"verdict-{n}\">\n<h2>{} &middot; <code>{}</code></h2>\n\
         <div class=\"outcome {}\" id=\"outcome-{n}\"><span class=\"status\">{}</span>{}</div>\n",
        esc(verdict.vendor.product_name()),
        esc(&verdict.id),
        parts.class,
        esc(parts.status),
        parts.reason.as_ref().map_or(String::new(), |r| format!(
            "<span class=\"reason\">{}</span>",
            esc(r)
        )),
    );
    let score = |f: &dyn Fn(&liveness::verdict::Score) -> String| {
        verdict.score.as_ref().map_or("not given".to_owned(), f)
    };
    let rows = [
        ("Vendor", verdict.vendor.product_name().to_owned()),
        ("Id", verdict.id.clone()),
        ("Outcome", parts.status.to_owned()),
        ("Reason", parts.reason.clone().unwrap_or_else(|| "-".into())),
        (
            "Score (normalized, 0..1)",
            score(&|s| format!("{:.4}", s.normalized)),
        ),
        (
            "Score (vendor's)",
            score(&|s| format!("{} on {}", s.raw, scale(s.scale))),
        ),
        (
            "Charged",
            match verdict.charged {
                Some(true) => "yes".into(),
                Some(false) => "no".into(),
                None => "not said".into(),
            },
        ),
        ("Started", time(verdict.started_at)),
        ("Completed", time(verdict.completed_at)),
    ];
    html.push_str("<table class=\"facts\">\n");
    for (name, value) in rows {
        let _ = writeln!(
            html,
            "<tr><th>{}</th><td>{}</td></tr>",
            esc(name),
            esc(&value)
        );
    }
    html.push_str("</table>\n");
    checks(html, verdict);
    evidence(html, verdict, files);
    html.push_str("</section>\n");
}

/// One row per challenge (Talentomobile), check (Verifik) or the single liveness check
/// (Tencent, TrustDecision), read from the vendor's response.
fn checks(html: &mut String, verdict: &Verdict) {
    let rows = check_rows(verdict);
    if rows.is_empty() {
        return;
    }
    html.push_str(
        "<h3>Challenges and checks</h3>\n<table class=\"checks\">\n\
         <tr><th>Check</th><th>Result</th><th>Details</th></tr>\n",
    );
    for row in rows {
        let (class, text) = match row.passed {
            Some(true) => ("ok", "passed"),
            Some(false) => ("bad", "failed"),
            None => ("unknown", "not said"),
        };
        let _ = writeln!(
            html,
            "<tr><td><code>{}</code></td><td class=\"{class}\">{text}</td><td>{}</td></tr>",
            esc(&row.name),
            esc(&row.details.join("; "))
        );
    }
    html.push_str("</table>\n");
}

/// A challenge or check and its result.
struct CheckRow {
    name: String,
    passed: Option<bool>,
    details: Vec<String>,
}

fn check_rows(verdict: &Verdict) -> Vec<CheckRow> {
    let raw = &verdict.raw;
    match verdict.vendor {
        Vendor::Talentomobile => {
            let Ok(challenges) =
                serde_json::from_value::<Vec<liveness::talentomobile::Challenge>>(raw.clone())
            else {
                return Vec::new();
            };
            challenges
                .iter()
                .map(|c| {
                    let mut details = Vec::new();
                    if let Some(score) = c.score {
                        details.push(format!("score {score}"));
                    }
                    if !c.moves.is_empty() {
                        let moves: Vec<String> = c
                            .moves
                            .iter()
                            .map(|m| {
                                format!(
                                    "{} {}",
                                    m.type_,
                                    if m.success { "passed" } else { "failed" }
                                )
                            })
                            .collect();
                        details.push(format!("moves: {}", moves.join(", ")));
                    }
                    let at = |t: Option<i64>| time(t.and_then(|t| DateTime::from_timestamp(t, 0)));
                    if c.start_timestamp.is_some() || c.end_timestamp.is_some() {
                        details.push(format!(
                            "{} to {}",
                            at(c.start_timestamp),
                            at(c.end_timestamp)
                        ));
                    }
                    CheckRow {
                        name: c.type_.clone(),
                        passed: Some(c.success && c.moves.iter().all(|m| m.success)),
                        details,
                    }
                })
                .collect()
        }
        Vendor::Verifik => {
            use liveness::verifik::{Check, DocumentLiveness, RecordExt as _};
            // `retrieve` and `create` answer `{"data": record}`; a listed record is bare.
            let record = raw.get("data").filter(|d| d.is_object()).unwrap_or(raw);
            let Ok(record) = serde_json::from_value::<DocumentLiveness>(record.clone()) else {
                return Vec::new();
            };
            Check::ALL
                .iter()
                .filter_map(|check| {
                    let outcome = record.check(*check);
                    let mut details = Vec::new();
                    if let Some(score) = outcome.score {
                        details.push(format!("score {score}"));
                    }
                    if let Some(p) = outcome.probability {
                        details.push(format!("probability {p}"));
                    }
                    if !outcome.warnings.is_empty() {
                        details.push(format!("warnings: {}", outcome.warnings.join(", ")));
                    }
                    if let Some(d) = &outcome.details {
                        details.push(d.clone());
                    }
                    if let Some(c) = &outcome.calibration {
                        details.push(format!("calibration {c}"));
                    }
                    let said = outcome.passed.is_some() || !details.is_empty();
                    (said || outcome.requested == Some(true)).then(|| CheckRow {
                        name: check.label().to_owned(),
                        passed: outcome.passed,
                        details,
                    })
                })
                .collect()
        }
        Vendor::Tencent => {
            let response = &raw["Response"];
            let Some(code) = scalar(&response["Result"]) else {
                return Vec::new();
            };
            let mut details = Vec::new();
            if let Some(d) = response["Description"].as_str() {
                details.push(d.to_owned());
            }
            vec![CheckRow {
                name: format!("liveness (Result {code})"),
                passed: Some(verdict.passed()),
                details,
            }]
        }
        Vendor::TrustDecision => {
            let Some(code) = scalar(&raw["code"]) else {
                return Vec::new();
            };
            let mut details = Vec::new();
            if let Some(m) = raw["message"].as_str() {
                details.push(m.to_owned());
            }
            vec![CheckRow {
                name: format!("liveness (code {code})"),
                passed: Some(verdict.passed()),
                details,
            }]
        }
    }
}

/// Every piece of evidence: an image or video as a `data:` URI where its bytes are at hand and
/// are media, else what is known about it.
fn evidence(html: &mut String, verdict: &Verdict, files: &[PathBuf]) {
    if verdict.evidence.is_empty() {
        return;
    }
    html.push_str("<h3>Evidence</h3>\n<div class=\"evidence-grid\">\n");
    for (i, item) in verdict.evidence.iter().enumerate() {
        let caption_head = format!(
            "<strong>{}</strong> ({}) <br><code>{}</code>",
            esc(&item.label),
            esc(kind_name(item.kind)),
            esc(&item.field)
        );
        // Both parts are HTML: every vendor text in them is escaped where it is put in.
        let (media, note) = match &item.source {
            EvidenceSource::Inline { .. } => match item.decode() {
                Ok(decoded) => (
                    embed(&decoded.bytes, decoded.media_type, &item.label),
                    format!(
                        "inline, {} bytes{}",
                        decoded.bytes.len(),
                        if decoded.media_type == MediaType::Unknown {
                            ", not an image or a video"
                        } else {
                            ""
                        }
                    ),
                ),
                Err(e) => (
                    String::new(),
                    format!("could not be decoded: {}", esc(&e.to_string())),
                ),
            },
            EvidenceSource::Remote { url, md5, size } => {
                let checked = match md5 {
                    Some(md5) => format!("MD5 <code>{}</code>", esc(md5)),
                    None => "the vendor gives no MD5".to_owned(),
                };
                let size = size.map_or(String::new(), |s| format!(", {s} bytes"));
                match files.get(i).map(std::fs::read) {
                    Some(Ok(bytes)) => (
                        embed(&bytes, MediaType::detect(&bytes), &item.label),
                        if md5.is_some() {
                            format!(
                                "downloaded by --save-evidence; matches the vendor's {checked}{size}"
                            )
                        } else {
                            format!("downloaded by --save-evidence; {checked}{size}")
                        },
                    ),
                    _ => (
                        String::new(),
                        format!(
                            "{}: not downloaded ({checked}{size}); run with --save-evidence to embed it once checked",
                            link(url)
                        ),
                    ),
                }
            }
            _ => (
                String::new(),
                "a source this version cannot show".to_owned(),
            ),
        };
        let _ = writeln!(
            html,
            "<figure>{media}<figcaption>{caption_head}<br>{note}</figcaption></figure>"
        );
    }
    html.push_str("</div>\n");
}

/// `<img>` or `<video>` with the bytes as a `data:` URI; nothing for other content.
fn embed(bytes: &[u8], media: MediaType, label: &str) -> String {
    let data = base64::engine::general_purpose::STANDARD.encode(bytes);
    match media {
        MediaType::Png | MediaType::Jpeg => format!(
            "<img class=\"evidence\" alt=\"{}\" src=\"data:{};base64,{data}\">",
            esc(label),
            media.mime()
        ),
        MediaType::Mp4 => format!(
            "<video class=\"evidence-video\" controls preload=\"metadata\" src=\"data:{};base64,{data}\"></video>",
            media.mime()
        ),
        _ => String::new(),
    }
}

/// A link to remote evidence; only http(s) URLs become links (never `javascript:` and the
/// like).
fn link(url: &str) -> String {
    let lower = url.trim_start().to_ascii_lowercase();
    if lower.starts_with("https://") || lower.starts_with("http://") {
        format!(
            "<a href=\"{}\" rel=\"noreferrer noopener\">download</a>",
            esc(url)
        )
    } else {
        format!("<span class=\"unknown\">at {}</span>", esc(url))
    }
}

/// An outcome split for display.
struct Parts {
    status: &'static str,
    reason: Option<String>,
    class: &'static str,
}

impl Parts {
    fn of(outcome: &Outcome) -> Self {
        let other = |status, reason| Parts {
            status,
            reason,
            class: "other",
        };
        match outcome {
            Outcome::Passed => Parts {
                status: "passed",
                reason: None,
                class: "pass",
            },
            Outcome::Rejected { reason } => Parts {
                status: "rejected",
                reason: Some(reject_reason(reason)),
                class: "fail",
            },
            Outcome::Pending => other("pending", Some("the check has not finished".into())),
            Outcome::Expired => other(
                "expired",
                Some("the session or its result is too old".into()),
            ),
            Outcome::NotFound => {
                other("not found", Some("the vendor knows no such session".into()))
            }
            Outcome::Unrecognized { code } => {
                other("unrecognized", Some(format!("vendor code {code}")))
            }
            _ => other("unrecognized", None),
        }
    }

    fn cell_class(&self) -> &'static str {
        match self.class {
            "pass" => "ok",
            "fail" => "bad",
            _ => "unknown",
        }
    }
}

fn reject_reason(reason: &RejectReason) -> String {
    match reason {
        RejectReason::Spoof { spoof, code } => format!("spoof: {}, code {code}", spoof_name(spoof)),
        RejectReason::CaptureQuality { code, detail } => format!(
            "capture quality, code {code}{}",
            detail.as_ref().map_or(String::new(), |d| format!(" ({d})"))
        ),
        RejectReason::ChallengeFailed { challenge, step } => format!(
            "challenge {challenge} failed{}",
            step.as_ref().map_or(String::new(), |s| format!(" at {s}"))
        ),
        RejectReason::VendorFailure { code, detail } => format!(
            "the vendor could not complete the check, code {code}{}",
            detail.as_ref().map_or(String::new(), |d| format!(" ({d})"))
        ),
        other => format!("{other:?}"),
    }
}

fn spoof_name(spoof: &SpoofKind) -> String {
    match spoof {
        SpoofKind::Replay => "replay".into(),
        SpoofKind::Mask => "mask".into(),
        SpoofKind::PrintedCopy => "printed copy".into(),
        SpoofKind::Deepfake => "deepfake".into(),
        SpoofKind::Injection => "injection".into(),
        SpoofKind::PortraitSubstitution => "portrait substitution".into(),
        SpoofKind::DigitalManipulation => "digital manipulation".into(),
        SpoofKind::Other(what) => what.clone(),
        other => format!("{other:?}"),
    }
}

fn kind_name(kind: EvidenceKind) -> &'static str {
    match kind {
        EvidenceKind::BestFrame => "best frame",
        EvidenceKind::Video => "video",
        EvidenceKind::Challenge => "challenge",
        EvidenceKind::Move => "move",
        EvidenceKind::Document => "document",
        _ => "evidence",
    }
}

fn scale(scale: ScoreScale) -> &'static str {
    match scale {
        ScoreScale::Unit => "0..1",
        ScoreScale::Percent => "0..100",
        _ => "an unbounded scale",
    }
}

/// A JSON string or number as text (vendors send codes as either).
fn scalar(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

fn time(t: Option<DateTime<Utc>>) -> String {
    t.map_or("not said".to_owned(), |t| {
        t.format("%Y-%m-%d %H:%M:%S UTC").to_string()
    })
}

/// HTML-escapes text for element content and quoted attribute values.
fn esc(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use liveness::verdict::{Evidence, Score};
    use serde_json::json;

    use super::*;

    /// A verdict whose every vendor-given text tries to break out of the page.
    fn hostile() -> Verdict {
        let attack = "</code></td><script>alert(1)</script><img src=x onerror=alert(2)>\"'";
        Verdict {
            vendor: Vendor::Verifik,
            id: attack.into(),
            outcome: Outcome::Rejected {
                reason: RejectReason::Spoof {
                    spoof: SpoofKind::Other(attack.into()),
                    code: attack.into(),
                },
            },
            score: Some(Score::new(0.5, ScoreScale::Unit)),
            charged: Some(false),
            started_at: None,
            completed_at: None,
            evidence: vec![
                Evidence {
                    kind: EvidenceKind::Document,
                    label: attack.into(),
                    field: attack.into(),
                    source: EvidenceSource::Remote {
                        url: "javascript:alert(3)".into(),
                        md5: Some(attack.into()),
                        size: None,
                    },
                },
                Evidence {
                    kind: EvidenceKind::Document,
                    label: "doc".into(),
                    field: "data.imageUrl".into(),
                    source: EvidenceSource::Remote {
                        url: "https://cdn.example/a.jpg?x=\"><script>alert(4)</script>".into(),
                        md5: None,
                        size: None,
                    },
                },
                Evidence {
                    kind: EvidenceKind::Challenge,
                    label: "bad".into(),
                    field: "[0].data".into(),
                    source: EvidenceSource::Inline {
                        base64: "not base64 <script>alert(5)</script>".into(),
                    },
                },
            ],
            raw: json!({"data": {"status": attack, "note": "</pre></details><script>alert(6)</script>"}}),
        }
    }

    #[test]
    fn vendor_text_is_escaped_and_only_http_urls_become_links() {
        let verdict = hostile();
        let html = render(
            CommandName::VerifikResult,
            std::slice::from_ref(&verdict),
            &[],
            &verdict.raw,
            DateTime::UNIX_EPOCH,
        );
        let lower = html.to_ascii_lowercase();
        assert!(!lower.contains("<script"), "a script got through");
        assert!(!lower.contains("<img"), "an image tag got through");
        assert!(!html.contains("href=\"javascript"), "a javascript: link");
        assert!(html.contains("at javascript:alert(3)"), "shown as text");
        assert!(
            html.contains("href=\"https://cdn.example/a.jpg?x=&quot;&gt;&lt;script&gt;"),
            "an http(s) URL is a link, escaped"
        );
        assert!(
            html.contains("could not be decoded"),
            "bad base64 is said, not fatal"
        );
        assert_eq!(html.matches("<details").count(), 1);
        assert_eq!(
            html.matches("</details>").count(),
            1,
            "the raw stays folded"
        );
    }

    #[test]
    fn escaping_covers_the_five_characters() {
        assert_eq!(
            esc("<a href=\"x\">'&'</a>"),
            "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;"
        );
    }
}
