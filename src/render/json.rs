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

fn change(c: &Change, explain: bool) -> Value {
    let mut v = serde_json::to_value(c).unwrap_or(Value::Null);
    if !explain {
        if let Some(o) = v.as_object_mut() {
            o.remove("evidence");
        }
    }
    v
}

pub fn diff(r: &Report, style: Style, out: &mut dyn Write) -> io::Result<()> {
    let d = &r.diff;
    let v = json!({
        "old": d.old,
        "new": d.new,
        "summary": d.summary,
        "risk": RiskJson {
            old: r.risk.old,
            new: r.risk.new,
            delta: r.risk.delta,
            formula: r.weights.formula(),
            weights: &r.weights,
        },
        "gate": r.verdict,
        "alerts": d.alerts,
        "changes": d.changes.iter().map(|c| change(c, style.explain)).collect::<Vec<_>>(),
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
