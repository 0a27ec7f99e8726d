//! Postmortem templates: which sections a postmortem has, under which headings, in which order.
//!
//! A template is plain data ([`Template`]): an id, a name, a description, and its
//! [`TemplateSection`]s. Each section says which part of the document it shows ([`Part`]), its
//! heading, a prompt the form can show as a placeholder, and whether a reviewer expects it filled.
//! The export writes the sections of the document's template in the template's order
//! ([`crate::markdown::export`]); the review checks the required ones ([`super::review`]).
//!
//! A section the document has no field for (the SRE book's "Trigger", PagerDuty's "Messaging")
//! is a [`Part::Custom`]: [`new_from_template`] pre-creates a custom section with that heading,
//! so the form needs nothing new and the text survives any change of template.
//!
//! The templates are written in our own words after the shapes people use: our default (the
//! seeds' shape: Issue Summary, Timeline, Root Cause and Resolution, Corrective and Preventative
//! Measures), the Google SRE book's example postmortem, PagerDuty's postmortem template, and a
//! blank one.

use super::validate::Target;
use super::{CustomSection, ItemField, List, Postmortem, TextField};
use serde::{Deserialize, Serialize};

/// Which template a document follows. Stored as a snake_case string; a name this build does not
/// know reads as [`TemplateId::Default`], so a draft from a newer editor still opens.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(from = "String", into = "String")]
pub enum TemplateId {
    /// Our default: the seeds' shape.
    #[default]
    Default,
    /// The Google SRE book's example postmortem.
    GoogleSre,
    /// PagerDuty's postmortem template.
    PagerDuty,
    /// Nothing pre-filled, no prompts; exported in the default shape.
    Blank,
}

impl TemplateId {
    /// Every template id, in the order a "New from template" menu lists them.
    pub const ALL: [TemplateId; 4] =
        [TemplateId::Default, TemplateId::GoogleSre, TemplateId::PagerDuty, TemplateId::Blank];

    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            TemplateId::Default => "default",
            TemplateId::GoogleSre => "google_sre",
            TemplateId::PagerDuty => "pagerduty",
            TemplateId::Blank => "blank",
        }
    }

    /// The id stored as `name`, if this build knows it.
    pub fn parse(name: &str) -> Option<TemplateId> {
        TemplateId::ALL.into_iter().find(|t| t.as_str() == name)
    }

    /// Whether this is [`TemplateId::Default`] (used to leave the field out of stored drafts).
    pub fn is_default(&self) -> bool {
        *self == TemplateId::Default
    }

    /// The template itself.
    pub fn template(self) -> &'static Template {
        template(self)
    }
}

impl From<String> for TemplateId {
    fn from(name: String) -> Self {
        TemplateId::parse(&name).unwrap_or_default()
    }
}

impl From<TemplateId> for String {
    fn from(id: TemplateId) -> Self {
        id.as_str().to_owned()
    }
}

/// A part of the document a template section shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Part {
    /// The summary prose and the key facts list (duration, response metrics, and whichever of
    /// impact, root cause and detection the template has no section of its own for).
    Summary,
    /// [`Postmortem::impact`] as a section of its own.
    Impact,
    /// The timeline.
    Timeline,
    /// [`Postmortem::root_cause`] as a section of its own.
    RootCause,
    /// [`Postmortem::resolution`]: root cause and resolution in depth, or the resolution.
    Resolution,
    /// [`Postmortem::contributing_factors`].
    ContributingFactors,
    /// [`Postmortem::detection`] as a section of its own.
    Detection,
    /// Improvements and tasks.
    Measures,
    /// What went well, what went wrong, where we got lucky.
    Lessons,
    /// A custom section with this heading (pre-created by [`new_from_template`]).
    Custom(&'static str),
}

