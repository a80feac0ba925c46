//! The admin API (`/__admin/...`), endpoint by endpoint over HTTP, each checked by its effect on
//! what the vendors' routes then answer: outcome, faults, clock, sessions, the request log and
//! reset.

use liveness_mock::{MockConfig, MockServer};
use serde_json::{Value, json};

use crate::common::{talentomobile_result, tencent_result};

async fn admin(mock: &MockServer, method: reqwest::Method, path: &str, body: Value) -> Value {
    let response = reqwest::Client::new()
        .request(method, format!("{}/__admin{path}", mock.base_url()))
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200, "{path}");
    response.json().await.unwrap()
}

async fn session(mock: &MockServer, vendor: &str, outcome: Option<&str>) -> String {
    let mut body = json!({"vendor": vendor});
    if let Some(outcome) = outcome {
        body["outcome"] = json!(outcome);
    }
    let created = admin(mock, reqwest::Method::POST, "/sessions", body).await;
    created["id"].as_str().expect("an id").to_owned()
}

fn all_passed(body: &str) -> bool {
    let challenges: Value = serde_json::from_str(body).unwrap();
    challenges
        .as_array()
        .unwrap()
        .iter()
        .all(|c| c["success"] == true)
}

#[tokio::test]
async fn outcome_and_sessions_decide_what_a_session_leads_to() {
    let mock = MockServer::start(MockConfig::demo()).await.unwrap();
    let pass = session(&mock, "talentomobile", Some("pass")).await;
    let attack = session(&mock, "talentomobile", Some("attack:CH_BLINK")).await;
    assert!(all_passed(&talentomobile_result(&mock, &pass).await.1));
    assert!(!all_passed(&talentomobile_result(&mock, &attack).await.1));
    // Without an outcome, a session takes the current one, which PUT /outcome sets.
    let set = admin(
        &mock,
        reqwest::Method::PUT,
        "/outcome",
        json!({"outcome": "attack"}),
    )
    .await;
    assert_eq!(set["outcome"], "attack");
    let default = session(&mock, "talentomobile", None).await;
    assert!(!all_passed(&talentomobile_result(&mock, &default).await.1));
    let state = admin(&mock, reqwest::Method::GET, "/", json!(null)).await;
    assert_eq!(state["outcome"], "attack");
    assert!(
        state["fixtures"]["talentomobile"]
            .as_array()
            .is_some_and(|f| !f.is_empty())
    );
}

#[tokio::test]
async fn faults_are_added_used_up_and_cleared() {
    let mock = MockServer::start(MockConfig::demo()).await.unwrap();
    let id = session(&mock, "talentomobile", Some("pass")).await;
    admin(
        &mock,
        reqwest::Method::POST,
        "/faults",
        json!({"fault": "server-error*1@talentomobile"}),
    )
    .await;
    assert_eq!(talentomobile_result(&mock, &id).await.0, 503);
    assert_eq!(
        talentomobile_result(&mock, &id).await.0,
        200,
        "used up after one"
    );
    admin(
        &mock,
        reqwest::Method::POST,
        "/faults",
        json!({"fault": "server-error@talentomobile"}),
    )
    .await;
    assert_eq!(talentomobile_result(&mock, &id).await.0, 503);
    let cleared = admin(&mock, reqwest::Method::DELETE, "/faults", json!(null)).await;
    assert_eq!(cleared["faults"], 0);
    assert_eq!(talentomobile_result(&mock, &id).await.0, 200);
}

#[tokio::test]
async fn the_clock_offset_makes_tencent_refuse_a_signature_from_now() {
    let mock = MockServer::start(MockConfig::demo()).await.unwrap();
    let token = session(&mock, "tencent", Some("pass")).await;
    assert_eq!(
        tencent_result(&mock, &token).await["Response"]["Result"],
        "0"
    );
    admin(
        &mock,
        reqwest::Method::PUT,
        "/clock",
        json!({"offset_secs": 600}),
    )
    .await;
    let refused = tencent_result(&mock, &token).await;
    assert_eq!(
        refused["Response"]["Error"]["Code"], "AuthFailure.SignatureExpire",
        "{refused}"
    );
}

#[tokio::test]
async fn the_request_log_lists_what_was_answered_and_reset_returns_to_the_start() {
    let mock = MockServer::start(MockConfig::demo()).await.unwrap();
    let id = session(&mock, "talentomobile", Some("pass")).await;
    talentomobile_result(&mock, &id).await;
    talentomobile_result(&mock, "no-such-process").await;
    let log = admin(&mock, reqwest::Method::GET, "/requests", json!(null)).await;
    let statuses: Vec<_> = log
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["vendor"] == "talentomobile")
        .map(|r| r["status"].as_u64().unwrap())
        .collect();
    assert_eq!(statuses, [200, 404]);

    // Change everything, then reset.
    admin(
        &mock,
        reqwest::Method::PUT,
        "/outcome",
        json!({"outcome": "expired"}),
    )
    .await;
    admin(
        &mock,
        reqwest::Method::POST,
        "/faults",
        json!({"fault": "server-error"}),
    )
    .await;
    admin(
        &mock,
        reqwest::Method::PUT,
        "/clock",
        json!({"offset_secs": 900}),
    )
    .await;
    admin(&mock, reqwest::Method::POST, "/reset", json!(null)).await;
    let state = admin(&mock, reqwest::Method::GET, "/", json!(null)).await;
    assert_eq!(state["outcome"], "pass");
    assert_eq!(state["faults"], json!([]));
    assert_eq!(state["clock_offset_secs"], 0);
    // The log is empty but for the admin calls since; the session still answers.
    assert!(mock.requests().iter().all(|r| r.vendor.is_none()));
    assert_eq!(talentomobile_result(&mock, &id).await.0, 200);
    // The library's reset does the same.
    mock.inject("server-error".parse().unwrap());
    mock.reset();
    assert!(mock.requests().is_empty());
    assert_eq!(talentomobile_result(&mock, &id).await.0, 200);
}
