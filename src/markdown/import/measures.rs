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
use std::borrow::Cow;

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
    /// Under a `Tasks:` (`Some(true)`) or `Improvements:` (`Some(false)`) sub-label, or a row
    /// of an action items table (a task).
    forced: Option<bool>,
}

/// Whether a sub-label of the corrective measures names tasks (`Tasks:`, `Specific tasks:`,
/// `Action items:`) or improvements (`Improvements:`).
fn label_kind(label: &str) -> Option<bool> {
    let l =
        label.trim().trim_matches(['*', '_']).trim().trim_end_matches(':').trim().to_lowercase();
    match l.as_str() {
        "tasks"
        | "task"
        | "specific tasks"
        | "action items"
        | "todo"
        | "to do"
        | "to-do"
        | "concrete tasks"
        | "tasks to address the issue"
        | "tickets"
        | "tareas"
        | "tâches" => Some(true),
        "improvements"
        | "improvement"
        | "general improvements"
        | "improvements to make"
        | "things to improve"
        | "mejoras"
        | "améliorations" => Some(false),
        _ => None,
    }
}

/// Whether a sub-label says nothing but what the export's own subheadings say (`Tasks:`): it
/// is then dropped; another (`Specific tasks:`) is kept at the start of its first item.
fn label_is_structure(label: &str) -> bool {
    label.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).all(|w| {
        matches!(w.to_lowercase().as_str(), "tasks" | "improvements" | "action" | "items" | "todo")
    })
}

/// A sub-label glued to the first item: `Tasks: - Add monitoring`, `**Tasks:** 1. Patch`.
fn glued_label(line: &str) -> Option<(&str, &str)> {
    let (label, rest) = line.split_once(':')?;
    label_kind(label)?;
    let rest = rest.trim_start_matches(['*', '_']).trim();
    (!rest.is_empty()).then_some((label.trim().trim_matches(['*', '_']).trim(), rest))
}

/// The cells of a table row `| a | b |`.
fn cells(line: &str) -> Vec<String> {
    let t = line.trim();
    let t = t.strip_prefix('|').unwrap_or(t);
    let t = t.strip_suffix('|').unwrap_or(t);
    t.split('|').map(|c| c.trim().to_owned()).collect()
}

/// A table's delimiter row, `|---|:--:|`.
fn is_delimiter(line: &str) -> bool {
    let t = line.trim();
    t.starts_with('|')
        && t.contains('-')
        && t.chars().all(|c| matches!(c, '|' | '-' | ':' | ' ' | '\t'))
}

/// A short cell without the punctuation that separates an owner from a due date.
fn plain(cell: &str) -> bool {
    cell.split_whitespace().count() <= 4 && !cell.contains([',', ';', '(', ')', '|', ':', '\\'])
}

/// A row of an action items table as an item: the action column is its text, the owner and
/// due columns its owner and due date, any other column kept after the text as `(Name: value)`.
/// What an action items table's column holds, by its name: 1 owner, 2 due date, 3 number,
/// 4 the action, 0 something else.
fn column_role(name: &str) -> u8 {
    let h = name.trim().trim_matches(['*', '_']).to_lowercase();
    match h.as_str() {
        "owner" | "owners" | "assignee" | "dri" | "who" | "responsible" | "responsable" => 1,
        "due" | "due date" | "deadline" | "target" | "target date" | "by" | "eta" => 2,
        "#" | "no" | "no." | "id" => 3,
        "action" | "action item" | "action items" | "item" | "task" | "description" | "what"
        | "remediation" | "fix" | "improvement" | "summary" | "title" | "name" | "details"
        | "step" | "change" | "measure" | "corrective action" | "preventive action" => 4,
        _ => 0,
    }
}

