//! The words audits use for severity, status and section roles.
//!
//! This is data, not code paths: `Vocabulary::default()` holds the words
//! seen in real audits, and a configuration can add more.

use std::collections::HashMap;

use crate::model::{Severity, Status};
use crate::text::{Grams, WordHasher};

/// How much a severity word can be trusted.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Strength {
    /// Implied by a section's kind (e.g. "Tech Debt").
    Implied,
    /// A word that hints at a severity without naming it (`BUG`, an emoji).
    Weak,
    /// A severity written for this finding.
    Explicit,
}

/// What a section of an audit is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Role {
    /// Findings live here.
    Findings,
    /// Repeats findings (summary tables, overviews): matched, not counted twice.
    Summary,
    /// Plans and recommendations: they restate findings as tasks.
    Plan,
}

#[derive(Clone, Debug)]
pub struct SectionRule {
    /// Lower-case words that must all appear in the heading.
    pub words: Vec<String>,
    pub severity: Option<Severity>,
    pub status: Option<Status>,
    pub role: Option<Role>,
}

#[derive(Clone, Debug)]
pub struct Vocabulary {
    /// Lower-case single tokens naming a severity.
    pub severity: Vec<(String, Severity, Strength)>,
    /// Lower-case phrases that close a finding as fixed.
    pub resolved: Vec<String>,
    /// Lower-case phrases that close a finding as not a real problem.
    pub dismissed: Vec<String>,
    /// Lower-case phrases that keep a finding open even next to a resolved word.
    pub still_open: Vec<String>,
    /// Lower-case words that may open a status phrase without changing it
    /// (`VERIFIED FALSE POSITIVE:`, `Confirmed fixed`): read as part of it.
    /// A configuration adds to them (`[vocabulary] qualifiers`).
    pub status_qualifiers: Vec<String>,
    /// Lower-case phrases that close a finding as not a real problem only
    /// where a status is expected (a status field or column, a bracketed
    /// note at the end of a title): elsewhere "Duplicate" or "not
    /// applicable" describe the problem itself ("Duplicate Mock Constants").
    pub dismissed_status: Vec<String>,
    /// Levels of scanners and compilers (`ERROR`, `WARNING`), read as a
    /// severity only where a column or field holds nothing else: in a
    /// title "error" is no rating.
    pub levels: Vec<(String, Severity)>,
    /// Field names whose value states the severity (`**Risk Rating:** High`).
    pub severity_fields: Vec<String>,
    /// Field names read for a severity only when no `severity_fields` one
    /// is present, and only from the value's first word: "**Impact:** High"
    /// rates the finding, "**Impact:** an attacker with low privileges …"
    /// does not.
    pub weak_severity_fields: Vec<String>,
    /// Section headings and what they imply, first match wins.
    pub sections: Vec<SectionRule>,
    /// Severity assumed when nothing states one.
    pub default_severity: Severity,
    /// Title words that move a section-implied severity one step up or down
    /// ("Auth Bypass" under "Security" is worse than the section default,
    /// "Batch Processing Inefficient" under "Performance" milder).
    pub implied_up: Vec<String>,
    pub implied_down: Vec<String>,
}

fn rule(
    words: &str,
    severity: Option<Severity>,
    status: Option<Status>,
    role: Option<Role>,
) -> SectionRule {
    SectionRule {
        words: words.split_whitespace().map(str::to_string).collect(),
        severity,
        status,
        role,
    }
}

