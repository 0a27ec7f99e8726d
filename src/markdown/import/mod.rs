//! Markdown → document: reads a postmortem written anywhere (or by our own export) into a
//! [`Postmortem`], and never fails.
//!
//! Like rust-analyzer's parser, [`import`] always returns a document plus [`Warning`]s: whatever
//! it cannot place goes into a custom section, so **no text of the file is lost**. Only
//! [`import_bytes`], for files, refuses input — empty, not text, or over [`MAX_BYTES`] — and
//! refusing touches nothing (the shell opens an import as a new draft).
//!
//! The reader is line-based and linear in the size of the input (no Markdown parser: it needs
//! the source text of every part, not events):
//!
//! 1. [`scan`] recognises headings in every style people write them (`##`, a bold line, a
//!    `Label:` line, ALL CAPS, a known name alone on its line) and [`sections`] names them
//!    (`TL;DR` is the summary, `What went wrong?` a lesson, `Action Items` tasks...).
//! 2. The file is cut into sections; each known section fills its part of the document
//!    ([`summary`] for the summary fields, [`timeline`] for entries, [`measures`] for tasks and
//!    improvements), unknown ones become custom sections.
//! 3. Text from our own export is unescaped ([`unescape`]) so that `import(&export(&doc))`
//!    gives `doc` back.
//! 4. The file's template is the one whose own headings it clearly uses (`Overview`, `What
//!    Happened`, `Messaging` are PagerDuty's): a template's custom parts become its custom
//!    sections, and the document exports in the same shape again.
//!
//! **Ids** are allocated fresh, in document order: timeline entries first, then tasks,
//! improvements and custom sections (the order of [`Postmortem::ids`]), from 1; `next_id` is one
//! more than the last. **The zone** is not written by the export (it is added to each time that
//! has none), so a document's `zone` comes back only from an explicit statement (`Timeline
//! (UTC)`, `All times in CDT.`, a `Zone:` field); its times come back with the zone in them.

mod measures;
pub mod outcome;
mod own;
pub(crate) mod scan;
mod sections;
mod summary;
mod timeline;
mod times;
mod unescape;

use crate::model::template::{Part, TEMPLATES, Template, TemplateId};
use crate::model::{CustomSection, Id, Postmortem};
use pulldown_cmark::{Event, Tag};
use scan::{Head, Style};
use sections::Kind;
use std::fmt;

pub(crate) use measures::{details_of, needs_details_guard};
pub(crate) use own::{is_reserved_heading, template_of_headings};
pub(crate) use timeline::needs_tag_guard;

/// Whether the first line of an untimed timeline entry, as exported, would read as a time or a
/// date (or starts with a character reference): the export then writes its first character as
/// a reference.
pub(crate) fn reads_as_time(line: &str) -> bool {
    timeline::time_of(line, true).is_some() || times::is_date_only(line) || line.starts_with("&#")
}

/// Whether the first line of a timed entry's text starts with what the importer takes for the
/// separator after the time (`:`, `-`, `→`...): the export then writes its first character as a
/// reference.
pub(crate) fn starts_with_separator(line: &str) -> bool {
    times::strip_separator(line) != line.trim()
}

/// The largest file [`import_bytes`] reads: 2 MB, far more than any postmortem.
pub const MAX_BYTES: usize = 2 * 1024 * 1024;

/// A document read from Markdown, and what the reader wants the user to know about it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Imported {
    /// The document.
    pub document: Postmortem,
    /// What was not placed where it belongs, in the order found.
    pub warnings: Vec<Warning>,
}

/// Something the user should check after an import. `Display` is the message shown.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Warning {
    /// Nothing in the file.
    Empty,
    /// No title was found.
    NoTitle,
    /// Sections whose names are not parts of the template, kept as custom sections (their
    /// headings, in order; one warning for all of them).
    CustomSections(Vec<String>),
    /// A known section found twice (or whose field was already filled), kept as custom.
    Duplicate(String),
    /// Timeline lines without a time, kept as entries without a time.
    UntimedEntries(usize),
    /// Text in the corrective measures that is not an item, kept as a custom section.
    MeasuresNotes(String),
    /// Front matter keys the document has no field for, kept as a custom section.
    FrontMatter(Vec<String>),
    /// A code block never closed: everything after it was read as code.
    UnclosedFence,
    /// A heading read as the corrective measures by its first word alone (a misspelling).
    GuessedHeading(String),
    /// The duration the file states differs from its start and end.
    DurationDiffers {
        /// As the file states it.
        stated: String,
        /// From the start to the end, in words.
        computed: String,
    },
    /// Bytes that were not UTF-8, replaced by U+FFFD.
    InvalidUtf8(usize),
    /// The file is not UTF-8; it was read as Windows-1252.
    Latin1,
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Warning::Empty => f.write_str("the file is empty"),
            Warning::NoTitle => f.write_str("no title found: add one"),
            Warning::CustomSections(headings) => {
                let quoted: Vec<String> =
                    headings.iter().take(3).map(|h| format!("“{h}”")).collect();
                match (headings.len(), &quoted[..]) {
                    (1, [one]) => write!(f, "section {one} kept as a custom section"),
                    (2, [a, b]) => write!(f, "sections {a} and {b} kept as custom sections"),
                    (3, [a, b, c]) => {
                        write!(f, "sections {a}, {b} and {c} kept as custom sections")
                    }
                    (n, _) => write!(
                        f,
                        "sections {} and {} more kept as custom sections",
                        quoted.join(", "),
                        n - quoted.len()
                    ),
                }
            }
            Warning::Duplicate(h) => {
                write!(f, "section “{h}” repeats a part already filled: kept as a custom section")
            }
            Warning::UntimedEntries(1) => f.write_str("1 timeline line had no time"),
            Warning::UntimedEntries(n) => write!(f, "{n} timeline lines had no time"),
            Warning::MeasuresNotes(h) => {
                write!(
                    f,
                    "text in “{h}” that is not a task or improvement kept as a custom section"
                )
            }
            Warning::FrontMatter(keys) => {
                write!(f, "front matter kept as a custom section: {}", keys.join(", "))
            }
            Warning::UnclosedFence => {
                f.write_str("a code block is never closed: the rest of the file was read as code")
            }
            Warning::GuessedHeading(h) => {
                write!(f, "section “{h}” was read as the corrective and preventive measures")
            }
            Warning::DurationDiffers { stated, computed } => write!(
                f,
                "the file says the incident lasted {stated}, but its start and end make {computed}: check them"
            ),
            Warning::InvalidUtf8(n) => {
                write!(f, "{n} bytes were not valid UTF-8 and were replaced by �")
            }
            Warning::Latin1 => f.write_str("the file is not UTF-8: it was read as Windows-1252"),
        }
    }
}

