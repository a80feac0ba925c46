//! `cargo xtask test`: obtains what the tests need when it is missing (Debian's chromium and
//! redis-server, a Python venv with pinned packages), then runs `cargo test --workspace --locked` with their
//! paths exported, so one command works on a fresh machine where only the package registries
//! are reachable.

use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

/// Installed into the venv, exactly; changing a pin rebuilds the venv.
pub const PINS: &[&str] = &[
    "schemathesis==4.32.5",
    "tencentcloud-sdk-python-intl-en==3.1.193",
];

/// A program the tests run, from a Debian package, whose path they read from a variable.
#[derive(Debug)]
struct DebianTool {
    /// What it is called in messages.
    name: &'static str,
    /// Where the package puts it.
    path: &'static str,
    /// The Debian package.
    package: &'static str,
    /// The variable that can point at another copy, and that the tests read.
    env: &'static str,
}

/// Renders the HTML reports.
const CHROMIUM: DebianTool = DebianTool {
    name: "chromium",
    path: "/usr/bin/chromium",
    package: "chromium",
    env: "LIVENESS_CHROMIUM",
};

/// The shared rate limit's tests start their own.
const REDIS_SERVER: DebianTool = DebianTool {
    name: "redis-server",
    path: "/usr/bin/redis-server",
    package: "redis-server",
    env: "LIVENESS_REDIS_SERVER",
};

/// Beside the venv's interpreter: the pins the venv was built with.
const STAMP: &str = "liveness-tools.pins";

/// The tools' paths, as the tests read them from the environment.
pub struct Tools {
    chromium: PathBuf,
    redis_server: PathBuf,
    python: PathBuf,
    schemathesis: PathBuf,
}

