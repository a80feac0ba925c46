//! Issues a Tencent FaceID SdkToken and fetches its liveness result from a local server.
//!
//! ```sh
//! cargo run -p liveness-cli -- mock --listen 127.0.0.1:8080 &
//! cargo run -p liveness --example tencent -- http://127.0.0.1:8080
//! ```
//!
//! The base URL is the first argument, else `LIVENESS_ENDPOINT`, else `http://127.0.0.1:8080`.
//! Credentials come from `TENCENTCLOUD_SECRET_ID` / `TENCENTCLOUD_SECRET_KEY` (the mock's demo
//! values otherwise), the region from `TENCENTCLOUD_REGION` (`ap-singapore` otherwise). Prints
//! one line; exits 1 with the error on failure.

#[cfg(feature = "tencent")]
#[tokio::main]
async fn main() {
    use liveness::tencent::{Client, Credentials};

    let endpoint = std::env::args()
        .nth(1)
        .or_else(|| std::env::var("LIVENESS_ENDPOINT").ok())
        .unwrap_or_else(|| "http://127.0.0.1:8080".to_owned());
    let env_or = |name: &str, demo: &str| std::env::var(name).unwrap_or_else(|_| demo.to_owned());

    let outcome = async {
        let credentials = Credentials::new(
            env_or(
                "TENCENTCLOUD_SECRET_ID",
                "AKIDmockDemoSecretId0000000000000000",
            ),
            env_or(
                "TENCENTCLOUD_SECRET_KEY",
                "mock-demo-secret-key-000000000000",
            )
            .into(),
        )?;
        let client = Client::builder()
            // FaceID refuses a request without a region.
            .region(env_or("TENCENTCLOUD_REGION", "ap-singapore"))
            .credentials(credentials)
            .base_url(endpoint)
            .build()?;
        let token = client.apply_liveness_token(None).await?.value.sdk_token;
        let result = client.get_liveness_result(&token).await?.value;
        Ok::<_, liveness::Error>((token, result))
    }
    .await;

    match outcome {
        Ok((token, result)) => println!(
            "tencent: SdkToken {token}: Result {} ({}), passed {}",
            result.result.code(),
            result.description.as_deref().unwrap_or("-"),
            result.result.is_success(),
        ),
        Err(error) => {
            eprintln!("tencent: {error}");
            std::process::exit(1);
        }
    }
}

#[cfg(not(feature = "tencent"))]
fn main() {
    eprintln!("build with the `tencent` feature");
    std::process::exit(2);
}