/// Why a file was not imported. `Display` is the message shown; the open draft is untouched.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Refusal {
    /// No bytes, or only white space.
    Empty,
    /// Not text (an image, a PDF, a zip...).
    NotText,
    /// Larger than [`MAX_BYTES`].
    TooLarge(usize),
}

impl fmt::Display for Refusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Refusal::Empty => f.write_str("This file is empty: there is nothing to import."),
            Refusal::NotText => f.write_str(
                "This file is not text (is it an image or a PDF?): choose a Markdown .md file.",
            ),
            Refusal::TooLarge(n) => write!(
                f,
                "This file is {} MB; postmortems over {} MB are not imported.",
                crate::model::decimal::megabytes(*n),
                MAX_BYTES / (1024 * 1024)
            ),
        }
    }
}

impl std::error::Error for Refusal {}

/// Reads a file's bytes: refuses an empty file, a file over [`MAX_BYTES`] and one that is not
/// text; otherwise [`import`]s it.
///
/// Decoding: a UTF-8 BOM is dropped; UTF-16 with a BOM is decoded. A NUL byte or more than 1% of
/// control characters (other than tab, line breaks and form feed) means "not text". Invalid
/// UTF-8 in a file that is otherwise UTF-8 (at most 1% of the bytes) is replaced by U+FFFD with
/// a warning; beyond that the file is read as Windows-1252, with a warning, which is what old
/// files that are not UTF-8 nearly always are.
pub fn import_bytes(bytes: &[u8]) -> Result<Imported, Refusal> {
    if bytes.len() > MAX_BYTES {
        return Err(Refusal::TooLarge(bytes.len()));
    }
    let decoded = decode(bytes).map_err(|e| match e {
        Undecodable::Empty => Refusal::Empty,
        Undecodable::NotText => Refusal::NotText,
    })?;
    let mut extra = Vec::new();
    match decoded.how {
        Decoding::Clean => {}
        Decoding::Replaced(bad) => extra.push(Warning::InvalidUtf8(bad)),
        Decoding::Latin1 => extra.push(Warning::Latin1),
    }
    let mut imported = import(&decoded.text);
    extra.append(&mut imported.warnings);
    imported.warnings = extra;
    Ok(imported)
}

/// A file's text, as [`decode`] read it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Decoded {
    pub text: String,
    pub how: Decoding,
}

/// How a file's bytes became text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Decoding {
    /// UTF-8 (with or without its byte-order mark) or UTF-16 with one.
    Clean,
    /// Mostly UTF-8: this many invalid sequences became U+FFFD.
    Replaced(usize),
    /// Mostly not UTF-8: read as Windows-1252 (Latin-1), as older tools wrote.
    Latin1,
}

/// Why bytes are no text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Undecodable {
    /// No bytes, or only white space.
    Empty,
    /// Not text (an image, a PDF, a zip...): a NUL byte, or over 1 % control bytes.
    NotText,
}

/// The one reading of a file's bytes as text, for every file the app takes in (an import, a
/// file dropped on the timeline): UTF-16 with a byte-order mark, else UTF-8, else Latin-1.
pub fn decode(bytes: &[u8]) -> Result<Decoded, Undecodable> {
    let (text, how) = if let Some(t) = utf16(bytes) {
        (t, Decoding::Clean)
    } else {
        let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
        let controls = bytes
            .iter()
            .filter(|b| (**b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0C)) || **b == 0x7F)
            .count();
        if bytes.contains(&0) || controls * 100 > bytes.len() {
            return Err(Undecodable::NotText);
        }
        match std::str::from_utf8(bytes) {
            Ok(t) => (t.to_owned(), Decoding::Clean),
            Err(_) => {
                let lossy = String::from_utf8_lossy(bytes);
                let bad = lossy.chars().filter(|c| *c == '\u{FFFD}').count();
                if bad * 100 <= bytes.len() {
                    (lossy.into_owned(), Decoding::Replaced(bad))
                } else {
                    (bytes.iter().map(|b| windows_1252(*b)).collect(), Decoding::Latin1)
                }
            }
        }
    };
    if text.trim().is_empty() {
        return Err(Undecodable::Empty);
    }
    Ok(Decoded { text, how })
}

