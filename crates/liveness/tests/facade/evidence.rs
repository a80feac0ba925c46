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

mod downloader {
    //! `EvidenceDownloader`: the facade's `HttpOptions` (timeout, body cap) and the URL rule
    //! (https, or http to loopback only), redirects included.

    use std::time::Duration;

    use liveness::HttpOptions;
    use liveness::verdict::{EvidenceDownloader, EvidenceError};
    use wiremock::matchers::method;
    use wiremock::{Mock, MockServer, ResponseTemplate};

    use md5::{Digest, Md5};

    use super::{BYTES, remote};

    fn downloader(options: HttpOptions) -> EvidenceDownloader {
        EvidenceDownloader::new(&options).expect("downloader")
    }

    async fn serving(response: ResponseTemplate) -> MockServer {
        let server = MockServer::start().await;
        Mock::given(method("GET"))
            .respond_with(response)
            .mount(&server)
            .await;
        server
    }

    fn empty(dir: &tempfile::TempDir) -> bool {
        std::fs::read_dir(dir.path()).unwrap().count() == 0
    }

    #[tokio::test]
    async fn plain_http_to_another_host_is_refused_before_anything_is_sent() {
        let dir = tempfile::tempdir().unwrap();
        // Not resolvable, and never looked up: the refusal comes first.
        let evidence = remote(
            "http://evidence.invalid/best.jpg?sign=SENTINEL-signature".into(),
            None,
            None,
        );
        let error = downloader(HttpOptions::default())
            .download(&evidence, &dir.path().join("best.jpg"), |_, _| {})
            .await
            .unwrap_err();
        assert!(matches!(error, EvidenceError::Refused { .. }), "{error:?}");
        let shown = error.to_string();
        assert!(shown.contains("https"), "{shown}");
        assert!(!shown.contains("SENTINEL-signature"), "{shown}");
        for url in ["ftp://127.0.0.1/f.jpg", "file:///etc/hostname", "not a url"] {
            let error = downloader(HttpOptions::default())
                .download(
                    &remote(url.into(), None, None),
                    &dir.path().join("f"),
                    |_, _| {},
                )
                .await
                .unwrap_err();
            assert!(
                matches!(error, EvidenceError::Refused { .. }),
                "{url}: {error:?}"
            );
        }
        assert!(empty(&dir));
    }

    #[tokio::test]
    async fn a_redirect_away_from_loopback_http_is_refused() {
        let server = serving(
            ResponseTemplate::new(302)
                .insert_header("location", "http://evidence.invalid/elsewhere.jpg"),
        )
        .await;
        let dir = tempfile::tempdir().unwrap();
        let evidence = remote(format!("{}/f.jpg", server.uri()), None, None);
        let error = downloader(HttpOptions::default())
            .download(&evidence, &dir.path().join("f.jpg"), |_, _| {})
            .await
            .unwrap_err();
        assert!(matches!(error, EvidenceError::Refused { .. }), "{error:?}");
        assert!(error.to_string().contains("redirect"), "{error}");
        assert!(empty(&dir));
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
        let server = serving(ResponseTemplate::new(200).set_body_bytes(big.clone())).await;
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("video.mp4");
        let evidence = remote(format!("{}/v.mp4", server.uri()), None, None);
        let capped = downloader(HttpOptions::default().max_body_bytes(1024));
        assert_eq!(capped.max_bytes(), 1024);
        let error = capped
            .download(&evidence, &target, |_, _| {})
            .await
            .unwrap_err();
        assert!(
            matches!(error, EvidenceError::TooLarge { limit: 1024, .. }),
            "{error:?}"
        );
        assert!(error.to_string().contains("max_body_bytes"), "{error}");
        assert!(empty(&dir), "nothing kept");

        // With no Content-Length either, the bytes received are counted.
        let streamed = without_length(big.clone()).await;
        let evidence = remote(format!("{streamed}/v.mp4"), None, None);
        let error = capped
            .download(&evidence, &target, |_, _| {})
            .await
            .unwrap_err();
        assert!(matches!(error, EvidenceError::TooLarge { .. }), "{error:?}");
        assert!(empty(&dir), "nothing kept");

        // Under the cap it is kept.
        let roomy = downloader(HttpOptions::default().max_body_bytes(big.len()));
        let path = roomy.download(&evidence, &target, |_, _| {}).await.unwrap();
        assert_eq!(std::fs::read(path).unwrap(), big);
    }

    #[tokio::test]
    async fn a_file_of_exactly_the_cap_is_kept_whoever_states_its_size() {
        // The cap is inclusive at each of its three checks: the vendor's size, the response's
        // Content-Length (wiremock sends one) and the bytes counted.
        let server = serving(ResponseTemplate::new(200).set_body_bytes(BYTES)).await;
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
        let error = downloader(HttpOptions::default().max_body_bytes(BYTES.len() - 1))
            .download(&evidence, &dir.path().join("f.jpg"), |_, _| {})
            .await
            .unwrap_err();
        assert!(matches!(error, EvidenceError::TooLarge { .. }), "{error:?}");
        assert!(empty(&dir));
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
        let mut calls = 0;
        let path = downloader(HttpOptions::default())
            .download(&evidence, &dir.path().join("v.mp4"), |_, _| calls += 1)
            .await
            .expect("the right size and MD5");
        assert!(calls > 1, "one chunk only: the test proves nothing");
        assert_eq!(std::fs::read(path).unwrap(), big);

        // The same bytes against a smaller vendor size: a mismatch, and nothing kept.
        let dir = tempfile::tempdir().unwrap();
        let evidence = remote(url, None, Some(big.len() as u64 - 1));
        let error = downloader(HttpOptions::default())
            .download(&evidence, &dir.path().join("v.mp4"), |_, _| {})
            .await
            .unwrap_err();
        assert!(
            matches!(error, EvidenceError::SizeMismatch { .. }),
            "{error:?}"
        );
        assert!(empty(&dir));
    }

    #[tokio::test]
    async fn a_vendor_size_over_the_cap_is_refused_without_a_request() {
        let server = MockServer::start().await;
        Mock::given(method("GET"))
            .respond_with(ResponseTemplate::new(200).set_body_bytes(BYTES))
            .expect(0)
            .mount(&server)
            .await;
        let dir = tempfile::tempdir().unwrap();
        let evidence = remote(format!("{}/f.jpg", server.uri()), None, Some(10_000));
        let error = downloader(HttpOptions::default().max_body_bytes(9_999))
            .download(&evidence, &dir.path().join("f.jpg"), |_, _| {})
            .await
            .unwrap_err();
        assert!(matches!(error, EvidenceError::TooLarge { .. }), "{error:?}");
        assert!(empty(&dir));
        server.verify().await;
    }

    #[tokio::test]
    async fn the_options_timeout_applies() {
        let server = serving(
            ResponseTemplate::new(200)
                .set_body_bytes(BYTES)
                .set_delay(Duration::from_secs(5)),
        )
        .await;
        let dir = tempfile::tempdir().unwrap();
        let evidence = remote(format!("{}/f.jpg", server.uri()), None, None);
        let started = std::time::Instant::now();
        let error = downloader(HttpOptions::default().timeout(Duration::from_millis(200)))
            .download(&evidence, &dir.path().join("f.jpg"), |_, _| {})
            .await
            .unwrap_err();
        assert!(
            started.elapsed() < Duration::from_secs(4),
            "timed out early"
        );
        assert!(matches!(error, EvidenceError::Download { .. }), "{error:?}");
        assert!(empty(&dir));
    }
}
