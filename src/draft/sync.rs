//! The session as a state machine: every decision about saving, syncing with other tabs,
//! conflicts, opening, creating, renaming, duplicating, deleting and restoring drafts.
//!
//! Pure, in the Elm style: one [`State`], one [`Event`] enum, one [`update`] that changes the
//! state and returns the [`Effect`]s the shell (`ui/session.rs`) must carry out: write this
//! record, load that one, show this document... An effect that reads or writes storage is
//! answered by an event carrying its result (`Effect::Write` → `Event::Wrote`), and the shell
//! feeds that event back to `update` before it carries out the next effect. What to do once a
//! write or a load is done travels with the effect ([`AfterWrite`], [`AfterLoad`],
//! [`AfterCreate`]), so the state never holds a half-done operation.
//!
//! The rules:
//! - Every change is saved soon ([`Effect::SaveSoon`]: typing right after the frame that shows
//!   it, any other change at the end of its task), and at once when the page is hidden or left
//!   ([`Event::Leave`]).
//! - No save writes over a revision this tab has not seen (`library::check_write`); a change
//!   made elsewhere is adopted when nothing here is unsaved, else the user chooses
//!   ([`Choice`]). The conflict is held in one place, [`State::conflict`].
//! - Another draft is shown only once the open one is stored; if it cannot be, it stays open.
//! - A deleted draft goes to "Recently deleted", kept [`KEEP_DELETED_DAYS`] days (at most
//!   [`KEEP_DELETED_MAX`] drafts), until it is restored or the list is emptied.
//! - [`State::unsaved`] is true exactly when the latest changes are not stored: the shell asks
//!   before the page is left only then.

use super::codec;
use super::library::{
    self, Deleted, DraftId, Key, Library, LoadError, Meta, Record, Remote, SaveError, Unreadable,
};
use crate::model::review::has_writing;
use crate::model::{Edit, Postmortem, Status, TextField, apply};

/// How long a deleted draft stays in "Recently deleted".
pub const KEEP_DELETED_DAYS: f64 = 30.0;
/// How many deleted drafts "Recently deleted" keeps at most (the most recent ones).
pub const KEEP_DELETED_MAX: usize = 50;
const DAY_MS: f64 = 86_400_000.0;

/// What the save indicator says.
#[derive(Clone, Debug, PartialEq)]
pub enum SaveStatus {
    /// Everything is saved, or about to be at the end of the current task.
    Saved,
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
    /// Storage cannot be used.
    pub fn unavailable() -> Notice {
        Notice {
            text: "This browser does not let the page save drafts (storage is disabled or in private mode). You can still write, download the postmortem and download a backup.".to_owned(),
            raw: None,
        }
    }

