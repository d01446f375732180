//! One diff result, scored and gated: what every renderer draws from.

use serde::Serialize;

use chrono::NaiveDate;

use crate::accept::{Acceptance, Accepted};
use crate::diff::Diff;
use crate::gate::Verdict;
use crate::history::Age;
use crate::score::{num, Risk, Weights};

#[derive(Clone, Debug)]
pub struct Report {
    pub diff: Diff,
    pub risk: Risk,
    pub weights: Weights,
    pub verdict: Verdict,
    /// Accepted risk: which findings the gate looked away from, which
    /// entries expired, which name nothing.
    pub accepted: Accepted,
    /// The risk the gate judged: without the accepted findings. `risk` keeps
    /// every open finding, so the printed numbers stay the audit's own.
    pub gated_risk: Risk,
    /// Where each pass's document lives, for outputs that point at the file.
    pub paths: DocPaths,
    /// How long each open finding of the new pass has been around, when the
    /// passes came from git history (empty otherwise).
    pub ages: Vec<Age>,
    /// (fingerprint, line) → index in `ages`.
    age_index: std::collections::HashMap<(std::sync::Arc<str>, usize), usize>,
}

/// The audit documents' paths relative to the repository root, forward
/// slashes, when the edge that read them could tell. A side's `source` is a
/// label (`abc1234:docs/ISSUES.md`, an absolute path, a path as typed), and
/// code scanning can only place a finding on a path the repository knows.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DocPaths {
    pub old: Option<String>,
    pub new: Option<String>,
}

impl Report {
    pub fn new(diff: Diff, weights: Weights, policies: &[crate::gate::Policy]) -> Report {
        Report::accepting(diff, weights, policies, Vec::new(), NaiveDate::MIN)
    }

    /// Scores and gates with accepted risk: the gate judges the diff without
    /// the findings an unexpired entry accepts, and fails on every expired
    /// entry that still names an open finding. `today` decides expiry.
    pub fn accepting(
        diff: Diff,
        weights: Weights,
        policies: &[crate::gate::Policy],
        entries: Vec<Acceptance>,
        today: NaiveDate,
    ) -> Report {
        let risk = Risk::of(&diff.old.counts, &diff.new.counts, &weights);
        let accepted = Accepted::apply(&diff, entries, today);
        let gated = accepted.gated(&diff);
        let gated_risk = Risk::of(&gated.old.counts, &gated.new.counts, &weights);
        let mut verdict = crate::gate::evaluate(&gated, &gated_risk, policies);
        for m in accepted.matches.iter().filter(|m| m.expired) {
            let e = &accepted.entries[m.entry];
            let f = diff.changes[m.change]
                .new
                .as_ref()
                .expect("only open findings are matched");
            let what = match &f.reference {
                Some(r) => format!("{r} {}", f.title),
                None => f.title.to_string(),
            };
            verdict.reasons.push(format!(
                "accepted-risk-expired: {} expired on {}; {} finding `{what}` is open and no longer accepted",
                e.label(),
                e.expires,
                f.severity
            ));
        }
        verdict.passed = verdict.reasons.is_empty();
        Report {
            diff,
            risk,
            weights,
            verdict,
            accepted,
            gated_risk,
            paths: DocPaths::default(),
            ages: Vec::new(),
            age_index: Default::default(),
        }
    }

    pub fn with_ages(mut self, ages: Vec<Age>) -> Report {
        self.age_index = ages
            .iter()
            .enumerate()
            .map(|(i, a)| ((a.finding.id.clone(), a.finding.line), i))
            .collect();
        self.ages = ages;
        self
    }

    /// The age of an open finding of the new pass, if history gave one.
    pub fn age_of(&self, f: &crate::model::Finding) -> Option<&Age> {
        let i = *self.age_index.get(&(f.id.clone(), f.line))?;
        self.ages.get(i)
    }

    /// "open in 4 passes since 2025-11-02" for a finding older than this pass.
    pub fn age_label(&self, f: &crate::model::Finding) -> Option<String> {
        let a = self.age_of(f).filter(|a| a.passes > 1)?;
        Some(match &a.first_seen_date {
            Some(d) => format!(
                "open in {} passes since {}",
                a.passes,
                &d[..10.min(d.len())]
            ),
            None => format!("open in {} passes", a.passes),
        })
    }

    /// Warnings about entries that accept nothing: a fixed finding leaves
    /// its entry behind, and a typo in one would otherwise go unnoticed.
    pub fn stale_warnings(&self) -> Vec<String> {
        self.accepted
            .stale
            .iter()
            .map(|&i| {
                format!(
                    "stale accepted risk: {} names no open finding in the new pass; remove it",
                    self.accepted.entries[i].label()
                )
            })
            .collect()
    }

    /// One line on what accepted risk did to the gate, when it did anything.
    pub fn accepted_note(&self) -> Option<String> {
        let n = self.accepted.accepted_count();
        let c = self.accepted.counts(&self.diff);
        let by: Vec<String> = crate::model::Severity::ALL
            .iter()
            .filter(|s| c.get(**s) > 0)
            .map(|s| format!("{} {s}", c.get(*s)))
            .collect();
        (n > 0).then(|| {
            format!(
                "accepted risk: {n} open finding(s) ({}) are not counted by the gate; without them the risk is {} → {}",
                by.join(", "),
                num(self.gated_risk.old),
                num(self.gated_risk.new),
            )
        })
    }

    pub fn with_paths(mut self, paths: DocPaths) -> Report {
        self.paths = paths;
        self
    }
}

/// The risk block as serialised: the numbers and the formula behind them.
#[derive(Serialize)]
pub struct RiskJson<'a> {
    pub old: f64,
    pub new: f64,
    pub delta: f64,
    pub formula: String,
    pub weights: &'a Weights,
}
