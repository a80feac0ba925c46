//! The network stages: the URL that would be called and the proxy the standard variables
//! name, then DNS, TCP and (for https) a TLS handshake verified as the clients verify, each
//! timed; and the clock's skew from the `Date` the endpoint answers with.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::{Duration, Instant};

use reqwest::Url;

use super::{Check, Stage, Status};
use crate::Vendor;

/// Warn above this skew.
const SKEW_WARN_SECS: i64 = 60;
/// TC3 refuses a timestamp more than five minutes from the server's clock.
const TC3_SKEW_FAIL_SECS: i64 = 300;

/// The proxy variables reqwest reads, in the order it reads them.
const PROXY_VARIABLES: [&str; 6] = [
    "HTTPS_PROXY",
    "https_proxy",
    "HTTP_PROXY",
    "http_proxy",
    "ALL_PROXY",
    "all_proxy",
];

fn step(vendor: Vendor, name: &str, status: Status) -> Check {
    Check::new(vendor, Stage::Endpoint, name, status)
}

/// The URL, proxy, DNS, TCP and TLS checks of `url`.
pub(super) async fn check(vendor: Vendor, url: &str, timeout: Duration) -> Vec<Check> {
    let mut checks = Vec::new();
    let parsed = match Url::parse(url) {
        Ok(parsed) if parsed.host_str().is_some() => parsed,
        _ => {
            checks.push(
                step(vendor, "url", Status::Fail)
                    .why(format!("{url} is not a URL with a host"))
                    .fix("give the endpoint as http(s)://host[:port]"),
            );
            return checks;
        }
    };
    checks.push(step(vendor, "url", Status::Ok).why(format!("requests go to {url}")));
    checks.push(proxy(vendor, &parsed));
    let host = parsed.host_str().unwrap_or_default().to_owned();
    let port = parsed.port_or_known_default().unwrap_or(443);

    let started = Instant::now();
    let resolved =
        tokio::time::timeout(timeout, tokio::net::lookup_host((host.as_str(), port))).await;
    let addresses: Vec<SocketAddr> = match resolved {
        Ok(Ok(addresses)) => addresses.collect(),
        Ok(Err(e)) => {
            checks.push(
                step(vendor, "dns", Status::Fail)
                    .why(format!("{host} does not resolve: {e}"))
                    .fix("check the host name, your DNS resolver, or the endpoint")
                    .took(started.elapsed()),
            );
            return checks;
        }
        Err(_) => {
            checks.push(
                step(vendor, "dns", Status::Fail)
                    .why(format!("no answer for {host} within {timeout:?}"))
                    .fix("check your DNS resolver")
                    .took(started.elapsed()),
            );
            return checks;
        }
    };
    let Some(first) = addresses.first().copied() else {
        checks.push(
            step(vendor, "dns", Status::Fail)
                .why(format!("{host} resolves to no address"))
                .fix("check the host name"),
        );
        return checks;
    };
    checks.push(
        step(vendor, "dns", Status::Ok)
            .why(format!(
                "{host} is {first} ({} address(es))",
                addresses.len()
            ))
            .took(started.elapsed()),
    );

    let started = Instant::now();
    let stream = match tokio::time::timeout(timeout, tokio::net::TcpStream::connect(first)).await {
        Ok(Ok(stream)) => {
            checks.push(
                step(vendor, "tcp", Status::Ok)
                    .why(format!("connected to {first}"))
                    .took(started.elapsed()),
            );
            stream
        }
        Ok(Err(e)) => {
            checks.push(
                step(vendor, "tcp", Status::Fail)
                    .why(format!("cannot connect to {first}: {e}"))
                    .fix("check the port, a firewall, or that the service runs there")
                    .took(started.elapsed()),
            );
            return checks;
        }
        Err(_) => {
            checks.push(
                step(vendor, "tcp", Status::Fail)
                    .why(format!("no answer from {first} within {timeout:?}"))
                    .fix("a firewall may drop the packets; check egress rules")
                    .took(started.elapsed()),
            );
            return checks;
        }
    };

    if parsed.scheme() != "https" {
        checks.push(
            step(vendor, "tls", Status::Skipped).why(format!("{} uses no TLS", parsed.scheme())),
        );
        return checks;
    }
    checks.push(tls(vendor, stream, &host, timeout).await);
    checks
}

/// The proxy a request to `url` would go through, named by its variable (its password never
/// shown); the checks after it connect directly.
fn proxy(vendor: Vendor, url: &Url) -> Check {
    let set = PROXY_VARIABLES.iter().find_map(|name| {
        let value = std::env::var(name).ok().filter(|v| !v.trim().is_empty())?;
        applies(name, url.scheme()).then_some((*name, value))
    });
    match set {
        None => step(vendor, "proxy", Status::Ok).why("none (no proxy variable is set)"),
        Some((name, value)) => {
            let shown = Url::parse(&value).map_or("(not a URL)".to_owned(), |u| {
                format!(
                    "{}://{}{}",
                    u.scheme(),
                    u.host_str().unwrap_or(""),
                    u.port().map(|p| format!(":{p}")).unwrap_or_default()
                )
            });
            step(vendor, "proxy", Status::Warn)
                .why(format!(
                    "requests go through {shown} (from {name}); the checks below connect directly"
                ))
                .fix("if calls fail and these checks pass, look at the proxy (NO_PROXY excludes hosts)")
        }
    }
}

/// Whether the proxy variable `name` applies to a URL of `scheme` (`HTTPS_PROXY` to https,
/// `HTTP_PROXY` to http, `ALL_PROXY` to both).
fn applies(name: &str, scheme: &str) -> bool {
    let name = name.to_ascii_lowercase();
    name == "all_proxy" || name == format!("{scheme}_proxy")
}