fn utf16(bytes: &[u8]) -> Option<String> {
    let le = match bytes.get(..2)? {
        [0xFF, 0xFE] => true,
        [0xFE, 0xFF] => false,
        _ => return None,
    };
    let units = bytes[2..].chunks_exact(2).map(|c| {
        if le { u16::from_le_bytes([c[0], c[1]]) } else { u16::from_be_bytes([c[0], c[1]]) }
    });
    Some(char::decode_utf16(units).map(|c| c.unwrap_or('\u{FFFD}')).collect())
}

fn windows_1252(b: u8) -> char {
    const HIGH: [char; 32] = [
        '€', '\u{81}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{8D}', 'Ž',
        '\u{8F}', '\u{90}', '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\u{9D}',
        'ž', 'Ÿ',
    ];
    match b {
        0x80..=0x9F => HIGH[usize::from(b - 0x80)],
        _ => char::from(b),
    }
}

/// Reads Markdown into a document. Never fails, never panics, linear in the input.
pub fn import(text: &str) -> Imported {
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
    let text = if text.contains('\r') {
        text.replace("\r\n", "\n").replace('\r', "\n")
    } else {
        text.to_owned()
    };
    let mut b = Builder::default();
    if text.trim().is_empty() {
        b.warn(Warning::Empty);
        return b.finish();
    }
    let lines: Vec<&str> = text.split('\n').collect();
    if let Some(meta_end) = own::shape(&lines) {
        own::read(&mut b, &text, &lines, meta_end);
        return b.finish();
    }
    let start = b.front_matter(&lines);
    let mut sections = segment(&lines[start..], &mut b);
    let template = detect_template(&sections);
    b.doc.template = template.id;
    // A template's own custom part (PagerDuty's "What Happened", the SRE book's "Trigger") is a
    // custom section under that heading, whatever the heading means elsewhere.
    for s in sections.iter_mut().filter(|s| !s.preamble) {
        if custom_part(template, &s.heading).is_some() {
            s.kind = None;
            s.template_part = true;
        }
    }
    for s in sections {
        b.section(s);
    }
    b.finish()
}

/// The template a file follows: one whose shape the file clearly has, with at least two headings
/// no other template uses and more of the template's headings than the default's; else the
/// default. Our own export writes its template's headings, so a document's template comes back
/// with it, while a file with a `Summary` or an `Impact` heading alone stays in the default shape.
fn detect_template(sections: &[Section]) -> &'static Template {
    let headings: Vec<&str> =
        sections.iter().filter(|s| !s.preamble).map(|s| s.heading.trim()).collect();
    let used = |heading: &str| headings.iter().any(|h| h.eq_ignore_ascii_case(heading));
    let elsewhere = |t: &Template, heading: &str| {
        TEMPLATES
            .iter()
            .filter(|o| o.id != t.id)
            .any(|o| o.sections.iter().any(|x| x.heading.eq_ignore_ascii_case(heading)))
    };
    let matches = |t: &Template| t.sections.iter().filter(|s| used(s.heading)).count();
    let own = |t: &Template| {
        t.sections.iter().filter(|s| used(s.heading) && !elsewhere(t, s.heading)).count()
    };
    let default = TemplateId::Default.template();
    TEMPLATES
        .iter()
        .filter(|t| own(t) >= 2 && matches(t) > matches(default))
        .max_by_key(|t| (own(t), matches(t)))
        .unwrap_or(default)
}

/// The heading of `template`'s custom part called `heading`, if it has one.
fn custom_part(template: &Template, heading: &str) -> Option<&'static str> {
    template.sections.iter().find_map(|s| match s.part {
        Part::Custom(name) if name.eq_ignore_ascii_case(heading.trim()) => Some(name),
        _ => None,
    })
}

/// A part of the file: a heading and the lines under it.
#[derive(Debug)]
struct Section<'a> {
    /// `None` for the text before the first heading (after the title).
    kind: Option<Kind>,
    preamble: bool,
    heading: String,
    subtitle: String,
    /// 1–6 for `#` headings, 7 for the other styles.
    level: usize,
    body: Vec<&'a str>,
    /// A custom part of the file's template (no warning: it is where it belongs).
    template_part: bool,
}

/// Which heading styles this file uses for known names: a bold or capital line with an unknown
/// name is a heading only in a file that writes its known headings that way.
#[derive(Default)]
struct Styles {
    bold: bool,
    caps: bool,
    label: bool,
}

