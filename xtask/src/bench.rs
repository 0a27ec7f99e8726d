//! `cargo xtask bench`: measures what users feel and prints one table, also written as JSON to
//! `target/bench.json` so runs can be compared.
//!
//! Steps: install what is missing (as `test` does), build the release app (trunk), write the
//! seeded benchmark documents (`examples/gen_draft.rs` → `target/bench/`), run the native
//! benchmarks (`benches/pipeline.rs`, divan, whose text table is parsed for its medians), then
//! the browser measurements (`tests/e2e/bench/bench.mjs`, headless Chromium on 127.0.0.1, JSON on
//! its standard output). The targets of issue 8 are reported as met or not; they never fail the
//! command: it is a measurement, not a test.
//!
//! The load figures are also given side by side with a reference built in the same run: the bare
//! stack (`bench/bare`: leptos + pulldown-cmark + gloo-storage, a textarea and a live preview,
//! same Cargo.lock and release profile), served the same way (gzip, on 127.0.0.1), with the
//! targets of issue 16 as ratios to it. `--lighthouse` adds Lighthouse 12's scores (the mobile
//! run five times, its median run reported, as one run swings by up to 18 points; npm
//! `lighthouse@12.2.3`, fetched once into npm's cache; a few minutes more).

use crate::json::{self, Value};
use crate::run::{self, Step, project_root};
use crate::setup;
use std::process::{Command, Stdio};

/// How much to measure.
struct Plan {
    /// Fresh browser contexts per load measurement.
    runs: u32,
    /// Measured keystrokes per document.
    keys: u32,
    /// Edits of the memory measurement.
    edits: u32,
    /// divan samples per native benchmark, and its time cap per benchmark (seconds).
    samples: u32,
    max_time: f64,
}

const FULL: Plan = Plan { runs: 15, keys: 60, edits: 1000, samples: 30, max_time: 3.0 };
const QUICK: Plan = Plan { runs: 5, keys: 20, edits: 200, samples: 5, max_time: 0.5 };

/// Native benchmarks are built like ordinary native release code (the shipped wasm uses the
/// size-first release profile, which would only make the native build slow).
const NATIVE_PROFILE: [(&str, &str); 3] = [
    ("CARGO_PROFILE_BENCH_OPT_LEVEL", "3"),
    ("CARGO_PROFILE_BENCH_LTO", "false"),
    ("CARGO_PROFILE_BENCH_CODEGEN_UNITS", "16"),
];

pub fn bench(args: &[String]) -> Result<(), String> {
    let quick = args.iter().any(|a| a == "--quick");
    if args.iter().any(|a| a == "--import-score") {
        // Only the import field score (native, seconds).
        let (table, _) = crate::bench_import::run()?;
        print!("{table}");
        return Ok(());
    }
    let lighthouse = args.iter().any(|a| a == "--lighthouse");
    let plan = if quick { QUICK } else { FULL };
    let started = std::time::Instant::now();
    let load_before = load_average();
    setup::all(setup::Need::Everything)?;
    let root = project_root();

    let mut build = run::trunk();
    build.args(["build", "--release"]);
    Step::new("release build (trunk)").run(&mut build)?;
    let bare_dist = build_reference()?;

    let docs = root.join("target/bench");
    let mut generate = run::cargo();
    generate
        .args(["run", "--quiet", "--locked", "--profile", "bench", "--example", "gen_draft", "--"])
        .arg(&docs)
        .envs(NATIVE_PROFILE);
    Step::new("benchmark documents (examples/gen_draft.rs)").run(&mut generate)?;
    let doc_sizes = json::parse(&read(&docs.join("docs.json"))?)?;

    let step = Step::new("native benchmarks (benches/pipeline.rs, divan)");
    let mut native = run::cargo();
    native
        .args(["bench", "--locked", "--bench", "pipeline", "--", "--color", "never"])
        .args(["--skip", "pathological"])
        .args(["--sample-count", &plan.samples.to_string()])
        .args(["--max-time", &plan.max_time.to_string()])
        .envs(NATIVE_PROFILE);
    let native_text = captured(&step, &mut native)?;
    print!("{native_text}");
    let native = parse_divan(&native_text);
    if native.is_empty() {
        return Err("native benchmarks: no results found in divan's output".to_owned());
    }

    let pathological = pathological_run(quick)?;
    let (import_table, import_rows) = crate::bench_import::run()?;

    let step = Step::new("browser measurements (tests/e2e/bench/bench.mjs, headless Chromium)");
    let mut browser = run::command("node");
    browser
        .arg(root.join("tests/e2e/bench/bench.mjs"))
        .arg("--dist")
        .arg(root.join("dist"))
        .arg("--docs")
        .arg(&docs)
        .args(["--runs", &plan.runs.to_string()])
        .args(["--keys", &plan.keys.to_string()])
        .args(["--edits", &plan.edits.to_string()])
        .arg("--bare")
        .arg(&bare_dist)
        .current_dir(root.join("tests/e2e"));
    if lighthouse {
        browser.arg("--lighthouse");
    }
    let browser = json::parse(&captured(&step, &mut browser)?)?;

    let meta = Value::obj([
        ("date", Value::Str(run_output("date", &["-u", "+%Y-%m-%dT%H:%M:%SZ"]))),
        ("commit", Value::Str(commit())),
        ("quick", Value::Bool(quick)),
        ("cpus", Value::Num(std::thread::available_parallelism().map_or(0, |n| n.get()) as f64)),
        ("load_average_before", Value::opt(load_before)),
        ("load_average_after", Value::opt(load_average())),
        ("rustc", Value::Str(run_output("rustc", &["--version"]))),
        ("chromium", browser.at("chromium").cloned().unwrap_or(Value::Null)),
        ("runs", Value::Num(plan.runs.into())),
        ("seconds", Value::Num(started.elapsed().as_secs_f64().round())),
    ]);
    let native_json = native_value(&native);
    let targets = targets(&browser, &native);
    let reference = reference_targets(&browser);
    let report = Value::obj([
        ("meta", meta.clone()),
        ("documents", doc_sizes.clone()),
        ("browser", browser.clone()),
        ("native", native_json),
        ("pathological", pathological_value(&pathological)),
        ("import_fields", crate::bench_import::value(&import_rows)),
        ("targets", targets.clone()),
        ("targets_against_bare_stack", targets_value(&reference)),
    ]);
    let out = root.join("target/bench.json");
    std::fs::write(&out, report.pretty()).map_err(|e| format!("{}: {e}", out.display()))?;
    print_table(&meta, &doc_sizes, &browser, &native, &targets);
    print_pathological(&pathological);
    print_reference(&browser, &reference);
    println!("\n{import_table}");
    println!("\nThe same figures are in {}.", out.display());
    Ok(())
}

