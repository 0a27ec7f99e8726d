//! The customer-facing version of a postmortem: the sections the author chooses to send out,
//! without the names and notes that stay inside the team.
//!
//! What goes out, per [`Section`]: the summary (its prose, the date and the duration), the impact
//! (its text, the share of users and the services affected), the timeline's key moments, the
//! cause and resolution (root cause, then the resolution text), and the measures (improvements
//! and task texts, a finished task marked "(done)").
//!
//! What never goes out: authors, responders, task owners and due dates, the severity and
//! status, detection notes, contributing factors, lessons learned and custom sections (the
//! team's own notes), and the timeline entries that are not key moments.
//!
//! **Key moments** are the timeline entries the author marked as a key moment, and those whose
//! kind is detection, mitigation or resolution: when the customer noticed, when it got better,
//! when it was over. Investigations, escalations and red herrings are the team's story. An
//! entry's text goes out as written (a name typed into it stays: the dialog shows the version
//! before it leaves).
//!
//! The user's text is escaped as in the export (`super::escape`), so it cannot break the
//! structure.

use super::escape::{block, heading_text, inline_lines, list_item};
use super::{UNTITLED, names, shown_time};
use crate::model::resolve::resolve;
use crate::model::time::{ZoneResolver, duration_in_words};
use crate::model::{EntryKind, Postmortem, TimelineEntry};

/// A section the customer version can have.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Section {
    /// What happened, when and for how long.
    Summary,
    /// Who and what was affected.
    Impact,
    /// The timeline's key moments.
    Timeline,
    /// The root cause and how it was resolved.
    Resolution,
    /// What is being done so it does not happen again.
    Measures,
}

impl Section {
    /// Every section, in the order the version writes them.
    pub const ALL: [Section; 5] = [
        Section::Summary,
        Section::Impact,
        Section::Timeline,
        Section::Resolution,
        Section::Measures,
    ];

    /// The section's heading in the customer version (and its label in the dialog).
    pub fn heading(self) -> &'static str {
        match self {
            Section::Summary => "Summary",
            Section::Impact => "Impact",
            Section::Timeline => "Timeline",
            Section::Resolution => "Cause and resolution",
            Section::Measures => "What we are changing",
        }
    }
}

/// Which sections go out.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Choice([bool; 5]);

impl Default for Choice {
    /// Every section.
    fn default() -> Self {
        Choice([true; 5])
    }
}

impl Choice {
    /// No section.
    pub const NONE: Choice = Choice([false; 5]);

    /// Whether `section` goes out.
    pub fn has(self, section: Section) -> bool {
        self.0[section as usize]
    }

    /// The choice with `section` in or out.
    pub fn with(mut self, section: Section, on: bool) -> Choice {
        self.0[section as usize] = on;
        self
    }
}

/// Whether `entry` is a key moment (see the module docs).
pub fn is_key_moment(entry: &TimelineEntry) -> bool {
    entry.key_moment
        || matches!(
            entry.kind,
            Some(EntryKind::Detection | EntryKind::Mitigation | EntryKind::Resolution)
        )
}