impl Default for Vocabulary {
    fn default() -> Self {
        use Severity::*;
        use Strength::*;
        let sev = |w: &str, s: Severity, st: Strength| (w.to_string(), s, st);
        let severity = vec![
            sev("critical", Critical, Explicit),
            sev("crit", Critical, Explicit),
            sev("blocker", Critical, Explicit),
            sev("p0", Critical, Explicit),
            sev("sev0", Critical, Explicit),
            sev("sev1", Critical, Explicit),
            sev("s1", Critical, Explicit),
            sev("urgent", Critical, Explicit),
            // Jira's priorities: Highest, High, Medium, Low, Lowest.
            sev("highest", Critical, Explicit),
            sev("🔴", Critical, Weak),
            sev("🚨", Critical, Weak),
            sev("high", High, Explicit),
            sev("major", High, Explicit),
            sev("important", High, Explicit),
            sev("severe", High, Explicit),
            // axe's impact scale: critical, serious, moderate, minor.
            sev("serious", High, Explicit),
            sev("p1", High, Explicit),
            sev("sev2", High, Explicit),
            sev("s2", High, Explicit),
            sev("🟠", High, Weak),
            sev("bug", High, Weak),
            sev("medium", Medium, Explicit),
            sev("med", Medium, Explicit),
            sev("moderate", Medium, Explicit),
            sev("p2", Medium, Explicit),
            sev("sev3", Medium, Explicit),
            sev("s3", Medium, Explicit),
            sev("🟡", Medium, Weak),
            sev("low", Low, Explicit),
            sev("minor", Low, Explicit),
            sev("trivial", Low, Explicit),
            sev("nit", Low, Explicit),
            sev("p3", Low, Explicit),
            sev("sev4", Low, Explicit),
            sev("s4", Low, Explicit),
            sev("🟢", Low, Weak),
            sev("🔵", Low, Weak),
            sev("info", Info, Explicit),
            sev("informational", Info, Explicit),
            sev("p4", Info, Explicit),
            sev("lowest", Info, Explicit),
            // Contest reports' "Gas Optimization" findings.
            sev("gas", Info, Explicit),
            sev("note", Info, Weak),
            sev("ℹ️", Info, Weak),
            sev("ℹ", Info, Weak),
        ];
        let words = |s: &[&str]| s.iter().map(|w| w.to_string()).collect::<Vec<_>>();
        let resolved = words(&[
            "fixed",
            "resolved",
            "done",
            "completed",
            "complete",
            "implemented",
            "closed",
            "addressed",
            "verified fixed",
            "mitigated",
            "shipped",
            "merged",
            "remediated",
            "patched",
            // Halborn's status; a fix the auditors checked.
            "solved",
            "fix verified",
            // In other languages (see `severity_fields`).
            "behoben",
            "erledigt",
            "gelöst",
            "corrigé",
            "corrigée",
            "résolu",
            "résolue",
            "corregido",
            "corregida",
            "resuelto",
            "resuelta",
            "solucionado",
            "corrigido",
            "resolvido",
            "risolto",
            "已修复",
            "已解决",
            "已完成",
            "修正済み",
            "解決済み",
        ]);
        let dismissed = words(&[
            "false positive",
            "false-positive",
            "won't fix",
            "won’t fix",
            "wont fix",
            "wontfix",
            "will not fix",
            "accepted risk",
            "risk accepted",
            "accepted as risk",
            "accepted as a risk",
            "design variance",
            "not a bug",
            "not an issue",
            "working as intended",
            "by design",
            "dismissed",
            // Jira's resolution.
            "won't do",
            "wont do",
            "falsch positiv",
            "wird nicht behoben",
            "risiko akzeptiert",
            "faux positif",
            "ne sera pas corrigé",
            "risque accepté",
            "falso positivo",
            "no se corregirá",
            "riesgo aceptado",
            "não será corrigido",
            "risco aceito",
            "non verrà corretto",
            "rischio accettato",
            "误报",
            "不修复",
            "不予修复",
            "暂不修复",
            "接受风险",
            "誤検知",
        ]);
        let still_open = words(&[
            // A denial in another language holds a closing word of it.
            "nicht behoben",
            "non corrigé",
            "no corregido",
            "não corrigido",
            "non risolto",
            "未修复",
            "未解决",
            "not fixed",
            "not yet fixed",
            "not implemented",
            "not resolved",
            "not complete",
            "not completed",
            "not done",
            "unresolved",
            "unfixed",
            "partially fixed",
            "partially solved",
            "not solved",
            "partially implemented",
            "partially resolved",
            "partially corrected",
            "partially addressed",
            "partial fix",
            "in progress",
            "reopened",
            "re-opened",
            "regressed",
            "still open",
            "incomplete",
            "to be fixed",
            "yet to be fixed",
            "fix pending",
            "pending fix",
        ]);
        let dismissed_status = words(&[
            "duplicate",
            "duplicated",
            "dup",
            "not applicable",
            "n/a",
            // GitHub closes an issue "as not planned".
            "not planned",
        ]);
        let severity_fields = words(&[
            "severity",
            "priority",
            "severity level",
            "severity rating",
            "risk rating",
            "risk level",
            "risk severity",
            "criticality",
            // In other languages: German, French, Spanish, Portuguese,
            // Italian, Chinese, Japanese.
            "schweregrad",
            "schwere",
            "kritikalität",
            "priorität",
            "gravité",
            "sévérité",
            "criticité",
            "priorité",
            "severidad",
            "gravedad",
            "prioridad",
            "severidade",
            "gravidade",
            "prioridade",
            "gravità",
            "severità",
            "priorità",
            "严重程度",
            "严重性",
            "严重等级",
            "风险等级",
            "等级",
            "优先级",
            "重大度",
            "深刻度",
            "重要度",
        ]);
        let weak_severity_fields = words(&[
            "risk",
            "impact",
            "risiko",
            "auswirkung",
            "risque",
            "riesgo",
            "impacto",
            "risco",
            "rischio",
            "impatto",
            "风险",
            "影响",
            "影響",
        ]);
        let level = |w: &str, s: Severity| (w.to_string(), s);
        let levels = vec![
            level("error", High),
            level("warning", Medium),
            level("warn", Medium),
            // Ratings in other languages, read only where a field or a
            // column holds nothing else: in an English title `media`,
            // `alta` or `critique` are words.
            level("kritisch", Critical),
            level("hoch", High),
            level("mittel", Medium),
            level("niedrig", Low),
            level("gering", Low),
            level("critique", Critical),
            level("élevée", High),
            level("élevé", High),
            level("haute", High),
            level("moyenne", Medium),
            level("moyen", Medium),
            level("faible", Low),
            level("basse", Low),
            level("crítica", Critical),
            level("crítico", Critical),
            level("critica", Critical),
            level("critico", Critical),
            level("alta", High),
            level("alto", High),
            level("media", Medium),
            level("medio", Medium),
            level("média", Medium),
            level("médio", Medium),
            level("baja", Low),
            level("bajo", Low),
            level("baixa", Low),
            level("baixo", Low),
            level("bassa", Low),
            level("basso", Low),
            level("严重", Critical),
            level("致命", Critical),
            level("高", High),
            level("高危", High),
            level("中", Medium),
            level("中危", Medium),
            level("低", Low),
            level("低危", Low),
            level("提示", Info),
            level("緊急", Critical),
            level("重大", Critical),
        ];
        let sections = vec![
            // Status-bearing sections.
            rule(
                "false positive",
                None,
                Some(Status::Dismissed),
                Some(Role::Summary),
            ),
            rule(
                "false positives",
                None,
                Some(Status::Dismissed),
                Some(Role::Summary),
            ),
            // `## Accepted Risks`: the status phrase, in the plural.
            rule(
                "accepted risk",
                None,
                Some(Status::Dismissed),
                Some(Role::Findings),
            ),
            rule(
                "recently completed",
                None,
                Some(Status::Resolved),
                Some(Role::Findings),
            ),
            rule(
                "previously resolved",
                None,
                Some(Status::Resolved),
                Some(Role::Findings),
            ),
            rule(
                "resolved issues",
                None,
                Some(Status::Resolved),
                Some(Role::Findings),
            ),
            rule(
                "fixed issues",
                None,
                Some(Status::Resolved),
                Some(Role::Findings),
            ),
            rule(
                "completed",
                None,
                Some(Status::Resolved),
                Some(Role::Findings),
            ),
            rule(
                "fixes applied",
                None,
                Some(Status::Resolved),
                Some(Role::Summary),
            ),
            // Plans restate findings as tasks.
            rule("recommend", None, None, Some(Role::Plan)),
            rule("recommendations", None, None, Some(Role::Plan)),
            rule("action plan", None, None, Some(Role::Plan)),
            rule("action items", None, None, Some(Role::Plan)),
            rule("next steps", None, None, Some(Role::Plan)),
            rule("roadmap", None, None, Some(Role::Plan)),
            rule("breakdown", None, None, Some(Role::Plan)),
            rule("strategy", None, None, Some(Role::Plan)),
            rule("remediation plan", None, None, Some(Role::Plan)),
            rule("quick wins", None, None, Some(Role::Plan)),
            rule("not worth doing", None, None, Some(Role::Plan)),
            rule("methodology", None, None, Some(Role::Plan)),
            rule("legend", None, None, Some(Role::Plan)),
            rule("checklist", None, None, Some(Role::Plan)),
            rule("tracking", None, None, Some(Role::Plan)),
            rule("severity levels", None, None, Some(Role::Plan)),
            rule("priority levels", None, None, Some(Role::Plan)),
            // A legend of the ratings, before "vulnerabilit" claims
            // `Vulnerability Rating Scale` for findings.
            rule("rating scale", None, None, Some(Role::Plan)),
            rule("severity definition", None, None, Some(Role::Plan)),
            rule("severity classification", None, None, Some(Role::Plan)),
            rule("severity criteria", None, None, Some(Role::Plan)),
            rule("risk classification", None, None, Some(Role::Plan)),
            rule("rating definition", None, None, Some(Role::Plan)),
            rule("scope", None, None, Some(Role::Plan)),
            rule("conclusion", None, None, Some(Role::Plan)),
            // Summaries repeat findings.
            rule("summary", None, None, Some(Role::Summary)),
            rule("overview", None, None, Some(Role::Summary)),
            rule("at a glance", None, None, Some(Role::Summary)),
            // An assistant's digest over its detailed findings, in other
            // words (`## Key Findings`, `## Top Issues`, `## TLDR`). The
            // words are adjacent, but for a count (`## Top 5 Issues`):
            // `## Key Management Findings` holds findings.
            rule("key-findings", None, None, Some(Role::Summary)),
            rule("top-issues", None, None, Some(Role::Summary)),
            rule("top-findings", None, None, Some(Role::Summary)),
            rule("top-risks", None, None, Some(Role::Summary)),
            rule("tldr", None, None, Some(Role::Summary)),
            rule("priority-fixes", None, None, Some(Role::Plan)),
            // Praise lists what is right: their bullets are no findings.
            rule("doing-well", None, None, Some(Role::Plan)),
            rule("done-right", None, None, Some(Role::Plan)),
            rule("positive-aspects", None, None, Some(Role::Plan)),
            rule("what-works", None, None, Some(Role::Plan)),
            rule("practices-followed", None, None, Some(Role::Plan)),
            rule("already-good", None, None, Some(Role::Plan)),
            rule("verified-secure", None, None, Some(Role::Plan)),
            rule("no-issues-found", None, None, Some(Role::Plan)),
            rule("done well", None, None, Some(Role::Plan)),
            rule("strengths", None, None, Some(Role::Plan)),
            rule("good practices", None, None, Some(Role::Plan)),
            rule("praise", None, None, Some(Role::Plan)),
            rule("look good", None, None, Some(Role::Plan)),
            rule("positive observation", None, None, Some(Role::Plan)),
            rule("positive finding", None, None, Some(Role::Plan)),
            rule("positives", None, None, Some(Role::Plan)),
            rule("what's good", None, None, Some(Role::Plan)),
            rule("what is good", None, None, Some(Role::Plan)),
            rule("what works", None, None, Some(Role::Plan)),
            rule("working well", None, None, Some(Role::Plan)),
            rule("went well", None, None, Some(Role::Plan)),
            // What was checked and found sound: no finding either.
            rule("checked fine", None, None, Some(Role::Plan)),
            rule("checked ok", None, None, Some(Role::Plan)),
            rule("false alarms", None, None, Some(Role::Plan)),
            rule("verified safe", None, None, Some(Role::Plan)),
            rule("passed criteria", None, None, Some(Role::Plan)),
            rule("passed checks", None, None, Some(Role::Plan)),
            rule("what passed", None, None, Some(Role::Plan)),
            rule("non-issue", None, None, Some(Role::Plan)),
            rule("not-an-issue", None, None, Some(Role::Plan)),
            rule("not-issues", None, None, Some(Role::Plan)),
            // CONCERNS-style categories: severity only implied.
            rule(
                "missing critical features",
                Some(High),
                None,
                Some(Role::Findings),
            ),
            rule("security", Some(Medium), None, Some(Role::Findings)),
            rule("known bugs", Some(Medium), None, Some(Role::Findings)),
            rule("tech debt", Some(Medium), None, Some(Role::Findings)),
            rule("technical debt", Some(Medium), None, Some(Role::Findings)),
            rule("performance", Some(Medium), None, Some(Role::Findings)),
            rule("fragile", Some(Medium), None, Some(Role::Findings)),
            rule("scaling", Some(Medium), None, Some(Role::Findings)),
            rule("dependencies", Some(Medium), None, Some(Role::Findings)),
            rule("test coverage", Some(Medium), None, Some(Role::Findings)),
            rule("concerns", Some(Medium), None, Some(Role::Findings)),
            // Review triage: "Must fix / Should fix / Nice to have".
            rule("must fix", Some(High), None, Some(Role::Findings)),
            rule("should fix", Some(Medium), None, Some(Role::Findings)),
            rule("fix before", Some(High), None, Some(Role::Findings)),
            rule("non blocking", Some(Low), None, Some(Role::Findings)),
            rule("not blocking", Some(Low), None, Some(Role::Findings)),
            rule("blocking", Some(High), None, Some(Role::Findings)),
            rule("nice to have", Some(Low), None, Some(Role::Findings)),
            rule("suggestions", Some(Low), None, Some(Role::Findings)),
            // An appendix or a glossary holds no findings, unless its
            // heading says it does ("Appendix A: Detailed Findings", which
            // these rules without a role catch first).
            rule("finding", None, None, None),
            rule("issue", None, None, None),
            rule("vulnerabilit", None, None, None),
            // A project's risks (likelihood, impact, mitigation) are not
            // findings about the code.
            rule("risk register", None, None, Some(Role::Plan)),
            rule("appendix", None, None, Some(Role::Plan)),
            rule("glossary", None, None, Some(Role::Plan)),
        ];
        Vocabulary {
            severity,
            resolved,
            dismissed,
            still_open,
            status_qualifiers: words(&["verified", "confirmed"]),
            dismissed_status,
            levels,
            severity_fields,
            weak_severity_fields,
            sections,
            default_severity: Severity::Medium,
            implied_up: words(&[
                "bypass",
                "unauthenticated",
                "privilege escalation",
                "remote code execution",
                "rce",
                "data loss",
                "credential leak",
            ]),
            implied_down: words(&[
                "inefficient",
                "re-render",
                "re-renders",
                "optional",
                "cosmetic",
                "typo",
                "nice-to-have",
            ]),
        }
    }
}