    /// A stored value could not be read.
    pub fn unreadable(u: &Unreadable) -> Notice {
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
    /// Their version, once read (`None` also when it cannot be read).
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

/// The open document as it is now, encoded once (`codec::encode`), with what the list shows.
#[derive(Clone, Debug, PartialEq)]
pub struct Snapshot {
    /// `codec::encode(doc)`.
    pub envelope: String,
    /// The document's title.
    pub title: String,
    /// The document's status.
    pub status: Status,
}

impl Snapshot {
    /// The snapshot of `doc`.
    pub fn of(doc: &Postmortem) -> Snapshot {
        Snapshot { envelope: codec::encode(doc), title: doc.title.clone(), status: doc.status }
    }

    fn meta(&self, id: DraftId, revision: u64, updated: f64) -> Meta {
        Meta { id, title: self.title.clone(), status: self.status, updated, revision }
    }
}

/// The session.
#[derive(Clone, Debug, PartialEq)]
pub struct State {
    /// The open draft.
    pub open: DraftId,
    /// Storage cannot be used: the open draft lives in this page only.
    pub memory_only: bool,
    /// The revision of the open draft this tab last read or wrote.
    pub seen: u64,
    /// The open draft's envelope as last stored or loaded.
    saved: String,
    /// The latest changes are not stored.
    pub unsaved: bool,
    /// A save is scheduled for the end of the current task.
    queued: bool,
    /// Why the last save of the open draft failed, until one succeeds.
    pub failure: Option<SaveError>,
    /// A change made elsewhere, waiting for the user's choice. The one place a conflict is held.
    pub conflict: Option<Conflict>,
    /// The drafts in storage, most recently edited first.
    pub drafts: Vec<Meta>,
    /// "Recently deleted", most recently deleted first.
    pub deleted: Vec<Deleted>,
    /// Problems to show until dismissed (unreadable values, storage unavailable).
    pub notices: Vec<Notice>,
    /// The outcome of the last action on the library, for the drafts panel.
    pub message: Option<String>,
}

/// Something that happened: the user did something, the page is being left, another tab wrote,
/// or the shell reports the result of an [`Effect`].
#[derive(Clone, Debug, PartialEq)]
pub enum Event {
    /// The page started; `library` is what storage holds (`Err`: storage cannot be used).
    Started {
        /// What storage holds.
        library: Result<Library, SaveError>,
        /// Now (ms since 1970), for "Recently deleted".
        now: f64,
    },
    /// The open document changed (an edit, undo or redo).
    Changed,
    /// The save a change asked for ([`Effect::SaveSoon`]): the document as it is now.
    Save(Snapshot),
    /// The page is being hidden, left or closed: store everything now.
    Leave(Snapshot),
    /// Another tab changed a key (`storage` event); `key: None` means storage was cleared.
    Remote {
        /// The key that changed.
        key: Option<String>,
        /// Its new value (`None`: removed).
        value: Option<String>,
    },
    /// The library as read again ([`Effect::Refresh`]).
    Refreshed(Result<Library, SaveError>),
    /// The user's answer to the conflict; `current` is the open document.
    Resolve(Choice, Snapshot),
    /// Open draft `id`; `current` is the open document.
    Open(DraftId, Snapshot),
    /// Open `doc` as a new draft (blank, template, import); `title_hint` becomes its title if
    /// it has none.
    New {
        /// The new document.
        doc: Box<Postmortem>,
        /// A title for a document without one (a file name).
        title_hint: Option<String>,
        /// The open document.
        current: Snapshot,
    },
    /// Open the draft a share link holds (`draft::share`): always as a NEW draft, once the open
    /// one is stored; no draft is ever written over by a link. `current` is the open document.
    OpenShared {
        /// The shared document.
        doc: Box<Postmortem>,
        /// The open document.
        current: Snapshot,
    },
    /// Give draft `id` this title.
    Rename(DraftId, String),
    /// Copy draft `id` into a new one, without opening it.
    Duplicate(DraftId, Snapshot),
    /// Delete draft `id` (to "Recently deleted").
    Delete {
        /// The draft.
        id: DraftId,
        /// The open document.
        current: Snapshot,
        /// Now (ms since 1970).
        now: f64,
    },
    /// Put a deleted draft back, and open it.
    Restore(DraftId, Snapshot),
    /// Delete everything in "Recently deleted" for good.
    EmptyDeleted,
    /// Hide notice number `n`.
    Dismiss(usize),
    /// Say this in the drafts panel (the outcome of an action done outside the session, such
    /// as importing a backup).
    Say(String),
    /// The crash journal holds a newer copy of draft `id` than storage (`draft::journal::judge`
    /// said so at start): `seen` is the stored revision it is written over (0: none stored).
    JournalNewer {
        /// The draft.
        id: DraftId,
        /// The journal's copy.
        doc: Box<Postmortem>,
        /// The stored revision to write over.
        seen: u64,
        /// This tab has not changed the open draft since it started.
        untouched: bool,
        /// It is the most recently written of the copies being recovered.
        latest: bool,
    },
    /// The answer to [`Effect::Load`].
    Loaded {
        /// The draft.
        id: DraftId,
        /// Why it was loaded.
        then: AfterLoad,
        /// The record, or why it could not be read.
        result: Result<Record, LoadError>,
    },
    /// The answer to [`Effect::Write`]: the new revision and time, or why not.
    Wrote {
        /// The draft.
        id: DraftId,
        /// What was written.
        snapshot: Snapshot,
        /// Why it was written.
        then: AfterWrite,
        /// `(revision, updated)`.
        result: Result<(u64, f64), SaveError>,
    },
    /// The answer to [`Effect::Create`]: the new draft's id, revision and time, or why not.
    Created {
        /// The id the shell chose (never one in use).
        id: DraftId,
        /// What was written.
        snapshot: Snapshot,
        /// Why it was created.
        then: AfterCreate,
        /// `(revision, updated)`.
        result: Result<(u64, f64), SaveError>,
    },
    /// The answer to [`Effect::Trash`]: `Ok(false)` if there was no such draft.
    Trashed {
        /// The draft.
        id: DraftId,
        /// When (ms since 1970).
        now: f64,
        /// Whether it was moved.
        result: Result<bool, SaveError>,
    },
    /// The answer to [`Effect::Untrash`]: the restored record.
    Untrashed {
        /// The draft.
        id: DraftId,
        /// The record as it was stored.
        result: Result<Record, SaveError>,
    },
}

/// What the shell must do.
#[derive(Clone, Debug, PartialEq)]
pub enum Effect {
    /// Soon (the shell: right after the next frame is painted for typing in a visible page, else
    /// at the end of the current task), send [`Event::Save`] with the document as it is then.
    SaveSoon,
    /// Read draft `id`; answer [`Event::Loaded`].
    Load {
        /// The draft.
        id: DraftId,
        /// Passed back.
        then: AfterLoad,
    },
    /// Write `snapshot` as draft `id` if its stored revision is `seen` (`storage::save_envelope`);
    /// answer [`Event::Wrote`].
    Write {
        /// The draft.
        id: DraftId,
        /// What to write.
        snapshot: Snapshot,
        /// The revision this tab last saw.
        seen: u64,
        /// Passed back.
        then: AfterWrite,
    },
    /// Write `snapshot` as a new draft under a fresh id; answer [`Event::Created`].
    Create {
        /// What to write.
        snapshot: Snapshot,
        /// Passed back.
        then: AfterCreate,
    },
    /// Move draft `id` to "Recently deleted"; answer [`Event::Trashed`].
    Trash {
        /// The draft.
        id: DraftId,
        /// Now.
        now: f64,
    },
    /// Put deleted draft `id` back; answer [`Event::Untrashed`].
    Untrash(DraftId),
    /// Remove these drafts from "Recently deleted" for good.
    Purge(Vec<DraftId>),
    /// Remove draft `id` for good if it is still at revision `seen`: a blank draft (no word in
    /// it) that a shared or imported draft took the place of.
    Forget {
        /// The draft.
        id: DraftId,
        /// The revision this tab knows blank.
        seen: u64,
    },
    /// Record `id` as the draft to reopen next time.
    SetLastOpen(DraftId),
    /// Show this document in the editor (its undo history starts afresh).
    Show(Box<Postmortem>),
    /// Set the open document's title, as an undoable edit.
    SetTitle(String),
    /// Read the library again; answer [`Event::Refreshed`].
    Refresh,
}

/// What to do once the open draft is stored (the user asked to leave it).
#[derive(Clone, Debug, PartialEq)]
pub enum Next {
    /// Nothing: an autosave.
    Stay,
    /// Open draft `id`.
    Open(DraftId),
    /// Open this new document.
    New(Box<Postmortem>),
    /// Delete draft `id` (the open one).
    Delete(DraftId, f64),
    /// Restore draft `id` and open it.
    Restore(DraftId),
}

/// Why a draft was loaded.
#[derive(Clone, Debug, PartialEq)]
pub enum AfterLoad {
    /// The draft to open at start.
    Start,
    /// The user opens it.
    Open,
    /// It opens because the open draft, titled so, was deleted.
    Instead(String),
    /// Rename it (not the open draft).
    Rename(String),
    /// Copy it (not the open draft).
    Duplicate,
    /// Their version of the open draft, for the conflict prompt.
    Theirs,
}

/// Why a draft was written.
#[derive(Clone, Debug, PartialEq)]
pub enum AfterWrite {
    /// The open draft was saved; then do this.
    Open(Next),
    /// Another draft was renamed.
    Renamed,
    /// A copy from the crash journal (titled so) was saved as its draft; then open it or not.
    Recovered {
        /// The document's title.
        title: String,
        /// Open it once saved.
        open: bool,
    },
}

/// Why a draft was created.
#[derive(Clone, Debug, PartialEq)]
pub enum AfterCreate {
    /// Open it (a new draft).
    Open(Box<Postmortem>),
    /// This tab's version of a conflicting draft, which stays open as the new draft; then do
    /// this.
    KeepBoth(Next),
    /// Open it in the place of the blank draft `blank`, which is then forgotten.
    Replace {
        /// The document.
        doc: Box<Postmortem>,
        /// The blank draft that was open.
        blank: DraftId,
        /// Its revision this tab last read or wrote.
        seen: u64,
    },
    /// A copy: list it.
    Copy,
    /// A blank draft that opens because the open draft, titled so, was deleted.
    Instead(String),
    /// A copy from the crash journal of the open draft, titled so, which this tab had already
    /// changed: listed next to it.
    Recovered(String),
}

impl State {
    /// A session on a new, blank draft `id` (until [`Event::Started`] says what is stored).
    pub fn new(id: DraftId) -> State {
        State {
            open: id,
            memory_only: false,
            seen: 0,
            saved: codec::encode(&Postmortem::default()),
            unsaved: false,
            queued: false,
            failure: None,
            conflict: None,
            drafts: Vec::new(),
            deleted: Vec::new(),
            notices: Vec::new(),
            message: None,
        }
    }

    /// What the save indicator says.
    pub fn status(&self) -> SaveStatus {
        if self.memory_only {
            SaveStatus::MemoryOnly
        } else if self.conflict.is_some() {
            SaveStatus::Conflict
        } else if let Some(e) = &self.failure {
            SaveStatus::Failed(e.clone())
        } else {
            SaveStatus::Saved
        }
    }

    /// Whether leaving the page now would lose changes (after [`Event::Leave`] tried to store
    /// them): the shell asks first exactly then.
    pub fn must_ask_before_leaving(&self) -> bool {
        self.unsaved
    }

    /// Whether an [`Effect::SaveSoon`] is still waiting for its [`Event::Save`]: the shell sends
    /// it then and only then, however many times it is asked to.
    pub fn save_queued(&self) -> bool {
        self.queued
    }

    fn title_of(&self, id: &DraftId) -> String {
        self.drafts
            .iter()
            .find(|m| m.id == *id)
            .map_or("Untitled draft", Meta::display_title)
            .to_owned()
    }

    fn upsert(&mut self, meta: Meta) {
        self.drafts.retain(|m| m.id != meta.id);
        self.drafts.push(meta);
        library::sort_list(&mut self.drafts);
    }

    fn say(&mut self, text: impl Into<String>) {
        self.message = Some(text.into());
    }

    /// Shows `record` as draft `id`, now the open one.
    fn open_record(&mut self, id: DraftId, record: Record) -> Vec<Effect> {
        self.upsert(Meta::of(id.clone(), &record));
        self.open = id.clone();
        self.seen = record.revision;
        self.saved = codec::encode(&record.doc);
        self.unsaved = false;
        self.failure = None;
        self.conflict = None;
        vec![Effect::SetLastOpen(id), Effect::Show(Box::new(record.doc))]
    }

    /// A new blank draft in place of the open one, titled `deleted`, which is gone.
    fn open_blank(&mut self, deleted: String) -> Vec<Effect> {
        self.say(format!("Deleted “{deleted}”; a new blank draft is open instead."));
        let snapshot = Snapshot::of(&Postmortem::default());
        vec![Effect::Create { snapshot, then: AfterCreate::Instead(deleted) }]
    }

    fn add_notices<'a>(&mut self, unreadable: impl IntoIterator<Item = &'a Unreadable>) {
        self.notices.extend(
            unreadable.into_iter().filter(|u| u.new || u.kept_at.is_none()).map(Notice::unreadable),
        );
    }

    /// Drops what "Recently deleted" no longer keeps; the effect removes it from storage.
    fn expire(&mut self, now: f64) -> Vec<Effect> {
        crate::sort::sort_by(&mut self.deleted, |a, b| {
            b.deleted.total_cmp(&a.deleted).then_with(|| a.id.cmp(&b.id))
        });
        let mut gone = Vec::new();
        let mut n = 0;
        self.deleted.retain(|d| {
            let keep = n < KEEP_DELETED_MAX && now - d.deleted <= KEEP_DELETED_DAYS * DAY_MS;
            n += usize::from(keep);
            if !keep {
                gone.push(d.id.clone());
            }
            keep
        });
        if gone.is_empty() { Vec::new() } else { vec![Effect::Purge(gone)] }
    }

    /// Stores the open draft if it changed, then does `next`. The open draft is left only once
    /// it is stored.
    fn leave(&mut self, current: Snapshot, next: Next) -> Vec<Effect> {
        if self.memory_only {
            if next != Next::Stay {
                self.say("Drafts cannot be saved in this browser: download the open one first.");
            }
            return Vec::new();
        }
        if self.conflict.is_some() {
            if self.unsaved {
                return vec![Effect::Create {
                    snapshot: current,
                    then: AfterCreate::KeepBoth(next),
                }];
            }
            self.conflict = None;
        }
        // A draft with words (shared or imported) takes the place of a blank open draft: no
        // word is lost, and no empty "Untitled draft" is left in the list.
        let next = match next {
            Next::New(doc)
                if has_writing(&doc)
                    && codec::decode(&current.envelope).is_ok_and(|open| !has_writing(&open)) =>
            {
                return vec![Effect::Create {
                    snapshot: Snapshot::of(&doc),
                    then: AfterCreate::Replace { doc, blank: self.open.clone(), seen: self.seen },
                }];
            }
            next => next,
        };
        if current.envelope == self.saved {
            self.unsaved = false;
            self.failure = None;
            return self.then(next);
        }
        vec![Effect::Write {
            id: self.open.clone(),
            snapshot: current,
            seen: self.seen,
            then: AfterWrite::Open(next),
        }]
    }

    /// What `next` asks for, once the open draft is stored.
    fn then(&mut self, next: Next) -> Vec<Effect> {
        match next {
            Next::Stay => Vec::new(),
            Next::Open(id) => vec![Effect::Load { id, then: AfterLoad::Open }],
            Next::New(doc) => {
                vec![Effect::Create { snapshot: Snapshot::of(&doc), then: AfterCreate::Open(doc) }]
            }
            Next::Delete(id, now) => vec![Effect::Trash { id, now }],
            Next::Restore(id) => vec![Effect::Untrash(id)],
        }
    }

    fn copy(&mut self, mut doc: Postmortem) -> Vec<Effect> {
        let title = format!("{} (copy)", library::display_title(&doc.title));
        apply(&mut doc, Edit::SetText { field: TextField::Title, value: title });
        vec![Effect::Create { snapshot: Snapshot::of(&doc), then: AfterCreate::Copy }]
    }
}

/// The one transition function.
pub fn update(state: &mut State, event: Event) -> Vec<Effect> {
    match event {
        Event::Started { library, now } => started(state, library, now),
        Event::Changed => {
            state.unsaved = true;
            if state.memory_only || state.conflict.is_some() || state.queued {
                return Vec::new();
            }
            state.queued = true;
            vec![Effect::SaveSoon]
        }
        Event::Save(snapshot) => {
            state.queued = false;
            if !state.unsaved || state.memory_only || state.conflict.is_some() {
                return Vec::new();
            }
            state.leave(snapshot, Next::Stay)
        }
        Event::Leave(snapshot) => {
            if state.conflict.is_some() && !state.unsaved {
                return Vec::new();
            }
            state.leave(snapshot, Next::Stay)
        }
        Event::Remote { key, value } => remote(state, key, value),
        Event::Refreshed(Ok(lib)) => {
            state.add_notices(&lib.unreadable);
            state.drafts = lib.drafts;
            state.deleted = lib.deleted;
            Vec::new()
        }
        Event::Refreshed(Err(_)) => Vec::new(),
        Event::Resolve(choice, current) => resolve(state, choice, current),
        Event::Open(id, current) => {
            if id == state.open {
                return Vec::new();
            }
            state.leave(current, Next::Open(id))
        }
        Event::New { mut doc, title_hint, current } => {
            if let Some(hint) =
                title_hint.filter(|h| !h.trim().is_empty() && doc.title.trim().is_empty())
            {
                apply(
                    &mut doc,
                    Edit::SetText { field: TextField::Title, value: hint.trim().into() },
                );
            }
            state.leave(current, Next::New(doc))
        }
        Event::OpenShared { doc, current } => state.leave(current, Next::New(doc)),
        Event::Rename(id, title) => {
            if id == state.open {
                vec![Effect::SetTitle(title)]
            } else {
                vec![Effect::Load { id, then: AfterLoad::Rename(title) }]
            }
        }
        Event::Duplicate(id, current) => {
            if id != state.open {
                return vec![Effect::Load { id, then: AfterLoad::Duplicate }];
            }
            match codec::decode(&current.envelope) {
                Ok(doc) => state.copy(doc),
                Err(e) => {
                    state.say(format!("Not duplicated: {e}."));
                    Vec::new()
                }
            }
        }
        Event::Delete { id, current, now } => {
            if state.memory_only {
                state.say("Drafts cannot be saved in this browser, so there is nothing to delete.");
                return Vec::new();
            }
            if id == state.open {
                state.leave(current, Next::Delete(id, now))
            } else {
                vec![Effect::Trash { id, now }]
            }
        }
        Event::Restore(id, current) => state.leave(current, Next::Restore(id)),
        Event::EmptyDeleted => {
            let ids: Vec<DraftId> = state.deleted.drain(..).map(|d| d.id).collect();
            state.say("Recently deleted is empty.");
            if ids.is_empty() { Vec::new() } else { vec![Effect::Purge(ids)] }
        }
        Event::Dismiss(n) => {
            if n < state.notices.len() {
                state.notices.remove(n);
            }
            Vec::new()
        }
        Event::Say(text) => {
            state.say(text);
            Vec::new()
        }
        Event::JournalNewer { id, doc, seen, untouched, latest } => {
            journal_newer(state, id, *doc, seen, untouched, latest)
        }
        Event::Loaded { id, then, result } => loaded(state, id, then, result),
        Event::Wrote { id, snapshot, then, result } => wrote(state, id, snapshot, then, result),
        Event::Created { id, snapshot, then, result } => created(state, id, snapshot, then, result),
        Event::Trashed { id, now, result } => trashed(state, id, now, result),
        Event::Untrashed { id, result } => match result {
            Ok(record) => {
                state.deleted.retain(|d| d.id != id);
                state.say(format!("Restored “{}”.", library::display_title(&record.doc.title)));
                state.open_record(id, record)
            }
            Err(e) => {
                state.say(format!("Could not restore it: {e}."));
                vec![Effect::Refresh]
            }
        },
    }
}

/// A newer copy of draft `id` from the crash journal (`draft::journal`): it never replaces
/// something newer (the write checks `seen`) and is never silent (a notice says where it is).
fn journal_newer(
    state: &mut State,
    id: DraftId,
    mut doc: Postmortem,
    seen: u64,
    untouched: bool,
    latest: bool,
) -> Vec<Effect> {
    use super::journal::{self, Placement};
    let untouched = untouched && !state.unsaved && state.conflict.is_none();
    let placement = journal::place(&id, &state.open, untouched, latest);
    let title = doc.title.clone();
    match placement {
        Placement::ReplaceOpen => {
            state.notices.push(Notice { text: journal::notice(&title, placement), raw: None });
            if state.memory_only {
                return vec![Effect::Show(Box::new(doc))];
            }
            state.seen = seen;
            let snapshot = Snapshot::of(&doc);
            let then = AfterWrite::Open(Next::Stay);
            vec![Effect::Show(Box::new(doc)), Effect::Write { id, snapshot, seen, then }]
        }
        Placement::Save | Placement::SaveAndOpen => {
            let open = placement == Placement::SaveAndOpen;
            let then = AfterWrite::Recovered { title, open };
            vec![Effect::Write { id, snapshot: Snapshot::of(&doc), seen, then }]
        }
        Placement::SaveAsCopy => {
            let value = journal::copy_title(&doc.title);
            apply(&mut doc, Edit::SetText { field: TextField::Title, value });
            vec![Effect::Create {
                snapshot: Snapshot::of(&doc),
                then: AfterCreate::Recovered(title),
            }]
        }
    }
}

fn started(state: &mut State, library: Result<Library, SaveError>, now: f64) -> Vec<Effect> {
    let lib = match library {
        Ok(lib) => lib,
        Err(_) => {
            state.memory_only = true;
            state.notices.push(Notice::unavailable());
            return Vec::new();
        }
    };
    state.add_notices(&lib.unreadable);
    state.drafts = lib.drafts;
    state.deleted = lib.deleted;
    let mut effects = state.expire(now);
    match library::draft_to_open(&state.drafts, lib.last_open.as_ref()) {
        Some(id) => effects.push(Effect::Load { id, then: AfterLoad::Start }),
        None => effects.extend(start_blank(state)),
    }
    effects
}

/// At start, with nothing to open: the blank draft `state.open` is stored as it is.
fn start_blank(state: &mut State) -> Vec<Effect> {
    let snapshot = Snapshot::of(&Postmortem::default());
    state.saved = snapshot.envelope.clone();
    vec![
        Effect::SetLastOpen(state.open.clone()),
        Effect::Write {
            id: state.open.clone(),
            snapshot,
            seen: 0,
            then: AfterWrite::Open(Next::Stay),
        },
    ]
}

fn remote(state: &mut State, key: Option<String>, value: Option<String>) -> Vec<Effect> {
    let Some(key) = key else { return vec![Effect::Refresh] };
    match library::classify_key(&key) {
        Key::Draft(id) if id != state.open => {
            match value.as_deref().map(library::decode_record) {
                Some(Ok(record)) => state.upsert(Meta::of(id, &record)),
                Some(Err(_)) => {}
                None => state.drafts.retain(|m| m.id != id),
            }
            Vec::new()
        }
        Key::Draft(id) => {
            let theirs = value.as_deref().and_then(library::peek_revision);
            let other_words = || {
                value.as_deref().map(library::decode_record).is_some_and(|r| {
                    r.is_ok_and(|record| codec::encode(&record.doc) != state.saved)
                })
            };
            // With a question open, this tab's words may be the ones storage lost: never
            // adopt over them, update the question.
            let unsaved = state.unsaved || state.conflict.is_some();
            match library::on_remote(state.seen, unsaved, theirs, other_words) {
                Remote::Ignore => Vec::new(),
                Remote::Adopt => match value.as_deref().map(library::decode_record) {
                    Some(Ok(record)) => {
                        state.upsert(Meta::of(id, &record));
                        state.seen = record.revision;
                        state.saved = codec::encode(&record.doc);
                        state.failure = None;
                        vec![Effect::Show(Box::new(record.doc))]
                    }
                    _ => Vec::new(),
                },
                Remote::Conflict => {
                    let record = value.as_deref().and_then(|v| library::decode_record(v).ok());
                    // After a collision (theirs not past what this tab saw) storage holds the
                    // later of the two: the choice is written over that one.
                    let revision = theirs.unwrap_or(0).max(state.seen);
                    state.conflict = Some(Conflict { theirs: record, revision });
                    Vec::new()
                }
            }
        }
        Key::Deleted(id) => {
            state.deleted.retain(|d| d.id != id);
            if let Some(line) = value.as_deref().and_then(|v| Deleted::read(id, v)) {
                state.deleted.insert(0, line);
            }
            Vec::new()
        }
        Key::Open | Key::Legacy | Key::Quarantine | Key::Other => Vec::new(),
    }
}

fn resolve(state: &mut State, choice: Choice, current: Snapshot) -> Vec<Effect> {
    let Some(conflict) = state.conflict.take() else { return Vec::new() };
    match (choice, conflict.theirs) {
        (Choice::KeepMine, _) => {
            state.seen = conflict.revision;
            vec![Effect::Write {
                id: state.open.clone(),
                snapshot: current,
                seen: conflict.revision,
                then: AfterWrite::Open(Next::Stay),
            }]
        }
        (Choice::TakeTheirs, Some(record)) if record.revision < conflict.revision => {
            // Their words lost a collision in storage (see `library::on_remote`): taking them
            // stores them again, over the revision storage holds.
            let id = state.open.clone();
            let snapshot = Snapshot::of(&record.doc);
            let mut effects = state.open_record(id.clone(), record);
            state.seen = conflict.revision;
            effects.push(Effect::Write {
                id,
                snapshot,
                seen: conflict.revision,
                then: AfterWrite::Open(Next::Stay),
            });
            effects
        }
        (Choice::TakeTheirs, Some(record)) => {
            let id = state.open.clone();
            state.open_record(id, record)
        }
        // Theirs cannot be read: keeping both is the only way not to lose work.
        (Choice::TakeTheirs, None) | (Choice::KeepBoth, _) => {
            state.conflict = Some(Conflict { theirs: None, revision: conflict.revision });
            vec![Effect::Create { snapshot: current, then: AfterCreate::KeepBoth(Next::Stay) }]
        }
    }
}

fn loaded(
    state: &mut State,
    id: DraftId,
    then: AfterLoad,
    result: Result<Record, LoadError>,
) -> Vec<Effect> {
    match (then, result) {
        (AfterLoad::Start, Ok(record)) => state.open_record(id, record),
        (AfterLoad::Start, Err(e)) => {
            if let LoadError::Unreadable(u) = &e {
                state.notices.push(Notice::unreadable(u));
            }
            start_blank(state)
        }
        (AfterLoad::Open, Ok(record)) => {
            state.message = None;
            state.open_record(id, record)
        }
        (AfterLoad::Open, Err(e)) => {
            match e {
                LoadError::Unreadable(u) => state.notices.push(Notice::unreadable(&u)),
                _ => state.say("That draft is no longer there."),
            }
            vec![Effect::Refresh]
        }
        (AfterLoad::Instead(_), Ok(record)) => state.open_record(id, record),
        (AfterLoad::Instead(deleted), Err(_)) => state.open_blank(deleted),
        (AfterLoad::Rename(title), Ok(mut record)) => {
            apply(&mut record.doc, Edit::SetText { field: TextField::Title, value: title });
            vec![Effect::Write {
                id,
                snapshot: Snapshot::of(&record.doc),
                seen: record.revision,
                then: AfterWrite::Renamed,
            }]
        }
        (AfterLoad::Duplicate, Ok(record)) => state.copy(record.doc),
        (AfterLoad::Rename(_) | AfterLoad::Duplicate, Err(_)) => vec![Effect::Refresh],
        (AfterLoad::Theirs, result) => {
            let open = id == state.open;
            if let Some(c) = state.conflict.as_mut().filter(|c| open && c.theirs.is_none()) {
                c.theirs = result.ok();
            }
            Vec::new()
        }
    }
}

fn wrote(
    state: &mut State,
    id: DraftId,
    snapshot: Snapshot,
    then: AfterWrite,
    result: Result<(u64, f64), SaveError>,
) -> Vec<Effect> {
    match then {
        AfterWrite::Renamed => {
            match result {
                Ok((revision, updated)) => state.upsert(snapshot.meta(id, revision, updated)),
                Err(e) => state.say(format!("Not renamed: {e}.")),
            }
            Vec::new()
        }
        AfterWrite::Recovered { title, open } => {
            use super::journal::{self, Placement};
            let saved = result.is_ok();
            let text = match result {
                Ok((revision, updated)) => {
                    state.upsert(snapshot.meta(id.clone(), revision, updated));
                    journal::notice(
                        &title,
                        if open { Placement::SaveAndOpen } else { Placement::Save },
                    )
                }
                Err(e) => journal::not_saved_notice(&title, &e.to_string()),
            };
            state.notices.push(Notice { text, raw: None });
            if open && saved && id != state.open {
                vec![Effect::Load { id, then: AfterLoad::Open }]
            } else {
                Vec::new()
            }
        }
        AfterWrite::Open(next) => {
            if id != state.open {
                return Vec::new(); // Another draft is open by now: nothing to update.
            }
            match result {
                Ok((revision, updated)) => {
                    state.upsert(snapshot.meta(id, revision, updated));
                    state.seen = revision;
                    state.saved = snapshot.envelope;
                    state.unsaved = false;
                    state.failure = None;
                    state.then(next)
                }
                Err(e) => {
                    if next != Next::Stay {
                        state.say("The open draft could not be saved, so it stays open: download a backup first.");
                    }
                    if let SaveError::Conflict { theirs } = e {
                        state.conflict = Some(Conflict { theirs: None, revision: theirs });
                        return vec![Effect::Load { id, then: AfterLoad::Theirs }];
                    }
                    state.failure = Some(e);
                    Vec::new()
                }
            }
        }
    }
}

fn created(
    state: &mut State,
    id: DraftId,
    snapshot: Snapshot,
    then: AfterCreate,
    result: Result<(u64, f64), SaveError>,
) -> Vec<Effect> {
    let (revision, updated) = match result {
        Ok(stored) => stored,
        Err(e) => {
            match then {
                AfterCreate::Open(_) | AfterCreate::Replace { .. } => {
                    state.say(format!("The new draft could not be saved: {e}."))
                }
                AfterCreate::KeepBoth(_) => {
                    state.say(format!("Your version could not be saved as a new draft: {e}."));
                    state.failure = Some(e);
                }
                AfterCreate::Copy => state.say(format!("Not duplicated: {e}.")),
                AfterCreate::Recovered(title) => state.notices.push(Notice {
                    text: super::journal::not_saved_notice(&title, &e.to_string()),
                    raw: None,
                }),
                AfterCreate::Instead(_) => {
                    // The open draft is gone and nothing could be stored: a blank page, in
                    // memory, under the deleted draft's id (its copy is in Recently deleted).
                    state.failure = Some(e);
                    return vec![Effect::Show(Box::default())];
                }
            }
            return Vec::new();
        }
    };
    match then {
        AfterCreate::Open(doc) => {
            state.message = None;
            state.open_record(id, Record { revision, updated, doc: *doc })
        }
        AfterCreate::Replace { doc, blank, seen } => {
            state.message = None;
            state.drafts.retain(|d| d.id != blank);
            let mut effects = vec![Effect::Forget { id: blank, seen }];
            effects.extend(state.open_record(id, Record { revision, updated, doc: *doc }));
            effects
        }
        AfterCreate::Instead(_) => {
            state.open_record(id, Record { revision, updated, doc: Postmortem::default() })
        }
        AfterCreate::KeepBoth(next) => {
            state.upsert(snapshot.meta(id.clone(), revision, updated));
            state.open = id.clone();
            state.seen = revision;
            state.saved = snapshot.envelope;
            state.unsaved = false;
            state.failure = None;
            state.conflict = None;
            state
                .say("Your version was saved as a new draft; the other tab's version is kept too.");
            let mut effects = vec![Effect::SetLastOpen(id), Effect::Refresh];
            effects.extend(state.then(next));
            effects
        }
        AfterCreate::Copy => {
            state.upsert(snapshot.meta(id, revision, updated));
            state.message = None;
            Vec::new()
        }
        AfterCreate::Recovered(title) => {
            state.upsert(snapshot.meta(id, revision, updated));
            let text = super::journal::notice(&title, super::journal::Placement::SaveAsCopy);
            state.notices.push(Notice { text, raw: None });
            Vec::new()
        }
    }
}

fn trashed(
    state: &mut State,
    id: DraftId,
    now: f64,
    result: Result<bool, SaveError>,
) -> Vec<Effect> {
    let title = state.title_of(&id);
    let raw_title = state.drafts.iter().find(|m| m.id == id).map(|m| m.title.clone());
    match result {
        Err(e) => {
            state.say(format!("Not deleted: {e}."));
            return Vec::new();
        }
        Ok(false) => {
            state.drafts.retain(|m| m.id != id);
            state.say("That draft is no longer there.");
        }
        Ok(true) => {
            state.drafts.retain(|m| m.id != id);
            state.deleted.retain(|d| d.id != id);
            state.deleted.insert(
                0,
                Deleted { id: id.clone(), title: raw_title.unwrap_or_default(), deleted: now },
            );
            state.say(format!("Deleted “{title}”. It is in Recently deleted."));
        }
    }
    let mut effects = state.expire(now);
    if id == state.open {
        // The open draft is gone: nothing is left to save, and another one opens.
        state.unsaved = false;
        match state.drafts.first().map(|m| (m.id.clone(), m.display_title().to_owned())) {
            Some((next, next_title)) => {
                state.say(format!("Deleted “{title}”; “{next_title}” is open instead."));
                effects.push(Effect::Load { id: next, then: AfterLoad::Instead(title) });
            }
            None => effects.extend(state.open_blank(title)),
        }
    }
    effects
}

#[cfg(test)]
mod tests {
    //! One line per transition: the state before (in the short form [`describe`] prints), the
    //! event, the effects, the state after.
    use super::*;
    use crate::draft::codec::DecodeError;

