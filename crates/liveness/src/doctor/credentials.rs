//! The first stage: each credential's source and the paste errors that make a first call fail
//! (a newline, surrounding spaces, quotes, an empty value, a prefix the vendor documents and
//! the value lacks or repeats), and Tencent's region. Values are never shown.

use super::{Check, Doctor, Found, Stage, Status};
use crate::Vendor;
#[cfg(feature = "tencent")]
use crate::tencent::{REGION_ENV, REGIONS as TENCENT_REGIONS};

/// What a variable holds, so that the right shape is expected of it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(not(all(feature = "tencent", feature = "verifik")), allow(dead_code))]
enum Shape {
    /// Any non-empty text: an identifier.
    Any,
    /// A secret: the clients refuse one shorter than 8 characters (it would mangle every
    /// message it is masked in, and cannot be a real one).
    Secret,
    /// Tencent's SecretId: the signing guide's example starts with `AKID`.
    SecretId,
    /// Verifik's token: a JWT sent as `Bearer <JWT>`, the client adding `Bearer `.
    Jwt,
}

/// One credential variable.
struct Variable {
    name: &'static str,
    required: bool,
    shape: Shape,
}

const fn var(name: &'static str, required: bool, shape: Shape) -> Variable {
    Variable {
        name,
        required,
        shape,
    }
}

#[cfg(feature = "tencent")]
const TENCENT: [Variable; 3] = [
    var(crate::tencent::SECRET_ID_ENV, true, Shape::SecretId),
    var(crate::tencent::SECRET_KEY_ENV, true, Shape::Secret),
    var(crate::tencent::SESSION_TOKEN_ENV, false, Shape::Secret),
];
#[cfg(feature = "trustdecision")]
const TRUSTDECISION: [Variable; 2] = [
    var(crate::trustdecision::PARTNER_CODE_ENV, true, Shape::Any),
    var(crate::trustdecision::PARTNER_KEY_ENV, true, Shape::Secret),
];
#[cfg(feature = "talentomobile")]
const TALENTOMOBILE: [Variable; 1] = [var(crate::talentomobile::API_KEY_ENV, true, Shape::Secret)];
#[cfg(feature = "verifik")]
const VERIFIK: [Variable; 1] = [var(crate::verifik::TOKEN_ENV, true, Shape::Jwt)];

/// The variables each vendor's client reads; none for a vendor this build leaves out.
fn variables(vendor: Vendor) -> &'static [Variable] {
    match vendor {
        #[cfg(feature = "tencent")]
        Vendor::Tencent => &TENCENT,
        #[cfg(feature = "trustdecision")]
        Vendor::TrustDecision => &TRUSTDECISION,
        #[cfg(feature = "talentomobile")]
        Vendor::Talentomobile => &TALENTOMOBILE,
        #[cfg(feature = "verifik")]
        Vendor::Verifik => &VERIFIK,
        // Reached only in a build without some vendor's feature.
        #[allow(unreachable_patterns)]
        _ => &[],
    }
}

/// Whether this build has `vendor`'s client (its Cargo feature).
pub(super) fn built_in(vendor: Vendor) -> bool {
    !variables(vendor).is_empty()
}

/// The check for a vendor this build leaves out.
pub(super) fn not_built_in(vendor: Vendor) -> Check {
    Check::new(vendor, Stage::Credentials, "feature", Status::Fail)
        .why(format!("this build of liveness has no {vendor} client"))
        // The facade's features are named by the vendors' slugs.
        .fix(format!(
            "enable the liveness crate's `{}` feature",
            vendor.as_str()
        ))
}

/// The vendors with at least one credential variable set, and why each other one is skipped.
pub(super) fn present(doctor: &Doctor) -> (Vec<Vendor>, Vec<(Vendor, String)>) {
    let mut present = Vec::new();
    let mut skipped = Vec::new();
    for vendor in Vendor::ALL {
        let names: Vec<&str> = variables(vendor).iter().map(|v| v.name).collect();
        if names.is_empty() {
            skipped.push((vendor, format!("this build has no {vendor} client")));
        } else if names
            .iter()
            .any(|name| doctor.credential(name) != Found::Missing)
        {
            present.push(vendor);
        } else {
            skipped.push((
                vendor,
                format!("none of {} is set (nor a _FILE twin)", names.join(", ")),
            ));
        }
    }
    (present, skipped)
}

/// What is wrong with `value` as pasted, if anything: (why, what to do).
fn paste_error(name: &str, value: &str, shape: Shape) -> Option<(String, String)> {
    let set_again = format!("set {name} again, without it");
    if value.is_empty() {
        return Some((
            "is set but empty".into(),
            format!("set {name} to the value from the vendor's console"),
        ));
    }
    if value.contains(['\n', '\r']) {
        return Some((
            "holds a line break (pasted with a newline?)".into(),
            set_again,
        ));
    }
    if value.trim() != value {
        return Some(("has spaces or tabs around it".into(), set_again));
    }
    let quoted = value.len() >= 2
        && ((value.starts_with('"') && value.ends_with('"'))
            || (value.starts_with('\'') && value.ends_with('\'')));
    if quoted {
        return Some((
            "is wrapped in quotes, which would be sent as part of it".into(),
            format!("set {name} again without the quotes"),
        ));
    }
    if matches!(shape, Shape::Secret | Shape::Jwt) && value.chars().count() < 8 {
        return Some((
            "is shorter than 8 characters, so it cannot be a real one (the client refuses it)"
                .into(),
            format!("set {name} to the value from the vendor's console"),
        ));
    }
    if shape == Shape::Jwt && value.to_ascii_lowercase().starts_with("bearer ") {
        return Some((
            "starts with `Bearer `, which the client adds itself".into(),
            format!("set {name} to the token alone"),
        ));
    }
    None
}

