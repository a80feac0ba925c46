//! The flags through the binary: numbers out of range and flags a command does not take are
//! usage errors (exit 2, nothing sent, no panic); `--retries` and `--rate-limit` act on the
//! calls; hints name the flags; `--help` documents them.

use crate::support::{Harness, liveness, ok, stderr, stdout};
use liveness_mock::{Fault, FaultRule, Vendor};

#[test]
fn numbers_out_of_range_are_usage_errors_not_panics() {
    let h = Harness::new();
    // `--timeout 1e20` panicked (`Duration::from_secs_f64`) before anything was sent.
    let cases: &[(&str, &[&str])] = &[
        ("--timeout", &["verifik", "list", "--timeout", "1e20"]),
        ("--timeout", &["verifik", "list", "--timeout", "1e308"]),
        ("--timeout", &["verifik", "list", "--timeout", "inf"]),
        ("--timeout", &["verifik", "list", "--timeout", "NaN"]),
        ("--timeout", &["verifik", "list", "--timeout=-1"]),
        ("--timeout", &["verifik", "list", "--timeout", "0"]),
        ("--timeout", &["verifik", "list", "--timeout", "1e-300"]),
        ("--page", &["verifik", "list", "--page", "0"]),
        (
            "--page",
            &["verifik", "list", "--page", "9223372036854775808"],
        ),
        ("--limit", &["verifik", "list", "--limit", "0"]),
        ("--limit", &["verifik", "list", "--limit", "101"]),
        (
            "--limit",
            &["verifik", "list", "--limit", "18446744073709551616"],
        ),
        (
            "--session-duration",
            &["trustdecision", "license", "--session-duration", "0"],
        ),
        (
            "--session-duration",
            &["trustdecision", "license", "--session-duration", "86401"],
        ),
        (
            "--session-duration",
            &[
                "trustdecision",
                "license",
                "--session-duration=-9223372036854775809",
            ],
        ),
        (
            "--secure-level",
            &[
                "tencent",
                "token",
                "--region",
                "ap-singapore",
                "--secure-level",
                "0",
            ],
        ),
        (
            "--secure-level",
            &[
                "tencent",
                "token",
                "--region",
                "ap-singapore",
                "--secure-level",
                "256",
            ],
        ),
        (
            "--retries",
            &["talentomobile", "result", "--id", "x", "--retries", "11"],
        ),
        (
            "--retries",
            &["talentomobile", "result", "--id", "x", "--retries=-1"],
        ),
        (
            "--rate-limit",
            &["verifik", "result", "--id", "x", "--rate-limit", "0"],
        ),
        (
            "--rate-limit",
            &[
                "verifik",
                "result",
                "--id",
                "x",
                "--rate-limit",
                "4294967296",
            ],
        ),
    ];
    for (flag, args) in cases {
        let output = h.run(args);
        let stderr = stderr(&output);
        assert_eq!(output.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
        assert!(
            stderr.contains("invalid value") && stderr.contains(flag),
            "{args:?}: the message names {flag}: {stderr}"
        );
    }
    assert!(h.mock.requests().is_empty(), "nothing was sent");
}

#[test]
fn result_flags_are_refused_where_there_is_no_verdict() {
    let h = Harness::new();
    let dir = tempfile::tempdir().unwrap();
    let dir_arg = dir.path().to_str().unwrap();
    let report = dir.path().join("r.html");
    let report_arg = report.to_str().unwrap();
    for command in [
        &["tencent", "token", "--region", "ap-singapore"][..],
        &["trustdecision", "license"],
    ] {
        for flag in [
            &["--fail-on-reject"][..],
            &["--save-evidence", dir_arg],
            &["--report", report_arg],
        ] {
            let output = h.run(&[command, flag].concat());
            assert_eq!(
                output.status.code(),
                Some(2),
                "{command:?} {flag:?}: {}",
                stderr(&output)
            );
            assert!(
                stderr(&output).contains(&format!("unexpected argument '{}'", flag[0])),
                "{}",
                stderr(&output)
            );
        }
    }
    assert!(h.mock.requests().is_empty(), "nothing was sent");
    assert!(!report.exists());
}

#[test]
fn retries_recover_from_a_rate_limit_and_hints_name_the_flags() {
    let h = Harness::new();
    // Verifik's rate limit is HTTP 429: without --retries the call fails and says what to do.
    h.mock
        .inject(FaultRule::times(Fault::RateLimit, 1).for_vendor(Vendor::Verifik));
    let refused = h.run(&["verifik", "result", "--id", "fixture-success"]);
    assert_eq!(refused.status.code(), Some(6), "{}", stderr(&refused));
    let message = stderr(&refused);
    assert!(message.contains("--rate-limit PER_SECOND"), "{message}");
    assert!(message.contains("--retries N"), "{message}");

    h.mock
        .inject(FaultRule::times(Fault::RateLimit, 2).for_vendor(Vendor::Verifik));
    let before = h.mock.requests().len();
    let retried = h.run(&[
        "verifik",
        "result",
        "--id",
        "fixture-success",
        "--retries",
        "2",
    ]);
    ok(&retried);
    assert!(stdout(&retried).contains("passed"), "{}", stdout(&retried));
    assert_eq!(
        h.mock.requests().len() - before,
        3,
        "two 429s, then the answer"
    );

    // Tencent's own rate-limit code carries the facade's hint, with the flag named.
    h.mock
        .inject(FaultRule::times(Fault::RateLimit, 1).for_vendor(Vendor::Tencent));
    let tencent = h.run(&["tencent", "token", "--region", "ap-singapore"]);
    assert_eq!(tencent.status.code(), Some(6), "{}", stderr(&tencent));
    assert!(
        stderr(&tencent).contains("enable retries (--retries N)"),
        "{}",
        stderr(&tencent)
    );
}

#[test]
fn a_timeout_names_the_timeout_and_retries_flags() {
    let h = Harness::new();
    h.mock.inject(
        FaultRule::times(Fault::Slow(std::time::Duration::from_millis(3_000)), 1)
            .for_vendor(Vendor::Talentomobile),
    );
    let output = h.run(&[
        "talentomobile",
        "result",
        "--id",
        crate::support::TALENTOMOBILE_SAMPLE,
        "--timeout",
        "0.3",
    ]);
    assert_eq!(output.status.code(), Some(5), "{}", stderr(&output));
    let message = stderr(&output);
    assert!(message.contains("--timeout SECONDS"), "{message}");
    assert!(message.contains("--retries N"), "{message}");
}

#[test]
fn the_rate_limit_spaces_the_attempts() {
    let h = Harness::new();
    h.mock
        .inject(FaultRule::times(Fault::ServerError, 1).for_vendor(Vendor::Verifik));
    // One retry after a 503: the backoff alone is 100 to 200 ms; at one request a second the
    // limiter holds the retry until 1.05 s after the first attempt.
    let output = h.run(&[
        "verifik",
        "result",
        "--id",
        "fixture-success",
        "--retries",
        "1",
        "--rate-limit",
        "1",
    ]);
    ok(&output);
    let requests = h.mock.requests();
    assert_eq!(requests.len(), 2, "{requests:?}");
    let gap = requests[1].at_ms - requests[0].at_ms;
    assert!(
        gap >= 1_000,
        "the retry left {gap} ms after the first attempt"
    );
}

#[test]
fn help_documents_the_new_flags() {
    for command in [
        &["tencent", "result"][..],
        &["trustdecision", "result"],
        &["talentomobile", "result"],
        &["verifik", "result"],
        &["verifik", "list"],
        &["verifik", "create"],
    ] {
        let output = liveness().args(command).arg("--help").output().unwrap();
        ok(&output);
        let help = stdout(&output);
        for flag in [
            "--report <FILE>",
            "--retries <N>",
            "--rate-limit <PER_SECOND>",
            "--save-evidence <DIR>",
            "--fail-on-reject",
            "self-contained HTML",
        ] {
            assert!(
                help.contains(flag),
                "{command:?} --help lacks {flag}:\n{help}"
            );
        }
    }
    for command in [&["tencent", "token"][..], &["trustdecision", "license"]] {
        let output = liveness().args(command).arg("--help").output().unwrap();
        let help = stdout(&output);
        assert!(help.contains("--retries <N>"), "{help}");
        assert!(help.contains("--rate-limit <PER_SECOND>"), "{help}");
        for absent in ["--report", "--save-evidence", "--fail-on-reject"] {
            assert!(!help.contains(absent), "{command:?} offers {absent}");
        }
    }
}
