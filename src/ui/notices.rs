//! The session's views: the save indicator in the toolbar, and the notices and the conflict
//! prompt under it. They read [`Session`]'s signals and answer through its methods.

use super::backup;
use super::download;
use super::session::Session;
use crate::draft::library;
use crate::draft::sync::{Choice, SaveStatus};
use leptos::prelude::*;

/// The save indicator for the toolbar, with a backup download when saving does not work.
#[component]
pub fn SaveIndicator() -> impl IntoView {
    let session = expect_context::<Session>();
    let status = session.status;
    let failing = move || matches!(status.get(), SaveStatus::Failed(_) | SaveStatus::MemoryOnly);
    view! {
        <p class="save-state" role="status" aria-label="Save status">
            {move || match status.get() {
                SaveStatus::Saved => "Saved in this browser".to_owned(),
                SaveStatus::Failed(e) => format!("Not saved: {e}. Download the file to keep your work."),
                SaveStatus::MemoryOnly => "Not saving in this browser: your work is only in this page".to_owned(),
                SaveStatus::Conflict => "Not saved: changed in another tab".to_owned(),
            }}
        </p>
        <Show when=failing>
            <button type="button" on:click=move |_| backup::download_backup(session)>"Download backup"</button>
        </Show>
    }
}

/// Notices and the conflict prompt, shown under the toolbar.
#[component]
pub fn SessionAlerts() -> impl IntoView {
    let session = expect_context::<Session>();
    let notices = move || {
        session
            .notices
            .get()
            .into_iter()
            .enumerate()
            .map(|(n, notice)| {
                let download = notice.raw.map(|raw| {
                    let save = move |_| {
                        download::save_text("unreadable-draft.json", "application/json", &raw)
                    };
                    view! { <button type="button" on:click=save>"Download the unreadable draft"</button> }
                });
                view! {
                    <div class="notice" role="alert">
                        <p>{notice.text}</p>
                        {download}
                        " "
                        <button type="button" class="subtle" on:click=move |_| session.dismiss(n)>"Dismiss"</button>
                    </div>
                }
            })
            .collect_view()
    };
    let conflict = move || {
        session.conflict.get().map(|c| {
            let theirs = c
                .theirs
                .as_ref()
                .map(|r| format!("Their version is titled “{}”.", library::display_title(&r.doc.title)))
                .unwrap_or_else(|| "Their version cannot be read.".to_owned());
            view! {
                <div class="notice conflict" role="alertdialog" aria-label="Changed in another tab">
                    <p>
                        "This draft was changed in another tab or window while you were editing it here. "
                        {theirs}
                        " Which version do you want to keep?"
                    </p>
                    <button type="button" on:click=move |_| session.resolve(Choice::KeepMine)>"Keep mine"</button>
                    " "
                    <button type="button" on:click=move |_| session.resolve(Choice::TakeTheirs)>"Take theirs"</button>
                    " "
                    <button type="button" on:click=move |_| session.resolve(Choice::KeepBoth)>"Keep both"</button>
                </div>
            }
        })
    };
    view! { {notices} {conflict} }
}
