//! Generated sample documents for benchmarks: a small postmortem, a large one (200 timeline
//! entries, about 60 KB of Markdown) and documents of any size.
//!
//! Everything is made from a seed by a small PRNG (SplitMix64), so the same seed always gives the
//! same document, on every machine and in every build: the native benchmarks (`benches/`) and the
//! browser benchmark (`cargo xtask bench`, through `examples/gen_draft.rs`) measure the same text
//! without big files in the repository. The text reads like a real incident (services, alerts,
//! rollbacks, inline code, links, key moments), so the Markdown pipeline does realistic work.

use super::{
    CustomSection, EntryKind, Id, Improvement, Percent, Postmortem, Status, Task, TimelineEntry,
};
use crate::model::time::days_in_month;

/// The seed the benchmarks use.
pub const SEED: u64 = 0x5EED_2024;

/// Timeline entries in [`large`].
pub const LARGE_ENTRIES: usize = 200;

/// A deterministic pseudo-random sequence (SplitMix64: tiny, fast, good enough for text).
#[derive(Clone, Debug)]
pub struct Rng(u64);

impl Rng {
    /// A sequence that starts from `seed`.
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (`0` when `n` is 0).
    pub fn below(&mut self, n: usize) -> usize {
        if n == 0 { 0 } else { (self.next_u64() % n as u64) as usize }
    }

    /// True with probability `percent` / 100.
    pub fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }

    /// One of `items`.
    pub fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

const SERVICES: &[&str] = &[
    "checkout-api",
    "payments-gateway",
    "search-indexer",
    "auth-service",
    "edge-proxy",
    "orders-db",
    "notification-worker",
    "inventory-cache",
    "billing-cron",
    "image-resizer",
];
const PEOPLE: &[&str] = &[
    "Priya Raman",
    "Tomás Herrera",
    "Jo Whitfield",
    "Amara Okafor",
    "Lin Wei",
    "Sven Lindqvist",
    "Fatima Zahra",
    "Kenji Sato",
];
const SUBJECTS: &[&str] = &[
    "On-call",
    "The payments team",
    "The database team",
    "Support",
    "The incident commander",
    "The SRE on duty",
    "A customer",
    "The platform team",
];
const ACTIONS: &[&str] = &[
    "notices the p99 latency of `{s}` climbing past 2 s",
    "pages the owners of `{s}` after the error rate doubles",
    "rolls back `{s}` to the previous release",
    "scales `{s}` from 12 to 24 replicas to absorb the retries",
    "finds connection pool exhaustion in the `{s}` traces",
    "suspects a bad deploy of `{s}`, but the diff is only a log change",
    "drains traffic from the eu-west pool of `{s}`",
    "restarts the stuck workers of `{s}` one by one",
    "posts an update on the [status page](https://status.example.com/incidents/4821)",
    "confirms that `{s}` is serving normally again",
    "opens a bridge call and asks everyone to post findings in the channel",
    "sees **disk usage at 97%** on the primary of `{s}`",
    "turns off the `new_ranking` feature flag for `{s}`",
    "reads the changelog of the client library used by `{s}`",
];
const DETAILS: &[&str] = &[
    "Dashboards lag by about a minute, so the graphs looked calmer than reality.",
    "Nobody had touched that service in three weeks.",
    "The runbook step still pointed at the old cluster name.",
    "Error budget for the month is now spent.",
    "Retries from mobile clients made the queue grow faster than it drained.",
    "See the trace in the incident channel for the slowest request.",
    "This turned out to be unrelated to the outage.",
    "Customers in Asia were the first to notice.",
    "The alert threshold had been raised last quarter to cut noise, which delayed the page by several minutes.",
    "Two engineers were investigating the same symptom in parallel without knowing it.",
    "The graph of open connections showed a sawtooth pattern every 90 seconds, matching the pool timeout.",
    "Logs show `ECONNRESET` from the upstream for roughly 4% of requests during this window.",
];

