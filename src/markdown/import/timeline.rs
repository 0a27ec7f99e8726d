//! The timeline: entries from bullet lists, plain lines, paragraphs, tables, tab-separated
//! rows and one heading per event.
//!
//! An entry starts where a time starts a line (see [`times`]). Lines under it — indented, or
//! following without a blank line, or paragraphs under an event heading — continue it; a code
//! block joins the entry above it (its timestamps are not entries). A date alone on a row or a
//! heading dates the entries under it (`2024-09-02` then `02:00` gives `2024-09-02 02:00`).
//! A line without a time that continues nothing becomes an entry without a time, and is
//! counted in a warning; a sentence naming the zone (`All times in CDT.`) also sets the
//! document's zone when it has none.

use super::{Builder, scan, times, unescape};
use crate::model::time::parse_moment;
use crate::model::{EntryKind, TimelineEntry};

#[derive(Default)]
struct Draft {
    time: String,
    lines: Vec<String>,
    /// Started by a heading: paragraphs after blank lines still belong to it.
    heading: bool,
    /// Content indentation of a list item (continuation lines are indented at least this).
    item_indent: Option<usize>,
    /// A date row, dropped when an entry under it carries the date.
    date_row: bool,
}

/// Column names that only say "this is the time / the event".
const GENERIC_COLUMNS: &[&str] = &[
    "time",
    "timestamp",
    "when",
    "date",
    "event",
    "events",
    "description",
    "what happened",
    "what",
    "details",
    "hora",
    "heure",
    "evento",
    "événement",
    "時刻",
    "時間",
    "出来事",
    "事件",
];

