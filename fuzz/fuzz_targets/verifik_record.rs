//! Verifik's record decoder (both shapes) and verdict mapping never panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use liveness_verifik::types::{DocumentLivenessEnvelope, DocumentLivenessList};

fuzz_target!(|bytes: &[u8]| {
    if let Ok(envelope) = serde_json::from_slice::<DocumentLivenessEnvelope>(bytes) {
        let _ = liveness::verifik::verdict::verdict("fuzz", &envelope.data, bytes);
    }
    let _ = serde_json::from_slice::<DocumentLivenessList>(bytes);
});
