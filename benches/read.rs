//! Reading throughput: `auditgate::parse::parse` against a bare
//! pulldown-cmark pass over the same text.
//!
//! Run with `cargo bench --bench read`. The input is the largest audit of the
//! shared corpus; set `AUDITGATE_BENCH_DOC` to read another file. When the
//! file is missing, a synthetic audit of about 300 KB is built instead.
//!
//! Target: the reader keeps at least half the bare parser's throughput.

use std::fmt::Write as _;
use std::hint::black_box;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use auditgate::parse::{parse, Vocabulary};
use pulldown_cmark::{Options, Parser};

const ITERATIONS: usize = 31;
const WARMUP: usize = 3;
const DEFAULT_DOC: &str = "../shared/corpus/yellowman__liminallm/ISSUES/092_2025-12-10_241f0eb.md";
const SYNTHETIC_BYTES: usize = 300 * 1024;

fn main() {
    let (text, origin) = load();
    let vocab = Vocabulary::default();
    let mb = text.len() as f64 / 1_000_000.0;

    let bare = || {
        let opts =
            Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_TASKLISTS;
        let events = Parser::new_ext(black_box(&text), opts)
            .into_offset_iter()
            .count();
        black_box(events)
    };
    let reader = || {
        let audit = parse(black_box(&text), "bench", &vocab);
        black_box(audit.findings.len())
    };

    let events = bare();
    let findings = reader();
    println!("auditgate read benchmark");
    println!("  input:    {origin}");
    println!(
        "  size:     {} bytes ({} lines), {events} markdown events, {findings} findings",
        text.len(),
        text.lines().count()
    );
    println!("  runs:     {ITERATIONS} timed (after {WARMUP} warm-up), interleaved");
    println!();

    for _ in 0..WARMUP {
        bare();
        reader();
    }
    let mut bare_t = Vec::with_capacity(ITERATIONS);
    let mut reader_t = Vec::with_capacity(ITERATIONS);
    for _ in 0..ITERATIONS {
        bare_t.push(time(bare));
        reader_t.push(time(reader));
    }
    let b = Stats::of(&mut bare_t);
    let r = Stats::of(&mut reader_t);

    println!(
        "{:<22} {:>12} {:>12} {:>14} {:>12}",
        "pass", "median", "min", "MB/s (median)", "MB/s (best)"
    );
    for (name, s) in [("pulldown-cmark (bare)", &b), ("auditgate::parse", &r)] {
        println!(
            "{:<22} {:>12} {:>12} {:>14.1} {:>12.1}",
            name,
            ms(s.median),
            ms(s.min),
            mb / s.median.as_secs_f64(),
            mb / s.min.as_secs_f64()
        );
    }
    let ratio = b.median.as_secs_f64() / r.median.as_secs_f64();
    let ratio_best = b.min.as_secs_f64() / r.min.as_secs_f64();
    println!();
    println!(
        "reader / bare throughput: {ratio:.3} (median), {ratio_best:.3} (best); target >= 0.5: {}",
        if ratio >= 0.5 { "met" } else { "MISSED" }
    );
}

fn time<T>(f: impl Fn() -> T) -> Duration {
    let start = Instant::now();
    black_box(f());
    start.elapsed()
}

struct Stats {
    median: Duration,
    min: Duration,
}

impl Stats {
    fn of(v: &mut [Duration]) -> Stats {
        v.sort_unstable();
        Stats {
            median: v[v.len() / 2],
            min: v[0],
        }
    }
}

fn ms(d: Duration) -> String {
    format!("{:.3} ms", d.as_secs_f64() * 1000.0)
}

/// The document to read and a description of where it came from.
fn load() -> (String, String) {
    let path = match std::env::var_os("AUDITGATE_BENCH_DOC") {
        Some(p) => PathBuf::from(p),
        None => PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(DEFAULT_DOC),
    };
    match std::fs::read(&path) {
        Ok(bytes) => {
            let text = String::from_utf8_lossy(&bytes).into_owned();
            (text, path.display().to_string())
        }
        Err(e) => {
            let text = synthetic(SYNTHETIC_BYTES);
            let origin = format!("synthetic audit ({} unreadable: {e})", path.display());
            (text, origin)
        }
    }
}

