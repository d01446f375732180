//! The git edge: versions of an audit file in a repository, through git2.
//!
//! No git2 type leaves this module: callers get `Pass` values (commit id,
//! time, path, bytes) and `GitError`s that say what to do.

use std::collections::HashSet;
use std::path::{Component, Path, PathBuf};

use git2::{DiffFindOptions, ObjectType, Oid, Repository};
use thiserror::Error;

#[derive(Debug, Error)]
pub enum GitError {
    // libgit2's message only: its error's Display adds class and code, and
    // as a source it would be printed a second time after ours.
    #[error("{dir}: not inside a git repository ({})", .error.message())]
    NoRepository { dir: String, error: git2::Error },
    #[error("`{rev}` is not a revision of this repository")]
    BadRevision { rev: String },
    #[error("`{rev}` is not a revision of this clone, whose history is shallow (checkout with `fetch-depth: 0`, or `git fetch --unshallow`)")]
    BeyondShallow { rev: String },
    #[error("the repository has no commit yet, so `{rev}` names none: commit the audit first")]
    NoCommits { rev: String },
    #[error("{path} was never committed in the history of {rev}")]
    NeverCommitted { rev: String, path: String },
    #[error("{path} does not exist at {rev}")]
    PathAbsent { rev: String, path: String },
    #[error("{path}: the path leaves the repository")]
    PathEscapes { path: String },
    #[error("{path}: no commit on or before {date} changed it")]
    NothingBefore { path: String, date: String },
    #[error(
        "{path}: the previous pass is not in this clone: history is shallow (checkout with `fetch-depth: 0`, or `git fetch --unshallow`)"
    )]
    Shallow { path: String },
    #[error(
        "{path}: no earlier commit changed the file, so there is no previous pass to compare with"
    )]
    NoPrevious { path: String },
    #[error("git: {}", .0.message())]
    Git(git2::Error),
}

impl From<git2::Error> for GitError {
    fn from(e: git2::Error) -> Self {
        GitError::Git(e)
    }
}

/// How many commits before an audit's creation are searched for an earlier
/// version of it (deleted, then added again).
pub const DELETION_GAP: usize = 1000;

/// One committed version of the audit file.
#[derive(Clone, Debug)]
pub struct Pass {
    pub commit: String,
    /// Committer time, seconds since the epoch (UTC).
    pub time: i64,
    /// The file's path in that commit (it may have been renamed since).
    pub path: String,
    pub bytes: Vec<u8>,
}

impl Pass {
    pub fn short(&self) -> &str {
        &self.commit[..self.commit.len().min(7)]
    }
}

/// Versions of a file, newest first, and whether the walk hit a shallow boundary.
#[derive(Debug, Default)]
pub struct Versions {
    pub passes: Vec<Pass>,
    pub truncated: bool,
}

pub struct Repo {
    repo: Repository,
}

fn read_blob(repo: &Repository, id: Oid) -> Result<Vec<u8>, GitError> {
    repo.find_blob(id)
        .map(|b| b.content().to_vec())
        .map_err(|e| {
            GitError::Git(git2::Error::from_str(&format!(
                "blob {id}: {}",
                e.message()
            )))
        })
}

/// A repository-relative path, with `..` that would leave the repository refused.
pub fn normalise(path: &str) -> Result<String, GitError> {
    let mut parts: Vec<String> = Vec::new();
    for c in Path::new(path).components() {
        match c {
            Component::Normal(p) => parts.push(p.to_string_lossy().into_owned()),
            Component::CurDir => {}
            Component::ParentDir => {
                if parts.pop().is_none() {
                    return Err(GitError::PathEscapes {
                        path: path.to_string(),
                    });
                }
            }
            Component::RootDir | Component::Prefix(_) => {
                return Err(GitError::PathEscapes {
                    path: path.to_string(),
                })
            }
        }
    }
    Ok(parts.join("/"))
}

