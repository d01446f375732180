//! A series of passes → one row per pass and the age of each open finding.
//!
//! Pure: the passes come in as parsed audits (oldest first) with their
//! commit and time; regressions are judged against every earlier pass.

use std::collections::{HashMap, HashSet};

use serde::Serialize;

use crate::diff::Diff;
use crate::diff::{
    diff, gone_unfixed, prepare_all_remembered, regress, verdicts, Class, Prepared, Summary,
    Verdict, Was, GONE_AND_BACK,
};
use crate::memo::Memo;
use crate::model::{Audit, Counts, Finding, Severity};
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
    /// The findings closed before the last pass's previous one, by a mark
    /// or by being deleted: what a diff of the last two passes judges
    /// regressions against.
    #[serde(skip)]
    pub judged_against: Vec<Finding>,
    /// For each finding of the pass before the last, the severity it was
    /// last stated with, carried through passes that state none; what a
    /// diff of the last two passes reads that pass's findings as.
    #[serde(skip)]
    pub severities_before_last: Vec<Option<Severity>>,
}

impl History {
    /// The diff of the last two passes, `old` and `new`, as the history
    /// reads them: each finding of `old` that states no severity with the
    /// one it was last stated with, and regressions judged against every
    /// finding closed or deleted before `old`.
    pub fn diff_last(&self, old: &Audit, new: &Audit) -> Diff {
        let mut old = old.clone();
        for (f, s) in old.findings.iter_mut().zip(&self.severities_before_last) {
            if let (true, Some(s)) = (f.severity_assumed, s) {
                f.severity = *s;
                f.severity_assumed = false;
            }
        }
        diff(&old, new, &self.judged_against)
    }
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
    // Regressions look past the previous pass to every earlier one.
    let mut verdicts: Vec<Vec<Verdict>> = crate::par::map(passes.len(), workers, |i| {
        let (prev, prev_p): (&[Finding], &[Prepared]) = match i {
            0 => (&[], &[]),
            _ => (&passes[i - 1].1.findings, &prepared[i - 1]),
        };
        let upto = if i >= 2 { closed_upto[i - 1] } else { 0 };
        let mut v = verdicts((prev, prev_p), (&passes[i].1.findings, &prepared[i]));
        let marked: Vec<(usize, &Prepared)> = closed_prepared[..upto].iter().enumerate().collect();
        regress(&mut v, &prepared[i], &marked, 0.0);
        on_pass();
        v
    });
    // A finding deleted from the audit was resolved too (each pass's row
    // counts it so), and one that comes back is a regression. Which open
    // findings left without a mark is known only from each pass's pairing,
    // which the pool of closed findings does not change: so they are
    // gathered from the verdicts, and each pass's new findings are then
    // matched against those that left before it.
    let marked = closed.len();
    let mut gone_upto = vec![marked; passes.len() + 1];
    for (i, vs) in verdicts.iter().enumerate() {
        gone_upto[i] = closed.len();
        let gone: Vec<usize> = vs
            .iter()
            .filter_map(|v| match (v.class, v.new, v.old) {
                (Class::Resolved, None, Some(Was::Old(k))) => Some(k),
                _ => None,
            })
            .collect();
        if gone.is_empty() {
            continue;
        }
        // Findings lost with the document (emptied, cut short, most of it
        // dropped) were not fixed: when they are written again, they are back,
        // not regressed.
        let old = &passes[i - 1].1;
        let lines: Vec<usize> = gone.iter().map(|&k| old.findings[k].line).collect();
        let last_kept = vs
            .iter()
            .filter_map(|v| match (v.old, v.new) {
                (Some(Was::Old(k)), Some(_)) => Some(old.findings[k].line),
                _ => None,
            })
            .max();
        if gone_unfixed(old, &passes[i].1, &lines, last_kept) {
            continue;
        }
        for k in gone {
            let f = &old.findings[k];
            if closed_ids.insert(&f.id) {
                closed.push(f);
                closed_prepared.push(prepared[i - 1][k].clone());
            }
        }
    }
    gone_upto[passes.len()] = closed.len();
    // Pass `i` looks at the findings gone in the passes before it.
    // Few findings of a pass are new: this is cheap beside the diffs above.
    for (i, vs) in verdicts.iter_mut().enumerate() {
        let gone: Vec<(usize, &Prepared)> = (marked..gone_upto[i])
            .map(|k| (k, &closed_prepared[k]))
            .collect();
        regress(vs, &prepared[i], &gone, GONE_AND_BACK);
    }
    let closed: Vec<Finding> = closed.into_iter().cloned().collect();
    let judged_against = match passes.len() {
        0 => Vec::new(),
        n => {
            let marked_upto = if n >= 3 { closed_upto[n - 2] } else { 0 };
            let gone = &closed[marked..gone_upto[n - 1]];
            closed[..marked_upto].iter().chain(gone).cloned().collect()
        }
    };

