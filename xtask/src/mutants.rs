//! `cargo xtask mutants [--module NAME]... [--facade-tests]`: mutation testing of the modules
//! where a bug costs money or leaks a secret, with cargo-mutants (pinned; installed when
//! missing). Not part of `.ci/run`: on two cores a module takes from minutes to hours.
//!
//! Accepted survivors (mutants no test can tell apart from the original) are listed in
//! `.cargo/mutants.toml` as `exclude_re` entries, each with its reason; a test of this crate
//! checks every entry still names a function of its file.

use std::path::Path;
use std::process::{Command, ExitCode};

/// The cargo-mutants release the scores in TESTING.md were measured with.
pub const VERSION: &str = "27.1.0";

/// A module under mutation: its name and the files cargo-mutants mutates.
pub struct Module {
    /// What `--module` takes.
    pub name: &'static str,
    /// What it guards.
    pub guards: &'static str,
    /// The package its files belong to.
    pub package: &'static str,
    /// Files, relative to the workspace root.
    pub files: &'static [&'static str],
}

/// Where a bug costs most, in the order the issue lists them.
pub const MODULES: &[Module] = &[
    Module {
        name: "tc3",
        package: "liveness",
        guards: "TC3 signing",
        files: &[
            "crates/liveness/src/tencent/tc3.rs",
            "crates/liveness/src/tencent/tc3/http.rs",
        ],
    },
    Module {
        name: "masking",
        package: "liveness",
        guards: "secret masking in errors and kept bodies",
        // Each vendor's error masks its own fields (its `VendorFault::redact`).
        files: &[
            "crates/liveness/src/error.rs",
            "crates/liveness/src/tencent/error.rs",
            "crates/liveness/src/trustdecision/error.rs",
            "crates/liveness/src/verifik/error.rs",
        ],
    },
    Module {
        name: "call",
        package: "liveness",
        guards: "body caps, the retry and idempotency rules, credential checks",
        files: &[
            "crates/liveness/src/call.rs",
            "crates/liveness/src/client.rs",
            "crates/liveness/src/credentials.rs",
            "crates/liveness/src/options.rs",
        ],
    },
    Module {
        name: "ratelimit",
        package: "liveness",
        guards: "the rate limiters, in-process and shared through Redis",
        files: &[
            "crates/liveness/src/ratelimit/mod.rs",
            "crates/liveness/src/ratelimit/local.rs",
            "crates/liveness/src/ratelimit/shared.rs",
        ],
    },
    Module {
        name: "endpoint",
        package: "liveness",
        guards: "base URLs, TLS, path and id validation",
        files: &["crates/liveness/src/endpoint.rs"],
    },
    Module {
        name: "verdicts",
        package: "liveness",
        guards: "every vendor's verdict mapping",
        files: &[
            "crates/liveness/src/verdict/mod.rs",
            "crates/liveness/src/tencent/verdict.rs",
            "crates/liveness/src/trustdecision/verdict.rs",
            "crates/liveness/src/talentomobile/verdict.rs",
            "crates/liveness/src/verifik/verdict.rs",
        ],
    },
    Module {
        name: "evidence",
        package: "liveness",
        guards: "evidence decoding and download verification",
        files: &["crates/liveness/src/verdict/evidence.rs"],
    },
    Module {
        name: "batch",
        package: "liveness",
        guards: "each id of a batch fetched once, in memory that does not grow with the input",
        files: &[
            "crates/liveness/src/verdict/batch/mod.rs",
            "crates/liveness/src/verdict/batch/seen.rs",
        ],
    },
    Module {
        name: "regeneration",
        package: "xtask",
        guards: "what a spec change does to a crate's version: the API diff's classification, \
                 the bump, the changelog, the workspace requirement",
        files: &["xtask/src/apidiff.rs", "xtask/src/release.rs"],
    },
];

