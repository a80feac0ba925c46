//! Verifik document liveness: create, retrieve, list.
//!
//! Auth is `Authorization: Bearer <token>`. Records come in two documented shapes (nested and
//! flat); the generated [`DocumentLiveness`] reads both. Error bodies mix `{error, message}` and
//! `{code, message}`; both become a [`VerifikError`].

use std::fmt;
use std::sync::Arc;

use liveness_verifik as generated;
use secrecy::{ExposeSecret, SecretString};

pub use generated::types::{CreateDocumentLivenessRequest, DocumentLiveness};

use crate::call::{self, Caller, Inspect, InspectError, Operation, Response};
use crate::error::{Vendor, VendorError};
use crate::{Error, HttpOptions};

/// Read when no token is given in code.
pub const TOKEN_ENV: &str = "VERIFIK_TOKEN";

/// The most records a list page may hold (Verifik's limit).
pub const MAX_PAGE_SIZE: u64 = 100;

call::impl_transport!(liveness_verifik);

impl Inspect for generated::types::DocumentLivenessEnvelope {}
impl Inspect for generated::types::DocumentLivenessList {}

impl InspectError for generated::types::ApiError {
    fn vendor_error(&self, status: u16) -> Option<VendorError> {
        Some(VendorError::Verifik(VerifikError {
            status,
            code: self.code.clone().or_else(|| self.error.clone()),
            message: self.message.clone().unwrap_or_default(),
        }))
    }
}

/// A Verifik error body with its HTTP status.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VerifikError {
    /// The HTTP status (400, 401, 403, 404, 409, 413, 500).
    pub status: u16,
    /// `code`, or else `error` (the two styles Verifik uses).
    pub code: Option<String>,
    /// `message`.
    pub message: String,
}

impl VerifikError {
    /// A 500 is worth another attempt (429 is retried by the engine itself).
    pub fn retryable(&self) -> bool {
        self.status >= 500
    }

    pub(crate) fn redact(&mut self, mask: &dyn Fn(&str) -> String) {
        self.message = mask(&self.message);
        self.code = self.code.as_deref().map(mask);
    }
}

impl fmt::Display for VerifikError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Verifik HTTP {}", self.status)?;
        if let Some(code) = &self.code {
            write!(f, " {code}")?;
        }
        write!(f, ": {}", self.message)?;
        match self.status {
            401 | 403 => f.write_str("; check the token (they last about 30 days)"),
            413 => f.write_str("; the image is too large"),
            _ => Ok(()),
        }
    }
}

/// Filters and paging for [`Client::list`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ListQuery {
    /// Page number, from 1 (vendor default 1).
    pub page: Option<u64>,
    /// Records per page, 1 to 100 (vendor default 10).
    pub limit: Option<u64>,
    /// `new`, `processing`, `completed` or `failed`.
    pub status: Option<String>,
}

/// One page of records, whichever of the two documented envelopes carried it.
#[derive(Debug, Clone, PartialEq)]
pub struct Page {
    /// The records.
    pub records: Vec<DocumentLiveness>,
    /// This page's number.
    pub page: Option<i64>,
    /// Records per page.
    pub limit: Option<i64>,
    /// Records in all.
    pub total: Option<i64>,
    /// Pages in all.
    pub pages: Option<i64>,
}

/// Builds a [`Client`].
#[derive(Debug, Default)]
pub struct ClientBuilder {
    token: Option<SecretString>,
    base_url: Option<String>,
    options: HttpOptions,
}

impl ClientBuilder {
    /// The bearer token (otherwise `VERIFIK_TOKEN`).
    pub fn token(mut self, token: impl Into<String>) -> Self {
        self.token = Some(SecretString::from(token.into()));
        self
    }

    /// Any base URL (a proxy, the mock); default `https://api.verifik.co`.
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
        let token = match self.token {
            Some(token) => token,
            None => call::env_secret(TOKEN_ENV)?,
        };
        call::check_credential("the Verifik token", token.expose_secret())?;
        let mut header =
            reqwest::header::HeaderValue::from_str(&format!("Bearer {}", token.expose_secret()))
                .map_err(|_| Error::config("the Verifik token is not a valid header value"))?;
        header.set_sensitive(true);
        let base_url = crate::endpoint::base_url(
            self.base_url
                .as_deref()
                .unwrap_or(generated::servers::PRODUCTION),
        )?;
        let caller = Caller::new(Vendor::Verifik, self.options, vec![token])?;
        Ok(Client {
            caller,
            base_url,
            header,
        })
    }
}

