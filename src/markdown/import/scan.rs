//! Line-level recognisers: list items, fences, headings in every style people use (`#`, setext,
//! a bold line, an ALL CAPS line, a `Label:` line, a known name on its own line), tables.
//!
//! Everything here looks at one or two lines and is linear in their length.

use super::sections::{self, Kind};

/// Width of leading whitespace, a tab counting as 4.
pub(crate) fn indent(line: &str) -> usize {
    let mut n = 0;
    for c in line.chars() {
        match c {
            ' ' => n += 1,
            '\t' => n += 4,
            _ => break,
        }
    }
    n
}

pub(crate) fn is_blank(line: &str) -> bool {
    line.trim().is_empty()
}

/// A list item: its indentation and the content after the marker (and after `[ ]`/`[x]`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct ListItem<'a> {
    pub(crate) indent: usize,
    pub(crate) content: &'a str,
    /// `Some(done)` for a task list item.
    pub(crate) checkbox: Option<bool>,
    pub(crate) ordered: bool,
}

pub(crate) fn list_item(line: &str) -> Option<ListItem<'_>> {
    let ind = indent(line);
    let t = line.trim_start();
    let (rest, ordered) = if let Some(r) = t.strip_prefix(['-', '*', '+', '•']) {
        (r, false)
    } else {
        let n = t.bytes().take_while(u8::is_ascii_digit).count();
        if n == 0 || n > 9 || !matches!(t.as_bytes().get(n), Some(b'.' | b')')) {
            return None;
        }
        (&t[n + 1..], true)
    };
    if !(rest.is_empty() || rest.starts_with([' ', '\t'])) {
        return None;
    }
    let content = rest.trim();
    // `---` or `* * *` is a rule, not an item.
    if !ordered && is_rule(line) {
        return None;
    }
    let (checkbox, content) = match content.get(..3) {
        Some("[ ]") if content[3..].is_empty() || content[3..].starts_with(' ') => {
            (Some(false), content[3..].trim_start())
        }
        Some("[x]" | "[X]") if content[3..].is_empty() || content[3..].starts_with(' ') => {
            (Some(true), content[3..].trim_start())
        }
        _ => (None, content),
    };
    Some(ListItem { indent: ind, content, checkbox, ordered })
}

/// `---`, `***`, `___`, `- - -`.
pub(crate) fn is_rule(line: &str) -> bool {
    let t = line.trim();
    let Some(c) = t.chars().next() else { return false };
    matches!(c, '-' | '*' | '_')
        && t.chars().filter(|x| *x == c).count() >= 3
        && t.chars().all(|x| x == c || x == ' ' || x == '\t')
}

/// A fence opener: its character and length (```` ``` ```` or `~~~`, at most 3 spaces in).
pub(crate) fn fence_open(line: &str) -> Option<(char, usize)> {
    if indent(line) > 3 {
        return None;
    }
    let t = line.trim_start();
    let c = t.chars().next().filter(|c| matches!(c, '`' | '~'))?;
    let n = t.len() - t.trim_start_matches(c).len();
    if n < 3 || (c == '`' && t[n..].contains('`')) {
        return None;
    }
    Some((c, n))
}

pub(crate) fn fence_closes(line: &str, (c, n): (char, usize)) -> bool {
    let t = line.trim();
    indent(line) <= 3 && t.len() >= n && t.chars().all(|x| x == c)
}

/// An ATX heading: level and text (closing `#`s removed).
pub(crate) fn atx(line: &str) -> Option<(usize, &str)> {
    if indent(line) > 3 {
        return None;
    }
    let t = line.trim();
    let n = t.len() - t.trim_start_matches('#').len();
    if n == 0 || n > 6 {
        return None;
    }
    let rest = &t[n..];
    if !(rest.is_empty() || rest.starts_with([' ', '\t'])) {
        return None;
    }
    let mut text = rest.trim();
    let closing = text.trim_end_matches('#');
    if closing.is_empty() || closing.ends_with([' ', '\t']) {
        text = closing.trim_end();
    }
    Some((n, text))
}

/// A whole line in bold: `**Issue Summary:**`, `**Timeline**:`, `__Root cause__`.
pub(crate) fn bold_line(line: &str) -> Option<&str> {
    let t = line.trim();
    for w in ["**", "__"] {
        let Some(inner) = t.strip_prefix(w) else { continue };
        let inner = inner.strip_suffix(':').unwrap_or(inner);
        let inner = inner.strip_suffix(w)?;
        if inner.is_empty() || inner.contains(w) || inner.chars().count() > 100 {
            return None;
        }
        return Some(inner.trim().trim_end_matches(':').trim_end());
    }
    None
}

