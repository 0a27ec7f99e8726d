//! Times as people type them: parsing, calendar arithmetic, time zones and durations in words.
//!
//! Everything here is pure and total: parsing returns a [`TimeError`] a person can act on, never
//! panics. The calendar is proleptic Gregorian, computed with the days-from-civil algorithm (no
//! date crate: the app has a size budget).
//!
//! # Time zones
//!
//! A [`Zone`] is either a fixed offset from UTC or a named IANA zone such as `Europe/Paris`.
//! Fixed offsets cover what people write in postmortems: `UTC`, `Z`, `UTC-5`, `GMT+1`,
//! `+05:30`, and the common abbreviations (`EST`, `PDT`, `CET`, `WAT`, `AEST`, ... see
//! [`abbreviation_offset`]). An abbreviation names one offset, so `EST` is always UTC−5 even in
//! July; that is what the writer meant by it.
//!
//! Named zones change their offset with daylight-saving time, and the rules live in the tz
//! database, which is far too large for the size budget. The browser already has it (`Intl`), so
//! the core does not resolve named zones itself: callers hand it a [`ZoneResolver`], a function
//! from (zone name, local wall-clock time) to the UTC offset in effect then. The browser shell
//! implements it with `Intl.DateTimeFormat`; native code and tests use closures or
//! [`FixedOnly`], which knows no named zone (times in them are then reported as unresolved, never
//! guessed). This keeps DST-correct durations possible without bundling a zone database.

use std::fmt;

/// A calendar date (proleptic Gregorian), e.g. 2024-06-05.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    /// The year, 1 to 9999 for parsed dates.
    pub year: i32,
    /// The month, 1 to 12.
    pub month: u8,
    /// The day of the month, 1 to 31.
    pub day: u8,
}

impl Date {
    /// The date, if it exists (`Date::new(2023, 2, 29)` is `None`).
    pub fn new(year: i32, month: u8, day: u8) -> Option<Date> {
        ((1..=12).contains(&month) && day >= 1 && day <= days_in_month(year, month))
            .then_some(Date { year, month, day })
    }

    /// Days since 1970-01-01 (negative before it).
    pub fn days_since_epoch(self) -> i64 {
        // Howard Hinnant's days_from_civil.
        let (m, d) = (i64::from(self.month), i64::from(self.day));
        let y = i64::from(self.year) - i64::from(m <= 2);
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let mp = (m + 9) % 12;
        let doy = (153 * mp + 2) / 5 + d - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    /// The date `days` days after 1970-01-01.
    pub fn from_days_since_epoch(days: i64) -> Date {
        // Howard Hinnant's civil_from_days.
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u8;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
        let year = yoe + era * 400 + i64::from(month <= 2);
        Date { year: year.clamp(i64::from(i32::MIN), i64::from(i32::MAX)) as i32, month, day }
    }

    /// The date `n` days later (earlier when `n` is negative).
    pub fn add_days(self, n: i64) -> Date {
        Date::from_days_since_epoch(self.days_since_epoch().saturating_add(n))
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

/// Whether `year` has a 29 February.
pub fn is_leap_year(year: i32) -> bool {
    year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
}

/// The number of days in `month` (1–12) of `year`; 0 for a month that does not exist.
pub fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap_year(year) => 29,
        2 => 28,
        _ => 0,
    }
}

/// A wall-clock time of day, 00:00:00 to 23:59:59.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct TimeOfDay {
    /// 0 to 23.
    pub hour: u8,
    /// 0 to 59.
    pub minute: u8,
    /// 0 to 59.
    pub second: u8,
}

impl TimeOfDay {
    /// Seconds since midnight.
    pub fn seconds(self) -> i64 {
        i64::from(self.hour) * 3600 + i64::from(self.minute) * 60 + i64::from(self.second)
    }
}

impl fmt::Display for TimeOfDay {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:02}:{:02}", self.hour, self.minute)?;
        if self.second != 0 {
            write!(f, ":{:02}", self.second)?;
        }
        Ok(())
    }
}

/// A date and a time of day on some wall clock, without a zone.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct LocalDateTime {
    /// The calendar date.
    pub date: Date,
    /// The time of day.
    pub time: TimeOfDay,
}

impl LocalDateTime {
    /// Seconds since 1970-01-01 00:00 on the same wall clock (as if the clock were UTC).
    pub fn wall_seconds(self) -> i64 {
        self.date.days_since_epoch() * 86_400 + self.time.seconds()
    }

    /// The wall-clock time `seconds` seconds after 1970-01-01 00:00.
    pub fn from_wall_seconds(seconds: i64) -> LocalDateTime {
        let days = seconds.div_euclid(86_400);
        let rest = seconds.rem_euclid(86_400);
        LocalDateTime {
            date: Date::from_days_since_epoch(days),
            time: TimeOfDay {
                hour: (rest / 3600) as u8,
                minute: (rest % 3600 / 60) as u8,
                second: (rest % 60) as u8,
            },
        }
    }
}

/// A time zone as the user wrote it.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Zone {
    /// A fixed offset from UTC in minutes, east positive (`UTC`, `EST`, `UTC+05:30`).
    Offset(i32),
    /// An IANA zone name (`Europe/Paris`), resolved through a [`ZoneResolver`].
    Named(String),
}

