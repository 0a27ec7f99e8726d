//! The document's lists as forms: the timeline, improvements, tasks and custom sections. Each
//! row is keyed by its stable id, reorderable through [`Sortable`], and deleted with an Undo
//! toast rather than a confirmation.

use super::editor::Editor;
use super::fields::{FieldFindings, focus_later, is_add_enter, item_field_id};
use super::later::Spread;
use super::sortable::{DragHandle, IconButton, MoveButtons, RowMenu, Sortable};
use super::toast::Toaster;
use super::zones::IntlZones;
use crate::model::title;
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

/// Adds a measure (an improvement or a task) at `index` and focuses its title box.
fn add_measure(editor: Editor, index: usize, item: Item) {
    let id = editor.doc.with_untracked(Postmortem::peek_next_id);
    editor.edit(Edit::Add { index, item });
    focus_later(format!("#{}", title_id(id)));
}

/// The DOM id of a measure's title box (the title is part of the item's text, see
/// [`title`]).
fn title_id(id: Id) -> String {
    format!("item-{id}-title")
}

/// Focuses the box with DOM id `id` at once (it is in the same row, already on the page), so
/// the next key typed lands there, however fast it comes.
fn focus_now(id: &str) {
    use wasm_bindgen::JsCast;
    let found =
        document().get_element_by_id(id).and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
    if let Some(el) = found {
        let _ = el.focus();
    }
}

/// The one Enter rule, for a box that is not an item's last: Enter (without Shift) moves to the
/// item's next box, `next`.
fn enter_moves_to(next: String) -> impl Fn(web_sys::KeyboardEvent) + Clone + 'static {
    move |ev: web_sys::KeyboardEvent| {
        if is_add_enter(&ev) {
            ev.prevent_default();
            focus_now(&next);
        }
    }
}

/// A measure's title and description boxes over its one text: each box edits its part and
/// keeps the other (`**Title:** description`, see [`title`]).
#[derive(Clone, Copy)]
struct TitledText {
    editor: Editor,
    id: Id,
    /// What the boxes show (it does not rerun while the person types, see
    /// [`Editor::control_memo`]).
    shown: Signal<String>,
}

