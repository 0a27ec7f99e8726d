//! [`Edit`]: every change to a document is one of these values, applied by [`apply`].
//!
//! `apply` is total: an unknown id, a position past the end, a field that the item does not
//! have — every edit has a defined result on every document, and nothing panics. An edit that
//! does not apply changes nothing and returns the empty [`Edit::Batch`].
//!
//! `apply` returns the inverse edit: applying it restores the document exactly (ids and
//! [`Postmortem::next_id`] included). Undo keeps the inverses on a stack; redo is the inverse of
//! the inverse. Several edits that belong together (an import, a form reset) go in one
//! [`Edit::Batch`], which undoes in one step.

use super::resolve::{self, WallClock};
use super::{
    CustomSection, EntryKind, Id, Improvement, Percent, Postmortem, Status, Task, TimelineEntry,
};

/// A free-text field of the document.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum TextField {
    /// [`Postmortem::title`].
    Title,
    /// [`Postmortem::date`].
    Date,
    /// [`Postmortem::severity`].
    Severity,
    /// [`Postmortem::zone`].
    Zone,
    /// [`Postmortem::summary`]: the issue summary prose.
    Summary,
    /// [`Postmortem::start`].
    Start,
    /// [`Postmortem::end`].
    End,
    /// [`Postmortem::impact`].
    Impact,
    /// [`Postmortem::root_cause`]: the one- or two-sentence root cause of the summary.
    RootCause,
    /// [`Postmortem::detection`].
    Detection,
    /// [`Postmortem::resolution`]: root cause and resolution in depth.
    Resolution,
    /// [`Postmortem::contributing_factors`].
    ContributingFactors,
    /// [`Postmortem::went_well`].
    WentWell,
    /// [`Postmortem::went_wrong`].
    WentWrong,
    /// [`Postmortem::got_lucky`].
    GotLucky,
}

impl TextField {
    /// Every text field, in document order.
    pub const ALL: [TextField; 15] = [
        TextField::Title,
        TextField::Date,
        TextField::Severity,
        TextField::Zone,
        TextField::Summary,
        TextField::Start,
        TextField::End,
        TextField::Impact,
        TextField::RootCause,
        TextField::Detection,
        TextField::Resolution,
        TextField::ContributingFactors,
        TextField::WentWell,
        TextField::WentWrong,
        TextField::GotLucky,
    ];

    /// The fields that hold prose (everything but the title, date, severity, zone and times).
    pub const PROSE: [TextField; 9] = [
        TextField::Summary,
        TextField::Impact,
        TextField::RootCause,
        TextField::Detection,
        TextField::Resolution,
        TextField::ContributingFactors,
        TextField::WentWell,
        TextField::WentWrong,
        TextField::GotLucky,
    ];

    /// The label a form shows.
    pub fn label(self) -> &'static str {
        match self {
            TextField::Title => "Title",
            TextField::Date => "Incident date",
            TextField::Severity => "Severity",
            TextField::Zone => "Time zone",
            TextField::Summary => "Summary",
            TextField::Start => "Start",
            TextField::End => "End",
            TextField::Impact => "Impact",
            TextField::RootCause => "Root cause",
            TextField::Detection => "Detection",
            TextField::Resolution => "Root cause and resolution",
            TextField::ContributingFactors => "Contributing factors",
            TextField::WentWell => "What went well",
            TextField::WentWrong => "What went wrong",
            TextField::GotLucky => "Where we got lucky",
        }
    }

    /// Whether the field is a Markdown block (a text area) rather than one line of text.
    pub fn is_block(self) -> bool {
        matches!(
            self,
            TextField::Summary
                | TextField::Resolution
                | TextField::ContributingFactors
                | TextField::WentWell
                | TextField::WentWrong
                | TextField::GotLucky
        )
    }
}

/// A list-of-names field of the document.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ListField {
    /// [`Postmortem::authors`].
    Authors,
    /// [`Postmortem::responders`].
    Responders,
    /// [`Postmortem::services_affected`].
    ServicesAffected,
    /// [`Postmortem::severity_levels`].
    SeverityLevels,
}

