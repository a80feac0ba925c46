//! Sentinel secrets pushed through every error path (connection refused, timeout, 4xx, 5xx, bad
//! JSON, vendor error, a server echoing the secret back) never appear in `Display`, `Debug` or
//! the logs. One binary with a global subscriber: tracing's per-thread subscribers miss events
//! whose callsites other test threads registered first.

use std::time::Duration;

use liveness::HttpOptions;
use wiremock::matchers::method;
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::support::{closed_port, logged, logs};

/// Responses that exercise every error path after a connection: timeout (with a 300 ms client
/// timeout), 4xx and 5xx echoing `echo`, bad JSON carrying it, and a body `vendor_error`.
fn failing_responses(echo: &str, vendor_error: ResponseTemplate) -> Vec<ResponseTemplate> {
    vec![
        ResponseTemplate::new(200).set_delay(Duration::from_secs(3)),
        ResponseTemplate::new(403).set_body_string(echo),
        ResponseTemplate::new(502).set_body_string(echo),
        ResponseTemplate::new(200).set_body_raw(format!("{{not json {echo}"), "application/json"),
        vendor_error,
    ]
}

fn short_timeout() -> HttpOptions {
    HttpOptions::default().timeout(Duration::from_millis(300))
}

fn assert_hidden(errors: &[liveness::Error], secrets: &[&str]) {
    for error in errors {
        for text in [format!("{error}"), format!("{error:?}")] {
            for secret in secrets {
                assert!(!text.contains(secret), "a secret in: {text}");
            }
        }
    }
    let logs = logged();
    assert!(logs.contains("call failed"), "the failures were logged");
    for secret in secrets {
        assert!(!logs.contains(secret), "a secret in the logs");
    }
}

#[cfg(feature = "tencent")]
mod tencent {
    use super::*;
    use liveness::tencent::{Client, Credentials};
    use secrecy::SecretString;

    const SECRET_KEY: &str = "SENTINEL-secret-key-4f1c9a";
    const TOKEN: &str = "SENTINEL-session-token-77aa";

    fn credentials() -> Credentials {
        Credentials::new("AKIDsentinel", SecretString::from(SECRET_KEY))
            .and_then(|c| c.with_token(SecretString::from(TOKEN)))
            .expect("credentials")
    }

    #[tokio::test]
    async fn tencent_secrets_stay_hidden() {
        logs();
        let mut errors = Vec::new();
        let refused = Client::builder()
            .region("ap-singapore")
            .credentials(credentials())
            .base_url(format!("http://127.0.0.1:{}", closed_port()))
            .build()
            .expect("client");
        errors.push(refused.get_liveness_result("t").await.unwrap_err());

        let server = MockServer::start().await;
        let echo = format!("upstream saw key {SECRET_KEY} and token {TOKEN}");
        let vendor_error = ResponseTemplate::new(200).set_body_json(serde_json::json!({
            "Response": {"Error": {"Code": "AuthFailure.SignatureFailure", "Message": echo}}
        }));
        // Valid JSON with neither `Error` nor `Result`: the facade's own decode error.
        let neither = ResponseTemplate::new(200)
            .set_body_json(serde_json::json!({"Response": {"RequestId": echo}}));
        let mut responses = failing_responses(&echo, vendor_error);
        responses.push(neither);
        for response in responses {
            server.reset().await;
            Mock::given(method("POST"))
                .respond_with(response)
                .mount(&server)
                .await;
            let client = Client::builder()
                .region("ap-singapore")
                .credentials(credentials())
                .base_url(server.uri())
                .options(short_timeout())
                .build()
                .expect("client");
            errors.push(client.get_liveness_result("t").await.unwrap_err());
            let shown = format!("{client:?}");
            assert!(
                !shown.contains(SECRET_KEY) && !shown.contains(TOKEN),
                "{shown}"
            );
        }
        assert_eq!(errors.len(), 7);
        assert_hidden(&errors, &[SECRET_KEY, TOKEN]);
        assert!(!format!("{:?}", credentials()).contains(SECRET_KEY));
    }
}

#[cfg(feature = "talentomobile")]
mod talentomobile {
    use super::*;
    use liveness::talentomobile::Client;

    const KEY: &str = "SENTINEL-talentomobile-key-31b7";

