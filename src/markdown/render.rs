//! Markdown → HTML for the preview, safe whatever the user typed or imported.
//!
//! [`options`] is the one place the pulldown-cmark options are set. [`to_html`] never lets raw
//! HTML through (it is shown as text), neutralises links whose scheme could run code, and does not
//! fetch images from other origins (they are shown as links).

use pulldown_cmark::{CodeBlockKind, CowStr, Event, Options, Parser, Tag, TagEnd, html};
use rustc_hash::FxHashMap;
use std::borrow::Cow;
use std::ops::Range;

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
    let markdown = shallow(markdown);
    let mut out = String::with_capacity(markdown.len() * 3 / 2);
    html::push_html(&mut out, Safe::new(parser(&markdown), false));
    out
}

/// The deepest nesting of quotes and list items a line opens; the markers past it are text.
pub const MAX_DEPTH: usize = 32;

/// `markdown` with every quote or list marker past [`MAX_DEPTH`] on a line escaped (`\>`,
/// `\-`, `1\.`), so it shows as the text it is. pulldown-cmark walks every open container on
/// every line, so a line nested n deep and then n lazy lines cost n² (reported upstream:
/// docs/upstream/pulldown-cmark-lazy-lines-deep-nesting.md); with the limit, a line costs at
/// most [`MAX_DEPTH`]. Borrowed, untouched, when no line goes that deep: nothing a person
/// writes does.
pub fn shallow(markdown: &str) -> Cow<'_, str> {
    let mut out: Option<String> = None;
    let mut copied = 0;
    let mut line_start = 0;
    for line in markdown.split_inclusive('\n') {
        if let Some(at) = past_the_limit(line) {
            let out = out.get_or_insert_with(|| String::with_capacity(markdown.len() + 16));
            out.push_str(&markdown[copied..line_start + at]);
            out.push('\\');
            copied = line_start + at;
        }
        line_start += line.len();
    }
    match out {
        None => Cow::Borrowed(markdown),
        Some(mut out) => {
            out.push_str(&markdown[copied..]);
            Cow::Owned(out)
        }
    }
}

/// Where on `line` the escape goes when its container markers go past [`MAX_DEPTH`]: before
/// the first marker too many (before the `.` or `)` of an ordered one).
fn past_the_limit(line: &str) -> Option<usize> {
    let b = line.as_bytes();
    let blank = |i: usize| matches!(b.get(i), Some(b' ' | b'\t' | b'\n' | b'\r') | None);
    let mut i = 0;
    let mut depth = 0;
    loop {
        while matches!(b.get(i), Some(b' ' | b'\t')) {
            i += 1;
        }
        // The marker's length and where an escape would go.
        let (len, escape_at) = match b.get(i) {
            Some(b'>') => (1, i),
            Some(b'-' | b'+' | b'*') if blank(i + 1) => (1, i),
            Some(b'0'..=b'9') => {
                let digits = b[i..].iter().take(10).take_while(|c| c.is_ascii_digit()).count();
                match b.get(i + digits) {
                    Some(b'.' | b')') if digits <= 9 && blank(i + digits + 1) => {
                        (digits + 1, i + digits)
                    }
                    _ => return None,
                }
            }
            _ => return None,
        };
        if depth == MAX_DEPTH {
            return Some(escape_at);
        }
        depth += 1;
        i += len;
    }
}

/// One top-level block of the rendered HTML (a heading, a paragraph, a whole list, a table...).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Block {
    /// The HTML of exactly one element.
    pub html: String,
    /// For a list, where each of its items' HTML (`<li>…</li>\n`) lies in `html`, in order;
    /// empty for any other block. The preview compares items to touch only the one that changed
    /// in a 200-entry timeline.
    pub items: Vec<Range<usize>>,
}

