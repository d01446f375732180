//! auditgate.toml end to end: every kind of mistake is one line naming the
//! file, line and key (exit 2); every setting changes what the binary does;
//! accepted risk hides a finding from the gate only until it expires.

mod common;

use std::path::Path;
use std::process::{Command, Output};

use auditgate::config::Config;
use common::repo::Fixture;
use serde_json::Value;

const OLD: &str = "# Audit\n\n### 1.1 HIGH: Missing CSRF protection on forms\n\n**Location:** `api/forms.py:10`\n";
const NEW: &str = "# Audit\n\n### 1.1 HIGH: Missing CSRF protection on forms\n\n**Location:** `api/forms.py:10`\n\n### 1.2 CRITICAL: SQL injection in the search endpoint\n\n**Location:** `api/search.py:40`\n";

fn run(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_auditgate"))
        .args(args)
        .current_dir(dir)
        .env_clear()
        .env("NO_COLOR", "1")
        .output()
        .unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// A directory outside any repository, holding the two passes and,
/// when given, an auditgate.toml.
fn workspace(config: Option<&str>) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("old.md"), OLD).unwrap();
    std::fs::write(dir.path().join("new.md"), NEW).unwrap();
    if let Some(c) = config {
        std::fs::write(dir.path().join("auditgate.toml"), c).unwrap();
    }
    dir
}

fn json(o: &Output) -> Value {
    serde_json::from_slice(&o.stdout).unwrap_or_else(|_| panic!("no JSON; stderr: {}", stderr(o)))
}

#[test]
fn every_kind_of_mistake_names_the_file_the_line_and_the_key() {
    // Two lines of comment first, so a line count from 0 or from the table
    // would show.
    let accept = |body: &str| format!("# ours\n\n[[accept]]\n{body}");
    let full = "ref = \"1.2\"\nreason = \"r\"\nowner = \"o\"\n";
    let cases: Vec<(String, &str)> = vec![
        (
            "# ours\n\ncolour = 1\n".into(),
            "auditgate.toml:3: unknown key `colour` at the top level",
        ),
        (
            "# ours\n\n[vocabulary]\nresolved = []\nseverty = {}\n".into(),
            "auditgate.toml:5: unknown key `severty` in [vocabulary]",
        ),
        (
            "# ours\n\n[weights]\nhigh = 1\n[weights.extra]\nx = 1\n".into(),
            "auditgate.toml:5: unknown key `extra` in [weights]",
        ),
        (
            accept(&format!("{full}expires = 2099-01-01\nseverity = \"high\"\n")),
            "auditgate.toml:8: unknown key `severity` in [[accept]]",
        ),
        (
            "# ours\n\n[weights]\nhigh = \"ten\"\n".into(),
            "auditgate.toml:4: wrong type for `weights.high`: string \"ten\", expected a number",
        ),
        (
            "# ours\n\n[gate]\nfail-on = \"new-high\"\n".into(),
            "auditgate.toml:4: wrong type for `gate.fail-on`",
        ),
        (
            "# ours\n\n[vocabulary]\nseverity = { showstopper = \"huge\" }\n".into(),
            "auditgate.toml:4: `vocabulary.severity.showstopper`: unknown severity `huge`",
        ),
        (
            "# ours\n\n[sections]\n\"blocking issues\" = \"severe\"\n".into(),
            "auditgate.toml:4: `sections.\"blocking issues\"`: unknown severity `severe`",
        ),
        (
            accept(&format!("{full}expires = \"2026-02-30\"\n")),
            "auditgate.toml:7: `accept.expires`: `2026-02-30` is not a date, expected a date YYYY-MM-DD",
        ),
        (
            accept(&format!("{full}expires = 2026-13-01\n")),
            "auditgate.toml:7: `accept.expires`: not valid TOML",
        ),
        (
            accept(&format!("{full}expires = 20260101\n")),
            "auditgate.toml:7: `accept.expires`: `20260101` is not a date",
        ),
        (
            accept("ref = \"1.2\"\nowner = \"o\"\nexpires = 2099-01-01\n"),
            "auditgate.toml:3: missing key `reason` in [[accept]]",
        ),
        (
            accept("ref = \"1.2\"\nreason = \"r\"\nexpires = 2099-01-01\n"),
            "auditgate.toml:3: missing key `owner` in [[accept]]",
        ),
        (
            accept("ref = \"1.2\"\nreason = \"r\"\nowner = \"o\"\n"),
            "auditgate.toml:3: missing key `expires` in [[accept]]",
        ),
        (
            accept("ref = \"1.2\"\nreason = \"  \"\nowner = \"o\"\nexpires = 2099-01-01\n"),
            "auditgate.toml:5: `accept.reason` must not be empty",
        ),
        (
            accept("reason = \"r\"\nowner = \"o\"\nexpires = 2099-01-01\n"),
            "auditgate.toml:3: an [[accept]] entry names its finding by `fingerprint`, `ref` or `title`",
        ),
        (
            accept("title = \"sql (injection\"\nreason = \"r\"\nowner = \"o\"\nexpires = 2099-01-01\n"),
            "auditgate.toml:4: `accept.title`: `sql (injection` is not a valid regular expression",
        ),
        (
            "# ours\n\n[gate]\nfail-on = [\"critical-growth\", \"everything\"]\n".into(),
            "auditgate.toml:4: `gate.fail-on`: unknown policy `everything`",
        ),
        (
            "# ours\n\n[weights]\ncritical = -3\n".into(),
            "auditgate.toml:4: `weights.critical`: -3 is not a weight",
        ),
        (
            "# ours\n\n[audit]\npath = \"a.md\"\nseries = \"audits/*.md\"\n".into(),
            "auditgate.toml:5: `audit.path` and `audit.series` exclude each other",
        ),
        (
            "# ours\n\n[weights\nhigh = 1\n".into(),
            "auditgate.toml:3: not valid TOML",
        ),
    ];
    for (text, expected) in cases {
        let dir = workspace(Some(&text));
        let o = run(dir.path(), &["diff", "old.md", "new.md"]);
        let e = stderr(&o);
        assert_eq!(o.status.code(), Some(2), "{text}\n{e}");
        assert_eq!(e.lines().count(), 1, "{text}\n{e}");
        assert!(
            e.starts_with(&format!("auditgate: error: {expected}")),
            "{text}\nwanted: {expected}\ngot:    {e}"
        );
    }
}

