//! The project's fuzzer, on stable Rust: mutates the fixtures (and the shared seeds, when they are
//! present) with a seeded mutator and checks every invariant of `invariants.rs` on each input,
//! each under `catch_unwind`. Run it with `cargo xtask fuzz [--seconds N] [--seed S]`, which
//! builds it with the `fuzz` profile (optimised, debug assertions and overflow checks on).
//!
//! Arguments: `--seconds N` (budget, default 60), `--seed S` (default 1), `--out DIR` (where
//! failures go, default `target/fuzz`), `--seeds DIR` (more inputs, repeatable), `--max-len N`
//! (bytes per input, default 65536), `--allow a,b` (invariants reported but not failing the run),
//! `--allow-mutants a,b` (the same, but only on mutants: the fixtures and seeds as they are, each
//! checked first whatever the budget, must hold them).
//!
//! Each failing input is minimised (cheaply: lines, then byte ranges, while the same invariant
//! still fails) and written to `<out>/failures/<invariant>/<hash>.txt`. An input is slow when
//! its per-byte cost in import, export or render is over [`SLOW_FACTOR`] times the median of the
//! inputs seen so far (and over [`SLOW_FLOOR_MS`]), confirmed by the fastest of three more runs
//! of that stage alone (on a busy machine a single run can be many times slower), and
//! superlinear: [`COPIES`] copies of it cost over [`GROWTH_LIMIT`] times one.

mod invariants;
mod mutate;

use invariants::{Failure, Timings};
use mutate::Rng;
use std::collections::{BTreeMap, HashSet};
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{Duration, Instant};

/// How far above the median per-byte cost an input must be to be slow.
const SLOW_FACTOR: f64 = 40.0;
/// And how long it must take at least (so tiny inputs' noise is never slow).
const SLOW_FLOOR_MS: f64 = 25.0;
/// How many copies of a slow input are timed to tell superlinear from merely costly.
const COPIES: usize = 8;
/// How much more than one copy [`COPIES`] copies may cost: linear is 8, quadratic 64; between,
/// room for a bigger input's cache misses (pulldown-cmark's cost per byte of a 320,000-item list
/// is about four times that of a 5,000-item one, though it is not quadratic).
const GROWTH_LIMIT: f64 = 40.0;
/// Inputs shorter than this do not count for the median (fixed costs dominate).
const MEDIAN_MIN_LEN: usize = 2048;
/// Failures written per invariant (the count goes on).
const SAVED_PER_INVARIANT: usize = 25;

struct Args {
    seconds: u64,
    seed: u64,
    out: PathBuf,
    seeds: Vec<PathBuf>,
    max_len: usize,
    allow: Vec<String>,
    allow_mutants: Vec<String>,
}

fn parse_args() -> Result<Args, String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut args = Args {
        seconds: 60,
        seed: 1,
        out: root.join("target/fuzz"),
        seeds: Vec::new(),
        max_len: 65_536,
        allow: Vec::new(),
        allow_mutants: Vec::new(),
    };
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        let mut value = || it.next().ok_or(format!("{flag} needs a value"));
        let number = |v: String| v.parse::<u64>().map_err(|_| format!("not a number: {v}"));
        match flag.as_str() {
            "--seconds" => args.seconds = number(value()?)?,
            "--seed" => args.seed = number(value()?)?,
            "--max-len" => args.max_len = number(value()?)? as usize,
            "--out" => args.out = PathBuf::from(value()?),
            "--seeds" => args.seeds.push(PathBuf::from(value()?)),
            "--allow" => args.allow.extend(value()?.split(',').map(str::to_owned)),
            "--allow-mutants" => args.allow_mutants.extend(value()?.split(',').map(str::to_owned)),
            other => return Err(format!("unknown argument {other}")),
        }
    }
    for a in args.allow.iter().chain(&args.allow_mutants) {
        if !invariants::ALL.contains(&a.as_str()) {
            return Err(format!(
                "--allow: no invariant {a} (known: {})",
                invariants::ALL.join(", ")
            ));
        }
    }
    Ok(args)
}

