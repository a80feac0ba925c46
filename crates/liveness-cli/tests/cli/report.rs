//! `--report FILE.html` through the binary against the mock, rendered in headless chromium:
//! self-contained, escaped, free of credentials, every image decodes and the outcome shows.

use std::path::{Path, PathBuf};

use crate::support::{
    Harness, TALENTOMOBILE_SAMPLE, assert_no_secret, chromium_run, json, ok, stderr,
};
use base64::Engine as _;
use liveness_mock::{Outcome, Vendor};

/// Test-only: after every image has loaded or failed (`load`), writes into the title how many
/// images decoded and whether the first outcome is visible, for `--dump-dom` to show. The
/// shipped report has no script; this goes into a copy.
const PROBE: &str = r#"<script>
window.addEventListener('load', function () {
  var images = Array.prototype.slice.call(document.images);
  var decoded = images.filter(function (i) { return i.complete && i.naturalWidth > 0; }).length;
  var outcome = document.getElementById('outcome-0');
  var visible = false, text = '';
  if (outcome) {
    var box = outcome.getBoundingClientRect();
    var style = window.getComputedStyle(outcome);
    visible = box.width > 0 && box.height > 0 && box.top >= 0 && box.top < window.innerHeight
      && style.visibility === 'visible' && style.display !== 'none' && parseFloat(style.opacity) > 0
      && style.color !== style.backgroundColor;
    text = outcome.innerText.replace(/\s+/g, ' ').trim();
  }
  document.title = 'probe;images:' + decoded + '/' + images.length + ';outcome-visible:' + visible
    + ';outcome:' + text + ';';
});
</script>"#;

/// What the probe saw.
#[derive(Debug)]
struct Rendered {
    decoded: usize,
    images: usize,
    outcome_visible: bool,
    outcome: String,
}

/// Renders a copy of `report` with the probe in chromium and reads the probe's title.
fn render(report: &Path) -> Rendered {
    let html = std::fs::read_to_string(report).expect("report");
    let dir = tempfile::tempdir().expect("dir");
    // Only scripts are let in, for the probe; images keep the report's own policy (data: only).
    let probed = html.replacen(
        "default-src 'none';",
        "default-src 'none'; script-src 'unsafe-inline';",
        1,
    );
    assert_ne!(
        probed, html,
        "the report declares its Content-Security-Policy"
    );
    let probed = probed.replacen("</body>", &format!("{PROBE}</body>"), 1);
    let page = dir.path().join("probed.html");
    std::fs::write(&page, probed).expect("write");
    let dom = chromium_run(&page, &["--dump-dom"]);
    let title = dom
        .split("<title>")
        .nth(1)
        .and_then(|t| t.split("</title>").next())
        .unwrap_or_default();
    assert!(
        title.starts_with("probe;"),
        "the probe did not run: {title}"
    );
    let field = |name: &str| {
        title
            .split(';')
            .find_map(|f| f.strip_prefix(&format!("{name}:")))
            .unwrap_or_else(|| panic!("{name} missing from {title}"))
            .to_owned()
    };
    let images = field("images");
    let (decoded, total) = images.split_once('/').expect("n/m");
    Rendered {
        decoded: decoded.parse().expect("n"),
        images: total.parse().expect("m"),
        outcome_visible: field("outcome-visible") == "true",
        outcome: field("outcome"),
    }
}

/// The shipped page loads nothing and runs nothing: no script, no stylesheet or font link, every
/// `src` a `data:` URI, and links only to `#` anchors or to the evidence URLs given.
fn assert_self_contained(html: &str, evidence_urls: &[String]) {
    let lower = html.to_ascii_lowercase();
    assert!(html.starts_with("<!DOCTYPE html>"), "a full page");
    for forbidden in [
        "<script", "<link", "@import", "url(", "<iframe", "<object", "<embed",
    ] {
        assert!(!lower.contains(forbidden), "the report holds {forbidden}");
    }
    assert!(
        html.contains("http-equiv=\"Content-Security-Policy\" content=\"default-src 'none';"),
        "the report declares a policy that forbids loading"
    );
    for source in attribute_values(html, "src") {
        assert!(source.starts_with("data:"), "src={source}");
    }
    for href in attribute_values(html, "href") {
        let href = href.replace("&amp;", "&");
        assert!(
            href.starts_with('#') || evidence_urls.contains(&href),
            "a link that is not evidence: {href}"
        );
    }
}

fn attribute_values(html: &str, name: &str) -> Vec<String> {
    html.split(&format!(" {name}=\""))
        .skip(1)
        .map(|rest| rest.split('"').next().unwrap_or_default().to_owned())
        .collect()
}

