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
    /// Evidence could not be decoded, downloaded or saved.
    Evidence(String),
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
        })
    }
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Failure::Rejected => f.write_str("the verdict is not a pass"),
            Failure::Config(m)
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
        let message = error.to_string().replace('\n', " ");
        match error {
            liveness::Error::Config { .. } | liveness::Error::InvalidRequest { .. } => {
                Failure::Config(message)
            }
            liveness::Error::Transport { .. } => Failure::Transport(message),
            liveness::Error::Vendor { .. } | liveness::Error::Status { .. } => {
                Failure::Vendor(message)
            }
            _ => Failure::Response(message),
        }
    }
}

impl From<EvidenceError> for Failure {
    fn from(error: EvidenceError) -> Self {
        Failure::Evidence(error.to_string())
    }
}
