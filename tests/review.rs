//! The review: every rule triggers on a planted problem and stays quiet on a near miss, a clean
//! draft has no findings, a bad draft's findings fall to zero as they are fixed one by one, and
//! the real postmortems in `../shared/seeds` (when present) are reviewed without panics.
//!
//! `tests/fixtures/review/clean.json` is a draft with nothing to say; `bad.json` plants one
//! problem per rule (`bad.expected` is its review, one finding per line;
//! `UPDATE_SNAPSHOTS=1` rewrites it).
#![cfg(not(target_arch = "wasm32"))]

use postmortem_editor::draft::codec;
use postmortem_editor::markdown::import;
use postmortem_editor::model::review::{RULES, ReviewFinding, review, rule};
use postmortem_editor::model::time::FixedOnly;
use postmortem_editor::model::validate::Target;
use postmortem_editor::model::{
    CustomSection, Edit, EntryKind, Id, Improvement, ItemField, Postmortem, TemplateId, TextField,
    apply, new_from_template,
};
use std::fs;
use std::path::PathBuf;

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/review").join(name)
}

fn load(name: &str) -> Postmortem {
    codec::decode(&fs::read_to_string(fixture(name)).unwrap()).unwrap()
}

fn findings(doc: &Postmortem) -> Vec<ReviewFinding> {
    review(doc, &FixedOnly, &[])
}

fn show(f: &ReviewFinding) -> String {
    format!("{} {:?}: {}", f.rule, f.target, f.message)
}

fn rules_found(doc: &Postmortem) -> Vec<&'static str> {
    let mut ids: Vec<&str> = findings(doc).iter().map(|f| f.rule).collect();
    ids.dedup();
    ids
}

/// `trigger` applied to the clean draft makes rule `id` report (and only findings it expects);
/// `near_miss` applied to it does not.
#[track_caller]
fn check(id: &str, trigger: impl FnOnce(&mut Postmortem), near_miss: impl FnOnce(&mut Postmortem)) {
    assert!(rule(id).is_some(), "no rule {id}");
    let mut doc = load("clean.json");
    trigger(&mut doc);
    let found: Vec<String> = findings(&doc).iter().map(show).collect();
    assert!(
        found.iter().any(|f| f.starts_with(&format!("{id} "))),
        "{id} did not trigger: {found:#?}"
    );
    let mut doc = load("clean.json");
    near_miss(&mut doc);
    let found: Vec<String> = findings(&doc).iter().filter(|f| f.rule == id).map(show).collect();
    assert!(found.is_empty(), "{id} triggered on the near miss: {found:#?}");
}

fn set(doc: &mut Postmortem, field: TextField, value: &str) {
    apply(doc, Edit::SetText { field, value: value.to_owned() });
}

fn item(doc: &mut Postmortem, id: u64, field: ItemField, value: &str) {
    apply(doc, Edit::SetItemText { id: Id(id), field, value: value.to_owned() });
}

fn kind(doc: &mut Postmortem, id: u64, kind: Option<EntryKind>) {
    apply(doc, Edit::SetKind { id: Id(id), kind });
}

#[test]
fn a_clean_draft_has_no_findings() {
    let found: Vec<String> = findings(&load("clean.json")).iter().map(show).collect();
    assert_eq!(found, Vec::<String>::new());
}

