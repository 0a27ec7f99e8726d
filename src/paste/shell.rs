//! What the paste dialog and the live-note button need decided, with the clock passed in: the
//! reader's options for a document at a moment, the time a live note is stamped with, and the
//! text of a dropped file (or why it is refused).

use super::PasteOptions;
use crate::markdown::import::Undecodable;
use crate::model::Postmortem;
use crate::model::resolve::Instant;
use crate::model::time::{Zone, ZoneResolver, parse_date, parse_zone};
use std::fmt;

/// The largest file read into the paste dialog (the Markdown import's limit too).
pub const MAX_FILE_BYTES: usize = 2 * 1024 * 1024;

/// The document's zone, when it states one the resolver knows; `None` means UTC.
fn doc_zone(doc: &Postmortem, now: Instant, zones: &dyn ZoneResolver) -> Option<Zone> {
    let zone = parse_zone(doc.zone.trim()).ok()?;
    zone.local_at(now, zones).is_ok().then_some(zone)
}

/// The reader's options for `doc` at `now`: times without a zone are in `zone` (the user's
/// choice) or else the document's zone; dates without a year take the incident date's; `Today`
/// and relative ages count from `now` on that zone's clock.
pub fn options(
    doc: &Postmortem,
    zone: Option<Zone>,
    now: Instant,
    zones: &dyn ZoneResolver,
) -> PasteOptions {
    let zone = zone
        .filter(|z| z.local_at(now, zones).is_ok())
        .or_else(|| doc_zone(doc, now, zones))
        .unwrap_or(Zone::Offset(0));
    let local = zone.local_at(now, zones).ok();
    PasteOptions {
        date: parse_date(doc.date.trim()).ok(),
        today: local.map(|l| l.date),
        now: local,
        zone: Some(zone),
    }
}

/// The time a live note is stamped with: `now` on the document's clock, to the minute, as a
/// person would type it (`14:32`). The date goes in front when the document has one and it is
/// another day (`2025-06-19 00:05`); a zone the browser cannot resolve is replaced by UTC,
/// written out (`14:32 UTC`).
pub fn live_time(doc: &Postmortem, now: Instant, zones: &dyn ZoneResolver) -> String {
    let known = doc_zone(doc, now, zones);
    let stated = !doc.zone.trim().is_empty();
    let zone = known.clone().unwrap_or(Zone::Offset(0));
    // UTC always resolves.
    let Ok(local) = zone.local_at(now, zones) else { return String::new() };
    let mut time = String::new();
    if parse_date(doc.date.trim()).is_ok_and(|d| d != local.date) {
        time.push_str(&format!("{} ", local.date));
    }
    time.push_str(&format!("{:02}:{:02}", local.time.hour, local.time.minute));
    if stated && known.is_none() {
        time.push_str(" UTC");
    }
    time
}

/// Why a dropped file is not read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FileRefusal {
    /// No bytes, or only white space.
    Empty,
    /// Not text (an image, a PDF, a zip...).
    NotText,
    /// Larger than [`MAX_FILE_BYTES`].
    TooLarge(usize),
}

impl fmt::Display for FileRefusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FileRefusal::Empty => f.write_str("the file is empty"),
            FileRefusal::NotText => f.write_str(
                "the file is not text (an image, a PDF?): drop a .txt, .log or .csv file",
            ),
            FileRefusal::TooLarge(n) => write!(
                f,
                "the file is {} MB; files over {} MB are not read",
                crate::model::decimal::megabytes(*n),
                MAX_FILE_BYTES / (1024 * 1024)
            ),
        }
    }
}

