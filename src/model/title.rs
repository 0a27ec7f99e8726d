//! Titles for measures: an improvement or a task may open with a short bold title, as people
//! write them (`**Code review:** every config change gets a second reader`). The title lives in
//! the item's text, so the Markdown export writes it that way and the import reads it back with
//! no field of its own; the form shows it in a box of its own through [`split`] and [`join`].

/// The title and the description of a measure's text: `("", text)` when it has no title.
///
/// A title is the text between a leading `**` and the first `:**` (or `**:`), with no line
/// break; one space after it is part of the separator.
pub fn split(text: &str) -> (&str, &str) {
    let Some(rest) = text.strip_prefix("**") else { return ("", text) };
    let end = [":**", "**:"].into_iter().filter_map(|sep| rest.find(sep)).min();
    match end {
        Some(end) if end > 0 && !rest[..end].contains(['\n', '\r']) => {
            let after = &rest[end + 3..];
            (&rest[..end], after.strip_prefix(' ').unwrap_or(after))
        }
        _ => ("", text),
    }
}

/// The text of a measure with `title` and `description` (the description alone when the title
/// is empty). `split(&join(t, d)) == (t, d)` for any title without `:**`, `**:` or a line break
/// that does not start with `*`, and any description.
pub fn join(title: &str, description: &str) -> String {
    if title.is_empty() {
        return description.to_owned();
    }
    if description.is_empty() {
        format!("**{title}:**")
    } else {
        format!("**{title}:** {description}")
    }
}

#[cfg(test)]
mod tests {
    use super::{join, split};

    #[track_caller]
    fn check(text: &str, title: &str, description: &str) {
        assert_eq!(split(text), (title, description), "split({text:?})");
    }

    #[test]
    fn splits_the_shapes_people_write() {
        check("**Code review:** a second reader", "Code review", "a second reader");
        check("**Code review**: a second reader", "Code review", "a second reader");
        check("**Patch API Service:**", "Patch API Service", "");
        check("Just a description", "", "Just a description");
        check("**bold** then text", "", "**bold** then text");
        check("****: x", "", "****: x");
        check("**two\nlines:** x", "", "**two\nlines:** x");
    }

    #[test]
    fn join_then_split_gives_back_both_parts() {
        for title in ["", "T", "Code review", "Code ", "a: b", "x*"] {
            for description in ["", "d", " leading space", "two\nlines", "**x:** y"] {
                let text = join(title, description);
                let want = if title.is_empty() { split(description) } else { (title, description) };
                assert_eq!(split(&text), want, "join({title:?}, {description:?}) = {text:?}");
            }
        }
    }

    #[test]
    fn the_review_names_a_measure_by_its_title() {
        use crate::model::review::label;
        use crate::model::validate::Target;
        use crate::model::{Id, Improvement, Postmortem, Task};
        let doc = Postmortem {
            tasks: vec![
                Task { id: Id(1), ..Task::new(&join("Patch API Service", "upgrade the client")) },
                Task { id: Id(2), ..Task::new("Rotate the keys") },
            ],
            improvements: vec![Improvement { id: Id(3), text: join("Code review", "") }],
            ..Postmortem::default()
        };
        assert_eq!(label(&doc, Target::Item(Id(1))), "Task 1, ‘Patch API Service’");
        assert_eq!(label(&doc, Target::Item(Id(2))), "Task 2, ‘Rotate the keys’");
        assert_eq!(label(&doc, Target::Item(Id(3))), "Improvement 1, ‘Code review’");
    }

    #[test]
    fn the_export_writes_titles_in_bold_and_the_import_reads_them_back() {
        use crate::markdown::{export, import::import};
        use crate::model::{Improvement, Postmortem, Task};
        let mut doc = Postmortem { title: "T".into(), ..Postmortem::default() };
        doc.improvements = vec![Improvement {
            text: join("Code review", "a second reader"),
            ..Default::default()
        }];
        doc.tasks = vec![Task {
            owner: "Mina".into(),
            ..Task::new(&join("Patch API Service", "upgrade the client"))
        }];
        let md = export(&doc);
        assert!(md.contains("- **Code review:** a second reader\n"), "{md}");
        assert!(
            md.contains("- [ ] **Patch API Service:** upgrade the client (owner: Mina)\n"),
            "{md}"
        );
        let back = import(&md).document;
        assert_eq!(split(&back.improvements[0].text), ("Code review", "a second reader"));
        assert_eq!(split(&back.tasks[0].text), ("Patch API Service", "upgrade the client"));
        assert_eq!(back.tasks[0].owner, "Mina");
    }
}
