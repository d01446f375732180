//! Markdown → a flat list of logical lines.
//!
//! Audits are line-oriented documents (headings, bullets, `**Field:**` lines,
//! table rows), so the reader works on lines rather than on a tree. This
//! module is the only one that knows pulldown-cmark: it resolves what only a
//! real markdown parser gets right (code fences, list nesting, tables,
//! strike-through and bold spans) and hands out plain text with the spans
//! that matter for reading status and titles.

use std::rc::Rc;

use pulldown_cmark::{CodeBlockKind, Event, Options, Parser, Tag, TagEnd};

/// What a line is in the document's structure.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Heading(u8),
    /// First line of a list item; `depth` 0 is a top-level list.
    Item {
        depth: u16,
        checked: Option<bool>,
    },
    /// A further line of a list item's own text.
    Cont {
        depth: u16,
    },
    /// A line of an ordinary paragraph.
    Text,
    /// A table row; `table` indexes `Doc::tables`.
    Row {
        table: u32,
        header: bool,
    },
}

pub const STRONG: u8 = 1;
pub const STRIKE: u8 = 2;
pub const CODE: u8 = 4;
/// A link to a place in the document itself (`[Title](#2-title)`).
pub const ANCHOR: u8 = 8;

/// A styled run of a line's text, as byte offsets into `Line::text`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Span {
    pub start: usize,
    pub end: usize,
    pub flags: u8,
}

/// A line's text: the line's own when it is read, shared once a piece that
/// a reader remembers hands the line out again (see `pieces`): a
/// remembered line is then copied without its text.
#[derive(Clone)]
pub enum Text {
    Own(String),
    Shared(Rc<str>),
}

impl Text {
    /// The same text, shared.
    pub fn share(&mut self) {
        if let Text::Own(s) = self {
            *self = Text::Shared(Rc::from(s.as_str()));
        }
    }
}

impl std::ops::Deref for Text {
    type Target = str;

    fn deref(&self) -> &str {
        match self {
            Text::Own(s) => s,
            Text::Shared(s) => s,
        }
    }
}

impl std::fmt::Debug for Text {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Debug::fmt(&**self, f)
    }
}

impl PartialEq<&str> for Text {
    fn eq(&self, other: &&str) -> bool {
        **self == **other
    }
}

/// A line's spans or cells, kept as its text is (see `Text`).
pub enum List<T> {
    Own(Vec<T>),
    Shared(Rc<[T]>),
}

impl<T> List<T> {
    /// The same list, shared.
    pub fn share(&mut self) {
        if let List::Own(v) = self {
            *self = List::Shared(Rc::from(std::mem::take(v)));
        }
    }
}

impl<T> Default for List<T> {
    fn default() -> List<T> {
        List::Own(Vec::new())
    }
}

impl<T: Clone> Clone for List<T> {
    fn clone(&self) -> List<T> {
        match self {
            List::Own(v) => List::Own(v.clone()),
            List::Shared(s) => List::Shared(s.clone()),
        }
    }
}

impl<T> std::ops::Deref for List<T> {
    type Target = [T];

    fn deref(&self) -> &[T] {
        match self {
            List::Own(v) => v,
            List::Shared(s) => s,
        }
    }
}

impl<'a, T> IntoIterator for &'a List<T> {
    type Item = &'a T;
    type IntoIter = std::slice::Iter<'a, T>;

    fn into_iter(self) -> Self::IntoIter {
        self.iter()
    }
}

impl<T: std::fmt::Debug> std::fmt::Debug for List<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Debug::fmt(&**self, f)
    }
}

#[derive(Clone, Debug)]
pub struct Line {
    /// 1-based line number in the source.
    pub no: usize,
    pub kind: Kind,
    /// Plain text, markup removed.
    pub text: Text,
    /// Styled runs (bold, struck, code) in `text`, in order.
    pub spans: List<Span>,
    /// Cell texts, for table rows.
    pub cells: List<String>,
    /// What a remembering reader knows the line's content by (see
    /// `pieces`): two lines with the same id other than 0 have the same
    /// kind, text, spans and cells (a row's table number aside, which
    /// moves when a table is added above). 0 when not known.
    pub id: u64,
}

