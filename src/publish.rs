//! What a CI run publishes, as text: the PR comment, the workflow-command
//! annotations and the step outputs. Pure: `check` writes them where GitHub
//! reads them.

use clap::ValueEnum;

use crate::diff::{Change, Class, SeverityChange};
use crate::model::{Finding, Severity};
use crate::render::{self, Format, Style};
use crate::report::Report;
use crate::score::num;

/// GitHub rejects comment bodies over 65,536 characters; bytes are never fewer.
pub const COMMENT_LIMIT: usize = 65_536;
/// GitHub refuses a job summary over 1 MiB.
pub const SUMMARY_LIMIT: usize = 1024 * 1024;
/// GitHub shows at most this many annotations of each level per step.
pub const ANNOTATIONS_PER_LEVEL: usize = 10;

/// When `check` posts (or updates) its PR comment.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, ValueEnum)]
pub enum CommentMode {
    /// On every run.
    Always,
    /// When the pull request changes the findings (new, resolved, regressed,
    /// severity changes) or fails the gate.
    #[default]
    OnChange,
    /// When the gate fails.
    OnFailure,
    /// Never.
    Never,
}

/// What to do about the PR comment.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CommentPlan {
    /// Create the comment, or update the one posted earlier.
    Post(String),
    /// Update a comment posted earlier so it does not go stale; post nothing
    /// when there is none.
    UpdateOnly(String),
    Skip,
}

/// The hidden line that finds our comment again: one comment per PR and
/// audit path. The path is percent-encoded so no path can end the HTML
/// comment early or collide with another path's marker.
pub fn marker(path: &str) -> String {
    let mut enc = String::with_capacity(path.len());
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'/' | b'.' | b'_') {
            enc.push(char::from(b));
        } else {
            enc.push_str(&format!("%{b:02X}"));
        }
    }
    format!("<!-- auditgate:comment path={enc} -->")
}

/// Whether the pull request changes anything a reviewer should see.
pub fn changed(report: &Report) -> bool {
    let s = &report.diff.summary;
    !report.verdict.passed
        || s.new + s.resolved + s.regressed + s.escalated + s.deescalated > 0
        || report.diff.old.counts != report.diff.new.counts
}

/// Decides the comment for this run. `more` is where the full report lives
/// (the job summary's run page), named when the comment had to be cut.
pub fn comment_plan(mode: CommentMode, report: &Report, path: &str, more: &str) -> CommentPlan {
    let body = |note: &str| comment_body(report, path, note, more);
    match mode {
        CommentMode::Never => CommentPlan::Skip,
        CommentMode::Always => CommentPlan::Post(body("")),
        CommentMode::OnChange if changed(report) => CommentPlan::Post(body("")),
        CommentMode::OnChange => CommentPlan::UpdateOnly(body(
            "The latest push no longer changes the audit's findings.",
        )),
        CommentMode::OnFailure if !report.verdict.passed => CommentPlan::Post(body("")),
        CommentMode::OnFailure => {
            CommentPlan::UpdateOnly(body("The gate passes now; the earlier failure is fixed."))
        }
    }
}

/// The comment: marker, an optional note, and the markdown report cut to
/// fit the comment limit.
pub fn comment_body(report: &Report, path: &str, note: &str, more: &str) -> String {
    let mut head = marker(path);
    head.push('\n');
    if !note.is_empty() {
        head.push_str(&format!("> {note}\n\n"));
    }
    let cut_note = format!("\n> Only part of the findings fit in a comment; the full report is in the job summary: {more}\n");
    let room = COMMENT_LIMIT.saturating_sub(head.len());
    head + &fit_markdown(report, room, &cut_note)
}

/// The markdown report at most `limit` bytes long: whole sections with fewer
/// items listed when needed (each cut section says how many it left out),
/// then `cut_note`; a hard cut only if even the bare tables do not fit.
pub fn fit_markdown(report: &Report, limit: usize, cut_note: &str) -> String {
    for items in [None, Some(200), Some(50), Some(10), Some(3), Some(0)] {
        let mut text = markdown(report, items);
        if items.is_some() {
            text.push_str(cut_note);
        }
        if text.len() <= limit {
            return text;
        }
    }
    let mut text = markdown(report, Some(0));
    let keep = limit.saturating_sub(cut_note.len());
    let mut end = keep.min(text.len());
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    text.truncate(end);
    if cut_note.len() <= limit {
        text.push_str(cut_note);
    }
    text
}

