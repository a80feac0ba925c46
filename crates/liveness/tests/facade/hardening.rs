//! Field hardening, for every vendor against a loopback server: ids never change the request
//! path, secrets too short to mask safely are refused (naming their variable) while
//! identifiers are never masked, messages point at the fix (credential variables, a missing
//! scheme), and https needs a TLS feature.

use liveness::Error;
use wiremock::{Mock, MockServer, ResponseTemplate};

/// A server answering every request with `status` and `body`.
async fn answering(status: u16, body: serde_json::Value) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(wiremock::matchers::any())
        .respond_with(ResponseTemplate::new(status).set_body_json(body))
        .mount(&server)
        .await;
    server
}

async fn received(server: &MockServer) -> usize {
    server.received_requests().await.expect("recorded").len()
}

/// The message of a configuration error; anything else fails the test.
fn config_message<T: std::fmt::Debug>(built: Result<T, Error>, case: &str) -> String {
    match built {
        Err(Error::Config { message }) => message,
        other => panic!("{case}: not a configuration error: {other:?}"),
    }
}

fn invalid_request<T: std::fmt::Debug>(result: Result<T, Error>, case: &str) {
    match result {
        Err(Error::InvalidRequest { .. }) => {}
        other => panic!("{case}: not refused before sending: {other:?}"),
    }
}

/// Ids that would change a path: resolved away (`.`, `..`), the collection (empty), another
/// segment or a query (`/`, `\`, `?`, `#`).
#[cfg(any(feature = "talentomobile", feature = "verifik"))]
const PATH_BREAKERS: &[&str] = &["", "  ", ".", "..", "a/b", "../x", "..\\x", "a?b=1", "a#b"];

/// An endpoint as people type it, with no scheme.
const NO_SCHEME: &str = "127.0.0.1:8080";

fn suggests_the_scheme(message: &str) {
    assert!(
        message.contains("`http://127.0.0.1:8080`"),
        "no suggestion: {message}"
    );
}

#[cfg(feature = "talentomobile")]
mod talentomobile {
    use super::*;
    use liveness::talentomobile::Client;

    const KEY: &str = "tm-hardening-key-0001";

    fn client(base: String) -> Client {
        Client::builder()
            .api_key(KEY)
            .base_url(base)
            .build()
            .expect("client")
    }

    #[tokio::test]
    async fn an_id_never_changes_the_path() {
        let server = answering(200, serde_json::json!([])).await;
        let client = client(server.uri());
        for id in PATH_BREAKERS {
            invalid_request(client.result(id).await, id);
        }
        assert_eq!(received(&server).await, 0, "nothing was sent");
        // Dots inside an id are an id.
        client.result("a.b").await.expect("a.b");
        let sent = server.received_requests().await.unwrap();
        assert_eq!(sent[0].url.path(), "/result/a.b");
    }

    #[tokio::test]
    async fn a_401_says_which_variable_to_check() {
        let server = answering(401, serde_json::json!({"message": "Unauthorized"})).await;
        let error = client(server.uri()).result("p-1").await.unwrap_err();
        assert_eq!(error.status(), Some(401), "{error:?}");
        let shown = error.to_string();
        assert!(shown.contains("TALENTOMOBILE_API_KEY"), "{shown}");
        assert!(!shown.contains(KEY), "{shown}");
    }

    #[test]
    fn a_short_key_is_refused_naming_its_variable() {
        let build = |key: &str| {
            Client::builder()
                .api_key(key)
                .base_url("http://127.0.0.1:9")
                .build()
        };
        for key in ["k", "1234567"] {
            let message = config_message(build(key), key);
            assert!(message.contains("TALENTOMOBILE_API_KEY"), "{message}");
        }
        build("12345678").expect("8 characters");
    }

    #[test]
    fn an_endpoint_without_a_scheme_gets_one_suggested() {
        let built = Client::builder().api_key(KEY).base_url(NO_SCHEME).build();
        suggests_the_scheme(&config_message(built, NO_SCHEME));
    }
}

#[cfg(feature = "verifik")]
mod verifik {
    use super::*;
    use liveness::verifik::Client;

    const TOKEN: &str = "vf-hardening-token-0001";

    fn client(base: String) -> Client {
        Client::builder()
            .token(TOKEN)
            .base_url(base)
            .build()
            .expect("client")
    }

    #[tokio::test]
    async fn an_id_never_changes_the_path() {
        let server = answering(200, serde_json::json!({"data": {"_id": "x"}})).await;
        let client = client(server.uri());
        for id in PATH_BREAKERS {
            invalid_request(client.retrieve(id).await, id);
        }
        assert_eq!(received(&server).await, 0, "nothing was sent");
    }

    #[tokio::test]
    async fn a_401_says_which_variable_to_check() {
        let server = answering(
            401,
            serde_json::json!({"code": "Unauthorized", "message": "invalid token"}),
        )
        .await;
        let shown = client(server.uri())
            .retrieve("x")
            .await
            .unwrap_err()
            .to_string();
        assert!(shown.contains("VERIFIK_TOKEN"), "{shown}");
    }

    #[test]
    fn a_short_token_is_refused_naming_its_variable() {
        let built = Client::builder()
            .token("t")
            .base_url("http://127.0.0.1:9")
            .build();
        assert!(config_message(built, "t").contains("VERIFIK_TOKEN"));
    }

