//! One vendor's regeneration planned before anything is written: the spec checked, its API
//! compared with the spec the crate was last generated from (the crate's `openapi.yaml`), the
//! version bumped by what changed and a changelog entry written; or, under `--check`, the
//! version and changelog checked against the spec.

use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use crate::apidiff::{self, Change};
use crate::emit::{self, Release};
use crate::tree::Files;
use crate::vendors::Vendor;

/// Everything `generate` writes (or `--check` compares) for one vendor, and what to say about it.
pub struct Plan {
    pub vendor: Vendor,
    pub dir: PathBuf,
    pub files: Files,
    /// The version the crate has now, and the one it gets.
    pub from: String,
    pub to: String,
    /// The spec differs from the one the crate was generated from.
    pub spec_changed: bool,
    pub changes: Vec<Change>,
    /// `--check` only: why the version or changelog disagree with the spec.
    pub problems: Vec<String>,
}

/// Checks a spec before anything is generated from it: it is OpenAPI 3.0.x (as progenitor reads
/// it) and every example matches its schema. The error names each failing example and field.
pub fn validate(vendor: Vendor, text: &str) -> Result<(), String> {
    let name = vendor.spec_name();
    crate::spec::load(text).map_err(|e| format!("specs/{name}.yaml: {e}"))?;
    let spec = liveness_spec::Spec::parse(text).map_err(|e| format!("specs/{name}.yaml: {e}"))?;
    let mut failures = Vec::new();
    for example in spec.examples() {
        let place = example.describe(name);
        match spec.violations(&example.schema, &example.value) {
            Ok(violations) => failures.extend(violations.iter().map(|v| format!("{place}: {v}"))),
            Err(e) => failures.push(format!("{place}: {e}")),
        }
    }
    if failures.is_empty() {
        return Ok(());
    }
    Err(format!(
        "specs/{name}.yaml: {} example violation(s), nothing written:\n  {}",
        failures.len(),
        failures.join("\n  ")
    ))
}

pub fn sha256(text: &str) -> String {
    hex::encode(Sha256::digest(text.as_bytes()))
}

/// The `version` of a generated `Cargo.toml`'s `[package]`.
fn manifest_version(manifest: &str) -> Option<String> {
    let package = manifest.split("\n[").find(|s| s.starts_with("package]"))?;
    package.lines().find_map(|line| {
        let value = line.strip_prefix("version = ")?;
        Some(value.trim().trim_matches('"').to_owned())
    })
}

const CHANGELOG_HEAD: &str = "# Changelog\n\n\
    Every version of this crate, newest first, written by `cargo xtask generate` from the API \
    changes between the spec it was generated from and the one before. Breaking changes bump \
    the minor version before 1.0; anything else the patch.\n";

/// Today (UTC) as `YYYY-MM-DD`, from the system clock (no date crate for one line).
fn today() -> String {
    civil_date(days_since_epoch(std::time::SystemTime::now()))
}

/// Whole days from 1970-01-01 to `time` (0 for a clock set before it).
fn days_since_epoch(time: std::time::SystemTime) -> i64 {
    let secs = time
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    (secs / 86_400) as i64
}

/// The calendar date `days` after 1970-01-01 (Howard Hinnant's `civil_from_days`).
fn civil_date(days: i64) -> String {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02}")
}

/// A changelog entry for `version`, generated from a spec with digest `sha`.
fn entry(vendor: Vendor, version: &str, sha: &str, changes: Option<&[Change]>) -> String {
    let mut out = format!(
        "## {version} ({})\n\nSpec: `specs/{}.yaml`, sha256 `{sha}`.\n\n",
        today(),
        vendor.spec_name()
    );
    match changes {
        None => out.push_str("First version.\n"),
        Some([]) => out.push_str("No API change: descriptions or examples only.\n"),
        Some(changes) => {
            for change in changes {
                let (kind, what) = match change.impact {
                    apidiff::Impact::Breaking => ("Breaking", &change.what),
                    apidiff::Impact::Additive => ("Additive", &change.what),
                };
                out.push_str(&format!("- {kind}: {what}.\n"));
            }
        }
    }
    out
}

/// `changelog` with `entry` as its newest entry.
fn prepend(changelog: Option<&str>, entry: &str) -> String {
    let existing = changelog.unwrap_or(CHANGELOG_HEAD);
    match existing.find("\n## ") {
        Some(at) => format!("{}{entry}\n{}", &existing[..at + 1], &existing[at + 1..]),
        None => format!(
            "{}\n{entry}",
            existing.trim_end_matches('\n').to_owned() + "\n"
        ),
    }
}

/// The newest entry's version and text.
fn newest_entry(changelog: &str) -> Option<(&str, &str)> {
    let start = changelog.find("\n## ")? + 4;
    let rest = &changelog[start..];
    let end = rest.find("\n## ").unwrap_or(rest.len());
    let version = rest.split_whitespace().next()?;
    Some((version, &rest[..end]))
}

