//! The "Share & export" dialog: the postmortem handed off where a team reads it. Copy for Docs /
//! Confluence / Notion (HTML and Markdown on the clipboard), a self-contained HTML page, the
//! action items as CSV for a tracker, and the customer-facing version (chosen sections, no names
//! or internal notes) copied or downloaded. Everything is made by the pure core
//! (`markdown::html`, `markdown::csv`, `markdown::customer`); this module only reads the
//! document, calls it and hands the result to the clipboard or a download. Nothing is sent.

use super::download::save_text;
use super::editor::Editor;
use super::fields::focus_later;
use super::zones::IntlZones;
use crate::markdown::customer::{self, Choice, Section};
use crate::markdown::{self, csv, html};
use leptos::prelude::*;
use std::time::Duration;
use wasm_bindgen::{JsCast, JsValue};

/// The dialog's element id (the toolbar button opens it by id: the button sits in the toolbar's
/// "More" popover, which a modal dialog must not be inside).
const DIALOG: &str = "handoff-dialog";

/// The toolbar button that opens the dialog.
#[component]
pub fn HandoffButton() -> impl IntoView {
    let open = move |_| {
        let document = document();
        // On a phone the button is in the "More" popover: close it first.
        if let Some(more) = document.get_element_by_id("toolbar-more")
            && let Ok(hide) = js_sys::Reflect::get(&more, &"hidePopover".into())
            && let Some(hide) = hide.dyn_ref::<js_sys::Function>()
            && more.matches(":popover-open").unwrap_or(false)
        {
            let _ = hide.call0(&more);
        }
        let find = move || {
            document
                .get_element_by_id(DIALOG)
                .and_then(|d| d.dyn_into::<web_sys::HtmlDialogElement>().ok())
        };
        let show = |dialog: web_sys::HtmlDialogElement| {
            // Tells the dialog it is open (it renders its content only then).
            if let Ok(event) = web_sys::Event::new("handoffopen") {
                let _ = dialog.dispatch_event(&event);
            }
            let _ = dialog.show_modal();
            focus_later(format!("#{DIALOG} button"));
        };
        match find() {
            Some(dialog) => show(dialog),
            // Still waiting its turn to be built (ui/later.rs): built now, shown next frame.
            None => {
                super::later::flush();
                request_animation_frame(move || find().into_iter().for_each(show));
            }
        }
    };
    // Wide, the toolbar keeps to one row at 1280 px with the short label; in the phone's
    // "More" menu there is room for the whole name (the accessible name is always the whole).
    view! {
        <button type="button" aria-label="Share & export…" title="Share & export: copy for Docs, download HTML, action items as CSV, a customer version" on:click=open>
            <span class="wide-only">"Share…"</span><span class="phone-only">"Share & export…"</span>
        </button>
    }
}

