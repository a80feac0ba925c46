//! The rate limit shared through Redis against the in-process one, on a real `redis-server`
//! started on loopback (as the tests do), measured in the same run:
//!
//! 1. Added latency per call: one Verifik retrieve against the in-process mock through a client
//!    whose limit is in-process, and through one whose limit is in Redis (rate high enough that
//!    no call waits for a slot; only the decision is timed). Paired ABBA rounds, every call
//!    timed; the medians and p99s are compared. Target: at most 0.3 ms added at the median.
//! 2. Decisions per second one Redis sustains under concurrency: eight limiters (eight
//!    replicas, one connection each), 32 decisions in flight on each. Target: at least 20,000.
//!
//! criterion's own figures for a single decision (in-process and through Redis) are printed
//! beside them.

use std::future::Future;
use std::sync::Arc;
use std::time::{Duration, Instant};

use contract_tests::redis::RedisServer;
use criterion::{Criterion, Throughput};
use liveness::__bench::Decisions;
use liveness::{HttpOptions, OnOutage, RedisRateLimit, Vendor};
use liveness_mock::config::DEMO_VERIFIK_TOKEN;
use liveness_mock::{MockConfig, MockServer};

const RECORD: &str = "6716c5e2a9b4f3a1d2e4c8b7";
const ROUNDS: usize = 4_000;
/// So high that a slot is always free: only the decision itself is measured.
const NO_WAIT: u32 = u32::MAX;
const REPLICAS: usize = 8;
const IN_FLIGHT: usize = 32;
const BATCH: usize = 20_000;

struct Setup {
    runtime: tokio::runtime::Runtime,
    redis: RedisServer,
    _mock: MockServer,
    in_process: liveness::verifik::Client,
    shared: liveness::verifik::Client,
}

fn shared_options(redis: &RedisServer) -> HttpOptions {
    HttpOptions::default()
        .rate_limit(Some(NO_WAIT))
        .shared_rate_limit(
            RedisRateLimit::new()
                .url(redis.url())
                // A decision that failed would be timed as a fast local one: fail instead.
                .on_outage(OnOutage::FailClosed)
                .timeout(Duration::from_secs(2)),
        )
}

impl Setup {
    fn new() -> Self {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .expect("runtime");
        let redis = RedisServer::start();
        let mock = runtime
            .block_on(MockServer::start(MockConfig::demo()))
            .expect("mock");
        // One pool for both clients: they differ in the limiter only.
        let http = reqwest::Client::new();
        let client = |options: HttpOptions| {
            liveness::verifik::Client::builder()
                .token(DEMO_VERIFIK_TOKEN)
                .base_url(mock.base_url())
                .options(options.http_client(http.clone()))
                .build()
                .expect("client")
        };
        let in_process = client(HttpOptions::default().rate_limit(Some(NO_WAIT)));
        let shared = client(shared_options(&redis));
        Self {
            runtime,
            redis,
            _mock: mock,
            in_process,
            shared,
        }
    }

    fn decisions(&self, account: &str) -> Decisions {
        Decisions::new(Vendor::Verifik, &shared_options(&self.redis), account).expect("limiter")
    }
}

async fn call(client: &liveness::verifik::Client) {
    client.retrieve(RECORD).await.expect("record");
}

async fn timed<F: Future>(call: F) -> Duration {
    let started = Instant::now();
    call.await;
    started.elapsed()
}

/// The `q` quantile (0..=1) of `samples`.
fn quantile(samples: &mut [Duration], q: f64) -> Duration {
    samples.sort_unstable();
    let at = ((samples.len() - 1) as f64 * q).round() as usize;
    samples[at]
}

fn micros(d: Duration) -> f64 {
    d.as_secs_f64() * 1e6
}

