//! Correct under bad conditions, against the fault-injecting mock: each retryable class is
//! retried to success, the others are not retried, every attempt is signed afresh, the retry
//! deadline holds, the rate limiter keeps Tencent at 20 per second, a server clock ±10 minutes
//! off is survived, and malformed bodies are typed errors.

use std::time::{Duration, Instant};

use contract_tests::clients;
use liveness::{Error, HttpOptions, RetryPolicy, TransportKind};
use liveness_mock::{Fault, FaultRule, MockConfig, MockServer, Vendor};

const SAMPLE_PROCESS: &str = "d5335d6a-9d95-4977-9976-00dede352749";
const SAMPLE_RECORD: &str = "6716c5e2a9b4f3a1d2e4c8b7";

fn retries(attempts: u32) -> HttpOptions {
    HttpOptions::default().retry(
        RetryPolicy::standard()
            .max_attempts(attempts)
            .backoff(Duration::from_millis(5), Duration::from_millis(20)),
    )
}

async fn mock() -> MockServer {
    MockServer::start(MockConfig::demo()).await.expect("mock")
}

fn requests_to(mock: &MockServer, vendor: Vendor) -> usize {
    mock.requests()
        .iter()
        .filter(|r| r.vendor == Some(vendor))
        .count()
}

/// One call of `vendor`'s idempotent result operation; its attempt count.
async fn call(vendor: Vendor, base: &str, options: HttpOptions) -> Result<u32, Error> {
    match vendor {
        Vendor::Tencent => clients::tencent(base, options)
            .get_liveness_result("D2B55F0C-FB5D-4FB6-8765-3E931EBBFC79")
            .await
            .map(|r| r.attempts),
        Vendor::TrustDecision => clients::trustdecision(base, options)
            .result("1234567")
            .await
            .map(|r| r.attempts),
        Vendor::Talentomobile => clients::talentomobile(base, options)
            .result(SAMPLE_PROCESS)
            .await
            .map(|r| r.attempts),
        Vendor::Verifik => clients::verifik(base, options)
            .retrieve(SAMPLE_RECORD)
            .await
            .map(|r| r.attempts),
    }
}

#[tokio::test]
async fn each_retryable_class_is_retried_to_success() {
    let cases = [
        (Vendor::Tencent, Fault::RateLimit),
        (Vendor::Tencent, Fault::InternalError),
        (Vendor::Tencent, Fault::Drop),
        (Vendor::TrustDecision, Fault::InternalError),
        (Vendor::TrustDecision, Fault::ServerError),
        (Vendor::Talentomobile, Fault::RateLimit),
        (Vendor::Talentomobile, Fault::ServerError),
        (Vendor::Verifik, Fault::RateLimit),
        (Vendor::Verifik, Fault::InternalError),
    ];
    for (vendor, fault) in cases {
        let mock = mock().await;
        mock.inject(FaultRule::times(fault.clone(), 2).for_vendor(vendor));
        let attempts = call(vendor, mock.base_url(), retries(3))
            .await
            .unwrap_or_else(|e| panic!("{vendor} {fault:?}: {e}"));
        assert_eq!(attempts, 3, "{vendor} {fault:?}");
        assert_eq!(requests_to(&mock, vendor), 3, "{vendor} {fault:?}");

        // Without a retry policy the same fault is the call's error.
        let mock = self::mock().await;
        mock.inject(FaultRule::times(fault.clone(), 1).for_vendor(vendor));
        assert!(
            call(vendor, mock.base_url(), HttpOptions::default())
                .await
                .is_err(),
            "{vendor} {fault:?}"
        );
    }
}

#[tokio::test]
async fn errors_that_fail_the_same_way_every_time_are_not_retried() {
    let mock = mock().await;
    let base = mock.base_url();
    let wrong_key = liveness::tencent::Client::builder()
        .region("ap-singapore")
        .credentials(
            liveness::tencent::Credentials::new(
                liveness_mock::config::DEMO_TENCENT_SECRET_ID,
                String::from("not-the-key").into(),
            )
            .unwrap(),
        )
        .base_url(base)
        .options(retries(5))
        .build()
        .unwrap();
    assert!(wrong_key.get_liveness_result("t").await.is_err());
    assert_eq!(requests_to(&mock, Vendor::Tencent), 1, "SignatureFailure");

    let wrong_token = liveness::verifik::Client::builder()
        .token("not-the-token")
        .base_url(base)
        .options(retries(5))
        .build()
        .unwrap();
    assert_eq!(
        wrong_token
            .retrieve(SAMPLE_RECORD)
            .await
            .unwrap_err()
            .status(),
        Some(401)
    );
    assert_eq!(requests_to(&mock, Vendor::Verifik), 1, "401");

    // A create may have taken effect before a 5xx: never retried.
    mock.inject(FaultRule::times(Fault::ServerError, 1).for_vendor(Vendor::Verifik));
    let create = clients::verifik(base, retries(5))
        .create(
            liveness::verifik::CreateRequest::new("aGk=")
                .check(liveness::verifik::Check::ScreenReplay),
        )
        .await;
    assert_eq!(create.unwrap_err().status(), Some(503));
    assert_eq!(requests_to(&mock, Vendor::Verifik), 2);

    // TrustDecision's parameter error (an unknown id) is final.
    assert!(
        clients::trustdecision(base, retries(5))
            .result("no-such-id")
            .await
            .is_err()
    );
    assert_eq!(requests_to(&mock, Vendor::TrustDecision), 1);
}

