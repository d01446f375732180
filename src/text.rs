//! Text normalisation shared by the reader (de-duplication) and the differ
//! (matching): what two wordings of one finding have in common.

/// Words that say nothing about which finding is meant.
const STOP: &[&str] = &[
    "a",
    "an",
    "the",
    "and",
    "or",
    "of",
    "in",
    "on",
    "for",
    "to",
    "with",
    "without",
    "by",
    "at",
    "from",
    "is",
    "are",
    "be",
    "not",
    "no",
    "via",
    "as",
    "into",
    "its",
    "it",
    "this",
    "that",
    "all",
    "any",
    "issue",
    "issues",
    "critical",
    "high",
    "medium",
    "low",
    "info",
    "minor",
    "major",
    "bug",
    "fixed",
    "resolved",
    "false",
    "positive",
    "done",
    "completed",
    "severity",
    "priority",
    "p0",
    "p1",
    "p2",
    "p3",
    "p4",
];

/// Lower-case words of `s` (letters, digits, `_`), stop words removed, with a
/// light stemming so that `tokens`/`token` and `missing`/`miss` meet.
pub fn words(s: &str) -> Vec<String> {
    let mut out = Vec::new();
    for raw in s.split(|c: char| !(c.is_alphanumeric() || c == '_')) {
        if raw.is_empty() {
            continue;
        }
        let w = raw.to_lowercase();
        if STOP.contains(&w.as_str()) || w.len() < 2 {
            continue;
        }
        out.push(stem(&w));
    }
    out
}

fn stem(w: &str) -> String {
    if w.contains('_') || w.chars().any(|c| c.is_ascii_digit()) {
        return w.to_string();
    }
    for suf in ["ations", "ation", "ing", "ies", "ed", "es", "s"] {
        if w.len() > suf.len() + 3 && w.ends_with(suf) {
            let base = &w[..w.len() - suf.len()];
            return if suf == "ies" {
                format!("{base}y")
            } else {
                base.to_string()
            };
        }
    }
    w.to_string()
}

/// Only letters and digits, lower-cased: two texts that differ only in
/// spacing and punctuation squash to the same string.
pub fn squash(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// 64-bit FNV-1a: stable across runs, platforms and versions (unlike `std`'s hasher).
pub fn fnv1a(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in bytes {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

/// The fingerprint of a title: its normalised words, hashed.
pub fn fingerprint(title: &str) -> String {
    let norm = words(title).join(" ");
    format!("{:016x}", fnv1a(norm.as_bytes()))
}

/// Dice coefficient of two word sets (each list may repeat words).
pub fn dice(a: &[String], b: &[String]) -> f64 {
    if a.is_empty() || b.is_empty() {
        return 0.0;
    }
    let mut a: Vec<&String> = a.iter().collect();
    let mut b: Vec<&String> = b.iter().collect();
    a.sort();
    a.dedup();
    b.sort();
    b.dedup();
    let common = a.iter().filter(|w| b.binary_search(w).is_ok()).count();
    2.0 * common as f64 / (a.len() + b.len()) as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_drop_markup_and_severity() {
        assert_eq!(
            words("**CRITICAL**: Missing `request_id` in Stream Events"),
            ["miss", "request_id", "stream", "event"]
        );
    }

    #[test]
    fn fingerprint_ignores_case_and_punctuation() {
        assert_eq!(
            fingerprint("Invalid Error Codes"),
            fingerprint("invalid error-codes!")
        );
        assert_ne!(
            fingerprint("Invalid Error Codes"),
            fingerprint("Valid Error Codes")
        );
    }

    #[test]
    fn dice_of_sets() {
        let a = words("Per-Plan Adjustable Limits");
        let b = words("Per-plan rate limits");
        assert!((dice(&a, &b) - 0.75).abs() < 0.01, "{}", dice(&a, &b));
    }
}
