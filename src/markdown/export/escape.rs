//! User text → Markdown that cannot break the document's structure.
//!
//! Two kinds of user text, two treatments:
//!
//! - **Inline text** (titles, timeline entries, tasks, impact, ...) is inline Markdown: `code`,
//!   *emphasis* and links work, as in the postmortems people write. Everything that would make
//!   structure is neutralised: line-start markers (`#`, `- `, `1.`, `>`, `---`, `===`, `~~~`,
//!   table delimiter rows, `[x]`, link definitions), HTML (shown as text, as in the preview) and
//!   backticks without a partner on their line. Leading and trailing spaces are dropped; line
//!   breaks become hard breaks inside the list item; CRLF becomes LF.
//! - **Block text** (summary, root cause and resolution, lessons, custom section bodies) is
//!   Markdown, kept as written, with three containments: top-level headings are moved to just
//!   below the section's level, keeping their relative levels (in a `##` section, `# Details`,
//!   `## Details` or `#### Details` becomes `### Details`, and a heading one level under it
//!   `####`), HTML is shown as text, and
//!   an unclosed code fence is closed so it cannot swallow the rest of the document.

use crate::markdown::import::scan;
use crate::markdown::render;
use pulldown_cmark::{CodeBlockKind, Event, Tag};
use std::ops::Range;

/// One line of inline text for a heading: line breaks fold into spaces.
pub(super) fn heading_text(text: &str) -> String {
    let line = one_line(text);
    if line.is_empty() {
        return line;
    }
    escape_closing_hashes(escape_line(&line))
}

/// Escapes a run of `#` at the end of heading text (alone or after a space), which would be read
/// as the heading's closing sequence. Backslashes the user typed right before such a run get one
/// more, so the importer, which removes exactly one, gives them back.
fn escape_closing_hashes(mut text: String) -> String {
    let run = text.len() - text.trim_end_matches('#').len();
    if run > 0 {
        let before = &text[..text.len() - run];
        let bare = before.trim_end_matches('\\');
        if bare.is_empty() || bare.ends_with([' ', '\t']) {
            text.insert(text.len() - run, '\\');
        }
    }
    text
}

/// Folds a single-line field: line breaks become spaces, surrounding space is trimmed.
pub(super) fn one_line(text: &str) -> String {
    text.split(['\r', '\n']).map(str::trim).filter(|s| !s.is_empty()).collect::<Vec<_>>().join(" ")
}

