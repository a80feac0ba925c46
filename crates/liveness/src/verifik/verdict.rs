//! A Verifik document liveness record, in either documented shape, as a [`Verdict`].
//!
//! | record | outcome | documented? |
//! |---|---|---|
//! | `status` new or processing | pending | the list page names the statuses; their meaning is our reading |
//! | `status` failed | rejected: vendor failure | our reading of the status |
//! | a check with `validationResults.<check>.passed: false` (nested shape) | rejected: spoof of that check | the retrieve page |
//! | `isLive: false` (flat shape) | rejected: spoof of the check with the highest `<check>Probability` | `isLive` is on the create page; which check to blame is an inference |
//! | `isLive: true`, or every nested check passed | passed | the pages |
//! | none of these | unrecognized (code: the status, or `unknown`) | - |
//! | 404 | not found | the retrieve page |
//!
//! Checks map to spoof kinds: screen replay → replay, printed copy → printed copy, portrait
//! substitution → portrait substitution, digital manipulation → digital manipulation. Score: the
//! nested `confidence`, read as the probability (0..1) that the document is live: not
//! documented, an inference; else the flat `aggregatedScore`, whose range is not documented
//! either (real records hold values outside 0..1): clamped. Charged: `chargesCount` > 0 (the
//! create page's field; that it counts charges is its name's reading). Evidence: `imageUrl`,
//! when the image was saved.

use chrono::{DateTime, Utc};

use crate::verdict::{
    Evidence, EvidenceKind, EvidenceSource, Outcome, RejectReason, Score, ScoreScale, SpoofKind,
    Verdict, liveness_provider, raw_json,
};
use crate::verifik::{Check, Client, DocumentLiveness, RecordExt};
use crate::{Error, Vendor};

/// The verdict for record `id` from the record and the raw response body.
pub fn verdict(id: &str, record: &DocumentLiveness, raw: &[u8]) -> Verdict {
    let status = record.status.as_deref().map(str::to_ascii_lowercase);
    let outcomes: Vec<_> = Check::ALL.iter().map(|c| (*c, record.check(*c))).collect();
    let spoof = |check: Check| Outcome::Rejected {
        reason: RejectReason::Spoof {
            spoof: spoof_kind(check),
            code: check.name().into(),
        },
    };
    let nested_failure = outcomes
        .iter()
        .find(|(_, o)| o.passed == Some(false))
        .map(|(c, _)| *c);
    let nested_all_passed = outcomes.iter().any(|(_, o)| o.passed.is_some())
        && outcomes.iter().all(|(_, o)| o.passed != Some(false));
    let outcome = match (status.as_deref(), nested_failure, record.is_live) {
        (Some("new" | "processing"), _, _) => Outcome::Pending,
        (Some("failed"), _, _) => Outcome::Rejected {
            reason: RejectReason::VendorFailure {
                code: "failed".into(),
                detail: None,
            },
        },
        (_, Some(check), _) => spoof(check),
        (_, None, Some(false)) => {
            let likeliest = outcomes
                .iter()
                .filter_map(|(c, o)| o.probability.map(|p| (*c, p)))
                .max_by(|a, b| a.1.total_cmp(&b.1));
            match likeliest {
                Some((check, _)) => spoof(check),
                None => Outcome::Rejected {
                    reason: RejectReason::Spoof {
                        spoof: SpoofKind::Other("not live".into()),
                        code: "isLive".into(),
                    },
                },
            }
        }
        (_, None, Some(true)) => Outcome::Passed,
        _ if nested_all_passed => Outcome::Passed,
        _ => Outcome::Unrecognized {
            code: status.unwrap_or_else(|| "unknown".into()),
        },
    };
    let score = record
        .confidence
        .map(|c| Score::new(c, ScoreScale::Unit))
        .or_else(|| {
            record
                .aggregated_score
                .map(|s| Score::new(s, ScoreScale::Unbounded))
        });
    let time = |t: &Option<String>| {
        t.as_deref()
            .and_then(|t| DateTime::parse_from_rfc3339(t).ok())
            .map(|t| t.with_timezone(&Utc))
    };
    let evidence = record
        .image_url
        .iter()
        .filter(|u| !u.is_empty())
        .map(|url| {
            Evidence::new(
                EvidenceKind::Document,
                "document",
                "data.imageUrl",
                EvidenceSource::remote(url),
            )
        })
        .collect();
    Verdict {
        vendor: Vendor::Verifik,
        id: id.to_owned(),
        outcome,
        score,
        charged: record.charges_count.map(|c| c > 0),
        started_at: time(&record.created_at),
        completed_at: time(&record.completed_at).or_else(|| time(&record.updated_at)),
        evidence,
        raw: raw_json(raw),
    }
}

