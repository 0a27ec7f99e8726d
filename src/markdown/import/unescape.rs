//! Undoing the export's escapes, so that a file written by our own export imports back to the
//! same document.
//!
//! The export escapes exactly what would make structure (see `export/escape.rs`): a marker at
//! the start of a line, an HTML tag, a backtick without a partner, and every Markdown character
//! in `literal` fields (times, owners, dates, names). These functions remove those escapes and
//! nothing else, so text from other tools keeps its own backslashes.

use crate::markdown::export::escape::{
    DETAIL_REFERENCES, backslashes_before, closing_backticks, in_code, is_tag_start, tag_starts,
};

/// One line of inline text: the line-start escape, `\<tag`, and `` \` `` (the exact inverse of
/// the export's `escape_line`). Code spans are copied as they are. Before a backtick or a tag, a
/// run of backslashes of odd length ends with the export's escape and the rest are the user's,
/// doubled; an even run is the user's, doubled (or another tool's, halved all the same).
pub(crate) fn inline_line(line: &str) -> String {
    let digits = digits_marker(line);
    let line = digits.as_deref().unwrap_or_else(|| line_start(line));
    let mut out = String::with_capacity(line.len());
    let mut rest = line;
    while let Some(c) = rest.chars().next() {
        match c {
            '\\' => {
                let n = rest.len() - rest.trim_start_matches('\\').len();
                let after = &rest[n..];
                if after.starts_with('`') || is_tag_start(after) {
                    out.push_str(&"\\".repeat(n / 2));
                    rest = after;
                    if n % 2 == 1 {
                        // The export's escape: the character is text.
                        out.push(after.as_bytes()[0] as char);
                        rest = &after[1..];
                    }
                } else {
                    out.push_str(&rest[..n]);
                    rest = after;
                }
            }
            '`' => {
                let n = rest.len() - rest.trim_start_matches('`').len();
                let take = closing_backticks(&rest[n..], n).map_or(n, |end| n + end + n);
                out.push_str(&rest[..take]);
                rest = &rest[take..];
            }
            _ => {
                out.push(c);
                rest = &rest[c.len_utf8()..];
            }
        }
    }
    out
}

/// A heading or title: a leading character reference (`&#84;imeline`, written by the export
/// where the text would read as one of its own headings) is decoded, then [`inline_line`].
pub(crate) fn heading(text: &str) -> String {
    let mut out = match leading_reference(text) {
        Some((c, rest)) => format!("{c}{}", inline_line(rest)),
        None => inline_line(text),
    };
    unescape_closing_hashes(&mut out);
    out
}

/// `&#NN;` at the start of `text`: the character and the rest.
pub(crate) fn leading_reference(text: &str) -> Option<(char, &str)> {
    let inner = text.strip_prefix("&#")?;
    let end = inner.find(';')?;
    let digits = &inner[..end];
    if digits.is_empty() || digits.len() > 7 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let c = char::from_u32(digits.parse().ok()?)?;
    Some((c, &inner[end + 1..]))
}

/// A heading's trailing `\##` (escaped so it is not read as a closing sequence).
fn unescape_closing_hashes(text: &mut String) {
    let run = text.len() - text.trim_end_matches('#').len();
    if run > 0 && text[..text.len() - run].ends_with('\\') {
        let at = text.len() - run - 1;
        let bare = text[..at].trim_end_matches('\\');
        if bare.is_empty() || bare.ends_with([' ', '\t']) {
            text.remove(at);
        }
    }
}

/// Removes a backslash the export put before a line-start marker (`\#`, `\- `, `\>`...), also
/// when the user's own backslashes follow it (`\\# x` was typed `\# x`).
fn line_start(line: &str) -> &str {
    if let Some(rest) = line.strip_prefix('\\')
        && needs_escape(rest.trim_start_matches('\\'))
    {
        return rest;
    }
    line
}

/// The line-start digits escape: `1\. x` → `1. x` (and `1\\. x` → `1\. x`).
fn digits_marker(line: &str) -> Option<String> {
    let b = line.as_bytes();
    let n = b.iter().take_while(|c| c.is_ascii_digit()).count();
    let slashes = b[n..].iter().take_while(|c| **c == b'\\').count();
    let ends = |k: usize| b.get(k).is_none_or(|c| *c == b' ' || *c == b'\t');
    if (1..=9).contains(&n)
        && slashes >= 1
        && matches!(b.get(n + slashes), Some(b'.' | b')'))
        && ends(n + slashes + 1)
    {
        return Some(format!("{}{}", &line[..n], &line[n + 1..]));
    }
    None
}

