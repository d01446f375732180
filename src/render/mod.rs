//! Output formats: one module per format over the same values.

mod codeclimate;
mod json;
mod markdown;
mod sarif;
mod table;

use std::io::{self, Write};

use clap::ValueEnum;

use crate::diff::{Change, Class};
use crate::history::History;
use crate::model::{Audit, Finding};
use crate::report::Report;

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// A readable table for a terminal.
    Table,
    /// One JSON object (the stable contract for tools).
    Json,
    /// Markdown, as a PR comment or job summary shows it.
    Markdown,
    /// SARIF 2.1.0 for code scanning (diff only): open findings as new, unchanged or
    /// updated results, resolved ones as absent, each placed on its line of the audit.
    Sarif,
    /// GitLab Code Quality JSON (diff only): the findings open in the new pass.
    Codeclimate,
}

impl Format {
    /// Formats that describe a change between two passes and nothing else.
    pub fn diff_only(self) -> bool {
        matches!(self, Format::Sarif | Format::Codeclimate)
    }

    pub fn name(self) -> &'static str {
        match self {
            Format::Table => "table",
            Format::Json => "json",
            Format::Markdown => "markdown",
            Format::Sarif => "sarif",
            Format::Codeclimate => "codeclimate",
        }
    }
}

/// Why `show` and `history` refuse a diff-only format; app checks first, so
/// this is the message a caller that skipped the check sees.
fn diff_only(format: Format) -> io::Error {
    io::Error::new(
        io::ErrorKind::InvalidInput,
        format!(
            "--format {} is an output for `auditgate diff` only",
            format.name()
        ),
    )
}

/// How the output should look beyond its format.
#[derive(Clone, Copy, Debug, Default)]
pub struct Style {
    /// ANSI colour (only on a terminal, never with NO_COLOR).
    pub color: bool,
    /// Show why each finding was paired or left alone.
    pub explain: bool,
    /// List at most this many findings per section (PR comments have a size
    /// cap); the rest are counted, not dropped silently.
    pub limit: Option<usize>,
}

pub fn show(audit: &Audit, format: Format, style: Style, out: &mut dyn Write) -> io::Result<()> {
    match format {
        Format::Table => table::show(audit, style, out),
        Format::Json => json::show(audit, out),
        Format::Markdown => markdown::show(audit, out),
        Format::Sarif | Format::Codeclimate => Err(diff_only(format)),
    }
}

pub fn history(h: &History, format: Format, style: Style, out: &mut dyn Write) -> io::Result<()> {
    match format {
        Format::Table => table::history(h, style, out),
        Format::Json => json::history(h, out),
        Format::Markdown => markdown::history(h, out),
        Format::Sarif | Format::Codeclimate => Err(diff_only(format)),
    }
}

pub fn diff(report: &Report, format: Format, style: Style, out: &mut dyn Write) -> io::Result<()> {
    match format {
        Format::Table => table::diff(report, style, out),
        Format::Json => json::diff(report, style, out),
        Format::Markdown => markdown::diff(report, style, out),
        Format::Sarif => sarif::diff(report, out),
        Format::Codeclimate => codeclimate::diff(report, out),
    }
}

/// The path of a side's audit document: the repository-relative one when the
/// caller knew it, else read off the `source` label (without the revision of
/// a `REV:PATH` pass, without `./`, forward slashes).
fn doc_path(known: Option<&str>, source: &str) -> String {
    let raw = match known {
        Some(p) if !p.is_empty() => p,
        _ => strip_rev(source),
    };
    let mut p = raw.replace('\\', "/");
    while let Some(rest) = p.strip_prefix("./") {
        p = rest.to_string();
    }
    p
}

/// `abc1234:docs/ISSUES.md` → `docs/ISSUES.md`: git passes are labelled with
/// their short commit, which is no part of the file's path.
fn strip_rev(source: &str) -> &str {
    match source.split_once(':') {
        Some((rev, path))
            if rev.len() >= 7
                && rev.len() <= 64
                && rev.bytes().all(|b| b.is_ascii_hexdigit())
                && !path.is_empty() =>
        {
            path
        }
        _ => source,
    }
}

