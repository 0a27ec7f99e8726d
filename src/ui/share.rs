//! Share links (issue 18): the "Share link…" dialog, and the offer to open the draft a page was
//! opened with. The link is made and read by `draft::share` (pure); opening it is
//! `Session::open_shared`, which always makes a NEW draft (`sync::Event::OpenShared`). This
//! module only reads `location.hash` (at start, and when a link pasted into the address bar
//! changes only the fragment), and clears it with `history.replaceState` once the user
//! has answered, so a reload does not ask again.

use super::preview::copy_text;
use super::session::Session;
use crate::draft::library::display_title;
use crate::draft::share::{self, LONG_LINK, ShareError};
use crate::model::Postmortem;
use leptos::prelude::*;

/// The share dialog's state, provided by the app for the toolbar button and the dialog.
#[derive(Clone, Copy)]
pub struct Sharer {
    session: Session,
    dialog: NodeRef<leptos::html::Dialog>,
    /// The link for the open document, made when the dialog opens.
    link: RwSignal<String>,
    /// What the Copy button did.
    copied: RwSignal<Option<Result<(), ()>>>,
}

impl Sharer {
    /// A closed share dialog for the open draft of `session`.
    pub fn new(session: Session) -> Sharer {
        Sharer {
            session,
            dialog: NodeRef::new(),
            link: RwSignal::new(String::new()),
            copied: RwSignal::new(None),
        }
    }

    /// Opens the dialog; the link follows as soon as the browser has packed the draft (a few
    /// milliseconds).
    pub fn open(self) {
        let base = window().location().href().unwrap_or_default();
        let json = self.session.editor().doc.with_untracked(share::json);
        self.link.set(String::new());
        self.copied.set(None);
        super::later::show_modal(self.dialog);
        leptos::task::spawn_local(async move {
            let link = match super::zlib::pack(json.as_bytes()).await {
                Ok(packed) => share::link(&base, &packed),
                Err(e) => format!("No link: {e}."),
            };
            let _ = self.link.try_set(link);
        });
    }

    fn close(self) {
        if let Some(dialog) = self.dialog.get_untracked() {
            dialog.close();
        }
    }
}

/// "Share link": the link (read-only), Copy, its length, and what sharing it means.
#[component]
pub fn ShareDialog() -> impl IntoView {
    let sharer = expect_context::<Sharer>();
    let length = move || sharer.link.with(|l| l.chars().count());
    let copy = move |_| {
        let link = sharer.link.get_untracked();
        leptos::task::spawn_local(async move {
            let result = copy_text(&link).await;
            let _ = sharer.copied.try_set(Some(result));
        });
    };
    let select_all = |ev: web_sys::FocusEvent| {
        if let Some(input) = ev
            .target()
            .and_then(|t| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlInputElement>(t).ok())
        {
            input.select();
        }
    };
    view! {
        <dialog class="share-dialog" aria-labelledby="share-title" aria-describedby="share-privacy" node_ref=sharer.dialog>
            <h2 id="share-title">"Share a link to this draft"</h2>
            <p id="share-privacy" class="share-privacy">
                <strong>"Anyone with this link can read the draft."</strong>
                " The draft’s text is inside the link itself: nothing is uploaded, and no server keeps a copy. Whoever opens it gets their own copy as a new draft; your changes after now are not in it."
            </p>
            <div class="field">
                <label for="share-link">"Link"</label>
                <div class="share-row">
                    <input id="share-link" type="text" readonly prop:value=move || sharer.link.get() on:focus=select_all spellcheck="false" autocomplete="off" />
                    <button type="button" class="primary" on:click=copy>"Copy link"</button>
                </div>
            </div>
            <p class="share-length" id="share-length">
                {move || format!("{} characters", group_thousands(length()))}
            </p>
            <Show when=move || { length() > LONG_LINK }>
                <p class="share-long" role="note">
                    {format!("This link is long: some chat tools, mail clients and trackers cut links over {} characters. Check that it arrives whole, or send the .md file instead.", group_thousands(LONG_LINK))}
                </p>
            </Show>
            <p class="share-copied" role="status">
                {move || match sharer.copied.get() {
                    Some(Ok(())) => "Link copied.",
                    Some(Err(())) => "Could not copy: select the link and copy it with Ctrl+C.",
                    None => "",
                }}
            </p>
            <div class="dialog-actions">
                <button type="button" on:click=move |_| sharer.close()>"Close"</button>
            </div>
        </dialog>
    }
}

