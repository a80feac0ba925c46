//! Verifik's client: its builder, its calls and the types they return.

use std::fmt;

use liveness_verifik as generated;
use secrecy::{ExposeSecret, SecretString};

pub use generated::types::{CreateDocumentLivenessRequest, DocumentLiveness};

use crate::call::{Inspect, InspectError, Operation, Response};
use crate::client::{Account, Settings, builder_setters, client_type};
use crate::endpoint::IdIn;
use crate::error::{Vendor, VendorError};
use crate::{Error, credentials};

use super::error::VerifikError;

/// Read when no token is given in code.
pub const TOKEN_ENV: &str = "VERIFIK_TOKEN";

/// The most records a list page may hold (Verifik's limit).
pub const MAX_PAGE_SIZE: u64 = 100;

/// Records per page when the query does not say (Verifik's default).
const DEFAULT_PAGE_SIZE: u64 = 10;

impl Inspect for generated::types::DocumentLivenessEnvelope {}
impl Inspect for generated::types::DocumentLivenessList {}

impl InspectError for generated::types::ApiError {
    fn vendor_error(&self, status: u16) -> Option<VendorError> {
        Some(VendorError::Verifik(VerifikError {
            status,
            code: self.code.clone(),
            error: self.error.clone(),
            message: self.message.clone().unwrap_or_default(),
        }))
    }
}

/// A Verifik environment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum Environment {
    /// Production, `https://api.verifik.co` (the default).
    #[default]
    Production,
}

impl Environment {
    /// The environment's base URL.
    pub fn base_url(self) -> &'static str {
        match self {
            Environment::Production => generated::servers::PRODUCTION,
        }
    }
}

/// One of the four document checks. Every name a check goes by is in one table, read through
/// [`Check::name`] (Verifik's), [`Check::request_flag`], [`Check::flat_prefix`], [`Check::slug`]
/// (flags and the mock) and [`Check::label`] (for people).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "clap", derive(clap::ValueEnum))]
pub enum Check {
    /// The document is shown on a screen.
    ScreenReplay,
    /// The document is a printed copy.
    PrintedCopy,
    /// The portrait was replaced.
    PortraitSubstitution,
    /// The image was digitally edited.
    DigitalManipulation,
}

/// The names of one check.
struct CheckNames {
    name: &'static str,
    request_flag: &'static str,
    flat_prefix: &'static str,
    slug: &'static str,
    label: &'static str,
}

impl Check {
    /// The four checks.
    pub const ALL: [Check; 4] = [
        Check::ScreenReplay,
        Check::PrintedCopy,
        Check::PortraitSubstitution,
        Check::DigitalManipulation,
    ];

    /// The table: one row per check (the create and retrieve pages' field names).
    fn names(self) -> CheckNames {
        let (name, request_flag, flat_prefix, slug, label) = match self {
            // `sreenReplay`: the flat record's spelling on the pages (the vendor's typo).
            Check::ScreenReplay => (
                "screenReplay",
                "validateScreenReplay",
                "sreenReplay",
                "screen-replay",
                "screen replay",
            ),
            Check::PrintedCopy => (
                "printedCopy",
                "validatePrintedCopy",
                "printedCopy",
                "printed-copy",
                "printed copy",
            ),
            Check::PortraitSubstitution => (
                "portraitSubstitution",
                "validatePortraitSubstitution",
                "portraitSubstitution",
                "portrait-substitution",
                "portrait substitution",
            ),
            Check::DigitalManipulation => (
                "digitalManipulation",
                "validateDigitalManipulation",
                "digitalManipulation",
                "digital-manipulation",
                "digital manipulation",
            ),
        };
        CheckNames {
            name,
            request_flag,
            flat_prefix,
            slug,
            label,
        }
    }

