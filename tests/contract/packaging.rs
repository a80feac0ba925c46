//! Every crate under `crates/` is ready for crates.io, and the workspace-only packages are not
//! published: the facts `cargo package` and crates.io need, read from the manifests (no `cargo`
//! runs inside `cargo test`; CI runs `cargo package --workspace` itself).
//!
//! The generated crates are held to the same rules as the hand-written ones: their manifests
//! come from the xtask's generator, which must emit the same fields.

use std::path::{Path, PathBuf};

use contract_tests::workspace_root;
use toml_edit::{DocumentMut, Item};

/// The hand-written crates (folder names under `crates/`); the generated ones come from the
/// vendor registry.
const HAND_WRITTEN: [&str; 6] = [
    "liveness",
    "liveness-cli",
    "liveness-mock",
    "liveness-runtime",
    "liveness-spec",
    "liveness-vendor",
];

/// The packages that never go to crates.io (folders under the workspace root).
const WORKSPACE_ONLY: [&str; 3] = ["xtask", "tests", "benches"];

/// The licence every crate is under, and the files that carry it (beside each manifest,
/// byte-identical to the root's).
const LICENSE: &str = "MIT OR Apache-2.0";
const LICENSE_FILES: [&str; 2] = ["LICENSE-MIT", "LICENSE-APACHE"];

/// crates.io's category slugs (its `src/boot/categories.toml`): an unknown one is refused at
/// publish time, long after review.
const CATEGORIES: &[&str] = &[
    "algorithms",
    "api-bindings",
    "asynchronous",
    "authentication",
    "caching",
    "command-line-interface",
    "command-line-utilities",
    "compression",
    "computer-vision",
    "concurrency",
    "config",
    "cryptography",
    "cryptography::cryptocurrencies",
    "data-structures",
    "database",
    "database-implementations",
    "date-and-time",
    "development-tools",
    "development-tools::build-utils",
    "development-tools::cargo-plugins",
    "development-tools::debugging",
    "development-tools::ffi",
    "development-tools::procedural-macro-helpers",
    "development-tools::profiling",
    "development-tools::testing",
    "email",
    "embedded",
    "emulators",
    "encoding",
    "external-ffi-bindings",
    "filesystem",
    "game-development",
    "game-engines",
    "games",
    "graphics",
    "gui",
    "hardware-support",
    "internationalization",
    "localization",
    "mathematics",
    "memory-management",
    "multimedia",
    "multimedia::audio",
    "multimedia::encoding",
    "multimedia::images",
    "multimedia::video",
    "network-programming",
    "no-std",
    "os",
    "os::linux-apis",
    "os::macos-apis",
    "os::unix-apis",
    "os::windows-apis",
    "parser-implementations",
    "parsing",
    "rendering",
    "rendering::data-formats",
    "rendering::engine",
    "rendering::graphics-api",
    "rust-patterns",
    "science",
    "science::robotics",
    "simulation",
    "template-engine",
    "text-editors",
    "text-processing",
    "value-formatting",
    "visualization",
    "wasm",
    "web-programming",
    "web-programming::http-client",
    "web-programming::http-server",
    "web-programming::websocket",
];

fn read_manifest(dir: &Path) -> DocumentMut {
    let path = dir.join("Cargo.toml");
    let text =
        std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", relative(&path)));
    text.parse()
        .unwrap_or_else(|e| panic!("{}: {e}", relative(&path)))
}

/// `path` from the workspace root, for messages (never this machine's absolute path).
fn relative(path: &Path) -> String {
    path.strip_prefix(workspace_root())
        .unwrap_or(path)
        .display()
        .to_string()
}

/// The item at `keys` under `item`, through tables, inline tables and dotted keys alike.
fn lookup<'a>(item: &'a Item, keys: &[&str]) -> Option<&'a Item> {
    keys.iter()
        .try_fold(item, |item, key| item.as_table_like()?.get(key))
}

/// Whether `item` is `{ workspace = true }` (or `x.workspace = true`).
fn inherits(item: &Item) -> bool {
    lookup(item, &["workspace"]).and_then(Item::as_bool) == Some(true)
}

/// Every crate folder under `crates/`.
fn crate_dirs() -> Vec<PathBuf> {
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(workspace_root().join("crates"))
        .expect("crates/")
        .map(|entry| entry.expect("a crates/ entry").path())
        .filter(|dir| dir.join("Cargo.toml").is_file())
        .collect();
    dirs.sort();
    dirs
}

/// A crate's `[package]` field, `None` when absent; a `field.workspace = true` is followed to
/// the root's `[workspace.package]`.
fn package_field<'a>(
    manifest: &'a DocumentMut,
    root: &'a DocumentMut,
    field: &str,
) -> Option<&'a Item> {
    let item = lookup(manifest.as_item(), &["package", field])?;
    if inherits(item) {
        lookup(root.as_item(), &["workspace", "package", field])
    } else {
        Some(item)
    }
}

