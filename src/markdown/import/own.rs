//! Our own export, read back exactly: `import(&export(&doc)) == doc`.
//!
//! A file in the export's shape (`# Title`, a blank line, the metadata list with its
//! `- **Status:**` line, then `##` sections) is read by that shape alone: the `#` line is the
//! title whatever it says ("Root cause: expired certificate", "Timeline"), sections are the
//! top-level `##` headings (found with the app's one Markdown parser, so a `## ` line inside a
//! code block is code), and only the export's own constructs are fields (the summary's key
//! facts are its last list). None of the guessing the reader does for other files (bold, capital
//! or `Label:` lines as headings, fields in prose, durations in sentences) applies, so user text
//! that looks like structure stays text. Since the export of any document reads back to that
//! document, `export(import(x))` is a fixed point for every file `x`.

use super::sections::Kind;
use super::{Builder, Warning, measures, own_block as block, scan, summary, timeline, unescape};
use crate::markdown::export::UNTITLED;
use crate::markdown::render;
use crate::model::template::{Part, TEMPLATES, Template, TemplateId};
use crate::model::{CustomSection, Id};
use pulldown_cmark::{Event, HeadingLevel, Tag};

/// The metadata labels, in the export's order.
const META: [&str; 5] = ["Date", "Severity", "Status", "Authors", "Responders"];

/// The sub-headings of the export's lessons.
const LESSONS: [&str; 3] = ["What Went Well", "What Went Wrong", "Where We Got Lucky"];

/// Where the metadata list ends (the index of the line after it), when `lines` are in the
/// export's shape.
pub(super) fn shape(lines: &[&str]) -> Option<usize> {
    let first = lines.first()?;
    if !first.starts_with("# ") || scan::atx(first).is_none_or(|(n, _)| n != 1) {
        return None;
    }
    if lines.get(1).is_some_and(|l| !l.is_empty()) {
        return None;
    }
    let mut next = 0;
    let mut status = false;
    let mut j = 2;
    while let Some(line) = lines.get(j) {
        let Some((label, _)) = meta_line(line) else { break };
        let k = META[next..].iter().position(|m| *m == label)?;
        next += k + 1;
        status |= label == "Status";
        j += 1;
    }
    (status && lines.get(j).is_none_or(|l| l.is_empty())).then_some(j)
}

/// `- **Label:** value` with a metadata label.
fn meta_line(line: &str) -> Option<(&'static str, &str)> {
    let rest = line.strip_prefix("- **")?;
    let (label, value) = rest.split_once(":**")?;
    let label = META.iter().find(|m| **m == label)?;
    Some((label, value.strip_prefix(' ').unwrap_or(value)))
}

/// A top-level heading: its level, its text as written, and the lines it spans.
struct Heading<'a> {
    level: usize,
    text: String,
    first: usize,
    end: usize,
    source: &'a str,
}