impl Line {
    /// The leading bold run, if the line starts with one (ignoring
    /// checkbox-like and emoji prefixes).
    pub fn strong_lead(&self) -> Option<&str> {
        let at = self.spans.iter().position(|s| s.flags & STRONG != 0)?;
        let first = self.spans[at];
        let before = &self.text[..first.start];
        if !before.chars().all(|c| !c.is_alphanumeric()) {
            return None;
        }
        // A code span or a struck word inside the bold is a span of its own
        // (`**No auth on `/admin`**`): the run goes on through it.
        let mut end = first.end;
        for s in &self.spans[at + 1..] {
            if s.start != end || s.flags & STRONG == 0 {
                break;
            }
            end = s.end;
        }
        Some(&self.text[first.start..end])
    }

    /// Number of alphanumeric characters of `range` that are struck through.
    pub fn struck_alnum(&self, start: usize, end: usize) -> (usize, usize) {
        let mut struck = 0;
        let mut total = 0;
        for (i, c) in self.text[start..end].char_indices() {
            if !c.is_alphanumeric() {
                continue;
            }
            total += 1;
            let at = start + i;
            if self
                .spans
                .iter()
                .any(|s| s.flags & STRIKE != 0 && s.start <= at && at < s.end)
            {
                struck += 1;
            }
        }
        (struck, total)
    }

    /// Writes all that `id` stands for into a memo key.
    pub fn write_content(&self, k: &mut Vec<u8>) {
        let kind = match self.kind {
            Kind::Heading(level) => [0, u64::from(level), 0],
            Kind::Item { depth, checked } => [1, u64::from(depth), checked.map_or(2, u64::from)],
            Kind::Cont { depth } => [2, u64::from(depth), 0],
            Kind::Text => [3, 0, 0],
            Kind::Row { header, .. } => [4, u64::from(header), 0],
        };
        let spans = self
            .spans
            .iter()
            .flat_map(|s| [s.start as u64, s.end as u64, u64::from(s.flags)]);
        let cells = self.cells.iter().map(|c| c.len() as u64);
        let counts = [
            self.spans.len() as u64,
            self.cells.len() as u64,
            self.text.len() as u64,
        ];
        for n in kind.into_iter().chain(counts).chain(spans).chain(cells) {
            k.extend_from_slice(&n.to_le_bytes());
        }
        k.extend_from_slice(self.text.as_bytes());
        for c in &self.cells {
            k.extend_from_slice(c.as_bytes());
        }
    }

    pub fn is_heading(&self) -> bool {
        matches!(self.kind, Kind::Heading(_))
    }

    pub fn heading_level(&self) -> Option<u8> {
        match self.kind {
            Kind::Heading(l) => Some(l),
            _ => None,
        }
    }
}

/// The document as logical lines.
#[derive(Debug, Default)]
pub struct Doc {
    pub lines: Vec<Line>,
    /// Header cells of each table.
    pub tables: Vec<Vec<String>>,
}

impl Doc {
    /// The body rows of every table (not their headers), each with its table.
    pub fn body_rows(&self) -> impl Iterator<Item = (usize, &Line)> {
        self.lines.iter().filter_map(|l| match l.kind {
            Kind::Row {
                table,
                header: false,
            } => Some((table as usize, l)),
            _ => None,
        })
    }

    /// Reads as headings the bold lines that head a list the way a heading
    /// would (`**Critical Issues**` over its bullets, as chat answers lay a
    /// review out): a paragraph of one line, bold from end to end, of six
    /// words at most, right over a top-level list, that `groups` (a rating
    /// or a section's name, over the text of the list's first item). Each
    /// is one level under the heading above it.
    pub fn bold_headings(&mut self, groups: impl Fn(&str, &str) -> bool) {
        let mut level = 1u8;
        for i in 0..self.lines.len() {
            let l = &self.lines[i];
            if let Some(h) = l.heading_level() {
                level = h;
                continue;
            }
            let heads_list = self
                .lines
                .get(i + 1)
                .is_some_and(|n| matches!(n.kind, Kind::Item { depth: 0, .. }));
            let whole = l.kind == Kind::Text
                && heads_list
                && l.text.split_whitespace().nth(6).is_none()
                && l.strong_lead().is_some_and(|b| {
                    // `strong_lead` starts after nothing but marks; past
                    // its end, only marks (`:`) may follow.
                    let end = b.as_ptr() as usize - l.text.as_ptr() as usize + b.len();
                    l.text[end..].chars().all(|c| !c.is_alphanumeric())
                });
            if whole && groups(l.text.trim().trim_end_matches(':'), &self.lines[i + 1].text) {
                let l = &mut self.lines[i];
                l.kind = Kind::Heading(level.saturating_add(1).clamp(2, 6));
                // What a remembering reader knew the line as is no more.
                l.id = 0;
            }
        }
    }

