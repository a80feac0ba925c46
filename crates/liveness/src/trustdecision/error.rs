//! TrustDecision's error: a `code` that means the call failed, not a result.

use std::fmt;

use super::codes::ResultCode;
use crate::error::VendorFault;

/// A `code` that means the call failed (account, parameter, internal error, or any code that
/// is not a result), with the vendor's message.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct TrustDecisionError {
    /// The code, typed.
    pub code: ResultCode,
    /// `message` (empty when absent).
    pub message: String,
    /// `sequence_id`, for TrustDecision support.
    pub sequence_id: Option<String>,
}

impl TrustDecisionError {
    /// Only 11350 (internal error) is worth another attempt; the other codes fail the same way
    /// every time.
    pub fn retryable(&self) -> bool {
        self.code == ResultCode::InternalError
    }

    /// Whether the failed call was charged (11350 is not; `None` where the page says nothing).
    pub fn charged(&self) -> Option<bool> {
        self.code.charged()
    }

    fn hint(&self) -> &'static str {
        match self.code {
            ResultCode::NotPurchased
            | ResultCode::Suspended
            | ResultCode::NoBalance
            | ResultCode::Expired
            | ResultCode::DailyCapReached => {
                "; check the TrustDecision account (purchase, status, balance, expiry, quota)"
            }
            ResultCode::ParameterEmpty => {
                "; check the request parameters (liveness_id, session_duration)"
            }
            // TrustDecision's answer to a wrong partner code or key (the common case), and to a
            // liveness id it does not know.
            ResultCode::ParameterError => {
                "; check the partner keys, TRUSTDECISION_PARTNER_CODE and \
                 TRUSTDECISION_PARTNER_KEY (or a liveness id TrustDecision does not know)"
            }
            ResultCode::InternalError => "; TrustDecision's internal error (not charged): retry",
            _ => "",
        }
    }
}

impl VendorFault for TrustDecisionError {
    fn retryable(&self) -> bool {
        TrustDecisionError::retryable(self)
    }

    fn redact(&mut self, mask: &dyn Fn(&str) -> String) {
        // A vendor may echo the request (URL and all) in any text field.
        self.message = mask(&self.message);
        self.sequence_id = self.sequence_id.as_deref().map(mask);
        if let ResultCode::Unparsed(raw) = &mut self.code {
            *raw = mask(raw);
        }
    }
}

impl fmt::Display for TrustDecisionError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "TrustDecision code {}", self.code)?;
        if let Some(description) = self.code.description() {
            write!(f, " ({description})")?;
        }
        if !self.message.is_empty() {
            write!(f, ": {}", self.message)?;
        }
        if let Some(id) = &self.sequence_id {
            write!(f, " (sequence_id {id})")?;
        }
        f.write_str(self.hint())
    }
}
