//! What a failed command prints and the exit code of its class (documented in `--help`).

use std::fmt;
use std::process::ExitCode;

use liveness::verdict::EvidenceError;

/// A command that did not succeed.
#[derive(Debug)]
pub enum Failure {
    /// The call succeeded but the verdict is not a pass, and `--fail-on-reject` was given.
    Rejected,
    /// A missing or malformed credential, or a bad argument: nothing was sent.
    Config(String),
    /// Connection or timeout.
    Transport(String),
    /// The vendor answered with an error.
    Vendor(String),
    /// The response could not be read.
    Response(String),
    /// Evidence could not be decoded, downloaded or saved, or the report could not be written.
    Evidence(String),
    /// The reader of stdout closed the pipe: the command stops, quietly and successfully.
    Closed,
    /// stdout could not be written for another reason (a full disk).
    Output(String),
}

impl Failure {
    /// The exit code of this class.
    pub fn code(&self) -> ExitCode {
        ExitCode::from(match self {
            Failure::Rejected => 3,
            Failure::Config(_) => 4,
            Failure::Transport(_) => 5,
            Failure::Vendor(_) => 6,
            Failure::Response(_) => 7,
            Failure::Evidence(_) => 8,
            Failure::Closed => 0,
            Failure::Output(_) => 1,
        })
    }
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Failure::Rejected => f.write_str("the verdict is not a pass"),
            Failure::Closed => f.write_str("the reader closed stdout"),
            Failure::Config(m)
            | Failure::Output(m)
            | Failure::Transport(m)
            | Failure::Vendor(m)
            | Failure::Response(m)
            | Failure::Evidence(m) => f.write_str(m),
        }
    }
}

impl From<liveness::Error> for Failure {
    fn from(error: liveness::Error) -> Self {
        // The facade's messages never hold a secret; one line each.
        let message = with_flags(&error, error.to_string().replace('\n', " "));
        match error {
            liveness::Error::Config { .. }
            | liveness::Error::InvalidRequest { .. }
            | liveness::Error::Signing { .. } => Failure::Config(message),
            // The shared limiter's Redis is infrastructure between us and the vendor.
            liveness::Error::Transport { .. } | liveness::Error::RateLimiter { .. } => {
                Failure::Transport(message)
            }
            liveness::Error::Vendor { .. } | liveness::Error::Status { .. } => {
                Failure::Vendor(message)
            }
            _ => Failure::Response(message),
        }
    }
}

/// Names the flags behind the facade's advice: its hints ("raise the timeout", "enable
/// retries") speak of `HttpOptions`, which a CLI user sets with flags. A vendor's HTTP 429
/// gets the same advice, which the facade does not give.
fn with_flags(error: &liveness::Error, message: String) -> String {
    let mut message = message
        .replace("raise the timeout", "raise the timeout (--timeout SECONDS)")
        .replace("enable retries", "enable retries (--retries N)");
    if error.status() == Some(429) && matches!(error, liveness::Error::Status { .. }) {
        message.push_str(
            "; the vendor is rate limiting: slow down (--rate-limit PER_SECOND) or enable retries (--retries N)",
        );
    }
    message
}

impl From<EvidenceError> for Failure {
    fn from(error: EvidenceError) -> Self {
        Failure::Evidence(error.to_string())
    }
}