fn table_item(header: &[String], row: &[String]) -> Item {
    let roles: Vec<u8> = header.iter().map(|h| column_role(h)).collect();
    // Without column names, the action is the longest cell.
    let longest = (0..row.len()).max_by_key(|&i| row[i].len()).filter(|_| header.is_empty());
    let text_col = roles
        .iter()
        .position(|r| *r == 4)
        .or_else(|| roles.iter().position(|r| *r == 0))
        .or(longest);
    let mut item = Item { forced: Some(true), ..Item::default() };
    let mut text = String::new();
    let mut number = String::new();
    let mut extra: Vec<String> = Vec::new();
    for (i, cell) in row.iter().enumerate() {
        if cell.is_empty() {
            continue;
        }
        let name = header.get(i).map_or("", |h| h.trim());
        match (Some(i) == text_col, roles.get(i).copied().unwrap_or(0)) {
            (true, _) => text = cell.clone(),
            // An owner or a due date is a few plain words (the export writes them inside a
            // parenthesis, separated by commas).
            (_, 1) if item.owner.is_empty() && plain(cell) => item.owner = cell.clone(),
            (_, 2) if item.due.is_empty() && plain(cell) => item.due = cell.clone(),
            (_, 3) if number.is_empty() => number = format!("#{} ", cell.trim_start_matches('#')),
            _ if name.is_empty() => extra.push(cell.clone()),
            _ => extra.push(format!("{name}: {cell}")),
        }
    }
    let mut text = format!("{number}{text}").trim().to_owned();
    if !extra.is_empty() {
        text.push_str(&format!(" ({})", extra.join("; ")));
    }
    item.lines.push(text.trim().to_owned());
    item
}