/// [`to_html`] cut into its top-level [`Block`]s: the blocks' HTML joined is [`to_html`]. The
/// preview compares blocks to update only what changed.
pub fn to_html_blocks(markdown: &str) -> Vec<Block> {
    let markdown = shallow(markdown);
    let mut out = String::with_capacity(markdown.len() * 3 / 2);
    html::push_html(&mut out, Safe::new(parser(&markdown), true));
    // Each mark is written as a mark and "\n", where the writer was at a fresh line anyway, so it
    // still is after the mark; the mark and its newline go.
    out.split(BLOCK_MARK)
        .map(|b| b.strip_prefix('\n').unwrap_or(b))
        .filter(|b| !b.is_empty())
        .map(Block::from_marked)
        .collect()
}

/// Renders a document again and again as it is edited, with the same blocks as
/// [`to_html_blocks`], rendering again only the sections whose Markdown changed: a keystroke in
/// one section of a 60 KB document renders that section, not the document.
///
/// The sections are those the export reports ([`crate::markdown::Exported::sections`]): each
/// renders the same alone as in the whole, except where a construct reaches across the document
/// (a link reference definition, a footnote, whose numbers run through the document); a document
/// with one is rendered whole.
///
/// A section that is a heading over one tight bullet list (the timeline, 200 entries long) is
/// rendered item by item, so a keystroke in one entry renders that entry (see
/// [`Renderer::list_section`]).
#[derive(Debug, Default)]
pub struct Renderer {
    /// Each section's Markdown and its blocks, from the last call, in order.
    sections: Vec<(String, Vec<Block>)>,
    /// List items' Markdown and their `<li>…</li>\n`, with the call that last used each.
    items: FxHashMap<String, (u64, String)>,
    /// Calls so far.
    calls: u64,
}

impl Renderer {
    /// `markdown`'s blocks (exactly [`to_html_blocks`]`(markdown)`), given where its sections
    /// start.
    pub fn blocks(&mut self, markdown: &str, sections: &[usize]) -> Vec<Block> {
        let at_line_start = |&s: &usize| {
            markdown.get(s..).is_some_and(|rest| rest.starts_with("## "))
                && (s == 0 || markdown[..s].ends_with('\n'))
        };
        let global = markdown.contains("]:") || markdown.contains("[^");
        let usable = sections.iter().all(at_line_start) && sections.is_sorted_by(|a, b| a < b);
        if sections.is_empty() || global || !usable {
            self.sections.clear();
            return to_html_blocks(markdown);
        }
        self.calls += 1;
        let mut old = std::mem::take(&mut self.sections);
        let mut out = Vec::new();
        let starts = std::iter::once(0).chain(sections.iter().copied().filter(|&s| s > 0));
        let ends =
            sections.iter().copied().filter(|&s| s > 0).chain(std::iter::once(markdown.len()));
        for (n, (start, end)) in starts.zip(ends).enumerate() {
            let text = &markdown[start..end];
            // The section in the same place first: a keystroke moves no section.
            let found = old.get(n).filter(|(t, _)| t == text).map(|_| n);
            let section = match found.or_else(|| old.iter().position(|(t, _)| t == text)) {
                Some(at) => std::mem::take(&mut old[at]),
                None => {
                    let blocks = self.list_section(text).unwrap_or_else(|| to_html_blocks(text));
                    (text.to_owned(), blocks)
                }
            };
            out.extend(section.1.iter().cloned());
            self.sections.push(section);
        }
        // Not every version of an entry ever typed: once most items are old ones, only those of
        // the lists just rendered stay.
        let calls = self.calls;
        let used = self.items.values().filter(|(c, _)| *c == calls).count();
        if used > 0 && self.items.len() > 2 * used + 64 {
            self.items.retain(|_, (c, _)| *c == calls);
        }
        out
    }

