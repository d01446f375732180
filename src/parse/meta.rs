//! What a document says about itself: title, date, declared totals, overall risk.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use chrono::NaiveDate;
use regex::Regex;

use super::lines::{Doc, Kind};
use super::words::Lexicon;

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

pub fn read(vocab: &Lexicon, doc: &Doc) -> Meta {
    static DATE_FIELD: OnceLock<Regex> = OnceLock::new();
    static COUNT_FIELD: OnceLock<Regex> = OnceLock::new();
    static COUNT_ITEM: OnceLock<Regex> = OnceLock::new();
    static RISK: OnceLock<Regex> = OnceLock::new();
    let date_field = re(
        &DATE_FIELD,
        r"(?i)^(?:\*\*)?(?:date|generated|last updated|updated|analysis date|audit date|review date|as of)\b",
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
    let mut counts: BTreeMap<String, u32> = BTreeMap::new();
    let mut overall_risk = None;
    // Declarations live in the head of the document, before the findings.
    for l in doc.lines.iter().take(200) {
        let text = l.text.trim();
        if date.is_none() && date_field.is_match(text) {
            date = parse_date(text);
        }
        if overall_risk.is_none() {
            if let Some(c) = risk.captures(text) {
                overall_risk = Some(c[1].to_string());
            }
        }
        let (word, n) = if let Some(c) = count_field.captures(text) {
            (c[1].to_string(), c[2].parse::<u32>().ok())
        } else if let Some(c) = count_item.captures(text) {
            (c[2].to_string(), c[1].parse::<u32>().ok())
        } else {
            continue;
        };
        let Some(n) = n else { continue };
        let key = if word.eq_ignore_ascii_case("total") {
            "total".to_string()
        } else {
            match vocab.severity_word(&word) {
                Some((s, _)) => s.as_str().to_string(),
                None => continue,
            }
        };
        counts.entry(key).or_insert(n);
    }
    if date.is_none() {
        date = doc.lines.iter().take(10).find_map(|l| parse_date(&l.text));
    }
    Meta {
        title,
        date,
        declared_counts: (!counts.is_empty()).then_some(counts),
        overall_risk,
    }
}

/// Whether a line says the audit found nothing ("No issues found.",
/// "Nothing to report", "0 findings").
pub fn says_no_findings(doc: &Doc) -> bool {
    static NONE: OnceLock<Regex> = OnceLock::new();
    let none = re(
        &NONE,
        r"(?i)\b(?:no (?:open |outstanding |known |new )?(?:findings|issues|problems|vulnerabilities|concerns)\b(?: (?:were |have been )?(?:found|identified|detected|reported|remain))?|nothing to report|(?:zero|0) (?:findings|issues))\b",
    );
    doc.lines.iter().any(|l| none.is_match(&l.text))
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
        let m = read(&Lexicon::new(&v), &doc);
        let c = m.declared_counts.unwrap();
        assert_eq!(c["critical"], 66);
        assert_eq!(c["high"], 52);
        assert_eq!(c["total"], 37);
    }
}
