//! [`Editor`]: the open document, its undo history, and the one way to change it.

use crate::model::history::{History, Mark, MergeKey, Outcome};
use crate::model::{self, Edit, Postmortem};
use leptos::prelude::*;
use std::time::Duration;

/// How long typing must pause before the work that can wait (validation, review, the timeline
/// picture) runs again.
const SETTLE: Duration = Duration::from_millis(150);

/// The document being edited. Cheap to copy into every component.
///
/// All changes go through [`Editor::edit`] (structural changes, one undo step each) or
/// [`Editor::type_text`] (typing: consecutive keystrokes in one field merge into one undo step).
#[derive(Clone, Copy)]
pub struct Editor {
    /// The document. Read it freely; never write it directly.
    pub doc: RwSignal<Postmortem>,
    history: StoredValue<History<Edit>>,
    can_undo: RwSignal<bool>,
    can_redo: RwSignal<bool>,
    /// Changes once the document has settled: right after a structural edit, or [`SETTLE`]
    /// after the last keystroke.
    settled: RwSignal<u64>,
    /// Changes on every change that was not typed (see [`Editor::for_controls`]).
    untyped: RwSignal<u64>,
    /// The step the last change made or joined (`None` after a change that changed nothing).
    last_step: StoredValue<Option<Mark>>,
    pending: StoredValue<Option<TimeoutHandle>, LocalStorage>,
    /// Whether the last change was typed (see [`Editor::last_change_typed`]).
    typed: StoredValue<bool>,
}

impl Editor {
    /// An editor for `doc`, with an empty history.
    pub fn new(doc: Postmortem) -> Editor {
        Editor {
            doc: RwSignal::new(doc),
            history: StoredValue::new(History::default()),
            can_undo: RwSignal::new(false),
            can_redo: RwSignal::new(false),
            settled: RwSignal::new(0),
            untyped: RwSignal::new(0),
            last_step: StoredValue::new(None),
            pending: StoredValue::new_local(None),
            typed: StoredValue::new(false),
        }
    }

    /// Reads the document for work that can wait until typing pauses: reactive only on the
    /// document having settled, so a keystroke does not redo a whole review.
    pub fn settled<T>(self, f: impl FnOnce(&Postmortem) -> T) -> T {
        self.settled.track();
        self.doc.with_untracked(f)
    }

    /// Reads the document for what a form control shows: reactive on every change except
    /// typing (undo, redo, structural edits, another document). The control being typed into
    /// already shows its text, and typing into one control changes nothing another control
    /// shows, so a keystroke re-runs no form control: with 200 timeline rows, tracking every
    /// change was most of a keystroke's cost.
    pub fn for_controls<T>(self, f: impl FnOnce(&Postmortem) -> T) -> T {
        self.untyped.track();
        self.doc.with_untracked(f)
    }