    /// Verifik's name: its key under `validationResults`, and the stem of its calibration
    /// field in a create request (`screenReplayCalibration`).
    pub fn name(self) -> &'static str {
        self.names().name
    }

    /// The create request's flag that turns it on (`validateScreenReplay`).
    pub fn request_flag(self) -> &'static str {
        self.names().request_flag
    }

    /// The prefix of its fields in a flat record (`sreenReplayScore`), as Verifik spells it.
    pub fn flat_prefix(self) -> &'static str {
        self.names().flat_prefix
    }

    /// The slug used by the `liveness` command's flags and the mock (`screen-replay`).
    pub fn slug(self) -> &'static str {
        self.names().slug
    }

    /// For people: reports and help (`screen replay`).
    pub fn label(self) -> &'static str {
        self.names().label
    }
}

impl std::str::FromStr for Check {
    type Err = String;

    /// A slug (`screen-replay`) or Verifik's name (`screenReplay`).
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Check::ALL
            .into_iter()
            .find(|c| c.slug() == s || c.name() == s)
            .ok_or_else(|| {
                let slugs: Vec<_> = Check::ALL.iter().map(|c| c.slug()).collect();
                format!("unknown check {s:?}: use one of {}", slugs.join(", "))
            })
    }
}

/// How strict a check is (Verifik's default is [`Calibration::Regular`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Calibration {
    /// `SOFT`.
    Soft,
    /// `REGULAR`.
    Regular,
    /// `HARD`.
    Hard,
}

impl Calibration {
    /// The wire value.
    pub fn as_str(self) -> &'static str {
        match self {
            Calibration::Soft => "SOFT",
            Calibration::Regular => "REGULAR",
            Calibration::Hard => "HARD",
        }
    }

    fn wire(self) -> generated::types::Calibration {
        generated::types::Calibration(self.as_str().to_owned())
    }
}

/// What [`Client::create`] submits: a base64 image and the checks to run (at least one).
///
/// ```
/// use liveness::verifik::{Calibration, Check, CreateRequest};
///
/// let request = CreateRequest::new("iVBORw0KGgo=")
///     .check(Check::ScreenReplay)
///     .screen_replay_calibration(Calibration::Hard)
///     .save_image(false);
/// ```
#[derive(Clone, PartialEq, Eq)]
pub struct CreateRequest {
    image: String,
    checks: Vec<Check>,
    screen_replay_calibration: Option<Calibration>,
    printed_copy_calibration: Option<Calibration>,
    portrait_substitution_calibration: Option<Calibration>,
    save_image: Option<bool>,
    ignore_document_cropped: Option<bool>,
    ignore_colour_less: Option<bool>,
}

impl CreateRequest {
    /// A request for `image` (base64) with no check yet: add one with [`CreateRequest::check`].
    pub fn new(image: impl Into<String>) -> Self {
        Self {
            image: image.into(),
            checks: Vec::new(),
            screen_replay_calibration: None,
            printed_copy_calibration: None,
            portrait_substitution_calibration: None,
            save_image: None,
            ignore_document_cropped: None,
            ignore_colour_less: None,
        }
    }

    /// Runs `check` (sets its `validate*` flag).
    pub fn check(mut self, check: Check) -> Self {
        if !self.checks.contains(&check) {
            self.checks.push(check);
        }
        self
    }

    /// `screenReplayCalibration`.
    pub fn screen_replay_calibration(mut self, level: Calibration) -> Self {
        self.screen_replay_calibration = Some(level);
        self
    }

    /// `printedCopyCalibration`.
    pub fn printed_copy_calibration(mut self, level: Calibration) -> Self {
        self.printed_copy_calibration = Some(level);
        self
    }

    /// `portraitSubstitutionCalibration`.
    pub fn portrait_substitution_calibration(mut self, level: Calibration) -> Self {
        self.portrait_substitution_calibration = Some(level);
        self
    }

    /// `saveImage`: keep the image on Verifik's CDN.
    pub fn save_image(mut self, save: bool) -> Self {
        self.save_image = Some(save);
        self
    }

    /// `ignoreDocumentCroppedValidation`.
    pub fn ignore_document_cropped(mut self, ignore: bool) -> Self {
        self.ignore_document_cropped = Some(ignore);
        self
    }

    /// `ignoreColourLessValidation`.
    pub fn ignore_colour_less(mut self, ignore: bool) -> Self {
        self.ignore_colour_less = Some(ignore);
        self
    }
}

