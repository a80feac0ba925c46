//! Separate `liveness` processes share one `--rate-limit` through `--redis` (a real Redis,
//! started by the test): the mock's request log never holds more than the limit in any one
//! second, and the run takes as long as the limit implies. Without `--redis` each process has
//! its own budget, which the same measure shows.

use std::process::Child;
use std::time::Duration;

use contract_tests::rate::busiest_second;
use contract_tests::redis::RedisServer;

use crate::support::{Harness, liveness, stderr, stdout};

const SDK_TOKEN: &str = "D2B55F0C-FB5D-4FB6-8765-3E931EBBFC79";
const PROCESSES: usize = 16;
const PER_SECOND: u32 = 4;

/// `PROCESSES` concurrent `liveness tencent result` runs with `extra` flags, all waited for.
fn run_all(h: &Harness, extra: &[&str]) {
    let children: Vec<Child> = (0..PROCESSES)
        .map(|_| {
            liveness()
                .args(["tencent", "result", "--sdk-token", SDK_TOKEN])
                .args(["--output", "json", "--endpoint", h.mock.base_url()])
                .args(extra)
                .stdout(std::process::Stdio::piped())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .expect("liveness runs")
        })
        .collect();
    for child in children {
        let output = child.wait_with_output().expect("waited");
        // Sample token: a failed check, printed as a verdict (exit 0 without --fail-on-reject).
        assert!(
            output.status.success(),
            "{}\n{}",
            stdout(&output),
            stderr(&output)
        );
    }
}

/// The Tencent arrivals at the mock, in milliseconds since it started.
fn arrivals(h: &Harness) -> Vec<u64> {
    h.mock.requests().iter().map(|r| r.at_ms).collect()
}

#[test]
fn separate_processes_share_one_limit_through_redis() {
    let h = Harness::new();
    let redis = RedisServer::start();
    let limit = PER_SECOND.to_string();

    // Baseline: each process limits only itself, so they all arrive at once.
    run_all(&h, &["--rate-limit", &limit]);
    let alone = arrivals(&h);
    assert_eq!(alone.len(), PROCESSES);
    assert!(
        busiest_second(&alone) > PER_SECOND as usize,
        "without Redis: {alone:?}"
    );

    h.mock.reset();
    run_all(&h, &["--rate-limit", &limit, "--redis", &redis.url()]);
    let shared = arrivals(&h);
    assert_eq!(shared.len(), PROCESSES);
    assert!(
        busiest_second(&shared) <= PER_SECOND as usize,
        "with Redis: {shared:?}"
    );
    // 15 intervals of 1/4 s plus the 5% margin between the first arrival and the last.
    let implied = Duration::from_secs(1).mul_f64(1.05) / PER_SECOND * (PROCESSES as u32 - 1);
    let span = Duration::from_millis(shared.iter().max().unwrap() - shared.iter().min().unwrap());
    assert!(
        span + Duration::from_millis(100) >= implied && span <= implied + Duration::from_secs(3),
        "{span:?} for {PROCESSES} processes, the limit implies {implied:?}"
    );
}

#[test]
fn redis_without_a_rate_or_down_under_fail_closed_is_explained() {
    let h = Harness::new();
    // --redis alone has no rate to share: a usage error.
    let output = liveness()
        .args(["tencent", "result", "--sdk-token", SDK_TOKEN])
        .args([
            "--endpoint",
            h.mock.base_url(),
            "--redis",
            "redis://127.0.0.1:9",
        ])
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(2), "a usage error");
    assert!(
        stderr(&output).contains("--rate-limit"),
        "{}",
        stderr(&output)
    );

    // A Redis that is not there: fail-closed sends nothing and exits 5, naming Redis and never
    // its password; fail-open goes on.
    let down = "redis://:hunter2@127.0.0.1:9";
    let closed = liveness()
        .args(["tencent", "result", "--sdk-token", SDK_TOKEN])
        .args(["--endpoint", h.mock.base_url(), "--rate-limit", "5"])
        .args(["--redis", down, "--redis-outage", "closed"])
        .output()
        .expect("runs");
    assert_eq!(closed.status.code(), Some(5), "{}", stderr(&closed));
    assert!(
        stderr(&closed).contains("Redis is unavailable"),
        "{}",
        stderr(&closed)
    );
    assert!(!stderr(&closed).contains("hunter2"));
    assert!(h.mock.requests().is_empty(), "nothing was sent");
    let open = liveness()
        .args(["tencent", "result", "--sdk-token", SDK_TOKEN])
        .args(["--endpoint", h.mock.base_url(), "--rate-limit", "5"])
        .args(["--redis", down])
        .output()
        .expect("runs");
    assert!(open.status.success(), "{}", stderr(&open));
    assert_eq!(h.mock.requests().len(), 1);

    // LIVENESS_REDIS_URL alone (exported for a whole job) is no error: without --rate-limit
    // there is nothing to share, and the call goes on without Redis.
    let output = liveness()
        .args(["tencent", "result", "--sdk-token", SDK_TOKEN])
        .args(["--endpoint", h.mock.base_url()])
        .env("LIVENESS_REDIS_URL", "redis://127.0.0.1:9")
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(h.mock.requests().len(), 2);
    // With --rate-limit it is used: fail-closed against a Redis that is not there exits 5.
    let output = liveness()
        .args(["tencent", "result", "--sdk-token", SDK_TOKEN])
        .args(["--endpoint", h.mock.base_url(), "--rate-limit", "5"])
        .args(["--redis-outage", "closed"])
        .env("LIVENESS_REDIS_URL", "redis://127.0.0.1:9")
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(5), "{}", stderr(&output));
    assert_eq!(h.mock.requests().len(), 2, "nothing sent");
}