impl Part {
    /// Where a part goes when a template does not list it but the document has content for it,
    /// and its heading then: after the template's own sections, in this order. (Impact, root
    /// cause and detection need no fallback: without a section of their own they are items of
    /// the summary.)
    pub const FALLBACK: [(Part, &'static str); 6] = [
        (Part::Summary, "Issue Summary"),
        (Part::Timeline, "Timeline"),
        (Part::Resolution, "Root Cause and Resolution"),
        (Part::ContributingFactors, "Contributing Factors"),
        (Part::Measures, "Corrective and Preventative Measures"),
        (Part::Lessons, "Lessons Learned"),
    ];
}

/// One section of a template.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TemplateSection {
    /// What it shows.
    pub part: Part,
    /// Its heading in the export (and, for [`Part::Custom`], the custom section's heading).
    pub heading: &'static str,
    /// What to write there, for a placeholder (empty: no prompt).
    pub hint: &'static str,
    /// Whether a reviewer expects it filled ([`super::review`] reports it when empty).
    pub required: bool,
}

/// A postmortem template.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Template {
    /// Its id (stored in the document).
    pub id: TemplateId,
    /// Its name in a menu.
    pub name: &'static str,
    /// One sentence on what it is for.
    pub description: &'static str,
    /// Its sections, in export order.
    pub sections: &'static [TemplateSection],
}

impl Template {
    /// The template's section for `part`, if it has one.
    pub fn section(&self, part: Part) -> Option<&TemplateSection> {
        self.sections.iter().find(|s| s.part == part)
    }

    /// Whether the template has a section of its own for `part`.
    pub fn has(&self, part: Part) -> bool {
        self.section(part).is_some()
    }

    /// The heading `part` is exported under: the template's own, or its default one
    /// ([`Part::FALLBACK`]); `None` for a part that is a key fact of the summary here.
    pub fn heading(&self, part: Part) -> Option<&'static str> {
        self.section(part)
            .map(|s| s.heading)
            .or_else(|| Part::FALLBACK.iter().find(|(p, _)| *p == part).map(|(_, h)| *h))
    }

    /// The custom section that holds the template's section `name` (a [`Part::Custom`]): the
    /// first one under that heading. The form shows it in the template's place, not among the
    /// other sections.
    pub fn custom_section(&self, doc: &Postmortem, name: &str) -> Option<super::Id> {
        doc.custom_sections.iter().find(|c| same_heading(&c.heading, name)).map(|c| c.id)
    }

    /// Whether custom section `id` holds one of the template's own sections.
    pub fn holds_part(&self, doc: &Postmortem, id: super::Id) -> bool {
        self.sections.iter().any(|s| match s.part {
            Part::Custom(name) => self.custom_section(doc, name) == Some(id),
            _ => false,
        })
    }

    /// Whether a reviewer expects `part` filled in a document of this template: its own
    /// section's `required`; impact and the one-line root cause without a section of their own
    /// are key facts of the summary, required when the summary is.
    pub fn requires(&self, part: Part) -> bool {
        match self.section(part) {
            Some(s) => s.required,
            None if matches!(part, Part::Impact | Part::RootCause) => {
                self.section(Part::Summary).is_some_and(|s| s.required)
            }
            None => false,
        }
    }

    /// The sections of the form, in order: the template's own sections, then the parts it does
    /// not list under their default headings ([`Part::FALLBACK`]). Impact, root cause and
    /// detection without a section of their own are part of the summary's form section (they
    /// are its key facts), so they are not listed.
    pub fn form_sections(&self) -> Vec<FormSection> {
        let mut out: Vec<FormSection> = self
            .sections
            .iter()
            .map(|s| FormSection { part: s.part, heading: s.heading, hint: s.hint, own: true })
            .collect();
        for (part, heading) in Part::FALLBACK {
            if !self.has(part) {
                out.push(FormSection { part, heading, hint: "", own: false });
            }
        }
        out
    }

    /// The label of `field`'s box in the form. The two root-cause fields never share a name:
    /// the summary's one line is "Root cause in one line", the section that tells it in depth
    /// is named after its heading ("Root cause and resolution, in depth", "Root causes").
    pub fn field_label(&self, field: TextField) -> &'static str {
        let own = |part| self.section(part).map(|s| s.heading);
        match field {
            TextField::RootCause => match own(Part::RootCause) {
                Some(_) => "Root causes, in depth",
                None => "Root cause in one line",
            },
            TextField::Resolution => match own(Part::Resolution) {
                Some(h) if h.to_lowercase().contains("root cause") => {
                    "Root cause and resolution, in depth"
                }
                Some(_) => "Resolution",
                None => "Root cause and resolution, in depth",
            },
            _ => field.label(),
        }
    }

    /// The part of the template whose section `target` belongs to, where the template says
    /// what to write there (for a finding's suggestion).
    pub fn part_of(&self, doc: &Postmortem, target: Target) -> Option<Part> {
        let part = match target {
            Target::Field(TextField::Summary) => Part::Summary,
            Target::Field(TextField::Impact) => Part::Impact,
            Target::Field(TextField::RootCause) => Part::RootCause,
            Target::Field(TextField::Detection) => Part::Detection,
            Target::Field(TextField::Resolution) => Part::Resolution,
            Target::Field(TextField::ContributingFactors) => Part::ContributingFactors,
            Target::Field(TextField::WentWell | TextField::WentWrong | TextField::GotLucky) => {
                Part::Lessons
            }
            Target::List(List::Timeline) => Part::Timeline,
            Target::List(List::Tasks | List::Improvements) => Part::Measures,
            Target::ItemField(id, ItemField::Body) => {
                let c = doc.custom_sections.iter().find(|c| c.id == id)?;
                self.sections
                    .iter()
                    .find(|s| matches!(s.part, Part::Custom(h) if same_heading(h, &c.heading)))?
                    .part
            }
            _ => return None,
        };
        Some(part)
    }

    /// What the document leaves empty of what this template requires, in the template's order
    /// (the summary's key facts right after the summary). **The one place that decides
    /// "missing"**: validation reports these, the review selects them, the form shows them
    /// under their fields; nothing else judges a section empty.
    pub fn gaps(&self, doc: &Postmortem) -> Vec<Gap> {
        let mut out = Vec::new();
        for s in self.sections.iter() {
            if s.required && is_empty(doc, s.part) {
                out.push(gap(doc, s.part, Some(s.heading)));
            }
            if s.part == Part::Summary {
                for fact in [Part::Impact, Part::RootCause] {
                    if !self.has(fact) && self.requires(fact) && is_empty(doc, fact) {
                        out.push(gap(doc, fact, None));
                    }
                }
            }
        }
        out
    }
}