/// Whether the export would put a backslash before `line`.
fn needs_escape(line: &str) -> bool {
    crate::markdown::export::escape::starts_block(line)
}

/// Inline text over several lines (continuation lines already unindented), each unescaped.
pub(crate) fn inline_text(lines: &[String]) -> String {
    lines.iter().map(|l| inline_line(l)).collect::<Vec<_>>().join("\n")
}

/// A `literal` field (time, owner, date, name): a backslash before one of the characters the
/// export escapes there is removed, and the references a task's owner and due date are written
/// with (`&#44;`, see `export::escape::detail`) are decoded.
pub(crate) fn literal(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(c) = rest.chars().next() {
        if c == '&'
            && let Some((d, r)) = DETAIL_REFERENCES.iter().find(|(_, r)| rest.starts_with(r))
        {
            out.push(*d);
            rest = &rest[r.len()..];
            continue;
        }
        rest = &rest[c.len_utf8()..];
        if c == '\\'
            && let Some(n) = rest.chars().next()
            && matches!(
                n,
                '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '~' | '&' | '!' | '#'
            )
        {
            out.push(n);
            rest = &rest[n.len_utf8()..];
            continue;
        }
        out.push(c);
    }
    out
}

/// A list of names written by the export's `names` (`Ada, Grace`): split at the commas, then
/// each [`literal`] (a comma inside a name is `&#44;`).
pub(crate) fn names(text: &str) -> Vec<String> {
    crate::model::split_list(text).iter().map(|n| literal(n)).filter(|n| !n.is_empty()).collect()
}

/// A block of Markdown (summary, resolution, section body), joined: outside code, a run of `n`
/// backslashes before a tag becomes `n / 2` (the export doubles the user's and adds one before
/// a tag it shows as text).
pub(crate) fn block_text(text: &str) -> String {
    if !text.contains("\\<") {
        return text.to_owned();
    }
    let tags = tag_starts(text);
    let code = in_code(text, &tags);
    let mut out = String::with_capacity(text.len());
    let mut last = 0;
    for (&i, code) in tags.iter().zip(code) {
        let run = backslashes_before(text, i);
        if run == 0 || code {
            continue;
        }
        out.push_str(&text[last..i - run]);
        out.push_str(&"\\".repeat(run / 2));
        last = i;
    }
    out.push_str(&text[last..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[track_caller]
    fn check(escaped: &str, expect: &str) {
        let got = inline_text(&[escaped.to_owned()]);
        assert_eq!(got, expect, "escaped: {escaped:?}");
    }

    #[test]
    fn line_starts() {
        check("\\- not a list", "- not a list");
        check("\\# not a heading", "# not a heading");
        check("1\\. not a list", "1. not a list");
        check("\\> quoted", "> quoted");
        check("\\---", "---");
        check("\\[x] no", "[x] no");
    }
    #[test]
    fn others_backslashes_stay() {
        check("a\\_b", "a\\_b");
        check("\\*emph*", "\\*emph*");
        check("#incidents", "#incidents");
    }
    #[test]
    fn html_and_backticks() {
        check("\\<b>bold\\</b>", "<b>bold</b>");
        check("a \\` b", "a ` b");
        check("p99 \\< 2s", "p99 \\< 2s");
    }
    #[test]
    fn heading_hashes() {
        assert_eq!(heading("Issue \\#"), "Issue #");
        assert_eq!(heading("\\# Outage \\##"), "# Outage ##");
        check("Issue \\#", "Issue \\#");
    }
    #[test]
    fn literals() {
        assert_eq!(literal("\\*a\\_b\\* \\<c\\> \\[d\\] \\\\"), "*a_b* <c> [d] \\");
        assert_eq!(literal("@sre\\_team"), "@sre_team");
    }
    #[test]
    fn blocks() {
        assert_eq!(block_text("\\<div> a \\< b"), "<div> a \\< b");
        assert_eq!(block_text("\\\\\\<b> `\\<i>`"), "\\<b> `\\<i>`");
    }
}
