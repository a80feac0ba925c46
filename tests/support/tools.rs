//! Tools from outside Cargo that some contract tests run (the official Tencent SDK in a Python
//! virtual environment, schemathesis, chromium). `cargo xtask test` installs them, pinned; a
//! test that needs one and does not find it fails, naming that command: it never skips.

use std::path::PathBuf;

/// The target directory this test binary was built into (`<target>/debug/deps/<binary>`), so
/// `CARGO_TARGET_DIR` is honoured without reading it.
pub fn target_dir() -> PathBuf {
    let exe = std::env::current_exe().expect("the test binary's path");
    exe.ancestors()
        .nth(3)
        .expect("<target>/<profile>/deps/<binary>")
        .to_path_buf()
}

/// `LIVENESS_TOOLS_PYTHON`, else the venv `cargo xtask test` makes under the target directory.
/// Panics with the command to run when it is absent.
pub fn python() -> PathBuf {
    let python = std::env::var_os("LIVENESS_TOOLS_PYTHON")
        .map(PathBuf::from)
        .unwrap_or_else(|| target_dir().join("tools/venv/bin/python"));
    assert!(
        python.exists(),
        "{} is missing: run `cargo xtask test`, which installs the pinned Python tools",
        python.display()
    );
    python
}