/// A section of the form: the template's heading and prompt for a part of the document.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FormSection {
    /// What it shows.
    pub part: Part,
    /// Its heading.
    pub heading: &'static str,
    /// What to write there (empty: no prompt).
    pub hint: &'static str,
    /// Whether the template lists it (otherwise it follows under its default heading, and
    /// optional parts are offered with an "Add" button).
    pub own: bool,
}

/// A required part of the template the document leaves empty: where, and what to say.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Gap {
    /// The part.
    pub part: Part,
    /// The field or list to fill.
    pub target: Target,
    /// What to tell the user.
    pub message: String,
}

fn same_heading(a: &str, b: &str) -> bool {
    a.trim().eq_ignore_ascii_case(b.trim())
}

/// Whether the document has nothing yet for `part`: blank text, or only rows nobody typed into.
pub fn is_empty(doc: &Postmortem, part: Part) -> bool {
    let blank = |s: &str| s.trim().is_empty();
    match part {
        Part::Summary => blank(&doc.summary),
        Part::Impact => blank(&doc.impact),
        Part::Timeline => doc.timeline.iter().all(|e| blank(&e.text) && blank(&e.time)),
        Part::RootCause => blank(&doc.root_cause),
        Part::Resolution => blank(&doc.resolution),
        Part::ContributingFactors => blank(&doc.contributing_factors),
        Part::Detection => blank(&doc.detection),
        Part::Measures => {
            doc.tasks.iter().all(|t| blank(&t.text))
                && doc.improvements.iter().all(|i| blank(&i.text))
        }
        Part::Lessons => [&doc.went_well, &doc.went_wrong, &doc.got_lucky].iter().all(|t| blank(t)),
        Part::Custom(name) => {
            !doc.custom_sections.iter().any(|c| same_heading(&c.heading, name) && !blank(&c.body))
        }
    }
}

