//! Properties of the model over random input: edits are total and undoable, ids stay unique,
//! and time parsing and validation never panic.
#![cfg(not(target_arch = "wasm32"))]

use postmortem_editor::model::resolve::{WallClock, resolve, sorted_timeline};
use postmortem_editor::model::time::{FixedOnly, parse_date, parse_moment, parse_zone};
use postmortem_editor::model::validate::validate;
use postmortem_editor::model::{
    CustomSection, Edit, EntryKind, Id, Improvement, Item, ItemField, List, ListField, Percent,
    Postmortem, Status, Task, TextField, TimelineEntry, apply,
};
use proptest::prelude::*;
use std::collections::HashSet;

fn text() -> impl Strategy<Value = String> {
    prop_oneof!["[a-z0-9 :]{0,8}", "[0-2][0-9]:[0-5][0-9]( (AM|PM))?( (UTC|EST|Europe/Paris))?",]
}

/// Ids 0–14: some exist in the documents the sequences build, some never do.
fn id() -> impl Strategy<Value = Id> {
    (0u64..15).prop_map(Id)
}

fn index() -> impl Strategy<Value = usize> {
    prop_oneof![0usize..8, Just(usize::MAX)]
}

fn item() -> impl Strategy<Value = Item> {
    (0..4, id(), text(), text(), any::<bool>()).prop_map(|(which, id, a, b, flag)| match which {
        0 => Item::Entry(TimelineEntry { id, time: a, text: b, kind: None, key_moment: flag }),
        1 => Item::Task(Task { id, text: a, owner: b, due: String::new(), done: flag }),
        2 => Item::Improvement(Improvement { id, text: a }),
        _ => Item::Section(CustomSection { id, heading: a, body: b }),
    })
}

fn list() -> impl Strategy<Value = List> {
    prop::sample::select(vec![
        List::Timeline,
        List::Tasks,
        List::Improvements,
        List::CustomSections,
    ])
}

fn edit() -> impl Strategy<Value = Edit> {
    let leaf = prop_oneof![
        1 => (prop::sample::select(TextField::ALL.to_vec()), text())
            .prop_map(|(field, value)| Edit::SetText { field, value }),
        1 => (
            prop::sample::select(vec![
                ListField::Authors,
                ListField::Responders,
                ListField::ServicesAffected,
                ListField::SeverityLevels,
            ]),
            prop::collection::vec(text(), 0..3)
        )
            .prop_map(|(field, values)| Edit::SetList { field, values }),
        1 => prop::sample::select(Status::ALL.to_vec()).prop_map(Edit::SetStatus),
        1 => prop::option::of((0u32..=10_000).prop_map(|h| Percent::from_hundredths(h).unwrap()))
            .prop_map(Edit::SetUsersAffected),
        3 => (index(), item()).prop_map(|(index, item)| Edit::Add { index, item }),
        1 => (index(), item()).prop_map(|(index, item)| Edit::Insert { index, item }),
        1 => id().prop_map(|id| Edit::Remove { id }),
        2 => (id(), index()).prop_map(|(id, to)| Edit::Move { id, to }),
        1 => id().prop_map(|id| Edit::Duplicate { id }),
        1 => (
            id(),
            prop::sample::select(vec![
                ItemField::Time,
                ItemField::Text,
                ItemField::Owner,
                ItemField::Due,
                ItemField::Heading,
                ItemField::Body,
            ]),
            text()
        )
            .prop_map(|(id, field, value)| Edit::SetItemText { id, field, value }),
        1 => (id(), prop::option::of(prop::sample::select(EntryKind::ALL.to_vec())))
            .prop_map(|(id, kind)| Edit::SetKind { id, kind }),
        1 => (id(), any::<bool>()).prop_map(|(id, value)| Edit::SetKeyMoment { id, value }),
        1 => (id(), any::<bool>()).prop_map(|(id, value)| Edit::SetDone { id, value }),
        1 => Just(Edit::SortTimeline),
        1 => (list(), prop::collection::vec(id(), 0..6))
            .prop_map(|(list, ids)| Edit::Reorder { list, ids }),
        1 => (0u64..20).prop_map(Edit::SetNextId),
    ];
    leaf.prop_recursive(2, 12, 4, |inner| prop::collection::vec(inner, 0..4).prop_map(Edit::Batch))
}

/// A draft whose ids sit at the largest value, as stored.
fn draft_at_the_largest_id() -> Postmortem {
    let max = u64::MAX;
    let json = format!(
        r#"{{"schema": 2, "document": {{"timeline": [{{"id": {max}, "text": "a"}}], "next_id": {max}}}}}"#
    );
    postmortem_editor::draft::codec::decode(&json).expect("the draft reads")
}

#[test]
fn ids_at_the_largest_value_never_repeat() {
    let mut doc = draft_at_the_largest_id();
    for _ in 0..3 {
        let add = Edit::Add { index: usize::MAX, item: Item::Entry(TimelineEntry::default()) };
        let id = doc.peek_next_id();
        apply(&mut doc, add);
        assert_eq!(doc.timeline.last().map(|e| e.id), Some(id), "peek says which id comes");
    }
    apply(&mut doc, Edit::Duplicate { id: Id(u64::MAX) });
    let ids: Vec<u64> = doc.ids().map(|i| i.0).collect();
    // The copy sits right after its original, with the lowest id no item has.
    assert_eq!(ids, [u64::MAX, 4, 1, 2, 3]);
}