impl Vocabulary {
    /// The severity a single token names (`CRITICAL`, `p1`, `🔴`).
    pub fn severity_word(&self, token: &str) -> Option<(Severity, Strength)> {
        let t = token.trim_matches(|c: char| c == '\u{fe0f}' || c.is_ascii_punctuation());
        if t.is_empty() || t.len() > 13 {
            return None;
        }
        // Called for most tokens of every title: compare without lower-casing
        // into a new String where the token is ASCII (as nearly all are).
        let found = if t.is_ascii() {
            self.severity.iter().find(|(w, _, _)| is_lower_of(w, t))
        } else {
            let t = t.to_lowercase();
            self.severity.iter().find(|(w, _, _)| *w == t)
        };
        found.map(|(_, s, st)| (*s, *st))
    }

    /// Whether `word` is the first word of any status phrase (case-insensitive).
    pub fn starts_status_phrase(&self, word: &str) -> bool {
        // A first word never holds a space.
        if word.bytes().any(|b| b == b' ') {
            return false;
        }
        let lower = (!word.is_ascii()).then(|| word.to_lowercase());
        // `word` is the first word of `p` exactly when
        // it is a prefix that a space or the end follows.
        let first_is = |p: &str, w: &str, fold: bool| {
            let (p, w) = (p.as_bytes(), w.as_bytes());
            p.len() >= w.len()
                && p.get(w.len()).is_none_or(|&b| b == b' ')
                && if fold {
                    p[..w.len()].eq_ignore_ascii_case(w)
                } else {
                    p[..w.len()] == *w
                }
        };
        let starts = |p: &String| {
            first_is(p, word, true) || lower.as_deref().is_some_and(|l| first_is(p, l, false))
        };
        self.resolved
            .iter()
            .chain(&self.dismissed)
            .chain(&self.still_open)
            .any(starts)
    }

