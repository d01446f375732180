//! Inputs the fuzz targets (fuzz/) found crashing, replayed through the same
//! code path; the minimised inputs are kept in fuzz/regressions/.

use auditgate::config::Config;

/// fuzz/regressions/config-header-multibyte.bin: `[[]` then a character of
/// more than one byte on a line with `=`. Restating the TOML error looked up
/// the `[[table]]` header in force and sliced two bytes past its first `]`,
/// inside that character, and panicked.
#[test]
fn a_header_with_a_multibyte_character_after_its_bracket_is_an_error_not_a_panic() {
    let bytes = b"[[]\xa3=";
    let text = String::from_utf8_lossy(bytes);
    let err = Config::from_toml(&text, "auditgate.toml").unwrap_err();
    assert!(err.to_string().starts_with("auditgate.toml:1: "), "{err}");
    // The same with a real character and a table name.
    let err = Config::from_toml("[[accept]é = 1\n", "auditgate.toml").unwrap_err();
    assert!(err.to_string().starts_with("auditgate.toml:1: "), "{err}");
}

/// Found by replaying the corpus with its markup stripped (not by the fuzz
/// targets): a field name ending in a character of more than one byte
/// within its last seven bytes (`80.1 ✅ fixed:`) was sliced inside that
/// character when testing for a `… status` key.
#[test]
fn a_field_name_ending_in_a_multibyte_character_reads_without_a_panic() {
    use auditgate::parse::{parse, Vocabulary};
    let v = Vocabulary::default();
    for text in [
        "## High\n\n### Token leak\n\n- 80.1 ✅ fixed: yes\n",
        "# A\n\n### 1. HIGH: X\n\n80.1 ✅ fixed: done\né status: open\n",
    ] {
        let a = parse(text, "x.md", &v);
        assert!(a.findings.len() <= 2, "{text:?}");
    }
}

/// Found by the `read` target (session 11): a paragraph opened in bold by
/// a severity and a separator (`**High — Title**`) opens a finding as a
/// bold title does; as the document's last line it has no line after it,
/// which `bold_title` indexed.
#[test]
fn a_severity_lead_on_the_last_line_reads_without_a_panic() {
    use auditgate::parse::{parse, Vocabulary};
    let v = Vocabulary::default();
    for text in [
        "# R\n\n**High — KMS key rotation disabled**",
        "# R\n\n> ~~**Medium — KMS key rotation disabled**~~ — fixed in #88\n",
    ] {
        let a = parse(text, "x.md", &v);
        assert_eq!(a.findings.len(), 1, "{text:?}");
        assert_eq!(&*a.findings[0].title, "KMS key rotation disabled");
    }
}

/// Found replaying fuzz inputs before a commit (session 14): a rating's
/// label read anywhere on a bullet (`… Severity: high.`) looked for the
/// label's word before each colon and cut after a character of more than
/// one byte as if it were one (`Owner��us:`).
#[test]
fn a_colon_after_a_multibyte_character_in_a_bullet_reads_without_a_panic() {
    use auditgate::parse::{parse, Vocabulary};
    let a = parse(
        "## Findings\n\n- **Flag flipped** Owner\u{fffd}\u{fffd}us: x. Severity: high.\n- **B** é: y\n",
        "x.md",
        &Vocabulary::default(),
    );
    assert_eq!(a.findings.len(), 2);
    assert_eq!(a.findings[0].severity.as_str(), "high");
}
