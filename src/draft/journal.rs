//! The crash journal, as decisions: what a journal entry holds, when to write one, and what to
//! do at start with an entry that holds a newer copy than localStorage.
//!
//! Why: Chromium keeps localStorage in memory and writes it to disk seconds (under load, up to a
//! minute) later, so a browser process that dies loses the last typing even though every
//! keystroke was "saved". IndexedDB transactions with `durability: "strict"` are on disk when they
//! complete. The shell (`ui::journal`, the only module that touches IndexedDB) writes one entry
//! per draft there, a few hundred milliseconds after each change ([`Throttle`]), and reads the
//! entries back at start; [`judge`] and [`place`] decide, this module never touches the browser.
//!
//! localStorage stays the store of drafts: an entry is only ever a second copy of the draft that
//! was open, and is used only when it is provably newer than what localStorage kept.
//!
//! **Invariant:** recovery never writes over something newer. An entry is used only when
//! localStorage holds the same or an older revision than the one the entry is based on and the
//! documents differ; the recovered copy is then saved as the next revision of that draft (or as a
//! new draft when this tab has already changed the one it would replace), and a notice says so.

use super::codec::{self, DecodeError};
use super::library::{self, DraftId};
use crate::model::Postmortem;
use serde::Deserialize;

/// The least time between the starts of two journal writes, in milliseconds. A change is on disk
/// at most this long plus one transaction after it was made.
pub const WRITE_GAP_MS: f64 = 250.0;

/// An entry that agrees with localStorage and is older than this (milliseconds) is removed at
/// start: localStorage has long been written to disk by then.
pub const PRUNE_AFTER_MS: f64 = 60.0 * 60.0 * 1000.0;

/// One journal entry: the open draft as it was a moment ago.
#[derive(Clone, Debug, PartialEq)]
pub struct Entry {
    /// The draft.
    pub draft: DraftId,
    /// The stored revision the document is based on (the revision the writing tab had seen).
    pub base: u64,
    /// When it was written (ms since 1970).
    pub written: f64,
    /// The document.
    pub doc: Postmortem,
}

#[derive(Deserialize)]
struct Header {
    draft: DraftId,
    #[serde(default)]
    base: u64,
    #[serde(default, rename = "updated")]
    written: f64,
}

/// Encodes an entry from the document's codec envelope (`codec::encode(doc)`):
/// `{"draft":ID,"base":R,"updated":T,"schema":N,"document":{...}}` (`updated`: when it was
/// written).
pub fn encode_entry(draft: &DraftId, base: u64, written: f64, envelope: &str) -> String {
    let record = library::record_from_envelope(envelope, base, written);
    let rest = record.strip_prefix("{\"revision\":").unwrap_or(&record);
    // A draft id is ASCII letters, digits, `-` and `_`: nothing to escape.
    format!("{{\"draft\":\"{draft}\",\"base\":{rest}")
}

/// Decodes an entry (the document through [`codec::decode`], so older schemas migrate).
pub fn decode_entry(text: &str) -> Result<Entry, DecodeError> {
    let doc = codec::decode(text)?;
    let header: Header =
        serde_json::from_str(text).map_err(|e| DecodeError::BadDocument(e.to_string()))?;
    Ok(Entry { draft: header.draft, base: header.base, written: header.written, doc })
}

/// What localStorage holds for an entry's draft, read at the moment of the decision.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Stored<'a> {
    /// No such draft (never written to disk, or deleted).
    Missing,
    /// A value that cannot be read (storage keeps it aside before writing over it).
    Unreadable,
    /// A readable record.
    At {
        /// Its revision.
        revision: u64,
        /// Its document.
        doc: &'a Postmortem,
    },
}

/// What to do with one entry at start.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Verdict {
    /// localStorage has this content, or a newer revision: keep the entry (it is overwritten by
    /// the next write for its draft).
    Keep,
    /// localStorage has had this content for a long time: remove the entry.
    Remove,
    /// The entry is newer than localStorage: recover it, writing over `seen` (the stored
    /// revision; `None` when nothing readable is stored).
    Recover {
        /// The revision to write over.
        seen: Option<u64>,
    },
}