impl fmt::Display for Zone {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Zone::Offset(0) => f.write_str("UTC"),
            Zone::Offset(m) => {
                let sign = if *m < 0 { '-' } else { '+' };
                let (h, min) = (m.unsigned_abs() / 60, m.unsigned_abs() % 60);
                if min == 0 {
                    write!(f, "UTC{sign}{h}")
                } else {
                    write!(f, "UTC{sign}{h:02}:{min:02}")
                }
            }
            Zone::Named(name) => f.write_str(name),
        }
    }
}

/// Finds the UTC offset of a named (IANA) zone at a wall-clock time: the seam through which the
/// browser's `Intl` makes named zones DST-correct (see the module docs).
///
/// For a wall-clock time that happens twice (the hour repeated when clocks go back) or never
/// (the hour skipped when they go forward), implementations should return the offset in effect
/// just before the change, like JavaScript's `Temporal` "compatible" disambiguation.
pub trait ZoneResolver {
    /// The offset from UTC in minutes (east positive) of `zone` at `local`, or `None` if the zone
    /// is unknown.
    fn utc_offset(&self, zone: &str, local: LocalDateTime) -> Option<i32>;
}

impl<F: Fn(&str, LocalDateTime) -> Option<i32>> ZoneResolver for F {
    fn utc_offset(&self, zone: &str, local: LocalDateTime) -> Option<i32> {
        self(zone, local)
    }
}

/// A [`ZoneResolver`] that knows no named zone: only fixed offsets and abbreviations resolve.
#[derive(Clone, Copy, Debug, Default)]
pub struct FixedOnly;

impl ZoneResolver for FixedOnly {
    fn utc_offset(&self, _zone: &str, _local: LocalDateTime) -> Option<i32> {
        None
    }
}

impl Zone {
    /// The offset from UTC in minutes in effect at `local` in this zone.
    pub fn offset_at(
        &self,
        local: LocalDateTime,
        zones: &dyn ZoneResolver,
    ) -> Result<i32, TimeError> {
        match self {
            Zone::Offset(m) => Ok(*m),
            Zone::Named(name) => zones
                .utc_offset(name, local)
                .filter(|m| m.abs() <= MAX_OFFSET_MINUTES)
                .ok_or_else(|| TimeError::UnresolvedZone(name.clone())),
        }
    }

    /// The instant (seconds since 1970-01-01T00:00Z) at which this zone's clocks show `local`.
    pub fn instant(
        &self,
        local: LocalDateTime,
        zones: &dyn ZoneResolver,
    ) -> Result<i64, TimeError> {
        Ok(local.wall_seconds() - i64::from(self.offset_at(local, zones)?) * 60)
    }

    /// The wall-clock time this zone shows at `instant` (for named zones, found by asking the
    /// resolver about the candidate wall time, which is exact except inside a DST transition).
    pub fn local_at(
        &self,
        instant: i64,
        zones: &dyn ZoneResolver,
    ) -> Result<LocalDateTime, TimeError> {
        let guess = LocalDateTime::from_wall_seconds(instant);
        let first = self.offset_at(guess, zones)?;
        let candidate = LocalDateTime::from_wall_seconds(instant + i64::from(first) * 60);
        let second = self.offset_at(candidate, zones)?;
        Ok(LocalDateTime::from_wall_seconds(instant + i64::from(second) * 60))
    }
}

/// The largest offset accepted, in minutes (UTC±18:00, as in ISO 8601 and `java.time`).
const MAX_OFFSET_MINUTES: i32 = 18 * 60;

/// What the user typed for a point in time: a time, maybe a date, maybe a zone.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Moment {
    /// The date, if one was written.
    pub date: Option<Date>,
    /// The time of day (24-hour).
    pub time: TimeOfDay,
    /// The zone, if one was written.
    pub zone: Option<Zone>,
}

/// Why a typed time, date or zone could not be read. The `Display` text is for people.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum TimeError {
    /// Nothing was written.
    Empty,
    /// Not recognisable as a time.
    NotATime(String),
    /// Not recognisable as a date.
    NotADate(String),
    /// A date that does not exist, such as 2023-02-29.
    NoSuchDay(String),
    /// A date written without its year.
    MissingYear(String),
    /// An hour outside 0–23 (or 1–12 with AM/PM).
    BadHour(String),
    /// A minute or second outside 0–59.
    BadMinute(String),
    /// A zone that is neither an offset, a known abbreviation nor a zone name.
    UnknownZone(String),
    /// An offset larger than ±18:00 or with minutes over 59.
    BadOffset(String),
    /// A named zone the resolver could not resolve (e.g. natively, without the browser).
    UnresolvedZone(String),
    /// Something left over after a valid time.
    Unexpected(String),
}