#[test]
fn an_explicit_config_that_does_not_exist_is_an_error() {
    let dir = workspace(None);
    for cmd in [
        vec!["show", "new.md"],
        vec!["diff", "old.md", "new.md"],
        vec!["history", "--series", "*.md"],
        vec!["check", "--path", "new.md", "--base", "HEAD"],
    ] {
        let mut args = cmd.clone();
        args.extend(["--config", "missing.toml"]);
        let o = run(dir.path(), &args);
        assert_eq!(o.status.code(), Some(2), "{cmd:?}");
        assert!(
            stderr(&o).starts_with("auditgate: error: missing.toml: cannot read the configuration"),
            "{cmd:?}: {}",
            stderr(&o)
        );
    }
}

#[test]
fn init_writes_a_starter_that_parses_and_never_overwrites() {
    let dir = workspace(None);
    let o = run(dir.path(), &["init"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(stdout(&o), "wrote auditgate.toml\n");
    let text = std::fs::read_to_string(dir.path().join("auditgate.toml")).unwrap();
    Config::from_toml(&text, "auditgate.toml").unwrap();
    // Every section the file knows is there, explained.
    for key in [
        "[audit]",
        "[gate]",
        "[weights]",
        "[vocabulary]",
        "[sections]",
        "[[accept]]",
    ] {
        assert!(text.contains(key), "{key} missing from the starter");
    }
    // And the binary reads it as it is.
    let o = run(dir.path(), &["diff", "old.md", "new.md"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));

    std::fs::write(dir.path().join("auditgate.toml"), "# mine\n").unwrap();
    let o = run(dir.path(), &["init"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("already exists; pass --force"),
        "{}",
        stderr(&o)
    );
    assert_eq!(
        std::fs::read_to_string(dir.path().join("auditgate.toml")).unwrap(),
        "# mine\n"
    );
    let o = run(dir.path(), &["init", "--force"]);
    assert_eq!(o.status.code(), Some(0));
    assert_eq!(
        std::fs::read_to_string(dir.path().join("auditgate.toml")).unwrap(),
        text
    );
}

fn severities(dir: &Path, doc: &str) -> Vec<String> {
    std::fs::write(dir.join("doc.md"), doc).unwrap();
    let o = run(dir, &["show", "doc.md", "--format", "json"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    json(&o)["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            format!(
                "{} {}",
                f["severity"].as_str().unwrap(),
                f["status"].as_str().unwrap()
            )
        })
        .collect()
}

#[test]
fn config_words_change_what_the_reader_finds() {
    let doc = "# Audit\n\n### 1. SHOWSTOPPER: Payments double charge\n\n### 2. HIGH: Logs leak tokens — LANDED\n";
    let plain = workspace(None);
    // Without the words the first heading is no finding, the second is open.
    assert_eq!(severities(plain.path(), doc), ["high open"]);
    let configured = workspace(Some(
        "[vocabulary]\nseverity = { showstopper = \"critical\" }\nresolved = [\"landed\"]\n",
    ));
    assert_eq!(
        severities(configured.path(), doc),
        ["critical open", "high resolved"]
    );
}

#[test]
fn section_rules_come_before_the_built_in_ones() {
    let doc = "# Concerns\n\n## Tech Debt\n\n**Globals everywhere:**\n- Issue: module state\n\n## Blocking Issues\n\n**Payments double charge:**\n- Issue: retries are not idempotent\n";
    let plain = workspace(None);
    let before = severities(plain.path(), doc);
    assert_eq!(before[0], "medium open");
    let configured = workspace(Some(
        "[sections]\n\"tech debt\" = \"low\"\n\"blocking issues\" = \"critical\"\n",
    ));
    let after = severities(configured.path(), doc);
    assert_eq!(after, ["low open", "critical open"], "before: {before:?}");
}

#[test]
fn weights_change_the_risk_score() {
    let dir = workspace(Some("[weights]\ncritical = 100\nhigh = 0.5\n"));
    let o = run(
        dir.path(),
        &["diff", "old.md", "new.md", "--format", "json"],
    );
    let v = json(&o);
    assert_eq!(v["risk"]["old"], 0.5);
    assert_eq!(v["risk"]["new"], 100.5);
    assert_eq!(
        v["risk"]["formula"],
        "100×critical + 0.50×high + 2×medium + 1×low + 0×info"
    );
}

#[test]
fn config_policies_are_the_default_gate_and_flags_override_them() {
    // Without a config the default (critical-growth) fails this pair.
    let dir = workspace(Some("[gate]\nfail-on = [\"max-score=1000\"]\n"));
    let o = run(dir.path(), &["diff", "old.md", "new.md"]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    let dir = workspace(Some("[gate]\nfail-on = [\"regressed\", \"new-high\"]\n"));
    let o = run(
        dir.path(),
        &["diff", "old.md", "new.md", "--format", "json"],
    );
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(
        json(&o)["gate"]["reasons"],
        serde_json::json!(["new-high: 1 new or regressed critical/high finding(s)"])
    );
    let o = run(
        dir.path(),
        &["diff", "old.md", "new.md", "--fail-on", "regressed"],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
}

const T0: i64 = 1_764_590_400;

fn repo_with_config(config: &str) -> Fixture {
    let fx = Fixture::new();
    fx.commit(&[("docs/ISSUES.md", Some(OLD))], T0);
    fx.commit(
        &[
            ("docs/ISSUES.md", Some(NEW)),
            ("auditgate.toml", Some(config)),
        ],
        T0 + 86_400,
    );
    fx
}

#[test]
fn the_config_path_lets_diff_check_and_history_run_without_one() {
    let fx = repo_with_config("[audit]\npath = \"docs/ISSUES.md\"\n");
    let o = fx.run(&["diff", "--format", "json"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let v: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["summary"]["new"], 1);
    assert!(v["new"]["source"]
        .as_str()
        .unwrap()
        .ends_with("docs/ISSUES.md"));

    // From a subdirectory: the config is found at the repository root and
    // its path is relative to it.
    std::fs::create_dir_all(fx.path().join("src/deep")).unwrap();
    let o = Command::new(env!("CARGO_BIN_EXE_auditgate"))
        .args(["check", "--comment", "never", "--format", "json"])
        .current_dir(fx.path().join("src/deep"))
        .env_clear()
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let v: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["summary"]["new"], 1);
    assert_eq!(
        v["gate"]["reasons"],
        serde_json::json!(["critical-growth: open critical findings grew from 0 to 1"])
    );

    let o = fx.run(&["history", "--format", "json"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let v: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["rows"].as_array().unwrap().len(), 2);

    // No path anywhere: told how to name one.
    let bare = Fixture::new();
    bare.commit(&[("docs/ISSUES.md", Some(OLD))], T0);
    let o = bare.run(&["check"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("`path` under [audit] in auditgate.toml"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn an_active_acceptance_passes_a_gate_that_would_fail() {
    let plain = workspace(None);
    let o = run(plain.path(), &["diff", "old.md", "new.md"]);
    assert_eq!(
        o.status.code(),
        Some(1),
        "the pair must fail without acceptance"
    );

    let dir = workspace(Some(
        "[[accept]]\nref = \"1.2\"\ntitle = \"sql injection\"\nreason = \"Behind the WAF until the rewrite\"\nowner = \"alice\"\nexpires = 2999-12-31\n",
    ));
    let o = run(
        dir.path(),
        &["diff", "old.md", "new.md", "--format", "json"],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    let v = json(&o);
    assert_eq!(v["gate"]["passed"], true);
    // The audit's own numbers are unchanged; what the gate judged is beside them.
    assert_eq!(v["new"]["counts"]["critical"], 1);
    assert_eq!(v["summary"]["new"], 1);
    assert_eq!(v["summary"]["accepted"], 1);
    assert_eq!(v["risk"]["new"], 15.0);
    assert_eq!(v["risk"]["gated"]["new"], 5.0);
    assert_eq!(v["accepted_risk"]["counts"]["critical"], 1);
    let accepted: Vec<&Value> = v["changes"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["accepted"] == true)
        .collect();
    assert_eq!(accepted.len(), 1);
    assert_eq!(accepted[0]["class"], "new");
    assert_eq!(accepted[0]["acceptance"]["owner"], "alice");
    assert_eq!(accepted[0]["acceptance"]["expires"], "2999-12-31");
    assert_eq!(accepted[0]["acceptance"]["entry"], "auditgate.toml:1");

    let md = stdout(&run(
        dir.path(),
        &["diff", "old.md", "new.md", "--format", "markdown"],
    ));
    assert!(md.contains("### Accepted (1)"), "{md}");
    assert!(
        !md.contains("### New"),
        "an accepted finding is listed once: {md}"
    );
    let table = stdout(&run(dir.path(), &["diff", "old.md", "new.md"]));
    assert!(table.contains("│ accepted │"), "{table}");
    assert!(table.contains("gate: pass"), "{table}");
}

#[test]
fn an_accepted_persisting_finding_cannot_hide_growth_elsewhere() {
    // 1.1 was critical before and is accepted; a second critical arrives.
    let old = "# A\n\n### 1.1 CRITICAL: Secrets in the repository\n";
    let new = "# A\n\n### 1.1 CRITICAL: Secrets in the repository\n\n### 1.2 CRITICAL: SQL injection in search\n";
    let dir = workspace(Some(
        "[[accept]]\nref = \"1.1\"\nreason = \"rotating\"\nowner = \"bob\"\nexpires = 2999-01-01\n",
    ));
    std::fs::write(dir.path().join("old.md"), old).unwrap();
    std::fs::write(dir.path().join("new.md"), new).unwrap();
    let o = run(
        dir.path(),
        &[
            "diff",
            "old.md",
            "new.md",
            "--fail-on",
            "critical-growth,score-growth",
        ],
    );
    assert_eq!(o.status.code(), Some(1), "{}", stdout(&o));
    let out = stdout(&o);
    assert!(
        out.contains("critical-growth: open critical findings grew from 0 to 1"),
        "{out}"
    );
    assert!(
        out.contains("score-growth: risk score rose from 0 to 10"),
        "{out}"
    );
}

#[test]
fn an_expired_acceptance_fails_the_gate_naming_the_entry() {
    let dir = workspace(Some(
        "# accepted risks\n[[accept]]\nref = \"1.2\"\nreason = \"until the rewrite\"\nowner = \"alice\"\nexpires = 2020-01-31\n",
    ));
    // max-score=1000 alone would pass: only the expiry fails it.
    let o = run(
        dir.path(),
        &[
            "diff",
            "old.md",
            "new.md",
            "--fail-on",
            "max-score=1000",
            "--format",
            "json",
        ],
    );
    assert_eq!(o.status.code(), Some(1), "{}", stdout(&o));
    let v = json(&o);
    let reasons = v["gate"]["reasons"].as_array().unwrap();
    assert_eq!(reasons.len(), 1, "{reasons:?}");
    let r = reasons[0].as_str().unwrap();
    assert!(
        r.starts_with(
            "accepted-risk-expired: auditgate.toml:2 (ref 1.2, owner alice) expired on 2020-01-31"
        ),
        "{r}"
    );
    assert!(r.contains("SQL injection in the search endpoint"), "{r}");
    assert_eq!(v["summary"]["accepted"], 0);
    assert_eq!(
        v["accepted_risk"]["expired"][0],
        "auditgate.toml:2 (ref 1.2, owner alice)"
    );
    let c = v["changes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["acceptance"].is_object())
        .unwrap();
    assert_eq!(c["accepted"], false);
    assert_eq!(c["acceptance"]["expired"], true);
}

#[test]
fn a_stale_acceptance_is_a_warning() {
    let dir = workspace(Some(
        "[[accept]]\nfingerprint = \"no-such-finding\"\nreason = \"old\"\nowner = \"carol\"\nexpires = 2999-01-01\n",
    ));
    let o = run(
        dir.path(),
        &["diff", "old.md", "new.md", "--fail-on", "max-score=1000"],
    );
    // A warning, not a failure.
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    let expected = "stale accepted risk: auditgate.toml:1 (fingerprint no-such-finding, owner carol) names no open finding in the new pass; remove it";
    assert!(
        stderr(&o).contains(&format!("auditgate: warning: {expected}")),
        "{}",
        stderr(&o)
    );
    assert!(
        stdout(&o).contains(&format!("warning: {expected}")),
        "{}",
        stdout(&o)
    );
    let o = run(
        dir.path(),
        &[
            "diff",
            "old.md",
            "new.md",
            "--format",
            "json",
            "--fail-on",
            "max-score=1000",
        ],
    );
    assert_eq!(
        json(&o)["accepted_risk"]["stale"],
        serde_json::json!(["auditgate.toml:1 (fingerprint no-such-finding, owner carol)"])
    );
    let md = stdout(&run(
        dir.path(),
        &["diff", "old.md", "new.md", "--format", "markdown"],
    ));
    assert!(md.contains("> **warning**: stale accepted risk"), "{md}");
}

/// The example under "Configuration" in README.md is a file auditgate
/// accepts, so a user who copies it starts from a working configuration.
#[test]
fn the_readme_example_configuration_parses() {
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    let section = &readme[readme
        .find("\n## Configuration")
        .expect("a Configuration section")..];
    let start = section.find("```toml\n").expect("a toml block") + "```toml\n".len();
    let block = &section[start..start + section[start..].find("```").unwrap()];
    let config = Config::from_toml(block, "README.md").unwrap_or_else(|e| panic!("{e}"));
    // Every vocabulary key of the example took effect.
    let v = &config.vocabulary;
    assert!(v.resolved.iter().any(|p| p == "landed"));
    assert!(v.dismissed.iter().any(|p| p == "out of scope"));
    assert!(v.still_open.iter().any(|p| p == "needs follow-up"));
    assert!(v.status_qualifiers.iter().any(|q| q == "audited"));
}
