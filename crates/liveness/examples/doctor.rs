//! Checks, before a first real call, that Talentomobile would accept this service's key:
//! `liveness::doctor` runs the credentials, endpoint, clock and auth checks and prints each.
//! Nothing is created at the vendor: the auth check reads an id that cannot exist.
//!
//! ```sh
//! cargo run -p liveness-cli -- mock --listen 127.0.0.1:8080 &
//! cargo run -p liveness --example doctor --features doctor -- http://127.0.0.1:8080
//! ```
//!
//! The base URL is the first argument, else `LIVENESS_ENDPOINT`, else `http://127.0.0.1:8080`;
//! the key comes from `TALENTOMOBILE_API_KEY` (the mock's demo value otherwise). Exits 1 if a
//! check failed.

mod common;

#[cfg(all(feature = "doctor", feature = "talentomobile"))]
#[tokio::main]
async fn main() {
    use liveness::Vendor;
    use liveness::doctor::{Doctor, first_failed};

    use common::env_or;

    let key = env_or("TALENTOMOBILE_API_KEY", "mock-talentomobile-key");
    let doctor = Doctor::new()
        .endpoint(common::endpoint())
        // Where a service would read its secret store; here the variable or the demo key.
        .variables("the example's settings", move |name| match name {
            liveness::talentomobile::API_KEY_ENV => Ok(key.clone()),
            _ => Err(std::env::VarError::NotPresent),
        });
    let checks = doctor.check(Vendor::Talentomobile).await;
    for check in &checks {
        println!(
            "doctor: {:?} {:?} {}: {}",
            check.status, check.stage, check.name, check.why
        );
        if let Some(request) = &check.request {
            println!("doctor:     sent {request}");
        }
    }
    if let Some(stage) = first_failed(&checks) {
        eprintln!("doctor: the {stage:?} stage failed");
        std::process::exit(1);
    }
}

#[cfg(not(all(feature = "doctor", feature = "talentomobile")))]
fn main() {
    common::needs_feature("doctor");
}
