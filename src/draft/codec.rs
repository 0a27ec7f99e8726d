//! The draft format: a document wrapped in a versioned JSON envelope.
//!
//! `{"schema": 1, "document": {...}}`. [`decode`] migrates older schemas and refuses, with a
//! message a person can act on, anything it cannot read: it never guesses.

use crate::model::Postmortem;
use serde::{Deserialize, Serialize};
use std::fmt;

/// The schema version this build writes.
pub const SCHEMA_VERSION: u32 = 1;

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
    serde_json::from_value(envelope.document).map_err(|e| DecodeError::BadDocument(e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip() {
        let doc = Postmortem { title: "T \"quoted\"".into(), summary: "line\nline".into() };
        assert_eq!(decode(&encode(&doc)), Ok(doc));
    }

    #[test]
    fn encoding_is_versioned() {
        assert!(encode(&Postmortem::default()).starts_with("{\"schema\":1,"));
    }

    #[test]
    fn unreadable_values_are_refused_with_a_reason() {
        assert!(matches!(decode("{\"schema\":1,"), Err(DecodeError::NotJson(_))));
        assert_eq!(decode("[1,2]"), Err(DecodeError::NotADraft));
        assert_eq!(decode("{\"schema\":0,\"document\":{}}"), Err(DecodeError::NotADraft));
        assert_eq!(decode("{\"schema\":99,\"document\":{}}"), Err(DecodeError::FutureSchema(99)));
        assert!(matches!(
            decode("{\"schema\":1,\"document\":{\"title\":5}}"),
            Err(DecodeError::BadDocument(_))
        ));
    }

    #[test]
    fn missing_fields_take_their_defaults() {
        assert_eq!(decode("{\"schema\":1,\"document\":{}}"), Ok(Postmortem::default()));
    }
}