/// Every file under `dir`, recursively, read as text (others skipped), in a stable order.
fn read_tree(dir: &Path, out: &mut Vec<String>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    for path in paths {
        if path.is_dir() {
            read_tree(&path, out);
        } else if let Ok(text) = std::fs::read_to_string(&path) {
            out.push(text);
        }
    }
}

fn hash(text: &str) -> u64 {
    let mut h = std::hash::DefaultHasher::new();
    text.hash(&mut h);
    h.finish()
}

/// Per-byte costs seen so far, per stage.
#[derive(Default)]
struct Costs {
    samples: [Vec<f64>; 3],
    medians: [f64; 3],
}

const STAGES: [&str; 3] = ["slow-import", "slow-export", "slow-render"];

fn stage_times(t: &Timings) -> [Duration; 3] {
    [t.import, t.export, t.render]
}

impl Costs {
    fn add(&mut self, len: usize, t: &Timings) {
        if len < MEDIAN_MIN_LEN {
            return;
        }
        for (i, d) in stage_times(t).iter().enumerate() {
            let s = &mut self.samples[i];
            s.push(d.as_nanos() as f64 / len as f64);
            // Recompute now and then; keep the sample bounded.
            if s.len() % 64 == 1 {
                let mut sorted = s.clone();
                sorted.sort_by(f64::total_cmp);
                self.medians[i] = sorted[sorted.len() / 2];
                if s.len() > 4096 {
                    s.drain(..2048);
                }
            }
        }
    }

    /// The stages where `t` is far above the median, for an input of `len` bytes.
    fn slow(&self, len: usize, t: &Timings) -> Vec<usize> {
        (0..3)
            .filter(|&i| {
                let d = stage_times(t)[i];
                let per_byte = d.as_nanos() as f64 / len.max(1) as f64;
                self.medians[i] > 0.0
                    && d.as_secs_f64() * 1e3 > SLOW_FLOOR_MS
                    && per_byte > SLOW_FACTOR * self.medians[i]
            })
            .collect()
    }
}

/// Whether `stage` costs over [`GROWTH_LIMIT`] times as much on [`COPIES`] copies of `input` as
/// the `single` cost on one (a single run over a second is enough).
fn superlinear(input: &str, stage: usize, single: Duration) -> bool {
    if single > Duration::from_secs(1) {
        return true;
    }
    let one = if input.ends_with('\n') { input.to_owned() } else { format!("{input}\n") };
    let copies = stage_times(&invariants::time_stages(&one.repeat(COPIES), 2))[stage];
    copies.as_secs_f64() > GROWTH_LIMIT * single.as_secs_f64()
}

/// Removes lines, then byte ranges, while `still_fails`; at most `budget` tries.
fn minimise(input: &str, budget: usize, still_fails: &mut dyn FnMut(&str) -> bool) -> String {
    let mut best = input.to_owned();
    let mut tries = 0;
    // Lines, in halving chunks.
    let mut chunk = best.lines().count().max(1) / 2;
    while chunk >= 1 && tries < budget {
        let lines: Vec<&str> = best.split_inclusive('\n').collect();
        let mut improved = false;
        let mut start = 0;
        while start < lines.len() && tries < budget {
            let end = (start + chunk).min(lines.len());
            let candidate: String = lines[..start].concat() + &lines[end..].concat();
            tries += 1;
            if candidate.len() < best.len() && still_fails(&candidate) {
                best = candidate;
                improved = true;
                break;
            }
            start = end;
        }
        if !improved {
            chunk /= 2;
        }
    }
    // Bytes, in halving chunks.
    let mut chunk = best.len() / 2;
    while chunk >= 1 && tries < budget {
        let mut improved = false;
        let mut start = 0;
        while start < best.len() && tries < budget {
            let mut end = (start + chunk).min(best.len());
            while !best.is_char_boundary(end) {
                end += 1;
            }
            let candidate = format!("{}{}", &best[..start], &best[end..]);
            tries += 1;
            if still_fails(&candidate) {
                best = candidate;
                improved = true;
                break;
            }
            start = end;
            while start < best.len() && !best.is_char_boundary(start) {
                start += 1;
            }
        }
        if !improved {
            chunk /= 2;
        }
    }
    best
}

