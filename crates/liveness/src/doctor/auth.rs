//! The last stage: one harmless read of an id that cannot exist, and the vendor's answer read
//! as "credentials accepted" or "refused". Nothing is created, billed or kept: no token, no
//! license, no record. The request is kept (method, URL, header names), secrets redacted by
//! the facade's request hook.

use std::sync::{Arc, Mutex};
use std::time::Instant;

use super::{Check, Doctor, Stage, Status};
use crate::{Error, HttpOptions, SentRequest, Vendor};

/// The auth check's name.
pub(super) const NAME: &str = "credentials accepted";

/// Ids no session can have: the read finds nothing and changes nothing.
#[cfg(feature = "tencent")]
const TENCENT_TOKEN: &str = "00000000-0000-0000-0000-000000000000";
#[cfg(feature = "trustdecision")]
const TRUSTDECISION_ID: &str = "0";
#[cfg(feature = "talentomobile")]
const TALENTOMOBILE_ID: &str = "00000000-0000-0000-0000-000000000000";
#[cfg(feature = "verifik")]
const VERIFIK_ID: &str = "000000000000000000000000";

/// Stand-ins for credentials that are missing or malformed: a client built with them gives the
/// URL the real one would call.
#[cfg(feature = "tencent")]
const PLACEHOLDER_ID: &str = "AKIDdoctor";
const PLACEHOLDER_SECRET: &str = "doctor-placeholder";

/// One vendor's client, built as the doctor is configured.
enum Probe {
    #[cfg(feature = "tencent")]
    Tencent(crate::tencent::Client),
    #[cfg(feature = "trustdecision")]
    TrustDecision(crate::trustdecision::Client),
    #[cfg(feature = "talentomobile")]
    Talentomobile(crate::talentomobile::Client),
    #[cfg(feature = "verifik")]
    Verifik(crate::verifik::Client),
}

impl Probe {
    /// `vendor`'s client with the doctor's endpoint, region and environment, and either the
    /// credentials it reads (`real`) or placeholders. `None` for a vendor this build leaves out.
    fn build(
        doctor: &Doctor,
        vendor: Vendor,
        real: bool,
        options: HttpOptions,
    ) -> Option<Result<Self, Error>> {
        // A variable that is not there reads as empty: the builder refuses it by name.
        let read = |name: &str| {
            if real {
                doctor.credential(name).value()
            } else {
                PLACEHOLDER_SECRET.to_owned()
            }
        };
        let endpoint = doctor.endpoint.as_deref();
        let built = match vendor {
            #[cfg(feature = "tencent")]
            Vendor::Tencent => {
                use crate::tencent::{self, Credentials, Host};
                let id = if real {
                    read(tencent::SECRET_ID_ENV)
                } else {
                    PLACEHOLDER_ID.to_owned()
                };
                let credentials = Credentials::new(id, read(tencent::SECRET_KEY_ENV).into())
                    .and_then(|c| {
                        let token = doctor.credential(tencent::SESSION_TOKEN_ENV).value();
                        if real && !token.is_empty() {
                            c.with_token(token.into())
                        } else {
                            Ok(c)
                        }
                    })
                    .map_err(|e| Error::config(e.to_string()));
                credentials.and_then(|credentials| {
                    let mut builder = tencent::Client::builder()
                        .credentials(credentials)
                        .options(options);
                    // As the `tencent` commands: a configured region takes the regional host;
                    // one from the variable keeps the international host.
                    // For the URL alone, a region FaceID does not offer is left out (the
                    // credential check names it); the real client is built only once the
                    // region passed that check.
                    let usable = |region: &str| real || tencent::REGIONS.contains(&region);
                    builder = match (&doctor.tencent_region, doctor.setting(tencent::REGION_ENV)) {
                        (Some(region), _) if usable(region) => {
                            builder.region(region).host(Host::Regional)
                        }
                        (None, super::Found::Value { value, .. }) if usable(&value) => {
                            builder.region(value)
                        }
                        // Missing or left out: the international host, whatever the region.
                        _ => builder.region("ap-singapore"),
                    };
                    if let Some(url) = endpoint {
                        builder = builder.base_url(url);
                    }
                    builder.build().map(Probe::Tencent)
                })
            }
            #[cfg(feature = "trustdecision")]
            Vendor::TrustDecision => {
                use crate::trustdecision;
                let mut builder = trustdecision::Client::builder()
                    .partner_code(read(trustdecision::PARTNER_CODE_ENV))
                    .partner_key(read(trustdecision::PARTNER_KEY_ENV))
                    .region(doctor.trustdecision_region)
                    .options(options);
                if let Some(url) = endpoint {
                    builder = builder.base_url(url);
                }
                builder.build().map(Probe::TrustDecision)
            }
            #[cfg(feature = "talentomobile")]
            Vendor::Talentomobile => {
                use crate::talentomobile;
                let mut builder = talentomobile::Client::builder()
                    .api_key(read(talentomobile::API_KEY_ENV))
                    .environment(doctor.talentomobile_environment)
                    .options(options);
                if let Some(url) = endpoint {
                    builder = builder.base_url(url);
                }
                builder.build().map(Probe::Talentomobile)
            }
            #[cfg(feature = "verifik")]
            Vendor::Verifik => {
                use crate::verifik;
                let mut builder = verifik::Client::builder()
                    .token(read(verifik::TOKEN_ENV))
                    .environment(doctor.verifik_environment)
                    .options(options);
                if let Some(url) = endpoint {
                    builder = builder.base_url(url);
                }
                builder.build().map(Probe::Verifik)
            }
            // Reached only in a build without some vendor's feature.
            #[allow(unreachable_patterns)]
            _ => return None,
        };
        Some(built)
    }

