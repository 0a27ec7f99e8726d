//! Damaged share links, for the share-link tests (native: `tests/share.rs`; the browser's own
//! zlib: `tests/browser_share.rs`).

use postmortem_editor::draft::share::PREFIX;

const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// `fragment` (a share link's fragment) with one payload character changed, once per position:
/// to the next character of base64url's alphabet, a change a copy could make.
pub fn one_character_changed(fragment: &str) -> impl Iterator<Item = (usize, String)> + '_ {
    (PREFIX.len()..fragment.len()).map(move |at| {
        let old = fragment.as_bytes()[at];
        let new = ALPHABET[(ALPHABET.iter().position(|c| *c == old).unwrap() + 1) % 64];
        let mut changed = fragment.as_bytes().to_vec();
        changed[at] = new;
        (at, String::from_utf8(changed).unwrap())
    })
}
