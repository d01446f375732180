//! Accepted risk: findings a named owner has agreed to live with until a
//! date. Applied after the diff, so the diff itself stays a plain record of
//! what the audit says; only the gate looks away, and only until `expires`.
//!
//! Pure: the entries and "today" come in as values.

use chrono::NaiveDate;
use regex::Regex;

use crate::diff::{Change, Class, Diff, Summary};
use crate::model::{Counts, Finding, Severity};

/// One `[[accept]]` entry of the configuration.
#[derive(Clone, Debug)]
pub struct Acceptance {
    /// A finding `id`, as `show --format json` prints it.
    pub fingerprint: Option<String>,
    /// The document's own ref (`1.3`, `CRITICAL-2`), compared case-insensitively.
    pub reference: Option<String>,
    /// A regular expression searched in the title, case-insensitively.
    pub title: Option<Regex>,
    pub reason: String,
    pub owner: String,
    /// The last day the acceptance holds.
    pub expires: NaiveDate,
    /// Where the entry is written (`auditgate.toml:14`), to name it in messages.
    pub origin: String,
}

impl Acceptance {
    /// Whether this entry names `f`; every criterion given must hold.
    fn names(&self, f: &Finding) -> bool {
        self.fingerprint.as_ref().is_none_or(|id| **id == *f.id)
            && self.reference.as_ref().is_none_or(|r| {
                f.reference
                    .as_deref()
                    .is_some_and(|fr| fr.trim().eq_ignore_ascii_case(r.trim()))
            })
            && self.title.as_ref().is_none_or(|re| re.is_match(&f.title))
    }

    /// Whether this entry names the finding of a change open in the new pass.
    /// A reworded finding is still named by the fingerprint its earlier pass
    /// gave it, so an entry written against an old report keeps working.
    fn names_change(&self, c: &Change) -> bool {
        let Some(new) = c.new.as_ref().filter(|f| f.status.is_open()) else {
            return false;
        };
        if self.names(new) {
            return true;
        }
        // Only the fingerprint is carried over from the old side: a ref or a
        // title is whatever the current pass says.
        match (&self.fingerprint, &c.old) {
            (Some(id), Some(old)) if c.class != Class::Regressed => {
                **id == *old.id
                    && self.reference.is_none()
                    && self.title.as_ref().is_none_or(|re| re.is_match(&new.title))
            }
            _ => false,
        }
    }

    pub fn is_expired(&self, today: NaiveDate) -> bool {
        self.expires < today
    }

    /// How messages name the entry: where it is and what it names.
    pub fn label(&self) -> String {
        let mut what = Vec::new();
        if let Some(f) = &self.fingerprint {
            what.push(format!("fingerprint {f}"));
        }
        if let Some(r) = &self.reference {
            what.push(format!("ref {r}"));
        }
        if let Some(t) = &self.title {
            what.push(format!("title /{}/", t.as_str()));
        }
        format!(
            "{} ({}, owner {})",
            self.origin,
            what.join(", "),
            self.owner
        )
    }
}

/// One finding named by an entry.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Match {
    /// Index into the diff's changes.
    pub change: usize,
    /// Index into the entries.
    pub entry: usize,
    /// The entry has expired: it names the finding but does not accept it.
    pub expired: bool,
}

/// What the entries did to one diff.
#[derive(Clone, Debug, Default)]
pub struct Accepted {
    pub entries: Vec<Acceptance>,
    /// At most one per change: an active entry wins over an expired one.
    pub matches: Vec<Match>,
    /// Entries that name no finding open in the new pass.
    pub stale: Vec<usize>,
}

impl Accepted {
    /// Matches the entries against the findings open in the new pass.
    pub fn apply(diff: &Diff, entries: Vec<Acceptance>, today: NaiveDate) -> Accepted {
        let mut matches = Vec::new();
        let mut used = vec![false; entries.len()];
        for (ci, c) in diff.changes.iter().enumerate() {
            if !matches!(c.class, Class::New | Class::Persisting | Class::Regressed) {
                continue;
            }
            let mut active = None;
            let mut expired = None;
            for (ei, e) in entries.iter().enumerate() {
                if !e.names_change(c) {
                    continue;
                }
                used[ei] = true;
                if e.is_expired(today) {
                    expired.get_or_insert(ei);
                } else {
                    active.get_or_insert(ei);
                }
            }
            if let Some(entry) = active {
                matches.push(Match {
                    change: ci,
                    entry,
                    expired: false,
                });
            } else if let Some(entry) = expired {
                matches.push(Match {
                    change: ci,
                    entry,
                    expired: true,
                });
            }
        }
        let stale = (0..entries.len()).filter(|&i| !used[i]).collect();
        Accepted {
            entries,
            matches,
            stale,
        }
    }

    /// The entry accepting change `i`, when one does (not expired).
    pub fn accepting(&self, i: usize) -> Option<&Acceptance> {
        self.matches
            .iter()
            .find(|m| m.change == i && !m.expired)
            .map(|m| &self.entries[m.entry])
    }

    /// The expired entry naming change `i`, when no active one accepts it.
    pub fn expired_for(&self, i: usize) -> Option<&Acceptance> {
        self.matches
            .iter()
            .find(|m| m.change == i && m.expired)
            .map(|m| &self.entries[m.entry])
    }

    pub fn accepted_count(&self) -> usize {
        self.matches.iter().filter(|m| !m.expired).count()
    }

