//! Corrective and preventive measures: tasks (`- [ ]`, `Task:`/`Owner:`/`Deadline:` groups,
//! anything with an owner or a due date, anything under `Tasks`/`TODO`/`Action items`) and
//! improvements (the other items), from bullet or numbered lists or one item per line.
//!
//! Nested items and indented lines stay with their item. A short `Label:` line groups the
//! items under it and is kept at the start of the first one. Prose that is not an item (an
//! introduction, a closing paragraph) is kept as a custom section, "Notes on <heading>".

use super::sections::Kind;
use super::{Builder, Warning, block, scan, times, unescape};
use crate::model::{Improvement, Task};

#[derive(Default)]
struct Item {
    lines: Vec<String>,
    indent: usize,
    list: bool,
    checkbox: Option<bool>,
    /// From a `Task:` line.
    pair: bool,
    owner: String,
    due: String,
}

pub(crate) fn read(b: &mut Builder, body: &[&str], kind: Kind, heading: &str) {
    let mut items: Vec<Item> = Vec::new();
    let mut notes: Vec<&str> = Vec::new();
    let mut group: Option<String> = None;
    let mut prev_blank = true;
    let mut fence: Option<(char, usize)> = None;
    let mut in_notes = false;
    let has_list = body.iter().any(|l| scan::list_item(l).is_some());
    for &line in body {
        if let Some(f) = fence {
            if scan::fence_closes(line, f) {
                fence = None;
            }
            if in_notes {
                notes.push(line)
            } else {
                add_line(&mut items, line.trim_end())
            }
            continue;
        }
        if let Some(f) = scan::fence_open(line) {
            fence = Some(f);
            in_notes = items.is_empty() || prev_blank;
            if in_notes {
                notes.push(line)
            } else {
                add_line(&mut items, line.trim())
            }
            continue;
        }
        if scan::is_blank(line) {
            prev_blank = true;
            if in_notes {
                notes.push(line);
            }
            continue;
        }
        let was_blank = std::mem::replace(&mut prev_blank, false);
        in_notes = false;
        if scan::is_rule(line) {
            continue;
        }
        // After a group's `Label:` line, indented lines start the group's items: they do not
        // continue the item above the label.
        let current = items.last().filter(|i| i.list && group.is_none()).map(|i| i.indent);
        if let Some(li) = scan::list_item(line) {
            if let Some(ci) = current
                && li.indent >= ci + 2
            {
                if was_blank {
                    add_line(&mut items, "");
                }
                add_line(&mut items, line.trim());
                continue;
            }
            let mut text = li.content.to_owned();
            if let Some(g) = group.take() {
                text = format!("{g} {text}");
            }
            items.push(Item {
                lines: vec![text],
                indent: li.indent,
                list: true,
                checkbox: li.checkbox,
                ..Item::default()
            });
            continue;
        }
        if let Some(ci) = current
            && scan::indent(line) >= ci + 2
        {
            if was_blank {
                add_line(&mut items, "");
            }
            add_line(&mut items, line.trim());
            continue;
        }
        let t = line.trim();
        if let Some((key, value)) = pair_field(t) {
            match key {
                Pair::Task => items.push(Item {
                    lines: vec![value.to_owned()],
                    pair: true,
                    ..Item::default()
                }),
                Pair::Owner | Pair::Due => {
                    if let Some(item) = items.last_mut().filter(|i| i.pair) {
                        let slot = if key == Pair::Owner { &mut item.owner } else { &mut item.due };
                        if slot.is_empty() {
                            *slot = value.to_owned();
                            continue;
                        }
                    }
                    notes.push(line);
                }
            }
            continue;
        }
        if let Some(label) = scan::label_line(t).filter(|l| l.split_whitespace().count() <= 6) {
            group = Some(format!("{label}:"));
            continue;
        }
        if has_list && !was_blank && current.is_some() {
            add_line(&mut items, t);
            continue;
        }
        if is_prose(t) || (has_list && current.is_none() && items.is_empty()) {
            notes.push(line);
            in_notes = true;
            continue;
        }
        let mut text = t.to_owned();
        if let Some(g) = group.take() {
            text = format!("{g} {text}");
        }
        items.push(Item { lines: vec![text], ..Item::default() });
    }
    if let Some(g) = &group {
        notes.push(g);
    }
    for mut item in items {
        while item.lines.last().is_some_and(String::is_empty) {
            item.lines.pop();
        }
        for k in 0..item.lines.len().saturating_sub(1) {
            if !item.lines[k + 1].is_empty() && item.lines[k].ends_with('\\') {
                item.lines[k].pop();
                let keep = item.lines[k].trim_end().len();
                item.lines[k].truncate(keep);
            }
        }
        // The export writes them at the end of the first line; people at the very end. A list
        // of improvements has none, and ` ()` is the export's mark of a task whose text only
        // looks like it has some.
        let guarded = item.lines.first_mut().is_some_and(|f| {
            let had = f.ends_with(" ()");
            if had {
                f.truncate(f.len() - 3);
            }
            had
        });
        let (mut owner, mut due) = (String::new(), String::new());
        if kind != Kind::Improvements && !guarded {
            if let Some(first) = item.lines.first_mut() {
                (owner, due) = owner_and_due(first);
            }
            if owner.is_empty() && due.is_empty() && item.lines.len() > 1 {
                (owner, due) = item.lines.last_mut().map(owner_and_due).unwrap_or_default();
            }
        }
        let owner = if item.owner.is_empty() { owner } else { item.owner };
        let due = if item.due.is_empty() { due } else { item.due };
        let is_task = kind == Kind::Tasks
            || item.checkbox.is_some()
            || item.pair
            || !owner.is_empty()
            || !due.is_empty();
        let text = unescape::inline_text(&item.lines);
        if is_task && kind != Kind::Improvements || item.checkbox.is_some() {
            b.doc.tasks.push(Task {
                text,
                owner: unescape::literal(&owner),
                due: unescape::literal(&due),
                done: item.checkbox.unwrap_or(false),
                ..Task::default()
            });
        } else {
            b.doc.improvements.push(Improvement { text, ..Improvement::default() });
        }
    }
    let text = block(&notes);
    if !text.is_empty() {
        b.warn(Warning::MeasuresNotes(heading.to_owned()));
        b.custom(format!("Notes on {heading}"), text);
    }
}

