//! The document's lists as forms: the timeline, improvements, tasks and custom sections. Each
//! row is keyed by its stable id, reorderable through [`Sortable`], and deleted with an Undo
//! toast rather than a confirmation.

use super::editor::Editor;
use super::fields::{FieldFindings, focus_later, is_add_enter, item_field_id};
use super::sortable::{DragHandle, IconButton, MoveButtons, RowMenu, Sortable};
use super::toast::Toaster;
use super::zones::IntlZones;
use crate::model::validate::{FindingKind, Target};
use crate::model::{
    CustomSection, Edit, EntryKind, Id, Improvement, Item, ItemField, List, Postmortem, Task,
    TimelineEntry, resolve,
};
use leptos::prelude::*;

/// Adds `item` at `index` of its list and focuses `field` of the new row.
fn add_and_focus(editor: Editor, index: usize, item: Item, field: ItemField) {
    let id = editor.doc.with_untracked(Postmortem::peek_next_id);
    editor.edit(Edit::Add { index, item });
    focus_later(format!("#{}", item_field_id(id, field)));
}

/// The 1-based position of an item in its list (reactive), for labels.
fn number(sortable: Sortable, id: Id) -> Memo<usize> {
    Memo::new(move |_| sortable.index(id).map_or(0, |p| p + 1))
}
/// A row's delete button: removes the item and offers Undo.
#[component]
fn DeleteButton(
    id: Id,
    label: Signal<String>,
    /// What the toast says, e.g. "Entry deleted".
    done: &'static str,
) -> impl IntoView {
    let editor = expect_context::<Editor>();
    let toaster = expect_context::<Toaster>();
    let delete = move || {
        // Focus moves to the next row's handle, or the previous one's, before the row goes.
        let next = editor.doc.with_untracked(|d| {
            let (list, at) = d.position(id)?;
            let ids = d.order(list);
            ids.get(at + 1).or(at.checked_sub(1).and_then(|p| ids.get(p))).copied()
        });
        editor.edit(Edit::Remove { id });
        toaster.undoable(done);
        if let Some(next) = next {
            focus_later(format!("[data-row-id=\"{next}\"] .drag-handle"));
        }
    };
    view! {
        <IconButton
            label=Signal::derive(move || format!("Delete {}", label.get()))
            title="Delete"
            glyph="✕"
            class="danger"
            on_click=delete
        />
    }
}

/// The timeline: entries with a time, a text, a kind and a key-moment flag.
#[component]
pub fn Timeline() -> impl IntoView {
    let editor = expect_context::<Editor>();
    let sortable = Sortable::new(List::Timeline, "entry");
    let sort = move |_| {
        let ids = editor.doc.with_untracked(|d| resolve::sorted_timeline(d, &IntlZones));
        editor.edit(Edit::Reorder { list: List::Timeline, ids });
    };
    let add = move |_| {
        add_and_focus(editor, usize::MAX, Item::Entry(TimelineEntry::default()), ItemField::Time)
    };
    view! {
        <section class="form-section" id="section-timeline">
            <h2 id="h-timeline">"Timeline"</h2>
            <p class="hint">
                "Times as you would write them: 14:30, 2:15 PM, 2024-06-05 23:10 UTC. Without a zone, the incident's time zone applies. In every list, Enter in an item's last box adds the next item; Shift+Enter starts a new line."
            </p>
            <div class="list-tools">
                <button type="button" on:click=sort>"Sort by time"</button>
            </div>
            <ol class="rows timeline" data-sortable aria-label="Timeline entries">
                <For each=move || sortable.ids() key=|id| *id let:id>
                    <TimelineRow sortable id />
                </For>
            </ol>
            <FieldFindings target=Target::List(List::Timeline) touched=Signal::derive(|| false) />
            <button type="button" class="add" on:click=add>"Add entry"</button>
        </section>
    }
}

