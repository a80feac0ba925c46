//! Nothing panics on bad input: the generated decoders and the verdict mappings over arbitrary
//! bytes and arbitrary JSON, the mock's request matching and validation over arbitrary requests;
//! and the running mock answers malformed requests with a clear 4xx, never a crash or a 5xx.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::Duration;

use axum::http::HeaderMap;
use liveness_mock::spec::{Incoming, Specs};
use liveness_mock::{MockConfig, MockServer};
use proptest::prelude::*;
use serde_json::Value;

/// Arbitrary JSON, a few levels deep, with the vendors' field names among the keys.
fn json() -> impl Strategy<Value = Value> {
    let key = prop_oneof![
        Just("Response".to_owned()),
        Just("Result".to_owned()),
        Just("code".to_owned()),
        Just("data".to_owned()),
        Just("evidences".to_owned()),
        Just("success".to_owned()),
        "[a-zA-Z_]{1,8}",
    ];
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<f64>()
            .prop_map(|f| serde_json::Number::from_f64(f).map_or(Value::Null, Value::Number)),
        ".{0,12}".prop_map(Value::String),
    ];
    leaf.prop_recursive(4, 48, 6, move |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::btree_map(key.clone(), inner, 0..6)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

/// Decodes `bytes` as every vendor's result type and, when that works, maps it to a verdict.
fn decode_everything(bytes: &[u8]) {
    if let Ok(r) =
        serde_json::from_slice::<liveness_tencent_faceid::types::GetLivenessResultResponse>(bytes)
        && let Some(code) = r.response.result.clone()
    {
        let result = liveness::tencent::LivenessResult {
            result: liveness::tencent::ResultCode::parse(&code),
            description: r.response.description.clone(),
            best_frame: r.response.best_frame.clone(),
            video: r.response.video.clone(),
            request_id: r.response.request_id.clone(),
        };
        let _ = liveness::tencent::verdict::verdict("t", &result, bytes);
    }
    let _ =
        serde_json::from_slice::<liveness_tencent_faceid::types::ApplyLivenessTokenResponse>(bytes);
    let _ = serde_json::from_slice::<liveness_trustdecision::types::ResultResponse>(bytes);
    let _ = serde_json::from_slice::<liveness_trustdecision::types::LicenseResponse>(bytes);
    if let Ok(list) = serde_json::from_slice::<liveness_talentomobile::types::ChallengeList>(bytes)
    {
        let v = liveness::talentomobile::verdict::verdict("p", &list.0, bytes);
        for evidence in &v.evidence {
            let _ = evidence.decode();
        }
    }
    if let Ok(envelope) =
        serde_json::from_slice::<liveness_verifik::types::DocumentLivenessEnvelope>(bytes)
    {
        let _ = liveness::verifik::verdict::verdict("r", &envelope.data, bytes);
    }
    let _ = serde_json::from_slice::<liveness_verifik::types::DocumentLivenessList>(bytes);
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn decoders_take_arbitrary_bytes(bytes in prop::collection::vec(any::<u8>(), 0..512)) {
        decode_everything(&bytes);
    }

    #[test]
    fn decoders_take_arbitrary_json(value in json()) {
        decode_everything(value.to_string().as_bytes());
        // Wrapped the way each vendor wraps its results, to get past the outer shapes.
        decode_everything(serde_json::json!({"Response": value.clone()}).to_string().as_bytes());
        decode_everything(serde_json::json!({"data": value.clone()}).to_string().as_bytes());
        decode_everything(serde_json::json!([value]).to_string().as_bytes());
    }

    #[test]
    fn the_mock_matches_and_validates_arbitrary_requests(
        method in prop_oneof![
            Just("GET".to_owned()),
            Just("POST".to_owned()),
            Just("DELETE".to_owned()),
            "[A-Z]{1,7}",
        ],
        path in prop_oneof![
            Just("/".to_owned()),
            Just("/v2/document-liveness".to_owned()),
            "/(result|v2|verification)(/[a-zA-Z0-9%._-]{0,12}){0,5}",
        ],
        query in "[a-z=&%0-9]{0,24}",
        body in prop::collection::vec(any::<u8>(), 0..128),
        json_body in json(),
        content_type in prop_oneof![
            Just("application/json".to_owned()),
            Just("text/plain".to_owned()),
            "[ -~]{0,20}",
        ],
    ) {
        let specs = Specs::embedded();
        let mut headers = HeaderMap::new();
        if let Ok(value) = content_type.parse() {
            headers.insert("content-type", value);
        }
        let json_text = json_body.to_string();
        for body in [&body[..], json_text.as_bytes()] {
            let request = Incoming { method: &method, path: &path, query: &query, headers: &headers, body };
            if let Some((operation, _)) = specs.route(&method, &path) {
                let _ = operation.validate(&request);
            }
            for operation in specs.operations() {
                let _ = operation.validate(&request);
            }
        }
    }
}

/// Sends raw bytes to the mock; the status code of its answer.
fn raw_status(addr: std::net::SocketAddr, request: &[u8]) -> u16 {
    let mut stream = TcpStream::connect(addr).expect("connects");
    stream
        .set_read_timeout(Some(Duration::from_secs(5)))
        .expect("timeout");
    stream.write_all(request).expect("sent");
    let mut answer = Vec::new();
    let _ = stream.read_to_end(&mut answer);
    let text = String::from_utf8_lossy(&answer);
    text.split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("no status line in {text:?}"))
}