fn read(path: &std::path::Path) -> Result<String, String> {
    std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))
}

/// Runs `cmd` as `step`, with its standard error on the terminal, and returns its standard output.
pub(crate) fn captured(step: &Step, cmd: &mut Command) -> Result<String, String> {
    let out = cmd
        .stderr(Stdio::inherit())
        .output()
        .map_err(|e| format!("could not start {:?}: {e}", cmd.get_program()))?;
    let verdict = if out.status.success() { "done" } else { "FAILED" };
    println!("<== {verdict} in {}", run::format_duration(step.elapsed()));
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    if out.status.success() {
        Ok(text)
    } else {
        Err(format!("{:?} failed ({}):\n{text}", cmd.get_program(), out.status))
    }
}

fn run_output(program: &str, args: &[&str]) -> String {
    run::output(Command::new(program).args(args)).map(|s| s.trim().to_owned()).unwrap_or_default()
}

fn commit() -> String {
    let root = project_root();
    let head = run::output(Command::new("git").arg("-C").arg(&root).args(["rev-parse", "HEAD"]))
        .map(|s| s.trim().chars().take(12).collect::<String>())
        .unwrap_or_default();
    let dirty =
        run::output(Command::new("git").arg("-C").arg(&root).args(["status", "--porcelain"]))
            .is_some_and(|s| !s.trim().is_empty());
    if dirty { format!("{head}+changes") } else { head }
}

/// The one-minute load average (Linux), to judge how quiet the machine was.
fn load_average() -> Option<f64> {
    std::fs::read_to_string("/proc/loadavg").ok()?.split_whitespace().next()?.parse().ok()
}

// ---------------------------------------------------------------------------------------------
// divan's table

/// One native result: `group` (export, render...), `arg` (small, large, 2MB), times in ns.
#[derive(Clone, Debug, PartialEq)]
pub struct NativeResult {
    pub group: String,
    pub arg: String,
    pub fastest_ns: f64,
    pub median_ns: f64,
    pub mean_ns: f64,
}

/// Reads divan's tree table: leaf rows are `name  fastest │ slowest │ median │ mean │ samples │
/// iters`, nested under group rows with empty columns.
pub fn parse_divan(text: &str) -> Vec<NativeResult> {
    let mut stack: Vec<(usize, String)> = Vec::new();
    let mut results = Vec::new();
    for line in text.lines() {
        let parts: Vec<&str> = line.split('│').collect();
        let n = parts.len();
        if n < 6 || line.contains("fastest") {
            continue;
        }
        let head = parts[..n - 5].join("│");
        let Some(depth) = head.chars().position(|c| c.is_alphanumeric()) else { continue };
        let rest: String = head.chars().skip(depth).collect();
        let tokens: Vec<&str> = rest
            .split_whitespace()
            .map(|t| t.trim_matches(|c| matches!(c, '│' | '├' | '╰' | '─')))
            .filter(|t| !t.is_empty())
            .collect();
        let median = parse_time(parts[n - 4]);
        let (name, fastest) = match (median, tokens.len()) {
            (Some(_), len) if len >= 3 => {
                (tokens[..len - 2].join(" "), parse_time(&tokens[len - 2..].join(" ")))
            }
            _ => (tokens.join(" "), None),
        };
        while stack.last().is_some_and(|(d, _)| *d >= depth) {
            stack.pop();
        }
        match (median, fastest, parse_time(parts[n - 3])) {
            (Some(median_ns), Some(fastest_ns), Some(mean_ns)) => {
                let group = stack.last().map(|(_, g)| g.clone()).unwrap_or_default();
                results.push(NativeResult { group, arg: name, fastest_ns, median_ns, mean_ns });
            }
            _ => stack.push((depth, name)),
        }
    }
    results
}

