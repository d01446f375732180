//! `auditgate check`: the CI mode of `diff`. Picks the passes from the event
//! (a pull request: head vs the merge base; otherwise: the previous pass),
//! gates, then publishes: report file, step outputs, job summary,
//! annotations, PR comment. Publishing never changes the verdict.

use std::io::Write;
use std::path::Path;

use anyhow::{Context, Result};

use crate::app::{self, Ctx, Loaded, Outcome, Settings};
use crate::cli::{CheckArgs, RepoArgs};
use crate::git::GitError;
use crate::github::{ActionsEnv, Api, ApiError, PullRequest, Retry};
use crate::model::Audit;
use crate::publish::{self, CommentMode, CommentPlan};
use crate::render::{self, Format, Style};
use crate::report::{DocPaths, Report};

/// Runs the check on `path`: `args.path`, or the one the config names.
pub fn run(
    path: &str,
    args: CheckArgs,
    repo: &RepoArgs,
    settings: Settings,
    env: &ActionsEnv,
    out: &mut dyn Write,
) -> Result<Outcome> {
    let mut ctx = Ctx {
        args: repo,
        repo: None,
        vocab: settings.config.vocabulary.clone(),
        settings,
    };
    let event_pr = env.pull_request()?;
    let rel = ctx.rel_path(path)?;
    let (old, new) = passes(&mut ctx, &args, path, &rel, event_pr.as_ref())?;
    let paths = DocPaths {
        old: ctx.loaded_path(&old),
        new: ctx.loaded_path(&new),
    };
    let report = app::compare(&mut ctx, &old, &new, args.fail_on.clone())?.with_paths(paths);

    render::diff(&report, args.format, app::style(args.format, false), out)
        .context("writing output")?;
    out.flush().context("writing output")?;

    let report_path = args.report_file.clone().or_else(|| {
        env.runner_temp
            .as_ref()
            .map(|t| t.join("auditgate-report.json"))
    });
    if let Some(p) = &report_path {
        write_rendered(p, &report, Format::Json)?;
    }
    if let Some(p) = &args.sarif_file {
        write_rendered(p, &report, Format::Sarif)?;
    }
    if let Some(p) = &env.output {
        let delimiter = delimiter();
        let text = publish::outputs(
            &report,
            report_path.as_deref().and_then(Path::to_str),
            &delimiter,
        );
        append(p, &text).context("writing the step outputs ($GITHUB_OUTPUT)")?;
    }
    if let Some(p) = &env.summary {
        let more = "the full JSON report is the `report-path` output";
        let body = publish::fit_markdown(
            &report,
            publish::SUMMARY_LIMIT,
            &format!("\n> The summary was cut to fit GitHub's 1 MiB limit; {more}.\n"),
        );
        append(p, &body).context("writing the job summary ($GITHUB_STEP_SUMMARY)")?;
    }
    if env.in_actions {
        for line in publish::annotations(&report, &rel) {
            writeln!(out, "{line}").context("writing output")?;
        }
    }
    let pr = args.pr.or(event_pr.as_ref().map(|p| p.number));
    if let Err(e) = comment(&args, env, pr, &rel, &report) {
        warn(env, &format!("the PR comment was not posted: {e}"));
    }
    Ok(if report.verdict.passed {
        Outcome::Pass
    } else {
        Outcome::GateFailed
    })
}

/// The passes to compare: explicit flags first, then the pull request of
/// the event, then the previous pass in history.
fn passes(
    ctx: &mut Ctx,
    args: &CheckArgs,
    path: &str,
    rel: &str,
    pr: Option<&PullRequest>,
) -> Result<(Loaded, Loaded)> {
    // The PR head, when the clone has it; actions/checkout checks out a merge
    // commit whose audit may differ from what the author wrote.
    let head = match (&args.head, pr) {
        (Some(h), _) => Some(h.clone()),
        (None, Some(pr)) if ctx.repo()?.resolve(&pr.head_sha).is_ok() => Some(pr.head_sha.clone()),
        (None, Some(pr)) => {
            app::note(&format!(
                "the pull request head {} is not in this clone; the working tree is compared instead",
                pr.head_sha.chars().take(12).collect::<String>()
            ));
            None
        }
        (None, None) => None,
    };
    let (new, new_bytes) = match &head {
        Some(rev) => match ctx.repo()?.at_rev(rev, rel) {
            Ok(p) => (app::from_pass(&p, &ctx.vocab)?, Some(p.bytes)),
            Err(GitError::PathAbsent { .. }) if args.allow_missing => {
                app::note(&format!("{rel} is missing at {rev}; compared as an empty audit (--allow-missing)"));
                (
                    Loaded {
                        audit: Audit::empty(&format!("{rev}:{rel}")),
                        origin: None,
                    },
                    None,
                )
            }
            Err(GitError::PathAbsent { .. }) => anyhow::bail!(
                "{rel}: the audit is missing at {rev}; deleting it does not resolve its findings (pass --allow-missing to compare it as empty)"
            ),
            Err(e) => return Err(e.into()),
        },
        None => app::working_pass(ctx, path, rel, args.allow_missing)?,
    };
    let base = match (&args.base, pr) {
        (Some(b), _) => Some(b.clone()),
        (None, Some(pr)) => {
            let tip = head.as_deref().unwrap_or("HEAD");
            let repo = ctx.repo()?;
            if repo.resolve(&pr.base_sha).is_err() {
                return Err(GitError::Shallow {
                    path: rel.to_string(),
                }
                .into());
            }
            Some(
                repo.merge_base(&pr.base_sha, tip)
                    .unwrap_or_else(|_| pr.base_sha.clone()),
            )
        }
        (None, None) => None,
    };
    let tip = head.clone().unwrap_or_else(|| "HEAD".to_string());
    let old = match base {
        Some(rev) => match app::base_pass(ctx, &rev, rel, &tip) {
            Ok(p) => p,
            // An audit added by this pull request: everything in it is new.
            Err(e)
                if matches!(
                    e.downcast_ref::<GitError>(),
                    Some(GitError::PathAbsent { .. })
                ) =>
            {
                app::note(&format!(
                    "{rel} does not exist at {rev}; every finding is new"
                ));
                Loaded {
                    audit: Audit::empty(&format!("{rev}:{rel} (absent)")),
                    origin: None,
                }
            }
            Err(e) => return Err(e),
        },
        None => app::previous_pass(ctx, rel, new_bytes.as_deref(), &tip)?,
    };
    Ok((old, new))
}