/// A documented shape `value` does not have: (why, what to do), a warning only.
fn shape_warning(name: &str, value: &str, shape: Shape) -> Option<(String, String)> {
    match shape {
        Shape::SecretId if !value.starts_with("AKID") => Some((
            "does not start with AKID, as Tencent's SecretIds do".into(),
            format!("check that {name} holds the SecretId, not the SecretKey"),
        )),
        Shape::Jwt if value.split('.').count() != 3 => Some((
            "is not a JWT (three parts separated by dots), as Verifik's tokens are".into(),
            format!("check that {name} holds the token from Verifik's console"),
        )),
        _ => None,
    }
}

/// The first stage for `vendor`.
pub(super) fn check(doctor: &Doctor, vendor: Vendor) -> Vec<Check> {
    let mut checks = Vec::new();
    for variable in variables(vendor) {
        let check = Check::new(vendor, Stage::Credentials, variable.name, Status::Ok);
        let (value, source) = match doctor.credential(variable.name) {
            Found::Value { value, source } => (value, format!("from {source}")),
            Found::Unreadable(why) => {
                checks.push(
                    check
                        .status(Status::Fail)
                        .why(why)
                        .fix(format!("set {} again", variable.name)),
                );
                continue;
            }
            Found::Missing if variable.required => {
                checks.push(
                    check
                        .status(Status::Fail)
                        .why(format!("is not set (nor {}_FILE)", variable.name))
                        .fix(format!(
                            "export {}=<the value from the vendor's console>, or {}_FILE=<a file \
                             holding it>",
                            variable.name, variable.name
                        )),
                );
                continue;
            }
            Found::Missing => {
                checks.push(check.status(Status::Skipped).why("is not set (optional)"));
                continue;
            }
        };
        checks.push(
            if let Some((why, fix)) = paste_error(variable.name, &value, variable.shape) {
                check
                    .status(Status::Fail)
                    .why(format!("{source}: {why}"))
                    .fix(fix)
            } else if let Some((why, fix)) = shape_warning(variable.name, &value, variable.shape) {
                check
                    .status(Status::Warn)
                    .why(format!("{source}: {why}"))
                    .fix(fix)
            } else {
                check.why(format!("{source}; no paste error"))
            },
        );
    }
    #[cfg(feature = "tencent")]
    if vendor == Vendor::Tencent {
        checks.push(tencent_region(doctor));
    }
    checks
}

#[cfg(feature = "tencent")]
/// Tencent's region: the one configured, else `TENCENTCLOUD_REGION`; one of the three.
fn tencent_region(doctor: &Doctor) -> Check {
    let check = Check::new(Vendor::Tencent, Stage::Credentials, "region", Status::Ok);
    let fail = |check: Check| check.status(Status::Fail);
    let (value, source) = match (&doctor.tencent_region, doctor.setting(REGION_ENV)) {
        (Some(configured), _) => (configured.clone(), "as configured".to_owned()),
        (None, Found::Value { value, source }) => (value, format!("from {source}")),
        (None, _) => {
            return fail(check)
                .why("none: FaceID refuses a request without a region")
                .fix(format!(
                    "pass --region or set {REGION_ENV} to one of {}",
                    TENCENT_REGIONS.join(", ")
                ));
        }
    };
    if let Some((why, fix)) = paste_error("the region", &value, Shape::Any) {
        return fail(check).why(format!("{source}: {why}")).fix(fix);
    }
    if !TENCENT_REGIONS.contains(&value.as_str()) {
        return fail(check)
            .why(format!(
                "{source}: {value} does not offer FaceID liveness (Tencent answers \
                 UnsupportedRegion)"
            ))
            .fix(format!("use one of {}", TENCENT_REGIONS.join(", ")));
    }
    check.why(format!("{source}: {value}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paste_errors_are_named_and_a_clean_value_has_none() {
        let why = |value: &str, shape| paste_error("X", value, shape).map(|(why, _)| why);
        assert_eq!(why("AKIDabc", Shape::SecretId), None);
        assert!(why("", Shape::Any).unwrap().contains("empty"));
        assert!(why("abc\n", Shape::Any).unwrap().contains("line break"));
        assert!(why("a\r\nb", Shape::Any).unwrap().contains("line break"));
        assert!(why(" abc", Shape::Any).unwrap().contains("spaces"));
        assert!(why("\"abc\"", Shape::Any).unwrap().contains("quotes"));
        assert!(why("'abc'", Shape::Any).unwrap().contains("quotes"));
        assert_eq!(why("\"", Shape::Any), None, "one quote is not a pair");
        assert!(why("Bearer a.b.c", Shape::Jwt).unwrap().contains("Bearer"));
        assert_eq!(why("Bearer a.b.c", Shape::Any), None);
        assert!(
            why("short", Shape::Secret)
                .unwrap()
                .contains("8 characters")
        );
        assert_eq!(why("long-enough", Shape::Secret), None);
        assert_eq!(why("id", Shape::Any), None, "identifiers may be short");
    }

    #[test]
    fn documented_shapes_warn_when_missing() {
        assert!(shape_warning("X", "abc", Shape::SecretId).is_some());
        assert!(shape_warning("X", "AKIDabc", Shape::SecretId).is_none());
        assert!(shape_warning("X", "abc", Shape::Jwt).is_some());
        assert!(shape_warning("X", "a.b.c", Shape::Jwt).is_none());
        assert!(shape_warning("X", "anything", Shape::Any).is_none());
    }
}