/// `1.749 ms` → 1_749_000 ns.
fn parse_time(text: &str) -> Option<f64> {
    let mut it = text.split_whitespace();
    let value: f64 = it.next()?.parse().ok()?;
    let scale = match it.next()? {
        "ps" => 1e-3,
        "ns" => 1.0,
        "µs" | "us" => 1e3,
        "ms" => 1e6,
        "s" => 1e9,
        _ => return None,
    };
    Some(value * scale)
}

fn median_ms(native: &[NativeResult], group: &str, arg: &str) -> Option<f64> {
    native.iter().find(|r| r.group == group && r.arg == arg).map(|r| r.median_ns / 1e6)
}

/// `group` / `floor_render` on `arg`, from the fastest samples: on a shared machine the medians
/// of two benchmarks run seconds apart can be skewed by other work, the fastest much less.
fn ratio_to_floor(native: &[NativeResult], groups: &[&str], arg: &str) -> Option<f64> {
    let fastest =
        |g: &str| native.iter().find(|r| r.group == g && r.arg == arg).map(|r| r.fastest_ns);
    let top: Option<f64> = groups.iter().map(|g| fastest(g)).sum();
    top.zip(fastest("floor_render")).map(|(a, f)| a / f)
}

const SIZES: [&str; 3] = ["small", "large", "2MB"];

fn native_value(native: &[NativeResult]) -> Value {
    let mut groups: Vec<(String, Value)> = Vec::new();
    for r in native {
        let entry = Value::obj([
            ("median_ms", Value::Num(r.median_ns / 1e6)),
            ("fastest_ms", Value::Num(r.fastest_ns / 1e6)),
            ("mean_ms", Value::Num(r.mean_ns / 1e6)),
        ]);
        match groups.iter_mut().find(|(g, _)| *g == r.group) {
            Some((_, Value::Obj(fields))) => fields.push((r.arg.clone(), entry)),
            _ => groups.push((r.group.clone(), Value::obj([(r.arg.clone(), entry)]))),
        }
    }
    let ratio = |num: &[&str]| {
        Value::Obj(
            SIZES
                .iter()
                .map(|s| (s.to_string(), Value::opt(ratio_to_floor(native, num, s))))
                .collect(),
        )
    };
    groups.push(("ratio_render_to_floor".to_owned(), ratio(&["render"])));
    groups.push(("ratio_export_render_to_floor".to_owned(), ratio(&["export", "render"])));
    Value::Obj(groups)
}

// ---------------------------------------------------------------------------------------------
// Targets

struct Target {
    name: &'static str,
    goal: &'static str,
    value: Option<f64>,
    shown: String,
    met: Option<bool>,
}

fn evaluate(browser: &Value, native: &[NativeResult]) -> Vec<Target> {
    let mut out = Vec::new();
    let mut add = |name, goal, value: Option<f64>, shown: String, ok: &dyn Fn(f64) -> bool| {
        out.push(Target { name, goal, value, shown, met: value.map(ok) });
    };
    let gzip = browser.num("size.first_visit.gzip");
    add("first-visit transfer (gzip)", "≤ 200 KB", gzip, kb(gzip), &|v| v <= 200_000.0);
    let load = browser.num("load.interactive.p50");
    add("cold load to interactive (median)", "≤ 150 ms", load, ms(load), &|v| v <= 150.0);
    // The slower of typing in the summary and in a timeline entry.
    let typing = [
        browser.num("typing_large.keystroke_to_preview.p95"),
        browser.num("typing_entry.keystroke_to_preview.p95"),
    ]
    .into_iter()
    .flatten()
    .reduce(f64::max);
    add("keystroke → preview, large (p95)", "≤ 8 ms", typing, ms(typing), &|v| v <= 8.0);
    for size in ["large", "2MB"] {
        let ratio = ratio_to_floor(native, &["render"], size);
        let name = if size == "large" {
            "render / pulldown-cmark, large"
        } else {
            "render / pulldown-cmark, 2MB"
        };
        add(name, "≤ 1.2×", ratio, times(ratio), &|v| v <= 1.2);
    }
    let import = median_ms(native, "import", "2MB");
    add("import of 2 MB, native (median)", "≤ 50 ms", import, ms(import), &|v| v <= 50.0);
    let paste = browser.num("paste.read.p50");
    add("read 5,000 pasted lines, browser (median)", "≤ 100 ms", paste, ms(paste), &|v| {
        v <= 100.0
    });
    // Flat: over the last 60% of the edits, wasm memory does not grow and the JS heap (after a
    // forced GC) grows by less than 256 KiB (the first edits warm caches and grow the heap once).
    let milestones = match browser.at("memory.milestones") {
        Some(Value::Arr(m)) => m.clone(),
        _ => Vec::new(),
    };
    let growth = |key: &str| {
        let first = milestones.get(milestones.len().saturating_sub(1) * 2 / 5)?.num(key)?;
        Some(milestones.last()?.num(key)? - first)
    };
    let (js, wasm) = (growth("js_heap_used"), growth("wasm_memory"));
    let shown = format!("JS {}, wasm {}", signed_kb(js), signed_kb(wasm));
    let flat = js.zip(wasm).map(|(j, w)| if j < 262_144.0 && w <= 0.0 { 0.0 } else { 1.0 });
    add("memory across 1,000 edits", "flat", flat, shown, &|v| v == 0.0);
    out
}

