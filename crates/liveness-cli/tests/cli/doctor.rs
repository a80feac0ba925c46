//! `liveness doctor` through the real binary: against the mock (credentials accepted; the key
//! refused; each TrustDecision account code; a `Date` two hours off), against a local TLS
//! server whose certificate no one trusts, and a closed port; paste errors caught without
//! printing the value; JSON lines that match `liveness schema doctor`.

use std::process::Output;
use std::sync::Arc;

use liveness_mock::config::DEMO_TALENTOMOBILE_API_KEY;
use liveness_mock::{Fault, FaultRule, Vendor};
use serde_json::Value;

use crate::support::{Harness, assert_no_secret, liveness, stderr, stdout};

/// `liveness doctor --output json --endpoint <url> --vendor V... EXTRA`, its lines parsed.
fn doctor(url: &str, vendors: &[&str], extra: &[&str]) -> (Output, Vec<Value>) {
    let mut command = liveness();
    command.args(["doctor", "--output", "json", "--endpoint", url]);
    for vendor in vendors {
        command.args(["--vendor", vendor]);
    }
    let output = command.args(extra).output().expect("runs");
    let lines = stdout(&output)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect();
    assert_no_secret(&stdout(&output), "doctor's output");
    (output, lines)
}

/// The check of `vendor` named `name`.
fn find<'a>(lines: &'a [Value], vendor: &str, name: &str) -> &'a Value {
    lines
        .iter()
        .find(|l| l["vendor"] == vendor && l["name"] == name)
        .unwrap_or_else(|| panic!("no {vendor} {name} in {lines:#?}"))
}

#[test]
fn against_the_mock_every_vendor_is_accepted_and_the_lines_match_the_schema() {
    let h = Harness::new();
    let (output, lines) = doctor(
        h.mock.base_url(),
        &["tencent", "trustdecision", "talentomobile", "verifik"],
        &[],
    );
    assert_eq!(output.status.code(), Some(0), "{}", stdout(&output));
    for vendor in ["tencent", "talentomobile", "verifik"] {
        assert_eq!(find(&lines, vendor, "credentials accepted")["status"], "ok");
    }
    // TrustDecision answers 11340 for a wrong key and an unknown id alike.
    assert_eq!(
        find(&lines, "trustdecision", "credentials accepted")["status"],
        "warn"
    );
    let auth = find(&lines, "trustdecision", "credentials accepted");
    assert!(
        auth["request"]
            .as_str()
            .unwrap()
            .contains("partner_key=[REDACTED]"),
        "{auth}"
    );
    assert_eq!(find(&lines, "tencent", "region")["status"], "ok");
    assert_eq!(find(&lines, "tencent", "skew")["status"], "ok");
    // Doctor creates nothing: only reads reached the mock.
    for request in h.mock.requests() {
        let operation = request.operation.unwrap_or_default();
        assert!(
            !operation.contains("token")
                && !operation.contains("license")
                && !operation.contains("create"),
            "doctor called {operation}"
        );
    }
    let schema = liveness().args(["schema", "doctor"]).output().unwrap();
    let schema: Value = serde_json::from_slice(&schema.stdout).expect("a schema");
    let validator = jsonschema::validator_for(&schema).expect("a valid schema");
    for line in &lines {
        assert!(validator.is_valid(line), "{line}");
    }
}

#[test]
fn a_refused_key_fails_the_auth_stage_with_exit_14() {
    let h = Harness::new();
    h.mock.inject(FaultRule::always(Fault::RefuseKey));
    for (vendor, said) in [
        ("tencent", "AuthFailure.SecretIdNotFound"),
        ("talentomobile", "401"),
        ("verifik", "401"),
    ] {
        let (output, lines) = doctor(h.mock.base_url(), &[vendor], &[]);
        assert_eq!(
            output.status.code(),
            Some(14),
            "{vendor}: {}",
            stdout(&output)
        );
        let auth = find(&lines, vendor, "credentials accepted");
        assert_eq!(auth["status"], "fail");
        assert!(auth["why"].as_str().unwrap().contains(said), "{auth}");
    }
}

