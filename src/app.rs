//! The orchestrator: resolve inputs → parse → diff → score → gate → render.

use std::io::{self, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{bail, Context, Result};

use crate::cli::{Cli, Command, RepoArgs};
use crate::config::{self, Config};
use crate::gate::Policy;
use crate::git::{self, GitError, Pass, Repo};
use crate::history::{self, PassInfo};
use crate::model::{Audit, Warning, WarningCode};
use crate::parse::{self, Vocabulary};
use crate::render::{self, Format, Style};
use crate::report::{DocPaths, Report};
use crate::source::{parse_moment, parse_spec, Spec};

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

#[allow(clippy::print_stderr)]
pub(crate) fn note(msg: &str) {
    eprintln!("auditgate: {msg}");
}

/// The configuration in force and the directory its paths are relative to.
pub struct Settings {
    pub(crate) config: Config,
    pub(crate) dir: PathBuf,
}

/// Where auditgate.toml belongs: the root of the repository holding `repo`,
/// else the current directory.
fn config_home(repo: &Path) -> PathBuf {
    Repo::discover(repo)
        .ok()
        .and_then(|r| r.workdir().map(Path::to_path_buf))
        .unwrap_or_else(|| PathBuf::from("."))
}

/// How messages name the file: relative to the current directory when it is
/// under it, so the usual case reads `auditgate.toml:7: …`.
fn display_name(path: &Path) -> String {
    let abs = path.canonicalize().ok();
    let cwd = std::env::current_dir()
        .ok()
        .and_then(|c| c.canonicalize().ok());
    match (abs, cwd) {
        (Some(a), Some(c)) => match a.strip_prefix(&c) {
            Ok(rel) => rel.display().to_string(),
            Err(_) => path.display().to_string(),
        },
        _ => path.display().to_string(),
    }
}

/// Reads `--config FILE` (which must exist) or auditgate.toml at the
/// repository root (which may not).
pub(crate) fn load_config(args: &RepoArgs) -> Result<Settings> {
    let (path, explicit) = match &args.config {
        Some(p) => (p.clone(), true),
        None => (config_home(&args.repo).join(config::FILE_NAME), false),
    };
    let bytes = match std::fs::read(&path) {
        Ok(bytes) => bytes,
        Err(e) if e.kind() == io::ErrorKind::NotFound && !explicit => {
            return Ok(Settings {
                config: Config::default(),
                dir: PathBuf::from("."),
            })
        }
        Err(e) => bail!("{}: cannot read the configuration: {e}", path.display()),
    };
    let name = display_name(&path);
    let text = crate::input::decode(&bytes, &name)?.text;
    let config = Config::from_toml(&text, &name)?;
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .map_or_else(|| PathBuf::from("."), Path::to_path_buf);
    Ok(Settings { config, dir })
}

impl Settings {
    /// A path from the configuration, usable from the current directory: it
    /// is written relative to the configuration file's directory.
    fn resolve(&self, p: &str) -> String {
        let joined = self.dir.join(p);
        let cwd = std::env::current_dir()
            .ok()
            .and_then(|c| c.canonicalize().ok());
        match (cwd, self.dir.canonicalize().ok()) {
            (Some(c), Some(d)) => match d.join(p).strip_prefix(&c) {
                Ok(rel) => rel.display().to_string(),
                Err(_) => joined.display().to_string(),
            },
            _ => joined.display().to_string(),
        }
    }

    /// The audit the configuration names, for a command given none.
    pub(crate) fn audit_path(&self) -> Option<String> {
        self.config.path.as_deref().map(|p| self.resolve(p))
    }

    pub(crate) fn series(&self) -> Option<String> {
        self.config.series.as_deref().map(|p| self.resolve(p))
    }

    /// Flags win; then the configuration; then `gate::DEFAULT_POLICIES`.
    pub(crate) fn policies(&self, fail_on: Vec<Policy>) -> Vec<Policy> {
        if !fail_on.is_empty() {
            fail_on
        } else if let Some(p) = &self.config.fail_on {
            p.clone()
        } else {
            crate::gate::DEFAULT_POLICIES.to_vec()
        }
    }

    /// Scores and gates a diff with the configured weights and accepted
    /// risk, as of today (UTC); stale entries are also warned about on stderr.
    pub(crate) fn report(&self, diff: crate::diff::Diff, fail_on: Vec<Policy>) -> Report {
        let report = Report::accepting(
            diff,
            self.config.weights,
            &self.policies(fail_on),
            self.config.accept.clone(),
            chrono::Utc::now().date_naive(),
        );
        for w in report.stale_warnings() {
            note(&format!("warning: {w}"));
        }
        report
    }
}

/// `auditgate init`: a starter configuration, never over one the project
/// already has unless asked.
fn init(force: bool, config: Option<PathBuf>, repo: &Path, out: &mut dyn Write) -> Result<()> {
    let path = config.unwrap_or_else(|| config_home(repo).join(config::FILE_NAME));
    if path.exists() && !force {
        bail!(
            "{}: already exists; pass --force to replace it",
            path.display()
        );
    }
    std::fs::write(&path, config::STARTER)
        .with_context(|| format!("{}: cannot write", path.display()))?;
    writeln!(out, "wrote {}", display_name(&path)).context("writing output")?;
    Ok(())
}

pub(crate) fn style(format: Format, explain: bool) -> Style {
    let color = format == Format::Table
        && io::stdout().is_terminal()
        && std::env::var_os("NO_COLOR").is_none();
    Style {
        color,
        explain,
        limit: None,
    }
}

/// A pass as loaded: the parsed audit and, when it came from git, where.
pub(crate) struct Loaded {
    pub(crate) audit: Audit,
    /// The commit and repository-relative path, for passes read from git.
    pub(crate) origin: Option<(String, String)>,
}

pub(crate) fn parse_bytes(bytes: &[u8], name: &str, vocab: &Vocabulary) -> Result<Audit> {
    read_bytes(bytes, name, &mut parse::Reader::once(vocab))
}

fn read_bytes(bytes: &[u8], name: &str, reader: &mut parse::Reader) -> Result<Audit> {
    let text = crate::input::decode(bytes, name)?;
    Ok(with_lossy_warning(
        reader.read(&text.text, name),
        text.lossy,
    ))
}

fn with_lossy_warning(mut audit: Audit, lossy: bool) -> Audit {
    if lossy {
        audit.warnings.insert(
            0,
            Warning {
                code: WarningCode::InvalidUtf8,
                message: "invalid UTF-8 replaced with U+FFFD".to_string(),
                line: None,
            },
        );
    }
    audit
}

/// Reads and parses one audit file.
pub fn load(path: &Path, vocab: &Vocabulary) -> Result<Audit> {
    read_path(path, &mut parse::Reader::once(vocab))
}

fn read_path(path: &Path, reader: &mut parse::Reader) -> Result<Audit> {
    let text = crate::input::read_file(path)?;
    Ok(with_lossy_warning(
        reader.read(&text.text, &path.display().to_string()),
        text.lossy,
    ))
}

/// Threads for reading and diffing a history: every core this process may use.
pub(crate) fn workers() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}

