//! The vendors this workspace generates a client crate for: the workspace's one registry,
//! `liveness-vendor` (spec `specs/<spec name>.yaml`, crate `crates/<spec name>/`).

pub use liveness_vendor::Vendor;

/// Every name `--vendor` accepts, for messages: `tencent (tencent-faceid), trustdecision, ...`.
pub fn known_names() -> String {
    Vendor::ALL
        .map(|v| match (v.as_str(), v.spec_name()) {
            (slug, spec) if slug == spec => spec.to_owned(),
            (slug, spec) => format!("{slug} ({spec})"),
        })
        .join(", ")
}

/// All vendors, or the one named exactly by its spec name (`tencent-faceid`) or its slug
/// (`tencent`, as the facade's features and the CLI call it).
pub fn select(name: Option<&str>) -> Result<Vec<Vendor>, String> {
    match name {
        None => Ok(Vendor::ALL.to_vec()),
        Some(name) => Vendor::ALL
            .into_iter()
            .find(|v| v.spec_name() == name || v.as_str() == name)
            .map(|v| vec![v])
            .ok_or_else(|| format!("unknown vendor `{name}` (known: {})", known_names())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_and_spec_names_select_the_same_vendor() {
        for (name, expected) in [
            ("tencent", "tencent-faceid"),
            ("tencent-faceid", "tencent-faceid"),
            ("trustdecision", "trustdecision"),
            ("talentomobile", "talentomobile"),
            ("verifik", "verifik"),
        ] {
            let selected = select(Some(name)).unwrap();
            assert_eq!(selected.len(), 1, "{name}");
            assert_eq!(selected[0].spec_name(), expected, "{name}");
        }
        assert_eq!(select(None).unwrap(), Vendor::ALL);
    }

    #[test]
    fn an_unknown_vendor_lists_every_accepted_name() {
        let Err(error) = select(Some("tencent-cloud")) else {
            panic!("an unknown name was accepted");
        };
        for name in ["tencent (tencent-faceid)", "trustdecision", "verifik"] {
            assert!(error.contains(name), "{error}");
        }
        // Near misses are not guessed.
        assert!(select(Some("Tencent")).is_err());
        assert!(select(Some("")).is_err());
    }
}
