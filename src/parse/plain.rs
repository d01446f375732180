//! Documents with no markdown at all: a page scraped from a web view.
//!
//! What is left of the structure is the rhythm of the lines: a severity line
//! (`P1 — High`), then a short title line and its long paragraph, again and
//! again. Where the scrape lost the break between a title and its paragraph,
//! the paragraph usually starts with a code name (`trash.py has …`) and the
//! title is cut there.

use std::sync::Arc;

use super::extract::{locations_of, Candidate, Shape};
use super::lines::Line;
use super::locations;
use super::title::clean_title;
use super::words::{Lexicon, Role, Strength};
use crate::model::Severity;

/// `P1 — High`, `Critical`, `P2 - Medium`: a line that only names a severity.
fn severity_line(vocab: &Lexicon, text: &str) -> Option<Severity> {
    let toks: Vec<&str> = text
        .split(|c: char| c.is_whitespace() || matches!(c, '—' | '–' | '-' | ':' | '|'))
        .filter(|t| !t.is_empty())
        .collect();
    if toks.is_empty() || toks.len() > 3 {
        return None;
    }
    let mut sev = None;
    for t in &toks {
        let (s, _) = vocab.severity_word(t)?;
        sev.get_or_insert(s);
    }
    sev
}

/// `P1 — Consolidate gallery iterators: …`: a severity, a dash, a task.
fn severity_led(vocab: &Lexicon, text: &str) -> Option<(Severity, String)> {
    let (head, rest) = text.split_once([' ', '\t'])?;
    let rest = rest.trim_start().strip_prefix(['—', '–', '-', ':'])?.trim();
    let (s, st) = vocab.severity_word(head)?;
    (st == Strength::Explicit && rest.split_whitespace().count() >= 3)
        .then(|| (s, rest.to_string()))
}

fn ends_sentence(text: &str) -> bool {
    text.trim_end().ends_with(['.', '!', '?'])
}

fn is_title_like(text: &str) -> bool {
    text.chars().count() <= 200 && !ends_sentence(text)
}

fn is_heading_like(vocab: &Lexicon, text: &str, next: Option<&str>) -> bool {
    let short =
        text.chars().count() <= 60 && !ends_sentence(text) && text.split_whitespace().count() <= 8;
    if !short {
        return false;
    }
    if vocab
        .section_rule(text)
        .is_some_and(|r| matches!(r.role, Some(Role::Plan | Role::Summary)))
    {
        return true;
    }
    match next {
        None => true,
        Some(n) => {
            severity_line(vocab, n).is_some()
                || severity_led(vocab, n).is_some()
                || (n.chars().count() <= 100 && !ends_sentence(n))
        }
    }
}

/// Says a section holds nothing: "None identified.", "No issues found."
fn is_nothing(text: &str) -> bool {
    let t = text.trim_start().to_lowercase();
    [
        "none identified",
        "none found",
        "no issues",
        "no findings",
        "none.",
    ]
    .iter()
    .any(|p| t.starts_with(p))
}

/// Where a title and its paragraph ran together: before the first code name
/// (`name()`, `file.py`, `snake_case`) that starts a clause, after 3 words.
fn split_merged(text: &str) -> (String, String) {
    let words: Vec<(usize, &str)> = text
        .split_whitespace()
        .map(|w| (w.as_ptr() as usize - text.as_ptr() as usize, w))
        .collect();
    const JOINERS: &[&str] = &[
        "with", "via", "of", "for", "the", "and", "but", "in", "to", "a", "an", "by", "from",
        "uses", "use", "newer", "older", "on", "or", "at", "as", "is",
    ];
    for k in 3..words.len().saturating_sub(1) {
        let (at, w) = words[k];
        let code = w.contains("()")
            || w.contains('_')
            || w.rsplit_once('.').is_some_and(|(a, b)| {
                !a.is_empty()
                    && (2..=4).contains(&b.len())
                    && b.chars().all(|c| c.is_ascii_lowercase())
            });
        let prev = words[k - 1].1.to_lowercase();
        let next = words[k + 1].1;
        let verb_follows = next.chars().next().is_some_and(|c| c.is_lowercase())
            && next.chars().all(|c| c.is_alphabetic());
        if code && verb_follows && !JOINERS.contains(&prev.as_str()) {
            return (text[..at].trim().to_string(), text[at..].to_string());
        }
    }
    let cut = text.find(". ").map_or(text.len(), |i| i + 1);
    let title: String = text[..cut].chars().take(160).collect();
    (title, text.to_string())
}