/// The packages whose tests judge a mutant: the workspace's suite, less the benchmarks and the
/// xtask (neither runs facade code under test).
const WORKSPACE_TESTS: &[&str] = &[
    "liveness",
    "contract-tests",
    "liveness-cli",
    "liveness-mock",
];

/// The modules named (all of them when none is).
pub fn select(names: &[String]) -> Result<Vec<&'static Module>, String> {
    if names.is_empty() {
        return Ok(MODULES.iter().collect());
    }
    names
        .iter()
        .map(|name| {
            MODULES.iter().find(|m| m.name == name).ok_or_else(|| {
                let known: Vec<_> = MODULES.iter().map(|m| m.name).collect();
                format!("unknown module `{name}` (one of: {})", known.join(", "))
            })
        })
        .collect()
}

/// The cargo-mutants arguments for `module`: its files, judged by the workspace's tests (or
/// only the facade's, for a quicker first pass), one job, the report under
/// `target/mutants/<module>`.
pub fn arguments(module: &Module, facade_tests_only: bool) -> Vec<String> {
    let mut args: Vec<String> = vec![
        "mutants".into(),
        "--no-shuffle".into(),
        "-j".into(),
        "1".into(),
    ];
    args.extend(["--package".into(), module.package.into()]);
    for file in module.files {
        args.extend(["--file".into(), (*file).into()]);
    }
    // The xtask's code is judged by the xtask's tests; the facade's by the workspace's.
    let tests: &[&str] = if module.package == "xtask" {
        &["xtask"]
    } else if facade_tests_only {
        &["liveness"]
    } else {
        WORKSPACE_TESTS
    };
    for package in tests {
        args.extend(["--test-package".into(), (*package).into()]);
    }
    args.extend(["--output".into(), format!("target/mutants/{}", module.name)]);
    args
}

fn installed_version() -> Option<String> {
    let out = Command::new("cargo")
        .args(["mutants", "--version"])
        .output()
        .ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).trim().to_owned())
}

/// Installs the pinned cargo-mutants when it is missing or another version.
fn ensure_installed() -> Result<(), String> {
    if installed_version().is_some_and(|v| v.ends_with(VERSION)) {
        return Ok(());
    }
    println!("==> installing cargo-mutants {VERSION}");
    let status = Command::new("cargo")
        .args(["install", "cargo-mutants", "--locked", "--version", VERSION])
        .status()
        .map_err(|e| format!("cannot run cargo install: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!(
            "cargo install cargo-mutants {VERSION} failed ({status})"
        ))
    }
}

