//! Output formats: one module per format over the same values.

mod json;
mod markdown;
mod table;

use std::io::{self, Write};

use clap::ValueEnum;

use crate::history::History;
use crate::model::Audit;
use crate::report::Report;

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// A readable table for a terminal.
    Table,
    /// One JSON object (the stable contract for tools).
    Json,
    /// Markdown, as a PR comment or job summary shows it.
    Markdown,
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
    }
}

pub fn history(h: &History, format: Format, style: Style, out: &mut dyn Write) -> io::Result<()> {
    match format {
        Format::Table => table::history(h, style, out),
        Format::Json => json::history(h, out),
        Format::Markdown => markdown::history(h, out),
    }
}

pub fn diff(report: &Report, format: Format, style: Style, out: &mut dyn Write) -> io::Result<()> {
    match format {
        Format::Table => table::diff(report, style, out),
        Format::Json => json::diff(report, style, out),
        Format::Markdown => markdown::diff(report, style, out),
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
