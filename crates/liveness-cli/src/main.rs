//! `liveness`: the demo against the built-in mock, and the mock itself.
//!
//! Exit codes: 0 success; 1 a demo flow failed; 2 bad usage (clap's); 4 the mock could not start.

mod demo;

use std::net::SocketAddr;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use liveness_mock::{FaultRule, MockConfig, MockServer, Outcome};

/// Typed clients for face- and document-liveness vendors, and a mock of all four.
#[derive(Debug, Parser)]
#[command(name = "liveness", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Start the mock on a free loopback port and run every vendor's flow through the real
    /// clients (real signing, no credentials, no network); one line per vendor.
    Demo,
    /// Serve all four vendors on one port until interrupted.
    Mock(MockArgs),
}

#[derive(Debug, clap::Args)]
struct MockArgs {
    /// Address to listen on (port 0 picks a free one).
    #[arg(long, default_value = "127.0.0.1:8080")]
    listen: SocketAddr,
    /// What new sessions lead to: pass, attack, attack:<code> or expired.
    #[arg(long, default_value = "pass")]
    outcome: Outcome,
    /// A fault to inject, KIND[=VALUE][*TIMES][@VENDOR]; KIND is rate-limit, server-error,
    /// slow=MILLIS, drop or oversize=BYTES. Repeatable.
    #[arg(long = "fault", value_name = "FAULT")]
    faults: Vec<FaultRule>,
    /// Seconds to add to the mock's clock (Tencent rejects signatures more than 300 s off).
    #[arg(long, default_value_t = 0, allow_hyphen_values = true)]
    clock_offset: i64,
}

#[tokio::main]
async fn main() -> ExitCode {
    match Cli::parse().command {
        Command::Demo => demo::run().await,
        Command::Mock(args) => mock(args).await,
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
            return ExitCode::from(4);
        }
    };
    println!("{}", server.banner());
    tokio::select! {
        result = server.wait() => match result {
            Ok(()) => ExitCode::SUCCESS,
            Err(error) => {
                eprintln!("liveness mock: {error}");
                ExitCode::from(4)
            }
        },
        _ = tokio::signal::ctrl_c() => ExitCode::SUCCESS,
    }
}
