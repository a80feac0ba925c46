//! Issues a TrustDecision license and fetches a liveness result from a local server.
//!
//! ```sh
//! cargo run -p liveness --example trustdecision -- http://127.0.0.1:8080
//! ```
//!
//! The base URL is the first argument, else `LIVENESS_ENDPOINT`, else `http://127.0.0.1:8080`.
//! Credentials come from `TRUSTDECISION_PARTNER_CODE` / `TRUSTDECISION_PARTNER_KEY` (demo values
//! otherwise) and the session from `TRUSTDECISION_LIVENESS_ID` (default `1234567`). Prints one
//! line; exits 1 with the error on failure.

mod common;

#[cfg(feature = "trustdecision")]
#[tokio::main]
async fn main() {
    use liveness::trustdecision::Client;

    use common::env_or;

    let endpoint = common::endpoint();
    let liveness_id = env_or("TRUSTDECISION_LIVENESS_ID", "1234567");

    let outcome = async {
        let client = Client::builder()
            .partner_code(env_or("TRUSTDECISION_PARTNER_CODE", "mock-partner"))
            .partner_key(env_or("TRUSTDECISION_PARTNER_KEY", "mock-partner-key"))
            .base_url(endpoint)
            .build()?;
        let license = client.license(Some(600)).await?.value;
        let result = client.result(liveness_id.as_str()).await?.value;
        Ok::<_, liveness::Error>((license, result))
    }
    .await;

    common::report("trustdecision", outcome, |(license, result)| {
        let verdict = if result.code.is_pass() {
            "live".to_owned()
        } else if let Some(attack) = result.code.attack() {
            format!("attack {attack:?}")
        } else {
            "not live".to_owned()
        };
        format!(
            "license expires {}; liveness {liveness_id}: {verdict} (code {}, score {}, sequence_id {})",
            license
                .expiry_timestamp
                .map_or("-".to_owned(), |t| t.to_string()),
            result.code,
            result.score.map_or("-".to_owned(), |s| s.to_string()),
            result.sequence_id.as_deref().unwrap_or("-"),
        )
    });
}

#[cfg(not(feature = "trustdecision"))]
fn main() {
    common::needs_feature("trustdecision");
}
