//! Sentinel secrets pushed through every error path (connection refused, timeout, 4xx, 5xx, bad
//! JSON, vendor error, a server echoing the secret back) never appear in `Display`, `Debug` or
//! the logs. One binary with a global subscriber: tracing's per-thread subscribers miss events
//! whose callsites other test threads registered first.

use crate::support::{assert_hidden, build_against, failing_responses, failures, short_timeout};

#[cfg(feature = "tencent")]
mod tencent {
    use super::*;
    use crate::support::json;
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
        let echo = format!("upstream saw key {SECRET_KEY} and token {TOKEN}");
        let vendor_error = json(
            200,
            serde_json::json!({
                "Response": {"Error": {"Code": "AuthFailure.SignatureFailure", "Message": echo}}
            }),
        );
        let mut cases = failing_responses(&echo, vendor_error);
        // Valid JSON with neither `Error` nor `Result`: the facade's own decode error.
        let neither = json(200, serde_json::json!({"Response": {"RequestId": echo}}));
        cases.push(("neither error nor result", Box::new(neither)));
        let client = |base| {
            let builder = Client::builder().region("ap-singapore");
            build_against!(builder.credentials(credentials()), base, short_timeout())
        };
        let call = |client: Client| async move { client.get_liveness_result("t").await };
        let secrets = [SECRET_KEY, TOKEN];
        let errors = failures(client, call, "POST", cases, &secrets).await;
        assert_eq!(errors.len(), 7);
        assert_hidden(&errors, &secrets);
        assert!(!format!("{:?}", credentials()).contains(SECRET_KEY));
    }
}

#[cfg(feature = "talentomobile")]
mod talentomobile {
    use super::*;
    use liveness::talentomobile::Client;
    use wiremock::ResponseTemplate;

    const KEY: &str = "SENTINEL-talentomobile-key-31b7";

    #[tokio::test]
    async fn talentomobile_key_stays_hidden() {
        let echo = format!("Authorization was {KEY}");
        let not_found = ResponseTemplate::new(404).set_body_string(echo.clone());
        let cases = failing_responses(&echo, not_found);
        let client = |base| build_against!(Client::builder().api_key(KEY), base, short_timeout());
        let call = |client: Client| async move { client.result("x").await };
        let errors = failures(client, call, "GET", cases, &[KEY]).await;
        assert_eq!(errors.len(), 6);
        assert_hidden(&errors, &[KEY]);
    }
}

#[cfg(feature = "trustdecision")]
mod trustdecision {
    use super::*;
    use crate::support::{echo_url, json, raw_body};
    use liveness::trustdecision::Client;

    const KEY: &str = "td-SENTINEL-KEY-9f3a";

    #[tokio::test]
    async fn trustdecision_partner_key_stays_hidden_even_from_urls() {
        let echo = format!("key {KEY}");
        let vendor_error = json(200, serde_json::json!({"code": 11340, "message": echo}));
        let mut cases = failing_responses(&echo, vendor_error);
        // Valid JSON of another vendor's shape: a decode error that shows the body.
        let neither = json(200, serde_json::json!({"Response": {"RequestId": echo}}));
        cases.push(("another vendor's shape", Box::new(neither)));
        cases.push(("echoed url", Box::new(echo_url)));
        let client = |base| {
            let builder = Client::builder().partner_code("partner").partner_key(KEY);
            build_against!(builder, base, short_timeout())
        };
        let call = |client: Client| async move { client.result("1").await };
        let errors = failures(client, call, "POST", cases, &[KEY]).await;
        // The URL really was echoed: the raw body keeps it; only what is shown is masked.
        assert!(raw_body(&errors, "echoed url").contains(KEY));
        assert_eq!(errors.len(), 8);
        assert_hidden(&errors, &[KEY]);
    }

    #[tokio::test]
    async fn a_request_hook_sees_the_request_without_the_key() {
        let server = crate::support::serving(
            "POST",
            json(
                200,
                serde_json::json!({"code": 11340, "message": "not found"}),
            ),
        )
        .await;
        let seen = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
        let kept = seen.clone();
        let options = liveness::HttpOptions::default()
            .on_request(move |sent| kept.lock().unwrap().push(sent.clone()));
        let client = Client::builder()
            .partner_code("partner")
            .partner_key(KEY)
            .base_url(server.uri())
            .options(options)
            .build()
            .expect("client");
        let _ = client.result("1").await;
        let seen = seen.lock().unwrap();
        assert_eq!(seen.len(), 1, "one request, one call of the hook");
        let sent = &seen[0];
        assert_eq!(sent.method, "POST");
        assert!(sent.url.contains("partner_code=partner"), "{}", sent.url);
        assert!(sent.url.contains("partner_key=[REDACTED]"), "{}", sent.url);
        assert!(!format!("{sent:?}").contains(KEY));
        assert!(
            sent.header_names.iter().any(|h| h == "content-type"),
            "{:?}",
            sent.header_names
        );
    }
}

#[cfg(feature = "verifik")]
mod verifik {
    use super::*;
    use crate::support::json;
    use liveness::verifik::Client;

    const TOKEN: &str = "vf-SENTINEL-TOKEN-c0ffee";

    #[tokio::test]
    async fn verifik_token_stays_hidden() {
        let echo = format!("Bearer {TOKEN} is not valid");
        let unauthorized = json(401, serde_json::json!({"message": echo, "code": echo}));
        let cases = failing_responses(&echo, unauthorized);
        let client = |base| build_against!(Client::builder().token(TOKEN), base, short_timeout());
        let call = |client: Client| async move { client.retrieve("x").await };
        let errors = failures(client, call, "GET", cases, &[TOKEN]).await;
        assert_eq!(errors.len(), 6);
        assert_hidden(&errors, &[TOKEN]);
    }
}
