//! Terminal tables.

use std::io::{self, Write};

use tabled::builder::Builder;
use tabled::settings::Style as TableStyle;

use super::{truncate, Style};
use crate::diff::{Change, Class, SeverityChange};
use crate::history::{sparkline, History};
use crate::model::{Audit, Severity};
use crate::report::Report;
use crate::score::num;

fn paint(s: &str, code: &str, style: Style) -> String {
    if style.color {
        format!("\x1b[{code}m{s}\x1b[0m")
    } else {
        s.to_string()
    }
}

pub fn show(audit: &Audit, style: Style, out: &mut dyn Write) -> io::Result<()> {
    let mut b = Builder::default();
    b.push_record(["line", "ref", "severity", "status", "title", "location"]);
    for f in &audit.findings {
        b.push_record([
            f.line.to_string(),
            f.reference.as_deref().unwrap_or_default().to_string(),
            f.severity.to_string(),
            f.status.to_string(),
            truncate(&f.title, 70),
            f.locations
                .first()
                .map(|l| truncate(l, 40))
                .unwrap_or_default(),
        ]);
    }
    let mut t = b.build();
    t.with(TableStyle::sharp());
    writeln!(out, "{}", audit.title.as_deref().unwrap_or(&audit.source))?;
    writeln!(out, "{t}")?;
    let c = audit.open_counts();
    let open: Vec<String> = Severity::ALL
        .iter()
        .map(|s| format!("{} {}", c.get(*s), s))
        .collect();
    writeln!(
        out,
        "{} finding(s); open: {}",
        audit.findings.len(),
        open.join(", ")
    )?;
    for w in &audit.warnings {
        let at = w.line.map(|l| format!(" (line {l})")).unwrap_or_default();
        writeln!(
            out,
            "{}: {}{}",
            paint(&format!("warning[{}]", w.code.as_str()), "33", style),
            w.message,
            at
        )?;
    }
    Ok(())
}

fn class_label(c: &Change) -> String {
    let base = match c.class {
        Class::New => "new",
        Class::Resolved => "resolved",
        Class::Persisting => "persisting",
        Class::Regressed => "regressed",
        Class::Closed => "closed",
    };
    match c.severity_change {
        Some(SeverityChange::Escalated) => format!("{base} ↑"),
        Some(SeverityChange::Deescalated) => format!("{base} ↓"),
        None => base.to_string(),
    }
}

fn severity_label(c: &Change) -> String {
    match (&c.old, &c.new) {
        (Some(o), Some(n)) if o.severity != n.severity => {
            format!("{} → {}", o.severity, n.severity)
        }
        (_, Some(n)) => n.severity.to_string(),
        (Some(o), None) => o.severity.to_string(),
        (None, None) => String::new(),
    }
}

pub fn diff(r: &Report, style: Style, out: &mut dyn Write) -> io::Result<()> {
    let d = &r.diff;
    let mut counts = Builder::default();
    counts.push_record(["", "critical", "high", "medium", "low", "info", "risk"]);
    let row = |label: &str, c: &crate::model::Counts, risk: f64| {
        let mut v = vec![label.to_string()];
        v.extend(Severity::ALL.iter().map(|s| c.get(*s).to_string()));
        v.push(num(risk));
        v
    };
    counts.push_record(row("old", &d.old.counts, r.risk.old));
    counts.push_record(row("new", &d.new.counts, r.risk.new));
    let mut delta = vec!["Δ".to_string()];
    delta.extend(
        Severity::ALL
            .iter()
            .map(|s| signed(i64::from(d.new.counts.get(*s)) - i64::from(d.old.counts.get(*s)))),
    );
    delta.push(if r.risk.delta > 0.0 {
        format!("+{}", num(r.risk.delta))
    } else {
        num(r.risk.delta)
    });
    counts.push_record(delta);
    let mut t = counts.build();
    t.with(TableStyle::sharp());
    writeln!(out, "{} → {}", d.old.source, d.new.source)?;
    writeln!(out, "{t}")?;
    let s = &d.summary;
    writeln!(
        out,
        "new {}, resolved {}, persisting {}, regressed {}, escalated {}, deescalated {}",
        s.new, s.resolved, s.persisting, s.regressed, s.escalated, s.deescalated
    )?;
    writeln!(out, "risk = {} (open findings)", r.weights.formula())?;
    for a in &d.alerts {
        writeln!(
            out,
            "{}",
            paint(
                &format!("alert[{}]: {}", a.code.as_str(), a.message),
                "33;1",
                style
            )
        )?;
    }
    if let Some(note) = r.accepted_note() {
        writeln!(out, "{note}")?;
    }

    let listed: Vec<&Change> = d
        .changes
        .iter()
        .enumerate()
        .filter(|(i, c)| {
            (c.class != Class::Closed || style.explain) && r.accepted.accepting(*i).is_none()
        })
        .map(|(_, c)| c)
        .collect();
    if !listed.is_empty() {
        let mut b = Builder::default();
        let with_age = !r.ages.is_empty();
        let mut head = vec!["change", "severity", "ref", "title", "line", "conf."];
        if with_age {
            head.push("age");
        }
        b.push_record(head);
        for c in &listed {
            let f = c
                .new
                .as_ref()
                .or(c.old.as_ref())
                .expect("a change has a finding");
            let mut row = vec![
                class_label(c),
                severity_label(c),
                f.reference.as_deref().unwrap_or_default().to_string(),
                truncate(&f.title, 60),
                f.line.to_string(),
                c.confidence.map(|x| format!("{x:.2}")).unwrap_or_default(),
            ];
            if with_age {
                // Passes listed, counting this one; blank for findings not open now.
                let age = c.new.as_ref().and_then(|n| r.age_of(n));
                row.push(age.map(|a| a.passes.to_string()).unwrap_or_default());
            }
            b.push_record(row);
        }
        let mut t = b.build();
        t.with(TableStyle::sharp());
        writeln!(out, "{t}")?;
    }
    accepted(r, out)?;
    for w in r.stale_warnings() {
        writeln!(out, "{}: {w}", paint("warning", "33", style))?;
    }
    if style.explain {
        super::markdown::explain(d, out)?;
    }
    if r.verdict.passed {
        writeln!(out, "{}", paint("gate: pass", "32", style))?;
    } else {
        writeln!(out, "{}", paint("gate: FAIL", "31;1", style))?;
        for reason in &r.verdict.reasons {
            writeln!(out, "  - {reason}")?;
        }
    }
    Ok(())
}