/// Judges an entry against what localStorage holds now.
///
/// - Missing draft: recovered (it was created and typed into, and the browser died before
///   localStorage reached the disk), unless the entry is older than [`PRUNE_AFTER_MS`]: an old
///   entry for a draft that is gone is a draft deleted long ago.
/// - Stored revision newer than the entry's base: someone saved after it, keep it as it is.
/// - Same or older revision, same document: nothing lost.
/// - Same or older revision, another document: the entry holds the latest typing, recover it.
pub fn judge(entry: &Entry, stored: Stored<'_>, now: f64) -> Verdict {
    let old = now - entry.written > PRUNE_AFTER_MS;
    match stored {
        Stored::Missing if old => Verdict::Remove,
        Stored::Missing => Verdict::Recover { seen: None },
        Stored::Unreadable => Verdict::Recover { seen: None },
        Stored::At { revision, .. } if revision > entry.base => Verdict::Keep,
        Stored::At { doc, .. } if *doc == entry.doc => {
            if old {
                Verdict::Remove
            } else {
                Verdict::Keep
            }
        }
        Stored::At { revision, .. } => Verdict::Recover { seen: Some(revision) },
    }
}

/// Where a recovered copy goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Placement {
    /// It is the open draft and this tab has not changed it yet: show the recovered copy and save
    /// it as the draft's next revision.
    ReplaceOpen,
    /// Another draft, and the open one is untouched: save it as that draft's next revision and
    /// open it (it is the draft the user was typing in when the browser died).
    SaveAndOpen,
    /// Another draft while the open one has changes: save it as that draft's next revision and
    /// stay.
    Save,
    /// It is the open draft but this tab has already changed it: save the recovered copy as a new
    /// draft, so neither is lost.
    SaveAsCopy,
}

/// Decides where a recovered copy of `draft` goes, given the draft open in this tab and whether
/// this tab has changed it since start. `latest` is whether this entry is the most recently
/// written one being recovered (only that one is opened).
pub fn place(draft: &DraftId, open: &DraftId, open_untouched: bool, latest: bool) -> Placement {
    match (draft == open, open_untouched) {
        (true, true) => Placement::ReplaceOpen,
        (true, false) => Placement::SaveAsCopy,
        (false, true) if latest => Placement::SaveAndOpen,
        (false, _) => Placement::Save,
    }
}

/// The notice shown after a recovery: what was recovered and where it is.
pub fn notice(title: &str, placement: Placement) -> String {
    let title = library::display_title(title);
    let head = format!(
        "The browser closed before “{title}” was fully saved; its last changes were recovered"
    );
    match placement {
        Placement::ReplaceOpen | Placement::SaveAndOpen => {
            format!("{head} and are shown here.")
        }
        Placement::Save => format!("{head} and saved; open it from Drafts."),
        Placement::SaveAsCopy => format!(
            "{head} as a new draft, “{title} (recovered)”, because you had already changed it here."
        ),
    }
}

/// The notice when a recovered copy could not be saved: it stays in the journal and is tried
/// again at the next start.
pub fn not_saved_notice(title: &str, error: &str) -> String {
    format!(
        "The browser closed before “{}” was fully saved. Its last changes were found but could not be saved ({error}); they are kept and tried again next time.",
        library::display_title(title)
    )
}

/// The title of a recovered copy saved next to the draft it came from.
pub fn copy_title(title: &str) -> String {
    format!("{} (recovered)", library::display_title(title))
}

/// What the shell should do about journal writes.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Write {
    /// Nothing now.
    Wait,
    /// Write the open draft as it is now (one transaction).
    Now,
    /// Call [`Throttle::woke`] at this time (ms).
    WakeAt(f64),
}

/// When to write: at once after a quiet spell, then at most once every [`WRITE_GAP_MS`], never
/// more than one transaction in flight, and always once more after the last change.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Throttle {
    dirty: bool,
    in_flight: bool,
    timer: bool,
    last_start: Option<f64>,
}

impl Throttle {
    /// The open draft changed (typing, any edit, another document shown).
    pub fn changed(&mut self, now: f64) -> Write {
        self.dirty = true;
        self.next(now)
    }

    /// The transaction in flight finished (committed or failed).
    pub fn written(&mut self, now: f64) -> Write {
        self.in_flight = false;
        self.next(now)
    }

    /// The timer asked for by [`Write::WakeAt`] fired.
    pub fn woke(&mut self, now: f64) -> Write {
        self.timer = false;
        self.next(now)
    }

