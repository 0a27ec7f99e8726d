//! "Open as issue" (issue 18): in each task's menu, a link to the user's GitHub or GitLab "new
//! issue" page with the task filled in. The repository is asked once, in the menu itself, and kept
//! in the browser (`draft::storage::ISSUE_REPO_KEY`). The address is built by `model::issue`
//! (pure); the app makes no request: the link is an ordinary `<a target=_blank>`.

use super::editor::Editor;
use crate::draft::storage;
use crate::model::Id;
use crate::model::issue::{Repo, issue_url};
use leptos::prelude::*;

/// The repository issues go to, for every task (provided by the app).
#[derive(Clone, Copy)]
pub struct IssueRepo(RwSignal<Option<Repo>>);

impl IssueRepo {
    /// The repository kept in this browser, if any.
    pub fn load() -> IssueRepo {
        let repo = storage::issue_repo().and_then(|s| Repo::parse(&s).ok());
        IssueRepo(RwSignal::new(repo))
    }
}

/// The task's "Open as issue" link, or the box that asks for the repository first.
#[component]
pub fn IssueLink(id: Id) -> impl IntoView {
    let editor = expect_context::<Editor>();
    let repo = expect_context::<IssueRepo>().0;
    let editing = RwSignal::new(false);
    let typed = RwSignal::new(String::new());
    let problem = RwSignal::new(None::<String>);
    // Rebuilt once typing pauses (like the review), not on every keystroke.
    let href = Memo::new(move |_| {
        let repo = repo.get()?;
        editor.settled(|d| d.tasks.iter().find(|t| t.id == id).map(|t| issue_url(&repo, d, t)))
    });
    let input_id = format!("issue-repo-{id}");
    let link_id = format!("issue-link-{id}");
    let save = {
        let link_id = link_id.clone();
        move || match Repo::parse(&typed.get_untracked()) {
            Ok(parsed) => {
                problem.set(match storage::set_issue_repo(&parsed.stored()) {
                    Ok(()) => None,
                    Err(e) => Some(format!("Kept for this page only: {e}.")),
                });
                repo.set(Some(parsed));
                editing.set(false);
                super::fields::focus_later(format!("#{link_id}"));
            }
            Err(e) => problem.set(Some(format!("{e}."))),
        }
    };
    let change = move |_| {
        typed.set(repo.get_untracked().map(|r| r.stored()).unwrap_or_default());
        problem.set(None);
        editing.set(true);
    };
    let body = move || {
        let asking = editing.get() || repo.with(Option::is_none);
        if asking {
            let save = save.clone();
            let save_on_enter = {
                let save = save.clone();
                move |ev: web_sys::KeyboardEvent| {
                    if ev.key() == "Enter" {
                        ev.prevent_default();
                        save();
                    }
                }
            };
            let hint_id = format!("{input_id}-hint");
            view! {
                <div class="issue-repo">
                    <label for=input_id.clone()>"Open as issue in"</label>
                    <input id=input_id.clone() type="text" autocomplete="off" spellcheck="false" placeholder="e.g. owner/repo"
                        aria-describedby=hint_id.clone()
                        prop:value=move || typed.get() on:input=move |ev| typed.set(event_target_value(&ev)) on:keydown=save_on_enter />
                    <p class="hint" id=hint_id>"GitHub owner/repo, or the address of a GitHub or GitLab project. Kept in this browser."</p>
                    <button type="button" class="menu-item" on:click=move |_| save()>"Save repository"</button>
                </div>
            }
            .into_any()
        } else {
            let name = repo.with(|r| r.as_ref().map(Repo::describe).unwrap_or_default());
            view! {
                <a id=link_id.clone() class="menu-item issue-link" href=move || href.get() target="_blank" rel="noopener noreferrer"
                    title=format!("A new issue in {name}, with this task filled in (opens in a new tab)")>
                    <span aria-hidden="true" class="glyph">"↗"</span>
                    <span>"Open as issue"</span>
                </a>
                <button type="button" class="menu-item subtle issue-change" on:click=change>
                    <span aria-hidden="true" class="glyph"></span>
                    <span>{format!("Repository: {name}")}</span>
                </button>
            }
            .into_any()
        }
    };
    view! {
        {body}
        <p class="issue-problem" role="status">{move || problem.get()}</p>
    }
}