impl fmt::Display for TimeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TimeError::Empty => f.write_str("nothing is written here"),
            TimeError::NotATime(t) => write!(
                f,
                "“{t}” is not a time: write it like 14:30, 2:15 PM, 14:30 UTC or 2024-06-05T14:30Z"
            ),
            TimeError::NotADate(t) => {
                write!(f, "“{t}” is not a date: write it like 2024-06-05 or June 5, 2024")
            }
            TimeError::NoSuchDay(t) => write!(f, "there is no such day as {t}"),
            TimeError::MissingYear(t) => write!(f, "“{t}” needs a year, e.g. June 5, 2024"),
            TimeError::BadHour(t) => {
                write!(f, "“{t}”: hours go from 0 to 23, or from 1 to 12 with AM or PM")
            }
            TimeError::BadMinute(t) => write!(f, "“{t}”: minutes and seconds go from 0 to 59"),
            TimeError::UnknownZone(t) => write!(
                f,
                "“{t}” is not a time zone this editor knows: write UTC, UTC+2, an abbreviation such as EST or CET, or a zone name such as Europe/Paris"
            ),
            TimeError::BadOffset(t) => {
                write!(f, "“{t}” is not a valid offset: offsets go from -18:00 to +18:00")
            }
            TimeError::UnresolvedZone(t) => {
                write!(f, "the offset of {t} at that time is not known here")
            }
            TimeError::Unexpected(t) => write!(f, "unexpected “{t}” after the time"),
        }
    }
}

impl std::error::Error for TimeError {}

/// Parses a point in time as people type it: `14:30`, `2:15 PM`, `2:15pm`, `14:30:05`,
/// `14:30 UTC`, `10:30 AM EST`, `9:00 GMT+1`, `2024-06-05 14:30`, `June 5, 2024 2:15 PM CET`,
/// `2024-06-05T02:00Z`, `2024-06-05T02:00:00+02:00`.
pub fn parse_moment(text: &str) -> Result<Moment, TimeError> {
    let mut toks = tokens(text);
    if toks.is_empty() {
        return Err(TimeError::Empty);
    }
    // ISO 8601: split `2024-06-05T02:00Z` into the date and the rest.
    if let Some(first) = toks.first().cloned()
        && first.len() > 10
        && first.is_char_boundary(10)
        && first.is_char_boundary(11)
        && matches!(&first[10..11], "T" | "t")
        && iso_date(&first[..10]).is_some()
    {
        toks.splice(0..1, [first[..10].to_owned(), first[11..].to_owned()]);
    }
    let mut pos = 0;
    let date = take_date(&toks, &mut pos)?;
    let Some(tok) = toks.get(pos) else {
        return Err(TimeError::NotATime(text.trim().to_owned()));
    };
    pos += 1;
    let digits_end = tok.find(|c: char| !(c.is_ascii_digit() || c == ':')).unwrap_or(tok.len());
    let (clock, rest) = tok.split_at(digits_end);
    let parts: Vec<&str> = clock.split(':').collect();
    if clock.is_empty()
        || parts.len() > 3
        || parts.iter().any(|p| p.is_empty() || p.len() > 2)
        || (parts.len() > 1 && parts[1..].iter().any(|p| p.len() != 2))
    {
        return Err(TimeError::NotATime(text.trim().to_owned()));
    }
    let num = |p: &str| p.parse::<u32>().unwrap_or(u32::MAX);
    let (hour, minute, second) =
        (num(parts[0]), parts.get(1).map_or(0, |p| num(p)), parts.get(2).map_or(0, |p| num(p)));
    // AM/PM, glued to the time (`2:15pm`) or the next word (`2:15 PM`).
    let mut rest = rest.to_owned();
    let mut meridiem = meridiem(&rest);
    if meridiem.is_some() {
        rest.clear();
    } else if rest.is_empty()
        && let Some(m) = toks.get(pos).and_then(|t| meridiem_of(t))
    {
        meridiem = Some(m);
        pos += 1;
    }
    if parts.len() == 1 && meridiem.is_none() {
        return Err(TimeError::NotATime(text.trim().to_owned()));
    }
    if minute > 59 || second > 59 {
        return Err(TimeError::BadMinute(clock.to_owned()));
    }
    let hour = match meridiem {
        None if hour <= 23 => hour,
        Some(pm) if (1..=12).contains(&hour) => hour % 12 + if pm { 12 } else { 0 },
        _ => return Err(TimeError::BadHour(text.trim().to_owned())),
    };
    let time = TimeOfDay { hour: hour as u8, minute: minute as u8, second: second as u8 };
    // A date after the time (`10:15 AM PDT, Tuesday, May 7, 2024`, `22:40 UTC on October 3,
    // 2023`): the words between are the zone.
    let mut date = date;
    let mut end = toks.len();
    let mut zone_after = String::new();
    if date.is_none() {
        for k in pos..toks.len() {
            let at = k + usize::from(matches!(toks[k].to_ascii_lowercase().as_str(), "on" | "of"));
            let mut after = at;
            if let Ok(Some(d)) = take_date(&toks, &mut after)
                && (after == toks.len()
                    || (k == pos && parse_zone(&toks[after..].join(" ")).is_ok()))
            {
                date = Some(d);
                end = k;
                // A zone after the date (`23:58 on 14 January 2024 UTC`).
                zone_after = toks[after..].join(" ");
                break;
            }
        }
    }
    let mut zone_text = rest;
    if !zone_after.is_empty() {
        zone_text = zone_after;
    }
    for t in &toks[pos..end] {
        if !zone_text.is_empty() {
            zone_text.push(' ');
        }
        zone_text.push_str(t);
    }
    let zone = if zone_text.is_empty() {
        None
    } else {
        match parse_zone(&zone_text) {
            Ok(z) => Some(z),
            Err(TimeError::UnknownZone(_)) if pos < end && end - pos > 1 => {
                return Err(TimeError::Unexpected(zone_text));
            }
            Err(e) => return Err(e),
        }
    };
    Ok(Moment { date, time, zone })
}

