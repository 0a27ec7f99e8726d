//! Browser tests for `ui::zlib`, the browser's own zlib that packs share links: a document comes
//! back from its link, a link made by the editor's earlier versions (packed by miniz_oxide) still
//! opens, and a cut, changed, foreign or oversized link is refused with the error that says so.
#![cfg(target_arch = "wasm32")]

use postmortem_editor::draft::share::{self, LONG_LINK, MAX_JSON, PREFIX, ShareError};
use postmortem_editor::model::{Postmortem, sample};
use postmortem_editor::ui::zlib;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[path = "support/links.rs"]
mod links;

/// What the page does with `location.hash`: read it, unpack, open.
async fn read(hash: &str) -> Option<Result<Postmortem, ShareError>> {
    let packed = match share::read_fragment(hash)? {
        Ok(packed) => packed,
        Err(e) => return Some(Err(e)),
    };
    Some(zlib::unpack(&packed, MAX_JSON).await.and_then(share::open))
}

async fn fragment(doc: &Postmortem) -> String {
    share::fragment(&zlib::pack(share::json(doc).as_bytes()).await.unwrap())
}

#[wasm_bindgen_test]
async fn a_document_comes_back_from_its_link() {
    let doc = sample::with_entries(3, 12);
    let fragment = fragment(&doc).await;
    assert!(fragment.starts_with(PREFIX), "{fragment}");
    assert_eq!(read(&format!("#{fragment}")).await, Some(Ok(doc)));
}

#[wasm_bindgen_test]
async fn a_link_made_by_earlier_versions_still_opens() {
    // Made by the editor before links were packed by the browser (miniz_oxide, level 9).
    let old = "share=1.eNpVUctOwzAQ_BXLZ4RoKJfcEOILkLhUyDLOurHiR1mvW0LVf2ddp6Wc9jGezMzmKLMZIWjZd3dySKYEiCT7oyRHHmQvX0YwUyokyAXgmoW2BChoBGE0c4X1JY-S2ZoqgbsMe0BH8_9JeW58lv1Gvr2-rxjh0rXy2MpafvB70lT4mRyQpRjQhcaElcgoQt6lOMBl_knxolpC0Djfekb4KpDZczU_iLqyCUX3JIKLhSDfy7MeUvsExKE1Luy0WZYls5jS1oIhYDwW72sq3DsDt8DZXkqkjGZOIw9AjLoU21h9eFcdb47SMWfVdoyu1v1DvQbBdxV-9oBs3Dpk49W0uYTyfOdoZn46uXj1M8GsQmp_z2qf4dSOlXz5kzcpErpP3sStspzwfNaKHJioDuD97Ygpbtu85VS-mGm-ngfTHqra8htI52lpTcmUgsot97KMnErVwN3p9Auy7tCA";
    let doc = read(&format!("#{old}")).await.unwrap().unwrap();
    assert_eq!(doc.title, "Checkout timeouts after the cache flush");
    assert_eq!(doc.summary, "Checkout requests timed out for 25 minutes.");
    assert_eq!(doc.timeline.len(), 1);
    assert_eq!(doc.timeline[0].text, "Alerts fired for checkout latency");
}

#[wasm_bindgen_test]
async fn a_link_cut_anywhere_is_refused_and_one_cut_between_characters_says_so() {
    let full = fragment(&sample::small(5)).await;
    for end in PREFIX.len() + 1..full.len() {
        let refusal = match read(&full[..end]).await.unwrap() {
            Err(e) => e,
            Ok(_) => panic!("cut at {end} of {} opened", full.len()),
        };
        // Cut after a whole base64 group, the bytes are whole too, and only the zlib stream
        // can tell it stops short. (Inside a group, the leftover bits read as a changed link.)
        if (end - PREFIX.len()).is_multiple_of(4) {
            assert_eq!(refusal, ShareError::Truncated, "cut at {end} of {}", full.len());
        }
    }
}

#[wasm_bindgen_test]
async fn a_link_with_one_character_changed_never_opens_other_words() {
    let doc = sample::small(5);
    let full = fragment(&doc).await;
    let mut refused = 0;
    for (at, changed) in links::one_character_changed(&full) {
        match read(&changed).await.unwrap() {
            Err(_) => refused += 1,
            // A change in the padding bits of deflate's last byte carries nothing.
            Ok(back) => assert_eq!(back, doc, "changed at {at} of {}", full.len()),
        }
    }
    assert!(refused >= full.len() - PREFIX.len() - 2, "{refused} of {}", full.len());
}

#[wasm_bindgen_test]
async fn a_foreign_or_oversized_link_says_so() {
    assert_eq!(read("#share=1.aGVsbG8gd29ybGQ").await, Some(Err(ShareError::Damaged)));
    // 6 MB of spaces packs into a few KB; no more than MAX_JSON of it is unpacked.
    let bomb = zlib::pack(&vec![b' '; 3 * MAX_JSON]).await.unwrap();
    let hash = format!("#{}", share::fragment(&bomb));
    assert!(hash.len() < 200_000, "{}", hash.len());
    assert_eq!(read(&hash).await, Some(Err(ShareError::TooLarge)));
}

#[wasm_bindgen_test]
async fn a_typical_link_is_short_enough_to_paste_anywhere() {
    // A complete small postmortem (six timeline entries, two tasks, about 6 KB of Markdown).
    let doc = sample::small(1);
    let json = share::json(&doc).len();
    let packed = zlib::pack(share::json(&doc).as_bytes()).await.unwrap();
    let link = share::link("https://example.org/postmortem-editor/", &packed).len();
    assert!(link < LONG_LINK, "{link}");
    assert!(link * 2 < json, "the link ({link}) should be well under the JSON ({json})");
}