pub(crate) fn read(b: &mut Builder, body: &[&str]) {
    let mut drafts: Vec<Draft> = Vec::new();
    let mut date: Option<(String, usize)> = None;
    let mut header: Option<Vec<String>> = None;
    let mut unused_header: Option<String> = None;
    let mut prev_blank = true;
    let mut fence: Option<(char, usize)> = None;
    for (n, &line) in body.iter().enumerate() {
        if let Some(f) = fence {
            if scan::fence_closes(line, f) {
                fence = None;
            }
            continuation(&mut drafts, line.trim_end());
            continue;
        }
        if let Some(f) = scan::fence_open(line) {
            // A bare fence never closed (chat-tool residue around a pasted list): not code,
            // the lines after it are the timeline.
            if !b.strict
                && line.trim().chars().all(|c| c == f.0)
                && !body[n + 1..].iter().any(|l| scan::fence_closes(l, f))
            {
                continue;
            }
            fence = Some(f);
            if drafts.last().is_none_or(|d| d.date_row) {
                drafts.push(Draft::default());
                b.untimed += 1;
            } else if prev_blank {
                continuation(&mut drafts, "");
            }
            continuation(&mut drafts, line.trim());
            prev_blank = false;
            continue;
        }
        if scan::is_blank(line) {
            prev_blank = true;
            continue;
        }
        let was_blank = std::mem::replace(&mut prev_blank, false);
        let current_indent = drafts.last().and_then(|d| d.item_indent);
        // A line indented under a list item continues it, whatever it looks like (a tab in it
        // does not make it a table row).
        if let Some(ci) = current_indent
            && scan::indent(line) >= ci
            && scan::list_item(line).is_none()
        {
            if was_blank {
                continuation(&mut drafts, "");
            }
            continuation(&mut drafts, line.trim());
            continue;
        }
        if scan::is_rule(line)
            || (scan::is_table_delimiter(line) && scan::list_item(line).is_none())
        {
            continue;
        }
        if let Some((_, text)) = scan::atx(line) {
            start(b, &mut drafts, &mut date, text, None, true);
            continue;
        }
        let tab_row = !line.trim_start().starts_with('|') && scan::list_item(line).is_some();
        if !tab_row && let Some(cells) = scan::cells(line).filter(|c| c.len() >= 2) {
            let (had, count) = (header.is_some(), drafts.len());
            row(b, &mut drafts, &mut date, &mut header, &cells);
            unused_header = match (had, header.is_some()) {
                // A header no row follows keeps its names (when they say more than "time").
                (false, true) if drafts.len() == count => cells
                    .iter()
                    .any(|c| {
                        let bare = c.split('(').next().unwrap_or("").trim().to_lowercase();
                        !bare.is_empty() && !GENERIC_COLUMNS.contains(&bare.as_str())
                    })
                    .then(|| cells.join(" | ")),
                _ => None,
            };
            continue;
        }
        // A table's header names its columns until something else than a row follows.
        header = None;
        if let Some(h) = unused_header.take() {
            b.untimed += 1;
            drafts.push(Draft { lines: vec![h], ..Draft::default() });
        }
        if let Some(item) = scan::list_item(line) {
            if let Some(ci) = current_indent
                && item.indent >= ci
            {
                if was_blank {
                    continuation(&mut drafts, "");
                }
                continuation(&mut drafts, line.trim());
                continue;
            }
            let content_indent = item.indent + 2;
            start(b, &mut drafts, &mut date, item.content, Some(content_indent), false);
            continue;
        }
        let ind = scan::indent(line);
        if let Some(ci) = current_indent
            && ind >= ci.min(2)
        {
            if was_blank {
                continuation(&mut drafts, "");
            }
            continuation(&mut drafts, line.trim());
            continue;
        }
        let t = line.trim();
        let continues = drafts
            .last()
            .is_some_and(|d| !d.date_row && ((!was_blank && d.item_indent.is_none()) || d.heading));
        if times::leading_time(t).is_none() && date_only(t).is_none() && continues {
            if was_blank {
                continuation(&mut drafts, "");
            }
            continuation(&mut drafts, t);
            continue;
        }
        start(b, &mut drafts, &mut date, t, None, false);
    }
    if let Some(h) = unused_header {
        b.untimed += 1;
        drafts.push(Draft { lines: vec![h], ..Draft::default() });
    }
    for d in drafts {
        if d.date_row && d.lines.is_empty() {
            continue;
        }
        let mut lines = d.lines;
        while lines.last().is_some_and(String::is_empty) {
            lines.pop();
        }
        // Hard breaks written by the export.
        for k in 0..lines.len().saturating_sub(1) {
            if !lines[k + 1].is_empty() && lines[k].ends_with('\\') {
                lines[k].pop();
                let keep = lines[k].trim_end().len();
                lines[k].truncate(keep);
            }
        }
        let (kind, key_moment) = tags(&mut lines);
        while lines.last().is_some_and(String::is_empty) {
            lines.pop();
        }
        let mut text = unescape::inline_text(&lines);
        if let Some((c, rest)) = unescape::leading_reference(&text) {
            text = format!("{c}{rest}");
        }
        unguard_tags(&mut text);
        b.doc.timeline.push(TimelineEntry {
            time: unescape::literal(&d.time),
            text,
            kind,
            key_moment,
            ..TimelineEntry::default()
        });
    }
}

fn continuation(drafts: &mut [Draft], line: &str) {
    if let Some(d) = drafts.last_mut() {
        if line.is_empty() && d.lines.last().is_none_or(String::is_empty) {
            return;
        }
        d.lines.push(line.to_owned());
    }
}

/// Starts an entry from a line's text (list marker or `#` already removed).
fn start(
    b: &mut Builder,
    drafts: &mut Vec<Draft>,
    date: &mut Option<(String, usize)>,
    text: &str,
    item_indent: Option<usize>,
    heading: bool,
) {
    let text = text.trim();
    if let Some((time, rest)) = time_of(text, b.strict) {
        let time = dated(date, drafts, time);
        let lines = if rest.is_empty() { Vec::new() } else { vec![rest.to_owned()] };
        drafts.push(Draft { time, lines, heading, item_indent, ..Draft::default() });
        return;
    }
    if let Some(day) = date_only(text) {
        let day = day.to_owned();
        drafts.push(Draft {
            lines: vec![text.to_owned()],
            heading,
            item_indent,
            date_row: true,
            ..Draft::default()
        });
        *date = Some((day, drafts.len() - 1));
        return;
    }
    let zone_note = zone_sentence(text).filter(|_| !b.strict);
    if let Some(z) = zone_note
        && b.doc.zone.is_empty()
    {
        b.doc.zone = z.to_owned();
    }
    if zone_note.is_none() {
        b.untimed += 1;
    }
    drafts.push(Draft { lines: vec![text.to_owned()], heading, item_indent, ..Draft::default() });
}

