//! Evidence: base64 images decoded with their media type detected from the bytes, and remote
//! files downloaded streaming, checked against the vendor's MD5 and size, and never left behind
//! when the check fails.
//!
//! Downloads go over https only (plain http only to this machine, for the mock and tests),
//! redirects included, and never read more than a cap: see [`EvidenceDownloader`].

use std::fmt;
use std::path::{Path, PathBuf};

use base64::Engine as _;
use futures_util::StreamExt as _;
use md5::{Digest, Md5};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use tokio::io::AsyncWriteExt as _;

use crate::options::{DEFAULT_MAX_BODY_BYTES, HttpOptions};

/// What a piece of evidence shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum EvidenceKind {
    /// The best face frame of the session.
    BestFrame,
    /// The session's video.
    Video,
    /// A frame captured during a challenge.
    Challenge,
    /// A frame captured during one move of a challenge.
    Move,
    /// The submitted document image.
    Document,
}

/// Where the evidence's bytes are.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "type", rename_all = "snake_case")]
#[non_exhaustive]
pub enum EvidenceSource {
    /// In the response, base64-encoded.
    Inline {
        /// The base64 text as sent.
        base64: String,
    },
    /// At a URL, with the checks the vendor gives.
    Remote {
        /// Where to download it.
        url: String,
        /// The vendor's MD5, 32 hex characters.
        md5: Option<String>,
        /// The vendor's size in bytes.
        size: Option<u64>,
    },
}

/// One image or video a vendor returned.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Evidence {
    /// What it shows.
    pub kind: EvidenceKind,
    /// A short name: the challenge and evidence type (`CH_BLINK/MV_BLINK`), or `best_frame`.
    pub label: String,
    /// Where it sits in the vendor's response, e.g. `[0].evidences[0].data` or `Response.Video`.
    pub field: String,
    /// Its bytes, or where to get them.
    pub source: EvidenceSource,
}

impl Evidence {
    /// The evidence `kind` named `label`, found at `field` of the response.
    pub fn new(
        kind: EvidenceKind,
        label: impl Into<String>,
        field: impl Into<String>,
        source: EvidenceSource,
    ) -> Self {
        Self {
            kind,
            label: label.into(),
            field: field.into(),
            source,
        }
    }
}

impl EvidenceSource {
    /// Sent inline in the response, as base64.
    pub fn inline(base64: impl Into<String>) -> Self {
        Self::Inline {
            base64: base64.into(),
        }
    }

    /// To download from `url`; the vendor gives no MD5 or size.
    pub fn remote(url: impl Into<String>) -> Self {
        Self::Remote {
            url: url.into(),
            md5: None,
            size: None,
        }
    }
}

/// A media type detected from the content (never from the vendor's word).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum MediaType {
    /// `image/png`.
    Png,
    /// `image/jpeg`.
    Jpeg,
    /// `video/mp4`.
    Mp4,
    /// Anything else.
    Unknown,
}

impl MediaType {
    /// Detects the type from the first bytes.
    pub fn detect(bytes: &[u8]) -> Self {
        if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
            MediaType::Png
        } else if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
            MediaType::Jpeg
        } else if bytes.len() >= 8 && &bytes[4..8] == b"ftyp" {
            MediaType::Mp4
        } else {
            MediaType::Unknown
        }
    }

    /// The MIME type.
    pub fn mime(self) -> &'static str {
        match self {
            MediaType::Png => "image/png",
            MediaType::Jpeg => "image/jpeg",
            MediaType::Mp4 => "video/mp4",
            MediaType::Unknown => "application/octet-stream",
        }
    }

    /// A file extension, without the dot.
    pub fn extension(self) -> &'static str {
        match self {
            MediaType::Png => "png",
            MediaType::Jpeg => "jpg",
            MediaType::Mp4 => "mp4",
            MediaType::Unknown => "bin",
        }
    }
}

/// Decoded inline evidence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecodedEvidence {
    /// The bytes.
    pub bytes: Vec<u8>,
    /// Detected from the bytes.
    pub media_type: MediaType,
}

