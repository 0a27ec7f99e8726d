//! The Review tab: the draft checked the way an experienced incident reviewer would, with each
//! finding linking to the field it concerns, and every rule switchable.

use super::editor::Editor;
use super::fields::focus_target;
use crate::model::resolve::Resolved;
use crate::model::review::{RULES, ReviewFinding, Severity, has_writing, review_with};
use crate::model::validate::Finding;
use leptos::prelude::*;

/// The review of the open draft (reactive), and the rules the user switched off.
#[derive(Clone, Copy)]
pub struct Review {
    /// What the review finds now.
    pub findings: Memo<Vec<ReviewFinding>>,
    /// How many findings to show in counts: `None` until something is written
    /// ([`has_writing`]), so a new document does not open with "10 things to check".
    pub count: Memo<Option<usize>>,
    disabled: RwSignal<Vec<&'static str>>,
}

impl Review {
    /// Reviews `editor`'s document as it changes, given its resolved times and validation
    /// findings (which the review would otherwise work out again).
    pub fn new(editor: Editor, resolved: Memo<Resolved>, validation: Memo<Vec<Finding>>) -> Review {
        let disabled = RwSignal::new(Vec::<&'static str>::new());
        let findings = Memo::new(move |_| {
            editor.settled(|d| {
                disabled.with(|off| review_with(d, resolved.get(), validation.get(), off))
            })
        });
        let written = Memo::new(move |_| editor.settled(has_writing));
        // The count waits for the first screen to be built and ready for input (ui/later.rs):
        // a review of a long draft is work the first key press need not wait behind.
        let awake = RwSignal::new(false);
        super::later::after_first_screen(move || {
            let _ = awake.try_set(true);
        });
        let count =
            Memo::new(move |_| (awake.get() && written.get()).then(|| findings.with(Vec::len)));
        Review { findings, count, disabled }
    }

    fn is_on(self, id: &'static str) -> bool {
        self.disabled.with(|off| !off.contains(&id))
    }

    fn set(self, id: &'static str, on: bool) {
        self.disabled.update(|off| {
            off.retain(|r| *r != id);
            if !on {
                off.push(id);
            }
        });
    }
}

fn severity_label(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "Fix",
        Severity::Warning => "Check",
        Severity::Hint => "Consider",
    }
}

/// The list of findings, and the rules.
#[component]
pub fn ReviewPanel() -> impl IntoView {
    let review = expect_context::<Review>();
    let items = move || {
        review
            .findings
            .get()
            .into_iter()
            .map(|f| {
                let target = f.target;
                let severity = format!("{:?}", f.severity).to_lowercase();
                let grouped = !f.items.is_empty();
                let items = f.items.into_iter().map(|m| {
                    let target = m.target;
                    view! {
                        <li><button type="button" class="link" on:click=move |_| focus_target(target)>{m.label}</button></li>
                    }
                }).collect_view();
                view! {
                    <li class=format!("review-item severity-{severity}") data-rule=f.rule>
                        <span class="severity">{severity_label(f.severity)}</span>
                        <div class="review-text">
                            <p class="review-message">{f.message}</p>
                            {grouped.then(|| view! { <ul class="review-items" aria-label="Where">{items}</ul> })}
                            {f.suggestion.map(|s| view! { <p class="review-suggestion">{s}</p> })}
                        </div>
                        {(!grouped).then(|| view! { <button type="button" class="subtle" on:click=move |_| focus_target(target)>"Go to field"</button> })}
                    </li>
                }
            })
            .collect_view()
    };
    view! {
        <div class="review">
            <p class="review-summary" role="status" aria-label="Review summary">
                {move || match review.count.get() {
                    None => "Nothing written yet: the review checks the draft as you write.".to_owned(),
                    Some(0) => "Nothing to check: a reviewer would find nothing here.".to_owned(),
                    Some(1) => "1 thing to check.".to_owned(),
                    Some(n) => format!("{n} things to check."),
                }}
            </p>
            <ul class="review-list" aria-label="Review findings" hidden=move || review.count.get().is_none()>{items}</ul>
            <details class="review-rules">
                <summary>"Rules"</summary>
                <ul>
                    {RULES
                        .iter()
                        .map(|rule| {
                            let id = rule.id;
                            let input_id = format!("rule-{id}");
                            view! {
                                <li>
                                    <input
                                        type="checkbox"
                                        id=input_id.clone()
                                        prop:checked=move || review.is_on(id)
                                        on:change=move |ev| review.set(id, event_target_checked(&ev))
                                    />
                                    <label for=input_id>{rule.title}</label>
                                </li>
                            }
                        })
                        .collect_view()}
                </ul>
            </details>
        </div>
    }
}
