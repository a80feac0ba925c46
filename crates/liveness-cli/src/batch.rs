//! `liveness batch`: every id of a file (or stdin) to its verdict, one JSON line each, at the
//! vendor's limit and a bounded concurrency, resumable, through the facade's
//! [`liveness::verdict::batch`].

use std::collections::BTreeMap;
use std::fs::{File, OpenOptions};
use std::io::{BufRead, BufReader, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Duration;

use futures_util::StreamExt;
use liveness::Vendor;
use liveness::verdict::batch::{self, Fetched, Seen};
use liveness::verdict::{LivenessProvider, Verdict};
use serde::Serialize;
use serde_json::{Value, json};

use crate::cli::{BatchArgs, Common, TencentArgs, TrustDecisionArgs};
use crate::envelope::{CommandName, Envelope};
use crate::exit::Failure;
use crate::progress::Progress;
use crate::{output, run, stdout};

/// Exit code when some ids got no verdict (each has its error line).
pub const SOME_FAILED: u8 = 9;
/// Exit code when Ctrl-C stopped the batch (the lines written are complete).
pub const INTERRUPTED: u8 = 130;
/// Ids read ahead of the calls: input is streamed, never held whole.
const READ_AHEAD: usize = 1_024;

/// Runs the batch; the exit code says how it ended.
pub async fn run(args: BatchArgs) -> ExitCode {
    match batch(args).await {
        Ok(code) => ExitCode::from(code),
        Err(Failure::Closed) => ExitCode::SUCCESS,
        Err(failure) => {
            stdout::err(format_args!("liveness batch: {failure}"));
            failure.code()
        }
    }
}

async fn batch(args: BatchArgs) -> Result<u8, Failure> {
    let provider = provider(&args)?;
    let input = open_input(&args.ids)?;
    let (mut out, seen) = match &args.out {
        Some(path) => {
            let (file, seen) = resume(path)?;
            (Out::File(file), seen)
        }
        None => (Out::Stdout, Seen::new()),
    };
    let resumed = seen.len();
    let downloader = match &args.evidence {
        Some(_) => Some(liveness::verdict::EvidenceDownloader::new(&run::options(
            &args.common,
        ))?),
        None => None,
    };
    let ids = read_ids(input, args.column.clone());
    // Ctrl-C stops taking ids; the calls in flight finish and their lines are written whole.
    let interrupted = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let flag = interrupted.clone();
    let ids = ids.take_until(async move {
        let _ = tokio::signal::ctrl_c().await;
        flag.store(true, std::sync::atomic::Ordering::SeqCst);
    });
    let (ids, input_error) = until_input_error(ids);
    let command = result_command(args.vendor);
    let results = batch::verdicts(provider.as_ref(), ids, usize::from(args.concurrency), seen);
    let mut results = std::pin::pin!(results);
    let total = count_ids(&args.ids, args.column.is_some());
    let mut progress = Progress::new(args.quiet, resumed, total);
    while let Some(Fetched { id, result }) = results.next().await {
        let mut line = Line {
            id: &id,
            verdict: None,
            evidence: None,
            error: None,
        };
        match result {
            Ok(verdict) => {
                progress.verdict(&verdict);
                if let (Some(dir), Some(downloader)) = (&args.evidence, &downloader) {
                    line.evidence = Some(evidence(&verdict, dir, &id, downloader).await);
                }
                line.verdict = Some(output::verdict_envelope(command, verdict));
            }
            Err(error) => {
                let kind = liveness::metrics::outcome(Some(&error));
                progress.error(kind);
                line.error = Some(LineError {
                    kind,
                    message: error.to_string(),
                });
            }
        }
        let mut text = serde_json::to_string(&line).expect("a line is JSON");
        text.push('\n');
        out.write_line(&text)?;
    }
    let summary = progress.finish();
    if let Some(message) = input_error.lock().unwrap_or_else(|e| e.into_inner()).take() {
        return Err(Failure::Config(message));
    }
    if interrupted.load(std::sync::atomic::Ordering::SeqCst) {
        return Ok(INTERRUPTED);
    }
    Ok(if summary.failed > 0 { SOME_FAILED } else { 0 })
}

/// The command whose `--output json` shape each verdict line carries.
fn result_command(vendor: Vendor) -> CommandName {
    match vendor {
        Vendor::Tencent => CommandName::TencentResult,
        Vendor::TrustDecision => CommandName::TrustDecisionResult,
        Vendor::Talentomobile => CommandName::TalentomobileResult,
        _ => CommandName::VerifikResult,
    }
}

/// The vendor's client, built as its `result` command builds it.
fn provider(args: &BatchArgs) -> Result<Box<dyn LivenessProvider>, Failure> {
    let common: &Common = &args.common;
    Ok(match args.vendor {
        Vendor::Tencent => Box::new(run::tencent_client(
            &TencentArgs {
                region: args.region.clone(),
            },
            common,
        )?),
        Vendor::TrustDecision => {
            let region = match &args.region {
                Some(name) => <liveness::trustdecision::Region as clap::ValueEnum>::from_str(
                    name, true,
                )
                .map_err(|_| {
                    Failure::Config(format!(
                        "--region {name} is not a TrustDecision region (singapore, indonesia)"
                    ))
                })?,
                None => liveness::trustdecision::Region::default(),
            };
            Box::new(run::trustdecision_client(
                &TrustDecisionArgs { region },
                common,
            )?)
        }
        Vendor::Talentomobile => Box::new(run::talentomobile_client(args.env, common)?),
        _ => Box::new(run::verifik_client(common)?),
    })
}

/// The ids' source: a file, or stdin for `-`.
fn open_input(path: &Path) -> Result<Box<dyn Read + Send>, Failure> {
    if path == Path::new("-") {
        return Ok(Box::new(std::io::stdin()));
    }
    File::open(path)
        .map(|f| Box::new(f) as Box<dyn Read + Send>)
        .map_err(|e| Failure::Config(format!("--ids {}: {e}", path.display())))
}

/// How many ids the file at `path` holds (non-blank lines, less a CSV's header), read once
/// through before the batch starts; `None` for stdin or an unreadable file.
fn count_ids(path: &Path, csv: bool) -> Option<u64> {
    if path == Path::new("-") {
        return None;
    }
    let file = File::open(path).ok()?;
    let mut count = 0u64;
    for line in BufReader::new(file).split(b'\n') {
        if !line.ok()?.iter().all(u8::is_ascii_whitespace) {
            count += 1;
        }
    }
    Some(if csv { count.saturating_sub(1) } else { count })
}

/// Ids as they are read, on a thread of their own (a slow stdin never blocks the calls): one
/// per line, trimmed, or the `column` of a CSV with a header. An unreadable input ends the
/// stream with an `Err` naming where.
fn read_ids(
    input: Box<dyn Read + Send>,
    column: Option<String>,
) -> impl futures_util::Stream<Item = Result<String, String>> + Send {
    let (sender, receiver) = tokio::sync::mpsc::channel(READ_AHEAD);
    std::thread::spawn(move || {
        let send = |item| sender.blocking_send(item).is_ok();
        match column {
            None => {
                for (n, line) in BufReader::new(input).lines().enumerate() {
                    let item = line
                        .map(|l| l.trim().to_owned())
                        .map_err(|e| format!("--ids, line {}: {e}", n + 1));
                    let stop = item.is_err();
                    if !send(item) || stop {
                        return;
                    }
                }
            }
            Some(name) => {
                let mut reader = csv::ReaderBuilder::new().flexible(true).from_reader(input);
                let index = match reader.headers() {
                    Ok(headers) => headers.iter().position(|h| h.trim() == name),
                    Err(e) => {
                        send(Err(format!("--ids: the CSV header: {e}")));
                        return;
                    }
                };
                let Some(index) = index else {
                    send(Err(format!(
                        "--column {name}: no such column in the CSV header"
                    )));
                    return;
                };
                for record in reader.records() {
                    let item = record
                        .map(|r| r.get(index).unwrap_or("").trim().to_owned())
                        .map_err(|e| format!("--ids: {e}"));
                    let stop = item.is_err();
                    if !send(item) || stop {
                        return;
                    }
                }
            }
        }
    });
    futures_util::stream::unfold(receiver, |mut receiver| async move {
        receiver.recv().await.map(|item| (item, receiver))
    })
}

/// The ids of `items` up to its first error, which is kept for after the batch.
#[allow(clippy::type_complexity)]
fn until_input_error<S>(
    items: S,
) -> (
    impl futures_util::Stream<Item = String> + Send,
    std::sync::Arc<std::sync::Mutex<Option<String>>>,
)
where
    S: futures_util::Stream<Item = Result<String, String>> + Send,
{
    let error = std::sync::Arc::new(std::sync::Mutex::new(None));
    let kept = error.clone();
    let ids = items
        .take_while(move |item| {
            if let Err(message) = item {
                *kept.lock().unwrap_or_else(|e| e.into_inner()) = Some(message.clone());
            }
            std::future::ready(item.is_ok())
        })
        .filter_map(|item| std::future::ready(item.ok()));
    (ids, error)
}

/// One output line: the id, then its verdict (and evidence) or its error.
#[derive(Serialize)]
struct Line<'a> {
    id: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    verdict: Option<Envelope>,
    #[serde(skip_serializing_if = "Option::is_none")]
    evidence: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<LineError>,
}

