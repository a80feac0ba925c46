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

/// The suffix of the variable that names a file holding a credential (`TALENTOMOBILE_API_KEY_FILE`
/// for `TALENTOMOBILE_API_KEY`): how Docker and Kubernetes hand a service its secrets.
pub(crate) const FILE_SUFFIX: &str = "_FILE";

/// The largest credential file read: every vendor's credentials are well under 1 KiB, so a
/// bigger file is the wrong file (and is not read into memory whole).
pub(crate) const MAX_CREDENTIAL_FILE_BYTES: u64 = 64 * 1024;

/// Where a credential read from the environment came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Origin {
    /// The variable itself.
    Variable,
    /// The file its `_FILE` variable names.
    File(std::path::PathBuf),
}

/// Reads credential `name` from the environment: the variable, else the file `<name>_FILE`
/// names (one trailing line break removed: an editor or `echo` ends a file with one, and it is
/// never part of a key). `None` when neither is set; an error when both are, non-empty (which
/// one was meant is unclear), or when the file cannot be read or is too big. Never shows the value.
pub(crate) fn read_env(name: &str) -> Result<Option<(String, Origin)>, Error> {
    read_with(name, |n| std::env::var_os(n))
}

/// [`read_env`] over any variable lookup, so that it is tested without changing the process's
/// environment.
fn read_with(
    name: &str,
    var: impl Fn(&str) -> Option<std::ffi::OsString>,
) -> Result<Option<(String, Origin)>, Error> {
    let file_var = format!("{name}{FILE_SUFFIX}");
    // An empty one counts as unset beside the other (an entrypoint may export both, one
    // empty), as Docker's official images read their `_FILE` variables.
    let set = |name: &str| var(name).filter(|value| !value.is_empty());
    match (set(name), set(&file_var)) {
        (Some(_), Some(_)) => Err(Error::config(format!(
            "both {name} and {file_var} are set; keep one"
        ))),
        (Some(value), None) => value
            .into_string()
            .map(|value| Some((value, Origin::Variable)))
            .map_err(|_| Error::config(format!("{name} is not valid UTF-8"))),
        (None, Some(path)) => {
            let path = std::path::PathBuf::from(path);
            read_file(&path)
                .map(|value| Some((value, Origin::File(path.clone()))))
                .map_err(|why| {
                    Error::config(format!("{file_var} names {}, which {why}", path.display()))
                })
        }
        // Set but empty, or not set at all: the checks tell the two apart.
        (None, None) => Ok(var(name).map(|_| (String::new(), Origin::Variable))),
    }
}

/// The credential in the file at `path`, without one trailing line break; or why not.
fn read_file(path: &std::path::Path) -> Result<String, String> {
    use std::io::Read;

    let file = std::fs::File::open(path).map_err(|e| format!("cannot be opened: {e}"))?;
    let mut bytes = Vec::new();
    file.take(MAX_CREDENTIAL_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| format!("cannot be read: {e}"))?;
    if bytes.len() as u64 > MAX_CREDENTIAL_FILE_BYTES {
        return Err(format!(
            "is bigger than {MAX_CREDENTIAL_FILE_BYTES} bytes, so it is not a credential"
        ));
    }
    let mut text = String::from_utf8(bytes).map_err(|_| "is not UTF-8 text".to_owned())?;
    if text.ends_with('\n') {
        text.pop();
        if text.ends_with('\r') {
            text.pop();
        }
    }
    Ok(text)
}

/// A credential from the environment as the client builders read it: the variable `name`, else
/// the file its `_FILE` twin names (`TALENTOMOBILE_API_KEY_FILE` for `TALENTOMOBILE_API_KEY`;
/// one trailing line break removed, at most 64 KiB). `Ok(None)` when neither is set; an
/// [`Error::Config`] when both are (non-empty), or the file cannot be read as text. For code
/// that must accept the same credentials as the clients (a mock server, a check of its own).
pub fn credential_from_env(name: &str) -> Result<Option<SecretString>, Error> {
    Ok(read_env(name)?.map(|(value, _)| SecretString::from(value)))
}