// The image may be megabytes of base64: show its size, not its bytes.
impl fmt::Debug for CreateRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CreateRequest")
            .field(
                "image",
                &format_args!("<{} base64 chars>", self.image.len()),
            )
            .field("checks", &self.checks)
            .field("screen_replay_calibration", &self.screen_replay_calibration)
            .field("printed_copy_calibration", &self.printed_copy_calibration)
            .field(
                "portrait_substitution_calibration",
                &self.portrait_substitution_calibration,
            )
            .field("save_image", &self.save_image)
            .field("ignore_document_cropped", &self.ignore_document_cropped)
            .field("ignore_colour_less", &self.ignore_colour_less)
            .finish()
    }
}

impl TryFrom<CreateRequest> for CreateDocumentLivenessRequest {
    /// The generated type's builder error; it cannot occur, as every field is set from a value
    /// of its own type, but the generated type is `#[non_exhaustive]` and builds only this way.
    type Error = generated::types::error::ConversionError;

    fn try_from(request: CreateRequest) -> Result<Self, Self::Error> {
        // Only the chosen checks are sent, as `true`; the others are left to Verifik's default.
        let flag = |check| request.checks.contains(&check).then_some(true);
        CreateDocumentLivenessRequest::builder()
            .validate_screen_replay(flag(Check::ScreenReplay))
            .validate_printed_copy(flag(Check::PrintedCopy))
            .validate_portrait_substitution(flag(Check::PortraitSubstitution))
            .validate_digital_manipulation(flag(Check::DigitalManipulation))
            .screen_replay_calibration(request.screen_replay_calibration.map(Calibration::wire))
            .printed_copy_calibration(request.printed_copy_calibration.map(Calibration::wire))
            .portrait_substitution_calibration(
                request
                    .portrait_substitution_calibration
                    .map(Calibration::wire),
            )
            .save_image(request.save_image)
            .ignore_document_cropped_validation(request.ignore_document_cropped)
            .ignore_colour_less_validation(request.ignore_colour_less)
            .image(request.image)
            .try_into()
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
    /// Related records to embed in each record (`populates[]`, sent once per value).
    pub populates: Vec<Populate>,
}

/// A related record the list can embed (`populates[]`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "clap", derive(clap::ValueEnum))]
pub enum Populate {
    /// `client`: the account the record belongs to.
    Client,
    /// `appRegistration`: the app registration the record came from.
    AppRegistration,
}

impl Populate {
    /// Both values.
    pub const ALL: [Populate; 2] = [Populate::Client, Populate::AppRegistration];

    /// The value on the wire.
    pub fn as_str(self) -> &'static str {
        match self {
            Populate::Client => "client",
            Populate::AppRegistration => "appRegistration",
        }
    }