/// The top-level headings of levels 1 to 3 in `lines[from..]` (the text `rest` starting there).
fn headings<'a>(rest: &'a str, lines: &[&str], from: usize) -> Vec<Heading<'a>> {
    // Byte offset of each line in `rest`.
    let mut starts = Vec::with_capacity(lines.len() - from);
    let mut at = 0;
    for line in &lines[from..] {
        starts.push(at);
        at += line.len() + 1;
    }
    let line_of = |offset: usize| starts.partition_point(|s| *s <= offset) - 1 + from;
    let mut out = Vec::new();
    let mut depth = 0usize;
    for (event, range) in render::parser(rest).into_offset_iter() {
        match event {
            Event::Start(tag) => {
                if depth == 0
                    && let Tag::Heading { level, .. } = tag
                    && level <= HeadingLevel::H3
                {
                    let first = line_of(range.start);
                    let last = line_of(range.end.max(range.start + 1) - 1);
                    let text = match scan::atx(lines[first]) {
                        Some((_, t)) if lines[first].trim_start().starts_with('#') => t.to_owned(),
                        // Setext: every line but the underline.
                        _ => lines[first..last.max(first + 1)]
                            .iter()
                            .map(|l| l.trim())
                            .collect::<Vec<_>>()
                            .join(" "),
                    };
                    out.push(Heading {
                        level: level as usize,
                        text,
                        first,
                        end: last + 1,
                        source: &rest[range],
                    });
                }
                depth += 1;
            }
            Event::End(_) => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    out
}

/// The part a heading the export writes stands for, in any template.
fn part_named(heading: &str) -> Option<Part> {
    let h = heading.trim();
    Part::FALLBACK
        .iter()
        .map(|(p, name)| (*p, *name))
        .chain(TEMPLATES.iter().flat_map(|t| t.sections.iter().map(|s| (s.part, s.heading))))
        .find(|(p, name)| !matches!(p, Part::Custom(_)) && name.eq_ignore_ascii_case(h))
        .map(|(p, _)| p)
}

/// Whether a custom section's heading would read as one of the export's own (a part's heading,
/// the placeholder): the export then writes its first character as a
/// character reference.
pub(crate) fn is_reserved_heading(heading: &str) -> bool {
    let h = heading.trim();
    part_named(h).is_some() || h.eq_ignore_ascii_case("Untitled section")
}

/// The template [`read`] takes a file in the export's shape for, given its `##` headings.
pub(crate) fn template_of_headings(headings: &[&str]) -> TemplateId {
    let parts: Vec<(Part, &str)> =
        headings.iter().filter_map(|h| part_named(h).map(|p| (p, *h))).collect();
    template_of(&parts, headings).id
}

/// The template whose headings the file's sections use: the one with the most of them under
/// its own names (a part it has no section for goes under its fallback heading; its custom
/// parts count too), the default on a tie.
fn template_of(parts: &[(Part, &str)], headings: &[&str]) -> &'static Template {
    let score = |t: &Template| {
        let custom = headings
            .iter()
            .filter(|h| {
                t.sections.iter().any(|s| {
                    matches!(s.part, Part::Custom(_)) && s.heading.eq_ignore_ascii_case(h.trim())
                })
            })
            .count();
        custom
            + parts
                .iter()
                .filter(|(p, heading)| match t.section(*p) {
                    Some(s) => s.heading.eq_ignore_ascii_case(heading.trim()),
                    None => Part::FALLBACK
                        .iter()
                        .any(|(f, h)| f == p && h.eq_ignore_ascii_case(heading.trim())),
                })
                .count()
    };
    let mut best = TemplateId::Default.template();
    for t in TEMPLATES.iter() {
        if score(t) > score(best) {
            best = t;
        }
    }
    best
}

/// Reads a file in the export's shape (`meta_end` from [`shape`]); `text` is the whole file,
/// `lines` its lines.
pub(super) fn read(b: &mut Builder, text: &str, lines: &[&str], meta_end: usize) {
    b.strict = true;
    let title = scan::atx(lines[0]).map_or("", |(_, t)| t);
    b.doc.title = if title == UNTITLED { String::new() } else { unescape::heading(title) };
    // Metadata lines it cannot read (a status it does not know): kept, as written, in the summary.
    let mut unread: Vec<&str> = Vec::new();
    for line in &lines[2..meta_end] {
        let Some((label, value)) = meta_line(line) else { continue };
        let d = &mut b.doc;
        match label {
            "Date" => d.date = unescape::literal(value),
            "Severity" => d.severity = unescape::literal(value),
            "Status" => {
                if let Some(s) = summary::status(value) {
                    d.status = s;
                } else {
                    unread.push(line);
                }
            }
            "Authors" => d.authors = unescape::names(value),
            _ => d.responders = unescape::names(value),
        }
    }
    let offset: usize = lines[..meta_end].iter().map(|l| l.len() + 1).sum();
    let rest = text.get(offset.min(text.len())..).unwrap_or("");
    let all = headings(rest, lines, meta_end);
    let top: Vec<&Heading> = all.iter().filter(|h| h.level <= 2).collect();
    // Text between the metadata and the first section belongs to no section: the summary.
    let first = top.first().map_or(lines.len(), |h| h.first);
    let preamble = &lines[meta_end..first];
    let parts: Vec<(Part, &str)> = top
        .iter()
        .filter(|h| h.level == 2)
        .filter_map(|h| part_named(&h.text).map(|p| (p, h.text.as_str())))
        .collect();
    let names: Vec<&str> = top.iter().filter(|h| h.level == 2).map(|h| h.text.as_str()).collect();
    let template = template_of(&parts, &names);
    b.doc.template = template.id;
    let mut summary_done = false;
    if preamble.iter().any(|l| !scan::is_blank(l)) {
        summary::read_own(b, preamble);
        summary_done = true;
    }
    for (k, h) in top.iter().enumerate() {
        let end = top.get(k + 1).map_or(lines.len(), |n| n.first);
        let body = &lines[h.end.min(end)..end];
        let part = if h.level == 2 { part_named(&h.text) } else { None };
        match part {
            Some(Part::Summary) if !summary_done => {
                summary::read_own(b, body);
                summary_done = true;
            }
            Some(Part::Timeline) => timeline::read(b, body),
            Some(Part::Impact) => b.text_field(&h.text, body, |d| &mut d.impact),
            Some(Part::RootCause) => b.text_field(&h.text, body, |d| &mut d.root_cause),
            Some(Part::Resolution) => b.text_field(&h.text, body, |d| &mut d.resolution),
            Some(Part::ContributingFactors) => {
                b.text_field(&h.text, body, |d| &mut d.contributing_factors)
            }
            Some(Part::Detection) => b.text_field(&h.text, body, |d| &mut d.detection),
            Some(Part::Measures) | Some(Part::Lessons) => {
                let subs: Vec<&Heading> = all
                    .iter()
                    .filter(|s| s.level == 3 && s.first >= h.end && s.first < end)
                    .collect();
                let head = &lines[h.end.min(end)..subs.first().map_or(end, |s| s.first)];
                let measures = part == Some(Part::Measures);
                if head.iter().any(|l| !scan::is_blank(l)) {
                    if measures {
                        measures::read(b, head, Kind::Measures, &h.text);
                    } else {
                        lessons_prose(b, &h.text, head);
                    }
                }
                for (j, s) in subs.iter().enumerate() {
                    let sub_end = subs.get(j + 1).map_or(end, |n| n.first);
                    let sub = &lines[s.end.min(sub_end)..sub_end];
                    sub_section(b, measures, &h.text, s, sub);
                }
            }
            _ => custom(b, &h.text, body),
        }
    }
    if !unread.is_empty() {
        let summary = &mut b.doc.summary;
        if !summary.is_empty() {
            summary.push_str("\n\n");
        }
        summary.push_str(&unread.join("\n"));
    }
}

