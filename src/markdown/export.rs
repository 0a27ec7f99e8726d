//! Document → Markdown, in the shape people write postmortems in.
//!
//! The layout follows the published postmortems the editor is modelled on: `# Title`, the
//! metadata, `## Issue Summary` (prose, then **Duration**, **Impact**, **Root Cause** ...),
//! `## Timeline` as a bullet list with the time in bold, `## Root Cause and Resolution`,
//! `## Contributing Factors`, `## Corrective and Preventative Measures` (improvements, then tasks
//! as a GFM task list with owner and due date), `## Lessons Learned`, then the custom sections.
//! Empty optional sections are left out. That is the default template's shape; a document that
//! follows another template ([`crate::model::template`]) gets that template's headings and
//! order, and its impact, root cause or detection become sections of their own where the
//! template has them. The response metrics (time to detect, acknowledge, mitigate, resolve) are
//! items of the summary's key-facts list, the shape the importer reads back.
//!
//! Byte-stable: the same document always gives the same bytes, `\n` line endings, one trailing
//! newline, so exported postmortems diff cleanly. User text never breaks the structure (see the
//! `escape` module). Times are shown as the author typed them, with the document's zone added
//! to a time that has none; durations and response metrics are computed (see
//! [`crate::model::resolve`]).

pub mod customer;
pub(crate) mod escape;

use crate::model::resolve::{Resolved, metrics, resolve};
use crate::model::template::{Part, Template, TemplateId};
use crate::model::time::{FixedOnly, ZoneResolver, duration_in_words, parse_date, parse_moment};
use crate::model::{CustomSection, EntryKind, Id, Improvement, Postmortem, Task, TimelineEntry};
use escape::{block, detail, heading_text, inline_lines, list_item, literal, one_line};
use rustc_hash::FxHashMap;
use std::collections::HashSet;

/// The title used when the user has not written one yet.
pub const UNTITLED: &str = "Untitled postmortem";

/// Writes `doc` as Markdown. Named zones (`Europe/Paris`) are not resolved, so durations that
/// depend on one are left out; the browser uses [`export_with`] and its `Intl` resolver.
pub fn export(doc: &Postmortem) -> String {
    export_with(doc, &FixedOnly)
}

/// Writes `doc` as Markdown, resolving named zones through `zones`.
///
/// The sections are those of the document's template ([`crate::model::template`]), under its
/// headings and in its order; a part the template does not list but the document has content
/// for follows under its default heading, so nothing is ever left out. A template's custom part
/// (`Trigger`) is the first custom section with that heading; the other custom sections come
/// last, in document order.
pub fn export_with(doc: &Postmortem, zones: &dyn ZoneResolver) -> String {
    write(doc, &resolve(doc, zones), &mut Fresh).markdown
}

/// Where [`write`] gets the parts that an [`Exporter`] keeps from one export to the next.
trait Parts {
    /// A timeline entry's line, its times shown in the document's `zone` (`None`: the entry
    /// writes nothing).
    fn entry(&mut self, e: &TimelineEntry, zone: &str) -> Option<String>;
    /// The measures' two lists, improvements and tasks (each empty when it has no item).
    fn measures(&mut self, doc: &Postmortem) -> (String, String);
    /// [`block`]`(text, level)`: the user's prose of a section, contained.
    fn prose(&mut self, text: &str, level: usize) -> Option<(String, bool)>;
}

/// Every part written afresh.
struct Fresh;

impl Parts for Fresh {
    fn entry(&mut self, e: &TimelineEntry, zone: &str) -> Option<String> {
        entry(e, zone)
    }
    fn measures(&mut self, doc: &Postmortem) -> (String, String) {
        measure_lists(doc)
    }
    fn prose(&mut self, text: &str, level: usize) -> Option<(String, bool)> {
        block(text, level)
    }
}

/// A document's Markdown, and where its sections start.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Exported {
    /// What [`export_with`] writes.
    pub markdown: String,
    /// The byte offsets of the `## ` section headings in `markdown`, in order. Each is at the top
    /// level of the document: whatever a user typed, nothing before a section heading is still
    /// open there (no list, no fence, no HTML block), so the Markdown from one offset to the next
    /// renders the same alone as in the whole (see [`super::render::Renderer`]).
    pub sections: Vec<usize>,
}