    /// True when the text carries almost no markdown structure (a page
    /// scraped from a web view): headings, lists and tables are all but absent.
    pub fn is_plain(&self) -> bool {
        let structured = self
            .lines
            .iter()
            .filter(|l| !matches!(l.kind, Kind::Text))
            .count();
        self.lines.len() >= 8 && structured * 50 < self.lines.len()
    }
}

/// The line being built: its text and spans grow as the parser hands them out.
struct Building {
    no: usize,
    kind: Kind,
    text: String,
    spans: Vec<Span>,
}

struct Builder<'a> {
    src: &'a str,
    line_starts: Vec<usize>,
    doc: Doc,
    cur: Option<Building>,
    /// Kind for the next line started by text inside the current block.
    next_kind: Kind,
    list_depth: u16,
    /// Item depths of the enclosing items (to tell item text from nested text).
    item_stack: Vec<u16>,
    flags_stack: Vec<u8>,
    in_code_block: bool,
    table: Option<u32>,
    in_head: bool,
    cells: Vec<String>,
    cell: Option<String>,
    /// Struck parts of the cell being read, by byte offset in it.
    cell_spans: Vec<Span>,
    /// Struck parts of the row being read, by byte offset in its text.
    row_spans: Vec<Span>,
    row_start: usize,
    /// Level of the last markdown heading (0 before any).
    heading_level: u8,
}

/// The text of a one-line `<summary>…</summary>` in raw HTML, its tags
/// removed and the common entities decoded.
fn summary_text(html: &str) -> Option<String> {
    let lower = html.to_ascii_lowercase();
    let open = lower.find("<summary")?;
    let body = open + lower[open..].find('>')? + 1;
    let close = body + lower[body..].find("</summary")?;
    inner_text(&html[body..close])
}

/// `<h3>MB-1: Title</h3>`: an HTML heading, its level and text.
fn html_heading(html: &str) -> Option<(u8, String)> {
    let lower = html.to_ascii_lowercase();
    let open = lower.find("<h")?;
    let level = lower
        .as_bytes()
        .get(open + 2)
        .filter(|b| (b'1'..=b'6').contains(b))?;
    if !matches!(lower.as_bytes().get(open + 3), Some(b'>' | b' ')) {
        return None;
    }
    let body = open + lower[open..].find('>')? + 1;
    let close = body + lower[body..].find(&format!("</h{}", *level as char))?;
    Some((level - b'0', inner_text(&html[body..close])?))
}

/// The text of an HTML fragment: tags dropped, common entities decoded.
fn inner_text(html: &str) -> Option<String> {
    let mut out = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    let out = out
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&nbsp;", " ")
        .replace("&amp;", "&");
    let out = out.trim();
    (!out.is_empty()).then(|| out.to_string())
}

impl<'a> Builder<'a> {
    fn line_of(&self, offset: usize) -> usize {
        match self.line_starts.binary_search(&offset) {
            Ok(i) => i + 1,
            Err(i) => i,
        }
    }

    fn flags(&self) -> u8 {
        self.flags_stack.iter().fold(0, |a, f| a | f)
    }

    fn begin(&mut self, kind: Kind, offset: usize) {
        self.finish();
        let no = self.line_of(offset);
        // A line's text is at most its source line: one allocation, no regrowth.
        let source_end = self.line_starts.get(no).copied().unwrap_or(self.src.len());
        self.cur = Some(Building {
            no,
            kind,
            text: String::with_capacity(source_end.saturating_sub(offset)),
            spans: Vec::new(),
        });
    }

