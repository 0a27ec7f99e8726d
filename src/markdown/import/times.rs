//! Recognising a time where a line starts: `14:30 UTC:`, `**10:30 AM** -`, `` `1:05 AM PST` ``,
//! `~18:10`, `--:--`, `02/23/20 11:50 PM PST`, `June 8, 2024, 3:00 PM (WAT):`.
//!
//! Validation is the model's own [`parse_moment`]; this module only finds where the time ends
//! and what separates it from the text. The time is returned as typed (decoration and the
//! separator removed), since the model stores times as typed.

use crate::model::time::{parse_date, parse_moment, parse_zone};

/// The most words a time can span (`Tuesday, June 8, 2024, 10:42 PM (WAT)`).
const MAX_WORDS: usize = 8;

/// A time found at the start of a line: the time as typed and the text after the separator.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct Leading<'a> {
    pub(crate) time: &'a str,
    pub(crate) rest: &'a str,
}

/// The time at the start of `line` (list marker already removed), if there is one.
pub(crate) fn leading_time(line: &str) -> Option<Leading<'_>> {
    let line = line.trim_start();
    // A time wrapped in emphasis or a code span: `**14:30 UTC:**`, `*12:40am*`, `` `1:05` ``.
    for wrap in ["**", "__", "`", "*", "_"] {
        if let Some(inner) = line.strip_prefix(wrap)
            && let Some(close) = inner.find(wrap)
        {
            let candidate = inner[..close].trim().trim_end_matches([':', ',']).trim_end();
            if is_time(candidate) {
                let after = &inner[close + wrap.len()..];
                return Some(Leading { time: candidate, rest: strip_separator(after) });
            }
            return None;
        }
    }
    // A bare time: the longest run of up to MAX_WORDS words that reads as one.
    let mut ends = Vec::with_capacity(MAX_WORDS);
    let mut in_word = false;
    for (i, c) in line.char_indices() {
        if c.is_whitespace() {
            if in_word {
                ends.push(i);
                if ends.len() == MAX_WORDS {
                    break;
                }
            }
            in_word = false;
        } else {
            in_word = true;
        }
    }
    if in_word && ends.len() < MAX_WORDS {
        ends.push(line.len());
    }
    for &end in ends.iter().rev() {
        let raw = &line[..end];
        let candidate = raw.trim_end_matches([':', ',', '|', '\u{2014}', '\u{2013}']).trim_end();
        if !candidate.is_empty() && is_time(candidate) {
            let rest = &line[candidate.len()..];
            return Some(Leading { time: candidate, rest: strip_separator(rest) });
        }
    }
    None
}

/// Removes what separates a time from its text: `:`, `-`, `–`, `—`, `-->`, `->`, `→`, `|`, `=>`.
pub(crate) fn strip_separator(rest: &str) -> &str {
    let r = rest.trim_start();
    for sep in ["-->", "->", "=>", "→", ":", "—", "–", "|", "-"] {
        if let Some(after) = r.strip_prefix(sep)
            && (after.is_empty() || after.starts_with(char::is_whitespace) || sep.len() > 1)
        {
            return after.trim();
        }
    }
    r.trim()
}

/// Whether `text` (trimmed, nothing after it) is a time: a moment the model can read, an
/// unknown time such as `--:--` or `??:??`, either after `~` or `approx.`, and optionally after
/// a date the model does not read itself (`02/23/20`).
pub(crate) fn is_time(text: &str) -> bool {
    let t = text.trim();
    if !could_start_time(t) {
        return false;
    }
    let t = t
        .strip_prefix('~')
        .or_else(|| t.strip_prefix('≈'))
        .or_else(|| t.strip_prefix("approx."))
        .or_else(|| t.strip_prefix("ca."))
        .map_or(t, str::trim_start);
    if t.is_empty() || t.len() > 80 {
        return false;
    }
    if is_unknown_time(t) {
        return true;
    }
    // Times start with a digit or a month/week day (`June 8, 2024, 3:00 PM`).
    if !t.starts_with(|c: char| c.is_ascii_alphanumeric()) {
        return false;
    }
    if parse_moment(t).is_ok() {
        return true;
    }
    // `02/23/20 12:00 PM PST`: a US date, then a time the model reads.
    let (first, rest) = t.split_once(char::is_whitespace).unwrap_or((t, ""));
    us_date(first.trim_end_matches(',')) && !rest.trim().is_empty() && parse_moment(rest).is_ok()
}

/// A quick test every time and date passes, asked of every line of a timeline: it starts with
/// a digit, `~`, `≈`, an unknown-time mark, or the first letter of a month, a week day, `day`,
/// `approx.` or `ca.` (the model reads English names).
fn could_start_time(t: &str) -> bool {
    t.chars()
        .next()
        .is_some_and(|c| c.is_ascii_digit() || "~≈-?jfmasondtwcxJFMASONDTWCX".contains(c))
}

/// `--:--`, `??:??`, `xx:xx`, `--:-- UTC`.
fn is_unknown_time(t: &str) -> bool {
    let (clock, zone) = t.split_once(' ').unwrap_or((t, ""));
    let Some((h, m)) = clock.split_once(':') else { return false };
    let unknown = |p: &str| {
        (1..=2).contains(&p.len()) && p.chars().all(|c| matches!(c, '-' | '?' | 'x' | 'X'))
    };
    unknown(h) && unknown(m) && (zone.is_empty() || parse_zone(zone).is_ok())
}

