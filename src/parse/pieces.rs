//! A document cut where markdown lets it be cut, each piece split into
//! lines once across a history's passes.
//!
//! Passes of one audit share most of their text, but the markdown parser
//! has to read a whole document to know what each line is. Most of it
//! need not be read again: a heading at the start of a line, after a blank
//! line, starts afresh. Every paragraph, list, quote and table before it
//! has ended there, so the lines before it read the same whatever follows,
//! and the lines from it on read the same whatever came before. Two
//! things can still reach across such a heading:
//!
//! - a block left open: a fenced code block whose `# comment` lines look
//!   like headings, an HTML comment. The parser reports such a block's
//!   range running on past the cut (or to the end of the piece read
//!   alone), and the cut is then not taken.
//! - a link reference definition, which applies to the whole document. A
//!   document that may hold one is read whole.
//!
//! The result is always `lines::split`'s; `tests/dialects.rs` and the
//! `passes` fuzz target hold it to that.

use std::ops::Range;
use std::rc::Rc;

use memchr::{memchr, memmem};

use super::lines::{self, Doc, Kind, Line};
use crate::memo::{Ids, Memo};

/// The lines of one piece of text, read on its own.
pub struct Piece {
    /// Numbered from 1 at the piece's first line.
    lines: Vec<Line>,
    /// Tables numbered from 0 at the piece's first.
    tables: Vec<Vec<String>>,
    /// No block is left open at its end: a piece after it reads as it would alone.
    closed: bool,
}

/// Where a piece may start, as a byte offset and the number of line
/// breaks before it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Cut {
    at: usize,
    breaks: usize,
}

/// What a reader remembers of the pieces it read: their lines, and an id
/// for each distinct line content (see `Line::id`).
pub struct Memory {
    pieces: Memo<Rc<Piece>>,
    /// An id stands for one content for the reader's life.
    ids: Ids,
}

impl Memory {
    /// A memory that keeps what it reads when `on` (see `Memo::keeping`).
    pub fn new(on: bool) -> Memory {
        Memory {
            pieces: Memo::keeping(on),
            ids: Ids::keeping(on),
        }
    }

    fn name(&mut self, l: &mut Line) {
        l.id = self.ids.of(|k| l.write_content(k));
    }
}

/// `lines::split(src)`, reading only the pieces of `src` that `memory`
/// does not hold from an earlier pass.
pub fn split(src: &str, memory: &mut Memory) -> Doc {
    if !memory.pieces.is_on() || may_define_links(src) {
        return lines::split(src);
    }
    let cuts = cuts(src);
    let last = cuts.len() - 1;
    let mut doc = Doc::default();
    let mut i = 0;
    while i < last {
        let usable = |p: &Piece, i: usize| p.closed || i + 1 == last;
        if let Some(p) = memory.pieces.find(text(src, &cuts, i).as_bytes()) {
            if usable(p, i) {
                append(&mut doc, p, cuts[i].breaks);
                i += 1;
                continue;
            }
        }
        // The pieces up to the next one remembered are read in one go: a
        // parser per piece would cost more than it saves on a first pass.
        let mut j = i + 1;
        while j < last && memory.pieces.find(text(src, &cuts, j).as_bytes()).is_none() {
            j += 1;
        }
        let pieces = loop {
            match read_run(src, &cuts[i..=j], j == last) {
                Some(pieces) => break pieces,
                // A block left open at the end runs into the next piece.
                None => j += 1,
            }
        };
        for (span, mut piece) in pieces {
            for l in &mut piece.lines {
                memory.name(l);
                l.text.share();
                l.spans.share();
                l.cells.share();
            }
            append(&mut doc, &piece, cuts[span.start + i].breaks);
            // A piece of several (a cut not taken) is never asked for: only
            // the text between two neighbouring cuts is.
            if span.len() == 1 {
                let key = text(src, &cuts, span.start + i).as_bytes();
                memory.pieces.keep(key, Rc::new(piece));
            }
        }
        i = j;
    }
    doc
}

fn text<'s>(src: &'s str, cuts: &[Cut], i: usize) -> &'s str {
    &src[cuts[i].at..cuts[i + 1].at]
}

/// Adds `p`'s lines and tables to `doc`, its lines numbered after `breaks`.
fn append(doc: &mut Doc, p: &Piece, breaks: usize) {
    let tables = doc.tables.len() as u32;
    doc.lines.extend(p.lines.iter().map(|l| {
        let mut l = l.clone();
        l.no += breaks;
        if let Kind::Row { table, .. } = &mut l.kind {
            *table += tables;
        }
        l
    }));
    doc.tables.extend(p.tables.iter().cloned());
}

