//! Audit text → `Audit`: every finding a careful reader would list, once.
//!
//! Pure: takes text, returns values. Reading files is `input`'s job.

mod dedup;
mod extract;
mod lines;
mod locations;
mod meta;
mod pieces;
mod plain;
mod title;
pub mod words;

use std::collections::HashMap;
use std::sync::Arc;

pub use locations::path_of;
pub use meta::parse_date;
pub use words::Vocabulary;

use crate::memo::Memo;
use crate::model::{Audit, Counts, Finding, Severity, Warning, WarningCode};
use crate::text::fingerprint;

/// The hasher of the reader's sets and maps that are only looked up, never
/// walked, and keyed by the document's own text: foldhash serves them as
/// well as SipHash, for less.
type FastHash = foldhash::fast::RandomState;

/// Reads one audit document. `text` may use any line endings.
pub fn parse(text: &str, source: &str, vocab: &Vocabulary) -> Audit {
    Reader::once(vocab).read(text, source)
}

/// Reads the passes of one audit one after another. A piece of text that
/// a pass shares with a pass read before by the same reader is not split
/// into lines again (see `pieces`), and a line, title or body it shares is
/// not read again (see `memo`): a history of many passes costs little more
/// per pass than what changed in it. The result is always `parse`'s.
pub struct Reader<'v> {
    vocab: &'v Vocabulary,
    lexicon: words::Lexicon<'v>,
    pieces: pieces::Memory,
    memos: extract::Memos,
    merges: dedup::Memos,
    /// Fingerprints of titles.
    ids: Memo<Arc<str>>,
}

