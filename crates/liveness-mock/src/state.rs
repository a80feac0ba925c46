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
    /// The status the mock answered with.
    pub status: u16,
    /// Why the request did not conform to its spec operation, when it did not.
    pub violations: Option<String>,
    /// The fault injected, when one was.
    pub fault: Option<String>,
}

#[derive(Debug)]
struct Runtime {
    outcome: Outcome,
    faults: VecDeque<FaultRule>,
    clock_offset_secs: i64,
}

/// Shared by every connection of one mock.
#[derive(Debug)]
pub(crate) struct State {
    pub credentials: Credentials,
    pub specs: &'static Specs,
    pub fixtures: Fixtures,
    runtime: Mutex<Runtime>,
    sessions: Mutex<HashMap<(Vendor, String), Session>>,
    files: Mutex<HashMap<String, Bytes>>,
    log: Mutex<Vec<LoggedRequest>>,
    counter: AtomicU64,
}

impl State {
    pub fn new(config: MockConfig) -> Self {
        let specs = Specs::embedded();
        Self {
            credentials: config.credentials,
            specs,
            fixtures: Fixtures::from_specs(specs),
            runtime: Mutex::new(Runtime {
                outcome: config.outcome,
                faults: config.faults.into(),
                clock_offset_secs: config.clock_offset_secs,
            }),
            sessions: Mutex::new(HashMap::new()),
            files: Mutex::new(HashMap::new()),
            log: Mutex::new(Vec::new()),
            counter: AtomicU64::new(1),
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
        chrono::Utc::now().timestamp() + self.clock_offset()
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
            .filter_map(|(_, s)| s.record.clone())
            .map(|r| (r["_seq"].as_u64().unwrap_or(0), r))
            .collect();
        records.sort_by_key(|(seq, _)| *seq);
        records
            .into_iter()
            .map(|(_, mut r)| {
                if let Some(o) = r.as_object_mut() {
                    o.remove("_seq");
                }
                r
            })
            .collect()
    }

    pub fn put_file(&self, name: String, bytes: Bytes) {
        self.files.lock().expect("files lock").insert(name, bytes);
    }

    pub fn file(&self, name: &str) -> Option<Bytes> {
        self.files.lock().expect("files lock").get(name).cloned()
    }

    pub fn log(&self, entry: LoggedRequest) {
        self.log.lock().expect("log lock").push(entry);
    }

    pub fn logged(&self) -> Vec<LoggedRequest> {
        self.log.lock().expect("log lock").clone()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counted_faults_are_used_up_and_vendor_faults_stay_with_their_vendor() {
        let state = State::new(MockConfig::demo());
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
}
