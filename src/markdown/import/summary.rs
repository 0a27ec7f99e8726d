//! The issue summary and the metadata: `Label: value` fields in any dress (`- **Duration:**
//! …`, `Impact:` over a paragraph, `**Date:** …`), the prose around them, and what prose says
//! when no field does (`from 10:30 AM to 1:15 PM EST`, `40% of our users`).
//!
//! A field is taken only when its value reads cleanly (a percentage for users affected, a
//! status name); otherwise its line stays in the summary prose, so nothing is lost. Lines the
//! export computes (the duration, time to detect...) are dropped only when they say what the
//! imported document computes to; otherwise they stay as prose.

use super::{Builder, Warning, block, scan, times, unescape};
use crate::model::resolve::{metrics, resolve_fixed};
use crate::model::template::Part;
use crate::model::time::{duration_in_words, parse_date, parse_moment};
use crate::model::{Percent, Status};

/// A field the summary or metadata can hold.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Field {
    Date,
    Severity,
    Status,
    Authors,
    Responders,
    Zone,
    Start,
    End,
    /// A start and an end on one line (`When: 2024-02-08, 14:05–15:20 UTC`).
    Window,
    Duration,
    Impact,
    Users,
    Services,
    RootCause,
    Detection,
    TimeToDetect,
    TimeToAcknowledge,
    TimeToMitigate,
    TimeToResolve,
}

fn field_named(label: &str) -> Option<Field> {
    let l = label.trim().trim_end_matches(':').trim().to_lowercase();
    Some(match l.as_str() {
        "date" | "incident date" | "date of incident" | "fecha" | "datum" | "vorfallsdatum" => {
            Field::Date
        }
        "severity" | "sev" | "severity level" | "schweregrad" => Field::Severity,
        "status" => Field::Status,
        "authors" | "author" | "written by" | "autoren" | "autor" => Field::Authors,
        "responders" | "incident responders" => Field::Responders,
        "zone" | "time zone" | "timezone" => Field::Zone,
        "start" | "start time" | "started" | "started at" | "incident start" | "began"
        | "inicio" | "début" | "debut" | "beginn" | "störungsbeginn" | "outage start"
        | "outage began" | "incident began" | "start date" => Field::Start,
        "end" | "end time" | "ended" | "ended at" | "incident end" | "resolved at" | "resolved"
        | "fin" | "ende" | "störungsende" | "outage end" | "outage ended" | "incident resolved"
        | "resolution time" | "time resolved" | "end date" => Field::End,
        "when" | "time" | "times" | "incident window" | "outage window" | "time window"
        | "window" | "period" | "incident time" | "time of incident" => Field::Window,
        "duration" | "outage duration" | "total duration" | "incident duration" | "downtime"
        | "total downtime" | "durée" | "duración" | "dauer" | "ausfallzeit" => Field::Duration,
        "impact" | "customer impact" | "user impact" | "impacto" | "auswirkung"
        | "auswirkungen" => Field::Impact,
        "users affected"
        | "affected users"
        | "share of users"
        | "users impacted"
        | "% of users affected"
        | "percentage of users affected"
        | "betroffene nutzer"
        | "betroffene benutzer"
        | "betroffene kunden" => Field::Users,
        "services affected" | "affected services" | "services impacted" | "betroffene dienste" => {
            Field::Services
        }
        "root cause" | "cause" | "root causes" | "ursache" => Field::RootCause,
        "detection" | "detected by" | "how it was detected" => Field::Detection,
        "time to detect" => Field::TimeToDetect,
        "time to acknowledge" => Field::TimeToAcknowledge,
        "time to mitigate" => Field::TimeToMitigate,
        "time to resolve" => Field::TimeToResolve,
        _ => return None,
    })
}

/// Whether `label` names a summary or metadata field (`Duration`, `Date`...).
pub(crate) fn is_field_label(label: &str) -> bool {
    field_named(label).is_some()
}

/// A field line: `(field, value on the line, whether it is a list item)`.
pub(crate) fn field_line(line: &str) -> Option<(Field, &str, bool)> {
    let item = scan::list_item(line).filter(|i| i.checkbox.is_none() && !i.ordered);
    let t = item.map_or(line.trim(), |i| i.content);
    // An emoji or a symbol before the label (`🕐 **Start:** …`).
    let t = match t.split_once(char::is_whitespace) {
        Some((lead, rest))
            if !lead.is_empty() && lead.chars().all(|c| !c.is_ascii() && !c.is_alphanumeric()) =>
        {
            rest.trim_start()
        }
        _ => t,
    };
    // `**Label:** value`, `**Label**: value`, `__Label:__ value`, `Label: value`.
    for w in ["**", "__"] {
        if let Some(inner) = t.strip_prefix(w)
            && let Some(close) = inner.find(w)
        {
            let label = &inner[..close];
            let mut rest = &inner[close + w.len()..];
            if !label.trim_end().ends_with(':') {
                rest = rest.strip_prefix(':')?;
            }
            return field_named(label).map(|f| (f, rest.trim(), item.is_some()));
        }
    }
    let (label, rest) = t.split_once(':')?;
    if label.chars().count() > 40 {
        return None;
    }
    field_named(label).map(|f| (f, rest.trim(), item.is_some()))
}

pub(crate) fn status(value: &str) -> Option<Status> {
    let v = value.trim().to_lowercase();
    Status::ALL.into_iter().find(|s| s.label().to_lowercase() == v)
}

/// A summary line the export computes, to check once the document is complete.
pub(crate) struct Computed {
    field: Field,
    /// The duration in words it says (`2 hours and 15 minutes`), if any.
    words: String,
    /// The line(s) as written, kept as prose if they disagree with the document.
    source: String,
}

/// `line` cut into its fields when it holds several (`**Date:** 2025-02-11 · **Severity:** SEV2`),
/// else `line` itself.
fn fields_on_one_line(line: &str) -> Vec<&str> {
    if field_line(line).is_none() {
        return vec![line];
    }
    for separator in [" · ", " | ", " • ", " ; "] {
        let parts: Vec<&str> = line.split(separator).map(str::trim).collect();
        if parts.len() > 1 && parts.iter().all(|p| field_line(p).is_some()) {
            return parts;
        }
    }
    vec![line]
}

/// Reads a summary (or the text between the title and the first section).
pub(crate) fn read(b: &mut Builder, body: &[&str]) {
    let prose = fields(b, body);
    let text = block(&prose.iter().map(String::as_str).collect::<Vec<_>>());
    if !text.is_empty() {
        b.prose.push(text.clone());
        if b.doc.summary.is_empty() {
            b.doc.summary = text;
        } else {
            b.doc.summary.push_str("\n\n");
            b.doc.summary.push_str(&text);
        }
    }
}

