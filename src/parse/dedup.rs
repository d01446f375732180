//! One finding, counted once.
//!
//! Audits repeat their findings: a severity summary table, an action plan,
//! a "fixes applied" list, a second copy of a scraped page. Repeats are
//! matched to the detailed occurrence, lend it what it lacks (a stronger
//! severity, a closing status confirmed by ref), and are dropped; a repeat
//! that matches nothing is kept only when it carries a finding's weight
//! (a severity in a summary table, a done item in a plan).

use std::cell::{OnceCell, RefCell};
use std::collections::{HashMap, HashSet};
use std::hash::BuildHasher;
use std::rc::Rc;
use std::sync::Arc;

use memchr::memmem;

use super::extract::{Candidate, Shape};
use super::words::Strength;
use super::FastHash;
use crate::memo::{write_parts, Ids, Kept, Memo};
use crate::model::Status;
use crate::text::{
    block_head, block_keys, extra_key, pair_key, squash, squash_bytes_into, word_hashes_and_grams,
    word_set, GramScan, Grams, KeyHasher,
};

/// Marks a slot that is no repeat word's body key.
const NO_WORD: u32 = u32::MAX;

/// What the repeats look findings up by, known before any finding is
/// indexed: every blocking key of a repeat (a slot each), and every word of
/// a repeat's title (an id each). A finding is indexed only by what some
/// repeat asks for, so a body word no repeat holds costs one lookup and
/// nothing else, and a repeat's words are compared by id in a bit set.
struct Queries {
    slots: HashMap<u64, u32, KeyHasher>,
    /// For each slot that is the `extra_key` of a repeat word, that word's id.
    word_of: Vec<u32>,
    words: usize,
    /// For each repeat, the slot of each of its keys, in the order of its keys.
    key_slots: Vec<Vec<u32>>,
    /// A bit per slot key hash: most body words are ruled out without a probe of `slots`.
    bloom: Vec<u64>,
}

const BLOOM_BITS: u32 = 18;

fn bloom_bit(k: u64) -> usize {
    (k.wrapping_mul(0x9e37_79b9_7f4a_7c15) >> (64 - BLOOM_BITS)) as usize
}

impl Queries {
    fn new(repeats: &[Kept<TitleWords>]) -> Queries {
        let keys = repeats.iter().map(|r| &r.keys);
        let mut q = Queries {
            slots: HashMap::with_hasher(KeyHasher),
            word_of: Vec::new(),
            words: 0,
            key_slots: Vec::with_capacity(repeats.len()),
            bloom: Vec::new(),
        };
        if keys.clone().all(|k| k.is_empty()) {
            q.key_slots.resize(repeats.len(), Vec::new());
            return q;
        }
        // Sized once: growing a table rehashes all it holds.
        let all: usize = keys.clone().map(Vec::len).sum();
        q.slots.reserve(all);
        q.word_of.reserve(all);
        q.bloom = vec![0; 1 << (BLOOM_BITS - 6)];
        for ks in keys {
            let mut slots = Vec::with_capacity(ks.len());
            for &k in ks {
                let n = q.slots.len() as u32;
                let slot = *q.slots.entry(k).or_insert(n);
                if slot == n {
                    q.word_of.push(NO_WORD);
                    let b = bloom_bit(k);
                    q.bloom[b >> 6] |= 1 << (b & 63);
                }
                slots.push(slot);
            }
            q.key_slots.push(slots);
        }
        for &w in repeats.iter().flat_map(|r| &r.words) {
            // A repeat's keys hold the extra key of each of its words.
            if let Some(&slot) = q.slots.get(&extra_key(w)) {
                if q.word_of[slot as usize] == NO_WORD {
                    q.word_of[slot as usize] = q.words as u32;
                    q.words += 1;
                }
            }
        }
        q
    }

    fn slot(&self, k: u64) -> Option<u32> {
        let b = bloom_bit(k);
        if self
            .bloom
            .get(b >> 6)
            .is_none_or(|w| w & (1 << (b & 63)) == 0)
        {
            return None;
        }
        self.slots.get(&k).copied()
    }

    /// The id of a repeat word.
    fn word(&self, w: u64) -> Option<u32> {
        let slot = self.slot(extra_key(w))?;
        let id = self.word_of[slot as usize];
        (id != NO_WORD).then_some(id)
    }
}

/// A finding (primary), read once for all the repeats that may match it.
struct Indexed {
    /// What it holds of what the repeats ask.
    holdings: Kept<Holdings>,
    /// Set when some search may need them.
    grams: Option<Grams>,
    /// Its scan as remembered across passes (which keeps its squashed text).
    scanned: Option<Rc<Scanned>>,
    /// Title and body, squashed, when no scan is remembered.
    squashed: OnceCell<Vec<u8>>,
}

/// What a finding holds of the repeats' words and keys: the same for every
/// pass whose repeats ask the same (see `Memos::queries`).
#[derive(Default)]
struct Holdings {
    /// Number of words of the title (see `word_set`).
    title_len: usize,
    /// The repeat words it holds, two bits per id (see `Holds`; empty when
    /// none): a repeat's few words are looked up here, where walking the
    /// finding's many words for each repeat cost far more.
    holds: Vec<u64>,
    /// Slots of its blocking keys (`block_keys(title, title and body words)`),
    /// unique, in no particular order.
    slots: Vec<u32>,
}

impl Indexed {
    /// Title and body, squashed: built only when a search reaches this finding.
    fn squashed(&self, c: &Candidate) -> &[u8] {
        let cell = self
            .scanned
            .as_ref()
            .map_or(&self.squashed, |s| &s.squashed);
        cell.get_or_init(|| {
            let mut sq = Vec::with_capacity(c.title.len() + c.body.len());
            squash_bytes_into(&c.title, &mut sq);
            squash_bytes_into(&c.body, &mut sq);
            sq
        })
    }

