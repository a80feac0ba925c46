//! Tencent FaceID's GetLivenessResult as a [`Verdict`].
//!
//! | `Result` (or `Response.Error`) | outcome |
//! |---|---|
//! | `0` | passed (the only billed result) |
//! | `1002` suspected spoofed recording | rejected: spoof, replay |
//! | `1003` real-person detection failed, `1005` liveness failed | rejected: spoof, other |
//! | `1004`, `1101`–`1109`, `1201`, `1202` (face, sound, lighting, video quality) | rejected: capture quality |
//! | `1`–`4`, `8`–`11`, `14`, `16`, `202`, `1001` (parameters, internal, engine, video fetch) | rejected: vendor failure |
//! | `15` token expired, or `InvalidParameterValue.BizTokenExpired` | expired |
//! | `InvalidParameterValue.BizTokenIllegal` | not found |
//! | any other `Result` | unrecognized, code kept |
//!
//! Sources: the codes and their meanings are Tencent's result-code list and the GetLivenessResult
//! page's error table; grouping them into outcomes (spoof, capture quality, vendor failure) is
//! our reading of each code's description, and `BizTokenIllegal` read as not found is an
//! inference. Charged: yes for `0`, no otherwise (Tencent's list: only a success is billed). No
//! score. Evidence: `BestFrame` and `Video`, as URLs with their MD5 and size (the page).

use crate::tencent::{Client, ErrorCode, FileInfo, LivenessResult, ResultCode};
use crate::verdict::{
    Evidence, EvidenceKind, EvidenceSource, Outcome, RejectReason, SpoofKind, Verdict,
    liveness_provider, raw_json,
};
use crate::{Error, Vendor, VendorError};

/// The verdict for `sdk_token` from its result and the raw response body.
pub fn verdict(sdk_token: &str, result: &LivenessResult, raw: &[u8]) -> Verdict {
    let code = result.result.code();
    let detail = || {
        result
            .description
            .clone()
            .or_else(|| result.result.description().map(str::to_owned))
    };
    let outcome = match &result.result {
        ResultCode::Success => Outcome::Passed,
        ResultCode::SuspectedSpoof => spoof(SpoofKind::Replay, &code),
        ResultCode::RealPersonDetectionFailed | ResultCode::LivenessFailed => spoof(
            SpoofKind::Other(detail().unwrap_or_else(|| "liveness failed".into())),
            &code,
        ),
        ResultCode::FaceDetectionFailed | ResultCode::CaptureQuality(_) => Outcome::Rejected {
            reason: RejectReason::CaptureQuality {
                code: code.clone(),
                detail: detail(),
            },
        },
        ResultCode::TokenExpired => Outcome::Expired,
        ResultCode::Other(_) => Outcome::Unrecognized { code: code.clone() },
        _ => Outcome::Rejected {
            reason: RejectReason::VendorFailure {
                code: code.clone(),
                detail: detail(),
            },
        },
    };
    let mut evidence = Vec::new();
    for (kind, label, field, file) in [
        (
            EvidenceKind::BestFrame,
            "best_frame",
            "Response.BestFrame",
            &result.best_frame,
        ),
        (
            EvidenceKind::Video,
            "video",
            "Response.Video",
            &result.video,
        ),
    ] {
        if let Some(source) = file.as_ref().and_then(remote) {
            evidence.push(Evidence::new(kind, label, field, source));
        }
    }
    Verdict {
        vendor: Vendor::Tencent,
        id: sdk_token.to_owned(),
        charged: Some(result.result.is_success()),
        outcome,
        score: None,
        started_at: None,
        completed_at: None,
        evidence,
        raw: raw_json(raw),
    }
}

fn spoof(spoof: SpoofKind, code: &str) -> Outcome {
    Outcome::Rejected {
        reason: RejectReason::Spoof {
            spoof,
            code: code.to_owned(),
        },
    }
}

