//! The postmortem document and the edits that change it.
//!
//! A [`Postmortem`] is plain data (serde, no signals, no browser types). It changes only through
//! [`apply`], one [`Edit`] at a time; `apply` returns the inverse edit, which is what undo, autosave
//! and the tests hang off.
//!
//! The shape follows what real postmortems contain (the PagerDuty and Google SRE templates and
//! the postmortems people publish): metadata, an issue summary, a timeline, root cause and
//! resolution, contributing factors, lessons learned, corrective measures, and free custom
//! sections so that nothing a user or an imported file has is ever dropped.
//!
//! Times are stored **as the user typed them** (`"2:15 PM"`, `"2024-06-05 23:10 CET"`): a field
//! being edited is often not a valid time yet, and the export shows the author's words. They are
//! read by [`time`] when needed; [`resolve`] places them on the UTC line, [`validate`] reports
//! what does not make sense.
//!
//! **Invariant:** every list item has an [`Id`] that is unique in the document and non-zero, and
//! smaller than [`Postmortem::next_id`] unless that has reached `u64::MAX` (a document made
//! elsewhere may use the largest id; fresh ids are then the lowest free ones, so ids never
//! repeat). Ids are allocated by the document, never random; [`apply`] keeps the invariant and
//! [`Postmortem::repair_ids`] restores it for documents from elsewhere.

pub mod decimal;
mod edit;
pub mod history;
pub mod issue;
pub mod resolve;
pub mod review;
pub mod sample;
pub mod template;
pub mod time;
pub mod title;
pub mod validate;

pub use template::{TemplateId, new_from_template};

pub use edit::{Edit, Item, ItemField, List, ListField, TextField, apply};
use serde::{Deserialize, Serialize};
use std::fmt;

/// A stable identifier of a list item (timeline entry, task, improvement, custom section),
/// unique in its document. Used by the UI as the key of moving list items.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
#[serde(transparent)]
pub struct Id(pub u64);

impl fmt::Display for Id {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

/// Where the postmortem is in its life.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Being written.
    #[default]
    Draft,
    /// Written, waiting for reviewers.
    InReview,
    /// Reviewed and published.
    Final,
}

impl Status {
    /// All statuses, in order.
    pub const ALL: [Status; 3] = [Status::Draft, Status::InReview, Status::Final];

    /// The label shown to people.
    pub fn label(self) -> &'static str {
        match self {
            Status::Draft => "Draft",
            Status::InReview => "In review",
            Status::Final => "Final",
        }
    }
}

/// What a timeline entry records, when the author says so.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EntryKind {
    /// The incident was noticed (an alert fired, a customer wrote in).
    Detection,
    /// A responder took the incident on (the page was acknowledged).
    Acknowledgement,
    /// More people or another team were brought in.
    Escalation,
    /// Responders looked into what was happening (a hypothesis, a check, a dashboard read).
    Investigation,
    /// The cause was found.
    CauseIdentified,
    /// The impact was reduced or stopped (rollback, failover).
    Mitigation,
    /// Service was fully restored.
    Resolution,
    /// A misleading path: an investigation that turned out to be wrong.
    RedHerring,
    /// Anything else.
    Other,
}

impl EntryKind {
    /// All kinds, in the order a form lists them.
    pub const ALL: [EntryKind; 9] = [
        EntryKind::Detection,
        EntryKind::Acknowledgement,
        EntryKind::Escalation,
        EntryKind::Investigation,
        EntryKind::CauseIdentified,
        EntryKind::Mitigation,
        EntryKind::Resolution,
        EntryKind::RedHerring,
        EntryKind::Other,
    ];

    /// The label shown to people (lower case, it is used mid-sentence).
    pub fn label(self) -> &'static str {
        match self {
            EntryKind::Detection => "detection",
            EntryKind::Acknowledgement => "acknowledgement",
            EntryKind::Escalation => "escalation",
            EntryKind::Investigation => "investigation",
            EntryKind::CauseIdentified => "cause identified",
            EntryKind::Mitigation => "mitigation",
            EntryKind::Resolution => "resolution",
            EntryKind::RedHerring => "red herring",
            EntryKind::Other => "other",
        }
    }
}

/// A share between 0% and 100%, to two decimals (stored in hundredths of a percent, so documents
/// compare and serialise exactly). In JSON it is a plain number of percent: `12.5`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "f64", into = "f64")]
pub struct Percent(u32);

impl Percent {
    /// The share in hundredths of a percent, `Some` when it is at most 100%.
    pub fn from_hundredths(hundredths: u32) -> Option<Percent> {
        (hundredths <= 10_000).then_some(Percent(hundredths))
    }

