//! Native benchmarks of the Markdown pipeline (divan): export, import and render of a small, a
//! large (200 timeline entries, ~60 KB) and a ~2 MB document, generated from a seed by
//! `model::sample`, plus two floors on the same Markdown: pulldown-cmark's own parse + render
//! with the app's options (`floor_render`), and serde_json's encoding of the draft (`encode`,
//! what autosave does before writing).
//!
//! Run with `cargo bench --bench pipeline`; `cargo xtask bench` runs it with modest sample counts
//! and puts the medians, and our render / floor ratio, in its table and `target/bench.json`.

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    divan::main();
}

// Benchmarks are native only; a wasm32 build of all targets (clippy) sees an empty program.
#[cfg(target_arch = "wasm32")]
fn main() {}

#[cfg(not(target_arch = "wasm32"))]
mod benches {
    use divan::{Bencher, black_box};
    use postmortem_editor::draft::codec;
    use postmortem_editor::markdown::{self, render};
    use postmortem_editor::model::{Postmortem, sample};
    use std::sync::LazyLock;

    /// The three documents, with their Markdown.
    struct Doc {
        doc: Postmortem,
        markdown: String,
    }

    const SIZES: [&str; 3] = ["small", "large", "2MB"];

    fn doc(size: &str) -> &'static Doc {
        static DOCS: LazyLock<Vec<Doc>> = LazyLock::new(|| {
            [
                sample::small(sample::SEED),
                sample::large(sample::SEED),
                sample::of_size(sample::SEED, 2_000_000),
            ]
            .into_iter()
            .map(|doc| Doc { markdown: markdown::export(&doc), doc })
            .collect()
        });
        let index = SIZES.iter().position(|s| *s == size).expect("a known size");
        &DOCS[index]
    }

    /// Document → Markdown (every keystroke does this).
    #[divan::bench(args = SIZES)]
    fn export(bencher: Bencher, size: &str) {
        let d = doc(size);
        bencher.bench(|| markdown::export(black_box(&d.doc)));
    }

    /// Markdown → safe preview HTML (every keystroke does this too).
    #[divan::bench(args = SIZES)]
    fn render(bencher: Bencher, size: &str) {
        let d = doc(size);
        bencher.bench(|| render::to_html(black_box(&d.markdown)));
    }

    /// pulldown-cmark alone, same options, same text: the floor of `render`.
    #[divan::bench(args = SIZES)]
    fn floor_render(bencher: Bencher, size: &str) {
        let d = doc(size);
        bencher.bench(|| {
            let md = black_box(&d.markdown);
            let mut out = String::with_capacity(md.len() * 3 / 2);
            pulldown_cmark::html::push_html(&mut out, render::parser(md));
            out
        });
    }

    /// Markdown → document (opening a file).
    #[divan::bench(args = SIZES)]
    fn import(bencher: Bencher, size: &str) {
        let d = doc(size);
        bencher.bench(|| markdown::import(black_box(&d.markdown)));
    }

    /// Document → draft JSON (autosave's serialisation).
    #[divan::bench(args = SIZES)]
    fn encode(bencher: Bencher, size: &str) {
        let d = doc(size);
        bencher.bench(|| codec::encode(black_box(&d.doc)));
    }
}