fn report_path(dir: &tempfile::TempDir, name: &str) -> PathBuf {
    dir.path().join(name)
}

#[test]
fn a_talentomobile_report_renders_with_every_image_decoded() {
    let h = Harness::new();
    let dir = tempfile::tempdir().unwrap();
    let report = report_path(&dir, "talentomobile.html");
    let output = h.run(&[
        "talentomobile",
        "result",
        "--id",
        TALENTOMOBILE_SAMPLE,
        "--env",
        "pre",
        "--report",
        report.to_str().unwrap(),
    ]);
    ok(&output);
    assert!(
        stderr(&output).contains("report written"),
        "{}",
        stderr(&output)
    );
    let html = std::fs::read_to_string(&report).expect("the report was written");
    assert_self_contained(&html, &[]);
    assert_no_secret(&html, "the report");
    for expected in [
        "Talentomobile VideoFace Plus",
        TALENTOMOBILE_SAMPLE,
        ">passed<",
        "0.9998",            // normalized
        "99.9845 on 0..100", // raw, with its scale
        "Charged</th><td>not said",
        "2021-09-10 07:53:09 UTC", // started
        "2021-09-10 07:57:32 UTC", // completed
        "<code>CH_BLINK</code>",
        "<code>CH_HEAD_POSE</code>",
        "MV_HEAD_TURN_RIGHT passed",
        "<details id=\"raw\">",
    ] {
        assert!(
            html.contains(expected),
            "{expected} missing from the report"
        );
    }
    assert_eq!(html.matches("<img ").count(), 5, "every evidence image");
    // The raw response comes last, folded.
    assert!(html.rfind("<details").unwrap() > html.rfind("<figure").unwrap());

    let rendered = render(&report);
    assert_eq!(rendered.images, 5, "{rendered:?}");
    assert_eq!(rendered.decoded, 5, "every image decodes: {rendered:?}");
    assert!(rendered.outcome_visible, "{rendered:?}");
    assert!(
        rendered.outcome.eq_ignore_ascii_case("passed"),
        "{rendered:?}"
    );
}

#[test]
fn a_rejected_verdict_shows_its_reason() {
    let h = Harness::new();
    let process = h.mock.create_session(
        Vendor::Talentomobile,
        Outcome::Attack(Some("CH_BLINK".into())),
    );
    let dir = tempfile::tempdir().unwrap();
    let report = report_path(&dir, "rejected.html");
    let output = h.run(&[
        "talentomobile",
        "result",
        "--id",
        &process,
        "--report",
        report.to_str().unwrap(),
        "--fail-on-reject",
    ]);
    assert_eq!(output.status.code(), Some(3), "{}", stderr(&output));
    let html = std::fs::read_to_string(&report).expect("written before --fail-on-reject exits");
    assert!(html.contains("challenge CH_BLINK failed"), "the reason");
    assert!(
        html.contains("class=\"bad\">failed<"),
        "the failed challenge"
    );
    let rendered = render(&report);
    assert!(rendered.outcome_visible, "{rendered:?}");
    assert!(
        rendered
            .outcome
            .to_ascii_lowercase()
            .starts_with("rejected"),
        "{rendered:?}"
    );
    assert!(rendered.outcome.contains("CH_BLINK"), "{rendered:?}");
    assert_eq!(rendered.decoded, rendered.images, "{rendered:?}");
}