/// `12345` → `12,345`.
fn group_thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// What the page's own link held when it loaded.
#[derive(Clone, Debug, PartialEq)]
enum Offer {
    /// A draft to open as a new one, if the user wants.
    Open(Box<Postmortem>),
    /// A share link that cannot be opened.
    Broken(ShareError),
    /// What happened after "Open".
    Done(Result<String, String>),
}

/// The offer to open the draft in the page's link (`#share=1.…`), above the editor.
#[component]
pub fn SharedOffer() -> impl IntoView {
    let session = expect_context::<Session>();
    let offer = RwSignal::new(None);
    // Reads the page's link and, if it is a share link, offers what it holds.
    let read = move || {
        let hash = window().location().hash().unwrap_or_default();
        let Some(packed) = share::read_fragment(&hash) else { return };
        leptos::task::spawn_local(async move {
            let unpacked = match packed {
                Ok(packed) => super::zlib::unpack(&packed, share::MAX_JSON).await,
                Err(e) => Err(e),
            };
            let new = match unpacked.and_then(share::open) {
                Ok(doc) => Offer::Open(Box::new(doc)),
                Err(e) => Offer::Broken(e),
            };
            let _ = offer.try_set(Some(new));
        });
    };
    read();
    // A link pasted into this tab's address bar changes only the fragment: no reload.
    let pasted = window_event_listener_untyped("hashchange", move |_| read());
    on_cleanup(move || pasted.remove());
    let open = move |_| {
        let Some(Offer::Open(doc)) = offer.get_untracked() else { return };
        let title = display_title(&doc.title).to_owned();
        let result = session.open_shared(*doc).map(|()| title);
        clear_fragment();
        offer.set(Some(Offer::Done(result)));
    };
    let dismiss = move |_| {
        clear_fragment();
        offer.set(None);
    };
    move || {
        offer.get().map(|o| match o {
            Offer::Open(doc) => view! {
                <section class="share-offer" aria-labelledby="share-offer-title">
                    <h2 id="share-offer-title">"This link holds a shared draft"</h2>
                    <p>
                        {format!("“{}”. Open it as a new draft? Your drafts stay as they are.", display_title(&doc.title))}
                    </p>
                    <button type="button" class="primary" on:click=open>"Open as a new draft"</button>
                    " "
                    <button type="button" class="subtle" on:click=dismiss>"Dismiss"</button>
                </section>
            }
            .into_any(),
            Offer::Broken(e) => view! {
                <div class="share-offer refused" role="alert">
                    <p>
                        <strong>"The shared draft in this link cannot be opened."</strong>
                        {format!(" {}. Nothing was opened; your drafts stay as they are.", sentence(&e.to_string()))}
                    </p>
                    <button type="button" class="subtle" on:click=dismiss>"Dismiss"</button>
                </div>
            }
            .into_any(),
            Offer::Done(result) => {
                let text = match result {
                    Ok(title) => format!("Opened the shared draft “{title}” as a new draft."),
                    Err(e) => format!("The shared draft was not opened: {e}"),
                };
                view! {
                    <div class="share-offer" role="status">
                        <p>{text}</p>
                        <button type="button" class="subtle" on:click=move |_| offer.set(None)>"Dismiss"</button>
                    </div>
                }
                .into_any()
            }
        })
    }
}

/// `text` (one of the app's own messages, in English) with a capital first letter.
fn sentence(text: &str) -> String {
    let mut text = text.to_owned();
    if let Some(first) = text.get_mut(..1) {
        first.make_ascii_uppercase();
    }
    text
}

/// Removes the fragment from the address without reloading or adding a history entry, so a
/// reload does not offer the draft again.
fn clear_fragment() {
    let location = window().location();
    let (Ok(path), Ok(search)) = (location.pathname(), location.search()) else { return };
    if let Ok(history) = window().history() {
        let _ = history.replace_state_with_url(
            &wasm_bindgen::JsValue::NULL,
            "",
            Some(&format!("{path}{search}")),
        );
    }
}