fn styles(lines: &[&str]) -> Styles {
    let mut s = Styles::default();
    let mut fence = None;
    let mut labels = 0;
    for (i, line) in lines.iter().enumerate() {
        if let Some(f) = fence {
            if scan::fence_closes(line, f) {
                fence = None;
            }
            continue;
        }
        if let Some(f) = scan::fence_open(line) {
            fence = Some(f);
            continue;
        }
        if let Some(h) = scan::head_at(lines, i, false)
            && h.kind.is_some()
        {
            match h.style {
                Style::Bold => s.bold = true,
                Style::Caps => s.caps = true,
                Style::Label if !matches!(h.kind, Some(Kind::Impact | Kind::RootCause)) => {
                    labels += 1
                }
                _ => {}
            }
        }
    }
    s.label = labels >= 2;
    s
}

/// Cuts the file into the title and its sections.
fn segment<'a>(lines: &[&'a str], b: &mut Builder) -> Vec<Section<'a>> {
    let styles = styles(lines);
    let mut out = vec![Section {
        kind: None,
        preamble: true,
        heading: String::new(),
        subtitle: String::new(),
        level: 0,
        body: Vec::new(),
        template_part: false,
    }];
    let mut i = 0;
    let mut fence: Option<(char, usize)> = None;
    let mut title_done = false;
    while i < lines.len() {
        let line = lines[i];
        if let Some(f) = fence {
            if scan::fence_closes(line, f) {
                fence = None;
            }
            push(&mut out, line);
            i += 1;
            continue;
        }
        if let Some(f) = scan::fence_open(line) {
            fence = Some(f);
            title_done = true;
            push(&mut out, line);
            i += 1;
            continue;
        }
        let after_blank = i == 0 || scan::is_blank(lines[i - 1]);
        if !title_done && !scan::is_blank(line) {
            title_done = true;
            if let Some(n) = b.title(lines, i) {
                i += n;
                continue;
            }
        }
        let current = out.last().map(|s| (s.kind, s.level, s.preamble));
        if let Some(h) = scan::head_at(lines, i, after_blank)
            && starts_section(&h, current, &styles)
        {
            let mut heading = h.text.to_owned();
            let mut subtitle = h.subtitle.to_owned();
            if h.kind.is_some() && !subtitle.is_empty() {
                heading = h.text[..h.text.len() - h.subtitle.len()]
                    .trim_end()
                    .trim_end_matches([':', '-', '—', '–'])
                    .trim_end()
                    .to_owned();
                if b.doc.title.is_empty() && !subtitle.starts_with('(') && out.len() == 1 {
                    b.doc.title = unescape::heading(&subtitle);
                    subtitle.clear();
                }
            }
            out.push(Section {
                kind: h.kind,
                preamble: false,
                heading,
                subtitle,
                level: h.level,
                body: Vec::new(),
                template_part: false,
            });
            i += h.lines;
            continue;
        }
        push(&mut out, line);
        i += 1;
    }
    if fence.is_some() {
        b.warn(Warning::UnclosedFence);
    }
    out
}

fn push<'a>(out: &mut [Section<'a>], line: &'a str) {
    if let Some(s) = out.last_mut() {
        s.body.push(line);
    }
}

/// Whether heading `h` starts a new section inside the current one (`kind`, `level`).
fn starts_section(h: &Head, current: Option<(Option<Kind>, usize, bool)>, styles: &Styles) -> bool {
    let (kind, level, preamble) = current.unwrap_or((None, 0, true));
    // Inside a timeline, a heading that starts with a time or a date is an entry.
    if kind == Some(Kind::Timeline)
        && (times::leading_time(h.text).is_some() || times::is_date_only(h.text))
    {
        return false;
    }
    if let Some(k) = h.kind {
        // `Impact:`, `Root Cause:` inside a summary are its fields; `Root Cause:` and
        // `Resolution:` inside "Root Cause and Resolution" are its paragraphs.
        let field_label = matches!(h.style, Style::Label | Style::Bold | Style::Plain);
        let in_summary = preamble || matches!(kind, Some(Kind::Summary | Kind::Facts));
        if field_label
            && in_summary
            && matches!(k, Kind::Impact | Kind::RootCause | Kind::Detection)
        {
            return false;
        }
        if field_label
            && kind == Some(Kind::Resolution)
            && matches!(k, Kind::RootCause | Kind::Resolution)
        {
            return false;
        }
        return true;
    }
    if (preamble || matches!(kind, Some(Kind::Summary | Kind::Facts)))
        && summary::is_field_label(h.text)
    {
        return false;
    }
    let style_on = match h.style {
        Style::Atx => true,
        Style::Bold => styles.bold,
        Style::Caps => styles.caps,
        Style::Label => styles.label && h.text.split_whitespace().count() <= 4,
        Style::Plain => false,
    };
    style_on && (preamble || h.level <= level)
}

/// The document being built.
#[derive(Default)]
struct Builder {
    doc: Postmortem,
    warnings: Vec<Warning>,
    warned: std::collections::HashSet<Warning>,
    /// Headings of the unknown sections kept as custom sections.
    customs: Vec<String>,
    untimed: usize,
    /// Summary lines whose value the export computes, checked once the document is complete.
    computed: Vec<summary::Computed>,
    /// Summary prose, searched last for a start, an end and a share of users.
    prose: Vec<String>,
    /// The file is our own export ([`own`]): read by its shape, without guessing.
    strict: bool,
}

