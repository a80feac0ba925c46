//! `liveness batch` end to end, as a user runs it: the release binary against the release mock
//! (`liveness mock`), both separate processes on loopback, ids from a file, lines to a file.
//!
//! 1. 10,000 and 100,000 distinct ids, no limit, 32 in flight: ids per second, and the batch
//!    process's peak resident memory (VmHWM, read from /proc while it runs). Targets: at least
//!    5,000 ids/s; peak RSS for 100,000 within 10% of that for 10,000 (memory does not grow with
//!    the input).
//! 2. 2,000 ids at `--rate-limit 200`: the achieved rate against the limit. Target: within 5%.
//!
//! criterion times one small batch (1,000 ids) for its statistics; the figures above are
//! printed as `ratio` lines.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use criterion::Criterion;

const TALENTOMOBILE_KEY: &str = "mock-talentomobile-key";

/// `<target>/release`, where this bench binary's `deps/` folder is.
fn release_dir() -> PathBuf {
    let exe = std::env::current_exe().expect("bench path");
    exe.parent()
        .and_then(Path::parent)
        .expect("<target>/release/deps/<bench>")
        .to_path_buf()
}

/// Builds the release `liveness` and returns its path.
fn build_liveness() -> PathBuf {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let status = Command::new(cargo)
        .args(["build", "--release", "--locked", "-q", "-p", "liveness-cli"])
        .status()
        .expect("cargo runs");
    assert!(status.success(), "cargo build --release -p liveness-cli");
    release_dir().join("liveness")
}

/// `liveness mock` on a free port; its base URL from the banner.
fn start_mock(liveness: &Path) -> (Child, String) {
    let mut child = Command::new(liveness)
        .args(["mock", "--listen", "127.0.0.1:0"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("mock starts");
    let mut banner = String::new();
    let mut reader = std::io::BufReader::new(child.stdout.take().expect("stdout"));
    let url = loop {
        banner.clear();
        let read = std::io::BufRead::read_line(&mut reader, &mut banner).expect("banner");
        assert!(read > 0, "the mock printed no URL");
        if let Some(at) = banner.find("http://") {
            break banner[at..]
                .split_whitespace()
                .next()
                .unwrap_or_default()
                .trim_end_matches(['.', ','])
                .to_owned();
        }
    };
    // Keep reading the banner so the mock never blocks on a full pipe.
    std::thread::spawn(move || std::io::copy(&mut reader, &mut std::io::sink()));
    (child, url)
}

/// A file of `n` distinct ids.
fn ids_file(dir: &Path, n: usize) -> PathBuf {
    let path = dir.join(format!("ids-{n}.txt"));
    let text: String = (0..n).map(|i| format!("bench-{i:08}\n")).collect();
    std::fs::write(&path, text).expect("ids written");
    path
}

/// The peak resident set of `pid` so far, in KiB.
fn peak_rss_kib(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
}

struct Run {
    elapsed: Duration,
    peak_kib: u64,
    lines: usize,
}

/// One batch of `ids` into a fresh output file, with `extra` flags.
fn run_batch(liveness: &Path, base: &str, ids: &Path, dir: &Path, extra: &[&str]) -> Run {
    let out = dir.join("out.jsonl");
    let _ = std::fs::remove_file(&out);
    let started = Instant::now();
    let mut child = Command::new(liveness)
        .args(["batch", "--vendor", "talentomobile", "--quiet", "--ids"])
        .arg(ids)
        .arg("--out")
        .arg(&out)
        .args(["--endpoint", base])
        .args(extra)
        .env("TALENTOMOBILE_API_KEY", TALENTOMOBILE_KEY)
        .spawn()
        .expect("batch runs");
    let mut peak_kib = 0;
    loop {
        if let Some(kib) = peak_rss_kib(child.id()) {
            peak_kib = peak_kib.max(kib);
        }
        if let Some(status) = child.try_wait().expect("wait") {
            assert!(status.success(), "batch exited {status}");
            break;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let elapsed = started.elapsed();
    let lines = std::fs::read_to_string(&out).map_or(0, |t| t.lines().count());
    Run {
        elapsed,
        peak_kib,
        lines,
    }
}

fn main() {
    let liveness = build_liveness();
    let (mut mock, base) = start_mock(&liveness);
    let dir = tempfile::tempdir().expect("tempdir");

    let small = ids_file(dir.path(), 1_000);
    let mut criterion = Criterion::default().sample_size(10).configure_from_args();
    criterion.bench_function("batch_1000_ids", |b| {
        b.iter(|| {
            run_batch(
                &liveness,
                &base,
                &small,
                dir.path(),
                &["--concurrency", "32"],
            )
        })
    });
    criterion.final_summary();

    let mut runs = Vec::new();
    for n in [10_000, 100_000] {
        let ids = ids_file(dir.path(), n);
        let run = run_batch(&liveness, &base, &ids, dir.path(), &["--concurrency", "32"]);
        assert_eq!(run.lines, n, "one line per id");
        let rate = n as f64 / run.elapsed.as_secs_f64();
        println!(
            "throughput batch_{n}: {rate:.0} ids/s ({:.1} s), peak RSS {:.1} MiB; target >= 5000 ids/s: {}",
            run.elapsed.as_secs_f64(),
            run.peak_kib as f64 / 1024.0,
            if rate >= 5_000.0 { "meets" } else { "MISSES" }
        );
        runs.push(run);
    }
    let ratio = runs[1].peak_kib as f64 / runs[0].peak_kib.max(1) as f64;
    println!(
        "ratio batch_peak_rss: 100,000 ids / 10,000 ids = {ratio:.3} ({} KiB / {} KiB); target <= 1.10: {}",
        runs[1].peak_kib,
        runs[0].peak_kib,
        if ratio <= 1.10 { "meets" } else { "MISSES" }
    );

    let limited = ids_file(dir.path(), 2_000);
    let run = run_batch(
        &liveness,
        &base,
        &limited,
        dir.path(),
        &["--concurrency", "32", "--rate-limit", "200"],
    );
    let achieved = 2_000.0 / run.elapsed.as_secs_f64();
    let ratio = achieved / 200.0;
    println!(
        "ratio batch_rate_limit: achieved / limit = {ratio:.3} ({achieved:.1} ids/s at --rate-limit 200); target within 5% (0.95 to 1.00): {}",
        if (0.95..=1.0).contains(&ratio) {
            "meets"
        } else {
            "MISSES"
        }
    );

    let _ = mock.kill();
    let _ = mock.wait();
}
