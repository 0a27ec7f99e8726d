//! Reading a timeline out of pasted text: an incident channel (Slack, Teams, IRC/Matrix,
//! Discord, Mattermost), a pager's incident log (PagerDuty, Opsgenie; copied or as CSV), log
//! lines (ISO 8601, syslog, journald, access logs, `kubectl get events`), a CSV with a time
//! column, or plain notes (`- 10:15 first customer ticket`).
//!
//! [`read`] **never fails**: every line of the input ends up either in exactly one
//! [`PastedEntry`] (its `lines`) or in [`Pasted::skipped`] with the [`Reason`] (empty, a join, a
//! reaction, a date separator, a zone note, a heading, no time before it...). The caller shows
//! both; nothing is silently dropped.
//!
//! Dates carry over from a separator (`Today`, `Tuesday, June 17th`) or an earlier stamp; a
//! time that is more than 12 hours earlier than the one before it is on the next day. A zone
//! note (`All times in CET`, `times UTC+2`) applies to the lines after it; a line's own zone
//! comes first, then the last note, then [`PasteOptions::zone`]. Consecutive chat messages of
//! one author within a minute become one entry. Each entry gets a suggested [`EntryKind`] from
//! its words ([`suggest_kind`]).
//!
//! [`insert`] turns the chosen entries into one [`Edit`] (a batch of adds, one undo step) that
//! places them among the document's entries in time order.

pub mod shell;
mod stamp;
mod table;

use crate::model::resolve::{self, Instant};
use crate::model::time::{
    Date, LocalDateTime, TimeOfDay, Zone, ZoneResolver, parse_date, parse_zone,
};
use crate::model::{Edit, EntryKind, Item, Postmortem, TimelineEntry};
use stamp::{Day, Stamp};
use std::fmt;

/// What the caller knows that the text may not say.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PasteOptions {
    /// The zone of times that state none (before any zone note).
    pub zone: Option<Zone>,
    /// The incident date: the year of dates written without one (syslog, `June 17th`).
    pub date: Option<Date>,
    /// Today, for `Today` and `Yesterday`.
    pub today: Option<Date>,
    /// When the text was copied, for relative ages (`kubectl get events`: `5m`).
    pub now: Option<LocalDateTime>,
}

/// One entry read from the pasted text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PastedEntry {
    /// The date, when the text gives or implies one.
    pub date: Option<Date>,
    /// Midnights crossed since the first line, for entries without a date.
    pub day: u32,
    /// The time of day.
    pub time: TimeOfDay,
    /// The zone, when the line, a note or the caller gives one.
    pub zone: Option<Zone>,
    /// Who wrote or did it, when the text says.
    pub who: Option<String>,
    /// What happened (several lines when a message has several).
    pub text: String,
    /// The kind suggested by the words.
    pub kind: Option<EntryKind>,
    /// The input lines (1-based) the entry was read from.
    pub lines: Vec<usize>,
}

/// Why a line is not in any entry.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Reason {
    /// Nothing on it.
    Empty,
    /// Someone joined or left, or the channel changed.
    JoinOrLeave,
    /// Emoji reactions.
    Reaction,
    /// Text of the chat program itself (`2 replies`, `View thread`, `New messages`).
    Interface,
    /// A log's own marker (`-- Boot 3f2a --`).
    LogMarker,
    /// A date that dates the lines under it.
    DateSeparator(Option<Date>),
    /// A note stating the zone of the lines after it.
    ZoneNote(Zone),
    /// A table's heading row.
    Headings,
    /// No time on it and no timed line above it to belong to.
    NoTime,
    /// A relative age (`5m`) without the time the text was copied.
    NoCopyTime,
    /// A time with no message after it.
    NoMessage,
    /// A table row whose time cell is not a time.
    BadRow,
}

impl fmt::Display for Reason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Reason::Empty => f.write_str("empty line"),
            Reason::JoinOrLeave => f.write_str("someone joined or left"),
            Reason::Reaction => f.write_str("reactions"),
            Reason::Interface => f.write_str("chat interface text"),
            Reason::LogMarker => f.write_str("log marker"),
            Reason::DateSeparator(Some(d)) => write!(f, "date: {d}"),
            Reason::DateSeparator(None) => {
                f.write_str("a date without its year: choose the incident date")
            }
            Reason::ZoneNote(z) => write!(f, "times after this are in {z}"),
            Reason::Headings => f.write_str("column headings"),
            Reason::NoTime => f.write_str("no time on or above this line"),
            Reason::NoCopyTime => {
                f.write_str("a relative age: say when the text was copied to read it")
            }
            Reason::NoMessage => f.write_str("a time with no message"),
            Reason::BadRow => f.write_str("the time column is not a time"),
        }
    }
}