const AREAS: &[&str] = &[
    "API Routes (SPEC Compliance)",
    "Session Management",
    "Rate Limiting and Concurrency",
    "File Upload/Download Security",
    "WebSocket Protocol Compliance",
    "Tool Sandboxing and Circuit Breakers",
    "Storage Layer Consistency",
    "Workflow Engine",
];

const TITLES: &[&str] = &[
    "Invalid Error Codes in Validation Path",
    "Missing request_id in Stream Events",
    "OAuth tenant_id Taken From User Input",
    "Redis Session Cache TTL Breaks With Aware Timestamps",
    "Token Bucket Is a Fixed-Window Counter",
    "No Per-User Connection Limits",
    "Temp File Cleanup Not Scheduled",
    "Unbounded Parallel Node Execution",
    "Race Condition in Concurrency Slot Release",
    "Error Message Content Exposure",
];

const SEVERITIES: &[&str] = &["CRITICAL", "HIGH", "MEDIUM", "LOW"];

const FILES: &[&str] = &[
    "liminallm/api/routes.py",
    "liminallm/service/auth.py",
    "liminallm/storage/redis_cache.py",
    "liminallm/storage/postgres.py",
    "liminallm/service/workflow.py",
    "liminallm/service/fs.py",
];

/// A synthetic audit in the shape of the corpus documents: numbered
/// sections of numbered findings with locations, status lines, prose,
/// bullet lists, code fences, struck-through fixed titles and summary tables.
fn synthetic(target: usize) -> String {
    let mut s = String::with_capacity(target + 8 * 1024);
    s.push_str("# Codebase Issues and Security Audit\n\n");
    s.push_str("**Last Updated:** 2025-12-09\n**Scope:** Synthetic benchmark document\n\n---\n\n");
    s.push_str("## Executive Summary\n\n");
    s.push_str("This document consolidates findings from a deep analysis of the codebase.\n\n");
    s.push_str("**Critical Issues Found:** 40\n**High Priority Issues:** 60\n\n---\n\n");
    let mut section = 0usize;
    let mut rows: Vec<(String, &str, String)> = Vec::new();
    // Leave room for the summary table (about 100 bytes a row).
    while s.len() + rows.len() * 100 < target {
        section += 1;
        let area = AREAS[(section - 1) % AREAS.len()];
        let _ = writeln!(s, "## {section}. {area}\n");
        for item in 1..=8usize {
            let k = section * 8 + item;
            let sev = SEVERITIES[k % SEVERITIES.len()];
            let title = format!("{} ({} {k})", TITLES[k % TITLES.len()], area);
            let file = FILES[k % FILES.len()];
            let start = 10 + (k * 37) % 2000;
            let end = start + 5 + k % 40;
            if k % 4 == 0 {
                let _ = writeln!(s, "### {section}.{item} ~~{sev}: {title}~~ FIXED\n");
            } else {
                let _ = writeln!(s, "### {section}.{item} {sev}: {title}\n");
            }
            let _ = writeln!(s, "**Location:** `{file}:{start}-{end}`\n");
            if k % 3 == 0 {
                s.push_str("**Status:** ✅ IMPLEMENTED\n\n");
            }
            s.push_str(
                "**Issue:** The handler trusts a value supplied by the caller and passes it \
                 through to the storage layer without validation, so a crafted request can \
                 reach rows owned by another tenant. The check in `_ensure_owner()` is only \
                 applied on the REST path; the WebSocket path skips it entirely.\n\n",
            );
            if k % 2 == 0 {
                let _ = writeln!(
                    s,
                    "```python\n# {file}:{start}\nasync def handler(request, tenant_id):\n    \
                     row = await store.get(request.id)\n    return Envelope(data=row)\n```\n"
                );
            }
            s.push_str(
                "**Impact:** Cross-tenant data exposure and inconsistent error semantics.\n\n\
                 **Fix Applied:**\n\
                 - Derive `tenant_id` from the authenticated session, never from input\n\
                 - Add a shared `_ensure_owner()` guard to both transports\n\
                 - Cover the WebSocket path with a regression test\n\n",
            );
            rows.push((
                format!("{section}.{item}"),
                sev,
                format!("{title} | {file}:{start}"),
            ));
        }
        s.push_str("---\n\n");
    }
    s.push_str(
        "## Summary by Severity\n\n| # | Severity | Issue | Location |\n|---|---|---|---|\n",
    );
    for (r, sev, rest) in &rows {
        let _ = writeln!(s, "| {r} | {sev} | {rest} |");
    }
    s
}