/// Exports one document again and again as it is edited, with the same bytes as
/// [`export_with`], redoing only what an edit touched: the times are resolved again only when a
/// time, the date or the zone changed, and a timeline entry is written again only when it
/// changed. In a 200-entry document a keystroke in the summary or in one entry then costs a
/// fraction of a full export (the editor exports on every keystroke).
///
/// `zones` must answer the same for the same question across calls (the browser's `Intl` does):
/// resolved times are reused while the typed times are unchanged.
#[derive(Debug, Default)]
pub struct Exporter {
    /// The resolved times, and what they were resolved from.
    resolved: Option<(TimesTyped, Resolved)>,
    /// Each timeline entry's line (`None`: the entry writes nothing), and the entry it was
    /// written from; all written in `zone`.
    lines: FxHashMap<Id, (TimelineEntry, Option<String>)>,
    zone: String,
    /// The measures' lists, and the measures they were written from.
    measures: Option<Measures>,
    /// The prose sections of the last export: each text, its level and what [`block`] made of
    /// it.
    prose: Vec<Prose>,
}

/// A text, a heading level, and [`block`]`(text, level)`.
type Prose = (String, usize, Option<(String, bool)>);

/// The measures, and their lists as [`measure_lists`] writes them.
type Measures = (Vec<Improvement>, Vec<Task>, (String, String));

/// The parts an [`Exporter`] keeps.
struct Kept<'a> {
    lines: &'a mut FxHashMap<Id, (TimelineEntry, Option<String>)>,
    measures: &'a mut Option<Measures>,
    /// The last export's prose, and this one's.
    prose: (Vec<Prose>, Vec<Prose>),
}

impl Parts for Kept<'_> {
    fn entry(&mut self, e: &TimelineEntry, zone: &str) -> Option<String> {
        match self.lines.get(&e.id) {
            Some((was, line)) if was == e => line.clone(),
            _ => {
                let line = entry(e, zone);
                self.lines.insert(e.id, (e.clone(), line.clone()));
                line
            }
        }
    }
    fn measures(&mut self, doc: &Postmortem) -> (String, String) {
        match self.measures {
            Some((improvements, tasks, lists))
                if *improvements == doc.improvements && *tasks == doc.tasks =>
            {
                lists.clone()
            }
            _ => {
                let lists = measure_lists(doc);
                *self.measures = Some((doc.improvements.clone(), doc.tasks.clone(), lists.clone()));
                lists
            }
        }
    }
    fn prose(&mut self, text: &str, level: usize) -> Option<(String, bool)> {
        let (was, now) = &mut self.prose;
        let same = |p: &Prose| p.1 == level && p.0 == text;
        if let Some(p) = now.iter().find(|p| same(p)) {
            return p.2.clone();
        }
        let p = match was.iter().position(same) {
            Some(at) => was.swap_remove(at),
            None => (text.to_owned(), level, block(text, level)),
        };
        let out = p.2.clone();
        now.push(p);
        out
    }
}

/// Everything [`resolve`] reads from a document.
#[derive(Debug, PartialEq, Eq)]
struct TimesTyped {
    date: String,
    zone: String,
    start: String,
    end: String,
    entries: Vec<(Id, String)>,
}

impl TimesTyped {
    fn of(doc: &Postmortem) -> TimesTyped {
        TimesTyped {
            date: doc.date.clone(),
            zone: doc.zone.clone(),
            start: doc.start.clone(),
            end: doc.end.clone(),
            entries: doc.timeline.iter().map(|e| (e.id, e.time.clone())).collect(),
        }
    }

    /// Equal to `TimesTyped::of(doc)`, without building it.
    fn matches(&self, doc: &Postmortem) -> bool {
        self.date == doc.date
            && self.zone == doc.zone
            && self.start == doc.start
            && self.end == doc.end
            && self.entries.len() == doc.timeline.len()
            && self
                .entries
                .iter()
                .zip(&doc.timeline)
                .all(|((id, t), e)| *id == e.id && *t == e.time)
    }
}

impl Exporter {
    /// `doc` as Markdown (exactly [`export_with`]`(doc, zones)`), with its sections.
    pub fn export(&mut self, doc: &Postmortem, zones: &dyn ZoneResolver) -> Exported {
        let times = match self.resolved.take() {
            Some((typed, resolved)) if typed.matches(doc) => (typed, resolved),
            _ => (TimesTyped::of(doc), resolve(doc, zones)),
        };
        let (_, resolved) = self.resolved.insert(times);
        if self.zone != doc.zone {
            self.lines.clear();
            self.zone.clone_from(&doc.zone);
        }
        let mut kept = Kept {
            lines: &mut self.lines,
            measures: &mut self.measures,
            prose: (std::mem::take(&mut self.prose), Vec::new()),
        };
        let out = write(doc, resolved, &mut kept);
        self.prose = kept.prose.1;
        // Forget deleted entries.
        if self.lines.len() > doc.timeline.len() {
            let ids: HashSet<Id> = doc.timeline.iter().map(|e| e.id).collect();
            self.lines.retain(|id, _| ids.contains(id));
        }
        out
    }
}

