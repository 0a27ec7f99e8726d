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

use super::{CustomSection, Postmortem};
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
    fn unknown_stored_names_read_as_the_default() {
        let id: TemplateId = serde_json::from_str("\"from_the_future\"").unwrap();
        assert_eq!(id, TemplateId::Default);
        assert_eq!(serde_json::to_string(&TemplateId::PagerDuty).unwrap(), "\"pagerduty\"");
    }
}
