//! Property tests of the TC3 signer over bodies, hosts (with and without ports), timestamps
//! around midnight UTC, cached keys and secret hygiene; the published vectors are in
//! `tc3_vectors.rs`.
#![cfg(feature = "tencent")]

use chrono::{DateTime, Days, NaiveDate};
use liveness::tencent::tc3::{self, Credentials, SignedHeaderSet, SigningKey, SigningRequest};
use proptest::prelude::*;
use secrecy::SecretString;
use sha2::{Digest, Sha256};

const ID: &str = "AKIDproptest";
const KEY: &str = "PROPTEST-secret-key-sentinel";
const HOST: &str = "faceid.intl.tencentcloudapi.com";
const TS: i64 = 1_700_000_000;

fn credentials() -> Credentials {
    Credentials::new(ID, SecretString::from(KEY)).expect("credentials")
}

fn request<'a>(host: &'a str, body: &'a [u8], timestamp: i64) -> SigningRequest<'a> {
    SigningRequest {
        method: "POST",
        host,
        path: "/",
        query: "",
        content_type: "application/json",
        body,
        action: "GetLivenessResult",
        timestamp,
        service: "faceid",
        signed_headers: SignedHeaderSet::ContentTypeHost,
    }
}

fn authorization(request: &SigningRequest<'_>) -> String {
    tc3::sign(request, &credentials())
        .expect("signs")
        .authorization
}

fn signature(request: &SigningRequest<'_>) -> String {
    authorization(request)
        .rsplit_once("Signature=")
        .expect("a signature")
        .1
        .to_owned()
}

/// UTC midnight of day `day` after 1970-01-01 and the date, computed by calendar arithmetic
/// (not from a timestamp) so that the signer's date is checked independently.
fn midnight(day: u32) -> (i64, NaiveDate) {
    let epoch = NaiveDate::from_ymd_opt(1970, 1, 1).expect("epoch");
    let date = epoch + Days::new(u64::from(day));
    (i64::from(day) * 86_400, date)
}

/// A day between 1970-01-02 and 2100-01-01, and an offset of -3..=3 seconds from its midnight.
fn around_midnight() -> impl Strategy<Value = (u32, i64)> {
    let epoch = NaiveDate::from_ymd_opt(1970, 1, 1).expect("epoch");
    let last = NaiveDate::from_ymd_opt(2100, 1, 1).expect("2100") - epoch;
    let last = u32::try_from(last.num_days()).expect("days");
    (1..=last, -3i64..=3)
}

/// Host names as URLs carry them (lower case), optionally with a port.
fn host_name() -> impl Strategy<Value = String> {
    "[a-z][a-z0-9-]{0,11}(\\.[a-z][a-z0-9]{1,7}){1,3}"
}

/// A secret that cannot occur by chance in anything the signer prints.
fn secret(prefix: &'static str) -> impl Strategy<Value = String> {
    "[A-Za-z0-9/+]{12,40}".prop_map(move |s| format!("{prefix}{s}"))
}

