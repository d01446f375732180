//! Diff scaling: `auditgate::diff::diff` over synthetic passes of 1k, 10k and
//! 100k findings, built in memory.
//!
//! Run with `cargo bench --bench diff`. The new pass derives from the old:
//! about 70% of findings unchanged, 10% reworded (a title word or two
//! swapped or replaced, lines shifted), 5% with renumbered refs, 5% with a
//! changed severity, 5% removed, 5% marked resolved, plus 5% fresh findings.
//!
//! Targets: 10k x 10k under 1 s; growth from 10k to 100k under 15x.
//! `AUDITGATE_BENCH_SIZES=1000,10000` runs other sizes (e.g. for profiling).

use std::collections::HashMap;
use std::hint::black_box;
use std::sync::mpsc;
use std::time::{Duration, Instant};

use auditgate::diff::{diff, Summary};
use auditgate::model::{Audit, Finding, Severity, Status};
use auditgate::text::fingerprint;

/// A single run longer than this stops the benchmark.
const LIMIT: Duration = Duration::from_secs(60);

fn main() {
    println!("auditgate diff benchmark (synthetic passes, built in memory)");
    println!();
    println!(
        "{:>8} {:>8} {:>5} {:>12} {:>12} {:>7} {:>9} {:>10}",
        "old", "new", "runs", "median", "min", "new", "resolved", "persisting"
    );
    let mut results: Vec<(usize, Duration)> = Vec::new();
    let mut summary_10k = None;
    for (n, runs) in sizes() {
        let (old, new, truth) = passes(n, 0x5eed_0000 + n as u64);
        match bench(old, new, runs) {
            Ok((times, summary)) => {
                let (median, min) = (times[times.len() / 2], times[0]);
                println!(
                    "{:>8} {:>8} {:>5} {:>12} {:>12} {:>7} {:>9} {:>10}",
                    n,
                    truth.new_len,
                    runs,
                    fmt(median),
                    fmt(min),
                    summary.new,
                    summary.resolved,
                    summary.persisting
                );
                if n == 10_000 {
                    summary_10k = Some((summary, truth));
                }
                results.push((n, median));
            }
            Err(elapsed) => {
                println!(
                    "{:>8} {:>8} {:>5} {:>12} -- stopped: one run exceeded {} s",
                    n,
                    truth.new_len,
                    1,
                    format!("> {}", fmt(elapsed)),
                    LIMIT.as_secs()
                );
                break;
            }
        }
    }

    println!();
    let at = |n: usize| results.iter().find(|r| r.0 == n).map(|r| r.1);
    match at(10_000) {
        Some(t) => println!(
            "10k x 10k: {} -> target < 1 s: {}",
            fmt(t),
            verdict(t < Duration::from_secs(1))
        ),
        None => println!("10k x 10k: not measured"),
    }
    match (at(10_000), at(100_000)) {
        (Some(a), Some(b)) => {
            let growth = b.as_secs_f64() / a.as_secs_f64();
            println!(
                "growth 10k -> 100k: {growth:.1}x -> target < 15x: {}",
                verdict(growth < 15.0)
            );
        }
        (Some(_), None) => println!(
            "growth 10k -> 100k: > {:.0}x (a 100k run exceeded {} s) -> target < 15x: MISSED",
            LIMIT.as_secs_f64() / at(10_000).unwrap_or(LIMIT).as_secs_f64(),
            LIMIT.as_secs()
        ),
        _ => println!("growth 10k -> 100k: not measured"),
    }
    if let (Some(a), Some(b)) = (at(1_000), at(10_000)) {
        println!(
            "growth 1k -> 10k: {:.1}x (linear would be 10x)",
            b.as_secs_f64() / a.as_secs_f64()
        );
    }
    if let Some((s, t)) = summary_10k {
        println!();
        println!("sanity check, 10k diff:");
        println!(
            "  expected: new {:>5}, resolved {:>5} ({} removed + {} marked resolved), persisting {:>5} (incl. {} reworded)",
            t.fresh,
            t.removed + t.resolved,
            t.removed,
            t.resolved,
            n_persisting(&t),
            t.reworded
        );
        println!(
            "  got:      new {:>5}, resolved {:>5}, persisting {:>5}, escalated {}, de-escalated {}",
            s.new, s.resolved, s.persisting, s.escalated, s.deescalated
        );
        let lost = s.new.saturating_sub(t.fresh as u32);
        println!(
            "  reworded findings matched: {} of {} ({} reported as resolved + new instead)",
            (t.reworded as u32).saturating_sub(lost),
            t.reworded,
            lost
        );
    }
}

