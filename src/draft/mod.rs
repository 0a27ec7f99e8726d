//! Saved drafts: [`codec`] turns a document into versioned JSON and back (pure); [`library`]
//! decides the storage layout, revisions, conflicts and backups (pure); [`sync`] is the session
//! as a state machine: every decision about saving, syncing and deleting drafts (pure);
//! [`journal`] decides what the crash journal holds and when a copy in it wins (pure);
//! [`share`] puts a whole draft in a link's fragment and reads it back (pure);
//! `storage` (browser only) is the one module that reads and writes localStorage.

pub mod codec;
pub mod journal;
pub mod library;
pub mod share;
pub mod sync;

#[cfg(target_arch = "wasm32")]
pub mod storage;
