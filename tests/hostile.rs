//! Broken, huge and hostile input, and passes that try to make risk vanish:
//! each case states the outcome it expects (an error naming the file with
//! exit 2, or a correct result), and none may turn the gate green.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

const OLD: &str = "# Audit\n\n### 1.1 CRITICAL: SQL injection in search\n\n**Location:** `api/search.py:10`\n\n### 1.2 HIGH: Missing CSRF protection\n\n### 1.3 MEDIUM: Verbose error pages\n";

struct Dir(tempfile::TempDir);

impl Dir {
    fn new() -> Dir {
        Dir(tempfile::tempdir().unwrap())
    }

    fn file(&self, name: &str, bytes: impl AsRef<[u8]>) -> PathBuf {
        let p = self.0.path().join(name);
        std::fs::write(&p, bytes).unwrap();
        p
    }
}

fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_auditgate"))
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .unwrap()
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn json(o: &Output) -> Value {
    serde_json::from_slice(&o.stdout).unwrap_or_else(|_| panic!("no JSON; stderr: {}", stderr(o)))
}

/// (ref, title, severity, status) of every finding `show` reads.
fn findings(path: &Path) -> Vec<(String, String, String, String)> {
    let o = run(&["show", s(path), "--format", "json"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    json(&o)["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["ref"].as_str().unwrap_or("").to_string(),
                f["title"].as_str().unwrap().to_string(),
                f["severity"].as_str().unwrap().to_string(),
                f["status"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

/// An input error: exit 2 and one line on stderr naming the file and the problem.
fn assert_input_error(o: &Output, file: &Path, problem: &str) {
    assert_eq!(o.status.code(), Some(2), "{}", stderr(o));
    let e = stderr(o);
    assert_eq!(e.lines().count(), 1, "{e}");
    assert!(e.contains(s(file)), "the file is not named: {e}");
    assert!(e.contains(problem), "expected `{problem}`: {e}");
}

fn diff_json(old: &Path, new: &Path, extra: &[&str]) -> (i32, Value) {
    let mut args = vec!["diff", s(old), s(new), "--format", "json"];
    args.extend_from_slice(extra);
    let o = run(&args);
    (o.status.code().unwrap(), json(&o))
}

fn alert_codes(v: &Value) -> Vec<String> {
    v["alerts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["code"].as_str().unwrap().to_string())
        .collect()
}

// ---- broken bytes ----

#[test]
fn an_emptied_or_blank_pass_fails_the_gate() {
    let d = Dir::new();
    let old = d.file("old.md", OLD);
    for (name, text) in [("empty.md", ""), ("blank.md", " \n\t\n\r\n   \n")] {
        let new = d.file(name, text);
        let (code, v) = diff_json(&old, &new, &[]);
        assert_eq!(code, 1, "{name}");
        assert_eq!(alert_codes(&v), ["empty-pass"], "{name}");
        assert_eq!(
            v["summary"]["resolved"], 3,
            "reported as what it is: {name}"
        );
        let reason = v["gate"]["reasons"][0].as_str().unwrap();
        assert!(reason.contains("resolves nothing"), "{reason}");
        // Not even a policy list that leaves everything else out lets it pass.
        let (code, _) = diff_json(&old, &new, &["--fail-on", "max-score=1000"]);
        assert_eq!(code, 1, "{name}");
    }
}

#[test]
fn a_pass_that_says_it_found_nothing_may_be_empty() {
    let d = Dir::new();
    let old = d.file("old.md", OLD);
    let new = d.file(
        "new.md",
        "# Audit, second pass\n\nAll earlier findings were fixed and verified. No issues found.\n",
    );
    let (code, v) = diff_json(&old, &new, &[]);
    assert_eq!(code, 0);
    assert!(alert_codes(&v).is_empty());
    // A first pass with nothing open has nothing to lose either.
    let (code, _) = diff_json(&new, &d.file("blank.md", ""), &[]);
    assert_eq!(code, 0);
}

#[test]
fn a_stub_left_at_the_old_path_says_where_it_points() {
    let d = Dir::new();
    let old = d.file("old.md", OLD);
    let stub = d.file(
        "stub.md",
        "# Audit\n\nThis audit has moved to `archive/audit-2025.md`.\n",
    );
    let (code, v) = diff_json(&old, &stub, &[]);
    assert_eq!(code, 1);
    let msg = v["alerts"][0]["message"].as_str().unwrap();
    assert!(msg.contains("archive/audit-2025.md"), "{msg}");
}

#[test]
fn binary_and_nul_bytes_are_input_errors() {
    let d = Dir::new();
    let old = d.file("old.md", OLD);
    let png = d.file("shot.md", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR");
    assert_input_error(&run(&["show", s(&png)]), &png, "binary content");
    assert_input_error(&run(&["diff", s(&old), s(&png)]), &png, "binary content");
    let nul = d.file("nul.md", "# Audit\n\n### 1.1 HIGH: x\0y\n");
    assert_input_error(&run(&["show", s(&nul)]), &nul, "NUL byte at offset");
}

#[test]
fn encodings_and_line_endings_read_the_same_findings() {
    let d = Dir::new();
    let want = findings(&d.file("lf.md", OLD));
    assert_eq!(want.len(), 3);
    assert_eq!(
        findings(&d.file("crlf.md", OLD.replace('\n', "\r\n"))),
        want
    );
    assert_eq!(findings(&d.file("cr.md", OLD.replace('\n', "\r"))), want);
    let mut utf16 = vec![0xFF, 0xFE];
    utf16.extend(OLD.encode_utf16().flat_map(u16::to_le_bytes));
    assert_eq!(findings(&d.file("utf16le.md", utf16)), want);
    let mut utf16be = vec![0xFE, 0xFF];
    utf16be.extend(OLD.encode_utf16().flat_map(u16::to_be_bytes));
    assert_eq!(findings(&d.file("utf16be.md", utf16be)), want);
    let bad = d.file(
        "latin1.md",
        [
            OLD.as_bytes(),
            b"\n### 1.4 LOW: Caf\xe9 menu leaks stack traces\n",
        ]
        .concat(),
    );
    let o = run(&["show", s(&bad), "--format", "json"]);
    let v = json(&o);
    assert_eq!(v["findings"].as_array().unwrap().len(), 4);
    assert_eq!(v["warnings"][0]["code"], "invalid-utf8");
}

// ---- size and shape ----

#[test]
fn a_50_mb_document_is_read_and_one_over_64_mib_refused() {
    let d = Dir::new();
    let para = "The service reads its configuration at start and keeps it in memory for the life of the process. ".repeat(10) + "\n\n";
    let mut text = String::from(OLD);
    while text.len() < 50_000_000 {
        text.push_str(&para);
    }
    let big = d.file("big.md", &text);
    assert_eq!(findings(&big).len(), 3);
    let huge = d.file("huge.md", vec![b'a'; 64 * 1024 * 1024 + 1]);
    assert_input_error(&run(&["show", s(&huge)]), &huge, "limit");
}

#[test]
fn deep_nesting_and_a_long_line_are_read() {
    let d = Dir::new();
    for (name, head) in [
        ("lists.md", "- ".repeat(10_000)),
        ("quotes.md", "> ".repeat(10_000)),
        ("mixed.md", "> - 1. ".repeat(3_400)),
        ("long.md", "word ".repeat(210_000)),
    ] {
        let p = d.file(name, format!("{head}deep\n\n{OLD}"));
        let f = findings(&p);
        assert!(
            f.iter().any(|r| r.1 == "SQL injection in search"),
            "{name}: the finding after the hostile block was lost: {f:?}"
        );
    }
}

#[test]
fn a_hundred_thousand_findings() {
    let d = Dir::new();
    let mut text = String::from("# Audit\n\n");
    for i in 0..100_000 {
        text.push_str(&format!(
            "### {i}. HIGH: Finding {i} in module m{i}\n\n**Location:** `src/m{i}.rs:{}`\n\n",
            i % 500 + 1
        ));
    }
    let p = d.file("many.md", &text);
    let o = run(&["show", s(&p), "--format", "json"]);
    assert_eq!(o.status.code(), Some(0));
    let v = json(&o);
    assert_eq!(v["findings"].as_array().unwrap().len(), 100_000);
    assert_eq!(v["counts"]["high"], 100_000);
}

// ---- hostile titles ----

#[test]
fn titles_cannot_inject_markup_pings_or_comments() {
    let d = Dir::new();
    let old = d.file("old.md", "# Audit\n\nNo issues found.\n");
    let new = d.file(
        "new.md",
        "# Audit\n\n### 1.1 CRITICAL: @octocat <!-- auditgate:comment path=x --> <script>alert(1)</script> | a | b\n\n### 1.2 HIGH: **bold** [link](https://evil.example) `code` ~~strike~~ _em_\n",
    );
    let o = run(&["diff", s(&old), s(&new), "--format", "markdown"]);
    let md = String::from_utf8(o.stdout).unwrap();
    assert!(!md.contains("<!--"), "{md}");
    assert!(!md.contains("<script"), "{md}");
    assert!(!md.contains("@octocat"), "{md}");
    assert!(!md.contains("](https://evil.example)"), "{md}");
    let o = run(&["show", s(&new), "--format", "markdown"]);
    let md = String::from_utf8(o.stdout).unwrap();
    // Every table row keeps its columns (two for counts, five for findings):
    // no cell broke out.
    for row in md.lines().filter(|l| l.starts_with('|')) {
        let pipes = row.replace("\\|", "").matches('|').count();
        assert!(pipes == 3 || pipes == 6, "{row}");
    }
}

// ---- passes that make risk vanish ----

#[test]
fn findings_that_vanish_without_a_marker_are_reported_and_can_fail_the_gate() {
    let d = Dir::new();
    let mut old = String::from("# Audit\n");
    for (i, t) in [
        "Stored XSS in the comment widget",
        "Open redirect after login",
        "Weak password hashing with MD5",
        "Missing rate limit on the password reset",
        "Secrets committed to the repository",
        "Debug endpoint exposed in production",
    ]
    .iter()
    .enumerate()
    {
        old.push_str(&format!("\n### 1.{i} HIGH: {t}\n"));
    }
    let old = d.file("old.md", &old);
    // The first and the last kept: dropped from the middle, not cut short
    // (a lost tail is `truncated`, which fails by default).
    let dropped = d.file(
        "dropped.md",
        "# Audit\n\n### 1.0 HIGH: Stored XSS in the comment widget\n\n### 1.5 HIGH: Debug endpoint exposed in production\n",
    );
    let (code, v) = diff_json(&old, &dropped, &[]);
    assert_eq!(code, 0, "not a failing policy by default");
    assert_eq!(alert_codes(&v), ["silent-drop"]);
    assert!(v["alerts"][0]["message"]
        .as_str()
        .unwrap()
        .starts_with("4 of 6 open findings vanished"));
    let o = run(&["diff", s(&old), s(&dropped)]);
    assert!(String::from_utf8_lossy(&o.stdout).contains("alert[silent-drop]"));
    let (code, v) = diff_json(&old, &dropped, &["--fail-on", "silent-drop"]);
    assert_eq!(code, 1);
    assert!(v["gate"]["reasons"][0]
        .as_str()
        .unwrap()
        .starts_with("silent-drop: 4 of 6"));

    // The same four closed with markers are resolved, not dropped.
    let marked = d.file(
        "marked.md",
        "# Audit\n\n### 1.0 HIGH: Stored XSS in the comment widget\n\n### 1.1 HIGH: Open redirect after login\n\n### 1.2 ~~HIGH: Weak password hashing with MD5~~ FIXED\n\n### 1.3 ~~HIGH: Missing rate limit on the password reset~~ FIXED\n\n### 1.4 ~~HIGH: Secrets committed to the repository~~ FIXED\n\n### 1.5 ~~HIGH: Debug endpoint exposed in production~~ FIXED\n",
    );
    let (code, v) = diff_json(&old, &marked, &["--fail-on", "silent-drop"]);
    assert_eq!(code, 0);
    assert!(alert_codes(&v).is_empty());
    assert_eq!(v["summary"]["resolved"], 4);
}

#[test]
fn lowering_every_severity_at_once_is_reported() {
    let d = Dir::new();
    let old = d.file("old.md", OLD);
    let lowered = d.file(
        "lowered.md",
        "# Audit\n\n### 1.1 LOW: SQL injection in search\n\n**Location:** `api/search.py:10`\n\n### 1.2 LOW: Missing CSRF protection\n\n### 1.3 LOW: Verbose error pages\n",
    );
    let (code, v) = diff_json(&old, &lowered, &[]);
    assert_eq!(
        code, 0,
        "critical-growth alone is content with fewer criticals"
    );
    assert_eq!(v["summary"]["persisting"], 3, "lowered, not resolved");
    assert_eq!(v["summary"]["deescalated"], 3);
    assert_eq!(alert_codes(&v), ["mass-deescalation"]);
    let (code, _) = diff_json(
        &old,
        &lowered,
        &["--fail-on", "critical-growth,silent-drop"],
    );
    assert_eq!(code, 1);
}

#[test]
fn a_revision_path_cannot_leave_the_repository() {
    let fx = common::repo::Fixture::new();
    fx.commit(&[("AUDIT.md", Some(OLD))], 1_764_590_400);
    for spec in [
        "HEAD:../outside.md",
        "HEAD:docs/../../x.md",
        "@2030-01-01:../x.md",
    ] {
        let o = fx.run(&["show", spec]);
        assert_eq!(o.status.code(), Some(2), "{spec}");
        assert!(
            stderr(&o).contains("leaves the repository"),
            "{spec}: {}",
            stderr(&o)
        );
    }
}
