//! The native stand-in for the browser's zlib (`ui/zlib.rs`, `CompressionStream("deflate")`) in
//! the share-link tests (included by `tests/share.rs`): miniz_oxide, with the same contract:
//! a cut stream is `Truncated`, a changed one `Damaged`, more than `MAX_JSON` bytes `TooLarge`.

use postmortem_editor::draft::share::{self, MAX_JSON, ShareError};
use postmortem_editor::model::Postmortem;

/// Packs `bytes` as a zlib stream.
pub fn pack(bytes: &[u8]) -> Vec<u8> {
    miniz_oxide::deflate::compress_to_vec_zlib(bytes, 6)
}

/// Unpacks a zlib stream, at most `MAX_JSON` bytes of it.
pub fn unpack(packed: &[u8]) -> Result<Vec<u8>, ShareError> {
    use miniz_oxide::inflate::{TINFLStatus, decompress_to_vec_zlib_with_limit};
    decompress_to_vec_zlib_with_limit(packed, MAX_JSON).map_err(|e| match e.status {
        TINFLStatus::HasMoreOutput => ShareError::TooLarge,
        TINFLStatus::FailedCannotMakeProgress | TINFLStatus::NeedsMoreInput => {
            ShareError::Truncated
        }
        _ => ShareError::Damaged,
    })
}

/// The fragment (without `#`) that carries `doc`.
pub fn fragment(doc: &Postmortem) -> String {
    share::fragment(&pack(share::json(doc).as_bytes()))
}

/// What the page does with `location.hash`: read it, unpack, open.
pub fn read(hash: &str) -> Option<Result<Postmortem, ShareError>> {
    share::read_fragment(hash).map(|packed| share::open(unpack(&packed?)?))
}
