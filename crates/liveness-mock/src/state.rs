//! What a running mock remembers: issued sessions, created records, files, faults, its clock and
//! a log of the requests it served.

use std::collections::{HashMap, VecDeque};
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};

use bytes::Bytes;
use serde::Serialize;
use serde_json::Value;

use crate::Vendor;
use crate::config::{Credentials, Fault, FaultRule, MockConfig, Outcome};
use crate::fixtures::Fixtures;
use crate::spec::Specs;

/// A session the mock issued (a Tencent SdkToken, a TrustDecision liveness id, a Talentomobile
/// process, a Verifik record) and what it leads to.
#[derive(Debug, Clone)]
pub(crate) struct Session {
    pub outcome: Outcome,
    /// The Verifik record, for Verifik sessions.
    pub record: Option<Value>,
    /// Issue order (the Verifik list shows records oldest first).
    pub seq: u64,
}

/// One request the mock answered.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LoggedRequest {
    /// The vendor the path belongs to, when one does.
    pub vendor: Option<Vendor>,
    /// The spec operation it matched, when one did.
    pub operation: Option<String>,
    /// HTTP method.
    pub method: String,
    /// Path (never the query: TrustDecision's carries `partner_key`).
    pub path: String,
    /// The status the mock answered with; 0 while unanswered, or when the client went away
    /// before the answer (a slow fault and a client timeout).
    pub status: u16,
    /// Why the request did not conform to its spec operation, when it did not.
    pub violations: Option<String>,
    /// The fault injected, when one was.
    pub fault: Option<String>,
    /// Milliseconds from the mock's start to the request's arrival.
    pub at_ms: u64,
    /// The TC3 `Signature` of a Tencent request (not a secret: it is derived from the key and
    /// the request, and changes with the timestamp).
    pub tc3_signature: Option<String>,
}

/// The request log keeps the most recent entries only, so a long run does not grow without bound.
pub const LOG_CAPACITY: usize = 4096;

#[derive(Debug, Clone)]
struct Runtime {
    outcome: Outcome,
    faults: VecDeque<FaultRule>,
    clock_offset_secs: i64,
}

/// Shared by every connection of one mock.
#[derive(Debug)]
pub(crate) struct State {
    /// `http://ADDR:PORT` of the bound socket: the URLs the mock hands out (file downloads) are
    /// built from it, never from the request's `Host`, which a client may set to anything.
    pub base_url: String,
    pub credentials: Credentials,
    pub specs: &'static Specs,
    pub fixtures: Fixtures,
    runtime: Mutex<Runtime>,
    /// What the mock started with: [`State::reset`] returns to it.
    initial: Runtime,
    sessions: Mutex<HashMap<(Vendor, String), Session>>,
    files: Mutex<HashMap<String, Bytes>>,
    log: Mutex<VecDeque<LoggedRequest>>,
    counter: AtomicU64,
    /// Entries dropped from the front of the capped log.
    dropped: AtomicU64,
    started: std::time::Instant,
}

impl State {
    pub fn new(config: MockConfig, base_url: String) -> Self {
        let initial = Runtime {
            outcome: config.outcome,
            faults: config.faults.into(),
            clock_offset_secs: config.clock_offset_secs,
        };
        let specs = Specs::embedded();
        let mut fixtures = Fixtures::from_specs(specs);
        let files = fixtures
            .serve_evidence_from(&base_url)
            .into_iter()
            .collect();
        Self {
            base_url,
            credentials: config.credentials,
            specs,
            fixtures,
            runtime: Mutex::new(initial.clone()),
            initial,
            sessions: Mutex::new(HashMap::new()),
            files: Mutex::new(files),
            log: Mutex::new(VecDeque::with_capacity(LOG_CAPACITY)),
            counter: AtomicU64::new(1),
            dropped: AtomicU64::new(0),
            started: std::time::Instant::now(),
        }
    }

    /// A number unique within this mock run.
    pub fn next(&self) -> u64 {
        self.counter.fetch_add(1, Ordering::Relaxed)
    }

