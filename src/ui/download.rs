//! Saving text as a file the user downloads (a Blob and a temporary `<a download>`).

use std::time::Duration;
use wasm_bindgen::{JsCast, JsValue};

/// Offers `text` as a download named `file_name`. Failures are logged, never panics.
pub(crate) fn save_text(file_name: &str, mime: &str, text: &str) {
    if let Err(err) = try_save_text(file_name, mime, text) {
        web_sys::console::error_2(&JsValue::from_str("download failed"), &err);
    }
}

fn try_save_text(file_name: &str, mime: &str, text: &str) -> Result<(), JsValue> {
    let parts = js_sys::Array::of1(&JsValue::from_str(text));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options)?;
    let url = web_sys::Url::create_object_url_with_blob(&blob)?;
    let document = web_sys::window().and_then(|w| w.document()).ok_or("no document")?;
    let link: web_sys::HtmlAnchorElement = document.create_element("a")?.dyn_into()?;
    link.set_href(&url);
    link.set_download(file_name);
    link.click();
    // Revoke later: the download reads the URL after this task ends.
    leptos::prelude::set_timeout(
        move || {
            let _ = web_sys::Url::revoke_object_url(&url);
        },
        Duration::from_secs(5),
    );
    Ok(())
}
