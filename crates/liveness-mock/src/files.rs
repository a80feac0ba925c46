//! The files the mock serves under `/__files/`: the remote evidence (Tencent's BestFrame and
//! Video, Verifik's saved image) of its sessions and of the specs' examples. Every URL it hands
//! out points at the mock itself, so downloading evidence never leaves the machine.

use bytes::Bytes;
use md5::{Digest, Md5};
use serde_json::{Value, json};

/// The longest label written into a file (a JPEG comment segment holds at most 65533 bytes).
const MAX_LABEL: usize = 200;

/// `http://127.0.0.1:PORT/__files/<path>`: where the mock serves the file stored as `path`.
pub(crate) fn url(base_url: &str, path: &str) -> String {
    format!("{base_url}/__files/{path}")
}

/// Tencent's FileInfo for `bytes` served at `url`: the MD5 and Size of exactly those bytes.
pub(crate) fn file_info(url: String, bytes: &[u8]) -> Value {
    json!({
        "Url": url,
        "MD5": hex::encode(Md5::digest(bytes)),
        "Size": bytes.len(),
    })
}

/// An 8x8 baseline JPEG (made for the mock), so a downloaded best frame decodes in a viewer
/// or a report like a real one.
const FRAME: &[u8] = include_bytes!("frame.jpg");

/// A small, decodable JPEG: [`FRAME`] with a comment segment naming `label` after its SOI, so
/// each session's file (and its MD5) is its own.
pub(crate) fn jpeg(label: &str) -> Bytes {
    let comment = format!("liveness-mock image {}", clip(label));
    let mut bytes = Vec::with_capacity(FRAME.len() + comment.len() + 4);
    bytes.extend_from_slice(&FRAME[..2]);
    bytes.extend_from_slice(&[0xFF, 0xFE]);
    // The segment length counts its own two bytes; `clip` keeps it far below u16::MAX.
    bytes.extend_from_slice(&((comment.len() + 2) as u16).to_be_bytes());
    bytes.extend_from_slice(comment.as_bytes());
    bytes.extend_from_slice(&FRAME[2..]);
    Bytes::from(bytes)
}

/// A small MP4-looking file (an `ftyp` box and `label`).
pub(crate) fn mp4(label: &str) -> Bytes {
    let mut bytes = vec![0, 0, 0, 0x18];
    bytes.extend_from_slice(b"ftypisom\0\0\x02\0isomiso2");
    bytes.extend_from_slice(format!("liveness-mock video {}", clip(label)).as_bytes());
    Bytes::from(bytes)
}

/// The Content-Type a stored file is served with.
pub(crate) fn content_type_of(name: &str) -> &'static str {
    if name.ends_with(".jpg") {
        "image/jpeg"
    } else if name.ends_with(".mp4") {
        "video/mp4"
    } else {
        "application/octet-stream"
    }
}

/// `id` as one URL path segment: ids come from the specs and the mock itself, but a segment
/// that needs no encoding keeps the URL and the file store's key the same.
pub(crate) fn segment(id: &str) -> String {
    clip(id)
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.') {
                c
            } else {
                '_'
            }
        })
        .collect()
}

fn clip(label: &str) -> &str {
    match label.char_indices().nth(MAX_LABEL) {
        Some((end, _)) => &label[..end],
        None => label,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_are_what_their_magic_bytes_say() {
        assert_eq!(&jpeg("t")[..2], &[0xFF, 0xD8]);
        assert_eq!(&jpeg("t")[jpeg("t").len() - 2..], &[0xFF, 0xD9]);
        assert_eq!(&mp4("t")[4..8], b"ftyp");
        assert_ne!(jpeg("a"), jpeg("b"));
        // A long label is clipped, so the JPEG segment length cannot wrap.
        let long = jpeg(&"x".repeat(100_000));
        assert!(long.len() < 600, "{}", long.len());
    }

    #[test]
    fn file_info_describes_exactly_the_bytes() {
        let info = file_info("http://m/__files/a.jpg".into(), b"abc");
        assert_eq!(info["MD5"], "900150983cd24fb0d6963f7d28e17f72");
        assert_eq!(info["Size"], 3);
        assert_eq!(segment("a/b c%d.jpg"), "a_b_c_d.jpg");
    }
}