#[test]
fn each_trustdecision_account_code_is_named() {
    let h = Harness::new();
    for (code, words) in [
        (301, "not purchased"),
        (302, "suspended"),
        (303, "no balance"),
        (304, "expired"),
        (305, "daily volume"),
    ] {
        h.mock.clear_faults();
        h.mock
            .inject(FaultRule::always(Fault::Account(code)).for_vendor(Vendor::TrustDecision));
        let (output, lines) = doctor(h.mock.base_url(), &["trustdecision"], &[]);
        assert_eq!(output.status.code(), Some(14));
        let auth = find(&lines, "trustdecision", "credentials accepted");
        assert_eq!(auth["status"], "fail");
        let why = auth["why"].as_str().unwrap();
        assert!(
            why.contains(&code.to_string()) && why.contains(words),
            "{why}"
        );
    }
}

#[test]
fn a_clock_two_hours_off_fails_tencent_and_warns_the_others() {
    let h = Harness::new();
    h.mock.set_clock_offset(7_200);
    let (output, lines) = doctor(h.mock.base_url(), &["tencent", "verifik"], &[]);
    assert_eq!(output.status.code(), Some(13), "{}", stdout(&output));
    let tencent = find(&lines, "tencent", "skew");
    assert_eq!(tencent["status"], "fail");
    assert!(
        tencent["why"].as_str().unwrap().contains("behind"),
        "{tencent}"
    );
    assert_eq!(find(&lines, "verifik", "skew")["status"], "warn");
}

#[test]
fn paste_errors_fail_the_credentials_stage_without_showing_the_value() {
    let h = Harness::new();
    for (value, said) in [
        ("a.b.sentinel-value\n", "line break"),
        ("\"a.b.sentinel-value\"", "quotes"),
        ("Bearer a.b.sentinel-value", "Bearer"),
        (" a.b.sentinel-value", "spaces"),
    ] {
        let output = liveness()
            .args(["doctor", "--output", "json", "--vendor", "verifik"])
            .args(["--endpoint", h.mock.base_url()])
            .env("VERIFIK_TOKEN", value)
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(11), "{value:?}");
        let text = stdout(&output);
        assert!(
            !text.contains("sentinel-value"),
            "the value was printed: {text}"
        );
        let lines: Vec<Value> = text
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        let token = find(&lines, "verifik", "VERIFIK_TOKEN");
        assert_eq!(token["status"], "fail");
        assert!(token["why"].as_str().unwrap().contains(said), "{token}");
        assert_eq!(
            find(&lines, "verifik", "credentials accepted")["status"],
            "skipped"
        );
    }
    // Tencent without a region, and with one that does not offer liveness.
    let no_region = liveness()
        .args([
            "doctor",
            "--vendor",
            "tencent",
            "--endpoint",
            h.mock.base_url(),
        ])
        .env_remove("TENCENTCLOUD_REGION")
        .output()
        .unwrap();
    assert_eq!(no_region.status.code(), Some(11));
    assert!(
        stdout(&no_region).contains("region"),
        "{}",
        stdout(&no_region)
    );
    let (wrong, lines) = doctor(h.mock.base_url(), &["tencent"], &["--region", "ap-tokyo"]);
    assert_eq!(wrong.status.code(), Some(11));
    assert!(
        find(&lines, "tencent", "region")["why"]
            .as_str()
            .unwrap()
            .contains("ap-tokyo")
    );
}