/// Parses a date: `2024-06-05`, `2024/06/05`, `June 5, 2024`, `Jun 5th 2024`, `5 June 2024`,
/// optionally after a weekday (`Tuesday, June 5, 2024`).
pub fn parse_date(text: &str) -> Result<Date, TimeError> {
    let toks = tokens(text);
    if toks.is_empty() {
        return Err(TimeError::Empty);
    }
    let mut pos = 0;
    match take_date(&toks, &mut pos)? {
        Some(date) if pos == toks.len() => Ok(date),
        _ => Err(TimeError::NotADate(text.trim().to_owned())),
    }
}

/// Parses a time zone: `UTC`, `Z`, `GMT+1`, `UTC-5`, `UTC+05:30`, `+0200`, an abbreviation
/// (`EST`, `CEST`, `WAT`, ...) or an IANA name (`Europe/Paris`).
pub fn parse_zone(text: &str) -> Result<Zone, TimeError> {
    let t = text.trim().trim_start_matches('(').trim_end_matches(')').trim();
    if t.is_empty() {
        return Err(TimeError::Empty);
    }
    let compact: String = t.chars().filter(|c| !c.is_whitespace()).collect();
    let compact = compact.replace('\u{2212}', "-");
    if compact.starts_with(['+', '-']) {
        return parse_offset(&compact, t);
    }
    let upper = compact.to_ascii_uppercase();
    for prefix in ["UTC", "GMT", "UT"] {
        if let Some(rest) = upper.strip_prefix(prefix) {
            if rest.is_empty() {
                return Ok(Zone::Offset(0));
            }
            if rest.starts_with(['+', '-']) {
                return parse_offset(rest, t);
            }
        }
    }
    if upper == "Z" {
        return Ok(Zone::Offset(0));
    }
    if let Some(m) = abbreviation_offset(&upper) {
        return Ok(Zone::Offset(m));
    }
    // `PT`, `ET`...: the US zone in whichever season the date falls.
    let us = match upper.as_str() {
        "PT" => "America/Los_Angeles",
        "MT" => "America/Denver",
        "CT" => "America/Chicago",
        "ET" => "America/New_York",
        "AKT" => "America/Anchorage",
        _ => "",
    };
    if !us.is_empty() {
        return Ok(Zone::Named(us.to_owned()));
    }
    let iana = t.contains('/')
        && t.starts_with(|c: char| c.is_ascii_alphabetic())
        && t.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '/' | '_' | '-' | '+'))
        && !t.ends_with('/');
    if iana {
        return Ok(match t.to_ascii_uppercase().as_str() {
            "ETC/UTC" | "ETC/GMT" | "ETC/UCT" | "ETC/ZULU" | "ETC/UNIVERSAL" => Zone::Offset(0),
            _ => Zone::Named(t.to_owned()),
        });
    }
    Err(TimeError::UnknownZone(t.to_owned()))
}

/// The fixed offset (minutes east of UTC) of a zone abbreviation, upper case (`"EST"` → -300).
///
/// Ambiguous abbreviations take their most common meaning in English-language postmortems:
/// `CST` is US Central, `IST` is India, `BST` is British Summer Time.
pub fn abbreviation_offset(abbreviation: &str) -> Option<i32> {
    const H: i32 = 60;
    Some(match abbreviation {
        "UTC" | "GMT" | "UT" | "Z" | "WET" | "ZULU" | "WEZ" => 0,
        "BST" | "WEST" | "CET" | "MET" | "WAT" | "MEZ" | "WESZ" => H,
        "CEST" | "MEST" | "EET" | "CAT" | "SAST" | "MESZ" | "OEZ" => 2 * H,
        "EEST" | "MSK" | "EAT" | "TRT" | "OESZ" => 3 * H,
        "GST" | "GET" | "AZT" => 4 * H,
        "PKT" | "UZT" => 5 * H,
        "IST" => 5 * H + 30,
        "NPT" => 5 * H + 45,
        "BDT" => 6 * H,
        "ICT" | "WIB" => 7 * H,
        "SGT" | "HKT" | "AWST" | "PHT" | "WITA" => 8 * H,
        "JST" | "KST" | "WIT" => 9 * H,
        "ACST" => 9 * H + 30,
        "AEST" | "CHST" => 10 * H,
        "ACDT" => 10 * H + 30,
        "AEDT" => 11 * H,
        "NZST" => 12 * H,
        "NZDT" => 13 * H,
        "HST" => -10 * H,
        "AKST" => -9 * H,
        "AKDT" | "PST" => -8 * H,
        "PDT" | "MST" => -7 * H,
        "MDT" | "CST" => -6 * H,
        "CDT" | "EST" => -5 * H,
        "EDT" | "AST" => -4 * H,
        "ADT" | "BRT" | "ART" => -3 * H,
        "NST" => -3 * H - 30,
        "NDT" => -2 * H - 30,
        _ => return None,
    })
}

