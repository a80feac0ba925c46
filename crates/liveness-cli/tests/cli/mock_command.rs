//! `liveness mock` as a user runs it: loopback only unless `--allow-remote`; and the README's
//! fixture commands, run as printed against the mock, do what the README says.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};

use liveness_mock::config::{
    DEMO_TALENTOMOBILE_API_KEY, DEMO_TENCENT_SECRET_ID, DEMO_TENCENT_SECRET_KEY,
    DEMO_TRUSTDECISION_PARTNER_CODE, DEMO_TRUSTDECISION_PARTNER_KEY, DEMO_VERIFIK_TOKEN,
};
use liveness_mock::{MockConfig, MockServer};
use serde_json::Value;

/// The address the README's commands name.
const README_ENDPOINT: &str = "http://127.0.0.1:8080";

/// Kills the child on drop, so a failed assertion leaves no server behind.
struct Running(Child);

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

#[test]
fn a_reachable_address_is_refused_without_allow_remote() {
    for listen in ["0.0.0.0:0", "[::]:0", "192.0.2.10:0"] {
        let output = Command::new(env!("CARGO_BIN_EXE_liveness"))
            .args(["mock", "--listen", listen])
            .output()
            .expect("runs");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{listen}: {stderr}");
        assert!(stderr.contains("--allow-remote"), "{listen}: {stderr}");
        assert!(stderr.contains("demo credentials"), "{listen}: {stderr}");
        assert!(output.stdout.is_empty(), "nothing served: {listen}");
    }
}

