//! The bare stack (benchmark reference): a textarea whose Markdown is rendered live next to it
//! and saved in localStorage on every change. The element ids and the preview's markup match the
//! editor's, so the benchmark measures both with the same probes.

#[cfg(target_arch = "wasm32")]
fn main() {
    leptos::mount::mount_to_body(app::App);
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("bare-stack is the benchmark's reference web app: `cargo xtask bench` builds it.");
}

#[cfg(target_arch = "wasm32")]
mod app {
    use gloo_storage::{LocalStorage, Storage};
    use leptos::prelude::*;
    use pulldown_cmark::{Options, Parser, html};

    const KEY: &str = "bare-stack.text";

    /// The editor's Markdown options (src/markdown/render.rs), so both parse the same way.
    fn to_html(markdown: &str) -> String {
        let options = Options::ENABLE_TABLES
            | Options::ENABLE_FOOTNOTES
            | Options::ENABLE_STRIKETHROUGH
            | Options::ENABLE_TASKLISTS
            | Options::ENABLE_GFM;
        let mut out = String::with_capacity(markdown.len() * 3 / 2);
        html::push_html(&mut out, Parser::new_ext(markdown, options));
        out
    }

    #[component]
    pub fn App() -> impl IntoView {
        let saved = LocalStorage::get::<String>(KEY).ok();
        let text = RwSignal::new(saved.unwrap_or_else(|| "# Untitled\n".to_owned()));
        Effect::new(move |_| text.with(|t| LocalStorage::set(KEY, t).ok()));
        let preview = Memo::new(move |_| text.with(|t| to_html(t)));
        view! {
            <main class="workspace">
                <textarea
                    id="field-title"
                    aria-label="Markdown"
                    prop:value=text.get_untracked()
                    on:input=move |ev| text.set(event_target_value(&ev))
                ></textarea>
                <section aria-label="Preview">
                    <article class="preview" inner_html=move || preview.get()></article>
                </section>
            </main>
        }
    }
}
