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
        }
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