fn fails(input: &str, invariant: &str) -> bool {
    invariants::check(input).0.iter().any(|f| f.invariant == invariant)
}

/// Where failures are written, and what was written.
struct Findings {
    dir: PathBuf,
    counts: BTreeMap<&'static str, u64>,
    saved: BTreeMap<&'static str, HashSet<u64>>,
    /// Minimisations done per invariant (each costs hundreds of checks; capped).
    minimised: BTreeMap<&'static str, usize>,
    examples: BTreeMap<&'static str, PathBuf>,
}

impl Findings {
    fn record(&mut self, input: &str, failure: &Failure, minimise_it: bool) {
        *self.counts.entry(failure.invariant).or_default() += 1;
        let saved = self.saved.entry(failure.invariant).or_default();
        if saved.len() >= SAVED_PER_INVARIANT {
            return;
        }
        let tries = self.minimised.entry(failure.invariant).or_default();
        *tries += 1;
        if *tries > 2 * SAVED_PER_INVARIANT {
            return;
        }
        let small = if minimise_it {
            minimise(input, 250, &mut |c| fails(c, failure.invariant))
        } else {
            input.to_owned()
        };
        if !saved.insert(hash(&small)) {
            return;
        }
        let dir = self.dir.join(failure.invariant);
        let path = dir.join(format!("{:016x}.txt", hash(&small)));
        let written = std::fs::create_dir_all(&dir)
            .and_then(|()| std::fs::write(&path, &small))
            .and_then(|()| {
                let detail: String = failure.detail.chars().take(4000).collect();
                std::fs::write(path.with_extension("why"), detail)
            });
        match written {
            Ok(()) => {
                self.examples.entry(failure.invariant).or_insert(path);
            }
            Err(e) => eprintln!("fuzz: could not write {}: {e}", path.display()),
        }
    }
}

