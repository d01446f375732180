//! Lines → finding candidates.
//!
//! A finding is written in one of a few shapes: a heading with fields
//! under it, a bold `**Title:**` line with `- Key: value` bullets, a list
//! item (task lists, bold-led bullets, bullets under a severity heading), or
//! a table row. Each shape is recognised here; whether a candidate is a
//! finding of its own or a repeat of one is decided later (`dedup`).

use std::cell::{Cell, RefCell};
use std::collections::HashSet;
use std::sync::{Arc, OnceLock};

use regex::Regex;

use super::lines::{Doc, Kind, Line, ANCHOR, STRIKE};
use super::locations;
use super::title::{analyse, bracket_rating, clean_title, is_date_label, is_tag, places, Analysis};
use super::words::{cvss_severity, Lexicon, Role, Strength};
use super::FastHash;
use crate::memo::{write_numbers, write_parts, Memo};
use crate::model::{Severity, Status};
use crate::text::Grams;

/// Where a candidate came from; decides how much it is trusted.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shape {
    Heading,
    BoldTitle,
    Item,
    Row,
    Plain,
}

#[derive(Clone, Debug)]
pub struct Candidate {
    pub shape: Shape,
    /// A finding in its own right (false: a repeat in a summary or plan).
    pub primary: bool,
    /// For a repeat that matches nothing: whether to keep it as a finding.
    pub keep_alone: bool,
    pub line: usize,
    pub end_line: usize,
    pub reference: Option<Arc<str>>,
    pub title: Arc<str>,
    pub severity: Option<(Severity, Strength)>,
    pub status: Option<Status>,
    pub locations: Arc<[String]>,
    pub section: Option<Arc<str>>,
    pub body: Arc<str>,
    /// The status was read from a list elsewhere in the document (a false
    /// positive table, a fixes-applied list), not from the finding's own text.
    pub closed_elsewhere: bool,
    /// A repeat of the finding (a summary row) rates it otherwise, as
    /// explicitly: that rating and the repeat's line (see `dedup`).
    pub rated_elsewhere: Option<(Severity, usize)>,
    /// A table row's status came from its own status cell, not from its
    /// section: a summary row of the same title may then close a finding
    /// that states none (see `dedup`).
    pub own_status: bool,
    /// A table row's severity came from its own severity cell, not from
    /// its section: only such a rating is told apart from the finding's
    /// (see `rated_elsewhere`).
    pub own_severity: bool,
    /// What a remembering reader knows the candidate by (see
    /// `Extractor::heading_verdict`): two candidates with the same id
    /// other than 0 are the same in all but their line numbers. 0 when not known.
    pub id: u64,
}

/// What the headings above a line say.
#[derive(Clone, Debug, Default)]
struct Context {
    severity: Option<(Severity, Strength)>,
    status: Option<Status>,
    role: Option<Role>,
    section: Option<Arc<str>>,
    /// The line of the heading this context is read from, when it names a
    /// severity explicitly.
    severity_heading: Option<usize>,
    /// The nearest heading above, when it names a severity explicitly.
    parent_severity_heading: Option<usize>,
}

const FIELD_NAMES: &[&str] = &[
    "location",
    "locations",
    "file",
    "files",
    "file(s)",
    "severity",
    "priority",
    "impact",
    "issue",
    "problem",
    "fix",
    "fix approach",
    "action",
    "status",
    "current",
    "risk",
    "evidence",
    "symptoms",
    "trigger",
    "workaround",
    "recommendation",
    "recommendations",
    "commit",
    "examples",
    "found in",
    "note",
    "effort",
    "owner",
    "cause",
    "outcome",
    "description",
    "details",
    "category",
    "type",
    "component",
    "where",
    "affected",
    "affected files",
    "reference",
    "references",
    "solution",
    "remediation",
    "verification",
    "verification result",
    "original claim",
    "root cause",
    "estimated time",
    "expected",
    "actual",
    "reason",
    "why fragile",
    "safe modification",
    "test coverage",
    "improvement path",
    "migration plan",
    "current mitigation",
    "scaling path",
    "current capacity",
    "limit",
    "blocks",
    "what's not tested",
    "follow-up",
    "lines of code",
    "affected code",
    // Trail of Bits' table under each finding.
    "difficulty",
    "target",
    // Severity fields (see `Vocabulary::severity_fields`) and their kin.
    "severity level",
    "severity rating",
    "risk rating",
    "risk level",
    "risk severity",
    "criticality",
    "cvss",
    "cvss score",
    "remediation status",
    "fix status",
    "state",
    // A scanner's result (`- **Rule:** …`, `- **Message:** Avoid pickle.`).
    "message",
    "rule",
    "cwe",
    "confidence",
    "labels",
    "label",
    "tags",
    "retest",
    "fix review",
    "triage",
    "disposition",
    "affected component",
    "affected components",
    // A note of the fix under the finding (see `fields`).
    "update",
    "resolution",
    // The same fields in the languages audits are written in besides
    // English (German, French, Spanish, Portuguese, Italian, Chinese,
    // Japanese): an assistant asked in German writes `**Schweregrad:** Hoch`.
    "schweregrad",
    "schwere",
    "kritikalität",
    "priorität",
    "datei",
    "dateien",
    "fundstelle",
    "beschreibung",
    "empfehlung",
    "auswirkung",
    "lösung",
    "behebung",
    "kategorie",
    "risiko",
    "gravité",
    "sévérité",
    "criticité",
    "priorité",
    "fichier",
    "fichiers",
    "emplacement",
    "recommandation",
    "correctif",
    "statut",
    "catégorie",
    "risque",
    "severidad",
    "gravedad",
    "prioridad",
    "archivo",
    "archivos",
    "ubicación",
    "descripción",
    "recomendación",
    "impacto",
    "estado",
    "categoría",
    "riesgo",
    "severidade",
    "gravidade",
    "prioridade",
    "arquivo",
    "arquivos",
    "localização",
    "descrição",
    "recomendação",
    "categoria",
    "risco",
    "gravità",
    "severità",
    "priorità",
    "posizione",
    "descrizione",
    "raccomandazione",
    "impatto",
    "stato",
    "rischio",
    "严重程度",
    "严重性",
    "严重等级",
    "风险等级",
    "等级",
    "优先级",
    "文件",
    "位置",
    "描述",
    "修复建议",
    "建议",
    "影响",
    "状态",
    "类别",
    "风险",
    "重大度",
    "深刻度",
    "重要度",
    "ファイル",
    "場所",
    "説明",
    "推奨",
    "影響",
    "状態",
    "ステータス",
];

const LOCATION_FIELDS: &[&str] = &[
    "location",
    "locations",
    "file",
    "files",
    "file(s)",
    "evidence",
    "where",
    "affected files",
    "found in",
    "component",
    "affected component",
    "affected components",
    // Contest reports link the code: `Lines of code: https://github.com/…#L88`.
    "lines of code",
    "affected code",
    "target",
    // Cantina's `**Context:** Vault.sol#L201-L240`, Sherlock's `## Code Snippet`.
    "context",
    "code snippet",
    // In other languages (see `FIELD_NAMES`).
    "datei",
    "dateien",
    "fundstelle",
    "fichier",
    "fichiers",
    "emplacement",
    "archivo",
    "archivos",
    "ubicación",
    "arquivo",
    "arquivos",
    "localização",
    "posizione",
    "文件",
    "位置",
    "ファイル",
    "場所",
];

/// The key of a `Key: value` line, edges trimmed (`**Location:**` →
/// `Location`), compared as lower case.
struct FieldKey<'a> {
    raw: &'a str,
    /// The lower-cased key, for a key that is not ASCII (ASCII keys are
    /// compared ignoring case, which is the same for them and allocates nothing).
    lower: Option<String>,
}

impl FieldKey<'_> {
    /// Whether the key is `name` (lower case).
    fn is(&self, name: &str) -> bool {
        match &self.lower {
            Some(l) => l == name,
            None => self.raw.eq_ignore_ascii_case(name),
        }
    }

    fn is_any(&self, names: &[&str]) -> bool {
        names.iter().any(|n| self.is(n))
    }

    /// `is_any(FIELD_NAMES)`: a lower-cased key is compared as it is.
    fn is_field_name(&self) -> bool {
        is_field_name(self.lower.as_deref().unwrap_or(self.raw))
    }
}

fn field_name(text: &str) -> Option<(FieldKey<'_>, &str)> {
    let (k, v) = split_colon(text)?;
    Some((field_key(k)?, v))
}

/// `text` split at its first colon: an ASCII one, or the full-width one
/// Chinese and Japanese write (`**位置：** src/a.go:52`).
fn split_colon(text: &str) -> Option<(&str, &str)> {
    // Asked of every line: a byte search for `:` and for the full-width
    // colon's first byte (0xEF, shared with other signs), not a char scan.
    let b = text.as_bytes();
    let mut from = 0;
    while let Some(i) = memchr::memchr2(b':', 0xEF, &b[from..]) {
        let at = from + i;
        if b[at] == b':' {
            return Some((&text[..at], &text[at + 1..]));
        }
        if b.get(at + 1..at + 3) == Some(&[0xBC, 0x9A][..]) {
            return Some((&text[..at], &text[at + 3..]));
        }
        from = at + 1;
    }
    None
}

/// `k` as a field's key: markup trimmed, at most four words, a date after
/// it dropped (`**Update 2025-11-10:**` is an update).
fn field_key(k: &str) -> Option<FieldKey<'_>> {
    let raw = k.trim().trim_matches(|c: char| c == '*' || c == '_').trim();
    let raw = match raw.rsplit_once(' ') {
        Some((key, last))
            if is_date_word(last)
                && DATED_KEYS
                    .iter()
                    .any(|k| key.trim_end().eq_ignore_ascii_case(k)) =>
        {
            key.trim_end()
        }
        _ => raw,
    };
    // A bilingual key (`Schweregrad / Severity`) is the field it names in
    // a language we read.
    // `Impact / Severity: High / Low` names two fields: neither is read.
    let known = |k: &str| is_field_name(k.trim());
    let raw = match raw.split_once('/') {
        Some((a, b)) if raw.len() <= 40 && (known(a) || known(b)) => {
            // Of two fields, the first; of a field and a word, the field.
            if known(a) {
                a.trim()
            } else {
                b.trim()
            }
        }
        _ => raw,
    };
    let lower = (!raw.is_ascii()).then(|| raw.to_lowercase());
    let key = lower.as_deref().unwrap_or(raw);
    if key.is_empty() || key.len() > 30 || key.split_whitespace().count() > 4 {
        return None;
    }
    Some(FieldKey { raw, lower })
}

/// Where the value from `from` ends and the next field of its line starts,
/// when a separator (`·`, `•`, `|`, `;`, `,`, `.`, a dash or a slash) is
/// followed by a known field: `**Severity:** Medium. **Status:** Fixed`.
fn next_field(text: &str, from: usize) -> Option<(usize, usize)> {
    let rest = &text[from..];
    separators(rest).find_map(|(i, sep)| {
        let after = &rest[i + sep.len()..];
        let before = rest[..i].ends_with(char::is_whitespace);
        let spaced = after.starts_with(char::is_whitespace);
        // A middle dot or a bar stands apart from the value before it,
        // a dash or a slash from both sides; a semicolon ends a value,
        // and so do a comma and a stop before a space.
        let apart = match sep {
            ";" => true,
            "," | "." => spaced,
            "·" | "•" | "|" => before,
            _ => before && spaced,
        };
        if !apart {
            return None;
        }
        let next = after.trim_start();
        // A key is short: only its first bytes are looked at, so a line of
        // many separators is read in one pass.
        let head = next
            .char_indices()
            .nth(40)
            .map_or(next, |(at, _)| &next[..at]);
        let colon = head.find(':')?;
        field_key(&next[..colon])?
            .is_field_name()
            .then(|| (from + i, text.len() - next.len()))
    })
}