    fn finish(&mut self) {
        if let Some(mut line) = self.cur.take() {
            let trimmed_end = line.text.trim_end().len();
            line.text.truncate(trimmed_end);
            for s in &mut line.spans {
                s.end = s.end.min(trimmed_end);
                s.start = s.start.min(s.end);
            }
            line.spans.retain(|s| s.start < s.end);
            let keep = !line.text.trim().is_empty()
                || matches!(line.kind, Kind::Heading(_) | Kind::Item { .. });
            if keep {
                self.doc.lines.push(Line {
                    no: line.no,
                    kind: line.kind,
                    text: Text::Own(line.text),
                    spans: List::Own(line.spans),
                    cells: List::default(),
                    id: 0,
                });
            }
        }
    }

    fn text_kind(&self) -> Kind {
        match self.item_stack.last() {
            Some(&depth) => Kind::Cont { depth },
            None => Kind::Text,
        }
    }

    fn push_text(&mut self, text: &str, offset: usize, extra: u8) {
        if self.in_code_block {
            return;
        }
        let struck = (self.flags() | extra) & STRIKE != 0;
        if let Some(cell) = self.cell.as_mut() {
            // Only a strike is kept of a cell's markup: a struck row is a
            // closed finding. Its other spans would be new to what reads rows.
            let start = cell.len();
            cell.push_str(text);
            if struck {
                let end = cell.len();
                match self.cell_spans.last_mut() {
                    Some(last) if last.end == start => last.end = end,
                    _ => self.cell_spans.push(Span {
                        start,
                        end,
                        flags: STRIKE,
                    }),
                }
            }
            return;
        }
        if self.table.is_some() {
            return;
        }
        if self.cur.is_none() {
            let kind = self.next_kind;
            self.begin(kind, offset);
        }
        let flags = self.flags() | extra;
        let line = self.cur.as_mut().expect("line begun above");
        let start = line.text.len();
        line.text.push_str(text);
        let end = line.text.len();
        if flags != 0 {
            match line.spans.last_mut() {
                Some(last) if last.end == start && last.flags == flags => last.end = end,
                _ => line.spans.push(Span { start, end, flags }),
            }
        }
    }

    fn line_break(&mut self) {
        if self.cell.is_some() {
            if let Some(c) = self.cell.as_mut() {
                c.push(' ');
            }
            return;
        }
        self.finish();
        self.next_kind = self.text_kind();
    }

    fn event(&mut self, event: Event<'a>, range: std::ops::Range<usize>) {
        match event {
            Event::Start(tag) => self.start(tag, range.start),
            Event::End(tag) => self.end(tag, range.end),
            Event::Text(t) => self.push_text(&t, range.start, 0),
            Event::Code(t) => self.push_text(&t, range.start, CODE),
            Event::InlineMath(t) | Event::DisplayMath(t) => self.push_text(&t, range.start, 0),
            Event::SoftBreak | Event::HardBreak => self.line_break(),
            Event::TaskListMarker(done) => {
                if let Some(Building {
                    kind: Kind::Item { checked, .. },
                    text,
                    ..
                }) = self.cur.as_mut()
                {
                    if text.trim().is_empty() {
                        *checked = Some(done);
                    }
                }
            }
            // `<details><summary>Title</summary>`: a collapsed finding, its
            // summary a heading one level below the section it is in, so
            // each runs to the next.
            Event::Html(html) if self.table.is_none() && self.list_depth == 0 => {
                if let Some(text) = summary_text(&html) {
                    let level = (self.heading_level + 1).clamp(2, 6);
                    self.begin(Kind::Heading(level), range.start);
                    self.push_text(&text, range.start, 0);
                    self.finish();
                    self.next_kind = self.text_kind();
                } else if let Some((level, text)) = html_heading(&html) {
                    // `<h3>MB-1: Title</h3>`, as `### MB-1: Title` reads.
                    self.finish();
                    self.heading_level = level;
                    self.begin(Kind::Heading(level), range.start);
                    self.push_text(&text, range.start, 0);
                    self.finish();
                    self.next_kind = self.text_kind();
                }
            }
            Event::Html(_) | Event::InlineHtml(_) => {}
            Event::FootnoteReference(_) | Event::Rule => {}
        }
    }