fn spoof_kind(check: Check) -> SpoofKind {
    match check {
        Check::ScreenReplay => SpoofKind::Replay,
        Check::PrintedCopy => SpoofKind::PrintedCopy,
        Check::PortraitSubstitution => SpoofKind::PortraitSubstitution,
        Check::DigitalManipulation => SpoofKind::DigitalManipulation,
    }
}

/// The verdict for `id`, fetched with `client`.
async fn fetch(client: &Client, id: &str) -> Result<Verdict, Error> {
    match client.retrieve(id).await {
        Ok(response) => Ok(verdict(id, &response.value, &response.raw)),
        Err(error) if error.status() == Some(404) => {
            let outcome = Outcome::NotFound;
            let mut verdict = Verdict::without_result(Vendor::Verifik, id, outcome, &[]);
            // Null, not "", when the error kept no body.
            verdict.raw = error
                .body()
                .map(|b| raw_json(b.bytes()))
                .unwrap_or_default();
            Ok(verdict)
        }
        Err(error) => Err(error),
    }
}

liveness_provider!(Client, Vendor::Verifik, fetch);

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn outcome(record: serde_json::Value) -> Outcome {
        let record: DocumentLiveness = serde_json::from_value(record).unwrap();
        verdict("r", &record, b"{}").outcome
    }

    #[test]
    fn every_row_of_the_table() {
        assert_eq!(outcome(json!({"status": "processing"})), Outcome::Pending);
        assert_eq!(
            outcome(json!({"status": "new", "isLive": true})),
            Outcome::Pending
        );
        assert!(matches!(
            outcome(json!({"status": "failed"})),
            Outcome::Rejected {
                reason: RejectReason::VendorFailure { .. }
            }
        ));
        let nested = json!({"status": "completed", "validationResults": {
            "screenReplay": {"passed": true, "score": 0.95},
            "printedCopy": {"passed": false, "score": 0.2}
        }});
        assert_eq!(
            outcome(nested),
            Outcome::Rejected {
                reason: RejectReason::Spoof {
                    spoof: SpoofKind::PrintedCopy,
                    code: "printedCopy".into()
                }
            }
        );
        let flat_attack = json!({"isLive": false, "sreenReplayProbability": 0.95,
            "printedCopyProbability": 0.02, "portraitSubstitutionProbability": 0.5});
        assert_eq!(
            outcome(flat_attack),
            Outcome::Rejected {
                reason: RejectReason::Spoof {
                    spoof: SpoofKind::Replay,
                    code: "screenReplay".into()
                }
            }
        );
        assert!(matches!(
            outcome(json!({"isLive": false})),
            Outcome::Rejected {
                reason: RejectReason::Spoof {
                    spoof: SpoofKind::Other(_),
                    ..
                }
            }
        ));
        assert_eq!(outcome(json!({"isLive": true})), Outcome::Passed);
        assert_eq!(
            outcome(json!({"validationResults": {"screenReplay": {"passed": true}}})),
            Outcome::Passed
        );
        assert_eq!(
            outcome(json!({"status": "archived"})),
            Outcome::Unrecognized {
                code: "archived".into()
            }
        );
    }

    #[test]
    fn scores_outside_the_unit_range_are_clamped_and_kept() {
        let record: DocumentLiveness = serde_json::from_value(json!({
            "isLive": true, "aggregatedScore": 2.74, "chargesCount": 3,
            "createdAt": "2025-10-28T01:24:11.512Z", "imageUrl": "https://cdn.example/x.jpg"
        }))
        .unwrap();
        let verdict = verdict("r", &record, b"{}");
        let score = verdict.score.unwrap();
        assert_eq!((score.normalized, score.raw), (1.0, 2.74));
        assert_eq!(score.scale, ScoreScale::Unbounded);
        assert_eq!(verdict.charged, Some(true));
        assert!(verdict.started_at.is_some());
        assert_eq!(verdict.evidence[0].kind, EvidenceKind::Document);
    }
}
