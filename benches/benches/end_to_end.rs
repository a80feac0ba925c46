//! One call end to end against the in-process mock: the SDK (facade client, with its transport,
//! body cap, retries off, tracing span) beside raw reqwest doing the same HTTP exchange and
//! decode over the same connection pool. Target: SDK overhead at most 10% (ratio <= 1.10).

use criterion::{Criterion, criterion_group};
use liveness::HttpOptions;
use liveness_mock::config::{DEMO_TALENTOMOBILE_API_KEY, DEMO_VERIFIK_TOKEN};
use liveness_mock::{MockConfig, MockServer};

const PROCESS: &str = "d5335d6a-9d95-4977-9976-00dede352749";
const RECORD: &str = "6716c5e2a9b4f3a1d2e4c8b7";

fn bench(c: &mut Criterion) {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("runtime");
    let mock = runtime
        .block_on(MockServer::start(MockConfig::demo()))
        .expect("mock");
    let base = mock.base_url().to_owned();
    // One pool for both sides.
    let http = reqwest::Client::new();
    let options = HttpOptions::default().http_client(http.clone());
    let talento = liveness::talentomobile::Client::builder()
        .api_key(DEMO_TALENTOMOBILE_API_KEY)
        .base_url(&base)
        .options(options.clone())
        .build()
        .expect("client");
    let verifik = liveness::verifik::Client::builder()
        .token(DEMO_VERIFIK_TOKEN)
        .base_url(&base)
        .options(options)
        .build()
        .expect("client");

    let mut group = c.benchmark_group("end_to_end_talentomobile");
    group.bench_function("sdk", |b| {
        b.to_async(&runtime)
            .iter(|| async { talento.result(PROCESS).await.expect("result") })
    });
    group.bench_function("baseline_reqwest", |b| {
        b.to_async(&runtime).iter(|| async {
            let response = http
                .get(format!("{base}/result/{PROCESS}"))
                .header("authorization", DEMO_TALENTOMOBILE_API_KEY)
                .send()
                .await
                .expect("sent");
            let bytes = response.bytes().await.expect("body");
            let _: liveness_talentomobile::types::ChallengeList =
                serde_json::from_slice(&bytes).expect("decodes");
        })
    });
    group.finish();

    let mut group = c.benchmark_group("end_to_end_verifik");
    group.bench_function("sdk", |b| {
        b.to_async(&runtime)
            .iter(|| async { verifik.retrieve(RECORD).await.expect("record") })
    });
    group.bench_function("baseline_reqwest", |b| {
        b.to_async(&runtime).iter(|| async {
            let response = http
                .get(format!("{base}/v2/document-liveness/{RECORD}"))
                .bearer_auth(DEMO_VERIFIK_TOKEN)
                .send()
                .await
                .expect("sent");
            let bytes = response.bytes().await.expect("body");
            let _: liveness_verifik::types::DocumentLivenessEnvelope =
                serde_json::from_slice(&bytes).expect("decodes");
        })
    });
    group.finish();
}

criterion_group!(benches, bench);

fn main() {
    benches();
    Criterion::default().configure_from_args().final_summary();
    liveness_benches::report_ratio("end_to_end_talentomobile", "sdk", "baseline_reqwest", 1.10);
    liveness_benches::report_ratio("end_to_end_verifik", "sdk", "baseline_reqwest", 1.10);
}