    /// What a form control shows, read with [`Editor::for_controls`] and shared by the
    /// control's parts. It notifies on every recomputation: typing moves the document away from
    /// the memo's last value without rerunning it, so "equal to last time" does not mean "equal
    /// to what the control shows" (undoing back to that value must still reach the control).
    pub fn control_memo<T: Send + Sync + 'static>(
        self,
        read: impl Fn(&Postmortem) -> T + Send + Sync + 'static,
    ) -> Memo<T> {
        Memo::new_with_compare(move |_| self.for_controls(&read), |_, _| true)
    }

    fn changed_untyped(self) {
        self.typed.set_value(false);
        self.untyped.update(|n| *n += 1);
    }

    /// Whether the last change to the document was typing into a field (not a structural edit,
    /// undo, redo or another document): what can wait a frame (the autosave) may wait then.
    pub fn last_change_typed(self) -> bool {
        self.typed.try_get_value().unwrap_or(false)
    }

    fn settle_now(self) {
        if let Some(handle) = self.pending.try_update_value(Option::take).flatten() {
            handle.clear();
        }
        self.settled.update(|n| *n += 1);
    }

    fn settle_later(self) {
        if let Some(handle) = self.pending.try_update_value(Option::take).flatten() {
            handle.clear();
        }
        let handle = set_timeout_with_handle(move || self.settle_now(), SETTLE).ok();
        self.pending.set_value(handle);
    }

    /// Shows another document (another draft opened, or a change made in another tab): the
    /// undo history starts afresh, since its steps belong to the old document.
    pub fn replace(self, doc: Postmortem) {
        self.history.update_value(History::clear);
        self.last_step.set_value(None);
        self.doc.set(doc);
        self.changed_untyped();
        self.sync_flags();
        self.settle_now();
    }

    /// Applies a structural edit (add, delete, move, sort...): one undo step.
    pub fn edit(self, edit: Edit) {
        self.record(edit, None);
    }

    /// Applies an edit made by typing into a field: keystrokes in one field merge into one step.
    pub fn type_text(self, edit: Edit) {
        let key = merge_key(&edit);
        self.record(edit, key);
    }

    fn record(self, edit: Edit, key: Option<MergeKey>) {
        self.last_step.set_value(None);
        if edit.is_nothing() {
            return;
        }
        let original = edit.clone();
        let mut inverse = None;
        self.doc.update(|doc| inverse = Some(model::apply(doc, edit)));
        let Some(inverse) = inverse else { return };
        if inverse == original {
            return; // Nothing changed (same text, same place): no undo step.
        }
        let typing = key.is_some();
        let mut mark = None;
        self.history.update_value(|h| mark = Some(h.record(inverse, key, js_sys::Date::now())));
        self.last_step.set_value(mark);
        self.sync_flags();
        if typing {
            self.typed.set_value(true);
            self.settle_later();
        } else {
            self.changed_untyped();
            self.settle_now();
        }
    }

    /// Undoes the last step. Returns whether there was one.
    pub fn undo(self) -> bool {
        self.replay(|h, doc| h.undo(doc, model::apply))
    }

    /// Redoes the last undone step. Returns whether there was one.
    pub fn redo(self) -> bool {
        self.replay(|h, doc| h.redo(doc, model::apply))
    }

    /// The undo step of the last change, if it changed anything: what a toast offers to undo.
    pub fn last_step(self) -> Option<Mark> {
        self.last_step.get_value()
    }

    /// Undoes one step (what a toast announced), keeping the changes made since when they touch
    /// something else (see [`History::undo_step`]).
    pub fn undo_step(self, mark: Mark) -> Outcome {
        let mut outcome = Outcome::Gone;
        self.replay(|h, doc| {
            outcome = h.undo_step(mark, doc, model::apply);
            outcome == Outcome::Undone
        });
        outcome
    }

    fn replay(self, step: impl FnOnce(&mut History<Edit>, &mut Postmortem) -> bool) -> bool {
        let mut done = false;
        self.history.update_value(|h| {
            let mut doc = self.doc.get_untracked();
            done = step(h, &mut doc);
            if done {
                self.doc.set(doc);
            }
        });
        if done {
            self.changed_untyped();
        }
        self.sync_flags();
        self.settle_now();
        done
    }

    /// Ends the current typing group, e.g. when a field loses focus.
    pub fn seal(self) {
        self.history.update_value(History::seal);
    }

    /// Whether Undo has something to do (reactive).
    pub fn can_undo(self) -> bool {
        self.can_undo.get()
    }

    /// Whether Redo has something to do (reactive).
    pub fn can_redo(self) -> bool {
        self.can_redo.get()
    }

    fn sync_flags(self) {
        let (u, r) = self.history.with_value(|h| (h.can_undo(), h.can_redo()));
        self.can_undo.set(u);
        self.can_redo.set(r);
    }
}

/// Which typing edits merge into one undo step: edits of the same field of the same item.
fn merge_key(edit: &Edit) -> Option<MergeKey> {
    let key = match edit {
        Edit::SetText { field, .. } => format!("text:{field:?}"),
        Edit::SetList { field, .. } => format!("list:{field:?}"),
        Edit::SetItemText { id, field, .. } => format!("item:{id}:{field:?}"),
        Edit::SetUsersAffected(_) => "users-affected".to_owned(),
        _ => return None,
    };
    Some(MergeKey(key))
}