fn remote(file: &FileInfo) -> Option<EvidenceSource> {
    Some(EvidenceSource::Remote {
        url: file.url.clone().filter(|u| !u.is_empty())?,
        md5: file.md5.clone(),
        size: file.size.and_then(|s| u64::try_from(s).ok()),
    })
}

/// The verdict an error stands for: an expired or unknown token.
pub fn from_error(sdk_token: &str, error: &Error) -> Option<Verdict> {
    let Error::Vendor {
        error: vendor,
        body,
        ..
    } = error
    else {
        return None;
    };
    // Irrefutable when Tencent is the only vendor feature.
    #[allow(irrefutable_let_patterns)]
    let VendorError::Tencent(tencent) = vendor.as_ref() else {
        return None;
    };
    let outcome = match tencent.code {
        ErrorCode::TokenExpired => Outcome::Expired,
        ErrorCode::TokenIllegal => Outcome::NotFound,
        _ => return None,
    };
    Some(Verdict {
        charged: Some(false),
        ..Verdict::without_result(Vendor::Tencent, sdk_token, outcome, body.bytes())
    })
}

/// The verdict for `id`, fetched with `client`.
async fn fetch(client: &Client, id: &str) -> Result<Verdict, Error> {
    match client.get_liveness_result(id).await {
        Ok(response) => Ok(verdict(id, &response.value, &response.raw)),
        Err(error) => from_error(id, &error).ok_or(error),
    }
}

liveness_provider!(Client, Vendor::Tencent, fetch);

#[cfg(test)]
mod tests {
    use super::*;

    fn result(code: &str) -> LivenessResult {
        LivenessResult {
            result: ResultCode::parse(code),
            description: None,
            best_frame: Some(
                FileInfo::builder()
                    .url(Some("http://127.0.0.1/f.jpg".to_owned()))
                    .md5(Some("00".repeat(16)))
                    .size(Some(10))
                    .try_into()
                    .expect("every field set"),
            ),
            video: None,
            request_id: None,
        }
    }

    fn outcome(code: &str) -> Outcome {
        verdict("t", &result(code), b"{}").outcome
    }

    #[test]
    fn every_row_of_the_table() {
        assert_eq!(outcome("0"), Outcome::Passed);
        assert_eq!(outcome("1002"), spoof(SpoofKind::Replay, "1002"));
        for code in ["1003", "1005"] {
            assert!(matches!(
                outcome(code),
                Outcome::Rejected {
                    reason: RejectReason::Spoof {
                        spoof: SpoofKind::Other(_),
                        ..
                    }
                }
            ));
        }
        for code in ["1004", "1101", "1109", "1201", "1202"] {
            assert!(
                matches!(
                    outcome(code),
                    Outcome::Rejected {
                        reason: RejectReason::CaptureQuality { .. }
                    }
                ),
                "{code}"
            );
        }
        for code in [
            "1", "2", "3", "4", "8", "9", "10", "11", "14", "16", "202", "1001",
        ] {
            assert!(
                matches!(
                    outcome(code),
                    Outcome::Rejected {
                        reason: RejectReason::VendorFailure { .. }
                    }
                ),
                "{code}"
            );
        }
        assert_eq!(outcome("15"), Outcome::Expired);
        assert_eq!(
            outcome("3001"),
            Outcome::Unrecognized {
                code: "3001".into()
            }
        );
    }

    #[test]
    fn only_a_pass_is_charged_and_files_are_evidence() {
        let pass = verdict("t", &result("0"), br#"{"Response":{}}"#);
        assert_eq!(pass.charged, Some(true));
        assert_eq!(pass.evidence.len(), 1);
        assert_eq!(pass.evidence[0].kind, EvidenceKind::BestFrame);
        assert_eq!(pass.raw, serde_json::json!({"Response": {}}));
        assert_eq!(verdict("t", &result("1002"), b"").charged, Some(false));
    }
}