    /// The blocks of a section that is an ATX heading, a blank line and a bullet list written
    /// with `- ` and no blank line (each line starts an item with `- ` or continues one, indented
    /// and not blank), rendered item by item from [`Renderer::items`]; `None` for any other
    /// section, or when an item does not render alone as a list of just itself.
    ///
    /// Why the items join to the list: with no blank line anywhere the list is tight, alone and
    /// whole; a line starting with `- ` at the margin ends the item before it, whatever that
    /// item holds (its containers close, a fenced code block too, and inline parsing never spans
    /// two items); references and footnotes, which do reach across, make [`Renderer::blocks`]
    /// render the whole document. A line that is no item (`- - -` is a thematic break) does not
    /// render as a one-item list, and the section is rendered whole.
    fn list_section(&mut self, text: &str) -> Option<Vec<Block>> {
        let (heading, body) = text.split_once("\n\n")?;
        let lines = body.trim_end_matches('\n');
        if !heading.starts_with("## ")
            || heading.contains(['\n', '\r'])
            || body.contains('\r')
            || lines.len() == body.len()
        {
            return None;
        }
        // Each item's Markdown, its line endings included: from one `- ` line to the next, the
        // last one to the end (a fence it opens holds the blank lines after it, as in the whole).
        let mut items = Vec::new();
        let mut start = None;
        let mut at = 0;
        for line in lines.split('\n') {
            if line.starts_with("- ") {
                if let Some(s) = start {
                    items.push(&body[s..at]);
                }
                start = Some(at);
            } else if start.is_none() || !line.starts_with("  ") || line.trim().is_empty() {
                return None;
            }
            at += line.len() + 1;
        }
        items.push(&body[start?..]);
        // Many items not seen yet (the first render, another draft, a paste): one parse of the
        // section costs less than one per item, and its items fill the cache.
        if items.iter().filter(|item| !self.items.contains_key(**item)).count() > 1 {
            let blocks = to_html_blocks(text);
            if let [_, list] = blocks.as_slice()
                && list.items.len() == items.len()
                && list.html.starts_with("<ul>\n")
            {
                for (item, range) in items.iter().zip(&list.items) {
                    let li = list.html[range.clone()].to_owned();
                    self.items.insert((*item).to_owned(), (self.calls, li));
                }
            }
            return Some(blocks);
        }
        let mut blocks = to_html_blocks(heading);
        if blocks.len() != 1 {
            return None;
        }
        let mut html = String::from("<ul>\n");
        let mut ranges = Vec::with_capacity(items.len());
        for item in items {
            let li = match self.items.get_mut(item) {
                Some((used, li)) => {
                    *used = self.calls;
                    li
                }
                None => {
                    let li = alone(item)?;
                    &self.items.entry(item.to_owned()).or_insert((self.calls, li)).1
                }
            };
            ranges.push(html.len()..html.len() + li.len());
            html.push_str(li);
        }
        html.push_str("</ul>\n");
        blocks.push(Block { html, items: ranges });
        Some(blocks)
    }
}

/// The `<li>…</li>\n` of `item` (a list item's Markdown) when it renders as a bullet list of
/// just that item.
fn alone(item: &str) -> Option<String> {
    let [block] = <[Block; 1]>::try_from(to_html_blocks(item)).ok()?;
    let [range] = <[Range<usize>; 1]>::try_from(block.items).ok()?;
    let whole = block.html.len();
    (block.html.starts_with("<ul>\n") && range == (5..whole - 6) && block.html.ends_with("</ul>\n"))
        .then(|| block.html[range].to_owned())
}

impl Block {
    /// A block from its HTML with an [`ITEM_MARK`] before and after each top-level item.
    fn from_marked(marked: &str) -> Block {
        let mut html = String::with_capacity(marked.len());
        let mut items = Vec::new();
        let mut open = None;
        for (i, piece) in marked.split(ITEM_MARK).enumerate() {
            if i > 0 {
                match open.take() {
                    None => open = Some(html.len()),
                    Some(start) => items.push(start..html.len()),
                }
            }
            html.push_str(if i > 0 { piece.strip_prefix('\n').unwrap_or(piece) } else { piece });
        }
        Block { html, items }
    }
}