    /// Whether the squashed title and body may hold `needle` (with `grams`).
    fn may_hold(&self, grams: &Grams) -> bool {
        self.grams.as_ref().is_none_or(|g| grams.within(g))
    }
}

/// Buffers reused from one finding to the next.
#[derive(Default)]
struct Scratch {
    title: Vec<u64>,
    body: Vec<u64>,
    slots: SlotScratch,
}

/// Buffers for a finding's blocking-key slots (see `holdings`).
#[derive(Default)]
struct SlotScratch {
    slots: Vec<u32>,
    /// For each slot, the call of `index` that last took it: slots are
    /// kept unique as they come, without a sort (their order is of no
    /// account, see `Lists`).
    taken: Vec<u32>,
    call: u32,
}

/// The words and letter pairs of a candidate's title and body: what
/// `index` reads of the candidate alone, which a history's later passes
/// ask for again (see `memo`).
pub struct Scanned {
    /// Title word hashes, sorted and unique.
    title: Vec<u64>,
    body: Vec<u64>,
    grams: Grams,
    /// Title and body squashed, once a search asked for them.
    squashed: OnceCell<Vec<u8>>,
    /// Its holdings for the queries of the generation given (see `Memos::queries`).
    holdings: RefCell<Option<(u64, Rc<Holdings>)>>,
}

/// Scans `c` into `title` and `body` (cleared first): one pass over the
/// text for its words and its squashed pairs.
fn scan_into(c: &Candidate, title: &mut Vec<u64>, body: &mut Vec<u64>) -> Grams {
    let mut scan = GramScan::default();
    title.clear();
    word_hashes_and_grams(&c.title, title, &mut scan);
    title.sort_unstable();
    title.dedup();
    body.clear();
    word_hashes_and_grams(&c.body, body, &mut scan);
    scan.finish()
}

fn index(
    c: &Candidate,
    q: &Queries,
    generation: u64,
    grams: bool,
    scratch: &mut Scratch,
    scans: &mut Memo<Rc<Scanned>>,
) -> Indexed {
    let mut ix = Indexed {
        holdings: Kept::Own(Holdings::default()),
        grams: None,
        scanned: None,
        squashed: OnceCell::new(),
    };
    if !grams && q.slots.is_empty() {
        return ix;
    }
    // A document read once scans into the scratch buffers, allocating nothing.
    if scans.is_on() {
        let scanned = scans.get_id(
            c.id,
            |k| write_parts(k, [c.title.as_bytes(), c.body.as_bytes()]),
            || {
                let (mut title, mut body) = (Vec::new(), Vec::new());
                let grams = scan_into(c, &mut title, &mut body);
                Rc::new(Scanned {
                    title,
                    body,
                    grams,
                    squashed: OnceCell::new(),
                    holdings: RefCell::new(None),
                })
            },
        );
        if grams {
            ix.grams = Some(scanned.grams);
        }
        if !q.slots.is_empty() {
            let known = scanned.holdings.borrow().clone();
            ix.holdings = Kept::Shared(match known {
                Some((g, h)) if g == generation => h,
                _ => {
                    let h = Rc::new(holdings(
                        &scanned.title,
                        &scanned.body,
                        q,
                        &mut scratch.slots,
                    ));
                    *scanned.holdings.borrow_mut() = Some((generation, h.clone()));
                    h
                }
            });
        }
        ix.scanned = Some(scanned);
    } else {
        let g = scan_into(c, &mut scratch.title, &mut scratch.body);
        if grams {
            ix.grams = Some(g);
        }
        if !q.slots.is_empty() {
            let h = holdings(&scratch.title, &scratch.body, q, &mut scratch.slots);
            ix.holdings = Kept::Own(h);
        }
    }
    ix
}

/// What a finding of these title and body words holds of what the repeats ask.
fn holdings(title: &[u64], body: &[u64], q: &Queries, scratch: &mut SlotScratch) -> Holdings {
    let mut h = Holdings {
        title_len: title.len(),
        ..Holdings::default()
    };
    scratch.taken.resize(q.slots.len(), 0);
    scratch.call += 1;
    let call = scratch.call;
    let taken = &mut scratch.taken;
    let slots = &mut scratch.slots;
    slots.clear();
    let mut take = |slot: u32| {
        let t = &mut taken[slot as usize];
        if *t != call {
            *t = call;
            slots.push(slot);
        }
    };
    let head = block_head(title);
    for (i, &a) in head.iter().enumerate() {
        for &b in &head[i + 1..] {
            if let Some(slot) = q.slot(pair_key(a, b)) {
                take(slot);
            }
        }
    }
    for &t in title.iter() {
        if let Some(slot) = q.slot(t) {
            take(slot);
        }
        if let Some(slot) = q.slot(extra_key(t)) {
            take(slot);
            let id = q.word_of[slot as usize];
            if id != NO_WORD {
                hold(&mut h.holds, id, IN_TITLE | IN_TEXT, q.words);
            }
        }
    }
    for &w in body {
        if let Some(slot) = q.slot(extra_key(w)) {
            take(slot);
            let id = q.word_of[slot as usize];
            if id != NO_WORD {
                hold(&mut h.holds, id, IN_TEXT, q.words);
            }
        }
    }
    h.slots = slots.clone();
    h
}

/// Where a finding holds a repeat word: both bits of a word sit in one
/// `u64`, so a repeat's word is looked up once for its title and its text.
const IN_TITLE: u64 = 1;
const IN_TEXT: u64 = 2;

