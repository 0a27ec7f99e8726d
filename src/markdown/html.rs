//! Rendered HTML to hand off: a fragment that pastes well into Google Docs, Confluence or Notion
//! ([`fragment`]), and a self-contained page to download, print or attach ([`page`],
//! [`standalone`]).
//!
//! Both start from [`render::to_html`] (the one place the Markdown options are set): raw HTML is
//! text, script links point nowhere and images are links, so nothing here is ever fetched. What
//! this module adds is made for places that drop classes and form controls: task boxes become
//! the characters ☐ and ☑, and tables, code and quotes carry inline styles. Every `<` in the
//! rendered HTML starts one of the renderer's own tags (user text arrives as `&lt;`, link
//! destinations percent-encoded), so the tags can be found by their text.

use super::export::{UNTITLED, export_with};
use super::render;
use super::svg::timeline_svg;
use crate::model::Postmortem;
use crate::model::resolve::resolve;
use crate::model::template::Part;
use crate::model::time::ZoneResolver;

/// A task box as the renderer writes it, and the character that replaces it.
const BOXES: [(&str, &str); 2] = [
    ("<input disabled=\"\" type=\"checkbox\" checked=\"\"/>\n", "☑ "),
    ("<input disabled=\"\" type=\"checkbox\"/>\n", "☐ "),
];

/// Inline styles per tag: the look survives where a stylesheet does not (a paste, an email).
const STYLES: [(&str, &str); 6] = [
    ("table", "border-collapse:collapse"),
    ("th", "border:1px solid #999;padding:4px 8px;text-align:left;background:#f2f2f2"),
    ("td", "border:1px solid #999;padding:4px 8px"),
    ("pre", "background:#f4f4f2;padding:8px;white-space:pre-wrap"),
    ("code", "font-family:Consolas,Menlo,monospace"),
    ("blockquote", "border-left:3px solid #ccc;margin-left:0;padding-left:12px;color:#444"),
];

/// `markdown` rendered as HTML for the clipboard: the preview's HTML with task boxes as ☐/☑
/// (a task item has no bullet) and inline styles on tables, code and quotes.
pub fn fragment(markdown: &str) -> String {
    let mut html = render::to_html(markdown);
    for (input, mark) in BOXES {
        html =
            html.replace(&format!("<li>{input}"), &format!("<li style=\"list-style:none\">{mark}"));
        // In a loose list the box opens the item's paragraph.
        html = html.replace(input, mark);
    }
    for (tag, style) in STYLES {
        html = styled(&html, tag, style);
    }
    html
}

/// `html` with `style` on every `<tag` (before a style the renderer set, such as a column's
/// alignment, which then wins).
fn styled(html: &str, tag: &str, style: &str) -> String {
    let open = format!("<{tag}");
    let mut out = String::with_capacity(html.len() + 64);
    let mut rest = html;
    while let Some(at) = rest.find(&open) {
        let after = &rest[at + open.len()..];
        out.push_str(&rest[..at + open.len()]);
        rest = after;
        if let Some(tail) = after.strip_prefix(" style=\"") {
            out.push_str(" style=\"");
            out.push_str(style);
            out.push(';');
            rest = tail;
        } else if after.starts_with(['>', ' ', '/']) {
            out.push_str(" style=\"");
            out.push_str(style);
            out.push('"');
        }
        // Otherwise another tag that starts the same (`<thead>`, `<tbody>`): left alone.
    }
    out.push_str(rest);
    out
}

// `text` escaped for HTML text and attribute values: the SVG picture's escaping.
use super::svg::esc as escape;

