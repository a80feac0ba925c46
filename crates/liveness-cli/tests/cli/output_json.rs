//! `--output json` prints one envelope for every command, and `liveness schema` describes every
//! one of them.

use crate::support::{Harness, assert_no_secret, json, liveness, ok};
use liveness_mock::{Outcome, Vendor};
use serde_json::{Value, json};

fn schema() -> Value {
    let output = liveness().arg("schema").output().expect("runs");
    ok(&output);
    json(&output)
}

#[test]
fn every_command_prints_the_envelope_the_schema_describes() {
    let schema = schema();
    let validator = jsonschema::draft202012::new(&schema).expect("a valid JSON Schema");
    let h = Harness::new();
    let dir = tempfile::tempdir().unwrap();
    let image = dir.path().join("document.png");
    std::fs::write(&image, b"\x89PNG\r\n\x1a\nnot really an image").unwrap();

    let mut printed = Vec::new();
    let mut run = |command: &str, kind: &str, args: &[&str]| -> Value {
        let output = h.run(&[args, &["--output", "json"]].concat());
        ok(&output);
        let value = json(&output);
        let errors: Vec<String> = validator
            .iter_errors(&value)
            .map(|e| format!("{} at {}", e, e.instance_path()))
            .collect();
        assert!(errors.is_empty(), "{args:?}: {errors:#?}");
        let keys: Vec<&str> = value
            .as_object()
            .expect("an object")
            .keys()
            .map(String::as_str)
            .collect();
        assert_eq!(keys.len(), 5, "{args:?}: {keys:?}");
        assert_eq!(value["command"], command, "{args:?}");
        assert_eq!(value["kind"], kind, "{args:?}");
        assert_ne!(
            value["raw"],
            Value::Null,
            "{args:?}: the raw response is printed"
        );
        assert_no_secret(&value.to_string(), "the JSON output");
        printed.push(command.to_owned());
        value
    };

    let token = run(
        "tencent token",
        "token",
        &["tencent", "token", "--region", "ap-singapore"],
    );
    let sdk_token = token["result"]["sdk_token"].as_str().unwrap().to_owned();
    let tencent = [
        "tencent",
        "result",
        "--region",
        "ap-singapore",
        "--sdk-token",
    ];
    let passed = run(
        "tencent result",
        "verdict",
        &[&tencent[..], &[&sdk_token]].concat(),
    );
    assert_eq!(passed["result"]["outcome"]["status"], "passed");
    assert!(passed["result"].get("raw").is_none(), "raw is printed once");
    run(
        "tencent result",
        "verdict",
        &[&tencent[..], &["D2B55F0C-FB5D-4FB6-8765-3E931EBBFC79"]].concat(),
    );

    let license = run(
        "trustdecision license",
        "license",
        &["trustdecision", "license"],
    );
    assert!(license["result"]["license"].is_string());
    let attack = h
        .mock
        .create_session(Vendor::TrustDecision, Outcome::Attack(Some("12219".into())));
    let rejected = run(
        "trustdecision result",
        "verdict",
        &["trustdecision", "result", "--liveness-id", &attack],
    );
    assert_eq!(rejected["result"]["outcome"]["reason"]["spoof"], "deepfake");

    run(
        "talentomobile result",
        "verdict",
        &[
            "talentomobile",
            "result",
            "--id",
            crate::support::TALENTOMOBILE_SAMPLE,
        ],
    );
    let missing = run(
        "talentomobile result",
        "verdict",
        &["talentomobile", "result", "--id", "gone"],
    );
    assert_eq!(missing["result"]["outcome"]["status"], "not_found");

    let created = run(
        "verifik create",
        "verdict",
        &["verifik", "create", "--image", image.to_str().unwrap()],
    );
    let id = created["result"]["id"].as_str().unwrap().to_owned();
    run(
        "verifik result",
        "verdict",
        &["verifik", "result", "--id", &id],
    );
    let list = run(
        "verifik list",
        "list",
        &["verifik", "list", "--limit", "10"],
    );
    assert!(
        list["result"]["verdicts"]
            .as_array()
            .unwrap()
            .iter()
            .any(|v| v["id"] == id.as_str())
    );

    // Every command that prints JSON was run.
    let mut commands: Vec<&str> = schema["$defs"]["CommandName"]["oneOf"]
        .as_array()
        .expect("the commands")
        .iter()
        .map(|c| c["const"].as_str().unwrap())
        .collect();
    commands.sort();
    printed.sort();
    printed.dedup();
    assert_eq!(commands, printed);
}

#[test]
fn the_schema_refuses_what_no_command_prints() {
    let validator = jsonschema::draft202012::new(&schema()).expect("a valid JSON Schema");
    let token = json!({
        "command": "tencent token",
        "vendor": "tencent",
        "kind": "token",
        "result": {"sdk_token": "t", "request_id": null},
        "raw": {"Response": {}},
    });
    assert!(
        validator.is_valid(&token),
        "the shape `tencent token` prints"
    );
    let with = |path: &str, value: Value| {
        let mut changed = token.clone();
        changed[path] = value;
        changed
    };
    for (what, instance) in [
        ("an unknown property", with("extra", json!(1))),
        ("an unknown kind", with("kind", json!("receipt"))),
        (
            "a kind another command prints",
            with("command", json!("verifik list")),
        ),
        (
            "an unknown command",
            with("command", json!("tencent video")),
        ),
        (
            "a result of another kind",
            with("result", json!({"license": "l"})),
        ),
        ("an unknown vendor", with("vendor", json!("acme"))),
    ] {
        assert!(!validator.is_valid(&instance), "{what} passed: {instance}");
    }
    let mut no_raw = token.clone();
    no_raw.as_object_mut().unwrap().remove("raw");
    assert!(!validator.is_valid(&no_raw), "raw is required");
}
