//! [`Session`]: which draft is open and keeping it saved (browser only).
//!
//! - At start it reads the library (`draft::storage`), reopens the draft opened last (or the most
//!   recent, or a new blank one) and reports what could not be read.
//! - Autosave: the first change after a quiet spell is saved at once, later ones at most every
//!   [`AUTOSAVE_DELAY`]; everything unsaved is written synchronously when the page is hidden,
//!   left or closed (`visibilitychange`, `pagehide`, `beforeunload`).
//! - Every save carries the revision this tab last saw; a draft changed elsewhere is never
//!   written over: the user chooses (keep mine, take theirs, keep both). The `storage` event
//!   brings other tabs' changes in as they happen.
//! - When storage is full or unavailable, the editor keeps the document in memory and says so.

use super::download;
use super::editor::Editor;
use crate::draft::codec;
use crate::draft::library::{self, DraftId, Key, Meta, Record, Remote};
use crate::draft::storage::{self, LoadError, SaveError, Unreadable};
use crate::model::{Edit, Postmortem, TextField, apply};
use leptos::prelude::*;
use wasm_bindgen::{JsCast, JsValue, closure::Closure};

/// What the save indicator says.
#[derive(Clone, Debug, PartialEq)]
pub enum SaveStatus {
    /// Everything is saved.
    Saved,
    /// A change is waiting for the next save.
    Saving,
    /// The last save failed; the document is kept in memory.
    Failed(SaveError),
    /// Storage cannot be used at all: memory only.
    MemoryOnly,
    /// Another tab changed this draft: waiting for the user's choice.
    Conflict,
}

/// A problem to show above the editor until it is dismissed.
#[derive(Clone, Debug, PartialEq)]
pub struct Notice {
    /// What happened, in words.
    pub text: String,
    /// A stored value the user can download as it was.
    pub raw: Option<String>,
}

impl Notice {
    fn unavailable() -> Notice {
        Notice {
            text: "This browser does not let the page save drafts (storage is disabled or in private mode). You can still write, download the postmortem and download a backup.".to_owned(),
            raw: None,
        }
    }

    fn unreadable(u: &Unreadable) -> Notice {
        let where_ = match &u.kept_at {
            Some(key) => format!("Nothing was deleted: it is kept in this browser under “{key}”."),
            None => format!(
                "It could not be copied aside, so it is left untouched under “{}”; download it to keep it.",
                u.key
            ),
        };
        Notice {
            text: format!("The saved draft could not be opened: {}. {where_}", u.error),
            raw: Some(u.raw.clone()),
        }
    }
}

/// A change made elsewhere to the open draft while this tab had unsaved changes.
#[derive(Clone, Debug, PartialEq)]
pub struct Conflict {
    /// Their version, if it could be read.
    pub theirs: Option<Record>,
    /// The stored revision.
    pub revision: u64,
}

/// The user's answer to a [`Conflict`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Choice {
    /// Write this tab's version over theirs.
    KeepMine,
    /// Drop this tab's changes and show theirs.
    TakeTheirs,
    /// Save this tab's version as a new draft and leave theirs as it is.
    KeepBoth,
}

/// A deleted draft, kept until the deletion is undone or another one happens.
#[derive(Clone, Debug, PartialEq)]
pub struct Deleted {
    /// Its id.
    pub id: DraftId,
    /// Its title, for the message.
    pub title: String,
    raw: String,
}

struct State {
    /// The revision of the open draft this tab last read or wrote.
    seen: u64,
    /// The open document's envelope as last saved or loaded.
    saved: String,
    /// A save happened less than [`AUTOSAVE_DELAY`] ago.
    /// A save is queued for the end of the current task.
    queued: bool,
    /// The document changed since it was last saved.
    unsaved: bool,
}