    const NOW: f64 = 100.0 * DAY_MS;

    fn id(s: &str) -> DraftId {
        DraftId::parse(s).unwrap()
    }

    fn doc(title: &str) -> Postmortem {
        let mut d = Postmortem::default();
        apply(&mut d, Edit::SetText { field: TextField::Title, value: title.into() });
        d
    }

    fn snap(title: &str) -> Snapshot {
        Snapshot::of(&doc(title))
    }

    fn rec(title: &str, revision: u64) -> Record {
        Record { revision, updated: NOW, doc: doc(title) }
    }

    fn meta(name: &str, n: usize) -> Meta {
        Meta {
            id: id(name),
            title: name.to_uppercase(),
            status: Status::Draft,
            updated: NOW - 1.0 - n as f64,
            revision: 1,
        }
    }

    /// A state from its short form: `open=a@3 doc=Title unsaved queued memory failed
    /// conflict=4[:Theirs[@3]] drafts=a,b deleted=x[:days ago],y notices=N`.
    fn state(spec: &str) -> State {
        let mut s = State::new(id("a"));
        for token in spec.split_whitespace() {
            let (k, v) = token.split_once('=').unwrap_or((token, ""));
            match k {
                "open" => {
                    let (i, seen) = v.split_once('@').unwrap();
                    s.open = id(i);
                    s.seen = seen.parse().unwrap();
                }
                "doc" => s.saved = snap(v).envelope,
                "unsaved" => s.unsaved = true,
                "queued" => s.queued = true,
                "memory" => s.memory_only = true,
                "failed" => s.failure = Some(SaveError::QuotaExceeded),
                "conflict" => {
                    let (rev, theirs) = v.split_once(':').map_or((v, None), |(r, t)| (r, Some(t)));
                    let revision = rev.parse().unwrap();
                    // `Theirs@5`: their record is of an older revision (a collision).
                    let theirs = theirs.map(|t| match t.split_once('@') {
                        Some((t, r)) => rec(t, r.parse().unwrap()),
                        None => rec(t, revision),
                    });
                    s.conflict = Some(Conflict { theirs, revision });
                }
                "drafts" => s.drafts = v.split(',').enumerate().map(|(n, d)| meta(d, n)).collect(),
                "deleted" => {
                    s.deleted = v
                        .split(',')
                        .map(|d| {
                            let (name, days) = d.split_once(':').unwrap_or((d, "1"));
                            let days: f64 = days.parse().unwrap();
                            Deleted {
                                id: id(name),
                                title: name.to_uppercase(),
                                deleted: NOW - days * DAY_MS,
                            }
                        })
                        .collect()
                }
                "notices" => {
                    s.notices = vec![Notice { text: "n".into(), raw: None }; v.parse().unwrap()]
                }
                _ => panic!("unknown token {token}"),
            }
        }
        s
    }

