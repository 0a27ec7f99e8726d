//! The import field score row of `cargo xtask bench`: runs `examples/import_score.rs` (native,
//! no browser) and reads its table, `  <field> <right> / <total> <percent> %` per line.

use crate::json::Value;
use crate::run::{self, Step};

/// One field's score.
#[derive(Debug, PartialEq)]
pub struct FieldScore {
    pub field: String,
    pub right: u32,
    pub total: u32,
}

/// Runs the score and returns its table as printed and its rows.
pub fn run() -> Result<(String, Vec<FieldScore>), String> {
    let step = Step::new("import field score (examples/import_score.rs, native)");
    let mut cmd = run::cargo();
    cmd.args(["run", "--quiet", "--locked", "--example", "import_score"]);
    let text = super::bench::captured(&step, &mut cmd)?;
    let rows = parse(&text);
    if rows.is_empty() {
        return Err("import field score: no rows in its output".to_owned());
    }
    Ok((text, rows))
}

/// The rows of the score table.
pub fn parse(text: &str) -> Vec<FieldScore> {
    text.lines()
        .filter_map(|line| {
            let words: Vec<&str> = line.split_whitespace().collect();
            match words[..] {
                [field, right, "/", total, _, "%"] => Some(FieldScore {
                    field: field.to_owned(),
                    right: right.parse().ok()?,
                    total: total.parse().ok()?,
                }),
                _ => None,
            }
        })
        .collect()
}

/// The rows as JSON: `{field: {right, total}}`.
pub fn value(rows: &[FieldScore]) -> Value {
    Value::obj(rows.iter().map(|r| {
        (
            r.field.clone(),
            Value::obj([
                ("right", Value::Num(f64::from(r.right))),
                ("total", Value::Num(f64::from(r.total))),
            ]),
        )
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_score_table() {
        let text = "import field score over 44 labelled files\n  title      44 / 44  100.0 %\n  start       6 / 44   13.6 %\n  all       50 / 88   56.8 %\n";
        let rows = parse(text);
        assert_eq!(rows.len(), 3);
        assert_eq!(rows[1], FieldScore { field: "start".into(), right: 6, total: 44 });
    }
}