/// Parses many earlier passes on every core (each reads independently of
/// the others), in `passes`' order, each with its pass. A pass that is no
/// audit (binary, too large) is left out with a note: one bad commit long
/// ago must not block every later diff. Other errors stop the walk, the
/// first in that order winning.
fn parse_passes<'p>(
    passes: &[&'p Pass],
    vocab: &Vocabulary,
    on_pass: &(dyn Fn() + Sync),
) -> Result<Vec<(&'p Pass, Audit)>> {
    // One reader per thread: it remembers the lines of the passes it read.
    let parsed = crate::par::map_neighbours(
        passes.len(),
        workers(),
        || parse::Reader::new(vocab),
        |reader, i| {
            let p = passes[i];
            let audit = read_bytes(&p.bytes, &pass_name(p), reader);
            on_pass();
            audit
        },
    );
    let mut out = Vec::with_capacity(passes.len());
    for (p, audit) in passes.iter().zip(parsed) {
        match audit {
            Ok(a) => out.push((*p, a)),
            Err(e) if e.downcast_ref::<crate::input::InputError>().is_some() => {
                note(&format!(
                    "{e}; this earlier pass is left out of the history"
                ));
            }
            Err(e) => return Err(e),
        }
    }
    Ok(out)
}

fn pass_name(p: &Pass) -> String {
    format!("{}:{}", p.short(), p.path)
}

