//! The draft library, as data: draft ids and storage keys, stored records with revisions, the
//! list's metadata, the rules for concurrent writers, and the backup file with its merge plan.
//!
//! Pure: `draft::storage` does the reading and writing, this module decides. Layout:
//!
//! - `postmortem-editor.drafts.<id>`: one draft, `{"revision":R,"updated":T,"schema":N,"document":{...}}`
//!   (the [`super::codec`] envelope plus a revision that every save bumps and the time of the
//!   save, in milliseconds since 1970). The draft keys are the truth: there is no separate index
//!   to disagree with them.
//! - `postmortem-editor.open`: the id of the draft opened last.
//! - `postmortem-editor.draft`: the single draft of earlier versions, migrated on first load.
//! - `postmortem-editor.unreadable.<stamp>.<n>`: values that could not be read, kept aside.
//! - `postmortem-editor.deleted.<id>`: a deleted draft, `{"deleted":T,...}` (its record with the
//!   time of the deletion in front), listed under "Recently deleted" until it is restored or
//!   purged (see [`super::sync`] for how long it is kept).

use super::codec::{self, DecodeError};
use crate::model::{Postmortem, Status};
use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;
use std::fmt;

/// Prefix of every key this app uses.
pub const PREFIX: &str = "postmortem-editor.";
/// Prefix of the per-draft keys.
pub const DRAFT_PREFIX: &str = "postmortem-editor.drafts.";
/// Key of the id of the draft opened last.
pub const OPEN_KEY: &str = "postmortem-editor.open";
/// Key of the single draft kept by earlier versions.
pub const LEGACY_KEY: &str = "postmortem-editor.draft";
/// Prefix of the keys that keep unreadable values aside.
pub const QUARANTINE_PREFIX: &str = "postmortem-editor.unreadable.";
/// Prefix of the keys of deleted drafts ("Recently deleted").
pub const DELETED_PREFIX: &str = "postmortem-editor.deleted.";

/// A draft's id: 1 to 64 ASCII letters, digits, `-` or `_`.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct DraftId(String);

impl DraftId {
    /// Parses an id; `None` if it has characters or a length an id cannot have.
    pub fn parse(s: &str) -> Option<DraftId> {
        let ok = (1..=64).contains(&s.len())
            && s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
        ok.then(|| DraftId(s.to_owned()))
    }

    /// A new id from the time (ms) and a random number, both given by the caller.
    pub fn generate(now_ms: f64, random: u32) -> DraftId {
        DraftId(format!("{:x}-{:08x}", now_ms.max(0.0) as u64, random))
    }

    /// The id as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The storage key of this draft.
    pub fn key(&self) -> String {
        format!("{DRAFT_PREFIX}{}", self.0)
    }

    /// The storage key of this draft once deleted.
    pub fn deleted_key(&self) -> String {
        format!("{DELETED_PREFIX}{}", self.0)
    }
}

impl fmt::Display for DraftId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl TryFrom<String> for DraftId {
    type Error = String;
    fn try_from(s: String) -> Result<Self, String> {
        DraftId::parse(&s).ok_or_else(|| format!("not a draft id: {s:?}"))
    }
}

impl From<DraftId> for String {
    fn from(id: DraftId) -> String {
        id.0
    }
}

/// What a storage key is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Key {
    /// One draft.
    Draft(DraftId),
    /// The id of the draft opened last.
    Open,
    /// The single draft of earlier versions.
    Legacy,
    /// An unreadable value kept aside.
    Quarantine,
    /// A deleted draft.
    Deleted(DraftId),
    /// Anything else (another app's key, or one of ours this version does not know): left alone.
    Other,
}

