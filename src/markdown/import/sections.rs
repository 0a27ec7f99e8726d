//! Section names: which part of the document a heading such as `## 🚨 What happened? 🚨`,
//! `**Issue Summary:**` or `CORRECTIVE AND PREVENTIVE MEASURES` stands for.
//!
//! Names are compared after [`normalize`] (lower case, emoji and punctuation around the name
//! removed, `&` read as `and`, a leading number dropped). Known names are a table of synonyms in
//! English plus a few French, Spanish, German, Japanese and Chinese ones; misspelt corrective-measure
//! headings are caught by the first word's stem (`Corective and Preventive Mesures`).

/// The part of the document a section fills.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Kind {
    /// The issue summary.
    Summary,
    /// Who and what was affected.
    Impact,
    /// The timeline.
    Timeline,
    /// The root cause (short).
    RootCause,
    /// Root cause and resolution in depth, or the resolution alone.
    Resolution,
    /// Contributing factors.
    ContributingFactors,
    /// How the incident was detected.
    Detection,
    /// Lessons learned, as a whole (its own prose is kept as a custom section).
    LessonsLearned,
    /// Lessons learned: what went well.
    WentWell,
    /// Lessons learned: what went wrong.
    WentWrong,
    /// Lessons learned: where we got lucky.
    GotLucky,
    /// Corrective and preventive measures: tasks and improvements mixed.
    Measures,
    /// A list of tasks (`Tasks`, `TODO`).
    Tasks,
    /// A list of improvements.
    Improvements,
    /// Facts about the incident (`Incident details`, `Metadata`): its fields (date, start,
    /// end, severity...) are read, the rest is kept as a custom section.
    Facts,
}