/// The gap of an empty `part`, under `heading` when it is a section of its own.
fn gap(doc: &Postmortem, part: Part, heading: Option<&str>) -> Gap {
    let field = |f| Target::Field(f);
    let empty = |h: &str| format!("The “{h}” section is empty");
    let (target, message) = match (part, heading) {
        (Part::Summary, Some(h)) => {
            (field(TextField::Summary), format!("The “{h}” section has no summary yet"))
        }
        (Part::Impact, None) => (field(TextField::Impact), "The impact is not described".into()),
        (Part::RootCause, None) => {
            (field(TextField::RootCause), "The summary's one-line root cause is missing".into())
        }
        (Part::Timeline, Some(h)) => {
            (Target::List(List::Timeline), format!("The “{h}” section has no entries"))
        }
        (Part::Measures, Some(h)) => {
            (Target::List(List::Tasks), format!("The “{h}” section has no measures"))
        }
        (Part::Custom(name), h) => {
            let h = h.unwrap_or(name);
            match doc.custom_sections.iter().find(|c| same_heading(&c.heading, name)) {
                Some(c) => (Target::ItemField(c.id, ItemField::Body), empty(h)),
                None => {
                    (Target::List(List::CustomSections), format!("The “{h}” section is missing"))
                }
            }
        }
        (part, h) => {
            let target = match part {
                Part::Impact => field(TextField::Impact),
                Part::RootCause => field(TextField::RootCause),
                Part::Resolution => field(TextField::Resolution),
                Part::ContributingFactors => field(TextField::ContributingFactors),
                Part::Detection => field(TextField::Detection),
                Part::Lessons => field(TextField::WentWell),
                Part::Timeline => Target::List(List::Timeline),
                Part::Measures => Target::List(List::Tasks),
                Part::Summary | Part::Custom(_) => field(TextField::Summary),
            };
            let fallback = Part::FALLBACK.iter().find(|(p, _)| *p == part).map(|(_, h)| *h);
            (target, empty(h.or(fallback).unwrap_or("")))
        }
    };
    Gap { part, target, message }
}

const fn s(
    part: Part,
    heading: &'static str,
    hint: &'static str,
    required: bool,
) -> TemplateSection {
    TemplateSection { part, heading, hint, required }
}

const DEFAULT_SECTIONS: &[TemplateSection] = &[
    s(
        Part::Summary,
        "Issue Summary",
        "In a few sentences: what broke, for whom, for how long, and why.",
        true,
    ),
    s(
        Part::Timeline,
        "Timeline",
        "Each step with its time: the trigger, the first alert, who was brought in, what was tried, the fix.",
        true,
    ),
    s(
        Part::Resolution,
        "Root Cause and Resolution",
        "What went wrong in the system, in depth, and what brought the service back.",
        true,
    ),
    s(
        Part::ContributingFactors,
        "Contributing Factors",
        "Conditions that made the incident possible or worse.",
        false,
    ),
    s(
        Part::Measures,
        "Corrective and Preventative Measures",
        "What will stop this from happening again, each with an owner and a due date.",
        true,
    ),
    s(
        Part::Lessons,
        "Lessons Learned",
        "What went well, what went wrong, where we got lucky.",
        false,
    ),
];

const BLANK_SECTIONS: &[TemplateSection] = &[
    s(Part::Summary, "Issue Summary", "", false),
    s(Part::Timeline, "Timeline", "", false),
    s(Part::Resolution, "Root Cause and Resolution", "", false),
    s(Part::ContributingFactors, "Contributing Factors", "", false),
    s(Part::Measures, "Corrective and Preventative Measures", "", false),
    s(Part::Lessons, "Lessons Learned", "", false),
];

