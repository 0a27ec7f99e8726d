//! The project's commands, in the xtask pattern: `cargo xtask <command>`.
//!
//! - `serve [--release] [--port N]`: install what is missing, then build and serve the app on
//!   127.0.0.1 with live reload.
//! - `test`: install what is missing, then run every check and test layer; fails if any fails.
//! - `dist [--public-url /path/]`: install what is missing, then build the deployable `dist/`.
//! - `bench [--quick] [--lighthouse]`: install what is missing, then measure size, load (side by
//!   side with the bare stack, `bench/bare`), typing latency, memory
//!   and the native pipeline; prints a table and writes `target/bench.json`. It ends with the
//!   import field score over the labelled fixtures; `--import-score` runs only that row.
//! - `fuzz [--seconds N] [--seed S]`: mutation-fuzz the pure core (`examples/fuzz/`); failing
//!   inputs go to `target/fuzz/failures/<invariant>/`.
//! - `setup`: only install what is missing.
//!
//! Every install is skipped when the tool already answers with the right version.

mod bench;
mod bench_import;
mod fuzz;
mod json;
mod run;
mod setup;

use run::{Step, project_root};
use std::process::{Command, ExitCode};

const USAGE: &str = concat!(
    "usage: cargo xtask <serve [--release] [--port N] | test | dist [--public-url PATH] | ",
    "bench [--quick] [--lighthouse] [--import-score] | fuzz [--seconds N] [--seed S] | setup>"
);

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("serve") => serve(&args[1..]),
        Some("test") => test(),
        Some("dist") => dist(&args[1..]),
        Some("setup") => setup::all(setup::Need::Everything),
        Some("bench") => bench::bench(&args[1..]),
        Some("fuzz") => fuzz::fuzz(&args[1..]),
        _ => Err(USAGE.to_owned()),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("xtask: {message}");
            ExitCode::FAILURE
        }
    }
}

/// The value after `flag` in `args`, if present.
fn flag_value<'a>(args: &'a [String], flag: &str) -> Option<&'a str> {
    args.iter().position(|a| a == flag).and_then(|i| args.get(i + 1)).map(String::as_str)
}

fn serve(args: &[String]) -> Result<(), String> {
    let release = args.iter().any(|a| a == "--release");
    setup::all(if release { setup::Need::Release } else { setup::Need::Build })?;
    let port = match flag_value(args, "--port") {
        Some(p) => p.parse::<u16>().map_err(|_| format!("--port: not a port number: {p}"))?,
        None => run::free_port_near(8080),
    };
    let mut cmd = run::trunk();
    cmd.args(["serve", "--address", "127.0.0.1", "--port", &port.to_string()]);
    if release {
        cmd.arg("--release");
    }
    println!("\n  Building; the address follows once the server answers.\n");
    let mut child =
        cmd.spawn().map_err(|e| format!("could not start {:?}: {e}", cmd.get_program()))?;
    // The address only once it works: on a cold build trunk listens only after building.
    loop {
        if let Some(status) = child.try_wait().map_err(|e| format!("trunk serve: {e}"))? {
            return Err(format!("trunk serve stopped before it answered ({status})"));
        }
        if answers(port) {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(250));
    }
    println!("\n  Postmortem editor: http://127.0.0.1:{port}/\n  (Ctrl+C stops the server)\n");
    let status = child.wait().map_err(|e| format!("trunk serve: {e}"))?;
    if status.success() { Ok(()) } else { Err(format!("trunk serve failed ({status})")) }
}

/// Whether the server on 127.0.0.1:`port` serves the page (`200` for `/`).
fn answers(port: u16) -> bool {
    use std::io::{Read, Write};
    use std::time::Duration;
    let addr = std::net::SocketAddr::from(([127, 0, 0, 1], port));
    let Ok(mut stream) = std::net::TcpStream::connect_timeout(&addr, Duration::from_millis(500))
    else {
        return false;
    };
    let _ = stream.set_read_timeout(Some(Duration::from_secs(2)));
    let request = "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n";
    let mut head = [0u8; 12];
    stream.write_all(request.as_bytes()).is_ok()
        && stream.read_exact(&mut head).is_ok()
        && head.starts_with(b"HTTP/1.")
        && head.ends_with(b"200")
}

fn dist(args: &[String]) -> Result<(), String> {
    setup::all(setup::Need::Release)?;
    let mut cmd = run::trunk();
    cmd.args(["build", "--release"]);
    if let Some(url) = flag_value(args, "--public-url") {
        cmd.args(["--public-url", url]);
    }
    Step::new("release build (trunk)").run(&mut cmd)?;
    println!("dist/ is ready: copy it to any static host.");
    Ok(())
}

fn test() -> Result<(), String> {
    setup::all(setup::Need::Everything)?;
    let root = project_root();
    let mut steps: Vec<(&str, Command)> = Vec::new();

    let mut fmt = run::cargo();
    fmt.args(["fmt", "--all", "--", "--check"]);
    steps.push(("format (cargo fmt --check)", fmt));

    let mut clippy = run::cargo();
    clippy.args(["clippy", "--workspace", "--all-targets", "--locked", "--", "-D", "warnings"]);
    steps.push(("lints, native (clippy)", clippy));

    let mut native = run::cargo();
    native.args(["test", "--workspace", "--locked"]);
    steps.push(("native tests (cargo test)", native));

    steps.push(("fuzzing, short fixed-seed run (examples/fuzz)", fuzz::test_run()));

    let mut clippy_wasm = run::cargo();
    clippy_wasm.args([
        "clippy",
        "--package",
        "postmortem-editor",
        "--target",
        "wasm32-unknown-unknown",
        "--all-targets",
        "--locked",
        "--",
        "-D",
        "warnings",
    ]);
    steps.push(("lints, wasm32 (clippy)", clippy_wasm));

    let mut browser = run::cargo();
    browser.args([
        "test",
        "--package",
        "postmortem-editor",
        "--target",
        "wasm32-unknown-unknown",
        "--locked",
    ]);
    for name in run::browser_test_targets(&root)? {
        browser.args(["--test", &name]);
    }
    browser.env("CHROMEDRIVER", setup::CHROMEDRIVER).env("WASM_BINDGEN_TEST_TIMEOUT", "120");
    steps.push(("browser tests (wasm-bindgen-test, headless Chromium)", browser));

    let mut build = run::trunk();
    build.args(["build", "--release"]);
    steps.push(("release build (trunk)", build));

    let port = run::free_port_near(4173);
    let mut e2e = Command::new(root.join("tests/e2e/node_modules/.bin/playwright"));
    e2e.arg("test").current_dir(root.join("tests/e2e")).env("PORT", port.to_string());
    steps.push(("end-to-end tests (Playwright, headless Chromium)", e2e));

    let mut timings = Vec::new();
    for (name, mut cmd) in steps {
        let step = Step::new(name);
        let outcome = step.run(&mut cmd);
        timings.push((name, step.elapsed(), outcome.is_ok()));
        if outcome.is_err() {
            run::print_summary(&timings);
            return outcome;
        }
    }
    run::print_summary(&timings);
    Ok(())
}
