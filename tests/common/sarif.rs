//! The vendored SARIF 2.1.0 schema, ready to validate with.

use serde_json::Value;

use super::fixture;

pub fn vendored() -> Value {
    let text = std::fs::read_to_string(fixture("sarif-2.1.0.schema.json")).unwrap();
    serde_json::from_str(&text).unwrap()
}

/// Where the 2.1.0 schema has a typo: a stray `]` in the pattern of a
/// `language` (of a run and of a tool component), which ECMAScript regexes
/// read as a literal and Rust's refuse, so the validator would refuse the
/// whole schema. The file stays as published; the test swaps in the pattern
/// the schema means. auditgate writes no `language`, so nothing it outputs is
/// judged by these.
pub const LANGUAGE_PATTERNS: [&str; 2] = [
    "/definitions/run/properties/language/pattern",
    "/definitions/toolComponent/properties/language/pattern",
];

pub fn schema() -> Value {
    let mut s = vendored();
    for at in LANGUAGE_PATTERNS {
        let p = s.pointer_mut(at).expect("a language pattern");
        assert_eq!(p, "^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}]?$");
        *p = "^[a-zA-Z]{2}(-[a-zA-Z]{2})?$".into();
    }
    s
}

pub fn validator() -> jsonschema::Validator {
    jsonschema::draft7::options()
        // `uri`, `uri-reference`, `date-time` … are part of what the schema asks.
        .should_validate_formats(true)
        .build(&schema())
        .expect("the vendored schema compiles")
}

pub fn errors(v: &jsonschema::Validator, doc: &Value) -> Vec<String> {
    v.iter_errors(doc)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect()
}
