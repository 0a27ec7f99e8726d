//! A toast for deletions: "Task deleted · Undo", instead of a confirmation dialog.

use super::editor::Editor;
use leptos::prelude::*;
use std::time::Duration;

/// How long a toast stays.
const SHOWN_FOR: Duration = Duration::from_secs(8);

/// Shows toasts; provided by the app.
#[derive(Clone, Copy)]
pub struct Toaster {
    current: RwSignal<Option<(u64, &'static str)>>,
    counter: StoredValue<u64>,
}

impl Toaster {
    /// A toaster with nothing shown.
    pub fn new() -> Toaster {
        Toaster { current: RwSignal::new(None), counter: StoredValue::new(0) }
    }

    /// Shows `message` with an Undo button.
    pub fn undoable(self, message: &'static str) {
        self.counter.update_value(|c| *c += 1);
        let seq = self.counter.get_value();
        self.current.set(Some((seq, message)));
        set_timeout(
            move || {
                if self.current.with_untracked(|c| c.is_some_and(|(s, _)| s == seq)) {
                    self.current.set(None);
                }
            },
            SHOWN_FOR,
        );
    }

    fn dismiss(self) {
        self.current.set(None);
    }
}

impl Default for Toaster {
    fn default() -> Self {
        Toaster::new()
    }
}

/// Where toasts appear (bottom of the screen).
#[component]
pub fn Toasts() -> impl IntoView {
    let toaster = expect_context::<Toaster>();
    let editor = expect_context::<Editor>();
    view! {
        <div class="toasts" role="status" aria-label="Notifications">
            {move || {
                toaster
                    .current
                    .get()
                    .map(|(_, message)| {
                        view! {
                            <div class="toast">
                                <span>{message}</span>
                                <button type="button" on:click=move |_| {
                                    editor.undo();
                                    toaster.dismiss();
                                }>"Undo"</button>
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
