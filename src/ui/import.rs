//! Importing Markdown postmortems: a file picker, a file dropped anywhere on the page, or text
//! pasted into the Import dialog. Every import opens as a NEW draft (the open draft is never
//! touched); what the reader wants the user to know is listed until dismissed.

use super::fields::{field_id, focus_later, focus_target, item_field_id};
use super::session::Session;
use crate::markdown::import::MAX_BYTES;
use crate::markdown::import::outcome::{Fact, Place, Recognised, recognised};
use crate::markdown::{self, Imported, Refusal};
use crate::model::validate::Target;
use crate::model::{ItemField, List};
use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// The outcome of the last import, shown above the editor.
#[derive(Clone, Debug, PartialEq)]
enum Outcome {
    /// Imported: what it came from, what was recognised, and the reader's warnings.
    Opened { source: String, recognised: Recognised, warnings: Vec<String> },
    /// Nothing was imported, and why.
    Refused { source: String, reason: String },
}

/// Import state shared by the toolbar button, the dialog, the page-wide drop zone and the
/// outcome panel.
#[derive(Clone, Copy)]
pub struct Importer {
    session: Session,
    outcome: RwSignal<Option<Outcome>>,
    dialog: NodeRef<leptos::html::Dialog>,
    dragging: RwSignal<bool>,
}

impl Importer {
    /// An importer that opens documents through `session`.
    pub fn new(session: Session) -> Importer {
        Importer {
            session,
            outcome: RwSignal::new(None),
            dialog: NodeRef::new(),
            dragging: RwSignal::new(false),
        }
    }

    /// Opens what `bytes` holds as a new draft, or says why not.
    fn import_bytes(self, source: &str, bytes: &[u8]) {
        match markdown::import_bytes(bytes) {
            Ok(imported) => self.open(source, imported),
            Err(refusal) => self.refuse(source, &refusal),
        }
    }

    fn open(self, source: &str, imported: Imported) {
        let Imported { document, warnings } = imported;
        let found = recognised(&document);
        let hint =
            source.rsplit_once('.').map_or(source, |(stem, _)| stem).replace(['-', '_'], " ");
        match self.session.open_new(document, Some(&hint)) {
            Ok(()) => {
                let warnings = warnings.iter().map(ToString::to_string).collect();
                self.outcome.set(Some(Outcome::Opened {
                    source: source.to_owned(),
                    recognised: found,
                    warnings,
                }));
                self.close_dialog();
            }
            Err(reason) => {
                self.outcome.set(Some(Outcome::Refused { source: source.to_owned(), reason }))
            }
        }
    }

    fn refuse(self, source: &str, refusal: &Refusal) {
        self.outcome
            .set(Some(Outcome::Refused { source: source.to_owned(), reason: refusal.to_string() }));
    }

    /// Reads a file the user picked or dropped, then imports it.
    fn import_file(self, file: web_sys::File) {
        let name = file.name();
        if file.size() > MAX_BYTES as f64 {
            self.refuse(&name, &Refusal::TooLarge(file.size() as usize));
            return;
        }
        leptos::task::spawn_local(async move {
            match wasm_bindgen_futures::JsFuture::from(file.array_buffer()).await {
                Ok(buffer) => self.import_bytes(&name, &js_sys::Uint8Array::new(&buffer).to_vec()),
                Err(_) => self.outcome.set(Some(Outcome::Refused {
                    source: name,
                    reason: "the browser could not read the file".to_owned(),
                })),
            }
        });
    }

    /// Hides the page-wide drop zone (a section that takes the drop itself is under the
    /// pointer: the Timeline takes .txt, .log and .csv files, see `paste.rs`).
    pub fn hide_drop_zone(self) {
        if self.dragging.get_untracked() {
            self.dragging.set(false);
        }
    }

    fn open_dialog(self) {
        super::later::show_modal(self.dialog);
    }

    fn close_dialog(self) {
        if let Some(dialog) = self.dialog.get_untracked() {
            dialog.close();
        }
    }
}

/// The toolbar button that opens the Import dialog.
#[component]
pub fn ImportButton() -> impl IntoView {
    let importer = expect_context::<Importer>();
    view! { <button type="button" on:click=move |_| importer.open_dialog()>"Import .md…"</button> }
}

/// The Import dialog: pick a file or paste Markdown.
#[component]
pub fn ImportDialog() -> impl IntoView {
    let importer = expect_context::<Importer>();
    let pasted = RwSignal::new(String::new());
    let on_file = move |ev: web_sys::Event| {
        let Some(input) = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
        else {
            return;
        };
        if let Some(file) = input.files().and_then(|files| files.get(0)) {
            importer.import_file(file);
        }
        input.set_value("");
    };
    let import_pasted = move |_| {
        let text = pasted.get_untracked();
        importer.import_bytes("pasted text", text.as_bytes());
        if importer.outcome.with_untracked(|o| matches!(o, Some(Outcome::Opened { .. }))) {
            pasted.set(String::new());
        }
    };
    view! {
        <dialog class="import-dialog" aria-labelledby="import-title" node_ref=importer.dialog>
            <form method="dialog" class="import-form" on:submit=|ev| ev.prevent_default()>
                <h2 id="import-title">"Import a postmortem"</h2>
                <p class="hint">
                    "A Markdown postmortem opens as a new draft; the draft you have open stays as it is. You can also drop a .md file anywhere on the page."
                </p>
                <div class="field">
                    <label for="import-file">"Markdown file"</label>
                    <input id="import-file" type="file" accept=".md,.markdown,.txt,text/markdown,text/plain" on:change=on_file />
                </div>
                <div class="field">
                    <label for="import-paste">"Or paste Markdown"</label>
                    <textarea id="import-paste" rows="8" prop:value=pasted on:input=move |ev| pasted.set(event_target_value(&ev))></textarea>
                </div>
                <ImportOutcome in_dialog=true />
                <div class="dialog-actions">
                    <button type="button" class="primary" disabled=move || pasted.with(|p| p.trim().is_empty()) on:click=import_pasted>
                        "Import pasted text"
                    </button>
                    <button type="button" on:click=move |_| importer.close_dialog()>"Close"</button>
                </div>
            </form>
        </dialog>
    }
}