/// Each separator `next_field` knows in `s`, with its byte offset, in
/// order: a byte scan, since most bytes of a value are none of them.
fn separators(s: &str) -> impl Iterator<Item = (usize, &'static str)> + '_ {
    let b = s.as_bytes();
    (0..b.len()).filter_map(move |i| {
        let sep = match b[i] {
            b'|' => "|",
            b';' => ";",
            b',' => ",",
            b'.' => ".",
            b'-' => "-",
            b'/' => "/",
            0xC2 if b.get(i + 1) == Some(&0xB7) => "·",
            0xE2 if b.get(i + 1) == Some(&0x80) => match b.get(i + 2) {
                Some(0xA2) => "•",
                Some(0x94) => "—",
                Some(0x93) => "–",
                _ => return None,
            },
            _ => return None,
        };
        Some((i, sep))
    })
}

/// The fields of lines read in order: `Key: value` lines, and the rows of
/// a finding's field table, as Trail of Bits lays them out under each
/// finding (`| Severity | High |`, `| Target | src/Vault.sol |`; the first
/// row is the table's header), or CertiK (`| Category | Severity | Location
/// | Status |` over one row of values).
#[derive(Default)]
struct LineFields {
    /// The table last looked at, and its shape.
    table: Option<(u32, FieldTable)>,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum FieldTable {
    None,
    /// A field a row: key, value.
    Rows,
    /// Keys in the header, values in the one row under it.
    Columns,
}

impl LineFields {
    /// Calls `on` with each field of `lines[i]`: its key, and its value's
    /// byte range in the line's text.
    fn each<'l>(
        &mut self,
        lines: &'l [Line],
        i: usize,
        mut on: impl FnMut(FieldKey<'l>, usize, usize),
    ) {
        let l = &lines[i];
        let Kind::Row { table, header } = l.kind else {
            // `**State:** open · **Severity:** critical`: fields side by side.
            let text: &'l str = &l.text;
            let mut start = 0;
            while let Some((key, value)) = field_name(&text[start..]) {
                let from = text.len() - value.len();
                let next = next_field(text, from);
                on(key, from, next.map_or(text.len(), |(end, _)| end));
                match next {
                    Some((_, at)) => start = at,
                    None => break,
                }
            }
            return;
        };
        let shape = match self.table {
            Some((t, shape)) if t == table => shape,
            _ => {
                let shape = field_table(&lines[i..], table);
                self.table = Some((table, shape));
                shape
            }
        };
        // A row's text is its cells joined by " | ".
        match shape {
            FieldTable::Rows => {
                let key = &l.cells[0];
                if let Some(k) = field_key(key) {
                    on(k, key.len() + 3, l.text.len());
                }
            }
            FieldTable::Columns if !header => {
                let Some(head) = lines[..i]
                    .iter()
                    .rev()
                    .find(|h| matches!(h.kind, Kind::Row { table: t, header: true } if t == table))
                else {
                    return;
                };
                let mut at = 0;
                for (k, cell) in head.cells.iter().zip(l.cells.iter()) {
                    if let Some(key) = field_key(k) {
                        on(key, at, at + cell.len());
                    }
                    at += cell.len() + 3;
                }
            }
            _ => {}
        }
    }
}

/// The shape of the table whose rows start `lines`, as a finding's fields
/// (see `LineFields`). A field table is named by fields: two of its keys,
/// and half of them, are field names. A table of categories or of counts
/// is named by other words (`| Category | Description |` over
/// `| Access Controls | … |`), and a table with a title column lists
/// findings, however few.
fn field_table(lines: &[Line], table: u32) -> FieldTable {
    let rows: Vec<&Line> = lines
        .iter()
        .take_while(|l| matches!(l.kind, Kind::Row { table: t, .. } if t == table))
        .collect();
    let named = |keys: &mut dyn Iterator<Item = &String>| {
        let (mut n, mut all) = (0, 0);
        for k in keys {
            all += 1;
            n += usize::from(field_key(k).is_some_and(|k| k.is_field_name()));
        }
        n >= 2 && 2 * n >= all
    };
    if rows.iter().all(|r| r.cells.len() == 2) && named(&mut rows.iter().map(|r| &r.cells[0])) {
        return FieldTable::Rows;
    }
    // A scanner's table titles its rows by rule or message.
    let titled = |h: &Line| {
        h.cells.iter().any(|c| {
            TITLE_COLUMNS
                .iter()
                .chain(&["rule", "message"])
                .any(|t| c.trim().eq_ignore_ascii_case(t))
        })
    };
    match rows[..] {
        [head, _]
            if matches!(head.kind, Kind::Row { header: true, .. })
                && !titled(head)
                && named(&mut head.cells.iter()) =>
        {
            FieldTable::Columns
        }
        _ => FieldTable::None,
    }
}

/// Columns that name a table's findings.
const TITLE_COLUMNS: &[&str] = &[
    "title",
    "finding",
    "issue",
    "description",
    "problem",
    "summary",
    "item",
    "task",
    "concern",
    "vulnerability",
    "bug",
    "name",
    // Threat models, assessments, CodeQL's alert tables.
    "threat",
    "weakness",
    "defect",
    "observation",
    "alert",
];

/// The severity of a bracketed tag such as `[High]` opening `text`.
fn leading_tag(vocab: &Lexicon, text: &str) -> Option<(Severity, Strength)> {
    let first = text.split_whitespace().next()?;
    if !is_tag(first) {
        // `[High Severity] XSS in comments`: a tag of two words.
        let t = text.trim_start().trim_start_matches(['*', '_', '`']);
        return bracket_rating(vocab, t).map(|(_, s)| s);
    }
    vocab.severity_word(first)
}

/// Marks a scanner's text output opens a finding's line with (Snyk's `✗`).
const SCANNER_MARKS: &[&str] = &["✗", "✘", "✖", "×", "•", "▪", "►", "▶", "➤", "→"];

/// `✗ SSRF [High Severity][https://…] in axios@0.21.1`: a scanner's line,
/// led by its mark, rated in brackets.
fn scanner_line(vocab: &Lexicon, text: &str) -> bool {
    text.split_whitespace()
        .next()
        .is_some_and(|t| SCANNER_MARKS.contains(&t))
        && mid_bracket_rating(vocab, text)
}

/// Whether a rating in square brackets stands after a title's first words
/// (`CSRF token missing [Medium Severity] in axios@0.21.1`).
fn mid_bracket_rating(vocab: &Lexicon, text: &str) -> bool {
    text.match_indices(" [")
        .any(|(at, _)| bracket_rating(vocab, &text[at + 1..]).is_some())
}

/// `CWE-79`, `VULN-12`: a capitalised word, a dash and a number.
fn is_id(s: &str) -> bool {
    let s = s.trim();
    s.split_once('-').is_some_and(|(w, n)| {
        (2..=15).contains(&w.len())
            && w.starts_with(|c: char| c.is_ascii_uppercase())
            && w.bytes().all(|b| b.is_ascii_alphabetic())
            && (1..=5).contains(&n.len())
            && n.bytes().all(|b| b.is_ascii_digit())
    })
}

/// A heading that names a part of a finding (`### Impact`), not one.
/// Whether `k` is one of `FIELD_NAMES`, ignoring ASCII case: a set
/// lookup, for it is asked of every key-like span of every line.
fn is_field_name(k: &str) -> bool {
    static SET: OnceLock<HashSet<&'static [u8], FastHash>> = OnceLock::new();
    let mut buf = [0u8; FIELD_NAME_MAX];
    let Some(lower) = buf.get_mut(..k.len()) else {
        return false;
    };
    lower.copy_from_slice(k.as_bytes());
    lower.make_ascii_lowercase();
    SET.get_or_init(|| FIELD_NAMES.iter().map(|n| n.as_bytes()).collect())
        .contains(&*lower)
}

/// The longest of `FIELD_NAMES`, or longer.
const FIELD_NAME_MAX: usize = 24;

/// Parts only a finding has (beside its severity and location fields):
/// how likely it is, how to show it, what causes it.
const FINDING_PARTS: &[&str] = &[
    "likelihood",
    "proof of concept",
    "poc",
    "steps to reproduce",
    "reproduction",
    "vulnerable code",
    "affected code",
    "attack scenario",
    "exploit scenario",
    "root cause",
    "cvss",
    "symptoms",
];

/// Sub-headings that hold one part of a finding (`#### Impact`,
/// `#### Mitigation`) beyond the field names written inline and the
/// parts only a finding has.
const FIELD_HEADINGS: &[&str] = &[
    "code",
    "scenario",
    "mitigation",
    "analysis",
    "suggested fix",
    "recommended fix",
    "technical details",
    "context",
    "background",
    // Contest and firm reports (Code4rena, Sherlock, Halborn, Cantina).
    "recommended mitigation",
    "recommended mitigation steps",
    "mitigation steps",
    "vulnerability detail",
    "vulnerability details",
    "code snippet",
    "tool used",
    "tools used",
    "remediation plan",
    "resolution",
    "response",
    "team response",
    "client response",
    "developer response",
    "update",
    "exploit",
    "discussion",
    "summary",
    "overview",
    "notes",
    "comments",
];

/// A sub-heading's text as a field key: `#### Impact:` → `impact`.
fn part_key(text: &str) -> String {
    clean_title(text)
        .trim_end_matches(':')
        .trim()
        .to_lowercase()
}

/// Whether a heading's text names a part of a finding (`Description`,
/// `Impact:`, `Recommendation`), not a finding or a section of findings.
fn is_field_heading(text: &str) -> bool {
    let t = part_key(text);
    is_field_name(&t) || FIELD_HEADINGS.contains(&t.as_str()) || FINDING_PARTS.contains(&t.as_str())
}

/// A part only a finding has: what it does, where it is, how to show it.
fn is_finding_part(vocab: &Lexicon, text: &str) -> bool {
    let t = part_key(text);
    vocab.severity_field(&t).is_some()
        || LOCATION_FIELDS.contains(&t.as_str())
        || FINDING_PARTS.contains(&t.as_str())
}

/// Severity, status and locations a finding's sub-headings give
/// (`#### Severity` over `High`, `#### Location` over `api/db.py:42`):
/// the lines under such a heading, up to the next heading, are its value.
fn heading_fields(
    vocab: &Lexicon,
    titles: &Titles,
    body: &[Line],
) -> (Option<(Severity, Strength)>, Option<Status>, Vec<String>) {
    let (mut sev, mut status, mut locs) = (None, None, Vec::new());
    for (i, l) in body.iter().enumerate() {
        if !l.is_heading() {
            continue;
        }
        let key = part_key(&l.text);
        let value = body[i + 1..].iter().take_while(|v| !v.is_heading());
        // As for inline fields: a weak key (`Impact`) only when no strong
        // one (`Severity`, `Risk Rating`) says it.
        if let Some(strong) = vocab.severity_field(&key) {
            let rank = u8::from(strong) + 1;
            if sev.is_none_or(|(r, _)| rank > r) {
                if let Some(s) = value
                    .flat_map(|v| v.text.split_whitespace())
                    .take(4)
                    .find_map(|t| vocab.severity_word(t))
                {
                    sev = Some((rank, s.0));
                }
            }
        } else if key == "status" && status.is_none() {
            status = value
                .take(1)
                .find_map(|v| titles.analyse(v, 0, v.text.len()).status);
        } else if LOCATION_FIELDS.contains(&key.as_str()) {
            for v in value {
                locations::find_placed(&v.text, &mut locs);
            }
        }
    }
    (sev.map(|(_, s)| (s, Strength::Explicit)), status, locs)
}

/// "None", "No high-severity issues found": a section says it is empty.
fn says_nothing(title: &str) -> bool {
    let lower = title.to_ascii_lowercase();
    lower.starts_with("none")
        || lower.starts_with("no ")
            && ["found", "identified", "detected", "reported", "observed"]
                .iter()
                .any(|w| lower.trim_end_matches('.').ends_with(w))
}

/// Keys that a note of the fix dates (`**Update 2025-11-10:**`); not
/// `Issue 1234:`, whose number is its name.
/// `Status` in the other languages of `FIELD_NAMES`.
const STATUS_KEYS_ELSEWHERE: &[&str] = &["statut", "estado", "stato", "状态", "状態", "ステータス"];

const DATED_KEYS: &[&str] = &["update", "resolution", "status", "retest", "note"];

/// `2025-11-10`, `(11/10/2025)`, `10.11.25`: digits and date separators.
fn is_date_word(w: &str) -> bool {
    let w = w.trim_matches(|c| c == '(' || c == ')' || c == '[' || c == ']');
    w.bytes().filter(u8::is_ascii_digit).count() >= 4
        && w.bytes().any(|b| matches!(b, b'-' | b'/' | b'.'))
        && w.bytes()
            .all(|b| b.is_ascii_digit() || matches!(b, b'-' | b'/' | b'.'))
}

pub(super) fn is_field(text: &str) -> bool {
    field_name(text).is_some_and(|(k, _)| k.is_field_name())
}

/// `- Issue: …`, `- Current capacity: …`: a short capitalised key and a value.
fn is_key_value(vocab: &Lexicon, text: &str) -> bool {
    let Some((k, _)) = split_colon(text) else {
        return false;
    };
    let k = k.trim().trim_matches('*');
    // "- **Critical:** 2 issues" counts findings; it does not describe one.
    if vocab.severity_word(k).is_some() {
        return false;
    }
    let words = k.split_whitespace().count();
    (1..=4).contains(&words)
        && k.chars().next().is_some_and(|c| c.is_uppercase())
        && k.chars()
            .all(|c| c.is_alphabetic() || c == ' ' || c == '\'' || c == '(' || c == ')' || c == '-')
}

/// `- **Assignee:** @dana`, `- **Opened:** 2025-10-02`: a bold key of a
/// word or two with a short value is a record's field, not a finding (a
/// CONCERNS item, `- **Database layer:** Raw SQL strings are built by
/// hand …`, says what is wrong at length).
fn is_metadata(line: &Line) -> bool {
    bold_key(line).is_some_and(|(key, value)| {
        key.split_whitespace().count() <= 2 && value.split_whitespace().count() <= 3
    })
}

/// A line led by a bold key and a colon, in the bold or after it
/// (`**Assignee:** @dana`, `**Critical**: …`): the key without its colon,
/// and the value.
fn bold_key(line: &Line) -> Option<(&str, &str)> {
    let lead = line.strong_lead()?;
    let lead_end = line.text.find(lead).unwrap_or(0) + lead.len();
    let lead = lead.trim_end();
    let rest = line.text[lead_end..].trim_start();
    match (
        lead.strip_suffix([':', '：']),
        rest.strip_prefix([':', '：']),
    ) {
        (Some(key), _) => Some((key, rest)),
        (None, Some(value)) => Some((lead, value)),
        _ => None,
    }
}

/// `- **Critical:** Shell injection …`: an item led by a bold severity
/// label.
fn severity_label(vocab: &Lexicon, line: &Line) -> bool {
    bold_key(line).is_some_and(|(label, _)| {
        label.split_whitespace().count() == 1
            && vocab
                .severity_word(label)
                .is_some_and(|(_, st)| st == Strength::Explicit)
    })
}

/// `**High — Title**`, `**CRITICAL: Title**`, `**High** — Title`: a
/// paragraph opened in bold by a severity word and a separator.
fn severity_lead(vocab: &Lexicon, line: &Line) -> bool {
    line.kind == Kind::Text
        && line
            .spans
            .first()
            .is_some_and(|s| s.start == 0 && s.flags & super::lines::STRONG != 0)
        && rated_lead(vocab, line)
}

/// A line opened by a severity word and a separator (`High: Path
/// traversal …`, `HIGH - …`), in bold or not.
fn rated_lead(vocab: &Lexicon, line: &Line) -> bool {
    let mut words = line.text.split_whitespace();
    let (Some(first), Some(second)) = (words.next(), words.next()) else {
        return false;
    };
    let separated = first.ends_with(':') || matches!(second, "—" | "–" | "-" | "--");
    let said = if first.ends_with(':') {
        second
    } else {
        words.clone().next().unwrap_or("")
    };
    // `- Critical: none found`, `- High: 2 issues, see below`: a tally.
    let tally = said.starts_with(|c: char| c.is_ascii_digit())
        || [
            "none", "no", "nothing", "n/a", "-", "—", "one", "two", "three", "four", "five", "six",
            "seven", "eight", "nine", "ten",
        ]
        .iter()
        .any(|w| said.trim_end_matches(['.', ',']).eq_ignore_ascii_case(w));
    separated
        && !tally
        && words.next().is_some()
        && vocab
            .severity_word(first)
            .is_some_and(|(_, st)| st == Strength::Explicit)
}

/// "Various Logging Issues (20 issues)" → "Various Logging Issues".
fn strip_count(title: &str) -> String {
    static RE: OnceLock<Regex> = OnceLock::new();
    let re = RE.get_or_init(|| {
        Regex::new(r"(?i)\s*\(\s*\d+\s*(issues?|items?|findings?)\s*\)\s*$").expect("valid")
    });
    re.replace(title, "").into_owned()
}

/// `### Critical (66 Issues)`, `| Logging (3) |`: a count of what a
/// heading or row groups. A bare number counts only at the end, after a
/// space: `system(3)` and `Issue (1) in parser` name, they do not count.
fn count_group(text: &str) -> bool {
    static RE: OnceLock<Regex> = OnceLock::new();
    // Both forms open a bracket: most titles are settled without the regex.
    if !text.contains('(') {
        return false;
    }
    let re = RE.get_or_init(|| {
        Regex::new(r"(?i)\(\s*\d+\s*(issues?|items?|findings?|tasks?|of \d+)?\s*\)").expect("valid")
    });
    // Most bracketed notes are no count at all: a match is looked for
    // before the groups of each are read.
    re.is_match(text)
        && re.captures_iter(text).any(|c| {
            let m = c.get(0).expect("whole match");
            let apart = text[..m.start()].ends_with(char::is_whitespace) || m.start() == 0;
            let last = text[m.end()..]
                .chars()
                .all(|c| c.is_whitespace() || matches!(c, '*' | '_' | '~' | ':' | '`'));
            c.get(1).is_some() || apart && last
        })
}

/// The severity a section heading stands for (`## HIGH Severity Issues`,
/// `### Critical (66 Issues)`, `## P0 Tasks`, `## Tech Debt`).
fn heading_context(vocab: &Lexicon, line: &Line) -> Context {
    let mut ctx = Context {
        section: Some(clean_title(&line.text).into()),
        ..Context::default()
    };
    let mut rule_words: &[String] = &[];
    if let Some(rule) = vocab.section_rule(&line.text) {
        ctx.status = rule.status;
        ctx.role = rule.role;
        rule_words = &rule.words;
        if let Some(s) = rule.severity {
            ctx.severity = Some((s, Strength::Implied));
        }
    }
    // `## ✅ Resolved`, `## Won't Fix`, `## Closed Issues`: a heading that
    // is a closing status and nothing else closes what it holds.
    if ctx.status.is_none() {
        ctx.status = status_heading(vocab, &line.text);
    }
    // A severity the heading states beats one its category implies: `##
    // 🚨 Critical Security Issues` is critical, not Security's medium; but
    // `## Missing Critical Features` is that category's, high.
    if ctx.severity.is_none_or(|(_, st)| st == Strength::Implied) {
        // `## High Priority Issues`, and `## High-Priority Issues`.
        let words = line
            .text
            .split_whitespace()
            .map(|t| match t.split_once('-') {
                Some((w, kind)) if is_kind_of_rating(kind) => w,
                _ => t,
            });
        // `### Not critical, but worth fixing`, `## No high-severity issues`:
        // a rating denied is none.
        // The denial holds to the end of its clause: `No critical or
        // high-severity issues; minor notes` is low.
        let mut denied = false;
        for tok in words.take(12) {
            let w = tok.trim_matches(|c: char| !c.is_alphanumeric());
            if ["not", "no", "non", "nothing", "none"]
                .iter()
                .any(|n| w.eq_ignore_ascii_case(n))
            {
                denied = true;
            } else if let Some((s, st)) = vocab.severity_word(tok) {
                let lower = w.to_lowercase();
                let the_rules = rule_words.iter().any(|rw| lower.starts_with(rw.as_str()));
                // One the category implies already stays implied: `Minor
                // Issues / Suggestions` reads as Suggestions did.
                let implied = ctx.severity.is_some_and(|(i, _)| i == s);
                if st == Strength::Explicit && !denied && !the_rules && !implied {
                    ctx.severity = Some((s, Strength::Explicit));
                    break;
                }
            }
            if w.eq_ignore_ascii_case("but")
                || tok.ends_with([',', ';', ':'])
                || matches!(tok, "—" | "–" | "-")
            {
                denied = false;
            }
        }
    }
    ctx
}

/// The closing status a heading names and nothing else: its words, but
/// for kinds of content (`Issues`), are one status phrase.
fn status_heading(vocab: &Lexicon, text: &str) -> Option<Status> {
    let words = || {
        text.split(|c: char| !c.is_alphanumeric() && c != '\'' && c != '’')
            .filter(|w| w.chars().any(char::is_alphanumeric))
    };
    // Asked of every heading, most of them findings' titles: a phrase and
    // a kind of content are five words at most, and short.
    if text.len() > 64 || words().nth(5).is_some() {
        return None;
    }
    // `## Fixed Since Last Review`, `## Resolved in this pass`,
    // `## Previously reported, now fixed`: when is no part of the status.
    const WHEN: &[&str] = &[
        "since",
        "last",
        "previous",
        "previously",
        "prior",
        "this",
        "in",
        "the",
        "pass",
        "review",
        "audit",
        "scan",
        "round",
        "reported",
        "now",
        "already",
        "during",
        "after",
        "retest",
    ];
    // `## ✅ Resolved (3/8)`, `## Fixed in v2.3`: counts and versions are
    // no part of it either. `## Fixed / Closed`, `## Dismissed / Won't
    // Fix`: alternatives that all say one status say it.
    let noise = |w: &str| {
        w.bytes().all(|b| b.is_ascii_digit())
            || w.len() > 1
                && w.starts_with(['v', 'V'])
                && w[1..].bytes().all(|b| b.is_ascii_digit())
    };
    let mut said = None;
    for part in text.split(['/', '&', ',', '+']) {
        let mut phrase = String::new();
        for w in part
            .split(|c: char| !c.is_alphanumeric() && c != '\'' && c != '’')
            .filter(|w| w.chars().any(char::is_alphanumeric))
        {
            let w = w.to_lowercase();
            if GENERIC.contains(&w.as_str()) || WHEN.contains(&w.as_str()) || noise(&w) {
                continue;
            }
            if !phrase.is_empty() {
                phrase.push(' ');
            }
            phrase.push_str(&w);
            if phrase.len() > 24 {
                return None;
            }
        }
        if phrase.is_empty() {
            continue;
        }
        let s = vocab
            .phrase_status(&phrase)
            .filter(|s| *s != Status::Open)?;
        if said.is_some_and(|d| d != s) {
            return None;
        }
        said = Some(s);
    }
    said
}

/// `## High`, `## 🔴 Critical Issues (3)`, `### P1 — High Severity`: every
/// word, bracketed counts aside, is a severity word, a number or a word
/// that names a kind of content. Under such a heading a sub-heading can
/// only be a finding or a group of them, where under `## 1.1 HIGH: Token
/// logged` it is a part of one finding (`### Impact`).
/// `priority` or `severity` (after `High-`), in any case and with any
/// trailing punctuation.
fn is_kind_of_rating(word: &str) -> bool {
    let w = word.trim_end_matches(|c: char| !c.is_alphanumeric());
    w.eq_ignore_ascii_case("priority") || w.eq_ignore_ascii_case("severity")
}

fn states_only_severity(vocab: &Lexicon, text: &str) -> bool {
    const KIND: &[&str] = &[
        "severity",
        "risk",
        "level",
        "vulnerabilities",
        "vulnerability",
        "security",
        "defects",
    ];
    // Asked of every heading naming a severity, most of them findings
    // (`### 1.1 HIGH: Token logged`): no copy, and the first word that is
    // none of these settles it.
    let mut bracketed = 0u32;
    text.split(|c: char| c.is_whitespace() || matches!(c, '-' | '/' | '—' | '–' | ':' | '|'))
        .all(|w| {
            let opens = w.bytes().filter(|&b| b == b'(' || b == b'[').count() as u32;
            let closes = w.bytes().filter(|&b| b == b')' || b == b']').count() as u32;
            let inside = bracketed > 0 || opens > 0;
            bracketed = (bracketed + opens).saturating_sub(closes);
            let core = w.trim_matches(|c: char| !c.is_alphanumeric());
            inside
                || core.is_empty()
                || core.bytes().all(|c| c.is_ascii_digit() || c == b'.')
                || vocab.severity_word(w).is_some()
                || GENERIC
                    .iter()
                    .chain(KIND)
                    .any(|g| g.eq_ignore_ascii_case(core))
        })
}

/// Field lines (`**Location:** …`) before the first list item: the body of one finding.
fn leading_fields(
    lines: &[Line],
    from: usize,
    to: usize,
    opens_title: impl Fn(usize) -> bool,
) -> bool {
    let mut rows = LineFields::default();
    for i in from..to.min(from + 12) {
        let l = &lines[i];
        // Fields under a title of their own are that finding's.
        if opens_title(i) {
            return false;
        }
        match l.kind {
            Kind::Text if is_field(&l.text) => return true,
            Kind::Item { depth: 0, .. } => {
                if is_field(&l.text) {
                    return true;
                }
                // `- **Criterion:** 4.1.2 Name, Role, Value` over `- **Impact:**
                // Serious`: a key the reader does not know may still open a
                // finding's fields; the bullets after it tell.
                if bold_key(l).is_none_or(|(k, _)| k.split_whitespace().count() > 3) {
                    return false;
                }
            }
            Kind::Heading(_) => return false,
            Kind::Row { .. } => {
                let mut named = false;
                rows.each(lines, i, |k, _, _| named |= k.is_field_name());
                if named {
                    return true;
                }
            }
            _ => {}
        }
    }
    false
}

/// Words that name a kind of content, not a finding.
const GENERIC: &[&str] = &[
    "tasks",
    "task",
    "issues",
    "issue",
    "findings",
    "finding",
    "items",
    "severity",
    "priority",
    "bugs",
    "fixes",
    "concerns",
    "problems",
    "notes",
    "list",
    "and",
    "&",
    "other",
    "additional",
    "remaining",
    "none",
    "nitpicks",
    "nitpick",
    "nits",
    "suggestions",
    "improvements",
    "observations",
];

/// A title that names a kind of content, not a finding ("Tasks", "Issues").
fn generic_title(title: &str) -> bool {
    let lower = title.to_lowercase();
    let words: Vec<&str> = lower
        .split(|c: char| !c.is_alphanumeric() && c != '&')
        .filter(|w| !w.is_empty())
        .collect();
    !words.is_empty() && words.iter().all(|w| GENERIC.contains(w))
}

/// A line that opens a `**Title:**` finding: only bold text, then `- Key: value` bullets.
fn is_bold_title(vocab: &Lexicon, lines: &[Line], idx: usize) -> bool {
    let line = &lines[idx];
    if line.kind != Kind::Text || is_field(&line.text) {
        return false;
    }
    let Some(lead) = line.strong_lead() else {
        return false;
    };
    let lead_end = line.text.find(lead).unwrap_or(0) + lead.len();
    let rest = line.text[lead_end..].trim();
    // `**CWE-79** Stored XSS in reviews`: a bold id leads the title;
    // `**Private key logged** — `cmd/main.go:77``: its place follows it.
    let placed = || locations::trailing(&line.text).is_some_and(|(at, _)| at >= lead_end);
    if !(rest.is_empty() || rest == ":" || is_id(lead) || placed()) {
        return false;
    }
    // Its fields as bullets, or as plain lines (`Severity: Critical`).
    lines.get(idx + 1).is_some_and(|next| match next.kind {
        Kind::Item { .. } => is_key_value(vocab, &next.text),
        Kind::Text => is_field(&next.text),
        _ => false,
    })
}

struct Heading {
    idx: usize,
    level: u8,
    /// Index of the first line after this heading's extent.
    end: usize,
    has_child: bool,
}

fn headings(doc: &Doc) -> Vec<Heading> {
    // A heading has a child when a sub-heading holds something: an empty
    // one (`<details><summary>Fixed since last scan (0)</summary></details>`
    // after a finding) makes no group of its parent. A child that holds a
    // sub-heading holds something, so only a closed heading's parent is marked.
    fn close(out: &mut [Heading], open: &[usize], h: usize) {
        if out[h].end > out[h].idx + 1 {
            if let Some(&parent) = open.last() {
                out[parent].has_child = true;
            }
        }
    }
    let mut out: Vec<Heading> = Vec::new();
    let mut open: Vec<usize> = Vec::new();
    for (idx, line) in doc.lines.iter().enumerate() {
        let Some(level) = line.heading_level() else {
            continue;
        };
        while let Some(&top) = open.last() {
            if out[top].level < level {
                break;
            }
            out[top].end = idx;
            open.pop();
            close(&mut out, &open, top);
        }
        open.push(out.len());
        out.push(Heading {
            idx,
            level,
            end: doc.lines.len(),
            has_child: false,
        });
    }
    while let Some(top) = open.pop() {
        close(&mut out, &open, top);
    }
    out
}

/// The locations cut from a title, then those of its body not among them.
pub(super) fn locations_of(title: Vec<String>, body: Vec<String>) -> Arc<[String]> {
    let mut out = title;
    for l in body {
        if !out.contains(&l) {
            out.push(l);
        }
    }
    drop_bare_twins(&mut out);
    out.into()
}

/// Drops a path named without a line where the same path is named with
/// one (`` `billing/webhooks.py` (line 58) ``: the code span alone names
/// the file, the whole names the place).
fn drop_bare_twins(locs: &mut Vec<String>) {
    if locs.len() < 2 {
        return;
    }
    let lined: Vec<&str> = locs
        .iter()
        .map(|l| locations::path_of(l))
        .zip(locs.iter())
        .filter(|(p, l)| p.len() < l.len())
        .map(|(p, _)| p)
        .collect();
    if lined.is_empty() {
        return;
    }
    let bare: Vec<bool> = locs.iter().map(|l| lined.contains(&l.as_str())).collect();
    let mut i = 0;
    locs.retain(|_| {
        i += 1;
        !bare[i - 1]
    });
}

/// Locations named in `lines`: fields first, then code spans anywhere.
fn locations_in(lines: &[Line]) -> Vec<String> {
    let mut out = Vec::new();
    let mut in_loc_field = false;
    let mut line_fields = LineFields::default();
    for (i, l) in lines.iter().enumerate() {
        let (mut field, mut located) = (false, false);
        let row = matches!(l.kind, Kind::Row { .. });
        line_fields.each(lines, i, |k, a, b| {
            field = true;
            if k.is_any(LOCATION_FIELDS) {
                located = true;
                locations::find_placed(if row { &l.text[a..b] } else { &l.text }, &mut out);
            }
        });
        match (&l.kind, field) {
            _ if located => in_loc_field = true,
            (_, true) => in_loc_field = false,
            (Kind::Item { .. } | Kind::Cont { .. }, false) if in_loc_field => {
                locations::find_placed(&l.text, &mut out);
            }
            _ => in_loc_field = false,
        }
    }
    if out.is_empty() {
        for l in lines {
            for s in &l.spans {
                if s.flags & super::lines::CODE != 0 {
                    let code = &l.text[s.start..s.end];
                    locations::find(code, &mut out);
                    // `` Across `src/`. ``: a directory in code of its own.
                    if let Some(d) = locations::directory(code).filter(|d| d.len() == code.len()) {
                        if !out.iter().any(|o| o == d) {
                            out.push(d.to_string());
                        }
                    }
                }
            }
            if matches!(l.kind, Kind::Text | Kind::Item { .. } | Kind::Cont { .. })
                && l.text.contains('(')
            {
                locations::find(&l.text, &mut out);
            }
        }
    }
    out
}

fn body_of(lines: &[Line]) -> String {
    // The body is cut after the line that takes it past 4,000 bytes. Its
    // lines and length are counted first, so it is copied once into its size.
    let (mut taken, mut len) = (0, 0);
    for l in lines {
        if len > 4000 {
            break;
        }
        len += usize::from(len > 0) + l.text.len();
        taken += 1;
    }
    let mut body = String::with_capacity(len);
    for l in &lines[..taken] {
        if !body.is_empty() {
            body.push('\n');
        }
        body.push_str(&l.text);
    }
    body
}

/// How far into a finding's body its fields are looked for.
const FIELD_LINES: usize = 40;

/// Severity and status written in a finding's fields (`**Severity:** HIGH`,
/// `- Priority: Critical`, `**Risk Rating:** High`, `**CVSS:** 7.5`,
/// `**Status:** ✅ FIXED`, `**Remediation status:** Remediated`).
fn fields(vocab: &Lexicon, titles: &Titles, lines: &[Line]) -> Fields {
    // A severity field beats a risk rating (`**Risk:** Critical`, the
    // author's verdict), which beats a CVSS score (a base score), which
    // beats an impact (`**Impact:** High`), wherever each is written.
    const SEVERITY: u8 = 4;
    const RISK: u8 = 3;
    const CVSS: u8 = 2;
    const IMPACT: u8 = 1;
    let mut sev: Option<(u8, Severity)> = None;
    let mut status = None;
    let mut line_fields = LineFields::default();
    for (i, l) in lines.iter().enumerate().take(FIELD_LINES) {
        let row = matches!(l.kind, Kind::Row { .. });
        line_fields.each(lines, i, |key, colon, end| {
            let value = &l.text[colon..end];
            let name = key.lower.as_deref().unwrap_or(key.raw);
            let rank = sev.map_or(0, |(r, _)| r);
            let struck = |a: usize, b: usize| {
                let (s, all) = l.struck_alnum(colon + a, colon + b);
                s * 2 > all
            };
            match vocab.severity_field(name) {
                Some(true) if rank < SEVERITY => {
                    // A scanner's level (`Severity: ERROR`) as in a severity column.
                    if let Some(s) = vocab.stated_severity(value, struck) {
                        sev = Some((SEVERITY, s));
                        return;
                    }
                }
                Some(false) if key.is("risk") && rank < RISK => {
                    // `~~High~~ Medium`: re-rated in place, as a severity is.
                    // `Low likelihood but high impact` rates no finding.
                    let mut words = value
                        .split_whitespace()
                        .filter(|t| t.chars().any(char::is_alphanumeric));
                    let first = words
                        .next()
                        .and_then(|t| vocab.severity_word(t))
                        .is_some_and(|s| s.1 == Strength::Explicit);
                    let qualifies = words.next().is_some_and(|w| {
                        let w = w.trim_matches(|c: char| !c.is_alphanumeric());
                        [
                            "likelihood",
                            "probability",
                            "impact",
                            "exploitability",
                            "effort",
                        ]
                        .iter()
                        .any(|k| w.eq_ignore_ascii_case(k))
                    });
                    let first = first && !qualifies;
                    if let Some(s) = vocab.stated_severity(value, struck).filter(|_| first) {
                        sev = Some((RISK, s));
                        return;
                    }
                }
                Some(false) if rank < IMPACT => {
                    if let Some(s) = value
                        .split_whitespace()
                        .next()
                        .and_then(|t| vocab.severity_word(t))
                        .filter(|s| s.1 == Strength::Explicit)
                    {
                        sev = Some((IMPACT, s.0));
                        return;
                    }
                }
                _ => {}
            }
            // A tracker's labels: `**Labels:** security, severity: critical`.
            if rank < SEVERITY && key.is_any(&["labels", "label", "tags"]) {
                if let Some(s) = label_severity(vocab, value) {
                    sev = Some((SEVERITY, s));
                    return;
                }
            }
            // `**CVSS:** 7.5`, `CVSS v3.1 score: 9.1`, `Vector: CVSS:3.1/… (9.8)`,
            // `Score: 8.1`: told by the short key, not a search of every line.
            let scored = || {
                let k = name.as_bytes();
                let has = |w: &[u8]| k.windows(w.len()).any(|x| x.eq_ignore_ascii_case(w));
                has(b"cvss") || has(b"score") || has(b"vector")
            };
            if rank < CVSS && scored() {
                // `~~7.1~~ 5.4`: a struck score is no longer the score.
                let text = unstruck(l);
                let (text, value) = (&*text, text.get(colon..end).unwrap_or(value));
                if let Some(s) = cvss_severity(if row { value } else { text }) {
                    sev = Some((CVSS, s));
                    return;
                }
            }
            // "Status", and "Remediation status", "Fix status" …; OpenZeppelin
            // writes the fix under the finding as "**Update:** *Resolved in …*".
            // A retest's or a triage's verdict is the finding's status.
            let is_status = key.is_any(&["status", "state", "update", "resolution"])
                || key.is_any(STATUS_KEYS_ELSEWHERE)
                || key.is_any(&["retest", "triage", "disposition", "fix review"])
                || name
                    .len()
                    .checked_sub(7)
                    .and_then(|at| name.get(at..))
                    .is_some_and(|end| end.eq_ignore_ascii_case(" status"));
            // `**Resolved:** moved to the vault`, `**Fixed:** in a4b2d19`,
            // `**Mitigated:** Yes`: the key says it, unless the value
            // denies it (`**Fixed:** No`, `**Resolved:** ❌ still reproducible`).
            if status.is_none()
                && key.is_any(&["resolved", "fixed", "mitigated", "remediated", "addressed"])
            {
                status = Some(if denies(value) {
                    Status::Open
                } else {
                    Status::Resolved
                });
                return;
            }
            if is_status && status.is_none() {
                // A tracker's reason for closing: `closed (not planned)`,
                // `closed as duplicate`.
                let v = value.trim().to_lowercase();
                let reason = v.strip_prefix("closed").map(|r| {
                    let r = r.trim_start_matches(|c: char| c == '(' || c.is_whitespace());
                    r.strip_prefix("as ").unwrap_or(r)
                });
                if reason.is_some_and(|r| vocab.dismisses_as_status(r)) {
                    status = Some(Status::Dismissed);
                    return;
                }
                // `~~Open~~ Fixed in #4410`, `Open → Fixed`: a status moved on
                // is the one it moved to.
                let from = moved_on(l, colon, end);
                let end = before_was(&l.text, from, end);
                let v = if from > colon || end < l.text.len() {
                    l.text[from..end].trim().to_lowercase()
                } else {
                    v
                };
                // A value that is only a status word: `Fixed`, `confirmed fixed`,
                // after a mark or a colour (`🟢 Fixed`, `✓ Done`).
                let word_status = |v: &str| {
                    let v = v.trim_start_matches(|c: char| !c.is_alphanumeric());
                    let confirmed = v.strip_prefix("confirmed ");
                    if vocab.dismisses_as_status(v) {
                        return Some(Status::Dismissed);
                    }
                    vocab
                        .vocab()
                        .resolved
                        .iter()
                        .any(|w| {
                            v.starts_with(w.as_str())
                                || confirmed.is_some_and(|c| c.starts_with(w.as_str()))
                        })
                        .then_some(Status::Resolved)
                };
                let read = |from: usize, end: usize| {
                    let v = l.text[from..end].trim().to_lowercase();
                    titles
                        .analyse(l, from, end)
                        .status
                        .or_else(|| word_status(&v))
                };
                // `Corregido / Fixed`: a bilingual value, read in a language
                // we know.
                let halves = || {
                    let at = l.text[from..end].find(" / ")? + from;
                    read(from, at).or_else(|| read(at + 3, end))
                };
                status = titles
                    .analyse(l, from, end)
                    .status
                    .or_else(|| word_status(&v))
                    .or_else(halves);
            }
        });
    }
    // `- ✅ Fixed in a4b2d19` under the finding, with no field's key: a
    // check mark and a closing word say it as a status field would.
    if status.is_none() {
        status = lines
            .iter()
            .take(FIELD_LINES)
            .filter(|l| !l.is_heading() && !matches!(l.kind, Kind::Row { .. }))
            .find_map(|l| checked_note(vocab, &l.text));
    }
    // A weak field's word (`**Impact:** High`) is the impact, not the
    // rating: a contest id's letter (`[M-01]`) rates the finding over it.
    let strength = |rank: u8| {
        if rank > IMPACT {
            Strength::Explicit
        } else {
            Strength::Weak
        }
    };
    (sev.map(|(r, s)| (s, strength(r))), status)
}

/// A yes-or-no field's value that says no: `No`, `Not yet`, `Pending`,
/// `❌ still reproducible`.
fn denies(value: &str) -> bool {
    let v = value.trim_start_matches(|c: char| c.is_whitespace() || c == '*' || c == '_');
    if v.starts_with(['❌', '✗', '✘', '✖', '🔴', '⏳']) {
        return true;
    }
    let first = v
        .split(|c: char| !c.is_alphanumeric() && c != '\'')
        .next()
        .unwrap_or("");
    [
        "no",
        "not",
        "false",
        "nope",
        "never",
        "pending",
        "tbd",
        "todo",
        "partially",
        "partial",
        "open",
        "unresolved",
        "unfixed",
    ]
    .iter()
    .any(|w| first.eq_ignore_ascii_case(w))
}

/// A line that is a check mark and a closing word (`✅ Fixed in
/// a4b2d19`, `✔️ Resolved: token moved to the vault`): resolved.
fn checked_note(vocab: &Lexicon, text: &str) -> Option<Status> {
    let t = text.trim_start();
    super::title::status_emoji(t.split_whitespace().next()?)?;
    let rest = t
        .trim_start_matches(|c: char| !c.is_alphanumeric())
        .to_lowercase();
    let word = rest.split(|c: char| !c.is_alphanumeric()).next()?;
    vocab
        .vocab()
        .resolved
        .iter()
        .any(|w| w == word)
        .then_some(Status::Resolved)
}

/// The severity a label names (`severity: critical`, `sev/high`,
/// `priority: P0`) among a tracker's labels.
fn label_severity(vocab: &Lexicon, labels: &str) -> Option<Severity> {
    let words: Vec<&str> = labels
        .split(|c: char| c.is_whitespace() || matches!(c, ',' | ':' | '/' | '=' | '`'))
        .filter(|w| !w.is_empty())
        .collect();
    let keyed = words.windows(2).find_map(|w| {
        ["severity", "sev", "priority", "prio"]
            .iter()
            .any(|k| w[0].eq_ignore_ascii_case(k))
            .then(|| vocab.severity_word(w[1]))
            .flatten()
            .filter(|s| s.1 == Strength::Explicit)
            .map(|s| s.0)
    });
    // A priority's code is a label of its own (`security, P1`, `sev2`);
    // a rating's word alone may name anything (`critical-path`).
    keyed.or_else(|| {
        words.iter().find_map(|w| {
            let code = w.len() == 2 && w.starts_with(['P', 'p'])
                || w.len() == 4 && w.get(..3).is_some_and(|k| k.eq_ignore_ascii_case("sev"));
            code.then(|| vocab.severity_word(w))
                .flatten()
                .filter(|s| s.1 == Strength::Explicit)
                .map(|s| s.0)
        })
    })
}

/// Whether most of a line's words are a link to a place in the document.
fn anchored(line: &Line) -> bool {
    if !line.spans.iter().any(|s| s.flags & ANCHOR != 0) {
        return false;
    }
    let (mut linked, mut all) = (0, 0);
    for (i, _) in line
        .text
        .char_indices()
        .filter(|(_, c)| c.is_alphanumeric())
    {
        all += 1;
        linked += usize::from(
            line.spans
                .iter()
                .any(|s| s.flags & ANCHOR != 0 && s.start <= i && i < s.end),
        );
    }
    linked * 2 > all
}

/// What a review comment's label rates (`Blocking`: high; `nit`,
/// `Suggestion`: low), when the text is such a label and nothing else;
/// `Some(None)` for a label that rates nothing (`Question`).
fn review_label(text: &str) -> Option<Option<Severity>> {
    let t = text
        .trim_matches(|c: char| !c.is_alphanumeric())
        .to_ascii_lowercase();
    Some(match t.as_str() {
        "blocking" | "blocker" | "must fix" | "issue (blocking)" => Some(Severity::High),
        "non-blocking" | "nit" | "nitpick" | "suggestion" | "minor" | "issue (non-blocking)" => {
            Some(Severity::Low)
        }
        "question" | "note" | "thought" | "issue" => None,
        _ => return None,
    })
}

/// Where the text starts after an ISO date and a dash or colon that open
/// the line (`2025-11-20 — `, `2025-11-20: `).
fn after_date(text: &str) -> Option<usize> {
    let b = text.as_bytes();
    let date = b.len() > 10
        && b[..10].iter().enumerate().all(|(i, c)| {
            if i == 4 || i == 7 {
                *c == b'-'
            } else {
                c.is_ascii_digit()
            }
        });
    if !date {
        return None;
    }
    let rest = text[10..].trim_start_matches(':').trim_start();
    let rest = rest
        .strip_prefix(['—', '–', '-'])
        .map_or(rest, str::trim_start);
    (rest.len() < text.len() - 10).then(|| text.len() - rest.len())
}

/// Whether what is under `ctx` is a chapter of findings: a category of
/// them, a rating, or a heading that names them.
fn among_findings(ctx: &Context) -> bool {
    ctx.role == Some(Role::Findings)
        || ctx.severity.is_some_and(|(_, st)| st == Strength::Explicit)
        || ctx.section.as_deref().is_some_and(|s| {
            let s = s.to_lowercase();
            ["finding", "issue", "vulnerabilit", "concern", "bug"]
                .iter()
                .any(|w| s.contains(w))
        })
}

/// Whether `line` opens with struck-through text.
fn struck_lead(line: &Line) -> bool {
    line.spans.first().is_some_and(|s| {
        s.flags & STRIKE != 0 && line.text[..s.start].chars().all(|c| !c.is_alphanumeric())
    })
}

/// A rating stated by its label anywhere on a line, in bold or not:
/// `**Severity: High**`, `**Severity:** High` or `Severity: high.` in the
/// middle of a bullet's sentence (`… bundled in the build. **Severity:
/// High** — legal must approve`, `… shipped on. Severity: high. Owner: …`).
fn inline_rating(vocab: &Lexicon, line: &Line) -> Option<(Severity, Strength)> {
    let text: &str = &line.text;
    text.match_indices(':').find_map(|(at, _)| {
        let key = text[..at].trim_end_matches('*');
        let word_start = key
            .char_indices()
            .rev()
            .find(|(_, c)| !c.is_ascii_alphabetic())
            .map_or(0, |(i, c)| i + c.len_utf8());
        if !super::words::is_rating_label(&key[word_start..]) {
            return None;
        }
        let word = text[at + 1..]
            .trim_start_matches(['*', ' '])
            .split_whitespace()
            .next()?;
        let (sev, _) = vocab.severity_word(word.trim_end_matches([',', '.', ';', '*']))?;
        Some((sev, Strength::Explicit))
    })
}

/// A review comment's paragraph opened by a label and a colon
/// (`Nit: the test name …`, `⚠️ Security: The query …`): where the text
/// after it starts, and the rating a review label gives (see
/// `review_label`). `(0, None)` without such a label.
fn paragraph_label(text: &str) -> (usize, Option<Severity>) {
    let Some((head, _)) = text.split_once(": ") else {
        return (0, None);
    };
    let label = head.trim_start_matches(|c: char| !c.is_alphanumeric());
    if label.is_empty() || label.len() > 24 || label.split_whitespace().nth(2).is_some() {
        return (0, None);
    }
    (head.len() + 2, review_label(label).flatten())
}

/// The first sentence of a paragraph, as a title: up to its first stop,
/// and no longer than a title is.
fn first_sentence(text: &str) -> String {
    let end = text
        .char_indices()
        .find(|&(i, c)| {
            matches!(c, '.' | '!' | '?' | ';')
                && text[i + c.len_utf8()..].starts_with(char::is_whitespace)
        })
        .map_or(text.len(), |(i, _)| i);
    let s = &text[..end];
    let s = match s.char_indices().nth(120) {
        Some((cut, _)) => s[..cut].rsplit_once(' ').map_or(&s[..cut], |(a, _)| a),
        None => s,
    };
    clean_title(s.trim_end_matches(['.', '!', '?', ';']))
}

/// A finding's own status: its title's, or its status field's (`**Status:**
/// Won't fix` under a struck title says how it closed).
fn own_status(a: &Analysis, field: Option<Status>) -> Option<Status> {
    if a.struck_only {
        field.or(a.status)
    } else {
        a.status.or(field)
    }
}

/// A finding's status under a section that states one: its own, but a
/// strike alone closes as the section does (`## Won't do` over `~~Drop
/// IE11~~`: dismissed, not fixed).
fn in_section(own: Option<Status>, struck_only: bool, section: Option<Status>) -> Option<Status> {
    match (own, section) {
        (Some(Status::Resolved), Some(Status::Dismissed)) if struck_only => section,
        _ => own.or(section),
    }
}

/// Where the last state of a field's value in `l.text[start..end]` starts:
/// after its last struck run or arrow (`~~Open~~ Fixed`, `Open → Fixed`),
/// `start` when it has neither.
fn moved_on(l: &Line, start: usize, end: usize) -> usize {
    let struck = l
        .spans
        .iter()
        .filter(|s| s.flags & STRIKE != 0 && s.start >= start && s.end <= end)
        .map(|s| s.end)
        .max();
    let value = &l.text[start..end];
    let arrow = ["→", "->", "=>"]
        .iter()
        .filter_map(|a| value.rfind(a).map(|i| start + i + a.len()))
        .max();
    // Only when something is left to read after it.
    struck
        .max(arrow)
        .filter(|&at| l.text[at..end].chars().any(char::is_alphanumeric))
        .unwrap_or(start)
}

/// Where a value's note of what it was starts (`Open (was Fixed)`,
/// `Open (previously resolved)`): the value ends there. `end` when it has none.
fn before_was(text: &str, start: usize, end: usize) -> usize {
    let value = &text[start..end];
    let Some(open) = value.rfind('(') else {
        return end;
    };
    let note = value[open + 1..].trim_start().to_ascii_lowercase();
    let was = ["was ", "previously ", "formerly ", "originally "]
        .iter()
        .any(|w| note.starts_with(w));
    if was && value[..open].chars().any(char::is_alphanumeric) {
        start + open
    } else {
        end
    }
}

/// A line's text with its struck runs blanked (byte for byte, so offsets
/// hold); borrowed when nothing is struck.
fn unstruck(l: &Line) -> std::borrow::Cow<'_, str> {
    if !l.spans.iter().any(|s| s.flags & STRIKE != 0) {
        return std::borrow::Cow::Borrowed(&l.text);
    }
    let mut t = l.text.to_string().into_bytes();
    for s in l.spans.iter().filter(|s| s.flags & STRIKE != 0) {
        for b in t.get_mut(s.start..s.end).into_iter().flatten() {
            // Blank whole chars: continuation bytes of a struck char too.
            *b = b' ';
        }
    }
    // Spans start and end on char boundaries, so what is left is UTF-8.
    std::borrow::Cow::Owned(String::from_utf8(t).unwrap_or_else(|_| l.text.to_string()))
}

/// Severity and status read from a finding's fields (see `fields`).
type Fields = (Option<(Severity, Strength)>, Option<Status>);

/// What extraction remembers from one pass to the next (see `memo`): the
/// reading of a title line, of a heading, of a finding's body, and of a
/// table row's title and location cells.
pub struct Memos {
    titles: RefCell<Memo<Analysis>>,
    contexts: RefCell<Memo<Context>>,
    fields: RefCell<Memo<Fields>>,
    locations: RefCell<Memo<Vec<String>>>,
    rows: RefCell<Memo<(String, Vec<String>)>>,
    headings: RefCell<Memo<HeadingVerdict>>,
    items: RefCell<Memo<Option<Candidate>>>,
    /// The id the next remembered candidate is given (see `Candidate::id`):
    /// never one given before in the reader's life, whatever the memos forget.
    next_id: Cell<u64>,
}

impl Memos {
    /// Memos that keep their answers when `on` (see `Memo::keeping`).
    pub fn new(on: bool) -> Memos {
        Memos {
            titles: RefCell::new(Memo::keeping(on)),
            contexts: RefCell::new(Memo::keeping(on)),
            fields: RefCell::new(Memo::keeping(on)),
            locations: RefCell::new(Memo::keeping(on)),
            rows: RefCell::new(Memo::keeping(on)),
            headings: RefCell::new(Memo::keeping(on)),
            items: RefCell::new(Memo::keeping(on)),
            next_id: Cell::new(1),
        }
    }

    /// An id for a candidate just remembered (see `Candidate::id`).
    fn new_id(&self) -> u64 {
        let id = self.next_id.get();
        self.next_id.set(id + 1);
        id
    }
}

/// Writes all that reading `lines` may look at (kind, spans, text), into a
/// memo key; not their line numbers, which move whenever a line above does.
/// Lines whose content has an id (see `Line::id`) are written by it: a
/// body of many lines is a short key.
fn write_lines(k: &mut Vec<u8>, lines: &[Line]) {
    if lines.iter().all(|l| l.id != 0) {
        k.push(1);
        for l in lines {
            let table = match l.kind {
                Kind::Row { table, .. } => u64::from(table) + 1,
                _ => 0,
            };
            k.extend_from_slice(&l.id.to_le_bytes());
            k.extend_from_slice(&table.to_le_bytes());
        }
        return;
    }
    k.push(0);
    for l in lines {
        let kind = match l.kind {
            Kind::Heading(level) => [0, usize::from(level), 0],
            Kind::Item { depth, checked } => {
                [1, usize::from(depth), checked.map_or(2, usize::from)]
            }
            Kind::Cont { depth } => [2, usize::from(depth), 0],
            Kind::Text => [3, 0, 0],
            Kind::Row { table, header } => [4, table as usize, usize::from(header)],
        };
        let spans = l
            .spans
            .iter()
            .flat_map(|s| [s.start, s.end, usize::from(s.flags)]);
        write_numbers(
            k,
            kind.into_iter()
                .chain([l.spans.len(), l.text.len()])
                .chain(spans),
        );
        k.extend_from_slice(l.text.as_bytes());
    }
}

/// Writes the lines a remembered candidate is read from into a memo key:
/// their number, their contents (see `write_lines`) and their line numbers
/// as offsets from the first's, so that a finding that moves down the page
/// is still known.
fn write_extent(k: &mut Vec<u8>, lines: &[Line]) {
    let first = lines.first().map_or(0, |l| l.no);
    write_numbers(k, [lines.len()]);
    write_lines(k, lines);
    write_numbers(k, lines.iter().map(|l| l.no - first));
}

/// Writes what `heading_finding` reads of the headings above into a memo
/// key (not the parent severity heading's line number, see `heading_verdict`).
fn write_context(k: &mut Vec<u8>, ctx: &Context) {
    let severity = ctx
        .severity
        .map_or(0, |(s, st)| 1 + s as usize * 8 + st as usize);
    let status = ctx.status.map_or(0, |s| 1 + s as usize);
    let role = ctx.role.map_or(0, |r| 1 + r as usize);
    let parent = usize::from(ctx.parent_severity_heading.is_some());
    write_numbers(k, [severity, status, role, parent]);
    let section = ctx.section.as_deref().map(str::as_bytes);
    write_parts(
        k,
        [
            if section.is_some() { b"s" } else { b"-" },
            section.unwrap_or_default(),
        ],
    );
}

/// Reads title lines (`title::analyse`), each distinct one once.
struct Titles<'a> {
    vocab: &'a Lexicon<'a>,
    memo: &'a RefCell<Memo<Analysis>>,
}

