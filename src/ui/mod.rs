//! The browser shell: leptos components over the pure core (browser only).
//!
//! [`App`] owns the one [`Editor`] (the document signal and its history) and provides it, the
//! derived times, the validation findings, the toaster and the live-region announcer as
//! contexts. Components read the document and change it only through `Editor`. The Markdown and
//! the preview are memos of the document; [`Session`] opens drafts and saves them.

mod backup;
mod download;
mod drafts;
mod editor;
mod fields;
mod form;
mod handoff;
mod import;
mod issue;
pub mod journal;
mod later;
mod lists;
mod notices;
mod offline;
// Issue 17: the paste dialog and live notes.
mod paste;
mod patch;
mod preview;
mod review;
mod session;
mod share;
mod sortable;
mod toast;
pub mod zlib;
mod zones;

pub use editor::Editor;
pub use session::Session;
pub use zones::IntlZones;

use crate::markdown;
use crate::model::validate;
use crate::model::{TextField, resolve};
use drafts::DraftsMenu;
use fields::{Findings, Pane};
use form::{Derived, Form};
use import::{DropZone, ImportButton, ImportDialog, ImportOutcome, Importer};
use later::{Later, Turn};
use leptos::prelude::*;
use notices::{SaveIndicator, SessionAlerts};
use preview::{PreviewPane, PreviewTab};
use review::Review;
use sortable::Announcer;
use toast::{Toaster, Toasts};
use wasm_bindgen::JsCast;

/// The whole application: the session and what every part shares, then the [`Page`].
#[component]
pub fn App() -> impl IntoView {
    let session = Session::start();
    offline::register_service_worker();
    let editor = session.editor();
    provide_context(session);
    provide_context(editor);
    provide_context(Announcer(RwSignal::new(String::new())));
    provide_context(Toaster::new(editor));
    provide_context(Importer::new(session));
    // Issue 18, part 2: share links and "Open as issue".
    provide_context(share::Sharer::new(session));
    provide_context(issue::IssueRepo::load());
    let paster = paste::Paster::new(editor, expect_context(), expect_context()); // issue 17
    provide_context(paster);
    // Derived views that can wait until typing pauses (see `Editor::settled`).
    let resolved = Memo::new(move |_| editor.settled(|d| resolve::resolve(d, &IntlZones)));
    let metrics = Memo::new(move |_| editor.settled(|d| resolved.with(|r| resolve::metrics(d, r))));
    provide_context(Derived { resolved, metrics });
    // Validation and review reuse the resolved times rather than working them out again.
    let findings = Memo::new(move |_| {
        editor.settled(|d| resolved.with(|r| validate::validate_resolved(d, r)))
    });
    provide_context(Findings(findings));
    provide_context(Review::new(editor, resolved, findings));
    // The page is built in the next task (ui/later.rs): opening the draft (storage, the journal)
    // and building the first screen are two tasks, not one long one, and the static frame shows
    // until the page takes its place.
    view! { <Later turn=Turn::Next><Page /></Later> }
}

