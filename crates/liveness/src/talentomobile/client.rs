//! Talentomobile VideoFace Plus's client: its builder, its calls and the types they return.

use liveness_talentomobile as generated;
use secrecy::{ExposeSecret, SecretString};

pub use generated::types::{Challenge, Evidence, Move};

use crate::call::{Inspect, Operation, Response};
use crate::client::{Account, Settings, builder_setters, client_type};
use crate::endpoint::IdIn;
use crate::error::Vendor;
use crate::{Error, credentials};

/// The variable [`ClientBuilder::build`] reads the key from when none is given in code.
pub const API_KEY_ENV: &str = "TALENTOMOBILE_API_KEY";

impl Inspect for generated::types::ChallengeList {}

/// A Talentomobile environment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[cfg_attr(feature = "clap", derive(clap::ValueEnum))]
pub enum Environment {
    /// Production (the default).
    #[default]
    Pro,
    /// Pre-production.
    Pre,
    /// Development.
    Dev,
}

impl Environment {
    /// The environment's base URL.
    pub fn base_url(self) -> &'static str {
        match self {
            Environment::Pro => generated::servers::PRO,
            Environment::Pre => generated::servers::PRE,
            Environment::Dev => generated::servers::DEV,
        }
    }
}

/// Builds a [`Client`].
#[derive(Debug, Default)]
pub struct ClientBuilder {
    api_key: Option<SecretString>,
    settings: Settings,
}

impl ClientBuilder {
    builder_setters! {
        secret: api_key "The access key (otherwise read from `TALENTOMOBILE_API_KEY`).",
        preset: environment(Environment) "A preset environment (default PRO).",
        base_url: "Any base URL, e.g. a proxy or the mock server.",
        options: "HTTP options: timeouts, retries, rate limit, body cap.",
    }

    /// Checks the configuration and builds the client.
    pub fn build(self) -> Result<Client, Error> {
        let what = "the Talentomobile API key";
        let key = credentials::given_or_env(self.api_key, what, API_KEY_ENV)?;
        let signer =
            credentials::header_signer(reqwest::header::AUTHORIZATION, key.expose_secret(), what)?;
        let account = key.clone();
        let caller = self.settings.into_caller(
            Vendor::Talentomobile,
            Environment::default().base_url(),
            vec![key],
            signer,
            Account::Key(&account),
        )?;
        Ok(Client { caller })
    }
}

client_type! {
    /// A Talentomobile client. Cheap to share behind an `Arc`; calls may run concurrently.
    builder: "A builder; the key comes from `TALENTOMOBILE_API_KEY` unless set.",
}

impl Client {
    /// The challenges of process `id`, in the order they ran. A process that is unknown or whose
    /// result has expired (results live 300 s) is [`Error::Status`] with status 404.
    pub async fn result(&self, id: &str) -> Result<Response<Vec<Challenge>>, Error> {
        const OPERATION: Operation = generated::operations::GET_RESULT;
        self.caller
            .check_id(OPERATION, "the process id", id, IdIn::Path)?;
        let response = self
            .caller
            .send(OPERATION, |client: generated::Client| {
                let id = id.to_owned();
                async move { client.get_result().id(id).send().await }
            })
            .await?;
        Ok(response.map(|list| list.0))
    }
}