/// Pass sizes and run counts; `AUDITGATE_BENCH_SIZES=1000,10000` picks others
/// (five runs each below 100k, three from there on).
fn sizes() -> Vec<(usize, usize)> {
    let runs = |n: usize| if n >= 100_000 { 3 } else { 5 };
    match std::env::var("AUDITGATE_BENCH_SIZES") {
        Ok(v) => v
            .split(',')
            .filter_map(|s| s.trim().replace('_', "").parse().ok())
            .map(|n| (n, runs(n)))
            .collect(),
        Err(_) => [1_000, 10_000, 100_000].map(|n| (n, runs(n))).to_vec(),
    }
}

fn n_persisting(t: &Truth) -> usize {
    t.old_len - t.removed - t.resolved
}

fn verdict(ok: bool) -> &'static str {
    if ok {
        "met"
    } else {
        "MISSED"
    }
}

fn fmt(d: Duration) -> String {
    let s = d.as_secs_f64();
    if s >= 1.0 {
        format!("{s:.2} s")
    } else {
        format!("{:.1} ms", s * 1000.0)
    }
}

/// Times `runs` diffs of `old` against `new` on a worker thread; gives up
/// (Err with the time waited) when one run exceeds `LIMIT`.
fn bench(old: Audit, new: Audit, runs: usize) -> Result<(Vec<Duration>, Summary), Duration> {
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        for _ in 0..runs {
            let start = Instant::now();
            let d = diff(black_box(&old), black_box(&new), &[]);
            let elapsed = start.elapsed();
            let summary = d.summary.clone();
            drop(black_box(d));
            if tx.send((elapsed, summary)).is_err() {
                return;
            }
        }
    });
    let mut times = Vec::with_capacity(runs);
    let mut summary = None;
    for _ in 0..runs {
        let waited = Instant::now();
        match rx.recv_timeout(LIMIT) {
            Ok((t, s)) => {
                times.push(t);
                summary = Some(s);
            }
            // The worker is left behind; main returning ends the process.
            Err(_) => return Err(waited.elapsed()),
        }
    }
    times.sort_unstable();
    Ok((times, summary.unwrap_or_default()))
}

/// What the new pass was built to contain.
struct Truth {
    old_len: usize,
    new_len: usize,
    reworded: usize,
    renumbered: usize,
    severity: usize,
    removed: usize,
    resolved: usize,
    fresh: usize,
}

/// SplitMix64: small, seeded, good enough for test data.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn pick<'a>(&mut self, v: &[&'a str]) -> &'a str {
        v[self.below(v.len())]
    }
}

