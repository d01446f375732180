//! `auditgate check` end to end: temp git repositories, a simulated Actions
//! environment, and a local stand-in for the GitHub API.

mod common;

use std::collections::HashMap;
use std::path::Path;
use std::process::Command;

use git2::Oid;
use serde_json::{json, Value};

use common::github::{Fault, Server};
use common::pr::{parse_outputs, pr_repo, AUDIT, DAY, T0, TOKEN, V1, V2};
use common::repo::Fixture;

const V3: &str = "# Audit\n\n### 1.1 HIGH: Missing CSRF protection on forms\n\n**Location:** `api/forms.py:10`\n\n### 1.2 CRITICAL: SQL injection in the search endpoint\n\n**Location:** `api/search.py:40`\n\n### 1.3 HIGH: Session cookie lacks the Secure flag\n";

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
    outputs: HashMap<String, String>,
    summary: String,
}

/// A workspace for one simulated job: event, output and summary files live
/// outside the repository, as on a runner.
struct Job {
    tmp: tempfile::TempDir,
    env: Vec<(String, String)>,
}

impl Job {
    fn new(server: Option<&Server>) -> Job {
        let tmp = tempfile::tempdir().unwrap();
        let mut env = vec![
            ("GITHUB_ACTIONS".into(), "true".into()),
            ("GITHUB_REPOSITORY".into(), "octo/app".into()),
            ("GITHUB_RUN_ID".into(), "42".into()),
            ("GITHUB_SERVER_URL".into(), "https://ghe.example".into()),
            ("GITHUB_TOKEN".into(), TOKEN.into()),
            (
                "GITHUB_OUTPUT".into(),
                tmp.path().join("output").display().to_string(),
            ),
            (
                "GITHUB_STEP_SUMMARY".into(),
                tmp.path().join("summary").display().to_string(),
            ),
            ("RUNNER_TEMP".into(), tmp.path().display().to_string()),
            ("NO_COLOR".into(), "1".into()),
        ];
        if let Some(s) = server {
            env.push(("GITHUB_API_URL".into(), s.base.clone()));
        }
        Job { tmp, env }
    }

    fn pull_request(mut self, number: u64, base: Oid, head: Oid) -> Job {
        let event = json!({
            "action": "synchronize",
            "number": number,
            "pull_request": {
                "number": number,
                "base": { "sha": base.to_string(), "ref": "main" },
                "head": { "sha": head.to_string(), "ref": "feature" }
            }
        });
        let p = self.tmp.path().join("event.json");
        std::fs::write(&p, event.to_string()).unwrap();
        self.env
            .push(("GITHUB_EVENT_NAME".into(), "pull_request".into()));
        self.env
            .push(("GITHUB_EVENT_PATH".into(), p.display().to_string()));
        self
    }

    fn without(mut self, key: &str) -> Job {
        self.env.retain(|(k, _)| k != key);
        self
    }

    fn run(&self, dir: &Path, args: &[&str]) -> Run {
        // Start from nothing: a test run inside GitHub Actions must not see
        // the real job's variables.
        let o = Command::new(env!("CARGO_BIN_EXE_auditgate"))
            .arg("check")
            .args(args)
            .current_dir(dir)
            .env_clear()
            .envs(self.env.iter().map(|(k, v)| (k, v)))
            .output()
            .unwrap();
        let read =
            |name: &str| std::fs::read_to_string(self.tmp.path().join(name)).unwrap_or_default();
        Run {
            code: o.status.code().unwrap(),
            stdout: String::from_utf8_lossy(&o.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&o.stderr).into_owned(),
            outputs: parse_outputs(&read("output")),
            summary: read("summary"),
        }
    }
}

fn bot_comments(s: &Server) -> Vec<common::github::StoredComment> {
    s.comments()
        .into_iter()
        .filter(|c| c.login == "github-actions[bot]")
        .collect()
}

fn assert_no_token(r: &Run) {
    assert!(!r.stdout.contains(TOKEN), "token in stdout");
    assert!(!r.stderr.contains(TOKEN), "token in stderr");
    assert!(!r.summary.contains(TOKEN), "token in summary");
}

