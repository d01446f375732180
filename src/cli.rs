//! Command-line definitions (clap derive). Validation beyond types lives in `app`.

use std::path::PathBuf;

use clap::{Parser, Subcommand};

use crate::gate::Policy;
use crate::render::Format;

const EXIT_CODES: &str = "Exit status: 0 the gate passes (or nothing to gate), 1 the gate fails, 2 usage or input error.";

#[derive(Debug, Parser)]
#[command(name = "auditgate", version, about = "Tells what changed between two passes of a code audit.", after_help = EXIT_CODES)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Read one audit document and list its findings.
    #[command(after_help = EXIT_CODES)]
    Show {
        /// The audit document.
        file: PathBuf,
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
    /// Compare two passes of an audit: new, resolved, persisting, regressed findings, risk and gate.
    #[command(after_help = EXIT_CODES)]
    Diff {
        /// The earlier pass.
        old: PathBuf,
        /// The later pass.
        new: PathBuf,
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
        /// Show why each finding was paired with another, or left alone.
        #[arg(long)]
        explain: bool,
        /// Gate policies (repeat or comma-separate): critical-growth, new-critical, new-high,
        /// regressed, escalated, score-growth, max-score=N. Default: critical-growth.
        #[arg(long = "fail-on", value_delimiter = ',', num_args = 1..)]
        fail_on: Vec<Policy>,
    },
}
