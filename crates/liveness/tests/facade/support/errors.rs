//! Options and assertions every vendor's tests share: quick retries, a refused connection, the
//! kinds of error a call must end in, and the check that a secret shows in none of them.

use std::fmt::Debug;
use std::future::Future;
use std::time::Duration;

use liveness::{Error, HttpOptions, RetryPolicy, TransportKind, VendorError};
use wiremock::{MockServer, Request, Respond, ResponseTemplate};

use super::{closed_port, logged, logs, now_serving};

/// `$builder` (credentials set) pointed at the base URL `$base`, with `$options`, built.
macro_rules! build_against {
    ($builder:expr, $base:expr, $options:expr $(,)?) => {
        $builder
            .base_url($base)
            .options($options)
            .build()
            .expect("client")
    };
}
pub(crate) use build_against;

/// The standard retry policy with 1–5 ms of backoff, so a retrying test stays fast.
pub fn fast_retries() -> HttpOptions {
    HttpOptions::default()
        .retry(RetryPolicy::standard().backoff(Duration::from_millis(1), Duration::from_millis(5)))
}

/// Up to `attempts` attempts, 1–2 ms apart.
pub fn quick_retries(attempts: u32) -> RetryPolicy {
    RetryPolicy::standard()
        .max_attempts(attempts)
        .backoff(Duration::from_millis(1), Duration::from_millis(2))
}

/// A 300 ms timeout: the leak tests' slow server (3 s) times out.
pub fn short_timeout() -> HttpOptions {
    HttpOptions::default().timeout(Duration::from_millis(300))
}

/// A base URL on a loopback port nothing listens on: connections to it are refused.
pub fn refused_url() -> String {
    format!("http://127.0.0.1:{}", closed_port())
}

/// Fails unless `error` is a transport error of `kind`.
pub fn assert_transport(error: &Error, kind: TransportKind) {
    assert!(
        matches!(error, Error::Transport { kind: found, .. } if *found == kind),
        "expected a {kind:?} transport error, got {error:?}"
    );
}

/// Fails unless `result` is a request refused before sending; `case` names it.
pub fn assert_invalid_request<T: Debug>(result: Result<T, Error>, case: &str) {
    match result {
        Err(Error::InvalidRequest { .. }) => {}
        other => panic!("{case}: not refused before sending: {other:?}"),
    }
}

/// The message of a configuration error; anything else fails the test, naming `case`.
pub fn config_message<T: Debug>(built: Result<T, Error>, case: &str) -> String {
    match built {
        Err(Error::Config { message }) => message,
        other => panic!("{case}: not a configuration error: {other:?}"),
    }
}

/// What the vendor said in `error`, which must be a vendor error.
pub fn vendor_error(error: &Error) -> &VendorError {
    match error {
        Error::Vendor { error, .. } => error,
        other => panic!("expected a vendor error, got {other:?}"),
    }
}

// --- Secrets: whatever fails, no secret shows. ---

/// A response for a named case, whatever its type.
pub type Case = (&'static str, Box<dyn Respond>);

/// The failures every client meets after connecting, by name: a timeout (3 s, past
/// `short_timeout`), a 4xx and a 5xx echoing `echo`, bad JSON carrying it, and `vendor_error`.
pub fn failing_responses(echo: &str, vendor_error: ResponseTemplate) -> Vec<Case> {
    vec![
        (
            "timeout",
            Box::new(ResponseTemplate::new(200).set_delay(Duration::from_secs(3))),
        ),
        (
            "4xx",
            Box::new(ResponseTemplate::new(403).set_body_string(echo)),
        ),
        (
            "5xx",
            Box::new(ResponseTemplate::new(502).set_body_string(echo)),
        ),
        (
            "bad json",
            Box::new(
                ResponseTemplate::new(200)
                    .set_body_raw(format!("{{not json {echo}"), "application/json"),
            ),
        ),
        ("vendor error", Box::new(vendor_error)),
    ]
}

/// The error of `call` on a client for a refused connection (which must be a connect error),
/// then on a client for a server answering each of `cases` to every `verb` request, by case
/// name. `client` builds a client for a base URL; its `Debug` must show none of `secrets`.
/// The calls are logged to the binary's subscriber, for `assert_logs_hide`.
pub async fn failures<C: Debug, T: Debug, F: Future<Output = Result<T, Error>>>(
    client: impl Fn(String) -> C,
    call: impl Fn(C) -> F,
    verb: &str,
    cases: Vec<Case>,
    secrets: &[&str],
) -> Vec<(&'static str, Error)> {
    logs();
    let refused = call(client(refused_url()))
        .await
        .expect_err("connection refused");
    assert_transport(&refused, TransportKind::Connect);
    let mut errors = vec![("connection refused", refused)];
    let server = MockServer::start().await;
    for (case, response) in cases {
        now_serving(&server, verb, move |request: &Request| {
            response.respond(request)
        })
        .await;
        let client = client(server.uri());
        assert_shows_none(case, &format!("{client:?}"), secrets);
        errors.push((case, call(client).await.expect_err(case)));
    }
    errors
}

/// Fails if `shown` contains any of `secrets`; `case` names it.
pub fn assert_shows_none(case: &str, shown: &str, secrets: &[&str]) {
    for secret in secrets {
        assert!(!shown.contains(secret), "{case}: {secret} in: {shown}");
    }
}

/// Fails if any of `secrets` shows in an error's `Display` or `Debug`, or in those of any error
/// in its source chain, or in the logs so far; and unless the logs record failed calls.
pub fn assert_hidden(errors: &[(&str, Error)], secrets: &[&str]) {
    for (case, error) in errors {
        let mut next: Option<&(dyn std::error::Error + 'static)> = Some(error);
        while let Some(error) = next {
            assert_shows_none(case, &format!("{error}"), secrets);
            assert_shows_none(case, &format!("{error:?}"), secrets);
            next = error.source();
        }
    }
    let logs = logged();
    assert!(logs.contains("call failed"), "the failures were logged");
    assert_shows_none("the logs", &logs, secrets);
}

/// The body the server sent in `case`, as its error keeps it (unmasked).
pub fn raw_body(errors: &[(&str, Error)], case: &str) -> String {
    let (_, error) = errors
        .iter()
        .find(|(name, _)| *name == case)
        .unwrap_or_else(|| panic!("no case {case}"));
    let body = error
        .body()
        .unwrap_or_else(|| panic!("{case}: no body kept"));
    String::from_utf8_lossy(body.bytes()).into_owned()
}
