//! TrustDecision's decoders (result, license) never panic, and the result's evidence decodes
//! or errs.
#![no_main]

use libfuzzer_sys::fuzz_target;
use liveness::verdict::{Evidence, EvidenceKind, EvidenceSource};
use liveness_trustdecision::types::{LicenseResponse, ResultResponse};

fuzz_target!(|bytes: &[u8]| {
    let _ = serde_json::from_slice::<LicenseResponse>(bytes);
    if let Ok(r) = serde_json::from_slice::<ResultResponse>(bytes)
        && let Some(image) = r.image
    {
        let evidence = Evidence {
            kind: EvidenceKind::BestFrame,
            label: "best_frame".into(),
            field: "image".into(),
            source: EvidenceSource::Inline { base64: image },
        };
        let _ = evidence.decode();
    }
});