fn read(path: &Path) -> Option<String> {
    std::fs::read_to_string(path).ok()
}

pub fn plan(root: &Path, vendor: Vendor, check: bool) -> Result<Plan, String> {
    let name = vendor.spec_name();
    let text = std::fs::read_to_string(root.join("specs").join(format!("{name}.yaml")))
        .map_err(|e| format!("reading specs/{name}.yaml: {e}"))?;
    validate(vendor, &text)?;
    let sha = sha256(&text);
    let dir = root.join("crates").join(name);
    let previous = read(&dir.join("openapi.yaml"));
    let changelog = read(&dir.join("CHANGELOG.md"));
    let from = read(&dir.join("Cargo.toml"))
        .and_then(|m| manifest_version(&m))
        .unwrap_or_else(|| "0.1.0".to_owned());
    let spec_changed = previous.as_deref() != Some(text.as_str());

    let mut problems = Vec::new();
    let mut changes = Vec::new();
    let (to, changelog) = if check || !spec_changed {
        if spec_changed {
            problems.push(format!(
                "specs/{name}.yaml differs from the spec crates/{name} was generated from, and \
                 its version ({from}) and CHANGELOG.md do not say so: run `cargo xtask generate`"
            ));
        }
        let changelog =
            changelog.unwrap_or_else(|| prepend(None, &entry(vendor, &from, &sha, None)));
        match newest_entry(&changelog) {
            Some((version, body)) if version == from && body.contains(&sha) => {}
            _ if spec_changed => {}
            _ => problems.push(format!(
                "crates/{name}/CHANGELOG.md: the newest entry is not for version {from} and the \
                 spec's sha256 {sha}; the generator writes it: restore the file \
                 (`git checkout crates/{name}/CHANGELOG.md`)"
            )),
        }
        (from.clone(), changelog)
    } else if let Some(previous) = previous {
        let old = liveness_spec::Spec::parse(&previous)
            .map_err(|e| format!("crates/{name}/openapi.yaml: {e}"))?;
        let new = liveness_spec::Spec::parse(&text)?;
        changes = apidiff::diff(&old, &new);
        let to = apidiff::bump(&from, apidiff::overall(&changes))?;
        let changelog = prepend(
            changelog.as_deref(),
            &entry(vendor, &to, &sha, Some(&changes)),
        );
        (to, changelog)
    } else if changelog.is_some() {
        // Released before, but the spec it was generated from is gone: what changed since
        // cannot be told, so no version can be chosen.
        return Err(format!(
            "crates/{name}/openapi.yaml is missing, so what changed since version {from} cannot \
             be told: restore it (`git checkout crates/{name}/openapi.yaml`) and run again"
        ));
    } else {
        // A crate generated for the first time: its version stands and its changelog starts.
        (
            from.clone(),
            prepend(None, &entry(vendor, &from, &sha, None)),
        )
    };
    let release = Release {
        version: to.clone(),
        changelog,
    };
    let files = emit::vendor_crate(root, vendor, &text, &release)
        .map_err(|e| format!("generating {name}: {e}"))?;
    Ok(Plan {
        vendor,
        dir,
        files,
        from,
        to,
        spec_changed,
        changes,
        problems,
    })
}