#[test]
fn allow_remote_serves_on_every_interface() {
    let child = Command::new(env!("CARGO_BIN_EXE_liveness"))
        .args(["mock", "--listen", "0.0.0.0:0", "--allow-remote"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("starts");
    let mut child = Running(child);
    let stdout = child.0.stdout.take().expect("stdout");
    let first = BufReader::new(stdout)
        .lines()
        .next()
        .expect("a banner line")
        .expect("text");
    let url = first
        .split_whitespace()
        .find(|w| w.starts_with("http://"))
        .unwrap_or_else(|| panic!("no URL in {first:?}"));
    // The wildcard address is printed as loopback, the address sure to reach it.
    assert!(url.starts_with("http://127.0.0.1:"), "{first}");
    assert!(std::net::TcpStream::connect(url.trim_start_matches("http://")).is_ok());
}

/// The crate README's section on the mock (the workspace README shows the same lines, which a
/// contract test checks).
fn readme_mock_section() -> String {
    let readme = Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md");
    let text = std::fs::read_to_string(&readme).expect("README.md");
    let start = text.find("## Against the mock").expect("the section");
    let end = text[start + 3..]
        .find("\n## ")
        .map_or(text.len(), |i| start + 3 + i);
    text[start..end].to_owned()
}

/// The `liveness ...` command lines of the section's shell blocks.
fn readme_commands() -> Vec<Vec<String>> {
    let mut in_block = false;
    let mut commands = Vec::new();
    for line in readme_mock_section().lines() {
        let line = line.trim();
        if line.starts_with("```") {
            in_block = line == "```sh";
            continue;
        }
        if in_block && let Some(rest) = line.strip_prefix("liveness ") {
            commands.push(rest.split_whitespace().map(str::to_owned).collect());
        }
    }
    commands
}

fn run(args: &[String]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_liveness"))
        .args(args)
        .env("TENCENTCLOUD_SECRET_ID", DEMO_TENCENT_SECRET_ID)
        .env("TENCENTCLOUD_SECRET_KEY", DEMO_TENCENT_SECRET_KEY)
        .env_remove("TENCENTCLOUD_SESSION_TOKEN")
        // The README's Tencent line names its region itself.
        .env_remove("TENCENTCLOUD_REGION")
        .env(
            "TRUSTDECISION_PARTNER_CODE",
            DEMO_TRUSTDECISION_PARTNER_CODE,
        )
        .env("TRUSTDECISION_PARTNER_KEY", DEMO_TRUSTDECISION_PARTNER_KEY)
        .env("TALENTOMOBILE_API_KEY", DEMO_TALENTOMOBILE_API_KEY)
        .env("VERIFIK_TOKEN", DEMO_VERIFIK_TOKEN)
        // Should a URL outside the mock slip into a fixture, its download fails at a dead
        // loopback proxy instead of reaching the internet.
        .env("HTTP_PROXY", "http://127.0.0.1:9")
        .env("HTTPS_PROXY", "http://127.0.0.1:9")
        .env("ALL_PROXY", "http://127.0.0.1:9")
        .env("NO_PROXY", "127.0.0.1,localhost,::1")
        .output()
        .expect("runs")
}

/// `args` with the README's endpoint and evidence directory replaced by the mock's and `dir`.
fn localized(args: &[String], base_url: &str, dir: &Path) -> Vec<String> {
    let mut out = Vec::new();
    let mut previous = "";
    for arg in args {
        out.push(match previous {
            "--endpoint" => {
                assert_eq!(arg, README_ENDPOINT, "{args:?}");
                base_url.to_owned()
            }
            "--save-evidence" => dir.display().to_string(),
            _ => arg.clone(),
        });
        previous = arg;
    }
    out
}

fn mentions_passed(value: &Value) -> bool {
    match value {
        Value::String(s) => s == "passed",
        Value::Array(items) => items.iter().any(mentions_passed),
        Value::Object(map) => map.values().any(mentions_passed),
        _ => false,
    }
}

fn files_in(dir: &Path) -> Vec<PathBuf> {
    std::fs::read_dir(dir)
        .map(|entries| entries.map(|e| e.unwrap().path()).collect())
        .unwrap_or_default()
}

#[test]
fn the_readme_fixture_commands_pass_with_the_flags_it_shows() {
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    let mock = runtime
        .block_on(MockServer::start(MockConfig::demo()))
        .expect("mock");
    let commands = readme_commands();
    let vendors: Vec<&str> = commands.iter().map(|c| c[0].as_str()).collect();
    assert_eq!(
        vendors,
        ["tencent", "trustdecision", "talentomobile", "verifik"],
        "one passing fixture per vendor"
    );
    for args in &commands {
        let dir = tempfile::tempdir().unwrap();
        let output = run(&localized(args, mock.base_url(), dir.path()));
        let stdout = String::from_utf8_lossy(&output.stdout);
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(
            output.status.success(),
            "{args:?}: exit {:?}\n{stdout}\n{stderr}",
            output.status.code()
        );
        if args.iter().any(|a| a == "--output") {
            let printed: Value = serde_json::from_str(&stdout)
                .unwrap_or_else(|e| panic!("{args:?}: not JSON ({e}): {stdout}"));
            assert!(mentions_passed(&printed), "{args:?}: not a pass: {stdout}");
        }
        if args.iter().any(|a| a == "--save-evidence") {
            let saved = files_in(dir.path());
            assert!(!saved.is_empty(), "{args:?}: nothing saved\n{stderr}");
        }
    }
    // What the README says of TrustDecision's sample: its image does not decode, exit 8.
    let section = readme_mock_section();
    assert!(
        section.contains("`--save-evidence` on it exits 8"),
        "{section}"
    );
    let dir = tempfile::tempdir().unwrap();
    let broken = run(&localized(
        &[
            "trustdecision",
            "result",
            "--liveness-id",
            "1234567",
            "--endpoint",
            README_ENDPOINT,
            "--save-evidence",
            "evidence",
        ]
        .map(String::from),
        mock.base_url(),
        dir.path(),
    ));
    assert_eq!(
        broken.status.code(),
        Some(8),
        "{}",
        String::from_utf8_lossy(&broken.stderr)
    );
}
