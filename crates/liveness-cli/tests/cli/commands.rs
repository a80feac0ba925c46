//! Every vendor command of the `liveness` binary against the in-process mock: output, exit
//! codes, evidence saving, and one-line errors.

use std::process::Command;

use crate::support::{Harness, json, ok, stdout};
use liveness_mock::{Outcome, Vendor};

#[test]
fn tencent_token_then_result() {
    let h = Harness::new();
    let token = h.run(&[
        "tencent",
        "token",
        "--secure-level",
        "1",
        "--output",
        "json",
    ]);
    ok(&token);
    let token = json(&token)["result"]["sdk_token"]
        .as_str()
        .expect("a token")
        .to_owned();
    let result = h.run(&[
        "tencent",
        "result",
        "--sdk-token",
        &token,
        "--output",
        "json",
    ]);
    ok(&result);
    let printed = json(&result);
    assert_eq!(printed["result"]["outcome"]["status"], "passed");
    assert_eq!(
        printed["raw"]["Response"]["Result"], "0",
        "the raw response is printed"
    );
    // The page's sample token: Result 1001, a failed check; --fail-on-reject exits 3.
    let sample = h.run(&[
        "tencent",
        "result",
        "--sdk-token",
        "D2B55F0C-FB5D-4FB6-8765-3E931EBBFC79",
        "--fail-on-reject",
    ]);
    assert_eq!(sample.status.code(), Some(3));
    assert!(stdout(&sample).contains("code 1001"), "{}", stdout(&sample));
}

#[test]
fn tencent_evidence_is_downloaded_and_checked() {
    let h = Harness::new();
    let token = h.mock.create_session(Vendor::Tencent, Outcome::Pass);
    let dir = tempfile::tempdir().unwrap();
    let dir_arg = dir.path().to_str().unwrap();
    let result = h.run(&[
        "tencent",
        "result",
        "--sdk-token",
        &token,
        "--save-evidence",
        dir_arg,
    ]);
    ok(&result);
    let mut names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names.len(), 2, "{names:?}");
    assert!(
        names.iter().any(|n| n.ends_with("best_frame.jpg")),
        "{names:?}"
    );
    assert!(names.iter().any(|n| n.ends_with("video.mp4")), "{names:?}");

    h.mock.inject(liveness_mock::FaultRule::times(
        liveness_mock::Fault::CorruptFile,
        1,
    ));
    let other = tempfile::tempdir().unwrap();
    let failed = h.run(&[
        "tencent",
        "result",
        "--sdk-token",
        &token,
        "--save-evidence",
        other.path().to_str().unwrap(),
    ]);
    assert_eq!(failed.status.code(), Some(8), "evidence failures exit 8");
    assert!(String::from_utf8_lossy(&failed.stderr).contains("MD5"));
    assert_eq!(
        std::fs::read_dir(other.path()).unwrap().count(),
        0,
        "no file left"
    );
}

#[test]
fn trustdecision_license_and_result() {
    let h = Harness::new();
    let license = h.run(&["trustdecision", "license", "--session-duration", "900"]);
    ok(&license);
    assert!(
        stdout(&license).contains("mock-license-"),
        "{}",
        stdout(&license)
    );
    let attack = h
        .mock
        .create_session(Vendor::TrustDecision, Outcome::Attack(Some("12219".into())));
    let result = h.run(&[
        "trustdecision",
        "result",
        "--liveness-id",
        &attack,
        "--output",
        "json",
    ]);
    ok(&result);
    let verdict = &json(&result)["result"];
    assert_eq!(verdict["outcome"]["reason"]["spoof"], "deepfake");
    assert_eq!(verdict["charged"], true);
    let refused = h.run(&["trustdecision", "license", "--session-duration", "0"]);
    assert_eq!(
        refused.status.code(),
        Some(2),
        "a number out of range is a usage error"
    );
}