pub(crate) fn from_pass(p: &Pass, vocab: &Vocabulary) -> Result<Loaded> {
    Ok(Loaded {
        audit: parse_bytes(&p.bytes, &pass_name(p), vocab)?,
        origin: Some((p.commit.clone(), p.path.clone())),
    })
}

/// Opens the repository lazily: plain files never need one.
pub(crate) struct Ctx<'a> {
    pub(crate) args: &'a RepoArgs,
    pub(crate) repo: Option<Repo>,
    pub(crate) vocab: Vocabulary,
    pub(crate) settings: Settings,
}

impl<'a> Ctx<'a> {
    /// A context with the configuration read (the reader's words come from it).
    pub(crate) fn new(args: &'a RepoArgs) -> Result<Ctx<'a>> {
        let settings = load_config(args)?;
        Ok(Ctx {
            args,
            repo: None,
            vocab: settings.config.vocabulary.clone(),
            settings,
        })
    }
}

impl Ctx<'_> {
    pub(crate) fn repo(&mut self) -> Result<&Repo> {
        if self.repo.is_none() {
            self.repo = Some(Repo::discover(&self.args.repo)?);
        }
        Ok(self.repo.as_ref().expect("opened above"))
    }

    pub(crate) fn load_spec(&mut self, spec: &Spec) -> Result<Loaded> {
        match spec {
            Spec::File(p) => Ok(Loaded {
                audit: load(p, &self.vocab)?,
                origin: None,
            }),
            Spec::Rev { rev, path } => {
                let pass = self.repo()?.at_rev(rev, path)?;
                from_pass(&pass, &self.vocab)
            }
            Spec::Date { date, path } => {
                let pass = self
                    .repo()?
                    .at_time("HEAD", path, date.end, &date.label())?;
                from_pass(&pass, &self.vocab)
            }
        }
    }

    /// The repository-relative path of an audit named on the command line.
    pub(crate) fn rel_path(&mut self, path: &str) -> Result<String> {
        let repo = self.repo()?;
        Ok(match repo.relative(Path::new(path)) {
            Some(rel) => rel,
            None => git::normalise(path)?,
        })
    }

    /// Where a loaded pass's document is, relative to the repository root.
    pub(crate) fn loaded_path(&mut self, l: &Loaded) -> Option<String> {
        self.doc_path(l.origin.as_ref().map(|(_, p)| p.as_str()), &l.audit.source)
    }

    /// The repository-relative path of a document for outputs that point at
    /// it: from git it is known; a file is placed in the repository when there
    /// is one, else under the working directory. None leaves the renderer to
    /// read the path off the source label.
    fn doc_path(&mut self, from_git: Option<&str>, source: &str) -> Option<String> {
        if let Some(p) = from_git {
            return Some(p.to_string());
        }
        let path = Path::new(source);
        if let Some(rel) = self.repo().ok().and_then(|r| r.relative(path)) {
            return Some(rel);
        }
        if path.is_absolute() {
            let cwd = std::env::current_dir().ok()?;
            let rel = path.strip_prefix(cwd).ok()?;
            return Some(rel.to_string_lossy().replace('\\', "/"));
        }
        None
    }

    /// The passes of `old`'s history, oldest first and `old` last (up to
    /// --history-depth earlier ones); empty when `old` is not from git.
    pub(crate) fn history_of(&mut self, old: &Loaded) -> Result<Vec<(PassInfo, Audit)>> {
        let Some((commit, path)) = &old.origin else {
            return Ok(Vec::new());
        };
        let depth = self.args.history_depth.map(|d| d.saturating_add(1));
        let versions = self.repo()?.versions(commit, path, depth)?;
        // `old` (the newest version) is already parsed; the rest are read here.
        let Some((newest, earlier)) = versions.passes.split_first() else {
            return Ok(Vec::new());
        };
        if versions.truncated {
            note(&format!(
                "{path}: history is shallow: regressions are judged against the {} pass(es) in this clone only (fetch-depth: 0 gives all)",
                versions.passes.len()
            ));
        }
        let earlier: Vec<&Pass> = earlier.iter().rev().collect();
        let mut passes: Vec<(PassInfo, Audit)> = parse_passes(&earlier, &self.vocab, &|| {})?
            .into_iter()
            .map(|(p, a)| (pass_info(p), a))
            .collect();
        passes.push((pass_info(newest), old.audit.clone()));
        Ok(passes)
    }
}

