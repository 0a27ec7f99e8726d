//! Share links: a whole draft in a link's fragment (`#share=1.…`), which browsers never send to a
//! server, so nothing is uploaded and the link works offline.
//!
//! The payload is the draft codec's JSON ([`codec::encode`]) packed as a zlib stream (deflate
//! with an Adler-32 checksum, so a damaged link is noticed rather than opened with changed words),
//! written in base64url without padding, behind a version prefix ([`PREFIX`]). The packing itself
//! is the browser's (`CompressionStream("deflate")`, in `ui/zlib.rs`): the app ships no deflate
//! of its own. This module does the rest: [`fragment`] and [`link`] write the packed bytes;
//! [`read_fragment`] reads `location.hash`, says whether it holds a share link at all and gives
//! the packed bytes; [`open`] reads the unpacked JSON. None of them panics, and each refuses a
//! damaged, truncated or foreign link with a [`ShareError`] a person can act on. The unpacking
//! stops at [`MAX_JSON`] bytes, so a small link cannot make the page unpack gigabytes.
//!
//! Opening a link is a decision of the session: `sync::Event::Shared` opens the document as a
//! new draft and never writes over one.

use super::codec::{self, DecodeError};
use crate::model::Postmortem;
use std::fmt;

/// What the fragment of a share link starts with (after `#`).
pub const KEY: &str = "share=";
/// The version of the payload format, in front of the payload (`1.`).
pub const VERSION: &str = "1.";
/// The fragment's start: `share=1.`.
pub const PREFIX: &str = "share=1.";
/// The most JSON a link may unpack to (as much as the Markdown import accepts).
pub const MAX_JSON: usize = 2 * 1024 * 1024;
/// Links longer than this (in characters) are cut by some chat tools, mail clients and
/// trackers; the dialog warns, but still offers the link.
pub const LONG_LINK: usize = 8_000;

/// Why a share link could not be opened.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ShareError {
    /// `share=` followed by another version of the format (a newer editor wrote it).
    UnknownVersion(String),
    /// Nothing after the prefix.
    Empty,
    /// A character that base64url does not have (the link was changed or cut badly).
    BadCharacter(char),
    /// Cut short: the payload ends in the middle of its data.
    Truncated,
    /// The data does not unpack, or its checksum does not match: characters were changed.
    Damaged,
    /// It would unpack to more than [`MAX_JSON`] bytes.
    TooLarge,
    /// It unpacks, but not to a draft this editor can read.
    Draft(DecodeError),
}

impl fmt::Display for ShareError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ShareError::UnknownVersion(v) => write!(
                f,
                "this share link was made by a newer version of the editor (format “{v}”); open it in the newest version"
            ),
            ShareError::Empty => write!(f, "the share link is empty: it was probably cut short"),
            ShareError::BadCharacter(c) => write!(
                f,
                "the share link contains “{}”, which a share link never has: it was changed or copied with something extra",
                c.escape_debug()
            ),
            ShareError::Truncated => {
                write!(f, "the share link is incomplete: it was cut short when it was copied")
            }
            ShareError::Damaged => write!(
                f,
                "the share link is damaged: some of its characters were changed or lost when it was copied"
            ),
            ShareError::TooLarge => write!(
                f,
                "the share link would unpack to more than {} MB, more than a postmortem holds",
                MAX_JSON / (1024 * 1024)
            ),
            ShareError::Draft(e) => write!(f, "the share link does not hold a readable draft: {e}"),
        }
    }
}

impl std::error::Error for ShareError {}

/// The JSON a link carries for `doc`, to be packed (zlib) by the browser.
pub fn json(doc: &Postmortem) -> String {
    codec::encode(doc)
}

/// The fragment (without `#`) that carries the packed JSON: `share=1.` and the payload.
pub fn fragment(packed: &[u8]) -> String {
    let mut out = String::with_capacity(PREFIX.len() + packed.len() * 4 / 3 + 4);
    out.push_str(PREFIX);
    base64url_encode(packed, &mut out);
    out
}

/// The whole link: `base` (the page's address, any fragment of it dropped) and `#` the payload.
pub fn link(base: &str, packed: &[u8]) -> String {
    let base = base.split_once('#').map_or(base, |(b, _)| b);
    format!("{base}#{}", fragment(packed))
}

/// What `location.hash` holds: `None` when it is not a share link at all (empty, or another
/// anchor), else the packed JSON (to unpack, then [`open`]) or why it cannot be opened.
pub fn read_fragment(hash: &str) -> Option<Result<Vec<u8>, ShareError>> {
    let fragment = hash.strip_prefix('#').unwrap_or(hash);
    let rest = fragment.strip_prefix(KEY)?;
    Some(payload(rest))
}

/// Reads what follows `share=`: the version and the payload, still packed.
fn payload(versioned: &str) -> Result<Vec<u8>, ShareError> {
    if VERSION.starts_with(versioned) {
        return Err(ShareError::Empty);
    }
    let Some(payload) = versioned.strip_prefix(VERSION) else {
        let version = versioned.split('.').next().unwrap_or("").chars().take(12).collect();
        return Err(ShareError::UnknownVersion(version));
    };
    // Some tools put the link between brackets or quotes, or add a line break when pasting.
    let payload = payload.trim();
    if payload.is_empty() {
        return Err(ShareError::Empty);
    }
    base64url_decode(payload)
}

/// The document in a link's unpacked JSON.
pub fn open(json: Vec<u8>) -> Result<Postmortem, ShareError> {
    let text = String::from_utf8(json).map_err(|_| ShareError::Damaged)?;
    codec::decode(&text).map_err(ShareError::Draft)
}

