//! The numeric flags through the real parser and the options they build: every input ends in a
//! clap error (exit 2) or in options within the documented ranges, never in a panic.

use std::time::Duration;

use clap::Parser as _;
use proptest::prelude::*;

use crate::cli::{
    Cli, Command, Common, MAX_PAGE, MAX_RATE_LIMIT, MAX_RETRIES, MAX_TIMEOUT_SECS,
    MIN_TIMEOUT_SECS, TencentCommand, TrustDecisionCommand, VerifikCommand,
};
use crate::run;

/// What parsing and validating a command line led to.
#[derive(Debug)]
enum Outcome {
    /// The parser refused it; the process would exit with this code.
    Refused(clap::error::ErrorKind, i32),
    /// Accepted: the HTTP options were built.
    Accepted,
}

/// The commands with numeric flags, and those flags.
const COMMANDS: [(&[&str], &[&str]); 3] = [
    (
        &["tencent", "token", "--region", "ap-singapore"],
        &["--secure-level", "--timeout", "--retries", "--rate-limit"],
    ),
    (
        &["trustdecision", "license"],
        &[
            "--session-duration",
            "--timeout",
            "--retries",
            "--rate-limit",
        ],
    ),
    (
        &["verifik", "list"],
        &[
            "--page",
            "--limit",
            "--timeout",
            "--retries",
            "--rate-limit",
        ],
    ),
];

/// Parses `args` with the real parser, then builds the HTTP options as the command would, and
/// checks every accepted number against its documented range.
fn parse_and_validate(args: &[String]) -> Outcome {
    let cli = match Cli::try_parse_from(
        std::iter::once("liveness".to_owned()).chain(args.iter().cloned()),
    ) {
        Ok(cli) => cli,
        Err(error) => return Outcome::Refused(error.kind(), error.exit_code()),
    };
    let common: &Common = match &cli.command {
        Command::Tencent(TencentCommand::Token {
            secure_level,
            common,
            ..
        }) => {
            // The level sent is the number given.
            if let Some(level) = secure_level {
                let mut given = args.iter().enumerate().filter_map(|(i, arg)| {
                    match arg.strip_prefix("--secure-level")? {
                        "" => args.get(i + 1).map(String::as_str),
                        rest => rest.strip_prefix('='),
                    }
                });
                assert_eq!(given.next_back(), Some(level.code()), "{args:?}");
            }
            common
        }
        Command::Trustdecision(TrustDecisionCommand::License {
            session_duration,
            common,
            ..
        }) => {
            assert!(session_duration.is_none_or(|d| (1..=86_400).contains(&d)));
            common
        }
        Command::Verifik(VerifikCommand::List {
            page,
            limit,
            common,
            ..
        }) => {
            assert!(page.is_none_or(|p| (1..=MAX_PAGE).contains(&p)));
            assert!(limit.is_none_or(|l| (1..=100).contains(&l)));
            common
        }
        other => panic!("parsed as another command: {other:?}"),
    };
    assert!(common.timeout.is_none_or(|t| {
        t >= Duration::from_secs_f64(MIN_TIMEOUT_SECS)
            && t <= Duration::from_secs_f64(MAX_TIMEOUT_SECS)
    }));
    assert!(common.retries.is_none_or(|r| r <= MAX_RETRIES));
    assert!(
        common
            .rate_limit
            .is_none_or(|r| (1..=MAX_RATE_LIMIT).contains(&r))
    );
    let _options = run::options(common);
    Outcome::Accepted
}

fn args(parts: &[&str]) -> Vec<String> {
    parts.iter().map(|s| s.to_string()).collect()
}

/// A number as someone might type it, or a mistake.
fn number() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<f64>().prop_map(|f| f.to_string()),
        any::<f64>().prop_map(|f| format!("{f:e}")),
        any::<i64>().prop_map(|n| n.to_string()),
        any::<u64>().prop_map(|n| n.to_string()),
        any::<i128>().prop_map(|n| n.to_string()),
        (0u32..100_000).prop_map(|n| n.to_string()),
        "[-+]?[0-9]{0,30}(\\.[0-9]{0,8})?([eE][-+]?[0-9]{1,4})?",
        prop::sample::select(vec![
            "nan",
            "NaN",
            "inf",
            "-inf",
            "infinity",
            "1e20",
            "1e308",
            "1e-300",
            "-0",
            "0x10",
            "",
            " 5",
            "5 ",
            "1_000",
            "\u{0661}",
            "86400.0000001",
            "0.0009999",
        ])
        .prop_map(str::to_owned),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, failure_persistence: None, ..ProptestConfig::default() })]

    /// Any value for any numeric flag of any command: a clap error with exit 2, or options
    /// within range. A panic fails the property.
    #[test]
    fn numeric_flags_never_panic(
        command in 0..COMMANDS.len(),
        picks in prop::collection::vec((any::<prop::sample::Index>(), number()), 1..4),
    ) {
        let (base, flags) = COMMANDS[command];
        let mut argv = args(base);
        for (flag, value) in &picks {
            argv.push(format!("{}={value}", flag.get(flags)));
        }
        match parse_and_validate(&argv) {
            Outcome::Accepted => {}
            Outcome::Refused(kind, code) => {
                prop_assert_eq!(code, 2, "{:?}: {:?}", argv, kind);
            }
        }
    }
}