    fn describe(s: &State) -> String {
        let mut out = vec![format!("open={}@{}", s.open, s.seen)];
        let title = codec::decode(&s.saved).map(|d| d.title).unwrap_or_else(|e| e.to_string());
        if !title.is_empty() {
            out.push(format!("doc={title}"));
        }
        let flags = [(s.unsaved, "unsaved"), (s.queued, "queued"), (s.memory_only, "memory")];
        out.extend(flags.iter().filter(|(on, _)| *on).map(|(_, name)| (*name).to_owned()));
        if let Some(e) = &s.failure {
            out.push(if *e == SaveError::QuotaExceeded {
                "failed".into()
            } else {
                format!("failed={e}")
            });
        }
        if let Some(c) = &s.conflict {
            let theirs = c.theirs.as_ref().map(|r| format!(":{}", r.doc.title)).unwrap_or_default();
            out.push(format!("conflict={}{theirs}", c.revision));
        }
        if !s.drafts.is_empty() {
            let ids: Vec<String> =
                s.drafts.iter().map(|m| format!("{}@{}", m.id, m.revision)).collect();
            out.push(format!("drafts={}", ids.join(",")));
        }
        if !s.deleted.is_empty() {
            let ids: Vec<&str> = s.deleted.iter().map(|d| d.id.as_str()).collect();
            out.push(format!("deleted={}", ids.join(",")));
        }
        if !s.notices.is_empty() {
            out.push(format!("notices={}", s.notices.len()));
        }
        let mut line = out.join(" ");
        if let Some(m) = &s.message {
            line.push_str(&format!(" | {m}"));
        }
        line
    }

    fn next(n: &Next) -> String {
        match n {
            Next::Stay => "stay".into(),
            Next::Open(i) => format!("open {i}"),
            Next::New(d) => format!("new “{}”", d.title),
            Next::Delete(i, _) => format!("delete {i}"),
            Next::Restore(i) => format!("restore {i}"),
        }
    }

    fn effect(e: &Effect) -> String {
        match e {
            Effect::SaveSoon => "save-soon".into(),
            Effect::Load { id, then } => {
                let then = match then {
                    AfterLoad::Start => "start".into(),
                    AfterLoad::Open => "open".into(),
                    AfterLoad::Instead(t) => format!("instead of “{t}”"),
                    AfterLoad::Rename(t) => format!("rename “{t}”"),
                    AfterLoad::Duplicate => "duplicate".into(),
                    AfterLoad::Theirs => "theirs".into(),
                };
                format!("load {id} ({then})")
            }
            Effect::Write { id, snapshot, seen, then } => {
                let then = match then {
                    AfterWrite::Open(n) => next(n),
                    AfterWrite::Renamed => "renamed".into(),
                    AfterWrite::Recovered { open, .. } => format!("recovered, open={open}"),
                };
                format!("write {id}@{seen} “{}” ({then})", snapshot.title)
            }
            Effect::Create { snapshot, then } => {
                let then = match then {
                    AfterCreate::Open(_) => "open".into(),
                    AfterCreate::Replace { blank, .. } => format!("in place of {blank}"),
                    AfterCreate::KeepBoth(n) => format!("keep both, {}", next(n)),
                    AfterCreate::Copy => "copy".into(),
                    AfterCreate::Instead(t) => format!("instead of “{t}”"),
                    AfterCreate::Recovered(t) => format!("recovered from “{t}”"),
                };
                format!("create “{}” ({then})", snapshot.title)
            }
            Effect::Trash { id, .. } => format!("trash {id}"),
            Effect::Untrash(id) => format!("untrash {id}"),
            Effect::Purge(ids) => {
                format!("purge {}", ids.iter().map(DraftId::as_str).collect::<Vec<_>>().join(","))
            }
            Effect::Forget { id, seen } => format!("forget {id}@{seen}"),
            Effect::SetLastOpen(id) => format!("last-open {id}"),
            Effect::Show(d) => format!("show “{}”", d.title),
            Effect::SetTitle(t) => format!("set-title “{t}”"),
            Effect::Refresh => "refresh".into(),
        }
    }

    #[track_caller]
    fn check(before: &str, event: Event, effects: &str, after: &str) {
        let mut s = state(before);
        let got: Vec<String> = update(&mut s, event).iter().map(effect).collect();
        assert_eq!(got.join("; "), effects, "effects");
        assert_eq!(describe(&s), after, "state");
    }

    fn wrote(
        i: &str,
        title: &str,
        then: AfterWrite,
        result: Result<(u64, f64), SaveError>,
    ) -> Event {
        Event::Wrote { id: id(i), snapshot: snap(title), then, result }
    }