/// The Markdown of `doc`, given its resolved times and a writer of timeline entry lines.
///
/// The importer knows a file's template by its section headings alone, so the export makes sure
/// they say it: when custom sections named like another template's own part (`Supporting
/// information`) would make the headings read as that template's, such headings are written
/// with a character reference; and when a document has too few sections to tell its template
/// (a Google SRE document with only its lessons and contributing factors reads as the default
/// template, which orders them the other way), it is written in the default template's shape.
/// Whatever is returned reads back as the template it was written in, so a second round writes
/// it again.
fn write(doc: &Postmortem, resolved: &Resolved, reuse: &mut dyn Parts) -> Exported {
    // No shortcut for text another template would write the same: the importer's document may
    // order its custom sections otherwise, and then write differently.
    let reads_as = |out: &Exported| {
        let headings: Vec<&str> = out
            .sections
            .iter()
            .map(|&at| out.markdown[at + 3..].lines().next().unwrap_or(""))
            .collect();
        crate::markdown::import::template_of_headings(&headings)
    };
    let templates = [doc.template, TemplateId::Default];
    let count = if doc.template == TemplateId::Default { 1 } else { 2 };
    for &template in &templates[..count] {
        for refer in [false, true] {
            let out = write_as(doc, template, resolved, reuse, refer);
            let reads = reads_as(&out);
            if reads == template {
                return out;
            }
        }
    }
    write_as(doc, TemplateId::Default, resolved, reuse, true)
}

/// [`write`] in the shape of `template`; `refer`: custom sections named like another
/// template's part are written with a character reference.
fn write_as(
    doc: &Postmortem,
    template: TemplateId,
    resolved: &Resolved,
    reuse: &mut dyn Parts,
    refer: bool,
) -> Exported {
    let template = template.template();
    let mut blocks: Vec<String> = Vec::new();
    let mut title = heading_text(&doc.title);
    if title == UNTITLED || title.starts_with("&#") {
        title = reference_first(&title);
    }
    blocks.push(format!("# {}", if title.is_empty() { UNTITLED } else { &title }));
    blocks.push(metadata(doc));
    let mut parts: Vec<(Part, &str)> =
        template.sections.iter().map(|s| (s.part, s.heading)).collect();
    parts.extend(Part::FALLBACK.into_iter().filter(|(part, _)| !template.has(*part)));
    let mut custom_done = vec![false; doc.custom_sections.len()];
    for (part, heading) in parts {
        match part {
            Part::Summary => issue_summary(doc, resolved, template, heading, reuse, &mut blocks),
            Part::Impact => section(&mut blocks, heading, reuse.prose(&doc.impact, 2)),
            Part::Timeline => timeline(doc, heading, reuse, &mut blocks),
            Part::RootCause => section(&mut blocks, heading, reuse.prose(&doc.root_cause, 2)),
            Part::Resolution => section(&mut blocks, heading, reuse.prose(&doc.resolution, 2)),
            Part::ContributingFactors => {
                section(&mut blocks, heading, reuse.prose(&doc.contributing_factors, 2))
            }
            Part::Detection => section(&mut blocks, heading, reuse.prose(&doc.detection, 2)),
            Part::Measures => measures(reuse.measures(doc), heading, &mut blocks),
            Part::Lessons => lessons(doc, heading, reuse, &mut blocks),
            Part::Custom(name) => {
                let found = doc.custom_sections.iter().enumerate().position(|(i, s)| {
                    !custom_done[i] && s.heading.trim().eq_ignore_ascii_case(name)
                });
                if let Some(i) = found {
                    custom_done[i] = true;
                    custom(&doc.custom_sections[i], false, reuse, &mut blocks);
                }
            }
        }
    }
    for (s, done) in doc.custom_sections.iter().zip(custom_done) {
        if !done {
            custom(s, refer, reuse, &mut blocks);
        }
    }
    let mut markdown = String::with_capacity(blocks.iter().map(|b| b.len() + 2).sum());
    let mut sections = Vec::new();
    for (i, block) in blocks.iter().enumerate() {
        if i > 0 {
            markdown.push_str("\n\n");
        }
        if block.starts_with("## ") {
            sections.push(markdown.len());
        }
        markdown.push_str(block);
    }
    markdown.push('\n');
    Exported { markdown, sections }
}

