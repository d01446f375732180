//! Policies → a verdict with every reason that failed it.

use std::fmt;
use std::str::FromStr;

use serde::Serialize;

use crate::diff::{AlertCode, Class, Diff, SeverityChange};
use crate::model::Severity;
use crate::score::{num, Risk};

/// One rule the gate applies; several combine (any failing fails the gate).
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Policy {
    /// The number of open critical findings grew.
    CriticalGrowth,
    /// Any new (or regressed) critical finding.
    NewCritical,
    /// Any new (or regressed) critical or high finding.
    NewHigh,
    /// Any regressed finding.
    Regressed,
    /// Any persisting finding whose severity went up.
    Escalated,
    /// The risk score grew.
    ScoreGrowth,
    /// The risk score is above N.
    MaxScore(f64),
    /// Most open findings vanished without a resolution marker, or most
    /// persisting ones were lowered in severity at once.
    SilentDrop,
    /// The new pass looks cut short: the old pass's last open findings
    /// vanished, and only they (the `truncated` alert).
    Truncated,
}

/// The gate when neither `--fail-on` nor the configuration names one. A
/// truncated rewrite is the usual way an LLM-written audit loses findings,
/// and nothing else in this list would notice it; naming any policy
/// replaces the whole list, which is the way out.
pub const DEFAULT_POLICIES: &[Policy] = &[Policy::CriticalGrowth, Policy::Truncated];

impl FromStr for Policy {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let s = s.trim();
        Ok(match s {
            "critical-growth" => Policy::CriticalGrowth,
            "new-critical" => Policy::NewCritical,
            "new-high" => Policy::NewHigh,
            "regressed" => Policy::Regressed,
            "escalated" => Policy::Escalated,
            "score-growth" => Policy::ScoreGrowth,
            "silent-drop" => Policy::SilentDrop,
            "truncated" => Policy::Truncated,
            _ => match s.strip_prefix("max-score=") {
                Some(n) => Policy::MaxScore(max_score(n)?),
                None => {
                    return Err(format!(
                        "unknown policy `{s}` (expected critical-growth, new-critical, new-high, regressed, escalated, score-growth, silent-drop, truncated or max-score=N)"
                    ))
                }
            },
        })
    }
}

/// The N of `max-score=N`: a finite number, at least 0. `NaN` compares
/// false with every score and `inf` (or `1e999`, which parses to it) is never
/// exceeded, so either would be a gate that can never fail; a negative one
/// fails every pass, even an empty one.
fn max_score(n: &str) -> Result<f64, String> {
    match n.trim().parse::<f64>() {
        Ok(x) if x.is_finite() && x >= 0.0 => Ok(x),
        _ => Err(format!(
            "max-score needs a finite number of 0 or more, got `{n}`"
        )),
    }
}

