//! Passes from git history, on repositories the tests build in temp dirs
//! with fixed commit times.

mod common;

use std::process::{Command, Output};

use git2::Oid;
use serde_json::Value;

use common::repo::Fixture;

const DAY: i64 = 86_400;
/// 2025-12-01T12:00:00Z
const T0: i64 = 1_764_590_400;

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// auditgate run in `dir` (not necessarily a fixture's repository).
fn run_in(dir: &std::path::Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_auditgate"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .output()
        .unwrap()
}

/// Deletes a commit object, as a clone that lacks it would.
fn lose_commit(f: &Fixture, id: Oid) {
    let hex = id.to_string();
    let object = f
        .path()
        .join(".git/objects")
        .join(&hex[..2])
        .join(&hex[2..]);
    std::fs::remove_file(object).unwrap();
}

fn short(oid: Oid) -> String {
    oid.to_string()[..7].to_string()
}

const P1: &str = "# Audit\n\n### 1.1 CRITICAL: SQL injection in search\n\n**Location:** `api/search.py:10`\n\n### 1.2 HIGH: Missing CSRF protection\n";
const P2: &str = "# Audit\n\n### 1.1 ~~CRITICAL: SQL injection in search~~ FIXED\n\n**Location:** `api/search.py:10`\n\n### 1.2 HIGH: Missing CSRF protection\n";
const P3: &str =
    "# Audit\n\n### 1.2 HIGH: Missing CSRF protection\n\n### 1.3 MEDIUM: Verbose error pages\n";

