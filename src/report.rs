//! One diff result, scored and gated: what every renderer draws from.

use serde::Serialize;

use crate::diff::Diff;
use crate::gate::Verdict;
use crate::score::{Risk, Weights};

#[derive(Clone, Debug)]
pub struct Report {
    pub diff: Diff,
    pub risk: Risk,
    pub weights: Weights,
    pub verdict: Verdict,
    /// Where each pass's document lives, for outputs that point at the file.
    pub paths: DocPaths,
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
        let risk = Risk::of(&diff.old.counts, &diff.new.counts, &weights);
        let verdict = crate::gate::evaluate(&diff, &risk, policies);
        Report {
            diff,
            risk,
            weights,
            verdict,
            paths: DocPaths::default(),
        }
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
