//! What a document says about itself: title, date, declared totals, overall risk.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use chrono::NaiveDate;
use regex::Regex;

use super::lines::{Doc, Kind};
use super::words::{trim_marks, Lexicon, Strength};

pub struct Meta {
    pub title: Option<String>,
    pub date: Option<NaiveDate>,
    pub declared_counts: Option<BTreeMap<String, u32>>,
    pub overall_risk: Option<String>,
}

fn re(cell: &'static OnceLock<Regex>, pat: &str) -> &'static Regex {
    cell.get_or_init(|| Regex::new(pat).expect("valid regex"))
}

/// The first date written in `s`, in the forms audits use.
pub fn parse_date(s: &str) -> Option<NaiveDate> {
    static ISO: OnceLock<Regex> = OnceLock::new();
    static LONG: OnceLock<Regex> = OnceLock::new();
    // Either form holds five digits at least (`\d` is any Unicode digit,
    // all of them numeric): most lines, and every `1.1 Title` heading a
    // log's entry is looked for in, are ruled out without a regex search.
    s.chars().filter(|c| c.is_numeric()).nth(4)?;
    if let Some(c) = re(&ISO, r"\b(\d{4})-(\d{2})-(\d{2})\b").captures(s) {
        return NaiveDate::from_ymd_opt(c[1].parse().ok()?, c[2].parse().ok()?, c[3].parse().ok()?);
    }
    let c = re(
        &LONG,
        r"(?i)\b(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})\b",
    )
    .captures(s)?;
    let month = match c[1].to_lowercase().as_str() {
        "jan" => 1,
        "feb" => 2,
        "mar" => 3,
        "apr" => 4,
        "may" => 5,
        "jun" => 6,
        "jul" => 7,
        "aug" => 8,
        "sep" => 9,
        "oct" => 10,
        "nov" => 11,
        _ => 12,
    };
    NaiveDate::from_ymd_opt(c[3].parse().ok()?, month, c[2].parse().ok()?)
}

/// `front` is the document's YAML front matter, if any (see
/// `lines::front_matter`): its `date:` dates the document.
pub fn read(vocab: &Lexicon, doc: &Doc, front: Option<&str>) -> Meta {
    static DATE_FIELD: OnceLock<Regex> = OnceLock::new();
    static COUNT_FIELD: OnceLock<Regex> = OnceLock::new();
    static COUNT_ITEM: OnceLock<Regex> = OnceLock::new();
    static RISK: OnceLock<Regex> = OnceLock::new();
    let date_field = re(
        &DATE_FIELD,
        r"(?i)^(?:\*\*)?(?:date|generated|last updated|updated|analysis date|audit date|review date|report date|as of)\b",
    );
    let count_field = re(&COUNT_FIELD, r"^([A-Za-z]+)[A-Za-z ()]*:\s*(\d+)\b");
    let count_item = re(&COUNT_ITEM, r"^(\d+)\s+([A-Za-z]+)\b");
    let risk = re(&RISK, r"(?i)^(?:overall )?risk(?: level)?:\s*([A-Za-z]+)");

    let title = doc
        .lines
        .iter()
        .find(|l| l.kind == Kind::Heading(1))
        .or_else(|| doc.lines.iter().find(|l| l.is_heading()))
        .map(|l| l.text.trim().to_string());
    let mut date = title.as_deref().and_then(parse_date);
    let mut dated_by_field = false;
    if date.is_none() {
        if let Some(front) = front {
            date = front
                .lines()
                .filter(|l| date_field.is_match(l))
                .find_map(parse_date);
            dated_by_field = date.is_some();
        }
    }
    let mut counts: BTreeMap<String, u32> = BTreeMap::new();
    let mut overall_risk = None;
    // Declarations live in the head of the document, before the findings.
    for l in doc.lines.iter().take(200) {
        let text = l.text.trim();
        if date.is_none() && date_field.is_match(text) {
            date = parse_date(text);
            dated_by_field = date.is_some();
        }
        if overall_risk.is_none() {
            if let Some(c) = risk.captures(text) {
                overall_risk = Some(c[1].to_string());
            }
        }
        if let Kind::Row {
            table,
            header: false,
        } = l.kind
        {
            for (key, n) in table_counts(vocab, &doc.tables[table as usize], &l.cells) {
                counts.entry(key).or_insert(n);
            }
        }
        let (word, n) = if let Some(c) = count_field.captures(text) {
            (c[1].to_string(), c[2].parse::<u32>().ok())
        } else if let Some(c) = count_item.captures(text) {
            (c[2].to_string(), c[1].parse::<u32>().ok())
        } else {
            for (key, n) in sentence_counts(vocab, text) {
                counts.entry(key).or_insert(n);
            }
            continue;
        };
        let Some(n) = n else { continue };
        let Some(key) = count_key(vocab, &word) else {
            continue;
        };
        counts.entry(key).or_insert(n);
    }
    if date.is_none() {
        date = doc.lines.iter().take(10).find_map(|l| parse_date(&l.text));
    }
    if !dated_by_field {
        date = latest_log_entry(doc).or(date);
    }
    Meta {
        title,
        date,
        declared_counts: (!counts.is_empty()).then_some(counts),
        overall_risk,
    }
}

/// The date a log entry's heading opens with (`2025-11-10`,
/// `2025-11-10 — second pass`).
pub(super) fn entry_date(heading: &str) -> Option<NaiveDate> {
    let text = heading.trim_start_matches(|c: char| !c.is_alphanumeric());
    if !text.starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    parse_date(text.get(..10).unwrap_or(text))
}

/// The date of the last entry of a log of passes: of headings of one
/// level that each open with a date (`## 2025-11-10`, `## 2025-11-10 —
/// second pass`), two at least, the latest. Such a document is as of its
/// last entry, not its first.
fn latest_log_entry(doc: &Doc) -> Option<NaiveDate> {
    let mut level = None;
    let mut seen = 0;
    let mut latest = None;
    for l in &doc.lines {
        let Kind::Heading(h) = l.kind else { continue };
        let Some(d) = entry_date(&l.text) else {
            continue;
        };
        if *level.get_or_insert(h) != h {
            continue;
        }
        seen += 1;
        latest = latest.max(Some(d));
    }
    latest.filter(|_| seen >= 2)
}

/// The totals a sentence lists: "found 1 critical, 2 high, 2 medium and
/// 1 low severity issues". Two severities at least: "2 high-traffic
/// endpoints" alone declares nothing.
fn sentence_counts(vocab: &Lexicon, text: &str) -> Vec<(String, u32)> {
    static COUNT_WORD: OnceLock<Regex> = OnceLock::new();
    // Cheap test first: most lines hold no digit followed by a space.
    if !text
        .as_bytes()
        .windows(2)
        .any(|w| w[0].is_ascii_digit() && w[1] == b' ')
    {
        return Vec::new();
    }
    let pair = re(&COUNT_WORD, r"\b(\d{1,5}) ([A-Za-z]+)\b");
    let found: Vec<(String, u32)> = pair
        .captures_iter(text)
        .filter_map(|c| {
            let (s, strength) = vocab.severity_word(&c[2])?;
            let n = c[1].parse().ok()?;
            (strength == Strength::Explicit).then(|| (s.as_str().to_string(), n))
        })
        .collect();
    let distinct = found
        .iter()
        .map(|(k, _)| k)
        .collect::<std::collections::HashSet<_>>()
        .len();
    if distinct >= 2 {
        found
    } else {
        Vec::new()
    }
}

/// The key a declared total is counted under: a severity, or `total`.
fn count_key(vocab: &Lexicon, word: &str) -> Option<String> {
    if trim_marks(word).eq_ignore_ascii_case("total") {
        Some("total".to_string())
    } else {
        vocab
            .severity_word(word)
            .map(|(s, _)| s.as_str().to_string())
    }
}

/// The totals a row of a summary table declares: `| 🔴 Critical | 3 |`
/// under `| Severity | Count |`, or `| 2 | 5 | 0 |` under
/// `| Critical | High | Total |`. Keys as in `Meta::declared_counts`.
fn table_counts(vocab: &Lexicon, header: &[String], row: &[String]) -> Vec<(String, u32)> {
    let key = |cell: &str| cell.split_whitespace().find_map(|w| count_key(vocab, w));
    let number = |cell: &str| cell.trim().parse::<u32>().ok();
    let lower: Vec<String> = header.iter().map(|h| h.trim().to_lowercase()).collect();
    // A severity per row: the first column names the rating, a later one counts.
    let rates = lower.first().is_some_and(|h| {
        ["severity", "priority", "risk", "level", "rating", "impact"]
            .iter()
            .any(|w| h.split_whitespace().next() == Some(*w))
    });
    let counts = |h: &str| {
        h == "#"
            || [
                "count",
                "issues",
                "findings",
                "total",
                "number",
                "found",
                "instances",
            ]
            .iter()
            .any(|w| h.split_whitespace().next() == Some(*w))
    };
    if rates {
        let Some(col) = lower.iter().skip(1).position(|h| counts(h)) else {
            return Vec::new();
        };
        let found = row
            .first()
            .and_then(|c| key(c))
            .zip(row.get(col + 1).and_then(|c| number(c)));
        return found.into_iter().collect();
    }
    // A severity per column, every cell of the row a number.
    let keys: Vec<Option<String>> = header.iter().map(|h| key(h)).collect();
    if keys.len() >= 2 && keys.iter().all(Option::is_some) && row.len() == keys.len() {
        let ns: Vec<Option<u32>> = row.iter().map(|c| number(c)).collect();
        if ns.iter().all(Option::is_some) {
            return keys
                .into_iter()
                .flatten()
                .zip(ns.into_iter().flatten())
                .collect();
        }
    }
    Vec::new()
}

/// Whether the document says the audit as a whole found nothing: "No
/// issues found.", "Nothing to report", "0 findings", or one scoped to the
/// audit itself ("in this review", "in the codebase").
///
/// A document that says so may be empty without tripping `empty-pass`, so a
/// statement about part of the code ("No issues were found in the payments
/// module") or about what is new ("No new issues") must not count: an audit
/// cut right after such an intro would otherwise pass the gate with every
/// finding gone. When in doubt the answer is no, which only costs an empty
/// pass its green gate.
pub fn says_no_findings(doc: &Doc) -> bool {
    static NONE: OnceLock<Regex> = OnceLock::new();
    static SCOPE: OnceLock<Regex> = OnceLock::new();
    static LABEL: OnceLock<Regex> = OnceLock::new();
    let none = re(
        &NONE,
        r"(?i)\b(?:(?:there (?:are|were|is) )?no (?:open |outstanding |known |remaining )?(?:findings|issues|problems|vulnerabilities|concerns)\b(?: (?:were |was |have been )?(?:found|identified|detected|reported|remain))?|nothing to report|(?:zero|0) (?:findings|issues)\b(?: (?:were )?(?:found|identified|detected|reported))?)\b",
    );
    let scope = re(
        &SCOPE,
        r"(?i)^\s+(?:in|during|for|across|within|throughout) (?:this|the)(?: (?:whole|entire|full|current))? (?:audit|review|pass|report|codebase|code base|repository|repo|project|scan|analysis)\b",
    );
    // A label that keeps the statement about the whole audit ("Summary: ...").
    let label = re(
        &LABEL,
        r"(?i)^(?:(?:overall|final|audit|review)\s+)?(?:summary|results?|status|conclusion|verdict|findings|outcome|total)$",
    );
    let whole = |text: &str, m: regex::Match| -> bool {
        // What follows, up to the end of the sentence: nothing but an
        // optional scope naming the audit itself.
        let rest = &text[m.end()..];
        let rest = scope.find(rest).map_or(rest, |s| &rest[s.end()..]);
        let sentence = rest.split(['.', '!', ';']).next().unwrap_or("");
        if sentence.chars().any(char::is_alphanumeric) {
            return false;
        }
        // What comes before: the start of a sentence, or a whole-audit label.
        let before = text[..m.start()]
            .trim_end_matches(|c: char| !c.is_alphanumeric() && !".!?:;,|()[]".contains(c));
        match before.chars().last() {
            None | Some('.' | '!' | '?') => true,
            Some(':') => {
                let head = &before[..before.len() - 1];
                let start = head.rfind(['.', '!', '?']).map_or(0, |i| i + 1);
                let words: String = head[start..]
                    .chars()
                    .filter(|c| c.is_alphanumeric() || c.is_whitespace())
                    .collect();
                label.is_match(words.trim())
            }
            Some(_) => false,
        }
    };
    paragraphs(doc)
        .iter()
        .filter(|(_, whole_section)| *whole_section)
        .any(|(p, _)| none.find_iter(p).any(|m| whole(p, m)))
}

/// Whether a section heading speaks for the whole audit ("Summary",
/// "Findings", "Results"), unlike one naming a part of the code
/// ("Authentication"), under which "No issues found." is about that part.
fn whole_audit_heading(text: &str) -> bool {
    static WHOLE: OnceLock<Regex> = OnceLock::new();
    re(
        &WHOLE,
        r"(?i)\b(?:summary|overview|results?|findings?|conclusions?|verdict|outcome|issues|status|audit|review|report)\b",
    )
    .is_match(text)
}

/// The text of each paragraph, list item and heading, its wrapped lines
/// joined: a sentence's scope may sit on the next line. Table rows are left
/// out: a cell speaks for its row. Each comes with whether the section it
/// is in speaks for the whole audit (see `whole_audit_heading`): before any
/// section heading, or under one that does, at every level above it.
fn paragraphs(doc: &Doc) -> Vec<(String, bool)> {
    let mut out: Vec<(String, bool)> = Vec::new();
    let mut prev: Option<(usize, Kind)> = None;
    // Whether each open section heading (level 2 and deeper) speaks for the whole.
    let mut sections: Vec<(u8, bool)> = Vec::new();
    for l in &doc.lines {
        let mut own_scope = None;
        if let Kind::Heading(level) = l.kind {
            sections.retain(|&(lv, _)| lv < level);
            // A heading is read in the scope of the sections above it.
            own_scope = Some(sections.iter().all(|&(_, w)| w));
            if level >= 2 {
                sections.push((level, whole_audit_heading(&l.text)));
            }
        }
        let scope = own_scope.unwrap_or_else(|| sections.iter().all(|&(_, w)| w));
        let joins = match (prev, l.kind) {
            (Some((no, Kind::Text)), Kind::Text) => no + 1 == l.no,
            (Some((no, Kind::Item { .. } | Kind::Cont { .. })), Kind::Cont { .. }) => {
                no + 1 == l.no
            }
            _ => false,
        };
        prev = Some((l.no, l.kind));
        if matches!(l.kind, Kind::Row { .. }) {
            continue;
        }
        match out.last_mut() {
            Some((last, _)) if joins => {
                last.push(' ');
                last.push_str(&l.text);
            }
            _ => out.push((l.text.to_string(), scope)),
        }
    }
    out
}

/// The document a stub says the audit moved to, if it names one.
pub fn moved_to(doc: &Doc) -> Option<String> {
    static MOVED: OnceLock<Regex> = OnceLock::new();
    let moved = re(
        &MOVED,
        r"(?i)\b(?:moved|relocated|archived|migrated|superseded|now lives|continued)\b.*?([A-Za-z0-9_./-]+\.(?:md|markdown|txt))\b",
    );
    doc.lines
        .iter()
        .find_map(|l| moved.captures(&l.text).map(|c| c[1].to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_in_audit_forms() {
        assert_eq!(
            parse_date("**Date:** November 12, 2025"),
            NaiveDate::from_ymd_opt(2025, 11, 12)
        );
        assert_eq!(
            parse_date("Last Updated: 2025-12-02"),
            NaiveDate::from_ymd_opt(2025, 12, 2)
        );
        assert_eq!(
            parse_date("Oct 29, 2025"),
            NaiveDate::from_ymd_opt(2025, 10, 29)
        );
        assert_eq!(parse_date("no date"), None);
    }

    #[test]
    fn declared_counts() {
        let doc = super::super::lines::split(
            "# A\n\n**Critical Issues Found:** 66\n**High Priority Issues:** 52\n\n**Total Issues Found:** 37\n- 4 CRITICAL severity\n",
        );
        let v = crate::parse::Vocabulary::default();
        let m = read(&Lexicon::new(&v), &doc, None);
        let c = m.declared_counts.unwrap();
        assert_eq!(c["critical"], 66);
        assert_eq!(c["high"], 52);
        assert_eq!(c["total"], 37);
    }

    #[test]
    fn a_log_of_passes_is_as_of_its_last_entry() {
        let v = crate::parse::Vocabulary::default();
        let date =
            |text: &str| read(&Lexicon::new(&v), &super::super::lines::split(text), None).date;
        let log =
            "# Review log\n\n## 2025-11-03\n\n### A\n\n## 2025-11-10 — second pass\n\n### B\n";
        assert_eq!(date(log), NaiveDate::from_ymd_opt(2025, 11, 10));
        // A date field says it outright.
        assert_eq!(
            date(&format!("**Date:** 2025-11-12\n\n{log}")),
            NaiveDate::from_ymd_opt(2025, 11, 12)
        );
        // One dated heading is no log.
        assert_eq!(
            date("# R\n\n## 2025-11-03\n\n### A\n"),
            NaiveDate::from_ymd_opt(2025, 11, 3)
        );
    }

    #[test]
    fn declared_counts_in_a_sentence() {
        let v = crate::parse::Vocabulary::default();
        let read_counts = |text: &str| {
            read(&Lexicon::new(&v), &super::super::lines::split(text), None).declared_counts
        };
        let c = read_counts(
            "# A\n\nThis review found 1 critical, 2 high, 2 medium and 1 low severity issues.\n",
        )
        .unwrap();
        let got: Vec<(&str, u32)> = c.iter().map(|(k, n)| (k.as_str(), *n)).collect();
        assert_eq!(
            got,
            vec![("critical", 1), ("high", 2), ("low", 1), ("medium", 2)]
        );
        assert_eq!(
            read_counts("# A\n\nWe load-tested 2 high traffic endpoints.\n"),
            None
        );
    }

    #[test]
    fn declared_counts_in_a_summary_table() {
        let counts = |text: &str| {
            let v = crate::parse::Vocabulary::default();
            read(&Lexicon::new(&v), &super::super::lines::split(text), None).declared_counts
        };
        // A severity per row, with its count in a later column.
        let c = counts(
            "# A\n\n| Severity | Description | Count |\n|---|---|---|\n| 🔴 **Critical** | exploitable | 3 |\n| P1 | | 4 |\n| **Total** | | 7 |\n",
        )
        .unwrap();
        assert_eq!(c["critical"], 3);
        assert_eq!(c["high"], 4);
        assert_eq!(c["total"], 7);
        // A severity per column, one row of numbers.
        let c = counts("# A\n\n| Critical | High | Low |\n|---|---|---|\n| 0 | 2 | 5 |\n").unwrap();
        assert_eq!((c["critical"], c["high"], c["low"]), (0, 2, 5));
        // A table of findings is no summary: its numbers count nothing.
        assert_eq!(
            counts("# A\n\n| Severity | Finding |\n|---|---|\n| High | 2 |\n| Critical | Token replay |\n"),
            None
        );
        assert_eq!(
            counts("# A\n\n| # | Severity | Issue |\n|---|---|---|\n| 1 | High | Token replay |\n"),
            None
        );
    }

    fn no_findings(text: &str) -> bool {
        says_no_findings(&super::super::lines::split(text))
    }

    #[test]
    fn a_statement_for_the_whole_audit_says_it_found_nothing() {
        for text in [
            "# Audit\n\nNo issues found.\n",
            "# Audit\n\nNo findings.\n",
            "# Audit\n\nNothing to report\n",
            "# Audit\n\n0 findings\n",
            "# Audit\n\nNo issues were found in this audit.\n",
            "# Audit\n\nThere are no open findings in the codebase.\n",
            "# Audit\n\nNo vulnerabilities were identified during this review!\n",
            "# Audit\n\nScope: api and payments. No issues were found.\n",
            "# Audit\n\n**Summary:** No issues found.\n",
            "# Audit\n\n- ✅ No findings in this pass\n",
            "# Audit\n\n## No issues found\n",
            "# Audit\n\n## Summary\n\nNo issues found.\n",
            "# Audit\n\n## Findings\n\n### Results\n\n- No findings.\n",
        ] {
            assert!(no_findings(text), "{text:?}");
        }
    }

    /// An audit cut right after its intro must not pass as "found nothing"
    /// because the intro spoke of one module, or of what is new.
    #[test]
    fn a_statement_about_part_of_the_code_or_new_issues_does_not() {
        for text in [
            "# Audit\n\nScope: api and payments. No new issues were found in the payments module.\n",
            "# Audit\n\nNo new issues were found.\n",
            "# Audit\n\nNo new findings.\n",
            "# Audit\n\nNo issues were found in the payments module.\n",
            "# Audit\n\nNo issues found in `auth.py`.\n",
            "# Audit\n\nNothing to report for the API.\n",
            "# Audit\n\nPayments: no issues found.\n",
            "# Audit\n\nIn the payments module, no issues were found.\n",
            "# Audit\n\nIn the payments module\nno issues were found.\n",
            "# Audit\n\nNo issues were found\nin the payments module.\n",
            "# Audit\n\n- No issues found\n  in the billing code.\n",
            "# Audit\n\n| area | result |\n|---|---|\n| payments | No issues found |\n",
            "# Audit\n\nCritical: 0 findings\n",
            "# Audit\n\nNo critical issues found.\n",
            // Per-area sections: the statement is about that area.
            "# Security Audit\n\n## Authentication\n\nNo issues found.\n",
            "# Audit\n\n## Findings\n\n### Authentication\n\n- No issues found.\n",
            "# Audit\n\n## Payments\n\n### No issues found\n",
        ] {
            assert!(!no_findings(text), "{text:?}");
        }
    }
}
