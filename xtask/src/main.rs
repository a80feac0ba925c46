//! The workspace's tasks:
//! `cargo xtask generate [--check] [--vendor NAME]` regenerates `crates/<vendor>/` from
//! `specs/<vendor>.yaml`, or (with `--check`) fails with a diff when a checked-in file is stale;
//! `cargo xtask test [ARGS...]` checks the generated crates, installs what the tests need when it
//! is missing, and runs them.

mod apidiff;
mod emit;
mod mutants;
mod release;
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
      chromium and redis-server; a Python venv at <target dir>/tools/venv with pinned
      schemathesis and Tencent Cloud SDK), then runs `cargo test --workspace --locked ARGS...`
      with LIVENESS_CHROMIUM, LIVENESS_REDIS_SERVER, LIVENESS_SCHEMATHESIS and
      LIVENESS_TOOLS_PYTHON set, and exits with its status.
      Example: cargo xtask test -- --nocapture
  tools
      Only the install step of `test`; prints the variables it would set.
  mutants [--module NAME]... [--facade-tests]
      Mutation testing (cargo-mutants, pinned, installed when missing) of the modules where a
      bug costs most: tc3, masking, call, ratelimit, endpoint, verdicts, evidence, and the
      xtask's regeneration (all when none is named). Each facade mutant is judged by the
      workspace's tests (--facade-tests: only the facade's, a quicker first pass), each xtask
      mutant by the xtask's. Accepted survivors, with reasons: .cargo/mutants.toml.
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
    // Every vendor is planned (its spec checked, its files generated in memory) before any is
    // written: a spec that fails its checks leaves the whole tree as it was.
    let mut plans = Vec::new();
    let mut failed = false;
    for vendor in selected {
        match release::plan(root, vendor, check) {
            Ok(plan) => plans.push(plan),
            Err(e) => {
                eprintln!("error: {e}");
                failed = true;
            }
        }
    }
    if failed {
        eprintln!("\nnothing written");
        return ExitCode::FAILURE;
    }
    let manifest_path = root.join("Cargo.toml");
    let mut manifest = match std::fs::read_to_string(&manifest_path) {
        Ok(text) => text,
        Err(e) => {
            eprintln!("error: reading Cargo.toml: {e}");
            return ExitCode::FAILURE;
        }
    };
    let mut stale = 0usize;
    for plan in &plans {
        let package = plan.vendor.package();
        let required = match release::set_requirement(&manifest, package, &plan.to) {
            Ok(text) => text,
            Err(e) => {
                eprintln!("error: {e}");
                return ExitCode::FAILURE;
            }
        };
        let result = if check {
            for problem in &plan.problems {
                eprintln!("{problem}");
            }
            if required != manifest {
                eprintln!(
                    "Cargo.toml: [workspace.dependencies] requires another version of {package}                      than its crate's {}",
                    plan.to
                );
                stale += 1;
            }
            tree::check(&plan.dir, &plan.files).map(|n| n + plan.problems.len())
        } else {
            manifest = required;
            tree::write(&plan.dir, &plan.files)
        };
        match result {
            Ok(n) if check => stale += n,
            Ok(written) => print!("{}", summary(plan, written)),
            Err(e) => {
                eprintln!("error: {}: {e}", plan.dir.display());
                return ExitCode::FAILURE;
            }
        }
    }
    if !check {
        let on_disk = std::fs::read_to_string(&manifest_path).unwrap_or_default();
        if on_disk != manifest
            && let Err(e) = std::fs::write(&manifest_path, &manifest)
        {
            eprintln!("error: writing Cargo.toml: {e}");
            return ExitCode::FAILURE;
        }
        return ExitCode::SUCCESS;
    }
    if stale > 0 {
        eprintln!(
            "\n{stale} generated file(s) or version record(s) out of date: run `cargo xtask generate` and commit the result"
        );
        return ExitCode::FAILURE;
    }
    println!("generated crates are up to date");
    ExitCode::SUCCESS
}

