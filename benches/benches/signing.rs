//! TC3 signing of a GetLivenessResult request, fresh and with a cached derived key, beside the
//! bare crypto it cannot avoid: two SHA-256 and four HMAC-SHA256 over the same bytes. Target:
//! a fresh signature costs at most 2× the baseline.

use criterion::{Criterion, criterion_group};
use hmac::{Hmac, Mac};
use liveness::tencent::tc3::{self, Credentials, SignedHeaderSet, SigningKey, SigningRequest};
use secrecy::SecretString;
use sha2::{Digest, Sha256};

const GROUP: &str = "tc3_signing";
const BODY: &[u8] = br#"{"SdkToken":"D2B55F0C-FB5D-4FB6-8765-3E931EBBFC79"}"#;
const TIMESTAMP: i64 = 1_763_856_000;

fn request() -> SigningRequest<'static> {
    SigningRequest {
        method: "POST",
        host: "faceid.intl.tencentcloudapi.com",
        path: "/",
        query: "",
        content_type: "application/json",
        body: BODY,
        action: "GetLivenessResult",
        timestamp: TIMESTAMP,
        service: "faceid",
        signed_headers: SignedHeaderSet::ContentTypeHost,
    }
}

fn hmac(key: &[u8], data: &[u8]) -> [u8; 32] {
    let mut mac = Hmac::<Sha256>::new_from_slice(key).expect("any key length");
    mac.update(data);
    mac.finalize().into_bytes().into()
}

fn bench(c: &mut Criterion) {
    let credentials =
        Credentials::new("AKIDbench", SecretString::from("bench-secret-key")).expect("valid");
    let date = tc3::utc_date(TIMESTAMP).expect("date");
    let key = SigningKey::derive(&SecretString::from("bench-secret-key"), &date, "faceid");
    // The baseline hashes the same bytes the signer does, prepared in advance.
    let canonical = tc3::canonical_request(&request()).expect("canonical");
    let scope = tc3::credential_scope(&date, "faceid");
    let mut group = c.benchmark_group(GROUP);
    group.bench_function("sign_fresh", |b| {
        b.iter(|| tc3::sign(std::hint::black_box(&request()), &credentials).expect("signs"))
    });
    group.bench_function("sign_cached_key", |b| {
        b.iter(|| {
            tc3::sign_with_key(std::hint::black_box(&request()), &credentials, &key).expect("signs")
        })
    });
    group.bench_function("baseline_crypto", |b| {
        b.iter(|| {
            let body_hash = Sha256::digest(std::hint::black_box(BODY));
            let request_hash = Sha256::digest(canonical.as_bytes());
            let k_date = hmac(b"TC3bench-secret-key", date.as_bytes());
            let k_service = hmac(&k_date, b"faceid");
            let k_signing = hmac(&k_service, b"tc3_request");
            let to_sign = [scope.as_bytes(), &request_hash[..], &body_hash[..]].concat();
            hex::encode(hmac(&k_signing, &to_sign))
        })
    });
    group.finish();
}

criterion_group!(benches, bench);

fn main() {
    benches();
    Criterion::default().configure_from_args().final_summary();
    liveness_benches::report_ratio(GROUP, "sign_fresh", "baseline_crypto", 2.0);
    liveness_benches::report_ratio(GROUP, "sign_cached_key", "baseline_crypto", 2.0);
}