const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// Appends `bytes` in base64url (RFC 4648 §5) without padding.
pub fn base64url_encode(bytes: &[u8], out: &mut String) {
    for chunk in bytes.chunks(3) {
        let n = chunk.iter().enumerate().fold(0u32, |n, (i, b)| n | u32::from(*b) << (16 - 8 * i));
        let chars = chunk.len() + 1;
        for i in 0..chars {
            out.push(char::from(ALPHABET[(n >> (18 - 6 * i)) as usize & 63]));
        }
    }
}

fn sextet(c: u8) -> Option<u32> {
    let v = match c {
        b'A'..=b'Z' => c - b'A',
        b'a'..=b'z' => c - b'a' + 26,
        b'0'..=b'9' => c - b'0' + 52,
        b'-' => 62,
        b'_' => 63,
        _ => return None,
    };
    Some(u32::from(v))
}

/// Reads base64url without padding, strictly: the bits past the last byte must be zero, so each
/// payload has exactly one spelling and a changed last character is noticed.
pub fn base64url_decode(text: &str) -> Result<Vec<u8>, ShareError> {
    if let Some(c) = text.chars().find(|c| !c.is_ascii() || sextet(*c as u8).is_none()) {
        return Err(ShareError::BadCharacter(c));
    }
    let bytes = text.as_bytes();
    if bytes.len() % 4 == 1 {
        return Err(ShareError::Truncated);
    }
    let mut out = Vec::with_capacity(bytes.len() * 3 / 4);
    for chunk in bytes.chunks(4) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, c)| n | sextet(*c).unwrap_or(0) << (18 - 6 * i));
        let full = chunk.len() - 1;
        let unused = n & ((1u32 << (24 - 8 * full)) - 1);
        if unused != 0 {
            return Err(ShareError::Damaged);
        }
        out.extend((0..full).map(|i| (n >> (16 - 8 * i)) as u8));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[track_caller]
    fn check_base64(bytes: &[u8], text: &str) {
        let mut out = String::new();
        base64url_encode(bytes, &mut out);
        assert_eq!(out, text);
        assert_eq!(base64url_decode(text), Ok(bytes.to_vec()));
    }

    #[test]
    fn base64url_matches_rfc_4648_without_padding() {
        check_base64(b"", "");
        check_base64(b"f", "Zg");
        check_base64(b"fo", "Zm8");
        check_base64(b"foo", "Zm9v");
        check_base64(b"foob", "Zm9vYg");
        check_base64(b"fooba", "Zm9vYmE");
        check_base64(b"foobar", "Zm9vYmFy");
        check_base64(&[0xfb, 0xff], "-_8");
    }

    #[test]
    fn base64url_refuses_what_it_never_writes() {
        assert_eq!(base64url_decode("Zm9v="), Err(ShareError::BadCharacter('=')));
        assert_eq!(base64url_decode("Zm+v"), Err(ShareError::BadCharacter('+')));
        assert_eq!(base64url_decode("Zm9vY"), Err(ShareError::Truncated));
        // "Zh" is "Zg" with a bit set past the byte: another spelling of "f", refused.
        assert_eq!(base64url_decode("Zh"), Err(ShareError::Damaged));
        assert_eq!(base64url_decode("Zé"), Err(ShareError::BadCharacter('é')));
    }

    #[test]
    fn the_link_replaces_the_pages_fragment() {
        let link = link("https://example.org/pm/#old", b"x");
        assert_eq!(link, "https://example.org/pm/#share=1.eA");
    }

    #[test]
    fn other_fragments_are_not_share_links() {
        for hash in ["", "#", "#summary", "#h-tasks", "share"] {
            assert_eq!(read_fragment(hash), None, "{hash}");
        }
    }

    #[test]
    fn foreign_and_empty_links_are_refused() {
        assert_eq!(
            read_fragment("#share=2.abc"),
            Some(Err(ShareError::UnknownVersion("2".into())))
        );
        assert_eq!(read_fragment("#share="), Some(Err(ShareError::Empty)));
        assert_eq!(read_fragment("#share=1"), Some(Err(ShareError::Empty)));
        assert_eq!(read_fragment("#share=1."), Some(Err(ShareError::Empty)));
        assert_eq!(read_fragment("#share=1.a b"), Some(Err(ShareError::BadCharacter(' '))));
        assert_eq!(read_fragment("#share=1. Zm9v\n"), Some(Ok(b"foo".to_vec())));
    }

    #[test]
    fn unpacked_json_that_is_no_draft_says_so() {
        assert_eq!(open(b"[1,2,3]".to_vec()), Err(ShareError::Draft(DecodeError::NotADraft)));
        let future = br#"{"schema":99,"document":{}}"#.to_vec();
        assert_eq!(open(future), Err(ShareError::Draft(DecodeError::FutureSchema(99))));
        assert_eq!(open(vec![0xff, 0xfe]), Err(ShareError::Damaged));
        let doc = Postmortem { title: "T".into(), ..Postmortem::default() };
        assert_eq!(open(json(&doc).into_bytes()), Ok(doc));
    }

    #[test]
    fn every_refusal_reads_as_a_sentence() {
        let errors = [
            ShareError::UnknownVersion("2".into()),
            ShareError::Empty,
            ShareError::BadCharacter('\n'),
            ShareError::Truncated,
            ShareError::Damaged,
            ShareError::TooLarge,
            ShareError::Draft(DecodeError::NotADraft),
        ];
        for e in errors {
            let text = e.to_string();
            assert!(text.starts_with("the share link") || text.starts_with("this share link"));
            assert!(!text.ends_with('.'), "the UI adds the full stop: {text}");
        }
    }
}
