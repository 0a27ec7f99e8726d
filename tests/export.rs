//! Markdown export: fixture documents with their expected Markdown, and properties of the export
//! of any document.
//!
//! Each `tests/fixtures/export/NAME.json` is a draft (the envelope [`codec::decode`] reads); its
//! export must equal `NAME.md` next to it, byte for byte. To accept new output after a deliberate
//! change, run `UPDATE_SNAPSHOTS=1 cargo test --test export` and review the diff of the `.md`
//! files like code.
#![cfg(not(target_arch = "wasm32"))]

use postmortem_editor::draft::codec;
use postmortem_editor::markdown::{export, file_name, render};
use postmortem_editor::model::template::{Part, TEMPLATES};
use postmortem_editor::model::{
    CustomSection, EntryKind, Id, Improvement, Percent, Postmortem, Status, Task, TemplateId,
    TimelineEntry, new_from_template,
};
use proptest::prelude::*;
use pulldown_cmark::{Event, HeadingLevel, Tag, TagEnd};
use std::fs;
use std::path::PathBuf;

fn fixtures() -> Vec<PathBuf> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/export");
    let mut files: Vec<PathBuf> = fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    files
}

#[test]
fn fixtures_export_as_expected() {
    let update = std::env::var_os("UPDATE_SNAPSHOTS").is_some_and(|v| v == "1");
    let files = fixtures();
    assert!(files.len() >= 12, "expected at least a dozen fixtures, found {}", files.len());
    let mut failures = Vec::new();
    for json in files {
        let name = json.file_stem().unwrap().to_string_lossy().into_owned();
        let text = fs::read_to_string(&json).unwrap();
        let doc = codec::decode(&text).unwrap_or_else(|e| panic!("{name}.json: {e}"));
        let actual = export(&doc);
        assert_eq!(export(&doc), actual, "{name}: export is deterministic");
        let again = codec::decode(&codec::encode(&doc)).unwrap();
        assert_eq!(export(&again), actual, "{name}: a saved and reloaded draft exports the same");
        let md = json.with_extension("md");
        let expected = fs::read_to_string(&md).unwrap_or_default();
        if expected != actual {
            if update {
                fs::write(&md, &actual).unwrap();
            } else {
                failures.push(format!(
                    "{name}.md differs (UPDATE_SNAPSHOTS=1 rewrites it)\n--- expected\n{expected}\n--- actual\n{actual}"
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn fixture_file_names() {
    let names: Vec<String> = fixtures()
        .iter()
        .filter(|p| {
            let stem = p.file_stem().unwrap();
            stem == "complete" || stem == "unicode" || stem == "empty" || stem == "multi_day"
        })
        .map(|p| file_name(&codec::decode(&fs::read_to_string(p).unwrap()).unwrap()))
        .collect();
    assert_eq!(
        names,
        [
            "2024-11-19-checkout-latency-spike-after-the-payment-sdk-upgrade.md",
            "postmortem.md",
            "2025-03-08-replication-lag-on-the-reporting-replica.md",
            "2024-10-27-panne-dns-a-montreal-東京-aussi.md",
        ]
    );
}

// ---------------------------------------------------------------------------------------------
// Properties of the export of any document.

/// Text a user might type, with a bias for what Markdown reads as structure.
fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => "[a-z #|`*_<>\\\\=~\\[\\]!:.()0-9\r\n\t-]{0,30}",
        1 => "(- |1\\. |# |> |---|===|```|~~~|<div>|<!--|    |\\| --- \\||\\[x\\] |é|東| |\r\n|\n|\\[\\^1\\]|\\[\\^1\\]: n|\\[a\\]|\\[a\\]: /u){0,6}",
        1 => Just(String::new()),
    ]
}

fn time() -> impl Strategy<Value = String> {
    prop_oneof![
        "[0-2]?[0-9]:[0-5][0-9]( ?(AM|PM|am|pm))?( (UTC|EST|CET|GMT\\+1|UTC-5|Europe/Paris))?",
        "2024-0[1-9]-[12][0-9][ T][0-2][0-9]:[0-5][0-9]Z?",
        text(),
    ]
}

fn kind() -> impl Strategy<Value = Option<EntryKind>> {
    prop::option::of(prop::sample::select(EntryKind::ALL.to_vec()))
}

fn entry() -> impl Strategy<Value = TimelineEntry> {
    (time(), text(), kind(), any::<bool>()).prop_map(|(time, text, kind, key_moment)| {
        TimelineEntry { id: Id(0), time, text, kind, key_moment }
    })
}

fn task() -> impl Strategy<Value = Task> {
    (text(), text(), text(), any::<bool>()).prop_map(|(text, owner, due, done)| Task {
        id: Id(0),
        text,
        owner,
        due,
        done,
    })
}

/// Any document, ids repaired (so they are unique, as `decode` makes them).
fn document() -> impl Strategy<Value = Postmortem> {
    let head = (
        text(),
        text(),
        text(),
        prop::sample::select(Status::ALL.to_vec()),
        prop::collection::vec(text(), 0..3),
        time(),
        time(),
        prop_oneof![Just(String::new()), Just("UTC".to_owned()), Just("EST".to_owned()), text()],
    );
    let summary = (
        text(),
        text(),
        prop::option::of((0u32..=10_000).prop_map(|h| Percent::from_hundredths(h).unwrap())),
        prop::collection::vec(text(), 0..3),
        text(),
        text(),
    );
    let bodies = (text(), text(), text(), text(), text());
    let lists = (
        prop::collection::vec(entry(), 0..6),
        prop::collection::vec(text(), 0..3),
        prop::collection::vec(task(), 0..4),
        prop::collection::vec((text(), text()), 0..3),
    );
    (head, summary, bodies, lists).prop_map(
        |(
            (title, date, severity, status, authors, start, end, zone),
            (summary, impact, users_affected, services_affected, root_cause, detection),
            (resolution, contributing_factors, went_well, went_wrong, got_lucky),
            (timeline, improvements, tasks, sections),
        )| {
            let mut doc = Postmortem {
                title,
                date,
                severity,
                status,
                authors,
                responders: Vec::new(),
                zone,
                summary,
                start,
                end,
                impact,
                users_affected,
                services_affected,
                root_cause,
                detection,
                timeline,
                resolution,
                contributing_factors,
                went_well,
                went_wrong,
                got_lucky,
                improvements: improvements
                    .into_iter()
                    .map(|text| Improvement { id: Id(0), text })
                    .collect(),
                tasks,
                custom_sections: sections
                    .into_iter()
                    .map(|(heading, body)| CustomSection { id: Id(0), heading, body })
                    .collect(),
                ..Postmortem::default()
            };
            doc.repair_ids();
            doc
        },
    )
}

fn blank(s: &str) -> bool {
    s.trim().is_empty()
}

/// The `##` sections the export must have, in order (`None`: a custom section, any heading).
fn expected_sections(doc: &Postmortem) -> Vec<Option<&'static str>> {
    let mut out = Vec::new();
    let summary =
        [&doc.summary, &doc.start, &doc.end, &doc.impact, &doc.root_cause, &doc.detection]
            .iter()
            .any(|s| !blank(s))
            || doc.users_affected.is_some()
            || doc.services_affected.iter().any(|s| !blank(s));
    if summary {
        out.push(Some("Issue Summary"));
    }
    if entries(doc) > 0 {
        out.push(Some("Timeline"));
    }
    if !blank(&doc.resolution) {
        out.push(Some("Root Cause and Resolution"));
    }
    if !blank(&doc.contributing_factors) {
        out.push(Some("Contributing Factors"));
    }
    if measures(doc) > 0 {
        out.push(Some("Corrective and Preventative Measures"));
    }
    if [&doc.went_well, &doc.went_wrong, &doc.got_lucky].iter().any(|s| !blank(s)) {
        out.push(Some("Lessons Learned"));
    }
    for s in &doc.custom_sections {
        if !blank(&s.heading) || !blank(&s.body) {
            out.push(None);
        }
    }
    out
}

fn entries(doc: &Postmortem) -> usize {
    doc.timeline
        .iter()
        .filter(|e| {
            !blank(&e.time)
                || !blank(&e.text)
                || e.key_moment
                || e.kind.is_some_and(|k| k != EntryKind::Other)
        })
        .count()
}

fn tasks(doc: &Postmortem) -> usize {
    doc.tasks.iter().filter(|t| !blank(&t.text) || !blank(&t.owner) || !blank(&t.due)).count()
}

fn measures(doc: &Postmortem) -> usize {
    doc.improvements.iter().filter(|i| !blank(&i.text)).count() + tasks(doc)
}

/// What a Markdown reader sees of the document's structure.
#[derive(Debug, Default)]
struct Outline {
    /// Level-1 headings.
    titles: usize,
    /// Level-2 headings: their text and how many top-level list items follow them.
    sections: Vec<(String, usize)>,
    /// Task list markers in the "Corrective and Preventative Measures" section.
    task_markers: usize,
}

fn outline(markdown: &str) -> Outline {
    let mut out = Outline::default();
    let mut depth = 0usize;
    let mut heading: Option<String> = None;
    for event in render::parser(markdown) {
        match event {
            Event::Start(Tag::Heading { level, .. }) if depth == 0 => {
                match level {
                    HeadingLevel::H1 => out.titles += 1,
                    HeadingLevel::H2 => heading = Some(String::new()),
                    _ => {}
                }
                depth += 1;
            }
            Event::End(TagEnd::Heading(HeadingLevel::H2)) if depth == 1 && heading.is_some() => {
                out.sections.push((heading.take().unwrap_or_default(), 0));
                depth -= 1;
            }
            Event::Text(t) | Event::Code(t) if heading.is_some() => {
                heading.as_mut().unwrap().push_str(&t);
            }
            Event::Start(tag) => {
                if depth == 1
                    && matches!(tag, Tag::Item)
                    && let Some(last) = out.sections.last_mut()
                {
                    last.1 += 1;
                }
                depth += 1;
            }
            Event::End(_) => depth -= 1,
            Event::TaskListMarker(_)
                if out.sections.last().is_some_and(|s| s.0.starts_with("Corrective")) =>
            {
                out.task_markers += 1;
            }
            _ => {}
        }
    }
    out
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    #[test]
    fn any_document_exports_deterministically(doc in document()) {
        let first = export(&doc);
        prop_assert_eq!(&export(&doc.clone()), &first);
        prop_assert!(first.ends_with('\n') && !first.ends_with("\n\n"));
        prop_assert!(!first.contains('\r'));
        let name = file_name(&doc);
        prop_assert!(name.ends_with(".md") && name.len() <= 95);
        prop_assert!(!name.contains(['/', '\\', ':', '*', '?', '"', '<', '>', '|']));
    }

    #[test]
    fn user_text_never_breaks_the_structure(doc in document()) {
        let md = export(&doc);
        let outline = outline(&md);
        prop_assert_eq!(outline.titles, 1, "{}", md);
        let expected = expected_sections(&doc);
        prop_assert_eq!(outline.sections.len(), expected.len(), "{}\n{:?}", md, outline);
        for ((got, items), want) in outline.sections.iter().zip(&expected) {
            if let Some(want) = want {
                prop_assert_eq!(got, want, "{}", md);
            }
            match *want {
                Some("Timeline") => prop_assert_eq!(*items, entries(&doc), "{}", md),
                Some("Corrective and Preventative Measures") => {
                    prop_assert_eq!(*items, measures(&doc), "{}", md)
                }
                _ => {}
            }
        }
        prop_assert_eq!(outline.task_markers, tasks(&doc), "{}", md);
    }

    #[test]
    fn the_incremental_export_and_render_match_the_whole(
        doc in document(),
        changes in prop::collection::vec((0..9u8, any::<prop::sample::Index>(), time(), text()), 0..12),
    ) {
        use postmortem_editor::markdown::export::{Exporter, export_with};
        use postmortem_editor::markdown::render::{Renderer, to_html_blocks};
        let mut doc = doc;
        let mut exporter = Exporter::default();
        let mut renderer = Renderer::default();
        let mut check = |doc: &Postmortem| {
            let exported = exporter.export(doc, &paris);
            prop_assert_eq!(&exported.markdown, &export_with(doc, &paris));
            let blocks = renderer.blocks(&exported.markdown, &exported.sections);
            prop_assert_eq!(blocks, to_html_blocks(&exported.markdown), "{}", exported.markdown);
            Ok(())
        };
        check(&doc)?;
        for (what, at, time, text) in changes {
            let n = doc.timeline.len();
            let i = at.index(n.max(1));
            match what {
                0 if n > 0 => doc.timeline[i].text = text,
                1 if n > 0 => doc.timeline[i].time = time,
                2 if n > 0 => drop(doc.timeline.remove(i)),
                3 if n > 0 => doc.timeline.swap(i, 0),
                4 if n > 0 => {
                    doc.timeline[i].key_moment ^= true;
                    doc.timeline[i].kind = EntryKind::ALL.get(text.len() % 8).copied();
                }
                5 => doc.zone = time,
                6 => doc.start = time,
                7 => doc.date = if text.is_empty() { "2024-10-27".into() } else { text },
                _ => doc.summary = text,
            }
            check(&doc)?;
        }
    }

    #[test]
    fn drafts_round_trip(doc in document()) {
        prop_assert_eq!(codec::decode(&codec::encode(&doc)), Ok(doc));
    }
}

/// A zone resolver that knows Europe/Paris around the change of 27 October 2024 (clocks go back
/// at 03:00 CEST), and no other named zone.
fn paris(zone: &str, local: postmortem_editor::model::time::LocalDateTime) -> Option<i32> {
    let change = (2024, 10, 27, 3);
    let at = (local.date.year, local.date.month, local.date.day, local.time.hour);
    (zone == "Europe/Paris").then_some(if at < change { 120 } else { 60 })
}

#[test]
fn named_zones_resolve_through_the_callers_resolver() {
    use postmortem_editor::markdown::export_with;
    let doc = Postmortem {
        title: "T".into(),
        date: "2024-10-27".into(),
        zone: "Europe/Paris".into(),
        start: "01:30".into(),
        end: "03:30".into(),
        ..Postmortem::default()
    };
    let duration = |md: String| md.lines().find(|l| l.contains("Duration")).map(str::to_owned);
    assert_eq!(
        duration(export_with(&doc, &paris)).as_deref(),
        Some("- **Duration:** 3 hours, from 01:30 Europe/Paris to 03:30 Europe/Paris")
    );
    assert_eq!(
        duration(export(&doc)).as_deref(),
        Some("- **Duration:** from 01:30 Europe/Paris to 03:30 Europe/Paris"),
        "without a resolver the duration is left out, not guessed"
    );
}

// ---------------------------------------------------------------------------------------------
// Templates: a draft built from each template exports in that template's shape.

/// The `## ` headings of `markdown`, in order.
fn headings(markdown: &str) -> Vec<String> {
    outline(markdown).sections.into_iter().map(|(h, _)| h).collect()
}

/// The complete fixture's content in a new draft of template `id` (its custom parts filled).
fn filled(id: TemplateId) -> Postmortem {
    let complete = fs::read_to_string(
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/export/complete.json"),
    )
    .unwrap();
    let mut doc = new_from_template(id);
    let content = codec::decode(&complete).unwrap();
    let customs = std::mem::take(&mut doc.custom_sections);
    doc = Postmortem { template: id, custom_sections: Vec::new(), ..content };
    for mut c in customs {
        c.body = format!("About {}.", c.heading.to_lowercase());
        doc.custom_sections.push(c);
    }
    doc.repair_ids();
    doc
}

#[test]
fn each_template_exports_in_its_shape() {
    for t in &TEMPLATES {
        let md = export(&filled(t.id));
        let mut expected: Vec<String> = t.sections.iter().map(|s| s.heading.to_owned()).collect();
        // Content the template has no section for follows under its default heading.
        for (part, heading) in Part::FALLBACK {
            if !t.has(part) {
                expected.push(heading.to_owned());
            }
        }
        assert_eq!(headings(&md), expected, "{}:\n{md}", t.name);
    }
}

#[test]
fn a_new_draft_from_each_template_exports() {
    for id in TemplateId::ALL {
        let md = export(&new_from_template(id));
        let customs: Vec<String> = id
            .template()
            .sections
            .iter()
            .filter(|s| matches!(s.part, Part::Custom(_)))
            .map(|s| s.heading.to_owned())
            .collect();
        assert_eq!(headings(&md), customs, "{id:?}:\n{md}");
        assert!(md.starts_with("# Untitled postmortem\n"));
    }
}

#[test]
fn the_template_is_saved_only_when_not_the_default() {
    let sre = new_from_template(TemplateId::GoogleSre);
    assert!(codec::encode(&sre).contains("\"template\":\"google_sre\""));
    assert!(!codec::encode(&Postmortem::default()).contains("template"));
    assert_eq!(codec::decode(&codec::encode(&sre)), Ok(sre));
}

#[test]
fn template_exports_import_back_into_the_same_fields() {
    use postmortem_editor::markdown::{Warning, import};
    for id in [TemplateId::Default, TemplateId::GoogleSre, TemplateId::PagerDuty] {
        let doc = filled(id);
        let imported = import(&export(&doc));
        let back = imported.document;
        assert_eq!(back.template, id, "the template comes back");
        assert_eq!(export(&back), export(&doc), "{id:?}: the same shape after an import");
        // The template's own custom parts (PagerDuty's What Happened) are where they belong.
        let customs = |d: &Postmortem| {
            d.custom_sections
                .iter()
                .map(|c| (c.heading.clone(), c.body.clone()))
                .collect::<Vec<_>>()
        };
        assert_eq!(customs(&back), customs(&doc), "{id:?}");
        assert!(
            !imported.warnings.iter().any(|w| matches!(w, Warning::CustomSections(_))),
            "{id:?}: {:?}",
            imported.warnings
        );
        assert_eq!(back.impact, doc.impact, "{id:?}");
        assert_eq!(back.root_cause, doc.root_cause, "{id:?}");
        assert_eq!(back.detection, doc.detection, "{id:?}");
        assert_eq!(back.resolution, doc.resolution, "{id:?}");
        assert_eq!(back.timeline.len(), doc.timeline.len(), "{id:?}");
        assert_eq!(back.tasks.len(), doc.tasks.len(), "{id:?}");
        assert_eq!(back.went_well, doc.went_well, "{id:?}");
    }
}

// ---------------------------------------------------------------------------------------------
// The timeline picture: snapshots of some export fixtures' SVG (`tests/fixtures/svg/NAME.svg`,
// `UPDATE_SNAPSHOTS=1` rewrites them), and what it must never contain.

fn svg_of(name: &str) -> Option<String> {
    use postmortem_editor::markdown::timeline_svg;
    use postmortem_editor::model::resolve::resolve_fixed;
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/export")
        .join(format!("{name}.json"));
    let doc = codec::decode(&fs::read_to_string(path).unwrap()).unwrap();
    timeline_svg(&doc, &resolve_fixed(&doc))
}

#[test]
fn svg_snapshots() {
    let update = std::env::var_os("UPDATE_SNAPSHOTS").is_some_and(|v| v == "1");
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/svg");
    let mut failures = Vec::new();
    for name in ["complete", "across_midnight", "template_sre", "hostile", "multi_day"] {
        let svg = svg_of(name).unwrap_or_else(|| panic!("{name}: no picture"));
        assert_eq!(svg_of(name).as_ref(), Some(&svg), "{name}: deterministic");
        let path = dir.join(format!("{name}.svg"));
        let expected = fs::read_to_string(&path).unwrap_or_default();
        if expected != svg {
            if update {
                fs::write(&path, &svg).unwrap();
            } else {
                failures
                    .push(format!("{name}.svg differs (UPDATE_SNAPSHOTS=1 rewrites it)\n{svg}"));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn svg_is_self_contained_and_inert() {
    for name in ["complete", "hostile", "unicode", "markdown_bodies", "template_sre"] {
        let Some(svg) = svg_of(name) else { continue };
        let lower = svg.to_lowercase();
        assert!(!lower.contains("<script"), "{name}");
        assert!(!lower.contains("href"), "{name}");
        assert!(!lower.contains("url("), "{name}");
        assert!(!lower.contains("<image") && !lower.contains("<foreignobject"), "{name}");
        assert!(!lower.contains("@import"), "{name}");
        // No event handler attributes: ` on...=` outside text.
        let tags = svg.split('<').map(|t| t.split('>').next().unwrap_or(""));
        for tag in tags {
            assert!(
                !tag.split_whitespace().any(|a| a.to_lowercase().starts_with("on")),
                "{name}: {tag}"
            );
        }
        assert!(svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"720\""));
        assert!(svg.contains("<title id=\"tl-title\">") && svg.contains("<desc id=\"tl-desc\">"));
    }
}

#[test]
fn svg_needs_a_time() {
    assert_eq!(svg_of("empty"), None);
}
