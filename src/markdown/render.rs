//! Markdown → HTML for the preview, safe whatever the user typed or imported.
//!
//! [`options`] is the one place the pulldown-cmark options are set. [`to_html`] never lets raw
//! HTML through (it is shown as text), neutralises links whose scheme could run code, and does not
//! fetch images from other origins (they are shown as links).

use pulldown_cmark::{CowStr, Event, Options, Parser, Tag, html};

/// The pulldown-cmark options used everywhere the app parses Markdown.
pub fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_GFM
}

/// A parser over `markdown` with the app's [`options`]: everything that reads Markdown (the
/// preview, the export's containment of user Markdown) starts here.
pub fn parser(markdown: &str) -> Parser<'_> {
    Parser::new_ext(markdown, options())
}

/// Renders Markdown to HTML that is safe to insert into the page.
pub fn to_html(markdown: &str) -> String {
    let parser = parser(markdown).flat_map(make_safe);
    let mut out = String::with_capacity(markdown.len() * 3 / 2);
    html::push_html(&mut out, parser);
    out
}

fn make_safe(event: Event<'_>) -> impl Iterator<Item = Event<'_>> {
    let (first, second) = match event {
        // Raw HTML is shown as text, never interpreted.
        Event::Html(raw) | Event::InlineHtml(raw) => (Event::Text(raw), None),
        Event::Start(Tag::Link { link_type, dest_url, title, id }) => {
            (Event::Start(Tag::Link { link_type, dest_url: safe_url(dest_url), title, id }), None)
        }
        // An image is shown as a link to it, labelled as an image: nothing is fetched.
        Event::Start(Tag::Image { link_type, dest_url, title, id }) => (
            Event::Start(Tag::Link { link_type, dest_url: safe_url(dest_url), title, id }),
            Some(Event::Text(CowStr::Borrowed(IMAGE_LABEL))),
        ),
        Event::End(pulldown_cmark::TagEnd::Image) => {
            (Event::End(pulldown_cmark::TagEnd::Link), None)
        }
        other => (other, None),
    };
    std::iter::once(first).chain(second)
}

/// What precedes an image's description in the preview, where the image itself is not loaded.
pub const IMAGE_LABEL: &str = "Image: ";

/// Keeps web, mail and in-page links; anything else that names a scheme becomes `#`.
fn safe_url(url: CowStr<'_>) -> CowStr<'_> {
    let cleaned: String = url.chars().filter(|c| !c.is_whitespace() && !c.is_control()).collect();
    let lower = cleaned.to_ascii_lowercase();
    let scheme_end = lower.find(':');
    let path_start = lower.find(['/', '?', '#']).unwrap_or(lower.len());
    match scheme_end {
        Some(end) if end < path_start => {
            let scheme = &lower[..end];
            if matches!(scheme, "http" | "https" | "mailto") { url } else { CowStr::from("#") }
        }
        _ => url,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[track_caller]
    fn check(markdown: &str, expected_html: &str) {
        assert_eq!(to_html(markdown), expected_html);
    }

    #[test]
    fn headings_and_paragraphs() {
        check("# Title\n\nText", "<h1>Title</h1>\n<p>Text</p>\n");
    }

    #[test]
    fn raw_html_is_text() {
        check("<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;");
        check(
            "a <img src=x onerror=alert(1)> b",
            "<p>a &lt;img src=x onerror=alert(1)&gt; b</p>\n",
        );
    }

    #[test]
    fn script_links_are_neutralised() {
        check("[x](javascript:alert(1))", "<p><a href=\"#\">x</a></p>\n");
        check("[x](JaVa\tScRiPt:alert(1))", "<p>[x](JaVa\tScRiPt:alert(1))</p>\n");
        check("[x](<java script:alert(1)>)", "<p><a href=\"#\">x</a></p>\n");
        check("[x](data:text/html,hi)", "<p><a href=\"#\">x</a></p>\n");
        check("[x](https://example.com/a:b)", "<p><a href=\"https://example.com/a:b\">x</a></p>\n");
        check("[x](./a:b)", "<p><a href=\"./a:b\">x</a></p>\n");
    }

    #[test]
    fn images_are_links_not_fetches() {
        check(
            "![chart](https://example.com/c.png)",
            "<p><a href=\"https://example.com/c.png\">Image: chart</a></p>\n",
        );
    }

    #[test]
    fn task_lists_and_tables() {
        check(
            "- [x] done",
            "<ul>\n<li><input disabled=\"\" type=\"checkbox\" checked=\"\"/>\ndone</li>\n</ul>\n",
        );
        check(
            "|a|\n|-|\n|b|",
            "<table><thead><tr><th>a</th></tr></thead><tbody>\n<tr><td>b</td></tr>\n</tbody></table>\n",
        );
    }
}