/// The open draft and the library around it. Provided as a context by the app.
#[derive(Clone, Copy)]
pub struct Session {
    editor: Editor,
    /// The open draft.
    pub current: RwSignal<DraftId>,
    /// The drafts in storage, most recently edited first.
    pub drafts: RwSignal<Vec<Meta>>,
    /// What the save indicator says.
    pub status: RwSignal<SaveStatus>,
    /// A change made elsewhere, waiting for the user's choice.
    pub conflict: RwSignal<Option<Conflict>>,
    /// Problems found (unreadable values, storage unavailable).
    pub notices: RwSignal<Vec<Notice>>,
    /// The last deleted draft, for Undo.
    pub deleted: RwSignal<Option<Deleted>>,
    /// The answer to `navigator.storage.persist()`, once known.
    pub persisted: RwSignal<Option<bool>>,
    /// The outcome of the last library action (import, duplicate...), for the drafts panel.
    pub message: RwSignal<Option<String>>,
    state: StoredValue<State>,
}

impl Session {
    /// Opens the session: reads storage, creates the [`Editor`] with the draft to open, and
    /// starts autosaving and listening to other tabs. Call once, inside the app component.
    pub fn start() -> Session {
        let mut notices = Vec::new();
        let mut drafts = Vec::new();
        let mut status = SaveStatus::Saved;
        let mut opened: Option<(DraftId, Record)> = None;
        match storage::open_library() {
            Err(_) => {
                notices.push(Notice::unavailable());
                status = SaveStatus::MemoryOnly;
            }
            Ok(lib) => {
                notices.extend(
                    lib.unreadable
                        .iter()
                        .filter(|u| u.new || u.kept_at.is_none())
                        .map(Notice::unreadable),
                );
                if let Some(id) = library::draft_to_open(&lib.drafts, lib.last_open.as_ref()) {
                    match storage::load(&id) {
                        Ok(record) => opened = Some((id, record)),
                        Err(LoadError::Unreadable(u)) => notices.push(Notice::unreadable(&u)),
                        Err(_) => {}
                    }
                }
                drafts = lib.drafts;
            }
        }
        let (id, record) = match opened {
            Some(found) => found,
            None => {
                let id = storage::new_id();
                let doc = Postmortem::default();
                let mut record = Record { revision: 0, updated: js_sys::Date::now(), doc };
                if status != SaveStatus::MemoryOnly {
                    match storage::save(&id, &record.doc, 0) {
                        Ok((revision, updated)) => {
                            record.revision = revision;
                            record.updated = updated;
                            drafts.insert(0, Meta::of(id.clone(), &record));
                        }
                        Err(e) => status = SaveStatus::Failed(e),
                    }
                }
                (id, record)
            }
        };
        storage::set_last_open(&id);
        let state = State {
            seen: record.revision,
            saved: codec::encode(&record.doc),
            queued: false,
            unsaved: false,
        };
        let session = Session {
            editor: Editor::new(record.doc),
            current: RwSignal::new(id),
            drafts: RwSignal::new(drafts),
            status: RwSignal::new(status),
            conflict: RwSignal::new(None),
            notices: RwSignal::new(notices),
            deleted: RwSignal::new(None),
            persisted: RwSignal::new(None),
            message: RwSignal::new(None),
            state: StoredValue::new(state),
        };
        session.listen();
        ask_for_persistence(session.persisted);
        super::offline::register_service_worker();
        session
    }

    /// The editor of the open draft.
    pub fn editor(self) -> Editor {
        self.editor
    }

    fn listen(self) {
        let editor = self.editor;
        Effect::watch(move || editor.doc.track(), move |_, _, _| self.changed(), false);
        let handles = [
            window_event_listener_untyped("pagehide", move |_| self.flush()),
            window_event_listener_untyped("beforeunload", move |_| self.flush()),
            window_event_listener_untyped("visibilitychange", move |_| {
                if document().hidden() {
                    self.flush();
                }
            }),
            window_event_listener_untyped("storage", move |ev| {
                if let Ok(ev) = ev.dyn_into::<web_sys::StorageEvent>() {
                    self.on_storage(&ev);
                }
            }),
        ];
        on_cleanup(move || handles.into_iter().for_each(|h| h.remove()));
    }

    fn memory_only(self) -> bool {
        self.status.get_untracked() == SaveStatus::MemoryOnly
    }