#[test]
fn two_runs_leave_one_comment_updated_in_place() {
    let (fx, base, head) = pr_repo();
    let server = Server::start();
    // A person quoting our marker, and enough chatter to need three pages.
    let marker = "<!-- auditgate:comment path=docs/ISSUES.md -->";
    let alice = server.add_comment(
        "alice",
        &format!("copied from the bot:\n{marker}\nold text"),
    );
    for i in 0..3 {
        server.add_comment("bob", &format!("review note {i}"));
    }

    let job = Job::new(Some(&server)).pull_request(7, base, head);
    let r = job.run(fx.path(), &["--path", AUDIT]);
    assert_eq!(
        r.code, 1,
        "critical-growth fails the gate; stderr: {}",
        r.stderr
    );
    assert_no_token(&r);
    let ours = bot_comments(&server);
    assert_eq!(ours.len(), 1);
    assert!(ours[0].body.starts_with(marker));
    assert!(ours[0]
        .body
        .contains("SQL injection in the search endpoint"));
    assert!(ours[0].body.contains("## auditgate: ❌ fail"));

    // Outputs, summary, report file and annotations of the same run.
    let raw = std::fs::read_to_string(job.tmp.path().join("output")).unwrap();
    let opened: Vec<&str> = raw
        .lines()
        .filter_map(|l| l.split_once("<<").map(|(_, d)| d))
        .collect();
    assert_eq!(opened.len(), 9);
    for delim in &opened {
        assert!(delim.len() >= 20, "delimiter too guessable: {delim}");
        // Opened and closed once per output, never inside a value.
        assert_eq!(raw.matches(delim).count(), 2 * opened.len());
    }
    assert_eq!(r.outputs["gate"], "fail");
    assert_eq!(r.outputs["new-count"], "1");
    assert_eq!(r.outputs["resolved-count"], "0");
    assert_eq!(r.outputs["persisting-count"], "1");
    assert_eq!(r.outputs["regressed-count"], "0");
    assert_eq!(r.outputs["critical-delta"], "1");
    assert_eq!(r.outputs["risk-score"], "15");
    assert_eq!(r.outputs["risk-delta"], "10");
    let report: Value =
        serde_json::from_str(&std::fs::read_to_string(&r.outputs["report-path"]).unwrap()).unwrap();
    assert_eq!(report["summary"]["new"], 1);
    assert_eq!(report["gate"]["passed"], false);
    assert!(r.summary.contains("### New (1)"), "{}", r.summary);
    let errors: Vec<&str> = r
        .stdout
        .lines()
        .filter(|l| l.starts_with("::error "))
        .collect();
    assert_eq!(
        errors,
        ["::error file=docs/ISSUES.md,line=7,endLine=9,title=auditgate%3A new critical finding::1.2: SQL injection in the search endpoint"]
    );

    // The author pushes again: the same comment is edited, not a second one.
    let head2 = fx.commit(&[(AUDIT, Some(V3))], T0 + 2 * DAY);
    let job = Job::new(Some(&server)).pull_request(7, base, head2);
    let r = job.run(fx.path(), &["--path", AUDIT]);
    assert_eq!(r.code, 1);
    let ours2 = bot_comments(&server);
    assert_eq!(ours2.len(), 1);
    assert_eq!(ours2[0].id, ours[0].id);
    assert!(ours2[0]
        .body
        .contains("Session cookie lacks the Secure flag"));
    let alice_now = server
        .comments()
        .into_iter()
        .find(|c| c.id == alice)
        .unwrap();
    assert!(
        alice_now.body.ends_with("old text"),
        "a person's comment was edited"
    );

    let reqs = server.requests();
    assert!(reqs
        .iter()
        .all(|q| q.authorization.as_deref() == Some(&*format!("Bearer {TOKEN}"))));
    assert_eq!(reqs.iter().filter(|q| q.method == "POST").count(), 1);
    assert_eq!(reqs.iter().filter(|q| q.method == "PATCH").count(), 1);
    assert!(
        reqs.iter().any(|q| q.path.contains("page=3")),
        "pagination was not followed: {reqs:?}"
    );
}

