//! A task as a new issue in the team's tracker: the address of GitHub's or GitLab's "new issue"
//! page with the title and body filled in. The app opens nothing itself: the shell puts the
//! address in a link (`target=_blank`), and the user's browser goes there when it is clicked.
//!
//! [`Repo::parse`] reads what people paste as their repository (`owner/repo`, a GitHub address, a
//! GitLab address, self-hosted GitLab included, an SSH remote); [`Repo::stored`] is the one
//! spelling kept in the browser; [`issue_url`] builds the address, every value percent-encoded
//! ([`encode`]).

use super::{Postmortem, Task, title};
use std::fmt;

/// Where issues are opened.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Repo {
    /// A GitHub repository: `https://github.com/OWNER/REPO` (or GitHub Enterprise).
    GitHub {
        /// `https://github.com`, or an Enterprise server's address.
        base: String,
        /// `OWNER/REPO`.
        path: String,
    },
    /// A GitLab project: `https://gitlab.com/GROUP/SUBGROUP/PROJECT`, or self-hosted.
    GitLab {
        /// `https://gitlab.com`, or the self-hosted server's address.
        base: String,
        /// `GROUP/…/PROJECT`.
        path: String,
    },
}

/// Why what was typed is not a repository.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RepoError {
    /// Nothing typed.
    Empty,
    /// Not `owner/repo` or an address with an owner and a repository in it.
    NoPath,
    /// An address that is not `https://` (or `http://`).
    Scheme,
}

impl fmt::Display for RepoError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RepoError::Empty => write!(f, "Type a repository, such as owner/repo"),
            RepoError::NoPath => write!(
                f,
                "A repository is owner/repo, or an address such as https://github.com/owner/repo or https://gitlab.com/group/project"
            ),
            RepoError::Scheme => write!(f, "The address must start with https://"),
        }
    }
}

impl std::error::Error for RepoError {}

const GITHUB: &str = "https://github.com";

impl Repo {
    /// Reads a repository as people paste it: `owner/repo`; `https://github.com/owner/repo`
    /// (with `.git`, `/issues`, `/tree/main`... after it); `https://gitlab.com/group/sub/project`
    /// (with `/-/…` after it); `git@host:owner/repo.git`; an address without `https://`. A
    /// server whose name does not start with `github.` is taken for a self-hosted GitLab.
    pub fn parse(input: &str) -> Result<Repo, RepoError> {
        let input = input.trim().trim_end_matches('/');
        if input.is_empty() {
            return Err(RepoError::Empty);
        }
        // `git@host:owner/repo.git`
        if let Some(rest) = input.strip_prefix("git@") {
            let (host, path) = rest.split_once(':').ok_or(RepoError::NoPath)?;
            return Repo::at(&format!("https://{host}"), host, path);
        }
        let (scheme, rest) = match input.split_once("://") {
            Some((scheme, rest)) => (scheme.to_ascii_lowercase(), rest),
            None => (String::from("https"), input),
        };
        if scheme != "https" && scheme != "http" {
            return Err(RepoError::Scheme);
        }
        let (host, path) = rest.split_once('/').unwrap_or((rest, ""));
        let looks_like_host = host.contains('.') || host.contains(':') || host == "localhost";
        if !input.contains("://") && !looks_like_host {
            // `owner/repo`: GitHub.
            return Repo::at(GITHUB, "github.com", input);
        }
        Repo::at(&format!("{scheme}://{host}"), host, path)
    }

    fn at(base: &str, host: &str, path: &str) -> Result<Repo, RepoError> {
        let host = host.to_ascii_lowercase();
        // Drop what follows the project: `/-/issues` (GitLab), the query and fragment.
        let path = path.split(['?', '#']).next().unwrap_or("");
        let path = path.split("/-/").next().unwrap_or("");
        let parts: Vec<&str> = path.split('/').filter(|p| !p.is_empty()).collect();
        let github = host == "github.com" || host.starts_with("github.");
        let parts: Vec<&str> = if github { parts.into_iter().take(2).collect() } else { parts };
        if parts.len() < 2 || parts.iter().any(|p| p.chars().any(|c| c.is_whitespace())) {
            return Err(RepoError::NoPath);
        }
        let mut path = parts.join("/");
        if let Some(stripped) = path.strip_suffix(".git") {
            path = stripped.to_owned();
        }
        let base = if host == "github.com" { GITHUB.to_owned() } else { base.to_lowercase() };
        Ok(if github { Repo::GitHub { base, path } } else { Repo::GitLab { base, path } })
    }

    /// The one spelling kept in the browser (its address); [`Repo::parse`] reads it back.
    pub fn stored(&self) -> String {
        match self {
            Repo::GitHub { base, path } | Repo::GitLab { base, path } => format!("{base}/{path}"),
        }
    }