#[test]
fn talentomobile_result_saves_decoded_evidence() {
    let h = Harness::new();
    let dir = tempfile::tempdir().unwrap();
    let result = h.run(&[
        "talentomobile",
        "result",
        "--id",
        "d5335d6a-9d95-4977-9976-00dede352749",
        "--env",
        "pre",
        "--save-evidence",
        dir.path().to_str().unwrap(),
    ]);
    ok(&result);
    assert!(stdout(&result).contains("passed"));
    let files: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
    assert_eq!(files.len(), 5);
    for file in files {
        let path = file.unwrap().path();
        assert_eq!(path.extension().unwrap(), "png", "{}", path.display());
        assert!(std::fs::read(&path).unwrap().starts_with(b"\x89PNG"));
    }
    let missing = h.run(&["talentomobile", "result", "--id", "gone"]);
    ok(&missing);
    assert!(stdout(&missing).contains("not found"));
}

#[test]
fn verifik_create_result_and_list() {
    let h = Harness::new();
    let dir = tempfile::tempdir().unwrap();
    let image = dir.path().join("document.png");
    std::fs::write(&image, b"\x89PNG\r\n\x1a\nnot really an image").unwrap();
    let created = h.run(&[
        "verifik",
        "create",
        "--image",
        image.to_str().unwrap(),
        "--check",
        "screen-replay",
        "--check",
        "printed-copy",
        "--output",
        "json",
    ]);
    ok(&created);
    let id = json(&created)["result"]["id"].as_str().unwrap().to_owned();
    let result = h.run(&["verifik", "result", "--id", &id]);
    ok(&result);
    assert!(stdout(&result).contains("passed"), "{}", stdout(&result));
    let list = h.run(&[
        "verifik",
        "list",
        "--page",
        "1",
        "--limit",
        "10",
        "--status",
        "completed",
    ]);
    ok(&list);
    assert!(stdout(&list).contains(&id), "{}", stdout(&list));
    let missing = h.run(&["verifik", "create", "--image", "/no/such/file.png"]);
    assert_eq!(missing.status.code(), Some(4));
}

#[test]
fn errors_are_one_line_with_a_code_per_class() {
    let h = Harness::new();
    let no_token = Command::new(env!("CARGO_BIN_EXE_liveness"))
        .args([
            "verifik",
            "result",
            "--id",
            "x",
            "--endpoint",
            h.mock.base_url(),
        ])
        .env_remove("VERIFIK_TOKEN")
        .output()
        .unwrap();
    assert_eq!(no_token.status.code(), Some(4));
    let stderr = String::from_utf8_lossy(&no_token.stderr);
    assert_eq!(stderr.trim().lines().count(), 1, "{stderr}");
    assert!(stderr.contains("VERIFIK_TOKEN"), "{stderr}");

    let refused = Command::new(env!("CARGO_BIN_EXE_liveness"))
        .args([
            "talentomobile",
            "result",
            "--id",
            "x",
            "--endpoint",
            "http://127.0.0.1:1",
        ])
        .env("TALENTOMOBILE_API_KEY", "a-key-nothing-will-check")
        .output()
        .unwrap();
    assert_eq!(refused.status.code(), Some(5), "transport");

    let wrong_key = Command::new(env!("CARGO_BIN_EXE_liveness"))
        .args([
            "verifik",
            "result",
            "--id",
            "x",
            "--endpoint",
            h.mock.base_url(),
        ])
        .env("VERIFIK_TOKEN", "SENTINEL-wrong-token")
        .output()
        .unwrap();
    assert_eq!(wrong_key.status.code(), Some(6), "vendor error");
    let stderr = String::from_utf8_lossy(&wrong_key.stderr);
    assert!(!stderr.contains("SENTINEL-wrong-token"), "{stderr}");
}