    /// Whether a status value (a status field's or column's text, or a
    /// bracketed note) opens with a phrase that dismisses only there:
    /// `Duplicate of #1`, `N/A — dev builds only`.
    pub fn dismisses_as_status(&self, value: &str) -> bool {
        let v = value
            .trim_start_matches(|c: char| !c.is_alphanumeric())
            .to_lowercase();
        self.dismissed_status.iter().any(|p| {
            v.strip_prefix(p.as_str())
                .is_some_and(|rest| !rest.starts_with(char::is_alphanumeric))
        })
    }

    /// The severity of a cell that holds only a scanner's level (`ERROR`).
    pub fn level_word(&self, cell: &str) -> Option<Severity> {
        let c = cell.trim_matches(|c: char| !c.is_alphanumeric());
        let lower = (!c.is_ascii()).then(|| c.to_lowercase());
        let c = lower.as_deref().unwrap_or(c);
        self.levels
            .iter()
            .find(|(w, _)| w.eq_ignore_ascii_case(c))
            .map(|(_, s)| *s)
    }

    /// Whether a field key (`Risk Rating`, lower case) names the severity;
    /// `Some(false)` for a key read only when no other states it.
    pub fn severity_field(&self, key: &str) -> Option<bool> {
        let is = |list: &[String]| list.iter().any(|n| n.eq_ignore_ascii_case(key));
        if is(&self.severity_fields) {
            Some(true)
        } else if is(&self.weak_severity_fields) {
            Some(false)
        } else {
            None
        }
    }

    /// A section-implied severity adjusted by the title's own words.
    pub fn adjust_implied(&self, sev: Severity, title: &str) -> Severity {
        let lower = title.to_lowercase();
        let has = |list: &[String]| {
            list.iter().any(|w| {
                lower
                    .match_indices(w.as_str())
                    .any(|(i, _)| word_bounded(&lower, i, i + w.len()))
            })
        };
        let i = Severity::ALL.iter().position(|s| *s == sev).unwrap_or(2);
        if has(&self.implied_up) && i > 0 {
            Severity::ALL[i - 1]
        } else if has(&self.implied_down) && i + 1 < Severity::ALL.len() {
            Severity::ALL[i + 1]
        } else {
            sev
        }
    }

    /// What a section heading implies, if anything.
    pub fn section_rule(&self, heading: &str) -> Option<&SectionRule> {
        let lower = heading.to_lowercase();
        let words: Vec<&str> = lower
            .split(|c: char| !c.is_alphanumeric() && c != '\'')
            .filter(|w| !w.is_empty())
            .collect();
        // A rule word can only start a heading word that starts with the
        // same byte: most rules fail on that alone, before any string test.
        let mut firsts = [false; 256];
        for w in &words {
            firsts[usize::from(w.as_bytes()[0])] = true;
        }
        let possible = |r: &SectionRule| {
            r.words.iter().all(|rw| {
                rw.as_bytes()
                    .first()
                    .is_none_or(|&b| firsts[usize::from(b)])
            })
        };
        self.sections.iter().filter(|r| possible(r)).find(|r| {
            words_in_order(words.iter().map(|w| w.as_bytes()), &r.words, |w, rw| {
                w.starts_with(rw)
            })
        })
    }
}

/// A vocabulary made ready for reading one document. The reader asks about
/// nearly every token of every title; here each question is a hash lookup,
/// or a substring search behind a `Grams` test, where `Vocabulary` scans
/// its lists. The answers are `Vocabulary`'s.
pub struct Lexicon<'a> {
    vocab: &'a Vocabulary,
    /// Severity words; the first entry of a word wins, as in `severity_word`.
    severity: HashMap<&'a str, (Severity, Strength), WordHasher>,
    /// The severity words an ASCII token can name: those in lower case.
    ascii_severity: ByFirst<'a, (Severity, Strength)>,
    /// The first words of status phrases.
    status_first: ByFirst<'a, ()>,
    /// A bit for each byte length of a status qualifier (63 for any
    /// longer). Lower-casing keeps the length of an ASCII word; were a
    /// qualifier beyond ASCII, every bit is set. (A word beyond ASCII
    /// lower-cases to ASCII only by the Kelvin sign.)
    qualifier_lengths: u64,
    /// Status phrases; a phrase in two lists reads as the first of
    /// still-open, dismissed, resolved (the order `title` tries them in).
    phrases: HashMap<&'a str, Status, WordHasher>,
    pub dismissed: Phrases<'a>,
    pub resolved: Phrases<'a>,
    pub still_open: Phrases<'a>,
    /// Still-open phrases that do not start with "not ".
    pub reopening: Phrases<'a>,
    sections: SectionIndex<'a>,
}

/// The words of the section rules, for telling in one pass over a
/// heading's words which rules may match it.
struct SectionIndex<'a> {
    /// For each first byte, the distinct rule words starting with it, each
    /// with its bit.
    by_first: Vec<Vec<(&'a [u8], u128)>>,
    /// The rules that can match an ASCII heading, in order, each with the
    /// bits of its words.
    rules: Vec<(u128, &'a SectionRule)>,
    /// More than 128 distinct rule words (the built-in rules hold about
    /// 70): headings are read by `Vocabulary::section_rule`.
    too_many: bool,
}

/// Whether every word of a rule starts a word of a heading, in order; the
/// parts of a rule word joined by `-` start words that follow one another
/// (`non-issue` is `Non-issues I checked`, not `Non-Critical Issues`).
fn words_in_order<'w>(
    mut words: impl Iterator<Item = &'w [u8]> + Clone,
    rule: &[String],
    starts: impl Fn(&[u8], &[u8]) -> bool,
) -> bool {
    'rule: for rw in rule {
        let mut parts = rw.split('-');
        let first = parts.next().unwrap_or_default().as_bytes();
        while let Some(w) = words.next() {
            if !starts(w, first) {
                continue;
            }
            let mut next = words.clone();
            // A count between adjacent words is no word of its own: `Top 5 Issues`.
            let mut next_word = || next.find(|w| !w.iter().all(u8::is_ascii_digit));
            if parts
                .clone()
                .all(|p| next_word().is_some_and(|w| starts(w, p.as_bytes())))
            {
                words = next;
                continue 'rule;
            }
        }
        return false;
    }
    true
}

