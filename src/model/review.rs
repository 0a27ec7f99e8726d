//! The review: the draft checked the way an experienced incident reviewer would, as a list of
//! [`ReviewFinding`]s, each pointing at the field it concerns.
//!
//! Rules are data: one [`RULES`] table of [`Rule`] values, each with a stable id (the UI can
//! switch it off by id), a title, a [`Severity`] and a `check` function. [`review`] runs every
//! rule that is not disabled and never fails.
//!
//! One place per check: what [`super::validate`] already finds (missing fields, unreadable times,
//! entries out of order or outside the incident, tasks without owners, unknown severities) is
//! not checked again here; those rules select validate's findings and add a suggestion. The
//! rules of their own here are the reviewer's: the template's required sections, untagged
//! detection and resolution, durations that disagree with the timeline, undated and vague
//! action items, and blame language (blameless practice, after the Google SRE book and
//! PagerDuty's guide: name systems and gaps, not people).
//!
//! Heuristics are tuned against false positives: a name is blamed only with a verb only people
//! do ("forgot", "messed up"), or, with any cause verb, when it is one of the document's people;
//! "fault tolerance" and "git blame" are not blame; an action with a number in it is measurable.

use super::resolve::{Instant, Resolved, first_of, resolve};
use super::template::Part;
use super::time::{ZoneResolver, duration_in_words};
use super::validate::{Finding, FindingKind, Target, validate_resolved};
use super::{EntryKind, Id, ItemField, List, Postmortem, TextField};

/// How much a finding matters.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// The postmortem is wrong or unreadable without a fix.
    Error,
    /// A reviewer would ask for a change.
    Warning,
    /// Worth a look.
    Hint,
}

/// What a rule's check sees: the document, its resolved times and validate's findings.
pub struct Context<'a> {
    /// The document.
    pub doc: &'a Postmortem,
    /// Its times, resolved.
    pub resolved: Resolved,
    /// What [`validate`] found.
    pub findings: Vec<Finding>,
}

/// What a rule's check reports: where, what, and what to do.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Hit {
    /// The part of the document concerned.
    pub target: Target,
    /// What is wrong.
    pub message: String,
    /// What to do about it, if the rule has advice.
    pub suggestion: Option<String>,
    /// Hits of one rule with the same `group` are shown as one finding, "{count} {group}",
    /// listing their items (`None`: always a finding of its own).
    pub group: Option<String>,
}

/// One item a grouped finding lists: where it is and its name ("Task 3, ‘Patch the config’").
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Mention {
    /// The field or item (the UI links to it).
    pub target: Target,
    /// Its name.
    pub label: String,
}

/// One review rule.
#[derive(Clone, Copy, Debug)]
pub struct Rule {
    /// A stable id, e.g. `blame-language` (used to switch the rule off).
    pub id: &'static str,
    /// What the rule checks, for a settings list.
    pub title: &'static str,
    /// How much its findings matter.
    pub severity: Severity,
    /// The check.
    pub check: fn(&Context) -> Vec<Hit>,
}

/// One finding of the review.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct ReviewFinding {
    /// The id of the rule that found it.
    pub rule: &'static str,
    /// The rule's severity.
    pub severity: Severity,
    /// The part of the document concerned (the UI links to it).
    pub target: Target,
    /// What is wrong.
    pub message: String,
    /// What to do about it.
    pub suggestion: Option<String>,
    /// For a finding that groups repeats: each item it is about (empty otherwise; `target`
    /// is then the first item's).
    pub items: Vec<Mention>,
}

/// Every rule, in the order the review lists their findings.
pub static RULES: [Rule; 15] = [
    Rule {
        id: "incident-window",
        title: "The incident has a date, a start and an end",
        severity: Severity::Error,
        check: incident_window,
    },
    Rule {
        id: "unreadable-time",
        title: "Times, dates and zones can be read",
        severity: Severity::Error,
        check: unreadable_time,
    },
    Rule {
        id: "required-section",
        title: "The template's required sections are filled",
        severity: Severity::Warning,
        check: required_section,
    },
    Rule {
        id: "duration-mismatch",
        title: "The duration agrees with the timeline",
        severity: Severity::Warning,
        check: duration_mismatch,
    },
    Rule {
        id: "timeline-order",
        title: "Timeline entries are in order",
        severity: Severity::Warning,
        check: timeline_order,
    },
    Rule {
        id: "timeline-window",
        title: "Timeline entries are inside the incident",
        severity: Severity::Warning,
        check: timeline_window,
    },
    Rule {
        id: "timeline-untimed",
        title: "Every timeline entry has a time",
        severity: Severity::Warning,
        check: timeline_untimed,
    },
    Rule {
        id: "no-detection",
        title: "The timeline says when the incident was detected",
        severity: Severity::Warning,
        check: no_detection,
    },
    Rule {
        id: "no-resolution",
        title: "The timeline says when the incident was resolved",
        severity: Severity::Warning,
        check: no_resolution,
    },
    Rule {
        id: "no-action-items",
        title: "Something is to be done, by someone",
        severity: Severity::Warning,
        check: no_action_items,
    },
    Rule {
        id: "task-owner",
        title: "Every action item has an owner",
        severity: Severity::Warning,
        check: task_owner,
    },
    Rule {
        id: "task-due",
        title: "Every open action item has a due date",
        severity: Severity::Warning,
        check: task_due,
    },
    Rule {
        id: "vague-action",
        title: "Action items are specific and measurable",
        severity: Severity::Hint,
        check: vague_action,
    },
    Rule {
        id: "blame-language",
        title: "The postmortem is blameless",
        severity: Severity::Warning,
        check: blame_language,
    },
    Rule {
        id: "unknown-severity",
        title: "The severity is one of the team's levels",
        severity: Severity::Hint,
        check: unknown_severity,
    },
];

