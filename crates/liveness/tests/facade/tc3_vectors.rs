//! Tencent's published TC3-HMAC-SHA256 vectors (tests/vectors/tc3/*), checked step by step:
//! canonical request, its hash, string to sign, derived keys, signature, Authorization.
#![cfg(feature = "tencent")]

use std::fs;
use std::path::{Path, PathBuf};

use liveness::tencent::tc3::{self, Credentials, SignedHeaderSet, SigningKey, SigningRequest};
use secrecy::SecretString;
use serde::Deserialize;

#[derive(Deserialize)]
struct Inputs {
    method: String,
    host: String,
    path: String,
    query: String,
    content_type: String,
    action: String,
    timestamp: i64,
    service: String,
    secret_id: String,
    secret_key: String,
    signed_headers: String,
}

struct Vector {
    name: String,
    dir: PathBuf,
    inputs: Inputs,
    body: Vec<u8>,
}

impl Vector {
    fn file(&self, name: &str) -> Option<String> {
        fs::read_to_string(self.dir.join(name)).ok()
    }

    fn request(&self) -> SigningRequest<'_> {
        SigningRequest {
            method: &self.inputs.method,
            host: &self.inputs.host,
            path: &self.inputs.path,
            query: &self.inputs.query,
            content_type: &self.inputs.content_type,
            body: &self.body,
            action: &self.inputs.action,
            timestamp: self.inputs.timestamp,
            service: &self.inputs.service,
            signed_headers: match self.inputs.signed_headers.as_str() {
                "content-type;host" => SignedHeaderSet::ContentTypeHost,
                "content-type;host;x-tc-action" => SignedHeaderSet::ContentTypeHostAction,
                other => panic!("{}: unknown signed headers {other}", self.name),
            },
        }
    }

    fn credentials(&self) -> Credentials {
        Credentials::new(
            self.inputs.secret_id.clone(),
            SecretString::from(self.inputs.secret_key.clone()),
        )
        .expect("vector credentials are well-formed")
    }
}

fn vectors() -> Vec<Vector> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/vectors/tc3");
    let mut out: Vec<Vector> = fs::read_dir(&root)
        .expect("vector folder")
        .map(|entry| entry.expect("entry").path())
        .filter(|dir| dir.is_dir())
        .map(|dir| {
            let name = dir.file_name().unwrap().to_string_lossy().into_owned();
            let inputs = serde_json::from_str(
                &fs::read_to_string(dir.join("request.json")).expect("request.json"),
            )
            .unwrap_or_else(|e| panic!("{name}/request.json: {e}"));
            let body = fs::read(dir.join("body.txt")).expect("body.txt");
            Vector {
                name,
                dir,
                inputs,
                body,
            }
        })
        .collect();
    out.sort_by(|a, b| a.name.cmp(&b.name));
    out
}

#[test]
fn the_four_published_vectors_are_present() {
    let names: Vec<String> = vectors().into_iter().map(|v| v.name).collect();
    assert_eq!(
        names,
        ["v1-current-doc", "v2-2023-doc", "v3-older-doc", "v4-get"]
    );
}

#[test]
fn the_published_body_is_stored_byte_for_byte() {
    use sha2::Digest;
    for v in vectors().iter().filter(|v| v.inputs.method == "POST") {
        assert_eq!(
            hex::encode(sha2::Sha256::digest(&v.body)),
            "35e9c5b0e3ae67532d3c9f17ead6c90222632e5b1ff7f6e89887f1398934f064",
            "{}: body.txt",
            v.name
        );
    }
}

#[test]
fn step_1_canonical_request_and_its_hash() {
    use sha2::Digest;
    for v in vectors() {
        let canonical = tc3::canonical_request(&v.request()).expect("canonical request");
        assert_eq!(
            Some(canonical.clone()),
            v.file("canonical-request.txt"),
            "{}: canonical request",
            v.name
        );
        assert_eq!(
            Some(hex::encode(sha2::Sha256::digest(canonical.as_bytes()))),
            v.file("canonical-request.sha256"),
            "{}: hashed canonical request",
            v.name
        );
    }
}

#[test]
fn step_2_string_to_sign() {
    for v in vectors() {
        let request = v.request();
        let canonical = tc3::canonical_request(&request).expect("canonical request");
        let date = tc3::utc_date(request.timestamp).expect("date");
        let scope = tc3::credential_scope(&date, request.service);
        let to_sign = tc3::string_to_sign(request.timestamp, &scope, &canonical);
        assert_eq!(
            Some(to_sign),
            v.file("string-to-sign.txt"),
            "{}: string to sign",
            v.name
        );
    }
}

#[test]
fn step_3_derived_keys() {
    let mut checked = 0;
    for v in vectors() {
        let Some(json) = v.file("derived-keys.json") else {
            continue;
        };
        let expected: serde_json::Value = serde_json::from_str(&json).expect("derived-keys.json");
        let date = tc3::utc_date(v.inputs.timestamp).expect("date");
        let key = SigningKey::derive(
            &SecretString::from(v.inputs.secret_key.clone()),
            &date,
            &v.inputs.service,
        );
        for (field, got) in [
            ("k_date", key.k_date()),
            ("k_service", key.k_service()),
            ("k_signing", key.k_signing()),
        ] {
            assert_eq!(
                expected[field].as_str(),
                Some(hex::encode(got).as_str()),
                "{}: {field}",
                v.name
            );
        }
        checked += 1;
    }
    assert!(checked >= 1, "no vector publishes derived keys");
}

#[test]
fn step_4_signature_and_authorization() {
    for v in vectors() {
        let signed = tc3::sign(&v.request(), &v.credentials()).expect("sign");
        let signature = signed
            .authorization
            .rsplit("Signature=")
            .next()
            .expect("signature");
        assert_eq!(
            Some(signature.to_owned()),
            v.file("signature.txt"),
            "{}: signature",
            v.name
        );
        assert_eq!(
            Some(signed.authorization.clone()),
            v.file("authorization.txt"),
            "{}: Authorization",
            v.name
        );
        assert_eq!(signed.timestamp, v.inputs.timestamp.to_string());
    }
}
