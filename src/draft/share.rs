//! Share links: a whole draft in a link's fragment (`#share=1.…`), which browsers never send to a
//! server, so nothing is uploaded and the link works offline.
//!
//! The payload is the draft codec's JSON ([`codec::encode`]) compressed as a zlib stream (deflate
//! with an Adler-32 checksum, so a damaged link is noticed rather than opened with changed words),
//! written in base64url without padding, behind a version prefix ([`PREFIX`]). [`link_payload`]
//! makes it; [`read_fragment`] reads `location.hash` and says whether it holds a share link
//! at all; [`decode`] never panics and refuses a damaged, truncated or foreign link with a
//! [`ShareError`] a person can act on. It inflates at most [`MAX_JSON`] bytes, so a small link
//! cannot make the page unpack gigabytes.
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

/// The fragment (without `#`) that carries `doc`: `share=1.` and the payload.
pub fn link_payload(doc: &Postmortem) -> String {
    let json = codec::encode(doc);
    let packed = miniz_oxide::deflate::compress_to_vec_zlib(json.as_bytes(), 9);
    let mut out = String::with_capacity(PREFIX.len() + packed.len() * 4 / 3 + 4);
    out.push_str(PREFIX);
    base64url_encode(&packed, &mut out);
    out
}

/// The whole link: `base` (the page's address, any fragment of it dropped) and `#` the payload.
pub fn link(base: &str, doc: &Postmortem) -> String {
    let base = base.split_once('#').map_or(base, |(b, _)| b);
    format!("{base}#{}", link_payload(doc))
}

/// What `location.hash` holds: `None` when it is not a share link at all (empty, or another
/// anchor), else the document or why it cannot be opened.
pub fn read_fragment(hash: &str) -> Option<Result<Postmortem, ShareError>> {
    let fragment = hash.strip_prefix('#').unwrap_or(hash);
    let rest = fragment.strip_prefix(KEY)?;
    Some(decode(rest))
}

/// Reads what follows `share=`: the version and the payload.
pub fn decode(versioned: &str) -> Result<Postmortem, ShareError> {
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
    let packed = base64url_decode(payload)?;
    let json = inflate(&packed)?;
    let text = String::from_utf8(json).map_err(|_| ShareError::Damaged)?;
    codec::decode(&text).map_err(ShareError::Draft)
}

fn inflate(packed: &[u8]) -> Result<Vec<u8>, ShareError> {
    use miniz_oxide::inflate::{TINFLStatus, decompress_to_vec_zlib_with_limit};
    decompress_to_vec_zlib_with_limit(packed, MAX_JSON).map_err(|e| match e.status {
        TINFLStatus::HasMoreOutput => ShareError::TooLarge,
        TINFLStatus::FailedCannotMakeProgress | TINFLStatus::NeedsMoreInput => {
            ShareError::Truncated
        }
        _ => ShareError::Damaged,
    })
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
    use crate::model::sample;

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
    fn a_document_comes_back_from_its_link() {
        let doc = sample::with_entries(3, 12);
        let fragment = link_payload(&doc);
        assert!(fragment.starts_with("share=1."), "{fragment}");
        assert_eq!(read_fragment(&format!("#{fragment}")), Some(Ok(doc)));
    }

    #[test]
    fn the_link_replaces_the_pages_fragment() {
        let doc = Postmortem::default();
        let link = link("https://example.org/pm/#old", &doc);
        assert!(link.starts_with("https://example.org/pm/#share=1."), "{link}");
        assert_eq!(link.matches('#').count(), 1);
    }

    #[test]
    fn other_fragments_are_not_share_links() {
        for hash in ["", "#", "#summary", "#h-tasks", "share"] {
            assert_eq!(read_fragment(hash), None, "{hash}");
        }
    }

    #[track_caller]
    fn refused(hash: &str) -> ShareError {
        match read_fragment(hash) {
            Some(Err(e)) => e,
            other => panic!("{hash:.60}: expected a refusal, got {other:?}"),
        }
    }

    #[test]
    fn foreign_and_empty_links_are_refused() {
        assert_eq!(refused("#share=2.abc"), ShareError::UnknownVersion("2".into()));
        assert_eq!(refused("#share="), ShareError::Empty);
        assert_eq!(refused("#share=1"), ShareError::Empty);
        assert_eq!(refused("#share=1."), ShareError::Empty);
        assert_eq!(refused("#share=1.a b"), ShareError::BadCharacter(' '));
        // Valid base64url, but not a zlib stream.
        assert_eq!(refused("#share=1.aGVsbG8gd29ybGQ"), ShareError::Damaged);
    }

    #[test]
    fn a_link_cut_anywhere_is_refused() {
        let full = link_payload(&sample::small(5));
        for end in PREFIX.len()..full.len() {
            let cut = &full[..end];
            assert!(read_fragment(cut).unwrap().is_err(), "cut at {end} of {}", full.len());
        }
    }

    #[test]
    fn a_link_with_one_character_changed_never_opens_other_words() {
        let doc = sample::small(5);
        let full = link_payload(&doc);
        let mut refused = 0;
        for at in PREFIX.len()..full.len() {
            let old = full.as_bytes()[at];
            // The next character of the alphabet, so the change is one a copy could make.
            let new = ALPHABET[(ALPHABET.iter().position(|c| *c == old).unwrap() + 1) % 64];
            let mut changed = full.clone().into_bytes();
            changed[at] = new;
            let changed = String::from_utf8(changed).unwrap();
            // Refused, or (a change in the padding bits of deflate's last byte, which carry
            // nothing) the very same document.
            match read_fragment(&changed).unwrap() {
                Err(_) => refused += 1,
                Ok(back) => assert_eq!(back, doc, "changed at {at} of {}", full.len()),
            }
        }
        assert!(refused >= full.len() - PREFIX.len() - 2, "{refused} of {}", full.len());
    }

    #[test]
    fn a_typical_link_is_short_enough_to_paste_anywhere() {
        // A complete small postmortem (six timeline entries, two tasks, about 6 KB of Markdown).
        let doc = sample::small(1);
        let json = codec::encode(&doc).len();
        let link = link("https://example.org/postmortem-editor/", &doc).len();
        println!("typical document: {json} bytes of JSON, a {link}-character link");
        assert!(link < LONG_LINK, "{link}");
        assert!(link * 2 < json, "the link ({link}) should be well under the JSON ({json})");
    }

    #[test]
    fn a_decompression_bomb_is_capped() {
        // 6 MB of spaces packs into a few KB; the link unpacks no more than MAX_JSON of it.
        let bomb = vec![b' '; 3 * MAX_JSON];
        let packed = miniz_oxide::deflate::compress_to_vec_zlib(&bomb, 9);
        let mut hash = format!("#{PREFIX}");
        base64url_encode(&packed, &mut hash);
        assert!(hash.len() < 200_000, "{}", hash.len());
        assert_eq!(refused(&hash), ShareError::TooLarge);
    }

    #[test]
    fn a_link_to_something_else_says_so() {
        let packed = miniz_oxide::deflate::compress_to_vec_zlib(b"[1,2,3]", 9);
        let mut hash = format!("#{PREFIX}");
        base64url_encode(&packed, &mut hash);
        assert_eq!(refused(&hash), ShareError::Draft(DecodeError::NotADraft));
        let future =
            miniz_oxide::deflate::compress_to_vec_zlib(br#"{"schema":99,"document":{}}"#, 9);
        let mut hash = format!("#{PREFIX}");
        base64url_encode(&future, &mut hash);
        assert_eq!(refused(&hash), ShareError::Draft(DecodeError::FutureSchema(99)));
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