/// Classifies a storage key.
pub fn classify_key(key: &str) -> Key {
    if let Some(id) = key.strip_prefix(DRAFT_PREFIX) {
        return DraftId::parse(id).map_or(Key::Other, Key::Draft);
    }
    if let Some(id) = key.strip_prefix(DELETED_PREFIX) {
        return DraftId::parse(id).map_or(Key::Other, Key::Deleted);
    }
    match key {
        OPEN_KEY => Key::Open,
        LEGACY_KEY => Key::Legacy,
        _ if key.starts_with(QUARANTINE_PREFIX) => Key::Quarantine,
        _ => Key::Other,
    }
}

/// A stored draft: the document, its revision and when it was saved.
#[derive(Clone, Debug, PartialEq)]
pub struct Record {
    /// Bumped by every save; 0 for a draft that never had one (migrated or imported).
    pub revision: u64,
    /// When it was saved, in milliseconds since 1970 (0 if unknown).
    pub updated: f64,
    /// The document.
    pub doc: Postmortem,
}

#[derive(Deserialize)]
struct Header {
    #[serde(default)]
    revision: u64,
    #[serde(default)]
    updated: f64,
}

/// Encodes a record from the document's codec envelope (`codec::encode(doc)`), so that a save
/// serialises the document once.
pub fn record_from_envelope(envelope: &str, revision: u64, updated: f64) -> String {
    let rest = envelope.strip_prefix('{').unwrap_or(envelope);
    format!("{{\"revision\":{revision},\"updated\":{},{rest}", whole_ms(updated))
}

/// Encodes a record.
pub fn encode_record(record: &Record) -> String {
    record_from_envelope(&codec::encode(&record.doc), record.revision, record.updated)
}

/// Decodes a record; plain codec envelopes (no revision) read as revision 0.
pub fn decode_record(text: &str) -> Result<Record, DecodeError> {
    let doc = codec::decode(text)?;
    let header: Header =
        serde_json::from_str(text).map_err(|e| DecodeError::BadDocument(e.to_string()))?;
    Ok(Record { revision: header.revision, updated: header.updated, doc })
}

/// The revision of a stored record without reading its document; `None` if it has none.
pub fn peek_revision(text: &str) -> Option<u64> {
    serde_json::from_str::<Header>(text).ok().map(|h| h.revision)
}

/// A deleted draft's stored value: its record (`raw`, as it was stored) with the time of the
/// deletion in front, so that restoring it gives back exactly what was stored.
pub fn encode_deleted(raw: &str, deleted: f64) -> String {
    let deleted = whole_ms(deleted);
    match raw.strip_prefix('{') {
        Some(rest) if !rest.trim_start().starts_with('}') => {
            format!("{{\"deleted\":{deleted},{rest}")
        }
        _ => format!("{{\"deleted\":{deleted},\"raw\":{}}}", json_string(raw)),
    }
}

/// Reads a deleted draft's value: when it was deleted and the record as it was stored.
pub fn decode_deleted(text: &str) -> Option<(f64, String)> {
    #[derive(Deserialize)]
    struct DeletedHeader {
        deleted: f64,
        raw: Option<String>,
    }
    let header: DeletedHeader = serde_json::from_str(text).ok()?;
    if let Some(raw) = header.raw {
        return Some((header.deleted, raw));
    }
    // The time comes first, as `encode_deleted` writes it; a number has no comma.
    let (_, rest) = text.strip_prefix("{\"deleted\":")?.split_once(',')?;
    Some((header.deleted, format!("{{{rest}")))
}

/// A time in milliseconds as stored: whole and not negative (`Date.now()` always is), written
/// without float formatting (crate::model::decimal).
fn whole_ms(ms: f64) -> u64 {
    if ms.is_finite() { ms.max(0.0) as u64 } else { 0 }
}

/// One line of "Recently deleted".
#[derive(Clone, Debug, PartialEq)]
pub struct Deleted {
    /// The draft.
    pub id: DraftId,
    /// Its title as typed (may be empty).
    pub title: String,
    /// When it was deleted (ms since 1970).
    pub deleted: f64,
}

