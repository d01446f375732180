//! The composite action's own shell, run step by step as a runner would:
//! action.yml is parsed, each step's `env:` expressions are evaluated against
//! a simulated job, and its `run:` script is executed with bash. Release
//! downloads come from a local server; the binary is the one cargo built.

mod common;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use git2::Oid;
use serde_json::json;
use yaml_rust2::{Yaml, YamlLoader};

use common::github::Server;
use common::pr::{parse_outputs, pr_repo, AUDIT, DAY, T0, TOKEN, V1, V2};
use common::repo::Fixture;

fn action() -> Yaml {
    let text =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("action.yml")).unwrap();
    YamlLoader::load_from_str(&text).unwrap().remove(0)
}

fn steps(a: &Yaml) -> &Vec<Yaml> {
    a["runs"]["steps"].as_vec().unwrap()
}

/// The digest the action's install step compares with, by the same tool.
fn sha256_hex(path: &Path) -> String {
    let o = Command::new("sha256sum").arg(path).output().unwrap();
    String::from_utf8(o.stdout).unwrap()[..64].to_string()
}

/// The job a step runs in: inputs, contexts, files the runner provides.
struct Job {
    tmp: tempfile::TempDir,
    workspace: PathBuf,
    inputs: HashMap<String, String>,
    github: HashMap<&'static str, String>,
    env: Vec<(String, String)>,
    path_dirs: Vec<PathBuf>,
}

struct Outcome {
    /// Exit status of the first failing step, or 0.
    code: i32,
    failed_step: Option<String>,
    outputs: HashMap<String, String>,
    step_outputs: HashMap<String, HashMap<String, String>>,
    log: String,
    summary: String,
}

impl Job {
    fn new(workspace: &Path, server: &Server, action_ref: &str) -> Job {
        let tmp = tempfile::tempdir().unwrap();
        let mut github = HashMap::new();
        github.insert("token", TOKEN.to_string());
        github.insert("action_ref", action_ref.to_string());
        github.insert("action_repository", "octo/auditgate".to_string());
        github.insert("server_url", server.root().to_string());
        let env = vec![
            ("GITHUB_ACTIONS".into(), "true".into()),
            ("GITHUB_REPOSITORY".into(), "octo/app".into()),
            ("GITHUB_RUN_ID".into(), "42".into()),
            ("GITHUB_SERVER_URL".into(), server.root().to_string()),
            ("GITHUB_API_URL".into(), server.base.clone()),
            ("GITHUB_WORKSPACE".into(), workspace.display().to_string()),
            (
                "GITHUB_ACTION_PATH".into(),
                env!("CARGO_MANIFEST_DIR").to_string(),
            ),
            ("RUNNER_OS".into(), "Linux".into()),
            ("RUNNER_ARCH".into(), "X64".into()),
            ("RUNNER_TEMP".into(), tmp.path().display().to_string()),
            (
                "GITHUB_STEP_SUMMARY".into(),
                tmp.path().join("summary").display().to_string(),
            ),
            (
                "GITHUB_PATH".into(),
                tmp.path().join("path").display().to_string(),
            ),
            ("NO_COLOR".into(), "1".into()),
        ];
        Job {
            tmp,
            workspace: workspace.to_path_buf(),
            inputs: HashMap::new(),
            github,
            env,
            path_dirs: Vec::new(),
        }
    }

    fn input(mut self, k: &str, v: &str) -> Job {
        self.inputs.insert(k.into(), v.into());
        self
    }

    fn pull_request(mut self, number: u64, base: Oid, head: Oid) -> Job {
        let p = self.tmp.path().join("event.json");
        let event = json!({ "pull_request": {
            "number": number,
            "base": { "sha": base.to_string() },
            "head": { "sha": head.to_string() }
        }});
        std::fs::write(&p, event.to_string()).unwrap();
        self.env
            .push(("GITHUB_EVENT_NAME".into(), "pull_request".into()));
        self.env
            .push(("GITHUB_EVENT_PATH".into(), p.display().to_string()));
        self
    }

    /// A directory put first on PATH, as an earlier setup step would.
    fn with_tools(mut self, dir: PathBuf) -> Job {
        self.path_dirs.push(dir);
        self
    }

