//! Validation: what a reviewer would point out, as a list of [`Finding`] values.
//!
//! Validation never fails and never panics: any document, however broken, gives a list (empty
//! when there is nothing to say). Findings are data — a kind to match on, the part of the
//! document concerned, and a message for people — so the UI can show each one next to its field
//! and tests can compare them. They are in document order.

use super::resolve::{Instant, Resolved, resolve};
use super::time::{TimeError, ZoneResolver, duration_in_words, parse_date};
use super::{Id, ItemField, List, Postmortem, TextField};

/// What kind of problem a finding reports.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum FindingKind {
    /// A time, date or zone that cannot be read (or whose zone cannot be resolved).
    Unreadable,
    /// The incident ends before it starts.
    EndBeforeStart,
    /// A timeline entry before the start or after the end of the incident.
    OutsideWindow,
    /// A timeline entry earlier than the entry above it.
    OutOfOrder,
    /// A timeline entry without a date, in an incident that lasted more than a day.
    NeedsDate,
    /// A field every postmortem has (title, date, start, end) or a section the document's
    /// template requires is empty ([`super::template::Template::gaps`]).
    Missing,
    /// A task nobody owns.
    NoOwner,
    /// A severity that is not one of the document's levels.
    UnknownSeverity,
}

/// The part of the document a finding concerns.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Target {
    /// A field of the document.
    Field(TextField),
    /// A whole list (e.g. an empty timeline).
    List(List),
    /// A list item.
    Item(Id),
    /// One field of a list item.
    ItemField(Id, ItemField),
}

/// One thing a reviewer would point out.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Finding {
    /// What kind of problem.
    pub kind: FindingKind,
    /// Where.
    pub target: Target,
    /// What to tell the user.
    pub message: String,
}

fn finding(kind: FindingKind, target: Target, message: impl Into<String>) -> Finding {
    Finding { kind, target, message: message.into() }
}

/// Checks `doc`; named zones resolve through `zones`.
pub fn validate(doc: &Postmortem, zones: &dyn ZoneResolver) -> Vec<Finding> {
    validate_resolved(doc, &resolve(doc, zones))
}

/// Checks `doc`, whose times are `resolved` (`resolve(doc, ...)`): for a caller that has them
/// already, so they are not worked out again.
pub fn validate_resolved(doc: &Postmortem, resolved: &Resolved) -> Vec<Finding> {
    let mut out = Vec::new();
    missing(doc, &mut out);
    times(doc, resolved, &mut out);
    for task in &doc.tasks {
        if task.text.trim().is_empty() && task.owner.trim().is_empty() && task.due.trim().is_empty()
        {
            continue;
        }
        if task.owner.trim().is_empty() {
            out.push(finding(
                FindingKind::NoOwner,
                Target::ItemField(task.id, ItemField::Owner),
                "This task has no owner: tasks without one tend not to get done",
            ));
        }
        if !task.due.trim().is_empty()
            && let Err(e) = parse_date(&task.due)
        {
            out.push(unreadable(Target::ItemField(task.id, ItemField::Due), &e));
        }
    }
    out
}

fn unreadable(target: Target, error: &TimeError) -> Finding {
    let mut message = error.to_string();
    // The messages are the app's own, in English: an ASCII capital (no Unicode case tables).
    if let Some(first) = message.get_mut(..1) {
        first.make_ascii_uppercase();
    }
    finding(FindingKind::Unreadable, target, message)
}

