//! Remote evidence against a loopback file server: a size or MD5 that does not match the
//! vendor's leaves no file; a match is kept under the name asked for.

use liveness::verdict::{Evidence, EvidenceError, EvidenceKind, EvidenceSource};
use md5::{Digest, Md5};
use wiremock::ResponseTemplate;

use crate::support::serving;

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
    let server = serving("GET", ResponseTemplate::new(200).set_body_bytes(BYTES)).await;
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
    for (case, evidence, expected) in [
        ("long", remote(url.clone(), None, Some(4)), "size mismatch"),
        (
            "wrong MD5",
            remote(url.clone(), Some("0".repeat(32)), None),
            "MD5 mismatch",
        ),
    ] {
        let error = evidence.download(&http, &target, |_, _| {}).await;
        assert_eq!(kind(&error.unwrap_err()), expected, "{case}");
    }
    assert_eq!(
        std::fs::read_dir(dir.path()).unwrap().count(),
        0,
        "nothing left"
    );

    let good = remote(url, Some(md5.to_uppercase()), Some(BYTES.len() as u64));
    let path = good.download(&http, &target, |_, _| {}).await.unwrap();
    assert_eq!(std::fs::read(path).unwrap(), BYTES);
    let missing = remote(format!("{}/gone.jpg", "http://127.0.0.1:1"), None, None);
    let error = missing.download(&http, &target, |_, _| {}).await;
    assert_eq!(kind(&error.unwrap_err()), "download");
}

/// The kind of a download error, as the tests name it.
fn kind(error: &EvidenceError) -> &'static str {
    match error {
        EvidenceError::Refused { .. } => "refused",
        EvidenceError::TooLarge { .. } => "too large",
        EvidenceError::SizeMismatch { .. } => "size mismatch",
        EvidenceError::Md5Mismatch { .. } => "MD5 mismatch",
        EvidenceError::Download { .. } => "download",
        _ => "another",
    }
}

mod downloader {
    //! `EvidenceDownloader`: the facade's `HttpOptions` (timeout, body cap) and the URL rule
    //! (https, or http to loopback only), redirects included.

    use std::time::Duration;

    use liveness::HttpOptions;
    use liveness::verdict::{Evidence, EvidenceDownloader, EvidenceError};
    use tempfile::TempDir;
    use wiremock::matchers::method;
    use wiremock::{Mock, ResponseTemplate};

    use md5::{Digest, Md5};

    use super::{BYTES, kind, remote, serving};
    use crate::support::mounted;

    fn downloader(options: HttpOptions) -> EvidenceDownloader {
        EvidenceDownloader::new(&options).expect("downloader")
    }

    fn empty(dir: &TempDir) -> bool {
        std::fs::read_dir(dir.path()).unwrap().count() == 0
    }

    /// The error of downloading `evidence` into `dir` with `downloader`, which must be of
    /// `expected` kind and leave nothing in `dir`.
    async fn failed(
        downloader: &EvidenceDownloader,
        evidence: &Evidence,
        dir: &TempDir,
        expected: &str,
    ) -> EvidenceError {
        let error = downloader
            .download(evidence, &dir.path().join("evidence"), |_, _| {})
            .await
            .expect_err("the download fails");
        assert_eq!(kind(&error), expected, "{evidence:?}: {error:?}");
        assert!(empty(dir), "a file kept after: {error:?}");
        error
    }

    #[tokio::test]
    async fn plain_http_to_another_host_is_refused_before_anything_is_sent() {
        let dir = tempfile::tempdir().unwrap();
        let plain = downloader(HttpOptions::default());
        // Not resolvable, and never looked up: the refusal comes first.
        let evidence = remote(
            "http://evidence.invalid/best.jpg?sign=SENTINEL-signature".into(),
            None,
            None,
        );
        let error = failed(&plain, &evidence, &dir, "refused").await;
        let shown = error.to_string();
        assert!(shown.contains("https"), "{shown}");
        assert!(!shown.contains("SENTINEL-signature"), "{shown}");
        for url in ["ftp://127.0.0.1/f.jpg", "file:///etc/hostname", "not a url"] {
            let evidence = remote(url.into(), None, None);
            failed(&plain, &evidence, &dir, "refused").await;
        }
    }

    #[tokio::test]
    async fn a_redirect_away_from_loopback_http_is_refused() {
        let redirect = ResponseTemplate::new(302)
            .insert_header("location", "http://evidence.invalid/elsewhere.jpg");
        let server = serving("GET", redirect).await;
        let dir = tempfile::tempdir().unwrap();
        let plain = downloader(HttpOptions::default());
        let evidence = remote(format!("{}/f.jpg", server.uri()), None, None);
        let error = failed(&plain, &evidence, &dir, "refused").await;
        assert!(error.to_string().contains("redirect"), "{error}");
    }

    /// A loopback server that answers every request with `body` and no `Content-Length` (the
    /// body ends when the connection closes), as a streaming file server may.
    async fn without_length(body: Vec<u8>) -> String {
        use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let address = listener.local_addr().unwrap();
        tokio::spawn(async move {
            while let Ok((mut socket, _)) = listener.accept().await {
                let body = body.clone();
                tokio::spawn(async move {
                    let mut request = [0u8; 4096];
                    let _ = socket.read(&mut request).await;
                    let head =
                        b"HTTP/1.1 200 OK\r\ncontent-type: video/mp4\r\nconnection: close\r\n\r\n";
                    let _ = socket.write_all(head).await;
                    let _ = socket.write_all(&body).await;
                    let _ = socket.shutdown().await;
                });
            }
        });
        format!("http://{address}")
    }