#[test]
fn found_inputs_are_refused_by_the_parser() {
    // `--timeout 1e20` panicked in `Duration::from_secs_f64`; the others sit at the edges.
    for (flags, value) in [
        (&["--timeout"][..], "1e20"),
        (&["--timeout"], "1e308"),
        (&["--timeout"], "inf"),
        (&["--timeout"], "nan"),
        (&["--timeout"], "-1"),
        (&["--timeout"], "0"),
        (&["--timeout"], "1e-300"),
        (&["--timeout"], "86400.001"),
        (&["--retries"], "11"),
        (&["--retries"], "4294967296"),
        (&["--rate-limit"], "0"),
        (&["--rate-limit"], "1001"),
    ] {
        for (base, _) in COMMANDS {
            let mut argv = args(base);
            argv.extend([flags[0].to_owned(), value.to_owned()]);
            assert!(
                matches!(parse_and_validate(&argv), Outcome::Refused(_, 2)),
                "{argv:?}"
            );
        }
    }
    for argv in [
        &["verifik", "list", "--page", "0"][..],
        &["verifik", "list", "--page", "9223372036854775808"],
        &["verifik", "list", "--limit", "0"],
        &["verifik", "list", "--limit", "101"],
        &["trustdecision", "license", "--session-duration", "0"],
        &["trustdecision", "license", "--session-duration", "86401"],
        &[
            "trustdecision",
            "license",
            "--session-duration=-9223372036854775809",
        ],
        &[
            "tencent",
            "token",
            "--region",
            "ap-singapore",
            "--secure-level",
            "256",
        ],
    ] {
        assert!(
            matches!(parse_and_validate(&args(argv)), Outcome::Refused(_, 2)),
            "{argv:?}"
        );
    }
}

#[test]
fn the_edges_of_each_range_are_accepted() {
    for argv in [
        &[
            "verifik",
            "list",
            "--page",
            "9223372036854775807",
            "--limit",
            "100",
        ][..],
        &["verifik", "list", "--page", "1", "--limit", "1"],
        &["trustdecision", "license", "--session-duration", "86400"],
        &[
            "trustdecision",
            "license",
            "--timeout",
            "0.001",
            "--retries",
            "0",
        ],
        &[
            "trustdecision",
            "license",
            "--timeout",
            "86400",
            "--retries",
            "10",
            "--rate-limit",
            "1000",
        ],
        &[
            "tencent",
            "token",
            "--region",
            "ap-singapore",
            "--secure-level",
            "4",
            "--rate-limit",
            "1",
        ],
    ] {
        assert!(
            matches!(parse_and_validate(&args(argv)), Outcome::Accepted),
            "{argv:?}"
        );
    }
}

#[test]
fn retries_and_rate_limit_reach_the_options() {
    let cli = Cli::try_parse_from([
        "liveness",
        "verifik",
        "list",
        "--retries",
        "3",
        "--rate-limit",
        "5",
        "--timeout",
        "2.5",
    ])
    .expect("parses");
    let Command::Verifik(VerifikCommand::List { common, .. }) = cli.command else {
        panic!("not verifik list");
    };
    let options = format!("{:?}", run::options(&common));
    // HttpOptions' fields are private to the facade: its Debug form shows what was set.
    assert!(options.contains("max_attempts: 4"), "{options}");
    assert!(
        options.contains("rate_limit_per_second: Some(5)"),
        "{options}"
    );
    assert!(options.contains("timeout: 2.5s"), "{options}");
    assert!(options.contains("deadline: None"), "{options}");
    let plain = format!(
        "{:?}",
        run::options(&Common {
            retries: Some(0),
            ..common
        })
    );
    assert!(
        plain.contains("max_attempts: 1"),
        "no retries unless asked: {plain}"
    );
}