/// One of the document's lists of items with ids.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum List {
    /// [`Postmortem::timeline`].
    Timeline,
    /// [`Postmortem::tasks`].
    Tasks,
    /// [`Postmortem::improvements`].
    Improvements,
    /// [`Postmortem::custom_sections`].
    CustomSections,
}

/// An item of one of the lists; its variant says which list.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Item {
    /// A timeline entry.
    Entry(TimelineEntry),
    /// A task.
    Task(Task),
    /// An improvement.
    Improvement(Improvement),
    /// A custom section.
    Section(CustomSection),
}

impl Item {
    /// The item's id.
    pub fn id(&self) -> Id {
        match self {
            Item::Entry(x) => x.id,
            Item::Task(x) => x.id,
            Item::Improvement(x) => x.id,
            Item::Section(x) => x.id,
        }
    }

    fn set_id(&mut self, id: Id) {
        match self {
            Item::Entry(x) => x.id = id,
            Item::Task(x) => x.id = id,
            Item::Improvement(x) => x.id = id,
            Item::Section(x) => x.id = id,
        }
    }

    /// The list the item belongs in.
    pub fn list(&self) -> List {
        match self {
            Item::Entry(_) => List::Timeline,
            Item::Task(_) => List::Tasks,
            Item::Improvement(_) => List::Improvements,
            Item::Section(_) => List::CustomSections,
        }
    }
}

/// A text field of a list item. Each kind of item has some of them: entries `Time` and `Text`;
/// tasks `Text`, `Owner` and `Due`; improvements `Text`; custom sections `Heading` and `Body`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ItemField {
    /// [`TimelineEntry::time`].
    Time,
    /// [`TimelineEntry::text`], [`Task::text`] or [`Improvement::text`].
    Text,
    /// [`Task::owner`].
    Owner,
    /// [`Task::due`].
    Due,
    /// [`CustomSection::heading`].
    Heading,
    /// [`CustomSection::body`].
    Body,
}

/// One change to a [`Postmortem`].
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Edit {
    /// Replace the text of a field.
    SetText {
        /// Which field.
        field: TextField,
        /// Its new text.
        value: String,
    },
    /// Replace a list of names.
    SetList {
        /// Which list.
        field: ListField,
        /// Its new items (see [`super::split_list`] for reading them from one text box).
        values: Vec<String>,
    },
    /// Set the status.
    SetStatus(Status),
    /// Set or clear the share of users affected.
    SetUsersAffected(Option<Percent>),
    /// Add an item at `index` of its list (clamped: `usize::MAX` appends). The item gets a fresh
    /// id whatever id it carries; [`Postmortem::peek_next_id`] tells which beforehand.
    Add {
        /// Position in the list after the insertion.
        index: usize,
        /// The item; its variant chooses the list.
        item: Item,
    },
    /// Put back an item with its own id (the inverse of [`Edit::Remove`]). If the id is 0 or
    /// already used, the item gets a fresh one.
    Insert {
        /// Position in the list after the insertion (clamped).
        index: usize,
        /// The item.
        item: Item,
    },
    /// Remove the item with this id, from whichever list has it.
    Remove {
        /// The item.
        id: Id,
    },
    /// Move the item with this id to position `to` of its list (clamped to the last position).
    Move {
        /// The item.
        id: Id,
        /// Its position after the move.
        to: usize,
    },
    /// Insert a copy of the item, with a fresh id, right after it.
    Duplicate {
        /// The item.
        id: Id,
    },
    /// Replace a text field of an item.
    SetItemText {
        /// The item.
        id: Id,
        /// Which field; ignored if the item does not have it.
        field: ItemField,
        /// The new text.
        value: String,
    },
    /// Set or clear what a timeline entry records.
    SetKind {
        /// The timeline entry.
        id: Id,
        /// Its kind.
        kind: Option<EntryKind>,
    },
    /// Mark a timeline entry as a key moment, or not.
    SetKeyMoment {
        /// The timeline entry.
        id: Id,
        /// Whether it is one.
        value: bool,
    },
    /// Mark a task as done, or not.
    SetDone {
        /// The task.
        id: Id,
        /// Whether it is done.
        value: bool,
    },
    /// Sort the timeline by time, stably. Entries whose time cannot be read stay right after the
    /// entry they follow. Named zones are compared by wall clock here (`apply` has no zone
    /// resolver); for exact order across zones, send [`Edit::Reorder`] with
    /// [`resolve::sorted_timeline`].
    SortTimeline,
    /// Reorder a list: the listed ids first, in that order, then the others in their current
    /// order. Unknown and repeated ids are ignored.
    Reorder {
        /// Which list.
        list: List,
        /// The new order.
        ids: Vec<Id>,
    },
    /// Set [`Postmortem::next_id`] (raised if needed so it stays above every id). Used by the
    /// inverses of edits that allocate ids.
    SetNextId(u64),
    /// Several edits applied in order, undone in one step. `Batch(vec![])` changes nothing.
    Batch(Vec<Edit>),
}

