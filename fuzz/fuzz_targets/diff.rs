#![no_main]

use libfuzzer_sys::fuzz_target;

use auditgate::render::{Format, Style};

// Two documents (split at the first 0xFF byte, else in half) -> parse both
// -> diff -> report -> render in every format.
fuzz_target!(|data: &[u8]| {
    let (a, b) = match data.iter().position(|&c| c == 0xFF) {
        Some(i) => (&data[..i], &data[i + 1..]),
        None => data.split_at(data.len() / 2),
    };
    let vocab = auditgate::parse::Vocabulary::default();
    let old = auditgate::parse::parse(&String::from_utf8_lossy(a), "old", &vocab);
    let new = auditgate::parse::parse(&String::from_utf8_lossy(b), "new", &vocab);
    let d = auditgate::diff::diff(&old, &new, &[]);
    let report = auditgate::report::Report::new(
        d,
        auditgate::score::Weights::default(),
        &[auditgate::gate::Policy::CriticalGrowth],
    );
    for fmt in [Format::Table, Format::Json, Format::Markdown] {
        let _ = auditgate::render::diff(&report, fmt, Style::default(), &mut Vec::new());
    }
});
