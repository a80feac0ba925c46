//! Re-checks many past sessions at once: `liveness::verdict::batch::verdicts` over a stream of
//! Talentomobile process ids, four calls in flight at most, 20 a second at most, each result
//! printed as it arrives. Duplicates are fetched once; a failing id does not stop the others.
//!
//! ```sh
//! cargo run -p liveness-cli -- mock --listen 127.0.0.1:8080 &
//! cargo run -p liveness --example batch -- http://127.0.0.1:8080
//! ```
//!
//! The base URL is the first argument, else `LIVENESS_ENDPOINT`, else `http://127.0.0.1:8080`;
//! the key comes from `TALENTOMOBILE_API_KEY` (the mock's demo value otherwise). Exits 1 if any
//! id got no verdict.

mod common;

#[cfg(feature = "talentomobile")]
#[tokio::main]
async fn main() {
    use futures_util::StreamExt;
    use liveness::HttpOptions;
    use liveness::talentomobile::Client;
    use liveness::verdict::batch::{self, Seen};

    use common::env_or;

    let client = Client::builder()
        .api_key(env_or("TALENTOMOBILE_API_KEY", "mock-talentomobile-key"))
        .base_url(common::endpoint())
        .options(HttpOptions::default().rate_limit(Some(20)))
        .build();
    let client = match client {
        Ok(client) => client,
        Err(error) => {
            eprintln!("batch: {error}");
            std::process::exit(1);
        }
    };
    // Any stream of ids: here a few, one twice and one that cannot be an id.
    let ids = [
        "d5335d6a-9d95-4977-9976-00dede352749",
        "00000000-0000-0000-0000-000000000000",
        "d5335d6a-9d95-4977-9976-00dede352749",
        "not/an/id",
    ]
    .map(String::from);
    let mut results = batch::verdicts(&client, futures_util::stream::iter(ids), 4, Seen::new());
    let (mut verdicts, mut errors) = (0, 0);
    while let Some(fetched) = results.next().await {
        match fetched.result {
            Ok(verdict) => {
                verdicts += 1;
                println!("batch: {} {:?}", fetched.id, verdict.outcome);
            }
            Err(error) => {
                errors += 1;
                println!("batch: {} error: {error}", fetched.id);
            }
        }
    }
    println!("batch: {verdicts} verdicts, {errors} errors");
    // The sample has one id that is refused before anything is sent.
    if verdicts != 2 || errors != 1 {
        std::process::exit(1);
    }
}

#[cfg(not(feature = "talentomobile"))]
fn main() {
    common::needs_feature("talentomobile");
}
