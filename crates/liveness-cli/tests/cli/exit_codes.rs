//! Every exit code `liveness --help` lists, 0 through 8, reached through the real binary
//! against the in-process mock: scripts branch on these numbers, so each must mean what the
//! help says.

use std::process::{Command, Output};

use crate::support::Harness;
use liveness_mock::{Outcome, Vendor};

const PROCESS: &str = crate::support::TALENTOMOBILE_SAMPLE;

fn liveness(args: &[&str]) -> Command {
    let mut command = crate::support::liveness();
    command.args(args);
    command
}

fn code(output: &Output) -> Option<i32> {
    output.status.code()
}

fn shown(output: &Output) -> String {
    format!(
        "exit {:?}\nstdout: {}\nstderr: {}",
        output.status.code(),
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}

fn talentomobile_result(endpoint: &str, id: &str, extra: &[&str]) -> Output {
    liveness(&[
        "talentomobile",
        "result",
        "--id",
        id,
        "--endpoint",
        endpoint,
    ])
    .args(extra)
    .output()
    .expect("runs")
}

#[test]
fn exit_0_the_call_succeeded_whatever_the_verdict() {
    let harness = Harness::new();
    let pass = talentomobile_result(harness.mock.base_url(), PROCESS, &[]);
    assert_eq!(code(&pass), Some(0), "{}", shown(&pass));
    // A rejection without --fail-on-reject is still a successful call.
    let attack = harness
        .mock
        .create_session(Vendor::Talentomobile, Outcome::Attack(None));
    let rejected = talentomobile_result(harness.mock.base_url(), &attack, &[]);
    assert_eq!(code(&rejected), Some(0), "{}", shown(&rejected));
}

#[test]
fn exit_1_the_mock_could_not_start() {
    let taken = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let addr = taken.local_addr().unwrap().to_string();
    let output = liveness(&["mock", "--listen", &addr])
        .output()
        .expect("runs");
    assert_eq!(code(&output), Some(1), "{}", shown(&output));
}

#[test]
fn exit_2_bad_usage() {
    for args in [
        &["talentomobile", "result"][..],
        &["talentomobile", "result", "--id", "x", "--no-such-flag"],
        &["no-such-command"],
    ] {
        let output = liveness(args).output().expect("runs");
        assert_eq!(code(&output), Some(2), "{args:?}: {}", shown(&output));
    }
}

#[test]
fn exit_3_a_rejection_with_fail_on_reject() {
    let harness = Harness::new();
    let attack = harness.mock.create_session(
        Vendor::Talentomobile,
        Outcome::Attack(Some("CH_BLINK".into())),
    );
    let output = talentomobile_result(harness.mock.base_url(), &attack, &["--fail-on-reject"]);
    assert_eq!(code(&output), Some(3), "{}", shown(&output));
    // The pass with the same flag exits 0.
    let pass = talentomobile_result(harness.mock.base_url(), PROCESS, &["--fail-on-reject"]);
    assert_eq!(code(&pass), Some(0), "{}", shown(&pass));
}

#[test]
fn exit_4_configuration_nothing_sent() {
    let harness = Harness::new();
    let output = liveness(&[
        "talentomobile",
        "result",
        "--id",
        PROCESS,
        "--endpoint",
        harness.mock.base_url(),
    ])
    .env_remove("TALENTOMOBILE_API_KEY")
    .output()
    .expect("runs");
    assert_eq!(code(&output), Some(4), "{}", shown(&output));
    assert!(String::from_utf8_lossy(&output.stderr).contains("TALENTOMOBILE_API_KEY"));
    assert!(harness.mock.requests().is_empty());
}

#[test]
fn exit_5_transport() {
    let closed = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = closed.local_addr().unwrap().port();
    drop(closed);
    let output = talentomobile_result(&format!("http://127.0.0.1:{port}"), PROCESS, &[]);
    assert_eq!(code(&output), Some(5), "{}", shown(&output));
}

#[test]
fn exit_6_the_vendor_answered_with_an_error() {
    let harness = Harness::new();
    let output = liveness(&[
        "talentomobile",
        "result",
        "--id",
        PROCESS,
        "--endpoint",
        harness.mock.base_url(),
    ])
    .env("TALENTOMOBILE_API_KEY", "a-wrong-api-key-000000")
    .output()
    .expect("runs");
    assert_eq!(code(&output), Some(6), "{}", shown(&output));
}

#[test]
fn exit_7_the_response_could_not_be_read() {
    let harness = Harness::new();
    harness
        .mock
        .inject("html@talentomobile".parse().expect("fault"));
    let output = talentomobile_result(harness.mock.base_url(), PROCESS, &[]);
    assert_eq!(code(&output), Some(7), "{}", shown(&output));
}

#[test]
fn exit_8_evidence_could_not_be_saved() {
    let harness = Harness::new();
    let dir = tempfile::tempdir().expect("tempdir");
    // A file where the evidence directory should be.
    let file = dir.path().join("not-a-directory");
    std::fs::write(&file, b"x").unwrap();
    let output = talentomobile_result(
        harness.mock.base_url(),
        PROCESS,
        &["--save-evidence", file.to_str().unwrap()],
    );
    assert_eq!(code(&output), Some(8), "{}", shown(&output));
}
