//! Backups of every draft in one file: download, and import by merging (never replacing). The
//! file format and the merge plan are pure (`draft::library`); this module reads and writes.

use super::download;
use super::session::Session;
use crate::draft::library::{self, DraftId, Record};
use crate::draft::storage;
use crate::draft::sync::Event;
use crate::model::Postmortem;
use leptos::prelude::*;

/// Every draft as one backup file (the open one as it is now, saved or not).
pub fn backup_text(session: Session) -> String {
    let current = session.current.get_untracked();
    let mut records: Vec<(DraftId, Record)> =
        storage::all_records().into_iter().filter(|(id, _)| *id != current).collect();
    let open = Record {
        revision: session.seen(),
        updated: js_sys::Date::now(),
        doc: session.editor().doc.get_untracked(),
    };
    records.insert(0, (current, open));
    library::encode_backup(&records, js_sys::Date::now())
}

/// Downloads [`backup_text`].
pub fn download_backup(session: Session) {
    let date: String =
        String::from(js_sys::Date::new_0().to_iso_string()).chars().take(10).collect();
    download::save_text(
        &format!("postmortem-drafts-{date}.json"),
        "application/json",
        &backup_text(session),
    );
}

/// Imports a backup file (or a single draft): adds its drafts, never replaces one.
/// Returns the report shown to the user (also set as the session's message).
pub fn import_backup(session: Session, text: &str) -> String {
    let report = match library::decode_backup(text) {
        Err(e) => format!("Nothing was imported: {e}."),
        Ok(backup) => {
            session.flush();
            let mut existing: Vec<(DraftId, Postmortem)> =
                storage::all_records().into_iter().map(|(id, r)| (id, r.doc)).collect();
            let current = session.current.get_untracked();
            existing.retain(|(id, _)| *id != current);
            existing.push((current, session.editor().doc.get_untracked()));
            let plan = library::plan_import(&existing, backup.drafts, storage::new_id);
            let mut added = 0;
            let mut failed = Vec::new();
            for (id, record) in &plan.writes {
                match storage::create(id, &record.doc) {
                    Ok(_) => added += 1,
                    Err(e) => failed.push(e.to_string()),
                }
            }
            session.refresh();
            let mut parts = vec![format!("Imported {added} draft{}", plural(added))];
            if plan.unchanged > 0 {
                parts.push(format!("{} already here", plan.unchanged));
            }
            if plan.copies > 0 {
                parts.push(format!(
                    "{} added as a copy because a different draft has its id",
                    plan.copies
                ));
            }
            let mut report = parts.join("; ") + ".";
            for w in backup.warnings.iter().chain(failed.iter()) {
                report.push_str(&format!(" {w}."));
            }
            report
        }
    };
    session.dispatch(Event::Say(report.clone()));
    report
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}