/// The old and new pass of `n` findings each (before removals and additions).
fn passes(n: usize, seed: u64) -> (Audit, Audit, Truth) {
    let mut rng = Rng(seed);
    let mut old_findings = Vec::with_capacity(n);
    let per_section = 12;
    for i in 0..n {
        old_findings.push(finding(
            &mut rng,
            i / per_section + 1,
            i % per_section + 1,
            i,
        ));
    }
    assign_ids(&mut old_findings);

    let mut truth = Truth {
        old_len: n,
        new_len: 0,
        reworded: 0,
        renumbered: 0,
        severity: 0,
        removed: 0,
        resolved: 0,
        fresh: 0,
    };
    let mut new_findings = Vec::with_capacity(n + n / 20);
    let mut shift = 0i64;
    let mut extra = 0usize;
    for f in &old_findings {
        let mut g = f.clone();
        match rng.below(100) {
            0..70 => {}
            70..80 => {
                reword(&mut rng, &mut g);
                truth.reworded += 1;
            }
            80..85 => {
                let (s, i) = parse_ref(g.reference.as_deref());
                g.reference = Some(format!("{}.{}", s + 1, i + rng.below(3)).into());
                truth.renumbered += 1;
            }
            85..90 => {
                g.severity = other_severity(&mut rng, g.severity);
                truth.severity += 1;
            }
            90..95 => {
                truth.removed += 1;
                shift -= (f.end_line - f.line + 2) as i64;
                continue;
            }
            _ => {
                g.status = Status::Resolved;
                g.body = format!("{} Fixed: the guard now rejects the request.", g.body).into();
                truth.resolved += 1;
            }
        }
        // Everything below an edit moves.
        g.line = (g.line as i64 + shift).max(1) as usize;
        g.end_line = (g.end_line as i64 + shift).max(1) as usize;
        new_findings.push(g);
        if rng.below(100) < 5 {
            extra += 1;
            let mut fresh = finding(&mut rng, n / per_section + 2, extra, n + extra);
            fresh.line = new_findings.last().map_or(1, |p| p.end_line + 2);
            fresh.end_line = fresh.line + 8;
            shift += 10;
            new_findings.push(fresh);
            truth.fresh += 1;
        }
    }
    assign_ids(&mut new_findings);
    truth.new_len = new_findings.len();
    (
        audit("old.md", old_findings),
        audit("new.md", new_findings),
        truth,
    )
}

fn audit(source: &str, findings: Vec<Finding>) -> Audit {
    Audit {
        source: source.to_string(),
        title: Some("Codebase Issues and Security Audit".to_string()),
        date: None,
        declared_counts: None,
        overall_risk: None,
        findings,
        warnings: Vec::new(),
        states_no_findings: false,
        points_to: None,
        closing: None,
    }
}

/// Ids as the reader assigns them: the fingerprint, `-n` on repeats.
fn assign_ids(findings: &mut [Finding]) {
    let mut seen: HashMap<String, usize> = HashMap::new();
    for f in findings {
        let id = fingerprint(&f.title);
        let k = seen.entry(id.clone()).or_insert(0);
        *k += 1;
        f.id = if *k > 1 { format!("{id}-{k}") } else { id }.into();
    }
}

fn finding(rng: &mut Rng, section: usize, item: usize, index: usize) -> Finding {
    let len = 3 + rng.below(6);
    let mut title_words: Vec<&str> = Vec::with_capacity(len);
    while title_words.len() < len {
        let w = rng.pick(TITLE_WORDS);
        if !title_words.contains(&w) {
            title_words.push(w);
        }
    }
    let title = capitalise(&title_words);
    let mut locations = vec![location(rng)];
    if rng.below(3) == 0 {
        locations.push(location(rng));
    }
    let mut body_words: Vec<&str> = Vec::with_capacity(32);
    for _ in 0..26 + rng.below(9) {
        // Bodies repeat some title words, as real ones do.
        if rng.below(6) == 0 {
            body_words.push(title_words[rng.below(title_words.len())]);
        } else {
            body_words.push(rng.pick(BODY_WORDS));
        }
    }
    let body = format!("{}.", body_words.join(" "));
    let severity = match rng.below(20) {
        0..2 => Severity::Critical,
        2..7 => Severity::High,
        7..14 => Severity::Medium,
        14..18 => Severity::Low,
        _ => Severity::Info,
    };
    let line = 40 + index * 14;
    Finding {
        id: "".into(),
        reference: Some(format!("{section}.{item}").into()),
        title: title.into(),
        severity,
        status: Status::Open,
        locations: locations.into(),
        section: Some(format!("{section}. {}", SECTIONS[section % SECTIONS.len()]).into()),
        line,
        end_line: line + 10,
        severity_assumed: false,
        closed_elsewhere: false,
        body: body.into(),
    }
}