/// A Verifik client. Calls may run concurrently; share it behind an `Arc`.
#[derive(Debug)]
pub struct Client {
    caller: Caller,
    base_url: String,
    header: reqwest::header::HeaderValue,
}

impl Client {
    /// A builder; the token comes from `VERIFIK_TOKEN` unless set.
    pub fn builder() -> ClientBuilder {
        ClientBuilder::default()
    }

    fn generated(&self, exchange: Arc<call::Exchange>) -> generated::Client {
        let inner = generated::Inner::new()
            .with_signer(call::header_signer(
                reqwest::header::AUTHORIZATION,
                self.header.clone(),
            ))
            .with_transport(exchange);
        generated::Client::new_with_client(&self.base_url, self.caller.http.clone(), inner)
    }

    /// The record `id`. An unknown id is [`Error::Vendor`] with a [`VerifikError`] of status
    /// 404.
    pub async fn retrieve(&self, id: &str) -> Result<Response<DocumentLiveness>, Error> {
        let operation = Operation {
            name: "retrieve_document_liveness",
            idempotent: true,
        };
        let response = self
            .caller
            .call(operation, |exchange| {
                let client = self.generated(exchange);
                let id = id.to_owned();
                async move { client.retrieve_document_liveness().id(id).send().await }
            })
            .await?;
        Ok(response.map(|envelope| envelope.data))
    }

    /// One page of records.
    pub async fn list(&self, query: &ListQuery) -> Result<Response<Page>, Error> {
        let invalid = |message: &str| Error::InvalidRequest {
            vendor: Vendor::Verifik,
            operation: "list_document_liveness",
            message: message.to_owned(),
        };
        if query.page == Some(0) {
            return Err(invalid("pages count from 1"));
        }
        if query.limit.is_some_and(|l| l == 0 || l > MAX_PAGE_SIZE) {
            return Err(invalid("limit must be between 1 and 100"));
        }
        let operation = Operation {
            name: "list_document_liveness",
            idempotent: true,
        };
        let response = self
            .caller
            .call(operation, |exchange| {
                let client = self.generated(exchange);
                let query = query.clone();
                async move {
                    let mut builder = client.list_document_liveness();
                    if let Some(page) = query.page {
                        builder = builder.page(page);
                    }
                    if let Some(limit) = query.limit {
                        builder = builder.limit(limit);
                    }
                    if let Some(status) = query.status {
                        builder = builder.status(status);
                    }
                    builder.send().await
                }
            })
            .await?;
        Ok(response.map(|list| {
            // The current envelope nests paging in `pagination`; older pages put it at the top.
            let paging = list.pagination.unwrap_or_default();
            Page {
                records: list.data,
                page: paging.page.or(list.page),
                limit: paging.limit.or(list.limit),
                total: paging.total.or(list.total),
                pages: paging.pages.or(list.pages),
            }
        }))
    }

    /// Every record matching `query`, following pages from `query.page` (default 1) until the
    /// last, at most `max_pages` pages.
    pub async fn list_all(
        &self,
        query: &ListQuery,
        max_pages: u64,
    ) -> Result<Vec<DocumentLiveness>, Error> {
        let mut query = query.clone();
        let first = query.page.unwrap_or(1);
        let mut records = Vec::new();
        for page in (first..).take(max_pages as usize) {
            query.page = Some(page);
            let response = self.list(&query).await?.value;
            let empty = response.records.is_empty();
            records.extend(response.records);
            let last = response.pages.is_none_or(|pages| page as i64 >= pages);
            if empty || last {
                break;
            }
        }
        Ok(records)
    }

    /// Creates a check of `request.image`. At least one `validate*` flag must be true (Verifik
    /// answers 409 otherwise; this is refused before sending). Not retried after the request
    /// may have arrived: a retry could create a second, billed record.
    pub async fn create(
        &self,
        request: CreateDocumentLivenessRequest,
    ) -> Result<Response<DocumentLiveness>, Error> {
        let any_check = [
            request.validate_screen_replay,
            request.validate_printed_copy,
            request.validate_portrait_substitution,
            request.validate_digital_manipulation,
        ]
        .contains(&Some(true));
        if !any_check {
            return Err(Error::InvalidRequest {
                vendor: Vendor::Verifik,
                operation: "create_document_liveness",
                message: "set at least one validate* flag to true".into(),
            });
        }
        let operation = Operation {
            name: "create_document_liveness",
            idempotent: false,
        };
        let response = self
            .caller
            .call(operation, |exchange| {
                let client = self.generated(exchange);
                let request = request.clone();
                async move { client.create_document_liveness().body(request).send().await }
            })
            .await?;
        Ok(response.map(|envelope| envelope.data))
    }
}