/// crates.io's rule: at most 20 characters, ASCII, starting with a letter or digit, then
/// letters, digits, `_`, `-` or `+`.
fn valid_keyword(keyword: &str) -> bool {
    let mut chars = keyword.chars();
    keyword.len() <= 20
        && chars.next().is_some_and(|c| c.is_ascii_alphanumeric())
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '+'))
}

/// The strings of an array field, or a problem.
fn strings(item: Option<&Item>) -> Result<Vec<&str>, &'static str> {
    let array = item
        .and_then(Item::as_array)
        .ok_or("missing or not an array")?;
    array
        .iter()
        .map(|v| v.as_str().ok_or("holds a non-string"))
        .collect()
}

/// What keeps the crate in `dir` from being published, one line each.
fn problems(dir: &Path, root: &DocumentMut) -> Vec<String> {
    let manifest = read_manifest(dir);
    let field = |name: &str| package_field(&manifest, root, name);
    let text = |name: &str| {
        field(name)
            .and_then(Item::as_str)
            .filter(|s| !s.trim().is_empty())
    };
    let mut problems = Vec::new();
    let name = text("name").unwrap_or("<no name>").to_owned();

    if field("publish").and_then(Item::as_bool) == Some(false) {
        problems.push("publish = false".to_owned());
    }
    match text("description") {
        None => problems.push("no description".to_owned()),
        Some(d) if d.len() > 1000 => problems.push("description over 1000 bytes".to_owned()),
        Some(_) => {}
    }
    match strings(field("keywords")) {
        Ok(keywords) => {
            if keywords.is_empty() || keywords.len() > 5 {
                problems.push(format!("keywords: {} (1 to 5)", keywords.len()));
            }
            problems.extend(
                keywords
                    .iter()
                    .filter(|k| !valid_keyword(k))
                    .map(|k| format!("keyword {k:?} is not valid on crates.io")),
            );
        }
        Err(why) => problems.push(format!("keywords: {why}")),
    }
    match strings(field("categories")) {
        Ok(categories) => {
            if categories.is_empty() || categories.len() > 5 {
                problems.push(format!("categories: {} (1 to 5)", categories.len()));
            }
            problems.extend(
                categories
                    .iter()
                    .filter(|c| !CATEGORIES.contains(c))
                    .map(|c| format!("category {c:?} is not a crates.io slug")),
            );
        }
        Err(why) => problems.push(format!("categories: {why}")),
    }
    match text("readme") {
        Some(readme) if dir.join(readme).is_file() => {}
        Some(readme) => problems.push(format!("readme {readme:?} does not exist")),
        None => problems.push("no readme".to_owned()),
    }
    let docs = format!("https://docs.rs/{name}");
    if text("documentation") != Some(docs.as_str()) {
        problems.push(format!("documentation is not {docs:?}"));
    }
    if text("rust-version").is_none() {
        problems.push("no rust-version (own or the workspace's)".to_owned());
    }
    if text("license") != Some(LICENSE) {
        problems.push(format!("license is not {LICENSE:?}"));
    }
    let docs_rs = lookup(
        manifest.as_item(),
        &["package", "metadata", "docs", "rs", "all-features"],
    );
    if docs_rs.and_then(Item::as_bool) != Some(true) {
        problems.push("no [package.metadata.docs.rs] all-features = true".to_owned());
    }
    for file in LICENSE_FILES {
        let root_copy = std::fs::read(workspace_root().join(file)).expect("the root licence");
        match std::fs::read(dir.join(file)) {
            Ok(copy) if copy == root_copy => {}
            Ok(_) => problems.push(format!("{file} differs from the root's")),
            Err(_) => problems.push(format!("no {file}")),
        }
    }
    problems.extend(unversioned_path_dependencies(&manifest, root));
    problems
        .into_iter()
        .map(|p| format!("{name} ({}): {p}", relative(dir)))
        .collect()
}