/// Why an id has no verdict: the class of its error (as the metrics name it) and its message.
#[derive(Serialize)]
struct LineError {
    kind: &'static str,
    message: String,
}

/// Where lines go.
enum Out {
    Stdout,
    File(File),
}

impl Out {
    /// Writes one whole line and flushes it: a line is either all there or not at all.
    fn write_line(&mut self, line: &str) -> Result<(), Failure> {
        match self {
            Out::Stdout => stdout::write(line),
            Out::File(file) => file
                .write_all(line.as_bytes())
                .and_then(|()| file.flush())
                .map_err(|e| Failure::Output(format!("--out: {e}"))),
        }
    }
}

/// Opens `path` to append, after reading the ids an earlier run finished. A last line cut
/// short (a run killed mid-write) is removed, so that its id is fetched again.
fn resume(path: &Path) -> Result<(File, Seen), Failure> {
    let failed = |e: std::io::Error| Failure::Config(format!("--out {}: {e}", path.display()));
    let mut file = OpenOptions::new()
        .read(true)
        .append(true)
        .create(true)
        .open(path)
        .map_err(failed)?;
    let mut seen = Seen::new();
    let mut complete = 0u64;
    let mut reader = BufReader::new(&mut file);
    let mut line = Vec::new();
    loop {
        line.clear();
        let read = reader.read_until(b'\n', &mut line).map_err(failed)?;
        if read == 0 || line.last() != Some(&b'\n') {
            break;
        }
        complete += read as u64;
        let id = serde_json::from_slice::<Value>(&line)
            .ok()
            .and_then(|v| v.get("id").and_then(Value::as_str).map(str::to_owned));
        match id {
            Some(id) => {
                seen.insert(&id);
            }
            None => {
                return Err(Failure::Config(format!(
                    "--out {}: a line that is not a batch result; give a new file or one an \
                     earlier `liveness batch` wrote",
                    path.display()
                )));
            }
        }
    }
    drop(reader);
    if file.metadata().map_err(failed)?.len() > complete {
        file.set_len(complete).map_err(failed)?;
    }
    file.seek(SeekFrom::End(0)).map_err(failed)?;
    Ok((file, seen))
}

