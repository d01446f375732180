//! Reading one title line: its ref, severity, status and the plain title.
//!
//! Audits pack all of these into one line in many orders:
//! `### 1.1 ~~CRITICAL: Invalid Error Codes~~ FIXED`,
//! `### 2.1 ~~CRITICAL~~ FIXED: Session Rotation`,
//! `#### **Issue #2: Duplicate Constants** ⚠️ **HIGH**`,
//! `1. **Cache config reads** ✅ *(Completed Oct 30, 2025)*`.
//! The line is cut into tokens; markers are peeled off both ends and what is
//! left in the middle is the title.

use std::sync::OnceLock;

use regex::Regex;

use super::lines::{Line, CODE, STRIKE, STRONG};
use super::words::{cvss_severity, Lexicon, Strength};
use crate::model::{Severity, Status};
use crate::text::Grams;

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Analysis {
    pub reference: Option<String>,
    /// `MEDIUM-7-12`: a heading that stands for several findings.
    pub range: Option<(String, u32, u32)>,
    pub severity: Option<(Severity, Strength)>,
    pub status: Option<Status>,
    /// The status is `Resolved` only because the title is struck through:
    /// a section that dismisses what it holds (`## Won't do`) says more.
    pub struck_only: bool,
    pub title: String,
    /// Locations cut from the end of the title (see `locations::trailing`).
    pub locations: Vec<String>,
}

#[derive(Clone, Copy, Debug)]
struct Token<'a> {
    text: &'a str,
    start: usize,
    end: usize,
    struck: bool,
    strong: bool,
    /// Inside a code span: `==` is title text, not a separator.
    code: bool,
}

fn tokens<'a>(line: &'a Line, start: usize, end: usize) -> Vec<Token<'a>> {
    let text = &line.text[..end];
    let any_strike = line.spans.iter().any(|s| s.flags & STRIKE != 0);
    let mut spans = SpanCursor::default();
    // Growing from empty reallocates twice for a title of usual length.
    let mut out = Vec::with_capacity(16);
    let mut tok_start = None;
    for (i, c) in text[start..].char_indices() {
        let at = start + i;
        if c.is_whitespace() {
            if let Some(s) = tok_start.take() {
                out.push(make(line, s, at, any_strike, &mut spans));
            }
        } else if tok_start.is_none() {
            tok_start = Some(at);
        }
    }
    if let Some(s) = tok_start {
        out.push(make(line, s, end, any_strike, &mut spans));
    }
    out
}

/// The span under each token: tokens come in order and spans are
/// disjoint and in order, so one cursor walks both.
#[derive(Default)]
struct SpanCursor {
    next: usize,
    /// Whether span `.0` is a bold run of at most three words.
    short: Option<(usize, bool)>,
}

impl SpanCursor {
    /// The index of the span holding byte `at`, if any.
    fn at(&mut self, line: &Line, at: usize) -> Option<usize> {
        while line.spans.get(self.next).is_some_and(|s| s.end <= at) {
            self.next += 1;
        }
        line.spans
            .get(self.next)
            .is_some_and(|s| s.start <= at)
            .then_some(self.next)
    }

    /// Whether a struck span starts before `end`, from the span `at` last found.
    fn strike_within(&self, line: &Line, end: usize) -> bool {
        line.spans[self.next.min(line.spans.len())..]
            .iter()
            .take_while(|s| s.start < end)
            .any(|s| s.flags & STRIKE != 0)
    }

    fn short_strong(&mut self, line: &Line, i: usize) -> bool {
        match self.short {
            Some((j, short)) if j == i => short,
            _ => {
                let s = line.spans[i];
                let short = s.flags & STRONG != 0
                    && line.text[s.start..s.end].split_whitespace().count() <= 3;
                self.short = Some((i, short));
                short
            }
        }
    }
}

fn make<'a>(
    line: &'a Line,
    start: usize,
    end: usize,
    any_strike: bool,
    spans: &mut SpanCursor,
) -> Token<'a> {
    let span = spans.at(line, start);
    // Without a struck span over the token, nothing of it is struck: skip
    // counting characters.
    let (struck, total) = if any_strike && spans.strike_within(line, end) {
        line.struck_alnum(start, end)
    } else {
        (0, 0)
    };
    let flags = span.map_or(0, |i| line.spans[i].flags);
    // Bold marks a word as a marker (`**HIGH**`, `**RESOLVED**`) only when
    // the bold run is that short; a bold title marks nothing.
    let short_strong = span.is_some_and(|i| spans.short_strong(line, i));
    Token {
        text: &line.text[start..end],
        start,
        end,
        struck: total > 0 && struck * 2 > total || (total == 0 && flags & STRIKE != 0),
        strong: short_strong,
        code: flags & CODE != 0,
    }
}

fn re(cell: &'static OnceLock<Regex>, pat: &str) -> &'static Regex {
    cell.get_or_init(|| Regex::new(pat).expect("valid regex"))
}

fn core(tok: &str) -> &str {
    tok.trim_matches(|c: char| !c.is_alphanumeric() && c != '#')
}

fn is_noise(tok: &str) -> bool {
    !tok.chars().any(|c| c.is_alphanumeric())
}

fn is_upper_word(tok: &str) -> bool {
    let mut letters = 0;
    for c in tok.chars().filter(|c| c.is_alphabetic()) {
        if !c.is_uppercase() {
            return false;
        }
        letters += 1;
    }
    letters >= 2
}

/// A status phrase starting at token `i`, a qualifier (`VERIFIED`) before
/// it included: (status, tokens used).
fn status_at(vocab: &Lexicon, toks: &[Token], i: usize) -> Option<(Status, usize)> {
    // Most words start no status phrase: check the first word before building phrases.
    let first = core(toks.get(i)?.text);
    if first.len() < 2 {
        return None;
    }
    if vocab.starts_status_phrase(first) {
        if let Some(found) = phrase_at(vocab, toks, i) {
            return Some(found);
        }
    }
    if !vocab.is_status_qualifier(first) {
        return None;
    }
    let next = core(toks.get(i + 1)?.text);
    if !vocab.starts_status_phrase(next) {
        return None;
    }
    phrase_at(vocab, toks, i + 1).map(|(s, n)| (s, n + 1))
}

/// The status phrase of up to three words of the vocabulary starting at
/// token `i`: (status, tokens used).
fn phrase_at(vocab: &Lexicon, toks: &[Token], i: usize) -> Option<(Status, usize)> {
    let mut phrase = String::new();
    for n in (1..=3).rev() {
        if i + n > toks.len() {
            continue;
        }
        phrase.clear();
        for (k, t) in toks[i..i + n].iter().enumerate() {
            if k > 0 {
                phrase.push(' ');
            }
            push_lower(&mut phrase, core(t.text));
        }
        if let Some(s) = vocab.phrase_status(&phrase) {
            return Some((s, n));
        }
    }
    None
}

/// Whether a dismissal phrase on a line states the finding's status. A
/// phrase that may qualify a noun does so when a word follows it, unless
/// in capitals (`Bloom filter false-positive rate`, `Dismissed alerts
/// reappear`; but `— false positive`, `FALSE POSITIVE, debug only`); the
/// others always state it (`won't fix this quarter`).
fn dismissal_stated(vocab: &Lexicon, text: &str, lower: &str) -> bool {
    const QUALIFIERS: &[&str] = &[
        "false positive",
        "false-positive",
        "dismissed",
        "accepted risk",
        "design variance",
    ];
    let aligned = text.len() == lower.len();
    vocab.vocab().dismissed.iter().any(|p| {
        if !QUALIFIERS.contains(&p.as_str()) {
            return lower.contains(p.as_str());
        }
        lower.match_indices(p.as_str()).any(|(at, _)| {
            let end = at + p.len();
            let starts_word = lower[..at]
                .chars()
                .next_back()
                .is_none_or(|c| !c.is_alphanumeric());
            let capitals = aligned
                && text.is_char_boundary(at)
                && text.is_char_boundary(end)
                && text[at..end].chars().any(char::is_alphabetic)
                && !text[at..end].chars().any(char::is_lowercase);
            let named = lower[end..]
                .trim_start_matches([' ', '-'])
                .starts_with(char::is_alphanumeric)
                && lower[end..].starts_with([' ', '-']);
            starts_word && (capitals || !named)
        })
    })
}

/// Whether a closing status phrase opens the comment at token `k`, the
/// comment's lead (`fixed in a4b2d19`, `Won't fix, debug only`,
/// `Resolved.`), not a sentence's verb (`shipped it on`). An open one may
/// be the title's (`Path Traversal - Incomplete Validation`).
fn closing_comment(vocab: &Lexicon, toks: &[Token], k: usize) -> bool {
    let Some((s, n)) = status_at(vocab, toks, k) else {
        return false;
    };
    let last = toks[k + n - 1].text;
    s != Status::Open
        && (k + n == toks.len()
            || last.ends_with([',', '.', ';', ':'])
            || toks.get(k + n).is_some_and(|t| {
                // A preposition with its object (`in #412`, `on 2025-11-20`),
                // not one that ends the sentence (`shipped it on.`).
                let w = t.text;
                [
                    "in", "by", "on", "via", "as", "with", "per", "at", "since", "after",
                ]
                .iter()
                .any(|p| w.eq_ignore_ascii_case(p))
                    && k + n + 1 < toks.len()
                    || w.starts_with(['#', '(', '`'])
            }))
}

/// `s.to_lowercase()`. Past its first char beyond ASCII, `to_lowercase`
/// maps char by char; lines with an emoji or a dash are common, and here
/// the ASCII runs around such chars are copied and lower-cased whole.
fn lower_case(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while !rest.is_empty() {
        let ascii = rest
            .bytes()
            .position(|b| !b.is_ascii())
            .unwrap_or(rest.len());
        push_lower(&mut out, &rest[..ascii]);
        let mut chars = rest[ascii..].chars();
        match chars.next() {
            // A capital sigma lower-cases by its neighbours: `to_lowercase` knows how.
            Some('Σ') => return s.to_lowercase(),
            Some(c) => out.extend(c.to_lowercase()),
            None => {}
        }
        rest = chars.as_str();
    }
    out
}

/// Appends `s.to_lowercase()` to `out`.
fn push_lower(out: &mut String, s: &str) {
    if s.is_ascii() {
        let from = out.len();
        out.push_str(s);
        out[from..].make_ascii_lowercase();
    } else {
        out.push_str(&s.to_lowercase());
    }
}

pub(super) fn status_emoji(tok: &str) -> Option<Status> {
    // Not `contains` thrice: for a char beyond ASCII it sets up a substring
    // search each time, and this is asked of most tokens at the line's ends.
    if !tok.is_ascii() && tok.chars().any(|c| matches!(c, '✅' | '✔' | '☑')) {
        Some(Status::Resolved)
    } else {
        None
    }
}

fn date_like(s: &str) -> bool {
    static DATE: OnceLock<Regex> = OnceLock::new();
    re(
        &DATE,
        r"(?i)\b(\d{4}-\d{2}-\d{2}|(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.? \d{1,2}(st|nd|rd|th)?,? \d{4}|\d{1,2} (jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]* \d{4})\b",
    )
    .is_match(s)
}

/// Byte range of capture group `i` (empty when it did not take part).
fn pos(t: &str, c: &regex::Captures, i: usize) -> (usize, usize) {
    c.get(i)
        .map_or((t.len(), t.len()), |m| (m.start(), m.end()))
}

/// A range read from a ref: the head (`MEDIUM`, `73`), its separator, the
/// byte ranges of the two ends, and for a dotted range whether both heads agree.
type RangeParts<'a> = (
    &'a str,
    &'static str,
    (usize, usize),
    (usize, usize),
    Option<bool>,
);

