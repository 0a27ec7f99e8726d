//! The preview pane: the rendered postmortem, or the exact Markdown that Download saves.

use crate::markdown::render;
use leptos::prelude::*;

#[derive(Clone, Copy, PartialEq, Eq)]
enum View {
    Rendered,
    Markdown,
}

/// Shows `markdown` rendered (safe HTML) or as text.
#[component]
pub fn PreviewPane(markdown: Memo<String>) -> impl IntoView {
    let view = RwSignal::new(View::Rendered);
    let html = Memo::new(move |_| markdown.with(|md| render::to_html(md)));
    let tab = move |which: View, label: &'static str, panel: &'static str| {
        view! {
            <button
                type="button"
                role="tab"
                id=format!("tab-{panel}")
                aria-controls=panel
                aria-selected=move || (view.get() == which).to_string()
                on:click=move |_| view.set(which)
            >
                {label}
            </button>
        }
    };
    view! {
        <section class="preview-pane" aria-label="Preview">
            <div class="preview-tabs" role="tablist" aria-label="Preview as">
                {tab(View::Rendered, "Rendered", "preview-rendered")}
                {tab(View::Markdown, "Markdown", "preview-markdown")}
            </div>
            <article
                id="preview-rendered"
                role="tabpanel"
                aria-labelledby="tab-preview-rendered"
                class="preview markdown-body"
                hidden=move || view.get() != View::Rendered
                inner_html=move || html.get()
            ></article>
            <pre
                id="preview-markdown"
                role="tabpanel"
                aria-labelledby="tab-preview-markdown"
                class="markdown-source"
                tabindex="0"
                hidden=move || view.get() != View::Markdown
            >
                {move || markdown.get()}
            </pre>
        </section>
    }
}
