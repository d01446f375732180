//! Command-line definitions (clap derive). Validation beyond types lives in `app`.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

use crate::gate::Policy;
use crate::publish::CommentMode;
use crate::render::Format;

const EXIT_CODES: &str = "Exit status: 0 the gate passes (or nothing to gate), 1 the gate fails, 2 usage or input error.";

const SPECS: &str = "A document is PATH (a file), REV:PATH (the file at any git revision: sha, branch, tag, HEAD~3, origin/main) or @DATE:PATH (the last version committed on or before the end of that day or minute, UTC: @2025-12-06 or @2025-12-06T04:42).";

#[derive(Debug, Parser)]
#[command(name = "auditgate", version, about = "Tells what changed between two passes of a code audit.", after_help = EXIT_CODES)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

/// Where the git history lives and how far back to look.
#[derive(Debug, Args)]
pub struct RepoArgs {
    /// The repository (any directory inside it).
    #[arg(long, default_value = ".")]
    pub repo: PathBuf,
    /// Read at most N earlier passes from history (for regressions and trends). Default: all.
    #[arg(long, value_name = "N")]
    pub history_depth: Option<usize>,
    /// The configuration file (default: auditgate.toml at the repository root, when there is one).
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Read one audit document and list its findings.
    #[command(after_help = format!("{SPECS}\n\n{EXIT_CODES}"))]
    Show {
        /// The audit document (PATH, REV:PATH or @DATE:PATH).
        file: String,
        /// Read the version in effect at this date instead (same as @DATE:PATH).
        #[arg(long, value_name = "DATE")]
        at: Option<String>,
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
        #[command(flatten)]
        repo: RepoArgs,
    },
    /// Compare two passes of an audit: new, resolved, persisting, regressed findings, risk and gate.
    ///
    /// With two documents, compares them. With one PATH (or --path), compares the working-tree
    /// file with its previous pass: the most recent earlier commit that changed it, or the file at
    /// --base REV, or the versions at --from DATE and --to DATE.
    #[command(after_help = format!("{SPECS}\n\n{EXIT_CODES}"))]
    Diff {
        /// The earlier pass, or the audit path when it is the only document given.
        old: Option<String>,
        /// The later pass.
        new: Option<String>,
        /// The audit file, compared with its previous pass in git history.
        #[arg(long, value_name = "PATH", conflicts_with = "new")]
        path: Option<String>,
        /// One file per pass (`audits/*.md`): compare the latest with the one before, ordered by
        /// the date the document states, else a date or number in the file name, else commit time.
        #[arg(long, value_name = "GLOB", conflicts_with_all = ["old", "new", "path", "base", "from"])]
        series: Option<String>,
        /// Compare against the file as of this revision (a PR's merge base).
        #[arg(long, value_name = "REV", conflicts_with = "from")]
        base: Option<String>,
        /// The earlier pass is the version in effect at this date.
        #[arg(long, value_name = "DATE", requires = "to")]
        from: Option<String>,
        /// The later pass is the version in effect at this date.
        #[arg(long, value_name = "DATE", requires = "from")]
        to: Option<String>,
        /// A missing new pass is compared as an empty audit instead of failing.
        #[arg(long)]
        allow_missing: bool,
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
        /// Show why each finding was paired with another, or left alone.
        #[arg(long)]
        explain: bool,
        /// Gate policies (repeat or comma-separate): critical-growth, new-critical, new-high,
        /// regressed, escalated, score-growth, silent-drop, truncated, max-score=N.
        /// Default: critical-growth,truncated.
        /// An emptied or unreadable new pass always fails.
        #[arg(long = "fail-on", value_delimiter = ',', num_args = 1..)]
        fail_on: Vec<Policy>,
        #[command(flatten)]
        repo: RepoArgs,
    },
    /// The CI gate: diff the audit against its base, publish, exit 0 / 1 / 2.
    ///
    /// In a `pull_request` workflow run, compares the audit at the PR head with the merge base
    /// of the PR's base; otherwise with its previous pass (or --base REV). Writes the step
    /// outputs ($GITHUB_OUTPUT), the job summary ($GITHUB_STEP_SUMMARY), annotations (inside
    /// Actions) and the JSON report ($RUNNER_TEMP/auditgate-report.json or --report-file), and
    /// posts or updates one PR comment per audit path (token from $GITHUB_TOKEN, API from
    /// $GITHUB_API_URL). A failed comment is a warning: it never changes the exit status.
    #[command(after_help = EXIT_CODES)]
    Check {
        #[command(flatten)]
        args: CheckArgs,
        #[command(flatten)]
        repo: RepoArgs,
    },
    /// One row per pass of an audit in git history: counts, risk score, new / resolved / regressed.
    #[command(after_help = EXIT_CODES)]
    History {
        /// The audit file (renames are followed; default: the one auditgate.toml names).
        #[arg(long, value_name = "PATH", conflicts_with = "series")]
        path: Option<String>,
        /// One file per pass (`audits/*.md`), ordered as for `diff --series`.
        #[arg(long, value_name = "GLOB")]
        series: Option<String>,
        /// Walk history from this revision.
        #[arg(long, value_name = "REV", default_value = "HEAD")]
        rev: String,
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
        #[command(flatten)]
        repo: RepoArgs,
    },
    /// Write a commented starter auditgate.toml at the repository root (or --config FILE).
    #[command(after_help = EXIT_CODES)]
    Init {
        /// Replace an existing file.
        #[arg(long)]
        force: bool,
        /// Write here instead of auditgate.toml at the repository root.
        #[arg(long, value_name = "FILE")]
        config: Option<PathBuf>,
        /// The repository (any directory inside it).
        #[arg(long, default_value = ".")]
        repo: PathBuf,
    },
}

/// What `check` is asked; `app` resolves the audit path from the config.
#[derive(Debug, Args)]
pub struct CheckArgs {
    /// The audit file (default: `path` under [audit] in auditgate.toml).
    #[arg(long, value_name = "PATH")]
    pub path: Option<String>,
    /// Compare against the audit at this revision (default: the PR's merge base, or the
    /// previous pass).
    #[arg(long, value_name = "REV")]
    pub base: Option<String>,
    /// Read the new pass at this revision (default: the PR head, or the working tree).
    #[arg(long, value_name = "REV")]
    pub head: Option<String>,
    /// The pull request to comment on (default: the one of the event).
    #[arg(long, value_name = "NUMBER")]
    pub pr: Option<u64>,
    /// OWNER/NAME for the comment (default: $GITHUB_REPOSITORY).
    #[arg(long, value_name = "OWNER/NAME")]
    pub repository: Option<String>,
    /// Gate policies, as for `diff`. Default: critical-growth,truncated.
    #[arg(long = "fail-on", value_delimiter = ',', num_args = 1..)]
    pub fail_on: Vec<Policy>,
    /// When to post or update the PR comment.
    #[arg(long, value_enum, default_value_t = CommentMode::OnChange)]
    pub comment: CommentMode,
    /// Also write the result as SARIF 2.1.0 to this file (for code scanning).
    #[arg(long, value_name = "FILE")]
    pub sarif_file: Option<PathBuf>,
    /// Write the JSON report here (default in Actions: $RUNNER_TEMP/auditgate-report.json).
    #[arg(long, value_name = "FILE")]
    pub report_file: Option<PathBuf>,
    /// A missing new pass is compared as an empty audit instead of failing.
    #[arg(long)]
    pub allow_missing: bool,
    /// The report printed on stdout.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
}
