//! Base URLs: a vendor preset or any URL (a proxy, the mock), checked once at build time.

use crate::Error;

/// Checks `url` is an absolute http(s) URL without query or fragment and returns it without a
/// trailing slash (the generated clients append paths that start with `/`).
pub(crate) fn base_url(url: &str) -> Result<String, Error> {
    let parsed = reqwest::Url::parse(url)
        .map_err(|e| Error::config(format!("the endpoint `{url}` is not a valid URL: {e}")))?;
    if !matches!(parsed.scheme(), "http" | "https") {
        return Err(Error::config(format!(
            "the endpoint `{url}` must start with http:// or https://"
        )));
    }
    if parsed.query().is_some() || parsed.fragment().is_some() {
        return Err(Error::config(format!(
            "the endpoint `{url}` must not carry a query or fragment; credentials go in the client's builder"
        )));
    }
    if !parsed.username().is_empty() || parsed.password().is_some() {
        return Err(Error::config(
            "the endpoint must not carry a user name or password",
        ));
    }
    Ok(url.trim_end_matches('/').to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

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
        let err = base_url("https://user:hunter2@x/").unwrap_err().to_string();
        assert!(!err.contains("hunter2"), "{err}");
    }
}
