use std::io::{self, Write};

use serde_json::{json, Value};

use super::Style;
use crate::diff::Change;
use crate::history::History;
use crate::model::Audit;
use crate::report::{Report, RiskJson};

pub fn show(audit: &Audit, out: &mut dyn Write) -> io::Result<()> {
    let v = json!({
        "source": audit.source,
        "title": audit.title,
        "date": audit.date,
        "declared_counts": audit.declared_counts,
        "overall_risk": audit.overall_risk,
        "counts": audit.open_counts(),
        "findings": audit.findings,
        "warnings": audit.warnings,
    });
    write(&v, out)
}

fn change(r: &Report, i: usize, c: &Change, explain: bool) -> Value {
    let mut v = serde_json::to_value(c).unwrap_or(Value::Null);
    if let Some(o) = v.as_object_mut() {
        if !explain {
            o.remove("evidence");
        }
        if let Some(a) = c.new.as_ref().and_then(|f| r.age_of(f)) {
            o.insert(
                "age".into(),
                json!({ "first_seen": a.first_seen_date, "passes": a.passes }),
            );
        }
        let accepting = r.accepted.accepting(i);
        o.insert("accepted".into(), Value::Bool(accepting.is_some()));
        if let Some(e) = accepting.or_else(|| r.accepted.expired_for(i)) {
            o.insert(
                "acceptance".into(),
                json!({
                    "entry": e.origin,
                    "reason": e.reason,
                    "owner": e.owner,
                    "expires": e.expires,
                    "expired": accepting.is_none(),
                }),
            );
        }
    }
    v
}

pub fn diff(r: &Report, style: Style, out: &mut dyn Write) -> io::Result<()> {
    let d = &r.diff;
    let mut summary = serde_json::to_value(&d.summary).unwrap_or(Value::Null);
    if let Some(o) = summary.as_object_mut() {
        o.insert("accepted".into(), r.accepted.accepted_count().into());
    }
    let mut risk = serde_json::to_value(RiskJson {
        old: r.risk.old,
        new: r.risk.new,
        delta: r.risk.delta,
        formula: r.weights.formula(),
        weights: &r.weights,
    })
    .unwrap_or(Value::Null);
    if let Some(o) = risk.as_object_mut() {
        // What the gate judged: the same formula without accepted findings.
        o.insert(
            "gated".into(),
            serde_json::to_value(r.gated_risk).unwrap_or(Value::Null),
        );
    }
    let a = &r.accepted;
    let label = |i: usize| a.entries[i].label();
    let v = json!({
        "old": d.old,
        "new": d.new,
        "summary": summary,
        "risk": risk,
        "gate": r.verdict,
        "alerts": d.alerts,
        "changes": d.changes.iter().enumerate().map(|(i, c)| change(r, i, c, style.explain)).collect::<Vec<_>>(),
        "accepted_risk": {
            "counts": a.counts(d),
            "expired": a.matches.iter().filter(|m| m.expired).map(|m| label(m.entry)).collect::<Vec<_>>(),
            "stale": a.stale.iter().map(|&i| label(i)).collect::<Vec<_>>(),
        },
    });
    write(&v, out)
}

pub fn history(h: &History, out: &mut dyn Write) -> io::Result<()> {
    let v = serde_json::to_value(h).unwrap_or(Value::Null);
    write(&v, out)
}

fn write(v: &Value, out: &mut dyn Write) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, v)?;
    writeln!(out)
}
