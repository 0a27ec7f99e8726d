//! Reorderable lists (timeline, tasks, improvements, custom sections), three ways, one edit:
//!
//! - **Pointer** (mouse, pen, touch): press the handle, drag, release. Rows make room as the
//!   pointer moves; the lifted row is the placeholder showing where it will land; the page
//!   scrolls when the pointer nears the top or bottom edge.
//! - **Keyboard** (the accessible sortable-list model): Space or Enter on the handle lifts the
//!   row, arrow keys move it, Space or Enter drops it, Escape cancels. Every step is announced
//!   through a live region.
//! - **Buttons**: Move up / Move down on each row (WCAG 2.2 §2.5.7, no dragging needed).
//!
//! While a row is lifted only its *visual* place changes (CSS `order`), so the focused handle
//! stays in the DOM; the drop is one [`Edit::Move`], so it is one undo step.

use super::editor::Editor;
use crate::model::{Edit, Id, List};
use leptos::prelude::*;
use std::time::Duration;
use wasm_bindgen::JsCast;

/// The live region's text: what a screen reader says about the last reorder step.
#[derive(Clone, Copy)]
pub struct Announcer(pub RwSignal<String>);

impl Announcer {
    /// Says `text` (again, even if it is the same as last time).
    pub fn say(self, text: String) {
        let same = self.0.with_untracked(|t| t.trim_end_matches('\u{a0}') == text);
        self.0.set(if same { format!("{text}\u{a0}") } else { text });
    }
}

#[derive(Clone, Copy, Debug, PartialEq)]
struct Lift {
    id: Id,
    from: usize,
    to: usize,
    by_pointer: bool,
}

/// Pointer-drag bookkeeping that does not need to be reactive.
#[derive(Default)]
struct Drag {
    /// Page-y midpoints of the other rows, in order, taken when the drag started.
    midpoints: Vec<f64>,
    /// The pointer's last viewport y, for auto-scroll.
    client_y: f64,
    pointer_id: i32,
    scroller: Option<IntervalHandle>,
}

/// One reorderable list of the document.
#[derive(Clone, Copy)]
pub struct Sortable {
    /// What one row is called in announcements ("entry", "task").
    noun: &'static str,
    editor: Editor,
    announcer: Announcer,
    lifted: RwSignal<Option<Lift>>,
    drag: StoredValue<Drag, LocalStorage>,
    /// The ids in document order; it changes only when the order does, not on every keystroke.
    order: Memo<Vec<Id>>,
    /// Where each item is: one index per list, shared by its rows, rebuilt only when the order
    /// changes.
    positions: Memo<std::collections::HashMap<Id, usize>>,
}

impl Sortable {
    /// A sortable view of `list`; its window listeners live as long as the calling component.
    pub fn new(list: List, noun: &'static str) -> Sortable {
        let editor = expect_context::<Editor>();
        let order = Memo::new(move |_| editor.for_controls(|d| d.order(list)));
        let positions = Memo::new(move |_| {
            order.with(|ids| ids.iter().enumerate().map(|(p, id)| (*id, p)).collect())
        });
        let sortable = Sortable {
            noun,
            order,
            positions,
            editor,
            announcer: expect_context::<Announcer>(),
            lifted: RwSignal::new(None),
            drag: StoredValue::new_local(Drag::default()),
        };
        let move_handle =
            window_event_listener(leptos::ev::pointermove, move |ev| sortable.pointer_move(&ev));
        let up_handle =
            window_event_listener(leptos::ev::pointerup, move |ev| sortable.pointer_end(&ev, true));
        let cancel_handle = window_event_listener(leptos::ev::pointercancel, move |ev| {
            sortable.pointer_end(&ev, false)
        });
        on_cleanup(move || {
            move_handle.remove();
            up_handle.remove();
            cancel_handle.remove();
            sortable.stop_scrolling();
        });
        sortable
    }

