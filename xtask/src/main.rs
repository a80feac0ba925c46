//! `cargo xtask generate [--check] [--vendor NAME]`: regenerates `crates/<vendor>/` from
//! `specs/<vendor>.yaml`, or (with `--check`) fails with a diff when a checked-in file is stale.

mod emit;
mod spec;
mod tree;
mod vendors;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

const USAGE: &str = "usage: cargo xtask generate [--check] [--vendor NAME]

  --check         write nothing; exit 1 with a diff if any generated file is out of date
  --vendor NAME   only this vendor (one of: tencent-faceid, trustdecision, talentomobile, verifik)";

struct Args {
    check: bool,
    vendor: Option<String>,
}

fn parse_args(args: &[String]) -> Result<Args, String> {
    let mut it = args.iter();
    match it.next().map(String::as_str) {
        Some("generate") => {}
        Some(other) => return Err(format!("unknown command `{other}`")),
        None => return Err("missing command".into()),
    }
    let mut parsed = Args {
        check: false,
        vendor: None,
    };
    while let Some(arg) = it.next() {
        match arg.as_str() {
            "--check" => parsed.check = true,
            "--vendor" => {
                let name = it.next().ok_or("--vendor needs a name")?;
                parsed.vendor = Some(name.clone());
            }
            other => return Err(format!("unknown argument `{other}`")),
        }
    }
    Ok(parsed)
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
    let args = match parse_args(&args) {
        Ok(args) => args,
        Err(e) => {
            eprintln!("error: {e}\n\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    let selected = match vendors::select(args.vendor.as_deref()) {
        Ok(v) => v,
        Err(e) => {
            eprintln!("error: {e}\n\n{USAGE}");
            return ExitCode::from(2);
        }
    };

    let root = workspace_root();
    let mut stale = 0usize;
    for vendor in selected {
        let files = match emit::vendor_crate(&root, vendor) {
            Ok(files) => files,
            Err(e) => {
                eprintln!("error: generating {}: {e}", vendor.name);
                return ExitCode::FAILURE;
            }
        };
        let dir = root.join("crates").join(vendor.name);
        let result = if args.check {
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
        if !args.check {
            println!("generated crates/{} ({} files)", vendor.name, files.len());
        }
    }

    if args.check && stale > 0 {
        eprintln!(
            "\n{stale} generated file(s) out of date: run `cargo xtask generate` and commit the result"
        );
        return ExitCode::FAILURE;
    }
    if args.check {
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
        let a = parse_args(&strings(&["generate", "--check", "--vendor", "verifik"])).unwrap();
        assert!(a.check);
        assert_eq!(a.vendor.as_deref(), Some("verifik"));
    }

    #[test]
    fn rejects_unknown_arguments() {
        assert!(parse_args(&strings(&["generate", "--frob"])).is_err());
        assert!(parse_args(&strings(&["build"])).is_err());
        assert!(parse_args(&strings(&["generate", "--vendor"])).is_err());
    }
}
