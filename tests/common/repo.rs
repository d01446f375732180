//! Git repositories built in temp dirs, with fixed commit times.

use std::path::Path;
use std::process::{Command, Output};

use git2::{Oid, Repository, Signature, Time};
use serde_json::Value;

pub struct Fixture {
    pub dir: tempfile::TempDir,
    pub repo: Repository,
}

impl Fixture {
    pub fn new() -> Fixture {
        let dir = tempfile::tempdir().unwrap();
        let repo = Repository::init(dir.path()).unwrap();
        Fixture { dir, repo }
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// Writes (or with `None` deletes) files and commits them at `time`.
    pub fn commit(&self, files: &[(&str, Option<&str>)], time: i64) -> Oid {
        let mut index = self.repo.index().unwrap();
        for (name, content) in files {
            let p = self.path().join(name);
            match content {
                Some(c) => {
                    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
                    std::fs::write(&p, c).unwrap();
                    index.add_path(Path::new(name)).unwrap();
                }
                None => {
                    std::fs::remove_file(&p).unwrap();
                    index.remove_path(Path::new(name)).unwrap();
                }
            }
        }
        index.write().unwrap();
        let tree = self.repo.find_tree(index.write_tree().unwrap()).unwrap();
        let sig = Signature::new("Auditor", "auditor@example.com", &Time::new(time, 0)).unwrap();
        let parent = self.repo.head().ok().map(|h| h.peel_to_commit().unwrap());
        let parents: Vec<&git2::Commit> = parent.iter().collect();
        self.repo
            .commit(Some("HEAD"), &sig, &sig, "pass", &tree, &parents)
            .unwrap()
    }

    pub fn run(&self, args: &[&str]) -> Output {
        Command::new(env!("CARGO_BIN_EXE_auditgate"))
            .args(args)
            .current_dir(self.path())
            .env("NO_COLOR", "1")
            .output()
            .unwrap()
    }

    pub fn json(&self, args: &[&str]) -> (i32, Value) {
        let o = self.run(args);
        let code = o.status.code().unwrap();
        let v = serde_json::from_slice(&o.stdout)
            .unwrap_or_else(|_| panic!("no JSON; stderr: {}", String::from_utf8_lossy(&o.stderr)));
        (code, v)
    }
}

impl Fixture {
    /// Commits on top of `parent` without moving HEAD or the working tree:
    /// another branch moving on (the target branch of a pull request).
    pub fn commit_beside(&self, parent: Oid, files: &[(&str, &str)], time: i64) -> Oid {
        let parent = self.repo.find_commit(parent).unwrap();
        let mut index = git2::Index::new().unwrap();
        index.read_tree(&parent.tree().unwrap()).unwrap();
        for (name, content) in files {
            let blob = self.repo.blob(content.as_bytes()).unwrap();
            let entry = git2::IndexEntry {
                ctime: git2::IndexTime::new(0, 0),
                mtime: git2::IndexTime::new(0, 0),
                dev: 0,
                ino: 0,
                mode: 0o100644,
                uid: 0,
                gid: 0,
                file_size: content.len() as u32,
                id: blob,
                flags: 0,
                flags_extended: 0,
                path: name.as_bytes().to_vec(),
            };
            index.add(&entry).unwrap();
        }
        let tree = self
            .repo
            .find_tree(index.write_tree_to(&self.repo).unwrap())
            .unwrap();
        let sig = Signature::new("Auditor", "auditor@example.com", &Time::new(time, 0)).unwrap();
        self.repo
            .commit(None, &sig, &sig, "beside", &tree, &[&parent])
            .unwrap()
    }
}
