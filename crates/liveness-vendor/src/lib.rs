//! The registry of vendors: one [`Vendor`] type, used by the `liveness` facade (which
//! re-exports it), the mock, the CLI, the tests and the code generator, with its slug, product
//! name, spec and crate names, and parsing from text. No dependencies unless the `serde` or
//! `schemars` feature asks for them, so the code generator can use it before any client exists.

#![deny(missing_docs)]

// The README's Rust blocks are compiled as doctests, so they stay true to the API.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;

use std::fmt;
use std::str::FromStr;

/// A vendor this crate supports (whether or not its feature is enabled).
///
/// Deliberately not `#[non_exhaustive]`: a new vendor is a new variant that code matching on
/// vendors should have to handle, and the mock and the CLI match on every vendor.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "lowercase"))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "schemars", schemars(rename_all = "lowercase"))]
pub enum Vendor {
    /// Tencent Cloud FaceID.
    Tencent,
    /// TrustDecision liveness.
    TrustDecision,
    /// Talentomobile VideoFace Plus.
    Talentomobile,
    /// Verifik document liveness.
    Verifik,
}

impl Vendor {
    /// Every vendor, in the order the docs list them.
    pub const ALL: [Vendor; 4] = [
        Vendor::Tencent,
        Vendor::TrustDecision,
        Vendor::Talentomobile,
        Vendor::Verifik,
    ];

    /// The slug: lower case, as used in flags, logs, spans, JSON and the mock's admin API.
    pub fn as_str(self) -> &'static str {
        self.facts().slug
    }

    /// The product's name, as the vendor writes it (for people: reports, help).
    pub fn product_name(self) -> &'static str {
        self.facts().product_name
    }

    /// The stem of its spec (`specs/<stem>.yaml`) and of its generated crate's folder
    /// (`crates/<stem>/`): the slug, except Tencent's `tencent-faceid`.
    pub fn spec_name(self) -> &'static str {
        self.facts().spec_name
    }

    /// The Cargo package of its generated client (`liveness-<spec name>`).
    pub fn package(self) -> &'static str {
        self.facts().package
    }

    /// What to check when the vendor answers 401 or 403: the variables holding its
    /// credentials.
    pub fn credential_hint(self) -> &'static str {
        self.facts().credential_hint
    }

    /// The registry's one row per vendor.
    fn facts(self) -> &'static Facts {
        match self {
            Vendor::Tencent => &Facts {
                slug: "tencent",
                product_name: "Tencent Cloud FaceID",
                spec_name: "tencent-faceid",
                package: "liveness-tencent-faceid",
                credential_hint: "check TENCENTCLOUD_SECRET_ID and TENCENTCLOUD_SECRET_KEY",
            },
            Vendor::TrustDecision => &Facts {
                slug: "trustdecision",
                product_name: "TrustDecision",
                spec_name: "trustdecision",
                package: "liveness-trustdecision",
                credential_hint: "check TRUSTDECISION_PARTNER_CODE and TRUSTDECISION_PARTNER_KEY",
            },
            Vendor::Talentomobile => &Facts {
                slug: "talentomobile",
                product_name: "Talentomobile VideoFace Plus",
                spec_name: "talentomobile",
                package: "liveness-talentomobile",
                credential_hint: "check TALENTOMOBILE_API_KEY",
            },
            Vendor::Verifik => &Facts {
                slug: "verifik",
                product_name: "Verifik",
                spec_name: "verifik",
                package: "liveness-verifik",
                credential_hint: "check VERIFIK_TOKEN (tokens last about 30 days)",
            },
        }
    }
}

/// What the registry knows of a vendor.
struct Facts {
    slug: &'static str,
    product_name: &'static str,
    spec_name: &'static str,
    package: &'static str,
    credential_hint: &'static str,
}

impl fmt::Display for Vendor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Text that names no vendor; its message lists the slugs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownVendor(String);

impl fmt::Display for UnknownVendor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "unknown vendor {:?}: use ", self.0)?;
        for (i, vendor) in Vendor::ALL.iter().enumerate() {
            let separator = match i {
                0 => "",
                i if i + 1 == Vendor::ALL.len() => " or ",
                _ => ", ",
            };
            write!(f, "{separator}{vendor}")?;
        }
        Ok(())
    }
}

impl std::error::Error for UnknownVendor {}

impl FromStr for Vendor {
    type Err = UnknownVendor;

    /// A slug, in any case, with surrounding whitespace ignored.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let wanted = s.trim();
        Vendor::ALL
            .into_iter()
            .find(|v| v.as_str().eq_ignore_ascii_case(wanted))
            .ok_or_else(|| UnknownVendor(s.to_owned()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_vendor_round_trips_through_its_slug_and_serde() {
        let slugs = ["tencent", "trustdecision", "talentomobile", "verifik"];
        assert_eq!(Vendor::ALL.map(Vendor::as_str), slugs);
        for vendor in Vendor::ALL {
            assert_eq!(vendor.to_string().parse::<Vendor>(), Ok(vendor));
            #[cfg(feature = "serde")]
            assert_eq!(
                serde_json::to_value(vendor).unwrap(),
                serde_json::Value::from(vendor.as_str())
            );
            assert_eq!(vendor.package(), format!("liveness-{}", vendor.spec_name()));
        }
        assert_eq!(" Verifik\n".parse::<Vendor>(), Ok(Vendor::Verifik));
    }

    #[test]
    fn product_names_are_the_vendors_own() {
        assert_eq!(
            Vendor::ALL.map(Vendor::product_name),
            [
                "Tencent Cloud FaceID",
                "TrustDecision",
                "Talentomobile VideoFace Plus",
                "Verifik"
            ]
        );
    }

    #[test]
    fn spec_names_are_the_files_under_specs() {
        assert_eq!(
            Vendor::ALL.map(Vendor::spec_name),
            [
                "tencent-faceid",
                "trustdecision",
                "talentomobile",
                "verifik"
            ]
        );
    }

    #[test]
    fn an_unknown_vendor_is_named_with_the_slugs_to_use() {
        let error = "aws".parse::<Vendor>().unwrap_err();
        assert_eq!(
            error.to_string(),
            "unknown vendor \"aws\": use tencent, trustdecision, talentomobile or verifik"
        );
        assert!("".parse::<Vendor>().is_err());
        assert!("tencent-faceid".parse::<Vendor>().is_err());
    }
}
