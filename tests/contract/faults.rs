//! Failure paths end to end: each fault the mock injects gives the documented typed error, or a
//! successful retry when the client's retry policy allows one.

use std::time::Duration;

use contract_tests::clients;
use liveness::tencent::ErrorCode;
use liveness::{Error, HttpOptions, RetryPolicy, TransportKind, VendorError};
use liveness_mock::{Fault, FaultRule, MockConfig, MockServer, Vendor};

/// Talentomobile's sample process id (specs/talentomobile.yaml).
const SAMPLE: &str = "d5335d6a-9d95-4977-9976-00dede352749";

fn quick_retries() -> RetryPolicy {
    RetryPolicy::standard()
        .max_attempts(3)
        .backoff(Duration::from_millis(5), Duration::from_millis(20))
}

async fn mock_with(rule: FaultRule) -> MockServer {
    let mock = MockServer::start(MockConfig::demo()).await.unwrap();
    mock.inject(rule);
    mock
}

#[tokio::test]
async fn tencent_rate_limit_is_typed_then_retried() {
    let mock = mock_with(FaultRule::always(Fault::RateLimit).for_vendor(Vendor::Tencent)).await;
    let error = clients::tencent(mock.base_url(), HttpOptions::default())
        .apply_liveness_token(None)
        .await
        .unwrap_err();
    let Error::Vendor { error: vendor, .. } = &error else {
        panic!("expected a vendor error, got {error:?}");
    };
    let VendorError::Tencent(tencent_error) = vendor.as_ref() else {
        panic!("expected a Tencent error, got {vendor:?}");
    };
    assert!(matches!(
        tencent_error.code,
        ErrorCode::RequestLimitExceeded(_)
    ));

    let mock = mock_with(FaultRule::times(Fault::RateLimit, 2).for_vendor(Vendor::Tencent)).await;
    let response = clients::tencent(
        mock.base_url(),
        HttpOptions::default().retry(quick_retries()),
    )
    .apply_liveness_token(None)
    .await
    .expect("the third attempt succeeds");
    assert_eq!(response.attempts, 3);
}

#[tokio::test]
async fn http_429_and_5xx_are_statuses_then_retried() {
    let mock = mock_with(FaultRule::always(Fault::RateLimit)).await;
    let error = clients::talentomobile(mock.base_url(), HttpOptions::default())
        .result(SAMPLE)
        .await
        .unwrap_err();
    assert_eq!(error.status(), Some(429), "{error:?}");

    let mock = mock_with(FaultRule::always(Fault::ServerError)).await;
    let error = clients::talentomobile(mock.base_url(), HttpOptions::default())
        .result(SAMPLE)
        .await
        .unwrap_err();
    assert!(
        matches!(error, Error::Status { status: 503, .. }),
        "{error:?}"
    );

    let mock = mock_with(FaultRule::times(Fault::ServerError, 2)).await;
    let response = clients::talentomobile(
        mock.base_url(),
        HttpOptions::default().retry(quick_retries()),
    )
    .result(SAMPLE)
    .await
    .expect("retried to success");
    assert_eq!(response.attempts, 3);
    assert_eq!(response.value.len(), 3);
}

#[tokio::test]
async fn a_slow_vendor_is_a_timeout() {
    let mock = mock_with(FaultRule::always(Fault::Slow(Duration::from_secs(3)))).await;
    let error = clients::talentomobile(
        mock.base_url(),
        HttpOptions::default().timeout(Duration::from_millis(200)),
    )
    .result(SAMPLE)
    .await
    .unwrap_err();
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
}

#[tokio::test]
async fn a_dropped_connection_is_a_transport_error_then_retried() {
    let mock = mock_with(FaultRule::always(Fault::Drop)).await;
    let error = clients::talentomobile(mock.base_url(), HttpOptions::default())
        .result(SAMPLE)
        .await
        .unwrap_err();
    assert!(matches!(error, Error::Transport { .. }), "{error:?}");

    let mock = mock_with(FaultRule::times(Fault::Drop, 1)).await;
    let response = clients::talentomobile(
        mock.base_url(),
        HttpOptions::default().retry(quick_retries()),
    )
    .result(SAMPLE)
    .await
    .expect("retried to success");
    assert_eq!(response.attempts, 2);
}

#[tokio::test]
async fn an_oversized_body_stops_at_the_cap() {
    let mock = mock_with(FaultRule::always(Fault::Oversize(3 * 1024 * 1024))).await;
    let error = clients::verifik(
        mock.base_url(),
        HttpOptions::default().max_body_bytes(1024 * 1024),
    )
    .retrieve("6716c5e2a9b4f3a1d2e4c8b7")
    .await
    .unwrap_err();
    assert!(
        matches!(
            error,
            Error::BodyTooLarge {
                limit: 1_048_576,
                ..
            }
        ),
        "{error:?}"
    );
}

#[tokio::test]
async fn a_shifted_server_clock_is_learned_and_kept() {
    let mock = MockServer::start(MockConfig {
        clock_offset_secs: 900,
        ..MockConfig::demo()
    })
    .await
    .unwrap();
    let client = clients::tencent(mock.base_url(), HttpOptions::default());
    let response = client
        .apply_liveness_token(None)
        .await
        .expect("the client learns the offset and retries once");
    assert_eq!(
        response.attempts, 1,
        "the retry is the skew correction's own"
    );
    assert!(
        (client.clock_offset() - 900).abs() <= 5,
        "{}",
        client.clock_offset()
    );
    // Later calls sign with the learned offset: no SignatureExpire round trip.
    let before = mock.requests().len();
    client
        .apply_liveness_token(None)
        .await
        .expect("second call");
    assert_eq!(mock.requests().len(), before + 1);
}

#[tokio::test]
async fn a_body_in_many_chunks_is_kept_whole() {
    // 3 MiB in 64 KiB chunks, under the default cap: not a Talentomobile result, so a decode
    // error that keeps every byte of the body.
    let size = 3 * 1024 * 1024;
    let mock = mock_with(FaultRule::always(Fault::Oversize(size))).await;
    let error = clients::talentomobile(mock.base_url(), HttpOptions::default())
        .result(SAMPLE)
        .await
        .unwrap_err();
    let body = error.body().expect("the body is kept").bytes();
    assert_eq!(body.len() as u64, size, "{error}");
    assert!(body.starts_with(b"{\"padding\":\"aaa") && body.ends_with(b"aaa\"}"));
}