/// The page: the toolbar, the form, the preview and the dialogs; it replaces the static frame.
#[component]
fn Page() -> impl IntoView {
    replace_shell();
    let editor = expect_context::<Editor>();
    // Alt+Shift+N works from the page's first task, the Timeline section built or not.
    paste::live_note_shortcut(expect_context());
    // Exported on every keystroke, redoing only what the keystroke touched (see `Exporter`).
    let exporter = StoredValue::new(markdown::Exporter::default());
    let markdown = Memo::new(move |_| {
        editor.doc.with(|d| {
            // The exporter lives as long as this memo (same owner): it is always there.
            exporter.try_update_value(|x| x.export(d, &IntlZones)).unwrap_or_default()
        })
    });
    let _shortcuts =
        window_event_listener(leptos::ev::keydown, move |ev| undo_shortcuts(editor, &ev));
    // The zone suggestions (some 430 options) are built when the zone box is first focused, not
    // while the page starts.
    let zones_wanted = RwSignal::new(false);
    let zone_box = fields::field_id(TextField::Zone);
    let _zone_focus = window_event_listener(leptos::ev::focusin, move |ev| {
        let is_zone_box = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .is_some_and(|e| e.id() == zone_box);
        if is_zone_box && !zones_wanted.get_untracked() {
            zones_wanted.set(true);
        }
    });

    let download_md = move || {
        let name = editor.doc.with_untracked(markdown::file_name);
        markdown.with_untracked(|md| {
            download::save_text(&name, "text/markdown;charset=utf-8", &md.markdown)
        });
    };
    let download_json = move |_| {
        let name = editor.doc.with_untracked(markdown::file_name);
        let name = format!("{}.json", name.trim_end_matches(".md"));
        let json = editor.doc.with_untracked(crate::draft::codec::encode);
        download::save_text(&name, "application/json", &json);
    };
    let pane = RwSignal::new(Pane::Edit);
    provide_context(pane);
    let preview_tab = RwSignal::new(PreviewTab::Rendered);
    provide_context(preview_tab);
    let _reach = window_event_listener(leptos::ev::keydown, move |ev| {
        let open_review = move || {
            later::flush();
            preview_tab.set(PreviewTab::Review);
            pane.set(Pane::Preview);
            fields::focus_later("#tab-preview-review".to_owned());
        };
        if reach_shortcuts(&ev, download_md, open_review) {
            ev.prevent_default();
        }
    });
    let pane_tab = move |which: Pane, label: &'static str| {
        view! {
            <button type="button" role="tab" aria-selected=move || (pane.get() == which).to_string() on:click=move |_| pane.set(which)>
                {label}
            </button>
        }
    };

    view! {
        <header class="toolbar" id="toolbar" aria-keyshortcuts="Alt+Shift+T">
            <h1 class="app-name">"Postmortem editor"</h1>
            <SaveIndicator />
            <DraftsMenu />
            // On a phone the header is one row that never scrolls sideways: the buttons used
            // less often go behind "More" (a popover there; a plain group when wide).
            <button type="button" class="icon more-button" popovertarget="toolbar-more" aria-label="More actions" title="Import, undo, redo, Download JSON, Share & export">
                <span aria-hidden="true">"⋯"</span>
            </button>
            <div class="toolbar-more" id="toolbar-more" popover="auto">
                <ImportButton />
                <div class="toolbar-group">
                    <button type="button" title="Undo (Ctrl+Z)" disabled=move || !editor.can_undo() on:click=move |_| { editor.undo(); }>"Undo"</button>
                    <button type="button" title="Redo (Ctrl+Shift+Z)" disabled=move || !editor.can_redo() on:click=move |_| { editor.redo(); }>"Redo"</button>
                </div>
                <button type="button" class="phone-only" on:click=download_json>"Download JSON"</button>
                // Issue 18: copy for Docs, HTML, CSV, customer version (ui/handoff.rs).
                <handoff::HandoffButton />
            </div>
            <FindingsButton />
            <div class="toolbar-group">
                <button type="button" class="wide-only" on:click=download_json>"Download JSON"</button>
                <button type="button" class="primary" title="Download .md (Ctrl+S)" aria-label="Download .md" aria-keyshortcuts="Control+S Meta+S" on:click=move |_| download_md()>
                    <span class="phone-only" aria-hidden="true">"↓ "</span><span class="wide-only">"Download "</span>".md"
                </button>
            </div>
        </header>
        // Everything but the toolbar is in the one main landmark (no content outside landmarks).
        <main>
        <SessionAlerts />
        <share::SharedOffer />
        <ImportOutcome />
        <div class="pane-tabs" role="tablist" aria-label="Show">
            {pane_tab(Pane::Edit, "Edit")}
            {pane_tab(Pane::Preview, "Preview")}
        </div>
        <div class="workspace" data-pane=move || if pane.get() == Pane::Edit { "edit" } else { "preview" }>
            <form class="editor" aria-label="Postmortem" on:submit=|ev| ev.prevent_default()>
                <Form />
            </form>
            <PreviewPane markdown />
        </div>
        <Toasts />
        <div class="sr-only" aria-live="assertive" aria-atomic="true">{move || expect_context::<Announcer>().0.get()}</div>
        <p id="sortable-help" class="sr-only">
            "Press Space or Enter to lift, the arrow keys to move, Space or Enter to drop, Escape to cancel."
        </p>
        </main>
        // The dialogs are built after the form's sections (ui/later.rs); opening one before its
        // turn builds it at once.
        <Later turn=Turn::Last><ImportDialog /></Later>
        <Later turn=Turn::Last><share::ShareDialog /></Later>
        <Later turn=Turn::Last><handoff::HandoffDialog /></Later>
        <Later turn=Turn::Last><paste::PasteDialog /></Later> // issue 17
        <DropZone />
        <datalist id="zone-suggestions">
            {move || {
                zones_wanted
                    .get()
                    .then(|| zone_suggestions().into_iter().map(|z| view! { <option value=z></option> }).collect_view())
            }}
        </datalist>
    }
}