#[test]
fn incident_window() {
    check(
        "incident-window",
        |d| set(d, TextField::End, ""),
        |d| {
            set(d, TextField::Date, "");
            set(d, TextField::Start, "2024-06-05 14:30");
        },
    );
}
#[test]
fn unreadable_time() {
    check(
        "unreadable-time",
        |d| item(d, 5, ItemField::Due, "next week"),
        |d| item(d, 5, ItemField::Due, "June 20, 2024"),
    );
}
#[test]
fn required_section_default_template() {
    check(
        "required-section",
        |d| set(d, TextField::Summary, " "),
        |d| set(d, TextField::ContributingFactors, ""),
    );
}
#[test]
fn required_section_sre_template() {
    let sre = |d: &mut Postmortem| {
        d.template = TemplateId::GoogleSre;
        set(d, TextField::GotLucky, "It happened on a quiet day.");
        d.custom_sections = vec![
            CustomSection { id: Id(20), heading: "Trigger".into(), body: "A config push.".into() },
            CustomSection {
                id: Id(21),
                heading: "Supporting Information".into(),
                body: String::new(),
            },
        ];
    };
    check(
        "required-section",
        |d| {
            sre(d);
            d.custom_sections[0].body.clear();
        },
        // Supporting information is optional.
        sre,
    );
}
#[test]
fn required_section_blank_template_asks_for_nothing() {
    check(
        "required-section",
        |d| set(d, TextField::Summary, ""),
        |d| {
            d.template = TemplateId::Blank;
            set(d, TextField::Summary, "");
            set(d, TextField::Impact, "");
        },
    );
}
#[test]
fn duration_mismatch_resolution_entry_and_end() {
    check(
        "duration-mismatch",
        |d| set(d, TextField::End, "16:45"),
        |d| set(d, TextField::End, "16:30 UTC"),
    );
}
#[test]
fn duration_mismatch_end_before_start() {
    check(
        "duration-mismatch",
        |d| set(d, TextField::End, "2024-06-05 13:00"),
        |d| set(d, TextField::End, "2024-06-05 16:30"),
    );
}
#[test]
fn duration_mismatch_resolution_before_detection() {
    check(
        "duration-mismatch",
        |d| {
            kind(d, 3, Some(EntryKind::Resolution));
            kind(d, 4, Some(EntryKind::Detection));
        },
        |d| kind(d, 2, Some(EntryKind::Detection)),
    );
}
#[test]
fn timeline_order() {
    check(
        "timeline-order",
        |d| item(d, 3, ItemField::Time, "14:20"),
        |d| item(d, 3, ItemField::Time, "14:34"),
    );
}
#[test]
fn timeline_window() {
    check(
        "timeline-window",
        |d| item(d, 1, ItemField::Time, "14:00"),
        |d| item(d, 4, ItemField::Time, "16:30 UTC"),
    );
}
#[test]
fn timeline_untimed() {
    check(
        "timeline-untimed",
        |d| item(d, 3, ItemField::Time, ""),
        |d| {
            // An empty row is not an entry yet.
            item(d, 3, ItemField::Time, "");
            item(d, 3, ItemField::Text, "");
        },
    );
}
#[test]
fn no_detection() {
    check("no-detection", |d| kind(d, 1, None), |d| kind(d, 2, Some(EntryKind::Detection)));
}
#[test]
fn no_detection_points_at_the_likely_entry() {
    let mut d = load("clean.json");
    kind(&mut d, 1, None);
    let f = findings(&d).into_iter().find(|f| f.rule == "no-detection").unwrap();
    assert_eq!(f.target, Target::Item(Id(1)));
}
#[test]
fn no_resolution() {
    check("no-resolution", |d| kind(d, 4, None), |d| kind(d, 3, Some(EntryKind::Resolution)));
}
#[test]
fn task_owner() {
    check(
        "task-owner",
        |d| item(d, 5, ItemField::Owner, ""),
        |d| item(d, 5, ItemField::Owner, "@storage-team"),
    );
}
#[test]
fn task_due() {
    check(
        "task-due",
        |d| item(d, 5, ItemField::Due, ""),
        |d| {
            item(d, 5, ItemField::Due, "");
            apply(d, Edit::SetDone { id: Id(5), value: true });
        },
    );
}
#[test]
fn vague_action_in_a_task() {
    check(
        "vague-action",
        |d| item(d, 5, ItemField::Text, "Improve monitoring"),
        |d| item(d, 5, ItemField::Text, "Improve monitoring: alert when the disk is above 80%"),
    );
}
#[test]
fn vague_action_in_an_improvement() {
    let add = |text: &'static str| {
        move |d: &mut Postmortem| {
            let item = Improvement { id: Id(0), text: text.into() };
            apply(
                d,
                Edit::Add { index: 0, item: postmortem_editor::model::Item::Improvement(item) },
            );
        }
    };
    check("vague-action", add("Look into log rotation"), add("Rotate logs every hour"));
}
#[test]
fn blame_words() {
    check(
        "blame-language",
        |d| set(d, TextField::RootCause, "Human error: the engineer was careless."),
        |d| set(d, TextField::RootCause, "The rotation config had no test and no review step."),
    );
}
#[test]
fn blame_should_have() {
    check(
        "blame-language",
        |d| set(d, TextField::WentWrong, "We should have rolled back sooner."),
        |d| set(d, TextField::WentWrong, "Rolling back sooner would have shortened the outage."),
    );
}
#[test]
fn blame_a_person_named_as_the_cause() {
    check(
        "blame-language",
        |d| item(d, 3, ItemField::Text, "Ada broke the upload nodes."),
        |d| item(d, 3, ItemField::Text, "Ada deleted the old logs; errors drop."),
    );
}
#[test]
fn blame_caused_by_a_responder() {
    check(
        "blame-language",
        |d| set(d, TextField::Summary, "The outage was caused by Lin."),
        |d| set(d, TextField::Summary, "The outage was caused by Logrotate."),
    );
}
#[test]
fn blame_technical_words() {
    check(
        "blame-language",
        |d| set(d, TextField::ContributingFactors, "Whose fault was it?"),
        |d| {
            set(
                d,
                TextField::ContributingFactors,
                "Fault tolerance hid the problem; git blame found the change.",
            )
        },
    );
}
#[test]
fn unknown_severity() {
    check(
        "unknown-severity",
        |d| set(d, TextField::Severity, "P0"),
        |d| set(d, TextField::Severity, " SEV1 "),
    );
}