#[test]
fn tencent_evidence_is_embedded_once_downloaded_and_checked_else_linked_with_its_md5() {
    let h = Harness::new();
    let token = h.mock.create_session(Vendor::Tencent, Outcome::Pass);
    let dir = tempfile::tempdir().unwrap();
    let base = [
        "tencent",
        "result",
        "--region",
        "ap-singapore",
        "--sdk-token",
        &token,
    ];

    let linked = report_path(&dir, "linked.html");
    let printed = h.run(
        &[
            &base[..],
            &["--output", "json", "--report", linked.to_str().unwrap()],
        ]
        .concat(),
    );
    ok(&printed);
    let evidence = json(&printed)["result"]["evidence"].clone();
    let remote: Vec<(String, String)> = evidence
        .as_array()
        .expect("evidence")
        .iter()
        .map(|e| {
            (
                e["source"]["url"].as_str().expect("a URL").to_owned(),
                e["source"]["md5"].as_str().expect("an MD5").to_owned(),
            )
        })
        .collect();
    assert_eq!(remote.len(), 2, "best frame and video");
    let urls: Vec<String> = remote.iter().map(|(u, _)| u.clone()).collect();
    let html = std::fs::read_to_string(&linked).unwrap();
    assert_self_contained(&html, &urls);
    assert_no_secret(&html, "the report");
    assert!(!html.contains("data:image/jpeg"), "nothing was downloaded");
    for (url, md5) in &remote {
        assert!(html.contains(&format!("href=\"{url}\"")), "{url} linked");
        assert!(html.contains(md5), "its MD5 shown");
    }
    assert!(html.contains("Charged</th><td>yes"));
    assert!(html.contains("liveness (Result 0)"));

    let saved = tempfile::tempdir().unwrap();
    let embedded = report_path(&dir, "embedded.html");
    let output = h.run(
        &[
            &base[..],
            &[
                "--save-evidence",
                saved.path().to_str().unwrap(),
                "--report",
                embedded.to_str().unwrap(),
            ],
        ]
        .concat(),
    );
    ok(&output);
    let html = std::fs::read_to_string(&embedded).unwrap();
    assert_self_contained(&html, &urls);
    for file in std::fs::read_dir(saved.path()).unwrap() {
        let path = file.unwrap().path();
        let bytes = std::fs::read(&path).unwrap();
        let mime = if path.extension().unwrap() == "mp4" {
            "video/mp4"
        } else {
            "image/jpeg"
        };
        let uri = format!(
            "src=\"data:{mime};base64,{}\"",
            base64::engine::general_purpose::STANDARD.encode(&bytes)
        );
        assert!(html.contains(&uri), "{} embedded", path.display());
    }
    assert!(!html.contains("not downloaded"), "nothing left as a link");
}

#[test]
fn a_verifik_list_report_has_a_section_per_record_and_checks() {
    let h = Harness::new();
    let dir = tempfile::tempdir().unwrap();
    let image = dir.path().join("document.png");
    std::fs::write(&image, b"\x89PNG\r\n\x1a\nnot really an image").unwrap();
    ok(&h.run(&["verifik", "create", "--image", image.to_str().unwrap()]));
    let report = report_path(&dir, "list.html");
    let listed = h.run(&[
        "verifik",
        "list",
        "--output",
        "json",
        "--report",
        report.to_str().unwrap(),
    ]);
    ok(&listed);
    let verdicts = json(&listed)["result"]["verdicts"]
        .as_array()
        .expect("verdicts")
        .clone();
    assert!(verdicts.len() >= 2, "the fixture and the new record");
    let html = std::fs::read_to_string(&report).unwrap();
    assert_self_contained(&html, &[]);
    assert_eq!(
        html.matches("<section class=\"verdict\" id=\"verdict-")
            .count(),
        verdicts.len()
    );
    for (n, verdict) in verdicts.iter().enumerate() {
        let id = verdict["id"].as_str().unwrap();
        assert!(
            html.contains(&format!("<a href=\"#verdict-{n}\">{id}</a>")),
            "{id} indexed"
        );
    }
    let result = report_path(&dir, "record.html");
    ok(&h.run(&[
        "verifik",
        "result",
        "--id",
        "fixture-success",
        "--report",
        result.to_str().unwrap(),
    ]));
    let html = std::fs::read_to_string(&result).unwrap();
    assert!(html.contains("<code>screen replay</code>"), "each check");
    let rendered = render(&result);
    assert!(rendered.outcome_visible, "{rendered:?}");
}

#[test]
fn what_the_vendor_or_the_user_sends_is_escaped() {
    let h = Harness::new();
    let dir = tempfile::tempdir().unwrap();
    let report = report_path(&dir, "escaped.html");
    let hostile = "<img src=x onerror=alert(1)>\"'&";
    let output = h.run(&[
        "talentomobile",
        "result",
        "--id",
        hostile,
        "--report",
        report.to_str().unwrap(),
    ]);
    ok(&output);
    let html = std::fs::read_to_string(&report).unwrap();
    assert!(!html.contains(hostile), "the id is escaped");
    assert!(html.contains("&lt;img src=x onerror=alert(1)&gt;&quot;&#39;&amp;"));
    assert!(html.contains(">not found<"), "an unknown id is not found");
    assert_self_contained(&html, &[]);
    let rendered = render(&report);
    assert_eq!(
        rendered.images, 0,
        "the id did not become an image: {rendered:?}"
    );
}

#[test]
fn an_unwritable_report_is_an_evidence_error() {
    let h = Harness::new();
    let output = h.run(&[
        "talentomobile",
        "result",
        "--id",
        TALENTOMOBILE_SAMPLE,
        "--report",
        "/nonexistent-dir/for/report.html",
    ]);
    assert_eq!(output.status.code(), Some(8), "{}", stderr(&output));
    assert!(stderr(&output).contains("report"), "{}", stderr(&output));
}