/// A line in capitals (`ROOT CAUSE`, `CORRECTIVE AND PREVENTIVE MEASURES`).
pub(crate) fn caps_line(line: &str) -> Option<&str> {
    let t = line.trim().trim_end_matches(':').trim_end();
    let letters = t.chars().filter(|c| c.is_alphabetic()).count();
    (letters >= 3
        && t.chars().count() <= 80
        && t.starts_with(|c: char| c.is_alphabetic())
        && !t.chars().any(char::is_lowercase)
        && t.chars().any(char::is_uppercase)
        && list_item(line).is_none())
    .then_some(t)
}

/// A `Label:` line with nothing after the colon.
pub(crate) fn label_line(line: &str) -> Option<&str> {
    let t = line.trim();
    let name = t.strip_suffix(':')?.trim_end();
    (!name.is_empty()
        && name.chars().count() <= 60
        && !name.contains(':')
        && list_item(line).is_none()
        && !name.starts_with(['#', '|', '>', '*', '_', '`', '[', '!', '<']))
    .then_some(name)
}

/// How a heading was written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Style {
    /// `## Name` or a setext underline.
    Atx,
    /// `**Name:**`
    Bold,
    /// `NAME`
    Caps,
    /// `Name:`
    Label,
    /// `Name` on its own line (known names only).
    Plain,
}

/// A line (or two, for setext) that reads as a heading.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Head<'a> {
    pub(crate) style: Style,
    /// 1–6 for ATX and setext; 7 for the other styles, which have no level.
    pub(crate) level: usize,
    pub(crate) text: &'a str,
    /// The known section, if the name is one.
    pub(crate) kind: Option<Kind>,
    /// Text after the known name: `Root Cause and Resolution: How we fixed it`.
    pub(crate) subtitle: &'a str,
    /// Lines the heading takes (2 for setext).
    pub(crate) lines: usize,
}

/// The heading at `lines[i]`, if it is one. `after_blank`: the line before is blank (or none).
pub(crate) fn head_at<'a>(lines: &[&'a str], i: usize, after_blank: bool) -> Option<Head<'a>> {
    let line = lines[i];
    if is_blank(line) {
        return None;
    }
    let known = |text: &'a str, subtitles: bool| -> (Option<Kind>, &'a str) {
        if let Some(k) = sections::classify(text) {
            return (Some(k), "");
        }
        if subtitles && let Some((k, _, rest)) = sections::split_subtitle(text) {
            return (Some(k), rest);
        }
        (None, "")
    };
    let make = |style, level, text: &'a str, subtitles, n| {
        let (kind, subtitle) = known(text, subtitles);
        Some(Head { style, level, text, kind, subtitle, lines: n })
    };
    if let Some((level, text)) = atx(line) {
        return make(Style::Atx, level, text, true, 1);
    }
    // Setext: a one-line paragraph over `===` or `---`.
    if after_blank
        && let Some(next) = lines.get(i + 1)
        && list_item(line).is_none()
        && indent(line) <= 3
        && fence_open(line).is_none()
        && !line.trim_start().starts_with(['|', '>', '<', '!'])
    {
        let u = next.trim();
        if !u.is_empty()
            && indent(next) <= 3
            && (u.bytes().all(|b| b == b'=') || u.bytes().all(|b| b == b'-'))
        {
            let level = if u.starts_with('=') { 1 } else { 2 };
            return make(Style::Atx, level, line.trim(), true, 2);
        }
    }
    // The other styles stand at the margin, and a plain name has no markup around it.
    if indent(line) > 1 {
        return None;
    }
    if let Some(text) = bold_line(line) {
        return make(Style::Bold, 7, text, true, 1);
    }
    if list_item(line).is_some() || line.trim_start().starts_with('|') {
        return None;
    }
    if let Some(text) = label_line(line) {
        return make(Style::Label, 7, text, false, 1);
    }
    if let Some(text) = caps_line(line) {
        return make(Style::Caps, 7, text, true, 1);
    }
    let t = line.trim();
    if t.chars().count() <= 100 && !t.contains(['*', '_', '`', '\\', '[', '<', '|']) {
        let (kind, subtitle) = known(t, false);
        if kind.is_some() {
            return Some(Head { style: Style::Plain, level: 7, text: t, kind, subtitle, lines: 1 });
        }
        // `Timeline (Or, how it went)`: a known name, then a parenthesis.
        if let Some(open) = t.find('(')
            && t.ends_with(')')
            && let Some(k) = sections::classify(&t[..open])
        {
            return Some(Head {
                style: Style::Plain,
                level: 7,
                text: t,
                kind: Some(k),
                subtitle: &t[open..],
                lines: 1,
            });
        }
    }
    None
}

