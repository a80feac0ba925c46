//! Talentomobile VideoFace Plus's challenge list as a [`Verdict`].
//!
//! | result | outcome | documented? |
//! |---|---|---|
//! | every challenge and every move succeeded | passed | the page shows `success` per challenge and move; that all must succeed is our reading |
//! | a challenge or one of its moves failed | rejected: challenge failed (the first, with its move) | our reading of `success: false` |
//! | an empty list | pending | not documented: an inference |
//! | 404 | not found | the page documents 404; that it may also mean the 300 seconds results are kept have passed is an inference |
//!
//! Score: the `CH_BIOMETRY` challenge's `score`, read as 0..100: not documented, an inference
//! from the page's sample (99.9845). Charged: not said. Timestamps: the earliest
//! `startTimestamp` and the latest `endTimestamp` (Unix seconds, as the page's sample). Evidence:
//! every challenge's `evidences[].data` and every move's `evidence`, base64 (the page).

use chrono::{DateTime, Utc};

use crate::talentomobile::{Challenge, Client};
use crate::verdict::{
    Evidence, EvidenceKind, EvidenceSource, Outcome, RejectReason, Score, ScoreScale, Verdict,
    liveness_provider, raw_json,
};
use crate::{Error, Vendor};

/// The verdict for process `id` from its challenges and the raw response body.
pub fn verdict(id: &str, challenges: &[Challenge], raw: &[u8]) -> Verdict {
    let failed = challenges.iter().find_map(|c| {
        let failed_move = c.moves.iter().find(|m| !m.success);
        (!c.success || failed_move.is_some()).then(|| RejectReason::ChallengeFailed {
            challenge: c.type_.clone(),
            step: failed_move.map(|m| m.type_.clone()),
        })
    });
    let outcome = match failed {
        Some(reason) => Outcome::Rejected { reason },
        None if challenges.is_empty() => Outcome::Pending,
        None => Outcome::Passed,
    };
    let score = challenges
        .iter()
        .find(|c| c.type_ == "CH_BIOMETRY")
        .and_then(|c| c.score)
        .map(|s| Score::new(s, ScoreScale::Percent));
    let mut evidence = Vec::new();
    for (i, challenge) in challenges.iter().enumerate() {
        for (j, item) in challenge.evidences.iter().enumerate() {
            let label = item.type_.as_deref().unwrap_or("evidence");
            evidence.push(Evidence::new(
                EvidenceKind::Challenge,
                format!("{}/{label}", challenge.type_),
                format!("[{i}].evidences[{j}].data"),
                EvidenceSource::inline(&item.data),
            ));
        }
        for (j, step) in challenge.moves.iter().enumerate() {
            if let Some(data) = &step.evidence {
                evidence.push(Evidence::new(
                    EvidenceKind::Move,
                    format!("{}/{}", challenge.type_, step.type_),
                    format!("[{i}].moves[{j}].evidence"),
                    EvidenceSource::inline(data),
                ));
            }
        }
    }
    let at = |t: i64| DateTime::<Utc>::from_timestamp(t, 0);
    Verdict {
        vendor: Vendor::Talentomobile,
        id: id.to_owned(),
        outcome,
        score,
        charged: None,
        started_at: challenges
            .iter()
            .filter_map(|c| c.start_timestamp)
            .min()
            .and_then(at),
        completed_at: challenges
            .iter()
            .filter_map(|c| c.end_timestamp)
            .max()
            .and_then(at),
        evidence,
        raw: raw_json(raw),
    }
}

/// The verdict for `id`, fetched with `client`.
async fn fetch(client: &Client, id: &str) -> Result<Verdict, Error> {
    match client.result(id).await {
        Ok(response) => Ok(verdict(id, &response.value, &response.raw)),
        Err(Error::Status {
            status: 404, body, ..
        }) => Ok(Verdict::without_result(
            Vendor::Talentomobile,
            id,
            Outcome::NotFound,
            body.bytes(),
        )),
        Err(error) => Err(error),
    }
}

liveness_provider!(Client, Vendor::Talentomobile, fetch);

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn challenges(value: serde_json::Value) -> Vec<Challenge> {
        serde_json::from_value(value).unwrap()
    }

    #[test]
    fn every_row_of_the_table() {
        let passed = challenges(json!([
            {"type": "CH_BLINK", "success": true, "startTimestamp": 10, "endTimestamp": 11,
             "evidences": [{"data": "iVBORw0KGgo=", "type": "MV_BLINK"}]},
            {"type": "CH_BIOMETRY", "success": true, "score": 99.9845, "endTimestamp": 20},
            {"type": "CH_HEAD_POSE", "success": true,
             "moves": [{"type": "MV_HEAD_TURN_LEFT", "success": true, "evidence": "/9j/4AAQ"}]}
        ]));
        let verdict = verdict("p", &passed, b"[]");
        assert_eq!(verdict.outcome, Outcome::Passed);
        assert_eq!(verdict.score.as_ref().unwrap().normalized, 0.999845);
        assert_eq!(verdict.started_at.unwrap().timestamp(), 10);
        assert_eq!(verdict.completed_at.unwrap().timestamp(), 20);
        assert_eq!(verdict.evidence.len(), 2);
        assert_eq!(verdict.evidence[1].field, "[2].moves[0].evidence");

        let failed_move = challenges(json!([
            {"type": "CH_HEAD_POSE", "success": true,
             "moves": [{"type": "MV_HEAD_TURN_RIGHT", "success": false}]}
        ]));
        assert_eq!(
            super::verdict("p", &failed_move, b"[]").outcome,
            Outcome::Rejected {
                reason: RejectReason::ChallengeFailed {
                    challenge: "CH_HEAD_POSE".into(),
                    step: Some("MV_HEAD_TURN_RIGHT".into()),
                }
            }
        );
        let failed = challenges(json!([{"type": "CH_NEW_KIND", "success": false}]));
        assert!(matches!(
            super::verdict("p", &failed, b"[]").outcome,
            Outcome::Rejected {
                reason: RejectReason::ChallengeFailed { .. }
            }
        ));
        assert_eq!(super::verdict("p", &[], b"[]").outcome, Outcome::Pending);
    }
}