#[test]
fn no_action_items() {
    let only_improvements = |d: &mut Postmortem| {
        d.tasks.clear();
        let item = Improvement { id: Id(0), text: "Alert on log volume above 80%".into() };
        apply(d, Edit::Add { index: 0, item: postmortem_editor::model::Item::Improvement(item) });
    };
    check("no-action-items", only_improvements, |d| {
        only_improvements(d);
        let task = postmortem_editor::model::Task::new("Alert on log volume above 80%");
        apply(d, Edit::Add { index: 0, item: postmortem_editor::model::Item::Task(task) });
    });
    // Task rows nobody filled in are no action items.
    check(
        "no-action-items",
        |d| {
            only_improvements(d);
            let task = postmortem_editor::model::Task { owner: "Lin".into(), ..Default::default() };
            apply(d, Edit::Add { index: 0, item: postmortem_editor::model::Item::Task(task) });
        },
        |_| {},
    );
}
#[test]
fn no_action_items_is_said_once_when_the_measures_are_empty() {
    let mut d = load("clean.json");
    d.tasks.clear();
    let found: Vec<String> = findings(&d).iter().map(show).collect();
    assert_eq!(
        found,
        [
            "required-section List(Tasks): The “Corrective and Preventative Measures” section has no measures"
        ]
    );
}

/// The review of the clean draft after `change`, one finding per line, grouped items indented.
#[track_caller]
fn check_review(change: impl FnOnce(&mut Postmortem), expect: &str) {
    let mut doc = load("clean.json");
    change(&mut doc);
    let mut lines = Vec::new();
    for f in findings(&doc) {
        lines.push(show(&f));
        lines.extend(f.items.iter().map(|m| format!("  {:?} {}", m.target, m.label)));
    }
    assert_eq!(lines.join("\n"), expect);
}

fn add_tasks(d: &mut Postmortem, texts: &[&str]) {
    for text in texts {
        let task = postmortem_editor::model::Task::new(text);
        let index = d.tasks.len();
        apply(d, Edit::Add { index, item: postmortem_editor::model::Item::Task(task) });
    }
}