/// The customer version of `doc` as Markdown, with the sections in `choice` that have something
/// to say (see the module docs). Byte-stable, `\n` line endings, one trailing newline.
pub fn version(doc: &Postmortem, choice: Choice, zones: &dyn ZoneResolver) -> String {
    let mut blocks: Vec<String> = Vec::new();
    let title = heading_text(&doc.title);
    blocks.push(format!("# {}", if title.is_empty() { UNTITLED } else { &title }));
    let mut section = |heading: &str, body: Vec<String>| {
        if !body.is_empty() {
            blocks.push(format!("## {heading}"));
            blocks.extend(body);
        }
    };
    let prose = |text: &str| block(text, 2).map(|(b, _)| b);
    let fact = |label: &str, value: String| {
        (!value.is_empty()).then(|| list_item("- ", &format!("**{label}:**"), &[value]))
    };
    for s in Section::ALL.into_iter().filter(|s| choice.has(*s)) {
        let body: Vec<String> = match s {
            Section::Summary => {
                let facts: Vec<String> = [
                    fact("Date", super::escape::literal(&doc.date)),
                    duration(doc, zones).and_then(|d| fact("Duration", d)),
                ]
                .into_iter()
                .flatten()
                .collect();
                prose(&doc.summary).into_iter().chain(list(facts)).collect()
            }
            Section::Impact => {
                let facts: Vec<String> = [
                    doc.users_affected.and_then(|p| fact("Users affected", p.to_string())),
                    fact("Services affected", names(&doc.services_affected)),
                ]
                .into_iter()
                .flatten()
                .collect();
                prose(&doc.impact).into_iter().chain(list(facts)).collect()
            }
            Section::Timeline => list(
                doc.timeline
                    .iter()
                    .filter(|e| is_key_moment(e))
                    .filter_map(|e| moment(e, &doc.zone))
                    .collect(),
            )
            .into_iter()
            .collect(),
            Section::Resolution => {
                prose(&doc.root_cause).into_iter().chain(prose(&doc.resolution)).collect()
            }
            Section::Measures => {
                let improvements = doc.improvements.iter().map(|i| inline_lines(&i.text));
                let tasks = doc.tasks.iter().map(|t| {
                    let mut lines = inline_lines(&t.text);
                    if t.done
                        && let Some(last) = lines.last_mut()
                    {
                        last.push_str(" *(done)*");
                    }
                    lines
                });
                let items = improvements
                    .chain(tasks)
                    .filter(|l| !l.is_empty())
                    .map(|l| list_item("- ", "", &l))
                    .collect();
                list(items).into_iter().collect()
            }
        };
        section(s.heading(), body);
    }
    let mut out = blocks.join("\n\n");
    out.push('\n');
    out
}

/// Items as one list block, none when there are no items.
fn list(items: Vec<String>) -> Option<String> {
    (!items.is_empty()).then(|| items.join("\n"))
}

/// "40 minutes, from 14:00 UTC to 14:40 UTC", or the part of it that is known.
fn duration(doc: &Postmortem, zones: &dyn ZoneResolver) -> Option<String> {
    let (start, end) = (doc.start.trim(), doc.end.trim());
    if start.is_empty() || end.is_empty() {
        return None;
    }
    let span = format!("from {} to {}", shown_time(start, &doc.zone), shown_time(end, &doc.zone));
    Some(match resolve(doc, zones).duration().filter(|d| *d >= 0) {
        Some(d) => format!("{}, {span}", duration_in_words(d)),
        None => span,
    })
}

