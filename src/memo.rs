//! Answers remembered from one pass of an audit to the next.
//!
//! The passes of an audit's history share most of their lines: a finding
//! stays word for word across dozens of passes. A `Memo` keeps each answer
//! of a pure step (reading a title line, preparing a finding for matching)
//! under the exact input it was computed from, so what an earlier pass
//! already held is not worked out again. The key is the input itself, not
//! a hash of it: a memo never answers for an input it has not seen.

use std::collections::HashMap;
use std::rc::Rc;

/// Past this many answers, or this many bytes of keys, a memo starts
/// again: a long history of passes that share little must not grow it
/// without bound. Values are of the size of their keys (a title's reading,
/// a body's word hashes), so the keys' bytes stand for the whole.
const CAPACITY: usize = 1 << 16;
const KEY_BYTES: usize = 32 << 20;

pub struct Memo<V> {
    /// foldhash, not the standard SipHash: keys are whole lines and
    /// finding bodies, and hashing them was most of a lookup's cost.
    answers: HashMap<Box<[u8]>, V, foldhash::fast::RandomState>,
    /// Answers for inputs known by an id (see `get_id`): no key to write,
    /// hash or compare byte by byte.
    by_id: HashMap<u64, V, crate::text::KeyHasher>,
    /// The key being looked up, reused so that a hit allocates nothing.
    key: Vec<u8>,
    /// Bytes of the keys kept.
    key_bytes: usize,
    /// Off for a document read once: keeping answers no later pass asks
    /// for would only cost.
    on: bool,
}

impl<V: Clone> Default for Memo<V> {
    fn default() -> Memo<V> {
        Memo::new()
    }
}

impl<V: Clone> Memo<V> {
    pub fn new() -> Memo<V> {
        Memo::keeping(true)
    }

    /// A memo that keeps nothing.
    pub fn off() -> Memo<V> {
        Memo::keeping(false)
    }

    /// A memo that keeps its answers when `on`.
    pub fn keeping(on: bool) -> Memo<V> {
        Memo {
            answers: HashMap::default(),
            by_id: HashMap::with_hasher(crate::text::KeyHasher),
            key: Vec::new(),
            key_bytes: 0,
            on,
        }
    }

    /// Whether answers are kept (see `off`).
    pub fn is_on(&self) -> bool {
        self.on
    }

    /// The answer for the input that `write_key` writes: all of what
    /// `compute` reads, written so that two different inputs never write
    /// the same bytes.
    pub fn get(&mut self, write_key: impl FnOnce(&mut Vec<u8>), compute: impl FnOnce() -> V) -> V {
        if !self.on {
            return compute();
        }
        self.key.clear();
        write_key(&mut self.key);
        self.answer(compute)
    }

    /// `get` for an input known by `id` when it is not 0: an id the caller
    /// gives to one input only, for the memo's life (such as `Line::id`),
    /// and the same input always under it. Else by the key `write_key` writes.
    pub fn get_id(
        &mut self,
        id: u64,
        write_key: impl FnOnce(&mut Vec<u8>),
        compute: impl FnOnce() -> V,
    ) -> V {
        if !self.on || id == 0 {
            return self.get(write_key, compute);
        }
        if let Some(v) = self.by_id.get(&id) {
            return v.clone();
        }
        if self.by_id.len() >= CAPACITY {
            self.by_id.clear();
        }
        let v = compute();
        self.by_id.insert(id, v.clone());
        v
    }

    fn answer(&mut self, compute: impl FnOnce() -> V) -> V {
        if let Some(v) = self.answers.get(self.key.as_slice()) {
            return v.clone();
        }
        let v = compute();
        let key = std::mem::take(&mut self.key);
        self.keep(&key, v.clone());
        self.key = key;
        v
    }

    /// The answer kept for the input whose key is `key` itself (one input
    /// of a single part, such as a piece of text), if any.
    pub fn find(&self, key: &[u8]) -> Option<&V> {
        self.answers.get(key)
    }

    /// Keeps `v` as the answer for the input whose key is `key` (see `find`).
    pub fn keep(&mut self, key: &[u8], v: V) {
        if !self.on {
            return;
        }
        if self.answers.len() >= CAPACITY || self.key_bytes + key.len() > KEY_BYTES {
            self.answers.clear();
            self.key_bytes = 0;
        }
        self.key_bytes += key.len();
        self.answers.insert(key.into(), v);
    }
}

impl<T> Memo<Rc<T>> {
    /// `get` for an answer kept behind an `Rc`: shared with the memo when
    /// answers are kept, the reader's own (no `Rc` to allocate) when not.
    pub fn get_kept(
        &mut self,
        write_key: impl FnOnce(&mut Vec<u8>),
        compute: impl FnOnce() -> T,
    ) -> Kept<T> {
        self.get_kept_id(0, write_key, compute)
    }

    /// `get_kept` for an input known by an id (see `get_id`).
    pub fn get_kept_id(
        &mut self,
        id: u64,
        write_key: impl FnOnce(&mut Vec<u8>),
        compute: impl FnOnce() -> T,
    ) -> Kept<T> {
        if !self.on {
            return Kept::Own(compute());
        }
        Kept::Shared(self.get_id(id, write_key, || Rc::new(compute())))
    }
}

/// An id for each distinct input: the same input always gets the same
/// id, and an id is never given to another input, even once the memo of
/// them starts again. 0 when off.
pub struct Ids {
    memo: Memo<u64>,
    last: u64,
}

impl Ids {
    /// Ids that are given when `on` (see `Memo::keeping`).
    pub fn keeping(on: bool) -> Ids {
        Ids {
            memo: Memo::keeping(on),
            last: 0,
        }
    }

