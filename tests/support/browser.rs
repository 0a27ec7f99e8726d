//! What the browser tests of the mounted app share (included by `tests/browser_*.rs`).

use postmortem_editor::draft::journal;
use postmortem_editor::ui::App;
use postmortem_editor::ui::journal::Journal;
use wasm_bindgen::JsCast;

/// The test page.
pub fn document() -> web_sys::Document {
    web_sys::window().unwrap().document().unwrap()
}

/// Mounts a fresh app in its own container: this task opens the draft; the page and its parts
/// are still queued (ui/later.rs).
pub fn mount_now() -> web_sys::HtmlElement {
    let container: web_sys::HtmlElement =
        document().create_element("div").unwrap().unchecked_into();
    document().body().unwrap().append_child(&container).unwrap();
    let handle = leptos::mount::mount_to(container.clone(), App);
    APPS.with(|apps| apps.borrow_mut().push(Box::new(handle)));
    container
}

thread_local! {
    /// The apps mounted in this page and not yet disposed of.
    static APPS: std::cell::RefCell<Vec<Box<dyn std::any::Any>>> = Default::default();
}

/// Starts a test from nothing. The tests of a file run one after the other in one page, and the
/// apps of earlier tests would go on running there: a save waits for its frame, and the crash
/// journal (IndexedDB) is written a moment after the last change, so the next app would recover
/// an earlier test's draft. So: dispose of every app mounted so far (their effects, timers and
/// listeners stop), let what they had started finish, then empty localStorage and the journal.
pub async fn fresh_storage() {
    let apps = APPS.with(|apps| std::mem::take(&mut *apps.borrow_mut()));
    drop(apps);
    frame().await;
    next_task().await;
    web_sys::window().unwrap().local_storage().unwrap().unwrap().clear().unwrap();
    // A transaction started later runs after one in flight on the same store.
    let journal = Journal::open().await.expect("the crash journal opens");
    for text in journal.entries().await.expect("the journal's entries") {
        let entry = journal::decode_entry(&text).expect("an entry the app wrote");
        journal.remove(&entry.draft).await.expect("the entry is removed");
    }
}

/// Waits for a task posted now: it runs after the tasks the app has already posted (a message
/// channel's tasks run in the order they were posted), and before any the app posts later.
pub async fn next_task() {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        let channel = web_sys::MessageChannel::new().unwrap();
        channel.port1().set_onmessage(Some(&resolve));
        channel.port2().post_message(&wasm_bindgen::JsValue::NULL).unwrap();
    });
    wasm_bindgen_futures::JsFuture::from(promise).await.unwrap();
}

/// The next animation frame (its callbacks run just before the page is painted).
pub async fn frame() {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        web_sys::window().unwrap().request_animation_frame(&resolve).unwrap();
    });
    wasm_bindgen_futures::JsFuture::from(promise).await.unwrap();
}