/// The words of an ASCII text as `section_rule` reads them: runs of
/// letters, digits and `'`.
fn ascii_words(text: &[u8]) -> impl Iterator<Item = &[u8]> + Clone {
    text.split(|&c| !WORD_BYTE[usize::from(c)])
        .filter(|w| !w.is_empty())
}

/// Whether `word` is the label a rating is written after, in a line's
/// text (`… **Severity: High**`, `… Priority: P1`, `Risk: low`).
pub fn is_rating_label(word: &str) -> bool {
    ["severity", "priority", "risk", "sev"]
        .iter()
        .any(|k| word.eq_ignore_ascii_case(k))
}

/// ASCII letters, digits and `'`: the bytes of `ascii_words`.
const WORD_BYTE: [bool; 256] = {
    let mut t = [false; 256];
    let mut c = 0;
    while c < 256 {
        let b = c as u8;
        t[c] = b.is_ascii_alphanumeric() || b == b'\'';
        c += 1;
    }
    t
};

/// Words to find ignoring ASCII case. Titles ask about most of their
/// words: comparing a word with the few of the same first letter costs
/// less than hashing a lower-cased copy of it.
struct ByFirst<'a, V> {
    /// By lower-case first byte, in the order given.
    buckets: Vec<Vec<(&'a [u8], V)>>,
    /// The value of the first empty word, which has no first byte.
    empty: Option<V>,
}

impl<'a, V: Copy> ByFirst<'a, V> {
    fn new(words: impl IntoIterator<Item = (&'a str, V)>) -> Self {
        let mut buckets = vec![Vec::new(); 256];
        let mut empty = None;
        for (w, v) in words {
            match w.as_bytes().first() {
                Some(&first) => {
                    buckets[usize::from(first.to_ascii_lowercase())].push((w.as_bytes(), v))
                }
                None => {
                    empty.get_or_insert(v);
                }
            }
        }
        ByFirst { buckets, empty }
    }

    /// The value of the first word equal to `word`, ASCII case aside.
    fn get(&self, word: &[u8]) -> Option<V> {
        let Some(first) = word.first() else {
            return self.empty;
        };
        let first = first.to_ascii_lowercase();
        self.buckets[usize::from(first)]
            .iter()
            .find(|(w, _)| w.eq_ignore_ascii_case(word))
            .map(|(_, v)| *v)
    }
}

/// A list of lower-case phrases, to find in lower-cased texts.
pub struct Phrases<'a>(Vec<(&'a str, Grams)>);

impl<'a> Phrases<'a> {
    fn new(list: impl IntoIterator<Item = &'a String>) -> Self {
        Phrases(
            list.into_iter()
                .map(|p| (p.as_str(), Grams::of(p.as_bytes())))
                .collect(),
        )
    }

    /// Whether `text` (whose `Grams` are `grams`) contains any of the phrases.
    pub fn any_in(&self, text: &str, grams: &Grams) -> bool {
        self.0
            .iter()
            .any(|(p, g)| g.within(grams) && text.contains(p))
    }
}

impl std::ops::Deref for Lexicon<'_> {
    type Target = Vocabulary;
    fn deref(&self) -> &Vocabulary {
        self.vocab
    }
}

impl<'a> Lexicon<'a> {
    pub fn new(vocab: &'a Vocabulary) -> Self {
        let mut severity = HashMap::with_capacity_and_hasher(vocab.severity.len(), WordHasher);
        for (w, s, st) in &vocab.severity {
            severity.entry(w.as_str()).or_insert((*s, *st));
        }
        let all = || {
            vocab
                .resolved
                .iter()
                .chain(&vocab.dismissed)
                .chain(&vocab.still_open)
        };
        // An ASCII token lower-cased equals a word exactly when the word is
        // in lower case and equal to the token, ASCII case aside.
        let ascii_severity = ByFirst::new(
            vocab
                .severity
                .iter()
                .filter(|(w, _, _)| !w.bytes().any(|b| b.is_ascii_uppercase()))
                .map(|(w, s, st)| (w.as_str(), (*s, *st))),
        );
        let status_first = ByFirst::new(all().map(|p| (p.split(' ').next().unwrap_or(""), ())));
        let mut phrases = HashMap::with_hasher(WordHasher);
        for (list, status) in [
            (&vocab.still_open, Status::Open),
            (&vocab.dismissed, Status::Dismissed),
            (&vocab.resolved, Status::Resolved),
        ] {
            for p in list {
                phrases.entry(p.as_str()).or_insert(status);
            }
        }
        Lexicon {
            vocab,
            severity,
            ascii_severity,
            status_first,
            qualifier_lengths: vocab.status_qualifiers.iter().fold(0, |bits, q| {
                bits | if q.is_ascii() {
                    length_bit(q)
                } else {
                    u64::MAX
                }
            }),
            phrases,
            dismissed: Phrases::new(&vocab.dismissed),
            resolved: Phrases::new(&vocab.resolved),
            still_open: Phrases::new(&vocab.still_open),
            reopening: Phrases::new(vocab.still_open.iter().filter(|p| !p.starts_with("not "))),
            sections: SectionIndex::new(&vocab.sections),
        }
    }

