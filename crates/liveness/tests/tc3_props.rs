//! Property tests of the TC3 signer over bodies, hosts (with ports), and timestamps around
//! midnight UTC; the published vectors are in `tc3_vectors.rs`.
#![cfg(feature = "tencent")]

use chrono::{Datelike, TimeZone, Utc};
use liveness::tencent::tc3::{self, Credentials, SignedHeaderSet, SigningKey, SigningRequest};
use proptest::prelude::*;
use secrecy::SecretString;
use sha2::{Digest, Sha256};

const KEY: &str = "PROPTEST-secret-key-sentinel";
const TOKEN: &str = "PROPTEST-session-token-sentinel";

fn credentials() -> Credentials {
    Credentials::new("AKIDproptest", SecretString::from(KEY))
        .and_then(|c| c.with_token(SecretString::from(TOKEN)))
        .expect("credentials")
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

fn signature(request: &SigningRequest<'_>) -> String {
    tc3::sign(request, &credentials())
        .expect("signs")
        .authorization
        .rsplit("Signature=")
        .next()
        .expect("a signature")
        .to_owned()
}

/// A timestamp within three seconds of some UTC midnight between 1970 and 2100.
fn around_midnight() -> impl Strategy<Value = i64> {
    (1u32..47_000, -3i64..=3).prop_map(|(day, delta)| i64::from(day) * 86_400 + delta)
}

proptest! {
    #[test]
    fn the_body_hash_is_in_the_canonical_request_and_every_byte_counts(
        body in proptest::collection::vec(any::<u8>(), 0..512),
        flip in any::<prop::sample::Index>(),
    ) {
        let host = "faceid.intl.tencentcloudapi.com";
        let canonical = tc3::canonical_request(&request(host, &body, 1_700_000_000)).unwrap();
        let hash = hex::encode(Sha256::digest(&body));
        let last_line = format!("\n{}", hash);
        prop_assert!(canonical.ends_with(&last_line));
        let once = signature(&request(host, &body, 1_700_000_000));
        prop_assert_eq!(&once, &signature(&request(host, &body, 1_700_000_000)));
        if !body.is_empty() {
            let mut changed = body.clone();
            let at = flip.index(changed.len());
            changed[at] ^= 0x01;
            prop_assert_ne!(once, signature(&request(host, &changed, 1_700_000_000)));
        }
    }

    #[test]
    fn the_host_is_signed_as_sent_port_included(
        name in "[a-z]{1,12}(\\.[a-z]{2,8}){1,3}",
        port in 1u16..=65_535,
        other in 1u16..=65_535,
    ) {
        let with_port = format!("{name}:{port}");
        let canonical = tc3::canonical_request(&request(&with_port, b"{}", 1_700_000_000)).unwrap();
        let expected_line = format!("\nhost:{}\n", with_port);
        prop_assert!(canonical.contains(&expected_line));
        if other != port {
            let elsewhere = format!("{name}:{other}");
            prop_assert_ne!(
                signature(&request(&with_port, b"{}", 1_700_000_000)),
                signature(&request(&elsewhere, b"{}", 1_700_000_000))
            );
        }
        prop_assert_ne!(
            signature(&request(&name, b"{}", 1_700_000_000)),
            signature(&request(&with_port, b"{}", 1_700_000_000))
        );
    }

    #[test]
    fn the_scope_date_is_the_utc_date_around_midnight(timestamp in around_midnight()) {
        let utc = Utc.timestamp_opt(timestamp, 0).unwrap();
        let expected = format!("{:04}-{:02}-{:02}", utc.year(), utc.month(), utc.day());
        prop_assert_eq!(tc3::utc_date(timestamp).unwrap(), expected.clone());
        let signed = tc3::sign(&request("h", b"{}", timestamp), &credentials()).unwrap();
        let credential = format!("Credential=AKIDproptest/{expected}/faceid/tc3_request");
        prop_assert!(signed.authorization.contains(&credential));
        // One second before midnight and midnight itself are different days.
        let midnight = timestamp - timestamp.rem_euclid(86_400);
        prop_assert_ne!(tc3::utc_date(midnight - 1).unwrap(), tc3::utc_date(midnight).unwrap());
    }

    #[test]
    fn a_cached_key_signs_exactly_like_a_fresh_one(
        timestamp in around_midnight(),
        body in proptest::collection::vec(any::<u8>(), 0..64),
    ) {
        let request = request("faceid.intl.tencentcloudapi.com:8443", &body, timestamp);
        let date = tc3::utc_date(timestamp).unwrap();
        let cached = SigningKey::derive(&SecretString::from(KEY), &date, "faceid");
        let with_key = tc3::sign_with_key(&request, &credentials(), &cached).unwrap();
        let fresh = tc3::sign(&request, &credentials()).unwrap();
        prop_assert_eq!(&with_key.authorization, &fresh.authorization);
        // A key cached for another day is not used: the signature is still right.
        let stale = SigningKey::derive(&SecretString::from(KEY), "1999-12-31", "faceid");
        let healed = tc3::sign_with_key(&request, &credentials(), &stale).unwrap();
        prop_assert_eq!(healed.authorization, fresh.authorization);
    }

    #[test]
    fn secrets_never_show(timestamp in around_midnight(), bad in "[ \\t]{1,3}") {
        let signed = tc3::sign(&request("h:1", b"{}", timestamp), &credentials()).unwrap();
        let date = tc3::utc_date(timestamp).unwrap();
        let key = SigningKey::derive(&SecretString::from(KEY), &date, "faceid");
        let refused = Credentials::new("AKID", SecretString::from(format!("{bad}{KEY}")))
            .err()
            .map(|e| format!("{e} {e:?}"))
            .unwrap_or_default();
        prop_assert!(!refused.is_empty(), "a key with surrounding whitespace is refused");
        for shown in [
            format!("{:?}", credentials()),
            format!("{signed:?}"),
            format!("{key:?}"),
            refused,
        ] {
            prop_assert!(!shown.contains(KEY), "{}", shown);
            prop_assert!(!shown.contains(TOKEN), "{}", shown);
        }
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