/// A line left out, with why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Skipped {
    /// Its number (1-based).
    pub line: usize,
    /// Its text.
    pub text: String,
    /// Why it is in no entry.
    pub reason: Reason,
}

/// What [`read`] found.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Pasted {
    /// The entries, in the order of the text.
    pub entries: Vec<PastedEntry>,
    /// The lines in no entry, in order.
    pub skipped: Vec<Skipped>,
}

/// Reads pasted text into timeline entries. Never fails: every line is in one entry or in
/// `skipped` with its reason.
pub fn read(text: &str, options: &PasteOptions) -> Pasted {
    let lines: Vec<&str> = text.lines().collect();
    let mut r = Reader {
        opts: options,
        date: None,
        day: 0,
        last_secs: None,
        zone: None,
        author: None,
        authors: Vec::new(),
        drafts: Vec::new(),
        skipped: Vec::new(),
        open: false,
        pending: None,
        table: None,
        kube: None,
    };
    for (i, raw) in lines.iter().enumerate() {
        r.line(&lines, i, raw);
    }
    r.finish(&lines)
}

/// An entry being built.
struct Draft {
    entry: PastedEntry,
    /// From a chat (merges with the same author's next message within a minute).
    chat: bool,
}

struct Reader<'o> {
    opts: &'o PasteOptions,
    date: Option<Date>,
    day: u32,
    last_secs: Option<i64>,
    zone: Option<Zone>,
    author: Option<String>,
    authors: Vec<String>,
    drafts: Vec<Draft>,
    skipped: Vec<Skipped>,
    /// Whether lines without a time continue the last entry.
    open: bool,
    /// A name line waiting for the time on the next line (Mattermost): the name and line number.
    pending: Option<(String, usize)>,
    table: Option<(table::Columns, Option<Zone>)>,
    kube: Option<table::Kube>,
}