#[component]
fn TimelineRow(sortable: Sortable, id: Id) -> impl IntoView {
    let editor = expect_context::<Editor>();
    let findings = expect_context::<super::fields::Findings>().0;
    let entry = editor.control_memo(move |d| {
        sortable.index(id).and_then(|p| d.timeline.get(p)).filter(|e| e.id == id).cloned()
    });
    let get = move |f: fn(&TimelineEntry) -> String| {
        entry.with(|e| e.as_ref().map(f).unwrap_or_default())
    };
    let n = number(sortable, id);
    let label = Signal::derive(move || format!("entry {}", n.get()));
    let out_of_order = Memo::new(move |_| {
        findings.with(|all| {
            all.iter().any(|f| f.kind == FindingKind::OutOfOrder && f.target == Target::Item(id))
        })
    });
    let set = move |field: ItemField| {
        move |ev| editor.type_text(Edit::SetItemText { id, field, value: event_target_value(&ev) })
    };
    let time_id = item_field_id(id, ItemField::Time);
    let text_id = item_field_id(id, ItemField::Text);
    let kind_id = format!("item-{id}-kind");
    let key_id = format!("item-{id}-key");
    let on_text_key = move |ev: web_sys::KeyboardEvent| {
        if is_add_enter(&ev) {
            ev.prevent_default();
            let at = n.get_untracked();
            add_and_focus(editor, at, Item::Entry(TimelineEntry::default()), ItemField::Time);
        }
    };
    let set_kind = move |ev| {
        let value = event_target_value(&ev);
        let kind = EntryKind::ALL.into_iter().find(|k| k.label() == value);
        editor.edit(Edit::SetKind { id, kind });
    };
    view! {
        <li
            class="row"
            class:lifted=move || sortable.is_lifted(id)
            class:out-of-order=out_of_order
            class:key-moment=move || entry.with(|e| e.as_ref().is_some_and(|e| e.key_moment))
            data-row-id=id.to_string()
            data-kind=move || entry.with(|e| e.as_ref().and_then(|e| e.kind).map(|k| k.label().replace(' ', "-")))
            style:order=move || sortable.visual_order(id)
        >
            <DragHandle sortable id label />
            <div class="row-fields entry-fields">
                <div class="cell cell-time">
                    <label class="sr-only" for=time_id.clone()>"Time"</label>
                    <input id=time_id type="text" class="time" autocomplete="off" placeholder="e.g. 14:30" prop:value=move || get(|e| e.time.clone()) on:input=set(ItemField::Time) on:blur=move |_| editor.seal() />
                </div>
                <div class="cell cell-kind">
                    <label class="sr-only" for=kind_id.clone()>"Kind"</label>
                    <select id=kind_id on:change=set_kind prop:value=move || entry.with(|e| e.as_ref().and_then(|e| e.kind).map(|k| k.label()).unwrap_or(""))>
                        <option value="">"(kind)"</option>
                        {EntryKind::ALL.into_iter().map(|k| view! { <option value=k.label()>{k.label()}</option> }).collect_view()}
                    </select>
                </div>
                <div class="cell cell-text">
                    <label class="sr-only" for=text_id.clone()>"What happened"</label>
                    <textarea id=text_id rows="1" placeholder="e.g. The error-rate alert paged on-call" prop:value=move || get(|e| e.text.clone()) on:input=set(ItemField::Text) on:keydown=on_text_key on:blur=move |_| editor.seal()></textarea>
                </div>
                <div class="cell cell-key">
                    <input
                        id=key_id.clone()
                        type="checkbox"
                        prop:checked=move || entry.with(|e| e.as_ref().is_some_and(|e| e.key_moment))
                        on:change=move |ev| editor.edit(Edit::SetKeyMoment { id, value: event_target_checked(&ev) })
                    />
                    <label for=key_id title="Key moment">"Key"<span class="sr-only">" moment"</span></label>
                </div>
                <RowMenu id label>
                    <MoveButtons sortable id label />
                    <IconButton
                        label=Signal::derive(move || format!("Duplicate {}", label.get()))
                        title="Duplicate"
                        glyph="❏"
                        on_click=move || editor.edit(Edit::Duplicate { id })
                    />
                    <IconButton
                        label=Signal::derive(move || format!("Add an entry after {}", label.get()))
                        title="Add an entry after"
                        glyph="+"
                        on_click=move || add_and_focus(editor, n.get_untracked(), Item::Entry(TimelineEntry::default()), ItemField::Time)
                    />
                    <DeleteButton id label done="Timeline entry deleted" />
                </RowMenu>
            </div>
            <FieldFindings target=Target::Item(id) />
            <FieldFindings target=Target::ItemField(id, ItemField::Time) />
        </li>
    }
}