impl<'v> Reader<'v> {
    pub fn new(vocab: &'v Vocabulary) -> Reader<'v> {
        Reader::remembering(vocab, true)
    }

    /// A reader for one document: it remembers nothing, which would only cost.
    pub fn once(vocab: &'v Vocabulary) -> Reader<'v> {
        Reader::remembering(vocab, false)
    }

    fn remembering(vocab: &'v Vocabulary, on: bool) -> Reader<'v> {
        Reader {
            vocab,
            lexicon: words::Lexicon::new(vocab),
            pieces: pieces::Memory::new(on),
            memos: extract::Memos::new(on),
            merges: dedup::Memos::new(on),
            ids: Memo::keeping(on),
        }
    }

    /// Reads one audit document. `text` may use any line endings.
    pub fn read(&mut self, text: &str, source: &str) -> Audit {
        let normalised;
        let text = if text.contains('\r') {
            normalised = text.replace("\r\n", "\n").replace('\r', "\n");
            normalised.as_str()
        } else {
            text
        };
        let audit = self.read_markdown(text, source);
        // An audit handed back inside a ```markdown block is code to a
        // markdown reader, but for what follows the block's first inner
        // fence, which closes it: read the block's body, rather than report
        // an audit that holds nothing or its tail (a diff would call the
        // rest resolved). A document that only shows markdown in a block
        // holds more findings outside it.
        let Some((line, inner)) = lines::fenced_markdown(text) else {
            return audit;
        };
        let mut inside = self.read_markdown(&inner, source);
        if inside.findings.len() <= audit.findings.len() {
            return audit;
        }
        inside.warnings.push(Warning {
            code: WarningCode::FencedAudit,
            message: "the audit is inside a ```markdown code block; read from there".to_string(),
            line: Some(line),
        });
        inside
    }

    fn read_markdown(&mut self, text: &str, source: &str) -> Audit {
        let (vocab, lexicon) = (self.vocab, &self.lexicon);
        let mut doc = pieces::split(text, &mut self.pieces);
        // Only a line that rates or names findings: inside a finding, bold
        // lines head its parts (`**Pros of current approach:**`). A bold
        // title over its fields (`**Fallback fragility:**` over `- Issue:
        // …`) is a finding's.
        let rated = |w: &str| {
            lexicon
                .severity_word(w)
                .is_some_and(|(_, st)| st != words::Strength::Weak)
        };
        doc.bold_headings(|t, first| {
            !extract::is_field(first)
                && (lexicon
                    .section_rule(t)
                    .is_some_and(|r| r.severity.is_some() || r.role == Some(words::Role::Findings))
                    || t.split_whitespace().next().is_some_and(rated))
        });
        // Mostly prose reads as a scraped page; but long prose under a few
        // markdown findings is still markdown, so a page read finding nothing
        // is read again as markdown.
        let candidates = match doc.is_plain().then(|| plain::extract(lexicon, &doc.lines)) {
            Some(c) if !c.is_empty() => c,
            _ => extract::extract(lexicon, &self.memos, &doc),
        };
        let merged = dedup::merge(candidates, &mut self.merges);
        let meta = meta::read(lexicon, &doc, lines::front_matter(text));
        audit_of(merged, &doc, meta, source, vocab, &mut self.ids)
    }
}

/// The audit read from a document's merged candidates and its head.
fn audit_of(
    merged: Vec<extract::Candidate>,
    doc: &lines::Doc,
    meta: meta::Meta,
    source: &str,
    vocab: &Vocabulary,
    ids: &mut Memo<Arc<str>>,
) -> Audit {
    let mut warnings = Vec::new();
    let mut findings = Vec::with_capacity(merged.len());
    let mut seen: HashMap<Arc<str>, usize, foldhash::fast::RandomState> = HashMap::default();
    let mut assumed = 0usize;
    let mut first_assumed = None;
    // (line, title, own rating, the repeat's rating, the repeat's line)
    let mut conflicts = Vec::new();
    for c in merged {
        if let (Some((own, _)), Some((other, at))) = (c.severity, c.rated_elsewhere) {
            conflicts.push((c.line, c.title.clone(), own, other, at));
        }
        let (severity, severity_assumed) = match c.severity {
            Some((s, words::Strength::Implied)) => (vocab.adjust_implied(s, &c.title), false),
            Some((s, _)) => (s, false),
            None => {
                assumed += 1;
                first_assumed.get_or_insert(c.line);
                (vocab.default_severity, true)
            }
        };
        // A remembered candidate's id stands for its title (see `Candidate::id`).
        let mut id = ids.get_id(
            c.id,
            |k| k.extend_from_slice(c.title.as_bytes()),
            || fingerprint(&c.title).into(),
        );
        let n = seen.entry(id.clone()).or_insert(0);
        *n += 1;
        if *n > 1 {
            id = format!("{id}-{n}").into();
        }
        findings.push(Finding {
            id,
            reference: c.reference,
            title: c.title,
            severity,
            status: c.status.unwrap_or(crate::model::Status::Open),
            locations: c.locations,
            section: c.section,
            line: c.line,
            end_line: c.end_line.max(c.line),
            severity_assumed,
            closed_elsewhere: c.closed_elsewhere,
            body: c.body,
        });
    }
    if assumed > 0 {
        warnings.push(Warning {
            code: WarningCode::NoSeverity,
            message: format!(
                "{assumed} finding(s) state no severity; assumed {}",
                vocab.default_severity
            ),
            line: first_assumed,
        });
    }
    if let Some((line, title, own, other, at)) = conflicts.first() {
        let more = match conflicts.len() {
            1 => String::new(),
            n => format!(" (and {} more)", n - 1),
        };
        warnings.push(Warning {
            code: WarningCode::SeverityConflict,
            message: format!(
                "{} finding(s) rated otherwise where repeated: \"{title}\" is {own} here, {other} at line {at}{more}; each finding's own rating is read",
                conflicts.len()
            ),
            line: Some(*line),
        });
    }
    if findings.is_empty() {
        warnings.push(Warning {
            code: WarningCode::NoFindings,
            message: "no finding was recognised in the document".to_string(),
            line: None,
        });
    }
    if let Some(declared) = &meta.declared_counts {
        let mut all = Counts::default();
        for f in &findings {
            all.add(f.severity);
        }
        for sev in Severity::ALL {
            if let Some(&d) = declared.get(sev.as_str()) {
                let got = all.get(sev);
                if d != got {
                    warnings.push(Warning {
                        code: WarningCode::DeclaredCountMismatch,
                        message: format!(
                            "the document declares {d} {sev} finding(s); {got} were read"
                        ),
                        line: None,
                    });
                }
            }
        }
    }
    // Only a document without findings needs these: is it empty on purpose,
    // or a stub pointing elsewhere?
    let (states_no_findings, points_to) = if findings.is_empty() {
        (
            meta::says_no_findings(doc)
                || meta
                    .declared_counts
                    .as_ref()
                    .is_some_and(|d| !d.is_empty() && d.values().all(|&n| n == 0)),
            meta::moved_to(doc),
        )
    } else {
        (false, None)
    };
    let last_finding = findings.iter().map(|f| f.end_line.max(f.line)).max();
    let closing = doc
        .lines
        .iter()
        .rev()
        .find(|l| l.is_heading())
        .filter(|h| last_finding.is_some_and(|end| h.no > end))
        .map(|h| h.text.trim().to_string());
    Audit {
        source: source.to_string(),
        title: meta.title,
        date: meta.date,
        declared_counts: meta.declared_counts,
        overall_risk: meta.overall_risk,
        findings,
        warnings,
        states_no_findings,
        points_to,
        closing,
    }
}