impl Titles<'_> {
    /// `analyse` of `line.text[start..end]`. The key holds the whole line
    /// and its spans: reading a title also looks at the text around it (a
    /// strike just before it, a bracket it closes).
    fn analyse(&self, line: &Line, start: usize, end: usize) -> Analysis {
        let key = |k: &mut Vec<u8>| {
            write_numbers(k, [start, end]);
            write_lines(k, std::slice::from_ref(line));
        };
        self.memo
            .borrow_mut()
            .get(key, || analyse(self.vocab, line, start, end))
    }
}

struct Extractor<'a> {
    vocab: &'a Lexicon<'a>,
    titles: Titles<'a>,
    memos: &'a Memos,
    doc: &'a Doc,
    out: Vec<Candidate>,
    /// For each list item, the index of the first line after its subtree.
    item_ends: Vec<usize>,
    /// For each table, `title_column` of its header (read once, not once a row).
    columns: Vec<Option<Columns>>,
    /// The rows read, by table and cells but the ref's (see `row`).
    rows_seen: HashSet<(usize, Vec<&'a str>), FastHash>,
    /// The end of the last category label's subtree (see
    /// `labels_rated_items`) and the depth of its items.
    category: Option<(usize, u16)>,
    /// For each table, whether it is a checklist of findings (see `checklists`).
    checklists: Vec<bool>,
    /// The symbols the document's own legend explains (see `symbol_legend`).
    legend: Vec<(String, String)>,
}