    /// The document changed: save it as soon as the current task is over (a microtask), so a
    /// burst of changes in one task is one save, and no keystroke waits on a timer that a
    /// closing browser might never run. A save of a 200-entry draft takes about a millisecond.
    fn changed(self) {
        let _ = self.state.try_update_value(|s| s.unsaved = true);
        if self.memory_only() || self.conflict.with_untracked(Option::is_some) {
            return;
        }
        if self.state.try_update_value(|s| std::mem::replace(&mut s.queued, true)).unwrap_or(true) {
            return;
        }
        leptos::task::spawn_local(async move {
            let Some(unsaved) = self.state.try_update_value(|s| {
                s.queued = false;
                s.unsaved
            }) else {
                return;
            };
            if unsaved && !self.memory_only() && self.conflict.with_untracked(Option::is_none) {
                self.save_now();
            }
        });
    }

    /// Writes everything unsaved now (synchronously). Called when the page is hidden or left.
    /// With a conflict pending, this tab's version is saved as a new draft, so nothing is lost.
    pub fn flush(self) {
        if self.memory_only() {
            return;
        }
        if self.conflict.with_untracked(Option::is_some) {
            if self.state.with_value(|s| s.unsaved) {
                self.resolve(Choice::KeepBoth);
            }
            return;
        }
        self.save_now();
    }

    fn save_now(self) {
        let envelope = self.editor.doc.with_untracked(codec::encode);
        let (seen, same) = self.state.with_value(|s| (s.seen, s.saved == envelope));
        if same {
            self.state.update_value(|s| s.unsaved = false);
            self.status.set(SaveStatus::Saved);
            return;
        }
        let id = self.current.get_untracked();
        match storage::save_envelope(&id, &envelope, seen) {
            Ok((revision, updated)) => {
                self.state.update_value(|s| {
                    s.seen = revision;
                    s.saved = envelope;
                    s.unsaved = false;
                });
                self.status.set(SaveStatus::Saved);
                self.editor.doc.with_untracked(|doc| {
                    let record = RecordRef { revision, updated, doc };
                    self.upsert(record.meta(id));
                });
            }
            Err(SaveError::Conflict { theirs }) => {
                let theirs_record = storage::load(&id).ok();
                self.conflict.set(Some(Conflict { theirs: theirs_record, revision: theirs }));
                self.status.set(SaveStatus::Conflict);
            }
            Err(e) => self.status.set(SaveStatus::Failed(e)),
        }
    }

    fn upsert(self, meta: Meta) {
        self.drafts.update(|list| {
            list.retain(|m| m.id != meta.id);
            list.push(meta);
            library::sort_list(list);
        });
    }

    /// Re-reads the list from storage.
    pub fn refresh(self) {
        if let Ok(lib) = storage::open_library() {
            let fresh: Vec<Notice> = lib
                .unreadable
                .iter()
                .filter(|u| u.new || u.kept_at.is_none())
                .map(Notice::unreadable)
                .collect();
            if !fresh.is_empty() {
                self.notices.update(|n| n.extend(fresh));
            }
            self.drafts.set(lib.drafts);
        }
    }

    fn on_storage(self, ev: &web_sys::StorageEvent) {
        let Some(key) = ev.key() else {
            self.refresh(); // localStorage.clear() elsewhere
            return;
        };
        let Key::Draft(id) = library::classify_key(&key) else { return };
        let new_value = ev.new_value();
        if id != self.current.get_untracked() {
            match new_value.as_deref().map(library::decode_record) {
                Some(Ok(record)) => self.upsert(Meta::of(id, &record)),
                Some(Err(_)) => {}
                None => self.drafts.update(|l| l.retain(|m| m.id != id)),
            }
            return;
        }
        let theirs = new_value.as_deref().and_then(library::peek_revision);
        let (seen, unsaved) = self.state.with_value(|s| (s.seen, s.unsaved));
        match library::on_remote(seen, unsaved, theirs) {
            Remote::Ignore => {}
            Remote::Adopt => {
                if let Some(Ok(record)) = new_value.as_deref().map(library::decode_record) {
                    self.upsert(Meta::of(id, &record));
                    self.show(record);
                }
            }
            Remote::Conflict => {
                let record = new_value.as_deref().and_then(|v| library::decode_record(v).ok());
                self.conflict.set(Some(Conflict { theirs: record, revision: theirs.unwrap_or(0) }));
                self.status.set(SaveStatus::Conflict);
            }
        }
    }