impl Reader<'_> {
    fn skip(&mut self, no: usize, raw: &str, reason: Reason) {
        self.skipped.push(Skipped { line: no, text: raw.to_owned(), reason });
    }

    fn line(&mut self, lines: &[&str], i: usize, raw: &str) {
        let no = i + 1;
        let line = raw.trim();
        if line.is_empty() {
            return self.skip(no, raw, Reason::Empty);
        }
        if let Some(reason) = noise(line) {
            return self.skip(no, raw, reason);
        }
        if let Some(cols) = table::heading(line) {
            let zone = table::heading_zone(line, &cols).and_then(|z| parse_zone(&z).ok());
            self.table = Some((cols, zone));
            self.open = false;
            return self.skip(no, raw, Reason::Headings);
        }
        if let Some(kube) = table::kube_heading(line) {
            self.kube = Some(kube);
            self.open = false;
            return self.skip(no, raw, Reason::Headings);
        }
        if self.kube.is_some() && self.kube_row(no, raw) {
            return;
        }
        if self.table.is_some() && self.table_row(no, raw, line) {
            return;
        }
        if let Some(zone) = zone_note(line) {
            self.zone = Some(zone.clone());
            return self.skip(no, raw, Reason::ZoneNote(zone));
        }
        if let Some(day) = stamp::date_line(line) {
            let date = self.day_of(day);
            if date.is_some() {
                self.date = date;
                self.day = 0;
            }
            self.last_secs = None;
            self.open = false;
            return self.skip(no, raw, Reason::DateSeparator(date));
        }
        if let Some((stamp, rest)) = stamp::leading(without_marker(line)) {
            let rest = strip_separator(rest);
            if rest.is_empty() {
                // A time alone: the message follows on the next lines (Slack, Discord, pager pages).
                let (who, mut nos) = match self.pending.take() {
                    Some((name, at)) => (Some(name), vec![at]),
                    None => (self.author.clone(), Vec::new()),
                };
                nos.push(no);
                let chat = who.is_some();
                self.push(stamp, who, String::new(), nos, chat);
                return;
            }
            self.author = None;
            let (who, text, chat) = split_who(rest);
            if let Some(reason) = noise(text) {
                return self.skip(no, raw, reason);
            }
            if chat && let Some(w) = &who {
                self.know(w);
            }
            self.push(stamp, who, clean(text).to_owned(), vec![no], chat);
            return;
        }
        if let Some((stamp, text)) = access_log(line) {
            self.author = None;
            self.push(stamp, None, text, vec![no], false);
            return;
        }
        if let Some((name, stamp)) = stamp::trailing(line) {
            let name = header_name(name);
            if name_like(name) {
                let name = name.to_owned();
                self.know(&name);
                self.author = Some(name.clone());
                self.push(stamp, Some(name), String::new(), vec![no], true);
                return;
            }
        }
        let waiting = self.open && self.drafts.last().is_some_and(|d| d.entry.text.is_empty());
        if !waiting && name_like(line) && suggest_kind(line).is_none() && time_alone_next(lines, i)
        {
            let after_gap = i == 0 || lines[i - 1].trim().is_empty();
            if after_gap || self.authors.iter().any(|a| a == line) || !self.open {
                if let Some((_, at)) = self.pending.take() {
                    self.skip(at, lines[at - 1], Reason::NoTime);
                }
                self.know(line);
                self.author = Some(line.to_owned());
                self.pending = Some((line.to_owned(), no));
                return;
            }
        }
        match self.drafts.last_mut() {
            Some(d) if self.open => {
                let text = clean(line);
                if !d.entry.text.is_empty() {
                    d.entry.text.push('\n');
                }
                d.entry.text.push_str(text);
                d.entry.lines.push(no);
            }
            _ => self.skip(no, raw, Reason::NoTime),
        }
    }

    fn know(&mut self, name: &str) {
        if !self.authors.iter().any(|a| a == name) {
            self.authors.push(name.to_owned());
        }
    }

    /// The date a stamp's or separator's day stands for.
    fn day_of(&self, day: Day) -> Option<Date> {
        match day {
            Day::Full(d) => Some(d),
            Day::NoYear(m, d) => {
                let year = self.date.or(self.opts.date).or(self.opts.today).map(|d| d.year)?;
                Date::new(year, m, d)
            }
            Day::Relative(n) => self.opts.today.map(|t| t.add_days(n)),
        }
    }

    /// Starts an entry at `stamp`.
    fn push(
        &mut self,
        stamp: Stamp,
        who: Option<String>,
        text: String,
        lines: Vec<usize>,
        chat: bool,
    ) {
        let mut stamp = stamp;
        // `2:20` under `2:15 PM` (a chat's continuation stamps drop the PM): the afternoon.
        if stamp.twelve
            && let Some(last) = self.last_secs
            && (1..12).contains(&stamp.time.hour)
            && last >= 12 * 3600
            && (0..=3 * 3600).contains(&(stamp.time.seconds() + 12 * 3600 - last))
        {
            stamp.time.hour += 12;
        }
        let secs = stamp.time.seconds();
        match stamp.day.map(|d| self.day_of(d)) {
            Some(Some(date)) => {
                self.date = Some(date);
                self.day = 0;
            }
            Some(None) => {}
            None => {
                if self.last_secs.is_some_and(|last| last - secs > 12 * 3600) {
                    match self.date {
                        Some(d) => self.date = Some(d.add_days(1)),
                        None => self.day = self.day.saturating_add(1),
                    }
                }
            }
        }
        self.last_secs = Some(secs);
        let zone = stamp.zone.or_else(|| self.zone.clone()).or_else(|| self.opts.zone.clone());
        let entry = PastedEntry {
            date: self.date,
            day: if self.date.is_some() { 0 } else { self.day },
            time: stamp.time,
            zone,
            who,
            text,
            kind: None,
            lines,
        };
        self.drafts.push(Draft { entry, chat });
        self.open = true;
    }

    /// A row under a `kubectl get events` heading; false when the line is not one.
    fn kube_row(&mut self, no: usize, raw: &str) -> bool {
        let Some((age, text)) = self.kube.as_ref().and_then(|k| k.row(raw.trim_end())) else {
            return false;
        };
        let Some(age) = age else {
            self.skip(no, raw, Reason::BadRow);
            return true;
        };
        let Some(now) = self.opts.now else {
            self.skip(no, raw, Reason::NoCopyTime);
            return true;
        };
        let at = LocalDateTime::from_wall_seconds(now.wall_seconds() - age);
        let stamp =
            Stamp { day: Some(Day::Full(at.date)), time: at.time, zone: None, twelve: false };
        self.push(stamp, None, text, vec![no], false);
        self.open = false;
        true
    }

    /// A row under a table heading; false when the line is not one.
    fn table_row(&mut self, no: usize, raw: &str, line: &str) -> bool {
        let Some((cols, heading_zone)) = self.table.clone() else { return false };
        let cells = table::cells(line, cols.sep);
        if cells.len() < 2 {
            return false;
        }
        let time = cells.get(cols.time).map_or("", String::as_str);
        let written = match cols.date.and_then(|d| cells.get(d)) {
            Some(date) => format!("{date} {time}"),
            None => time.to_owned(),
        };
        let Some(mut stamp) = stamp::read(&written) else {
            self.skip(no, raw, Reason::BadRow);
            return true;
        };
        if stamp.zone.is_none() {
            stamp.zone = heading_zone;
        }
        let who = cols.who.and_then(|w| cells.get(w)).filter(|w| !w.is_empty()).cloned();
        let text = match cols.text.and_then(|t| cells.get(t)) {
            Some(t) if !t.is_empty() => t.clone(),
            _ => cells
                .iter()
                .enumerate()
                .filter(|(i, c)| {
                    Some(*i) != Some(cols.time)
                        && Some(*i) != cols.date
                        && Some(*i) != cols.who
                        && !c.is_empty()
                })
                .map(|(_, c)| c.as_str())
                .collect::<Vec<_>>()
                .join(" · "),
        };
        // The other cells (an event type such as `trigger`) still count for the kind.
        let extra: Vec<&str> = cells
            .iter()
            .enumerate()
            .filter(|(i, _)| Some(*i) != cols.text && *i != cols.time && Some(*i) != cols.who)
            .map(|(_, c)| c.as_str())
            .collect();
        self.push(stamp, who, text, vec![no], false);
        if let Some(d) = self.drafts.last_mut() {
            d.entry.kind = suggest_kind(&d.entry.text).or_else(|| suggest_kind(&extra.join(" ")));
        }
        self.open = false;
        true
    }

    fn finish(mut self, lines: &[&str]) -> Pasted {
        let text_of = |no: usize| lines.get(no.wrapping_sub(1)).copied().unwrap_or("").to_owned();
        if let Some((_, at)) = self.pending.take() {
            self.skipped.push(Skipped { line: at, text: text_of(at), reason: Reason::NoTime });
        }
        let mut entries: Vec<Draft> = Vec::with_capacity(self.drafts.len());
        for d in self.drafts {
            if d.entry.text.trim().is_empty() {
                for &line in &d.entry.lines {
                    self.skipped.push(Skipped {
                        line,
                        text: text_of(line),
                        reason: Reason::NoMessage,
                    });
                }
                continue;
            }
            if let Some(prev) = entries.last_mut()
                && prev.chat
                && d.chat
                && prev.entry.who.is_some()
                && prev.entry.who == d.entry.who
                && prev.entry.date == d.entry.date
                && prev.entry.day == d.entry.day
                && (0..=60).contains(&(d.entry.time.seconds() - prev.entry.time.seconds()))
            {
                prev.entry.text.push('\n');
                prev.entry.text.push_str(&d.entry.text);
                prev.entry.lines.extend(d.entry.lines);
                continue;
            }
            entries.push(d);
        }
        let entries = entries
            .into_iter()
            .map(|d| {
                let mut e = d.entry;
                if e.kind.is_none() {
                    e.kind = suggest_kind(&e.text);
                }
                e
            })
            .collect();
        crate::sort::sort_by_key(&mut self.skipped, |s| s.line);
        Pasted { entries, skipped: self.skipped }
    }
}

