//! Signs that risk left the audit without being fixed: an emptied, broken or
//! cut-short pass, findings that vanished with no resolution marker,
//! severities lowered wholesale. Reported on every diff; the gate decides what fails.

use serde::Serialize;

use super::{Change, Class, SeverityChange};
use crate::model::Audit;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum AlertCode {
    /// The new pass has no recognisable finding while the old one had open
    /// ones, and does not say it found nothing.
    EmptyPass,
    /// More than half of the open findings vanished without a resolution marker.
    SilentDrop,
    /// Most persisting findings were lowered in severity at once.
    MassDeescalation,
    /// The old pass's last open findings vanished, and only they: the new
    /// pass looks cut short (an LLM rewrite stopped at its output limit, a
    /// crashed write).
    Truncated,
}

impl AlertCode {
    pub fn as_str(self) -> &'static str {
        match self {
            AlertCode::EmptyPass => "empty-pass",
            AlertCode::SilentDrop => "silent-drop",
            AlertCode::MassDeescalation => "mass-deescalation",
            AlertCode::Truncated => "truncated",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Alert {
    pub code: AlertCode,
    pub message: String,
}

/// `kept` holds the indices into `old.findings` of the findings paired with
/// one of the new pass, whatever their class.
pub fn detect(old: &Audit, new: &Audit, changes: &[Change], kept: &[usize]) -> Vec<Alert> {
    let mut alerts = Vec::new();
    let was_open = old.open_counts().total();
    if emptied(was_open, new) {
        let mut message = format!(
            "{} has no recognisable finding while {was_open} were open in {}; an emptied, broken or replaced audit resolves nothing",
            new.source, old.source
        );
        if let Some(to) = &new.points_to {
            message.push_str(&format!(
                " (it points to `{to}`: if the audit moved there, check that file)"
            ));
        }
        alerts.push(Alert {
            code: AlertCode::EmptyPass,
            message,
        });
        return alerts;
    }
    let vanished = changes
        .iter()
        .filter(|c| c.class == Class::Resolved && c.new.is_none())
        .count() as u32;
    if mostly_dropped(was_open, vanished, new) {
        alerts.push(Alert {
            code: AlertCode::SilentDrop,
            message: format!(
                "{vanished} of {was_open} open findings vanished without a resolution marker (no FIXED, ✅, [x] or struck-through entry)"
            ),
        });
    }
    if let Some(a) = truncated(old, new, changes, kept) {
        alerts.push(a);
    }
    let persisting = changes
        .iter()
        .filter(|c| c.class == Class::Persisting)
        .count();
    let lowered = changes
        .iter()
        .filter(|c| {
            c.class == Class::Persisting && c.severity_change == Some(SeverityChange::Deescalated)
        })
        .count();
    if lowered >= 2 && lowered * 2 > persisting {
        alerts.push(Alert {
            code: AlertCode::MassDeescalation,
            message: format!(
                "{lowered} of {persisting} persisting findings were lowered in severity in one pass"
            ),
        });
    }
    alerts
}

/// A pass cut short keeps the head of the old one and loses its tail. Fires
/// only when at least two open findings vanished without a resolution
/// marker, every one of them below (by line in the old pass) every old
/// finding the new pass kept, or the new pass stops in the middle of a
/// lost finding's title, and the new pass kept at least one: with none
/// kept it is `empty-pass` or a replaced audit. A rewrite that drops fixed
/// findings here and there, or one fixed at the end, is not this; nor is a
/// pass that still ends with the closing section the old one ended with
/// (`## Summary` after the last finding): a cut loses the end.
fn truncated(old: &Audit, new: &Audit, changes: &[Change], kept: &[usize]) -> Option<Alert> {
    let last_kept = kept.iter().map(|&i| old.findings[i].line).max();
    let mut lost: Vec<usize> = changes
        .iter()
        .filter(|c| c.class == Class::Resolved && c.new.is_none())
        .filter_map(|c| c.old.as_ref().map(|f| f.line))
        .collect();
    if !cut_short(old, new, &lost, last_kept) {
        return None;
    }
    lost.sort_unstable();
    Some(Alert {
        code: AlertCode::Truncated,
        message: format!(
            "the last {} open findings of {} (from line {}) are missing from {}, which keeps the findings before them: it looks cut short, and a truncated audit resolves nothing",
            lost.len(),
            old.source,
            lost[0],
            new.source
        ),
    })
}

/// `empty-pass`: no finding in the new pass while some were open, and no
/// word that it found none.
fn emptied(was_open: u32, new: &Audit) -> bool {
    was_open > 0 && new.findings.is_empty() && !new.states_no_findings
}

/// `silent-drop`: most open findings vanished. "No issues found" is a
/// resolution marker for the whole document.
fn mostly_dropped(was_open: u32, vanished: u32, new: &Audit) -> bool {
    was_open > 0 && vanished * 2 > was_open && !new.states_no_findings
}

/// See `truncated`: `lost` are the lines in `old` of the open findings
/// that vanished, `last_kept` the last line of one the new pass kept.
fn cut_short(old: &Audit, new: &Audit, lost: &[usize], last_kept: Option<usize>) -> bool {
    let Some(last_kept) = last_kept else {
        return false;
    };
    !(old.closing.is_some() && new.closing == old.closing)
        && (lost.len() >= 2 && lost.iter().all(|&l| l >= last_kept) || cut_in_title(old, new, lost))
}

/// Whether the new pass ends in the middle of a finding's title: its last
/// finding is titled by the start of a lost one's (`### 4. Weak pass` for
/// `Weak password policy`). A rewrite may move findings up before it
/// stops, so the lost ones need not all be below the kept ones.
fn cut_in_title(old: &Audit, new: &Audit, lost: &[usize]) -> bool {
    // The cut title is the last finding's, or the last heading's when the
    // cut left it too little to be read as one (`### 4. Weak pass`).
    let last = new
        .findings
        .iter()
        .max_by_key(|f| f.line)
        .map(|f| f.title.to_string());
    let heading = new.closing.as_deref().map(|h| {
        h.trim_start_matches(|c: char| c.is_ascii_digit() || c == '.' || c == ' ')
            .to_string()
    });
    [last, heading].into_iter().flatten().any(|cut| {
        let cut = cut.to_lowercase();
        cut.chars().filter(|c| c.is_alphanumeric()).count() >= 3
            && old
                .findings
                .iter()
                .filter(|f| lost.contains(&f.line))
                .any(|f| {
                    let whole = f.title.to_lowercase();
                    whole.len() > cut.len() && whole.starts_with(&cut)
                })
    })
}

/// Whether the open findings that vanished from `old` (their lines in
/// `old`; `last_kept` as for `cut_short`) went with the document rather
/// than with a fix: an emptied pass, most of them at once, or a cut tail,
/// as `empty-pass`, `silent-drop` and `truncated` say. A history does not
/// count such findings closed, so one written again is no regression.
pub fn gone_unfixed(old: &Audit, new: &Audit, lost: &[usize], last_kept: Option<usize>) -> bool {
    let was_open = old.open_counts().total();
    let vanished = u32::try_from(lost.len()).unwrap_or(u32::MAX);
    !lost.is_empty()
        && (emptied(was_open, new)
            || mostly_dropped(was_open, vanished, new)
            || cut_short(old, new, lost, last_kept))
}

#[cfg(test)]
mod tests {
    use crate::parse::{parse, Vocabulary};

    fn codes(old: &str, new: &str) -> Vec<&'static str> {
        let v = Vocabulary::default();
        let d = crate::diff::diff(&parse(old, "old.md", &v), &parse(new, "new.md", &v), &[]);
        d.alerts.iter().map(|a| a.code.as_str()).collect()
    }

    fn audit(titles: &[&str]) -> String {
        let mut s = String::from("# Audit\n");
        for (i, t) in titles.iter().enumerate() {
            s.push_str(&format!(
                "\n### {}. HIGH: {t}\n\n**Location:** `src/m{i}.rs:{}`\n",
                i + 1,
                10 * i + 3
            ));
        }
        s
    }

    const FIVE: [&str; 5] = [
        "SQL injection in invoice search",
        "Webhook signatures are not verified",
        "Refund endpoint lacks an ownership check",
        "Retry storm on provider outages",
        "Verbose stack traces in responses",
    ];

    #[test]
    fn the_last_open_findings_gone_and_only_they_is_a_truncation() {
        assert_eq!(codes(&audit(&FIVE), &audit(&FIVE[..3])), vec!["truncated"]);
        // Most of them gone: both alerts.
        assert_eq!(
            codes(&audit(&FIVE), &audit(&FIVE[..1])),
            vec!["silent-drop", "truncated"]
        );
    }

    #[test]
    fn a_pass_that_still_ends_with_its_closing_section_is_not() {
        let end = "\n## Summary\n\nFive findings, all high.\n";
        let (old, new) = (audit(&FIVE) + end, audit(&FIVE[..3]) + end);
        assert_eq!(codes(&old, &new), Vec::<&str>::new());
        // Cut inside the findings, the closing section went with the tail.
        assert_eq!(codes(&old, &audit(&FIVE[..3])), vec!["truncated"]);
        // Another closing is not the old one.
        let other = audit(&FIVE[..3]) + "\n## Next steps\n\nFix them.\n";
        assert_eq!(codes(&old, &other), vec!["truncated"]);
    }

    #[test]
    fn a_pass_that_stops_in_a_lost_findings_title_is_one_however_reordered() {
        // The last finding moved up by the rewrite, then the cut: only
        // `### 4. Retry sto` is left of the fourth.
        let moved = [FIVE[0], FIVE[4], FIVE[1]];
        let cut = audit(&moved) + "\n### 4. Retry sto";
        assert_eq!(codes(&audit(&FIVE), &cut), vec!["truncated"]);
        // Without the cut heading, the moved finding is kept after the
        // lost ones: a rewrite, not a cut.
        assert_eq!(codes(&audit(&FIVE), &audit(&moved)), Vec::<&str>::new());
    }

    #[test]
    fn one_finding_gone_from_the_end_is_not() {
        assert_eq!(codes(&audit(&FIVE), &audit(&FIVE[..4])), Vec::<&str>::new());
    }

    #[test]
    fn a_kept_finding_after_a_vanished_one_is_not() {
        let kept = [FIVE[0], FIVE[1], FIVE[4]];
        assert_eq!(codes(&audit(&FIVE), &audit(&kept)), Vec::<&str>::new());
    }

    #[test]
    fn nothing_kept_is_an_empty_or_replaced_pass_not_a_truncation() {
        assert_eq!(
            codes(&audit(&FIVE), "# Audit\n\nRewritten.\n"),
            vec!["empty-pass"]
        );
        let other = audit(&["Unrelated cache stampede", "Unrelated log flood"]);
        assert!(!codes(&audit(&FIVE), &other).contains(&"truncated"));
    }

    /// The tail is the open findings after the last kept one: a finding
    /// marked fixed at the end is kept, not lost.
    #[test]
    fn a_tail_marked_fixed_is_kept() {
        let mut new = audit(&FIVE[..3]);
        new.push_str("\n### 4. ~~Retry storm on provider outages~~ FIXED\n\n### 5. ~~Verbose stack traces in responses~~ FIXED\n");
        assert_eq!(codes(&audit(&FIVE), &new), Vec::<&str>::new());
    }
}