fn lessons(doc: &Postmortem, heading: &str, reuse: &mut dyn Parts, blocks: &mut Vec<String>) {
    let lessons = [
        ("What Went Well", &doc.went_well),
        ("What Went Wrong", &doc.went_wrong),
        ("Where We Got Lucky", &doc.got_lucky),
    ];
    let lessons: Vec<String> = lessons
        .into_iter()
        .filter_map(|(h, text)| reuse.prose(text, 3).map(|(b, _)| format!("### {h}\n\n{b}")))
        .collect();
    if !lessons.is_empty() {
        blocks.push(format!("## {heading}"));
        blocks.extend(lessons);
    }
}

/// `text` with its first character written as a character reference (`&#84;imeline`): it reads
/// the same, and the importer takes it for text, not for one of the export's own headings or
/// marks.
fn reference_first(text: &str) -> String {
    // A code span's opening backticks, and the run that closes it: once the first is a
    // reference, a closing run left alone would open a code span with a later backtick.
    let run = text.len() - text.trim_start_matches('`').len();
    if run > 0 {
        let fence = &text[..run];
        let rest = &text[run..];
        let closing = rest
            .match_indices(fence)
            .map(|(i, _)| i)
            .find(|&i| !rest[..i].ends_with('`') && !rest[i + run..].starts_with('`'));
        // The first as a reference (which the importer decodes), the others escaped.
        let open = format!("&#96;{}", "\\`".repeat(run - 1));
        let close = "\\`".repeat(run);
        return match closing {
            Some(i) => format!("{open}{}{close}{}", &rest[..i], &rest[i + run..]),
            None => format!("{open}{rest}"),
        };
    }
    let mut chars = text.chars();
    match chars.next() {
        Some(c) => format!("&#{};{}", u32::from(c), chars.as_str()),
        None => String::new(),
    }
}

/// A custom section; `refer`: a heading named like a template's custom part is written with a
/// character reference.
fn custom(s: &CustomSection, refer: bool, reuse: &mut dyn Parts, blocks: &mut Vec<String>) {
    let mut heading = heading_text(&s.heading);
    let body = reuse.prose(&s.body, 2);
    // The lessons' heading over prose alone reads back as this custom section (over nothing it
    // would read as empty lessons, and it may tell another template: then it is referenced).
    let lessons = !refer
        && body.is_some()
        && Part::FALLBACK
            .iter()
            .filter(|(p, _)| *p == Part::Lessons)
            .map(|(_, h)| *h)
            .chain(crate::model::template::TEMPLATES.iter().flat_map(|t| {
                t.sections.iter().filter(|s| s.part == Part::Lessons).map(|s| s.heading)
            }))
            .any(|h| h.eq_ignore_ascii_case(heading.trim()))
            // As written: a setext heading in the body is a `###` line there.
            && !body.as_ref().is_some_and(|b| b.0.lines().any(|l| l.trim_start().starts_with('#')));
    let other_part = refer
        && crate::model::template::TEMPLATES.iter().any(|t| {
            t.sections.iter().any(|s| {
                matches!(s.part, Part::Custom(name) if name.eq_ignore_ascii_case(heading.trim()))
            })
        });
    if !lessons
        && (other_part
            || crate::markdown::import::is_reserved_heading(&heading)
            || heading.starts_with("&#"))
    {
        heading = reference_first(&heading);
    }
    if heading.is_empty() && body.is_none() {
        return;
    }
    blocks.push(format!("## {}", if heading.is_empty() { "Untitled section" } else { &heading }));
    blocks.extend(body.map(|b| b.0));
}

fn metadata(doc: &Postmortem) -> String {
    let mut items = Vec::new();
    let mut field = |label: &str, value: String| {
        if !value.is_empty() {
            items.push(format!("- **{label}:** {value}"));
        }
    };
    field("Date", literal(&doc.date));
    field("Severity", literal(&doc.severity));
    field("Status", doc.status.label().to_owned());
    field("Authors", names(&doc.authors));
    field("Responders", names(&doc.responders));
    items.join("\n")
}

/// Names joined by `, `; a comma in a name is a character reference (it would split the name).
fn names(list: &[String]) -> String {
    list.iter()
        .map(|n| literal(n).replace(',', "&#44;"))
        .filter(|n| !n.is_empty())
        .collect::<Vec<_>>()
        .join(", ")
}