#[test]
fn findings_name_their_item() {
    check_review(
        |d| item(d, 6, ItemField::Owner, ""),
        "task-owner ItemField(Id(6), Owner): Task 2, ‘Add a config test that fails when log ro…’, has no owner: tasks without one tend not to get done",
    );
    check_review(
        |d| item(d, 3, ItemField::Time, ""),
        "timeline-untimed ItemField(Id(3), Time): Timeline entry 3, ‘Old logs deleted on the upload nodes; er…’, has no time",
    );
    check_review(
        |d| item(d, 3, ItemField::Time, "14:32"),
        "timeline-order Item(Id(3)): Timeline entry 3 (14:32), ‘Old logs deleted on the upload nodes; er…’, is 2 minutes earlier than the entry above it",
    );
}
#[test]
fn repeats_are_one_finding_listing_their_items() {
    check_review(
        |d| add_tasks(d, &["Patch the config", "Rotate the keys", "Page on disk growth"]),
        "task-owner ItemField(Id(7), Owner): 3 action items have no owner\n  \
         ItemField(Id(7), Owner) Task 3, ‘Patch the config’\n  \
         ItemField(Id(8), Owner) Task 4, ‘Rotate the keys’\n  \
         ItemField(Id(9), Owner) Task 5, ‘Page on disk growth’\n\
         task-due ItemField(Id(7), Due): 3 open action items have no due date\n  \
         ItemField(Id(7), Due) Task 3, ‘Patch the config’\n  \
         ItemField(Id(8), Due) Task 4, ‘Rotate the keys’\n  \
         ItemField(Id(9), Due) Task 5, ‘Page on disk growth’",
    );
    // One is not a group.
    check_review(
        |d| {
            add_tasks(d, &["Patch the config"]);
            item(d, 7, ItemField::Owner, "Lin");
        },
        "task-due ItemField(Id(7), Due): Task 3, ‘Patch the config’, has no due date",
    );
    check_review(
        |d| {
            set(d, TextField::WentWrong, "We should have paged sooner.");
            item(d, 3, ItemField::Text, "We should have deleted logs first.");
        },
        "blame-language Field(WentWrong): 2 places: “should have” judges people: postmortems are blameless\n  \
         Field(WentWrong) What went wrong\n  \
         ItemField(Id(3), Text) Timeline entry 3 (15:10), ‘We should have deleted logs first.’",
    );
}
#[test]
fn blame_looks_at_the_subject() {
    check(
        "blame-language",
        |d| set(d, TextField::ContributingFactors, "The on-call engineer should have drained it."),
        |d| {
            set(
                d,
                TextField::ContributingFactors,
                "Traffic went to the load balancer, which should have been drained.",
            )
        },
    );
}
#[test]
fn a_section_is_never_called_empty_next_to_its_filled_field() {
    // The one-line root cause is filled and the in-depth section is not: the finding names
    // the in-depth section, and filling the one line never silences it.
    check_review(
        |d| set(d, TextField::Resolution, ""),
        "required-section Field(Resolution): The “Root Cause and Resolution” section is empty",
    );
    // A timeline of rows nobody typed into is empty, whatever the template.
    for template in [TemplateId::Default, TemplateId::GoogleSre, TemplateId::PagerDuty] {
        let mut doc = new_from_template(template);
        apply(
            &mut doc,
            Edit::Add { index: 0, item: postmortem_editor::model::Item::Entry(Default::default()) },
        );
        let timeline: Vec<String> = findings(&doc)
            .iter()
            .filter(|f| f.target == Target::List(postmortem_editor::model::List::Timeline))
            .map(show)
            .collect();
        assert_eq!(timeline.len(), 1, "{template:?}: {timeline:?}");
    }
    // Validate (under the fields), the review and the template agree on every template.
    for template in TemplateId::ALL {
        let doc = new_from_template(template);
        let gaps: Vec<_> = template.template().gaps(&doc).into_iter().map(|g| g.target).collect();
        let validated: Vec<_> = postmortem_editor::model::validate::validate(&doc, &FixedOnly)
            .into_iter()
            .filter(|f| {
                f.kind == postmortem_editor::model::validate::FindingKind::Missing
                    && !matches!(
                        f.target,
                        Target::Field(
                            TextField::Title | TextField::Date | TextField::Start | TextField::End
                        )
                    )
            })
            .map(|f| f.target)
            .collect();
        let reviewed: Vec<_> = findings(&doc)
            .into_iter()
            .filter(|f| f.rule == "required-section" && f.target != Target::Field(TextField::Title))
            .map(|f| f.target)
            .collect();
        assert_eq!(gaps, validated, "{template:?}");
        assert_eq!(gaps, reviewed, "{template:?}");
    }
}
#[test]
fn the_count_waits_until_something_is_written() {
    use postmortem_editor::model::review::has_writing;
    for template in TemplateId::ALL {
        let mut doc = new_from_template(template);
        assert!(!has_writing(&doc), "{template:?}");
        apply(
            &mut doc,
            Edit::Add { index: 0, item: postmortem_editor::model::Item::Entry(Default::default()) },
        );
        set(&mut doc, TextField::Title, "  ");
        assert!(!has_writing(&doc), "{template:?}: an empty row and spaces are not writing");
        set(&mut doc, TextField::Title, "D");
        assert!(has_writing(&doc), "{template:?}");
    }
    let mut doc = new_from_template(TemplateId::GoogleSre);
    let id = doc.custom_sections[0].id.0;
    item(&mut doc, id, ItemField::Body, "A config push");
    assert!(has_writing(&doc));
    assert!(has_writing(&load("clean.json")));
}

