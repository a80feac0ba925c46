//! The rules that cost money when wrong, tested as tables, one row at a time, counting what the
//! server received: which failures are retried for an idempotent read and for a create that
//! may charge (a refused connection never reached the vendor, a timed-out create may have), the
//! body cap at cap−1, cap and cap+1 with a truthful, a missing and a lying Content-Length, and
//! user info in a base URL.
#![cfg(all(
    feature = "verifik",
    feature = "talentomobile",
    feature = "tencent",
    feature = "trustdecision"
))]

use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use liveness::verifik::{Check, CreateRequest};
use liveness::{
    Error, HttpOptions, RetryPolicy, TransportKind, talentomobile, tencent, trustdecision, verifik,
};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

use crate::support::{assert_transport, build_against, config_message};

const TOKEN: &str = "table-test-token-0001";
const KEY: &str = "table-test-key-0001";
const RECORD: &str = r#"{"data":{"_id":"rec-1","isLive":true}}"#;

/// What the server does with one request.
#[derive(Clone, Debug)]
enum Act {
    /// Answers with this status, extra header lines and body (Content-Length truthful).
    Answer(u16, &'static str, String),
    /// Reads the request, then waits longer than any client timeout here.
    Hang,
    /// Reads the request, then closes the connection without a word.
    Reset,
    /// Writes this raw response (for lying or missing Content-Length), then closes.
    Raw(Vec<u8>),
}

/// A loopback server playing `script` (one act per request; the last repeats), one request per
/// connection, counting the requests it read.
struct Server {
    addr: SocketAddr,
    requests: Arc<AtomicUsize>,
}

impl Server {
    async fn start(script: Vec<Act>) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let addr = listener.local_addr().expect("addr");
        let requests = Arc::new(AtomicUsize::new(0));
        let count = requests.clone();
        tokio::spawn(async move {
            loop {
                let Ok((socket, _)) = listener.accept().await else {
                    return;
                };
                let count = count.clone();
                let script = script.clone();
                tokio::spawn(async move { serve(socket, &script, &count).await });
            }
        });
        Self { addr, requests }
    }

    fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    fn requests(&self) -> usize {
        self.requests.load(Ordering::SeqCst)
    }
}

async fn serve(mut socket: TcpStream, script: &[Act], count: &AtomicUsize) {
    if !read_request(&mut socket).await {
        return;
    }
    let n = count.fetch_add(1, Ordering::SeqCst);
    let act = script[n.min(script.len() - 1)].clone();
    match act {
        Act::Answer(status, headers, body) => {
            let response = format!(
                "HTTP/1.1 {status} X\r\ncontent-type: application/json\r\n{headers}content-length: {}\r\nconnection: close\r\n\r\n{body}",
                body.len()
            );
            let _ = socket.write_all(response.as_bytes()).await;
        }
        Act::Hang => tokio::time::sleep(Duration::from_secs(30)).await,
        Act::Reset => {}
        Act::Raw(bytes) => {
            let _ = socket.write_all(&bytes).await;
        }
    }
    let _ = socket.shutdown().await;
}

/// Reads one request head and its Content-Length body; false if the peer went away first.
async fn read_request(socket: &mut TcpStream) -> bool {
    let mut buf = Vec::new();
    let mut chunk = [0u8; 4096];
    loop {
        let Ok(n) = socket.read(&mut chunk).await else {
            return false;
        };
        if n == 0 {
            return false;
        }
        buf.extend_from_slice(&chunk[..n]);
        if let Some(end) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            let head = String::from_utf8_lossy(&buf[..end]).to_ascii_lowercase();
            let length: usize = head
                .lines()
                .find_map(|l| l.strip_prefix("content-length:"))
                .and_then(|v| v.trim().parse().ok())
                .unwrap_or(0);
            while buf.len() < end + 4 + length {
                match socket.read(&mut chunk).await {
                    Ok(0) | Err(_) => return false,
                    Ok(n) => buf.extend_from_slice(&chunk[..n]),
                }
            }
            return true;
        }
    }
}

fn retrying() -> HttpOptions {
    HttpOptions::default()
        .timeout(Duration::from_millis(300))
        .retry(
            RetryPolicy::standard()
                .max_attempts(3)
                .backoff(Duration::from_millis(5), Duration::from_millis(10))
                .deadline(Some(Duration::from_secs(10))),
        )
}

fn tencent_client(base: &str, options: HttpOptions) -> tencent::Client {
    let credentials =
        tencent::Credentials::new("AKIDtables", "tables-secret-key".to_owned().into()).unwrap();
    let builder = tencent::Client::builder().region("ap-singapore");
    build_against!(builder.credentials(credentials), base, options)
}

