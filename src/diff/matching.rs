//! Which finding of the old pass is which finding of the new one.
//!
//! Titles get reworded, refs renumbered, lines shifted and sections moved
//! between passes, so no single key identifies a finding. Evidence is
//! weighed in stages, strongest first:
//!  1. the same fingerprint (the normalised title) — certain for a title
//!     each pass holds once; a repeated one is paired by place and ref;
//!  2. the same ref with a compatible title — a ref alone is not proof,
//!     since refs are reused for other findings;
//!  3. a similarity over the title words, the location paths (not lines)
//!     and the body words, for candidates that share a rare title word or
//!     a path (an inverted index keeps this near-linear);
//!  4. the same place: one finding left alone on each side at one file
//!     and line, or near it (see stage 4 below).
//!
//! Pairs are then taken best-first, one to one, so two old findings never
//! claim the same new one.

use std::collections::HashMap;
use std::sync::Arc;

use serde::Serialize;

use crate::memo::{write_parts, Memo};
use crate::model::Finding;
use crate::parse::path_of;
use crate::text::{block_keys, dice, hash_set, word_hashes_upto, word_set, Blocker};

/// How many candidates one finding is compared with at most (plus same-ref ones).
const CANDIDATES: usize = 128;

/// Below this, a similarity pair is not a match.
pub const THRESHOLD: f64 = 0.5;

/// Findings of one title in both passes past which stage 1 pairs them by
/// order instead of by evidence (a pathological pass: 100 copies a side).
const GROUP_PAIRS: usize = 10_000;

/// How much more alike another candidate must be to take a finding
/// from the one that keeps its ref.
const REF_MARGIN: f64 = 0.25;

/// How far apart, in lines, two spots of one file may be to count as one
/// finding's (see stage 4), and how many pairs of findings left alone at
/// one file stage 4 compares at most (past that, a file names too many to
/// tell them apart by place).
const NEAR_LINES: u64 = 10;
const NEAR_PAIRS: usize = 10_000;

/// The score two findings that name the same spot need (see stage 4).
const SPOT_THRESHOLD: f64 = 0.35;

/// Distinct words of prose (the body but its fields) each of two findings
/// at one spot, keeping their ref, need for it to pair them: a sentence.
const SPOT_PROSE_WORDS: usize = 10;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Stage {
    Fingerprint,
    Reference,
    Similarity,
    Location,
}

/// Why two findings were paired, or why one was left alone.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Evidence {
    pub stage: Option<Stage>,
    pub score: f64,
    pub title: f64,
    pub paths: f64,
    pub body: f64,
    pub same_ref: bool,
    /// The best other candidate: its index on the other side and its score.
    pub runner_up: Option<(usize, f64)>,
}

#[derive(Clone, Debug)]
pub struct Pair {
    pub old: usize,
    pub new: usize,
    pub evidence: Evidence,
}

pub struct Matching {
    pub pairs: Vec<Pair>,
    /// Best near miss for each unmatched old finding.
    pub old_alone: HashMap<usize, Evidence>,
    pub new_alone: HashMap<usize, Evidence>,
}

/// What matching needs of a finding, computed once: a pass is matched
/// against the one before and the one after it, and closed findings are
/// matched against every later pass.
#[derive(Clone, Debug)]
pub struct Prepared {
    id: Arc<str>,
    /// Shared by every pass that holds the finding unchanged (see
    /// `prepare_remembered`): a copy for each costs more than the reading.
    reading: Arc<Reading>,
}

impl std::ops::Deref for Prepared {
    type Target = Reading;

    fn deref(&self) -> &Reading {
        &self.reading
    }
}

/// What `prepare` reads of a finding but its id.
#[derive(Debug)]
pub struct Reading {
    title: Vec<u64>,
    body: Vec<u64>,
    paths: Vec<String>,
    path_keys: Vec<u64>,
    reference: Option<String>,
    /// Its locations that name lines (`src/orders/views.py:118`).
    spots: Vec<String>,
    /// The words of its body but its fields (`Severity: High`): what it
    /// says in its own words (see stage 4).
    prose: Vec<u64>,
}