impl Deleted {
    /// The list line of a deleted draft's stored value; `None` if it cannot be read.
    pub fn read(id: DraftId, text: &str) -> Option<Deleted> {
        let (deleted, raw) = decode_deleted(text)?;
        let record = decode_record(&raw).ok()?;
        Some(Deleted { id, title: record.doc.title, deleted })
    }

    /// The title, or "Untitled draft".
    pub fn display_title(&self) -> &str {
        display_title(&self.title)
    }
}

/// Why something could not be saved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SaveError {
    /// localStorage cannot be used at all.
    Unavailable,
    /// The browser's storage for this site is full.
    QuotaExceeded,
    /// Another tab or window saved revision `theirs` of this draft since this one last read it.
    Conflict {
        /// The stored revision.
        theirs: u64,
    },
    /// Any other refusal, with the browser's message.
    Other(String),
}

impl fmt::Display for SaveError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SaveError::Unavailable => {
                write!(f, "this browser does not allow saving here (storage is disabled)")
            }
            SaveError::QuotaExceeded => write!(f, "the browser's storage for this page is full"),
            SaveError::Conflict { .. } => {
                write!(f, "this draft was changed in another tab or window")
            }
            SaveError::Other(msg) => write!(f, "the browser refused to save ({msg})"),
        }
    }
}

/// A value that could not be read.
#[derive(Clone, Debug, PartialEq)]
pub struct Unreadable {
    /// The key it was found under (left untouched).
    pub key: String,
    /// Why it could not be read.
    pub error: DecodeError,
    /// The value as it was stored.
    pub raw: String,
    /// Where a copy is kept; `None` if no copy could be made.
    pub kept_at: Option<String>,
    /// Whether the copy was made by this load (else it was kept aside earlier).
    pub new: bool,
}

/// Why a draft could not be opened.
#[derive(Debug, Clone, PartialEq)]
pub enum LoadError {
    /// localStorage cannot be used.
    Unavailable,
    /// No such draft.
    Missing,
    /// The stored value is not readable (and was kept aside).
    Unreadable(Unreadable),
}

/// What is in storage.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Library {
    /// The readable drafts, most recently edited first.
    pub drafts: Vec<Meta>,
    /// The deleted drafts that can be restored, most recently deleted first.
    pub deleted: Vec<Deleted>,
    /// The draft opened last, if recorded.
    pub last_open: Option<DraftId>,
    /// Values that could not be read (each kept aside, or left alone if that failed).
    pub unreadable: Vec<Unreadable>,
    /// The draft the single draft of an earlier version was migrated to, if that happened now.
    pub migrated: Option<DraftId>,
}

/// One line of the drafts list.
#[derive(Clone, Debug, PartialEq)]
pub struct Meta {
    /// The draft.
    pub id: DraftId,
    /// The document's title, as typed (may be empty).
    pub title: String,
    /// The document's status.
    pub status: Status,
    /// When it was last saved (ms since 1970).
    pub updated: f64,
    /// Its revision.
    pub revision: u64,
}

impl Meta {
    /// The list line of a record.
    pub fn of(id: DraftId, record: &Record) -> Meta {
        Meta {
            id,
            title: record.doc.title.clone(),
            status: record.doc.status,
            updated: record.updated,
            revision: record.revision,
        }
    }

    /// The title, or "Untitled draft".
    pub fn display_title(&self) -> &str {
        display_title(&self.title)
    }
}

/// A title to show: the trimmed title, or "Untitled draft".
pub fn display_title(title: &str) -> &str {
    let t = title.trim();
    if t.is_empty() { "Untitled draft" } else { t }
}

/// Sorts a list most recently edited first (ties: by id, so the order is stable).
pub fn sort_list(list: &mut [Meta]) {
    crate::sort::sort_by(list, |a, b| {
        b.updated.total_cmp(&a.updated).then_with(|| a.id.cmp(&b.id))
    });
}

