//! The action items as CSV, for a tracker's import (Jira, Linear, GitHub Projects): one header
//! row, `title,description,owner,due,done`, then one row per task.
//!
//! RFC 4180: fields are separated by commas; a field with a comma, a quote, a line break or a
//! leading/trailing space is quoted, its quotes doubled; every line break (between records and
//! inside fields) is CRLF. No byte-order mark: trackers read UTF-8, and some take a BOM for part
//! of the first column's name.

use crate::model::{Postmortem, Task, title};

/// The columns, in order.
pub const HEADER: [&str; 5] = ["title", "description", "owner", "due", "done"];

/// `doc`'s tasks as CSV (see the module docs); a task with no text, owner or due date is left
/// out. A task's title is its bold title (`**Title:** description`) or else its first line;
/// the description is the rest of its text, as written (Markdown, which the trackers show).
/// `done` is `true` or `false`.
pub fn tasks_csv(doc: &Postmortem) -> String {
    let mut out = String::new();
    row(&mut out, HEADER);
    for task in &doc.tasks {
        if task.text.trim().is_empty() && task.owner.trim().is_empty() && task.due.trim().is_empty()
        {
            continue;
        }
        let (title, description) = title_and_description(task);
        row(
            &mut out,
            [
                title.as_str(),
                description.as_str(),
                task.owner.trim(),
                task.due.trim(),
                if task.done { "true" } else { "false" },
            ],
        );
    }
    out
}

/// A task's title and description (see [`tasks_csv`]).
fn title_and_description(task: &Task) -> (String, String) {
    let text = task.text.trim();
    let (t, rest) = title::split(text);
    if !t.is_empty() {
        return (t.trim().to_owned(), rest.trim().to_owned());
    }
    match text.split_once('\n') {
        Some((first, rest)) => (first.trim().to_owned(), rest.trim().to_owned()),
        None => (text.to_owned(), String::new()),
    }
}

fn row<'a>(out: &mut String, cells: impl IntoIterator<Item = &'a str>) {
    for (i, cell) in cells.into_iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        field(out, cell);
    }
    out.push_str("\r\n");
}

/// One field, neutralised and quoted as needed.
///
/// Formula injection: a spreadsheet opening the file runs a cell that starts with `=`, `+`,
/// `-` or `@` (and, in some, a tab or carriage return) as a formula (`=HYPERLINK(…)`,
/// `=cmd|…`). Such a cell gets a leading `'`, which spreadsheets hide and trackers show as
/// typed: a task written `-` first or `=` first stays readable and runs nothing (OWASP's
/// advice for CSV injection).
fn field(out: &mut String, cell: &str) {
    let cell = cell.replace("\r\n", "\n").replace('\r', "\n").replace('\n', "\r\n");
    let guard = cell.starts_with(['=', '+', '-', '@', '\t', '\r']);
    let quote = guard
        || cell.contains([',', '"', '\r', '\n'])
        || cell.starts_with(' ')
        || cell.ends_with(' ');
    if quote {
        out.push('"');
    }
    if guard {
        out.push('\'');
    }
    out.push_str(&cell.replace('"', "\"\""));
    if quote {
        out.push('"');
    }
}

/// The CSV file's name: the Markdown's name with `-actions.csv` (`2024-06-05-slug-actions.csv`).
pub fn file_name(doc: &Postmortem) -> String {
    let md = super::export::file_name(doc);
    format!("{}-actions.csv", md.trim_end_matches(".md"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Id;

    fn with_tasks(tasks: &[(&str, &str, &str, bool)]) -> Postmortem {
        let mut doc = Postmortem::default();
        for (i, (text, owner, due, done)) in tasks.iter().enumerate() {
            doc.tasks.push(Task {
                id: Id(i as u64 + 1),
                text: (*text).to_owned(),
                owner: (*owner).to_owned(),
                due: (*due).to_owned(),
                done: *done,
            });
        }
        doc.next_id = tasks.len() as u64 + 1;
        doc
    }

    #[track_caller]
    fn check(tasks: &[(&str, &str, &str, bool)], rows: &[&str]) {
        let csv = tasks_csv(&with_tasks(tasks));
        let mut expected = String::from("title,description,owner,due,done\r\n");
        for r in rows {
            expected.push_str(r);
            expected.push_str("\r\n");
        }
        assert_eq!(csv, expected);
    }

    #[test]
    fn header_only_without_tasks() {
        check(&[], &[]);
    }

    #[test]
    fn plain_tasks_are_plain_rows() {
        check(
            &[("Add a canary", "Ana", "2024-07-01", true), ("Write the runbook", "", "", false)],
            &["Add a canary,,Ana,2024-07-01,true", "Write the runbook,,,,false"],
        );
    }

    #[test]
    fn a_bold_title_or_the_first_line_is_the_title() {
        check(
            &[
                ("**Canary:** deploy to 1% first", "", "", false),
                ("Rotate keys\nall of them, quarterly", "", "", false),
            ],
            &[
                "Canary,deploy to 1% first,,,false",
                "Rotate keys,\"all of them, quarterly\",,,false",
            ],
        );
    }

    #[test]
    fn commas_quotes_and_line_breaks_are_quoted() {
        check(
            &[("Say \"no\", then yes", "Ops, EU", "", false)],
            &["\"Say \"\"no\"\", then yes\",,\"Ops, EU\",,false"],
        );
        check(
            &[("**T:** one\r\ntwo\nthree", "", "", false)],
            &["T,\"one\r\ntwo\r\nthree\",,,false"],
        );
    }

    #[test]
    fn non_ascii_is_kept() {
        check(
            &[("Réparer le cache 🔥", "Zoë Ødegård", "", false)],
            &["Réparer le cache 🔥,,Zoë Ødegård,,false"],
        );
    }

    #[test]
    fn formulas_are_neutralised() {
        check(
            &[
                ("=HYPERLINK(\"http://x\",\"y\")", "+1 555", "-5", false),
                ("@SUM(A1)", "", "", false),
            ],
            &[
                "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\",,\"'+1 555\",\"'-5\",false",
                "\"'@SUM(A1)\",,,,false",
            ],
        );
    }

    #[test]
    fn empty_tasks_are_left_out() {
        check(&[("  ", "", "", false), ("", "Bo", "", false)], &[",,Bo,,false"]);
    }

    #[test]
    fn the_file_name_follows_the_markdown() {
        let doc = Postmortem { title: "Disk full".to_owned(), ..Postmortem::default() };
        assert_eq!(file_name(&doc), "disk-full-actions.csv");
    }
}
