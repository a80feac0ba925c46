//! Base URLs and the ids that go into request paths, checked before anything is sent: a vendor
//! preset or any URL (a proxy, the mock), and ids that cannot change which resource is asked for.

use crate::Error;
use crate::error::Vendor;

/// Whether this build can speak TLS: the `rustls` or the `native-tls` feature is on. Without
/// either, reqwest can only fail an https request, and only once it is sent, with a vague
/// "could not connect".
pub(crate) const TLS_AVAILABLE: bool = cfg!(any(feature = "rustls", feature = "native-tls"));

/// Checks `url` is an absolute http(s) URL without credentials, query or fragment, that this
/// build can reach (https needs a TLS feature), and returns it without a trailing slash (the
/// generated clients append paths that start with `/`).
pub(crate) fn base_url(url: &str) -> Result<String, Error> {
    check_base_url(url, TLS_AVAILABLE)
}

/// [`base_url`] with the TLS support given, so both builds are tested in every build.
fn check_base_url(url: &str, tls_available: bool) -> Result<String, Error> {
    if !url.contains("://") {
        return Err(missing_scheme(url));
    }
    let parsed = reqwest::Url::parse(url).map_err(|e| {
        // Only the error: a URL that does not parse cannot be checked for a password.
        Error::config(format!("the endpoint is not a valid URL: {e}"))
    })?;
    // First, so that no later message echoes a password.
    if !parsed.username().is_empty() || parsed.password().is_some() {
        return Err(Error::config(
            "the endpoint must not carry a user name or password",
        ));
    }
    if !matches!(parsed.scheme(), "http" | "https") {
        return Err(Error::config(format!(
            "the endpoint `{url}` must start with http:// or https://"
        )));
    }
    if parsed.query().is_some() || parsed.fragment().is_some() {
        // Shown without them: a query copied from a vendor's page may hold its partner_key.
        let mut shown = parsed.clone();
        shown.set_query(None);
        shown.set_fragment(None);
        return Err(Error::config(format!(
            "the endpoint `{shown}` must not carry a query or fragment (not shown); credentials go in the client's builder"
        )));
    }
    if parsed.scheme() == "https" {
        check_tls(&format!("the endpoint `{url}`"), tls_available)?;
    }
    Ok(url.trim_end_matches('/').to_owned())
}

/// Refuses https when this build has no TLS, naming the features that add it.
pub(crate) fn check_tls(what: &str, tls_available: bool) -> Result<(), Error> {
    if tls_available {
        return Ok(());
    }
    Err(Error::config(format!(
        "{what} is https, but this build of `liveness` has no TLS: enable its `rustls` feature \
         (or `native-tls` for the platform's TLS), e.g. `liveness = {{ default-features = false, \
         features = [\"verifik\", \"rustls\"] }}`"
    )))
}

/// `127.0.0.1:8080` (no scheme) parses as nothing useful, and `localhost:8080` as the scheme
/// `localhost`: say what was probably meant.
fn missing_scheme(url: &str) -> Error {
    let guess = reqwest::Url::parse(&format!("http://{url}")).ok();
    match guess {
        // Echoed only when it cannot hold a secret: no user, password, query or fragment.
        Some(guess)
            if guess.username().is_empty()
                && guess.password().is_none()
                && guess.query().is_none()
                && guess.fragment().is_none() =>
        {
            // Plain http only where nothing leaves the machine.
            let scheme = if is_loopback(&guess) { "http" } else { "https" };
            Error::config(format!(
                "the endpoint `{url}` has no scheme: did you mean `{scheme}://{url}`?"
            ))
        }
        _ => Error::config("the endpoint has no scheme: start it with http:// or https://"),
    }
}

/// Whether `url`'s host is this machine: 127.0.0.0/8, `::1` or `localhost`.
pub(crate) fn is_loopback(url: &reqwest::Url) -> bool {
    let Some(host) = url.host_str() else {
        return false;
    };
    // An IPv6 host comes bracketed: `[::1]`.
    let host = host.trim_start_matches('[').trim_end_matches(']');
    match host.parse::<std::net::IpAddr>() {
        Ok(ip) => ip.is_loopback(),
        Err(_) => host.trim_end_matches('.').eq_ignore_ascii_case("localhost"),
    }
}

/// Where an id travels in the request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum IdIn {
    /// A path segment (Talentomobile's `/result/{id}`, Verifik's `/v2/document-liveness/{id}`).
    #[cfg_attr(
        not(any(feature = "talentomobile", feature = "verifik")),
        allow(dead_code)
    )]
    Path,
    /// A body field (Tencent's `SdkToken`, TrustDecision's `liveness_id`).
    #[cfg_attr(
        not(any(feature = "tencent", feature = "trustdecision")),
        allow(dead_code)
    )]
    Body,
}

