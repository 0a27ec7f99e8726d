//! Undoing the export's escapes, so that a file written by our own export imports back to the
//! same document.
//!
//! The export escapes exactly what would make structure (see `export/escape.rs`): a marker at
//! the start of a line, an HTML tag, a backtick without a partner, and every Markdown character
//! in `literal` fields (times, owners, dates, names). These functions remove those escapes and
//! nothing else, so text from other tools keeps its own backslashes.

/// One line of inline text: the line-start escape, `\<tag`, and `` \` ``.
pub(crate) fn inline_line(line: &str) -> String {
    if let Some(d) = digits_marker(line) {
        return inline_line(&d);
    }
    let line = line_start(line);
    let mut out = String::with_capacity(line.len());
    let mut rest = line;
    while let Some(i) = rest.find('\\') {
        out.push_str(&rest[..i]);
        let after = &rest[i + 1..];
        match after.chars().next() {
            Some('<')
                if after[1..]
                    .starts_with(|c: char| c.is_ascii_alphabetic() || "/!?".contains(c)) =>
            {
                out.push('<');
                rest = &after[1..];
            }
            Some('`') => {
                out.push('`');
                rest = &after[1..];
            }
            Some(c) => {
                // Someone's own escape: kept as written, with the character it escapes.
                out.push('\\');
                out.push(c);
                rest = &after[c.len_utf8()..];
            }
            None => {
                out.push('\\');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    unescape_closing_hashes(&mut out);
    out
}

/// A heading's trailing `\##` (escaped so it is not read as a closing sequence).
fn unescape_closing_hashes(text: &mut String) {
    let run = text.len() - text.trim_end_matches('#').len();
    if run > 0 && text[..text.len() - run].ends_with('\\') {
        let at = text.len() - run - 1;
        let before = &text[..at];
        if before.is_empty() || before.ends_with(' ') {
            text.remove(at);
        }
    }
}

/// Removes a backslash the export put before a line-start marker (`\#`, `\- `, `1\.`, `\>`...).
fn line_start(line: &str) -> &str {
    if let Some(rest) = line.strip_prefix('\\')
        && needs_escape(rest)
    {
        return rest;
    }
    line
}

/// The line-start digits escape: `1\. x` → `1. x`.
fn digits_marker(line: &str) -> Option<String> {
    let n = line.bytes().take_while(u8::is_ascii_digit).count();
    if (1..=9).contains(&n) && line[n..].starts_with('\\') {
        let candidate = format!("{}{}", &line[..n], &line[n + 1..]);
        let b = candidate.as_bytes();
        let ends = |k: usize| b.get(k).is_none_or(|c| *c == b' ' || *c == b'\t');
        if matches!(b.get(n), Some(b'.' | b')')) && ends(n + 1) {
            return Some(candidate);
        }
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
/// export escapes there is removed.
pub(crate) fn literal(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\\'
            && let Some(&n) = chars.peek()
            && matches!(
                n,
                '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '~' | '&' | '!' | '#'
            )
        {
            out.push(n);
            chars.next();
            continue;
        }
        out.push(c);
    }
    out
}

/// A block of Markdown (summary, resolution, section body): `\<tag` back to `<tag` outside code
/// fences, as the export escapes HTML to show it as text.
pub(crate) fn block_line(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut rest = line;
    while let Some(i) = rest.find("\\<") {
        out.push_str(&rest[..i]);
        let after = &rest[i + 2..];
        if after.starts_with(|c: char| c.is_ascii_alphabetic() || "/!?".contains(c)) {
            out.push('<');
        } else {
            out.push_str("\\<");
        }
        rest = after;
    }
    out.push_str(rest);
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
        check("Issue \\#", "Issue #");
        check("\\# Outage \\##", "# Outage ##");
    }
    #[test]
    fn literals() {
        assert_eq!(literal("\\*a\\_b\\* \\<c\\> \\[d\\] \\\\"), "*a_b* <c> [d] \\");
        assert_eq!(literal("@sre\\_team"), "@sre_team");
    }
    #[test]
    fn blocks() {
        assert_eq!(block_line("\\<div> a \\< b"), "<div> a \\< b");
    }
}
