//! The `liveness` binary's tests: one test binary (the mock, reqwest and tokio linked once),
//! a module per subject, each running the real `liveness` executable.

mod support;

mod batch;
mod commands;
mod doctor;
mod exit_codes;
mod flags;
mod mock_command;
mod newcomer;
mod output_json;
mod pipes;
mod report;
mod save_evidence;
mod shared_limit;
