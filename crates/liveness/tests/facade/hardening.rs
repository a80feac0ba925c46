//! Field hardening, for every vendor against a loopback server: ids never change the request
//! path, secrets too short to mask safely are refused (naming their variable) while
//! identifiers are never masked, messages point at the fix (credential variables, a missing
//! scheme), and https needs a TLS feature.

use std::fmt::Debug;
use std::future::Future;

use liveness::{Error, HttpOptions};
use wiremock::MockServer;

use crate::support::{
    answering, assert_invalid_request, assert_nothing_sent, build_against, config_message,
};

/// Fails unless `call` refuses every one of `ids` before sending anything to `server`.
async fn refuses_before_sending<T: Debug, F: Future<Output = Result<T, Error>>>(
    server: &MockServer,
    ids: &[&'static str],
    call: impl Fn(&'static str) -> F,
) {
    for id in ids {
        assert_invalid_request(call(id).await, id);
    }
    assert_nothing_sent(server).await;
}

/// Ids that are not one: empty, blank, or the path segments `.` and `..`.
#[cfg(any(feature = "trustdecision", feature = "tencent"))]
const NOT_IDS: &[&str] = &["", " ", ".", ".."];

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
    use crate::support::requests;
    use liveness::talentomobile::Client;

    const KEY: &str = "tm-hardening-key-0001";

    fn client(base: String) -> Client {
        build_against!(Client::builder().api_key(KEY), base, HttpOptions::default())
    }

    #[tokio::test]
    async fn an_id_never_changes_the_path() {
        let server = answering(200, serde_json::json!([])).await;
        let client = client(server.uri());
        refuses_before_sending(&server, PATH_BREAKERS, |id| client.result(id)).await;
        // Dots inside an id are an id.
        client.result("a.b").await.expect("a.b");
        assert_eq!(requests(&server).await[0].url.path(), "/result/a.b");
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
        build_against!(Client::builder().token(TOKEN), base, HttpOptions::default())
    }

    #[tokio::test]
    async fn an_id_never_changes_the_path() {
        let server = answering(200, serde_json::json!({"data": {"_id": "x"}})).await;
        let client = client(server.uri());
        refuses_before_sending(&server, PATH_BREAKERS, |id| client.retrieve(id)).await;
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
        let builder = Client::builder().partner_code(code).partner_key(KEY);
        build_against!(builder, base, HttpOptions::default())
    }

    #[tokio::test]
    async fn an_empty_or_dot_liveness_id_is_refused_before_sending() {
        let server = answering(200, serde_json::json!({"code": 200})).await;
        let client = client("partner", server.uri());
        refuses_before_sending(&server, NOT_IDS, |id| client.result(id)).await;
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
        let client = build_against!(builder(SECRET_KEY), server.uri(), HttpOptions::default());
        refuses_before_sending(&server, NOT_IDS, |token| client.get_liveness_result(token)).await;
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

/// Every client reports the base URL it sends to: the preset's by default, else the one given,
/// without its trailing slash.
#[test]
fn every_client_reports_its_base_url() {
    use liveness::{talentomobile, tencent, trustdecision, verifik};
    let given = "http://127.0.0.1:9/proxy/";
    let tencent = |base: Option<&str>| {
        let credentials =
            tencent::Credentials::new("AKIDexample", "secret-key-1".to_owned().into())
                .expect("credentials");
        let builder = tencent::Client::builder()
            .region("ap-singapore")
            .credentials(credentials);
        match base {
            Some(base) => builder.base_url(base),
            None => builder,
        }
        .build()
        .expect("client")
        .base_url()
        .to_owned()
    };
    assert_eq!(tencent(None), "https://faceid.intl.tencentcloudapi.com");
    assert_eq!(tencent(Some(given)), "http://127.0.0.1:9/proxy");
    let td = trustdecision::Client::builder()
        .partner_code("code")
        .partner_key("partner-key-1");
    assert_eq!(
        td.build().unwrap().base_url(),
        trustdecision::Region::Singapore.base_url()
    );
    let td = trustdecision::Client::builder()
        .partner_code("code")
        .partner_key("partner-key-1");
    assert_eq!(
        td.base_url(given).build().unwrap().base_url(),
        "http://127.0.0.1:9/proxy"
    );
    let talento = talentomobile::Client::builder().api_key("api-key-123");
    assert_eq!(
        talento.build().unwrap().base_url(),
        talentomobile::Environment::Pro.base_url()
    );
    let talento = talentomobile::Client::builder().api_key("api-key-123");
    let env = talento.environment(talentomobile::Environment::Dev);
    assert_eq!(
        env.build().unwrap().base_url(),
        talentomobile::Environment::Dev.base_url()
    );
    let verifik = verifik::Client::builder().token("token-12345");
    assert_eq!(
        verifik.base_url(given).build().unwrap().base_url(),
        "http://127.0.0.1:9/proxy"
    );
}
