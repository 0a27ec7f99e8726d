//! zlib streams through the browser's `CompressionStream` / `DecompressionStream` ("deflate":
//! RFC 1950, deflate with an Adler-32 checksum), for share links (`draft::share`). Every browser
//! the app supports has them, so the app ships no deflate of its own (miniz_oxide was 15 KB of
//! the wasm, gzip).
//!
//! [`unpack`] keeps the contract `draft::share` documents: it stops at a limit (`TooLarge`), and
//! tells a stream that was cut short (the browser refuses it only at its end: `Truncated`) from
//! one whose bytes were changed (refused while it is read, or by its checksum: `Damaged`).

use crate::draft::share::ShareError;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

#[wasm_bindgen]
extern "C" {
    /// `CompressionStream` and `DecompressionStream`: web-sys has them only behind
    /// `web_sys_unstable_apis`. Both are a `{ readable, writable }` pair.
    type Transform;

    #[wasm_bindgen(catch, constructor, js_class = "CompressionStream")]
    fn compression(format: &str) -> Result<Transform, JsValue>;

    #[wasm_bindgen(catch, constructor, js_class = "DecompressionStream")]
    fn decompression(format: &str) -> Result<Transform, JsValue>;

    #[wasm_bindgen(method, getter)]
    fn readable(this: &Transform) -> web_sys::ReadableStream;

    #[wasm_bindgen(method, getter)]
    fn writable(this: &Transform) -> web_sys::WritableStream;
}

/// How running bytes through a transform went wrong.
enum Failed {
    /// Refused while the input was written: the bytes are not what the format says.
    Input,
    /// Refused when the input ended: it stops in the middle of the stream.
    End,
    /// The output grew past the limit.
    Limit,
}

/// Writes `input` into `transform` and reads what comes out, at most `limit` bytes.
async fn run(transform: Transform, input: &[u8], limit: usize) -> Result<Vec<u8>, Failed> {
    let writer = transform.writable().get_writer().map_err(|_| Failed::Input)?;
    // Both promises are watched from now on (JsFuture), so a refusal is never left unhandled;
    // they settle while the output is read below.
    let wrote = JsFuture::from(writer.write_with_chunk(&js_sys::Uint8Array::from(input)));
    let closed = JsFuture::from(writer.close());
    let reader: web_sys::ReadableStreamDefaultReader =
        transform.readable().get_reader().unchecked_into();
    let mut out = Vec::new();
    let mut refused = false;
    loop {
        let Ok(chunk) = JsFuture::from(reader.read()).await else {
            refused = true;
            break;
        };
        let done = js_sys::Reflect::get(&chunk, &"done".into()).is_ok_and(|d| d.is_truthy());
        if done {
            break;
        }
        if let Ok(bytes) = js_sys::Reflect::get(&chunk, &"value".into()) {
            let bytes: js_sys::Uint8Array = bytes.unchecked_into();
            if out.len() + bytes.length() as usize > limit {
                let _ = reader.cancel();
                return Err(Failed::Limit);
            }
            let start = out.len();
            out.resize(start + bytes.length() as usize, 0);
            bytes.copy_to(&mut out[start..]);
        }
    }
    if wrote.await.is_err() {
        return Err(Failed::Input);
    }
    if closed.await.is_err() || refused {
        return Err(Failed::End);
    }
    Ok(out)
}

/// `bytes` packed as a zlib stream.
pub async fn pack(bytes: &[u8]) -> Result<Vec<u8>, String> {
    let transform = Transform::compression("deflate").map_err(|_| no_streams())?;
    run(transform, bytes, usize::MAX).await.map_err(|_| "the browser could not pack it".to_owned())
}

/// The bytes of the zlib stream `packed`, at most `limit` of them.
pub async fn unpack(packed: &[u8], limit: usize) -> Result<Vec<u8>, ShareError> {
    let transform = Transform::decompression("deflate").map_err(|_| ShareError::Damaged)?;
    run(transform, packed, limit).await.map_err(|failed| match failed {
        Failed::Input => ShareError::Damaged,
        Failed::End => ShareError::Truncated,
        Failed::Limit => ShareError::TooLarge,
    })
}

fn no_streams() -> String {
    "this browser has no CompressionStream: update it to make share links".to_owned()
}