    fn wire(self) -> generated::types::ListDocumentLivenessPopulatesItem {
        match self {
            Populate::Client => generated::types::ListDocumentLivenessPopulatesItem::Client,
            Populate::AppRegistration => {
                generated::types::ListDocumentLivenessPopulatesItem::AppRegistration
            }
        }
    }
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

/// What [`Client::list_all`] collected.
#[derive(Debug, Clone, PartialEq)]
pub struct Listing {
    /// The records of every page fetched, in order.
    pub records: Vec<DocumentLiveness>,
    /// Pages fetched.
    pub pages_fetched: u32,
    /// `total` as the last page reported it.
    pub total: Option<i64>,
    /// `false` when `max_pages` ran out before the last page.
    pub complete: bool,
}

/// One check of a record, read from whichever documented shape the record came in.
#[derive(Debug, Clone, Default, PartialEq)]
#[non_exhaustive]
pub struct CheckOutcome {
    /// The `validate*` flag (flat shape only).
    pub requested: Option<bool>,
    /// `validationResults.<check>.passed` (nested shape only; the flat shape has only the
    /// record's `isLive`).
    pub passed: Option<bool>,
    /// The nested `score`, else the flat `<check>Score` (`sreenReplayScore` sic). Not bounded to
    /// 0..1: real flat records hold 2.74 or -0.12.
    pub score: Option<f64>,
    /// `<check>Probability` (flat shape only).
    pub probability: Option<f64>,
    /// The calibration used, from `calibrationSettings` or the flat `<check>Calibration`.
    pub calibration: Option<String>,
    /// `<check>Warnings` (flat shape only), e.g. `GLARE_ON_IMAGE`.
    pub warnings: Vec<String>,
    /// `validationResults.<check>.details` (nested shape only).
    pub details: Option<String>,
}

mod sealed {
    pub trait Sealed {}
    impl Sealed for super::DocumentLiveness {}
}

/// Reads a [`DocumentLiveness`] record the same way whichever shape it came in.
pub trait RecordExt: sealed::Sealed {
    /// `check`'s outcome; every field is `None` or empty where the record does not say.
    fn check(&self, check: Check) -> CheckOutcome;
}

impl RecordExt for DocumentLiveness {
    fn check(&self, check: Check) -> CheckOutcome {
        let nested = self.validation_results.as_ref().and_then(|r| match check {
            Check::ScreenReplay => r.screen_replay.as_ref(),
            Check::PrintedCopy => r.printed_copy.as_ref(),
            Check::PortraitSubstitution => r.portrait_substitution.as_ref(),
            Check::DigitalManipulation => r.digital_manipulation.as_ref(),
        });
        let settings = self.calibration_settings.as_ref();
        // The flat shape misspells screen replay (`sreen`); the right spelling is read too.
        let (requested, score, probability, calibration, warnings, nested_calibration) = match check
        {
            Check::ScreenReplay => (
                self.validate_screen_replay,
                self.sreen_replay_score.or(self.screen_replay_score),
                self.sreen_replay_probability
                    .or(self.screen_replay_probability),
                self.sreen_replay_calibration
                    .as_ref()
                    .or(self.screen_replay_calibration.as_ref()),
                self.sreen_replay_warnings
                    .as_ref()
                    .or(self.screen_replay_warnings.as_ref()),
                settings.and_then(|s| s.screen_replay_calibration.as_ref()),
            ),
            Check::PrintedCopy => (
                self.validate_printed_copy,
                self.printed_copy_score,
                self.printed_copy_probability,
                self.printed_copy_calibration.as_ref(),
                self.printed_copy_warnings.as_ref(),
                settings.and_then(|s| s.printed_copy_calibration.as_ref()),
            ),
            Check::PortraitSubstitution => (
                self.validate_portrait_substitution,
                self.portrait_substitution_score,
                self.portrait_substitution_probability,
                self.portrait_substitution_calibration.as_ref(),
                self.portrait_substitution_warnings.as_ref(),
                settings.and_then(|s| s.portrait_substitution_calibration.as_ref()),
            ),
            Check::DigitalManipulation => (
                self.validate_digital_manipulation,
                self.digital_manipulation_score,
                self.digital_manipulation_probability,
                None,
                self.digital_manipulation_warnings.as_ref(),
                None,
            ),
        };
        CheckOutcome {
            requested,
            passed: nested.and_then(|r| r.passed),
            score: nested.and_then(|r| r.score).or(score),
            probability,
            calibration: nested_calibration.or(calibration).map(|c| c.0.clone()),
            warnings: warnings.map(|w| w.0.clone()).unwrap_or_default(),
            details: nested.and_then(|r| r.details.clone()),
        }
    }
}

/// Builds a [`Client`].
#[derive(Debug, Default)]
pub struct ClientBuilder {
    token: Option<SecretString>,
    settings: Settings,
}

impl ClientBuilder {
    builder_setters! {
        secret: token "The bearer token (otherwise `VERIFIK_TOKEN`).",
        preset: environment(Environment) "A preset environment (default production).",
        base_url: "Any base URL (a proxy, the mock).",
        options: "HTTP options: timeouts, retries, rate limit, body cap.",
    }