/// A line without its list marker (`- `, `* `, `• `, `+ `), when a time follows it.
fn without_marker(line: &str) -> &str {
    for marker in ["- ", "* ", "• ", "+ "] {
        if let Some(rest) = line.strip_prefix(marker)
            && rest.trim_start().starts_with(|c: char| c.is_ascii_digit() || c == '[')
        {
            return rest.trim_start();
        }
    }
    line
}

/// Whether the next non-empty line after `i` is a time alone.
fn time_alone_next(lines: &[&str], i: usize) -> bool {
    lines[i + 1..]
        .iter()
        .map(|l| l.trim())
        .find(|l| !l.is_empty())
        .and_then(stamp::leading)
        .is_some_and(|(_, rest)| strip_separator(rest).is_empty())
}

/// Removes what separates a stamp from its text: `-`, `–`, `—`, `:`, `|`, `>`.
fn strip_separator(rest: &str) -> &str {
    let r = rest.trim_start();
    for sep in ["->", "—", "–", "-", ":", "|", "]"] {
        if let Some(after) = r.strip_prefix(sep)
            && (after.is_empty() || after.starts_with(char::is_whitespace))
        {
            return after.trim();
        }
    }
    r.trim()
}

/// Chat program decoration around a message: a trailing `(edited)`.
fn clean(text: &str) -> &str {
    let t = text.trim();
    t.strip_suffix("(edited)").map_or(t, str::trim_end)
}

