//! Doctor's last stage: one harmless read of an id that cannot exist, and the vendor's answer
//! read as "credentials accepted" or "refused". Nothing is created, billed or kept: no token,
//! no license, no record. The request is printed (method, URL, header names), secrets
//! redacted by the facade's request hook.

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use liveness::{Error, HttpOptions, SentRequest, Vendor, VendorError};

use super::{Check, Stage, Status};
use crate::cli::{DoctorArgs, TencentArgs, TrustDecisionArgs};
use crate::run;

/// Ids no session can have: the read finds nothing and changes nothing.
const TENCENT_TOKEN: &str = "00000000-0000-0000-0000-000000000000";
const TRUSTDECISION_ID: &str = "0";
const TALENTOMOBILE_ID: &str = "00000000-0000-0000-0000-000000000000";
const VERIFIK_ID: &str = "000000000000000000000000";

/// The base URL `vendor`'s client calls: `--endpoint`, else its preset (from a client built
/// with placeholder credentials, so that the URL is the one the real client would use).
pub fn base_url(vendor: Vendor, args: &DoctorArgs) -> String {
    if let Some(endpoint) = &args.endpoint {
        return endpoint.clone();
    }
    let options = HttpOptions::default;
    match vendor {
        Vendor::Tencent => {
            // The regional host when --region names one; else the international host, as the
            // `tencent` commands use.
            let regional = args.region.as_deref().filter(|r| {
                liveness::tencent::Client::builder()
                    .region(*r)
                    .credentials(placeholder_tencent())
                    .build()
                    .is_ok()
            });
            let mut builder = liveness::tencent::Client::builder()
                .credentials(placeholder_tencent())
                .region(regional.unwrap_or("ap-singapore"))
                .options(options());
            if regional.is_some() {
                builder = builder.host(liveness::tencent::Host::Regional);
            }
            builder
                .build()
                .map(|c| c.base_url().to_owned())
                .unwrap_or_default()
        }
        Vendor::TrustDecision => trustdecision_region(args.region.as_deref())
            .unwrap_or_default()
            .base_url()
            .to_owned(),
        Vendor::Talentomobile => args.env.base_url().to_owned(),
        _ => liveness::verifik::Environment::default()
            .base_url()
            .to_owned(),
    }
}

fn placeholder_tencent() -> liveness::tencent::Credentials {
    liveness::tencent::Credentials::new("AKIDdoctor", "doctor-placeholder".to_owned().into())
        .expect("placeholder credentials are well formed")
}

/// `--region` as a TrustDecision region, if it names one.
fn trustdecision_region(name: Option<&str>) -> Option<liveness::trustdecision::Region> {
    name.and_then(|n| <liveness::trustdecision::Region as clap::ValueEnum>::from_str(n, true).ok())
}

