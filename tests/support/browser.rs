//! What the browser tests of the mounted app share (included by `tests/browser_*.rs`).

use postmortem_editor::ui::App;
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
    leptos::mount::mount_to(container.clone(), App).forget();
    container
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
