//! The risk score: a weighted count of open findings.

use serde::Serialize;

use crate::model::{Counts, Severity};

/// Weight of one open finding per severity.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Weights {
    pub critical: f64,
    pub high: f64,
    pub medium: f64,
    pub low: f64,
    pub info: f64,
}

impl Default for Weights {
    fn default() -> Self {
        Weights {
            critical: 10.0,
            high: 5.0,
            medium: 2.0,
            low: 1.0,
            info: 0.0,
        }
    }
}

impl Weights {
    pub fn get(&self, sev: Severity) -> f64 {
        match sev {
            Severity::Critical => self.critical,
            Severity::High => self.high,
            Severity::Medium => self.medium,
            Severity::Low => self.low,
            Severity::Info => self.info,
        }
    }

    /// The formula as printed in reports.
    pub fn formula(&self) -> String {
        Severity::ALL
            .iter()
            .map(|s| format!("{}×{}", num(self.get(*s)), s))
            .collect::<Vec<_>>()
            .join(" + ")
    }
}

/// The risk of a set of open counts.
pub fn risk(counts: &Counts, w: &Weights) -> f64 {
    Severity::ALL
        .iter()
        .map(|s| f64::from(counts.get(*s)) * w.get(*s))
        .sum()
}

/// Old, new and delta of the risk score.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Risk {
    pub old: f64,
    pub new: f64,
    pub delta: f64,
}

impl Risk {
    pub fn of(old: &Counts, new: &Counts, w: &Weights) -> Risk {
        let (o, n) = (risk(old, w), risk(new, w));
        Risk {
            old: o,
            new: n,
            delta: n - o,
        }
    }
}

/// A number without a trailing `.0` when it is whole.
pub fn num(x: f64) -> String {
    if x.fract() == 0.0 && x.abs() < 1e15 {
        format!("{}", x as i64)
    } else {
        format!("{x:.2}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_weights() {
        let c = Counts {
            critical: 2,
            high: 1,
            medium: 3,
            low: 4,
            info: 9,
        };
        assert_eq!(risk(&c, &Weights::default()), 20.0 + 5.0 + 6.0 + 4.0);
        assert_eq!(
            Weights::default().formula(),
            "10×critical + 5×high + 2×medium + 1×low + 0×info"
        );
    }
}