const SRE_SECTIONS: &[TemplateSection] = &[
    s(
        Part::Summary,
        "Summary",
        "One or two sentences: what was down, for how long, and why.",
        true,
    ),
    s(
        Part::Impact,
        "Impact",
        "Who was affected and how much: requests lost, users, revenue.",
        true,
    ),
    s(
        Part::RootCause,
        "Root Causes",
        "The conditions in the system that made the failure possible.",
        true,
    ),
    s(
        Part::Custom("Trigger"),
        "Trigger",
        "What set the failure off (a deploy, a traffic surge, a config push).",
        true,
    ),
    s(Part::Resolution, "Resolution", "What stopped the impact, and what fixed it for good.", true),
    s(Part::Detection, "Detection", "How we found out: which alert, or who reported it.", true),
    s(
        Part::Measures,
        "Action Items",
        "Each fix with an owner, a due date and a tracking ticket.",
        true,
    ),
    s(
        Part::Lessons,
        "Lessons Learned",
        "What went well, what went wrong, where we got lucky.",
        true,
    ),
    s(
        Part::Timeline,
        "Timeline",
        "The incident in order, with times and the key moments marked.",
        true,
    ),
    s(
        Part::Custom("Supporting Information"),
        "Supporting Information",
        "Links to dashboards, graphs, logs and chat transcripts.",
        false,
    ),
];

const PAGERDUTY_SECTIONS: &[TemplateSection] = &[
    s(
        Part::Summary,
        "Overview",
        "A sentence or two on the contributing factors, the timeline and the impact.",
        true,
    ),
    s(Part::Custom("What Happened"), "What Happened", "A short account of the incident.", true),
    s(
        Part::ContributingFactors,
        "Contributing Factors",
        "The conditions that contributed, including actions that made it worse while responding.",
        true,
    ),
    s(
        Part::Resolution,
        "Resolution",
        "What solved the problem: the temporary fix, then the long-term one.",
        true,
    ),
    s(
        Part::Impact,
        "Impact",
        "Exact numbers: time degraded, requests or events lost, accounts and users affected, support tickets.",
        true,
    ),
    s(
        Part::Timeline,
        "Timeline",
        "When the impact began, the page, the status page update, the fix.",
        true,
    ),
    s(Part::Lessons, "How Did We Do", "What went well and what did not.", false),
    s(Part::Measures, "Action Items", "Each follow-up with an owner and a due date.", true),
    s(
        Part::Custom("Messaging"),
        "Messaging",
        "What we told customers and colleagues, internally and on the status page.",
        false,
    ),
];

/// Every template, in menu order ([`TemplateId::ALL`]).
pub static TEMPLATES: [Template; 4] = [
    Template {
        id: TemplateId::Default,
        name: "Standard",
        description: "Issue summary, timeline, root cause and resolution, corrective and preventative measures.",
        sections: DEFAULT_SECTIONS,
    },
    Template {
        id: TemplateId::GoogleSre,
        name: "Google SRE",
        description: "The SRE book's shape: summary, impact, root causes, trigger, resolution, detection, action items, lessons, timeline.",
        sections: SRE_SECTIONS,
    },
    Template {
        id: TemplateId::PagerDuty,
        name: "PagerDuty",
        description: "PagerDuty's shape: overview, what happened, contributing factors, resolution, impact, timeline, action items, messaging.",
        sections: PAGERDUTY_SECTIONS,
    },
    Template {
        id: TemplateId::Blank,
        name: "Blank",
        description: "An empty postmortem with no prompts.",
        sections: BLANK_SECTIONS,
    },
];

/// The template with this id.
pub fn template(id: TemplateId) -> &'static Template {
    TEMPLATES.iter().find(|t| t.id == id).unwrap_or(&TEMPLATES[0])
}

