//! Conventions as tests (rust-analyzer's `tidy.rs`): the architecture's rules fail the build when
//! broken, instead of living only in ARCHITECTURE.md.
#![cfg(not(target_arch = "wasm32"))]

use std::fs;
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                out.push(path);
            }
        }
    }
    out.sort();
    out
}

fn read(path: &Path) -> String {
    fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The names of the browser-only crates, which the pure core must never mention.
const BROWSER_CRATES: &[&str] = &["leptos", "web_sys", "web-sys", "gloo", "wasm_bindgen", "js_sys"];

/// Files of the pure core: the model, Markdown, the draft codec and the paste reader (not `draft/storage.rs`, the
/// one module that owns localStorage).
fn pure_core_files() -> Vec<PathBuf> {
    let src = root().join("src");
    let mut files = Vec::new();
    for dir in ["model", "markdown", "draft", "paste"] {
        files.extend(rust_files(&src.join(dir)));
    }
    files.retain(|f| !f.ends_with("draft/storage.rs"));
    files.push(src.join("sort.rs"));
    files
}

fn words(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| !(c.is_alphanumeric() || c == '_' || c == '-'))
}

#[test]
fn pure_core_never_names_a_browser_crate() {
    let files = pure_core_files();
    assert!(files.len() >= 5, "expected the pure core's files, found {files:?}");
    let mut offenders = Vec::new();
    for file in files {
        let text = read(&file);
        for (n, line) in text.lines().enumerate() {
            if let Some(name) = words(line).find(|w| BROWSER_CRATES.contains(w)) {
                offenders.push(format!("{}:{}: names `{name}`", file.display(), n + 1));
            }
        }
    }
    assert!(
        offenders.is_empty(),
        "the pure core must not touch the browser:\n{}",
        offenders.join("\n")
    );
}

#[test]
fn browser_crates_are_wasm32_only_dependencies() {
    let manifest = read(&root().join("Cargo.toml"));
    let mut section = String::new();
    for line in manifest.lines() {
        let line = line.trim();
        if line.starts_with('[') {
            section = line.to_owned();
            continue;
        }
        let dep = line.split(['=', ' ', '.']).next().unwrap_or("");
        let dep = dep.replace('-', "_");
        if BROWSER_CRATES.contains(&dep.as_str()) || dep == "console_error_panic_hook" {
            assert!(
                section.contains("cfg(target_arch = \"wasm32\")"),
                "`{dep}` must be a wasm32-only dependency, found under {section}"
            );
        }
    }
}

#[test]
fn only_the_storage_module_names_local_storage() {
    let mut offenders = Vec::new();
    for file in rust_files(&root().join("src")) {
        if file.ends_with("draft/storage.rs") {
            continue;
        }
        let text = read(&file);
        // leptos has an arena type named `LocalStorage`; the browser's is reached through
        // `window.local_storage()` or gloo-storage.
        if text.contains("local_storage(")
            || text.contains("gloo_storage")
            || text.contains("\"localStorage\"")
        {
            offenders.push(file.display().to_string());
        }
    }
    assert!(offenders.is_empty(), "only src/draft/storage.rs may use localStorage: {offenders:?}");
}

#[test]
fn only_the_journal_module_touches_indexed_db() {
    let mut offenders = Vec::new();
    for file in rust_files(&root().join("src")) {
        if file.ends_with("ui/journal.rs") {
            continue;
        }
        let text = read(&file);
        if text.contains("indexed_db") || text.contains("Idb") || text.contains("\"indexedDB\"") {
            offenders.push(file.display().to_string());
        }
    }
    assert!(offenders.is_empty(), "only src/ui/journal.rs may use IndexedDB: {offenders:?}");
}