    fn saved_open(i: &str, title: &str, revision: u64) -> Event {
        wrote(i, title, AfterWrite::Open(Next::Stay), Ok((revision, NOW)))
    }

    fn created(
        i: &str,
        title: &str,
        then: AfterCreate,
        result: Result<(u64, f64), SaveError>,
    ) -> Event {
        Event::Created { id: id(i), snapshot: snap(title), then, result }
    }

    fn loaded(i: &str, then: AfterLoad, result: Result<Record, LoadError>) -> Event {
        Event::Loaded { id: id(i), then, result }
    }

    fn remote(key: &str, value: Option<String>) -> Event {
        Event::Remote { key: Some(key.into()), value }
    }

    fn stored(title: &str, revision: u64) -> Option<String> {
        Some(library::encode_record(&rec(title, revision)))
    }

    fn unreadable(key: &str, new: bool) -> Unreadable {
        Unreadable {
            key: key.into(),
            error: DecodeError::NotADraft,
            raw: "{}".into(),
            kept_at: Some("postmortem-editor.unreadable.1.0".into()),
            new,
        }
    }

    fn lib(drafts: &str, last_open: Option<&str>) -> Library {
        let s = state(&format!("drafts={drafts}"));
        Library { drafts: s.drafts, last_open: last_open.map(id), ..Library::default() }
    }

    const QUOTA: Result<(u64, f64), SaveError> = Err(SaveError::QuotaExceeded);

    // Start.
    #[test]
    fn start_without_storage_is_memory_only() {
        check(
            "",
            Event::Started { library: Err(SaveError::Unavailable), now: NOW },
            "",
            "open=a@0 memory notices=1",
        );
    }
    #[test]
    fn start_with_nothing_stored_stores_a_blank_draft() {
        check(
            "",
            Event::Started { library: Ok(Library::default()), now: NOW },
            "last-open a; write a@0 “” (stay)",
            "open=a@0",
        );
    }
    #[test]
    fn start_opens_the_last_draft_opened() {
        check(
            "",
            Event::Started { library: Ok(lib("b,c", Some("c"))), now: NOW },
            "load c (start)",
            "open=a@0 drafts=b@1,c@1",
        );
    }
    #[test]
    fn start_opens_what_it_loaded() {
        check(
            "",
            loaded("c", AfterLoad::Start, Ok(rec("C", 4))),
            "last-open c; show “C”",
            "open=c@4 doc=C drafts=c@4",
        );
    }
    #[test]
    fn start_announces_an_unreadable_draft_and_opens_a_blank_one() {
        let u = LoadError::Unreadable(unreadable("postmortem-editor.drafts.c", true));
        check(
            "",
            loaded("c", AfterLoad::Start, Err(u)),
            "last-open a; write a@0 “” (stay)",
            "open=a@0 notices=1",
        );
    }
    #[test]
    fn start_announces_values_kept_aside_now_not_those_kept_before() {
        let library = Library {
            unreadable: vec![unreadable("x", true), unreadable("y", false)],
            ..Library::default()
        };
        check(
            "",
            Event::Started { library: Ok(library), now: NOW },
            "last-open a; write a@0 “” (stay)",
            "open=a@0 notices=1",
        );
    }
    #[test]
    fn start_purges_deleted_drafts_older_than_30_days() {
        let s = state("deleted=x:29,y:31");
        let library = Library { deleted: s.deleted, ..Library::default() };
        check(
            "",
            Event::Started { library: Ok(library), now: NOW },
            "purge y; last-open a; write a@0 “” (stay)",
            "open=a@0 deleted=x",
        );
    }

    // Autosave.
    #[test]
    fn a_change_schedules_one_save() {
        check("open=a@1 doc=A", Event::Changed, "save-soon", "open=a@1 doc=A unsaved queued");
    }
    #[test]
    fn a_save_stays_queued_until_it_is_sent_even_past_a_leave() {
        let mut s = state("open=a@1 doc=A");
        assert!(!s.save_queued());
        update(&mut s, Event::Changed);
        assert!(s.save_queued());
        // The page hidden before the save's frame: everything is stored, the save still waits
        // (the shell sends it then, so that the next change is saved again).
        update(&mut s, Event::Leave(snap("A")));
        assert!(s.save_queued());
        assert_eq!(update(&mut s, Event::Save(snap("A"))), Vec::new());
        assert!(!s.save_queued());
        assert_eq!(update(&mut s, Event::Changed), vec![Effect::SaveSoon]);
    }
    #[test]
    fn more_changes_in_the_same_task_schedule_nothing_more() {
        check("open=a@1 doc=A unsaved queued", Event::Changed, "", "open=a@1 doc=A unsaved queued");
    }
    #[test]
    fn the_scheduled_save_writes_over_the_revision_seen() {
        check(
            "open=a@1 doc=A unsaved queued",
            Event::Save(snap("B")),
            "write a@1 “B” (stay)",
            "open=a@1 doc=A unsaved",
        );
    }
    #[test]
    fn a_save_of_what_is_stored_writes_nothing() {
        check("open=a@1 doc=A unsaved queued", Event::Save(snap("A")), "", "open=a@1 doc=A");
    }
    #[test]
    fn a_stored_save_moves_the_revision_and_the_list() {
        check("open=a@1 doc=A unsaved", saved_open("a", "B", 2), "", "open=a@2 doc=B drafts=a@2");
    }
    #[test]
    fn a_full_storage_keeps_the_change_unsaved() {
        check(
            "open=a@1 doc=A unsaved",
            wrote("a", "B", AfterWrite::Open(Next::Stay), QUOTA),
            "",
            "open=a@1 doc=A unsaved failed",
        );
    }
    #[test]
    fn after_a_failure_the_next_change_tries_again() {
        check(
            "open=a@1 doc=A unsaved failed",
            Event::Changed,
            "save-soon",
            "open=a@1 doc=A unsaved queued failed",
        );
    }
    #[test]
    fn a_save_that_works_again_clears_the_failure() {
        check(
            "open=a@1 doc=A unsaved failed",
            saved_open("a", "B", 2),
            "",
            "open=a@2 doc=B drafts=a@2",
        );
    }
    #[test]
    fn with_storage_disabled_a_change_is_only_in_memory() {
        check("open=a@0 memory", Event::Changed, "", "open=a@0 unsaved memory");
    }
    #[test]
    fn with_a_conflict_pending_a_change_waits_for_the_choice() {
        check(
            "open=a@1 doc=A unsaved conflict=2",
            Event::Changed,
            "",
            "open=a@1 doc=A unsaved conflict=2",
        );
    }
    #[test]
    fn with_a_conflict_pending_the_scheduled_save_writes_nothing() {
        check(
            "open=a@1 doc=A unsaved queued conflict=2",
            Event::Save(snap("B")),
            "",
            "open=a@1 doc=A unsaved conflict=2",
        );
    }
    #[test]
    fn a_save_for_a_draft_no_longer_open_changes_nothing() {
        check("open=b@3 doc=B", saved_open("a", "A", 2), "", "open=b@3 doc=B");
    }

    // Flush on leave, and the prompt before leaving.
    #[test]
    fn leaving_writes_at_once_even_with_a_save_scheduled() {
        check(
            "open=a@1 doc=A unsaved queued",
            Event::Leave(snap("B")),
            "write a@1 “B” (stay)",
            "open=a@1 doc=A unsaved queued",
        );
    }
    #[test]
    fn leaving_with_everything_stored_writes_nothing() {
        check("open=a@1 doc=A", Event::Leave(snap("A")), "", "open=a@1 doc=A");
    }
    #[test]
    fn leaving_with_storage_full_tries_again() {
        check(
            "open=a@1 doc=A unsaved failed",
            Event::Leave(snap("B")),
            "write a@1 “B” (stay)",
            "open=a@1 doc=A unsaved failed",
        );
    }
    #[test]
    fn leaving_with_storage_disabled_writes_nothing() {
        check("open=a@0 unsaved memory", Event::Leave(snap("B")), "", "open=a@0 unsaved memory");
    }
    #[test]
    fn leaving_with_a_conflict_keeps_both() {
        check(
            "open=a@1 doc=A unsaved conflict=2",
            Event::Leave(snap("B")),
            "create “B” (keep both, stay)",
            "open=a@1 doc=A unsaved conflict=2",
        );
    }
    #[test]
    fn the_page_asks_before_leaving_only_when_something_is_unsaved() {
        let ask = |spec: &str| state(spec).must_ask_before_leaving();
        assert!(ask("open=a@1 doc=A unsaved failed"));
        assert!(ask("open=a@0 unsaved memory"));
        assert!(ask("open=a@1 unsaved conflict=2"));
        assert!(!ask("open=a@1 doc=A"));
        assert!(!ask("open=a@0 memory"));
        assert!(!ask("open=a@1 doc=A failed"));
    }