/// Marks word `id` (of `n`) as held `how`, allocating the set on the first mark.
fn hold(holds: &mut Vec<u64>, id: u32, how: u64, n: usize) {
    if holds.is_empty() {
        holds.resize(n.div_ceil(32), 0);
    }
    holds[id as usize / 32] |= how << (id % 32 * 2);
}

/// How many of `ids` (distinct) a finding holds in its title, and in its
/// title or body.
fn held(holds: &[u64], ids: &[u32]) -> (usize, usize) {
    let (mut title, mut text) = (0, 0);
    for &i in ids {
        if let Some(w) = holds.get(i as usize / 32) {
            let how = w >> (i % 32 * 2);
            title += (how & IN_TITLE) as usize;
            text += (how & IN_TEXT) as usize >> 1;
        }
    }
    (title, text)
}

fn norm_ref(r: Option<&str>) -> Option<String> {
    let r = r?.to_lowercase();
    // `trim_start_matches` with a str pattern sets up a substring searcher
    // per call: stripping a prefix in a loop does the same for less.
    let mut t = r.as_str();
    for word in ["issue", "finding", "task"] {
        while let Some(rest) = t.strip_prefix(word) {
            t = rest;
        }
    }
    let t = t
        .trim()
        .trim_start_matches('#')
        .trim()
        .trim_end_matches(['.', ':']);
    (!t.is_empty()).then(|| t.to_string())
}

/// A repeat, read once for scoring against all its candidates.
struct Probe<'a> {
    sec: &'a Candidate,
    /// Number of words of the title (see `word_set`).
    words: usize,
    /// The squashed title, when long enough to be worth a search.
    squashed: Option<(&'a [u8], Grams)>,
    reference: Option<&'a str>,
    /// Ids of its title words (see `Queries::word`).
    ids: Vec<u32>,
    /// File names of its locations (see `base`).
    bases: Vec<&'a str>,
    /// Its locations with a line (or other `:` part), found once rather
    /// than for each candidate.
    exact: Vec<&'a str>,
}

#[derive(Clone, Copy)]
struct Score {
    value: f64,
    /// Strong enough to let the repeat change the finding's status.
    by_ref: bool,
    /// The repeat's title is the finding's, nearly word for word.
    same_title: bool,
}

/// The file name of a location, without directories and lines.
/// The findings kept, by title and ref. Two of one title and ref are one
/// finding unless they name different files (see `elsewhere`): those are
/// chained from the title's entry.
struct ByTitle<'k> {
    first: HashMap<(&'k str, Option<&'k str>), usize, FastHash>,
    /// For each finding kept, the next of its title and ref.
    twin: Vec<Option<usize>>,
}

impl<'k> ByTitle<'k> {
    fn with_capacity(n: usize) -> Self {
        ByTitle {
            first: HashMap::with_capacity_and_hasher(n, FastHash::default()),
            twin: Vec::with_capacity(n),
        }
    }

    /// `Ok`: the finding `c` repeats. `Err`: none; the last finding of its
    /// title and ref, if any, to `add` it after.
    fn repeated(
        &self,
        key: (&'k str, Option<&'k str>),
        kept: &[Candidate],
        c: &Candidate,
    ) -> Result<usize, Option<usize>> {
        let mut next = self.first.get(&key).copied();
        let mut last = None;
        while let Some(k) = next {
            if !elsewhere(&kept[k], c) {
                return Ok(k);
            }
            last = Some(k);
            next = self.twin[k];
        }
        Err(last)
    }

    /// Records finding `n` (the next kept) under `key`, after `after`.
    fn add(&mut self, key: (&'k str, Option<&'k str>), after: Option<usize>, n: usize) {
        debug_assert_eq!(n, self.twin.len());
        match after {
            Some(k) => self.twin[k] = Some(n),
            None => {
                self.first.insert(key, n);
            }
        }
        self.twin.push(None);
    }
}

/// Whether two findings of one title name different files, and so are two
/// findings ("Missing input validation" in `users.py`, and again in
/// `orders.py`), not one pasted twice. Without locations on both sides
/// nothing tells them apart: they are one.
fn elsewhere(a: &Candidate, b: &Candidate) -> bool {
    !a.locations.is_empty()
        && !b.locations.is_empty()
        && !a
            .locations
            .iter()
            .any(|l| b.locations.iter().any(|m| base(l) == base(m)))
}

fn base(l: &str) -> &str {
    let name = l.rsplit('/').next().unwrap_or(l);
    name.split(':').next().unwrap_or("")
}

