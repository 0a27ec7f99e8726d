//! The invariants the fuzzer checks on one input, shared with `tests/fuzz_regressions.rs` (which
//! includes this file): no panic anywhere in the pure core's readers and writers, the round trip
//! reaches a fixed point, the preview's blocks join to the whole HTML, the incremental renderer
//! and exporter agree with the plain ones, on the document as read and after each
//! of a few edits. Timings are returned for the driver's per-byte check.

// Shared with a test that uses only part of it.
#![allow(dead_code)]

use postmortem_editor::draft::{codec, library};
use postmortem_editor::markdown::{self, Exporter, render};
use postmortem_editor::model::time::FixedOnly;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::time::{Duration, Instant};

/// Every invariant, by the name its failures are filed under.
pub const ALL: [&str; 11] = [
    "panic-import",
    "panic-export",
    "panic-render",
    "panic-decode",
    "fixed-point",
    "round-trip",
    "blocks",
    "renderer",
    "slow-import",
    "slow-export",
    "slow-render",
];

/// One broken invariant.
#[derive(Clone, Debug)]
pub struct Failure {
    pub invariant: &'static str,
    pub detail: String,
}

/// How long the input took in each stage (the first round only).
#[derive(Clone, Copy, Debug, Default)]
pub struct Timings {
    pub import: Duration,
    pub export: Duration,
    pub render: Duration,
}

/// Runs `f`, turning a panic into a failure of `invariant`.
fn guarded<T>(
    failures: &mut Vec<Failure>,
    invariant: &'static str,
    f: impl FnOnce() -> T,
) -> Option<T> {
    match catch_unwind(AssertUnwindSafe(f)) {
        Ok(v) => Some(v),
        Err(payload) => {
            let message = payload
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| payload.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "panic".to_owned());
            failures.push(Failure { invariant, detail: message });
            None
        }
    }
}

/// Checks every invariant on `input` read as Markdown and as a draft, backup or record.
pub fn check(input: &str) -> (Vec<Failure>, Timings) {
    let mut failures = Vec::new();
    let timings = check_markdown(input, &mut failures);
    check_decoders(input, &mut failures);
    (failures, timings)
}

/// Each stage of [`check_markdown`] alone, the fastest of `runs`: a busy machine only ever makes
/// a run slower, so the fastest is the input's own cost.
pub fn time_stages(input: &str, runs: usize) -> Timings {
    let mut ignored = Vec::new();
    let mut best = Timings { import: Duration::MAX, export: Duration::MAX, render: Duration::MAX };
    for _ in 0..runs {
        let started = Instant::now();
        let imported = guarded(&mut ignored, "panic-import", || markdown::import(input));
        best.import = best.import.min(started.elapsed());
        let started = Instant::now();
        guarded(&mut ignored, "panic-render", || {
            (render::to_html(input), render::to_html_blocks(input))
        });
        best.render = best.render.min(started.elapsed());
        if let Some(imported) = imported {
            let started = Instant::now();
            guarded(&mut ignored, "panic-export", || markdown::export(&imported.document));
            best.export = best.export.min(started.elapsed());
        }
    }
    best
}

/// Only the checks that read `input` as Markdown (no decoders).
pub fn check_markdown(input: &str, failures: &mut Vec<Failure>) -> Timings {
    let mut timings = Timings::default();
    let started = Instant::now();
    let imported = guarded(failures, "panic-import", || markdown::import(input));
    timings.import = started.elapsed();
    guarded(failures, "panic-import", || markdown::import_bytes(input.as_bytes()));

    let started = Instant::now();
    check_render(input, failures);
    timings.render = started.elapsed();

    let Some(imported) = imported else { return timings };
    let started = Instant::now();
    let Some(first) = guarded(failures, "panic-export", || markdown::export(&imported.document))
    else {
        return timings;
    };
    timings.export = started.elapsed();
    check_exported(&imported.document, &first, "fixed-point", failures);
    check_edits(&imported.document, input, failures);
    timings
}

/// From `first`, the export of `doc`: one more round changes nothing (filed under `invariant`),
/// and what the preview does with it (incremental export and render) equals the plain functions.
pub fn check_exported(
    doc: &postmortem_editor::model::Postmortem,
    first: &str,
    invariant: &'static str,
    failures: &mut Vec<Failure>,
) {
    let second = guarded(failures, "panic-import", || markdown::import(first))
        .and_then(|again| guarded(failures, "panic-export", || markdown::export(&again.document)));
    if let Some(second) = second
        && second != first
    {
        failures.push(Failure {
            invariant,
            detail: format!("first export:\n{first}\n\nafter one more round:\n{second}"),
        });
    }
    check_render(first, failures);
    let incremental = guarded(failures, "panic-export", || {
        let mut exporter = Exporter::default();
        exporter.export(doc, &FixedOnly)
    });
    if let Some(exported) = incremental {
        if exported.markdown != first {
            failures.push(Failure {
                invariant: "renderer",
                detail: "Exporter::export differs from export".to_owned(),
            });
        }
        let blocks = guarded(failures, "panic-render", || {
            let mut renderer = render::Renderer::default();
            let once = renderer.blocks(&exported.markdown, &exported.sections);
            let twice = renderer.blocks(&exported.markdown, &exported.sections);
            (once, twice)
        });
        if let Some((once, twice)) = blocks {
            let whole = render::to_html_blocks(&exported.markdown);
            if once != whole || twice != whole {
                failures.push(Failure {
                    invariant: "renderer",
                    detail: "Renderer::blocks differs from to_html_blocks".to_owned(),
                });
            }
        }
    }
}