#[test]
fn every_rule_has_a_test_above() {
    let source = include_str!("review.rs");
    for r in &RULES {
        assert!(
            source.contains(&format!("check(\"{}\"", r.id))
                || source.contains(&format!("\"{}\",\n", r.id)),
            "{} has no test",
            r.id
        );
    }
}

#[test]
fn rule_ids_are_unique_and_disabling_works() {
    for (i, r) in RULES.iter().enumerate() {
        assert!(RULES[i + 1..].iter().all(|o| o.id != r.id), "{}", r.id);
    }
    let bad = load("bad.json");
    let all: Vec<&str> = RULES.iter().map(|r| r.id).collect();
    assert!(review(&bad, &FixedOnly, &all).is_empty());
    let without_blame = review(&bad, &FixedOnly, &["blame-language"]);
    assert!(!without_blame.is_empty() && without_blame.iter().all(|f| f.rule != "blame-language"));
}

#[test]
fn a_bad_draft_shows_every_planted_problem() {
    let bad = load("bad.json");
    let found: Vec<String> = findings(&bad).iter().map(show).collect();
    let actual = found.join("\n") + "\n";
    let path = fixture("bad.expected");
    if std::env::var_os("UPDATE_SNAPSHOTS").is_some_and(|v| v == "1") {
        fs::write(&path, &actual).unwrap();
    }
    assert_eq!(actual, fs::read_to_string(&path).unwrap_or_default());
    // Every rule except no-resolution (the bad draft tags its resolution to plant a mismatch)
    // and no-action-items (its tasks carry the task rules' problems).
    let expected: Vec<&str> = RULES
        .iter()
        .map(|r| r.id)
        .filter(|id| !["no-resolution", "no-action-items"].contains(id))
        .collect();
    assert_eq!(rules_found(&bad), expected);
    // And the untagged timeline of the seeds' kind.
    let mut untagged = load("clean.json");
    for e in untagged.timeline.iter_mut() {
        e.kind = None;
    }
    assert_eq!(rules_found(&untagged), ["no-detection", "no-resolution"]);
}