/// The rule with this id.
pub fn rule(id: &str) -> Option<&'static Rule> {
    RULES.iter().find(|r| r.id == id)
}

/// Reviews `doc` with every rule whose id is not in `disabled`; named zones resolve through
/// `zones`. Findings come rule by rule in [`RULES`] order, each rule's in document order.
pub fn review(doc: &Postmortem, zones: &dyn ZoneResolver, disabled: &[&str]) -> Vec<ReviewFinding> {
    let resolved = resolve(doc, zones);
    let findings = validate_resolved(doc, &resolved);
    review_with(doc, resolved, findings, disabled)
}

/// [`review`] for a caller that has `doc`'s resolved times and its validation findings already
/// (the editor keeps both), so neither is worked out again.
pub fn review_with(
    doc: &Postmortem,
    resolved: Resolved,
    findings: Vec<Finding>,
    disabled: &[&str],
) -> Vec<ReviewFinding> {
    let cx = Context { doc, resolved, findings };
    let mut out: Vec<ReviewFinding> = Vec::new();
    for rule in RULES.iter().filter(|r| !disabled.contains(&r.id)) {
        let hits = (rule.check)(&cx);
        let start = out.len();
        for hit in &hits {
            let shared = hit
                .group
                .as_ref()
                .filter(|g| hits.iter().filter(|h| h.group.as_ref() == Some(g)).nth(1).is_some());
            let mention = |target| Mention { target, label: label(doc, target) };
            if let Some(group) = shared {
                let existing = out[start..].iter_mut().find(|f| {
                    !f.items.is_empty() && f.message.split_once(' ').map(|(_, g)| g) == Some(group)
                });
                match existing {
                    Some(f) => {
                        if !f.items.iter().any(|m| m.target == hit.target) {
                            f.items.push(mention(hit.target));
                            f.message = format!("{} {group}", f.items.len());
                        }
                    }
                    None => out.push(ReviewFinding {
                        rule: rule.id,
                        severity: rule.severity,
                        target: hit.target,
                        message: format!("1 {group}"),
                        suggestion: hit.suggestion.clone(),
                        items: vec![mention(hit.target)],
                    }),
                }
                continue;
            }
            let f = ReviewFinding {
                rule: rule.id,
                severity: rule.severity,
                target: hit.target,
                message: hit.message.clone(),
                suggestion: hit.suggestion.clone(),
                items: Vec::new(),
            };
            if !out.contains(&f) {
                out.push(f);
            }
        }
    }
    out
}

/// Whether the review's count is worth showing: once the user has written something. A new
/// document of any template (blank fields, pre-created sections, rows nobody typed into) would
/// otherwise open with "10 things to check".
pub fn has_writing(doc: &Postmortem) -> bool {
    let typed = |s: &str| !s.trim().is_empty();
    let template = doc.template.template();
    let pre_created =
        |h: &str| template.sections.iter().any(|s| matches!(s.part, Part::Custom(t) if t == h));
    TextField::ALL.into_iter().any(|f| typed(doc.text(f)))
        || !doc.authors.is_empty()
        || !doc.responders.is_empty()
        || !doc.services_affected.is_empty()
        || doc.users_affected.is_some()
        || doc.timeline.iter().any(|e| typed(&e.time) || typed(&e.text))
        || doc.tasks.iter().any(|t| typed(&t.text) || typed(&t.owner) || typed(&t.due))
        || doc.improvements.iter().any(|i| typed(&i.text))
        || doc
            .custom_sections
            .iter()
            .any(|c| typed(&c.body) || (typed(&c.heading) && !pre_created(&c.heading)))
}

/// The name of the item or field `target` points at, for a sentence or a list:
/// "Task 3, ‘Patch the config’", "Timeline entry 2 (14:35), ‘Paged the on-call’",
/// "The “Trigger” section", "Summary".
pub fn label(doc: &Postmortem, target: Target) -> String {
    let (noun, title) = name(doc, target);
    match title {
        Some(t) => format!("{noun}, ‘{t}’"),
        None => noun,
    }
}

/// `message` about `target`, naming it: "This task has no owner" about task 3 reads
/// "Task 3, ‘Patch the config’, has no owner"; a message that does not start with "This"
/// follows the name and a colon.
pub fn about(doc: &Postmortem, target: Target, message: &str) -> String {
    let (noun, title) = name(doc, target);
    let subject = match &title {
        Some(t) => format!("{noun}, ‘{t}’,"),
        None => noun.clone(),
    };
    for prefix in [
        "This timeline entry ",
        "This action item ",
        "This resolution entry ",
        "This task ",
        "This entry ",
        "This ",
    ] {
        if let Some(rest) = message.strip_prefix(prefix) {
            return format!("{subject} {rest}");
        }
    }
    let subject = subject.trim_end_matches(',');
    let mut rest = message.to_owned();
    if rest.chars().nth(1).is_some_and(char::is_lowercase)
        && let Some(first) = rest.get(..1)
    {
        let lower = first.to_lowercase();
        rest.replace_range(..1, &lower);
    }
    format!("{subject}: {rest}")
}

