//! The preview pane: the rendered postmortem (with the timeline picture), the exact Markdown that
//! Download saves, or the review. The preview scrolls to the part of the document being edited.

use super::editor::Editor;
use super::form::Derived;
use super::review::{Review, ReviewPanel};
use crate::markdown::render::{self, Block};
use crate::markdown::{self, Exported};
use crate::model::template::{Part, Template};
use leptos::prelude::*;
use std::time::Duration;
use wasm_bindgen::JsCast;

/// Which tab of the preview pane shows; provided by the app (the toolbar opens Review).
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum PreviewTab {
    /// The postmortem as it will read.
    Rendered,
    /// The Markdown text Download saves.
    Markdown,
    /// The reviewer's findings.
    Review,
}

/// The timeline picture as a block of its own right under the timeline's heading (the
/// template's).
fn insert_picture(blocks: &mut Vec<Block>, svg: Option<&str>, heading: &str) {
    let heading = format!("<h2>{heading}</h2>\n");
    if let Some(svg) = svg
        && let Some(at) = blocks.iter().position(|b| b.html == heading)
    {
        let html = format!("<figure class=\"timeline-picture\">{svg}</figure>\n");
        blocks.insert(at + 1, Block { html, items: Vec::new() });
    }
}

/// Shows `markdown` rendered (safe HTML), as text, or the review.
#[component]
pub fn PreviewPane(markdown: Memo<Exported>) -> impl IntoView {
    let view = expect_context::<RwSignal<PreviewTab>>();
    let editor = expect_context::<Editor>();
    let derived = expect_context::<Derived>();
    let review = expect_context::<Review>();
    let svg = Memo::new(move |_| {
        editor.settled(|d| derived.resolved.with(|r| markdown::timeline_svg(d, r)))
    });
    // Rendered on every keystroke, section by section (see `Renderer`).
    let renderer = StoredValue::new(render::Renderer::default());
    let blocks = Memo::new(move |_| {
        let mut blocks = markdown.with(|md| {
            renderer.try_update_value(|r| r.blocks(&md.markdown, &md.sections)).unwrap_or_default()
        });
        let heading = editor.for_controls(|d| d.template.template().heading(Part::Timeline));
        svg.with(|s| insert_picture(&mut blocks, s.as_deref(), heading.unwrap_or("Timeline")));
        blocks
    });
    let article = NodeRef::<leptos::html::Div>::new();
    let shown = StoredValue::new(Vec::<Block>::new());
    // The first render comes in the task after the first screen's (ui/later.rs): the form takes
    // input one task sooner.
    let drawn = RwSignal::new(false);
    super::later::next(move || {
        let _ = drawn.try_set(true);
    });
    // Only the blocks that changed are touched (see `patch`).
    Effect::new(move |_| {
        if !drawn.get() {
            return;
        }
        blocks.with(|new| {
            let Some(article) = article.get() else { return };
            shown.update_value(|old| {
                super::patch::patch_blocks(&article, old, new);
                old.clone_from(new);
            });
        });
    });
    let download_svg = move |_| {
        if let Some(svg) = svg.get_untracked() {
            let name = editor.doc.with_untracked(markdown::file_name);
            let name = format!("{}-timeline.svg", name.trim_end_matches(".md"));
            super::download::save_text(&name, "image/svg+xml", &svg);
        }
    };
    let copy_state = RwSignal::new(String::new());
    let pane = NodeRef::<leptos::html::Section>::new();
    let tab = move |which: PreviewTab, label: &'static str, panel: &'static str| {
        view! {
            <button
                type="button"
                role="tab"
                id=format!("tab-{panel}")
                aria-controls=panel
                aria-selected=move || (view.get() == which).to_string()
                on:click=move |_| {
                    if which == PreviewTab::Review {
                        super::later::flush();
                    }
                    view.set(which);
                }
            >
                {label}
                {(which == PreviewTab::Review).then(|| view! { <span class="tab-count">{move || review.count.get().map(|n| format!(" ({n})")).unwrap_or_default()}</span> })}
            </button>
        }
    };
    let copy = move |_| {
        let text = markdown.with_untracked(|md| md.markdown.clone());
        leptos::task::spawn_local(async move {
            let message = match copy_text(&text).await {
                Ok(()) => "Copied the Markdown",
                Err(()) => "Could not copy: select the text in the Markdown tab and copy it",
            };
            copy_state.set(message.to_owned());
            set_timeout(move || copy_state.set(String::new()), Duration::from_secs(4));
        });
    };
    let follow = window_event_listener(leptos::ev::focusin, move |ev| {
        if let (Some(pane), Some(target)) = (pane.get_untracked(), ev.target()) {
            let template = editor.doc.with_untracked(|d| d.template.template());
            follow_focus(&pane, &target, template);
        }
    });
    on_cleanup(move || follow.remove());
    view! {
        <section class="preview-pane" aria-label="Preview" node_ref=pane>
            <div class="preview-tabs">
                <div role="tablist" aria-label="Preview as">
                    {tab(PreviewTab::Rendered, "Rendered", "preview-rendered")}
                    {tab(PreviewTab::Markdown, "Markdown", "preview-markdown")}
                    {tab(PreviewTab::Review, "Review", "preview-review")}
                </div>
                <button type="button" class="copy" on:click=copy>"Copy Markdown"</button>
                <button type="button" disabled=move || svg.with(Option::is_none) on:click=download_svg>"Download SVG"</button>
                <span class="copy-state" role="status" aria-label="Copy status">{move || copy_state.get()}</span>
            </div>
            <div
                id="preview-rendered"
                role="tabpanel"
                aria-labelledby="tab-preview-rendered"
                class="preview markdown-body"
                hidden=move || view.get() != PreviewTab::Rendered
                node_ref=article
                on:click=open_links_safely
            ></div>
            <pre
                id="preview-markdown"
                role="tabpanel"
                aria-labelledby="tab-preview-markdown"
                class="markdown-source"
                tabindex="0"
                hidden=move || view.get() != PreviewTab::Markdown
            >
                // Filled only while shown: a hidden copy would cost a 60 KB string per keystroke.
                {move || if view.get() == PreviewTab::Markdown { markdown.with(|md| md.markdown.clone()) } else { String::new() }}
            </pre>
            <div
                id="preview-review"
                role="tabpanel"
                aria-labelledby="tab-preview-review"
                hidden=move || view.get() != PreviewTab::Review
            >
                // Built, and the review worked out, after the first screen (ui/later.rs); at
                // once if the tab is chosen before that.
                <super::later::Later turn=super::later::Turn::Last><ReviewPanel /></super::later::Later>
            </div>
        </section>
    }
}

