//! Credentials read from the environment, for every vendor: missing, padded with whitespace,
//! and good. One test in its own binary: it sets process-wide variables, which no other test
//! may observe.
#![cfg(any(
    feature = "tencent",
    feature = "trustdecision",
    feature = "talentomobile",
    feature = "verifik"
))]

use liveness::Error;
use wiremock::Request;

// The facade's loopback-server helpers; the rest of its support (a global subscriber) is not
// for a binary that changes the environment.
#[path = "facade/support/server.rs"]
mod server;
#[path = "facade/support/signing.rs"]
mod signing;

use server::{answering, header_of, requests};

fn set(name: &str, value: &str) {
    // SAFETY: this binary holds one test; no other thread reads the environment (the mock
    // servers' threads never do).
    unsafe { std::env::set_var(name, value) }
}

fn unset(names: &[&str]) {
    for name in names {
        // SAFETY: as in `set`.
        unsafe { std::env::remove_var(name) }
    }
}

/// `Display` and `Debug` of a build error, which must be a configuration error.
fn config_error<T>(built: Result<T, Error>, case: &str) -> String {
    match built {
        Ok(_) => panic!("{case}: the build succeeded"),
        Err(error @ Error::Config { .. }) => format!("{error} {error:?}"),
        Err(other) => panic!("{case}: not a configuration error: {other:?}"),
    }
}

/// For each variable of `vars` (name, good value, what the message calls it): with the others
/// good and this one missing, the error names it; padded or empty, the error says so and names
/// it without showing the value. `optional` variables are not required; `secrets` (masked in
/// everything shown) must be at least 8 characters.
fn check_refusals<T>(
    vars: &[(&str, &str, &str)],
    optional: &[&str],
    secrets: &[&str],
    build: impl Fn() -> Result<T, Error>,
) {
    let names: Vec<&str> = vars.iter().map(|v| v.0).collect();
    for (name, _, _) in vars.iter().filter(|v| !optional.contains(&v.0)) {
        unset(&names);
        for (other, good, _) in vars {
            if other != name {
                set(other, good);
            }
        }
        unset(&[name]);
        let shown = config_error(build(), &format!("{name} unset"));
        assert!(shown.contains(name), "{name} unset: {shown}");
        set(name, "");
        let shown = config_error(build(), &format!("{name} empty"));
        assert!(shown.contains("empty"), "{name} empty: {shown}");
    }
    for (name, good, what) in vars {
        for (other, value, _) in vars {
            set(other, value);
        }
        let padded = format!("  {good}-PADDED\n");
        set(name, &padded);
        let shown = config_error(build(), &format!("{name} padded"));
        assert!(shown.contains("whitespace"), "{name} padded: {shown}");
        assert!(shown.contains(what), "{name} padded: {shown}");
        // The variable, so the fix is one look away.
        assert!(shown.contains(name), "{name} padded: {shown}");
        assert!(!shown.contains(padded.trim()), "{name} padded: {shown}");
    }
    // A secret too short to be real (and to mask without mangling text) names its variable.
    for (name, _, _) in vars.iter().filter(|v| secrets.contains(&v.0)) {
        for (other, value, _) in vars {
            set(other, value);
        }
        set(name, "short");
        let shown = config_error(build(), &format!("{name} short"));
        assert!(shown.contains(name), "{name} short: {shown}");
        assert!(shown.contains("shorter than 8"), "{name} short: {shown}");
    }
    for (name, good, _) in vars {
        set(name, good);
    }
}

/// A loopback server answering every request with `body`, and the requests it received after
/// `run` used it.
fn exchange<F>(
    runtime: &tokio::runtime::Runtime,
    body: serde_json::Value,
    run: impl FnOnce(String) -> F,
) -> Vec<Request>
where
    F: std::future::Future<Output = ()>,
{
    runtime.block_on(async {
        let server = answering(200, body).await;
        run(server.uri()).await;
        requests(&server).await
    })
}

