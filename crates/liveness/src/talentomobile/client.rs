//! Talentomobile VideoFace Plus's client: its builder, its calls and the types they return.

use liveness_talentomobile as generated;
use secrecy::{ExposeSecret, SecretString};

pub use generated::types::{Challenge, Evidence, Move};

use crate::call::{Caller, Inspect, Operation, Response};
use crate::client::{Settings, settings_setters};
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
    /// The access key (otherwise read from `TALENTOMOBILE_API_KEY`).
    pub fn api_key(mut self, key: impl Into<String>) -> Self {
        self.api_key = Some(SecretString::from(key.into()));
        self
    }

    settings_setters! {
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
        let caller = self.settings.into_caller(
            Vendor::Talentomobile,
            Environment::default().base_url(),
            vec![key],
            signer,
        )?;
        Ok(Client { caller })
    }
}

/// A Talentomobile client. Cheap to share behind an `Arc`; calls may run concurrently.
#[derive(Debug)]
pub struct Client {
    caller: Caller,
}

impl Client {
    /// A builder; the key comes from `TALENTOMOBILE_API_KEY` unless set.
    pub fn builder() -> ClientBuilder {
        ClientBuilder::default()
    }

    /// The base URL requests go to (a preset's, or the URL given).
    pub fn base_url(&self) -> &str {
        self.caller.base_url()
    }

    /// The challenges of process `id`, in the order they ran. A process that is unknown or whose
    /// result has expired (results live 300 s) is [`Error::Status`] with status 404.
    pub async fn result(&self, id: &str) -> Result<Response<Vec<Challenge>>, Error> {
        const OPERATION: Operation = generated::operations::GET_RESULT;
        crate::endpoint::check_id(
            Vendor::Talentomobile,
            OPERATION.id,
            "the process id",
            id,
            crate::endpoint::IdIn::Path,
        )?;
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
