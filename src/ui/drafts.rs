//! The drafts menu: a toolbar button and the panel that lists the drafts in this browser (open,
//! new, rename, duplicate, delete), "Recently deleted" (restore, empty), backs them up and
//! imports backups.
//!
//! It only calls [`Session`]; the session does the saving.

use super::backup;
use super::download;
use super::fields::focus_later;
use super::session::Session;
use crate::draft::library::{Deleted, DraftId, Meta};
use crate::draft::storage;
use crate::draft::sync::{Event, KEEP_DELETED_DAYS, KEEP_DELETED_MAX};
use leptos::prelude::*;
use wasm_bindgen::{JsCast, JsValue, closure::Closure};

/// The "Drafts" toolbar button and its panel. Escape and the panel's close button close it and
/// return focus to the button; a click outside closes it and leaves focus where it went.
#[component]
pub fn DraftsMenu() -> impl IntoView {
    let open = RwSignal::new(false);
    view! {
        <button
            type="button"
            id="drafts-button"
            aria-expanded=move || open.get().to_string()
            aria-controls="drafts-panel"
            on:click=move |_| open.update(|o| *o = !*o)
        >
            "Drafts"
        </button>
        <Show when=move || open.get()>
            <DraftsPanel close=move |back: bool| {
                open.set(false);
                if back {
                    focus_later("#drafts-button".to_owned());
                }
            } />
        </Show>
    }
}

/// Whether a pointer event happened outside the drafts panel and its button.
fn outside_panel(ev: &web_sys::PointerEvent) -> bool {
    let Some(target) = ev.target().and_then(|t| t.dyn_into::<web_sys::Element>().ok()) else {
        return false;
    };
    // A click in a dialog or popover above the page (the import dialog) is not "outside".
    target.closest("#drafts-panel, #drafts-button, dialog").ok().flatten().is_none()
        && target.is_connected()
}

/// When a draft was last saved, in the reader's locale.
fn when(updated: f64) -> String {
    if updated <= 0.0 {
        return "never saved".to_owned();
    }
    let date = js_sys::Date::new(&JsValue::from_f64(updated));
    String::from(date.to_locale_string("default", &JsValue::UNDEFINED))
}

