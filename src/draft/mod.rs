//! Saved drafts: [`codec`] turns a document into versioned JSON and back (pure); `storage`
//! (browser only) is the one module that reads and writes localStorage.

pub mod codec;

#[cfg(target_arch = "wasm32")]
pub mod storage;
