//! What the binary's tests share: the mock on loopback, running `liveness` against it, and the
//! headless browser that renders reports.

#![allow(dead_code)] // Each module uses its own part of this one.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use liveness_mock::config::{
    DEMO_TALENTOMOBILE_API_KEY, DEMO_TENCENT_SECRET_ID, DEMO_TENCENT_SECRET_KEY,
    DEMO_TRUSTDECISION_PARTNER_CODE, DEMO_TRUSTDECISION_PARTNER_KEY, DEMO_VERIFIK_TOKEN,
};
use liveness_mock::{MockConfig, MockServer};
use serde_json::Value;

/// Every credential the runs hold: none may appear in any output or file.
pub const SECRETS: [&str; 5] = [
    DEMO_TENCENT_SECRET_KEY,
    DEMO_TRUSTDECISION_PARTNER_KEY,
    DEMO_TALENTOMOBILE_API_KEY,
    DEMO_VERIFIK_TOKEN,
    DEMO_TENCENT_SECRET_ID,
];

/// Talentomobile's sample process (specs/talentomobile.yaml): five inline PNGs.
pub const TALENTOMOBILE_SAMPLE: &str = "d5335d6a-9d95-4977-9976-00dede352749";

/// The mock, served by its own runtime's threads while the test runs the binary.
pub struct Harness {
    _runtime: tokio::runtime::Runtime,
    pub mock: MockServer,
}

impl Harness {
    pub fn new() -> Self {
        let runtime = tokio::runtime::Runtime::new().expect("runtime");
        let mock = runtime
            .block_on(MockServer::start(MockConfig::demo()))
            .expect("mock");
        Self {
            _runtime: runtime,
            mock,
        }
    }

    /// `liveness ARGS --endpoint <mock>` with the demo credentials in the environment.
    pub fn run(&self, args: &[&str]) -> Output {
        liveness()
            .args(args)
            .args(["--endpoint", self.mock.base_url()])
            .output()
            .expect("runs")
    }
}

/// The binary with the demo credentials (and Tencent's region) and nothing else from the
/// environment's vendors.
pub fn liveness() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_liveness"));
    command
        .env("TENCENTCLOUD_SECRET_ID", DEMO_TENCENT_SECRET_ID)
        .env("TENCENTCLOUD_SECRET_KEY", DEMO_TENCENT_SECRET_KEY)
        .env("TENCENTCLOUD_REGION", "ap-singapore")
        .env_remove("TENCENTCLOUD_SESSION_TOKEN")
        .env(
            "TRUSTDECISION_PARTNER_CODE",
            DEMO_TRUSTDECISION_PARTNER_CODE,
        )
        .env("TRUSTDECISION_PARTNER_KEY", DEMO_TRUSTDECISION_PARTNER_KEY)
        .env("TALENTOMOBILE_API_KEY", DEMO_TALENTOMOBILE_API_KEY)
        .env("VERIFIK_TOKEN", DEMO_VERIFIK_TOKEN);
    // A `_FILE` twin left in the caller's environment would be a second source.
    for name in [
        "TENCENTCLOUD_SECRET_ID",
        "TENCENTCLOUD_SECRET_KEY",
        "TENCENTCLOUD_SESSION_TOKEN",
        "TRUSTDECISION_PARTNER_CODE",
        "TRUSTDECISION_PARTNER_KEY",
        "TALENTOMOBILE_API_KEY",
        "VERIFIK_TOKEN",
    ] {
        command.env_remove(format!("{name}_FILE"));
    }
    command
}

/// `command` with the demo credentials `liveness()` sets, and `LIVENESS` naming the binary.
pub fn liveness_env(mut command: Command) -> Command {
    let template = liveness();
    for (key, value) in template.get_envs() {
        match value {
            Some(value) => command.env(key, value),
            None => command.env_remove(key),
        };
    }
    command.env("LIVENESS", template.get_program());
    command
}

pub fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

pub fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

pub fn json(output: &Output) -> Value {
    serde_json::from_slice(&output.stdout).unwrap_or_else(|e| panic!("{e}: {}", stdout(output)))
}

pub fn ok(output: &Output) {
    assert!(
        output.status.success(),
        "exit {:?}\n{}\n{}",
        output.status.code(),
        stdout(output),
        stderr(output)
    );
}

/// No credential in `text`.
pub fn assert_no_secret(text: &str, what: &str) {
    for secret in SECRETS {
        assert!(!text.contains(secret), "{what} holds a credential");
    }
}

/// Debian's `chromium`, at `LIVENESS_CHROMIUM` or /usr/bin/chromium. Missing, the test fails:
/// the report's rendering is part of what is tested.
pub fn chromium() -> PathBuf {
    let path = std::env::var_os("LIVENESS_CHROMIUM")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("/usr/bin/chromium"));
    assert!(
        path.is_file(),
        "no chromium at {} (set LIVENESS_CHROMIUM): run `cargo xtask test`, which installs it, \
         or `apt-get install chromium`",
        path.display()
    );
    path
}

/// Runs headless chromium on `page` with `mode` (e.g. `--dump-dom`, `--screenshot=FILE`), in a
/// fresh profile, with no network service that could reach out; returns its stdout. Killed
/// after a minute.
pub fn chromium_run(page: &Path, mode: &[&str]) -> String {
    let profile = tempfile::tempdir().expect("profile dir");
    let url = format!("file://{}", page.display());
    let mut child = Command::new(chromium())
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-dev-shm-usage",
            "--virtual-time-budget=10000",
            "--window-size=1000,1400",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .args(mode)
        .arg(&url)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("chromium starts");
    // Read while it runs: a page's DOM outgrows the pipe's buffer.
    let mut pipe = child.stdout.take().expect("stdout");
    let reader = std::thread::spawn(move || {
        let mut bytes = Vec::new();
        std::io::Read::read_to_end(&mut pipe, &mut bytes).ok();
        bytes
    });
    let started = Instant::now();
    while child.try_wait().expect("wait").is_none() {
        if started.elapsed() > Duration::from_secs(60) {
            child.kill().ok();
            child.wait().ok();
            panic!("chromium did not finish within a minute");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    String::from_utf8_lossy(&reader.join().expect("reader")).into_owned()
}
