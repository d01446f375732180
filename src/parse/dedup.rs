//! One finding, counted once.
//!
//! Audits repeat their findings: a severity summary table, an action plan,
//! a "fixes applied" list, a second copy of a scraped page. Repeats are
//! matched to the detailed occurrence, lend it what it lacks (a stronger
//! severity, a closing status confirmed by ref), and are dropped; a repeat
//! that matches nothing is kept only when it carries a finding's weight
//! (a severity in a summary table, a done item in a plan).

use std::collections::{HashMap, HashSet};

use super::extract::{Candidate, Shape};
use crate::model::Status;
use memchr::memmem;

use crate::text::{
    block_keys, common, dice, squash, squash_into, word_hashes_into, word_set, Blocker,
};

struct Indexed {
    /// Sorted, unique (see `word_set`).
    title_words: Vec<u64>,
    /// Title and body words, sorted, unique.
    all_words: Vec<u64>,
    squashed: String,
}

fn norm_ref(r: &Option<String>) -> Option<String> {
    let r = r.as_ref()?.to_lowercase();
    let r = r
        .trim_start_matches("issue")
        .trim_start_matches("finding")
        .trim_start_matches("task")
        .trim()
        .trim_start_matches('#')
        .trim()
        .trim_end_matches(['.', ':']);
    (!r.is_empty()).then(|| r.to_string())
}

/// A repeat, read once for scoring against all its candidates.
struct Probe<'a> {
    sec: &'a Candidate,
    words: Vec<u64>,
    /// Searcher for the squashed title, when long enough to be worth a search.
    squashed: Option<memmem::Finder<'a>>,
    reference: Option<String>,
}

struct Score {
    value: f64,
    /// Strong enough to let the repeat change the finding's status.
    by_ref: bool,
}

/// The file name of a location, without directories and lines.
fn base(l: &str) -> &str {
    let name = l.rsplit('/').next().unwrap_or(l);
    name.split(':').next().unwrap_or("")
}

fn score(s: &Probe, p: &Candidate, p_ref: &Option<String>, pi: &Indexed) -> Option<Score> {
    let sec = s.sec;
    let sw = &s.words;
    let d = dice(sw, &pi.title_words);
    let cont = if sw.is_empty() {
        0.0
    } else {
        common(sw, &pi.all_words) as f64 / sw.len() as f64
    };
    let ref_eq = s.reference.is_some() && s.reference == *p_ref;
    let loc_exact = sec
        .locations
        .iter()
        .any(|l| l.contains(':') && p.locations.contains(l));
    let loc_same = sec.locations.iter().any(|l| {
        let b = base(l);
        p.locations.iter().any(|pl| base(pl) == b)
    });
    // A critical task is not a repeat of an informational note, whatever the words.
    if let (Some(a), Some(b)) = (sec.severity, p.severity) {
        let gap = (a.0 as i32 - b.0 as i32).abs();
        if gap >= 3 && !ref_eq && d < 0.7 {
            return None;
        }
    }
    let accept = d >= 0.5
        || (ref_eq && (d >= 0.2 || cont >= 0.5))
        || (cont >= 0.75 && sw.len() >= 3)
        || (loc_exact && cont >= 0.4)
        || (loc_same && d >= 0.35)
        // Word-for-word inside the finding's text: last, as it is the dearest test.
        || s
            .squashed
            .as_ref()
            .is_some_and(|f| f.find(pi.squashed.as_bytes()).is_some());
    if !accept {
        return None;
    }
    let value = d
        + 0.3 * cont
        + if ref_eq { 0.4 } else { 0.0 }
        + if loc_exact {
            0.2
        } else if loc_same {
            0.1
        } else {
            0.0
        };
    Some(Score {
        value,
        by_ref: ref_eq && (d >= 0.3 || cont >= 0.6),
    })
}

fn index(c: &Candidate) -> Indexed {
    let title_words = word_set(&c.title);
    let mut all_words = title_words.clone();
    word_hashes_into(&c.body, &mut all_words);
    all_words.sort_unstable();
    all_words.dedup();
    let mut sq = String::with_capacity(c.title.len() + c.body.len());
    squash_into(&c.title, &mut sq);
    squash_into(&c.body, &mut sq);
    Indexed {
        title_words,
        all_words,
        squashed: sq,
    }
}

/// The start of a title that, found word for word in another finding's
/// text, shows a copied page or a pasted section.
fn copy_probe(c: &Candidate) -> Option<String> {
    let sq = squash(&c.title);
    let probe: String = sq.chars().take(48).collect();
    (probe.len() >= 16).then_some(probe)
}

