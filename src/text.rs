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

/// For each length and first letter, the stop words of that shape (a bit
/// per index into `STOP`): most words are ruled out by one lookup, and the
/// rest compared with the one or two stop words that could match.
const STOP_SHAPES: [[u64; 26]; 16] = {
    let mut shapes = [[0u64; 26]; 16];
    let mut i = 0;
    while i < STOP.len() {
        let w = STOP[i].as_bytes();
        // Compile error here if a stop word stops starting with a-z or grows
        // long, or if there come to be more than 64.
        shapes[w.len()][(w[0] - b'a') as usize] |= 1 << i;
        i += 1;
    }
    shapes
};

#[inline]
fn is_stop(b: &[u8]) -> bool {
    let Some(&c) = b.first() else {
        return false;
    };
    if b.len() >= STOP_SHAPES.len() || !c.is_ascii_lowercase() {
        return false;
    }
    let mut shape = STOP_SHAPES[b.len()][usize::from(c - b'a')];
    while shape != 0 {
        if STOP[shape.trailing_zeros() as usize].as_bytes() == b {
            return true;
        }
        shape &= shape - 1;
    }
    false
}

/// Lower-case words of `s` (letters, digits, `_`), stop words removed, with a
/// light stemming so that `tokens`/`token` and `missing`/`miss` meet.
pub fn words(s: &str) -> Vec<String> {
    let mut out = Vec::new();
    each_word(s, |base, y| {
        let mut w = base.to_string();
        if y {
            w.push('y');
        }
        out.push(w);
    });
    out
}

/// Calls `f` with each word `words` would return, as a stem and whether a
/// `y` follows it (`ies` → `y`), without allocating a String per word: the
/// reader and the differ hash every word of every body.
fn each_word(s: &str, mut f: impl FnMut(&str, bool)) {
    each_word_bytes(s, |base, y| {
        // Cut from a str at char boundaries (see `stem`): always UTF-8.
        if let Ok(base) = std::str::from_utf8(base) {
            f(base, y);
        }
    });
}

/// `each_word` on bytes. Words are the maximal runs of alphanumeric chars
/// and `_` (`s.split(|c| !(c.is_alphanumeric() || c == '_'))`); a run of
/// ASCII (nearly every word of an audit) is read byte by byte and
/// lower-cased on the stack, and only a run holding other chars is decoded.
fn each_word_bytes(s: &str, mut f: impl FnMut(&[u8], bool)) {
    let b = s.as_bytes();
    let n = b.len();
    let mut buf = [0u8; FAST_WORD];
    let mut i = 0;
    while i < n {
        let k = BYTE_KIND[usize::from(b[i])];
        if k == 0 {
            i += 1;
            continue;
        }
        let start = i;
        if k != K_HIGH {
            let mut kinds = 0;
            while let Some(&c) = b.get(i) {
                let k = BYTE_KIND[usize::from(c)];
                if k & K_WORD == 0 {
                    break;
                }
                kinds |= k;
                i += 1;
            }
            let ascii_end = b.get(i).is_none_or(|&c| c < 0x80) || !char_is_word(s, i).0;
            let raw = &b[start..i];
            if ascii_end && raw.len() <= buf.len() {
                let w = &mut buf[..raw.len()];
                w.copy_from_slice(raw);
                w.make_ascii_lowercase();
                word(w, kinds & (K_DIGIT | K_UNDERSCORE) != 0, &mut f);
                continue;
            }
        } else {
            let (is_word, len) = char_is_word(s, i);
            if !is_word {
                i += len;
                continue;
            }
        }
        i = slow_run(s, start, &mut f, &mut |_| {});
    }
}

/// Builds `Grams::of(&squash(a) + &squash(b) + …)` from pieces of squashed text.
#[derive(Default)]
pub struct GramScan {
    grams: [u64; 4],
    prev: Option<u8>,
}

impl GramScan {
    pub fn finish(&self) -> Grams {
        Grams(self.grams)
    }
}

/// `GramScan`'s state unpacked for the byte loop: `prev` is `NO_PREV`
/// until the first squashed byte.
struct GramState {
    grams: [u64; 4],
    prev: u32,
}

const NO_PREV: u32 = 0x100;

impl GramState {
    fn of(scan: &GramScan) -> GramState {
        GramState {
            grams: scan.grams,
            prev: scan.prev.map_or(NO_PREV, u32::from),
        }
    }

