//! A method a path does not have is answered 405 with an `Allow` header naming the ones it has,
//! on every path the mock serves: the vendors', the admin API's and the files'.

use liveness_mock::{MockConfig, MockServer};
use reqwest::Method;

const METHODS: [&str; 7] = ["GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "HEAD"];

/// Every path the mock serves and the methods it has there.
const PATHS: [(&str, &[&str]); 14] = [
    ("/", &["POST"]),
    ("/verification/kyc/sdk/liveness/license/v1", &["POST"]),
    ("/verification/kyc/sdk/liveness/result/v1", &["POST"]),
    ("/result/d5335d6a-9d95-4977-9976-00dede352749", &["GET"]),
    ("/v2/document-liveness", &["GET", "POST"]),
    ("/v2/document-liveness/6716c5e2a9b4f3a1d2e4c8b7", &["GET"]),
    ("/__admin/", &["GET"]),
    ("/__admin/outcome", &["PUT"]),
    ("/__admin/faults", &["DELETE", "POST"]),
    ("/__admin/clock", &["PUT"]),
    ("/__admin/sessions", &["POST"]),
    ("/__admin/requests", &["GET"]),
    ("/__admin/reset", &["POST"]),
    ("/__files/no-such-file.jpg", &["GET"]),
];

#[tokio::test]
async fn other_methods_get_405_with_allow_on_every_path() {
    let mock = MockServer::start(MockConfig::demo()).await.unwrap();
    let http = reqwest::Client::new();
    for (path, allowed) in PATHS {
        for method in METHODS {
            let response = http
                .request(
                    Method::from_bytes(method.as_bytes()).unwrap(),
                    format!("{}{path}", mock.base_url()),
                )
                .send()
                .await
                .unwrap();
            let status = response.status().as_u16();
            let allow = response
                .headers()
                .get("allow")
                .map(|v| v.to_str().unwrap().to_owned());
            if allowed.contains(&method) {
                // Served (an error for this empty request, but never a 405 or a 5xx).
                assert!(status != 405 && status < 500, "{method} {path}: {status}");
            } else {
                assert_eq!(status, 405, "{method} {path}");
                assert_eq!(
                    allow.as_deref(),
                    Some(allowed.join(", ").as_str()),
                    "{method} {path}"
                );
            }
        }
    }
}

#[tokio::test]
async fn a_405_is_logged_and_uses_up_no_fault() {
    let mock = MockServer::start(MockConfig::demo()).await.unwrap();
    mock.inject(liveness_mock::FaultRule::times(
        liveness_mock::Fault::ServerError,
        1,
    ));
    let http = reqwest::Client::new();
    let url = format!("{}/v2/document-liveness/abc", mock.base_url());
    let wrong = http.delete(&url).send().await.unwrap();
    assert_eq!(wrong.status(), 405);
    let body: serde_json::Value = wrong.json().await.unwrap();
    assert_eq!(body["code"], "MethodNotAllowed", "Verifik's error shape");
    // The counted fault is still there for the next real request.
    let next = http.get(&url).send().await.unwrap();
    assert_eq!(next.status(), 503);
    let logged = mock.requests();
    assert_eq!(logged[0].status, 405);
    assert_eq!(logged[0].vendor, Some(liveness_mock::Vendor::Verifik));
}

#[tokio::test]
async fn unknown_paths_stay_404() {
    let mock = MockServer::start(MockConfig::demo()).await.unwrap();
    let http = reqwest::Client::new();
    for path in ["/nowhere", "/__admin/nothing", "/v2/document-liveness/a/b"] {
        let response = http
            .get(format!("{}{path}", mock.base_url()))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 404, "{path}");
    }
}
