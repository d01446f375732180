//! `auditgate.toml`: the project's own words, weights, gate and accepted
//! risks, validated once into typed settings.
//!
//! Pure: `Config::from_toml` takes the text and the name to quote in
//! messages. Finding and reading the file is `app`'s job.

use std::collections::BTreeMap;
use std::ops::Range;

use chrono::NaiveDate;
use serde::Deserialize;
use thiserror::Error;
use toml::Spanned;

use crate::accept::Acceptance;
use crate::gate::Policy;
use crate::model::Severity;
#[cfg(test)]
use crate::model::Status;
use crate::parse::words::{Role, SectionRule, Strength};
use crate::parse::Vocabulary;
use crate::score::Weights;

/// The file looked for at the repository root.
pub const FILE_NAME: &str = "auditgate.toml";

/// A mistake in the configuration: the file, the line and what is wrong.
#[derive(Debug, Error, PartialEq, Eq)]
#[error("{file}:{line}: {message}")]
pub struct ConfigError {
    pub file: String,
    pub line: usize,
    pub message: String,
}

/// The settings, defaults filled in.
#[derive(Clone, Debug)]
pub struct Config {
    /// The audit file, as written in the configuration (relative to the
    /// directory that holds it).
    pub path: Option<String>,
    /// One file per pass, as a glob relative to that directory.
    pub series: Option<String>,
    /// The gate when no `--fail-on` is given: `gate::DEFAULT_POLICIES`
    /// unless the file names its own.
    pub fail_on: Option<Vec<Policy>>,
    pub weights: Weights,
    pub vocabulary: Vocabulary,
    pub accept: Vec<Acceptance>,
}

