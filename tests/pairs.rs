//! Hand-written pass pairs (fixtures/pairs/<case>/{old.md,new.md,expected.json}):
//! the class of every finding of both passes, the alert codes (`alerts`,
//! none when left out) and the verdict of the default gate are asserted.

mod common;

use auditgate::diff::{diff, Class, SeverityChange};
use auditgate::gate::DEFAULT_POLICIES;
use auditgate::report::Report;
use auditgate::score::Weights;
use common::{fixture, read};
use serde_json::Value;

fn class_name(c: Class) -> &'static str {
    match c {
        Class::New => "new",
        Class::Resolved => "resolved",
        Class::Persisting => "persisting",
        Class::Regressed => "regressed",
        Class::Closed => "closed",
    }
}

type Line = (String, Option<String>, Option<String>, Option<String>);

fn check(case: &str) {
    let old = read(&format!("pairs/{case}/old.md"));
    let new = read(&format!("pairs/{case}/new.md"));
    let expected: Value = serde_json::from_str(
        &std::fs::read_to_string(fixture(&format!("pairs/{case}/expected.json"))).unwrap(),
    )
    .unwrap();
    let d = diff(&old, &new, &[]);
    let mut got: Vec<Line> = d
        .changes
        .iter()
        .map(|c| {
            (
                class_name(c.class).to_string(),
                c.old.as_ref().map(|f| f.title.to_string()),
                c.new.as_ref().map(|f| f.title.to_string()),
                c.severity_change.map(|s| match s {
                    SeverityChange::Escalated => "escalated".to_string(),
                    SeverityChange::Deescalated => "deescalated".to_string(),
                }),
            )
        })
        .collect();
    let mut want: Vec<Line> = expected["changes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            let s = |i: usize| c.get(i).and_then(Value::as_str).map(str::to_string);
            (s(0).unwrap(), s(1), s(2), s(3))
        })
        .collect();
    got.sort();
    want.sort();
    assert_eq!(got, want, "case {case}");
    // Every finding of both passes appears in exactly one change.
    let olds = d.changes.iter().filter(|c| c.old.is_some()).count();
    let news = d.changes.iter().filter(|c| c.new.is_some()).count();
    assert_eq!(
        (olds, news),
        (old.findings.len(), new.findings.len()),
        "case {case}"
    );
    let alerts: Vec<&str> = d.alerts.iter().map(|a| a.code.as_str()).collect();
    let want_alerts: Vec<&str> = expected["alerts"]
        .as_array()
        .map_or(Vec::new(), |a| a.iter().filter_map(Value::as_str).collect());
    assert_eq!(alerts, want_alerts, "case {case}: {:?}", d.alerts);
    let report = Report::new(d, Weights::default(), DEFAULT_POLICIES);
    assert_eq!(
        report.verdict.passed,
        expected["gate_passed"].as_bool().unwrap(),
        "case {case}: {:?}",
        report.verdict
    );
}

#[test]
fn reworded_titles_with_shifted_lines_persist() {
    check("reworded");
}

#[test]
fn a_finding_reworded_past_recognition_persists_at_its_spot() {
    // Its title shares one word of eleven; its file and line are the same,
    // and no other finding left alone names them. A finding fixed and
    // another found on one line share no title word: two findings.
    check("same-spot");
}

#[test]
fn a_title_reworded_in_other_words_persists_when_its_prose_says_the_same() {
    // Not one title word is shared, but the spot and the prose are. At the
    // other spot a finding was fixed and another found: their prose differs.
    check("same-spot-prose");
}

#[test]
fn a_finding_that_keeps_its_ref_and_spot_persists_on_one_sentence_of_the_same_prose() {
    // Finding 1 keeps its ref and line, and its one sentence says the same
    // in other words. Finding 2 keeps its ref and line too, but says
    // something else: the fields they share are not prose.
    check("same-spot-ref");
}

#[test]
fn a_dated_log_newest_first_closes_and_re_rates_by_place() {
    // The new pass adds a day on top: a RESOLVED entry at the critical's
    // place, a HIGH entry at a medium's. One critical closed, one found:
    // not two criticals open.
    check("dated-log");
}

#[test]
fn another_finding_at_a_fixed_findings_spot_is_new_however_alike_their_prose() {
    // Both describe the same view at one line; the flaw and the ref differ.
    check("same-spot-other");
}

#[test]
fn a_label_shared_by_two_concerns_does_not_pair_them() {
    // `**Database layer:**` names a subject: the concern about hand-built
    // SQL was fixed and one about the pool size was found, in other files
    // and other words. One resolved, one new; not one persisting.
    check("label");
}

