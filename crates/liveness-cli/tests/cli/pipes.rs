//! A reader that closes the pipe ends every command that writes to stdout quietly: exit 0, no
//! panic, nothing on stderr. The read end is closed before the command writes, so each write
//! meets a closed pipe (EPIPE), as `liveness ... | head -c 300` does once head has its bytes.

use std::process::{Command, Stdio};

use crate::support::{Harness, TALENTOMOBILE_SAMPLE, liveness, liveness_env, stderr};

/// Runs `command` with its stdout a pipe whose read end is closed at once.
fn into_a_closed_pipe(mut command: Command) -> std::process::Output {
    let mut child = command
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("liveness runs");
    drop(child.stdout.take());
    child.wait_with_output().expect("waited")
}

fn assert_quiet(output: &std::process::Output, what: &str) {
    assert_eq!(output.status.code(), Some(0), "{what}: {}", stderr(output));
    assert!(stderr(output).is_empty(), "{what}: {}", stderr(output));
}

#[test]
fn every_command_that_writes_to_stdout_ends_quietly_when_the_reader_goes() {
    let h = Harness::new();
    let base = h.mock.base_url().to_owned();
    let runs: [(&str, &[&str]); 5] = [
        (
            "talentomobile result --output json",
            &[
                "talentomobile",
                "result",
                "--id",
                TALENTOMOBILE_SAMPLE,
                "--output",
                "json",
            ],
        ),
        (
            "tencent result (table)",
            &[
                "tencent",
                "result",
                "--sdk-token",
                "D2B55F0C-FB5D-4FB6-8765-3E931EBBFC79",
            ],
        ),
        ("tencent token", &["tencent", "token"]),
        ("schema", &["schema"]),
        ("demo", &["demo"]),
    ];
    for (what, args) in runs {
        let mut command = liveness();
        command.args(args);
        if !matches!(args[0], "schema" | "demo") {
            command.args(["--endpoint", &base]);
        }
        assert_quiet(&into_a_closed_pipe(command), what);
    }
    // The batch stops at the first line it cannot write, quietly.
    let dir = tempfile::tempdir().expect("tempdir");
    let ids = dir.path().join("ids.txt");
    std::fs::write(&ids, "b-1\nb-2\nb-3\n").expect("ids");
    let mut command = liveness();
    command
        .args(["batch", "--vendor", "talentomobile", "--quiet", "--ids"])
        .arg(&ids)
        .args(["--endpoint", &base]);
    assert_quiet(&into_a_closed_pipe(command), "batch");
}

#[test]
fn through_a_shell_pipe_into_head() {
    let h = Harness::new();
    let script = format!(
        "\"$LIVENESS\" talentomobile result --id {TALENTOMOBILE_SAMPLE} --output json \
         --endpoint {} | head -c 300 >/dev/null; echo \"${{PIPESTATUS[0]}}\" >&2",
        h.mock.base_url()
    );
    let output = liveness_env(Command::new("bash"))
        .args(["-c", &script])
        .output()
        .expect("bash runs");
    let err = stderr(&output);
    assert_eq!(
        err.trim(),
        "0",
        "liveness's exit status and nothing else: {err}"
    );
}