    /// Checks the configuration and builds the client.
    pub fn build(self) -> Result<Client, Error> {
        let what = "the Verifik token";
        let token = credentials::given_or_env(self.token, what, TOKEN_ENV)?;
        let signer = credentials::header_signer(
            reqwest::header::AUTHORIZATION,
            &format!("Bearer {}", token.expose_secret()),
            what,
        )?;
        let account = token.clone();
        let caller = self.settings.into_caller(
            Vendor::Verifik,
            Environment::default().base_url(),
            vec![token],
            signer,
            Account::Key(&account),
        )?;
        Ok(Client { caller })
    }
}

client_type! {
    /// A Verifik client. Calls may run concurrently; share it behind an `Arc`.
    builder: "A builder; the token comes from `VERIFIK_TOKEN` unless set.",
}

fn invalid(operation: &'static str, message: impl Into<String>) -> Error {
    Error::InvalidRequest {
        vendor: Vendor::Verifik,
        operation,
        message: message.into(),
    }
}

impl Client {
    /// The record `id`. An unknown id is [`Error::Vendor`] with a [`VerifikError`] of status
    /// 404.
    pub async fn retrieve(&self, id: &str) -> Result<Response<DocumentLiveness>, Error> {
        const OPERATION: Operation = generated::operations::RETRIEVE_DOCUMENT_LIVENESS;
        // "" would hit the list endpoint and "."/".." would be resolved away by the URL parser.
        self.caller
            .check_id(OPERATION, "the record id", id, IdIn::Path)?;
        let response = self
            .caller
            .send(OPERATION, |client: generated::Client| {
                let id = id.to_owned();
                async move { client.retrieve_document_liveness().id(id).send().await }
            })
            .await?;
        Ok(response.map(|envelope| envelope.data))
    }