#[component]
fn DraftsPanel(close: impl Fn(bool) + Copy + Send + Sync + 'static) -> impl IntoView {
    let session = expect_context::<Session>();
    let renaming = RwSignal::new(None::<DraftId>);
    let memory_only = move || !storage::available();
    let on_escape = move |ev: web_sys::KeyboardEvent| {
        if ev.key() == "Escape" && renaming.get_untracked().is_none() {
            close(true);
        }
    };
    let outside = window_event_listener(leptos::ev::pointerdown, move |ev| {
        if outside_panel(&ev) {
            close(false);
        }
    });
    on_cleanup(move || outside.remove());
    let import = move |ev: web_sys::Event| {
        let Some(input) = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
        else {
            return;
        };
        let Some(file) = input.files().and_then(|f| f.get(0)) else { return };
        input.set_value("");
        let done = Closure::once(move |text: JsValue| {
            if let Some(text) = text.as_string() {
                backup::import_backup(session, &text);
            }
        });
        let failed = Closure::once(move |_: JsValue| {
            session.dispatch(Event::Say("The file could not be read.".to_owned()));
        });
        let _ = file.text().then2(&done, &failed);
        done.forget();
        failed.forget();
    };
    let row = move |meta: Meta| {
        let id = meta.id.clone();
        let title = meta.display_title().to_owned();
        let is_open = {
            let id = id.clone();
            move || session.current.with(|c| *c == id)
        };
        let open_it = {
            let id = id.clone();
            move |_| session.open(&id)
        };
        let rename_it = {
            let id = id.clone();
            move |_| {
                renaming.set(Some(id.clone()));
                focus_later(format!("[data-draft-id=\"{id}\"] .draft-rename"));
            }
        };
        let cancel_rename = {
            let id = id.clone();
            move || {
                renaming.set(None);
                focus_later(format!("[data-draft-id=\"{id}\"] .draft-rename-button"));
            }
        };
        let duplicate_it = {
            let id = id.clone();
            move |_| session.duplicate(&id)
        };
        let delete_it = {
            let id = id.clone();
            move |_| {
                session.delete(&id);
                // Never onto another Delete button (Enter twice would delete two drafts): onto
                // this draft's Restore, which undoes the deletion.
                focus_later(format!("[data-deleted-id=\"{id}\"] .draft-restore"));
            }
        };
        let is_renaming = {
            let id = id.clone();
            move || renaming.with(|r| r.as_ref() == Some(&id))
        };
        let commit = {
            let id = id.clone();
            move |input: web_sys::HtmlInputElement| {
                if renaming.with_untracked(|r| r.as_ref() != Some(&id)) {
                    return;
                }
                renaming.set(None);
                session.rename(&id, &input.value());
            }
        };
        let raw_title = meta.title.clone();
        let rename_label = format!("New title for “{title}”");
        let editor = move || {
            let commit = commit.clone();
            let commit_on_key = commit.clone();
            let cancel_rename = cancel_rename.clone();
            view! {
                <input
                    type="text"
                    class="draft-rename"
                    aria-label=rename_label.clone()
                    value=raw_title.clone()
                    on:keydown=move |ev: web_sys::KeyboardEvent| match ev.key().as_str() {
                        "Enter" => {
                            ev.prevent_default();
                            if let Some(input) = ev.target().and_then(|t| t.dyn_into().ok()) {
                                commit_on_key(input);
                            }
                        }
                        // Escape cancels the rename only; the panel stays open.
                        "Escape" => {
                            ev.stop_propagation();
                            cancel_rename();
                        }
                        _ => {}
                    }
                    on:change=move |ev: web_sys::Event| {
                        if let Some(input) = ev.target().and_then(|t| t.dyn_into().ok()) {
                            commit(input);
                        }
                    }
                />
            }
        };
        let open_label = title.clone();
        let current_attr = {
            let is_open = is_open.clone();
            move || if is_open() { Some("true") } else { None }
        };
        view! {
            <li class="draft" data-draft-id=id.to_string() aria-current=current_attr>
                <div class="draft-main">
                    <Show
                        when=is_renaming
                        fallback=move || view! {
                            <button type="button" class="draft-open" on:click=open_it.clone()>{open_label.clone()}</button>
                        }
                    >
                        {editor.clone()}
                    </Show>
                    <span class="draft-meta">
                        {meta.status.label()}
                        " · edited "
                        {when(meta.updated)}
                        {move || is_open().then_some(" · open")}
                    </span>
                </div>
                <div class="draft-actions">
                    <button type="button" class="subtle draft-rename-button" aria-label=format!("Rename “{title}”") on:click=rename_it>"Rename"</button>
                    <button type="button" class="subtle" aria-label=format!("Duplicate “{title}”") on:click=duplicate_it>"Duplicate"</button>
                    <button type="button" class="subtle danger" aria-label=format!("Delete “{title}”") on:click=delete_it>"Delete"</button>
                </div>
            </li>
        }
    };
    let kept = move || {
        // Re-read when the list changes (a refresh may have kept something aside).
        session.drafts.track();
        let kept = storage::kept_aside();
        (!kept.is_empty()).then(|| {
            view! {
                <section class="drafts-kept" aria-label="Kept aside">
                    <h3>"Unreadable values kept aside"</h3>
                    <p>"These could not be read as drafts. They are never deleted by the editor; download them to inspect or repair them."</p>
                    <ul>
                        {kept
                            .into_iter()
                            .map(|(key, raw)| {
                                let name = format!("{}.json", key.replace('.', "-"));
                                view! {
                                    <li>
                                        <code>{key.clone()}</code>
                                        " "
                                        <button type="button" aria-label=format!("Download {key}") on:click=move |_| download::save_text(&name, "application/json", &raw)>"Download"</button>
                                    </li>
                                }
                            })
                            .collect_view()}
                    </ul>
                </section>
            }
        })
    };
    let persistence = move || match session.persisted.get() {
        Some(true) => "This browser has agreed to keep these drafts until you delete them.",
        Some(false) => {
            "This browser may clear these drafts if it runs short of space: download a backup now and then."
        }
        None => "Drafts are kept in this browser only: download a backup now and then.",
    };
    view! {
        <section id="drafts-panel" class="drafts-panel" role="dialog" aria-label="Drafts" on:keydown=on_escape>
            // A div, not a header: inside the toolbar's banner a header reads as a second banner.
            <div class="drafts-header">
                <h2 tabindex="-1">"Drafts"</h2>
                <button type="button" class="icon" aria-label="Close drafts" on:click=move |_| close(true)>
                    <span aria-hidden="true">"✕"</span>
                </button>
            </div>
            <Show when=memory_only>
                <p class="drafts-note">"This browser does not let the page save drafts: only the open one exists, in this page. Download a backup to keep it."</p>
            </Show>
            <div class="drafts-toolbar">
                <button type="button" class="primary" disabled=memory_only on:click=move |_| session.new_blank()>"New blank draft"</button>
                <NewFromTemplate disabled=Signal::derive(memory_only) />
                <button type="button" on:click=move |_| backup::download_backup(session)>"Download backup"</button>
                // A button like the others (the native picker's "No file chosen" says nothing here).
                <label class="file-button" class:disabled=memory_only>
                    <input type="file" accept=".json,application/json" disabled=memory_only on:change=import />
                    "Import backup…"
                </label>
            </div>
            {move || session.message.get().map(|m| view! { <p class="drafts-message" role="status">{m}</p> })}
            <ul class="drafts-list" aria-label="Drafts in this browser">
                {move || session.drafts.get().into_iter().map(row).collect_view()}
            </ul>
            <RecentlyDeleted />
            {kept}
            <p class="drafts-note">{persistence}</p>
        </section>
    }
}