/// The page's stylesheet: the preview's look in black on white, and pages that print well.
const STYLE: &str = "\
body{font-family:system-ui,-apple-system,\"Segoe UI\",Roboto,sans-serif;line-height:1.5;\
color:#1b1b1b;background:#fff;max-width:48rem;margin:2rem auto;padding:0 1rem;\
overflow-wrap:anywhere}\
h1{font-size:1.8rem;margin-top:0}h2{margin-top:2rem;border-bottom:1px solid #ddd;\
padding-bottom:.2rem}a{color:#1f5fa8}\
table{display:block;overflow-x:auto}pre{overflow-x:auto}svg{max-width:100%;height:auto}\
@media print{body{margin:0;max-width:none;font-size:11pt}a{color:inherit}\
a[href^=\"http\"]::after{content:\" (\" attr(href) \")\";font-size:.85em}\
h2,h3{break-after:avoid}li,tr,pre,blockquote{break-inside:avoid}table{display:table}}";

/// A complete HTML page with `title` and `markdown` rendered as [`fragment`] does: one file
/// with its styles inline (one `<style>`, print styles included), no script, nothing that
/// loads another file (the links the author wrote stay links: following one is the reader's
/// choice).
pub fn page(title: &str, markdown: &str) -> String {
    let title = if title.trim().is_empty() { UNTITLED } else { title.trim() };
    format!(
        "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta name=\"generator\" content=\"Postmortem Editor\">\n\
         <title>{}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<main>\n{}</main>\n</body>\n</html>\n",
        escape(&title.split_whitespace().collect::<Vec<_>>().join(" ")),
        fragment(markdown)
    )
}

/// `doc` as one self-contained HTML page (its Markdown export, rendered, with the timeline
/// picture under the timeline's heading, as in the preview): see [`page`].
pub fn standalone(doc: &Postmortem, zones: &dyn ZoneResolver) -> String {
    let mut html = page(&doc.title, &export_with(doc, zones));
    let heading = doc.template.template().heading(Part::Timeline).unwrap_or("Timeline");
    let h2 = format!("<h2>{}</h2>\n", escape(heading));
    if let Some(at) = html.find(&h2)
        && let Some(svg) = timeline_svg(doc, &resolve(doc, zones))
    {
        html.insert_str(
            at + h2.len(),
            &format!("<figure style=\"margin:0 0 1rem\">{svg}</figure>\n"),
        );
    }
    html
}