    /// The id of the input that `write_key` writes (see `Memo::get`).
    pub fn of(&mut self, write_key: impl FnOnce(&mut Vec<u8>)) -> u64 {
        if !self.memo.is_on() {
            return 0;
        }
        let last = &mut self.last;
        self.memo.get(write_key, || {
            *last += 1;
            *last
        })
    }
}

/// An answer of a memo (see `Memo::get_kept`).
pub enum Kept<T> {
    Own(T),
    Shared(Rc<T>),
}

impl<T> std::ops::Deref for Kept<T> {
    type Target = T;

    fn deref(&self) -> &T {
        match self {
            Kept::Own(t) => t,
            Kept::Shared(t) => t,
        }
    }
}

/// Writes numbers into a key, each in eight bytes: a list of them written
/// before a text leaves no doubt where the text starts.
pub fn write_numbers(key: &mut Vec<u8>, numbers: impl IntoIterator<Item = usize>) {
    for n in numbers {
        key.extend_from_slice(&(n as u64).to_le_bytes());
    }
}

/// Writes `parts` into a key, each with its length first, so that no two
/// lists of parts write the same bytes.
pub fn write_parts<'a>(key: &mut Vec<u8>, parts: impl IntoIterator<Item = &'a [u8]>) {
    for p in parts {
        key.extend_from_slice(&(p.len() as u64).to_le_bytes());
        key.extend_from_slice(p);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key<'a>(parts: &'a [&'a str]) -> impl FnOnce(&mut Vec<u8>) + 'a {
        move |k| write_parts(k, parts.iter().map(|p| p.as_bytes()))
    }

    #[test]
    fn an_answer_is_computed_once_per_distinct_input() {
        let mut memo = Memo::new();
        let mut computed = 0;
        let mut ask = |memo: &mut Memo<i32>, parts: &[&str]| {
            memo.get(key(parts), || {
                computed += 1;
                computed
            })
        };
        assert_eq!(ask(&mut memo, &["HIGH", "Token logged"]), 1);
        assert_eq!(ask(&mut memo, &["HIGH", "Token logged"]), 1);
        // The same bytes, cut elsewhere: another input.
        assert_eq!(ask(&mut memo, &["HIGH Token", " logged"]), 2);
        assert_eq!(ask(&mut memo, &["HIGHToken logged"]), 3);
        assert_eq!(ask(&mut memo, &["HIGH", "Token logged"]), 1);
    }

    #[test]
    fn an_input_known_by_an_id_is_computed_once_per_id() {
        let mut memo = Memo::new();
        let mut computed = 0;
        let mut ask = |memo: &mut Memo<i32>, id: u64, text: &str| {
            memo.get_id(id, key(&[text]), || {
                computed += 1;
                computed
            })
        };
        assert_eq!(ask(&mut memo, 7, "Token logged"), 1);
        assert_eq!(ask(&mut memo, 7, "Token logged"), 1);
        assert_eq!(ask(&mut memo, 8, "Token logged"), 2);
        // Without an id, the input is known by its key.
        assert_eq!(ask(&mut memo, 0, "Token logged"), 3);
        assert_eq!(ask(&mut memo, 0, "Token logged"), 3);
        assert_eq!(ask(&mut memo, 0, "Token leaked"), 4);
        assert_eq!(ask(&mut memo, 7, "Token logged"), 1);
        // A memo that keeps nothing computes every time.
        let mut off = Memo::off();
        assert_eq!(off.get_id(7, key(&["a"]), || 1), 1);
        assert_eq!(off.get_id(7, key(&["a"]), || 2), 2);
    }

    #[test]
    fn ids_are_one_per_distinct_input_and_none_when_off() {
        let mut ids = Ids::keeping(true);
        let a = ids.of(key(&["HIGH", "Token logged"]));
        let b = ids.of(key(&["HIGH Token", " logged"]));
        assert_ne!(a, 0);
        assert_ne!(a, b);
        assert_eq!(ids.of(key(&["HIGH", "Token logged"])), a);
        assert_eq!(Ids::keeping(false).of(key(&["HIGH"])), 0);
    }

    #[test]
    fn an_answer_kept_under_its_text_is_found_by_it_alone() {
        let mut memo = Memo::new();
        memo.keep(b"## High\n", 1);
        assert_eq!(memo.find(b"## High\n"), Some(&1));
        assert_eq!(memo.find(b"## High"), None);
        let mut off = Memo::off();
        off.keep(b"## High\n", 1);
        assert_eq!(off.find(b"## High\n"), None);
    }

    #[test]
    fn a_memo_that_is_off_computes_every_time() {
        let mut memo = Memo::off();
        assert_eq!(memo.get(key(&["## High"]), || 1), 1);
        assert_eq!(memo.get(key(&["## High"]), || 2), 2);
        assert!(memo.answers.is_empty());
    }

    #[test]
    fn a_full_memo_starts_again() {
        let mut memo = Memo::new();
        for i in 0..=CAPACITY {
            memo.get(key(&[&i.to_string()]), || i);
        }
        assert_eq!(memo.answers.len(), 1);
        assert_eq!(memo.get(key(&[&CAPACITY.to_string()]), || 0), CAPACITY);
        // Few keys, but large ones.
        let mut memo = Memo::new();
        let big = "x".repeat(1 << 20);
        for i in 0..40 {
            memo.get(key(&[&big, &i.to_string()]), || i);
        }
        assert!(memo.key_bytes <= KEY_BYTES, "{}", memo.key_bytes);
        assert_eq!(memo.answers.len(), 40 - KEY_BYTES / (1 << 20) + 1);
    }
}
