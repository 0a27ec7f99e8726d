//! Timestamps as pasted text writes them: `14:32`, `9:02 AM`, `2025-06-18T14:32:05.120Z`,
//! `6/18/2025 3:03 PM`, `Jun  5 14:14:03` (syslog, no year), `18/Jun/2025:14:32:05 +0000`
//! (access logs), `Today at 9:02 AM`, `Jun 18, 2025 at 3:03 PM`, `Wed, Jun 18 2025, 14:32`.
//!
//! The time of day, meridiem and zone are read by the model's own [`parse_moment`] and
//! [`parse_zone`]; this module only reads the date forms the model does not (a year left out,
//! `Today`, US and European numeric dates, fractions of a second, the `at` between date and
//! time) and finds where a stamp starts or ends in a line.

use crate::model::time::{Date, TimeOfDay, Zone, parse_moment, parse_zone};

/// A date as a stamp or separator writes it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Day {
    /// A full date.
    Full(Date),
    /// Month and day; the year comes from what was read before (syslog, Slack separators).
    NoYear(u8, u8),
    /// Days from today: `Today` is 0, `Yesterday` is −1.
    Relative(i64),
}

/// A timestamp read from a line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Stamp {
    pub(crate) day: Option<Day>,
    pub(crate) time: TimeOfDay,
    pub(crate) zone: Option<Zone>,
    /// Written like `2:20`: one digit of hour and no AM/PM, so maybe the afternoon of a
    /// 12-hour clock.
    pub(crate) twelve: bool,
}

/// The most words a stamp spans (`Wed, Jun 18 2025, at 3:03 PM UTC`).
const MAX_WORDS: usize = 8;

/// Whether `word` could start a stamp (a cheap test asked of every line).
fn could_start(word: &str) -> bool {
    let w = word.trim_start_matches(['[', '(']);
    match w.chars().next() {
        Some(c) if c.is_ascii_digit() => true,
        Some(c) if c.is_ascii_alphabetic() => {
            let lower = w.trim_end_matches([',', '.']).to_ascii_lowercase();
            lower == "today" || lower == "yesterday" || month(&lower).is_some() || weekday(&lower)
        }
        _ => false,
    }
}

/// The stamp at the start of `line` and the text after it (separator not removed).
pub(crate) fn leading(line: &str) -> Option<(Stamp, &str)> {
    let line = line.trim_start();
    let first = line.split_whitespace().next()?;
    if !could_start(first) {
        return None;
    }
    // A bracketed stamp: `[14:32]`, `[6/18/2025 3:03 PM]`, `[2025-06-18 14:32:05]`.
    if let Some(inner) = line.strip_prefix('[')
        && let Some(close) = inner.find(']')
    {
        return read(&inner[..close]).map(|s| (s, &inner[close + 1..]));
    }
    // A stamp that starts with a digit has its time within its first four words (`14:32`,
    // `6/18/2025 3:03`, `18 Jun 2025 09:41`); one that starts with a name, later.
    let before_time = if first.starts_with(|c: char| c.is_ascii_digit()) { 4 } else { 6 };
    let mut best = None;
    let mut start = 0;
    for (n, end) in word_ends(line).take(MAX_WORDS).enumerate() {
        let word = line[start..end].trim_start();
        start = end;
        if best.is_some() && !may_follow_time(word) {
            break;
        }
        if best.is_none() && n >= before_time {
            break;
        }
        let candidate = line[..end].trim_end_matches([',', ':', '|', '-']).trim_end();
        match read(candidate) {
            Some(stamp) => best = Some((stamp, &line[candidate.len()..])),
            None if best.is_some() => break,
            None => {}
        }
    }
    best
}

/// Whether `word` could continue a time just read: AM/PM or a zone (`UTC`, `+02:00`,
/// `(CET)`, `Europe/Paris`).
fn may_follow_time(word: &str) -> bool {
    let w = word.trim_matches(['(', ')', ',', ':']);
    let lower = w.to_ascii_lowercase();
    matches!(lower.as_str(), "am" | "pm" | "a.m." | "p.m.")
        || w.starts_with(['+', '-', '−'])
        || w.contains('/')
        || (w.len() <= 7
            && w.chars().all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || "+-:".contains(c)))
}

