//! Markdown: the body of a PR comment or a job summary.

use std::io::{self, Write};

use super::{md_escape, truncate, Style};
use crate::diff::{Change, Class, Diff, SeverityChange};
use crate::history::History;
use crate::model::{Audit, Finding, Severity};
use crate::report::Report;
use crate::score::num;

pub fn show(audit: &Audit, out: &mut dyn Write) -> io::Result<()> {
    writeln!(
        out,
        "## {}\n",
        md_escape(audit.title.as_deref().unwrap_or(&audit.source))
    )?;
    let c = audit.open_counts();
    writeln!(out, "| severity | open |\n|---|---:|")?;
    for s in Severity::ALL {
        writeln!(out, "| {s} | {} |", c.get(s))?;
    }
    writeln!(
        out,
        "\n| line | ref | severity | status | title |\n|---:|---|---|---|---|"
    )?;
    for f in &audit.findings {
        writeln!(
            out,
            "| {} | {} | {} | {} | {} |",
            f.line,
            md_escape(f.reference.as_deref().unwrap_or("")),
            f.severity,
            f.status,
            md_escape(&truncate(&f.title, 120))
        )?;
    }
    for w in &audit.warnings {
        writeln!(
            out,
            "\n> **warning** `{}`: {}",
            w.code.as_str(),
            md_escape(&w.message)
        )?;
    }
    Ok(())
}

fn item(f: &Finding, extra: &str) -> String {
    let r = f
        .reference
        .as_deref()
        .map(|r| format!("{} ", md_escape(r)))
        .unwrap_or_default();
    format!(
        "- **{}** {r}{}{extra} (line {})",
        f.severity,
        md_escape(&truncate(&f.title, 160)),
        f.line
    )
}

fn section(
    out: &mut dyn Write,
    style: Style,
    title: &str,
    changes: &[&Change],
    pick: &dyn Fn(&Change) -> String,
) -> io::Result<()> {
    if changes.is_empty() {
        return Ok(());
    }
    writeln!(out, "\n### {title} ({})\n", changes.len())?;
    items(out, style, changes, pick)
}

fn items(
    out: &mut dyn Write,
    style: Style,
    changes: &[&Change],
    pick: &dyn Fn(&Change) -> String,
) -> io::Result<()> {
    let shown = style.limit.unwrap_or(usize::MAX).min(changes.len());
    for c in &changes[..shown] {
        writeln!(out, "{}", pick(c))?;
    }
    if shown < changes.len() {
        writeln!(out, "- … and {} more not shown here", changes.len() - shown)?;
    }
    Ok(())
}