/// A body line that is a field (`Severity: Critical`, `Location: a.py:3`):
/// a short key, its colon, and a short value.
fn is_field_line(l: &str) -> bool {
    let l = l.trim_start_matches(|c: char| c == '-' || c == '*' || c.is_whitespace());
    l.split_once(':').is_some_and(|(key, _)| {
        key.len() <= 32
            && key.split_whitespace().count() <= 3
            && !key.contains(['.', ',', ';', '(', '`'])
            && l.split_whitespace().count() <= 8
    })
}

fn norm_ref(r: Option<&str>) -> Option<String> {
    let r = r?.trim().to_lowercase();
    let r = r
        .trim_start_matches("issue")
        .trim_start_matches("finding")
        .trim_start_matches("task")
        .trim()
        .trim_start_matches('#')
        .trim();
    (!r.is_empty()).then(|| r.to_string())
}

/// `prepare`, its answer remembered in `memo` for the later passes of a
/// history, where most findings come back unchanged.
pub fn prepare_remembered(f: &Finding, memo: &mut Memo<Prepared>) -> Prepared {
    // All that `prepare` reads but the id, which is the finding's own.
    let key = |k: &mut Vec<u8>| {
        let reference = f.reference.as_deref().map(str::as_bytes);
        let fixed = [
            f.title.as_bytes(),
            f.body.as_bytes(),
            if reference.is_some() { b"r" } else { b"-" },
            reference.unwrap_or_default(),
        ];
        write_parts(
            k,
            fixed
                .into_iter()
                .chain(f.locations.iter().map(|l| l.as_bytes())),
        );
    };
    let mut p = memo.get(key, || prepare(f));
    p.id.clone_from(&f.id);
    p
}

pub fn prepare(f: &Finding) -> Prepared {
    // The first 300 body words: enough to confirm identity, bounded cost.
    let mut body = Vec::new();
    word_hashes_upto(&f.body, &mut body, 300);
    body.truncate(300);
    body.sort_unstable();
    body.dedup();
    let mut paths: Vec<String> = f.locations.iter().map(|l| path_of(l).to_string()).collect();
    paths.sort();
    paths.dedup();
    let path_keys = hash_set(paths.iter());
    let mut spots: Vec<String> = f
        .locations
        .iter()
        .filter(|l| path_of(l).len() < l.len())
        .cloned()
        .collect();
    spots.sort();
    spots.dedup();
    let mut prose = Vec::new();
    for l in f.body.lines().filter(|l| !is_field_line(l)) {
        if prose.len() >= 300 {
            break;
        }
        word_hashes_upto(l, &mut prose, 300);
    }
    prose.sort_unstable();
    prose.dedup();
    Prepared {
        id: f.id.clone(),
        reading: Arc::new(Reading {
            title: word_set(&f.title),
            body,
            path_keys,
            paths,
            reference: norm_ref(f.reference.as_deref()),
            spots,
            prose,
        }),
    }
}

fn jaccard(a: &[String], b: &[String]) -> f64 {
    if a.is_empty() || b.is_empty() {
        return 0.0;
    }
    let common = a.iter().filter(|x| b.contains(x)).count();
    common as f64 / (a.len() + b.len() - common) as f64
}

fn similarity(o: &Prepared, n: &Prepared) -> Evidence {
    weigh(o, n, jaccard(&o.paths, &n.paths))
}

/// The evidence of `similarity`, with the paths' share given.
fn weigh(o: &Prepared, n: &Prepared, paths: f64) -> Evidence {
    let title = dice(&o.title, &n.title);
    let body = dice(&o.body, &n.body);
    let same_ref = o.reference.is_some() && o.reference == n.reference;
    // Title words carry most of the identity; paths and body confirm it.
    // Weights are renormalised over the evidence both sides have.
    let mut score = 0.6 * title;
    let mut weight = 0.6;
    if !o.paths.is_empty() && !n.paths.is_empty() {
        score += 0.25 * paths;
        weight += 0.25;
    }
    if o.body.len() >= 5 && n.body.len() >= 5 {
        score += 0.15 * body;
        weight += 0.15;
    }
    Evidence {
        stage: None,
        score: score / weight,
        title,
        paths,
        body,
        same_ref,
        runner_up: None,
    }
}