/// A custom section (its heading as the export wrote it).
fn custom(b: &mut Builder, heading: &str, body: &[&str]) {
    let heading =
        if heading == "Untitled section" { String::new() } else { unescape::heading(heading) };
    b.doc.custom_sections.push(CustomSection { id: Id(0), heading, body: block(body) });
}

/// Text under the lessons heading before its first sub-heading: kept as a custom section.
fn lessons_prose(b: &mut Builder, heading: &str, body: &[&str]) {
    b.customs.push(heading.to_owned());
    b.doc.custom_sections.push(CustomSection {
        id: Id(0),
        heading: heading.to_owned(),
        body: block(body),
    });
}

/// A `###` part of the measures (`Improvements`, `Tasks`) or of the lessons.
fn sub_section(b: &mut Builder, measures: bool, parent: &str, s: &Heading, body: &[&str]) {
    let name = s.text.trim();
    if measures {
        let kind = if name.eq_ignore_ascii_case("Tasks") {
            Kind::Tasks
        } else if name.eq_ignore_ascii_case("Improvements") {
            Kind::Improvements
        } else {
            // Someone else's sub-heading: its items read as the measures' own, under it.
            let mut with_heading: Vec<&str> = vec![lines_of(s)];
            with_heading.extend_from_slice(body);
            measures::read(b, &with_heading, Kind::Measures, parent);
            return;
        };
        measures::read(b, body, kind, parent);
        return;
    }
    let slot = LESSONS.iter().position(|l| l.eq_ignore_ascii_case(name));
    let d = &mut b.doc;
    let field = match slot {
        Some(0) => Some(&mut d.went_well),
        Some(1) => Some(&mut d.went_wrong),
        Some(2) => Some(&mut d.got_lucky),
        _ => None,
    };
    let text = block(body);
    match field {
        Some(f) if f.is_empty() => *f = text,
        _ => {
            if slot.is_some() {
                b.warn(Warning::Duplicate(name.to_owned()));
            } else {
                b.customs.push(format!("{parent}: {name}"));
            }
            b.doc.custom_sections.push(CustomSection {
                id: Id(0),
                heading: format!("{parent}: {}", unescape::heading(name)),
                body: text,
            });
        }
    }
}

fn lines_of<'a>(s: &Heading<'a>) -> &'a str {
    s.source.lines().next().unwrap_or("")
}
