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

mod common;

#[cfg(feature = "tencent")]
#[tokio::main]
async fn main() {
    use liveness::tencent::{Client, Credentials};

    use common::env_or;

    let endpoint = common::endpoint();

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

    common::report("tencent", outcome, |(token, result)| {
        format!(
            "SdkToken {token}: Result {} ({}), passed {}",
            result.result.code(),
            result.description.as_deref().unwrap_or("-"),
            result.result.is_success(),
        )
    });
}

#[cfg(not(feature = "tencent"))]
fn main() {
    common::needs_feature("tencent");
}