/// Removes the static frame `index.html` paints while the wasm loads (`#shell`, inert). The page
/// is built in this same task, so no frame shows both or neither; the two are laid out
/// alike, so nothing moves (tests/e2e/specs/skeleton.spec.ts).
fn replace_shell() {
    if let Some(shell) = document().get_element_by_id("shell") {
        web_sys::Element::remove(&shell);
    }
}

/// What the zone box suggests: common labels first, then every zone the browser knows.
fn zone_suggestions() -> Vec<String> {
    let common = [
        "UTC", "GMT", "EST", "EDT", "CST", "CDT", "PST", "PDT", "CET", "CEST", "WAT", "EAT", "IST",
        "JST", "AEST",
    ];
    common.iter().map(|s| (*s).to_owned()).chain(zones::known_zones()).collect()
}

/// Ctrl/Cmd+Z undoes, Ctrl/Cmd+Shift+Z and Ctrl+Y redo, outside text fields (which keep their
/// own undo).
fn undo_shortcuts(editor: Editor, ev: &web_sys::KeyboardEvent) {
    if !(ev.ctrl_key() || ev.meta_key()) || ev.alt_key() {
        return;
    }
    let in_text =
        ev.target().and_then(|t| t.dyn_into::<web_sys::Element>().ok()).is_some_and(|el| {
            let tag = el.tag_name();
            let input_type = el.get_attribute("type").unwrap_or_default();
            tag == "TEXTAREA"
                || tag == "SELECT"
                || el.has_attribute("contenteditable")
                || (tag == "INPUT"
                    && !matches!(input_type.as_str(), "checkbox" | "radio" | "button" | "submit"))
        });
    if in_text {
        return;
    }
    let key = ev.key().to_lowercase();
    let done = match (key.as_str(), ev.shift_key()) {
        ("z", false) => editor.undo(),
        ("z", true) | ("y", false) => editor.redo(),
        _ => return,
    };
    let _ = done;
    ev.prevent_default();
}

/// The shortcuts that reach the toolbar from anywhere in one key press (shown in the buttons'
/// titles): Ctrl/Cmd+S downloads the Markdown, Alt+Shift+R opens the review, Alt+Shift+T moves
/// focus to the toolbar's first button. Returns whether the key was one of them.
fn reach_shortcuts(
    ev: &web_sys::KeyboardEvent,
    download: impl Fn(),
    open_review: impl Fn(),
) -> bool {
    // By physical key: Alt changes the character typed on some layouts (macOS).
    let code = ev.code();
    let ctrl = ev.ctrl_key() || ev.meta_key();
    match (code.as_str(), ctrl, ev.alt_key(), ev.shift_key()) {
        ("KeyS", true, false, false) => download(),
        ("KeyR", false, true, true) => open_review(),
        ("KeyT", false, true, true) => fields::focus_later("#toolbar button".to_owned()),
        _ => return false,
    }
    true
}

/// "3 things to check": the review's count, once something is written (a new document says
/// "Review"); clicking shows the Review tab.
#[component]
fn FindingsButton() -> impl IntoView {
    let review = expect_context::<Review>();
    let pane = expect_context::<RwSignal<Pane>>();
    let tab = expect_context::<RwSignal<PreviewTab>>();
    let count = move || review.count.get();
    view! {
        <button
            type="button"
            class="findings-count"
            class:clean=move || count() == Some(0)
            title="Open the review (Alt+Shift+R)"
            aria-keyshortcuts="Alt+Shift+R"
            on:click=move |_| {
                // The Review tab is built after the first screen (ui/later.rs): now, if not yet.
                later::flush();
                tab.set(PreviewTab::Review);
                pane.set(Pane::Preview);
            }
        >
            // On a phone: "3 to check".
            {move || match count() {
                None => view! { "Review" }.into_any(),
                Some(0) => view! { "Nothing to check" }.into_any(),
                Some(n) => {
                    let things = if n == 1 { " thing" } else { " things" };
                    view! { {n} <span class="wide-only">{things}</span> " to check" }.into_any()
                }
            }}
        </button>
    }
}