/// Writes a duration the way postmortems do: `45 minutes`, `2 hours and 15 minutes`,
/// `1 day, 3 hours`, `2 days, 1 hour and 5 minutes`. Seconds show only under a minute.
pub fn duration_in_words(seconds: i64) -> String {
    let sign = if seconds < 0 { "minus " } else { "" };
    let s = seconds.unsigned_abs();
    if s < 60 {
        return if s == 0 {
            "0 minutes".to_owned()
        } else {
            format!("{sign}{}", unit(s, "second"))
        };
    }
    let (days, hours, minutes) = (s / 86_400, s % 86_400 / 3600, s % 3600 / 60);
    let clock: Vec<String> = [(hours, "hour"), (minutes, "minute")]
        .into_iter()
        .filter(|(n, _)| *n > 0)
        .map(|(n, u)| unit(n, u))
        .collect();
    let clock = clock.join(" and ");
    match (days, clock.is_empty()) {
        (0, _) => format!("{sign}{clock}"),
        (d, true) => format!("{sign}{}", unit(d, "day")),
        (d, false) => format!("{sign}{}, {clock}", unit(d, "day")),
    }
}

fn unit(n: u64, name: &str) -> String {
    if n == 1 { format!("1 {name}") } else { format!("{n} {name}s") }
}

/// Splits on whitespace and commas.
/// A leading `~` or `≈` (an approximate time: `~18:10`) is dropped.
fn tokens(text: &str) -> Vec<String> {
    text.split(|c: char| c.is_whitespace() || c == ',')
        .map(|t| t.trim_start_matches(['~', '≈']))
        .filter(|t| !t.is_empty())
        .map(str::to_owned)
        .collect()
}

/// `Some(true)` for PM, `Some(false)` for AM.
fn meridiem_of(word: &str) -> Option<bool> {
    match word.to_ascii_lowercase().replace('.', "").as_str() {
        "am" => Some(false),
        "pm" => Some(true),
        _ => None,
    }
}

fn meridiem(rest: &str) -> Option<bool> {
    if rest.is_empty() { None } else { meridiem_of(rest) }
}

/// Reads a date starting at `toks[*pos]`, if there is one there.
fn take_date(toks: &[String], pos: &mut usize) -> Result<Option<Date>, TimeError> {
    let start = *pos;
    let mut i = start;
    if toks.get(i).is_some_and(|t| weekday(t)) {
        i += 1;
    }
    let Some(first) = toks.get(i) else { return Ok(None) };
    if let Some((y, m, d)) = iso_date(first) {
        *pos = i + 1;
        return exact(y, m, d, first).map(Some);
    }
    if let Some((y, m, d)) = numeric_date(first) {
        *pos = i + 1;
        return exact(y, m, d, first).map(Some);
    }
    let day_of = |t: &String| day_number(t);
    let year_of = |t: Option<&String>| {
        t.filter(|t| t.len() == 4 && t.bytes().all(|b| b.is_ascii_digit()))
            .and_then(|t| t.parse::<i32>().ok())
    };
    // `June 5, 2024` / `Jun 5th 2024`
    if let Some(m) = month_number(first) {
        let Some(d) = toks.get(i + 1).and_then(day_of) else {
            return Err(TimeError::NotADate(toks[start..].join(" ")));
        };
        let written = toks[start..(i + 3).min(toks.len())].join(" ");
        let Some(y) = year_of(toks.get(i + 2)) else {
            return Err(TimeError::MissingYear(toks[start..i + 2].join(" ")));
        };
        *pos = i + 3;
        return exact(y, m, d, &written).map(Some);
    }
    // `5 June 2024`
    if let (Some(d), Some(m)) = (day_of(first), toks.get(i + 1).and_then(|t| month_number(t))) {
        let Some(y) = year_of(toks.get(i + 2)) else {
            return Err(TimeError::MissingYear(toks[start..i + 2].join(" ")));
        };
        *pos = i + 3;
        return exact(y, m, d, &toks[start..i + 3].join(" ")).map(Some);
    }
    if i > start {
        return Err(TimeError::NotADate(toks[start..].join(" ")));
    }
    Ok(None)
}

fn exact(y: i32, m: u32, d: u32, written: &str) -> Result<Date, TimeError> {
    if !(1..=9999).contains(&y) || !(1..=12).contains(&m) {
        return Err(TimeError::NotADate(written.to_owned()));
    }
    Date::new(y, m as u8, d.min(99) as u8).ok_or_else(|| TimeError::NoSuchDay(written.to_owned()))
}

/// `2024-06-05`, `2024/6/5` → (year, month, day), unchecked.
fn iso_date(t: &str) -> Option<(i32, u32, u32)> {
    let sep = if t.contains('-') { '-' } else { '/' };
    let parts: Vec<&str> = t.split(sep).collect();
    let ok = parts.len() == 3
        && parts[0].len() == 4
        && (1..=2).contains(&parts[1].len())
        && (1..=2).contains(&parts[2].len())
        && parts.iter().all(|p| p.bytes().all(|b| b.is_ascii_digit()));
    if !ok {
        return None;
    }
    Some((parts[0].parse().ok()?, parts[1].parse().ok()?, parts[2].parse().ok()?))
}

