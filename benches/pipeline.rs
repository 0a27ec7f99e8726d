//! Native benchmarks of the Markdown pipeline (divan): export, import and render of a small, a
//! large (200 timeline entries, ~60 KB) and a ~2 MB document, generated from a seed by
//! `model::sample`, plus two floors on the same Markdown: pulldown-cmark's own parse + render
//! with the app's options (`floor_render`), and serde_json's encoding of the draft (`encode`,
//! what autosave does before writing).
//!
//! `pathological_*` run the same stages on inputs made to be slow (lazy continuation lines after a
//! list or a quote, deep nesting, a huge table, unclosed emphasis and brackets, one huge line) at
//! 64 KB, 512 KB and 2 MB, so that a superlinear path shows as a per-byte cost that grows with
//! the size; `cargo xtask bench` runs them apart, with few samples, and prints their cost per byte.
//!
//! `paste_read` reads 5,000 pasted chat and log lines into timeline entries (`paste::read`).
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
    use postmortem_editor::paste;
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

    /// 5,000 pasted lines: Slack headers and messages, IRC, Teams, ISO 8601 and syslog lines,
    /// notes, reactions and blank lines, in a fixed rotation (deterministic, no randomness).
    fn pasted_lines(n: usize) -> String {
        let mut out = String::with_capacity(n * 60);
        for i in 0..n {
            let (h, m, s) = (i / 60 % 24, i % 60, i * 7 % 60);
            let line = match i % 10 {
                0 => format!("Priya Natarajan  {}:{m:02} PM", h % 12 + 1),
                1 => format!("checkout error rate is {i} per minute, looking into it"),
                2 => format!("[{h:02}:{m:02}] <kpatel> ack, restarting worker {i}"),
                3 => {
                    format!("2025-06-18T{h:02}:{m:02}:{s:02}.120Z ERROR api: timeout on shard {i}")
                }
                4 => format!("Jun 18 {h:02}:{m:02}:{s:02} web01 nginx[42]: upstream {i} failed"),
                5 => {
                    format!("[6/18/2025 {}:{m:02} AM] Grace Mwangi: failover {i} done", h % 12 + 1)
                }
                6 => format!("- {h:02}:{m:02} note {i}: rolled back the deploy"),
                7 => ":eyes: 2".to_owned(),
                8 => String::new(),
                _ => format!("more detail on step {i}, the queue drained"),
            };
            out.push_str(&line);
            out.push('\n');
        }
        out
    }

    /// Pasted text → timeline entries (the paste dialog reads on every change).
    #[divan::bench(args = ["5000_lines"])]
    fn paste_read(bencher: Bencher, _arg: &str) {
        static TEXT: LazyLock<String> = LazyLock::new(|| pasted_lines(5_000));
        let options = paste::PasteOptions::default();
        bencher.bench(|| paste::read(black_box(&TEXT), &options));
    }

    // -----------------------------------------------------------------------------------------
    // Pathological inputs (each benchmark's argument is `shape@size`).

    /// The shapes, and one unit of each (repeated up to the size after the head).
    const SHAPES: [(&str, &str, &str); 9] = [
        ("lazy_list", "- a list item\n", "and a lazy continuation line\n"),
        ("lazy_quote", "> a quote\n", "and a lazy continuation line\n"),
        (
            "deep_nesting",
            "",
            "> > > > > > > > > > > > > > > > - - - - - - - - - - - - - - - - [a *b _c\n",
        ),
        ("huge_table", "| time | event | owner |\n|---|---|---|\n", "| 14:32 | paged | ops |\n"),
        ("unclosed_emphasis", "", "*a _b **c __d ~~e "),
        ("unclosed_brackets", "", "[a ](b [c ![d <e "),
        ("huge_line", "", "abcdefghij"),
        ("lazy_quote_in_list", "- > a quote in a list\n", "lazy text\n"),
        // 256 quotes deep, then lazy lines: pulldown-cmark walks every open container on each
        // line (docs/upstream/pulldown-cmark-lazy-lines-deep-nesting.md).
        ("deep_then_lazy", DEEP_HEAD, "lazy text\n"),
    ];

    const DEEP_HEAD: &str = concat!(
        "> > > > > > > > > > > > > > > > > > > > > > > > > > > > > > > > ",
        "> > > > > > > > > > > > > > > > > > > > > > > > > > > > > > > > ",
        "> > > > > > > > > > > > > > > > > > > > > > > > > > > > > > > > ",
        "> > > > > > > > > > > > > > > > > > > > > > > > > > > > > > > > ",
        "> > > > > > > > > > > > > > > > > > > > > > > > > > > > > > > > ",
        "> > > > > > > > > > > > > > > > > > > > > > > > > > > > > > > > ",
        "> > > > > > > > > > > > > > > > > > > > > > > > > > > > > > > > ",
        "> > > > > > > > > > > > > > > > > > > > > > > > > > > > > > > > a\n",
    );

    /// The sizes, in bytes.
    const PATHOLOGICAL_SIZES: [(&str, usize); 3] =
        [("64KB", 64 << 10), ("512KB", 512 << 10), ("2MB", 2 << 20)];

    /// Every `shape@size`.
    const PATHOLOGICAL: [&str; 27] = [
        "lazy_list@64KB",
        "lazy_list@512KB",
        "lazy_list@2MB",
        "lazy_quote@64KB",
        "lazy_quote@512KB",
        "lazy_quote@2MB",
        "deep_nesting@64KB",
        "deep_nesting@512KB",
        "deep_nesting@2MB",
        "huge_table@64KB",
        "huge_table@512KB",
        "huge_table@2MB",
        "unclosed_emphasis@64KB",
        "unclosed_emphasis@512KB",
        "unclosed_emphasis@2MB",
        "unclosed_brackets@64KB",
        "unclosed_brackets@512KB",
        "unclosed_brackets@2MB",
        "huge_line@64KB",
        "huge_line@512KB",
        "huge_line@2MB",
        "lazy_quote_in_list@64KB",
        "lazy_quote_in_list@512KB",
        "lazy_quote_in_list@2MB",
        "deep_then_lazy@64KB",
        "deep_then_lazy@512KB",
        "deep_then_lazy@2MB",
    ];

    /// The Markdown of `shape@size`, exactly `size` bytes long, and the document it imports to.
    fn pathological(arg: &str) -> &'static Doc {
        static DOCS: LazyLock<Vec<Doc>> = LazyLock::new(|| {
            PATHOLOGICAL
                .iter()
                .map(|arg| {
                    let (shape, size) = arg.split_once('@').expect("shape@size");
                    let (_, head, unit) = SHAPES.iter().find(|s| s.0 == shape).expect("a shape");
                    let bytes = PATHOLOGICAL_SIZES.iter().find(|s| s.0 == size).expect("a size").1;
                    let mut markdown = head.to_string();
                    while markdown.len() < bytes {
                        markdown.push_str(unit);
                    }
                    markdown.truncate(bytes);
                    Doc { doc: markdown::import(&markdown).document, markdown }
                })
                .collect()
        });
        let index = PATHOLOGICAL.iter().position(|a| *a == arg).expect("a known input");
        &DOCS[index]
    }

    #[divan::bench(args = PATHOLOGICAL)]
    fn pathological_import(bencher: Bencher, arg: &str) {
        let d = pathological(arg);
        bencher.bench(|| markdown::import(black_box(&d.markdown)));
    }

    #[divan::bench(args = PATHOLOGICAL)]
    fn pathological_export(bencher: Bencher, arg: &str) {
        let d = pathological(arg);
        bencher.bench(|| markdown::export(black_box(&d.doc)));
    }

    #[divan::bench(args = PATHOLOGICAL)]
    fn pathological_render(bencher: Bencher, arg: &str) {
        let d = pathological(arg);
        bencher.bench(|| render::to_html_blocks(black_box(&d.markdown)));
    }

    /// pulldown-cmark alone on the same text, to tell its costs from ours.
    #[divan::bench(args = PATHOLOGICAL)]
    fn pathological_floor(bencher: Bencher, arg: &str) {
        let d = pathological(arg);
        bencher.bench(|| {
            let md = black_box(&d.markdown);
            let mut out = String::with_capacity(md.len() * 3 / 2);
            pulldown_cmark::html::push_html(&mut out, render::parser(md));
            out
        });
    }
}
