//! Shared by the facade's tests: the binary's global subscriber (log lines for the tests that
//! check what is logged, span fields for the ones that check spans), a port nothing listens
//! on, loopback servers (`server`), and the options and error assertions every vendor's tests
//! use, the secret-leak check among them (`errors`).
// Some parts serve only tests compiled with a given vendor feature.
#![allow(dead_code)]

mod errors;
mod server;
mod signing;

pub(crate) use errors::*;
pub use server::*;
#[cfg(feature = "tencent")]
pub use signing::*;

use std::collections::{BTreeMap, HashMap};
use std::fmt;
use std::io::Write;
use std::sync::{Arc, Mutex, OnceLock};

use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id, Record};
use tracing_subscriber::Layer;
use tracing_subscriber::layer::{Context, SubscriberExt};
use tracing_subscriber::registry::LookupSpan;

/// Bytes written by the subscriber.
#[derive(Clone, Default)]
pub struct Captured(pub Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().expect("lock").extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// What the binary's one global subscriber records: formatted log lines and span fields.
struct Recorded {
    logs: Captured,
    spans: Arc<Mutex<Spans>>,
}

/// The binary's global subscriber, installed on first use. Global, not scoped: tracing caches
/// per-callsite interest, and a callsite first hit on another test thread (with no subscriber
/// there) could otherwise stay silent for a scoped one.
fn subscriber() -> &'static Recorded {
    static RECORDED: OnceLock<Recorded> = OnceLock::new();
    RECORDED.get_or_init(|| {
        let logs = Captured::default();
        let writer = logs.clone();
        let spans: Arc<Mutex<Spans>> = Arc::default();
        let subscriber = tracing_subscriber::registry()
            .with(
                tracing_subscriber::fmt::layer()
                    .with_writer(move || writer.clone())
                    .with_ansi(false)
                    .with_filter(tracing::level_filters::LevelFilter::TRACE),
            )
            .with(Capture(Arc::clone(&spans)));
        tracing::subscriber::set_global_default(subscriber).expect("one global subscriber");
        Recorded { logs, spans }
    })
}

/// Everything this test binary logs.
pub fn logs() -> &'static Captured {
    &subscriber().logs
}

/// The logs so far, as text.
pub fn logged() -> String {
    String::from_utf8_lossy(&logs().0.lock().expect("lock")).into_owned()
}

/// A loopback port nothing listens on (bound, then released).
pub fn closed_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("port")
        .port()
}

/// A recorded field value, as tracing delivered it.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    U64(u64),
    I64(i64),
    Str(String),
    Other(String),
}

/// A closed span: its name, the `case` it ran in, and its fields' last values.
#[derive(Debug, Clone)]
pub struct Span {
    pub name: &'static str,
    pub case: Option<String>,
    pub fields: BTreeMap<&'static str, Value>,
}

#[derive(Default)]
pub struct Spans {
    open: HashMap<Id, Span>,
    pub closed: Vec<Span>,
}

struct Fields<'a>(&'a mut BTreeMap<&'static str, Value>);

impl Visit for Fields<'_> {
    fn record_u64(&mut self, field: &Field, value: u64) {
        self.0.insert(field.name(), Value::U64(value));
    }
    fn record_i64(&mut self, field: &Field, value: i64) {
        self.0.insert(field.name(), Value::I64(value));
    }
    fn record_str(&mut self, field: &Field, value: &str) {
        self.0.insert(field.name(), Value::Str(value.to_owned()));
    }
    fn record_debug(&mut self, field: &Field, value: &dyn fmt::Debug) {
        self.0
            .insert(field.name(), Value::Other(format!("{value:?}")));
    }
}

/// Keeps every span's fields, as created and as later recorded.
struct Capture(Arc<Mutex<Spans>>);

impl<S> Layer<S> for Capture
where
    S: tracing::Subscriber + for<'a> LookupSpan<'a>,
{
    fn on_new_span(&self, attrs: &Attributes<'_>, id: &Id, ctx: Context<'_, S>) {
        let mut fields = BTreeMap::new();
        attrs.record(&mut Fields(&mut fields));
        let mut spans = self.0.lock().unwrap();
        let case = match fields.get("case") {
            Some(Value::Str(case)) => Some(case.clone()),
            _ => ctx.span(id).and_then(|span| {
                span.scope()
                    .skip(1)
                    .find_map(|ancestor| spans.open.get(&ancestor.id())?.case.clone())
            }),
        };
        let span = Span {
            name: attrs.metadata().name(),
            case,
            fields,
        };
        spans.open.insert(id.clone(), span);
    }

    fn on_record(&self, id: &Id, values: &Record<'_>, _ctx: Context<'_, S>) {
        if let Some(span) = self.0.lock().unwrap().open.get_mut(id) {
            values.record(&mut Fields(&mut span.fields));
        }
    }

    fn on_close(&self, id: Id, _ctx: Context<'_, S>) {
        let mut spans = self.0.lock().unwrap();
        if let Some(span) = spans.open.remove(&id) {
            spans.closed.push(span);
        }
    }
}

/// Every span this test binary opened, with its fields.
pub fn spans() -> &'static Arc<Mutex<Spans>> {
    &subscriber().spans
}