const TABLE: &[(&str, Kind)] = &[
    ("issue summary", Kind::Summary),
    ("summary", Kind::Summary),
    ("incident summary", Kind::Summary),
    ("executive summary", Kind::Summary),
    ("tl;dr", Kind::Summary),
    ("tldr", Kind::Summary),
    ("overview", Kind::Summary),
    ("incident overview", Kind::Summary),
    ("what happened", Kind::Summary),
    ("description", Kind::Summary),
    ("résumé", Kind::Summary),
    ("resume", Kind::Summary),
    ("resumen", Kind::Summary),
    ("概要", Kind::Summary),
    ("摘要", Kind::Summary),
    ("zusammenfassung", Kind::Summary),
    ("überblick", Kind::Summary),
    ("kurzfassung", Kind::Summary),
    ("was ist passiert", Kind::Summary),
    ("incident details", Kind::Facts),
    ("details", Kind::Facts),
    ("incident information", Kind::Facts),
    ("incident info", Kind::Facts),
    ("incident metadata", Kind::Facts),
    ("metadata", Kind::Facts),
    ("key facts", Kind::Facts),
    ("key information", Kind::Facts),
    ("facts", Kind::Facts),
    ("at a glance", Kind::Facts),
    ("incident data", Kind::Facts),
    ("basic information", Kind::Facts),
    ("general information", Kind::Facts),
    ("impact", Kind::Impact),
    ("customer impact", Kind::Impact),
    ("user impact", Kind::Impact),
    ("impacto", Kind::Impact),
    ("影響", Kind::Impact),
    ("auswirkungen", Kind::Impact),
    ("auswirkung", Kind::Impact),
    ("timeline", Kind::Timeline),
    ("incident timeline", Kind::Timeline),
    ("timeline of events", Kind::Timeline),
    ("sequence of events", Kind::Timeline),
    ("chronology", Kind::Timeline),
    ("chronologie", Kind::Timeline),
    ("cronología", Kind::Timeline),
    ("cronologia", Kind::Timeline),
    ("línea de tiempo", Kind::Timeline),
    ("タイムライン", Kind::Timeline),
    ("时间线", Kind::Timeline),
    ("zeitablauf", Kind::Timeline),
    ("zeitleiste", Kind::Timeline),
    ("zeitlicher ablauf", Kind::Timeline),
    ("ablauf", Kind::Timeline),
    ("root cause", Kind::RootCause),
    ("root causes", Kind::RootCause),
    ("root cause analysis", Kind::RootCause),
    ("rca", Kind::RootCause),
    ("cause", Kind::RootCause),
    ("why did it happen", Kind::RootCause),
    ("cause racine", Kind::RootCause),
    ("cause première", Kind::RootCause),
    ("causa raíz", Kind::RootCause),
    ("causa raiz", Kind::RootCause),
    ("根本原因", Kind::RootCause),
    ("原因", Kind::RootCause),
    ("ursache", Kind::RootCause),
    ("ursachen", Kind::RootCause),
    ("grundursache", Kind::RootCause),
    ("ursachenanalyse", Kind::RootCause),
    ("root cause and resolution", Kind::Resolution),
    ("root cause and remediation", Kind::Resolution),
    ("root cause and fix", Kind::Resolution),
    ("resolution", Kind::Resolution),
    ("resolution and recovery", Kind::Resolution),
    ("recovery", Kind::Resolution),
    ("how we fixed it", Kind::Resolution),
    ("how was it fixed", Kind::Resolution),
    ("the fix", Kind::Resolution),
    ("fix", Kind::Resolution),
    ("résolution", Kind::Resolution),
    ("resolución", Kind::Resolution),
    ("lösung", Kind::Resolution),
    ("behebung", Kind::Resolution),
    ("wiederherstellung", Kind::Resolution),
    ("contributing factors", Kind::ContributingFactors),
    ("contributing factor", Kind::ContributingFactors),
    ("detection", Kind::Detection),
    ("how was it detected", Kind::Detection),
    ("how it was detected", Kind::Detection),
    ("erkennung", Kind::Detection),
    ("lessons learned", Kind::LessonsLearned),
    ("lessons learnt", Kind::LessonsLearned),
    ("lessons", Kind::LessonsLearned),
    ("learnings", Kind::LessonsLearned),
    ("takeaways", Kind::LessonsLearned),
    ("erkenntnisse", Kind::LessonsLearned),
    // PagerDuty's template.
    ("how did we do", Kind::LessonsLearned),
    ("what went well", Kind::WentWell),
    ("things that went well", Kind::WentWell),
    ("went well", Kind::WentWell),
    ("what went right", Kind::WentWell),
    ("what went wrong", Kind::WentWrong),
    ("things that went wrong", Kind::WentWrong),
    ("went wrong", Kind::WentWrong),
    ("what didn't go well", Kind::WentWrong),
    ("what did not go well", Kind::WentWrong),
    ("what could have gone better", Kind::WentWrong),
    ("what could have been better", Kind::WentWrong),
    ("where we got lucky", Kind::GotLucky),
    ("where did we get lucky", Kind::GotLucky),
    ("where we were lucky", Kind::GotLucky),
    ("got lucky", Kind::GotLucky),
    ("corrective and preventative measures", Kind::Measures),
    ("corrective and preventive measures", Kind::Measures),
    ("corrective measures", Kind::Measures),
    ("preventive measures", Kind::Measures),
    ("preventative measures", Kind::Measures),
    ("corrective actions", Kind::Measures),
    ("preventive actions", Kind::Measures),
    ("preventative actions", Kind::Measures),
    ("corrective and preventive actions", Kind::Measures),
    ("corrective and preventative actions", Kind::Measures),
    ("remediation", Kind::Measures),
    ("remediations", Kind::Measures),
    ("remediation items", Kind::Measures),
    ("mitigations", Kind::Measures),
    ("follow-ups", Kind::Measures),
    ("follow ups", Kind::Measures),
    ("follow-up actions", Kind::Measures),
    ("next steps", Kind::Measures),
    ("prevention", Kind::Measures),
    ("actions", Kind::Measures),
    // Issue 15 (h/import): measures headings of student and company write-ups.
    ("follow-up", Kind::Measures),
    ("what we will do", Kind::Measures),
    ("what we'll do", Kind::Measures),
    ("actions correctives", Kind::Measures),
    ("mesures correctives", Kind::Measures),
    ("acciones", Kind::Measures),
    ("acciones correctivas", Kind::Measures),
    ("対策", Kind::Measures),
    ("再発防止策", Kind::Measures),
    ("改进措施", Kind::Measures),
    ("maßnahmen", Kind::Measures),
    ("massnahmen", Kind::Measures),
    ("gegenmaßnahmen", Kind::Measures),
    ("folgemaßnahmen", Kind::Measures),
    ("korrekturmaßnahmen", Kind::Measures),
    ("action items", Kind::Tasks),
    ("action item", Kind::Tasks),
    ("tasks", Kind::Tasks),
    ("todo", Kind::Tasks),
    ("to do", Kind::Tasks),
    ("to-do", Kind::Tasks),
    ("todos", Kind::Tasks),
    ("aufgaben", Kind::Tasks),
    ("improvements", Kind::Improvements),
    ("improvement", Kind::Improvements),
    ("improvement ideas", Kind::Improvements),
];