/// The read, and what the answer says about the credentials.
pub async fn check(vendor: Vendor, args: &DoctorArgs, timeout: Duration) -> Check {
    let sent: Arc<Mutex<Option<SentRequest>>> = Arc::default();
    let kept = sent.clone();
    let options = HttpOptions::default()
        .timeout(timeout)
        .on_request(move |request| {
            *kept.lock().unwrap_or_else(|e| e.into_inner()) = Some(request.clone());
        });
    let endpoint = args.endpoint.as_deref();
    let started = Instant::now();
    let answer: Result<(), Error> = match vendor {
        Vendor::Tencent => {
            let tencent = TencentArgs {
                region: args.region.clone(),
            };
            match run::tencent_with(&tencent, endpoint, options) {
                Ok(client) => client.get_liveness_result(TENCENT_TOKEN).await.map(|_| ()),
                Err(failure) => return not_built(vendor, failure),
            }
        }
        Vendor::TrustDecision => {
            let region = TrustDecisionArgs {
                region: trustdecision_region(args.region.as_deref()).unwrap_or_default(),
            };
            match run::trustdecision_with(&region, endpoint, options) {
                Ok(client) => client.result(TRUSTDECISION_ID).await.map(|_| ()),
                Err(failure) => return not_built(vendor, failure),
            }
        }
        Vendor::Talentomobile => match run::talentomobile_with(args.env, endpoint, options) {
            Ok(client) => client.result(TALENTOMOBILE_ID).await.map(|_| ()),
            Err(failure) => return not_built(vendor, failure),
        },
        _ => match run::verifik_with(endpoint, options) {
            Ok(client) => client.retrieve(VERIFIK_ID).await.map(|_| ()),
            Err(failure) => return not_built(vendor, failure),
        },
    };
    let elapsed = started.elapsed();
    let mut check = judge(vendor, answer).took(elapsed);
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

fn not_built(vendor: Vendor, failure: crate::exit::Failure) -> Check {
    Check::new(vendor, Stage::Auth, "credentials accepted", Status::Fail)
        .why(format!("the client cannot be built: {failure}"))
        .fix("fix the credentials reported above")
}

/// What the vendor's answer to the read says.
fn judge(vendor: Vendor, answer: Result<(), Error>) -> Check {
    let check = Check::new(vendor, Stage::Auth, "credentials accepted", Status::Ok);
    let with = |status| Check {
        status,
        ..check.clone()
    };
    let refused = |why: String| {
        with(Status::Fail)
            .why(why)
            .fix("copy the credentials again from the vendor's console; check they are for this environment")
    };
    let error = match answer {
        Ok(()) => {
            return check
                .why("the vendor answered the read of a made-up id: the credentials are accepted");
        }
        Err(error) => error,
    };
    let Error::Vendor {
        error: vendor_error,
        ..
    } = &error
    else {
        return judge_status(vendor, &error);
    };
    match vendor_error.as_ref() {
        VendorError::Tencent(e) => {
            let code = e.code.as_str().to_owned();
            if code == "AuthFailure.SignatureExpire" {
                with(Status::Fail)
                    .why(format!(
                        "refused, {code}: this machine's clock is over 5 minutes off"
                    ))
                    .fix("sync the clock (NTP)")
            } else if code.starts_with("AuthFailure") {
                refused(format!("refused, {code}: {}", e.message))
            } else if code.starts_with("UnsupportedRegion") || code == "MissingParameter" {
                with(Status::Fail)
                    .why(format!("{code}: {}", e.message))
                    .fix("use a region that offers FaceID liveness (ap-hongkong, ap-jakarta, ap-singapore)")
            } else {
                check.why(format!(
                    "accepted: the vendor signed us in and answered {code} for the made-up token"
                ))
            }
        }
        VendorError::TrustDecision(e) => match e.code.number() {
            Some(code @ 301..=305) => {
                let what = match code {
                    301 => "the service is not purchased",
                    302 => "the account is suspended",
                    303 => "the account has no balance",
                    304 => "the service has expired",
                    _ => "the daily volume cap is reached",
                };
                with(Status::Fail)
                    .why(format!("accepted, but account code {code}: {what}"))
                    .fix("contact TrustDecision about the account")
            }
            Some(11301) => refused("refused, 11301: partner_code or partner_key is missing".into()),
            Some(code) => with(Status::Warn)
                .why(format!(
                    "TrustDecision answered {code} ({}): it gives this code both for a wrong key \
                     and for an unknown id, so the key could not be confirmed",
                    e.message
                ))
                .fix("if real calls answer this code too, check TRUSTDECISION_PARTNER_KEY"),
            None => with(Status::Warn).why(format!("TrustDecision answered {e}")),
        },
        _ => judge_status(vendor, &error),
    }
}

/// An answer read by its HTTP status: 401/403 refused, 404 accepted.
fn judge_status(vendor: Vendor, error: &Error) -> Check {
    let check = Check::new(vendor, Stage::Auth, "credentials accepted", Status::Ok);
    match error.status() {
        Some(401) | Some(403) => Check {
            status: Status::Fail,
            ..check
        }
        .why(format!("refused: {error}"))
        .fix("copy the key again from the vendor's console; check it is for this environment"),
        Some(404) => check.why("accepted: the vendor answered 404 for the made-up id"),
        _ => match error {
            Error::Transport { .. } => Check {
                status: Status::Fail,
                ..check
            }
            .why(format!("{error}"))
            .fix("see the endpoint checks above"),
            _ => Check {
                status: Status::Warn,
                ..check
            }
            .why(format!("the vendor answered: {error}")),
        },
    }
}
