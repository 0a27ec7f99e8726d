//! Markdown in and out of the document: [`export`] writes it, [`render`] turns it into safe HTML.
//! [`html`], [`csv`] and [`customer`] hand a postmortem off (a page, the tasks for a tracker, the
//! version for customers).

pub mod csv;
pub mod export;
pub mod html;
pub mod import;
pub mod render;
pub mod svg;

pub use export::customer;
pub use export::{Exported, Exporter, export, export_with, file_name};
pub use import::{Imported, Refusal, Warning, import, import_bytes};
pub use svg::timeline_svg;