    #[tokio::test]
    async fn without_a_vendor_size_the_body_cap_bounds_the_download() {
        let big = vec![0xFFu8; 64 * 1024];
        let server = serving(
            "GET",
            ResponseTemplate::new(200).set_body_bytes(big.clone()),
        )
        .await;
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("video.mp4");
        let evidence = remote(format!("{}/v.mp4", server.uri()), None, None);
        let capped = downloader(HttpOptions::default().max_body_bytes(1024));
        assert_eq!(capped.max_bytes(), 1024);
        let error = failed(&capped, &evidence, &dir, "too large").await;
        assert!(
            matches!(error, EvidenceError::TooLarge { limit: 1024, .. }),
            "{error:?}"
        );
        assert!(error.to_string().contains("max_body_bytes"), "{error}");

        // With no Content-Length either, the bytes received are counted.
        let streamed = without_length(big.clone()).await;
        let evidence = remote(format!("{streamed}/v.mp4"), None, None);
        failed(&capped, &evidence, &dir, "too large").await;

        // Under the cap it is kept.
        let roomy = downloader(HttpOptions::default().max_body_bytes(big.len()));
        let path = roomy.download(&evidence, &target, |_, _| {}).await.unwrap();
        assert_eq!(std::fs::read(path).unwrap(), big);
    }

    #[tokio::test]
    async fn a_file_of_exactly_the_cap_is_kept_whoever_states_its_size() {
        // The cap is inclusive at each of its three checks: the vendor's size, the response's
        // Content-Length (wiremock sends one) and the bytes counted.
        let server = serving("GET", ResponseTemplate::new(200).set_body_bytes(BYTES)).await;
        let at_cap = downloader(HttpOptions::default().max_body_bytes(BYTES.len()));
        for size in [Some(BYTES.len() as u64), None] {
            let dir = tempfile::tempdir().unwrap();
            let evidence = remote(format!("{}/f.jpg", server.uri()), None, size);
            let path = at_cap
                .download(&evidence, &dir.path().join("f.jpg"), |_, _| {})
                .await
                .unwrap_or_else(|e| panic!("size {size:?}: {e}"));
            assert_eq!(std::fs::read(path).unwrap(), BYTES);
        }
        // One byte less, and the Content-Length alone refuses it.
        let dir = tempfile::tempdir().unwrap();
        let evidence = remote(format!("{}/f.jpg", server.uri()), None, None);
        let options = HttpOptions::default().max_body_bytes(BYTES.len() - 1);
        failed(&downloader(options), &evidence, &dir, "too large").await;
    }

    #[tokio::test]
    async fn a_large_file_arriving_in_many_chunks_is_counted_not_judged_per_chunk() {
        // 1 MiB streamed without a Content-Length reaches the client in many chunks: the size
        // check may stop a download that runs past the vendor's size, never one still short of it.
        let big: Vec<u8> = (0..1024 * 1024).map(|i| (i % 251) as u8).collect();
        let url = format!("{}/v.mp4", without_length(big.clone()).await);
        let md5 = hex::encode(Md5::digest(&big));
        let dir = tempfile::tempdir().unwrap();
        let evidence = remote(url.clone(), Some(md5), Some(big.len() as u64));
        let plain = downloader(HttpOptions::default());
        let mut calls = 0;
        let path = plain
            .download(&evidence, &dir.path().join("v.mp4"), |_, _| calls += 1)
            .await
            .expect("the right size and MD5");
        assert!(calls > 1, "one chunk only: the test proves nothing");
        assert_eq!(std::fs::read(path).unwrap(), big);

        // The same bytes against a smaller vendor size: a mismatch, and nothing kept.
        let dir = tempfile::tempdir().unwrap();
        let evidence = remote(url, None, Some(big.len() as u64 - 1));
        failed(&plain, &evidence, &dir, "size mismatch").await;
    }

    #[tokio::test]
    async fn a_vendor_size_over_the_cap_is_refused_without_a_request() {
        let server = mounted(
            Mock::given(method("GET"))
                .respond_with(ResponseTemplate::new(200).set_body_bytes(BYTES))
                .expect(0),
        )
        .await;
        let dir = tempfile::tempdir().unwrap();
        let evidence = remote(format!("{}/f.jpg", server.uri()), None, Some(10_000));
        let options = HttpOptions::default().max_body_bytes(9_999);
        failed(&downloader(options), &evidence, &dir, "too large").await;
        server.verify().await;
    }

    #[tokio::test]
    async fn the_options_timeout_applies() {
        let slow = ResponseTemplate::new(200)
            .set_body_bytes(BYTES)
            .set_delay(Duration::from_secs(5));
        let server = serving("GET", slow).await;
        let dir = tempfile::tempdir().unwrap();
        let evidence = remote(format!("{}/f.jpg", server.uri()), None, None);
        let started = std::time::Instant::now();
        let options = HttpOptions::default().timeout(Duration::from_millis(200));
        failed(&downloader(options), &evidence, &dir, "download").await;
        assert!(
            started.elapsed() < Duration::from_secs(4),
            "timed out early"
        );
    }
}