/// Reads a credential from the environment (the variable `name`, or the file `<name>_FILE`
/// names), for client builders.
pub(crate) fn env_secret(name: &str) -> Result<SecretString, Error> {
    credential_from_env(name)?.ok_or_else(|| {
        Error::config(format!(
            "{name} is not set (nor {name}{FILE_SUFFIX}); set it or pass the credential in code"
        ))
    })
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

#[cfg(test)]
mod file_tests {
    use std::ffi::OsString;

    use super::*;

    /// [`read_with`] over a table of variables.
    fn read(name: &str, vars: &[(&str, &str)]) -> Result<Option<(String, Origin)>, Error> {
        let vars: Vec<(String, OsString)> = vars
            .iter()
            .map(|(k, v)| ((*k).to_owned(), OsString::from(v)))
            .collect();
        read_with(name, |n| {
            vars.iter().find(|(k, _)| k == n).map(|(_, v)| v.clone())
        })
    }

    fn file(content: &[u8]) -> tempfile::NamedTempFile {
        let mut file = tempfile::NamedTempFile::new().expect("temp file");
        std::io::Write::write_all(&mut file, content).expect("written");
        file
    }

    #[test]
    fn the_variable_else_its_file_without_one_trailing_line_break() {
        assert_eq!(read("K", &[]).unwrap(), None);
        assert_eq!(
            read("K", &[("K", ""), ("K_FILE", "")]).unwrap(),
            Some((String::new(), Origin::Variable)),
            "set but empty is not unset"
        );
        assert_eq!(
            read("K", &[("K", "value-1")]).unwrap(),
            Some(("value-1".into(), Origin::Variable))
        );
        for (content, expected) in [
            (&b"value-2\n"[..], "value-2"),
            (b"value-2\r\n", "value-2"),
            (b"value-2", "value-2"),
            // Only one: a second line break is a paste error the checks report.
            (b"value-2\n\n", "value-2\n"),
            (b"", ""),
        ] {
            let f = file(content);
            let path = f.path().to_str().unwrap();
            for vars in [[("K_FILE", path), ("-", "")], [("K_FILE", path), ("K", "")]] {
                let (value, origin) = read("K", &vars).unwrap().unwrap();
                assert_eq!(value, expected, "{content:?}");
                assert_eq!(origin, Origin::File(f.path().to_owned()));
            }
        }
    }

    #[test]
    fn both_set_a_missing_file_a_big_one_and_binary_are_refused_without_the_value() {
        let f = file(b"secret-in-file\n");
        let path = f.path().to_str().unwrap();
        let both = read("K", &[("K", "secret-in-var"), ("K_FILE", path)]).unwrap_err();
        assert!(both.to_string().contains("both K and K_FILE"), "{both}");
        let missing = read("K", &[("K_FILE", "/nonexistent/liveness-key")]).unwrap_err();
        assert!(
            missing.to_string().contains("/nonexistent/liveness-key"),
            "{missing}"
        );
        let big = file(&vec![b'k'; MAX_CREDENTIAL_FILE_BYTES as usize + 1]);
        let error = read("K", &[("K_FILE", big.path().to_str().unwrap())]).unwrap_err();
        assert!(error.to_string().contains("bigger than"), "{error}");
        let exact = file(&vec![b'k'; MAX_CREDENTIAL_FILE_BYTES as usize]);
        assert!(read("K", &[("K_FILE", exact.path().to_str().unwrap())]).is_ok());
        let binary = file(&[0xff, 0xfe, b's', b'e', b'c']);
        let error = read("K", &[("K_FILE", binary.path().to_str().unwrap())]).unwrap_err();
        assert!(error.to_string().contains("not UTF-8"), "{error}");
        for shown in [both, missing] {
            let shown = format!("{shown} {shown:?}");
            assert!(!shown.contains("secret-in"), "{shown}");
        }
    }
}
