//! The rate limit shared through a real Redis (`support/redis.rs`), measured where the vendor
//! would count: the mock's request log. Four clients with their own pools and limiters (four
//! replicas) share one budget; two accounts do not; Redis killed, frozen or restarted mid-run
//! is survived by the configured policy, with one warning per outage.

use std::io::Write;
use std::sync::{Arc, Mutex, OnceLock};
use std::time::{Duration, Instant};

use contract_tests::clients;
use contract_tests::redis::RedisServer;
use liveness::{Error, HttpOptions, OnOutage, RedisRateLimit, Vendor};
use liveness_mock::{MockConfig, MockServer};
use tracing::Instrument;

const SDK_TOKEN: &str = "D2B55F0C-FB5D-4FB6-8765-3E931EBBFC79";

/// 1/rate plus the limiter's 5% margin for jitter.
fn interval(per_second: u32) -> Duration {
    Duration::from_secs(1).mul_f64(1.05) / per_second
}

fn shared(redis: &RedisServer, per_second: u32, policy: OnOutage) -> HttpOptions {
    HttpOptions::default()
        .rate_limit(Some(per_second))
        .shared_rate_limit(RedisRateLimit::new().url(redis.url()).on_outage(policy))
}

/// The most Tencent arrivals at the mock within any one second.
fn busiest_second(mock: &MockServer) -> usize {
    let arrivals: Vec<u64> = mock
        .requests()
        .iter()
        .filter(|r| r.vendor == Some(Vendor::Tencent))
        .map(|r| r.at_ms)
        .collect();
    contract_tests::rate::busiest_second(&arrivals)
}