    fn start(&mut self, tag: Tag<'a>, offset: usize) {
        match tag {
            Tag::Heading { level, .. } => {
                self.heading_level = level as u8;
                self.begin(Kind::Heading(level as u8), offset);
            }
            Tag::List(_) => {
                self.finish();
                self.list_depth = self.list_depth.saturating_add(1);
            }
            Tag::Item => {
                let depth = self.list_depth.saturating_sub(1);
                self.begin(
                    Kind::Item {
                        depth,
                        checked: None,
                    },
                    offset,
                );
                self.item_stack.push(depth);
                self.next_kind = Kind::Cont { depth };
            }
            Tag::Paragraph => {
                // A tight item's first paragraph continues the item line.
                let continues_item = matches!(
                    &self.cur,
                    Some(Building { kind: Kind::Item { .. }, text, .. }) if text.is_empty()
                );
                if !continues_item {
                    self.finish();
                    self.next_kind = self.text_kind();
                }
            }
            Tag::CodeBlock(_) => {
                self.finish();
                self.in_code_block = true;
            }
            Tag::Table(_) => {
                self.finish();
                self.table = Some(self.doc.tables.len() as u32);
                self.doc.tables.push(Vec::new());
            }
            Tag::TableHead => {
                self.in_head = true;
                self.cells.clear();
                self.row_spans.clear();
                self.row_start = offset;
            }
            Tag::TableRow => {
                self.cells.clear();
                self.row_spans.clear();
                self.row_start = offset;
            }
            Tag::TableCell => self.cell = Some(String::new()),
            Tag::Strong => self.flags_stack.push(STRONG),
            Tag::Strikethrough => self.flags_stack.push(STRIKE),
            Tag::Emphasis | Tag::Superscript | Tag::Subscript => self.flags_stack.push(0),
            Tag::Link { dest_url, .. } if dest_url.starts_with('#') => {
                self.flags_stack.push(ANCHOR)
            }
            Tag::Link { .. } | Tag::Image { .. } => self.flags_stack.push(0),
            Tag::BlockQuote(_)
            | Tag::HtmlBlock
            | Tag::FootnoteDefinition(_)
            | Tag::DefinitionList
            | Tag::DefinitionListTitle
            | Tag::DefinitionListDefinition => self.finish(),
            // Front matter is the document's metadata, not its text.
            Tag::MetadataBlock(_) => {
                self.finish();
                self.in_code_block = true;
            }
        }
    }

    fn end(&mut self, tag: TagEnd, _offset: usize) {
        match tag {
            TagEnd::Heading(_) => {
                self.finish();
                self.next_kind = self.text_kind();
            }
            TagEnd::List(_) => {
                self.finish();
                self.list_depth = self.list_depth.saturating_sub(1);
            }
            TagEnd::Item => {
                self.finish();
                self.item_stack.pop();
                self.next_kind = self.text_kind();
            }
            TagEnd::Paragraph => {
                self.finish();
                self.next_kind = self.text_kind();
            }
            TagEnd::CodeBlock => self.in_code_block = false,
            TagEnd::Table => self.table = None,
            TagEnd::TableHead | TagEnd::TableRow => {
                let header = tag == TagEnd::TableHead;
                if let Some(table) = self.table {
                    let cells = std::mem::take(&mut self.cells);
                    if header {
                        self.doc.tables[table as usize] = cells.clone();
                        self.in_head = false;
                    }
                    let text = cells.join(" | ");
                    self.doc.lines.push(Line {
                        no: self.line_of(self.row_start),
                        kind: Kind::Row { table, header },
                        text: Text::Own(text),
                        spans: List::Own(std::mem::take(&mut self.row_spans)),
                        cells: List::Own(cells),
                        id: 0,
                    });
                }
            }
            TagEnd::TableCell => {
                if let Some(cell) = self.cell.take() {
                    // The cell is trimmed, and joined to the row's text
                    // after the cells before it and their " | ".
                    let lead = cell.len() - cell.trim_start().len();
                    let len = cell.trim().len();
                    let at: usize = self.cells.iter().map(|c| c.len() + 3).sum();
                    for s in self.cell_spans.drain(..) {
                        let a = s.start.max(lead) - lead;
                        let b = s.end.min(lead + len).saturating_sub(lead);
                        if a < b {
                            self.row_spans.push(Span {
                                start: at + a,
                                end: at + b,
                                flags: STRIKE,
                            });
                        }
                    }
                    self.cells.push(cell.trim().to_string());
                }
            }
            TagEnd::Strong
            | TagEnd::Strikethrough
            | TagEnd::Emphasis
            | TagEnd::Superscript
            | TagEnd::Subscript
            | TagEnd::Link
            | TagEnd::Image => {
                self.flags_stack.pop();
            }
            TagEnd::BlockQuote(_)
            | TagEnd::HtmlBlock
            | TagEnd::FootnoteDefinition
            | TagEnd::DefinitionList
            | TagEnd::DefinitionListTitle
            | TagEnd::DefinitionListDefinition => self.finish(),
            TagEnd::MetadataBlock(_) => self.in_code_block = false,
        }
    }
}