/// `02/23/20`, `2/3/2024` (month first, as in the US), `21/02/2024` (day first, when the first
/// number cannot be a month), `23.02.2024` (day first) → (year, month, day), unchecked. A
/// two-digit year is in 2000–2099.
fn numeric_date(t: &str) -> Option<(i32, u32, u32)> {
    let sep = if t.contains('/') { '/' } else { '.' };
    let parts: Vec<&str> = t.split(sep).collect();
    let ok = parts.len() == 3
        && (1..=2).contains(&parts[0].len())
        && (1..=2).contains(&parts[1].len())
        && matches!(parts[2].len(), 2 | 4)
        && parts.iter().all(|p| p.bytes().all(|b| b.is_ascii_digit()));
    if !ok {
        return None;
    }
    let (a, b): (u32, u32) = (parts[0].parse().ok()?, parts[1].parse().ok()?);
    let mut y: i32 = parts[2].parse().ok()?;
    if parts[2].len() == 2 {
        y += 2000;
    }
    let day_first = a > 12 || (sep == '.' && b <= 12);
    Some(if day_first { (y, b, a) } else { (y, a, b) })
}

/// A month's number (1-12) from its English name or three-letter abbreviation, any case, with or
/// without a trailing dot ("Sept" too).
pub fn month_number(t: &str) -> Option<u32> {
    let t = t.trim_end_matches('.').to_ascii_lowercase();
    if t.len() < 3 {
        return None;
    }
    const MONTHS: [&str; 12] = [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ];
    MONTHS
        .iter()
        .position(|m| {
            *m == t || (t.len() == 3 && m.starts_with(&t)) || (t == "sept" && *m == "september")
        })
        .map(|i| i as u32 + 1)
}

fn weekday(t: &str) -> bool {
    let t = t.trim_end_matches('.').to_ascii_lowercase();
    ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
        .iter()
        .any(|d| *d == t || (t.len() == 3 && d.starts_with(&t)))
}

/// `5`, `05`, `5th`, `1st`, `22nd`, `3rd`.
fn day_number(t: &str) -> Option<u32> {
    let lower = t.to_ascii_lowercase();
    let digits =
        ["st", "nd", "rd", "th"].iter().find_map(|s| lower.strip_suffix(s)).unwrap_or(&lower);
    (!digits.is_empty() && digits.len() <= 2 && digits.bytes().all(|b| b.is_ascii_digit()))
        .then(|| digits.parse().ok())
        .flatten()
}

