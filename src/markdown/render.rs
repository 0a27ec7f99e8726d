//! Markdown → HTML for the preview, safe whatever the user typed or imported.
//!
//! [`options`] is the one place the pulldown-cmark options are set. [`to_html`] never lets raw
//! HTML through (it is shown as text), neutralises links whose scheme could run code, and does not
//! fetch images from other origins (they are shown as links).

use pulldown_cmark::{CowStr, Event, Options, Parser, Tag, TagEnd, html};

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
    let mut out = String::with_capacity(markdown.len() * 3 / 2);
    html::push_html(&mut out, Safe::new(parser(markdown), false));
    out
}

/// [`to_html`] cut into its top-level blocks (a heading, a paragraph, a whole list, a table...):
/// each block is the HTML of exactly one element, and the blocks joined are [`to_html`]. The
/// preview compares blocks to update only what changed.
pub fn to_html_blocks(markdown: &str) -> Vec<String> {
    let mut out = String::with_capacity(markdown.len() * 3 / 2);
    html::push_html(&mut out, Safe::new(parser(markdown), true));
    // Each mark is written as "\u{1}\n" so the writer still sees a fresh line after it.
    out.split(BLOCK_MARK)
        .map(|b| b.strip_prefix('\n').unwrap_or(b))
        .filter(|b| !b.is_empty())
        .map(str::to_owned)
        .collect()
}

/// Marks block boundaries in the HTML; it never occurs in user text (see [`Safe`]).
const BLOCK_MARK: char = '\u{1}';

/// The events made safe: raw HTML becomes text (a raw HTML block a paragraph of text), links
/// with script-capable schemes point nowhere, images become labelled links. With `marks`, a
/// [`BLOCK_MARK`] follows every top-level block.
struct Safe<'a, I> {
    inner: I,
    pending: Option<Event<'a>>,
    depth: usize,
    marks: bool,
}

impl<'a, I: Iterator<Item = Event<'a>>> Safe<'a, I> {
    fn new(inner: I, marks: bool) -> Self {
        Safe { inner, pending: None, depth: 0, marks }
    }
}

impl<'a, I: Iterator<Item = Event<'a>>> Iterator for Safe<'a, I> {
    type Item = Event<'a>;

    fn next(&mut self) -> Option<Event<'a>> {
        if let Some(event) = self.pending.take() {
            return Some(event);
        }
        let event = match self.inner.next()? {
            // Raw HTML is shown as text, never interpreted.
            Event::Html(raw) | Event::InlineHtml(raw) => Event::Text(no_marks(raw)),
            Event::Text(text) => Event::Text(no_marks(text)),
            Event::Start(Tag::HtmlBlock) => Event::Start(Tag::Paragraph),
            Event::End(TagEnd::HtmlBlock) => Event::End(TagEnd::Paragraph),
            Event::Start(Tag::Link { link_type, dest_url, title, id }) => {
                Event::Start(Tag::Link { link_type, dest_url: safe_url(dest_url), title, id })
            }
            // An image is shown as a link to it, labelled as an image: nothing is fetched.
            Event::Start(Tag::Image { link_type, dest_url, title, id }) => {
                self.pending = Some(Event::Text(CowStr::Borrowed(IMAGE_LABEL)));
                Event::Start(Tag::Link { link_type, dest_url: safe_url(dest_url), title, id })
            }
            Event::End(TagEnd::Image) => Event::End(TagEnd::Link),
            other => other,
        };
        match &event {
            Event::Start(_) => self.depth += 1,
            Event::End(_) => self.depth = self.depth.saturating_sub(1),
            _ => {}
        }
        let closes_block = match &event {
            Event::End(_) => self.depth == 0,
            Event::Start(_) => false,
            _ => self.depth == 0,
        };
        if self.marks && closes_block && self.pending.is_none() {
            self.pending = Some(Event::InlineHtml(CowStr::Borrowed("\u{1}\n")));
        }
        Some(event)
    }
}

/// User text never carries a [`BLOCK_MARK`] into the HTML.
fn no_marks(text: CowStr<'_>) -> CowStr<'_> {
    if text.contains(BLOCK_MARK) {
        CowStr::from(text.replace(BLOCK_MARK, "\u{fffd}"))
    } else {
        text
    }
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
        check("<script>alert(1)</script>", "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>\n");
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

    #[test]
    fn blocks_join_to_the_whole_and_are_one_element_each() {
        let md = "# T\n\npara *x*\n\n- a\n- b\n\n<div>raw</div>\n\n---\n\n|a|\n|-|\n|b|\n\ntext[^1]\n\n[^1]: note\n\n```\ncode\n```\n";
        let blocks = to_html_blocks(md);
        assert_eq!(blocks.concat(), to_html(md));
        assert_eq!(blocks.len(), 9, "{blocks:#?}");
        for b in &blocks {
            assert!(b.starts_with('<'), "{b:?}");
            assert!(!b.contains('\u{1}'), "{b:?}");
        }
    }

    #[test]
    fn user_text_cannot_fake_a_block_mark() {
        let blocks = to_html_blocks("a\u{1}b\n\nc");
        assert_eq!(blocks, ["<p>a\u{fffd}b</p>\n", "<p>c</p>\n"]);
    }

    #[cfg(not(target_arch = "wasm32"))]
    #[test]
    fn blocks_join_to_the_whole_on_every_export_fixture() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/export");
        let mut seen = 0;
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|e| e == "md") {
                let md = std::fs::read_to_string(&path).unwrap();
                assert_eq!(to_html_blocks(&md).concat(), to_html(&md), "{}", path.display());
                seen += 1;
            }
        }
        assert!(seen >= 12, "only {seen} fixtures");
    }
}