/// Saves `verdict`'s evidence under `dir/<id>/` (the id was checked before it was sent: it
/// holds no path separator and is not `.` or `..`); the files, or why not.
async fn evidence(
    verdict: &Verdict,
    dir: &Path,
    id: &str,
    downloader: &liveness::verdict::EvidenceDownloader,
) -> Value {
    // The batch's own progress is on stderr: no bar per download.
    match output::save_evidence(verdict, &dir.join(id), downloader, false).await {
        Ok(paths) => json!({
            "files": paths.iter().map(|p: &PathBuf| p.display().to_string()).collect::<Vec<_>>()
        }),
        Err(failure) => json!({ "error": failure.to_string() }),
    }
}

/// What the summary counts.
#[derive(Debug, Default)]
pub struct Counts {
    /// Verdicts by outcome status (`passed`, `rejected`, ...).
    pub decisions: BTreeMap<String, u64>,
    /// Errors by kind (`timeout`, `vendor_error`, ...).
    pub errors: BTreeMap<&'static str, u64>,
    /// Ids with an error.
    pub failed: u64,
    /// Ids done this run.
    pub done: u64,
    /// How long the run took.
    pub elapsed: Duration,
}

impl Counts {
    /// `passed 3, rejected 1; timeout 2`.
    pub fn line(&self) -> String {
        let decisions: Vec<String> = self
            .decisions
            .iter()
            .map(|(k, v)| format!("{k} {v}"))
            .collect();
        let errors: Vec<String> = self
            .errors
            .iter()
            .map(|(k, v)| format!("{k} {v}"))
            .collect();
        match (decisions.is_empty(), errors.is_empty()) {
            (_, true) => decisions.join(", "),
            (true, false) => format!("errors: {}", errors.join(", ")),
            (false, false) => format!("{}; errors: {}", decisions.join(", "), errors.join(", ")),
        }
    }
}

/// The outcome status of `verdict` as `--output json` names it.
pub fn decision(verdict: &Verdict) -> String {
    serde_json::to_value(&verdict.outcome)
        .ok()
        .and_then(|v| v.get("status").and_then(Value::as_str).map(str::to_owned))
        .unwrap_or_else(|| "unknown".to_owned())
}

/// Ids per second over `elapsed`.
pub fn rate(done: u64, elapsed: Duration) -> f64 {
    let secs = elapsed.as_secs_f64();
    if secs > 0.0 { done as f64 / secs } else { 0.0 }
}