#[test]
fn the_app_avoids_code_the_wasm_would_pay_for() {
    // Each line: what the app's code must not call, and what to use instead. Tests (after a
    // file's `#[cfg(...test...)]`) may do as they like.
    let rules: &[(&[&str], &str)] = &[
        (
            &[".sort(", ".sort_by(", ".sort_by_key(", ".sort_by_cached_key(", ".sort_unstable"],
            "sort with crate::sort (each sort call with its own types is a ~3 KB copy of the sort)",
        ),
        (
            &["to_uppercase()"],
            "capitalise the app's own English text with make_ascii_uppercase (Unicode's upper-case table is 12 KB)",
        ),
        (
            &["parse::<f64>", "parse::<f32>", ":.1}", ":.2}"],
            "read and write decimals with crate::model::decimal (float formatting and parsing are 14 KB gzip)",
        ),
        (
            &["serde_json::Value", "serde_json::Map", "from_value", "to_value", "json!("],
            "read JSON straight into its own type, or keep it as text with RawValue (through a Value, serde builds a second deserialiser for every type: 5 KB gzip)",
        ),
    ];
    let mut offenders = Vec::new();
    for file in rust_files(&root().join("src")) {
        if file.ends_with("src/sort.rs") {
            continue;
        }
        let text = read(&file);
        for (n, line) in text.lines().enumerate() {
            if line.trim_start().starts_with("#[cfg(") && line.contains("test") {
                break;
            }
            for (calls, instead) in rules {
                if calls.iter().any(|c| line.contains(c)) {
                    offenders.push(format!(
                        "{}:{}: {}\n  {instead}",
                        file.display(),
                        n + 1,
                        line.trim()
                    ));
                }
            }
        }
    }
    assert!(offenders.is_empty(), "{}", offenders.join("\n"));
}

#[test]
fn only_render_sets_pulldown_cmark_options() {
    let mut offenders = Vec::new();
    for file in rust_files(&root().join("src")) {
        if file.ends_with("markdown/render.rs") {
            continue;
        }
        let text = read(&file);
        if text.contains("Options::ENABLE") || text.contains("Parser::new_ext") {
            offenders.push(file.display().to_string());
        }
    }
    assert!(
        offenders.is_empty(),
        "parse Markdown through markdown::render::options(): {offenders:?}"
    );
}

#[test]
fn main_only_mounts() {
    let main = read(&root().join("src/main.rs"));
    let code_lines =
        main.lines().filter(|l| !l.trim().is_empty() && !l.trim().starts_with("//")).count();
    assert!(
        code_lines <= 12,
        "src/main.rs has {code_lines} lines of code: keep it to mounting the app"
    );
    assert!(!main.contains("view!"), "src/main.rs must not build views");
}

#[test]
fn every_source_file_says_what_it_is_for() {
    let mut missing = Vec::new();
    for dir in ["src", "tests", "xtask/src"] {
        for file in rust_files(&root().join(dir)) {
            if !read(&file).starts_with("//!") {
                missing.push(file.display().to_string());
            }
        }
    }
    assert!(missing.is_empty(), "these files lack a `//!` module doc: {missing:?}");
}

#[test]
fn no_test_is_switched_off() {
    let mut offenders = Vec::new();
    let patterns =
        ["#[ignore", "test.skip(", "it.skip(", "describe.skip(", ".only(", "test.fixme("];
    let mut files = rust_files(&root().join("src"));
    files.extend(rust_files(&root().join("tests")));
    let e2e = root().join("tests/e2e/specs");
    if e2e.is_dir() {
        files.extend(fs::read_dir(&e2e).unwrap().map(|e| e.unwrap().path()));
    }
    for file in files {
        if file.ends_with("tidy.rs") {
            continue;
        }
        let text = read(&file);
        for p in patterns {
            if text.contains(p) {
                offenders.push(format!("{}: {p}", file.display()));
            }
        }
    }
    assert!(offenders.is_empty(), "skipped or focused tests: {offenders:?}");
}

#[test]
fn trunk_uses_the_wasm_opt_that_npm_installs() {
    let trunk = read(&root().join("Trunk.toml"));
    let package = read(&root().join("tests/e2e/package.json"));
    let trunk_version = trunk
        .lines()
        .find_map(|l| l.trim().strip_prefix("wasm_opt = \"version_"))
        .and_then(|v| v.strip_suffix('"'))
        .expect("Trunk.toml pins [tools] wasm_opt");
    let npm_version = package
        .lines()
        .find_map(|l| l.trim().strip_prefix("\"binaryen\": \""))
        .and_then(|v| v.split('.').next())
        .expect("tests/e2e/package.json pins binaryen");
    assert_eq!(trunk_version, npm_version, "Trunk.toml's wasm_opt and npm binaryen must agree");
}