impl Edit {
    /// The edit that changes nothing.
    pub fn nothing() -> Edit {
        Edit::Batch(Vec::new())
    }

    /// Whether this edit is known to change nothing (an empty batch, or batches of them).
    pub fn is_nothing(&self) -> bool {
        matches!(self, Edit::Batch(edits) if edits.iter().all(Edit::is_nothing))
    }
}

/// What an edit changes, for undoing one step out of order (see [`super::history`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Target {
    Text(TextField),
    Names(ListField),
    Status,
    UsersAffected,
    /// An item as a whole (it comes, goes or moves).
    Item(Id),
    /// One part of an item: a text field, or a flag.
    Part(Id, Part),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Part {
    Text(ItemField),
    Kind,
    KeyMoment,
    Done,
}

impl Target {
    fn overlaps(self, other: Target) -> bool {
        match (self, other) {
            (Target::Item(a), Target::Item(b) | Target::Part(b, _))
            | (Target::Part(a, _), Target::Item(b)) => a == b,
            (a, b) => a == b,
        }
    }
}

impl Edit {
    /// The targets this edit changes. The order of a list is no target: an item put back goes
    /// to the position it had (clamped), whatever moved since.
    fn targets(&self, out: &mut Vec<Target>) {
        let target = match self {
            Edit::SetText { field, .. } => Target::Text(*field),
            Edit::SetList { field, .. } => Target::Names(*field),
            Edit::SetStatus(_) => Target::Status,
            Edit::SetUsersAffected(_) => Target::UsersAffected,
            Edit::Insert { item, .. } => Target::Item(item.id()),
            Edit::Remove { id } | Edit::Move { id, .. } | Edit::Duplicate { id } => {
                Target::Item(*id)
            }
            Edit::SetItemText { id, field, .. } => Target::Part(*id, Part::Text(*field)),
            Edit::SetKind { id, .. } => Target::Part(*id, Part::Kind),
            Edit::SetKeyMoment { id, .. } => Target::Part(*id, Part::KeyMoment),
            Edit::SetDone { id, .. } => Target::Part(*id, Part::Done),
            Edit::Batch(edits) => return edits.iter().for_each(|e| e.targets(out)),
            // A new item has no id yet; sorting, reordering and the id counter are no targets.
            Edit::Add { .. } | Edit::SortTimeline | Edit::Reorder { .. } | Edit::SetNextId(_) => {
                return;
            }
        };
        out.push(target);
    }
}

/// Two edits overlap when they change the same field of the document, or the same item (as a
/// whole, or the same text field or flag of it). Typing in another field, another item, or
/// another field of the same item does not overlap; nor does reordering a list.
impl super::history::Overlaps for Edit {
    fn overlaps(&self, later: &Edit) -> bool {
        let (mut mine, mut theirs) = (Vec::new(), Vec::new());
        self.targets(&mut mine);
        later.targets(&mut theirs);
        mine.iter().any(|a| theirs.iter().any(|b| a.overlaps(*b)))
    }
}