    /// A request id in Tencent's UUID form.
    pub fn request_id(&self) -> String {
        let n = self.next();
        format!(
            "{:08x}-0000-4000-8000-{:012x}",
            n,
            n.wrapping_mul(0x9e37_79b9)
        )
    }

    /// The mock's clock, with its offset: Unix seconds.
    pub fn now(&self) -> i64 {
        // Saturating: any offset is accepted (the admin API takes an i64), none may overflow.
        chrono::Utc::now()
            .timestamp()
            .saturating_add(self.clock_offset())
    }

    pub fn clock_offset(&self) -> i64 {
        self.runtime.lock().expect("runtime lock").clock_offset_secs
    }

    pub fn set_clock_offset(&self, secs: i64) {
        self.runtime.lock().expect("runtime lock").clock_offset_secs = secs;
    }

    pub fn outcome(&self) -> Outcome {
        self.runtime.lock().expect("runtime lock").outcome.clone()
    }

    pub fn set_outcome(&self, outcome: Outcome) {
        self.runtime.lock().expect("runtime lock").outcome = outcome;
    }

    pub fn add_fault(&self, rule: FaultRule) {
        self.runtime
            .lock()
            .expect("runtime lock")
            .faults
            .push_back(rule);
    }

    pub fn clear_faults(&self) {
        self.runtime.lock().expect("runtime lock").faults.clear();
    }

    pub fn faults(&self) -> Vec<FaultRule> {
        self.runtime
            .lock()
            .expect("runtime lock")
            .faults
            .iter()
            .cloned()
            .collect()
    }

    /// The fault for this request to `vendor`, if any; counted rules are used up.
    pub fn take_fault(&self, vendor: Vendor) -> Option<Fault> {
        self.take_matching(|rule| {
            rule.fault != Fault::CorruptFile && rule.vendor.is_none_or(|v| v == vendor)
        })
    }

    /// Whether this file download is to be corrupted (a `corrupt-file` rule, used up if counted).
    pub fn take_file_fault(&self) -> bool {
        self.take_matching(|rule| rule.fault == Fault::CorruptFile)
            .is_some()
    }

    fn take_matching(&self, applies: impl Fn(&FaultRule) -> bool) -> Option<Fault> {
        let mut runtime = self.runtime.lock().expect("runtime lock");
        let index = runtime.faults.iter().position(applies)?;
        let rule = &mut runtime.faults[index];
        let fault = rule.fault.clone();
        match &mut rule.times {
            Some(1) | Some(0) => {
                runtime.faults.remove(index);
            }
            Some(n) => *n -= 1,
            None => {}
        }
        Some(fault)
    }

    pub fn insert_session(&self, vendor: Vendor, id: String, session: Session) {
        self.sessions
            .lock()
            .expect("sessions lock")
            .insert((vendor, id), session);
    }

    pub fn session(&self, vendor: Vendor, id: &str) -> Option<Session> {
        self.sessions
            .lock()
            .expect("sessions lock")
            .get(&(vendor, id.to_owned()))
            .cloned()
    }

    /// Every Verifik record the mock created, oldest first.
    pub fn verifik_records(&self) -> Vec<Value> {
        let sessions = self.sessions.lock().expect("sessions lock");
        let mut records: Vec<(u64, Value)> = sessions
            .iter()
            .filter(|((vendor, _), _)| *vendor == Vendor::Verifik)
            .filter_map(|(_, s)| Some((s.seq, s.record.clone()?)))
            .collect();
        records.sort_by_key(|(seq, _)| *seq);
        records.into_iter().map(|(_, r)| r).collect()
    }

    pub fn put_file(&self, name: String, bytes: Bytes) {
        self.files.lock().expect("files lock").insert(name, bytes);
    }

    pub fn file(&self, name: &str) -> Option<Bytes> {
        self.files.lock().expect("files lock").get(name).cloned()
    }

