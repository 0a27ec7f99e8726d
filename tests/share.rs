//! Share links (`draft::share`) and issue links (`model::issue`) over generated input: any
//! document comes back from its link, no damaged link panics or opens other words, and any text
//! survives the percent-encoding of an issue link.
#![cfg(not(target_arch = "wasm32"))]

use postmortem_editor::draft::codec::{self, DecodeError};
use postmortem_editor::draft::share::{self, LONG_LINK, MAX_JSON, PREFIX, ShareError};
use postmortem_editor::model::issue::{self, Repo};
use postmortem_editor::model::{Edit, Item, Postmortem, Task, TimelineEntry, apply};
use proptest::prelude::*;

#[path = "support/links.rs"]
mod links;
#[path = "support/zlib.rs"]
mod zlib;

prop_compose! {
    fn document()(
        title in any::<String>(),
        summary in any::<String>(),
        entries in prop::collection::vec((any::<String>(), any::<String>()), 0..8),
        tasks in prop::collection::vec((any::<String>(), any::<String>(), any::<bool>()), 0..5),
    ) -> Postmortem {
        let mut doc = Postmortem { title, summary, ..Postmortem::default() };
        for (time, text) in entries {
            let item = Item::Entry(TimelineEntry::new(&time, &text));
            apply(&mut doc, Edit::Add { index: usize::MAX, item });
        }
        for (text, owner, done) in tasks {
            let item = Item::Task(Task { text, owner, done, ..Task::default() });
            apply(&mut doc, Edit::Add { index: usize::MAX, item });
        }
        doc
    }
}

/// Percent-decodes a query value the way a server reads it (`%XX` only; `+` stays `+`).
fn percent_decode(text: &str) -> Vec<u8> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            out.push(u8::from_str_radix(&text[i + 1..i + 3], 16).unwrap());
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    out
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    #[test]
    fn any_document_comes_back_from_its_link(doc in document()) {
        let packed = zlib::pack(share::json(&doc).as_bytes());
        let link = share::link("https://example.org/app/", &packed);
        let hash = &link[link.find('#').unwrap()..];
        prop_assert!(hash[1..].starts_with(PREFIX));
        prop_assert!(hash[PREFIX.len() + 1..].bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_'));
        prop_assert_eq!(zlib::read(hash), Some(Ok(doc)));
    }

    #[test]
    fn a_damaged_link_never_panics_or_opens_other_words(
        doc in document(),
        at in any::<prop::sample::Index>(),
        with in prop::sample::select(&["A", "_", "-", "9", "", "%20", "é", "=", "\n"][..]),
        cut in any::<bool>(),
    ) {
        let payload = zlib::fragment(&doc);
        let at = PREFIX.len() + at.index(payload.len() - PREFIX.len());
        let damaged = if cut {
            payload[..at].to_owned()
        } else {
            format!("{}{with}{}", &payload[..at], &payload[at + 1..])
        };
        if let Some(Ok(back)) = zlib::read(&damaged) {
            prop_assert_eq!(back, doc);
        }
    }

    #[test]
    fn any_text_survives_the_issue_links_encoding(text in any::<String>()) {
        let encoded = issue::encode(&text);
        prop_assert!(encoded.bytes().all(|b| b.is_ascii_alphanumeric() || b"-._~%".contains(&b)));
        prop_assert_eq!(percent_decode(&encoded), text.as_bytes());
    }

    #[test]
    fn an_issue_link_carries_the_tasks_title(title in "[^\r\n*:]{1,40}", owner in any::<String>()) {
        prop_assume!(!title.trim().is_empty() && !title.starts_with(' '));
        let doc = Postmortem { title: "Outage".into(), ..Postmortem::default() };
        let task = Task { text: format!("**{title}:** details"), owner, ..Task::default() };
        let repo = Repo::parse("acme/payments").unwrap();
        let url = issue::issue_url(&repo, &doc, &task);
        let query = url.strip_prefix("https://github.com/acme/payments/issues/new?title=").unwrap();
        let (title_value, body) = query.split_once("&body=").unwrap();
        prop_assert_eq!(String::from_utf8(percent_decode(title_value)).unwrap(), title.trim());
        prop_assert!(!body.contains('&') && !body.contains('#'));
    }
}

// Whole links through a real zlib (the browser's own is checked the same way in
// tests/browser_share.rs).

#[test]
fn a_document_comes_back_from_its_link() {
    let doc = postmortem_editor::model::sample::with_entries(3, 12);
    let fragment = zlib::fragment(&doc);
    assert!(fragment.starts_with("share=1."), "{fragment}");
    assert_eq!(zlib::read(&format!("#{fragment}")), Some(Ok(doc)));
}

#[track_caller]
fn refused(hash: &str) -> ShareError {
    match zlib::read(hash) {
        Some(Err(e)) => e,
        other => panic!("{hash:.60}: expected a refusal, got {other:?}"),
    }
}

#[test]
fn base64url_that_is_no_zlib_stream_is_damaged() {
    assert_eq!(refused("#share=1.aGVsbG8gd29ybGQ"), ShareError::Damaged);
}

#[test]
fn a_link_cut_anywhere_is_refused() {
    let full = zlib::fragment(&postmortem_editor::model::sample::small(5));
    for end in PREFIX.len()..full.len() {
        let cut = &full[..end];
        assert!(zlib::read(cut).unwrap().is_err(), "cut at {end} of {}", full.len());
    }
}

#[test]
fn a_link_with_one_character_changed_never_opens_other_words() {
    let doc = postmortem_editor::model::sample::small(5);
    let full = zlib::fragment(&doc);
    let mut refused = 0;
    for (at, changed) in links::one_character_changed(&full) {
        // Refused, or (a change in the padding bits of deflate's last byte, which carry
        // nothing) the very same document.
        match zlib::read(&changed).unwrap() {
            Err(_) => refused += 1,
            Ok(back) => assert_eq!(back, doc, "changed at {at} of {}", full.len()),
        }
    }
    assert!(refused >= full.len() - PREFIX.len() - 2, "{refused} of {}", full.len());
}

#[test]
fn a_typical_link_is_short_enough_to_paste_anywhere() {
    // A complete small postmortem (six timeline entries, two tasks, about 6 KB of Markdown).
    let doc = postmortem_editor::model::sample::small(1);
    let json = codec::encode(&doc).len();
    let packed = zlib::pack(share::json(&doc).as_bytes());
    let link = share::link("https://example.org/postmortem-editor/", &packed).len();
    println!("typical document: {json} bytes of JSON, a {link}-character link");
    assert!(link < LONG_LINK, "{link}");
    assert!(link * 2 < json, "the link ({link}) should be well under the JSON ({json})");
}

#[test]
fn a_decompression_bomb_is_capped() {
    // 6 MB of spaces packs into a few KB; the link unpacks no more than MAX_JSON of it.
    let bomb = vec![b' '; 3 * MAX_JSON];
    let hash = format!("#{}", share::fragment(&zlib::pack(&bomb)));
    assert!(hash.len() < 200_000, "{}", hash.len());
    assert_eq!(refused(&hash), ShareError::TooLarge);
}

#[test]
fn a_link_to_something_else_says_so() {
    let hash = format!("#{}", share::fragment(&zlib::pack(b"[1,2,3]")));
    assert_eq!(refused(&hash), ShareError::Draft(DecodeError::NotADraft));
    let future = zlib::pack(br#"{"schema":99,"document":{}}"#);
    let hash = format!("#{}", share::fragment(&future));
    assert_eq!(refused(&hash), ShareError::Draft(DecodeError::FutureSchema(99)));
}
