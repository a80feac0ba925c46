//! Verifik document liveness: create, retrieve, list.
//!
//! Auth is `Authorization: Bearer <token>`. Records come in two documented shapes (nested and
//! flat); the generated [`DocumentLiveness`] reads both, and [`RecordExt::check`] reads one
//! check the same way from either. Error bodies mix `{error, message}` and `{code, message}`;
//! both become a [`VerifikError`].
//!
//! ```no_run
//! # async fn run() -> Result<(), liveness::Error> {
//! use liveness::verifik::{Check, Client, CreateRequest, RecordExt};
//!
//! let client = Client::builder().build()?; // token from VERIFIK_TOKEN
//! let image = String::from("iVBORw0KGgo..."); // the document image, base64
//! let record = client
//!     .create(CreateRequest::new(image).check(Check::ScreenReplay).check(Check::PrintedCopy))
//!     .await?
//!     .value;
//! println!("live: {:?}", record.is_live);
//! println!("screen replay score: {:?}", record.check(Check::ScreenReplay).score);
//! # Ok(()) }
//! ```
//!
//! Everything about Verifik is in this folder: the client (`client.rs`), its error body
//! (`error.rs`) and its verdict mapping ([`verdict`]).

mod client;
mod error;
pub mod verdict;

pub use client::{
    Calibration, Check, CheckOutcome, Client, ClientBuilder, CreateDocumentLivenessRequest,
    CreateRequest, DocumentLiveness, Environment, ListQuery, Listing, MAX_PAGE_SIZE, Page,
    Populate, RecordExt, TOKEN_ENV,
};
pub use error::VerifikError;
