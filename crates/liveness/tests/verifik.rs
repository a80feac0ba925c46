//! The Verifik client against a loopback server.
#![cfg(feature = "verifik")]

use liveness::verifik::{Client, CreateDocumentLivenessRequest, ListQuery};
use liveness::{Error, HttpOptions, VendorError};
use wiremock::matchers::{header, method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

const TOKEN: &str = "vf-token-0001";

fn client(server: &MockServer) -> Client {
    Client::builder()
        .token(TOKEN)
        .base_url(server.uri())
        .options(HttpOptions::default())
        .build()
        .expect("client")
}

#[tokio::test]
async fn retrieve_reads_the_nested_and_the_flat_record_with_a_bearer_token() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v2/document-liveness/nested"))
        .and(header("authorization", format!("Bearer {TOKEN}").as_str()))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({
            "data": {"_id": "nested", "status": "completed",
                     "validationResults": {"screenReplay": {"passed": true, "score": 0.95}}}
        })))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/v2/document-liveness/flat"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({
            "data": {"_id": "flat", "sreenReplayScore": 2.74, "isLive": true}
        })))
        .mount(&server)
        .await;
    let client = client(&server);
    let nested = client.retrieve("nested").await.expect("nested").value;
    let nested = serde_json::to_value(&nested).expect("encode");
    assert_eq!(nested["validationResults"]["screenReplay"]["score"], 0.95);
    let flat = client.retrieve("flat").await.expect("flat").value;
    let flat = serde_json::to_value(&flat).expect("encode");
    assert_eq!(flat["sreenReplayScore"], 2.74);
}

#[tokio::test]
async fn not_found_is_a_typed_vendor_error_in_either_body_style() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v2/document-liveness/a"))
        .respond_with(ResponseTemplate::new(404).set_body_json(serde_json::json!({
            "error": "Document liveness not found", "message": "DOCUMENT_LIVENESS_NOT_FOUND"
        })))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/v2/document-liveness/b"))
        .respond_with(ResponseTemplate::new(401).set_body_json(serde_json::json!({
            "message": "Unauthorized", "code": "UnauthorizedError"
        })))
        .mount(&server)
        .await;
    let client = client(&server);
    for (id, status, code) in [
        ("a", 404, "Document liveness not found"),
        ("b", 401, "UnauthorizedError"),
    ] {
        let error = client.retrieve(id).await.unwrap_err();
        let Error::Vendor { error, .. } = &error else {
            panic!("expected a vendor error, got {error:?}");
        };
        let VendorError::Verifik(verifik) = error.as_ref() else {
            panic!("expected a Verifik error");
        };
        assert_eq!(verifik.status, status);
        assert_eq!(verifik.code.as_deref(), Some(code));
    }
}

#[tokio::test]
async fn list_reads_both_envelopes_and_list_all_follows_pages() {
    let server = MockServer::start().await;
    let record = |id: &str| serde_json::json!({"_id": id});
    Mock::given(method("GET"))
        .and(path("/v2/document-liveness"))
        .and(query_param("page", "1"))
        .and(query_param("limit", "2"))
        .and(query_param("status", "completed"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({
            "success": true, "data": [record("r1"), record("r2")],
            "pagination": {"page": 1, "limit": 2, "total": 3, "pages": 2}
        })))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/v2/document-liveness"))
        .and(query_param("page", "2"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({
            "data": [record("r3")], "total": 3, "limit": 2, "page": 2, "pages": 2
        })))
        .mount(&server)
        .await;
    let client = client(&server);
    let query = ListQuery {
        page: Some(1),
        limit: Some(2),
        status: Some("completed".into()),
    };
    let first = client.list(&query).await.expect("page 1").value;
    assert_eq!(
        (first.records.len(), first.pages, first.total),
        (2, Some(2), Some(3))
    );
    let second = client
        .list(&ListQuery {
            page: Some(2),
            ..query.clone()
        })
        .await
        .expect("page 2")
        .value;
    assert_eq!(
        (second.records.len(), second.page, second.pages),
        (1, Some(2), Some(2))
    );
    let all = client.list_all(&query, 10).await.expect("all");
    assert_eq!(all.len(), 3);
    assert!(
        client
            .list(&ListQuery {
                limit: Some(101),
                ..ListQuery::default()
            })
            .await
            .is_err()
    );
}

fn create_request(check: bool) -> CreateDocumentLivenessRequest {
    serde_json::from_value(serde_json::json!({
        "image": "iVBORw0KGgo=", "validateScreenReplay": check
    }))
    .expect("request")
}

#[tokio::test]
async fn create_sends_the_body_and_refuses_a_request_without_checks() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v2/document-liveness"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({
            "data": {"_id": "new", "status": "completed"}
        })))
        .mount(&server)
        .await;
    let client = client(&server);
    let error = client.create(create_request(false)).await.unwrap_err();
    assert!(matches!(error, Error::InvalidRequest { .. }), "{error:?}");
    assert!(
        server
            .received_requests()
            .await
            .expect("recorded")
            .is_empty()
    );

    client.create(create_request(true)).await.expect("created");
    let received = &server.received_requests().await.expect("recorded")[0];
    let body: serde_json::Value = serde_json::from_slice(&received.body).expect("json");
    assert_eq!(body["image"], "iVBORw0KGgo=");
    assert_eq!(body["validateScreenReplay"], true);
}