/// A date alone (`2024-09-02`, `**May 7, 2024**`, `__May 8:__`, `**May 7, 2024**:`), without
/// its emphasis and colon (inside the emphasis or after it).
fn date_only(text: &str) -> Option<&str> {
    let bare = text.trim().trim_end_matches(':').trim_end();
    let bare = match ["**", "__", "*", "_"].iter().find(|w| bare.starts_with(**w)) {
        Some(w) => bare.strip_prefix(w)?.strip_suffix(w)?,
        None => bare,
    };
    let bare = bare.trim().trim_end_matches(':').trim();
    times::is_date_only(bare).then_some(bare)
}

/// The time at the start of an entry: any time [`times::leading_time`] reads, or the bold
/// label our export writes (`**morning 2:** text`: any label with a digit in it).
///
/// In our own export (`strict`) every such bold label is a time: the export writes an untimed
/// entry that starts like one with a character reference (`&#42;*Note:** …`).
pub(crate) fn time_of(text: &str, strict: bool) -> Option<(String, &str)> {
    // In our own export the bold label is the time as typed (`**9AM::**` is `9AM:`).
    if let Some(l) = times::leading_time(text).filter(|_| !strict || !text.starts_with("**")) {
        return Some((l.time.to_owned(), l.rest));
    }
    let inner = text.strip_prefix("**")?;
    let close = inner.find(":**")?;
    let label = &inner[..close];
    // In our own export, of any length: a time is written whatever the user typed there.
    (strict
        || (label.chars().any(|c| c.is_ascii_digit())
            && label.chars().count() <= 60
            && !label.contains("**")))
    .then(|| (label.to_owned(), inner[close + 3..].trim()))
}

/// Adds the date of the row above to a time without one, and drops that date row.
fn dated(date: &Option<(String, usize)>, drafts: &mut [Draft], time: String) -> String {
    let Some((day, row)) = date else { return time };
    let has_date = parse_moment(&time).map_or(true, |m| m.date.is_some());
    if has_date || !times::is_time(&format!("{day} {time}")) {
        return time;
    }
    if let Some(d) = drafts.get_mut(*row)
        && d.date_row
    {
        d.lines.clear();
    }
    format!("{day} {time}")
}

/// A table or tab-separated row.
fn row(
    b: &mut Builder,
    drafts: &mut Vec<Draft>,
    date: &mut Option<(String, usize)>,
    header: &mut Option<Vec<String>>,
    cells: &[&str],
) {
    let first = cells[0];
    let is_timed = time_of(first, false).is_some_and(|(_, rest)| rest.is_empty());
    let dated_time = times::is_date_only(first) && cells.get(1).is_some_and(|c| times::is_time(c));
    if header.is_none() && !is_timed && !dated_time && !times::is_date_only(first) {
        // A header row: a zone in it is the document's; names that are not generic are kept.
        let names: Vec<String> = cells.iter().map(|c| c.to_string()).collect();
        let mut odd = false;
        for (k, c) in cells.iter().enumerate() {
            if let Some(z) = times::zone_in(c)
                && b.doc.zone.is_empty()
            {
                b.doc.zone = z.to_owned();
            }
            let bare = c.split('(').next().unwrap_or("").trim().to_lowercase();
            if k < 2 && !bare.is_empty() && !GENERIC_COLUMNS.contains(&bare.as_str()) {
                odd = true;
            }
        }
        if odd {
            drafts.push(Draft { lines: vec![cells.join(" | ")], ..Draft::default() });
            b.untimed += 1;
        }
        *header = Some(names);
        return;
    }
    let (time, rest): (Option<String>, &[&str]) = if is_timed {
        (Some(first.to_owned()), &cells[1..])
    } else if dated_time {
        (Some(format!("{first} {}", cells[1])), &cells[2..])
    } else {
        (None, cells)
    };
    let mut parts: Vec<String> = Vec::new();
    for (k, c) in rest.iter().enumerate() {
        if c.is_empty() {
            continue;
        }
        let column = k + cells.len() - rest.len();
        let name = header.as_ref().and_then(|h| h.get(column)).map(|s| s.trim()).unwrap_or("");
        if parts.is_empty()
            || name.is_empty()
            || GENERIC_COLUMNS.contains(&name.to_lowercase().as_str())
        {
            parts.push(c.to_string());
        } else {
            parts.push(format!("{name}: {c}"));
        }
    }
    match time {
        Some(t) => {
            let t = dated(date, drafts, t);
            drafts.push(Draft { time: t, lines: vec![parts.join(" — ")], ..Draft::default() });
        }
        None if times::is_date_only(first) && rest.iter().skip(1).all(|c| c.is_empty()) => {
            start(b, drafts, date, first, None, false)
        }
        None => {
            b.untimed += 1;
            drafts.push(Draft { lines: vec![parts.join(" | ")], ..Draft::default() });
        }
    }
}

