//! Installs what the project needs, skipping what is already there, and says how long it took.
//!
//! Nothing is downloaded except from the package registries (crates.io, Debian, npm): trunk and
//! wasm-bindgen-cli are built by `cargo install`, Chromium comes from Debian, wasm-opt and
//! Playwright from npm. Versions: trunk is pinned here (0.22 needs a newer rustc); wasm-bindgen-cli
//! is read from Cargo.lock; wasm-opt and Playwright from tests/e2e/package-lock.json.

use crate::run::{self, Step, output, project_root};
use std::path::Path;
use std::process::Command;

/// trunk 0.21.x: the newest line that builds with this project's rustc.
const TRUNK_VERSION: &str = "0.21.14";
/// Debian's Chromium and its WebDriver.
pub const CHROMIUM: &str = "/usr/bin/chromium";
/// Debian's chromedriver, used by wasm-bindgen-test-runner.
pub const CHROMEDRIVER: &str = "/usr/bin/chromedriver";

/// How much a command needs.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Need {
    /// A debug build: the wasm target, trunk, wasm-bindgen.
    Build,
    /// A release build: also wasm-opt (npm).
    Release,
    /// Every test layer: also Chromium and Playwright.
    Everything,
}

/// Installs everything `need` asks for.
pub fn all(need: Need) -> Result<(), String> {
    let start = std::time::Instant::now();
    wasm_target()?;
    fetch_crates()?;
    // One after the other: built at the same time on two cores they took 9m 20s together,
    // against 8m 07s one after the other (both measured at that time's settings).
    trunk()?;
    wasm_bindgen()?;
    drop_tool_builds()?;
    if need >= Need::Everything {
        chromium()?;
    }
    if need >= Need::Release {
        npm_packages()?;
    }
    println!("set-up checked in {}", run::format_duration(start.elapsed()));
    Ok(())
}

fn have(what: &str) {
    println!("    ok: {what}");
}

fn wasm_target() -> Result<(), String> {
    let installed =
        output(Command::new("rustup").args(["target", "list", "--installed"])).unwrap_or_default();
    if installed.lines().any(|l| l.trim() == "wasm32-unknown-unknown") {
        have("rust target wasm32-unknown-unknown");
        return Ok(());
    }
    Step::new("install rust target wasm32-unknown-unknown").run(Command::new("rustup").args([
        "target",
        "add",
        "wasm32-unknown-unknown",
    ]))
}

fn fetch_crates() -> Result<(), String> {
    // trunk builds with `cargo --offline`, so every crate must be in the local registry first.
    let mut cmd = run::cargo();
    cmd.args(["fetch", "--locked", "--quiet"]);
    run::exec(&mut cmd).map_err(|e| format!("fetching crates: {e}"))?;
    have("crates fetched (Cargo.lock)");
    Ok(())
}

fn version_of(program: &str) -> Option<String> {
    output(run::command(program).arg("--version")).map(|s| s.trim().to_owned())
}

fn trunk() -> Result<(), String> {
    if version_of("trunk").as_deref() == Some(&format!("trunk {TRUNK_VERSION}")) {
        have(&format!("trunk {TRUNK_VERSION}"));
        return Ok(());
    }
    // Unoptimised: a build's heavy work is rustc's, wasm-bindgen's and wasm-opt's, and this trunk
    // built the app's release in the same time as one built at level 1 (34 s).
    Step::new(&format!("install trunk {TRUNK_VERSION} (cargo install, a few minutes)")).run(
        fast_install(&[]).args([
            "install",
            "trunk",
            "--version",
            TRUNK_VERSION,
            "--locked",
            "--force",
            // Without TLS (rustls, ring) and the update check: trunk never downloads here
            // (wasm-bindgen and wasm-opt come from the machine), and those crates were a good
            // part of its build.
            "--no-default-features",
        ]),
    )
}

/// `cargo` for installing build tools: their own manifests ask for fat LTO and one codegen unit,
/// most of an install's time on two cores. Settings from the environment override a package's
/// profile; the tools' speed hardly matters to a build (wasm-opt and rustc do the heavy work),
/// so they build without LTO, in parallel, unoptimised but for the `hot` packages (optimisation
/// level 1). Both tools build in one target folder (`target/tools`), so the crates they share
/// with the same settings (serde, clap, syn...) are built once; `drop_tool_builds` removes it
/// once both are installed.
fn fast_install(hot: &[&str]) -> Command {
    let mut cmd = run::cargo();
    cmd.env("CARGO_PROFILE_RELEASE_OPT_LEVEL", "0")
        .env("CARGO_PROFILE_RELEASE_LTO", "off")
        .env("CARGO_PROFILE_RELEASE_CODEGEN_UNITS", "16")
        .env("CARGO_PROFILE_RELEASE_DEBUG", "false")
        .env("CARGO_PROFILE_RELEASE_STRIP", "false")
        .env("CARGO_TARGET_DIR", project_root().join("target").join("tools"));
    for package in hot {
        cmd.args(["--config", &format!("profile.release.package.{package}.opt-level=1")]);
    }
    cmd
}