impl fmt::Display for Policy {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Policy::CriticalGrowth => f.write_str("critical-growth"),
            Policy::NewCritical => f.write_str("new-critical"),
            Policy::NewHigh => f.write_str("new-high"),
            Policy::Regressed => f.write_str("regressed"),
            Policy::Escalated => f.write_str("escalated"),
            Policy::ScoreGrowth => f.write_str("score-growth"),
            Policy::MaxScore(n) => write!(f, "max-score={}", num(*n)),
            Policy::SilentDrop => f.write_str("silent-drop"),
            Policy::Truncated => f.write_str("truncated"),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Verdict {
    pub passed: bool,
    pub reasons: Vec<String>,
}

fn count(diff: &Diff, pred: impl Fn(&crate::diff::Change) -> bool) -> usize {
    diff.changes.iter().filter(|c| pred(c)).count()
}

fn arrived(c: &crate::diff::Change, worst: Severity) -> bool {
    matches!(c.class, Class::New | Class::Regressed)
        && c.new.as_ref().is_some_and(|f| f.severity <= worst)
}

/// Applies every policy; the verdict lists the reason of each that failed.
pub fn evaluate(diff: &Diff, risk: &Risk, policies: &[Policy]) -> Verdict {
    let mut reasons = Vec::new();
    // Not a policy one can leave out: an emptied or broken audit would
    // otherwise pass every other rule as "everything resolved".
    for a in &diff.alerts {
        if a.code == AlertCode::EmptyPass {
            reasons.push(format!("empty-pass: {}", a.message));
        }
    }
    for p in policies {
        match *p {
            Policy::CriticalGrowth => {
                let (o, n) = (diff.old.counts.critical, diff.new.counts.critical);
                if n > o {
                    reasons.push(format!(
                        "critical-growth: open critical findings grew from {o} to {n}"
                    ));
                }
            }
            Policy::NewCritical => {
                let n = count(diff, |c| arrived(c, Severity::Critical));
                if n > 0 {
                    reasons.push(format!(
                        "new-critical: {n} new or regressed critical finding(s)"
                    ));
                }
            }
            Policy::NewHigh => {
                let n = count(diff, |c| arrived(c, Severity::High));
                if n > 0 {
                    reasons.push(format!(
                        "new-high: {n} new or regressed critical/high finding(s)"
                    ));
                }
            }
            Policy::Regressed => {
                let n = count(diff, |c| c.class == Class::Regressed);
                if n > 0 {
                    reasons.push(format!(
                        "regressed: {n} finding(s) closed earlier are open again"
                    ));
                }
            }
            Policy::Escalated => {
                let n = count(diff, |c| {
                    c.severity_change == Some(SeverityChange::Escalated)
                });
                if n > 0 {
                    reasons.push(format!("escalated: {n} finding(s) rose in severity"));
                }
            }
            Policy::ScoreGrowth => {
                if risk.delta > 0.0 {
                    reasons.push(format!(
                        "score-growth: risk score rose from {} to {}",
                        num(risk.old),
                        num(risk.new)
                    ));
                }
            }
            Policy::SilentDrop => {
                for a in &diff.alerts {
                    if matches!(a.code, AlertCode::SilentDrop | AlertCode::MassDeescalation) {
                        reasons.push(format!("silent-drop: {}", a.message));
                    }
                }
            }
            Policy::Truncated => {
                for a in &diff.alerts {
                    if a.code == AlertCode::Truncated {
                        reasons.push(format!("truncated: {}", a.message));
                    }
                }
            }
            Policy::MaxScore(max) => {
                if risk.new > max {
                    reasons.push(format!(
                        "max-score: risk score {} is above {}",
                        num(risk.new),
                        num(max)
                    ));
                }
            }
        }
    }
    Verdict {
        passed: reasons.is_empty(),
        reasons,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_policy_reads_back_what_it_prints() {
        for p in [
            Policy::CriticalGrowth,
            Policy::NewCritical,
            Policy::NewHigh,
            Policy::Regressed,
            Policy::Escalated,
            Policy::ScoreGrowth,
            Policy::MaxScore(12.5),
            Policy::SilentDrop,
            Policy::Truncated,
        ] {
            assert_eq!(p.to_string().parse::<Policy>(), Ok(p));
        }
    }

    #[test]
    fn max_score_takes_a_finite_number_of_zero_or_more() {
        assert_eq!("max-score=0".parse(), Ok(Policy::MaxScore(0.0)));
        assert_eq!("max-score= 40 ".parse(), Ok(Policy::MaxScore(40.0)));
        // Each of these would make a gate that never fails (NaN compares
        // false, nothing exceeds infinity) or always fails.
        for n in [
            "NaN", "nan", "inf", "-inf", "infinity", "1e999", "-1", "-0.5", "", "ten",
        ] {
            let e = format!("max-score={n}").parse::<Policy>().unwrap_err();
            assert_eq!(
                e,
                format!("max-score needs a finite number of 0 or more, got `{n}`")
            );
        }
    }
}
