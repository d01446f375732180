//! A series of passes → one row per pass and the age of each open finding.
//!
//! Pure: the passes come in as parsed audits (oldest first) with their
//! commit and time; regressions are judged against every earlier pass.

use std::collections::HashMap;

use serde::Serialize;

use crate::diff::{diff, Class};
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

/// Builds the trend of `passes` (oldest first). `on_pass` is called after
/// each pass (for a progress bar at the edge).
pub fn build(
    passes: &[(PassInfo, Audit)],
    weights: &Weights,
    mut on_pass: impl FnMut(),
) -> History {
    let mut rows = Vec::with_capacity(passes.len());
    // First-seen pass per finding of the previous pass, by (fingerprint, line).
    let mut first_seen: HashMap<(String, usize), usize> = HashMap::new();
    let mut closed_before: Vec<Finding> = Vec::new();
    let mut closed_ids: std::collections::HashSet<String> = std::collections::HashSet::new();
    let empty = Audit::empty("");
    for (i, (info, audit)) in passes.iter().enumerate() {
        let prev = if i == 0 { &empty } else { &passes[i - 1].1 };
        // Regressions look past the previous pass to every earlier one.
        let d = diff(prev, audit, &closed_before);
        let mut seen: HashMap<(String, usize), usize> = HashMap::new();
        for c in &d.changes {
            let Some(n) = &c.new else { continue };
            let origin = match (&c.old, c.class) {
                (Some(o), Class::Persisting | Class::Resolved | Class::Closed) => first_seen
                    .get(&(o.id.clone(), o.line))
                    .copied()
                    .unwrap_or(i),
                _ => i,
            };
            seen.insert((n.id.clone(), n.line), origin);
        }
        first_seen = seen;
        if i > 0 {
            // A finding closed in many passes needs remembering once.
            for f in prev.findings.iter().filter(|f| !f.status.is_open()) {
                if closed_ids.insert(f.id.clone()) {
                    closed_before.push(f.clone());
                }
            }
        }
        let counts = audit.open_counts();
        rows.push(Row {
            pass: i,
            commit: info.commit.clone(),
            date: date_of(info.time),
            path: info.path.clone(),
            counts,
            risk: risk(&counts, weights),
            new: d.summary.new,
            resolved: d.summary.resolved,
            regressed: d.summary.regressed,
            persisting: d.summary.persisting,
        });
        on_pass();
    }
    let last = passes.len().saturating_sub(1);
    let open = passes
        .last()
        .map(|(_, a)| {
            a.findings
                .iter()
                .filter(|f| f.status.is_open())
                .map(|f| {
                    let fs = first_seen
                        .get(&(f.id.clone(), f.line))
                        .copied()
                        .unwrap_or(last);
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
    History { rows, open }
}

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
        let h = build(&passes, &Weights::default(), || {});
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
            .map(|a| (a.finding.title.as_str(), a.first_seen, a.passes))
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
