//! A toast for deletions: "Task deleted · Undo", instead of a confirmation dialog.
//!
//! The toast's Undo undoes the change it announced, not whatever was done last: it carries that
//! change's undo step ([`Editor::last_step`]) and undoes that step alone
//! ([`Editor::undo_step`]), keeping what was typed since.

use super::editor::Editor;
use crate::model::history::{Mark, Outcome};
use leptos::prelude::*;
use std::sync::Arc;
use std::time::Duration;

/// How long a toast stays.
const SHOWN_FOR: Duration = Duration::from_secs(8);

#[derive(Clone, PartialEq)]
struct Toast {
    seq: u64,
    message: Arc<str>,
    /// The step the Undo button undoes; `None`: no button.
    step: Option<Mark>,
}

/// Shows toasts; provided by the app.
#[derive(Clone, Copy)]
pub struct Toaster {
    editor: Editor,
    current: RwSignal<Option<Toast>>,
    counter: StoredValue<u64>,
}

impl Toaster {
    /// A toaster with nothing shown, for the changes made through `editor`.
    pub fn new(editor: Editor) -> Toaster {
        Toaster { editor, current: RwSignal::new(None), counter: StoredValue::new(0) }
    }

    /// Shows `message` with an Undo button that undoes the change just made through the editor.
    pub fn undoable(self, message: impl Into<Arc<str>>) {
        self.show(message.into(), self.editor.last_step());
    }

    fn show(self, message: Arc<str>, step: Option<Mark>) {
        self.counter.update_value(|c| *c += 1);
        let seq = self.counter.get_value();
        self.current.set(Some(Toast { seq, message, step }));
        set_timeout(
            move || {
                if self.current.with_untracked(|c| c.as_ref().is_some_and(|t| t.seq == seq)) {
                    self.current.set(None);
                }
            },
            SHOWN_FOR,
        );
    }

    fn undo(self, step: Mark) {
        match self.editor.undo_step(step) {
            Outcome::Changed => self.show(
                "Not undone: it was changed since. Undo in the toolbar steps back.".into(),
                None,
            ),
            Outcome::Undone | Outcome::AlreadyUndone | Outcome::Gone => self.dismiss(),
        }
    }

    fn dismiss(self) {
        self.current.set(None);
    }
}

/// Where toasts appear (bottom of the screen).
#[component]
pub fn Toasts() -> impl IntoView {
    let toaster = expect_context::<Toaster>();
    view! {
        <div class="toasts" role="status" aria-label="Notifications">
            {move || {
                toaster
                    .current
                    .get()
                    .map(|toast| {
                        view! {
                            <div class="toast">
                                <span>{toast.message.to_string()}</span>
                                {toast.step.map(|step| view! {
                                    <button type="button" on:click=move |_| toaster.undo(step)>"Undo"</button>
                                })}
                                <button type="button" class="icon" aria-label="Dismiss" on:click=move |_| toaster.dismiss()>
                                    <span aria-hidden="true">"✕"</span>
                                </button>
                            </div>
                        }
                    })
            }}
        </div>
    }
}
