#![no_main]

use libfuzzer_sys::fuzz_target;

// Bytes -> decode -> parse -> JSON: the path `auditgate show --format json` takes.
fuzz_target!(|data: &[u8]| {
    if let Ok(text) = auditgate::input::decode(data, "fuzz") {
        let audit = auditgate::parse::parse(
            &text.text,
            "fuzz",
            &auditgate::parse::Vocabulary::default(),
        );
        let _ = serde_json::to_string(&audit);
    }
});
