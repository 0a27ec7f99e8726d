//! The form, section by section, as the document's template lays it out
//! ([`Template::form_sections`]): the template's headings, order and prompts. The summary
//! section holds what the template keeps as key facts of the summary (impact, the one-line root
//! cause, detection); parts the template does not list follow under their default headings.
//! Lists (timeline, measures, other sections) live in `lists.rs`.

use super::editor::Editor;
use super::fields::{
    FieldFindings, ListInput, PercentInput, SelectInput, TextInput, item_field_id,
};
use super::later::Later;
use super::lists::{CustomSections, Measures, Timeline};
use super::toast::Toaster;
use crate::model::resolve::{Metrics, Resolved};
use crate::model::template::{FormSection, Part, Template};
use crate::model::time::duration_in_words;
use crate::model::validate::Target;
use crate::model::{CustomSection, Edit, Id, Item, ItemField, ListField, Status, TextField};
use leptos::prelude::*;

/// The document's template (reactive on another document, not on typing).
fn template(editor: Editor) -> &'static Template {
    editor.for_controls(|d| d.template.template())
}

/// The heading the document's template gives `part` (reactive), for a section `lists.rs`
/// draws.
pub fn heading_of(part: Part) -> impl Fn() -> &'static str + Send + Sync + Copy + 'static {
    let editor = expect_context::<Editor>();
    move || template(editor).heading(part).unwrap_or_default()
}

/// A DOM-id-safe form of a heading.
fn slug(heading: &str) -> String {
    heading
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c.to_ascii_lowercase() } else { '-' })
        .collect()
}

/// The whole form: the template's sections in its order, then the other sections.
#[component]
pub fn Form() -> impl IntoView {
    let editor = expect_context::<Editor>();
    let id = Memo::new(move |_| editor.for_controls(|d| d.template));
    // The first build puts the sections below the summary off (ui/later.rs); a rebuild (another
    // template) happens under a person's eyes, maybe scrolled down: it is built at once.
    let first = StoredValue::new(true);
    view! {
        // The summary (title, times, what happened) first; the sections below it a task each
        // after, so the page takes input as soon as the title shows (issue 16).
        {move || {
            let t = id.get().template();
            if !first.get_value() {
                return (part_all(t), view! { <CustomSections /> }.into_any());
            }
            first.set_value(false);
            let sections = t
                .form_sections()
                .into_iter()
                .map(|s| match s.part {
                    Part::Summary => part(t, s),
                    _ => view! { <Later>{part(t, s)}</Later> }.into_any(),
                })
                .collect_view();
            (sections.into_any(), view! { <Later><CustomSections /></Later> }.into_any())
        }}
    }
}

/// Every section of the form, built now.
fn part_all(t: &'static Template) -> AnyView {
    t.form_sections().into_iter().map(|s| part(t, s)).collect_view().into_any()
}

/// One section of the form.
fn part(t: &'static Template, s: FormSection) -> AnyView {
    let FormSection { heading, hint, .. } = s;
    let field = |slug: &'static str, field: TextField| {
        view! {
            <FieldSection slug heading hint>
                <TextInput field label=t.field_label(field) multiline=true />
            </FieldSection>
        }
        .into_any()
    };
    match s.part {
        Part::Summary => view! { <SummarySection heading hint /> }.into_any(),
        Part::Impact => view! { <ImpactSection heading hint /> }.into_any(),
        Part::RootCause => field("root-cause", TextField::RootCause),
        Part::Detection => field("detection", TextField::Detection),
        Part::Resolution => view! {
            <FieldSection slug="resolution" heading hint>
                <TextInput field=TextField::Resolution label=t.field_label(TextField::Resolution) hint="Markdown works." />
            </FieldSection>
        }
        .into_any(),
        Part::ContributingFactors => view! {
            <OptionalSection title=heading slug="factors" hint required=t.requires(s.part) fields=&[TextField::ContributingFactors] />
        }
        .into_any(),
        Part::Lessons => view! {
            <OptionalSection title=heading slug="lessons" hint required=t.requires(s.part) fields=&[TextField::WentWell, TextField::WentWrong, TextField::GotLucky] />
        }
        .into_any(),
        Part::Timeline => view! { <Timeline /> }.into_any(),
        Part::Measures => view! { <Measures /> }.into_any(),
        Part::Custom(name) => view! { <TemplatePart name heading hint /> }.into_any(),
    }
}

/// The template's prompt for a section, under its heading.
fn prompt(hint: &'static str) -> impl IntoView {
    (!hint.is_empty()).then(|| view! { <p class="hint section-prompt">{hint}</p> })
}