    // Other tabs and conflicts.
    #[test]
    fn their_change_is_shown_when_nothing_here_is_unsaved() {
        check(
            "open=a@1 doc=A",
            remote("postmortem-editor.drafts.a", stored("Theirs", 2)),
            "show “Theirs”",
            "open=a@2 doc=Theirs drafts=a@2",
        );
    }
    #[test]
    fn their_change_with_unsaved_changes_here_asks() {
        check(
            "open=a@1 doc=A unsaved",
            remote("postmortem-editor.drafts.a", stored("Theirs", 2)),
            "",
            "open=a@1 doc=A unsaved conflict=2:Theirs",
        );
    }
    #[test]
    fn the_revision_this_tab_wrote_is_not_news() {
        check(
            "open=a@2 doc=A unsaved",
            remote("postmortem-editor.drafts.a", stored("A", 2)),
            "",
            "open=a@2 doc=A unsaved",
        );
    }
    #[test]
    fn the_same_revision_written_by_another_tab_with_other_words_asks() {
        // Two tabs saved revision 2 at the same moment (localStorage is not atomic across
        // tabs): one of the two writes is gone from storage, so this tab must not go on as if
        // its own were stored.
        check(
            "open=a@2 doc=A",
            remote("postmortem-editor.drafts.a", stored("B", 2)),
            "",
            "open=a@2 doc=A conflict=2:B",
        );
    }
    #[test]
    fn an_older_revision_written_by_another_tab_is_a_collision_not_news() {
        // The other tab wrote revision 5 over a stale 4 while this tab had written 5 and 6:
        // adopting it would drop what this tab typed since.
        check(
            "open=a@6 doc=A",
            remote("postmortem-editor.drafts.a", stored("B", 5)),
            "",
            "open=a@6 doc=A conflict=6:B",
        );
    }
    #[test]
    fn an_older_revision_with_the_same_words_is_an_echo() {
        check(
            "open=a@6 doc=A",
            remote("postmortem-editor.drafts.a", stored("A", 5)),
            "",
            "open=a@6 doc=A",
        );
    }
    #[test]
    fn taking_theirs_after_a_collision_stores_their_words_again() {
        check(
            "open=a@6 doc=A conflict=6:B@5",
            Event::Resolve(Choice::TakeTheirs, snap("Mine")),
            "last-open a; show “B”; write a@6 “B” (stay)",
            "open=a@6 doc=B drafts=a@5",
        );
    }
    #[test]
    fn their_next_change_while_the_question_is_open_updates_the_question() {
        // This tab's words (saved at 2) lost a collision; adopting their next revision would
        // drop them from the screen too.
        check(
            "open=a@2 doc=A conflict=2:B",
            remote("postmortem-editor.drafts.a", stored("B2", 3)),
            "",
            "open=a@2 doc=A conflict=3:B2",
        );
    }
    #[test]
    fn the_open_draft_removed_elsewhere_stays_open_here() {
        check("open=a@2 doc=A", remote("postmortem-editor.drafts.a", None), "", "open=a@2 doc=A");
    }
    #[test]
    fn a_write_refused_for_a_newer_revision_asks_and_reads_theirs() {
        check(
            "open=a@1 doc=A unsaved",
            wrote("a", "B", AfterWrite::Open(Next::Stay), Err(SaveError::Conflict { theirs: 5 })),
            "load a (theirs)",
            "open=a@1 doc=A unsaved conflict=5",
        );
    }
    #[test]
    fn their_version_read_fills_the_prompt() {
        check(
            "open=a@1 doc=A unsaved conflict=5",
            loaded("a", AfterLoad::Theirs, Ok(rec("Theirs", 5))),
            "",
            "open=a@1 doc=A unsaved conflict=5:Theirs",
        );
    }
    #[test]
    fn keep_mine_writes_over_their_revision() {
        check(
            "open=a@1 doc=A unsaved conflict=5:Theirs",
            Event::Resolve(Choice::KeepMine, snap("Mine")),
            "write a@5 “Mine” (stay)",
            "open=a@5 doc=A unsaved",
        );
    }
    #[test]
    fn take_theirs_shows_theirs() {
        check(
            "open=a@1 doc=A unsaved conflict=5:Theirs",
            Event::Resolve(Choice::TakeTheirs, snap("Mine")),
            "last-open a; show “Theirs”",
            "open=a@5 doc=Theirs drafts=a@5",
        );
    }
    #[test]
    fn take_theirs_when_theirs_cannot_be_read_keeps_both() {
        check(
            "open=a@1 doc=A unsaved conflict=5",
            Event::Resolve(Choice::TakeTheirs, snap("Mine")),
            "create “Mine” (keep both, stay)",
            "open=a@1 doc=A unsaved conflict=5",
        );
    }
    #[test]
    fn keep_both_saves_mine_as_a_new_draft() {
        check(
            "open=a@1 doc=A unsaved conflict=5:Theirs",
            Event::Resolve(Choice::KeepBoth, snap("Mine")),
            "create “Mine” (keep both, stay)",
            "open=a@1 doc=A unsaved conflict=5",
        );
    }
    #[test]
    fn keep_both_done_opens_the_new_draft() {
        check(
            "open=a@1 doc=A unsaved conflict=5",
            created("n", "Mine", AfterCreate::KeepBoth(Next::Stay), Ok((1, NOW))),
            "last-open n; refresh",
            "open=n@1 doc=Mine drafts=n@1 | Your version was saved as a new draft; the other tab's version is kept too.",
        );
    }
    #[test]
    fn keep_both_failing_keeps_the_question() {
        check(
            "open=a@1 doc=A unsaved conflict=5",
            created("n", "Mine", AfterCreate::KeepBoth(Next::Stay), QUOTA),
            "",
            "open=a@1 doc=A unsaved failed conflict=5 | Your version could not be saved as a new draft: the browser's storage for this page is full.",
        );
    }
    #[test]
    fn another_draft_changed_elsewhere_is_listed() {
        check(
            "open=a@1 drafts=a",
            remote("postmortem-editor.drafts.b", stored("B", 3)),
            "",
            "open=a@1 drafts=b@3,a@1",
        );
    }
    #[test]
    fn another_draft_removed_elsewhere_is_unlisted() {
        check(
            "open=a@1 drafts=a,b",
            remote("postmortem-editor.drafts.b", None),
            "",
            "open=a@1 drafts=a@1",
        );
    }
    #[test]
    fn an_unreadable_value_written_elsewhere_is_left_alone() {
        check(
            "open=a@1 drafts=a,b",
            remote("postmortem-editor.drafts.b", Some("{oops".into())),
            "",
            "open=a@1 drafts=a@1,b@1",
        );
        check(
            "open=a@1 doc=A",
            remote("postmortem-editor.drafts.a", Some("{oops".into())),
            "",
            "open=a@1 doc=A",
        );
    }
    #[test]
    fn a_draft_deleted_elsewhere_appears_in_recently_deleted() {
        let value = library::encode_deleted(&stored("B", 2).unwrap(), NOW);
        check(
            "open=a@1",
            remote("postmortem-editor.deleted.b", Some(value)),
            "",
            "open=a@1 deleted=b",
        );
        check(
            "open=a@1 deleted=b,c",
            remote("postmortem-editor.deleted.b", None),
            "",
            "open=a@1 deleted=c",
        );
    }
    #[test]
    fn storage_cleared_elsewhere_reads_the_library_again() {
        check("open=a@1", Event::Remote { key: None, value: None }, "refresh", "open=a@1");
    }
    #[test]
    fn keys_of_others_are_ignored() {
        check("open=a@1", remote("someone-else", Some("x".into())), "", "open=a@1");
    }
    #[test]
    fn a_refresh_lists_what_is_stored_and_announces_what_is_new_and_unreadable() {
        let library = Library { unreadable: vec![unreadable("x", true)], ..lib("b", None) };
        check(
            "open=a@1 drafts=a",
            Event::Refreshed(Ok(library)),
            "",
            "open=a@1 drafts=b@1 notices=1",
        );
    }
    #[test]
    fn an_outcome_is_said() {
        check(
            "open=a@1",
            Event::Say("Imported 2 drafts.".into()),
            "",
            "open=a@1 | Imported 2 drafts.",
        );
    }
    #[test]
    fn a_notice_is_dismissed() {
        check("open=a@1 notices=2", Event::Dismiss(1), "", "open=a@1 notices=1");
        check("open=a@1 notices=1", Event::Dismiss(4), "", "open=a@1 notices=1");
    }

    // Opening, creating, renaming, duplicating.
    #[test]
    fn opening_another_draft_stores_this_one_first() {
        check(
            "open=a@1 doc=A unsaved",
            Event::Open(id("b"), snap("A2")),
            "write a@1 “A2” (open b)",
            "open=a@1 doc=A unsaved",
        );
    }
    #[test]
    fn once_stored_the_other_draft_loads() {
        check(
            "open=a@1 doc=A unsaved",
            wrote("a", "A2", AfterWrite::Open(Next::Open(id("b"))), Ok((2, NOW))),
            "load b (open)",
            "open=a@2 doc=A2 drafts=a@2",
        );
    }
    #[test]
    fn with_nothing_unsaved_the_other_draft_loads_at_once() {
        check("open=a@1 doc=A", Event::Open(id("b"), snap("A")), "load b (open)", "open=a@1 doc=A");
    }
    #[test]
    fn opening_the_open_draft_does_nothing() {
        check(
            "open=a@1 doc=A unsaved",
            Event::Open(id("a"), snap("B")),
            "",
            "open=a@1 doc=A unsaved",
        );
    }
    #[test]
    fn a_draft_that_cannot_be_stored_stays_open() {
        check(
            "open=a@1 doc=A unsaved",
            wrote("a", "A2", AfterWrite::Open(Next::Open(id("b"))), QUOTA),
            "",
            "open=a@1 doc=A unsaved failed | The open draft could not be saved, so it stays open: download a backup first.",
        );
    }
    #[test]
    fn with_storage_disabled_no_other_draft_opens() {
        check(
            "open=a@0 unsaved memory",
            Event::Open(id("b"), snap("A")),
            "",
            "open=a@0 unsaved memory | Drafts cannot be saved in this browser: download the open one first.",
        );
    }
    #[test]
    fn the_loaded_draft_opens() {
        check(
            "open=a@2 doc=A drafts=a",
            loaded("b", AfterLoad::Open, Ok(rec("B", 7))),
            "last-open b; show “B”",
            "open=b@7 doc=B drafts=b@7,a@1",
        );
    }
    #[test]
    fn a_draft_gone_meanwhile_is_said() {
        check(
            "open=a@2 doc=A",
            loaded("b", AfterLoad::Open, Err(LoadError::Missing)),
            "refresh",
            "open=a@2 doc=A | That draft is no longer there.",
        );
    }
    #[test]
    fn an_unreadable_draft_is_announced_and_not_opened() {
        let u = LoadError::Unreadable(unreadable("postmortem-editor.drafts.b", true));
        check(
            "open=a@2 doc=A",
            loaded("b", AfterLoad::Open, Err(u)),
            "refresh",
            "open=a@2 doc=A notices=1",
        );
    }
    #[test]
    fn a_new_draft_is_created_once_the_open_one_is_stored() {
        let new = Event::New {
            doc: Box::new(doc("")),
            title_hint: Some(" disk full ".into()),
            current: snap("A"),
        };
        check("open=a@1 doc=A", new, "create “disk full” (open)", "open=a@1 doc=A");
        let titled = Event::New {
            doc: Box::new(doc("Own")),
            title_hint: Some("hint".into()),
            current: snap("A2"),
        };
        check(
            "open=a@1 doc=A unsaved",
            titled,
            "write a@1 “A2” (new “Own”)",
            "open=a@1 doc=A unsaved",
        );
    }
    #[test]
    fn a_shared_draft_is_created_once_the_open_one_is_stored() {
        let shared = |current| Event::OpenShared { doc: Box::new(doc("Shared")), current };
        check("open=a@1 doc=A", shared(snap("A")), "create “Shared” (open)", "open=a@1 doc=A");
        check(
            "open=a@1 doc=A unsaved",
            shared(snap("A2")),
            "write a@1 “A2” (new “Shared”)",
            "open=a@1 doc=A unsaved",
        );
    }
    #[test]
    fn a_share_link_never_writes_over_a_draft() {
        let mut page = Fake::start(Default::default());
        page.type_title("Mine");
        let before: Vec<(String, String)> =
            page.store.iter().map(|(k, v)| (k.clone(), v.clone())).collect();
        let mine = page.state.open.clone();
        page.dispatch(Event::OpenShared { doc: Box::new(doc("Theirs")), current: page.snapshot() });
        assert_eq!(page.doc.title, "Theirs");
        assert_ne!(page.state.open, mine);
        assert_eq!(page.titles().len(), 2);
        // Every value stored before is still there, unchanged (the open draft was already saved).
        for (key, value) in before {
            if key != library::OPEN_KEY {
                assert_eq!(page.store.get(&key), Some(&value), "{key}");
            }
        }
        let stored = library::decode_record(&page.store[&mine.key()]).unwrap();
        assert_eq!(stored.doc.title, "Mine");
    }
    #[test]
    fn a_shared_or_imported_draft_takes_the_place_of_a_blank_one() {
        // A first visit: the blank draft the page started on holds no word, so the shared
        // draft takes its place instead of listing an empty "Untitled draft" beside it.
        let mut page = Fake::start(Default::default());
        page.dispatch(Event::Changed);
        let blank = page.state.open.clone();
        assert!(page.store.contains_key(&blank.key()));
        page.dispatch(Event::OpenShared { doc: Box::new(doc("Theirs")), current: page.snapshot() });
        assert_eq!((page.doc.title.as_str(), page.titles()), ("Theirs", vec!["Theirs".to_owned()]));
        assert!(!page.store.contains_key(&blank.key()));
        assert!(page.store.contains_key(&page.state.open.key()));
        // A blank draft another tab has since typed into is not removed.
        let mut other = Fake::start(Default::default());
        other.dispatch(Event::Changed);
        let blank = other.state.open.clone();
        let theirs = library::encode_record(&Record {
            revision: other.state.seen + 1,
            updated: NOW,
            doc: doc("Typed in the other tab"),
        });
        other.store.insert(blank.key(), theirs.clone());
        other.dispatch(Event::OpenShared {
            doc: Box::new(doc("Shared")),
            current: other.snapshot(),
        });
        assert_eq!(other.store.get(&blank.key()), Some(&theirs));
        // A draft with words stays.
        page.type_title("Theirs, edited");
        page.dispatch(Event::New {
            doc: Box::new(doc("Imported")),
            title_hint: None,
            current: page.snapshot(),
        });
        assert_eq!(page.titles().len(), 2);
        // A new blank draft never replaces a blank one (the user asked for one more).
        let before = page.titles().len();
        page.dispatch(Event::New {
            doc: Box::new(doc("")),
            title_hint: None,
            current: page.snapshot(),
        });
        page.dispatch(Event::New {
            doc: Box::new(doc("")),
            title_hint: None,
            current: page.snapshot(),
        });
        assert_eq!(page.titles().len(), before + 2);
    }
    #[test]
    fn a_share_link_opens_nothing_when_drafts_cannot_be_saved() {
        let mut s = state("open=a@1 doc=A");
        s.memory_only = true;
        let event = Event::OpenShared { doc: Box::new(doc("Shared")), current: snap("A") };
        assert_eq!(update(&mut s, event), Vec::new());
        assert!(s.message.is_some());
    }
    #[test]
    fn the_new_draft_opens_once_created() {
        check(
            "open=a@1 doc=A",
            created("n", "New", AfterCreate::Open(Box::new(doc("New"))), Ok((1, NOW))),
            "last-open n; show “New”",
            "open=n@1 doc=New drafts=n@1",
        );
    }
    #[test]
    fn a_new_draft_that_cannot_be_created_is_said() {
        check(
            "open=a@1 doc=A",
            created("n", "New", AfterCreate::Open(Box::new(doc("New"))), QUOTA),
            "",
            "open=a@1 doc=A | The new draft could not be saved: the browser's storage for this page is full.",
        );
    }
    #[test]
    fn renaming_the_open_draft_is_an_edit() {
        check(
            "open=a@1 doc=A",
            Event::Rename(id("a"), "New".into()),
            "set-title “New”",
            "open=a@1 doc=A",
        );
    }
    #[test]
    fn renaming_another_draft_loads_and_writes_it() {
        check(
            "open=a@1",
            Event::Rename(id("b"), "New".into()),
            "load b (rename “New”)",
            "open=a@1",
        );
        check(
            "open=a@1",
            loaded("b", AfterLoad::Rename("New".into()), Ok(rec("B", 3))),
            "write b@3 “New” (renamed)",
            "open=a@1",
        );
        check(
            "open=a@1 drafts=a,b",
            wrote("b", "New", AfterWrite::Renamed, Ok((4, NOW))),
            "",
            "open=a@1 drafts=b@4,a@1",
        );
        check(
            "open=a@1",
            wrote("b", "New", AfterWrite::Renamed, QUOTA),
            "",
            "open=a@1 | Not renamed: the browser's storage for this page is full.",
        );
    }
    #[test]
    fn duplicating_copies_the_open_draft_as_it_is() {
        check(
            "open=a@1 doc=A",
            Event::Duplicate(id("a"), snap("A now")),
            "create “A now (copy)” (copy)",
            "open=a@1 doc=A",
        );
    }
    #[test]
    fn duplicating_another_draft_loads_it_first() {
        check("open=a@1", Event::Duplicate(id("b"), snap("A")), "load b (duplicate)", "open=a@1");
        check(
            "open=a@1",
            loaded("b", AfterLoad::Duplicate, Ok(rec("", 3))),
            "create “Untitled draft (copy)” (copy)",
            "open=a@1",
        );
        check(
            "open=a@1 drafts=a",
            created("c", "B (copy)", AfterCreate::Copy, Ok((1, NOW))),
            "",
            "open=a@1 drafts=c@1,a@1",
        );
        check(
            "open=a@1",
            created("c", "B (copy)", AfterCreate::Copy, QUOTA),
            "",
            "open=a@1 | Not duplicated: the browser's storage for this page is full.",
        );
    }

