//! What the examples share: where the server is, the mock's demo credentials, and how an
//! outcome is reported. (A folder, so Cargo does not take it for an example of its own.)

// Each example uses this module only when its vendor's feature is on.
#![allow(dead_code)]

use std::fmt::Display;

/// The base URL: the first argument, else `LIVENESS_ENDPOINT`, else `http://127.0.0.1:8080`.
pub fn endpoint() -> String {
    std::env::args()
        .nth(1)
        .or_else(|| std::env::var("LIVENESS_ENDPOINT").ok())
        .unwrap_or_else(|| "http://127.0.0.1:8080".to_owned())
}

/// The variable `name`, else `demo` (the mock's demo value or the spec's sample id).
pub fn env_or(name: &str, demo: &str) -> String {
    std::env::var(name).unwrap_or_else(|_| demo.to_owned())
}

/// Prints the line `describe` makes of a success; prints the error and exits 1 on failure.
pub fn report<T, E: Display>(
    vendor: &str,
    outcome: Result<T, E>,
    describe: impl FnOnce(T) -> String,
) {
    match outcome {
        Ok(value) => println!("{vendor}: {}", describe(value)),
        Err(error) => {
            eprintln!("{vendor}: {error}");
            std::process::exit(1);
        }
    }
}

/// `main` of an example built without its vendor's feature.
pub fn needs_feature(feature: &str) -> ! {
    eprintln!("build with the `{feature}` feature");
    std::process::exit(2);
}
