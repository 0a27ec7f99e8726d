//! Tables: CSV and tab-separated rows with a time column (pager exports, spreadsheets), and the
//! column layout of `kubectl get events`.

/// How the rows of a table are read, found from its heading row.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Columns {
    /// The cell separator.
    pub(crate) sep: char,
    /// The column of the time.
    pub(crate) time: usize,
    /// A separate date column, if there is one.
    pub(crate) date: Option<usize>,
    /// The column of who did it, if there is one.
    pub(crate) who: Option<usize>,
    /// The column of the message, if there is one; else every other cell is the text.
    pub(crate) text: Option<usize>,
    /// How many columns the heading has.
    pub(crate) width: usize,
}

const TIME_NAMES: [&str; 9] = [
    "time",
    "timestamp",
    "created at",
    "created_at",
    "created on",
    "datetime",
    "date/time",
    "occurred at",
    "when",
];
const WHO_NAMES: [&str; 8] = ["who", "agent", "user", "author", "owner", "by", "actor", "name"];
const TEXT_NAMES: [&str; 9] = [
    "message",
    "summary",
    "description",
    "details",
    "text",
    "event",
    "log entry",
    "note",
    "action",
];

/// Reads `line` as a table's heading row: at least two cells separated by tabs, commas or
/// semicolons, one of them naming a time.
pub(crate) fn heading(line: &str) -> Option<Columns> {
    let sep = ['\t', ',', ';'].into_iter().find(|s| line.contains(*s))?;
    let cells = cells(line, sep);
    if cells.len() < 2 || cells.iter().any(|c| c.len() > 40) {
        return None;
    }
    let names: Vec<String> = cells
        .iter()
        .map(|c| {
            let lower = c.trim().to_lowercase();
            // `Time (UTC)` names the time column.
            lower.split(" (").next().unwrap_or("").trim().to_owned()
        })
        .collect();
    // The list's order decides between two matching columns (`Details` over `Action`).
    let find = |list: &[&str]| list.iter().find_map(|l| names.iter().position(|n| n == l));
    let time = find(&TIME_NAMES)?;
    let date = names.iter().position(|n| n == "date").filter(|d| *d != time);
    let (who, text) = (find(&WHO_NAMES), find(&TEXT_NAMES));
    // A sentence with a comma (`time, money`) is no heading: a second column must be named.
    if who.is_none() && text.is_none() && date.is_none() && cells.len() < 3 {
        return None;
    }
    Some(Columns { sep, time, date, who, text, width: cells.len() })
}

/// The zone a heading names for its time column: `Time (UTC)`.
pub(crate) fn heading_zone(line: &str, cols: &Columns) -> Option<String> {
    let cell = cells(line, cols.sep).into_iter().nth(cols.time)?;
    let (_, inside) = cell.split_once('(')?;
    Some(inside.trim_end_matches(')').trim().to_owned())
}

/// Splits a row into cells, honouring double quotes (`"a, b"`, `""` for a quote).
pub(crate) fn cells(line: &str, sep: char) -> Vec<String> {
    let mut out = Vec::new();
    let mut cell = String::new();
    let mut quoted = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' if quoted && chars.peek() == Some(&'"') => {
                cell.push('"');
                chars.next();
            }
            '"' if quoted => quoted = false,
            '"' if cell.trim().is_empty() => {
                cell.clear();
                quoted = true;
            }
            c if c == sep && !quoted => out.push(std::mem::take(&mut cell).trim().to_owned()),
            c => cell.push(c),
        }
    }
    out.push(cell.trim().to_owned());
    out
}

/// The heading of `kubectl get events`: the start of each column, and which are the age
/// (`LAST SEEN`), type, reason, object and message.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Kube {
    starts: Vec<usize>,
    age: usize,
    kind: Option<usize>,
    reason: Option<usize>,
    object: Option<usize>,
    message: usize,
}