    /// See `Vocabulary::section_rule`, which lower-cases the heading and
    /// tries every rule; here one pass over the heading's words marks the
    /// rule words that start one of them, and only rules with all their
    /// words marked are tried.
    pub fn section_rule(&self, heading: &str) -> Option<&'a SectionRule> {
        // Where every letter and digit is ASCII, lower-casing changes no
        // word boundary, and words can be compared byte by byte, ignoring
        // ASCII case, without a lower-cased copy.
        let ix = &self.sections;
        if ix.too_many
            || !heading.is_ascii()
                && !heading
                    .chars()
                    .all(|c| c.is_ascii() || !c.is_alphanumeric())
        {
            return self.vocab.section_rule(heading);
        }
        let words = || ascii_words(heading.as_bytes());
        let starts =
            |w: &[u8], rw: &[u8]| w.len() >= rw.len() && w[..rw.len()].eq_ignore_ascii_case(rw);
        // The rule words that start some word of the heading.
        let mut present = 0u128;
        for w in words() {
            for &(rw, bit) in &ix.by_first[usize::from(w[0].to_ascii_lowercase())] {
                if starts(w, rw) {
                    present |= bit;
                }
            }
        }
        ix.rules
            .iter()
            .filter(|(need, _)| need & !present == 0)
            .map(|(_, r)| *r)
            .find(|r| words_in_order(words(), &r.words, starts))
    }

    pub fn vocab(&self) -> &'a Vocabulary {
        self.vocab
    }

    /// See `Vocabulary::severity_word`.
    pub fn severity_word(&self, token: &str) -> Option<(Severity, Strength)> {
        let t = trim_marks(token);
        if t.is_empty() || t.len() > 13 {
            return None;
        }
        if t.is_ascii() {
            self.ascii_severity.get(t.as_bytes())
        } else {
            self.severity.get(t.to_lowercase().as_str()).copied()
        }
    }

    /// The severity a severity field or cell states. Reviewers re-rate a
    /// finding in place: `High → Critical`, `~~Critical~~ Low`,
    /// `High (downgraded to Medium)`. The rating in force is the last one
    /// that a change leads to; a struck word (`struck(start, end)` over
    /// `value`'s bytes) is no rating, and `Medium (was High)` is medium.
    pub fn stated_severity(
        &self,
        value: &str,
        struck: impl Fn(usize, usize) -> bool,
    ) -> Option<Severity> {
        const CHANGED: &[&str] = &[
            "upgraded",
            "downgraded",
            "escalated",
            "raised",
            "lowered",
            "reduced",
            "increased",
            "revised",
            "changed",
            "adjusted",
            "reclassified",
            "re-rated",
            "rerated",
            "now",
        ];
        let is_arrow = |c: char| matches!(c, '→' | '⇒' | '⟶' | '➡' | '➔' | '⮕');
        let mut found = None;
        // Whether the words read since the last severity lead to a new one.
        let mut changing = false;
        let mut words = 0;
        for (start, token) in tokens_with_arrows(value, is_arrow) {
            let end = start + token.len();
            let arrow = token.contains('>') && token.chars().all(|c| matches!(c, '-' | '=' | '>'))
                || token.chars().all(|c| is_arrow(c) || c == '\u{fe0f}');
            if arrow {
                changing = found.is_some();
                continue;
            }
            let word = trim_marks(token);
            if word.is_empty() {
                continue; // a dash or a bracket alone
            }
            if found.is_some() && CHANGED.iter().any(|c| word.eq_ignore_ascii_case(c)) {
                changing = true;
                continue;
            }
            if changing && word.eq_ignore_ascii_case("to") {
                continue;
            }
            // "Medium (upgraded from Low)": the rating changed from is past.
            if changing && word.eq_ignore_ascii_case("from") {
                break;
            }
            words += 1;
            if found.is_none() && words > 4 {
                break;
            }
            // `Medium-High`, `High/Critical`: a rating between two is read
            // as the graver, as a gate should.
            let between = || {
                let (a, b) = word.split_once(['-', '/'])?;
                let (x, _) = self.severity_word(a)?;
                let (y, _) = self.severity_word(b)?;
                Some((x.min(y), Strength::Explicit))
            };
            if let Some((s, _)) = self.severity_word(token).or_else(between) {
                if struck(start, end) {
                    continue;
                }
                if found.is_none() || changing {
                    found = Some(s);
                    changing = false;
                    continue;
                }
            }
            // The new rating comes right after the arrow or the verb: "High
            // → TBD after retest, low confidence" is still high.
            if found.is_some() {
                break;
            }
        }
        found.or_else(|| self.level_word(value))
    }

    /// See `Vocabulary::starts_status_phrase`.
    pub fn starts_status_phrase(&self, word: &str) -> bool {
        if !word.is_ascii() {
            return self.vocab.starts_status_phrase(word);
        }
        // An ASCII word is a phrase's first word, ASCII case aside, exactly
        // when it is the part of the phrase before its first space.
        self.status_first.get(word.as_bytes()).is_some()
    }

    /// The status a whole lower-case phrase names.
    pub fn phrase_status(&self, phrase: &str) -> Option<Status> {
        self.phrases.get(phrase).copied()
    }

    /// Whether `word` is a status qualifier (see `Vocabulary::status_qualifiers`).
    #[inline]
    pub fn is_status_qualifier(&self, word: &str) -> bool {
        // Asked of most tokens of a title, and most are told from every
        // qualifier by their length alone (see `qualifier_lengths`).
        self.qualifier_lengths & length_bit(word) != 0
            && if word.is_ascii() {
                let mut qs = self.vocab.status_qualifiers.iter();
                qs.any(|q| is_lower_of(q, word))
            } else {
                let lower = word.to_lowercase();
                self.vocab.status_qualifiers.contains(&lower)
            }
    }
}

impl<'a> SectionIndex<'a> {
    fn new(rules: &'a [SectionRule]) -> SectionIndex<'a> {
        let mut ix = SectionIndex {
            by_first: vec![Vec::new(); 256],
            rules: Vec::with_capacity(rules.len()),
            too_many: false,
        };
        let mut bits: HashMap<&str, u128, WordHasher> = HashMap::with_hasher(WordHasher);
        'rules: for r in rules {
            let mut need = 0;
            for w in r.words.iter().filter(|w| !w.is_empty()) {
                // An empty word starts every word; a word with an upper-case
                // letter starts no lower-cased one, and a word beyond ASCII no
                // ASCII one: such a rule never matches an ASCII heading.
                if !w.is_ascii() || w.bytes().any(|b| b.is_ascii_uppercase()) {
                    continue 'rules;
                }
                // A joined word (`non-issue`) is looked for by its first part.
                let w = w.split('-').next().unwrap_or_default();
                if w.is_empty() {
                    continue;
                }
                let n = bits.len();
                need |= *bits.entry(w).or_insert_with(|| {
                    let bit = 1u128.checked_shl(n as u32).unwrap_or(0);
                    ix.by_first[usize::from(w.as_bytes()[0])].push((w.as_bytes(), bit));
                    bit
                });
            }
            ix.rules.push((need, r));
        }
        ix.too_many = bits.len() > 128;
        ix
    }
}

/// The words of `text` with their byte offsets, an arrow (`is_arrow`,
/// `->`, `=>`) a word of its own even where no space sets it apart
/// (`High→Critical`).
fn tokens_with_arrows(
    text: &str,
    is_arrow: impl Fn(char) -> bool,
) -> impl Iterator<Item = (usize, &str)> {
    let base = text.as_ptr() as usize;
    text.split_whitespace().flat_map(move |word| {
        let at = word.as_ptr() as usize - base;
        let mut out = Vec::new();
        let mut from = 0;
        let mut chars = word.char_indices().peekable();
        while let Some((i, c)) = chars.next() {
            let ascii = (c == '-' || c == '=') && chars.peek().is_some_and(|&(_, n)| n == '>');
            let width = if ascii {
                chars.next(); // the '>'
                2
            } else if is_arrow(c) {
                c.len_utf8()
            } else {
                continue;
            };
            if i > from {
                out.push((at + from, &word[from..i]));
            }
            out.push((at + i, &word[i..i + width]));
            from = i + width;
        }
        if from < word.len() {
            out.push((at + from, &word[from..]));
        }
        out
    })
}