    /// Shows `record` as the open draft's content (history cleared).
    fn show(self, record: Record) {
        self.state.update_value(|s| {
            s.seen = record.revision;
            s.saved = codec::encode(&record.doc);
            s.unsaved = false;
        });
        self.conflict.set(None);
        self.status.set(SaveStatus::Saved);
        self.editor.replace(record.doc);
    }

    /// Answers a conflict.
    pub fn resolve(self, choice: Choice) {
        let Some(conflict) = self.conflict.get_untracked() else { return };
        match choice {
            Choice::KeepMine => {
                self.state.update_value(|s| s.seen = conflict.revision);
                self.conflict.set(None);
                self.save_now();
            }
            Choice::TakeTheirs => match conflict.theirs {
                Some(record) => self.show(record),
                None => {
                    // Theirs cannot be read: keeping mine is the only way not to lose work.
                    self.resolve(Choice::KeepBoth);
                }
            },
            Choice::KeepBoth => {
                let doc = self.editor.doc.get_untracked();
                let id = storage::new_id();
                match storage::create(&id, &doc) {
                    Ok((revision, _)) => {
                        let envelope = codec::encode(&doc);
                        self.state.update_value(|s| {
                            s.seen = revision;
                            s.saved = envelope;
                            s.unsaved = false;
                        });
                        self.current.set(id.clone());
                        storage::set_last_open(&id);
                        self.conflict.set(None);
                        self.status.set(SaveStatus::Saved);
                        self.refresh();
                        self.message.set(Some(
                            "Your version was saved as a new draft; the other tab's version is kept too.".to_owned(),
                        ));
                    }
                    Err(e) => self.status.set(SaveStatus::Failed(e)),
                }
            }
        }
    }

    /// Saves what is open and says whether it is safe to show another draft.
    fn leave(self) -> bool {
        if self.memory_only() {
            self.message.set(Some(
                "Drafts cannot be saved in this browser: download the open one first.".to_owned(),
            ));
            return false;
        }
        self.flush();
        let safe =
            !self.state.with_value(|s| s.unsaved) && self.conflict.with_untracked(Option::is_none);
        if !safe {
            self.message.set(Some(
                "The open draft could not be saved, so it stays open: download a backup first."
                    .to_owned(),
            ));
        }
        safe
    }

    /// Opens draft `id`.
    pub fn open(self, id: &DraftId) {
        if *id == self.current.get_untracked() || !self.leave() {
            return;
        }
        match storage::load(id) {
            Ok(record) => self.switch_to(id.clone(), record),
            Err(LoadError::Unreadable(u)) => {
                self.notices.update(|n| n.push(Notice::unreadable(&u)));
                self.refresh();
            }
            Err(_) => {
                self.message.set(Some("That draft is no longer there.".to_owned()));
                self.refresh();
            }
        }
    }

    fn switch_to(self, id: DraftId, record: Record) {
        storage::set_last_open(&id);
        self.current.set(id);
        self.show(record);
    }

    /// Opens a new blank draft.
    pub fn new_blank(self) {
        let _ = self.open_new(Postmortem::default(), None);
    }

