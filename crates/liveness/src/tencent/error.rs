//! Tencent's `Response.Error`: sent with HTTP 200 instead of a result.

use crate::error::VendorFault;
use std::fmt;

/// A Tencent error code (`Response.Error.Code`), typed where the client acts on it.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ErrorCode {
    /// `AuthFailure.SignatureExpire`: the request's timestamp is over 5 minutes from the
    /// server's clock. The client learns the offset and retries once.
    SignatureExpire,
    /// `AuthFailure.SignatureFailure`: the signature does not match (wrong SecretKey, or the
    /// request changed after signing).
    SignatureFailure,
    /// `AuthFailure.SecretIdNotFound`, `AuthFailure.InvalidSecretId`: unknown SecretId.
    SecretIdInvalid(String),
    /// Any other `AuthFailure.*` (token, authorization, permissions).
    AuthFailure(String),
    /// `RequestLimitExceeded` and its sub-codes: retryable after a wait.
    RequestLimitExceeded(String),
    /// `InternalError` (and sub-codes): retryable.
    InternalError(String),
    /// `InvalidParameterValue.BizTokenExpired`: the SdkToken expired.
    TokenExpired,
    /// `InvalidParameterValue.BizTokenIllegal`: the SdkToken is not valid.
    TokenIllegal,
    /// Any other code, kept as sent.
    Other(String),
}

impl ErrorCode {
    /// Reads a code as Tencent sends it.
    pub fn parse(code: &str) -> Self {
        match code {
            "AuthFailure.SignatureExpire" => ErrorCode::SignatureExpire,
            "AuthFailure.SignatureFailure" => ErrorCode::SignatureFailure,
            "AuthFailure.SecretIdNotFound" | "AuthFailure.InvalidSecretId" => {
                ErrorCode::SecretIdInvalid(code.to_owned())
            }
            "InvalidParameterValue.BizTokenExpired" => ErrorCode::TokenExpired,
            "InvalidParameterValue.BizTokenIllegal" => ErrorCode::TokenIllegal,
            c if c.starts_with("AuthFailure") => ErrorCode::AuthFailure(code.to_owned()),
            c if c.starts_with("RequestLimitExceeded") => {
                ErrorCode::RequestLimitExceeded(code.to_owned())
            }
            c if c == "InternalError" || c.starts_with("InternalError.") => {
                ErrorCode::InternalError(code.to_owned())
            }
            _ => ErrorCode::Other(code.to_owned()),
        }
    }

    /// The code as Tencent sends it.
    pub fn as_str(&self) -> &str {
        match self {
            ErrorCode::SignatureExpire => "AuthFailure.SignatureExpire",
            ErrorCode::SignatureFailure => "AuthFailure.SignatureFailure",
            ErrorCode::TokenExpired => "InvalidParameterValue.BizTokenExpired",
            ErrorCode::TokenIllegal => "InvalidParameterValue.BizTokenIllegal",
            ErrorCode::SecretIdInvalid(c)
            | ErrorCode::AuthFailure(c)
            | ErrorCode::RequestLimitExceeded(c)
            | ErrorCode::InternalError(c)
            | ErrorCode::Other(c) => c,
        }
    }
}

/// `Response.Error` with the request id beside it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TencentError {
    /// The code, typed.
    pub code: ErrorCode,
    /// The vendor's message.
    pub message: String,
    /// `Response.RequestId`, for Tencent support.
    pub request_id: Option<String>,
    /// On `SignatureExpire`: the server's Unix time, from the message or the `Date` header.
    pub server_time: Option<i64>,
}

impl TencentError {
    /// Busy or internal: worth another attempt (what the official SDKs retry, plus
    /// `InternalError`).
    pub fn retryable(&self) -> bool {
        matches!(
            self.code,
            ErrorCode::RequestLimitExceeded(_) | ErrorCode::InternalError(_)
        )
    }

    /// What to do about it, for the error message.
    fn hint(&self) -> &'static str {
        match self.code {
            ErrorCode::SignatureExpire => "; check this machine's clock",
            ErrorCode::SignatureFailure => "; check the SecretKey",
            ErrorCode::SecretIdInvalid(_) => "; check the SecretId",
            ErrorCode::RequestLimitExceeded(_) => {
                "; slow down (20 requests/second per action) or enable retries"
            }
            ErrorCode::TokenExpired => "; SdkTokens live 10 minutes: apply for a new one",
            _ => "",
        }
    }
}

impl VendorFault for TencentError {
    fn retryable(&self) -> bool {
        TencentError::retryable(self)
    }

    fn redact(&mut self, mask: &dyn Fn(&str) -> String) {
        self.message = mask(&self.message);
    }
}

impl fmt::Display for TencentError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Tencent error {}: {}", self.code.as_str(), self.message)?;
        if let Some(id) = &self.request_id {
            write!(f, " (RequestId {id})")?;
        }
        f.write_str(self.hint())
    }
}

/// The server's clock, read from a `SignatureExpire` message (the Unix time after "server time",
/// as the mock and Tencent's English messages put it) or else from the HTTP `Date` header. A bare
/// number elsewhere in the message may be the request's own timestamp, so it is not used.
pub(crate) fn server_time(message: &str, date_header: Option<&str>) -> Option<i64> {
    let lower = message.to_ascii_lowercase();
    let from_message = lower.find("server time").and_then(|at| {
        lower[at..]
            .split(|c: char| !c.is_ascii_digit())
            .find(|digits| digits.len() >= 9)
            .and_then(|digits| digits.parse::<i64>().ok())
    });
    from_message.or_else(|| {
        date_header
            .and_then(|d| chrono::DateTime::parse_from_rfc2822(d).ok())
            .map(|t| t.timestamp())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_typed_and_unknown_ones_kept() {
        assert_eq!(
            ErrorCode::parse("AuthFailure.SignatureExpire"),
            ErrorCode::SignatureExpire
        );
        assert!(matches!(
            ErrorCode::parse("RequestLimitExceeded.UinLimitExceeded"),
            ErrorCode::RequestLimitExceeded(_)
        ));
        assert!(matches!(
            ErrorCode::parse("AuthFailure.TokenFailure"),
            ErrorCode::AuthFailure(_)
        ));
        let other = ErrorCode::parse("FailedOperation.Whatever");
        assert_eq!(other.as_str(), "FailedOperation.Whatever");
    }

    #[test]
    fn retryable_codes_are_busy_and_internal_only() {
        let error = |code: &str| TencentError {
            code: ErrorCode::parse(code),
            message: String::new(),
            request_id: None,
            server_time: None,
        };
        assert!(error("RequestLimitExceeded").retryable());
        assert!(error("InternalError").retryable());
        assert!(!error("AuthFailure.SignatureFailure").retryable());
        assert!(!error("InvalidParameter").retryable());
    }

    #[test]
    fn server_time_comes_from_the_message_or_the_date_header() {
        assert_eq!(
            server_time(
                "Signature expired. Timestamp:1551113065, server time: 1551113999",
                None
            ),
            Some(1551113999)
        );
        assert_eq!(
            server_time("expired", Some("Mon, 25 Feb 2019 16:44:25 GMT")),
            Some(1551113065)
        );
        assert_eq!(server_time("expired", None), None);
        // The request's own timestamp is not the server's.
        assert_eq!(server_time("Timestamp 1551113065 is too old", None), None);
    }
}