pub fn diff(r: &Report, style: Style, out: &mut dyn Write) -> io::Result<()> {
    let d = &r.diff;
    let verdict = if r.verdict.passed {
        "✅ pass"
    } else {
        "❌ fail"
    };
    writeln!(out, "## auditgate: {verdict}\n")?;
    writeln!(
        out,
        "`{}` → `{}`\n",
        code(&d.old.source),
        code(&d.new.source)
    )?;
    writeln!(out, "| severity | old | new | Δ |\n|---|---:|---:|---:|")?;
    for s in Severity::ALL {
        let (o, n) = (d.old.counts.get(s), d.new.counts.get(s));
        writeln!(
            out,
            "| {s} | {o} | {n} | {} |",
            signed(i64::from(n) - i64::from(o))
        )?;
    }
    let delta = if r.risk.delta > 0.0 {
        format!("+{}", num(r.risk.delta))
    } else {
        num(r.risk.delta)
    };
    writeln!(
        out,
        "| **risk** | {} | {} | {delta} |\n\nRisk score = {} over open findings.",
        num(r.risk.old),
        num(r.risk.new),
        r.weights.formula()
    )?;
    let s = &d.summary;
    writeln!(
        out,
        "\n**{}** new · **{}** regressed · **{}** escalated · **{}** resolved · **{}** persisting",
        s.new, s.regressed, s.escalated, s.resolved, s.persisting
    )?;
    for a in &d.alerts {
        writeln!(
            out,
            "\n> [!WARNING]\n> **{}**: {}",
            a.code.as_str(),
            md_escape(&a.message)
        )?;
    }
    if let Some(note) = r.accepted_note() {
        writeln!(out, "\n{}", md_escape(&note))?;
    }
    if !r.verdict.passed {
        writeln!(out, "\n**Gate failed:**")?;
        for reason in &r.verdict.reasons {
            writeln!(out, "- {}", md_escape(reason))?;
        }
    }
    for w in r.stale_warnings() {
        writeln!(out, "\n> **warning**: {}", md_escape(&w))?;
    }
    // Accepted findings are listed once, under Accepted.
    let open = |i: usize| r.accepted.accepting(i).is_none();
    let of = |class: Class| {
        d.changes
            .iter()
            .enumerate()
            .filter(move |(i, c)| c.class == class && open(*i))
            .map(|(_, c)| c)
            .collect::<Vec<_>>()
    };
    section(out, style, "New", &of(Class::New), &|c| {
        item(c.new.as_ref().expect("new has a finding"), "")
    })?;
    section(out, style, "Regressed", &of(Class::Regressed), &|c| {
        item(c.new.as_ref().expect("regressed has a finding"), "")
    })?;
    let escalated: Vec<&Change> = d
        .changes
        .iter()
        .enumerate()
        .filter(|(i, c)| c.severity_change == Some(SeverityChange::Escalated) && open(*i))
        .map(|(_, c)| c)
        .collect();
    section(out, style, "Escalated", &escalated, &|c| {
        let (o, n) = (
            c.old.as_ref().expect("paired"),
            c.new.as_ref().expect("paired"),
        );
        item(n, &format!(" (was {})", o.severity))
    })?;
    section(out, style, "Resolved", &of(Class::Resolved), &|c| {
        let o = c.old.as_ref().expect("resolved has an old finding");
        let how = match &c.new {
            Some(n) => format!(" — {}", n.status),
            None => " — no longer listed".to_string(),
        };
        item(o, &how)
    })?;
    let accepted: Vec<String> = d
        .changes
        .iter()
        .enumerate()
        .filter_map(|(i, c)| {
            let e = r.accepted.accepting(i)?;
            let f = c.new.as_ref()?;
            Some(item(
                f,
                &format!(
                    " [{}] — accepted by {} until {}: {}",
                    class_name(c.class),
                    md_escape(&e.owner),
                    e.expires,
                    md_escape(&truncate(&e.reason, 200))
                ),
            ))
        })
        .collect();
    if !accepted.is_empty() {
        writeln!(out, "\n### Accepted ({})\n", accepted.len())?;
        let shown = style.limit.unwrap_or(usize::MAX).min(accepted.len());
        for line in &accepted[..shown] {
            writeln!(out, "{line}")?;
        }
        if shown < accepted.len() {
            writeln!(
                out,
                "- … and {} more not shown here",
                accepted.len() - shown
            )?;
        }
    }
    let persisting = of(Class::Persisting);
    if !persisting.is_empty() {
        writeln!(
            out,
            "\n<details><summary>Persisting ({})</summary>\n",
            persisting.len()
        )?;
        items(out, style, &persisting, &|c| {
            let f = c.new.as_ref().expect("persisting has a finding");
            let age = r
                .age_label(f)
                .map(|a| format!(" — {a}"))
                .unwrap_or_default();
            item(f, &age)
        })?;
        writeln!(out, "\n</details>")?;
    }
    if style.explain {
        writeln!(out)?;
        explain(d, out)?;
    }
    Ok(())
}

