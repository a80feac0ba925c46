//! The xtask binary as `cargo xtask` runs it: every spelling of help prints the usage and exits
//! 0; a bad command exits 2 with the usage on stderr.

use std::process::Command;

fn xtask(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_xtask"))
        .args(args)
        .output()
        .expect("runs")
}

#[test]
fn help_prints_the_usage_and_succeeds() {
    for args in [
        &["--help"][..],
        &["-h"],
        &["help"],
        &["test", "--help"],
        &["generate", "-h"],
    ] {
        let out = xtask(args);
        assert_eq!(out.status.code(), Some(0), "{args:?}");
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(
            stdout.starts_with("usage: cargo xtask"),
            "{args:?}: {stdout}"
        );
        assert!(stdout.contains("test [ARGS...]"), "{args:?}: {stdout}");
    }
}

#[test]
fn a_bad_command_is_a_usage_error() {
    for args in [&[][..], &["frob"], &["generate", "--vendor", "nope"]] {
        let out = xtask(args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(
            String::from_utf8_lossy(&out.stderr).contains("usage: cargo xtask"),
            "{args:?}"
        );
    }
}