/// The root `Cargo.toml` with `[workspace.dependencies]`'s requirement on `package` set to
/// `version` (the facade and the mock depend on the generated crates through it), or an error
/// when there is no such line. Returns the text unchanged when it already matches.
pub fn set_requirement(manifest: &str, package: &str, version: &str) -> Result<String, String> {
    let prefix = format!("{package} = {{");
    let mut found = false;
    let lines: Vec<String> = manifest
        .lines()
        .map(|line| {
            if !line.starts_with(&prefix) {
                return line.to_owned();
            }
            found = true;
            let Some(at) = line.find("version = \"") else {
                return line.to_owned();
            };
            let start = at + "version = \"".len();
            let end = line[start..].find('"').map_or(line.len(), |e| start + e);
            format!("{}{version}{}", &line[..start], &line[end..])
        })
        .collect();
    if !found
        || !lines
            .iter()
            .any(|l| l.starts_with(&prefix) && l.contains(&format!("version = \"{version}\"")))
    {
        return Err(format!(
            "the root Cargo.toml has no `{package} = {{ path = ..., version = \"...\" }}` line in \
             [workspace.dependencies]"
        ));
    }
    let mut out = lines.join("\n");
    if manifest.ends_with('\n') {
        out.push('\n');
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn change(impact: apidiff::Impact, what: &str) -> Change {
        Change {
            impact,
            what: what.into(),
        }
    }

    #[test]
    fn the_package_version_is_read_from_its_section_only() {
        let manifest = "# header\n\n[package]\nname = \"x\"\nversion = \"0.3.1\"\n\n\
                        [dependencies]\ny = { version = \"1\" }\n";
        assert_eq!(manifest_version(manifest).as_deref(), Some("0.3.1"));
        assert_eq!(manifest_version("[dependencies]\nversion = \"1\"\n"), None);
    }

    #[test]
    fn entries_are_prepended_newest_first_under_the_heading() {
        let sha = "ab".repeat(32);
        let first = prepend(None, &entry(Vendor::Verifik, "0.1.0", &sha, None));
        assert!(first.starts_with(CHANGELOG_HEAD), "{first}");
        let second = prepend(
            Some(&first),
            &entry(
                Vendor::Verifik,
                "0.2.0",
                &"cd".repeat(32),
                Some(&[change(apidiff::Impact::Breaking, "field `A.b` removed")]),
            ),
        );
        // One blank line between the heading and each entry.
        assert!(
            second.contains(".\n\n## 0.2.0 (") && second.contains("removed.\n\n## 0.1.0 ("),
            "{second}"
        );
        assert!(!second.contains("\n\n\n"), "{second}");
        let at_two = second.find("## 0.2.0").unwrap();
        let at_one = second.find("## 0.1.0").unwrap();
        assert!(
            second.starts_with(CHANGELOG_HEAD) && at_two < at_one,
            "{second}"
        );
        assert!(
            second.contains("- Breaking: field `A.b` removed.\n"),
            "{second}"
        );
        let (version, body) = newest_entry(&second).unwrap();
        assert_eq!(version, "0.2.0");
        assert!(
            body.contains(&"cd".repeat(32)) && !body.contains(&sha),
            "{body}"
        );
    }

    #[test]
    fn days_become_calendar_dates() {
        for (days, date) in [
            (0, "1970-01-01"),
            (59, "1970-03-01"),
            (11_016, "2000-02-29"),
            (-1, "1969-12-31"),
            (20_425, "2025-12-03"),
            (47_482, "2100-01-01"),
        ] {
            assert_eq!(civil_date(days), date, "{days}");
        }
    }

    #[test]
    fn the_digest_is_the_spec_s_sha256_in_hex() {
        assert_eq!(
            sha256("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }

    #[test]
    fn a_time_is_counted_in_whole_days_since_the_epoch() {
        let at = |secs| std::time::UNIX_EPOCH + std::time::Duration::from_secs(secs);
        assert_eq!(days_since_epoch(at(20_425 * 86_400 + 39_000)), 20_425);
        assert_eq!(days_since_epoch(at(86_399)), 0);
        assert_eq!(days_since_epoch(at(86_400)), 1);
    }

    #[test]
    fn today_is_a_calendar_date() {
        let date = today();
        assert_eq!(date.len(), 10, "{date}");
        assert!(
            date.starts_with("20") && date.as_bytes()[4] == b'-',
            "{date}"
        );
    }

    #[test]
    fn the_workspace_requirement_follows_the_crate_version() {
        let manifest = "[workspace.dependencies]\nserde = \"1\"\n\
            liveness-verifik = { path = \"crates/verifik\", version = \"0.1.0\", default-features = false }\n";
        let bumped = set_requirement(manifest, "liveness-verifik", "0.2.0").unwrap();
        assert_eq!(bumped, manifest.replace("\"0.1.0\"", "\"0.2.0\""));
        assert_eq!(
            set_requirement(manifest, "liveness-verifik", "0.1.0").unwrap(),
            manifest
        );
        assert!(set_requirement(manifest, "liveness-tencent-faceid", "0.2.0").is_err());
        // A requirement without a version cannot follow the crate, even if another line
        // happens to name that version.
        let unversioned = "[workspace.dependencies]\nother = { version = \"0.2.0\" }\n\
            liveness-verifik = { path = \"crates/verifik\" }\n";
        assert!(set_requirement(unversioned, "liveness-verifik", "0.2.0").is_err());
    }

    #[test]
    fn an_example_that_does_not_match_its_schema_is_named_with_its_field() {
        let text = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /r:\n    get:\n      \
            operationId: GetR\n      x-idempotent: true\n      responses:\n        '200':\n          \
            description: ok\n          content:\n            application/json:\n              \
            schema: {type: object, properties: {score: {type: number}}}\n              \
            examples: {success: {value: {score: high}}}\n";
        let error = validate(Vendor::Verifik, text).unwrap_err();
        assert!(
            error.contains("verifik GetR response 200 example \"success\"")
                && error.contains("/score"),
            "{error}"
        );
        assert!(validate(Vendor::Verifik, &text.replace("high", "0.5")).is_ok());
        let error = validate(Vendor::Verifik, &text.replace("3.0.3", "3.1.0")).unwrap_err();
        assert!(error.contains("only 3.0.x"), "{error}");
    }
}
