//! What an import recognised, for the outcome panel: the title, the date, the start and end
//! with the duration, the share of users, the timeline (entries, and how many are timed), the
//! tasks and improvements, and the sections kept as custom sections — each with the place in
//! the form where it now lives, so the shell can link to it. Pure: the shell only renders it.

use crate::model::resolve::resolve_fixed;
use crate::model::time::duration_in_words;
use crate::model::{Id, Postmortem, TextField};

/// Where a recognised fact lives in the form.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Place {
    /// A document field's input.
    Field(TextField),
    /// The share of users affected.
    UsersAffected,
    /// The timeline section.
    Timeline,
    /// The corrective and preventive measures section.
    Measures,
    /// A custom section's heading.
    Section(Id),
}

/// One line of the panel: what it is, what was read, and where it is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fact {
    /// What it is (`Title`, `Start – end`...).
    pub label: String,
    /// What was read, in words.
    pub value: String,
    /// Where it lives in the form.
    pub place: Place,
}

/// What an import recognised and what it kept aside.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Recognised {
    /// The facts read into their fields, in form order.
    pub facts: Vec<Fact>,
    /// What was looked for and not found (`date`, `start and end`...).
    pub missing: Vec<&'static str>,
    /// Sections kept as custom sections, by heading.
    pub kept: Vec<Fact>,
}

fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// What `doc`, just imported, holds.
pub fn recognised(doc: &Postmortem) -> Recognised {
    let mut r = Recognised::default();
    let mut fact = |label: &str, value: String, place: Place| {
        r.facts.push(Fact { label: label.to_owned(), value, place });
    };
    let title = doc.title.trim();
    if !title.is_empty() {
        fact("Title", title.to_owned(), Place::Field(TextField::Title));
    }
    let date = doc.date.trim();
    if !date.is_empty() {
        fact("Date", date.to_owned(), Place::Field(TextField::Date));
    }
    let (start, end) = (doc.start.trim(), doc.end.trim());
    if !start.is_empty() || !end.is_empty() {
        let mut value = match (start.is_empty(), end.is_empty()) {
            (false, false) => format!("{start} – {end}"),
            (false, true) => format!("from {start}"),
            _ => format!("until {end}"),
        };
        if let Some(d) = resolve_fixed(doc).duration().filter(|d| *d >= 0) {
            value.push_str(&format!(" ({})", duration_in_words(d)));
        }
        let place = Place::Field(if start.is_empty() { TextField::End } else { TextField::Start });
        fact("Start – end", value, place);
    }
    if let Some(p) = doc.users_affected {
        fact("Users affected", p.to_string(), Place::UsersAffected);
    }
    if !doc.timeline.is_empty() {
        let timed = doc.timeline.iter().filter(|e| !e.time.trim().is_empty()).count();
        let n = doc.timeline.len();
        fact(
            "Timeline",
            format!("{}, {timed} with a time", count(n, "entry", "entries")),
            Place::Timeline,
        );
    }
    if !doc.tasks.is_empty() {
        fact("Tasks", count(doc.tasks.len(), "task", "tasks"), Place::Measures);
    }
    if !doc.improvements.is_empty() {
        fact(
            "Improvements",
            count(doc.improvements.len(), "improvement", "improvements"),
            Place::Measures,
        );
    }
    for (missing, label) in [
        (title.is_empty(), "title"),
        (date.is_empty() && !dated(&doc.start), "date"),
        (start.is_empty() || end.is_empty(), "start and end"),
        (doc.timeline.is_empty(), "timeline"),
        (doc.tasks.is_empty() && doc.improvements.is_empty(), "tasks or improvements"),
    ] {
        if missing {
            r.missing.push(label);
        }
    }
    let holds = doc.template.template();
    for s in &doc.custom_sections {
        if holds.holds_part(doc, s.id) {
            continue;
        }
        let heading = s.heading.trim();
        let label = if heading.is_empty() { "Untitled section" } else { heading };
        let words = s.body.split_whitespace().count();
        r.kept.push(Fact {
            label: label.to_owned(),
            value: count(words, "word", "words"),
            place: Place::Section(s.id),
        });
    }
    r
}

fn dated(start: &str) -> bool {
    crate::model::time::parse_moment(start).is_ok_and(|m| m.date.is_some())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::markdown::import;

    fn show(r: &Recognised) -> Vec<String> {
        let mut out: Vec<String> =
            r.facts.iter().map(|f| format!("{}: {} @ {:?}", f.label, f.value, f.place)).collect();
        out.extend(r.kept.iter().map(|f| format!("kept {}: {} @ {:?}", f.label, f.value, f.place)));
        out.push(format!("missing: {}", r.missing.join(", ")));
        out
    }

    #[test]
    fn says_what_a_file_gave() {
        let doc = import(
            "# Disk full\n\n## Summary\n\nFrom 2:00 AM to 6:30 AM UTC on June 5, 2024, uploads failed for 25% of users.\n\n## Timeline\n\n- 2:00 AM UTC: Errors.\n- Someone looked.\n- 6:30 AM UTC: Fixed.\n\n## Corrective and preventive measures\n\n- [ ] Alert on disk\n- Delete old files\n\n## Attendees\n\nAda, Grace\n",
        )
        .document;
        let entries = doc.custom_sections.iter().map(|s| s.id).collect::<Vec<_>>();
        assert_eq!(
            show(&recognised(&doc)),
            vec![
                "Title: Disk full @ Field(Title)".to_owned(),
                "Date: June 5, 2024 @ Field(Date)".to_owned(),
                "Start – end: 2:00 AM – 6:30 AM UTC (4 hours and 30 minutes) @ Field(Start)"
                    .to_owned(),
                "Users affected: 25% @ UsersAffected".to_owned(),
                "Timeline: 3 entries, 2 with a time @ Timeline".to_owned(),
                "Tasks: 1 task @ Measures".to_owned(),
                "Improvements: 1 improvement @ Measures".to_owned(),
                format!("kept Attendees: 2 words @ Section({:?})", entries[0]),
                "missing: ".to_owned(),
            ]
        );
    }

    #[test]
    fn says_what_is_missing() {
        let doc = import("Some notes without any structure.\n").document;
        let r = recognised(&doc);
        assert!(r.facts.is_empty());
        assert_eq!(
            r.missing,
            ["title", "date", "start and end", "timeline", "tasks or improvements"]
        );
    }
}