/// What `generate` says about one crate: unchanged, or the files it wrote and, when the spec
/// changed, the version it moved to and each API change a user will see.
fn summary(plan: &release::Plan, written: usize) -> String {
    let name = plan.vendor.spec_name();
    if written == 0 {
        return format!("crates/{name}: unchanged ({})\n", plan.to);
    }
    let mut out = if plan.from != plan.to {
        let impact = apidiff::overall(&plan.changes).map_or("no API change", |i| i.as_str());
        format!(
            "crates/{name}: {} -> {} ({impact}), {written} file(s) written\n",
            plan.from, plan.to
        )
    } else if plan.spec_changed {
        format!(
            "crates/{name}: {written} file(s) written, version {} (its first spec on record)\n",
            plan.to
        )
    } else {
        format!(
            "crates/{name}: {written} file(s) written, version {} kept (the spec did not change; \
             the generator did)\n",
            plan.to
        )
    };
    for change in &plan.changes {
        out.push_str(&format!("  {change}\n"));
    }
    out
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

    /// A scratch workspace holding what `generate --vendor verifik` reads and writes: the root
    /// manifest and licences, the spec, and the crate as checked in.
    fn scratch() -> tempfile::TempDir {
        let dir = tempfile::tempdir().expect("temp dir");
        let root = workspace_root();
        for file in [
            "Cargo.toml",
            "LICENSE-MIT",
            "LICENSE-APACHE",
            "specs/verifik.yaml",
        ] {
            let to = dir.path().join(file);
            std::fs::create_dir_all(to.parent().unwrap()).unwrap();
            std::fs::copy(root.join(file), to).unwrap();
        }
        let mut stack = vec![std::path::PathBuf::from("crates/verifik")];
        while let Some(rel) = stack.pop() {
            std::fs::create_dir_all(dir.path().join(&rel)).unwrap();
            for entry in std::fs::read_dir(root.join(&rel)).unwrap() {
                let entry = entry.unwrap();
                let child = rel.join(entry.file_name());
                if entry.file_type().unwrap().is_dir() {
                    stack.push(child);
                } else {
                    std::fs::copy(entry.path(), dir.path().join(child)).unwrap();
                }
            }
        }
        dir
    }

    /// Edits the scratch spec as JSON (which is YAML too).
    fn edit_spec(root: &Path, edit: impl FnOnce(&mut serde_json::Value)) {
        let path = root.join("specs/verifik.yaml");
        let mut doc = liveness_spec::Spec::parse(&std::fs::read_to_string(&path).unwrap())
            .unwrap()
            .doc;
        edit(&mut doc);
        std::fs::write(&path, serde_json::to_string_pretty(&doc).unwrap()).unwrap();
    }

    /// Every file under `root` with its content and modification time.
    fn snapshot(
        root: &Path,
    ) -> std::collections::BTreeMap<PathBuf, (Vec<u8>, std::time::SystemTime)> {
        let mut out = std::collections::BTreeMap::new();
        let mut stack = vec![root.to_path_buf()];
        while let Some(dir) = stack.pop() {
            for entry in std::fs::read_dir(&dir).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    stack.push(path);
                } else {
                    let modified = std::fs::metadata(&path).unwrap().modified().unwrap();
                    out.insert(path.clone(), (std::fs::read(&path).unwrap(), modified));
                }
            }
        }
        out
    }

    fn read(root: &Path, file: &str) -> String {
        std::fs::read_to_string(root.join(file)).unwrap()
    }

    #[test]
    fn a_regeneration_bumps_the_version_by_what_changed_and_writes_only_what_changed() {
        let dir = scratch();
        let root = dir.path();
        let verifik = Some("verifik");
        assert_eq!(generate(root, true, verifik), ExitCode::SUCCESS);
        let before = snapshot(root);

        // An optional response field: additive, a patch before 1.0.
        edit_spec(root, |doc| {
            doc["components"]["schemas"]["DocumentLiveness"]["properties"]["reviewedAt"] =
                serde_json::json!({"type": "string"});
        });
        assert_eq!(
            generate(root, true, verifik),
            ExitCode::FAILURE,
            "--check passed with a changed spec and the old version"
        );
        assert_eq!(generate(root, false, verifik), ExitCode::SUCCESS);
        assert!(read(root, "crates/verifik/Cargo.toml").contains("\nversion = \"0.1.1\"\n"));
        assert!(
            read(root, "Cargo.toml")
                .contains("liveness-verifik = { path = \"crates/verifik\", version = \"0.1.1\"")
        );
        let changelog = read(root, "crates/verifik/CHANGELOG.md");
        let newest = changelog.split("\n## ").nth(1).unwrap();
        assert!(newest.starts_with("0.1.1 "), "{changelog}");
        assert!(
            newest.contains("- Additive: optional field `DocumentLiveness.reviewedAt` added."),
            "{newest}"
        );
        assert!(newest.contains(&release::sha256(&read(root, "specs/verifik.yaml"))));
        let after = snapshot(root);
        let rewritten: Vec<String> = after
            .iter()
            .filter(|(path, file)| before.get(*path) != Some(file))
            .map(|(path, _)| path.strip_prefix(root).unwrap().display().to_string())
            .collect();
        assert_eq!(
            rewritten,
            [
                "Cargo.toml",
                "crates/verifik/CHANGELOG.md",
                "crates/verifik/Cargo.toml",
                "crates/verifik/openapi.yaml",
                "crates/verifik/src/lib.rs",
                "specs/verifik.yaml",
            ]
        );
        assert_eq!(generate(root, true, verifik), ExitCode::SUCCESS);
        // Nothing more to do: a second run writes nothing.
        assert_eq!(generate(root, false, verifik), ExitCode::SUCCESS);
        assert_eq!(snapshot(root), after);

        // A field removed: breaking, the minor before 1.0.
        edit_spec(root, |doc| {
            let fields = &mut doc["components"]["schemas"]["DocumentLiveness"]["properties"];
            fields.as_object_mut().unwrap().remove("reviewedAt");
        });
        assert_eq!(generate(root, false, verifik), ExitCode::SUCCESS);
        assert!(read(root, "crates/verifik/Cargo.toml").contains("\nversion = \"0.2.0\"\n"));
        let changelog = read(root, "crates/verifik/CHANGELOG.md");
        let versions: Vec<&str> = changelog
            .split("\n## ")
            .skip(1)
            .map(|e| e.split(' ').next().unwrap())
            .collect();
        assert_eq!(versions, ["0.2.0", "0.1.1", "0.1.0"]);
        assert!(changelog.contains("- Breaking: field `DocumentLiveness.reviewedAt` removed."));
    }

    #[test]
    fn check_holds_the_changelog_to_the_version_and_the_spec() {
        let dir = scratch();
        let root = dir.path();
        let path = root.join("crates/verifik/CHANGELOG.md");
        let changelog = read(root, "crates/verifik/CHANGELOG.md");
        let sha = release::sha256(&read(root, "specs/verifik.yaml"));
        for (case, edited) in [
            ("another spec", changelog.replacen(&sha, &"0".repeat(64), 1)),
            (
                "another version",
                changelog.replacen("\n## 0.1.0 (", "\n## 0.0.9 (", 1),
            ),
        ] {
            assert_ne!(edited, changelog, "{case}");
            std::fs::write(&path, &edited).unwrap();
            let plan = release::plan(root, vendors::Vendor::Verifik, true).unwrap();
            assert_eq!(plan.problems.len(), 1, "{case}: {:?}", plan.problems);
            assert!(plan.problems[0].contains("newest entry"), "{case}");
            assert_eq!(
                generate(root, true, Some("verifik")),
                ExitCode::FAILURE,
                "{case}"
            );
        }
        // A changed spec is one problem, not two: the changelog cannot name it yet.
        std::fs::write(&path, &changelog).unwrap();
        edit_spec(root, |doc| doc["info"]["description"] = "Changed.".into());
        let plan = release::plan(root, vendors::Vendor::Verifik, true).unwrap();
        assert_eq!(plan.problems.len(), 1, "{:?}", plan.problems);
        assert!(
            plan.problems[0].contains("differs from the spec"),
            "{:?}",
            plan.problems
        );
    }

    /// Runs `generate` for Verifik in `root`, expects it to fail leaving every file as it was,
    /// and returns why (from the plan it could not make).
    fn refused_writing_nothing(root: &Path) -> String {
        let before = snapshot(root);
        assert_eq!(generate(root, false, Some("verifik")), ExitCode::FAILURE);
        assert_eq!(snapshot(root), before);
        release::plan(root, vendors::Vendor::Verifik, false)
            .err()
            .expect("refused")
    }

    #[test]
    fn a_released_crate_without_its_spec_is_not_guessed_at() {
        let dir = scratch();
        let root = dir.path();
        std::fs::remove_file(root.join("crates/verifik/openapi.yaml")).unwrap();
        let error = refused_writing_nothing(root);
        assert!(error.contains("openapi.yaml is missing"), "{error}");
        // A crate never generated (no changelog either) starts at its version, 0.1.0.
        std::fs::remove_file(root.join("crates/verifik/CHANGELOG.md")).unwrap();
        std::fs::remove_file(root.join("crates/verifik/Cargo.toml")).unwrap();
        assert_eq!(generate(root, false, Some("verifik")), ExitCode::SUCCESS);
        let changelog = read(root, "crates/verifik/CHANGELOG.md");
        assert!(changelog.contains("\n## 0.1.0 ("), "{changelog}");
        assert!(changelog.contains("First version."), "{changelog}");
        assert_eq!(generate(root, true, Some("verifik")), ExitCode::SUCCESS);
    }

    #[test]
    fn a_spec_whose_example_does_not_validate_writes_nothing() {
        let dir = scratch();
        let root = dir.path();
        edit_spec(root, |doc| {
            // An additive change that would otherwise be written, and a broken example.
            doc["components"]["schemas"]["DocumentLiveness"]["properties"]["reviewedAt"] =
                serde_json::json!({"type": "string"});
            let example = &mut doc["paths"]["/v2/document-liveness"]["post"]["responses"]["200"]["content"]
                ["application/json"]["examples"]["success"]["value"];
            example["data"]["chargesCount"] = "three".into();
        });
        let error = refused_writing_nothing(root);
        assert!(
            error.contains("verifik CreateDocumentLiveness response 200 example \"success\"")
                && error.contains("/data/chargesCount"),
            "{error}"
        );
    }
}
