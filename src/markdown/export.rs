//! Document → Markdown, in the shape people write postmortems in.
//!
//! Byte-stable: the same document always gives the same bytes, `\n` line endings, one trailing
//! newline.

use crate::model::Postmortem;

/// The title used when the user has not written one yet.
pub const UNTITLED: &str = "Untitled postmortem";

/// Writes `doc` as Markdown.
pub fn export(doc: &Postmortem) -> String {
    let mut out = String::new();
    let title = one_line(&doc.title);
    let title = if title.is_empty() { UNTITLED.to_owned() } else { escape_line_start(&title) };
    out.push_str("# ");
    out.push_str(&title);
    out.push('\n');
    let summary = normalize_block(&doc.summary);
    if !summary.is_empty() {
        out.push_str("\n## Issue Summary\n\n");
        out.push_str(&summary);
        out.push('\n');
    }
    out
}

/// A file name for the exported Markdown: a lowercase slug of the title, safe on every OS.
pub fn file_name(doc: &Postmortem) -> String {
    let mut slug = String::new();
    for c in doc.title.chars().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() {
            slug.push(c);
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
        if slug.chars().count() >= 80 {
            break;
        }
    }
    let slug = slug.trim_end_matches('-');
    let stem = if slug.is_empty() { "postmortem" } else { slug };
    format!("{stem}.md")
}

/// Folds a single-line field: line breaks become spaces, surrounding space is trimmed.
fn one_line(text: &str) -> String {
    text.split(['\r', '\n']).map(str::trim).filter(|s| !s.is_empty()).collect::<Vec<_>>().join(" ")
}

/// A block of user Markdown: CRLF/CR become `\n`, trailing space and blank edges are dropped.
fn normalize_block(text: &str) -> String {
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    let lines: Vec<&str> = text.lines().map(str::trim_end).collect();
    lines.join("\n").trim_matches('\n').to_owned()
}

/// Escapes what would make the start of a line mean structure (a heading, a list, a quote...).
fn escape_line_start(text: &str) -> String {
    match text.chars().next() {
        Some('#' | '>' | '-' | '+' | '*' | '=' | '|' | '`' | '~' | '<') => format!("\\{text}"),
        _ => text.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(title: &str, summary: &str) -> Postmortem {
        Postmortem { title: title.into(), summary: summary.into() }
    }

    #[test]
    fn title_and_summary() {
        assert_eq!(
            export(&doc("Disk full", "The disk filled up.")),
            "# Disk full\n\n## Issue Summary\n\nThe disk filled up.\n"
        );
    }

    #[test]
    fn empty_document_has_a_placeholder_title_and_no_summary() {
        assert_eq!(export(&doc("", "  \n")), "# Untitled postmortem\n");
    }

    #[test]
    fn a_title_starting_with_a_hash_stays_text() {
        assert_eq!(export(&doc("#1 outage", "")), "# \\#1 outage\n");
    }

    #[test]
    fn crlf_in_the_summary_becomes_lf() {
        assert_eq!(export(&doc("T", "a\r\nb\r\n")), "# T\n\n## Issue Summary\n\na\nb\n");
    }

    #[test]
    fn file_names_are_slugs() {
        assert_eq!(file_name(&doc("The Great: Memory/Leak?", "")), "the-great-memory-leak.md");
        assert_eq!(file_name(&doc("  ", "")), "postmortem.md");
    }
}
