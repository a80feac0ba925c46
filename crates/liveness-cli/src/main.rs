//! `liveness`: vendor calls with normalized verdicts, the demo, the mock, and the schema of the
//! JSON output. Exit codes are documented in `liveness --help` (and in `exit.rs`).

#[cfg(test)]
mod args_tests;
mod cli;
mod demo;
mod envelope;
mod exit;
mod output;
mod report;
mod run;

use std::process::ExitCode;

use clap::Parser;
use liveness_mock::{MockConfig, MockServer};

use crate::cli::{Cli, Command, MockArgs};

#[tokio::main]
async fn main() -> ExitCode {
    let result = match Cli::parse().command {
        Command::Demo => return demo::run().await,
        Command::Mock(args) => return mock(args).await,
        Command::Schema => {
            let schema = envelope::schema();
            println!(
                "{}",
                serde_json::to_string_pretty(&schema).expect("JSON prints")
            );
            Ok(())
        }
        Command::Tencent(command) => run::tencent(command).await,
        Command::Trustdecision(command) => run::trustdecision(command).await,
        Command::Talentomobile(command) => run::talentomobile(command).await,
        Command::Verifik(command) => run::verifik(command).await,
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(failure) => {
            eprintln!("liveness: {failure}");
            failure.code()
        }
    }
}

/// `liveness mock`: serves until interrupted. Exit 2 for a non-loopback `--listen` without
/// `--allow-remote`, 1 when the address cannot be bound or the server fails.
async fn mock(args: MockArgs) -> ExitCode {
    // The mock takes the public demo credentials: on a reachable address anyone could use it.
    if !args.listen.ip().is_loopback() && !args.allow_remote {
        eprintln!(
            "liveness mock: refusing to listen on {}: it is not a loopback address, and the mock \
             accepts the public demo credentials, so anyone who can reach it could use it. \
             Listen on 127.0.0.1 (or ::1), or pass --allow-remote to accept that.",
            args.listen
        );
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
            eprintln!("liveness mock: cannot listen on {}: {error}", args.listen);
            return ExitCode::FAILURE;
        }
    };
    println!("{}", server.banner());
    tokio::select! {
        result = server.wait() => match result {
            Ok(()) => ExitCode::SUCCESS,
            Err(error) => {
                eprintln!("liveness mock: {error}");
                ExitCode::FAILURE
            }
        },
        _ = tokio::signal::ctrl_c() => ExitCode::SUCCESS,
    }
}
