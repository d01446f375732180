//! Signs that risk left the audit without being fixed: an emptied or broken
//! pass, findings that vanished with no resolution marker, severities
//! lowered wholesale. Reported on every diff; the gate decides what fails.

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
}

impl AlertCode {
    pub fn as_str(self) -> &'static str {
        match self {
            AlertCode::EmptyPass => "empty-pass",
            AlertCode::SilentDrop => "silent-drop",
            AlertCode::MassDeescalation => "mass-deescalation",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Alert {
    pub code: AlertCode,
    pub message: String,
}

pub fn detect(old: &Audit, new: &Audit, changes: &[Change]) -> Vec<Alert> {
    let mut alerts = Vec::new();
    let was_open = old.open_counts().total();
    if was_open > 0 && new.findings.is_empty() && !new.states_no_findings {
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
    // "No issues found" is a resolution marker for the whole document.
    if was_open > 0 && vanished * 2 > was_open && !new.states_no_findings {
        alerts.push(Alert {
            code: AlertCode::SilentDrop,
            message: format!(
                "{vanished} of {was_open} open findings vanished without a resolution marker (no FIXED, ✅, [x] or struck-through entry)"
            ),
        });
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