/// The name in a chat header, without its decoration (`Ana Souza  `, `Ana — `, `PagerDuty APP`).
fn header_name(name: &str) -> &str {
    let mut n = name.trim().trim_end_matches(['—', '–', '-', '|', ',', '[', '(']).trim_end();
    for badge in [" APP", " BOT", " (bot)"] {
        n = n.strip_suffix(badge).map_or(n, str::trim_end);
    }
    n
}

/// Whether `text` looks like a person's name or a handle: `Ana Souza`, `ben.ito`, `@carla`.
fn name_like(text: &str) -> bool {
    let t = text.trim();
    if t.is_empty() || t.len() > 40 {
        return false;
    }
    let words: Vec<&str> = t.split_whitespace().collect();
    let capitalised = |w: &str| {
        w.starts_with(|c: char| c.is_uppercase())
            && w.chars().all(|c| c.is_alphabetic() || matches!(c, '-' | '\'' | '.'))
    };
    let handle = |w: &str| {
        w.chars().any(char::is_alphabetic)
            && w.chars().all(|c| c.is_alphanumeric() || matches!(c, '.' | '_' | '-' | '@'))
            && (w.starts_with('@')
                || w.contains(['.', '_', '-'])
                || w.starts_with(char::is_uppercase))
    };
    match words.len() {
        1 => capitalised(words[0]) || handle(words[0]),
        2..=4 => words.iter().all(|w| capitalised(w)),
        _ => false,
    }
}

/// Who wrote a chat or log line, and its text: `<nick> text`, `* nick waves`,
/// `Ana Souza: text`, `web01 sshd[211]: text` (who is the process). The flag says a chat.
fn split_who(rest: &str) -> (Option<String>, &str, bool) {
    if let Some(inner) = rest.strip_prefix('<')
        && let Some(close) = inner.find('>')
    {
        let nick = inner[..close].trim_start_matches(['@', '+', '%', '~', '&']);
        let nick = nick.split(':').next().unwrap_or(nick);
        if !nick.is_empty() && !nick.contains(char::is_whitespace) {
            return (Some(nick.to_owned()), inner[close + 1..].trim(), true);
        }
    }
    if let Some(action) = rest.strip_prefix("* ")
        && let Some((nick, text)) = action.split_once(' ')
    {
        return (Some(nick.to_owned()), text.trim(), true);
    }
    if let Some(colon) = rest.find(": ").or_else(|| rest.strip_suffix(':').map(str::len)) {
        let head = rest[..colon].trim();
        let text = rest[colon + 1..].trim();
        if name_like(head) && !is_level(head) && suggest_kind(head).is_none() {
            return (Some(head.to_owned()), text, true);
        }
        let words: Vec<&str> = head.split_whitespace().collect();
        let host = |w: &str| w.contains(|c: char| c.is_ascii_digit() || c == '-' || c == '.');
        if words.len() == 2
            && !is_level(words[0])
            && process(words[1])
            && (words[1].contains('[') || host(words[0]))
        {
            let proc = words[1].split('[').next().unwrap_or(words[1]);
            return (Some(proc.to_owned()), text, false);
        }
    }
    (None, rest, false)
}

fn is_level(word: &str) -> bool {
    let w = word.trim_matches(['[', ']']).to_ascii_uppercase();
    matches!(
        w.as_str(),
        "INFO"
            | "WARN"
            | "WARNING"
            | "ERROR"
            | "ERR"
            | "DEBUG"
            | "FATAL"
            | "CRIT"
            | "NOTICE"
            | "TRACE"
    )
}

/// `sshd[211]`, `kernel`, `systemd`, `app.service`.
fn process(word: &str) -> bool {
    let (name, pid) = match word.split_once('[') {
        Some((n, p)) => (n, Some(p)),
        None => (word, None),
    };
    !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-' | '/' | '@'))
        && pid.is_none_or(|p| {
            p.strip_suffix(']')
                .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
        })
}

