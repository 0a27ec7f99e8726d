//! Browser tests for `draft::storage`, the one module that touches localStorage: save and load,
//! revisions, migration of the single draft of earlier versions, unreadable values kept aside
//! (never overwritten, never deleted), and full storage (simulated and real).
#![cfg(target_arch = "wasm32")]

use postmortem_editor::draft::codec;
use postmortem_editor::draft::library::{self, DraftId, Record};
use postmortem_editor::draft::storage::{
    self, LEGACY_KEY, LoadError, Loaded, QUARANTINE_PREFIX, SaveError,
};
use postmortem_editor::model::{Edit, Item, Postmortem, TextField, TimelineEntry, apply};
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

fn quarantined() -> Vec<String> {
    storage::kept_aside().into_iter().map(|(_, v)| v).collect()
}

/// Makes every `localStorage.setItem` throw a `QuotaExceededError` until [`unpatch`].
fn patch_quota() {
    js_sys::Function::new_no_args(
        "const p = Storage.prototype;
         if (!p.__realSetItem) p.__realSetItem = p.setItem;
         p.setItem = function () { throw new DOMException('The quota has been exceeded.', 'QuotaExceededError'); };",
    )
    .call0(&wasm_bindgen::JsValue::NULL)
    .unwrap();
}

fn unpatch() {
    js_sys::Function::new_no_args(
        "const p = Storage.prototype; if (p.__realSetItem) p.setItem = p.__realSetItem;",
    )
    .call0(&wasm_bindgen::JsValue::NULL)
    .unwrap();
}

fn fresh() {
    unpatch();
    local().clear().unwrap();
}

#[wasm_bindgen_test]
fn nothing_saved_loads_as_empty() {
    fresh();
    assert_eq!(storage::load_current(), Loaded::Empty);
    assert_eq!(storage::open_library().unwrap(), storage::Library::default());
}

#[wasm_bindgen_test]
fn a_saved_draft_loads_back_and_is_listed() {
    fresh();
    let saved = doc("Queue backlog", "Consumers stalled for <b>40</b> minutes.\nSecond line.");
    let id = storage::new_id();
    let (revision, _) = storage::save(&id, &saved, 0).unwrap();
    assert_eq!(revision, 1);
    let record = storage::load(&id).unwrap();
    assert_eq!((record.revision, &record.doc), (1, &saved));
    let lib = storage::open_library().unwrap();
    assert_eq!(lib.drafts.len(), 1);
    assert_eq!(
        (lib.drafts[0].id.clone(), lib.drafts[0].title.as_str()),
        (id.clone(), "Queue backlog")
    );
    storage::set_last_open(&id);
    assert_eq!(storage::load_current(), Loaded::Draft(Box::new(saved)));
}

#[wasm_bindgen_test]
fn every_save_bumps_the_revision_and_a_stale_one_is_refused() {
    fresh();
    let id = storage::new_id();
    assert_eq!(storage::save(&id, &doc("A", ""), 0).unwrap().0, 1);
    assert_eq!(storage::save(&id, &doc("B", ""), 1).unwrap().0, 2);
    // A tab that last saw revision 1 must not write over revision 2.
    assert_eq!(storage::save(&id, &doc("C", ""), 1), Err(SaveError::Conflict { theirs: 2 }));
    assert_eq!(storage::load(&id).unwrap().doc.title, "B");
}

#[wasm_bindgen_test]
fn the_single_draft_of_schema_1_is_migrated_and_not_lost() {
    fresh();
    local()
        .set_item(
            LEGACY_KEY,
            "{\"schema\":1,\"document\":{\"title\":\"Disk full\",\"summary\":\"It filled.\"}}",
        )
        .unwrap();
    let lib = storage::open_library().unwrap();
    let id = lib.migrated.clone().expect("migrated");
    assert_eq!(lib.drafts.len(), 1);
    assert_eq!(lib.last_open.as_ref(), Some(&id));
    assert_eq!(storage::load(&id).unwrap().doc, doc("Disk full", "It filled."));
    assert_eq!(local().get_item(LEGACY_KEY).unwrap(), None, "migrated once, not twice");
    assert_eq!(storage::open_library().unwrap().drafts.len(), 1);
}

