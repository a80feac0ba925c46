//! The vendors this workspace generates a client crate for.

/// One vendor: its spec is `specs/<name>.yaml`, its crate `crates/<name>/`.
pub struct Vendor {
    /// File stem of the spec and directory name of the crate.
    pub name: &'static str,
    /// Cargo package name of the generated crate.
    pub package: &'static str,
    /// The short name the facade's feature and the CLI's subcommand use, when it differs.
    pub short: Option<&'static str>,
}

pub const VENDORS: &[Vendor] = &[
    Vendor {
        name: "tencent-faceid",
        package: "liveness-tencent-faceid",
        short: Some("tencent"),
    },
    Vendor {
        name: "trustdecision",
        package: "liveness-trustdecision",
        short: None,
    },
    Vendor {
        name: "talentomobile",
        package: "liveness-talentomobile",
        short: None,
    },
    Vendor {
        name: "verifik",
        package: "liveness-verifik",
        short: None,
    },
];

/// Every name `--vendor` accepts, for messages: `tencent (tencent-faceid), trustdecision, ...`.
pub fn known_names() -> String {
    VENDORS
        .iter()
        .map(|v| match v.short {
            Some(short) => format!("{short} ({})", v.name),
            None => v.name.to_owned(),
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// All vendors, or the one named by its spec name (`tencent-faceid`) or its short name
/// (`tencent`, as the facade's features and the CLI call it).
pub fn select(name: Option<&str>) -> Result<Vec<&'static Vendor>, String> {
    match name {
        None => Ok(VENDORS.iter().collect()),
        Some(name) => VENDORS
            .iter()
            .find(|v| v.name == name || v.short == Some(name))
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
            assert_eq!(selected[0].name, expected, "{name}");
        }
        assert_eq!(select(None).unwrap().len(), VENDORS.len());
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