fn sentence(rng: &mut Rng) -> String {
    let service = rng.pick(SERVICES);
    let mut text = format!("{} {}.", rng.pick(SUBJECTS), rng.pick(ACTIONS).replace("{s}", service));
    text.push(' ');
    text.push_str(rng.pick(DETAILS));
    if rng.chance(80) {
        text.push(' ');
        text.push_str(rng.pick(DETAILS));
    }
    if rng.chance(8) {
        text.push('\n');
        text.push_str(rng.pick(DETAILS));
    }
    text
}

fn kind(rng: &mut Rng) -> Option<EntryKind> {
    match rng.below(20) {
        0 => Some(EntryKind::Detection),
        1 | 2 => Some(EntryKind::Escalation),
        3 | 4 => Some(EntryKind::Mitigation),
        5 => Some(EntryKind::Resolution),
        6 | 7 => Some(EntryKind::RedHerring),
        8..=11 => Some(EntryKind::Other),
        _ => None,
    }
}

/// A wall clock that walks forward from `2024-03-01 02:00`: entries of the first day are
/// written `HH:MM`, later ones `YYYY-MM-DD HH:MM` (as people write a multi-day timeline).
struct Clock {
    year: i32,
    month: u8,
    day: u8,
    minutes: u32,
    first_day: bool,
}

impl Clock {
    fn new() -> Clock {
        Clock { year: 2024, month: 3, day: 1, minutes: 120, first_day: true }
    }

    fn advance(&mut self, minutes: u32) {
        self.minutes += minutes;
        while self.minutes >= 24 * 60 {
            self.minutes -= 24 * 60;
            self.first_day = false;
            self.day += 1;
            if self.day > days_in_month(self.year, self.month) {
                self.day = 1;
                self.month += 1;
                if self.month > 12 {
                    self.month = 1;
                    self.year += 1;
                }
            }
        }
    }

    fn show(&self) -> String {
        let (h, m) = (self.minutes / 60, self.minutes % 60);
        if self.first_day {
            format!("{h:02}:{m:02}")
        } else {
            format!("{}-{:02}-{:02} {h:02}:{m:02}", self.year, self.month, self.day)
        }
    }
}

/// A document with `entries` timeline entries generated from `seed`, and a full set of other
/// sections (summary, resolution with a code block, factors, lessons, measures, custom sections)
/// whose size does not depend on `entries`.
pub fn with_entries(seed: u64, entries: usize) -> Postmortem {
    let mut rng = Rng::new(seed);
    let mut doc = Postmortem {
        title: "Checkout outage during the spring sale: connection storms after the SDK upgrade"
            .to_owned(),
        date: "2024-03-01".to_owned(),
        severity: "SEV1".to_owned(),
        status: Status::InReview,
        authors: PEOPLE[..2].iter().map(|p| (*p).to_owned()).collect(),
        responders: PEOPLE.iter().map(|p| (*p).to_owned()).collect(),
        zone: "UTC".to_owned(),
        summary: (0..3)
            .map(|_| sentence(&mut rng).replace('\n', " "))
            .collect::<Vec<_>>()
            .join(" "),
        start: "02:00".to_owned(),
        impact: "Customers could browse but about a third of payments failed; roughly 3,100 \
                 orders were retried later in the day."
            .to_owned(),
        users_affected: Percent::from_hundredths(3_350),
        services_affected: SERVICES[..4].iter().map(|s| (*s).to_owned()).collect(),
        root_cause: "Version 5 of the payment SDK disables connection pooling unless \
                     `keepAlive` is set explicitly."
            .to_owned(),
        detection: "The p99 latency alert on checkout-api paged the on-call engineer.".to_owned(),
        resolution: format!(
            "{}\n\nWe rolled back to 4.9 and later re-deployed 5.0 with:\n\n```js\nnew PaymentsClient({{ keepAlive: true }})\n```\n\n{}",
            sentence(&mut rng),
            sentence(&mut rng)
        ),
        contributing_factors: (0..5)
            .map(|_| format!("- {}", sentence(&mut rng).replace('\n', " ")))
            .collect::<Vec<_>>()
            .join("\n"),
        went_well: sentence(&mut rng),
        went_wrong: sentence(&mut rng),
        got_lucky: sentence(&mut rng),
        ..Postmortem::default()
    };
    let mut next = 1;
    let mut id = || {
        next += 1;
        Id(next - 1)
    };
    let mut clock = Clock::new();
    for _ in 0..entries {
        let entry = TimelineEntry {
            id: id(),
            time: clock.show(),
            text: sentence(&mut rng),
            kind: kind(&mut rng),
            key_moment: rng.chance(6),
        };
        doc.timeline.push(entry);
        clock.advance(1 + rng.below(6) as u32);
    }
    doc.end = clock.show();
    for _ in 0..8 {
        let text = sentence(&mut rng).replace('\n', " ");
        doc.improvements.push(Improvement { id: id(), text });
    }
    for n in 0..10 {
        doc.tasks.push(Task {
            id: id(),
            text: sentence(&mut rng).replace('\n', " "),
            owner: rng.pick(PEOPLE).to_owned(),
            due: format!("2024-04-{:02}", 1 + n * 2),
            done: rng.chance(30),
        });
    }
    for heading in ["Customer communication", "Attendees", "Open questions"] {
        let body = (0..4).map(|_| sentence(&mut rng)).collect::<Vec<_>>().join("\n\n");
        doc.custom_sections.push(CustomSection { id: id(), heading: heading.to_owned(), body });
    }
    doc.next_id = next;
    doc
}

