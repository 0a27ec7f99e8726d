//! A browser test of the mounted app opening a long draft.
#![cfg(target_arch = "wasm32")]

use postmortem_editor::draft::storage;
use postmortem_editor::model::{Edit, Item, Postmortem, TimelineEntry, apply};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[path = "support/browser.rs"]
mod browser;
use browser::{document, frame, fresh_storage, mount_now, next_task};

#[wasm_bindgen_test]
async fn a_long_timeline_is_built_a_screenful_first_then_a_row_per_task_and_an_added_row_at_once() {
    fresh_storage().await;
    let mut doc = Postmortem { title: "Forty entries".into(), ..Postmortem::default() };
    for i in 0..40 {
        let entry = TimelineEntry {
            time: format!("10:{i:02}"),
            text: format!("Step {i}"),
            ..Default::default()
        };
        apply(&mut doc, Edit::Add { index: usize::MAX, item: Item::Entry(entry) });
    }
    let id = storage::new_id();
    storage::create(&id, &doc).unwrap();
    storage::set_last_open(&id);
    let app = mount_now();
    for _ in 0..50 {
        if app.query_selector("#section-timeline").unwrap().is_some() {
            break;
        }
        next_task().await;
    }
    let rows = || app.query_selector_all("ol.timeline > li").unwrap();
    // Issue 16: 40 rows in the section's own task kept the page from taking a key press; the
    // first ones come with the section, the others one task each.
    let first = rows().length();
    assert!((1..40).contains(&first), "{first} of 40 rows built with the section");
    // A row added by hand while the others wait is there at once, with the cursor in it.
    let add: web_sys::HtmlElement =
        app.query_selector("#section-timeline button.add").unwrap().unwrap().unchecked_into();
    add.click();
    frame().await;
    frame().await;
    let focused = document().active_element().map(|e| e.id()).unwrap_or_default();
    assert!(focused.ends_with("-time"), "the cursor is in the new entry's time: {focused:?}");
    for _ in 0..100 {
        if rows().length() == 41 {
            break;
        }
        next_task().await;
    }
    let texts: Vec<String> = {
        let list = app.query_selector_all("ol.timeline textarea").unwrap();
        (0..list.length())
            .map(|i| list.item(i).unwrap().unchecked_into::<web_sys::HtmlTextAreaElement>().value())
            .collect()
    };
    let expected: Vec<String> =
        (0..40).map(|i| format!("Step {i}")).chain([String::new()]).collect();
    assert_eq!(texts, expected, "every row, in the document's order");
    // Nothing of this app left in the queue the apps share, for the tests after this one.
    for _ in 0..50 {
        if app.query_selector("dialog.paste-dialog").unwrap().is_some() {
            break;
        }
        next_task().await;
    }
    app.remove();
}
