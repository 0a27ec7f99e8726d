//! Share links (`draft::share`) and issue links (`model::issue`) over generated input: any
//! document comes back from its link, no damaged link panics or opens other words, and any text
//! survives the percent-encoding of an issue link.
#![cfg(not(target_arch = "wasm32"))]

use postmortem_editor::draft::share::{self, PREFIX};
use postmortem_editor::model::issue::{self, Repo};
use postmortem_editor::model::{Edit, Item, Postmortem, Task, TimelineEntry, apply};
use proptest::prelude::*;

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
        let link = share::link("https://example.org/app/", &doc);
        let hash = &link[link.find('#').unwrap()..];
        prop_assert!(hash[1..].starts_with(PREFIX));
        prop_assert!(hash[PREFIX.len() + 1..].bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_'));
        prop_assert_eq!(share::read_fragment(hash), Some(Ok(doc)));
    }

    #[test]
    fn a_damaged_link_never_panics_or_opens_other_words(
        doc in document(),
        at in any::<prop::sample::Index>(),
        with in prop::sample::select(&["A", "_", "-", "9", "", "%20", "é", "=", "\n"][..]),
        cut in any::<bool>(),
    ) {
        let payload = share::link_payload(&doc);
        let at = PREFIX.len() + at.index(payload.len() - PREFIX.len());
        let damaged = if cut {
            payload[..at].to_owned()
        } else {
            format!("{}{with}{}", &payload[..at], &payload[at + 1..])
        };
        if let Some(Ok(back)) = share::read_fragment(&damaged) {
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
