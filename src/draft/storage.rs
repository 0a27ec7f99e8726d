//! The one module that touches localStorage (browser only).
//!
//! It reads and writes the layout that [`super::library`] describes (one key per draft, each a
//! versioned record with a revision), migrates the single draft of earlier versions, and never
//! overwrites or deletes a value it could not read: such a value is first copied aside under
//! [`QUARANTINE_PREFIX`] and then left where it was, out of the list. Every failure (storage
//! disabled, quota exceeded, someone else's newer revision) is a value the UI can show, never a
//! panic.

use super::codec::{self, DecodeError};
use super::library::{self, Deleted, DraftId, Key, Meta, Record, WriteCheck};
use crate::model::Postmortem;
use gloo_storage::{LocalStorage, Storage};
use wasm_bindgen::JsValue;

pub use super::library::{
    DELETED_PREFIX, LEGACY_KEY, Library, LoadError, OPEN_KEY, QUARANTINE_PREFIX, SaveError,
    Unreadable,
};

/// Key of the single draft of earlier versions (kept for older callers).
pub const CURRENT_KEY: &str = LEGACY_KEY;

/// localStorage, if this page may use it.
fn backend() -> Option<web_sys::Storage> {
    // Probe first: gloo's accessor throws when storage is disabled.
    web_sys::window()?.local_storage().ok()??;
    Some(LocalStorage::raw())
}

/// Whether localStorage can be used at all.
pub fn available() -> bool {
    backend().is_some()
}

fn now() -> f64 {
    js_sys::Date::now()
}

/// Every key in storage.
fn keys(store: &web_sys::Storage) -> Vec<String> {
    let n = store.length().unwrap_or(0);
    (0..n).filter_map(|i| store.key(i).ok().flatten()).collect()
}

/// Reads the library: lists the drafts, migrates the single draft of an earlier version, and
/// keeps aside what cannot be read. `Err` if localStorage cannot be used.
pub fn open_library() -> Result<Library, SaveError> {
    let store = backend().ok_or(SaveError::Unavailable)?;
    let mut lib = Library::default();
    let mut legacy = None;
    for key in keys(&store) {
        let kind = library::classify_key(&key);
        let Ok(Some(raw)) = store.get_item(&key) else { continue };
        match kind {
            Key::Draft(id) => match library::decode_record(&raw) {
                Ok(record) => lib.drafts.push(Meta::of(id, &record)),
                Err(error) => lib.unreadable.push(keep_aside(&store, key, error, raw)),
            },
            Key::Open => lib.last_open = DraftId::parse(raw.trim()),
            Key::Legacy => legacy = Some(raw),
            // A deleted draft that cannot be read is left alone (not listed, never touched).
            Key::Deleted(id) => lib.deleted.extend(Deleted::read(id, &raw)),
            Key::Quarantine | Key::Other => {}
        }
    }
    if let Some(raw) = legacy {
        match codec::decode(&raw) {
            Ok(doc) => {
                let id = new_id();
                let record = Record { revision: 1, updated: now(), doc };
                // The old key goes only once its draft is safely in the new layout.
                if store.set_item(&id.key(), &library::encode_record(&record)).is_ok() {
                    let _ = store.remove_item(LEGACY_KEY);
                    if lib.last_open.is_none() {
                        lib.last_open = Some(id.clone());
                    }
                    lib.drafts.push(Meta::of(id.clone(), &record));
                    lib.migrated = Some(id);
                }
            }
            Err(error) => {
                lib.unreadable.push(keep_aside(&store, LEGACY_KEY.to_owned(), error, raw))
            }
        }
    }
    library::sort_list(&mut lib.drafts);
    crate::sort::sort_by(&mut lib.deleted, |a, b| {
        b.deleted.total_cmp(&a.deleted).then_with(|| a.id.cmp(&b.id))
    });
    Ok(lib)
}

/// Copies an unreadable value aside (once: an identical copy is reused) and leaves it in place.
fn keep_aside(
    store: &web_sys::Storage,
    key: String,
    error: DecodeError,
    raw: String,
) -> Unreadable {
    let existing = keys(store).into_iter().find(|k| {
        k.starts_with(QUARANTINE_PREFIX)
            && store.get_item(k).ok().flatten().as_deref() == Some(&raw)
    });
    if let Some(kept) = existing {
        return Unreadable { key, error, raw, kept_at: Some(kept), new: false };
    }
    let stamp = now() as u64;
    let kept_at = (0..)
        .map(|n| format!("{QUARANTINE_PREFIX}{stamp}.{n}"))
        .find(|k| matches!(store.get_item(k), Ok(None)))
        .filter(|k| store.set_item(k, &raw).is_ok());
    Unreadable { key, error, raw, kept_at, new: true }
}

/// The values kept aside so far, as `(key, value)`.
pub fn kept_aside() -> Vec<(String, String)> {
    let Some(store) = backend() else { return Vec::new() };
    let mut out: Vec<(String, String)> = keys(&store)
        .into_iter()
        .filter(|k| k.starts_with(QUARANTINE_PREFIX))
        .filter_map(|k| store.get_item(&k).ok().flatten().map(|v| (k, v)))
        .collect();
    crate::sort::sort(&mut out);
    out
}