    // Deleting and restoring.
    #[test]
    fn deleting_another_draft_moves_it_to_recently_deleted() {
        check(
            "open=a@1 drafts=a,b",
            Event::Delete { id: id("b"), current: snap("A"), now: NOW },
            "trash b",
            "open=a@1 drafts=a@1,b@1",
        );
        check(
            "open=a@1 drafts=a,b deleted=x",
            Event::Trashed { id: id("b"), now: NOW, result: Ok(true) },
            "",
            "open=a@1 drafts=a@1 deleted=b,x | Deleted “B”. It is in Recently deleted.",
        );
    }
    #[test]
    fn deleting_the_open_draft_stores_it_first() {
        check(
            "open=a@1 doc=A unsaved drafts=a,b",
            Event::Delete { id: id("a"), current: snap("A2"), now: NOW },
            "write a@1 “A2” (delete a)",
            "open=a@1 doc=A unsaved drafts=a@1,b@1",
        );
        check(
            "open=a@1 doc=A drafts=a,b",
            Event::Delete { id: id("a"), current: snap("A"), now: NOW },
            "trash a",
            "open=a@1 doc=A drafts=a@1,b@1",
        );
    }
    #[test]
    fn the_deleted_open_draft_names_the_one_that_opens_instead() {
        check(
            "open=a@1 doc=A drafts=a,b",
            Event::Trashed { id: id("a"), now: NOW, result: Ok(true) },
            "load b (instead of “A”)",
            "open=a@1 doc=A drafts=b@1 deleted=a | Deleted “A”; “B” is open instead.",
        );
        check(
            "open=a@1 doc=A",
            loaded("b", AfterLoad::Instead("A".into()), Ok(rec("B", 2))),
            "last-open b; show “B”",
            "open=b@2 doc=B drafts=b@2",
        );
    }
    #[test]
    fn the_last_draft_deleted_leaves_a_new_blank_one() {
        check(
            "open=a@1 doc=A drafts=a",
            Event::Trashed { id: id("a"), now: NOW, result: Ok(true) },
            "create “” (instead of “A”)",
            "open=a@1 doc=A deleted=a | Deleted “A”; a new blank draft is open instead.",
        );
        check(
            "open=a@1 doc=A",
            created("n", "", AfterCreate::Instead("A".into()), Ok((1, NOW))),
            "last-open n; show “”",
            "open=n@1 drafts=n@1",
        );
        check(
            "open=a@1 doc=A",
            loaded("b", AfterLoad::Instead("A".into()), Err(LoadError::Missing)),
            "create “” (instead of “A”)",
            "open=a@1 doc=A | Deleted “A”; a new blank draft is open instead.",
        );
    }
    #[test]
    fn a_deletion_that_fails_deletes_nothing() {
        check(
            "open=a@1 drafts=a,b",
            Event::Trashed { id: id("b"), now: NOW, result: Err(SaveError::QuotaExceeded) },
            "",
            "open=a@1 drafts=a@1,b@1 | Not deleted: the browser's storage for this page is full.",
        );
    }
    #[test]
    fn deleting_the_open_draft_that_cannot_be_stored_deletes_nothing() {
        check(
            "open=a@1 doc=A unsaved drafts=a",
            wrote("a", "A2", AfterWrite::Open(Next::Delete(id("a"), NOW)), QUOTA),
            "",
            "open=a@1 doc=A unsaved failed drafts=a@1 | The open draft could not be saved, so it stays open: download a backup first.",
        );
    }
    #[test]
    fn with_storage_disabled_nothing_is_deleted() {
        check(
            "open=a@0 memory",
            Event::Delete { id: id("a"), current: snap(""), now: NOW },
            "",
            "open=a@0 memory | Drafts cannot be saved in this browser, so there is nothing to delete.",
        );
    }
    #[test]
    fn recently_deleted_keeps_the_50_most_recent() {
        let many: Vec<String> =
            (0..KEEP_DELETED_MAX).map(|n| format!("d{n}:{}", n as f64 / 10.0)).collect();
        let before = format!("open=a@1 drafts=a,b deleted={}", many.join(","));
        let mut s = state(&before);
        let effects = update(&mut s, Event::Trashed { id: id("b"), now: NOW, result: Ok(true) });
        assert_eq!(
            effects.iter().map(effect).collect::<Vec<_>>(),
            [format!("purge d{}", KEEP_DELETED_MAX - 1)]
        );
        assert_eq!((s.deleted.len(), s.deleted[0].id.as_str()), (KEEP_DELETED_MAX, "b"));
    }
    #[test]
    fn restoring_stores_the_open_draft_then_puts_the_deleted_one_back() {
        check(
            "open=a@1 doc=A deleted=x",
            Event::Restore(id("x"), snap("A")),
            "untrash x",
            "open=a@1 doc=A deleted=x",
        );
        check(
            "open=a@1 doc=A unsaved deleted=x",
            Event::Restore(id("x"), snap("A2")),
            "write a@1 “A2” (restore x)",
            "open=a@1 doc=A unsaved deleted=x",
        );
    }
    #[test]
    fn a_restored_draft_reopens() {
        check(
            "open=b@1 doc=B drafts=b deleted=x,y",
            Event::Untrashed { id: id("x"), result: Ok(rec("X", 3)) },
            "last-open x; show “X”",
            "open=x@3 doc=X drafts=x@3,b@1 deleted=y | Restored “X”.",
        );
    }
    #[test]
    fn a_restore_that_fails_says_why() {
        let e = Err(SaveError::Other("a draft with this id exists again".into()));
        check(
            "open=b@1 deleted=x",
            Event::Untrashed { id: id("x"), result: e },
            "refresh",
            "open=b@1 deleted=x | Could not restore it: the browser refused to save (a draft with this id exists again).",
        );
    }
    #[test]
    fn emptying_recently_deleted_purges_everything_in_it() {
        check(
            "open=a@1 deleted=x,y",
            Event::EmptyDeleted,
            "purge x,y",
            "open=a@1 | Recently deleted is empty.",
        );
    }

    /// The shell, with a map for storage: runs whole stories through [`update`].
    struct Fake {
        state: State,
        store: std::collections::BTreeMap<String, String>,
        full: bool,
        doc: Postmortem,
        ids: u32,
        clock: f64,
    }