/// A time as typed, on one line, with the document's zone when it has none of its own.
fn shown_time(text: &str, zone: &str) -> String {
    let mut shown = one_line(text);
    let zone = one_line(zone);
    if !zone.is_empty() && parse_moment(&shown).is_ok_and(|m| m.zone.is_none()) {
        shown.push(' ');
        shown.push_str(&zone);
    }
    literal(&shown)
}

fn issue_summary(
    doc: &Postmortem,
    r: &Resolved,
    template: &Template,
    heading: &str,
    reuse: &mut dyn Parts,
    blocks: &mut Vec<String>,
) {
    let mut items: Vec<String> = Vec::new();
    let mut item = |label: &str, lines: Vec<String>| {
        if !lines.is_empty() {
            items.push(list_item("- ", &format!("**{label}:**"), &lines));
        }
    };
    let (start, end) = (one_line(&doc.start), one_line(&doc.end));
    match (start.is_empty(), end.is_empty()) {
        (false, false) => {
            let (s, e) = (shown_time(&start, &doc.zone), shown_time(&end, &doc.zone));
            let words = r.duration().filter(|d| *d >= 0).map(duration_in_words);
            if s.contains(" to ") {
                // `from a to b to c` would not read back: the two times on lines of their own.
                item("Start", vec![s]);
                item("End", vec![e]);
                item("Duration", words.into_iter().collect());
            } else {
                let span = format!("from {s} to {e}");
                let text = match words {
                    Some(w) => format!("{w}, {span}"),
                    None => span,
                };
                item("Duration", vec![text]);
            }
        }
        (false, true) => item("Start", vec![shown_time(&start, &doc.zone)]),
        (true, false) => item("End", vec![shown_time(&end, &doc.zone)]),
        (true, true) => {}
    }
    if !template.has(Part::Impact) {
        item("Impact", inline_lines(&doc.impact));
    }
    if let Some(p) = doc.users_affected {
        item("Users Affected", vec![p.to_string()]);
    }
    item("Services Affected", single(names(&doc.services_affected)));
    if !template.has(Part::RootCause) {
        item("Root Cause", inline_lines(&doc.root_cause));
    }
    if !template.has(Part::Detection) {
        item("Detection", inline_lines(&doc.detection));
    }
    for (label, value) in metrics(doc, r).rows() {
        item(label, value.map(duration_in_words).into_iter().collect());
    }
    let prose = reuse.prose(&doc.summary, 2);
    if prose.is_none() && items.is_empty() {
        return;
    }
    blocks.push(format!("## {heading}"));
    // After a `-` list of the author's, a `*` list starts a new list instead of continuing it.
    let marker_swap = prose.as_ref().is_some_and(|p| p.1);
    blocks.extend(prose.map(|p| p.0));
    if !items.is_empty() {
        let list = items.join("\n");
        blocks.push(if marker_swap {
            list.replace("\n- **", "\n* **").replacen("- ", "* ", 1)
        } else {
            list
        });
    }
}

fn single(text: String) -> Vec<String> {
    if text.is_empty() { Vec::new() } else { vec![text] }
}

fn timeline(doc: &Postmortem, heading: &str, reuse: &mut dyn Parts, blocks: &mut Vec<String>) {
    let items: Vec<String> =
        doc.timeline.iter().filter_map(|e| reuse.entry(e, &doc.zone)).collect();
    if !items.is_empty() {
        blocks.push(format!("## {heading}"));
        blocks.push(items.join("\n"));
    }
}

/// An entry's line, its times shown in `zone` where they have none.
fn entry(e: &TimelineEntry, zone: &str) -> Option<String> {
    let time = one_line(&e.time);
    let mut lines = inline_lines(&e.text);
    let mut tags: Vec<&str> =
        e.kind.filter(|k| *k != EntryKind::Other).map(EntryKind::label).into_iter().collect();
    if e.key_moment {
        tags.push("key moment");
    }
    if time.is_empty() && lines.is_empty() && tags.is_empty() {
        return None;
    }
    // Text the importer would read as a time, a date row or tags stays text.
    if let Some(last) = lines.last_mut()
        && crate::markdown::import::needs_tag_guard(last)
    {
        let stem = last.len() - 1;
        let slashes = last[..stem].len() - last[..stem].trim_end_matches('\\').len();
        last.insert_str(stem, &"\\".repeat(slashes + 1));
    }
    if let Some(first) = lines.first_mut()
        && (first.starts_with("&#")
            || if time.is_empty() {
                crate::markdown::import::reads_as_time(first)
            } else {
                crate::markdown::import::starts_with_separator(first)
            })
    {
        *first = reference_first(first);
    }
    if !tags.is_empty() {
        let tag = format!("*({})*", tags.join(", "));
        match lines.last_mut() {
            Some(last) if !last.is_empty() => {
                last.push(' ');
                last.push_str(&tag);
            }
            _ => lines.push(tag),
        }
    }
    let label =
        if time.is_empty() { String::new() } else { format!("**{}:**", shown_time(&time, zone)) };
    Some(list_item("- ", &label, &lines))
}