fn verifik_client(base: &str, options: HttpOptions) -> verifik::Client {
    build_against!(verifik::Client::builder().token(TOKEN), base, options)
}

/// The idempotent read (retrieve) and the create that may charge, against one script each.
async fn both(act: Act) -> ((Result<u32, Error>, usize), (Result<u32, Error>, usize)) {
    let read = Server::start(vec![act.clone()]).await;
    let retrieved = verifik_client(&read.url(), retrying())
        .retrieve("rec-1")
        .await
        .map(|r| r.attempts);
    let create = Server::start(vec![act]).await;
    let created = verifik_client(&create.url(), retrying())
        .create(CreateRequest::new("aGVsbG8=").check(Check::ScreenReplay))
        .await
        .map(|r| r.attempts);
    ((retrieved, read.requests()), (created, create.requests()))
}

/// The retry table (`RetryPolicy`'s docs): failure × idempotent or not → requests the vendor
/// received, with three attempts allowed.
#[tokio::test]
async fn retry_table_failure_by_idempotency_gives_the_documented_request_count() {
    let json_500 = r#"{"code":"InternalError","message":"boom"}"#.to_owned();
    let rows: Vec<(&str, Act, usize, usize)> = vec![
        // (row, act, requests for the read, requests for the create)
        ("timeout", Act::Hang, 3, 1),
        ("reset", Act::Reset, 3, 1),
        (
            "429 without Retry-After",
            Act::Answer(429, "", "{}".into()),
            3,
            3,
        ),
        (
            "429 with Retry-After",
            Act::Answer(429, "retry-after: 0\r\n", "{}".into()),
            3,
            3,
        ),
        ("500 vendor error", Act::Answer(500, "", json_500), 3, 1),
        (
            "502",
            Act::Answer(502, "", "<html>bad gateway</html>".into()),
            3,
            1,
        ),
        (
            "503",
            Act::Answer(503, "", "<html>unavailable</html>".into()),
            3,
            1,
        ),
        (
            "502 vendor error",
            Act::Answer(
                502,
                "",
                r#"{"code":"BadGateway","message":"upstream"}"#.into(),
            ),
            3,
            1,
        ),
        (
            "503 vendor error",
            Act::Answer(
                503,
                "",
                r#"{"error":"Unavailable","message":"busy"}"#.into(),
            ),
            3,
            1,
        ),
        (
            "400 vendor error",
            Act::Answer(400, "", r#"{"message":"bad"}"#.into()),
            1,
            1,
        ),
        (
            "401",
            Act::Answer(401, "", r#"{"message":"no"}"#.into()),
            1,
            1,
        ),
        (
            "404",
            Act::Answer(404, "", r#"{"message":"none"}"#.into()),
            1,
            1,
        ),
    ];
    for (row, act, read_requests, create_requests) in rows {
        let ((read, read_seen), (create, create_seen)) = both(act).await;
        assert!(read.is_err(), "{row}: the read succeeded");
        assert!(create.is_err(), "{row}: the create succeeded");
        assert_eq!(read_seen, read_requests, "{row}: read requests");
        assert_eq!(create_seen, create_requests, "{row}: create requests");
    }
}

/// The vendor codes that mean "busy" or "internal", sent with HTTP 200: retried (every Tencent
/// and TrustDecision operation is a read or a token, safe to repeat); a code that is not one of
/// them is sent once.
#[tokio::test]
async fn retry_table_vendor_codes_sent_with_http_200() {
    let tencent_error = |code: &str| {
        format!(r#"{{"Response":{{"Error":{{"Code":"{code}","Message":"m"}},"RequestId":"r"}}}}"#)
    };
    for (code, expected) in [
        ("RequestLimitExceeded", 3),
        ("RequestLimitExceeded.UinLimitExceeded", 3),
        ("InternalError", 3),
        ("InvalidParameterValue.BizTokenIllegal", 1),
        ("AuthFailure.SignatureFailure", 1),
    ] {
        let server = Server::start(vec![Act::Answer(200, "", tencent_error(code))]).await;
        let client = tencent_client(&server.url(), retrying());
        assert!(client.get_liveness_result("t").await.is_err(), "{code}");
        assert_eq!(server.requests(), expected, "Tencent {code}");
    }
    for (code, expected) in [(11350, 3), (11340, 1), (303, 1)] {
        let server = Server::start(vec![Act::Answer(
            200,
            "",
            format!(r#"{{"code":{code},"message":"m","sequence_id":"s"}}"#),
        )])
        .await;
        let builder = trustdecision::Client::builder()
            .partner_code("tables-partner")
            .partner_key("tables-partner-key");
        let client = build_against!(builder, server.url(), retrying());
        assert!(client.result("1234567").await.is_err(), "{code}");
        assert_eq!(server.requests(), expected, "TrustDecision {code}");
    }
}

/// A refused connection never reached the vendor: even a create is tried again, and goes
/// through once the vendor listens.
#[tokio::test]
async fn retry_table_a_refused_connection_is_retried_for_a_create_too() {
    for create in [false, true] {
        // A free port, closed until the first attempt has been refused.
        let port = TcpListener::bind("127.0.0.1:0")
            .await
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let policy = RetryPolicy::standard()
            .max_attempts(3)
            .backoff(Duration::from_millis(400), Duration::from_millis(400))
            .jitter(false);
        let client = verifik_client(
            &format!("http://127.0.0.1:{port}"),
            HttpOptions::default().retry(policy),
        );
        let call = tokio::spawn(async move {
            if create {
                client
                    .create(CreateRequest::new("aGVsbG8=").check(Check::ScreenReplay))
                    .await
                    .map(|r| r.attempts)
            } else {
                client.retrieve("rec-1").await.map(|r| r.attempts)
            }
        });
        tokio::time::sleep(Duration::from_millis(150)).await;
        let listener = TcpListener::bind(("127.0.0.1", port))
            .await
            .expect("rebind");
        // Bounded: a client that does not retry must fail this test, not hang it.
        let (mut socket, _) = tokio::time::timeout(Duration::from_secs(5), listener.accept())
            .await
            .unwrap_or_else(|_| panic!("create={create}: no retry after the refused connection"))
            .expect("accept");
        assert!(read_request(&mut socket).await);
        let response = format!(
            "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{RECORD}",
            RECORD.len()
        );
        socket.write_all(response.as_bytes()).await.unwrap();
        let attempts = call.await.unwrap().expect("succeeds on the retry");
        assert_eq!(attempts, 2, "create={create}");
    }
}

/// Without retries, nothing is retried, whatever the failure.
#[tokio::test]
async fn retry_table_no_policy_sends_once() {
    let server = Server::start(vec![Act::Answer(429, "", "{}".into())]).await;
    let client = verifik_client(&server.url(), HttpOptions::default());
    assert!(client.retrieve("rec-1").await.is_err());
    assert_eq!(server.requests(), 1);
}

fn talentomobile_client(base: &str, cap: usize) -> talentomobile::Client {
    let options = HttpOptions::default().max_body_bytes(cap);
    build_against!(talentomobile::Client::builder().api_key(KEY), base, options)
}

/// A JSON array of exactly `len` bytes (`[` + spaces + `]`).
fn json_of_len(len: usize) -> Vec<u8> {
    let mut body = vec![b' '; len];
    body[0] = b'[';
    body[len - 1] = b']';
    body
}

fn with_length(declared: usize, body: &[u8]) -> Vec<u8> {
    let mut out = format!(
        "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {declared}\r\nconnection: close\r\n\r\n"
    )
    .into_bytes();
    out.extend_from_slice(body);
    out
}

fn chunked(body: &[u8]) -> Vec<u8> {
    let mut out = b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ntransfer-encoding: chunked\r\nconnection: close\r\n\r\n".to_vec();
    // Two chunks, so the cap is checked across chunk boundaries.
    let (a, b) = body.split_at(body.len() / 2);
    for part in [a, b] {
        out.extend_from_slice(format!("{:x}\r\n", part.len()).as_bytes());
        out.extend_from_slice(part);
        out.extend_from_slice(b"\r\n");
    }
    out.extend_from_slice(b"0\r\n\r\n");
    out
}

/// What a call with `cap` made of `response`: Ok(empty list), too large, or another error.
async fn capped(cap: usize, response: Vec<u8>) -> &'static str {
    let server = Server::start(vec![Act::Raw(response)]).await;
    match talentomobile_client(&server.url(), cap).result("p").await {
        Ok(r) if r.value.is_empty() => "ok",
        Ok(_) => "ok but not empty",
        Err(Error::BodyTooLarge { limit, .. }) if limit == cap => "too large",
        Err(Error::Transport { .. }) => "transport",
        Err(other) => panic!("unexpected: {other:?}"),
    }
}

/// The body cap at cap−1, cap and cap+1, with a truthful, a missing (chunked) and a lying
/// Content-Length.
#[tokio::test]
async fn body_cap_table() {
    const CAP: usize = 4096;
    let rows: Vec<(&str, Vec<u8>, &str)> = vec![
        (
            "cap-1, truthful",
            with_length(CAP - 1, &json_of_len(CAP - 1)),
            "ok",
        ),
        ("cap, truthful", with_length(CAP, &json_of_len(CAP)), "ok"),
        (
            "cap+1, truthful",
            with_length(CAP + 1, &json_of_len(CAP + 1)),
            "too large",
        ),
        ("cap-1, chunked", chunked(&json_of_len(CAP - 1)), "ok"),
        ("cap, chunked", chunked(&json_of_len(CAP)), "ok"),
        (
            "cap+1, chunked",
            chunked(&json_of_len(CAP + 1)),
            "too large",
        ),
        // Declares more than the cap, sends less: refused on the declaration, before reading.
        (
            "declares cap+1, sends cap",
            with_length(CAP + 1, &json_of_len(CAP)),
            "too large",
        ),
        // Declares the cap, sends more: only the declared bytes are read, and they fit.
        (
            "declares cap, sends cap+10",
            with_length(CAP, &{
                let mut body = json_of_len(CAP);
                body.extend_from_slice(b"0123456789");
                body
            }),
            "ok",
        ),
        // Declares within the cap, then the connection ends early: a broken transfer.
        (
            "declares cap-1, sends 10",
            with_length(CAP - 1, &json_of_len(10)),
            "transport",
        ),
    ];
    for (row, response, expected) in rows {
        assert_eq!(capped(CAP, response).await, expected, "{row}");
    }
}

/// A base URL may not carry credentials of its own in any form.
#[test]
fn base_url_refuses_a_user_a_password_and_both() {
    for url in [
        "http://user@127.0.0.1:9",
        "http://:secret-password@127.0.0.1:9",
        "http://user:secret-password@127.0.0.1:9",
        // Without a scheme the error suggests one, but never by echoing a password.
        ":secret-password@127.0.0.1:9",
        "user:secret-password@127.0.0.1:9",
    ] {
        let built = verifik::Client::builder()
            .token(TOKEN)
            .base_url(url)
            .build();
        let message = config_message(built, url);
        assert!(!message.contains("secret-password"), "{url}: {message}");
    }
    assert!(
        verifik::Client::builder()
            .token(TOKEN)
            .base_url("http://127.0.0.1:9")
            .build()
            .is_ok()
    );
}

/// Timeouts are a transport kind of their own (the retry table's first row relies on it).
#[tokio::test]
async fn a_hanging_vendor_is_a_timeout() {
    let server = Server::start(vec![Act::Hang]).await;
    let options = HttpOptions::default().timeout(Duration::from_millis(200));
    let error = verifik_client(&server.url(), options)
        .retrieve("rec-1")
        .await
        .unwrap_err();
    assert_transport(&error, TransportKind::Timeout);
}

/// The request id is the vendor's own, in answers and in errors, or none where the vendor sends
/// none: an empty or made-up one would send a support ticket astray.
#[tokio::test]
async fn request_ids_are_the_vendors_own_or_none() {
    let server = Server::start(vec![Act::Answer(200, "", "[]".into())]).await;
    let response = talentomobile_client(&server.url(), 1 << 20)
        .result("p")
        .await
        .expect("result");
    assert_eq!(response.request_id, None);
    let server = Server::start(vec![Act::Answer(200, "", RECORD.into())]).await;
    let response = verifik_client(&server.url(), retrying())
        .retrieve("rec-1")
        .await
        .expect("record");
    assert_eq!(response.request_id, None);

    let tencent = |url: String| tencent_client(&url, HttpOptions::default());
    let server = Server::start(vec![Act::Answer(
        200,
        "",
        r#"{"Response":{"Result":"0","RequestId":"req-ok-1"}}"#.into(),
    )])
    .await;
    let response = tencent(server.url())
        .get_liveness_result("t")
        .await
        .expect("result");
    assert_eq!(response.request_id.as_deref(), Some("req-ok-1"));
    let server = Server::start(vec![Act::Answer(
        200,
        "",
        r#"{"Response":{"Error":{"Code":"InvalidParameter","Message":"m"},"RequestId":"req-err-1"}}"#
            .into(),
    )])
    .await;
    let error = tencent(server.url())
        .get_liveness_result("t")
        .await
        .unwrap_err();
    match &error {
        Error::Vendor { error, .. } => match error.as_ref() {
            liveness::VendorError::Tencent(e) => {
                assert_eq!(e.request_id.as_deref(), Some("req-err-1"))
            }
            other => panic!("{other:?}"),
        },
        other => panic!("{other:?}"),
    }
}