    fn store(&self, scan: &mut GramScan) {
        scan.grams = self.grams;
        scan.prev = u8::try_from(self.prev).ok();
    }

    /// One byte of squashed text (`_` is not one).
    #[inline(always)]
    fn byte(&mut self, c: u8) {
        if self.prev != NO_PREV {
            let h = gram_bit_u32(self.prev, u32::from(c));
            self.grams[(h >> 6) as usize] |= 1 << (h & 63);
        }
        self.prev = u32::from(c);
    }

    fn push(&mut self, bytes: &[u8]) {
        for &c in bytes {
            if c != b'_' {
                self.byte(c);
            }
        }
    }
}

fn gram_bit(a: u8, b: u8) -> u32 {
    gram_bit_u32(u32::from(a), u32::from(b))
}

#[inline(always)]
fn gram_bit_u32(a: u32, b: u32) -> u32 {
    (a << 8 | b).wrapping_mul(0x9e37_79b1) >> 24
}

/// `word_hashes_into(s, out)`, also feeding `squash(s)` to `grams`.
pub fn word_hashes_and_grams(s: &str, out: &mut Vec<u64>, grams: &mut GramScan) {
    let mut g = GramState::of(grams);
    hash_words::<true>(s, out, &mut g, usize::MAX);
    g.store(grams);
}

/// What a byte is to the word scan: bits of a word's kind, `HIGH` for a
/// byte of a char that is not ASCII, or 0 for no part of a word. A
/// letter's bit is ASCII's case bit: `c | kind & K_LETTER` lower-cases.
const K_LETTER: u8 = 0x20;
const K_DIGIT: u8 = 1;
const K_UNDERSCORE: u8 = 2;
const K_HIGH: u8 = 4;
const K_WORD: u8 = K_LETTER | K_DIGIT | K_UNDERSCORE;

const BYTE_KIND: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        t[b] = if c >= 0x80 {
            K_HIGH
        } else if c.is_ascii_alphabetic() {
            K_LETTER
        } else if c.is_ascii_digit() {
            K_DIGIT
        } else if c == b'_' {
            K_UNDERSCORE
        } else {
            0
        };
        b += 1;
    }
    t
};

/// The longest word read on the fast path: longer ones are rare enough to
/// go by chars.
const FAST_WORD: usize = 32;

/// The hashes of the words `each_word_bytes` hands out, and with `GRAMS`
/// the pairs of `squash(s)`: one pass that lower-cases, hashes and pairs
/// each byte of an ASCII word as it reads it. The FNV state is kept after
/// each byte, so a stem's hash is read off without hashing it again.
#[inline(always)]
fn hash_words<const GRAMS: bool>(s: &str, out: &mut Vec<u64>, g: &mut GramState, limit: usize) {
    let b = s.as_bytes();
    let n = b.len();
    let mut buf = [0u8; FAST_WORD];
    let mut hs = [0u64; FAST_WORD + 1];
    let mut i = 0;
    while i < n && out.len() < limit {
        let k = BYTE_KIND[usize::from(b[i])];
        if k == 0 {
            i += 1;
            continue;
        }
        let start = i;
        if k != K_HIGH {
            let prev = g.prev;
            let mut kinds = 0;
            let mut h = FNV_OFFSET;
            let mut len = 0;
            // Zipped, the text and both buffers end the loop with one test.
            let run = b[start..].iter().zip(&mut buf).zip(&mut hs);
            for ((&c, lower), hash) in run {
                let k = BYTE_KIND[usize::from(c)];
                if k & K_WORD == 0 {
                    break;
                }
                let c = c | k & K_LETTER;
                *lower = c;
                *hash = h;
                h = (h ^ u64::from(c)).wrapping_mul(FNV_PRIME);
                len += 1;
                kinds |= k;
                if GRAMS && k != K_UNDERSCORE {
                    g.byte(c);
                }
            }
            i += len;
            hs[len] = h;
            // The run ends here unless it is longer than `buf` or goes on
            // with chars that are not ASCII.
            let ends = match b.get(i) {
                None => true,
                Some(&c) if c < 0x80 => BYTE_KIND[usize::from(c)] & K_WORD == 0,
                Some(_) => !char_is_word(s, i).0,
            };
            if ends {
                let special = kinds & (K_DIGIT | K_UNDERSCORE) != 0;
                let w = &buf[..len];
                if len >= 2 && !is_stop(w) {
                    let (cut, y) = stem_cut(w, special);
                    let h = hs[len - cut];
                    out.push(if y { fnv1a_more(h, b"y") } else { h });
                }
                continue;
            }
            // Read again by chars, pairs and all: the pairs of the ASCII
            // part are among the run's, but its last byte is no `prev`.
            g.prev = prev;
        } else {
            let (is_word, len) = char_is_word(s, i);
            if !is_word {
                i += len;
                continue;
            }
        }
        i = slow_run(
            s,
            start,
            &mut |base, y| out.push(word_hash(base, y)),
            &mut |sq| {
                if GRAMS {
                    g.push(sq);
                }
            },
        );
    }
}