/// Whether a task's text (its first and last lines, as exported) would give an owner or a due
/// date to the importer, or ends with its ` ()` mark: the export then adds ` ()`.
pub(crate) fn needs_details_guard(first: &str, last: Option<&str>) -> bool {
    if first.ends_with(" ()") {
        return true;
    }
    let found = |line: &str| {
        let (o, d) = owner_and_due(&mut line.to_owned());
        !o.is_empty() || !d.is_empty()
    };
    found(first) || last.is_some_and(found)
}

/// The owner and due date the importer reads off a task's exported line (unescaped).
pub(crate) fn details_of(line: &str) -> (String, String) {
    let (o, d) = owner_and_due(&mut line.to_owned());
    (unescape::literal(&o), unescape::literal(&d))
}

fn add_line(items: &mut [Item], line: &str) {
    if let Some(i) = items.last_mut() {
        if line.is_empty() && i.lines.last().is_none_or(String::is_empty) {
            return;
        }
        i.lines.push(line.to_owned());
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Pair {
    Task,
    Owner,
    Due,
}

/// `Task: …`, `Owner: …`, `Deadline: …` lines.
fn pair_field(line: &str) -> Option<(Pair, &str)> {
    let (label, value) = line.split_once(':')?;
    let value = value.trim();
    if value.is_empty() {
        return None;
    }
    let key = match label.trim().trim_matches('*').trim().to_lowercase().as_str() {
        "task" | "action" | "action item" => Pair::Task,
        "owner" | "assignee" | "responsible" | "dri" => Pair::Owner,
        "deadline" | "due" | "due date" | "target date" => Pair::Due,
        _ => return None,
    };
    Some((key, value))
}

/// A line that is prose, not an item: an introduction ending with a colon, or a long paragraph
/// of several sentences.
fn is_prose(line: &str) -> bool {
    let words = line.split_whitespace().count();
    let sentences = line.matches(". ").count() + usize::from(line.ends_with('.'));
    (words > 6 && line.ends_with(':')) || (sentences >= 2 && words >= 25)
}

fn owner_word(key: &str) -> bool {
    matches!(
        key.trim().trim_matches('*').to_lowercase().as_str(),
        "owner" | "owners" | "assignee" | "responsible" | "responsable" | "dri" | "担当" | "负责人"
    )
}

fn due_word(key: &str) -> bool {
    matches!(
        key.trim().trim_matches('*').to_lowercase().as_str(),
        "due" | "deadline" | "due date" | "by" | "target" | "échéance" | "fecha"
    )
}

/// Reads one `owner: X` / `due Y` / `@handle` / date part; `None` if the part is something else.
fn part(p: &str) -> Option<(bool, String)> {
    let p = p.trim();
    if let Some((k, v)) = p.split_once(':').or_else(|| p.split_once('：')) {
        let v = v.trim();
        if owner_word(k) && !v.is_empty() {
            return Some((true, v.to_owned()));
        }
        if due_word(k) && !v.is_empty() {
            return Some((false, v.to_owned()));
        }
    }
    if let Some((k, v)) = p.split_once(' ')
        && due_word(k)
        && !v.trim().is_empty()
    {
        return Some((false, v.trim().to_owned()));
    }
    if p.starts_with('@') && p.len() > 1 && !p.contains(' ') {
        return Some((true, p.to_owned()));
    }
    if times::is_date_only(p) {
        return Some((false, p.to_owned()));
    }
    None
}

/// Takes an owner and a due date off the end of an item's text: `(owner: Ada, due 2024-07-01)`,
/// `— @mina — 2024-04-05`, `— Owner: Sam — Due: 2024-02-10`, `Owner: Priya. Due: 2024-06-14.`,
/// tab-separated columns.
fn owner_and_due(text: &mut String) -> (String, String) {
    let (mut owner, mut due) = (String::new(), String::new());
    let assign = |(is_owner, v): (bool, String), owner: &mut String, due: &mut String| {
        let slot = if is_owner { owner } else { due };
        if slot.is_empty() {
            *slot = v;
            true
        } else {
            false
        }
    };
    // A trailing parenthesis.
    if text.ends_with(')')
        && let Some(open) = text.rfind('(')
    {
        let inner = &text[open + 1..text.len() - 1];
        // `owner: Ada, due June 5, 2024`: a piece that reads as nothing continues the one before.
        let mut groups: Vec<String> = Vec::new();
        // `;` separates only before a space (`&#49;` is a character reference).
        let pieces = inner.split(',').flat_map(|p| p.split("; "));
        for piece in pieces {
            match groups.last_mut() {
                Some(last) if part(piece).is_none() => {
                    last.push(',');
                    last.push_str(piece);
                }
                _ => groups.push(piece.to_owned()),
            }
        }
        let parts: Option<Vec<(bool, String)>> = groups.iter().map(|g| part(g)).collect();
        if let Some(parts) = parts
            && !parts.is_empty()
        {
            for p in parts {
                assign(p, &mut owner, &mut due);
            }
            let keep = text[..open].trim_end().len();
            text.truncate(keep);
            return (owner, due);
        }
    }
    // Trailing segments after dashes or tabs, or sentences.
    loop {
        let cut = ["\t", " — ", " – ", " - ", ". "]
            .iter()
            .filter_map(|sep| text.rfind(sep).map(|i| (i, sep.len(), *sep)))
            .max_by_key(|(i, _, _)| *i);
        let Some((at, len, sep)) = cut else { break };
        let segment = text[at + len..].trim().trim_end_matches('.');
        let Some(p) = part(segment) else { break };
        if !assign(p, &mut owner, &mut due) {
            break;
        }
        let keep = if sep == ". " { at + 1 } else { at };
        text.truncate(keep);
        let trimmed = text.trim_end().len();
        text.truncate(trimmed);
    }
    // A whole text that is `Owner: X.` etc. is not an item's text: nothing more to do.
    (owner, due)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[track_caller]
    fn check(text: &str, expect: (&str, &str, &str)) {
        let mut t = text.to_owned();
        let (o, d) = owner_and_due(&mut t);
        assert_eq!((t.as_str(), o.as_str(), d.as_str()), expect, "text: {text:?}");
    }

    #[test]
    fn export_shape() {
        check("Patch (owner: Ada, due 2024-07-01)", ("Patch", "Ada", "2024-07-01"));
        check("(owner: @sre\\_team)", ("", "@sre\\_team", ""));
    }
    #[test]
    fn parenthesis_variants() {
        check(
            "Restore pool (owner: @mina, due: 2024-03-12)",
            ("Restore pool", "@mina", "2024-03-12"),
        );
        check("Add check (@devon, 2024-05-02)", ("Add check", "@devon", "2024-05-02"));
        check("Valider (responsable : Élodie)", ("Valider", "Élodie", ""));
        check("Jitter (担当: 佐藤)", ("Jitter", "佐藤", ""));
        check("Upgrade (see RFC 12)", ("Upgrade (see RFC 12)", "", ""));
    }
    #[test]
    fn dashes_and_sentences() {
        check("Lower TTL — @mina — 2024-04-05", ("Lower TTL", "@mina", "2024-04-05"));
        check("Lint — Owner: Sam — Due: 2024-02-10", ("Lint", "Sam", "2024-02-10"));
        check("Add reset. Owner: Priya. Due: 2024-06-14.", ("Add reset.", "Priya", "2024-06-14"));
        check("Limit\t@ops\t2024-08-01", ("Limit", "@ops", "2024-08-01"));
        check("Roll back - fast", ("Roll back - fast", "", ""));
    }
    #[test]
    fn prose() {
        assert!(is_prose(
            "To prevent similar outages in the future, the following actions will be implemented:"
        ));
        assert!(!is_prose("Code Review: We're beefing up our code reviews."));
    }
}
