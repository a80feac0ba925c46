//! Writing a generated crate to disk, or comparing it with what is there.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use similar::TextDiff;

/// Relative path (with `/`) → content.
pub type Files = BTreeMap<String, String>;

/// Files under `dir` that the generator does not produce (stale or hand-added).
fn extra_files(dir: &Path, files: &Files) -> std::io::Result<Vec<PathBuf>> {
    let mut extra = Vec::new();
    if !dir.exists() {
        return Ok(extra);
    }
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in fs::read_dir(&d)? {
            let path = entry?.path();
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            let rel = path
                .strip_prefix(dir)
                .expect("under dir")
                .to_string_lossy()
                .replace('\\', "/");
            if !files.contains_key(&rel) {
                extra.push(path);
            }
        }
    }
    extra.sort();
    Ok(extra)
}

/// Writes every file that differs and removes files the generator no longer produces.
pub fn write(dir: &Path, files: &Files) -> std::io::Result<usize> {
    let mut changed = 0;
    for (rel, content) in files {
        let path = dir.join(rel);
        if fs::read_to_string(&path).ok().as_deref() == Some(content.as_str()) {
            continue;
        }
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent)?;
        }
        fs::write(&path, content)?;
        changed += 1;
    }
    for path in extra_files(dir, files)? {
        fs::remove_file(&path)?;
        changed += 1;
    }
    Ok(changed)
}

/// Prints a unified diff for every out-of-date file; returns how many there are.
pub fn check(dir: &Path, files: &Files) -> std::io::Result<usize> {
    let mut stale = 0;
    for (rel, want) in files {
        let path = dir.join(rel);
        let have = fs::read_to_string(&path).unwrap_or_default();
        if have == *want {
            continue;
        }
        stale += 1;
        let shown = path.display().to_string();
        let diff = TextDiff::from_lines(&have, want);
        eprint!(
            "{}",
            diff.unified_diff().context_radius(3).header(
                &format!("{shown} (checked in)"),
                &format!("{shown} (generated)")
            )
        );
    }
    for path in extra_files(dir, files)? {
        stale += 1;
        eprintln!(
            "{}: not produced by the generator (remove it or change the xtask)",
            path.display()
        );
    }
    Ok(stale)
}