    /// Opens `doc` as a NEW draft (import, template...), saved at once; the draft that was open
    /// stays in the library. `title_hint` becomes the title if the document has none.
    /// `Err` (with a message for the user) if the open draft could not be saved first.
    pub fn open_new(self, mut doc: Postmortem, title_hint: Option<&str>) -> Result<(), String> {
        if !self.leave() {
            return Err(self.message.get_untracked().unwrap_or_default());
        }
        if let Some(hint) =
            title_hint.filter(|h| !h.trim().is_empty() && doc.title.trim().is_empty())
        {
            apply(
                &mut doc,
                Edit::SetText { field: TextField::Title, value: hint.trim().to_owned() },
            );
        }
        let id = storage::new_id();
        let (revision, updated) = storage::create(&id, &doc).map_err(|e| {
            let text = format!("The new draft could not be saved: {e}.");
            self.message.set(Some(text.clone()));
            text
        })?;
        let record = Record { revision, updated, doc };
        self.upsert(Meta::of(id.clone(), &record));
        self.switch_to(id, record);
        Ok(())
    }

    /// Renames a draft (sets its document's title; undoable when it is the open one).
    pub fn rename(self, id: &DraftId, title: &str) {
        let edit = Edit::SetText { field: TextField::Title, value: title.to_owned() };
        if *id == self.current.get_untracked() {
            self.editor.edit(edit);
            self.flush();
            return;
        }
        match storage::load(id) {
            Ok(mut record) => {
                apply(&mut record.doc, edit);
                match storage::save(id, &record.doc, record.revision) {
                    Ok((revision, updated)) => {
                        self.upsert(Meta::of(id.clone(), &Record { revision, updated, ..record }));
                    }
                    Err(e) => self.message.set(Some(format!("Not renamed: {e}."))),
                }
            }
            Err(_) => self.refresh(),
        }
    }

    /// Copies a draft into a new one ("… (copy)"), without opening it.
    pub fn duplicate(self, id: &DraftId) {
        let doc = if *id == self.current.get_untracked() {
            Some(self.editor.doc.get_untracked())
        } else {
            storage::load(id).ok().map(|r| r.doc)
        };
        let Some(mut doc) = doc else { return self.refresh() };
        let title = format!("{} (copy)", library::display_title(&doc.title));
        apply(&mut doc, Edit::SetText { field: TextField::Title, value: title });
        let copy = storage::new_id();
        match storage::create(&copy, &doc) {
            Ok((revision, updated)) => {
                self.upsert(Meta::of(copy, &Record { revision, updated, doc }));
                self.message.set(None);
            }
            Err(e) => self.message.set(Some(format!("Not duplicated: {e}."))),
        }
    }

    /// Deletes a draft (undo with [`Session::undo_delete`]). Deleting the open draft opens the
    /// most recent other one, or a new blank draft.
    pub fn delete(self, id: &DraftId) {
        let is_open = *id == self.current.get_untracked();
        if is_open && !self.leave() {
            return;
        }
        let title = self
            .drafts
            .with_untracked(|l| {
                l.iter().find(|m| m.id == *id).map(|m| m.display_title().to_owned())
            })
            .unwrap_or_else(|| "Untitled draft".to_owned());
        match storage::remove(id) {
            Ok(Some(raw)) => {
                self.deleted.set(Some(Deleted { id: id.clone(), title, raw }));
                self.drafts.update(|l| l.retain(|m| m.id != *id));
                self.message.set(None);
            }
            Ok(None) => self.drafts.update(|l| l.retain(|m| m.id != *id)),
            Err(e) => return self.message.set(Some(format!("Not deleted: {e}."))),
        }
        if is_open {
            let next = self.drafts.with_untracked(|l| l.first().map(|m| m.id.clone()));
            let record = next.as_ref().and_then(|n| storage::load(n).ok());
            match (next, record) {
                (Some(next), Some(record)) => self.switch_to(next, record),
                _ => {
                    // Nothing else to show: a new blank draft (the deleted one is gone from
                    // storage, so there is nothing to save first).
                    self.state.update_value(|s| s.unsaved = false);
                    let id = storage::new_id();
                    let doc = Postmortem::default();
                    let record = match storage::create(&id, &doc) {
                        Ok((revision, updated)) => Record { revision, updated, doc },
                        Err(_) => Record { revision: 0, updated: js_sys::Date::now(), doc },
                    };
                    self.upsert(Meta::of(id.clone(), &record));
                    self.switch_to(id, record);
                }
            }
        }
    }

