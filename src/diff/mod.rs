//! Two passes of an audit → what changed, finding by finding.

mod alerts;
mod matching;

use serde::Serialize;

pub use alerts::{Alert, AlertCode};
pub use matching::{Evidence, Stage, THRESHOLD};

use crate::model::{Audit, Counts, Finding, Status};

/// What happened to one finding between two passes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Class {
    /// Open now, and not open (nor closed) before.
    New,
    /// Open before; closed or gone now.
    Resolved,
    /// Open before and now.
    Persisting,
    /// Closed before (in the previous pass or an earlier one), open again.
    Regressed,
    /// Closed in both passes, or appearing already closed: listed, not counted.
    Closed,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum SeverityChange {
    Escalated,
    Deescalated,
}

#[derive(Clone, Debug, Serialize)]
pub struct Change {
    pub class: Class,
    pub severity_change: Option<SeverityChange>,
    /// How sure the pairing is (1.0: same fingerprint); null when unpaired.
    pub confidence: Option<f64>,
    pub old: Option<Finding>,
    pub new: Option<Finding>,
    /// Why this pairing (or none) was made; shown by `--explain`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub evidence: Option<Evidence>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Summary {
    pub new: u32,
    pub resolved: u32,
    pub persisting: u32,
    pub regressed: u32,
    pub escalated: u32,
    pub deescalated: u32,
}

#[derive(Clone, Debug, Serialize)]
pub struct Side {
    pub source: String,
    pub date: Option<chrono::NaiveDate>,
    pub counts: Counts,
}

impl Side {
    fn of(a: &Audit) -> Side {
        Side {
            source: a.source.clone(),
            date: a.date,
            counts: a.open_counts(),
        }
    }
}

/// The differ's result, before scoring and gating.
#[derive(Clone, Debug)]
pub struct Diff {
    pub old: Side,
    pub new: Side,
    pub summary: Summary,
    pub changes: Vec<Change>,
    /// Signs that findings left without a fix; see `alerts`.
    pub alerts: Vec<Alert>,
}

/// Compares two passes. `closed_before` holds findings closed in passes
/// earlier than `old`: a new open finding that matches one is a regression.
pub fn diff(old: &Audit, new: &Audit, closed_before: &[Finding]) -> Diff {
    let m = matching::match_findings(&old.findings, &new.findings);
    let mut changes = Vec::with_capacity(old.findings.len().max(new.findings.len()));
    let mut old_paired = vec![false; old.findings.len()];
    let mut new_paired = vec![false; new.findings.len()];
    for p in &m.pairs {
        old_paired[p.old] = true;
        new_paired[p.new] = true;
        let o = &old.findings[p.old];
        let n = &new.findings[p.new];
        let class = match (o.status.is_open(), n.status.is_open()) {
            (true, true) => Class::Persisting,
            (true, false) => Class::Resolved,
            (false, true) => Class::Regressed,
            // Closed only by a list before, closed by its own text now: the
            // author's own record of the fix arrived in this pass.
            (false, false) if o.closed_elsewhere && !n.closed_elsewhere => Class::Resolved,
            (false, false) => Class::Closed,
        };
        let severity_change = if class == Class::Persisting || class == Class::Regressed {
            match n.severity.cmp(&o.severity) {
                std::cmp::Ordering::Less => Some(SeverityChange::Escalated),
                std::cmp::Ordering::Greater => Some(SeverityChange::Deescalated),
                std::cmp::Ordering::Equal => None,
            }
        } else {
            None
        };
        changes.push(Change {
            class,
            severity_change,
            confidence: Some(round(p.evidence.score)),
            old: Some(o.clone()),
            new: Some(n.clone()),
            evidence: Some(p.evidence.clone()),
        });
    }
    let earlier = if closed_before.is_empty() {
        None
    } else {
        let open_new: Vec<Finding> = new
            .findings
            .iter()
            .enumerate()
            .filter(|(i, f)| !new_paired[*i] && f.status.is_open())
            .map(|(_, f)| f.clone())
            .collect();
        let mm = matching::match_findings(closed_before, &open_new);
        Some((open_new, mm))
    };
    for (i, n) in new.findings.iter().enumerate() {
        if new_paired[i] {
            continue;
        }
        let mut class = if n.status.is_open() {
            Class::New
        } else {
            Class::Closed
        };
        let mut old_f = None;
        let mut evidence = m.new_alone.get(&i).cloned();
        let mut confidence = None;
        if let (Class::New, Some((open_new, mm))) = (class, &earlier) {
            if let Some(p) = mm
                .pairs
                .iter()
                .find(|p| open_new[p.new].id == n.id && open_new[p.new].line == n.line)
            {
                class = Class::Regressed;
                old_f = Some(closed_before[p.old].clone());
                confidence = Some(round(p.evidence.score));
                evidence = Some(p.evidence.clone());
            }
        }
        changes.push(Change {
            class,
            severity_change: None,
            confidence,
            old: old_f,
            new: Some(n.clone()),
            evidence,
        });
    }
    for (i, o) in old.findings.iter().enumerate() {
        if old_paired[i] {
            continue;
        }
        let class = if o.status.is_open() {
            Class::Resolved
        } else {
            Class::Closed
        };
        changes.push(Change {
            class,
            severity_change: None,
            confidence: None,
            old: Some(o.clone()),
            new: None,
            evidence: m.old_alone.get(&i).cloned(),
        });
    }
    changes.sort_by_key(|c| {
        (
            class_rank(c.class),
            c.new
                .as_ref()
                .or(c.old.as_ref())
                .map(|f| (f.severity, f.line)),
        )
    });
    let mut summary = Summary::default();
    for c in &changes {
        match c.class {
            Class::New => summary.new += 1,
            Class::Resolved => summary.resolved += 1,
            Class::Persisting => summary.persisting += 1,
            Class::Regressed => summary.regressed += 1,
            Class::Closed => {}
        }
        match c.severity_change {
            Some(SeverityChange::Escalated) => summary.escalated += 1,
            Some(SeverityChange::Deescalated) => summary.deescalated += 1,
            None => {}
        }
    }
    Diff {
        old: Side::of(old),
        new: Side::of(new),
        summary,
        alerts: alerts::detect(old, new, &changes),
        changes,
    }
}

fn class_rank(c: Class) -> u8 {
    match c {
        Class::Regressed => 0,
        Class::New => 1,
        Class::Persisting => 2,
        Class::Resolved => 3,
        Class::Closed => 4,
    }
}

fn round(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}

/// Whether a status counts as closed.
pub fn is_closed(s: Status) -> bool {
    !s.is_open()
}