/// The run of word chars at `start` that `hash_words` leaves to chars (it
/// holds other chars than ASCII, or is long): its words to `f`, its
/// squashed text to `sq`. Returns where the run ends.
fn slow_run(
    s: &str,
    start: usize,
    f: &mut impl FnMut(&[u8], bool),
    sq: &mut impl FnMut(&[u8]),
) -> usize {
    let n = s.len();
    let mut i = start;
    while i < n {
        let (is_word, len) = char_is_word(s, i);
        if !is_word {
            break;
        }
        i += len;
    }
    let Some(raw) = s.get(start..i) else {
        return n;
    };
    let lower = if raw.is_ascii() {
        let lower = raw.to_ascii_lowercase();
        sq(lower.as_bytes());
        lower
    } else {
        // `squash` lower-cases char by char.
        let mut squashed = Vec::new();
        squash_bytes_into(raw, &mut squashed);
        sq(&squashed);
        // Full Unicode lower-casing (final sigma and all) only where needed.
        raw.to_lowercase()
    };
    let special = lower.bytes().any(|c| c == b'_' || c.is_ascii_digit());
    word(lower.as_bytes(), special, f);
    i
}

/// Whether the char at byte `i` of `s` is a word char, and its length in bytes.
fn char_is_word(s: &str, i: usize) -> (bool, usize) {
    match s.get(i..).and_then(|r| r.chars().next()) {
        Some(c) => (c.is_alphanumeric() || c == '_', c.len_utf8()),
        None => (false, 1),
    }
}

/// One lower-cased word: dropped if short or a stop word, else stemmed.
/// `special`: it holds a digit or `_`.
fn word(w: &[u8], special: bool, f: &mut impl FnMut(&[u8], bool)) {
    if w.len() < 2 || is_stop(w) {
        return;
    }
    let (base, y) = stem(w, special);
    f(base, y);
}

/// Cuts a suffix of `w` (lower-case): `special` when `w` holds `_` or a digit.
/// The suffixes are ASCII, so a str cut here stays a str.
fn stem(w: &[u8], special: bool) -> (&[u8], bool) {
    let (cut, y) = stem_cut(w, special);
    (&w[..w.len() - cut], y)
}

/// How many bytes `stem` cuts, and whether a `y` takes their place. The
/// first of `ations`, `ation`, `ing`, `ies`, `ed`, `es`, `s` that ends `w`
/// and leaves more than three bytes: picked by the last byte, as no two
/// of them with different last bytes can both end a word.
#[inline(always)]
fn stem_cut(w: &[u8], special: bool) -> (usize, bool) {
    if special {
        return (0, false);
    }
    let ends = |suf: &[u8]| w.len() > suf.len() + 3 && w.ends_with(suf);
    let cut = match w.last() {
        Some(b's') => {
            if ends(b"ations") {
                6
            } else if ends(b"ies") {
                return (3, true);
            } else if ends(b"es") {
                2
            } else if ends(b"s") {
                1
            } else {
                0
            }
        }
        Some(b'n') if ends(b"ation") => 5,
        Some(b'g') if ends(b"ing") => 3,
        Some(b'd') if ends(b"ed") => 2,
        _ => 0,
    };
    (cut, false)
}