/// Path dependencies without a version: `cargo package` refuses them, since crates.io has no
/// path. Dev-dependencies are exempt (cargo drops an unversioned one from the package).
fn unversioned_path_dependencies(manifest: &DocumentMut, root: &DocumentMut) -> Vec<String> {
    let mut tables: Vec<&Item> = ["dependencies", "build-dependencies"]
        .iter()
        .filter_map(|t| manifest.get(t))
        .collect();
    if let Some(targets) = manifest.get("target").and_then(Item::as_table_like) {
        for (_, target) in targets.iter() {
            tables.extend(
                ["dependencies", "build-dependencies"]
                    .iter()
                    .filter_map(|t| lookup(target, &[t])),
            );
        }
    }
    let mut problems = Vec::new();
    for table in tables.iter().filter_map(|t| t.as_table_like()) {
        for (dependency, spec) in table.iter() {
            let spec = if inherits(spec) {
                match lookup(root.as_item(), &["workspace", "dependencies", dependency]) {
                    Some(spec) => spec,
                    None => continue, // cargo itself refuses a missing workspace dependency
                }
            } else {
                spec
            };
            if lookup(spec, &["path"]).is_some() && lookup(spec, &["version"]).is_none() {
                problems.push(format!("dependency {dependency} has a path but no version"));
            }
        }
    }
    problems
}

#[test]
fn every_crate_under_crates_has_what_crates_io_needs() {
    let root = read_manifest(&workspace_root());
    let dirs = crate_dirs();
    let names: Vec<String> = dirs
        .iter()
        .map(|d| d.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    let generated = liveness::Vendor::ALL.map(liveness::Vendor::spec_name);
    for expected in HAND_WRITTEN.iter().chain(&generated) {
        assert!(
            names.iter().any(|n| n == expected),
            "crates/{expected} is missing: {names:?}"
        );
    }
    let problems: Vec<String> = dirs.iter().flat_map(|d| problems(d, &root)).collect();
    assert!(
        problems.is_empty(),
        "{} problem(s):\n{}",
        problems.len(),
        problems.join("\n")
    );
}

#[test]
fn the_workspace_only_packages_are_never_published() {
    for folder in WORKSPACE_ONLY {
        let manifest = read_manifest(&workspace_root().join(folder));
        let publish = lookup(manifest.as_item(), &["package", "publish"]);
        assert_eq!(
            publish.and_then(Item::as_bool),
            Some(false),
            "{folder}/Cargo.toml: publish = false"
        );
    }
}

#[test]
fn the_checks_catch_what_they_are_for() {
    assert!(valid_keyword("anti-spoofing") && valid_keyword("c++") && valid_keyword("3d"));
    assert!(!valid_keyword("two words") && !valid_keyword("-dash") && !valid_keyword(""));
    assert!(!valid_keyword("twenty-one-characters"));

    let root: DocumentMut = "[workspace.package]\nlicense = \"MIT OR Apache-2.0\"\n\
                             [workspace.dependencies]\nlocal = { path = \"x\" }\n"
        .parse()
        .unwrap();
    let manifest: DocumentMut = "[package]\nname = \"x\"\nlicense.workspace = true\n\
                                 [dependencies]\na = { path = \"a\" }\nb = { path = \"b\", version = \"1\" }\n\
                                 local = { workspace = true }\n\
                                 [dev-dependencies]\nc = { path = \"c\" }\n\
                                 [target.'cfg(unix)'.dependencies]\nd = { path = \"d\" }\n"
        .parse()
        .unwrap();
    assert_eq!(
        package_field(&manifest, &root, "license").and_then(Item::as_str),
        Some(LICENSE),
        "inherited from the workspace"
    );
    let mut unversioned = unversioned_path_dependencies(&manifest, &root);
    unversioned.sort();
    assert_eq!(
        unversioned,
        [
            "dependency a has a path but no version",
            "dependency d has a path but no version",
            "dependency local has a path but no version",
        ]
    );
}

/// The `liveness ...` lines of the ```sh blocks in `text` from `heading` to the next heading of
/// the same level.
fn shell_commands(text: &str, heading: &str) -> Vec<String> {
    let start = text
        .find(heading)
        .unwrap_or_else(|| panic!("no {heading:?}"));
    let end = text[start + 3..]
        .find("\n## ")
        .map_or(text.len(), |i| start + 3 + i);
    let mut in_block = false;
    let mut commands = Vec::new();
    for line in text[start..end].lines().map(str::trim) {
        if line.starts_with("```") {
            in_block = line == "```sh";
        } else if in_block && line.starts_with("liveness ") {
            commands.push(line.to_owned());
        }
    }
    commands
}

/// The CLI crate's tests run the fixture commands of its own README (a packaged crate reads no
/// file outside itself); the workspace README shows the same lines.
#[test]
fn the_workspace_readme_shows_the_cli_readme_s_mock_commands() {
    let read = |path: PathBuf| std::fs::read_to_string(&path).expect("README");
    let root = shell_commands(
        &read(workspace_root().join("README.md")),
        "## Testing your code with the mock",
    );
    let cli = shell_commands(
        &read(workspace_root().join("crates/liveness-cli/README.md")),
        "## Against the mock",
    );
    assert_eq!(cli.len(), 4, "{cli:#?}");
    assert_eq!(root, cli);
}
