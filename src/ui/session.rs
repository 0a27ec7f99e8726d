//! [`Session`]: the shell of `draft::sync` (browser only).
//!
//! Every decision is made by [`sync::update`]; this module only turns browser events into
//! [`Event`]s (a change to the document, `pagehide` / `beforeunload` / hidden
//! `visibilitychange`, the `storage` event of other tabs, the user's actions in the drafts panel),
//! carries out the [`sync::Effect`]s with `draft::storage` and the [`Editor`], feeds each storage
//! result back as the next event, and mirrors the state into signals for the views
//! (`ui/notices.rs`, `ui/drafts.rs`).

use super::editor::Editor;
use super::journal::Writer;
use crate::draft::journal::{self, Stored, Verdict};
use crate::draft::library::LoadError;
use crate::draft::library::{Deleted, DraftId, Meta};
use crate::draft::storage;
use crate::draft::sync::{self, Choice, Conflict, Event, Notice, SaveStatus, Snapshot, State};
use crate::model::{Edit, Postmortem, TextField};
use leptos::prelude::*;
use wasm_bindgen::{JsCast, JsValue, closure::Closure};

/// The open draft and the library around it. Provided as a context by the app.
#[derive(Clone, Copy)]
pub struct Session {
    editor: Editor,
    state: StoredValue<State>,
    /// The open draft.
    pub current: RwSignal<DraftId>,
    /// The drafts in storage, most recently edited first.
    pub drafts: RwSignal<Vec<Meta>>,
    /// "Recently deleted", most recently deleted first.
    pub deleted: RwSignal<Vec<Deleted>>,
    /// What the save indicator says.
    pub status: RwSignal<SaveStatus>,
    /// A change made elsewhere, waiting for the user's choice.
    pub conflict: RwSignal<Option<Conflict>>,
    /// Problems found (unreadable values, storage unavailable).
    pub notices: RwSignal<Vec<Notice>>,
    /// The outcome of the last library action (delete, import, duplicate...).
    pub message: RwSignal<Option<String>>,
    /// The answer to `navigator.storage.persist()`, once known.
    pub persisted: RwSignal<Option<bool>>,
    /// The crash journal's writer (see the hook at the end of this file).
    journal: StoredValue<Option<Writer>, LocalStorage>,
}

impl Session {
    /// Opens the session: reads storage, creates the [`Editor`] with the draft to open, and
    /// starts autosaving and listening to other tabs. Call once, inside the app component.
    pub fn start() -> Session {
        let fresh = storage::new_id();
        let session = Session {
            editor: Editor::new(Postmortem::default()),
            state: StoredValue::new(State::new(fresh.clone())),
            current: RwSignal::new(fresh),
            drafts: RwSignal::new(Vec::new()),
            deleted: RwSignal::new(Vec::new()),
            status: RwSignal::new(SaveStatus::Saved),
            conflict: RwSignal::new(None),
            notices: RwSignal::new(Vec::new()),
            message: RwSignal::new(None),
            persisted: RwSignal::new(None),
            journal: StoredValue::new_local(None),
        };
        session.dispatch(Event::Started {
            library: storage::open_library(),
            now: js_sys::Date::now(),
        });
        session.listen();
        session.start_journal();
        ask_for_persistence(session.persisted);
        session
    }

    /// The editor of the open draft.
    pub fn editor(self) -> Editor {
        self.editor
    }

    /// The open document as it is now.
    pub fn snapshot(self) -> Snapshot {
        self.editor.doc.with_untracked(Snapshot::of)
    }

    /// The revision of the open draft this tab last read or wrote.
    pub fn seen(self) -> u64 {
        self.state.with_value(|s| s.seen)
    }

    /// Runs `event` through [`sync::update`] and carries out its effects, each storage result
    /// fed back before the next effect runs; then mirrors the state into the signals.
    pub fn dispatch(self, event: Event) {
        let Some(effects) = self.state.try_update_value(|s| sync::update(s, event)) else {
            return; // The app is gone.
        };
        for effect in effects {
            if let Some(answer) = self.execute(effect) {
                self.dispatch(answer);
            }
        }
        self.publish();
    }