fn missing(doc: &Postmortem, out: &mut Vec<Finding>) {
    let blank = |s: &str| s.trim().is_empty();
    let mut need = |empty: bool, target: Target, message: &str| {
        if empty {
            out.push(finding(FindingKind::Missing, target, message));
        }
    };
    need(blank(&doc.title), Target::Field(TextField::Title), "The postmortem has no title");
    let start_dated = parse_start_has_date(doc);
    need(
        blank(&doc.date) && !start_dated,
        Target::Field(TextField::Date),
        "The incident date is missing",
    );
    need(blank(&doc.start), Target::Field(TextField::Start), "When did the incident start?");
    need(blank(&doc.end), Target::Field(TextField::End), "When did the incident end?");
    // The template's sections: one place decides what is missing (`Template::gaps`).
    for gap in doc.template.template().gaps(doc) {
        out.push(finding(FindingKind::Missing, gap.target, gap.message));
    }
    let severity = doc.severity.trim();
    if !severity.is_empty() && !doc.severity_levels.iter().any(|l| l.trim() == severity) {
        out.push(finding(
            FindingKind::UnknownSeverity,
            Target::Field(TextField::Severity),
            format!(
                "“{severity}” is not one of the severity levels ({})",
                doc.severity_levels.join(", ")
            ),
        ));
    }
}

fn parse_start_has_date(doc: &Postmortem) -> bool {
    super::time::parse_moment(&doc.start).is_ok_and(|m| m.date.is_some())
}

