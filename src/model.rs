//! The plain data every other module speaks: findings, audits, warnings.
//!
//! Nothing here reads files or knows about markdown; it is what the reader
//! produces and what the differ, the score and the renderers consume.

use std::collections::BTreeMap;
use std::fmt;
use std::sync::Arc;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// How bad a finding is. Declared most severe first, so `a < b` means `a` is worse.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Critical,
    High,
    Medium,
    Low,
    Info,
}

impl Severity {
    pub const ALL: [Severity; 5] = [
        Severity::Critical,
        Severity::High,
        Severity::Medium,
        Severity::Low,
        Severity::Info,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Critical => "critical",
            Severity::High => "high",
            Severity::Medium => "medium",
            Severity::Low => "low",
            Severity::Info => "info",
        }
    }

    pub fn parse(s: &str) -> Option<Severity> {
        Severity::ALL
            .into_iter()
            .find(|sev| sev.as_str().eq_ignore_ascii_case(s.trim()))
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Whether a finding still needs work.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Open,
    Resolved,
    Dismissed,
}

impl Status {
    pub fn is_open(self) -> bool {
        self == Status::Open
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Status::Open => "open",
            Status::Resolved => "resolved",
            Status::Dismissed => "dismissed",
        }
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One finding of one audit pass.
///
/// Its text is shared (`Arc`), not owned: a history holds the same finding
/// in dozens of passes, and a remembering reader hands out the same
/// strings pass after pass, so a copy costs a reference count, not an
/// allocation.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Finding {
    /// Deterministic fingerprint of the normalised title (see `fingerprint`).
    pub id: Arc<str>,
    /// The document's own reference (`1.1`, `CRITICAL-3`, `Issue #4`), if any.
    #[serde(rename = "ref")]
    pub reference: Option<Arc<str>>,
    /// Plain text: no markup, severity or status words, no ref prefix.
    pub title: Arc<str>,
    pub severity: Severity,
    pub status: Status,
    /// `path`, `path:line` or `path:start-end`.
    pub locations: Arc<[String]>,
    pub section: Option<Arc<str>>,
    /// First line of the finding in the document (1-based).
    pub line: usize,
    /// Last line of the finding's text in the document (1-based).
    pub end_line: usize,
    /// True when no severity was written for this finding and one was assumed.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub severity_assumed: bool,
    /// The status comes from a list elsewhere in the document (a false
    /// positive table naming this finding's ref), not from its own text.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub closed_elsewhere: bool,
    /// The finding's own text, without its title, as plain text.
    #[serde(skip)]
    pub body: Arc<str>,
}

/// A problem with the document itself (not with the audited code).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Warning {
    pub code: WarningCode,
    pub message: String,
    pub line: Option<usize>,
}

/// Stable codes for document warnings; renaming one is a breaking change.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum WarningCode {
    /// Invalid UTF-8 was replaced with U+FFFD.
    InvalidUtf8,
    /// A count the document declares disagrees with the findings read.
    DeclaredCountMismatch,
    /// A finding carried no severity; the default was assumed.
    NoSeverity,
    /// No finding was recognised in the document.
    NoFindings,
    /// The findings were read inside a ```` ```markdown ```` block that
    /// holds the whole audit (see `parse::lines::fenced_markdown`).
    FencedAudit,
    /// A repeat of a finding (a summary row) rates it otherwise than the
    /// finding does; the finding's own rating is read.
    SeverityConflict,
}

impl WarningCode {
    pub const ALL: [WarningCode; 6] = [
        WarningCode::InvalidUtf8,
        WarningCode::DeclaredCountMismatch,
        WarningCode::NoSeverity,
        WarningCode::NoFindings,
        WarningCode::FencedAudit,
        WarningCode::SeverityConflict,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            WarningCode::InvalidUtf8 => "invalid-utf8",
            WarningCode::DeclaredCountMismatch => "declared-count-mismatch",
            WarningCode::NoSeverity => "no-severity",
            WarningCode::NoFindings => "no-findings",
            WarningCode::FencedAudit => "fenced-audit",
            WarningCode::SeverityConflict => "severity-conflict",
        }
    }
}

/// Counts of findings per severity.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Counts {
    pub critical: u32,
    pub high: u32,
    pub medium: u32,
    pub low: u32,
    pub info: u32,
}

impl Counts {
    pub fn get(&self, sev: Severity) -> u32 {
        match sev {
            Severity::Critical => self.critical,
            Severity::High => self.high,
            Severity::Medium => self.medium,
            Severity::Low => self.low,
            Severity::Info => self.info,
        }
    }

    pub fn add(&mut self, sev: Severity) {
        match sev {
            Severity::Critical => self.critical += 1,
            Severity::High => self.high += 1,
            Severity::Medium => self.medium += 1,
            Severity::Low => self.low += 1,
            Severity::Info => self.info += 1,
        }
    }

    /// Counts of the open findings among `findings`.
    pub fn open_of<'a>(findings: impl IntoIterator<Item = &'a Finding>) -> Counts {
        let mut c = Counts::default();
        for f in findings {
            if f.status.is_open() {
                c.add(f.severity);
            }
        }
        c
    }

    pub fn total(&self) -> u32 {
        Severity::ALL.iter().map(|s| self.get(*s)).sum()
    }
}

/// One audit document as read.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Audit {
    pub source: String,
    pub title: Option<String>,
    pub date: Option<NaiveDate>,
    /// Totals the document states about itself (`**Critical Issues Found:** 66`);
    /// keys are severities or `total`.
    pub declared_counts: Option<BTreeMap<String, u32>>,
    /// An overall risk the document states (`Overall Risk Level: Moderate`).
    pub overall_risk: Option<String>,
    pub findings: Vec<Finding>,
    pub warnings: Vec<Warning>,
    /// The document says in words that it has no findings ("No issues
    /// found"): an empty pass that means it, not a broken one.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub states_no_findings: bool,
    /// Where a document without findings says the audit went ("moved to
    /// archive/2025.md"): a stub left at the old path.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub points_to: Option<String>,
    /// The last heading of the document when it comes after every finding
    /// (`## Summary`, `## Next Steps`): a pass that still ends with it was
    /// not cut short (see `diff::alerts`).
    #[serde(skip)]
    pub closing: Option<String>,
}

impl Audit {
    /// A pass with nothing in it: a missing file compared as empty, or the
    /// nothing before a first pass.
    pub fn empty(source: &str) -> Audit {
        Audit {
            source: source.to_string(),
            title: None,
            date: None,
            declared_counts: None,
            overall_risk: None,
            findings: Vec::new(),
            warnings: Vec::new(),
            states_no_findings: false,
            points_to: None,
            closing: None,
        }
    }

    pub fn open_counts(&self) -> Counts {
        Counts::open_of(&self.findings)
    }
}