#[test]
fn read_only_token_warns_once_and_keeps_the_verdict() {
    let (fx, base, head) = pr_repo();
    let server = Server::start();
    server.state.lock().unwrap().read_only = true;
    let r = Job::new(Some(&server))
        .pull_request(3, base, head)
        .run(fx.path(), &["--path", AUDIT]);
    assert_eq!(r.code, 1, "the gate's verdict, not the comment's failure");
    assert_no_token(&r);
    assert_eq!(r.stderr.matches("warning").count(), 1, "{}", r.stderr);
    assert!(r.stderr.contains("read-only token"), "{}", r.stderr);
    assert_eq!(r.stdout.matches("::warning").count(), 1);
    assert_eq!(r.outputs["gate"], "fail", "outputs are still written");
    assert!(!r.summary.is_empty(), "the summary is still written");

    // A passing gate stays a pass even though the comment cannot be written.
    let fixed = fx.commit(&[(AUDIT, Some(V1))], T0 + 2 * DAY);
    let r = Job::new(Some(&server))
        .pull_request(3, head, fixed)
        .run(fx.path(), &["--path", AUDIT, "--comment", "always"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stderr.contains("read-only token"));
    assert_no_token(&r);
}

#[test]
fn server_errors_and_rate_limits_are_retried() {
    let (fx, base, head) = pr_repo();
    let server = Server::start();
    server.fault(Fault {
        method: "GET",
        path_contains: "/comments",
        status: 500,
        headers: vec![],
    });
    server.fault(Fault {
        method: "POST",
        path_contains: "/comments",
        status: 429,
        headers: vec![("Retry-After", "1".into())],
    });
    server.fault(Fault {
        method: "POST",
        path_contains: "/comments",
        status: 403,
        headers: vec![
            ("x-ratelimit-remaining", "0".into()),
            ("x-ratelimit-reset", "0".into()),
        ],
    });
    let r = Job::new(Some(&server))
        .pull_request(9, base, head)
        .run(fx.path(), &["--path", AUDIT]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(!r.stderr.contains("warning"), "{}", r.stderr);
    assert_eq!(bot_comments(&server).len(), 1);
    let reqs = server.requests();
    assert_eq!(
        reqs.iter()
            .filter(|q| q.method == "GET" && q.path.contains("/comments"))
            .count(),
        2
    );
    assert_eq!(reqs.iter().filter(|q| q.method == "POST").count(), 3);
}

#[test]
fn a_comment_is_updated_rather_than_left_stale() {
    let (fx, base, head) = pr_repo();
    let server = Server::start();
    let r = Job::new(Some(&server))
        .pull_request(5, base, head)
        .run(fx.path(), &["--path", AUDIT]);
    assert_eq!(r.code, 1);
    assert_eq!(bot_comments(&server).len(), 1);

    // The next push takes the finding out again: the PR no longer changes anything.
    let back = fx.commit(&[(AUDIT, Some(V1))], T0 + 2 * DAY);
    let r = Job::new(Some(&server))
        .pull_request(5, base, back)
        .run(fx.path(), &["--path", AUDIT]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let ours = bot_comments(&server);
    assert_eq!(ours.len(), 1);
    assert!(
        ours[0]
            .body
            .contains("no longer changes the audit's findings"),
        "{}",
        ours[0].body
    );
    assert!(ours[0].body.contains("## auditgate: ✅ pass"));

    // On another PR with nothing to say and no earlier comment: no comment at all.
    let r = Job::new(Some(&server))
        .pull_request(6, back, back)
        .run(fx.path(), &["--path", AUDIT]);
    assert_eq!(r.code, 0);
    assert!(!server
        .requests()
        .iter()
        .any(|q| q.method == "POST" && q.path.contains("/6/")));
}

#[test]
fn on_failure_and_never_modes() {
    let (fx, base, head) = pr_repo();
    let server = Server::start();
    let r = Job::new(Some(&server))
        .pull_request(1, base, head)
        .run(fx.path(), &["--path", AUDIT, "--comment", "never"]);
    assert_eq!(r.code, 1);
    assert!(
        server.requests().is_empty(),
        "never means no API call at all"
    );

    // A passing PR in on-failure mode posts nothing...
    let r = Job::new(Some(&server))
        .pull_request(1, base, base)
        .run(fx.path(), &["--path", AUDIT, "--comment", "on-failure"]);
    assert_eq!(r.code, 0);
    assert!(bot_comments(&server).is_empty());
    // ...a failing one does.
    let r = Job::new(Some(&server))
        .pull_request(1, base, head)
        .run(fx.path(), &["--path", AUDIT, "--comment", "on-failure"]);
    assert_eq!(r.code, 1);
    assert_eq!(bot_comments(&server).len(), 1);
}

#[test]
fn a_personal_token_comments_as_its_own_user() {
    let (fx, base, head) = pr_repo();
    let server = Server::start();
    server.state.lock().unwrap().viewer = Some("audit-bot".into());
    // The Actions bot's old comment is not ours when we post as audit-bot.
    server.add_comment(
        "github-actions[bot]",
        "<!-- auditgate:comment path=docs/ISSUES.md -->\nfrom another workflow",
    );
    let job = Job::new(Some(&server)).pull_request(2, base, head);
    job.run(fx.path(), &["--path", AUDIT]);
    job.run(fx.path(), &["--path", AUDIT]);
    let mine: Vec<_> = server
        .comments()
        .into_iter()
        .filter(|c| c.login == "audit-bot")
        .collect();
    assert_eq!(mine.len(), 1);
    assert!(server.comments()[0].body.ends_with("from another workflow"));
}

#[test]
fn the_pull_request_is_compared_with_its_merge_base() {
    // main moves on after the branch point and fixes the high finding; the
    // PR did not, and must not be blamed (or credited) for main's change.
    let fx = Fixture::new();
    let fork_point = fx.commit(&[(AUDIT, Some(V1))], T0);
    let head = fx.commit(&[(AUDIT, Some(V2))], T0 + DAY);
    let main_tip = fx.commit_beside(
        fork_point,
        &[(AUDIT, "# Audit\n\nNo findings.\n")],
        T0 + 2 * DAY,
    );
    let r = Job::new(None)
        .pull_request(4, main_tip, head)
        .run(fx.path(), &["--path", AUDIT, "--comment", "never"]);
    assert_eq!(r.outputs["new-count"], "1", "{}", r.stdout);
    assert_eq!(r.outputs["resolved-count"], "0");
    assert_eq!(r.outputs["persisting-count"], "1");
}

#[test]
fn hostile_titles_cannot_forge_the_marker_or_ping_people() {
    let fx = Fixture::new();
    let base = fx.commit(&[(AUDIT, Some(V1))], T0);
    let evil = format!(
        "{V1}\n### 1.2 CRITICAL: @octocat <!-- auditgate:comment path=docs/ISSUES.md --> <img src=x onerror=alert(1)> | broken | table\n"
    );
    let head = fx.commit(&[(AUDIT, Some(&evil))], T0 + DAY);
    let server = Server::start();
    let r = Job::new(Some(&server))
        .pull_request(8, base, head)
        .run(fx.path(), &["--path", AUDIT]);
    assert_eq!(r.code, 1);
    let body = &bot_comments(&server)[0].body;
    assert_eq!(body.matches("<!--").count(), 1, "{body}");
    assert!(!body.contains("@octocat"), "{body}");
    assert!(!body.contains("<img"), "{body}");
    assert!(!r.summary.contains("<img") && !r.summary.contains("@octocat"));
    // Workflow-command data cannot end the annotation or start another.
    let ann: Vec<&str> = r
        .stdout
        .lines()
        .filter(|l| l.starts_with("::error"))
        .collect();
    assert_eq!(ann.len(), 1);
}

#[test]
fn annotations_are_capped_most_severe_first() {
    let fx = Fixture::new();
    let base = fx.commit(&[(AUDIT, Some("# Audit\n"))], T0);
    let mut text = String::from("# Audit\n");
    for i in 1..=12 {
        text.push_str(&format!(
            "\n### LOG-{i}: MEDIUM: Logging gap number {i} in module m{i}\n"
        ));
        text.push_str(&format!(
            "\n### SEC-{i}: CRITICAL: Injection flaw number {i} in handler h{i}\n"
        ));
    }
    let head = fx.commit(&[(AUDIT, Some(&text))], T0 + DAY);
    let r = Job::new(None)
        .pull_request(1, base, head)
        .run(fx.path(), &["--path", AUDIT, "--comment", "never"]);
    let lines: Vec<&str> = r.stdout.lines().filter(|l| l.starts_with("::")).collect();
    let errors = lines.iter().filter(|l| l.starts_with("::error ")).count();
    let warnings: Vec<&&str> = lines
        .iter()
        .filter(|l| l.starts_with("::warning "))
        .collect();
    assert_eq!(errors, 10);
    assert_eq!(warnings.len(), 10);
    assert!(warnings.iter().all(|w| w.contains("new medium finding")));
    let notices: Vec<&&str> = lines
        .iter()
        .filter(|l| l.starts_with("::notice "))
        .collect();
    assert_eq!(notices.len(), 1);
    assert!(notices[0].contains("4 more"), "{}", notices[0]);
    assert_eq!(r.outputs["new-count"], "24");
}

#[test]
fn outside_actions_it_compares_with_the_previous_pass_and_prints_no_commands() {
    let (fx, _, _) = pr_repo();
    let r = Job::new(None)
        .without("GITHUB_ACTIONS")
        .without("GITHUB_OUTPUT")
        .without("GITHUB_STEP_SUMMARY")
        .run(fx.path(), &["--path", AUDIT, "--format", "json"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    let v: Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(v["summary"]["new"], 1);
    assert!(r.outputs.is_empty() && r.summary.is_empty());
}

#[test]
fn an_audit_added_by_the_pull_request_is_all_new() {
    let fx = Fixture::new();
    let base = fx.commit(&[("README.md", Some("hello\n"))], T0);
    let head = fx.commit(&[(AUDIT, Some(V2))], T0 + DAY);
    let r = Job::new(None)
        .pull_request(1, base, head)
        .run(fx.path(), &["--path", AUDIT, "--comment", "never"]);
    assert_eq!(r.code, 1);
    assert_eq!(r.outputs["new-count"], "2");
    assert!(r.stderr.contains("does not exist at"), "{}", r.stderr);
}

#[test]
fn a_base_missing_from_a_shallow_clone_is_an_error_with_the_fix() {
    let (fx, _, head) = pr_repo();
    let unknown = Oid::from_str("1234567890123456789012345678901234567890").unwrap();
    let r = Job::new(None)
        .pull_request(1, unknown, head)
        .run(fx.path(), &["--path", AUDIT, "--comment", "never"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("fetch-depth: 0"), "{}", r.stderr);
    assert_eq!(r.stderr.lines().count(), 1);
}

#[test]
fn an_audit_deleted_by_the_pull_request_never_passes() {
    let (fx, base, _) = pr_repo();
    let gone = fx.commit(&[(AUDIT, None)], T0 + 2 * DAY);
    let r = Job::new(None)
        .pull_request(1, base, gone)
        .run(fx.path(), &["--path", AUDIT, "--comment", "never"]);
    assert_ne!(r.code, 0, "{}", r.stdout);
    assert!(r.stderr.contains("missing"), "{}", r.stderr);
}

#[test]
fn sarif_file_is_valid_and_points_at_the_audit() {
    let (fx, base, head) = pr_repo();
    let job = Job::new(None).pull_request(1, base, head);
    let sarif = job.tmp.path().join("audit.sarif");
    let r = job.run(
        fx.path(),
        &[
            "--path",
            AUDIT,
            "--comment",
            "never",
            "--sarif-file",
            sarif.to_str().unwrap(),
        ],
    );
    assert_eq!(r.code, 1, "{}", r.stderr);
    let doc: Value = serde_json::from_str(&std::fs::read_to_string(&sarif).unwrap()).unwrap();
    let v = common::sarif::validator();
    assert_eq!(common::sarif::errors(&v, &doc), Vec::<String>::new());
    let results = doc["runs"][0]["results"].as_array().unwrap();
    let states: Vec<&str> = results
        .iter()
        .map(|r| r["baselineState"].as_str().unwrap())
        .collect();
    assert_eq!(states.iter().filter(|s| **s == "new").count(), 1);
    assert_eq!(states.iter().filter(|s| **s == "unchanged").count(), 1);
    for r in results {
        assert_eq!(
            r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
            AUDIT
        );
    }
}

#[test]
fn a_pull_request_that_moves_the_audit_is_compared_across_the_move() {
    let fx = Fixture::new();
    let base = fx.commit(&[("ISSUES.md", Some(V2))], T0);
    let head = fx.commit(&[("ISSUES.md", None), (AUDIT, Some(V2))], T0 + DAY);
    let r = Job::new(None)
        .pull_request(1, base, head)
        .run(fx.path(), &["--path", AUDIT, "--comment", "never"]);
    assert_eq!(r.code, 0, "a move is not new risk: {}", r.stderr);
    assert_eq!(r.outputs["new-count"], "0");
    assert_eq!(r.outputs["persisting-count"], "2");
    assert!(r.stderr.contains("was ISSUES.md at"), "{}", r.stderr);
}

/// Five open findings, one a line: what an audit cut short is cut from.
const FIVE: &str = "# Audit\n\n### 1.1 CRITICAL: SQL injection in the search endpoint\n\n**Location:** `api/search.py:40`\n\n### 1.2 HIGH: Missing CSRF protection on forms\n\n**Location:** `api/forms.py:10`\n\n### 1.3 HIGH: Session cookie lacks the Secure flag\n\n**Location:** `api/session.py:7`\n\n### 1.4 MEDIUM: Unbounded retries in the mail worker\n\n**Location:** `workers/mail.py:51`\n\n### 1.5 LOW: Stack traces in error pages\n\n**Location:** `api/errors.py:12`\n";

/// A rewrite stopped at an output limit keeps the head of the audit: no
/// critical count moves and fewer than half the findings vanish, so only the
/// `truncated` policy, on by default, fails it. Naming policies (flag or
/// configuration) replaces the defaults: the documented way out.
#[test]
fn a_pass_cut_short_fails_the_default_gate_until_policies_are_named() {
    let fx = Fixture::new();
    fx.commit(&[(AUDIT, Some(FIVE))], T0);
    let cut = &FIVE[..FIVE.find("### 1.4").unwrap() + 20];
    fx.commit(&[(AUDIT, Some(cut))], T0 + DAY);
    let job = Job::new(None);
    let r = job.run(fx.path(), &["--path", AUDIT, "--comment", "never"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    let v: Value =
        serde_json::from_str(&std::fs::read_to_string(&r.outputs["report-path"]).unwrap()).unwrap();
    let codes: Vec<&str> = v["alerts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["code"].as_str().unwrap())
        .collect();
    assert_eq!(codes, ["truncated"]);
    let reasons = v["gate"]["reasons"].as_array().unwrap();
    assert_eq!(reasons.len(), 1);
    assert!(
        reasons[0]
            .as_str()
            .unwrap()
            .starts_with("truncated: the last 2 open findings of "),
        "{reasons:?}"
    );
    assert_eq!(r.outputs["gate"], "fail");
    assert!(
        r.stdout.contains("title=auditgate%3A truncated::"),
        "annotated: {}",
        r.stdout
    );
    assert!(
        r.summary.contains("**truncated**"),
        "the alert is shown: {}",
        r.summary
    );

    let flag = job.run(
        fx.path(),
        &[
            "--path",
            AUDIT,
            "--comment",
            "never",
            "--fail-on",
            "critical-growth",
        ],
    );
    assert_eq!(flag.code, 0, "{}", flag.stdout);
    assert!(flag.stdout.contains("alert[truncated]"), "{}", flag.stdout);

    fx.commit(
        &[(
            "auditgate.toml",
            Some("[gate]\nfail-on = [\"critical-growth\"]\n"),
        )],
        T0 + 2 * DAY,
    );
    let config = job.run(fx.path(), &["--path", AUDIT, "--comment", "never"]);
    assert_eq!(config.code, 0, "{}", config.stdout);
}

/// `max-score=NaN` compares false with every score and `inf` (or `1e999`)
/// is never exceeded: a gate that can never fail is a usage error.
#[test]
fn a_max_score_that_cannot_judge_is_a_usage_error() {
    let (fx, _, _) = pr_repo();
    let job = Job::new(None);
    for n in ["NaN", "inf", "1e999", "-1"] {
        let r = job.run(
            fx.path(),
            &[
                "--path",
                AUDIT,
                "--comment",
                "never",
                "--fail-on",
                &format!("max-score={n}"),
            ],
        );
        assert_eq!(r.code, 2, "max-score={n}: {}", r.stdout);
        assert!(
            r.stderr.lines().next().unwrap().contains(&format!(
                "max-score needs a finite number of 0 or more, got `{n}`"
            )),
            "{}",
            r.stderr
        );
        assert!(r.outputs.is_empty(), "no verdict is published");
    }
    fx.commit(
        &[(
            "auditgate.toml",
            Some("[gate]\nfail-on = [\"max-score=NaN\"]\n"),
        )],
        T0 + 2 * DAY,
    );
    let r = job.run(fx.path(), &["--path", AUDIT, "--comment", "never"]);
    assert_eq!(r.code, 2, "{}", r.stdout);
    assert_eq!(
        r.stderr.trim(),
        "auditgate: error: auditgate.toml:2: `gate.fail-on`: max-score needs a finite number of 0 or more, got `NaN`"
    );
}