/// `All times in CDT.`, `Times are approximate and in EST.`: the zone, if the sentence is about
/// times.
fn zone_sentence(text: &str) -> Option<&str> {
    let lower = text.to_lowercase();
    (text.chars().count() <= 120 && (lower.contains("time") || lower.contains("zone")))
        .then(|| times::zone_in(text))
        .flatten()
}

/// The export's guard on a text that ends like its tags (`(detection)\*`): an odd run of
/// backslashes before the final `*` after `)` ends with the export's; the rest are doubled.
fn unguard_tags(text: &mut String) {
    let Some(stem) = text.strip_suffix('*') else { return };
    let n = stem.len() - stem.trim_end_matches('\\').len();
    if n % 2 == 1 && stem[..stem.len() - n].ends_with(')') {
        let keep = stem.len() - n + n / 2;
        text.truncate(keep);
        text.push('*');
    }
}

/// Whether the export must guard `line`, the last line of an entry's text, so that it is not
/// read as tags (see [`unguard_tags`]).
pub(crate) fn needs_tag_guard(line: &str) -> bool {
    let Some(stem) = line.strip_suffix('*') else { return false };
    let n = stem.len() - stem.trim_end_matches('\\').len();
    stem[..stem.len() - n].ends_with(')')
        && (n > 0 || tags(&mut [line.to_owned()]) != (None, false))
}

/// Reads the export's `*(red herring, key moment)*` at the end of an entry.
fn tags(lines: &mut [String]) -> (Option<EntryKind>, bool) {
    let Some(last) = lines.last_mut() else { return (None, false) };
    let Some(open) = last.rfind("*(") else { return (None, false) };
    if !last.ends_with(")*") || open + 2 > last.len() - 2 {
        return (None, false);
    }
    let inner = &last[open + 2..last.len() - 2];
    let mut kind = None;
    let mut key = false;
    for tag in inner.split(", ") {
        match EntryKind::ALL.iter().find(|k| k.label() == tag) {
            Some(k) if kind.is_none() && *k != EntryKind::Other => kind = Some(*k),
            _ if tag == "key moment" && !key => key = true,
            _ => return (None, false),
        }
    }
    let keep = last[..open].trim_end().len();
    last.truncate(keep);
    (kind, key)
}

#[cfg(test)]
mod tests {
    use crate::markdown::import::import;

    /// Imports `## Timeline` + `body` and shows each entry as `time | text`.
    #[track_caller]
    fn check(body: &str, expect: &[&str]) {
        let doc = import(&format!("# T\n\n## Timeline\n\n{body}")).document;
        let got: Vec<String> =
            doc.timeline.iter().map(|e| format!("{} | {}", e.time, e.text)).collect();
        assert_eq!(got, expect, "body:\n{body}");
    }