/// An access log line: `203.0.113.9 - - [18/Jun/2025:14:32:05 +0000] "GET /x HTTP/1.1" 502 157`
/// → the stamp and `GET /x 502`.
fn access_log(line: &str) -> Option<(Stamp, String)> {
    let open = line.find(" [")?;
    let close = open + line[open..].find("] \"")?;
    let stamp = stamp::read(&line[open + 2..close])?;
    let after = &line[close + 3..];
    let end = after.find('"')?;
    let request = &after[..end];
    let mut parts = request.split_whitespace();
    let (method, path) = (parts.next().unwrap_or("-"), parts.next().unwrap_or(""));
    let status = after[end + 1..].split_whitespace().next().unwrap_or("");
    let text = [method, path, status].iter().filter(|s| !s.is_empty()).copied().collect::<Vec<_>>();
    Some((stamp, text.join(" ")))
}

/// Lines that are no message: joins and leaves, reactions, the chat program's own text, log
/// markers.
fn noise(line: &str) -> Option<Reason> {
    let lower = line.to_lowercase();
    const JOINS: [&str; 12] = [
        " has joined",
        " joined the channel",
        " joined #",
        " has left",
        " left the channel",
        " left #",
        " was added to #",
        " has quit",
        " set the channel",
        " changed the channel",
        " joined the room",
        " left the room",
    ];
    let may_join =
        ["join", "left", "quit", "added", "channel", "room"].iter().any(|w| lower.contains(w));
    if may_join && JOINS.iter().any(|j| lower.contains(j) || lower.starts_with(&j[1..]))
        || lower.starts_with("-!-")
        || lower.starts_with("*** ")
        || lower.starts_with("--> ")
        || lower.starts_with("<-- ")
        || lower == "joined"
        || lower == "left"
    {
        return Some(Reason::JoinOrLeave);
    }
    const INTERFACE: [&str; 8] = [
        "view thread",
        "new messages",
        "show more",
        "(edited)",
        "also sent to the channel",
        "replied to a thread:",
        "last reply",
        "new",
    ];
    let replies = lower.split_once(' ').is_some_and(|(n, w)| {
        n.bytes().all(|b| b.is_ascii_digit())
            && (w == "reply"
                || w == "replies"
                || w.starts_with("replies ")
                || w.starts_with("reply "))
    });
    if replies
        || INTERFACE
            .iter()
            .any(|t| lower == *t || (t.len() > 4 && lower.starts_with(t) && *t == "last reply"))
    {
        return Some(Reason::Interface);
    }
    if line.starts_with("-- ") && line.ends_with(" --") {
        return Some(Reason::LogMarker);
    }
    if reactions(line) {
        return Some(Reason::Reaction);
    }
    None
}

/// `:eyes: 2`, `👍 3 🎉 1`, `:white_check_mark::+1: 4`.
fn reactions(line: &str) -> bool {
    let mut emoji = false;
    for word in line.split_whitespace() {
        if word.bytes().all(|b| b.is_ascii_digit()) {
            continue;
        }
        let shortcodes = word.len() > 2
            && word.starts_with(':')
            && word.ends_with(':')
            && word
                .split(':')
                .all(|p| p.chars().all(|c| c.is_ascii_alphanumeric() || "_+-".contains(c)));
        let symbols = word.chars().all(|c| !c.is_ascii() && !c.is_alphanumeric());
        if !(shortcodes || symbols) {
            return false;
        }
        emoji = true;
    }
    emoji
}

/// A short note that states the zone of the times after it: `All times in CET`,
/// `times UTC+2`, `Timezone: America/New_York`.
fn zone_note(line: &str) -> Option<Zone> {
    if line.len() > 60
        || line.contains(|c: char| c.is_ascii_digit())
            && line.contains(':')
            && !line.contains("UTC")
    {
        return None;
    }
    let lower = line.to_lowercase();
    if !(lower.contains("time") || lower.contains("zone")) {
        return None;
    }
    if stamp::leading(line).is_some() {
        return None;
    }
    line.split(|c: char| c.is_whitespace() || matches!(c, '(' | ')' | ',' | ';'))
        .map(|w| w.trim_end_matches(['.', ':']))
        .filter(|w| {
            w.len() >= 2
                && (w.contains('/')
                    || w.chars().all(|c| {
                        c.is_ascii_uppercase() || c.is_ascii_digit() || matches!(c, '+' | '-' | ':')
                    }))
                && w.starts_with(|c: char| c.is_ascii_uppercase() || c == '+' || c == '-')
        })
        .find_map(|w| parse_zone(w).ok())
}