    /// How the form names it: `owner/repo on GitHub`, `group/project on gitlab.example.com`.
    pub fn describe(&self) -> String {
        match self {
            Repo::GitHub { base, path } if base == GITHUB => format!("{path} on GitHub"),
            Repo::GitLab { base, path } if base == "https://gitlab.com" => {
                format!("{path} on GitLab")
            }
            Repo::GitHub { base, path } | Repo::GitLab { base, path } => {
                let host = base.split_once("://").map_or(base.as_str(), |(_, h)| h);
                format!("{path} on {host}")
            }
        }
    }
}

/// The issue a task becomes: its title, and a body with the description, the owner, the due date
/// and the postmortem it comes from.
pub fn issue_text(doc: &Postmortem, task: &Task) -> (String, String) {
    let (named, description) = title::split(&task.text);
    let title = if named.trim().is_empty() {
        let first = description.lines().map(str::trim).find(|l| !l.is_empty()).unwrap_or("");
        cut(first, 120)
    } else {
        named.trim().to_owned()
    };
    let title = if title.is_empty() { "Follow-up from a postmortem".to_owned() } else { title };
    let mut body = String::new();
    if !description.trim().is_empty() {
        body.push_str(description.trim());
        body.push_str("\n\n");
    }
    if !task.owner.trim().is_empty() {
        body.push_str(&format!("Owner: {}\n", task.owner.trim()));
    }
    if !task.due.trim().is_empty() {
        body.push_str(&format!("Due: {}\n", task.due.trim()));
    }
    if !task.owner.trim().is_empty() || !task.due.trim().is_empty() {
        body.push('\n');
    }
    let from = if doc.title.trim().is_empty() { "Untitled draft" } else { doc.title.trim() };
    body.push_str(&format!("From the postmortem “{from}”"));
    if !doc.date.trim().is_empty() {
        body.push_str(&format!(" ({})", doc.date.trim()));
    }
    body.push_str(".\n");
    (title, body)
}

fn cut(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_owned();
    }
    let mut out: String = text.chars().take(max - 1).collect();
    out.push('…');
    out
}

/// The address of `repo`'s "new issue" page with `task`'s title and body filled in.
pub fn issue_url(repo: &Repo, doc: &Postmortem, task: &Task) -> String {
    let (title, body) = issue_text(doc, task);
    match repo {
        Repo::GitHub { base, path } => {
            format!("{base}/{path}/issues/new?title={}&body={}", encode(&title), encode(&body))
        }
        Repo::GitLab { base, path } => format!(
            "{base}/{path}/-/issues/new?issue[title]={}&issue[description]={}",
            encode(&title),
            encode(&body)
        ),
    }
}