/// Where every list item's subtree ends: the first later line that is an
/// item at the same or a shallower depth, continuation text of a shallower
/// item, or anything outside lists. One pass from the end with a monotonic
/// stack, so 10,000 nested items cost 10,000 steps, not 50 million.
fn item_ends(lines: &[crate::parse::lines::Line]) -> Vec<usize> {
    // The shallowest item depth a line ends: items deeper than or as deep as it.
    let blocks = |k: &Kind| match *k {
        Kind::Item { depth, .. } => u32::from(depth),
        Kind::Cont { depth } => u32::from(depth) + 1,
        _ => 0,
    };
    let mut ends = vec![lines.len(); lines.len()];
    let mut stack: Vec<(u32, usize)> = Vec::new();
    for (i, l) in lines.iter().enumerate().rev() {
        if let Kind::Item { depth, .. } = l.kind {
            let d = u32::from(depth);
            while stack.last().is_some_and(|&(b, _)| b > d) {
                stack.pop();
            }
            ends[i] = stack.last().map_or(lines.len(), |&(_, j)| j);
        }
        let b = blocks(&l.kind);
        while stack.last().is_some_and(|&(top, _)| top >= b) {
            stack.pop();
        }
        stack.push((b, i));
    }
    ends
}

impl Extractor<'_> {
    fn heading_context(&self, line: &Line) -> Context {
        // A line's id stands for its text (and more: see `Line::id`).
        self.memos.contexts.borrow_mut().get_id(
            line.id,
            |k| k.extend_from_slice(line.text.as_bytes()),
            || heading_context(self.vocab, line),
        )
    }

    /// `fields` of a finding's body, which reads at most its first lines.
    fn fields(&self, body: &[Line]) -> Fields {
        self.memos.fields.borrow_mut().get(
            |k| write_lines(k, &body[..body.len().min(FIELD_LINES)]),
            || fields(self.vocab, &self.titles, body),
        )
    }

    /// `locations_in` a finding's body.
    fn locations_in(&self, body: &[Line]) -> Vec<String> {
        self.memos
            .locations
            .borrow_mut()
            .get(|k| write_lines(k, body), || locations_in(body))
    }

    fn context_at(&self, stack: &[(usize, Context)]) -> Context {
        let mut ctx = Context {
            parent_severity_heading: stack.last().and_then(|(_, c)| c.severity_heading),
            ..Context::default()
        };
        for (_, c) in stack.iter().rev() {
            if ctx.severity.is_none() {
                ctx.severity = c.severity;
            }
            if ctx.status.is_none() {
                ctx.status = c.status;
            }
            // A plan or summary reaches down through any sub-heading.
            ctx.role = match (ctx.role, c.role) {
                (Some(Role::Plan), _) | (_, Some(Role::Plan)) => Some(Role::Plan),
                (Some(Role::Summary), _) | (_, Some(Role::Summary)) => Some(Role::Summary),
                (r, None) => r,
                (None, r) => r,
                (r, _) => r,
            };
            if ctx.section.is_none() {
                ctx.section = c.section.clone();
            }
        }
        ctx
    }

    fn run(&mut self) {
        let hs = headings(self.doc);
        let lines = &self.doc.lines;
        // Lines already claimed as the body of a finding.
        let mut claimed_until = 0usize;
        let mut stack: Vec<(usize, Context)> = Vec::new();
        let mut heading_at = vec![usize::MAX; lines.len()];
        for (i, h) in hs.iter().enumerate() {
            heading_at[h.idx] = i;
        }
        // Range headings (`MEDIUM-7-12`) hand out refs to their bullets.
        let mut range: Option<(usize, String, u32, u32)> = None;
        // What the headings above say changes only at a heading: read once
        // for all the lines up to the next one.
        let mut line_ctx: Option<Context> = None;
        let mut idx = 0;
        while idx < lines.len() {
            let line = &lines[idx];
            // The sub-headings of a finding (`#### Impact`) are its body.
            if line.is_heading() && idx < claimed_until {
                idx += 1;
                continue;
            }
            if let Some(level) = line.heading_level() {
                line_ctx = None;
                stack.retain(|(l, _)| *l < level as usize);
                let h = &hs[heading_at[idx]];
                let ctx = self.context_at(&stack);
                // The document title says what the whole file is, not what a
                // section is. Only the first heading can be it: a later
                // `# High Risk Findings` heads a section like any `##`.
                let title = level == 1 && heading_at[idx] == 0;
                let own = if title {
                    Context {
                        section: Some(clean_title(&line.text).into()),
                        ..Context::default()
                    }
                } else {
                    let mut own = self.heading_context(line);
                    if own.severity.is_some_and(|(_, st)| st == Strength::Explicit) {
                        own.severity_heading = Some(idx);
                    }
                    // A first heading that holds the whole document
                    // (`## Pull request overview` over all of a review)
                    // summarises nothing else: what it holds is no repeat.
                    if heading_at[idx] == 0
                        && h.end >= lines.len()
                        && own.role == Some(Role::Summary)
                    {
                        own.role = None;
                    }
                    own
                };
                range = None;
                if (!h.has_child || self.parts_only(h) || self.rated_over_parts(h))
                    && ctx.role != Some(Role::Plan)
                    && !self.holds_records(h)
                {
                    match self.heading_verdict(h, &ctx, (!title).then_some(&own)) {
                        HeadingVerdict::Finding(c) => {
                            claimed_until = h.end;
                            self.out.push(c);
                        }
                        HeadingVerdict::Range(prefix, a, b, template) => {
                            let listed = lines[h.idx + 1..h.end]
                                .iter()
                                .any(|l| matches!(l.kind, Kind::Item { depth: 0, .. }));
                            if listed {
                                range = Some((h.end, prefix, a, b));
                            } else {
                                // "73.8-73.27: Various Logging Issues (20 issues)" with no
                                // list: the document counts twenty findings, so do we.
                                for k in a..=b {
                                    let mut c = template.clone();
                                    c.reference = Some(format!("{prefix}{k}").into());
                                    self.out.push(c);
                                }
                                claimed_until = h.end;
                            }
                        }
                        HeadingVerdict::Section => {}
                    }
                }
                stack.push((level as usize, own));
                idx += 1;
                continue;
            }
            if idx < claimed_until {
                idx += 1;
                continue;
            }
            let ctx = &*line_ctx.get_or_insert_with(|| self.context_at(&stack));
            match line.kind {
                Kind::Text => {
                    if let Some(end) = self
                        .bold_title(idx, ctx)
                        .or_else(|| self.tag_lead(idx, ctx))
                        .or_else(|| self.place_lead(idx, ctx))
                        .or_else(|| self.bold_lead(idx, ctx))
                        .or_else(|| self.rated_bold(idx, ctx))
                        .or_else(|| self.outline_line(idx, ctx))
                        .or_else(|| self.field_record(idx, ctx))
                    {
                        claimed_until = end;
                    }
                }
                // `1. Security` over `1.1. Session IDs … (High)`: not a list
                // item in markdown (`1.1.` is no marker), but the item's text.
                Kind::Cont { .. } => {
                    if let Some(end) = self.outline_line(idx, ctx) {
                        claimed_until = end;
                    }
                }
                Kind::Item { .. } => {
                    if let Some((end, used_range)) = self.item(idx, ctx, range.as_mut()) {
                        claimed_until = end;
                        if used_range {
                            if let Some(r) = range.as_mut() {
                                r.2 += 1;
                            }
                        }
                    }
                }
                Kind::Row {
                    table,
                    header: false,
                } => self.row(idx, table as usize, ctx),
                _ => {}
            }
            idx += 1;
        }
    }

    /// `1) Unbounded retry loop` over `Severity: High` / `File: …` lines of
    /// its own: a list item that carries its own severity field.
    fn item_rates_itself(&self, idx: usize) -> bool {
        let lines = &self.doc.lines;
        let Kind::Item { depth, .. } = lines[idx].kind else {
            return false;
        };
        // Most items have no field on their next line: settled without reading fields.
        // Its fields may be continuation lines or sub-items (`- XSS in
        // comments` over `  - Severity: High`).
        lines.get(idx + 1).is_some_and(|n| {
            (n.kind == Kind::Cont { depth }
                || n.kind
                    == Kind::Item {
                        depth: depth + 1,
                        checked: None,
                    })
                && is_field(&n.text)
        }) && self
            .fields(&lines[idx + 1..self.item_ends[idx]])
            .0
            .is_some()
    }

    /// True when `h` is numbered as a finding and states its own severity
    /// in fields right under it, before its first sub-heading (`### 4.1
    /// Signature replay` / `Severity: High` / `#### Team response`): its
    /// sub-headings are then its parts, whatever they are named. A chapter
    /// has no number of a finding, though a legend line under it may look
    /// like a field (`# Known Issues` / `Priority: **P0** = ship blocker`).
    fn rated_over_parts(&self, h: &Heading) -> bool {
        let lines = &self.doc.lines;
        let own = lines[h.idx + 1..h.end]
            .iter()
            .position(Line::is_heading)
            .map_or(h.end, |p| h.idx + 1 + p);
        let line = &lines[h.idx];
        own > h.idx + 1
            && self.fields(&lines[h.idx + 1..own]).0.is_some()
            && self
                .titles
                .analyse(line, 0, line.text.len())
                .reference
                .is_some()
    }

    /// True when every heading under `h` names a part of one finding
    /// (`#### Description`, `#### Impact`, `#### Recommendation`): `h` is
    /// then that finding, however deep its parts go.
    fn parts_only(&self, h: &Heading) -> bool {
        let mut parts = self.doc.lines[h.idx + 1..h.end]
            .iter()
            .filter(|l| l.is_heading())
            .peekable();
        parts.peek().is_some() && parts.all(|l| is_field_heading(&l.text))
    }

    /// True when the lines under a heading are themselves findings: bold
    /// titles, tasks, bold-led bullets, items with their own severity
    /// field, or a table of findings.
    fn groups_findings(&self, h: &Heading) -> bool {
        let lines = &self.doc.lines;
        let mut tasks = 0;
        for (i, l) in lines.iter().enumerate().take(h.end).skip(h.idx + 1) {
            match l.kind {
                Kind::Text if self.opens_title(i) => return true,
                Kind::Item { depth: 0, checked } => {
                    if checked.is_some() {
                        tasks += 1;
                    } else if l.strong_lead().is_some() && !is_field(&l.text) && !is_metadata(l)
                        || self.item_rates_itself(i)
                        || self.item_ends_rated(i)
                    {
                        return true;
                    }
                }
                Kind::Row {
                    table,
                    header: true,
                } if self
                    .columns
                    .get(table as usize)
                    .is_some_and(Option::is_some) =>
                {
                    return true
                }
                _ => {}
            }
        }
        tasks >= 1
    }

    /// `heading_finding`, each distinct heading once. It reads only the
    /// heading's extent (the line after it is a heading or the end, see
    /// `headings`), what the headings above say and the text of the nearest
    /// severity heading.
    fn heading_verdict(&self, h: &Heading, ctx: &Context, own: Option<&Context>) -> HeadingVerdict {
        let lines = &self.doc.lines;
        let extent = &lines[h.idx..h.end];
        let first = lines[h.idx].no;
        let key = |k: &mut Vec<u8>| {
            write_extent(k, extent);
            write_context(k, ctx);
            if let Some(p) = ctx.parent_severity_heading {
                write_lines(k, &lines[p..=p]);
            }
        };
        let compute = || {
            let mut v = self.heading_finding(h, ctx, own).moved(-(first as isize));
            if let HeadingVerdict::Finding(c) = &mut v {
                c.id = self.memos.new_id();
            }
            v
        };
        let v = self.memos.headings.borrow_mut().get(key, compute);
        v.moved(first as isize)
    }

    /// `own` is what the heading itself says, when the caller has read it already.
    fn heading_finding(&self, h: &Heading, ctx: &Context, own: Option<&Context>) -> HeadingVerdict {
        let lines = &self.doc.lines;
        let line = &lines[h.idx];
        let a = self.titles.analyse(line, 0, line.text.len());
        let body = &lines[h.idx + 1..h.end];
        if let Some((prefix, from, to)) = a.range.clone() {
            let (fsev, fstatus) = self.fields(body);
            let template = Candidate {
                shape: Shape::Heading,
                primary: true,
                keep_alone: true,
                line: line.no,
                end_line: body.last().map_or(line.no, |l| l.no),
                reference: None,
                title: strip_count(&a.title).into(),
                severity: best(best(a.severity, fsev), ctx.severity),
                status: in_section(
                    own_status(&a, fstatus),
                    a.struck_only && fstatus.is_none(),
                    ctx.status,
                ),
                locations: locations_of(a.locations.clone(), self.locations_in(body)),
                section: ctx.section.clone(),
                body: body_of(body).into(),
                closed_elsewhere: false,
                rated_elsewhere: None,
                own_status: false,
                own_severity: false,
                id: 0,
            };
            return HeadingVerdict::Range(prefix, from, to, template);
        }
        // `### 2.2 Low` over `_None._`, `## Won't do` over struck items:
        // a heading that is a rating or a status and nothing else names
        // what it holds.
        if a.title.is_empty()
            || count_group(&line.text)
            || states_only_severity(self.vocab, &line.text)
            || status_heading(self.vocab, &line.text).is_some()
        {
            return HeadingVerdict::Section;
        }
        // A heading over a list of findings or a findings table is a group, not a finding.
        let parts = h.has_child && self.parts_only(h);
        // `Description` and `Recommendations` also head the parts of a
        // chapter (`## Scope`); `Impact` or `Proof of Concept` only a finding's.
        let finding_parts = parts
            && lines[h.idx + 1..h.end]
                .iter()
                .any(|l| l.is_heading() && is_finding_part(self.vocab, &l.text));
        // Under `## Findings`, `## Vulnerabilities` or `## High`, any parts will do.
        let among_findings = || among_findings(ctx);
        let has_fields = finding_parts
            || parts && among_findings()
            || leading_fields(lines, h.idx + 1, h.end, |i| self.opens_title(i));
        if !has_fields && self.groups_findings(h) {
            return HeadingVerdict::Section;
        }
        if generic_title(&a.title) {
            return HeadingVerdict::Section;
        }
        let read;
        let own = match own {
            Some(own) => own,
            None => {
                read = self.heading_context(line);
                &read
            }
        };
        // A plan or a summary by its own words ("### 1.1 Key
        // Recommendations") is a chapter, numbered or not, unless it rates
        // itself, states its status ("### 26.6 FALSE POSITIVE: …") or holds
        // a finding's fields.
        if matches!(own.role, Some(Role::Summary | Role::Plan))
            && (a.reference.is_none() || !has_fields && a.status.is_none())
            && a.severity.is_none()
        {
            return HeadingVerdict::Section;
        }
        let (mut fsev, mut fstatus) = self.fields(body);
        let mut part_locations = Vec::new();
        if parts {
            let (psev, pstatus, plocs) = heading_fields(self.vocab, &self.titles, body);
            fsev = fsev.or(psev);
            fstatus = fstatus.or(pstatus);
            part_locations = plocs;
        }
        // Under a CONCERNS-style category ("## Tech Debt"), a sub-heading is a
        // finding; so it is under a heading that states only a severity
        // (`## High`), unless a list opens its body: bullets under a severity
        // are findings of their own, and the heading groups them.
        let category = h.level >= 3
            && ctx.severity.is_some_and(|(_, st)| st == Strength::Implied)
            && ctx.role == Some(Role::Findings);
        // Only asked where nothing else settles it.
        let decided =
            a.severity.is_some() || fsev.is_some() || has_fields || a.status.is_some() || category;
        // Under `## High`, or under `## Findings` a sub-heading of two words
        // or more (`### Weak password policy`), prose is a finding's.
        let under_findings = || {
            ctx.parent_severity_heading
                .is_some_and(|p| states_only_severity(self.vocab, &lines[p].text))
                || h.level >= 3 && among_findings() && a.title.split_whitespace().nth(1).is_some()
        };
        let category = category
            || !decided
                && under_findings()
                && !matches!(ctx.role, Some(Role::Summary | Role::Plan))
                && !body
                    .first()
                    .is_some_and(|l| matches!(l.kind, Kind::Item { .. }) && !is_field(&l.text))
                && !is_field_name(&a.title)
                && !says_nothing(&a.title);
        let signal = a.reference.is_some()
            || a.severity.is_some()
            || (a.status.is_some() && a.status != Some(Status::Open))
            || fsev.is_some()
            || has_fields
            || category;
        if !signal {
            return HeadingVerdict::Section;
        }
        // A numbered heading without anything else that marks a finding is a chapter.
        if a.severity.is_none() && fsev.is_none() && !has_fields && !category && a.status.is_none()
        {
            let r = a.reference.as_deref().unwrap_or("");
            if !r.contains('.') && !r.contains('-') && !r.contains('#') {
                return HeadingVerdict::Section;
            }
        }
        let primary = ctx.role != Some(Role::Summary) || a.severity.is_some() || fsev.is_some();
        HeadingVerdict::Finding(Candidate {
            shape: Shape::Heading,
            primary,
            keep_alone: true,
            line: line.no,
            end_line: body.last().map_or(line.no, |l| l.no),
            reference: a.reference.as_deref().map(Arc::from),
            title: a.title.as_str().into(),
            severity: best(best(a.severity, fsev), ctx.severity),
            status: in_section(
                own_status(&a, fstatus),
                a.struck_only && fstatus.is_none(),
                ctx.status,
            ),
            locations: locations_of(
                [a.locations.clone(), part_locations].concat(),
                self.locations_in(body),
            ),
            section: ctx.section.clone(),
            body: body_of(body).into(),
            closed_elsewhere: false,
            rated_elsewhere: None,
            own_status: false,
            own_severity: false,
            id: 0,
        })
    }

    /// `**Overly Broad Exception Handling:**` followed by `- Issue: …` bullets.
    fn bold_title(&mut self, idx: usize, ctx: &Context) -> Option<usize> {
        let lines = &self.doc.lines;
        let line = &lines[idx];
        if ctx.role == Some(Role::Plan) || !self.opens_title(idx) {
            return None;
        }
        // Field bullets end at the list; field lines and the paragraphs
        // after them at the next heading or title.
        // A severity lead may be the document's last line.
        let listed = lines
            .get(idx + 1)
            .is_some_and(|l| matches!(l.kind, Kind::Item { .. }));
        let end = (idx + 1..lines.len())
            .find(|&i| {
                let l = &lines[i];
                if listed {
                    !matches!(l.kind, Kind::Item { .. } | Kind::Cont { .. })
                } else {
                    l.is_heading() || self.opens_title(i)
                }
            })
            .unwrap_or(lines.len());
        let a = self.titles.analyse(line, 0, line.text.len());
        let primary = ctx.role != Some(Role::Summary);
        let c = self.titled(line, a, &lines[idx + 1..end], ctx, primary);
        self.out.push(c);
        Some(end)
    }

    /// Whether line `i` opens a finding over its fields: a bold title, or a
    /// plain line with a ref (see `ref_title`).
    fn opens_title(&self, i: usize) -> bool {
        is_bold_title(self.vocab, &self.doc.lines, i)
            || self.ref_title(i)
            || severity_lead(self.vocab, &self.doc.lines[i])
    }

    /// Whether item `idx` is a label only (`- **Security**`, `- Correctness`:
    /// three words at most, no colon) over items led by a severity label.
    fn labels_rated_items(&self, idx: usize) -> bool {
        self.labels_rated_items_within(idx, 3)
    }

    /// `labels_rated_items`, where an item may also label labels
    /// (`1. Security` over `1.1. Authentication` over rated items), to
    /// `levels` levels down.
    fn labels_rated_items_within(&self, idx: usize, levels: usize) -> bool {
        let lines = &self.doc.lines;
        let line = &lines[idx];
        let Kind::Item { depth, .. } = line.kind else {
            return false;
        };
        let text = line.text.trim();
        if levels == 0 || text.contains(':') || text.split_whitespace().count() > 3 {
            return false;
        }
        // A label names a subject; a short title that names a place
        // (`Split monolithic api.py`) is a finding's.
        let mut places = Vec::new();
        locations::find(text, &mut places);
        if !places.is_empty() {
            return false;
        }
        let items = (idx + 1..self.item_ends[idx]).filter(|&k| {
            lines[k].kind
                == Kind::Item {
                    depth: depth + 1,
                    checked: None,
                }
        });
        // A severity label is not a field (`- **Critical:** Shell
        // injection …`); a field makes its item a finding's (`- XSS in
        // comments` over `- Severity: High`).
        let mut rated = false;
        for k in items {
            let l = &lines[k];
            if severity_label(self.vocab, l) {
                rated = true;
            } else if is_field(&l.text) {
                return false;
            } else {
                rated =
                    rated || self.item_rated(k) || self.labels_rated_items_within(k, levels - 1);
            }
        }
        rated
    }

    /// Whether a list item rates itself on its own line or in its own
    /// fields, whatever its depth: a marker, a severity that opens or ends
    /// it, or a severity field.
    fn item_rated(&self, idx: usize) -> bool {
        let line = &self.doc.lines[idx];
        self.opens_with_marker(line)
            || rated_lead(self.vocab, line)
            || self.item_ends_rated(idx)
            || self.item_rates_itself(idx)
    }

    /// `✅`, `P1`, `[High]`, or an emoji severity (`- 🔴 Reset token never
    /// expires`) first on the line.
    fn opens_with_marker(&self, line: &Line) -> bool {
        line.text.split_whitespace().next().is_some_and(|t| {
            t.contains('✅')
                || self.vocab.severity_word(t).is_some_and(|(_, st)| {
                    st == Strength::Explicit && t.chars().any(|c| c.is_ascii_digit())
                        || st == Strength::Weak && !t.chars().any(char::is_alphanumeric)
                })
        }) || leading_tag(self.vocab, &line.text).is_some()
    }

    /// Whether a top-level item ends with its own severity (`- LDAP filter
    /// built by concatenation (High)`, `- … — Medium`): a finding, as one
    /// that opens with it is. The last word is looked at before the line
    /// is read.
    fn item_ends_rated(&self, idx: usize) -> bool {
        let line = &self.doc.lines[idx];
        // `- Path traversal (high) — \`api/download.go:10\``: a place may follow.
        // A rating that opens the line is not one that ends it.
        let mut last = [""; 3];
        for (i, w) in line.text.split_whitespace().skip(1).enumerate() {
            last[i % 3] = w;
        }
        last.iter()
            .any(|w| !w.is_empty() && self.vocab.severity_word(w).is_some())
            && self
                .titles
                .analyse(line, 0, line.text.len())
                .severity
                .is_some_and(|(_, st)| st == Strength::Explicit)
    }

    /// A plain line that opens a finding as a bold title does: a ref and a
    /// title (`Issue #1: Webhook signature compared with ==`) over a field
    /// line (`Severity: Medium`).
    fn ref_title(&self, idx: usize) -> bool {
        let lines = &self.doc.lines;
        let line = &lines[idx];
        // Most lines are followed by no field: settled before reading their own.
        line.kind == Kind::Text
            && lines
                .get(idx + 1)
                .is_some_and(|n| n.kind == Kind::Text && is_field(&n.text))
            && !is_field(&line.text)
            && {
                let a = self.titles.analyse(line, 0, line.text.len());
                a.reference.is_some() && !a.title.is_empty()
            }
    }

    /// A bold-title finding: its title line read as `a`, its fields from
    /// `body`, what it lacks from the headings above.
    fn titled(
        &self,
        line: &Line,
        a: Analysis,
        body: &[Line],
        ctx: &Context,
        primary: bool,
    ) -> Candidate {
        let (fsev, fstatus) = self.fields(body);
        let status = in_section(
            own_status(&a, fstatus),
            a.struck_only && fstatus.is_none(),
            ctx.status,
        );
        Candidate {
            shape: Shape::BoldTitle,
            primary,
            keep_alone: primary,
            line: line.no,
            end_line: body.last().map_or(line.no, |l| l.no),
            reference: a.reference.map(Arc::from),
            title: a.title.into(),
            severity: best(best(a.severity, fsev), ctx.severity),
            status,
            locations: locations_of(a.locations, self.locations_in(body)),
            section: ctx.section.clone(),
            body: body_of(body).into(),
            closed_elsewhere: false,
            rated_elsewhere: None,
            own_status: false,
            own_severity: false,
            id: 0,
        }
    }

    /// Forgets the findings columns of each legend of the ratings:
    /// `| Severity | Description |` over one row for each rating, each once
    /// (`| Critical | Loss of funds … |`). A findings table names findings
    /// in more columns, or rates two of them alike.
    fn drop_legends(&mut self) {
        for (t, header) in self.doc.tables.iter().enumerate() {
            let Some(cols) = self.columns[t] else {
                continue;
            };
            let Some(sev) = cols.severity.filter(|_| header.len() == 2) else {
                continue;
            };
            let name = header[cols.title].trim().trim_matches('*').to_lowercase();
            if ![
                "description",
                "definition",
                "meaning",
                "criteria",
                "explanation",
            ]
            .contains(&name.as_str())
            {
                continue;
            }
            let mut seen = Vec::new();
            let legend = self
                .doc
                .lines
                .iter()
                .filter(
                    |l| matches!(l.kind, Kind::Row { table, header: false } if table as usize == t),
                )
                .all(|l| {
                    let s = l
                        .cells
                        .get(sev)
                        .and_then(|c| self.vocab.severity_word(c.trim()));
                    let fresh = s.is_some_and(|s| !seen.contains(&s.0));
                    seen.extend(s.map(|s| s.0));
                    fresh
                });
            // A scale runs in order over three ratings at least; two
            // findings of two ratings are a findings table.
            let ordered =
                seen.windows(2).all(|w| w[0] > w[1]) || seen.windows(2).all(|w| w[0] < w[1]);
            if legend && seen.len() >= 3 && ordered {
                self.columns[t] = None;
            }
        }
    }

    /// Finds the severity columns of a table whose headings name none
    /// (`| ID | Title | Original | Retest | Retest status |`): a column of
    /// whose cells every one that says something is a rating, two at
    /// least. Of two such columns the later is in force and the earlier
    /// rates a row it leaves blank (`| High | — |`), as named ones do.
    fn rate_by_values(&mut self) {
        let unrated: Vec<usize> = (0..self.columns.len())
            .filter(|&t| self.columns[t].is_some_and(|c| c.severity.is_none()))
            .collect();
        if unrated.is_empty() {
            return;
        }
        let mut rows: Vec<Vec<&Line>> = vec![Vec::new(); self.columns.len()];
        for l in &self.doc.lines {
            if let Kind::Row {
                table,
                header: false,
            } = l.kind
            {
                if let Some(r) = rows.get_mut(table as usize) {
                    r.push(l);
                }
            }
        }
        for t in unrated {
            let Some(mut cols) = self.columns[t] else {
                continue;
            };
            let taken = [
                Some(cols.title),
                cols.alt_title,
                cols.reference,
                cols.status,
                cols.location,
                cols.package,
            ];
            let rating = |c: usize| {
                let mut rated = 0;
                for l in &rows[t] {
                    let cell = l.cells.get(c).map_or("", |s| s.trim());
                    if cell.is_empty() || cell.chars().all(|ch| "-–—/".contains(ch)) {
                        continue;
                    }
                    match self.vocab.severity_word(cell) {
                        Some((_, st)) if st != Strength::Weak => rated += 1,
                        _ => return false,
                    }
                }
                rated >= 2
            };
            let found: Vec<usize> = (0..self.doc.tables[t].len())
                .filter(|c| !taken.contains(&Some(*c)) && rating(*c))
                .collect();
            if let Some((&last, before)) = found.split_last() {
                cols.severity = Some(last);
                cols.severity_before = before.last().copied();
                self.columns[t] = Some(cols);
            }
        }
    }

    /// `**6. \`unwrap()\` on config parsing** — \`src/main.rs:31\`. Fine for
    /// now, …` under a heading that rates (`## 🟢 Low / Nits`): a paragraph
    /// opened by a numbered bold title is a finding, rated by its heading.
    fn bold_lead(&mut self, idx: usize, ctx: &Context) -> Option<usize> {
        let lines = &self.doc.lines;
        let line = &lines[idx];
        if ctx.severity.is_none_or(|(_, st)| st != Strength::Explicit)
            || matches!(ctx.role, Some(Role::Plan | Role::Summary))
        {
            return None;
        }
        let lead = line.strong_lead()?;
        let numbered = lead.split_whitespace().next().is_some_and(|w| {
            w.trim_end_matches(['.', ')'])
                .bytes()
                .all(|b| b.is_ascii_digit())
                && w.len() > 1
        });
        if !numbered || lead.split_whitespace().count() < 3 {
            return None;
        }
        let lead_end = line.text.find(lead)? + lead.len();
        let a = self.titles.analyse(line, 0, lead_end);
        if a.title.is_empty() {
            return None;
        }
        let mut end = idx + 1;
        while lines.get(end).is_some_and(|l| {
            l.kind == Kind::Text && l.no == lines[end - 1].no + 1 && l.strong_lead().is_none()
        }) {
            end += 1;
        }
        let mut c = self.titled(line, a, &lines[idx + 1..end], ctx, true);
        // The rest of its line is said of it: its place, its why.
        let rest = &line.text[lead_end..];
        let mut locs = c.locations.to_vec();
        locations::find(rest, &mut locs);
        c.locations = locs.into();
        c.body = format!("{}\n{}", rest.trim(), c.body).trim().into();
        self.out.push(c);
        Some(end)
    }

    /// `**Integer overflow in Amount::add** (High)`, `**2. Panics on
    /// malformed CSV import** — Severity: Medium`, `**Title (High)**`: a
    /// paragraph led by its title in bold and its rating, and nothing
    /// else on the line, over the lines that say what is wrong.
    fn rated_bold(&mut self, idx: usize, ctx: &Context) -> Option<usize> {
        let lines = &self.doc.lines;
        let line = &lines[idx];
        let lead = line.strong_lead()?;
        // `**Total: 6 (LOW: 1, …)**`: a key and its value, no title (but
        // `Amount::add` is a name).
        if matches!(ctx.role, Some(Role::Plan | Role::Summary))
            || lead.contains(": ")
            || bold_key(line).is_some()
        {
            return None;
        }
        let lead_end = line.text.find(lead)? + lead.len();
        let a = self.titles.analyse(line, 0, lead_end);
        // `**Overall risk** — High` rates the audit, not a finding.
        let names_a_rating = a.title.split_whitespace().any(|w| {
            ["risk", "rating", "severity", "overall", "priority"]
                .iter()
                .any(|k| {
                    w.trim_matches(|c: char| !c.is_alphanumeric())
                        .eq_ignore_ascii_case(k)
                })
        });
        if a.title.split_whitespace().nth(1).is_none() || names_a_rating {
            return None;
        }
        // The rest of the line: a rating, after a dash, a `Severity:` key too.
        let rest = line.text[lead_end..]
            .trim()
            .trim_start_matches(['—', '–', '-', ':', ' ']);
        let rating_of = |rest: &str| {
            let value = match field_name(rest) {
                Some((k, v))
                    if self
                        .vocab
                        .severity_field(k.lower.as_deref().unwrap_or(k.raw))
                        .is_some() =>
                {
                    v
                }
                Some(_) => return None,
                None => rest,
            };
            let plain = value.trim_matches(|c: char| !c.is_alphanumeric());
            if plain.split_whitespace().nth(1).is_some() {
                return None;
            }
            self.vocab.stated_severity(value, |_, _| false)
        };
        // `**1.1 Shell injection in open_in_editor (High).** `editor.py:22`
        // builds …`: a lead that rates itself in its closing brackets, and
        // what is wrong said after it on its line.
        let rates_itself = a.severity.is_some_and(|(_, st)| st == Strength::Explicit)
            && lead.trim_end().trim_end_matches(['.', ':']).ends_with(')');
        let said = !rest.is_empty() && rates_itself && rating_of(rest).is_none();
        let rest_rating = if rest.is_empty() || said {
            None
        } else {
            Some(rating_of(rest)?)
        };
        let severity = match rest_rating {
            Some(s) => (s, Strength::Explicit),
            None => a.severity.filter(|(_, st)| *st == Strength::Explicit)?,
        };
        // Its paragraphs, up to the next title, list or heading.
        let mut end = idx + 1;
        while lines
            .get(end)
            .is_some_and(|l| l.kind == Kind::Text && l.strong_lead().is_none())
        {
            end += 1;
        }
        let mut c = self.titled(line, a, &lines[idx + 1..end], ctx, true);
        c.severity = Some(severity);
        if said {
            let mut locs = c.locations.to_vec();
            locations::find(rest, &mut locs);
            c.locations = locs.into();
            c.body = format!("{}\n{}", rest, c.body).trim().into();
        }
        self.out.push(c);
        Some(end)
    }

    /// A review comment: its place and its rating on a line
    /// (`` **`api/views.py:31`** — 🔴 **Blocking** ``), what is wrong in
    /// the paragraph under it, whose first sentence titles the finding.
    fn place_lead(&mut self, idx: usize, ctx: &Context) -> Option<usize> {
        let lines = &self.doc.lines;
        let line = &lines[idx];
        // Settled by the first word for nearly every line.
        let first = line.text.split_whitespace().next()?;
        if matches!(ctx.role, Some(Role::Plan | Role::Summary))
            || !first.contains(':')
            || !places(first)
        {
            return None;
        }
        let mut a = self.titles.analyse(line, 0, line.text.len());
        // A title is never empty: a line that is only its place keeps it
        // there. Here the place leads what the paragraph says.
        if a.locations.is_empty() && line.text.split_whitespace().nth(1).is_none() {
            locations::find(first, &mut a.locations);
            a.title.clear();
        }
        // A review's labels (conventional comments): `Blocking`, `nit`.
        let label = review_label(&a.title);
        if a.locations.is_empty() || !a.title.is_empty() && label.is_none() {
            return None;
        }
        // Its paragraph, not the next comment's lead: a comment without one
        // is titled by its place.
        let next = lines.get(idx + 1).filter(|l| {
            l.kind == Kind::Text
                && !is_field(&l.text)
                && !l.text.split_whitespace().next().is_some_and(places)
        });
        // An assistant's review (`**reports/views.py:45**` over a quoted
        // paragraph) rates nothing on the place's line: a place set apart
        // in bold or code over what is wrong is a comment still, rated by
        // the paragraph's label if any (`Nit: …`), else assumed.
        let said = next.map(|n| paragraph_label(&n.text));
        let unrated = a.title.is_empty() && !line.spans.is_empty() && next.is_some();
        a.severity = a
            .severity
            .or(label.flatten().map(|s| (s, Strength::Implied)))
            .or(said.and_then(|(_, s)| s).map(|s| (s, Strength::Implied)));
        if a.severity.is_none() && !unrated {
            return None;
        }
        let mut end = if next.is_some() { idx + 2 } else { idx + 1 };
        while next.is_some()
            && lines.get(end).is_some_and(|l| {
                matches!(l.kind, Kind::Text | Kind::Item { .. } | Kind::Cont { .. })
            })
            && !self.opens_title(end)
            && !lines[end]
                .text
                .split_whitespace()
                .next()
                .is_some_and(|w| w.contains(':') && places(w))
        {
            end += 1;
        }
        let place = a.locations[0].clone();
        let mut c = self.titled(line, a, &lines[idx + 1..end], ctx, true);
        let cut = said.map_or(0, |(cut, _)| cut);
        c.title = next
            .map_or(place, |n| first_sentence(&n.text[cut..]))
            .into();
        self.out.push(c);
        Some(end)
    }

    /// `**[Medium]** Race condition when switching tenants` opening a
    /// paragraph: the tag marks a finding as a list bullet would. Its body
    /// is the rest of the paragraph and a list right under it.
    fn tag_lead(&mut self, idx: usize, ctx: &Context) -> Option<usize> {
        let lines = &self.doc.lines;
        let line = &lines[idx];
        let vocab = self.vocab;
        let opens =
            |l: &Line| leading_tag(vocab, &l.text).is_some() || scanner_line(vocab, &l.text);
        if matches!(ctx.role, Some(Role::Plan | Role::Summary))
            || line.text.split_whitespace().nth(2).is_none()
            || !opens(line)
        {
            return None;
        }
        let a = self.titles.analyse(line, 0, line.text.len());
        if a.title.is_empty() || a.severity.is_none() {
            return None;
        }
        let mut end = idx + 1;
        while lines
            .get(end)
            .is_some_and(|l| l.kind == Kind::Text && l.no == lines[end - 1].no + 1 && !opens(l))
        {
            end += 1;
        }
        while lines
            .get(end)
            .is_some_and(|l| matches!(l.kind, Kind::Item { .. } | Kind::Cont { .. }))
        {
            end += 1;
        }
        let c = self.titled(line, a, &lines[idx + 1..end], ctx, true);
        self.out.push(c);
        Some(end)
    }

    /// A paragraph of plain `Key: value` lines of which one titles it, as
    /// a pentest report, `cargo audit` or Bandit prints a finding
    /// (`Finding ID: NWL-EXT-01` / `Title: Unauthenticated RCE …` / `Risk:
    /// Critical` / `Retest status: Fixed`), that rates itself or names its
    /// id: a finding. A document's header (`Title:` over `Date:` and
    /// `Author:`) does neither.
    fn field_record(&mut self, idx: usize, ctx: &Context) -> Option<usize> {
        let lines = &self.doc.lines;
        if matches!(ctx.role, Some(Role::Plan | Role::Summary)) {
            return None;
        }
        let (end, title_at, _) = record_at(lines, idx)?;
        let (line, value) = (&lines[title_at], record_title(&lines[title_at])?);
        let mut a = self.titles.analyse(line, value, line.text.len());
        if a.title.is_empty() {
            return None;
        }
        let record = &lines[idx..end];
        // Bandit's `[B602:subprocess_popen_with_shell_equals_true] subprocess
        // call …`: the rule's id, then what it found.
        if let Some((rule, rest)) = a
            .title
            .strip_prefix('[')
            .and_then(|t| t.split_once(']'))
            .filter(|(r, rest)| !rest.trim().is_empty() && r.contains(':'))
        {
            let id = rule.split(':').next().unwrap_or("");
            if id.bytes().all(|b| b.is_ascii_alphanumeric())
                && id.bytes().any(|b| b.is_ascii_digit())
            {
                a.reference = a.reference.or_else(|| Some(id.to_string()));
            }
            a.title = clean_title(rest);
        }
        if a.reference.is_none() {
            a.reference = record.iter().find_map(record_id);
        }
        let (fsev, _) = self.fields(record);
        if fsev.is_none() && a.severity.is_none() && a.reference.is_none() {
            return None;
        }
        let mut c = self.titled(line, a, record, ctx, true);
        c.line = lines[idx].no;
        c.body = body_of(&lines[idx..end]).into();
        self.out.push(c);
        Some(end)
    }

    /// Whether a heading's own text holds field records (see
    /// `field_record`): it heads their section (`## cargo audit`), and is
    /// no finding itself; each record titles its finding. Records in bold
    /// keys must be two: under `### 3. XSS in comments`, one `**Issue:**`
    /// paragraph describes the heading's finding.
    fn holds_records(&self, h: &Heading) -> bool {
        let lines = &self.doc.lines;
        let mut bold = 0;
        let mut k = h.idx + 1;
        while k < h.end && !lines[k].is_heading() {
            match record_at(lines, k) {
                Some((_, _, false)) => return true,
                Some((end, _, true)) => {
                    bold += 1;
                    if bold >= 2 {
                        return true;
                    }
                    k = end;
                }
                None => k += 1,
            }
        }
        false
    }

    /// A line numbered as an outline's (`1.2.`, `3.1.4`), as a chat answer
    /// numbers a review, that rates itself (`1.2. Barcode parser accepts
    /// negative quantities (Medium) — scan.py:203`), among findings: a
    /// finding, as a list item would be. Markdown reads such lines as a
    /// paragraph (`1.2.` is no list marker), one line after the other.
    fn outline_line(&mut self, idx: usize, ctx: &Context) -> Option<usize> {
        let lines = &self.doc.lines;
        let line = &lines[idx];
        if !outline_number(&line.text)
            || matches!(ctx.role, Some(Role::Plan | Role::Summary))
            || !among_findings(ctx)
        {
            return None;
        }
        let a = self.titles.analyse(line, 0, line.text.len());
        if a.title.is_empty() || a.severity.is_none_or(|(_, st)| st != Strength::Explicit) {
            return None;
        }
        // Its text runs on to the next numbered line, in its paragraph.
        let mut end = idx + 1;
        while lines.get(end).is_some_and(|l| {
            l.kind == line.kind && l.no == lines[end - 1].no + 1 && !outline_number(&l.text)
        }) {
            end += 1;
        }
        let c = self.titled(line, a, &lines[idx + 1..end], ctx, true);
        self.out.push(c);
        Some(end)
    }

    /// A list item that is a finding: a task, a bold-led bullet, or a bullet
    /// under a heading that names a severity. Returns the end of its body.
    fn item(
        &mut self,
        idx: usize,
        ctx: &Context,
        range: Option<&mut (usize, String, u32, u32)>,
    ) -> Option<(usize, bool)> {
        let lines = &self.doc.lines;
        let line = &lines[idx];
        let Kind::Item { depth, checked } = line.kind else {
            return None;
        };
        let end = self.item_ends[idx];
        let lead = line.strong_lead();
        let lead_is_field = lead.is_some() && is_field(&line.text);
        // `- **Security**` over `  - **Critical:** Shell injection …`: a
        // category's label over findings that rate themselves is no finding,
        // and its items are read as top-level items are.
        if self.labels_rated_items(idx) {
            self.category = Some((end, depth + 1));
            return None;
        }
        let depth = match self.category {
            Some((until, d)) if idx < until && depth == d => 0,
            _ => depth,
        };
        let in_range = range.as_ref().is_some_and(|r| idx < r.0 && depth == 0);
        let explicit_sev_ctx = ctx.severity.is_some_and(|(_, st)| st != Strength::Implied);
        let starts_with_marker = self.opens_with_marker(line);
        let by_shape = checked.is_some()
            || (lead.is_some() && depth == 0)
            || severity_label(self.vocab, line)
            || starts_with_marker
            || in_range
            || depth == 0 && self.item_rates_itself(idx)
            // `- High: Path traversal in download handler`.
            || depth == 0 && ctx.role.is_none_or(|r| r == Role::Findings) && rated_lead(self.vocab, line)
            || depth == 0
                && ctx.role.is_none_or(|r| r == Role::Findings)
                && (self.item_ends_rated(idx) || mid_bracket_rating(self.vocab, &line.text))
            // `- ~~DB pool exhausted under load~~ — fixed in #12`: a finding
            // struck out as done, under findings.
            || depth == 0
                && struck_lead(line)
                && !matches!(ctx.role, Some(Role::Plan | Role::Summary))
                && among_findings(ctx)
            || (depth == 0
                && (explicit_sev_ctx || ctx.status.is_some())
                && ctx.role != Some(Role::Summary));
        // Reading the line is the dear part: only for lines that may be findings.
        let may_have_ref = depth == 0
            && line
                .text
                .trim_start()
                .starts_with(|c: char| c.is_ascii_alphanumeric() || c == '#');
        if lead_is_field || !(by_shape || may_have_ref) || line.text.trim().is_empty() {
            return None;
        }
        if in_range {
            let (c, used_range) = self.item_finding(idx, end, ctx, by_shape, range)?;
            self.out.push(c);
            return Some((end, used_range));
        }
        // Out of a range, an item reads only its subtree (which ends where a
        // line outside it starts, see `item_ends`) and the context above.
        let first = line.no as isize;
        let key = |k: &mut Vec<u8>| {
            write_numbers(k, [usize::from(by_shape)]);
            write_extent(k, &lines[idx..end]);
            write_context(k, ctx);
        };
        let compute = || {
            let (mut c, _) = self.item_finding(idx, end, ctx, by_shape, None)?;
            c.move_by(-first);
            c.id = self.memos.new_id();
            Some(c)
        };
        let mut c = self.memos.items.borrow_mut().get(key, compute)?;
        c.move_by(first);
        self.out.push(c);
        Some((end, false))
    }

    /// The item at `idx` (its subtree ending at `end`) as a candidate, once
    /// `item` has found that it may be one; and whether it took a ref of `range`.
    fn item_finding(
        &self,
        idx: usize,
        end: usize,
        ctx: &Context,
        by_shape: bool,
        range: Option<&mut (usize, String, u32, u32)>,
    ) -> Option<(Candidate, bool)> {
        let lines = &self.doc.lines;
        let line = &lines[idx];
        let lead = line.strong_lead();
        let checked = match line.kind {
            Kind::Item { checked, .. } => checked,
            _ => None,
        };
        let mut a = self.titles.analyse(line, 0, line.text.len());
        // A changelog's entry: `2025-11-20 — AUTH-2 fixed in #412.`, the
        // ref after the entry's date.
        if a.reference.is_none() {
            if let Some(after) = after_date(&line.text) {
                let b = self.titles.analyse(line, after, line.text.len());
                if b.reference.as_deref().is_some_and(|r| r.contains('-')) {
                    a = b;
                }
            }
        }
        let has_ref = a
            .reference
            .as_deref()
            .is_some_and(|r| r.contains('.') || r.contains('-') || r.contains('#'));
        if !(by_shape || has_ref) {
            return None;
        }
        // Title: the bold lead, unless it is a date or a label such as "Update Oct 30:".
        if let Some(lead) = lead {
            let lead_start = line.text.find(lead).unwrap_or(0);
            let lead_end = lead_start + lead.len();
            let rest = line.text[lead_end..].trim_start_matches([':', ' ']);
            if is_date_label(lead) && !rest.is_empty() {
                let rest_start = line.text.len() - rest.len();
                let b = self.titles.analyse(line, rest_start, line.text.len());
                a.title = b.title;
                a.severity = a.severity.or(b.severity);
            } else {
                let b = self.titles.analyse(line, lead_start, lead_end);
                if !b.title.is_empty() {
                    a.title = b.title;
                    a.reference = a.reference.or(b.reference);
                    a.severity = a.severity.or(b.severity);
                    a.status = a.status.or(b.status);
                }
            }
        }
        if a.title.is_empty() {
            return None;
        }
        if a.severity.is_none() {
            a.severity = inline_rating(self.vocab, line);
        }
        let mut used_range = false;
        if let Some(r) = range {
            if r.2 <= r.3 && a.reference.is_none() {
                a.reference = Some(format!("{}{}", r.1, r.2));
                used_range = true;
            }
            if a.severity.is_none() {
                a.severity = self.vocab.severity_word(&r.1);
            }
        }
        let body = &lines[idx + 1..end];
        let (fsev, fstatus) = self.fields(body);
        let own_status = match checked {
            Some(true) => Some(a.status.unwrap_or(Status::Resolved)),
            Some(false) => Some(a.status.unwrap_or(Status::Open)),
            None => own_status(&a, fstatus),
        };
        let struck_only = a.struck_only && checked.is_none() && fstatus.is_none();
        let status = in_section(own_status, struck_only, ctx.status);
        // An index's entry links to its finding in the document
        // (`1. [Symlink following during restore](#2-symlink…) — **Critical**`):
        // a repeat of it, however its section is named.
        let primary = !matches!(ctx.role, Some(Role::Plan | Role::Summary)) && !anchored(line);
        // A plan item stands alone only as a record of work done, in its own
        // words: under a "False Positives" heading, the steps of a
        // "Verification Methodology" are not dismissed findings.
        let mut locs = Vec::new();
        locations::find(&line.text, &mut locs);
        let locs = locations_of(locs, self.locations_in(body));
        // A plan item that rates itself and names its place (`- [ ] **[HIGH]**
        // Path traversal … (files/views.py:12)`) carries a finding's weight,
        // as a summary row with a severity does. A legend's items rate
        // themselves too (`**P1 – High**: schedule after P0s`), and a
        // tally's (`**Critical:** 104`), but neither names a place.
        let keep_alone = primary
            // An index entry that rates its finding, as a summary row does.
            || anchored(line) && a.severity.is_some_and(|(_, st)| st == Strength::Explicit)
            || ctx.role == Some(Role::Plan)
                && (own_status.is_some_and(|s| s != Status::Open)
                    || a.severity.is_some_and(|(_, st)| st == Strength::Explicit)
                        && !locs.is_empty());
        let c = Candidate {
            shape: Shape::Item,
            primary,
            keep_alone,
            line: line.no,
            end_line: body.last().map_or(line.no, |l| l.no),
            reference: a.reference.map(Arc::from),
            title: a.title.into(),
            severity: best(best(a.severity, fsev), ctx.severity),
            status,
            locations: locs,
            section: ctx.section.clone(),
            body: body_of(body).into(),
            closed_elsewhere: false,
            rated_elsewhere: None,
            own_status: false,
            own_severity: false,
            id: 0,
        };
        Some((c, used_range))
    }

    fn row(&mut self, idx: usize, table: usize, ctx: &Context) {
        let Some(&Some(cols)) = self.columns.get(table) else {
            return;
        };
        let line = &self.doc.lines[idx];
        let cell = |i: Option<usize>| {
            i.and_then(|i| line.cells.get(i))
                .map(String::as_str)
                .unwrap_or("")
        };
        let mut title_text = cell(Some(cols.title));
        let mut number = None;
        // `| [#15](…) | Database query built from … |`: the alert's number
        // is its ref, its rule its title.
        if let Some(alt) = cols
            .alt_title
            .map(|i| cell(Some(i)))
            .filter(|a| !a.is_empty())
        {
            let t = title_text.trim();
            if t.trim_start_matches('#')
                .bytes()
                .all(|b| b.is_ascii_digit())
                && !t.is_empty()
            {
                number = Some(t.to_string());
                title_text = alt;
            }
        }
        if title_text.is_empty() || count_group(title_text) || totals_row(&line.cells) {
            return;
        }
        // A row that says what an earlier row of its table says, but for
        // its number, is a pasted copy (`| 2 | SVG uploads … | High |`, `| 4 |
        // SVG uploads … | High |`).
        let cells: Vec<&str> = self.doc.lines[idx]
            .cells
            .iter()
            .enumerate()
            .filter(|(i, _)| Some(*i) != cols.reference)
            .map(|(_, c)| c.trim())
            .collect();
        if !self.rows_seen.insert((table, cells)) {
            return;
        }
        // `| semver | CVE-2022-25883 |`: an advisory is about its package.
        let with_package;
        if let Some(p) = cols.package {
            let p = cell(Some(p)).trim();
            if !p.is_empty() {
                with_package = format!("{p}: {title_text}");
                title_text = &with_package;
            }
        }
        let reference = number
            // `[L-01]` in a table is `L-01` in its heading.
            .or_else(|| {
                cols.reference.map(|_| {
                    let r = cell(cols.reference).trim();
                    match r.strip_prefix('[').and_then(|r| r.strip_suffix(']')) {
                        Some(inner) if !inner.contains(['[', ']']) => inner.trim().to_string(),
                        _ => r.to_string(),
                    }
                })
            })
            .filter(|r| {
                !r.is_empty()
                    && (r.contains('.')
                        || r.contains('-')
                        || r.contains('#')
                        || r.chars().any(|c| c.is_alphabetic()))
            });
        if reference.as_deref().is_some_and(|r| {
            r.split('-').count() == 2
                && r.split('-')
                    .all(|p| p.trim().chars().all(|c| c.is_ascii_digit()))
        }) {
            return; // "194-197": a group of findings in one row
        }
        // A row's text is its cells joined by " | ": where a cell starts in it.
        let cell_at = |i: usize| -> usize {
            line.cells[..i.min(line.cells.len())]
                .iter()
                .map(|c| c.len() + 3)
                .sum()
        };
        // Most rows have no struck part: then none is looked for.
        let row_struck = line.spans.iter().any(|s| s.flags & STRIKE != 0);
        // `| ~~High~~ Medium |`: re-rated in place, as a severity field is.
        let rated = |col: Option<usize>| {
            let i = col?;
            let text = cell(col);
            let value = meant(&self.legend, text);
            let at = cell_at(i);
            let own = std::ptr::eq(value, text);
            self.vocab.stated_severity(value, |a, b| {
                row_struck && own && line.text.get(at + a..at + b).is_some() && {
                    let (s, all) = line.struck_alnum(at + a, at + b);
                    s * 2 > all
                }
            })
        };
        let own_sev = rated(cols.severity).or_else(|| rated(cols.severity_before));
        let own_severity = own_sev.is_some();
        let sev = own_sev.map(|s| (s, Strength::Explicit)).or(ctx.severity);
        let status_text = meant(&self.legend, cell(cols.status)).to_lowercase();
        let own_status = cols.status.is_some() && !status_text.is_empty();
        let checklist = self.checklists.get(table).copied().unwrap_or(false);
        let checked = checklist
            .then(|| verdict(cell(cols.status)))
            .flatten()
            .map(|v| match v {
                Verdict::Fails => Status::Open,
                Verdict::Passes => Status::Resolved,
                Verdict::NotApplicable => Status::Dismissed,
            });
        let resolution = cell(cols.resolution).to_lowercase();
        let dismissed_by_resolution = !resolution.is_empty() && {
            let v = self.vocab;
            v.dismissed
                .any_in(&resolution, &Grams::of(resolution.as_bytes()))
                || v.dismisses_as_status(&resolution)
        };
        // `| ~~2~~ | ~~Debug logs left on~~ |`: a row whose title is
        // struck through is closed, as a struck heading is, unless its
        // status cell says how. A row's text is its cells joined by " | ".
        let struck_title = || {
            if !row_struck {
                return false;
            }
            let at = cell_at(cols.title);
            let end = at + cell(Some(cols.title)).len();
            let (struck, all) = line
                .text
                .get(at..end)
                .map_or((0, 0), |_| line.struck_alnum(at, end));
            all > 0 && struck * 2 > all
        };
        let status = if let Some(st) = checked {
            Some(st)
        } else if dismissed_by_resolution {
            Some(Status::Dismissed)
        } else if own_status {
            let grams = Grams::of(status_text.as_bytes());
            let v = self.vocab;
            if v.dismissed.any_in(&status_text, &grams) || v.dismisses_as_status(&status_text) {
                Some(Status::Dismissed)
            } else if status_text.contains(['✅', '✔', '✓', '☑'])
                || v.resolved.any_in(&status_text, &grams)
                    && !v.still_open.any_in(&status_text, &grams)
            {
                Some(Status::Resolved)
            } else {
                Some(Status::Open)
            }
        } else if struck_title() {
            Some(Status::Resolved)
        } else {
            ctx.status
        };
        let mut location = cols.location.and_then(|i| line.cells.get(i));
        // `| src/a.ts | 42 |`: a path and, in a column of its own, its line.
        let joined;
        if let (Some(place), Some(at)) = (location, cell(cols.line).split_whitespace().next()) {
            let path = place.trim().trim_matches('`');
            let is_line =
                |n: &str| !n.is_empty() && n.len() <= 6 && n.bytes().all(|b| b.is_ascii_digit());
            let line_part = match at.split_once(['-', '–']) {
                Some((a, b)) => is_line(a) && is_line(b),
                None => is_line(at),
            };
            if line_part
                && !path.is_empty()
                && !path.contains([' ', ','])
                && locations::path_of(path) == path
            {
                joined = format!("{path}:{at}");
                location = Some(&joined);
            }
        }
        let (title, locs) = self.memos.rows.borrow_mut().get(
            |k| {
                let marker: &[u8] = if location.is_some() { b"l" } else { b"-" };
                let location = location.map_or(&b""[..], |l| l.as_bytes());
                write_parts(k, [title_text.as_bytes(), marker, location]);
            },
            || row_title(title_text, location),
        );
        // A row of a table with a severity column is a finding even when its
        // cell is empty or unknown (`TBD`): dropped, it would vanish unseen;
        // kept, it is read with the assumed severity and its warning. So is
        // a row of a table of findings under a findings heading, rated or
        // not (`## Findings` over `| ID | Finding | Status |`).
        let keep_alone = ctx.role != Some(Role::Plan)
            && (sev.is_some()
                || cols.severity.is_some()
                || checklist
                || cols.names_findings && among_findings(ctx) && ctx.role != Some(Role::Summary));
        self.out.push(Candidate {
            shape: Shape::Row,
            primary: false,
            keep_alone,
            line: line.no,
            end_line: line.no,
            reference: reference.map(Arc::from),
            title: title.into(),
            severity: sev,
            status,
            locations: locs.into(),
            section: ctx.section.clone(),
            body: "".into(),
            closed_elsewhere: false,
            rated_elsewhere: None,
            own_status,
            own_severity,
            id: 0,
        });
    }
}

