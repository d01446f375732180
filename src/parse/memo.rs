//! Answers remembered from one pass of an audit to the next.
//!
//! The passes of an audit's history share most of their lines: a finding
//! stays word for word across dozens of passes. Reading a title line is the
//! dearest step per line, so a `Memo` keeps each answer under the exact
//! input it was computed from, and a line read in an earlier pass is not
//! read again. An answer depends on its key and on the vocabulary alone,
//! so a memo serves one `Reader` (one vocabulary) and nothing else.

use std::collections::HashMap;

use super::lines::Line;

/// Past this many answers a memo starts again: a history of passes that
/// share nothing must not grow it without bound.
const CAPACITY: usize = 1 << 16;

pub struct Memo<V> {
    answers: HashMap<Box<[u8]>, V>,
    /// The key being looked up, reused so that a hit allocates nothing.
    key: Vec<u8>,
    /// Off for a document read once: keeping answers no later pass asks
    /// for would only cost.
    on: bool,
}

impl<V: Clone> Memo<V> {
    pub fn new() -> Memo<V> {
        Memo {
            answers: HashMap::new(),
            key: Vec::new(),
            on: true,
        }
    }

    /// A memo that keeps nothing.
    pub fn off() -> Memo<V> {
        Memo {
            on: false,
            ..Memo::new()
        }
    }

    /// The answer for `line.text[start..end]` read with the line's spans.
    /// The key holds the whole line: a title's reading also looks at the
    /// text around it (a strike just before it, a bracket it closes).
    pub fn line_part(
        &mut self,
        line: &Line,
        start: usize,
        end: usize,
        compute: impl FnOnce() -> V,
    ) -> V {
        if !self.on {
            return compute();
        }
        self.key.clear();
        for n in [start, end, line.spans.len()] {
            self.key.extend_from_slice(&(n as u64).to_le_bytes());
        }
        for s in &line.spans {
            self.key.extend_from_slice(&(s.start as u64).to_le_bytes());
            self.key.extend_from_slice(&(s.end as u64).to_le_bytes());
            self.key.push(s.flags);
        }
        self.key.extend_from_slice(line.text.as_bytes());
        self.answer(compute)
    }

    /// The answer for a text read on its own.
    pub fn text(&mut self, text: &str, compute: impl FnOnce() -> V) -> V {
        if !self.on {
            return compute();
        }
        self.key.clear();
        self.key.extend_from_slice(text.as_bytes());
        self.answer(compute)
    }

    fn answer(&mut self, compute: impl FnOnce() -> V) -> V {
        if let Some(v) = self.answers.get(self.key.as_slice()) {
            return v.clone();
        }
        let v = compute();
        if self.answers.len() >= CAPACITY {
            self.answers.clear();
        }
        self.answers
            .insert(self.key.clone().into_boxed_slice(), v.clone());
        v
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::lines::{Kind, Span};

    fn line(text: &str, spans: Vec<Span>) -> Line {
        Line {
            no: 1,
            kind: Kind::Text,
            text: text.to_string(),
            spans,
            cells: Vec::new(),
        }
    }

    #[test]
    fn an_answer_is_computed_once_per_distinct_input() {
        let mut memo = Memo::new();
        let mut computed = 0;
        let plain = line("HIGH: Token logged", Vec::new());
        let struck = line(
            "HIGH: Token logged",
            vec![Span {
                start: 0,
                end: 4,
                flags: 2,
            }],
        );
        for (l, start, want) in [
            (&plain, 0, 1),
            (&plain, 0, 1),
            (&plain, 6, 2),
            (&struck, 0, 3),
        ] {
            memo.line_part(l, start, l.text.len(), || {
                computed += 1;
                computed
            });
            assert_eq!(computed, want, "{:?} from {start}", l.spans);
        }
        // The same answer comes back, not a new one.
        assert_eq!(memo.line_part(&plain, 6, plain.text.len(), || 99), 2);
        assert_eq!(memo.text("## High", || 7), 7);
        assert_eq!(memo.text("## High", || 8), 7);
    }

    #[test]
    fn a_memo_that_is_off_computes_every_time() {
        let mut memo = Memo::off();
        assert_eq!(memo.text("## High", || 1), 1);
        assert_eq!(memo.text("## High", || 2), 2);
        assert!(memo.answers.is_empty());
    }

    #[test]
    fn a_full_memo_starts_again() {
        let mut memo = Memo::new();
        for i in 0..=CAPACITY {
            memo.text(&i.to_string(), || i);
        }
        assert_eq!(memo.answers.len(), 1);
        assert_eq!(memo.text(&CAPACITY.to_string(), || 0), CAPACITY);
    }
}
