//! Inputs the fuzzer (`cargo xtask fuzz`, `examples/fuzz/`) once found failing, kept as
//! regression fixtures in `tests/fixtures/fuzz/<invariant>/`: every invariant the fuzzer checks
//! (no panic, the round trip's fixed point, blocks joining to the whole HTML, the incremental
//! exporter and renderer) holds on each. The per-byte cost is the benchmark's, not a test's.
#![cfg(not(target_arch = "wasm32"))]

#[path = "../examples/fuzz/invariants.rs"]
mod invariants;

use std::path::{Path, PathBuf};

fn fixtures(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
        let path = entry.unwrap().path();
        if path.is_dir() {
            fixtures(&path, out);
        } else {
            out.push(path);
        }
    }
}

#[test]
fn every_invariant_holds_on_every_fuzz_regression_fixture() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/fuzz");
    let mut paths = Vec::new();
    fixtures(&root, &mut paths);
    paths.sort();
    let mut broken = Vec::new();
    for path in &paths {
        let text = std::fs::read_to_string(path).unwrap();
        let (failures, _) = invariants::check(&text);
        for f in failures {
            broken.push(format!("{}: {}\n{}", path.display(), f.invariant, f.detail));
        }
    }
    assert!(paths.len() >= 8, "only {} fixtures in {}", paths.len(), root.display());
    assert!(broken.is_empty(), "{}", broken.join("\n\n"));
}