/// A target's noun ("Task 3") and the start of its text, if it has one.
fn name(doc: &Postmortem, target: Target) -> (String, Option<String>) {
    let id = match target {
        Target::Item(id) | Target::ItemField(id, _) => id,
        Target::Field(f) => return (doc.template.template().field_label(f).to_owned(), None),
        Target::List(List::Timeline) => return ("The timeline".to_owned(), None),
        Target::List(List::Tasks | List::Improvements) => return ("The measures".to_owned(), None),
        Target::List(List::CustomSections) => return ("The other sections".to_owned(), None),
    };
    let title = |text: &str| {
        let line = text.split_whitespace().collect::<Vec<_>>().join(" ");
        if line.is_empty() {
            return None;
        }
        let mut short: String = line.chars().take(40).collect();
        if line.chars().count() > 40 {
            short.truncate(short.trim_end().len());
            short.push('…');
        }
        Some(short)
    };
    if let Some((i, e)) = doc.timeline.iter().enumerate().find(|(_, e)| e.id == id) {
        let time = e.time.trim();
        let noun = if time.is_empty() {
            format!("Timeline entry {}", i + 1)
        } else {
            format!("Timeline entry {} ({time})", i + 1)
        };
        return (noun, title(&e.text));
    }
    // A measure with a short title (`**Patch the config:** …`) is named by its title.
    let measure = |text: &str| match super::title::split(text) {
        ("", _) => title(text),
        (short, _) => title(short),
    };
    if let Some((i, t)) = doc.tasks.iter().enumerate().find(|(_, t)| t.id == id) {
        return (format!("Task {}", i + 1), measure(&t.text));
    }
    if let Some((i, m)) = doc.improvements.iter().enumerate().find(|(_, m)| m.id == id) {
        return (format!("Improvement {}", i + 1), measure(&m.text));
    }
    if let Some(c) = doc.custom_sections.iter().find(|c| c.id == id) {
        return (format!("The “{}” section", c.heading.trim()), None);
    }
    ("An item".to_owned(), None)
}

fn hit(target: Target, message: impl Into<String>, suggestion: Option<&str>) -> Hit {
    Hit { target, message: message.into(), suggestion: suggestion.map(str::to_owned), group: None }
}

/// validate's findings that `pick` selects, with `suggestion`; those about a list item name it.
fn select(cx: &Context, pick: impl Fn(&Finding) -> bool, suggestion: Option<&str>) -> Vec<Hit> {
    cx.findings
        .iter()
        .filter(|f| pick(f))
        .map(|f| match f.target {
            Target::Item(_) | Target::ItemField(..) => {
                hit(f.target, about(cx.doc, f.target, &f.message), suggestion)
            }
            _ => hit(f.target, &f.message, suggestion),
        })
        .collect()
}

/// `hits`, grouped as "{count} {group}" when there are several.
fn grouped(hits: Vec<Hit>, group: &str) -> Vec<Hit> {
    hits.into_iter().map(|h| Hit { group: Some(group.to_owned()), ..h }).collect()
}

fn blank(s: &str) -> bool {
    s.trim().is_empty()
}

// ---------------------------------------------------------------------------------------------
// Rules on validate's findings.

fn is_window_field(t: Target) -> bool {
    matches!(t, Target::Field(TextField::Start | TextField::End | TextField::Date))
}

fn incident_window(cx: &Context) -> Vec<Hit> {
    select(
        cx,
        |f| f.kind == FindingKind::Missing && is_window_field(f.target),
        Some(
            "Give the incident's date and when the impact started and ended: every duration and metric is measured from them.",
        ),
    )
}

fn unreadable_time(cx: &Context) -> Vec<Hit> {
    select(cx, |f| f.kind == FindingKind::Unreadable, None)
}

fn timeline_order(cx: &Context) -> Vec<Hit> {
    select(cx, |f| f.kind == FindingKind::OutOfOrder, Some("Check the time, or sort the timeline."))
}

fn timeline_window(cx: &Context) -> Vec<Hit> {
    select(
        cx,
        |f| f.kind == FindingKind::OutsideWindow,
        Some(
            "Check the time; if the incident really began earlier or ended later, move its start or end.",
        ),
    )
}

fn task_owner(cx: &Context) -> Vec<Hit> {
    let hits = select(
        cx,
        |f| f.kind == FindingKind::NoOwner,
        Some("Name one person or team who will see it through."),
    );
    grouped(hits, "action items have no owner")
}

fn unknown_severity(cx: &Context) -> Vec<Hit> {
    select(cx, |f| f.kind == FindingKind::UnknownSeverity, None)
}

// ---------------------------------------------------------------------------------------------
// Required sections.

/// The template's required sections: validate's "missing" findings ([`Template::gaps`] decides
/// what is missing), with the template's prompt as the suggestion.
///
/// [`Template::gaps`]: super::template::Template::gaps
fn required_section(cx: &Context) -> Vec<Hit> {
    let template = cx.doc.template.template();
    cx.findings
        .iter()
        .filter(|f| f.kind == FindingKind::Missing && !is_window_field(f.target))
        .map(|f| {
            let hint = template
                .part_of(cx.doc, f.target)
                .and_then(|p| template.section(p))
                .map(|s| s.hint)
                .filter(|h| !h.is_empty());
            hit(f.target, &f.message, hint)
        })
        .collect()
}

// ---------------------------------------------------------------------------------------------
// The timeline.