    fn execute(self, effect: sync::Effect) -> Option<Event> {
        use sync::Effect as Do;
        match effect {
            Do::SaveSoon => {
                // Typing is saved right after the frame that shows it, in a task of its own: the
                // keystroke's task ends once the form and the preview show it, and the page is
                // painted before the draft is serialised and written (a few milliseconds for a
                // 60 KB draft). Changes until then are one save. Any other change is saved at
                // the end of its task, with the drafts list it reorders, so no list moves under
                // the next click; so is typing in a hidden page, which gets no frame. Leaving or
                // hiding the page saves at once (`flush`); a crash loses at most that frame.
                if document().hidden() || !self.editor.last_change_typed() {
                    leptos::task::spawn_local(async move { self.save_waiting() });
                } else {
                    request_animation_frame(move || {
                        super::later::next(move || self.save_waiting())
                    });
                }
                None
            }
            Do::Load { id, then } => {
                let result = storage::load(&id);
                Some(Event::Loaded { id, then, result })
            }
            Do::Write { id, snapshot, seen, then } => {
                let result = storage::save_envelope(&id, &snapshot.envelope, seen);
                Some(Event::Wrote { id, snapshot, then, result })
            }
            Do::Create { snapshot, then } => {
                let id = storage::new_id();
                let result = storage::create_envelope(&id, &snapshot.envelope);
                Some(Event::Created { id, snapshot, then, result })
            }
            Do::Trash { id, now } => {
                let result = storage::trash(&id, now);
                if matches!(result, Ok(true)) {
                    self.journal_forget(&id);
                }
                Some(Event::Trashed { id, now, result })
            }
            Do::Untrash(id) => {
                let result = storage::untrash(&id);
                Some(Event::Untrashed { id, result })
            }
            Do::Purge(ids) => {
                storage::purge(&ids);
                None
            }
            Do::Forget { id, seen } => {
                storage::forget(&id, seen);
                self.journal_forget(&id);
                None
            }
            Do::SetLastOpen(id) => {
                storage::set_last_open(&id);
                None
            }
            Do::Show(doc) => {
                self.editor.replace(*doc);
                None
            }
            Do::SetTitle(title) => {
                self.editor.edit(Edit::SetText { field: TextField::Title, value: title });
                None
            }
            Do::Refresh => Some(Event::Refreshed(storage::open_library())),
        }
    }