fn pass_info(p: &Pass) -> PassInfo {
    PassInfo {
        commit: Some(p.commit.clone()),
        time: Some(p.time),
        path: p.path.clone(),
    }
}

/// SARIF and Code Quality describe a change between passes; `show` and
/// `history` have none to describe.
fn refuse_diff_only(format: Format) -> Result<()> {
    if format.diff_only() {
        bail!(
            "--format {} is an output for `auditgate diff` only (show and history: table, json or markdown)",
            format.name()
        );
    }
    Ok(())
}

pub fn run(cli: Cli) -> Result<Outcome> {
    let stdout = io::stdout();
    let mut out = stdout.lock();
    match cli.command {
        Command::Show {
            file,
            at,
            format,
            repo,
        } => {
            refuse_diff_only(format)?;
            let mut ctx = Ctx::new(&repo)?;
            let spec = match at {
                Some(d) => Spec::Date {
                    date: parse_moment(&d).map_err(anyhow::Error::msg)?,
                    path: file,
                },
                None => parse_spec(&file).map_err(anyhow::Error::msg)?,
            };
            let loaded = ctx.load_spec(&spec)?;
            render::show(&loaded.audit, format, style(format, false), &mut out)
                .context("writing output")?;
            out.flush().context("writing output")?;
            Ok(Outcome::Pass)
        }
        Command::Diff {
            old,
            new,
            path,
            series,
            base,
            from,
            to,
            allow_missing,
            format,
            explain,
            fail_on,
            repo,
        } => {
            let mut ctx = Ctx::new(&repo)?;
            let given = old.is_some() || new.is_some() || path.is_some();
            let (series, path) = match (series, given) {
                (Some(g), _) => (Some(g), path),
                (None, true) => (None, path),
                (None, false) => (ctx.settings.series(), ctx.settings.audit_path()),
            };
            if let Some(glob) = series {
                let members = load_series(&mut ctx, &glob)?;
                let present: Vec<PathBuf> = members
                    .iter()
                    .map(|(p, _)| PathBuf::from(&p.path))
                    .collect();
                let missing = deleted_members(&mut ctx, &glob, &present);
                if let Some(first) = missing.first() {
                    if !allow_missing {
                        bail!("{first}: a pass of the series {glob} is committed but missing from the working tree; deleting it does not resolve its findings (pass --allow-missing to compare without it)");
                    }
                    note(&format!(
                        "{} committed pass(es) of {glob} missing from the working tree are left out (--allow-missing)",
                        missing.len()
                    ));
                }
                if members.len() < 2 {
                    bail!(
                        "{glob}: a series needs two passes to compare, found {}",
                        members.len()
                    );
                }
                let n = members.len();
                // The old pass, up to --history-depth passes before it, and the
                // new one: regressions are judged against the findings closed
                // or deleted in those earlier passes.
                let depth = repo.history_depth.unwrap_or(usize::MAX);
                let from = (n - 2).saturating_sub(depth);
                let h = history::build(
                    &members[from..],
                    &ctx.settings.config.weights,
                    workers(),
                    &|| {},
                );
                let paths = if format.diff_only() {
                    DocPaths {
                        old: ctx.doc_path(None, &members[n - 2].1.source),
                        new: ctx.doc_path(None, &members[n - 1].1.source),
                    }
                } else {
                    DocPaths::default()
                };
                let report = ctx
                    .settings
                    .report(h.diff_last(&members[n - 2].1, &members[n - 1].1), fail_on)
                    .with_paths(paths);
                render::diff(&report, format, style(format, explain), &mut out)
                    .context("writing output")?;
                out.flush().context("writing output")?;
                return Ok(if report.verdict.passed {
                    Outcome::Pass
                } else {
                    Outcome::GateFailed
                });
            }
            let (old, new) = match (old, new, path) {
                (Some(o), Some(n), None) => {
                    if base.is_some() || from.is_some() {
                        bail!("--base, --from and --to pick the passes of one audit: give one PATH, not two documents");
                    }
                    let old = ctx.load_spec(&parse_spec(&o).map_err(anyhow::Error::msg)?)?;
                    let new = ctx.load_spec(&parse_spec(&n).map_err(anyhow::Error::msg)?)?;
                    (old, new)
                }
                (Some(p), None, None) | (None, None, Some(p)) => resolve_passes(&mut ctx, &p, base, from, to, allow_missing)?,
                (Some(_), _, Some(_)) => bail!("give the audit either as PATH or as --path, not both"),
                (None, _, None) => bail!("name the audit: `auditgate diff OLD NEW`, `auditgate diff PATH`, `--path PATH`, or `path` under [audit] in auditgate.toml"),
                (None, Some(_), Some(_)) => bail!("give the audit either as PATH or as --path, not both"),
            };
            let paths = if format.diff_only() {
                DocPaths {
                    old: ctx.loaded_path(&old),
                    new: ctx.loaded_path(&new),
                }
            } else {
                DocPaths::default()
            };
            let report = compare(&mut ctx, &old, &new, fail_on)?.with_paths(paths);
            render::diff(&report, format, style(format, explain), &mut out)
                .context("writing output")?;
            out.flush().context("writing output")?;
            Ok(if report.verdict.passed {
                Outcome::Pass
            } else {
                Outcome::GateFailed
            })
        }
        Command::Check { args, repo } => {
            let settings = load_config(&repo)?;
            let Some(path) = args.path.clone().or_else(|| settings.audit_path()) else {
                bail!("name the audit with --path PATH, or `path` under [audit] in auditgate.toml");
            };
            crate::check::run(
                &path,
                args,
                &repo,
                settings,
                &crate::github::ActionsEnv::from_process(),
                &mut out,
            )
        }
        Command::Init {
            force,
            config,
            repo,
        } => {
            init(force, config, &repo, &mut out)?;
            Ok(Outcome::Pass)
        }
        Command::History {
            path,
            series,
            rev,
            format,
            repo,
        } => {
            refuse_diff_only(format)?;
            let mut ctx = Ctx::new(&repo)?;
            let (series, path) = match (series, path) {
                (None, None) => (ctx.settings.series(), ctx.settings.audit_path()),
                given => given,
            };
            if let Some(glob) = series {
                let mut passes = load_series(&mut ctx, &glob)?;
                if let Some(d) = repo.history_depth {
                    let keep = passes.len().saturating_sub(d.saturating_add(1));
                    passes.drain(..keep);
                }
                let h = history::build(&passes, &ctx.settings.config.weights, workers(), &|| {});
                render::history(&h, format, style(format, false), &mut out)
                    .context("writing output")?;
                out.flush().context("writing output")?;
                return Ok(Outcome::Pass);
            }
            let Some(path) = path else {
                bail!("name the audit with --path PATH or --series GLOB, or `path` or `series` under [audit] in auditgate.toml");
            };
            let rel = ctx.rel_path(&path)?;
            // N earlier passes, and the newest: N + 1 rows, as for a series.
            let depth = repo.history_depth.map(|d| d.saturating_add(1));
            let versions = ctx.repo()?.versions(&rev, &rel, depth)?;
            if versions.passes.is_empty() {
                bail!(GitError::PathAbsent { rev, path: rel });
            }
            if versions.truncated {
                note("history is shallow: the oldest passes are not in this clone (fetch-depth: 0 gives all)");
            }
            let bar = progress(versions.passes.len());
            let oldest_first: Vec<&Pass> = versions.passes.iter().rev().collect();
            let passes: Vec<(PassInfo, Audit)> =
                parse_passes(&oldest_first, &ctx.vocab, &|| bar.inc(1))?
                    .into_iter()
                    .map(|(p, a)| (pass_info(p), a))
                    .collect();
            let h = history::build(&passes, &ctx.settings.config.weights, workers(), &|| {
                bar.inc(1)
            });
            bar.finish_and_clear();
            // Freeing every finding of every pass, one string at a time, took
            // a twentieth of a long walk, after all else: done beside the
            // output, and cut short if the process ends first.
            crate::par::drop_beside(passes, workers());
            render::history(&h, format, style(format, false), &mut out)
                .context("writing output")?;
            out.flush().context("writing output")?;
            Ok(Outcome::Pass)
        }
    }
}