/// A key in a mounted secret file (`TALENTOMOBILE_API_KEY_FILE`): its trailing line break is
/// not a paste error (the client drops it), the check names the file, and the mock accepts
/// the key; a file whose content is quoted fails, without showing it.
#[test]
fn a_key_from_a_secret_file_is_named_by_its_path_and_checked_as_the_client_reads_it() {
    let h = Harness::new();
    let dir = tempfile::tempdir().unwrap();
    let good = dir.path().join("talentomobile-key");
    std::fs::write(&good, format!("{DEMO_TALENTOMOBILE_API_KEY}\n")).unwrap();
    let run = |file: &std::path::Path| {
        let output = liveness()
            .args(["doctor", "--output", "json", "--vendor", "talentomobile"])
            .args(["--endpoint", h.mock.base_url()])
            .env_remove("TALENTOMOBILE_API_KEY")
            .env("TALENTOMOBILE_API_KEY_FILE", file)
            .output()
            .unwrap();
        let lines: Vec<Value> = stdout(&output)
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        (output, lines)
    };
    let (output, lines) = run(&good);
    assert_eq!(output.status.code(), Some(0), "{}", stdout(&output));
    let key = find(&lines, "talentomobile", "TALENTOMOBILE_API_KEY");
    assert_eq!(key["status"], "ok", "{key}");
    let why = key["why"].as_str().unwrap();
    assert!(
        why.contains(&format!("the file {}", good.display())),
        "{why}"
    );
    assert!(why.contains("TALENTOMOBILE_API_KEY_FILE"), "{why}");
    assert_eq!(
        find(&lines, "talentomobile", "credentials accepted")["status"],
        "ok"
    );

    let quoted = dir.path().join("quoted");
    std::fs::write(&quoted, "\"quoted-sentinel-key\"\n").unwrap();
    let (output, lines) = run(&quoted);
    assert_eq!(output.status.code(), Some(11));
    assert!(!stdout(&output).contains("quoted-sentinel-key"));
    let key = find(&lines, "talentomobile", "TALENTOMOBILE_API_KEY");
    assert!(key["why"].as_str().unwrap().contains("quotes"), "{key}");

    let (output, lines) = run(&dir.path().join("absent"));
    assert_eq!(output.status.code(), Some(11));
    let key = find(&lines, "talentomobile", "TALENTOMOBILE_API_KEY");
    assert!(
        key["why"].as_str().unwrap().contains("cannot be opened"),
        "{key}"
    );
}

#[test]
fn without_vendor_flags_only_vendors_with_credentials_are_checked() {
    let h = Harness::new();
    let output = liveness()
        .args(["doctor", "--endpoint", h.mock.base_url()])
        .env_remove("TRUSTDECISION_PARTNER_CODE")
        .env_remove("TRUSTDECISION_PARTNER_KEY")
        .env_remove("TALENTOMOBILE_API_KEY")
        .env_remove("VERIFIK_TOKEN")
        .output()
        .unwrap();
    let text = stdout(&output);
    assert_eq!(output.status.code(), Some(0), "{text}");
    assert!(
        text.contains("skip  trustdecision credentials vendor: none of"),
        "{text}"
    );
    assert!(text.contains("skip  verifik credentials vendor"), "{text}");
    assert!(
        text.contains("ok    tencent auth credentials accepted"),
        "{text}"
    );
    assert!(!text.contains("talentomobile endpoint"), "{text}");
}

#[test]
fn a_closed_port_fails_the_endpoint_stage() {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let (output, lines) = doctor(&format!("http://127.0.0.1:{port}"), &["verifik"], &[]);
    assert_eq!(output.status.code(), Some(12), "{}", stderr(&output));
    assert_eq!(find(&lines, "verifik", "tcp")["status"], "fail");
    assert_eq!(
        find(&lines, "verifik", "credentials accepted")["status"],
        "skipped"
    );
}