pub(crate) fn read(b: &mut Builder, body: &[&str], kind: Kind, heading: &str) {
    let mut items: Vec<Item> = Vec::new();
    let mut notes: Vec<Cow<str>> = Vec::new();
    let mut group: Option<String> = None;
    let mut prev_blank = true;
    let mut fence: Option<(char, usize)> = None;
    let mut in_notes = false;
    let has_list = body.iter().any(|l| scan::list_item(l).is_some());
    let mut forced: Option<bool> = None;
    // Our own export is read by its shape: no sub-labels, glued labels or tables there.
    let loose = !b.strict;
    let mut header: Option<Vec<String>> = None;
    for (n, &line) in body.iter().enumerate() {
        if let Some(f) = fence {
            if scan::fence_closes(line, f) {
                fence = None;
            }
            if in_notes {
                notes.push(line.into())
            } else {
                add_line(&mut items, line.trim_end())
            }
            continue;
        }
        if let Some(f) = scan::fence_open(line) {
            fence = Some(f);
            in_notes = items.is_empty() || prev_blank;
            if in_notes {
                notes.push(line.into())
            } else {
                add_line(&mut items, line.trim())
            }
            continue;
        }
        if scan::is_blank(line) {
            prev_blank = true;
            if in_notes {
                notes.push(line.into());
            }
            continue;
        }
        let was_blank = std::mem::replace(&mut prev_blank, false);
        in_notes = false;
        // An action items table: a header row over its delimiter row, then one item a row.
        if loose && line.trim_start().starts_with('|') {
            if body.get(n + 1).is_some_and(|l| is_delimiter(l)) && !is_delimiter(line) {
                let names = cells(line);
                if names.iter().all(|c| column_role(c) == 0) {
                    // No column is one an action items table has: the first row is an item
                    // (a table without a header row), and no cell names a column.
                    let mut item = table_item(&[], &names);
                    if kind == Kind::Improvements {
                        item.forced = Some(false);
                    }
                    items.push(item);
                    header = Some(Vec::new());
                } else {
                    // The action's column has a name of its own ("Duration: 2 hours"): the
                    // items do not carry it, so the header row stays in the notes.
                    if !names.iter().any(|c| column_role(c) == 4) {
                        notes.push(line.into());
                    }
                    header = Some(names);
                }
                continue;
            }
            if header.is_some() && is_delimiter(line) {
                continue;
            }
            if let Some(h) = &header {
                let mut item = table_item(h, &cells(line));
                if kind == Kind::Improvements {
                    item.forced = Some(false);
                }
                items.push(item);
                continue;
            }
        } else {
            header = None;
        }
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
                forced,
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
                    notes.push(line.into());
                }
            }
            continue;
        }
        if let Some(label) = scan::label_line(t).filter(|l| l.split_whitespace().count() <= 6) {
            let k = label_kind(label).filter(|_| loose);
            if k.is_some() || forced.is_some() {
                forced = k;
            }
            if k.is_none() || !label_is_structure(label) {
                // A label no item took is text, kept where it was.
                if let Some(g) = group.replace(format!("{label}:")) {
                    notes.push(g.into());
                }
            }
            continue;
        }
        // `Tasks: - Add monitoring`: the sub-label, then the first item.
        if loose && let Some((label, rest)) = glued_label(t) {
            forced = label_kind(label);
            let (content, checkbox, list) = match scan::list_item(rest) {
                Some(li) => (li.content, li.checkbox, true),
                None => (rest, None, false),
            };
            let text = if label_is_structure(label) {
                content.to_owned()
            } else {
                format!("{label}: {content}")
            };
            items.push(Item { lines: vec![text], list, checkbox, forced, ..Item::default() });
            continue;
        }
        if has_list && !was_blank && current.is_some() {
            add_line(&mut items, t);
            continue;
        }
        if is_prose(t) || (has_list && current.is_none() && items.is_empty()) {
            // The label above the prose heads it in the notes.
            if let Some(g) = group.take() {
                notes.push(g.into());
            }
            notes.push(line.into());
            in_notes = true;
            continue;
        }
        let mut text = t.to_owned();
        if let Some(g) = group.take() {
            text = format!("{g} {text}");
        }
        items.push(Item { lines: vec![text], forced, ..Item::default() });
    }
    if let Some(g) = group {
        notes.push(g.into());
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
        let is_task = item.forced == Some(true)
            || kind == Kind::Tasks
            || item.checkbox.is_some()
            || item.pair
            || !owner.is_empty()
            || !due.is_empty();
        let text = unescape::inline_text(&item.lines);
        let is_task = match item.forced {
            // A `Tasks:` sub-label or a table row says so, whatever the heading.
            Some(true) => true,
            Some(false) => false,
            None => is_task && kind != Kind::Improvements,
        };
        if is_task || item.checkbox.is_some() {
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
    let text = block(&notes.iter().map(|n| n.as_ref()).collect::<Vec<_>>());
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
    fn task_sub_labels() {
        let doc = super::super::import(
            "# T\n\n## Corrective and preventative measures\n\nImprovements:\n- A.\n- B.\n\nSpecific tasks: - C.\n- D.\n\nTasks:\n\n- E.\n",
        )
        .document;
        let tasks: Vec<&str> = doc.tasks.iter().map(|t| t.text.as_str()).collect();
        let improvements: Vec<&str> = doc.improvements.iter().map(|t| t.text.as_str()).collect();
        assert_eq!(
            (tasks, improvements),
            (vec!["Specific tasks: C.", "D.", "E."], vec!["A.", "B."])
        );
    }
    #[test]
    fn sub_labels_over_prose_are_kept_with_their_prose() {
        // A list elsewhere in the section makes the unlisted lines notes; the labels above
        // them went nowhere (a mutated plain-text postmortem lost "Load Balancer Optimization").
        let text = "# T\n\n## Corrective and preventative measures\n\nCode Patching:\nPatch the leak.\nLoad Balancer Optimization:\nReconfigure it.\nEnhanced Monitoring:\nDeploy probes.\n- Cron job killed.\n";
        let out = super::super::import(text);
        let md = crate::markdown::export(&out.document);
        for words in ["Code Patching:", "Load Balancer Optimization:", "Enhanced Monitoring:"] {
            assert!(md.contains(words), "{words} is lost:\n{md}");
        }
        let notes = md.find("Load Balancer Optimization:").unwrap();
        assert!(md[notes..].contains("Reconfigure it."), "the label stays above its line:\n{md}");
    }
    #[test]
    fn action_item_tables() {
        let doc = super::super::import(
            "# T\n\n## Action items\n\n| # | Action | Owner | Due | Type |\n|---|---|---|---|---|\n| 1 | Add leader election | Petra | 2024-03-20 | prevent |\n| 2 | Idempotent sends | Jonas | | |\n",
        )
        .document;
        let tasks: Vec<(&str, &str, &str)> =
            doc.tasks.iter().map(|t| (t.text.as_str(), t.owner.as_str(), t.due.as_str())).collect();
        assert_eq!(
            tasks,
            vec![
                ("#1 Add leader election (Type: prevent)", "Petra", "2024-03-20"),
                ("#2 Idempotent sends", "Jonas", "")
            ]
        );
    }
    #[test]
    fn prose() {
        assert!(is_prose(
            "To prevent similar outages in the future, the following actions will be implemented:"
        ));
        assert!(!is_prose("Code Review: We're beefing up our code reviews."));
    }
}
