//! A seeded mutator over text: byte-, token- and line-level changes that keep the text valid
//! UTF-8 and aim at what breaks Markdown readers: syntax and labels out of place, control
//! characters (the preview's marks U+0001/U+0002 among them), long unbroken runs, deep nesting,
//! lazy continuation lines, and lines spliced from other inputs.

/// The project's seeded generator (`model::sample::Rng`, splitmix64): the same sequence for the
/// same seed on every machine.
pub struct Rng(postmortem_editor::model::sample::Rng);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(postmortem_editor::model::sample::Rng::new(seed ^ 0x9E37_79B9_7F4A_7C15))
    }

    /// A number in `0..n` (`n` > 0).
    pub fn below(&mut self, n: usize) -> usize {
        self.0.below(n)
    }

    pub fn chance(&mut self, one_in: usize) -> bool {
        self.below(one_in) == 0
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    /// Mostly small, sometimes large: 1..=max with a bias to the low end.
    pub fn size(&mut self, max: usize) -> usize {
        let bits = self.below(usize::BITS as usize - max.leading_zeros() as usize + 1);
        1 + self.below((1usize << bits).min(max))
    }
}

/// Snippets inserted anywhere in a line.
const TOKENS: &[&str] = &[
    "*",
    "**",
    "_",
    "__",
    "~~",
    "`",
    "``",
    "```",
    "[",
    "]",
    "](",
    ")",
    "[^1]",
    "[^a]",
    "![",
    "<",
    ">",
    "</div>",
    "<div>",
    "<!--",
    "-->",
    "|",
    "\\",
    "\\|",
    "&amp;",
    "&#1;",
    "&#x2;",
    "#",
    "\t",
    "\n",
    "\r",
    "\r\n",
    " ",
    "  ",
    "\u{1}",
    "\u{2}",
    "\u{0}",
    "\u{3}",
    "\u{b}",
    "\u{c}",
    "\u{1b}",
    "\u{1f}",
    "\u{7f}",
    "\u{a0}",
    "\u{200b}",
    "\u{feff}",
    "\u{fffd}",
    "\u{2028}",
    "é",
    "世界",
    "🔥",
    "e\u{301}",
    ":",
    ": ",
    " - ",
    " — ",
    "**:**",
    "00:05",
    "14:32 UTC",
    "2:05 PM",
    "T+5m",
    "2024-03-05",
    "2024-03-05T14:32:00Z",
    "UTC",
    "PDT",
    "+05:30",
    "(",
    "\"",
    "'",
    "[x]",
    "[ ]",
    "<http://a.b>",
    "http://example.com",
    "javascript:",
    "[a]: http://x \"t\u{1}\"",
    "`a\u{1}b`",
    "[^x\u{2}]",
    "```a\u{1}",
    "~~~",
    "$",
    "$$",
    "{#id}",
    "^",
    "1.",
    "1)",
    "-",
    "+",
    "=",
    "---",
    "***",
    "\\*",
    "\\_",
    "\\`",
    "\\#",
    "\\[",
    "\\\\",
];

/// Whole lines inserted between lines: block syntax and the labels the importer looks for.
const LINES: &[&str] = &[
    "# Title",
    "## Summary",
    "## Impact",
    "## Timeline",
    "## Root cause",
    "## Root Cause Analysis",
    "## Action items",
    "## Lessons learned",
    "## Contributing factors",
    "## Detection",
    "## Resolution",
    "### Details",
    "#",
    "##",
    "Title",
    "====",
    "----",
    "---",
    "***",
    "- item",
    "* item",
    "+ item",
    "1. item",
    "2) item",
    "- [ ] task",
    "- [x] done",
    "  - nested",
    "    - deeper",
    "> quote",
    "> - quoted item",
    ">",
    "```",
    "```rust",
    "~~~",
    "    indented code",
    "<div>",
    "</div>",
    "<!-- comment -->",
    "<script>alert(1)</script>",
    "| a | b |",
    "|---|---|",
    "| 1 | 2 |",
    "a | b",
    "-|-",
    "[^1]: a note",
    "[^a]: note \u{1}",
    "[ref]: http://example.com",
    "[ref]: <http://x> \"title\"",
    "**Status:** Draft",
    "**Severity:** SEV-2",
    "**Date:** 2024-03-05",
    "**Start:** 14:00 UTC",
    "**End:** 15:00",
    "**Duration:** 1h",
    "**Owner:** Alice",
    "**Root Cause:** a thing",
    "**Impact:** users",
    "**Summary:**",
    "Impact: many users",
    "Root cause: expired certificate",
    "Summary: short",
    "Status: Resolved",
    "Date: 2024-03-05",
    "Detection: alert",
    "Resolution: rollback",
    "Timeline:",
    "Action items:",
    "TL;DR:",
    "- **00:05 UTC:** paged",
    "- **• | 00:05 PDT:** started",
    "- 14:32 — deploy",
    "14:32 deploy",
    "2024-03-05 14:32 UTC - alert",
    "| 14:32 | alert fired |",
    "| Time | Event |",
    "- [ ] Fix it (owner: Bob, due 2024-04-01)",
    "Load Balancer Configuration Review:",
    "    Review the settings",
    "\tTabbed line",
    "",
    " ",
    "\u{1}",
    "\u{2}\u{1}",
    "\u{0}",
    "users affected: 12%",
    "Customers affected: 40 %",
    "Duration: 45 minutes",
    "MTTR: 1h",
];

