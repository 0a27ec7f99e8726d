//! The timeline picture: an SVG strip of the incident window with the timeline entries as marks,
//! coloured by kind, and the key moments labelled.
//!
//! Self-contained and safe to show anywhere: no scripts, no links, no external fonts or images
//! (the generic `sans-serif` family), every piece of user text escaped. Deterministic: the same
//! document always gives the same bytes (coordinates to one decimal), so it is snapshot-tested.
//! The `.md` export stays plain Markdown; the shell offers the SVG as its own download and can
//! inline it in the preview or the print view.

use crate::model::resolve::{Instant, Resolved};
use crate::model::time::duration_in_words;
use crate::model::{EntryKind, Postmortem, decimal};

/// The picture's width in pixels.
pub const WIDTH: i64 = 720;
const HEIGHT: i64 = 150;
const MARGIN: i64 = 40;
const AXIS_Y: i64 = 90;

/// The colour of a kind of entry (the same as the editor's stylesheet).
pub fn kind_colour(kind: Option<EntryKind>) -> &'static str {
    match kind {
        Some(EntryKind::Detection) => "#1f77b4",
        Some(EntryKind::Acknowledgement) => "#9467bd",
        Some(EntryKind::Escalation) => "#8c564b",
        Some(EntryKind::Investigation) => "#bcbd22",
        Some(EntryKind::CauseIdentified) => "#e377c2",
        Some(EntryKind::Mitigation) => "#2ca02c",
        Some(EntryKind::Resolution) => "#17becf",
        Some(EntryKind::RedHerring) => "#d62728",
        Some(EntryKind::Other) | None => "#7f7f7f",
    }
}

/// XML text and attribute escaping (also the standalone HTML page's, `html.rs`).
pub(crate) fn esc(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// At most `max` characters of one line of `text`, with `…` when cut.
fn short(text: &str, max: usize) -> String {
    let line = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if line.chars().count() <= max {
        return line;
    }
    let mut cut: String = line.chars().take(max.saturating_sub(1)).collect();
    cut.truncate(cut.trim_end().len());
    cut.push('…');
    cut
}

/// The picture of `doc`'s timeline, or `None` when no time of it can be placed.
///
/// The strip spans the incident (start to end) and any entry outside it; the incident window is
/// a shaded band; each entry with a readable time is a dot in its kind's colour (its time and
/// text as a tooltip); key moments get a line and a label, alternating in height so neighbours
/// do not overlap.
pub fn timeline_svg(doc: &Postmortem, resolved: &Resolved) -> Option<String> {
    let marks: Vec<(Instant, &crate::model::TimelineEntry)> =
        doc.timeline.iter().filter_map(|e| Some((resolved.entry(e.id)?, e))).collect();
    let (start, end) =
        (resolved.start(), resolved.end().filter(|e| resolved.start().is_none_or(|s| *e >= s)));
    let instants = marks.iter().map(|(at, _)| *at).chain(start).chain(end);
    let lo = instants.clone().min()?;
    let hi = instants.max()?.max(lo + 60);
    // Positions in tenths of a pixel, exactly (crate::model::decimal).
    let span = (WIDTH - 2 * MARGIN) as u64;
    let x = |at: Instant| {
        10 * MARGIN + decimal::ratio_in_tenths(span * (at - lo) as u64, (hi - lo) as u64)
    };
    let px = decimal::tenths;

    let title = if doc.title.trim().is_empty() { "Incident timeline" } else { doc.title.trim() };
    let mut desc = format!("{} timeline entries", marks.len());
    if let (Some(s), Some(e)) = (start, end) {
        desc.push_str(&format!(
            "; the incident lasted {} from {} to {}",
            duration_in_words(e - s),
            doc.start.trim(),
            doc.end.trim()
        ));
    }
    let mut svg = String::new();
    svg.push_str(&format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{WIDTH}\" height=\"{HEIGHT}\" viewBox=\"0 0 {WIDTH} {HEIGHT}\" role=\"img\" aria-labelledby=\"tl-title tl-desc\" font-family=\"sans-serif\" font-size=\"11\">\n"
    ));
    svg.push_str(&format!("<title id=\"tl-title\">{}</title>\n", esc(title)));
    svg.push_str(&format!("<desc id=\"tl-desc\">{}</desc>\n", esc(&desc)));
    svg.push_str(&format!("<rect width=\"{WIDTH}\" height=\"{HEIGHT}\" fill=\"#ffffff\"/>\n"));
    if let (Some(s), Some(e)) = (start, end) {
        svg.push_str(&format!(
            "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"20\" fill=\"#fde0dc\"><title>Incident window</title></rect>\n",
            px(x(s)),
            AXIS_Y - 10,
            px((x(e) - x(s)).max(10))
        ));
    }
    svg.push_str(&format!(
        "<line x1=\"{MARGIN}\" y1=\"{AXIS_Y}\" x2=\"{}\" y2=\"{AXIS_Y}\" stroke=\"#333333\" stroke-width=\"1\"/>\n",
        WIDTH - MARGIN
    ));
    // The ends of the incident, as typed.
    for (at, text, anchor) in [(start, doc.start.trim(), "start"), (end, doc.end.trim(), "end")] {
        if let Some(at) = at {
            svg.push_str(&format!(
                "<text x=\"{}\" y=\"{}\" text-anchor=\"{anchor}\" fill=\"#333333\">{}</text>\n",
                px(x(at)),
                AXIS_Y + 28,
                esc(&short(text, 24))
            ));
        }
    }
    let mut key = 0;
    for (at, e) in &marks {
        let (cx, cx_tenths) = (px(x(*at)), x(*at));
        let colour = kind_colour(e.kind);
        if e.key_moment {
            let y = if key % 2 == 0 { 24 } else { 44 };
            key += 1;
            let label = e.kind.filter(|k| *k != EntryKind::Other).map_or_else(
                || short(&e.text, 22),
                |k| format!("{} {}", short(&e.time, 12), k.label()),
            );
            svg.push_str(&format!(
                "<line x1=\"{cx}\" y1=\"{}\" x2=\"{cx}\" y2=\"{AXIS_Y}\" stroke=\"{colour}\" stroke-width=\"1\"/>\n",
                y + 4
            ));
            let anchor = if cx_tenths < 10 * (WIDTH / 4) {
                "start"
            } else if cx_tenths > 10 * (WIDTH * 3 / 4) {
                "end"
            } else {
                "middle"
            };
            svg.push_str(&format!(
                "<text x=\"{cx}\" y=\"{y}\" text-anchor=\"{anchor}\" fill=\"#111111\">{}</text>\n",
                esc(&label)
            ));
        }
        let kind = e.kind.map_or("untagged", EntryKind::label);
        svg.push_str(&format!(
            "<circle cx=\"{cx}\" cy=\"{AXIS_Y}\" r=\"5\" fill=\"{colour}\" stroke=\"#ffffff\" stroke-width=\"1\"><title>{} ({kind}): {}</title></circle>\n",
            esc(&short(&e.time, 32)),
            esc(&short(&e.text, 120))
        ));
    }
    svg.push_str("</svg>\n");
    Some(svg)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_escaped_and_shortened() {
        assert_eq!(esc("<a href='x'>&\"</a>"), "&lt;a href=&#39;x&#39;&gt;&amp;&quot;&lt;/a&gt;");
        assert_eq!(short("a  b\nc", 10), "a b c");
        assert_eq!(short("abcdefghij", 5), "abcd…");
    }
}
