//! Tencent's `Result` codes for GetLivenessResult (FaceID's result-code list, see
//! `specs/SOURCES.md`; the vendor's list is cut off after 1202, so any other code is kept as
//! [`ResultCode::Other`]).

use std::fmt;

/// The outcome code of a liveness session. `"0"` is the only pass (and the only billed result).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ResultCode {
    /// 0: the person is live.
    Success,
    /// 1: a parameter was invalid.
    InvalidParameter,
    /// 2: a parameter value was incorrect.
    IncorrectParameterValue,
    /// 3: bad request.
    BadRequest,
    /// 4, 8, 9, 10, 11: the vendor's internal error (the code is kept).
    InternalError(u32),
    /// 14: the session was already completed.
    AlreadyCompleted,
    /// 15: the SdkToken expired (tokens live 10 minutes).
    TokenExpired,
    /// 16: the retry limit was reached.
    RetryLimitReached,
    /// 202: the video could not be fetched.
    VideoUnavailable,
    /// 1001: the liveness engine call failed.
    EngineFailed,
    /// 1002: a spoofed recording is suspected.
    SuspectedSpoof,
    /// 1003: real-person detection failed.
    RealPersonDetectionFailed,
    /// 1004: no face was detected.
    FaceDetectionFailed,
    /// 1005: liveness failed.
    LivenessFailed,
    /// 1101–1109, 1201, 1202: a capture-quality problem (no sound, face covered, lighting...).
    CaptureQuality(u32),
    /// Any other code, kept as sent.
    Other(String),
}

impl ResultCode {
    /// Reads a code as Tencent sends it (a decimal string).
    pub fn parse(code: &str) -> Self {
        let Ok(n) = code.trim().parse::<u32>() else {
            return ResultCode::Other(code.to_owned());
        };
        match n {
            0 => ResultCode::Success,
            1 => ResultCode::InvalidParameter,
            2 => ResultCode::IncorrectParameterValue,
            3 => ResultCode::BadRequest,
            4 | 8 | 9 | 10 | 11 => ResultCode::InternalError(n),
            14 => ResultCode::AlreadyCompleted,
            15 => ResultCode::TokenExpired,
            16 => ResultCode::RetryLimitReached,
            202 => ResultCode::VideoUnavailable,
            1001 => ResultCode::EngineFailed,
            1002 => ResultCode::SuspectedSpoof,
            1003 => ResultCode::RealPersonDetectionFailed,
            1004 => ResultCode::FaceDetectionFailed,
            1005 => ResultCode::LivenessFailed,
            1101..=1109 | 1201 | 1202 => ResultCode::CaptureQuality(n),
            _ => ResultCode::Other(code.to_owned()),
        }
    }

    /// Whether the person passed.
    pub fn is_success(&self) -> bool {
        *self == ResultCode::Success
    }

    /// The vendor's description of the code, where it documents one.
    pub fn description(&self) -> Option<&'static str> {
        Some(match self {
            ResultCode::Success => "success",
            ResultCode::InvalidParameter => "invalid parameter",
            ResultCode::IncorrectParameterValue => "incorrect parameter value",
            ResultCode::BadRequest => "bad request",
            ResultCode::InternalError(_) => "internal service error",
            ResultCode::AlreadyCompleted => "already completed",
            ResultCode::TokenExpired => "token expired",
            ResultCode::RetryLimitReached => "retry limit reached",
            ResultCode::VideoUnavailable => "failed to get video",
            ResultCode::EngineFailed => "liveness engine call failed",
            ResultCode::SuspectedSpoof => "suspected spoofed recording",
            ResultCode::RealPersonDetectionFailed => "real-person detection failed",
            ResultCode::FaceDetectionFailed => "face detection failed",
            ResultCode::LivenessFailed => "liveness failed",
            ResultCode::CaptureQuality(n) => match n {
                1101 => "no sound",
                1102 => "face not fully exposed",
                1103 => "speech recognition failed",
                1104 => "bad video format",
                1105 => "failed to pull video",
                1106 => "volume too low",
                1107 => "video empty or wrong size",
                1108 => "definition too low",
                1109 => "lip movement too small",
                1201 => "lighting too dim",
                _ => "lighting problem",
            },
            ResultCode::Other(_) => return None,
        })
    }

    /// The code as Tencent sends it.
    pub fn code(&self) -> String {
        match self {
            ResultCode::Success => "0".into(),
            ResultCode::InvalidParameter => "1".into(),
            ResultCode::IncorrectParameterValue => "2".into(),
            ResultCode::BadRequest => "3".into(),
            ResultCode::InternalError(n) | ResultCode::CaptureQuality(n) => n.to_string(),
            ResultCode::AlreadyCompleted => "14".into(),
            ResultCode::TokenExpired => "15".into(),
            ResultCode::RetryLimitReached => "16".into(),
            ResultCode::VideoUnavailable => "202".into(),
            ResultCode::EngineFailed => "1001".into(),
            ResultCode::SuspectedSpoof => "1002".into(),
            ResultCode::RealPersonDetectionFailed => "1003".into(),
            ResultCode::FaceDetectionFailed => "1004".into(),
            ResultCode::LivenessFailed => "1005".into(),
            ResultCode::Other(code) => code.clone(),
        }
    }
}

impl fmt::Display for ResultCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.description() {
            Some(text) => write!(f, "{} ({text})", self.code()),
            None => write!(f, "{} (unrecognized)", self.code()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_documented_code_round_trips_and_unknown_codes_are_kept() {
        let documented = [
            "0", "1", "2", "3", "4", "8", "9", "10", "11", "14", "15", "16", "202", "1001", "1002",
            "1003", "1004", "1005", "1101", "1102", "1103", "1104", "1105", "1106", "1107", "1108",
            "1109", "1201", "1202",
        ];
        for code in documented {
            let parsed = ResultCode::parse(code);
            assert!(!matches!(parsed, ResultCode::Other(_)), "{code}");
            assert!(parsed.description().is_some(), "{code}");
            assert_eq!(parsed.code(), code);
        }
        assert_eq!(ResultCode::parse("9999"), ResultCode::Other("9999".into()));
        assert_eq!(ResultCode::parse("x"), ResultCode::Other("x".into()));
        assert!(ResultCode::parse("0").is_success());
        assert!(!ResultCode::parse("1002").is_success());
    }
}