/// Corrective and preventive measures: free improvements, and tasks with owner, due date, done.
#[component]
pub fn Measures() -> impl IntoView {
    let editor = expect_context::<Editor>();
    let improvements = Sortable::new(List::Improvements, "improvement");
    let tasks = Sortable::new(List::Tasks, "task");
    let add_improvement = move |_| {
        add_and_focus(
            editor,
            usize::MAX,
            Item::Improvement(Improvement::default()),
            ItemField::Text,
        )
    };
    let add_task =
        move |_| add_and_focus(editor, usize::MAX, Item::Task(Task::default()), ItemField::Text);
    view! {
        <section class="form-section" id="section-measures">
            <h2 id="h-measures">{super::form::heading_of(crate::model::template::Part::Measures)}</h2>
            <h3 id="h-improvements">"Improvements"</h3>
            <ol class="rows" data-sortable aria-labelledby="h-improvements">
                <For each=move || improvements.ids() key=|id| *id let:id>
                    <ImprovementRow sortable=improvements id />
                </For>
            </ol>
            <button type="button" class="add" on:click=add_improvement>"Add improvement"</button>
            <h3 id="h-tasks">"Tasks"</h3>
            <ol class="rows" data-sortable aria-labelledby="h-tasks">
                <For each=move || tasks.ids() key=|id| *id let:id>
                    <TaskRow sortable=tasks id />
                </For>
            </ol>
            <button type="button" class="add" on:click=add_task>"Add task"</button>
        </section>
    }
}

#[component]
fn ImprovementRow(sortable: Sortable, id: Id) -> impl IntoView {
    let editor = expect_context::<Editor>();
    let text = editor.control_memo(move |d| {
        sortable
            .index(id)
            .and_then(|p| d.improvements.get(p))
            .filter(|i| i.id == id)
            .map(|i| i.text.clone())
            .unwrap_or_default()
    });
    let n = number(sortable, id);
    let label = Signal::derive(move || format!("improvement {}", n.get()));
    let text_id = item_field_id(id, ItemField::Text);
    let on_key = move |ev: web_sys::KeyboardEvent| {
        if is_add_enter(&ev) {
            ev.prevent_default();
            let item = Item::Improvement(Improvement::default());
            add_and_focus(editor, n.get_untracked(), item, ItemField::Text);
        }
    };
    view! {
        <li class="row" class:lifted=move || sortable.is_lifted(id) data-row-id=id.to_string() style:order=move || sortable.visual_order(id)>
            <DragHandle sortable id label />
            <div class="row-fields">
                <div class="cell cell-text">
                    <label class="sr-only" for=text_id.clone()>"Improvement"</label>
                    <textarea id=text_id rows="1" placeholder="e.g. Canary every load-balancer config change" prop:value=text
                        on:input=move |ev| editor.type_text(Edit::SetItemText { id, field: ItemField::Text, value: event_target_value(&ev) })
                        on:keydown=on_key
                        on:blur=move |_| editor.seal()></textarea>
                </div>
                <RowMenu id label>
                    <MoveButtons sortable id label />
                    <DeleteButton id label done="Improvement deleted" />
                </RowMenu>
            </div>
        </li>
    }
}