/// Why evidence could not be decoded, downloaded or checked. Names the field or file.
#[derive(Debug)]
#[non_exhaustive]
pub enum EvidenceError {
    /// The base64 text of `field` is not valid base64.
    Base64 {
        /// Where it sits in the response.
        field: String,
        /// What the decoder said.
        message: String,
    },
    /// `decode` was called on remote evidence; use `download`.
    NotInline {
        /// Where it sits in the response.
        field: String,
    },
    /// `download` was called on inline evidence; use `decode`.
    NotRemote {
        /// Where it sits in the response.
        field: String,
    },
    /// The download failed (connection, status).
    Download {
        /// Where it sits in the response.
        field: String,
        /// What went wrong.
        message: String,
    },
    /// The file's MD5 is not the vendor's; nothing was kept.
    Md5Mismatch {
        /// Where it sits in the response.
        field: String,
        /// The vendor's MD5.
        expected: String,
        /// The downloaded bytes' MD5.
        actual: String,
    },
    /// The file's size is not the vendor's; nothing was kept.
    SizeMismatch {
        /// Where it sits in the response.
        field: String,
        /// The vendor's size.
        expected: u64,
        /// The bytes received.
        actual: u64,
    },
    /// The URL is not one evidence is downloaded from: not https (plain http is allowed only to
    /// a loopback host), https in a build without TLS, or not a URL. The URL is not shown (it
    /// may be signed).
    Refused {
        /// Where it sits in the response.
        field: String,
        /// Why.
        message: String,
    },
    /// The file is larger than the cap (the vendor's size, the `Content-Length`, or the bytes
    /// received when neither says); nothing was kept.
    TooLarge {
        /// Where it sits in the response.
        field: String,
        /// The cap, in bytes.
        limit: u64,
    },
    /// Writing the file failed; nothing was kept.
    Io {
        /// The file.
        path: PathBuf,
        /// What the system said.
        message: String,
    },
}

impl fmt::Display for EvidenceError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            EvidenceError::Base64 { field, message } => {
                write!(f, "evidence `{field}` is not valid base64: {message}")
            }
            EvidenceError::NotInline { field } => {
                write!(f, "evidence `{field}` is a URL: download it instead")
            }
            EvidenceError::NotRemote { field } => {
                write!(f, "evidence `{field}` is inline: decode it instead")
            }
            EvidenceError::Download { field, message } => {
                write!(f, "downloading evidence `{field}` failed: {message}")
            }
            EvidenceError::Md5Mismatch {
                field,
                expected,
                actual,
            } => write!(
                f,
                "evidence `{field}`: MD5 {actual} does not match the vendor's {expected}; the file was not kept"
            ),
            EvidenceError::SizeMismatch {
                field,
                expected,
                actual,
            } => write!(
                f,
                "evidence `{field}`: {actual} bytes, the vendor said {expected}; the file was not kept"
            ),
            EvidenceError::Refused { field, message } => {
                write!(f, "evidence `{field}` was not downloaded: {message}")
            }
            EvidenceError::TooLarge { field, limit } => write!(
                f,
                "evidence `{field}` is larger than the {limit}-byte cap; nothing was kept \
                 (raise `max_body_bytes` if such files are expected)"
            ),
            EvidenceError::Io { path, message } => {
                write!(f, "writing {}: {message}", path.display())
            }
        }
    }
}

impl std::error::Error for EvidenceError {}

impl Evidence {
    /// Decodes inline evidence (standard base64; whitespace and missing padding tolerated).
    pub fn decode(&self) -> Result<DecodedEvidence, EvidenceError> {
        let EvidenceSource::Inline { base64 } = &self.source else {
            return Err(EvidenceError::NotInline {
                field: self.field.clone(),
            });
        };
        let compact: String = base64
            .chars()
            .filter(|c| !c.is_ascii_whitespace())
            .collect();
        let engine = base64::engine::GeneralPurpose::new(
            &base64::alphabet::STANDARD,
            base64::engine::GeneralPurposeConfig::new()
                .with_decode_padding_mode(base64::engine::DecodePaddingMode::Indifferent),
        );
        let bytes = engine
            .decode(compact.as_bytes())
            .map_err(|e| EvidenceError::Base64 {
                field: self.field.clone(),
                message: e.to_string(),
            })?;
        Ok(DecodedEvidence {
            media_type: MediaType::detect(&bytes),
            bytes,
        })
    }