/// Accepts a file dropped anywhere on the page, with a visible drop zone while dragging.
#[component]
pub fn DropZone() -> impl IntoView {
    let importer = expect_context::<Importer>();
    let carries_files = |ev: &web_sys::DragEvent| {
        ev.data_transfer()
            .is_some_and(|dt| dt.types().iter().any(|t| t.as_string().as_deref() == Some("Files")))
    };
    let over = window_event_listener(leptos::ev::dragover, move |ev| {
        if carries_files(&ev) {
            ev.prevent_default();
            importer.dragging.set(true);
        }
    });
    let leave = window_event_listener(leptos::ev::dragleave, move |ev| {
        if ev.related_target().is_none() {
            importer.dragging.set(false);
        }
    });
    let drop = window_event_listener(leptos::ev::drop, move |ev| {
        importer.dragging.set(false);
        let Some(files) = ev.data_transfer().and_then(|dt| dt.files()) else { return };
        if let Some(file) = files.get(0) {
            ev.prevent_default();
            importer.import_file(file);
        }
    });
    on_cleanup(move || {
        over.remove();
        leave.remove();
        drop.remove();
    });
    view! {
        <div class="drop-zone" hidden=move || !importer.dragging.get() aria-hidden="true">
            <p>"Drop a Markdown file to import it as a new draft"</p>
        </div>
    }
}

/// What the last import did: the new draft and the reader's notes, or why nothing happened.
#[component]
pub fn ImportOutcome(
    /// Shown inside the dialog (refusals only) rather than above the editor.
    #[prop(optional)]
    in_dialog: bool,
) -> impl IntoView {
    let importer = expect_context::<Importer>();
    let shown = move || {
        importer.outcome.get().filter(|o| !in_dialog || matches!(o, Outcome::Refused { .. }))
    };
    move || {
        shown().map(|outcome| {
            let dismiss = move |_| importer.outcome.set(None);
            match outcome {
                Outcome::Opened { source, recognised, warnings } => {
                    let count = warnings.len();
                    let Recognised { facts, missing, kept } = recognised;
                    view! {
                        <div class="import-outcome" role="status" aria-label="Import result">
                            <p>{format!("Imported {source} as a new draft.")}</p>
                            {(!facts.is_empty()).then(|| view! {
                                <p id="import-found">"Recognised:"</p>
                                <ul class="import-facts" aria-labelledby="import-found">{facts.into_iter().map(fact_item).collect_view()}</ul>
                            })}
                            {(!missing.is_empty()).then(|| view! { <p class="import-missing">{format!("Not found: {}.", missing.join(", "))}</p> })}
                            {(!kept.is_empty()).then(|| view! {
                                <p id="import-kept">"Kept as custom sections:"</p>
                                <ul class="import-kept" aria-labelledby="import-kept">{kept.into_iter().map(fact_item).collect_view()}</ul>
                            })}
                            {(count > 0).then(|| view! {
                                <p id="import-notes">{format!("{count} note{} about the import:", if count == 1 { "" } else { "s" })}</p>
                                <ul aria-labelledby="import-notes">{warnings.into_iter().map(|w| view! { <li>{w}</li> }).collect_view()}</ul>
                            })}
                            <button type="button" class="subtle" on:click=dismiss>"Dismiss"</button>
                        </div>
                    }
                    .into_any()
                }
                Outcome::Refused { source, reason } => view! {
                    <div class="import-outcome refused" role="alert">
                        <p>{format!("Could not import {source}: {reason}. Your open draft was not changed.")}</p>
                        <button type="button" class="subtle" on:click=dismiss>"Dismiss"</button>
                    </div>
                }
                .into_any(),
            }
        })
    }
}

/// The form element a recognised fact lives in: its `href` and where a click moves focus.
fn place_link(place: Place) -> (String, Target) {
    match place {
        Place::Field(f) => (format!("#{}", field_id(f)), Target::Field(f)),
        Place::UsersAffected => {
            // Not a text field: focused by its id.
            ("#field-users-affected".to_owned(), Target::List(List::Timeline))
        }
        Place::Timeline => ("#section-timeline".to_owned(), Target::List(List::Timeline)),
        Place::Measures => ("#section-measures".to_owned(), Target::List(List::Tasks)),
        Place::Section(id) => (
            format!("#{}", item_field_id(id, ItemField::Heading)),
            Target::ItemField(id, ItemField::Heading),
        ),
    }
}

/// One recognised fact: its name as a link to its field, then what was read.
fn fact_item(fact: Fact) -> impl IntoView {
    let (href, target) = place_link(fact.place);
    let users = fact.place == Place::UsersAffected;
    let follow = move |ev: web_sys::MouseEvent| {
        ev.prevent_default();
        if users {
            focus_later("#field-users-affected".to_owned());
        } else {
            focus_target(target);
        }
    };
    view! {
        <li>
            <a href=href on:click=follow>{fact.label}</a>
            {format!(": {}", fact.value)}
        </li>
    }
}