fn duration_mismatch(cx: &Context) -> Vec<Hit> {
    let mut out = select(
        cx,
        |f| f.kind == FindingKind::EndBeforeStart,
        Some("Check the end: without a date it is the first such time after the start."),
    );
    let (doc, r) = (cx.doc, &cx.resolved);
    let first = |kind| first_of(doc, r, kind);
    let resolution = first(EntryKind::Resolution);
    if let (Some((_, at)), Some(end)) = (resolution, r.end())
        && (at - end).abs() >= 60
        && r.start().is_none_or(|s| end >= s)
    {
        let (ahead, by) = if end < at { ("before", at - end) } else { ("after", end - at) };
        out.push(hit(
            Target::Field(TextField::End),
            format!(
                "The incident ends {} {ahead} the timeline's resolution entry",
                duration_in_words(by)
            ),
            Some("Make the end the time service was fully restored, or retag the entry."),
        ));
    }
    let before = |later: Option<(Id, Instant)>, earlier: Option<(Id, Instant)>, what: &str| match (
        later, earlier,
    ) {
        (Some((id, l)), Some((_, e))) if l < e => Some(hit(
            Target::Item(id),
            format!("This resolution entry comes before the {what} entry"),
            Some(
                "Check the times and the tags: an incident is resolved after it is detected and mitigated.",
            ),
        )),
        _ => None,
    };
    out.extend(before(resolution, first(EntryKind::Detection), "detection"));
    out.extend(before(resolution, first(EntryKind::Mitigation), "mitigation"));
    out
}

fn timeline_untimed(cx: &Context) -> Vec<Hit> {
    let mut out: Vec<Hit> = cx
        .doc
        .timeline
        .iter()
        .filter(|e| blank(&e.time) && !blank(&e.text))
        .map(|e| {
            let target = Target::ItemField(e.id, ItemField::Time);
            hit(
                target,
                about(cx.doc, target, "This timeline entry has no time"),
                Some("Add when it happened, even roughly: the order and the metrics depend on it."),
            )
        })
        .collect();
    out = grouped(out, "timeline entries have no time");
    out.extend(grouped(
        select(cx, |f| f.kind == FindingKind::NeedsDate, None),
        "timeline entries need a date: the incident lasted more than a day",
    ));
    out
}

const DETECTION_WORDS: &[&str] = &[
    "alert",
    "alerted",
    "alerts",
    "alarm",
    "paged",
    "page",
    "detected",
    "noticed",
    "reported",
    "complaints",
    "monitoring",
];
const RESOLUTION_WORDS: &[&str] = &[
    "resolved",
    "recovered",
    "recovery",
    "restored",
    "back to normal",
    "returns to normal",
    "returned to normal",
    "resumed",
    "all clear",
    "all-clear",
    "closed",
];

/// A timeline rule for an entry kind nobody tagged: points at the entry that looks like it.
fn untagged(cx: &Context, kind: EntryKind, words: &[&str], last: bool) -> Vec<Hit> {
    let doc = cx.doc;
    let entries: Vec<_> = doc.timeline.iter().filter(|e| !blank(&e.text)).collect();
    if entries.is_empty() || doc.timeline.iter().any(|e| e.kind == Some(kind)) {
        return Vec::new();
    }
    let looks = |e: &&&super::TimelineEntry| {
        let lower = e.text.to_lowercase();
        words.iter().any(|w| has_phrase(&lower, w))
    };
    let likely = if last { entries.iter().rev().find(looks) } else { entries.iter().find(looks) };
    let label = kind.label();
    let (target, suggestion) = match likely {
        Some(e) => (
            Target::Item(e.id),
            format!(
                "This entry looks like the {label}: tag it “{label}” so the metrics can use it."
            ),
        ),
        None => (
            Target::List(List::Timeline),
            format!("Add the moment of the {label}, or tag the entry that records it “{label}”."),
        ),
    };
    vec![Hit {
        target,
        message: format!("No timeline entry is tagged as the {label}"),
        suggestion: Some(suggestion),
        group: None,
    }]
}

fn no_detection(cx: &Context) -> Vec<Hit> {
    untagged(cx, EntryKind::Detection, DETECTION_WORDS, false)
}

fn no_resolution(cx: &Context) -> Vec<Hit> {
    untagged(cx, EntryKind::Resolution, RESOLUTION_WORDS, true)
}

// ---------------------------------------------------------------------------------------------
// Action items.

fn task_due(cx: &Context) -> Vec<Hit> {
    cx.doc
        .tasks
        .iter()
        .filter(|t| !t.done && !blank(&t.text) && blank(&t.due))
        .map(|t| {
            let target = Target::ItemField(t.id, ItemField::Due);
            Hit {
                group: Some("open action items have no due date".to_owned()),
                ..hit(
                    target,
                    about(cx.doc, target, "This action item has no due date"),
                    Some("Give it a date: items without one tend to slip forever."),
                )
            }
        })
        .collect()
}

/// Measures without one task: improvements nobody owns, or task rows nobody filled in. (An
/// empty measures section is a missing section, reported once by `required-section`.)
fn no_action_items(cx: &Context) -> Vec<Hit> {
    let doc = cx.doc;
    let reported = cx
        .findings
        .iter()
        .any(|f| f.kind == FindingKind::Missing && f.target == Target::List(List::Tasks));
    if reported || doc.tasks.iter().any(|t| !blank(&t.text)) {
        return Vec::new();
    }
    vec![hit(
        Target::List(List::Tasks),
        "There are no action items: nothing says who will do what, by when",
        Some(
            "Add at least one task with an owner and a due date, even if it only tracks an improvement above.",
        ),
    )]
}