/// A section of prose: `body` is [`block`] of its text.
fn section(blocks: &mut Vec<String>, heading: &str, body: Option<(String, bool)>) {
    if let Some((body, _)) = body {
        blocks.push(format!("## {heading}"));
        blocks.push(body);
    }
}

/// The measures' two lists, improvements and tasks, one item per measure with text (each list
/// empty when none has).
fn measure_lists(doc: &Postmortem) -> (String, String) {
    let improvements: Vec<String> = doc
        .improvements
        .iter()
        .map(|i| inline_lines(&i.text))
        .filter(|l| !l.is_empty())
        .map(|l| list_item("- ", "", &l))
        .collect();
    let tasks: Vec<String> = doc
        .tasks
        .iter()
        .filter_map(|t| {
            let mut lines = inline_lines(&t.text);
            let mut details = Vec::new();
            let (owner, due) = task_details(&t.owner, &t.due);
            if owner.is_empty()
                && due.is_empty()
                && let Some(first) = lines.first()
                && crate::markdown::import::needs_details_guard(
                    first,
                    lines.last().filter(|_| lines.len() > 1).map(String::as_str),
                )
            {
                lines[0].push_str(" ()");
            }
            if !owner.is_empty() {
                details.push(format!("owner: {owner}"));
            }
            if !due.is_empty() {
                details.push(format!("due {due}"));
            }
            if lines.is_empty() && details.is_empty() {
                return None;
            }
            if !details.is_empty() {
                // On the first line, where a reader looks for who does what by when.
                let details = format!("({})", details.join(", "));
                match lines.first_mut() {
                    Some(first) => {
                        first.push(' ');
                        first.push_str(&details);
                    }
                    None => lines.push(details),
                }
            }
            Some(list_item(if t.done { "- [x] " } else { "- [ ] " }, "", &lines))
        })
        .collect();
    (improvements.join("\n"), tasks.join("\n"))
}

/// The measures' section, from [`measure_lists`].
fn measures((improvements, tasks): (String, String), heading: &str, blocks: &mut Vec<String>) {
    if improvements.is_empty() && tasks.is_empty() {
        return;
    }
    blocks.push(format!("## {heading}"));
    if !improvements.is_empty() {
        blocks.push("### Improvements".to_owned());
        blocks.push(improvements);
    }
    if !tasks.is_empty() {
        blocks.push("### Tasks".to_owned());
        blocks.push(tasks);
    }
}

/// A task's owner and due date as written in its `(owner: …, due …)`: as typed, or, where the
/// importer would read that differently (a comma, a semicolon or a parenthesis in a value),
/// with those characters as references.
fn task_details(owner: &str, due: &str) -> (String, String) {
    let plain = (literal(owner), literal(due));
    let mut parts = Vec::new();
    if !plain.0.is_empty() {
        parts.push(format!("owner: {}", plain.0));
    }
    if !plain.1.is_empty() {
        parts.push(format!("due {}", plain.1));
    }
    if parts.is_empty()
        || crate::markdown::import::details_of(&format!("({})", parts.join(", ")))
            == (one_line(owner), one_line(due))
    {
        return plain;
    }
    (detail(owner), detail(due))
}

/// A file name for the exported Markdown: `YYYY-MM-DD-slug.md` when the incident date is known
/// (from the date field, or else the start), `slug.md` otherwise. The slug is the title in lower
/// case, accented Latin letters transliterated (`é` → `e`, `ß` → `ss`), other letters and digits
/// kept, everything else a single `-`; at most 80 bytes; safe on every OS (no reserved names).
pub fn file_name(doc: &Postmortem) -> String {
    let mut slug = String::new();
    for c in doc.title.chars().flat_map(char::to_lowercase) {
        let piece = match transliterate(c) {
            Some(t) => t.to_owned(),
            None if c.is_alphanumeric() => c.to_string(),
            None => "-".to_owned(),
        };
        for p in piece.chars() {
            if p == '-' && (slug.is_empty() || slug.ends_with('-')) {
                continue;
            }
            if slug.len() + p.len_utf8() > 80 {
                break;
            }
            slug.push(p);
        }
    }
    let slug = slug.trim_end_matches('-');
    let date =
        parse_date(&doc.date).ok().or_else(|| parse_moment(&doc.start).ok().and_then(|m| m.date));
    let stem = match (date, slug.is_empty()) {
        (Some(d), true) => format!("{d}-postmortem"),
        (Some(d), false) => format!("{d}-{slug}"),
        (None, true) => "postmortem".to_owned(),
        (None, false) if is_reserved_on_windows(slug) => format!("{slug}-postmortem"),
        (None, false) => slug.to_owned(),
    };
    format!("{stem}.md")
}