proptest! {
    #[test]
    fn the_body_hash_ends_the_canonical_request_and_every_byte_counts(
        body in proptest::collection::vec(any::<u8>(), 0..1024),
        at in any::<prop::sample::Index>(),
        mask in 1u8..=255,
    ) {
        let canonical = tc3::canonical_request(&request(HOST, &body, TS)).unwrap();
        let hash = hex::encode(Sha256::digest(&body));
        prop_assert_eq!(canonical.rsplit('\n').next(), Some(hash.as_str()));
        let once = tc3::sign(&request(HOST, &body, TS), &credentials()).unwrap();
        let again = tc3::sign(&request(HOST, &body, TS), &credentials()).unwrap();
        prop_assert_eq!(&once.authorization, &again.authorization);
        prop_assert_eq!(&once.timestamp, &TS.to_string());
        if !body.is_empty() {
            let mut changed = body.clone();
            changed[at.index(body.len())] ^= mask;
            prop_assert_ne!(signature(&request(HOST, &body, TS)), signature(&request(HOST, &changed, TS)));
        }
    }

    #[test]
    fn hosts_are_signed_as_sent_with_or_without_a_port(
        name in host_name(),
        port in 1u16..=65_535,
        other in 1u16..=65_535,
        with_action in any::<bool>(),
    ) {
        let with_port = format!("{name}:{port}");
        for host in [name.as_str(), with_port.as_str()] {
            let mut signing = request(host, b"{}", TS);
            let action_line = if with_action {
                signing.signed_headers = SignedHeaderSet::ContentTypeHostAction;
                "x-tc-action:getlivenessresult\n"
            } else {
                ""
            };
            let expected = format!(
                "POST\n/\n\ncontent-type:application/json\nhost:{host}\n{action_line}\n{}\n{}",
                signing.signed_headers.names(),
                hex::encode(Sha256::digest(b"{}")),
            );
            prop_assert_eq!(tc3::canonical_request(&signing).unwrap(), expected);
            // Surrounding whitespace in the value is trimmed, as Tencent does.
            let padded = format!(" {host}\t");
            prop_assert_eq!(
                signature(&request(&padded, b"{}", TS)),
                signature(&request(host, b"{}", TS))
            );
        }
        prop_assert_ne!(
            signature(&request(&name, b"{}", TS)),
            signature(&request(&with_port, b"{}", TS))
        );
        if other != port {
            let elsewhere = format!("{name}:{other}");
            prop_assert_ne!(
                signature(&request(&with_port, b"{}", TS)),
                signature(&request(&elsewhere, b"{}", TS))
            );
        }
    }

    #[test]
    fn the_scope_date_is_the_utc_date_and_changes_at_midnight((day, offset) in around_midnight()) {
        let (start, date) = midnight(day);
        let timestamp = start + offset;
        let expected = if offset < 0 { date.pred_opt().unwrap() } else { date };
        let chrono_date = DateTime::from_timestamp(timestamp, 0).unwrap().date_naive();
        prop_assert_eq!(chrono_date, expected);
        let expected = expected.format("%Y-%m-%d").to_string();
        prop_assert_eq!(tc3::utc_date(timestamp).unwrap(), expected.clone());
        let signed = tc3::sign(&request(HOST, b"{}", timestamp), &credentials()).unwrap();
        let prefix = format!("TC3-HMAC-SHA256 Credential={ID}/{expected}/faceid/tc3_request, ");
        prop_assert!(signed.authorization.starts_with(&prefix), "{}", signed.authorization);

        // The last second of a day and the first of the next: consecutive dates, other scopes,
        // other signatures.
        let before = tc3::utc_date(start - 1).unwrap();
        let after = tc3::utc_date(start).unwrap();
        prop_assert_eq!(&after, &date.format("%Y-%m-%d").to_string());
        prop_assert_eq!(&before, &date.pred_opt().unwrap().format("%Y-%m-%d").to_string());
        let scope = |ts: i64| {
            let a = authorization(&request(HOST, b"{}", ts));
            a[a.find('/').unwrap()..a.find(", ").unwrap()].to_owned()
        };
        prop_assert_ne!(scope(start - 1), scope(start));
        prop_assert_eq!(scope(start), scope(start + 3));
    }

    #[test]
    fn a_cached_key_signs_exactly_like_a_fresh_one(
        (day, offset) in around_midnight(),
        body in proptest::collection::vec(any::<u8>(), 0..64),
        host in host_name(),
    ) {
        let timestamp = midnight(day).0 + offset;
        let signing = request(&host, &body, timestamp);
        let fresh = tc3::sign(&signing, &credentials()).unwrap();
        let date = tc3::utc_date(timestamp).unwrap();
        let cached = SigningKey::derive(&SecretString::from(KEY), &date, "faceid");
        prop_assert_eq!(cached.date(), date.as_str());
        let with_key = tc3::sign_with_key(&signing, &credentials(), &cached).unwrap();
        prop_assert_eq!(&with_key.authorization, &fresh.authorization);
        // The signature is HMAC(kSigning, StringToSign) of the cached key.
        let to_sign = tc3::string_to_sign(
            timestamp,
            &tc3::credential_scope(&date, "faceid"),
            &tc3::canonical_request(&signing).unwrap(),
        );
        let expected = format!("Signature={}", cached.signature(&to_sign));
        prop_assert!(fresh.authorization.ends_with(&expected), "{}", fresh.authorization);
        // A key cached before midnight, or for another service, is not used for the new day.
        let yesterday = tc3::utc_date(midnight(day).0 - 1).unwrap();
        for stale in [
            SigningKey::derive(&SecretString::from(KEY), &yesterday, "faceid"),
            SigningKey::derive(&SecretString::from(KEY), &date, "cvm"),
        ] {
            let healed = tc3::sign_with_key(&signing, &credentials(), &stale).unwrap();
            prop_assert_eq!(&healed.authorization, &fresh.authorization);
        }
    }

    #[test]
    fn secrets_never_show_in_debug_or_errors(
        key in secret("SK-"),
        token in secret("TOK-"),
        (day, offset) in around_midnight(),
        pad in "[ \\t\\n]{1,3}",
        pad_before in any::<bool>(),
    ) {
        let timestamp = midnight(day).0 + offset;
        let credentials = Credentials::new(ID, SecretString::from(key.clone()))
            .and_then(|c| c.with_token(SecretString::from(token.clone())))
            .unwrap();
        let signed = tc3::sign(&request(HOST, b"{}", timestamp), &credentials).unwrap();
        // The token is sent as X-TC-Token, not signed.
        let without_token = Credentials::new(ID, SecretString::from(key.clone())).unwrap();
        let unsigned = tc3::sign(&request(HOST, b"{}", timestamp), &without_token).unwrap();
        prop_assert_eq!(&signed.authorization, &unsigned.authorization);
        let date = tc3::utc_date(timestamp).unwrap();
        let signing_key = SigningKey::derive(&SecretString::from(key.clone()), &date, "faceid");

        let padded = |s: &str| if pad_before { format!("{pad}{s}") } else { format!("{s}{pad}") };
        let errors = [
            Credentials::new(ID, SecretString::from(padded(&key))).unwrap_err(),
            without_token.clone().with_token(SecretString::from(padded(&token))).unwrap_err(),
            tc3::sign(&request("h\r\nx: y", b"{}", timestamp), &credentials).unwrap_err(),
            tc3::sign(&request(HOST, b"{}", i64::MAX), &credentials).unwrap_err(),
        ];
        let mut shown = vec![
            format!("{credentials:?}"),
            format!("{signed:?}"),
            format!("{signing_key:?}"),
            signed.authorization.clone(),
        ];
        shown.extend(errors.iter().map(|e| format!("{e} {e:?}")));
        for text in shown {
            prop_assert!(!text.contains(&key), "the key in {}", text);
            prop_assert!(!text.contains(&token), "the token in {}", text);
        }
        prop_assert!(errors[0].to_string().contains("whitespace"), "{}", errors[0]);
        prop_assert!(errors[1].to_string().contains("session token"), "{}", errors[1]);
    }

    #[test]
    fn any_input_signs_or_is_refused_never_panics(
        method in ".{0,8}",
        host in ".{0,40}",
        path in ".{0,20}",
        query in ".{0,20}",
        content_type in ".{0,30}",
        action in ".{0,20}",
        service in ".{0,10}",
        timestamp in any::<i64>(),
        with_action in any::<bool>(),
        body in proptest::collection::vec(any::<u8>(), 0..64),
    ) {
        let request = SigningRequest {
            method: &method,
            host: &host,
            path: &path,
            query: &query,
            content_type: &content_type,
            body: &body,
            action: &action,
            timestamp,
            service: &service,
            signed_headers: if with_action {
                SignedHeaderSet::ContentTypeHostAction
            } else {
                SignedHeaderSet::ContentTypeHost
            },
        };
        match tc3::sign(&request, &credentials()) {
            // A header value with a line break must never be signed (it would split headers).
            Ok(_) => prop_assert!(!host.contains(['\r', '\n']) && !content_type.contains(['\r', '\n'])),
            Err(error) => prop_assert!(!error.to_string().contains(KEY)),
        }
    }
}