/// The three ref regexes of `reference`, matched by hand on an ASCII token.
struct AsciiRef<'a> {
    /// `^\d{1,6}(\.\d{1,4})*\.?$`
    num: bool,
    /// `^[A-Z][A-Za-z0-9]{0,14}-\d{1,5}$`
    id: bool,
    /// `^(?:([A-Z][A-Za-z]{1,14})-(\d{1,5})-(\d{1,5})|(\d{1,4})\.(\d{1,4})-(\d{1,4})\.(\d{1,4}))$`
    range: Option<RangeParts<'a>>,
}

impl<'a> AsciiRef<'a> {
    fn read(t: &'a str) -> Self {
        let b = t.as_bytes();
        // Length of the run of bytes matching `f` from `i`.
        let run =
            |i: usize, f: fn(&u8) -> bool| b[i.min(b.len())..].iter().take_while(|c| f(c)).count();
        let digit = |c: &u8| c.is_ascii_digit();
        let alpha = |c: &u8| c.is_ascii_alphabetic();
        let at = |i: usize, c: u8| b.get(i) == Some(&c);

        // num: digits, then `.digits` groups, then an optional final dot.
        let num = {
            let d = run(0, digit);
            let mut ok = (1..=6).contains(&d);
            let mut i = d;
            while ok && i < b.len() {
                if !at(i, b'.') {
                    ok = false;
                    break;
                }
                let d = run(i + 1, digit);
                if d == 0 && i + 1 == b.len() {
                    i += 1;
                    break;
                }
                ok = (1..=4).contains(&d);
                i += 1 + d;
            }
            ok && i == b.len()
        };

        let upper_first = b.first().is_some_and(u8::is_ascii_uppercase);
        let letters = if upper_first { 1 + run(1, alpha) } else { 0 };
        // id: a capitalised word of up to 15 letters and digits (`A11Y`,
        // `K8S`), a dash, up to 5 digits.
        let word = if upper_first {
            1 + run(1, u8::is_ascii_alphanumeric)
        } else {
            0
        };
        let id = (1..=15).contains(&word) && at(word, b'-') && {
            let d = run(word + 1, digit);
            (1..=5).contains(&d) && word + 1 + d == b.len()
        };

        let word_range = || {
            if !(2..=15).contains(&letters) || !at(letters, b'-') {
                return None;
            }
            let a0 = letters + 1;
            let da = run(a0, digit);
            let b0 = a0 + da + 1;
            if !(1..=5).contains(&da) || !at(a0 + da, b'-') {
                return None;
            }
            let db = run(b0, digit);
            ((1..=5).contains(&db) && b0 + db == b.len()).then_some((
                &t[..letters],
                "-",
                (a0, a0 + da),
                (b0, b0 + db),
                None,
            ))
        };
        let dotted_range = || {
            // d.d-d.d, each part of 1 to 4 digits.
            let mut parts = [(0usize, 0usize); 4];
            let mut i = 0;
            for (k, sep) in [(0, b'.'), (1, b'-'), (2, b'.'), (3, 0)] {
                let d = run(i, digit);
                if !(1..=4).contains(&d) {
                    return None;
                }
                parts[k] = (i, i + d);
                i += d;
                if sep == 0 {
                    break;
                }
                if !at(i, sep) {
                    return None;
                }
                i += 1;
            }
            let [h1, a, h2, bb] = parts;
            (i == b.len()).then(|| {
                (
                    &t[h1.0..h1.1],
                    ".",
                    a,
                    bb,
                    Some(t[h1.0..h1.1] == t[h2.0..h2.1]),
                )
            })
        };
        AsciiRef {
            num,
            id,
            range: word_range().or_else(dotted_range),
        }
    }
}

/// An id of several parts (`NWL-EXT-05`, `PT-2025-001`), or one that a
/// letter ends (`A-7a`, `7a`: a finding split in two): a capitalised
/// word, parts of letters and digits, a number last, each after a dash.
fn long_id(t: &str) -> bool {
    let alnum = |p: &str, max: usize| {
        (1..=max).contains(&p.len()) && p.bytes().all(|c| c.is_ascii_alphanumeric())
    };
    let number = |p: &str| {
        let digits = p.trim_end_matches(|c: char| c.is_ascii_lowercase());
        p.len() - digits.len() <= 1
            && (1..=5).contains(&digits.len())
            && digits.bytes().all(|c| c.is_ascii_digit())
    };
    let parts: Vec<&str> = t.split('-').collect();
    match parts.as_slice() {
        // `7a`: a number with a letter; a plain one is read above.
        [n] => n.ends_with(|c: char| c.is_ascii_lowercase()) && number(n),
        // `CVE-2024-35195` names an advisory, a finding's subject.
        [first, middle @ .., last] => {
            *first != "CVE"
                && first.starts_with(|c: char| c.is_ascii_uppercase())
                && alnum(first, 15)
                && middle.iter().all(|p| {
                    p.starts_with(|c: char| c.is_ascii_uppercase() || c.is_ascii_digit())
                        && alnum(p, 15)
                })
                && number(last)
        }
        [] => false,
    }
}

/// Reads a ref at the start of a token list; returns (ref, range, tokens used).
/// A ref read at the start of a title, the range it stands for, tokens used.
type RefRead = (String, Option<(String, u32, u32)>, usize);

