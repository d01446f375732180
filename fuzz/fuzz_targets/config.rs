#![no_main]

use libfuzzer_sys::fuzz_target;

use auditgate::render::{Format, Style};

// Two small passes the configured words, sections and acceptances can act
// on: a ref, a title, a project severity word and a CONCERNS-style section.
const OLD: &str = "# Audit\n\n### 1.1 HIGH: Missing CSRF protection on forms\n\n**Location:** `api/forms.py:10`\n\n## Blocking Issues\n\n- Showstopper: secrets in the repository\n";
const NEW: &str = "# Audit\n\n### 1.1 HIGH: Missing CSRF protection on forms\n\n**Status:** landed\n\n### 1.2 CRITICAL: SQL injection in the search endpoint\n\n**Location:** `api/search.py:40`\n\n## Blocking Issues\n\n- Showstopper: secrets in the repository\n- Papercut: rate limit missing (out of scope)\n";

// Bytes -> lossy UTF-8 -> `Config::from_toml` (the path every command takes
// when an auditgate.toml exists). An error is rendered as the user sees it;
// a Config is put to work: its vocabulary reads two passes, and its weights,
// gate and accepted risk score and gate their diff, rendered as JSON and
// markdown.
fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let config = match auditgate::config::Config::from_toml(&text, "auditgate.toml") {
        Ok(c) => c,
        Err(e) => {
            let _ = e.to_string();
            return;
        }
    };
    let vocab = &config.vocabulary;
    let _ = vocab.severity_word("Showstopper:");
    let _ = vocab.section_rule("## Blocking Issues");
    let old = auditgate::parse::parse(OLD, "old", vocab);
    let new = auditgate::parse::parse(NEW, "new", vocab);
    let d = auditgate::diff::diff(&old, &new, &[]);
    let policies = config
        .fail_on
        .clone()
        .unwrap_or_else(|| vec![auditgate::gate::Policy::CriticalGrowth]);
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
    let report = auditgate::report::Report::accepting(
        d,
        config.weights,
        &policies,
        config.accept.clone(),
        today,
    );
    let _ = report.stale_warnings();
    let _ = report.accepted_note();
    for e in &config.accept {
        let _ = e.label();
    }
    for fmt in [Format::Json, Format::Markdown] {
        let _ = auditgate::render::diff(&report, fmt, Style::default(), &mut Vec::new());
    }
});