/// The files of a one-file-per-pass series, read and ordered oldest first.
fn load_series(ctx: &mut Ctx, pattern: &str) -> Result<Vec<(PassInfo, Audit)>> {
    let paths: Vec<std::path::PathBuf> = glob::glob(pattern)
        .with_context(|| format!("{pattern}: not a valid glob"))?
        .filter_map(|p| p.ok())
        .filter(|p| p.is_file())
        .collect();
    if paths.is_empty() {
        bail!("{pattern}: no file matches");
    }
    // Each file reads independently of the others: on every core, in
    // file order, the first error in that order winning. One reader per
    // thread remembers the lines the passes share.
    let loaded: Vec<Audit> = crate::par::map_neighbours(
        paths.len(),
        workers(),
        || parse::Reader::new(&ctx.vocab),
        |reader, i| read_path(&paths[i], reader),
    )
    .into_iter()
    .collect::<Result<_>>()?;
    let mut members = Vec::new();
    let mut audits = std::collections::HashMap::new();
    for (p, audit) in paths.iter().zip(loaded) {
        let name = p.display().to_string();
        // The commit time is the last resort of the order; outside a repository there is none.
        let commit_time = match ctx.repo() {
            Ok(_) => ctx
                .rel_path(&name)
                .ok()
                .and_then(|rel| ctx.repo.as_ref()?.versions("HEAD", &rel, Some(1)).ok())
                .and_then(|v| v.passes.first().map(|p| p.time)),
            Err(_) => None,
        };
        members.push(crate::series::Member {
            path: name.clone(),
            stated_date: audit.date,
            commit_time,
        });
        audits.insert(name, audit);
    }
    let (ordered, _) = crate::series::order(members);
    Ok(ordered
        .into_iter()
        .map(|m| {
            let audit = audits.remove(&m.path).expect("every member was loaded");
            let time = m
                .stated_date
                .and_then(|d| d.and_hms_opt(0, 0, 0))
                .map(|t| t.and_utc().timestamp())
                .or(m.commit_time);
            (
                PassInfo {
                    commit: None,
                    time,
                    path: m.path,
                },
                audit,
            )
        })
        .collect())
}