/// Applies `edit` to `doc` and returns the edit that undoes it.
///
/// Total: every edit has a defined result on every document; nothing panics.
pub fn apply(doc: &mut Postmortem, edit: Edit) -> Edit {
    match edit {
        Edit::SetText { field, value } => {
            let old = std::mem::replace(text_mut(doc, field), value);
            Edit::SetText { field, value: old }
        }
        Edit::SetList { field, values } => {
            let old = std::mem::replace(list_mut(doc, field), values);
            Edit::SetList { field, values: old }
        }
        Edit::SetStatus(status) => Edit::SetStatus(std::mem::replace(&mut doc.status, status)),
        Edit::SetUsersAffected(p) => {
            Edit::SetUsersAffected(std::mem::replace(&mut doc.users_affected, p))
        }
        Edit::Add { index, mut item } => {
            let old_next = doc.next_id;
            let id = doc.peek_next_id();
            item.set_id(id);
            doc.next_id = doc.next_id.max(id.0.saturating_add(1));
            insert(doc, index, item);
            Edit::Batch(vec![Edit::Remove { id }, Edit::SetNextId(old_next)])
        }
        Edit::Insert { index, mut item } => {
            let old_next = doc.next_id;
            let mut id = item.id();
            if id.0 == 0 || locate(doc, id).is_some() {
                id = doc.peek_next_id();
                item.set_id(id);
            }
            doc.next_id = doc.next_id.max(id.0.saturating_add(1));
            insert(doc, index, item);
            Edit::Batch(vec![Edit::Remove { id }, Edit::SetNextId(old_next)])
        }
        Edit::Remove { id } => match locate(doc, id) {
            Some((list, index)) => Edit::Insert { index, item: remove_at(doc, list, index) },
            None => Edit::nothing(),
        },
        Edit::Move { id, to } => match locate(doc, id) {
            Some((list, from)) => {
                let item = remove_at(doc, list, from);
                insert(doc, to, item);
                Edit::Move { id, to: from }
            }
            None => Edit::nothing(),
        },
        Edit::Duplicate { id } => match locate(doc, id) {
            Some((list, index)) => {
                let copy = item_at(doc, list, index);
                let old_next = doc.next_id;
                let new_id = doc.peek_next_id();
                let mut copy = copy;
                copy.set_id(new_id);
                doc.next_id = doc.next_id.max(new_id.0.saturating_add(1));
                insert(doc, index + 1, copy);
                Edit::Batch(vec![Edit::Remove { id: new_id }, Edit::SetNextId(old_next)])
            }
            None => Edit::nothing(),
        },
        Edit::SetItemText { id, field, value } => match item_text_mut(doc, id, field) {
            Some(slot) => Edit::SetItemText { id, field, value: std::mem::replace(slot, value) },
            None => Edit::nothing(),
        },
        Edit::SetKind { id, kind } => match doc.timeline.iter_mut().find(|e| e.id == id) {
            Some(e) => Edit::SetKind { id, kind: std::mem::replace(&mut e.kind, kind) },
            None => Edit::nothing(),
        },
        Edit::SetKeyMoment { id, value } => match doc.timeline.iter_mut().find(|e| e.id == id) {
            Some(e) => {
                Edit::SetKeyMoment { id, value: std::mem::replace(&mut e.key_moment, value) }
            }
            None => Edit::nothing(),
        },
        Edit::SetDone { id, value } => match doc.tasks.iter_mut().find(|t| t.id == id) {
            Some(t) => Edit::SetDone { id, value: std::mem::replace(&mut t.done, value) },
            None => Edit::nothing(),
        },
        Edit::SortTimeline => {
            let order = resolve::sorted_timeline(doc, &WallClock);
            apply(doc, Edit::Reorder { list: List::Timeline, ids: order })
        }
        Edit::Reorder { list, ids } => {
            let old = order(doc, list);
            match list {
                List::Timeline => reorder(&mut doc.timeline, &ids, |e| e.id),
                List::Tasks => reorder(&mut doc.tasks, &ids, |t| t.id),
                List::Improvements => reorder(&mut doc.improvements, &ids, |i| i.id),
                List::CustomSections => reorder(&mut doc.custom_sections, &ids, |s| s.id),
            }
            Edit::Reorder { list, ids: old }
        }
        Edit::SetNextId(n) => {
            let old = doc.next_id;
            doc.next_id = n.max(doc.max_id().map_or(0, |m| m.0.saturating_add(1)));
            Edit::SetNextId(old)
        }
        Edit::Batch(edits) => {
            let mut inverses: Vec<Edit> = edits.into_iter().map(|e| apply(doc, e)).collect();
            inverses.reverse();
            Edit::Batch(inverses)
        }
    }
}