/// Runs each selected module; exits non-zero when a mutant survived or the run failed.
pub fn run(root: &Path, names: &[String], facade_tests_only: bool) -> ExitCode {
    let modules = match select(names) {
        Ok(modules) => modules,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    };
    if let Err(e) = ensure_installed() {
        eprintln!("error: {e}");
        return ExitCode::FAILURE;
    }
    // The workspace's tests need the tools `cargo xtask test` obtains (redis-server for the
    // shared limiter's tests, the Python tools, chromium): without them the unmutated run fails.
    let needs_tools = !facade_tests_only && modules.iter().any(|m| m.package != "xtask");
    let tools = if needs_tools {
        match crate::tools::provision(root) {
            Ok(tools) => Some(tools),
            Err(e) => {
                eprintln!("error: {e}");
                return ExitCode::FAILURE;
            }
        }
    } else {
        None
    };
    let mut failed = Vec::new();
    for module in modules {
        println!(
            "==> {} ({}): {}",
            module.name,
            module.guards,
            module.files.join(" ")
        );
        let mut command = Command::new("cargo");
        command
            .args(arguments(module, facade_tests_only))
            .current_dir(root);
        for (name, value) in tools.iter().flat_map(|t| t.env()) {
            command.env(name, value);
        }
        let status = command.status();
        match status {
            // cargo-mutants exits 0 when every mutant was caught (or excluded) and 2 when one
            // survived; the report is in target/mutants/<module>/mutants.out.
            Ok(status) if status.success() => println!("    {}: every mutant caught", module.name),
            Ok(status) => {
                println!(
                    "    {}: survivors or errors ({status}); see target/mutants/{}/mutants.out/missed.txt",
                    module.name, module.name
                );
                failed.push(module.name);
            }
            Err(e) => {
                eprintln!("error: cannot run cargo mutants: {e}");
                return ExitCode::FAILURE;
            }
        }
    }
    if failed.is_empty() {
        ExitCode::SUCCESS
    } else {
        eprintln!("modules with survivors: {}", failed.join(", "));
        ExitCode::FAILURE
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn root() -> std::path::PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .parent()
            .unwrap()
            .to_path_buf()
    }

    #[test]
    fn every_module_file_exists() {
        for module in MODULES {
            for file in module.files {
                assert!(root().join(file).is_file(), "{}: {file}", module.name);
            }
        }
    }

    #[test]
    fn modules_are_selected_by_name_and_unknown_ones_are_refused() {
        assert_eq!(select(&[]).unwrap().len(), MODULES.len());
        let picked = select(&["tc3".into(), "verdicts".into()]).unwrap();
        assert_eq!(
            picked.iter().map(|m| m.name).collect::<Vec<_>>(),
            ["tc3", "verdicts"]
        );
        let error = select(&["nope".into()]).err().unwrap();
        assert!(error.contains("tc3") && error.contains("nope"), "{error}");
    }

    #[test]
    fn the_workspace_suite_judges_unless_asked_otherwise() {
        let args = arguments(&MODULES[0], false);
        for package in WORKSPACE_TESTS {
            assert!(
                args.windows(2)
                    .any(|w| w[0] == "--test-package" && w[1] == *package)
            );
        }
        let quick = arguments(&MODULES[0], true);
        assert_eq!(quick.iter().filter(|a| *a == "--test-package").count(), 1);
        assert!(
            args.windows(2)
                .any(|w| w == ["--file", MODULES[0].files[0]])
        );
        // The xtask's own module is mutated in the xtask and judged by its tests.
        let regeneration = select(&["regeneration".into()]).unwrap()[0];
        let args = arguments(regeneration, false);
        assert!(args.windows(2).any(|w| w == ["--package", "xtask"]));
        let judges: Vec<&String> = args
            .windows(2)
            .filter(|w| w[0] == "--test-package")
            .map(|w| &w[1])
            .collect();
        assert_eq!(judges, ["xtask"]);
    }

    /// Every accepted survivor in `.cargo/mutants.toml` names a file of a module and a function
    /// that file still has: a stale entry (the function renamed or gone) fails here.
    #[test]
    fn accepted_survivors_still_match_the_code() {
        let config = std::fs::read_to_string(root().join(".cargo/mutants.toml"))
            .expect(".cargo/mutants.toml");
        let entries: Vec<&str> = config
            .lines()
            .map(str::trim)
            .filter(|l| l.starts_with('"'))
            .map(|l| l.trim_end_matches(',').trim_matches('"'))
            .collect();
        for entry in entries {
            // `<file>:.*in <function>` (regex-escaped only where a name needs it).
            let (file, rest) = entry.split_once(':').unwrap_or_else(|| panic!("{entry}"));
            let function = rest
                .rsplit_once(" in ")
                .map(|(_, f)| f.trim_end_matches('$'))
                .unwrap_or_else(|| panic!("{entry}: no ` in <function>`"));
            assert!(
                MODULES.iter().any(|m| m.files.contains(&file)),
                "{entry}: {file} is in no module"
            );
            let source = std::fs::read_to_string(root().join(file)).expect(file);
            let name = function.rsplit("::").next().unwrap_or(function);
            assert!(
                source.contains(&format!("fn {name}")),
                "{entry}: {file} has no fn {name} (stale entry)"
            );
        }
    }
}