/// A key moment's line: its time in bold, its text (no kind tags).
fn moment(e: &TimelineEntry, zone: &str) -> Option<String> {
    let lines = inline_lines(&e.text);
    let time = e.time.trim();
    if lines.is_empty() {
        return None;
    }
    let label =
        if time.is_empty() { String::new() } else { format!("**{}:**", shown_time(time, zone)) };
    Some(list_item("- ", &label, &lines))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::time::FixedOnly;
    use crate::model::{Id, Improvement, Percent, Task};

    fn doc() -> Postmortem {
        let mut d = Postmortem {
            title: "Checkout outage".to_owned(),
            date: "2024-06-05".to_owned(),
            authors: vec!["Priya Internal".to_owned()],
            responders: vec!["Rex Responder".to_owned()],
            severity: "SEV1".to_owned(),
            zone: "UTC".to_owned(),
            start: "14:00".to_owned(),
            end: "14:40".to_owned(),
            summary: "Payments failed.".to_owned(),
            impact: "Some orders could not be paid.".to_owned(),
            users_affected: Some(Percent::parse("12").unwrap()),
            root_cause: "A bad config.".to_owned(),
            resolution: "We rolled it back.".to_owned(),
            contributing_factors: "Nobody reviewed the change (team notes).".to_owned(),
            went_wrong: "The pager was muted.".to_owned(),
            detection: "An alert on the error rate.".to_owned(),
            ..Postmortem::default()
        };
        let entries = [
            ("14:00", "Error rate alert fired", Some(EntryKind::Detection), false),
            ("14:10", "Checked the database: fine", Some(EntryKind::RedHerring), false),
            ("14:20", "Config change found", Some(EntryKind::CauseIdentified), true),
            ("14:30", "Rolled back", Some(EntryKind::Mitigation), false),
            ("14:35", "Paged the payments team", None, false),
            ("14:40", "Payments back to normal", Some(EntryKind::Resolution), false),
        ];
        for (i, (time, text, kind, key)) in entries.into_iter().enumerate() {
            d.timeline.push(TimelineEntry {
                id: Id(i as u64 + 1),
                kind,
                key_moment: key,
                ..TimelineEntry::new(time, text)
            });
        }
        d.improvements
            .push(Improvement { id: Id(20), text: "Review every config change".to_owned() });
        d.tasks.push(Task {
            id: Id(21),
            owner: "Olga Owner".to_owned(),
            due: "2024-07-01".to_owned(),
            done: true,
            ..Task::new("Add a canary")
        });
        d.custom_sections.push(crate::model::CustomSection {
            id: Id(22),
            heading: "Internal".to_owned(),
            body: "Secret notes".to_owned(),
        });
        d.next_id = 23;
        d
    }

    #[test]
    fn the_whole_version() {
        assert_eq!(
            version(&doc(), Choice::default(), &FixedOnly),
            "# Checkout outage\n\n\
             ## Summary\n\nPayments failed.\n\n- **Date:** 2024-06-05\n- **Duration:** 40 minutes, from 14:00 UTC to 14:40 UTC\n\n\
             ## Impact\n\nSome orders could not be paid.\n\n- **Users affected:** 12%\n\n\
             ## Timeline\n\n- **14:00 UTC:** Error rate alert fired\n- **14:20 UTC:** Config change found\n- **14:30 UTC:** Rolled back\n- **14:40 UTC:** Payments back to normal\n\n\
             ## Cause and resolution\n\nA bad config.\n\nWe rolled it back.\n\n\
             ## What we are changing\n\n- Review every config change\n- Add a canary *(done)*\n"
        );
    }

    #[test]
    fn names_and_internal_notes_never_go_out() {
        let out = version(&doc(), Choice::default(), &FixedOnly);
        for internal in [
            "Priya Internal",
            "Rex Responder",
            "Olga Owner",
            "2024-07-01",
            "SEV1",
            "Draft",
            "team notes",
            "pager was muted",
            "Secret notes",
            "Internal",
            "An alert on the error rate",
            "database",
            "Paged the payments team",
        ] {
            assert!(!out.contains(internal), "{internal:?} went out:\n{out}");
        }
    }

    #[test]
    fn sections_chosen_out_are_left_out() {
        let choice =
            Choice::default().with(Section::Timeline, false).with(Section::Measures, false);
        let out = version(&doc(), choice, &FixedOnly);
        assert!(out.contains("## Summary") && out.contains("## Cause and resolution"), "{out}");
        assert!(!out.contains("## Timeline") && !out.contains("Rolled back"), "{out}");
        assert!(!out.contains("## What we are changing") && !out.contains("canary"), "{out}");
        assert_eq!(version(&doc(), Choice::NONE, &FixedOnly), "# Checkout outage\n");
    }

    #[test]
    fn empty_sections_are_left_out() {
        let d =
            Postmortem { title: "T".to_owned(), summary: "S".to_owned(), ..Postmortem::default() };
        assert_eq!(version(&d, Choice::default(), &FixedOnly), "# T\n\n## Summary\n\nS\n");
    }

    #[test]
    fn user_text_cannot_break_the_structure() {
        let mut d = doc();
        d.title = "# <script>x</script>".to_owned();
        d.summary = "# Heading\n<b>raw</b>".to_owned();
        d.timeline[0].text = "## not a heading".to_owned();
        let out = version(&d, Choice::default(), &FixedOnly);
        let html = crate::markdown::render::to_html(&out);
        assert!(!html.contains("<script") && !html.contains("<b>"), "{html}");
        assert_eq!(html.matches("<h1>").count(), 1, "{html}");
        assert_eq!(html.matches("<h2>").count(), 5, "{html}");
        assert!(html.contains("## not a heading"), "{html}");
    }
}
