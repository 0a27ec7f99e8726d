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

/// Consecutive changes with equal keys, close in time, are undone together. Changes sharing a
/// key must each overwrite the same target (a field), since only the oldest inverse is kept.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct MergeKey(pub String);

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
}

/// The undo and redo stacks of one document.
#[derive(Clone, Debug)]
pub struct History<E> {
    undo: Vec<Group<E>>,
    redo: Vec<Group<E>>,
    limit: usize,
}

impl<E> Default for History<E> {
    fn default() -> Self {
        History { undo: Vec::new(), redo: Vec::new(), limit: DEFAULT_LIMIT }
    }
}

impl<E> History<E> {
    /// An empty history keeping at most `limit` undo steps (at least one).
    pub fn with_limit(limit: usize) -> Self {
        History { limit: limit.max(1), ..History::default() }
    }

    /// Records a change: `inverse` is what `apply` returned, `now_ms` a monotonic clock.
    /// A new change clears the redo stack.
    pub fn record(&mut self, inverse: E, key: Option<MergeKey>, now_ms: f64) {
        self.redo.clear();
        if let (Some(k), Some(last)) = (&key, self.undo.last_mut())
            && last.key.as_ref() == Some(k)
            && now_ms - last.last_at <= MERGE_WINDOW_MS
        {
            // The oldest inverse already restores the target; this one adds nothing.
            last.last_at = now_ms;
            return;
        }
        self.undo.push(Group { edits: vec![inverse], key, last_at: now_ms });
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

/// Applies a group's edits last first; returns the group that reverses this.
fn replay<D, E>(group: Group<E>, doc: &mut D, mut apply: impl FnMut(&mut D, E) -> E) -> Group<E> {
    let edits = group.edits.into_iter().rev().map(|e| apply(doc, e)).collect();
    Group { edits, key: None, last_at: f64::NEG_INFINITY }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::model::{Edit, Item, Postmortem, TextField, TimelineEntry, apply};
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
    ) {
        let inverse = apply(doc, e);
        history.record(inverse, k, at);
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
        ]
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
    }
}