/// The large document of the benchmarks: [`LARGE_ENTRIES`] timeline entries, about 60 KB of
/// Markdown.
pub fn large(seed: u64) -> Postmortem {
    with_entries(seed, LARGE_ENTRIES)
}

/// A small, complete postmortem (six timeline entries, about 6 KB of Markdown).
pub fn small(seed: u64) -> Postmortem {
    let mut doc = with_entries(seed, 6);
    doc.improvements.truncate(2);
    doc.tasks.truncate(2);
    doc.custom_sections.truncate(1);
    doc.contributing_factors =
        doc.contributing_factors.lines().take(2).collect::<Vec<_>>().join("\n");
    doc
}

/// A document whose Markdown export is about `bytes` long (within a few percent), made by
/// growing the timeline.
pub fn of_size(seed: u64, bytes: usize) -> Postmortem {
    let probe = |entries| crate::markdown::export(&with_entries(seed, entries)).len();
    // Entries after the first day carry a date, so measure the slope past it.
    let (at_1000, at_2000) = (probe(1_000), probe(2_000));
    let per_1000 = at_2000.saturating_sub(at_1000).max(1);
    let entries = if bytes <= at_1000 {
        bytes * 1_000 / at_1000
    } else {
        1_000 + (bytes - at_1000) * 1_000 / per_1000
    };
    with_entries(seed, entries)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::markdown::export;

    #[test]
    fn the_same_seed_gives_the_same_document() {
        assert_eq!(large(SEED), large(SEED));
        assert_ne!(large(SEED), large(SEED + 1));
    }

    #[test]
    fn the_large_document_has_200_entries_and_about_60_kb_of_markdown() {
        let doc = large(SEED);
        assert_eq!(doc.timeline.len(), 200);
        let size = export(&doc).len();
        assert!((50_000..=70_000).contains(&size), "large export is {size} bytes");
        let small = export(&small(SEED)).len();
        assert!((2_000..=8_000).contains(&small), "small export is {small} bytes");
        eprintln!("large: {size} bytes, small: {small} bytes");
    }

    #[test]
    fn ids_are_sound_and_times_walk_forward_across_days() {
        let doc = of_size(SEED, 2_000_000);
        let mut repaired = doc.clone();
        repaired.repair_ids();
        assert_eq!(repaired, doc, "generated ids keep the document's invariant");
        let size = export(&doc).len();
        assert!(
            (1_950_000..=crate::markdown::import::MAX_BYTES).contains(&size),
            "2 MB export is {size} bytes"
        );
        let last = &doc.timeline.last().unwrap().time;
        assert!(last.len() > 5 && last.starts_with("2024-"), "later days carry a date: {last}");
    }
}
