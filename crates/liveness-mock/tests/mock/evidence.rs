//! Remote evidence the mock hands out points at the mock itself, with the MD5 and Size of exactly
//! the bytes it serves: fixtures (whose pages point at the vendors' storage) and sessions alike.
//! And every vendor has a passing fixture.

use crate::common::{tencent_at, tencent_result, urls, verifik_get};
use liveness_mock::config::DEMO_VERIFIK_TOKEN;
use liveness_mock::{Fault, FaultRule, MockConfig, MockServer, Outcome, Vendor};
use md5::{Digest, Md5};
use serde_json::Value;

/// The Tencent spec's passing example's token (not from the vendor page).
const TENCENT_PASS_TOKEN: &str = "5A8E2C71-0F3B-4D6A-9E14-7B2D0C9F3A58";

async fn download(url: &str) -> (u16, Vec<u8>) {
    let response = reqwest::get(url).await.unwrap();
    let status = response.status().as_u16();
    (status, response.bytes().await.unwrap().to_vec())
}

/// Downloads a FileInfo's URL and checks it is the mock's and matches its MD5 and Size.
async fn check_file_info(mock: &MockServer, info: &Value) {
    let url = info["Url"]
        .as_str()
        .unwrap_or_else(|| panic!("no Url: {info}"));
    assert!(
        url.starts_with(&format!("{}/__files/", mock.base_url())),
        "{url}"
    );
    let (status, bytes) = download(url).await;
    assert_eq!(status, 200, "{url}");
    assert_eq!(info["Size"], bytes.len(), "{url}");
    assert_eq!(info["MD5"], hex::encode(Md5::digest(&bytes)), "{url}");
}

#[tokio::test]
async fn tencent_files_point_at_the_mock_whatever_the_host_header() {
    let mock = MockServer::start(MockConfig::demo()).await.unwrap();
    // Signed for, and sent with, the vendor's host name (as through a proxy): the URLs must
    // still name the bound address, not the `Host` the client chose.
    let host = "faceid.intl.tencentcloudapi.com";
    let session = mock.create_session(Vendor::Tencent, Outcome::Pass);
    for token in [
        "D2B55F0C-FB5D-4FB6-8765-3E931EBBFC79",
        TENCENT_PASS_TOKEN,
        "fixture-200-success",
        session.as_str(),
    ] {
        let body = serde_json::json!({ "SdkToken": token }).to_string();
        let answer = tencent_at(&mock, host, "GetLivenessResult", &body).await;
        let response = &answer["Response"];
        assert!(response["Error"].is_null(), "{token}: {answer}");
        for field in ["BestFrame", "Video"] {
            check_file_info(&mock, &response[field]).await;
        }
        // The page's file size is gone: it described bytes the mock does not serve.
        assert_ne!(response["BestFrame"]["Size"], 232267, "{token}");
    }
}

#[tokio::test]
async fn every_vendor_has_a_passing_fixture() {
    let mock = MockServer::start(MockConfig::demo()).await.unwrap();
    let tencent = tencent_result(&mock, TENCENT_PASS_TOKEN).await;
    assert_eq!(tencent["Response"]["Result"], "0", "{tencent}");
    assert_eq!(
        tencent_result(&mock, "fixture-200-success_pass").await["Response"]["Result"],
        "0"
    );
    let trustdecision = crate::common::trustdecision_result(&mock, "1234567").await;
    assert_eq!(trustdecision["code"], "200", "{trustdecision}");
    let (status, talento) =
        crate::common::talentomobile_result(&mock, "d5335d6a-9d95-4977-9976-00dede352749").await;
    assert_eq!(status, 200);
    let challenges: Value = serde_json::from_str(&talento).unwrap();
    assert!(
        challenges
            .as_array()
            .unwrap()
            .iter()
            .all(|c| c["success"] == true)
    );
    for id in ["document_liveness_123456789", "6716c5e2a9b4f3a1d2e4c8b7"] {
        let (status, verifik) = verifik_get(&mock, &format!("/v2/document-liveness/{id}")).await;
        assert_eq!(status, 200, "{id}");
        let data = &verifik["data"];
        assert!(
            data["isLive"] == true || data["validationResults"]["screenReplay"]["passed"] == true,
            "{id}: {verifik}"
        );
    }
}

#[tokio::test]
async fn no_fixture_names_a_host_but_the_mock() {
    let mock = MockServer::start(MockConfig::demo()).await.unwrap();
    let admin: Value = reqwest::get(format!("{}/__admin/", mock.base_url()))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let own = format!("{}/__files/", mock.base_url());
    let mut checked = 0;
    for vendor in Vendor::ALL {
        let ids = admin["fixtures"][vendor.as_str()].as_array().unwrap();
        assert!(!ids.is_empty(), "{vendor}");
        for id in ids.iter().filter_map(Value::as_str) {
            let answer = match vendor {
                Vendor::Tencent => tencent_result(&mock, id).await,
                Vendor::TrustDecision => crate::common::trustdecision_result(&mock, id).await,
                Vendor::Talentomobile => {
                    let (_, text) = crate::common::talentomobile_result(&mock, id).await;
                    serde_json::from_str(&text).unwrap_or(Value::Null)
                }
                Vendor::Verifik => {
                    verifik_get(&mock, &format!("/v2/document-liveness/{id}"))
                        .await
                        .1
                }
            };
            for url in urls(&answer) {
                assert!(url.starts_with(&own), "{vendor} {id}: {url}");
                assert_eq!(download(&url).await.0, 200, "{vendor} {id}: {url}");
                checked += 1;
            }
        }
    }
    // The Tencent examples with files and Verifik's nested record, each under several ids.
    assert!(checked >= 8, "{checked} URLs checked");
    let (_, list) = verifik_get(&mock, "/v2/document-liveness").await;
    for url in urls(&list) {
        assert!(url.starts_with(&own), "list: {url}");
    }
}

#[tokio::test]
async fn a_saved_verifik_image_is_served_where_the_record_says() {
    let mock = MockServer::start(MockConfig::demo()).await.unwrap();
    let created: Value = reqwest::Client::new()
        .post(format!("{}/v2/document-liveness", mock.base_url()))
        .bearer_auth(DEMO_VERIFIK_TOKEN)
        .header("host", "api.verifik.co")
        .json(
            &serde_json::json!({"image": "aGk=", "saveImage": true, "validateScreenReplay": true}),
        )
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let url = created["data"]["imageUrl"].as_str().unwrap();
    assert!(url.starts_with(mock.base_url()), "{url}");
    let (status, bytes) = download(url).await;
    assert_eq!(status, 200, "{url}");
    assert!(bytes.starts_with(&[0xFF, 0xD8]), "a JPEG");
}

#[tokio::test]
async fn a_corrupt_file_fault_still_breaks_a_fixture_download() {
    let mock = MockServer::start(MockConfig::demo()).await.unwrap();
    let answer = tencent_result(&mock, TENCENT_PASS_TOKEN).await;
    let info = &answer["Response"]["BestFrame"];
    let url = info["Url"].as_str().unwrap();
    mock.inject(FaultRule::times(Fault::CorruptFile, 1));
    let (_, corrupt) = download(url).await;
    assert_eq!(info["Size"], corrupt.len());
    assert_ne!(info["MD5"], hex::encode(Md5::digest(&corrupt)));
    let (_, whole) = download(url).await;
    assert_eq!(info["MD5"], hex::encode(Md5::digest(&whole)), "used up");
}
