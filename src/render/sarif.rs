//! SARIF 2.1.0, for code scanning (GitHub's `upload-sarif` and other readers).
//!
//! The audit document is the artifact: each result points at the lines of the
//! finding in the pass that has it. The diff is told through `baselineState`,
//! the one SARIF field made for comparing two runs.

use std::io::{self, Write};

use serde_json::{json, Map, Value};

use super::{doc_path, headline, identity, placed, unique_keys};
use crate::diff::{Change, Class, SeverityChange};
use crate::model::{Finding, Severity};
use crate::report::Report;

const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";

/// The key of the finding's identity in `partialFingerprints`; the version
/// suffix lets the fingerprint change meaning without colliding with old alerts.
pub const FINGERPRINT_KEY: &str = "auditgateFindingId/v1";

/// Resolved findings get a rule of their own: code scanning ignores
/// `baselineState` and would keep a result under the finding's own rule open
/// as an alert, so the alert it had closes and this one says it was resolved.
const RESOLVED: usize = Severity::ALL.len();

fn rule_id(index: usize) -> &'static str {
    match index {
        0 => "auditgate/critical",
        1 => "auditgate/high",
        2 => "auditgate/medium",
        3 => "auditgate/low",
        4 => "auditgate/info",
        _ => "auditgate/resolved",
    }
}

fn rule_index(sev: Severity) -> usize {
    Severity::ALL.iter().position(|s| *s == sev).unwrap_or(0)
}

fn level(sev: Severity) -> &'static str {
    match sev {
        Severity::Critical | Severity::High => "error",
        Severity::Medium => "warning",
        Severity::Low | Severity::Info => "note",
    }
}

/// GitHub's `security-severity` scale (0.1–3.9 low … 9.0+ critical); info
/// has no place on it and carries none.
fn security_severity(sev: Severity) -> Option<&'static str> {
    match sev {
        Severity::Critical => Some("9.5"),
        Severity::High => Some("8.0"),
        Severity::Medium => Some("5.5"),
        Severity::Low => Some("2.0"),
        Severity::Info => None,
    }
}

fn rules() -> Vec<Value> {
    let mut rules: Vec<Value> = Severity::ALL
        .iter()
        .enumerate()
        .map(|(i, sev)| {
            let mut props = Map::new();
            props.insert("tags".into(), json!(["audit", sev.as_str()]));
            if let Some(s) = security_severity(*sev) {
                props.insert("security-severity".into(), json!(s));
            }
            json!({
                "id": rule_id(i),
                "name": format!("{}AuditFinding", capitalise(sev.as_str())),
                "shortDescription": { "text": format!("{} finding of the code audit", capitalise(sev.as_str())) },
                "fullDescription": { "text": format!(
                    "A finding the audit document rates {sev}, open in the latest pass."
                ) },
                "help": { "text": "Read the finding in the audit document at the given lines; \
                    it is closed when a later pass marks it resolved or dismissed." },
                "defaultConfiguration": { "level": level(*sev) },
                "properties": props,
            })
        })
        .collect();
    rules.push(json!({
        "id": rule_id(RESOLVED),
        "name": "ResolvedAuditFinding",
        "shortDescription": { "text": "Finding of the code audit resolved in this pass" },
        "fullDescription": { "text": "A finding open in the earlier pass and closed or gone in the later one." },
        "help": { "text": "Nothing to do: the result records the resolution." },
        "defaultConfiguration": { "level": "none" },
        "properties": { "tags": ["audit", "resolved"] },
    }));
    rules
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(first) => first.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

/// A path as a URI reference: relative paths stay relative (what code
/// scanning resolves against the checkout), absolute ones become `file:` URIs.
fn uri(path: &str) -> String {
    let mut out = String::with_capacity(path.len() + 8);
    let rest = if let Some(rest) = path.strip_prefix('/') {
        out.push_str("file:///");
        rest
    } else {
        path
    };
    for b in rest.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' => {
                out.push(b as char)
            }
            // `:` too: in a first segment it would read as a URI scheme.
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    if out.is_empty() {
        // A pass read from nowhere nameable still needs a location.
        out.push_str("audit.md");
    }
    out
}

fn region(f: &Finding) -> Value {
    let start = f.line.max(1);
    let end = f.end_line.max(start);
    json!({ "startLine": start, "endLine": end })
}

fn baseline_state(c: &Change) -> &'static str {
    match (c.class, c.severity_change) {
        (Class::Resolved, _) => "absent",
        (Class::New | Class::Regressed, _) => "new",
        (_, Some(SeverityChange::Escalated | SeverityChange::Deescalated)) => "updated",
        _ => "unchanged",
    }
}

