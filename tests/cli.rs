//! The binary as users run it: exit codes, errors, formats.

mod common;

use std::process::{Command, Output};

use common::fixture;

fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_auditgate"))
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .expect("binary runs")
}

fn path(rel: &str) -> String {
    fixture(rel).display().to_string()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn show_json_follows_the_contract() {
    let o = run(&["show", &path("audits/id-headings.md"), "--format", "json"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    for key in [
        "source",
        "title",
        "date",
        "declared_counts",
        "counts",
        "findings",
        "warnings",
    ] {
        assert!(v.get(key).is_some(), "missing {key}");
    }
    assert_eq!(v["date"], "2025-11-12");
    assert_eq!(v["counts"]["critical"], 2);
    let f = &v["findings"][0];
    for key in [
        "id",
        "ref",
        "title",
        "severity",
        "status",
        "locations",
        "section",
        "line",
    ] {
        assert!(f.get(key).is_some(), "finding missing {key}");
    }
    assert_eq!(f["ref"], "CRITICAL-1");
    assert_eq!(f["line"], 16);
}

#[test]
fn diff_exit_codes_follow_the_gate() {
    let pass = run(&[
        "diff",
        &path("pairs/reworded/old.md"),
        &path("pairs/reworded/new.md"),
    ]);
    assert_eq!(pass.status.code(), Some(0), "{}", stderr(&pass));
    let fail = run(&[
        "diff",
        &path("pairs/regressed/old.md"),
        &path("pairs/regressed/new.md"),
    ]);
    assert_eq!(fail.status.code(), Some(1));
    let out = String::from_utf8_lossy(&fail.stdout);
    assert!(out.contains("gate: FAIL"), "{out}");
    assert!(
        out.contains("critical-growth: open critical findings grew from 0 to 1"),
        "{out}"
    );
}

#[test]
fn fail_on_policies_combine() {
    let o = run(&[
        "diff",
        &path("pairs/escalated/old.md"),
        &path("pairs/escalated/new.md"),
        "--format",
        "json",
        "--fail-on",
        "escalated,max-score=100",
    ]);
    assert_eq!(o.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["gate"]["passed"], false);
    assert_eq!(
        v["gate"]["reasons"],
        serde_json::json!(["escalated: 1 finding(s) rose in severity"])
    );
    assert_eq!(v["summary"]["escalated"], 1);
    assert_eq!(v["summary"]["deescalated"], 1);
    assert_eq!(v["risk"]["old"], 5.0 + 2.0 + 2.0);
    assert_eq!(v["risk"]["new"], 10.0 + 2.0 + 1.0);
}

#[test]
fn bad_policy_is_a_usage_error() {
    let o = run(&["diff", "a", "b", "--fail-on", "everything"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("unknown policy `everything`"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn missing_file_is_one_line_naming_it_exit_2() {
    let o = run(&["show", "no/such/audit.md"]);
    assert_eq!(o.status.code(), Some(2));
    let e = stderr(&o);
    assert_eq!(e.lines().count(), 1, "{e}");
    assert!(
        e.starts_with("auditgate: error: no/such/audit.md: cannot read:"),
        "{e}"
    );
}

#[test]
fn binary_file_is_refused_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("bin.md");
    std::fs::write(&p, b"# A\0\x01\x02").unwrap();
    let o = run(&["show", p.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("binary content"), "{}", stderr(&o));
}

#[test]
fn deleted_audit_never_passes() {
    let o = run(&["diff", &path("pairs/reworded/old.md"), "no/such/new.md"]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn markdown_report_sections() {
    let o = run(&[
        "diff",
        &path("pairs/renumbered/old.md"),
        &path("pairs/renumbered/new.md"),
        "--format",
        "markdown",
    ]);
    assert_eq!(o.status.code(), Some(0));
    let md = String::from_utf8_lossy(&o.stdout);
    insta::assert_snapshot!(md.replace(&path(""), "<fixtures>/"));
}

#[test]
fn explain_names_the_evidence() {
    let o = run(&[
        "diff",
        &path("pairs/reworded/old.md"),
        &path("pairs/reworded/new.md"),
        "--explain",
    ]);
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(out.contains("reference: "), "{out}");
    assert!(out.contains("title "), "{out}");
}

#[test]
fn help_documents_exit_codes() {
    let o = run(&["--help"]);
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(out.contains("Exit status: 0 the gate passes"), "{out}");
}

/// README.md opens with the two commands a new user runs; the first must
/// work on the bundled fixtures exactly as written.
#[test]
fn readme_first_commands() {
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    let block: Vec<&str> = readme
        .split("```")
        .nth(1)
        .unwrap()
        .lines()
        .skip(1)
        .filter(|l| !l.is_empty())
        .collect();
    assert_eq!(block.len(), 2, "{block:?}");
    assert_eq!(block[1], "cargo test");
    let args: Vec<&str> = block[0]
        .strip_prefix("cargo run --release -- ")
        .expect("cargo run")
        .split_whitespace()
        .collect();
    let o = Command::new(env!("CARGO_BIN_EXE_auditgate"))
        .args(&args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = String::from_utf8_lossy(&o.stdout);
    // The sample output shown in the README is the real output.
    assert!(
        readme.contains(out.trim_end()),
        "README sample is stale:\n{out}"
    );
}