fn reference(toks: &[Token]) -> Option<RefRead> {
    static NUM: OnceLock<Regex> = OnceLock::new();
    static ID: OnceLock<Regex> = OnceLock::new();
    static RANGE: OnceLock<Regex> = OnceLock::new();
    let first = toks.first()?;
    let t = first
        .text
        .trim_start_matches(|c: char| !c.is_alphanumeric() && c != '#')
        .trim_end_matches([':', ')', ']', ',', '*', '_', '~', '|']);
    let num = || re(&NUM, r"^\d{1,6}(\.\d{1,4})*\.?$");
    let id = || re(&ID, r"^[A-Z][A-Za-z0-9]{0,14}-\d{1,5}$");
    let range = || {
        re(
            &RANGE,
            r"^(?:([A-Z][A-Za-z]{1,14})-(\d{1,5})-(\d{1,5})|(\d{1,4})\.(\d{1,4})-(\d{1,4})\.(\d{1,4}))$",
        )
    };
    // Every title asks these three: an ASCII token (nearly all) is matched
    // by hand; others go to the regexes, whose `\d` takes any decimal digit.
    let ascii = t.is_ascii().then(|| AsciiRef::read(t));
    let is_num = ascii.as_ref().map_or_else(|| num().is_match(t), |r| r.num);
    if toks.len() > 1 && is_num {
        return Some((t.trim_end_matches('.').to_string(), None, 1));
    }
    let range_parts = match &ascii {
        Some(r) => r.range,
        None => range().captures(t).map(|c| match c.get(1) {
            Some(p) => (p.as_str(), "-", pos(t, &c, 2), pos(t, &c, 3), None),
            None => (
                c.get(4).map_or("", |m| m.as_str()),
                ".",
                pos(t, &c, 5),
                pos(t, &c, 7),
                Some(c.get(4).map(|m| m.as_str()) == c.get(6).map(|m| m.as_str())),
            ),
        }),
    };
    if let Some((head, sep, a, b, same)) = range_parts {
        // `MEDIUM-7-12` → MEDIUM-7 … MEDIUM-12; `73.8-73.27` → 73.8 … 73.27.
        if same == Some(false) {
            return None;
        }
        let prefix = format!("{head}{sep}");
        let a: u32 = t[a.0..a.1].parse().ok()?;
        let b: u32 = t[b.0..b.1].parse().ok()?;
        if a < b && b - a < 100 {
            return Some((t.to_string(), Some((prefix, a, b)), 1));
        }
    }
    let is_id = ascii.as_ref().map_or_else(|| id().is_match(t), |r| r.id);
    if is_id {
        return Some((t.to_string(), None, 1));
    }
    // `F-1. Refresh tokens …`: an id closed by a stop, as a number is.
    if let Some(i) = t.strip_suffix('.').filter(|_| toks.len() > 1) {
        if i.is_ascii() && AsciiRef::read(i).id {
            return Some((i.to_string(), None, 1));
        }
    }
    // `NWL-EXT-05:`, `PT-2025-001:`, `A-7a:`, `7a.`: before a title only,
    // as `CVE-2024-35195` alone is an advisory's name.
    if toks.len() > 1 {
        let i = t.strip_suffix('.').unwrap_or(t);
        // `2d rendering is slow`: a number and a letter is a ref only
        // with its stop (`7a.`, `7a:`).
        let stopped = || first.text.ends_with(['.', ':', ')']);
        if long_id(i) && (i.contains('-') || stopped()) {
            return Some((i.to_string(), None, 1));
        }
    }
    if let Some(n) = t.strip_prefix('#') {
        if !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()) {
            return Some((t.to_string(), None, 1));
        }
    }
    // `C1. Token stored in AsyncStorage`, `H2: …`: an assistant's ids, a
    // letter for the rating and a number, closed by a stop. Not `P1.` nor
    // `S3:`, a priority and a store.
    if toks.len() > 1 && first.text.ends_with(['.', ':', ')']) {
        let b = t.trim_end_matches('.').as_bytes();
        if (2..=3).contains(&b.len())
            && b[0].is_ascii_uppercase()
            && !matches!(b[0], b'P' | b'S')
            && b[1..].iter().all(u8::is_ascii_digit)
        {
            return Some((t.trim_end_matches('.').to_string(), None, 1));
        }
    }
    const LABELS: [&str; 6] = ["issue", "finding", "task", "item", "bug", "concern"];
    let word = core(first.text);
    let label = if word.is_ascii() {
        LABELS.iter().any(|l| word.eq_ignore_ascii_case(l))
    } else {
        LABELS.contains(&word.to_lowercase().as_str())
    };
    if label {
        let next = toks.get(1)?;
        let n = next.text.trim_end_matches([':', ')', '*', '_', '.', ',']);
        let digits = n.trim_start_matches('#');
        if !digits.is_empty() && digits.chars().all(|c| c.is_ascii_digit() || c == '.') {
            return Some((format!("{} {}", core(first.text), n), None, 2));
        }
        // Sherlock's `Issue H-1:`: the id is the ref.
        if id().is_match(n) {
            return Some((n.to_string(), None, 2));
        }
    }
    None
}

/// The severity a contest report's id letter stands for (`H-01`, `M-2`,
/// `C-01`, `L-03`, `I-1`, `N-01` non-critical, `G-01` gas): weak, so a
/// severity stated for the finding or its section wins.
fn id_letter_severity(prefix: &str) -> Option<(Severity, Strength)> {
    let s = match prefix {
        "C" => Severity::Critical,
        "H" => Severity::High,
        "M" => Severity::Medium,
        "L" => Severity::Low,
        "I" | "N" | "G" => Severity::Info,
        _ => return None,
    };
    Some((s, Strength::Weak))
}

/// Severity of a token that stands as a severity marker.
fn severity_token(vocab: &Lexicon, tok: &Token, leading: bool) -> Option<(Severity, Strength)> {
    let (sev, strength) = vocab.severity_word(tok.text)?;
    let c = core(tok.text);
    let is_code = c.len() <= 4 && c.chars().any(|ch| ch.is_ascii_digit());
    if leading
        || is_upper_word(tok.text)
        || tok.strong
        || is_code
        || is_tag(tok.text)
        || strength == Strength::Weak
    {
        Some((sev, strength))
    } else {
        None
    }
}

/// Severities seen on a line; an unstruck one replaces a struck one
/// (`~~HIGH~~ LOW`), a stronger one a weaker one.
#[derive(Default)]
struct Sevs {
    unstruck: Option<(Severity, Strength)>,
    struck: Option<(Severity, Strength)>,
}

impl Sevs {
    fn note(&mut self, s: (Severity, Strength), struck: bool) {
        let slot = if struck {
            &mut self.struck
        } else {
            &mut self.unstruck
        };
        match slot {
            Some(cur) if cur.1 >= s.1 => {}
            _ => *slot = Some(s),
        }
    }
}

/// A rating in square brackets at the start of `text`, with its kind or
/// label or alone (`[High]`, `[High Severity]`, `[Severity: High]`, `[P1
/// priority]`), as a scanner prints one mid-title (Snyk's `SSRF [High
/// Severity][https://…] in axios@0.21.1`): the rating, and the bytes the
/// brackets take, with a bracketed link that follows them at once.
pub fn bracket_rating(vocab: &Lexicon, text: &str) -> Option<(usize, (Severity, Strength))> {
    let inner = text.strip_prefix('[')?;
    let close = inner.find(']').filter(|&c| c <= 32)?;
    let words: Vec<&str> = inner[..close].split_whitespace().collect();
    let rating = |w: &str| {
        vocab
            .severity_word(w)
            .filter(|(_, st)| *st == Strength::Explicit)
    };
    let kind = |w: &str| {
        let w = w.trim_end_matches(':');
        super::words::is_rating_label(w) || w.eq_ignore_ascii_case("impact")
    };
    let sev = match words[..] {
        [w] => rating(w)?,
        [w, k] if kind(k) && !k.ends_with(':') => rating(w)?,
        [k, w] if k.ends_with(':') && kind(k) => rating(w)?,
        _ => return None,
    };
    let mut len = 1 + close + 1;
    let rest = &text[len..];
    // `[High Severity](#high-severity)` is a link to a section, no rating.
    if rest.starts_with('(') {
        return None;
    }
    // `[High Severity][https://…]`: the scanner's link to its advisory.
    if rest.starts_with('[') {
        if let Some(e) = rest
            .find(']')
            .filter(|&e| !rest[1..e].contains(char::is_whitespace))
        {
            len += e + 1;
        }
    }
    Some((len, sev))
}

/// A severity tag in brackets, `[Critical]`, `(high)`, `[MEDIUM]:`: a
/// marker in any letter case, where a bare `Critical` may start a title.
pub fn is_tag(tok: &str) -> bool {
    let t = tok.trim_matches(|c: char| matches!(c, '*' | '_' | '`' | ':'));
    (t.starts_with('[') && t.ends_with(']')) || (t.starts_with('(') && t.ends_with(')'))
}

fn is_dash(t: &Token) -> bool {
    !t.code && matches!(t.text, "—" | "–" | "-" | "--")
}

/// Dismissed beats resolved beats open: "FIXED (FALSE POSITIVE)" is dismissed.
fn status_rank(s: Status) -> u8 {
    match s {
        Status::Open => 0,
        Status::Resolved => 1,
        Status::Dismissed => 2,
    }
}

/// A parenthesised group ending at token `j - 1` (and starting after `i`).
struct Group {
    start: usize,
    /// Severities in it, each with whether it is struck; a group holds few.
    sevs: [Option<((Severity, Strength), bool)>; 4],
    status: Option<Status>,
    /// Whether it annotates the finding (a severity, status, score or
    /// date, or a note after a struck title) rather than being title words.
    note: bool,
}

/// A bracketed note, and nothing else, saying a finding is still there.
const STILL_THERE: &[&str] = &[
    "still present",
    "still exists",
    "still applies",
    "still an issue",
    "still persists",
    "persists",
    "persisting",
    "unchanged",
    "not addressed",
    "outstanding",
    "recurring",
    "carried over",
];

