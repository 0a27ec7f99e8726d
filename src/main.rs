//! Entry point: mounts the app and does nothing else (everything lives in the library).

#[cfg(target_arch = "wasm32")]
fn main() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(postmortem_editor::ui::App);
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("postmortem-editor is a web app: run `cargo xtask serve` and open the printed URL.");
}