/// The stamp at the end of a short line and the text before it (`Ana Souza  9:02 AM`,
/// `Ana — Today at 9:02 AM`, `ana.souza [9:02]`).
pub(crate) fn trailing(line: &str) -> Option<(&str, Stamp)> {
    let line = line.trim();
    if line.len() > 80 || !line.ends_with(|c: char| c.is_ascii_digit() || "MmZ]".contains(c)) {
        return None;
    }
    if let Some(body) = line.strip_suffix(']')
        && let Some(open) = body.rfind('[')
    {
        return read(&body[open + 1..]).map(|s| (&line[..open], s));
    }
    let starts: Vec<usize> = word_starts(line).collect();
    let mut best = None;
    for &start in starts.iter().rev().take(6) {
        if start == 0 {
            break;
        }
        if let Some(stamp) = read(&line[start..]) {
            best = Some((&line[..start], stamp));
        }
    }
    best
}

fn word_ends(line: &str) -> impl Iterator<Item = usize> + '_ {
    let bytes = line.as_bytes();
    (1..=line.len()).filter(move |&i| {
        line.is_char_boundary(i)
            && !bytes[i - 1].is_ascii_whitespace()
            && (i == line.len() || bytes[i].is_ascii_whitespace())
    })
}

fn word_starts(line: &str) -> impl Iterator<Item = usize> + '_ {
    let bytes = line.as_bytes();
    (0..line.len()).filter(move |&i| {
        line.is_char_boundary(i)
            && !bytes[i].is_ascii_whitespace()
            && (i == 0 || bytes[i - 1].is_ascii_whitespace())
    })
}

/// Reads `text` as one whole stamp, or nothing.
pub(crate) fn read(text: &str) -> Option<Stamp> {
    let t = text.trim();
    if t.is_empty() || t.len() > 60 || !t.bytes().any(|b| b.is_ascii_digit()) {
        return None;
    }
    if let Some(s) = iso(t) {
        return Some(s);
    }
    if let Some(s) = access_log(t) {
        return Some(s);
    }
    let toks: Vec<&str> = t
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|w| !w.is_empty() && !matches!(*w, "—" | "–" | "-"))
        .collect();
    let (day, used) = date_words(&toks);
    let mut rest: Vec<&str> = toks[used..].to_vec();
    if rest.first().is_some_and(|w| w.eq_ignore_ascii_case("at")) {
        rest.remove(0);
    }
    let first = rest.first()?;
    if !first.starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    // Fractions of a second (`14:14:03.120`) are dropped: the model's times stop at seconds.
    let clock = strip_fraction(first);
    let joined = std::iter::once(clock).chain(rest[1..].iter().copied()).collect::<Vec<_>>();
    let m = parse_moment(&joined.join(" ")).ok()?;
    let day = match (day, m.date) {
        (Some(d), None) => Some(d),
        (None, Some(d)) => Some(Day::Full(d)),
        (None, None) => None,
        (Some(_), Some(_)) => return None,
    };
    let meridiem = joined.iter().any(|w| {
        let l = w.to_ascii_lowercase().replace('.', "");
        l.ends_with("am") || l.ends_with("pm")
    });
    let twelve = !meridiem && clock.find(':') == Some(1);
    Some(Stamp { day, time: m.time, zone: m.zone, twelve })
}

fn strip_fraction(clock: &str) -> &str {
    match clock.find(['.', ',']) {
        Some(dot)
            if clock[..dot].matches(':').count() == 2
                && clock[dot + 1..].bytes().all(|b| b.is_ascii_digit()) =>
        {
            &clock[..dot]
        }
        _ => clock,
    }
}