#[test]
fn fixing_the_findings_one_by_one_brings_the_count_to_zero() {
    let mut doc = load("bad.json");
    let fixes: Vec<Edit> = vec![
        Edit::SetText { field: TextField::Date, value: "2024-06-05".into() },
        Edit::SetItemText { id: Id(8), field: ItemField::Due, value: "2024-07-01".into() },
        Edit::SetText { field: TextField::Impact, value: "A fifth of uploads failed.".into() },
        Edit::SetText { field: TextField::End, value: "16:30".into() },
        Edit::SetItemText { id: Id(2), field: ItemField::Time, value: "14:45".into() },
        Edit::SetItemText { id: Id(3), field: ItemField::Time, value: "14:50".into() },
        Edit::SetKind { id: Id(1), kind: Some(EntryKind::Detection) },
        Edit::SetItemText { id: Id(6), field: ItemField::Owner, value: "Lin Chen".into() },
        Edit::SetItemText { id: Id(7), field: ItemField::Due, value: "2024-06-30".into() },
        Edit::SetItemText {
            id: Id(5),
            field: ItemField::Text,
            value: "Alert when upload errors exceed 1% for 5 minutes".into(),
        },
        Edit::SetText {
            field: TextField::Summary,
            value: "Uploads failed: a config change without review disabled log rotation.".into(),
        },
        Edit::SetText {
            field: TextField::RootCause,
            value: "A rotation config change reached production without a test.".into(),
        },
        Edit::SetText { field: TextField::Severity, value: "SEV2".into() },
    ];
    let mut count = findings(&doc).len();
    let mut counts = vec![count];
    for fix in fixes {
        apply(&mut doc, fix.clone());
        let now = findings(&doc).len();
        assert!(now < count, "{fix:?} did not lower the count from {count}: {:#?}", findings(&doc));
        count = now;
        counts.push(now);
    }
    assert_eq!(count, 0, "{:#?}", findings(&doc));
}

#[test]
fn every_template_starts_with_only_missing_section_findings() {
    for id in TemplateId::ALL {
        let doc = new_from_template(id);
        let rules = rules_found(&doc);
        // A blank template requires no section, so only the missing action items are said.
        let allowed = ["incident-window", "required-section", "no-action-items"];
        assert!(rules.iter().all(|r| allowed.contains(r)), "{id:?}: {rules:?}");
    }
}

/// Reviews the real postmortems in `../shared/seeds`, when that folder exists (the project
/// must pass without it), and prints the findings for the record. Import and review must not
/// panic, and no blame finding may come from them (they contain none).
#[test]
fn seeds_review_without_blame_false_positives() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/seeds");
    let Ok(entries) = fs::read_dir(&dir) else { return };
    let mut files: Vec<PathBuf> = entries.map(|e| e.unwrap().path()).collect();
    files.sort();
    for path in files {
        let text = fs::read_to_string(&path).unwrap_or_default();
        let doc = import(&text).document;
        let found = findings(&doc);
        println!("== {}", path.file_name().unwrap().to_string_lossy());
        for f in &found {
            println!("{}", show(f));
        }
        assert!(found.iter().all(|f| f.rule != "blame-language"), "{found:#?}");
    }
}

#[test]
fn findings_link_to_items_that_exist() {
    let bad = load("bad.json");
    for f in findings(&bad) {
        if let Target::Item(id) | Target::ItemField(id, _) = f.target {
            assert!(bad.ids().any(|i| i == id), "{f:?}");
        }
        assert!(f.suggestion.as_ref().is_none_or(|s| !s.is_empty()));
    }
}

proptest::proptest! {
    /// The review reads any text without panicking, letters whose lower case has another length
    /// (`Ⱥ`, `ẞ`, `İ`, the Kelvin sign) included.
    #[test]
    fn the_review_never_panics_on_any_text(
        text in "([ȺẞİKΩa-zA-Z' @_-]|broke |caused by |'s fault|human error| ){0,40}",
        name in "[ȺẞİA-Z][a-zȺẞİ]{1,5}",
    ) {
        let doc = Postmortem {
            authors: vec![name],
            summary: text.clone(),
            timeline: vec![postmortem_editor::model::TimelineEntry::new("14:00", &text)],
            ..Postmortem::default()
        };
        let _ = review(&doc, &FixedOnly, &[]);
    }
}