#[component]
fn TaskRow(sortable: Sortable, id: Id) -> impl IntoView {
    let editor = expect_context::<Editor>();
    let task = editor.control_memo(move |d| {
        sortable.index(id).and_then(|p| d.tasks.get(p)).filter(|t| t.id == id).cloned()
    });
    let get = move |f: fn(&Task) -> String| task.with(|t| t.as_ref().map(f).unwrap_or_default());
    let n = number(sortable, id);
    let label = Signal::derive(move || format!("task {}", n.get()));
    let set = move |field: ItemField| {
        move |ev| editor.type_text(Edit::SetItemText { id, field, value: event_target_value(&ev) })
    };
    let (text_id, owner_id, due_id, done_id) = (
        item_field_id(id, ItemField::Text),
        item_field_id(id, ItemField::Owner),
        item_field_id(id, ItemField::Due),
        format!("item-{id}-done"),
    );
    let on_due_key = move |ev: web_sys::KeyboardEvent| {
        if is_add_enter(&ev) {
            ev.prevent_default();
            add_and_focus(editor, n.get_untracked(), Item::Task(Task::default()), ItemField::Text);
        }
    };
    view! {
        <li class="row" class:lifted=move || sortable.is_lifted(id) class:done=move || task.with(|t| t.as_ref().is_some_and(|t| t.done))
            data-row-id=id.to_string() style:order=move || sortable.visual_order(id)>
            <DragHandle sortable id label />
            <div class="row-fields">
                <div class="cell cell-done">
                    <input id=done_id.clone() type="checkbox" prop:checked=move || task.with(|t| t.as_ref().is_some_and(|t| t.done))
                        on:change=move |ev| editor.edit(Edit::SetDone { id, value: event_target_checked(&ev) }) />
                    <label for=done_id>"Done"</label>
                </div>
                <div class="cell cell-text">
                    <label class="sr-only" for=text_id.clone()>"Task"</label>
                    <textarea id=text_id rows="1" placeholder="e.g. Alert on load-balancer memory" prop:value=move || get(|t| t.text.clone()) on:input=set(ItemField::Text) on:blur=move |_| editor.seal()></textarea>
                </div>
                <div class="cell cell-owner">
                    <label class="sr-only" for=owner_id.clone()>"Owner"</label>
                    <input id=owner_id type="text" autocomplete="off" placeholder="e.g. Priya" prop:value=move || get(|t| t.owner.clone()) on:input=set(ItemField::Owner) on:blur=move |_| editor.seal() />
                </div>
                <div class="cell cell-due">
                    <label class="sr-only" for=due_id.clone()>"Due"</label>
                    <input id=due_id type="text" autocomplete="off" placeholder="e.g. 2024-07-01" prop:value=move || get(|t| t.due.clone()) on:input=set(ItemField::Due) on:keydown=on_due_key on:blur=move |_| editor.seal() />
                </div>
                <RowMenu id label>
                    <MoveButtons sortable id label />
                    <DeleteButton id label done="Task deleted" />
                </RowMenu>
            </div>
            <FieldFindings target=Target::Item(id) />
        </li>
    }
}

/// Sections the template does not have: a heading and a Markdown body each.
#[component]
pub fn CustomSections() -> impl IntoView {
    let editor = expect_context::<Editor>();
    let sortable = Sortable::new(List::CustomSections, "section");
    let add = move |_| {
        add_and_focus(
            editor,
            usize::MAX,
            Item::Section(CustomSection::default()),
            ItemField::Heading,
        )
    };
    view! {
        <section class="form-section" id="section-custom">
            <h2 id="h-custom">"Other sections"</h2>
            <ol class="rows sections" data-sortable aria-labelledby="h-custom">
                // The template's own sections show in its place in the form (h/review).
                <For each=move || { let ids = sortable.ids(); editor.for_controls(|d| ids.into_iter().filter(|id| !d.template.template().holds_part(d, *id)).collect::<Vec<_>>()) } key=|id| *id let:id>
                    <SectionRow sortable id />
                </For>
            </ol>
            <button type="button" class="add" on:click=add>"Add section"</button>
        </section>
    }
}

#[component]
fn SectionRow(sortable: Sortable, id: Id) -> impl IntoView {
    let editor = expect_context::<Editor>();
    let section = editor.control_memo(move |d| {
        sortable.index(id).and_then(|p| d.custom_sections.get(p)).filter(|s| s.id == id).cloned()
    });
    let get = move |f: fn(&CustomSection) -> String| {
        section.with(|s| s.as_ref().map(f).unwrap_or_default())
    };
    let n = number(sortable, id);
    let label = Signal::derive(move || format!("section {}", n.get()));
    let set = move |field: ItemField| {
        move |ev| editor.type_text(Edit::SetItemText { id, field, value: event_target_value(&ev) })
    };
    let (heading_id, body_id) =
        (item_field_id(id, ItemField::Heading), item_field_id(id, ItemField::Body));
    view! {
        <li class="row" class:lifted=move || sortable.is_lifted(id) data-row-id=id.to_string() style:order=move || sortable.visual_order(id)>
            <DragHandle sortable id label />
            <div class="row-fields stacked">
                <div class="field">
                    <label for=heading_id.clone()>"Section heading"</label>
                    <input id=heading_id type="text" autocomplete="off" placeholder="e.g. Attendees" prop:value=move || get(|s| s.heading.clone()) on:input=set(ItemField::Heading) on:blur=move |_| editor.seal() />
                </div>
                <div class="field">
                    <label for=body_id.clone()>"Section text"</label>
                    <textarea id=body_id rows="3" prop:value=move || get(|s| s.body.clone()) on:input=set(ItemField::Body) on:blur=move |_| editor.seal()></textarea>
                </div>
                <RowMenu id label>
                    <MoveButtons sortable id label />
                    <DeleteButton id label done="Section deleted" />
                </RowMenu>
            </div>
        </li>
    }
}
