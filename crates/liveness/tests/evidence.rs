//! Remote evidence against a loopback file server: a size or MD5 that does not match the
//! vendor's leaves no file; a match is kept under the name asked for.

use liveness::verdict::{Evidence, EvidenceError, EvidenceKind, EvidenceSource};
use md5::{Digest, Md5};
use wiremock::matchers::method;
use wiremock::{Mock, MockServer, ResponseTemplate};

const BYTES: &[u8] = b"\xFF\xD8\xFF\xE0 a small jpeg-looking file";

fn remote(url: String, md5: Option<String>, size: Option<u64>) -> Evidence {
    Evidence {
        kind: EvidenceKind::BestFrame,
        label: "best_frame".into(),
        field: "Response.BestFrame".into(),
        source: EvidenceSource::Remote { url, md5, size },
    }
}

#[tokio::test]
async fn only_a_file_that_matches_the_vendor_is_kept() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_bytes(BYTES))
        .mount(&server)
        .await;
    let url = format!("{}/f.jpg", server.uri());
    let md5 = hex::encode(Md5::digest(BYTES));
    let dir = tempfile::tempdir().unwrap();
    let http = reqwest::Client::new();
    let target = dir.path().join("best.jpg");

    let short = remote(
        url.clone(),
        Some(md5.clone()),
        Some(BYTES.len() as u64 + 10),
    );
    let error = short.download(&http, &target, |_, _| {}).await.unwrap_err();
    assert!(
        matches!(error, EvidenceError::SizeMismatch { expected, actual, .. }
            if expected == BYTES.len() as u64 + 10 && actual == BYTES.len() as u64),
        "{error}"
    );
    let long = remote(url.clone(), None, Some(4));
    assert!(matches!(
        long.download(&http, &target, |_, _| {}).await.unwrap_err(),
        EvidenceError::SizeMismatch { .. }
    ));
    let wrong_md5 = remote(url.clone(), Some("0".repeat(32)), None);
    assert!(matches!(
        wrong_md5
            .download(&http, &target, |_, _| {})
            .await
            .unwrap_err(),
        EvidenceError::Md5Mismatch { .. }
    ));
    assert_eq!(
        std::fs::read_dir(dir.path()).unwrap().count(),
        0,
        "nothing left"
    );

    let good = remote(url, Some(md5.to_uppercase()), Some(BYTES.len() as u64));
    let path = good.download(&http, &target, |_, _| {}).await.unwrap();
    assert_eq!(std::fs::read(path).unwrap(), BYTES);
    let missing = remote(format!("{}/gone.jpg", "http://127.0.0.1:1"), None, None);
    assert!(matches!(
        missing
            .download(&http, &target, |_, _| {})
            .await
            .unwrap_err(),
        EvidenceError::Download { .. }
    ));
}