/// Reads the text from `cuts[0]` to the last cut as one, and hands back
/// its pieces: one per neighbouring pair of cuts, or one for several
/// where a block runs across a cut. Each piece comes with the range of
/// `cuts` it spans. `None` when a block is still open at the end and more
/// text follows (`at_end` false): the caller reads further.
fn read_run(src: &str, cuts: &[Cut], at_end: bool) -> Option<Vec<(Range<usize>, Piece)>> {
    let (start, end) = (cuts[0], cuts[cuts.len() - 1]);
    let text = &src[start.at..end.at];
    let mut long: Vec<Range<usize>> = Vec::new();
    let doc = lines::read(text, |r| long.push(r));
    let closed = !long.iter().any(|r| r.end >= text.len());
    if !closed && !at_end {
        return None;
    }
    // The cuts taken, relative to the run: where no block runs across.
    // One sweep of cuts and blocks, both in order: a document of many
    // fences and many headings must not cost their product.
    long.sort_unstable_by_key(|r| r.start);
    let mut taken: Vec<usize> = vec![0];
    let (mut next, mut reach) = (0, 0);
    for (k, c) in cuts.iter().enumerate().take(cuts.len() - 1).skip(1) {
        let at = c.at - start.at;
        while let Some(r) = long.get(next).filter(|r| r.start < at) {
            reach = reach.max(r.end);
            next += 1;
        }
        if reach <= at {
            taken.push(k);
        }
    }
    taken.push(cuts.len() - 1);

    let mut pieces = Vec::with_capacity(taken.len() - 1);
    let mut lines = doc.lines.into_iter().peekable();
    let mut tables = doc.tables.into_iter();
    let mut next_table = 0u32;
    for w in taken.windows(2) {
        let (a, b) = (cuts[w[0]], cuts[w[1]]);
        let first = a.breaks - start.breaks;
        let breaks = b.breaks - a.breaks;
        let mut own = Vec::new();
        // A line numbered past the piece's last break is the next piece's.
        while let Some(l) = lines.next_if(|l| l.no <= first + breaks || w[1] == cuts.len() - 1) {
            own.push(l);
        }
        let mut upto = next_table;
        for l in &mut own {
            l.no -= first;
            if let Kind::Row { table, .. } = &mut l.kind {
                upto = upto.max(*table + 1);
                *table -= next_table;
            }
        }
        let own_tables: Vec<Vec<String>> = if w[1] == cuts.len() - 1 {
            tables.by_ref().collect()
        } else {
            tables.by_ref().take((upto - next_table) as usize).collect()
        };
        next_table = upto;
        pieces.push((
            w[0]..w[1],
            Piece {
                lines: own,
                tables: own_tables,
                closed: w[1] != cuts.len() - 1 || closed,
            },
        ));
    }
    Some(pieces)
}

/// Every place `src` may be cut, with its start and its end: the start
/// of each line that opens with an ATX heading (`#` to `######`, then a
/// space, a tab or the line's end) and follows a blank line. Fences at
/// the margin are followed so as not to cut at a `# comment` inside one;
/// what this misses (a fence in a list), `read_run` catches.
fn cuts(src: &str) -> Vec<Cut> {
    let bytes = src.as_bytes();
    let mut out = vec![Cut { at: 0, breaks: 0 }];
    let mut fence: Option<(u8, usize)> = None;
    let mut blank_before = false;
    let mut breaks = 0;
    let mut pos = 0;
    while pos < bytes.len() {
        let end = memchr(b'\n', &bytes[pos..]).map_or(bytes.len(), |i| pos + i);
        let line = &bytes[pos..end];
        if blank_before && fence.is_none() && is_atx(line) {
            out.push(Cut { at: pos, breaks });
        }
        fence = next_fence(fence, line);
        blank_before = line.iter().all(|&b| b == b' ' || b == b'\t');
        if end < bytes.len() {
            breaks += 1;
        }
        pos = end + 1;
    }
    out.push(Cut {
        at: bytes.len(),
        breaks,
    });
    out
}

fn is_atx(line: &[u8]) -> bool {
    let hashes = line.iter().take_while(|&&b| b == b'#').count();
    (1..=6).contains(&hashes) && matches!(line.get(hashes), None | Some(b' ' | b'\t'))
}