    /// The share in hundredths of a percent (`12.5%` → 1250).
    pub fn hundredths(self) -> u32 {
        self.0
    }

    /// Reads what a person types: `80`, `80%`, `12.5 %`, `0.25`.
    pub fn parse(text: &str) -> Result<Percent, String> {
        let t = text.trim().trim_end_matches('%').trim_end();
        let hundredths = decimal::parse_hundredths(t).ok_or_else(|| {
            format!("“{}” is not a percentage: write a number such as 40 or 12.5", text.trim())
        })?;
        u32::try_from(hundredths)
            .ok()
            .and_then(Percent::from_hundredths)
            .ok_or_else(|| format!("{t}% is not between 0% and 100%"))
    }
}

impl TryFrom<f64> for Percent {
    type Error = String;

    fn try_from(value: f64) -> Result<Self, Self::Error> {
        if !(0.0..=100.0).contains(&value) {
            return Err("a share of users must be between 0% and 100%".to_owned());
        }
        Ok(Percent((value * 100.0).round() as u32))
    }
}

impl From<Percent> for f64 {
    fn from(p: Percent) -> f64 {
        f64::from(p.0) / 100.0
    }
}

impl fmt::Display for Percent {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (whole, frac) = (self.0 / 100, self.0 % 100);
        match frac {
            0 => write!(f, "{whole}%"),
            f10 if f10 % 10 == 0 => write!(f, "{whole}.{}%", f10 / 10),
            _ => write!(f, "{whole}.{frac:02}%"),
        }
    }
}

/// One line of the timeline.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(default)]
pub struct TimelineEntry {
    /// Stable id (allocated by the document).
    pub id: Id,
    /// When, as typed: `14:30`, `2:15 PM EST`, `2024-06-06 01:10` (a date where the incident
    /// spans days). Empty for an untimed note.
    pub time: String,
    /// What happened (inline Markdown; several lines allowed).
    pub text: String,
    /// What the entry records, if the author said.
    pub kind: Option<EntryKind>,
    /// A key moment of the incident (highlighted in the export).
    pub key_moment: bool,
}

impl TimelineEntry {
    /// An entry with a time and a text (its id is given when it is added to a document).
    pub fn new(time: &str, text: &str) -> TimelineEntry {
        TimelineEntry { time: time.to_owned(), text: text.to_owned(), ..TimelineEntry::default() }
    }
}

/// A corrective or preventive action with an owner.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(default)]
pub struct Task {
    /// Stable id (allocated by the document).
    pub id: Id,
    /// What to do.
    pub text: String,
    /// Who does it (free text: a name, a handle, a team).
    pub owner: String,
    /// When it is due, as typed (a date such as `2024-07-01`).
    pub due: String,
    /// Whether it is done.
    pub done: bool,
}

impl Task {
    /// A task with a text (its id is given when it is added to a document).
    pub fn new(text: &str) -> Task {
        Task { text: text.to_owned(), ..Task::default() }
    }
}

/// A free-form improvement (corrective or preventive measure without an owner).
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(default)]
pub struct Improvement {
    /// Stable id (allocated by the document).
    pub id: Id,
    /// The improvement (inline Markdown).
    pub text: String,
}

/// A section the template does not have: a heading and a Markdown body.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(default)]
pub struct CustomSection {
    /// Stable id (allocated by the document).
    pub id: Id,
    /// The section heading.
    pub heading: String,
    /// The section body (Markdown).
    pub body: String,
}