/// Whether two findings with a title of one or two words (a CONCERNS
/// label such as `**Database layer:**`) are told apart by everything else:
/// each names places, none the same, and their bodies (if they say
/// anything) share little. Such a
/// label names a subject, not a finding, and one subject holds many.
/// A finding that keeps its ref, or a file of the same name (moved to
/// another directory), is not told apart.
fn only_a_label_shared(o: &Prepared, n: &Prepared, ev: &Evidence) -> bool {
    fn file(p: &str) -> &str {
        p.rsplit('/').next().unwrap_or(p)
    }
    o.title.len() <= 2
        && n.title.len() <= 2
        && !ev.same_ref
        && !o.paths.is_empty()
        && !n.paths.is_empty()
        && ev.paths == 0.0
        // Bodies that say little tell nothing either way: the places do.
        && (o.body.len() < 5 || n.body.len() < 5 || ev.body < 0.4)
        && !o
            .paths
            .iter()
            .any(|p| n.paths.iter().any(|m| file(m) == file(p)))
}

/// The fingerprint of a finding's title: its id without the `-n` that
/// tells a repeated title's findings apart.
fn title_id(id: &str) -> &str {
    id.split_once('-').map_or(id, |(t, _)| t)
}

/// The findings of each side not yet paired, by a key of each spot they
/// name (the spot itself, or its file).
fn spots_alone<'a>(
    po: &[&'a Prepared],
    pn: &[&'a Prepared],
    old_used: &[bool],
    new_used: &[bool],
    key: impl Fn(&'a str) -> &'a str,
) -> HashMap<&'a str, (Vec<usize>, Vec<usize>)> {
    let mut at: HashMap<&str, (Vec<usize>, Vec<usize>)> = HashMap::new();
    for (side, (ps, used)) in [(po, old_used), (pn, new_used)].into_iter().enumerate() {
        for (i, p) in ps.iter().enumerate().filter(|(i, _)| !used[*i]) {
            for s in &p.spots {
                let e = at.entry(key(s)).or_default();
                if side == 0 { &mut e.0 } else { &mut e.1 }.push(i);
            }
        }
    }
    at
}

/// The pairs of stage 4 and what they took, for both its rounds.
struct AtSpot<'a> {
    old_used: &'a mut [bool],
    new_used: &'a mut [bool],
    pairs: &'a mut Vec<Pair>,
}

impl AtSpot<'_> {
    /// Pairs `oi` and `ni`, left alone at one spot, if they are one finding.
    fn pair(&mut self, po: &[&Prepared], pn: &[&Prepared], oi: usize, ni: usize, mut ev: Evidence) {
        if one_at_spot(po[oi], pn[ni], &ev) {
            ev.stage = Some(Stage::Location);
            (self.old_used[oi], self.new_used[ni]) = (true, true);
            self.pairs.push(Pair {
                old: oi,
                new: ni,
                evidence: ev,
            });
        }
    }
}

/// Whether two findings left alone at one spot are one finding (see
/// stage 4): they share a title word and score `SPOT_THRESHOLD`, or keep
/// their ref and their prose says the same.
fn one_at_spot(o: &Prepared, n: &Prepared, ev: &Evidence) -> bool {
    let same_prose = ev.same_ref
        && o.prose.len().min(n.prose.len()) >= SPOT_PROSE_WORDS
        && dice(&o.prose, &n.prose) >= THRESHOLD;
    same_prose || ev.title > 0.0 && ev.score >= SPOT_THRESHOLD
}

/// Whether two paths name one file: the same path, or the same file in a
/// renamed or moved directory (the same last two components:
/// `src/auth/apikey.py` and `gateway/auth/apikey.py`).
fn same_file(a: &str, b: &str) -> bool {
    file_key(a) == file_key(b)
}

/// What `same_file` compares: a path's last two components, or the path.
fn file_key(p: &str) -> &str {
    p.rfind('/')
        .map(|i| p[..i].rfind('/').map_or(p, |j| &p[j + 1..]))
        .unwrap_or(p)
}

/// Whether two spots' first lines are within `NEAR_LINES` of each other.
fn lines_near(a: &str, b: &str) -> bool {
    fn first(spot: &str) -> Option<u64> {
        let lines = &spot[path_of(spot).len() + 1..];
        lines.split('-').next()?.parse().ok()
    }
    match (first(a), first(b)) {
        (Some(x), Some(y)) => x.abs_diff(y) <= NEAR_LINES,
        _ => false,
    }
}