/// A TLS handshake over `stream`, the certificate verified as the clients verify it.
async fn tls(
    vendor: Vendor,
    stream: tokio::net::TcpStream,
    host: &str,
    timeout: Duration,
) -> Check {
    use rustls_platform_verifier::BuilderVerifierExt;

    let started = Instant::now();
    let provider = Arc::new(rustls::crypto::aws_lc_rs::default_provider());
    let config = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .and_then(|builder| builder.with_platform_verifier());
    let config = match config {
        Ok(builder) => builder.with_no_client_auth(),
        Err(e) => {
            return step(vendor, "tls", Status::Fail)
                .why(format!("cannot set up TLS: {e}"))
                .fix("check the system's certificate store");
        }
    };
    let Ok(name) = rustls::pki_types::ServerName::try_from(host.to_owned()) else {
        return step(vendor, "tls", Status::Fail)
            .why(format!("{host} is not a name TLS can verify"))
            .fix("check the host in the URL");
    };
    let connector = tokio_rustls::TlsConnector::from(Arc::new(config));
    let handshake = tokio::time::timeout(timeout, connector.connect(name, stream)).await;
    let elapsed = started.elapsed();
    match handshake {
        Ok(Ok(tls)) => {
            let (_, connection) = tls.get_ref();
            let version = connection
                .protocol_version()
                .map_or("TLS".to_owned(), |v| format!("{v:?}").replace('_', "."));
            let issuer = connection
                .peer_certificates()
                .and_then(|chain| chain.first())
                .and_then(|cert| {
                    x509_parser::parse_x509_certificate(cert.as_ref())
                        .ok()
                        .map(|(_, cert)| cert.issuer().to_string())
                })
                .unwrap_or_else(|| "an unreadable issuer".to_owned());
            step(vendor, "tls", Status::Ok)
                .why(format!(
                    "{version}, certificate verified, issued by {issuer}"
                ))
                .took(elapsed)
        }
        Ok(Err(e)) => {
            let certificate = e
                .get_ref()
                .and_then(|inner| inner.downcast_ref::<rustls::Error>())
                .is_some_and(|e| {
                    matches!(
                        e,
                        rustls::Error::InvalidCertificate(_)
                            | rustls::Error::InvalidCertRevocationList(_)
                    )
                });
            if certificate {
                step(vendor, "tls", Status::Fail)
                    .why(format!("the certificate is not trusted: {e}"))
                    .fix(
                        "a TLS-intercepting proxy or antivirus? add its CA to the system's \
                         store; otherwise check that the host is the vendor's",
                    )
                    .took(elapsed)
            } else {
                step(vendor, "tls", Status::Fail)
                    .why(format!("the TLS handshake failed: {e}"))
                    .fix("check that the port speaks TLS (https://) and no middlebox interferes")
                    .took(elapsed)
            }
        }
        Err(_) => step(vendor, "tls", Status::Fail)
            .why(format!("no TLS handshake within {timeout:?}"))
            .fix("check that the port speaks TLS (https://)")
            .took(elapsed),
    }
}

/// The local clock against the `Date` of the endpoint's answer to a plain request (any status
/// carries one): warn above 60 s; for Tencent fail above 300 s, as TC3 refuses the request.
pub(super) async fn clock(vendor: Vendor, url: &str, timeout: Duration) -> Check {
    let check = Check::new(vendor, Stage::Clock, "skew", Status::Ok);
    let client = match reqwest::Client::builder().timeout(timeout).build() {
        Ok(client) => client,
        Err(e) => {
            return check.status(Status::Skipped).why(format!("{e}"));
        }
    };
    let started = Instant::now();
    let response = match client.head(url).send().await {
        Ok(response) => response,
        Err(e) => {
            return check
                .status(Status::Skipped)
                .why(format!(
                    "no answer to read a Date from: {}",
                    e.without_url()
                ))
                .took(started.elapsed());
        }
    };
    let local = chrono::Utc::now();
    let elapsed = started.elapsed();
    let date = response
        .headers()
        .get(reqwest::header::DATE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| chrono::DateTime::parse_from_rfc2822(v).ok());
    let Some(date) = date else {
        return check
            .status(Status::Warn)
            .why("the answer has no readable Date header")
            .fix("compare this machine's clock with an NTP server")
            .took(elapsed);
    };
    let skew = (local - date.with_timezone(&chrono::Utc)).num_seconds();
    let why = format!(
        "this machine is {} s {} the endpoint's clock",
        skew.abs(),
        if skew >= 0 { "ahead of" } else { "behind" }
    );
    let status = if vendor == Vendor::Tencent && skew.abs() > TC3_SKEW_FAIL_SECS {
        Status::Fail
    } else if skew.abs() > SKEW_WARN_SECS {
        Status::Warn
    } else {
        Status::Ok
    };
    let fix = match status {
        Status::Fail => "TC3 refuses requests more than 5 minutes off: sync the clock (NTP)",
        Status::Warn => "sync the clock (NTP)",
        _ => "",
    };
    check.status(status).why(why).fix(fix).took(elapsed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_proxy_variable_applies_to_its_scheme_only() {
        assert!(applies("HTTPS_PROXY", "https"));
        assert!(
            !applies("HTTPS_PROXY", "http"),
            "https_proxy starts with http"
        );
        assert!(applies("http_proxy", "http"));
        assert!(!applies("HTTP_PROXY", "https"));
        assert!(applies("ALL_PROXY", "http") && applies("all_proxy", "https"));
    }
}