/// Whether a token is a place with a line (`runner.py:64`, `a.py:3-9;`).
pub(super) fn places(tok: &str) -> bool {
    tok.contains(':') && {
        let mut found = Vec::new();
        super::locations::find(tok, &mut found);
        found
            .iter()
            .any(|l| super::locations::path_of(l).len() < l.len())
    }
}

fn paren_group(vocab: &Lexicon, line: &Line, toks: &[Token], i: usize, j: usize) -> Option<Group> {
    let opens = |t: &Token| t.text.trim_start_matches(['*', '_', '~']).starts_with('(');
    if j == 0
        || !toks[j - 1]
            .text
            .trim_end_matches(['*', '_', ':', '.'])
            .ends_with(')')
    {
        return None;
    }
    let mut k = j - 1;
    while k > i && !opens(&toks[k]) {
        k -= 1;
    }
    if !(opens(&toks[k]) && k > i) {
        return None;
    }
    let group = &toks[k..j];
    let mut g = Group {
        start: k,
        sevs: [None; 4],
        status: None,
        note: false,
    };
    let mut n = 0;
    let status = |s: Status, g: &mut Group| {
        if g.status.is_none_or(|cur| status_rank(s) > status_rank(cur)) {
            g.status = Some(s);
        }
        g.note = true;
    };
    // `(S3 bucket)` names a store; `(S3)` and `(S1 — fix now)` rate, as
    // an S code needs a separator (see `Vocabulary::severity_word`).
    let s_code = |gi: usize| {
        let c = core(group[gi].text).as_bytes();
        c.len() == 2
            && c[0].eq_ignore_ascii_case(&b's')
            && c[1].is_ascii_digit()
            && group
                .get(gi + 1)
                .is_some_and(|n| n.text.starts_with(char::is_alphanumeric))
    };
    // Words of a status phrase already read: `(not fixed)` is open, and
    // its `fixed` no second phrase.
    let mut read_until = 0;
    for (gi, t) in group.iter().enumerate() {
        if let Some(s) = severity_token(vocab, t, gi == 0).filter(|_| !s_code(gi)) {
            if n < g.sevs.len() {
                g.sevs[n] = Some((s, t.struck));
                n += 1;
            }
            g.note = true;
        }
        if gi < read_until {
            continue;
        }
        if let Some((s, used)) = status_at(vocab, group, gi) {
            status(s, &mut g);
            read_until = gi + used;
        }
    }
    // `(was High, now Medium)`, `(downgraded from High to Medium)`: a
    // note of what the rating was; only one after `now` or `to` is in force.
    const WAS: &[&str] = &[
        "was",
        "previously",
        "formerly",
        "originally",
        "downgraded",
        "upgraded",
        "lowered",
        "raised",
        "rerated",
    ];
    if WAS
        .iter()
        .any(|w| core(group[0].text).eq_ignore_ascii_case(w))
    {
        let mut now = None;
        let mut after = false;
        for t in &group[1..] {
            let w = core(t.text);
            if ["now", "to"].iter().any(|k| w.eq_ignore_ascii_case(k)) || t.text == "→" {
                after = true;
            } else if after {
                now = vocab.severity_word(t.text).or(now);
            }
        }
        g.sevs = [None; 4];
        g.sevs[0] = now.map(|s| (s, false));
        g.status = None;
        g.note = true;
    }
    let text = &line.text[toks[k].start..toks[j - 1].end];
    // "(Duplicate of #3)", "(N/A)"; not "(duplicate code)".
    let inner = text.trim_matches(|c: char| !c.is_alphanumeric() && c != '/');
    let says_only_status = inner.split_whitespace().count() <= 1
        || inner
            .split_whitespace()
            .nth(1)
            .is_some_and(|w| w.eq_ignore_ascii_case("of"));
    if says_only_status && vocab.dismisses_as_status(inner) {
        status(Status::Dismissed, &mut g);
    }
    // A log of passes notes a finding seen again: "(still present)". It
    // states no status: a status field or section still closes it.
    if STILL_THERE.iter().any(|w| inner.eq_ignore_ascii_case(w)) {
        g.note = true;
    }
    if n == 0 {
        if let Some(s) = cvss_severity(text) {
            g.sevs[0] = Some(((s, Strength::Explicit), false));
            g.note = true;
        }
    }
    // A note in brackets after a struck title annotates the strike.
    let after_strike = toks[k - 1].struck && !toks[k].struck;
    // The date regex last: it is the dearest of the tests.
    g.note = g.note || after_strike || date_like(text);
    Some(g)
}