impl Builder {
    /// Adds a warning once (a set keeps this linear however many times it is raised).
    fn warn(&mut self, w: Warning) {
        if self.warned.insert(w.clone()) {
            self.warnings.push(w);
        }
    }

    /// YAML front matter (`---` … `---`): known keys fill fields, the rest is kept.
    fn front_matter(&mut self, lines: &[&str]) -> usize {
        if lines.first().map(|l| l.trim()) != Some("---") {
            return 0;
        }
        let Some(end) =
            lines.iter().skip(1).take(200).position(|l| matches!(l.trim(), "---" | "..."))
        else {
            return 0;
        };
        let body = &lines[1..=end];
        let looks_yaml = body.iter().all(|l| {
            let t = l.trim();
            t.is_empty()
                || t.starts_with('#')
                || t.starts_with('-')
                || l.starts_with([' ', '\t'])
                || t.contains(':')
        });
        if !looks_yaml || body.iter().all(|l| l.trim().is_empty()) {
            return 0;
        }
        let mut kept = Vec::new();
        let mut keys = Vec::new();
        for line in body {
            let Some((key, value)) =
                line.split_once(':').filter(|_| !line.starts_with([' ', '\t', '-']))
            else {
                if !line.trim().is_empty() {
                    kept.push(line.to_string());
                }
                continue;
            };
            let value = value.trim().trim_matches(['"', '\'']).trim();
            let list = || {
                crate::model::split_list(value.trim_start_matches('[').trim_end_matches(']'))
                    .into_iter()
                    .map(|s| s.trim_matches(['"', '\'']).to_owned())
                    .collect::<Vec<_>>()
            };
            let d = &mut self.doc;
            let placed = match key.trim().to_ascii_lowercase().as_str() {
                "title" if d.title.is_empty() => {
                    d.title = value.to_owned();
                    true
                }
                "date" if d.date.is_empty() => {
                    d.date = value.to_owned();
                    true
                }
                "start" | "started" | "start_time" | "started_at" if d.start.is_empty() => {
                    d.start = value.to_owned();
                    true
                }
                "end" | "ended" | "end_time" | "ended_at" | "resolved" | "resolved_at"
                    if d.end.is_empty() =>
                {
                    d.end = value.to_owned();
                    true
                }
                "severity" | "sev" if d.severity.is_empty() => {
                    d.severity = value.to_owned();
                    true
                }
                "zone" | "timezone" | "time_zone" if d.zone.is_empty() => {
                    d.zone = value.to_owned();
                    true
                }
                "status" => match summary::status(value) {
                    Some(s) => {
                        d.status = s;
                        true
                    }
                    None => false,
                },
                "authors" | "author" if d.authors.is_empty() => {
                    d.authors = list();
                    true
                }
                "responders" if d.responders.is_empty() => {
                    d.responders = list();
                    true
                }
                "services" | "services_affected" if d.services_affected.is_empty() => {
                    d.services_affected = list();
                    true
                }
                _ => false,
            };
            if !placed && !line.trim().is_empty() {
                keys.push(key.trim().to_owned());
                kept.push(line.to_string());
            }
        }
        if !kept.is_empty() {
            self.custom("Front matter".to_owned(), kept.join("\n"));
            self.warnings.push(Warning::FrontMatter(keys));
        }
        end + 2
    }

    /// Reads the title at `lines[i]` (the first non-blank line) if there is one; returns the
    /// number of lines it took, or `None` when the line is not a title.
    fn title(&mut self, lines: &[&str], i: usize) -> Option<usize> {
        if !self.doc.title.is_empty() {
            return None;
        }
        let candidate = title_line(lines, i)?;
        if candidate.kind.is_some() {
            return None;
        }
        let mut used = candidate.lines;
        let mut title = candidate.text.to_owned();
        if sections::is_generic_title(&title) {
            // `# Postmortem` then `## The real title`: keep both, the real one last.
            let next = (i + used..lines.len()).find(|&j| !scan::is_blank(lines[j]));
            if let Some(j) = next
                && let Some(real) = title_line(lines, j)
                && real.kind.is_none()
            {
                title = format!("{title} — {}", real.text);
                used = j - i + real.lines;
            }
        }
        self.doc.title = if title == crate::markdown::export::UNTITLED {
            String::new()
        } else {
            unescape::heading(&title)
        };
        Some(used)
    }

    fn custom(&mut self, heading: String, body: String) {
        self.doc.custom_sections.push(CustomSection { id: Id(0), heading, body });
    }

    /// A section's text into the field `get` gives; if that field already holds text (a second
    /// section of the same kind), the text is kept as a custom section, with a warning.
    fn text_field(
        &mut self,
        heading: &str,
        body: &[&str],
        get: fn(&mut Postmortem) -> &mut String,
    ) {
        // Our own export keeps a rule at a section's edge (the author's); elsewhere it is a
        // separator between sections.
        let text = if self.strict { own_block(body) } else { block(body) };
        if text.is_empty() {
            return;
        }
        let field = get(&mut self.doc);
        if field.is_empty() {
            *field = text;
        } else {
            self.warn(Warning::Duplicate(heading.to_owned()));
            self.custom(heading.to_owned(), text);
        }
    }