/// The YAML front matter `src` opens with (`---`, `key: value` lines,
/// `---`), without its fences. Only then is a leading `---` block
/// metadata: a document may also open with a rule, a title and a rule.
pub fn front_matter(src: &str) -> Option<&str> {
    let rest = src.strip_prefix("---\n")?;
    let mut keys = 0;
    let mut at = 0;
    for line in rest.split_inclusive('\n').take(60) {
        let bare = line.trim_end_matches('\n');
        if bare == "---" || bare == "..." {
            return (keys > 0).then(|| &rest[..at]);
        }
        at += line.len();
        let key = bare.split_once(':').is_some_and(|(k, _)| {
            k.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
                && k.bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
        });
        if key {
            keys += 1;
        } else if !(bare.trim().is_empty() || bare.starts_with([' ', '\t', '-'])) {
            return None;
        }
    }
    None
}

/// An audit an assistant handed back inside a code block (`Here is the
/// updated audit:` over a ```` ```markdown ```` fence): the text with every
/// line outside the block's body blanked, so that line numbers stay those
/// of `src`, and the block's first line. The block runs from its opening
/// fence to the last bare fence of its kind: the audit's own code blocks
/// sit inside it, and the first of their bare fences would close it early
/// for a markdown parser. `src` must use `\n` line endings.
pub fn fenced_markdown(src: &str) -> Option<(usize, String)> {
    /// A fence line's indent, character, length and info string.
    fn fence(l: &str) -> Option<(usize, char, usize, &str)> {
        let t = l.trim_start_matches(' ');
        let indent = l.len() - t.len();
        let c = t.chars().next().filter(|&c| c == '`' || c == '~')?;
        let n = t.len() - t.trim_start_matches(c).len();
        (indent <= 3 && n >= 3).then(|| (indent, c, n, t[n..].trim()))
    }
    // Most documents hold no such block: settled without splitting them,
    // by a fence's tag, `markdown` or `md` in any case after its marks.
    let b = src.as_bytes();
    let tagged = |at: usize| {
        let rest = &b[at..];
        let info = rest
            .iter()
            .position(|&c| !matches!(c, b'`' | b'~' | b' '))
            .map_or(&rest[..0], |i| &rest[i..]);
        let word = |w: &[u8]| info.len() >= w.len() && info[..w.len()].eq_ignore_ascii_case(w);
        word(b"markdown") || word(b"md")
    };
    let fenced = memchr::memmem::find_iter(b, b"```")
        .chain(memchr::memmem::find_iter(b, b"~~~"))
        .any(tagged);
    if !fenced {
        return None;
    }
    let lines: Vec<&str> = src.split('\n').collect();
    let (open, (indent, c, n, _)) = lines.iter().enumerate().find_map(|(i, l)| {
        let f = fence(l)?;
        let info = f.3.split_whitespace().next()?.to_ascii_lowercase();
        matches!(info.as_str(), "markdown" | "md").then_some((i, f))
    })?;
    let close = (open + 1..lines.len()).rev().find(|&i| {
        fence(lines[i]).is_some_and(|(_, c2, n2, info)| c2 == c && n2 >= n && info.is_empty())
    })?;
    let mut out = String::with_capacity(src.len());
    for (i, l) in lines.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        if i > open && i < close {
            // The block's indent is no part of its text.
            let cut = l.len() - l.trim_start_matches(' ').len();
            out.push_str(&l[cut.min(indent)..]);
        }
    }
    Some((open + 1, out))
}

