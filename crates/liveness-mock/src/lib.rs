//! A mock of the four liveness vendors on one loopback port, for tests and the demo.
//!
//! It is a real HTTP server: any correct client works against it, not only this workspace's.
//! It checks auth the way each vendor does (Tencent's TC3 signature is recomputed from the
//! received bytes), validates every request against its spec operation, serves the specs'
//! examples for their ids, issues sessions that lead to a chosen outcome, and injects faults on
//! demand.
//!
//! ```no_run
//! # async fn run() -> std::io::Result<()> {
//! use liveness_mock::{MockConfig, MockServer, Outcome};
//!
//! let mock = MockServer::start(MockConfig::demo()).await?;
//! mock.set_outcome(Outcome::Attack(Some("12205".into())));
//! println!("point a client at {}", mock.base_url());
//! # Ok(()) }
//! ```
//!
//! Paths: Tencent `POST /` (action in `X-TC-Action`); TrustDecision
//! `/verification/kyc/sdk/liveness/{license,result}/v1`; Talentomobile `/result/{id}`; Verifik
//! `/v2/document-liveness[/{id}]`. Loopback-only admin endpoints live under `/__admin/` (see
//! [`admin`]), downloadable files under `/__files/`.
#![deny(missing_docs)]

// The README's Rust blocks are compiled as doctests, so they stay true to the API.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;

pub mod admin;
pub mod config;
mod files;
pub mod fixtures;
mod reply;
mod server;
pub mod spec;
mod state;
mod vendors;

use std::fmt;
use std::net::SocketAddr;
use std::sync::Arc;

use tokio::sync::oneshot;
use tokio::task::JoinHandle;

pub use config::{Credentials, Fault, FaultRule, MockConfig, Outcome};
pub use state::{LOG_CAPACITY, LoggedRequest};

/// The vendors the mock plays: the facade's registry, so the two never disagree on a name.
pub use liveness::Vendor;

/// A running mock. Dropping it stops the server.
pub struct MockServer {
    addr: SocketAddr,
    base_url: String,
    state: Arc<state::State>,
    shutdown: Option<oneshot::Sender<()>>,
    task: Option<JoinHandle<std::io::Result<()>>>,
}

impl fmt::Debug for MockServer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("MockServer")
            .field("base_url", &self.base_url)
            .finish_non_exhaustive()
    }
}

impl MockServer {
    /// Starts on a free loopback port.
    pub async fn start(config: MockConfig) -> std::io::Result<Self> {
        Self::bind(SocketAddr::from(([127, 0, 0, 1], 0)), config).await
    }

    /// Starts on `addr` (port 0 picks a free one). It accepts the demo credentials, so keep it
    /// on loopback unless other machines must reach it.
    pub async fn bind(addr: SocketAddr, config: MockConfig) -> std::io::Result<Self> {
        let listener = tokio::net::TcpListener::bind(addr).await?;
        let addr = listener.local_addr()?;
        let base_url = base_url_of(addr);
        let state = Arc::new(state::State::new(config, base_url.clone()));
        let (shutdown, stopped) = oneshot::channel();
        let task = tokio::spawn(server::serve(listener, state.clone(), stopped));
        Ok(Self {
            addr,
            base_url,
            state,
            shutdown: Some(shutdown),
            task: Some(task),
        })
    }

    /// `http://127.0.0.1:PORT`: the base URL every vendor client takes, and the one the file
    /// URLs the mock hands out start with. On a wildcard address (`0.0.0.0`, `::`) it names
    /// loopback, the one address of that socket that is sure to be reachable.
    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// The address it listens on.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// The credentials it accepts.
    pub fn credentials(&self) -> &Credentials {
        &self.state.credentials
    }

    /// What sessions issued from now on lead to.
    pub fn set_outcome(&self, outcome: Outcome) {
        self.state.set_outcome(outcome);
    }

    /// Adds a fault (after any already set).
    pub fn inject(&self, rule: FaultRule) {
        self.state.add_fault(rule);
    }

    /// Removes every fault.
    pub fn clear_faults(&self) {
        self.state.clear_faults();
    }

    /// Shifts the mock's clock by `secs` (Tencent's signature check and `Date` headers use it).
    pub fn set_clock_offset(&self, secs: i64) {
        self.state.set_clock_offset(secs);
    }

    /// Creates a session for `vendor` that leads to `outcome` and returns its id: a Talentomobile
    /// process id, a Tencent SdkToken, a TrustDecision liveness id, or a Verifik record id.
    pub fn create_session(&self, vendor: Vendor, outcome: Outcome) -> String {
        vendors::create_session(&self.state, vendor, outcome)
    }

    /// Every request answered so far, oldest first.
    pub fn requests(&self) -> Vec<LoggedRequest> {
        self.state.logged()
    }

    /// Back to the configuration the mock started with (outcome, faults, clock offset) and an
    /// empty request log; sessions stay valid.
    pub fn reset(&self) {
        self.state.reset();
    }

    /// The text printed on start: the base URL and the credentials accepted (demo values shown,
    /// values from the environment named but never shown).
    pub fn banner(&self) -> String {
        let c = &self.state.credentials;
        let token = c
            .tencent_token
            .as_ref()
            .map_or("none".to_owned(), |t| t.to_string());
        format!(
            "liveness mock listening on {base}\n\
             accepted credentials:\n  \
             TENCENTCLOUD_SECRET_ID={}\n  \
             TENCENTCLOUD_SECRET_KEY={}\n  \
             TENCENTCLOUD_SESSION_TOKEN={token}\n  \
             TRUSTDECISION_PARTNER_CODE={}\n  \
             TRUSTDECISION_PARTNER_KEY={}\n  \
             TALENTOMOBILE_API_KEY={}\n  \
             VERIFIK_TOKEN={}\n\
             admin (loopback only): {base}/__admin/",
            c.tencent_secret_id,
            c.tencent_secret_key,
            c.trustdecision_partner_code,
            c.trustdecision_partner_key,
            c.talentomobile_api_key,
            c.verifik_token,
            base = self.base_url,
        )
    }

    /// Runs until the server stops (for the `liveness mock` command).
    pub async fn wait(mut self) -> std::io::Result<()> {
        match self.task.take() {
            Some(task) => task.await.map_err(std::io::Error::other)?,
            None => Ok(()),
        }
    }

    /// Stops the server and waits for it.
    pub async fn shutdown(mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
        if let Some(task) = self.task.take() {
            let _ = task.await;
        }
    }
}

/// The base URL of a socket bound to `addr`: a wildcard address is not one to connect to, so
/// it becomes loopback of the same family.
fn base_url_of(addr: SocketAddr) -> String {
    let mut addr = addr;
    if addr.ip().is_unspecified() {
        addr.set_ip(match addr {
            SocketAddr::V4(_) => std::net::Ipv4Addr::LOCALHOST.into(),
            SocketAddr::V6(_) => std::net::Ipv6Addr::LOCALHOST.into(),
        });
    }
    format!("http://{addr}")
}

impl Drop for MockServer {
    fn drop(&mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_wildcard_address_is_reached_on_loopback() {
        let url = |a: &str| base_url_of(a.parse().unwrap());
        assert_eq!(url("0.0.0.0:8080"), "http://127.0.0.1:8080");
        assert_eq!(url("[::]:8080"), "http://[::1]:8080");
        assert_eq!(url("127.0.0.1:1"), "http://127.0.0.1:1");
        assert_eq!(url("192.0.2.7:80"), "http://192.0.2.7:80");
    }
}