#[test]
fn schema_is_the_json_outputs() {
    let output = Command::new(env!("CARGO_BIN_EXE_liveness"))
        .arg("schema")
        .output()
        .unwrap();
    ok(&output);
    let schema = json(&output);
    assert_eq!(schema["title"], "liveness output");
    assert!(
        schema["$defs"]["Verdict"].is_object(),
        "the verdict is described"
    );
    assert!(schema.to_string().contains("not_found"));
}

#[test]
fn every_command_has_help() {
    for args in [
        &["tencent", "token", "--help"][..],
        &["tencent", "result", "--help"],
        &["trustdecision", "license", "--help"],
        &["trustdecision", "result", "--help"],
        &["talentomobile", "result", "--help"],
        &["verifik", "result", "--help"],
        &["verifik", "list", "--help"],
        &["verifik", "create", "--help"],
        &["schema", "--help"],
    ] {
        let output = Command::new(env!("CARGO_BIN_EXE_liveness"))
            .args(args)
            .output()
            .unwrap();
        assert!(output.status.success(), "{args:?}");
        let text = stdout(&output);
        assert!(
            text.contains("--endpoint") || args[0] == "schema",
            "{args:?}: {text}"
        );
    }
    let top = Command::new(env!("CARGO_BIN_EXE_liveness"))
        .arg("--help")
        .output()
        .unwrap();
    assert!(stdout(&top).contains("Exit codes"), "{}", stdout(&top));
}

/// FaceID refuses a request without `X-TC-Region`: with neither `--region` nor
/// `TENCENTCLOUD_REGION`, the command is a configuration error (exit 4) and sends nothing.
#[test]
fn tencent_without_a_region_exits_4_and_sends_nothing() {
    let harness = Harness::new();
    for command in [
        &["tencent", "token"][..],
        &["tencent", "result", "--sdk-token", "t"],
    ] {
        let output = crate::support::liveness()
            .args(command)
            .args(["--endpoint", harness.mock.base_url()])
            .env_remove("TENCENTCLOUD_REGION")
            .output()
            .expect("runs");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(4), "{command:?}: {stderr}");
        assert!(stderr.contains("TENCENTCLOUD_REGION"), "{stderr}");
        assert!(stderr.contains("ap-singapore"), "{stderr}");
    }
    assert!(harness.mock.requests().is_empty(), "a request was sent");
    // With --region alone (the variable unset), the call goes through.
    let output = crate::support::liveness()
        .args(["tencent", "token", "--region", "ap-hongkong"])
        .args(["--endpoint", harness.mock.base_url()])
        .env_remove("TENCENTCLOUD_REGION")
        .output()
        .expect("runs");
    // The mock answers MissingParameter to a request without X-TC-Region.
    ok(&output);
    assert_eq!(harness.mock.requests().len(), 1);
}

/// `--populate` reaches the wire as Verifik's list page shows it: `populates[]` once per value.
#[test]
fn verifik_list_sends_each_populate_as_a_repeated_key() {
    use std::io::{Read, Write};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let endpoint = format!("http://{}", listener.local_addr().unwrap());
    let server = std::thread::spawn(move || {
        let (mut socket, _) = listener.accept().expect("the list request");
        let mut head = Vec::new();
        let mut byte = [0u8; 1];
        while !head.ends_with(b"\r\n\r\n") && socket.read(&mut byte).unwrap_or(0) == 1 {
            head.push(byte[0]);
        }
        let body = r#"{"data":[]}"#;
        let response = format!(
            "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
            body.len()
        );
        socket.write_all(response.as_bytes()).unwrap();
        String::from_utf8_lossy(&head)
            .lines()
            .next()
            .unwrap_or_default()
            .to_owned()
    });
    let output = crate::support::liveness()
        .args(["verifik", "list", "--populate", "client", "--populate"])
        .args(["app-registration", "--endpoint", &endpoint])
        .output()
        .expect("runs");
    ok(&output);
    let request_line = server.join().unwrap();
    assert_eq!(
        request_line,
        "GET /v2/document-liveness?populates%5B%5D=client&populates%5B%5D=appRegistration HTTP/1.1"
    );
}