/// Phrases that promise effort rather than an outcome.
const VAGUE: &[&str] = &[
    "look into",
    "looking into",
    "investigate",
    "improve",
    "improving",
    "enhance",
    "consider",
    "explore",
    "revisit",
    "optimize",
    "optimise",
    "monitor better",
    "better monitoring",
    "more monitoring",
    "be more careful",
    "try to",
    "beef up",
    "beefing up",
    "strengthen",
];

/// Words that make an action checkable (a digit anywhere also does).
const MEASURABLE: &[&str] = &[
    "below",
    "above",
    "under",
    "over",
    "within",
    "less than",
    "more than",
    "at least",
    "at most",
    "every",
    "each",
    "threshold",
    "per",
    "alert when",
    "alert if",
    "page when",
    "page if",
];

/// The vague phrase in an action without a measurable criterion.
pub fn vague_phrase(text: &str) -> Option<&'static str> {
    let lower = text.to_lowercase();
    if lower.chars().any(|c| c.is_ascii_digit()) || lower.contains('%') {
        return None;
    }
    if MEASURABLE.iter().any(|m| has_phrase(&lower, m)) {
        return None;
    }
    VAGUE.iter().copied().find(|v| has_phrase(&lower, v))
}

fn vague_action(cx: &Context) -> Vec<Hit> {
    let items = cx
        .doc
        .tasks
        .iter()
        .filter(|t| !t.done)
        .map(|t| (t.id, &t.text))
        .chain(cx.doc.improvements.iter().map(|i| (i.id, &i.text)));
    items
        .filter_map(|(id, text)| {
            let phrase = vague_phrase(text)?;
            let target = Target::ItemField(id, ItemField::Text);
            Some(Hit {
                group: Some("action items say nothing measurable: how will we know they are done?".to_owned()),
                ..hit(
                    target,
                    about(cx.doc, target, &format!("“{phrase}” with nothing measurable: how will we know it is done?")),
                    Some("Say what changes and how to check it: a threshold, a number or a date (“alert when memory stays above 80% for 5 minutes”)."),
                )
            })
        })
        .collect()
}

// ---------------------------------------------------------------------------------------------
// Blame language.

/// Words and phrases that judge people, with neutral wording to suggest.
const BLAME: &[(&str, &str)] = &[
    (
        "human error",
        "Describe the gap instead: which safeguard, check or tool would have caught the action?",
    ),
    (
        "operator error",
        "Describe the gap instead: which safeguard, check or tool would have caught the action?",
    ),
    (
        "should have",
        "Say what would have helped, without judging: “an alert on X would have shown it sooner”.",
    ),
    (
        "should've",
        "Say what would have helped, without judging: “an alert on X would have shown it sooner”.",
    ),
    (
        "shouldn't have",
        "Say what would have helped, without judging: “a confirmation step would have stopped it”.",
    ),
    (
        "should not have",
        "Say what would have helped, without judging: “a confirmation step would have stopped it”.",
    ),
    ("careless", "Describe what happened and what made it easy to happen."),
    ("carelessness", "Describe what happened and what made it easy to happen."),
    ("negligent", "Describe what happened and what made it easy to happen."),
    ("negligence", "Describe what happened and what made it easy to happen."),
    ("stupid", "Describe the decision and the information available at the time."),
    ("incompetent", "Describe the decision and the information available at the time."),
    ("sloppy", "Describe what happened and what made it easy to happen."),
    ("fault", "Say what failed in the system, not whose fault it was."),
    ("blame", "Postmortems are blameless: describe the conditions, not who is to blame."),
    ("blamed", "Postmortems are blameless: describe the conditions, not who is to blame."),
    ("to blame", "Postmortems are blameless: describe the conditions, not who is to blame."),
];

/// "Should have" and its kin judge only when a person is the subject: "we should have rolled
/// back" does, "the load balancer, which should have been drained" does not.
const SHOULD: &[&str] = &["should have", "should've", "shouldn't have", "should not have"];

/// Subjects that stand for people (a known person or an `@handle` also does).
const PERSON_WORDS: &[&str] = &[
    "i",
    "we",
    "you",
    "he",
    "she",
    "they",
    "us",
    "who",
    "someone",
    "somebody",
    "anyone",
    "anybody",
    "nobody",
    "everyone",
    "everybody",
    "engineer",
    "engineers",
    "operator",
    "operators",
    "developer",
    "developers",
    "responder",
    "responders",
    "reviewer",
    "reviewers",
    "author",
    "authors",
    "admin",
    "admins",
    "administrator",
    "administrators",
    "oncall",
    "sre",
    "sres",
    "team",
    "teams",
    "person",
    "people",
    "staff",
    "manager",
    "managers",
    "lead",
    "owner",
    "owners",
];

/// Words between a subject and "should have" that say nothing about who it is.
const ADVERBS: &[&str] = &[
    "really",
    "probably",
    "definitely",
    "also",
    "clearly",
    "obviously",
    "arguably",
    "perhaps",
    "maybe",
    "certainly",
    "ideally",
    "still",
    "never",
    "always",
    "likely",
    "both",
    "all",
    "then",
];