fn score(s: &Probe, p: &Candidate, p_ref: Option<&str>, pi: &Indexed) -> Option<Score> {
    let sec = s.sec;
    let n = s.words;
    // `dice` and `common` of the word sets, by id.
    let (in_title, in_text) = held(&pi.holdings.holds, &s.ids);
    let title_len = pi.holdings.title_len;
    let d = if n == 0 || title_len == 0 {
        0.0
    } else {
        2.0 * in_title as f64 / (n + title_len) as f64
    };
    let ref_eq = s.reference.is_some() && s.reference == p_ref;
    // A critical task is not a repeat of an informational note, whatever the words.
    if let (Some(a), Some(b)) = (sec.severity, p.severity) {
        let gap = (a.0 as i32 - b.0 as i32).abs();
        if gap >= 3 && !ref_eq && d < 0.7 {
            return None;
        }
    }
    let cont = if n == 0 {
        0.0
    } else {
        in_text as f64 / n as f64
    };
    // Locations are compared only where they can tip the balance: most
    // candidates share too few words for them to.
    let loc_exact = || s.exact.iter().any(|l| p.locations.iter().any(|pl| pl == l));
    let loc_same = || {
        s.bases
            .iter()
            .any(|b| p.locations.iter().any(|l| base(l) == *b))
    };
    // An identifier (`OS-MRD-ADV-01`, `SEC-104`) names one finding in a
    // document, whatever words a summary's row says it in (`| ID |
    // Description |`); a number (`3`, `2.1`) restarts in every list.
    let ident = ref_eq
        && s.reference.is_some_and(|r| {
            r.bytes().any(|b| b.is_ascii_alphabetic()) && r.bytes().any(|b| b.is_ascii_digit())
        });
    let accept = d >= 0.5
        || ident
        || (ref_eq && (d >= 0.2 || cont >= 0.5))
        || (cont >= 0.75 && n >= 3)
        || (cont >= 0.4 && loc_exact())
        || (d >= 0.35 && loc_same())
        // Word-for-word inside the finding's text: last, as it is the dearest test.
        || s.squashed.as_ref().is_some_and(|(t, g)| {
            pi.may_hold(g) && memmem::find(pi.squashed(p), t).is_some()
        });
    if !accept {
        return None;
    }
    let value = d
        + 0.3 * cont
        + if ref_eq { 0.4 } else { 0.0 }
        + if loc_exact() {
            0.2
        } else if loc_same() {
            0.1
        } else {
            0.0
        };
    Some(Score {
        value,
        by_ref: ident || ref_eq && (d >= 0.3 || cont >= 0.6),
        same_title: d >= 0.9,
    })
}

/// The start of a title that, found word for word in another finding's
/// text, shows a copied page or a pasted section.
fn copy_probe(c: &Candidate) -> Option<String> {
    let sq = squash(&c.title);
    let probe: String = sq.chars().take(48).collect();
    (probe.len() >= 16).then_some(probe)
}

/// What merge remembers from one pass to the next (see `memo`): what it
/// reads of a candidate's title and ref, and of its title and body.
pub struct Memos {
    keys: Memo<Rc<TitleKey>>,
    words: Memo<Rc<TitleWords>>,
    scans: Memo<Rc<Scanned>>,
    /// The last pass's repeats and their queries, with the generation of
    /// those queries: a pass whose repeats ask what the last pass's asked
    /// (a summary table left as it was) finds each finding's holdings in
    /// its scan (see `Scanned::holdings`).
    queries: Option<(Vec<Rc<TitleWords>>, Rc<Queries>, u64)>,
    generation: u64,
    /// What a repeat is known by: all that `score` reads of it (see `write_repeat`).
    repeats: Ids,
    /// Each repeat of the last pass, by its id, with its scores against
    /// the findings it was scored against, by their ids (see
    /// `Candidate::id`): a score reads only the repeat and the finding, so
    /// a pair scored in the last pass is not scored again.
    scores: Scores,
}

/// Repeats' scores, each repeat's in the order its findings were scored,
/// all in one array: one allocation a pass where a vector per repeat took
/// hundreds.
#[derive(Default)]
struct Scores {
    /// Where each repeat's scores start in `all`, and how many there are.
    ranges: HashMap<u64, (u32, u32), FastHash>,
    all: Vec<(u64, Option<Score>)>,
}

impl Scores {
    /// Room for as many as `last` holds, and a few more.
    fn like(last: &Scores) -> Scores {
        Scores {
            ranges: HashMap::with_capacity_and_hasher(last.ranges.len(), FastHash::default()),
            all: Vec::with_capacity(last.all.len() + 64),
        }
    }

    fn get(&self, repeat: u64) -> &[(u64, Option<Score>)] {
        self.ranges
            .get(&repeat)
            .map_or(&[], |&(at, n)| &self.all[at as usize..(at + n) as usize])
    }
}

/// The score of the finding `id` in `last` (a repeat's scores in the last
/// pass), looked for in the few from `at` on: the findings come in the
/// same order from one pass to the next, but for the few added or
/// dropped. Not found there, the pair is scored again, as a new one is.
fn scored(last: &[(u64, Option<Score>)], id: u64, at: &mut usize) -> Option<Option<Score>> {
    const AHEAD: usize = 4;
    let from = (*at).min(last.len());
    let ahead = &last[from..last.len().min(from + AHEAD)];
    let i = from + ahead.iter().position(|&(k, _)| k == id)?;
    *at = i + 1;
    Some(last[i].1)
}

/// Writes all that `score` reads of a repeat into a memo key: its title and
/// ref, its severity and its locations.
fn write_repeat(k: &mut Vec<u8>, s: &Candidate) {
    k.push(s.severity.map_or(0, |(a, b)| 1 + a as u8 * 8 + b as u8));
    write_title(k, s);
    write_parts(k, s.locations.iter().map(|l| l.as_bytes()));
}

impl Memos {
    /// Memos that keep their answers when `on` (see `Memo::keeping`).
    pub fn new(on: bool) -> Memos {
        Memos {
            keys: Memo::keeping(on),
            words: Memo::keeping(on),
            scans: Memo::keeping(on),
            queries: None,
            generation: 0,
            repeats: Ids::keeping(on),
            scores: Scores::default(),
        }
    }

