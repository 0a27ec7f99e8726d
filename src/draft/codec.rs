//! The draft format: a document wrapped in a versioned JSON envelope.
//!
//! `{"schema": 2, "document": {...}}`. [`decode`] migrates older schemas and refuses, with a
//! message a person can act on, anything it cannot read: it never guesses.
//!
//! The envelope is read with the document left as raw JSON text (`RawValue`), and the document
//! then read straight into its version's shape: [`Postmortem`] for version 2, `V1` for version 1
//! (whose fields every later version kept). There is no JSON value tree on the way: reading
//! a whole document into one first, then into the model, built a second deserialiser for every
//! type of the model into the wasm. Fields missing from a document take their defaults
//! (`#[serde(default)]`), and decoded documents get their ids repaired
//! ([`Postmortem::repair_ids`]), so a hand-edited or partial draft still loads.
//!
//! Versions:
//! 1. `{"title", "summary"}`: the walking skeleton.
//! 2. The full document: metadata, issue summary, timeline, sections, measures, custom sections,
//!    and the `next_id` counter of list item ids.

use crate::model::Postmortem;
use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;
use std::fmt;

/// The schema version this build writes.
pub const SCHEMA_VERSION: u32 = 2;

#[derive(Serialize)]
struct EnvelopeOut<'a> {
    schema: u32,
    document: &'a Postmortem,
}

#[derive(Deserialize)]
struct EnvelopeIn<'a> {
    schema: u32,
    #[serde(borrow)]
    document: &'a RawValue,
}

/// A version-1 document: the fields it had, which version 2 kept with the same meaning.
#[derive(Deserialize, Default)]
#[serde(default)]
struct V1 {
    title: String,
    summary: String,
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
    let envelope: EnvelopeIn = read_object(text).map_err(|e| match e {
        Some(message) => DecodeError::NotJson(message),
        None => DecodeError::NotADraft,
    })?;
    if envelope.schema > SCHEMA_VERSION {
        return Err(DecodeError::FutureSchema(envelope.schema));
    }
    if envelope.schema == 0 {
        return Err(DecodeError::NotADraft);
    }
    let document = envelope.document.get();
    if !is_object(document) {
        return Err(DecodeError::BadDocument("the document is not a JSON object".to_owned()));
    }
    let damaged = |e: serde_json::Error| DecodeError::BadDocument(e.to_string());
    let mut doc = if envelope.schema < 2 {
        // Version 1 → 2: `title` and `summary` keep their names and meaning, every new field
        // takes its default, and fields version 2 does not know are dropped.
        let V1 { title, summary } = serde_json::from_str(document).map_err(damaged)?;
        Postmortem { title, summary, ..Postmortem::default() }
    } else {
        serde_json::from_str::<Postmortem>(document).map_err(damaged)?
    };
    doc.repair_ids();
    Ok(doc)
}

/// Reads `text` as a JSON object of the shape `T`. Fails with `None` when `text` is JSON but not
/// such an object, and with `serde_json`'s message when it is not JSON at all.
pub(crate) fn read_object<'a, T: Deserialize<'a>>(text: &'a str) -> Result<T, Option<String>> {
    // Only an object: serde would read a struct from an array too (`[2, {...}]`).
    if is_object(text) {
        return serde_json::from_str(text).map_err(|e| (!e.is_data()).then(|| e.to_string()));
    }
    match serde_json::from_str::<serde::de::IgnoredAny>(text) {
        Ok(_) => Err(None),
        Err(e) => Err(Some(e.to_string())),
    }
}

/// Whether the JSON text `json` starts as an object: `{` after JSON's whitespace.
fn is_object(json: &str) -> bool {
    json.trim_start_matches([' ', '\t', '\n', '\r']).starts_with('{')
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
    fn json_that_is_not_an_object_is_not_a_draft() {
        for text in ["5", "\"x\"", "null", "[2,{}]", "[{\"schema\":2,\"document\":{}}]"] {
            check(text, Err(DecodeError::NotADraft));
        }
        check("{\"schema\":\"2\",\"document\":{}}", Err(DecodeError::NotADraft));
        check("{\"schema\":2}", Err(DecodeError::NotADraft));
        assert!(matches!(decode("[1,"), Err(DecodeError::NotJson(_))));
        assert!(matches!(decode(""), Err(DecodeError::NotJson(_))));
        assert!(matches!(decode("{\"schema\":2,\"document\":{}} x"), Err(DecodeError::NotJson(_))));
    }
    #[test]
    fn whitespace_around_the_envelope_and_the_document_is_allowed() {
        check(
            " \n{ \"schema\" : 2 ,\t\"document\" :\r\n { \"title\" : \"Spaced\" } }\n",
            Ok(titled("Spaced", "")),
        );
        check(
            "{\"schema\":1,\"document\": {\"summary\":\"S\",\"title\":\"T\"}}",
            Ok(titled("T", "S")),
        );
    }
    #[test]
    fn version_1_fields_of_the_wrong_type_are_damage() {
        assert!(matches!(
            decode("{\"schema\":1,\"document\":{\"title\":5}}"),
            Err(DecodeError::BadDocument(_))
        ));
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
