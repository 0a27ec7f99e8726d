//! The field-level score of import over the hand-labelled fixtures (see `support/facts.rs`),
//! printed per field, with a floor raised as import learns to read more.
#![cfg(not(target_arch = "wasm32"))]

#[path = "support/facts.rs"]
mod facts;

use std::path::PathBuf;

/// The share of labelled fields import must get right over the labelled fixtures, in percent.
const FLOOR: f64 = 99.0;

#[test]
fn the_field_score_stays_above_its_floor() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/import");
    let score = facts::score(&dir);
    println!("{}", score.table());
    for miss in &score.misses {
        println!("miss: {miss}");
    }
    assert!(score.files >= 40, "expected at least 40 labelled fixtures, found {}", score.files);
    assert!(
        score.percent() >= FLOOR,
        "field score {:.1} % is below the floor of {FLOOR} %",
        score.percent()
    );
}
