//! Where the document's typed times fall on the UTC line, and what follows from that: the
//! incident's duration, the timeline's order, time to detect, mitigate and resolve.
//!
//! Times are stored as typed, so they are resolved here with a few rules a reader would apply:
//!
//! - A time without a zone is in the document's zone ([`Postmortem::zone`]); without one, UTC.
//! - The start without a date is on the incident date ([`Postmortem::date`]). If neither has a
//!   date, durations are still right: a nominal date is used.
//! - The end without a date is the **first such time at or after the start**, so `23:30` →
//!   `01:15` is an incident of 1 hour 45 minutes across midnight.
//! - A timeline entry without a date is the **such time closest to the entry above it** (the
//!   start, for the first): `23:50, 00:20` crosses midnight, `14:00` with a start at 14:30 is
//!   the trigger half an hour before, and `15:00, 14:40` is out of order. An incident longer
//!   than a day should date its entries (validation says so).
//!
//! Named zones (`Europe/Paris`) resolve through the [`ZoneResolver`] the caller passes: the
//! browser shell passes one backed by `Intl`, see [`super::time`].

use super::time::{
    Date, FixedOnly, LocalDateTime, TimeError, Zone, ZoneResolver, parse_date, parse_moment,
    parse_zone,
};
use super::{EntryKind, Id, Postmortem};

/// A resolver that reads every named zone as UTC: wall-clock comparisons, right within one zone
/// except during the hour repeated when clocks go back. Used where no real resolver is at hand
/// and only order matters ([`super::Edit::SortTimeline`]).
#[derive(Clone, Copy, Debug, Default)]
pub struct WallClock;

impl ZoneResolver for WallClock {
    fn utc_offset(&self, _zone: &str, _local: LocalDateTime) -> Option<i32> {
        Some(0)
    }
}

/// The date used when a document has no date at all (only durations are meaningful then).
const NOMINAL_DATE: Date = Date { year: 2000, month: 1, day: 1 };

/// An instant: seconds since 1970-01-01T00:00Z.
pub type Instant = i64;

/// One field's resolution: `None` when the field is empty.
pub type Resolution<T> = Option<Result<T, TimeError>>;

/// A timeline entry's time, resolved.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EntryTime {
    /// The entry.
    pub id: Id,
    /// When it happened.
    pub instant: Resolution<Instant>,
    /// Whether the entry's time carries its own date.
    pub dated: bool,
}

/// The document's times, resolved.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Resolved {
    /// The incident date.
    pub date: Resolution<Date>,
    /// The document's zone.
    pub zone: Resolution<Zone>,
    /// The start of the incident.
    pub start: Resolution<Instant>,
    /// The end of the incident.
    pub end: Resolution<Instant>,
    /// The timeline entries, in document order.
    pub entries: Vec<EntryTime>,
}

impl Resolved {
    /// The start, if it resolved.
    pub fn start(&self) -> Option<Instant> {
        ok(&self.start)
    }

    /// The end, if it resolved.
    pub fn end(&self) -> Option<Instant> {
        ok(&self.end)
    }

    /// End minus start in seconds, when both resolved.
    pub fn duration(&self) -> Option<i64> {
        Some(self.end()? - self.start()?)
    }

    /// A timeline entry's instant, if it resolved.
    pub fn entry(&self, id: Id) -> Option<Instant> {
        self.entries.iter().find(|e| e.id == id).and_then(|e| ok(&e.instant))
    }
}

fn ok<T: Copy>(r: &Resolution<T>) -> Option<T> {
    r.as_ref().and_then(|r| r.as_ref().ok()).copied()
}

fn nonempty(text: &str) -> Option<&str> {
    let t = text.trim();
    (!t.is_empty()).then_some(t)
}

/// Which day a time without a date is on, relative to an anchor instant.
#[derive(Clone, Copy)]
enum Near {
    /// The first such time at or after the anchor.
    After(Option<Instant>),
    /// The such time closest to the anchor.
    Closest(Option<Instant>),
}

