//! The pull request both `check` tests and the action tests start from,
//! and the files the runner gives a step.

use std::collections::HashMap;

use git2::Oid;

use super::repo::Fixture;

/// What the stand-in API accepts as `Authorization: Bearer …`.
pub const TOKEN: &str = "test-token-s3cr3t";
pub const DAY: i64 = 86_400;
/// 2025-12-01T12:00:00Z
pub const T0: i64 = 1_764_590_400;
pub const AUDIT: &str = "docs/ISSUES.md";

pub const V1: &str = "# Audit\n\n### 1.1 HIGH: Missing CSRF protection on forms\n\n**Location:** `api/forms.py:10`\n";
pub const V2: &str = "# Audit\n\n### 1.1 HIGH: Missing CSRF protection on forms\n\n**Location:** `api/forms.py:10`\n\n### 1.2 CRITICAL: SQL injection in the search endpoint\n\n**Location:** `api/search.py:40`\n";

/// main: V1; the pull request's head adds a critical finding (V2).
pub fn pr_repo() -> (Fixture, Oid, Oid) {
    let fx = Fixture::new();
    let base = fx.commit(&[(AUDIT, Some(V1))], T0);
    let head = fx.commit(&[(AUDIT, Some(V2))], T0 + DAY);
    (fx, base, head)
}

/// Reads `$GITHUB_OUTPUT` as the runner does, in both forms: `k=v` and
/// `k<<DELIM` … `DELIM`. auditgate writes only the second, with a
/// delimiter long enough not to be guessed.
pub fn parse_outputs(text: &str) -> HashMap<String, String> {
    let mut out = HashMap::new();
    let mut lines = text.lines();
    while let Some(l) = lines.next() {
        if let Some((k, delim)) = l.split_once("<<") {
            let mut v = Vec::new();
            for l in lines.by_ref() {
                if l == delim {
                    break;
                }
                v.push(l);
            }
            out.insert(k.to_string(), v.join("\n"));
        } else if let Some((k, v)) = l.split_once('=') {
            out.insert(k.to_string(), v.to_string());
        }
    }
    out
}
