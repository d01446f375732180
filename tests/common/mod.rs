#![allow(dead_code)]

pub mod github;
pub mod pr;
pub mod repo;
pub mod sarif;

use std::path::PathBuf;

use auditgate::model::Audit;
use auditgate::parse::{parse, Vocabulary};

pub fn fixture(rel: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures")
        .join(rel)
}

/// Reads a fixture the way the CLI does (lossy UTF-8, any line endings).
pub fn read(rel: &str) -> Audit {
    let path = fixture(rel);
    let text = auditgate::input::read_file(&path).expect("fixture readable");
    parse(&text.text, rel, &Vocabulary::default())
}

/// (ref, title, severity, status) of every finding.
pub fn rows(a: &Audit) -> Vec<(Option<String>, String, String, String)> {
    a.findings
        .iter()
        .map(|f| {
            (
                f.reference.as_deref().map(str::to_string),
                f.title.to_string(),
                f.severity.to_string(),
                f.status.to_string(),
            )
        })
        .collect()
}
