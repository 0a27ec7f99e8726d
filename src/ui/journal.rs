//! The crash journal in IndexedDB: **the only module that touches IndexedDB** (browser only).
//!
//! localStorage is the store of drafts, but Chromium writes it to disk lazily (seconds later), so a
//! browser process that dies takes the last typing with it. IndexedDB transactions opened with
//! `durability: "strict"` are on disk when they complete. [`Journal`] keeps one entry per draft
//! (the text of [`journal::encode_entry`], keyed by the draft's id) in the database
//! [`DB_NAME`]; [`Writer`] writes the open draft there a few hundred milliseconds after each
//! change (when, decides [`journal::Throttle`]) and, once at start, hands the entries it finds
//! to the session before it writes anything, so an entry is read before it can be overwritten.
//!
//! Every failure (no IndexedDB, a refused transaction) is a value: the journal is a second copy,
//! and without it the editor works as before.

use crate::draft::journal::{self, Entry, Throttle, Write};
use crate::draft::library::DraftId;
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use web_sys::{IdbDatabase, IdbOpenDbRequest, IdbRequest, IdbTransaction};

/// The IndexedDB database of the journal.
pub const DB_NAME: &str = "postmortem-editor.journal";
/// Its one object store: entry texts keyed by draft id.
const STORE: &str = "entries";
const VERSION: u32 = 1;

#[wasm_bindgen]
extern "C" {
    /// An `IDBDatabase`, for the one call web-sys has only behind `web_sys_unstable_apis`.
    #[wasm_bindgen(js_name = IDBDatabase)]
    type DatabaseWithOptions;

    /// `IDBDatabase.transaction(store, mode, options)` (options: `{durability: "strict"}`).
    #[wasm_bindgen(method, catch, js_name = transaction)]
    fn transaction_with_options(
        this: &DatabaseWithOptions,
        store: &str,
        mode: &str,
        options: &JsValue,
    ) -> Result<IdbTransaction, JsValue>;
}

/// The journal's database, open.
#[derive(Clone, Debug)]
pub struct Journal {
    db: IdbDatabase,
}

fn error_text(e: &JsValue) -> String {
    js_sys::Reflect::get(e, &JsValue::from_str("message"))
        .ok()
        .and_then(|m| m.as_string())
        .or_else(|| e.as_string())
        .unwrap_or_else(|| "IndexedDB refused".to_owned())
}

/// A promise settled by a request's `success` / `error`.
fn request_done(req: &IdbRequest) -> js_sys::Promise {
    js_sys::Promise::new(&mut |resolve, reject| {
        let ok = req.clone();
        let on_success = Closure::once_into_js(move || {
            let _ = resolve.call1(&JsValue::NULL, &ok.result().unwrap_or(JsValue::UNDEFINED));
        });
        let bad = req.clone();
        let on_error = Closure::once_into_js(move || {
            let err = bad.error().ok().flatten().map(JsValue::from).unwrap_or(JsValue::NULL);
            let _ = reject.call1(&JsValue::NULL, &err);
        });
        req.set_onsuccess(Some(on_success.unchecked_ref()));
        req.set_onerror(Some(on_error.unchecked_ref()));
    })
}

/// A promise settled when a transaction completes (committed: for a strict transaction, on
/// disk) or aborts.
fn transaction_done(tx: &IdbTransaction) -> js_sys::Promise {
    js_sys::Promise::new(&mut |resolve, reject| {
        let on_complete = Closure::once_into_js(move || {
            let _ = resolve.call0(&JsValue::NULL);
        });
        let failed = tx.clone();
        let on_abort = Closure::once_into_js(move || {
            let err = failed.error().map(JsValue::from).unwrap_or(JsValue::NULL);
            let _ = reject.call1(&JsValue::NULL, &err);
        });
        tx.set_oncomplete(Some(on_complete.unchecked_ref()));
        tx.set_onabort(Some(on_abort.unchecked_ref()));
    })
}

impl Journal {
    /// Opens (creating it the first time) the journal's database.
    pub async fn open() -> Result<Journal, String> {
        let window = web_sys::window().ok_or("no window")?;
        let factory = window
            .indexed_db()
            .map_err(|e| error_text(&e))?
            .ok_or_else(|| "IndexedDB is not available".to_owned())?;
        let req: IdbOpenDbRequest =
            factory.open_with_u32(DB_NAME, VERSION).map_err(|e| error_text(&e))?;
        let upgrading = req.clone();
        let on_upgrade = Closure::once_into_js(move || {
            if let Ok(db) = upgrading.result() {
                let db: IdbDatabase = db.unchecked_into();
                if !db.object_store_names().contains(STORE) {
                    let _ = db.create_object_store(STORE);
                }
            }
        });
        req.set_onupgradeneeded(Some(on_upgrade.unchecked_ref()));
        let db = JsFuture::from(request_done(&req)).await.map_err(|e| error_text(&e))?;
        Ok(Journal { db: db.unchecked_into() })
    }

    fn transaction(&self, mode: &str, strict: bool) -> Result<IdbTransaction, String> {
        let options = js_sys::Object::new();
        if strict {
            js_sys::Reflect::set(&options, &"durability".into(), &"strict".into())
                .map_err(|e| error_text(&e))?;
        }
        self.db
            .unchecked_ref::<DatabaseWithOptions>()
            .transaction_with_options(STORE, mode, &options)
            .map_err(|e| error_text(&e))
    }