/// A fresh draft id, not in use.
pub fn new_id() -> DraftId {
    let store = backend();
    loop {
        let random = (js_sys::Math::random() * f64::from(u32::MAX)) as u32;
        let id = DraftId::generate(now(), random);
        let taken = store.as_ref().is_some_and(|s| matches!(s.get_item(&id.key()), Ok(Some(_))));
        if !taken {
            return id;
        }
    }
}

/// Reads one draft. An unreadable value is kept aside and reported.
pub fn load(id: &DraftId) -> Result<Record, LoadError> {
    let store = backend().ok_or(LoadError::Unavailable)?;
    let raw = match store.get_item(&id.key()) {
        Ok(Some(raw)) => raw,
        Ok(None) => return Err(LoadError::Missing),
        Err(_) => return Err(LoadError::Unavailable),
    };
    library::decode_record(&raw)
        .map_err(|error| LoadError::Unreadable(keep_aside(&store, id.key(), error, raw)))
}

/// Every readable draft, with its record.
pub fn all_records() -> Vec<(DraftId, Record)> {
    let Some(store) = backend() else { return Vec::new() };
    let mut out: Vec<(DraftId, Record)> = keys(&store)
        .into_iter()
        .filter_map(|k| match library::classify_key(&k) {
            Key::Draft(id) => {
                let raw = store.get_item(&k).ok().flatten()?;
                library::decode_record(&raw).ok().map(|r| (id, r))
            }
            _ => None,
        })
        .collect();
    crate::sort::sort_by(&mut out, |a, b| b.1.updated.total_cmp(&a.1.updated));
    out
}

/// Saves `doc` (already encoded by `codec::encode`) as draft `id`, if nobody else wrote it since
/// this tab saw revision `seen`. Returns the record's new revision and time.
///
/// A stored value that cannot be read is kept aside before it is written over.
pub fn save_envelope(id: &DraftId, envelope: &str, seen: u64) -> Result<(u64, f64), SaveError> {
    let store = backend().ok_or(SaveError::Unavailable)?;
    let key = id.key();
    let stored = store.get_item(&key).map_err(classify)?;
    let stored_revision = match &stored {
        None => None,
        Some(raw) => match library::peek_revision(raw) {
            Some(r) => Some(r),
            None => {
                let error = library::decode_record(raw).err().unwrap_or(DecodeError::NotADraft);
                if keep_aside(&store, key.clone(), error, raw.clone()).kept_at.is_none() {
                    return Err(SaveError::Other(
                        "an unreadable value is stored under this draft and could not be kept aside".to_owned(),
                    ));
                }
                None
            }
        },
    };
    let next = match library::check_write(seen, stored_revision) {
        WriteCheck::Clear { next } => next,
        WriteCheck::Conflict { theirs } => return Err(SaveError::Conflict { theirs }),
    };
    let updated = now();
    store
        .set_item(&key, &library::record_from_envelope(envelope, next, updated))
        .map_err(classify)?;
    Ok((next, updated))
}

/// Saves `doc` as draft `id` (see [`save_envelope`]).
pub fn save(id: &DraftId, doc: &Postmortem, seen: u64) -> Result<(u64, f64), SaveError> {
    save_envelope(id, &codec::encode(doc), seen)
}

/// Writes a new draft (import, duplicate): fails rather than write over an existing key.
pub fn create(id: &DraftId, doc: &Postmortem) -> Result<(u64, f64), SaveError> {
    create_envelope(id, &codec::encode(doc))
}

/// [`create`] for a document already encoded by `codec::encode`.
pub fn create_envelope(id: &DraftId, envelope: &str) -> Result<(u64, f64), SaveError> {
    let store = backend().ok_or(SaveError::Unavailable)?;
    if matches!(store.get_item(&id.key()), Ok(Some(_))) {
        return Err(SaveError::Other("a draft with this id already exists".to_owned()));
    }
    save_envelope(id, envelope, 0)
}

/// Moves a draft to "Recently deleted" (its key under [`DELETED_PREFIX`], with the time of the
/// deletion). The copy is written before the draft is removed, so a failure loses nothing; when
/// storage is too full for the copy, the draft is removed first to make room and put back if the
/// copy still does not fit. `Ok(false)`: there was no such draft.
pub fn trash(id: &DraftId, now: f64) -> Result<bool, SaveError> {
    let store = backend().ok_or(SaveError::Unavailable)?;
    let Some(raw) = store.get_item(&id.key()).map_err(classify)? else { return Ok(false) };
    let value = library::encode_deleted(&raw, now);
    match store.set_item(&id.deleted_key(), &value).map_err(classify) {
        Ok(()) => {}
        Err(SaveError::QuotaExceeded) => {
            store.remove_item(&id.key()).map_err(classify)?;
            if let Err(e) = store.set_item(&id.deleted_key(), &value).map_err(classify) {
                store.set_item(&id.key(), &raw).map_err(classify)?;
                return Err(e);
            }
        }
        Err(e) => return Err(e),
    }
    store.remove_item(&id.key()).map_err(classify)?;
    Ok(true)
}