    fn section(&mut self, s: Section) {
        let mut body_lines: Vec<&str> = Vec::new();
        let subtitle = s.subtitle.trim();
        let owned_subtitle;
        if !subtitle.is_empty() {
            if s.kind == Some(Kind::Timeline)
                && subtitle.starts_with('(')
                && let Some(z) = times::zone_in(subtitle)
            {
                if self.doc.zone.is_empty() {
                    self.doc.zone = z.to_owned();
                }
                // `(all times UTC)` says only the zone; other words are kept.
                let says_more = subtitle
                    .split(|c: char| c.is_whitespace() || matches!(c, '(' | ')' | ',' | '.' | ':'))
                    .filter(|w| !w.is_empty() && *w != z)
                    .any(|w| {
                        !matches!(
                            w.to_lowercase().as_str(),
                            "all"
                                | "times"
                                | "time"
                                | "are"
                                | "is"
                                | "in"
                                | "zone"
                                | "shown"
                                | "given"
                                | "listed"
                                | "local"
                        )
                    });
                if says_more {
                    owned_subtitle = subtitle.to_owned();
                    body_lines.push(&owned_subtitle);
                }
            } else {
                owned_subtitle = subtitle.to_owned();
                body_lines.push(&owned_subtitle);
            }
        }
        body_lines.extend(s.body.iter().copied());
        let body = &body_lines[..];
        if s.preamble {
            summary::read(self, body);
            return;
        }
        let Some(kind) = s.kind else {
            let heading = if s.heading == "Untitled section" {
                String::new()
            } else {
                unescape::heading(&s.heading)
            };
            let text = block(body);
            if !heading.is_empty() && !s.template_part {
                self.customs.push(heading.clone());
            }
            self.custom(heading, text);
            return;
        };
        let text_field = |b: &mut Builder, get: fn(&mut Postmortem) -> &mut String| {
            b.text_field(&s.heading, body, get)
        };
        match kind {
            Kind::Summary => summary::read(self, body),
            Kind::Impact => text_field(self, |d| &mut d.impact),
            Kind::Timeline => timeline::read(self, body),
            Kind::RootCause => {
                if self.doc.root_cause.is_empty() {
                    text_field(self, |d| &mut d.root_cause)
                } else {
                    self.append_resolution(&s.heading, block(body))
                }
            }
            Kind::Resolution => self.append_resolution(&s.heading, block(body)),
            Kind::ContributingFactors => text_field(self, |d| &mut d.contributing_factors),
            Kind::Detection => text_field(self, |d| &mut d.detection),
            Kind::WentWell => text_field(self, |d| &mut d.went_well),
            Kind::WentWrong => text_field(self, |d| &mut d.went_wrong),
            Kind::GotLucky => text_field(self, |d| &mut d.got_lucky),
            Kind::LessonsLearned => {
                let text = block(body);
                if !text.is_empty() {
                    self.customs.push(s.heading.clone());
                    self.custom(s.heading.clone(), text);
                }
            }
            Kind::Facts => {
                let rest = summary::fields(self, body);
                let text = block(&rest.iter().map(String::as_str).collect::<Vec<_>>());
                if !text.is_empty() {
                    let heading = unescape::heading(&s.heading);
                    if !s.template_part {
                        self.customs.push(heading.clone());
                    }
                    self.custom(heading, text);
                }
            }
            Kind::Measures | Kind::Tasks | Kind::Improvements => {
                if sections::is_guessed(&s.heading) {
                    self.warn(Warning::GuessedHeading(s.heading.clone()));
                }
                measures::read(self, body, kind, &s.heading)
            }
        }
    }

    /// Root cause and resolution in depth: a second section that belongs there (`Root Cause`
    /// then `Resolution`) follows the first under its own heading, in bold.
    fn append_resolution(&mut self, heading: &str, text: String) {
        if text.is_empty() {
            return;
        }
        let r = &mut self.doc.resolution;
        if r.is_empty() {
            *r = text;
        } else {
            r.push_str(&format!("\n\n**{}**\n\n{text}", heading.trim_end_matches(':')));
        }
    }

    fn finish(mut self) -> Imported {
        let d = &mut self.doc;
        let mut next = 1u64;
        let mut fresh = || {
            let id = Id(next);
            next += 1;
            id
        };
        d.timeline.iter_mut().for_each(|e| e.id = fresh());
        d.tasks.iter_mut().for_each(|t| t.id = fresh());
        d.improvements.iter_mut().for_each(|i| i.id = fresh());
        d.custom_sections.iter_mut().for_each(|c| c.id = fresh());
        d.next_id = next;
        // After the ids: the response metrics look entries up by id.
        summary::finish(&mut self);
        if !self.customs.is_empty() {
            self.warnings.push(Warning::CustomSections(std::mem::take(&mut self.customs)));
        }
        if self.untimed > 0 && !self.strict {
            self.warnings.push(Warning::UntimedEntries(self.untimed));
        }
        if self.doc.title.trim().is_empty() && !self.warnings.contains(&Warning::Empty) {
            self.warnings.insert(0, Warning::NoTitle);
        }
        Imported { document: self.doc, warnings: self.warnings }
    }
}

