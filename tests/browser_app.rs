//! Browser tests of the mounted app: the slice from a form field to the preview and to storage.
#![cfg(target_arch = "wasm32")]

use postmortem_editor::draft::storage::{self, Loaded};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[path = "support/browser.rs"]
mod browser;
use browser::{document, frame, fresh_storage, mount_now, next_task};

/// Waits for leptos to flush its updates to the DOM.
async fn tick() {
    sleep(0.0).await;
}

/// Waits `ms` milliseconds.
async fn sleep(ms: f64) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        web_sys::window()
            .unwrap()
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms as i32)
            .unwrap();
    });
    wasm_bindgen_futures::JsFuture::from(promise).await.unwrap();
}

/// Mounts a fresh app and waits until every part is built: the form's last section and the
/// last dialog (the paste dialog).
async fn mount() -> web_sys::HtmlElement {
    let container = mount_now();
    for _ in 0..50 {
        tick().await;
        if container.query_selector("#section-timeline").unwrap().is_some()
            && container.query_selector("#section-custom").unwrap().is_some()
            && container.query_selector("dialog.paste-dialog").unwrap().is_some()
        {
            return container;
        }
    }
    panic!("the app's parts were not all built after 50 tasks");
}

// Each test starts from nothing: the apps of earlier tests still run in this page, and one that
// typed writes its crash journal (IndexedDB) a moment later. Were that entry left, the next app
// would recover the earlier test's draft and open it in place of a blank one.
#[wasm_bindgen_test]
async fn a_fresh_start_opens_a_blank_draft_whatever_an_earlier_app_typed() {
    fresh_storage().await;
    let earlier = mount().await;
    type_into(&earlier, "#field-title", "Left by an earlier test");
    earlier.remove();
    // Long enough for its journal to be written (one write gap, then the transaction).
    sleep(3.0 * postmortem_editor::draft::journal::WRITE_GAP_MS).await;
    fresh_storage().await;
    let app = mount().await;
    // The new app has read the journal (at start) and acted on what it found.
    sleep(3.0 * postmortem_editor::draft::journal::WRITE_GAP_MS).await;
    let title: web_sys::HtmlInputElement =
        app.query_selector("#field-title").unwrap().unwrap().unchecked_into();
    assert_eq!(title.value(), "", "the new app opened an earlier test's draft");
    assert_ne!(stored_title().as_deref(), Some("Left by an earlier test"));
    app.remove();
}

#[wasm_bindgen_test]
async fn the_draft_opens_then_the_first_screen_then_the_preview_then_the_rest() {
    fresh_storage().await;
    let app = mount_now();
    // Issue 16: short tasks, not one long one. The first opens the draft (the static frame still
    // shows); the next builds what a person sees and types into first; the preview's content
    // comes in the one after, and what is below the fold after that.
    assert!(app.query_selector("#field-title").unwrap().is_none(), "the page, one task later");
    next_task().await;
    assert!(app.query_selector("#field-title").unwrap().is_some(), "the title");
    let preview = app.query_selector(".preview").unwrap().expect("the preview's frame");
    assert!(preview.first_element_child().is_none(), "the preview is drawn in the next task");
    assert!(app.query_selector("#section-timeline").unwrap().is_none(), "timeline not yet");
    next_task().await;
    assert!(preview.first_element_child().is_some(), "the preview, one task later");
    assert!(app.query_selector("#section-timeline").unwrap().is_none(), "timeline not yet");
    // Then each part in the template's order, the dialogs last.
    app.remove();
    let app = mount().await;
    let ids: Vec<String> = {
        let list = app.query_selector_all("form.editor section.form-section").unwrap();
        (0..list.length())
            .map(|i| list.item(i).unwrap().unchecked_into::<web_sys::Element>().id())
            .collect()
    };
    assert_eq!(ids.first().map(String::as_str), Some("section-summary"), "{ids:?}");
    assert!(ids.iter().any(|id| id == "section-timeline"), "{ids:?}");
    assert_eq!(ids.last().map(String::as_str), Some("section-custom"), "{ids:?}");
    app.remove();
}