#[test]
fn every_vendor_reads_its_environment_variables() {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    #[cfg(feature = "tencent")]
    tencent(&runtime);
    #[cfg(feature = "trustdecision")]
    trustdecision(&runtime);
    #[cfg(feature = "talentomobile")]
    talentomobile(&runtime);
    #[cfg(feature = "verifik")]
    verifik(&runtime);
}

#[cfg(feature = "tencent")]
fn tencent(runtime: &tokio::runtime::Runtime) {
    use liveness::tencent::tc3::Credentials;
    use liveness::tencent::{Client, SecureLevel};
    use secrecy::SecretString;

    const ID: &str = "AKIDfromenv0000";
    const KEY: &str = "tencent-key-from-env";
    const TOKEN: &str = "tencent-token-from-env";
    let vars = [
        ("TENCENTCLOUD_SECRET_ID", ID, "SecretId"),
        ("TENCENTCLOUD_SECRET_KEY", KEY, "SecretKey"),
        ("TENCENTCLOUD_SESSION_TOKEN", TOKEN, "session token"),
        ("TENCENTCLOUD_REGION", "ap-jakarta", "region"),
    ];
    check_refusals(
        &vars,
        &["TENCENTCLOUD_SESSION_TOKEN"],
        &["TENCENTCLOUD_SECRET_KEY", "TENCENTCLOUD_SESSION_TOKEN"],
        || Client::builder().base_url("http://127.0.0.1:9").build(),
    );

    let body = serde_json::json!({"Response": {"SdkToken": "t", "RequestId": "r"}});
    let call = |base: String| async move {
        let client = Client::builder().base_url(base).build().expect("tencent");
        client
            .apply_liveness_token(Some(SecureLevel::Silent))
            .await
            .expect("tencent call");
    };
    let received = exchange(runtime, body.clone(), call);
    assert_eq!(received.len(), 1);
    let request = &received[0];
    assert_eq!(header_of(request, "x-tc-token"), TOKEN);
    assert_eq!(header_of(request, "x-tc-region"), "ap-jakarta");
    let authorization = header_of(request, "authorization");
    assert!(
        authorization.starts_with(&format!("TC3-HMAC-SHA256 Credential={ID}/")),
        "{authorization}"
    );
    // Signed with the key from the environment: recomputed from what arrived, a POST to `/`
    // signing Content-Type and Host.
    assert_eq!(
        (
            request.method.as_str(),
            request.url.path(),
            request.url.query()
        ),
        ("POST", "/", None)
    );
    assert!(
        authorization.contains("SignedHeaders=content-type;host,"),
        "{authorization}"
    );
    let credentials = Credentials::new(ID, SecretString::from(KEY)).expect("credentials");
    let expected = signing::expected_authorization(request, &credentials);
    assert_eq!(authorization, expected);

    // Without a session token, no X-TC-Token.
    unset(&["TENCENTCLOUD_SESSION_TOKEN"]);
    let received = exchange(runtime, body, call);
    assert!(received[0].headers.get("x-tc-token").is_none());
    unset(&vars.map(|v| v.0));
}

#[cfg(feature = "trustdecision")]
fn trustdecision(runtime: &tokio::runtime::Runtime) {
    use liveness::trustdecision::Client;

    const CODE: &str = "td-code-from-env";
    const KEY: &str = "td-key-from-env";
    let vars = [
        ("TRUSTDECISION_PARTNER_CODE", CODE, "partner_code"),
        ("TRUSTDECISION_PARTNER_KEY", KEY, "partner_key"),
    ];
    check_refusals(&vars, &[], &["TRUSTDECISION_PARTNER_KEY"], || {
        Client::builder().base_url("http://127.0.0.1:9").build()
    });

    let body = serde_json::json!({"code": 200, "license": "l", "expiry_timestamp": 1});
    let received = exchange(runtime, body, |base| async move {
        let client = Client::builder().base_url(base).build().expect("td");
        client.license(None).await.expect("trustdecision call");
    });
    assert_eq!(received.len(), 1);
    let query = server::query_pairs(&received[0]);
    assert!(
        query.contains(&("partner_code".into(), CODE.into())),
        "{query:?}"
    );
    assert!(
        query.contains(&("partner_key".into(), KEY.into())),
        "{query:?}"
    );
    unset(&vars.map(|v| v.0));
}