    /// Whether a change is not yet in a started transaction.
    pub fn pending(&self) -> bool {
        self.dirty
    }

    fn next(&mut self, now: f64) -> Write {
        if !self.dirty || self.in_flight || self.timer {
            return Write::Wait;
        }
        match self.last_start {
            Some(t) if now - t < WRITE_GAP_MS => {
                self.timer = true;
                Write::WakeAt(t + WRITE_GAP_MS)
            }
            _ => {
                self.dirty = false;
                self.in_flight = true;
                self.last_start = Some(now);
                Write::Now
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Edit, TextField, apply};

    fn id(s: &str) -> DraftId {
        DraftId::parse(s).unwrap()
    }

    fn doc(title: &str) -> Postmortem {
        let mut d = Postmortem::default();
        apply(&mut d, Edit::SetText { field: TextField::Title, value: title.into() });
        d
    }

    fn entry(base: u64, title: &str, written: f64) -> Entry {
        Entry { draft: id("a"), base, written, doc: doc(title) }
    }

    #[test]
    fn entries_round_trip() {
        let e = Entry { draft: id("18c-00ff_x"), base: 7, written: 1234.0, doc: doc("T \"q\"") };
        let text = encode_entry(&e.draft, e.base, e.written, &codec::encode(&e.doc));
        assert!(
            text.starts_with("{\"draft\":\"18c-00ff_x\",\"base\":7,\"updated\":1234,"),
            "{text}"
        );
        assert_eq!(decode_entry(&text), Ok(e));
    }

    #[test]
    fn entries_that_cannot_be_read_are_errors() {
        assert!(decode_entry("").is_err());
        assert!(decode_entry("{\"draft\":\"a\"}").is_err());
        let bad_id = encode_entry(&id("a"), 1, 0.0, &codec::encode(&doc("x")))
            .replace("\"a\"", "\"not an id\"");
        assert!(decode_entry(&bad_id).is_err());
    }

    #[track_caller]
    fn check_judge(entry: &Entry, stored: Stored<'_>, now: f64, want: Verdict) {
        assert_eq!(judge(entry, stored, now), want);
    }

    #[test]
    fn judge_table() {
        let now = 10_000_000.0;
        let fresh = now - 5_000.0;
        let old = now - PRUNE_AFTER_MS - 1.0;
        let typed = doc("Typed before the crash");
        let earlier = doc("Typed before");
        use Verdict::*;
        // localStorage lost the last saves: same or older revision, other content.
        check_judge(
            &entry(5, "Typed before the crash", fresh),
            Stored::At { revision: 5, doc: &earlier },
            now,
            Recover { seen: Some(5) },
        );
        check_judge(
            &entry(9, "Typed before the crash", fresh),
            Stored::At { revision: 5, doc: &earlier },
            now,
            Recover { seen: Some(5) },
        );
        // Even an old entry is recovered when it is newer than storage.
        check_judge(
            &entry(9, "Typed before the crash", old),
            Stored::At { revision: 5, doc: &earlier },
            now,
            Recover { seen: Some(5) },
        );
        // Storage has it: nothing to do; removed once old.
        check_judge(
            &entry(5, "Typed before the crash", fresh),
            Stored::At { revision: 5, doc: &typed },
            now,
            Keep,
        );
        check_judge(
            &entry(9, "Typed before the crash", fresh),
            Stored::At { revision: 5, doc: &typed },
            now,
            Keep,
        );
        check_judge(
            &entry(5, "Typed before the crash", old),
            Stored::At { revision: 5, doc: &typed },
            now,
            Remove,
        );
        // Storage is newer (another tab saved after): never written over.
        check_judge(
            &entry(5, "Typed before the crash", fresh),
            Stored::At { revision: 6, doc: &earlier },
            now,
            Keep,
        );
        check_judge(
            &entry(5, "Typed before the crash", old),
            Stored::At { revision: 6, doc: &earlier },
            now,
            Keep,
        );
        // A draft that never reached the disk comes back; one deleted long ago does not.
        check_judge(&entry(1, "New", fresh), Stored::Missing, now, Recover { seen: None });
        check_judge(&entry(1, "New", old), Stored::Missing, now, Remove);
        check_judge(&entry(3, "New", fresh), Stored::Unreadable, now, Recover { seen: None });
    }

    #[test]
    fn place_table() {
        let (a, b) = (id("a"), id("b"));
        use Placement::*;
        for (draft, untouched, latest, want) in [
            (&a, true, true, ReplaceOpen),
            (&a, true, false, ReplaceOpen),
            (&a, false, true, SaveAsCopy),
            (&b, true, true, SaveAndOpen),
            (&b, true, false, Save),
            (&b, false, true, Save),
            (&b, false, false, Save),
        ] {
            assert_eq!(place(draft, &a, untouched, latest), want, "{draft} {untouched} {latest}");
        }
    }

    #[test]
    fn notices_say_what_was_recovered_and_where() {
        let n = notice("DNS outage", Placement::ReplaceOpen);
        assert!(
            n.contains("“DNS outage”") && n.contains("recovered") && n.contains("shown here"),
            "{n}"
        );
        assert!(notice("", Placement::Save).contains("“Untitled draft”"));
        assert!(notice("X", Placement::Save).contains("open it from Drafts"));
        let copy = notice("X", Placement::SaveAsCopy);
        assert!(copy.contains("“X (recovered)”"), "{copy}");
        assert_eq!(copy_title("X"), "X (recovered)");
        let failed = not_saved_notice("X", "the browser's storage for this page is full");
        assert!(failed.contains("“X”") && failed.contains("full") && failed.contains("kept"));
    }

    /// Runs a throttle over `(time, event)` pairs and returns what it asked for each.
    fn run(events: &[(f64, &str)]) -> Vec<Write> {
        let mut t = Throttle::default();
        events
            .iter()
            .map(|&(now, ev)| match ev {
                "change" => t.changed(now),
                "written" => t.written(now),
                "woke" => t.woke(now),
                _ => unreachable!("{ev}"),
            })
            .collect()
    }

    #[test]
    fn throttle_writes_at_once_after_a_quiet_spell() {
        assert_eq!(run(&[(0.0, "change")]), [Write::Now]);
        assert_eq!(
            run(&[(0.0, "change"), (20.0, "written"), (1000.0, "change")]),
            [Write::Now, Write::Wait, Write::Now]
        );
    }

    #[test]
    fn throttle_keeps_one_transaction_in_flight_and_writes_the_last_change() {
        use Write::*;
        let got = run(&[
            (0.0, "change"),   // first write
            (100.0, "change"), // in flight: wait
            (150.0, "change"),
            (300.0, "written"), // done after the gap: the waiting changes go at once
            (310.0, "change"),  // in flight again
            (320.0, "written"), // done within the gap: wake at 300 + gap
            (550.0, "woke"),
            (560.0, "written"),
            (600.0, "written"), // a stray completion asks for nothing
        ]);
        assert_eq!(got, [Now, Wait, Wait, Now, Wait, WakeAt(550.0), Now, Wait, Wait]);
    }

    #[test]
    fn throttle_never_writes_more_often_than_the_gap() {
        let mut t = Throttle::default();
        let mut starts = Vec::new();
        let mut in_flight_until = None;
        let mut wake = None;
        // A keystroke every 40 ms for 3 s; each transaction takes 30 ms.
        for step in 0..3400 {
            let now = step as f64;
            let mut out = Vec::new();
            if in_flight_until == Some(now) {
                in_flight_until = None;
                out.push(t.written(now));
            }
            if wake == Some(now) {
                wake = None;
                out.push(t.woke(now));
            }
            if step < 3000 && step % 40 == 0 {
                out.push(t.changed(now));
            }
            for w in out {
                match w {
                    Write::Now => {
                        assert!(in_flight_until.is_none(), "two transactions in flight at {now}");
                        starts.push(now);
                        in_flight_until = Some(now + 30.0);
                    }
                    Write::WakeAt(at) => wake = Some(at),
                    Write::Wait => {}
                }
            }
        }
        assert!(starts.windows(2).all(|w| w[1] - w[0] >= WRITE_GAP_MS), "{starts:?}");
        // Every change is on disk within one gap plus one transaction.
        let last_change = 2960.0;
        assert!(starts.iter().any(|&s| s >= last_change && s <= last_change + WRITE_GAP_MS));
        assert!(!t.pending());
    }
}
