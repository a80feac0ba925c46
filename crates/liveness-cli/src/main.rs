//! `liveness`: vendor calls with normalized verdicts, the demo, the mock, and the schema of the
//! JSON output. Exit codes are documented in `liveness --help` (and in `exit.rs`).

#[cfg(test)]
mod args_tests;
mod batch;
mod cli;
mod demo;
mod doctor;
mod envelope;
mod exit;
mod output;
mod progress;
mod report;
mod run;
mod stdout;

use std::process::ExitCode;

use clap::Parser;
use liveness_mock::{MockConfig, MockServer};

use crate::cli::{Cli, Command, MockArgs, SchemaOf};
use crate::exit::Failure;

#[tokio::main]
async fn main() -> ExitCode {
    let result = match Cli::parse().command {
        Command::Demo => return demo::run().await,
        Command::Mock(args) => return mock(args).await,
        Command::Batch(args) => return batch::run(args).await,
        Command::Doctor(args) => return doctor::run(args).await,
        Command::Schema { of } => stdout::line(
            serde_json::to_string_pretty(&match of {
                SchemaOf::Output => envelope::schema(),
                SchemaOf::Doctor => doctor::schema(),
            })
            .expect("JSON prints"),
        ),
        Command::Tencent(command) => run::tencent(command).await,
        Command::Trustdecision(command) => run::trustdecision(command).await,
        Command::Talentomobile(command) => run::talentomobile(command).await,
        Command::Verifik(command) => run::verifik(command).await,
    };
    match result {
        Ok(()) | Err(Failure::Closed) => ExitCode::SUCCESS,
        Err(failure) => {
            stdout::err(format_args!("liveness: {failure}"));
            failure.code()
        }
    }
}

/// `liveness mock`: serves until interrupted. Exit 2 for a non-loopback `--listen` without
/// `--allow-remote`, 1 when the address cannot be bound or the server fails.
async fn mock(args: MockArgs) -> ExitCode {
    // The mock takes the public demo credentials: on a reachable address anyone could use it.
    if !args.listen.ip().is_loopback() && !args.allow_remote {
        stdout::err(format_args!(
            "liveness mock: refusing to listen on {}: it is not a loopback address, and the mock \
             accepts the public demo credentials, so anyone who can reach it could use it. \
             Listen on 127.0.0.1 (or ::1), or pass --allow-remote to accept that.",
            args.listen
        ));
        return ExitCode::from(2);
    }
    let config = MockConfig {
        outcome: args.outcome,
        faults: args.faults,
        clock_offset_secs: args.clock_offset,
        ..MockConfig::default()
    };
    let server = match MockServer::bind(args.listen, config).await {
        Ok(server) => server,
        Err(error) => {
            stdout::err(format_args!(
                "liveness mock: cannot listen on {}: {error}",
                args.listen
            ));
            return ExitCode::FAILURE;
        }
    };
    // The mock serves on whether or not anyone reads its banner.
    let _ = stdout::line(server.banner());
    tokio::select! {
        result = server.wait() => match result {
            Ok(()) => ExitCode::SUCCESS,
            Err(error) => {
                stdout::err(format_args!("liveness mock: {error}"));
                ExitCode::FAILURE
            }
        },
        _ = tokio::signal::ctrl_c() => ExitCode::SUCCESS,
    }
}