/// A section with a heading, the template's prompt, and its fields.
#[component]
fn FieldSection(
    slug: &'static str,
    heading: &'static str,
    hint: &'static str,
    children: Children,
) -> impl IntoView {
    view! {
        <section class="form-section" id=format!("section-{slug}") data-heading=heading>
            <h2 id=format!("h-{slug}")>{heading}</h2>
            {prompt(hint)}
            {children()}
        </section>
    }
}

/// A section of the template the document has no field for (SRE "Trigger"): the body of the
/// custom section under that heading, created on the first keystroke if there is none.
#[component]
fn TemplatePart(name: &'static str, heading: &'static str, hint: &'static str) -> impl IntoView {
    let editor = expect_context::<Editor>();
    let held = editor.control_memo(move |d| d.template.template().custom_section(d, name));
    let body = editor.control_memo(move |d| {
        let id = d.template.template().custom_section(d, name);
        d.custom_sections
            .iter()
            .find(|c| Some(c.id) == id)
            .map(|c| c.body.clone())
            .unwrap_or_default()
    });
    let slug = slug(name);
    let fallback_id = format!("part-{slug}");
    let input_id = move || {
        held.get().map_or_else(|| fallback_id.clone(), |id| item_field_id(id, ItemField::Body))
    };
    let on_input = move |ev| {
        let value = event_target_value(&ev);
        match held.get_untracked() {
            Some(id) => editor.type_text(Edit::SetItemText { id, field: ItemField::Body, value }),
            None => {
                let section = CustomSection { id: Id(0), heading: name.to_owned(), body: value };
                editor.edit(Edit::Add { index: usize::MAX, item: Item::Section(section) });
            }
        }
    };
    let input_id_for = input_id.clone();
    // Like every field, "missing" waits until the field has been visited.
    let touched = RwSignal::new(false);
    view! {
        <section class="form-section" id=format!("section-part-{slug}") data-heading=heading>
            <h2 id=format!("h-part-{slug}")>{heading}</h2>
            <div class="field">
                <label class="sr-only" for=input_id_for>{heading}</label>
                {prompt(hint)}
                <textarea id=input_id rows="3" prop:value=body on:input=on_input on:blur=move |_| {
                    touched.set(true);
                    editor.seal();
                }></textarea>
                {move || held.get().map(|id| view! { <FieldFindings target=Target::ItemField(id, ItemField::Body) touched=touched /> })}
            </div>
        </section>
    }
}

/// The incident's times resolved, provided by the app (reactive).
#[derive(Clone, Copy)]
pub struct Derived {
    /// Start, end and timeline, on the UTC line.
    pub resolved: Memo<Resolved>,
    /// Time to detect, acknowledge, mitigate, resolve.
    pub metrics: Memo<Metrics>,
}

/// Title, metadata, when it happened, the summary, and the key facts the template keeps in
/// the summary (impact, the one-line root cause, detection, where they have no section).
#[component]
fn SummarySection(heading: &'static str, hint: &'static str) -> impl IntoView {
    let editor = expect_context::<Editor>();
    let t = template(editor);
    let fact = |part: Part| !t.has(part);
    let derived = expect_context::<Derived>();
    let severities = Signal::derive(move || editor.for_controls(|d| d.severity_levels.clone()));
    let status_label = move || editor.for_controls(|d| d.status.label());
    let duration = move || {
        derived.resolved.with(|r| match r.duration() {
            Some(s) if s >= 0 => duration_in_words(s),
            Some(_) => "the end is before the start".to_owned(),
            None => "fill in start and end".to_owned(),
        })
    };
    view! {
        <section class="form-section" id="section-summary" data-heading=heading>
            <h2 id="h-summary">{heading}</h2>
            <TextInput field=TextField::Title placeholder="Checkout errors after the cache migration" />
            <div class="field-row">
                <TextInput field=TextField::Date placeholder="2024-06-05" />
                <SelectInput field=TextField::Severity options=severities />
                <div class="field field-narrow">
                    <label for="field-status">"Status"</label>
                    <select id="field-status" prop:value=status_label on:change=move |ev| {
                        let value = event_target_value(&ev);
                        if let Some(s) = Status::ALL.into_iter().find(|s| s.label() == value) {
                            editor.edit(Edit::SetStatus(s));
                        }
                    }>
                        {Status::ALL.into_iter().map(|s| view! { <option value=s.label()>{s.label()}</option> }).collect_view()}
                    </select>
                </div>
            </div>
            <div class="field-row">
                <ListInput field=ListField::Authors label="Authors" placeholder="Ada, Grace" />
                <ListInput field=ListField::Responders label="Responders" placeholder="On-call SRE, DB team" />
            </div>
            <div class="field-row">
                <TextInput field=TextField::Start placeholder="14:30" />
                <TextInput field=TextField::End placeholder="16:45" />
                <TextInput field=TextField::Zone placeholder="UTC" suggestions="zone-suggestions" />
            </div>
            <p class="derived">
                <span class="derived-label">"Duration: "</span>
                <output for="field-start field-end" id="duration">{duration}</output>
            </p>
            <MetricsLine />
            <TextInput field=TextField::Summary hint=if hint.is_empty() { "What happened, in a few sentences. Markdown works." } else { hint } />
            {fact(Part::Impact).then(|| view! { <ImpactFields label=t.field_label(TextField::Impact) /> })}
            {fact(Part::RootCause).then(|| view! {
                <TextInput field=TextField::RootCause label=t.field_label(TextField::RootCause) multiline=true hint="One or two sentences, for the summary; the full story has its own section." />
            })}
            {fact(Part::Detection).then(|| view! {
                <TextInput field=TextField::Detection multiline=true placeholder="An alert on error rate paged the on-call engineer" />
            })}
        </section>
    }
}