    /// Puts back the last deleted draft.
    pub fn undo_delete(self) {
        let Some(deleted) = self.deleted.get_untracked() else { return };
        match storage::restore(&deleted.id, &deleted.raw) {
            Ok(()) => {
                self.deleted.set(None);
                self.refresh();
            }
            Err(e) => self.message.set(Some(format!("Could not restore it: {e}."))),
        }
    }

    /// Every draft as one backup file (the open one as it is now, saved or not).
    pub fn backup_text(self) -> String {
        let current = self.current.get_untracked();
        let mut records: Vec<(DraftId, Record)> =
            storage::all_records().into_iter().filter(|(id, _)| *id != current).collect();
        let seen = self.state.with_value(|s| s.seen);
        let open = Record {
            revision: seen,
            updated: js_sys::Date::now(),
            doc: self.editor.doc.get_untracked(),
        };
        records.insert(0, (current, open));
        library::encode_backup(&records, js_sys::Date::now())
    }

    /// Downloads [`Session::backup_text`].
    pub fn download_backup(self) {
        let date: String =
            String::from(js_sys::Date::new_0().to_iso_string()).chars().take(10).collect();
        download::save_text(
            &format!("postmortem-drafts-{date}.json"),
            "application/json",
            &self.backup_text(),
        );
    }

    /// Imports a backup file (or a single draft): adds its drafts, never replaces one.
    /// Returns the report shown to the user.
    pub fn import_backup(self, text: &str) -> String {
        let report = match library::decode_backup(text) {
            Err(e) => format!("Nothing was imported: {e}."),
            Ok(backup) => {
                self.flush();
                let mut existing: Vec<(DraftId, Postmortem)> =
                    storage::all_records().into_iter().map(|(id, r)| (id, r.doc)).collect();
                let current = self.current.get_untracked();
                existing.retain(|(id, _)| *id != current);
                existing.push((current, self.editor.doc.get_untracked()));
                let plan = library::plan_import(&existing, backup.drafts, storage::new_id);
                let mut added = 0;
                let mut failed = Vec::new();
                for (id, record) in &plan.writes {
                    match storage::create(id, &record.doc) {
                        Ok(_) => added += 1,
                        Err(e) => failed.push(e.to_string()),
                    }
                }
                self.refresh();
                let mut parts = vec![format!("Imported {added} draft{}", plural(added))];
                if plan.unchanged > 0 {
                    parts.push(format!("{} already here", plan.unchanged));
                }
                if plan.copies > 0 {
                    parts.push(format!(
                        "{} added as a copy because a different draft has its id",
                        plan.copies
                    ));
                }
                let mut report = parts.join("; ") + ".";
                for w in backup.warnings.iter().chain(failed.iter()) {
                    report.push_str(&format!(" {w}."));
                }
                report
            }
        };
        self.message.set(Some(report.clone()));
        report
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// A record borrowed from the editor, to build a list line without cloning the document.
struct RecordRef<'a> {
    revision: u64,
    updated: f64,
    doc: &'a Postmortem,
}

impl RecordRef<'_> {
    fn meta(&self, id: DraftId) -> Meta {
        Meta {
            id,
            title: self.doc.title.clone(),
            status: self.doc.status,
            updated: self.updated,
            revision: self.revision,
        }
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
                SaveStatus::Saving => "Saving…".to_owned(),
                SaveStatus::Failed(e) => format!("Not saved: {e}. Download the file to keep your work."),
                SaveStatus::MemoryOnly => "Not saving in this browser: your work is only in this page".to_owned(),
                SaveStatus::Conflict => "Not saved: changed in another tab".to_owned(),
            }}
        </p>
        <Show when=failing>
            <button type="button" on:click=move |_| session.download_backup()>"Download backup"</button>
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
                let dismiss = move |_| {
                    session.notices.update(|list| {
                        if n < list.len() {
                            list.remove(n);
                        }
                    })
                };
                view! {
                    <div class="notice" role="alert">
                        <p>{notice.text}</p>
                        {download}
                        " "
                        <button type="button" class="subtle" on:click=dismiss>"Dismiss"</button>
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