/// Splits markdown into logical lines. `src` must use `\n` line endings.
pub fn split(src: &str) -> Doc {
    read(src, |_| {})
}

/// `split`, also handing `long_block` the byte range of every block that
/// may run on past a blank line and a heading (a fenced code block, an
/// HTML block): what `pieces` needs to know where the text may be cut.
pub(super) fn read(src: &str, mut long_block: impl FnMut(std::ops::Range<usize>)) -> Doc {
    let mut line_starts = vec![0];
    line_starts.extend(src.match_indices('\n').map(|(i, _)| i + 1));
    let mut b = Builder {
        src,
        line_starts,
        doc: Doc::default(),
        cur: None,
        next_kind: Kind::Text,
        list_depth: 0,
        item_stack: Vec::new(),
        flags_stack: Vec::new(),
        in_code_block: false,
        table: None,
        in_head: false,
        cells: Vec::new(),
        cell: None,
        cell_spans: Vec::new(),
        row_spans: Vec::new(),
        row_start: 0,
        heading_level: 0,
    };
    let mut opts =
        Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_TASKLISTS;
    if front_matter(src).is_some() {
        opts |= Options::ENABLE_YAML_STYLE_METADATA_BLOCKS;
    }
    for (event, range) in Parser::new_ext(src, opts).into_offset_iter() {
        if matches!(
            event,
            Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(_)) | Tag::HtmlBlock)
        ) {
            long_block(range.clone());
        }
        b.event(event, range);
    }
    b.finish();
    b.doc
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(src: &str) -> Vec<(usize, Kind, String)> {
        split(src)
            .lines
            .into_iter()
            .map(|l| (l.no, l.kind, l.text.to_string()))
            .collect()
    }

    #[test]
    fn a_markdown_block_is_unwrapped_in_place_to_its_last_bare_fence() {
        let src = "Here it is:\n\n  ~~~md\n  # Audit\n  ```sh\n  ls\n  ```\n  ~~~\nBye\n";
        let (line, inner) = fenced_markdown(src).unwrap();
        assert_eq!(line, 3);
        // Same lines, the outside blank, the block's indent gone.
        assert_eq!(inner, "\n\n\n# Audit\n```sh\nls\n```\n\n\n");
        // A block of another language, or one never closed, is no audit.
        assert_eq!(fenced_markdown("```rust\nfn a() {}\n```\n"), None);
        assert_eq!(fenced_markdown("```markdown\n# Audit\n```sh\n"), None);
        // A closing fence must be as long as the opening one.
        assert_eq!(fenced_markdown("````markdown\n# A\n```\n"), None);
    }

    #[test]
    fn headings_items_and_continuations() {
        let got = kinds("# T\n\n- [x] **A** done  \n  more\n  - nested\n\ntext\n");
        assert_eq!(
            got,
            vec![
                (1, Kind::Heading(1), "T".into()),
                (
                    3,
                    Kind::Item {
                        depth: 0,
                        checked: Some(true)
                    },
                    "A done".into()
                ),
                (4, Kind::Cont { depth: 0 }, "more".into()),
                (
                    5,
                    Kind::Item {
                        depth: 1,
                        checked: None
                    },
                    "nested".into()
                ),
                (7, Kind::Text, "text".into()),
            ]
        );
    }

    #[test]
    fn hash_lines_in_code_fences_are_not_headings() {
        let got = kinds("## A\n\n```bash\n# not a heading\n```\n## B\n");
        assert_eq!(
            got,
            vec![
                (1, Kind::Heading(2), "A".into()),
                (6, Kind::Heading(2), "B".into())
            ]
        );
    }

    #[test]
    fn strike_and_strong_spans() {
        let doc = split("### 1.1 ~~CRITICAL: Bad~~ FIXED\n");
        let l = &doc.lines[0];
        assert_eq!(l.text, "1.1 CRITICAL: Bad FIXED");
        let struck: Vec<&str> = l
            .spans
            .iter()
            .filter(|s| s.flags & STRIKE != 0)
            .map(|s| &l.text[s.start..s.end])
            .collect();
        assert_eq!(struck, vec!["CRITICAL: Bad"]);
    }

    #[test]
    fn struck_characters_are_counted_span_by_span() {
        let doc = split("~~ab~~ c **~~d~~** e~~f~~g ~~h1~~\n");
        let l = &doc.lines[0];
        let naive = |a: usize, b: usize| {
            let mut n = (0, 0);
            for (i, c) in l.text[a..b].char_indices() {
                if c.is_alphanumeric() {
                    n.1 += 1;
                    let at = a + i;
                    let struck = l
                        .spans
                        .iter()
                        .any(|s| s.start <= at && at < s.end && s.flags & STRIKE != 0);
                    if struck {
                        n.0 += 1;
                    }
                }
            }
            n
        };
        for a in 0..=l.text.len() {
            for b in a..=l.text.len() {
                if l.text.is_char_boundary(a) && l.text.is_char_boundary(b) {
                    assert_eq!(l.struck_alnum(a, b), naive(a, b), "{a}..{b}");
                }
            }
        }
        assert_eq!(l.struck_alnum(0, l.text.len()), (6, 9));
    }

    #[test]
    fn a_shared_text_reads_as_its_own_and_is_copied_without_its_bytes() {
        let mut t = Text::Own("Token logged".to_string());
        t.share();
        assert!(matches!(t, Text::Shared(_)));
        assert_eq!(t, "Token logged");
        assert_eq!(format!("{t:?}"), format!("{:?}", "Token logged"));
        let copy = t.clone();
        assert!(
            matches!(&copy, Text::Shared(c) if matches!(&t, Text::Shared(s) if Rc::ptr_eq(c, s)))
        );
    }

    #[test]
    fn a_shared_list_reads_as_its_own_and_is_copied_without_its_items() {
        let mut l = List::Own(vec![1, 2]);
        l.share();
        assert!(matches!(l, List::Shared(_)));
        assert_eq!(l[..], [1, 2]);
        assert_eq!(format!("{l:?}"), "[1, 2]");
        let copy = l.clone();
        assert!(
            matches!(&copy, List::Shared(c) if matches!(&l, List::Shared(s) if Rc::ptr_eq(c, s)))
        );
    }

    #[test]
    fn html_headings_are_headings() {
        let k = kinds("# R\n\n<h3>MB-1: Token &amp; key <code>leak</code></h3>\n\nText.\n");
        assert_eq!(
            k[1],
            (3, Kind::Heading(3), "MB-1: Token & key leak".to_string())
        );
        assert_eq!(k[2].1, Kind::Text);
    }

    #[test]
    fn yaml_front_matter_is_no_text() {
        let doc = split("---\ntitle: Audit\nstatus: final\n---\n\n# Audit\n\nText.\n");
        let texts: Vec<&str> = doc.lines.iter().map(|l| &*l.text).collect();
        assert_eq!(texts, ["Audit", "Text."]);
        // A rule, a title and a rule are no front matter.
        let doc = split("---\n# Audit\n---\n\nText.\n");
        assert_eq!(doc.lines[0].text, "Audit");
    }

    #[test]
    fn table_rows_carry_cells() {
        let doc = split("| # | Issue |\n|---|---|\n| 1 | Bad thing |\n");
        assert_eq!(doc.tables, vec![vec!["#".to_string(), "Issue".to_string()]]);
        assert_eq!(doc.lines[1].cells[..], ["1", "Bad thing"]);
        assert_eq!(doc.lines[1].no, 3);
    }

    #[test]
    fn a_rows_struck_parts_are_spans_of_its_joined_text() {
        let doc = split("| # | Issue |\n|---|---|\n| ~~1~~ |  ~~Bad~~ **thing** `x` |\n");
        let row = &doc.lines[1];
        assert_eq!(&*row.text, "1 | Bad thing x");
        let struck: Vec<&str> = row
            .spans
            .iter()
            .map(|s| {
                assert_eq!(s.flags, STRIKE, "only strikes are kept of a row's markup");
                &row.text[s.start..s.end]
            })
            .collect();
        assert_eq!(struck, ["1", "Bad"]);
    }
}
