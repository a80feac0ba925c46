//! `liveness batch` through the real binary against the mock: one line per distinct id, each a
//! verdict or a typed error; stdin and CSV input; resumed after SIGKILL and after a line cut
//! short, with every id exactly once; Ctrl-C leaves whole lines; progress on a pipe.

use std::collections::HashMap;
use std::io::Write as _;
use std::process::{Child, Command, Output, Stdio};
use std::time::Duration;

use serde_json::Value;

use crate::support::{Harness, TALENTOMOBILE_SAMPLE, liveness, liveness_env, stderr, stdout};

/// `liveness batch --vendor talentomobile --ids FILE --endpoint <mock> EXTRA...`.
fn batch(h: &Harness, ids: &std::path::Path, extra: &[&str]) -> Command {
    let mut command = liveness();
    command
        .args(["batch", "--vendor", "talentomobile", "--ids"])
        .arg(ids)
        .args(["--endpoint", h.mock.base_url()])
        .args(extra);
    command
}

/// Each line's id, and how many times it occurs; every line must be whole JSON.
fn lines(text: &str) -> (Vec<Value>, HashMap<String, usize>) {
    let mut counts = HashMap::new();
    let values: Vec<Value> = text
        .lines()
        .map(|line| serde_json::from_str(line).unwrap_or_else(|e| panic!("{e}: {line}")))
        .collect();
    for value in &values {
        let id = value["id"].as_str().expect("an id").to_owned();
        *counts.entry(id).or_default() += 1;
    }
    (values, counts)
}

fn ids_file(dir: &tempfile::TempDir, ids: &[String]) -> std::path::PathBuf {
    let path = dir.path().join("ids.txt");
    std::fs::write(&path, ids.join("\n") + "\n").expect("ids written");
    path
}