fn is_reserved_on_windows(stem: &str) -> bool {
    matches!(stem, "con" | "prn" | "aux" | "nul")
        || (stem.len() == 4
            && (stem.starts_with("com") || stem.starts_with("lpt"))
            && stem.as_bytes()[3].is_ascii_digit())
}

/// ASCII for the accented Latin letters (lower case) that titles commonly contain.
fn transliterate(c: char) -> Option<&'static str> {
    Some(match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'ă' | 'ą' => "a",
        'æ' => "ae",
        'ç' | 'ć' | 'ĉ' | 'ċ' | 'č' => "c",
        'ď' | 'đ' | 'ð' => "d",
        'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ĕ' | 'ė' | 'ę' | 'ě' => "e",
        'ĝ' | 'ğ' | 'ġ' | 'ģ' => "g",
        'ĥ' | 'ħ' => "h",
        'ì' | 'í' | 'î' | 'ï' | 'ĩ' | 'ī' | 'ĭ' | 'į' | 'ı' => "i",
        'ĵ' => "j",
        'ķ' => "k",
        'ĺ' | 'ļ' | 'ľ' | 'ŀ' | 'ł' => "l",
        'ñ' | 'ń' | 'ņ' | 'ň' => "n",
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' | 'ŏ' | 'ő' => "o",
        'œ' => "oe",
        'ŕ' | 'ŗ' | 'ř' => "r",
        'ś' | 'ŝ' | 'ş' | 'š' | 'ș' => "s",
        'ß' => "ss",
        'ţ' | 'ť' | 'ŧ' | 'ț' => "t",
        'þ' => "th",
        'ù' | 'ú' | 'û' | 'ü' | 'ũ' | 'ū' | 'ŭ' | 'ů' | 'ű' | 'ų' => "u",
        'ŵ' => "w",
        'ý' | 'ÿ' | 'ŷ' => "y",
        'ź' | 'ż' | 'ž' => "z",
        '&' => "and",
        '\'' | '’' => "",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_leading_code_span_is_referenced_by_characters_not_bytes() {
        // "é" and "—" are several bytes: the closing run is looked for at character boundaries.
        assert_eq!(super::reference_first("``a` é —"), "&#96;\\`a` é —");
        assert_eq!(super::reference_first("`a é` b `c`"), "&#96;a é\\` b `c`");
        // A time in a code span round-trips with other scripts after it.
        let text = "`10:30` — café `x`";
        let mut doc = crate::model::Postmortem::default();
        doc.timeline
            .push(crate::model::TimelineEntry { text: text.to_owned(), ..Default::default() });
        let md = super::export(&doc);
        let back = crate::markdown::import(&md).document;
        assert_eq!(back.timeline.first().map(|e| e.text.as_str()), Some(text), "{md}");
    }

    use super::*;
    use crate::model::{CustomSection, Id, Task};

    fn doc(title: &str, summary: &str) -> Postmortem {
        Postmortem { title: title.into(), summary: summary.into(), ..Postmortem::default() }
    }

    /// The export without its metadata block (title first, then the sections).
    #[track_caller]
    fn check(doc: Postmortem, expect: &str) {
        let md = export(&doc);
        let without_meta = md.replacen("\n\n- **Status:** Draft", "", 1);
        assert_eq!(without_meta, expect);
    }

    #[track_caller]
    fn check_name(doc: Postmortem, expect: &str) {
        assert_eq!(file_name(&doc), expect);
    }

    #[test]
    fn title_and_summary() {
        check(
            doc("Disk full", "The disk filled up."),
            "# Disk full\n\n## Issue Summary\n\nThe disk filled up.\n",
        );
    }
    #[test]
    fn empty_document_has_a_placeholder_title_and_a_status() {
        assert_eq!(export(&doc("", "  \n")), "# Untitled postmortem\n\n- **Status:** Draft\n");
    }
    #[test]
    fn a_title_starting_with_a_hash_stays_text() {
        check(doc("# 1 outage", ""), "# \\# 1 outage\n");
    }
    #[test]
    fn crlf_in_the_summary_becomes_lf() {
        check(doc("T", "a\r\nb\r\n"), "# T\n\n## Issue Summary\n\na\nb\n");
    }
    #[test]
    fn duration_with_the_document_zone() {
        let d = Postmortem {
            start: "10:30 AM".into(),
            end: "1:15 PM".into(),
            zone: "EST".into(),
            ..doc("T", "")
        };
        check(
            d,
            "# T\n\n## Issue Summary\n\n- **Duration:** 2 hours and 45 minutes, from 10:30 AM EST to 1:15 PM EST\n",
        );
    }
    #[test]
    fn unreadable_times_are_shown_without_a_duration() {
        let d = Postmortem { start: "morning".into(), end: "noon-ish".into(), ..doc("T", "") };
        check(d, "# T\n\n## Issue Summary\n\n- **Duration:** from morning to noon-ish\n");
    }
    #[test]
    fn only_a_start() {
        let d = Postmortem { start: "14:30 UTC".into(), ..doc("T", "") };
        check(d, "# T\n\n## Issue Summary\n\n- **Start:** 14:30 UTC\n");
    }
    #[test]
    fn summary_ending_in_a_dash_list_is_not_continued_by_ours() {
        let d = Postmortem { impact: "All".into(), ..doc("T", "Effects:\n\n- slow") };
        check(d, "# T\n\n## Issue Summary\n\nEffects:\n\n- slow\n\n* **Impact:** All\n");
    }
    #[test]
    fn entry_tags() {
        let mut d = doc("T", "");
        d.timeline = vec![TimelineEntry {
            kind: Some(EntryKind::RedHerring),
            key_moment: true,
            ..TimelineEntry::new("15:00", "Checked the DB")
        }];
        check(d, "# T\n\n## Timeline\n\n- **15:00:** Checked the DB *(red herring, key moment)*\n");
    }
    #[test]
    fn untimed_entry() {
        let mut d = doc("T", "");
        d.timeline = vec![TimelineEntry::new("", "Later that day"), TimelineEntry::new(" ", "")];
        check(d, "# T\n\n## Timeline\n\n- Later that day\n");
    }
    #[test]
    fn tasks() {
        let mut d = doc("T", "");
        d.tasks = vec![
            Task {
                owner: "Ada".into(),
                due: "2024-07-01".into(),
                done: true,
                ..Task::new("Patch")
            },
            Task { owner: "@sre_team".into(), ..Task::default() },
            Task { id: Id(9), ..Task::default() },
        ];
        check(
            d,
            "# T\n\n## Corrective and Preventative Measures\n\n### Tasks\n\n- [x] Patch (owner: Ada, due 2024-07-01)\n- [ ] (owner: @sre\\_team)\n",
        );
    }

    #[test]
    fn another_templates_part_is_referenced_only_where_it_would_change_the_template() {
        let custom = |h: &str| CustomSection { id: Id(1), heading: h.into(), body: "x".into() };
        let mut d = doc("T", "");
        d.custom_sections = vec![custom(","), custom("Supporting information")];
        check(d.clone(), "# T\n\n## ,\n\nx\n\n## &#83;upporting information\n\nx\n");
        d.summary = "s".into();
        d.custom_sections.remove(0);
        check(d, "# T\n\n## Issue Summary\n\ns\n\n## Supporting information\n\nx\n");
    }

    #[test]
    fn file_names() {
        check_name(doc("The Great: Memory/Leak?", ""), "the-great-memory-leak.md");
        check_name(doc("  ", ""), "postmortem.md");
        check_name(
            Postmortem { date: "June 5, 2024".into(), ..doc("Disk full", "") },
            "2024-06-05-disk-full.md",
        );
        check_name(
            Postmortem { start: "2024-06-05T02:00Z".into(), ..doc("", "") },
            "2024-06-05-postmortem.md",
        );
        check_name(
            doc("Panne générale à Zürich & Kraków", ""),
            "panne-generale-a-zurich-and-krakow.md",
        );
        check_name(doc("Straße’s DNS", ""), "strasses-dns.md");
        check_name(doc("缓存雪崩 incident", ""), "缓存雪崩-incident.md");
        check_name(doc("CON", ""), "con-postmortem.md");
        check_name(doc("../../etc/passwd", ""), "etc-passwd.md");
        let long = file_name(&doc(&"é".repeat(200), ""));
        assert_eq!(long, format!("{}.md", "e".repeat(80)));
        let cjk = file_name(&doc(&"雪".repeat(200), ""));
        assert!(cjk.len() <= 83 && cjk.ends_with(".md"), "{cjk}");
    }
}
