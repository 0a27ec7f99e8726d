//! Browser tests for `draft::storage`, the one module that touches localStorage.
#![cfg(target_arch = "wasm32")]

use postmortem_editor::draft::storage::{self, CURRENT_KEY, Loaded, QUARANTINE_PREFIX};
use postmortem_editor::model::{Edit, Postmortem, TextField, apply};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn local() -> web_sys::Storage {
    web_sys::window().unwrap().local_storage().unwrap().unwrap()
}

fn doc(title: &str, summary: &str) -> Postmortem {
    let mut doc = Postmortem::default();
    apply(&mut doc, Edit::SetText { field: TextField::Title, value: title.into() });
    apply(&mut doc, Edit::SetText { field: TextField::Summary, value: summary.into() });
    doc
}

#[wasm_bindgen_test]
fn nothing_saved_loads_as_empty() {
    local().clear().unwrap();
    assert_eq!(storage::load_current(), Loaded::Empty);
}

#[wasm_bindgen_test]
fn a_saved_draft_loads_back() {
    local().clear().unwrap();
    let saved = doc("Queue backlog", "Consumers stalled for <b>40</b> minutes.\nSecond line.");
    storage::save_current(&saved).unwrap();
    assert_eq!(storage::load_current(), Loaded::Draft(Box::new(saved)));
}

#[wasm_bindgen_test]
fn an_unreadable_value_is_kept_aside_and_not_deleted() {
    local().clear().unwrap();
    local().set_item(CURRENT_KEY, "{\"schema\":1,\"docu").unwrap();
    let Loaded::Unreadable { raw, kept_at: Some(key), .. } = storage::load_current() else {
        panic!("expected an unreadable draft that was kept aside");
    };
    assert_eq!(raw, "{\"schema\":1,\"docu");
    assert!(key.starts_with(QUARANTINE_PREFIX), "{key}");
    assert_eq!(local().get_item(&key).unwrap().as_deref(), Some("{\"schema\":1,\"docu"));
    // The original stays where it was until the user saves over it.
    assert_eq!(local().get_item(CURRENT_KEY).unwrap().as_deref(), Some("{\"schema\":1,\"docu"));
}