impl TitledText {
    fn title(self) -> String {
        self.shown.with(|t| title::split(t).0.to_owned())
    }
    fn description(self) -> String {
        self.shown.with(|t| title::split(t).1.to_owned())
    }
    /// The item's text as it is now, typing included.
    fn now(self) -> String {
        let id = self.id;
        self.editor
            .doc
            .with_untracked(|d| {
                let improvement = d.improvements.iter().find(|i| i.id == id).map(|i| &i.text);
                improvement
                    .or_else(|| d.tasks.iter().find(|t| t.id == id).map(|t| &t.text))
                    .cloned()
            })
            .unwrap_or_default()
    }
    fn set(self, value: String) {
        self.editor.type_text(Edit::SetItemText { id: self.id, field: ItemField::Text, value });
    }
    fn set_title(self, new: String) {
        let now = self.now();
        self.set(title::join(&new, title::split(&now).1));
    }
    fn set_description(self, new: String) {
        let now = self.now();
        self.set(title::join(title::split(&now).0, &new));
    }
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
    let paster = expect_context::<super::paste::Paster>();
    let sort = move |_| {
        let ids = editor.doc.with_untracked(|d| resolve::sorted_timeline(d, &IntlZones));
        editor.edit(Edit::Reorder { list: List::Timeline, ids });
    };
    let add = move |_| {
        add_and_focus(editor, usize::MAX, Item::Entry(TimelineEntry::default()), ItemField::Time)
    };
    view! {
        // Files dropped here are read by the paste dialog (issue 17, `paste.rs`).
        <section class="form-section" id="section-timeline" class:drop-target=move || paster.is_over() on:dragover=move |ev| paster.drag_over(ev) on:dragleave=move |ev| paster.drag_leave(ev) on:drop=move |ev| paster.drop(ev)>
            <h2 id="h-timeline">"Timeline"</h2>
            <super::paste::PasteDropHint />
            <p class="hint">
                "Times as you would write them: 14:30, 2:15 PM, 2024-06-05 23:10 UTC. Without a zone, the incident's time zone applies. In every list, Enter moves to the item's next box, and from its last box adds the next item; Shift+Enter starts a new line."
            </p>
            <div class="list-tools">
                <button type="button" on:click=sort>"Sort by time"</button>
                <super::paste::PasteButtons />
            </div>
            <ol class="rows timeline" data-sortable aria-label="Timeline entries">
                <For each=move || sortable.ids() key=|id| *id let:id>
                    <Spread><TimelineRow sortable id /></Spread>
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
    let kind_of = move || entry.with(|e| e.as_ref().and_then(|e| e.kind));
    let on_time_key = enter_moves_to(text_id.clone());
    // One click picks a kind (a select takes two) and goes on to the text: the picks float under
    // the row while its time has focus (right after an entry is added). They are out of the Tab
    // order: the select is there for keys.
    let picks = {
        let text_id = text_id.clone();
        EntryKind::ALL
            .into_iter()
            .map(|k| {
                let text_id = text_id.clone();
                view! {
                    <button
                        type="button"
                        class="kind-pick"
                        tabindex="-1"
                        data-kind=k.label().replace(' ', "-")
                        aria-pressed=move || (kind_of() == Some(k)).to_string()
                        on:mousedown=|ev| ev.prevent_default()
                        on:click=move |_| {
                            let kind = (kind_of() != Some(k)).then_some(k);
                            editor.edit(Edit::SetKind { id, kind });
                            focus_now(&text_id);
                        }
                    >
                        {k.label()}
                    </button>
                }
            })
            .collect_view()
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
                    <input id=time_id type="text" class="time" autocomplete="off" placeholder="e.g. 14:30" prop:value=move || get(|e| e.time.clone()) on:input=set(ItemField::Time) on:keydown=on_time_key on:blur=move |_| editor.seal() />
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
                <div class="kind-picks" role="group" aria-label=move || format!("Tag {} as", label.get())>
                    {picks}
                </div>
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
    let add_improvement =
        move |_| add_measure(editor, usize::MAX, Item::Improvement(Improvement::default()));
    let add_task = move |_| add_measure(editor, usize::MAX, Item::Task(Task::default()));
    view! {
        <section class="form-section" id="section-measures">
            <h2 id="h-measures">{super::form::heading_of(crate::model::template::Part::Measures)}</h2>
            <h3 id="h-improvements">"Improvements"</h3>
            <ol class="rows measures improvements" data-sortable aria-labelledby="h-improvements">
                <For each=move || improvements.ids() key=|id| *id let:id>
                    <Spread><ImprovementRow sortable=improvements id /></Spread>
                </For>
            </ol>
            <button type="button" class="add" on:click=add_improvement>"Add improvement"</button>
            <h3 id="h-tasks">"Tasks"</h3>
            <ol class="rows measures tasks" data-sortable aria-labelledby="h-tasks">
                <For each=move || tasks.ids() key=|id| *id let:id>
                    <Spread><TaskRow sortable=tasks id /></Spread>
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
    let titled = TitledText { editor, id, shown: text.into() };
    let n = number(sortable, id);
    let label = Signal::derive(move || format!("improvement {}", n.get()));
    let (title_box, text_id) = (title_id(id), item_field_id(id, ItemField::Text));
    let on_title_key = enter_moves_to(text_id.clone());
    let on_key = move |ev: web_sys::KeyboardEvent| {
        if is_add_enter(&ev) {
            ev.prevent_default();
            add_measure(editor, n.get_untracked(), Item::Improvement(Improvement::default()));
        }
    };
    view! {
        <li class="row" class:lifted=move || sortable.is_lifted(id) data-row-id=id.to_string() style:order=move || sortable.visual_order(id)>
            <DragHandle sortable id label />
            <div class="row-fields">
                <div class="cell cell-title">
                    <label class="sr-only" for=title_box.clone()>"Title of the improvement"</label>
                    <input id=title_box type="text" autocomplete="off" placeholder="e.g. Canary deploys" prop:value=move || titled.title()
                        on:input=move |ev| titled.set_title(event_target_value(&ev))
                        on:keydown=on_title_key
                        on:blur=move |_| editor.seal() />
                </div>
                <div class="cell cell-text">
                    <label class="sr-only" for=text_id.clone()>"Improvement"</label>
                    <textarea id=text_id rows="1" placeholder="e.g. Every load-balancer config change goes to one host first" prop:value=move || titled.description()
                        on:input=move |ev| titled.set_description(event_target_value(&ev))
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
    let titled = TitledText { editor, id, shown: Signal::derive(move || get(|t| t.text.clone())) };
    let n = number(sortable, id);
    let label = Signal::derive(move || format!("task {}", n.get()));
    let set = move |field: ItemField| {
        move |ev| editor.type_text(Edit::SetItemText { id, field, value: event_target_value(&ev) })
    };
    let (title_box, text_id, owner_id, due_id, done_id) = (
        title_id(id),
        item_field_id(id, ItemField::Text),
        item_field_id(id, ItemField::Owner),
        item_field_id(id, ItemField::Due),
        format!("item-{id}-done"),
    );
    let on_title_key = enter_moves_to(text_id.clone());
    let on_text_key = enter_moves_to(owner_id.clone());
    let on_owner_key = enter_moves_to(due_id.clone());
    let on_due_key = move |ev: web_sys::KeyboardEvent| {
        if is_add_enter(&ev) {
            ev.prevent_default();
            add_measure(editor, n.get_untracked(), Item::Task(Task::default()));
        }
    };
    view! {
        <li class="row" class:lifted=move || sortable.is_lifted(id) class:done=move || task.with(|t| t.as_ref().is_some_and(|t| t.done))
            data-row-id=id.to_string() style:order=move || sortable.visual_order(id)>
            <DragHandle sortable id label />
            <div class="row-fields task-fields">
                <div class="cell cell-title">
                    <label class="cell-label" for=title_box.clone()>"Title"<span class="sr-only">" of the task"</span></label>
                    <input id=title_box type="text" autocomplete="off" placeholder="e.g. Patch the balancer" prop:value=move || titled.title()
                        on:input=move |ev| titled.set_title(event_target_value(&ev))
                        on:keydown=on_title_key
                        on:blur=move |_| editor.seal() />
                </div>
                <div class="cell cell-text">
                    <label class="cell-label" for=text_id.clone()>"Task"</label>
                    <textarea id=text_id rows="1" placeholder="e.g. Alert on load-balancer memory" prop:value=move || titled.description()
                        on:input=move |ev| titled.set_description(event_target_value(&ev))
                        on:keydown=on_text_key
                        on:blur=move |_| editor.seal()></textarea>
                </div>
                <div class="cell cell-owner">
                    <label class="cell-label" for=owner_id.clone()>"Owner"</label>
                    <input id=owner_id type="text" autocomplete="off" placeholder="e.g. Priya" prop:value=move || get(|t| t.owner.clone()) on:input=set(ItemField::Owner) on:keydown=on_owner_key on:blur=move |_| editor.seal() />
                </div>
                <div class="cell cell-due">
                    <label class="cell-label" for=due_id.clone()>"Due"</label>
                    <input id=due_id type="text" autocomplete="off" placeholder="e.g. 2024-07-01" prop:value=move || get(|t| t.due.clone()) on:input=set(ItemField::Due) on:keydown=on_due_key on:blur=move |_| editor.seal() />
                </div>
                <div class="cell cell-done">
                    <input id=done_id.clone() type="checkbox" prop:checked=move || task.with(|t| t.as_ref().is_some_and(|t| t.done))
                        on:change=move |ev| editor.edit(Edit::SetDone { id, value: event_target_checked(&ev) }) />
                    <label for=done_id>"Done"</label>
                </div>
                <RowMenu id label>
                    <MoveButtons sortable id label />
                    <DeleteButton id label done="Task deleted" />
                    <super::issue::IssueLink id />
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
                    <Spread><SectionRow sortable id /></Spread>
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
