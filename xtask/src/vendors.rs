//! The vendors this workspace generates a client crate for.

/// One vendor: its spec is `specs/<name>.yaml`, its crate `crates/<name>/`.
pub struct Vendor {
    /// File stem of the spec and directory name of the crate.
    pub name: &'static str,
    /// Cargo package name of the generated crate.
    pub package: &'static str,
}

pub const VENDORS: &[Vendor] = &[
    Vendor {
        name: "tencent-faceid",
        package: "liveness-tencent-faceid",
    },
    Vendor {
        name: "trustdecision",
        package: "liveness-trustdecision",
    },
    Vendor {
        name: "talentomobile",
        package: "liveness-talentomobile",
    },
    Vendor {
        name: "verifik",
        package: "liveness-verifik",
    },
];

/// All vendors, or the one named.
pub fn select(name: Option<&str>) -> Result<Vec<&'static Vendor>, String> {
    match name {
        None => Ok(VENDORS.iter().collect()),
        Some(name) => VENDORS
            .iter()
            .find(|v| v.name == name)
            .map(|v| vec![v])
            .ok_or_else(|| {
                let known: Vec<_> = VENDORS.iter().map(|v| v.name).collect();
                format!("unknown vendor `{name}` (known: {})", known.join(", "))
            }),
    }
}