    #[test]
    fn bullets() {
        check(
            "- **14:30 UTC:** Alert\n- **14:35 UTC:** Ack",
            &["14:30 UTC | Alert", "14:35 UTC | Ack"],
        );
    }
    #[test]
    fn plain_lines() {
        check("10:30 AM: Alert!\n10:35 AM: Ack", &["10:30 AM | Alert!", "10:35 AM | Ack"]);
    }
    #[test]
    fn continuation_lines() {
        check(
            "- 16:02 Empty sets.\n  Mobile caches.\n- 16:09 Noticed",
            &["16:02 | Empty sets.\nMobile caches.", "16:09 | Noticed"],
        );
    }
    #[test]
    fn untimed_item() {
        check(
            "- 16:00 Deploy\n- Someone asks\n- 16:09 Noticed",
            &["16:00 | Deploy", " | Someone asks", "16:09 | Noticed"],
        );
    }
    #[test]
    fn table() {
        check(
            "| Time | Event | Action |\n|---|---|---|\n| 09:02 | Deployed | none |",
            &["09:02 | Deployed — Action: none"],
        );
    }
    #[test]
    fn heading_per_event() {
        check(
            "### 14:02 Deploy starts\n\nThe pipeline runs.\n\n### 14:05 Lock",
            &["14:02 | Deploy starts\n\nThe pipeline runs.", "14:05 | Lock"],
        );
    }
    #[test]
    fn date_rows() {
        check(
            "### 2024-09-02\n\n- 02:00 Runs\n\n### 2024-09-03\n\n- 03:00 Again",
            &["2024-09-02 02:00 | Runs", "2024-09-03 03:00 | Again"],
        );
    }
    #[test]
    fn bold_date_rows() {
        check(
            "**May 7, 2024**\n\n10:15 UTC — alerts fire\n\n__May 8, 2024:__\n\n- 01:40 UTC resolved",
            &["May 7, 2024 10:15 UTC | alerts fire", "May 8, 2024 01:40 UTC | resolved"],
        );
    }
    #[test]
    fn bold_date_rows_with_the_colon_outside() {
        check(
            "**May 7, 2024**:\n\n- 10:15 UTC alerts fire\n\n*May 8, 2024* :\n\n- 01:40 UTC resolved",
            &["May 7, 2024 10:15 UTC | alerts fire", "May 8, 2024 01:40 UTC | resolved"],
        );
    }
    #[test]
    fn a_heading_that_only_names_the_zone_is_no_entry() {
        let doc = import("# T\n\n## Timeline (all times UTC)\n\n- 10:15 alerts fire\n").document;
        let entries: Vec<(&str, &str)> =
            doc.timeline.iter().map(|e| (e.time.as_str(), e.text.as_str())).collect();
        assert_eq!((doc.zone.as_str(), entries), ("UTC", vec![("10:15", "alerts fire")]));
        // Other words in it are kept.
        let doc = import("# T\n\n## Timeline (UTC, from the pager log)\n\n- 10:15 alerts fire\n")
            .document;
        assert_eq!(doc.timeline.len(), 2);
    }
    #[test]
    fn unused_date_row_is_kept() {
        check(
            "2024-09-02\n2024-09-03\n- 02:00 Runs",
            &[" | 2024-09-02", "2024-09-03 02:00 | Runs"],
        );
    }
    #[test]
    fn code_block_joins_the_entry() {
        check(
            "- 01:12 Dropping\n\n```\n01:13 [warn] x\n```\n\n- 04:20 Restarted",
            &["01:12 | Dropping\n\n```\n01:13 [warn] x\n```", "04:20 | Restarted"],
        );
    }
    #[test]
    fn export_tags() {
        let doc = import("## Timeline\n\n- **15:00:** Checked the DB *(red herring, key moment)*")
            .document;
        let e = &doc.timeline[0];
        assert_eq!(
            (e.text.as_str(), e.kind, e.key_moment),
            ("Checked the DB", Some(crate::model::EntryKind::RedHerring), true)
        );
    }
}