fn targets(browser: &Value, native: &[NativeResult]) -> Value {
    targets_value(&evaluate(browser, native))
}

fn targets_value(targets: &[Target]) -> Value {
    Value::Arr(
        targets
            .iter()
            .map(|t| {
                Value::obj([
                    ("name", Value::Str(t.name.to_owned())),
                    ("target", Value::Str(t.goal.to_owned())),
                    ("value", Value::opt(t.value)),
                    ("shown", Value::Str(t.shown.clone())),
                    ("met", t.met.map_or(Value::Null, Value::Bool)),
                ])
            })
            .collect(),
    )
}

// ---------------------------------------------------------------------------------------------
// The table

fn kb(bytes: Option<f64>) -> String {
    bytes.map_or("-".to_owned(), |b| format!("{:.1} KB", b / 1000.0))
}

fn signed_kb(bytes: Option<f64>) -> String {
    bytes.map_or("-".to_owned(), |b| format!("{:+.0} KB", b / 1000.0))
}

fn ms(v: Option<f64>) -> String {
    match v {
        None => "-".to_owned(),
        Some(v) if v < 1.0 => format!("{:.0} µs", v * 1000.0),
        Some(v) if v < 10.0 => format!("{v:.2} ms"),
        Some(v) => format!("{v:.1} ms"),
    }
}

fn times(v: Option<f64>) -> String {
    v.map_or("-".to_owned(), |v| format!("{v:.2}×"))
}

fn row(label: &str, cells: &[String]) {
    print!("  {label:<36}");
    for c in cells {
        print!("{c:>13}");
    }
    println!();
}

fn heading(title: &str, columns: &[&str]) {
    print!("\n{title:<38}");
    for c in columns {
        print!("{c:>13}");
    }
    println!();
}

/// Issue 13: a keystroke with a 200,000-character unbroken title or summary (`long_unbroken`).
fn print_long_unbroken(b: &Value) {
    heading(
        "Keystroke with a 200,000-char unbroken string (→ next frame)",
        &["p50", "p95", "max", "p50 / bare"],
    );
    let p50 = |case: &str| format!("long_unbroken.{case}.keystroke_to_paint.p50");
    for case in ["title", "summary", "bare"] {
        let q = |s: &str| ms(b.num(&format!("long_unbroken.{case}.keystroke_to_paint.{s}")));
        let label = match case {
            "bare" => "the same string in the bare stack's textarea".to_owned(),
            _ => format!("keystroke with a 200,000-char unbroken {case}"),
        };
        row(&label, &[q("p50"), q("p95"), q("max"), times(ratio(b, &p50(case), &p50("bare")))]);
    }
}