#[wasm_bindgen_test]
fn the_single_draft_of_schema_2_is_migrated() {
    fresh();
    let mut old = doc("Checkout", "Card payments failed.");
    apply(
        &mut old,
        Edit::Add { index: 0, item: Item::Entry(TimelineEntry::new("10:00", "alert")) },
    );
    local().set_item(LEGACY_KEY, &codec::encode(&old)).unwrap();
    let lib = storage::open_library().unwrap();
    assert_eq!(storage::load(&lib.migrated.unwrap()).unwrap().doc, old);
}

/// Values that are not readable drafts, each stored under a draft key.
const CORRUPT: &[(&str, &str)] = &[
    ("truncated JSON", "{\"revision\":3,\"schema\":2,\"docu"),
    ("not JSON", "hello"),
    (
        "a future schema",
        "{\"revision\":1,\"schema\":99,\"document\":{\"title\":\"From the future\"}}",
    ),
    ("foreign JSON", "{\"theme\":\"dark\",\"fontSize\":14}"),
    ("a JSON array", "[1,2,3]"),
    ("a wrong field type", "{\"revision\":1,\"schema\":2,\"document\":{\"title\":5}}"),
    ("a negative revision", "{\"revision\":-1,\"schema\":2,\"document\":{}}"),
    ("an empty string", ""),
];

#[wasm_bindgen_test]
fn unreadable_drafts_are_kept_aside_left_in_place_and_not_listed() {
    for (what, raw) in CORRUPT {
        fresh();
        let good = storage::new_id();
        storage::save(&good, &doc("Fine", ""), 0).unwrap();
        let bad = DraftId::parse("corrupt-1").unwrap();
        local().set_item(&bad.key(), raw).unwrap();

        let lib = storage::open_library().unwrap();
        assert_eq!(lib.drafts.len(), 1, "{what}: only the readable draft is listed");
        assert_eq!(lib.unreadable.len(), 1, "{what}");
        let u = &lib.unreadable[0];
        assert!(u.new, "{what}");
        assert_eq!(u.raw, *raw, "{what}");
        let kept = u.kept_at.clone().unwrap_or_else(|| panic!("{what}: not kept aside"));
        assert!(kept.starts_with(QUARANTINE_PREFIX), "{what}: {kept}");
        assert_eq!(local().get_item(&kept).unwrap().as_deref(), Some(*raw), "{what}");
        assert_eq!(
            local().get_item(&bad.key()).unwrap().as_deref(),
            Some(*raw),
            "{what}: left in place"
        );
        assert!(matches!(storage::load(&bad), Err(LoadError::Unreadable(_))), "{what}");

        // Loading again neither copies it twice nor announces it as new.
        let again = storage::open_library().unwrap();
        assert!(!again.unreadable[0].new, "{what}");
        assert_eq!(quarantined(), vec![raw.to_string()], "{what}");
    }
}

#[wasm_bindgen_test]
fn an_unreadable_legacy_draft_is_kept_aside_and_left_in_place() {
    fresh();
    local().set_item(LEGACY_KEY, "{\"schema\":1,\"docu").unwrap();
    let Loaded::Unreadable { raw, kept_at: Some(key), .. } = storage::load_current() else {
        panic!("expected an unreadable draft that was kept aside");
    };
    assert_eq!(raw, "{\"schema\":1,\"docu");
    assert!(key.starts_with(QUARANTINE_PREFIX), "{key}");
    assert_eq!(local().get_item(&key).unwrap().as_deref(), Some("{\"schema\":1,\"docu"));
    assert_eq!(local().get_item(LEGACY_KEY).unwrap().as_deref(), Some("{\"schema\":1,\"docu"));
}