#[test]
fn one_line_per_distinct_id_verdicts_and_typed_errors_exit_9_when_some_failed() {
    let h = Harness::new();
    let dir = tempfile::tempdir().unwrap();
    let ids: Vec<String> = [
        TALENTOMOBILE_SAMPLE,
        "unknown-process",
        TALENTOMOBILE_SAMPLE,
        "",
        "../etc",
    ]
    .map(String::from)
    .to_vec();
    let output = batch(&h, &ids_file(&dir, &ids), &["--quiet"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(9), "{}", stderr(&output));
    assert!(stderr(&output).is_empty(), "--quiet: {}", stderr(&output));
    let (values, counts) = lines(&stdout(&output));
    assert_eq!(values.len(), 3, "three distinct ids");
    assert!(counts.values().all(|n| *n == 1));
    let by_id: HashMap<&str, &Value> = values
        .iter()
        .map(|v| (v["id"].as_str().unwrap(), v))
        .collect();
    let sample = by_id[TALENTOMOBILE_SAMPLE];
    assert_eq!(sample["verdict"]["command"], "talentomobile result");
    assert_eq!(sample["verdict"]["result"]["outcome"]["status"], "passed");
    assert_eq!(
        by_id["unknown-process"]["verdict"]["result"]["outcome"]["status"],
        "not_found"
    );
    assert_eq!(by_id["../etc"]["error"]["kind"], "invalid_request");
    // Nothing was sent for the refused id; the duplicate was fetched once.
    assert_eq!(h.mock.requests().len(), 2);
}

#[test]
fn ids_from_stdin_and_from_a_csv_column() {
    let h = Harness::new();
    let mut child = batch(&h, std::path::Path::new("-"), &["--quiet"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(b"a-1\n  a-2  \na-1\n")
        .unwrap();
    let output = child.wait_with_output().unwrap();
    assert!(output.status.success());
    let (_, counts) = lines(&stdout(&output));
    assert_eq!(counts.len(), 2);
    assert!(counts.contains_key("a-2"), "trimmed: {counts:?}");

    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("ids.csv");
    std::fs::write(&csv, "name,process id\n\"Doe, Jane\",c-1\nRoe,c-2\n").unwrap();
    let output = batch(&h, &csv, &["--quiet", "--column", "process id"])
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    let (_, counts) = lines(&stdout(&output));
    assert_eq!(
        counts
            .keys()
            .map(String::as_str)
            .collect::<std::collections::BTreeSet<_>>(),
        ["c-1", "c-2"].into()
    );
    let missing = batch(&h, &csv, &["--column", "id"]).output().unwrap();
    assert_eq!(missing.status.code(), Some(4));
    assert!(
        stderr(&missing).contains("--column id"),
        "{}",
        stderr(&missing)
    );
}

/// Waits until `path` holds at least `n` lines (or 20 s pass).
fn wait_for_lines(path: &std::path::Path, n: usize) {
    let deadline = std::time::Instant::now() + Duration::from_secs(20);
    while std::fs::read_to_string(path).map_or(0, |t| t.lines().count()) < n {
        assert!(
            std::time::Instant::now() < deadline,
            "no {n} lines in {}",
            path.display()
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn a_run_killed_with_sigkill_and_rerun_ends_with_every_id_exactly_once() {
    let h = Harness::new();
    let dir = tempfile::tempdir().unwrap();
    let ids: Vec<String> = (0..60).map(|i| format!("p-{i}")).collect();
    let file = ids_file(&dir, &ids);
    let out = dir.path().join("out.jsonl");
    let out_arg = out.to_str().unwrap();
    let args = ["--quiet", "--out", out_arg, "--rate-limit", "40"];
    let mut child: Child = batch(&h, &file, &args).spawn().unwrap();
    wait_for_lines(&out, 10);
    child.kill().unwrap(); // SIGKILL
    child.wait().unwrap();
    let first = std::fs::read_to_string(&out).unwrap();
    let written = first.lines().count();
    assert!(written < 60, "killed before the end: {written}");

    let rerun = batch(&h, &file, &args).output().unwrap();
    assert!(rerun.status.success(), "{}", stderr(&rerun));
    let (values, counts) = lines(&std::fs::read_to_string(&out).unwrap());
    assert_eq!(values.len(), 60);
    assert_eq!(counts.len(), 60);
    assert!(counts.values().all(|n| *n == 1));
    // The rerun fetched only what the first run had not written.
    let fetched = h.mock.requests().len();
    assert!(fetched < 60 + written, "{fetched} requests for 60 ids");
}

#[test]
fn a_last_line_cut_short_is_dropped_and_its_id_fetched_again() {
    let h = Harness::new();
    let dir = tempfile::tempdir().unwrap();
    let file = ids_file(&dir, &["x-1".into(), "x-2".into()]);
    let out = dir.path().join("out.jsonl");
    std::fs::write(
        &out,
        "{\"id\":\"x-1\",\"verdict\":{}}\n{\"id\":\"x-2\",\"verd",
    )
    .unwrap();
    let output = batch(&h, &file, &["--quiet", "--out", out.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    let (values, counts) = lines(&std::fs::read_to_string(&out).unwrap());
    assert_eq!(values.len(), 2);
    assert_eq!(counts["x-2"], 1);
    assert_eq!(h.mock.requests().len(), 1, "only x-2 was fetched");

    std::fs::write(&out, "not a batch line\n").unwrap();
    let refused = batch(&h, &file, &["--out", out.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(refused.status.code(), Some(4), "{}", stderr(&refused));
}

#[test]
fn ctrl_c_stops_taking_ids_and_leaves_whole_lines() {
    let h = Harness::new();
    let dir = tempfile::tempdir().unwrap();
    let ids: Vec<String> = (0..100).map(|i| format!("q-{i}")).collect();
    let file = ids_file(&dir, &ids);
    let out = dir.path().join("out.jsonl");
    let mut child = batch(
        &h,
        &file,
        &[
            "--quiet",
            "--out",
            out.to_str().unwrap(),
            "--rate-limit",
            "20",
        ],
    )
    .spawn()
    .unwrap();
    wait_for_lines(&out, 5);
    let status = Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    let status = child.wait().unwrap();
    assert_eq!(status.code(), Some(130));
    let text = std::fs::read_to_string(&out).unwrap();
    assert!(text.ends_with('\n'));
    let (values, _) = lines(&text);
    assert!(values.len() < 100, "stopped early: {}", values.len());
}

#[test]
fn progress_lines_on_a_pipe_then_a_summary() {
    let h = Harness::new();
    let dir = tempfile::tempdir().unwrap();
    let ids: Vec<String> = (0..50).map(|i| format!("r-{i}")).collect();
    let output: Output = batch(&h, &ids_file(&dir, &ids), &["--rate-limit", "20"])
        .output()
        .unwrap();
    assert!(output.status.success());
    let err = stderr(&output);
    let progress = err.lines().filter(|l| l.contains(" of 50 done, ")).count();
    assert!(progress >= 1, "a plain progress line every 2 s: {err}");
    let summary = err.lines().last().unwrap_or_default();
    assert!(
        summary.starts_with("batch: 50 ids in ") && summary.contains("not_found 50"),
        "{err}"
    );
}

#[test]
fn on_a_terminal_the_progress_is_a_bar() {
    let h = Harness::new();
    let dir = tempfile::tempdir().unwrap();
    let ids: Vec<String> = (0..40).map(|i| format!("t-{i}")).collect();
    let file = ids_file(&dir, &ids);
    let out = dir.path().join("out.jsonl");
    // util-linux's `script` runs the command on a pseudo-terminal and copies what it shows.
    let command = format!(
        "\"$LIVENESS\" batch --vendor talentomobile --ids '{}' --out '{}' --endpoint {} \
         --rate-limit 20",
        file.display(),
        out.display(),
        h.mock.base_url()
    );
    let output = liveness_env(Command::new("script"))
        .args(["-qfec", &command, "/dev/null"])
        .output()
        .expect("util-linux's script runs (Debian's bsdutils)");
    let shown = stdout(&output);
    assert!(output.status.success(), "{shown}");
    assert!(
        shown.contains("/40 done ("),
        "the bar, done out of the file's ids: {shown}"
    );
    assert!(shown.contains("ETA"), "{shown}");
    assert!(
        !shown.contains(" done, "),
        "no plain lines on a terminal: {shown}"
    );
    assert!(shown.contains("batch: 40 ids in "), "the summary: {shown}");
    assert_eq!(std::fs::read_to_string(&out).unwrap().lines().count(), 40);
}

#[test]
fn evidence_goes_into_a_folder_per_id() {
    let h = Harness::new();
    let dir = tempfile::tempdir().unwrap();
    let file = ids_file(&dir, &[TALENTOMOBILE_SAMPLE.to_owned()]);
    let evidence = dir.path().join("evidence");
    let output = batch(
        &h,
        &file,
        &["--quiet", "--evidence", evidence.to_str().unwrap()],
    )
    .output()
    .unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    let (values, _) = lines(&stdout(&output));
    let files = values[0]["evidence"]["files"].as_array().expect("files");
    assert_eq!(
        files.len(),
        5,
        "the sample's five inline PNGs: {}",
        values[0]["evidence"]
    );
    let folder = evidence.join(TALENTOMOBILE_SAMPLE);
    assert_eq!(std::fs::read_dir(&folder).unwrap().count(), 5);
    for file in files {
        let path = std::path::Path::new(file.as_str().unwrap());
        assert!(path.starts_with(&folder), "{}", path.display());
        assert!(std::fs::read(path).unwrap().starts_with(b"\x89PNG"));
    }
}