fn print_table(meta: &Value, docs: &Value, b: &Value, native: &[NativeResult], targets: &Value) {
    let num = |v: &Value, p: &str| v.num(p);
    println!(
        "\nPostmortem Editor benchmark: {} at {}, {} cores, load {:.1} → {:.1}, {}, {} runs{}",
        meta.str("date").unwrap_or(""),
        meta.str("commit").unwrap_or(""),
        num(meta, "cpus").unwrap_or(0.0),
        num(meta, "load_average_before").unwrap_or(f64::NAN),
        num(meta, "load_average_after").unwrap_or(f64::NAN),
        meta.str("chromium").map_or("Chromium ?".to_owned(), |v| format!("Chromium {v}")),
        num(meta, "runs").unwrap_or(0.0),
        if meta.at("quick") == Some(&Value::Bool(true)) { " (quick)" } else { "" },
    );
    let doc = |name: &str| {
        format!(
            "{} entries, {}",
            num(docs, &format!("{name}.entries")).unwrap_or(0.0),
            kb(num(docs, &format!("{name}.markdown_bytes")))
        )
    };

    heading("Size (files a first visit requests)", &["raw", "gzip -9", "brotli"]);
    if let Some(Value::Arr(files)) = b.at("size.files") {
        for f in files {
            row(
                f.str("path").unwrap_or("?"),
                &[kb(f.num("raw")), kb(f.num("gzip")), kb(f.num("brotli"))],
            );
        }
    }
    row(
        "total",
        &[
            kb(num(b, "size.first_visit.raw")),
            kb(num(b, "size.first_visit.gzip")),
            kb(num(b, "size.first_visit.brotli")),
        ],
    );
    if let Some(Value::Obj(sections)) = b.at("size.wasm_sections") {
        let mut parts: Vec<(String, f64)> = sections
            .iter()
            .filter_map(|(k, v)| match v {
                Value::Num(n) if *n >= 1000.0 => Some((k.clone(), *n)),
                _ => None,
            })
            .collect();
        parts.sort_by(|a, b| b.1.total_cmp(&a.1));
        let shown: Vec<String> =
            parts.iter().map(|(k, n)| format!("{k} {:.0} KB", n / 1000.0)).collect();
        println!("  (.wasm sections, raw: {})", shown.join(", "));
    }

    heading("Load (navigation start →, fresh context)", &["p50", "p95", "max"]);
    for (label, path) in [
        ("editor ready, new document", "load.ready"),
        ("first input in preview, new document", "load.interactive"),
        ("editor ready, large draft", "load_large.ready"),
        ("first input in preview, large draft", "load_large.interactive"),
        ("longest task until its form is built", "load_large.longest_task"),
        ("its tasks' time past 50 ms (blocking)", "load_large.blocking"),
    ] {
        let q = |s: &str| ms(num(b, &format!("{path}.{s}")));
        row(label, &[q("p50"), q("p95"), q("max")]);
    }

    heading("Typing (keydown → ...)", &["p50", "p95", "max"]);
    for (name, what) in [
        ("small", format!("small document ({}), summary", doc("small"))),
        ("large", format!("large document ({}), summary", doc("large"))),
        ("entry", "large document, middle timeline entry".to_owned()),
    ] {
        println!("  {what}");
        for (label, metric) in [
            ("preview DOM updated", "keystroke_to_preview"),
            ("next frame painted", "keystroke_to_paint"),
            ("(preview DOM replace + layout alone)", "preview_dom_replace"),
        ] {
            let q = |s: &str| ms(num(b, &format!("typing_{name}.{metric}.{s}")));
            row(&format!("  {label}"), &[q("p50"), q("p95"), q("max")]);
        }
    }

    print_long_unbroken(b);

    heading("Autosave (large draft)", &["p50", "p95", "max"]);
    let q = |p: &str, s: &str| ms(num(b, &format!("typing_large.autosave.{p}.{s}")));
    row(
        "keydown → draft written",
        &[
            q("keystroke_to_saved", "p50"),
            q("keystroke_to_saved", "p95"),
            q("keystroke_to_saved", "max"),
        ],
    );
    row(
        "save deferred to a timer (none: saves follow each change)",
        &[q("timer_save", "p50"), q("timer_save", "p95"), q("timer_save", "max")],
    );
    row("localStorage.setItem alone", &[q("write", "p50"), q("write", "p95"), q("write", "max")]);
    row(
        "encode (serialise), native median",
        &[ms(median_ms(native, "encode", "large")), String::new(), String::new()],
    );
    row(
        "bytes written",
        &[kb(num(b, "typing_large.autosave.bytes")), String::new(), String::new()],
    );

    heading("Drag (first of 200 entries down the list)", &["p50", "p95", "max"]);
    let q = |s: &str| ms(num(b, &format!("drag.frame.{s}")));
    row("frame time (rAF deltas)", &[q("p50"), q("p95"), q("max")]);
    row(
        "frames over 33 ms",
        &[
            format!("{}", num(b, "drag.frames_over_33ms").unwrap_or(f64::NAN)),
            format!("of {}", num(b, "drag.frame.n").unwrap_or(f64::NAN)),
            String::new(),
        ],
    );

    heading("Memory (large draft)", &["after load", "after edits", "growth"]);
    for (label, key) in
        [("JS heap used (after GC)", "js_heap_used"), ("wasm linear memory", "wasm_memory")]
    {
        let before = num(b, &format!("memory.after_load.{key}"));
        let after = num(b, &format!("memory.after_edits.{key}"));
        let growth = before.zip(after).map(|(x, y)| y - x);
        row(label, &[kb(before), kb(after), signed_kb(growth)]);
    }

    heading("Native (median; divan, opt-level 3)", &SIZES);
    for group in ["export", "import", "render", "floor_render", "encode"] {
        let label = if group == "floor_render" { "pulldown-cmark alone (floor)" } else { group };
        row(label, &SIZES.map(|s| ms(median_ms(native, group, s))));
    }
    let ratio = |groups: &[&str], s: &str| times(ratio_to_floor(native, groups, s));
    row("render / floor (fastest samples)", &SIZES.map(|s| ratio(&["render"], s)));
    row("(export + render) / floor (fastest)", &SIZES.map(|s| ratio(&["export", "render"], s)));
    if let Some(Value::Num(n)) = docs.at("2MB.markdown_bytes") {
        let mbs = |group: &str| {
            median_ms(native, group, "2MB")
                .map_or("-".to_owned(), |t| format!("{:.0} MB/s", n / 1e3 / t))
        };
        row(
            "2MB throughput: export / import / render",
            &[mbs("export"), mbs("import"), mbs("render")],
        );
    }

    row(
        "paste: read 5,000 pasted lines",
        &[ms(median_ms(native, "paste_read", "5000_lines")), String::new(), String::new()],
    );
    // Issue 17: the same 5,000 lines in the paste dialog (`paste` in bench.mjs).
    heading("Paste 5,000 lines into the dialog (browser)", &["p50", "p95", "max"]);
    for (label, key) in [("read (paste::read)", "read"), ("input → list shown, painted", "shown")]
    {
        let q = |s: &str| ms(b.num(&format!("paste.{key}.{s}")));
        row(label, &[q("p50"), q("p95"), q("max")]);
    }

    heading("Targets", &["value", "target", "met"]);
    if let Value::Arr(items) = targets {
        for t in items {
            let met = match t.at("met") {
                Some(Value::Bool(true)) => "yes",
                Some(Value::Bool(false)) => "NO",
                _ => "?",
            };
            row(
                t.str("name").unwrap_or("?"),
                &[
                    t.str("shown").unwrap_or("-").to_owned(),
                    t.str("target").unwrap_or("").to_owned(),
                    met.to_owned(),
                ],
            );
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Pathological inputs (benches/pipeline.rs, `pathological_*`): the cost per byte of import,
// export and render (and pulldown-cmark alone) at 64 KB, 512 KB and 2 MB. A cost per byte that
// grows with the size is a superlinear path.

const PATHOLOGICAL_SIZES: [(&str, f64); 3] =
    [("64KB", 65_536.0), ("512KB", 524_288.0), ("2MB", 2_097_152.0)];
const PATHOLOGICAL_STAGES: [&str; 4] = ["import", "export", "render", "floor"];

/// Runs the pathological benchmarks: few samples, each up to seconds long at 2 MB.
fn pathological_run(quick: bool) -> Result<Vec<NativeResult>, String> {
    let step = Step::new("pathological inputs (benches/pipeline.rs, divan)");
    let mut cmd = run::cargo();
    cmd.args(["bench", "--locked", "--bench", "pipeline", "--", "--color", "never"])
        .arg("pathological")
        .args(["--sample-count", if quick { "1" } else { "3" }])
        .args(["--sample-size", "1"])
        .args(["--max-time", "1"])
        .envs(NATIVE_PROFILE);
    let text = captured(&step, &mut cmd)?;
    print!("{text}");
    let results: Vec<NativeResult> =
        parse_divan(&text).into_iter().filter(|r| r.group.starts_with("pathological_")).collect();
    if results.is_empty() {
        return Err("pathological benchmarks: no results found in divan's output".to_owned());
    }
    Ok(results)
}

/// Nanoseconds per byte of `stage` on `shape` at `size` (the fastest sample).
fn per_byte(results: &[NativeResult], stage: &str, shape: &str, size: &str) -> Option<f64> {
    let bytes = PATHOLOGICAL_SIZES.iter().find(|(s, _)| *s == size)?.1;
    let group = format!("pathological_{stage}");
    let arg = format!("{shape}@{size}");
    results.iter().find(|r| r.group == group && r.arg == arg).map(|r| r.fastest_ns / bytes)
}

/// The shapes measured, in the order divan printed them.
fn pathological_shapes(results: &[NativeResult]) -> Vec<String> {
    let mut shapes: Vec<String> = Vec::new();
    for r in results {
        let shape = r.arg.split('@').next().unwrap_or("").to_owned();
        if !shapes.contains(&shape) {
            shapes.push(shape);
        }
    }
    shapes
}

fn pathological_value(results: &[NativeResult]) -> Value {
    let shapes = pathological_shapes(results);
    Value::Obj(
        shapes
            .iter()
            .map(|shape| {
                let stages = PATHOLOGICAL_STAGES.map(|stage| {
                    let sizes = PATHOLOGICAL_SIZES.map(|(size, _)| {
                        (size.to_owned(), Value::opt(per_byte(results, stage, shape, size)))
                    });
                    (format!("{stage}_ns_per_byte"), Value::Obj(sizes.to_vec()))
                });
                (shape.clone(), Value::Obj(stages.to_vec()))
            })
            .collect(),
    )
}

fn print_pathological(results: &[NativeResult]) {
    let ns = |v: Option<f64>| match v {
        None => "-".to_owned(),
        Some(v) if v < 100.0 => format!("{v:.1} ns/B"),
        Some(v) => format!("{v:.0} ns/B"),
    };
    heading("Pathological inputs (fastest, per byte)", &["64KB", "512KB", "2MB", "2MB / 64KB"]);
    for shape in pathological_shapes(results) {
        println!("  {shape}");
        for stage in PATHOLOGICAL_STAGES {
            let costs = PATHOLOGICAL_SIZES.map(|(size, _)| per_byte(results, stage, &shape, size));
            let growth = costs[0].zip(costs[2]).map(|(a, b)| b / a);
            let label = if stage == "floor" { "  pulldown-cmark alone" } else { stage };
            let label = if stage == "floor" { label.to_owned() } else { format!("  {label}") };
            row(&label, &[ns(costs[0]), ns(costs[1]), ns(costs[2]), times(growth)]);
        }
    }
    println!(
        "  (a cost per byte that grows with the size, 2MB / 64KB well over 1×, is superlinear)"
    );
}

// ---------------------------------------------------------------------------------------------
// Side by side with the bare stack (issue 16)

/// Builds the reference app (`bench/bare`) with trunk into `target/bench/bare-dist`. It is a
/// workspace member, so it shares the app's Cargo.lock, release profile and target folder.
fn build_reference() -> Result<std::path::PathBuf, String> {
    let root = project_root();
    let dist = root.join("target/bench/bare-dist");
    let mut build = run::trunk();
    build.args(["build", "--release", "--dist"]).arg(&dist).current_dir(root.join("bench/bare"));
    Step::new("reference build: the bare stack (bench/bare, trunk)").run(&mut build)?;
    Ok(dist)
}

/// The load figures: label, the app's value, the bare stack's (JSON paths in bench.mjs's output).
const SIDE_BY_SIDE: [(&str, &str, &str); 5] = [
    ("first-visit transfer, every byte", "first_visit.bytes", "bare.first_visit.bytes"),
    ("editor visible (median)", "load.ready.p50", "bare.load.ready.p50"),
    ("interactive: first input in preview", "load.interactive.p50", "bare.load.interactive.p50"),
    ("first contentful paint (median)", "load.fcp.p50", "bare.load.fcp.p50"),
    (
        "keystroke → preview DOM (median)",
        "typing_small.keystroke_to_preview.p50",
        "bare.typing.keystroke_to_preview.p50",
    ),
];

fn ratio(b: &Value, ours: &str, bare: &str) -> Option<f64> {
    b.num(ours).zip(b.num(bare)).filter(|(_, r)| *r > 0.0).map(|(a, r)| a / r)
}

fn kib(bytes: Option<f64>) -> String {
    bytes.map_or("-".to_owned(), |b| format!("{:.1} KiB", b / 1024.0))
}

/// Issue 16's targets: every byte of a first visit, and the load as ratios to the bare stack.
fn reference_targets(b: &Value) -> Vec<Target> {
    let mut out = Vec::new();
    let mut add = |name, goal, value: Option<f64>, shown: String, ok: &dyn Fn(f64) -> bool| {
        out.push(Target { name, goal, value, shown, met: value.map(ok) });
    };
    let bytes = b.num("first_visit.bytes");
    add("first-visit transfer, every byte", "≤ 300 KiB", bytes, kib(bytes), &|v| {
        v <= 300.0 * 1024.0
    });
    let [_, ready, interactive, fcp, _] = SIDE_BY_SIDE.map(|(_, o, r)| ratio(b, o, r));
    add("interactive / bare stack", "≤ 1.25×", interactive, times(interactive), &|v| v <= 1.25);
    add("editor visible / bare stack", "≤ 1.2×", ready, times(ready), &|v| v <= 1.2);
    add("first contentful paint / bare stack", "≤ 1.0×", fcp, times(fcp), &|v| v <= 1.0);
    let score = b.num("lighthouse.mobile.performance");
    let shown = score.map_or("not run".to_owned(), |s| format!("{s:.0}"));
    add("Lighthouse 12 mobile performance (median run)", "≥ 90", score, shown, &|v| v >= 90.0);
    out
}

fn print_reference(b: &Value, targets: &[Target]) {
    heading("Side by side (bare stack: bench/bare)", &["editor", "bare stack", "ratio"]);
    for (label, ours, bare) in SIDE_BY_SIDE {
        let show = |path| if ours.ends_with("bytes") { kib(b.num(path)) } else { ms(b.num(path)) };
        row(label, &[show(ours), show(bare), times(ratio(b, ours, bare))]);
    }
    let repeated = b.num("first_visit.repeated_bytes");
    row("  of which sent twice (editor)", &[kib(repeated), String::new(), String::new()]);
    if let Some(Value::Arr(files)) = b.at("first_visit.files") {
        for f in files.iter().take(8) {
            let sent = f.num("bodies").unwrap_or(0.0);
            let note = if sent > 1.0 { format!("{sent:.0}× sent") } else { String::new() };
            row(&format!("    {}", f.str("path").unwrap_or("?")), &[kib(f.num("bytes")), note]);
        }
    }
    if b.at("lighthouse").is_some() {
        heading("Lighthouse 12 (performance)", &["editor", "bare stack", ""]);
        for preset in ["mobile", "desktop"] {
            for (label, key) in [
                ("score", "performance"),
                ("FCP ms", "fcp_ms"),
                ("LCP ms", "lcp_ms"),
                ("total blocking time ms", "tbt_ms"),
                ("speed index ms", "speed_index_ms"),
            ] {
                let show = |p: String| b.num(&p).map_or("-".to_owned(), |v| format!("{v:.0}"));
                row(
                    &format!("{preset}: {label}"),
                    &[
                        show(format!("lighthouse.{preset}.{key}")),
                        show(format!("bare.lighthouse.{preset}.{key}")),
                        String::new(),
                    ],
                );
            }
        }
        // The mobile figures above are the median run's; its score swings from run to run.
        let runs = |path: &str| match b.at(path) {
            Some(Value::Arr(runs)) => runs
                .iter()
                .map(|r| r.num("performance").map_or("-".to_owned(), |v| format!("{v:.0}")))
                .collect::<Vec<_>>()
                .join(" "),
            _ => "-".to_owned(),
        };
        for (who, path) in
            [("editor", "lighthouse.mobile.runs"), ("bare stack", "bare.lighthouse.mobile.runs")]
        {
            println!("  {:<40}{}", format!("mobile: every run's score, {who}:"), runs(path));
        }
    }
    heading("Targets (issue 16)", &["value", "target", "met"]);
    for t in targets {
        let met = match t.met {
            Some(true) => "yes",
            Some(false) => "NO",
            None => "?",
        };
        row(t.name, &[t.shown.clone(), t.goal.to_owned(), met.to_owned()]);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const DIVAN: &str = "\
Timer precision: 20 ns
pipeline            fastest       │ slowest       │ median        │ mean          │ samples │ iters
╰─ benches                        │               │               │               │         │
   ├─ encode                      │               │               │               │         │
   │  ├─ 2MB        1.749 ms      │ 3.694 ms      │ 1.831 ms      │ 1.982 ms      │ 20      │ 20
   │  ╰─ small      5.84 µs       │ 8.194 µs      │ 6.026 µs      │ 6.127 µs      │ 20      │ 20
   ╰─ render                      │               │               │               │         │
      ├─ 2MB        12.94 ms      │ 17.88 ms      │ 13.03 ms      │ 13.28 ms      │ 20      │ 20
      ╰─ small      40.53 µs      │ 88.73 µs      │ 40.92 µs      │ 43.35 µs      │ 20      │ 20
";

    #[test]
    fn reads_pathological_costs_per_byte() {
        let text = "\
pipeline                           fastest       │ slowest       │ median        │ mean          │ samples │ iters
╰─ benches                                       │               │               │               │         │
   ╰─ pathological_render                        │               │               │               │         │
      ├─ lazy_list@2MB             2.097 s       │ 2.1 s         │ 2.097 s       │ 2.097 s       │ 1       │ 1
      ╰─ lazy_list@64KB            6.553 ms      │ 6.6 ms        │ 6.553 ms      │ 6.553 ms      │ 1       │ 1
";
        let results = parse_divan(text);
        assert_eq!(pathological_shapes(&results), ["lazy_list"]);
        let near = |a: Option<f64>, b: f64| a.is_some_and(|a| (a - b).abs() < 1e-6);
        assert!(near(per_byte(&results, "render", "lazy_list", "2MB"), 2.097e9 / 2_097_152.0));
        assert!(near(per_byte(&results, "render", "lazy_list", "64KB"), 6_553_000.0 / 65_536.0));
        assert_eq!(per_byte(&results, "import", "lazy_list", "2MB"), None);
    }

    #[test]
    fn reads_divan_medians() {
        let results = parse_divan(DIVAN);
        assert_eq!(results.len(), 4);
        assert_eq!(results[0].group, "encode");
        assert_eq!(results[0].arg, "2MB");
        assert!((results[0].median_ns - 1_831_000.0).abs() < 1.0);
        assert!((results[1].fastest_ns - 5_840.0).abs() < 1e-6);
        assert_eq!((results[3].group.as_str(), results[3].arg.as_str()), ("render", "small"));
        assert!((results[3].mean_ns - 43_350.0).abs() < 1e-6);
        assert_eq!(median_ms(&results, "render", "2MB"), Some(13.03));
    }

    #[test]
    fn load_targets_are_ratios_to_the_bare_stack() {
        let b = json::parse(
            r#"{"first_visit": {"bytes": 495616},
                "load": {"ready": {"p50": 120}, "interactive": {"p50": 150}, "fcp": {"p50": 90}},
                "bare": {"first_visit": {"bytes": 125747},
                         "load": {"ready": {"p50": 100}, "interactive": {"p50": 100}, "fcp": {"p50": 100}}}}"#,
        )
        .unwrap();
        let t = reference_targets(&b);
        let get = |name: &str| t.iter().find(|t| t.name.starts_with(name)).unwrap();
        assert_eq!(get("first-visit").shown, "484.0 KiB");
        assert_eq!(get("first-visit").met, Some(false));
        assert_eq!(get("editor visible").value, Some(1.2));
        assert_eq!(get("editor visible").met, Some(true));
        assert_eq!(get("interactive").met, Some(false));
        assert_eq!(get("first contentful").value, Some(0.9));
        assert_eq!(get("Lighthouse").met, None);
        assert_eq!(get("Lighthouse").shown, "not run");
    }
}