/// The finding's identity across this diff: the earlier pass's fingerprint
/// when the finding was paired, so a reworded title keeps the identity its
/// first report gave it.
fn identity(c: &Change) -> Option<&Finding> {
    c.old.as_ref().or(c.new.as_ref())
}

/// The finding as the pass that places it has it: the new pass for findings
/// open there, the old pass for resolved ones (their lines in the new pass,
/// if any, are the record of the fix, not the finding).
fn placed(c: &Change) -> Option<&Finding> {
    if c.class == Class::Resolved {
        c.old.as_ref().or(c.new.as_ref())
    } else {
        c.new.as_ref().or(c.old.as_ref())
    }
}

/// `ref: title`, or the title alone; never empty, as code scanning refuses
/// an empty message.
fn headline(f: &Finding) -> String {
    let title = f.title.trim();
    let title = if title.is_empty() {
        "(untitled finding)"
    } else {
        title
    };
    match f.reference.as_deref().map(str::trim) {
        Some(r) if !r.is_empty() => format!("{r}: {title}"),
        _ => title.to_string(),
    }
}

/// A fingerprint per result that stays unique when one document repeats a
/// title: the n-th repeat of an id (in report order) gets `:n` appended.
fn unique_keys<'a>(ids: impl Iterator<Item = &'a str>) -> Vec<String> {
    let mut seen: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    ids.map(|id| {
        let n = seen.entry(id).or_insert(0);
        *n += 1;
        if *n == 1 {
            id.to_string()
        } else {
            format!("{id}:{n}")
        }
    })
    .collect()
}

/// What names each pass of a history: its commit (shortened to `short`
/// characters) when the passes come from git, else its file (a series).
fn pass_sources(h: &History, short: usize) -> (&'static str, Vec<String>) {
    if h.rows.iter().all(|r| r.commit.is_some()) {
        let commits = h.rows.iter().map(|r| {
            let c = r.commit.as_deref().unwrap_or("");
            c.chars().take(short).collect()
        });
        ("commit", commits.collect())
    } else {
        ("file", h.rows.iter().map(|r| r.path.clone()).collect())
    }
}

/// A title made safe for one markdown table cell or list line: no markup
/// injection, no pings, no table breaks, no hidden comments.
pub fn md_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\n' | '\r' => out.push(' '),
            '|' => out.push_str("\\|"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '@' => out.push_str("@\u{200b}"),
            '*' | '_' | '`' | '[' | ']' | '~' => {
                out.push('\\');
                out.push(c);
            }
            _ => out.push(c),
        }
    }
    out
}

fn truncate(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        s.to_string()
    } else {
        let t: String = s.chars().take(max.saturating_sub(1)).collect();
        format!("{t}…")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn doc_path_drops_the_revision_and_dot_slash() {
        assert_eq!(doc_path(None, "abc1234:docs/ISSUES.md"), "docs/ISSUES.md");
        assert_eq!(doc_path(None, "./docs/ISSUES.md"), "docs/ISSUES.md");
        assert_eq!(doc_path(None, "docs\\ISSUES.md"), "docs/ISSUES.md");
        // Not a short commit: part of the name.
        assert_eq!(doc_path(None, "notes:a.md"), "notes:a.md");
        assert_eq!(doc_path(None, "C:\\audit.md"), "C:/audit.md");
        // What the caller knew wins over the label.
        assert_eq!(
            doc_path(Some("docs/ISSUES.md"), "/abs/docs/ISSUES.md"),
            "docs/ISSUES.md"
        );
        assert_eq!(doc_path(Some(""), "./a.md"), "a.md");
    }

    #[test]
    fn repeated_ids_get_suffixes() {
        assert_eq!(
            unique_keys(["a", "b", "a", "a"].into_iter()),
            ["a", "b", "a:2", "a:3"]
        );
    }
}