/// Puts a deleted draft back under its own key (never over another value) and returns it.
pub fn untrash(id: &DraftId) -> Result<Record, SaveError> {
    let store = backend().ok_or(SaveError::Unavailable)?;
    if matches!(store.get_item(&id.key()), Ok(Some(_))) {
        return Err(SaveError::Other("a draft with this id exists again".to_owned()));
    }
    let value = store
        .get_item(&id.deleted_key())
        .map_err(classify)?
        .ok_or_else(|| SaveError::Other("it is no longer in Recently deleted".to_owned()))?;
    let (_, raw) = library::decode_deleted(&value)
        .ok_or_else(|| SaveError::Other("its saved copy cannot be read".to_owned()))?;
    let record = library::decode_record(&raw)
        .map_err(|e| SaveError::Other(format!("its saved copy cannot be read: {e}")))?;
    store.set_item(&id.key(), &raw).map_err(classify)?;
    store.remove_item(&id.deleted_key()).map_err(classify)?;
    Ok(record)
}

/// Deletes drafts from "Recently deleted" for good (only those keys).
pub fn purge(ids: &[DraftId]) {
    if let Some(store) = backend() {
        for id in ids {
            let _ = store.remove_item(&id.deleted_key());
        }
    }
}

/// Removes draft `id` for good if it is still at revision `seen` (a blank draft another took
/// the place of: see `sync::Effect::Forget`).
pub fn forget(id: &DraftId, seen: u64) {
    // Only the revision this tab knows blank: another tab may have typed into it since.
    if let Some(store) = backend()
        && load(id).is_ok_and(|r| r.revision == seen)
    {
        let _ = store.remove_item(&id.key());
    }
}

/// Records which draft is open, so that it reopens on the next visit.
pub fn set_last_open(id: &DraftId) {
    if let Some(store) = backend() {
        let _ = store.set_item(OPEN_KEY, id.as_str());
    }
}

/// What was found at start-up, for callers that know only one draft (the last one opened).
#[derive(Debug, PartialEq)]
pub enum Loaded {
    /// Nothing saved yet.
    Empty,
    /// The draft opened last.
    Draft(Box<Postmortem>),
    /// A value that is not a readable draft (kept aside).
    Unreadable {
        /// Why it could not be read.
        error: DecodeError,
        /// The value as it was stored.
        raw: String,
        /// Where the value was copied to.
        kept_at: Option<String>,
    },
    /// localStorage cannot be used (disabled, private mode, sandboxed frame).
    Unavailable,
}

/// Reads the draft that opens at start (the last one opened, else the most recent).
pub fn load_current() -> Loaded {
    let Ok(lib) = open_library() else { return Loaded::Unavailable };
    let Some(id) = library::draft_to_open(&lib.drafts, lib.last_open.as_ref()) else {
        return match lib.unreadable.into_iter().next() {
            Some(u) => Loaded::Unreadable { error: u.error, raw: u.raw, kept_at: u.kept_at },
            None => Loaded::Empty,
        };
    };
    match load(&id) {
        Ok(record) => Loaded::Draft(Box::new(record.doc)),
        Err(LoadError::Unreadable(u)) => {
            Loaded::Unreadable { error: u.error, raw: u.raw, kept_at: u.kept_at }
        }
        Err(LoadError::Missing) => Loaded::Empty,
        Err(LoadError::Unavailable) => Loaded::Unavailable,
    }
}

fn classify(err: JsValue) -> SaveError {
    let name = js_sys::Reflect::get(&err, &JsValue::from_str("name"))
        .ok()
        .and_then(|v| v.as_string())
        .unwrap_or_default();
    if name == "QuotaExceededError" || name == "NS_ERROR_DOM_QUOTA_REACHED" {
        SaveError::QuotaExceeded
    } else {
        let message = js_sys::Reflect::get(&err, &JsValue::from_str("message"))
            .ok()
            .and_then(|v| v.as_string())
            .unwrap_or(name);
        SaveError::Other(message)
    }
}

// ---- The issue tracker's repository (issue 18: "Open as issue") -------------------------------

/// Where a task's "Open as issue" link goes, as `model::issue::Repo::stored` spells it. Not a
/// draft: the same for every draft in this browser.
pub const ISSUE_REPO_KEY: &str = "postmortem-editor.issue-repo";

/// The repository the user gave for "Open as issue", if any.
pub fn issue_repo() -> Option<String> {
    backend()?.get_item(ISSUE_REPO_KEY).ok().flatten()
}

/// Keeps the repository for "Open as issue".
pub fn set_issue_repo(stored: &str) -> Result<(), SaveError> {
    let store = backend().ok_or(SaveError::Unavailable)?;
    store.set_item(ISSUE_REPO_KEY, stored).map_err(classify)
}