/// One incident postmortem, as the user writes it. Field names are the stored JSON names.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Postmortem {
    /// The incident's title, e.g. "The great memory leak".
    pub title: String,
    /// The incident date as typed (`2024-06-05`, `June 5, 2024`).
    pub date: String,
    /// The severity, normally one of [`Postmortem::severity_levels`].
    pub severity: String,
    /// The severity levels this team uses, most severe first.
    pub severity_levels: Vec<String>,
    /// Draft, in review or final.
    pub status: Status,
    /// Who wrote the postmortem.
    pub authors: Vec<String>,
    /// Who responded to the incident.
    pub responders: Vec<String>,
    /// The zone of times typed without one (`UTC`, `EST`, `UTC+2`, `Europe/Paris`).
    pub zone: String,
    /// The issue summary: what happened, in a few sentences (Markdown).
    pub summary: String,
    /// When the incident started, as typed (date optional when [`Postmortem::date`] is set).
    pub start: String,
    /// When it ended, as typed (without a date: the first such time after the start).
    pub end: String,
    /// Who and what was affected, in words.
    pub impact: String,
    /// The share of users affected, if known.
    pub users_affected: Option<Percent>,
    /// The services affected.
    pub services_affected: Vec<String>,
    /// The root cause in one or two sentences.
    pub root_cause: String,
    /// How the incident was detected.
    pub detection: String,
    /// What happened, in order.
    pub timeline: Vec<TimelineEntry>,
    /// Root cause and resolution, in depth (Markdown).
    pub resolution: String,
    /// Contributing factors (Markdown).
    pub contributing_factors: String,
    /// Lessons learned: what went well (Markdown).
    pub went_well: String,
    /// Lessons learned: what went wrong (Markdown).
    pub went_wrong: String,
    /// Lessons learned: where we got lucky (Markdown).
    pub got_lucky: String,
    /// Corrective and preventive measures without an owner.
    pub improvements: Vec<Improvement>,
    /// Corrective and preventive tasks, with owners and due dates.
    pub tasks: Vec<Task>,
    /// Sections the template does not have.
    pub custom_sections: Vec<CustomSection>,
    /// The template the document follows: its section names and order in the export. Left out
    /// of stored drafts when it is the default, so older drafts and editors are unaffected.
    #[serde(skip_serializing_if = "TemplateId::is_default")]
    pub template: TemplateId,
    /// The id the next added item gets.
    pub next_id: u64,
}

/// The severity levels a new document offers.
pub const DEFAULT_SEVERITY_LEVELS: [&str; 4] = ["SEV1", "SEV2", "SEV3", "SEV4"];

impl Default for Postmortem {
    fn default() -> Self {
        Postmortem {
            title: String::new(),
            date: String::new(),
            severity: String::new(),
            severity_levels: DEFAULT_SEVERITY_LEVELS.map(str::to_owned).to_vec(),
            status: Status::Draft,
            authors: Vec::new(),
            responders: Vec::new(),
            zone: String::new(),
            summary: String::new(),
            start: String::new(),
            end: String::new(),
            impact: String::new(),
            users_affected: None,
            services_affected: Vec::new(),
            root_cause: String::new(),
            detection: String::new(),
            timeline: Vec::new(),
            resolution: String::new(),
            contributing_factors: String::new(),
            went_well: String::new(),
            went_wrong: String::new(),
            got_lucky: String::new(),
            improvements: Vec::new(),
            tasks: Vec::new(),
            custom_sections: Vec::new(),
            template: TemplateId::Default,
            next_id: 1,
        }
    }
}

impl Postmortem {
    /// The id the next [`Edit::Add`] or [`Edit::Duplicate`] will allocate: [`Postmortem::next_id`]
    /// or the id above every id, whichever is larger; when the ids have reached the largest
    /// value, the lowest id no item has (ids never repeat, however a document was made).
    pub fn peek_next_id(&self) -> Id {
        match self.max_id() {
            None => Id(self.next_id.max(1)),
            Some(max) => match max.0.checked_add(1) {
                Some(above) => Id(above.max(self.next_id)),
                None => FreshIds::of(&self.ids().collect(), self.next_id).take(),
            },
        }
    }

    /// Every item id in the document, in document order.
    pub fn ids(&self) -> impl Iterator<Item = Id> + '_ {
        self.timeline
            .iter()
            .map(|e| e.id)
            .chain(self.tasks.iter().map(|t| t.id))
            .chain(self.improvements.iter().map(|i| i.id))
            .chain(self.custom_sections.iter().map(|s| s.id))
    }

    fn max_id(&self) -> Option<Id> {
        self.ids().max()
    }

    /// Restores the id invariant on a document from elsewhere (an old draft, an import, a
    /// hand-written file): items with id 0 or a duplicate id get fresh ids, in document order,
    /// and [`Postmortem::next_id`] is raised above every id. A no-op on a sound document.
    pub fn repair_ids(&mut self) {
        let mut seen = std::collections::HashSet::new();
        let mut broken = Vec::new();
        for (i, id) in self.ids().enumerate() {
            if id.0 == 0 || !seen.insert(id) {
                broken.push(i);
            }
        }
        let mut fresh = FreshIds::of(&seen, self.next_id);
        let mut slots: Vec<&mut Id> = self
            .timeline
            .iter_mut()
            .map(|e| &mut e.id)
            .chain(self.tasks.iter_mut().map(|t| &mut t.id))
            .chain(self.improvements.iter_mut().map(|i| &mut i.id))
            .chain(self.custom_sections.iter_mut().map(|s| &mut s.id))
            .collect();
        for i in broken {
            *slots[i] = fresh.take();
        }
        self.next_id = fresh.next_id();
    }
}