    /// Open counts per severity of the accepted findings in the new pass.
    pub fn counts(&self, diff: &Diff) -> Counts {
        let mut c = Counts::default();
        for m in self.matches.iter().filter(|m| !m.expired) {
            if let Some(f) = &diff.changes[m.change].new {
                c.add(f.severity);
            }
        }
        c
    }

    /// The diff as the gate sees it: as if the accepted findings were in
    /// neither pass. Removing a persisting finding from the new side only
    /// would let its old weight hide growth elsewhere, so it leaves both.
    pub fn gated(&self, diff: &Diff) -> Diff {
        let mut gated = diff.clone();
        let accepted: Vec<usize> = self
            .matches
            .iter()
            .filter(|m| !m.expired)
            .map(|m| m.change)
            .collect();
        if accepted.is_empty() {
            return gated;
        }
        // A title pattern may accept thousands of findings: no linear lookups.
        let mut is_accepted = vec![false; diff.changes.len()];
        for &i in &accepted {
            is_accepted[i] = true;
            let c = &diff.changes[i];
            if let Some(f) = c.new.as_ref().filter(|f| f.status.is_open()) {
                remove(&mut gated.new.counts, f.severity);
            }
            if let Some(f) = c.old.as_ref().filter(|f| f.status.is_open()) {
                remove(&mut gated.old.counts, f.severity);
            }
        }
        gated.changes = diff
            .changes
            .iter()
            .enumerate()
            .filter(|(i, _)| !is_accepted[*i])
            .map(|(_, c)| c.clone())
            .collect();
        gated.summary = summarise(&gated.changes);
        gated
    }
}

fn remove(c: &mut Counts, sev: Severity) {
    let n = match sev {
        Severity::Critical => &mut c.critical,
        Severity::High => &mut c.high,
        Severity::Medium => &mut c.medium,
        Severity::Low => &mut c.low,
        Severity::Info => &mut c.info,
    };
    *n = n.saturating_sub(1);
}

fn summarise(changes: &[Change]) -> Summary {
    use crate::diff::SeverityChange;
    let mut s = Summary::default();
    for c in changes {
        match c.class {
            Class::New => s.new += 1,
            Class::Resolved => s.resolved += 1,
            Class::Persisting => s.persisting += 1,
            Class::Regressed => s.regressed += 1,
            Class::Closed => {}
        }
        match c.severity_change {
            Some(SeverityChange::Escalated) => s.escalated += 1,
            Some(SeverityChange::Deescalated) => s.deescalated += 1,
            None => {}
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::{parse, Vocabulary};

    const OLD: &str = "# A\n\n### 1.1 HIGH: Missing CSRF protection\n";
    const NEW: &str = "# A\n\n### 1.1 HIGH: Missing CSRF protection\n\n### 1.2 CRITICAL: SQL injection in search\n";

    fn diff() -> Diff {
        let v = Vocabulary::default();
        crate::diff::diff(&parse(OLD, "old", &v), &parse(NEW, "new", &v), &[])
    }

    fn entry(reference: &str, expires: &str) -> Acceptance {
        Acceptance {
            fingerprint: None,
            reference: Some(reference.to_string()),
            title: None,
            reason: "r".into(),
            owner: "o".into(),
            expires: expires.parse().unwrap(),
            origin: "auditgate.toml:1".into(),
        }
    }

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn an_active_entry_hides_its_finding_from_the_gate() {
        let d = diff();
        let a = Accepted::apply(&d, vec![entry("1.2", "2026-01-31")], day("2026-01-31"));
        assert_eq!(a.accepted_count(), 1);
        let g = a.gated(&d);
        assert_eq!(g.new.counts.critical, 0);
        assert_eq!(g.summary.new, 0);
        assert_eq!(g.changes.len(), d.changes.len() - 1);
        // The diff itself is untouched.
        assert_eq!(d.new.counts.critical, 1);
    }

    #[test]
    fn an_expired_entry_accepts_nothing() {
        let d = diff();
        let a = Accepted::apply(&d, vec![entry("1.2", "2026-01-30")], day("2026-01-31"));
        assert_eq!(a.accepted_count(), 0);
        assert_eq!(a.matches.len(), 1);
        assert!(a.matches[0].expired);
        assert_eq!(a.gated(&d).new.counts.critical, 1);
    }

    #[test]
    fn a_persisting_finding_leaves_both_sides() {
        let d = diff();
        let a = Accepted::apply(&d, vec![entry("1.1", "2099-01-01")], day("2026-01-31"));
        let g = a.gated(&d);
        assert_eq!((g.old.counts.high, g.new.counts.high), (0, 0));
    }

    #[test]
    fn an_entry_naming_no_open_finding_is_stale() {
        let d = diff();
        let a = Accepted::apply(&d, vec![entry("9.9", "2099-01-01")], day("2026-01-31"));
        assert_eq!(a.stale, vec![0]);
        assert!(a.matches.is_empty());
    }

    #[test]
    fn title_patterns_and_fingerprints_all_must_hold() {
        let d = diff();
        let mut e = entry("1.2", "2099-01-01");
        e.title = Some(
            regex::RegexBuilder::new("sql inj")
                .case_insensitive(true)
                .build()
                .unwrap(),
        );
        let a = Accepted::apply(&d, vec![e.clone()], day("2026-01-31"));
        assert_eq!(a.accepted_count(), 1);
        e.reference = Some("1.1".into());
        let a = Accepted::apply(&d, vec![e], day("2026-01-31"));
        assert_eq!(a.accepted_count(), 0);
    }
}