/// The CVSS v3 qualitative rating bands, by the lowest score of each.
const CVSS_BANDS: &[(f32, Severity)] = &[
    (9.0, Severity::Critical),
    (7.0, Severity::High),
    (4.0, Severity::Medium),
    (0.1, Severity::Low),
    (0.0, Severity::Info),
];

/// The rating of a CVSS score written in `text` (`CVSS 9.8`, `CVSS v3.1
/// base score: 7.5`, `CVSS:3.1/AV:N/… (8.1)`, `9.8 (CVSS:3.1/AV:N/…)`).
/// A vector alone says no score: it is not computed here.
pub fn cvss_severity(text: &str) -> Option<Severity> {
    let at = text
        .as_bytes()
        .windows(4)
        .position(|w| w.eq_ignore_ascii_case(b"cvss"))?;
    let edge = |c: char| !(c.is_ascii_alphanumeric() || c == '.');
    let score = |t: &str| {
        let t = t.trim_matches(edge);
        (t.len() <= 4 && t.starts_with(|c: char| c.is_ascii_digit()))
            .then(|| t.parse::<f32>().ok())
            .flatten()
            .filter(|s| (0.0..=10.0).contains(s))
    };
    // "9.8 (CVSS:3.1/…)": the score before the word.
    if let Some(s) = text[..at]
        .trim_end_matches(|c: char| matches!(c, '(' | '[' | '`') || c.is_whitespace())
        .split_whitespace()
        .next_back()
        .filter(|t| t.contains('.'))
        .and_then(score)
    {
        return band(s);
    }
    let after: Vec<&str> = text[at + 4..].split_whitespace().take(6).collect();
    let mut k = 0;
    while k < after.len() {
        let t = after[k].trim_matches(edge);
        let lower = t.to_ascii_lowercase();
        let next = after
            .get(k + 1)
            .map(|n| n.trim_matches(edge).to_ascii_lowercase());
        let version = (lower.starts_with('v') && score(&lower[1..]).is_some())
            || (matches!(t, "2.0" | "3.0" | "3.1" | "4.0")
                && next.as_deref().is_some_and(|n| {
                    score(n).is_some() || matches!(n, "base" | "score" | "vector" | "rating")
                }));
        if t.is_empty()
            || version
            || after[k].contains('/')
            || matches!(lower.as_str(), "base" | "score" | "rating")
        {
            k += 1;
            continue;
        }
        return score(t).and_then(band);
    }
    None
}

fn band(score: f32) -> Option<Severity> {
    CVSS_BANDS
        .iter()
        .find(|(min, _)| score >= *min)
        .map(|(_, s)| *s)
}

/// `s.trim_matches(|c| c == '\u{fe0f}' || c.is_ascii_punctuation())`, by
/// bytes: asked of nearly every token, where decoding chars costs more
/// than the lookup that follows.
pub(super) fn trim_marks(s: &str) -> &str {
    // U+FE0F (the emoji presentation selector) in UTF-8.
    const VS16: &[u8] = &[0xef, 0xb8, 0x8f];
    let mut b = s.as_bytes();
    let mut from = 0;
    loop {
        if b.first().is_some_and(u8::is_ascii_punctuation) {
            (b, from) = (&b[1..], from + 1);
        } else if b.starts_with(VS16) {
            (b, from) = (&b[3..], from + 3);
        } else {
            break;
        }
    }
    loop {
        if b.last().is_some_and(u8::is_ascii_punctuation) {
            b = &b[..b.len() - 1];
        } else if b.ends_with(VS16) {
            b = &b[..b.len() - 3];
        } else {
            break;
        }
    }
    // Both ends are char boundaries: only whole chars were cut.
    &s[from..from + b.len()]
}

/// `lower == upper.to_lowercase()` for an ASCII `upper`, without allocating.
/// `s`'s bit in `Lexicon::qualifier_lengths`.
fn length_bit(s: &str) -> u64 {
    1 << s.len().min(63)
}

fn is_lower_of(lower: &str, upper: &str) -> bool {
    lower.len() == upper.len()
        && lower
            .bytes()
            .zip(upper.bytes())
            .all(|(l, u)| l == u.to_ascii_lowercase())
}