/// Marks block boundaries in the HTML; it never occurs in user text (see [`without_marks`]).
const BLOCK_MARK: char = '\u{1}';
/// Marks where a top-level list item starts and ends; it never occurs in user text either.
const ITEM_MARK: char = '\u{2}';

/// The events made safe: no event carries a mark ([`without_marks`]), raw HTML becomes text (a
/// raw HTML block a paragraph of text), links with script-capable schemes point nowhere, images
/// become labelled links. With `marks`, a
/// [`BLOCK_MARK`] follows every top-level block and an [`ITEM_MARK`] precedes and follows every
/// item of a top-level list.
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
        let event = match without_marks(self.inner.next()?) {
            // Raw HTML is shown as text, never interpreted.
            Event::Html(raw) | Event::InlineHtml(raw) => Event::Text(raw),
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
        if !self.marks {
            return Some(event);
        }
        match &event {
            Event::Start(_) => self.depth += 1,
            Event::End(_) => self.depth = self.depth.saturating_sub(1),
            _ => {}
        }
        match &event {
            Event::Start(Tag::Item) if self.depth == 2 => {
                self.pending = Some(event);
                return Some(Event::InlineHtml(CowStr::Borrowed("\u{2}\n")));
            }
            Event::End(TagEnd::Item) if self.depth == 1 => {
                self.pending = Some(Event::InlineHtml(CowStr::Borrowed("\u{2}\n")));
                return Some(event);
            }
            _ => {}
        }
        let closes_block = match &event {
            Event::End(_) => self.depth == 0,
            Event::Start(_) => false,
            _ => self.depth == 0,
        };
        if closes_block && self.pending.is_none() {
            self.pending = Some(Event::InlineHtml(CowStr::Borrowed("\u{1}\n")));
        }
        Some(event)
    }
}