/// Time to detect / acknowledge / mitigate / resolve, when the timeline's tagged entries say so.
#[component]
fn MetricsLine() -> impl IntoView {
    let derived = expect_context::<Derived>();
    let items = move || {
        derived
            .metrics
            .get()
            .rows()
            .into_iter()
            .filter_map(|(label, secs)| secs.map(|s| (label, duration_in_words(s))))
            .collect::<Vec<_>>()
    };
    view! {
        <p class="derived metrics" hidden=move || items().is_empty()>
            {move || {
                items()
                    .into_iter()
                    .map(|(label, value)| view! { <span class="metric"><span class="derived-label">{label}": "</span>{value}</span> })
                    .collect_view()
            }}
        </p>
    }
}

/// Who and what was affected, as a section of its own.
#[component]
fn ImpactSection(heading: &'static str, hint: &'static str) -> impl IntoView {
    let editor = expect_context::<Editor>();
    let label = template(editor).field_label(TextField::Impact);
    view! {
        <section class="form-section" id="section-impact" data-heading=heading>
            <h2 id="h-impact">{heading}</h2>
            {prompt(hint)}
            <ImpactFields label />
        </section>
    }
}

/// The impact in words, the share of users and the services affected.
#[component]
fn ImpactFields(label: &'static str) -> impl IntoView {
    view! {
        <TextInput field=TextField::Impact label multiline=true placeholder="checkout failed for 30% of card payments for two hours" />
        <div class="field-row">
            <PercentInput />
            <ListInput field=ListField::ServicesAffected label="Services affected" placeholder="checkout, login" />
        </div>
    }
}

/// A section shown only when it has content or the user added it; removing it clears it
/// (with Undo). A section the template requires is always shown.
#[component]
fn OptionalSection(
    /// Its heading.
    title: &'static str,
    /// A DOM-id-safe name.
    slug: &'static str,
    /// The template's prompt.
    hint: &'static str,
    /// Whether the template requires it (then it is always there).
    required: bool,
    /// The fields it holds.
    fields: &'static [TextField],
) -> impl IntoView {
    let editor = expect_context::<Editor>();
    let toaster = expect_context::<Toaster>();
    let opened = RwSignal::new(false);
    // Like the fields, not reactive on typing: erasing the text does not whisk the section
    // away from under the cursor.
    let has_content =
        move || editor.for_controls(|d| fields.iter().any(|f| !d.text(*f).trim().is_empty()));
    let shown = move || required || opened.get() || has_content();
    let remove = move |_| {
        let clear =
            fields.iter().map(|&field| Edit::SetText { field, value: String::new() }).collect();
        opened.set(false);
        if has_content() {
            editor.edit(Edit::Batch(clear));
            toaster.undoable("Section removed");
        }
    };
    let heading_id = format!("h-{slug}");
    // "Add “Contributing factors”": the heading in sentence case, as a button reads.
    let mut words = title.split(' ');
    let name: String = words
        .next()
        .into_iter()
        .map(str::to_owned)
        .chain(words.map(str::to_lowercase))
        .collect::<Vec<_>>()
        .join(" ");
    let (add_label, remove_label) = (format!("Add “{name}”"), format!("Remove “{name}”"));
    view! {
        <Show
            when=shown
            fallback=move || {
                view! {
                    <button type="button" class="add add-section" on:click=move |_| {
                        opened.set(true);
                        super::fields::focus_later(format!("#{}", super::fields::field_id(fields[0])));
                    }>{add_label.clone()}</button>
                }
            }
        >
            <section class="form-section" id=format!("section-{slug}") data-heading=title>
                <div class="section-head">
                    <h2 id=heading_id.clone()>{title}</h2>
                    {(!required).then(|| view! { <button type="button" class="subtle" on:click=remove>{remove_label.clone()}</button> })}
                </div>
                {prompt(hint)}
                {fields.iter().map(|&field| view! { <TextInput field /> }).collect_view()}
            </section>
        </Show>
    }
}