    /// One page of records. `page` 0 and `limit` outside 1..=100 are refused before sending.
    pub async fn list(&self, query: &ListQuery) -> Result<Response<Page>, Error> {
        const OPERATION: Operation = generated::operations::LIST_DOCUMENT_LIVENESS;
        const NAME: &str = OPERATION.id;
        if query.page == Some(0) {
            return Err(invalid(NAME, "pages count from 1"));
        }
        if query.limit.is_some_and(|l| l == 0 || l > MAX_PAGE_SIZE) {
            return Err(invalid(
                NAME,
                format!("limit must be between 1 and {MAX_PAGE_SIZE}"),
            ));
        }
        let response = self
            .caller
            .send(OPERATION, |client: generated::Client| {
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
                    if !query.populates.is_empty() {
                        let populates: Vec<_> = query.populates.iter().map(|p| p.wire()).collect();
                        builder = builder.populates(populates);
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
    /// last one, fetching at most `max_pages` pages ([`Listing::complete`] says whether that
    /// bound cut the listing short). The last page is the one at `pages`, an empty one, or,
    /// when the envelope gives no page count, a short one.
    pub async fn list_all(&self, query: &ListQuery, max_pages: u32) -> Result<Listing, Error> {
        let mut query = query.clone();
        let mut page = query.page.unwrap_or(1);
        let mut listing = Listing {
            records: Vec::new(),
            pages_fetched: 0,
            total: None,
            complete: false,
        };
        while listing.pages_fetched < max_pages {
            query.page = Some(page);
            let response = self.list(&query).await?.value;
            listing.pages_fetched += 1;
            let size = response.records.len() as u64;
            let page_size = response
                .limit
                .and_then(|l| u64::try_from(l).ok())
                .or(query.limit)
                .unwrap_or(DEFAULT_PAGE_SIZE);
            let last = match response.pages {
                Some(pages) => i64::try_from(page).map_or(true, |p| p >= pages),
                None => size < page_size,
            };
            listing.total = response.total.or(listing.total);
            listing.records.extend(response.records);
            if size == 0 || last {
                listing.complete = true;
                break;
            }
            page += 1;
        }
        Ok(listing)
    }

    /// Runs the checks of `request` on its image: a [`CreateRequest`], or the generated
    /// request for full control. An empty image or no `validate*` flag set to true is refused
    /// before sending (Verifik would answer 409). Never retried once the request may have
    /// arrived: a second attempt could create a second, billed record.
    pub async fn create(
        &self,
        request: impl TryInto<CreateDocumentLivenessRequest, Error: std::fmt::Display>,
    ) -> Result<Response<DocumentLiveness>, Error> {
        const OPERATION: Operation = generated::operations::CREATE_DOCUMENT_LIVENESS;
        const NAME: &str = OPERATION.id;
        let request = request
            .try_into()
            .map_err(|e| invalid(NAME, e.to_string()))?;
        if request.image.trim().is_empty() {
            return Err(invalid(NAME, "the image is empty"));
        }
        let any_check = [
            request.validate_screen_replay,
            request.validate_printed_copy,
            request.validate_portrait_substitution,
            request.validate_digital_manipulation,
        ]
        .contains(&Some(true));
        if !any_check {
            return Err(invalid(
                NAME,
                "enable at least one check (validateScreenReplay, validatePrintedCopy, \
                 validatePortraitSubstitution or validateDigitalManipulation)",
            ));
        }
        let response = self
            .caller
            .send(OPERATION, |client: generated::Client| {
                let request = request.clone();
                async move { client.create_document_liveness().body(request).send().await }
            })
            .await?;
        Ok(response.map(|envelope| envelope.data))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_name_of_a_check_comes_from_its_row() {
        let rows = [
            (
                Check::ScreenReplay,
                "screenReplay",
                "sreenReplay",
                "screen-replay",
            ),
            (
                Check::PrintedCopy,
                "printedCopy",
                "printedCopy",
                "printed-copy",
            ),
            (
                Check::PortraitSubstitution,
                "portraitSubstitution",
                "portraitSubstitution",
                "portrait-substitution",
            ),
            (
                Check::DigitalManipulation,
                "digitalManipulation",
                "digitalManipulation",
                "digital-manipulation",
            ),
        ];
        assert_eq!(rows.map(|r| r.0), Check::ALL);
        for (check, name, flat_prefix, slug) in rows {
            assert_eq!(check.name(), name);
            assert_eq!(check.flat_prefix(), flat_prefix);
            assert_eq!(check.slug(), slug);
            assert_eq!(check.label(), slug.replace('-', " "));
            // The request flag is `validate` + the name, capitalised (the create page).
            let mut flag = String::from("validate");
            flag.push_str(&name[..1].to_ascii_uppercase());
            flag.push_str(&name[1..]);
            assert_eq!(check.request_flag(), flag);
            assert_eq!(slug.parse::<Check>(), Ok(check));
            assert_eq!(name.parse::<Check>(), Ok(check));
        }
        let error = "screen_replay".parse::<Check>().unwrap_err();
        assert!(error.contains("screen-replay, printed-copy"), "{error}");
    }

    /// The command line's names for a check are its slugs.
    #[cfg(feature = "clap")]
    #[test]
    fn clap_takes_the_slugs() {
        use clap::ValueEnum as _;
        for check in Check::ALL {
            let value = check.to_possible_value().expect("a value");
            assert_eq!(value.get_name(), check.slug());
        }
    }

    #[test]
    fn only_500_is_retryable() {
        let error = |status| VerifikError {
            status,
            code: None,
            error: None,
            message: String::new(),
        };
        assert!(error(500).retryable());
        for status in [400, 401, 403, 404, 409, 413] {
            assert!(!error(status).retryable(), "{status}");
        }
    }

    #[test]
    fn a_create_request_sends_only_the_chosen_checks() {
        let request: CreateDocumentLivenessRequest = CreateRequest::new("abc")
            .check(Check::PrintedCopy)
            .check(Check::PrintedCopy)
            .printed_copy_calibration(Calibration::Soft)
            .try_into()
            .expect("every field set");
        let body = serde_json::to_value(&request).expect("encode");
        assert_eq!(
            body,
            serde_json::json!({
                "image": "abc", "validatePrintedCopy": true, "printedCopyCalibration": "SOFT"
            })
        );
        let shown = format!("{:?}", CreateRequest::new("x".repeat(5000)));
        assert!(
            shown.contains("<5000 base64 chars>") && shown.len() < 400,
            "{shown}"
        );
    }
}
