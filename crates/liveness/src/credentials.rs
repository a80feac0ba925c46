//! Credentials: reading them from the environment, refusing pasted mistakes (padding, control
//! characters, secrets too short to mask safely), and the signer that sends a key as a header.

use secrecy::SecretString;

use crate::Error;

/// A signer that sets header `name` to `value` on every request, marked sensitive so that
/// reqwest's and http's `Debug` output never shows it. `what` names the credential in the
/// error when `value` is not a valid header value (the value itself is never shown).
#[cfg(any(feature = "talentomobile", feature = "verifik"))]
pub(crate) fn header_signer(
    name: reqwest::header::HeaderName,
    value: &str,
    what: &str,
) -> Result<std::sync::Arc<dyn liveness_runtime::RequestSigner>, Error> {
    let mut value = reqwest::header::HeaderValue::from_str(value)
        .map_err(|_| Error::config(format!("{what} is not a valid header value")))?;
    value.set_sensitive(true);
    Ok(std::sync::Arc::new(
        move |request: &mut reqwest::Request, _operation: &str| {
            request.headers_mut().insert(name.clone(), value.clone());
            Ok::<(), liveness_runtime::SignerError>(())
        },
    ))
}

/// Reads a credential from the environment variable `name`, for client builders.
pub(crate) fn env_secret(name: &str) -> Result<SecretString, Error> {
    match std::env::var(name) {
        Ok(value) => Ok(SecretString::from(value)),
        Err(std::env::VarError::NotPresent) => Err(Error::config(format!(
            "{name} is not set; set it or pass the credential in code"
        ))),
        Err(std::env::VarError::NotUnicode(_)) => {
            Err(Error::config(format!("{name} is not valid UTF-8")))
        }
    }
}

/// The secret a builder was given, else the one in the environment variable `env`; either way
/// checked by [`check_secret`] (`what` names it in the error).
#[cfg(any(
    feature = "talentomobile",
    feature = "trustdecision",
    feature = "verifik"
))]
pub(crate) fn given_or_env(
    given: Option<SecretString>,
    what: &str,
    env: &str,
) -> Result<SecretString, Error> {
    let secret = match given {
        Some(secret) => secret,
        None => env_secret(env)?,
    };
    check_secret(what, env, secrecy::ExposeSecret::expose_secret(&secret))?;
    Ok(secret)
}

/// The shortest secret a builder accepts. Every known secret is masked wherever text is shown,
/// so a short one (`k`) would mangle every message ("expe[REDACTED]ted"); no vendor issues keys
/// this short, so such a value is a mistake (a placeholder, a truncated paste).
pub(crate) const MIN_SECRET_CHARS: usize = 8;

/// Refuses credentials that are empty, padded with whitespace, or not header-safe: a stray
/// newline from a secrets file would otherwise fail later as a bad signature. `what` names the
/// credential and `env` the variable it is read from when not given in code, so the message
/// points at the fix whichever way it came.
#[cfg(any(
    feature = "talentomobile",
    feature = "trustdecision",
    feature = "verifik"
))]
pub(crate) fn check_credential(what: &str, env: &str, value: &str) -> Result<(), Error> {
    if value.is_empty() {
        return Err(Error::config(format!("{what} ({env}) is empty")));
    }
    if value.trim() != value {
        return Err(Error::config(format!(
            "{what} ({env}) has leading or trailing whitespace; remove it (a trailing newline from a file is a common cause)"
        )));
    }
    if value.chars().any(|c| c.is_control()) {
        return Err(Error::config(format!(
            "{what} ({env}) contains control characters"
        )));
    }
    Ok(())
}

/// [`check_credential`] for a secret (a key or token, masked in everything shown), which must
/// also be at least [`MIN_SECRET_CHARS`] long.
#[cfg(any(
    feature = "tencent",
    feature = "talentomobile",
    feature = "trustdecision",
    feature = "verifik"
))]
pub(crate) fn check_secret(what: &str, env: &str, value: &str) -> Result<(), Error> {
    #[cfg(any(
        feature = "talentomobile",
        feature = "trustdecision",
        feature = "verifik"
    ))]
    check_credential(what, env, value)?;
    if value.chars().count() < MIN_SECRET_CHARS {
        return Err(Error::config(format!(
            "{what} ({env}) is shorter than {MIN_SECRET_CHARS} characters, so it cannot be a real one; \
             set {env} (or pass it in code) to the value the vendor issued"
        )));
    }
    Ok(())
}

// Every check is used by at least one of these vendors (Tencent's builder uses only
// `check_secret`).
#[cfg(all(
    test,
    any(
        feature = "talentomobile",
        feature = "trustdecision",
        feature = "verifik"
    )
))]
mod tests {
    use super::*;

    fn message(result: Result<(), Error>) -> String {
        match result {
            Err(Error::Config { message }) => message,
            other => panic!("not a configuration error: {other:?}"),
        }
    }

    #[test]
    fn a_secret_shorter_than_eight_characters_is_refused_naming_its_variable() {
        for short in ["k", "key", "1234567", "ключ"] {
            let shown = message(check_secret("the X key", "X_KEY", short));
            assert!(shown.contains("X_KEY"), "{shown}");
            assert!(shown.contains("shorter than 8"), "{shown}");
            assert!(!shown.contains(&format!("`{short}`")), "{shown}");
        }
        check_secret("the X key", "X_KEY", "12345678").expect("8 is enough");
        check_secret("the X key", "X_KEY", "ключключ").expect("characters, not bytes");
    }

    #[test]
    fn a_padded_or_empty_credential_names_its_variable() {
        for bad in ["", " padded-value", "padded-value\n", "a\u{7}bcdefgh"] {
            let shown = message(check_credential("the X code", "X_CODE", bad));
            assert!(shown.contains("X_CODE"), "{bad:?}: {shown}");
            let shown = message(check_secret("the X key", "X_KEY", bad));
            assert!(shown.contains("X_KEY"), "{bad:?}: {shown}");
        }
        // An identifier may be short: it is not masked, so it mangles nothing.
        check_credential("the X code", "X_CODE", "c").expect("short identifier");
    }
}

/// `text` with every non-empty secret of `secrets` replaced by `[REDACTED]`: what the clients
/// show of anything that may echo a credential (a body, a URL, a Redis error).
pub(crate) fn mask<'a>(text: &str, secrets: impl IntoIterator<Item = &'a SecretString>) -> String {
    use secrecy::ExposeSecret;
    secrets
        .into_iter()
        .map(|s| s.expose_secret())
        .filter(|s| !s.is_empty())
        .fold(text.to_owned(), |t, s| t.replace(s, "[REDACTED]"))
}
