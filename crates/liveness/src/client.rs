//! What every vendor client is made of besides its credentials: the base URL and HTTP options
//! its builder collects, turned into the [`Caller`] the client sends with. A vendor's client
//! is then its credentials, its presets and a few lines per operation.

use std::sync::Arc;

use liveness_runtime::RequestSigner;
use secrecy::SecretString;

use crate::call::Caller;
use crate::error::Vendor;
pub(crate) use crate::ratelimit::Account;
use crate::{Error, HttpOptions};

/// A builder's base URL (a preset's or one given; `None` for the vendor's default) and HTTP
/// options.
#[derive(Debug, Default)]
pub(crate) struct Settings {
    pub(crate) base_url: Option<String>,
    pub(crate) options: HttpOptions,
}

impl Settings {
    /// The caller for `vendor`: the base URL (`default_url` when none was set) checked, the HTTP
    /// client built, every request signed by `signer`, `secrets` masked in anything shown, and
    /// a shared rate limit spent from `account`'s budget.
    pub(crate) fn into_caller(
        self,
        vendor: Vendor,
        default_url: &str,
        secrets: Vec<SecretString>,
        signer: Arc<dyn RequestSigner>,
        account: Account<'_>,
    ) -> Result<Caller, Error> {
        let base_url = crate::endpoint::base_url(self.base_url.as_deref().unwrap_or(default_url))?;
        Caller::new(vendor, self.options, secrets, base_url, signer, account)
    }
}

/// A builder's setters, with the vendor's own doc lines: one per credential field (an
/// `Option<SecretString>`), an optional preset setter (any type with a
/// `base_url(self) -> &'static str`, such as a region or an environment), and `base_url` and
/// `options`, which fill its `settings: Settings`.
macro_rules! builder_setters {
    (
        $(secret: $secret:ident $secret_doc:literal,)*
        $(preset: $preset:ident($preset_type:ty) $preset_doc:literal,)?
        base_url: $base_url_doc:literal,
        options: $options_doc:literal $(,)?
    ) => {
        $(
            #[doc = $secret_doc]
            pub fn $secret(mut self, value: impl Into<String>) -> Self {
                self.$secret = Some(secrecy::SecretString::from(value.into()));
                self
            }
        )*

        $(
            #[doc = $preset_doc]
            pub fn $preset(mut self, preset: $preset_type) -> Self {
                self.settings.base_url = Some(preset.base_url().to_owned());
                self
            }
        )?

        #[doc = $base_url_doc]
        pub fn base_url(mut self, url: impl Into<String>) -> Self {
            self.settings.base_url = Some(url.into());
            self
        }

        #[doc = $options_doc]
        pub fn options(mut self, options: $crate::HttpOptions) -> Self {
            self.settings.options = options;
            self
        }
    };
}
pub(crate) use builder_setters;

/// A vendor's `Client` whose only state is its [`Caller`], with `builder()` (documented by
/// `$builder_doc`) and `base_url()`; its operations go in an `impl Client` of their own.
#[cfg(any(
    feature = "talentomobile",
    feature = "trustdecision",
    feature = "verifik"
))]
macro_rules! client_type {
    ($(#[doc = $doc:literal])* builder: $builder_doc:literal $(,)?) => {
        $(#[doc = $doc])*
        #[derive(Debug)]
        pub struct Client {
            caller: $crate::call::Caller,
        }

        impl Client {
            $crate::client::client_basics!($builder_doc);
        }
    };
}
#[cfg(any(
    feature = "talentomobile",
    feature = "trustdecision",
    feature = "verifik"
))]
pub(crate) use client_type;

/// A client's `builder()` (documented by `$builder_doc`) and `base_url()`, read from its
/// `caller`.
macro_rules! client_basics {
    ($builder_doc:literal) => {
        #[doc = $builder_doc]
        pub fn builder() -> ClientBuilder {
            ClientBuilder::default()
        }

        /// The base URL requests go to (a preset's, or the URL given).
        pub fn base_url(&self) -> &str {
            self.caller.base_url()
        }
    };
}
pub(crate) use client_basics;