    /// Milliseconds since the mock started.
    pub fn elapsed_ms(&self) -> u64 {
        self.started.elapsed().as_millis() as u64
    }

    /// Logs a request on arrival; returns its place, for [`State::answered`].
    pub fn arrived(&self, entry: LoggedRequest) -> u64 {
        let mut log = self.log.lock().expect("log lock");
        if log.len() == LOG_CAPACITY {
            log.pop_front();
            self.dropped.fetch_add(1, Ordering::Relaxed);
        }
        log.push_back(entry);
        self.dropped.load(Ordering::Relaxed) + log.len() as u64 - 1
    }

    /// Completes the entry `place` with what the mock answered.
    pub fn answered(&self, place: u64, update: impl FnOnce(&mut LoggedRequest)) {
        let mut log = self.log.lock().expect("log lock");
        let dropped = self.dropped.load(Ordering::Relaxed);
        if let Some(entry) = place
            .checked_sub(dropped)
            .and_then(|i| log.get_mut(i as usize))
        {
            update(entry);
        }
    }

    /// Back to the configuration the mock started with (outcome, faults, clock) and an empty
    /// request log. Sessions and files stay: clients may still hold their ids.
    pub fn reset(&self) {
        *self.runtime.lock().expect("runtime lock") = self.initial.clone();
        let mut log = self.log.lock().expect("log lock");
        // Requests still in flight keep their places and find no entry (see `answered`).
        self.dropped.fetch_add(log.len() as u64, Ordering::Relaxed);
        log.clear();
    }

    pub fn logged(&self) -> Vec<LoggedRequest> {
        self.log.lock().expect("log lock").iter().cloned().collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_log_is_capped_and_late_answers_find_their_entry() {
        let state = State::new(MockConfig::demo(), "http://127.0.0.1:9".into());
        let entry = |path: &str| LoggedRequest {
            vendor: None,
            operation: None,
            method: "GET".into(),
            path: path.into(),
            status: 0,
            violations: None,
            fault: None,
            at_ms: 0,
            tc3_signature: None,
        };
        let first = state.arrived(entry("/first"));
        let mut last = first;
        for i in 0..LOG_CAPACITY {
            last = state.arrived(entry(&format!("/{i}")));
        }
        state.answered(first, |e| e.status = 500); // dropped: no effect, no panic
        state.answered(last, |e| e.status = 201);
        let logged = state.logged();
        assert_eq!(logged.len(), LOG_CAPACITY);
        assert_eq!(logged[0].path, "/0");
        assert_eq!(logged.last().map(|e| e.status), Some(201));
        assert!(logged.iter().all(|e| e.status != 500));
    }

    #[test]
    fn counted_faults_are_used_up_and_vendor_faults_stay_with_their_vendor() {
        let state = State::new(MockConfig::demo(), "http://127.0.0.1:9".into());
        state.add_fault(FaultRule::times(Fault::RateLimit, 2).for_vendor(Vendor::Verifik));
        assert_eq!(state.take_fault(Vendor::Tencent), None);
        assert_eq!(state.take_fault(Vendor::Verifik), Some(Fault::RateLimit));
        assert_eq!(state.take_fault(Vendor::Verifik), Some(Fault::RateLimit));
        assert_eq!(state.take_fault(Vendor::Verifik), None);
        state.add_fault(FaultRule::always(Fault::Drop));
        for _ in 0..3 {
            assert_eq!(state.take_fault(Vendor::Tencent), Some(Fault::Drop));
        }
        state.clear_faults();
        assert_eq!(state.take_fault(Vendor::Tencent), None);
    }

    #[test]
    fn any_clock_offset_gives_a_time() {
        let state = State::new(MockConfig::demo(), "http://127.0.0.1:9".into());
        state.set_clock_offset(i64::MAX);
        assert_eq!(state.now(), i64::MAX);
        state.set_clock_offset(i64::MIN);
        assert!(state.now() < i64::MIN / 2);
    }
}