/// Reads the fields in `body` (`**Start:** …`, a table of fields) into the document, and gives
/// back the other lines.
pub(crate) fn fields(b: &mut Builder, body: &[&str]) -> Vec<String> {
    let tables = if b.strict { None } else { field_tables(body) };
    let body: Vec<&str> = match &tables {
        Some(lines) => lines.iter().map(String::as_str).collect(),
        None => body.to_vec(),
    };
    let body: Vec<&str> = body.iter().flat_map(|l| fields_on_one_line(l)).collect();
    let body = if b.strict { body } else { status_updates(b, body) };
    let body = &body[..];
    let mut prose: Vec<&str> = Vec::new();
    let mut i = 0;
    while i < body.len() {
        let line = body[i];
        let Some((field, value, is_item)) = field_line(line) else {
            prose.push(line);
            i += 1;
            continue;
        };
        // The value: the rest of the line, then continuation lines (indented under a list
        // item; for a label alone on its line, the paragraph under it).
        let mut j = i + 1;
        let mut lines: Vec<String> = Vec::new();
        if !value.is_empty() {
            lines.push(value.to_owned());
        }
        if is_item {
            while j < body.len() {
                let next = body[j];
                if scan::indent(next) >= 2 && !scan::is_blank(next) && field_line(next).is_none() {
                    lines.push(next.trim().to_owned());
                    j += 1;
                } else if scan::is_blank(next)
                    && body.get(j + 1).is_some_and(|n| {
                        scan::indent(n) >= 2 && !scan::is_blank(n) && scan::list_item(n).is_none()
                    })
                {
                    lines.push(String::new());
                    j += 1;
                } else {
                    break;
                }
            }
        } else if value.is_empty() {
            while j < body.len() && scan::is_blank(body[j]) && lines.is_empty() {
                j += 1;
            }
            while j < body.len()
                && !scan::is_blank(body[j])
                && field_line(body[j]).is_none()
                && scan::head_at(body, j, false).is_none()
            {
                lines.push(body[j].trim().to_owned());
                j += 1;
            }
        }
        // Hard breaks from the export: a trailing backslash before the next line.
        let n = lines.len();
        for k in 0..n.saturating_sub(1) {
            if !lines[k + 1].is_empty() && lines[k].ends_with('\\') {
                let l = &mut lines[k];
                l.pop();
                let trimmed = l.trim_end().len();
                l.truncate(trimmed);
            }
        }
        let source: Vec<&str> = body[i..j].to_vec();
        if !take(b, field, &lines) {
            prose.extend(source);
        }
        i = j;
    }
    prose.into_iter().map(str::to_owned).collect()
}

/// Two-column tables of fields (`| Date | May 7, 2024 |`, as Confluence and Notion pages have
/// them) as field lines (`Date: May 7, 2024`); rows that are no field stay in their table, under
/// an empty header when the header was a field. `None` when there is no such table.
fn field_tables(body: &[&str]) -> Option<Vec<String>> {
    let is_row = |l: &str| l.trim_start().starts_with('|');
    if !body.iter().any(|l| is_row(l)) {
        return None;
    }
    let field = |row: &str| {
        let c = scan::cells(row).filter(|c| c.len() == 2)?;
        let label = c[0].trim_matches(['*', '_']).trim().trim_end_matches(':').trim();
        (field_named(label).is_some() && !c[1].is_empty()).then(|| format!("{label}: {}", c[1]))
    };
    let mut out: Vec<String> = Vec::new();
    let mut changed = false;
    let mut i = 0;
    while i < body.len() {
        if !is_row(body[i]) {
            out.push(body[i].to_owned());
            i += 1;
            continue;
        }
        let end = (i..body.len()).find(|&j| !is_row(body[j])).unwrap_or(body.len());
        let rows = &body[i..end];
        i = end;
        let two_columns = rows
            .iter()
            .all(|r| scan::is_table_delimiter(r) || scan::cells(r).is_some_and(|c| c.len() == 2));
        if !two_columns || !rows.iter().any(|r| field(r).is_some()) {
            out.extend(rows.iter().map(|r| r.to_string()));
            continue;
        }
        changed = true;
        out.extend(rows.iter().filter_map(|r| field(r)));
        let headed = rows.get(1).is_some_and(|r| scan::is_table_delimiter(r));
        let rest: Vec<&str> = rows
            .iter()
            .enumerate()
            .filter(|(k, r)| {
                (!headed || *k >= 2) && !scan::is_table_delimiter(r) && field(r).is_none()
            })
            .map(|(_, r)| *r)
            .collect();
        if !rest.is_empty() {
            out.push(String::new());
            let header = if headed && field(rows[0]).is_none() { rows[0] } else { "| | |" };
            out.push(header.to_owned());
            out.push("|---|---|".to_owned());
            out.extend(rest.iter().map(|r| r.to_string()));
        }
    }
    changed.then_some(out)
}

/// The states of a status page's updates (`**Resolved** - This incident has been resolved.`).
const UPDATE_STATES: &[&str] = &[
    "investigating",
    "identified",
    "monitoring",
    "update",
    "resolved",
    "postmortem",
    "scheduled",
    "in progress",
    "verifying",
    "completed",
];

/// The time under a status page update: `Mar 14, 2024 - 16:42 UTC`, `Posted 2 hours ago. Mar
/// 14, 2024 - 16:42 UTC`: as a time the model reads (the dash dropped).
fn update_time(line: &str) -> Option<String> {
    let t = line.trim();
    let t = t.rsplit_once(". ").map_or(t, |(_, last)| last);
    let t = t.strip_prefix("Posted ").unwrap_or(t);
    let time = t.replacen(" - ", " ", 1);
    times::is_time(&time).then_some(time)
}

/// A status page's updates (`**State** - text`, then its date and time on the next line),
/// newest first as status pages list them: the timeline, oldest first, when the file has at
/// least two and no timeline yet. Returns the other lines.
fn status_updates<'a>(b: &mut Builder, body: Vec<&'a str>) -> Vec<&'a str> {
    if !b.doc.timeline.is_empty() {
        return body;
    }
    let state = |line: &str| {
        let t = line.trim();
        let inner = t.strip_prefix("**")?;
        let (word, rest) = inner.split_once("**")?;
        let rest = rest.trim_start();
        (UPDATE_STATES.contains(&word.trim().to_lowercase().as_str())
            && (rest.starts_with("- ") || rest.starts_with("– ") || rest.starts_with("— ")))
        .then_some(())
    };
    let mut found: Vec<(usize, String)> = Vec::new();
    let mut i = 0;
    while i + 1 < body.len() {
        if state(body[i]).is_some()
            && let Some(time) = update_time(body[i + 1])
        {
            found.push((i, time));
            i += 2;
        } else {
            i += 1;
        }
    }
    if found.len() < 2 {
        return body;
    }
    let mut rest = Vec::with_capacity(body.len());
    let mut taken = found.iter().peekable();
    for (k, line) in body.iter().enumerate() {
        match taken.peek() {
            Some((at, _)) if k == *at || k == *at + 1 => {
                if k == *at + 1 {
                    taken.next();
                }
            }
            _ => rest.push(*line),
        }
    }
    for (at, time) in found.into_iter().rev() {
        b.doc.timeline.push(crate::model::TimelineEntry {
            time,
            text: unescape::inline_text(&[body[at].trim().to_owned()]),
            ..Default::default()
        });
    }
    rest
}

/// The labels of the export's key facts list.
const KEY_FACTS: &[&str] = &[
    "Duration",
    "Start",
    "End",
    "Impact",
    "Users Affected",
    "Services Affected",
    "Root Cause",
    "Detection",
    "Time to Detect",
    "Time to Acknowledge",
    "Time to Mitigate",
    "Time to Resolve",
];

/// `- **Label:** value` (or `* **`) with a key facts label: the marker and the field.
fn key_fact(line: &str) -> Option<(char, Field, &str)> {
    let marker = line.chars().next().filter(|c| matches!(c, '-' | '*'))?;
    let rest = line[1..].strip_prefix(" **")?;
    let (label, value) = rest.split_once(":**")?;
    if !KEY_FACTS.contains(&label) {
        return None;
    }
    let value = value.strip_prefix(' ').unwrap_or(value);
    Some((marker, field_named(label)?, value))
}