/// Reads ref, severity, status and title from `line.text[start..end]`.
pub fn analyse(vocab: &Lexicon, line: &Line, start: usize, end: usize) -> Analysis {
    let toks = tokens(line, start, end);
    let mut a = Analysis::default();
    let mut sevs = Sevs::default();
    let mut note_sev = |s: (Severity, Strength), struck: bool| sevs.note(s, struck);
    let mut status: Option<Status> = None;
    let note_status = |s: Status, status: &mut Option<Status>| {
        if status.is_none_or(|cur| status_rank(s) > status_rank(cur)) {
            *status = Some(s);
        }
    };

    // Leading markers.
    let mut i = 0;
    let mut seen_ref = false;
    let mut dash_places = Vec::new();
    while i < toks.len() {
        let t = &toks[i];
        // `` `iam.tf:40` — CI role has AdministratorAccess ``: a log's or
        // a review's entry led by its place.
        if i + 2 < toks.len() && is_dash(&toks[i + 1]) && places(t.text) {
            super::locations::find(t.text, &mut dash_places);
            i += 2;
            continue;
        }
        if let Some(s) = status_emoji(t.text) {
            note_status(s, &mut status);
            i += 1;
            continue;
        }
        if is_noise(t.text) && !t.code {
            // An emoji marker (`### 🟠 Weak password policy`) has no
            // letters, and still rates the finding; before a status
            // (`🟢 VERIFIED FALSE POSITIVE:`) it is the status's colour.
            if let Some(s) = vocab.severity_word(t.text) {
                if status_at(vocab, &toks, i + 1).is_none() {
                    note_sev(s, t.struck);
                    // `🟡 Medium`: the word names what the emoji does.
                    if let Some(w) = toks.get(i + 1).filter(|w| !w.code) {
                        if let Some(ws) = vocab.severity_word(w.text) {
                            note_sev(ws, w.struck);
                            i += 1;
                        }
                    }
                }
            }
            i += 1;
            continue;
        }
        // `High-Priority Issues`, `Critical-Severity:`: one word of two.
        if let Some((w, kind)) = core(t.text).split_once('-') {
            let is_kind = ["priority", "severity"]
                .iter()
                .any(|k| kind.eq_ignore_ascii_case(k));
            if let Some(s) = vocab.severity_word(w).filter(|_| is_kind && !t.code) {
                note_sev(s, t.struck);
                i += 1;
                continue;
            }
        }
        if !seen_ref {
            if let Some((r, range, used)) = reference(&toks[i..]) {
                if let Some((prefix, _, _)) = &range {
                    if let Some(s) = vocab.severity_word(prefix) {
                        note_sev(s, false);
                    }
                }
                if let (None, Some((prefix, _))) = (&range, r.split_once('-')) {
                    if let Some(s) = vocab
                        .severity_word(prefix)
                        .or_else(|| id_letter_severity(prefix))
                    {
                        note_sev(s, false);
                    }
                }
                a.reference = Some(r);
                a.range = range;
                seen_ref = true;
                i += used;
                // `#3 fixed in PR #212`, `TD-104 — resolved`: a status
                // right after a ref, ending the line or followed by how or
                // where, is a note's verdict on that finding. Not before
                // another word ("3. Fixed salt for password hashes"), not in
                // a heading ("### 3. Implemented in JavaScript only: …"),
                // and only a word that closes a finding, not one that also
                // tells what code does ("Merged via fast-forward …").
                let closing = |t: &Token| {
                    [
                        "fixed",
                        "resolved",
                        "closed",
                        "addressed",
                        "remediated",
                        "mitigated",
                    ]
                    .iter()
                    .any(|w| core(t.text).eq_ignore_ascii_case(w))
                };
                if let Some((s, n)) = status_at(vocab, &toks, i)
                    .filter(|(s, _)| *s != Status::Open)
                    .filter(|_| !line.is_heading() && toks.get(i).is_some_and(closing))
                {
                    let ends = toks[i + n - 1].text.ends_with([':', ',', ';', '.']);
                    let how = toks.get(i + n).is_none_or(|t| {
                        is_dash(t)
                            || ["in", "by", "via", "with", "on", "as", "per", "at", "since"]
                                .iter()
                                .any(|k| core(t.text).eq_ignore_ascii_case(k))
                    });
                    if ends || how {
                        note_status(s, &mut status);
                        i += n;
                    }
                }
                continue;
            }
        }
        if let Some(s) = severity_token(vocab, t, true) {
            // `High Severity: SSRF …`, `Low priority: …`: the word and
            // its kind are one label.
            if let Some(n) = toks
                .get(i + 1)
                .filter(|n| !n.code && !t.text.ends_with(':'))
            {
                let kind = core(n.text);
                if ["severity", "priority"]
                    .iter()
                    .any(|k| kind.eq_ignore_ascii_case(k))
                {
                    note_sev(s, t.struck);
                    i += 2;
                    continue;
                }
            }
            // "High" opening a title is a severity only when a separator
            // follows: "Low liquidity pools can be drained" is a title. A
            // priority code (`P1`) needs none; `S3` does, as it
            // names Amazon's storage as often ("S3 bucket allows listing").
            let sep_follows = t.text.ends_with(':')
                || t.text.ends_with('*')
                || t.struck
                || is_tag(t.text)
                || toks.get(i + 1).is_some_and(|n| is_noise(n.text));
            let c = core(t.text);
            let code =
                c.len() <= 3 && c.bytes().any(|b| b.is_ascii_digit()) && !c.starts_with(['s', 'S'])
                    || is_noise(t.text) && !t.text.is_ascii(); // `🔴`
            if sep_follows || is_upper_word(t.text) || code {
                note_sev(s, t.struck);
                i += 1;
                continue;
            }
        }
        if let Some((s, n)) = status_at(vocab, &toks, i) {
            let marked = toks[i..i + n]
                .iter()
                .all(|t| is_upper_word(t.text) || t.strong)
                || toks[i + n - 1].text.ends_with(':');
            if marked && s != Status::Open {
                note_status(s, &mut status);
                i += n;
                continue;
            }
        }
        break;
    }
    let mut j = toks.len();
    // Where the last severity taken off the end started.
    let mut rated_from = None;
    // "… (high) — reappeared in the arm64 build", "~~Title~~ — fixed in
    // #231", "… (`a.py:12`) — 70 kB": a dash after a bracketed note, a
    // struck title or a location opens a comment on the finding; a status
    // phrase opening it is the finding's. So does a closing status phrase
    // after a dash (`Debug mode enabled — fixed in a4b2d19`); an open one
    // may be the title's (`Path Traversal - Incomplete Validation`).
    if let Some(d) = (i + 1..j.saturating_sub(1)).find(|&d| {
        is_dash(&toks[d])
            && (toks[d - 1].struck && !toks[d + 1].struck
                // "Shell injection in run_job() — `runner.py:64` builds …"
                || d >= i + 2 && places(toks[d + 1].text)
                || d >= i + 2 && closing_comment(vocab, &toks, d + 1)
                || paren_group(vocab, line, &toks, i, d).is_some_and(|g| {
                    g.note
                        || super::locations::trailing(&line.text[toks[i].start..toks[d - 1].end])
                            .is_some()
                }))
    }) {
        // "— ✔️ Done, route now behind auth", "— Status: Resolved ✅": a
        // check mark or a `Status:` label may lead the phrase.
        let mut k = d + 1;
        if let Some(s) = status_emoji(toks[k].text) {
            note_status(s, &mut status);
            k += 1;
        } else if core(toks[k].text).eq_ignore_ascii_case("status") && toks[k].text.ends_with(':') {
            k += 1;
        }
        if let Some((s, _)) = toks.get(k).and_then(|_| status_at(vocab, &toks, k)) {
            note_status(s, &mut status);
        }
        if places(toks[d + 1].text) {
            super::locations::find(toks[d + 1].text, &mut dash_places);
        }
        // `Look into CSP — not a bug, just hardening. (info)`: a rating
        // that ends the comment is the finding's.
        if let Some(g) = paren_group(vocab, line, &toks, d + 1, j) {
            for (s, struck) in g.sevs.into_iter().flatten() {
                note_sev(s, struck);
            }
        }
        j = d;
    }
    // Trailing markers.
    while j > i {
        let t = &toks[j - 1];
        if let Some(s) = status_emoji(t.text) {
            note_status(s, &mut status);
            j -= 1;
            continue;
        }
        if is_noise(t.text) && !t.code {
            // `Stale cache entries 🔴`: a colour rates the finding.
            if !t.text.is_ascii() {
                if let Some(s) = vocab.severity_word(t.text) {
                    note_sev(s, t.struck);
                }
            }
            j -= 1;
            continue;
        }
        // A parenthesised group at the end: "(FIXED)", "*(Completed Oct 30, 2025)*", "(BUG check)".
        if let Some(g) = paren_group(vocab, line, &toks, i, j) {
            if g.note {
                for (s, struck) in g.sevs.into_iter().flatten() {
                    note_sev(s, struck);
                }
                if let Some(s) = g.status {
                    note_status(s, &mut status);
                }
                j = g.start;
                continue;
            }
        }
        // `SSRF in webhook preview — High`, `SSRF ⚠️ High`, `… 🔴 Critical`:
        // a severity after a dash or an emoji ends the title as a label,
        // in any case.
        let emoji = |t: &Token| !t.code && is_noise(t.text) && !t.text.is_ascii();
        if j >= i + 3 && (is_dash(&toks[j - 2]) || emoji(&toks[j - 2])) && !t.code {
            if let Some(s) = vocab.severity_word(t.text) {
                note_sev(s, t.struck);
                j -= 2;
                rated_from = Some(j);
                continue;
            }
        }
        if let Some(s) = severity_token(vocab, t, false) {
            // A short code (`P1`); a short word ending a title is the
            // title's ("Scheduler DST bug", "Limit set too low"), and so is
            // `S3` ("Backups stored unencrypted in S3").
            let c = core(t.text);
            let code =
                c.len() <= 3 && c.bytes().any(|b| b.is_ascii_digit()) && !c.starts_with(['s', 'S']);
            if is_upper_word(t.text) || t.strong || is_tag(t.text) || code {
                note_sev(s, t.struck);
                j -= 1;
                rated_from = Some(j);
                continue;
            }
        }
        // "✅ Fixed 2025-11-10": a date after a closing status dates it.
        if j >= i + 3 && t.text.len() >= 8 && date_like(t.text) {
            let closes = status_emoji(toks[j - 2].text).is_some()
                || (1..=3).any(|n| {
                    j >= i + 2 + n
                        && status_at(vocab, &toks, j - 1 - n).is_some_and(|(_, used)| used == n)
                });
            if closes {
                j -= 1;
                continue;
            }
        }
        // Status phrases of up to three words, ending here.
        let mut matched = false;
        for n in (1..=3).rev() {
            if j < i + n {
                continue;
            }
            if let Some((s, used)) = status_at(vocab, &toks, j - n) {
                if used != n {
                    continue;
                }
                let run = &toks[j - n..j];
                // Marked by case or bold, by a strike before it, by a
                // check mark (`✅ Fixed`), by a dash that sets it apart at
                // the end (`Debug mode enabled — Fixed`), or by brackets
                // (`[Resolved]`).
                let marked = run.iter().all(|t| is_upper_word(t.text) || t.strong)
                    || (j - n > i && toks[j - n - 1].struck && !run[0].struck)
                    || (j - n > i && status_emoji(toks[j - n - 1].text).is_some())
                    || (j == toks.len() && j - n > i + 1 && is_dash(&toks[j - n - 1]))
                    || (n == 1 && j - n > i && run[0].text.starts_with('[') && is_tag(run[0].text));
                if marked {
                    note_status(s, &mut status);
                    j -= n;
                    matched = true;
                    break;
                }
            }
        }
        if matched {
            continue;
        }
        // "- DEFER", "- SKIPPED": a trailing upper-case word after a dash;
        // "🔨 **LARGE EFFORT**": a bold label of up to three upper-case
        // words after an emoji or a dash annotates the finding, as a
        // severity marker would.
        if let Some(n) = (1..=3).find(|&n| {
            j >= i + n + 2
                && is_noise(toks[j - n - 1].text)
                && toks[j - n..j]
                    .iter()
                    .all(|t| is_upper_word(t.text) && (n == 1 || t.strong))
        }) {
            j -= n + 1;
            continue;
        }
        // `… **Severity: High**`, `… Priority: P1`: the rating's label.
        if rated_from == Some(j)
            && t.text.ends_with(':')
            && super::words::is_rating_label(core(t.text))
        {
            j -= 1;
            continue;
        }
        break;
    }

    let (t_start, t_end) = if i < j {
        (toks[i].start, toks[j - 1].end)
    } else {
        (end, end)
    };

    // Markers anywhere on the line.
    let lower = lower_case(&line.text[start..end]);
    let grams = Grams::of(lower.as_bytes());
    if vocab.dismissed.any_in(&lower, &grams)
        && dismissal_stated(vocab, &line.text[start..end], &lower)
    {
        note_status(Status::Dismissed, &mut status);
    }
    // Counting struck letters decides nothing once a status is known, or
    // where no struck span reaches the title (none of it is struck then).
    let strike_over = || {
        line.spans
            .iter()
            .any(|s| s.flags & STRIKE != 0 && s.start < t_end && t_start < s.end)
    };
    if t_start < t_end && status.is_none() && strike_over() {
        let (struck, total) = line.struck_alnum(t_start, t_end);
        if total > 0 && struck * 10 >= total * 6 && status.is_none() {
            status = Some(Status::Resolved);
            a.struck_only = true;
        }
    }
    if status == Some(Status::Resolved) && vocab.reopening.any_in(&lower, &grams) {
        status = Some(Status::Open);
        a.struck_only = false;
    }
    // An upper-case severity word standing alone in the middle (`⚠️ **HIGH**`).
    if sevs.unstruck.is_none() && sevs.struck.is_none() {
        for t in toks.iter().take(j).skip(i) {
            if t.strong && is_upper_word(t.text) {
                if let Some(s) = vocab.severity_word(t.text) {
                    sevs.note(s, t.struck);
                }
            }
        }
    }
    // Set apart between dashes anywhere on the line (`— **Critical** —`,
    // `(`a.js:21`) — high — fixed in #204`), or in capitals after a
    // sentence (`… \`session.js:14\`. HIGH, trivial fix.`).
    if sevs.unstruck.is_none() && sevs.struck.is_none() {
        for k in 1..toks.len() {
            let t = &toks[k];
            if t.code {
                continue;
            }
            let between = is_dash(&toks[k - 1]) && toks.get(k + 1).is_none_or(is_dash);
            let after_stop = toks[k - 1].text.ends_with('.') && is_upper_word(t.text);
            if between || after_stop {
                if let Some(s) = vocab
                    .severity_word(t.text)
                    .filter(|s| s.1 == Strength::Explicit)
                {
                    sevs.note(s, t.struck);
                    break;
                }
            }
        }
    }
    // In square brackets in the middle (`SSRF [High Severity][https://…]
    // in axios@0.21.1`): the rating leaves the title.
    let mut cut = None;
    if sevs.unstruck.is_none() && sevs.struck.is_none() && t_start < t_end {
        let title = &line.text[t_start..t_end];
        for (at, _) in title.match_indices(" [") {
            if let Some((len, s)) = bracket_rating(vocab, &title[at + 1..]) {
                sevs.note(s, false);
                cut = Some((t_start + at, t_start + at + 1 + len));
                break;
            }
        }
    }
    a.severity = sevs.unstruck.or(sevs.struck);
    a.status = status;
    a.title = match cut {
        Some((a_end, b_start)) => clean_title(&format!(
            "{} {}",
            &line.text[t_start..a_end],
            &line.text[b_start..t_end]
        )),
        None => clean_title(&line.text[t_start..t_end]),
    };
    if let Some((at, locs)) = super::locations::trailing(&a.title) {
        a.title = clean_title(&a.title[..at]);
        a.locations = locs;
    }
    if a.locations.is_empty() {
        a.locations = dash_places;
    }
    a
}

