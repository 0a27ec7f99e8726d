//! `cargo xtask fuzz [--seconds N] [--seed S] [--allow INVARIANT,...]`: builds the project's
//! fuzzer (`examples/fuzz/`) with the `fuzz` profile and runs it; failing inputs land in
//! `target/fuzz/failures/<invariant>/`. `cargo xtask test` runs a short fixed-seed budget.
//!
//! Why an example and not cargo-fuzz: cargo-fuzz needs nightly (sanitizer coverage); an example
//! builds on the stable toolchain against the library's public API, like the benchmarks. Why
//! its own profile: release here means size-first wasm (`opt-level = "z"`, fat LTO), slow to
//! build and to run natively; the fuzz profile is opt-level 3 without LTO (fast to build, many
//! inputs a second) with debug assertions and overflow checks on (mistakes panic where they are).

use crate::run;
use std::process::Command;

/// The budget of `cargo xtask test`'s run, and its seed (fixed: the same inputs every time, as
/// far as the time allows).
pub const TEST_SECONDS: u64 = 25;
pub const TEST_SEED: u64 = 1;

/// The fuzzer's command, with its arguments after `--`.
pub fn command(args: &[String]) -> Command {
    let mut cmd = run::cargo();
    cmd.args(["run", "--quiet", "--locked", "--profile", "fuzz", "--example", "fuzz", "--"]);
    cmd.args(args);
    cmd
}

pub fn fuzz(args: &[String]) -> Result<(), String> {
    let known =
        ["--seconds", "--seed", "--allow", "--allow-mutants", "--seeds", "--max-len", "--out"];
    let mut i = 0;
    while i < args.len() {
        if !known.contains(&args[i].as_str()) || i + 1 >= args.len() {
            return Err(format!(
                "fuzz: unknown or incomplete argument {:?} (known: {})",
                args[i],
                known.join(", ")
            ));
        }
        i += 2;
    }
    run::exec(&mut command(args))
}

/// Invariants the test run reports without failing: the per-byte costs are timings, and timings
/// belong to the benchmark, never to a test (they depend on what else the machine is doing).
/// Every other invariant (the fixed point and the round trip included) fails the run, on the
/// fixtures and seeds as they are and on every mutant.
pub const TEST_REPORTED_ONLY: &str = "slow-import,slow-export,slow-render";

/// The fixed-seed run of `cargo xtask test`.
pub fn test_run() -> Command {
    command(&[
        "--seconds".to_owned(),
        TEST_SECONDS.to_string(),
        "--seed".to_owned(),
        TEST_SEED.to_string(),
        "--allow".to_owned(),
        TEST_REPORTED_ONLY.to_owned(),
    ])
}