/// Lower case, trimmed of decoration, `&` as `and`, curly apostrophes straight, a leading
/// `1.`/`2)`/`IV.` number dropped, runs of space collapsed, a trailing `:`/`?`/`!`/`.` removed.
pub(crate) fn normalize(name: &str) -> String {
    let lower = name.to_lowercase().replace(['’', '‘'], "'").replace('&', " and ");
    let trimmed = lower.trim_matches(|c: char| !keeps_name(c));
    let words: Vec<&str> = trimmed.split_whitespace().collect();
    let words = match words.split_first() {
        Some((first, rest)) if !rest.is_empty() && is_number_label(first) => rest,
        _ => &words[..],
    };
    words.join(" ").trim_matches(|c: char| !keeps_name(c)).to_owned()
}

/// Characters a name may start or end with: letters, digits and the `;` of `tl;dr` never end
/// one, but letters and digits do.
fn keeps_name(c: char) -> bool {
    c.is_alphanumeric()
}

fn is_number_label(word: &str) -> bool {
    let w = word.trim_end_matches(['.', ')', ':']);
    w.len() < word.len()
        && !w.is_empty()
        && (w.bytes().all(|b| b.is_ascii_digit())
            || w.chars().all(|c| matches!(c, 'i' | 'v' | 'x')) && w.len() <= 4)
}

/// The kind of a section heading, if it is a known name.
pub(crate) fn classify(name: &str) -> Option<Kind> {
    // Every known name is short and has a letter among its first characters: most lines of a
    // file are not names, and this is asked of every line.
    if name.len() > 120 || !maybe_name(name) {
        return None;
    }
    let n = normalize(name);
    if n.is_empty() {
        return None;
    }
    if let Some((_, kind)) = TABLE.iter().find(|(k, _)| *k == n) {
        return Some(*kind);
    }
    // Misspellings and variants of "Corrective and Preventative Measures": the first word's stem
    // says it, as long as the name stays short.
    let words: Vec<&str> = n.split_whitespace().collect();
    let first = words.first().copied().unwrap_or("");
    let stems = ["correct", "corect", "corrct", "prevent", "preventa", "remedia"];
    if words.len() <= 5
        && stems.iter().any(|s| first.starts_with(s))
        && words.iter().skip(1).any(|w| {
            ["measure", "mesure", "meassure", "action", "item", "step", "plan", "task"]
                .iter()
                .any(|s| w.starts_with(s))
        })
    {
        return Some(Kind::Measures);
    }
    None
}

/// A quick test every known name passes: at most eight words, and after any leading number
/// or decoration, the first letter starts some known name or stem.
fn maybe_name(name: &str) -> bool {
    if name.split_whitespace().nth(8).is_some() {
        return false;
    }
    let Some(first) = name.chars().find(|c| c.is_alphabetic()) else { return false };
    let first = first.to_lowercase().next().unwrap_or(first);
    // Roman numerals (`IV. Root cause`) put `i`, `v` or `x` first.
    matches!(first, 'i' | 'v' | 'x' | 'c' | 'p') || FIRST_LETTERS.contains(first)
}

/// The first letters of the names in [`TABLE`] (a test keeps them in step).
const FIRST_LETTERS: &str = "isetowdr概摘cu影lタ时根原hfgpmna対再改kbzü";

/// Whether `name` is a known name only by the misspelling rule (`Corective Mesures`): its
/// words are not kept, so the reader says it read it as the measures.
pub(crate) fn is_guessed(name: &str) -> bool {
    let n = normalize(name);
    classify(name).is_some() && !TABLE.iter().any(|(k, _)| *k == n)
}

/// Whether `name` is a heading people put above the real title (`Postmortem`, `Incident
/// report`, `0x19. Postmortem`).
pub(crate) fn is_generic_title(name: &str) -> bool {
    let n = normalize(name).replace(['-', '_'], " ");
    let n = n.trim_start_matches(|c: char| !c.is_alphabetic() || c == 'x').trim();
    let n = n.strip_prefix("x").map_or(n, str::trim);
    matches!(
        n,
        "postmortem"
            | "post mortem"
            | "postmortem report"
            | "post mortem report"
            | "incident postmortem"
            | "incident post mortem"
            | "incident report"
            | "incident review"
            | "postmortem template"
            | "rca"
            | "root cause analysis report"
    )
}

