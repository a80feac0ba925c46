//! The HTTP server: one fallback handler that routes to the admin API, the file store, or the
//! vendor whose path it is, injecting faults on the way.

use std::net::SocketAddr;
use std::sync::Arc;

use axum::Router;
use axum::body::Body;
use axum::extract::{ConnectInfo, Request, State as Shared};
use axum::http::{HeaderValue, header};
use axum::response::Response;
use bytes::Bytes;
use liveness::tencent::tc3::http::ParsedAuthorization;
use serde_json::json;
use tokio::sync::oneshot;

use crate::Vendor;
use crate::config::Fault;
use crate::spec::Incoming;
use crate::state::{LoggedRequest, State};
use crate::vendors::Refusal;
use crate::{admin, files, reply, vendors};

/// Requests larger than this are refused (Verifik documents 413 for large images).
const MAX_REQUEST_BYTES: usize = 80 * 1024 * 1024;

pub(crate) async fn serve(
    listener: tokio::net::TcpListener,
    state: Arc<State>,
    stopped: oneshot::Receiver<()>,
) -> std::io::Result<()> {
    let app = Router::new().fallback(dispatch).with_state(state);
    axum::serve(
        listener,
        app.into_make_service_with_connect_info::<SocketAddr>(),
    )
    .with_graceful_shutdown(async {
        let _ = stopped.await;
    })
    .await
}

async fn dispatch(
    Shared(state): Shared<Arc<State>>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    request: Request,
) -> Response {
    let (parts, body) = request.into_parts();
    let method = parts.method.as_str().to_owned();
    let path = parts.uri.path().to_owned();
    let query = parts.uri.query().unwrap_or("").to_owned();
    let body = match axum::body::to_bytes(body, MAX_REQUEST_BYTES).await {
        Ok(body) => body,
        Err(_) => return reply::text(413, "mock: the request body is larger than 80 MiB"),
    };
    let mut response = if let Some(rest) = path.strip_prefix("/__admin") {
        admin::handle(&state, peer, &method, rest, &body)
    } else if let Some(name) = path.strip_prefix("/__files/") {
        if method != "GET" {
            reply::method_not_allowed(&["GET"], reply::text(405, "mock: files are read with GET"))
        } else {
            match state.file(name) {
                Some(bytes) => {
                    let mut bytes = bytes.to_vec();
                    if state.take_file_fault()
                        && let Some(last) = bytes.last_mut()
                    {
                        *last ^= 0xFF;
                    }
                    reply::bytes(200, files::content_type_of(name), bytes)
                }
                None => reply::text(404, format!("mock: no file {name}")),
            }
        }
    } else {
        let host = parts
            .headers
            .get(header::HOST)
            .and_then(|h| h.to_str().ok())
            .map(str::to_owned)
            .unwrap_or_default();
        let incoming = Incoming {
            method: &method,
            path: &path,
            query: &query,
            headers: &parts.headers,
            body: &body,
        };
        vendor(&state, &incoming, &host).await
    };
    // The mock's clock, offset included: Tencent clients learn the server time from it.
    let date = chrono::DateTime::from_timestamp(state.now(), 0)
        .unwrap_or_default()
        .format("%a, %d %b %Y %H:%M:%S GMT")
        .to_string();
    if let Ok(value) = HeaderValue::from_str(&date) {
        response.headers_mut().insert(header::DATE, value);
    }
    response
}