/// The cells of a table row (`| a | b |`), or of a tab-separated row.
pub(crate) fn cells(line: &str) -> Option<Vec<&str>> {
    let t = line.trim();
    if let Some(inner) = t.strip_prefix('|') {
        let inner = inner.strip_suffix('|').unwrap_or(inner);
        return Some(inner.split('|').map(str::trim).collect());
    }
    if t.contains('\t') {
        let cells: Vec<&str> = t.split('\t').map(str::trim).filter(|c| !c.is_empty()).collect();
        if cells.len() >= 2 {
            return Some(cells);
        }
    }
    None
}

/// `|---|:--:|`
pub(crate) fn is_table_delimiter(line: &str) -> bool {
    let t = line.trim();
    t.contains('-') && t.contains('|') && t.chars().all(|c| matches!(c, '-' | '|' | ':' | ' '))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Shows the heading at the first line as `style level text [kind] (subtitle)` or `-`.
    #[track_caller]
    fn check(text: &str, expect: &str) {
        let lines: Vec<&str> = text.lines().collect();
        let got = head_at(&lines, 0, true).map_or("-".to_owned(), |h| {
            format!("{:?} {} {:?} {:?} {:?}", h.style, h.level, h.text, h.kind, h.subtitle)
        });
        assert_eq!(got, expect, "text: {text:?}");
    }

    #[test]
    fn atx_headings() {
        check("## Timeline", r#"Atx 2 "Timeline" Some(Timeline) """#);
        check("### Root Cause ###", r#"Atx 3 "Root Cause" Some(RootCause) """#);
        check("#hashtag", "-");
    }
    #[test]
    fn setext() {
        check("Timeline\n---", r#"Atx 2 "Timeline" Some(Timeline) """#);
        check("Outage\n===", r#"Atx 1 "Outage" None """#);
    }
    #[test]
    fn bold() {
        check("**Issue Summary:**", r#"Bold 7 "Issue Summary" Some(Summary) """#);
        check("**Timeline**:", r#"Bold 7 "Timeline" Some(Timeline) """#);
        check(
            "**Root Cause and Resolution: How We Fixed It**",
            r#"Bold 7 "Root Cause and Resolution: How We Fixed It" Some(Resolution) "How We Fixed It""#,
        );
        check("**a** and **b**", "-");
    }
    #[test]
    fn caps_and_labels() {
        check("ROOT CAUSE", r#"Caps 7 "ROOT CAUSE" Some(RootCause) """#);
        check("Tasks:", r#"Label 7 "Tasks" Some(Tasks) """#);
        check("Attendees:", r#"Label 7 "Attendees" None """#);
        check("14:30 UTC", "-");
    }
    #[test]
    fn plain_known_names_only() {
        check("Issue Summary", r#"Plain 7 "Issue Summary" Some(Summary) """#);
        check(
            "Timeline (Or, How It Went)",
            r#"Plain 7 "Timeline (Or, How It Went)" Some(Timeline) "(Or, How It Went)""#,
        );
        check("The disk filled up", "-");
        check("Root cause: a typo", "-");
    }
    #[test]
    fn list_items() {
        let item = list_item("  - [x] Done thing").unwrap();
        assert_eq!((item.indent, item.content, item.checkbox), (2, "Done thing", Some(true)));
        assert_eq!(list_item("12. Twelve").map(|i| i.content), Some("Twelve"));
        assert_eq!(list_item("---"), None);
        assert_eq!(list_item("-5 degrees"), None);
        assert_eq!(list_item("1.5 hours"), None);
    }
    #[test]
    fn fences() {
        assert_eq!(fence_open("```ini"), Some(('`', 3)));
        assert_eq!(fence_open("~~~~"), Some(('~', 4)));
        assert_eq!(fence_open("``` a ` b"), None);
        assert!(fence_closes("````", ('`', 3)));
        assert!(!fence_closes("``", ('`', 3)));
    }
    #[test]
    fn table_rows() {
        assert_eq!(cells("| 09:02 | Deployed |"), Some(vec!["09:02", "Deployed"]));
        assert_eq!(cells("07:58\tRebalance"), Some(vec!["07:58", "Rebalance"]));
        assert!(is_table_delimiter("|-------|:---:|"));
    }
}