pub fn extract(vocab: &Lexicon, lines: &[Line]) -> Vec<Candidate> {
    let mut out: Vec<Candidate> = Vec::new();
    let mut sev: Option<Severity> = None;
    let mut role: Option<Role> = None;
    let mut section: Option<Arc<str>> = None;
    let mut expect_title = false;
    // A scraped page often holds a second copy of itself (a print view, a
    // collapsed panel): once a long line repeats word for word, the rest is
    // a copy, whose findings can only repeat the first ones.
    let mut seen_long: std::collections::HashSet<&str> = std::collections::HashSet::new();
    let mut in_copy = false;
    for (i, line) in lines.iter().enumerate() {
        let text = line.text.trim();
        if text.len() >= 80 && !seen_long.insert(text) {
            in_copy = true;
        }
        let next = lines.get(i + 1).map(|l| l.text.trim());
        if let Some(s) = severity_line(vocab, text) {
            sev = Some(s);
            section = Some(text.into());
            expect_title = true;
            continue;
        }
        if let Some((s, task)) = severity_led(vocab, text) {
            let mut locs = Vec::new();
            locations::find(&task, &mut locs);
            out.push(Candidate {
                shape: Shape::Plain,
                primary: role != Some(Role::Plan) && !in_copy,
                keep_alone: role != Some(Role::Plan) && !in_copy,
                line: line.no,
                end_line: line.no,
                reference: None,
                title: clean_title(task.split_once(": ").map_or(task.as_str(), |(t, _)| t)).into(),
                severity: Some((s, Strength::Explicit)),
                status: None,
                locations: locs.into(),
                section: section.clone(),
                body: task.as_str().into(),
                closed_elsewhere: false,
                rated_elsewhere: None,
                own_status: false,
                own_severity: false,
                id: 0,
            });
            expect_title = false;
            continue;
        }
        if is_heading_like(vocab, text, next) {
            sev = None;
            role = vocab.section_rule(text).and_then(|r| r.role);
            section = Some(text.into());
            expect_title = false;
            continue;
        }
        let Some(s) = sev else { continue };
        if role == Some(Role::Plan) {
            continue;
        }
        if is_nothing(text) {
            expect_title = true;
            continue;
        }
        let title_like = is_title_like(text);
        if !expect_title && !title_like {
            // More of the current finding's paragraph.
            if let Some(last) = out.last_mut() {
                if last.body.len() < 4000 {
                    last.body = format!("{}\n{text}", last.body).into();
                }
                last.end_line = line.no;
                let mut found = Vec::new();
                locations::find(text, &mut found);
                if !found.is_empty() {
                    last.locations = locations_of(last.locations.to_vec(), found);
                }
            }
            // One paragraph per finding: what follows is the next title.
            expect_title = true;
            continue;
        }
        let (title, body) = if title_like {
            (text.to_string(), String::new())
        } else {
            split_merged(text)
        };
        let mut locs = Vec::new();
        locations::find(&body, &mut locs);
        out.push(Candidate {
            shape: Shape::Plain,
            primary: !in_copy,
            keep_alone: !in_copy,
            line: line.no,
            end_line: line.no,
            reference: None,
            title: clean_title(&title).into(),
            severity: Some((s, Strength::Explicit)),
            status: None,
            locations: locs.into(),
            section: section.clone(),
            body: body.into(),
            closed_elsewhere: false,
            rated_elsewhere: None,
            own_status: false,
            own_severity: false,
            id: 0,
        });
        expect_title = false;
        // A title line expects its paragraph; a merged line already had it.
        if !title_like {
            expect_title = true;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn merged_title_is_cut_before_the_code_name() {
        let (t, _) = split_merged("dir_size() and _dir_size() modules are duplicated trash.py has both a module-level dir_size().");
        assert_eq!(t, "dir_size() and _dir_size() modules are duplicated");
        let (t, _) = split_merged(
            "health.py defines routes via Blueprint but app.py registers them redundantly via app.add_url_rule health.py creates a health_bp Blueprint.",
        );
        assert_eq!(t, "health.py defines routes via Blueprint but app.py registers them redundantly via app.add_url_rule");
    }

    #[test]
    fn severity_lines() {
        let v = crate::parse::Vocabulary::default();
        let v = Lexicon::new(&v);
        assert_eq!(severity_line(&v, "P1 — High"), Some(Severity::High));
        assert_eq!(severity_line(&v, "Top Findings"), None);
        assert_eq!(
            severity_led(&v, "P2 — Add tests for _load_route_overrides()").map(|x| x.0),
            Some(Severity::Medium)
        );
    }
}