/// A TLS server on loopback presenting `name`.crt (with `name`.key) from the fixtures: it
/// completes handshakes and says nothing. Runs as long as the returned runtime.
fn tls_server(name: &str) -> (tokio::runtime::Runtime, u16) {
    use rustls::pki_types::pem::PemObject;
    use rustls::pki_types::{CertificateDer, PrivateKeyDer};

    let dir = fixtures();
    let cert = CertificateDer::from_pem_file(dir.join(format!("{name}.crt"))).expect("cert");
    let key = PrivateKeyDer::from_pem_file(dir.join(format!("{name}.key"))).expect("key");
    let provider = Arc::new(rustls::crypto::aws_lc_rs::default_provider());
    let config = rustls::ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_no_client_auth()
        .with_single_cert(vec![cert], key)
        .expect("server config");
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let listener = runtime
        .block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))
        .unwrap();
    let port = listener.local_addr().unwrap().port();
    let acceptor = tokio_rustls::TlsAcceptor::from(Arc::new(config));
    runtime.spawn(async move {
        while let Ok((stream, _)) = listener.accept().await {
            let acceptor = acceptor.clone();
            tokio::spawn(async move {
                let _ = acceptor.accept(stream).await;
            });
        }
    });
    (runtime, port)
}

fn fixtures() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/cli/fixtures")
}

#[test]
fn a_certificate_no_one_trusts_is_reported_as_that() {
    let (_server, port) = tls_server("self-signed");
    let (output, lines) = doctor(&format!("https://localhost:{port}"), &["verifik"], &[]);
    assert_eq!(output.status.code(), Some(12), "{}", stdout(&output));
    let tls = find(&lines, "verifik", "tls");
    assert_eq!(tls["status"], "fail");
    assert!(
        tls["why"].as_str().unwrap().contains("not trusted"),
        "an untrusted certificate, not 'could not connect': {tls}"
    );
    assert_eq!(find(&lines, "verifik", "tcp")["status"], "ok");
}

/// `trusted.crt` is issued to 127.0.0.1 by `test-ca.crt` (whose key was thrown away once it
/// had signed). With `SSL_CERT_FILE` naming that CA (and no `SSL_CERT_DIR`), the platform
/// verifier on Linux trusts it as it would a corporate CA added to the system's store.
#[test]
fn a_trusted_certificate_shows_the_tls_version_and_issuer() {
    let (_server, port) = tls_server("trusted");
    let output = liveness()
        .args(["doctor", "--output", "json", "--vendor", "verifik"])
        .args(["--endpoint", &format!("https://127.0.0.1:{port}")])
        .env("SSL_CERT_FILE", fixtures().join("test-ca.crt"))
        // The test CA alone: a directory left in the environment would be read as well.
        .env_remove("SSL_CERT_DIR")
        .output()
        .expect("runs");
    let lines: Vec<Value> = stdout(&output)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect();
    let tls = find(&lines, "verifik", "tls");
    assert_eq!(tls["status"], "ok", "{tls}");
    let why = tls["why"].as_str().unwrap();
    assert!(why.starts_with("TLSv1.3, certificate verified"), "{why}");
    assert!(why.contains("issued by CN=liveness-sdk test CA"), "{why}");
    assert!(tls["elapsed_ms"].is_u64(), "{tls}");
    // The server says nothing after the handshake: a later stage fails, not the endpoint.
    assert_ne!(output.status.code(), Some(12), "{}", stdout(&output));
}

#[test]
fn a_proxy_from_the_standard_variables_is_named_without_its_password() {
    let h = Harness::new();
    let output = liveness()
        .args(["doctor", "--output", "json", "--vendor", "verifik"])
        .args(["--endpoint", h.mock.base_url()])
        .env("HTTP_PROXY", "http://user:hunter2-proxy@127.0.0.1:3128")
        .env("HTTPS_PROXY", "http://only-for-https:9")
        .env("NO_PROXY", "127.0.0.1")
        .output()
        .unwrap();
    let text = stdout(&output);
    assert!(!text.contains("hunter2-proxy"), "{text}");
    let lines: Vec<Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let proxy = find(&lines, "verifik", "proxy");
    assert_eq!(proxy["status"], "warn");
    let why = proxy["why"].as_str().unwrap();
    assert!(
        why.contains("http://127.0.0.1:3128") && why.contains("HTTP_PROXY"),
        "{why}"
    );
}