/// Which draft opens at start: the last one opened if it still exists, else the most recent.
pub fn draft_to_open(list: &[Meta], last_open: Option<&DraftId>) -> Option<DraftId> {
    if let Some(id) = last_open.filter(|id| list.iter().any(|m| &m.id == *id)) {
        return Some(id.clone());
    }
    list.iter().max_by(|a, b| a.updated.total_cmp(&b.updated)).map(|m| m.id.clone())
}

/// Whether a save may write, given the revision this tab last saw and the one stored now.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WriteCheck {
    /// Nobody else wrote: write with this revision.
    Clear {
        /// The revision to write.
        next: u64,
    },
    /// Someone else wrote revision `theirs` since this tab last saw the draft: do not overwrite.
    Conflict {
        /// The stored revision.
        theirs: u64,
    },
}

/// The write rule. A draft that is gone (deleted elsewhere, or never saved) is written afresh:
/// that loses nobody's work.
pub fn check_write(seen: u64, stored: Option<u64>) -> WriteCheck {
    match stored {
        None => WriteCheck::Clear { next: seen + 1 },
        Some(s) if s == seen => WriteCheck::Clear { next: s + 1 },
        Some(theirs) => WriteCheck::Conflict { theirs },
    }
}

/// What to do when another tab changed the open draft.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Remote {
    /// Nothing new (same revision, or the draft was removed: this tab keeps its copy).
    Ignore,
    /// This tab has nothing unsaved: show their version.
    Adopt,
    /// This tab has unsaved changes: ask the user.
    Conflict,
}

/// The rule for a change made elsewhere to the open draft. `other_words` tells whether their
/// document differs from the one this tab last stored; it is asked only for the revision this
/// tab saw or an older one: localStorage is not atomic across tabs, so two tabs typing at the
/// same moment can both write revision n + 1 over n, and then one of the two writes is gone
/// from storage. A revision this tab has already reached, with other words, is that collision,
/// never news to adopt (adopting it would drop what this tab wrote since): ask.
pub fn on_remote(
    seen: u64,
    unsaved: bool,
    theirs: Option<u64>,
    other_words: impl FnOnce() -> bool,
) -> Remote {
    match theirs {
        None => Remote::Ignore,
        Some(t) if t <= seen => {
            if other_words() {
                Remote::Conflict
            } else {
                Remote::Ignore
            }
        }
        Some(_) if unsaved => Remote::Conflict,
        Some(_) => Remote::Adopt,
    }
}

/// The `format` field of a backup file.
pub const BACKUP_FORMAT: &str = "postmortem-editor-backup";
/// The backup version this build writes.
pub const BACKUP_VERSION: u32 = 1;

/// A backup file as written: each draft is its stored record with its id in front, one line
/// each (`Box<RawValue>` is written as it is).
#[derive(Serialize)]
struct BackupOut {
    format: &'static str,
    version: u32,
    exported: u64,
    drafts: Vec<Box<RawValue>>,
}

/// A backup file as read: each draft stays JSON text until it is decoded on its own, so one
/// damaged draft does not stop the others.
#[derive(Deserialize)]
struct BackupIn<'a> {
    version: u32,
    #[serde(borrow)]
    drafts: Vec<&'a RawValue>,
}

/// The fields that tell what a JSON file is, each left unread.
#[derive(Deserialize)]
struct Shape<'a> {
    #[serde(borrow)]
    format: Option<&'a RawValue>,
    #[serde(borrow)]
    schema: Option<&'a RawValue>,
    #[serde(borrow)]
    document: Option<&'a RawValue>,
    #[serde(borrow)]
    id: Option<&'a RawValue>,
}

/// `text` as a JSON string.
fn json_string(text: &str) -> String {
    serde_json::to_string(text).expect("a string always serialises")
}