/// The summary of our own export: prose, then the key facts list (its last list, each item a
/// `**Label:**` field); the prose is kept exactly, fields are read from the list alone.
pub(crate) fn read_own(b: &mut Builder, body: &[&str]) {
    let mut end = body.len();
    while end > 0 && scan::is_blank(body[end - 1]) {
        end -= 1;
    }
    let body = &body[..end];
    // The key facts: the first item after a blank line from which every line to the end is an
    // item with the same marker or a line continuing one (indented, or blank before one).
    let mut facts = body.len();
    let mut marker = None;
    for i in (0..body.len()).rev() {
        let line = body[i];
        if let Some((m, _, _)) = key_fact(line) {
            if marker.is_some_and(|x| x != m) {
                break;
            }
            marker = Some(m);
            if i == 0 || scan::is_blank(body[i - 1]) {
                facts = i;
            }
            continue;
        }
        let continues = (line.starts_with("  ") && !scan::is_blank(line))
            || (scan::is_blank(line) && body.get(i + 1).is_some_and(|n| n.starts_with("  ")));
        if !continues {
            break;
        }
    }
    let mut prose: Vec<String> = Vec::new();
    let saved = (facts < body.len()).then(|| (b.doc.clone(), b.computed.len()));
    let mut i = facts;
    while i < body.len() {
        let Some((_, field, value)) = key_fact(body[i]) else {
            i += 1;
            continue;
        };
        let mut j = i + 1;
        let mut lines: Vec<String> = vec![value.to_owned()];
        while j < body.len() && key_fact(body[j]).is_none() {
            lines.push(body[j].strip_prefix("  ").unwrap_or(body[j]).trim_end().to_owned());
            j += 1;
        }
        while lines.last().is_some_and(String::is_empty) {
            lines.pop();
        }
        for k in 0..lines.len().saturating_sub(1) {
            if !lines[k + 1].is_empty() && lines[k].ends_with('\\') {
                let l = &mut lines[k];
                l.pop();
                let trimmed = l.trim_end().len();
                l.truncate(trimmed);
            }
        }
        if !take(b, field, &lines) {
            prose.extend(body[i..j].iter().map(|l| l.to_string()));
        }
        i = j;
    }
    // Every item of the export's list is a fact it reads back: a list with any other item is
    // the author's own, kept whole as prose (split, it would read as prose then facts).
    if !prose.is_empty()
        && let Some((doc, computed)) = saved
    {
        b.doc = doc;
        b.computed.truncate(computed);
        prose.clear();
        facts = body.len();
    }
    let mut text = super::own_block(&body[..facts]);
    let kept = super::own_block(&prose.iter().map(String::as_str).collect::<Vec<_>>());
    if !kept.is_empty() {
        if !text.is_empty() {
            text.push_str("\n\n");
        }
        text.push_str(&kept);
    }
    if !text.is_empty() {
        if b.doc.summary.is_empty() {
            b.doc.summary = text;
        } else {
            b.doc.summary.push_str("\n\n");
            b.doc.summary.push_str(&text);
        }
    }
}

/// Puts a field's value in the document; `false` when the line should stay as prose.
fn take(b: &mut Builder, field: Field, lines: &[String]) -> bool {
    // As written: what is kept as prose when a computed line disagrees.
    let written = lines;
    // `<br />` left at the end of a line by an HTML converter.
    let stripped: Vec<String> =
        lines.iter().map(|l| if b.strict { l.clone() } else { strip_br(l).to_owned() }).collect();
    let lines = &stripped[..];
    let one = unescape::literal(&lines.join(" "));
    let one = one.trim();
    let inline = || unescape::inline_text(lines);
    // Our export writes these facts only when the template has no section for them.
    let fact = |part| !(b.strict && b.doc.template.template().has(part));
    let (impact, root_cause, detection) =
        (fact(Part::Impact), fact(Part::RootCause), fact(Part::Detection));
    let d = &mut b.doc;
    let set = |slot: &mut String, value: String| {
        if slot.is_empty() && !value.is_empty() {
            *slot = value;
            true
        } else {
            false
        }
    };
    match field {
        // A date the model cannot read stays in the prose, where its date is found later.
        Field::Date if !b.strict && parse_date(one).is_err() && date_in(one).is_some() => false,
        Field::Date => set(&mut d.date, one.to_owned()),
        Field::Severity => set(&mut d.severity, one.to_owned()),
        Field::Zone => set(&mut d.zone, one.to_owned()),
        Field::Start => set(&mut d.start, one.to_owned()),
        Field::End => set(&mut d.end, one.to_owned()),
        // A single time under a window's label is the start.
        Field::Window if !b.strict && range_in(one).is_none() && times::is_time(one) => {
            set(&mut d.start, one.to_owned())
        }
        Field::Window => match range_in(one) {
            Some((s, e)) if d.start.is_empty() && d.end.is_empty() && !b.strict => {
                d.start = s;
                d.end = e;
                if let Some(date) = date_in(one)
                    && d.date.is_empty()
                    && parse_moment(&d.start).is_ok_and(|m| m.date.is_none())
                {
                    d.date = date;
                }
                // Words beyond the range and its date: the line stays as prose too.
                whole_range(one, &d.start, &d.end, d.date.as_str())
            }
            _ => false,
        },
        Field::Status => match status(one) {
            Some(s) => {
                d.status = s;
                true
            }
            None => false,
        },
        Field::Authors if d.authors.is_empty() && !one.is_empty() => {
            d.authors = unescape::names(&lines.join(" "));
            true
        }
        Field::Responders if d.responders.is_empty() && !one.is_empty() => {
            d.responders = unescape::names(&lines.join(" "));
            true
        }
        Field::Services if d.services_affected.is_empty() && !one.is_empty() => {
            d.services_affected = unescape::names(&lines.join(" "));
            true
        }
        Field::Authors | Field::Responders | Field::Services => false,
        Field::Impact if impact => set(&mut d.impact, inline()),
        Field::RootCause if root_cause => set(&mut d.root_cause, inline()),
        Field::Detection if detection => set(&mut d.detection, inline()),
        Field::Impact | Field::RootCause | Field::Detection => false,
        Field::Users if d.users_affected.is_some() => false,
        Field::Users => match Percent::parse(one) {
            Ok(p) => {
                d.users_affected = Some(p);
                true
            }
            // `ca. 35 %`, `about 40% (EU only)`: the share fills the field, and the line stays
            // as written, so its other words are not lost.
            Err(_) => {
                d.users_affected = first_percentage(one);
                false
            }
        },
        Field::Duration => {
            // `[<words>, ]from <start> to <end>` (what the export writes) or `<words>`.
            let raw = lines.join(" ");
            let (words, span) = match raw.find("from ") {
                Some(at) => (raw[..at].trim().trim_end_matches(',').trim(), Some(&raw[at + 5..])),
                None => (raw.trim(), None),
            };
            if !(is_duration_words(words) || words.is_empty() && span.is_some()) {
                // `May 12, 2024, 09:00 AM UTC - 11:30 AM UTC`: the start and the end.
                if !b.strict
                    && d.start.is_empty()
                    && d.end.is_empty()
                    && let Some((s, e)) = range_in(one)
                {
                    d.start = s;
                    d.end = e;
                    if whole_range(one, &d.start, &d.end, "") {
                        return true;
                    }
                    // `85 minutes (10:15–11:40 UTC)`, `10:15–11:40 UTC (85 minutes)`: the
                    // words are checked against the computed duration, like the export's.
                    let trim = |t: &str| {
                        t.trim_matches(|c: char| c.is_whitespace() || "(),;:–—-".contains(c))
                            .to_owned()
                    };
                    let (Some(at), Some(to)) =
                        (one.find(d.start.as_str()), one.rfind(d.end.as_str()))
                    else {
                        return false;
                    };
                    let (before, after) = (trim(&one[..at]), trim(&one[to + d.end.len()..]));
                    let words = match (before.is_empty(), after.is_empty()) {
                        (false, true) => before,
                        (true, false) => after,
                        _ => return false,
                    };
                    if !is_duration_words(&words) {
                        return false;
                    }
                    b.computed.push(Computed { field, words, source: written.join("\n") });
                    return true;
                }
                return false;
            }
            let mut ok = true;
            if let Some(span) = span {
                let Some((s, e)) = span.split_once(" to ") else { return false };
                let (s, e) = (unescape::literal(s.trim()), unescape::literal(e.trim()));
                if d.start.is_empty() && d.end.is_empty() && !s.is_empty() && !e.is_empty() {
                    d.start = s;
                    d.end = e;
                } else {
                    ok = d.start == s && d.end == e;
                }
            }
            if ok {
                b.computed.push(Computed {
                    field,
                    words: words.to_owned(),
                    source: written.join("\n"),
                });
            }
            ok
        }
        Field::TimeToDetect
        | Field::TimeToAcknowledge
        | Field::TimeToMitigate
        | Field::TimeToResolve => {
            if !is_duration_words(one) {
                return false;
            }
            b.computed.push(Computed { field, words: one.to_owned(), source: written.join("\n") });
            true
        }
    }
}