/// The kind an entry's words suggest, if any: fired, triggered, alert → detection;
/// acknowledged, ack → acknowledgement; paging, escalated → escalation; investigating →
/// investigation; root cause → cause identified; rolled back, failover, mitigated →
/// mitigation; resolved, all clear, closing → resolution. The later stages win (`Alert
/// resolved` is a resolution).
pub fn suggest_kind(text: &str) -> Option<EntryKind> {
    use EntryKind::*;
    // The stages in order of precedence; a later stage found anywhere wins.
    const ORDER: [EntryKind; 7] = [
        Resolution,
        Mitigation,
        CauseIdentified,
        Escalation,
        Acknowledgement,
        Detection,
        Investigation,
    ];
    let lower = text.to_lowercase();
    let mut best: Option<usize> = None;
    let mut found = |kind: EntryKind| {
        let rank = ORDER.iter().position(|k| *k == kind).unwrap_or(ORDER.len());
        best = Some(best.map_or(rank, |b| b.min(rank)));
    };
    for word in lower.split(|c: char| !(c.is_alphanumeric() || c == '\'')) {
        match word {
            "resolved" | "resolve" | "resolves" | "resolving" | "closing" | "closed" => {
                found(Resolution)
            }
            "mitigated" | "mitigation" | "mitigating" | "failover" | "rollback" | "reverted" => {
                found(Mitigation)
            }
            "escalated" | "escalate" | "escalates" | "escalating" | "escalation" | "paging"
            | "paged" => found(Escalation),
            "acknowledged" | "acknowledge" | "acknowledges" | "ack" | "acks" | "acked"
            | "acking" => found(Acknowledgement),
            "fired" | "fires" | "firing" | "triggered" | "trigger" | "alert" | "alerts"
            | "alerting" | "alarm" => found(Detection),
            "investigating" | "investigate" | "looking" => found(Investigation),
            _ => {}
        }
    }
    const PHRASES: [(&str, EntryKind); 10] = [
        ("all clear", Resolution),
        ("all-clear", Resolution),
        ("rolled back", Mitigation),
        ("rolling back", Mitigation),
        ("failed over", Mitigation),
        ("roll back", Mitigation),
        ("root cause", CauseIdentified),
        ("found the cause", CauseIdentified),
        ("cause is", CauseIdentified),
        ("cause was", CauseIdentified),
    ];
    if lower.contains(' ') {
        for (phrase, kind) in PHRASES {
            if lower.contains(phrase) {
                found(kind);
            }
        }
    }
    best.map(|b| ORDER[b])
}

/// The timeline entry for a pasted one, in `doc`: the time with its date when that is not the
/// document's date and its zone when that is not the document's zone; the text after who
/// wrote it.
pub fn timeline_entry(doc: &Postmortem, e: &PastedEntry) -> TimelineEntry {
    let doc_date = parse_date(doc.date.trim()).ok();
    let doc_zone = parse_zone(doc.zone.trim()).ok().unwrap_or(Zone::Offset(0));
    let mut time = String::new();
    if let Some(d) = e.date
        && Some(d) != doc_date
    {
        time.push_str(&format!("{d} "));
    }
    time.push_str(&e.time.to_string());
    if let Some(z) = &e.zone
        && *z != doc_zone
    {
        time.push_str(&format!(" {z}"));
    }
    let text = match &e.who {
        Some(who) if !e.text.starts_with(who.as_str()) => format!("{who}: {}", e.text),
        _ => e.text.clone(),
    };
    TimelineEntry { time, text, kind: e.kind, ..TimelineEntry::default() }
}

/// The date used for entries and documents without one (only order matters then).
const NOMINAL_DATE: Date = Date { year: 2000, month: 1, day: 1 };