/// "Recently deleted": restore a draft (it opens), or empty the list after a second click.
#[component]
fn RecentlyDeleted() -> impl IntoView {
    let session = expect_context::<Session>();
    let confirming = RwSignal::new(false);
    let row = move |d: Deleted| {
        let title = d.display_title().to_owned();
        let id = d.id.clone();
        view! {
            <li class="draft" data-deleted-id=d.id.to_string()>
                <div class="draft-main">
                    <span class="draft-title">{title.clone()}</span>
                    <span class="draft-meta">"deleted " {when(d.deleted)}</span>
                </div>
                <div class="draft-actions">
                    <button
                        type="button"
                        class="subtle draft-restore"
                        aria-label=format!("Restore “{title}”")
                        on:click=move |_| {
                            session.restore(&id);
                            focus_later(".drafts-list [aria-current] .draft-open".to_owned());
                        }
                    >
                        "Restore"
                    </button>
                </div>
            </li>
        }
    };
    let count = move || session.deleted.with(Vec::len);
    let empty = move |_| {
        confirming.set(false);
        session.empty_deleted();
        focus_later("#drafts-panel .drafts-header h2".to_owned());
    };
    view! {
        <Show when=move || count() != 0>
            <section class="drafts-deleted" aria-label="Recently deleted">
                <h3>"Recently deleted"</h3>
                <p class="drafts-note">
                    {format!(
                        "Deleted drafts are kept here for {KEEP_DELETED_DAYS} days (the {KEEP_DELETED_MAX} most recent), then removed."
                    )}
                </p>
                <ul class="drafts-list" aria-label="Deleted drafts">
                    {move || session.deleted.get().into_iter().map(row).collect_view()}
                </ul>
                <Show
                    when=move || confirming.get()
                    fallback=move || view! {
                        <button type="button" class="subtle" on:click=move |_| confirming.set(true)>"Empty Recently deleted…"</button>
                    }
                >
                    <p class="drafts-confirm" role="group" aria-label="Empty Recently deleted">
                        {move || format!("Delete {} draft{} for good? This cannot be undone. ", count(), if count() == 1 { "" } else { "s" })}
                        <button type="button" class="danger" on:click=empty>"Delete for good"</button>
                        " "
                        <button type="button" autofocus on:click=move |_| confirming.set(false)>"Cancel"</button>
                    </p>
                </Show>
            </section>
        </Show>
    }
}

/// A new draft from one of the templates: the template's sections and prompts, nothing filled.
#[component]
fn NewFromTemplate(#[prop(into)] disabled: Signal<bool>) -> impl IntoView {
    use crate::model::template::{TEMPLATES, TemplateId, new_from_template};
    let session = expect_context::<Session>();
    let chosen = RwSignal::new(TemplateId::Default);
    let create = move |_| {
        let _ = session.open_new(new_from_template(chosen.get_untracked()), None);
    };
    view! {
        <span class="new-from-template">
            <label for="new-template">"Template"</label>
            <select
                id="new-template"
                on:change=move |ev| {
                    if let Some(id) = TemplateId::parse(&event_target_value(&ev)) {
                        chosen.set(id);
                    }
                }
            >
                {TEMPLATES
                    .iter()
                    .map(|t| view! { <option value=t.id.as_str() title=t.description>{t.name}</option> })
                    .collect_view()}
            </select>
            <button type="button" disabled=disabled on:click=create>"New from template"</button>
        </span>
    }
}