fn markdown(report: &Report, limit: Option<usize>) -> String {
    let mut buf = Vec::new();
    let style = Style {
        limit,
        ..Style::default()
    };
    render::diff(report, Format::Markdown, style, &mut buf).expect("writing to memory");
    String::from_utf8(buf).expect("the renderer writes UTF-8")
}

/// Workflow-command data: `%`, CR and LF would end or corrupt the command.
pub fn escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Workflow-command properties also must not contain their separators.
pub fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Level {
    Error,
    Warning,
}

struct Annotation<'a> {
    level: Level,
    finding: &'a Finding,
    title: String,
}

fn annotation(c: &Change) -> Option<Annotation<'_>> {
    let f = c.new.as_ref()?;
    let what = match (c.class, c.severity_change) {
        (Class::New, _) => format!("new {} finding", f.severity),
        (Class::Regressed, _) => format!("regressed {} finding (closed before)", f.severity),
        (Class::Persisting, Some(SeverityChange::Escalated)) => format!(
            "escalated finding: {} → {}",
            c.old.as_ref().map_or(f.severity, |o| o.severity),
            f.severity
        ),
        _ => return None,
    };
    let level = if f.severity <= Severity::High {
        Level::Error
    } else {
        Level::Warning
    };
    Some(Annotation {
        level,
        finding: f,
        title: format!("auditgate: {what}"),
    })
}

/// `::error` / `::warning` commands for new, regressed and escalated findings
/// at their line in the audit file: the most severe first, at most ten per
/// level (GitHub drops the rest), then one notice counting what was left out.
pub fn annotations(report: &Report, file: &str) -> Vec<String> {
    // An accepted finding is a decision already made: no error on its line.
    let mut all: Vec<Annotation> = report
        .diff
        .changes
        .iter()
        .enumerate()
        .filter(|(i, _)| report.accepted.accepting(*i).is_none())
        .filter_map(|(_, c)| annotation(c))
        .collect();
    all.sort_by_key(|a| (a.level, a.finding.severity, a.finding.line));
    // Alerts concern the whole audit; they come first and are never capped away.
    let mut lines: Vec<String> = report
        .diff
        .alerts
        .iter()
        .map(|a| {
            format!(
                "::error file={},title={}::{}",
                escape_property(file),
                escape_property(&format!("auditgate: {}", a.code.as_str())),
                escape_data(&a.message)
            )
        })
        .collect();
    let mut shown = [0usize; 2];
    let mut left = 0usize;
    for a in &all {
        let slot = &mut shown[a.level as usize];
        if *slot == ANNOTATIONS_PER_LEVEL {
            left += 1;
            continue;
        }
        *slot += 1;
        let f = a.finding;
        let message = match &f.reference {
            Some(r) => format!("{r}: {}", f.title),
            None => f.title.to_string(),
        };
        lines.push(format!(
            "::{} file={},line={},endLine={},title={}::{}",
            if a.level == Level::Error {
                "error"
            } else {
                "warning"
            },
            escape_property(file),
            f.line.max(1),
            f.end_line.max(f.line).max(1),
            escape_property(&a.title),
            escape_data(&message)
        ));
    }
    if left > 0 {
        lines.push(format!(
            "::notice title=auditgate::{left} more new, regressed or escalated finding(s) are not annotated (GitHub shows {ANNOTATIONS_PER_LEVEL} per level); the job summary lists them all"
        ));
    }
    lines
}