/// Whether the subject of the "should have" at byte `at` of `text` is a person: the last word
/// before it in its clause (adverbs skipped; for "which", "that" and "who", the word they refer
/// to). A capitalised word opening a clause ("Monitoring should have…") is a person only when
/// it is one of the document's people. No subject at all ("Should have rolled back") is the
/// writer's own team.
fn subject_is_person(text: &str, at: usize, people: &[String]) -> bool {
    let before = &text[..at];
    let clause = before.rfind(['.', '!', '?', ';', ':', '\n', '(']).map_or(0, |i| i + 1);
    let ws: Vec<&str> = words(&text[clause..at]).into_iter().map(|(_, w)| w).collect();
    let mut k = ws.len();
    while k > 0 && ADVERBS.contains(&ws[k - 1].to_lowercase().as_str()) {
        k -= 1;
    }
    if k == 0 {
        return true;
    }
    let person = |k: usize| {
        let w = ws[k];
        let lw = w.to_lowercase();
        w.starts_with('@')
            || people.iter().any(|p| p == w)
            || PERSON_WORDS.contains(&lw.as_str())
            || (lw == "call" && k > 0 && ws[k - 1].eq_ignore_ascii_case("on"))
            || (k > 0 && is_name_like(w))
    };
    match ws[k - 1].to_lowercase().as_str() {
        "who" => true,
        "which" => false,
        "that" if k >= 2 => person(k - 2),
        _ => person(k - 1),
    }
}

/// Technical uses of "fault" and "blame" that judge nobody.
const NOT_BLAME: &[&str] = &[
    "fault tolerance",
    "fault tolerant",
    "fault-tolerant",
    "fault-tolerance",
    "fault injection",
    "fault domain",
    "fault domains",
    "fault isolation",
    "fault detection",
    "fault handler",
    "page fault",
    "page faults",
    "segmentation fault",
    "protection fault",
    "bus fault",
    "git blame",
    "no blame",
    "without blame",
];

/// Verbs only people do: a capitalised name before one is blamed whoever it is.
const PERSON_VERBS: &[&str] = &[
    "forgot",
    "neglected",
    "ignored",
    "messed up",
    "screwed up",
    "fat-fingered",
    "fat fingered",
    "dropped the ball",
    "made a mistake",
    "made an error",
    "didn't bother",
    "did not bother",
];

/// Verbs that make their subject the cause, which systems do too: a subject before one is
/// blamed only when it is one of the document's people (an author, a responder, a task owner)
/// or an `@handle`. Plain actions (`deleted`, `deployed`) are not here: a timeline narrates what
/// responders did, and that is not blame.
const CAUSE_VERBS: &[&str] =
    &["broke", "caused", "was responsible for", "is responsible for", "brought down", "took down"];

/// Capitalised words that start sentences, never people.
const NOT_NAMES: &[&str] = &[
    "The",
    "This",
    "That",
    "These",
    "Those",
    "It",
    "Its",
    "We",
    "Our",
    "They",
    "Their",
    "He",
    "She",
    "His",
    "Her",
    "I",
    "You",
    "A",
    "An",
    "And",
    "But",
    "Then",
    "When",
    "After",
    "Before",
    "While",
    "Someone",
    "Somebody",
    "Nobody",
    "Everyone",
    "Everybody",
    "Nothing",
    "Everything",
    "Also",
    "So",
    "Finally",
    "Eventually",
    "Initially",
    "Which",
    "Who",
    "What",
    "If",
    "Once",
];

const PERSON_SUGGESTION: &str = "Describe the action and what allowed it, not the person: “a config change reached production without review” rather than “<name> broke it”.";

fn blame_language(cx: &Context) -> Vec<Hit> {
    let doc = cx.doc;
    let people = people(doc);
    let mut texts: Vec<(Target, &str)> =
        TextField::PROSE.into_iter().map(|f| (Target::Field(f), field_text(doc, f))).collect();
    texts.extend(doc.timeline.iter().map(|e| (Target::ItemField(e.id, ItemField::Text), &*e.text)));
    texts.extend(doc.tasks.iter().map(|t| (Target::ItemField(t.id, ItemField::Text), &*t.text)));
    texts.extend(
        doc.improvements.iter().map(|i| (Target::ItemField(i.id, ItemField::Text), &*i.text)),
    );
    texts.extend(
        doc.custom_sections.iter().map(|c| (Target::ItemField(c.id, ItemField::Body), &*c.body)),
    );
    let mut out = Vec::new();
    for (target, text) in texts {
        for (message, suggestion) in blame_in(text, &people) {
            let group = Some(format!("places: {message}"));
            let message = match target {
                Target::Field(_) => message,
                _ => about(doc, target, &message),
            };
            out.push(Hit { target, message, suggestion: Some(suggestion.to_owned()), group });
        }
    }
    out
}

fn field_text(doc: &Postmortem, f: TextField) -> &str {
    match f {
        TextField::Summary => &doc.summary,
        TextField::Impact => &doc.impact,
        TextField::RootCause => &doc.root_cause,
        TextField::Detection => &doc.detection,
        TextField::Resolution => &doc.resolution,
        TextField::ContributingFactors => &doc.contributing_factors,
        TextField::WentWell => &doc.went_well,
        TextField::WentWrong => &doc.went_wrong,
        TextField::GotLucky => &doc.got_lucky,
        _ => "",
    }
}

/// The document's people, as the capitalised words of their names.
fn people(doc: &Postmortem) -> Vec<String> {
    let names = doc.authors.iter().chain(&doc.responders).chain(doc.tasks.iter().map(|t| &t.owner));
    let mut out: Vec<String> = names
        .flat_map(|n| n.split(|c: char| !c.is_alphanumeric() && c != '@'))
        .filter(|w| w.chars().count() >= 2 && w.chars().next().is_some_and(char::is_uppercase))
        .filter(|w| !NOT_NAMES.contains(w))
        .map(str::to_owned)
        .collect();
    crate::sort::sort(&mut out);
    out.dedup();
    out
}