impl Tools {
    /// The variables `cargo xtask test` sets for the test run.
    pub fn env(&self) -> [(&'static str, &Path); 4] {
        [
            (CHROMIUM.env, &self.chromium),
            (REDIS_SERVER.env, &self.redis_server),
            ("LIVENESS_SCHEMATHESIS", &self.schemathesis),
            ("LIVENESS_TOOLS_PYTHON", &self.python),
        ]
    }
}

fn step(message: &str) {
    println!("==> {message}");
}

/// Runs `command`, echoing it first; an error names it and its exit status.
fn run(command: &mut Command) -> Result<(), String> {
    let shown = shown(command);
    println!("    $ {shown}");
    let status = command
        .status()
        .map_err(|e| format!("cannot run `{shown}`: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("`{shown}` failed ({status})"))
    }
}

fn shown(command: &Command) -> String {
    std::iter::once(command.get_program())
        .chain(command.get_args())
        .map(OsStr::to_string_lossy)
        .collect::<Vec<_>>()
        .join(" ")
}

/// apt-get, run at most one `update` per invocation, and only as root.
struct Apt {
    root: bool,
    updated: bool,
}

impl Apt {
    fn new() -> Self {
        // `id -u` rather than a libc binding: xtask keeps its dependencies few.
        let root = Command::new("id")
            .arg("-u")
            .output()
            .is_ok_and(|out| String::from_utf8_lossy(&out.stdout).trim() == "0");
        let apt = Path::new("/usr/bin/apt-get").exists();
        Self {
            root: root && apt,
            updated: false,
        }
    }

    fn install(&mut self, packages: &[&str]) -> Result<(), String> {
        if !self.root {
            return Err("not root or no apt-get".into());
        }
        if !self.updated {
            run(Command::new("apt-get")
                .arg("update")
                .env("DEBIAN_FRONTEND", "noninteractive"))?;
            self.updated = true;
        }
        run(Command::new("apt-get")
            .args(["install", "-y"])
            .args(packages)
            .env("DEBIAN_FRONTEND", "noninteractive"))
    }
}

/// What to do about a Debian tool.
#[derive(Debug, PartialEq)]
enum ToolPlan {
    Use(PathBuf),
    Install,
    Fail(String),
}

fn tool_plan(
    tool: &DebianTool,
    preset: Option<PathBuf>,
    installed: bool,
    can_install: bool,
) -> ToolPlan {
    let DebianTool {
        name,
        path,
        package,
        env,
    } = tool;
    match preset {
        Some(preset) if preset.is_file() => return ToolPlan::Use(preset),
        Some(preset) => {
            return ToolPlan::Fail(format!(
                "{env} is {}, which is not a file; unset it or point it at {name}",
                preset.display()
            ));
        }
        None => {}
    }
    if installed {
        ToolPlan::Use(PathBuf::from(path))
    } else if can_install {
        ToolPlan::Install
    } else {
        ToolPlan::Fail(format!(
            "the tests need {name} and {path} is missing; this is not a root shell with \
             apt-get, so install it yourself (`sudo apt-get install {package}` on Debian) or \
             set {env} to its path"
        ))
    }
}

/// `tool`'s path: the one its variable names, the installed one, or one installed now.
fn debian_tool(tool: &DebianTool, apt: &mut Apt) -> Result<PathBuf, String> {
    let preset = std::env::var_os(tool.env)
        .filter(|v| !v.is_empty())
        .map(PathBuf::from);
    match tool_plan(tool, preset, Path::new(tool.path).is_file(), apt.root) {
        ToolPlan::Use(path) => {
            step(&format!("{}: {} (present)", tool.name, path.display()));
            Ok(path)
        }
        ToolPlan::Install => {
            step(&format!(
                "{}: {} is missing; installing Debian's {}",
                tool.name, tool.path, tool.package
            ));
            apt.install(&[tool.package])?;
            if !Path::new(tool.path).is_file() {
                return Err(format!(
                    "apt-get installed {} but {} is missing",
                    tool.package, tool.path
                ));
            }
            Ok(PathBuf::from(tool.path))
        }
        ToolPlan::Fail(message) => Err(message),
    }
}

/// The stamp's content for `pins`: one per line, so a changed or added pin never matches.
fn stamp_text(pins: &[&str]) -> String {
    pins.iter().map(|p| format!("{p}\n")).collect()
}

/// `bin/` (or `Scripts\` on Windows) of the venv at `venv`, and an executable's name there.
fn venv_executable(venv: &Path, name: &str) -> PathBuf {
    if cfg!(windows) {
        venv.join("Scripts").join(format!("{name}.exe"))
    } else {
        venv.join("bin").join(name)
    }
}

/// Whether the venv at `venv` was built with exactly `pins` and still has its executables.
fn venv_is_current(venv: &Path, pins: &[&str]) -> bool {
    let stamp = std::fs::read_to_string(venv.join(STAMP)).ok();
    stamp.as_deref() == Some(stamp_text(pins).as_str())
        && venv_executable(venv, "python").is_file()
        && venv_executable(venv, "schemathesis").is_file()
}

fn python_venv(venv: &Path, apt: &mut Apt) -> Result<(PathBuf, PathBuf), String> {
    let python = venv_executable(venv, "python");
    let schemathesis = venv_executable(venv, "schemathesis");
    if venv_is_current(venv, PINS) {
        step(&format!("python tools: {} (up to date)", venv.display()));
        return Ok((python, schemathesis));
    }
    step(&format!(
        "python tools: creating {} with {}",
        venv.display(),
        PINS.join(" ")
    ));
    // Rebuilt from scratch, so a changed pin leaves no package of the old set behind.
    let create = || {
        run(Command::new("python3")
            .args(["-m", "venv", "--clear"])
            .arg(venv))
    };
    if let Err(first) = create() {
        // Debian's python3 has no `venv`/`ensurepip` without python3-venv.
        if !apt.root {
            return Err(format!(
                "{first}; the tests need Python 3 with venv (`sudo apt-get install python3-venv` \
                 on Debian)"
            ));
        }
        step("python tools: installing python3 and python3-venv");
        apt.install(&["python3", "python3-venv"])?;
        create()?;
    }
    // The stamp goes only after a complete install: an interrupted one is redone next time.
    let _ = std::fs::remove_file(venv.join(STAMP));
    run(Command::new(&python)
        .args([
            "-m",
            "pip",
            "install",
            "--disable-pip-version-check",
            "--progress-bar",
            "off",
        ])
        .args(PINS))?;
    if !schemathesis.is_file() {
        return Err(format!(
            "pip installed {} but {} is missing",
            PINS[0],
            schemathesis.display()
        ));
    }
    std::fs::write(venv.join(STAMP), stamp_text(PINS))
        .map_err(|e| format!("writing {}: {e}", venv.join(STAMP).display()))?;
    Ok((python, schemathesis))
}

/// `target_directory` from `cargo metadata`'s JSON.
fn target_directory(metadata: &[u8]) -> Result<PathBuf, String> {
    let value: serde_json::Value =
        serde_json::from_slice(metadata).map_err(|e| format!("cargo metadata: {e}"))?;
    value
        .get("target_directory")
        .and_then(|v| v.as_str())
        .map(PathBuf::from)
        .ok_or_else(|| "cargo metadata has no target_directory".into())
}

fn cargo() -> std::ffi::OsString {
    // Set by cargo for `cargo xtask`: the same toolchain runs the tests.
    std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into())
}

/// The workspace's target directory: CARGO_TARGET_DIR, else what `cargo metadata` says (a
/// `build.target-dir` in a config file included).
fn target_dir(root: &Path) -> Result<PathBuf, String> {
    if let Some(dir) = std::env::var_os("CARGO_TARGET_DIR").filter(|d| !d.is_empty()) {
        let dir = PathBuf::from(dir);
        return Ok(if dir.is_absolute() {
            dir
        } else {
            root.join(dir)
        });
    }
    let out = Command::new(cargo())
        .args([
            "metadata",
            "--format-version",
            "1",
            "--no-deps",
            "--offline",
        ])
        .current_dir(root)
        .output()
        .map_err(|e| format!("cannot run cargo metadata: {e}"))?;
    if !out.status.success() {
        return Err(format!(
            "cargo metadata failed: {}",
            String::from_utf8_lossy(&out.stderr).trim()
        ));
    }
    target_directory(&out.stdout)
}

/// Obtains every tool the tests need (installing what is missing) and returns their paths.
pub fn provision(root: &Path) -> Result<Tools, String> {
    let mut apt = Apt::new();
    let chromium = debian_tool(&CHROMIUM, &mut apt)?;
    let redis_server = debian_tool(&REDIS_SERVER, &mut apt)?;
    let venv = target_dir(root)?.join("tools").join("venv");
    let (python, schemathesis) = python_venv(&venv, &mut apt)?;
    Ok(Tools {
        chromium,
        redis_server,
        python,
        schemathesis,
    })
}

/// The arguments of the test run: the README's command plus `extra`, as given.
fn test_args(extra: &[String]) -> Vec<String> {
    ["test", "--workspace", "--locked"]
        .into_iter()
        .map(String::from)
        .chain(extra.iter().cloned())
        .collect()
}

/// The exit code to leave with after the test run ended with `code` (`None`: killed by a
/// signal).
fn exit_code(code: Option<i32>) -> u8 {
    match code {
        Some(0) => 0,
        // An exit code outside 1..=255 would wrap to 0 and hide the failure.
        Some(code) => u8::try_from(code).ok().filter(|c| *c != 0).unwrap_or(1),
        None => 1,
    }
}

/// `cargo xtask test [ARGS...]`.
pub fn test(root: &Path, extra: &[String]) -> ExitCode {
    let tools = match provision(root) {
        Ok(tools) => tools,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::FAILURE;
        }
    };
    let mut command = Command::new(cargo());
    command.args(test_args(extra)).current_dir(root);
    for (name, value) in tools.env() {
        command.env(name, value);
        println!("    {name}={}", value.display());
    }
    step("cargo test --workspace --locked");
    println!("    $ {}", shown(&command));
    match command.status() {
        Ok(status) => ExitCode::from(exit_code(status.code())),
        Err(e) => {
            eprintln!("error: cannot run cargo test: {e}");
            ExitCode::FAILURE
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn extra_arguments_follow_the_readme_command() {
        assert_eq!(test_args(&[]), ["test", "--workspace", "--locked"]);
        let extra = [
            "-p".to_string(),
            "xtask".into(),
            "--".into(),
            "--nocapture".into(),
        ];
        assert_eq!(
            test_args(&extra),
            [
                "test",
                "--workspace",
                "--locked",
                "-p",
                "xtask",
                "--",
                "--nocapture"
            ]
        );
    }

    #[test]
    fn the_exit_code_of_the_tests_is_kept_and_never_turns_into_success() {
        assert_eq!(exit_code(Some(0)), 0);
        assert_eq!(exit_code(Some(101)), 101);
        assert_eq!(exit_code(Some(256)), 1);
        assert_eq!(exit_code(Some(-1)), 1);
        assert_eq!(exit_code(None), 1);
    }

    #[test]
    fn the_venv_is_current_only_with_the_same_pins_and_its_executables() {
        let dir = std::env::temp_dir().join(format!("xtask-venv-test-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(venv_executable(&dir, "x").parent().unwrap()).unwrap();
        assert!(!venv_is_current(&dir, PINS), "no stamp");
        std::fs::write(dir.join(STAMP), stamp_text(PINS)).unwrap();
        assert!(!venv_is_current(&dir, PINS), "no executables");
        for name in ["python", "schemathesis"] {
            std::fs::write(venv_executable(&dir, name), "").unwrap();
        }
        assert!(venv_is_current(&dir, PINS));
        assert!(
            !venv_is_current(&dir, &["schemathesis==4.32.6"]),
            "a changed pin"
        );
        assert!(!venv_is_current(&dir, &PINS[..1]), "a dropped pin");
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn debian_tools_are_used_installed_or_explained() {
        for tool in [&CHROMIUM, &REDIS_SERVER] {
            assert_eq!(
                tool_plan(tool, None, true, false),
                ToolPlan::Use(PathBuf::from(tool.path))
            );
            assert_eq!(tool_plan(tool, None, false, true), ToolPlan::Install);
            let ToolPlan::Fail(message) = tool_plan(tool, None, false, false) else {
                panic!("not root: no install");
            };
            assert!(
                message.contains(&format!("apt-get install {}", tool.package)),
                "{message}"
            );
            assert!(message.contains(tool.env), "{message}");
            // A preset that exists wins; one that does not is an error, not silently replaced.
            let this = std::env::current_exe().unwrap();
            assert_eq!(
                tool_plan(tool, Some(this.clone()), false, false),
                ToolPlan::Use(this)
            );
            assert!(matches!(
                tool_plan(tool, Some(PathBuf::from("/nonexistent/tool")), true, true),
                ToolPlan::Fail(_)
            ));
        }
        assert_eq!(REDIS_SERVER.path, "/usr/bin/redis-server");
        assert_eq!(REDIS_SERVER.package, "redis-server");
    }

    #[test]
    fn the_target_directory_comes_from_cargo_metadata() {
        let json = br#"{"packages":[],"target_directory":"/somewhere/target","version":1}"#;
        assert_eq!(
            target_directory(json).unwrap(),
            PathBuf::from("/somewhere/target")
        );
        assert!(target_directory(b"{}").is_err());
    }
}