impl Postmortem {
    /// The text of one free-text field.
    pub fn text(&self, field: TextField) -> &str {
        match field {
            TextField::Title => &self.title,
            TextField::Date => &self.date,
            TextField::Severity => &self.severity,
            TextField::Zone => &self.zone,
            TextField::Summary => &self.summary,
            TextField::Start => &self.start,
            TextField::End => &self.end,
            TextField::Impact => &self.impact,
            TextField::RootCause => &self.root_cause,
            TextField::Detection => &self.detection,
            TextField::Resolution => &self.resolution,
            TextField::ContributingFactors => &self.contributing_factors,
            TextField::WentWell => &self.went_well,
            TextField::WentWrong => &self.went_wrong,
            TextField::GotLucky => &self.got_lucky,
        }
    }

    /// The items of one list-of-names field.
    pub fn list(&self, field: ListField) -> &[String] {
        match field {
            ListField::Authors => &self.authors,
            ListField::Responders => &self.responders,
            ListField::ServicesAffected => &self.services_affected,
            ListField::SeverityLevels => &self.severity_levels,
        }
    }

    /// Which list holds the item with this id, and at which position.
    pub fn position(&self, id: Id) -> Option<(List, usize)> {
        locate(self, id)
    }

    /// The ids of a list, in order.
    pub fn order(&self, list: List) -> Vec<Id> {
        order(self, list)
    }
}

fn text_mut(doc: &mut Postmortem, field: TextField) -> &mut String {
    match field {
        TextField::Title => &mut doc.title,
        TextField::Date => &mut doc.date,
        TextField::Severity => &mut doc.severity,
        TextField::Zone => &mut doc.zone,
        TextField::Summary => &mut doc.summary,
        TextField::Start => &mut doc.start,
        TextField::End => &mut doc.end,
        TextField::Impact => &mut doc.impact,
        TextField::RootCause => &mut doc.root_cause,
        TextField::Detection => &mut doc.detection,
        TextField::Resolution => &mut doc.resolution,
        TextField::ContributingFactors => &mut doc.contributing_factors,
        TextField::WentWell => &mut doc.went_well,
        TextField::WentWrong => &mut doc.went_wrong,
        TextField::GotLucky => &mut doc.got_lucky,
    }
}

fn list_mut(doc: &mut Postmortem, field: ListField) -> &mut Vec<String> {
    match field {
        ListField::Authors => &mut doc.authors,
        ListField::Responders => &mut doc.responders,
        ListField::ServicesAffected => &mut doc.services_affected,
        ListField::SeverityLevels => &mut doc.severity_levels,
    }
}

fn locate(doc: &Postmortem, id: Id) -> Option<(List, usize)> {
    [List::Timeline, List::Tasks, List::Improvements, List::CustomSections]
        .into_iter()
        .find_map(|list| order(doc, list).iter().position(|i| *i == id).map(|i| (list, i)))
}

