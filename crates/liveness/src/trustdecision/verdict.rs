//! TrustDecision's liveness result as a [`Verdict`].
//!
//! | `code` | outcome |
//! |---|---|
//! | 200 | passed |
//! | 12205 video replay, 12209 moire pattern, 12220 high-resolution screen | rejected: spoof, replay |
//! | 12212 mask, 12214 3D mask, 12217 T-type mask | rejected: spoof, mask |
//! | 12207 paper, 12211 paper (optical flow), 12213 ID card | rejected: spoof, printed copy |
//! | 12215 synthetic image, 12219 deepfake | rejected: spoof, deepfake |
//! | 12216 black-market software, 12222 injection | rejected: spoof, injection |
//! | 12202 blink, 12203 mouth movement, 12204 partial face, 12206 black and white, 12208 frame, 12210 face superiority | rejected: spoof, other (the page's description) |
//! | 12218 blurry image, 12221 light verification failed | rejected: capture quality |
//! | 12250 verification error | rejected: vendor failure |
//! | any other 122xx (12201, 12230, 12231 seen in third-party clients) | unrecognized, code kept |
//!
//! Codes that mean the call failed (301–305, 11301, 11340, 11350) are errors, not verdicts: the
//! page documents no code for an unknown id. Charged: as the page's table says (every code above
//! is charged). Score: `score`, read as 0..1: the page calls it a reserved confidence score and
//! gives no range (an inference from its example, 0.98958). Sources: the codes, their
//! descriptions and charges are the page's table; grouping them into spoof kinds is our reading
//! of each description. Evidence: `image`, the best frame in base64 (the page).

use crate::trustdecision::{AttackKind, Client, LivenessResult, ResultCode};
use crate::verdict::{
    Evidence, EvidenceKind, EvidenceSource, Outcome, RejectReason, Score, ScoreScale, SpoofKind,
    Verdict, liveness_provider, raw_json,
};
use crate::{Error, Vendor};

/// The verdict for `liveness_id` from its result and the raw response body.
pub fn verdict(liveness_id: &str, result: &LivenessResult, raw: &[u8]) -> Verdict {
    let code = result.code.to_string();
    let outcome = match &result.code {
        ResultCode::Pass => Outcome::Passed,
        ResultCode::Attack(kind) => Outcome::Rejected {
            reason: RejectReason::Spoof {
                spoof: spoof_kind(*kind),
                code: code.clone(),
            },
        },
        ResultCode::BlurryImage | ResultCode::LightVerificationFailed => Outcome::Rejected {
            reason: RejectReason::CaptureQuality {
                code: code.clone(),
                detail: result.code.description().map(str::to_owned),
            },
        },
        ResultCode::VerificationError => Outcome::Rejected {
            reason: RejectReason::VendorFailure {
                code: code.clone(),
                detail: result.message.clone(),
            },
        },
        _ => Outcome::Unrecognized { code: code.clone() },
    };
    let evidence = result
        .image
        .iter()
        .filter(|image| !image.is_empty())
        .map(|image| {
            Evidence::new(
                EvidenceKind::BestFrame,
                "best_frame",
                "image",
                EvidenceSource::inline(image),
            )
        })
        .collect();
    Verdict {
        vendor: Vendor::TrustDecision,
        id: liveness_id.to_owned(),
        outcome,
        score: result.score.map(|s| Score::new(s, ScoreScale::Unit)),
        charged: result.code.charged(),
        started_at: None,
        completed_at: None,
        evidence,
        raw: raw_json(raw),
    }
}

/// The spoof kind of each attack code (the table above).
pub fn spoof_kind(kind: AttackKind) -> SpoofKind {
    match kind {
        AttackKind::VideoReplay | AttackKind::MoirePattern | AttackKind::HighResolutionScreen => {
            SpoofKind::Replay
        }
        AttackKind::Mask | AttackKind::Mask3d | AttackKind::TTypeMask => SpoofKind::Mask,
        AttackKind::Paper | AttackKind::PaperOpticalFlow | AttackKind::IdCard => {
            SpoofKind::PrintedCopy
        }
        AttackKind::SyntheticImage | AttackKind::Deepfake => SpoofKind::Deepfake,
        AttackKind::BlackMarketSoftware | AttackKind::Injection => SpoofKind::Injection,
        other => SpoofKind::Other(other.description().to_owned()),
    }
}

/// The verdict for `id`, fetched with `client`.
async fn fetch(client: &Client, id: &str) -> Result<Verdict, Error> {
    let response = client.result(id).await?;
    Ok(verdict(id, &response.value, &response.raw))
}

liveness_provider!(Client, Vendor::TrustDecision, fetch);

#[cfg(test)]
mod tests {
    use super::*;

    fn outcome(code: i64) -> Outcome {
        let result = LivenessResult {
            code: ResultCode::from_code(code),
            message: None,
            score: None,
            image: None,
            sequence_id: None,
            device_risk_tag: Vec::new(),
            device_risk_level: None,
        };
        verdict("1", &result, b"{}").outcome
    }

    fn spoof_of(code: i64) -> SpoofKind {
        match outcome(code) {
            Outcome::Rejected {
                reason: RejectReason::Spoof { spoof, .. },
            } => spoof,
            other => panic!("{code}: {other:?}"),
        }
    }

    #[test]
    fn every_row_of_the_table() {
        assert_eq!(outcome(200), Outcome::Passed);
        for code in [12205, 12209, 12220] {
            assert_eq!(spoof_of(code), SpoofKind::Replay, "{code}");
        }
        for code in [12212, 12214, 12217] {
            assert_eq!(spoof_of(code), SpoofKind::Mask, "{code}");
        }
        for code in [12207, 12211, 12213] {
            assert_eq!(spoof_of(code), SpoofKind::PrintedCopy, "{code}");
        }
        for code in [12215, 12219] {
            assert_eq!(spoof_of(code), SpoofKind::Deepfake, "{code}");
        }
        for code in [12216, 12222] {
            assert_eq!(spoof_of(code), SpoofKind::Injection, "{code}");
        }
        for code in [12202, 12203, 12204, 12206, 12208, 12210] {
            assert!(matches!(spoof_of(code), SpoofKind::Other(_)), "{code}");
        }
        for code in [12218, 12221] {
            assert!(matches!(
                outcome(code),
                Outcome::Rejected {
                    reason: RejectReason::CaptureQuality { .. }
                }
            ));
        }
        assert!(matches!(
            outcome(12250),
            Outcome::Rejected {
                reason: RejectReason::VendorFailure { .. }
            }
        ));
        for code in [12201, 12230, 12231] {
            assert_eq!(
                outcome(code),
                Outcome::Unrecognized {
                    code: code.to_string()
                }
            );
        }
    }

    #[test]
    fn score_image_and_charge_are_kept() {
        let result = LivenessResult {
            code: ResultCode::Pass,
            message: Some("success".into()),
            score: Some(0.98958),
            image: Some("/9j/4AAQSkZJRg".into()),
            sequence_id: None,
            device_risk_tag: Vec::new(),
            device_risk_level: None,
        };
        let verdict = verdict("1234567", &result, br#"{"code":"200"}"#);
        assert_eq!(verdict.score.as_ref().map(|s| s.normalized), Some(0.98958));
        assert_eq!(verdict.charged, Some(true));
        assert_eq!(verdict.evidence[0].field, "image");
        assert_eq!(
            verdict.evidence[0].decode().unwrap().media_type,
            crate::verdict::MediaType::Jpeg
        );
    }
}