/// The fence open after `line` (its character and length), given the one open before.
fn next_fence(open: Option<(u8, usize)>, line: &[u8]) -> Option<(u8, usize)> {
    let indent = line.iter().take_while(|&&b| b == b' ').count();
    if indent > 3 {
        return open;
    }
    let rest = &line[indent..];
    let Some(&c @ (b'`' | b'~')) = rest.first() else {
        return open;
    };
    let run = rest.iter().take_while(|&&b| b == c).count();
    if run < 3 {
        return open;
    }
    match open {
        None => Some((c, run)),
        Some((o, n))
            if o == c && run >= n && rest[run..].iter().all(|&b| b == b' ' || b == b'\t') =>
        {
            None
        }
        Some(o) => Some(o),
    }
}

/// Whether `src` may hold a link reference definition (`[label]: url`),
/// which applies to the whole document: a `]:` in a run of non-blank
/// lines one of which starts, after any quote and list markers, with `[`.
fn may_define_links(src: &str) -> bool {
    let bytes = src.as_bytes();
    memmem::find_iter(bytes, b"]:").any(|at| {
        let mut end = at;
        loop {
            let start = bytes[..end]
                .iter()
                .rposition(|&b| b == b'\n')
                .map_or(0, |i| i + 1);
            let line = &bytes[start..end];
            if line.iter().all(|&b| b == b' ' || b == b'\t') && end != at {
                return false;
            }
            let opens = line.iter().find(|&&b| {
                !matches!(
                    b,
                    b' ' | b'\t' | b'>' | b'*' | b'+' | b'-' | b'.' | b')' | b'0'..=b'9'
                )
            });
            if opens == Some(&b'[') {
                return true;
            }
            if start == 0 {
                return false;
            }
            end = start - 1;
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The lines read, without the ids that `lines::split` does not give.
    fn read(src: &str, memory: &mut Memory) -> String {
        let mut doc = split(src, memory);
        for l in &mut doc.lines {
            assert!(l.id != 0 || may_define_links(src), "{l:?}");
            l.id = 0;
        }
        format!("{doc:#?}")
    }

    fn whole(src: &str) -> String {
        format!("{:#?}", lines::split(src))
    }

    #[test]
    fn cuts_at_headings_after_blank_lines_only() {
        let src = "# T\n\nintro\n## A\n\n## B\n#nope\n\n####### seven\n\n###\n\n```\n\n# in fence\n```\n\n# C";
        let at: Vec<&str> = cuts(src)
            .iter()
            .map(|c| src[c.at..].lines().next().unwrap_or(""))
            .collect();
        assert_eq!(at, ["# T", "## B", "###", "# C", ""]);
        let c = cuts(src);
        assert_eq!(c[1].breaks, 5);
        assert_eq!(c.last().unwrap().breaks, src.matches('\n').count());
    }

    #[test]
    fn a_piece_reads_as_the_whole_does() {
        let passes = [
            "# Audit\n\n## High\n\n### 1.1 HIGH: A\n\n| # | Issue |\n|---|---|\n| 1 | x |\n\n### 1.2 LOW: B\n\n- [x] done\n  more\n",
            "# Audit\n\n## High\n\n### 1.1 HIGH: A\n\n| # | Issue |\n|---|---|\n| 1 | x |\n| 2 | y |\n\n### 1.2 LOW: B\n\n- [x] done\n  more\n",
            "# Audit\n\nnew text\n\n## High\n\n### 1.1 HIGH: A\n\n| # | Issue |\n|---|---|\n| 1 | x |\n\n### 1.2 LOW: B\n\n- [x] done\n  more\n",
        ];
        let mut memo = Memory::new(true);
        for src in passes {
            assert_eq!(read(src, &mut memo), whole(src));
        }
        assert!(memo
            .pieces
            .find(b"### 1.2 LOW: B\n\n- [x] done\n  more\n")
            .is_some());
    }

    #[test]
    fn a_block_left_open_is_read_with_what_follows() {
        // Each heading below is inside a block opened before it.
        let passes = [
            "# A\n\n```\n\n# not a heading\n```\n\n## B\n",
            "# A\n\n- item\n\n  ```\n  code\n\n# C\n\ntext\n",
            "# A\n\n<!--\n\n# hidden\n\n-->\n\n## B\n",
            "# A\n\n <pre>\n\n# kept\n</pre>\n\n## B\n",
            "# A\n\n   ~~~~\n\n# x\n~~~\n\n# y\n~~~~\n\n# z\n",
        ];
        for src in passes {
            let mut memo = Memory::new(true);
            assert_eq!(read(src, &mut memo), whole(src), "{src:?}");
            // Read again, from what was remembered.
            assert_eq!(read(src, &mut memo), whole(src), "{src:?}");
            // And each way it can be cut, remembered first.
            for c in cuts(src) {
                let mut memo = Memory::new(true);
                read(&src[..c.at], &mut memo);
                assert_eq!(read(src, &mut memo), whole(src), "{src:?} cut at {}", c.at);
            }
        }
        // The open comment of the third reaches past `# hidden`: one piece.
        let mut memo = Memory::new(true);
        read(passes[2], &mut memo);
        assert!(memo.pieces.find(b"# hidden\n\n-->\n\n").is_none());
    }

    /// Blocks that end at the next heading, and blocks that run past one.
    const BLOCKS: &[&str] = &[
        "# Audit\n\n",
        "## 1. High\n\n",
        "### 1.1 HIGH: Token logged\n\n**Location:** `api/auth.py:10`\n\n",
        "intro text\nmore text\n\n",
        "- [x] done\n  more\n- [ ] open\n\n",
        "| # | Issue | Severity |\n|---|---|---|\n| 1 | Bad | High |\n\n",
        "```bash\necho a\n\n# install\npip install x\n```\n\n",
        "```py\n\n# comment\n\n",
        "~~~\n\n## inside\n~~~~\n\n",
        "<!-- note\n\n# hidden\n-->\n\n",
        "<!-- open\n\n",
        "<details><summary>1.2 LOW: Folded</summary>\n\nbody\n\n</details>\n\n",
        "> quoted\n> ```\n\n",
        "1. item\n\n   ```\n   code\n\n",
        "    indented code\n\n",
        "#### 1.3 ~~MEDIUM: Struck~~ FIXED\n\n",
        "[ref]: https://example.com\n\n",
        "see [ref]\n\n",
        "<pre>\n\n",
        "</pre>\n\n",
        "# End",
    ];

    /// Documents of `BLOCKS` in an order that a fixed seed picks.
    fn documents(n: usize) -> Vec<String> {
        let mut seed = 0x2545_f491_4f6c_dd1du64;
        let mut next = move |m: usize| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed % m as u64) as usize
        };
        (0..n)
            .map(|_| {
                let len = 1 + next(12);
                (0..len).map(|_| BLOCKS[next(BLOCKS.len())]).collect()
            })
            .collect()
    }

    /// Every document, with a memo kept across all of them, is read as the
    /// whole is: after its text up to each cut was read, and after the
    /// documents before it.
    #[test]
    fn pieces_remembered_in_any_order_read_as_the_whole() {
        let docs = documents(300);
        let mut memo = Memory::new(true);
        let mut cut_docs = 0;
        for src in &docs {
            let c = cuts(src);
            cut_docs += usize::from(c.len() > 2 && !may_define_links(src));
            for cut in c.iter().rev() {
                let part = &src[..cut.at];
                assert_eq!(read(part, &mut memo), whole(part), "{part:?}");
            }
            assert_eq!(read(src, &mut memo), whole(src), "{src:?}");
        }
        assert!(cut_docs > 100, "{cut_docs} documents read in pieces");
    }

    /// An id stands for one line content, and a content read again (in a
    /// piece remembered or read anew) keeps its id.
    #[test]
    fn an_id_stands_for_one_content() {
        let mut memory = Memory::new(true);
        let mut seen: std::collections::HashMap<u64, Vec<u8>> = Default::default();
        let mut ids_of_content: std::collections::HashMap<Vec<u8>, u64> = Default::default();
        let docs = documents(200);
        for src in docs.iter().chain(&docs) {
            for l in split(src, &mut memory).lines {
                let mut content = Vec::new();
                l.write_content(&mut content);
                if l.id == 0 {
                    assert!(may_define_links(src));
                    continue;
                }
                assert_eq!(
                    seen.entry(l.id).or_insert_with(|| content.clone()),
                    &content
                );
                assert_eq!(*ids_of_content.entry(content).or_insert(l.id), l.id);
            }
        }
        assert!(seen.len() > 20, "{} ids", seen.len());
    }

    #[test]
    fn a_document_that_may_define_links_is_read_whole() {
        assert!(may_define_links(
            "# A\n\n[x]: https://example.com\n\n# B\n\n[x]\n"
        ));
        assert!(may_define_links("> - [a\nlabel]:\n  /url\n"));
        assert!(!may_define_links(
            "# A\n\n```py\ndef f() -> Optional[int]:\n```\n"
        ));
        assert!(!may_define_links("[a] b\n\nc]: d\n"));
        let src = "# A\n\n[x]\n\n## B\n\n[x]: /u\n";
        let mut memo = Memory::new(true);
        assert_eq!(read(src, &mut memo), whole(src));
        assert!(memo.pieces.find(b"# A\n\n[x]\n\n").is_none());
    }
}