/// Accepted findings in a table of their own, with who accepted them and until when.
fn accepted(r: &Report, out: &mut dyn Write) -> io::Result<()> {
    let rows: Vec<(&Change, &crate::accept::Acceptance)> = r
        .diff
        .changes
        .iter()
        .enumerate()
        .filter_map(|(i, c)| r.accepted.accepting(i).map(|e| (c, e)))
        .collect();
    if rows.is_empty() {
        return Ok(());
    }
    let mut b = Builder::default();
    b.push_record([
        "accepted", "severity", "ref", "title", "owner", "expires", "reason",
    ]);
    for (c, e) in rows {
        let f = c.new.as_ref().expect("accepted findings are open");
        b.push_record([
            class_label(c),
            severity_label(c),
            f.reference.as_deref().unwrap_or_default().to_string(),
            truncate(&f.title, 40),
            truncate(&e.owner, 20),
            e.expires.to_string(),
            truncate(&e.reason, 40),
        ]);
    }
    let mut t = b.build();
    t.with(TableStyle::sharp());
    writeln!(out, "{t}")
}

fn signed(n: i64) -> String {
    if n > 0 {
        format!("+{n}")
    } else {
        n.to_string()
    }
}

pub fn history(h: &History, style: Style, out: &mut dyn Write) -> io::Result<()> {
    let mut b = Builder::default();
    let (source_head, sources) = super::pass_sources(h, 7);
    b.push_record([
        "pass",
        "date",
        source_head,
        "critical",
        "high",
        "medium",
        "low",
        "info",
        "risk",
        "new",
        "resolved",
        "regressed",
    ]);
    for (r, source) in h.rows.iter().zip(sources) {
        let mut row = vec![
            r.pass.to_string(),
            r.date.clone().unwrap_or_default(),
            source,
        ];
        row.extend(Severity::ALL.iter().map(|s| r.counts.get(*s).to_string()));
        row.push(num(r.risk));
        row.extend([
            r.new.to_string(),
            r.resolved.to_string(),
            r.regressed.to_string(),
        ]);
        b.push_record(row);
    }
    let mut t = b.build();
    t.with(TableStyle::sharp());
    writeln!(out, "{t}")?;
    let risks: Vec<f64> = h.rows.iter().map(|r| r.risk).collect();
    writeln!(out, "risk {}", paint(&sparkline(&risks), "36", style))?;
    if !h.open.is_empty() {
        let mut b = Builder::default();
        b.push_record(["severity", "ref", "title", "first seen", "passes"]);
        let mut open: Vec<_> = h.open.iter().collect();
        open.sort_by_key(|a| (a.finding.severity, a.first_seen));
        for a in open {
            b.push_record([
                a.finding.severity.to_string(),
                a.finding
                    .reference
                    .as_deref()
                    .unwrap_or_default()
                    .to_string(),
                truncate(&a.finding.title, 60),
                a.first_seen_date
                    .clone()
                    .unwrap_or_else(|| format!("pass {}", a.first_seen)),
                a.passes.to_string(),
            ]);
        }
        let mut t = b.build();
        t.with(TableStyle::sharp());
        writeln!(out, "open findings by age:\n{t}")?;
    }
    Ok(())
}
