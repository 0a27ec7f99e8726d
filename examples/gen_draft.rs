//! Writes the benchmark documents (generated from a seed by `model::sample`) for the browser
//! benchmark: `cargo run --example gen_draft -- <folder>` writes, for `small` and `large`,
//! `<name>.draft.json` (the draft as the app saves it, through `draft::codec::encode`) and
//! `<name>.md` (its Markdown export), plus `docs.json` with the sizes of all three documents
//! (small, large, 2MB) so the benchmark can report them.

use postmortem_editor::draft::codec;
use postmortem_editor::markdown;
use postmortem_editor::model::{Postmortem, sample};
use std::path::PathBuf;

fn main() -> Result<(), String> {
    let dir = PathBuf::from(std::env::args().nth(1).ok_or("usage: gen_draft <folder>")?);
    std::fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let docs: [(&str, Postmortem, bool); 3] = [
        ("small", sample::small(sample::SEED), true),
        ("large", sample::large(sample::SEED), true),
        ("2MB", sample::of_size(sample::SEED, 2_000_000), false),
    ];
    let mut sizes = serde_json::Map::new();
    for (name, doc, write) in docs {
        let draft = codec::encode(&doc);
        let md = markdown::export(&doc);
        if write {
            for (file, text) in
                [(format!("{name}.draft.json"), &draft), (format!("{name}.md"), &md)]
            {
                let path = dir.join(file);
                std::fs::write(&path, text).map_err(|e| format!("{}: {e}", path.display()))?;
            }
        }
        sizes.insert(
            name.to_owned(),
            serde_json::json!({
                "entries": doc.timeline.len(),
                "markdown_bytes": md.len(),
                "draft_bytes": draft.len(),
            }),
        );
    }
    let path = dir.join("docs.json");
    let json = serde_json::to_string_pretty(&sizes).map_err(|e| e.to_string())?;
    std::fs::write(&path, json).map_err(|e| format!("{}: {e}", path.display()))?;
    println!("wrote the benchmark documents to {}", dir.display());
    Ok(())
}
