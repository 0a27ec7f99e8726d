//! [`Edit`]: every change to a document is one of these values, applied by [`apply`].

use super::Postmortem;

/// A free-text field of the document.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum TextField {
    /// [`Postmortem::title`].
    Title,
    /// [`Postmortem::summary`].
    Summary,
}

/// One change to a [`Postmortem`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Edit {
    /// Replace the text of a field.
    SetText {
        /// Which field.
        field: TextField,
        /// Its new text.
        value: String,
    },
}

/// Applies `edit` to `doc` and returns the edit that undoes it.
///
/// Total: every edit has a defined result on every document; nothing panics.
pub fn apply(doc: &mut Postmortem, edit: Edit) -> Edit {
    match edit {
        Edit::SetText { field, value } => {
            let slot = text_mut(doc, field);
            let old = std::mem::replace(slot, value);
            Edit::SetText { field, value: old }
        }
    }
}

fn text_mut(doc: &mut Postmortem, field: TextField) -> &mut String {
    match field {
        TextField::Title => &mut doc.title,
        TextField::Summary => &mut doc.summary,
    }
}

impl Postmortem {
    /// The text of one free-text field.
    pub fn text(&self, field: TextField) -> &str {
        match field {
            TextField::Title => &self.title,
            TextField::Summary => &self.summary,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set(field: TextField, value: &str) -> Edit {
        Edit::SetText { field, value: value.to_owned() }
    }

    #[test]
    fn set_text_changes_only_that_field() {
        let mut doc = Postmortem::default();
        apply(&mut doc, set(TextField::Title, "Disk full"));
        assert_eq!(doc.title, "Disk full");
        assert_eq!(doc.summary, "");
    }

    #[test]
    fn applying_the_inverse_restores_the_document() {
        let mut doc = Postmortem { title: "Before".into(), summary: "S".into() };
        let original = doc.clone();
        let inverse = apply(&mut doc, set(TextField::Title, "After"));
        assert_eq!(inverse, set(TextField::Title, "Before"));
        apply(&mut doc, inverse);
        assert_eq!(doc, original);
    }
}