#[test]
fn findings_of_one_title_pair_by_place_not_by_order() {
    // Two `Missing input validation` swapped places: no severity changed.
    // A new `SQL injection` elsewhere is new, and the old one, now under
    // `## Fixed`, resolved; a two-word label in another file, with nothing
    // else shared, is another finding.
    check("same-title");
}

#[test]
fn a_reused_ref_yields_to_a_far_better_match() {
    // Numbering restarted: `F-1` is now another rate limit, in another
    // file, while the old `F-1` is under `## Fixed` in its own words.
    check("ref-reused");
}

#[test]
fn an_audit_handed_back_inside_a_markdown_block_is_read_there() {
    // A chat answer: a line of preamble, the audit in ```markdown (its own
    // ```go block inside, whose first fence would close the wrapper), a
    // line after it. Read as markdown, all but the last finding is code.
    check("fenced");
}

#[test]
fn a_reworded_finding_persists_a_few_lines_off_or_in_a_renamed_directory() {
    // `stripe.ts:33` → `:35`, `src/auth/apikey.py:19` →
    // `gateway/auth/apikey.py:19`; a finding 60 lines further down the
    // same file is another one.
    check("near-spot");
}

#[test]
fn a_short_title_that_keeps_its_ref_or_file_name_stays_paired() {
    let v = auditgate::parse::Vocabulary::default();
    let old = auditgate::parse::parse(
        "# A\n\n### H-01 HIGH: SQL injection\n\n**Location:** `app/db/repo.py:10`\n\nThe search query is built by string formatting of user input.\n",
        "old.md",
        &v,
    );
    let new = auditgate::parse::parse(
        "# A\n\n### H-01 HIGH: SQL injection\n\n**Location:** `app/database/repo.py:12`\n\nRaw strings reach the cursor when filters are combined.\n",
        "new.md",
        &v,
    );
    let d = diff(&old, &new, &[]);
    let classes: Vec<Class> = d.changes.iter().map(|c| c.class).collect();
    assert_eq!(classes, vec![Class::Persisting]);
}

#[test]
fn renumbered_refs_do_not_pair_unrelated_findings() {
    check("renumbered");
}

#[test]
fn findings_moved_between_sections_persist() {
    check("moved");
}

#[test]
fn fixed_then_reintroduced_is_regressed() {
    check("regressed");
}

#[test]
fn severity_changes_are_escalations_and_deescalations() {
    check("escalated");
}

/// An LLM rewrite stopped at its output limit: the head of the audit is
/// there, the last two open findings are not, and fewer than half vanished,
/// so only `truncated` (on by default) catches it.
#[test]
fn a_rewrite_cut_short_fails_the_default_gate() {
    check("truncated");
}

/// Findings dropped here and there, and a document that runs to its own
/// end, are a rewrite, not a cut: no `truncated`.
#[test]
fn findings_pruned_from_the_middle_and_end_are_not_a_truncation() {
    check("pruned");
}

/// A pass cut right after an intro that says "No new issues were found in
/// the payments module" has not said the audit found nothing.
#[test]
fn a_pass_cut_after_a_scoped_no_issues_intro_is_an_empty_pass() {
    check("intro-cut");
}

#[test]
fn struck_and_false_positive_findings_resolve_already_closed_ones_are_listed() {
    check("closed");
}

/// A finding fixed in pass 1, gone from pass 2, back in pass 3 is a regression
/// when the differ is told what earlier passes closed.
#[test]
fn regression_across_three_passes() {
    let p1 = auditgate::parse::parse(
        "# A\n\n### 1.1 ~~HIGH: Path Traversal in ingest_path~~ FIXED\n\n**Location:** `rag.py:453`\n",
        "p1",
        &auditgate::parse::Vocabulary::default(),
    );
    let p2 = auditgate::parse::parse(
        "# A\n\n### 2.1 LOW: Unused import\n",
        "p2",
        &auditgate::parse::Vocabulary::default(),
    );
    let p3 = auditgate::parse::parse(
        "# A\n\n### 2.1 LOW: Unused import\n\n### 3.1 HIGH: Path traversal in ingest_path\n\n**Location:** `rag.py:470`\n",
        "p3",
        &auditgate::parse::Vocabulary::default(),
    );
    let closed: Vec<_> = p1
        .findings
        .iter()
        .filter(|f| !f.status.is_open())
        .cloned()
        .collect();
    let without_history = diff(&p2, &p3, &[]);
    assert!(without_history
        .changes
        .iter()
        .any(|c| c.class == Class::New));
    let with_history = diff(&p2, &p3, &closed);
    let classes: Vec<Class> = with_history.changes.iter().map(|c| c.class).collect();
    assert_eq!(classes, vec![Class::Regressed, Class::Persisting]);
    assert_eq!(with_history.summary.regressed, 1);
    assert_eq!(with_history.summary.new, 0);
}