#[tokio::test]
async fn every_attempt_is_signed_afresh() {
    let mock = mock().await;
    mock.inject(FaultRule::times(Fault::RateLimit, 2).for_vendor(Vendor::Tencent));
    // Waits over a second apart, so each attempt's timestamp (and signature) differs.
    let options = HttpOptions::default().retry(
        RetryPolicy::standard()
            .max_attempts(3)
            .backoff(Duration::from_millis(1_050), Duration::from_millis(1_050))
            .jitter(false),
    );
    let response = clients::tencent(mock.base_url(), options)
        .apply_liveness_token(None)
        .await
        .expect("the third attempt succeeds");
    assert_eq!(response.attempts, 3);
    let signatures: Vec<String> = mock
        .requests()
        .into_iter()
        .filter_map(|r| r.tc3_signature)
        .collect();
    assert_eq!(signatures.len(), 3);
    assert_ne!(signatures[0], signatures[1]);
    assert_ne!(signatures[1], signatures[2]);
}

#[tokio::test]
async fn the_total_deadline_holds_against_a_slow_vendor() {
    let mock = mock().await;
    mock.inject(FaultRule::always(Fault::Slow(Duration::from_millis(1_200))));
    let options = HttpOptions::default()
        .timeout(Duration::from_millis(300))
        .retry(
            RetryPolicy::standard()
                .max_attempts(100)
                .backoff(Duration::from_millis(10), Duration::from_millis(20))
                .deadline(Some(Duration::from_millis(1_000))),
        );
    let started = Instant::now();
    let error = call(Vendor::Talentomobile, mock.base_url(), options)
        .await
        .unwrap_err();
    let elapsed = started.elapsed();
    assert!(
        matches!(
            error,
            Error::Transport {
                kind: TransportKind::Timeout,
                ..
            }
        ),
        "{error:?}"
    );
    // Slack for a loaded machine; without the deadline 100 attempts would take 30 s.
    assert!(elapsed < Duration::from_millis(3_000), "{elapsed:?}");
    let sent = requests_to(&mock, Vendor::Talentomobile);
    assert!((2..10).contains(&sent), "{sent} attempts");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn the_rate_limiter_keeps_tencent_at_20_per_second_under_a_burst() {
    let mock = mock().await;
    let client = std::sync::Arc::new(clients::tencent(
        mock.base_url(),
        HttpOptions::default().rate_limit(Some(20)),
    ));
    let started = Instant::now();
    let calls: Vec<_> = (0..200)
        .map(|_| {
            let client = client.clone();
            tokio::spawn(async move {
                client
                    .get_liveness_result("D2B55F0C-FB5D-4FB6-8765-3E931EBBFC79")
                    .await
                    .map(|_| ())
            })
        })
        .collect();
    // A limiter that lets nothing through (or too little) fails here instead of hanging.
    tokio::time::timeout(Duration::from_secs(30), async {
        for call in calls {
            call.await.expect("joined").expect("every call succeeds");
        }
    })
    .await
    .expect("200 calls at 20/s finish well within 30 s");
    let elapsed = started.elapsed();
    let arrivals: Vec<u64> = mock.requests().iter().map(|r| r.at_ms).collect();
    assert_eq!(arrivals.len(), 200);
    // The lower bound on the rate: 199 intervals of 52.5 ms (1/20 s plus the 5% margin) is
    // 10.4 s; a limiter that spaces calls much wider than the limit wastes the vendor's budget.
    assert!(
        elapsed >= Duration::from_millis(10_000) && elapsed <= Duration::from_millis(14_000),
        "200 calls at 20/s took {elapsed:?}"
    );
    // No one-second window at the mock holds more than 20 arrivals.
    let busiest = contract_tests::rate::busiest_second(&arrivals);
    assert!(busiest <= 20, "{busiest} requests within one second");
}

#[tokio::test]
async fn a_server_clock_ten_minutes_off_either_way_is_survived() {
    for offset in [600, -600] {
        let mock = MockServer::start(MockConfig {
            clock_offset_secs: offset,
            ..MockConfig::demo()
        })
        .await
        .unwrap();
        let client = clients::tencent(mock.base_url(), HttpOptions::default());
        client
            .apply_liveness_token(None)
            .await
            .unwrap_or_else(|e| panic!("offset {offset}: {e}"));
        assert!((client.clock_offset() - offset).abs() <= 5, "{offset}");
    }
}

#[tokio::test]
async fn malformed_bodies_are_typed_errors() {
    for vendor in Vendor::ALL {
        for (fault, expected) in [
            (Fault::Html, "decode"),
            (Fault::WrongType, "decode"),
            (Fault::Drop, "transport"),
            (Fault::Oversize(2 * 1024 * 1024), "too large"),
        ] {
            let mock = mock().await;
            mock.inject(FaultRule::always(fault.clone()).for_vendor(vendor));
            let options = HttpOptions::default().max_body_bytes(1024 * 1024);
            let error = call(vendor, mock.base_url(), options).await.unwrap_err();
            let matched = match expected {
                "decode" => matches!(error, Error::Decode { .. }),
                "transport" => matches!(error, Error::Transport { .. }),
                _ => matches!(error, Error::BodyTooLarge { .. }),
            };
            assert!(matched, "{vendor} {fault:?}: {error:?}");
            assert!(!error.to_string().contains('\n') || expected == "decode");
        }
    }
}