/// The blame found in `text`: messages and suggestions, in the order found.
pub fn blame_in(text: &str, people: &[String]) -> Vec<(String, &'static str)> {
    let lower = lowercase_in_place(text);
    // A phrase occurs as whole words only where its first word is one of the text's words: a
    // set lookup spares a search of the text per phrase (the review of a 200-entry timeline ran
    // 50 searches per entry).
    let mut tokens: Vec<&str> =
        lower.split(|c: char| !c.is_alphanumeric()).filter(|t| !t.is_empty()).collect();
    crate::sort::sort(&mut tokens);
    tokens.dedup();
    let may_occur = |phrase: &str| {
        phrase
            .split(|c: char| !c.is_alphanumeric())
            .next()
            .is_none_or(|first| first.is_empty() || tokens.binary_search(&first).is_ok())
    };
    let mut out: Vec<(String, &'static str)> = Vec::new();
    let mut not_blame: Vec<(usize, usize)> = Vec::new();
    for phrase in NOT_BLAME.iter().filter(|p| may_occur(p)) {
        not_blame.extend(phrase_at(&lower, phrase).map(|i| (i, i + phrase.len())));
    }
    for (phrase, suggestion) in BLAME.iter().filter(|(p, _)| may_occur(p)) {
        let judged = phrase_at(&lower, phrase).any(|i| {
            !not_blame.iter().any(|(a, b)| *a <= i && i < *b)
                && (!SHOULD.contains(phrase) || subject_is_person(text, i, people))
        });
        if judged && !out.iter().any(|(m, _)| m.contains(&format!("“{phrase}”"))) {
            let phrase_shown = if *phrase == "to blame" { "blame" } else { phrase };
            let message = format!("“{phrase_shown}” judges people: postmortems are blameless");
            if !out.iter().any(|(m, _)| *m == message) {
                out.push((message, suggestion));
            }
        }
    }
    // A person named as the cause.
    let words: Vec<(usize, &str)> = words(text);
    for (k, (at, word)) in words.iter().enumerate() {
        let known = word.starts_with('@') || people.iter().any(|p| p == word);
        let name_like = is_name_like(word);
        if !known && !name_like {
            continue; // Only a person, or a word that looks like a name, is blamed.
        }
        let rest = lower[at + word.len()..].trim_start();
        let person_verb = PERSON_VERBS.iter().find(|v| starts_with_phrase(rest, v));
        let cause_verb = CAUSE_VERBS.iter().find(|v| starts_with_phrase(rest, v));
        let verb = match (person_verb, cause_verb) {
            (Some(v), _) if known || name_like => Some(*v),
            (_, Some(v)) if known => Some(*v),
            _ => None,
        };
        let possessive = (known || name_like)
            && ["'s fault", "'s mistake", "’s fault", "’s mistake"]
                .iter()
                .any(|p| lower[at + word.len()..].starts_with(p));
        let caused_by = (known)
            && k >= 2
            && matches!(
                (words[k - 2].1.to_lowercase().as_str(), words[k - 1].1.to_lowercase().as_str()),
                ("caused", "by") | ("fault", "of") | ("due", "to") | ("because", "of")
            );
        let message = if let Some(v) = verb {
            Some(format!("“{word} {v}” names a person as the cause"))
        } else if possessive || caused_by {
            Some(format!("“{word}” is named as the cause"))
        } else {
            None
        };
        if let Some(m) = message {
            out.push((m, PERSON_SUGGESTION));
        }
    }
    out
}

/// `text` in lower case, with every byte offset kept: a letter whose lower case is longer or
/// shorter in UTF-8 (`Ⱥ` → `ⱥ`) stays as it is, so offsets into `text` are offsets into the
/// result (the blame check reads both at once).
fn lowercase_in_place(text: &str) -> String {
    if text.is_ascii() {
        return text.to_ascii_lowercase();
    }
    text.chars()
        .map(|c| {
            if c.is_ascii() {
                return c.to_ascii_lowercase();
            }
            let mut lower = c.to_lowercase();
            match (lower.next(), lower.next()) {
                (Some(l), None) if l.len_utf8() == c.len_utf8() => l,
                _ => c,
            }
        })
        .collect()
}

/// Words of `text` with their byte offsets (letters, digits, `@`, `-`, `_`, `.` inside).
fn words(text: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    let is_word = |c: char| c.is_alphanumeric() || c == '@' || c == '_';
    for (i, c) in text.char_indices() {
        match (start, is_word(c)) {
            (None, true) => start = Some(i),
            (Some(s), false) => {
                out.push((s, &text[s..i]));
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        out.push((s, &text[s..]));
    }
    out
}

/// A capitalised word that reads as a first name: `Bob`, not `HAProxy`, `The` or `API`.
fn is_name_like(word: &str) -> bool {
    let mut chars = word.chars();
    chars.next().is_some_and(char::is_uppercase)
        && word.chars().count() >= 2
        && chars.all(char::is_lowercase)
        && !NOT_NAMES.contains(&word)
}

/// Byte offsets where `phrase` occurs in `lower` as whole words.
fn phrase_at<'a>(lower: &'a str, phrase: &'a str) -> impl Iterator<Item = usize> + 'a {
    lower.match_indices(phrase).map(|(i, _)| i).filter(move |i| {
        let before = lower[..*i].chars().next_back();
        let after = lower[i + phrase.len()..].chars().next();
        !before.is_some_and(|c| c.is_alphanumeric() || c == '-')
            && !after.is_some_and(|c| c.is_alphanumeric() || c == '-')
    })
}

fn has_phrase(lower: &str, phrase: &str) -> bool {
    phrase_at(lower, phrase).next().is_some()
}

fn starts_with_phrase(rest: &str, phrase: &str) -> bool {
    rest.starts_with(phrase)
        && !rest[phrase.len()..].chars().next().is_some_and(|c| c.is_alphanumeric())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[track_caller]
    fn check_blame(text: &str, people: &[&str], expect: &[&str]) {
        let people: Vec<String> = people.iter().map(|p| (*p).to_owned()).collect();
        let got: Vec<String> = blame_in(text, &people).into_iter().map(|(m, _)| m).collect();
        assert_eq!(got, expect, "{text}");
    }

    #[test]
    fn letters_whose_lower_case_changes_length_do_not_break_the_blame_check() {
        // `Ⱥ` is 2 bytes, its lower case 3; `ẞ` is 3, its lower case 2.
        for text in ["Ⱥ é x", "ȺȺ broke it", "ẞob broke it", "İstanbul deployed it", "Ⱥnna's fault"]
        {
            let _ = blame_in(text, &["Ⱥnna".to_owned(), "ẞob".to_owned()]);
        }
        check_blame("Ⱥnna broke it", &["Ⱥnna"], &["“Ⱥnna broke” names a person as the cause"]);
    }

    #[test]
    fn blame_words() {
        check_blame(
            "It was human error.",
            &[],
            &["“human error” judges people: postmortems are blameless"],
        );
        check_blame(
            "We should have rolled back.",
            &[],
            &["“should have” judges people: postmortems are blameless"],
        );
        check_blame(
            "A careless change",
            &[],
            &["“careless” judges people: postmortems are blameless"],
        );
        check_blame("Who is to blame?", &[], &["“blame” judges people: postmortems are blameless"]);
    }
    #[test]
    fn should_have_judges_only_people() {
        let judged = &["“should have” judges people: postmortems are blameless"][..];
        check_blame("We should have rolled back.", &[], judged);
        check_blame("Should have rolled back sooner.", &[], judged);
        check_blame("The on-call engineer should have paged the DB team.", &[], judged);
        check_blame("The on-call should have escalated.", &[], judged);
        check_blame("Ada should have checked.", &["Ada"], judged);
        check_blame("The change was merged, and Ada probably should have waited.", &[], judged);
        check_blame("The reviewer, who should have asked, approved it.", &[], judged);
        check_blame("The engineer that should have known was away.", &[], judged);
        check_blame(
            "@jo should've checked.",
            &[],
            &["“should've” judges people: postmortems are blameless"],
        );
    }
    #[test]
    fn should_have_about_a_thing_is_not_blame() {
        check_blame("Traffic went to the load balancer, which should have been drained.", &[], &[]);
        check_blame("The alert should have fired at 14:02.", &[], &[]);
        check_blame("Monitoring should have caught the growth.", &[], &[]);
        check_blame("It should not have reached production.", &[], &[]);
        check_blame("The config that should have been reverted stayed.", &[], &[]);
        check_blame("HAProxy really should have retried.", &[], &[]);
        check_blame("The canary (which should have failed) passed.", &[], &[]);
    }
    #[test]
    fn technical_words_are_not_blame() {
        check_blame("Fault tolerance and page faults; git blame shows the line.", &[], &[]);
        check_blame("A blameless review of a faulty disk.", &[], &[]);
        check_blame("Someone finally got a bright idea. We were wrong.", &[], &[]);
    }
    #[test]
    fn names_with_verbs_only_people_do() {
        check_blame(
            "Bob forgot to renew the cert.",
            &[],
            &["“Bob forgot” names a person as the cause"],
        );
        check_blame("HAProxy forgot nothing; The team forgot.", &[], &[]);
    }
    #[test]
    fn names_with_cause_verbs_only_when_they_are_people() {
        check_blame("Datadog failed to alert.", &[], &[]);
        check_blame(
            "Priya broke the deploy.",
            &["Priya"],
            &["“Priya broke” names a person as the cause"],
        );
        check_blame("@jo broke the build.", &[], &["“@jo broke” names a person as the cause"]);
        check_blame("Priya deployed the fix.", &["Priya"], &[]);
        check_blame(
            "The outage was caused by Priya.",
            &["Priya"],
            &["“Priya” is named as the cause"],
        );
        check_blame(
            "It was Sam's fault.",
            &[],
            &["“fault” judges people: postmortems are blameless", "“Sam” is named as the cause"],
        );
    }
    #[test]
    fn vague_actions() {
        assert_eq!(vague_phrase("Look into the memory usage"), Some("look into"));
        assert_eq!(vague_phrase("Improve monitoring"), Some("improve"));
        assert_eq!(vague_phrase("Improve alerting: page when p99 > 2s"), None);
        assert_eq!(vague_phrase("Alert when memory stays above 80% for 5 minutes"), None);
        assert_eq!(vague_phrase("Add a canary stage to the deploy pipeline"), None);
        assert_eq!(vague_phrase("Track improvements in a spreadsheet"), None);
    }
}
