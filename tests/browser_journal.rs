//! Browser tests for `ui::journal`, the one module that touches IndexedDB: entries are written
//! with strict durability and read back, one per draft, removed on request; the writer hands the
//! entries found at start over before it writes anything, and writes the latest change.
#![cfg(target_arch = "wasm32")]

use postmortem_editor::draft::codec;
use postmortem_editor::draft::journal::{self, WRITE_GAP_MS};
use postmortem_editor::draft::library::DraftId;
use postmortem_editor::model::{Edit, Postmortem, TextField, apply};
use postmortem_editor::ui::journal::{Journal, Writer};
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::JsValue;
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn doc(title: &str) -> Postmortem {
    let mut d = Postmortem::default();
    apply(&mut d, Edit::SetText { field: TextField::Title, value: title.into() });
    d
}

fn id(s: &str) -> DraftId {
    DraftId::parse(s).unwrap()
}

async fn sleep(ms: i32) {
    let p = js_sys::Promise::new(&mut |resolve, _| {
        web_sys::window()
            .unwrap()
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms)
            .unwrap();
    });
    JsFuture::from(p).await.unwrap();
}

/// The journal's entries, decoded, sorted by draft.
async fn entries(j: &Journal) -> Vec<journal::Entry> {
    let mut out: Vec<_> =
        j.entries().await.unwrap().iter().map(|t| journal::decode_entry(t).unwrap()).collect();
    out.sort_by(|a, b| a.draft.cmp(&b.draft));
    out
}

async fn clear(j: &Journal) {
    for e in entries(j).await {
        j.remove(&e.draft).await.unwrap();
    }
}

#[wasm_bindgen_test]
async fn entries_are_kept_one_per_draft_and_removed_on_request() {
    let j = Journal::open().await.unwrap();
    clear(&j).await;
    assert!(entries(&j).await.is_empty());
    for (draft, base, title) in [("a", 1, "first"), ("b", 4, "other"), ("a", 2, "second")] {
        let text = journal::encode_entry(&id(draft), base, 10.0, &codec::encode(&doc(title)));
        j.put(&id(draft), &text).await.unwrap();
    }
    // A second connection (as after a restart) sees what the first committed.
    let again = Journal::open().await.unwrap();
    let got = entries(&again).await;
    assert_eq!(got.len(), 2);
    assert_eq!((got[0].draft.as_str(), got[0].base, got[0].doc.title.as_str()), ("a", 2, "second"));
    assert_eq!((got[1].draft.as_str(), got[1].base, got[1].doc.title.as_str()), ("b", 4, "other"));
    again.remove(&id("a")).await.unwrap();
    assert_eq!(entries(&j).await.iter().map(|e| e.draft.as_str()).collect::<Vec<_>>(), ["b"]);
    clear(&j).await;
}

#[wasm_bindgen_test]
async fn the_writer_hands_over_what_it_found_before_writing_and_keeps_the_latest_change() {
    let j = Journal::open().await.unwrap();
    clear(&j).await;
    let before = journal::encode_entry(&id("w"), 3, 1.0, &codec::encode(&doc("before the crash")));
    j.put(&id("w"), &before).await.unwrap();

    let title = Rc::new(RefCell::new("typed".to_owned()));
    let found = Rc::new(RefCell::new(None::<Vec<String>>));
    let snapshot = {
        let title = title.clone();
        move || Some((id("w"), 5, codec::encode(&doc(&title.borrow()))))
    };
    let recover = {
        let found = found.clone();
        move |entries: Vec<journal::Entry>| {
            *found.borrow_mut() = Some(entries.into_iter().map(|e| e.doc.title).collect());
            Vec::new()
        }
    };
    let writer = Writer::start(snapshot, recover);
    // A change before the journal is open waits for the entries to be handed over.
    writer.changed();
    for _ in 0..100 {
        if found.borrow().is_some() {
            break;
        }
        sleep(10).await;
    }
    assert_eq!(found.borrow().clone(), Some(vec!["before the crash".to_owned()]));

    // A burst of changes: the last one reaches the journal within a gap and a transaction.
    for n in 0..20 {
        *title.borrow_mut() = format!("typed {n}");
        writer.changed();
        sleep(15).await;
    }
    sleep(WRITE_GAP_MS as i32 + 300).await;
    let got = entries(&j).await;
    assert_eq!(got.len(), 1);
    assert_eq!((got[0].base, got[0].doc.title.as_str()), (5, "typed 19"));

    writer.forget(&id("w"));
    sleep(200).await;
    assert!(entries(&j).await.is_empty());
}

#[wasm_bindgen_test]
async fn writes_are_strict_transactions() {
    // The durability we ask for is the one the browser runs the transaction with.
    let j = Journal::open().await.unwrap();
    let seen = js_sys::Function::new_no_args(
        "return new Promise((resolve, reject) => {
           const open = indexedDB.open('postmortem-editor.journal');
           open.onerror = () => reject(open.error);
           open.onsuccess = () => {
             const db = open.result;
             const real = db.constructor.prototype.transaction;
             let asked = null;
             IDBDatabase.prototype.transaction = function (s, m, o) {
               if (m === 'readwrite') asked = o && o.durability;
               return real.call(this, s, m, o);
             };
             db.close();
             resolve(() => { IDBDatabase.prototype.transaction = real; return asked; });
           };
         });",
    )
    .call0(&JsValue::NULL)
    .unwrap();
    let restore: js_sys::Function =
        JsFuture::from(js_sys::Promise::from(seen)).await.unwrap().into();
    let text = journal::encode_entry(&id("s"), 1, 1.0, &codec::encode(&doc("x")));
    j.put(&id("s"), &text).await.unwrap();
    let asked = restore.call0(&JsValue::NULL).unwrap();
    assert_eq!(asked.as_string().as_deref(), Some("strict"));
    j.remove(&id("s")).await.unwrap();
}