    /// The value of an input as the runner sees it: given, else the default
    /// (itself possibly an expression).
    fn input_value(
        &self,
        a: &Yaml,
        name: &str,
        steps: &HashMap<String, HashMap<String, String>>,
    ) -> String {
        let spec = &a["inputs"][name];
        assert!(!spec.is_badvalue(), "action.yml has no input `{name}`");
        match self.inputs.get(name) {
            Some(v) => v.clone(),
            None => self.eval(a, spec["default"].as_str().unwrap_or(""), steps),
        }
    }

    /// Evaluates `${{ … }}` in a value. Only plain context references are
    /// understood; anything else fails the test, so action.yml stays within
    /// what this simulation checks.
    fn eval(&self, a: &Yaml, s: &str, steps: &HashMap<String, HashMap<String, String>>) -> String {
        let mut out = String::new();
        let mut rest = s;
        while let Some(i) = rest.find("${{") {
            out.push_str(&rest[..i]);
            let j = rest[i..].find("}}").expect("closed expression") + i;
            let expr = rest[i + 3..j].trim();
            let parts: Vec<&str> = expr.split('.').collect();
            let v = match parts.as_slice() {
                ["inputs", name] => self.input_value(a, name, steps),
                ["github", key] => self
                    .github
                    .get(key)
                    .unwrap_or_else(|| panic!("unknown github context `{key}`"))
                    .clone(),
                ["runner", "os"] => "Linux".into(),
                ["runner", "arch"] => "X64".into(),
                ["steps", id, "outputs", key] => steps
                    .get(*id)
                    .and_then(|o| o.get(*key))
                    .cloned()
                    .unwrap_or_default(),
                _ => panic!("expression the simulation does not know: {expr}"),
            };
            out.push_str(&v);
            rest = &rest[j + 2..];
        }
        out.push_str(rest);
        out
    }

    fn run(&self) -> Outcome {
        let a = action();
        let mut step_outputs: HashMap<String, HashMap<String, String>> = HashMap::new();
        let mut log = String::new();
        let mut code = 0;
        let mut failed_step = None;
        let system_path = std::env::var("PATH").unwrap_or_default();
        for (n, step) in steps(&a).iter().enumerate() {
            let id = step["id"].as_str().unwrap_or("").to_string();
            assert_eq!(step["shell"].as_str(), Some("bash"));
            let script = step["run"].as_str().expect("a run step");
            let out_file = self.tmp.path().join(format!("output-{n}"));
            std::fs::write(&out_file, "").unwrap();
            // GITHUB_PATH entries of earlier steps come first, as on a runner.
            let added = std::fs::read_to_string(self.tmp.path().join("path")).unwrap_or_default();
            let mut path: Vec<String> = added.lines().rev().map(str::to_string).collect();
            path.extend(self.path_dirs.iter().map(|d| d.display().to_string()));
            path.push(system_path.clone());
            let script_file = self.tmp.path().join(format!("step-{n}.sh"));
            std::fs::write(&script_file, script).unwrap();
            let mut cmd = Command::new("bash");
            cmd.args(["--noprofile", "--norc", "-eo", "pipefail"])
                .arg(&script_file)
                .current_dir(&self.workspace)
                .env_clear()
                .envs(self.env.iter().map(|(k, v)| (k, v)))
                .env("PATH", path.join(":"))
                .env("HOME", self.tmp.path())
                .env("GITHUB_OUTPUT", &out_file);
            if let Some(env) = step["env"].as_hash() {
                for (k, v) in env {
                    let v = match v {
                        Yaml::String(s) => s.clone(),
                        Yaml::Integer(i) => i.to_string(),
                        Yaml::Boolean(b) => b.to_string(),
                        other => panic!("env value {other:?}"),
                    };
                    cmd.env(k.as_str().unwrap(), self.eval(&a, &v, &step_outputs));
                }
            }
            let o = cmd.output().unwrap();
            log.push_str(&String::from_utf8_lossy(&o.stdout));
            log.push_str(&String::from_utf8_lossy(&o.stderr));
            step_outputs.insert(
                id.clone(),
                parse_outputs(&std::fs::read_to_string(&out_file).unwrap()),
            );
            if !o.status.success() {
                code = o.status.code().unwrap_or(-1);
                failed_step = Some(id);
                break;
            }
        }
        let mut outputs = HashMap::new();
        for (k, v) in a["outputs"].as_hash().unwrap() {
            let expr = v["value"].as_str().unwrap();
            outputs.insert(
                k.as_str().unwrap().to_string(),
                self.eval(&a, expr, &step_outputs),
            );
        }
        Outcome {
            code,
            failed_step,
            outputs,
            step_outputs,
            log,
            summary: std::fs::read_to_string(self.tmp.path().join("summary")).unwrap_or_default(),
        }
    }
}