/// Plain title text: collapse spaces, drop edge punctuation.
pub fn clean_title(s: &str) -> String {
    // Trimming before collapsing cuts what trimming after would: the edge
    // runs it cuts hold nothing but whitespace and the edge marks.
    let t = s.trim_matches(|c: char| {
        c.is_whitespace() || matches!(c, ':' | '-' | '—' | '–' | '|' | '*' | '_' | '~' | ',' | ';')
    });
    // Most titles have nothing to collapse: no two spaces in a row, no
    // other whitespace. Beyond ASCII, whitespace starts with one of four
    // bytes (U+0085 and U+00A0; U+1680; U+2000 to U+205F; U+3000).
    // Both tests are folds over all bytes, with no early exit: the
    // compiler makes them vector code.
    let b = t.as_bytes();
    let odd = b.iter().fold(false, |odd, &c| {
        odd | matches!(c, b'\t'..=b'\r' | 0xc2 | 0xe1..=0xe3)
    });
    let two_spaces = b
        .iter()
        .zip(b.iter().skip(1))
        .fold(false, |two, (&x, &y)| two | (x == b' ') & (y == b' '));
    if !odd && !two_spaces {
        return t.to_string();
    }
    // Otherwise walk bytes, and decode a char only where one beyond ASCII starts.
    let mut out = String::with_capacity(t.len());
    let mut word = 0;
    let mut i = 0;
    while i < b.len() {
        let (space, len) = if b[i].is_ascii() {
            // `char::is_whitespace` on ASCII: tab to carriage return, and space.
            (matches!(b[i], b'\t'..=b'\r' | b' '), 1)
        } else {
            let c = t[i..].chars().next().unwrap_or_default();
            (c.is_whitespace(), c.len_utf8())
        };
        if space {
            push_word(&mut out, &t[word..i]);
            word = i + len;
        }
        i += len;
    }
    push_word(&mut out, &t[word..]);
    out
}

/// Appends a word, a space before it, to a text of words.
fn push_word(out: &mut String, w: &str) {
    if !w.is_empty() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(w);
    }
}