#[wasm_bindgen_test]
fn saving_over_an_unreadable_value_keeps_it_aside_first() {
    fresh();
    let id = DraftId::parse("was-damaged").unwrap();
    local().set_item(&id.key(), "{oops").unwrap();
    storage::save(&id, &doc("Rewritten", ""), 0).unwrap();
    assert_eq!(quarantined(), vec!["{oops".to_owned()]);
    assert_eq!(storage::load(&id).unwrap().doc.title, "Rewritten");
}

#[wasm_bindgen_test]
fn a_full_storage_is_an_error_value_and_the_stored_draft_is_untouched() {
    fresh();
    let id = storage::new_id();
    storage::save(&id, &doc("Before", ""), 0).unwrap();
    patch_quota();
    let result = storage::save(&id, &doc("After", ""), 1);
    let created = storage::create(&storage::new_id(), &doc("New", ""));
    unpatch();
    assert_eq!(result, Err(SaveError::QuotaExceeded));
    assert_eq!(created, Err(SaveError::QuotaExceeded));
    let stored: Record = storage::load(&id).unwrap();
    assert_eq!((stored.revision, stored.doc.title.as_str()), (1, "Before"));
    // The next save, once there is room again, works from the same revision.
    assert_eq!(storage::save(&id, &doc("After", ""), 1).unwrap().0, 2);
}

#[wasm_bindgen_test]
fn when_storage_is_full_an_unreadable_value_stays_where_it_is() {
    fresh();
    let bad = DraftId::parse("bad").unwrap();
    local().set_item(&bad.key(), "not json").unwrap();
    patch_quota();
    let lib = storage::open_library().unwrap();
    let save = storage::save(&bad, &doc("Mine", ""), 0);
    unpatch();
    assert_eq!(lib.unreadable.len(), 1);
    assert_eq!(lib.unreadable[0].kept_at, None);
    assert!(matches!(save, Err(SaveError::Other(_))), "{save:?}");
    assert_eq!(local().get_item(&bad.key()).unwrap().as_deref(), Some("not json"));
}

#[wasm_bindgen_test]
fn a_really_full_storage_is_reported_as_quota_exceeded() {
    fresh();
    let id = storage::new_id();
    storage::save(&id, &doc("Small", ""), 0).unwrap();
    // Fill localStorage with 512 KB values until the browser refuses one, then 1 KB ones.
    let big = "x".repeat(512 * 1024);
    let small = "x".repeat(1024);
    let mut n = 0;
    for chunk in [&big, &small] {
        while local().set_item(&format!("filler.{n}"), chunk).is_ok() {
            n += 1;
            assert!(n < 100_000, "localStorage never filled up");
        }
        n += 1;
    }
    let result = storage::save(&id, &doc(&"Long title ".repeat(500), ""), 1);
    local().clear().unwrap();
    assert_eq!(result, Err(SaveError::QuotaExceeded));
}

#[wasm_bindgen_test]
fn a_deleted_draft_moves_to_recently_deleted_and_comes_back_exactly() {
    fresh();
    let id = storage::new_id();
    storage::save(&id, &doc("Gone soon", ""), 0).unwrap();
    let raw = local().get_item(&id.key()).unwrap().unwrap();
    assert_eq!(storage::trash(&id, 1_700_000_000_000.0), Ok(true));
    assert_eq!(local().get_item(&id.key()).unwrap(), None);
    let lib = storage::open_library().unwrap();
    assert!(lib.drafts.is_empty());
    assert_eq!(lib.deleted.len(), 1);
    assert_eq!(
        (lib.deleted[0].title.as_str(), lib.deleted[0].deleted),
        ("Gone soon", 1_700_000_000_000.0)
    );
    assert!(local().get_item(&id.deleted_key()).unwrap().is_some());

    let back = storage::untrash(&id).unwrap();
    assert_eq!(back.doc.title, "Gone soon");
    assert_eq!(local().get_item(&id.key()).unwrap(), Some(raw), "exactly as it was stored");
    assert_eq!(local().get_item(&id.deleted_key()).unwrap(), None);
    assert!(storage::untrash(&id).is_err(), "never over an existing draft");
    assert_eq!(storage::trash(&storage::new_id(), 1.0), Ok(false), "no such draft");
}

