//! The one module that touches localStorage (browser only).
//!
//! It stores drafts encoded by [`super::codec`], never overwrites a value it could not read (that
//! value is first copied aside under [`QUARANTINE_PREFIX`]), and reports every failure (storage
//! disabled, quota exceeded) as a value the UI can show, never as a panic.

use super::codec::{self, DecodeError};
use crate::model::Postmortem;
use gloo_storage::{LocalStorage, Storage};
use wasm_bindgen::JsValue;

/// Key of the draft being edited.
pub const CURRENT_KEY: &str = "postmortem-editor.draft";
/// Prefix of the keys that keep unreadable values aside.
pub const QUARANTINE_PREFIX: &str = "postmortem-editor.unreadable.";

/// What was found in storage at start-up.
#[derive(Debug, PartialEq)]
pub enum Loaded {
    /// Nothing saved yet.
    Empty,
    /// The saved draft.
    Draft(Box<Postmortem>),
    /// A value that is not a readable draft. It was copied to `kept_at` (or could not be copied:
    /// then `kept_at` is `None` and saving must stay off so the value is never overwritten).
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

/// Why a draft could not be saved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SaveError {
    /// localStorage cannot be used at all.
    Unavailable,
    /// The browser's storage for this site is full.
    QuotaExceeded,
    /// Any other refusal, with the browser's message.
    Other(String),
}

impl std::fmt::Display for SaveError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SaveError::Unavailable => {
                write!(f, "this browser does not allow saving here (storage is disabled)")
            }
            SaveError::QuotaExceeded => write!(f, "the browser's storage for this page is full"),
            SaveError::Other(msg) => write!(f, "the browser refused to save ({msg})"),
        }
    }
}

/// localStorage, if this page may use it.
fn backend() -> Option<web_sys::Storage> {
    // Probe first: gloo's accessor throws when storage is disabled.
    web_sys::window()?.local_storage().ok()??;
    Some(LocalStorage::raw())
}

/// Reads the current draft.
pub fn load_current() -> Loaded {
    let Some(store) = backend() else {
        return Loaded::Unavailable;
    };
    let raw = match store.get_item(CURRENT_KEY) {
        Ok(Some(raw)) => raw,
        Ok(None) => return Loaded::Empty,
        Err(_) => return Loaded::Unavailable,
    };
    match codec::decode(&raw) {
        Ok(doc) => Loaded::Draft(Box::new(doc)),
        Err(error) => {
            let kept_at = keep_aside(&store, &raw);
            Loaded::Unreadable { error, raw, kept_at }
        }
    }
}

/// Copies an unreadable value to a fresh quarantine key; `None` if it could not be copied.
fn keep_aside(store: &web_sys::Storage, raw: &str) -> Option<String> {
    let stamp = js_sys::Date::now() as u64;
    let key = (0..)
        .map(|n| format!("{QUARANTINE_PREFIX}{stamp}.{n}"))
        .find(|k| matches!(store.get_item(k), Ok(None)))?;
    store.set_item(&key, raw).ok()?;
    Some(key)
}

/// Saves `doc` as the current draft.
pub fn save_current(doc: &Postmortem) -> Result<(), SaveError> {
    let store = backend().ok_or(SaveError::Unavailable)?;
    store.set_item(CURRENT_KEY, &codec::encode(doc)).map_err(classify)
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
