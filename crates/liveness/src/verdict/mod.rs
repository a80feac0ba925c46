//! One answer to "did this person pass, how sure, and what is the evidence", whatever the vendor.
//!
//! [`Verdict`] is built from each vendor's result by a documented mapping (each vendor's
//! `verdict` module, e.g. `liveness::tencent::verdict`, with its table); [`LivenessProvider`]
//! fetches it for an id, so an application can pick its vendor from configuration. The raw vendor response is kept in every verdict for audit.
//!
//! | outcome | meaning |
//! |---|---|
//! | `passed` | the vendor says the person (or document) is live |
//! | `rejected` | the check ran and failed: a spoof, a capture-quality problem, a failed challenge, or the vendor could not complete the check |
//! | `pending` | the check has not finished |
//! | `expired` | the session or its result is no longer available because it is too old |
//! | `not_found` | the vendor knows no such session |
//! | `unrecognized` | a code this crate does not know yet; the code is kept |

pub mod batch;
mod evidence;
mod provider;

use chrono::{DateTime, Utc};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

pub use evidence::{
    DecodedEvidence, Evidence, EvidenceDownloader, EvidenceError, EvidenceKind, EvidenceSource,
    MediaType,
};
pub(crate) use provider::liveness_provider;
pub use provider::{BoxFuture, LivenessProvider};

use crate::Vendor;

/// A vendor's result, normalized.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Verdict {
    /// The vendor that decided.
    pub vendor: Vendor,
    /// The session, process or record id the verdict is for.
    pub id: String,
    /// What the vendor decided.
    pub outcome: Outcome,
    /// How sure, where the vendor says.
    pub score: Option<Score>,
    /// Whether the vendor charged for the check, where it says.
    pub charged: Option<bool>,
    /// When the check started, where the vendor says.
    pub started_at: Option<DateTime<Utc>>,
    /// When the check finished, where the vendor says.
    pub completed_at: Option<DateTime<Utc>>,
    /// Images and videos the vendor returned.
    pub evidence: Vec<Evidence>,
    /// The vendor's response as received (JSON; a non-JSON body is kept as a string).
    pub raw: serde_json::Value,
}

impl Verdict {
    /// Whether the outcome is a pass.
    pub fn passed(&self) -> bool {
        self.outcome == Outcome::Passed
    }

    /// A verdict read from an answer without a result (an error body, a 404): the outcome and
    /// the body as received; no score, times, evidence, or word on charging. For providers,
    /// this crate's and others'.
    pub fn without_result(vendor: Vendor, id: &str, outcome: Outcome, body: &[u8]) -> Self {
        Self {
            vendor,
            id: id.to_owned(),
            outcome,
            score: None,
            charged: None,
            started_at: None,
            completed_at: None,
            evidence: Vec::new(),
            raw: raw_json(body),
        }
    }
}

/// What the vendor decided.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "status", rename_all = "snake_case")]
#[non_exhaustive]
pub enum Outcome {
    /// Live.
    Passed,
    /// Not live, or not checkable; the reason says which.
    Rejected {
        /// Why.
        reason: RejectReason,
    },
    /// Not finished yet.
    Pending,
    /// Too old: the session or its result is gone.
    Expired,
    /// No such session.
    NotFound,
    /// A vendor code this crate does not know; kept as sent.
    Unrecognized {
        /// The vendor's code.
        code: String,
    },
}

/// Why a check did not pass.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[non_exhaustive]
pub enum RejectReason {
    /// A presentation or injection attack.
    Spoof {
        /// Which kind.
        spoof: SpoofKind,
        /// The vendor's code.
        code: String,
    },
    /// The capture was not good enough to decide (blur, lighting, face not visible, sound...).
    CaptureQuality {
        /// The vendor's code.
        code: String,
        /// The vendor's description, where known.
        detail: Option<String>,
    },
    /// A challenge of an active liveness flow failed (Talentomobile).
    ChallengeFailed {
        /// The challenge type, e.g. `CH_BLINK`.
        challenge: String,
        /// The failed move, for head-pose challenges.
        step: Option<String>,
    },
    /// The vendor could not complete the check (engine failure, bad parameters, internal error).
    VendorFailure {
        /// The vendor's code.
        code: String,
        /// The vendor's description, where known.
        detail: Option<String>,
    },
}