/// `2 hours and 15 minutes`, `1 day, 3 hours`, `minus 5 minutes`: only numbers and units.
fn is_duration_words(text: &str) -> bool {
    let mut any = false;
    for w in text.split(|c: char| c.is_whitespace() || c == ',') {
        if w.is_empty() {
            continue;
        }
        let ok = w.bytes().all(|b| b.is_ascii_digit())
            || matches!(
                w,
                "and"
                    | "minus"
                    | "day"
                    | "days"
                    | "hour"
                    | "hours"
                    | "minute"
                    | "minutes"
                    | "second"
                    | "seconds"
            );
        if !ok {
            return false;
        }
        any = true;
    }
    any
}

/// Once the document is complete: computed lines that disagree with it go back to the summary
/// as prose; then what prose says fills the start, end and share of users still empty.
pub(crate) fn finish(b: &mut Builder) {
    if !b.strict {
        infer(b);
    }
    let r = resolve_fixed(&b.doc);
    let m = metrics(&b.doc, &r);
    let mut kept: Vec<String> = Vec::new();
    for c in std::mem::take(&mut b.computed) {
        let value = match c.field {
            Field::Duration => r.duration().filter(|d| *d >= 0),
            Field::TimeToDetect => m.time_to_detect,
            Field::TimeToAcknowledge => m.time_to_acknowledge,
            Field::TimeToMitigate => m.time_to_mitigate,
            _ => m.time_to_resolve,
        };
        let agrees = match value {
            Some(v) => {
                duration_in_words(v) == c.words
                    || (!b.strict && duration_seconds(&c.words) == Some(v))
            }
            None => c.words.is_empty(),
        };
        if !agrees
            && !b.strict
            && c.field == Field::Duration
            && let Some(v) = value
            && duration_seconds(&c.words).is_some()
        {
            b.warnings.push(Warning::DurationDiffers {
                stated: c.words.clone(),
                computed: duration_in_words(v),
            });
        }
        if !agrees {
            let label = match c.field {
                Field::Duration => "Duration",
                Field::TimeToDetect => "Time to detect",
                Field::TimeToAcknowledge => "Time to acknowledge",
                Field::TimeToMitigate => "Time to mitigate",
                _ => "Time to resolve",
            };
            kept.push(format!("{label}: {}", c.source.replace('\n', " ")));
        }
    }
    if !kept.is_empty() {
        // Lines that disagree stay as they were written, in the summary.
        let text = kept.join("\n\n");
        if !b.doc.summary.is_empty() {
            b.doc.summary.push_str("\n\n");
        }
        b.doc.summary.push_str(&text);
    }
}

/// What prose, the title and the timeline say when no field does: the share of users, the
/// start and end, the date and the zone.
fn infer(b: &mut Builder) {
    let mut texts: Vec<String> = vec![b.doc.impact.clone()];
    texts.extend(b.prose.iter().cloned());
    texts.push(b.doc.summary.clone());
    if b.doc.users_affected.is_none() {
        b.doc.users_affected = texts.iter().find_map(|t| share_of_users(t));
    }
    if b.doc.start.is_empty()
        && b.doc.end.is_empty()
        && let Some((s, e)) = texts.iter().find_map(|t| span(t).or_else(|| range_in(t)))
    {
        b.doc.start = s;
        b.doc.end = e;
    }
    if b.doc.start.is_empty()
        && b.doc.end.is_empty()
        && let Some((s, e)) = texts.iter().find_map(|t| told(t))
    {
        b.doc.start = s;
        b.doc.end = e;
    }
    from_timeline(b);
    let d = &mut b.doc;
    if d.zone.is_empty() {
        // The zone written once, on the end (`from 10:30 AM to 1:15 PM EST`), or in a sentence
        // about all the times (`All times CEST.`, `Times below are UTC.`).
        let zone_of = |t: &str| parse_moment(t).ok().and_then(|m| m.zone);
        if zone_of(&d.start).is_none()
            && zone_of(&d.end).is_some()
            && let Some(z) = times::zone_in(&d.end)
        {
            d.zone = z.to_owned();
        } else if let Some(z) = texts.iter().flat_map(|t| t.lines()).find_map(|l| {
            let lower = l.to_lowercase();
            (lower.contains("all times")
                || lower.contains("times are")
                || lower.contains("times below"))
            .then(|| times::zone_in(l))
            .flatten()
        }) {
            d.zone = z.to_owned();
        }
    }
    // The date, when the start does not carry one: from the prose, the title, the end, the
    // timeline, the other sections.
    let dated = |t: &str| parse_moment(t).is_ok_and(|m| m.date.is_some());
    if d.date.trim().is_empty() && !dated(&d.start) {
        let mut sources: Vec<String> = vec![d.end.clone()];
        sources.extend(texts.iter().cloned());
        sources.push(d.title.clone());
        sources.extend(d.timeline.iter().map(|e| e.time.clone()));
        sources.extend(d.custom_sections.iter().map(|c| c.body.clone()));
        if let Some(date) = sources.iter().find_map(|t| date_in(t)) {
            d.date = date;
        }
    }
    // A start that carries the date (`10:15 AM PDT, Tuesday, May 7, 2024`) gives the incident
    // its date; the start, and an end on the same day, keep the time and zone.
    if d.date.trim().is_empty()
        && let Some((date, start)) = split_date(&d.start)
    {
        if let Some((end_date, end)) = split_date(&d.end)
            && parse_date(&end_date).ok() == parse_date(&date).ok()
        {
            d.end = end;
        }
        d.date = date;
        d.start = start;
    }
    // A start or end that repeats the incident's date (`14:47 UTC on 3 March 2025`) keeps its
    // time and zone.
    if let Ok(day) = parse_date(&d.date) {
        for t in [&mut d.start, &mut d.end] {
            if let Some((date, rest)) = split_date(t)
                && parse_date(&date) == Ok(day)
            {
                *t = rest;
            }
        }
    }
}