fn push_top2(v: &mut Vec<(usize, f64)>, k: usize, score: f64) {
    v.push((k, score));
    v.sort_by(|a, b| b.1.total_cmp(&a.1));
    v.truncate(2);
}

/// Pairs the findings of two passes, given as their `prepare`d forms.
pub fn match_findings(po: &[&Prepared], pn: &[&Prepared]) -> Matching {
    let (old, new) = (po, pn);
    let mut old_used = vec![false; old.len()];
    let mut new_used = vec![false; new.len()];
    let mut pairs = Vec::new();

    // Stage 1: the same fingerprint. A title the pass holds more than once
    // (`SQL injection` in two files; the repeats' ids carry a `-n` suffix)
    // names the finding only with its place: within such a group, pairs go
    // best-first by the rest of the evidence, not by order in the document.
    // Only a repeated title's id carries a suffix: most titles are settled
    // by one lookup.
    let repeated: std::collections::HashSet<&str> = old
        .iter()
        .chain(new)
        .filter(|f| f.id.contains('-'))
        .map(|f| title_id(&f.id))
        .collect();
    let by_id: HashMap<&str, usize> = new.iter().enumerate().map(|(i, f)| (&*f.id, i)).collect();
    let mut take = |oi: usize, ni: usize, mut ev: Evidence| {
        if old_used[oi] || new_used[ni] || only_a_label_shared(po[oi], pn[ni], &ev) {
            return;
        }
        ev.stage = Some(Stage::Fingerprint);
        ev.score = 1.0;
        old_used[oi] = true;
        new_used[ni] = true;
        pairs.push(Pair {
            old: oi,
            new: ni,
            evidence: ev,
        });
    };
    let mut groups: HashMap<&str, (Vec<usize>, Vec<usize>)> = HashMap::new();
    for (oi, f) in old.iter().enumerate() {
        if repeated.contains(title_id(&f.id)) {
            groups.entry(title_id(&f.id)).or_default().0.push(oi);
        } else if let Some(&ni) = by_id.get(&*f.id) {
            // A title each pass holds once: no other pair can want either.
            take(oi, ni, similarity(po[oi], pn[ni]));
        }
    }
    for (ni, f) in new.iter().enumerate() {
        if let Some(g) = groups.get_mut(title_id(&f.id)) {
            g.1.push(ni);
        }
    }
    let mut same_title: Vec<(f64, usize, usize, Evidence)> = Vec::new();
    for (os, ns) in groups.values() {
        same_title.clear();
        if os.len() * ns.len() > GROUP_PAIRS {
            // Past this, by order: the ids already pair one to one.
            for &oi in os {
                if let Some(&ni) = by_id.get(&*old[oi].id) {
                    take(oi, ni, similarity(po[oi], pn[ni]));
                }
            }
            continue;
        }
        for &oi in os {
            for &ni in ns {
                let ev = similarity(po[oi], pn[ni]);
                let spot = po[oi].spots.iter().any(|s| pn[ni].spots.contains(s));
                let rank = ev.score
                    + if ev.same_ref { 0.5 } else { 0.0 }
                    + if spot { 0.5 } else { 0.0 }
                    + if old[oi].id == new[ni].id { 0.01 } else { 0.0 };
                same_title.push((rank, oi, ni, ev));
            }
        }
        same_title.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
        for (_, oi, ni, ev) in same_title.drain(..) {
            take(oi, ni, ev);
        }
    }

    // Candidate generation for stages 2 and 3: shared ref, or a shared rare
    // title word, pair of title words, or path (see `Blocker`).
    let mut blocker = Blocker::default();
    for (ni, p) in pn.iter().enumerate() {
        if !new_used[ni] {
            blocker.add(ni, &block_keys(&p.title, &p.path_keys));
        }
    }
    let mut by_ref: HashMap<&str, Vec<usize>> = HashMap::new();
    for (ni, p) in pn.iter().enumerate() {
        if let (false, Some(r)) = (new_used[ni], p.reference.as_deref()) {
            by_ref.entry(r).or_default().push(ni);
        }
    }

    let mut scored: Vec<(f64, Stage, usize, usize, Evidence)> = Vec::new();
    let mut best_for_old: HashMap<usize, Evidence> = HashMap::new();
    let mut best_for_new: HashMap<usize, Evidence> = HashMap::new();
    let mut top2_old: HashMap<usize, Vec<(usize, f64)>> = HashMap::new();
    let mut top2_new: HashMap<usize, Vec<(usize, f64)>> = HashMap::new();
    for (oi, p) in po.iter().enumerate() {
        if old_used[oi] {
            continue;
        }
        let mut cands = blocker.candidates(&block_keys(&p.title, &p.path_keys), CANDIDATES);
        if let Some(list) = p.reference.as_deref().and_then(|r| by_ref.get(r)) {
            cands.extend(list);
        }
        cands.sort_unstable();
        cands.dedup();
        for ni in cands {
            let ev = similarity(p, pn[ni]);
            let stage = if only_a_label_shared(p, pn[ni], &ev) {
                None
            } else if ev.same_ref && (ev.title >= 0.3 || ev.paths >= 0.5 && ev.title >= 0.15) {
                Some(Stage::Reference)
            } else if ev.score >= THRESHOLD && ev.title >= 0.2 {
                Some(Stage::Similarity)
            } else {
                None
            };
            let keep_best = |slot: &mut HashMap<usize, Evidence>, k: usize, ev: &Evidence| {
                let e = slot.entry(k).or_insert_with(|| ev.clone());
                if ev.score > e.score {
                    *e = ev.clone();
                }
            };
            keep_best(&mut best_for_old, oi, &ev);
            keep_best(&mut best_for_new, ni, &ev);
            push_top2(top2_old.entry(oi).or_default(), ni, ev.score);
            push_top2(top2_new.entry(ni).or_default(), oi, ev.score);
            if let Some(stage) = stage {
                // Ref matches outrank similarity matches of the same score.
                let rank = ev.score + if stage == Stage::Reference { 1.0 } else { 0.0 };
                scored.push((rank, stage, oi, ni, ev));
            }
        }
    }
    // A kept ref outranks likeness, unless either side has another
    // candidate far more alike: numbering restarts, and `F-1` is then
    // another finding while the old `F-1` sits, in its own words and at
    // its own place, under `## Fixed`.
    for (rank, stage, oi, ni, ev) in &mut scored {
        if *stage != Stage::Reference {
            continue;
        }
        let rival = top2_old[&*oi]
            .iter()
            .filter(|(k, _)| k != ni)
            .chain(top2_new[&*ni].iter().filter(|(k, _)| k != oi))
            .map(|(_, s)| *s)
            .fold(0.0, f64::max);
        if rival >= THRESHOLD && rival - ev.score >= REF_MARGIN {
            *rank = ev.score;
        }
    }
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.2.cmp(&b.2)).then(a.3.cmp(&b.3)));

    for (_, stage, oi, ni, mut ev) in scored {
        if old_used[oi] || new_used[ni] {
            continue;
        }
        old_used[oi] = true;
        new_used[ni] = true;
        ev.stage = Some(stage);
        // The runner-up: the best other candidate of either side.
        ev.runner_up = top2_old
            .get(&oi)
            .into_iter()
            .flatten()
            .filter(|(k, _)| *k != ni)
            .chain(
                top2_new
                    .get(&ni)
                    .into_iter()
                    .flatten()
                    .filter(|(k, _)| *k != oi),
            )
            .copied()
            .max_by(|a, b| a.1.total_cmp(&b.1));
        pairs.push(Pair {
            old: oi,
            new: ni,
            evidence: ev,
        });
    }
    // Stage 4: the same place. A finding reworded past recognition
    // ("Missing authorization on order cancellation" → "Unauthorized users
    // can cancel other customers' orders") still names its file and line.
    // Where that spot is named by one finding left alone on each side, and
    // the two share a title word and more than the spot (its path alone
    // scores 0.29), or say the same in their prose, they are one finding.
    let at = spots_alone(po, pn, &old_used, &new_used, |s| s);
    let mut spotted: Vec<(usize, usize)> = at
        .values()
        .filter(|(o, n)| o.len() == 1 && n.len() == 1)
        .map(|(o, n)| (o[0], n[0]))
        .collect();
    spotted.sort_unstable();
    spotted.dedup();
    for (oi, ni) in spotted {
        if old_used[oi] || new_used[ni] {
            continue;
        }
        // Two findings of one line share no title word when one was fixed
        // and another found there; fields alone make their bodies alike.
        // But a title reworded in other words over prose that says the same
        // is one finding. Fields are left out of the prose. Prose says
        // where as often as what (two findings about one view describe the
        // view alike), so it pairs only findings that keep their ref.
        let ev = similarity(po[oi], pn[ni]);
        let mut spot = AtSpot {
            old_used: &mut old_used,
            new_used: &mut new_used,
            pairs: &mut pairs,
        };
        spot.pair(po, pn, oi, ni, ev);
    }
    // Stage 4, near: the code moved a little (`stripe.ts:33` → `:35`) or
    // its directory was renamed (`src/auth/apikey.py:19` →
    // `gateway/auth/apikey.py:19`). One finding left alone on each side
    // near one spot of one file, read as above with the file counted as
    // the same.
    let by_file = spots_alone(po, pn, &old_used, &new_used, |s| file_key(path_of(s)));
    let near = |o: &Prepared, n: &Prepared| {
        o.spots.iter().any(|a| {
            n.spots
                .iter()
                .any(|b| same_file(path_of(a), path_of(b)) && lines_near(a, b))
        })
    };
    let mut near_of_old: HashMap<usize, Vec<usize>> = HashMap::new();
    let mut near_of_new: HashMap<usize, Vec<usize>> = HashMap::new();
    let mut olds = Vec::new();
    for (os, ns) in by_file.values() {
        // One file named by very many findings on both sides pairs none here.
        if os.len().saturating_mul(ns.len()) > NEAR_PAIRS {
            continue;
        }
        for &oi in os {
            for &ni in ns {
                if near(po[oi], pn[ni]) {
                    let v = near_of_old.entry(oi).or_default();
                    if !v.contains(&ni) {
                        v.push(ni);
                        near_of_new.entry(ni).or_default().push(oi);
                    }
                    olds.push(oi);
                }
            }
        }
    }
    olds.sort_unstable();
    olds.dedup();
    {
        for &oi in &olds {
            let [ni] = near_of_old[&oi][..] else { continue };
            if near_of_new[&ni].len() != 1 || new_used[ni] {
                continue;
            }
            let ev = weigh(po[oi], pn[ni], 1.0);
            let mut spot = AtSpot {
                old_used: &mut old_used,
                new_used: &mut new_used,
                pairs: &mut pairs,
            };
            spot.pair(po, pn, oi, ni, ev);
        }
    }
    let old_alone = (0..old.len())
        .filter(|i| !old_used[*i])
        .filter_map(|i| best_for_old.remove(&i).map(|e| (i, e)))
        .collect();
    let new_alone = (0..new.len())
        .filter(|i| !new_used[*i])
        .filter_map(|i| best_for_new.remove(&i).map(|e| (i, e)))
        .collect();
    pairs.sort_by_key(|p| (p.new, p.old));
    Matching {
        pairs,
        old_alone,
        new_alone,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::{parse, Vocabulary};

    #[test]
    fn a_remembered_preparation_is_the_preparation_of_that_finding() {
        let findings = |md: &str| parse(md, "a.md", &Vocabulary::default()).findings;
        let one = "## High\n\n### 1.1 Token logged\n\n**File:** `api/auth.py:10`\n\nThe session token is logged.\n";
        let other = "## Low\n\n### 2.1 Token logged\n\n**File:** `web/app.js:3`\n\nThe CSRF token is logged.\n";
        let a = findings(&format!("{one}\n{other}"));
        let b = findings(other);
        // The same finding under another id (`…-2`, then `…`).
        assert_eq!((a.len(), b.len()), (2, 1));
        assert_eq!(a[1].body, b[0].body);
        assert_ne!(a[1].id, b[0].id);
        // The same title and body, at another place.
        let here = findings("## Low\n\n### 2.1 Token logged (web/app.js:3)\n\nLogged.\n");
        let there = findings("## Low\n\n### 2.1 Token logged (web/api.js:9)\n\nLogged.\n");
        assert_eq!(here[0].title, there[0].title);
        assert_ne!(here[0].locations, there[0].locations);
        let mut memo = Memo::new();
        let all = [a.as_slice(), &b, &here, &there];
        for f in all.iter().chain(&all).flat_map(|fs| fs.iter()) {
            let got = prepare_remembered(f, &mut memo);
            assert_eq!(format!("{got:?}"), format!("{:?}", prepare(f)), "{}", f.id);
        }
    }
}