/// The kind of spoof a vendor reported.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum SpoofKind {
    /// A recording or screen replayed to the camera.
    Replay,
    /// A mask (paper, 3D, T-type).
    Mask,
    /// A printed photo or document copy.
    PrintedCopy,
    /// A synthetic or deepfake face.
    Deepfake,
    /// A forged camera feed (injection, emulators, tampering tools).
    Injection,
    /// The document's portrait was replaced.
    PortraitSubstitution,
    /// The document image was edited.
    DigitalManipulation,
    /// Another attack the vendor named; its description.
    Other(String),
}

/// A score normalized to 0..1 beside the vendor's own.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Score {
    /// 0..1, higher means more likely live (the vendor's value mapped and clamped).
    pub normalized: f64,
    /// The vendor's value, as sent.
    pub raw: f64,
    /// The vendor's scale.
    pub scale: ScoreScale,
}

/// The scale of a vendor's score.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum ScoreScale {
    /// 0..1.
    Unit,
    /// 0..100.
    Percent,
    /// Documented without bounds (Verifik's flat records hold 2.74 or -0.12): clamped to 0..1.
    Unbounded,
}

impl Score {
    /// A score on `scale`, normalized.
    pub fn new(raw: f64, scale: ScoreScale) -> Self {
        let normalized = match scale {
            ScoreScale::Unit | ScoreScale::Unbounded => raw,
            ScoreScale::Percent => raw / 100.0,
        };
        let normalized = if normalized.is_nan() {
            0.0
        } else {
            normalized.clamp(0.0, 1.0)
        };
        Self {
            normalized,
            raw,
            scale,
        }
    }
}

/// The JSON Schema of [`Verdict`] (`liveness schema` prints it).
pub fn schema() -> serde_json::Value {
    serde_json::to_value(schemars::schema_for!(Verdict)).expect("a schema is JSON")
}

/// A vendor's raw body as JSON, or as a string when it is not JSON (how [`Verdict::raw`] keeps it).
pub fn raw_json(bytes: &[u8]) -> serde_json::Value {
    serde_json::from_slice(bytes)
        .unwrap_or_else(|_| serde_json::Value::String(String::from_utf8_lossy(bytes).into_owned()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scores_are_normalized_and_clamped() {
        assert_eq!(
            Score::new(99.9845, ScoreScale::Percent).normalized,
            0.999845
        );
        assert_eq!(Score::new(0.93, ScoreScale::Unit).normalized, 0.93);
        assert_eq!(Score::new(2.74, ScoreScale::Unbounded).normalized, 1.0);
        assert_eq!(Score::new(-0.12, ScoreScale::Unbounded).normalized, 0.0);
        assert_eq!(Score::new(f64::NAN, ScoreScale::Unit).normalized, 0.0);
    }

    #[test]
    fn the_schema_describes_every_outcome() {
        let schema = schema().to_string();
        for name in [
            "passed",
            "rejected",
            "pending",
            "expired",
            "not_found",
            "unrecognized",
        ] {
            assert!(schema.contains(name), "{name} missing from the schema");
        }
    }

    #[test]
    fn outcomes_serialize_with_a_status_tag() {
        let rejected = Outcome::Rejected {
            reason: RejectReason::Spoof {
                spoof: SpoofKind::Replay,
                code: "1002".into(),
            },
        };
        assert_eq!(
            serde_json::to_value(&rejected).unwrap(),
            serde_json::json!({"status": "rejected", "reason": {"kind": "spoof", "spoof": "replay", "code": "1002"}})
        );
    }
}