    #[tokio::test]
    async fn talentomobile_key_stays_hidden() {
        logs();
        let mut errors = Vec::new();
        let refused = Client::builder()
            .api_key(KEY)
            .base_url(format!("http://127.0.0.1:{}", closed_port()))
            .build()
            .expect("client");
        errors.push(refused.result("x").await.unwrap_err());
        let server = MockServer::start().await;
        let echo = format!("Authorization was {KEY}");
        let not_found = ResponseTemplate::new(404).set_body_string(echo.clone());
        for response in failing_responses(&echo, not_found) {
            server.reset().await;
            Mock::given(method("GET"))
                .respond_with(response)
                .mount(&server)
                .await;
            let client = Client::builder()
                .api_key(KEY)
                .base_url(server.uri())
                .options(short_timeout())
                .build()
                .expect("client");
            errors.push(client.result("x").await.unwrap_err());
            assert!(!format!("{client:?}").contains(KEY));
        }
        assert_eq!(errors.len(), 6);
        assert_hidden(&errors, &[KEY]);
    }
}

#[cfg(feature = "trustdecision")]
mod trustdecision {
    use super::*;
    use liveness::trustdecision::Client;
    use wiremock::{Request, Respond};

    const KEY: &str = "td-SENTINEL-KEY-9f3a";

    /// A server that echoes the full request URL (query and all) in a 500 body.
    struct EchoUrl;

    impl Respond for EchoUrl {
        fn respond(&self, request: &Request) -> ResponseTemplate {
            ResponseTemplate::new(500).set_body_string(format!("cannot serve {}", request.url))
        }
    }

    fn client(base_url: String) -> Client {
        Client::builder()
            .partner_code("partner")
            .partner_key(KEY)
            .base_url(base_url)
            .options(short_timeout())
            .build()
            .expect("client")
    }

    #[tokio::test]
    async fn trustdecision_partner_key_stays_hidden_even_from_urls() {
        logs();
        let mut errors = Vec::new();
        errors.push(
            client(format!("http://127.0.0.1:{}", closed_port()))
                .result("1")
                .await
                .unwrap_err(),
        );
        let server = MockServer::start().await;
        let echo = format!("key {KEY}");
        let vendor_error = ResponseTemplate::new(200)
            .set_body_json(serde_json::json!({"code": 11340, "message": echo}));
        // Valid JSON of another vendor's shape: a decode error that shows the body.
        let neither = ResponseTemplate::new(200)
            .set_body_json(serde_json::json!({"Response": {"RequestId": echo}}));
        let mut responses = failing_responses(&echo, vendor_error);
        responses.push(neither);
        for response in responses {
            server.reset().await;
            Mock::given(method("POST"))
                .respond_with(response)
                .mount(&server)
                .await;
            errors.push(client(server.uri()).result("1").await.unwrap_err());
        }
        server.reset().await;
        Mock::given(method("POST"))
            .respond_with(EchoUrl)
            .mount(&server)
            .await;
        let echoed = client(server.uri()).result("1").await.unwrap_err();
        // The URL really was echoed: the raw body keeps it; only what is shown is masked.
        let raw = echoed.body().expect("body kept").bytes().clone();
        assert!(String::from_utf8_lossy(&raw).contains(KEY));
        errors.push(echoed);
        assert_eq!(errors.len(), 8);
        assert_hidden(&errors, &[KEY]);
    }
}

#[cfg(feature = "verifik")]
mod verifik {
    use super::*;
    use liveness::verifik::Client;

    const TOKEN: &str = "vf-SENTINEL-TOKEN-c0ffee";

    #[tokio::test]
    async fn verifik_token_stays_hidden() {
        logs();
        let client = |base: String| {
            Client::builder()
                .token(TOKEN)
                .base_url(base)
                .options(short_timeout())
                .build()
                .expect("client")
        };
        let mut errors = vec![
            client(format!("http://127.0.0.1:{}", closed_port()))
                .retrieve("x")
                .await
                .unwrap_err(),
        ];
        let server = MockServer::start().await;
        let echo = format!("Bearer {TOKEN} is not valid");
        let unauthorized = ResponseTemplate::new(401)
            .set_body_json(serde_json::json!({"message": echo, "code": echo}));
        for response in failing_responses(&echo, unauthorized) {
            server.reset().await;
            Mock::given(method("GET"))
                .respond_with(response)
                .mount(&server)
                .await;
            let c = client(server.uri());
            errors.push(c.retrieve("x").await.unwrap_err());
            assert!(!format!("{c:?}").contains(TOKEN));
        }
        assert_eq!(errors.len(), 6);
        assert_hidden(&errors, &[TOKEN]);
    }
}
