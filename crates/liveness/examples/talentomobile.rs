//! Fetches a Talentomobile VideoFace Plus result from a local server.
//!
//! ```sh
//! cargo run -p liveness-cli -- mock --listen 127.0.0.1:8080 &
//! cargo run -p liveness --example talentomobile -- http://127.0.0.1:8080
//! ```
//!
//! The base URL is the first argument, else `LIVENESS_ENDPOINT`, else `http://127.0.0.1:8080`.
//! The key comes from `TALENTOMOBILE_API_KEY` (the mock's demo value otherwise) and the process
//! id from `TALENTOMOBILE_RESULT_ID` (default: the spec's sample id). Prints one line; exits 1
//! with the error on failure.

mod common;

#[cfg(feature = "talentomobile")]
#[tokio::main]
async fn main() {
    use liveness::talentomobile::Client;

    use common::env_or;

    let endpoint = common::endpoint();
    let id = env_or(
        "TALENTOMOBILE_RESULT_ID",
        "d5335d6a-9d95-4977-9976-00dede352749",
    );

    let outcome = async {
        let client = Client::builder()
            .api_key(env_or("TALENTOMOBILE_API_KEY", "mock-talentomobile-key"))
            .base_url(endpoint)
            .build()?;
        client.result(&id).await
    }
    .await;

    common::report("talentomobile", outcome, |response| {
        let challenges = response.value;
        let summary: Vec<String> = challenges
            .iter()
            .map(|c| format!("{} {}", c.type_, if c.success { "ok" } else { "FAILED" }))
            .collect();
        format!(
            "process {id}: passed {} [{}]",
            challenges.iter().all(|c| c.success),
            summary.join(", ")
        )
    });
}

#[cfg(not(feature = "talentomobile"))]
fn main() {
    common::needs_feature("talentomobile");
}