    /// Every entry's text.
    pub async fn entries(&self) -> Result<Vec<String>, String> {
        let tx = self.transaction("readonly", false)?;
        let store = tx.object_store(STORE).map_err(|e| error_text(&e))?;
        let req = store.get_all().map_err(|e| error_text(&e))?;
        let all = JsFuture::from(request_done(&req)).await.map_err(|e| error_text(&e))?;
        Ok(js_sys::Array::from(&all).iter().filter_map(|v| v.as_string()).collect())
    }

    /// Writes `text` as the entry of `draft`; returns once it is on disk.
    pub async fn put(&self, draft: &DraftId, text: &str) -> Result<(), String> {
        let tx = self.transaction("readwrite", true)?;
        let store = tx.object_store(STORE).map_err(|e| error_text(&e))?;
        store
            .put_with_key(&JsValue::from_str(text), &JsValue::from_str(draft.as_str()))
            .map_err(|e| error_text(&e))?;
        JsFuture::from(transaction_done(&tx)).await.map(|_| ()).map_err(|e| error_text(&e))
    }

    /// Removes the entry of `draft` (if any); returns once that is on disk.
    pub async fn remove(&self, draft: &DraftId) -> Result<(), String> {
        let tx = self.transaction("readwrite", true)?;
        let store = tx.object_store(STORE).map_err(|e| error_text(&e))?;
        store.delete(&JsValue::from_str(draft.as_str())).map_err(|e| error_text(&e))?;
        JsFuture::from(transaction_done(&tx)).await.map(|_| ()).map_err(|e| error_text(&e))
    }
}

/// The open draft as the journal should hold it now: its id, the stored revision it is based
/// on, and its codec envelope (`codec::encode`).
pub type Snapshot = (DraftId, u64, String);

struct Inner {
    journal: Option<Journal>,
    /// The entries found at start have been handed over: writing may begin.
    ready: bool,
    /// A change happened before writing could begin.
    early: bool,
    throttle: Throttle,
    snapshot: Box<dyn Fn() -> Option<Snapshot>>,
}

/// Writes the open draft to the journal as it changes. Cheap to clone.
#[derive(Clone)]
pub struct Writer(Rc<RefCell<Inner>>);

fn now() -> f64 {
    js_sys::Date::now()
}

impl Writer {
    /// Opens the journal, reads its entries and passes those it can read to `recover` (once,
    /// before anything is written), removes the entries of the drafts `recover` returns, then
    /// writes [`Writer::changed`] drafts as they change. `snapshot` gives the open draft at the
    /// moment of a write (`None`: nothing to write).
    pub fn start(
        snapshot: impl Fn() -> Option<Snapshot> + 'static,
        recover: impl FnOnce(Vec<Entry>) -> Vec<DraftId> + 'static,
    ) -> Writer {
        let writer = Writer(Rc::new(RefCell::new(Inner {
            journal: None,
            ready: false,
            early: false,
            throttle: Throttle::default(),
            snapshot: Box::new(snapshot),
        })));
        let this = writer.clone();
        wasm_bindgen_futures::spawn_local(async move {
            let journal = match Journal::open().await {
                Ok(j) => j,
                Err(e) => {
                    web_sys::console::warn_1(&format!("crash journal unavailable: {e}").into());
                    return;
                }
            };
            let entries = journal.entries().await.unwrap_or_default();
            let entries = entries.iter().filter_map(|t| journal::decode_entry(t).ok()).collect();
            this.0.borrow_mut().journal = Some(journal);
            for draft in recover(entries) {
                this.forget(&draft);
            }
            let early = {
                let mut inner = this.0.borrow_mut();
                inner.ready = true;
                std::mem::take(&mut inner.early)
            };
            if early {
                this.changed();
            }
        });
        writer
    }

    /// The open draft changed: it reaches the journal within [`journal::WRITE_GAP_MS`] plus one
    /// transaction.
    pub fn changed(&self) {
        let step = {
            let mut inner = self.0.borrow_mut();
            if !inner.ready {
                inner.early = true;
                return;
            }
            inner.throttle.changed(now())
        };
        self.run(step);
    }

    /// Removes the entry of `draft` (deleted by the user), so it is never recovered.
    pub fn forget(&self, draft: &DraftId) {
        let Some(journal) = self.0.borrow().journal.clone() else { return };
        let draft = draft.clone();
        wasm_bindgen_futures::spawn_local(async move {
            let _ = journal.remove(&draft).await;
        });
    }

    fn run(&self, step: Write) {
        match step {
            Write::Wait => {}
            Write::WakeAt(at) => {
                let this = self.clone();
                let wake = Closure::once_into_js(move || {
                    let step = this.0.borrow_mut().throttle.woke(now());
                    this.run(step);
                });
                let delay = (at - now()).clamp(0.0, journal::WRITE_GAP_MS) as i32;
                let _ = web_sys::window().map(|w| {
                    w.set_timeout_with_callback_and_timeout_and_arguments_0(
                        wake.unchecked_ref(),
                        delay,
                    )
                });
            }
            Write::Now => {
                let (journal, snapshot) = {
                    let inner = self.0.borrow();
                    (inner.journal.clone(), (inner.snapshot)())
                };
                let this = self.clone();
                wasm_bindgen_futures::spawn_local(async move {
                    if let (Some(journal), Some((draft, base, envelope))) = (journal, snapshot) {
                        let text = journal::encode_entry(&draft, base, now(), &envelope);
                        if let Err(e) = journal.put(&draft, &text).await {
                            web_sys::console::warn_1(&format!("crash journal: {e}").into());
                        }
                    }
                    let step = this.0.borrow_mut().throttle.written(now());
                    this.run(step);
                });
            }
        }
    }
}