/// Puts `text` on the clipboard: the Clipboard API, or the older `execCommand("copy")` where the
/// API is missing or refused.
pub(super) async fn copy_text(text: &str) -> Result<(), ()> {
    let clipboard = window().navigator().clipboard();
    let promise = js_sys::Reflect::get(&clipboard, &"writeText".into())
        .ok()
        .filter(|f| f.is_function())
        .map(|_| clipboard.write_text(text));
    if let Some(promise) = promise
        && wasm_bindgen_futures::JsFuture::from(promise).await.is_ok()
    {
        return Ok(());
    }
    copy_with_selection(text)
}

fn copy_with_selection(text: &str) -> Result<(), ()> {
    let document = document();
    let area: web_sys::HtmlTextAreaElement =
        document.create_element("textarea").map_err(drop)?.dyn_into().map_err(drop)?;
    area.set_value(text);
    area.set_attribute("readonly", "").map_err(drop)?;
    area.set_class_name("sr-only");
    let body = document.body().ok_or(())?;
    body.append_child(&area).map_err(drop)?;
    area.select();
    let html: &web_sys::HtmlDocument = document.unchecked_ref();
    let copied = html.exec_command("copy").unwrap_or(false);
    area.remove();
    if copied { Ok(()) } else { Err(()) }
}

/// Links in the preview open in a new tab (the editor stays); neutralised links do nothing.
fn open_links_safely(ev: web_sys::MouseEvent) {
    let Some(link) = ev
        .target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        .and_then(|e| e.closest("a[href]").ok().flatten())
    else {
        return;
    };
    ev.prevent_default();
    let href = link.get_attribute("href").unwrap_or_default();
    if href.starts_with("http://") || href.starts_with("https://") || href.starts_with("mailto:") {
        let _ =
            window().open_with_url_and_target_and_features(&href, "_blank", "noopener,noreferrer");
    }
}

/// Scrolls the preview to the part of the document that the focused form field belongs to:
/// the heading the document's template gives that section (a form section carries it as
/// `data-heading`; the list sections are looked up in the template).
fn follow_focus(pane: &web_sys::HtmlElement, target: &web_sys::EventTarget, template: &Template) {
    let Some(field) = target.dyn_ref::<web_sys::Element>() else { return };
    let Some(section) = field.closest(".form-section").ok().flatten() else { return };
    let Ok(Some(preview)) = pane.query_selector(".preview") else { return };
    let headings = preview.query_selector_all("h1, h2").ok();
    let find = |text: &str| -> Option<web_sys::Element> {
        let list = headings.as_ref()?;
        (0..list.length())
            .filter_map(|i| list.item(i)?.dyn_into::<web_sys::Element>().ok())
            .find(|h| h.text_content().unwrap_or_default().trim() == text)
    };
    let anchor = match section.id().as_str() {
        "section-summary" => {
            scroll_pane(pane, 0.0);
            return;
        }
        "section-timeline" => {
            let heading = template.heading(Part::Timeline).unwrap_or("Timeline");
            find(heading).map(|h| timeline_item(&h, field).unwrap_or(h))
        }
        "section-measures" => template.heading(Part::Measures).and_then(find),
        "section-custom" => {
            let heading = field
                .closest("li")
                .ok()
                .flatten()
                .and_then(|row| row.query_selector("input").ok().flatten())
                .and_then(|input| input.dyn_into::<web_sys::HtmlInputElement>().ok())
                .map(|input| input.value())
                .unwrap_or_default();
            if heading.trim().is_empty() { None } else { find(heading.trim()) }
        }
        _ => section.get_attribute("data-heading").and_then(|h| find(&h)),
    };
    let Some(anchor) = anchor else { return };
    let top = anchor.get_bounding_client_rect().top() - pane.get_bounding_client_rect().top();
    scroll_pane(pane, f64::from(pane.scroll_top()) + top - 12.0);
}

fn scroll_pane(pane: &web_sys::HtmlElement, top: f64) {
    let options = web_sys::ScrollToOptions::new();
    options.set_top(top.max(0.0));
    options.set_behavior(web_sys::ScrollBehavior::Smooth);
    pane.scroll_to_with_scroll_to_options(&options);
}

/// The preview's timeline item matching the focused form row, if any.
fn timeline_item(heading: &web_sys::Element, field: &web_sys::Element) -> Option<web_sys::Element> {
    let row = field.closest("li[data-row-id]").ok()??;
    let rows = row.parent_element()?.children();
    let index = (0..rows.length()).position(|i| rows.item(i).as_ref() == Some(&row))?;
    let mut list = heading.next_element_sibling()?;
    if list.tag_name() == "FIGURE" {
        list = list.next_element_sibling()?;
    }
    let list = Some(list).filter(|e| e.tag_name() == "UL")?;
    list.children().item(index as u32)
}