fn order(doc: &Postmortem, list: List) -> Vec<Id> {
    match list {
        List::Timeline => doc.timeline.iter().map(|e| e.id).collect(),
        List::Tasks => doc.tasks.iter().map(|t| t.id).collect(),
        List::Improvements => doc.improvements.iter().map(|i| i.id).collect(),
        List::CustomSections => doc.custom_sections.iter().map(|s| s.id).collect(),
    }
}

fn insert(doc: &mut Postmortem, index: usize, item: Item) {
    fn put<T>(v: &mut Vec<T>, index: usize, x: T) {
        v.insert(index.min(v.len()), x);
    }
    match item {
        Item::Entry(x) => put(&mut doc.timeline, index, x),
        Item::Task(x) => put(&mut doc.tasks, index, x),
        Item::Improvement(x) => put(&mut doc.improvements, index, x),
        Item::Section(x) => put(&mut doc.custom_sections, index, x),
    }
}

/// Removes the item at a position [`locate`] returned.
fn remove_at(doc: &mut Postmortem, list: List, index: usize) -> Item {
    match list {
        List::Timeline => Item::Entry(doc.timeline.remove(index)),
        List::Tasks => Item::Task(doc.tasks.remove(index)),
        List::Improvements => Item::Improvement(doc.improvements.remove(index)),
        List::CustomSections => Item::Section(doc.custom_sections.remove(index)),
    }
}

/// A copy of the item at a position [`locate`] returned.
fn item_at(doc: &Postmortem, list: List, index: usize) -> Item {
    match list {
        List::Timeline => Item::Entry(doc.timeline[index].clone()),
        List::Tasks => Item::Task(doc.tasks[index].clone()),
        List::Improvements => Item::Improvement(doc.improvements[index].clone()),
        List::CustomSections => Item::Section(doc.custom_sections[index].clone()),
    }
}

fn item_text_mut(doc: &mut Postmortem, id: Id, field: ItemField) -> Option<&mut String> {
    let (list, i) = locate(doc, id)?;
    match (list, field) {
        (List::Timeline, ItemField::Time) => Some(&mut doc.timeline[i].time),
        (List::Timeline, ItemField::Text) => Some(&mut doc.timeline[i].text),
        (List::Tasks, ItemField::Text) => Some(&mut doc.tasks[i].text),
        (List::Tasks, ItemField::Owner) => Some(&mut doc.tasks[i].owner),
        (List::Tasks, ItemField::Due) => Some(&mut doc.tasks[i].due),
        (List::Improvements, ItemField::Text) => Some(&mut doc.improvements[i].text),
        (List::CustomSections, ItemField::Heading) => Some(&mut doc.custom_sections[i].heading),
        (List::CustomSections, ItemField::Body) => Some(&mut doc.custom_sections[i].body),
        _ => None,
    }
}

