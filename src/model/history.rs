//! Undo and redo: a history of groups of inverse edits.
//!
//! [`History`] never looks inside an edit. Each recorded change is the inverse that
//! [`super::apply`] returned, plus an optional [`MergeKey`]: consecutive changes with the same key
//! made within [`MERGE_WINDOW_MS`] of each other form one undo step (typing a sentence is one step,
//! not one per keystroke). Structural edits (add, delete, move, sort) pass no key and are always a
//! step of their own.
//!
//! A key names one target that each change overwrites (a field of the document or of an item),
//! so a merged step keeps only its oldest inverse: undoing it restores the value from before the
//! first keystroke, and memory does not grow with the number of keystrokes.
//!
//! Undo pops a group, applies its edits in reverse order and pushes what *those* return onto the
//! redo stack; redo does the same the other way. Both directions are the same operation, so any
//! number of undo/redo round trips returns the same documents.
//!
//! ## Undoing one step out of order
//!
//! [`History::record`] returns the step's [`Mark`]; a step keeps its mark while it moves between
//! the stacks. [`History::undo_step`] undoes the step with a mark (what a toast announced), even
//! when later steps were recorded after it:
//!
//! - the step is the last one: the same as [`History::undo`];
//! - later steps follow it and none of them [`Overlaps`] it (changed a field or an item this step
//!   changed): its inverse is applied to the document as it is now, and the later changes stay.
//!   This is recorded as a **new step** on top (so Undo then redoes what was undone, the redo
//!   stack is cleared as after any change, and undoing everything still walks back through every
//!   document in order, to the first);
//! - a later step overlaps it: nothing changes ([`Outcome::Changed`]), since undoing it would
//!   throw away or garble what was done since;
//! - it is on the redo stack ([`Outcome::AlreadyUndone`]) or no longer kept ([`Outcome::Gone`]):
//!   nothing changes.
//!
//! A step is undone out of order at most once: its mark is then retired.

/// Consecutive changes with equal keys, close in time, are undone together. Changes sharing a
/// key must each overwrite the same target (a field), since only the oldest inverse is kept.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct MergeKey(pub String);

/// Names one undo step for as long as the history keeps it (see [`History::undo_step`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Mark(u64);

/// Whether undoing one change out of order would disturb a later change.
pub trait Overlaps {
    /// `true` when `self` and `later` change a common target (a field, an item), so `self`
    /// cannot be undone while keeping `later`. Both are inverses as [`History`] stores them.
    fn overlaps(&self, later: &Self) -> bool;
}

/// What [`History::undo_step`] did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// The step was undone (the later steps, if any, were kept).
    Undone,
    /// A later step changed what this step changed: nothing was done.
    Changed,
    /// The step is already undone (it is on the redo stack): nothing was done.
    AlreadyUndone,
    /// The history no longer has the step (too old, or another document): nothing was done.
    Gone,
}

/// Changes closer together than this (milliseconds) with the same key merge into one step.
pub const MERGE_WINDOW_MS: f64 = 1_000.0;

/// How many undo steps are kept.
pub const DEFAULT_LIMIT: usize = 500;

#[derive(Clone, Debug)]
struct Group<E> {
    /// Edits to apply, last first.
    edits: Vec<E>,
    key: Option<MergeKey>,
    last_at: f64,
    /// `None` once the step was undone out of order.
    mark: Option<Mark>,
}

/// The undo and redo stacks of one document.
#[derive(Clone, Debug)]
pub struct History<E> {
    undo: Vec<Group<E>>,
    redo: Vec<Group<E>>,
    limit: usize,
    marks: u64,
}

impl<E> Default for History<E> {
    fn default() -> Self {
        History { undo: Vec::new(), redo: Vec::new(), limit: DEFAULT_LIMIT, marks: 0 }
    }
}

impl<E> History<E> {
    /// An empty history keeping at most `limit` undo steps (at least one).
    pub fn with_limit(limit: usize) -> Self {
        History { limit: limit.max(1), ..History::default() }
    }