/// Files of a series that git holds (at HEAD, or before the series' last
/// change) and the working tree lacks: deleting the newest pass, in the
/// working tree or in any commit since, must not make the one before it
/// the newest. A file moved within the series (its text is still there
/// under another name) is not missing.
fn deleted_members(ctx: &mut Ctx, pattern: &str, present: &[PathBuf]) -> Vec<String> {
    let Ok(repo) = ctx.repo() else {
        return Vec::new();
    };
    let Some(root) = repo.workdir().and_then(|r| r.canonicalize().ok()) else {
        return Vec::new();
    };
    let Some(glob) = absolute_pattern(pattern) else {
        return Vec::new();
    };
    // As `glob::glob` lists files: `*` stays within one directory.
    let opts = glob::MatchOptions {
        require_literal_separator: true,
        ..glob::MatchOptions::new()
    };
    let belongs = |rel: &str| glob.matches_path_with(&root.join(rel), opts);
    let Ok(held) = repo.series_before_last_change(&belongs) else {
        return Vec::new();
    };
    let texts: Vec<Vec<u8>> = present
        .iter()
        .filter_map(|p| std::fs::read(p).ok())
        .collect();
    let cwd = std::env::current_dir()
        .and_then(|c| c.canonicalize())
        .unwrap_or_default();
    held.iter()
        .filter(|(rel, bytes)| {
            !root.join(rel).exists() && !texts.iter().any(|t| crate::input::same_text(t, bytes))
        })
        .map(|(rel, _)| {
            let abs = root.join(rel);
            match abs.strip_prefix(&cwd) {
                Ok(r) => r.display().to_string(),
                Err(_) => abs.display().to_string(),
            }
        })
        .collect()
}