    /// The queries of `repeats`, and their generation: the last pass's when
    /// its repeats asked the same, else new ones of a new generation.
    fn queries(&mut self, repeats: &[Kept<TitleWords>]) -> (Rc<Queries>, u64) {
        if let Some((last, q, g)) = &self.queries {
            let same = last.len() == repeats.len()
                && last.iter().zip(repeats).all(|(a, b)| {
                    let (a, b): (&TitleWords, &TitleWords) = (a, b);
                    // The keys are the words' (`block_keys`).
                    std::ptr::eq(a, b) || a.words == b.words
                });
            if same {
                return (q.clone(), *g);
            }
        }
        let q = Rc::new(Queries::new(repeats));
        self.generation += 1;
        let kept: Option<Vec<Rc<TitleWords>>> = repeats
            .iter()
            .map(|r| match r {
                Kept::Shared(r) => Some(r.clone()),
                Kept::Own(_) => None,
            })
            .collect();
        if let Some(kept) = kept.filter(|_| self.scans.is_on()) {
            self.queries = Some((kept, q.clone(), self.generation));
        }
        (q, self.generation)
    }
}

/// A candidate's title squashed and its ref normalised: two candidates
/// with the same key are one finding written twice.
pub struct TitleKey {
    squashed: String,
    reference: Option<String>,
}

/// A repeat's title words (`word_set`) and its blocking keys.
pub struct TitleWords {
    words: Vec<u64>,
    keys: Vec<u64>,
}

/// Writes a candidate's title and ref into a memo key.
fn write_title(k: &mut Vec<u8>, c: &Candidate) {
    let reference = c.reference.as_deref().map(str::as_bytes);
    write_parts(
        k,
        [
            c.title.as_bytes(),
            if reference.is_some() { b"r" } else { b"-" },
            reference.unwrap_or_default(),
        ],
    );
}

fn title_key(c: &Candidate, memo: &mut Memo<Rc<TitleKey>>) -> Kept<TitleKey> {
    memo.get_kept_id(
        c.id,
        |k| write_title(k, c),
        || TitleKey {
            squashed: squash(&c.title),
            reference: norm_ref(c.reference.as_deref()),
        },
    )
}

fn title_words(c: &Candidate, memo: &mut Memo<Rc<TitleWords>>) -> Kept<TitleWords> {
    memo.get_kept(
        |k| k.extend_from_slice(c.title.as_bytes()),
        || {
            let words = word_set(&c.title);
            let keys = block_keys(&words, &words);
            TitleWords { words, keys }
        },
    )
}