    /// Forgets every step (another document is shown). Marks given out before stay unknown:
    /// undoing one is [`Outcome::Gone`], never a step of the new document.
    pub fn clear(&mut self) {
        self.undo.clear();
        self.redo.clear();
    }

    fn new_mark(&mut self) -> Mark {
        self.marks += 1;
        Mark(self.marks)
    }

    /// Records a change: `inverse` is what `apply` returned, `now_ms` a monotonic clock.
    /// A new change clears the redo stack. Returns the mark of the step the change belongs to
    /// (a merged keystroke belongs to the step it joined).
    pub fn record(&mut self, inverse: E, key: Option<MergeKey>, now_ms: f64) -> Mark {
        self.redo.clear();
        if let (Some(k), Some(last)) = (&key, self.undo.last_mut())
            && last.key.as_ref() == Some(k)
            && now_ms - last.last_at <= MERGE_WINDOW_MS
            && let Some(mark) = last.mark
        {
            // The oldest inverse already restores the target; this one adds nothing.
            last.last_at = now_ms;
            return mark;
        }
        let mark = self.new_mark();
        self.push(Group { edits: vec![inverse], key, last_at: now_ms, mark: Some(mark) });
        mark
    }

    fn push(&mut self, group: Group<E>) {
        self.undo.push(group);
        if self.undo.len() > self.limit {
            self.undo.remove(0);
        }
    }

    /// Ends the current merge group: the next change starts a new undo step.
    pub fn seal(&mut self) {
        if let Some(last) = self.undo.last_mut() {
            last.key = None;
        }
    }

    /// Whether there is something to undo.
    pub fn can_undo(&self) -> bool {
        !self.undo.is_empty()
    }

    /// Whether there is something to redo.
    pub fn can_redo(&self) -> bool {
        !self.redo.is_empty()
    }

    /// Undoes the last step on `doc` with `apply`; `false` if there was nothing to undo.
    pub fn undo<D>(&mut self, doc: &mut D, apply: impl FnMut(&mut D, E) -> E) -> bool {
        let Some(group) = self.undo.pop() else { return false };
        self.redo.push(replay(group, doc, apply));
        true
    }

    /// Redoes the last undone step on `doc` with `apply`; `false` if there was nothing to redo.
    pub fn redo<D>(&mut self, doc: &mut D, apply: impl FnMut(&mut D, E) -> E) -> bool {
        let Some(group) = self.redo.pop() else { return false };
        self.undo.push(replay(group, doc, apply));
        true
    }
}

impl<E: Clone + Overlaps> History<E> {
    /// Undoes the step `mark` names, keeping the steps recorded after it when none of them
    /// overlaps it (see the module documentation for every case).
    pub fn undo_step<D>(
        &mut self,
        mark: Mark,
        doc: &mut D,
        mut apply: impl FnMut(&mut D, E) -> E,
    ) -> Outcome {
        let Some(at) = self.undo.iter().rposition(|g| g.mark == Some(mark)) else {
            return if self.redo.iter().any(|g| g.mark == Some(mark)) {
                Outcome::AlreadyUndone
            } else {
                Outcome::Gone
            };
        };
        if at + 1 == self.undo.len() {
            self.undo(doc, apply);
            return Outcome::Undone;
        }
        let (step, later) = (&self.undo[at], &self.undo[at + 1..]);
        let overlaps =
            step.edits.iter().any(|e| later.iter().flat_map(|g| &g.edits).any(|l| e.overlaps(l)));
        if overlaps {
            return Outcome::Changed;
        }
        // As `replay`: applied last first; what they return reverses them, in stored order.
        let edits = step.edits.iter().rev().cloned().map(|e| apply(doc, e)).collect();
        self.undo[at].mark = None;
        self.redo.clear();
        let redo_mark = self.new_mark();
        self.push(Group { edits, key: None, last_at: f64::NEG_INFINITY, mark: Some(redo_mark) });
        Outcome::Undone
    }
}