/// The file name for `doc`'s page: the Markdown's name with `.html` (`2024-06-05-slug.html`).
pub fn file_name(doc: &Postmortem) -> String {
    let md = super::export::file_name(doc);
    format!("{}.html", md.trim_end_matches(".md"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::time::FixedOnly;
    use crate::model::{Task, TimelineEntry};

    fn doc() -> Postmortem {
        let mut d = Postmortem {
            title: "Checkout <script>alert(1)</script> outage".to_owned(),
            summary: "Payments failed for **40 minutes**. <img src=x onerror=alert(1)>\n\n\
                      ![graph](https://example.com/g.png) [runbook](https://example.com/rb)"
                .to_owned(),
            ..Postmortem::default()
        };
        d.timeline.push(TimelineEntry {
            id: crate::model::Id(1),
            ..TimelineEntry::new("14:00", "Alert fired")
        });
        d.zone = "UTC".to_owned();
        d.tasks.push(Task { id: crate::model::Id(2), done: true, ..Task::new("Add a canary") });
        d.tasks.push(Task { id: crate::model::Id(3), ..Task::new("Page the right team") });
        d.custom_sections.push(crate::model::CustomSection {
            id: crate::model::Id(4),
            heading: "Numbers".to_owned(),
            body: "| a | b |\n|:-:|---|\n| 1 | 2 |".to_owned(),
        });
        d.next_id = 5;
        d
    }

    #[test]
    fn the_page_is_self_contained_with_title_and_summary() {
        let html = standalone(&doc(), &FixedOnly);
        assert!(html.starts_with("<!doctype html>\n"));
        assert!(html.contains("<meta charset=\"utf-8\">"));
        assert!(
            html.contains("<title>Checkout &lt;script&gt;alert(1)&lt;/script&gt; outage</title>")
        );
        assert!(html.contains("Payments failed for <strong>40 minutes</strong>."), "{html}");
        assert!(!html.to_lowercase().contains("<script"), "{html}");
        // Every `<` starts a tag (text has `&lt;`): no tag loads anything.
        for tag in html.split('<').skip(1).map(|t| &t[..t.find('>').unwrap()]) {
            let name = tag.split([' ', '/']).next().unwrap();
            assert!(!tag.contains("src="), "{tag}");
            assert!(
                !["img", "link", "iframe", "object", "embed", "script"].contains(&name),
                "{tag}"
            );
        }
        assert!(!html.contains("@import") && !html.contains("url("), "{html}");
        assert_eq!(html.matches("<style>").count(), 1);
        assert!(html.contains("@media print"));
        // The author's links stay links (nothing is fetched by them).
        assert!(html.contains("<a href=\"https://example.com/rb\">runbook</a>"), "{html}");
    }

    #[test]
    fn the_timeline_picture_follows_its_heading() {
        let html = standalone(&doc(), &FixedOnly);
        let at = html.find("<h2>Timeline</h2>\n<figure").expect(&html);
        assert!(html[at..].contains("<svg"), "{html}");
        assert_eq!(html.matches("<svg").count(), 1);
    }

    #[test]
    fn user_html_is_text_in_the_page() {
        let html = standalone(&doc(), &FixedOnly);
        assert!(html.contains("&lt;img src=x onerror=alert(1)&gt;"), "{html}");
        assert!(
            html.contains("<h1>Checkout &lt;script&gt;alert(1)&lt;/script&gt; outage</h1>"),
            "{html}"
        );
    }

    #[test]
    fn task_boxes_become_characters() {
        let html = fragment("- [x] done\n- [ ] open\n\n1. loose\n\n- [ ] a\n\n- [x] b\n");
        assert!(html.contains("<li style=\"list-style:none\">☑ done</li>"), "{html}");
        assert!(html.contains("<li style=\"list-style:none\">☐ open</li>"), "{html}");
        assert!(!html.contains("<input"), "{html}");
        assert!(html.contains("☐ a") && html.contains("☑ b"), "{html}");
    }

    #[test]
    fn tables_and_code_carry_inline_styles() {
        let html = fragment("| a | b |\n|:-:|---|\n| 1 | 2 |\n\n`x`\n\n```rust\nfn\n```\n");
        assert!(html.contains("<table style=\"border-collapse:collapse\">"), "{html}");
        assert!(html.contains("<thead>") && html.contains("<tbody>"), "{html}");
        assert!(
            html.contains("<th style=\"border:1px solid #999;padding:4px 8px;text-align:left;background:#f2f2f2;text-align: center\">a</th>"),
            "the column's alignment wins: {html}"
        );
        assert!(
            html.contains("<td style=\"border:1px solid #999;padding:4px 8px\">2</td>"),
            "{html}"
        );
        assert!(
            html.contains("<code style=\"font-family:Consolas,Menlo,monospace\">x</code>"),
            "{html}"
        );
        assert!(
            html.contains(
                "<code style=\"font-family:Consolas,Menlo,monospace\" class=\"language-rust\">"
            ),
            "{html}"
        );
    }

    #[test]
    fn user_text_that_looks_like_tags_is_left_alone() {
        for md in
            ["<table> <th> <td>", "`<td>`", "[a](x<td>y)", "[a](u \"<th>\")", "```<td>\nx\n```"]
        {
            let html = fragment(md);
            assert!(!html.contains("<td>") && !html.contains("<th>"), "{md:?}: {html}");
            assert!(!html.contains("<td style") && !html.contains("<th style"), "{md:?}: {html}");
        }
    }

    #[test]
    fn an_untitled_document_has_a_title() {
        let html = page("  ", "text");
        assert!(html.contains("<title>Untitled postmortem</title>"));
    }

    #[test]
    fn the_file_name_follows_the_markdown() {
        let d = Postmortem {
            title: "Disk full".to_owned(),
            date: "2024-06-05".to_owned(),
            ..Postmortem::default()
        };
        assert_eq!(file_name(&d), "2024-06-05-disk-full.html");
    }
}
