use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    auditgate::app::main(auditgate::cli::Cli::parse())
}
