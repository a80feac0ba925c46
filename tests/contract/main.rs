//! The contract tests: the specs, their examples, the generated crates, the facade and the mock
//! agree with each other and with what no one here wrote (the official Tencent SDK,
//! schemathesis). One binary with a module per subject; the shared helpers are this package's
//! library (`support/`).

mod decode;
mod faults;
mod generated;
mod httpmock_helpers;
mod load;
mod official_tencent;
mod packaging;
mod reliability;
mod robustness;
mod schemathesis;
mod shared_limit;
mod specs;
mod through_mock;
mod verdicts;
mod wire;