/// `$GITHUB_OUTPUT` in both of its forms: `k=v` and `k<<DELIM … DELIM`.
/// The built binary packed as the release workflow packs it, and served at
/// the URL the install step computes for `tag`.
fn publish_release(server: &Server, tag: &str, tamper: bool) {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(
        env!("CARGO_BIN_EXE_auditgate"),
        dir.path().join("auditgate"),
    )
    .unwrap();
    let tarball = dir.path().join("asset.tar.gz");
    let ok = Command::new("tar")
        .args(["-czf"])
        .arg(&tarball)
        .args(["-C"])
        .arg(dir.path())
        .arg("auditgate")
        .status()
        .unwrap();
    assert!(ok.success());
    let mut sum = sha256_hex(&tarball);
    if tamper {
        sum = sum.replace(&sum[..1], if &sum[..1] == "0" { "1" } else { "0" });
    }
    let asset = format!(
        "/octo/auditgate/releases/download/{tag}/auditgate-x86_64-unknown-linux-gnu.tar.gz"
    );
    server.serve_file(&asset, std::fs::read(&tarball).unwrap());
    server.serve_file(
        &format!("{asset}.sha256"),
        format!("{sum}  auditgate-x86_64-unknown-linux-gnu.tar.gz\n").into_bytes(),
    );
}

/// A `cargo` that records its arguments and "installs" the built binary, so
/// the source fallback is exercised without a several-minute build.
fn fake_cargo() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let script = format!(
        "#!/bin/bash\nset -e\necho \"$@\" > \"{log}\"\nroot=\"\"\nwhile [ $# -gt 0 ]; do if [ \"$1\" = --root ]; then root=\"$2\"; fi; shift; done\nmkdir -p \"$root/bin\"\ncp \"{bin}\" \"$root/bin/auditgate\"\n",
        log = dir.path().join("cargo-args").display(),
        bin = env!("CARGO_BIN_EXE_auditgate"),
    );
    let p = dir.path().join("cargo");
    std::fs::write(&p, script).unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o755)).unwrap();
    dir
}

#[test]
fn inputs_reach_scripts_only_through_env() {
    let a = action();
    assert_eq!(a["runs"]["using"].as_str(), Some("composite"));
    for step in steps(&a) {
        let run = step["run"].as_str().unwrap();
        assert!(!run.contains("${{"), "an expression inside run: {run}");
    }
    let inputs: Vec<&str> = a["inputs"]
        .as_hash()
        .unwrap()
        .keys()
        .map(|k| k.as_str().unwrap())
        .collect();
    for want in [
        "path",
        "base",
        "fail-on",
        "comment",
        "github-token",
        "sarif-file",
        "version",
    ] {
        assert!(inputs.contains(&want), "missing input {want}");
    }
    // Every input is used by some step.
    let text =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("action.yml")).unwrap();
    for i in inputs {
        assert!(
            text.contains(&format!("${{{{ inputs.{i} }}}}")),
            "input {i} is never used"
        );
    }
}

