//! Talentomobile VideoFace Plus's client: its builder, its calls and the types they return.

use std::sync::Arc;

use liveness_talentomobile as generated;
use secrecy::{ExposeSecret, SecretString};

pub use generated::types::{Challenge, Evidence, Move};

use crate::call::{self, Caller, Inspect, Operation, Response};
use crate::error::Vendor;
use crate::{Error, HttpOptions, credentials};

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
    base_url: Option<String>,
    options: HttpOptions,
}

impl ClientBuilder {
    /// The access key (otherwise read from `TALENTOMOBILE_API_KEY`).
    pub fn api_key(mut self, key: impl Into<String>) -> Self {
        self.api_key = Some(SecretString::from(key.into()));
        self
    }

    /// A preset environment (default PRO).
    pub fn environment(mut self, environment: Environment) -> Self {
        self.base_url = Some(environment.base_url().to_owned());
        self
    }

    /// Any base URL, e.g. a proxy or the mock server.
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.base_url = Some(url.into());
        self
    }

    /// HTTP options: timeouts, retries, rate limit, body cap.
    pub fn options(mut self, options: HttpOptions) -> Self {
        self.options = options;
        self
    }

    /// Checks the configuration and builds the client.
    pub fn build(self) -> Result<Client, Error> {
        let key = match self.api_key {
            Some(key) => key,
            None => credentials::env_secret(API_KEY_ENV)?,
        };
        credentials::check_secret(
            "the Talentomobile API key",
            API_KEY_ENV,
            key.expose_secret(),
        )?;
        let mut header = reqwest::header::HeaderValue::from_str(key.expose_secret())
            .map_err(|_| Error::config("the Talentomobile API key is not a valid header value"))?;
        header.set_sensitive(true);
        let base_url = crate::endpoint::base_url(
            self.base_url
                .as_deref()
                .unwrap_or(Environment::default().base_url()),
        )?;
        let caller = Caller::new(Vendor::Talentomobile, self.options, vec![key])?;
        Ok(Client {
            caller,
            base_url,
            header,
        })
    }
}

/// A Talentomobile client. Cheap to share behind an `Arc`; calls may run concurrently.
#[derive(Debug)]
pub struct Client {
    caller: Caller,
    base_url: String,
    header: reqwest::header::HeaderValue,
}

impl Client {
    /// A builder; the key comes from `TALENTOMOBILE_API_KEY` unless set.
    pub fn builder() -> ClientBuilder {
        ClientBuilder::default()
    }

    fn generated(&self, exchange: Arc<call::Exchange>) -> generated::Client {
        let inner = generated::Inner::new()
            .with_signer(credentials::header_signer(
                reqwest::header::AUTHORIZATION,
                self.header.clone(),
            ))
            .with_transport(exchange);
        generated::Client::new_with_client(&self.base_url, self.caller.http.clone(), inner)
    }

    /// The challenges of process `id`, in the order they ran. A process that is unknown or whose
    /// result has expired (results live 300 s) is [`Error::Status`] with status 404.
    pub async fn result(&self, id: &str) -> Result<Response<Vec<Challenge>>, Error> {
        const OPERATION: Operation = generated::operations::GET_RESULT;
        const NAME: &str = OPERATION.id;
        crate::endpoint::check_id(
            Vendor::Talentomobile,
            NAME,
            "the process id",
            id,
            crate::endpoint::IdIn::Path,
        )?;
        let operation = OPERATION;
        let response = self
            .caller
            .call(operation, |exchange| {
                let client = self.generated(exchange);
                let id = id.to_owned();
                async move { client.get_result().id(id).send().await }
            })
            .await?;
        Ok(response.map(|list| list.0))
    }
}