    /// The ids of the list in document order (reactive).
    pub fn ids(self) -> Vec<Id> {
        self.order.get()
    }

    /// The item's 0-based index in the list (reactive).
    pub fn index(self, id: Id) -> Option<usize> {
        self.positions.with(|m| m.get(&id).copied())
    }

    /// Where the row is shown: its CSS `order` while something is lifted (reactive).
    pub fn visual_order(self, id: Id) -> Option<String> {
        let lift = self.lifted.get()?;
        let mut ids = self.order.get();
        let pos = ids.iter().position(|i| *i == lift.id)?;
        let moving = ids.remove(pos);
        ids.insert(lift.to.min(ids.len()), moving);
        ids.iter().position(|i| *i == id).map(|p| p.to_string())
    }

    /// Whether this row is the one lifted (reactive).
    pub fn is_lifted(self, id: Id) -> bool {
        self.lifted.with(|l| l.is_some_and(|l| l.id == id))
    }

    fn position(self, id: Id) -> Option<(usize, usize)> {
        self.order.with_untracked(|ids| ids.iter().position(|i| *i == id).map(|p| (p, ids.len())))
    }

    /// Moves a row up (`-1`) or down (`1`) at once, as the Move up / Move down buttons do.
    pub fn move_by(self, id: Id, delta: isize, refocus: &'static str) {
        let Some((from, len)) = self.position(id) else { return };
        let to = from.saturating_add_signed(delta).min(len.saturating_sub(1));
        if to == from {
            self.announcer.say(format!(
                "The {} is already {}.",
                self.noun,
                if delta < 0 { "first" } else { "last" }
            ));
            return;
        }
        self.editor.edit(Edit::Move { id, to });
        self.announcer.say(format!("Moved the {} to position {} of {len}.", self.noun, to + 1));
        refocus_later(id, refocus);
    }

    /// Keyboard model on the drag handle.
    pub fn handle_keydown(self, id: Id, ev: &web_sys::KeyboardEvent) {
        let lifted = self.lifted.get_untracked().filter(|l| l.id == id && !l.by_pointer);
        let len = self.position(id).map_or(0, |(_, len)| len);
        match (ev.key().as_str(), lifted) {
            (" " | "Enter", None) => {
                let Some((from, len)) = self.position(id) else { return };
                self.lifted.set(Some(Lift { id, from, to: from, by_pointer: false }));
                self.announcer.say(format!(
                    "Lifted the {} at position {} of {len}. Use the up and down arrow keys to move it, Space to drop it, Escape to cancel.",
                    self.noun,
                    from + 1
                ));
            }
            (" " | "Enter", Some(lift)) => self.drop_lift(lift),
            ("ArrowUp" | "ArrowDown", Some(lift)) => {
                let to = if ev.key() == "ArrowUp" {
                    lift.to.saturating_sub(1)
                } else {
                    (lift.to + 1).min(len - 1)
                };
                self.lifted.set(Some(Lift { to, ..lift }));
                self.announcer.say(format!("Position {} of {len}.", to + 1));
            }
            ("Escape", Some(lift)) => {
                self.lifted.set(None);
                self.announcer.say(format!(
                    "Cancelled. The {} is back at position {} of {len}.",
                    self.noun,
                    lift.from + 1
                ));
            }
            ("Tab", Some(lift)) => {
                // Leaving the handle drops nothing: the row goes back.
                self.lifted.set(None);
                let _ = lift;
            }
            _ => return,
        }
        ev.prevent_default();
    }

    fn drop_lift(self, lift: Lift) {
        self.lifted.set(None);
        let len = self.position(lift.id).map_or(0, |(_, len)| len);
        if lift.to != lift.from {
            self.editor.edit(Edit::Move { id: lift.id, to: lift.to });
        }
        self.announcer.say(format!(
            "Dropped. The {} is at position {} of {len}.",
            self.noun,
            lift.to + 1
        ));
        if !lift.by_pointer {
            refocus_later(lift.id, ".drag-handle");
        }
    }