pub fn merge(cands: Vec<Candidate>, memos: &mut Memos) -> Vec<Candidate> {
    // Sized once: a pass's candidates are large, and growing their vectors
    // step by step copied them over and over.
    let primary = cands.iter().filter(|c| c.primary).count();
    let mut prim = Vec::with_capacity(primary);
    let mut sec = Vec::with_capacity(cands.len() - primary);
    for c in cands {
        if c.primary {
            prim.push(c);
        } else {
            sec.push(c);
        }
    }

    // The repeats first: a finding is indexed only by what they ask for.
    let sec_key: Vec<Kept<TitleKey>> = sec.iter().map(|s| title_key(s, &mut memos.keys)).collect();
    let sec_words: Vec<Kept<TitleWords>> = sec
        .iter()
        .map(|s| title_words(s, &mut memos.words))
        .collect();
    let (queries, generation) = memos.queries(&sec_words);
    let grams = sec_key.iter().any(|k| k.squashed.len() >= 20)
        || prim.iter().any(|c| c.shape == Shape::Plain);
    let mut scratch = Scratch::default();
    let scans = &mut memos.scans;

    // Primaries: drop verbatim copies (the same finding pasted twice).
    let prim_key: Vec<Kept<TitleKey>> =
        prim.iter().map(|c| title_key(c, &mut memos.keys)).collect();
    let mut primaries: Vec<Candidate> = Vec::with_capacity(prim.len() + sec.len());
    let mut idx: Vec<Indexed> = Vec::with_capacity(prim.len());
    // A replacement has the same key, so the same ref.
    let mut prim_refs: Vec<Option<&str>> = Vec::with_capacity(prim.len());
    // The maps of merge are only looked up, never walked: a fast hash
    // (foldhash) serves them as well as SipHash, for less.
    let mut by_title = ByTitle::with_capacity(prim.len() + sec.len());
    // A finding pasted twice under two numbers (`### 1.` and `### 2.`, the
    // same title at the same file and line, rated alike) is one finding.
    // Each entry keeps the places it was made of: a later, longer copy may
    // replace its finding's.
    let mut by_spot: HashMap<(&str, u64), SpotEntry, FastHash> = HashMap::default();
    let spot_hasher = FastHash::default();
    for (c, t) in prim.into_iter().zip(&prim_key) {
        let key = (t.squashed.as_str(), t.reference.as_deref());
        let spot = spot_hash(&c, &spot_hasher).map(|s| (key.0, s));
        let renumbered = spot
            .as_ref()
            .and_then(|s| by_spot.get(s))
            .filter(|(k, places)| {
                primaries[*k].severity.map(|s| s.0) == c.severity.map(|s| s.0)
                    && same_spots(places, &c.locations)
            })
            .map(|(k, _)| *k);
        let found = match renumbered {
            Some(k) => Ok(k),
            None => by_title.repeated(key, &primaries, &c),
        };
        let after = match found {
            Err(after) => after,
            Ok(k) => {
                // A later copy that states a status is the later word on
                // the finding: a log of passes repeats it under each date
                // (`### ~~Title~~ ✅ Fixed`, `### Title (still present)`).
                let status = c
                    .status
                    .filter(|_| c.line > primaries[k].line)
                    .or(primaries[k].status);
                if c.body.len() > primaries[k].body.len() {
                    let keep_line = primaries[k].line;
                    // A renumbered copy keeps the number it was found under first.
                    let reference = primaries[k].reference.clone();
                    primaries[k] = Candidate {
                        line: keep_line,
                        reference,
                        ..c
                    };
                    idx[k] = index(
                        &primaries[k],
                        &queries,
                        generation,
                        grams,
                        &mut scratch,
                        scans,
                    );
                }
                primaries[k].status = status;
                continue;
            }
        };
        if c.shape == Shape::Plain {
            if let Some(probe) = copy_probe(&c) {
                let finder = memmem::Finder::new(probe.as_bytes());
                let g = Grams::of(probe.as_bytes());
                if idx
                    .iter()
                    .zip(&primaries)
                    .any(|(p, pc)| p.may_hold(&g) && finder.find(p.squashed(pc)).is_some())
                {
                    continue;
                }
            }
        }
        prim_refs.push(key.1);
        if let Some(s) = spot {
            by_spot
                .entry(s)
                .or_insert_with(|| (primaries.len(), c.locations.clone()));
        }
        by_title.add(key, after, primaries.len());
        idx.push(index(&c, &queries, generation, grams, &mut scratch, scans));
        primaries.push(c);
    }

    // Candidates share a rare title word, pair of title words, or body word
    // (see `Blocker`: these lists are its lists for the keys repeats hold).
    let lists = Lists::new(queries.slots.len(), &idx);
    let mut by_ref: HashMap<&str, Vec<usize>, FastHash> = HashMap::default();
    for (i, r) in prim_refs.iter().enumerate() {
        if let Some(r) = r {
            by_ref.entry(r).or_default().push(i);
        }
    }
    // Read once per pick: apart from the candidates, which are large.
    let prim_ids: Vec<u64> = primaries.iter().map(|p| p.id).collect();
    // A note is folded into the finding it names, after this: a repeat of
    // that finding (its summary row) paired with the note would lend it a
    // rating, and the note would stand for the finding in its own words.
    let notes: Vec<bool> = primaries.iter().map(is_note).collect();

    struct Pair {
        value: f64,
        sec: usize,
        prim: usize,
        by_ref: bool,
        same_title: bool,
    }
    let mut pairs: Vec<Pair> = Vec::new();
    let mut picks = Picks::new(primaries.len());
    let remember = memos.scans.is_on();
    let mut scores = if remember {
        Scores::like(&memos.scores)
    } else {
        Scores::default()
    };
    for (si, s) in sec.iter().enumerate() {
        let reference = sec_key[si].reference.as_deref();
        // Built only when a pair is scored: most pairs' scores are kept.
        let mut probe = None;
        let probe_of = || Probe {
            sec: s,
            words: sec_words[si].words.len(),
            squashed: (sec_key[si].squashed.len() >= 20).then(|| {
                let sq = sec_key[si].squashed.as_bytes();
                (sq, Grams::of(sq))
            }),
            reference,
            ids: sec_words[si]
                .words
                .iter()
                .filter_map(|&w| queries.word(w))
                .collect(),
            bases: s.locations.iter().map(|l| base(l)).collect(),
            exact: s
                .locations
                .iter()
                .filter(|l| l.contains(':'))
                .map(|l| l.as_str())
                .collect(),
        };
        picks.rarest_first(&lists, &queries.key_slots[si], 64);
        if let Some(r) = reference {
            if let Some(list) = by_ref.get(r) {
                for &pi in list {
                    picks.add(pi);
                }
            }
        }
        let repeat = memos.repeats.of(|k| write_repeat(k, s));
        let last = memos.scores.get(repeat);
        let mut at = 0;
        let start = scores.all.len();
        for pi in picks.drain() {
            if notes[pi] {
                continue;
            }
            let id = prim_ids[pi];
            let known = if id != 0 {
                scored(last, id, &mut at)
            } else {
                None
            };
            let sc = known.unwrap_or_else(|| {
                let probe = probe.get_or_insert_with(probe_of);
                score(probe, &primaries[pi], prim_refs[pi], &idx[pi])
            });
            if repeat != 0 && id != 0 {
                scores.all.push((id, sc));
            }
            if let Some(sc) = sc {
                pairs.push(Pair {
                    value: sc.value,
                    sec: si,
                    prim: pi,
                    by_ref: sc.by_ref,
                    same_title: sc.same_title,
                });
            }
        }
        if repeat != 0 {
            let n = scores.all.len() - start;
            scores.ranges.insert(repeat, (start as u32, n as u32));
        }
    }
    if remember {
        memos.scores = scores;
    }
    // A repeat is scored once against a finding: no two pairs compare
    // equal, so an unstable sort orders them as a stable one would.
    pairs.sort_unstable_by(|a, b| {
        b.value
            .total_cmp(&a.value)
            .then(a.sec.cmp(&b.sec))
            .then(a.prim.cmp(&b.prim))
    });

    // Rows of one summary table name distinct findings; other repeats may share one.
    let mut sec_done = vec![false; sec.len()];
    let mut row_claimed: HashSet<(Option<&str>, usize), FastHash> = HashSet::default();
    for pair in &pairs {
        if sec_done[pair.sec] {
            continue;
        }
        let s = &sec[pair.sec];
        if s.shape == Shape::Row {
            let key = (s.section.as_deref(), pair.prim);
            if row_claimed.contains(&key) {
                continue;
            }
            row_claimed.insert(key);
        }
        sec_done[pair.sec] = true;
        let p = &mut primaries[pair.prim];
        if let Some(ss) = s.severity {
            match p.severity {
                None => p.severity = Some(ss),
                Some(ps) if ss.1 > ps.1 => p.severity = Some(ss),
                // A summary row's own rating and the finding's, not alike:
                // the finding's own stands, and the reader says so.
                Some(ps)
                    if s.own_severity
                        && ss.1 == Strength::Explicit
                        && ps.1 == Strength::Explicit
                        && ss.0 != ps.0
                        && p.rated_elsewhere.is_none() =>
                {
                    p.rated_elsewhere = Some((ss.0, s.line));
                }
                Some(_) => {}
            }
        }
        // A list that closes a finding by ref (a false-positive table, a
        // fixes-applied list) is the author's word on it even where the
        // finding's own heading was left as it was; so is a summary row
        // of its very title where the finding states no status at all.
        let closes = s.status.is_some_and(|st| st != Status::Open);
        let speaks = pair.by_ref && p.status.is_none_or(|st| st == Status::Open)
            || pair.same_title && s.own_status && p.status.is_none();
        if closes && speaks {
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
        let key = (
            sec_key[si].squashed.as_str(),
            sec_key[si].reference.as_deref(),
        );
        let Err(after) = by_title.repeated(key, &primaries, &s) else {
            continue;
        };
        by_title.add(key, after, primaries.len());
        primaries.push(s);
    }
    fold_notes(&mut primaries);
    fold_log_entries(&mut primaries);
    primaries.sort_by_key(|c| c.line);
    primaries
}

/// Whether an entry's words say a finding goes on (`still open`, `raised
/// to high now that …`).
fn continues(title: &str) -> bool {
    const GOES_ON: &[&str] = &[
        "still",
        "again",
        "persists",
        "unchanged",
        "raised",
        "raising",
        "lowered",
        "lowering",
        "upgraded",
        "downgraded",
        "escalated",
        "re-rated",
        "reopened",
    ];
    title
        .split(|c: char| !c.is_alphanumeric() && c != '-')
        .any(|w| GOES_ON.iter().any(|g| w.eq_ignore_ascii_case(g)))
}

/// Folds the entries of a dated log that speak of one finding into it. A
/// log of passes (`## 2025-06-24` over that day's entries, newest first or
/// last) writes the word on a finding under the day it was said, in that
/// day's words: `[RESOLVED] iam.tf:40 — CI role … replaced` closes
/// `[CRITICAL] iam.tf:40 — CI role has AdministratorAccess`. Two entries
/// under different dates at the same file and line are one finding (the
/// first entry's, with the latest stated severity and status) when they
/// share their ref, or most of their title words, or when the later one
/// closes or carries on a subject they share (a quarter of their words).
fn fold_log_entries(primaries: &mut Vec<Candidate>) {
    let dates: Vec<Option<chrono::NaiveDate>> = primaries
        .iter()
        .map(|c| c.section.as_deref().and_then(super::meta::entry_date))
        .collect();
    let mut distinct: Vec<chrono::NaiveDate> = dates.iter().flatten().copied().collect();
    distinct.sort_unstable();
    distinct.dedup();
    if distinct.len() < 2 {
        return;
    }
    // Entries by the places with a line they name, oldest entry first.
    let mut at: HashMap<&str, Vec<usize>, FastHash> = HashMap::default();
    for (i, c) in primaries.iter().enumerate() {
        if dates[i].is_none() {
            continue;
        }
        for l in c
            .locations
            .iter()
            .filter(|l| super::path_of(l).len() < l.len())
        {
            at.entry(l.as_str()).or_default().push(i);
        }
    }
    let mut folds: Vec<(usize, usize)> = Vec::new();
    let mut folded = vec![false; primaries.len()];
    let mut groups: Vec<Vec<usize>> = at.into_values().filter(|g| g.len() > 1).collect();
    groups.sort_unstable();
    for mut g in groups {
        g.sort_by_key(|&i| (dates[i], primaries[i].line));
        let first = g[0];
        if folded[first] {
            continue;
        }
        let words = word_set(&primaries[first].title);
        let reference = norm_ref(primaries[first].reference.as_deref());
        for &e in &g[1..] {
            if folded[e] || dates[e] == dates[first] {
                continue;
            }
            let later = &primaries[e];
            let same_ref = reference.is_some() && norm_ref(later.reference.as_deref()) == reference;
            let alike = crate::text::dice(&words, &word_set(&later.title));
            // A later word on the same finding closes it or says it goes on
            // (`still open`, `raised to high`); a new finding at the same
            // line says what else is wrong, in words of its own.
            let speaks_of_it =
                later.status.is_some_and(|s| s != Status::Open) || continues(&later.title);
            if same_ref || alike >= 0.6 || speaks_of_it && alike >= 0.25 {
                folded[e] = true;
                folds.push((first, e));
            }
        }
    }
    if folds.is_empty() {
        return;
    }
    // Oldest word first, so the latest stated one is left in force.
    folds.sort_by_key(|&(_, e)| (dates[e], primaries[e].line));
    for (k, e) in folds {
        let (severity, status) = (primaries[e].severity, primaries[e].status);
        let f = &mut primaries[k];
        if severity.is_some() {
            f.severity = severity;
        }
        if status.is_some() {
            f.status = status;
        }
    }
    let mut i = 0;
    primaries.retain(|_| {
        i += 1;
        !folded[i - 1]
    });
}

/// A finding kept, and the places of the copy that first named them.
type SpotEntry = (usize, Arc<[String]>);

/// The places with lines among `locations`.
fn spots(locations: &[String]) -> impl Iterator<Item = &str> {
    locations
        .iter()
        .map(String::as_str)
        .filter(|l| super::path_of(l).len() < l.len())
}

/// A hash of the places with lines a candidate names, whatever their
/// order; `None` when it names none. Every candidate gets one, and most
/// never meet another with theirs: a hash costs no allocation, and
/// `same_spots` confirms the few that meet.
fn spot_hash(c: &Candidate, h: &FastHash) -> Option<u64> {
    spots(&c.locations)
        .map(|s| h.hash_one(s))
        .reduce(u64::wrapping_add)
}

/// Whether two lists of locations name the same places with lines, as
/// many times each.
fn same_spots(a: &[String], b: &[String]) -> bool {
    let sorted = |l| {
        let mut v: Vec<&str> = spots(l).collect();
        v.sort_unstable();
        v
    };
    sorted(a) == sorted(b)
}

/// Folds each note on a finding into the finding. A list item that names
/// a finding's ref and rates nothing (`- #3 fixed in PR #212`, `- TD-104
/// can be dropped` under `## Notes`) speaks of that finding in other
/// words, so no title test pairs them: the ref does. Only a ref that is
/// an identifier counts (`#3`, `TD-104`): plain numbers restart in every
/// numbered list, so `1.` of a checklist is not `### 1.` of the findings.
fn fold_notes(primaries: &mut Vec<Candidate>) {
    if !primaries.iter().any(is_note) {
        return;
    }
    let mut rated: HashMap<String, usize, FastHash> = HashMap::default();
    for (i, c) in primaries.iter().enumerate() {
        if is_note(c) {
            continue;
        }
        if let Some(r) = note_key(c) {
            rated.entry(r).or_insert(i);
        }
    }
    let mut folded = vec![false; primaries.len()];
    for i in 0..primaries.len() {
        if !is_note(&primaries[i]) {
            continue;
        }
        let Some(&k) = note_key(&primaries[i]).and_then(|r| rated.get(&r)) else {
            continue;
        };
        folded[i] = true;
        let note = primaries[i].status.filter(|&st| st != Status::Open);
        let f = &mut primaries[k];
        if note.is_some() && f.status.is_none_or(|st| st == Status::Open) {
            f.status = note;
            f.closed_elsewhere = true;
        }
    }
    let mut i = 0;
    primaries.retain(|_| {
        i += 1;
        !folded[i - 1]
    });
}

/// Whether `c` is a note on the finding its ref names (see `fold_notes`).
fn is_note(c: &Candidate) -> bool {
    c.shape == Shape::Item
        && c.severity.is_none()
        && c.reference
            .as_deref()
            .is_some_and(|r| r.bytes().any(|b| !b.is_ascii_digit() && b != b'.'))
}

/// The ref a note names a finding by, as written: `#5` is not `### 5.`,
/// which a numbered list's item 5 may be.
fn note_key(c: &Candidate) -> Option<String> {
    let r = c.reference.as_deref()?.trim_end_matches(['.', ':']);
    (!r.is_empty()).then(|| r.to_lowercase())
}

/// For each slot, the findings (ascending) that hold its key, all in one
/// array: one allocation where a Vec per slot took thousands.
struct Lists {
    /// Where each slot's findings start in `items`, and a last end.
    starts: Vec<u32>,
    items: Vec<u32>,
}

impl Lists {
    fn new(slots: usize, idx: &[Indexed]) -> Lists {
        let mut starts = vec![0u32; slots + 1];
        for p in idx {
            for &slot in &p.holdings.slots {
                starts[slot as usize + 1] += 1;
            }
        }
        for s in 1..starts.len() {
            starts[s] += starts[s - 1];
        }
        let mut items = vec![0u32; starts[slots] as usize];
        let mut next = starts.clone();
        for (i, p) in idx.iter().enumerate() {
            for &slot in &p.holdings.slots {
                let n = &mut next[slot as usize];
                items[*n as usize] = i as u32;
                *n += 1;
            }
        }
        Lists { starts, items }
    }

    fn get(&self, slot: u32) -> &[u32] {
        let s = slot as usize;
        &self.items[self.starts[s] as usize..self.starts[s + 1] as usize]
    }

    fn len(&self, slot: u32) -> usize {
        let s = slot as usize;
        (self.starts[s + 1] - self.starts[s]) as usize
    }
}

/// The findings a repeat is scored against, as a set: the merge of
/// `text::rarest_first` and a ref's findings, sorted and without repeats,
/// without sorting either.
struct Picks {
    bits: Vec<u64>,
    /// The lists `rarest_first` takes, kept from one repeat to the next.
    order: Vec<u64>,
}

impl Picks {
    fn new(findings: usize) -> Picks {
        Picks {
            bits: vec![0; findings.div_ceil(64)],
            order: Vec::new(),
        }
    }

    fn add(&mut self, i: usize) {
        self.bits[i / 64] |= 1 << (i % 64);
    }

    /// `text::rarest_first` over the lists of `slots` (a repeat's keys).
    /// As `text::each_rarest` does, but each list's length and place are
    /// packed in one `u64`, the sort key of a plain sort.
    fn rarest_first(&mut self, lists: &Lists, slots: &[u32], cap: usize) {
        self.order.clear();
        for (k, &slot) in slots.iter().enumerate() {
            let n = lists.len(slot);
            if n != 0 && n <= cap {
                self.order.push((n as u64) << 32 | k as u64);
            }
        }
        self.order.sort_unstable();
        let mut taken = 0;
        for &o in &self.order {
            if taken >= cap {
                break;
            }
            let list = lists.get(slots[o as u32 as usize]);
            taken += list.len();
            for &i in list {
                self.bits[i as usize / 64] |= 1 << (i % 64);
            }
        }
    }

    /// The findings picked, in order, leaving the set empty.
    fn drain(&mut self) -> impl Iterator<Item = usize> + '_ {
        self.bits.iter_mut().enumerate().flat_map(|(w, bits)| {
            let mut b = std::mem::take(bits);
            std::iter::from_fn(move || {
                (b != 0).then(|| {
                    let i = b.trailing_zeros() as usize;
                    b &= b - 1;
                    w * 64 + i
                })
            })
        })
    }
}