fn titles(v: &Value, class: &str) -> Vec<String> {
    v["changes"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["class"] == class)
        .map(|c| {
            c["new"]
                .get("title")
                .or(c["old"].get("title"))
                .unwrap()
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect()
}

#[test]
fn previous_pass_is_the_last_commit_that_changed_the_file() {
    let f = Fixture::new();
    let c1 = f.commit(&[("AUDIT.md", Some(P1))], T0);
    let c2 = f.commit(&[("AUDIT.md", Some(P2))], T0 + DAY);
    f.commit(&[("README.md", Some("unrelated"))], T0 + 2 * DAY);
    // The working tree equals the last commit that changed the file: compare with the one before.
    let (code, v) = f.json(&["diff", "AUDIT.md", "--format", "json"]);
    assert_eq!(code, 0);
    assert_eq!(v["old"]["source"], format!("{}:AUDIT.md", short(c1)));
    assert_eq!(titles(&v, "resolved"), ["SQL injection in search"]);
    // An uncommitted edit: compare with the last commit that changed the file.
    std::fs::write(f.path().join("AUDIT.md"), P3).unwrap();
    let (_, v) = f.json(&["diff", "--path", "AUDIT.md", "--format", "json"]);
    assert_eq!(v["old"]["source"], format!("{}:AUDIT.md", short(c2)));
    assert_eq!(titles(&v, "new"), ["Verbose error pages"]);
}

#[test]
fn base_revision_and_rev_specs() {
    let f = Fixture::new();
    let c1 = f.commit(&[("AUDIT.md", Some(P1))], T0);
    f.commit(&[("AUDIT.md", Some(P2))], T0 + DAY);
    f.commit(&[("AUDIT.md", Some(P3))], T0 + 2 * DAY);
    let (code, v) = f.json(&[
        "diff",
        "AUDIT.md",
        "--base",
        &c1.to_string(),
        "--format",
        "json",
    ]);
    assert_eq!(code, 0);
    assert_eq!(v["old"]["source"], format!("{}:AUDIT.md", short(c1)));
    assert_eq!(v["summary"]["resolved"], 1);
    assert_eq!(v["summary"]["new"], 1);
    let (_, v) = f.json(&[
        "diff",
        "HEAD~2:AUDIT.md",
        "HEAD~1:AUDIT.md",
        "--format",
        "json",
    ]);
    assert_eq!(titles(&v, "resolved"), ["SQL injection in search"]);
}

#[test]
fn passes_by_date() {
    let f = Fixture::new();
    f.commit(&[("AUDIT.md", Some(P1))], T0);
    f.commit(&[("AUDIT.md", Some(P2))], T0 + DAY);
    f.commit(&[("AUDIT.md", Some(P3))], T0 + 2 * DAY);
    let (_, v) = f.json(&[
        "diff",
        "AUDIT.md",
        "--from",
        "2025-12-01",
        "--to",
        "2025-12-03",
        "--format",
        "json",
    ]);
    assert_eq!(v["old"]["counts"]["critical"], 1);
    assert_eq!(v["new"]["counts"]["medium"], 1);
    // 2025-12-02T11:59 is before the second commit (12:00): still the first pass.
    let (_, v) = f.json(&["show", "@2025-12-02T11:59:AUDIT.md", "--format", "json"]);
    assert_eq!(v["counts"]["critical"], 1);
    let (_, v) = f.json(&["show", "AUDIT.md", "--at", "2025-12-02", "--format", "json"]);
    assert_eq!(v["counts"]["critical"], 0);
    let o = f.run(&["show", "@2025-11-01:AUDIT.md"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("no commit on or before 2025-11-01 23:59:59 UTC changed it"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn renames_are_followed() {
    let f = Fixture::new();
    f.commit(&[("ISSUES.md", Some(P1))], T0);
    f.commit(
        &[("ISSUES.md", None), ("docs/ISSUES.md", Some(P2))],
        T0 + DAY,
    );
    let (code, v) = f.json(&["history", "--path", "docs/ISSUES.md", "--format", "json"]);
    assert_eq!(code, 0);
    let paths: Vec<&str> = v["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["path"].as_str().unwrap())
        .collect();
    assert_eq!(paths, ["ISSUES.md", "docs/ISSUES.md"]);
    let (_, v) = f.json(&["diff", "docs/ISSUES.md", "--format", "json"]);
    assert!(
        v["old"]["source"].as_str().unwrap().ends_with(":ISSUES.md"),
        "{}",
        v["old"]["source"]
    );
    assert_eq!(titles(&v, "resolved"), ["SQL injection in search"]);
}

#[test]
fn regression_across_three_passes() {
    let f = Fixture::new();
    f.commit(&[("AUDIT.md", Some(P1))], T0);
    f.commit(&[("AUDIT.md", Some(P2))], T0 + DAY);
    f.commit(&[("AUDIT.md", Some(P3))], T0 + 2 * DAY);
    // The SQL injection was fixed in pass 2, gone in pass 3, and is back now.
    let back = format!("{P3}\n### 2.1 CRITICAL: SQL injection in the search endpoint\n\n**Location:** `api/search.py:12`\n");
    std::fs::write(f.path().join("AUDIT.md"), back).unwrap();
    let (code, v) = f.json(&[
        "diff",
        "AUDIT.md",
        "--format",
        "json",
        "--fail-on",
        "regressed",
    ]);
    assert_eq!(code, 1);
    assert_eq!(
        titles(&v, "regressed"),
        ["SQL injection in the search endpoint"]
    );
    assert_eq!(v["summary"]["new"], 0);
    // Without the walk back (depth 0), it would only look new.
    let (_, v) = f.json(&[
        "diff",
        "AUDIT.md",
        "--format",
        "json",
        "--history-depth",
        "0",
    ]);
    assert_eq!(v["summary"]["regressed"], 0);
    assert_eq!(v["summary"]["new"], 1);
}

#[test]
fn a_finding_deleted_from_the_audit_and_back_is_a_regression() {
    let f = Fixture::new();
    f.commit(&[("AUDIT.md", Some(P1))], T0);
    // The CSRF finding is deleted, with no mark: fixed, by the audit's account.
    let gone = "# Audit\n\n### 1.1 CRITICAL: SQL injection in search\n\n**Location:** `api/search.py:10`\n";
    f.commit(&[("AUDIT.md", Some(gone))], T0 + DAY);
    f.commit(
        &[(
            "AUDIT.md",
            Some(&format!("{gone}\n### 1.3 LOW: Verbose errors\n")),
        )],
        T0 + 2 * DAY,
    );
    let back =
        format!("{gone}\n### 1.3 LOW: Verbose errors\n\n### 2.1 HIGH: Missing CSRF protection\n");
    std::fs::write(f.path().join("AUDIT.md"), back).unwrap();
    let (code, v) = f.json(&[
        "diff",
        "AUDIT.md",
        "--format",
        "json",
        "--fail-on",
        "regressed",
    ]);
    assert_eq!(code, 1);
    assert_eq!(titles(&v, "regressed"), ["Missing CSRF protection"]);
    assert_eq!(v["summary"]["new"], 0);
    // One file per pass: the same.
    let back = std::fs::read_to_string(f.path().join("AUDIT.md")).unwrap();
    f.commit(
        &[
            ("passes/1.md", Some(P1)),
            ("passes/2.md", Some(gone)),
            (
                "passes/3.md",
                Some(&format!("{gone}\n### 1.3 LOW: Verbose errors\n")),
            ),
            ("passes/4.md", Some(&back)),
        ],
        T0 + 3 * DAY,
    );
    let (_, v) = f.json(&["diff", "--series", "passes/*.md", "--format", "json"]);
    assert_eq!(titles(&v, "regressed"), ["Missing CSRF protection"]);
}

#[test]
fn a_diff_reads_a_severity_from_the_last_pass_that_stated_it() {
    let f = Fixture::new();
    let stated = "# Audit\n\n### 1.1 CRITICAL: Token logged at startup\n";
    let omitted = "# Audit\n\n### 1.1 Token logged at startup\n\nStill there.\n";
    f.commit(&[("AUDIT.md", Some(stated))], T0);
    f.commit(&[("AUDIT.md", Some(omitted))], T0 + DAY);
    f.commit(&[("AUDIT.md", Some(&format!("{omitted}\n")))], T0 + 2 * DAY);
    std::fs::write(f.path().join("AUDIT.md"), format!("{omitted}\n\n")).unwrap();
    let (_, v) = f.json(&["diff", "AUDIT.md", "--format", "json"]);
    assert_eq!(v["old"]["counts"]["critical"], 1, "{}", v["old"]);
    assert_eq!(v["new"]["counts"]["critical"], 1, "{}", v["new"]);
    // A pass that then states another severity lowered it.
    let low = "# Audit\n\n### 1.1 LOW: Token logged at startup\n";
    std::fs::write(f.path().join("AUDIT.md"), low).unwrap();
    let (_, v) = f.json(&["diff", "AUDIT.md", "--format", "json"]);
    assert_eq!(v["summary"]["deescalated"], 1, "{}", v["summary"]);
}

#[test]
fn history_rows_and_trend() {
    let f = Fixture::new();
    f.commit(&[("AUDIT.md", Some(P1))], T0);
    f.commit(&[("AUDIT.md", Some(P2))], T0 + DAY);
    f.commit(&[("AUDIT.md", Some(P3))], T0 + 2 * DAY);
    let (_, v) = f.json(&["history", "--path", "AUDIT.md", "--format", "json"]);
    let rows: Vec<(u64, u64, f64)> = v["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["new"].as_u64().unwrap(),
                r["resolved"].as_u64().unwrap(),
                r["risk"].as_f64().unwrap(),
            )
        })
        .collect();
    assert_eq!(rows, [(2, 0, 15.0), (0, 1, 5.0), (1, 0, 7.0)]);
    assert_eq!(v["rows"][0]["date"], "2025-12-01 12:00");
    let open: Vec<(&str, u64)> = v["open"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| {
            (
                a["finding"]["title"].as_str().unwrap(),
                a["passes"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        open,
        [("Missing CSRF protection", 3), ("Verbose error pages", 1)]
    );
    let o = f.run(&["history", "--path", "AUDIT.md", "--format", "markdown"]);
    let md = String::from_utf8_lossy(&o.stdout);
    assert!(md.contains("```mermaid\nxychart-beta"), "{md}");
    assert!(md.contains("line [15, 5, 7]"), "{md}");
    let o = f.run(&["history", "--path", "AUDIT.md"]);
    assert!(
        String::from_utf8_lossy(&o.stdout).contains("risk █▁▂"),
        "{}",
        String::from_utf8_lossy(&o.stdout)
    );
}

/// Long enough for the walk to read blobs and diff passes on several
/// threads: every row must still be the right pass, in order.
#[test]
fn long_history_keeps_every_pass_in_order() {
    let f = Fixture::new();
    let passes = 12;
    for n in 1..=passes {
        // Pass n lists findings 1..=n; finding 3 is fixed in pass 6 and
        // comes back in pass 9, having vanished in between.
        let mut md = String::from("# Audit\n\n");
        for k in 1..=n {
            if k == 3 && (6..9).contains(&n) {
                if n == 6 {
                    md.push_str("### 1.3 ~~HIGH: Finding number three~~ FIXED\n\n");
                }
                continue;
            }
            let word = [
                "alpha", "bravo", "three", "delta", "echo", "foxtrot", "golf", "hotel", "india",
                "juliet", "kilo", "lima",
            ][k - 1];
            let title = if k == 3 {
                "Finding number three".to_string()
            } else {
                format!("Problem {word} in module {word}")
            };
            md.push_str(&format!(
                "### 1.{k} HIGH: {title}\n\n**Location:** `src/{word}.rs:{k}`\n\n"
            ));
        }
        f.commit(&[("AUDIT.md", Some(&md))], T0 + n as i64 * DAY);
    }
    let (code, v) = f.json(&["history", "--path", "AUDIT.md", "--format", "json"]);
    assert_eq!(code, 0);
    let rows: Vec<(u64, u64, u64, u64)> = v["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["new"].as_u64().unwrap(),
                r["resolved"].as_u64().unwrap(),
                r["regressed"].as_u64().unwrap(),
                r["counts"]["high"].as_u64().unwrap(),
            )
        })
        .collect();
    // Passes 1-5 add one open finding each; 6 fixes finding 3 and adds 6;
    // 7 and 8 add one each (3 no longer listed in 7 and 8); 9 adds 9 and
    // lists 3 open again: a regression; 10-12 add one each.
    let want = vec![
        (1, 0, 0, 1),
        (1, 0, 0, 2),
        (1, 0, 0, 3),
        (1, 0, 0, 4),
        (1, 0, 0, 5),
        (1, 1, 0, 5),
        (1, 0, 0, 6),
        (1, 0, 0, 7),
        (1, 0, 1, 9),
        (1, 0, 0, 10),
        (1, 0, 0, 11),
        (1, 0, 0, 12),
    ];
    assert_eq!(rows.len(), passes);
    let dates: Vec<&str> = v["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["date"].as_str().unwrap())
        .collect();
    assert_eq!(dates[0], "2025-12-02 12:00");
    assert_eq!(dates[11], "2025-12-13 12:00");
    assert_eq!(rows, want);
}

#[test]
fn shallow_clone_says_fetch_depth() {
    let f = Fixture::new();
    f.commit(&[("AUDIT.md", Some(P1))], T0);
    let c2 = f.commit(&[("AUDIT.md", Some(P2))], T0 + DAY);
    // Mark the last commit as a shallow boundary, as `fetch-depth: 1` leaves it.
    std::fs::write(f.path().join(".git/shallow"), format!("{c2}\n")).unwrap();
    let o = f.run(&["diff", "AUDIT.md"]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("fetch-depth: 0"), "{}", stderr(&o));
}

#[test]
fn shallow_clone_says_fetch_depth_for_base_and_dates_too() {
    let f = Fixture::new();
    f.commit(&[("AUDIT.md", Some(P1))], T0);
    let c2 = f.commit(&[("AUDIT.md", Some(P2))], T0 + DAY);
    f.commit(&[("AUDIT.md", Some(P3))], T0 + 2 * DAY);
    std::fs::write(f.path().join(".git/shallow"), format!("{c2}\n")).unwrap();
    for args in [
        vec!["diff", "AUDIT.md", "--base", "HEAD~2"],
        vec![
            "diff",
            "AUDIT.md",
            "--from",
            "2025-12-01",
            "--to",
            "2025-12-03",
        ],
        vec!["show", "@2025-12-01:AUDIT.md"],
    ] {
        let o = f.run(&args);
        assert_eq!(o.status.code(), Some(2), "{args:?}");
        assert!(
            stderr(&o).contains("fetch-depth: 0"),
            "{args:?}: {}",
            stderr(&o)
        );
    }
}

#[test]
fn first_pass_compares_with_nothing_and_says_so() {
    let f = Fixture::new();
    f.commit(&[("AUDIT.md", Some(P1))], T0);
    let o = f.run(&["diff", "AUDIT.md", "--format", "json"]);
    assert_eq!(
        o.status.code(),
        Some(1),
        "a new critical finding grows the critical count"
    );
    assert!(
        stderr(&o).contains("no earlier version in history; every finding is new"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn a_deleted_audit_never_passes() {
    let f = Fixture::new();
    f.commit(&[("AUDIT.md", Some(P1))], T0);
    f.commit(&[("AUDIT.md", Some(P2))], T0 + DAY);
    std::fs::remove_file(f.path().join("AUDIT.md")).unwrap();
    let o = f.run(&["diff", "AUDIT.md"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("the audit is missing from the working tree"),
        "{}",
        stderr(&o)
    );
    // Compared as empty, it is reported, and the gate still fails.
    let (code, v) = f.json(&["diff", "AUDIT.md", "--allow-missing", "--format", "json"]);
    assert_eq!(code, 1);
    assert_eq!(v["alerts"][0]["code"], "empty-pass");
    assert!(v["gate"]["reasons"][0]
        .as_str()
        .unwrap()
        .starts_with("empty-pass: "));
}

#[test]
fn bad_revisions_and_paths_are_input_errors() {
    let f = Fixture::new();
    f.commit(&[("AUDIT.md", Some(P1))], T0);
    for (args, msg) in [
        (
            vec!["show", "nosuchrev:AUDIT.md"],
            "`nosuchrev` is not a revision of this repository",
        ),
        (
            vec!["show", "HEAD:OTHER.md"],
            "OTHER.md does not exist at HEAD",
        ),
        (
            vec!["show", "HEAD:../outside.md"],
            "../outside.md: the path leaves the repository",
        ),
        (
            vec![
                "diff",
                "AUDIT.md",
                "--from",
                "yesterday",
                "--to",
                "2025-12-01",
            ],
            "`yesterday` is not a date",
        ),
        (
            vec!["diff", "HEAD:AUDIT.md"],
            "HEAD:AUDIT.md: one revision of the audit is not a pair of passes",
        ),
        (
            vec!["show", "@2025-12-05:NEVER.md"],
            "NEVER.md was never committed in the history of HEAD",
        ),
    ] {
        let o = f.run(&args);
        assert_eq!(o.status.code(), Some(2), "{args:?}");
        let e = stderr(&o);
        assert!(e.contains(msg), "{args:?}: {e}");
        assert_eq!(e.lines().count(), 1, "{e}");
    }
    let unborn = Fixture::new();
    let o = unborn.run(&["diff", "AUDIT.md", "--allow-missing"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("the repository has no commit yet"),
        "{}",
        stderr(&o)
    );
    let outside = tempfile::tempdir().unwrap();
    let o = run_in(outside.path(), &["history", "--path", "AUDIT.md"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("not inside a git repository"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn dated_file_series_orders_by_number_and_finds_regressions() {
    let f = Fixture::new();
    // Committed out of order on purpose: the names give the order.
    f.commit(
        &[(
            "audits/AUDIT-10.md",
            Some(&format!("{P3}\n### 2.1 CRITICAL: SQL injection in search\n")[..]),
        )],
        T0 + 2 * DAY,
    );
    f.commit(&[("audits/AUDIT-3.md", Some(P1))], T0);
    f.commit(&[("audits/AUDIT-7.md", Some(P2))], T0 + DAY);
    let (code, v) = f.json(&["diff", "--series", "audits/*.md", "--format", "json"]);
    assert_eq!(code, 1, "a regressed critical grows the critical count");
    assert!(
        v["old"]["source"].as_str().unwrap().ends_with("AUDIT-7.md"),
        "{}",
        v["old"]["source"]
    );
    assert!(
        v["new"]["source"]
            .as_str()
            .unwrap()
            .ends_with("AUDIT-10.md"),
        "{}",
        v["new"]["source"]
    );
    // Fixed in AUDIT-7 (the previous pass itself): a regression against the old side.
    assert_eq!(titles(&v, "regressed"), ["SQL injection in search"]);
    let (_, v) = f.json(&["history", "--series", "audits/*.md", "--format", "json"]);
    let paths: Vec<&str> = v["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["path"].as_str().unwrap())
        .collect();
    assert_eq!(
        paths,
        [
            "audits/AUDIT-3.md",
            "audits/AUDIT-7.md",
            "audits/AUDIT-10.md"
        ]
    );
}

#[test]
fn series_prefers_the_date_the_document_states() {
    let f = Fixture::new();
    let dated = |d: &str, body: &str| {
        format!(
            "# Audit\n\n**Date:** {d}\n{}",
            body.trim_start_matches("# Audit\n")
        )
    };
    f.commit(
        &[
            ("a.md", Some(&dated("2025-12-01", P3)[..])),
            ("b.md", Some(&dated("2025-11-01", P1)[..])),
        ],
        T0,
    );
    let (_, v) = f.json(&["diff", "--series", "*.md", "--format", "json"]);
    assert_eq!(v["old"]["source"], "b.md");
    assert_eq!(v["new"]["source"], "a.md");
    let o = f.run(&["diff", "--series", "nothing/*.md"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("nothing/*.md: no file matches"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn diff_gives_each_open_finding_its_age_through_rewording() {
    let f = Fixture::new();
    f.commit(
        &[(
            "AUDIT.md",
            Some("# Audit\n\n### 1.1 HIGH: Missing CSRF protection on the login form\n"),
        )],
        T0,
    );
    f.commit(
        &[(
            "AUDIT.md",
            Some("# Audit\n\n### 1.1 HIGH: Login form lacks CSRF protection\n"),
        )],
        T0 + DAY,
    );
    f.commit(&[("AUDIT.md", Some("# Audit\n\n### 1.1 HIGH: Login form lacks CSRF protection\n\n### 1.2 LOW: Verbose error pages\n"))], T0 + 2 * DAY);
    std::fs::write(
        f.path().join("AUDIT.md"),
        "# Audit\n\n### 1.1 HIGH: The login form lacks CSRF protection\n\n### 1.2 LOW: Verbose error pages\n\n### 1.3 MEDIUM: No audit log\n",
    )
    .unwrap();
    let (_, v) = f.json(&["diff", "AUDIT.md", "--format", "json"]);
    let age = |title: &str| {
        v["changes"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["new"]["title"] == title)
            .map(|c| c["age"].clone())
            .unwrap()
    };
    // Seen in all three commits and the working tree, under three wordings.
    assert_eq!(age("The login form lacks CSRF protection")["passes"], 4);
    assert_eq!(
        age("The login form lacks CSRF protection")["first_seen"],
        "2025-12-01 12:00"
    );
    assert_eq!(age("Verbose error pages")["passes"], 2);
    assert_eq!(age("No audit log")["passes"], 1);
    let o = f.run(&["diff", "AUDIT.md", "--format", "markdown"]);
    let md = String::from_utf8_lossy(&o.stdout);
    assert!(md.contains("open in 4 passes since 2025-12-01"), "{md}");
}

/// Two criticals: the pass after P1 adds one.
const P1_MORE: &str = "# Audit\n\n### 1.1 CRITICAL: SQL injection in search\n\n**Location:** `api/search.py:10`\n\n### 1.2 HIGH: Missing CSRF protection\n\n### 1.3 CRITICAL: Remote code execution in upload\n";

/// `auditgate check` outside GitHub Actions (whatever runs the tests), with
/// only the variables given.
fn check(dir: &std::path::Path, args: &[&str], env: &[(&str, String)]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_auditgate"))
        .arg("check")
        .args(args)
        .current_dir(dir)
        .env_clear()
        .env("NO_COLOR", "1")
        .envs(env.iter().map(|(k, v)| (k, v)))
        .output()
        .unwrap()
}

#[test]
fn a_crlf_checkout_is_the_committed_pass() {
    let f = Fixture::new();
    let c1 = f.commit(&[("AUDIT.md", Some(P1))], T0);
    f.commit(&[("AUDIT.md", Some(P1_MORE))], T0 + DAY);
    // What `core.autocrlf` or `eol=crlf` leaves in the working tree.
    let crlf = P1_MORE.replace('\n', "\r\n");
    std::fs::write(f.path().join("AUDIT.md"), crlf).unwrap();
    let (code, v) = f.json(&["diff", "AUDIT.md", "--format", "json"]);
    assert_eq!(v["old"]["source"], format!("{}:AUDIT.md", short(c1)));
    assert_eq!(titles(&v, "new"), ["Remote code execution in upload"]);
    assert_eq!(code, 1, "the critical count grew");
}

#[test]
fn check_head_compares_with_the_pass_before_that_revision() {
    let f = Fixture::new();
    let c1 = f.commit(&[("AUDIT.md", Some(P1))], T0);
    let c2 = f.commit(&[("AUDIT.md", Some(P1_MORE))], T0 + DAY);
    f.commit(&[("AUDIT.md", Some(P3))], T0 + 2 * DAY);
    let o = check(f.path(), &["--path", "AUDIT.md", "--head", "HEAD~1"], &[]);
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(
        out.contains(&format!("{}:AUDIT.md → {}:AUDIT.md", short(c1), short(c2))),
        "{out}\n{}",
        stderr(&o)
    );
    assert_eq!(o.status.code(), Some(1), "{out}");
}

#[test]
fn a_pull_request_head_missing_from_the_clone_is_said() {
    let f = Fixture::new();
    let c1 = f.commit(&[("AUDIT.md", Some(P1))], T0);
    f.commit(&[("AUDIT.md", Some(P2))], T0 + DAY);
    let tmp = tempfile::tempdir().unwrap();
    let event = tmp.path().join("event.json");
    let head = "1234567890abcdef1234567890abcdef12345678";
    std::fs::write(
        &event,
        serde_json::json!({"number": 3, "pull_request": {"number": 3,
            "base": {"sha": c1.to_string(), "ref": "main"},
            "head": {"sha": head, "ref": "feature"}}})
        .to_string(),
    )
    .unwrap();
    let o = check(
        f.path(),
        &["--path", "AUDIT.md", "--comment", "never"],
        &[
            ("GITHUB_EVENT_NAME", "pull_request".into()),
            ("GITHUB_EVENT_PATH", event.display().to_string()),
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("the pull request head 1234567890ab is not in this clone"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn an_audit_deleted_and_added_again_keeps_its_history() {
    let f = Fixture::new();
    f.commit(&[("AUDIT.md", Some(P1))], T0);
    let c2 = f.commit(&[("AUDIT.md", Some(P2))], T0 + DAY);
    f.commit(&[("AUDIT.md", None)], T0 + 2 * DAY);
    f.commit(&[("AUDIT.md", Some(P1))], T0 + 3 * DAY);
    // The previous pass is the last one before the deletion, and the fixed
    // finding open again is a regression, not new.
    let (code, v) = f.json(&[
        "diff",
        "AUDIT.md",
        "--fail-on",
        "regressed",
        "--format",
        "json",
    ]);
    assert_eq!(v["old"]["source"], format!("{}:AUDIT.md", short(c2)));
    assert_eq!(titles(&v, "regressed"), ["SQL injection in search"]);
    assert_eq!(code, 1);
    let (_, v) = f.json(&["history", "--path", "AUDIT.md", "--format", "json"]);
    assert_eq!(v["rows"].as_array().unwrap().len(), 3);
    let (_, v) = f.json(&["show", "@2025-12-02:AUDIT.md", "--format", "json"]);
    assert_eq!(v["counts"]["critical"], 0);
}

#[test]
fn from_after_to_is_a_usage_error() {
    let f = Fixture::new();
    f.commit(&[("AUDIT.md", Some(P1))], T0);
    f.commit(&[("AUDIT.md", Some(P2))], T0 + DAY);
    let o = f.run(&[
        "diff",
        "AUDIT.md",
        "--from",
        "2025-12-02",
        "--to",
        "2025-12-01",
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("later than --to"), "{}", stderr(&o));
}

#[test]
fn history_depth_counts_earlier_passes() {
    let f = Fixture::new();
    f.commit(&[("AUDIT.md", Some(P1))], T0);
    f.commit(&[("AUDIT.md", Some(P2))], T0 + DAY);
    f.commit(&[("AUDIT.md", Some(P3))], T0 + 2 * DAY);
    f.commit(&[("AUDIT.md", Some(P1))], T0 + 3 * DAY);
    let rows = |depth: &str| {
        let (_, v) = f.json(&[
            "history",
            "--path",
            "AUDIT.md",
            "--history-depth",
            depth,
            "--format",
            "json",
        ]);
        v["rows"].as_array().unwrap().len()
    };
    assert_eq!(rows("0"), 1);
    assert_eq!(rows("1"), 2);
    assert_eq!(rows("2"), 3);
    assert_eq!(rows("18446744073709551615"), 4, "no overflow to zero");
    // The finding fixed in pass 2 and open in pass 4 is two passes back.
    let regressed = |depth: &str| {
        let (_, v) = f.json(&[
            "diff",
            "AUDIT.md",
            "--history-depth",
            depth,
            "--format",
            "json",
        ]);
        titles(&v, "regressed")
    };
    assert_eq!(
        regressed("18446744073709551615"),
        ["SQL injection in search"]
    );
    assert_eq!(regressed("2"), ["SQL injection in search"]);
    assert!(regressed("0").is_empty());
}

#[test]
fn an_unreadable_earlier_pass_is_left_out_with_a_note() {
    let f = Fixture::new();
    f.commit(&[("AUDIT.md", Some("\0\u{1}binary"))], T0);
    f.commit(&[("AUDIT.md", Some(P1))], T0 + DAY);
    f.commit(&[("AUDIT.md", Some(P2))], T0 + 2 * DAY);
    let o = f.run(&["diff", "AUDIT.md"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("binary content") && stderr(&o).contains("left out of the history"),
        "{}",
        stderr(&o)
    );
    let (code, v) = f.json(&["history", "--path", "AUDIT.md", "--format", "json"]);
    assert_eq!(code, 0);
    assert_eq!(v["rows"].as_array().unwrap().len(), 2);
}

#[test]
fn repo_flag_reads_the_working_file_of_that_repository() {
    let f = Fixture::new();
    let c1 = f.commit(&[("AUDIT.md", Some(P1))], T0);
    f.commit(&[("AUDIT.md", Some(P2))], T0 + DAY);
    // Elsewhere, a file of the same name that belongs to no repository.
    let elsewhere = tempfile::tempdir().unwrap();
    std::fs::write(elsewhere.path().join("AUDIT.md"), P3).unwrap();
    let repo = f.path().display().to_string();
    let o = run_in(
        elsewhere.path(),
        &["diff", "AUDIT.md", "--format", "json", "--repo", &repo],
    );
    let v: Value = serde_json::from_slice(&o.stdout).unwrap_or_else(|_| panic!("{}", stderr(&o)));
    assert_eq!(v["old"]["source"], format!("{}:AUDIT.md", short(c1)));
    assert_eq!(titles(&v, "resolved"), ["SQL injection in search"]);
    assert!(titles(&v, "new").is_empty());
}

#[test]
fn shallow_history_behind_the_previous_pass_is_said() {
    let f = Fixture::new();
    f.commit(&[("AUDIT.md", Some(P1))], T0);
    let c2 = f.commit(&[("AUDIT.md", Some(P2))], T0 + DAY);
    f.commit(&[("AUDIT.md", Some(P3))], T0 + 2 * DAY);
    // `fetch-depth: 2`: the previous pass is here, the ones before it are not.
    std::fs::write(f.path().join(".git/shallow"), format!("{c2}\n")).unwrap();
    let o = f.run(&["diff", "AUDIT.md"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(
        stderr(&o).contains(
            "history is shallow: regressions are judged against the 1 pass(es) in this clone only"
        ),
        "{}",
        stderr(&o)
    );
}

#[test]
fn a_commit_missing_from_the_clone_says_fetch_depth() {
    let f = Fixture::new();
    let c1 = f.commit(&[("AUDIT.md", Some(P1))], T0);
    f.commit(&[("AUDIT.md", Some(P2))], T0 + DAY);
    f.commit(&[("AUDIT.md", Some(P3))], T0 + 2 * DAY);
    // What a linked worktree of a shallow clone shows libgit2: a parent
    // that is not there.
    lose_commit(&f, c1);
    let o = f.run(&["history", "--path", "AUDIT.md"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stderr(&o).contains("history is shallow"), "{}", stderr(&o));
    let o = f.run(&["diff", "AUDIT.md"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("fetch-depth: 0") && !stderr(&o).contains("class="),
        "{}",
        stderr(&o)
    );
    // An audit created inside the history the clone holds is complete there:
    // its first pass is compared with nothing, not refused as shallow.
    let f = Fixture::new();
    let c1 = f.commit(&[("README.md", Some("app"))], T0);
    f.commit(&[("README.md", Some("app v2"))], T0 + DAY);
    f.commit(&[("AUDIT.md", Some(P1))], T0 + 2 * DAY);
    lose_commit(&f, c1);
    let o = f.run(&["diff", "AUDIT.md"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("no earlier version in history"),
        "{}",
        stderr(&o)
    );
    let o = f.run(&["history", "--path", "AUDIT.md"]);
    assert!(!stderr(&o).contains("shallow"), "{}", stderr(&o));
}

#[test]
fn series_passes_stating_one_day_go_by_number() {
    let f = Fixture::new();
    let dated = |body: &str| body.replacen("# Audit\n", "# Audit\n\n**Date:** 2025-11-12\n", 1);
    f.commit(&[("audits/AUDIT-9.md", Some(&dated(P2)))], T0);
    f.commit(&[("audits/AUDIT-10.md", Some(&dated(P1_MORE)))], T0 + DAY);
    let (code, v) = f.json(&["diff", "--series", "audits/*.md", "--format", "json"]);
    assert!(
        v["new"]["source"]
            .as_str()
            .unwrap()
            .ends_with("AUDIT-10.md"),
        "{}",
        v["new"]["source"]
    );
    assert_eq!(code, 1, "AUDIT-10 adds criticals");
    let o = f.run(&["history", "--series", "audits/*.md"]);
    let table = String::from_utf8_lossy(&o.stdout);
    assert!(table.contains("│ file "), "{table}");
    assert!(table.contains("audits/AUDIT-10.md"), "{table}");
}

#[test]
fn a_deleted_series_pass_never_passes() {
    let f = Fixture::new();
    f.commit(&[("audits/audit-2025-11-01.md", Some(P1))], T0);
    f.commit(&[("audits/audit-2025-11-02.md", Some(P2))], T0 + DAY);
    f.commit(
        &[("audits/audit-2025-11-03.md", Some(P1_MORE))],
        T0 + 2 * DAY,
    );
    // Deleted in the working tree, then in a commit: either way the pass
    // before it must not become the newest.
    let newest = f.path().join("audits/audit-2025-11-03.md");
    for committed in [false, true] {
        if committed {
            std::fs::write(&newest, P1_MORE).unwrap();
            f.commit(&[("audits/audit-2025-11-03.md", None)], T0 + 3 * DAY);
        } else {
            std::fs::remove_file(&newest).unwrap();
        }
        let o = f.run(&["diff", "--series", "audits/*.md"]);
        assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
        assert!(
            stderr(&o).contains("audits/audit-2025-11-03.md: a pass of the series"),
            "{}",
            stderr(&o)
        );
    }
    // However the glob is spelled, and whatever was committed since.
    f.commit(&[("README.md", Some("unrelated"))], T0 + 4 * DAY);
    std::fs::create_dir_all(f.path().join("sub")).unwrap();
    for (dir, glob) in [
        (".", "./audits/*.md"),
        (".", "audits//*.md"),
        ("sub", "../audits/*.md"),
    ] {
        let o = run_in(&f.path().join(dir), &["diff", "--series", glob]);
        assert_eq!(o.status.code(), Some(2), "{glob}: {}", stderr(&o));
        assert!(
            stderr(&o).contains("audit-2025-11-03.md: a pass of the series"),
            "{glob}: {}",
            stderr(&o)
        );
    }
    let o = f.run(&["diff", "--series", "audits/*.md", "--allow-missing"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("left out (--allow-missing)"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn a_series_pass_renamed_or_a_file_outside_it_moved_is_no_deletion() {
    let f = Fixture::new();
    f.commit(&[("audits/audit-2025-11-01.md", Some(P1))], T0);
    f.commit(&[("audits/audit-2025-11-02.md", Some(P2))], T0 + DAY);
    f.commit(&[("audits/archive/old.md", Some(P3))], T0 + 2 * DAY);
    // Renamed within the series, and a file of a subdirectory (not matched
    // by `audits/*.md`) moved away: nothing of the series is gone.
    f.commit(
        &[
            ("audits/audit-2025-11-02.md", None),
            ("audits/audit-2025-11-02-final.md", Some(P2)),
            ("audits/archive/old.md", None),
            ("old.md", Some(P3)),
        ],
        T0 + 3 * DAY,
    );
    let o = f.run(&["diff", "--series", "audits/*.md"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
}
