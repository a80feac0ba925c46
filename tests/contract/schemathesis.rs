//! Schemathesis (4.32.5, with every check) against the mock, one run per REST vendor: the mock
//! must answer whatever the spec allows a client to send, and in the shapes the spec documents.
//!
//! The executable comes from `LIVENESS_SCHEMATHESIS`, else `<target dir>/tools/venv/bin/`;
//! `cargo xtask test` installs it there. A missing one fails the test: it never skips.
//! `LIVENESS_SCHEMATHESIS_SEED` replaces the fixed seed (each run prints its seed).

use std::path::PathBuf;
use std::process::Command;

use contract_tests::tools::target_dir;
use contract_tests::workspace_root;
use liveness_mock::config::{
    DEMO_TALENTOMOBILE_API_KEY, DEMO_TRUSTDECISION_PARTNER_CODE, DEMO_TRUSTDECISION_PARTNER_KEY,
    DEMO_VERIFIK_TOKEN,
};
use liveness_mock::{MockConfig, MockServer};

/// The version `cargo xtask test` pins: another one may check differently.
const VERSION: &str = "4.32.5";
/// Test cases per operation and phase: each run stays well under a minute on two cores.
const MAX_EXAMPLES: &str = "30";
/// The default seed, so a failure in CI reproduces on any machine.
const SEED: &str = "20240403";

fn schemathesis() -> PathBuf {
    if let Some(path) = std::env::var_os("LIVENESS_SCHEMATHESIS") {
        return PathBuf::from(path);
    }
    let bin = if cfg!(windows) { "Scripts" } else { "bin" };
    target_dir()
        .join("tools/venv")
        .join(bin)
        .join(format!("schemathesis{}", std::env::consts::EXE_SUFFIX))
}

/// The schemathesis executable, checked to exist and to be the pinned version.
fn pinned_schemathesis() -> PathBuf {
    let path = schemathesis();
    let install = "run `cargo xtask test` (it installs the pinned schemathesis into \
                   <target dir>/tools/venv), or point LIVENESS_SCHEMATHESIS at a schemathesis \
                   4.32.5 executable";
    assert!(
        path.is_file(),
        "schemathesis is not installed at {}: {install}",
        path.display()
    );
    let version = Command::new(&path)
        .arg("--version")
        .output()
        .unwrap_or_else(|e| panic!("{} does not run ({e}): {install}", path.display()));
    let version = String::from_utf8_lossy(&version.stdout);
    assert!(
        version.split_whitespace().any(|w| w == VERSION),
        "{} is {}, not {VERSION}: {install}",
        path.display(),
        version.trim()
    );
    path
}

/// Runs `schemathesis run specs/<spec>.yaml --checks all` against a fresh mock, with `config`
/// (the vendor's credentials and what it needs) as its config file; fails with its report.
fn run(spec: &str, config: &str, extra: &[&str]) {
    let schemathesis = pinned_schemathesis();
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    let mock = runtime
        .block_on(MockServer::start(MockConfig::demo()))
        .expect("mock");
    // Its own directory: no `schemathesis.toml` found by walking up, nothing left behind.
    let dir = tempfile::tempdir().expect("a temporary directory");
    let config_path = dir.path().join("schemathesis.toml");
    // Every warning fails the run: auth that never succeeds shows as one.
    let config = format!("warnings = {{ fail-on = true }}\n{config}");
    std::fs::write(&config_path, config).expect("config written");
    let spec_path = workspace_root().join(format!("specs/{spec}.yaml"));
    let seed = std::env::var("LIVENESS_SCHEMATHESIS_SEED").unwrap_or_else(|_| SEED.to_owned());
    let output = Command::new(&schemathesis)
        .current_dir(dir.path())
        .arg("--config-file")
        .arg(&config_path)
        .arg("run")
        .arg(&spec_path)
        .args(["--url", mock.base_url()])
        .args(["--checks", "all"])
        .args(extra)
        .args(["--max-examples", MAX_EXAMPLES])
        .args(["--seed", &seed])
        .args(["--request-timeout", "10"])
        .args(["--generation-database", "none"])
        .arg("--no-color")
        // Loopback only: no proxy from the environment may carry a request elsewhere.
        .env("NO_PROXY", "*")
        .env("no_proxy", "*")
        .output()
        .unwrap_or_else(|e| panic!("{} does not run: {e}", schemathesis.display()));
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "schemathesis found problems in the mock's {spec} (exit {:?}):\n{}\n{}",
        output.status.code(),
        tail(&stdout, 200),
        String::from_utf8_lossy(&output.stderr)
    );
    drop(mock);
}

/// The last `lines` lines of `text`: the failures and the summary.
fn tail(text: &str, lines: usize) -> String {
    let all: Vec<&str> = text.lines().collect();
    all[all.len().saturating_sub(lines)..].join("\n")
}

#[test]
fn verifik_survives_schemathesis() {
    run(
        "verifik",
        &format!("[auth.openapi.bearer]\nbearer = \"{DEMO_VERIFIK_TOKEN}\"\n"),
        &[],
    );
}

#[test]
fn talentomobile_survives_schemathesis() {
    run(
        "talentomobile",
        &format!("[auth.openapi.access_key]\napi_key = \"{DEMO_TALENTOMOBILE_API_KEY}\"\n"),
        &[],
    );
}

#[test]
fn trustdecision_survives_schemathesis() {
    // TrustDecision answers every error, missing or wrong keys included, with HTTP 200 and the
    // error in the body's `code` (its page documents no HTTP status), and so does the mock. The
    // two checks that judge a refusal by its HTTP status cannot see one: the schema-violating
    // request's 200 is accepted, and the unauthenticated probe is left out. The mock's own tests
    // check the codes (11301 missing keys, 11340 wrong keys or parameters).
    let config = format!(
        "[auth.openapi.partner_code]\napi_key = \"{DEMO_TRUSTDECISION_PARTNER_CODE}\"\n\
         [auth.openapi.partner_key]\napi_key = \"{DEMO_TRUSTDECISION_PARTNER_KEY}\"\n\
         [checks.negative_data_rejection]\n\
         expected-statuses = [\"200\", \"400\", \"401\", \"403\", \"404\", \"405\", \"406\", \
         \"409\", \"415\", \"422\", \"428\", \"429\", \"5xx\"]\n"
    );
    run(
        "trustdecision",
        &config,
        &["--exclude-checks", "ignored_auth"],
    );
}