    /// Copies what the views show from the state into the signals (only what changed).
    fn publish(self) {
        fn set<T: PartialEq + Send + Sync + 'static>(signal: RwSignal<T>, value: T) {
            if signal.with_untracked(|v| *v != value) {
                signal.set(value);
            }
        }
        let Some(s) = self.state.try_with_value(|s| {
            (
                s.open.clone(),
                s.drafts.clone(),
                s.deleted.clone(),
                s.status(),
                s.conflict.clone(),
                s.notices.clone(),
                s.message.clone(),
            )
        }) else {
            return;
        };
        set(self.current, s.0);
        set(self.drafts, s.1);
        set(self.deleted, s.2);
        set(self.status, s.3);
        set(self.conflict, s.4);
        set(self.notices, s.5);
        set(self.message, s.6);
    }

    fn listen(self) {
        let editor = self.editor;
        Effect::watch(
            move || editor.doc.track(),
            move |_, _, _| {
                self.dispatch(Event::Changed);
                if !editor.last_change_typed() {
                    // A save of typing still waiting for its frame comes now, with this change.
                    leptos::task::spawn_local(async move { self.save_waiting() });
                }
                self.journal_changed();
            },
            false,
        );
        let handles = [
            window_event_listener_untyped("pagehide", move |_| self.flush()),
            window_event_listener_untyped("beforeunload", move |ev| {
                self.flush();
                // Only when the latest changes could not be stored: leaving would lose them.
                if self.state.with_value(State::must_ask_before_leaving) {
                    ev.prevent_default();
                    // `returnValue` too, for browsers that still ask for it.
                    let _ = js_sys::Reflect::set(
                        &ev,
                        &JsValue::from_str("returnValue"),
                        &JsValue::from_str("Your latest changes are not saved."),
                    );
                }
            }),
            window_event_listener_untyped("visibilitychange", move |_| {
                if document().hidden() {
                    self.flush();
                }
            }),
            window_event_listener_untyped("storage", move |ev| {
                if let Ok(ev) = ev.dyn_into::<web_sys::StorageEvent>() {
                    self.dispatch(Event::Remote { key: ev.key(), value: ev.new_value() });
                }
            }),
        ];
        on_cleanup(move || handles.into_iter().for_each(|h| h.remove()));
    }

    /// Stores everything unsaved now (synchronously). Called when the page is hidden or left.
    /// With a conflict pending, this tab's version is saved as a new draft, so nothing is lost.
    pub fn flush(self) {
        self.dispatch(Event::Leave(self.snapshot()));
        // A save waiting for a frame (none comes while hidden) has nothing left to write; it ends
        // now, so that the next change is saved again.
        self.save_waiting();
    }

    /// The save `Effect::SaveSoon` asked for, unless it was done already.
    fn save_waiting(self) {
        if self.state.try_with_value(State::save_queued) != Some(true) {
            return;
        }
        if let Some(snapshot) = self.editor.doc.try_with_untracked(Snapshot::of) {
            self.dispatch(Event::Save(snapshot));
        }
    }

    /// Re-reads the list from storage.
    pub fn refresh(self) {
        self.dispatch(Event::Refreshed(storage::open_library()));
    }

    /// Answers a conflict.
    pub fn resolve(self, choice: Choice) {
        self.dispatch(Event::Resolve(choice, self.snapshot()));
    }

    /// Hides notice number `n`.
    pub fn dismiss(self, n: usize) {
        self.dispatch(Event::Dismiss(n));
    }

    /// Opens draft `id`.
    pub fn open(self, id: &DraftId) {
        self.dispatch(Event::Open(id.clone(), self.snapshot()));
    }

    /// Opens a new blank draft.
    pub fn new_blank(self) {
        let _ = self.open_new(Postmortem::default(), None);
    }

    /// Opens `doc` as a NEW draft (import, template...), saved at once; the draft that was open
    /// stays in the library. `title_hint` becomes the title if the document has none.
    /// `Err` (with a message for the user) if the open draft could not be saved first.
    pub fn open_new(self, doc: Postmortem, title_hint: Option<&str>) -> Result<(), String> {
        let before = self.current.get_untracked();
        self.dispatch(Event::New {
            doc: Box::new(doc),
            title_hint: title_hint.map(str::to_owned),
            current: self.snapshot(),
        });
        self.opened(before)
    }

    /// `Ok` if another draft than `before` is open now, else why not (the session's message).
    fn opened(self, before: DraftId) -> Result<(), String> {
        if self.current.get_untracked() != before {
            Ok(())
        } else {
            Err(self
                .message
                .get_untracked()
                .unwrap_or_else(|| "The new draft could not be saved.".to_owned()))
        }
    }

    /// Renames a draft (sets its document's title; undoable when it is the open one).
    pub fn rename(self, id: &DraftId, title: &str) {
        self.dispatch(Event::Rename(id.clone(), title.to_owned()));
    }

    /// Copies a draft into a new one ("… (copy)"), without opening it.
    pub fn duplicate(self, id: &DraftId) {
        self.dispatch(Event::Duplicate(id.clone(), self.snapshot()));
    }

    /// Deletes a draft to "Recently deleted". Deleting the open draft opens the most recent
    /// other one, or a new blank draft, and says which.
    pub fn delete(self, id: &DraftId) {
        self.dispatch(Event::Delete {
            id: id.clone(),
            current: self.snapshot(),
            now: js_sys::Date::now(),
        });
    }

    /// Puts a deleted draft back and opens it.
    pub fn restore(self, id: &DraftId) {
        self.dispatch(Event::Restore(id.clone(), self.snapshot()));
    }

    /// Deletes everything in "Recently deleted" for good.
    pub fn empty_deleted(self) {
        self.dispatch(Event::EmptyDeleted);
    }
}