fn word_bounded(s: &str, start: usize, end: usize) -> bool {
    let before = s[..start]
        .chars()
        .next_back()
        .is_none_or(|c| !c.is_alphanumeric());
    let after = s[end..].chars().next().is_none_or(|c| !c.is_alphanumeric());
    before && after
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn severity_words_ignore_case_and_punctuation() {
        let v = Vocabulary::default();
        assert_eq!(
            v.severity_word("CRITICAL:"),
            Some((Severity::Critical, Strength::Explicit))
        );
        assert_eq!(
            v.severity_word("P2"),
            Some((Severity::Medium, Strength::Explicit))
        );
        assert_eq!(
            v.severity_word("BUG"),
            Some((Severity::High, Strength::Weak))
        );
        assert_eq!(
            v.severity_word("🔴"),
            Some((Severity::Critical, Strength::Weak))
        );
        assert_eq!(v.severity_word("Issue"), None);
    }

    #[test]
    fn marks_are_trimmed_as_by_chars() {
        let alphabet = ["a", "*", ":", "\u{fe0f}", "🔴", "é", " ", "~"];
        for s in crate::text::every_string(&alphabet, 5) {
            let want = s.trim_matches(|c: char| c == '\u{fe0f}' || c.is_ascii_punctuation());
            assert_eq!(trim_marks(&s), want, "{s:?}");
        }
    }

    #[test]
    fn lexicon_finds_words_as_the_vocabulary_does() {
        let mut v = Vocabulary::default();
        // Words a config may bring: upper case, repeated, empty first words.
        v.severity
            .push(("Blocker".to_string(), Severity::Low, Strength::Explicit));
        v.severity
            .push(("high".to_string(), Severity::Low, Strength::Explicit));
        v.severity
            .push(("".to_string(), Severity::Low, Strength::Explicit));
        v.resolved.push("Out of scope".to_string());
        v.resolved.push(" leading space".to_string());
        let lex = Lexicon::new(&v);
        let mut words: Vec<String> = v
            .severity
            .iter()
            .map(|(w, _, _)| w.clone())
            .chain(
                v.resolved
                    .iter()
                    .chain(&v.dismissed)
                    .chain(&v.still_open)
                    .cloned(),
            )
            .flat_map(|p| {
                let first = p.split(' ').next().unwrap_or("").to_string();
                [
                    p.clone(),
                    p.to_uppercase(),
                    first.clone(),
                    first.to_uppercase(),
                ]
            })
            .collect();
        words.extend(
            [
                "",
                "**HIGH**:",
                "🔴\u{fe0f}",
                "(p1)",
                "Issue",
                "WON'T",
                "Won’t",
                "ℹ️",
                "OUT",
                "x",
            ]
            .map(String::from),
        );
        for w in &words {
            for t in [w.clone(), format!("*{w}*:"), format!("{w}x")] {
                assert_eq!(lex.severity_word(&t), v.severity_word(&t), "{t:?}");
                assert_eq!(
                    lex.starts_status_phrase(&t),
                    v.starts_status_phrase(&t),
                    "{t:?}"
                );
            }
        }
    }

    #[test]
    fn cvss_scores_read_in_the_standard_bands() {
        let sev = |t: &str| cvss_severity(t);
        assert_eq!(sev("(CVSS 9.8)"), Some(Severity::Critical));
        assert_eq!(sev("CVSS: 7.5"), Some(Severity::High));
        assert_eq!(sev("**CVSS v3.1 base score:** 6.9"), Some(Severity::Medium));
        assert_eq!(sev("CVSS 3.1: 8.9"), Some(Severity::High));
        assert_eq!(
            sev("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H (9.8)"),
            Some(Severity::Critical)
        );
        assert_eq!(
            sev("Score: 5.3 (CVSS:3.1/AV:N/AC:H)"),
            Some(Severity::Medium)
        );
        assert_eq!(sev("(CVSS 3.7)"), Some(Severity::Low));
        assert_eq!(sev("(CVSS 0.0)"), Some(Severity::Info));
        // A vector alone, a score out of range, no score at all.
        assert_eq!(sev("`CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:U/C:H/I:H/A:N`"), None);
        assert_eq!(sev("CVSS 12"), None);
        assert_eq!(sev("Scoring: CVSS 3.1 base score"), None);
        assert_eq!(sev("see the CVSS calculator"), None);
    }

    #[test]
    fn status_only_phrases_need_a_word_boundary() {
        let v = Vocabulary::default();
        assert!(v.dismisses_as_status("Duplicate of #1"));
        assert!(v.dismisses_as_status("N/A — dev builds only"));
        assert!(v.dismisses_as_status("**Not applicable**"));
        assert!(!v.dismisses_as_status("Duplicates are removed nightly"));
        assert!(!v.dismisses_as_status("Open"));
    }

    #[test]
    fn implied_severity_moves_one_step_on_title_words() {
        let v = Vocabulary::default();
        assert_eq!(
            v.adjust_implied(Severity::Medium, "Development Mode Auth Bypass"),
            Severity::High
        );
        assert_eq!(
            v.adjust_implied(Severity::Medium, "PyTorch/Silero VAD (GPU Optional)"),
            Severity::Low
        );
        assert_eq!(
            v.adjust_implied(Severity::Medium, "Bypassed cache"),
            Severity::Medium
        );
    }

    #[test]
    fn lexicon_reads_sections_as_the_vocabulary_does() {
        let mut v = Vocabulary::default();
        // Words a config may bring: empty, upper case, beyond ASCII, repeated.
        for words in [
            &["", "backlog"][..],
            &["Parked"],
            &["übersicht"],
            &["known", "bugs", "known"],
        ] {
            v.sections.insert(
                0,
                SectionRule {
                    words: words.iter().map(|w| w.to_string()).collect(),
                    severity: Some(Severity::Low),
                    status: None,
                    role: None,
                },
            );
        }
        let lex = Lexicon::new(&v);
        let mut headings: Vec<String> = v.sections.iter().map(|r| r.words.join(" ")).collect();
        headings.extend(v.sections.iter().map(|r| {
            let mut w = r.words.clone();
            w.reverse();
            format!("## 3. {} (Updated)", w.join("-"))
        }));
        headings.extend(
            [
                "",
                "## Tech Debt",
                "34. Previously Resolved Issues",
                "## ÜBERSICHT: Known Bugs",
                "## Known Bugs (known)",
                "## Backlog",
                "## Parked items",
                "## PARKED",
                "Won't Fix",
                "## 🔴 Critical Issues",
                "1. API Routes (SPEC Compliance)",
                "## Non-issues I checked",
                "## Non-Critical Issues",
                "## non non-issue",
            ]
            .map(String::from),
        );
        for h in &headings {
            let a = v.section_rule(h).map(|r| r as *const SectionRule);
            let b = lex.section_rule(h).map(|r| r as *const SectionRule);
            assert_eq!(a, b, "{h}");
        }
        // More rule words than the index holds bits for.
        for i in 0..70 {
            v.sections
                .push(rule(&format!("w{i}x extra"), None, None, None));
        }
        headings.extend(["## W3x extra", "## w69x Extra", "## w70x extra"].map(String::from));
        let lex = Lexicon::new(&v);
        for h in &headings {
            let a = v.section_rule(h).map(|r| r as *const SectionRule);
            let b = lex.section_rule(h).map(|r| r as *const SectionRule);
            assert_eq!(a, b, "{h}");
        }
    }

    #[test]
    fn section_rules_match_words_in_order() {
        let v = Vocabulary::default();
        let r = v.section_rule("## Missing Critical Features").unwrap();
        assert_eq!(r.severity, Some(Severity::High));
        assert_eq!(
            v.section_rule("Recommended Action Plan").unwrap().role,
            Some(Role::Plan)
        );
        assert_eq!(
            v.section_rule("34. Previously Resolved Issues")
                .unwrap()
                .status,
            Some(Status::Resolved)
        );
        assert!(v.section_rule("1. API Routes (SPEC Compliance)").is_none());
        // Joined rule words start words that follow one another.
        let lex = Lexicon::new(&v);
        for h in ["## Non-issues I checked", "## Nonissues", "## Non Issues"] {
            let want = (h != "## Nonissues").then_some(Some(Role::Plan));
            assert_eq!(v.section_rule(h).map(|r| r.role), want, "{h}");
            assert_eq!(lex.section_rule(h).map(|r| r.role), want, "{h}");
        }
        for h in ["## Non-Critical Issues", "## Non-blocking issue notes"] {
            let role = lex.section_rule(h).map(|r| r.role);
            assert_ne!(role, Some(Some(Role::Plan)), "{h}");
            assert_eq!(v.section_rule(h).map(|r| r.role), role, "{h}");
        }
    }
}