/// Resolves every time of `doc`; named zones go through `zones`.
pub fn resolve(doc: &Postmortem, zones: &dyn ZoneResolver) -> Resolved {
    let date = nonempty(&doc.date).map(parse_date);
    let zone = nonempty(&doc.zone).map(parse_zone);
    let default_zone: Result<Zone, TimeError> = match &zone {
        None => Ok(Zone::Offset(0)),
        Some(z) => z.clone(),
    };
    let base_date = date.as_ref().and_then(|d| d.as_ref().ok()).copied();

    let start = nonempty(&doc.start).map(|t| {
        let m = parse_moment(t)?;
        let zone = m.zone.map_or_else(|| default_zone.clone(), Ok)?;
        let day = m.date.or(base_date).unwrap_or(NOMINAL_DATE);
        zone.instant(LocalDateTime { date: day, time: m.time }, zones)
    });
    let start_ok = ok(&start);
    // Places a typed time: on its own date if it has one, else on the day `near` says.
    let place = |text: &str, near: Near| -> Result<(Instant, bool), TimeError> {
        let m = parse_moment(text)?;
        let zone = m.zone.map_or_else(|| default_zone.clone(), Ok)?;
        let at = |day: Date| zone.instant(LocalDateTime { date: day, time: m.time }, zones);
        if let Some(day) = m.date {
            return Ok((at(day)?, true));
        }
        let anchor = match near {
            Near::After(Some(a)) | Near::Closest(Some(a)) => a,
            Near::After(None) | Near::Closest(None) => {
                return Ok((at(base_date.unwrap_or(NOMINAL_DATE))?, false));
            }
        };
        let day = zone.local_at(anchor, zones)?.date;
        let mut candidates = Vec::with_capacity(4);
        for d in -1..=2 {
            candidates.push(at(day.add_days(d))?);
        }
        let chosen = match near {
            Near::After(_) => candidates.iter().copied().find(|c| *c >= anchor),
            // Closest; on a tie, the later one.
            Near::Closest(_) => candidates.iter().copied().min_by_key(|c| ((c - anchor).abs(), -c)),
        };
        Ok((chosen.unwrap_or(candidates[3]), false))
    };
    let end = nonempty(&doc.end).map(|t| place(t, Near::After(start_ok)).map(|(at, _)| at));
    let mut anchor = start_ok;
    let entries = doc
        .timeline
        .iter()
        .map(|e| match nonempty(&e.time) {
            None => EntryTime { id: e.id, instant: None, dated: false },
            Some(t) => {
                let r = place(t, Near::Closest(anchor));
                if let Ok((at, _)) = r {
                    anchor = Some(at);
                }
                let dated = r.as_ref().is_ok_and(|(_, dated)| *dated);
                EntryTime { id: e.id, instant: Some(r.map(|(at, _)| at)), dated }
            }
        })
        .collect();
    Resolved { date, zone, start, end, entries }
}

/// The timeline's ids sorted by time, stably. An entry whose time is empty or unreadable stays
/// right after the entry it follows (entries before the first timed one stay first).
pub fn sorted_timeline(doc: &Postmortem, zones: &dyn ZoneResolver) -> Vec<Id> {
    let resolved = resolve(doc, zones);
    let mut groups: Vec<(Option<Instant>, Vec<Id>)> = Vec::new();
    for e in &resolved.entries {
        match (ok(&e.instant), groups.last_mut()) {
            (None, Some(group)) => group.1.push(e.id),
            (at, _) => groups.push((at, vec![e.id])),
        }
    }
    // A leading group without a time sorts first (None < Some), which is where it already is.
    crate::sort::sort_by_key(&mut groups, |(at, _)| *at);
    groups.into_iter().flat_map(|(_, ids)| ids).collect()
}

/// How long the response took, from the incident start to the first timeline entry of a kind.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Metrics {
    /// To the first [`EntryKind::Detection`] entry.
    pub time_to_detect: Option<i64>,
    /// To the first [`EntryKind::Acknowledgement`] entry.
    pub time_to_acknowledge: Option<i64>,
    /// To the first [`EntryKind::Mitigation`] entry.
    pub time_to_mitigate: Option<i64>,
    /// To the first [`EntryKind::Resolution`] entry.
    pub time_to_resolve: Option<i64>,
}

impl Metrics {
    /// Whether any metric is known.
    pub fn any(&self) -> bool {
        self.rows().iter().any(|(_, v)| v.is_some())
    }

