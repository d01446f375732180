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

/// The words of `s` as a set of word hashes: sorted, without repeats (see
/// `words`). Hashes compare in one instruction where strings need memcmp.
pub fn word_set(s: &str) -> Vec<u64> {
    hash_set(words(s).iter())
}

/// Word hashes of already split words, sorted, without repeats.
pub fn hash_set<'a>(words: impl Iterator<Item = &'a String>) -> Vec<u64> {
    let mut w: Vec<u64> = words.map(|w| fnv1a(w.as_bytes())).collect();
    w.sort_unstable();
    w.dedup();
    w
}

/// Dice coefficient of two word sets made by `word_set` (sorted, unique).
pub fn dice(a: &[u64], b: &[u64]) -> f64 {
    if a.is_empty() || b.is_empty() {
        return 0.0;
    }
    2.0 * common(a, b) as f64 / (a.len() + b.len()) as f64
}

/// Number of words two sorted sets share, by one merge pass.
pub fn common(a: &[u64], b: &[u64]) -> usize {
    let (mut i, mut j, mut n) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                n += 1;
                i += 1;
                j += 1;
            }
        }
    }
    n
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
        let a = word_set("Per-Plan Adjustable Limits");
        let b = word_set("Per-plan rate limits");
        assert!((dice(&a, &b) - 0.75).abs() < 0.01, "{}", dice(&a, &b));
    }
}

/// Blocking keys of a finding: each title word, each pair of title words
/// (pairs stay rare where single words are common), and each extra key
/// (file paths, body words).
pub fn block_keys(title: &[u64], extra: &[u64]) -> Vec<u64> {
    let mut keys: Vec<u64> = Vec::with_capacity(title.len() * 4 + extra.len());
    keys.extend_from_slice(title);
    let head = &title[..title.len().min(10)];
    for (i, a) in head.iter().enumerate() {
        for b in &head[i + 1..] {
            keys.push((a ^ 0x9e37_79b9_7f4a_7c15).rotate_left(17) ^ b);
        }
    }
    for e in extra {
        keys.push(e ^ 0x5bd1_e995);
    }
    keys.sort_unstable();
    keys.dedup();
    keys
}

/// An inverted index from blocking keys to items, queried rarest key first,
/// so that the work per query stays bounded however large the input grows.
#[derive(Default)]
pub struct Blocker {
    index: std::collections::HashMap<u64, Vec<u32>>,
}

impl Blocker {
    pub fn add(&mut self, item: usize, keys: &[u64]) {
        for k in keys {
            self.index.entry(*k).or_default().push(item as u32);
        }
    }

    /// Items sharing a key with `keys`: lists longer than `cap` are too
    /// common to select anything; rarer lists are taken until `cap` items.
    pub fn candidates(&self, keys: &[u64], cap: usize) -> Vec<usize> {
        let mut lists: Vec<&Vec<u32>> = keys
            .iter()
            .filter_map(|k| self.index.get(k))
            .filter(|l| l.len() <= cap)
            .collect();
        lists.sort_by_key(|l| l.len());
        let mut out: Vec<usize> = Vec::new();
        for l in lists {
            if out.len() >= cap {
                break;
            }
            out.extend(l.iter().map(|i| *i as usize));
        }
        out.sort_unstable();
        out.dedup();
        out
    }
}