/// `text`'s date as written and the rest, when the rest reads as the same time and zone with
/// no date. A timestamp in one piece (`2024-05-07T10:15Z`) is not split.
fn split_date(text: &str) -> Option<(String, String)> {
    let moment = parse_moment(text).ok()?;
    moment.date?;
    let date = date_in(text)?;
    let at = text.find(&date)?;
    let clean = |s: &str| {
        s.trim_matches(|c: char| {
            c.is_whitespace() || matches!(c, ',' | ';' | '-' | '–' | '—' | '@')
        })
        .to_owned()
    };
    // The words that tied the date to the time go with it (`14:47 UTC on 3 March 2025`).
    let before = clean(&text[..at]);
    let before = ["on", "at", "of"]
        .iter()
        .find_map(|w| before.strip_suffix(w).filter(|b| b.ends_with(' ')))
        .map_or(before.clone(), clean);
    let after = clean(&text[at + date.len()..]);
    let after = ["at", "on"]
        .iter()
        .find_map(|w| after.strip_prefix(w).filter(|a| a.starts_with(' ')))
        .map_or(after.clone(), clean);
    let mut rest = match (before.is_empty(), after.is_empty()) {
        (false, false) => format!("{before} {after}"),
        _ => format!("{before}{after}"),
    };
    // A bracket the date closed (`14:00 UTC) on 2023-07-19`) goes too.
    if rest.ends_with(')') && rest.matches(')').count() > rest.matches('(').count() {
        rest.pop();
        rest.truncate(rest.trim_end().len());
    }
    let again = parse_moment(&rest).ok()?;
    (again.date.is_none()
        && again.time == moment.time
        && again.zone == moment.zone
        && parse_date(&date).ok() == moment.date)
        .then_some((date, rest))
}

/// Words of a timeline entry that comes after the incident (a review, a meeting): not its end.
const AFTER_WORDS: &[&str] = &[
    "postmortem",
    "post-mortem",
    "post mortem",
    "retrospective",
    "retro",
    "review",
    "meeting",
    "follow-up",
    "follow up",
    "continue to monitor",
    "monitoring continues",
];

/// The start and end from the timeline when nothing else gave them: the entry marked as the
/// beginning (`INCIDENT BEGINS`) or the first timed one; the entry marked as the end, or the
/// last one saying the service recovered, or the last timed one.
fn from_timeline(b: &mut Builder) {
    let d = &mut b.doc;
    if !d.start.is_empty() && !d.end.is_empty() {
        return;
    }
    let timed: Vec<(usize, String, String)> = d
        .timeline
        .iter()
        .enumerate()
        .filter_map(|(i, e)| {
            // `~18:10`, `2018-10-08 ~18:10`, `approx. 14:00`: the time without its mark.
            let t = e.time.replace(['~', '≈'], "");
            let t = t.trim();
            let t = t
                .strip_prefix("approx.")
                .or_else(|| t.strip_prefix("ca."))
                .map_or(t, str::trim_start)
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ");
            parse_moment(&t).is_ok().then(|| (i, t, e.text.to_lowercase()))
        })
        .collect();
    if timed.len() < 2 {
        return;
    }
    let marked =
        |words: &[&str]| timed.iter().find(|(_, _, x)| words.iter().any(|w| x.contains(w)));
    let first = marked(&["incident begins", "incident starts", "incident start", "outage begins"])
        .unwrap_or(&timed[0]);
    if d.start.is_empty() {
        d.start = first.1.clone();
    }
    if d.end.is_empty() {
        let word = |x: &str, w: &str| {
            x.match_indices(w).any(|(at, _)| {
                let before = x[..at].chars().next_back();
                let after = x[at + w.len()..].chars().next();
                !before.is_some_and(char::is_alphanumeric)
                    && !after.is_some_and(char::is_alphanumeric)
            })
        };
        let last = marked(&["incident ends", "incident end", "outage ends"]).or_else(|| {
            timed.iter().rev().find(|(_, _, x)| !AFTER_WORDS.iter().any(|w| word(x, w)))
        });
        if let Some(last) = last
            && last.0 > first.0
        {
            d.end = last.1.clone();
        }
    }
}

/// A line without the `<br />` an HTML converter left at its end.
pub(crate) fn strip_br(line: &str) -> &str {
    let t = line.trim_end();
    for tag in ["<br />", "<br/>", "<br>", "<BR>"] {
        if let Some(rest) = t.strip_suffix(tag) {
            return rest.trim_end();
        }
    }
    line
}

/// Whether every word of `value` is in the start, the end or the date taken from it: the line
/// can then be dropped, nothing is lost.
fn whole_range(value: &str, start: &str, end: &str, date: &str) -> bool {
    let words = |t: &str| -> Vec<String> {
        t.split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(str::to_lowercase)
            .collect()
    };
    let kept: Vec<String> = [start, end, date].iter().flat_map(|t| words(t)).collect();
    words(value).iter().all(|w| kept.contains(w) || matches!(w.as_str(), "to" | "from" | "until"))
}

/// `2 hours and 15 minutes`, `1 hour 10 minutes`, `45 min`, `1h30`: in seconds.
pub(crate) fn duration_seconds(text: &str) -> Option<i64> {
    let mut total = 0i64;
    let mut number: Option<i64> = None;
    let mut any = false;
    for w in text.split(|c: char| c.is_whitespace() || c == ',') {
        let w = w.trim_end_matches('.');
        if w.is_empty() || matches!(w, "and" | "about" | "approximately" | "~") {
            continue;
        }
        let digits = w.bytes().take_while(u8::is_ascii_digit).count();
        let (n, unit) = w.split_at(digits);
        if !n.is_empty() {
            number = Some(n.parse().ok()?);
        }
        if unit.is_empty() {
            continue;
        }
        let seconds = match unit.to_lowercase().as_str() {
            "d" | "day" | "days" => 86_400,
            "h" | "hr" | "hrs" | "hour" | "hours" => 3600,
            "m" | "min" | "mins" | "minute" | "minutes" => 60,
            "s" | "sec" | "secs" | "second" | "seconds" => 1,
            _ => return None,
        };
        total = total.checked_add(number.take()?.checked_mul(seconds)?)?;
        any = true;
    }
    (any && number.is_none()).then_some(total)
}

/// The first date written in `text` (`June 5, 2024`, `August 10th, 2024`, `2024-06-05`,
/// `02/23/20`, `Tuesday, January 9, 2024`), as written.
pub(crate) fn date_in(text: &str) -> Option<String> {
    let words: Vec<&str> = text.split_whitespace().take(2000).collect();
    for i in 0..words.len() {
        let first = words[i].trim_start_matches(['(', '[', '*', '_', '`']);
        if !first.starts_with(|c: char| c.is_ascii_alphanumeric()) {
            continue;
        }
        for n in (1..=4).rev() {
            if i + n > words.len() {
                continue;
            }
            let joined = words[i..i + n].join(" ");
            let candidate = joined
                .trim_start_matches(['(', '[', '*', '_', '`'])
                .trim_end_matches([')', ']', ',', '.', ';', ':', '*', '_', '`']);
            // `1.2.24` is a version more often than a date.
            if candidate.contains('.') && !candidate.split('.').any(|p| p.len() == 4) {
                continue;
            }
            if candidate.chars().any(|c| c.is_ascii_digit()) && parse_date(candidate).is_ok() {
                return Some(candidate.to_owned());
            }
        }
    }
    None
}