#[wasm_bindgen_test]
async fn a_dialog_asked_for_before_its_turn_opens() {
    fresh_storage().await;
    let app = mount_now();
    next_task().await;
    assert!(app.query_selector("dialog.import-dialog").unwrap().is_none(), "not built yet");
    // A click on Import in the very task the page was built in.
    let import = app.query_selector_all(".toolbar button").unwrap();
    let import: web_sys::HtmlElement = (0..import.length())
        .map(|i| import.item(i).unwrap().unchecked_into::<web_sys::HtmlElement>())
        .find(|b| b.text_content().unwrap_or_default().starts_with("Import"))
        .expect("the Import button");
    import.click();
    for _ in 0..3 {
        tick().await;
    }
    let dialog: web_sys::HtmlDialogElement = app
        .query_selector("dialog.import-dialog")
        .unwrap()
        .expect("built on demand")
        .unchecked_into();
    assert!(dialog.open(), "the import dialog is open");
    dialog.close();
    app.remove();
}

/// Types `text` into the field with id `id` as a user would (value, then an input event).
fn type_into(container: &web_sys::HtmlElement, selector: &str, text: &str) {
    let field = container.query_selector(selector).unwrap().expect(selector);
    if let Some(input) = field.dyn_ref::<web_sys::HtmlInputElement>() {
        input.set_value(text);
    } else {
        field.unchecked_ref::<web_sys::HtmlTextAreaElement>().set_value(text);
    }
    let init = web_sys::EventInit::new();
    init.set_bubbles(true);
    field
        .dispatch_event(&web_sys::Event::new_with_event_init_dict("input", &init).unwrap())
        .unwrap();
}

fn preview_html(container: &web_sys::HtmlElement) -> String {
    container.query_selector(".preview").unwrap().expect("preview").inner_html()
}

#[wasm_bindgen_test]
async fn typing_updates_the_preview_and_the_saved_draft() {
    fresh_storage().await;
    let app = mount().await;
    type_into(&app, "#field-title", "Login storm");
    type_into(&app, "#field-summary", "Sessions expired *all at once*.");
    tick().await;
    // Saved right after the frame that shows it.
    frame().await;
    next_task().await;
    next_task().await;
    let html = preview_html(&app);
    assert!(html.starts_with("<h1>Login storm</h1>\n"), "{html}");
    assert!(
        html.contains("<h2>Issue Summary</h2>\n<p>Sessions expired <em>all at once</em>.</p>\n"),
        "{html}"
    );
    let Loaded::Draft(saved) = storage::load_current() else { panic!("the draft was not saved") };
    assert_eq!(saved.title, "Login storm");
    app.remove();
}

/// The stored title, if a draft is stored.
fn stored_title() -> Option<String> {
    match storage::load_current() {
        Loaded::Draft(saved) => Some(saved.title),
        _ => None,
    }
}

// A keystroke's task updates the form and the preview, and the page is painted before the draft
// is serialised and written: the save comes in a task of its own after the next frame.
#[wasm_bindgen_test]
async fn a_change_is_painted_first_and_saved_right_after() {
    fresh_storage().await;
    let app = mount().await;
    frame().await;
    next_task().await;
    type_into(&app, "#field-title", "Painted first");
    // The task after the keystroke's: the preview shows it, storage not yet.
    next_task().await;
    assert!(preview_html(&app).starts_with("<h1>Painted first</h1>"), "{}", preview_html(&app));
    assert_ne!(stored_title().as_deref(), Some("Painted first"));
    // After the frame, in a task of its own.
    frame().await;
    next_task().await;
    next_task().await;
    assert_eq!(stored_title().as_deref(), Some("Painted first"));
    app.remove();
}

#[wasm_bindgen_test]
async fn the_preview_patches_blocks_without_leaving_debris() {
    fresh_storage().await;
    let app = mount().await;
    type_into(&app, "#field-title", "Queue backlog");
    for i in 0..10 {
        let text = if i % 2 == 0 { "First paragraph.\n\n- a list\n\nLast." } else { "" };
        type_into(&app, "#field-summary", text);
        tick().await;
    }
    type_into(&app, "#field-summary", "Only this.");
    tick().await;
    let preview = app.query_selector(".preview").unwrap().unwrap();
    let html = preview.inner_html();
    assert!(html.starts_with("<h1>Queue backlog</h1>\n"), "{html}");
    assert!(html.contains("<h2>Issue Summary</h2>\n<p>Only this.</p>\n"), "{html}");
    // One element and one newline per block: nothing accumulates as blocks come and go.
    let (nodes, elements) = (preview.child_nodes().length(), preview.child_element_count());
    assert!(nodes <= 2 * elements, "{nodes} nodes for {elements} blocks: {html:?}");
    app.remove();
}