/// Characters repeated into long runs.
const RUNS: &[&str] = &[
    "a", "x", "*", "_", "`", "[", "]", "(", "<", ">", "\\", "|", "-", "#", " ", "\t", "\n",
    "\u{1}", "\u{2}", "é", "🔥", "ab", "[a]", "*a", "`a", "<a", "- ", "> ", "a\n", "- a\n",
    "> a\n",
];

/// A char boundary of `s` near a random index.
fn boundary(rng: &mut Rng, s: &str) -> usize {
    let mut i = rng.below(s.len() + 1);
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// The start of a random line of `s` (0 or just after a `\n`).
fn line_start(rng: &mut Rng, s: &str) -> usize {
    let i = boundary(rng, s);
    s[..i].rfind('\n').map_or(0, |n| n + 1)
}

/// A random range of whole lines of `s`, at most `max` of them.
fn line_range(rng: &mut Rng, s: &str, max: usize) -> (usize, usize) {
    let start = line_start(rng, s);
    let mut end = start;
    for _ in 0..rng.size(max) {
        match s[end..].find('\n') {
            Some(n) => end += n + 1,
            None => {
                end = s.len();
                break;
            }
        }
    }
    (start, end)
}

/// A random range of `s` of at most `max` bytes, on char boundaries.
fn range(rng: &mut Rng, s: &str, max: usize) -> (usize, usize) {
    let start = boundary(rng, s);
    let mut end = (start + rng.size(max)).min(s.len());
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    (start, end)
}

/// One to four mutations of `input`, drawing on `corpus` for splices; at most `max_len` bytes.
pub fn mutate(rng: &mut Rng, input: &str, corpus: &[String], max_len: usize) -> String {
    let mut s = input.to_owned();
    for _ in 0..1 + rng.below(4) {
        mutate_once(rng, &mut s, corpus);
        if s.len() > max_len {
            let mut end = max_len;
            while !s.is_char_boundary(end) {
                end -= 1;
            }
            s.truncate(end);
        }
    }
    s
}

fn mutate_once(rng: &mut Rng, s: &mut String, corpus: &[String]) {
    match rng.below(16) {
        // A token anywhere.
        0..=2 => {
            let at = boundary(rng, s);
            let token = *rng.pick(TOKENS);
            s.insert_str(at, token);
        }
        // A line between lines.
        3 | 4 => {
            let at = line_start(rng, s);
            let line = format!("{}\n", rng.pick(LINES));
            s.insert_str(at, &line);
        }
        // Delete a few bytes, or a few lines.
        5 => {
            let (a, b) = range(rng, s, 64);
            s.replace_range(a..b, "");
        }
        6 => {
            let (a, b) = line_range(rng, s, 8);
            s.replace_range(a..b, "");
        }
        // Duplicate lines, sometimes many times (long documents, lazy continuation).
        7 => {
            let (a, b) = line_range(rng, s, 4);
            let times = if rng.chance(8) { rng.size(2000) } else { 1 };
            let copy = s[a..b].repeat(times);
            s.insert_str(b, &copy);
        }
        // Splice lines from another input.
        8 | 9 => {
            let other = rng.pick(corpus);
            let (a, b) = line_range(rng, other, 12);
            let at = line_start(rng, s);
            let mut piece = other[a..b].to_owned();
            if !piece.ends_with('\n') {
                piece.push('\n');
            }
            s.insert_str(at, &piece);
        }
        // Cross over: this one's head, another's tail.
        10 => {
            let other = rng.pick(corpus);
            let cut = boundary(rng, s);
            let from = boundary(rng, other);
            s.truncate(cut);
            s.push_str(&other[from..]);
        }
        // A long unbroken run.
        11 => {
            let at = boundary(rng, s);
            let run = rng.pick(RUNS).repeat(rng.size(20_000));
            s.insert_str(at, &run);
        }
        // Deep nesting: quotes, lists, brackets, emphasis.
        12 => {
            let depth = rng.size(300);
            let at = line_start(rng, s);
            let nested = match rng.below(5) {
                0 => format!("{}quote\n", "> ".repeat(depth)),
                1 => (0..depth.min(60)).map(|d| format!("{}- item\n", "  ".repeat(d))).collect(),
                2 => format!("{}x{}\n", "[".repeat(depth), "]".repeat(rng.below(depth + 1))),
                3 => format!("{}x{}\n", "*".repeat(depth), "_".repeat(rng.below(depth + 1))),
                _ => format!("{}text\n", "> - ".repeat(depth.min(100))),
            };
            s.insert_str(at, &nested);
        }
        // A list or quote followed by lazy continuation lines.
        13 => {
            let at = line_start(rng, s);
            let head =
                rng.pick(&["- a\n", "> a\n", "1. a\n", "> - a\n", "- > a\n", "| a |\n|-|\n"]);
            let lazy =
                rng.pick(&["b\n", "b c\n", "| b |\n", "*b\n", "`b\n"]).repeat(rng.size(3000));
            s.insert_str(at, &format!("{head}{lazy}"));
        }
        // A character replaced by a control character.
        14 => {
            let (a, b) = range(rng, s, 1);
            let c = char::from_u32(rng.below(0x20) as u32).unwrap_or('\u{1}');
            s.replace_range(a..b, c.encode_utf8(&mut [0; 4]));
        }
        // Swap two lines.
        _ => {
            let (a, b) = line_range(rng, s, 1);
            let line = s[a..b].to_owned();
            s.replace_range(a..b, "");
            let at = line_start(rng, s);
            s.insert_str(at, &line);
        }
    }
}

/// Mutates a JSON draft's text, keeping it JSON: a string value gets the text mutations, or a
/// number becomes an edge case. `None` if `input` is not JSON.
pub fn mutate_json(rng: &mut Rng, input: &str, corpus: &[String]) -> Option<String> {
    let mut value: serde_json::Value = serde_json::from_str(input).ok()?;
    let mut leaves = 0;
    count_leaves(&value, &mut leaves);
    if leaves == 0 {
        return None;
    }
    let target = rng.below(leaves);
    let mut seen = 0;
    mutate_leaf(rng, &mut value, target, &mut seen, corpus);
    Some(value.to_string())
}

fn count_leaves(v: &serde_json::Value, n: &mut usize) {
    match v {
        serde_json::Value::Array(a) => a.iter().for_each(|x| count_leaves(x, n)),
        serde_json::Value::Object(o) => o.values().for_each(|x| count_leaves(x, n)),
        _ => *n += 1,
    }
}

fn mutate_leaf(
    rng: &mut Rng,
    v: &mut serde_json::Value,
    target: usize,
    seen: &mut usize,
    corpus: &[String],
) {
    use serde_json::Value;
    match v {
        Value::Array(a) => {
            if !a.is_empty() && rng.chance(20) {
                let i = rng.below(a.len());
                let copy = a[i].clone();
                a.push(copy);
            }
            a.iter_mut().for_each(|x| mutate_leaf(rng, x, target, seen, corpus));
        }
        Value::Object(o) => o.values_mut().for_each(|x| mutate_leaf(rng, x, target, seen, corpus)),
        leaf => {
            if *seen == target {
                *leaf = match leaf {
                    Value::String(s) => Value::String(mutate(rng, s, corpus, 4096)),
                    Value::Number(_) => rng
                        .pick(&[
                            Value::from(0),
                            Value::from(-1),
                            Value::from(u64::MAX),
                            Value::from(i64::MIN),
                            Value::from(1e300),
                            Value::from(0.5),
                            Value::from(u32::MAX),
                        ])
                        .clone(),
                    _ => Value::String(rng.pick(LINES).to_string()),
                };
            }
            *seen += 1;
        }
    }
}