    let mut rows = Vec::with_capacity(passes.len());
    // First-seen pass per finding of the previous pass, by (fingerprint, line).
    // Only looked up, never walked: a fast hash serves as well as SipHash.
    let mut first_seen: Ages = HashMap::default();
    // Each finding's severity as last stated, carried through passes that
    // state none (see `diff::carry_severities`), for the counts and risk.
    let mut stated_before: Vec<Option<Severity>> = Vec::new();
    let mut stated_before_last: Vec<Option<Severity>> = Vec::new();
    for (i, ((info, audit), vs)) in passes.iter().zip(&verdicts).enumerate() {
        let mut stated: Vec<Option<Severity>> = audit
            .findings
            .iter()
            .map(|f| (!f.severity_assumed).then_some(f.severity))
            .collect();
        for v in vs {
            let Some(ni) = v.new else { continue };
            if stated[ni].is_none() {
                stated[ni] = match v.old {
                    Some(Was::Old(k)) => stated_before[k],
                    Some(Was::ClosedBefore(k)) => {
                        (!closed[k].severity_assumed).then_some(closed[k].severity)
                    }
                    None => None,
                };
            }
        }
        let mut counts = Counts::default();
        for (f, s) in audit.findings.iter().zip(&stated) {
            if f.status.is_open() {
                counts.add(s.unwrap_or(f.severity));
            }
        }
        stated_before_last = std::mem::replace(&mut stated_before, stated);
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
    History {
        rows,
        open,
        judged_against,
        severities_before_last: stated_before_last,
    }
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
    fn a_deleted_finding_that_comes_back_is_a_regression() {
        let passes = vec![
            pass(0, "# A\n\n### 1.1 HIGH: Path traversal in ingest\n\n### 1.2 LOW: Unused import\n"),
            // Fixed by deleting it: no mark says so.
            pass(1, "# A\n\n### 1.2 LOW: Unused import\n"),
            pass(2, "# A\n\n### 1.2 LOW: Unused import\n\n### 1.3 MEDIUM: Debug logging of tokens\n"),
            pass(3, "# A\n\n### 1.2 LOW: Unused import\n\n### 1.3 MEDIUM: Debug logging of tokens\n\n### 2.1 HIGH: Path traversal in ingest\n"),
            // Reworded in place: persisting, and nothing was deleted.
            pass(4, "# A\n\n### 1.2 LOW: Unused imports\n\n### 1.3 MEDIUM: Debug logging of tokens\n\n### 2.1 HIGH: Path traversal in ingest\n"),
            // Fixed by deleting it, and another finding on its subject: new.
            pass(5, "# A\n\n### 1.2 LOW: Unused imports\n\n### 2.1 HIGH: Path traversal in ingest\n"),
            pass(6, "# A\n\n### 1.2 LOW: Unused imports\n\n### 2.1 HIGH: Path traversal in ingest\n\n### 2.2 MEDIUM: Debug logging of session cookies\n"),
        ];
        let h = build(&passes, &Weights::default(), 2, &|| {});
        let summary: Vec<(u32, u32, u32)> = h
            .rows
            .iter()
            .map(|r| (r.new, r.resolved, r.regressed))
            .collect();
        assert_eq!(
            summary,
            vec![
                (2, 0, 0),
                (0, 1, 0),
                (1, 0, 0),
                (0, 0, 1),
                (0, 0, 0),
                (0, 1, 0),
                (1, 0, 0)
            ]
        );
        // A diff of the last two passes judges against the deleted finding.
        let pool: Vec<&str> = h.judged_against.iter().map(|f| &*f.title).collect();
        assert_eq!(
            pool,
            vec!["Path traversal in ingest", "Debug logging of tokens"]
        );
    }

    #[test]
    fn findings_lost_with_a_cut_pass_and_written_again_are_not_regressions() {
        let four = "# A\n\n### 1.1 HIGH: Path traversal in ingest\n\n### 1.2 LOW: Unused import\n\n### 1.3 HIGH: Token logged at startup\n\n### 1.4 MEDIUM: Debug route left on\n";
        let cut = "# A\n\n### 1.1 HIGH: Path traversal in ingest\n\n### 1.2 LOW: Unused import\n";
        let passes = vec![pass(0, four), pass(1, cut), pass(2, four)];
        let h = build(&passes, &Weights::default(), 2, &|| {});
        assert_eq!(h.rows[2].regressed, 0);
        assert!(h.judged_against.is_empty());
        // Emptied, then restored: the same.
        let passes = vec![pass(0, four), pass(1, "# A\n\nRewriting.\n"), pass(2, four)];
        let h = build(&passes, &Weights::default(), 2, &|| {});
        assert_eq!(h.rows[2].regressed, 0);
    }

    #[test]
    fn a_severity_last_stated_is_carried_through_passes_that_omit_it() {
        let passes = vec![
            pass(
                0,
                "# A\n\n### 1.1 CRITICAL: Token logged at startup\n\n### 1.2 LOW: Unused import\n",
            ),
            pass(
                1,
                "# A\n\n### 1.1 Token logged at startup\n\n### 1.2 LOW: Unused import\n",
            ),
            pass(
                2,
                "# A\n\n### 1.1 Token logged at startup\n\n### 1.2 Unused import\n",
            ),
            pass(
                3,
                "# A\n\n### 1.1 HIGH: Token logged at startup\n\n### 1.2 Unused import\n",
            ),
        ];
        let h = build(&passes, &Weights::default(), 2, &|| {});
        let counts: Vec<(u32, u32, u32, u32)> = h
            .rows
            .iter()
            .map(|r| {
                (
                    r.counts.critical,
                    r.counts.high,
                    r.counts.medium,
                    r.counts.low,
                )
            })
            .collect();
        assert_eq!(
            counts,
            vec![(1, 0, 0, 1), (1, 0, 0, 1), (1, 0, 0, 1), (0, 1, 0, 1)]
        );
    }

    #[test]
    fn sparkline_scales() {
        assert_eq!(sparkline(&[0.0, 5.0, 10.0]), "▁▅█");
        assert_eq!(sparkline(&[3.0, 3.0]), "▁▁");
    }
}