fn location(rng: &mut Rng) -> String {
    let start = 1 + rng.below(2000);
    format!(
        "src/mod_{}/file_{}.py:{}-{}",
        rng.below(300),
        rng.below(40),
        start,
        start + 1 + rng.below(40)
    )
}

fn capitalise(words: &[&str]) -> String {
    let mut out = String::new();
    for w in words {
        if !out.is_empty() {
            out.push(' ');
        }
        let mut cs = w.chars();
        if let Some(c) = cs.next() {
            out.extend(c.to_uppercase());
            out.push_str(cs.as_str());
        }
    }
    out
}

/// Swaps two title words or replaces one or two, and shifts the lines the
/// locations point at.
fn reword(rng: &mut Rng, f: &mut Finding) {
    let mut w: Vec<String> = f.title.split(' ').map(str::to_lowercase).collect();
    match rng.below(3) {
        0 => {
            let (a, b) = (rng.below(w.len()), rng.below(w.len()));
            w.swap(a, b);
            // A swap alone may leave the title as it was; replace one too.
            let i = rng.below(w.len());
            w[i] = rng.pick(TITLE_WORDS).to_string();
        }
        1 => {
            let i = rng.below(w.len());
            w[i] = rng.pick(TITLE_WORDS).to_string();
        }
        _ => {
            for _ in 0..2 {
                let i = rng.below(w.len());
                w[i] = rng.pick(TITLE_WORDS).to_string();
            }
        }
    }
    let refs: Vec<&str> = w.iter().map(String::as_str).collect();
    f.title = capitalise(&refs).into();
    let delta = 1 + rng.below(30);
    let mut locations = f.locations.to_vec();
    for loc in &mut locations {
        if let Some((path, lines)) = loc.rsplit_once(':') {
            if let Some((a, b)) = lines.split_once('-') {
                let a: usize = a.parse().unwrap_or(1) + delta;
                let b: usize = b.parse().unwrap_or(1) + delta;
                *loc = format!("{path}:{a}-{b}");
            }
        }
    }
    f.locations = locations.into();
}

fn parse_ref(r: Option<&str>) -> (usize, usize) {
    let (s, i) = r.and_then(|r| r.split_once('.')).unwrap_or(("1", "1"));
    (s.parse().unwrap_or(1), i.parse().unwrap_or(1))
}

fn other_severity(rng: &mut Rng, s: Severity) -> Severity {
    loop {
        let t = Severity::ALL[rng.below(Severity::ALL.len())];
        if t != s {
            return t;
        }
    }
}

const SECTIONS: &[&str] = &[
    "API Routes",
    "Session Management",
    "Rate Limiting",
    "File Upload Security",
    "WebSocket Protocol",
    "Tool Sandboxing",
    "Storage Layer",
    "Workflow Engine",
    "Authentication",
    "Configuration",
    "Logging and Observability",
    "Frontend Security",
];

