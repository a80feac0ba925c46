//! What every vendor client is made of besides its credentials: the base URL and HTTP options
//! its builder collects, turned into the [`Caller`] the client sends with. A vendor's client
//! is then its credentials, its presets and a few lines per operation.

use std::sync::Arc;

use liveness_runtime::RequestSigner;
use secrecy::SecretString;

use crate::call::Caller;
use crate::error::Vendor;
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
    /// client built, every request signed by `signer`, and `secrets` masked in anything shown.
    pub(crate) fn into_caller(
        self,
        vendor: Vendor,
        default_url: &str,
        secrets: Vec<SecretString>,
        signer: Arc<dyn RequestSigner>,
    ) -> Result<Caller, Error> {
        let base_url = crate::endpoint::base_url(self.base_url.as_deref().unwrap_or(default_url))?;
        Caller::new(vendor, self.options, secrets, base_url, signer)
    }
}

/// The `base_url` and `options` setters of a builder that has a `settings: Settings` field,
/// with the vendor's own doc lines; with `preset`, also a setter taking a preset (any type
/// with a `base_url(self) -> &'static str`, such as a region or an environment).
macro_rules! settings_setters {
    (
        preset: $preset:ident($preset_type:ty) $preset_doc:literal,
        base_url: $base_url_doc:literal,
        options: $options_doc:literal $(,)?
    ) => {
        #[doc = $preset_doc]
        pub fn $preset(mut self, preset: $preset_type) -> Self {
            self.settings.base_url = Some(preset.base_url().to_owned());
            self
        }

        $crate::client::settings_setters!(base_url: $base_url_doc, options: $options_doc);
    };
    (base_url: $base_url_doc:literal, options: $options_doc:literal $(,)?) => {
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
pub(crate) use settings_setters;