/// The text of a file dropped on the timeline, read as an import reads a file
/// ([`crate::markdown::import::decode`]: UTF-16 with a byte-order mark, UTF-8 with a stray
/// invalid byte shown as �, else Latin-1); or a refusal for an empty, binary or too large file.
pub fn file_text(bytes: &[u8]) -> Result<String, FileRefusal> {
    if bytes.len() > MAX_FILE_BYTES {
        return Err(FileRefusal::TooLarge(bytes.len()));
    }
    match crate::markdown::import::decode(bytes) {
        Ok(decoded) => Ok(decoded.text),
        Err(Undecodable::Empty) => Err(FileRefusal::Empty),
        Err(Undecodable::NotText) => Err(FileRefusal::NotText),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::time::{Date, FixedOnly, LocalDateTime, TimeOfDay};

    /// 2025-06-18 14:32:40 UTC.
    const NOW: Instant = 1_750_257_160;

    fn doc(date: &str, zone: &str) -> Postmortem {
        Postmortem { date: date.into(), zone: zone.into(), ..Postmortem::default() }
    }

    /// A resolver that knows one named zone, two hours east.
    fn paris(zone: &str, _: LocalDateTime) -> Option<i32> {
        (zone == "Europe/Paris").then_some(120)
    }

    #[track_caller]
    fn check(date: &str, zone: &str, now: Instant, expect: &str) {
        assert_eq!(live_time(&doc(date, zone), now, &paris), expect);
    }

    #[test]
    fn live_time_is_on_the_documents_clock() {
        check("2025-06-18", "", NOW, "14:32");
        check("2025-06-18", "UTC", NOW, "14:32");
        check("2025-06-18", "UTC+2", NOW, "16:32");
        check("2025-06-18", "EST", NOW, "09:32");
        check("2025-06-18", "Europe/Paris", NOW, "16:32");
        check("", "", NOW, "14:32");
    }

    #[test]
    fn live_time_dates_another_day() {
        check("2025-06-17", "", NOW, "2025-06-18 14:32");
        // 23:50 UTC is 01:50 the next day in Paris.
        check("2025-06-18", "Europe/Paris", NOW + 9 * 3600 + 18 * 60, "2025-06-19 01:50");
        check("not a date", "", NOW, "14:32");
    }

    #[test]
    fn live_time_says_utc_when_the_zone_is_unknown() {
        check("2025-06-18", "Mars/Olympus", NOW, "14:32 UTC");
        check("2025-06-18", "", NOW, "14:32");
    }

    #[test]
    fn options_follow_the_choice_then_the_document() {
        let d = doc("2025-06-18", "UTC+2");
        let o = options(&d, None, NOW, &FixedOnly);
        assert_eq!(o.zone, Some(Zone::Offset(120)));
        assert_eq!(o.date, Date::new(2025, 6, 18));
        assert_eq!(o.today, Date::new(2025, 6, 18));
        let now = o.now.unwrap();
        assert_eq!(now.time, TimeOfDay { hour: 16, minute: 32, second: 40 });
        let chosen = options(&d, Some(Zone::Offset(-300)), NOW, &FixedOnly);
        assert_eq!(chosen.zone, Some(Zone::Offset(-300)));
        assert_eq!(chosen.now.unwrap().time.hour, 9);
        // A choice the resolver cannot place falls back to the document's zone, then UTC.
        let named = options(&d, Some(Zone::Named("Mars/Olympus".into())), NOW, &FixedOnly);
        assert_eq!(named.zone, Some(Zone::Offset(120)));
        assert_eq!(options(&doc("", ""), None, NOW, &FixedOnly).zone, Some(Zone::Offset(0)));
    }

    #[test]
    fn file_text_reads_text_and_refuses_the_rest() {
        assert_eq!(file_text(b"\xEF\xBB\xBF10:15 ticket\n").as_deref(), Ok("10:15 ticket\n"));
        assert_eq!(file_text(b"caf\xE9 10:15\n").as_deref(), Ok("caf\u{e9} 10:15\n"));
        let mut stray = b"10:15 one bad byte \xFF in a log\n".to_vec();
        stray.extend(b"10:16 and a hundred good ones\n".repeat(5));
        assert_eq!(file_text(&stray).map(|t| t.matches('\u{FFFD}').count()), Ok(1));
        assert_eq!(file_text(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"), Err(FileRefusal::NotText));
        assert_eq!(file_text(b" \n\n"), Err(FileRefusal::Empty));
        let big = vec![b'a'; MAX_FILE_BYTES + 1];
        assert_eq!(file_text(&big), Err(FileRefusal::TooLarge(MAX_FILE_BYTES + 1)));
        assert!(FileRefusal::TooLarge(3 * 1024 * 1024).to_string().contains("3.0 MB"));
    }
}
