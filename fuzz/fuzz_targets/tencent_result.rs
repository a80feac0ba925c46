//! Tencent's decoders (GetLivenessResult, ApplyLivenessToken) and verdict mapping never panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use liveness::tencent::{LivenessResult, ResultCode};
use liveness_tencent_faceid::types::{ApplyLivenessTokenResponse, GetLivenessResultResponse};

fuzz_target!(|bytes: &[u8]| {
    let _ = serde_json::from_slice::<ApplyLivenessTokenResponse>(bytes);
    if let Ok(r) = serde_json::from_slice::<GetLivenessResultResponse>(bytes)
        && let Some(code) = r.response.result.clone()
    {
        let result = LivenessResult {
            result: ResultCode::parse(&code),
            description: r.response.description,
            best_frame: r.response.best_frame,
            video: r.response.video,
            request_id: r.response.request_id,
        };
        let _ = liveness::tencent::verdict::verdict("fuzz", &result, bytes);
    }
});