/// `replicas` clients (each built on its own: its own pool and in-process limiter), each
/// making `calls` concurrent calls; every result, and how long they all took.
async fn burst(
    mock: &MockServer,
    replicas: usize,
    calls: usize,
    options: impl Fn(usize) -> HttpOptions,
) -> (Vec<Result<(), Error>>, Duration) {
    let started = Instant::now();
    let mut tasks = Vec::new();
    for replica in 0..replicas {
        let client = Arc::new(clients::tencent(mock.base_url(), options(replica)));
        for _ in 0..calls {
            let client = client.clone();
            tasks.push(tokio::spawn(async move {
                client.get_liveness_result(SDK_TOKEN).await.map(|_| ())
            }));
        }
    }
    let mut results = Vec::new();
    for task in tasks {
        results.push(task.await.expect("joined"));
    }
    (results, started.elapsed())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn four_replicas_share_twenty_a_second_through_redis() {
    let redis = RedisServer::start();
    let mock = MockServer::start(MockConfig::demo()).await.expect("mock");

    // The baseline: four in-process limiters at 20/s let about 80 through in the first second.
    let (results, _) = burst(&mock, 4, 20, |_| {
        HttpOptions::default().rate_limit(Some(20))
    })
    .await;
    assert!(results.iter().all(Result::is_ok));
    let alone = busiest_second(&mock);
    assert!(alone > 40, "four separate limiters: {alone} in one second");

    // Each replica warmed up first (a connection in its pool, as a running service has), and
    // Redis's schedule left to lapse: what is measured is the limit, not four TCP handshakes.
    let replicas: Vec<_> = (0..4)
        .map(|_| {
            Arc::new(clients::tencent(
                mock.base_url(),
                shared(&redis, 20, OnOutage::FailClosed),
            ))
        })
        .collect();
    for client in &replicas {
        client
            .get_liveness_result(SDK_TOKEN)
            .await
            .expect("warm-up");
    }
    tokio::time::sleep(Duration::from_millis(1_100)).await;
    mock.reset();
    let started = Instant::now();
    let tasks: Vec<_> = replicas
        .iter()
        .flat_map(|client| (0..20).map(move |_| client.clone()))
        .map(|client| {
            tokio::spawn(async move { client.get_liveness_result(SDK_TOKEN).await.map(|_| ()) })
        })
        .collect();
    let results = tokio::time::timeout(Duration::from_secs(30), async {
        let mut results = Vec::new();
        for task in tasks {
            results.push(task.await.expect("joined"));
        }
        results
    })
    .await
    .expect("80 calls at 20/s end well within 30 s");
    let elapsed = started.elapsed();
    for result in &results {
        assert!(result.is_ok(), "{result:?}");
    }
    let busiest = busiest_second(&mock);
    let arrivals: Vec<u64> = mock.requests().iter().map(|r| r.at_ms).collect();
    assert!(
        busiest <= 20,
        "shared: {busiest} arrivals within one second: {arrivals:?}"
    );
    // As long as the limit implies: 79 intervals after the first call, and not much more.
    let implied = interval(20) * 79;
    assert!(
        elapsed >= implied - Duration::from_millis(50)
            && elapsed <= implied + Duration::from_secs(2),
        "80 calls at 20/s took {elapsed:?}, the limit implies {implied:?}"
    );
    // One budget in Redis, named by vendor, operation and the SecretId.
    let keys = redis.command("KEYS *");
    assert!(
        keys.contains("liveness:ratelimit:tencent:get_liveness_result:"),
        "{keys}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_accounts_never_share_a_budget() {
    let redis = RedisServer::start();
    let mock = MockServer::start(MockConfig::demo()).await.expect("mock");
    // Two accounts at 10/s each: 20 calls take one second, not two.
    let (results, elapsed) = burst(&mock, 2, 10, |replica| {
        HttpOptions::default()
            .rate_limit(Some(10))
            .shared_rate_limit(
                RedisRateLimit::new()
                    .url(redis.url())
                    .account(format!("account-{replica}")),
            )
    })
    .await;
    assert!(results.iter().all(Result::is_ok));
    assert!(
        elapsed < interval(10) * 15,
        "two budgets of 10/s, 20 calls: {elapsed:?}"
    );
    assert!(busiest_second(&mock) > 10);
    let keys = redis.command("KEYS *");
    for account in ["account-0", "account-1"] {
        assert!(keys.contains(account), "{keys}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_secret_ids_are_two_budgets_without_naming_accounts() {
    let redis = RedisServer::start();
    let mock = MockServer::start(MockConfig::demo()).await.expect("mock");
    // The second SecretId is not one the mock knows: its calls are refused, but only after the
    // limiter let them go, so their arrivals count all the same.
    let started = Instant::now();
    let mut tasks = Vec::new();
    for secret_id in [
        "AKIDfirstAccount0000000000000000000",
        "AKIDsecondAccount000000000000000000",
    ] {
        let credentials = liveness::tencent::Credentials::new(
            secret_id,
            "a-secret-key-of-either-account".to_owned().into(),
        )
        .expect("credentials");
        let client = Arc::new(
            liveness::tencent::Client::builder()
                .region("ap-singapore")
                .credentials(credentials)
                .base_url(mock.base_url())
                .options(shared(&redis, 10, OnOutage::FailClosed))
                .build()
                .expect("client"),
        );
        for _ in 0..10 {
            let client = client.clone();
            tasks.push(tokio::spawn(async move {
                let _ = client.get_liveness_result(SDK_TOKEN).await;
            }));
        }
    }
    for task in tasks {
        task.await.expect("joined");
    }
    let elapsed = started.elapsed();
    assert_eq!(mock.requests().len(), 20);
    // One budget would take 19 intervals (about 2 s); two take 9 each.
    assert!(
        elapsed < interval(10) * 15,
        "two SecretIds, 20 calls at 10/s each: {elapsed:?}"
    );
    let keys = redis.command("KEYS *");
    assert!(
        keys.contains("AKIDfirstAccount") && keys.contains("AKIDsecondAccount"),
        "{keys}"
    );
}

/// What is logged in this test binary: a global subscriber (a thread's own would miss events
/// whose callsites other tests' threads registered first); each test finds its lines by the
/// `case` span it runs in.
fn logs() -> &'static Mutex<Vec<u8>> {
    static LOGS: OnceLock<&'static Mutex<Vec<u8>>> = OnceLock::new();
    LOGS.get_or_init(|| {
        let logs: &'static Mutex<Vec<u8>> = Box::leak(Box::default());
        let subscriber = tracing_subscriber::fmt()
            .with_writer(move || Writer(logs))
            .with_ansi(false)
            .finish();
        tracing::subscriber::set_global_default(subscriber).expect("the only global subscriber");
        logs
    })
}

struct Writer(&'static Mutex<Vec<u8>>);

impl Write for Writer {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Lines logged within the `case` span `case` that hold `needle`.
fn logged(case: &str, needle: &str) -> usize {
    let span = format!("case{{name=\"{case}\"}}");
    String::from_utf8_lossy(&logs().lock().unwrap())
        .lines()
        .filter(|line| line.contains(&span) && line.contains(needle))
        .count()
}

const OUTAGE_WARNING: &str = "the shared rate limit's Redis is unavailable";
const BACK: &str = "the shared rate limit's Redis answers again";
const CASE: &str = "fail_open";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fail_open_calls_complete_through_an_outage_with_one_warning_and_sharing_resumes() {
    logs();
    fail_open_through_an_outage()
        .instrument(tracing::info_span!("case", name = CASE))
        .await;
}

async fn fail_open_through_an_outage() {
    let mut redis = RedisServer::start();
    let mock = MockServer::start(MockConfig::demo()).await.expect("mock");
    let client = clients::tencent(mock.base_url(), shared(&redis, 20, OnOutage::FailOpen));
    for _ in 0..5 {
        client
            .get_liveness_result(SDK_TOKEN)
            .await
            .expect("Redis up");
    }
    redis.kill();
    // Through the outage (more than two retry windows long): every call completes, spaced
    // by the in-process limiter, and one warning says so.
    let started = Instant::now();
    let mut during = 0;
    while started.elapsed() < Duration::from_millis(2_500) {
        client
            .get_liveness_result(SDK_TOKEN)
            .await
            .expect("fail-open");
        during += 1;
    }
    assert!(during >= 30, "{during} calls in 2.5 s at 20/s");
    assert_eq!(logged(CASE, OUTAGE_WARNING), 1, "one warning per outage");
    assert!(
        busiest_second(&mock) <= 20,
        "the in-process limiter took over"
    );

    redis.restart();
    tokio::time::sleep(liveness::RETRY_AFTER).await;
    client
        .get_liveness_result(SDK_TOKEN)
        .await
        .expect("Redis back");
    let keys = redis.command("KEYS *");
    assert!(
        keys.contains("liveness:ratelimit:tencent:"),
        "limiting is shared again: {keys}"
    );
    assert_eq!(logged(CASE, BACK), 1);

    // A second outage is a second warning.
    redis.kill();
    client
        .get_liveness_result(SDK_TOKEN)
        .await
        .expect("fail-open");
    assert_eq!(logged(CASE, OUTAGE_WARNING), 2);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fail_closed_calls_fail_fast_with_a_typed_error_and_resume_when_redis_is_back() {
    let mut redis = RedisServer::start();
    let mock = MockServer::start(MockConfig::demo()).await.expect("mock");
    let client = clients::tencent(mock.base_url(), shared(&redis, 20, OnOutage::FailClosed));
    client
        .get_liveness_result(SDK_TOKEN)
        .await
        .expect("Redis up");
    let sent = mock.requests().len();

    redis.kill();
    for _ in 0..10 {
        let asked = Instant::now();
        let error = client
            .get_liveness_result(SDK_TOKEN)
            .await
            .expect_err("fail-closed");
        // The first waits at most the 200 ms bound; the rest do not wait for Redis at all.
        assert!(
            asked.elapsed() < Duration::from_millis(600),
            "{:?}",
            asked.elapsed()
        );
        match &error {
            Error::RateLimiter {
                vendor, operation, ..
            } => {
                assert_eq!(*vendor, Vendor::Tencent);
                assert_eq!(*operation, "get_liveness_result");
            }
            other => panic!("not a rate-limiter error: {other:?}"),
        }
        assert!(error.to_string().contains("Redis"), "{error}");
        assert!(!error.is_retryable());
    }
    assert_eq!(mock.requests().len(), sent, "nothing was sent");

    redis.restart();
    tokio::time::sleep(liveness::RETRY_AFTER).await;
    // The connection manager reconnects by itself: the first call after the retry window goes
    // through Redis again.
    client
        .get_liveness_result(SDK_TOKEN)
        .await
        .expect("Redis is back");
    assert_eq!(mock.requests().len(), sent + 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_frozen_redis_costs_a_call_the_bounded_wait_and_never_hangs() {
    let redis = RedisServer::start();
    let mock = MockServer::start(MockConfig::demo()).await.expect("mock");
    let bound = Duration::from_millis(300);
    let options = |policy| {
        HttpOptions::default()
            .rate_limit(Some(20))
            .shared_rate_limit(
                RedisRateLimit::new()
                    .url(redis.url())
                    .timeout(bound)
                    .on_outage(policy),
            )
    };
    let closed = clients::tencent(mock.base_url(), options(OnOutage::FailClosed));
    let open = clients::tencent(mock.base_url(), options(OnOutage::FailOpen));
    closed
        .get_liveness_result(SDK_TOKEN)
        .await
        .expect("Redis up");
    open.get_liveness_result(SDK_TOKEN).await.expect("Redis up");

    // Stopped, not dead: connections open, nothing answers (a stalled or swapping server).
    let frozen = redis.freeze();
    let asked = Instant::now();
    let error = closed
        .get_liveness_result(SDK_TOKEN)
        .await
        .expect_err("fail-closed");
    let waited = asked.elapsed();
    assert!(matches!(error, Error::RateLimiter { .. }), "{error:?}");
    assert!(error.to_string().contains("no answer within"), "{error}");
    assert!(
        waited >= bound && waited < bound + Duration::from_millis(300),
        "{waited:?}"
    );
    let asked = Instant::now();
    open.get_liveness_result(SDK_TOKEN)
        .await
        .expect("fail-open");
    assert!(asked.elapsed() < bound + Duration::from_millis(300));
    drop(frozen);
}

#[test]
fn decisions_made_without_redis_are_counted_by_policy() {
    use metrics_util::debugging::{DebugValue, DebuggingRecorder};

    let recorder = DebuggingRecorder::new();
    let snapshotter = recorder.snapshotter();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    metrics::with_local_recorder(&recorder, || {
        runtime.block_on(async {
            let mut redis = RedisServer::start();
            let mock = MockServer::start(MockConfig::demo()).await.expect("mock");
            let closed =
                clients::tencent(mock.base_url(), shared(&redis, 20, OnOutage::FailClosed));
            let open = clients::tencent(mock.base_url(), shared(&redis, 20, OnOutage::FailOpen));
            closed
                .get_liveness_result(SDK_TOKEN)
                .await
                .expect("Redis up");
            redis.kill();
            for _ in 0..3 {
                closed
                    .get_liveness_result(SDK_TOKEN)
                    .await
                    .expect_err("closed");
            }
            for _ in 0..2 {
                open.get_liveness_result(SDK_TOKEN).await.expect("open");
            }
        })
    });
    // One snapshot: taking one resets the counters.
    let snapshot = snapshotter.snapshot().into_vec();
    let counted = |policy: &str| {
        snapshot.iter().find_map(|(key, _, _, value)| {
            let key = key.key();
            let labels: Vec<(&str, &str)> = key.labels().map(|l| (l.key(), l.value())).collect();
            (key.name() == liveness::metrics::RATE_LIMIT_REDIS_UNAVAILABLE
                && labels
                    == [
                        ("vendor", "tencent"),
                        ("operation", "get_liveness_result"),
                        ("policy", policy),
                    ])
            .then_some(value)
        })
    };
    assert_eq!(counted("closed"), Some(&DebugValue::Counter(3)));
    assert_eq!(counted("open"), Some(&DebugValue::Counter(2)));
}