/// One edit (undone in one step) that adds `entries` to `doc`'s timeline in time order: each
/// goes before the first entry of the document that is later than it, the pasted ones sorted
/// by time among themselves (the text's order on a tie). Entries of the document are not
/// moved. An empty list gives the edit that changes nothing.
pub fn insert(doc: &Postmortem, entries: &[PastedEntry], zones: &dyn ZoneResolver) -> Edit {
    let doc_date = parse_date(doc.date.trim()).ok();
    let doc_zone = parse_zone(doc.zone.trim()).ok().unwrap_or(Zone::Offset(0));
    let instant = |e: &PastedEntry| -> Option<Instant> {
        let date = e.date.or(doc_date).unwrap_or(NOMINAL_DATE).add_days(i64::from(e.day));
        let zone = e.zone.clone().unwrap_or_else(|| doc_zone.clone());
        zone.instant(LocalDateTime { date, time: e.time }, zones).ok()
    };
    let mut order: Vec<(Option<Instant>, usize)> =
        entries.iter().enumerate().map(|(i, e)| (instant(e), i)).collect();
    // Entries whose time cannot be placed go last, in the text's order.
    crate::sort::sort_by_key(&mut order, |(at, i)| (at.is_none(), *at, *i));
    let existing: Vec<Option<Instant>> = resolve::resolve(doc, zones)
        .entries
        .iter()
        .map(|e| e.instant.clone().and_then(Result::ok))
        .collect();
    let mut edits = Vec::with_capacity(entries.len());
    for (rank, (at, i)) in order.into_iter().enumerate() {
        let before = at
            .and_then(|at| existing.iter().position(|x| x.is_some_and(|x| x > at)))
            .unwrap_or(existing.len());
        edits.push(Edit::Add {
            index: before + rank,
            item: Item::Entry(timeline_entry(doc, &entries[i])),
        });
    }
    Edit::Batch(edits)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{apply, time::FixedOnly};

    fn doc_with(times: &[&str]) -> Postmortem {
        let mut doc = Postmortem { date: "2025-06-18".into(), ..Postmortem::default() };
        for t in times {
            apply(
                &mut doc,
                Edit::Add { index: usize::MAX, item: Item::Entry(TimelineEntry::new(t, t)) },
            );
        }
        doc
    }

    fn times(doc: &Postmortem) -> Vec<String> {
        doc.timeline.iter().map(|e| e.time.clone()).collect()
    }

    #[test]
    fn inserts_in_time_order_as_one_undo_step() {
        let mut doc = doc_with(&["14:00", "14:30", "15:00"]);
        let before = doc.clone();
        let pasted = read("14:45 second\n14:10 first\n16:00 last\n", &PasteOptions::default());
        let edit = insert(&doc, &pasted.entries, &FixedOnly);
        let undo = apply(&mut doc, edit);
        assert_eq!(times(&doc), ["14:00", "14:10", "14:30", "14:45", "15:00", "16:00"]);
        assert_eq!(doc.timeline[1].text, "first");
        apply(&mut doc, undo);
        assert_eq!(doc, before);
    }

    #[test]
    fn other_dates_and_zones_are_written_out() {
        let mut doc = doc_with(&["23:00"]);
        let pasted = read("2025-06-19T00:10:00+02:00 db failover\n", &PasteOptions::default());
        let edit = insert(&doc, &pasted.entries, &FixedOnly);
        apply(&mut doc, edit);
        // 00:10 at UTC+2 is 22:10 UTC on the 18th: before the 23:00 entry.
        assert_eq!(times(&doc), ["2025-06-19 00:10 UTC+2", "23:00"]);
        assert_eq!(doc.timeline[0].kind, Some(EntryKind::Mitigation));
    }

    #[test]
    fn nothing_to_insert_changes_nothing() {
        let doc = doc_with(&["14:00"]);
        assert!(insert(&doc, &[], &FixedOnly).is_nothing());
    }

    #[test]
    fn who_goes_before_the_text() {
        let doc = doc_with(&[]);
        let pasted = read("[14:32] <ana> acking the page\n", &PasteOptions::default());
        let e = timeline_entry(&doc, &pasted.entries[0]);
        assert_eq!((e.time.as_str(), e.text.as_str()), ("14:32", "ana: acking the page"));
        assert_eq!(e.kind, Some(EntryKind::Acknowledgement));
    }

    #[test]
    fn kinds() {
        let k = |t: &str| suggest_kind(t).map(EntryKind::label);
        assert_eq!(k("High error rate alert fired"), Some("detection"));
        assert_eq!(k("Acknowledged by Ben"), Some("acknowledgement"));
        assert_eq!(k("Escalated to the database team"), Some("escalation"));
        assert_eq!(k("rolled back to v41"), Some("mitigation"));
        assert_eq!(k("all clear, closing the incident"), Some("resolution"));
        assert_eq!(k("Alert resolved"), Some("resolution"));
        assert_eq!(k("unresolvedness is not a word"), None);
        assert_eq!(k("coffee"), None);
    }
}