    /// Starts a pointer drag from the handle.
    pub fn handle_pointerdown(self, id: Id, ev: &web_sys::PointerEvent) {
        if ev.button() != 0 || self.lifted.get_untracked().is_some() {
            return;
        }
        let Some((from, _)) = self.position(id) else { return };
        let Some(handle) =
            ev.current_target().and_then(|t| t.dyn_into::<web_sys::HtmlElement>().ok())
        else {
            return;
        };
        ev.prevent_default();
        let _ = handle.focus();
        let scroll_y = window().scroll_y().unwrap_or(0.0);
        let mut midpoints = Vec::new();
        if let Some(container) = handle.closest("[data-sortable]").ok().flatten()
            && let Ok(rows) = container.query_selector_all(":scope > [data-row-id]")
        {
            for i in 0..rows.length() {
                let Some(row) = rows.item(i).and_then(|n| n.dyn_into::<web_sys::Element>().ok())
                else {
                    continue;
                };
                if row.get_attribute("data-row-id").as_deref() == Some(&id.to_string()) {
                    continue;
                }
                let rect = row.get_bounding_client_rect();
                midpoints.push(rect.top() + rect.height() / 2.0 + scroll_y);
            }
        }
        crate::sort::sort_by(&mut midpoints, f64::total_cmp);
        self.drag.update_value(|d| {
            d.midpoints = midpoints;
            d.client_y = f64::from(ev.client_y());
            d.pointer_id = ev.pointer_id();
        });
        self.lifted.set(Some(Lift { id, from, to: from, by_pointer: true }));
        self.start_scrolling();
    }

    fn pointer_move(self, ev: &web_sys::PointerEvent) {
        let Some(lift) = self.lifted.get_untracked().filter(|l| l.by_pointer) else { return };
        if self.drag.with_value(|d| d.pointer_id) != ev.pointer_id() {
            return;
        }
        ev.prevent_default();
        self.drag.update_value(|d| d.client_y = f64::from(ev.client_y()));
        self.retarget(lift);
    }

    /// Recomputes where the lifted row would land from the pointer's page position.
    fn retarget(self, lift: Lift) {
        let page_y = self.drag.with_value(|d| d.client_y) + window().scroll_y().unwrap_or(0.0);
        let to = self.drag.with_value(|d| d.midpoints.iter().filter(|m| **m < page_y).count());
        if to != lift.to {
            self.lifted.set(Some(Lift { to, ..lift }));
        }
    }

    fn pointer_end(self, ev: &web_sys::PointerEvent, drop: bool) {
        let Some(lift) = self.lifted.get_untracked().filter(|l| l.by_pointer) else { return };
        if self.drag.with_value(|d| d.pointer_id) != ev.pointer_id() {
            return;
        }
        self.stop_scrolling();
        if drop {
            self.drop_lift(lift);
        } else {
            self.lifted.set(None);
        }
    }

    /// Scrolls the page while the pointer is near the top or bottom edge during a drag.
    fn start_scrolling(self) {
        let tick = move || {
            let Some(lift) = self.lifted.get_untracked().filter(|l| l.by_pointer) else { return };
            let y = self.drag.with_value(|d| d.client_y);
            let height = window().inner_height().ok().and_then(|h| h.as_f64()).unwrap_or(0.0);
            const EDGE: f64 = 56.0;
            let step = if y < EDGE {
                -((EDGE - y) / 4.0).ceil()
            } else if y > height - EDGE {
                ((y - (height - EDGE)) / 4.0).ceil()
            } else {
                return;
            };
            window().scroll_by_with_x_and_y(0.0, step);
            self.retarget(lift);
        };
        if let Ok(handle) = set_interval_with_handle(tick, Duration::from_millis(16)) {
            self.drag.update_value(|d| d.scroller = Some(handle));
        }
    }