fn main() -> ExitCode {
    let args = match parse_args() {
        Ok(a) => a,
        Err(e) => {
            eprintln!("fuzz: {e}");
            return ExitCode::FAILURE;
        }
    };
    // Panics are expected findings: keep them off the terminal.
    std::panic::set_hook(Box::new(|_| {}));

    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut corpus = Vec::new();
    read_tree(&root.join("tests/fixtures"), &mut corpus);
    let fixtures = corpus.len();
    let mut seed_dirs = args.seeds.clone();
    // The shared seeds are read where they are, never copied into the project.
    for candidate in [root.join("../shared/seeds"), root.join("../../shared/seeds")] {
        if candidate.is_dir() && !seed_dirs.iter().any(|d| d == &candidate) {
            seed_dirs.push(candidate);
            break;
        }
    }
    for dir in &seed_dirs {
        read_tree(dir, &mut corpus);
    }
    corpus.retain(|c| c.len() <= args.max_len);
    println!(
        "fuzz: seed {}, {} s, {} inputs ({} fixtures, {} from {})",
        args.seed,
        args.seconds,
        corpus.len(),
        fixtures,
        corpus.len() - fixtures,
        if seed_dirs.is_empty() {
            "no seed folder".to_owned()
        } else {
            seed_dirs.iter().map(|d| d.display().to_string()).collect::<Vec<_>>().join(", ")
        }
    );
    let failures_dir = args.out.join("failures");
    let _ = std::fs::remove_dir_all(&failures_dir);
    let mut findings = Findings {
        dir: failures_dir.clone(),
        counts: BTreeMap::new(),
        saved: BTreeMap::new(),
        minimised: BTreeMap::new(),
        examples: BTreeMap::new(),
    };

    let mut rng = Rng::new(args.seed);
    let mut pool: Vec<String> = Vec::new();
    let mut costs = Costs::default();
    let started = Instant::now();
    let budget = Duration::from_secs(args.seconds);
    let mut executions: u64 = 0;
    let mut bytes: u64 = 0;
    let mut last_report = Instant::now();
    let mut next = 0;
    // Failures of the inputs as they are (fixtures, seeds): `--allow-mutants` does not cover them.
    let mut unmutated: BTreeMap<&'static str, u64> = BTreeMap::new();
    // Every input as it is, whatever the budget; then mutants of inputs and of earlier mutants.
    while next < corpus.len() || started.elapsed() < budget {
        let as_it_is = next < corpus.len();
        let input = if as_it_is {
            next += 1;
            corpus[next - 1].clone()
        } else {
            let base = if !pool.is_empty() && rng.chance(3) {
                rng.pick(&pool).clone()
            } else {
                rng.pick(&corpus).clone()
            };
            let json = rng.chance(6).then(|| mutate::mutate_json(&mut rng, &base, &corpus));
            match json.flatten() {
                Some(j) => j,
                None => mutate::mutate(&mut rng, &base, &corpus, args.max_len),
            }
        };
        let (failures, timings) = invariants::check(&input);
        executions += 1;
        bytes += input.len() as u64;
        costs.add(input.len(), &timings);
        let mut seen = HashSet::new();
        for failure in &failures {
            if seen.insert(failure.invariant) {
                if as_it_is {
                    *unmutated.entry(failure.invariant).or_default() += 1;
                }
                let panics = failure.invariant.starts_with("panic");
                findings.record(&input, failure, !panics || input.len() < 100_000);
            }
        }
        for stage in costs.slow(input.len(), &timings) {
            // Measure the stage alone again, three times: the machine may have been busy. Then
            // it must be superlinear too: a high but constant cost per byte (short lines dense
            // with syntax cost more per byte than prose) is the benchmark's business.
            let again = invariants::time_stages(&input, 3);
            if costs.slow(input.len(), &again).contains(&stage)
                && superlinear(&input, stage, stage_times(&again)[stage])
            {
                let t = stage_times(&again)[stage];
                let failure = Failure {
                    invariant: STAGES[stage],
                    detail: format!(
                        "{} bytes, {:.1} ms ({:.0} ns/byte; median {:.0} ns/byte)",
                        input.len(),
                        t.as_secs_f64() * 1e3,
                        t.as_nanos() as f64 / input.len() as f64,
                        costs.medians[stage]
                    ),
                };
                findings.record(&input, &failure, false);
            }
        }
        if pool.len() < 2000 {
            if rng.chance(4) {
                pool.push(input);
            }
        } else if rng.chance(4) {
            let i = rng.below(pool.len());
            pool[i] = input;
        }
        if last_report.elapsed() > Duration::from_secs(10) {
            last_report = Instant::now();
            let secs = started.elapsed().as_secs_f64();
            let found: u64 = findings.counts.values().sum();
            println!(
                "fuzz: {:>4.0} s  {executions} executions ({:.0}/s), {found} failures",
                secs,
                executions as f64 / secs
            );
        }
    }

    let secs = started.elapsed().as_secs_f64();
    println!(
        "\nfuzz: {executions} executions in {secs:.0} s ({:.0}/s, {:.1} MB checked)",
        executions as f64 / secs,
        bytes as f64 / 1e6
    );
    println!(
        "fuzz: median cost per byte: import {:.0} ns, export {:.0} ns, render {:.0} ns",
        costs.medians[0], costs.medians[1], costs.medians[2]
    );
    let mut failed = false;
    for invariant in invariants::ALL {
        let count = findings.counts.get(invariant).copied().unwrap_or(0);
        let allowed = args.allow.iter().chain(&args.allow_mutants).any(|a| a == invariant);
        let note = match (count, allowed) {
            (0, _) => "ok".to_owned(),
            (_, true) => "FAILS (reported, allowed by --allow)".to_owned(),
            _ => "FAILS".to_owned(),
        };
        println!("  {invariant:<14}{count:>9}  {note}");
        if let Some(path) = findings.examples.get(invariant) {
            println!("                e.g. {}", path.display());
        }
        failed |= count > 0 && !allowed;
    }
    for (invariant, count) in &unmutated {
        if !args.allow.iter().any(|a| a == invariant) {
            println!("fuzz: {invariant} fails on {count} input(s) as they are (not mutated)");
            failed = true;
        }
    }
    if findings.counts.is_empty() {
        println!("fuzz: nothing found");
    } else {
        println!("fuzz: failing inputs (minimised) are in {}", failures_dir.display());
    }
    if failed { ExitCode::FAILURE } else { ExitCode::SUCCESS }
}