/// Splits `Root Cause and Resolution: How we fixed it` into the known name and the rest; also
/// `Timeline (Or, how it went)` at the parenthesis, and `Summary - subtitle`.
pub(crate) fn split_subtitle(text: &str) -> Option<(Kind, &str, &str)> {
    for sep in [":", " - ", " — ", " – ", "("] {
        if let Some(i) = text.find(sep) {
            let (name, rest) = (&text[..i], &text[i..]);
            let rest = if sep == "(" { rest } else { &rest[sep.len()..] };
            if let Some(kind) = classify(name) {
                return Some((kind, name.trim(), rest.trim()));
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[track_caller]
    fn check(name: &str, expect: Option<Kind>) {
        assert_eq!(classify(name), expect, "name: {name:?} normalized to {:?}", normalize(name));
    }

    #[test]
    fn plain_names() {
        check("Issue Summary", Some(Kind::Summary));
        check("Timeline", Some(Kind::Timeline));
        check("Root Cause", Some(Kind::RootCause));
        check("Root Cause and Resolution", Some(Kind::Resolution));
    }
    #[test]
    fn synonyms() {
        check("TL;DR", Some(Kind::Summary));
        check("Overview", Some(Kind::Summary));
        check("Root Cause Analysis", Some(Kind::RootCause));
        check("Contributing Factors", Some(Kind::ContributingFactors));
        check("Action Items", Some(Kind::Tasks));
        check("Remediation", Some(Kind::Measures));
        check("Preventive Actions", Some(Kind::Measures));
    }
    #[test]
    fn decorated() {
        check("**Issue Summary:**", Some(Kind::Summary));
        check("🚨 What happened? 🚨", Some(Kind::Summary));
        check("⏱️ timeline", Some(Kind::Timeline));
        check("ROOT CAUSE", Some(Kind::RootCause));
        check("2. Timeline", Some(Kind::Timeline));
        check("IV. Root cause", Some(Kind::RootCause));
        check("Root Cause & Resolution", Some(Kind::Resolution));
        check("What didn’t go well?", Some(Kind::WentWrong));
    }
    #[test]
    fn misspellings() {
        check("Corective and Preventive Mesures", Some(Kind::Measures));
        check("Corrective and Preventitive Measures", Some(Kind::Measures));
        check("Preventative Measure", Some(Kind::Measures));
    }
    #[test]
    fn other_languages() {
        check("Chronologie", Some(Kind::Timeline));
        check("Cronología", Some(Kind::Timeline));
        check("Zeitablauf", Some(Kind::Timeline));
        check("## Maßnahmen", Some(Kind::Measures));
        check("Ursache", Some(Kind::RootCause));
        check("Zusammenfassung", Some(Kind::Summary));
        check("Cause racine", Some(Kind::RootCause));
        check("対策", Some(Kind::Measures));
    }
    #[test]
    fn unknown() {
        check("Attendees", None);
        check("Notes on corrective measures", None);
        check("Appendix: agent config", None);
        check("", None);
        check("🚨", None);
    }
    #[test]
    fn first_letters_cover_the_table() {
        for (name, _) in TABLE {
            let first = name.chars().next().unwrap();
            assert!(FIRST_LETTERS.contains(first), "{name}");
        }
    }
    #[test]
    fn generic_titles() {
        assert!(is_generic_title("Postmortem"));
        assert!(is_generic_title("Post-Mortem"));
        assert!(is_generic_title("0x19. Postmortem"));
        assert!(is_generic_title("Incident report"));
        assert!(!is_generic_title("Postmortem: disk full"));
    }
    #[test]
    fn subtitles() {
        assert_eq!(
            split_subtitle("Issue Summary: The Great Leak"),
            Some((Kind::Summary, "Issue Summary", "The Great Leak"))
        );
        assert_eq!(
            split_subtitle("Timeline (Or, how it went)"),
            Some((Kind::Timeline, "Timeline", "(Or, how it went)"))
        );
        assert_eq!(split_subtitle("Postmortem: The Great Leak"), None);
    }
}