/// The key of a `Key: value` line (`Finding ID`, `Retest status`, `CVSS
/// v3.1`, `>> Issue`, `**Severity:**`), where its value starts, and
/// whether the key is in bold: a key of four words at most that starts
/// with a capital.
fn record_key(line: &Line) -> Option<(&str, usize, bool)> {
    // Asked of every paragraph's first line: bytes, cheapest tests first.
    let t = &line.text;
    let b = t.as_bytes();
    let lead = b.iter().take_while(|&&c| c == b'>' || c == b' ').count();
    // A key of four words sits in the line's first bytes: a long line
    // with no colon there is no field, and is not searched to its end.
    let head = &b[lead..b.len().min(lead + 64)];
    let colon = lead + memchr::memchr(b':', head)?;
    let key = t[lead..colon].trim_ascii();
    let allowed = |c: char| c.is_alphanumeric() || matches!(c, ' ' | '.' | '/' | '(' | ')' | '-');
    if !key.starts_with(|c: char| c.is_uppercase())
        || !key.chars().all(allowed)
        || key.split_ascii_whitespace().nth(4).is_some()
    {
        return None;
    }
    // Spans come in order: only those that start before the colon matter.
    let mut marked = false;
    let mut bold = false;
    for s in line.spans.iter().take_while(|s| s.start < colon) {
        if s.end > lead {
            marked = true;
            bold |= s.flags & super::lines::STRONG != 0;
        }
    }
    (bold || !marked).then_some((key, colon + 1, bold))
}

