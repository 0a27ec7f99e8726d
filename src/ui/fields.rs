//! Form fields bound to the document: each reads the document, writes through [`Editor`], and
//! shows the validation findings about it right below, without blocking typing.

use super::editor::Editor;
use crate::model::validate::{Finding, FindingKind, Target};
use crate::model::{Edit, ItemField, ListField, Percent, TextField, split_list};
use leptos::prelude::*;

/// The current validation findings, provided by the app.
#[derive(Clone, Copy)]
pub struct Findings(pub Memo<Vec<Finding>>);

/// Which pane a narrow screen shows (both show side by side on a wide one); provided by the app.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Pane {
    /// The form.
    Edit,
    /// The preview, Markdown or review.
    Preview,
}

/// Moves focus to the field a finding concerns (switching a narrow screen to the form).
pub fn focus_target(target: Target) {
    use crate::model::List;
    if let Some(pane) = use_context::<RwSignal<Pane>>() {
        pane.set(Pane::Edit);
    }
    let selector = match target {
        Target::Field(f) => format!("#{}", field_id(f)),
        Target::ItemField(id, f) => format!("#{}", item_field_id(id, f)),
        Target::Item(id) => format!("[data-row-id=\"{id}\"] .drag-handle"),
        Target::List(List::Timeline) => "#section-timeline .add".to_owned(),
        Target::List(List::Tasks | List::Improvements) => "#section-measures .add".to_owned(),
        Target::List(List::CustomSections) => "#section-custom .add".to_owned(),
    };
    focus_later(selector);
}

/// Focuses the element matching the CSS `selector` once the view has rendered (after the next
/// animation frame): the one way the form moves focus to a row or field it has just changed. If
/// it is not there, it may be a part still waiting its turn (ui/later.rs): those are built, and
/// the focus waits one more frame.
pub fn focus_later(selector: String) {
    request_animation_frame(move || {
        if !focus_match(&selector) {
            super::later::flush();
            request_animation_frame(move || {
                focus_match(&selector);
            });
        }
    });
}

/// Focuses the element matching `selector`, if there is one.
fn focus_match(selector: &str) -> bool {
    use wasm_bindgen::JsCast;
    let found = document()
        .query_selector(selector)
        .ok()
        .flatten()
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
    found.is_some_and(|el| el.focus().is_ok())
}

/// The DOM id of a document field's input.
pub fn field_id(field: TextField) -> String {
    format!("field-{}", format!("{field:?}").to_lowercase())
}

/// The DOM id of an item field's input.
pub fn item_field_id(id: crate::model::Id, field: ItemField) -> String {
    format!("item-{id}-{}", format!("{field:?}").to_lowercase())
}

/// A stable DOM id for the findings about `target` (for `aria-describedby`).
pub fn findings_id(target: Target) -> String {
    let raw = format!("{target:?}");
    let slug: String =
        raw.chars().map(|c| if c.is_ascii_alphanumeric() { c } else { '-' }).collect();
    format!("findings-{}", slug.to_lowercase())
}

/// The messages about `target`, under its field. Empty (and silent) when there are none.
///
/// "Missing" findings wait until the field has been visited (`touched`): a blank new draft is
/// not a list of errors. The toolbar counts them all along.
#[component]
pub fn FieldFindings(
    target: Target,
    /// Whether the user has left the field once; `None` shows every finding at once.
    #[prop(optional, into)]
    touched: Option<Signal<bool>>,
) -> impl IntoView {
    let Findings(findings) = expect_context::<Findings>();
    let editor = expect_context::<Editor>();
    let messages = Memo::new(move |_| {
        let show_missing = touched.is_none_or(|t| t.get());
        // Findings are computed once typing pauses; "missing" must not linger (and shift the
        // layout under the pointer) once the field has text.
        let filled = |f: &Finding| match (f.kind, f.target) {
            (FindingKind::Missing, Target::Field(field)) => {
                editor.doc.with(|d| !d.text(field).trim().is_empty())
            }
            _ => false,
        };
        findings.with(|all| {
            all.iter()
                .filter(|f| f.target == target && (show_missing || f.kind != FindingKind::Missing))
                .filter(|f| !filled(f))
                .map(|f| f.message.clone())
                .collect::<Vec<_>>()
        })
    });
    view! {
        <ul class="findings" id=findings_id(target) hidden=move || messages.with(Vec::is_empty)>
            {move || messages.get().into_iter().map(|m| view! { <li>{m}</li> }).collect_view()}
        </ul>
    }
}

/// A placeholder as an example, so it never reads as a filled value: "14:30" → "e.g. 14:30".
pub fn example(placeholder: &str) -> Option<String> {
    (!placeholder.is_empty()).then(|| format!("e.g. {placeholder}"))
}

/// Whether a key press is the Enter that adds the next item of a list (plain Enter, not while
/// composing; Shift+Enter is a new line).
pub fn is_add_enter(ev: &web_sys::KeyboardEvent) -> bool {
    ev.key() == "Enter"
        && !ev.shift_key()
        && !ev.alt_key()
        && !ev.ctrl_key()
        && !ev.meta_key()
        && !ev.is_composing()
}

