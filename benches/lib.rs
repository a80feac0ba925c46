//! Shared by the benchmarks: reading criterion's estimates back to print each project/baseline
//! ratio, and building evidence-heavy response bodies.

use std::path::PathBuf;

/// criterion's output directory: `<target>/criterion`, found from the running bench binary
/// (`<target>/<profile>/deps/<bench>`).
fn criterion_dir() -> Option<PathBuf> {
    let exe = std::env::current_exe().ok()?;
    Some(exe.parent()?.parent()?.parent()?.join("criterion"))
}

/// The median time, in nanoseconds, criterion measured for `group/function` in this run (the
/// median, not the mean: on a shared 2-core machine a few slow samples would move the mean).
pub fn median_ns(group: &str, function: &str) -> Option<f64> {
    let path = criterion_dir()?
        .join(group)
        .join(function)
        .join("new")
        .join("estimates.json");
    let text = std::fs::read_to_string(path).ok()?;
    let value: serde_json::Value = serde_json::from_str(&text).ok()?;
    value["median"]["point_estimate"].as_f64()
}

/// Prints `project / baseline` for `group` (both measured in this run) against `target`, the
/// largest ratio the issue allows; returns the ratio.
pub fn report_ratio(group: &str, project: &str, baseline: &str, target: f64) -> Option<f64> {
    let (p, b) = (median_ns(group, project)?, median_ns(group, baseline)?);
    let ratio = p / b;
    let verdict = if ratio <= target { "meets" } else { "MISSES" };
    println!(
        "ratio {group}: {project} / {baseline} = {ratio:.2} ({p:.0} ns / {b:.0} ns); target <= {target:.2}: {verdict}"
    );
    Some(ratio)
}

/// `len` bytes of base64 text (a valid encoding of zero bytes, like a blank image).
pub fn base64_text(len: usize) -> String {
    "A".repeat(len - len % 4)
}

/// A Talentomobile result with `count` evidences of `evidence_bytes` of base64 each.
pub fn talentomobile_body(count: usize, evidence_bytes: usize) -> Vec<u8> {
    let data = base64_text(evidence_bytes);
    let challenges: Vec<serde_json::Value> = (0..count)
        .map(|i| {
            serde_json::json!({
                "type": if i % 2 == 0 { "CH_BLINK" } else { "CH_BIOMETRY" },
                "startTimestamp": 1631260389 + i,
                "endTimestamp": 1631260390 + i,
                "success": true,
                "score": 99.5,
                "evidences": [{"data": data, "type": "MV_BLINK"}],
            })
        })
        .collect();
    serde_json::to_vec(&challenges).expect("JSON")
}

/// A TrustDecision result whose `image` is `image_bytes` of base64.
pub fn trustdecision_body(image_bytes: usize) -> Vec<u8> {
    serde_json::to_vec(&serde_json::json!({
        "code": "200",
        "message": "success",
        "sequence_id": "1679299854228726325924",
        "image": base64_text(image_bytes),
        "score": 0.98958,
    }))
    .expect("JSON")
}

/// A Verifik list page of `count` flat records.
pub fn verifik_list_body(count: usize) -> Vec<u8> {
    let records: Vec<serde_json::Value> = (0..count)
        .map(|i| {
            serde_json::json!({
                "_id": format!("{:024x}", i),
                "client": "65f0a1b2c3d4e5f6a7b8c9d0",
                "status": "completed",
                "imageSaved": true,
                "imageUrl": format!("https://cdn.verifik.co/document-liveness/{i:024x}.jpg"),
                "chargesCount": 3,
                "validateScreenReplay": true,
                "validatePrintedCopy": true,
                "validatePortraitSubstitution": true,
                "validateDigitalManipulation": false,
                "sreenReplayScore": 2.74,
                "printedCopyScore": 10.72,
                "portraitSubstitutionScore": -0.12,
                "sreenReplayProbability": 0.06,
                "printedCopyProbability": 0.02,
                "portraitSubstitutionProbability": 0.01,
                "sreenReplayCalibration": "REGULAR",
                "printedCopyWarnings": ["GLARE_ON_IMAGE"],
                "aggregatedScore": 0.93,
                "isLive": true,
                "rawResponse": {"screen_replay": {"probability": "0.0612", "label": "live"}},
                "createdAt": "2025-10-28T01:24:11.512Z",
                "updatedAt": "2025-10-28T01:24:13.004Z",
            })
        })
        .collect();
    serde_json::to_vec(&serde_json::json!({
        "success": true,
        "data": records,
        "pagination": {"page": 1, "limit": count, "total": count, "pages": 1},
    }))
    .expect("JSON")
}