/// The dialog: one labelled button per way out, and the customer version's sections.
#[component]
pub fn HandoffDialog() -> impl IntoView {
    let editor = expect_context::<Editor>();
    let dialog = NodeRef::<leptos::html::Dialog>::new();
    let open = RwSignal::new(false);
    let choice = RwSignal::new(Choice::default());
    let status = RwSignal::new(String::new());
    let say = move |message: String| {
        status.set(message);
        set_timeout(move || status.set(String::new()), Duration::from_secs(8));
    };
    // The customer version, while the dialog is open.
    let version = Memo::new(move |_| {
        open.get().then(|| editor.doc.with(|d| customer::version(d, choice.get(), &IntlZones)))
    });
    let tasks = move || editor.doc.with(|d| d.tasks.len());
    let whole = move || editor.doc.with_untracked(|d| markdown::export_with(d, &IntlZones));
    let stem = move || {
        let name = editor.doc.with_untracked(markdown::file_name);
        name.trim_end_matches(".md").to_owned()
    };

    let copy_whole = move |_| {
        let md = whole();
        leptos::task::spawn_local(async move {
            say(match copy_rich(&html::fragment(&md), &md).await {
                Ok(()) => "Copied: paste into Google Docs, Confluence or Notion.".to_owned(),
                Err(()) => REFUSED.to_owned(),
            });
        });
    };
    let download_html = move |_| {
        let page = editor.doc.with_untracked(|d| html::standalone(d, &IntlZones));
        let name = editor.doc.with_untracked(html::file_name);
        save_text(&name, "text/html;charset=utf-8", &page);
        say(format!("Downloaded {name}."));
    };
    let download_csv = move |_| {
        let text = editor.doc.with_untracked(csv::tasks_csv);
        let name = editor.doc.with_untracked(csv::file_name);
        save_text(&name, "text/csv;charset=utf-8", &text);
        say(format!("Downloaded {name}."));
    };
    let customer_md = move || {
        version.get_untracked().unwrap_or_else(|| {
            editor.doc.with_untracked(|d| customer::version(d, choice.get_untracked(), &IntlZones))
        })
    };
    let copy_customer = move |_| {
        let md = customer_md();
        leptos::task::spawn_local(async move {
            say(match copy_rich(&html::fragment(&md), &md).await {
                Ok(()) => "Copied the customer version.".to_owned(),
                Err(()) => REFUSED.to_owned(),
            });
        });
    };
    let download_customer = move |_| {
        let title = editor.doc.with_untracked(|d| d.title.clone());
        let name = format!("{}-customer.html", stem());
        save_text(&name, "text/html;charset=utf-8", &html::page(&title, &customer_md()));
        say(format!("Downloaded {name}."));
    };
    let close = move |_| {
        if let Some(d) = dialog.get_untracked() {
            d.close();
        }
    };
    // The share link has its own dialog (ui/share.rs); this one leads to it.
    let sharer = expect_context::<super::share::Sharer>();
    let share_link = move |_| {
        if let Some(d) = dialog.get_untracked() {
            d.close();
        }
        sharer.open();
    };
    let section_box = move |section: Section| {
        view! {
            <label class="handoff-part">
                <input
                    type="checkbox"
                    prop:checked=move || choice.get().has(section)
                    on:change=move |ev| {
                        let on = event_target_checked(&ev);
                        choice.update(|c| *c = c.with(section, on));
                    }
                />
                {section.heading()}
            </label>
        }
    };

    view! {
        <dialog
            id=DIALOG
            class="import-dialog handoff-dialog"
            aria-labelledby="handoff-title"
            node_ref=dialog
            on:handoffopen=move |_: web_sys::Event| open.set(true)
            on:close=move |_| open.set(false)
        >
            <h2 id="handoff-title">"Share & export"</h2>
            // Rendered while open only: nothing hidden in the page shares the form's labels.
            {move || open.get().then(|| view! {
            <p class="hint">"Nothing is sent anywhere: each of these puts the postmortem on your clipboard or in a file, and you choose where it goes."</p>
            <section class="handoff-group" aria-labelledby="handoff-whole">
                <h3 id="handoff-whole">"The whole postmortem"</h3>
                <div class="handoff-actions">
                    <button type="button" class="primary" on:click=copy_whole>"Copy for Docs / Confluence / Notion"</button>
                    <button type="button" on:click=download_html>"Download HTML"</button>
                </div>
                <p class="hint">"The HTML file is one page that opens and prints anywhere: no script, nothing loaded from elsewhere."</p>
            </section>
            <section class="handoff-group" aria-labelledby="handoff-link">
                <h3 id="handoff-link">"Share link"</h3>
                <div class="handoff-actions">
                    <button type="button" on:click=share_link>"Share link…"</button>
                </div>
                <p class="hint">"The whole draft inside a link: whoever opens it gets a copy as a new draft. Nothing is uploaded."</p>
            </section>
            <section class="handoff-group" aria-labelledby="handoff-actions">
                <h3 id="handoff-actions">"Action items"</h3>
                <div class="handoff-actions">
                    <button type="button" disabled=move || tasks() == 0 on:click=download_csv>"Download action items (CSV)"</button>
                </div>
                <p class="hint">
                    {move || match tasks() {
                        0 => "No tasks yet: add them under the corrective measures.".to_owned(),
                        n => format!("{n} task{}, with the columns title, description, owner, due and done, for Jira, Linear or GitHub Projects.", if n == 1 { "" } else { "s" }),
                    }}
                </p>
            </section>
            <section class="handoff-group" aria-labelledby="handoff-customer">
                <h3 id="handoff-customer">"Customer version"</h3>
                <fieldset class="handoff-parts">
                    <legend>"Sections to include"</legend>
                    {Section::ALL.into_iter().map(section_box).collect_view()}
                </fieldset>
                <p class="hint">"Never included: authors, responders, task owners and due dates, severity, and the team's notes (detection, contributing factors, lessons, custom sections). The timeline keeps its key moments: entries marked as one, and detection, mitigation and resolution."</p>
                <div
                    class="handoff-preview preview"
                    role="region"
                    aria-label="Customer version preview"
                    tabindex="0"
                    inner_html=move || version.get().map(|md| markdown::render::to_html(&md)).unwrap_or_default()
                ></div>
                <div class="handoff-actions">
                    <button type="button" on:click=copy_customer>"Copy customer version"</button>
                    <button type="button" on:click=download_customer>"Download customer HTML"</button>
                </div>
            </section>
            <p class="handoff-status" role="status" aria-label="Share and export status">{move || status.get()}</p>
            <div class="dialog-actions">
                <button type="button" on:click=close>"Close"</button>
            </div>
            })}
        </dialog>
    }
}

/// What the dialog says when the browser does not let the page write to the clipboard.
const REFUSED: &str =
    "The browser did not allow copying. Use Download HTML, open the file and copy from there.";

/// Puts `html` and `text` on the clipboard as one item (`text/html` and `text/plain`), with the
/// asynchronous Clipboard API. `Err` when the browser has no `ClipboardItem` or refuses.
async fn copy_rich(html: &str, text: &str) -> Result<(), ()> {
    let window = window();
    let has_item =
        js_sys::Reflect::get(&window, &"ClipboardItem".into()).is_ok_and(|c| c.is_function());
    if !has_item {
        return Err(());
    }
    let blob = |content: &str, mime: &str| -> Result<web_sys::Blob, JsValue> {
        let options = web_sys::BlobPropertyBag::new();
        options.set_type(mime);
        web_sys::Blob::new_with_str_sequence_and_options(
            &js_sys::Array::of1(&JsValue::from_str(content)),
            &options,
        )
    };
    let record = js_sys::Object::new();
    let item = (|| -> Result<web_sys::ClipboardItem, JsValue> {
        let (rich, plain): (JsValue, JsValue) =
            (blob(html, "text/html")?.into(), blob(text, "text/plain")?.into());
        js_sys::Reflect::set(&record, &"text/html".into(), &rich)?;
        js_sys::Reflect::set(&record, &"text/plain".into(), &plain)?;
        web_sys::ClipboardItem::new_with_record_from_str_to_blob_promise(&record)
    })()
    .map_err(drop)?;
    let write = window.navigator().clipboard().write(&js_sys::Array::of1(&item));
    wasm_bindgen_futures::JsFuture::from(write).await.map(drop).map_err(drop)
}