/// The date at the start of `toks` and how many words it took.
fn date_words(toks: &[&str]) -> (Option<Day>, usize) {
    let mut i = 0;
    if toks.first().is_some_and(|w| weekday(&w.trim_end_matches('.').to_ascii_lowercase())) {
        i = 1;
    }
    let Some(first) = toks.get(i) else { return (None, 0) };
    let lower = first.to_ascii_lowercase();
    if lower == "today" {
        return (Some(Day::Relative(0)), i + 1);
    }
    if lower == "yesterday" {
        return (Some(Day::Relative(-1)), i + 1);
    }
    if let Some(d) = numeric_date(first) {
        return (Some(Day::Full(d)), i + 1);
    }
    let year = |w: Option<&&str>| {
        w.filter(|w| w.len() == 4 && w.bytes().all(|b| b.is_ascii_digit()))
            .and_then(|w| w.parse::<i32>().ok())
    };
    let with_year = |m: u8, d: u8, y: Option<i32>, n: usize| match y {
        Some(y) => Date::new(y, m, d).map(|date| (Some(Day::Full(date)), n + 1)),
        None => (1..=31).contains(&d).then_some((Some(Day::NoYear(m, d)), n)),
    };
    // `Jun 18 2025`, `June 18th`, `Jun  5`
    if let Some(m) = month(&lower.trim_end_matches('.').to_ascii_lowercase())
        && let Some(d) = toks.get(i + 1).and_then(|w| day_number(w))
    {
        return with_year(m, d, year(toks.get(i + 2)), i + 2).unwrap_or((None, 0));
    }
    // `18 Jun 2025`
    if let Some(d) = day_number(first)
        && let Some(m) =
            toks.get(i + 1).and_then(|w| month(&w.trim_end_matches('.').to_lowercase()))
    {
        return with_year(m, d, year(toks.get(i + 2)), i + 2).unwrap_or((None, 0));
    }
    (None, 0)
}

/// `6/18/2025`, `06/18/25`, `18/06/2025` (day first when the first number is over 12),
/// `18.06.2025`, `2025/06/18`.
pub(crate) fn numeric_date(w: &str) -> Option<Date> {
    let w = w.trim_end_matches(',');
    let sep = if w.contains('/') {
        '/'
    } else if w.contains('.') {
        '.'
    } else if w.contains('-') {
        '-'
    } else {
        return None;
    };
    let parts: Vec<&str> = w.split(sep).collect();
    if parts.len() != 3
        || parts
            .iter()
            .any(|p| p.is_empty() || p.len() > 4 || !p.bytes().all(|b| b.is_ascii_digit()))
    {
        return None;
    }
    let n: Vec<i32> = parts.iter().map(|p| p.parse().unwrap_or(0)).collect();
    if parts[0].len() == 4 {
        return Date::new(n[0], u8::try_from(n[1]).ok()?, u8::try_from(n[2]).ok()?);
    }
    if sep == '-' || parts[2].len() == 3 || parts[2].len() == 1 {
        return None;
    }
    let year = if parts[2].len() == 2 { 2000 + n[2] } else { n[2] };
    let (m, d) = if sep == '.' || n[0] > 12 { (n[1], n[0]) } else { (n[0], n[1]) };
    Date::new(year, u8::try_from(m).ok()?, u8::try_from(d).ok()?)
}

/// `2025-06-18T14:32:05.120Z`, `2025-06-18 14:32:05,120`, `2025/06/18 14:32:05`,
/// `2025-06-18T14:32:05+0200`.
fn iso(t: &str) -> Option<Stamp> {
    let b = t.as_bytes();
    if b.len() < 16 || !b[..4].iter().all(u8::is_ascii_digit) || !matches!(b[4], b'-' | b'/') {
        return None;
    }
    let date_end = t.find(['T', 't', ' ', '_'])?;
    let date = numeric_date(&t[..date_end])?;
    let rest = t[date_end + 1..].trim_start();
    let clock_end = rest
        .find(|c: char| !(c.is_ascii_digit() || c == ':' || c == '.' || c == ','))
        .unwrap_or(rest.len());
    let clock = strip_fraction(&rest[..clock_end]);
    if clock.len() < rest[..clock_end].len() && clock.matches(':').count() != 2 {
        return None;
    }
    if clock.contains(['.', ',']) {
        return None;
    }
    let m = parse_moment(clock).ok()?;
    let zone_text = rest[clock_end..].trim();
    let zone = if zone_text.is_empty() { None } else { Some(parse_zone(zone_text).ok()?) };
    Some(Stamp { day: Some(Day::Full(date)), time: m.time, zone, twelve: false })
}

/// `18/Jun/2025:14:32:05 +0000`, as access logs write it.
fn access_log(t: &str) -> Option<Stamp> {
    let (date, rest) = t.split_once(':')?;
    let mut parts = date.split('/');
    let (d, m, y) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() || y.len() != 4 {
        return None;
    }
    let date = Date::new(y.parse().ok()?, month(&m.to_ascii_lowercase())?, day_number(d)?)?;
    let m = parse_moment(rest).ok()?;
    if m.date.is_some() {
        return None;
    }
    Some(Stamp { day: Some(Day::Full(date)), time: m.time, zone: m.zone, twelve: false })
}