/// `+5`, `-05`, `+0530`, `+05:30`, `-3:30` → minutes.
fn parse_offset(s: &str, written: &str) -> Result<Zone, TimeError> {
    let bad = || TimeError::BadOffset(written.to_owned());
    let (sign, body) = match s.split_at(1) {
        ("+", b) => (1, b),
        ("-", b) => (-1, b),
        _ => return Err(bad()),
    };
    if !body.bytes().all(|b| b.is_ascii_digit() || b == b':') {
        return Err(TimeError::UnknownZone(written.to_owned()));
    }
    let (h, m) = match body.split_once(':') {
        Some((h, m)) => (h, m),
        None if body.len() > 2 => body.split_at(body.len() - 2),
        None => (body, "0"),
    };
    let digits = |p: &str| !p.is_empty() && p.len() <= 2 && p.bytes().all(|b| b.is_ascii_digit());
    if !digits(h) || !digits(m) {
        return Err(TimeError::UnknownZone(written.to_owned()));
    }
    let (h, m): (i32, i32) = (h.parse().map_err(|_| bad())?, m.parse().map_err(|_| bad())?);
    let total = h * 60 + m;
    if m > 59 || total > MAX_OFFSET_MINUTES {
        return Err(bad());
    }
    Ok(Zone::Offset(sign * total))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Parses `input` and shows it as `date time zone` (missing parts as `-`), or the error.
    #[track_caller]
    fn check(input: &str, expect: &str) {
        let got = match parse_moment(input) {
            Ok(m) => format!(
                "{} {} {}",
                m.date.map_or("-".to_owned(), |d| d.to_string()),
                m.time,
                m.zone.map_or("-".to_owned(), |z| z.to_string())
            ),
            Err(e) => format!("error: {e}"),
        };
        assert_eq!(got, expect, "input: {input:?}");
    }

    #[track_caller]
    fn check_date(input: &str, expect: &str) {
        let got = match parse_date(input) {
            Ok(d) => d.to_string(),
            Err(e) => format!("error: {e}"),
        };
        assert_eq!(got, expect, "input: {input:?}");
    }

    #[track_caller]
    fn check_words(seconds: i64, expect: &str) {
        assert_eq!(duration_in_words(seconds), expect);
    }

    #[test]
    fn twenty_four_hour() {
        check("14:30", "- 14:30 -");
    }
    #[test]
    fn seconds() {
        check("14:30:05", "- 14:30:05 -");
    }
    #[test]
    fn single_digit_hour() {
        check("9:05", "- 09:05 -");
    }
    #[test]
    fn pm_separate() {
        check("2:15 PM", "- 14:15 -");
    }
    #[test]
    fn pm_glued() {
        check("2:15pm", "- 14:15 -");
    }
    #[test]
    fn pm_with_dots() {
        check("2:15 p.m.", "- 14:15 -");
    }
    #[test]
    fn hour_only_with_pm() {
        check("2pm", "- 14:00 -");
    }
    #[test]
    fn twelve_am_is_midnight() {
        check("12:10 AM", "- 00:10 -");
    }
    #[test]
    fn date_after_the_time() {
        check("10:15 AM PDT, Tuesday, May 7, 2024", "2024-05-07 10:15 UTC-7");
        check("22:40 UTC on October 3, 2023", "2023-10-03 22:40 UTC");
        check("9:00 on 2024-03-01", "2024-03-01 09:00 -");
        check("23:58 on 14 January 2024 UTC", "2024-01-14 23:58 UTC");
        check("2018-10-08 ~18:10", "2018-10-08 18:10 -");
        check("14:00 UTC on Mars", "error: unexpected “UTC on Mars” after the time");
    }
    #[test]
    fn numeric_dates() {
        check("02/23/20 12:00 PM PST", "2020-02-23 12:00 UTC-8");
        check_date("21/02/2024", "2024-02-21");
        check_date("2/3/2024", "2024-02-03");
        check_date("23.02.2024", "2024-02-23");
        check_date("02/30/2024", "error: there is no such day as 02/30/2024");
    }
    #[test]
    fn twelve_pm_is_noon() {
        check("12:00 PM", "- 12:00 -");
    }
    #[test]
    fn utc() {
        check("14:30 UTC", "- 14:30 UTC");
    }
    #[test]
    fn est_with_am() {
        check("10:30 AM EST", "- 10:30 UTC-5");
    }
    #[test]
    fn gmt_plus_one() {
        check("09:00 GMT+1", "- 09:00 UTC+1");
    }
    #[test]
    fn utc_minus_five() {
        check("09:00 UTC-5", "- 09:00 UTC-5");
    }
    #[test]
    fn utc_with_space_before_the_offset() {
        check("09:00 UTC +5:30", "- 09:00 UTC+05:30");
    }
    #[test]
    fn bare_offset() {
        check("09:00 +0545", "- 09:00 UTC+05:45");
    }
    #[test]
    fn iso_z() {
        check("2024-06-05T02:00Z", "2024-06-05 02:00 UTC");
    }
    #[test]
    fn iso_offset() {
        check("2024-06-05T02:00:30+02:00", "2024-06-05 02:00:30 UTC+2");
    }
    #[test]
    fn iso_without_zone() {
        check("2024-06-05T02:00", "2024-06-05 02:00 -");
    }
    #[test]
    fn date_then_time() {
        check("2024-06-05 23:10", "2024-06-05 23:10 -");
    }
    #[test]
    fn month_name_date() {
        check("March 3, 2025 02:15 AM UTC", "2025-03-03 02:15 UTC");
    }
    #[test]
    fn day_first_date() {
        check("3 Mar 2025 2:15", "2025-03-03 02:15 -");
    }
    #[test]
    fn iana_zone() {
        check("14:30 Europe/Paris", "- 14:30 Europe/Paris");
    }
    #[test]
    fn parenthesised_zone() {
        check("14:30 (UTC)", "- 14:30 UTC");
    }
    #[test]
    fn lower_case_abbreviation() {
        check("14:30 cet", "- 14:30 UTC+1");
    }
    #[test]
    fn wat_eat_aest() {
        check("8:00 WAT", "- 08:00 UTC+1");
        check("8:00 EAT", "- 08:00 UTC+3");
        check("8:00 AEST", "- 08:00 UTC+10");
    }
    #[test]
    fn empty_is_an_error() {
        check("  ", "error: nothing is written here");
    }
    #[test]
    fn words_are_not_times() {
        check(
            "soon",
            "error: “soon” is not a time: write it like 14:30, 2:15 PM, 14:30 UTC or 2024-06-05T14:30Z",
        );
    }
    #[test]
    fn bare_number_is_not_a_time() {
        check(
            "14",
            "error: “14” is not a time: write it like 14:30, 2:15 PM, 14:30 UTC or 2024-06-05T14:30Z",
        );
    }
    #[test]
    fn hour_25() {
        check("25:00", "error: “25:00”: hours go from 0 to 23, or from 1 to 12 with AM or PM");
    }
    #[test]
    fn thirteen_pm() {
        check(
            "13:00 PM",
            "error: “13:00 PM”: hours go from 0 to 23, or from 1 to 12 with AM or PM",
        );
    }
    #[test]
    fn minute_60() {
        check("14:60", "error: “14:60”: minutes and seconds go from 0 to 59");
    }
    #[test]
    fn one_digit_minutes() {
        check(
            "14:3",
            "error: “14:3” is not a time: write it like 14:30, 2:15 PM, 14:30 UTC or 2024-06-05T14:30Z",
        );
    }
    #[test]
    fn unknown_zone() {
        check(
            "14:30 XYZ",
            "error: “XYZ” is not a time zone this editor knows: write UTC, UTC+2, an abbreviation such as EST or CET, or a zone name such as Europe/Paris",
        );
    }
    #[test]
    fn trailing_words() {
        check("14:30 UTC give or take", "error: unexpected “UTC give or take” after the time");
    }
    #[test]
    fn offset_too_large() {
        check(
            "14:30 UTC+19",
            "error: “UTC+19” is not a valid offset: offsets go from -18:00 to +18:00",
        );
    }
    #[test]
    fn no_such_day() {
        check("2023-02-29 10:00", "error: there is no such day as 2023-02-29");
    }

    #[test]
    fn dates() {
        check_date("2024-06-05", "2024-06-05");
        check_date("2024/6/5", "2024-06-05");
        check_date("June 5, 2024", "2024-06-05");
        check_date("August 10th, 2024", "2024-08-10");
        check_date("Tuesday, 5 Sept 2023", "2023-09-05");
        check_date("2024-02-29", "2024-02-29");
    }
    #[test]
    fn bad_dates() {
        check_date("June 5", "error: “June 5” needs a year, e.g. June 5, 2024");
        check_date(
            "2024-13-01",
            "error: “2024-13-01” is not a date: write it like 2024-06-05 or June 5, 2024",
        );
        check_date("June 31, 2024", "error: there is no such day as June 31 2024");
        check_date(
            "2024-06-05 14:30",
            "error: “2024-06-05 14:30” is not a date: write it like 2024-06-05 or June 5, 2024",
        );
        check_date(
            "yesterday",
            "error: “yesterday” is not a date: write it like 2024-06-05 or June 5, 2024",
        );
    }

    #[test]
    fn zones() {
        assert_eq!(parse_zone("Z"), Ok(Zone::Offset(0)));
        assert_eq!(parse_zone("Etc/UTC"), Ok(Zone::Offset(0)));
        assert_eq!(parse_zone("America/New_York"), Ok(Zone::Named("America/New_York".into())));
        assert_eq!(parse_zone("−03:00"), Ok(Zone::Offset(-180)));
        assert_eq!(parse_zone("UTC+05:70"), Err(TimeError::BadOffset("UTC+05:70".into())));
        assert_eq!(parse_zone("Europe/"), Err(TimeError::UnknownZone("Europe/".into())));
        assert_eq!(parse_zone("--[x]é-"), Err(TimeError::UnknownZone("--[x]é-".into())));
        assert_eq!(parse_zone("+é5"), Err(TimeError::UnknownZone("+é5".into())));
        // US zones without their season follow daylight saving.
        assert_eq!(parse_zone("PT"), Ok(Zone::Named("America/Los_Angeles".into())));
        assert_eq!(parse_zone("et"), Ok(Zone::Named("America/New_York".into())));
        assert_eq!(parse_moment("9:02 AM PT").map(|m| m.zone.is_some()), Ok(true));
    }

    #[test]
    fn durations_in_words() {
        check_words(0, "0 minutes");
        check_words(30, "30 seconds");
        check_words(60, "1 minute");
        check_words(45 * 60, "45 minutes");
        check_words(3600, "1 hour");
        check_words(2 * 3600 + 15 * 60, "2 hours and 15 minutes");
        check_words(2 * 3600 + 15 * 60 + 59, "2 hours and 15 minutes");
        check_words(86_400, "1 day");
        check_words(27 * 3600, "1 day, 3 hours");
        check_words(2 * 86_400 + 3600 + 300, "2 days, 1 hour and 5 minutes");
        check_words(86_400 + 60, "1 day, 1 minute");
        check_words(-90 * 60, "minus 1 hour and 30 minutes");
    }

    #[test]
    fn calendar_round_trips() {
        for days in [-719_468, -1, 0, 1, 11_016, 19_723, 2_932_896] {
            assert_eq!(Date::from_days_since_epoch(days).days_since_epoch(), days);
        }
        assert_eq!(Date::new(1970, 1, 1).map(Date::days_since_epoch), Some(0));
        assert_eq!(Date::new(2000, 3, 1).map(Date::days_since_epoch), Some(11_017));
        assert_eq!(
            Date::new(2024, 12, 31).map(|d| d.add_days(1).to_string()),
            Some("2025-01-01".into())
        );
        assert_eq!(
            Date::new(2024, 3, 1).map(|d| d.add_days(-1).to_string()),
            Some("2024-02-29".into())
        );
        assert_eq!(Date::new(2100, 2, 29), None);
    }

    #[test]
    fn named_zones_go_through_the_resolver() {
        // A toy Europe/Paris: CEST from 2024-03-31 02:00 local.
        let paris = |zone: &str, local: LocalDateTime| {
            (zone == "Europe/Paris").then(|| {
                let change = LocalDateTime {
                    date: Date { year: 2024, month: 3, day: 31 },
                    time: TimeOfDay { hour: 2, minute: 0, second: 0 },
                };
                if local < change { 60 } else { 120 }
            })
        };
        let zone = Zone::Named("Europe/Paris".into());
        let at = |h| LocalDateTime {
            date: Date { year: 2024, month: 3, day: 31 },
            time: TimeOfDay { hour: h, minute: 0, second: 0 },
        };
        let one = zone.instant(at(1), &paris).unwrap();
        let four = zone.instant(at(4), &paris).unwrap();
        assert_eq!(four - one, 2 * 3600, "one hour is skipped at the change");
        assert_eq!(zone.local_at(four, &paris), Ok(at(4)));
        assert_eq!(
            zone.instant(at(1), &FixedOnly),
            Err(TimeError::UnresolvedZone("Europe/Paris".into()))
        );
    }
}
