//! The field-level score of import over the hand-labelled fixtures
//! (`tests/fixtures/import/*.facts`, next to each `.md`): for each fact a reader imports a
//! postmortem for (title, start and end instants with their date, duration, share of users,
//! timeline entry count, action item count, tasks), how many files import it right.
//!
//! Shared by `tests/import_facts.rs` (which fails below a floor) and `examples/import_score.rs`
//! (run by `cargo xtask bench`). A label file holds `key: value` lines; a key left out is not
//! scored for that file. Instants are written `2024-06-05T02:00Z`, the duration in minutes.

use postmortem_editor::markdown::import;
use postmortem_editor::model::Postmortem;
use postmortem_editor::model::resolve::resolve_fixed;
use postmortem_editor::model::time::{FixedOnly, LocalDateTime, parse_moment};
use std::fs;
use std::path::Path;

/// The fields scored, in the order printed.
pub const FIELDS: [&str; 8] =
    ["title", "start", "end", "duration", "users", "timeline", "actions", "tasks"];

/// One field's tally over the corpus.
#[derive(Clone, Debug, Default)]
pub struct Tally {
    pub right: usize,
    pub total: usize,
}

/// The score: per field, and every miss as `file: field: expected …, got …`.
#[derive(Debug, Default)]
pub struct Score {
    pub files: usize,
    pub fields: Vec<(&'static str, Tally)>,
    pub misses: Vec<String>,
}

impl Score {
    pub fn right(&self) -> usize {
        self.fields.iter().map(|(_, t)| t.right).sum()
    }
    pub fn total(&self) -> usize {
        self.fields.iter().map(|(_, t)| t.total).sum()
    }
    /// The share right, in percent.
    pub fn percent(&self) -> f64 {
        if self.total() == 0 { 0.0 } else { 100.0 * self.right() as f64 / self.total() as f64 }
    }
    /// The table: one line per field, then the total.
    pub fn table(&self) -> String {
        let mut out = format!("import field score over {} labelled files\n", self.files);
        for (name, t) in &self.fields {
            let pct = if t.total == 0 { 100.0 } else { 100.0 * t.right as f64 / t.total as f64 };
            out.push_str(&format!("  {name:<9} {:>3} / {:<3} {pct:5.1} %\n", t.right, t.total));
        }
        out.push_str(&format!(
            "  {:<9} {:>3} / {:<3} {:5.1} %\n",
            "all",
            self.right(),
            self.total(),
            self.percent()
        ));
        out
    }
}

/// `2024-06-05T02:00Z` as seconds since the epoch.
fn instant(text: &str) -> Option<i64> {
    let m = parse_moment(text).ok()?;
    let zone = m.zone?;
    zone.instant(LocalDateTime { date: m.date?, time: m.time }, &FixedOnly).ok()
}

fn show(at: Option<i64>) -> String {
    at.map_or("nothing".to_owned(), |s| {
        let date =
            postmortem_editor::model::time::Date::from_days_since_epoch(s.div_euclid(86_400));
        let secs = s.rem_euclid(86_400);
        format!("{date}T{:02}:{:02}Z", secs / 3600, secs % 3600 / 60)
    })
}

/// What the imported document says for `field`, and whether it matches the label.
fn check(doc: &Postmortem, field: &str, label: &str) -> (bool, String) {
    let r = resolve_fixed(doc);
    match field {
        "title" => (doc.title == label, doc.title.clone()),
        "start" => (instant(label) == r.start() && r.start().is_some(), show(r.start())),
        "end" => (instant(label) == r.end() && r.end().is_some(), show(r.end())),
        "duration" => {
            let got = r.duration().map(|s| s / 60);
            (label.parse::<i64>().ok() == got, format!("{got:?}"))
        }
        "users" => {
            let got = doc.users_affected.map(|p| p.to_string());
            (got.as_deref() == Some(label), format!("{got:?}"))
        }
        "timeline" => {
            let n = doc.timeline.len();
            (label.parse() == Ok(n), n.to_string())
        }
        "actions" => {
            let n = doc.tasks.len() + doc.improvements.len();
            (label.parse() == Ok(n), n.to_string())
        }
        "tasks" => {
            let n = doc.tasks.len();
            (label.parse() == Ok(n), n.to_string())
        }
        _ => (false, format!("unknown field {field}")),
    }
}

/// Scores every `.md` in `dir` that has a `.facts` file beside it.
pub fn score(dir: &Path) -> Score {
    let mut names: Vec<String> = fs::read_dir(dir)
        .map(|d| {
            d.filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.extension().is_some_and(|e| e == "facts"))
                .map(|p| p.file_stem().unwrap_or_default().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    let mut s = Score {
        fields: FIELDS.iter().map(|f| (*f, Tally::default())).collect(),
        ..Score::default()
    };
    for name in names {
        let Ok(labels) = fs::read_to_string(dir.join(format!("{name}.facts"))) else { continue };
        let Ok(bytes) = fs::read(dir.join(format!("{name}.md"))) else { continue };
        let doc = import(&String::from_utf8_lossy(&bytes)).document;
        s.files += 1;
        for line in labels.lines() {
            let Some((key, value)) = line.split_once(':') else { continue };
            let (key, value) = (key.trim(), value.trim());
            let Some(slot) = s.fields.iter_mut().find(|(f, _)| *f == key) else {
                s.misses.push(format!("{name}: unknown label {key}"));
                continue;
            };
            slot.1.total += 1;
            let (ok, got) = check(&doc, key, value);
            if ok {
                slot.1.right += 1;
            } else {
                s.misses.push(format!("{name}: {key}: expected {value}, got {got}"));
            }
        }
    }
    s
}