/// Where the value of a record's title line starts (`Title: …`, `Issue:
/// …`, Bandit's `>> Issue: [B602:…] …`).
fn record_title(line: &Line) -> Option<usize> {
    let (key, value, _) = record_key(line)?;
    ["title", "issue", "finding", "vulnerability"]
        .iter()
        .any(|k| key.eq_ignore_ascii_case(k))
        .then_some(value)
}

/// The id a record's line names (`Finding ID: NWL-EXT-01`, `ID:
/// RUSTSEC-2020-0071`).
fn record_id(line: &Line) -> Option<String> {
    let (key, value, _) = record_key(line)?;
    let key = key.to_lowercase();
    let id = [
        "id",
        "finding id",
        "issue id",
        "ref",
        "reference",
        "advisory id",
    ]
    .contains(&key.as_str());
    let v = line.text[value..].trim();
    (id && !v.is_empty() && !v.contains(char::is_whitespace)).then(|| v.to_string())
}

/// The field record (see `Extractor::field_record`) that starts at line
/// `idx`, if one does: the end of its paragraph, its title's line, and
/// whether its keys are in bold. A record has two lines at least, each a
/// `Key: value`, its keys all plain or all bold, one of them its title,
/// and one title only.
fn record_at(lines: &[Line], idx: usize) -> Option<(usize, usize, bool)> {
    let first = &lines[idx];
    if first.kind != Kind::Text {
        return None;
    }
    let (_, _, bold) = record_key(first)?;
    if idx > 0 && lines[idx - 1].kind == Kind::Text && lines[idx - 1].no + 1 == first.no {
        return None;
    }
    let mut end = idx + 1;
    while lines
        .get(end)
        .is_some_and(|l| l.kind == Kind::Text && l.no == lines[end - 1].no + 1)
    {
        end += 1;
    }
    let record = &lines[idx..end];
    if record.len() < 2
        || !record
            .iter()
            .all(|l| record_key(l).is_some_and(|(_, _, b)| b == bold))
    {
        return None;
    }
    let mut titles = (idx..end).filter(|&k| record_title(&lines[k]).is_some());
    let title = titles.next()?;
    titles.next().is_none().then_some((end, title, bold))
}