/// The step outputs in the `$GITHUB_OUTPUT` file format. Every value uses the
/// heredoc form with a delimiter the caller made unguessable, so no value can
/// smuggle in another output.
pub fn outputs(report: &Report, report_path: Option<&str>, delimiter: &str) -> String {
    let d = &report.diff;
    let s = &d.summary;
    let critical_delta = i64::from(d.new.counts.critical) - i64::from(d.old.counts.critical);
    let pairs = [
        (
            "gate",
            if report.verdict.passed {
                "pass"
            } else {
                "fail"
            }
            .to_string(),
        ),
        ("new-count", s.new.to_string()),
        ("resolved-count", s.resolved.to_string()),
        ("persisting-count", s.persisting.to_string()),
        ("regressed-count", s.regressed.to_string()),
        ("critical-delta", critical_delta.to_string()),
        ("risk-score", num(report.risk.new)),
        ("risk-delta", num(report.risk.delta)),
        ("report-path", report_path.unwrap_or("").to_string()),
    ];
    let mut out = String::new();
    for (k, v) in pairs {
        out.push_str(&format!("{k}<<{delimiter}\n{v}\n{delimiter}\n"));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marker_cannot_be_closed_by_the_path() {
        let m = marker("docs/evil --> <!-- x.md");
        assert_eq!(m.matches("-->").count(), 1);
        assert!(m.ends_with("-->"));
        assert_ne!(marker("a b.md"), marker("a_b.md"));
    }

    fn report(old: &str, new: &str) -> Report {
        let v = crate::parse::Vocabulary::default();
        let (o, n) = (
            crate::parse::parse(old, "old.md", &v),
            crate::parse::parse(new, "new.md", &v),
        );
        Report::new(
            crate::diff::diff(&o, &n, &[]),
            crate::score::Weights::default(),
            &[crate::gate::Policy::CriticalGrowth],
        )
    }

    #[test]
    fn a_huge_comment_is_cut_by_sections_and_says_so() {
        let mut new = String::from("# Audit\n");
        for i in 0..3000 {
            new.push_str(&format!(
                "\n### {i}. CRITICAL: Unchecked deserialisation in worker {i} of the ingestion pipeline\n"
            ));
        }
        let r = report("# Audit\n\nNo issues found.\n", &new);
        let body = comment_body(
            &r,
            "docs/ISSUES.md",
            "",
            "https://ghe.example/o/r/actions/runs/1",
        );
        assert!(body.len() <= COMMENT_LIMIT, "{}", body.len());
        assert!(body.starts_with(&marker("docs/ISSUES.md")));
        assert!(
            body.contains("### New (3000)"),
            "the section keeps its true count"
        );
        assert!(body.contains("more not shown here"));
        assert!(body.contains(
            "the full report is in the job summary: https://ghe.example/o/r/actions/runs/1"
        ));
        // Whole items only: every listed line is a complete item.
        assert!(body
            .lines()
            .filter(|l| l.starts_with("- **critical**"))
            .all(|l| l.ends_with(')')));
        // The same report fits the 1 MiB summary whole.
        let full = fit_markdown(&r, SUMMARY_LIMIT, "CUT");
        assert!(!full.contains("CUT") && full.contains("worker 2999 "));
    }

    #[test]
    fn alerts_are_annotated_first() {
        let r = report("# A\n\n### 1. HIGH: Open redirect\n", "");
        let lines = annotations(&r, "docs/ISSUES.md");
        assert_eq!(lines.len(), 1);
        assert!(
            lines[0].starts_with("::error file=docs/ISSUES.md,title=auditgate%3A empty-pass::"),
            "{}",
            lines[0]
        );
    }

    #[test]
    fn comment_modes() {
        let changed_r = report(
            "# A\n\nNo issues found.\n",
            "# A\n\n### 1. HIGH: Open redirect\n",
        );
        let same = report(
            "# A\n\n### 1. HIGH: Open redirect\n",
            "# A\n\n### 1. HIGH: Open redirect\n",
        );
        let plan = |m, r: &Report| comment_plan(m, r, "a.md", "run");
        assert!(matches!(
            plan(CommentMode::OnChange, &changed_r),
            CommentPlan::Post(_)
        ));
        assert!(
            matches!(plan(CommentMode::OnChange, &same), CommentPlan::UpdateOnly(b) if b.contains("no longer changes"))
        );
        assert!(matches!(
            plan(CommentMode::OnFailure, &changed_r),
            CommentPlan::UpdateOnly(_)
        ));
        assert!(matches!(
            plan(CommentMode::Always, &same),
            CommentPlan::Post(_)
        ));
        assert_eq!(plan(CommentMode::Never, &changed_r), CommentPlan::Skip);
    }

    #[test]
    fn workflow_command_escaping() {
        assert_eq!(escape_data("50%\r\nnext"), "50%25%0D%0Anext");
        assert_eq!(escape_property("a:b,c%"), "a%3Ab%2Cc%25");
    }
}
