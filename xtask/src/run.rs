//! Running other programs: timed steps, the environment every tool gets, free ports.

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

/// The repository's top folder.
pub fn project_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask lives in the project")
        .to_path_buf()
}

/// Where `cargo install` puts binaries.
pub fn cargo_bin() -> PathBuf {
    match std::env::var_os("CARGO_HOME") {
        Some(home) => PathBuf::from(home).join("bin"),
        None => PathBuf::from(std::env::var_os("HOME").unwrap_or_default()).join(".cargo/bin"),
    }
}

/// PATH with cargo's bin folder and the npm tools (wasm-opt from `binaryen`) in front.
pub fn tool_path() -> std::ffi::OsString {
    let mut dirs = vec![project_root().join("tests/e2e/node_modules/.bin"), cargo_bin()];
    if let Some(path) = std::env::var_os("PATH") {
        dirs.extend(std::env::split_paths(&path));
    }
    std::env::join_paths(dirs).expect("PATH entries are valid")
}

/// A command with the project's tool PATH, run from the project root.
pub fn command(program: &str) -> Command {
    let mut cmd = Command::new(program);
    cmd.env("PATH", tool_path()).current_dir(project_root());
    cmd
}

/// `cargo`, as the one that runs this xtask.
pub fn cargo() -> Command {
    command(&std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned()))
}

/// `trunk`, offline: it never looks up its own updates nor downloads a tool.
pub fn trunk() -> Command {
    let mut cmd = command("trunk");
    cmd.env("TRUNK_SKIP_VERSION_CHECK", "true");
    cmd
}

/// Runs `cmd` to completion, inheriting the terminal; an error says what failed.
pub fn exec(cmd: &mut Command) -> Result<(), String> {
    let status =
        cmd.status().map_err(|e| format!("could not start {:?}: {e}", cmd.get_program()))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("{:?} failed ({status})", cmd.get_program()))
    }
}

/// Runs `cmd` and returns its standard output, or `None` if it cannot run or fails.
pub fn output(cmd: &mut Command) -> Option<String> {
    let out = cmd.output().ok()?;
    out.status.success().then(|| String::from_utf8_lossy(&out.stdout).into_owned())
}

/// A named, timed step that prints when it starts and ends.
pub struct Step {
    name: String,
    start: Instant,
}

impl Step {
    /// Starts a step (prints its name).
    pub fn new(name: &str) -> Step {
        println!("\n==> {name}");
        Step { name: name.to_owned(), start: Instant::now() }
    }

    /// Runs `cmd` as this step and prints how long it took.
    pub fn run(&self, cmd: &mut Command) -> Result<(), String> {
        let result = exec(cmd).map_err(|e| format!("{}: {e}", self.name));
        let verdict = if result.is_ok() { "done" } else { "FAILED" };
        println!("<== {}: {verdict} in {}", self.name, format_duration(self.elapsed()));
        result
    }

    /// Time since the step started.
    pub fn elapsed(&self) -> Duration {
        self.start.elapsed()
    }
}

/// `1m 05s`, `7.2s`.
pub fn format_duration(d: Duration) -> String {
    let secs = d.as_secs_f64();
    if secs >= 60.0 {
        format!("{}m {:02}s", d.as_secs() / 60, d.as_secs() % 60)
    } else {
        format!("{secs:.1}s")
    }
}

/// Prints the table of steps run, their times and verdicts.
pub fn print_summary(timings: &[(&str, Duration, bool)]) {
    println!("\n{:<56} {:>9}  result", "step", "time");
    for (name, elapsed, ok) in timings {
        println!(
            "{:<56} {:>9}  {}",
            name,
            format_duration(*elapsed),
            if *ok { "ok" } else { "FAILED" }
        );
    }
    let total: Duration = timings.iter().map(|t| t.1).sum();
    println!("{:<56} {:>9}", "total", format_duration(total));
}

/// `preferred` if it is free on 127.0.0.1, otherwise any free port.
pub fn free_port_near(preferred: u16) -> u16 {
    TcpListener::bind(("127.0.0.1", preferred))
        .or_else(|_| TcpListener::bind(("127.0.0.1", 0)))
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .unwrap_or(preferred)
}

/// The browser test targets: `tests/browser_*.rs`.
pub fn browser_test_targets(root: &Path) -> Result<Vec<String>, String> {
    let dir = root.join("tests");
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .map_err(|e| format!("{}: {e}", dir.display()))?
        .filter_map(|e| e.ok())
        .filter_map(|e| e.file_name().into_string().ok())
        .filter(|n| n.starts_with("browser_") && n.ends_with(".rs"))
        .map(|n| n.trim_end_matches(".rs").to_owned())
        .collect();
    names.sort();
    if names.is_empty() {
        return Err("no browser tests found (tests/browser_*.rs)".to_owned());
    }
    Ok(names)
}