/// Only letters and digits, lower-cased: two texts that differ only in
/// spacing and punctuation squash to the same string.
pub fn squash(s: &str) -> String {
    let mut out = Vec::with_capacity(s.len());
    squash_bytes_into(s, &mut out);
    // Whole chars, encoded: always UTF-8, so the fallback is never taken.
    String::from_utf8(out).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

/// `squash`, appended to `out`, char by char: the definition that
/// `squash_bytes_into` reads faster.
pub fn squash_into(s: &str, out: &mut String) {
    for c in s.chars() {
        if c.is_ascii() {
            if c.is_ascii_alphanumeric() {
                out.push(c.to_ascii_lowercase());
            }
        } else if c.is_alphanumeric() {
            out.extend(c.to_lowercase());
        }
    }
}

/// `squash_into` on bytes: the bytes of the same string. ASCII (nearly all
/// of an audit) goes byte by byte, without decoding chars.
pub fn squash_bytes_into(s: &str, out: &mut Vec<u8>) {
    let b = s.as_bytes();
    let mut i = 0;
    while i < b.len() {
        // A run of ASCII squashes to at most its length: room is made once,
        // each byte written, and the next written over it unless it is kept.
        let mut n = out.len();
        out.resize(n + b.len() - i, 0);
        for &c in &b[i..] {
            let k = BYTE_KIND[usize::from(c)];
            if k == K_HIGH {
                break;
            }
            out[n] = c | k & K_LETTER;
            n += usize::from(k & (K_LETTER | K_DIGIT) != 0);
            i += 1;
        }
        out.truncate(n);
        let Some(ch) = s.get(i..).and_then(|r| r.chars().next()) else {
            break;
        };
        if ch.is_alphanumeric() {
            let mut buf = [0u8; 4];
            for l in ch.to_lowercase() {
                out.extend_from_slice(l.encode_utf8(&mut buf).as_bytes());
            }
        }
        i += ch.len_utf8();
    }
}

/// The byte pairs a text holds, hashed into 256 bits. A text holds a
/// string only if it holds all the string's pairs: most substring searches
/// are ruled out by four ANDs before they start.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Grams([u64; 4]);

impl Grams {
    pub fn of(bytes: &[u8]) -> Grams {
        let mut g = [0u64; 4];
        for w in bytes.windows(2) {
            let h = gram_bit(w[0], w[1]);
            g[(h >> 6) as usize] |= 1 << (h & 63);
        }
        Grams(g)
    }

    /// Whether every pair of `self` is in `other`.
    pub fn within(&self, other: &Grams) -> bool {
        self.0.iter().zip(&other.0).all(|(a, b)| a & !b == 0)
    }
}

/// 64-bit FNV-1a: stable across runs, platforms and versions (unlike `std`'s hasher).
pub fn fnv1a(bytes: &[u8]) -> u64 {
    fnv1a_more(FNV_OFFSET, bytes)
}

const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
const FNV_PRIME: u64 = 0x0000_0100_0000_01b3;

/// Continues an FNV-1a hash over more bytes: hashing in pieces gives the
/// hash of the concatenation, so words need not be joined first.
fn fnv1a_more(mut h: u64, bytes: &[u8]) -> u64 {
    for b in bytes {
        h ^= u64::from(*b);
        h = h.wrapping_mul(FNV_PRIME);
    }
    h
}

/// The hash of one word as `each_word` hands it out.
fn word_hash(base: &[u8], y: bool) -> u64 {
    let h = fnv1a(base);
    if y {
        fnv1a_more(h, b"y")
    } else {
        h
    }
}

/// The fingerprint of a title: its normalised words, hashed.
pub fn fingerprint(title: &str) -> String {
    // The hash of `words(title).join(" ")`, built without the join.
    let mut h = FNV_OFFSET;
    let mut first = true;
    each_word(title, |base, y| {
        if !first {
            h = fnv1a_more(h, b" ");
        }
        first = false;
        h = fnv1a_more(h, base.as_bytes());
        if y {
            h = fnv1a_more(h, b"y");
        }
    });
    format!("{h:016x}")
}

/// The words of `s` as a set of word hashes: sorted, without repeats (see
/// `words`). Hashes compare in one instruction where strings need memcmp.
pub fn word_set(s: &str) -> Vec<u64> {
    let mut w = Vec::new();
    word_hashes_into(s, &mut w);
    w.sort_unstable();
    w.dedup();
    w
}

/// Appends the hash of each word of `s` to `out` (unsorted, with repeats).
pub fn word_hashes_into(s: &str, out: &mut Vec<u64>) {
    word_hashes_upto(s, out, usize::MAX);
}

/// `word_hashes_into`, stopping once `out` holds at least `limit` hashes
/// (it may hold a few more): a long body's first words are read, not all of it.
pub fn word_hashes_upto(s: &str, out: &mut Vec<u64>, limit: usize) {
    hash_words::<false>(s, out, &mut GramState::of(&GramScan::default()), limit);
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

/// Number of words two sorted sets share: by one merge pass, or, when one
/// set is far smaller (a title against a whole body), by binary search.
pub fn common(a: &[u64], b: &[u64]) -> usize {
    let (small, large) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    if small.len() * 16 < large.len() {
        let mut rest = large;
        let mut n = 0;
        for x in small {
            match rest.binary_search(x) {
                Ok(k) => {
                    n += 1;
                    rest = &rest[k + 1..];
                }
                Err(k) => rest = &rest[k..],
            }
        }
        return n;
    }
    // Without branches on the comparison: which side moves on is as good
    // as random, and a mispredicted branch per step costs more than the step.
    let (mut i, mut j, mut n) = (0, 0, 0);
    while let (Some(&x), Some(&y)) = (a.get(i), b.get(j)) {
        n += usize::from(x == y);
        i += usize::from(x <= y);
        j += usize::from(y <= x);
    }
    n
}

/// Every string of 1 to `max` pieces of `alphabet`, shortest first: tests
/// compare a fast reading with its reference on all of them.
#[cfg(test)]
pub(crate) fn every_string(alphabet: &[&str], max: usize) -> Vec<String> {
    let mut all = Vec::new();
    let mut frontier = vec![String::new()];
    for _ in 0..max {
        let next: Vec<String> = frontier
            .iter()
            .flat_map(|p| alphabet.iter().map(move |c| format!("{p}{c}")))
            .collect();
        all.extend(next.iter().cloned());
        frontier = next;
    }
    all
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
    fn common_counts_shared_words_whatever_the_sizes() {
        let large: Vec<u64> = (0..200).map(|i| i * 3).collect();
        for small in [vec![], vec![0, 1, 3, 597, 598], vec![2, 300, 301, 900]] {
            let naive = small.iter().filter(|x| large.contains(x)).count();
            assert_eq!(common(&small, &large), naive);
            assert_eq!(common(&large, &small), naive);
        }
        assert_eq!(common(&large, &large), large.len());
    }

    /// `words` as first written: split on chars, lower-case each piece.
    fn words_by_chars(s: &str) -> Vec<String> {
        let mut out = Vec::new();
        for raw in s.split(|c: char| !(c.is_alphanumeric() || c == '_')) {
            let w = raw.to_lowercase();
            if w.is_empty() || w.len() < 2 || STOP.contains(&w.as_str()) {
                continue;
            }
            let mut base = w.as_str();
            let mut y = false;
            if !(w.contains('_') || w.bytes().any(|b| b.is_ascii_digit())) {
                for suf in ["ations", "ation", "ing", "ies", "ed", "es", "s"] {
                    if w.len() > suf.len() + 3 && w.ends_with(suf) {
                        base = &w[..w.len() - suf.len()];
                        y = suf == "ies";
                        break;
                    }
                }
            }
            out.push(format!("{base}{}", if y { "y" } else { "" }));
        }
        out
    }

    #[test]
    fn words_read_bytes_as_chars_would() {
        for s in [
            "Missing request_id in Stream Events (tokens, entries, validations)",
            "café naïve İstanbul ΣΊΣΥΦΟΣ ﬁle Straße KELVIN\u{212a}",
            "x y zz _ __ a1 1a P0 the The THE completed completing",
            "averyveryverylongidentifierthatgoesonandonandon_with_more_parts trailing",
            "averyveryverylongidentifierthatgoesonandonandonwithoutanybreaksatallings",
            "emoji🔴word ✅done—dash–en ⚠️ **HIGH** `code.py:12` ~~struck~~",
            "ends in é",
            "éstarts",
            "mid\u{300}mark",
            "日本語のテキスト and ascii",
            "",
            " ",
            "a",
            "ab",
            "ies",
            "babies",
            "tries",
            "\u{1F600}",
        ] {
            assert_eq!(words(s), words_by_chars(s), "{s}");
        }
    }

    #[test]
    fn one_pass_reads_words_and_squashed_pairs() {
        for s in [
            "Missing request_id in Stream Events (tokens, entries)",
            "café naïve İstanbul ΣΊΣΥΦΟΣ ﬁle Straße _x_ a b1",
            "averyveryverylongidentifierthatgoesonandonandon_with_more_parts é",
            "",
            "a",
            "✅",
            "🔴x",
        ] {
            let (mut a, mut b) = (Vec::new(), Vec::new());
            let mut scan = GramScan::default();
            word_hashes_and_grams(s, &mut a, &mut scan);
            word_hashes_and_grams(s, &mut a, &mut scan);
            word_hashes_into(s, &mut b);
            word_hashes_into(s, &mut b);
            assert_eq!(a, b, "{s}");
            let twice = format!("{}{}", squash(s), squash(s));
            assert_eq!(scan.finish(), Grams::of(twice.as_bytes()), "{s}");
        }
    }

    /// Strings made of pieces that stress the scan: stems, stop words,
    /// `_` and digits, long runs, chars that are not ASCII, separators.
    fn mixed_strings() -> Vec<String> {
        const PIECES: &[&str] = &[
            "a",
            "B",
            "z",
            "_",
            "1",
            "é",
            "İ",
            "Σ",
            "ﬁ",
            "\u{300}",
            "🔴",
            "—",
            " ",
            " ",
            "-",
            ".",
            "`",
            "**",
            "\n",
            "\r\n",
            "ations",
            "ation",
            "ing",
            "ies",
            "ed",
            "es",
            "s",
            "Tokens",
            "the",
            "THE",
            "p1",
            "Validation",
            "entries",
            "abcdefghijklmnopqrstuvwxyz",
            "0123456789",
            "x_y",
            "ß",
            "K",
        ];
        let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
        let mut out = Vec::new();
        for _ in 0..3000 {
            let mut t = String::new();
            seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
            let len = (seed >> 58) as usize;
            for _ in 0..len {
                seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
                t.push_str(PIECES[(seed >> 33) as usize % PIECES.len()]);
            }
            out.push(t);
        }
        out
    }

    #[test]
    fn word_hashes_are_hashes_of_words() {
        for s in mixed_strings() {
            let want: Vec<u64> = words_by_chars(&s)
                .iter()
                .map(|w| fnv1a(w.as_bytes()))
                .collect();
            let mut got = Vec::new();
            word_hashes_into(&s, &mut got);
            assert_eq!(got, want, "{s:?}");
            let mut got = Vec::new();
            let mut scan = GramScan::default();
            word_hashes_and_grams(&s, &mut got, &mut scan);
            assert_eq!(got, want, "{s:?}");
            assert_eq!(scan.finish(), Grams::of(squash(&s).as_bytes()), "{s:?}");
            assert_eq!(words(&s), words_by_chars(&s), "{s:?}");
            for limit in [0, 1, 2, 5] {
                let mut first = Vec::new();
                word_hashes_upto(&s, &mut first, limit);
                assert!(first.len() >= limit.min(want.len()), "{s:?}");
                assert_eq!(first[..], want[..first.len()], "{s:?}");
            }
        }
    }

    #[test]
    fn stop_word_shapes_find_each_stop_word() {
        for w in STOP {
            assert!(is_stop(w.as_bytes()), "{w}");
            let mut plural = w.to_string();
            plural.push('s');
            assert_eq!(is_stop(plural.as_bytes()), STOP.contains(&plural.as_str()));
        }
        for w in [
            "", "x", "th", "thee", "p5", "nos", "issu", "A", "The", "_a", "1",
        ] {
            assert_eq!(is_stop(w.as_bytes()), STOP.contains(&w), "{w}");
        }
    }

    #[test]
    fn squash_by_bytes_is_squash_by_chars() {
        for s in mixed_strings() {
            let mut by_chars = String::new();
            squash_into(&s, &mut by_chars);
            assert_eq!(squash(&s), by_chars, "{s:?}");
        }
    }

    #[test]
    fn stop_words_are_dropped() {
        assert_eq!(words("The issue is a P1 bug in auth"), ["auth"]);
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
    let head = block_head(title);
    for (i, a) in head.iter().enumerate() {
        for b in &head[i + 1..] {
            keys.push(pair_key(*a, *b));
        }
    }
    for e in extra {
        keys.push(extra_key(*e));
    }
    keys.sort_unstable();
    keys.dedup();
    keys
}

/// The title words whose pairs are blocking keys (see `block_keys`).
pub fn block_head(title: &[u64]) -> &[u64] {
    &title[..title.len().min(10)]
}

/// The blocking key of a pair of title words (see `block_keys`).
pub fn pair_key(a: u64, b: u64) -> u64 {
    (a ^ 0x9e37_79b9_7f4a_7c15).rotate_left(17) ^ b
}

/// The blocking key of an extra word (see `block_keys`). A bijection: two
/// words share their key only when they are the same word.
pub fn extra_key(e: u64) -> u64 {
    e ^ 0x5bd1_e995
}

/// An inverted index from blocking keys to items, queried rarest key first,
/// so that the work per query stays bounded however large the input grows.
#[derive(Default)]
pub struct Blocker {
    index: std::collections::HashMap<u64, Vec<u32>, KeyHasher>,
}

/// Keys are already hashes: one multiply spreads them over the table,
/// where SipHash would hash them all over again.
#[derive(Clone, Copy, Default)]
pub struct KeyHasher;

impl std::hash::BuildHasher for KeyHasher {
    type Hasher = KeyHash;
    fn build_hasher(&self) -> KeyHash {
        KeyHash(0)
    }
}

pub struct KeyHash(u64);

impl std::hash::Hasher for KeyHash {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 = (self.0.rotate_left(8) ^ u64::from(*b)).wrapping_mul(0x9e37_79b9_7f4a_7c15);
        }
    }
    fn write_u64(&mut self, k: u64) {
        self.0 = (k ^ (k >> 29)).wrapping_mul(0x9e37_79b9_7f4a_7c15);
    }
}

/// A hasher for the vocabulary's words: eight bytes a step, where SipHash
/// takes several rounds for each. Only for keys the program or its
/// configuration chose: a document could pick words that collide.
#[derive(Clone, Copy, Default)]
pub struct WordHasher;

impl std::hash::BuildHasher for WordHasher {
    type Hasher = WordHash;
    fn build_hasher(&self) -> WordHash {
        WordHash(0)
    }
}

pub struct WordHash(u64);

impl std::hash::Hasher for WordHash {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let mut w = [0u8; 8];
            w.copy_from_slice(c);
            self.mix(u64::from_le_bytes(w));
        }
        let rest = chunks.remainder();
        let mut w = [0u8; 8];
        w[..rest.len()].copy_from_slice(rest);
        self.mix(u64::from_le_bytes(w) ^ (rest.len() as u64) << 59);
    }
}