pub fn history(h: &History, out: &mut dyn Write) -> io::Result<()> {
    writeln!(out, "## Audit history\n")?;
    if h.rows.len() >= 2 {
        // GitHub renders mermaid charts in markdown.
        let labels: Vec<String> = h
            .rows
            .iter()
            .map(|r| {
                format!(
                    "\"{}\"",
                    r.date
                        .as_deref()
                        .map_or_else(|| r.pass.to_string(), |d| d[..10.min(d.len())].to_string())
                )
            })
            .collect();
        let values: Vec<String> = h.rows.iter().map(|r| num(r.risk)).collect();
        writeln!(
            out,
            "```mermaid\nxychart-beta\n    title \"Risk score per pass\"\n    x-axis [{}]\n    y-axis \"risk\"\n    line [{}]\n```\n",
            labels.join(", "),
            values.join(", ")
        )?;
    }
    let (source_head, sources) = super::pass_sources(h, 7);
    writeln!(out, "| pass | date | {source_head} | critical | high | medium | low | info | risk | new | resolved | regressed |")?;
    writeln!(
        out,
        "|---:|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
    )?;
    for (r, source) in h.rows.iter().zip(sources) {
        let c = &r.counts;
        writeln!(
            out,
            "| {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} |",
            r.pass,
            r.date.as_deref().unwrap_or(""),
            if source_head == "commit" {
                format!("`{source}`")
            } else {
                super::md_escape(&source)
            },
            c.critical,
            c.high,
            c.medium,
            c.low,
            c.info,
            num(r.risk),
            r.new,
            r.resolved,
            r.regressed
        )?;
    }
    if !h.open.is_empty() {
        writeln!(
            out,
            "\n<details><summary>Open findings by age ({})</summary>\n",
            h.open.len()
        )?;
        let mut open: Vec<_> = h.open.iter().collect();
        open.sort_by_key(|a| (a.finding.severity, a.first_seen));
        for a in open {
            let since = a
                .first_seen_date
                .clone()
                .unwrap_or_else(|| format!("pass {}", a.first_seen));
            writeln!(
                out,
                "{}",
                item(
                    &a.finding,
                    &format!(" — since {since}, {} pass(es)", a.passes)
                )
            )?;
        }
        writeln!(out, "\n</details>")?;
    }
    Ok(())
}

/// Why each pairing was made, and the best near miss of each unpaired finding.
pub fn explain(d: &Diff, out: &mut dyn Write) -> io::Result<()> {
    writeln!(
        out,
        "Matching evidence (stage, score = title/paths/body, ref):"
    )?;
    for c in &d.changes {
        let f = c
            .new
            .as_ref()
            .or(c.old.as_ref())
            .expect("a change has a finding");
        let head = match (&c.old, &c.new) {
            (Some(o), Some(n)) => format!("old line {} ↔ new line {}", o.line, n.line),
            (Some(o), None) => format!("old line {} unpaired", o.line),
            (None, Some(n)) => format!("new line {} unpaired", n.line),
            (None, None) => String::new(),
        };
        let ev = match &c.evidence {
            Some(e) => {
                let stage = e
                    .stage
                    .map(|s| format!("{s:?}").to_lowercase())
                    .unwrap_or_else(|| "best candidate below threshold".into());
                let runner = e
                    .runner_up
                    .map(|(i, s)| format!(", runner-up #{i} at {s:.2}"))
                    .unwrap_or_default();
                format!(
                    "{stage}: {:.2} = title {:.2} / paths {:.2} / body {:.2}{}{runner}",
                    e.score,
                    e.title,
                    e.paths,
                    e.body,
                    if e.same_ref { ", same ref" } else { "" }
                )
            }
            None => "no candidate shared a word, path or ref".to_string(),
        };
        writeln!(
            out,
            "- {head} [{}] {}: {ev}",
            class_name(c.class),
            truncate(&f.title, 60)
        )?;
    }
    Ok(())
}

fn class_name(c: Class) -> &'static str {
    match c {
        Class::New => "new",
        Class::Resolved => "resolved",
        Class::Persisting => "persisting",
        Class::Regressed => "regressed",
        Class::Closed => "closed",
    }
}

/// Text for inside a code span: markdown escapes would show literally there.
fn code(s: &str) -> String {
    s.chars()
        .map(|c| {
            if c == '`' || c == '\n' || c == '\r' {
                '\''
            } else {
                c
            }
        })
        .collect()
}

fn signed(n: i64) -> String {
    if n > 0 {
        format!("+{n}")
    } else {
        n.to_string()
    }
}
