//! Tencent's official Python SDK (`tencentcloud-sdk-python-intl-en`, pinned by `cargo xtask
//! test`) against this project, both ways: the official client calls the mock, and the official
//! signing code checks the requests our client sends. The mock and the client share one reading
//! of the signing pages; these tests pin both to the reference no one here wrote.

use std::io::Write;
use std::process::{Command, Stdio};

use contract_tests::capture::{CaptureServer, Received};
use contract_tests::tools;
use liveness::tencent::{Client, Credentials, SecureLevel};
use liveness_mock::config::{DEMO_TENCENT_SECRET_ID, DEMO_TENCENT_SECRET_KEY};
use liveness_mock::{MockConfig, MockServer};
use serde_json::{Value, json};

const SCRIPT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/python/tencent_official.py");

/// Runs the script with `args` (and `stdin`), returning its one line of JSON.
fn official(args: &[&str], stdin: Option<&str>) -> Value {
    let mut child = Command::new(tools::python())
        .arg(SCRIPT)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("python runs");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(stdin.unwrap_or_default().as_bytes())
        .expect("write stdin");
    let output = child.wait_with_output().expect("python ends");
    assert!(
        output.status.success(),
        "the official SDK script failed (is tencentcloud-sdk-python-intl-en installed? run \
         `cargo xtask test`):\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).unwrap_or_else(|e| {
        panic!("{e}: {}", String::from_utf8_lossy(&output.stdout));
    })
}

/// The mock on its own runtime, so the blocking SDK process can call it.
struct Mock {
    _runtime: tokio::runtime::Runtime,
    server: MockServer,
}

impl Mock {
    fn start() -> Self {
        let runtime = tokio::runtime::Runtime::new().expect("runtime");
        let server = runtime
            .block_on(MockServer::start(MockConfig::demo()))
            .expect("mock");
        Self {
            _runtime: runtime,
            server,
        }
    }

    /// `127.0.0.1:PORT`, as the SDK's `HttpProfile.endpoint` takes it.
    fn endpoint(&self) -> String {
        self.server.addr().to_string()
    }

    fn official_call(&self, key: &str, region: &str) -> Value {
        official(
            &[
                "call",
                &self.endpoint(),
                DEMO_TENCENT_SECRET_ID,
                key,
                region,
            ],
            None,
        )
    }
}

#[test]
fn the_official_client_is_accepted_by_the_mock_with_the_right_key() {
    let mock = Mock::start();
    let out = mock.official_call(DEMO_TENCENT_SECRET_KEY, "ap-singapore");
    assert!(out.get("error").is_none(), "{out}");
    assert!(
        out["token"].as_str().is_some_and(|t| !t.is_empty()),
        "{out}"
    );
    assert_eq!(out["result"], "0", "{out}");
}

#[test]
fn the_official_client_with_a_wrong_key_gets_signature_failure() {
    let mock = Mock::start();
    let out = mock.official_call("a-wrong-secret-key-000000000000000", "ap-singapore");
    assert_eq!(out["error"], "AuthFailure.SignatureFailure", "{out}");
}

#[test]
fn the_official_client_ten_minutes_off_gets_signature_expire() {
    let mock = Mock::start();
    mock.server.set_clock_offset(600);
    let out = mock.official_call(DEMO_TENCENT_SECRET_KEY, "ap-singapore");
    assert_eq!(out["error"], "AuthFailure.SignatureExpire", "{out}");
}

/// The official SDKs leave `X-TC-Region` out when the region is empty; FaceID refuses that.
#[test]
fn the_official_client_without_a_region_gets_missing_parameter() {
    let mock = Mock::start();
    let out = mock.official_call(DEMO_TENCENT_SECRET_KEY, "");
    assert_eq!(out["error"], "MissingParameter", "{out}");
}

/// What our client sends for a spread of inputs (non-ASCII, quotes, spaces, a session token,
/// every secure level), as the capture server received it.
fn requests_our_client_sends(key: &str) -> (Vec<Received>, String) {
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    runtime.block_on(async {
        let capture = CaptureServer::start(
            200,
            r#"{"Response":{"SdkToken":"t","Result":"0","RequestId":"r"}}"#,
        )
        .await;
        let plain = Credentials::new("AKIDofficial0000000000000000000000", key.to_owned().into())
            .expect("credentials");
        let temporary = plain
            .clone()
            .with_token("session-token-for-the-official-check".to_owned().into())
            .expect("token");
        for credentials in [plain, temporary] {
            let client = Client::builder()
                .region("ap-singapore")
                .credentials(credentials)
                .base_url(capture.base_url())
                .build()
                .expect("client");
            for level in [
                None,
                Some(SecureLevel::Silent),
                Some(SecureLevel::Blink),
                Some(SecureLevel::Light),
                Some(SecureLevel::BlinkAndLight),
            ] {
                client.apply_liveness_token(level).await.expect("token");
            }
            for token in [
                "D2B55F0C-FB5D-4FB6-8765-3E931EBBFC79",
                "a token with  spaces and \"quotes\"",
                "未命名-トークン-é",
                "back\\slash/and?query#frag",
            ] {
                client.get_liveness_result(token).await.expect("result");
            }
        }
        (capture.received(), key.to_owned())
    })
}

fn as_verify_input(requests: &[Received], key: &str) -> String {
    let list: Vec<Value> = requests
        .iter()
        .map(|r| {
            let (uri, query) = r.target.split_once('?').unwrap_or((&r.target, ""));
            let headers: serde_json::Map<String, Value> = r
                .headers
                .iter()
                .map(|(n, v)| (n.clone(), Value::String(v.clone())))
                .collect();
            json!({
                "method": r.method,
                "uri": uri,
                "query": query,
                "headers": headers,
                "body_hex": hex::encode(&r.body),
                "secret_key": key,
            })
        })
        .collect();
    serde_json::to_string(&list).expect("json")
}

#[test]
fn our_requests_are_signed_as_the_official_sdk_signs_them() {
    let key = "official-check-secret-key-0123456789";
    let (requests, key) = requests_our_client_sends(key);
    assert_eq!(requests.len(), 18);
    let verdicts = official(&["verify"], Some(&as_verify_input(&requests, &key)));
    let verdicts = verdicts.as_array().expect("a list");
    assert_eq!(verdicts.len(), requests.len());
    for (request, verdict) in requests.iter().zip(verdicts) {
        assert_eq!(
            verdict["ok"],
            true,
            "{verdict}\nbody: {}",
            String::from_utf8_lossy(&request.body)
        );
    }

    // The verifier is not a rubber stamp: one body byte changed, or another key, fails it.
    let mut tampered = requests[0].clone();
    let last = tampered.body.len() - 2;
    tampered.body[last] ^= 0x01;
    let verdicts = official(&["verify"], Some(&as_verify_input(&[tampered], &key)));
    assert_eq!(verdicts[0]["ok"], false, "{verdicts}");
    let verdicts = official(
        &["verify"],
        Some(&as_verify_input(&requests[..1], "another-key-000000000000")),
    );
    assert_eq!(verdicts[0]["ok"], false, "{verdicts}");
}