/// Whether `text` opens with an outline's number of two parts or more
/// (`1.2.`, `3.1.4`, `2.1)`) and a space.
fn outline_number(text: &str) -> bool {
    let t = text.trim_start().as_bytes();
    let mut parts = 0;
    let mut i = 0;
    loop {
        let start = i;
        while t.get(i).is_some_and(u8::is_ascii_digit) {
            i += 1;
        }
        if i == start || i - start > 3 {
            return false;
        }
        parts += 1;
        match t.get(i) {
            Some(b'.') if t.get(i + 1).is_some_and(u8::is_ascii_digit) => i += 1,
            Some(b'.' | b')') => return parts >= 2 && t.get(i + 1) == Some(&b' '),
            Some(b' ') => return parts >= 2,
            _ => return false,
        }
    }
}

/// `| **Total** | | **12 findings** |`: a row that sums the table up.
fn totals_row(cells: &[String]) -> bool {
    cells.iter().take(2).any(|c| {
        let c = c.trim_matches(|c: char| !c.is_alphanumeric());
        ["total", "totals", "grand total", "sum", "overall"]
            .iter()
            .any(|w| c.eq_ignore_ascii_case(w))
    })
}

/// A checklist's verdict on a row (`❌ Fail`, `⚠️ Partial`, `✅ Pass`,
/// `➖ N/A`), from its status cell.
#[derive(Clone, Copy, PartialEq)]
enum Verdict {
    Fails,
    Passes,
    NotApplicable,
}

