//! The paste reader (`paste::read`): one fixture per pasted format under
//! `tests/fixtures/paste/` (`NAME.txt` → `NAME.expected`; after a deliberate change, run
//! `UPDATE_SNAPSHOTS=1 cargo test --test paste` and review the diff), and properties: it never
//! panics, and every line is in exactly one entry or skipped.
//!
//! A fixture may start with option lines the reader never sees: `#! zone=UTC+2`,
//! `#! date=2025-06-18`, `#! today=2025-06-18`, `#! now=2025-06-18 14:40`.
#![cfg(not(target_arch = "wasm32"))]

use postmortem_editor::model::time::{LocalDateTime, parse_date, parse_moment, parse_zone};
use postmortem_editor::paste::{PasteOptions, Pasted, read};
use proptest::prelude::*;
use std::fs;
use std::path::PathBuf;

fn dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/paste")
}

/// Splits a fixture into its options and the pasted text.
fn options_and_text(fixture: &str) -> (PasteOptions, String) {
    let mut opts = PasteOptions::default();
    let mut text = String::new();
    for line in fixture.split_inclusive('\n') {
        let Some(option) = line.strip_prefix("#! ") else {
            text.push_str(line);
            continue;
        };
        let (key, value) = option.trim().split_once('=').expect("#! key=value");
        match key {
            "zone" => opts.zone = Some(parse_zone(value).expect("a zone")),
            "date" => opts.date = Some(parse_date(value).expect("a date")),
            "today" => opts.today = Some(parse_date(value).expect("a date")),
            "now" => {
                let m = parse_moment(value).expect("a moment");
                opts.now = Some(LocalDateTime { date: m.date.expect("a date"), time: m.time });
            }
            _ => panic!("unknown option {key}"),
        }
    }
    (opts, text)
}

/// The snapshot: one line per entry, one per skipped line.
fn show(p: &Pasted) -> String {
    let mut out = String::from("entries:\n");
    for e in &p.entries {
        let lines = match (e.lines.first(), e.lines.last()) {
            (Some(a), Some(b)) if a != b => format!("L{a}-{b}"),
            (Some(a), _) => format!("L{a}"),
            _ => "L?".to_owned(),
        };
        let date = match (e.date, e.day) {
            (Some(d), _) => d.to_string(),
            (None, 0) => "----------".to_owned(),
            (None, n) => format!("day+{n}"),
        };
        let zone = e.zone.as_ref().map_or("-".to_owned(), ToString::to_string);
        out.push_str(&format!(
            "{lines} | {date} {} {zone} | {} | {} | {}\n",
            e.time,
            e.who.as_deref().unwrap_or("-"),
            e.kind.map_or("-", |k| k.label()),
            e.text.replace('\n', " ⏎ ")
        ));
    }
    out.push_str("skipped:\n");
    for s in &p.skipped {
        out.push_str(&format!("L{} | {} | {}\n", s.line, s.reason, s.text.trim()));
    }
    out
}

#[track_caller]
fn check(name: &str) {
    let input = fs::read_to_string(dir().join(format!("{name}.txt"))).expect("the fixture");
    let (opts, text) = options_and_text(&input);
    let got = show(&read(&text, &opts));
    let path = dir().join(format!("{name}.expected"));
    if std::env::var_os("UPDATE_SNAPSHOTS").is_some_and(|v| v == "1") {
        fs::write(&path, &got).unwrap();
        return;
    }
    let expected = fs::read_to_string(&path).unwrap_or_default();
    assert_eq!(got, expected, "{name}: snapshot differs (UPDATE_SNAPSHOTS=1 rewrites it)");
    assert_partition(&text, &read(&text, &opts));
}

/// Every line number is in exactly one entry or skipped.
#[track_caller]
fn assert_partition(text: &str, p: &Pasted) {
    let n = text.lines().count();
    let mut seen = vec![0u32; n + 1];
    for no in p.entries.iter().flat_map(|e| e.lines.iter()).chain(p.skipped.iter().map(|s| &s.line))
    {
        assert!((1..=n).contains(no), "line {no} of {n}");
        seen[*no] += 1;
    }
    let wrong: Vec<usize> = (1..=n).filter(|i| seen[*i] != 1).collect();
    assert!(wrong.is_empty(), "lines not in exactly one place: {wrong:?}\n{p:#?}");
}