/// A few hundred words audit titles are made of.
#[rustfmt::skip]
const TITLE_WORDS: &[&str] = &[
    "access", "account", "acquire", "adapter", "admin", "alert", "allocation", "anchor",
    "api", "archive", "argument", "array", "artifact", "assertion", "async", "attachment",
    "audit", "auth", "authorization", "backoff", "backup", "bandwidth", "batch", "bearer",
    "binary", "blob", "boundary", "bucket", "buffer", "build", "bypass", "cache",
    "callback", "cancel", "certificate", "channel", "checksum", "chunk", "cipher", "claim",
    "cleanup", "client", "clock", "cluster", "column", "command", "commit", "compression",
    "concurrency", "config", "conflict", "connection", "consent", "constraint", "container", "content",
    "context", "contract", "cookie", "coordinator", "cors", "counter", "credential", "cron",
    "cursor", "daemon", "dashboard", "database", "deadlock", "debug", "decode", "default",
    "delete", "denylist", "dependency", "deploy", "deserialization", "device", "digest", "directory",
    "disclosure", "disk", "dispatch", "dns", "document", "domain", "download", "drift",
    "duplicate", "embedding", "encoding", "encryption", "endpoint", "entropy", "envelope", "environment",
    "error", "escalation", "event", "eviction", "exception", "execution", "expiry", "export",
    "exposure", "failover", "feedback", "fetch", "field", "file", "filter", "firewall",
    "flag", "float", "flush", "fork", "format", "frame", "gateway", "graph",
    "guard", "handler", "hash", "header", "health", "heap", "hmac", "hook",
    "host", "idempotency", "identifier", "import", "index", "inference", "injection", "input",
    "integer", "integrity", "interpolation", "isolation", "iterator", "job", "journal", "json",
    "jwt", "kernel", "key", "lease", "leak", "length", "limit", "listener",
    "loader", "lock", "log", "login", "logout", "loop", "manifest", "mapping",
    "memory", "merge", "message", "metadata", "metric", "migration", "mime", "mismatch",
    "model", "module", "monitor", "mutex", "namespace", "nonce", "normalization", "notification",
    "null", "oauth", "offset", "orphan", "output", "overflow", "owner", "padding",
    "pagination", "parser", "partition", "password", "patch", "path", "payload", "permission",
    "pipeline", "plan", "plugin", "policy", "pool", "port", "preference", "prefix",
    "privilege", "probe", "process", "profile", "prompt", "protocol", "proxy", "queue",
    "quota", "race", "random", "rate", "reader", "receipt", "record", "recovery",
    "redaction", "redirect", "redis", "refresh", "regex", "registry", "relay", "replay",
    "replica", "request", "reset", "resolver", "resource", "response", "retry", "revocation",
    "role", "rollback", "rotation", "router", "runtime", "salt", "sandbox", "sanitization",
    "scheduler", "schema", "scope", "script", "secret", "segment", "sequence", "serializer",
    "server", "session", "shard", "signal", "signature", "sink", "size", "slot",
    "snapshot", "socket", "sort", "source", "spec", "spill", "sql", "stack",
    "state", "storage", "stream", "string", "subprocess", "subscription", "symlink", "sync",
    "table", "template", "tenant", "thread", "throttle", "timeout", "timestamp", "timezone",
    "token", "trace", "training", "transaction", "transport", "trigger", "tuple", "type",
    "unicode", "unbounded", "unchecked", "unsafe", "update", "upgrade", "upload", "url",
    "user", "uuid", "validation", "value", "vector", "version", "visibility", "volume",
    "webhook", "websocket", "weight", "window", "worker", "workflow", "write", "xss",
    "missing", "broken", "stale", "silent", "inconsistent", "unvalidated", "weak", "insecure",
    "excessive", "partial", "orphaned", "leaked", "hardcoded", "untrusted", "blocking", "incorrect",
];

/// Words audit bodies are made of (plus some title words).
#[rustfmt::skip]
const BODY_WORDS: &[&str] = &[
    "the", "handler", "calls", "without", "checking", "whether", "value", "is", "present", "and",
    "a", "crafted", "request", "can", "reach", "rows", "owned", "by", "another", "tenant",
    "this", "path", "skips", "guard", "that", "rest", "endpoint", "applies", "so", "error",
    "returned", "leaks", "internal", "details", "to", "caller", "when", "fails", "retry", "loop",
    "never", "terminates", "under", "load", "connection", "pool", "exhausted", "after", "minutes", "of",
    "traffic", "spec", "requires", "field", "be", "validated", "before", "use", "current", "code",
    "trusts", "input", "from", "user", "fix", "derive", "it", "session", "instead", "add",
    "test", "covering", "case", "impact", "data", "exposure", "denial", "service", "possible", "in",
    "production", "lock", "held", "across", "await", "point", "blocks", "event", "other", "requests",
    "cache", "entry", "not", "invalidated", "on", "update", "stale", "reads", "follow", "migration",
    "drops", "column", "still", "referenced", "older", "workers", "timestamp", "naive", "aware", "compared",
    "raises", "typeerror", "write", "silently", "ignored", "log", "line", "includes", "token", "secret",
];
