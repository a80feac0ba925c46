//! Loopback servers (wiremock) and what they received. Shared by the facade's tests and by
//! `env_credentials.rs`, which includes this file by path.
// Each binary uses a part of it.
#![allow(dead_code)]

use wiremock::matchers::{any, method};
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

/// A response with `status` and the JSON `body`.
pub fn json(status: u16, body: serde_json::Value) -> ResponseTemplate {
    ResponseTemplate::new(status).set_body_json(body)
}

/// A loopback server with `mock` mounted: for a server that also checks what it is sent.
pub async fn mounted(mock: Mock) -> MockServer {
    let server = MockServer::start().await;
    server.register(mock).await;
    server
}

/// A loopback server answering every `verb` request, whatever its path, with `response`.
pub async fn serving(verb: &str, response: impl Respond + 'static) -> MockServer {
    mounted(Mock::given(method(verb)).respond_with(response)).await
}

/// A loopback server answering its first `times` `verb` requests with `failure`, and every
/// later one with `success`: a failure a retry gets past.
pub async fn failing_then(
    verb: &str,
    (times, failure): (u64, ResponseTemplate),
    success: ResponseTemplate,
) -> MockServer {
    let server = mounted(
        Mock::given(method(verb))
            .respond_with(failure)
            .up_to_n_times(times),
    )
    .await;
    server
        .register(Mock::given(method(verb)).respond_with(success))
        .await;
    server
}

/// A loopback server answering every request, whatever its method and path, with `status` and
/// the JSON `body`.
pub async fn answering(status: u16, body: serde_json::Value) -> MockServer {
    mounted(Mock::given(any()).respond_with(json(status, body))).await
}

/// From now on `server` answers every `verb` request with `response`, and forgets what it
/// answered and received before.
pub async fn now_serving(server: &MockServer, verb: &str, response: impl Respond + 'static) {
    server.reset().await;
    server
        .register(Mock::given(method(verb)).respond_with(response))
        .await;
}

/// The requests `server` received so far.
pub async fn requests(server: &MockServer) -> Vec<Request> {
    server.received_requests().await.expect("recorded")
}

/// Fails if `server` received any request.
pub async fn assert_nothing_sent(server: &MockServer) {
    let sent = requests(server).await;
    assert!(sent.is_empty(), "nothing may be sent, but: {sent:?}");
}

/// A header of `request` as text; empty when absent or not text.
pub fn header_of<'a>(request: &'a Request, name: &str) -> &'a str {
    request
        .headers
        .get(name)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
}

/// The body of `request`, which must be JSON.
pub fn json_body(request: &Request) -> serde_json::Value {
    serde_json::from_slice(&request.body).expect("a JSON body")
}

/// The query of `request` as (name, value) pairs, in order.
pub fn query_pairs(request: &Request) -> Vec<(String, String)> {
    request.url.query_pairs().into_owned().collect()
}

/// A server that echoes the full request URL (query and all) in its 500 body.
pub fn echo_url(request: &Request) -> ResponseTemplate {
    ResponseTemplate::new(500).set_body_string(format!("cannot serve {}", request.url))
}
