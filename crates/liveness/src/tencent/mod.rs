//! Tencent Cloud FaceID: TC3 signing, the client, result and error codes, and the verdict
//! mapping ([`verdict`]). Everything about Tencent is in this folder.

mod client;
mod codes;
mod error;
pub mod tc3;
pub mod verdict;

pub use client::{
    Client, ClientBuilder, FileInfo, Host, LivenessResult, LivenessToken, REGION_ENV, REGIONS,
    SECRET_ID_ENV, SECRET_KEY_ENV, SESSION_TOKEN_ENV, SecureLevel,
};
pub use codes::ResultCode;
pub use error::{ErrorCode, TencentError};
pub use tc3::{Credentials, SignedHeaderSet};

impl From<tc3::SignError> for crate::Error {
    fn from(error: tc3::SignError) -> Self {
        crate::Error::config(error.to_string())
    }
}
