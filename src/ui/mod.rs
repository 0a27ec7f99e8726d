//! The browser shell: leptos components over the pure core (browser only).
//!
//! State is one `RwSignal<Postmortem>`; every change goes through [`Editor::edit`], which calls
//! [`model::apply`]. Derived views (Markdown, preview HTML) are memos; saving is one effect.

mod download;

use crate::draft::storage::{self, Loaded, SaveError};
use crate::markdown::{self, render};
use crate::model::{self, Edit, Postmortem, TextField};
use leptos::prelude::*;

/// The document being edited and the one way to change it.
#[derive(Clone, Copy)]
pub struct Editor {
    doc: RwSignal<Postmortem>,
}

impl Editor {
    /// Applies one edit to the document.
    pub fn edit(self, edit: Edit) {
        self.doc.update(|doc| {
            model::apply(doc, edit);
        });
    }

    /// Reads one text field, reactively.
    pub fn text(self, field: TextField) -> String {
        self.doc.with(|doc| doc.text(field).to_owned())
    }
}

/// A problem found at start-up, shown above the editor until the page is reloaded.
struct Notice {
    text: String,
    /// A stored value the user can download as it was.
    raw: Option<String>,
}

impl Notice {
    fn unavailable() -> Self {
        Notice {
            text: "This browser does not let the page save drafts. You can still write and download the postmortem.".to_owned(),
            raw: None,
        }
    }

    fn unreadable(
        error: &crate::draft::codec::DecodeError,
        raw: String,
        kept_at: Option<String>,
    ) -> Self {
        let where_ = match kept_at {
            Some(key) => format!("Nothing was deleted: it is kept in this browser under “{key}”."),
            None => {
                "Saving is off so that it is not overwritten; download it to keep it.".to_owned()
            }
        };
        Notice {
            text: format!("The saved draft could not be opened: {error}. {where_}"),
            raw: Some(raw),
        }
    }

    fn view(self) -> impl IntoView {
        let download = self.raw.map(|raw| {
            let save =
                move |_| download::save_text("unreadable-draft.json", "application/json", &raw);
            view! { <button type="button" on:click=save>"Download the unreadable draft"</button> }
        });
        view! { <div class="notice" role="alert"><p>{self.text}</p>{download}</div> }
    }
}

/// Whether the last save worked.
#[derive(Clone, Debug, PartialEq)]
enum SaveState {
    Saved,
    Failed(SaveError),
    /// Saving is off so that an unreadable stored value is not overwritten.
    Off,
}

/// The whole application.
#[component]
pub fn App() -> impl IntoView {
    let (initial, notice, can_save) = match storage::load_current() {
        Loaded::Empty => (Postmortem::default(), None, true),
        Loaded::Draft(doc) => (doc, None, true),
        Loaded::Unavailable => (Postmortem::default(), Some(Notice::unavailable()), false),
        Loaded::Unreadable { error, raw, kept_at } => {
            let can_save = kept_at.is_some();
            (Postmortem::default(), Some(Notice::unreadable(&error, raw, kept_at)), can_save)
        }
    };
    let editor = Editor { doc: RwSignal::new(initial) };
    let markdown = Memo::new(move |_| editor.doc.with(markdown::export));
    let preview = Memo::new(move |_| markdown.with(|md| render::to_html(md)));
    let save_state = RwSignal::new(if can_save { SaveState::Saved } else { SaveState::Off });

    Effect::watch(
        move || editor.doc.track(),
        move |_, _, _| {
            if save_state.get_untracked() == SaveState::Off {
                return;
            }
            let result = editor.doc.with_untracked(storage::save_current);
            save_state.set(match result {
                Ok(()) => SaveState::Saved,
                Err(e) => SaveState::Failed(e),
            });
        },
        false,
    );

    let on_download = move |_| {
        let name = editor.doc.with_untracked(markdown::file_name);
        markdown.with_untracked(|md| download::save_text(&name, "text/markdown;charset=utf-8", md));
    };

    view! {
        <header class="toolbar">
            <h1 class="app-name">"Postmortem editor"</h1>
            <p class="save-state" role="status">
                {move || match save_state.get() {
                    SaveState::Saved => "Saved in this browser".to_owned(),
                    SaveState::Failed(e) => format!("Not saved: {e}. Download the file to keep your work."),
                    SaveState::Off => "Not saving in this browser".to_owned(),
                }}
            </p>
            <button type="button" class="primary" on:click=on_download>"Download .md"</button>
        </header>
        {notice.map(Notice::view)}
        <main class="workspace">
            <form class="editor" aria-label="Postmortem" on:submit=|ev| ev.prevent_default()>
                <TextInput editor field=TextField::Title label="Title" />
                <TextArea editor field=TextField::Summary label="Summary" />
            </form>
            <section class="preview-pane" aria-label="Preview">
                <article class="preview markdown-body" inner_html=move || preview.get()></article>
            </section>
        </main>
    }
}

/// A one-line text field bound to a document field.
#[component]
fn TextInput(editor: Editor, field: TextField, label: &'static str) -> impl IntoView {
    let id = format!("field-{field:?}").to_lowercase();
    view! {
        <div class="field">
            <label for=id.clone()>{label}</label>
            <input
                id=id
                type="text"
                autocomplete="off"
                prop:value=move || editor.text(field)
                on:input=move |ev| editor.edit(Edit::SetText { field, value: event_target_value(&ev) })
            />
        </div>
    }
}

/// A multi-line text field bound to a document field.
#[component]
fn TextArea(editor: Editor, field: TextField, label: &'static str) -> impl IntoView {
    let id = format!("field-{field:?}").to_lowercase();
    view! {
        <div class="field">
            <label for=id.clone()>{label}</label>
            <textarea
                id=id
                rows="6"
                prop:value=move || editor.text(field)
                on:input=move |ev| editor.edit(Edit::SetText { field, value: event_target_value(&ev) })
            ></textarea>
        </div>
    }
}
