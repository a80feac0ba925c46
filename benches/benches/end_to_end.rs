//! One call end to end against the in-process mock: the SDK (facade client, with its transport,
//! body cap, retries off, tracing span) beside raw reqwest doing the same HTTP exchange and
//! decode over the same connection pool. Target: SDK overhead at most 10% (ratio <= 1.10).
//!
//! On a small shared machine, run-to-run drift is as large as the overhead, so the ratio that
//! counts is paired: 4,000 rounds alternating which side goes first (ABBA), each call timed,
//! medians compared. criterion's own figures for each side are printed beside it.

use std::future::Future;
use std::time::{Duration, Instant};

use criterion::Criterion;
use liveness::HttpOptions;
use liveness_mock::config::{DEMO_TALENTOMOBILE_API_KEY, DEMO_VERIFIK_TOKEN};
use liveness_mock::{MockConfig, MockServer};

const PROCESS: &str = "d5335d6a-9d95-4977-9976-00dede352749";
const RECORD: &str = "6716c5e2a9b4f3a1d2e4c8b7";
const ROUNDS: usize = 4_000;

struct Setup {
    runtime: tokio::runtime::Runtime,
    _mock: MockServer,
    base: String,
    http: reqwest::Client,
    talento: liveness::talentomobile::Client,
    verifik: liveness::verifik::Client,
}

impl Setup {
    fn new() -> Self {
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
        Self {
            runtime,
            _mock: mock,
            base,
            http,
            talento,
            verifik,
        }
    }

    async fn sdk_talento(&self) {
        self.talento.result(PROCESS).await.expect("result");
    }

    async fn raw_talento(&self) {
        let response = self
            .http
            .get(format!("{}/result/{PROCESS}", self.base))
            .header("authorization", DEMO_TALENTOMOBILE_API_KEY)
            .send()
            .await
            .expect("sent");
        let bytes = response.bytes().await.expect("body");
        let _: liveness_talentomobile::types::ChallengeList =
            serde_json::from_slice(&bytes).expect("decodes");
    }

    async fn sdk_verifik(&self) {
        self.verifik.retrieve(RECORD).await.expect("record");
    }

    async fn raw_verifik(&self) {
        let response = self
            .http
            .get(format!("{}/v2/document-liveness/{RECORD}", self.base))
            .bearer_auth(DEMO_VERIFIK_TOKEN)
            .send()
            .await
            .expect("sent");
        let bytes = response.bytes().await.expect("body");
        let _: liveness_verifik::types::DocumentLivenessEnvelope =
            serde_json::from_slice(&bytes).expect("decodes");
    }
}

async fn timed<F: Future<Output = ()>>(call: F) -> Duration {
    let started = Instant::now();
    call.await;
    started.elapsed()
}

fn median(mut samples: Vec<Duration>) -> Duration {
    samples.sort_unstable();
    samples[samples.len() / 2]
}

/// ABBA rounds of `sdk` and `raw`; prints and returns the ratio of the medians.
fn paired<S, R, FS, FR>(setup: &Setup, name: &str, sdk: S, raw: R) -> f64
where
    S: Fn() -> FS,
    R: Fn() -> FR,
    FS: Future<Output = ()>,
    FR: Future<Output = ()>,
{
    let (sdk_times, raw_times) = setup.runtime.block_on(async {
        for _ in 0..200 {
            sdk().await;
            raw().await;
        }
        let mut sdk_times = Vec::with_capacity(ROUNDS);
        let mut raw_times = Vec::with_capacity(ROUNDS);
        for round in 0..ROUNDS {
            if round % 2 == 0 {
                sdk_times.push(timed(sdk()).await);
                raw_times.push(timed(raw()).await);
            } else {
                raw_times.push(timed(raw()).await);
                sdk_times.push(timed(sdk()).await);
            }
        }
        (sdk_times, raw_times)
    });
    let (s, r) = (median(sdk_times), median(raw_times));
    let ratio = s.as_secs_f64() / r.as_secs_f64();
    println!(
        "ratio {name} (paired, {ROUNDS} ABBA rounds, medians): sdk / baseline_reqwest = {ratio:.2} ({} ns / {} ns); target <= 1.10: {}",
        s.as_nanos(),
        r.as_nanos(),
        if ratio <= 1.10 { "meets" } else { "MISSES" }
    );
    ratio
}

fn bench(c: &mut Criterion, setup: &Setup) {
    let mut group = c.benchmark_group("end_to_end_talentomobile");
    group.bench_function("sdk", |b| {
        b.to_async(&setup.runtime).iter(|| setup.sdk_talento())
    });
    group.bench_function("baseline_reqwest", |b| {
        b.to_async(&setup.runtime).iter(|| setup.raw_talento())
    });
    group.finish();
    let mut group = c.benchmark_group("end_to_end_verifik");
    group.bench_function("sdk", |b| {
        b.to_async(&setup.runtime).iter(|| setup.sdk_verifik())
    });
    group.bench_function("baseline_reqwest", |b| {
        b.to_async(&setup.runtime).iter(|| setup.raw_verifik())
    });
    group.finish();
}

fn main() {
    let setup = Setup::new();
    let mut criterion = Criterion::default().configure_from_args();
    bench(&mut criterion, &setup);
    criterion.final_summary();
    for group in ["end_to_end_talentomobile", "end_to_end_verifik"] {
        // Sequential criterion runs, for context; the paired ratios below are the measure.
        liveness_benches::report_ratio(group, "sdk", "baseline_reqwest", 1.10);
    }
    paired(
        &setup,
        "end_to_end_talentomobile",
        || setup.sdk_talento(),
        || setup.raw_talento(),
    );
    paired(
        &setup,
        "end_to_end_verifik",
        || setup.sdk_verifik(),
        || setup.raw_verifik(),
    );
}