impl Default for Config {
    fn default() -> Config {
        Config {
            path: None,
            series: None,
            fail_on: Some(crate::gate::DEFAULT_POLICIES.to_vec()),
            weights: Weights::default(),
            vocabulary: Vocabulary::default(),
            accept: Vec::new(),
        }
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct Raw {
    audit: Option<RawAudit>,
    gate: Option<RawGate>,
    vocabulary: Option<RawVocabulary>,
    sections: Option<BTreeMap<String, Spanned<String>>>,
    weights: Option<RawWeights>,
    #[serde(default)]
    accept: Vec<Spanned<RawAccept>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawAudit {
    path: Option<Spanned<String>>,
    series: Option<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawGate {
    fail_on: Option<Vec<Spanned<String>>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawVocabulary {
    #[serde(default)]
    severity: BTreeMap<Spanned<String>, Spanned<String>>,
    #[serde(default)]
    resolved: Vec<Spanned<String>>,
    #[serde(default)]
    dismissed: Vec<Spanned<String>>,
    #[serde(default)]
    still_open: Vec<Spanned<String>>,
    #[serde(default)]
    qualifiers: Vec<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawWeights {
    critical: Option<Spanned<f64>>,
    high: Option<Spanned<f64>>,
    medium: Option<Spanned<f64>>,
    low: Option<Spanned<f64>>,
    info: Option<Spanned<f64>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawAccept {
    fingerprint: Option<Spanned<String>>,
    #[serde(rename = "ref")]
    reference: Option<Spanned<String>>,
    title: Option<Spanned<String>>,
    reason: Spanned<String>,
    owner: Spanned<String>,
    expires: Spanned<toml::Value>,
}

/// Builds errors that point at a place in the text.
struct At<'a> {
    text: &'a str,
    file: &'a str,
}

impl At<'_> {
    fn line(&self, pos: usize) -> usize {
        let pos = pos.min(self.text.len());
        1 + self.text.as_bytes()[..pos]
            .iter()
            .filter(|&&b| b == b'\n')
            .count()
    }

    fn err(&self, span: Range<usize>, message: String) -> ConfigError {
        ConfigError {
            file: self.file.to_string(),
            line: self.line(span.start),
            message,
        }
    }

    /// The `[table]` or `[[table]]` header in force at `pos`, as written.
    fn table(&self, pos: usize) -> Option<String> {
        let pos = pos.min(self.text.len());
        // A header line that starts exactly at `pos` is in force there.
        let end = self.text[pos..]
            .find('\n')
            .map_or(self.text.len(), |n| pos + n);
        self.text[..end]
            .lines()
            .map(str::trim)
            .rfind(|l| l.starts_with('['))
            .map(|l| match l.find(']') {
                // `]]` closes an array-of-tables header; a multi-byte
                // character right after the first `]` means it does not.
                Some(i) if l.starts_with("[[") => l
                    .get(..(i + 2).min(l.len()))
                    .unwrap_or(&l[..=i])
                    .to_string(),
                Some(i) => l[..=i].to_string(),
                None => l.to_string(),
            })
    }

    /// The dotted key written on the line at `pos` (`weights.critical`).
    fn key(&self, pos: usize) -> Option<String> {
        let pos = pos.min(self.text.len());
        let start = self.text[..pos].rfind('\n').map_or(0, |i| i + 1);
        let line = self.text[start..].lines().next()?;
        let (key, _) = line.split_once('=')?;
        let key = key.trim().trim_matches('"');
        let table = self
            .table(pos)
            .map(|t| t.trim_matches(['[', ']']).trim().to_string());
        Some(match table {
            Some(t) if !t.is_empty() => format!("{t}.{key}"),
            _ => key.to_string(),
        })
    }

    /// A TOML or serde error restated with the key and table it is about.
    fn toml(&self, e: &toml::de::Error) -> ConfigError {
        let span = e.span().unwrap_or(0..0);
        let msg = e.message().trim();
        let within = || match self.table(span.start) {
            Some(t) => format!("in {t}"),
            None => "at the top level".to_string(),
        };
        // A key that opens a table of its own (`[weights.extra]`) is a key
        // of the table above it.
        let header_at = self.text[self.text[..span.start.min(self.text.len())]
            .rfind('\n')
            .map_or(0, |i| i + 1)..]
            .trim_start()
            .starts_with('[');
        let parent = || match self.table(span.start) {
            Some(t) if header_at => {
                let path = t.trim_matches(['[', ']']).trim();
                match path.rsplit_once('.') {
                    Some((up, _)) => format!("in [{}]", up.trim()),
                    None => "at the top level".to_string(),
                }
            }
            _ => within(),
        };
        let message = if let Some(rest) = msg.strip_prefix("unknown field ") {
            let (field, expected) = rest.split_once(", expected ").unwrap_or((rest, ""));
            let hint = if expected.is_empty() {
                String::new()
            } else {
                format!(" (expected {expected})")
            };
            format!("unknown key {field} {}{hint}", parent())
        } else if let Some(field) = msg.strip_prefix("missing field ") {
            format!("missing key {field} {}", within())
        } else if let Some(rest) = msg.strip_prefix("invalid type: ") {
            let rest = rest
                .replace("expected f64", "expected a number")
                .replace("expected a sequence", "expected an array");
            match self.key(span.start) {
                Some(k) => format!("wrong type for `{k}`: {rest}"),
                None => format!("wrong type: {rest}"),
            }
        } else {
            // TOML syntax: the parser's own words say best what it expected.
            match self.key(span.start) {
                Some(k) => format!("`{k}`: not valid TOML: {msg}"),
                None => format!("not valid TOML: {msg}"),
            }
        };
        self.err(span, message)
    }
}

fn severity(at: &At, key: &str, v: &Spanned<String>) -> Result<Severity, ConfigError> {
    Severity::parse(v.get_ref()).ok_or_else(|| {
        at.err(
            v.span(),
            format!(
                "`{key}`: unknown severity `{}` (expected critical, high, medium, low or info)",
                v.get_ref()
            ),
        )
    })
}

/// Lower-case words of a status phrase, one space apart, as the reader compares them.
fn phrase(at: &At, key: &str, v: &Spanned<String>) -> Result<String, ConfigError> {
    let words: Vec<String> = v
        .get_ref()
        .split_whitespace()
        .map(str::to_lowercase)
        .collect();
    // The reader looks at phrases of up to three words.
    if words.is_empty() || words.len() > 3 {
        return Err(at.err(
            v.span(),
            format!("`{key}`: `{}` must be one to three words", v.get_ref()),
        ));
    }
    Ok(words.join(" "))
}

/// Whether `w` can be a single token as the reader compares them: no
/// space inside, and no punctuation at its ends (the reader trims it).
fn is_one_word(w: &str) -> bool {
    !w.is_empty()
        && !w.chars().any(char::is_whitespace)
        && !w.starts_with(|c: char| c.is_ascii_punctuation())
        && !w.ends_with(|c: char| c.is_ascii_punctuation())
}

fn non_empty(at: &At, key: &str, v: &Spanned<String>) -> Result<String, ConfigError> {
    let s = v.get_ref().trim();
    if s.is_empty() {
        return Err(at.err(v.span(), format!("`{key}` must not be empty")));
    }
    Ok(s.to_string())
}

fn date(at: &At, v: &Spanned<toml::Value>) -> Result<NaiveDate, ConfigError> {
    let bad = |what: String| {
        at.err(
            v.span(),
            format!("`accept.expires`: {what}, expected a date YYYY-MM-DD"),
        )
    };
    match v.get_ref() {
        toml::Value::Datetime(d) if d.time.is_none() && d.offset.is_none() => {
            let d = d.date.expect("a datetime without a time has a date");
            NaiveDate::from_ymd_opt(i32::from(d.year), u32::from(d.month), u32::from(d.day))
                .ok_or_else(|| bad(format!("`{d}` is not a day of the calendar")))
        }
        toml::Value::String(s) => NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d")
            .map_err(|_| bad(format!("`{s}` is not a date"))),
        other => Err(bad(format!("`{other}` is not a date"))),
    }
}

impl Config {
    /// Parses and validates a configuration. `name` is how messages name the
    /// file (`auditgate.toml`).
    pub fn from_toml(text: &str, name: &str) -> Result<Config, ConfigError> {
        let at = At { text, file: name };
        let raw: Raw = toml::from_str(text).map_err(|e| at.toml(&e))?;
        let mut config = Config::default();

        if let Some(audit) = raw.audit {
            if let (Some(_), Some(s)) = (&audit.path, &audit.series) {
                return Err(at.err(
                    s.span(),
                    "`audit.path` and `audit.series` exclude each other: name one file or one series"
                        .to_string(),
                ));
            }
            config.path = audit
                .path
                .map(|p| non_empty(&at, "audit.path", &p))
                .transpose()?;
            config.series = audit
                .series
                .map(|s| {
                    let g = non_empty(&at, "audit.series", &s)?;
                    glob::Pattern::new(&g).map_err(|e| {
                        at.err(s.span(), format!("`audit.series`: not a valid glob: {e}"))
                    })?;
                    Ok(g)
                })
                .transpose()?;
        }

        if let Some(gate) = raw.gate {
            if let Some(list) = gate.fail_on {
                let mut policies = Vec::new();
                for p in &list {
                    // One entry may hold several, as `--fail-on a,b` does.
                    for one in p.get_ref().split(',').filter(|s| !s.trim().is_empty()) {
                        policies.push(
                            one.parse::<Policy>()
                                .map_err(|e| at.err(p.span(), format!("`gate.fail-on`: {e}")))?,
                        );
                    }
                }
                config.fail_on = Some(policies);
            }
        }

        if let Some(w) = raw.weights {
            let weights = &mut config.weights;
            for (name, value, slot) in [
                ("critical", w.critical, &mut weights.critical),
                ("high", w.high, &mut weights.high),
                ("medium", w.medium, &mut weights.medium),
                ("low", w.low, &mut weights.low),
                ("info", w.info, &mut weights.info),
            ] {
                if let Some(v) = value {
                    let x = *v.get_ref();
                    if !x.is_finite() || x < 0.0 {
                        return Err(at.err(
                            v.span(),
                            format!(
                                "`weights.{name}`: {x} is not a weight (a number of 0 or more)"
                            ),
                        ));
                    }
                    *slot = x;
                }
            }
        }

        if let Some(v) = raw.vocabulary {
            let vocab = &mut config.vocabulary;
            let mut words = Vec::new();
            for (word, sev) in &v.severity {
                let key = format!("vocabulary.severity.{}", word.get_ref());
                let s = severity(&at, &key, sev)?;
                let w = word.get_ref().trim().to_lowercase();
                // The reader skips tokens longer than the longest built-in word.
                if !is_one_word(&w) || w.len() > 13 {
                    return Err(at.err(
                        sev.span(),
                        format!("`{key}`: a severity word is one word of at most 13 bytes, without punctuation at its ends"),
                    ));
                }
                words.push((w, s, Strength::Explicit));
            }
            // Ahead of the built-in words, so a project can redefine one.
            words.append(&mut vocab.severity);
            vocab.severity = words;
            for p in &v.resolved {
                vocab.resolved.push(phrase(&at, "vocabulary.resolved", p)?);
            }
            for p in &v.dismissed {
                vocab
                    .dismissed
                    .push(phrase(&at, "vocabulary.dismissed", p)?);
            }
            for p in &v.still_open {
                vocab
                    .still_open
                    .push(phrase(&at, "vocabulary.still-open", p)?);
            }
            for q in &v.qualifiers {
                let w = q.get_ref().trim().to_lowercase();
                if !is_one_word(&w) {
                    return Err(at.err(
                        q.span(),
                        format!(
                            "`vocabulary.qualifiers`: `{}` must be one word, without punctuation at its ends",
                            q.get_ref()
                        ),
                    ));
                }
                vocab.status_qualifiers.push(w);
            }
        }

        if let Some(sections) = raw.sections {
            let mut rules = Vec::new();
            for (heading, sev) in &sections {
                let key = format!("sections.\"{heading}\"");
                let s = severity(&at, &key, sev)?;
                let words: Vec<String> = heading
                    .to_lowercase()
                    .split(|c: char| !c.is_alphanumeric() && c != '\'')
                    .filter(|w| !w.is_empty())
                    .map(str::to_string)
                    .collect();
                if words.is_empty() {
                    return Err(at.err(
                        sev.span(),
                        format!("`{key}`: a section rule needs at least one word"),
                    ));
                }
                rules.push(SectionRule {
                    words,
                    severity: Some(s),
                    status: None,
                    role: Some(Role::Findings),
                });
            }
            // The most specific rule first: "security hardening" before "security".
            rules.sort_by_key(|r| std::cmp::Reverse(r.words.len()));
            rules.append(&mut config.vocabulary.sections);
            config.vocabulary.sections = rules;
        }

        for entry in &raw.accept {
            config.accept.push(acceptance(&at, entry)?);
        }
        Ok(config)
    }
}

fn acceptance(at: &At, entry: &Spanned<RawAccept>) -> Result<Acceptance, ConfigError> {
    let e = entry.get_ref();
    let fingerprint = e
        .fingerprint
        .as_ref()
        .map(|v| non_empty(at, "accept.fingerprint", v))
        .transpose()?;
    let reference = e
        .reference
        .as_ref()
        .map(|v| non_empty(at, "accept.ref", v))
        .transpose()?;
    let title = e
        .title
        .as_ref()
        .map(|v| {
            let pattern = non_empty(at, "accept.title", v)?;
            regex::RegexBuilder::new(&pattern)
                .case_insensitive(true)
                .size_limit(1 << 20)
                .build()
                .map_err(|err| {
                    let first = err.to_string();
                    let last = first.lines().last().unwrap_or("").trim();
                    let why = last.strip_prefix("error: ").unwrap_or(last).to_string();
                    at.err(
                        v.span(),
                        format!(
                            "`accept.title`: `{pattern}` is not a valid regular expression: {why}"
                        ),
                    )
                })
        })
        .transpose()?;
    if fingerprint.is_none() && reference.is_none() && title.is_none() {
        return Err(at.err(
            entry.span(),
            "an [[accept]] entry names its finding by `fingerprint`, `ref` or `title` (at least one)"
                .to_string(),
        ));
    }
    Ok(Acceptance {
        fingerprint,
        reference,
        title,
        reason: non_empty(at, "accept.reason", &e.reason)?,
        owner: non_empty(at, "accept.owner", &e.owner)?,
        expires: date(at, &e.expires)?,
        origin: format!("{}:{}", at.file, at.line(entry.span().start)),
    })
}

/// What `auditgate init` writes: every key, commented, and itself valid.
pub const STARTER: &str = r#"# auditgate.toml: settings for auditgate, read from the repository root
# (or given with --config FILE). Every key is optional; a mistake in this
# file stops auditgate with the line it is on (exit status 2).

[audit]
# The audit document that `auditgate check`, `diff` and `history` read when
# no --path is given, relative to this file.
# path = "docs/ISSUES.md"
# Or one file per pass (a glob relative to this file); not both.
# series = "audits/*.md"

[gate]
# The policies applied when no --fail-on flag is given (a flag replaces
# this list): critical-growth, new-critical, new-high, regressed, escalated,
# score-growth, silent-drop, truncated, max-score=N.
fail-on = ["critical-growth", "truncated"]

[weights]
# The risk score is the sum of these weights over open findings.
critical = 10
high = 5
medium = 2
low = 1
info = 0

[vocabulary]
# Extra words the reader takes as a severity: one word each (any case),
# mapped to critical, high, medium, low or info.
# severity = { showstopper = "critical", papercut = "low" }
# Extra phrases (one to three words) that mark a finding fixed, not a real
# problem, or still open despite a fixed-sounding word nearby.
# resolved = ["landed"]
# dismissed = ["out of scope"]
# still-open = ["needs follow-up"]
# Extra words that may open any status phrase and are read with it, so that
# `AUDITED FALSE POSITIVE: …` is dismissed and titled without them
# (built in: verified, confirmed). Alone, such a word stays in the title.
# qualifiers = ["audited"]

[sections]
# The severity of findings under a heading whose words start with these
# words, in order, when a finding states none itself (CONCERNS-style
# documents). These come before the built-in rules (Tech Debt: medium,
# Missing Critical Features: high ...); the rule with the most words wins.
# "blocking issues" = "critical"

# Accepted risk: a finding the gate does not count until `expires`. Name it
# by `fingerprint` (its `id` in `auditgate show --format json`), `ref`
# (the document's own number, any case) and/or `title` (a regular
# expression searched in the title, any case); every one given must match.
# `reason`, `owner` and `expires` (the last day it holds) are required. An
# expired entry fails the gate; one that names no open finding is reported
# as stale.
# [[accept]]
# ref = "1.3"
# title = "rate limit"
# reason = "Behind the WAF's rate limit until the auth rewrite lands"
# owner = "alice"
# expires = 2026-06-30
"#;

#[cfg(test)]
mod tests {
    use super::*;

    fn err(text: &str) -> String {
        Config::from_toml(text, "auditgate.toml")
            .unwrap_err()
            .to_string()
    }

    #[test]
    fn the_starter_parses_to_the_defaults() {
        let c = Config::from_toml(STARTER, "auditgate.toml").unwrap();
        assert_eq!(c.weights, Weights::default());
        assert_eq!(c.fail_on, Some(crate::gate::DEFAULT_POLICIES.to_vec()));
        assert_eq!(c.fail_on, Config::default().fail_on);
        assert!(c.accept.is_empty());
    }

    #[test]
    fn unknown_keys_name_the_table_and_line() {
        assert_eq!(
            err("[vocabulary]\nresolved = []\nseverty = {}\n")
                .split(" (expected")
                .next()
                .unwrap(),
            "auditgate.toml:3: unknown key `severty` in [vocabulary]"
        );
        assert!(err("colour = 1\n")
            .starts_with("auditgate.toml:1: unknown key `colour` at the top level"));
    }

    #[test]
    fn values_are_checked() {
        assert_eq!(
            err("[weights]\nhigh = -1\n"),
            "auditgate.toml:2: `weights.high`: -1 is not a weight (a number of 0 or more)"
        );
        assert!(err("[weights]\nhigh = \"ten\"\n")
            .starts_with("auditgate.toml:2: wrong type for `weights.high`"));
        assert!(err("[sections]\n\"known issues\" = \"severe\"\n")
            .contains(":2: `sections.\"known issues\"`: unknown severity `severe`"));
    }

    #[test]
    fn words_sections_and_weights_are_taken() {
        let c = Config::from_toml(
            "[vocabulary]\nseverity = { SHOWSTOPPER = \"critical\" }\nresolved = [\"Landed  In Prod\"]\n[sections]\n\"open questions\" = \"low\"\n[weights]\ncritical = 7.5\n",
            "x",
        )
        .unwrap();
        assert_eq!(
            c.vocabulary.severity_word("Showstopper:"),
            Some((Severity::Critical, Strength::Explicit))
        );
        assert!(c
            .vocabulary
            .resolved
            .contains(&"landed in prod".to_string()));
        assert_eq!(
            c.vocabulary
                .section_rule("## Open Questions")
                .unwrap()
                .severity,
            Some(Severity::Low)
        );
        assert_eq!(c.weights.critical, 7.5);
        assert_eq!(c.weights.high, 5.0);
    }

    #[test]
    fn status_words_keep_their_meaning() {
        // A configured status phrase reads like a built-in one.
        let c = Config::from_toml("[vocabulary]\ndismissed = [\"out of scope\"]\n", "x").unwrap();
        assert!(c.vocabulary.starts_status_phrase("Out"));
    }

    #[test]
    fn a_configured_qualifier_is_read_with_the_status_after_it() {
        let doc = "## High\n\n### 4.1 HIGH: AUDITED FALSE POSITIVE: Token Replay Window\n\n\
                   ### 4.2 HIGH: Audited Logs Kept Forever\n";
        let finding = |vocab: &Vocabulary, i: usize| {
            let a = crate::parse::parse(doc, "x", vocab);
            let f = &a.findings[i];
            (f.title.to_string(), f.status)
        };
        let c = Config::from_toml("[vocabulary]\nqualifiers = [\"Audited\"]\n", "x").unwrap();
        assert_eq!(
            finding(&c.vocabulary, 0),
            ("Token Replay Window".to_string(), Status::Dismissed)
        );
        // Without the setting the status is still seen, but the words
        // before the title are not read as its prefix.
        assert_eq!(
            finding(&Vocabulary::default(), 0),
            (
                "AUDITED FALSE POSITIVE: Token Replay Window".to_string(),
                Status::Dismissed
            )
        );
        // Alone, a qualifier stays a title's word.
        assert_eq!(
            finding(&c.vocabulary, 1),
            ("Audited Logs Kept Forever".to_string(), Status::Open)
        );
    }

    #[test]
    fn a_qualifier_is_one_word() {
        for bad in ["\"\"", "\"double checked\"", "\"audited:\""] {
            let e = err(&format!("[vocabulary]\nqualifiers = [{bad}]\n"));
            assert!(
                e.starts_with("auditgate.toml:2: `vocabulary.qualifiers`:")
                    && e.contains("must be one word"),
                "{bad}: {e}"
            );
        }
    }
}