/// `text` with every [`BLOCK_MARK`] and [`ITEM_MARK`] replaced by U+FFFD. (A byte scan: both
/// marks are ASCII, and a `char` pattern search costs as much as the parse.)
fn no_marks(text: CowStr<'_>) -> CowStr<'_> {
    let is_mark = |b: &u8| *b == BLOCK_MARK as u8 || *b == ITEM_MARK as u8;
    if text.as_bytes().iter().any(is_mark) {
        CowStr::from(text.replace([BLOCK_MARK, ITEM_MARK], "\u{fffd}"))
    } else {
        text
    }
}

/// `event` with no mark in any text it carries into the HTML, so that user text (typed, or
/// written as `&#1;`) never fakes a mark: text, code, HTML, footnote labels, code block info
/// strings, link and image destinations and titles, heading attributes. The same in both
/// renderings ([`to_html`] and [`to_html_blocks`]), so the blocks join to the whole. The matches
/// name every variant: a new pulldown-cmark event that carries text will not compile unseen.
fn without_marks(event: Event<'_>) -> Event<'_> {
    match event {
        Event::Text(t) => Event::Text(no_marks(t)),
        Event::Code(t) => Event::Code(no_marks(t)),
        Event::InlineMath(t) => Event::InlineMath(no_marks(t)),
        Event::DisplayMath(t) => Event::DisplayMath(no_marks(t)),
        Event::Html(t) => Event::Html(no_marks(t)),
        Event::InlineHtml(t) => Event::InlineHtml(no_marks(t)),
        Event::FootnoteReference(t) => Event::FootnoteReference(no_marks(t)),
        Event::Start(tag) => Event::Start(tag_without_marks(tag)),
        e @ (Event::End(_)
        | Event::SoftBreak
        | Event::HardBreak
        | Event::Rule
        | Event::TaskListMarker(_)) => e,
    }
}

fn tag_without_marks(tag: Tag<'_>) -> Tag<'_> {
    match tag {
        Tag::Heading { level, id, classes, attrs } => Tag::Heading {
            level,
            id: id.map(no_marks),
            classes: classes.into_iter().map(no_marks).collect(),
            attrs: attrs.into_iter().map(|(k, v)| (no_marks(k), v.map(no_marks))).collect(),
        },
        Tag::CodeBlock(CodeBlockKind::Fenced(info)) => {
            Tag::CodeBlock(CodeBlockKind::Fenced(no_marks(info)))
        }
        Tag::FootnoteDefinition(label) => Tag::FootnoteDefinition(no_marks(label)),
        Tag::Link { link_type, dest_url, title, id } => Tag::Link {
            link_type,
            dest_url: no_marks(dest_url),
            title: no_marks(title),
            id: no_marks(id),
        },
        Tag::Image { link_type, dest_url, title, id } => Tag::Image {
            link_type,
            dest_url: no_marks(dest_url),
            title: no_marks(title),
            id: no_marks(id),
        },
        t @ (Tag::Paragraph
        | Tag::BlockQuote(_)
        | Tag::CodeBlock(CodeBlockKind::Indented)
        | Tag::HtmlBlock
        | Tag::List(_)
        | Tag::Item
        | Tag::DefinitionList
        | Tag::DefinitionListTitle
        | Tag::DefinitionListDefinition
        | Tag::Table(_)
        | Tag::TableHead
        | Tag::TableRow
        | Tag::TableCell
        | Tag::Emphasis
        | Tag::Strong
        | Tag::Strikethrough
        | Tag::Superscript
        | Tag::Subscript
        | Tag::MetadataBlock(_)) => t,
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
    fn nesting_stops_at_the_limit_and_the_deeper_markers_show_as_text() {
        // pulldown-cmark walks every open container on every line, so a line nested thousands
        // deep followed by thousands of lazy lines is quadratic
        // (docs/upstream/pulldown-cmark-lazy-lines-deep-nesting.md).
        for marker in ["> ", ">", "- ", "* ", "+ ", "1. ", "2) "] {
            let deep = format!("{}a\nb\n", marker.repeat(MAX_DEPTH + 40));
            let html = to_html(&deep);
            let opened = html.matches("<blockquote>").count() + html.matches("<li>").count();
            assert_eq!(opened, MAX_DEPTH, "{marker:?}: {html}");
            let rest = marker.repeat(40).trim_end().replace('>', "&gt;");
            assert!(html.contains(&rest), "{marker:?}: the rest is text: {html}");
            assert_eq!(
                to_html_blocks(&deep).iter().map(|b| b.html.as_str()).collect::<String>(),
                html
            );
        }
    }

    #[test]
    fn nesting_within_the_limit_is_read_as_written() {
        let md = format!("{}a\nlazy\n", "> - ".repeat(MAX_DEPTH / 2));
        assert!(matches!(shallow(&md), Cow::Borrowed(_)));
        assert!(matches!(shallow("- a\n    - b\n> c\n"), Cow::Borrowed(_)));
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
        assert_eq!(joined(&blocks), to_html(md));
        assert_eq!(blocks.len(), 9, "{blocks:#?}");
        for b in &blocks {
            assert!(b.html.starts_with('<'), "{b:?}");
            assert!(!b.html.contains(['\u{1}', '\u{2}']), "{b:?}");
        }
    }

    fn joined(blocks: &[Block]) -> String {
        blocks.iter().map(|b| b.html.as_str()).collect()
    }

    /// Each block's items, as HTML.
    fn items(markdown: &str) -> Vec<Vec<&'static str>> {
        to_html_blocks(markdown)
            .into_iter()
            .map(|b| b.items.iter().map(|r| &*b.html[r.clone()].to_owned().leak()).collect())
            .collect()
    }

    #[test]
    fn list_blocks_know_their_top_level_items() {
        let md = "# T\n\n- a\n- b\n  - nested\n\n1. one\n2. two\n\n- [ ] task\n\n> - quoted\n";
        assert_eq!(
            items(md),
            [
                vec![],
                vec!["<li>a</li>\n", "<li>b\n<ul>\n<li>nested</li>\n</ul>\n</li>\n"],
                vec!["<li>one</li>\n", "<li>two</li>\n"],
                vec!["<li><input disabled=\"\" type=\"checkbox\"/>\ntask</li>\n"],
                vec![],
            ]
        );
        let blocks = to_html_blocks(md);
        assert_eq!(joined(&blocks), to_html(md));
        // Loose lists too: the items' paragraphs stay inside them.
        let loose = to_html_blocks("- a\n\n- b\n");
        assert_eq!(loose[0].html, to_html("- a\n\n- b\n"));
        let item = |r: &Range<usize>| &loose[0].html[r.clone()];
        assert_eq!(
            loose[0].items.iter().map(item).collect::<Vec<_>>(),
            ["<li>\n<p>a</p>\n</li>\n", "<li>\n<p>b</p>\n</li>\n"]
        );
    }

    /// Sections as the export reports them: where each `## ` line starts.
    fn sections(markdown: &str) -> Vec<usize> {
        markdown.match_indices("\n## ").map(|(i, _)| i + 1).collect()
    }

    #[test]
    fn the_renderer_renders_only_changed_sections_and_matches_the_whole() {
        let mut renderer = Renderer::default();
        let v1 = "# T\n\n## A\n\n- one\n- two\n\n## B\n\ntext *b*\n";
        let v2 = "# T\n\n## A\n\n- one\n- two, changed\n\n## B\n\ntext *b*\n";
        assert_eq!(renderer.blocks(v1, &sections(v1)), to_html_blocks(v1));
        assert_eq!(renderer.sections.len(), 3);
        assert_eq!(renderer.blocks(v2, &sections(v2)), to_html_blocks(v2));
        assert!(
            renderer.sections.iter().any(|(t, _)| t == "## B\n\ntext *b*\n"),
            "the unchanged section is kept"
        );
    }

    #[test]
    fn a_list_section_is_rendered_item_by_item() {
        let mut renderer = Renderer::default();
        let v1 = "# T\n\n## Timeline\n\n- **10:00:** one\n- **10:05:** two\n  more\n- three\n\n## B\n\nb\n";
        assert_eq!(renderer.blocks(v1, &sections(v1)), to_html_blocks(v1));
        assert_eq!(renderer.items.len(), 3);
        // An unchanged item is not rendered again: a marked copy in the cache shows through.
        renderer.items.get_mut("- **10:00:** one\n").unwrap().1 = "<li>cached</li>\n".to_owned();
        let v2 = v1.replace("two", "two, changed");
        let blocks = renderer.blocks(&v2, &sections(&v2));
        assert!(blocks[2].html.contains("<li>cached</li>"), "{blocks:?}");
        let fresh = Renderer::default().blocks(&v2, &sections(&v2));
        assert_eq!(fresh, to_html_blocks(&v2));
        assert_eq!(blocks[2].items.len(), 3);
    }

    #[test]
    fn list_sections_render_as_in_the_whole_whatever_their_items_hold() {
        let bodies = [
            "- a\n- - -\n- b",                // a thematic break ends the list
            "- a\n- ```\n  code\n- b",        // a fence closed by the next item
            "- a\n-   indented\n  lazy\n- b", // content further in than the continuation
            "- a\n- \n- b",                   // an empty item
            "- [ ] task\n- [x] done",         // task list items
            "- a\n  - nested\n  - more\n- b", // a nested list
            "- a\n  ---\n- b",                // a setext heading inside an item
            "- <div>\n  raw\n- b",            // raw HTML, shown as text
            "- a\n  \n- b",                   // a blank line (spaces): a loose list
            "- a\n-\tb",                      // a tab after the marker
            "- a\n  > quote\n- b",            // a quote inside an item
            "- a\nlazy\n- b",                 // a lazy continuation line
            "- a \\\n  b",                    // a hard break
            "- a\n- ```",                     // a fence still open at the end of the section
        ];
        for body in bodies {
            let md = format!("# T\n\n## A\n\n{body}\n\n## B\n\nb\n");
            let mut renderer = Renderer::default();
            assert_eq!(renderer.blocks(&md, &sections(&md)), to_html_blocks(&md), "{body:?}");
            let md2 = md.replace("- b", "- b2");
            assert_eq!(renderer.blocks(&md2, &sections(&md2)), to_html_blocks(&md2), "{body:?}");
        }
    }

    #[test]
    fn old_versions_of_items_are_let_go() {
        let mut renderer = Renderer::default();
        let list: String = (0..100).map(|i| format!("- entry {i}\n")).collect();
        for n in 0..400 {
            let md = format!("# T\n\n## A\n\n{list}- typed {n}\n");
            renderer.blocks(&md, &sections(&md));
        }
        assert!(renderer.items.len() <= 2 * 101 + 64 + 1, "{}", renderer.items.len());
    }

    #[test]
    fn sections_out_of_place_render_the_whole() {
        let md = "# T\n\n## A\n\na\n\n## B\n\nb\n";
        let [a, b] = [md.find("## A").unwrap(), md.find("## B").unwrap()];
        for wrong in [vec![b, a], vec![a, a], vec![a + 1], vec![md.len() + 5]] {
            assert_eq!(Renderer::default().blocks(md, &wrong), to_html_blocks(md), "{wrong:?}");
        }
    }

    #[test]
    fn references_and_footnotes_across_sections_render_as_in_the_whole() {
        let mut renderer = Renderer::default();
        for md in [
            "# T\n\n## A\n\nSee [the runbook].\n\n## B\n\n[the runbook]: https://example.com/rb\n",
            "# T\n\n## A\n\nFirst[^a].\n\n## B\n\nSecond[^b].\n\n[^b]: b\n\n[^a]: a\n",
        ] {
            assert_eq!(renderer.blocks(md, &sections(md)), to_html_blocks(md), "{md}");
        }
    }

    /// `markdown` renders to `expected_html`, whole and as blocks joined.
    #[track_caller]
    fn check_both(markdown: &str, expected_html: &str) {
        assert_eq!(to_html(markdown), expected_html, "to_html");
        assert_eq!(joined(&to_html_blocks(markdown)), expected_html, "to_html_blocks joined");
    }

    // Whatever carries user text into the HTML is cleaned of the marks, in both renderings.
    #[test]
    fn marks_in_text_are_replaced() {
        check_both("a\u{1}b\u{2}c", "<p>a\u{fffd}b\u{fffd}c</p>\n");
    }
    #[test]
    fn marks_from_entities_are_replaced() {
        check_both("&#1;&#x2;", "<p>\u{fffd}\u{fffd}</p>\n");
    }
    #[test]
    fn marks_in_inline_code_are_replaced() {
        check_both("`a\u{1}b`", "<p><code>a\u{fffd}b</code></p>\n");
    }
    #[test]
    fn marks_in_code_blocks_are_replaced() {
        check_both("```\na\u{2}\n```", "<pre><code>a\u{fffd}\n</code></pre>\n");
    }
    #[test]
    fn marks_in_info_strings_are_replaced() {
        check_both(
            "```a\u{1}\nx\n```",
            "<pre><code class=\"language-a\u{fffd}\">x\n</code></pre>\n",
        );
    }
    #[test]
    fn marks_in_link_titles_are_replaced() {
        check_both("[a](u \"t\u{1}\")", "<p><a href=\"u\" title=\"t\u{fffd}\">a</a></p>\n");
    }
    #[test]
    fn marks_in_image_titles_are_replaced() {
        check_both("![a](u \"t\u{2}\")", "<p><a href=\"u\" title=\"t\u{fffd}\">Image: a</a></p>\n");
    }
    #[test]
    fn marks_in_link_destinations_are_replaced() {
        check_both("[a](<u\u{1}>)", "<p><a href=\"u%EF%BF%BD\">a</a></p>\n");
    }
    #[test]
    fn marks_in_footnote_labels_are_replaced() {
        check_both(
            "a[^x\u{1}]\n\n[^x\u{1}]: n",
            "<p>a<sup class=\"footnote-reference\"><a href=\"#x\u{fffd}\">1</a></sup></p>\n<div class=\"footnote-definition\" id=\"x\u{fffd}\"><sup class=\"footnote-definition-label\">1</sup>\n<p>n</p>\n</div>\n",
        );
    }
    #[test]
    fn marks_in_html_are_replaced() {
        check_both("<b>\u{1}</b>", "<p>&lt;b&gt;\u{fffd}&lt;/b&gt;</p>\n");
        check_both("<div>\n\u{2}\n</div>", "<p>&lt;div&gt;\n\u{fffd}\n&lt;/div&gt;</p>\n");
    }

    #[test]
    fn user_text_cannot_fake_a_mark() {
        let blocks = to_html_blocks("a\u{1}b\n\n- c\u{2}d\n- e");
        assert_eq!(
            joined(&blocks),
            "<p>a\u{fffd}b</p>\n<ul>\n<li>c\u{fffd}d</li>\n<li>e</li>\n</ul>\n"
        );
        assert_eq!(blocks[1].items.len(), 2);
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
                let blocks = to_html_blocks(&md);
                assert_eq!(joined(&blocks), to_html(&md), "{}", path.display());
                for b in &blocks {
                    for r in &b.items {
                        let item = &b.html[r.clone()];
                        assert!(item.starts_with("<li>") && item.ends_with("</li>\n"), "{item:?}");
                    }
                }
                seen += 1;
            }
        }
        assert!(seen >= 12, "only {seen} fixtures");
    }

    #[cfg(not(target_arch = "wasm32"))]
    mod properties {
        use super::*;
        use proptest::prelude::*;

        /// Pieces of Markdown syntax, control characters (the marks among them) and text.
        const PIECES: &[&str] = &[
            "\u{0}", "\u{1}", "\u{2}", "\u{3}", "\t", "\u{b}", "\u{c}", "\r", "\u{1b}", "\u{1f}",
            "\n", "\n\n", " ", "    ", "a", "word", "é", "🔥", "*", "_", "`", "```", "~~~", "[",
            "]", "(", ")", "<", ">", "!", "#", "|", "-", "+", "1.", ":", "\"", "'", "\\", "&#1;",
            "&#x2;", "&amp;", "[^a]", "[^a]:", "[a]:", "<div>", "</div>", "<b>", "http://x", "- ",
            "> ", "---", "|-|",
        ];

        fn markdown() -> impl Strategy<Value = String> {
            prop_oneof![
                prop::collection::vec(prop::sample::select(PIECES), 0..80).prop_map(|p| p.concat()),
                "[\\x00-\\x1f\\x7f -~é\\u{fffd}]{0,200}",
                any::<String>(),
            ]
        }

        proptest! {
            #![proptest_config(ProptestConfig::with_cases(2000))]
            #[test]
            fn blocks_join_to_the_whole_for_any_text(md in markdown()) {
                let blocks = to_html_blocks(&md);
                prop_assert_eq!(joined(&blocks), to_html(&md));
                for b in &blocks {
                    prop_assert!(!b.html.contains(['\u{1}', '\u{2}']), "{:?}", b);
                    for r in &b.items {
                        let item = &b.html[r.clone()];
                        prop_assert!(item.starts_with("<li>") && item.ends_with("</li>\n"), "{:?}", item);
                    }
                }
            }
        }
    }
}