    fn stop_scrolling(self) {
        self.drag.try_update_value(|d| {
            if let Some(h) = d.scroller.take() {
                h.clear();
            }
        });
    }
}

/// After the list re-renders, puts focus back on `selector` inside row `id`.
fn refocus_later(id: Id, selector: &'static str) {
    super::fields::focus_later(format!("[data-row-id=\"{id}\"] {selector}"));
}

/// The drag handle of a row: a real button (Space/Enter lift and drop, arrows move).
#[component]
pub fn DragHandle(
    sortable: Sortable,
    id: Id,
    /// Names the row, e.g. "entry 3".
    label: Signal<String>,
) -> impl IntoView {
    view! {
        <button
            type="button"
            class="drag-handle"
            aria-label=move || format!("Reorder {}", label.get())
            aria-describedby="sortable-help"
            aria-pressed=move || sortable.is_lifted(id).to_string()
            on:keydown=move |ev| sortable.handle_keydown(id, &ev)
            on:pointerdown=move |ev| sortable.handle_pointerdown(id, &ev)
        >
            <span aria-hidden="true">"⠿"</span>
        </button>
    }
}

/// A small button showing a glyph and a short text, named for screen readers by `label`
/// (e.g. "Delete task 2"). In a row's actions menu, a click also closes the menu.
#[component]
pub fn IconButton(
    /// The accessible name (it contains the visible text).
    #[prop(into)]
    label: Signal<String>,
    /// The tooltip, and the visible text.
    title: &'static str,
    /// What it shows before the text.
    glyph: &'static str,
    /// Extra classes (`move-up`, `danger`...).
    #[prop(optional)]
    class: &'static str,
    /// What a click does.
    on_click: impl Fn() + 'static,
) -> impl IntoView {
    view! {
        <button type="button" class=format!("menu-item {class}") title=title aria-label=label on:click=move |ev| {
            close_menu_of(&ev);
            on_click();
        }>
            <span aria-hidden="true" class="glyph">{glyph}</span>
            <span aria-hidden="true">{title}</span>
        </button>
    }
}

/// Closes the popover menu an event happened in, if any.
fn close_menu_of(ev: &web_sys::MouseEvent) {
    let menu = ev
        .target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        .and_then(|e| e.closest("[popover]").ok().flatten())
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
    if let Some(menu) = menu {
        let _ = menu.hide_popover();
    }
}

/// A row's actions behind one button (one tab stop per row): a popover menu that Escape or a
/// click elsewhere closes.
#[component]
pub fn RowMenu(
    id: Id,
    /// Names the row, e.g. "entry 3".
    label: Signal<String>,
    children: Children,
) -> impl IntoView {
    let menu_id = format!("row-menu-{id}");
    view! {
        <div class="cell cell-menu">
            <button
                type="button"
                class="icon menu-button"
                title="Move, duplicate, delete"
                aria-label=move || format!("Actions for {}", label.get())
                aria-haspopup="true"
                popovertarget=menu_id.clone()
            >
                <span aria-hidden="true">"⋯"</span>
            </button>
            <div class="row-actions" id=menu_id popover="auto" role="group" aria-label=move || format!("Actions for {}", label.get())>
                {children()}
            </div>
        </div>
    }
}

/// Move up / Move down buttons for a row (after a move, focus returns to the row's menu
/// button: the menu closes as the row moves).
#[component]
pub fn MoveButtons(sortable: Sortable, id: Id, label: Signal<String>) -> impl IntoView {
    view! {
        <IconButton
            label=Signal::derive(move || format!("Move up {}", label.get()))
            title="Move up"
            glyph="↑"
            class="move-up"
            on_click=move || sortable.move_by(id, -1, ".menu-button")
        />
        <IconButton
            label=Signal::derive(move || format!("Move down {}", label.get()))
            title="Move down"
            glyph="↓"
            class="move-down"
            on_click=move || sortable.move_by(id, 1, ".menu-button")
        />
    }
}
