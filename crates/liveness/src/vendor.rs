//! The registry of vendors: one [`Vendor`] type, used by the facade, the mock, the CLI and the
//! tests, with its slug, the stem of its spec, and parsing from text.

use std::fmt;
use std::str::FromStr;

/// A vendor this crate supports (whether or not its feature is enabled).
///
/// Deliberately not `#[non_exhaustive]`: a new vendor is a new variant that code matching on
/// vendors should have to handle, and the mock and the CLI match on every vendor.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    serde::Serialize,
    serde::Deserialize,
    schemars::JsonSchema,
)]
#[serde(rename_all = "lowercase")]
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
        match self {
            Vendor::Tencent => "tencent",
            Vendor::TrustDecision => "trustdecision",
            Vendor::Talentomobile => "talentomobile",
            Vendor::Verifik => "verifik",
        }
    }

    /// The product's name, as the vendor writes it (for people: reports, help).
    pub fn product_name(self) -> &'static str {
        match self {
            Vendor::Tencent => "Tencent Cloud FaceID",
            Vendor::TrustDecision => "TrustDecision",
            Vendor::Talentomobile => "Talentomobile VideoFace Plus",
            Vendor::Verifik => "Verifik",
        }
    }

    /// The stem of its spec (`specs/<stem>.yaml`) and of its generated crate's folder
    /// (`crates/<stem>/`): the slug, except Tencent's `tencent-faceid`.
    pub fn spec_name(self) -> &'static str {
        match self {
            Vendor::Tencent => "tencent-faceid",
            other => other.as_str(),
        }
    }
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
            assert_eq!(
                serde_json::to_value(vendor).unwrap(),
                serde_json::Value::from(vendor.as_str())
            );
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