/// A glob made absolute and free of `.`, `..`, doubled separators and
/// symlinks in its literal head (`./audits/*.md`, `../audits//*.md`), so it
/// can be matched against the paths git holds.
fn absolute_pattern(pattern: &str) -> Option<glob::Pattern> {
    let joined = std::env::current_dir().ok()?.join(pattern);
    let mut parts: Vec<String> = Vec::new();
    let mut prefix = PathBuf::new();
    for c in joined.components() {
        match c {
            std::path::Component::Prefix(_) | std::path::Component::RootDir => {
                prefix.push(c.as_os_str());
            }
            std::path::Component::CurDir => {}
            std::path::Component::ParentDir => {
                parts.pop();
            }
            std::path::Component::Normal(p) => parts.push(p.to_string_lossy().into_owned()),
        }
    }
    // The directories before the first wildcard are real: resolve links there.
    let wild = |p: &str| p.contains(['*', '?', '[']);
    let literal = parts
        .iter()
        .take_while(|p| !wild(p))
        .count()
        .min(parts.len().saturating_sub(1));
    let mut head = prefix;
    head.extend(&parts[..literal]);
    let head = head.canonicalize().unwrap_or(head);
    let mut full = glob::Pattern::escape(&head.to_string_lossy());
    for p in &parts[literal..] {
        full.push(std::path::MAIN_SEPARATOR);
        full.push_str(p);
    }
    glob::Pattern::new(&full).ok()
}

/// A progress bar on stderr, only on a terminal and only for long walks.
fn progress(passes: usize) -> indicatif::ProgressBar {
    if passes > 30 && io::stderr().is_terminal() {
        let bar = indicatif::ProgressBar::new(2 * passes as u64);
        bar.set_message("reading passes");
        bar
    } else {
        indicatif::ProgressBar::hidden()
    }
}

/// The two passes of one audit path: `--from/--to`, `--base`, or the previous pass.
fn resolve_passes(
    ctx: &mut Ctx,
    path: &str,
    base: Option<String>,
    from: Option<String>,
    to: Option<String>,
    allow_missing: bool,
) -> Result<(Loaded, Loaded)> {
    // One document named by revision or date has no working-tree pass to
    // be compared with: say what to give instead of reading it as a file.
    if !Path::new(path).exists() {
        if let Ok(Spec::Rev { .. } | Spec::Date { .. }) = parse_spec(path) {
            bail!("{path}: one revision of the audit is not a pair of passes; give OLD and NEW (`auditgate diff {path} AUDIT.md`), or PATH with --base REV or --from/--to");
        }
    }
    let rel = ctx.rel_path(path)?;
    if let (Some(f), Some(t)) = (&from, &to) {
        let (f, t) = (
            parse_moment(f).map_err(anyhow::Error::msg)?,
            parse_moment(t).map_err(anyhow::Error::msg)?,
        );
        if f.end > t.end {
            bail!(
                "--from {} is later than --to {}: the older pass comes first",
                f.label(),
                t.label()
            );
        }
        let old = ctx.load_spec(&Spec::Date {
            date: f,
            path: rel.clone(),
        })?;
        let new = ctx.load_spec(&Spec::Date { date: t, path: rel })?;
        return Ok((old, new));
    }
    let (new, new_bytes) = working_pass(ctx, path, &rel, allow_missing)?;
    if let Some(rev) = base {
        return Ok((base_pass(ctx, &rev, &rel, "HEAD")?, new));
    }
    Ok((previous_pass(ctx, &rel, new_bytes.as_deref(), "HEAD")?, new))
}