/// `02/23/20`, `2/3/2020`, `23.02.2020`: month/day/year or day.month.year with digits.
fn us_date(t: &str) -> bool {
    let parts: Vec<&str> = t.split(['/', '.']).collect();
    parts.len() == 3
        && parts[0].len() <= 2
        && parts[1].len() <= 2
        && matches!(parts[2].len(), 2 | 4)
        && parts.iter().all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))
}

/// Whether `text` is only a date (`2024-09-02`, `June 5, 2024`, `02/23/20`, `Day 2`): a row that
/// dates the entries under it.
pub(crate) fn is_date_only(text: &str) -> bool {
    let t = text.trim().trim_end_matches(':').trim();
    if !could_start_time(t) {
        return false;
    }
    !t.is_empty()
        && t.len() <= 40
        && t.starts_with(|c: char| c.is_ascii_alphanumeric())
        && (parse_date(t).is_ok() || us_date(t))
}

/// The zone named in a parenthesis or short sentence: `(UTC)`, `(all times CDT)`,
/// `All times are in EST.` Only a word that is a zone abbreviation or offset counts.
pub(crate) fn zone_in(text: &str) -> Option<&str> {
    text.split(|c: char| c.is_whitespace() || matches!(c, '(' | ')' | ',' | '.' | ';' | ':'))
        .filter(|w| w.len() >= 2 && w.starts_with(|c: char| c.is_ascii_uppercase()))
        .find(|w| {
            w.chars()
                .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || matches!(c, '+' | '-'))
                && parse_zone(w).is_ok()
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Shows the recognised time and text as `time | text`, or `-` when there is none.
    #[track_caller]
    fn check(line: &str, expect: &str) {
        let got = leading_time(line).map_or("-".to_owned(), |l| format!("{} | {}", l.time, l.rest));
        assert_eq!(got, expect, "line: {line:?}");
    }

    #[test]
    fn bold_with_colon_inside() {
        check("**14:30 UTC:** Alert fires.", "14:30 UTC | Alert fires.");
    }
    #[test]
    fn bold_with_colon_outside() {
        check("**14:30**: Alert fires.", "14:30 | Alert fires.");
    }
    #[test]
    fn am_pm_with_dash() {
        check("10:30 AM - Disk full", "10:30 AM | Disk full");
    }
    #[test]
    fn zone_and_arrow() {
        check("15:15 GMT+1 --> Listed", "15:15 GMT+1 | Listed");
    }
    #[test]
    fn em_dash() {
        check("13:02 CET — Purge", "13:02 CET | Purge");
    }
    #[test]
    fn no_separator() {
        check("16:00 Flag service deploy begins.", "16:00 | Flag service deploy begins.");
    }
    #[test]
    fn glued_am() {
        check("7:45am: Finance confirms", "7:45am | Finance confirms");
    }
    #[test]
    fn hour_only() {
        check("12pm: Review", "12pm | Review");
    }
    #[test]
    fn iso_date_time() {
        check("2019-11-30 08:24 Last cluster in sync", "2019-11-30 08:24 | Last cluster in sync");
    }
    #[test]
    fn month_name_date_with_zone_in_parens() {
        check("June 8, 2024, 10:42 PM (WAT): Down", "June 8, 2024, 10:42 PM (WAT) | Down");
    }
    #[test]
    fn us_date_then_time() {
        check("02/23/20 12:00 PM PST: Rotated", "02/23/20 12:00 PM PST | Rotated");
    }
    #[test]
    fn italic_and_code() {
        check("*12:40am PST*: Wakes up", "12:40am PST | Wakes up");
        check("`1:05 AM PST`: Deployed", "1:05 AM PST | Deployed");
    }
    #[test]
    fn approximate() {
        check("~18:10 Noticed", "~18:10 | Noticed");
    }
    #[test]
    fn unknown() {
        check("--:-- Restarted", "--:-- | Restarted");
    }
    #[test]
    fn table_cell_zone_word_is_not_eaten() {
        check("21:00 JST キャッシュ", "21:00 JST | キャッシュ");
    }
    #[test]
    fn not_times() {
        check("Someone asks in #general", "-");
        check("2 hours later", "-");
        check("**Duration:** 2 hours", "-");
        check("100% of users", "-");
        check("", "-");
        check("14", "-");
    }
    #[test]
    fn dates_only() {
        assert!(is_date_only("2024-09-02"));
        assert!(is_date_only("June 5, 2024:"));
        assert!(is_date_only("02/23/20"));
        assert!(!is_date_only("2024-09-02 10:00"));
        assert!(!is_date_only("Deploy"));
    }
    #[test]
    fn zones_in_words() {
        assert_eq!(zone_in("(UTC)"), Some("UTC"));
        assert_eq!(zone_in("All times in CDT."), Some("CDT"));
        assert_eq!(zone_in("Times are approximate and in EST."), Some("EST"));
        assert_eq!(zone_in("(Or, How We Went from It's Fine)"), None);
    }
}