/// Encodes every draft as one backup file.
pub fn encode_backup(drafts: &[(DraftId, Record)], exported: f64) -> String {
    let drafts = drafts
        .iter()
        .map(|(id, record)| {
            let record = encode_record(record);
            let rest = record.strip_prefix('{').expect("a record is a JSON object");
            let line = format!("{{\"id\":{},{rest}", json_string(id.as_str()));
            RawValue::from_string(line).expect("a record with its id is JSON")
        })
        .collect();
    let file = BackupOut {
        format: BACKUP_FORMAT,
        version: BACKUP_VERSION,
        exported: whole_ms(exported),
        drafts,
    };
    serde_json::to_string_pretty(&file).expect("a backup always serialises")
}

/// Why a file could not be imported at all.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum BackupError {
    /// Not JSON.
    NotJson(String),
    /// JSON, but neither a backup nor a draft.
    NotABackup,
    /// A backup written by a newer version of the editor.
    FutureVersion(u32),
}

impl fmt::Display for BackupError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BackupError::NotJson(e) => write!(f, "the file is not valid JSON ({e})"),
            BackupError::NotABackup => {
                write!(f, "the file is neither a backup of drafts nor a saved draft")
            }
            BackupError::FutureVersion(v) => write!(
                f,
                "the backup was written by a newer version of the editor (version {v}, this one reads up to {BACKUP_VERSION})"
            ),
        }
    }
}

/// A backup, read: the drafts it holds (with their ids, when valid) and one warning per draft
/// that could not be read (the others still import).
#[derive(Debug, Default)]
pub struct Backup {
    /// The readable drafts.
    pub drafts: Vec<(Option<DraftId>, Record)>,
    /// What could not be read, one line each.
    pub warnings: Vec<String>,
}

/// Reads a backup file, or a single draft (the editor's "Download JSON" file, or one record).
pub fn decode_backup(text: &str) -> Result<Backup, BackupError> {
    let shape: Shape = codec::read_object(text).map_err(|e| match e {
        Some(message) => BackupError::NotJson(message),
        None => BackupError::NotABackup,
    })?;
    if shape.format.map(RawValue::get) == Some(json_string(BACKUP_FORMAT).as_str()) {
        let file: BackupIn = serde_json::from_str(text).map_err(|_| BackupError::NotABackup)?;
        if file.version > BACKUP_VERSION {
            return Err(BackupError::FutureVersion(file.version));
        }
        let mut backup = Backup::default();
        for (n, entry) in file.drafts.into_iter().enumerate() {
            let id = codec::read_object::<Shape>(entry.get())
                .ok()
                .and_then(|shape| shape.id)
                .and_then(|id| serde_json::from_str::<String>(id.get()).ok())
                .and_then(|id| DraftId::parse(&id));
            match decode_record(entry.get()) {
                Ok(record) => backup.drafts.push((id, record)),
                Err(e) => backup.warnings.push(format!("draft {} was skipped: {e}", n + 1)),
            }
        }
        return Ok(backup);
    }
    if shape.schema.is_some() && shape.document.is_some() {
        let record = decode_record(text).map_err(|_| BackupError::NotABackup)?;
        return Ok(Backup { drafts: vec![(None, record)], warnings: Vec::new() });
    }
    Err(BackupError::NotABackup)
}

/// What importing a backup will do: never replaces a draft, only adds.
#[derive(Debug, Default, PartialEq)]
pub struct ImportPlan {
    /// Drafts to write (all new keys).
    pub writes: Vec<(DraftId, Record)>,
    /// Drafts already here with the same content: skipped.
    pub unchanged: usize,
    /// Drafts whose id is taken by a different draft here: added under a new id.
    pub copies: usize,
}