#[cfg(feature = "talentomobile")]
fn talentomobile(runtime: &tokio::runtime::Runtime) {
    use liveness::talentomobile::Client;

    const KEY: &str = "talento-key-from-env";
    let vars = [("TALENTOMOBILE_API_KEY", KEY, "API key")];
    check_refusals(&vars, &[], &["TALENTOMOBILE_API_KEY"], || {
        Client::builder().base_url("http://127.0.0.1:9").build()
    });

    let received = exchange(runtime, serde_json::json!([]), |base| async move {
        let client = Client::builder().base_url(base).build().expect("talento");
        client.result("p").await.expect("talentomobile call");
    });
    assert_eq!(received.len(), 1);
    assert_eq!(header_of(&received[0], "authorization"), KEY);

    // A key given in code wins over the environment.
    let received = exchange(runtime, serde_json::json!([]), |base| async move {
        let client = Client::builder()
            .api_key("talento-key-in-code")
            .base_url(base)
            .build()
            .expect("talento");
        client.result("p").await.expect("talentomobile call");
    });
    assert_eq!(
        header_of(&received[0], "authorization"),
        "talento-key-in-code"
    );

    // From the file TALENTOMOBILE_API_KEY_FILE names, without its trailing line break; with
    // the variable set too, refused (which one is meant is unclear).
    let file = tempfile::NamedTempFile::new().expect("temp file");
    std::fs::write(file.path(), "talento-key-from-file\n").expect("written");
    unset(&["TALENTOMOBILE_API_KEY"]);
    set(
        "TALENTOMOBILE_API_KEY_FILE",
        file.path().to_str().expect("UTF-8 path"),
    );
    let received = exchange(runtime, serde_json::json!([]), |base| async move {
        let client = Client::builder().base_url(base).build().expect("talento");
        client.result("p").await.expect("talentomobile call");
    });
    assert_eq!(
        header_of(&received[0], "authorization"),
        "talento-key-from-file"
    );
    set("TALENTOMOBILE_API_KEY", KEY);
    let both = config_error(
        Client::builder().base_url("http://127.0.0.1:9").build(),
        "both set",
    );
    assert!(
        both.contains("both TALENTOMOBILE_API_KEY and TALENTOMOBILE_API_KEY_FILE"),
        "{both}"
    );
    assert!(!both.contains(KEY) && !both.contains("from-file"), "{both}");
    // The public reader the mock uses: the same answers.
    assert!(liveness::credential_from_env("TALENTOMOBILE_API_KEY").is_err());
    unset(&["TALENTOMOBILE_API_KEY"]);
    let read = liveness::credential_from_env("TALENTOMOBILE_API_KEY").expect("readable");
    assert_eq!(
        read.as_ref().map(secrecy::ExposeSecret::expose_secret),
        Some("talento-key-from-file")
    );
    assert!(
        liveness::credential_from_env("LIVENESS_TEST_UNSET_CREDENTIAL")
            .expect("nothing to read")
            .is_none()
    );
    unset(&["TALENTOMOBILE_API_KEY", "TALENTOMOBILE_API_KEY_FILE"]);
}

#[cfg(feature = "verifik")]
fn verifik(runtime: &tokio::runtime::Runtime) {
    use liveness::verifik::Client;

    const TOKEN: &str = "verifik-token-from-env";
    let vars = [("VERIFIK_TOKEN", TOKEN, "token")];
    check_refusals(&vars, &[], &["VERIFIK_TOKEN"], || {
        Client::builder().base_url("http://127.0.0.1:9").build()
    });

    let body = serde_json::json!({"data": {"_id": "x"}});
    let received = exchange(runtime, body, |base| async move {
        let client = Client::builder().base_url(base).build().expect("verifik");
        client.retrieve("x").await.expect("verifik call");
    });
    assert_eq!(received.len(), 1);
    assert_eq!(
        header_of(&received[0], "authorization"),
        format!("Bearer {TOKEN}")
    );
    unset(&vars.map(|v| v.0));
}
