//! Load: 10,000 calls across the four vendors against the mock with bounded concurrency. None
//! fails, and the process's memory does not grow with the call count: once warm (6,000 calls,
//! the mock's request log full), the next 4,000 calls leave resident memory (Linux,
//! /proc/self/statm) within 2 MiB, while keeping their bodies alone would take over 3 MiB.

use std::sync::Arc;

use contract_tests::clients;
use liveness::HttpOptions;
use liveness_mock::{MockConfig, MockServer};
use tokio::sync::Semaphore;
use tokio::task::JoinSet;

const CONCURRENCY: usize = 32;

struct Clients {
    tencent: liveness::tencent::Client,
    trustdecision: liveness::trustdecision::Client,
    talentomobile: liveness::talentomobile::Client,
    verifik: liveness::verifik::Client,
}

/// `n` calls, round-robin over the vendors' result operations; the number that failed.
async fn run(clients: &Arc<Clients>, n: usize) -> usize {
    let permits = Arc::new(Semaphore::new(CONCURRENCY));
    let mut calls = JoinSet::new();
    for i in 0..n {
        let permit = permits.clone().acquire_owned().await.expect("open");
        let clients = clients.clone();
        calls.spawn(async move {
            let _permit = permit;
            match i % 4 {
                0 => clients
                    .tencent
                    .get_liveness_result("D2B55F0C-FB5D-4FB6-8765-3E931EBBFC79")
                    .await
                    .is_ok(),
                1 => clients.trustdecision.result("1234567").await.is_ok(),
                2 => clients
                    .talentomobile
                    .result("d5335d6a-9d95-4977-9976-00dede352749")
                    .await
                    .is_ok(),
                _ => clients
                    .verifik
                    .retrieve("6716c5e2a9b4f3a1d2e4c8b7")
                    .await
                    .is_ok(),
            }
        });
    }
    let mut failed = 0;
    while let Some(ok) = calls.join_next().await {
        if !ok.expect("joined") {
            failed += 1;
        }
    }
    failed
}

/// Resident memory in bytes, where the platform says.
fn resident_bytes() -> Option<u64> {
    let statm = std::fs::read_to_string("/proc/self/statm").ok()?;
    let pages: u64 = statm.split_whitespace().nth(1)?.parse().ok()?;
    Some(pages * 4096)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn ten_thousand_calls_without_failures_or_growth() {
    let mock = MockServer::start(MockConfig::demo()).await.expect("mock");
    let base = mock.base_url();
    let clients = Arc::new(Clients {
        tencent: clients::tencent(base, HttpOptions::default()),
        trustdecision: clients::trustdecision(base, HttpOptions::default()),
        talentomobile: clients::talentomobile(base, HttpOptions::default()),
        verifik: clients::verifik(base, HttpOptions::default()),
    });
    assert_eq!(run(&clients, 6_000).await, 0, "warm-up calls failed");
    let before = resident_bytes();
    assert_eq!(run(&clients, 4_000).await, 0, "calls failed under load");
    let after = resident_bytes();
    if let (Some(before), Some(after)) = (before, after) {
        let growth = after.saturating_sub(before);
        println!(
            "resident: {} KiB before, {} KiB after 4,000 more calls",
            before / 1024,
            after / 1024
        );
        assert!(
            growth < 2 * 1024 * 1024,
            "resident memory grew {} KiB over 4,000 calls",
            growth / 1024
        );
    }
    assert_eq!(mock.requests().len(), liveness_mock::LOG_CAPACITY);
}