fn times(doc: &Postmortem, r: &Resolved, out: &mut Vec<Finding>) {
    if let Some(Err(e)) = &r.date {
        out.push(unreadable(Target::Field(TextField::Date), e));
    }
    // A bad document zone makes every time without a zone unreadable: say it once.
    let zone_error = match &r.zone {
        Some(Err(e)) => {
            out.push(unreadable(Target::Field(TextField::Zone), e));
            Some(e)
        }
        _ => None,
    };
    let report = |res: &Option<Result<Instant, TimeError>>| match res {
        Some(Err(e)) if Some(e) != zone_error => Some(e.clone()),
        _ => None,
    };
    if let Some(e) = report(&r.start) {
        out.push(unreadable(Target::Field(TextField::Start), &e));
    }
    if let Some(e) = report(&r.end) {
        out.push(unreadable(Target::Field(TextField::End), &e));
    }
    let (start, end) = (r.start(), r.end());
    if let (Some(s), Some(e)) = (start, end)
        && e < s
    {
        out.push(finding(
            FindingKind::EndBeforeStart,
            Target::Field(TextField::End),
            format!("The incident ends {} before it starts", duration_in_words(s - e)),
        ));
    }
    let long = r.duration().is_some_and(|d| d > 86_400);
    let mut previous: Option<Instant> = None;
    for (entry, time) in doc.timeline.iter().zip(&r.entries) {
        if let Some(e) = report(&time.instant) {
            out.push(unreadable(Target::ItemField(entry.id, ItemField::Time), &e));
        }
        let Some(Ok(at)) = time.instant else { continue };
        let target = Target::Item(entry.id);
        if let Some(s) = start.filter(|s| at < *s) {
            out.push(finding(
                FindingKind::OutsideWindow,
                target,
                format!("This happened {} before the incident started", duration_in_words(s - at)),
            ));
        } else if let Some(e) = end.filter(|e| at > *e && *e >= start.unwrap_or(i64::MIN)) {
            out.push(finding(
                FindingKind::OutsideWindow,
                target,
                format!("This happened {} after the incident ended", duration_in_words(at - e)),
            ));
        }
        if let Some(p) = previous.filter(|p| at < *p) {
            out.push(finding(
                FindingKind::OutOfOrder,
                target,
                format!("This is {} earlier than the entry above it", duration_in_words(p - at)),
            ));
        }
        if long && !time.dated {
            out.push(finding(
                FindingKind::NeedsDate,
                Target::ItemField(entry.id, ItemField::Time),
                "The incident lasted more than a day: give this time a date",
            ));
        }
        previous = Some(previous.map_or(at, |p| p.max(at)));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::time::FixedOnly;
    use crate::model::{Task, TimelineEntry};

    /// A complete, valid document to break one piece at a time.
    fn good() -> Postmortem {
        let mut doc = Postmortem {
            title: "Disk full".into(),
            date: "2024-06-05".into(),
            severity: "SEV2".into(),
            start: "14:30 UTC".into(),
            end: "16:45 UTC".into(),
            summary: "The disk filled up".into(),
            impact: "Uploads failed".into(),
            root_cause: "Logs filled the disk".into(),
            resolution: "We rotated the logs".into(),
            ..Postmortem::default()
        };
        doc.timeline = vec![
            TimelineEntry { id: crate::model::Id(1), ..TimelineEntry::new("14:30", "Alert") },
            TimelineEntry { id: crate::model::Id(2), ..TimelineEntry::new("16:45", "Fixed") },
        ];
        doc.tasks =
            vec![Task { id: crate::model::Id(3), owner: "Ada".into(), ..Task::new("Rotate logs") }];
        doc.next_id = 4;
        doc
    }

    /// Applies `change` to [`good`] and shows the findings, one per line, as `kind target: message`.
    #[track_caller]
    fn check(change: impl FnOnce(&mut Postmortem), expect: &str) {
        let mut doc = good();
        change(&mut doc);
        let got: Vec<String> = validate(&doc, &FixedOnly)
            .into_iter()
            .map(|f| format!("{:?} {:?}: {}", f.kind, f.target, f.message))
            .collect();
        assert_eq!(got.join("\n"), expect);
    }

    #[test]
    fn a_good_document_has_no_findings() {
        check(|_| {}, "");
    }
    #[test]
    fn end_before_start() {
        check(
            |d| d.end = "2024-06-05 13:30".into(),
            "EndBeforeStart Field(End): The incident ends 1 hour before it starts",
        );
    }
    #[test]
    fn end_after_midnight_is_not_before_start() {
        check(|d| d.end = "00:15".into(), "");
    }
    #[test]
    fn entry_before_start() {
        check(
            |d| d.timeline[0].time = "14:00".into(),
            "OutsideWindow Item(Id(1)): This happened 30 minutes before the incident started",
        );
    }
    #[test]
    fn entry_before_start_with_a_date() {
        check(
            |d| d.timeline[0].time = "2024-06-04 16:30".into(),
            "OutsideWindow Item(Id(1)): This happened 22 hours before the incident started\n\
             OutsideWindow Item(Id(2)): This happened 21 hours and 45 minutes before the incident started",
        );
    }
    #[test]
    fn entry_after_end() {
        check(
            |d| d.timeline[1].time = "17:00".into(),
            "OutsideWindow Item(Id(2)): This happened 15 minutes after the incident ended",
        );
    }
    #[test]
    fn entries_out_of_order() {
        check(
            |d| {
                d.timeline[0].time = "15:00".into();
                d.timeline[1].time = "14:40".into();
            },
            "OutOfOrder Item(Id(2)): This is 20 minutes earlier than the entry above it",
        );
    }
    #[test]
    fn unreadable_entry_time() {
        check(
            |d| d.timeline[0].time = "half past two".into(),
            "Unreadable ItemField(Id(1), Time): “half past two” is not a time: write it like 14:30, 2:15 PM, 14:30 UTC or 2024-06-05T14:30Z",
        );
    }
    #[test]
    fn unreadable_start() {
        check(
            |d| d.start = "25:00".into(),
            "Unreadable Field(Start): “25:00”: hours go from 0 to 23, or from 1 to 12 with AM or PM",
        );
    }
    #[test]
    fn a_bad_zone_is_reported_once() {
        check(
            |d| {
                d.zone = "Moon".into();
                d.start = "14:30".into();
            },
            "Unreadable Field(Zone): “Moon” is not a time zone this editor knows: write UTC, UTC+2, an abbreviation such as EST or CET, or a zone name such as Europe/Paris",
        );
    }
    #[test]
    fn unresolved_named_zone() {
        check(
            |d| d.start = "14:30 Europe/Paris".into(),
            "Unreadable Field(Start): The offset of Europe/Paris at that time is not known here",
        );
    }
    #[test]
    fn long_incident_needs_dates() {
        check(
            |d| d.end = "2024-06-07 10:00".into(),
            "NeedsDate ItemField(Id(1), Time): The incident lasted more than a day: give this time a date\n\
             NeedsDate ItemField(Id(2), Time): The incident lasted more than a day: give this time a date",
        );
    }
    #[test]
    fn missing_sections() {
        check(
            |d| *d = Postmortem::default(),
            "Missing Field(Title): The postmortem has no title\n\
             Missing Field(Date): The incident date is missing\n\
             Missing Field(Start): When did the incident start?\n\
             Missing Field(End): When did the incident end?\n\
             Missing Field(Summary): The “Issue Summary” section has no summary yet\n\
             Missing Field(Impact): The impact is not described\n\
             Missing Field(RootCause): The summary's one-line root cause is missing\n\
             Missing List(Timeline): The “Timeline” section has no entries\n\
             Missing Field(Resolution): The “Root Cause and Resolution” section is empty\n\
             Missing List(Tasks): The “Corrective and Preventative Measures” section has no measures",
        );
    }
    #[test]
    fn missing_follows_the_template() {
        use crate::model::TemplateId;
        check(
            |d| {
                d.template = TemplateId::GoogleSre;
                d.impact.clear();
                d.root_cause.clear();
            },
            "Missing Field(Impact): The “Impact” section is empty\n\
             Missing Field(RootCause): The “Root Causes” section is empty\n\
             Missing List(CustomSections): The “Trigger” section is missing\n\
             Missing Field(Detection): The “Detection” section is empty\n\
             Missing Field(WentWell): The “Lessons Learned” section is empty",
        );
        check(
            |d| {
                d.template = TemplateId::Blank;
                d.impact.clear();
                d.timeline.clear();
            },
            "",
        );
    }
    #[test]
    fn a_filled_field_is_never_missing() {
        // The one-line root cause filled, the in-depth section empty: only the section is.
        check(
            |d| d.resolution = " ".into(),
            "Missing Field(Resolution): The “Root Cause and Resolution” section is empty",
        );
        check(|d| d.resolution = "We rotated the logs".into(), "");
    }
    #[test]
    fn rows_nobody_typed_into_do_not_fill_a_section() {
        check(
            |d| {
                d.timeline = vec![TimelineEntry { id: crate::model::Id(1), ..Default::default() }];
                d.tasks = vec![Task { id: crate::model::Id(3), ..Task::default() }];
            },
            "Missing List(Timeline): The “Timeline” section has no entries\n\
             Missing List(Tasks): The “Corrective and Preventative Measures” section has no measures",
        );
        check(
            |d| d.tasks = vec![],
            "Missing List(Tasks): The “Corrective and Preventative Measures” section has no measures",
        );
        check(
            |d| {
                d.tasks = vec![];
                d.improvements = vec![crate::model::Improvement {
                    id: crate::model::Id(3),
                    text: "Rotate".into(),
                }];
            },
            "",
        );
    }
    #[test]
    fn a_dated_start_is_an_incident_date() {
        check(
            |d| {
                d.date.clear();
                d.start = "2024-06-05 14:30".into();
            },
            "",
        );
    }
    #[test]
    fn task_without_owner() {
        check(
            |d| d.tasks[0].owner = " ".into(),
            "NoOwner ItemField(Id(3), Owner): This task has no owner: tasks without one tend not to get done",
        );
    }
    #[test]
    fn empty_task_rows_are_not_reported() {
        check(|d| d.tasks.push(Task { id: crate::model::Id(9), ..Task::default() }), "");
    }
    #[test]
    fn unreadable_due_date() {
        check(
            |d| d.tasks[0].due = "next week".into(),
            "Unreadable ItemField(Id(3), Due): “next week” is not a date: write it like 2024-06-05 or June 5, 2024",
        );
    }
    #[test]
    fn unknown_severity() {
        check(
            |d| d.severity = "P0".into(),
            "UnknownSeverity Field(Severity): “P0” is not one of the severity levels (SEV1, SEV2, SEV3, SEV4)",
        );
    }
}
