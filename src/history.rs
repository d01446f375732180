//! A series of passes → one row per pass and the age of each open finding.
//!
//! Pure: the passes come in as parsed audits (oldest first) with their
//! commit and time; regressions are judged against every earlier pass.

use std::collections::{HashMap, HashSet};

use serde::Serialize;

use crate::diff::{prepare_all_remembered, verdicts, Class, Prepared, Summary, Verdict, Was};
use crate::memo::Memo;
use crate::model::{Audit, Counts, Finding};
use crate::score::{risk, Weights};

/// Where a pass came from.
#[derive(Clone, Debug, Serialize)]
pub struct PassInfo {
    pub commit: Option<String>,
    /// Seconds since the epoch (UTC), when known.
    pub time: Option<i64>,
    pub path: String,
}

#[derive(Clone, Debug, Serialize)]
pub struct Row {
    pub pass: usize,
    pub commit: Option<String>,
    pub date: Option<String>,
    pub path: String,
    pub counts: Counts,
    pub risk: f64,
    pub new: u32,
    pub resolved: u32,
    pub regressed: u32,
    pub persisting: u32,
}

/// How long an open finding of the last pass has been around.
#[derive(Clone, Debug, Serialize)]
pub struct Age {
    pub finding: Finding,
    /// Index (0-based, oldest first) of the pass it was first seen in.
    pub first_seen: usize,
    pub first_seen_date: Option<String>,
    /// Passes it has been listed in, counting the first and the last.
    pub passes: usize,
}

#[derive(Clone, Debug, Serialize)]
pub struct History {
    pub rows: Vec<Row>,
    pub open: Vec<Age>,
}

pub fn date_of(time: Option<i64>) -> Option<String> {
    time.and_then(|t| chrono::DateTime::from_timestamp(t, 0))
        .map(|d| d.format("%Y-%m-%d %H:%M").to_string())
}

/// Builds the trend of `passes` (oldest first), diffing on up to `workers`
/// threads. `on_pass` is called after each diff (for a progress bar at the
/// edge), from any of those threads.
pub fn build(
    passes: &[(PassInfo, Audit)],
    weights: &Weights,
    workers: usize,
    on_pass: &(dyn Fn() + Sync),
) -> History {
    let prepared: Vec<Vec<Prepared>> =
        crate::par::map_neighbours(passes.len(), workers, Memo::new, |memo, i| {
            prepare_all_remembered(&passes[i].1.findings, memo)
        });
    // Every finding closed in some pass, once, in pass order: pass `i` is
    // diffed against those closed in passes before `i - 1`, a prefix of it.
    let mut closed: Vec<&Finding> = Vec::new();
    let mut closed_prepared: Vec<Prepared> = Vec::new();
    let mut closed_upto = vec![0; passes.len()];
    let mut closed_ids: HashSet<&str> = HashSet::new();
    for (j, (_, audit)) in passes.iter().enumerate() {
        closed_upto[j] = closed.len();
        for (k, f) in audit.findings.iter().enumerate() {
            if !f.status.is_open() && closed_ids.insert(&f.id) {
                closed.push(f);
                closed_prepared.push(prepared[j][k].clone());
            }
        }
    }
    let closed: Vec<Finding> = closed.into_iter().cloned().collect();
    // Regressions look past the previous pass to every earlier one.
    let verdicts: Vec<Vec<Verdict>> = crate::par::map(passes.len(), workers, |i| {
        let (prev, prev_p): (&[Finding], &[Prepared]) = match i {
            0 => (&[], &[]),
            _ => (&passes[i - 1].1.findings, &prepared[i - 1]),
        };
        let upto = if i >= 2 { closed_upto[i - 1] } else { 0 };
        let v = verdicts(
            (prev, prev_p),
            (&passes[i].1.findings, &prepared[i]),
            (&closed[..upto], &closed_prepared[..upto]),
        );
        on_pass();
        v
    });

    let mut rows = Vec::with_capacity(passes.len());
    // First-seen pass per finding of the previous pass, by (fingerprint, line).
    // Only looked up, never walked: a fast hash serves as well as SipHash.
    let mut first_seen: Ages = HashMap::default();
    for (i, ((info, audit), vs)) in passes.iter().zip(&verdicts).enumerate() {
        let mut seen: Ages = HashMap::with_capacity_and_hasher(vs.len(), Default::default());
        for v in vs {
            let Some(ni) = v.new else { continue };
            let n = &audit.findings[ni];
            let old = match v.old {
                Some(Was::Old(oi)) => Some(&passes[i - 1].1.findings[oi]),
                Some(Was::ClosedBefore(k)) => Some(&closed[k]),
                None => None,
            };
            let origin = match (old, v.class) {
                (Some(o), Class::Persisting | Class::Resolved | Class::Closed) => {
                    first_seen.get(&(&*o.id, o.line)).copied().unwrap_or(i)
                }
                _ => i,
            };
            seen.insert((&*n.id, n.line), origin);
        }
        first_seen = seen;
        let counts = audit.open_counts();
        let summary = Summary::of(vs);
        rows.push(Row {
            pass: i,
            commit: info.commit.clone(),
            date: date_of(info.time),
            path: info.path.clone(),
            counts,
            risk: risk(&counts, weights),
            new: summary.new,
            resolved: summary.resolved,
            regressed: summary.regressed,
            persisting: summary.persisting,
        });
    }
    let last = passes.len().saturating_sub(1);
    let open = passes
        .last()
        .map(|(_, a)| {
            a.findings
                .iter()
                .filter(|f| f.status.is_open())
                .map(|f| {
                    let fs = first_seen.get(&(&*f.id, f.line)).copied().unwrap_or(last);
                    Age {
                        finding: f.clone(),
                        first_seen: fs,
                        first_seen_date: date_of(passes[fs].0.time),
                        passes: last - fs + 1,
                    }
                })
                .collect()
        })
        .unwrap_or_default();
    crate::par::drop_beside((prepared, closed_prepared, verdicts, closed), workers);
    History { rows, open }
}