/// Text shown exactly as typed, on one line, in the middle of a line (a bold label, an owner):
/// every character Markdown could read is escaped.
pub(super) fn literal(text: &str) -> String {
    let mut out = String::new();
    for c in one_line(text).chars() {
        if matches!(c, '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '~' | '&' | '!' | '#')
        {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// The characters a task's `(owner: …, due …)` is cut by, written as character references in
/// its values (they read the same); `import::unescape::literal` decodes them.
pub(crate) const DETAIL_REFERENCES: [(char, &str); 6] = [
    ('(', "&#40;"),
    (')', "&#41;"),
    (',', "&#44;"),
    (';', "&#59;"),
    (':', "&#58;"),
    (' ', "&#32;"),
];

/// A [`literal`] value inside a task's `(owner: …, due …)`: parentheses, commas, semicolons and
/// colons (and a space right after one of them) are character references, so the value cannot
/// end the parenthesis, split into more parts or name another label (`due Date: …`).
pub(super) fn detail(text: &str) -> String {
    let text = literal(text);
    let mut out = String::with_capacity(text.len());
    let mut after_reference = false;
    for c in text.chars() {
        let reference = DETAIL_REFERENCES
            .iter()
            .find(|(r, _)| *r == c && (c != ' ' || after_reference))
            .map(|(_, r)| *r);
        match reference {
            Some(r) => out.push_str(r),
            None => out.push(c),
        }
        after_reference = reference.is_some();
    }
    out
}

/// Inline text as lines ready to go inside a list item: escaped, trimmed, at most one blank line
/// in a row, no blank line at either end.
pub(super) fn inline_lines(text: &str) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    for raw in text.split("\r\n").flat_map(|l| l.split(['\r', '\n'])) {
        let line = raw.trim();
        if line.is_empty() {
            if lines.last().is_some_and(|l| !l.is_empty()) {
                lines.push(String::new());
            }
        } else {
            lines.push(escape_line(line));
        }
    }
    while lines.last().is_some_and(String::is_empty) {
        lines.pop();
    }
    lines
}

/// A list item: `marker` (e.g. `- ` or `- [ ] `), then `label` and the text's lines; later lines
/// are indented under the marker and joined by hard breaks, so they stay inside the item.
pub(super) fn list_item(marker: &str, label: &str, lines: &[String]) -> String {
    let mut out = String::from(marker);
    out.push_str(label);
    for (i, line) in lines.iter().enumerate() {
        if i == 0 {
            if !label.is_empty() {
                out.push(' ');
            }
        } else if line.is_empty() {
            out.push('\n');
            continue;
        } else {
            if !lines[i - 1].is_empty() {
                // A hard break; after an odd run of backslashes, keep that backslash literal.
                let odd = (out.len() - out.trim_end_matches('\\').len()) % 2 == 1;
                out.push_str(if odd { " \\" } else { "\\" });
            }
            out.push_str("\n  ");
        }
        out.push_str(line);
    }
    out
}

/// Escapes one trimmed, non-empty line of inline text.
///
/// The escape is undone exactly by `import::unescape::inline_line`: a backslash the export adds
/// before a tag (`\<b>`) or a lone backtick is told from one the user typed by the length of the
/// run of backslashes before it (odd: the export's; the user's own are doubled there).
fn escape_line(line: &str) -> String {
    let mut out = String::with_capacity(line.len() + 8);
    let mut rest = line;
    while let Some(c) = rest.chars().next() {
        match c {
            '`' => {
                let n = rest.len() - rest.trim_start_matches('`').len();
                match closing_backticks(&rest[n..], n) {
                    Some(end) => {
                        out.push_str(&rest[..n + end + n]);
                        rest = &rest[n + end + n..];
                    }
                    None => {
                        out.push_str(&"\\`".repeat(n));
                        rest = &rest[n..];
                    }
                }
            }
            '\\' => {
                let k = rest.len() - rest.trim_start_matches('\\').len();
                let after = &rest[k..];
                // Before a backtick or a tag the user's backslashes are text, doubled; elsewhere
                // they stay as typed (`\*` is the user's own escape).
                let n = if after.starts_with('`') || is_tag_start(after) { 2 * k } else { k };
                out.push_str(&"\\".repeat(n));
                rest = after;
            }
            '<' if is_tag_start(rest) => {
                out.push_str("\\<");
                rest = &rest[1..];
            }
            _ => {
                out.push(c);
                rest = &rest[c.len_utf8()..];
            }
        }
    }
    escape_line_start(out)
}

/// `<` followed by what makes a tag, a comment or a processing instruction.
pub(crate) fn is_tag_start(s: &str) -> bool {
    s.strip_prefix('<')
        .is_some_and(|r| r.starts_with(|c: char| c.is_ascii_alphabetic() || "/!?".contains(c)))
}

/// Where a run of exactly `n` backticks starts in `s`, if there is one.
pub(crate) fn closing_backticks(s: &str, n: usize) -> Option<usize> {
    let mut i = 0;
    while let Some(start) = s[i..].find('`') {
        let start = i + start;
        let run = s[start..].len() - s[start..].trim_start_matches('`').len();
        if run == n {
            return Some(start);
        }
        i = start + run;
    }
    None
}

/// Whether `line`, at the start of a line, would open a block (a heading, quote, bullet, rule,
/// setext underline, table delimiter row, fence, task box or link definition): the export
/// escapes its first character, and the importer removes exactly that escape. Ordered-list
/// markers (`1.`) are handled apart, since their escape goes after the digits.
pub(crate) fn starts_block(line: &str) -> bool {
    let b = line.as_bytes();
    let Some(&first) = b.first() else { return false };
    let ends_marker = |k: usize| b.get(k).is_none_or(|c| *c == b' ' || *c == b'\t');
    let only = |set: &[u8]| b.iter().all(|c| set.contains(c));
    match first {
        b'#' => {
            let n = b.iter().take_while(|c| **c == b'#').count();
            n <= 6 && ends_marker(n)
        }
        b'>' => true,
        b'-' | b'+' | b'*' if ends_marker(1) => true,
        // Thematic breaks, setext underlines, table delimiter rows.
        b'-' | b'*' | b'_' | b'=' if only(&[first, b' ', b'\t']) => true,
        b'-' | b'|' | b':' if only(b"-|: \t") && b.contains(&b'-') => true,
        b'~' => line.starts_with("~~~"),
        b'[' => {
            line.starts_with("[ ]")
                || line.starts_with("[x]")
                || line.starts_with("[X]")
                || line.contains("]:")
        }
        _ => false,
    }
}

/// Escapes a marker that would start a block at the beginning of a line. A line the user
/// started with backslashes before such a marker (`\# x`) gets one more, so the importer, which
/// removes exactly one, gives the user's back.
fn escape_line_start(line: String) -> String {
    if starts_block(line.trim_start_matches('\\')) {
        return format!("\\{line}");
    }
    let b = line.as_bytes();
    let n = b.iter().take_while(|c| c.is_ascii_digit()).count();
    let slashes = b[n..].iter().take_while(|c| **c == b'\\').count();
    let ends_marker = |k: usize| b.get(k).is_none_or(|c| *c == b' ' || *c == b'\t');
    if (1..=9).contains(&n)
        && matches!(b.get(n + slashes), Some(b'.' | b')'))
        && ends_marker(n + slashes + 1)
    {
        let mut out = line;
        out.insert(n, '\\');
        return out;
    }
    line
}

/// User Markdown for the body of a section at heading `level` (2 for `##`): normalised line
/// endings, no trailing spaces, no blank edges, and contained (see the module docs). Returns
/// `None` for blank text, and whether the text ends with a `-` bullet list.
pub(super) fn block(text: &str, level: usize) -> Option<(String, bool)> {
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    let lines: Vec<&str> = text.lines().map(str::trim_end).collect();
    let mut text = lines.join("\n").trim_matches('\n').to_owned();
    if text.is_empty() {
        return None;
    }
    text = escape_tags(&text);
    let mut headings: Vec<(Range<usize>, usize)> = Vec::new();
    let mut fence: Option<Range<usize>> = None;
    let mut last_block: Option<(bool, usize)> = None;
    let mut depth = 0usize;
    for (event, range) in render::parser(&text).into_offset_iter() {
        match event {
            Event::Start(tag) => {
                if depth == 0 {
                    last_block = Some((matches!(tag, Tag::List(None)), range.start));
                    match tag {
                        Tag::Heading { level, .. } => {
                            headings.push((range.clone(), level as usize))
                        }
                        Tag::CodeBlock(CodeBlockKind::Fenced(_)) => fence = Some(range.clone()),
                        _ => {}
                    }
                }
                depth += 1;
            }
            Event::End(_) => depth = depth.saturating_sub(1),
            _ => {
                if depth == 0 {
                    last_block = Some((false, range.start));
                }
            }
        }
    }
    let ends_with_dash_list =
        last_block.is_some_and(|(list, at)| list && text[at..].trim_start().starts_with('-'));
    let unclosed = fence.filter(|r| r.end >= text.len()).and_then(|r| unclosed_fence(&text[r]));
    // The author's shallowest heading goes one level below the section, deeper ones too (the
    // importer lifts the shallowest to `#`, so this is what it gives back); the rest keep their
    // distance from it (up to `######`).
    let shallowest = headings.iter().map(|h| h.1).min().unwrap_or(6);
    // One pass (replacing in place would move the rest of the text once per heading).
    if !headings.is_empty() {
        let mut out = String::with_capacity(text.len() + headings.len() * 2);
        let mut last = 0;
        for (range, user_level) in headings {
            let source = text[range.clone()].trim_end_matches('\n');
            let end = range.start + source.len();
            let new = "#".repeat((user_level + level + 1 - shallowest).min(6));
            // Without the indentation before it (the heading is a line of its own).
            let before = &text[last..range.start];
            let indent = before.len() - before.trim_end_matches([' ', '\t']).len();
            out.push_str(&before[..before.len() - indent]);
            if !source.contains('\n') {
                // ATX: one line.
                out.push_str(&new);
                out.push_str(source.trim_start().trim_start_matches('#'));
            } else {
                // Setext: every line but the underline is the heading's text.
                let mut content: Vec<&str> = source.lines().map(str::trim).collect();
                content.pop();
                out.push_str(&new);
                out.push(' ');
                out.push_str(&escape_closing_hashes(content.join(" ")));
            }
            last = end;
        }
        out.push_str(&text[last..]);
        text = out;
    }
    if let Some(close) = unclosed {
        text.push('\n');
        text.push_str(&close);
    }
    Some((text, ends_with_dash_list))
}

/// Where `text` has code (code spans and code blocks), in order.
pub(crate) fn code_ranges(text: &str) -> Vec<Range<usize>> {
    let mut out: Vec<Range<usize>> = Vec::new();
    let mut in_block: Option<usize> = None;
    for (event, range) in render::parser(text).into_offset_iter() {
        match event {
            Event::Code(_) if in_block.is_none() => out.push(range),
            Event::Start(Tag::CodeBlock(_)) => in_block = Some(range.start),
            Event::End(pulldown_cmark::TagEnd::CodeBlock) => {
                if let Some(start) = in_block.take() {
                    out.push(start..range.end);
                }
            }
            _ => {}
        }
    }
    out
}

/// Shows every tag as text: outside code (and autolinks), each `<` that starts a tag, a
/// comment or a processing instruction gets a backslash, and the user's backslashes right
/// before it are doubled (they are text there). The importer tells the two apart by the run's
/// parity (see `import::unescape::block_text`).
///
/// Every tag start, not only those the parser reads as HTML: whether `<title` is HTML depends on
/// the lines around it (an HTML block before a setext underline is a heading once escaped), so
/// escaping by what the parser sees would escape the same text differently after a round trip.
/// Which `<` lie in code can change once tags are escaped (an HTML block's backticks become code
/// spans), so the positions are settled on the escaped text itself, starting from all escaped
/// but autolinks.
fn escape_tags(text: &str) -> String {
    let tags = tag_starts(text);
    if tags.is_empty() {
        return text.to_owned();
    }
    // An autolink the user wrote (no backslash before it) stays a link.
    let links: Vec<bool> =
        tags.iter().map(|&i| !text[..i].ends_with('\\') && is_autolink(&text[i..])).collect();
    let mut kept = links.clone();
    let mut out = String::new();
    for round in 0..9 {
        if round == 8 {
            // No settled state (the code moves with each choice, e.g. backticks around a script
            // block): every tag escaped. The importer keeps the escapes that lie in code; once
            // they are the user's text, this is what the next export writes again.
            kept.clone_from(&links);
        }
        out.clear();
        out.reserve(text.len() + tags.len() * 2);
        let mut at = Vec::with_capacity(tags.len());
        let mut last = 0;
        for (&i, &keep) in tags.iter().zip(&kept) {
            let run = backslashes_before(text, i);
            if keep {
                out.push_str(&text[last..i]);
            } else {
                out.push_str(&text[last..i - run]);
                out.push_str(&"\\".repeat(2 * run + 1));
            }
            at.push(out.len());
            last = i;
        }
        out.push_str(&text[last..]);
        if round == 8 {
            break;
        }
        let mut now = in_code(&out, &at);
        now.iter_mut().zip(&links).for_each(|(k, l)| *k |= l);
        if now == kept {
            break;
        }
        kept = now;
    }
    out
}

/// Where a tag, a comment or a processing instruction starts in `text` (each `<` that
/// [`is_tag_start`]), in order. The export escapes these and the importer unescapes them, both
/// outside code ([`in_code`]).
pub(crate) fn tag_starts(text: &str) -> Vec<usize> {
    text.match_indices('<').map(|(i, _)| i).filter(|&i| is_tag_start(&text[i..])).collect()
}

/// The run of backslashes right before byte `i` of `text`.
pub(crate) fn backslashes_before(text: &str, i: usize) -> usize {
    i - text[..i].trim_end_matches('\\').len()
}

/// Which of the positions `at` (in order) in `text` are code (a code span or block).
pub(crate) fn in_code(text: &str, at: &[usize]) -> Vec<bool> {
    let code = code_ranges(text);
    let mut k = 0;
    at.iter()
        .map(|&i| {
            while k < code.len() && code[k].end <= i {
                k += 1;
            }
            code.get(k).is_some_and(|r| r.start <= i)
        })
        .collect()
}

/// Whether `s` starts with an autolink (`<https://…>`, `<ops@example.com>`), by its syntax
/// alone (CommonMark's), so the same text decides the same way wherever it stands.
fn is_autolink(s: &str) -> bool {
    // Neither kind holds a space, a line break or a `<` (and stopping there keeps this linear).
    let Some(end) = s[1..].find(['>', '<', ' ', '\n']).map(|e| e + 1) else { return false };
    if s.as_bytes()[end] != b'>' {
        return false;
    }
    let inner = &s[1..end];
    if let Some((scheme, rest)) = inner.split_once(':')
        && (2..=32).contains(&scheme.len())
        && scheme.starts_with(|c: char| c.is_ascii_alphabetic())
        && scheme.bytes().all(|c| c.is_ascii_alphanumeric() || b"+.-".contains(&c))
        && !rest.chars().any(|c| c == ' ' || c == '<' || c.is_ascii_control())
    {
        return true;
    }
    let Some((local, domain)) = inner.split_once('@') else { return false };
    !local.is_empty()
        && local.bytes().all(|c| c.is_ascii_alphanumeric() || b".!#$%&'*+/=?^_`{|}~-".contains(&c))
        && domain.split('.').all(|label| {
            let b = label.as_bytes();
            (1..=63).contains(&b.len())
                && b.iter().all(|c| c.is_ascii_alphanumeric() || *c == b'-')
                && b[0] != b'-'
                && b[b.len() - 1] != b'-'
        })
}

/// The fence that closes an unclosed fenced code block (its source `code`), or `None` if closed.
fn unclosed_fence(code: &str) -> Option<String> {
    let code = code.trim_end_matches('\n');
    let first = code.lines().next()?;
    let open = first.trim_start();
    let c = open.chars().next()?;
    let n = open.len() - open.trim_start_matches(c).len();
    let mut lines = code.lines();
    lines.next();
    // A closing fence is indented at most three columns past the block's own indentation;
    // deeper, it is a line of code.
    let closed = lines.next_back().is_some_and(|last| {
        let deeper = scan::indent(last).saturating_sub(scan::indent(first));
        let last = last.trim();
        deeper <= 3 && last.len() >= n && last.chars().all(|x| x == c)
    });
    (!closed).then(|| c.to_string().repeat(n))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Inline text as a bullet item, then as the HTML a reader sees.
    #[track_caller]
    fn check(input: &str, markdown: &str, html: &str) {
        let item = list_item("- ", "", &inline_lines(input));
        assert_eq!(item, markdown, "markdown of {input:?}");
        assert_eq!(render::to_html(&item).trim_end(), html, "html of {input:?}");
    }

    /// User Markdown as the body of a `##` section.
    #[track_caller]
    fn check_block(input: &str, expect: &str) {
        assert_eq!(block(input, 2).map(|b| b.0).unwrap_or_default(), expect, "input: {input:?}");
    }

    #[test]
    fn plain() {
        check("Alert fired", "- Alert fired", "<ul>\n<li>Alert fired</li>\n</ul>");
    }
    #[test]
    fn leading_dash() {
        check("- not a list", "- \\- not a list", "<ul>\n<li>- not a list</li>\n</ul>");
    }
    #[test]
    fn leading_number() {
        check("1. not a list", "- 1\\. not a list", "<ul>\n<li>1. not a list</li>\n</ul>");
    }
    #[test]
    fn number_with_paren() {
        check("2) no", "- 2\\) no", "<ul>\n<li>2) no</li>\n</ul>");
    }
    #[test]
    fn a_version_is_not_a_list() {
        check("1.2 rolled out", "- 1.2 rolled out", "<ul>\n<li>1.2 rolled out</li>\n</ul>");
    }
    #[test]
    fn leading_hash() {
        check("# not a heading", "- \\# not a heading", "<ul>\n<li># not a heading</li>\n</ul>");
    }
    #[test]
    fn hashtag() {
        check(
            "#incidents pinged",
            "- #incidents pinged",
            "<ul>\n<li>#incidents pinged</li>\n</ul>",
        );
    }
    #[test]
    fn quote() {
        check("> quoted", "- \\> quoted", "<ul>\n<li>&gt; quoted</li>\n</ul>");
    }
    #[test]
    fn lone_rule() {
        check("---", "- \\---", "<ul>\n<li>---</li>\n</ul>");
    }
    #[test]
    fn rule_under_a_line_is_not_a_heading() {
        check("a\n---", "- a\\\n  \\---", "<ul>\n<li>a<br />\n---</li>\n</ul>");
    }
    #[test]
    fn equals_under_a_line() {
        check("a\n===", "- a\\\n  \\===", "<ul>\n<li>a<br />\n===</li>\n</ul>");
    }
    #[test]
    fn pipes_stay_text() {
        check("a | b\n--|--", "- a | b\\\n  \\--|--", "<ul>\n<li>a | b<br />\n--|--</li>\n</ul>");
    }
    #[test]
    fn code_span_kept() {
        check(
            "ran `kubectl <pod>`",
            "- ran `kubectl <pod>`",
            "<ul>\n<li>ran <code>kubectl &lt;pod&gt;</code></li>\n</ul>",
        );
    }
    #[test]
    fn lone_backtick() {
        check("a ` b", "- a \\` b", "<ul>\n<li>a ` b</li>\n</ul>");
    }
    #[test]
    fn fence_opener() {
        check("```", "- \\`\\`\\`", "<ul>\n<li>```</li>\n</ul>");
    }
    #[test]
    fn tilde_fence() {
        check("~~~ x", "- \\~~~ x", "<ul>\n<li>~~~ x</li>\n</ul>");
    }
    #[test]
    fn html_is_text() {
        check(
            "<b>bold</b> <!-- c",
            "- \\<b>bold\\</b> \\<!-- c",
            "<ul>\n<li>&lt;b&gt;bold&lt;/b&gt; &lt;!-- c</li>\n</ul>",
        );
    }
    #[test]
    fn less_than_in_prose() {
        check("p99 < 2s", "- p99 < 2s", "<ul>\n<li>p99 &lt; 2s</li>\n</ul>");
    }
    #[test]
    fn emphasis_kept() {
        check("it *was* slow", "- it *was* slow", "<ul>\n<li>it <em>was</em> slow</li>\n</ul>");
    }
    #[test]
    fn task_marker_text() {
        check("[x] not a task", "- \\[x] not a task", "<ul>\n<li>[x] not a task</li>\n</ul>");
    }
    #[test]
    fn link_definition_text() {
        check("[a]: b", "- \\[a]: b", "<ul>\n<li>[a]: b</li>\n</ul>");
    }
    #[test]
    fn leading_spaces_and_crlf() {
        check("   a\r\n    b\r\n", "- a\\\n  b", "<ul>\n<li>a<br />\nb</li>\n</ul>");
    }
    #[test]
    fn blank_lines_make_paragraphs_inside_the_item() {
        check("a\n\n\n\nb", "- a\n\n  b", "<ul>\n<li>\n<p>a</p>\n<p>b</p>\n</li>\n</ul>");
    }
    #[test]
    fn trailing_backslash() {
        check("a\\\nb", "- a\\ \\\n  b", "<ul>\n<li>a\\ <br />\nb</li>\n</ul>");
    }
    #[test]
    fn star_bullet() {
        check("* x\n+ y", "- \\* x\\\n  \\+ y", "<ul>\n<li>* x<br />\n+ y</li>\n</ul>");
    }

    #[test]
    fn headings_in_titles() {
        assert_eq!(heading_text("Issue #"), "Issue \\#");
        assert_eq!(heading_text("C#"), "C#");
        assert_eq!(heading_text("# Outage\r\n ##"), "\\# Outage \\##");
        assert_eq!(heading_text("#1 outage"), "#1 outage");
    }

    #[test]
    fn literal_text() {
        assert_eq!(literal("*a_b* <c> [d] \\"), "\\*a\\_b\\* \\<c\\> \\[d\\] \\\\");
    }

    #[test]
    fn block_markdown_is_kept() {
        check_block("Some *text*.\n\n- a\n- b", "Some *text*.\n\n- a\n- b");
    }
    #[test]
    fn block_crlf_and_trailing_space() {
        check_block("\r\n\r\na  \r\nb\r\n\r\n", "a\nb");
    }
    #[test]
    fn block_heading_is_demoted() {
        check_block("# Details\n\ntext", "### Details\n\ntext");
    }
    #[test]
    fn block_headings_keep_their_distance() {
        check_block("## A\n\n### B\n\n## C", "### A\n\n#### B\n\n### C");
    }
    #[test]
    fn block_deep_heading_stops_at_six() {
        check_block("# A\n\n###### Deep", "### A\n\n###### Deep");
    }
    #[test]
    fn block_deeper_headings_rise_to_one_below_the_section() {
        check_block("#### Deep", "### Deep");
        check_block("#### Deep\n\n###### Deeper", "### Deep\n\n##### Deeper");
    }
    #[test]
    fn block_setext_heading() {
        check_block("Title\n---\ntext", "### Title\ntext");
    }
    #[test]
    fn block_setext_heading_that_looks_like_atx() {
        check_block("#<\n-", "### #<");
    }
    #[test]
    fn block_setext_heading_ending_in_hashes() {
        check_block("Issue #\n===", "### Issue \\#");
    }
    #[test]
    fn block_lone_rule_stays_a_rule() {
        check_block("a\n\n---\n\nb", "a\n\n---\n\nb");
    }
    #[test]
    fn block_heading_in_a_quote_stays() {
        check_block("> # quoted", "> # quoted");
    }
    #[test]
    fn block_unclosed_fence_is_closed() {
        check_block("```sh\nrm -rf /\n", "```sh\nrm -rf /\n```");
    }
    #[test]
    fn block_fence_whose_last_line_is_indented_as_code_is_closed() {
        // Four spaces in, the last line is code inside the block, not its closing fence.
        check_block("~~~\n    ~~~", "~~~\n    ~~~\n~~~");
    }
    #[test]
    fn block_closed_fence_is_left_alone() {
        check_block("~~~~\nx\n~~~~~", "~~~~\nx\n~~~~~");
    }
    #[test]
    fn block_code_is_not_touched() {
        check_block("    # code\n    <b>", "    # code\n    <b>");
    }
    #[test]
    fn block_html_is_text() {
        check_block("<div>\n# x\n</div>", "\\<div>\n### x\n\\</div>");
    }
    #[test]
    fn block_unclosed_comment_is_text() {
        check_block("a\n\n<!-- hide\n\nb", "a\n\n\\<!-- hide\n\nb");
    }
    #[test]
    fn block_inline_html_is_text() {
        check_block("a <span>b</span>", "a \\<span>b\\</span>");
    }
    #[test]
    fn block_every_tag_start_is_text_whatever_its_context() {
        // `<title` then `-` is an HTML block; once escaped it is a setext heading, whose text
        // keeps the escape: the same text escapes the same way in a heading or not.
        check_block("<title\n-", "### \\<title");
        check_block("### <title", "### \\<title");
        check_block("a <b c", "a \\<b c");
    }
    #[test]
    fn block_tags_in_code_and_autolinks_stay() {
        check_block("<https://x.io> `<b>`", "<https://x.io> `<b>`");
        // An HTML block's backticks become a code span once its tag is escaped.
        check_block("<e l=\"\">\n`<c>\n`", "\\<e l=\"\">\n`<c>\n`");
    }
    #[test]
    fn block_ending_with_a_dash_list() {
        assert_eq!(block("- a", 2).map(|b| b.1), Some(true));
        assert_eq!(block("* a", 2).map(|b| b.1), Some(false));
        assert_eq!(block("- a\n\ntext", 2).map(|b| b.1), Some(false));
    }
}