fn reorder<T>(items: &mut Vec<T>, ids: &[Id], id_of: impl Fn(&T) -> Id) {
    let mut rest: Vec<Option<T>> = std::mem::take(items).into_iter().map(Some).collect();
    for id in ids {
        if let Some(slot) = rest.iter_mut().find(|x| x.as_ref().is_some_and(|x| id_of(x) == *id)) {
            items.extend(slot.take());
        }
    }
    items.extend(rest.into_iter().flatten());
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A document with timeline entries `a`, `b`, `c` (ids 1–3), tasks `t`, `u` (ids 4–5).
    fn doc() -> Postmortem {
        let mut doc = Postmortem::default();
        for text in ["a", "b", "c"] {
            apply(
                &mut doc,
                Edit::Add { index: usize::MAX, item: Item::Entry(TimelineEntry::new("", text)) },
            );
        }
        for text in ["t", "u"] {
            apply(&mut doc, Edit::Add { index: usize::MAX, item: Item::Task(Task::new(text)) });
        }
        doc
    }

    /// Shows the lists as `timeline | tasks` with `id:text` items.
    fn show(doc: &Postmortem) -> String {
        let entries: Vec<String> =
            doc.timeline.iter().map(|e| format!("{}:{}", e.id, e.text)).collect();
        let tasks: Vec<String> = doc.tasks.iter().map(|t| format!("{}:{}", t.id, t.text)).collect();
        format!("{} | {} | next {}", entries.join(" "), tasks.join(" "), doc.next_id)
    }

    /// Applies `edit` to [`doc`], checks the result, then checks the inverse restores it.
    #[track_caller]
    fn check(edit: Edit, expect: &str) {
        let mut d = doc();
        let original = d.clone();
        let inverse = apply(&mut d, edit);
        assert_eq!(show(&d), expect);
        apply(&mut d, inverse);
        assert_eq!(d, original, "the inverse restores the document");
    }

    fn mv(id: u64, to: usize) -> Edit {
        Edit::Move { id: Id(id), to }
    }

    #[test]
    fn start() {
        check(Edit::nothing(), "1:a 2:b 3:c | 4:t 5:u | next 6");
    }
    #[test]
    fn add_at_front() {
        check(
            Edit::Add { index: 0, item: Item::Entry(TimelineEntry::new("", "z")) },
            "6:z 1:a 2:b 3:c | 4:t 5:u | next 7",
        );
    }
    #[test]
    fn add_ignores_the_given_id() {
        let item = Item::Task(Task { id: Id(1), ..Task::new("v") });
        check(Edit::Add { index: 1, item }, "1:a 2:b 3:c | 4:t 6:v 5:u | next 7");
    }
    #[test]
    fn insert_keeps_a_free_id() {
        let item = Item::Entry(TimelineEntry { id: Id(40), ..TimelineEntry::new("", "z") });
        check(Edit::Insert { index: 99, item }, "1:a 2:b 3:c 40:z | 4:t 5:u | next 41");
    }
    #[test]
    fn insert_renumbers_a_taken_id() {
        let item = Item::Entry(TimelineEntry { id: Id(4), ..TimelineEntry::new("", "z") });
        check(Edit::Insert { index: 0, item }, "6:z 1:a 2:b 3:c | 4:t 5:u | next 7");
    }
    #[test]
    fn remove() {
        check(Edit::Remove { id: Id(2) }, "1:a 3:c | 4:t 5:u | next 6");
    }
    #[test]
    fn remove_a_task() {
        check(Edit::Remove { id: Id(5) }, "1:a 2:b 3:c | 4:t | next 6");
    }
    #[test]
    fn remove_unknown_id() {
        check(Edit::Remove { id: Id(99) }, "1:a 2:b 3:c | 4:t 5:u | next 6");
    }
    #[test]
    fn move_down() {
        check(mv(1, 1), "2:b 1:a 3:c | 4:t 5:u | next 6");
    }
    #[test]
    fn move_to_last() {
        check(mv(1, 2), "2:b 3:c 1:a | 4:t 5:u | next 6");
    }
    #[test]
    fn move_to_first() {
        check(mv(3, 0), "3:c 1:a 2:b | 4:t 5:u | next 6");
    }
    #[test]
    fn move_to_same_place() {
        check(mv(2, 1), "1:a 2:b 3:c | 4:t 5:u | next 6");
    }
    #[test]
    fn move_out_of_range() {
        check(mv(1, usize::MAX), "2:b 3:c 1:a | 4:t 5:u | next 6");
    }
    #[test]
    fn move_unknown_id() {
        check(mv(42, 0), "1:a 2:b 3:c | 4:t 5:u | next 6");
    }
    #[test]
    fn move_a_task() {
        check(mv(5, 0), "1:a 2:b 3:c | 5:u 4:t | next 6");
    }
    #[test]
    fn duplicate() {
        check(Edit::Duplicate { id: Id(2) }, "1:a 2:b 6:b 3:c | 4:t 5:u | next 7");
    }
    #[test]
    fn duplicate_last() {
        check(Edit::Duplicate { id: Id(5) }, "1:a 2:b 3:c | 4:t 5:u 6:u | next 7");
    }
    #[test]
    fn duplicate_unknown() {
        check(Edit::Duplicate { id: Id(0) }, "1:a 2:b 3:c | 4:t 5:u | next 6");
    }
    #[test]
    fn set_item_text() {
        check(
            Edit::SetItemText { id: Id(3), field: ItemField::Text, value: "C".into() },
            "1:a 2:b 3:C | 4:t 5:u | next 6",
        );
    }
    #[test]
    fn set_item_text_of_a_field_the_item_lacks() {
        check(
            Edit::SetItemText { id: Id(3), field: ItemField::Owner, value: "x".into() },
            "1:a 2:b 3:c | 4:t 5:u | next 6",
        );
    }
    #[test]
    fn reorder() {
        let ids = vec![Id(3), Id(99), Id(3), Id(1)];
        check(Edit::Reorder { list: List::Timeline, ids }, "3:c 1:a 2:b | 4:t 5:u | next 6");
    }
    #[test]
    fn batch() {
        check(
            Edit::Batch(vec![mv(1, 9), Edit::Remove { id: Id(2) }, Edit::Duplicate { id: Id(1) }]),
            "3:c 1:a 6:a | 4:t 5:u | next 7",
        );
    }
    #[test]
    fn set_next_id_stays_above_every_id() {
        check(Edit::SetNextId(2), "1:a 2:b 3:c | 4:t 5:u | next 6");
        check(Edit::SetNextId(100), "1:a 2:b 3:c | 4:t 5:u | next 100");
    }

    #[test]
    fn sort_timeline_keeps_untimed_notes_after_their_entry() {
        let mut d = Postmortem { start: "23:00".into(), ..Postmortem::default() };
        for (time, text) in
            [("00:10", "d"), ("23:30", "b"), ("", "note on b"), ("23:05", "a"), ("?", "x")]
        {
            apply(
                &mut d,
                Edit::Add { index: usize::MAX, item: Item::Entry(TimelineEntry::new(time, text)) },
            );
        }
        let original = d.clone();
        let inverse = apply(&mut d, Edit::SortTimeline);
        let texts: Vec<&str> = d.timeline.iter().map(|e| e.text.as_str()).collect();
        assert_eq!(texts, ["a", "x", "b", "note on b", "d"]);
        apply(&mut d, inverse);
        assert_eq!(d, original);
    }

    #[test]
    fn flags_and_fields() {
        let mut d = doc();
        let original = d.clone();
        let edits = vec![
            Edit::SetKind { id: Id(1), kind: Some(EntryKind::Detection) },
            Edit::SetKeyMoment { id: Id(1), value: true },
            Edit::SetDone { id: Id(4), value: true },
            Edit::SetDone { id: Id(1), value: true },
            Edit::SetStatus(Status::Final),
            Edit::SetUsersAffected(Percent::from_hundredths(4000)),
            Edit::SetList { field: ListField::Authors, values: vec!["Ada".into()] },
            Edit::SetText { field: TextField::Impact, value: "All logins failed".into() },
        ];
        let inverse = apply(&mut d, Edit::Batch(edits));
        assert_eq!(d.timeline[0].kind, Some(EntryKind::Detection));
        assert!(d.timeline[0].key_moment && d.tasks[0].done);
        assert_eq!(
            (d.status, d.authors.len(), d.impact.as_str()),
            (Status::Final, 1, "All logins failed")
        );
        apply(&mut d, inverse);
        assert_eq!(d, original);
    }

    #[test]
    fn every_text_field_is_its_own() {
        let mut d = Postmortem::default();
        for (i, field) in TextField::ALL.into_iter().enumerate() {
            apply(&mut d, Edit::SetText { field, value: i.to_string() });
        }
        for (i, field) in TextField::ALL.into_iter().enumerate() {
            assert_eq!(d.text(field), i.to_string());
        }
    }
}