/// Plans an import into a library holding `existing`. `fresh` makes a new id (never one in use).
pub fn plan_import(
    existing: &[(DraftId, Postmortem)],
    incoming: Vec<(Option<DraftId>, Record)>,
    mut fresh: impl FnMut() -> DraftId,
) -> ImportPlan {
    let mut plan = ImportPlan::default();
    for (id, record) in incoming {
        let same_content = existing.iter().any(|(_, doc)| *doc == record.doc)
            || plan.writes.iter().any(|(_, r)| r.doc == record.doc);
        if same_content {
            plan.unchanged += 1;
            continue;
        }
        let taken = |id: &DraftId| {
            existing.iter().any(|(e, _)| e == id) || plan.writes.iter().any(|(w, _)| w == id)
        };
        let id = match id {
            Some(id) if !taken(&id) => id,
            Some(_) => {
                plan.copies += 1;
                fresh()
            }
            None => fresh(),
        };
        plan.writes.push((id, Record { revision: 0, ..record }));
    }
    plan
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Edit, Item, TextField, TimelineEntry, apply};

    fn id(s: &str) -> DraftId {
        DraftId::parse(s).unwrap()
    }

    fn doc(title: &str) -> Postmortem {
        let mut d = Postmortem::default();
        apply(&mut d, Edit::SetText { field: TextField::Title, value: title.into() });
        d
    }

    fn record(title: &str, revision: u64) -> Record {
        Record { revision, updated: 1_700_000_000_000.0, doc: doc(title) }
    }

    fn meta(name: &str, updated: f64) -> Meta {
        Meta { id: id(name), title: name.into(), status: Status::Draft, updated, revision: 1 }
    }

    #[test]
    fn ids() {
        assert!(DraftId::parse("").is_none());
        assert!(DraftId::parse("a.b").is_none());
        assert!(DraftId::parse(&"a".repeat(65)).is_none());
        assert_eq!(DraftId::generate(255.0, 1).as_str(), "ff-00000001");
        assert_eq!(id("x-1").key(), "postmortem-editor.drafts.x-1");
    }

    #[test]
    fn keys() {
        assert_eq!(classify_key("postmortem-editor.drafts.abc"), Key::Draft(id("abc")));
        assert_eq!(classify_key("postmortem-editor.drafts.a/b"), Key::Other);
        assert_eq!(classify_key("postmortem-editor.draft"), Key::Legacy);
        assert_eq!(classify_key("postmortem-editor.open"), Key::Open);
        assert_eq!(classify_key("postmortem-editor.unreadable.1.0"), Key::Quarantine);
        assert_eq!(classify_key("postmortem-editor.deleted.abc"), Key::Deleted(id("abc")));
        assert_eq!(classify_key("postmortem-editor.deleted."), Key::Other);
        assert_eq!(classify_key("postmortem-editor.index"), Key::Other);
        assert_eq!(classify_key("someone-else"), Key::Other);
    }

    #[test]
    fn records_round_trip() {
        let mut r = record("Disk full", 7);
        apply(
            &mut r.doc,
            Edit::Add { index: 0, item: Item::Entry(TimelineEntry::new("10:00", "a")) },
        );
        let text = encode_record(&r);
        assert!(
            text.starts_with("{\"revision\":7,\"updated\":1700000000000,\"schema\":"),
            "{text}"
        );
        assert_eq!(decode_record(&text), Ok(r));
        assert_eq!(peek_revision(&text), Some(7));
    }

    #[test]
    fn a_deleted_draft_keeps_its_exact_record() {
        let raw = encode_record(&record("Gone", 4));
        let text = encode_deleted(&raw, 1_700_000_000_123.9);
        assert!(text.starts_with("{\"deleted\":1700000000123,\"revision\":4,"), "{text}");
        assert_eq!(decode_deleted(&text), Some((1_700_000_000_123.0, raw.clone())));
        let line = Deleted::read(id("g"), &text).unwrap();
        assert_eq!((line.title.as_str(), line.deleted), ("Gone", 1_700_000_000_123.0));
        // A value that is not an object is kept as a string, and still comes back exactly.
        for odd in ["[1,2]", "{}", " {\"a\":1}"] {
            assert_eq!(decode_deleted(&encode_deleted(odd, 5.0)), Some((5.0, odd.to_owned())));
        }
        assert_eq!(decode_deleted("{\"revision\":1}"), None);
        assert_eq!(Deleted::read(id("g"), &encode_deleted("nope", 1.0)), None);
    }

    #[test]
    fn a_plain_envelope_is_revision_zero() {
        let text = codec::encode(&doc("T"));
        assert_eq!(decode_record(&text).unwrap().revision, 0);
    }

    #[test]
    fn records_refuse_what_the_codec_refuses() {
        assert!(matches!(decode_record("{\"revision\":1,"), Err(DecodeError::NotJson(_))));
        assert_eq!(
            decode_record("{\"revision\":1,\"schema\":9,\"document\":{}}"),
            Err(DecodeError::FutureSchema(9))
        );
        assert_eq!(decode_record("{\"hello\":1}"), Err(DecodeError::NotADraft));
        assert!(matches!(
            decode_record("{\"revision\":-1,\"schema\":2,\"document\":{}}"),
            Err(DecodeError::BadDocument(_))
        ));
    }

    #[test]
    fn list_order_and_which_opens() {
        let mut list = vec![meta("a", 1.0), meta("b", 3.0), meta("c", 2.0)];
        sort_list(&mut list);
        let names: Vec<&str> = list.iter().map(|m| m.id.as_str()).collect();
        assert_eq!(names, ["b", "c", "a"]);
        assert_eq!(draft_to_open(&list, Some(&id("a"))), Some(id("a")));
        assert_eq!(draft_to_open(&list, Some(&id("gone"))), Some(id("b")));
        assert_eq!(draft_to_open(&list, None), Some(id("b")));
        assert_eq!(draft_to_open(&[], None), None);
        assert_eq!(display_title("  "), "Untitled draft");
    }

    #[test]
    fn write_rule() {
        assert_eq!(check_write(0, None), WriteCheck::Clear { next: 1 });
        assert_eq!(check_write(4, Some(4)), WriteCheck::Clear { next: 5 });
        assert_eq!(check_write(4, Some(5)), WriteCheck::Conflict { theirs: 5 });
        assert_eq!(check_write(4, Some(2)), WriteCheck::Conflict { theirs: 2 });
        assert_eq!(check_write(4, None), WriteCheck::Clear { next: 5 });
    }

    #[test]
    fn remote_rule() {
        let same = || false;
        assert_eq!(on_remote(3, false, Some(4), same), Remote::Adopt);
        assert_eq!(on_remote(3, true, Some(4), same), Remote::Conflict);
        assert_eq!(on_remote(3, true, Some(3), same), Remote::Ignore);
        assert_eq!(on_remote(3, false, Some(3), || true), Remote::Conflict);
        assert_eq!(on_remote(3, false, Some(2), same), Remote::Ignore);
        assert_eq!(on_remote(3, false, Some(2), || true), Remote::Conflict);
        assert_eq!(on_remote(3, true, None, || true), Remote::Ignore);
    }

    #[test]
    fn backups_round_trip() {
        let drafts = vec![(id("a"), record("One", 3)), (id("b"), record("Two", 1))];
        let text = encode_backup(&drafts, 5.0);
        let back = decode_backup(&text).unwrap();
        assert!(back.warnings.is_empty());
        let got: Vec<(Option<DraftId>, Record)> = back.drafts;
        let want: Vec<(Option<DraftId>, Record)> =
            drafts.into_iter().map(|(i, r)| (Some(i), r)).collect();
        assert_eq!(got, want);
    }

    #[test]
    fn a_damaged_draft_in_a_backup_is_skipped_with_a_warning() {
        let text = format!(
            "{{\"format\":\"{BACKUP_FORMAT}\",\"version\":1,\"drafts\":[{},{{\"id\":\"z\",\"schema\":99,\"document\":{{}}}}]}}",
            encode_record(&record("Ok", 1))
        );
        let back = decode_backup(&text).unwrap();
        assert_eq!(back.drafts.len(), 1);
        assert_eq!(back.warnings.len(), 1, "{:?}", back.warnings);
    }

    #[test]
    fn backups_refuse_what_they_cannot_read() {
        assert!(matches!(decode_backup("nope"), Err(BackupError::NotJson(_))));
        assert_eq!(decode_backup("{\"a\":1}").unwrap_err(), BackupError::NotABackup);
        assert_eq!(
            decode_backup(&format!(
                "{{\"format\":\"{BACKUP_FORMAT}\",\"version\":2,\"drafts\":[]}}"
            ))
            .unwrap_err(),
            BackupError::FutureVersion(2)
        );
    }

    #[test]
    fn backups_read_what_json_allows_and_refuse_other_shapes() {
        // A backup as earlier versions wrote it: pretty-printed, each draft an object with its
        // keys in alphabetical order, the id among them.
        let old = format!(
            "{{\n  \"format\": \"{BACKUP_FORMAT}\",\n  \"version\": 1,\n  \"exported\": 5.0,\n  \"drafts\": [\n    {{\n      \"document\": {{\n        \"title\": \"Kept\"\n      }},\n      \"id\": \"a1\",\n      \"revision\": 4,\n      \"schema\": 2,\n      \"updated\": 7\n    }}\n  ]\n}}\n"
        );
        let back = decode_backup(&old).unwrap();
        assert_eq!(back.drafts.len(), 1);
        assert_eq!(back.drafts[0].0, Some(id("a1")));
        assert_eq!((back.drafts[0].1.doc.title.as_str(), back.drafts[0].1.revision), ("Kept", 4));
        // An id that is not a string is no id: the draft still imports, under a new one.
        let text = format!(
            "{{\"format\":\"{BACKUP_FORMAT}\",\"version\":1,\"drafts\":[{{\"id\":7,\"schema\":2,\"document\":{{}}}}]}}"
        );
        let back = decode_backup(&text).unwrap();
        assert_eq!((back.drafts.len(), back.drafts[0].0.clone()), (1, None));
        // JSON that is not an object is neither a backup nor a draft, whatever it holds.
        for text in [
            format!("[\"{BACKUP_FORMAT}\",1,[]]"),
            "[2,{}]".to_owned(),
            "\"x\"".to_owned(),
            "5".to_owned(),
            "{\"format\":5,\"version\":1,\"drafts\":[]}".to_owned(),
        ] {
            assert_eq!(decode_backup(&text).unwrap_err(), BackupError::NotABackup, "{text}");
        }
        assert!(matches!(decode_backup("[1,"), Err(BackupError::NotJson(_))));
        assert!(matches!(decode_backup(""), Err(BackupError::NotJson(_))));
    }

    #[test]
    fn a_single_draft_file_imports_as_one_draft() {
        let back = decode_backup(&codec::encode(&doc("Solo"))).unwrap();
        assert_eq!(back.drafts.len(), 1);
        assert_eq!(back.drafts[0].0, None);
        assert_eq!(back.drafts[0].1.doc.title, "Solo");
    }

    #[test]
    fn imports_merge_and_never_replace() {
        let existing = vec![(id("a"), doc("One")), (id("b"), doc("Two"))];
        let incoming = vec![
            (Some(id("a")), record("One", 9)),         // same content: skipped
            (Some(id("b")), record("Two, edited", 2)), // id taken by another draft: copy
            (Some(id("c")), record("Three", 1)),       // new: keeps its id
            (None, record("Four", 0)),                 // no id: a new one
            (Some(id("c")), record("Three", 4)),       // a duplicate within the file
        ];
        let mut n = 0;
        let plan = plan_import(&existing, incoming, || {
            n += 1;
            id(&format!("new{n}"))
        });
        let ids: Vec<&str> = plan.writes.iter().map(|(i, _)| i.as_str()).collect();
        assert_eq!(ids, ["new1", "c", "new2"]);
        assert_eq!((plan.unchanged, plan.copies), (2, 1));
        assert!(plan.writes.iter().all(|(_, r)| r.revision == 0));
    }
}