/// Refuses, before anything is sent, an id that is blank, `.` or `..`, and in a path one with
/// `/`, `\`, `?` or `#`. In a path such an id changes the request: `..` is resolved away (GET /
/// with the key, at the host's root), an empty id asks for the collection, and a proxy may
/// decode an encoded `/` or treat `\` as one. In a body it can only be a mistake.
pub(crate) fn check_id(
    vendor: Vendor,
    operation: &'static str,
    what: &str,
    id: &str,
    place: IdIn,
) -> Result<(), Error> {
    let invalid = |why: &str| Error::InvalidRequest {
        vendor,
        operation,
        message: format!("{what} {id:?} {why}; nothing was sent"),
    };
    match id.trim() {
        "" => return Err(invalid("is empty")),
        "." | ".." => return Err(invalid("is not an id")),
        _ => {}
    }
    if place == IdIn::Path && id.contains(['/', '\\', '?', '#']) {
        return Err(invalid(
            "cannot be an id: `/`, `\\`, `?` and `#` would change the request's path",
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn message(error: Error) -> String {
        match error {
            Error::Config { message } => message,
            other => panic!("not a configuration error: {other:?}"),
        }
    }

    #[test]
    fn accepts_http_urls_and_trims_the_slash() {
        assert_eq!(
            base_url("http://127.0.0.1:8080/proxy/").unwrap(),
            "http://127.0.0.1:8080/proxy"
        );
    }

    #[test]
    fn refuses_other_schemes_queries_and_userinfo_without_echoing_a_password() {
        assert!(base_url("ftp://x").is_err());
        assert!(base_url("not a url").is_err());
        assert!(base_url("https://x/?partner_key=1").is_err());
        for url in [
            "https://user:hunter2@x/",
            "https://user:hunter2@x/?q=1",
            "ftp://user:hunter2@x/",
            "user:hunter2@x:8080",
        ] {
            let err = base_url(url).unwrap_err().to_string();
            assert!(!err.contains("hunter2"), "{err}");
        }
        // A query is not echoed either: it may hold a partner_key.
        for url in [
            "https://x/path?partner_key=hunter2",
            "https://x/#hunter2",
            "x:8080/?partner_key=hunter2",
        ] {
            let err = base_url(url).unwrap_err().to_string();
            assert!(!err.contains("hunter2"), "{err}");
        }
        let err = base_url("https://x/path?partner_key=1")
            .unwrap_err()
            .to_string();
        assert!(err.contains("`https://x/path`"), "{err}");
    }

    #[test]
    fn https_without_a_tls_feature_is_refused_naming_both_features() {
        let error = message(check_base_url("https://api.verifik.co", false).unwrap_err());
        assert!(error.contains("`rustls`"), "{error}");
        assert!(error.contains("`native-tls`"), "{error}");
        assert!(error.contains("https://api.verifik.co"), "{error}");
        // Loopback http (the mock, tests) needs no TLS.
        assert_eq!(
            check_base_url("http://127.0.0.1:8080", false).unwrap(),
            "http://127.0.0.1:8080"
        );
        assert!(check_base_url("https://api.verifik.co", true).is_ok());
        // This build's answer follows its features.
        assert_eq!(base_url("https://api.verifik.co").is_ok(), TLS_AVAILABLE);
    }

    #[test]
    fn an_endpoint_without_a_scheme_gets_the_likely_url_suggested() {
        let error = message(base_url("127.0.0.1:8080").unwrap_err());
        assert!(error.contains("`http://127.0.0.1:8080`"), "{error}");
        let error = message(base_url("localhost:8080").unwrap_err());
        assert!(error.contains("`http://localhost:8080`"), "{error}");
        let error = message(base_url("api.verifik.co").unwrap_err());
        assert!(error.contains("`https://api.verifik.co`"), "{error}");
    }

    #[test]
    fn loopback_is_127_8_ipv6_one_and_localhost_only() {
        let loopback = |url: &str| is_loopback(&reqwest::Url::parse(url).unwrap());
        for url in [
            "http://127.0.0.1/",
            "http://127.8.9.10:1/",
            "http://[::1]:8080/",
            "http://localhost/",
            "http://LOCALHOST./",
        ] {
            assert!(loopback(url), "{url}");
        }
        for url in [
            "http://10.0.0.1/",
            "http://128.0.0.1/",
            "http://localhost.example.com/",
            "http://[::ffff:127.0.0.1]/",
            "http://example.com/",
        ] {
            assert!(!loopback(url), "{url}");
        }
    }

    #[test]
    fn ids_that_would_change_the_path_are_refused() {
        let check = |id: &str, place| check_id(Vendor::Verifik, "op", "the id", id, place);
        for id in ["", "  ", ".", "..", " .. "] {
            for place in [IdIn::Path, IdIn::Body] {
                let error = check(id, place).unwrap_err();
                assert!(
                    matches!(error, Error::InvalidRequest { .. }),
                    "{id:?}: {error:?}"
                );
            }
        }
        for id in ["a/b", "..\\x", "a?b=1", "a#b", "/"] {
            assert!(check(id, IdIn::Path).is_err(), "{id:?}");
            assert!(check(id, IdIn::Body).is_ok(), "{id:?}");
        }
        for id in [
            "a.b",
            "...",
            "d5335d6a-9d95-4977-9976-00dede352749",
            "a b",
            "%2e%2e",
        ] {
            assert!(check(id, IdIn::Path).is_ok(), "{id:?}");
        }
    }
}