macro_rules! fixtures {
    ($($name:ident),* $(,)?) => {
        $(#[test] fn $name() { check(stringify!($name)); })*
        const NAMES: &[&str] = &[$(stringify!($name)),*];
    };
}

fixtures! {
    slack_basic,
    slack_separators,
    slack_continuations,
    slack_noise,
    slack_merge,
    slack_two_line_headers,
    teams,
    teams_multiline,
    irc,
    irc_midnight,
    matrix,
    discord,
    mattermost,
    iso_logs,
    iso_offsets,
    syslog,
    journald,
    journald_iso,
    nginx_access,
    nginx_error,
    kubectl_events,
    kubectl_events_without_copy_time,
    pagerduty_page,
    pagerduty_csv,
    opsgenie_page,
    opsgenie_csv,
    csv_time_column,
    tsv_date_and_time,
    notes_dash,
    notes_ampm,
    notes_zone_note,
    notes_midnight,
    chosen_zone,
    mixed_sources,
}

#[test]
fn every_fixture_is_listed() {
    let mut files: Vec<String> = fs::read_dir(dir())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .map(|p| p.file_stem().unwrap().to_string_lossy().into_owned())
        .collect();
    files.sort();
    let mut names: Vec<String> = NAMES.iter().map(|s| (*s).to_owned()).collect();
    names.sort();
    assert_eq!(files, names);
    assert!(names.len() >= 30);
}

/// Lines of the shapes the reader knows, each message carrying a unique word (`w17`).
fn shaped_line() -> impl Strategy<Value = (u8, u8, u8, u8)> {
    (0u8..10, 0u8..24, 0u8..60, 0u8..4)
}

fn render(lines: &[(u8, u8, u8, u8)]) -> (String, Vec<String>) {
    let mut out = String::new();
    let mut words = Vec::new();
    let names = ["Ana Souza", "ben.ito", "Carla", "dev-bot"];
    for (i, &(shape, h, m, who)) in lines.iter().enumerate() {
        let w = format!("w{i}x");
        let name = names[usize::from(who)];
        let (h12, ampm) = (if h % 12 == 0 { 12 } else { h % 12 }, if h < 12 { "AM" } else { "PM" });
        let line = match shape {
            0 => format!("{name}  {h12}:{m:02} {ampm}\nchecking {w}\n"),
            1 => format!("[{h:02}:{m:02}] <{}> saw {w}\n", name.replace(' ', "_")),
            2 => format!("[6/18/2025 {h12}:{m:02} {ampm}] {name}: note {w}\n"),
            3 => format!("2025-06-18T{h:02}:{m:02}:07.5Z api: error {w}\n"),
            4 => format!("Jun 18 {h:02}:{m:02}:01 web01 nginx[42]: upstream {w}\n"),
            5 => format!("- {h:02}:{m:02} plain {w}\n"),
            6 => format!("more text {w}\n"),
            7 => format!("{h:02}:{m:02},{name},csv {w}\n"),
            8 => "\n".to_owned(),
            _ => ":eyes: 2\n".to_owned(),
        };
        if shape <= 7 {
            words.push(w);
        }
        out.push_str(&line);
    }
    (out, words)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn never_panics_and_places_every_line(text in "\\PC*(\n\\PC*){0,20}") {
        let p = read(&text, &PasteOptions::default());
        assert_partition(&text, &p);
    }

    #[test]
    fn never_panics_on_near_misses(text in "[\\[\\]<>:0-9APM ./\\-,TZ+a-z\"\n\t]{0,200}") {
        let p = read(&text, &PasteOptions::default());
        assert_partition(&text, &p);
    }

    /// Each kept message (its unique word) is in exactly one entry's text, or its line is
    /// skipped with a reason.
    #[test]
    fn each_kept_line_is_in_exactly_one_entry(lines in prop::collection::vec(shaped_line(), 1..40)) {
        let (text, words) = render(&lines);
        let p = read(&text, &PasteOptions::default());
        assert_partition(&text, &p);
        for w in &words {
            let in_entries = p.entries.iter().filter(|e| e.text.contains(w.as_str())).count();
            let skipped = p.skipped.iter().any(|s| s.text.contains(w.as_str()));
            prop_assert!(
                in_entries == 1 && !skipped || in_entries == 0 && skipped,
                "{w}: in {in_entries} entries, skipped: {skipped}\n{text}"
            );
        }
    }
}