fn write_rendered(path: &Path, report: &Report, format: Format) -> Result<()> {
    let mut buf = Vec::new();
    render::diff(report, format, Style::default(), &mut buf)
        .with_context(|| format!("{}: cannot render", path.display()))?;
    std::fs::write(path, buf).with_context(|| format!("{}: cannot write", path.display()))
}

fn append(path: &Path, text: &str) -> std::io::Result<()> {
    let mut f = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(path)?;
    f.write_all(text.as_bytes())
}

/// A heredoc delimiter nobody can predict, so no value written into
/// `$GITHUB_OUTPUT` can close it early.
fn delimiter() -> String {
    use std::hash::{BuildHasher, Hasher};
    let mut h = std::collections::hash_map::RandomState::new().build_hasher();
    h.write_u128(
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos())
            .unwrap_or(0),
    );
    h.write_u32(std::process::id());
    let a = h.finish();
    let b = std::collections::hash_map::RandomState::new()
        .build_hasher()
        .finish();
    format!("ghadelimiter_{a:016x}{b:016x}")
}

#[allow(clippy::print_stdout, clippy::print_stderr)]
fn warn(env: &ActionsEnv, msg: &str) {
    if env.in_actions {
        println!("::warning title=auditgate::{}", publish::escape_data(msg));
    }
    eprintln!("auditgate: warning: {msg}");
}

/// Posts or updates the one comment of this audit path on the pull request.
fn comment(
    args: &CheckArgs,
    env: &ActionsEnv,
    pr: Option<u64>,
    rel: &str,
    report: &Report,
) -> Result<(), String> {
    if args.comment == CommentMode::Never {
        return Ok(());
    }
    let Some(pr) = pr else {
        return Ok(());
    };
    let repository =
        args.repository.as_ref().or(env.repository.as_ref()).ok_or(
            "the repository is unknown (set GITHUB_REPOSITORY or --repository OWNER/NAME)",
        )?;
    let token = env
        .token
        .clone()
        .ok_or("no GITHUB_TOKEN in the environment (the action passes its `github-token` input)")?;
    let more = env
        .run_url()
        .unwrap_or_else(|| "see the job summary of this run".to_string());
    let plan = publish::comment_plan(args.comment, report, rel, &more);
    if plan == CommentPlan::Skip {
        return Ok(());
    }
    let api = Api::new(&env.api_url, token, Retry::default()).map_err(|e| format!("{e:#}"))?;
    let explain = |e: ApiError| {
        match e {
        ApiError::Forbidden { .. } => format!(
            "{e}; pull requests from forks get a read-only token: see the README's workflow_run recipe"
        ),
        e => e.to_string(),
    }
    };
    let me = api.viewer().map_err(explain)?;
    let marker = publish::marker(rel);
    let ours = api
        .comments(repository, pr)
        .map_err(explain)?
        .into_iter()
        .find(|c| {
            // Only a comment this identity wrote: a person quoting the marker
            // must never have their comment overwritten.
            c.user.as_ref().is_some_and(|u| u.login == me)
                && c.body.as_deref().is_some_and(|b| b.contains(&marker))
        });
    match (plan, ours) {
        (CommentPlan::Post(body) | CommentPlan::UpdateOnly(body), Some(c)) => {
            api.update_comment(repository, c.id, &body)
                .map_err(explain)?;
        }
        (CommentPlan::Post(body), None) => {
            api.create_comment(repository, pr, &body).map_err(explain)?;
        }
        (CommentPlan::UpdateOnly(_) | CommentPlan::Skip, _) => {}
    }
    Ok(())
}
