//! The postmortem document and the edits that change it.
//!
//! A [`Postmortem`] is plain data (serde, no signals, no browser types). It changes only through
//! [`apply`], one [`Edit`] at a time; `apply` returns the inverse edit, which is what undo, autosave
//! and the tests hang off.

mod edit;

pub use edit::{Edit, TextField, apply};
use serde::{Deserialize, Serialize};

/// One incident postmortem, as the user writes it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Postmortem {
    /// The incident's title, e.g. "The great memory leak".
    pub title: String,
    /// What happened, in a few sentences.
    pub summary: String,
}