    /// Downloads remote evidence to `path` with `http` (its timeouts and redirect policy) and
    /// the default cap, [`DEFAULT_MAX_BODY_BYTES`]; otherwise as
    /// [`EvidenceDownloader::download`], which takes the facade's [`HttpOptions`] instead.
    pub async fn download(
        &self,
        http: &reqwest::Client,
        path: &Path,
        progress: impl FnMut(u64, Option<u64>),
    ) -> Result<PathBuf, EvidenceError> {
        EvidenceDownloader {
            http: http.clone(),
            limit: DEFAULT_MAX_BODY_BYTES as u64,
        }
        .download(self, path, progress)
        .await
    }
}

/// Why `url` is not one to download evidence from, if it is not.
fn refusal(url: &reqwest::Url) -> Option<String> {
    match url.scheme() {
        "https" => crate::endpoint::check_tls("the evidence URL", crate::endpoint::TLS_AVAILABLE)
            .err()
            .map(|e| match e {
                crate::Error::Config { message } => message,
                other => other.to_string(),
            }),
        "http" if crate::endpoint::is_loopback(url) => None,
        "http" => Some(format!(
            "plain http to {} is refused: evidence is downloaded over https only (http only \
             from a loopback host, such as the mock)",
            url.host_str().unwrap_or("a host")
        )),
        other => Some(format!("`{other}:` URLs are not downloaded, only https")),
    }
}

/// Downloads remote [`Evidence`] with the facade's [`HttpOptions`]: its timeout and connect
/// timeout (or its `http_client`), and its `max_body_bytes` as the largest file read, whether
/// or not the vendor gives a size. Only https URLs are fetched (plain http only from a loopback
/// host), redirects included. Cheap to clone; build one and reuse it for every file.
///
/// ```no_run
/// # async fn run(verdict: liveness::verdict::Verdict) -> Result<(), Box<dyn std::error::Error>> {
/// use std::time::Duration;
/// use liveness::HttpOptions;
/// use liveness::verdict::{EvidenceDownloader, EvidenceSource};
///
/// let options = HttpOptions::default().timeout(Duration::from_secs(120));
/// let downloader = EvidenceDownloader::new(&options)?;
/// for (i, evidence) in verdict.evidence.iter().enumerate() {
///     if matches!(evidence.source, EvidenceSource::Remote { .. }) {
///         let path = std::path::PathBuf::from(format!("evidence-{i}.bin"));
///         downloader.download(evidence, &path, |_done, _total| {}).await?;
///     }
/// }
/// # Ok(()) }
/// ```
#[derive(Debug, Clone)]
pub struct EvidenceDownloader {
    http: reqwest::Client,
    limit: u64,
}

impl EvidenceDownloader {
    /// A downloader using `options`. Fails only when the HTTP client cannot be built (a
    /// [`crate::Error::Config`]).
    pub fn new(options: &HttpOptions) -> Result<Self, crate::Error> {
        let http = match &options.http_client {
            Some(client) => client.clone(),
            None => options
                .client_builder()
                // A redirect must meet the rule the first URL met (the checked final URL
                // would catch it too, but only after sending to it).
                .redirect(reqwest::redirect::Policy::custom(|attempt| {
                    if attempt.previous().len() >= 10 {
                        attempt.error("too many redirects")
                    } else if let Some(why) = refusal(attempt.url()) {
                        attempt.error(format!("a redirect was refused: {why}"))
                    } else {
                        attempt.follow()
                    }
                }))
                .build()
                .map_err(|e| {
                    crate::Error::config(format!("could not build the HTTP client: {e}"))
                })?,
        };
        Ok(Self {
            http,
            limit: options.max_body_bytes as u64,
        })
    }