#[wasm_bindgen_test]
fn purging_removes_only_deleted_drafts() {
    fresh();
    let kept = storage::new_id();
    let gone = storage::new_id();
    storage::save(&kept, &doc("Kept", ""), 0).unwrap();
    storage::save(&gone, &doc("Gone", ""), 0).unwrap();
    storage::trash(&gone, 5.0).unwrap();
    storage::purge(&[gone.clone(), kept.clone()]);
    let lib = storage::open_library().unwrap();
    assert_eq!((lib.drafts.len(), lib.deleted.len()), (1, 0));
}

#[wasm_bindgen_test]
fn a_deletion_in_a_full_storage_makes_room_and_loses_nothing() {
    fresh();
    let id = storage::new_id();
    storage::save(&id, &doc("Big", &"A long summary. ".repeat(2000)), 0).unwrap();
    // Fill the rest with 1 KB values until the browser refuses one.
    let chunk = "x".repeat(1024);
    let mut n = 0;
    while local().set_item(&format!("filler.{n}"), &chunk).is_ok() {
        n += 1;
        assert!(n < 100_000, "localStorage never filled up");
    }
    let result = storage::trash(&id, 9.0);
    let deleted = local().get_item(&id.deleted_key()).unwrap();
    let draft = local().get_item(&id.key()).unwrap();
    local().clear().unwrap();
    // Either it moved (the draft's own room was enough) or it stayed where it was: never lost.
    match result {
        Ok(true) => assert!(deleted.is_some() && draft.is_none()),
        Err(SaveError::QuotaExceeded) => assert!(deleted.is_none() && draft.is_some()),
        other => panic!("unexpected {other:?}"),
    }
}

#[wasm_bindgen_test]
fn keys_of_other_apps_are_left_alone() {
    fresh();
    local().set_item("someone-else", "{}").unwrap();
    local().set_item("postmortem-editor.index", "{\"v\":9}").unwrap();
    let lib = storage::open_library().unwrap();
    assert!(lib.drafts.is_empty() && lib.unreadable.is_empty());
    assert_eq!(local().get_item("someone-else").unwrap().as_deref(), Some("{}"));
    assert_eq!(local().get_item("postmortem-editor.index").unwrap().as_deref(), Some("{\"v\":9}"));
}

/// The figure the issue asks for: how long an autosave of a 200-entry draft takes here.
#[wasm_bindgen_test]
fn autosave_of_a_large_draft_is_timed() {
    fresh();
    let mut big = doc("Large incident", &"A summary sentence. ".repeat(20));
    for i in 0..200 {
        let entry = TimelineEntry::new(
            &format!("{:02}:{:02}", 8 + i / 60, i % 60),
            &format!(
                "Entry {i}: the on-call engineer checked the dashboards and wrote down what they saw."
            ),
        );
        apply(&mut big, Edit::Add { index: i, item: Item::Entry(entry) });
    }
    let id = storage::new_id();
    let rounds = 20;
    let start = js_sys::Date::now();
    let mut seen = 0;
    for _ in 0..rounds {
        // What an autosave does: encode the document, check the revision, write.
        seen = storage::save_envelope(&id, &codec::encode(&big), seen).unwrap().0;
    }
    let per_save = (js_sys::Date::now() - start) / f64::from(rounds);
    let bytes = local().get_item(&id.key()).unwrap().unwrap().len();
    console_log!(
        "autosave of a 200-entry draft ({bytes} bytes): {per_save:.2} ms per save over {rounds} saves"
    );
    assert_eq!(storage::load(&id).unwrap().doc, big);
    assert_eq!(library::peek_revision(&local().get_item(&id.key()).unwrap().unwrap()), Some(20));
}
