//! The Review tab: the draft checked the way an experienced incident reviewer would, with each
//! finding linking to the field it concerns, and every rule switchable.

use super::editor::Editor;
use super::fields::focus_target;
use crate::model::resolve::Resolved;
use crate::model::review::{RULES, ReviewFinding, Severity, review_with};
use crate::model::validate::Finding;
use leptos::prelude::*;

/// The review of the open draft (reactive), and the rules the user switched off.
#[derive(Clone, Copy)]
pub struct Review {
    /// What the review finds now.
    pub findings: Memo<Vec<ReviewFinding>>,
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
        Review { findings, disabled }
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
                view! {
                    <li class=format!("review-item severity-{severity}") data-rule=f.rule>
                        <span class="severity">{severity_label(f.severity)}</span>
                        <div class="review-text">
                            <p class="review-message">{f.message}</p>
                            {f.suggestion.map(|s| view! { <p class="review-suggestion">{s}</p> })}
                        </div>
                        <button type="button" class="subtle" on:click=move |_| focus_target(target)>"Go to field"</button>
                    </li>
                }
            })
            .collect_view()
    };
    view! {
        <div class="review">
            <p class="review-summary" role="status" aria-label="Review summary">
                {move || match review.findings.with(Vec::len) {
                    0 => "Nothing to check: a reviewer would find nothing here.".to_owned(),
                    1 => "1 thing to check.".to_owned(),
                    n => format!("{n} things to check."),
                }}
            </p>
            <ul class="review-list" aria-label="Review findings">{items}</ul>
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
