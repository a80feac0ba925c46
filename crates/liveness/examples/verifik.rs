//! Retrieves a Verifik document liveness record from a local server.
//!
//! ```sh
//! cargo run -p liveness --example verifik -- http://127.0.0.1:8080
//! ```
//!
//! The base URL is the first argument, else `LIVENESS_ENDPOINT`, else `http://127.0.0.1:8080`.
//! The token comes from `VERIFIK_TOKEN` (a demo value otherwise) and the record id from
//! `VERIFIK_RECORD_ID` (default `6716c5e2a9b4f3a1d2e4c8b7`). Prints one line; exits 1 with the
//! error on failure.

mod common;

#[cfg(feature = "verifik")]
#[tokio::main]
async fn main() {
    use liveness::verifik::{Check, Client, RecordExt};

    use common::env_or;

    let endpoint = common::endpoint();
    let id = env_or("VERIFIK_RECORD_ID", "6716c5e2a9b4f3a1d2e4c8b7");

    let outcome = async {
        let client = Client::builder()
            .token(env_or("VERIFIK_TOKEN", "mock-verifik-token"))
            .base_url(endpoint)
            .build()?;
        client.retrieve(&id).await
    }
    .await;

    common::report("verifik", outcome, |response| {
        let record = response.value;
        let scores: Vec<String> = Check::ALL
            .into_iter()
            .filter_map(|check| {
                let score = record.check(check).score?;
                Some(format!("{check:?} {score}"))
            })
            .collect();
        format!(
            "record {id}: status {}, live {}, scores [{}]",
            record.status.as_deref().unwrap_or("-"),
            record.is_live.map_or("-".to_owned(), |l| l.to_string()),
            scores.join(", "),
        )
    });
}

#[cfg(not(feature = "verifik"))]
fn main() {
    common::needs_feature("verifik");
}