#[test]
fn the_mock_stays_up_under_malformed_requests() {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let mock = runtime
        .block_on(MockServer::start(MockConfig::demo()))
        .unwrap();
    let addr = mock.addr();
    let token = liveness_mock::config::DEMO_VERIFIK_TOKEN;
    let huge = "x".repeat(200 * 1024);
    let cases: Vec<(String, Vec<u8>)> = vec![
        (
            "bad JSON".into(),
            format!(
                "POST /v2/document-liveness HTTP/1.1\r\nHost: m\r\nAuthorization: Bearer {token}\r\nContent-Type: application/json\r\nContent-Length: 9\r\nConnection: close\r\n\r\n{{not json"
            )
            .into_bytes(),
        ),
        (
            "huge header".into(),
            format!("GET /result/x HTTP/1.1\r\nHost: m\r\nX-Big: {huge}\r\nConnection: close\r\n\r\n")
                .into_bytes(),
        ),
        (
            "wrong method".into(),
            format!("DELETE /v2/document-liveness/abc HTTP/1.1\r\nHost: m\r\nAuthorization: Bearer {token}\r\nConnection: close\r\n\r\n")
                .into_bytes(),
        ),
        (
            "missing auth".into(),
            b"GET /v2/document-liveness HTTP/1.1\r\nHost: m\r\nConnection: close\r\n\r\n".to_vec(),
        ),
        (
            "not HTTP".into(),
            b"\x16\x03\x01 this is not a request\r\n\r\n".to_vec(),
        ),
        (
            "unknown path".into(),
            b"GET /../../etc/passwd HTTP/1.1\r\nHost: m\r\nConnection: close\r\n\r\n".to_vec(),
        ),
        (
            "bad percent-encoding".into(),
            b"GET /result/%ZZ%ff HTTP/1.1\r\nHost: m\r\nAuthorization: mock-talentomobile-key\r\nConnection: close\r\n\r\n".to_vec(),
        ),
    ];
    for (name, request) in cases {
        let status = raw_status(addr, &request);
        assert!((400..500).contains(&status), "{name}: {status}");
    }
    // Tencent answers its errors with HTTP 200 and `Response.Error`, as the vendor does.
    let tencent = raw_status(
        addr,
        b"POST / HTTP/1.1\r\nHost: m\r\nContent-Type: application/json\r\nContent-Length: 7\r\nConnection: close\r\n\r\n{\"a\":1}",
    );
    assert_eq!(tencent, 200);
    // Still serving.
    let good = raw_status(
        addr,
        format!("GET /v2/document-liveness/6716c5e2a9b4f3a1d2e4c8b7 HTTP/1.1\r\nHost: m\r\nAuthorization: Bearer {token}\r\nConnection: close\r\n\r\n").as_bytes(),
    );
    assert_eq!(good, 200);
}
