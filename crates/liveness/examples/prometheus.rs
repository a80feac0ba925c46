//! Exports the facade's metrics in Prometheus text format: installs
//! `metrics-exporter-prometheus`'s recorder (no HTTP listener: your app serves the text on its
//! own `/metrics` route), makes one Talentomobile call to a local server, and prints what a
//! scrape would read.
//!
//! ```sh
//! cargo run -p liveness-cli -- mock --listen 127.0.0.1:8080 &
//! cargo run -p liveness --example prometheus -- http://127.0.0.1:8080
//! ```
//!
//! The base URL is the first argument, else `LIVENESS_ENDPOINT`, else `http://127.0.0.1:8080`.
//! Exits 1 when the call fails or the text lacks the call's series.

mod common;

#[cfg(feature = "talentomobile")]
#[tokio::main]
async fn main() {
    use liveness::talentomobile::Client;
    use metrics_exporter_prometheus::PrometheusBuilder;

    use common::env_or;

    let recorder = PrometheusBuilder::new().build_recorder();
    let scrape = recorder.handle();
    if let Err(error) = metrics::set_global_recorder(recorder) {
        eprintln!("prometheus: {error}");
        std::process::exit(1);
    }

    let outcome = async {
        let client = Client::builder()
            .api_key(env_or("TALENTOMOBILE_API_KEY", "mock-talentomobile-key"))
            .base_url(common::endpoint())
            .build()?;
        client.result("d5335d6a-9d95-4977-9976-00dede352749").await
    }
    .await;
    let text = scrape.render();
    let outcome = outcome.map_err(|e| e.to_string()).and_then(|_| {
        let series = liveness::metrics::CALLS;
        if text.contains(series) {
            Ok(())
        } else {
            Err(format!("no {series} in the scrape"))
        }
    });
    common::report("prometheus", outcome, |()| format!("\n{text}"));
}

#[cfg(not(feature = "talentomobile"))]
fn main() {
    common::needs_feature("talentomobile");
}