/// A start and an end written as a range: `14:05–15:20 UTC`, `May 12, 2024, 09:00 AM UTC -
/// 11:30 AM UTC`, `13:00 – 14:30 CET (2024-09-19)`, `at 16:20 UTC, … until 17:05 UTC`.
pub(crate) fn range_in(text: &str) -> Option<(String, String)> {
    let mut tries = 0;
    for line in text.lines() {
        for sep in ["–", "—", " - ", " to ", " until ", " till ", "-"] {
            let far = matches!(sep, " until " | " till ");
            let mut from = 0;
            while let Some(at) = line[from..].find(sep) {
                tries += 1;
                if tries > 60 {
                    return None;
                }
                let at = from + at;
                from = at + sep.len();
                let digit = |c: Option<char>| c.is_some_and(|c| c.is_ascii_digit());
                if sep == "-"
                    && !(digit(line[..at].chars().next_back())
                        && digit(line[at + 1..].chars().next()))
                {
                    continue;
                }
                let Some(s) = time_before(&line[..at], far) else { continue };
                let Some(e) = time_after(&line[at + sep.len()..]) else { continue };
                return Some((s, e));
            }
        }
    }
    None
}

/// Trims what surrounds a time in prose.
fn bare(candidate: &str) -> &str {
    candidate
        .trim_start_matches(['(', '[', '*', '_', '`'])
        .trim_end_matches([',', ';', ':', '.', ')', ']', '*', '_', '`'])
        .trim()
}

/// The time written just before `text` ends (or, when `far`, the last one in it).
fn time_before(text: &str, far: bool) -> Option<String> {
    let words: Vec<&str> = text.split_whitespace().collect();
    let lowest = if far { words.len().saturating_sub(40).max(1) } else { words.len().max(1) };
    for end in (lowest..=words.len()).rev() {
        for n in (1..=8.min(end)).rev() {
            let joined = words[end - n..end].join(" ");
            let candidate = bare(&joined);
            if candidate.chars().any(|c| c.is_ascii_digit()) && times::is_time(candidate) {
                return Some(candidate.to_owned());
            }
        }
    }
    None
}

/// The time written at the start of `text`, with a date or zone after it (`14:30 CET
/// (2024-09-19)`, `03:10 UTC on October 5, 2023`).
fn time_after(text: &str) -> Option<String> {
    let words: Vec<&str> = text.split_whitespace().take(10).collect();
    for n in (1..=words.len()).rev() {
        let joined = words[..n].join(" ");
        let candidate = bare(&joined);
        if !candidate.chars().any(|c| c.is_ascii_digit()) {
            continue;
        }
        if times::is_time(candidate) {
            return Some(candidate.to_owned());
        }
        let plain = candidate.replace(['(', ')'], "");
        if times::is_time(&plain) {
            return Some(plain.split_whitespace().collect::<Vec<_>>().join(" "));
        }
    }
    None
}

/// Words after a percentage that make it a share of users.
const WHO: &[&str] = &[
    "users",
    "user",
    "customers",
    "visitors",
    "clients",
    "people",
    "subscribers",
    "accounts",
    "requests",
    "traffic",
    "engineers",
    "players",
    "members",
    "students",
    "orders",
    "merchants",
    "employees",
    "devices",
    "usuarios",
    "utilisateurs",
    "clientes",
    "usuários",
    "nutzer",
    "kunden",
    "anfragen",
    "ユーザー",
    "用户",
];

/// `80% of our users`, `Approximately 40% of users`, `25 % des utilisateurs`, `40 percent`.
pub(crate) fn share_of_users(text: &str) -> Option<Percent> {
    let words: Vec<&str> = text.split_whitespace().collect();
    (0..words.len()).find_map(|k| {
        let (p, next) = percent_at(&words, k)?;
        let near = words[next.min(words.len())..(next + 5).min(words.len())].iter().any(|n| {
            let n = n.trim_matches(|c: char| !c.is_alphanumeric()).to_lowercase();
            WHO.iter().any(|who| n == *who || n.ends_with(who))
        });
        near.then_some(p)
    })
}

/// The first percentage in a field's value (`ca. 35 %`, `about 40% (EU only)`, `1 in 5 (20%)`).
fn first_percentage(text: &str) -> Option<Percent> {
    let words: Vec<&str> = text.split_whitespace().collect();
    (0..words.len()).find_map(|k| percent_at(&words, k).map(|(p, _)| p))
}

/// The percentage written at `words[k]` (`40%`, `40 %`, `40 percent`, `12,5 %`), with the index
/// of the word after it.
fn percent_at(words: &[&str], k: usize) -> Option<(Percent, usize)> {
    let w = words[k].trim_start_matches(['(', '~', '≈', '*', '_']);
    let (number, next) = if let Some(n) =
        w.strip_suffix('%').or_else(|| w.split('%').next().filter(|_| w.contains('%')))
    {
        (n, k + 1)
    } else if matches!(
        words.get(k + 1).map(|n| n.trim_end_matches(['.', ',', ')'])),
        Some("%" | "percent" | "per" | "prozent")
    ) {
        (w, k + 2)
    } else {
        return None;
    };
    // A decimal comma, as in most of Europe: `12,5 %`.
    let number = match number.split_once(',') {
        Some((whole, tenths))
            if !whole.is_empty()
                && (1..=2).contains(&tenths.len())
                && tenths.bytes().all(|b| b.is_ascii_digit()) =>
        {
            format!("{whole}.{tenths}")
        }
        _ => number.to_owned(),
    };
    Percent::parse(&number).ok().map(|p| (p, next))
}

/// Words of a sentence that tells when the incident began (with a failure word, or `began at`).
const BEGAN: &[&str] = &["started", "began", "begun", "starting", "beginning"];
const FAILURE: &[&str] = &[
    "fail",
    "error",
    "outage",
    "incident",
    "degrad",
    "down",
    "unavailable",
    "latenc",
    "timeout",
    "timing out",
    "slow",
    "broke",
    "crash",
    "impact",
    "reports",
    "alert",
    "page",
];
/// Words of a sentence that tells when it ended.
const ENDED: &[&str] = &[
    "restored",
    "resolved",
    "recovered",
    "back to normal",
    "ended",
    "fully operational",
    "back online",
    "back up",
    "returned to normal",
    "all clear",
];

/// The start and end told in sentences: `At 10:15 UTC checkout started failing. … Service was
/// restored at 11:40 UTC.` Both, or nothing.
fn told(text: &str) -> Option<(String, String)> {
    let sentences: Vec<&str> =
        text.split(['\n', ';', '!', '?']).flat_map(|l| l.split(". ")).take(400).collect();
    // The times a sentence gives after `at`, `by`, `around` or `as of`, in order.
    let times_in = |sentence: &str| -> Vec<String> {
        let lower = sentence.to_ascii_lowercase();
        let mut out = Vec::new();
        for cue in [" at ", " by ", " around ", " as of ", " approximately "] {
            let mut from = 0;
            while let Some(at) = lower[from..].find(cue) {
                let at = from + at + cue.len();
                from = at;
                if let Some(t) = time_after(&sentence[at..]).filter(|t| times::is_time(t)) {
                    out.push((at, t));
                }
                if out.len() > 8 {
                    break;
                }
            }
        }
        crate::sort::sort_by_key(&mut out, |(at, _)| *at);
        out.into_iter().map(|(_, t)| t).collect()
    };
    let has = |sentence: &str, words: &[&str]| {
        let lower = sentence.to_lowercase();
        words.iter().any(|w| lower.contains(w))
    };
    let start = sentences.iter().find_map(|s| {
        let lower = s.to_lowercase();
        let began = has(s, BEGAN) && (has(s, FAILURE) || lower.contains("began at"));
        if !began {
            return None;
        }
        times_in(s).into_iter().next()
    })?;
    let end = sentences.iter().rev().find_map(|s| {
        if !has(s, ENDED) {
            return None;
        }
        times_in(s).into_iter().last()
    })?;
    (end != start).then_some((start, end))
}

