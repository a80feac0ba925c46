//! Verifik's error body, kept with its HTTP status.

use crate::error::VendorFault;
use std::fmt;

/// A Verifik error body with its HTTP status. Verifik uses two body styles: `{code, message}`
/// (`code` a name such as `MissingParameter`) and `{error, message}` (where `error` is the
/// human text and `message` the name, e.g. `DOCUMENT_LIVENESS_NOT_FOUND`); both are kept as sent.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct VerifikError {
    /// The HTTP status (400, 401, 403, 404, 409, 413 or 500).
    pub status: u16,
    /// `code`, where the body has one.
    pub code: Option<String>,
    /// `error`, where the body has one.
    pub error: Option<String>,
    /// `message` (empty when absent).
    pub message: String,
}

impl VerifikError {
    /// A 5xx (500, or a 502/503 from a gateway that still answered in Verifik's error shape)
    /// is worth another attempt, and only for reads: the engine never repeats a create that may
    /// have arrived. 429 is retried by the engine itself.
    pub fn retryable(&self) -> bool {
        (500..600).contains(&self.status)
    }
}

impl VendorFault for VerifikError {
    fn retryable(&self) -> bool {
        VerifikError::retryable(self)
    }

    fn redact(&mut self, mask: &dyn Fn(&str) -> String) {
        // A 401 body may quote the Authorization header back.
        self.message = mask(&self.message);
        self.code = self.code.as_deref().map(mask);
        self.error = self.error.as_deref().map(mask);
    }
}

impl fmt::Display for VerifikError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Verifik HTTP {}", self.status)?;
        for part in [&self.code, &self.error].into_iter().flatten() {
            write!(f, " {part}")?;
        }
        if !self.message.is_empty() {
            write!(f, ": {}", self.message)?;
        }
        match self.status {
            401 | 403 => {
                f.write_str("; check the token in VERIFIK_TOKEN (they last about 30 days)")
            }
            409 => f.write_str("; enable at least one validate* check"),
            413 => f.write_str("; the image is too large"),
            _ => Ok(()),
        }
    }
}
