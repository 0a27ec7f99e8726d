//! Prints import's field-level score over the hand-labelled fixtures (`tests/fixtures/import/
//! *.facts`): the row `cargo xtask bench` shows, native, no browser needed.
//!
//! `cargo run --example import_score [-- DIR]`; with `--misses`, every field it got wrong.

#[path = "../tests/support/facts.rs"]
mod facts;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let dir = args.iter().find(|a| !a.starts_with("--")).map_or_else(
        || std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/import"),
        std::path::PathBuf::from,
    );
    let score = facts::score(&dir);
    print!("{}", score.table());
    if args.iter().any(|a| a == "--misses") {
        for miss in &score.misses {
            println!("miss: {miss}");
        }
    }
}