/// A line that can be a title: any heading, a bold or capital line, or a plain line standing
/// alone (a one-line paragraph that is not a list item, a field or a time).
fn title_line<'a>(lines: &[&'a str], i: usize) -> Option<Head<'a>> {
    let after_blank = i == 0 || scan::is_blank(lines[i - 1]);
    if let Some(h) = scan::head_at(lines, i, after_blank) {
        return match h.style {
            Style::Label => None,
            _ => Some(h),
        };
    }
    let line = lines[i].trim();
    let next_ends = lines.get(i + 1).is_none_or(|n| {
        scan::is_blank(n)
            || scan::head_at(lines, i + 1, false).is_some_and(|h| h.kind.is_some())
            || summary::field_line(n).is_some()
    });
    let plain = scan::list_item(line).is_none()
        && next_ends
        && line.chars().count() <= 150
        && !line.starts_with(['|', '>', '<', '!', '[', '`'])
        && times::leading_time(line).is_none()
        && summary::field_line(line).is_none()
        && !line.ends_with(['.', ':']);
    plain.then_some(Head {
        style: Style::Plain,
        level: 7,
        text: line,
        kind: None,
        subtitle: "",
        lines: 1,
    })
}

/// A section body as Markdown: blank edges, trailing spaces and edge rules dropped, headings
/// lifted so that the shallowest is `#` (the export puts it one level below the section and
/// keeps the others' distance), export escapes undone.
///
/// The headings are those the app's one Markdown parser finds at the top level, as the export
/// finds them: a line-based look would take a `#` line after a fence inside a list item for
/// code, where the parser (and the export) sees a heading.
pub(crate) fn block(lines: &[&str]) -> String {
    block_with(lines, true)
}

/// [`block`] for our own export ([`own`]): a rule at an edge is the author's, and kept.
pub(crate) fn own_block(lines: &[&str]) -> String {
    block_with(lines, false)
}