    /// The largest file this downloader reads, in bytes.
    pub fn max_bytes(&self) -> u64 {
        self.limit
    }

    /// Downloads `evidence` to `path`, streaming, checking the vendor's size and MD5. The bytes
    /// go to a temporary file beside `path`, renamed only once both checks pass: a failed
    /// download leaves nothing. A file over [`EvidenceDownloader::max_bytes`] (by the vendor's
    /// size, the `Content-Length`, or the bytes received) is [`EvidenceError::TooLarge`]; a URL
    /// that is not https (or loopback http) is [`EvidenceError::Refused`], before anything is
    /// sent. `progress` is told the bytes so far and the total, if known.
    pub async fn download(
        &self,
        evidence: &Evidence,
        path: &Path,
        mut progress: impl FnMut(u64, Option<u64>),
    ) -> Result<PathBuf, EvidenceError> {
        let EvidenceSource::Remote { url, md5, size } = &evidence.source else {
            return Err(EvidenceError::NotRemote {
                field: evidence.field.clone(),
            });
        };
        let field = || evidence.field.clone();
        let failed = |message: String| EvidenceError::Download {
            field: field(),
            message,
        };
        let refused = |message: String| EvidenceError::Refused {
            field: field(),
            message,
        };
        let too_large = || EvidenceError::TooLarge {
            field: field(),
            limit: self.limit,
        };
        // Not echoed: the URL may be signed.
        let parsed = reqwest::Url::parse(url).map_err(|e| refused(format!("not a URL ({e})")))?;
        if let Some(why) = refusal(&parsed) {
            return Err(refused(why));
        }
        if size.is_some_and(|s| s > self.limit) {
            return Err(too_large());
        }
        let response = self
            .http
            .get(parsed)
            .send()
            .await
            .and_then(|r| r.error_for_status())
            .map_err(|e| match (e.is_redirect(), std::error::Error::source(&e)) {
                // The redirect policy's own message (no URL in it).
                (true, Some(why)) => refused(why.to_string()),
                // The URL may be signed: never show it.
                _ => failed(e.without_url().to_string()),
            })?;
        // A client of the caller's own may follow redirects anywhere: check where it ended.
        if let Some(why) = refusal(response.url()) {
            return Err(refused(format!("redirected: {why}")));
        }
        if response.content_length().is_some_and(|l| l > self.limit) {
            return Err(too_large());
        }
        let total = size.or(response.content_length());
        let partial = path.with_extension(format!(
            "{}.partial",
            path.extension().and_then(|e| e.to_str()).unwrap_or("")
        ));
        let io = |e: std::io::Error| EvidenceError::Io {
            path: partial.clone(),
            message: e.to_string(),
        };
        let outcome = async {
            let mut file = tokio::fs::File::create(&partial).await.map_err(io)?;
            let mut hasher = Md5::new();
            let mut received: u64 = 0;
            let mut stream = response.bytes_stream();
            while let Some(chunk) = stream.next().await {
                let chunk = chunk.map_err(|e| failed(e.without_url().to_string()))?;
                received += chunk.len() as u64;
                if let Some(expected) = size
                    && received > *expected
                {
                    return Err(EvidenceError::SizeMismatch {
                        field: field(),
                        expected: *expected,
                        actual: received,
                    });
                }
                if received > self.limit {
                    return Err(too_large());
                }
                hasher.update(&chunk);
                file.write_all(&chunk).await.map_err(io)?;
                progress(received, total);
            }
            file.flush().await.map_err(io)?;
            if let Some(expected) = size
                && received != *expected
            {
                return Err(EvidenceError::SizeMismatch {
                    field: field(),
                    expected: *expected,
                    actual: received,
                });
            }
            let actual = hex::encode(hasher.finalize());
            if let Some(expected) = md5
                && !expected.eq_ignore_ascii_case(&actual)
            {
                return Err(EvidenceError::Md5Mismatch {
                    field: field(),
                    expected: expected.clone(),
                    actual,
                });
            }
            Ok(())
        }
        .await;
        match outcome {
            Ok(()) => {
                tokio::fs::rename(&partial, path)
                    .await
                    .map_err(|e| EvidenceError::Io {
                        path: path.to_path_buf(),
                        message: e.to_string(),
                    })?;
                Ok(path.to_path_buf())
            }
            Err(error) => {
                let _ = tokio::fs::remove_file(&partial).await;
                Err(error)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn inline(base64: &str) -> Evidence {
        Evidence {
            kind: EvidenceKind::Challenge,
            label: "CH_BLINK/MV_BLINK".into(),
            field: "[0].evidences[0].data".into(),
            source: EvidenceSource::Inline {
                base64: base64.into(),
            },
        }
    }

    #[test]
    fn png_and_jpeg_are_detected_from_the_bytes() {
        let png = inline(
            "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==",
        );
        assert_eq!(png.decode().unwrap().media_type, MediaType::Png);
        let jpeg = inline("/9j/4AAQSkZJRg");
        assert_eq!(jpeg.decode().unwrap().media_type, MediaType::Jpeg);
        assert_eq!(
            inline("aGVsbG8=").decode().unwrap().media_type,
            MediaType::Unknown
        );
    }

    #[test]
    fn each_media_type_is_detected_and_named_as_a_browser_and_a_file_system_expect() {
        // (first bytes, type, MIME type, extension). An MP4 file starts with a box size, then
        // `ftyp`; eight bytes that are not `ftyp` at 4..8 are not one.
        let table: [(&[u8], MediaType, &str, &str); 6] = [
            (b"\x89PNG\r\n\x1a\n\0", MediaType::Png, "image/png", "png"),
            (
                &[0xFF, 0xD8, 0xFF, 0xE0],
                MediaType::Jpeg,
                "image/jpeg",
                "jpg",
            ),
            (b"\0\0\0\x18ftypmp42", MediaType::Mp4, "video/mp4", "mp4"),
            (
                b"\0\0\0\x18moovmp42",
                MediaType::Unknown,
                "application/octet-stream",
                "bin",
            ),
            (
                b"ftyp",
                MediaType::Unknown,
                "application/octet-stream",
                "bin",
            ),
            (b"", MediaType::Unknown, "application/octet-stream", "bin"),
        ];
        for (bytes, media_type, mime, extension) in table {
            let detected = MediaType::detect(bytes);
            assert_eq!(detected, media_type, "{bytes:?}");
            assert_eq!(detected.mime(), mime);
            assert_eq!(detected.extension(), extension);
        }
    }

    #[test]
    fn only_https_and_loopback_http_are_downloaded() {
        let refused = |url: &str| refusal(&reqwest::Url::parse(url).unwrap());
        assert_eq!(refused("http://127.0.0.1:8080/f.jpg"), None);
        assert_eq!(refused("http://localhost/f.jpg"), None);
        assert_eq!(refused("http://[::1]/f.jpg"), None);
        assert_eq!(
            refused("https://cdn.example.com/f.jpg?sign=s3cr3t").is_none(),
            crate::endpoint::TLS_AVAILABLE
        );
        let why = refused("http://cdn.example.com/f.jpg?sign=s3cr3t").expect("refused");
        assert!(why.contains("https"), "{why}");
        assert!(!why.contains("s3cr3t"), "{why}");
        assert!(refused("ftp://cdn.example.com/f.jpg").is_some());
        assert!(refused("file:///etc/passwd").is_some());
    }

    #[test]
    fn bad_base64_is_an_error_naming_the_field() {
        // TrustDecision's page example is cut off mid-character: an error, not a panic.
        assert!(
            inline("/9j/4AAQSkZJRgABAQAAAQABAAD/2wBDAAMCA")
                .decode()
                .is_err()
        );
        let error = inline("not base64 at all!").decode().unwrap_err();
        assert!(
            error.to_string().contains("[0].evidences[0].data"),
            "{error}"
        );
    }
}