impl WordHash {
    fn mix(&mut self, w: u64) {
        self.0 = (self.0.rotate_left(5) ^ w).wrapping_mul(0x517c_c1b7_2722_0a95);
    }
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
        rarest_first(
            keys.iter()
                .filter_map(|k| self.index.get(k).map(Vec::as_slice)),
            cap,
        )
    }
}

/// The items of posting `lists`, rarest list first, until `cap` items;
/// a list longer than `cap` is too common to select anything.
pub fn rarest_first<'a>(lists: impl Iterator<Item = &'a [u32]>, cap: usize) -> Vec<usize> {
    let mut out: Vec<usize> = Vec::new();
    each_rarest(lists, cap, |l| out.extend(l.iter().map(|i| *i as usize)));
    out.sort_unstable();
    out.dedup();
    out
}

/// The selection of `rarest_first`, list by list: `take` is handed each
/// list taken, rarest first (lists of equal length in their given order).
pub fn each_rarest<'a>(
    lists: impl Iterator<Item = &'a [u32]>,
    cap: usize,
    mut take: impl FnMut(&'a [u32]),
) {
    // An empty list adds nothing; most keys of a repeat find none.
    let mut lists: Vec<(usize, &[u32])> = lists
        .filter(|l| !l.is_empty() && l.len() <= cap)
        .enumerate()
        .collect();
    // Stable by hand: a stable sort would allocate its buffer each call.
    lists.sort_unstable_by_key(|&(k, l)| (l.len(), k));
    let mut taken = 0;
    for (_, l) in lists {
        if taken >= cap {
            break;
        }
        taken += l.len();
        take(l);
    }
}
