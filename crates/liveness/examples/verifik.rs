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

#[cfg(feature = "verifik")]
#[tokio::main]
async fn main() {
    use liveness::verifik::{Check, Client, RecordExt};

    let endpoint = std::env::args()
        .nth(1)
        .or_else(|| std::env::var("LIVENESS_ENDPOINT").ok())
        .unwrap_or_else(|| "http://127.0.0.1:8080".to_owned());
    let env_or = |name: &str, demo: &str| std::env::var(name).unwrap_or_else(|_| demo.to_owned());
    let id = env_or("VERIFIK_RECORD_ID", "6716c5e2a9b4f3a1d2e4c8b7");

    let outcome = async {
        let client = Client::builder()
            .token(env_or("VERIFIK_TOKEN", "mock-verifik-token"))
            .base_url(endpoint)
            .build()?;
        client.retrieve(&id).await
    }
    .await;

    match outcome {
        Ok(response) => {
            let record = response.value;
            let scores: Vec<String> = Check::ALL
                .into_iter()
                .filter_map(|check| {
                    let score = record.check(check).score?;
                    Some(format!("{check:?} {score}"))
                })
                .collect();
            println!(
                "verifik: record {id}: status {}, live {}, scores [{}]",
                record.status.as_deref().unwrap_or("-"),
                record.is_live.map_or("-".to_owned(), |l| l.to_string()),
                scores.join(", "),
            );
        }
        Err(error) => {
            eprintln!("verifik: {error}");
            std::process::exit(1);
        }
    }
}

#[cfg(not(feature = "verifik"))]
fn main() {
    eprintln!("build with the `verifik` feature");
    std::process::exit(2);
}