/// `from 10:30 AM to 1:15 PM EST`, `between 10:30 AM and 11:50 AM CDT`: the start and end as
/// typed, when both read as times.
pub(crate) fn span(text: &str) -> Option<(String, String)> {
    for (open, mid) in
        [("from ", " to "), ("between ", " and "), ("de ", " à "), ("desde ", " hasta ")]
    {
        // ASCII lower case keeps byte offsets: `From 3:00 PM` reads like `from 3:00 PM`.
        let lower = text.to_ascii_lowercase();
        let mut from = 0;
        // A bounded number of tries keeps prose full of "from" linear.
        let mut tries = 0;
        while let Some(at) = lower[from..].find(open) {
            tries += 1;
            if tries > 20 {
                break;
            }
            let s_at = from + at + open.len();
            from = s_at;
            let Some(m) = lower[s_at..].find(mid) else { break };
            let s = text[s_at..s_at + m].trim();
            if s.split_whitespace().count() > 8 || !times::is_time(s) {
                continue;
            }
            let rest = &text[s_at + m + mid.len()..];
            let end = rest.find(['.', ';', '\n', '!', '?']).map_or(rest, |i| &rest[..i]);
            let end = end.trim_end_matches([',', ')']);
            // The longest prefix of up to 8 words that reads as a time.
            let words: Vec<&str> = end.split_whitespace().take(8).collect();
            for n in (1..=words.len()).rev() {
                let candidate = words[..n].join(" ");
                let candidate = candidate.trim_end_matches(',');
                if times::is_time(candidate) {
                    return Some((s.to_owned(), candidate.to_owned()));
                }
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {

    #[test]
    fn several_fields_on_one_line() {
        assert_eq!(
            fields_on_one_line("**Date:** 2025-02-11 · **Severity:** SEV2"),
            ["**Date:** 2025-02-11", "**Severity:** SEV2"]
        );
        assert_eq!(
            fields_on_one_line("Date: 2025-02-11 | Status: Final"),
            ["Date: 2025-02-11", "Status: Final"]
        );
        // Not every part a field: the line stays whole.
        assert_eq!(
            fields_on_one_line("**Date:** 2025-02-11 · a note"),
            ["**Date:** 2025-02-11 · a note"]
        );
        assert_eq!(fields_on_one_line("| Date | Severity |"), ["| Date | Severity |"]);
    }

    use super::*;

    #[track_caller]
    fn check_field(line: &str, expect: Option<(Field, &str)>) {
        assert_eq!(field_line(line).map(|(f, v, _)| (f, v)), expect, "line: {line:?}");
    }

    #[test]
    fn field_dresses() {
        check_field("- **Duration:** 2 hours", Some((Field::Duration, "2 hours")));
        check_field("**Impact**: most users", Some((Field::Impact, "most users")));
        check_field("Root cause: a typo", Some((Field::RootCause, "a typo")));
        check_field("Impact:", Some((Field::Impact, "")));
        check_field("* **Users Affected:** 40%", Some((Field::Users, "40%")));
        check_field("- **Stop the insanity!** Test first", None);
        check_field("The impact: large", None);
    }
    #[test]
    fn duration_words() {
        assert!(is_duration_words("2 hours and 15 minutes"));
        assert!(is_duration_words("1 day, 3 hours"));
        assert!(!is_duration_words("2 hours of fun"));
        assert!(!is_duration_words(""));
    }
    #[test]
    fn shares() {
        let show = |t: &str| share_of_users(t).map(|p| p.to_string());
        assert_eq!(show("Imagine 80% of our users trying"), Some("80%".into()));
        assert_eq!(show("Approximately 40% of users saw"), Some("40%".into()));
        assert_eq!(show("Rund 12,5 % der Nutzer sahen Fehler"), Some("12.5%".into()));
        assert_eq!(show("Environ 25 % des utilisateurs"), Some("25%".into()));
        assert_eq!(show("about 40 percent of users"), Some("40%".into()));
        assert_eq!(show("CPU at 98% on both nodes"), None);
        assert_eq!(show("Afectó al 30% de los usuarios."), Some("30%".into()));
    }
    #[test]
    fn our_own_export_keeps_a_br_at_the_end_of_a_line() {
        let doc = crate::model::Postmortem {
            title: "T".into(),
            impact: "records<br />\nnext".into(),
            ..Default::default()
        };
        let again = super::super::import(&crate::markdown::export(&doc)).document;
        assert_eq!(again.impact, doc.impact);
    }
    #[test]
    fn status_page_updates_are_the_timeline() {
        let doc = super::super::import(
            "# API errors\n\n**Resolved** - All good.\nMar 14, 2024 - 16:42 UTC\n\n**Investigating** - Errors.\nMar 14, 2024 - 15:31 UTC\n",
        )
        .document;
        let entries: Vec<(&str, &str)> =
            doc.timeline.iter().map(|e| (e.time.as_str(), e.text.as_str())).collect();
        assert_eq!(
            entries,
            [
                ("Mar 14, 2024 15:31 UTC", "**Investigating** - Errors."),
                ("Mar 14, 2024 16:42 UTC", "**Resolved** - All good.")
            ]
        );
        assert_eq!(
            (doc.date.as_str(), doc.start.as_str(), doc.end.as_str()),
            ("Mar 14, 2024", "15:31 UTC", "16:42 UTC")
        );
    }
    #[test]
    fn more_labels_for_the_start_and_end() {
        let doc = super::super::import(
            "# T\n\n**Incident Date:** 2024-03-05\n**Incident Duration:** 2 hours (14:00–16:00 UTC)\n",
        )
        .document;
        assert_eq!(
            (doc.date.as_str(), doc.start.as_str(), doc.end.as_str()),
            ("2024-03-05", "14:00", "16:00 UTC")
        );
        let doc = super::super::import(
            "# T\n\n- Time of incident: 14:00 UTC\n- Outage ended: 15:10 UTC\n",
        )
        .document;
        assert_eq!((doc.start.as_str(), doc.end.as_str()), ("14:00 UTC", "15:10 UTC"));
    }
    #[test]
    fn a_dated_start_fills_the_incident_date() {
        let doc = |t: &str| {
            let d = super::super::import(t).document;
            (d.date, d.start, d.end)
        };
        let own = |a: &str, b: &str, c: &str| (a.to_owned(), b.to_owned(), c.to_owned());
        assert_eq!(
            doc(
                "# T\n\n**Start:** 10:15 AM PDT, Tuesday, May 7, 2024\n**End:** 11:40 AM PDT, Tuesday, May 7, 2024\n"
            ),
            own("Tuesday, May 7, 2024", "10:15 AM PDT", "11:40 AM PDT")
        );
        // A time that repeats the date keeps its time.
        assert_eq!(
            doc("# T\n\nBetween 14:02 and 14:47 UTC on 3 March 2025, payments failed.\n"),
            own("3 March 2025", "14:02", "14:47 UTC")
        );
        // An end on another day keeps its date.
        assert_eq!(
            doc("# T\n\n- Start: May 7, 2024 23:10 UTC\n- End: May 8, 2024 01:20 UTC\n"),
            own("May 7, 2024", "23:10 UTC", "May 8, 2024 01:20 UTC")
        );
        // A timestamp in one piece stays as written.
        assert_eq!(
            doc("# T\n\n- Start: 2024-05-07T10:15Z\n- End: 2024-05-07T11:40Z\n"),
            own("", "2024-05-07T10:15Z", "2024-05-07T11:40Z")
        );
    }
    #[test]
    fn a_table_of_fields() {
        let doc = super::super::import(
            "# DB outage\n\n| Field | Value |\n|---|---|\n| **Date** | May 7, 2024 |\n| Start | 10:15 UTC |\n| End | 11:40 UTC |\n\n## Summary\nThe DB was down.\n",
        )
        .document;
        assert_eq!(
            (&*doc.date, &*doc.start, &*doc.end, &*doc.summary),
            ("May 7, 2024", "10:15 UTC", "11:40 UTC", "The DB was down.")
        );
        // Rows that are no field stay in their table.
        let doc = super::super::import(
            "# DB outage\n\n| Date | 2024-05-07 |\n|---|---|\n| Incident commander | Dana |\n| Severity | SEV2 |\n",
        )
        .document;
        assert_eq!(
            (&*doc.date, &*doc.severity, &*doc.summary),
            ("2024-05-07", "SEV2", "| | |\n|---|---|\n| Incident commander | Dana |")
        );
        // A table with more columns is no table of fields.
        let doc = super::super::import(
            "# T\n\n| Date | Start | End |\n|---|---|---|\n| May 7 | 10:15 | 11:40 |\n",
        )
        .document;
        assert_eq!(doc.start, "");
    }
    #[test]
    fn start_and_end_told_in_sentences() {
        let doc = |t: &str| {
            let d = super::super::import(t).document;
            (d.date, d.start, d.end)
        };
        let own = |a: &str, b: &str, c: &str| (a.to_owned(), b.to_owned(), c.to_owned());
        assert_eq!(
            doc(
                "# T\n\nOn 7 May 2024 at 10:15 UTC, checkout started failing. Service was restored at 11:40 UTC.\n"
            ),
            own("7 May 2024", "10:15 UTC", "11:40 UTC")
        );
        assert_eq!(
            doc(
                "# T\n\n## Summary\n\nErrors began around 9:02 AM PT; the team paged the DBA at 9:10 AM PT. Everything was back to normal by 10:30 AM PT.\n"
            ),
            own("", "9:02 AM PT", "10:30 AM PT")
        );
        // A start without an end (or an action that "started") tells nothing.
        assert_eq!(doc("# T\n\nWe started the rollback at 10:30 UTC.\n"), own("", "", ""));
        assert_eq!(
            doc("# T\n\nWe started the rollback at 10:30 UTC. It was resolved at 11:00 UTC.\n"),
            own("", "", "")
        );
    }
    #[test]
    fn a_duration_with_its_range_is_no_prose() {
        let doc = |t: &str| {
            let i = super::super::import(t);
            (i.document.start, i.document.end, i.document.summary, i.warnings.len())
        };
        let own = |a: &str, b: &str, c: &str| (a.to_owned(), b.to_owned(), c.to_owned(), 0);
        assert_eq!(
            doc(
                "# T\n\n**Date:** 7 May 2024\n**Duration:** 85 minutes (10:15–11:40 UTC)\n\n## Summary\n\nDown.\n"
            ),
            own("10:15", "11:40 UTC", "Down.")
        );
        assert_eq!(
            doc("# T\n\n- Duration: 10:15 - 11:40 UTC (1 hour 25 minutes)\n\nDown.\n"),
            own("10:15", "11:40 UTC", "Down.")
        );
        // Words that disagree stay, with a warning.
        let (.., summary, warnings) =
            doc("# T\n\n- Duration: 2 hours (10:15–11:40 UTC)\n\nDown.\n");
        assert_eq!((summary.contains("2 hours"), warnings), (true, 1));
    }
    #[test]
    fn ranges() {
        let show = |t: &str| range_in(t).map(|(s, e)| format!("{s} | {e}"));
        assert_eq!(
            show("May 12, 2024, 09:00 AM UTC - 11:30 AM UTC").as_deref(),
            Some("May 12, 2024, 09:00 AM UTC | 11:30 AM UTC")
        );
        assert_eq!(
            show("2024-02-08, 14:05–15:20 UTC").as_deref(),
            Some("2024-02-08, 14:05 | 15:20 UTC")
        );
        assert_eq!(
            show("13:00 – 14:30 CET (2024-09-19)").as_deref(),
            Some("13:00 | 14:30 CET 2024-09-19")
        );
        assert_eq!(
            show("On January 9, 2024, at 16:20 UTC, pushes failed for some, until 17:05 UTC.")
                .as_deref(),
            Some("16:20 UTC | 17:05 UTC")
        );
        assert_eq!(show("from the API to the database - twice"), None);
        assert_eq!(show("pages 10-20 of the report"), None);
    }
    #[test]
    fn dates_in_prose() {
        assert_eq!(
            date_in("The Meltdown of August 10th, 2024").as_deref(),
            Some("August 10th, 2024")
        );
        assert_eq!(
            date_in("from 2:00 AM to 6:30 AM UTC on June 5, 2024.").as_deref(),
            Some("June 5, 2024")
        );
        assert_eq!(
            date_in("Incident date: 21/02/2024 (all times local)").as_deref(),
            Some("21/02/2024")
        );
        assert_eq!(date_in("Report – 2024-04-22 – Checkout").as_deref(), Some("2024-04-22"));
        assert_eq!(date_in("version 1.2.24 shipped in May"), None);
    }
    #[test]
    fn durations_in_seconds() {
        assert_eq!(duration_seconds("2 hours and 15 minutes"), Some(8100));
        assert_eq!(duration_seconds("1 hour 10 minutes"), Some(4200));
        assert_eq!(duration_seconds("45 min"), Some(2700));
        assert_eq!(duration_seconds("1h30m"), None);
        assert_eq!(duration_seconds("3 hours of fun"), None);
    }
    #[test]
    fn a_stated_duration_that_differs_is_reported() {
        let imported = super::super::import(
            "# T\n\n## Summary\n\n- Duration: 3 hours\n- Start: 2024-09-05 07:15 UTC\n- End: 2024-09-05 09:45 UTC\n",
        );
        let warnings: Vec<String> = imported.warnings.iter().map(ToString::to_string).collect();
        assert!(
            warnings.contains(&"the file says the incident lasted 3 hours, but its start and end make 2 hours and 30 minutes: check them".to_owned()),
            "{warnings:?}"
        );
    }
    #[test]
    fn start_and_end_from_the_timeline() {
        let doc = super::super::import(
            "# T\n\nDate: 2024-06-27\n\n## Timeline\n\n- 07:55 UTC Change.\n- 08:02 UTC Alert.\n- 09:10 UTC Lag back to zero; incident resolved.\n- 11:00 UTC Postmortem meeting.\n",
        )
        .document;
        assert_eq!((doc.start.as_str(), doc.end.as_str()), ("07:55 UTC", "09:10 UTC"));
    }
    #[test]
    fn spans() {
        assert_eq!(
            span("2 hours, from 14:30 UTC to 16:45 UTC. We spent"),
            Some(("14:30 UTC".into(), "16:45 UTC".into()))
        );
        assert_eq!(
            span("Outage lasted, from 10:30 AM to 1:15 PM EST."),
            Some(("10:30 AM".into(), "1:15 PM EST".into()))
        );
        assert_eq!(
            span("On 5 June 2024 between 10:30 AM and 11:50 AM CDT the orders"),
            Some(("10:30 AM".into(), "11:50 AM CDT".into()))
        );
        assert_eq!(span("from the API to the database"), None);
        assert_eq!(
            span("From 3:00 PM to 3:45 PM WAT on June 8"),
            Some(("3:00 PM".into(), "3:45 PM WAT".into()))
        );
    }
}