/// Allocates ids that no item has: counting up from [`Postmortem::next_id`] (and above every
/// id), then, once the largest id is taken, the lowest free ids.
struct FreshIds {
    /// The next id above every id, `None` once the largest value is used.
    above: Option<u64>,
    /// Every id in use (filled only when `above` runs out).
    taken: std::collections::HashSet<Id>,
    low: u64,
}

impl FreshIds {
    fn of(taken: &std::collections::HashSet<Id>, next_id: u64) -> FreshIds {
        let above = match taken.iter().max() {
            Some(max) => max.0.checked_add(1).map(|a| a.max(next_id)),
            None => Some(next_id.max(1)),
        };
        FreshIds { above, taken: taken.clone(), low: 0 }
    }

    fn take(&mut self) -> Id {
        if let Some(a) = self.above {
            self.above = a.checked_add(1);
            self.taken.insert(Id(a));
            return Id(a);
        }
        loop {
            self.low += 1;
            if self.taken.insert(Id(self.low)) {
                return Id(self.low);
            }
        }
    }

    /// What [`Postmortem::next_id`] becomes: the next id above, or the largest value.
    fn next_id(&self) -> u64 {
        self.above.unwrap_or(u64::MAX)
    }
}

/// Splits what a person types into a list field (`"Ada, Grace\nLinus"`) into items: commas and
/// line breaks separate, surrounding space is dropped, empty items are skipped.
pub fn split_list(text: &str) -> Vec<String> {
    text.split([',', '\n', '\r'])
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentages() {
        let show = |t: &str| Percent::parse(t).map(|p| p.to_string()).unwrap_or_else(|e| e);
        assert_eq!(show("80"), "80%");
        assert_eq!(show(" 12.5 % "), "12.5%");
        assert_eq!(show("0.25"), "0.25%");
        // Decimal rounding, as typed: 12.345 in binary floating point is 12.3449999….
        assert_eq!(show("12.345"), "12.35%");
        assert_eq!(show("100%"), "100%");
        assert_eq!(show("101"), "101% is not between 0% and 100%");
        assert_eq!(show("-3"), "“-3” is not a percentage: write a number such as 40 or 12.5");
        assert_eq!(show("lots"), "“lots” is not a percentage: write a number such as 40 or 12.5");
        assert_eq!(show("%"), "“%” is not a percentage: write a number such as 40 or 12.5");
    }

    #[test]
    fn repair_gives_fresh_ids_to_zero_and_duplicates() {
        let mut doc = Postmortem { next_id: 1, ..Postmortem::default() };
        doc.timeline = vec![
            TimelineEntry { id: Id(5), ..TimelineEntry::default() },
            TimelineEntry { id: Id(5), ..TimelineEntry::default() },
            TimelineEntry { id: Id(0), ..TimelineEntry::default() },
        ];
        doc.tasks = vec![Task { id: Id(2), ..Task::default() }];
        doc.repair_ids();
        let ids: Vec<u64> = doc.ids().map(|i| i.0).collect();
        assert_eq!(ids, [5, 6, 7, 2]);
        assert_eq!(doc.next_id, 8);
        let before = doc.clone();
        doc.repair_ids();
        assert_eq!(doc, before);
    }

    #[test]
    fn every_kind_round_trips_through_the_markdown() {
        for kind in EntryKind::ALL.into_iter().filter(|k| *k != EntryKind::Other) {
            let mut doc = Postmortem { title: "T".into(), next_id: 2, ..Postmortem::default() };
            doc.timeline = vec![TimelineEntry {
                id: Id(1),
                kind: Some(kind),
                ..TimelineEntry::new("14:30", "Checked the pool")
            }];
            let md = crate::markdown::export(&doc);
            assert!(md.contains(&format!("*({})*", kind.label())), "{md}");
            let back = crate::markdown::import::import(&md).document;
            assert_eq!(back.timeline[0].kind, Some(kind), "{md}");
            let json = serde_json::to_string(&kind).unwrap();
            assert_eq!(serde_json::from_str::<EntryKind>(&json).unwrap(), kind);
        }
        assert_eq!(
            serde_json::to_string(&EntryKind::CauseIdentified).unwrap(),
            "\"cause_identified\""
        );
    }

    #[test]
    fn list_fields_split_on_commas_and_lines() {
        assert_eq!(split_list(" Ada ,, Grace\r\nLinus\n"), ["Ada", "Grace", "Linus"]);
    }
}