pub fn merge(cands: Vec<Candidate>) -> Vec<Candidate> {
    let (prim, sec): (Vec<Candidate>, Vec<Candidate>) = cands.into_iter().partition(|c| c.primary);

    // Primaries: drop verbatim copies (the same finding pasted twice).
    let mut primaries: Vec<Candidate> = Vec::new();
    let mut idx: Vec<Indexed> = Vec::new();
    let mut by_title: HashMap<(String, Option<String>), usize> = HashMap::new();
    for c in prim {
        let key = (squash(&c.title), norm_ref(&c.reference));
        if let Some(&k) = by_title.get(&key) {
            if c.body.len() > primaries[k].body.len() {
                let keep_line = primaries[k].line;
                primaries[k] = Candidate {
                    line: keep_line,
                    ..c
                };
                idx[k] = index(&primaries[k]);
            }
            continue;
        }
        if c.shape == Shape::Plain {
            if let Some(probe) = copy_probe(&c) {
                let finder = memmem::Finder::new(probe.as_bytes());
                if idx
                    .iter()
                    .any(|p| finder.find(p.squashed.as_bytes()).is_some())
                {
                    continue;
                }
            }
        }
        by_title.insert(key, primaries.len());
        idx.push(index(&c));
        primaries.push(c);
    }
    let prim_refs: Vec<Option<String>> = primaries.iter().map(|p| norm_ref(&p.reference)).collect();

    // Candidates share a rare title word, pair of title words, or body word.
    let mut blocker = Blocker::default();
    for (i, p) in idx.iter().enumerate() {
        blocker.add(i, &block_keys(&p.title_words, &p.all_words));
    }
    let mut by_ref: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, r) in prim_refs.iter().enumerate() {
        if let Some(r) = r {
            by_ref.entry(r.as_str()).or_default().push(i);
        }
    }

    struct Pair {
        value: f64,
        sec: usize,
        prim: usize,
        by_ref: bool,
    }
    let mut pairs: Vec<Pair> = Vec::new();
    let squashed: Vec<String> = sec.iter().map(|s| squash(&s.title)).collect();
    for (si, s) in sec.iter().enumerate() {
        let probe = Probe {
            sec: s,
            words: word_set(&s.title),
            squashed: (squashed[si].len() >= 20)
                .then(|| memmem::Finder::new(squashed[si].as_bytes())),
            reference: norm_ref(&s.reference),
        };
        let mut cand = blocker.candidates(&block_keys(&probe.words, &probe.words), 64);
        if let Some(r) = &probe.reference {
            if let Some(list) = by_ref.get(r.as_str()) {
                cand.extend(list);
            }
        }
        cand.sort_unstable();
        cand.dedup();
        for pi in cand {
            if let Some(sc) = score(&probe, &primaries[pi], &prim_refs[pi], &idx[pi]) {
                pairs.push(Pair {
                    value: sc.value,
                    sec: si,
                    prim: pi,
                    by_ref: sc.by_ref,
                });
            }
        }
    }
    pairs.sort_by(|a, b| {
        b.value
            .total_cmp(&a.value)
            .then(a.sec.cmp(&b.sec))
            .then(a.prim.cmp(&b.prim))
    });

    // Rows of one summary table name distinct findings; other repeats may share one.
    let mut sec_done = vec![false; sec.len()];
    let mut row_claimed: HashSet<(Option<String>, usize)> = HashSet::new();
    for pair in &pairs {
        if sec_done[pair.sec] {
            continue;
        }
        let s = &sec[pair.sec];
        if s.shape == Shape::Row {
            let key = (s.section.clone(), pair.prim);
            if row_claimed.contains(&key) {
                continue;
            }
            row_claimed.insert(key);
        }
        sec_done[pair.sec] = true;
        let p = &mut primaries[pair.prim];
        if let Some(ss) = s.severity {
            if p.severity.is_none_or(|ps| ss.1 > ps.1) {
                p.severity = Some(ss);
            }
        }
        // A list that closes a finding by ref (a false-positive table, a
        // fixes-applied list) is the author's word on it even where the
        // finding's own heading was left as it was.
        let closes = s.status.is_some_and(|st| st != Status::Open);
        if closes && pair.by_ref && p.status.is_none_or(|st| st == Status::Open) {
            p.status = s.status;
            p.closed_elsewhere = true;
        }
        if p.locations.is_empty() {
            p.locations = s.locations.clone();
        }
    }
    for (si, s) in sec.into_iter().enumerate() {
        if sec_done[si] || !s.keep_alone {
            continue;
        }
        let key = (squash(&s.title), norm_ref(&s.reference));
        if by_title.contains_key(&key) {
            continue;
        }
        by_title.insert(key, primaries.len());
        primaries.push(s);
    }
    primaries.sort_by_key(|c| c.line);
    primaries
}