fn verdict(cell: &str) -> Option<Verdict> {
    let c = cell.trim().to_lowercase();
    let first = c
        .split(|ch: char| !ch.is_alphanumeric() && ch != '/' && ch != '-')
        .find(|w| !w.is_empty())
        .unwrap_or("");
    if c.contains('❌')
        || [
            "fail",
            "failed",
            "failing",
            "partial",
            "partially",
            "non-compliant",
            "noncompliant",
        ]
        .contains(&first)
        || c.starts_with("not met")
    {
        Some(Verdict::Fails)
    } else if ["pass", "passed", "passing", "met", "compliant"].contains(&first) {
        Some(Verdict::Passes)
    } else if ["n/a", "na"].contains(&first) || c.contains("not applicable") {
        Some(Verdict::NotApplicable)
    } else {
        None
    }
}

/// For each table, whether it is a checklist of findings: its status
/// column (`Result`, `Status`) holds a checklist's verdict in every cell
/// it fills (`✅ Pass`, `❌ Fail`, `➖ N/A`), and some table of the
/// document fails a row (`❌ Fail`, `Partial`). An assessment lists
/// requirements, of which the failing ones are its findings; one whose
/// every requirement passes holds none.
/// A tracker explains its marks in a legend (`| Status | Meaning |` over
/// `| ⏭️ | Won't fix |`, `| 🔵 | Info |`): each mark, without its
/// variation selector, and what it means, in lower case. Only marks with
/// no letter or digit: a word means what the vocabulary says it does.
fn symbol_legend(doc: &Doc) -> Vec<(String, String)> {
    let explains: Vec<bool> = doc
        .tables
        .iter()
        .map(|header| {
            header.len() == 2 && {
                let h = header[1].trim().trim_matches('*');
                ["meaning", "means", "description", "definition", "legend"]
                    .iter()
                    .any(|n| h.eq_ignore_ascii_case(n))
            }
        })
        .collect();
    let mut legend = Vec::new();
    if !explains.contains(&true) {
        return legend;
    }
    for (table, line) in doc.body_rows() {
        if !explains[table] {
            continue;
        }
        let (Some(mark), Some(meaning)) = (line.cells.first(), line.cells.get(1)) else {
            continue;
        };
        let mark = mark_key(mark);
        if !mark.is_empty()
            && mark.len() <= 16
            && !mark.chars().any(char::is_alphanumeric)
            && !meaning.trim().is_empty()
        {
            legend.push((mark, meaning.trim().to_lowercase()));
        }
    }
    legend
}

/// A cell that is a mark the document's legend explains, read as its meaning.
fn meant<'t>(legend: &'t [(String, String)], cell: &'t str) -> &'t str {
    if legend.is_empty() {
        return cell;
    }
    let key = mark_key(cell);
    legend
        .iter()
        .find(|(mark, _)| *mark == key)
        .map_or(cell, |(_, meaning)| meaning.as_str())
}

/// A mark as `symbol_legend` keeps it: trimmed, without variation selectors.
fn mark_key(cell: &str) -> String {
    cell.trim().chars().filter(|&c| c != '\u{fe0f}').collect()
}

fn checklists(doc: &Doc, columns: &[Option<Columns>]) -> Vec<bool> {
    // Per table: a verdict seen, a row failed, a cell that is no verdict.
    let mut seen = vec![(false, false, false); columns.len()];
    for (t, line) in doc.body_rows() {
        let Some(cell) = columns
            .get(t)
            .and_then(|c| c.as_ref()?.status)
            .and_then(|i| line.cells.get(i))
            .filter(|c| !c.trim().is_empty())
        else {
            continue;
        };
        let s = &mut seen[t];
        match verdict(cell) {
            Some(v) => {
                s.0 = true;
                s.1 |= v == Verdict::Fails;
            }
            None => s.2 = true,
        }
    }
    let fails = seen.iter().any(|&(v, f, other)| v && f && !other);
    seen.iter()
        .map(|&(v, _, other)| fails && v && !other)
        .collect()
}

/// A table row's title and locations: from its title cell (a trailing path
/// cut off) and its location cell.
fn row_title(title_text: &str, location: Option<&String>) -> (String, Vec<String>) {
    let mut locs = Vec::new();
    if let Some(c) = location {
        locations::find_placed(c, &mut locs);
    }
    let mut title = clean_title(title_text);
    if let Some((at, cut)) = locations::trailing(&title) {
        title = clean_title(&title[..at]);
        for l in cut {
            if !locs.contains(&l) {
                locs.push(l);
            }
        }
    }
    (title, locs)
}

#[derive(Clone)]
enum HeadingVerdict {
    Finding(Candidate),
    Range(String, u32, u32, Candidate),
    Section,
}

impl HeadingVerdict {
    /// The candidate's lines moved by `by`: a verdict is remembered with
    /// its heading on line 0, and given the line its heading has now.
    fn moved(mut self, by: isize) -> HeadingVerdict {
        if let HeadingVerdict::Finding(c) | HeadingVerdict::Range(_, _, _, c) = &mut self {
            c.move_by(by);
        }
        self
    }
}

impl Candidate {
    /// Moves the candidate's lines by `by`: a remembered candidate is kept
    /// with its first line as line 0 (see `write_extent`).
    fn move_by(&mut self, by: isize) {
        self.line = self.line.saturating_add_signed(by);
        self.end_line = self.end_line.saturating_add_signed(by);
    }
}

#[derive(Clone, Copy)]
pub struct Columns {
    pub title: usize,
    /// A scanner's rule or message, to title a row whose title cell is
    /// only a number (CodeQL's `| [#15](…) |` alert column).
    pub alt_title: Option<usize>,
    pub reference: Option<usize>,
    pub severity: Option<usize>,
    /// Another severity column, read when the first says nothing: a
    /// retest's `Original severity` under a `Retest severity` of `—`.
    pub severity_before: Option<usize>,
    pub status: Option<usize>,
    pub location: Option<usize>,
    /// The package an advisory column's row is about (`| Package | Advisory |`).
    pub package: Option<usize>,
    /// A tracker's resolution beside its status (Jira's `Done` over `Won't
    /// Do`): the resolution's dismissal is the word on the row.
    pub resolution: Option<usize>,
    /// The title column's name says its rows are findings (`Finding`,
    /// `Issue`, `Vulnerability`), not what a legend's say (`Description`).
    pub names_findings: bool,
    /// A line column beside the location's (`| File | Line |`).
    pub line: Option<usize>,
}

/// Words that qualify a severity or status column as the later verdict
/// (`Retest severity`, `Current status`).
const LATER: &[&str] = &[
    "retest", "current", "revised", "final", "adjusted", "updated", "new",
];

/// Words that qualify one as the earlier (`Original severity`).
const EARLIER: &[&str] = &["original", "initial", "previous", "old"];

/// Column names in the other languages of `FIELD_NAMES`, and the English
/// name read in their place.
const COLUMNS_ELSEWHERE: &[(&str, &str)] = &[
    ("titel", "title"),
    ("befund", "finding"),
    ("schwachstelle", "vulnerability"),
    ("beschreibung", "description"),
    ("schweregrad", "severity"),
    ("priorität", "priority"),
    ("datei", "file"),
    ("fundstelle", "location"),
    ("titre", "title"),
    ("constat", "finding"),
    ("problème", "problem"),
    ("vulnérabilité", "vulnerability"),
    ("gravité", "severity"),
    ("sévérité", "severity"),
    ("priorité", "priority"),
    ("fichier", "file"),
    ("emplacement", "location"),
    ("statut", "status"),
    ("título", "title"),
    ("hallazgo", "finding"),
    ("problema", "problem"),
    ("vulnerabilidad", "vulnerability"),
    ("descripción", "description"),
    ("severidad", "severity"),
    ("gravedad", "severity"),
    ("prioridad", "priority"),
    ("archivo", "file"),
    ("ubicación", "location"),
    ("estado", "status"),
    ("achado", "finding"),
    ("vulnerabilidade", "vulnerability"),
    ("descrição", "description"),
    ("severidade", "severity"),
    ("prioridade", "priority"),
    ("arquivo", "file"),
    ("localização", "location"),
    ("titolo", "title"),
    ("vulnerabilità", "vulnerability"),
    ("descrizione", "description"),
    ("gravità", "severity"),
    ("severità", "severity"),
    ("priorità", "priority"),
    ("posizione", "location"),
    ("stato", "status"),
    ("编号", "id"),
    ("标题", "title"),
    ("问题", "issue"),
    ("漏洞", "vulnerability"),
    ("描述", "description"),
    ("严重程度", "severity"),
    ("严重性", "severity"),
    ("等级", "severity"),
    ("风险等级", "severity"),
    ("优先级", "priority"),
    ("文件", "file"),
    ("位置", "location"),
    ("状态", "status"),
    ("タイトル", "title"),
    ("問題", "issue"),
    ("脆弱性", "vulnerability"),
    ("重大度", "severity"),
    ("深刻度", "severity"),
    ("ファイル", "file"),
    ("場所", "location"),
    ("状態", "status"),
    ("ステータス", "status"),
];

/// Which columns of a table hold what; `None` when no column holds a title.
pub fn title_column(header: &[String]) -> Option<Columns> {
    let names: Vec<String> = header
        .iter()
        .map(|h| {
            let n = h.trim().trim_matches('*').trim().to_lowercase();
            match COLUMNS_ELSEWHERE.iter().find(|(other, _)| *other == n) {
                Some((_, english)) => english.to_string(),
                None => n,
            }
        })
        .collect();
    let find = |opts: &[&str]| names.iter().position(|n| opts.contains(&n.as_str()));

    // A scanner's table names its finding in a message column, and its
    // rule, an id, only where there is no message; a dependency audit,
    // in its advisory column.
    let advisory = || {
        find(&[
            "advisory",
            "advisories",
            "cve",
            "vulnerability id",
            "advisory id",
        ])
    };
    // `| Finding | Title |`: the finding's number, then its title.
    let title = find(&["title"])
        .or_else(|| find(&["finding", "summary"]))
        .or_else(|| find(TITLE_COLUMNS))
        .or_else(|| find(&["message", "msg"]))
        .or_else(|| find(&["rule", "check", "rule id"]))
        .or_else(advisory)?;
    let package = find(&[
        "package",
        "dependency",
        "library",
        "module",
        "crate",
        "component",
    ])
    .filter(|&p| p != title && Some(title) == advisory());
    let reference = find(&[
        "#",
        "id",
        "ref",
        "no",
        "no.",
        "number",
        "issue",
        "issue #",
        "finding #",
        // Jira's export.
        "key",
        // An assessment's requirement (ASVS `| Req | Description | Result |`).
        "req",
        "req.",
        "requirement id",
        "control id",
        "issue key",
        "finding",
    ])
    .filter(|&r| r != title);
    // A dependency scan's status says whether a fixed version exists
    // (Trivy's `fixed`, `affected`): the installed one is still vulnerable.
    let dependency_scan = find(&["installed version", "installed"]).is_some();
    // `Risk Rating`, `Severity (CVSS)`, `Retest severity`: a column whose
    // name holds a severity's key, the later verdict first.
    let words = |n: &str, of: &[&str]| {
        n.split(|c: char| !c.is_alphanumeric())
            .any(|w| of.contains(&w))
    };
    let rated = |n: &str| {
        words(n, &["severity", "criticality", "sev"])
            || words(n, &["risk"]) && words(n, &["rating", "level"])
            // `Overall Risk`, `Residual risk`.
            || n.split_whitespace().last() == Some("risk")
    };
    let pick = |keep: &dyn Fn(&str) -> bool| names.iter().position(|n| rated(n) && keep(n));
    let (severity, severity_before) = match find(&["security severity"])
        .or_else(|| find(&["severity", "sev", "sev.", "priority", "level", "risk"]))
    {
        Some(s) => (Some(s), None),
        None => {
            let later = pick(&|n| words(n, LATER));
            let other = pick(&|n| !words(n, LATER) && !words(n, EARLIER));
            let earlier = pick(&|n| words(n, EARLIER));
            let mut order = [later, other, earlier].into_iter().flatten();
            let first = order.next().or_else(|| find(&["impact"]));
            (first, order.next())
        }
    };
    let later_status = names
        .iter()
        .position(|n| words(n, &["status", "state"]) && words(n, LATER));
    let status = later_status
        .or_else(|| find(&["status", "state", "resolution", "outcome", "result"]))
        .or_else(|| names.iter().position(|n| n.ends_with(" status")))
        .filter(|_| !dependency_scan)
        // The team's word on a row, where no status column says it:
        // `Upgrade — done in #1201 ✅`, `Accepted risk — never reachable`.
        .or_else(|| find(&["decision", "disposition", "triage"]));
    let names_findings = [
        "title",
        "finding",
        "issue",
        "problem",
        "concern",
        "vulnerability",
        "bug",
        "threat",
        "weakness",
        "defect",
        "observation",
        "alert",
    ]
    .iter()
    .any(|n| names[title].strip_suffix('s').unwrap_or(&names[title]) == *n);
    let resolution = find(&["resolution"]).filter(|&r| Some(r) != status);
    Some(Columns {
        title,
        names_findings,
        resolution,
        alt_title: find(&["rule", "message", "check", "rule id"]).filter(|&r| r != title),
        reference,
        // CodeQL rates by `Security severity`; its `Severity` is a level.
        severity,
        severity_before,
        status,
        location: find(&["location", "file", "files", "where", "path", "locations"])
            .or_else(|| {
                find(&[
                    "affected",
                    "affected files",
                    "affected file",
                    "file(s)",
                    "file path",
                    "evidence",
                    "source",
                    "lines",
                    "component",
                    // An assessment's remarks name the place of a failing check.
                    "notes",
                ])
            })
            .filter(|&l| l != title),
        line: None,
        package,
    })
    .map(|mut c| {
        c.line = find(&["line", "line(s)", "line number", "line no.", "ln"])
            .filter(|&l| c.location.is_some_and(|loc| loc != l) && l != title);
        c
    })
}

/// The stronger of two severities (the first wins a tie).
fn best(
    a: Option<(Severity, Strength)>,
    b: Option<(Severity, Strength)>,
) -> Option<(Severity, Strength)> {
    match (a, b) {
        (Some(x), Some(y)) => Some(if y.1 > x.1 { y } else { x }),
        (x, None) => x,
        (None, y) => y,
    }
}

pub fn extract(vocab: &Lexicon, memos: &Memos, doc: &Doc) -> Vec<Candidate> {
    let mut ex = Extractor {
        vocab,
        titles: Titles {
            vocab,
            memo: &memos.titles,
        },
        memos,
        doc,
        out: Vec::new(),
        item_ends: item_ends(&doc.lines),
        columns: doc.tables.iter().map(|h| title_column(h)).collect(),
        rows_seen: HashSet::default(),
        category: None,
        checklists: Vec::new(),
        legend: symbol_legend(doc),
    };
    ex.checklists = checklists(doc, &ex.columns);
    ex.drop_legends();
    ex.rate_by_values();
    ex.run();
    file_sections(&mut ex.out);
    ex.out
}

/// A review by file (`## src/auth/login.ts` over its findings) names the
/// file once, in the heading: a finding under it that names no place is
/// at that file, at the line its text names (`… (line 41)`).
fn file_sections(out: &mut [Candidate]) {
    let mut last: Option<(Arc<str>, Option<String>)> = None;
    for c in out.iter_mut().filter(|c| c.locations.is_empty()) {
        let Some(section) = &c.section else {
            continue;
        };
        let path = match &last {
            Some((s, p)) if Arc::ptr_eq(s, section) || **s == **section => p.clone(),
            _ => {
                let p = locations::heading_path(section);
                last = Some((section.clone(), p.clone()));
                p
            }
        };
        let Some(path) = path else {
            continue;
        };
        // The line a finding names at once, not one its text mentions later.
        let first = c.body.lines().find(|l| !is_field(l)).unwrap_or("");
        let at = locations::at_line(&path, &c.title)
            .or_else(|| locations::at_line(&path, first))
            .unwrap_or(path);
        // `… logins (line 60).`: lines move with the code, and left in the
        // title they would change its id (see `locations::trailing`).
        let t = c.title.trim_end_matches('.').trim_end();
        if let Some(open) = t.strip_suffix(')').and_then(|t| t.rfind('(')) {
            if open > 0 && locations::only_a_line(&t[open + 1..t.len() - 1]) {
                c.title = clean_title(&t[..open]).into();
            }
        }
        c.locations = vec![at].into();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn field_names_are_found_by_their_lower_case_ascii_bytes() {
        for n in FIELD_NAMES {
            assert!(
                n.len() <= FIELD_NAME_MAX,
                "{n} is longer than FIELD_NAME_MAX"
            );
            assert_eq!(*n, n.to_ascii_lowercase(), "{n} is not lower case");
            assert!(is_field_name(n), "{n}");
            assert!(is_field_name(&n.to_ascii_uppercase()), "{n}");
        }
        assert!(!is_field_name("severity level of the finding"));
        assert!(!is_field_name("größe"));
    }

    #[test]
    fn a_colon_is_ascii_or_full_width() {
        assert_eq!(split_colon("Severity: High"), Some(("Severity", " High")));
        assert_eq!(
            split_colon("位置：src/a.go:52"),
            Some(("位置", "src/a.go:52"))
        );
        // U+FE0F and U+FF01 start with 0xEF too, and are no colon.
        assert_eq!(split_colon("⚠️ Risk！: x"), Some(("⚠️ Risk！", " x")));
        assert_eq!(split_colon("no colon ⚠️"), None);
    }

    #[test]
    fn separators_are_found_in_order_with_their_offsets() {
        let found: Vec<_> = separators("a · b • c — d – e | f; g, h. i-j/k").collect();
        let seps: Vec<&str> = found.iter().map(|&(_, s)| s).collect();
        assert_eq!(seps, ["·", "•", "—", "–", "|", ";", ",", ".", "-", "/"]);
        let text = "a · b • c — d – e | f; g, h. i-j/k";
        for (i, s) in found {
            assert!(text[i..].starts_with(s), "{s} at {i}");
        }
    }
}