    #[test]
    fn an_endpoint_without_a_scheme_gets_one_suggested() {
        let built = Client::builder().token(TOKEN).base_url(NO_SCHEME).build();
        suggests_the_scheme(&config_message(built, NO_SCHEME));
    }

    #[test]
    fn https_needs_a_tls_feature() {
        let built = Client::builder()
            .token(TOKEN)
            .base_url("https://api.verifik.co")
            .build();
        if cfg!(any(feature = "rustls", feature = "native-tls")) {
            built.expect("this build has TLS");
        } else {
            let message = config_message(built, "no TLS");
            assert!(
                message.contains("rustls") && message.contains("native-tls"),
                "{message}"
            );
        }
    }
}

#[cfg(feature = "trustdecision")]
mod trustdecision {
    use super::*;
    use liveness::trustdecision::Client;

    const KEY: &str = "td-hardening-key-0001";

    fn client(code: &str, base: String) -> Client {
        Client::builder()
            .partner_code(code)
            .partner_key(KEY)
            .base_url(base)
            .build()
            .expect("client")
    }

    #[tokio::test]
    async fn an_empty_or_dot_liveness_id_is_refused_before_sending() {
        let server = answering(200, serde_json::json!({"code": 200})).await;
        let client = client("partner", server.uri());
        for id in ["", " ", ".", ".."] {
            invalid_request(client.result(id).await, id);
        }
        assert_eq!(received(&server).await, 0, "nothing was sent");
    }

    #[tokio::test]
    async fn a_short_partner_code_is_not_masked_and_11340_names_the_keys() {
        // The code is an identifier: masking "c" would turn "expected" into "expe[REDACTED]ted".
        let message = "expected a known partner code, got c";
        let server = answering(200, serde_json::json!({"code": 11340, "message": message})).await;
        let shown = client("c", server.uri())
            .result("1234567")
            .await
            .unwrap_err()
            .to_string();
        assert!(shown.contains(message), "{shown}");
        assert!(!shown.contains("[REDACTED]"), "{shown}");
        assert!(
            shown.contains("TRUSTDECISION_PARTNER_CODE")
                && shown.contains("TRUSTDECISION_PARTNER_KEY"),
            "{shown}"
        );
        assert!(!shown.contains("check the request parameters"), "{shown}");
    }

    #[tokio::test]
    async fn the_key_is_still_masked() {
        let server = answering(
            200,
            serde_json::json!({"code": 11340, "message": format!("bad key {KEY}")}),
        )
        .await;
        let error = client("partner", server.uri())
            .result("1")
            .await
            .unwrap_err();
        for shown in [error.to_string(), format!("{error:?}")] {
            assert!(!shown.contains(KEY), "{shown}");
            assert!(shown.contains("[REDACTED]"), "{shown}");
        }
    }

    #[test]
    fn a_short_key_is_refused_naming_its_variable() {
        let built = Client::builder()
            .partner_code("partner")
            .partner_key("k")
            .base_url("http://127.0.0.1:9")
            .build();
        assert!(config_message(built, "k").contains("TRUSTDECISION_PARTNER_KEY"));
    }

    #[test]
    fn an_endpoint_without_a_scheme_gets_one_suggested() {
        let built = Client::builder()
            .partner_code("partner")
            .partner_key(KEY)
            .base_url(NO_SCHEME)
            .build();
        suggests_the_scheme(&config_message(built, NO_SCHEME));
    }
}

#[cfg(feature = "tencent")]
mod tencent {
    use super::*;
    use liveness::tencent::{Client, Credentials};
    use secrecy::SecretString;

    const SECRET_ID: &str = "AKIDhardening0000";
    const SECRET_KEY: &str = "tencent-hardening-key-0001";

    fn builder(key: &str) -> liveness::tencent::ClientBuilder {
        let credentials =
            Credentials::new(SECRET_ID, SecretString::from(key.to_owned())).expect("credentials");
        Client::builder()
            .credentials(credentials)
            .region("ap-singapore")
    }

    #[tokio::test]
    async fn an_empty_or_dot_sdk_token_is_refused_before_sending() {
        let server = answering(200, serde_json::json!({"Response": {"Result": "0"}})).await;
        let client = builder(SECRET_KEY)
            .base_url(server.uri())
            .build()
            .expect("client");
        for token in ["", " ", ".", ".."] {
            invalid_request(client.get_liveness_result(token).await, token);
        }
        assert_eq!(received(&server).await, 0, "nothing was sent");
    }

    #[test]
    fn a_short_key_or_token_is_refused_naming_its_variable() {
        let built = builder("key").base_url("http://127.0.0.1:9").build();
        assert!(config_message(built, "key").contains("TENCENTCLOUD_SECRET_KEY"));
        let credentials = Credentials::new(SECRET_ID, SecretString::from(SECRET_KEY))
            .and_then(|c| c.with_token(SecretString::from("tok")))
            .expect("credentials");
        let built = Client::builder()
            .credentials(credentials)
            .region("ap-singapore")
            .base_url("http://127.0.0.1:9")
            .build();
        assert!(config_message(built, "tok").contains("TENCENTCLOUD_SESSION_TOKEN"));
    }

    #[test]
    fn an_endpoint_without_a_scheme_gets_one_suggested() {
        let built = builder(SECRET_KEY).base_url(NO_SCHEME).build();
        suggests_the_scheme(&config_message(built, NO_SCHEME));
    }
}