    fn base_url(&self) -> &str {
        match *self {
            #[cfg(feature = "tencent")]
            Probe::Tencent(ref client) => client.base_url(),
            #[cfg(feature = "trustdecision")]
            Probe::TrustDecision(ref client) => client.base_url(),
            #[cfg(feature = "talentomobile")]
            Probe::Talentomobile(ref client) => client.base_url(),
            #[cfg(feature = "verifik")]
            Probe::Verifik(ref client) => client.base_url(),
        }
    }

    /// The harmless read.
    async fn read(&self) -> Result<(), Error> {
        match *self {
            #[cfg(feature = "tencent")]
            Probe::Tencent(ref client) => client.get_liveness_result(TENCENT_TOKEN).await.map(drop),
            #[cfg(feature = "trustdecision")]
            Probe::TrustDecision(ref client) => client.result(TRUSTDECISION_ID).await.map(drop),
            #[cfg(feature = "talentomobile")]
            Probe::Talentomobile(ref client) => client.result(TALENTOMOBILE_ID).await.map(drop),
            #[cfg(feature = "verifik")]
            Probe::Verifik(ref client) => client.retrieve(VERIFIK_ID).await.map(drop),
        }
    }
}

/// The base URL `vendor`'s client would call: the configured endpoint, else the preset of the
/// configured region or environment (from a client built with placeholder credentials, so that
/// it is the URL the real client would use even when the real credentials are broken). The
/// builder's error when it refuses the endpoint (a password, a query: never echoed).
pub(super) fn base_url(doctor: &Doctor, vendor: Vendor) -> Result<String, Error> {
    match Probe::build(doctor, vendor, false, HttpOptions::default()) {
        Some(built) => built.map(|probe| probe.base_url().to_owned()),
        None => Err(Error::config(format!(
            "this build of liveness has no {vendor} client"
        ))),
    }
}

/// The read, and what the answer says about the credentials.
pub(super) async fn check(doctor: &Doctor, vendor: Vendor) -> Check {
    let sent: Arc<Mutex<Option<SentRequest>>> = Arc::default();
    let kept = sent.clone();
    let options = HttpOptions::default()
        .timeout(doctor.timeout)
        .on_request(move |request| {
            *kept.lock().unwrap_or_else(|e| e.into_inner()) = Some(request.clone());
        });
    let probe = match Probe::build(doctor, vendor, true, options) {
        Some(Ok(probe)) => probe,
        Some(Err(error)) => {
            return Check::new(vendor, Stage::Auth, NAME, Status::Fail)
                .why(format!("the client cannot be built: {error}"))
                .fix("fix the credentials reported above");
        }
        None => return super::credentials::not_built_in(vendor),
    };
    let started = Instant::now();
    let answer = probe.read().await;
    let mut check = judge(vendor, answer).took(started.elapsed());
    check.request = sent
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .take()
        .map(|r| {
            format!(
                "{} {} (headers: {})",
                r.method,
                r.url,
                r.header_names.join(", ")
            )
        });
    check
}

