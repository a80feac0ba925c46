//! The TC3 Authorization Tencent would expect of a request a loopback server received. Shared
//! by the facade's tests and by `env_credentials.rs`, which includes this file by path.
#![cfg(feature = "tencent")]

use liveness::tencent::SignedHeaderSet;
use liveness::tencent::tc3::{self, Credentials, SigningRequest};
use wiremock::Request;

use super::header_of;

/// The Authorization a correct client with `credentials` must have sent for `request`,
/// recomputed from what arrived: Host with port, exact body bytes, the signed-header set it
/// declares.
pub fn expected_authorization(request: &Request, credentials: &Credentials) -> String {
    let authorization = header_of(request, "authorization");
    let set = if authorization.contains("SignedHeaders=content-type;host;x-tc-action,") {
        SignedHeaderSet::ContentTypeHostAction
    } else {
        SignedHeaderSet::ContentTypeHost
    };
    let signing = SigningRequest {
        method: request.method.as_str(),
        host: header_of(request, "host"),
        path: request.url.path(),
        query: request.url.query().unwrap_or_default(),
        content_type: header_of(request, "content-type"),
        body: &request.body,
        action: header_of(request, "x-tc-action"),
        timestamp: header_of(request, "x-tc-timestamp")
            .parse()
            .expect("timestamp"),
        service: "faceid",
        signed_headers: set,
    };
    tc3::sign(&signing, credentials)
        .expect("sign")
        .authorization
}