/// The audit as of a base revision. Renamed since (`ISSUES.md` →
/// `docs/ISSUES.md`), it is read under its old name, so the move shows as
/// persisting findings, not as all of them new.
pub(crate) fn base_pass(ctx: &mut Ctx, rev: &str, rel: &str, head: &str) -> Result<Loaded> {
    let repo = ctx.repo()?;
    match repo.at_rev(rev, rel) {
        Ok(p) => from_pass(&p, &ctx.vocab),
        Err(GitError::PathAbsent { .. }) => match repo.renamed_between(rev, head, rel)? {
            Some(old) => {
                note(&format!(
                    "{rel} was {old} at {rev}; compared across the rename"
                ));
                let p = repo.at_rev(rev, &old)?;
                from_pass(&p, &ctx.vocab)
            }
            None => Err(GitError::PathAbsent {
                rev: rev.to_string(),
                path: rel.to_string(),
            }
            .into()),
        },
        Err(e) => Err(e.into()),
    }
}

/// The working-tree file as the new pass, and its bytes (none when missing
/// and `allow_missing`). It is read at `rel` in the repository's working
/// tree, where its history is read too, wherever `--repo` points; `path` is
/// how the user named it.
pub(crate) fn working_pass(
    ctx: &mut Ctx,
    path: &str,
    rel: &str,
    allow_missing: bool,
) -> Result<(Loaded, Option<Vec<u8>>)> {
    let file = match ctx.repo()?.workdir() {
        Some(root) => root.join(rel),
        None => PathBuf::from(path),
    };
    let bytes = match std::fs::read(&file) {
        Ok(b) => Some(b),
        Err(e) if e.kind() == io::ErrorKind::NotFound => None,
        Err(e) => return Err(e).with_context(|| format!("{path}: cannot read")),
    };
    let new = match &bytes {
        Some(b) => Loaded {
            audit: parse_bytes(b, path, &ctx.vocab)?,
            origin: None,
        },
        None if allow_missing => {
            note(&format!("{path} is missing; compared as an empty audit (--allow-missing)"));
            Loaded {
                audit: Audit::empty(path),
                origin: None,
            }
        }
        None => bail!("{path}: the audit is missing from the working tree; deleting it does not resolve its findings (pass --allow-missing to compare it as empty)"),
    };
    Ok((new, bytes))
}

/// The pass before the new one (the working-tree file, or the file at
/// `tip`): the most recent commit from `tip` back that changed it, or the one
/// before that when the new pass equals it.
pub(crate) fn previous_pass(
    ctx: &mut Ctx,
    rel: &str,
    new_bytes: Option<&[u8]>,
    tip: &str,
) -> Result<Loaded> {
    let versions = ctx.repo()?.versions(tip, rel, Some(2))?;
    // Unchanged since the last commit that touched it: that commit is this
    // pass, and the previous pass is the one before.
    let unchanged = matches!((new_bytes, versions.passes.first()),
        (Some(b), Some(p)) if crate::input::same_text(b, &p.bytes));
    match versions.passes.get(usize::from(unchanged)) {
        Some(p) => from_pass(p, &ctx.vocab),
        None if versions.truncated => Err(GitError::Shallow {
            path: rel.to_string(),
        }
        .into()),
        None => {
            note(&format!(
                "{rel}: no earlier version in history; every finding is new"
            ));
            Ok(Loaded {
                audit: Audit::empty(&format!("{rel} (no earlier pass)")),
                origin: None,
            })
        }
    }
}

/// Diffs two loaded passes (with every closed finding of earlier passes for
/// regressions), scores and gates the result.
pub(crate) fn compare(
    ctx: &mut Ctx,
    old: &Loaded,
    new: &Loaded,
    fail_on: Vec<Policy>,
) -> Result<Report> {
    let mut passes = ctx.history_of(old)?;
    if passes.len() <= 1 {
        let diff = crate::diff::diff(&old.audit, &new.audit, &[]);
        return Ok(ctx.settings.report(diff, fail_on));
    }
    // With history, every open finding gets its age: the pass it was first
    // seen in, followed through rewording and renumbering by the differ;
    // and regressions are judged against every finding closed before,
    // which only the diffs of the history tell where one was deleted.
    passes.push((
        PassInfo {
            commit: None,
            time: None,
            path: new.audit.source.clone(),
        },
        new.audit.clone(),
    ));
    let h = history::build(&passes, &ctx.settings.config.weights, workers(), &|| {});
    let diff = h.diff_last(&old.audit, &new.audit);
    Ok(ctx.settings.report(diff, fail_on).with_ages(h.open))
}