/// What the vendor's answer to the read says.
fn judge(vendor: Vendor, answer: Result<(), Error>) -> Check {
    let check = Check::new(vendor, Stage::Auth, NAME, Status::Ok);
    let error = match answer {
        Ok(()) => {
            return check
                .why("the vendor answered the read of a made-up id: the credentials are accepted");
        }
        Err(error) => error,
    };
    let found = match &error {
        Error::Vendor { error: found, .. } => found.as_ref(),
        _ => return judge_status(check, &error),
    };
    match found {
        #[cfg(feature = "tencent")]
        crate::VendorError::Tencent(e) => judge_tencent(check, e),
        #[cfg(feature = "trustdecision")]
        crate::VendorError::TrustDecision(e) => judge_trustdecision(check, e),
        // Every vendor's error in a build with only Tencent or TrustDecision.
        #[allow(unreachable_patterns)]
        _ => judge_status(check, &error),
    }
}

/// A refusal of the credentials themselves.
fn refused(check: Check, why: String) -> Check {
    check.status(Status::Fail).why(why).fix(
        "copy the credentials again from the vendor's console; check they are for this \
         environment",
    )
}

/// Tencent answers an error for every read of a token it did not issue; which one tells.
#[cfg(feature = "tencent")]
fn judge_tencent(check: Check, e: &crate::tencent::TencentError) -> Check {
    let code = e.code.as_str().to_owned();
    if code == "AuthFailure.SignatureExpire" {
        check
            .status(Status::Fail)
            .why(format!(
                "refused, {code}: this machine's clock is over 5 minutes off"
            ))
            .fix("sync the clock (NTP)")
    } else if code.starts_with("AuthFailure") {
        refused(check, format!("refused, {code}: {}", e.message))
    } else if code.starts_with("UnsupportedRegion") || code == "MissingParameter" {
        check
            .status(Status::Fail)
            .why(format!("{code}: {}", e.message))
            .fix(format!(
                "use a region that offers FaceID liveness ({})",
                crate::tencent::REGIONS.join(", ")
            ))
    } else {
        check.why(format!(
            "accepted: the vendor signed us in and answered {code} for the made-up token"
        ))
    }
}

/// TrustDecision's account codes are named; 11340 is ambiguous (see the warning).
#[cfg(feature = "trustdecision")]
fn judge_trustdecision(check: Check, e: &crate::trustdecision::TrustDecisionError) -> Check {
    match e.code.number() {
        Some(code @ 301..=305) => {
            let what = match code {
                301 => "the service is not purchased",
                302 => "the account is suspended",
                303 => "the account has no balance",
                304 => "the service has expired",
                _ => "the daily volume cap is reached",
            };
            check
                .status(Status::Fail)
                .why(format!("accepted, but account code {code}: {what}"))
                .fix("contact TrustDecision about the account")
        }
        Some(11301) => refused(
            check,
            "refused, 11301: partner_code or partner_key is missing".into(),
        ),
        Some(code) => check
            .status(Status::Warn)
            .why(format!(
                "TrustDecision answered {code} ({}): it gives this code both for a wrong key \
                 and for an unknown id, so the key could not be confirmed",
                e.message
            ))
            .fix(format!(
                "if real calls answer this code too, check {}",
                crate::trustdecision::PARTNER_KEY_ENV
            )),
        None => check
            .status(Status::Warn)
            .why(format!("TrustDecision answered {e}")),
    }
}

/// An answer read by its HTTP status: 401/403 refused, 404 accepted.
fn judge_status(check: Check, error: &Error) -> Check {
    match error.status() {
        Some(401) | Some(403) => refused(check, format!("refused: {error}")),
        Some(404) => check.why("accepted: the vendor answered 404 for the made-up id"),
        _ => match error {
            Error::Transport { .. } => check
                .status(Status::Fail)
                .why(format!("{error}"))
                .fix("see the endpoint checks above"),
            _ => check
                .status(Status::Warn)
                .why(format!("the vendor answered: {error}")),
        },
    }
}