#[test]
fn release_binary_is_verified_and_the_gate_fails_on_a_new_critical() {
    let (fx, base, head) = pr_repo();
    let server = Server::start();
    publish_release(&server, "v1.2.3", false);
    let cargo = fake_cargo();
    let job = Job::new(fx.path(), &server, "v1.2.3")
        .pull_request(12, base, head)
        .with_tools(cargo.path().to_path_buf())
        .input("path", AUDIT)
        .input("sarif-file", "auditgate.sarif")
        .input("fail-on", "critical-growth\nregressed");
    let o = job.run();
    assert_eq!(
        o.step_outputs["install"]["installed"], "release",
        "{}",
        o.log
    );
    assert!(
        !cargo.path().join("cargo-args").exists(),
        "no source build when a release exists"
    );
    assert_eq!(o.failed_step.as_deref(), Some("check"), "{}", o.log);
    assert_eq!(o.code, 1);
    assert_eq!(o.outputs["gate"], "fail");
    assert_eq!(o.outputs["new-count"], "1");
    assert_eq!(o.outputs["critical-delta"], "1");
    assert_eq!(o.outputs["risk-score"], "15");
    assert!(Path::new(&o.outputs["report-path"]).is_file());
    assert!(fx.path().join("auditgate.sarif").is_file());
    assert!(o.summary.contains("## auditgate: ❌ fail"), "{}", o.summary);
    assert!(o.log.contains("::error file=docs/ISSUES.md"), "{}", o.log);
    assert!(!o.log.contains(TOKEN));
    // The default `github-token` input reached the API: one comment.
    let comments = server.comments();
    assert_eq!(comments.len(), 1);
    assert!(comments[0]
        .body
        .contains("SQL injection in the search endpoint"));
}

#[test]
fn a_checksum_mismatch_stops_the_install() {
    let (fx, base, head) = pr_repo();
    let server = Server::start();
    publish_release(&server, "v1.2.3", true);
    let cargo = fake_cargo();
    let o = Job::new(fx.path(), &server, "v1.2.3")
        .pull_request(12, base, head)
        .with_tools(cargo.path().to_path_buf())
        .input("path", AUDIT)
        .run();
    assert_eq!(o.failed_step.as_deref(), Some("install"), "{}", o.log);
    assert!(o.log.contains("checksum mismatch"), "{}", o.log);
    assert!(
        !cargo.path().join("cargo-args").exists(),
        "a bad download must not fall back"
    );
}

#[test]
fn without_a_release_it_builds_from_the_action_source() {
    let (fx, base, _) = pr_repo();
    let server = Server::start();
    let cargo = fake_cargo();
    // A branch ref has no release assets; an unchanged audit passes.
    let o = Job::new(fx.path(), &server, "main")
        .pull_request(3, base, base)
        .with_tools(cargo.path().to_path_buf())
        .input("path", AUDIT)
        .input("comment", "never")
        .run();
    assert_eq!(o.code, 0, "{}", o.log);
    assert_eq!(o.step_outputs["install"]["installed"], "source");
    let args = std::fs::read_to_string(cargo.path().join("cargo-args")).unwrap();
    assert!(
        args.starts_with(&format!(
            "install --locked --path {}",
            env!("CARGO_MANIFEST_DIR")
        )),
        "{args}"
    );
    assert_eq!(o.outputs["gate"], "pass");
    assert_eq!(o.outputs["new-count"], "0");
    assert!(server.requests().is_empty(), "comment: never");
}

#[test]
fn hostile_input_values_stay_data() {
    let (fx, base, head) = pr_repo();
    let server = Server::start();
    publish_release(&server, "v1.2.3", false);
    let pwned = fx.path().join("pwned");
    let o = Job::new(fx.path(), &server, "v1.2.3")
        .pull_request(12, base, head)
        .input(
            "path",
            &format!("{AUDIT}\"; touch {}; echo \"", pwned.display()),
        )
        .input("comment", "never")
        .run();
    assert!(!pwned.exists(), "an input was executed");
    assert_eq!(o.failed_step.as_deref(), Some("check"));
    assert_eq!(o.code, 2, "{}", o.log);
}

#[test]
fn the_audit_path_can_come_from_the_config() {
    let fx = Fixture::new();
    let config = format!("[audit]\npath = \"{AUDIT}\"\n\n[gate]\nfail-on = [\"new-high\"]\n");
    let base = fx.commit(&[(AUDIT, Some(V1)), ("auditgate.toml", Some(&config))], T0);
    let head = fx.commit(&[(AUDIT, Some(V2))], T0 + DAY);
    let server = Server::start();
    publish_release(&server, "v1.2.3", false);
    let o = Job::new(fx.path(), &server, "v1.2.3")
        .pull_request(12, base, head)
        .input("comment", "never")
        .run();
    assert_eq!(o.failed_step.as_deref(), Some("check"), "{}", o.log);
    assert_eq!(o.code, 1);
    assert_eq!(o.outputs["new-count"], "1");
    assert!(
        o.summary.contains("new-high"),
        "the config's policy was applied: {}",
        o.summary
    );
}
