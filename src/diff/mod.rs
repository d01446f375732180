//! Two passes of an audit → what changed, finding by finding.

mod alerts;
mod matching;

use serde::Serialize;

pub use alerts::{gone_unfixed, Alert, AlertCode};
pub use matching::{Evidence, Prepared, Stage, THRESHOLD};

use crate::memo::Memo;
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
    diff_prepared(
        (old, &prepare_all(&old.findings)),
        (new, &prepare_all(&new.findings)),
        (closed_before, &prepare_all(closed_before)),
    )
}

/// Each finding made ready for matching. A history diffs each pass twice
/// (as new, then as old) and its closed findings against every later pass:
/// preparing each once keeps that walk linear.
pub fn prepare_all(findings: &[Finding]) -> Vec<Prepared> {
    findings.iter().map(matching::prepare).collect()
}

/// `prepare_all` for one pass of many, remembering in `memo` what later
/// passes will ask again.
pub fn prepare_all_remembered(findings: &[Finding], memo: &mut Memo<Prepared>) -> Vec<Prepared> {
    findings
        .iter()
        .map(|f| matching::prepare_remembered(f, memo))
        .collect()
}

/// `diff` with each list of findings already prepared (`prepare_all` of
/// the same findings, in the same order).
pub fn diff_prepared(
    old: (&Audit, &[Prepared]),
    new: (&Audit, &[Prepared]),
    closed: (&[Finding], &[Prepared]),
) -> Diff {
    let (o, n, closed_before) = (old.0, new.0, closed.0);
    assert_eq!(closed_before.len(), closed.1.len(), "closed prepared");
    let mut vs = verdicts((&o.findings, old.1), (&n.findings, new.1));
    // A finding still open in the list of closed ones was closed by being
    // deleted (see `history`): it is matched as strictly as a history does,
    // after those closed by a mark.
    let (gone, marked): (Vec<_>, Vec<_>) = closed
        .1
        .iter()
        .enumerate()
        .partition(|&(k, _)| closed_before[k].status.is_open());
    regress(&mut vs, new.1, &marked, 0.0);
    regress(&mut vs, new.1, &gone, GONE_AND_BACK);
    // The old findings the new pass kept in some form, for `truncated`.
    let kept: Vec<usize> = vs
        .iter()
        .filter_map(|v| match (v.old, v.new) {
            (Some(Was::Old(i)), Some(_)) => Some(i),
            _ => None,
        })
        .collect();
    let mut changes: Vec<Change> = vs
        .into_iter()
        .map(|v| Change {
            class: v.class,
            severity_change: v.severity_change,
            confidence: v.confidence,
            old: v.old.map(|w| match w {
                Was::Old(i) => o.findings[i].clone(),
                Was::ClosedBefore(i) => closed_before[i].clone(),
            }),
            new: v.new.map(|i| n.findings[i].clone()),
            evidence: v.evidence,
        })
        .collect();
    carry_severities(&mut changes);
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
        summary.count(c.class, c.severity_change);
    }
    let mut new_side = Side::of(n);
    new_side.counts = Counts::open_of(changes.iter().filter_map(|c| c.new.as_ref()));
    Diff {
        old: Side::of(o),
        new: new_side,
        summary,
        alerts: alerts::detect(o, n, &changes, &kept),
        changes,
    }
}

impl Summary {
    fn count(&mut self, class: Class, severity_change: Option<SeverityChange>) {
        match class {
            Class::New => self.new += 1,
            Class::Resolved => self.resolved += 1,
            Class::Persisting => self.persisting += 1,
            Class::Regressed => self.regressed += 1,
            Class::Closed => {}
        }
        match severity_change {
            Some(SeverityChange::Escalated) => self.escalated += 1,
            Some(SeverityChange::Deescalated) => self.deescalated += 1,
            None => {}
        }
    }

    /// The summary of `verdicts`' result.
    pub fn of(verdicts: &[Verdict]) -> Summary {
        let mut s = Summary::default();
        for v in verdicts {
            s.count(v.class, v.severity_change);
        }
        s
    }
}

/// Where the old side of a verdict is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Was {
    /// Index into the old pass's findings.
    Old(usize),
    /// Index into the findings closed before the old pass.
    ClosedBefore(usize),
}

/// A change by index, before findings are copied into it: what a history
/// walk needs of each of its diffs.
#[derive(Clone, Debug)]
pub struct Verdict {
    pub class: Class,
    pub severity_change: Option<SeverityChange>,
    pub confidence: Option<f64>,
    pub old: Option<Was>,
    /// Index into the new pass's findings.
    pub new: Option<usize>,
    pub evidence: Option<Evidence>,
}