async fn vendor(state: &State, incoming: &Incoming<'_>, host: &str) -> Response {
    let vendor = if incoming.path == "/" {
        Some(Vendor::Tencent)
    } else {
        state
            .specs
            .route(incoming.method, incoming.path)
            .map(|(op, _)| op.vendor)
    };
    let entry = LoggedRequest {
        vendor,
        operation: None,
        method: incoming.method.to_owned(),
        path: incoming.path.to_owned(),
        status: 0,
        violations: None,
        fault: None,
        at_ms: state.elapsed_ms(),
        tc3_signature: incoming
            .headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| ParsedAuthorization::parse(v).ok())
            .map(|authorization| authorization.signature),
    };
    // Logged on arrival: a client that times out on a slow answer still counts as a request.
    let place = state.arrived(entry);
    let Some(vendor) = vendor else {
        state.answered(place, |e| e.status = 404);
        return reply::text(
            404,
            format!(
                "mock: no vendor serves {} {}",
                incoming.method, incoming.path
            ),
        );
    };
    // Routing comes before auth, faults and the vendor's own checks, as in any HTTP server: a
    // method the path does not have is 405 with the methods it has.
    let allowed = if vendor == Vendor::Tencent {
        vec!["POST"]
    } else {
        state.specs.methods(incoming.path)
    };
    if !allowed.contains(&incoming.method) {
        state.answered(place, |e| e.status = 405);
        let message = format!(
            "{} is not allowed on {}; use {}.",
            incoming.method,
            incoming.path,
            allowed.join(", ")
        );
        let body = vendors::refuse(state, vendor, &Refusal::MethodNotAllowed(&message));
        return reply::method_not_allowed(&allowed, body);
    }
    let fault = state.take_fault(vendor);
    let fault_name = fault.as_ref().map(|f| format!("{f:?}"));
    state.answered(place, |e| e.fault = fault_name);
    let response = match fault {
        Some(Fault::Slow(delay)) => {
            tokio::time::sleep(delay).await;
            None
        }
        Some(fault) => Some(fault_response(state, vendor, fault)),
        None => None,
    };
    let (response, operation, violations) = match response {
        Some(response) => (response, None, None),
        None => {
            let handled = vendors::handle(state, vendor, incoming, host);
            (handled.response, handled.operation, handled.violations)
        }
    };
    let status = response.status().as_u16();
    state.answered(place, |e| {
        e.status = status;
        e.operation = operation;
        e.violations = violations;
    });
    response
}

fn fault_response(state: &State, vendor: Vendor, fault: Fault) -> Response {
    match fault {
        Fault::RateLimit => vendors::refuse(state, vendor, &Refusal::RateLimited),
        Fault::ServerError => reply::text(503, "mock: injected server error"),
        Fault::Drop => {
            // A response whose body fails half-way: hyper aborts the connection.
            let parts: [Result<Bytes, std::io::Error>; 2] = [
                Ok(Bytes::from_static(b"{\"partial\":")),
                Err(std::io::Error::other("mock: connection dropped")),
            ];
            let mut response = Response::new(Body::from_stream(futures_util::stream::iter(parts)));
            response.headers_mut().insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/json"),
            );
            response
        }
        Fault::Oversize(size) => oversize(size),
        Fault::InternalError => vendors::refuse(state, vendor, &Refusal::InternalError),
        Fault::Html => reply::bytes(
            200,
            "text/html; charset=utf-8",
            b"<!DOCTYPE html><html><body><h1>502 Bad Gateway</h1></body></html>".to_vec(),
        ),
        Fault::WrongType => reply::json(200, &json!([1, "two", {"three": 3}])),
        Fault::RefuseKey => vendors::refuse(state, vendor, &Refusal::Unauthorized),
        Fault::Account(code) => vendors::refuse(state, vendor, &Refusal::Account(code)),
        Fault::Slow(_) | Fault::CorruptFile => {
            unreachable!("slow is handled before the vendor answers; corrupt-file only on files")
        }
    }
}

/// `{"padding":"aaaa…"}` of exactly `size` bytes (at least the braces), streamed in chunks.
fn oversize(size: u64) -> Response {
    const CHUNK: u64 = 64 * 1024;
    let head = b"{\"padding\":\"";
    let tail = b"\"}";
    let filler = size.saturating_sub((head.len() + tail.len()) as u64);
    let chunks = (0..filler.div_ceil(CHUNK)).map(move |i| {
        let len = CHUNK.min(filler - i * CHUNK) as usize;
        Ok::<_, std::io::Error>(Bytes::from(vec![b'a'; len]))
    });
    let stream = futures_util::stream::iter(
        std::iter::once(Ok(Bytes::from_static(head)))
            .chain(chunks)
            .chain(std::iter::once(Ok(Bytes::from_static(tail)))),
    );
    let mut response = Response::new(Body::from_stream(stream));
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    response
}