/// Reads `line` as the heading of `kubectl get events`.
pub(crate) fn kube_heading(line: &str) -> Option<Kube> {
    if !line.starts_with(|c: char| c.is_ascii_uppercase()) || !line.contains("LAST SEEN") {
        return None;
    }
    let mut starts = Vec::new();
    let mut names = Vec::new();
    let bytes = line.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b' ' {
            i += 1;
            continue;
        }
        let start = i;
        // A column name ends at two spaces (`LAST SEEN` has one).
        while i < bytes.len() && !(bytes[i] == b' ' && bytes.get(i + 1).is_none_or(|b| *b == b' '))
        {
            i += 1;
        }
        starts.push(start);
        names.push(&line[start..i]);
    }
    let at = |name: &str| names.iter().position(|n| *n == name);
    Some(Kube {
        age: at("LAST SEEN")?,
        kind: at("TYPE"),
        reason: at("REASON"),
        object: at("OBJECT"),
        message: at("MESSAGE")?,
        starts,
    })
}

impl Kube {
    /// The cell of column `col` in `row` (the message runs to the end of the line).
    fn cell<'a>(&self, row: &'a str, col: usize) -> &'a str {
        let start = self.starts[col];
        let end = if col == self.message {
            row.len()
        } else {
            self.starts.get(col + 1).copied().unwrap_or(row.len())
        };
        let (start, end) = (start.min(row.len()), end.min(row.len()));
        if !row.is_char_boundary(start) || !row.is_char_boundary(end) {
            return "";
        }
        row[start..end].trim()
    }

    /// A row: its age in seconds (`5m`, `2m30s`, `3h`, `45s`, `2d`; `None` for `<unknown>`)
    /// and its text (`Warning BackOff pod/api-7d9f: Back-off restarting failed container`).
    /// `None` when the line is no row (no message column, or no age).
    pub(crate) fn row(&self, row: &str) -> Option<(Option<i64>, String)> {
        if !row.is_ascii() && self.starts.iter().any(|s| !row.is_char_boundary((*s).min(row.len())))
        {
            return None;
        }
        if row.len() <= self.starts[self.message] {
            return None;
        }
        // `<unknown>` is kubectl's own; any other cell that is no age means the table ended.
        let age = match self.cell(row, self.age) {
            "<unknown>" => None,
            cell => Some(age(cell)?),
        };
        let mut head = Vec::new();
        for col in [self.kind, self.reason, self.object].into_iter().flatten() {
            let c = self.cell(row, col);
            if !c.is_empty() {
                head.push(c);
            }
        }
        let message = self.cell(row, self.message);
        let text = if head.is_empty() {
            message.to_owned()
        } else {
            format!("{}: {message}", head.join(" "))
        };
        Some((age, text))
    }
}

/// `5m`, `2m30s`, `3h`, `45s`, `2d`, `3h10m` → seconds.
pub(crate) fn age(text: &str) -> Option<i64> {
    let mut total: i64 = 0;
    let mut num: Option<i64> = None;
    if text.is_empty() {
        return None;
    }
    for c in text.chars() {
        if let Some(d) = c.to_digit(10) {
            num = Some(num.unwrap_or(0).checked_mul(10)?.checked_add(i64::from(d))?);
            continue;
        }
        let unit = match c {
            's' => 1,
            'm' => 60,
            'h' => 3600,
            'd' => 86_400,
            _ => return None,
        };
        total = total.checked_add(num.take()?.checked_mul(unit)?)?;
    }
    if num.is_some() || total > 400 * 86_400 {
        return None;
    }
    Some(total)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoted_cells() {
        assert_eq!(cells(r#"a,"b, c","say ""hi""",d"#, ','), ["a", "b, c", r#"say "hi""#, "d"]);
    }

    #[test]
    fn headings() {
        let c = heading("Created At,Type,Agent,Summary").unwrap();
        assert_eq!((c.time, c.who, c.text), (0, Some(2), Some(3)));
        assert!(heading("we rolled back, then waited").is_none());
        assert!(heading("time, money").is_none());
        assert_eq!(
            heading_zone("Time (UTC)\tEvent", &heading("Time (UTC)\tEvent").unwrap()).as_deref(),
            Some("UTC")
        );
    }

    #[test]
    fn ages() {
        assert_eq!(age("5m"), Some(300));
        assert_eq!(age("2m30s"), Some(150));
        assert_eq!(age("3h"), Some(10_800));
        assert_eq!(age("<unknown>"), None);
        assert_eq!(age("5"), None);
    }
}