fn block_with(lines: &[&str], drop_edge_rules: bool) -> String {
    let mut out: Vec<String> = lines.iter().map(|l| l.trim_end().to_owned()).collect();
    let text = out.join("\n");
    // Byte offset of each line in `text`.
    let mut starts = Vec::with_capacity(out.len());
    let mut at = 0;
    for line in &out {
        starts.push(at);
        at += line.len() + 1;
    }
    let mut headings: Vec<(usize, usize)> = Vec::new();
    let mut shallowest = 7;
    if text.contains(['#', '=', '-']) {
        let mut depth = 0usize;
        for (event, range) in crate::markdown::render::parser(&text).into_offset_iter() {
            match event {
                Event::Start(tag) => {
                    if depth == 0
                        && let Tag::Heading { level, .. } = tag
                    {
                        let level = level as usize;
                        shallowest = shallowest.min(level);
                        let line = starts.partition_point(|s| *s <= range.start) - 1;
                        // ATX (one line; a setext heading's text may start with `#` too).
                        if !text[range].trim_end_matches('\n').contains('\n') {
                            headings.push((line, level));
                        }
                    }
                    depth += 1;
                }
                Event::End(_) => depth = depth.saturating_sub(1),
                _ => {}
            }
        }
    }
    let lift = shallowest - 1;
    if lift > 0 {
        for (line, level) in headings {
            // The rest of the line as it is (whatever space the parser took after the `#`s).
            let rest = out[line].trim_start().trim_start_matches('#').trim_end();
            out[line] = format!("{}{rest}", "#".repeat(level - lift));
        }
    }
    let is_edge = |l: &String| l.trim().is_empty() || (drop_edge_rules && scan::is_rule(l));
    while out.last().is_some_and(is_edge) {
        out.pop();
    }
    let first = out.iter().position(|l| !is_edge(l)).unwrap_or(out.len());
    out.drain(..first);
    unescape::block_text(&out.join("\n"))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Imports `text` and shows the title.
    #[track_caller]
    fn check_title(text: &str, expect: &str) {
        assert_eq!(import(text).document.title, expect, "text: {text:?}");
    }

    /// Imports `text` and shows the warnings, one per line.
    #[track_caller]
    fn check_warnings(text: &str, expect: &[&str]) {
        let got: Vec<String> = import(text).warnings.iter().map(ToString::to_string).collect();
        assert_eq!(got, expect, "text: {text:?}");
    }

    #[test]
    fn title_as_h1() {
        check_title("# Disk full\n\n## Summary\n\nx", "Disk full");
    }
    #[test]
    fn title_as_h3() {
        check_title("### Disk full\n\nText.", "Disk full");
    }
    #[test]
    fn title_as_bold_line() {
        check_title("**Disk full**\n\nText.", "Disk full");
    }
    #[test]
    fn title_as_plain_first_line() {
        check_title("Disk full on db-1\nIssue Summary\nText.", "Disk full on db-1");
    }
    #[test]
    fn title_as_plain_first_line_over_fields() {
        check_title(
            "Incident Report: Checkout outage\nDate: May 7th, 2024\nAuthors: Jo\n\nSummary\nText.",
            "Incident Report: Checkout outage",
        );
    }
    #[test]
    fn fields_in_a_section_of_facts() {
        let doc = import(
            "# Checkout outage\n\n## Incident details\n\n* **Detected:** 2024-05-07 10:17 UTC\n* **Started:** 2024-05-07 10:15 UTC\n* **Resolved:** 2024-05-07 11:40 UTC\n* **Severity:** SEV2\n",
        )
        .document;
        assert_eq!(
            (&*doc.date, &*doc.start, &*doc.end, &*doc.severity),
            ("2024-05-07", "10:15 UTC", "11:40 UTC", "SEV2")
        );
        let kept: Vec<(&str, &str)> =
            doc.custom_sections.iter().map(|c| (c.heading.as_str(), c.body.as_str())).collect();
        assert_eq!(kept, [("Incident details", "* **Detected:** 2024-05-07 10:17 UTC")]);
    }
    #[test]
    fn title_in_front_matter() {
        check_title("---\ntitle: Disk full\n---\n\n## Summary\n\nx", "Disk full");
    }
    #[test]
    fn title_after_a_section_name() {
        check_title("**Issue Summary: Disk full**\n\nText.", "Disk full");
    }
    #[test]
    fn title_after_a_generic_heading() {
        check_title("# Postmortem\n\n## Disk full\n\n## Summary\n\nx", "Postmortem — Disk full");
    }
    #[test]
    fn title_setext() {
        check_title("Disk full\n=========\n\nText.", "Disk full");
    }
    #[test]
    fn no_title_when_the_file_starts_with_a_section() {
        check_title("## Summary\n\nThe disk filled up.", "");
    }
    #[test]
    fn our_placeholder_title_is_no_title() {
        check_title("# Untitled postmortem\n", "");
    }
    #[test]
    fn a_first_sentence_is_not_a_title() {
        check_title("The disk filled up.\n\nThen it was fine.", "");
    }

    #[test]
    fn unknown_sections_are_kept_and_reported() {
        check_warnings(
            "# T\n\n## Attendees\n\nAda\n\n## Glossary\n\nx",
            &["sections “Attendees” and “Glossary” kept as custom sections"],
        );
    }
    #[test]
    fn many_unknown_sections_make_one_warning() {
        let text: String = (0..7).map(|n| format!("## S{n}\n\nx\n\n")).collect();
        check_warnings(
            &format!("# T\n\n{text}"),
            &["sections “S0”, “S1”, “S2” and 4 more kept as custom sections"],
        );
    }
    #[test]
    fn untimed_lines_are_counted() {
        check_warnings(
            "# T\n\n## Timeline\n\n- a\n- 10:00 b\n- c",
            &["2 timeline lines had no time"],
        );
    }
    #[test]
    fn missing_title_is_reported() {
        check_warnings("## Summary\n\nx", &["no title found: add one"]);
    }
    #[test]
    fn unclosed_fence_is_reported() {
        check_warnings(
            "# T\n\n```\n## Summary",
            &["a code block is never closed: the rest of the file was read as code"],
        );
    }

    #[test]
    fn summary_fields_in_every_dress() {
        let doc = import(
            "# T\n\n## Summary\n\nIntro.\n\n- **Start:** 14:30 UTC\n- **End:** 16:45 UTC\n- **Impact:** Logins failed.\n- **Users affected:** 80%\n\nRoot cause:\nA leak.\n",
        )
        .document;
        assert_eq!(
            (doc.summary.as_str(), doc.start.as_str(), doc.end.as_str(), doc.impact.as_str()),
            ("Intro.", "14:30 UTC", "16:45 UTC", "Logins failed.")
        );
        assert_eq!(
            (doc.users_affected.map(|p| p.to_string()), doc.root_cause.as_str()),
            (Some("80%".into()), "A leak.")
        );
    }
    #[test]
    fn a_duration_that_agrees_with_start_and_end_is_dropped() {
        let doc = import("# T\n\n## Summary\n\n- Start: 10:00\n- End: 11:30\n- Duration: 1 hour and 30 minutes\n").document;
        assert_eq!(doc.summary, "");
    }
    #[test]
    fn a_duration_that_disagrees_stays_as_prose() {
        let doc =
            import("# T\n\n## Summary\n\n- Start: 10:00\n- End: 11:30\n- Duration: 2 hours\n")
                .document;
        assert_eq!(doc.summary, "Duration: 2 hours");
    }
    #[test]
    fn ids_are_fresh_and_in_document_order() {
        let doc = import("# T\n\n## Timeline\n\n- 10:00 a\n- 11:00 b\n\n## Action Items\n\n- [ ] c\n\n## Notes\n\nd").document;
        let ids: Vec<u64> = doc.ids().map(|i| i.0).collect();
        assert_eq!((ids, doc.next_id), (vec![1, 2, 3, 4], 5));
    }
    #[test]
    fn crlf_and_bom() {
        let doc = import("\u{FEFF}# T\r\n\r\n## Summary\r\n\r\nA\r\nB\r\n").document;
        assert_eq!((doc.title.as_str(), doc.summary.as_str()), ("T", "A\nB"));
    }
}
