//! GitLab Code Quality (a subset of the Code Climate issue format).
//!
//! GitLab compares the reports of two pipelines itself, so this is a snapshot
//! of what is open in the new pass; the fingerprint is what it pairs on.

use std::io::{self, Write};

use serde_json::{json, Value};

use super::{doc_path, headline, identity, placed, unique_keys};
use crate::diff::{Change, Class};
use crate::model::{Finding, Severity};
use crate::report::Report;
use crate::text::fnv1a;

fn severity(sev: Severity) -> &'static str {
    match sev {
        Severity::Critical => "blocker",
        Severity::High => "critical",
        Severity::Medium => "major",
        Severity::Low => "minor",
        Severity::Info => "info",
    }
}

fn is_open_now(c: &Change) -> bool {
    matches!(c.class, Class::New | Class::Persisting | Class::Regressed)
}

/// 32 hex digits, the length GitLab's own analysers give: two FNV-1a hashes,
/// the second over a salted key, as the fingerprint must not repeat.
fn fingerprint(key: &str) -> String {
    let a = fnv1a(format!("auditgate/v1:{key}").as_bytes());
    let b = fnv1a(format!("{key}:auditgate/v1").as_bytes());
    format!("{a:016x}{b:016x}")
}

fn issue(f: &Finding, key: &str, path: &str) -> Value {
    json!({
        "type": "issue",
        "check_name": format!("auditgate/{}", f.severity),
        "description": headline(f),
        "fingerprint": fingerprint(key),
        "severity": severity(f.severity),
        "location": {
            "path": path,
            "lines": { "begin": f.line.max(1) },
        },
    })
}

pub fn diff(r: &Report, out: &mut dyn Write) -> io::Result<()> {
    let v = document(r);
    serde_json::to_writer_pretty(&mut *out, &v)?;
    writeln!(out)
}

pub fn document(r: &Report) -> Value {
    let path = doc_path(r.paths.new.as_deref(), &r.diff.new.source);
    let shown: Vec<(&Change, &Finding, &Finding)> = r
        .diff
        .changes
        .iter()
        .filter(|c| is_open_now(c))
        .filter_map(|c| Some((c, placed(c)?, identity(c)?)))
        .collect();
    let keys = unique_keys(shown.iter().map(|(_, _, id)| &*id.id));
    Value::Array(
        shown
            .iter()
            .zip(&keys)
            .map(|((_, f, _), key)| issue(f, key, &path))
            .collect(),
    )
}
