//! Talentomobile's challenge-list decoder, verdict mapping and evidence decoding never panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use liveness_talentomobile::types::ChallengeList;

fuzz_target!(|bytes: &[u8]| {
    if let Ok(list) = serde_json::from_slice::<ChallengeList>(bytes) {
        let verdict = liveness::talentomobile::verdict::verdict("fuzz", &list.0, bytes);
        for evidence in &verdict.evidence {
            let _ = evidence.decode();
        }
    }
});