/// The first-seen pass of each finding of a pass, by (fingerprint, line).
type Ages<'a> = HashMap<(&'a str, usize), usize, foldhash::fast::RandomState>;

/// `▁▂▃▄▅▆▇█` scaled between the lowest and highest value.
pub fn sparkline(values: &[f64]) -> String {
    const BARS: [char; 8] = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];
    let (lo, hi) = values
        .iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(l, h), v| {
            (l.min(*v), h.max(*v))
        });
    values
        .iter()
        .map(|v| {
            if hi <= lo {
                BARS[0]
            } else {
                BARS[(((v - lo) / (hi - lo)) * 7.0).round().clamp(0.0, 7.0) as usize]
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::{parse, Vocabulary};

    fn pass(n: usize, md: &str) -> (PassInfo, Audit) {
        (
            PassInfo {
                commit: Some(format!("{n:040}")),
                time: Some(1_764_633_600 + n as i64 * 86_400),
                path: "AUDIT.md".into(),
            },
            parse(md, "AUDIT.md", &Vocabulary::default()),
        )
    }

    #[test]
    fn rows_ages_and_regressions_across_passes() {
        let passes = vec![
            pass(0, "# A\n\n### 1.1 HIGH: Path traversal in ingest\n\n### 1.2 LOW: Unused import\n"),
            pass(1, "# A\n\n### 1.1 ~~HIGH: Path traversal in ingest~~ FIXED\n\n### 1.2 LOW: Unused import\n"),
            pass(2, "# A\n\n### 1.2 LOW: Unused import\n"),
            pass(3, "# A\n\n### 1.2 LOW: Unused import\n\n### 2.1 HIGH: Path traversal in ingest\n"),
        ];
        let h = build(&passes, &Weights::default(), 2, &|| {});
        let summary: Vec<(u32, u32, u32, f64)> = h
            .rows
            .iter()
            .map(|r| (r.new, r.resolved, r.regressed, r.risk))
            .collect();
        assert_eq!(
            summary,
            vec![
                (2, 0, 0, 6.0),
                (0, 1, 0, 1.0),
                (0, 0, 0, 1.0),
                (0, 0, 1, 6.0)
            ]
        );
        let ages: Vec<(&str, usize, usize)> = h
            .open
            .iter()
            .map(|a| (&*a.finding.title, a.first_seen, a.passes))
            .collect();
        assert_eq!(
            ages,
            vec![("Unused import", 0, 4), ("Path traversal in ingest", 3, 1)]
        );
        assert_eq!(h.rows[0].date.as_deref(), Some("2025-12-02 00:00"));
    }

    #[test]
    fn sparkline_scales() {
        assert_eq!(sparkline(&[0.0, 5.0, 10.0]), "▁▅█");
        assert_eq!(sparkline(&[3.0, 3.0]), "▁▁");
    }
}
