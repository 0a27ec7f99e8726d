//! The form sections of the document that are not lists: summary, impact, root cause,
//! resolution, and the optional sections (contributing factors, lessons learned).

use super::editor::Editor;
use super::fields::{ListInput, PercentInput, SelectInput, TextInput};
use super::toast::Toaster;
use crate::model::resolve::{Metrics, Resolved};
use crate::model::time::duration_in_words;
use crate::model::{Edit, ListField, Status, TextField};
use leptos::prelude::*;

/// The incident's times resolved, provided by the app (reactive).
#[derive(Clone, Copy)]
pub struct Derived {
    /// Start, end and timeline, on the UTC line.
    pub resolved: Memo<Resolved>,
    /// Time to detect, acknowledge, mitigate, resolve.
    pub metrics: Memo<Metrics>,
}

/// Title, metadata, when it happened, and the summary.
#[component]
pub fn SummarySection() -> impl IntoView {
    let editor = expect_context::<Editor>();
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
        <section class="form-section" id="section-summary">
            <h2 id="h-summary">"Issue summary"</h2>
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
            <TextInput field=TextField::Summary hint="What happened, in a few sentences. Markdown works." />
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

/// Who and what was affected.
#[component]
pub fn ImpactSection() -> impl IntoView {
    view! {
        <section class="form-section" id="section-impact">
            <h2 id="h-impact">"Impact"</h2>
            <TextInput field=TextField::Impact multiline=true placeholder="checkout failed for 30% of card payments for two hours" />
            <div class="field-row">
                <PercentInput />
                <ListInput field=ListField::ServicesAffected label="Services affected" placeholder="checkout, login" />
            </div>
        </section>
    }
}

/// The root cause in short, detection, and the long root cause and resolution.
#[component]
pub fn CauseSection() -> impl IntoView {
    view! {
        <section class="form-section" id="section-cause">
            <h2 id="h-cause">"Root cause and resolution"</h2>
            <TextInput field=TextField::RootCause multiline=true hint="One or two sentences, for the summary." />
            <TextInput field=TextField::Detection multiline=true placeholder="An alert on error rate paged the on-call engineer" />
            <TextInput field=TextField::Resolution hint="The full story: what broke, why, and how it was fixed. Markdown works." />
        </section>
    }
}

/// A section shown only when it has content or the user added it; removing it clears it
/// (with Undo).
#[component]
pub fn OptionalSection(
    /// Its heading.
    title: &'static str,
    /// A DOM-id-safe name.
    slug: &'static str,
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
    let shown = move || opened.get() || has_content();
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
    view! {
        <Show
            when=shown
            fallback=move || {
                view! {
                    <button type="button" class="add add-section" on:click=move |_| {
                        opened.set(true);
                        super::fields::focus_later(format!("#{}", super::fields::field_id(fields[0])));
                    }>{format!("Add “{title}”")}</button>
                }
            }
        >
            <section class="form-section" id=format!("section-{slug}")>
                <div class="section-head">
                    <h2 id=heading_id.clone()>{title}</h2>
                    <button type="button" class="subtle" on:click=remove>{format!("Remove “{title}”")}</button>
                </div>
                {fields.iter().map(|&field| view! { <TextInput field /> }).collect_view()}
            </section>
        </Show>
    }
}
