//! `diff --format sarif` and `--format codeclimate` as code scanning and GitLab
//! read them: valid against the SARIF 2.1.0 schema, and meaning what the diff says.
//!
//! The schema is vendored (fixtures/sarif-2.1.0.schema.json, see
//! fixtures/README.md: taken from the `serde-sarif` 0.8.0 crate, MIT) so the
//! check runs offline; the validator resolves no remote references.

mod common;

use std::collections::{BTreeMap, HashSet};
use std::path::Path;
use std::process::{Command, Output};

use common::fixture;
use common::sarif::{errors, schema, validator, vendored, LANGUAGE_PATTERNS};
use serde_json::Value;

const PAIRS: [&str; 6] = [
    "closed",
    "escalated",
    "moved",
    "regressed",
    "renumbered",
    "reworded",
];

fn run_in(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_auditgate"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .output()
        .expect("binary runs")
}

fn run(args: &[&str]) -> Output {
    run_in(Path::new(env!("CARGO_MANIFEST_DIR")), args)
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn json_of(o: &Output) -> Value {
    // Exit 1 is a failed gate, still a full report; 2 is an error with none.
    assert!(
        matches!(o.status.code(), Some(0 | 1)),
        "exit {:?}: {}",
        o.status.code(),
        stderr(o)
    );
    serde_json::from_slice(&o.stdout).expect("output is JSON")
}

/// (old, new) of every fixture pair and the demo, as absolute paths: the
/// binary must make them repository-relative itself.
fn pairs() -> Vec<(String, String, String)> {
    let mut v: Vec<(String, String, String)> = PAIRS
        .iter()
        .map(|p| {
            (
                format!("fixtures/pairs/{p}/new.md"),
                fixture(&format!("pairs/{p}/old.md")).display().to_string(),
                fixture(&format!("pairs/{p}/new.md")).display().to_string(),
            )
        })
        .collect();
    v.push((
        "fixtures/demo/audit-2025-12-01.md".to_string(),
        fixture("demo/audit-2025-11-01.md").display().to_string(),
        fixture("demo/audit-2025-12-01.md").display().to_string(),
    ));
    v
}

fn diff(old: &str, new: &str, format: &str) -> Value {
    json_of(&run(&["diff", old, new, "--format", format]))
}

fn results(doc: &Value) -> &Vec<Value> {
    doc["runs"][0]["results"].as_array().expect("results")
}

fn fp(r: &Value) -> &str {
    r["partialFingerprints"]["auditgateFindingId/v1"]
        .as_str()
        .expect("fingerprint")
}

#[test]
fn vendored_schema_is_sarif_2_1_0() {
    let s = vendored();
    assert_eq!(
        s["title"],
        "Static Analysis Results Format (SARIF) Version 2.1.0 JSON Schema"
    );
    assert!(
        s["$id"]
            .as_str()
            .unwrap()
            .ends_with("sarif-schema-2.1.0.json"),
        "{}",
        s["$id"]
    );
    assert_eq!(
        s["properties"]["version"]["enum"],
        serde_json::json!(["2.1.0"])
    );
    // The published schema's flaw as a draft-07 schema is the typo that
    // `schema()` mends; mended, it is a valid schema.
    let e = jsonschema::meta::validate(&s).unwrap_err();
    assert!(
        LANGUAGE_PATTERNS.contains(&e.instance_path().as_str()),
        "{e} at {}",
        e.instance_path()
    );
    assert!(jsonschema::meta::is_valid(&schema()));
}

#[test]
fn sarif_of_every_pair_is_valid_sarif_2_1_0() {
    let v = validator();
    for (name, old, new) in pairs() {
        let doc = diff(&old, &new, "sarif");
        let errs = errors(&v, &doc);
        assert!(errs.is_empty(), "{name}: {errs:#?}");
        assert_eq!(doc["version"], "2.1.0");
        assert_eq!(
            doc["$schema"],
            "https://json.schemastore.org/sarif-2.1.0.json"
        );
        let driver = &doc["runs"][0]["tool"]["driver"];
        assert_eq!(driver["name"], "auditgate");
        assert_eq!(driver["version"], env!("CARGO_PKG_VERSION"));
        assert!(!results(&doc).is_empty(), "{name}: no results");
    }
}

type Breakage = fn(&mut Value);

/// The check above must be able to fail: each of these breaks a rule of the
/// schema that our output relies on.
#[test]
fn broken_sarif_fails_validation() {
    let v = validator();
    let (_, old, new) = &pairs()[3];
    let good = diff(old, new, "sarif");
    assert!(errors(&v, &good).is_empty());
    let breakages: [(&str, Breakage); 7] = [
        ("wrong version", |d| d["version"] = "2.0.0".into()),
        ("no runs", |d| {
            d.as_object_mut().unwrap().remove("runs");
        }),
        ("unknown level", |d| {
            d["runs"][0]["results"][0]["level"] = "fatal".into()
        }),
        ("line 0", |d| {
            d["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]["startLine"] =
                0.into()
        }),
        ("unknown baseline state", |d| {
            d["runs"][0]["results"][0]["baselineState"] = "gone".into()
        }),
        ("a $schema that is no URI", |d| {
            d["$schema"] = "not a uri".into()
        }),
        ("driver without a name", |d| {
            d["runs"][0]["tool"]["driver"]
                .as_object_mut()
                .unwrap()
                .remove("name");
        }),
    ];
    for (what, breakage) in breakages {
        let mut doc = good.clone();
        breakage(&mut doc);
        assert!(!errors(&v, &doc).is_empty(), "{what} passed validation");
    }
}

#[test]
fn baseline_state_follows_the_class() {
    for (name, old, new) in pairs() {
        let json = diff(&old, &new, "json");
        let sarif = diff(&old, &new, "sarif");
        let changes: Vec<&Value> = json["changes"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|c| c["class"] != "closed")
            .collect();
        let res = results(&sarif);
        assert_eq!(changes.len(), res.len(), "{name}: one result per change");
        for (c, r) in changes.iter().zip(res) {
            let want = match (c["class"].as_str().unwrap(), &c["severity_change"]) {
                ("new" | "regressed", _) => "new",
                ("resolved", _) => "absent",
                ("persisting", Value::Null) => "unchanged",
                ("persisting", _) => "updated",
                (other, _) => panic!("{other}"),
            };
            assert_eq!(r["baselineState"], want, "{name}: {c}");
            assert_eq!(r["properties"]["class"], c["class"], "{name}");
            let placed = if c["class"] == "resolved" {
                &c["old"]
            } else {
                &c["new"]
            };
            assert_eq!(r["properties"]["severity"], placed["severity"], "{name}");
            let title = placed["title"].as_str().unwrap();
            assert!(
                r["message"]["text"].as_str().unwrap().ends_with(title),
                "{name}: {} vs {title}",
                r["message"]["text"]
            );
        }
    }
    // One of each, named.
    let escalated = diff(
        &fixture("pairs/escalated/old.md").display().to_string(),
        &fixture("pairs/escalated/new.md").display().to_string(),
        "sarif",
    );
    let states: Vec<&str> = results(&escalated)
        .iter()
        .map(|r| r["baselineState"].as_str().unwrap())
        .collect();
    assert_eq!(states, ["updated", "unchanged", "updated"]);
    let regressed = diff(
        &fixture("pairs/regressed/old.md").display().to_string(),
        &fixture("pairs/regressed/new.md").display().to_string(),
        "sarif",
    );
    let r = results(&regressed);
    assert_eq!(r[0]["baselineState"], "new");
    assert_eq!(r[0]["properties"]["class"], "regressed");
    assert_eq!(r[1]["baselineState"], "absent");
    assert_eq!(r[1]["ruleId"], "auditgate/resolved");
    assert_eq!(
        r[1]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
        "fixtures/pairs/regressed/old.md",
        "a resolved finding is placed in the pass that had it"
    );
}

#[test]
fn levels_follow_severity() {
    for (name, old, new) in pairs() {
        let doc = diff(&old, &new, "sarif");
        for r in results(&doc) {
            let want = match (
                r["baselineState"].as_str().unwrap(),
                r["properties"]["severity"].as_str().unwrap(),
            ) {
                ("absent", _) => "none",
                (_, "critical" | "high") => "error",
                (_, "medium") => "warning",
                (_, "low" | "info") => "note",
                (_, other) => panic!("{other}"),
            };
            assert_eq!(r["level"], want, "{name}: {r}");
        }
    }
}

#[test]
fn every_result_names_a_declared_rule_and_a_real_line() {
    for (path, old, new) in pairs() {
        let doc = diff(&old, &new, "sarif");
        let rules = doc["runs"][0]["tool"]["driver"]["rules"]
            .as_array()
            .unwrap();
        let ids: Vec<&str> = rules.iter().map(|r| r["id"].as_str().unwrap()).collect();
        let unique: HashSet<&&str> = ids.iter().collect();
        assert_eq!(unique.len(), ids.len(), "rule ids repeat");
        for r in results(&doc) {
            let id = r["ruleId"].as_str().unwrap();
            let index = r["ruleIndex"].as_u64().unwrap() as usize;
            assert_eq!(ids.get(index), Some(&id), "{path}: ruleIndex of {id}");
            let loc = &r["locations"][0]["physicalLocation"];
            let start = loc["region"]["startLine"].as_u64().unwrap();
            let end = loc["region"]["endLine"].as_u64().unwrap();
            assert!(start >= 1 && end >= start, "{path}: {start}-{end}");
            let uri = loc["artifactLocation"]["uri"].as_str().unwrap();
            let want = if r["baselineState"] == "absent" {
                path.replace("new.md", "old.md")
                    .replace("audit-2025-12-01", "audit-2025-11-01")
            } else {
                path.clone()
            };
            assert_eq!(uri, want, "repository-relative, forward slashes");
        }
    }
}

#[test]
fn fingerprints_are_stable_and_survive_rewording() {
    let old = fixture("pairs/reworded/old.md").display().to_string();
    let new = fixture("pairs/reworded/new.md").display().to_string();
    let first = run(&["diff", &old, &new, "--format", "sarif"]);
    let second = run(&["diff", &old, &new, "--format", "sarif"]);
    assert_eq!(first.stdout, second.stdout, "two runs, same bytes");

    // The earlier pass as code scanning first saw it, and the reworded pass
    // after it: the same findings must keep their fingerprints.
    let baseline = diff(&old, &old, "sarif");
    let reworded = diff(&old, &new, "sarif");
    let by_ref = |doc: &Value| -> BTreeMap<String, String> {
        results(doc)
            .iter()
            .map(|r| {
                (
                    r["properties"]["ref"].as_str().unwrap().to_string(),
                    fp(r).to_string(),
                )
            })
            .collect()
    };
    assert_eq!(by_ref(&baseline).len(), 4);
    assert_eq!(by_ref(&baseline), by_ref(&reworded));
    // And that is not because the titles hash alike: the reworded pass's
    // own ids differ from the earlier ones.
    let shown = json_of(&run(&["show", &new, "--format", "json"]));
    let new_ids: HashSet<&str> = shown["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["id"].as_str().unwrap())
        .collect();
    for fp in by_ref(&reworded).values() {
        assert!(!new_ids.contains(fp.as_str()), "{fp}");
    }
}

#[test]
fn git_passes_are_placed_without_their_revision() {
    let dir = tempfile::tempdir().unwrap();
    let repo = git2::Repository::init(dir.path()).unwrap();
    let sig =
        git2::Signature::new("A", "a@example.com", &git2::Time::new(1_764_590_400, 0)).unwrap();
    std::fs::create_dir_all(dir.path().join("docs")).unwrap();
    let doc = dir.path().join("docs/ISSUES.md");
    std::fs::copy(fixture("pairs/regressed/old.md"), &doc).unwrap();
    let mut index = repo.index().unwrap();
    index.add_path(Path::new("docs/ISSUES.md")).unwrap();
    index.write().unwrap();
    let tree = repo.find_tree(index.write_tree().unwrap()).unwrap();
    repo.commit(Some("HEAD"), &sig, &sig, "pass 1", &tree, &[])
        .unwrap();
    std::fs::copy(fixture("pairs/regressed/new.md"), &doc).unwrap();

    let v = validator();
    for args in [
        vec!["diff", "HEAD:docs/ISSUES.md", "./docs/ISSUES.md"],
        vec!["diff", "docs/ISSUES.md"],
    ] {
        let mut args = args.clone();
        args.extend(["--format", "sarif"]);
        let o = run_in(dir.path(), &args);
        let doc = json_of(&o);
        assert!(errors(&v, &doc).is_empty(), "{args:?}");
        let uris: Vec<&str> = results(&doc)
            .iter()
            .map(|r| {
                r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
                    .as_str()
                    .unwrap()
            })
            .collect();
        assert_eq!(uris, ["docs/ISSUES.md", "docs/ISSUES.md"], "{args:?}");
        // The source labels still carry the revision: only the location drops it.
        assert!(
            doc["runs"][0]["properties"]["old"]
                .as_str()
                .unwrap()
                .contains(':'),
            "{}",
            doc["runs"][0]["properties"]["old"]
        );
    }
}

#[test]
fn show_and_history_refuse_diff_only_formats() {
    let doc = fixture("demo/audit-2025-11-01.md").display().to_string();
    let series = fixture("demo/*.md").display().to_string();
    for format in ["sarif", "codeclimate"] {
        for args in [
            vec!["show", doc.as_str(), "--format", format],
            vec!["history", "--series", series.as_str(), "--format", format],
        ] {
            let o = run(&args);
            assert_eq!(o.status.code(), Some(2), "{args:?}");
            assert!(o.stdout.is_empty());
            let e = stderr(&o);
            assert_eq!(e.lines().count(), 1, "{e}");
            assert!(
                e.contains(&format!(
                    "--format {format} is an output for `auditgate diff` only"
                )),
                "{e}"
            );
        }
    }
}

#[test]
fn codeclimate_lists_open_findings_with_gitlab_severities() {
    for (path, old, new) in pairs() {
        let json = diff(&old, &new, "json");
        let cc = diff(&old, &new, "codeclimate");
        let open: Vec<&Value> = json["changes"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|c| {
                matches!(
                    c["class"].as_str(),
                    Some("new" | "persisting" | "regressed")
                )
            })
            .collect();
        let issues = cc.as_array().expect("an array of issues");
        assert_eq!(issues.len(), open.len(), "{path}");
        let mut fingerprints = HashSet::new();
        for (c, i) in open.iter().zip(issues) {
            let f = &c["new"];
            let want = match f["severity"].as_str().unwrap() {
                "critical" => "blocker",
                "high" => "critical",
                "medium" => "major",
                "low" => "minor",
                "info" => "info",
                other => panic!("{other}"),
            };
            assert_eq!(i["severity"], want, "{path}");
            assert_eq!(
                i["check_name"],
                format!("auditgate/{}", f["severity"].as_str().unwrap())
            );
            assert!(i["description"]
                .as_str()
                .unwrap()
                .ends_with(f["title"].as_str().unwrap()));
            assert_eq!(i["location"]["path"], path.as_str());
            assert_eq!(i["location"]["lines"]["begin"], f["line"]);
            assert!(i["location"]["lines"]["begin"].as_u64().unwrap() >= 1);
            let fp = i["fingerprint"].as_str().unwrap();
            assert!(
                fp.len() == 32 && fp.bytes().all(|b| b.is_ascii_hexdigit()),
                "{fp}"
            );
            assert!(fingerprints.insert(fp.to_string()), "{path}: {fp} repeats");
        }
    }
}

/// A document that lists one title twice is two issues to GitLab, and two
/// results to code scanning: neither may share a fingerprint.
#[test]
fn repeated_titles_get_distinct_fingerprints() {
    let dir = tempfile::tempdir().unwrap();
    let old = dir.path().join("old.md");
    let new = dir.path().join("new.md");
    std::fs::write(&old, "# Audit\n").unwrap();
    std::fs::write(
        &new,
        "# Audit\n\n### 1.1 HIGH: Missing rate limit\n\n**Location:** `a.py`\n\n\
         ### 2.1 LOW: Missing rate limit\n\n**Location:** `b.py`\n",
    )
    .unwrap();
    let (old, new) = (old.display().to_string(), new.display().to_string());
    let cc = diff(&old, &new, "codeclimate");
    let issues = cc.as_array().unwrap();
    assert_eq!(issues.len(), 2, "{cc:#}");
    assert_ne!(issues[0]["fingerprint"], issues[1]["fingerprint"]);
    let sarif = diff(&old, &new, "sarif");
    let r = results(&sarif);
    assert_eq!(r.len(), 2);
    assert_ne!(fp(&r[0]), fp(&r[1]));
    assert!(errors(&validator(), &sarif).is_empty());
}

#[test]
fn sarif_snapshot_of_the_escalated_pair() {
    let mut doc = diff(
        &fixture("pairs/escalated/old.md").display().to_string(),
        &fixture("pairs/escalated/new.md").display().to_string(),
        "sarif",
    );
    let run = &mut doc["runs"][0];
    // Absolute paths and the crate version are not what this snapshot is about.
    run["properties"]["old"] = "<old>".into();
    run["properties"]["new"] = "<new>".into();
    run["tool"]["driver"]["version"] = "<version>".into();
    run["tool"]["driver"]["semanticVersion"] = "<version>".into();
    run["tool"]["driver"]["rules"] =
        "<rules: checked in every_result_names_a_declared_rule_and_a_real_line>".into();
    insta::assert_json_snapshot!(doc);
}