/// Removes the tools' build folder once they are installed: 1.8 GB that no later step reads, and
/// a clean clone's test run must fit CI's disk (it ran out of space in the browser tests).
fn drop_tool_builds() -> Result<(), String> {
    let dir = project_root().join("target").join("tools");
    if !dir.exists() {
        return Ok(());
    }
    std::fs::remove_dir_all(&dir).map_err(|e| format!("removing {}: {e}", dir.display()))?;
    have("tool build folder removed (target/tools)");
    Ok(())
}

/// The wasm-bindgen version Cargo.lock resolves.
pub fn locked_wasm_bindgen() -> Result<String, String> {
    let lock = std::fs::read_to_string(project_root().join("Cargo.lock"))
        .map_err(|e| format!("Cargo.lock: {e}"))?;
    let mut lines = lock.lines();
    while let Some(line) = lines.next() {
        if line == "name = \"wasm-bindgen\"" {
            let version = lines
                .next()
                .and_then(|l| l.strip_prefix("version = \""))
                .and_then(|v| v.strip_suffix('"'));
            if let Some(v) = version {
                return Ok(v.to_owned());
            }
        }
    }
    Err("Cargo.lock has no wasm-bindgen".to_owned())
}

fn wasm_bindgen() -> Result<(), String> {
    let version = locked_wasm_bindgen()?;
    let bindgen_ok =
        version_of("wasm-bindgen").as_deref() == Some(&format!("wasm-bindgen {version}"));
    let runner_ok = version_of("wasm-bindgen-test-runner").is_some_and(|v| v.ends_with(&version));
    if bindgen_ok && runner_ok {
        have(&format!("wasm-bindgen-cli {version} (as in Cargo.lock)"));
        return Ok(());
    }
    // Not --locked: its lockfile pins a webpki-roots release the registry no longer has.
    // wasm-bindgen runs on every build, over a 4 MB module: the crates that parse, transform and
    // write it are optimised (level 1), the rest (command line, test server, HTTP) not.
    Step::new(&format!("install wasm-bindgen-cli {version} (cargo install, a few minutes)")).run(
        fast_install(&["walrus", "wasmparser", "wasm-bindgen-cli-support", "wasm-encoder"]).args([
            "install",
            "wasm-bindgen-cli",
            "--version",
            &format!("={version}"),
            "--force",
        ]),
    )
}

fn chromium() -> Result<(), String> {
    if Path::new(CHROMIUM).exists() && Path::new(CHROMEDRIVER).exists() {
        have("Debian chromium and chromium-driver");
        return Ok(());
    }
    apt_install(&["chromium", "chromium-driver"])
}

fn apt_install(packages: &[&str]) -> Result<(), String> {
    let step = Step::new(&format!("install Debian packages: {}", packages.join(" ")));
    let root = output(Command::new("id").arg("-u")).is_some_and(|id| id.trim() == "0");
    let apt = |args: &[&str]| {
        let mut cmd = if root { Command::new("apt-get") } else { Command::new("sudo") };
        if !root {
            cmd.arg("apt-get");
        }
        cmd.args(args).env("DEBIAN_FRONTEND", "noninteractive");
        cmd
    };
    run::exec(&mut apt(&["update", "-qq"])).map_err(|e| format!("apt-get update: {e}"))?;
    let mut install = apt(&["install", "-y", "-qq", "--no-install-recommends"]);
    install.args(packages);
    step.run(&mut install)
}

fn npm_packages() -> Result<(), String> {
    if version_of("npm").is_none() {
        apt_install(&["nodejs", "npm"])?;
    }
    let e2e = project_root().join("tests/e2e");
    let lock = std::fs::read(e2e.join("package-lock.json"))
        .map_err(|e| format!("tests/e2e/package-lock.json: {e}"))?;
    let stamp = e2e.join("node_modules/.xtask-installed-lock");
    if std::fs::read(&stamp).ok().as_deref() == Some(lock.as_slice()) {
        have("npm packages (tests/e2e/package-lock.json)");
        return Ok(());
    }
    Step::new("install npm packages (npm ci: Playwright, binaryen's wasm-opt)")
        .run(run::command("npm").args(["ci", "--no-audit", "--no-fund"]).current_dir(&e2e))?;
    std::fs::write(&stamp, lock).map_err(|e| format!("{}: {e}", stamp.display()))
}
