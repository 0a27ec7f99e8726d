//! Postmortem Editor: write an incident postmortem in the browser, offline, and export Markdown.
//!
//! The crate is a functional core with a thin shell (see `ARCHITECTURE.md`):
//!
//! - [`model`]: the postmortem document, the [`model::Edit`] values that change it and the one
//!   [`model::apply`] that applies them. Pure.
//! - [`markdown`]: export (document → Markdown) and render (Markdown → safe HTML). Pure.
//! - [`draft`]: the versioned JSON codec for saved drafts (pure) and, in the browser only, the one
//!   module that touches localStorage.
//! - [`paste`]: reads timeline entries out of pasted chat, pager and log text, never failing. Pure.
//! - [`sort`]: stable sorting through one copy of the standard sort (a size measure). Pure.
//! - `ui` (browser only): the leptos components.
//!
//! The pure modules never name leptos, web-sys, gloo or wasm-bindgen; `tests/tidy.rs` enforces it.

pub mod draft;
pub mod markdown;
pub mod model;
pub mod paste;
pub mod sort;

#[cfg(target_arch = "wasm32")]
pub mod ui;
