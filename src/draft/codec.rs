//! The draft format: a document wrapped in a versioned JSON envelope.
//!
//! `{"schema": 2, "document": {...}}`. [`decode`] migrates older schemas and refuses, with a
//! message a person can act on, anything it cannot read: it never guesses.
//!
//! Migrations work on the JSON value, one step per version (`migrate_v1` turns a version-1
//! document into a version-2 one, and so on), so a draft from any older version goes through
//! every step in order before it is read into [`Postmortem`]. Fields missing from a document take
//! their defaults (`#[serde(default)]`), and decoded documents get their ids repaired
//! ([`Postmortem::repair_ids`]), so a hand-edited or partial draft still loads.
//!
//! Versions:
//! 1. `{"title", "summary"}`: the walking skeleton.
//! 2. The full document: metadata, issue summary, timeline, sections, measures, custom sections,
//!    and the `next_id` counter of list item ids.

use crate::model::Postmortem;
use serde::{Deserialize, Serialize};
use std::fmt;

/// The schema version this build writes.
pub const SCHEMA_VERSION: u32 = 2;

#[derive(Serialize)]
struct EnvelopeOut<'a> {
    schema: u32,
    document: &'a Postmortem,
}

#[derive(Deserialize)]
struct EnvelopeIn {
    schema: u32,
    document: serde_json::Value,
}

/// Why a stored value could not be read as a draft.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DecodeError {
    /// Not JSON at all (truncated, or written by something else).
    NotJson(String),
    /// JSON, but not a draft envelope.
    NotADraft,
    /// Written by a newer version of the editor.
    FutureSchema(u32),
    /// A draft envelope whose document does not have the expected shape.
    BadDocument(String),
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DecodeError::NotJson(e) => write!(f, "the saved draft is not valid JSON ({e})"),
            DecodeError::NotADraft => write!(f, "the saved value is not a postmortem draft"),
            DecodeError::FutureSchema(v) => write!(
                f,
                "the saved draft was written by a newer version of the editor (schema {v}, this one reads up to {SCHEMA_VERSION})"
            ),
            DecodeError::BadDocument(e) => write!(f, "the saved draft is damaged ({e})"),
        }
    }
}

impl std::error::Error for DecodeError {}

/// Serialises `doc` as a draft of the current schema.
pub fn encode(doc: &Postmortem) -> String {
    serde_json::to_string(&EnvelopeOut { schema: SCHEMA_VERSION, document: doc })
        .expect("a Postmortem always serialises")
}

/// Reads a draft written by this or an older version of the editor.
pub fn decode(text: &str) -> Result<Postmortem, DecodeError> {
    let value: serde_json::Value =
        serde_json::from_str(text).map_err(|e| DecodeError::NotJson(e.to_string()))?;
    if !value.is_object() {
        return Err(DecodeError::NotADraft);
    }
    let envelope: EnvelopeIn = serde_json::from_value(value).map_err(|_| DecodeError::NotADraft)?;
    if envelope.schema > SCHEMA_VERSION {
        return Err(DecodeError::FutureSchema(envelope.schema));
    }
    if envelope.schema == 0 {
        return Err(DecodeError::NotADraft);
    }
    let mut document = envelope.document;
    if !document.is_object() {
        return Err(DecodeError::BadDocument("the document is not a JSON object".to_owned()));
    }
    if envelope.schema < 2 {
        document = migrate_v1(document);
    }
    let mut doc: Postmortem =
        serde_json::from_value(document).map_err(|e| DecodeError::BadDocument(e.to_string()))?;
    doc.repair_ids();
    Ok(doc)
}

/// Version 1 → 2. Version 1 had `title` and `summary` (what happened, in a few sentences); in
/// version 2 they keep their names and meaning (`summary` is the issue summary's prose), and
/// every new field takes its default. Unknown fields are dropped by serde, as before.
fn migrate_v1(document: serde_json::Value) -> serde_json::Value {
    let mut out = serde_json::Map::new();
    if let serde_json::Value::Object(old) = document {
        for key in ["title", "summary"] {
            if let Some(v) = old.get(key) {
                out.insert(key.to_owned(), v.clone());
            }
        }
    }
    serde_json::Value::Object(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Edit, Item, Task, TimelineEntry, apply};

    #[track_caller]
    fn check(input: &str, expect: Result<Postmortem, DecodeError>) {
        assert_eq!(decode(input), expect, "input: {input}");
    }

    fn titled(title: &str, summary: &str) -> Postmortem {
        Postmortem { title: title.into(), summary: summary.into(), ..Postmortem::default() }
    }

    #[test]
    fn round_trip() {
        let mut doc = titled("T \"quoted\"", "line\nline");
        apply(
            &mut doc,
            Edit::Add { index: 0, item: Item::Entry(TimelineEntry::new("14:30", "a")) },
        );
        apply(&mut doc, Edit::Add { index: 0, item: Item::Task(Task::new("b")) });
        assert_eq!(decode(&encode(&doc)), Ok(doc));
    }

    #[test]
    fn encoding_is_versioned() {
        assert!(encode(&Postmortem::default()).starts_with("{\"schema\":2,"));
    }

    #[test]
    fn not_json() {
        assert!(matches!(decode("{\"schema\":2,"), Err(DecodeError::NotJson(_))));
    }
    #[test]
    fn not_an_envelope() {
        check("[1,2]", Err(DecodeError::NotADraft));
        check("{\"document\":{}}", Err(DecodeError::NotADraft));
    }
    #[test]
    fn schema_zero() {
        check("{\"schema\":0,\"document\":{}}", Err(DecodeError::NotADraft));
    }
    #[test]
    fn future_schema() {
        check("{\"schema\":99,\"document\":{}}", Err(DecodeError::FutureSchema(99)));
    }
    #[test]
    fn wrong_field_type() {
        assert!(matches!(
            decode("{\"schema\":2,\"document\":{\"title\":5}}"),
            Err(DecodeError::BadDocument(_))
        ));
    }
    #[test]
    fn document_not_an_object() {
        assert!(matches!(
            decode("{\"schema\":1,\"document\":\"x\"}"),
            Err(DecodeError::BadDocument(_))
        ));
    }
    #[test]
    fn missing_fields_take_their_defaults() {
        check("{\"schema\":2,\"document\":{}}", Ok(Postmortem::default()));
    }
    #[test]
    fn version_1_drafts_migrate() {
        check(
            "{\"schema\":1,\"document\":{\"title\":\"Disk full\",\"summary\":\"It filled.\"}}",
            Ok(titled("Disk full", "It filled.")),
        );
    }
    #[test]
    fn version_1_fields_that_v2_does_not_know_are_dropped() {
        check("{\"schema\":1,\"document\":{\"title\":\"T\",\"impact\":7}}", Ok(titled("T", "")));
    }
    #[test]
    fn partial_items_get_ids() {
        let decoded = decode(
            "{\"schema\":2,\"document\":{\"timeline\":[{\"text\":\"a\"},{\"text\":\"b\",\"id\":1}],\"next_id\":1}}",
        )
        .unwrap();
        let ids: Vec<u64> = decoded.ids().map(|i| i.0).collect();
        assert_eq!((ids, decoded.next_id), (vec![2, 1], 3));
    }
    #[test]
    fn percentages_out_of_range_are_refused() {
        assert!(matches!(
            decode("{\"schema\":2,\"document\":{\"users_affected\":140}}"),
            Err(DecodeError::BadDocument(_))
        ));
    }
}
