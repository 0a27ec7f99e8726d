//! Markdown in and out of the document: [`export`] writes it, [`render`] turns it into safe HTML.

pub mod export;
pub mod import;
pub mod render;
pub mod svg;

pub use export::{Exported, Exporter, export, export_with, file_name};
pub use import::{Imported, Refusal, Warning, import, import_bytes};
pub use svg::timeline_svg;