    /// The metrics with their labels, in response order.
    pub fn rows(&self) -> [(&'static str, Option<i64>); 4] {
        [
            ("Time to Detect", self.time_to_detect),
            ("Time to Acknowledge", self.time_to_acknowledge),
            ("Time to Mitigate", self.time_to_mitigate),
            ("Time to Resolve", self.time_to_resolve),
        ]
    }
}

/// The earliest timeline entry of `kind` whose time resolved: its id and instant. Several
/// entries of a kind: the first in time wins (on a tie, the first in the document).
pub fn first_of(doc: &Postmortem, resolved: &Resolved, kind: EntryKind) -> Option<(Id, Instant)> {
    doc.timeline
        .iter()
        .filter(|e| e.kind == Some(kind))
        .filter_map(|e| Some((e.id, resolved.entry(e.id)?)))
        .min_by_key(|(_, at)| *at)
}

/// The response metrics the timeline supports (seconds; `None` where the timeline does not say).
///
/// Each is measured from the start to the first entry of its kind ([`first_of`]). A metric is
/// left out when the tags contradict it: before the start (a negative duration), or before a
/// stage that must come first (acknowledging or mitigating before the detection, resolving
/// before the detection or the mitigation).
pub fn metrics(doc: &Postmortem, resolved: &Resolved) -> Metrics {
    let Some(start) = resolved.start() else { return Metrics::default() };
    let at = |kind| first_of(doc, resolved, kind).map(|(_, at)| at).filter(|at| *at >= start);
    let detect = at(EntryKind::Detection);
    let not_before = |t: Option<Instant>, earlier: &[Option<Instant>]| {
        t.filter(|t| earlier.iter().flatten().all(|e| t >= e))
    };
    let acknowledge = not_before(at(EntryKind::Acknowledgement), &[detect]);
    let mitigate = not_before(at(EntryKind::Mitigation), &[detect]);
    let resolve = not_before(at(EntryKind::Resolution), &[detect, mitigate]);
    let since = |t: Option<Instant>| t.map(|t| t - start);
    Metrics {
        time_to_detect: since(detect),
        time_to_acknowledge: since(acknowledge),
        time_to_mitigate: since(mitigate),
        time_to_resolve: since(resolve),
    }
}

/// [`resolve`] with fixed offsets only (named zones stay unresolved).
pub fn resolve_fixed(doc: &Postmortem) -> Resolved {
    resolve(doc, &FixedOnly)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::time::duration_in_words;
    use crate::model::{TimelineEntry, time::TimeOfDay};

    fn doc(date: &str, zone: &str, start: &str, end: &str) -> Postmortem {
        Postmortem {
            date: date.into(),
            zone: zone.into(),
            start: start.into(),
            end: end.into(),
            ..Postmortem::default()
        }
    }

    /// The incident's duration in words, or what went wrong.
    #[track_caller]
    fn check(doc: Postmortem, expect: &str) {
        let r = resolve(&doc, &paris);
        let got = match (&r.start, &r.end) {
            (Some(Ok(s)), Some(Ok(e))) => duration_in_words(e - s),
            (Some(Err(e)), _) | (_, Some(Err(e))) => format!("error: {e}"),
            _ => "incomplete".to_owned(),
        };
        assert_eq!(got, expect);
    }

    /// A toy Europe/Paris for 2024: CEST from 31 March 02:00 to 27 October 03:00 local.
    fn paris(zone: &str, local: LocalDateTime) -> Option<i32> {
        let at = |month, day, hour| LocalDateTime {
            date: Date { year: 2024, month, day },
            time: TimeOfDay { hour, minute: 0, second: 0 },
        };
        (zone == "Europe/Paris")
            .then(|| if local >= at(3, 31, 2) && local < at(10, 27, 3) { 120 } else { 60 })
    }

    #[test]
    fn same_day() {
        check(doc("", "", "14:30 UTC", "16:45 UTC"), "2 hours and 15 minutes");
    }
    #[test]
    fn twelve_hour_clock() {
        check(doc("", "EST", "10:30 AM", "1:15 PM"), "2 hours and 45 minutes");
    }
    #[test]
    fn across_midnight() {
        check(doc("2024-06-05", "", "23:30", "01:15"), "1 hour and 45 minutes");
    }
    #[test]
    fn across_days_with_dates() {
        check(doc("", "", "2024-06-05 22:00", "2024-06-06 23:00"), "1 day, 1 hour");
    }
    #[test]
    fn end_in_another_zone() {
        check(doc("", "", "09:00 UTC", "10:30 CET"), "30 minutes");
    }
    #[test]
    fn iso_start() {
        check(doc("", "", "2024-06-05T02:00Z", "04:45"), "2 hours and 45 minutes");
    }
    #[test]
    fn spring_forward_in_paris() {
        check(doc("2024-03-31", "Europe/Paris", "01:00", "04:00"), "2 hours");
    }
    #[test]
    fn fall_back_in_paris() {
        check(doc("2024-10-27", "Europe/Paris", "01:00", "04:00"), "4 hours");
    }
    #[test]
    fn paris_across_the_change_with_dates() {
        check(doc("", "Europe/Paris", "2024-03-30 12:00", "2024-03-31 12:00"), "23 hours");
    }
    #[test]
    fn unknown_named_zone() {
        check(
            doc("", "Mars/Olympus", "01:00", "02:00"),
            "error: the offset of Mars/Olympus at that time is not known here",
        );
    }
    #[test]
    fn bad_document_zone() {
        check(
            doc("", "Moon", "01:00", "02:00"),
            "error: “Moon” is not a time zone this editor knows: write UTC, UTC+2, an abbreviation such as EST or CET, or a zone name such as Europe/Paris",
        );
    }
    #[test]
    fn only_a_start() {
        check(doc("", "", "01:00", ""), "incomplete");
    }

    #[test]
    fn timeline_entries_follow_the_start_across_midnight() {
        let mut d = doc("2024-06-05", "UTC", "23:00", "");
        d.timeline = vec![TimelineEntry::new("23:10", "a"), TimelineEntry::new("00:20", "b")];
        d.timeline[1].id = Id(1);
        let r = resolve_fixed(&d);
        let start = r.start().unwrap();
        assert_eq!(r.entry(Id(0)), Some(start + 600));
        assert_eq!(r.entry(Id(1)), Some(start + 80 * 60));
    }

    #[test]
    fn metrics_from_entry_kinds() {
        let mut d = doc("", "", "14:30", "16:45");
        let entry = |id, time: &str, kind| TimelineEntry {
            id: Id(id),
            kind,
            ..TimelineEntry::new(time, "")
        };
        d.timeline = vec![
            entry(1, "14:35", Some(EntryKind::Detection)),
            entry(2, "14:32", Some(EntryKind::Detection)),
            entry(3, "15:40", Some(EntryKind::Mitigation)),
            entry(4, "16:30", None),
        ];
        let m = metrics(&d, &resolve_fixed(&d));
        assert_eq!(
            m,
            Metrics {
                time_to_detect: Some(120),
                time_to_acknowledge: None,
                time_to_mitigate: Some(70 * 60),
                time_to_resolve: None
            }
        );
    }

    /// The metrics of an incident 14:00–16:00 with these tagged entries, as
    /// `detect ack mitigate resolve` in minutes (`-` where unknown).
    #[track_caller]
    fn check_metrics(entries: &[(&str, EntryKind)], expect: &str) {
        let mut d = doc("2024-06-05", "UTC", "14:00", "16:00");
        d.timeline = entries
            .iter()
            .enumerate()
            .map(|(i, (time, kind))| TimelineEntry {
                id: Id(i as u64 + 1),
                kind: Some(*kind),
                ..TimelineEntry::new(time, "")
            })
            .collect();
        let m = metrics(&d, &resolve_fixed(&d));
        let show = |v: Option<i64>| v.map_or("-".to_owned(), |s| (s / 60).to_string());
        let got: Vec<String> = m.rows().iter().map(|(_, v)| show(*v)).collect();
        assert_eq!(got.join(" "), expect);
        assert_eq!(m.any(), expect != "- - - -");
    }

    #[test]
    fn metrics_all_four() {
        use EntryKind::*;
        check_metrics(
            &[
                ("14:05", Detection),
                ("14:10", Acknowledgement),
                ("15:00", Mitigation),
                ("15:30", Resolution),
            ],
            "5 10 60 90",
        );
    }
    #[test]
    fn metrics_missing_tags() {
        check_metrics(&[("14:05", EntryKind::Escalation)], "- - - -");
        check_metrics(&[("15:30", EntryKind::Resolution)], "- - - 90");
    }
    #[test]
    fn metrics_first_detection_wins() {
        use EntryKind::*;
        check_metrics(&[("14:20", Detection), ("14:05", Detection)], "5 - - -");
    }
    #[test]
    fn metrics_resolution_before_detection_is_dropped() {
        use EntryKind::*;
        check_metrics(&[("14:30", Resolution), ("14:40", Detection)], "40 - - -");
    }
    #[test]
    fn metrics_resolution_before_mitigation_is_dropped() {
        use EntryKind::*;
        check_metrics(&[("15:00", Resolution), ("15:10", Mitigation)], "- - 70 -");
    }
    #[test]
    fn metrics_acknowledgement_before_detection_is_dropped() {
        use EntryKind::*;
        check_metrics(&[("14:10", Acknowledgement), ("14:20", Detection)], "20 - - -");
    }
    #[test]
    fn metrics_before_the_start_are_dropped() {
        check_metrics(&[("13:50", EntryKind::Detection)], "- - - -");
    }
}