#[wasm_bindgen_test]
async fn typing_patches_the_changed_text_in_place() {
    fresh_storage().await;
    let app = mount().await;
    type_into(&app, "#field-title", "Cache stampede");
    type_into(&app, "#field-summary", "Keys expired together");
    tick().await;
    let preview = app.query_selector(".preview").unwrap().unwrap();
    let paragraph = preview.query_selector("h2 + p").unwrap().expect("summary paragraph");
    let heading = preview.first_element_child().expect("title");
    let last = preview.last_element_child().expect("last block");
    type_into(&app, "#field-summary", "Keys expired together at noon");
    tick().await;
    // The same nodes, changed where the text changed: no block was parsed and swapped in whole.
    assert!(paragraph.is_connected(), "the summary paragraph was replaced");
    assert_eq!(paragraph.text_content().unwrap(), "Keys expired together at noon");
    assert!(heading.is_connected() && last.is_connected(), "untouched blocks were replaced");
    assert_eq!(preview.first_element_child().as_ref(), Some(&heading));
    app.remove();
}

#[wasm_bindgen_test]
async fn typing_in_a_timeline_entry_changes_only_its_item() {
    fresh_storage().await;
    let app = mount().await;
    let add: web_sys::HtmlElement = app
        .query_selector("#section-timeline button.add")
        .unwrap()
        .unwrap_or_else(|| {
            let t = app.query_selector("#section-timeline").unwrap().map(|e| e.outer_html());
            let l = app.query_selector_all("section").unwrap();
            let ids: Vec<String> = (0..l.length())
                .map(|i| l.item(i).unwrap().unchecked_into::<web_sys::Element>().id())
                .collect();
            panic!("Add entry: {ids:?} {t:?}")
        })
        .unchecked_into();
    for _ in 0..3 {
        add.click();
        tick().await;
    }
    let texts = app.query_selector_all("ol.timeline textarea").unwrap();
    assert!(texts.length() >= 3, "{} timeline text fields", texts.length());
    let ids: Vec<String> =
        (0..3).map(|i| texts.item(i).unwrap().unchecked_into::<web_sys::Element>().id()).collect();
    for (i, id) in ids.iter().enumerate() {
        type_into(&app, &format!("#{id}"), &format!("Step {i}"));
    }
    tick().await;
    let preview = app.query_selector(".preview").unwrap().unwrap();
    let list = |i: u32| {
        preview.query_selector_all("h2 + ul > li, h2 + figure + ul > li").unwrap().item(i).unwrap()
    };
    let (first, second, third) = (list(0), list(1), list(2));
    type_into(&app, &format!("#{}", ids[1]), "Step 1, rolled back");
    tick().await;
    assert_eq!(second.text_content().unwrap(), "Step 1, rolled back", "patched in place");
    assert!(first.is_connected() && second.is_connected() && third.is_connected());
    assert!(list(0).is_same_node(Some(&first)) && list(2).is_same_node(Some(&third)));
    app.remove();
}

#[wasm_bindgen_test]
async fn alt_shift_n_right_after_the_page_starts_adds_an_entry_and_puts_the_cursor_in_it() {
    fresh_storage().await;
    let app = mount_now();
    next_task().await;
    // In the very task the page was built in: the Timeline section and the paste dialog are not
    // built yet (ui/later.rs), the shortcut must work all the same.
    let init = web_sys::KeyboardEventInit::new();
    init.set_key("N");
    init.set_code("KeyN");
    init.set_alt_key(true);
    init.set_shift_key(true);
    init.set_bubbles(true);
    init.set_cancelable(true);
    let key = web_sys::KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).unwrap();
    web_sys::window().unwrap().dispatch_event(&key).unwrap();
    assert!(key.default_prevented(), "the shortcut took the key");
    for _ in 0..3 {
        tick().await;
    }
    let texts = app.query_selector_all("ol.timeline textarea").unwrap();
    assert_eq!(texts.length(), 1, "one entry");
    let text: web_sys::Element = texts.item(0).unwrap().unchecked_into();
    assert_eq!(document().active_element().map(|e| e.id()), Some(text.id()), "the cursor is in it");
    app.remove();
}