    impl Fake {
        /// A page opened on `store`.
        fn start(store: std::collections::BTreeMap<String, String>) -> Fake {
            let mut fake = Fake {
                state: State::new(id("fresh")),
                store,
                full: false,
                doc: doc(""),
                ids: 0,
                clock: NOW,
            };
            let library = Ok(fake.library());
            fake.dispatch(Event::Started { library, now: NOW });
            fake
        }

        fn dispatch(&mut self, event: Event) {
            for effect in update(&mut self.state, event) {
                if let Some(answer) = self.execute(effect) {
                    self.dispatch(answer);
                }
            }
        }

        fn type_title(&mut self, title: &str) {
            apply(&mut self.doc, Edit::SetText { field: TextField::Title, value: title.into() });
            self.dispatch(Event::Changed);
        }

        fn snapshot(&self) -> Snapshot {
            Snapshot::of(&self.doc)
        }

        fn library(&self) -> Library {
            let mut lib = Library::default();
            for (key, value) in &self.store {
                match library::classify_key(key) {
                    Key::Draft(id) => lib
                        .drafts
                        .extend(library::decode_record(value).ok().map(|r| Meta::of(id, &r))),
                    Key::Deleted(id) => lib.deleted.extend(Deleted::read(id, value)),
                    Key::Open => lib.last_open = DraftId::parse(value),
                    _ => {}
                }
            }
            library::sort_list(&mut lib.drafts);
            lib.deleted.sort_by(|a, b| b.deleted.total_cmp(&a.deleted));
            lib
        }

        fn write(
            &mut self,
            id: &DraftId,
            envelope: &str,
            seen: u64,
        ) -> Result<(u64, f64), SaveError> {
            let stored = self.store.get(&id.key()).and_then(|v| library::peek_revision(v));
            let next = match library::check_write(seen, stored) {
                library::WriteCheck::Clear { next } => next,
                library::WriteCheck::Conflict { theirs } => {
                    return Err(SaveError::Conflict { theirs });
                }
            };
            if self.full {
                return Err(SaveError::QuotaExceeded);
            }
            self.clock += 1.0;
            self.store.insert(id.key(), library::record_from_envelope(envelope, next, self.clock));
            Ok((next, self.clock))
        }

        fn execute(&mut self, effect: Effect) -> Option<Event> {
            Some(match effect {
                Effect::SaveSoon => Event::Save(self.snapshot()),
                Effect::Load { id, then } => {
                    let result = match self.store.get(&id.key()) {
                        None => Err(LoadError::Missing),
                        Some(v) => library::decode_record(v).map_err(|error| {
                            LoadError::Unreadable(Unreadable {
                                key: id.key(),
                                error,
                                raw: v.clone(),
                                kept_at: None,
                                new: true,
                            })
                        }),
                    };
                    Event::Loaded { id, then, result }
                }
                Effect::Write { id, snapshot, seen, then } => {
                    let result = self.write(&id, &snapshot.envelope, seen);
                    Event::Wrote { id, snapshot, then, result }
                }
                Effect::Create { snapshot, then } => {
                    self.ids += 1;
                    let id = id(&format!("new{}", self.ids));
                    let result = self.write(&id, &snapshot.envelope, 0);
                    Event::Created { id, snapshot, then, result }
                }
                Effect::Trash { id, now } => {
                    let result = Ok(match self.store.remove(&id.key()) {
                        Some(raw) => {
                            self.store.insert(id.deleted_key(), library::encode_deleted(&raw, now));
                            true
                        }
                        None => false,
                    });
                    Event::Trashed { id, now, result }
                }
                Effect::Untrash(id) => {
                    let value = self.store.remove(&id.deleted_key()).unwrap();
                    let (_, raw) = library::decode_deleted(&value).unwrap();
                    let record = library::decode_record(&raw).unwrap();
                    self.store.insert(id.key(), raw);
                    Event::Untrashed { id, result: Ok(record) }
                }
                Effect::Purge(ids) => {
                    ids.iter().for_each(|id| drop(self.store.remove(&id.deleted_key())));
                    return None;
                }
                Effect::Forget { id, seen } => {
                    let at = self.store.get(&id.key()).and_then(|v| library::decode_record(v).ok());
                    if at.is_some_and(|r| r.revision == seen) {
                        self.store.remove(&id.key());
                    }
                    return None;
                }
                Effect::SetLastOpen(id) => {
                    self.store.insert(library::OPEN_KEY.into(), id.to_string());
                    return None;
                }
                Effect::Show(doc) => {
                    self.doc = *doc;
                    return None;
                }
                Effect::SetTitle(title) => {
                    apply(&mut self.doc, Edit::SetText { field: TextField::Title, value: title });
                    Event::Changed
                }
                Effect::Refresh => Event::Refreshed(Ok(self.library())),
            })
        }

        fn titles(&self) -> Vec<String> {
            self.state.drafts.iter().map(|m| m.title.clone()).collect()
        }
    }

    #[test]
    fn story_two_deletions_in_a_row_are_both_restored_after_a_reload() {
        let mut page = Fake::start(Default::default());
        page.type_title("One");
        for title in ["Two", "Three"] {
            page.dispatch(Event::New {
                doc: Box::default(),
                title_hint: None,
                current: page.snapshot(),
            });
            page.type_title(title);
        }
        assert_eq!(page.titles(), ["Three", "Two", "One"]);
        let open = page.state.open.clone();
        page.dispatch(Event::Delete { id: open, current: page.snapshot(), now: NOW });
        assert_eq!(page.doc.title, "Two");
        assert_eq!(page.state.message.as_deref(), Some("Deleted “Three”; “Two” is open instead."));
        let one = page.state.drafts.iter().find(|m| m.title == "One").unwrap().id.clone();
        page.dispatch(Event::Delete { id: one, current: page.snapshot(), now: NOW + 1.0 });
        assert_eq!(page.titles(), ["Two"]);

        let mut page = Fake::start(page.store);
        assert_eq!(page.doc.title, "Two");
        let deleted: Vec<&str> = page.state.deleted.iter().map(|d| d.title.as_str()).collect();
        assert_eq!(deleted, ["One", "Three"]);
        for d in page.state.deleted.clone() {
            page.dispatch(Event::Restore(d.id, page.snapshot()));
            assert_eq!(page.doc.title, d.title, "a restored draft opens");
        }
        assert_eq!(page.titles().len(), 3);
        assert!(page.state.deleted.is_empty());
        assert!(!page.store.keys().any(|k| k.starts_with(library::DELETED_PREFIX)));
    }

    #[test]
    fn story_a_full_storage_asks_before_leaving_until_a_save_works() {
        let mut page = Fake::start(Default::default());
        page.type_title("Saved");
        assert!(!page.state.must_ask_before_leaving());
        page.full = true;
        page.type_title("Typed while full");
        page.dispatch(Event::Leave(page.snapshot()));
        assert!(page.state.must_ask_before_leaving());
        assert_eq!(page.state.status(), SaveStatus::Failed(SaveError::QuotaExceeded));
        page.full = false;
        page.dispatch(Event::Leave(page.snapshot()));
        assert!(!page.state.must_ask_before_leaving());
        let reloaded = Fake::start(page.store);
        assert_eq!(reloaded.doc.title, "Typed while full");
    }

    #[test]
    fn story_keep_both_keeps_both() {
        let mut page = Fake::start(Default::default());
        page.type_title("Mine");
        let key = page.state.open.key();
        // Another tab writes revision 2 behind this one's back, then this tab types.
        let theirs = library::encode_record(&rec("Theirs", page.state.seen + 1));
        page.store.insert(key.clone(), theirs.clone());
        page.type_title("Mine, edited");
        assert_eq!(page.state.status(), SaveStatus::Conflict);
        assert_eq!(
            page.state
                .conflict
                .as_ref()
                .and_then(|c| c.theirs.as_ref())
                .map(|r| r.doc.title.as_str()),
            Some("Theirs")
        );
        page.dispatch(Event::Resolve(Choice::KeepBoth, page.snapshot()));
        assert_eq!(page.state.status(), SaveStatus::Saved);
        assert_eq!(page.store.get(&key), Some(&theirs), "theirs untouched");
        let mut titles = page.titles();
        titles.sort();
        assert_eq!(titles, ["Mine, edited", "Theirs"]);
    }

    // The crash journal holds a newer copy (draft::journal judged it at start).
    fn newer(i: &str, title: &str, seen: u64, untouched: bool, latest: bool) -> Event {
        Event::JournalNewer { id: id(i), doc: Box::new(doc(title)), seen, untouched, latest }
    }
    #[test]
    fn journal_copy_of_the_untouched_open_draft_is_shown_and_saved_over_the_stored_revision() {
        check(
            "open=a@3 doc=A",
            newer("a", "A typed", 3, true, true),
            "show “A typed”; write a@3 “A typed” (stay)",
            "open=a@3 doc=A notices=1",
        );
        check(
            "open=a@5 doc=A",
            newer("a", "A typed", 0, true, true),
            "show “A typed”; write a@0 “A typed” (stay)",
            "open=a@0 doc=A notices=1",
        );
        check(
            "open=a@3 doc=A memory",
            newer("a", "A typed", 3, true, true),
            "show “A typed”",
            "open=a@3 doc=A memory notices=1",
        );
    }
    #[test]
    fn journal_copy_of_the_open_draft_changed_here_becomes_a_new_draft() {
        check(
            "open=a@3 doc=A",
            newer("a", "A typed", 3, false, true),
            "create “A typed (recovered)” (recovered from “A typed”)",
            "open=a@3 doc=A",
        );
        // Unsaved changes or a pending conflict count as changed here.
        check(
            "open=a@3 doc=A unsaved",
            newer("a", "A typed", 3, true, true),
            "create “A typed (recovered)” (recovered from “A typed”)",
            "open=a@3 doc=A unsaved",
        );
        check(
            "",
            created(
                "r",
                "A typed (recovered)",
                AfterCreate::Recovered("A typed".into()),
                Ok((1, NOW)),
            ),
            "",
            "open=a@0 drafts=r@1 notices=1",
        );
        check(
            "",
            created("r", "A typed (recovered)", AfterCreate::Recovered("A typed".into()), QUOTA),
            "",
            "open=a@0 notices=1",
        );
    }
    #[test]
    fn journal_copy_of_another_draft_is_saved_and_opened_when_the_open_one_is_untouched() {
        check(
            "open=a@1",
            newer("b", "B typed", 2, true, true),
            "write b@2 “B typed” (recovered, open=true)",
            "open=a@1",
        );
        check(
            "open=a@1",
            newer("b", "B typed", 2, true, false),
            "write b@2 “B typed” (recovered, open=false)",
            "open=a@1",
        );
        check(
            "open=a@1",
            newer("b", "B typed", 2, false, true),
            "write b@2 “B typed” (recovered, open=false)",
            "open=a@1",
        );
        let saved = |open, result| {
            wrote("b", "B typed", AfterWrite::Recovered { title: "B typed".into(), open }, result)
        };
        check(
            "open=a@1",
            saved(true, Ok((3, NOW))),
            "load b (open)",
            "open=a@1 drafts=b@3 notices=1",
        );
        check("open=a@1", saved(false, Ok((3, NOW))), "", "open=a@1 drafts=b@3 notices=1");
        check("open=a@1", saved(true, QUOTA), "", "open=a@1 notices=1");
    }
}