impl Repo {
    /// The repository containing `dir`.
    pub fn discover(dir: &Path) -> Result<Repo, GitError> {
        // Re-hashing every object read costs a tenth of a long history walk;
        // git itself does not do it on reads either (`git fsck` does).
        git2::opts::strict_hash_verification(false);
        Repository::discover(dir)
            .map(|repo| Repo { repo })
            .map_err(|error| GitError::NoRepository {
                dir: dir.display().to_string(),
                error,
            })
    }

    pub fn workdir(&self) -> Option<&Path> {
        self.repo.workdir()
    }

    /// The repository-relative path of a file in the working tree.
    pub fn relative(&self, file: &Path) -> Option<String> {
        let root = self.repo.workdir()?.canonicalize().ok()?;
        let abs = if file.is_absolute() {
            file.to_path_buf()
        } else {
            std::env::current_dir().ok()?.join(file)
        };
        // The file may not exist (deleted audit): canonicalise its directory.
        let dir = abs.parent()?.canonicalize().ok()?;
        let full: PathBuf = dir.join(abs.file_name()?);
        let rel = full.strip_prefix(&root).ok()?;
        Some(rel.to_string_lossy().replace('\\', "/"))
    }

    fn commit(&self, rev: &str) -> Result<git2::Commit<'_>, GitError> {
        self.repo
            .revparse_single(rev)
            .and_then(|o| o.peel_to_commit())
            .map_err(|_| {
                let rev = rev.to_string();
                if self.repo.head().is_err() && self.repo.is_empty().unwrap_or(false) {
                    GitError::NoCommits { rev }
                } else if !self.shallow_roots().is_empty() {
                    GitError::BeyondShallow { rev }
                } else {
                    GitError::BadRevision { rev }
                }
            })
    }

    /// The full id of a revision's commit.
    pub fn resolve(&self, rev: &str) -> Result<String, GitError> {
        Ok(self.commit(rev)?.id().to_string())
    }

    fn blob_in(&self, commit: &git2::Commit<'_>, path: &str) -> Option<(Oid, Vec<u8>)> {
        let id = self.blob_id_in(commit, path)?;
        Some((id, read_blob(&self.repo, id).ok()?))
    }

    /// The id of the file's blob in a commit: enough to tell whether a
    /// commit changed it, without inflating the content.
    fn blob_id_in(&self, commit: &git2::Commit<'_>, path: &str) -> Option<Oid> {
        let entry = commit.tree().ok()?.get_path(Path::new(path)).ok()?;
        (entry.kind() == Some(ObjectType::Blob)).then(|| entry.id())
    }

    /// The files a one-file-per-pass series held before its last change:
    /// those `belongs` accepts (repository-relative paths) at HEAD, and at
    /// the parent of the most recent first-parent commit (within
    /// `DELETION_GAP` of HEAD) that added, changed or removed one of them.
    /// Each comes with its content there. A series whose newest pass was
    /// deleted, however long ago the last commit, still names that pass.
    pub fn series_before_last_change(
        &self,
        belongs: &dyn Fn(&str) -> bool,
    ) -> Result<Vec<(String, Vec<u8>)>, GitError> {
        let head = self.commit("HEAD")?;
        let mut out = self.matching_files(&head, belongs)?;
        let mut commit = head;
        for _ in 0..DELETION_GAP {
            let Ok(parent) = commit.parent(0) else {
                break;
            };
            let diff =
                self.repo
                    .diff_tree_to_tree(Some(&parent.tree()?), Some(&commit.tree()?), None)?;
            let touched = diff.deltas().any(|d| {
                [d.old_file().path(), d.new_file().path()]
                    .into_iter()
                    .flatten()
                    .any(|p| belongs(&p.to_string_lossy().replace('\\', "/")))
            });
            if touched {
                for f in self.matching_files(&parent, belongs)? {
                    if !out.iter().any(|(p, _)| *p == f.0) {
                        out.push(f);
                    }
                }
                break;
            }
            commit = parent;
        }
        Ok(out)
    }

    fn matching_files(
        &self,
        commit: &git2::Commit<'_>,
        belongs: &dyn Fn(&str) -> bool,
    ) -> Result<Vec<(String, Vec<u8>)>, GitError> {
        let mut ids = Vec::new();
        commit
            .tree()?
            .walk(git2::TreeWalkMode::PreOrder, |dir, entry| {
                if entry.kind() == Some(ObjectType::Blob) {
                    if let Some(name) = entry.name() {
                        let path = format!("{dir}{name}");
                        if belongs(&path) {
                            ids.push((path, entry.id()));
                        }
                    }
                }
                git2::TreeWalkResult::Ok
            })?;
        ids.into_iter()
            .map(|(p, id)| Ok((p, read_blob(&self.repo, id)?)))
            .collect()
    }

    /// The commit two revisions branched from: a pull request's changes are
    /// what its head adds since then, not what its target branch did after.
    pub fn merge_base(&self, a: &str, b: &str) -> Result<String, GitError> {
        let (a, b) = (self.commit(a)?.id(), self.commit(b)?.id());
        Ok(self.repo.merge_base(a, b)?.to_string())
    }

    /// The file as of a revision (`REV:PATH`).
    pub fn at_rev(&self, rev: &str, path: &str) -> Result<Pass, GitError> {
        let path = normalise(path)?;
        let commit = self.commit(rev)?;
        let (_, bytes) = self
            .blob_in(&commit, &path)
            .ok_or_else(|| GitError::PathAbsent {
                rev: rev.to_string(),
                path: path.clone(),
            })?;
        Ok(Pass {
            commit: commit.id().to_string(),
            time: commit.time().seconds(),
            path,
            bytes,
        })
    }

    fn shallow_roots(&self) -> HashSet<Oid> {
        // A linked worktree shares its repository's `shallow` file (and
        // libgit2 does not call such a worktree shallow).
        std::fs::read_to_string(self.repo.commondir().join("shallow"))
            .unwrap_or_default()
            .lines()
            .filter_map(|l| Oid::from_str(l.trim()).ok())
            .collect()
    }

    /// Versions of `path` reachable from `rev` along first parents, newest
    /// first, following renames and across deletions (an audit deleted and
    /// added again keeps its earlier passes); at most `limit` versions.
    pub fn versions(
        &self,
        rev: &str,
        path: &str,
        limit: Option<usize>,
    ) -> Result<Versions, GitError> {
        let mut path = normalise(path)?;
        let shallow = self.shallow_roots();
        let mut out = Versions::default();
        let mut blobs = Vec::new();
        // A commit the clone lacks ends the history it holds, wherever the
        // `shallow` file is (a linked worktree of a shallow clone leaves
        // libgit2 looking for the parents of the boundary). First parents
        // are followed by hand: a revwalk fails on such a parent before it
        // hands out the child.
        let missing = |e: &git2::Error| e.code() == git2::ErrorCode::NotFound;
        let mut commit = self.commit(rev)?;
        // Commits walked since the file was last seen being created: past
        // its creation an earlier incarnation (deleted, then added again) is
        // looked for only this far, so a recent audit in a long history
        // does not cost a walk to the root on every diff.
        let mut since_created: Option<usize> = None;
        loop {
            if since_created.is_some_and(|n| n >= DELETION_GAP) {
                break;
            }
            let parent = match commit.parent(0) {
                Ok(p) => Some(p),
                Err(_) if commit.parent_count() == 0 => None,
                // Missing while looking for an earlier incarnation: the
                // history the clone holds of this file is complete.
                Err(e) if missing(&e) => {
                    out.truncated |= since_created.is_none();
                    None
                }
                Err(e) => return Err(e.into()),
            };
            if let Some(n) = &mut since_created {
                *n += 1;
            }
            // Absent here: not yet created on this side of `rev`, or deleted
            // for a while. Either way an earlier version may lie further back.
            if let Some(id) = self.blob_id_in(&commit, &path) {
                since_created = None;
                let parent_id = parent.as_ref().and_then(|p| self.blob_id_in(p, &path));
                if parent_id != Some(id) {
                    blobs.push(id);
                    out.passes.push(Pass {
                        commit: commit.id().to_string(),
                        time: commit.time().seconds(),
                        path: path.clone(),
                        bytes: Vec::new(),
                    });
                    if limit.is_some_and(|l| out.passes.len() >= l) {
                        // Enough passes: what lies before is of no account.
                        out.truncated = false;
                        break;
                    }
                }
                match &parent {
                    None => out.truncated |= shallow.contains(&commit.id()),
                    // Created (or added again) here, unless renamed.
                    Some(p) if parent_id.is_none() => {
                        match self.renamed_from(p, &commit, &path)? {
                            Some(old) => path = old,
                            None => since_created = Some(0),
                        }
                    }
                    Some(_) => {}
                }
            }
            match parent {
                Some(p) => commit = p,
                None => break,
            }
        }
        for (pass, bytes) in out.passes.iter_mut().zip(self.read_blobs(&blobs)?) {
            pass.bytes = bytes;
        }
        Ok(out)
    }

    /// The contents of many blobs. Inflating them is most of a long walk's
    /// git time, so beyond a few they are read on every core, each thread
    /// with its own handle on the repository (a handle is not shareable).
    fn read_blobs(&self, ids: &[Oid]) -> Result<Vec<Vec<u8>>, GitError> {
        let workers = std::thread::available_parallelism().map_or(1, |n| n.get());
        if ids.len() < 8 || workers == 1 {
            return ids.iter().map(|&id| read_blob(&self.repo, id)).collect();
        }
        let gitdir = self.repo.path();
        crate::par::map_with(
            ids.len(),
            workers,
            || Repository::open(gitdir),
            |own, i| match own {
                Ok(repo) => read_blob(repo, ids[i]),
                Err(e) => Err(GitError::Git(git2::Error::from_str(e.message()))),
            },
        )
        .into_iter()
        .collect()
    }

    /// The path `path` (as named at `head`) had at `base`, when the file was
    /// renamed in between: a pull request that moves the audit.
    pub fn renamed_between(
        &self,
        base: &str,
        head: &str,
        path: &str,
    ) -> Result<Option<String>, GitError> {
        let (b, h) = (self.commit(base)?, self.commit(head)?);
        self.renamed_from(&b, &h, &normalise(path)?)
    }

    /// Where `path` in `commit` came from in `parent`, if it was renamed.
    fn renamed_from(
        &self,
        parent: &git2::Commit<'_>,
        commit: &git2::Commit<'_>,
        path: &str,
    ) -> Result<Option<String>, GitError> {
        let mut diff =
            self.repo
                .diff_tree_to_tree(Some(&parent.tree()?), Some(&commit.tree()?), None)?;
        diff.find_similar(Some(DiffFindOptions::new().renames(true)))?;
        for delta in diff.deltas() {
            if delta.status() == git2::Delta::Renamed
                && delta.new_file().path() == Some(Path::new(path))
            {
                return Ok(delta
                    .old_file()
                    .path()
                    .map(|p| p.to_string_lossy().replace('\\', "/")));
            }
        }
        Ok(None)
    }

    /// The version in effect at `end` (seconds): the newest one committed on
    /// or before it.
    pub fn at_time(&self, rev: &str, path: &str, end: i64, label: &str) -> Result<Pass, GitError> {
        let v = self.versions(rev, path, None)?;
        if v.passes.is_empty() && !v.truncated {
            return Err(GitError::NeverCommitted {
                rev: rev.to_string(),
                path: path.to_string(),
            });
        }
        let truncated = v.truncated;
        v.passes.into_iter().find(|p| p.time <= end).ok_or_else(|| {
            // The version of that date may be in the history the clone lacks.
            if truncated {
                GitError::Shallow {
                    path: path.to_string(),
                }
            } else {
                GitError::NothingBefore {
                    path: path.to_string(),
                    date: label.to_string(),
                }
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_cannot_leave_the_repository() {
        assert_eq!(normalise("docs/./ISSUES.md").unwrap(), "docs/ISSUES.md");
        assert_eq!(normalise("docs/../AUDIT.md").unwrap(), "AUDIT.md");
        assert!(matches!(
            normalise("../secrets.md"),
            Err(GitError::PathEscapes { .. })
        ));
        assert!(matches!(
            normalise("/etc/passwd"),
            Err(GitError::PathEscapes { .. })
        ));
    }
}