#[test]
fn repair_at_the_largest_id_gives_unique_ids() {
    let mut doc = Postmortem { next_id: u64::MAX, ..Postmortem::default() };
    doc.timeline = [u64::MAX, u64::MAX, 0, 2]
        .map(|id| TimelineEntry { id: Id(id), ..TimelineEntry::default() })
        .to_vec();
    doc.repair_ids();
    let ids: Vec<u64> = doc.ids().map(|i| i.0).collect();
    assert_eq!(ids, [u64::MAX, 1, 3, 2]);
}

/// Ids near the largest value, and small ones.
fn edge_id() -> impl Strategy<Value = Id> {
    prop_oneof![(0u64..4).prop_map(Id), (0u64..3).prop_map(|d| Id(u64::MAX - d))]
}

/// The id invariant: unique, non-zero, below `next_id`.
fn ids_are_sound(doc: &Postmortem) -> bool {
    let mut seen = HashSet::new();
    doc.ids().all(|id| id.0 != 0 && id.0 < doc.next_id && seen.insert(id))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 500, ..ProptestConfig::default() })]

    /// Undoing a sequence of edits, last first, gives back every intermediate document; redoing
    /// (the inverse of each inverse) gives back the final one.
    #[test]
    fn every_edit_is_undone_by_its_inverse(edits in prop::collection::vec(edit(), 0..12)) {
        let mut doc = Postmortem::default();
        let mut history = vec![doc.clone()];
        let mut undo = Vec::new();
        for e in edits {
            undo.push(apply(&mut doc, e));
            prop_assert!(ids_are_sound(&doc), "{:?}", doc);
            history.push(doc.clone());
        }
        let done = doc.clone();
        let mut redo = Vec::new();
        while let Some(inverse) = undo.pop() {
            redo.push(apply(&mut doc, inverse));
            history.pop();
            prop_assert_eq!(&doc, history.last().unwrap());
        }
        while let Some(e) = redo.pop() {
            apply(&mut doc, e);
        }
        prop_assert_eq!(doc, done);
    }

    #[test]
    fn moves_keep_every_item(edits in prop::collection::vec(edit(), 0..8), id in id(), to in index()) {
        let mut doc = Postmortem::default();
        for e in edits {
            apply(&mut doc, e);
        }
        let before: HashSet<Id> = doc.ids().collect();
        let position = doc.position(id);
        apply(&mut doc, Edit::Move { id, to });
        prop_assert_eq!(doc.ids().collect::<HashSet<Id>>(), before);
        if let Some((list, _)) = position {
            let order = doc.order(list);
            let expected = to.min(order.len() - 1);
            prop_assert_eq!(order[expected], id);
        }
    }

    #[test]
    fn sorting_is_a_permutation_and_idempotent(edits in prop::collection::vec(edit(), 0..10)) {
        let mut doc = Postmortem::default();
        for e in edits {
            apply(&mut doc, e);
        }
        let mut ids = doc.order(List::Timeline);
        apply(&mut doc, Edit::SortTimeline);
        let mut sorted = doc.order(List::Timeline);
        prop_assert_eq!(sorted_timeline(&doc, &WallClock), sorted.clone());
        ids.sort();
        sorted.sort();
        prop_assert_eq!(ids, sorted);
    }

    #[test]
    fn time_parsing_never_panics(s in "\\PC{0,24}") {
        let _ = (parse_moment(&s), parse_date(&s), parse_zone(&s));
    }

    #[test]
    fn time_like_input_never_panics(s in "[0-9:APMapmUTCEST+\\-/ T.,Z]{0,20}") {
        let _ = (parse_moment(&s), parse_date(&s), parse_zone(&s));
    }

    /// Whatever ids a document holds, even at the largest value, edits keep them unique.
    #[test]
    fn ids_stay_unique_at_the_largest_value(
        edits in prop::collection::vec(prop_oneof![
            3 => Just(Edit::Add { index: usize::MAX, item: Item::Entry(TimelineEntry::default()) }),
            1 => (edge_id(), index()).prop_map(|(id, index)| Edit::Insert {
                index,
                item: Item::Task(Task { id, ..Task::default() }),
            }),
            1 => edge_id().prop_map(|id| Edit::Duplicate { id }),
            1 => edge_id().prop_map(|id| Edit::Remove { id }),
            1 => prop_oneof![Just(u64::MAX), Just(u64::MAX - 1), 0u64..3].prop_map(Edit::SetNextId),
        ], 0..16)
    ) {
        let mut doc = draft_at_the_largest_id();
        let mut undo = Vec::new();
        for e in edits {
            let before = doc.clone();
            undo.push((apply(&mut doc, e), before));
            let mut seen = HashSet::new();
            prop_assert!(doc.ids().all(|id| id.0 != 0 && seen.insert(id)), "{:?}", doc);
        }
        while let Some((inverse, before)) = undo.pop() {
            apply(&mut doc, inverse);
            prop_assert_eq!(&doc, &before);
        }
    }

    #[test]
    fn validation_never_panics(edits in prop::collection::vec(edit(), 0..12)) {
        let mut doc = Postmortem::default();
        for e in edits {
            apply(&mut doc, e);
        }
        let _ = validate(&doc, &FixedOnly);
        let _ = resolve(&doc, &WallClock);
    }
}