fn result(c: &Change, f: &Finding, fingerprint: &str, uri: &str) -> Value {
    let resolved = c.class == Class::Resolved;
    let rule = if resolved {
        RESOLVED
    } else {
        rule_index(f.severity)
    };
    let mut props = Map::new();
    props.insert("severity".into(), json!(f.severity));
    props.insert("class".into(), json!(c.class));
    props.insert("status".into(), json!(f.status));
    if let Some(s) = security_severity(f.severity) {
        props.insert("security-severity".into(), json!(s));
    }
    if let Some(r) = &f.reference {
        props.insert("ref".into(), json!(r));
    }
    if let Some(sc) = c.severity_change {
        props.insert("severityChange".into(), json!(sc));
        if let Some(o) = &c.old {
            props.insert("previousSeverity".into(), json!(o.severity));
        }
    }
    if !f.locations.is_empty() {
        props.insert("codeLocations".into(), json!(f.locations));
    }
    if let Some(conf) = c.confidence {
        props.insert("matchConfidence".into(), json!(conf));
    }
    let mut r = json!({
        "ruleId": rule_id(rule),
        "ruleIndex": rule,
        "message": { "text": headline(f) },
        "locations": [{
            "physicalLocation": {
                "artifactLocation": { "uri": uri },
                "region": region(f),
            }
        }],
        "partialFingerprints": { FINGERPRINT_KEY: fingerprint },
        "baselineState": baseline_state(c),
        "properties": props,
    });
    if let Some(o) = r.as_object_mut() {
        // SARIF gives a result that is not a failure the level `none`.
        if resolved {
            o.insert("kind".into(), json!("pass"));
            o.insert("level".into(), json!("none"));
        } else {
            o.insert("level".into(), json!(level(f.severity)));
        }
    }
    r
}

pub fn diff(r: &Report, out: &mut dyn Write) -> io::Result<()> {
    let v = document(r);
    serde_json::to_writer_pretty(&mut *out, &v)?;
    writeln!(out)
}

/// The whole log; separate from writing so the shape can be tested as a value.
pub fn document(r: &Report) -> Value {
    let d = &r.diff;
    let old_uri = uri(&doc_path(r.paths.old.as_deref(), &d.old.source));
    let new_uri = uri(&doc_path(r.paths.new.as_deref(), &d.new.source));
    let shown: Vec<(&Change, &Finding, &Finding)> = d
        .changes
        .iter()
        .filter(|c| c.class != Class::Closed)
        .filter_map(|c| Some((c, placed(c)?, identity(c)?)))
        .collect();
    let keys = unique_keys(shown.iter().map(|(_, _, id)| &*id.id));
    let results: Vec<Value> = shown
        .iter()
        .zip(&keys)
        .map(|((c, f, _), key)| {
            let uri = if c.class == Class::Resolved {
                &old_uri
            } else {
                &new_uri
            };
            result(c, f, key, uri)
        })
        .collect();
    json!({
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {
                "driver": {
                    "name": "auditgate",
                    "version": env!("CARGO_PKG_VERSION"),
                    "semanticVersion": env!("CARGO_PKG_VERSION"),
                    "rules": rules(),
                }
            },
            "results": results,
            "properties": {
                "old": d.old.source,
                "new": d.new.source,
                "summary": d.summary,
                "risk": { "old": r.risk.old, "new": r.risk.new, "delta": r.risk.delta },
                "gate": r.verdict,
            },
        }]
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uris_are_references_a_reader_cannot_misparse() {
        assert_eq!(uri("docs/ISSUES.md"), "docs/ISSUES.md");
        assert_eq!(uri("docs/my audit.md"), "docs/my%20audit.md");
        // A colon in the first segment would make `notes` a URI scheme.
        assert_eq!(uri("notes:a.md"), "notes%3Aa.md");
        assert_eq!(uri("/work/a.md"), "file:///work/a.md");
        assert_eq!(uri("été.md"), "%C3%A9t%C3%A9.md");
        assert_eq!(uri(""), "audit.md");
    }

    #[test]
    fn every_severity_has_its_rule() {
        let rules = rules();
        for sev in Severity::ALL {
            let i = rule_index(sev);
            assert_eq!(rules[i]["id"], rule_id(i));
            assert_eq!(rules[i]["defaultConfiguration"]["level"], level(sev));
        }
        assert_eq!(rules[RESOLVED]["id"], "auditgate/resolved");
        assert_eq!(rules.len(), RESOLVED + 1);
    }
}