/// What the preview does as a person edits `doc`: part of the fuzzed input typed into the middle
/// timeline entry a piece at a time, then into the summary, the last entry moved first and the
/// first removed. After each edit, the same exporter and renderer (their caches warm from the
/// step before) give what the plain functions give for the edited document (`renderer`).
pub fn check_edits(
    doc: &postmortem_editor::model::Postmortem,
    input: &str,
    failures: &mut Vec<Failure>,
) {
    use postmortem_editor::model::{Edit, ItemField, TextField, apply};
    let mut doc = doc.clone();
    let mut exporter = Exporter::default();
    let mut renderer = render::Renderer::default();
    let Some(()) = guarded(failures, "panic-render", || {
        let exported = exporter.export(&doc, &FixedOnly);
        renderer.blocks(&exported.markdown, &exported.sections);
    }) else {
        return;
    };
    // A few lines from the middle of the input: what a person pastes or types.
    let lines: Vec<&str> = input.lines().collect();
    let typed = lines[lines.len() / 2..].iter().take(4).copied().collect::<Vec<_>>().join("\n");
    let cuts: Vec<usize> =
        [1, 2, 3].iter().map(|k| typed.floor_char_boundary(typed.len() * k / 3)).collect();
    let mut edits = Vec::new();
    if let Some(entry) = doc.timeline.get(doc.timeline.len() / 2) {
        let id = entry.id;
        edits.extend(cuts.iter().map(|&cut| Edit::SetItemText {
            id,
            field: ItemField::Text,
            value: format!("{}{}", entry.text, &typed[..cut]),
        }));
    }
    edits.push(Edit::SetText { field: TextField::Summary, value: typed.clone() });
    if let (Some(first), Some(last)) = (doc.timeline.first(), doc.timeline.last()) {
        edits.push(Edit::Move { id: last.id, to: 0 });
        edits.push(Edit::Remove { id: first.id });
    }
    for edit in edits {
        let shown = format!("{edit:?}");
        apply(&mut doc, edit);
        let Some((exported, plain)) = guarded(failures, "panic-export", || {
            (exporter.export(&doc, &FixedOnly), markdown::export_with(&doc, &FixedOnly))
        }) else {
            return;
        };
        if exported.markdown != plain {
            failures.push(Failure {
                invariant: "renderer",
                detail: format!("after {shown}: Exporter::export differs from export"),
            });
            return;
        }
        let Some(blocks) = guarded(failures, "panic-render", || {
            renderer.blocks(&exported.markdown, &exported.sections)
        }) else {
            return;
        };
        if blocks != render::to_html_blocks(&exported.markdown) {
            failures.push(Failure {
                invariant: "renderer",
                detail: format!(
                    "after {shown}: Renderer::blocks differs from to_html_blocks for\n{}",
                    exported.markdown
                ),
            });
            return;
        }
    }
}

/// The preview's blocks join to the whole HTML, and carry no mark.
pub fn check_render(markdown: &str, failures: &mut Vec<Failure>) {
    let Some((whole, blocks)) = guarded(failures, "panic-render", || {
        (render::to_html(markdown), render::to_html_blocks(markdown))
    }) else {
        return;
    };
    let joined: String = blocks.iter().map(|b| b.html.as_str()).collect();
    if joined != whole {
        failures.push(Failure {
            invariant: "blocks",
            detail: format!("to_html:\n{whole:?}\n\nblocks joined:\n{joined:?}"),
        });
    } else if let Some(b) = blocks.iter().find(|b| {
        b.html.contains(['\u{1}', '\u{2}'])
            || b.items.iter().any(|r| {
                !b.html
                    .get(r.clone())
                    .is_some_and(|i| i.starts_with("<li") && i.ends_with("</li>\n"))
            })
    }) {
        failures.push(Failure {
            invariant: "blocks",
            detail: format!("a block with a mark or a broken item range: {b:?}"),
        });
    }
}

/// The draft codec, the library's record and backup decoders never panic. A draft they read holds
/// text a user could have typed: its export survives a round trip (`round-trip`: export(import(
/// export(doc))) == export(doc)), and that export is checked as Markdown.
pub fn check_decoders(input: &str, failures: &mut Vec<Failure>) {
    let doc = guarded(failures, "panic-decode", || codec::decode(input)).and_then(Result::ok);
    guarded(failures, "panic-decode", || library::decode_record(input));
    guarded(failures, "panic-decode", || library::decode_backup(input));
    if let Some(doc) = doc
        && let Some(first) = guarded(failures, "panic-export", || markdown::export(&doc))
    {
        check_exported(&doc, &first, "round-trip", failures);
        if let Some(imported) = guarded(failures, "panic-import", || markdown::import(&first))
            && let Some(again) =
                guarded(failures, "panic-export", || markdown::export(&imported.document))
        {
            check_exported(&imported.document, &again, "fixed-point", failures);
        }
    }
}