/// A labelled one-line or multi-line text field for a document field.
#[component]
pub fn TextInput(
    field: TextField,
    /// The label, when the template names the field otherwise (default: the field's own).
    #[prop(optional)]
    label: Option<&'static str>,
    /// Example input shown while the field is empty.
    #[prop(optional)]
    placeholder: &'static str,
    /// A short help text under the label.
    #[prop(optional)]
    hint: &'static str,
    /// Show a multi-line, auto-growing text area even if the field is one paragraph.
    #[prop(optional)]
    multiline: bool,
    /// The id of a `<datalist>` of suggestions.
    #[prop(optional)]
    suggestions: Option<&'static str>,
) -> impl IntoView {
    let editor = expect_context::<Editor>();
    let id = field_id(field);
    let placeholder = example(placeholder);
    let value = editor.control_memo(move |d| d.text(field).to_owned());
    let on_input =
        move |ev| editor.type_text(Edit::SetText { field, value: event_target_value(&ev) });
    let described = findings_id(Target::Field(field));
    let touched = RwSignal::new(false);
    let leave = move |_| {
        touched.set(true);
        editor.seal();
    };
    let control = if multiline || field.is_block() {
        view! {
            <textarea
                id=id.clone()
                rows=if field.is_block() { "4" } else { "2" }
                placeholder=placeholder.clone()
                aria-describedby=described
                prop:value=value
                on:input=on_input
                on:blur=leave
            ></textarea>
        }
        .into_any()
    } else {
        view! {
            <input
                id=id.clone()
                type="text"
                autocomplete="off"
                placeholder=placeholder
                list=suggestions
                aria-describedby=described
                prop:value=value
                on:input=on_input
                on:blur=leave
            />
        }
        .into_any()
    };
    view! {
        <div class="field">
            <label for=id>{label.unwrap_or(field.label())}</label>
            {(!hint.is_empty()).then(|| view! { <p class="hint">{hint}</p> })}
            {control}
            <FieldFindings target=Target::Field(field) touched=touched />
        </div>
    }
}

/// A text box for a list of names, separated by commas or new lines.
///
/// What the user types is kept as typed (a trailing comma survives) while it means the same list
/// as the document; an undo or an import that changes the list shows the new list.
#[component]
pub fn ListInput(
    field: ListField,
    label: &'static str,
    #[prop(optional)] placeholder: &'static str,
) -> impl IntoView {
    let editor = expect_context::<Editor>();
    let id = format!("list-{}", format!("{field:?}").to_lowercase());
    let placeholder = example(placeholder);
    let typed = RwSignal::new(None::<String>);
    let value = move || {
        let items = editor.doc.with(|d| d.list(field).to_vec());
        match typed.get() {
            Some(text) if split_list(&text) == items => text,
            _ => items.join(", "),
        }
    };
    let on_input = move |ev| {
        let text = event_target_value(&ev);
        let values = split_list(&text);
        typed.set(Some(text));
        editor.type_text(Edit::SetList { field, values });
    };
    view! {
        <div class="field">
            <label for=id.clone()>{label}</label>
            <input id=id type="text" autocomplete="off" placeholder=placeholder prop:value=value on:input=on_input on:blur=move |_| editor.seal() />
        </div>
    }
}

/// The share of users affected, as a percentage. Text that is not a percentage yet is kept in
/// the box with a message and does not change the document.
#[component]
pub fn PercentInput() -> impl IntoView {
    let editor = expect_context::<Editor>();
    let typed = RwSignal::new(None::<String>);
    let error = RwSignal::new(None::<String>);
    let value = move || {
        let current = editor.doc.with(|d| d.users_affected);
        match typed.get() {
            Some(text) if text.trim().is_empty() && current.is_none() => text,
            Some(text) if Percent::parse(&text).ok() == current => text,
            Some(text) if error.get().is_some() => text,
            _ => {
                current.map(|p| p.to_string().trim_end_matches('%').to_owned()).unwrap_or_default()
            }
        }
    };
    let on_input = move |ev| {
        let text = event_target_value(&ev);
        typed.set(Some(text.clone()));
        if text.trim().is_empty() {
            error.set(None);
            editor.type_text(Edit::SetUsersAffected(None));
            return;
        }
        match Percent::parse(&text) {
            Ok(p) => {
                error.set(None);
                editor.type_text(Edit::SetUsersAffected(Some(p)));
            }
            Err(message) => error.set(Some(message)),
        }
    };
    view! {
        <div class="field field-narrow">
            <label for="field-users-affected">"Users affected (%)"</label>
            <input
                id="field-users-affected"
                type="text"
                inputmode="decimal"
                autocomplete="off"
                placeholder="e.g. 40"
                aria-invalid=move || error.with(Option::is_some).to_string()
                aria-describedby="field-users-affected-error"
                prop:value=value
                on:input=on_input
                on:blur=move |_| editor.seal()
            />
            <ul class="findings" id="field-users-affected-error" hidden=move || error.with(Option::is_none)>
                <li>{move || error.get()}</li>
            </ul>
        </div>
    }
}

/// A select among fixed options for a text field (empty option first).
#[component]
pub fn SelectInput(
    field: TextField,
    /// The options offered (the current value is always offered too).
    options: Signal<Vec<String>>,
) -> impl IntoView {
    let editor = expect_context::<Editor>();
    let id = field_id(field);
    let value = editor.control_memo(move |d| d.text(field).to_owned());
    let all_options = move || {
        let mut all = options.get();
        let current = value.get();
        if !current.is_empty() && !all.contains(&current) {
            all.push(current);
        }
        all
    };
    view! {
        <div class="field field-narrow">
            <label for=id.clone()>{field.label()}</label>
            <select
                id=id
                prop:value=value
                on:change=move |ev| editor.edit(Edit::SetText { field, value: event_target_value(&ev) })
            >
                <option value="">"—"</option>
                {move || {
                    all_options()
                        .into_iter()
                        .map(|o| {
                            let selected = o == value.get_untracked();
                            view! { <option value=o.clone() selected=selected>{o.clone()}</option> }
                        })
                        .collect_view()
                }}
            </select>
            <FieldFindings target=Target::Field(field) />
        </div>
    }
}
