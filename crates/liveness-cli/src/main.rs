//! `liveness`: vendor calls with normalized verdicts, the demo, the mock, and the verdict schema.
//! Exit codes are documented in `liveness --help` (and in `exit.rs`).

mod cli;
mod demo;
mod exit;
mod output;
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
            let schema = liveness::verdict::schema();
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

async fn mock(args: MockArgs) -> ExitCode {
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
