//! The facade's integration tests: one binary, so reqwest, tokio and wiremock are linked once,
//! with a module per subject. `env_credentials` is a binary of its own: it sets process-wide
//! variables no other test may observe.

mod support;

#[cfg(feature = "doctor")]
mod doctor;
mod evidence;
mod hardening;
mod metrics;
mod observability;
mod secrets;
mod tables;
mod talentomobile;
mod tc3_props;
mod tc3_vectors;
mod tencent;
mod trustdecision;
mod verdict_tables;
mod verifik;