/// Percent-encodes `text` for a query value: every byte of its UTF-8 but the unreserved
/// characters (`A-Z a-z 0-9 - . _ ~`, RFC 3986 §2.3) becomes `%XX`; a space is `%20`.
pub fn encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len() * 3 / 2);
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn github(path: &str) -> Repo {
        Repo::GitHub { base: GITHUB.into(), path: path.into() }
    }
    fn gitlab(base: &str, path: &str) -> Repo {
        Repo::GitLab { base: base.into(), path: path.into() }
    }

    #[track_caller]
    fn check(input: &str, expect: Result<Repo, RepoError>) {
        assert_eq!(Repo::parse(input), expect, "input: {input:?}");
    }

    #[test]
    fn reads_repositories_as_people_paste_them() {
        check("acme/payments", Ok(github("acme/payments")));
        check("  acme/payments/ ", Ok(github("acme/payments")));
        check("https://github.com/acme/payments", Ok(github("acme/payments")));
        check("https://github.com/acme/payments.git", Ok(github("acme/payments")));
        check("https://github.com/acme/payments/issues/12", Ok(github("acme/payments")));
        check("https://github.com/acme/payments/tree/main/src", Ok(github("acme/payments")));
        check("github.com/acme/payments", Ok(github("acme/payments")));
        check("HTTPS://GitHub.com/acme/payments", Ok(github("acme/payments")));
        check("git@github.com:acme/payments.git", Ok(github("acme/payments")));
        check(
            "https://github.example.com/acme/payments",
            Ok(Repo::GitHub {
                base: "https://github.example.com".into(),
                path: "acme/payments".into(),
            }),
        );
        check(
            "https://gitlab.com/acme/payments",
            Ok(gitlab("https://gitlab.com", "acme/payments")),
        );
        check(
            "https://gitlab.com/acme/platform/payments/-/issues",
            Ok(gitlab("https://gitlab.com", "acme/platform/payments")),
        );
        check(
            "https://git.example.org/ops/infra",
            Ok(gitlab("https://git.example.org", "ops/infra")),
        );
        check(
            "git@gitlab.example.org:ops/infra.git",
            Ok(gitlab("https://gitlab.example.org", "ops/infra")),
        );
        check("http://localhost:8080/ops/infra", Ok(gitlab("http://localhost:8080", "ops/infra")));
    }

    #[test]
    fn refuses_what_is_not_a_repository() {
        check("", Err(RepoError::Empty));
        check("   ", Err(RepoError::Empty));
        check("payments", Err(RepoError::NoPath));
        check("https://github.com/acme", Err(RepoError::NoPath));
        check("https://gitlab.com", Err(RepoError::NoPath));
        check("my org/payments", Err(RepoError::NoPath));
        check("ftp://example.org/a/b", Err(RepoError::Scheme));
        check("javascript://github.com/a/b", Err(RepoError::Scheme));
    }

    #[test]
    fn the_stored_spelling_reads_back_as_the_same_repository() {
        for input in [
            "acme/payments",
            "https://gitlab.com/acme/platform/payments",
            "https://git.example.org/ops/infra",
            "https://github.example.com/acme/payments",
            "http://localhost:8080/ops/infra",
        ] {
            let repo = Repo::parse(input).unwrap();
            assert_eq!(Repo::parse(&repo.stored()), Ok(repo.clone()), "{input}");
        }
    }

    #[test]
    fn describes_where_issues_go() {
        assert_eq!(github("acme/payments").describe(), "acme/payments on GitHub");
        assert_eq!(gitlab("https://gitlab.com", "a/b/c").describe(), "a/b/c on GitLab");
        assert_eq!(
            gitlab("https://git.example.org", "ops/x").describe(),
            "ops/x on git.example.org"
        );
    }

    #[test]
    fn percent_encodes_everything_but_unreserved_characters() {
        assert_eq!(encode("abc-._~XYZ09"), "abc-._~XYZ09");
        assert_eq!(encode("a b&c=d?e#f+g/h"), "a%20b%26c%3Dd%3Fe%23f%2Bg%2Fh");
        assert_eq!(encode("line\nnext"), "line%0Anext");
        assert_eq!(encode("é “x”"), "%C3%A9%20%E2%80%9Cx%E2%80%9D");
        assert_eq!(encode("%20"), "%2520");
    }

    fn doc() -> Postmortem {
        Postmortem {
            title: "Checkout outage".into(),
            date: "2024-03-01".into(),
            ..Postmortem::default()
        }
    }

    fn task(text: &str, owner: &str, due: &str) -> Task {
        Task { text: text.into(), owner: owner.into(), due: due.into(), ..Task::default() }
    }

    #[test]
    fn the_issue_has_the_title_the_details_and_where_it_comes_from() {
        let t =
            task("**Alert on pool size:** page when the pool is 90% used", "Priya", "2024-04-01");
        let (title, body) = issue_text(&doc(), &t);
        assert_eq!(title, "Alert on pool size");
        assert_eq!(
            body,
            "page when the pool is 90% used\n\nOwner: Priya\nDue: 2024-04-01\n\nFrom the postmortem “Checkout outage” (2024-03-01).\n"
        );
    }

    #[test]
    fn a_task_without_a_title_is_named_by_its_first_line() {
        let (title, body) = issue_text(&doc(), &task("Raise the limit\nand document it", "", ""));
        assert_eq!(title, "Raise the limit");
        assert_eq!(
            body,
            "Raise the limit\nand document it\n\nFrom the postmortem “Checkout outage” (2024-03-01).\n"
        );
        let long = "x".repeat(300);
        assert_eq!(issue_text(&doc(), &task(&long, "", "")).0.chars().count(), 120);
        let (title, body) = issue_text(&Postmortem::default(), &task("", "", ""));
        assert_eq!(title, "Follow-up from a postmortem");
        assert_eq!(body, "From the postmortem “Untitled draft”.\n");
    }

    #[test]
    fn github_and_gitlab_addresses() {
        let t = task("**Fix it & ship:** now", "Sam", "");
        assert_eq!(
            issue_url(&github("acme/pay"), &doc(), &t),
            "https://github.com/acme/pay/issues/new?title=Fix%20it%20%26%20ship&body=now%0A%0AOwner%3A%20Sam%0A%0AFrom%20the%20postmortem%20%E2%80%9CCheckout%20outage%E2%80%9D%20%282024-03-01%29.%0A"
        );
        let url = issue_url(&gitlab("https://git.example.org", "ops/infra"), &doc(), &t);
        assert!(
            url.starts_with("https://git.example.org/ops/infra/-/issues/new?issue[title]=Fix%20it%20%26%20ship&issue[description]=now%0A"),
            "{url}"
        );
    }
}
