//! The workspace's tasks:
//! `cargo xtask generate [--check] [--vendor NAME]` regenerates `crates/<vendor>/` from
//! `specs/<vendor>.yaml`, or (with `--check`) fails with a diff when a checked-in file is stale;
//! `cargo xtask test [ARGS...]` checks the generated crates, installs what the tests need when it
//! is missing, and runs them.

mod emit;
mod mutants;
mod spec;
mod tools;
mod tree;
mod vendors;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

const USAGE: &str = "usage: cargo xtask <command>

commands:
  generate [--check] [--vendor NAME]
      Regenerates crates/<vendor>/ from specs/<vendor>.yaml.
      --check         write nothing; exit 1 with a diff if any generated file is out of date
      --vendor NAME   only this vendor: tencent (or tencent-faceid), trustdecision,
                      talentomobile, verifik
  test [ARGS...]
      The workspace's test command. Checks the generated crates (as generate --check), installs what the tests need when it is missing (Debian's
      chromium; a Python venv at <target dir>/tools/venv with pinned schemathesis and Tencent
      Cloud SDK), then runs `cargo test --workspace --locked ARGS...` with LIVENESS_CHROMIUM,
      LIVENESS_SCHEMATHESIS and LIVENESS_TOOLS_PYTHON set, and exits with its status.
      Example: cargo xtask test -- --nocapture
  tools
      Only the install step of `test`; prints the variables it would set.
  mutants [--module NAME]... [--facade-tests]
      Mutation testing (cargo-mutants, pinned, installed when missing) of the modules where a
      bug costs most: tc3, masking, call, ratelimit, endpoint, verdicts, evidence (all when
      none is named). Each mutant is judged by the workspace's tests (--facade-tests: only the
      facade's, a quicker first pass). Accepted survivors, with reasons: .cargo/mutants.toml.
      Scores: TESTING.md. Not run by CI (hours on two cores).
  help
      This text (also -h, --help).";

#[derive(Debug, PartialEq)]
enum Command {
    Help,
    Generate {
        check: bool,
        vendor: Option<String>,
    },
    /// Everything after `test`, passed to `cargo test` as is.
    Test(Vec<String>),
    Tools,
    Mutants {
        modules: Vec<String>,
        facade_tests: bool,
    },
}

fn is_help(arg: &str) -> bool {
    matches!(arg, "-h" | "--help" | "help")
}

fn parse_args(args: &[String]) -> Result<Command, String> {
    let mut it = args.iter();
    let command = match it.next().map(String::as_str) {
        None => return Err("missing command".into()),
        Some(arg) if is_help(arg) => return Ok(Command::Help),
        Some(command) => command,
    };
    match command {
        "generate" => {
            let (mut check, mut vendor) = (false, None);
            while let Some(arg) = it.next() {
                match arg.as_str() {
                    "--check" => check = true,
                    "--vendor" => {
                        let name = it.next().ok_or("--vendor needs a name")?;
                        vendor = Some(name.clone());
                    }
                    "-h" | "--help" => return Ok(Command::Help),
                    other => return Err(format!("unknown argument `{other}`")),
                }
            }
            Ok(Command::Generate { check, vendor })
        }
        "test" => {
            let rest: Vec<String> = it.cloned().collect();
            // `cargo xtask test --help` is about this command; `cargo xtask test -- --help`
            // reaches the test binaries.
            match rest.first().map(String::as_str) {
                Some("-h" | "--help") => Ok(Command::Help),
                _ => Ok(Command::Test(rest)),
            }
        }
        "tools" => match it.next() {
            None => Ok(Command::Tools),
            Some(arg) if is_help(arg) => Ok(Command::Help),
            Some(other) => Err(format!("unknown argument `{other}`")),
        },
        "mutants" => {
            let (mut modules, mut facade_tests) = (Vec::new(), false);
            while let Some(arg) = it.next() {
                match arg.as_str() {
                    "--module" => modules.push(it.next().ok_or("--module needs a name")?.clone()),
                    "--facade-tests" => facade_tests = true,
                    "-h" | "--help" => return Ok(Command::Help),
                    other => return Err(format!("unknown argument `{other}`")),
                }
            }
            Ok(Command::Mutants {
                modules,
                facade_tests,
            })
        }
        other => Err(format!("unknown command `{other}`")),
    }
}

