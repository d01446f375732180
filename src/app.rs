//! The orchestrator: resolve inputs → parse → diff → score → gate → render.

use std::io::{self, IsTerminal, Write};
use std::path::Path;
use std::process::ExitCode;

use anyhow::{Context, Result};

use crate::cli::{Cli, Command};
use crate::gate::Policy;
use crate::model::{Audit, Warning, WarningCode};
use crate::parse::{self, Vocabulary};
use crate::render::{self, Format, Style};
use crate::report::Report;
use crate::score::Weights;

/// How a run ended; maps to the documented exit status.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    Pass,
    GateFailed,
}

/// Runs the CLI and maps the result to an exit status: 0 pass, 1 gate failed,
/// 2 usage or input error (printed as one line with its causes).
pub fn main(cli: Cli) -> ExitCode {
    match run(cli) {
        Ok(Outcome::Pass) => ExitCode::SUCCESS,
        Ok(Outcome::GateFailed) => ExitCode::from(1),
        Err(e) => {
            if is_broken_pipe(&e) {
                return ExitCode::SUCCESS;
            }
            #[allow(clippy::print_stderr)]
            {
                eprintln!("auditgate: error: {e:#}");
            }
            ExitCode::from(2)
        }
    }
}

fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|c| {
        c.downcast_ref::<io::Error>()
            .is_some_and(|io| io.kind() == io::ErrorKind::BrokenPipe)
    })
}

fn style(format: Format, explain: bool) -> Style {
    let color = format == Format::Table
        && io::stdout().is_terminal()
        && std::env::var_os("NO_COLOR").is_none();
    Style { color, explain }
}

/// Reads and parses one audit file.
pub fn load(path: &Path, vocab: &Vocabulary) -> Result<Audit> {
    let text = crate::input::read_file(path)?;
    let mut audit = parse::parse(&text.text, &path.display().to_string(), vocab);
    if text.lossy {
        audit.warnings.insert(
            0,
            Warning {
                code: WarningCode::InvalidUtf8,
                message: "invalid UTF-8 replaced with U+FFFD".to_string(),
                line: None,
            },
        );
    }
    Ok(audit)
}

pub fn run(cli: Cli) -> Result<Outcome> {
    let vocab = Vocabulary::default();
    let stdout = io::stdout();
    let mut out = stdout.lock();
    match cli.command {
        Command::Show { file, format } => {
            let audit = load(&file, &vocab)?;
            render::show(&audit, format, style(format, false), &mut out)
                .context("writing output")?;
            out.flush().context("writing output")?;
            Ok(Outcome::Pass)
        }
        Command::Diff {
            old,
            new,
            format,
            explain,
            fail_on,
        } => {
            let old = load(&old, &vocab)?;
            let new = load(&new, &vocab)?;
            let policies = if fail_on.is_empty() {
                vec![Policy::CriticalGrowth]
            } else {
                fail_on
            };
            let report = Report::new(
                crate::diff::diff(&old, &new, &[]),
                Weights::default(),
                &policies,
            );
            render::diff(&report, format, style(format, explain), &mut out)
                .context("writing output")?;
            out.flush().context("writing output")?;
            Ok(if report.verdict.passed {
                Outcome::Pass
            } else {
                Outcome::GateFailed
            })
        }
    }
}
