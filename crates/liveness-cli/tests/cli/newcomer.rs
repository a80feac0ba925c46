//! The `liveness` binary, run as a newcomer runs it.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

fn liveness() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_liveness"));
    // The demo must not need credentials: whatever the environment holds is ignored.
    for name in [
        "TENCENTCLOUD_SECRET_ID",
        "TENCENTCLOUD_SECRET_KEY",
        "TRUSTDECISION_PARTNER_KEY",
        "VERIFIK_TOKEN",
    ] {
        command.env(name, "a-value-the-demo-must-ignore");
    }
    command
}

#[test]
fn the_demo_runs_every_vendor_flow_and_exits_zero() {
    let output = liveness().arg("demo").output().expect("runs");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    for vendor in ["tencent", "trustdecision", "talentomobile", "verifik"] {
        let line = stdout
            .lines()
            .find(|l| l.starts_with(vendor))
            .unwrap_or_else(|| panic!("no line for {vendor}:\n{stdout}"));
        assert!(line.contains(" ok "), "{line}");
    }
    assert!(stdout.contains("Result 0"), "Tencent's pass: {stdout}");
    assert!(
        stdout.contains("code 200"),
        "TrustDecision's pass: {stdout}"
    );
    assert!(stdout.contains("3/3 challenges passed"), "{stdout}");
    assert!(stdout.contains("isLive true"), "{stdout}");
}

#[test]
fn the_mock_prints_its_url_and_credentials_then_serves() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_liveness"))
        .args(["mock", "--listen", "127.0.0.1:0"])
        .env("VERIFIK_TOKEN", "sentinel-token-from-env")
        .stdout(Stdio::piped())
        .spawn()
        .expect("starts");
    let mut lines = BufReader::new(child.stdout.take().expect("stdout")).lines();
    let mut banner = Vec::new();
    for line in lines.by_ref() {
        let line = line.expect("line");
        let done = line.contains("__admin");
        banner.push(line);
        if done {
            break;
        }
    }
    let banner = banner.join("\n");
    let url = banner
        .split_whitespace()
        .find(|w| w.starts_with("http://127.0.0.1:"))
        .expect("a base URL")
        .to_owned();
    let status = std::net::TcpStream::connect(url.trim_start_matches("http://"));
    child.kill().ok();
    child.wait().ok();
    assert!(status.is_ok(), "the mock listens at {url}");
    assert!(banner.contains("mock-talentomobile-key (demo)"), "{banner}");
    assert!(
        banner.contains("VERIFIK_TOKEN=from $VERIFIK_TOKEN"),
        "{banner}"
    );
    assert!(!banner.contains("sentinel-token-from-env"), "{banner}");
}

#[test]
fn help_is_there_for_every_command() {
    for args in [&["--help"][..], &["demo", "--help"], &["mock", "--help"]] {
        let output = liveness().args(args).output().expect("runs");
        assert!(output.status.success(), "{args:?}");
        assert!(String::from_utf8_lossy(&output.stdout).contains("Usage"));
    }
    let bad = liveness()
        .args(["mock", "--fault", "explode"])
        .output()
        .expect("runs");
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("unknown fault"));
}