/// A new, empty document following template `id`: its custom sections pre-created (with empty
/// bodies), everything else empty.
pub fn new_from_template(id: TemplateId) -> Postmortem {
    let mut doc = Postmortem { template: id, ..Postmortem::default() };
    for section in template(id).sections {
        if let Part::Custom(heading) = section.part {
            let id = doc.peek_next_id();
            doc.custom_sections.push(CustomSection {
                id,
                heading: heading.to_owned(),
                body: String::new(),
            });
            doc.next_id = id.0 + 1;
        }
    }
    doc
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_id_has_its_template_in_menu_order() {
        let ids: Vec<TemplateId> = TEMPLATES.iter().map(|t| t.id).collect();
        assert_eq!(ids, TemplateId::ALL);
        for id in TemplateId::ALL {
            assert_eq!(template(id).id, id);
            assert_eq!(TemplateId::parse(id.as_str()), Some(id));
        }
    }

    #[test]
    fn headings_are_unique_within_a_template() {
        for t in &TEMPLATES {
            for (i, a) in t.sections.iter().enumerate() {
                assert!(
                    t.sections[i + 1..].iter().all(|b| b.heading != a.heading && b.part != a.part),
                    "{}: {}",
                    t.name,
                    a.heading
                );
            }
        }
    }

    #[test]
    fn custom_parts_are_pre_created() {
        let doc = new_from_template(TemplateId::GoogleSre);
        let headings: Vec<&str> = doc.custom_sections.iter().map(|c| c.heading.as_str()).collect();
        assert_eq!(headings, ["Trigger", "Supporting Information"]);
        assert_eq!(doc.next_id, 3);
        assert_eq!(doc.template, TemplateId::GoogleSre);
        assert_eq!(new_from_template(TemplateId::Default), Postmortem::default());
    }

    #[test]
    fn the_form_follows_the_template() {
        let show = |id: TemplateId| -> Vec<&str> {
            id.template().form_sections().iter().map(|s| s.heading).collect()
        };
        assert_eq!(
            show(TemplateId::GoogleSre),
            [
                "Summary",
                "Impact",
                "Root Causes",
                "Trigger",
                "Resolution",
                "Detection",
                "Action Items",
                "Lessons Learned",
                "Timeline",
                "Supporting Information",
                "Contributing Factors"
            ]
        );
        assert_eq!(
            show(TemplateId::PagerDuty),
            [
                "Overview",
                "What Happened",
                "Contributing Factors",
                "Resolution",
                "Impact",
                "Timeline",
                "How Did We Do",
                "Action Items",
                "Messaging"
            ]
        );
        assert_eq!(
            show(TemplateId::Default),
            [
                "Issue Summary",
                "Timeline",
                "Root Cause and Resolution",
                "Contributing Factors",
                "Corrective and Preventative Measures",
                "Lessons Learned"
            ]
        );
    }

    #[test]
    fn the_two_root_cause_fields_never_share_a_label() {
        for t in &TEMPLATES {
            let (short, long) =
                (t.field_label(TextField::RootCause), t.field_label(TextField::Resolution));
            assert_ne!(short, long, "{}", t.name);
            assert!(!long.eq_ignore_ascii_case("root cause"), "{}", t.name);
        }
        assert_eq!(
            TemplateId::Default.template().field_label(TextField::RootCause),
            "Root cause in one line"
        );
        assert_eq!(
            TemplateId::Default.template().field_label(TextField::Resolution),
            "Root cause and resolution, in depth"
        );
        assert_eq!(
            TemplateId::GoogleSre.template().field_label(TextField::Resolution),
            "Resolution"
        );
    }

    #[test]
    fn custom_parts_are_held_by_the_first_section_of_their_heading() {
        let mut doc = new_from_template(TemplateId::GoogleSre);
        doc.custom_sections.push(CustomSection {
            id: super::super::Id(9),
            heading: " trigger ".into(),
            body: String::new(),
        });
        let t = TemplateId::GoogleSre.template();
        assert!(t.holds_part(&doc, doc.custom_sections[0].id));
        assert!(!t.holds_part(&doc, super::super::Id(9)));
        assert!(!TemplateId::Default.template().holds_part(&doc, doc.custom_sections[0].id));
    }

    #[test]
    fn unknown_stored_names_read_as_the_default() {
        let id: TemplateId = serde_json::from_str("\"from_the_future\"").unwrap();
        assert_eq!(id, TemplateId::Default);
        assert_eq!(serde_json::to_string(&TemplateId::PagerDuty).unwrap(), "\"pagerduty\"");
    }
}