/// Paired rounds of a call through each client; prints the medians, p99s and what Redis adds.
fn added_latency_per_call(setup: &Setup) {
    let (mut local, mut redis) = setup.runtime.block_on(async {
        for _ in 0..200 {
            call(&setup.in_process).await;
            call(&setup.shared).await;
        }
        let mut local = Vec::with_capacity(ROUNDS);
        let mut redis = Vec::with_capacity(ROUNDS);
        for round in 0..ROUNDS {
            if round % 2 == 0 {
                local.push(timed(call(&setup.in_process)).await);
                redis.push(timed(call(&setup.shared)).await);
            } else {
                redis.push(timed(call(&setup.shared)).await);
                local.push(timed(call(&setup.in_process)).await);
            }
        }
        (local, redis)
    });
    let (local_median, redis_median) = (quantile(&mut local, 0.5), quantile(&mut redis, 0.5));
    let (local_p99, redis_p99) = (quantile(&mut local, 0.99), quantile(&mut redis, 0.99));
    let added_median = micros(redis_median) - micros(local_median);
    let added_p99 = micros(redis_p99) - micros(local_p99);
    println!(
        "ratio shared_limit_call (paired, {ROUNDS} ABBA rounds): redis / in_process = {:.2} at the median ({:.0} us / {:.0} us), {:.2} at p99 ({:.0} us / {:.0} us)",
        micros(redis_median) / micros(local_median),
        micros(redis_median),
        micros(local_median),
        micros(redis_p99) / micros(local_p99),
        micros(redis_p99),
        micros(local_p99),
    );
    println!(
        "added shared_limit_call: {added_median:.0} us at the median, {added_p99:.0} us at p99; target <= 300 us at the median: {}",
        if added_median <= 300.0 {
            "meets"
        } else {
            "MISSES"
        }
    );
}

/// `BATCH` decisions spread over `REPLICAS` limiters with `IN_FLIGHT` each; the time taken.
async fn concurrent_batch(limiters: &[Arc<Decisions>]) -> Duration {
    let per_task = BATCH / (REPLICAS * IN_FLIGHT);
    let started = Instant::now();
    let mut tasks = Vec::with_capacity(REPLICAS * IN_FLIGHT);
    for limiter in limiters {
        for _ in 0..IN_FLIGHT {
            let limiter = limiter.clone();
            tasks.push(tokio::spawn(async move {
                for _ in 0..per_task {
                    limiter.acquire("retrieve").await.expect("decision");
                }
            }));
        }
    }
    for task in tasks {
        task.await.expect("joined");
    }
    started.elapsed()
}

fn bench(c: &mut Criterion, setup: &Setup) {
    let local = Decisions::new(
        Vendor::Verifik,
        &HttpOptions::default().rate_limit(Some(NO_WAIT)),
        "bench",
    )
    .expect("limiter");
    let shared = setup.decisions("bench");
    let mut group = c.benchmark_group("shared_limit_decision");
    group.bench_function("in_process", |b| {
        b.to_async(&setup.runtime)
            .iter(|| async { local.acquire("retrieve").await.expect("decision") })
    });
    group.bench_function("redis", |b| {
        b.to_async(&setup.runtime)
            .iter(|| async { shared.acquire("retrieve").await.expect("decision") })
    });
    group.finish();

    // Each replica its own limiter, connection and account (so its own key).
    let limiters: Vec<Arc<Decisions>> = (0..REPLICAS)
        .map(|i| Arc::new(setup.decisions(&format!("replica-{i}"))))
        .collect();
    let per_batch = (BATCH / (REPLICAS * IN_FLIGHT)) * REPLICAS * IN_FLIGHT;
    let mut group = c.benchmark_group("shared_limit_throughput");
    group.throughput(Throughput::Elements(per_batch as u64));
    group.sample_size(10);
    group.bench_function("redis_decisions", |b| {
        b.to_async(&setup.runtime).iter_custom(|iterations| {
            let limiters = limiters.clone();
            async move {
                let mut total = Duration::ZERO;
                for _ in 0..iterations {
                    total += concurrent_batch(&limiters).await;
                }
                total
            }
        })
    });
    group.finish();
}

fn main() {
    let setup = Setup::new();
    let mut criterion = Criterion::default().configure_from_args();
    bench(&mut criterion, &setup);
    criterion.final_summary();
    if let (Some(redis), Some(local)) = (
        liveness_benches::median_ns("shared_limit_decision", "redis"),
        liveness_benches::median_ns("shared_limit_decision", "in_process"),
    ) {
        println!(
            "ratio shared_limit_decision: redis / in_process = {:.0} ({redis:.0} ns / {local:.0} ns; a decision alone, for context)",
            redis / local
        );
    }
    added_latency_per_call(&setup);
    let per_batch = (BATCH / (REPLICAS * IN_FLIGHT)) * REPLICAS * IN_FLIGHT;
    if let Some(ns) = liveness_benches::median_ns("shared_limit_throughput", "redis_decisions") {
        let per_second = per_batch as f64 / (ns / 1e9);
        println!(
            "throughput shared_limit: {per_second:.0} decisions/s on one Redis ({REPLICAS} limiters x {IN_FLIGHT} in flight); target >= 20000: {}",
            if per_second >= 20_000.0 {
                "meets"
            } else {
                "MISSES"
            }
        );
    }
}