/// Every finding of both passes with its class, unordered; each list comes
/// with its `prepare_all`. A new finding is new here: `regress` tells
/// which of them were closed before.
pub fn verdicts(
    (old, old_p): (&[Finding], &[Prepared]),
    (new, new_p): (&[Finding], &[Prepared]),
) -> Vec<Verdict> {
    assert_eq!(old.len(), old_p.len(), "old side prepared");
    assert_eq!(new.len(), new_p.len(), "new side prepared");
    let m = matching::match_findings(&refs(old_p), &refs(new_p));
    let mut out = Vec::with_capacity(old.len().max(new.len()));
    let mut old_paired = vec![false; old.len()];
    let mut new_paired = vec![false; new.len()];
    for p in &m.pairs {
        old_paired[p.old] = true;
        new_paired[p.new] = true;
        let o = &old[p.old];
        let n = &new[p.new];
        let class = match (o.status.is_open(), n.status.is_open()) {
            (true, true) => Class::Persisting,
            (true, false) => Class::Resolved,
            (false, true) => Class::Regressed,
            // Closed only by a list before, closed by its own text now: the
            // author's own record of the fix arrived in this pass.
            (false, false) if o.closed_elsewhere && !n.closed_elsewhere => Class::Resolved,
            (false, false) => Class::Closed,
        };
        // A severity the pass does not state is a guess (the assumed
        // default): it neither lowers nor raises the finding.
        let stated = !o.severity_assumed && !n.severity_assumed;
        let severity_change = if stated && (class == Class::Persisting || class == Class::Regressed)
        {
            match n.severity.cmp(&o.severity) {
                std::cmp::Ordering::Less => Some(SeverityChange::Escalated),
                std::cmp::Ordering::Greater => Some(SeverityChange::Deescalated),
                std::cmp::Ordering::Equal => None,
            }
        } else {
            None
        };
        out.push(Verdict {
            class,
            severity_change,
            confidence: Some(round(p.evidence.score)),
            old: Some(Was::Old(p.old)),
            new: Some(p.new),
            evidence: Some(p.evidence.clone()),
        });
    }
    for (i, n) in new.iter().enumerate() {
        if new_paired[i] {
            continue;
        }
        out.push(Verdict {
            class: if n.status.is_open() {
                Class::New
            } else {
                Class::Closed
            },
            severity_change: None,
            confidence: None,
            old: None,
            new: Some(i),
            evidence: m.new_alone.get(&i).cloned(),
        });
    }
    for (i, o) in old.iter().enumerate() {
        if old_paired[i] {
            continue;
        }
        out.push(Verdict {
            class: if o.status.is_open() {
                Class::Resolved
            } else {
                Class::Closed
            },
            severity_change: None,
            confidence: None,
            old: Some(Was::Old(i)),
            new: None,
            evidence: m.old_alone.get(&i).cloned(),
        });
    }
    out
}

/// A pass that stops stating a finding's severity has not lowered it (the
/// assumed default is a guess): a paired finding whose new side states
/// none keeps the severity its old side stated, in the change, the counts
/// and the risk. Otherwise a critical finding whose severity word was
/// replaced by a status (`### 26.3 🟢 VERIFIED: …`) would leave the
/// critical count and let the gate pass.
fn carry_severities(changes: &mut [Change]) {
    for c in changes {
        if let (Some(o), Some(n)) = (&c.old, &mut c.new) {
            if n.severity_assumed && !o.severity_assumed {
                n.severity = o.severity;
            }
        }
    }
}

/// Turns each new finding of `vs` that matches one of `closed` (findings
/// closed before, each with its index in the caller's list) with a score
/// of `at_least` into a regression of it. A history calls it again with
/// the findings it learns were closed by being deleted, once every pass
/// has been diffed.
pub fn regress(
    vs: &mut [Verdict],
    new_p: &[Prepared],
    closed: &[(usize, &Prepared)],
    at_least: f64,
) {
    if closed.is_empty() {
        return;
    }
    let at: Vec<usize> = (0..vs.len())
        .filter(|&k| vs[k].class == Class::New)
        .collect();
    if at.is_empty() {
        return;
    }
    let pn: Vec<&Prepared> = at
        .iter()
        .map(|&k| &new_p[vs[k].new.expect("a new verdict has its finding")])
        .collect();
    let po: Vec<&Prepared> = closed.iter().map(|&(_, p)| p).collect();
    let pairs = matching::match_findings(&po, &pn).pairs;
    for p in pairs.into_iter().filter(|p| p.evidence.score >= at_least) {
        let v = &mut vs[at[p.new]];
        v.class = Class::Regressed;
        v.old = Some(Was::ClosedBefore(closed[p.old].0));
        v.confidence = Some(round(p.evidence.score));
        v.evidence = Some(p.evidence);
    }
}

/// The least matching score at which a new finding is one deleted from an
/// earlier pass back again. A deletion says less than a mark: a rewrite of
/// an audit drops and rewords findings past pairing. In the corpus, new
/// findings paired with a deleted one below it were other findings on the
/// same subject ('Gemini API Batch Processing Inefficient' and 'Gemini
/// Vision API Dependency' at 0.55; 'Session Authentication' and 'Session
/// Rotation Not Implemented' at 0.50).
pub const GONE_AND_BACK: f64 = 0.8;

fn refs(p: &[Prepared]) -> Vec<&Prepared> {
    p.iter().collect()
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