/// Applies a group's edits last first; returns the group that reverses this.
fn replay<D, E>(group: Group<E>, doc: &mut D, mut apply: impl FnMut(&mut D, E) -> E) -> Group<E> {
    let edits = group.edits.into_iter().rev().map(|e| apply(doc, e)).collect();
    Group { edits, key: None, last_at: f64::NEG_INFINITY, mark: group.mark }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::model::{Edit, Id, Item, ItemField, Postmortem, TextField, TimelineEntry, apply};
    use proptest::prelude::*;

    fn set_title(value: &str) -> Edit {
        Edit::SetText { field: TextField::Title, value: value.to_owned() }
    }

    fn key(k: &str) -> Option<MergeKey> {
        Some(MergeKey(k.to_owned()))
    }

    /// Applies `edit` to `doc` and records it, as the editor does.
    fn edit(
        doc: &mut Postmortem,
        history: &mut History<Edit>,
        e: Edit,
        k: Option<MergeKey>,
        at: f64,
    ) -> Mark {
        let inverse = apply(doc, e);
        history.record(inverse, k, at)
    }

    fn add_entry(text: &str) -> Edit {
        Edit::Add { index: usize::MAX, item: Item::Entry(TimelineEntry::new("", text)) }
    }

    fn set_impact(value: &str) -> Edit {
        Edit::SetText { field: TextField::Impact, value: value.to_owned() }
    }

    fn texts(doc: &Postmortem) -> Vec<&str> {
        doc.timeline.iter().map(|e| e.text.as_str()).collect()
    }

    /// Entries a, b, c (ids 1–3), each added as its own step.
    fn three_entries() -> (Postmortem, History<Edit>) {
        let (mut doc, mut h) = (Postmortem::default(), History::default());
        for (i, t) in ["a", "b", "c"].into_iter().enumerate() {
            edit(&mut doc, &mut h, add_entry(t), None, i as f64);
        }
        (doc, h)
    }

    #[test]
    fn a_step_is_undone_out_of_order_and_later_typing_stays() {
        let (mut doc, mut h) = three_entries();
        let first = doc.clone();
        let delete = edit(&mut doc, &mut h, Edit::Remove { id: Id(2) }, None, 10.0);
        for (i, v) in ["L", "Lo", "Logins slow"].into_iter().enumerate() {
            edit(&mut doc, &mut h, set_impact(v), key("impact"), 20.0 + i as f64);
        }
        assert_eq!(h.undo_step(delete, &mut doc, apply), Outcome::Undone);
        assert_eq!((texts(&doc), doc.impact.as_str()), (vec!["a", "b", "c"], "Logins slow"));
        assert_eq!(doc.timeline[1].id, Id(2));
        // Once only: the mark is retired.
        assert_eq!(h.undo_step(delete, &mut doc, apply), Outcome::Gone);
        // Undo takes back the out-of-order undo (the entry goes again), then the typing, then
        // the delete: every document in order, back to the first.
        h.undo(&mut doc, apply);
        assert_eq!((texts(&doc), doc.impact.as_str()), (vec!["a", "c"], "Logins slow"));
        h.undo(&mut doc, apply);
        assert_eq!((texts(&doc), doc.impact.as_str()), (vec!["a", "c"], ""));
        h.undo(&mut doc, apply);
        assert_eq!(doc, first);
    }

    #[test]
    fn the_last_step_is_undone_as_undo_does() {
        let (mut doc, mut h) = three_entries();
        let delete = edit(&mut doc, &mut h, Edit::Remove { id: Id(3) }, None, 10.0);
        assert_eq!(h.undo_step(delete, &mut doc, apply), Outcome::Undone);
        assert_eq!(texts(&doc), ["a", "b", "c"]);
        assert!(h.can_redo());
        assert_eq!(h.undo_step(delete, &mut doc, apply), Outcome::AlreadyUndone);
        // Redone, the step keeps its mark.
        h.redo(&mut doc, apply);
        assert_eq!(h.undo_step(delete, &mut doc, apply), Outcome::Undone);
        assert_eq!(texts(&doc), ["a", "b", "c"]);
    }

    #[test]
    fn a_later_change_to_the_same_target_blocks_the_undo() {
        let (mut doc, mut h) = three_entries();
        let typed = edit(&mut doc, &mut h, set_impact("slow"), key("impact"), 10.0);
        h.seal();
        edit(&mut doc, &mut h, set_impact("slow logins"), key("impact"), 20.0);
        let before = doc.clone();
        assert_eq!(h.undo_step(typed, &mut doc, apply), Outcome::Changed);
        assert_eq!(doc, before);
        // Another field of the same item does not block; the same field does.
        let text =
            |v: &str| Edit::SetItemText { id: Id(1), field: ItemField::Text, value: v.into() };
        let time = Edit::SetItemText { id: Id(1), field: ItemField::Time, value: "10:00".into() };
        let typed = edit(&mut doc, &mut h, text("A"), None, 30.0);
        edit(&mut doc, &mut h, time, None, 40.0);
        let moved = edit(&mut doc, &mut h, Edit::Move { id: Id(2), to: 0 }, None, 50.0);
        assert_eq!(h.undo_step(typed, &mut doc, apply), Outcome::Undone);
        assert_eq!((doc.timeline[1].text.as_str(), doc.timeline[1].time.as_str()), ("a", "10:00"));
        edit(&mut doc, &mut h, Edit::Remove { id: Id(2) }, None, 60.0);
        assert_eq!(h.undo_step(moved, &mut doc, apply), Outcome::Changed);
    }

    #[test]
    fn a_deleted_item_comes_back_at_its_position_whatever_was_added_since() {
        let (mut doc, mut h) = three_entries();
        let delete = edit(&mut doc, &mut h, Edit::Remove { id: Id(2) }, None, 10.0);
        let front = Edit::Add { index: 0, item: Item::Entry(TimelineEntry::new("", "z")) };
        edit(&mut doc, &mut h, front, None, 20.0);
        assert_eq!(h.undo_step(delete, &mut doc, apply), Outcome::Undone);
        assert_eq!(texts(&doc), ["z", "b", "a", "c"]);
    }

    #[test]
    fn steps_dropped_or_cleared_are_gone() {
        let (mut doc, mut h) = (Postmortem::default(), History::with_limit(1));
        let old = edit(&mut doc, &mut h, set_title("a"), None, 0.0);
        edit(&mut doc, &mut h, set_impact("b"), None, 10.0);
        assert_eq!(h.undo_step(old, &mut doc, apply), Outcome::Gone);
        h.clear();
        edit(&mut doc, &mut h, set_title("c"), None, 20.0);
        assert_eq!(h.undo_step(old, &mut doc, apply), Outcome::Gone);
        assert_eq!(doc.title, "c");
    }

    #[test]
    fn typing_within_the_window_is_one_step() {
        let (mut doc, mut h) = (Postmortem::default(), History::default());
        edit(&mut doc, &mut h, set_title("D"), key("title"), 0.0);
        edit(&mut doc, &mut h, set_title("Di"), key("title"), 300.0);
        edit(&mut doc, &mut h, set_title("Disk"), key("title"), 900.0);
        assert!(h.undo(&mut doc, apply));
        assert_eq!(doc.title, "");
        assert!(!h.can_undo());
    }

    #[test]
    fn a_pause_or_another_field_starts_a_new_step() {
        let (mut doc, mut h) = (Postmortem::default(), History::default());
        edit(&mut doc, &mut h, set_title("Disk"), key("title"), 0.0);
        edit(&mut doc, &mut h, set_title("Disk full"), key("title"), 5_000.0);
        let summary = Edit::SetText { field: TextField::Summary, value: "S".into() };
        edit(&mut doc, &mut h, summary, key("summary"), 5_100.0);
        h.undo(&mut doc, apply);
        assert_eq!((doc.title.as_str(), doc.summary.as_str()), ("Disk full", ""));
        h.undo(&mut doc, apply);
        assert_eq!(doc.title, "Disk");
    }

    #[test]
    fn structural_edits_never_merge() {
        let (mut doc, mut h) = (Postmortem::default(), History::default());
        for at in [0.0, 10.0] {
            let add =
                Edit::Add { index: usize::MAX, item: Item::Entry(TimelineEntry::new("", "x")) };
            edit(&mut doc, &mut h, add, None, at);
        }
        h.undo(&mut doc, apply);
        assert_eq!(doc.timeline.len(), 1);
    }

    #[test]
    fn a_long_typing_run_keeps_one_inverse() {
        let (mut doc, mut h) = (Postmortem::default(), History::default());
        let mut text = String::new();
        for i in 0..1_000 {
            text.push('x');
            edit(&mut doc, &mut h, set_title(&text), key("title"), f64::from(i));
        }
        assert_eq!(h.undo.len(), 1);
        assert_eq!(h.undo[0].edits.len(), 1);
        h.undo(&mut doc, apply);
        assert_eq!(doc.title, "");
        h.redo(&mut doc, apply);
        assert_eq!(doc.title.len(), 1_000);
    }

    #[test]
    fn seal_ends_a_group() {
        let (mut doc, mut h) = (Postmortem::default(), History::default());
        edit(&mut doc, &mut h, set_title("A"), key("title"), 0.0);
        h.seal();
        edit(&mut doc, &mut h, set_title("AB"), key("title"), 10.0);
        h.undo(&mut doc, apply);
        assert_eq!(doc.title, "A");
    }

    #[test]
    fn a_new_change_clears_redo() {
        let (mut doc, mut h) = (Postmortem::default(), History::default());
        edit(&mut doc, &mut h, set_title("A"), None, 0.0);
        h.undo(&mut doc, apply);
        assert!(h.can_redo());
        edit(&mut doc, &mut h, set_title("B"), None, 10.0);
        assert!(!h.can_redo());
        assert!(!h.redo(&mut doc, apply));
    }

    #[test]
    fn the_limit_drops_the_oldest_steps() {
        let (mut doc, mut h) = (Postmortem::default(), History::with_limit(2));
        for (i, t) in ["a", "b", "c"].into_iter().enumerate() {
            edit(&mut doc, &mut h, set_title(t), None, i as f64 * 10_000.0);
        }
        assert!(h.undo(&mut doc, apply) && h.undo(&mut doc, apply));
        assert!(!h.undo(&mut doc, apply));
        assert_eq!(doc.title, "a");
    }

    fn arb_edit() -> impl Strategy<Value = Edit> {
        prop_oneof![
            "[a-c]{0,3}".prop_map(|v| Edit::SetText { field: TextField::Title, value: v }),
            "[a-c]{0,3}".prop_map(|v| Edit::SetText { field: TextField::Summary, value: v }),
            "[a-c]{0,3}".prop_map(|v| Edit::Add {
                index: usize::MAX,
                item: Item::Entry(TimelineEntry::new("", &v))
            }),
            (1u64..6).prop_map(|id| Edit::Remove { id: crate::model::Id(id) }),
            (1u64..6, 0usize..6).prop_map(|(id, to)| Edit::Move { id: crate::model::Id(id), to }),
            (1u64..6).prop_map(|id| Edit::Duplicate { id: crate::model::Id(id) }),
            Just(Edit::SortTimeline),
            (1u64..6, "[a-c]{0,2}").prop_map(|(id, v)| Edit::SetItemText {
                id: Id(id),
                field: ItemField::Text,
                value: v
            }),
            (1u64..6, any::<bool>())
                .prop_map(|(id, value)| Edit::SetKeyMoment { id: Id(id), value }),
        ]
    }

    /// Records `edits` as the editor does (typing merges under its field's key).
    fn run(edits: Vec<(Edit, bool)>) -> (Postmortem, History<Edit>, Vec<Mark>) {
        let (mut doc, mut h) = (Postmortem::default(), History::default());
        let mut marks = Vec::new();
        for (i, (e, merge)) in edits.into_iter().enumerate() {
            let key = match &e {
                Edit::SetText { field, .. } if merge => Some(MergeKey(format!("{field:?}"))),
                _ => None,
            };
            marks.push(edit(&mut doc, &mut h, e, key, i as f64 * 100.0));
        }
        (doc, h, marks)
    }

    /// What undoing step `at` alone means: undo the later steps, undo it, redo the later steps.
    fn commuted(h: &History<Edit>, doc: &Postmortem, at: usize) -> Postmortem {
        let (mut h, mut doc) = (h.clone(), doc.clone());
        let later = h.undo.len() - at - 1;
        for _ in 0..=later {
            h.undo(&mut doc, apply);
        }
        h.redo.pop();
        for _ in 0..later {
            h.redo(&mut doc, apply);
        }
        doc
    }

    /// The document with its lists in id order and no id counter: its content, whatever the order.
    fn content(doc: &Postmortem) -> Postmortem {
        let mut doc = doc.clone();
        doc.timeline.sort_by_key(|e| e.id);
        doc.next_id = 0;
        doc
    }

    proptest! {
        /// Undoing everything gives back the first document; redoing everything the last one.
        #[test]
        fn undo_all_then_redo_all(edits in proptest::collection::vec((arb_edit(), any::<bool>()), 0..25)) {
            let (mut doc, mut h) = (Postmortem::default(), History::default());
            let first = doc.clone();
            for (i, (e, merge)) in edits.into_iter().enumerate() {
                // As the editor does: typing into a field merges, under that field's key.
                let key = match &e {
                    Edit::SetText { field, .. } if merge => Some(MergeKey(format!("{field:?}"))),
                    _ => None,
                };
                edit(&mut doc, &mut h, e, key, i as f64 * 100.0);
            }
            let last = doc.clone();
            while h.undo(&mut doc, apply) {}
            prop_assert_eq!(&doc, &first);
            while h.redo(&mut doc, apply) {}
            prop_assert_eq!(&doc, &last);
        }

        /// Undoing one step out of order gives the content of undoing the later steps, that
        /// step, and redoing the later steps (the order of a list aside: an item put back takes
        /// its old position); or, when a later step changed the same target, changes nothing.
        /// Either way, undoing everything afterwards gives back the first document.
        #[test]
        fn one_step_undone_out_of_order(
            edits in proptest::collection::vec((arb_edit(), any::<bool>()), 1..20),
            pick in any::<proptest::sample::Index>(),
        ) {
            let first = Postmortem::default();
            let (mut doc, mut h, marks) = run(edits);
            let mark = marks[pick.index(marks.len())];
            let before = doc.clone();
            let at = h.undo.iter().rposition(|g| g.mark == Some(mark));
            let last = at.is_some_and(|at| at + 1 == h.undo.len());
            let expected = at.map(|at| commuted(&h, &doc, at));
            let outcome = h.undo_step(mark, &mut doc, apply);
            match (outcome, expected) {
                (Outcome::Undone, Some(expected)) if last => prop_assert_eq!(&doc, &expected),
                (Outcome::Undone, Some(expected)) => {
                    prop_assert_eq!(content(&doc), content(&expected));
                }
                (Outcome::Changed, Some(_)) => prop_assert_eq!(&doc, &before),
                (outcome, expected) => {
                    prop_assert!(false, "{outcome:?} with the step at {at:?}, {expected:?}");
                }
            }
            let mut seen = std::collections::HashSet::new();
            prop_assert!(doc.ids().all(|id| id.0 != 0 && seen.insert(id)));
            // Redo goes forward to the last document: the one before, when the step was the
            // last one (undone as Undo does, it waits on the redo stack).
            let latest = if last { before } else { doc.clone() };
            while h.undo(&mut doc, apply) {}
            prop_assert_eq!(&doc, &first);
            while h.redo(&mut doc, apply) {}
            prop_assert_eq!(&doc, &latest);
        }
    }
}