/// A month's number from its English name or three-letter abbreviation (the model's reading).
pub(crate) fn month(lower: &str) -> Option<u8> {
    crate::model::time::month_number(lower).and_then(|m| u8::try_from(m).ok())
}

fn weekday(lower: &str) -> bool {
    let lower = lower.trim_end_matches([',', '.']);
    ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
        .iter()
        .any(|d| *d == lower || (lower.len() == 3 && d.starts_with(lower)))
}

/// `5`, `05`, `5th`, `22nd`.
fn day_number(w: &str) -> Option<u8> {
    let lower = w.trim_end_matches([',', '.']).to_ascii_lowercase();
    let digits =
        ["st", "nd", "rd", "th"].iter().find_map(|s| lower.strip_suffix(s)).unwrap_or(&lower);
    if digits.is_empty() || digits.len() > 2 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok().filter(|d| (1..=31).contains(d))
}

/// A line that is only a date: a separator that dates the lines under it (`Today`,
/// `Tuesday, June 17th`, `--- June 17, 2025 ---`, `2025-06-18`, `Yesterday`).
pub(crate) fn date_line(line: &str) -> Option<Day> {
    let t = line.trim().trim_matches(|c: char| "-—–=*_# ".contains(c)).trim();
    if t.is_empty() || t.len() > 40 {
        return None;
    }
    let first = t.split_whitespace().next()?;
    if !could_start(first) {
        return None;
    }
    let toks: Vec<&str> =
        t.split(|c: char| c.is_whitespace() || c == ',').filter(|w| !w.is_empty()).collect();
    let (day, used) = date_words(&toks);
    (used == toks.len()).then_some(day).flatten()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[track_caller]
    fn check(text: &str, expect: &str) {
        let got = match read(text) {
            Some(s) => {
                format!("{:?} {} {}", s.day, s.time, s.zone.map_or("-".into(), |z| z.to_string()))
            }
            None => "-".to_owned(),
        };
        assert_eq!(got, expect, "{text:?}");
    }

    #[test]
    fn forms() {
        check("14:32", "None 14:32 -");
        check("9:02 AM", "None 09:02 -");
        check(
            "2025-06-18T14:32:05.120Z",
            "Some(Full(Date { year: 2025, month: 6, day: 18 })) 14:32:05 UTC",
        );
        check(
            "2025-06-18 14:32:05,120",
            "Some(Full(Date { year: 2025, month: 6, day: 18 })) 14:32:05 -",
        );
        check(
            "2025-06-18T14:32:05+0200",
            "Some(Full(Date { year: 2025, month: 6, day: 18 })) 14:32:05 UTC+2",
        );
        check("6/18/2025 3:03 PM", "Some(Full(Date { year: 2025, month: 6, day: 18 })) 15:03 -");
        check("Jun  5 14:14:03", "Some(NoYear(6, 5)) 14:14:03 -");
        check(
            "18/Jun/2025:14:32:05 +0000",
            "Some(Full(Date { year: 2025, month: 6, day: 18 })) 14:32:05 UTC",
        );
        check("Today at 9:02 AM", "Some(Relative(0)) 09:02 -");
        check(
            "Jun 18, 2025 at 3:03 PM",
            "Some(Full(Date { year: 2025, month: 6, day: 18 })) 15:03 -",
        );
        check(
            "Wed, Jun 18 2025, 14:32",
            "Some(Full(Date { year: 2025, month: 6, day: 18 })) 14:32 -",
        );
        check("checkout", "-");
        check("5m", "-");
        check("", "-");
    }

    #[test]
    fn leading_and_trailing() {
        let (s, rest) = leading("[14:32] <ana> hello").unwrap();
        assert_eq!((s.time.to_string(), rest), ("14:32".into(), " <ana> hello"));
        let (s, rest) = leading("10:40 - support escalates").unwrap();
        assert_eq!((s.time.to_string(), rest), ("10:40".into(), " - support escalates"));
        let (name, s) = trailing("Ana Souza  9:02 AM").unwrap();
        assert_eq!((name, s.time.to_string()), ("Ana Souza  ", "09:02".into()));
        assert!(trailing("we should meet at 9").is_none());
        assert_eq!(date_line("Tuesday, June 17th"), Some(Day::NoYear(6, 17)));
        assert_eq!(date_line("Today"), Some(Day::Relative(0)));
        assert_eq!(date_line("restart the pods"), None);
    }
}