fn workspace_root() -> PathBuf {
    // xtask/ sits directly under the workspace root.
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask has a parent directory")
        .to_path_buf()
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let command = match parse_args(&args) {
        Ok(command) => command,
        Err(e) => {
            eprintln!("error: {e}\n\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    let root = workspace_root();
    match command {
        Command::Help => {
            println!("{USAGE}");
            ExitCode::SUCCESS
        }
        Command::Generate { check, vendor } => generate(&root, check, vendor.as_deref()),
        Command::Test(args) => {
            // The generated crates are checked here, in-process, so that no test runs `cargo`
            // inside `cargo test`.
            let checked = generate(&root, true, None);
            if checked != ExitCode::SUCCESS {
                return checked;
            }
            tools::test(&root, &args)
        }
        Command::Mutants {
            modules,
            facade_tests,
        } => mutants::run(&root, &modules, facade_tests),
        Command::Tools => match tools::provision(&root) {
            Ok(tools) => {
                for (name, value) in tools.env() {
                    println!("{name}={}", value.display());
                }
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("error: {e}");
                ExitCode::FAILURE
            }
        },
    }
}

fn generate(root: &Path, check: bool, vendor: Option<&str>) -> ExitCode {
    let selected = match vendors::select(vendor) {
        Ok(v) => v,
        Err(e) => {
            eprintln!("error: {e}\n\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    let mut stale = 0usize;
    for vendor in selected {
        let files = match emit::vendor_crate(root, vendor) {
            Ok(files) => files,
            Err(e) => {
                eprintln!("error: generating {}: {e}", vendor.spec_name());
                return ExitCode::FAILURE;
            }
        };
        let dir = root.join("crates").join(vendor.spec_name());
        let result = if check {
            tree::check(&dir, &files)
        } else {
            tree::write(&dir, &files)
        };
        match result {
            Ok(n) => stale += n,
            Err(e) => {
                eprintln!("error: {}: {e}", dir.display());
                return ExitCode::FAILURE;
            }
        }
        if !check {
            println!(
                "generated crates/{} ({} files)",
                vendor.spec_name(),
                files.len()
            );
        }
    }

    if check && stale > 0 {
        eprintln!(
            "\n{stale} generated file(s) out of date: run `cargo xtask generate` and commit the result"
        );
        return ExitCode::FAILURE;
    }
    if check {
        println!("generated crates are up to date");
    }
    ExitCode::SUCCESS
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings(args: &[&str]) -> Vec<String> {
        args.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn parses_check_and_vendor() {
        let command = parse_args(&strings(&["generate", "--check", "--vendor", "verifik"]));
        assert_eq!(
            command,
            Ok(Command::Generate {
                check: true,
                vendor: Some("verifik".into())
            })
        );
    }

    #[test]
    fn rejects_unknown_arguments() {
        assert!(parse_args(&strings(&["generate", "--frob"])).is_err());
        assert!(parse_args(&strings(&["build"])).is_err());
        assert!(parse_args(&strings(&["generate", "--vendor"])).is_err());
        assert!(parse_args(&strings(&["tools", "--frob"])).is_err());
        assert!(parse_args(&strings(&[])).is_err());
    }

    #[test]
    fn every_spelling_of_help_is_help() {
        for args in [
            &["--help"][..],
            &["-h"],
            &["help"],
            &["generate", "--help"],
            &["test", "--help"],
            &["test", "-h"],
            &["tools", "--help"],
        ] {
            assert_eq!(parse_args(&strings(args)), Ok(Command::Help), "{args:?}");
        }
    }

    #[test]
    fn test_passes_every_other_argument_through() {
        assert_eq!(parse_args(&strings(&["test"])), Ok(Command::Test(vec![])));
        let args = ["-p", "liveness", "--", "--help"];
        assert_eq!(
            parse_args(&strings(&[&["test"][..], &args].concat())),
            Ok(Command::Test(strings(&args)))
        );
    }

    #[test]
    fn the_usage_documents_every_command_and_the_short_vendor_names() {
        for word in [
            "generate",
            "test [ARGS...]",
            "tools",
            "help",
            "tencent (or tencent-faceid)",
        ] {
            assert!(USAGE.contains(word), "{word}");
        }
    }
}