/// True for a text that is a date, or a label such as `Update Oct 30, 2025:`.
pub fn is_date_label(s: &str) -> bool {
    date_like(s) && s.split_whitespace().count() <= 6
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::lines::split;
    use crate::parse::words::Vocabulary;

    fn read(md: &str) -> Analysis {
        let doc = split(md);
        let l = &doc.lines[0];
        analyse(&Lexicon::new(&Vocabulary::default()), l, 0, l.text.len())
    }

    #[test]
    fn clean_title_trims_then_collapses_as_collapsing_first_does() {
        // The former reading: collapse, then trim.
        fn reference(s: &str) -> String {
            let collapsed = s.split_whitespace().collect::<Vec<_>>().join(" ");
            collapsed
                .trim_matches(|c: char| {
                    c.is_whitespace()
                        || matches!(c, ':' | '-' | '—' | '–' | '|' | '*' | '_' | '~' | ',' | ';')
                })
                .to_string()
        }
        let alphabet = [
            "a", "É", " ", "\t", "\u{b}", "\u{85}", "\u{a0}", "\u{1680}", "\u{2028}", "\u{205f}",
            "\u{3000}", "-", "—", ":", "~", "✅",
        ];
        for s in crate::text::every_string(&alphabet, 4) {
            assert_eq!(clean_title(&s), reference(&s), "{s:?}");
        }
    }

    #[test]
    fn lower_case_is_to_lowercase() {
        let alphabet = ["a", "Q", " ", "É", "✅", "Σ", "İ", "\u{212a}", "ẞ", "—"];
        for s in crate::text::every_string(&alphabet, 4) {
            assert_eq!(lower_case(&s), s.to_lowercase(), "{s:?}");
        }
    }

    #[test]
    fn ids_of_several_parts_or_ending_in_a_letter() {
        for t in [
            "NWL-EXT-05",
            "PT-2025-001",
            "A-7a",
            "H-1a",
            "7a",
            "OS-MRD-ADV-00",
        ] {
            assert!(long_id(t), "{t}");
        }
        for t in [
            "CVE-2024-35195",
            "7",
            "7ab",
            "a-7",
            "A-7ab",
            "A--7",
            "A-B",
            "GHSA-fr5h-rqp8-mj6g",
        ] {
            assert!(!long_id(t), "{t}");
        }
    }

    #[test]
    fn refs_by_hand_match_the_regexes() {
        let num = Regex::new(r"^\d{1,6}(\.\d{1,4})*\.?$").unwrap();
        let id = Regex::new(r"^[A-Z][A-Za-z0-9]{0,14}-\d{1,5}$").unwrap();
        let range = Regex::new(
            r"^(?:([A-Z][A-Za-z]{1,14})-(\d{1,5})-(\d{1,5})|(\d{1,4})\.(\d{1,4})-(\d{1,4})\.(\d{1,4}))$",
        )
        .unwrap();
        let mut toks: Vec<String> = [
            "",
            "1",
            "1.",
            "1..",
            ".1",
            "1.2",
            "1.2.",
            "1.2.3",
            "123456",
            "1234567",
            "1.12345",
            "1.1234",
            "12.3.4.5.",
            "A-1",
            "Ab-12345",
            "Ab-123456",
            "AbcdefghijklmnoP-1",
            "Abcdefghijklmno-1",
            "a-1",
            "A-",
            "-1",
            "MEDIUM-7-12",
            "M-7-12",
            "MEDIUM-7-",
            "MEDIUM-123456-1",
            "73.8-73.27",
            "73.8-74.27",
            "1.1-1.1",
            "12345.1-12345.2",
            "1.2-3",
            "1.2-3.4.5",
            "HIGH-1",
            "P0",
            "A1-1",
            "A11Y-02",
            "K8S-3",
            "AB-1-2-3",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        // Every short string over an alphabet of the bytes that matter.
        toks.extend(crate::text::every_string(&["1", ".", "-", "A", "b"], 6));
        for t in &toks {
            let r = AsciiRef::read(t);
            assert_eq!(r.num, num.is_match(t), "num {t}");
            assert_eq!(r.id, id.is_match(t), "id {t}");
            let want = range.captures(t).map(|c| match c.get(1) {
                Some(p) => (
                    p.as_str().to_string(),
                    c[2].to_string(),
                    c[3].to_string(),
                    true,
                ),
                None => (
                    c[4].to_string(),
                    c[5].to_string(),
                    c[7].to_string(),
                    c[4] == c[6],
                ),
            });
            let got = r.range.map(|(h, _, a, b, same)| {
                (
                    h.to_string(),
                    t[a.0..a.1].to_string(),
                    t[b.0..b.1].to_string(),
                    same != Some(false),
                )
            });
            assert_eq!(got, want, "range {t}");
        }
    }

    #[test]
    fn a_qualifier_before_a_status_is_read_with_it() {
        let a = read("### 26.3 🟢 VERIFIED FALSE POSITIVE: No Visibility Transition Guards\n");
        assert_eq!(a.reference.as_deref(), Some("26.3"));
        assert_eq!(a.status, Some(Status::Dismissed));
        assert_eq!(a.title, "No Visibility Transition Guards");
        let a = read("### 7.2 MEDIUM: Cache Stampede CONFIRMED FALSE POSITIVE\n");
        assert_eq!(a.status, Some(Status::Dismissed));
        assert_eq!(a.title, "Cache Stampede");
        let a = read("### 7.3 **Confirmed Fixed:** Session Rotation\n");
        assert_eq!(a.status, Some(Status::Resolved));
        assert_eq!(a.title, "Session Rotation");
        // A qualifier qualifies only a status: alone it is a title's word.
        let a = read("### 5.1 HIGH: Verified Email Not Required\n");
        assert_eq!(a.status, None);
        assert_eq!(a.title, "Verified Email Not Required");
        let a = read("### 5.2 HIGH: Token Replay CONFIRMED\n");
        assert_eq!(a.status, None);
        assert_eq!(a.title, "Token Replay CONFIRMED");
    }

    #[test]
    fn a_severity_word_opening_a_title_needs_a_separator() {
        let a = read("### Low liquidity pools can be drained by flash loans\n");
        assert_eq!(a.severity, None);
        assert_eq!(a.title, "Low liquidity pools can be drained by flash loans");
        let a = read("### Low: Verbose banner\n");
        assert_eq!(a.severity.map(|s| s.0), Some(Severity::Low));
        assert_eq!(a.title, "Verbose banner");
        // A code needs none.
        let a = read("### P1 Token replay window\n");
        assert_eq!(a.severity.map(|s| s.0), Some(Severity::High));
        assert_eq!(a.title, "Token replay window");
        // But `S3` is also Amazon's storage.
        let a = read("### F-05: S3 bucket allows public listing\n");
        assert_eq!(a.severity, None);
        assert_eq!(a.title, "S3 bucket allows public listing");
        let a = read("### S3: Token replay window\n");
        assert_eq!(a.severity.map(|s| s.0), Some(Severity::Medium));
        // In brackets too: a word after the code makes it the store.
        let a = read("- Uploaded user files (S3 bucket)\n");
        assert_eq!(
            (a.severity, a.title.as_str()),
            (None, "Uploaded user files (S3 bucket)")
        );
        let a = read("- Uploaded user files are world readable (S3)\n");
        assert_eq!(a.severity.map(|s| s.0), Some(Severity::Medium));
    }

    #[test]
    fn a_short_word_ending_a_title_is_the_titles() {
        let a = read("### Scheduler DST bug\n");
        assert_eq!((a.severity, a.title.as_str()), (None, "Scheduler DST bug"));
        let a = read("### Lockout threshold set too low\n");
        assert_eq!(a.title, "Lockout threshold set too low");
        let a = read("### Scheduler DST BUG\n");
        assert_eq!(a.severity.map(|s| s.0), Some(Severity::High));
        let a = read("### Token replay window P1\n");
        assert_eq!(a.severity.map(|s| s.0), Some(Severity::High));
        assert_eq!(a.title, "Token replay window");
        let a = read("### HIGH: Backups stored unencrypted in S3\n");
        assert_eq!(a.severity.map(|s| s.0), Some(Severity::High));
        assert_eq!(a.title, "Backups stored unencrypted in S3");
    }

    #[test]
    fn a_hyphenated_severity_and_its_kind_are_one_word() {
        let a = read("## High-Priority Issues\n");
        assert_eq!(a.severity.map(|s| s.0), Some(Severity::High));
        assert_eq!(a.title, "Issues");
        // "High-risk" describes the title's subject.
        let a = read("### High-risk endpoints lack rate limits\n");
        assert_eq!(
            (a.severity, a.title.as_str()),
            (None, "High-risk endpoints lack rate limits")
        );
    }

    #[test]
    fn a_severity_after_an_emoji_ends_a_title() {
        let a = read("### 1. **Server-Side Request Forgery (SSRF)** ⚠️ High\n");
        assert_eq!(a.severity.map(|s| s.0), Some(Severity::High));
        assert_eq!(a.title, "Server-Side Request Forgery (SSRF)");
        let a = read("### Unhandled rejection crashes the process ❗ Critical\n");
        assert_eq!(a.severity.map(|s| s.0), Some(Severity::Critical));
        let a = read("### Stale cache entries 🔴\n");
        assert_eq!(a.severity.map(|s| s.0), Some(Severity::Critical));
        assert_eq!(a.title, "Stale cache entries");
    }

    #[test]
    fn a_status_after_the_dash_may_follow_a_check_mark_or_a_label() {
        let a = read(
            "1. **[CRITICAL] Admin endpoint open** (src/admin.ts:14) — ✔️ Done, now behind auth.\n",
        );
        assert_eq!(a.status, Some(Status::Resolved));
        assert_eq!(a.title, "Admin endpoint open");
        let a = read("2. **[MEDIUM] Stack traces leak** (src/error.ts:11) — Status: Resolved ✅\n");
        assert_eq!(a.status, Some(Status::Resolved));
        let a = read("3. **[HIGH] Missing CSRF check** (src/form.ts:3) — still open, see PR #9.\n");
        assert_ne!(a.status, Some(Status::Resolved));
    }

    #[test]
    fn a_date_after_a_closing_status_dates_it() {
        let a = read("### ~~LOW: Debug page~~ ✅ Fixed 2025-11-10\n");
        assert_eq!(
            (a.title.as_str(), a.status),
            ("Debug page", Some(Status::Resolved))
        );
        // "Verified" is no status: the date is the title's.
        let a = read("### LOW: Debug page ✅ Verified 2025-11-10\n");
        assert!(a.title.ends_with("2025-11-10"), "{}", a.title);
    }

    #[test]
    fn a_severity_and_its_kind_are_one_label() {
        let a = read("### High Severity: SSRF in webhook fetcher\n");
        assert_eq!(a.severity.map(|s| s.0), Some(Severity::High));
        assert_eq!(a.title, "SSRF in webhook fetcher");
        let a = read("## ✗ Low severity vulnerability found in debug@2.6.8\n");
        assert_eq!(a.severity.map(|s| s.0), Some(Severity::Low));
        assert_eq!(a.title, "vulnerability found in debug@2.6.8");
        // Risk is a word of titles ("High risk of replay …").
        let a = read("### High risk of replay in sessions\n");
        assert_eq!(a.severity, None);
        assert_eq!(a.title, "High risk of replay in sessions");
    }

    #[test]
    fn a_severity_after_a_dash_ends_the_title() {
        let a = read("### SSRF in webhook preview — High\n");
        assert_eq!(a.severity.map(|s| s.0), Some(Severity::High));
        assert_eq!(a.title, "SSRF in webhook preview");
        let a = read("### 4.1 Signature replay across chains - Critical\n");
        assert_eq!(a.severity.map(|s| s.0), Some(Severity::Critical));
        assert_eq!(a.title, "Signature replay across chains");
        // Not without a dash: "… is low" is the title's.
        let a = read("### Entropy of reset tokens is low\n");
        assert_eq!(a.severity, None);
        assert_eq!(a.title, "Entropy of reset tokens is low");
    }

    #[test]
    fn struck_title_then_fixed() {
        let a = read("### 1.1 ~~CRITICAL: Invalid Error Codes~~ FIXED\n");
        assert_eq!(a.reference.as_deref(), Some("1.1"));
        assert_eq!(a.severity, Some((Severity::Critical, Strength::Explicit)));
        assert_eq!(a.status, Some(Status::Resolved));
        assert_eq!(a.title, "Invalid Error Codes");
    }

    #[test]
    fn struck_severity_then_status() {
        let a = read("### 2.1 ~~CRITICAL~~ FIXED: Session Rotation (24h Activity)\n");
        assert_eq!(a.status, Some(Status::Resolved));
        assert_eq!(a.severity.unwrap().0, Severity::Critical);
        assert_eq!(a.title, "Session Rotation (24h Activity)");
    }

    #[test]
    fn replaced_severity_wins_over_struck_one() {
        let a = read("### 8.4 ~~HIGH~~ LOW: Adapter Pruning/Merging Implemented\n");
        assert_eq!(a.severity.unwrap().0, Severity::Low);
        assert_eq!(a.status, None);
        assert_eq!(a.title, "Adapter Pruning/Merging Implemented");
    }

    #[test]
    fn false_positive_is_dismissed() {
        let a = read("### 1.2 ~~CRITICAL: Non-Spec WebSocket Event~~ (FALSE POSITIVE)\n");
        assert_eq!(a.status, Some(Status::Dismissed));
        assert_eq!(a.title, "Non-Spec WebSocket Event");
    }

    #[test]
    fn a_check_mark_marks_the_status_word_after_it() {
        let a = read("### Medium: Stale cache after price update ✅ Fixed\n");
        assert_eq!(a.title, "Stale cache after price update");
        assert_eq!(a.status, Some(Status::Resolved));
        // Without the mark, a title may end in the word.
        let a = read("### Tests for the parser are not fixed\n");
        assert_eq!(a.status, None);
    }

    #[test]
    fn trailing_labels_and_lines_leave_the_title() {
        let a = read("#### **Issue #8: Timeline.tsx Open/Closed Principle Violation** ⚠️ **MEDIUM** 🔨 **LARGE EFFORT**\n");
        assert_eq!(a.title, "Timeline.tsx Open/Closed Principle Violation");
        assert_eq!(a.reference.as_deref(), Some("Issue #8"));
        assert_eq!(a.severity.map(|s| s.0), Some(Severity::Medium));
        let a = read("### Cache misses ⚠️ **HIGH** - **RECOMMENDED FIX**\n");
        assert_eq!(a.title, "Cache misses");
        assert_eq!(a.severity.map(|s| s.0), Some(Severity::High));
        // Upper-case words that are not bold stay, but for one after a dash.
        let a = read("### Leaked credentials - AWS SECRET KEY\n");
        assert_eq!(a.title, "Leaked credentials - AWS SECRET KEY");
        let a = read("### HIGH: Tokens logged (`middleware/log.py:10-30`) ✅ FIXED\n");
        assert_eq!(a.title, "Tokens logged");
        assert_eq!(a.locations, ["middleware/log.py:10-30"]);
        assert_eq!(a.status, Some(Status::Resolved));
    }

    #[test]
    fn note_after_a_struck_title_is_not_part_of_it() {
        let a = read(
            "### 54.7 ~~HIGH: Missing CSRF Protection~~ (NOT FRONTEND ISSUE - BACKEND CONCERN)\n",
        );
        assert_eq!(a.title, "Missing CSRF Protection");
        assert_eq!(a.status, Some(Status::Resolved));
    }

    #[test]
    fn not_implemented_stays_open() {
        let a = read("### 2.1 CRITICAL: Session Rotation (24h Activity) NOT IMPLEMENTED\n");
        assert_eq!(a.status, Some(Status::Open));
        assert_eq!(a.title, "Session Rotation (24h Activity)");
    }

    #[test]
    fn id_ref_names_severity() {
        let a = read("### CRITICAL-1: Duplicate Volume Mount in docker-compose.yml\n");
        assert_eq!(a.reference.as_deref(), Some("CRITICAL-1"));
        assert_eq!(a.severity.unwrap().0, Severity::Critical);
        assert_eq!(a.title, "Duplicate Volume Mount in docker-compose.yml");
        let r = read("### MEDIUM-7-12: Additional Issues\n");
        assert_eq!(r.range, Some(("MEDIUM-".to_string(), 7, 12)));
        let d = read("### 73.8-73.27 MEDIUM: Various Logging Issues (20 issues)\n");
        assert_eq!(d.range, Some(("73.".to_string(), 8, 27)));
        assert_eq!(d.severity.unwrap().0, Severity::Medium);
    }

    #[test]
    fn issue_number_with_emoji_markers() {
        let a = read("#### **Issue #2: Duplicate Mock Delay Constants** ⚠️ **HIGH**\n");
        assert_eq!(a.reference.as_deref(), Some("Issue #2"));
        assert_eq!(a.severity.unwrap().0, Severity::High);
        assert_eq!(a.status, None);
        assert_eq!(a.title, "Duplicate Mock Delay Constants");
        let b = read("#### **Issue #1: Duplicate `useTableSort` Hook** ✅ **RESOLVED**\n");
        assert_eq!(b.status, Some(Status::Resolved));
        assert_eq!(b.title, "Duplicate useTableSort Hook");
    }

    #[test]
    fn completed_parenthetical() {
        let a = read("1. **Cache reads with invalidation** ✅ *(Completed Oct 30, 2025)*\n");
        assert_eq!(a.status, Some(Status::Resolved));
        assert_eq!(a.title, "Cache reads with invalidation");
    }

    #[test]
    fn bracketed_severity_tags_in_any_case_leave_the_title() {
        for (md, sev) in [
            (
                "#### [Critical] Role check only in the router\n",
                Severity::Critical,
            ),
            (
                "#### [high]: Role check only in the router\n",
                Severity::High,
            ),
            (
                "- **(Medium)** Role check only in the router\n",
                Severity::Medium,
            ),
            ("- `[LOW]` Role check only in the router\n", Severity::Low),
            ("- Role check only in the router [High]\n", Severity::High),
        ] {
            let a = read(md);
            assert_eq!(a.title, "Role check only in the router", "{md}");
            assert_eq!(a.severity.map(|s| s.0), Some(sev), "{md}");
        }
        // Not a severity in brackets: title text.
        assert_eq!(read("#### [Auth] Role check\n").title, "[Auth] Role check");
        // A bare word in mixed case may start a title.
        assert_eq!(read("#### Critical path not cached\n").severity, None);
    }

    #[test]
    fn a_rating_in_square_brackets_mid_title_leaves_it() {
        let a = read("- SSRF [High Severity][https://snyk.io/vuln/SNYK-1] in axios@0.21.1\n");
        assert_eq!(a.title, "SSRF in axios@0.21.1");
        assert_eq!(a.severity.map(|s| s.0), Some(Severity::High));
        let a = read("- Token reuse [Severity: Low] after logout\n");
        assert_eq!(a.title, "Token reuse after logout");
        assert_eq!(a.severity.map(|s| s.0), Some(Severity::Low));
        // Not a rating: a word in brackets, a link to a section.
        let a = read("- Role check [Auth] in the router\n");
        assert_eq!(a.title, "Role check [Auth] in the router");
        assert_eq!(a.severity, None);
        let a = read("- See the [High Severity](#high-severity) list\n");
        assert_eq!(a.severity, None);
    }

    #[test]
    fn a_dash_after_a_note_opens_a_comment() {
        let a = read("- Split the settings bundle (high) — came back after the upgrade\n");
        assert_eq!(a.title, "Split the settings bundle");
        assert_eq!(a.severity.map(|s| s.0), Some(Severity::High));
        assert_eq!(a.status, None);
        let a = read("- Preload the hero image (low) — false positive, it is inlined\n");
        assert_eq!(a.title, "Preload the hero image");
        assert_eq!(a.status, Some(Status::Dismissed));
        let a = read("**[High]** ~~Effect loop in `useSearch`~~ — fixed in #412\n");
        assert_eq!(a.title, "Effect loop in useSearch");
        assert_eq!(a.status, Some(Status::Resolved));
        let a = read("- Bundle ships all of lodash (`src/a.ts:1`) — 70 kB\n");
        assert_eq!(a.title, "Bundle ships all of lodash");
        assert_eq!(a.locations, ["src/a.ts:1"]);
        // A dash inside a title stays.
        let a = read("- Cache - invalidation on deploy (high)\n");
        assert_eq!(a.title, "Cache - invalidation on deploy");
    }

    #[test]
    fn code_spans_are_title_words() {
        let a = read("### 3. API keys compared with `==`\n");
        assert_eq!(a.title, "API keys compared with ==");
        let a = read("### `=>` read as a comparison\n");
        assert_eq!(a.title, "=> read as a comparison");
    }

    #[test]
    fn cvss_scores_and_status_notes_in_brackets() {
        let a = read("## 2. Object level authorization missing (CVSS 8.1)\n");
        assert_eq!(a.title, "Object level authorization missing");
        assert_eq!(a.severity.map(|s| s.0), Some(Severity::High));
        let a = read("### Webhook URL not validated (Duplicate of #1)\n");
        assert_eq!(a.title, "Webhook URL not validated");
        assert_eq!(a.status, Some(Status::Dismissed));
        // Words that dismiss only where a status is expected.
        let a = read("### Mock constants defined twice (duplicate code)\n");
        assert_eq!(a.status, None);
        let a = read("### Duplicate Mock Delay Constants\n");
        assert_eq!(a.status, None);
    }

    #[test]
    fn words_inside_titles_are_not_markers() {
        let a = read("### 3.2 HIGH: Missing Critical Path Done Right\n");
        assert_eq!(a.severity.unwrap().0, Severity::High);
        assert_eq!(a.status, None);
        assert_eq!(a.title, "Missing Critical Path Done Right");
    }
}
