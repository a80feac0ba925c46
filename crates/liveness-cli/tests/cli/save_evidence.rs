//! `--save-evidence` pointing at an existing file: one line saying a directory is needed, exit
//! 8, and the file untouched.

use std::process::Command;

use liveness_mock::config::DEMO_TALENTOMOBILE_API_KEY;
use liveness_mock::{MockConfig, MockServer};

/// The Talentomobile example process of the spec, which the mock serves.
const PROCESS: &str = "d5335d6a-9d95-4977-9976-00dede352749";

#[test]
fn a_file_given_as_the_evidence_directory_is_refused() {
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    let mock = runtime
        .block_on(MockServer::start(MockConfig::demo()))
        .expect("mock");
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("evidence.txt");
    std::fs::write(&file, "keep me").unwrap();
    let output = Command::new(env!("CARGO_BIN_EXE_liveness"))
        .args([
            "talentomobile",
            "result",
            "--id",
            PROCESS,
            "--save-evidence",
        ])
        .arg(&file)
        .args(["--endpoint", mock.base_url()])
        .env("TALENTOMOBILE_API_KEY", DEMO_TALENTOMOBILE_API_KEY)
        .output()
        .expect("runs");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(8), "{stderr}");
    assert!(stderr.contains("needs a directory"), "{stderr}");
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "keep me");
}