// ---- Share links (issue 18) -------------------------------------------------------------------
impl Session {
    /// Opens the draft a share link holds as a NEW draft (`Event::OpenShared`): the open draft
    /// is stored first and stays as it is. `Err` (a message) if nothing was opened.
    pub fn open_shared(self, doc: Postmortem) -> Result<(), String> {
        let before = self.current.get_untracked();
        self.dispatch(Event::OpenShared { doc: Box::new(doc), current: self.snapshot() });
        self.opened(before)
    }
}

// ---- The crash journal hook (issue 13, part 7) -------------------------------------------------
// localStorage reaches the disk seconds after a save; the journal (ui/journal.rs, IndexedDB with
// strict durability) holds the open draft a few hundred ms after each change. At start each entry
// is judged against storage (draft::journal::judge) and a newer copy goes to sync::update as
// Event::JournalNewer.
impl Session {
    fn start_journal(self) {
        let snapshot = move || {
            let (id, seen) = self.state.try_with_value(|s| (s.open.clone(), s.seen))?;
            let envelope = self.editor.doc.try_with_untracked(crate::draft::codec::encode)?;
            Some((id, seen, envelope))
        };
        let writer = Writer::start(snapshot, move |entries| self.recover(entries));
        self.journal.set_value(Some(writer));
    }

    fn journal_changed(self) {
        if let Some(Some(writer)) = self.journal.try_with_value(Clone::clone) {
            writer.changed();
        }
    }

    fn journal_forget(self, id: &DraftId) {
        if let Some(Some(writer)) = self.journal.try_with_value(Clone::clone) {
            writer.forget(id);
        }
    }

    /// Judges the journal's entries against storage (once, at start); returns the drafts whose
    /// entries are to be removed.
    fn recover(self, entries: Vec<journal::Entry>) -> Vec<DraftId> {
        let now = js_sys::Date::now();
        let mut forget = Vec::new();
        let mut newer = Vec::new();
        for entry in entries {
            let stored = storage::load(&entry.draft);
            let stored = match &stored {
                Ok(record) => Stored::At { revision: record.revision, doc: &record.doc },
                Err(LoadError::Missing) => Stored::Missing,
                Err(LoadError::Unreadable(_)) => Stored::Unreadable,
                Err(LoadError::Unavailable) => continue,
            };
            match journal::judge(&entry, stored, now) {
                Verdict::Keep => {}
                Verdict::Remove => forget.push(entry.draft.clone()),
                Verdict::Recover { seen } => newer.push((entry, seen.unwrap_or(0))),
            }
        }
        let latest = newer.iter().map(|(e, _)| e.written).fold(f64::MIN, f64::max);
        for (entry, seen) in newer {
            let untouched = !self.editor.can_undo() && !self.editor.can_redo();
            self.dispatch(Event::JournalNewer {
                latest: entry.written == latest,
                id: entry.draft,
                doc: Box::new(entry.doc),
                seen,
                untouched,
            });
        }
        forget
    }
}

/// Asks the browser to keep this site's storage (`navigator.storage.persist()`) and records the
/// answer. Browsers without the API leave `persisted` at `None`.
fn ask_for_persistence(persisted: RwSignal<Option<bool>>) {
    let navigator = window().navigator();
    let Ok(manager) = js_sys::Reflect::get(&navigator, &JsValue::from_str("storage")) else {
        return;
    };
    if manager.is_undefined() || manager.is_null() {
        return;
    }
    let manager: web_sys::StorageManager = manager.unchecked_into();
    let Ok(promise) = manager.persist() else { return };
    let done = Closure::once(move |granted: JsValue| {
        let _ = persisted.try_set(Some(granted.as_bool().unwrap_or(false)));
    });
    let _ = promise.then(&done);
    done.forget();
}
