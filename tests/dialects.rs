//! Every dialect of audit the reader knows, read from small fixtures, with
//! each extracted finding asserted (not just their number).

mod common;

use auditgate::parse::{parse, Reader, Vocabulary};
use common::{read, rows};

type Row = (Option<String>, String, String, String);

fn row(r: Option<&str>, title: &str, sev: &str, status: &str) -> Row {
    (
        r.map(str::to_string),
        title.to_string(),
        sev.to_string(),
        status.to_string(),
    )
}

#[test]
fn severity_headings_with_struck_fixes_and_a_summary_table() {
    let a = read("audits/severity-headings.md");
    assert_eq!(
        rows(&a),
        vec![
            row(Some("1.1"), "Invalid Error Codes", "critical", "resolved"),
            row(
                Some("1.2"),
                "Non-Spec WebSocket Event",
                "critical",
                "dismissed"
            ),
            // BUG names no severity; the summary table lists it as critical.
            row(
                Some("1.3"),
                "Idempotency Not Stored for create_conversation",
                "critical",
                "open"
            ),
            row(
                Some("1.4"),
                "Pagination Default Inconsistency",
                "low",
                "open"
            ),
            row(
                Some("2.1"),
                "Session Rotation (24h Activity)",
                "critical",
                "resolved"
            ),
            row(
                Some("2.2"),
                "Access Tokens Not Denylisted on Logout",
                "high",
                "open"
            ),
            // ~~HIGH~~ LOW: the struck severity is replaced.
            row(
                Some("2.3"),
                "Session Expiry Not Differentiated by Device",
                "low",
                "open"
            ),
            // Only in the summary table: kept, once.
            row(
                None,
                "Frontend expects non-spec streaming_complete",
                "critical",
                "open"
            ),
        ]
    );
    assert_eq!(
        a.findings[0].locations[..],
        ["app/api/routes.py:1393", "app/api/routes.py:1401"]
    );
    assert_eq!(a.date.map(|d| d.to_string()).as_deref(), Some("2025-12-02"));
    let declared = a.declared_counts.as_ref().expect("declared counts");
    assert_eq!(declared["critical"], 3);
    assert!(a
        .warnings
        .iter()
        .any(|w| w.code == auditgate::model::WarningCode::DeclaredCountMismatch));
}

#[test]
fn id_headings_ranges_info_notes_and_a_plan() {
    let a = read("audits/id-headings.md");
    assert_eq!(
        rows(&a),
        vec![
            row(
                Some("CRITICAL-1"),
                "Duplicate Volume Mount in docker-compose.yml",
                "critical",
                "open"
            ),
            row(
                Some("CRITICAL-2"),
                "Export Job Status Callback Broken",
                "critical",
                "open"
            ),
            row(Some("HIGH-1"), "Missing CSRF Protection", "high", "open"),
            row(
                Some("MEDIUM-1"),
                "Inconsistent error messages (some ASCII, some with emojis)",
                "medium",
                "open"
            ),
            row(
                Some("MEDIUM-2"),
                "No database migration version tracking",
                "medium",
                "open"
            ),
            row(
                Some("MEDIUM-3"),
                "Missing API versioning (/v1/api/...)",
                "medium",
                "open"
            ),
            row(
                Some("INFO-1"),
                "Excellent Session Management",
                "info",
                "open"
            ),
            row(
                Some("INFO-2"),
                "Recent Routing Fix Verified",
                "info",
                "open"
            ),
            // The open plan items repeat findings; the done one is a finding of its own.
            row(
                None,
                "Fix Celery routing key mismatch",
                "critical",
                "resolved"
            ),
        ]
    );
    assert_eq!(
        a.findings[1].locations[..],
        ["src/backend/api/exports.py", "src/worker/tasks/exports.py"]
    );
}

#[test]
fn task_list_with_legend_checkboxes_and_completed_section() {
    let a = read("audits/task-list.md");
    assert_eq!(
        rows(&a),
        vec![
            row(
                None,
                "Lock down image generation endpoints",
                "critical",
                "resolved"
            ),
            row(None, "Harden image uploads", "critical", "open"),
            row(
                None,
                "Rescued mis-encoded Google OAuth callbacks that produced 404 loops.",
                "medium",
                "resolved"
            ),
            row(
                None,
                "Rate-limit expensive admin operations",
                "high",
                "resolved"
            ),
            row(
                None,
                "Cache configuration reads with invalidation",
                "medium",
                "resolved"
            ),
            row(
                None,
                "Improve log taxonomy and scrub sensitive payloads",
                "medium",
                "open"
            ),
        ]
    );
    assert!(
        a.findings[2].severity_assumed,
        "no severity is written for the completed item"
    );
    assert!(a
        .warnings
        .iter()
        .any(|w| w.code == auditgate::model::WarningCode::NoSeverity));
}

#[test]
fn concerns_sections_imply_severity() {
    let a = read("audits/concerns.md");
    assert_eq!(
        rows(&a),
        vec![
            row(None, "Overly Broad Exception Handling", "medium", "open"),
            row(
                None,
                "Manual Supabase Client Initialization",
                "medium",
                "open"
            ),
            row(None, "Development Mode Auth Bypass", "high", "open"),
            row(
                None,
                "Gemini API Batch Processing Inefficient",
                "low",
                "open"
            ),
            row(None, "No API Rate Limiting", "high", "open"),
            row(None, "Auth Flow Tests Missing", "critical", "open"),
        ]
    );
    assert_eq!(
        a.findings[2].locations[..],
        ["app/config.py:52", "app/api/auth.py:102-108"]
    );
}

#[test]
fn scraped_page_without_markup_and_its_second_copy() {
    let a = read("audits/scraped.txt");
    assert_eq!(
        rows(&a),
        vec![
            row(
                None,
                "llm_tags tag storage is a no-op (logs only)",
                "high",
                "open"
            ),
            row(
                None,
                "Duplicate thumbnail cache removal across delete paths — logic divergence",
                "high",
                "open"
            ),
            row(
                None,
                "dir_size() and _dir_size() modules are duplicated",
                "medium",
                "open"
            ),
        ]
    );
    assert_eq!(a.overall_risk.as_deref(), Some("Moderate"));
}

#[test]
fn messy_file_crlf_fences_emoji_tables_and_broken_utf8() {
    let a = read("audits/messy.md");
    assert_eq!(
        rows(&a),
        vec![
            row(
                Some("1"),
                "Secrets committed to the repository",
                "critical",
                "open"
            ),
            row(
                Some("2"),
                "SQL built by string formatting",
                "critical",
                "open"
            ),
            row(
                Some("3"),
                "Broken emoji \u{FFFD} in the heading of a HIGH issue",
                "high",
                "open"
            ),
            row(
                Some("4"),
                "Debug toolbar enabled in production",
                "medium",
                "resolved"
            ),
            row(None, "Session cookie lacks Secure flag", "medium", "open"),
            row(None, "Stale dependency lockfile", "low", "resolved"),
        ]
    );
}

#[test]
fn fingerprints_are_stable_and_unique_per_document() {
    let a = read("audits/severity-headings.md");
    let b = read("audits/severity-headings.md");
    let ids: Vec<&str> = a.findings.iter().map(|f| &*f.id).collect();
    assert_eq!(ids, b.findings.iter().map(|f| &*f.id).collect::<Vec<_>>());
    let mut sorted = ids.clone();
    sorted.sort();
    sorted.dedup();
    assert_eq!(sorted.len(), ids.len());
    // Pinned: a fingerprint is a contract (matching, comment markers, SARIF).
    assert_eq!(
        auditgate::text::fingerprint("Invalid Error Codes"),
        "88c093ddc2e80e8f"
    );
}

#[test]
fn an_audit_inside_a_markdown_block_is_read_in_place() {
    let a = parse_str(
        "Sure! Here is the audit:\n\n\
         ```markdown\n\
         # Audit\n\n\
         ## High\n\n\
         - **Refresh tokens are not rotated** — `auth/refresh.go:40`\n\
         ```\n",
    );
    assert_eq!(
        rows(&a),
        vec![row(None, "Refresh tokens are not rotated", "high", "open")]
    );
    // Lines are the document's, and the reader says where it read.
    assert_eq!((a.findings[0].line, a.title.as_deref()), (8, Some("Audit")));
    let w: Vec<_> = a
        .warnings
        .iter()
        .map(|w| (w.code.as_str(), w.line))
        .collect();
    assert_eq!(w, [("fenced-audit", Some(3))]);

    // An audit that only shows markdown in a block is read outside it.
    let a = parse_str(
        "# Audit\n\n## High\n\n\
         - **Refresh tokens are not rotated** — `auth/refresh.go:40`\n\
         - **Session cookie lacks Secure** — `web/session.go:12`\n\n\
         Write findings like this:\n\n\
         ```markdown\n- **Title** — `path:line`\n```\n",
    );
    assert_eq!(a.findings.len(), 2);
    assert!(a.warnings.is_empty(), "{:?}", a.warnings);
}

#[test]
fn warning_codes_are_stable() {
    let codes: Vec<&str> = auditgate::model::WarningCode::ALL
        .iter()
        .map(|c| c.as_str())
        .collect();
    assert_eq!(
        codes,
        [
            "invalid-utf8",
            "declared-count-mismatch",
            "no-severity",
            "no-findings",
            "fenced-audit",
            "severity-conflict"
        ]
    );
}

#[test]
fn contest_report_with_letter_ids_and_github_anchors() {
    let a = read("audits/contest-report.md");
    assert_eq!(
        rows(&a),
        vec![
            row(
                Some("H-01"),
                "Reentrancy in withdraw() allows draining the vault",
                "high",
                "open"
            ),
            row(
                Some("H-02"),
                "Oracle price can be manipulated with flash loans",
                "high",
                "open"
            ),
            // "Status: Fixed in commit abc123." closes it.
            row(
                Some("M-01"),
                "Missing slippage protection in swap()",
                "medium",
                "resolved"
            ),
            // "Acknowledged" is not a fix: the finding stays open.
            row(
                Some("L-01"),
                "Events not emitted for parameter changes",
                "low",
                "open"
            ),
        ]
    );
    // A GitHub anchor reads as a line range; a Solidity file is a path.
    assert_eq!(a.findings[0].locations[..], ["src/Vault.sol:120-145"]);
    assert_eq!(a.findings[1].locations[..], ["src/Oracle.sol"]);
    // The `| Severity | Count |` table declares totals, which the findings meet.
    let declared = a.declared_counts.as_ref().expect("declared counts");
    assert_eq!(
        declared
            .iter()
            .map(|(k, v)| (k.as_str(), *v))
            .collect::<Vec<_>>(),
        [("high", 2), ("low", 1), ("medium", 1)]
    );
    assert!(a.warnings.is_empty(), "{:?}", a.warnings);
}

/// A contest report whose severity sections are `#` headings, like its
/// title: only the first heading is the document's title.
#[test]
fn contest_report_with_severity_sections_at_the_title_level() {
    let a = read("audits/contest-h1-sections.md");
    assert_eq!(a.title.as_deref(), Some("Lending Pool Findings Report"));
    assert_eq!(
        rows(&a),
        vec![
            row(
                Some("H-01"),
                "Liquidation bonus paid twice when a position is closed in one call",
                "high",
                "open"
            ),
            // No id: a heading under `# High Risk Findings` is a finding of it.
            row(
                None,
                "Interest accrues on a repaid loan until the next deposit",
                "high",
                "open"
            ),
            row(
                Some("M-01"),
                "setOracle takes the zero address",
                "medium",
                "open"
            ),
            row(
                Some("L-01"),
                "Events not emitted when the fee changes",
                "low",
                "open"
            ),
        ]
    );
    // The link in `Lines of code:` names the file after the revision.
    assert_eq!(a.findings[0].locations[..], ["src/Liquidator.sol:88-104"]);
    assert_eq!(a.findings[1].locations[..], ["src/Pool.sol"]);
    assert!(a.warnings.is_empty(), "{:?}", a.warnings);
}

#[test]
fn emoji_severity_sections_with_numbered_and_bulleted_findings() {
    let a = read("audits/emoji-sections.md");
    assert_eq!(
        rows(&a),
        vec![
            row(None, "SQL injection in search endpoint", "critical", "open"),
            row(None, "Hard-coded admin password", "critical", "open"),
            row(None, "No CSRF protection on forms", "high", "open"),
            // Struck through, "fixed in #123": resolved.
            row(None, "Session fixation on login", "high", "resolved"),
            // A trailing location with lines leaves the title for the
            // locations: ids are fingerprints of titles, and lines shift.
            row(
                None,
                "Logging of full request bodies includes tokens",
                "medium",
                "open"
            ),
            row(
                None,
                "Inconsistent naming in utils/helpers.py",
                "low",
                "open"
            ),
        ]
    );
    let locs: Vec<&[String]> = a.findings.iter().map(|f| &f.locations[..]).collect();
    assert_eq!(locs[0], ["api/search.py:42"]);
    assert_eq!(locs[4], ["middleware/log.py:10-30"]);
}

/// Reads markdown given inline, as the CLI reads a file.
fn parse_str(md: &str) -> auditgate::model::Audit {
    auditgate::parse::parse(md, "inline.md", &auditgate::parse::Vocabulary::default())
}

/// One title in two files is two findings; pasted twice in one file, one.
#[test]
fn a_title_repeated_for_another_file_is_another_finding() {
    let places = |a: &auditgate::model::Audit| -> Vec<(String, String, String)> {
        a.findings
            .iter()
            .map(|f| {
                (
                    f.locations.join(" "),
                    f.severity.to_string(),
                    f.status.to_string(),
                )
            })
            .collect()
    };
    let p = |l: &str, s: &str, st: &str| (l.to_string(), s.to_string(), st.to_string());
    let headings = parse_str(
        "# Review\n\n## Findings\n\n### Missing input validation\n\nSeverity: High\nFile: `api/users.py:10`\n\n\
         ### Missing input validation\n\nSeverity: Low\nStatus: Fixed\nFile: `api/orders.py:22`\n\n\
         ### Missing input validation\n\nSeverity: High\nFile: `api/users.py:10`\n",
    );
    assert_eq!(
        places(&headings),
        [
            p("api/users.py:10", "high", "open"),
            p("api/orders.py:22", "low", "resolved"),
        ]
    );
    // Both keep the title; the second's id is told apart.
    assert_eq!(headings.findings[0].title, headings.findings[1].title);
    assert_ne!(headings.findings[0].id, headings.findings[1].id);
    let table = parse_str(
        "# Review\n\n| ID | Title | Severity | Status | File |\n|---|---|---|---|---|\n\
         | 1 | Missing input validation | High | Open | `api/users.py:10` |\n\
         | 2 | Missing input validation | Medium | Open | `api/orders.py:22` |\n",
    );
    assert_eq!(
        places(&table),
        [
            p("api/users.py:10", "high", "open"),
            p("api/orders.py:22", "medium", "open"),
        ]
    );
}

/// Code inside a bold title is part of the title (an LLM's review writes
/// `**Broad `except Exception` swallows errors**`).
#[test]
fn a_code_span_inside_a_bold_title_stays_in_it() {
    let a = parse_str(
        "# Review\n\n## 🟠 High Priority\n\n\
         1. **No authentication on `/admin/refunds`** — `api/admin.py:88`\n\
         2. **Broad `except Exception` swallows errors** — `services/charge.py:102`\n",
    );
    assert_eq!(
        rows(&a),
        vec![
            row(None, "No authentication on /admin/refunds", "high", "open"),
            row(
                None,
                "Broad except Exception swallows errors",
                "high",
                "open"
            ),
        ]
    );
    assert_eq!(a.findings[1].locations[..], ["services/charge.py:102"]);
}

/// An action plan repeats findings, but an open item that rates itself and
/// matches none is a finding of its own; a tally or a bare to-do is not.
#[test]
fn an_open_plan_item_that_rates_itself_is_a_finding() {
    let a = parse_str(
        "# Review\n\n## Action items\n\n\
         - [ ] **[HIGH]** Path traversal in file download handler (files/views.py:12)\n\
         - [ ] Schedule a re-test with the vendor\n\
         - **Critical:** 4 (3 + 1 new)\n",
    );
    assert_eq!(
        rows(&a),
        vec![row(
            None,
            "Path traversal in file download handler",
            "high",
            "open"
        )]
    );
    assert_eq!(a.findings[0].locations[..], ["files/views.py:12"]);
}

/// An emoji alone rates a finding, in a heading or opening a bullet; before
/// a status it is the status's colour.
#[test]
fn an_emoji_alone_rates_a_finding() {
    let a = parse_str(
        "# R\n\n## Findings\n\n### 🟠 Weak password policy\n\nMinimum length is 6 (`identity/policy.py:10`).\n\n\
         ### 26.3 🟢 VERIFIED FALSE POSITIVE: No visibility guards\n\nThe guard exists.\n\n\
         ## Other findings\n\n- 🔴 Password reset token never expires (`identity/reset.py:55`)\n- 🟡 Verbose errors in production\n",
    );
    assert_eq!(
        rows(&a),
        vec![
            row(None, "Weak password policy", "high", "open"),
            row(Some("26.3"), "No visibility guards", "medium", "dismissed"),
            row(
                None,
                "Password reset token never expires",
                "critical",
                "open"
            ),
            row(None, "Verbose errors in production", "medium", "open"),
        ]
    );
    // The one whose emoji is its status's colour states no severity.
    let assumed: Vec<bool> = a.findings.iter().map(|f| f.severity_assumed).collect();
    assert_eq!(assumed, [false, true, false, false]);
}

/// Trail of Bits' layout: a finding's fields in a two-column table under
/// its heading, the first row being the table's header; CertiK's, their
/// names over one row of values. A two-column table of other words
/// (`| Category | Description |`) holds no fields.
#[test]
fn fields_in_a_two_column_table_under_each_finding() {
    let a = read("audits/field-tables.md");
    assert_eq!(
        rows(&a),
        vec![
            row(
                Some("1"),
                "Missing zero-address check in setOwner",
                "high",
                "open"
            ),
            row(
                Some("2"),
                "Share price rounds in the depositor's favour",
                "medium",
                "resolved"
            ),
            // Difficulty and Target only: a finding with no severity.
            row(
                Some("3"),
                "Events not emitted on fee changes",
                "medium",
                "open"
            ),
            // CertiK: the fields' names head the columns of one row.
            row(
                Some("SRC-02"),
                "Incorrect Fee Calculation",
                "critical",
                "resolved"
            ),
        ]
    );
    let locs: Vec<&str> = a.findings.iter().map(|f| &*f.locations[0]).collect();
    assert_eq!(
        locs,
        [
            "src/Vault.sol",
            "src/Shares.sol",
            "src/Fees.sol",
            "contracts/StarPair.sol"
        ]
    );
    let assumed: Vec<bool> = a.findings.iter().map(|f| f.severity_assumed).collect();
    assert_eq!(assumed, [false, false, true, false]);
}

/// Bold titles over plain field lines: each is a finding, and the chapter
/// heading above them is none (it had taken their fields for its own).
#[test]
fn bold_titles_over_plain_field_lines() {
    let a = parse_str(
        "# Review\n\n## 2. Detailed Findings\n\n\
         **Finding 2.1 — Card numbers written to application logs**\n\n\
         Severity: Critical\nLocation: `gw/logger.java:48`\n\n\
         The full PAN reaches the log at INFO level.\n\n\
         **Finding 2.2 — Idempotency keys not scoped per merchant**\n\n\
         Severity: High\nStatus: Resolved\n",
    );
    assert_eq!(
        rows(&a),
        vec![
            row(
                Some("Finding 2.1"),
                "Card numbers written to application logs",
                "critical",
                "open"
            ),
            row(
                Some("Finding 2.2"),
                "Idempotency keys not scoped per merchant",
                "high",
                "resolved"
            ),
        ]
    );
    assert_eq!(a.findings[0].locations[..], ["gw/logger.java:48"]);
    assert!(a.findings[0].body.contains("INFO level"));
    // Its place may follow the bold title on its line.
    let a = parse_str(
        "# R\n\n## Findings\n\n**Private key logged on startup** — `cmd/main.go:77`\n\nSeverity: Critical\n",
    );
    assert_eq!(
        rows(&a),
        vec![row(
            None,
            "Private key logged on startup",
            "critical",
            "open"
        )]
    );
    assert_eq!(a.findings[0].locations[..], ["cmd/main.go:77"]);
}

/// The chapters around the findings hold none: a summary's numbered
/// recommendations, an appendix, a glossary, a project's risk register
/// (its one row over a heading read once as that heading's fields), praise. An appendix that says
/// it holds findings does.
#[test]
fn chapters_around_the_findings_are_none() {
    let a = parse_str(
        "# Report\n\n## 1. Executive Summary\n\nOverall risk is high.\n\n\
         ### 1.1 Key Recommendations\n\n- Rotate all API keys.\n\n\
         ## 2. Findings\n\n### ORN-02: API keys stored in plaintext\n\n- **Severity:** High\n\n\
         ## 🟢 Low Priority / Nitpicks\n\n- Unused import `os` in `utils.py`.\n\n\
         ## ✅ What's Done Well\n\n- Good test coverage of the charge flow.\n\n\
         ## ✅ Things that look good\n\n- Clear module boundaries.\n\n\
         ## Risk Register\n\n| Risk | Likelihood | Impact | Mitigation |\n|---|---|---|---|\n\
         | Vendor lock-in to AWS | Medium | Medium | Abstract storage |\n\n\
         ## 5. Appendix\n\n### 5.1 Tools Used\n\n- Semgrep 1.80\n\n\
         ### 5.2 Glossary\n\n- **IDOR** — Insecure direct object reference.\n\n\
         ## Appendix A: Detailed Findings\n\n### 7.1 Verbose errors in production\n\n**Severity:** Low\n",
    );
    assert_eq!(
        rows(&a),
        vec![
            row(
                Some("ORN-02"),
                "API keys stored in plaintext",
                "high",
                "open"
            ),
            row(None, "Unused import os in utils.py.", "low", "open"),
            row(Some("7.1"), "Verbose errors in production", "low", "open"),
        ]
    );
}

/// OpenZeppelin's layout writes the fix under the finding's text as an
/// `**Update:**` paragraph; what it says is the finding's status.
#[test]
fn an_update_paragraph_states_the_status() {
    let a = parse_str(
        "# Audit\n\n## Critical Severity\n\n### Anyone Can Mint Tokens\n\nThe `mint` function lacks access control.\n\n\
         **Update:** *Resolved in pull request #4 at commit abc123.*\n\n\
         ## High Severity\n\n### Oracle Price Can Be Stale\n\nNo heartbeat check.\n\n\
         **Update:** *Acknowledged, not resolved. The team accepts the risk for now.*\n\n\
         ### Fee Can Be Set Above 100%\n\nNo upper bound.\n\n**Update:** *Partially resolved in pull request #7.*\n",
    );
    let st: Vec<String> = a.findings.iter().map(|f| f.status.to_string()).collect();
    assert_eq!(st, ["resolved", "open", "open"]);
}

/// A plain line with a ref and a title over field lines opens a finding,
/// as a bold title does; the chapter heading above it stays a chapter.
#[test]
fn a_ref_and_title_over_field_lines() {
    let a = parse_str(
        "# Review\n\n## Webhooks\n\n\
         Issue #1: Webhook signature compared with `==` (timing attack)\nSeverity: Medium\nFile: notify/webhook.py:61\n\n\
         Issue #2: Unbounded retry queue can exhaust memory\nSeverity: High\nStatus: Fixed\n",
    );
    assert_eq!(
        rows(&a),
        vec![
            row(
                Some("Issue #1"),
                "Webhook signature compared with == (timing attack)",
                "medium",
                "open"
            ),
            row(
                Some("Issue #2"),
                "Unbounded retry queue can exhaust memory",
                "high",
                "resolved"
            ),
        ]
    );
    assert_eq!(a.findings[0].locations[..], ["notify/webhook.py:61"]);
}

/// Under a findings chapter, a sub-heading over prose is a finding even
/// when nothing rates it; a one-word sub-heading stays a category.
#[test]
fn prose_sub_headings_under_a_findings_chapter_are_findings() {
    let a = parse_str(
        "# Review\n\n## Findings\n\n### Weak password policy\n\nMinimum length is 6 in `identity/policy.py:10`.\n\n\
         ### Authentication\n\nThe service uses OAuth throughout.\n",
    );
    assert_eq!(
        rows(&a),
        vec![row(None, "Weak password policy", "medium", "open")]
    );
    assert!(a.findings[0].severity_assumed);
    assert_eq!(a.findings[0].locations[..], ["identity/policy.py:10"]);
}

/// A finding's sub-headings are its parts whatever they are called once it
/// rates itself above them; before, an unknown one (`#### Retest on …`)
/// made the heading a chapter and the finding vanished, and a diff called
/// it resolved.
#[test]
fn sub_headings_of_a_rated_finding_are_its_parts() {
    let old = parse_str(
        "# R\n\n## Findings\n\n### 4.1 Signature replay across chains\n\nSeverity: Critical\n\n\
         ### 4.2 Nonce not incremented\n\nSeverity: Low\n",
    );
    let new = parse_str(
        "# R\n\n## Findings\n\n### 4.1 Signature replay across chains\n\nSeverity: Critical\n\n\
         #### Retest on 2025-02-01\n\nNot fixed yet.\n\n\
         ### 4.2 Nonce not incremented\n\nSeverity: Low\n\n\
         #### Recommended Mitigation Steps\n\nIncrement the nonce first.\n",
    );
    assert_eq!(
        rows(&new),
        vec![
            row(
                Some("4.1"),
                "Signature replay across chains",
                "critical",
                "open"
            ),
            row(Some("4.2"), "Nonce not incremented", "low", "open"),
        ]
    );
    let d = auditgate::diff::diff(&old, &new, &[]);
    assert!(d
        .changes
        .iter()
        .all(|c| c.class == auditgate::diff::Class::Persisting));
    // A chapter with a legend line that looks like a field is no finding:
    // it has no finding's number.
    let a = parse_str(
        "# Known Issues\n\nPriority: **P0** = ship blocker, **P1** = fix this sprint.\n\n## Backend\n\n\
         - [ ] **P0** Payment webhook accepts unsigned events — `server/webhooks/stripe.ts:22`\n\
         - [ ] **P1** Session tokens stored in localStorage — `web/src/auth/store.ts:5`\n",
    );
    assert_eq!(
        rows(&a),
        vec![
            row(
                None,
                "Payment webhook accepts unsigned events",
                "critical",
                "open"
            ),
            row(
                None,
                "Session tokens stored in localStorage",
                "high",
                "open"
            ),
        ]
    );
    // Contest reports name their parts so; nothing above them rates it.
    let a = parse_str(
        "# Report\n\n# High Risk Findings\n\n## [H-01] Pool drained through reentrancy in withdraw\n\n\
         ### Vulnerability Detail\n\nBalance is updated after the call.\n\n### Code Snippet\n\n`src/Pool.sol#L40`\n\n\
         ### Tool used\n\nManual review\n\n### Recommended Mitigation Steps\n\nUpdate the balance first.\n",
    );
    assert_eq!(
        rows(&a),
        vec![row(
            Some("H-01"),
            "Pool drained through reentrancy in withdraw",
            "high",
            "open"
        )]
    );
}

/// A tracker's export: Jira's priorities, its Key column as the ref, and a
/// row whose priority is empty kept with the assumed severity.
#[test]
fn a_tracker_export_keeps_every_row() {
    let a = parse_str(
        "# Security backlog\n\n| Key | Summary | Priority | Status |\n|---|---|---|---|\n\
         | SEC-101 | Stored XSS in ticket comments | Highest | Open |\n\
         | SEC-117 | Admin panel reachable without VPN | High | Open |\n\
         | SEC-140 | SSRF in PDF export | | Open |\n\
         | SEC-141 | Verbose server banner | Lowest | Done |\n",
    );
    assert_eq!(
        rows(&a),
        vec![
            row(
                Some("SEC-101"),
                "Stored XSS in ticket comments",
                "critical",
                "open"
            ),
            row(
                Some("SEC-117"),
                "Admin panel reachable without VPN",
                "high",
                "open"
            ),
            row(Some("SEC-140"), "SSRF in PDF export", "medium", "open"),
            row(Some("SEC-141"), "Verbose server banner", "info", "resolved"),
        ]
    );
    let assumed: Vec<bool> = a.findings.iter().map(|f| f.severity_assumed).collect();
    assert_eq!(assumed, [false, false, true, false]);
}

/// Jira's export states a resolution beside the status: `Done` over
/// `Won't Do` or `Duplicate` is a dismissal, not a fix.
#[test]
fn a_trackers_resolution_dismisses_what_its_status_closes() {
    let a = parse_str(
        "| Issue key | Summary | Priority | Status | Resolution |\n|---|---|---|---|---|\n\
         | PLAT-2291 | Admin impersonation endpoint lacks audit trail | High | In Progress | Unresolved |\n\
         | PLAT-2299 | Password reset token reusable after use | High | Done | Fixed |\n\
         | PLAT-2310 | CSV export vulnerable to formula injection | Medium | Done | Won't Do |\n\
         | PLAT-2311 | CSV export formula injection (copy) | Medium | Done | Duplicate |\n",
    );
    let got: Vec<(Option<String>, String)> = a
        .findings
        .iter()
        .map(|f| {
            (
                f.reference.as_deref().map(str::to_string),
                f.status.as_str().to_string(),
            )
        })
        .collect();
    let want = [
        ("PLAT-2291", "open"),
        ("PLAT-2299", "resolved"),
        ("PLAT-2310", "dismissed"),
        ("PLAT-2311", "dismissed"),
    ];
    assert_eq!(got, want.map(|(r, s)| (Some(r.to_string()), s.to_string())));
}

/// Contest reports rate a finding by its id's letter (`C-01`, `H-1`,
/// `M-01`): weakly, so a severity stated for it wins, but over the impact
/// alone (Pashov's `**Impact:** High` on a medium finding).
#[test]
fn a_contest_id_letter_rates_the_finding() {
    let a = parse_str(
        "# Findings\n\n## Issue H-1: Stale oracle price lets liquidators seize healthy positions\n\n\
         Source: https://github.com/sherlock-audit/x-judging/issues/42\n\n### Summary\n\nText.\n\n\
         # [M-01] Share inflation attack on first deposit\n\n## Severity\n\n**Impact:** High\n\n**Likelihood:** Low\n\n\
         # [L-02] Fee rounding favours the protocol\n\n**Severity:** Medium\n",
    );
    assert_eq!(
        rows(&a),
        vec![
            row(
                Some("H-1"),
                "Stale oracle price lets liquidators seize healthy positions",
                "high",
                "open"
            ),
            row(
                Some("M-01"),
                "Share inflation attack on first deposit",
                "medium",
                "open"
            ),
            // A stated severity beats the letter.
            row(
                Some("L-02"),
                "Fee rounding favours the protocol",
                "medium",
                "open"
            ),
        ]
    );
}

/// A heading that is a closing status and nothing else closes what it
/// holds; firms' and trackers' status words read as theirs.
#[test]
fn status_headings_and_status_words_of_firms_and_trackers() {
    let a = parse_str(
        "# R\n\n## High\n\n- **SQL injection in search** (`api/search.py:40`)\n\n\
         ## ✅ Resolved\n\n- **[CRITICAL]** Hardcoded Stripe key (`billing/keys.py:3`)\n\n\
         ## Won't Fix\n\n- **[LOW]** Verbose server banner (`nginx.conf:8`)\n\n\
         ## Not Fixed Yet\n\n- **[HIGH]** Token replay window (`auth/session.py:77`)\n\n\
         ## Fixed Since Last Review\n\n- **[CRITICAL]** OAuth state not validated (`auth/cb.go:47`)\n\n\
         ## Previously reported, now fixed\n\n- **[HIGH]** Open redirect on login (`auth/login.go:9`)\n\n\
         ## Accepted Risks\n\n- **[LOW]** Legacy TLS 1.1 on the admin port (`nginx/admin.conf:4`)\n\n\
         ## ✅ Positive Observations\n\n- Passwords are hashed with argon2id.\n\n\
         ## Tracker\n\n| ID | Title | Severity | Status |\n|---|---|---|---|\n\
         | HAL-01 | Signature replay across chains | Critical | SOLVED - 01/20/2025 |\n\
         | HAL-02 | Floating pragma | Low | PARTIALLY SOLVED |\n\
         | HAL-03 | Missing events on fee change | Low | Won't Do |\n",
    );
    let st: Vec<(&str, String)> = a
        .findings
        .iter()
        .map(|f| (&*f.title, f.status.to_string()))
        .collect();
    assert_eq!(
        st,
        [
            ("SQL injection in search", "open".to_string()),
            ("Hardcoded Stripe key", "resolved".to_string()),
            ("Verbose server banner", "dismissed".to_string()),
            ("Token replay window", "open".to_string()),
            // When it was fixed is no part of the status.
            ("OAuth state not validated", "resolved".to_string()),
            ("Open redirect on login", "resolved".to_string()),
            // A status phrase in the plural; praise is no finding.
            ("Legacy TLS 1.1 on the admin port", "dismissed".to_string()),
            ("Signature replay across chains", "resolved".to_string()),
            ("Floating pragma", "open".to_string()),
            ("Missing events on fee change", "dismissed".to_string()),
        ]
    );
}

/// Cantina's layout: a `Context` field names the code, and `Gas
/// Optimization` is a rating.
#[test]
fn cantina_context_and_gas_findings() {
    let a = parse_str(
        "# R\n\n## Findings\n\n### Missing slippage bound\n\n**Severity:** High Risk\n\n\
         **Context:** LMPStrategy.sol#L201-L240\n\n### Cache array length\n\n**Severity:** Gas Optimization\n\n\
         **Context:** Pool.sol#L12\n",
    );
    assert_eq!(
        rows(&a),
        vec![
            row(None, "Missing slippage bound", "high", "open"),
            row(None, "Cache array length", "info", "open"),
        ]
    );
    assert_eq!(a.findings[0].locations[..], ["LMPStrategy.sol:201-240"]);
}

#[test]
fn prose_sub_headings_under_severity_headings_are_findings() {
    let a = read("audits/prose-severity.md");
    // The table of contents, overview, methodology, a "None" section, an
    // overview heading under "Medium" and the recommendations are not findings.
    assert_eq!(
        rows(&a),
        vec![
            row(
                None,
                "Card numbers written to the access log",
                "critical",
                "open"
            ),
            row(
                None,
                "Refund amount is not bounded by the charge",
                "high",
                "open"
            ),
            row(
                None,
                "Idempotency keys expire after one minute",
                "high",
                "open"
            ),
            row(None, "Webhook retries have no backoff", "medium", "open"),
        ]
    );
}

#[test]
fn severity_heading_parts_and_groups_stay_what_they_are() {
    let a = parse_str(
        "# Audit\n\n## High\n\n### Authentication\n- Token logged at startup\n- No lockout after failed logins\n\n## Medium\n\n### Impact\n\nSee below.\n\n### Missing CSP header\nThe app sends none.\n",
    );
    // A heading opening a list groups the bullets, which are the findings;
    // a heading named like a field is part of a finding.
    assert_eq!(
        rows(&a),
        vec![
            row(None, "Token logged at startup", "high", "open"),
            row(None, "No lockout after failed logins", "high", "open"),
            row(None, "Missing CSP header", "medium", "open"),
        ]
    );
}

#[test]
fn a_finding_that_loses_its_fields_persists() {
    let old = parse_str(
        "# Audit\n\n## High\n\n### Token logged at startup\n**Location:** `app/config.py:22`\n\n### No rate limit on login\n**Location:** `app/auth.py:40`\n",
    );
    let new = parse_str(
        "# Audit\n\n## High\n\n### Token logged at startup\n**Location:** `app/config.py:22`\n\n### No rate limit on login\nStill open: any password can be tried at full speed.\n",
    );
    let d = auditgate::diff::diff(&old, &new, &[]);
    assert_eq!(d.changes.len(), 2);
    assert!(d
        .changes
        .iter()
        .all(|c| c.class == auditgate::diff::Class::Persisting));
}

/// A pass that omits a finding's severity neither lowers nor raises it:
/// the assumed default is a guess, not the author's word.
#[test]
fn an_omitted_severity_is_no_severity_change() {
    let stated = parse_str(
        "# Audit\n\n## Findings\n\n### Token logged at startup\n\n**Severity:** Critical\n**Location:** `app/config.py:22`\n",
    );
    let omitted = parse_str(
        "# Audit\n\n## Findings\n\n### Token logged at startup\n\n**Location:** `app/config.py:22`\n",
    );
    assert!(omitted.findings[0].severity_assumed);
    for (old, new) in [(&stated, &omitted), (&omitted, &stated)] {
        let d = auditgate::diff::diff(old, new, &[]);
        assert_eq!(d.changes.len(), 1);
        assert_eq!(d.changes[0].class, auditgate::diff::Class::Persisting);
        assert_eq!(d.changes[0].severity_change, None);
    }
    // It keeps the severity last stated, in the change and in the counts:
    // a critical that lost its word is still a critical.
    let d = auditgate::diff::diff(&stated, &omitted, &[]);
    let new = d.changes[0].new.as_ref().unwrap();
    assert_eq!(new.severity.to_string(), "critical");
    assert_eq!((d.old.counts.critical, d.new.counts.critical), (1, 1));
    assert_eq!(d.new.counts.medium, 0);
}

#[test]
fn bracketed_tags_in_headings_paragraphs_and_bullets() {
    let a = read("audits/tagged-review.md");
    assert_eq!(
        rows(&a),
        vec![
            row(
                None,
                "Role check happens only in the router",
                "critical",
                "open"
            ),
            row(None, "Session token kept in sessionStorage", "high", "open"),
            row(
                None,
                "Stale tenant data after a quick switch",
                "medium",
                "open"
            ),
            // Struck, then "— fixed in #412": resolved, the note not in the title.
            row(None, "Effect loop in useSearch", "high", "resolved"),
            row(None, "Debounce timer never cleared", "low", "open"),
            row(
                None,
                "Chart re-renders on every tooltip move",
                "high",
                "open"
            ),
            row(
                None,
                "Large table rendered without virtualisation",
                "high",
                "open"
            ),
            row(None, "Source maps served in production", "critical", "open"),
            row(None, "Fonts block the first paint", "medium", "open"),
            row(
                None,
                "Remove the unused moment.js import",
                "low",
                "resolved"
            ),
            // "(medium) — came back …": the severity is read, the comment cut.
            row(None, "Split the settings bundle", "medium", "open"),
            row(None, "Preload the hero image", "low", "dismissed"),
        ]
    );
    assert_eq!(a.findings[2].locations[..], ["src/store/tenant.ts:48"]);
}

#[test]
fn a_severity_note_survives_a_comment_across_passes() {
    let old = parse_str("# C\n\n## Ops\n\n- [x] ~~Drop the debug route (high)~~\n");
    let new =
        parse_str("# C\n\n## Ops\n\n- [ ] Drop the debug route (high) — back in the arm64 build\n");
    assert_eq!(new.findings[0].title, old.findings[0].title);
    let d = auditgate::diff::diff(&old, &new, &[]);
    assert_eq!(d.changes.len(), 1);
    assert_eq!(d.changes[0].class, auditgate::diff::Class::Regressed);
}

#[test]
fn severity_fields_cvss_scores_statuses_and_numbered_items() {
    let a = read("audits/assessment-fields.md");
    assert_eq!(
        rows(&a),
        vec![
            row(
                Some("Finding 1"),
                "Password reset link reusable",
                "high",
                "resolved"
            ),
            row(
                Some("Finding 2"),
                "Audit log can be edited by tenants",
                "critical",
                "open"
            ),
            // "Impact" rates a finding that states no severity …
            row(Some("Finding 3"), "Report export is slow", "low", "open"),
            // … but not one that does.
            row(
                Some("Finding 4"),
                "Balance endpoint leaks other tenants' totals",
                "medium",
                "dismissed"
            ),
            row(
                Some("Finding 5"),
                "Server header names the framework version",
                "low",
                "dismissed"
            ),
            row(
                Some("Finding 6"),
                "Deserialisation of uploaded ledgers",
                "critical",
                "resolved"
            ),
            // Acknowledged is not a decision to leave it: still open.
            row(
                Some("Finding 7"),
                "Admin actions not rate limited",
                "medium",
                "open"
            ),
            row(None, "Currency rounding done with floats", "high", "open"),
            row(None, "Stale feature flags in settings", "low", "resolved"),
        ]
    );
    assert_eq!(a.findings[0].locations[..], ["ledger/auth/reset.py:31"]);
    assert_eq!(a.findings[7].locations[..], ["ledger/money.py:40"]);
}

#[test]
fn a_fix_note_bullet_under_a_heading_closes_the_heading() {
    let a = parse_str(
        "# Code Review\n\n## Findings\n\n\
         ### High: Unsafe YAML load in config loader\n\n`yaml.load` in `app/config.py:22`.\n\n\
         - **Update 2025-11-10:** ✅ Fixed in #41, now uses `yaml.safe_load`.\n\n\
         ### Low: Debug toolbar enabled\n\n- **Resolution:** Won't fix, only in dev builds.\n\n\
         ### Medium: Missing CSRF token\n\n- **Update (2025-11-10):** still open, needs a token.\n\n\
         ## Tracker\n\nIssue 1234: SQL injection in search\nSeverity: High\nFile: api/search.py:10\n",
    );
    assert_eq!(
        rows(&a),
        vec![
            row(
                None,
                "Unsafe YAML load in config loader",
                "high",
                "resolved"
            ),
            row(None, "Debug toolbar enabled", "low", "dismissed"),
            row(None, "Missing CSRF token", "medium", "open"),
            // A number after a key is no date: `Issue 1234` names the finding.
            row(
                Some("Issue 1234"),
                "SQL injection in search",
                "high",
                "open"
            ),
        ]
    );
    assert_eq!(a.findings[0].locations[..], ["app/config.py:22"]);
}

#[test]
fn a_log_of_passes_under_dated_headings_counts_each_finding_once() {
    let a = parse_str(
        "# Review log\n\n## 2025-11-03\n\n\
         ### High: Unsafe YAML load in config loader (`app/config.py:22`)\n\n\
         ### Medium: Missing CSRF token on settings form\n\n\
         ## 2025-11-10\n\n\
         ### High: Unsafe YAML load in config loader (still present)\n\n\
         ### ~~Medium: Missing CSRF token on settings form~~ ✅ Fixed 2025-11-10\n\n\
         ### Low: Debug toolbar (unchanged)\n",
    );
    assert_eq!(
        rows(&a),
        vec![
            row(None, "Unsafe YAML load in config loader", "high", "open"),
            // The later entry is the later word on it.
            row(
                None,
                "Missing CSRF token on settings form",
                "medium",
                "resolved"
            ),
            row(None, "Debug toolbar", "low", "open"),
        ]
    );
}

#[test]
fn paragraphs_led_by_a_bold_severity_and_bullets_ending_with_one() {
    let a = parse_str(
        "# Review\n\n## Findings\n\n\
         **High — Security group allows SSH from anywhere**\n`modules/bastion/sg.tf:9` opens port 22.\n\n\
         **CRITICAL: RDS instance is publicly accessible**\n\nIt is.\n\n\
         ## Networking\n\n**Medium** — Flow logs are off.\n\n\
         ## Auth\n\n\
         - LDAP filter built by string concatenation (High)\n\
         - Failed logins are not logged — Medium\n\n\
         ## Notes\n\n- The team was helpful.\n- Scope was the API only.\n",
    );
    assert_eq!(
        rows(&a),
        vec![
            row(
                None,
                "Security group allows SSH from anywhere",
                "high",
                "open"
            ),
            row(
                None,
                "RDS instance is publicly accessible",
                "critical",
                "open"
            ),
            row(None, "Flow logs are off.", "medium", "open"),
            row(
                None,
                "LDAP filter built by string concatenation",
                "high",
                "open"
            ),
            row(None, "Failed logins are not logged", "medium", "open"),
        ]
    );
    assert_eq!(a.findings[0].locations[..], ["modules/bastion/sg.tf:9"]);
}

#[test]
fn review_triage_sections_rate_their_findings() {
    let a = parse_str(
        "# Review\n\n## Must fix\n\n\
         - **Secrets in Docker image** (`Dockerfile:14`): `.env` is copied into a layer.\n\n\
         ## Should fix\n\n- **No timeout on outbound SMTP** (`mail/sender.py:30`): a hung server blocks.\n\n\
         ## Nice to have\n\n- **Split utils.py** into modules.\n\n\
         ## High-Priority Issues\n\n#### 2. Token replay window\n\n`auth/t.py:3`\n\n\
         ## Low-hanging fruit\n\n- **Rename the config flag** for clarity.\n",
    );
    assert_eq!(
        rows(&a),
        vec![
            row(None, "Secrets in Docker image", "high", "open"),
            row(None, "No timeout on outbound SMTP", "medium", "open"),
            row(None, "Split utils.py", "low", "open"),
            row(Some("2"), "Token replay window", "high", "open"),
            // "Low-hanging" rates nothing.
            row(None, "Rename the config flag", "medium", "open"),
        ]
    );
}

#[test]
fn an_issue_export_with_metadata_bullets_is_one_finding_per_issue() {
    let a = parse_str(
        "# Security issues export\n\n\
         ## #412 SQL injection in product search sort parameter\n\n\
         - **Assignee:** @dana\n- **Opened:** 2025-10-02\n- **Severity:** critical\n\n\
         The sort parameter is interpolated.\n\n\
         ## #418 Password reset tokens do not expire\n\n\
         **State:** closed\n**Severity:** high\n\nTokens have no TTL.\n\n\
         ## Tech Debt\n\n- **Database layer:** Raw SQL strings are assembled by hand in the repositories.\n",
    );
    assert_eq!(
        rows(&a),
        vec![
            row(
                Some("#412"),
                "SQL injection in product search sort parameter",
                "critical",
                "open"
            ),
            row(
                Some("#418"),
                "Password reset tokens do not expire",
                "high",
                "resolved"
            ),
            row(None, "Database layer", "medium", "open"),
        ]
    );
}

#[test]
fn a_note_on_a_finding_of_a_register_table_is_folded_into_its_row() {
    let a = parse_str(
        "# Register\n\n\
         | Key | Finding | Severity | Status |\n|-----|---------|----------|--------|\n\
         | SEC-103 | Outdated OpenSSL in base image | High | Open |\n\
         | SEC-104 | Admin panel reachable without VPN | Critical | Open |\n\n\
         ## Notes\n\n\
         - SEC-103 is blocked on the base image rebuild.\n\
         - SEC-104 fixed in #212\n",
    );
    // The row is the finding: a note neither retitles nor re-rates it,
    // and a note's verdict closes it.
    assert_eq!(
        rows(&a),
        vec![
            row(
                Some("SEC-103"),
                "Outdated OpenSSL in base image",
                "high",
                "open"
            ),
            row(
                Some("SEC-104"),
                "Admin panel reachable without VPN",
                "critical",
                "resolved"
            ),
        ]
    );
}

#[test]
fn a_changelog_of_dated_entries_closes_the_findings_it_names() {
    let a = parse_str(
        "# Auth review\n\n\
         ### AUTH-1: Refresh tokens never expire\n**Severity:** High\n\n\
         ### AUTH-2: Password reset link leaks via Referer header\n**Severity:** Medium\n\n\
         ### AUTH-3: Login form allows username enumeration\n**Severity:** Medium\n\n\
         ## Changelog\n\n\
         - 2025-11-20 — AUTH-2 fixed in #412.\n\
         - 2025-11-28: AUTH-3 accepted as risk by product.\n\
         - 2025-11-29 — AUTH-1 still open, fix planned.\n",
    );
    assert_eq!(
        rows(&a),
        vec![
            row(
                Some("AUTH-1"),
                "Refresh tokens never expire",
                "high",
                "open"
            ),
            row(
                Some("AUTH-2"),
                "Password reset link leaks via Referer header",
                "medium",
                "resolved"
            ),
            row(
                Some("AUTH-3"),
                "Login form allows username enumeration",
                "medium",
                "dismissed"
            ),
        ]
    );
}

#[test]
fn notes_that_name_a_finding_by_its_ref_are_folded_into_it() {
    let a = parse_str(
        "# Audit\n\n## Findings\n\n\
         ### #3 SQL injection in search endpoint\n\n**Severity:** High\n\nInput is concatenated.\n\n\
         ### #4 Missing rate limit on login\n\n**Severity:** Medium\n\nNo throttling.\n\n\
         ### TD-104 Legacy XML parser enabled\n\n**Severity:** Low\n\nExternal entities resolve.\n\n\
         ### 5. Fixed salt used for password hashes\n\n**Severity:** High\n\nOne salt for all users.\n\n\
         ## Notes\n\n\
         - #3 fixed in PR #212\n\
         - TD-104 can be dropped once the importer is retired\n\
         - #4 is tracked in JIRA SEC-88\n\n\
         ## Follow-ups\n\n- [ ] #5 Add a CAPTCHA to the signup form\n",
    );
    assert_eq!(
        rows(&a),
        vec![
            // The note's verdict closes the finding it names.
            row(
                Some("#3"),
                "SQL injection in search endpoint",
                "high",
                "resolved"
            ),
            row(Some("#4"), "Missing rate limit on login", "medium", "open"),
            row(Some("TD-104"), "Legacy XML parser enabled", "low", "open"),
            // "Fixed" before another word is the title's.
            row(
                Some("5"),
                "Fixed salt used for password hashes",
                "high",
                "open"
            ),
            // `#5` names no finding here: `### 5.` may be any list's item 5.
            row(
                Some("#5"),
                "Add a CAPTCHA to the signup form",
                "medium",
                "open"
            ),
        ]
    );
}

#[test]
fn bullets_that_end_with_their_rating_under_a_category_heading() {
    // `## Security` is a findings section that implies medium: a bullet
    // that rates itself at its end is a finding there too, and its
    // rating's label leaves the title.
    let a = parse_str(
        "# Review\n\n## Security\n\n\
         - Failed logins are not logged. **Severity: High**\n\
         - Session cookie lacks the Secure flag (Low)\n\
         - Password reset link reused — Priority: P0\n",
    );
    assert_eq!(
        rows(&a),
        vec![
            row(None, "Failed logins are not logged.", "high", "open"),
            row(None, "Session cookie lacks the Secure flag", "low", "open"),
            row(None, "Password reset link reused", "critical", "open"),
        ]
    );
}

#[test]
fn pentest_fields_risk_over_cvss_struck_scores_and_retest_verdicts() {
    let a = parse_str(
        "# Pentest — Customer API (retest)\n\n\
         ### 4.1 Broken object level authorization\n\
         - **Risk:** Critical\n- **CVSS 3.1:** 8.8\n- **Retest:** ✅ Fixed\n\n\
         ### 4.5 Missing access control on setOracle\n\
         - **Risk:** High\n- **Fix review:** Resolved in PR #88.\n\n\
         ### 4.2 JWT accepted after logout\n\
         - **Risk:** ~~High~~ Medium\n- **CVSS 3.1:** ~~7.1~~ 5.4\n\n\
         ### 4.3 Verbose errors\n\
         - **Impact:** Critical\n- **CVSS 3.1:** ~~7.5~~ 3.1\n- **Triage:** false positive\n\n\
         ## Register\n\n| ID | Severity | Title | Status |\n|---|---|---|---|\n\
         | BP-01 | High | Stored XSS in invoice notes | Open |\n\
         | **Total** | | **1 finding** | |\n",
    );
    assert_eq!(
        rows(&a),
        vec![
            // The risk rating is the author's verdict; CVSS a base score.
            row(
                Some("4.1"),
                "Broken object level authorization",
                "critical",
                "resolved"
            ),
            row(
                Some("4.5"),
                "Missing access control on setOracle",
                "high",
                "resolved"
            ),
            // Struck values are no longer the rating, nor the score.
            row(Some("4.2"), "JWT accepted after logout", "medium", "open"),
            // A score beats an impact.
            row(Some("4.3"), "Verbose errors", "low", "dismissed"),
            // The totals row is no finding.
            row(Some("BP-01"), "Stored XSS in invoice notes", "high", "open"),
        ]
    );
}

#[test]
fn tracker_exports_with_fields_side_by_side_and_labels() {
    let a = parse_str(
        "# Security issues export\n\n\
         ## #150 Rails 6.0 is end-of-life\n\
         **State:** open · **Labels:** `security`, `severity: low`\n\n\
         ## #153 Mass assignment lets users set is_admin\n\
         **Severity:** critical · **State:** closed\n\n\
         ## #147 Open redirect on logout\n\
         **State:** closed (not planned) · **Labels:** `security`, `sev/medium`\n\n\
         ## #160 GraphQL introspection enabled in production\n\
         - **Labels:** `security` `priority: P0`\n\
         - **Assignee:** @dana\n\n\
         ## #161 Verbose logging of request bodies\n\
         Severity: High; Status: Fixed\n\n\
         ## #162 Reconcile requeues failures without backoff\n\
         **Severity:** Medium. **Status:** Fixed\n\n\
         ## #163 Webhook secret compared in plain text\n\
         **Severity:** Low — **Status:** Won't fix, see #12\n\n\
         ## #1842 SSRF via callback_url in payouts\n\
         **Labels:** security, P1, critical-path\n",
    );
    assert_eq!(
        rows(&a),
        vec![
            row(Some("#150"), "Rails 6.0 is end-of-life", "low", "open"),
            // The second field of a line is read too.
            row(
                Some("#153"),
                "Mass assignment lets users set is_admin",
                "critical",
                "resolved"
            ),
            // GitHub's reason for closing.
            row(
                Some("#147"),
                "Open redirect on logout",
                "medium",
                "dismissed"
            ),
            // A labels bullet is a field, not a finding named `Labels`.
            row(
                Some("#160"),
                "GraphQL introspection enabled in production",
                "critical",
                "open"
            ),
            row(
                Some("#161"),
                "Verbose logging of request bodies",
                "high",
                "resolved"
            ),
            // A stop or a dash between two fields.
            row(
                Some("#162"),
                "Reconcile requeues failures without backoff",
                "medium",
                "resolved"
            ),
            row(
                Some("#163"),
                "Webhook secret compared in plain text",
                "low",
                "dismissed"
            ),
            // A priority's code is a label of its own; a rating's word in
            // another label rates nothing.
            row(
                Some("#1842"),
                "SSRF via callback_url in payouts",
                "high",
                "open"
            ),
        ]
    );
}

#[test]
fn an_empty_details_block_after_a_finding_makes_no_group_of_it() {
    // Its summary reads as a sub-heading; with nothing under it, the
    // finding above is still a finding, and its fields are still fields.
    let a = parse_str(
        "# Scan\n\n### rule.pickle\n- **Severity:** ERROR\n- **File:** `orders/cache.py:33`\n\
         - **Message:** Avoid pickle.\n\n\
         <details><summary>Fixed since previous scan (0)</summary>\n</details>\n",
    );
    assert_eq!(rows(&a), vec![row(None, "rule.pickle", "high", "open")]);
    assert_eq!(a.findings[0].locations[..], ["orders/cache.py:33"]);
}

#[test]
fn bilingual_field_keys_are_the_fields_they_name() {
    let a = parse_str(
        "# Sicherheitsaudit / Security Audit\n\n\
         ### K-1 SQL-Injection im Login / SQL injection in login\n\
         - **Schweregrad / Severity:** Kritisch / Critical\n\
         - **Datei / File:** `portal/login.php:27`\n\
         - **Status:** ✅ Behoben / Fixed\n\n\
         ### H-02 Passwörter mit MD5 gehasht\n\
         - **Schweregrad / Severity:** Hoch / High\n\
         - **Status / Status:** Behoben / Fixed\n",
    );
    assert_eq!(
        rows(&a),
        vec![
            row(
                Some("K-1"),
                "SQL-Injection im Login / SQL injection in login",
                "critical",
                "resolved"
            ),
            // The value in a language we read, second.
            row(
                Some("H-02"),
                "Passwörter mit MD5 gehasht",
                "high",
                "resolved"
            ),
        ]
    );
    assert_eq!(a.findings[0].locations[..], ["portal/login.php:27"]);
}

#[test]
fn a_review_by_file_places_its_findings_at_the_heading_file() {
    let a = parse_str(
        "# Code Review: Findings by File\n\n\
         ## `src/auth/login.ts`\n\n\
         - 🟡 **Medium** — No lockout after repeated failed logins (line 60).\n\
         - 🟠 **High** — Session id not rotated at login (`src/auth/session.ts:12`).\n\n\
         ## `src/api/upload.ts`\n\n\
         - 🔵 **Low** — Upload size limit is 500 MB.\n\n\
         ### 2.2.1 `internal/store/pg.go`\n\n\
         #### 2.2.1.1 SQL built with `fmt.Sprintf` for ORDER BY column\n\n\
         **Severity:** High\n\nLine 212. The column name comes from the query.\n\n\
         ## Notes on `src/db/query.ts`\n\n\
         - 🟠 **High** — buildWhere() concatenates column names into SQL (line 72).\n",
    );
    let got: Vec<(&str, Vec<&str>)> = a
        .findings
        .iter()
        .map(|f| (&*f.title, f.locations.iter().map(String::as_str).collect()))
        .collect();
    assert_eq!(
        got,
        [
            // The line named in words is the place's, not the title's.
            (
                "No lockout after repeated failed logins",
                vec!["src/auth/login.ts:60"]
            ),
            // A place of its own stays its own.
            (
                "Session id not rotated at login",
                vec!["src/auth/session.ts:12"]
            ),
            ("Upload size limit is 500 MB.", vec!["src/api/upload.ts"]),
            // Numbered as a chapter, the line named in the body.
            (
                "SQL built with fmt.Sprintf for ORDER BY column",
                vec!["internal/store/pg.go:212"]
            ),
            // A heading that is more than a path files nothing.
            (
                "buildWhere() concatenates column names into SQL (line 72).",
                vec![]
            ),
        ]
    );
}

#[test]
fn a_dated_log_keeps_the_latest_word_on_each_place() {
    // Newest first. Each day's entry at a place is that day's word on the
    // finding there, in that day's words.
    let a = parse_str(
        "# Audit log\n\n## 2025-06-24\n\n\
         - **[CRITICAL]** `modules/kms/key.tf:9` — KMS key policy grants `kms:*` to `*`.\n\
         - **[RESOLVED]** `envs/prod/iam.tf:40` — CI role `AdministratorAccess` replaced with a scoped policy.\n\
         - **[HIGH]** `modules/eks/cluster.tf:14` — EKS public endpoint still open; raised to high.\n\n\
         ## 2025-06-03\n\n\
         - **[CRITICAL]** `envs/prod/iam.tf:40` — CI role has `AdministratorAccess` attached.\n\
         - **[MEDIUM]** `modules/eks/cluster.tf:14` — EKS API endpoint open to `0.0.0.0/0`.\n\
         - **[LOW]** `modules/eks/cluster.tf:30` — Node group uses a public AMI.\n\n\
         ## 2025-05-20\n\n- **[CRITICAL]** `auth.py:40` — SQL injection in login handler\n\n\
         ## 2025-05-27\n\n- **[HIGH]** `auth.py:40` — Missing rate limit in login handler\n",
    );
    assert_eq!(
        rows(&a),
        vec![
            row(
                None,
                "KMS key policy grants kms:* to *.",
                "critical",
                "open"
            ),
            // The first entry's title, the latest stated status and severity.
            row(
                None,
                "CI role has AdministratorAccess attached.",
                "critical",
                "resolved"
            ),
            row(None, "EKS API endpoint open to 0.0.0.0/0.", "high", "open"),
            row(None, "Node group uses a public AMI.", "low", "open"),
            // Another finding at a finding's line, in words of its own.
            row(None, "SQL injection in login handler", "critical", "open"),
            row(None, "Missing rate limit in login handler", "high", "open"),
        ]
    );
    assert_eq!(a.findings[1].locations[..], ["envs/prod/iam.tf:40"]);
}

#[test]
fn review_comments_led_by_their_place_and_label() {
    let a = parse_str(
        "# Review of PR #88\n\n\
         **`api/views.py:31`** — 🔴 **Blocking**\n\n\
         The queryset is not filtered by the request user. Any user can read any order.\n\n\
         - Filter by `request.user`.\n\n\
         `api/serializers.py:12` — nit\n\nConsider `read_only_fields` for `owner`.\n\n\
         `api/urls.py:4` — Question\n\nIs this route still used?\n",
    );
    assert_eq!(
        rows(&a),
        vec![
            // The first sentence of the comment titles it.
            row(
                None,
                "The queryset is not filtered by the request user",
                "critical",
                "open"
            ),
            row(None, "Consider read_only_fields for owner", "low", "open"),
        ]
    );
    assert_eq!(a.findings[0].locations[..], ["api/views.py:31"]);
    assert!(a.findings[0].body.contains("Filter by"));
}

#[test]
fn an_assistant_review_of_places_over_quoted_comments() {
    // Copilot's pull request review: a first heading over the whole of it
    // (an "overview", which summarises nothing else), a table of the files
    // reviewed, then each comment's place in bold over a quoted paragraph.
    let a = parse_str(
        "## Pull request overview\n\nThis PR adds CSV export.\n\n\
         ### Reviewed changes\n\n| File | Description |\n|------|-------------|\n\
         | `reports/views.py` | Adds the export endpoint |\n\n\
         ### Comments\n\n\
         **reports/views.py:45**\n\
         > ⚠️ **Security:** The `report_id` parameter is formatted into raw SQL. Use parameters.\n\n\
         **reports/tests/test_export.py:10**\n\
         > Nit: the test name `test_1` is not descriptive.\n",
    );
    assert_eq!(
        rows(&a),
        vec![
            // A label before the colon is no part of the title; a review
            // label rates the comment, another leaves it to be assumed.
            row(
                None,
                "The report_id parameter is formatted into raw SQL",
                "medium",
                "open"
            ),
            row(
                None,
                "the test name test_1 is not descriptive",
                "low",
                "open"
            ),
        ]
    );
    assert!(a.findings[0].severity_assumed);
    assert_eq!(a.findings[0].locations[..], ["reports/views.py:45"]);
    assert_eq!(
        a.findings[1].locations[..],
        ["reports/tests/test_export.py:10"]
    );
}

#[test]
fn a_dependency_audit_with_the_teams_decisions_and_rated_bullets() {
    let a = parse_str(
        "# Dependency audit\n\n## Vulnerable packages\n\n\
         | Package | Installed | Fixed in | Advisory | Severity | Decision |\n\
         |---|---|---|---|---|---|\n\
         | `jsonwebtoken` | 8.5.1 | 9.0.0 | CVE-2022-23529 | Critical | Upgrade — done in #1201 ✅ |\n\
         | `requests` | 2.31.0 | 2.32.0 | CVE-2024-35195 | Medium | Accepted risk — we never set `verify=False` |\n\
         | `ip` | 2.0.0 | — | CVE-2024-29415 | High | Upgrade |\n\n\
         ## Licence issues\n\n\
         - **`left-pad-gpl`** is GPL-3.0 and bundled in the build (`frontend/package.json:44`). \
         **Severity: High** — legal must approve or we replace it.\n\
         - **`fonts-foo`** has no licence file. **Severity:** Low, as it ships no code.\n\
         - **`request`** is deprecated, still used. Severity: medium. Owner: @amir\n",
    );
    assert_eq!(
        rows(&a),
        vec![
            // A `Decision` column is the team's word where no status column is.
            row(None, "jsonwebtoken: CVE-2022-23529", "critical", "resolved"),
            row(None, "requests: CVE-2024-35195", "medium", "dismissed"),
            row(None, "ip: CVE-2024-29415", "high", "open"),
            // A bold rating in the middle of a bullet rates it.
            row(None, "left-pad-gpl", "high", "open"),
            row(None, "fonts-foo", "low", "open"),
            row(None, "request", "medium", "open"),
        ]
    );
    assert_eq!(a.findings[3].locations[..], ["frontend/package.json:44"]);
    assert!(!a.findings[5].severity_assumed);
}

#[test]
fn severity_columns_named_by_their_values_or_an_overall_risk() {
    let a = parse_str(
        "# Retest\n\n## 1. Retest summary\n\n\
         | ID | Title | Original | Retest | Retest status |\n\
         |----|-------|----------|--------|---------------|\n\
         | NW-01 | JWT alg none accepted | Critical | — | ✅ Fixed |\n\
         | NW-04 | Rate limiting absent on login | High | Medium | 🔴 Not fixed |\n\
         | NW-06 | TLS 1.0 enabled on legacy host | Low | Low | ⚪ Risk accepted |\n\n\
         # Pentest\n\n\
         | Finding | Title | Overall Risk | Status |\n|---|---|---|---|\n\
         | 5.1 | Insecure direct object reference on lab results | Critical | Fixed |\n\
         | 5.2 | Stored XSS in appointment notes | High | Not Fixed |\n\n\
         | Issue key | Summary | Level | Notes |\n|---|---|---|---|\n\
         | OPS-7 | Backups untested | Medium | 2 of 3 |\n",
    );
    assert_eq!(
        rows(&a),
        vec![
            // Two columns of ratings: the later is in force, the earlier
            // rates a row it leaves blank.
            row(
                Some("NW-01"),
                "JWT alg none accepted",
                "critical",
                "resolved"
            ),
            row(
                Some("NW-04"),
                "Rate limiting absent on login",
                "medium",
                "open"
            ),
            row(
                Some("NW-06"),
                "TLS 1.0 enabled on legacy host",
                "low",
                "dismissed"
            ),
            // `Finding` holds the number when a `Title` column is there.
            row(
                Some("5.1"),
                "Insecure direct object reference on lab results",
                "critical",
                "resolved"
            ),
            row(
                Some("5.2"),
                "Stored XSS in appointment notes",
                "high",
                "open"
            ),
            row(Some("OPS-7"), "Backups untested", "medium", "open"),
        ]
    );
}

#[test]
fn a_bullet_struck_out_under_findings_is_a_fixed_finding() {
    let a = parse_str(
        "# Audit\n\n## Findings\n\n\
         - ~~DB connection pool exhausted under load~~ — fixed in #12\n\
         - Nightly reconciliation job has no retry (Low)\n\n\
         ## Notes\n\n- ~~Move to Redis~~ — decided against\n",
    );
    assert_eq!(
        rows(&a),
        vec![
            row(
                None,
                "DB connection pool exhausted under load",
                "medium",
                "resolved"
            ),
            row(
                None,
                "Nightly reconciliation job has no retry",
                "low",
                "open"
            ),
        ]
    );
}

#[test]
fn ids_of_several_parts_or_a_letter_and_a_summary_by_description() {
    // OtterSec: `| ID | Severity | Status | Description |` over the
    // findings, whose headings title them in other words.
    let a = parse_str(
        "# Audit\n\n## Vulnerabilities\n\n\
         | ID | Severity | Status | Description |\n|---|---|---|---|\n\
         | OS-MRD-ADV-00 | Critical | Resolved | `liquidate` does not verify the oracle account owner. |\n\
         | OS-MRD-ADV-01 | High | Resolved | Funding rate uses the spot price, which can be moved within one slot. |\n\n\
         ### OS-MRD-ADV-00 [crit] | Unchecked Oracle Account Owner\n\nThe owner is not checked.\n\n\
         ### OS-MRD-ADV-01 [high] | Manipulable Funding Rate\n\n`update_funding` reads the mid price.\n\n\
         ## Findings\n\n\
         ### PT-2025-001: Weak TLS ciphers\n**Severity:** Low\n\n\
         ### 7a. Missing authorization on admin users\n**Severity:** High\n\n\
         ### 2d rendering leaks memory\n**Severity:** Low\n",
    );
    assert_eq!(
        rows(&a),
        vec![
            row(
                Some("OS-MRD-ADV-00"),
                "Unchecked Oracle Account Owner",
                "critical",
                "resolved"
            ),
            // The same identifier pairs the row with its finding, however
            // few words they share: its status closes it.
            row(
                Some("OS-MRD-ADV-01"),
                "Manipulable Funding Rate",
                "high",
                "resolved"
            ),
            row(Some("PT-2025-001"), "Weak TLS ciphers", "low", "open"),
            row(
                Some("7a"),
                "Missing authorization on admin users",
                "high",
                "open"
            ),
            // A number and a letter without a stop is the title's.
            row(None, "2d rendering leaks memory", "low", "open"),
        ]
    );
}

#[test]
fn bold_lines_that_head_a_list_as_a_heading_would() {
    // Gemini's review: bold lines for sections, no markdown heading.
    let a = parse_str(
        "Here's a review of the rate limiter.\n\n\
         **Critical Issues**\n\n\
         *   **Data race on `buckets` map:** written without a lock in `limiter.go:34`.\n\
         *   **Unbounded memory growth:** a bucket per IP in `limiter.go:29`.\n\n\
         **Minor Issues / Suggestions**\n\n\
         *   **Magic numbers:** hard-coded in `config.go:12`.\n\n\
         **Recommendations**\n\n\
         *   **Add a janitor goroutine** to evict idle buckets.\n\n\
         ## Tech Debt\n\n\
         **Fallback Pattern Fragility:**\n\
         - Issue: JobStorage falls back to memory when Supabase is down\n\
         - Files: `app/services/job_storage.py`\n",
    );
    assert_eq!(
        rows(&a),
        vec![
            row(None, "Data race on buckets map", "critical", "open"),
            row(None, "Unbounded memory growth", "critical", "open"),
            row(None, "Magic numbers", "low", "open"),
            // A bold line that neither rates nor names findings heads
            // nothing (inside a finding, such lines head its parts): this
            // bullet is still under the suggestions. A bold title over its
            // fields is a finding.
            row(None, "Add a janitor goroutine", "low", "open"),
            row(None, "Fallback Pattern Fragility", "medium", "open"),
        ]
    );
}

#[test]
fn a_file_named_in_code_and_its_line_in_words_is_one_place() {
    let a = parse_str(
        "## Findings\n\n### 1. Webhook signature is never verified\n\n\
         In `billing/webhooks.py` (around line 58) the handler trusts the body.\n\n\
         **Severity:** High\n\n\
         ### 2. Retry storm on 429\n\n\
         `billing/stripe.py` (line 120) retries at once; see also `billing/retry.py`.\n\n\
         **Severity:** Low\n",
    );
    assert_eq!(a.findings[0].locations[..], ["billing/webhooks.py:58"]);
    // Another file named without a line stays.
    assert_eq!(
        a.findings[1].locations[..],
        ["billing/retry.py", "billing/stripe.py:120"]
    );
}

#[test]
fn a_number_in_brackets_inside_a_title_is_no_count() {
    // `system(3)` names a manual page; `(4 issues)` at the end counts a group.
    let a = parse_str(
        "# Findings\n\n### 1. Command injection via system(3) call\n\n**Severity:** High\n\n\
         ### 2. Issue (1) in the config parser\n\n**Severity:** Low\n\n\
         ### Logging gaps (4 issues)\n\n- **[MEDIUM]** Failed logins are not logged\n\n\
         | ID | Title | Severity |\n|---|---|---|\n| T-1 | passwd(1) accepts empty passwords | High |\n",
    );
    assert_eq!(
        rows(&a),
        vec![
            row(
                Some("1"),
                "Command injection via system(3) call",
                "high",
                "open"
            ),
            row(Some("2"), "Issue (1) in the config parser", "low", "open"),
            row(None, "Failed logins are not logged", "medium", "open"),
            row(
                Some("T-1"),
                "passwd(1) accepts empty passwords",
                "high",
                "open"
            ),
        ]
    );
}

#[test]
fn legends_of_the_ratings_are_no_findings() {
    let a = parse_str(
        "# Audit\n\n## Findings\n\n### 1. Unchecked oracle owner\n\n**Severity:** Medium\n\n\
         ## Oracle findings\n\n\
         | Severity | Description |\n|---|---|\n| High | Price read from an unchecked account |\n\
         | High | Stale price accepted |\n\n\
         ## Ratings\n\n| Severity | Description |\n|---|---|\n\
         | Critical | Vulnerabilities that immediately result in a loss of user funds. |\n\
         | High | Loss of funds under specific conditions. |\n\
         | Medium | Loss of yield or a broken invariant. |\n\n\
         ## More findings\n\n| Severity | Description |\n|---|---|\n\
         | High | SQL injection in the login handler |\n| Medium | Missing CSRF token on the settings form |\n\n\
         ## Appendix A: Vulnerability Rating Scale\n\n\
         **Critical** — Vulnerabilities that immediately result in a loss of user funds.\n\n\
         **High** — Vulnerabilities that could lead to loss of funds under specific conditions.\n",
    );
    assert_eq!(
        rows(&a),
        vec![
            row(Some("1"), "Unchecked oracle owner", "medium", "open"),
            // Two findings rated alike: a findings table, not a legend.
            row(None, "Price read from an unchecked account", "high", "open"),
            row(None, "Stale price accepted", "high", "open"),
            // Two ratings, two findings: a scale runs over three at least.
            row(None, "SQL injection in the login handler", "high", "open"),
            row(
                None,
                "Missing CSRF token on the settings form",
                "medium",
                "open"
            ),
        ]
    );
}

#[test]
fn a_rating_denied_by_a_heading_is_none() {
    let a = parse_str(
        "# Review\n\n### Not critical, but worth fixing\n\n- **Unused import** in `app/util.py:3`\n\n\
         ### No high-severity issues; minor notes\n\n- **Long function** in `app/views.py:80`\n\n\
         ### Non-blocking\n\n- **`request-with-http`** — `integrations/shipping.py:33`\n\n\
         ### Blocking\n\n- **Token logged** in `app/auth.py:12`\n",
    );
    assert_eq!(
        rows(&a),
        vec![
            row(None, "Unused import", "medium", "open"),
            row(None, "Long function", "low", "open"),
            row(None, "request-with-http", "low", "open"),
            row(None, "Token logged", "high", "open"),
        ]
    );
}

#[test]
fn an_index_of_links_to_the_findings_repeats_them() {
    let a = parse_str(
        "# Known Issues\n\n## Index\n\n\
         1. [Symlink following during restore](#2-symlink-following-during-restore) — **Critical**\n\
         2. [Retry storm on 429](#3-retry-storm-on-429) — **Low** — ✅ fixed\n\
         3. See [the upstream advisory](https://example.com/adv) for the CVE list\n\n\
         ## 2. Symlink following during restore\n\n- **Severity:** Critical\n- **Where:** `src/restore/mod.rs:88`\n\n\
         ## 3. Retry storm on 429\n\n- **Severity:** Low\n- **Status:** Fixed\n",
    );
    assert_eq!(
        rows(&a),
        vec![
            row(
                Some("2"),
                "Symlink following during restore",
                "critical",
                "open"
            ),
            row(Some("3"), "Retry storm on 429", "low", "resolved"),
        ]
    );
}

#[test]
fn plain_rated_bullets_and_headings_that_only_rate_or_close() {
    let a = parse_str(
        "# Review\n\n## Findings\n\n\
         - High: Path traversal in download handler\n\
         - Missing CSRF on `/settings` (medium) — `web/settings.py:12`\n\n\
         ### 2.2 Low\n\n_None._\n\n\
         ## Won't do\n\n- ~~Add CAPTCHA to signup~~ — low risk, product said no\n\n\
         ## ✅ What's good\n\n**Clean separation of concerns** — the provider trait is small.\n",
    );
    assert_eq!(
        rows(&a),
        vec![
            row(None, "Path traversal in download handler", "high", "open"),
            row(None, "Missing CSRF on /settings", "medium", "open"),
            // The heading closes what it holds; it is no finding itself.
            // Struck under it, a finding is dismissed as it says, not fixed.
            row(None, "Add CAPTCHA to signup", "medium", "dismissed"),
        ]
    );
    assert_eq!(a.findings[1].locations[..], ["web/settings.py:12"]);
}

#[test]
fn a_status_moved_on_is_the_one_it_moved_to() {
    let a = parse_str(
        "# Review\n\n\
         ### 1. SQL injection in search (High)\n**Status:** ~~open~~ fixed by #4410\n\n\
         ### 2. Open redirect after login (Medium)\n**Status:** Open → Fixed in PR #12\n\n\
         ### 3. Verbose errors (Low)\n**Status:** Fixed → Reopened\n\n\
         ### 4. ~~Weak session ids~~ (Low)\n**Status:** Won't fix\n\n\
         ### 5. JWT accepted with alg none (Critical)\n**Status:** Open (was Fixed)\n\n\
         ### 6. Mass assignment on PATCH /users/me (was High, now Medium)\n\n\
         ## Won't do\n\n- ~~Rewrite the cache layer~~\n- ~~Drop IE11 support~~ FIXED\n\n\
         ## Already fixed during the audit\n\n- ~~Missing index on documents.updated_at~~ — added.\n",
    );
    assert_eq!(
        rows(&a),
        vec![
            row(Some("1"), "SQL injection in search", "high", "resolved"),
            row(Some("2"), "Open redirect after login", "medium", "resolved"),
            row(Some("3"), "Verbose errors", "low", "open"),
            // A status field says how a struck finding closed.
            row(Some("4"), "Weak session ids", "low", "dismissed"),
            // What it was is no part of what it is.
            row(Some("5"), "JWT accepted with alg none", "critical", "open"),
            // A note of a former rating leaves the title; the one now is read.
            row(
                Some("6"),
                "Mass assignment on PATCH /users/me",
                "medium",
                "open"
            ),
            row(None, "Rewrite the cache layer", "medium", "dismissed"),
            // A word beats the section: fixed after all.
            row(None, "Drop IE11 support", "medium", "resolved"),
            row(
                None,
                "Missing index on documents.updated_at",
                "medium",
                "resolved"
            ),
        ]
    );
}

#[test]
fn tables_rated_by_any_severity_column_and_retests_by_their_later_verdict() {
    let a = parse_str(
        "# Pentest\n\n\
         | ID | Finding | Risk Rating | Status | Affected |\n|---|---|---|---|---|\n\
         | PT-1 | Admin panel reachable without VPN | Critical | Open | `ingress/admin.yaml:14` |\n\n\
         | ID | Finding | Severity (CVSS) | Evidence |\n|---|---|---|---|\n\
         | PT-2 | Session fixation after SSO | High (8.1) | `sso/callback.py:40` |\n\n\
         ## Retest\n\n\
         | ID | Title | Original severity | Retest severity | Retest status |\n|---|---|---|---|---|\n\
         | NW-1 | JWT alg none accepted | Critical | — | ✅ Fixed |\n\
         | NW-4 | No rate limit on login | High | Medium | 🔴 Not fixed |\n\n\
         ## Dependencies\n\n\
         | Package | Advisory | Severity |\n|---|---|---|\n\
         | semver | CVE-2022-25883 | Medium |\n",
    );
    assert_eq!(
        rows(&a),
        vec![
            row(
                Some("PT-1"),
                "Admin panel reachable without VPN",
                "critical",
                "open"
            ),
            row(Some("PT-2"), "Session fixation after SSO", "high", "open"),
            // Fixed: rated as it was found, closed by the retest.
            row(
                Some("NW-1"),
                "JWT alg none accepted",
                "critical",
                "resolved"
            ),
            // Still there, at the retest's rating.
            row(Some("NW-4"), "No rate limit on login", "medium", "open"),
            // An advisory is titled with its package.
            row(None, "semver: CVE-2022-25883", "medium", "open"),
        ]
    );
    assert_eq!(a.findings[0].locations[..], ["ingress/admin.yaml:14"]);
    assert_eq!(a.findings[1].locations[..], ["sso/callback.py:40"]);
}

#[test]
fn accessibility_audits_refs_with_digits_unknown_keys_and_checked_sections() {
    let a = parse_str(
        "# Accessibility audit\n\n## Results\n\n\
         ### A11Y-01 — Payment iframe has no accessible name\n\n\
         - **WCAG:** 4.1.2 Name, Role, Value (A)\n\
         - **Impact:** Serious\n\
         - **Where:** `src/PaymentFrame.tsx:22`\n\n\
         ### K8S-3: etcd backups not encrypted\n\nSeverity: Low\n\n\
         ### F-1. Refresh tokens are not rotated\n\nSeverity: High\n\n\
         ## Things I checked that are fine\n\n\
         - **CSRF**: the API uses bearer tokens, so CSRF does not apply.\n\n\
         ## Passed criteria\n\n- 2.1.1 Keyboard — all controls are reachable.\n\n\
         ## Non-issues I checked\n\n\
         - **SSRF in webhooks**: URLs are checked against an allow-list.\n\n\
         ## Non-Critical Issues\n\n\
         - **Focus ring hidden on dark theme** — `src/theme.css:80`\n",
    );
    assert_eq!(
        rows(&a),
        vec![
            // An unknown key of a field's shape opens the heading's fields;
            // axe's `Serious` is high.
            row(
                Some("A11Y-01"),
                "Payment iframe has no accessible name",
                "high",
                "open"
            ),
            row(Some("K8S-3"), "etcd backups not encrypted", "low", "open"),
            row(
                Some("F-1"),
                "Refresh tokens are not rotated",
                "high",
                "open"
            ),
            // Words of a rule joined by a hyphen (`non-issue`) follow one
            // another: this section is no checked list. Not critical says
            // no rating.
            row(None, "Focus ring hidden on dark theme", "medium", "open"),
        ]
    );
    assert_eq!(a.findings[0].locations[..], ["src/PaymentFrame.tsx:22"]);
}

#[test]
fn a_finding_pasted_under_two_numbers_is_one() {
    let a = parse_str(
        "# Audit\n\n## Summary of findings\n\n| # | Finding | Severity |\n|---|---|---|\n\
         | 1 | SVG uploads served inline | High |\n| 2 | Presigned URLs valid for 7 days | Medium |\n\
         | 3 | SVG uploads served inline | High |\n\n## Findings\n\n\
         ### 1. SVG uploads served inline\n**Severity:** High\n**Location:** `server/upload.js:52`\n\n\
         ### 2. Presigned URLs valid for 7 days\n**Severity:** Medium\n**Location:** `server/s3.js:18`\n\n\
         ### 3. SVG uploads served inline\n**Severity:** High\n**Location:** `server/upload.js:52`\n\n\
         ### 4. SVG uploads served inline\n**Severity:** High\n**Location:** `server/avatar.js:9`\n",
    );
    assert_eq!(
        rows(&a),
        vec![
            // The same title, place and rating under two numbers: one,
            // under the number it had first.
            row(Some("1"), "SVG uploads served inline", "high", "open"),
            row(
                Some("2"),
                "Presigned URLs valid for 7 days",
                "medium",
                "open"
            ),
            // At another place, another finding.
            row(Some("4"), "SVG uploads served inline", "high", "open"),
        ]
    );
}

#[test]
fn a_summary_row_closes_a_finding_whose_section_states_no_status() {
    let a = parse_str(
        "# Review\n\n## Summary\n\n| # | Finding | Severity | Status |\n|---|---|---|---|\n\
         | 1 | Reconcile requeues failures without backoff | Medium | Fixed |\n\
         | 2 | Leader election lease too short | Low | Open |\n\n\
         ### False positive review\n\n| # | Finding | Location |\n|---|---|---|\n\
         | 3 | Secrets mounted as env vars | `deploy/app.yaml:12` |\n\n\
         ## Findings\n\n\
         ### 1. Reconcile requeues failures without backoff\n**Severity:** Medium\n\n\
         ### 2. Leader election lease too short\n**Severity:** Low\n**Status:** Fixed\n\n\
         ### 3. Secrets mounted as env vars\n**Severity:** High\n",
    );
    assert_eq!(
        rows(&a),
        vec![
            // Its row's own status cell says fixed; the finding says nothing.
            row(
                Some("1"),
                "Reconcile requeues failures without backoff",
                "medium",
                "resolved"
            ),
            // The finding's own word wins.
            row(
                Some("2"),
                "Leader election lease too short",
                "low",
                "resolved"
            ),
            // A row with no status cell says only what its heading implies.
            row(Some("3"), "Secrets mounted as env vars", "high", "open"),
        ]
    );
}

#[test]
fn bold_paragraphs_rated_at_their_end() {
    let a = parse_str(
        "# Review\n\n## Findings\n\n\
         **Integer overflow in Amount::add** (High)\n\n\
         `src/amount.rs:44` uses `+` on u64 cents.\n\n\
         **2. Panics on malformed CSV import** — Severity: Medium\n\
         `src/import/csv.rs:102` unwraps the date column.\n\n\
         **Session cookie lacks Secure flag (Low)**\n\n\
         **Overall risk** — High\n\n\
         **Total: 6 (LOW: 1, HIGH: 2)**\n",
    );
    assert_eq!(
        rows(&a),
        vec![
            row(None, "Integer overflow in Amount::add", "high", "open"),
            row(
                Some("2"),
                "Panics on malformed CSV import",
                "medium",
                "open"
            ),
            row(None, "Session cookie lacks Secure flag", "low", "open"),
        ]
    );
    assert_eq!(a.findings[0].locations[..], ["src/amount.rs:44"]);
    assert_eq!(a.findings[1].locations[..], ["src/import/csv.rs:102"]);
}

#[test]
fn scanner_tables_dependency_status_security_severity_and_alert_numbers() {
    let a = parse_str(
        "# Scans\n\n## image (debian 12.5)\n\n\
         | Library | Vulnerability | Severity | Status | Installed Version | Fixed Version | Title |\n\
         |---|---|---|---|---|---|---|\n\
         | curl | CVE-2024-2398 | MEDIUM | affected | 7.88.1 | | curl: HTTP/2 push headers memory-leak |\n\
         | libexpat1 | CVE-2024-45492 | CRITICAL | fixed | 2.5.0-1 | 2.5.0-1+deb12u1 | libexpat: integer overflow |\n\n\
         ## Code scanning\n\n\
         | Alert | Rule | Severity | Security severity | State | Location |\n|---|---|---|---|---|---|\n\
         | [#15](https://github.com/acme/shop/security/code-scanning/15) | Database query built from user-controlled sources | error | Critical | open | `src/db/search.js:88` |\n\n\
         ## Secret scanning\n\n| Rule | Security severity | State | Location |\n|---|---|---|---|\n\
         | Hard-coded AWS key | High | open | `deploy/env.sh:3` |\n",
    );
    assert_eq!(
        rows(&a),
        vec![
            row(
                None,
                "curl: HTTP/2 push headers memory-leak",
                "medium",
                "open"
            ),
            // `fixed`: a fixed version exists; the installed one is not it.
            row(None, "libexpat: integer overflow", "critical", "open"),
            // The alert's number is its ref, its rule its title.
            row(
                Some("#15"),
                "Database query built from user-controlled sources",
                "critical",
                "open"
            ),
            row(None, "Hard-coded AWS key", "high", "open"),
        ]
    );
}

#[test]
fn bracketed_table_refs_and_rule_ids_that_look_like_paths() {
    let a = parse_str(
        "# Report\n\n## Other issues\n\n| ID | Title | Severity |\n|---|---|---|\n\
         | [L-02] | Events not emitted on fee change | Low |\n\n\
         ## Scan\n\n\
         - **`python.django.security.injection.sql.sql-injection-using-raw`** — `orders/views.py:141`\n\
         \x20 Severity: ERROR\n",
    );
    assert_eq!(
        rows(&a),
        vec![
            // `[L-02]` in a table is `L-02` in a heading.
            row(
                Some("L-02"),
                "Events not emitted on fee change",
                "low",
                "open"
            ),
            row(
                None,
                "python.django.security.injection.sql.sql-injection-using-raw",
                "high",
                "open"
            ),
        ]
    );
    // The rule's id names no file.
    assert_eq!(a.findings[1].locations[..], ["orders/views.py:141"]);
}

#[test]
fn a_rating_set_apart_in_the_middle_of_a_line() {
    let a = parse_str(
        "## Dependabot\n\n\
         - **#34** `lodash` — Prototype Pollution in lodash — **Critical** — `package-lock.json` — opened 3 days ago\n\n\
         ## Now\n\n\
         - [ ] **Session cookie missing `Secure` flag** in prod — `server/session.js:14`. HIGH, trivial fix.\n\
         - [x] SQL injection in search (`server/routes/search.js:21`) — high — fixed in #204\n\
         - [ ] Cost of the low tier — check the invoice\n",
    );
    let sev: Vec<(&str, String)> = a
        .findings
        .iter()
        .map(|f| (f.reference.as_deref().unwrap_or(""), f.severity.to_string()))
        .collect();
    assert_eq!(
        sev,
        [
            ("#34", "critical".to_string()),
            ("", "high".to_string()),
            ("", "high".to_string()),
            // Not set apart: a word of the title.
            ("", "medium".to_string()),
        ]
    );
}

/// What a review of this session's rules found they misread.
#[test]
fn tallies_combined_keys_denials_and_headings_that_read_like_notes() {
    let a = parse_str(
        "# Security Audit\n\n## Findings\n\n\
         - Critical: none found\n- High: 2 issues, see below\n- Low: three cosmetic items\n\n\
         ### 1. Implemented in JavaScript only: price check runs client-side\n\n**Severity:** High\n\n\
         ### 2. Token leak\n\n- **Impact / Severity:** High / Low\n\n\
         ### 3. Merged via fast-forward without required review\n\n\
         - **Risk:** Low likelihood but high impact\n- **CVSS:** 9.1\n\n\
         ### No critical or high-severity issues; minor notes\n\n- **Long function** in `app/views.py:80`\n",
    );
    assert_eq!(
        rows(&a),
        vec![
            // A status word opening a heading's title is the title's.
            row(
                Some("1"),
                "Implemented in JavaScript only: price check runs client-side",
                "high",
                "open"
            ),
            // Two fields in one key: a field, not a finding named after it.
            row(Some("2"), "Token leak", "high", "open"),
            // A likelihood is no rating: the score rates it.
            row(
                Some("3"),
                "Merged via fast-forward without required review",
                "critical",
                "open"
            ),
            // The denial holds to the end of its clause.
            row(None, "Long function", "low", "open"),
        ]
    );
}

#[test]
fn numbered_bold_paragraphs_under_a_rated_heading() {
    let a = parse_str(
        "# Review\n\n## 🟢 Low / Nits\n\n\
         **6. `unwrap()` on config parsing at startup** — `src/main.rs:31`. Fine for now.\n\n\
         **7. Typo in error message** — \"authentification\" in `src/errors.rs:12`.\n\n\
         ## Notes\n\n**1. We reviewed** the auth module only.\n",
    );
    assert_eq!(
        rows(&a),
        vec![
            row(
                Some("6"),
                "unwrap() on config parsing at startup",
                "low",
                "open"
            ),
            row(Some("7"), "Typo in error message", "low", "open"),
        ]
    );
    assert_eq!(a.findings[0].locations[..], ["src/main.rs:31"]);
}

#[test]
fn review_comments_back_to_back() {
    let a = parse_str(
        "# Review\n\n**`api/views.py:31`** — 🔴 **Blocking**\n\
         **`api/views.py:40`** — 🟡 **Suggestion**\nCache the queryset.\n",
    );
    assert_eq!(
        rows(&a),
        vec![
            // No paragraph of its own: titled by its place.
            row(None, "api/views.py:31", "critical", "open"),
            row(None, "Cache the queryset", "medium", "open"),
        ]
    );
}

#[test]
fn threat_models_and_checklists_with_a_result_column() {
    let a = parse_str(
        "# Threats\n\n**Report date:** 2025-10-14\n**Testing window:** 2025-09-01 – 2025-09-12\n\n\
         | ID | Threat | Severity | Status |\n|----|--------|----------|--------|\n\
         | T1 | Partner API keys in query string | High | Open |\n\
         | T6 | Partner can call internal admin routes | Critical | Fixed |\n\n\
         ## ASVS\n\n| Req | Description | Severity | Result |\n|---|---|---|---|\n\
         | 2.1.1 | Passwords are at least 12 characters | High | ✅ Pass |\n\
         | 2.1.7 | Passwords checked against breached lists | Medium | ❌ Fail |\n",
    );
    assert_eq!(
        rows(&a),
        vec![
            row(
                Some("T1"),
                "Partner API keys in query string",
                "high",
                "open"
            ),
            row(
                Some("T6"),
                "Partner can call internal admin routes",
                "critical",
                "resolved"
            ),
            row(
                Some("2.1.1"),
                "Passwords are at least 12 characters",
                "high",
                "resolved"
            ),
            row(
                Some("2.1.7"),
                "Passwords checked against breached lists",
                "medium",
                "open"
            ),
        ]
    );
    assert_eq!(a.date.map(|d| d.to_string()).as_deref(), Some("2025-10-14"));
}

#[test]
fn category_bullets_over_findings_led_by_a_severity_label() {
    let a = parse_str(
        "# Repo review\n\nHere is what I found:\n\n\
         - **Security**\n  \
         - **Critical:** Shell injection in `run_job()` — `pipeline/runner.py:64` uses `shell=True`.\n  \
         - **High:** Airflow webserver exposed without auth — `deploy/airflow.cfg:110`.\n\
         - Maintainability\n  \
         - **Low:** No tests for the reconciler.\n",
    );
    assert_eq!(
        rows(&a),
        vec![
            row(None, "Shell injection in run_job()", "critical", "open"),
            row(
                None,
                "Airflow webserver exposed without auth",
                "high",
                "open"
            ),
            row(None, "No tests for the reconciler.", "low", "open"),
        ]
    );
    assert_eq!(a.findings[0].locations[..], ["pipeline/runner.py:64"]);
}

/// A chat answer's outline: categories as list items, each over items
/// that rate themselves in their own words, at any depth.
#[test]
fn category_items_over_findings_rated_in_their_own_words() {
    let a = parse_str(
        "## Findings\n\n\
         1. Security\n   \
         1. Authentication\n      \
         1. Session IDs are not rotated after login (High) — `auth/session.py:54`\n      \
         2. Passwords hashed with SHA-1 (Critical) — `auth/hashing.py:9`\n\
         2. Reliability\n   \
         1. Nightly reconciliation has no retry (Low) — `jobs/reconcile.py:31`\n   \
         2. ~~DB pool exhausted under load (High)~~ — fixed in v4.2\n\n\
         - **Performance**\n  \
         - 🔴 N+1 queries on the orders page — `shop/views.py:88`\n",
    );
    assert_eq!(
        rows(&a),
        vec![
            row(
                None,
                "Session IDs are not rotated after login",
                "high",
                "open"
            ),
            row(None, "Passwords hashed with SHA-1", "critical", "open"),
            row(None, "Nightly reconciliation has no retry", "low", "open"),
            row(None, "DB pool exhausted under load", "high", "resolved"),
            row(None, "N+1 queries on the orders page", "critical", "open"),
        ]
    );
    assert_eq!(a.findings[1].locations[..], ["auth/hashing.py:9"]);
}

/// A short title over sub-items that are its fields is a finding, not a
/// category: `Severity: High` rates it, and rates no finding of its own.
#[test]
fn a_plain_item_over_field_sub_items_is_a_finding() {
    let a = parse_str(
        "## Findings\n\n\
         - XSS in comments\n  \
         - Severity: High\n  \
         - File: `web/comments.py:12`\n\
         - Open redirect after login\n  \
         - Severity: Medium\n",
    );
    assert_eq!(
        rows(&a),
        vec![
            row(None, "XSS in comments", "high", "open"),
            row(None, "Open redirect after login", "medium", "open"),
        ]
    );
    assert_eq!(a.findings[0].locations[..], ["web/comments.py:12"]);
}

/// A table of findings with no severity column, under a heading that
/// names findings: each row is a finding, with the assumed severity. A
/// legend's table under such a heading (`| Category | Description |`)
/// lists none.
#[test]
fn unrated_rows_of_a_findings_table_are_findings() {
    let a = parse_str(
        "# Audit\n\n## Issues found\n\n\
         | # | Issue | File | Status |\n|---|---|---|---|\n\
         | 1 | Token logged at debug level | `auth/log.py:12` | Open |\n\
         | 2 | No rate limit on login | `auth/views.py:40` | Fixed |\n\n\
         ## Vulnerability Categories\n\n\
         | Category | Description |\n|---|---|\n\
         | Access Controls | Insufficient authorization or assessment of rights |\n",
    );
    assert_eq!(
        rows(&a),
        vec![
            row(None, "Token logged at debug level", "medium", "open"),
            row(None, "No rate limit on login", "medium", "resolved"),
        ]
    );
    assert_eq!(a.findings[1].locations[..], ["auth/views.py:40"]);
    assert!(a.warnings.iter().any(|w| w.code.as_str() == "no-severity"));
}

/// An assessment's checklist (OWASP ASVS): each requirement a row, its
/// `Result` a verdict. A failing row is an open finding (its place read
/// from the remarks), a passing one a resolved one, one that does not
/// apply a dismissed one; where nothing fails, nothing is found.
#[test]
fn a_checklist_reads_its_failing_requirements_as_findings() {
    let table = |rows: &str| {
        format!(
            "# ASVS Level 2 self-assessment\n\n## V2 Authentication\n\n\
             | Req | Description | Result | Notes |\n|-----|-------------|--------|-------|\n{rows}"
        )
    };
    let a = parse_str(&table(
        "| 2.1.1 | Passwords are at least 12 characters | ❌ Fail | min_length=8 in `portal/settings.py:141` |\n\
         | 2.1.7 | Passwords are checked against breached lists | ⚠️ Partial | top-1000 only |\n\
         | 2.2.1 | Anti-automation controls are effective | ✅ Pass | django-axes |\n\
         | 2.8.1 | Time-based OTPs have a defined lifetime | ➖ N/A | no TOTP |\n",
    ));
    assert_eq!(
        rows(&a),
        vec![
            row(
                Some("2.1.1"),
                "Passwords are at least 12 characters",
                "medium",
                "open"
            ),
            row(
                Some("2.1.7"),
                "Passwords are checked against breached lists",
                "medium",
                "open"
            ),
            row(
                Some("2.2.1"),
                "Anti-automation controls are effective",
                "medium",
                "resolved"
            ),
            row(
                Some("2.8.1"),
                "Time-based OTPs have a defined lifetime",
                "medium",
                "dismissed"
            ),
        ]
    );
    assert_eq!(a.findings[0].locations[..], ["portal/settings.py:141"]);

    let all_pass = parse_str(&table(
        "| 2.2.1 | Anti-automation controls are effective | ✅ Pass | |\n",
    ));
    assert!(all_pass.findings.is_empty());
}

/// An outline numbered by hand (`1.1.`, `1.1.1.`): markdown reads the
/// numbered lines as the text of the item above them, or as one
/// paragraph; each that rates itself among findings is a finding.
#[test]
fn outline_numbered_lines_that_rate_themselves_are_findings() {
    let a = parse_str(
        "# Audit — Findings\n\n\
         1. Security\n   \
         1.1. Authentication\n      \
         1.1.1. Session IDs are not rotated after login (High) — `auth/session.py:54`\n   \
         1.2. Input validation\n      \
         1.2.1. Barcode parser accepts negative quantities (Medium) — `inventory/scan.py:203`\n\
         2. Reliability\n   \
         2.1. ~~DB pool exhausted under load (High)~~ — fixed in v4.2\n\n\
         ## Findings\n\n\
         3.1. Nightly reconciliation has no retry (Low) — `jobs/reconcile.py:31`\n\
         3.2. Stock counts cached for a day\n\n\
         ## Next steps\n\n\
         4.1. Review again after release 4.3 (High priority)\n",
    );
    assert_eq!(
        rows(&a),
        vec![
            row(
                Some("1.1.1"),
                "Session IDs are not rotated after login",
                "high",
                "open"
            ),
            row(
                Some("1.2.1"),
                "Barcode parser accepts negative quantities",
                "medium",
                "open"
            ),
            row(
                Some("2.1"),
                "DB pool exhausted under load",
                "high",
                "resolved"
            ),
            row(
                Some("3.1"),
                "Nightly reconciliation has no retry",
                "low",
                "open"
            ),
        ]
    );
    assert_eq!(a.findings[0].locations[..], ["auth/session.py:54"]);
}

/// Snyk's text output pasted into an audit: each issue a line led by `✗`,
/// rated in brackets mid-title, with its advisory's link.
#[test]
fn snyk_text_output_rated_in_brackets_mid_title() {
    let a = parse_str(
        "## Dependency scan\n\nIssues to fix by upgrading:\n\n  \
         Upgrade axios@0.21.1 to axios@1.6.0 to fix\n  \
         ✗ Cross-site Request Forgery (CSRF) [Medium Severity][https://security.snyk.io/vuln/SNYK-JS-AXIOS-6032459] in axios@0.21.1\n    \
         introduced by axios@0.21.1\n  \
         ✗ Server-side Request Forgery (SSRF) [High Severity][https://security.snyk.io/vuln/SNYK-JS-AXIOS-1579269] in axios@0.21.1\n    \
         introduced by axios@0.21.1\n\n\
         ## Findings\n\n\
         - [High Severity] XSS in comments\n\
         - Token reuse [Severity: Low] after logout\n\
         - [High Severity](#high-severity) findings are listed above\n",
    );
    assert_eq!(
        rows(&a),
        vec![
            row(
                None,
                "Cross-site Request Forgery (CSRF) in axios@0.21.1",
                "medium",
                "open"
            ),
            row(
                None,
                "Server-side Request Forgery (SSRF) in axios@0.21.1",
                "high",
                "open"
            ),
            row(None, "XSS in comments", "high", "open"),
            row(None, "Token reuse after logout", "low", "open"),
        ]
    );
}

/// Findings printed as records of plain `Key: value` lines, one paragraph
/// each: a pentest report's, `cargo audit`'s, Bandit's. The heading over
/// one or more is their section, not a finding of its own; a document's header
/// (`Title:` over `Date:`) rates nothing and names no id.
#[test]
fn records_of_plain_fields_are_findings() {
    let a = parse_str(
        "# Pentest\n\nTitle: External test of Northwind\nDate: 2025-11-03\n\n\
         ## 2. Technical Findings\n\n\
         Finding ID: NWL-EXT-01  \nTitle: Unauthenticated RCE in Jenkins script console  \n\
         Risk: Critical  \nCVSS v3.1: 9.8  \nRetest status: Fixed — console now behind SSO  \n\n\
         The `/script` endpoint accepted Groovy without authentication.\n\n\
         Finding ID: NWL-EXT-02  \nTitle: Outdated OpenSSH  \nRisk: High  \nRetest status: Not fixed  \n\n\
         ## cargo audit\n\n\
         Crate:     time\nVersion:   0.1.45\nTitle:     Potential segfault in the time crate\n\
         ID:        RUSTSEC-2020-0071\nSeverity:  6.2 (medium)\n\n\
         ## Bandit\n\n\
         >> Issue: [B602:subprocess_popen_with_shell_equals_true] subprocess call with shell=True identified, security issue.\n   \
         Severity: High   Confidence: High\n   Location: reports/export.py:88:8\n",
    );
    assert_eq!(
        rows(&a),
        vec![
            row(
                Some("NWL-EXT-01"),
                "Unauthenticated RCE in Jenkins script console",
                "critical",
                "resolved"
            ),
            row(Some("NWL-EXT-02"), "Outdated OpenSSH", "high", "open"),
            row(
                Some("RUSTSEC-2020-0071"),
                "Potential segfault in the time crate",
                "medium",
                "open"
            ),
            row(
                Some("B602"),
                "subprocess call with shell=True identified, security issue.",
                "high",
                "open"
            ),
        ]
    );
    assert_eq!(a.findings[3].locations[..], ["reports/export.py:88"]);
}

/// A heading states a severity beside a category's name: the stated one
/// wins (`Critical Security Issues` is critical, not Security's medium),
/// unless the category's own name holds it (`Missing Critical Features`).
#[test]
fn a_severity_a_heading_states_beats_its_categorys() {
    let a = parse_str(
        "## 🚨 Critical Security Issues\n\n### Admin API has no auth check\n`src/admin.ts:5`\n\n\
         ## Missing Critical Features\n\n- **Export:** no CSV export of orders\n",
    );
    assert_eq!(
        rows(&a),
        vec![
            row(None, "Admin API has no auth check", "critical", "open"),
            row(None, "Export", "high", "open"),
        ]
    );
}

/// A verdict written after a title, as a re-audit writes it: set apart by
/// a dash or brackets in any case, or in a note that denies a fix.
#[test]
fn verdicts_after_a_title_in_any_case() {
    let a = parse_str(
        "## Findings\n\n\
         ### 1. Uploads served with user Content-Type (not fixed)\n- **Severity:** High\n\n\
         ### 2. No virus scanning on upload (to be fixed)\n- **Severity:** Medium\n\n\
         ### 3. Debug mode enabled in production — Fixed\n- **Severity:** High\n\n\
         ### 4. Stack traces in API errors [Resolved]\n- **Severity:** Low\n\n\
         ### 5. Session cookie lacks Secure — fixed in a4b2d19\n- **Severity:** Medium\n\n\
         ### 6. File Path Traversal - Incomplete Validation\n- **Severity:** High\n\n\
         ## Other findings\n\n\
         - **Feature flag default flipped in config** — shipped it on. **Severity:** high\n",
    );
    assert_eq!(
        rows(&a),
        vec![
            row(
                Some("1"),
                "Uploads served with user Content-Type",
                "high",
                "open"
            ),
            row(Some("2"), "No virus scanning on upload", "medium", "open"),
            row(
                Some("3"),
                "Debug mode enabled in production",
                "high",
                "resolved"
            ),
            row(Some("4"), "Stack traces in API errors", "low", "resolved"),
            row(
                Some("5"),
                "Session cookie lacks Secure",
                "medium",
                "resolved"
            ),
            row(
                Some("6"),
                "File Path Traversal - Incomplete Validation",
                "high",
                "open"
            ),
            row(
                None,
                "Feature flag default flipped in config",
                "high",
                "open"
            ),
        ]
    );
}

/// How an assistant closes findings when it updates its audit: under a
/// closing section counted or versioned, by a status after a colour, by a
/// check-marked note with no key, or by a `Resolved:` key.
#[test]
fn closings_an_assistant_writes_in_an_update() {
    let a = parse_str(
        "## Open\n\n### Deep link handler accepts any URL\n**Severity:** High\n\n\
         ### Dates parsed in server local time\n- **Severity:** Medium\n- **Status:** 🟢 Fixed\n\n\
         ### Missing pagination on /transactions\n- **Severity:** Medium\n- ✅ Fixed in a4b2d19\n\n\
         ### Passwords logged on failed login\n- **Severity:** High\n- **Resolved:** the logger drops the field\n\n\
         ### Retry storm on timeout\n- **Severity:** Low\n- **Fix:** add jitter\n\n\
         ## ✅ Resolved (3/8)\n\n### Token stored in AsyncStorage\n**Severity:** Critical\n\n\
         ## Fixed / Closed\n\n### Debug toolbar in production\n**Severity:** Low\n\n\
         ## Dismissed / Won't Fix\n\n### IE11 layout glitches\n**Severity:** Low\n",
    );
    let got: Vec<(String, String)> = a
        .findings
        .iter()
        .map(|f| (f.title.to_string(), f.status.as_str().to_string()))
        .collect();
    let want = [
        ("Deep link handler accepts any URL", "open"),
        ("Dates parsed in server local time", "resolved"),
        ("Missing pagination on /transactions", "resolved"),
        ("Passwords logged on failed login", "resolved"),
        ("Retry storm on timeout", "open"),
        ("Token stored in AsyncStorage", "resolved"),
        ("Debug toolbar in production", "resolved"),
        ("IE11 layout glitches", "dismissed"),
    ];
    assert_eq!(got, want.map(|(t, s)| (t.to_string(), s.to_string())));
}

/// A dismissal's words used as a name in a title dismiss nothing; set
/// apart or in capitals they do.
#[test]
fn a_dismissal_phrase_that_names_a_thing_dismisses_nothing() {
    let a = parse_str(
        "## Findings\n\n\
         ### KV-04: Bloom filter false-positive rate not configurable\n- **Severity:** Medium\n\n\
         ### KV-05: Dismissed alerts reappear on reload\n- **Severity:** Low\n\n\
         ### KV-06: Token in logs — false positive\n- **Severity:** Low\n\n\
         ### KV-07: FALSE POSITIVE rate check disabled\n- **Severity:** Low\n\n\
         ### KV-08: Legacy cipher in tests — won't fix this quarter\n- **Severity:** Low\n",
    );
    let got: Vec<&str> = a.findings.iter().map(|f| f.status.as_str()).collect();
    assert_eq!(got, ["open", "open", "dismissed", "dismissed", "dismissed"]);
}

/// An assistant's digest (`## Key Findings`) repeats the detailed
/// findings in other words: counted once, by the details. Praise is none.
/// `## Key Management Findings` is no digest.
#[test]
fn an_assistants_digest_and_praise_are_no_findings() {
    let a = parse_str(
        "## Key Findings\n\n1. User search is injectable (critical)\n\n\
         ## What You're Doing Well\n\n- Strict TypeScript everywhere\n\n\
         ## Detailed Findings\n\n### 1. SQL injection in user search\n**Severity:** Critical\n\
         `src/search.py:40`\n\n\
         ## Key Management Findings\n\n1. Keys never rotated (high)\n",
    );
    assert_eq!(
        rows(&a),
        vec![
            row(
                Some("1"),
                "SQL injection in user search",
                "critical",
                "open"
            ),
            row(None, "Keys never rotated", "high", "open"),
        ]
    );
}

/// ChatGPT's `**Issue:**` / `**Severity:**` / `**File:**` blocks, one
/// paragraph a finding, between rules: each block is a finding. One such
/// block under a finding's heading describes that finding.
#[test]
fn blocks_of_bold_fields_titled_by_their_issue() {
    let a = parse_str(
        "# Audit\n\n**Issue:** Bot token committed\n**Severity:** Critical\n**File:** `bot/config.py:3`\n\n\
         ---\n\n**Issue:** Shell injection in weather command\n**Severity:** High\n**File:** `bot/weather.py:41`\n\n\
         ## Details\n\n### 3. XSS in comments\n\n**Issue:** comment bodies render unescaped\n**Severity:** Medium\n",
    );
    assert_eq!(
        rows(&a),
        vec![
            row(None, "Bot token committed", "critical", "open"),
            row(None, "Shell injection in weather command", "high", "open"),
            row(Some("3"), "XSS in comments", "medium", "open"),
        ]
    );
    assert_eq!(a.findings[1].locations[..], ["bot/weather.py:41"]);
}

/// A status cell that is only a check mark, whichever: `✔️`, `✓`, `☑️`
/// close the row as `✅` does.
#[test]
fn a_status_cell_of_any_check_mark_closes_its_row() {
    let a = parse_str(
        "| ID | Sev | Finding | File | Status |\n|---|---|---|---|---|\n\
         | A-1 | High | OAuth state not validated | `src/oauth.ts:27` | ✔️ |\n\
         | A-2 | Medium | Missing SRI on CDN scripts | `public/index.html:12` | ⏭️ |\n\
         | A-3 | Low | Verbose errors | `api/errors.py:3` | ✓ |\n\
         | A-4 | Low | Stale cache | `api/cache.py:9` | ☑️ done |\n",
    );
    let got: Vec<&str> = a.findings.iter().map(|f| f.status.as_str()).collect();
    assert_eq!(got, ["resolved", "open", "resolved", "resolved"]);
}

/// A rating between two (`Medium-High`, `High/Critical`) is read as the
/// graver, in a field and in a column.
#[test]
fn a_rating_between_two_reads_as_the_graver() {
    let a = parse_str(
        "## Findings\n\n### 1. Session fixation\n- **Severity:** Medium-High\n\n\
         ### 2. Template injection\n- **Severity:** High/Critical\n\n\
         ## Table\n\n| Severity | Finding |\n|---|---|\n| Low-Medium | Verbose banner |\n",
    );
    let got: Vec<&str> = a.findings.iter().map(|f| f.severity.as_str()).collect();
    assert_eq!(got, ["high", "critical", "medium"]);
}

/// An assistant's ids, a rating's letter and a number closed by a stop
/// (`C1.`, `H2:`), are refs and leave the title; `P1.` is a priority.
#[test]
fn an_assistants_letter_ids_are_refs() {
    let a = parse_str(
        "## Findings\n\n### C1. Token stored in AsyncStorage\n**Severity:** Critical\n\n\
         ### H2: Deep link handler accepts any URL\n**Severity:** High\n\n\
         ### P1. Login form lacks a rate limit\n",
    );
    assert_eq!(
        rows(&a),
        vec![
            row(
                Some("C1"),
                "Token stored in AsyncStorage",
                "critical",
                "open"
            ),
            row(
                Some("H2"),
                "Deep link handler accepts any URL",
                "high",
                "open"
            ),
            row(None, "Login form lacks a rate limit", "high", "open"),
        ]
    );
}

#[test]
fn a_severity_changed_in_place_is_read_as_the_new_one() {
    let a = parse_str(
        "# R\n\n## Findings\n\n\
         ### F-01: Signing key reused\n\n**Severity:** High → Critical\n\n\
         ### F-02: Verbose error pages\n\n**Severity:** ~~Critical~~ Low\n\n\
         ### F-03: No login rate limit\n\n**Severity:** High → Medium (downgraded after review)\n\n\
         ### F-04: Weak hashing\n\n**Severity:** Medium->High\n\n\
         ### F-05: Cookie flags\n\n**Severity:** Medium (was High)\n\n\
         ### F-06: Debug route\n\n**Severity:** High (downgraded to Low)\n\n\
         ### F-07: Open CORS\n\n**Severity:** Medium (upgraded from Low)\n\n\
         ### F-08: Token reuse\n\n**Severity:** Critical (now partially mitigated; needs low privileges)\n\n\
         ### F-09: Stale cache\n\n**Severity:** High → TBD after retest, low confidence\n\n\
         ### F-10: Weak TLS\n\n**Severity:** Low --> High\n\n\
         ## Summary\n\n| ID | Title | Severity |\n|---|---|---|\n\
         | T-1 | Open redirect in callback | Medium ⇒ Critical |\n",
    );
    let sev: Vec<(&str, String)> = a
        .findings
        .iter()
        .map(|f| (f.reference.as_deref().unwrap_or(""), f.severity.to_string()))
        .collect();
    let want = [
        ("F-01", "critical"),
        ("F-02", "low"),
        ("F-03", "medium"),
        ("F-04", "high"),
        ("F-05", "medium"),
        ("F-06", "low"),
        ("F-07", "medium"),
        ("F-08", "critical"),
        ("F-09", "high"),
        ("F-10", "high"),
        ("T-1", "critical"),
    ];
    let want: Vec<(&str, String)> = want.iter().map(|(r, s)| (*r, s.to_string())).collect();
    assert_eq!(sev, want);
    // The re-rating is an escalation, not a finding that stays high.
    let old = parse_str("# R\n\n### F-01: Signing key reused\n\n**Severity:** High\n");
    let new = parse_str("# R\n\n### F-01: Signing key reused\n\n**Severity:** High → Critical\n");
    let d = auditgate::diff::diff(&old, &new, &[]);
    assert_eq!(d.summary.escalated, 1);
}

#[test]
fn numbered_items_with_fields_are_not_swallowed_by_the_title() {
    let a = parse_str(
        "# Audit of a worker\n\n1) Retry loop never gives up\nSeverity: High\nFile: w/retry.py:7\n\n2) Secrets in debug logs\nSeverity: Critical\nFile: w/config.py:2\nStatus: Fixed\n",
    );
    assert_eq!(
        rows(&a),
        vec![
            row(None, "Retry loop never gives up", "high", "open"),
            row(None, "Secrets in debug logs", "critical", "resolved"),
        ]
    );
}

#[test]
fn status_only_words_in_status_columns() {
    let a = parse_str(
        "# R\n\n## Findings\n\n| # | Finding | Severity | Status |\n|---|---|---|---|\n| 1 | Open redirect on login | High | Open |\n| 2 | Redirect after login not checked | High | Duplicate of 1 |\n| 3 | Clickjacking on the docs site | Low | N/A |\n| 4 | Weak TLS ciphers | Medium | Patched |\n",
    );
    let st: Vec<String> = a.findings.iter().map(|f| f.status.to_string()).collect();
    assert_eq!(st, ["open", "dismissed", "dismissed", "resolved"]);
}

#[test]
fn scanner_tables_and_bold_id_leads() {
    // A message column names the finding; ERROR/WARNING rate it in a
    // severity column.
    let a = parse_str(
        "# Scan\n\n## Results\n\n| Severity | Rule | File | Message |\n|---|---|---|---|\n| ERROR | py.sqli-raw | app/db.py | Raw SQL built from request data |\n| WARNING | py.shell-true | ops/run.py | Shell invoked with user input |\n| INFO | py.unused | app/util.py | Unused variable in helper |\n",
    );
    assert_eq!(
        rows(&a),
        vec![
            row(None, "Raw SQL built from request data", "high", "open"),
            row(None, "Shell invoked with user input", "medium", "open"),
            row(None, "Unused variable in helper", "info", "open"),
        ]
    );
    // So they do in a severity field.
    let a = parse_str(
        "# Scan\n\n## Results\n\n### python.lang.security.audit.eval-detected\n\nSeverity: ERROR\nFile: app.py:12\n\n\
         ### python.flask.security.audit.debug-enabled\n\nSeverity: WARNING\nFile: app.py:90\n",
    );
    let sev: Vec<String> = a.findings.iter().map(|f| f.severity.to_string()).collect();
    assert_eq!(sev, ["high", "medium"]);
    assert!(a.warnings.is_empty(), "{:?}", a.warnings);
    // An error in a title is no rating.
    let a = parse_str("# R\n\n## Findings\n\n### 1.1 Error pages leak stack traces\n**Location:** `app/errors.py:3`\n");
    assert_eq!(a.findings[0].severity.to_string(), "medium");
    assert!(a.findings[0].severity_assumed);

    let a = parse_str(
        "# Review\n\n## A03 Injection\n\n**CWE-79** Stored XSS in comments\n- Severity: High\n- Location: `web/Comment.tsx:12`\n\n**CWE-89** SQL injection in search\n- Severity: Critical\n- Status: Fixed\n",
    );
    assert_eq!(
        rows(&a),
        vec![
            row(Some("CWE-79"), "Stored XSS in comments", "high", "open"),
            row(
                Some("CWE-89"),
                "SQL injection in search",
                "critical",
                "resolved"
            ),
        ]
    );
}

/// Findings whose parts are sub-headings (`#### Description`, `#### Impact`):
/// an LLM's favourite layout. A chapter whose sub-headings are only
/// `Background` and `Recommendations` is no finding.
#[test]
fn findings_with_their_parts_as_sub_headings() {
    let a = read("audits/field-headings.md");
    assert_eq!(
        rows(&a),
        vec![
            row(
                Some("1"),
                "SQL injection in invoice search",
                "critical",
                "open"
            ),
            // `#### Severity` over `High`; `#### Status` over `✅ Fixed`.
            row(
                Some("2"),
                "Webhook signatures are not verified",
                "high",
                "resolved"
            ),
            // Under `## Findings`, a description and a recommendation make
            // a finding even without a severity.
            row(
                Some("3"),
                "Retry storm when the provider is down",
                "medium",
                "open"
            ),
        ]
    );
    let locs: Vec<&[String]> = a.findings.iter().map(|f| &f.locations[..]).collect();
    assert_eq!(locs[0], ["api/invoices.py:88-97"]);
    assert_eq!(locs[1], ["worker/webhooks.py:20"]);
    assert!(a.findings[2].severity_assumed);
}

/// Collapsed findings: `<details><summary>…</summary>` in raw HTML, whose
/// summary is the title. A summary that names no finding (`Click to
/// expand`) is none.
#[test]
fn findings_collapsed_in_details_blocks() {
    let a = read("audits/details-blocks.md");
    assert_eq!(
        rows(&a),
        vec![
            row(
                None,
                "Hard-coded database password in settings",
                "critical",
                "open"
            ),
            row(None, "Unbounded export query", "high", "open"),
            // `✅ Fixed`: the check mark marks the word after it.
            row(None, "Stale cache after price update", "medium", "resolved"),
        ]
    );
    assert_eq!(a.findings[1].locations[..], ["inventory/export.py:88-120"]);
}

/// A reader that remembers the lines of the passes it read (as a history
/// walk uses it) reads every pass exactly as a fresh `parse` does: the
/// fixtures one after another, then again (every line seen before), then
/// edited (lines dropped, upper-cased, or the same text without its strike
/// or bold), then pairs of passes that differ only in spans or kinds.
#[test]
fn a_reader_of_many_passes_reads_each_as_parse_does() {
    let mut texts = Vec::new();
    for dir in ["audits", "demo", "pairs"] {
        let mut paths: Vec<_> = walk(&common::fixture(dir));
        paths.sort();
        for p in paths {
            texts.push(auditgate::input::read_file(&p).expect("readable").text);
        }
    }
    let edited: Vec<String> = texts
        .iter()
        .map(|t| {
            t.lines()
                .enumerate()
                .filter(|(i, _)| i % 5 != 2)
                .map(|(i, l)| match i % 3 {
                    // The same text, struck or bold no longer.
                    0 => l.replace("~~", "").replace("**", ""),
                    1 if i % 7 == 1 => l.to_uppercase(),
                    _ => l.to_string(),
                })
                .collect::<Vec<_>>()
                .join("\n")
        })
        .collect();
    // Pairs of passes read differently for what is not in their titles'
    // text: a title struck, bold or plain, a path in code or in bold, a path listed
    // under a field or written under it, a row's location cell, a title
    // under another ref, a body that a summary row repeats, a row's
    // location, ref or severity that decides whether it repeats a finding.
    let pairs = [
        [
            "## High\n\n### ~~Token logged in plain text~~\n",
            "## High\n\n### Token logged in plain text\n",
        ],
        [
            "## High\n\n### ~~Token logged in plain text~~\n",
            "## High\n\n### **Token logged in plain text**\n",
        ],
        [
            "## High\n\n### Token logged\n\nSee `api/auth.py` for it.\n",
            "## High\n\n### Token logged\n\nSee **api/auth.py** for it.\n",
        ],
        [
            "## High\n\n### Token logged\n\n**Files:**\n- api/auth.py\n",
            "## High\n\n### Token logged\n\n**Files:**\n\napi/auth.py\n",
        ],
        // A summary row of the same title, at another place.
        [
            "## Summary\n\n| Issue | Severity | Location |\n|---|---|---|\n| Token logged | High | `api/auth.py` |\n",
            "## Summary\n\n| Issue | Severity | Location |\n|---|---|---|\n| Token logged | High | `api/session.py` |\n",
        ],
        // The same title under other refs: one finding, then two.
        [
            "## High\n\n### 1.1 Token logged\n",
            "## High\n\n### 2.1 Token logged\n\n### 2.2 Token logged\n",
        ],
        // The same title over another body: the summary row repeats the
        // finding only by its body's words.
        [
            "## High\n\n### Token logged\n\nThe session cookie is written to the access log in full.\n\n## Summary\n\n| Issue | Severity |\n|---|---|\n| Session cookie written to the access log | High |\n",
            "## High\n\n### Token logged\n\nNothing else to say here about it.\n\n## Summary\n\n| Issue | Severity |\n|---|---|\n| Session cookie written to the access log | High |\n",
        ],
        // A summary row scored against the same finding (see `dedup`'s
        // remembered scores): the row matches by its location, its ref or
        // its severity in one pass and not in the other.
        [
            "## High\n\n### Token logged in the access log\n\n**Location:** `api/auth.py:10`\n\n## Summary\n\n| Issue | Severity | Location |\n|---|---|---|\n| Token logged somewhere else entirely | High | `api/auth.py:10` |\n",
            "## High\n\n### Token logged in the access log\n\n**Location:** `api/auth.py:10`\n\n## Summary\n\n| Issue | Severity | Location |\n|---|---|---|\n| Token logged somewhere else entirely | High | `web/other.py:99` |\n",
        ],
        [
            "## High\n\n### 1.1 Token logged in plain text\n\n## Summary\n\n| # | Issue | Severity |\n|---|---|---|\n| 1.1 | Token handling | High |\n",
            "## High\n\n### 1.1 Token logged in plain text\n\n## Summary\n\n| # | Issue | Severity |\n|---|---|---|\n| 2.7 | Token handling | High |\n",
        ],
        [
            "## Low\n\n### Token logged in plain text\n\n## Summary\n\n| Issue | Severity |\n|---|---|\n| Token logged plain forever daily weekly | Low |\n",
            "## Low\n\n### Token logged in plain text\n\n## Summary\n\n| Issue | Severity |\n|---|---|\n| Token logged plain forever daily weekly | Critical |\n",
        ],
        // The same task with a blank line more in its subtree: its last line moves.
        [
            "## P0 Tasks\n\n- [ ] **Token logged in plain text**\n  - Files: `api/auth.py`\n  - Issue: written to the log\n",
            "## P0 Tasks\n\n- [ ] **Token logged in plain text**\n  - Files: `api/auth.py`\n\n  - Issue: written to the log\n",
        ],
        // The same row over another finding that shares a word with it:
        // its score against the first is no score against the second.
        [
            "## High\n\n### Token logged in the access log\n\n## Summary\n\n| Issue | Severity |\n|---|---|\n| Token logged in the access log | High |\n",
            "## High\n\n### Token stored in plain text\n\n## Summary\n\n| Issue | Severity |\n|---|---|\n| Token logged in the access log | High |\n",
        ],
    ];
    let vocab = Vocabulary::default();
    let mut pairs_read: Vec<String> = Vec::new();
    for [a, b] in pairs {
        let read = |md: &str| format!("{:?}", parse(md, "a", &vocab).findings);
        assert_ne!(read(a), read(b), "{a:?} and {b:?} read alike");
        pairs_read.extend([a.to_string(), b.to_string()]);
    }
    let mut reader = Reader::new(&vocab);
    let passes: Vec<&String> = (texts.iter().chain(&texts).chain(&edited))
        .chain(&pairs_read)
        .collect();
    assert!(passes.len() > 60, "{} passes", passes.len());
    for (i, text) in passes.into_iter().enumerate() {
        let want = format!("{:#?}", parse(text, "pass", &vocab));
        assert_eq!(
            format!("{:#?}", reader.read(text, "pass")),
            want,
            "pass {i}"
        );
    }
}

fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).expect("fixture dir") {
        let p = e.expect("entry").path();
        if p.is_dir() {
            out.extend(walk(&p));
        } else if p.extension().is_some_and(|x| x == "md" || x == "txt") {
            out.push(p);
        }
    }
    out
}

/// A digest may count its items (`## Top 5 Issues to Fix First`): it is a
/// digest still, and the detailed findings it points at are the ones read.
#[test]
fn a_counted_digest_repeats_the_detailed_findings() {
    let a = parse_str(
        "## Top 2 Issues to Fix First\n\n\
         1. 🔴 **Integer overflow in amount parsing** (`internal/money/parse.go:44`) — see CR-07\n\
         2. 🟠 **gRPC server has no auth interceptor** (`cmd/server/main.go:60`) — CR-11\n\n\
         ## Findings by Category\n\n### Correctness\n\n\
         #### CR-07 — Integer overflow in amount parsing\n- Severity: Critical\n- `internal/money/parse.go:44`\n\n\
         ### Security\n\n\
         #### CR-11 — gRPC server has no auth interceptor\n- Severity: High\n- `cmd/server/main.go:60`\n",
    );
    assert_eq!(
        rows(&a),
        vec![
            row(
                Some("CR-07"),
                "Integer overflow in amount parsing",
                "critical",
                "open"
            ),
            row(
                Some("CR-11"),
                "gRPC server has no auth interceptor",
                "high",
                "open"
            ),
        ]
    );
}

/// A directory named where a location goes (a `Files:` field, a File
/// column, a code span of its own) is the finding's location when no file
/// is named: `src/checkout/`. A path-like word in prose is not.
#[test]
fn a_directory_in_a_location_place_is_the_location() {
    let a = parse_str(
        "## Concerns\n\n**Checkout flow:**\n- Issue: totals computed twice\n- Files: `src/checkout/`\n- Priority: High\n\n\
         ## Table\n\n| # | Severity | File | Issue |\n|---|---|---|---|\n\
         | 1 | Info | `tests/` | No tests for the reorder endpoint |\n\n\
         ## Low\n\n### KV-06: Clippy warnings\n**Severity:** Low\n\nAcross `src/`.\n\n\
         ### KV-07: Mixed line endings\n**Severity:** Low\n\nSeen in and/or around the docs/ folder.\n",
    );
    let got: Vec<(&str, Vec<&str>)> = a
        .findings
        .iter()
        .map(|f| (&*f.title, f.locations.iter().map(String::as_str).collect()))
        .collect();
    assert_eq!(
        got,
        [
            ("Checkout flow", vec!["src/checkout/"]),
            ("No tests for the reorder endpoint", vec!["tests/"]),
            ("Clippy warnings", vec!["src/"]),
            ("Mixed line endings", vec![]),
        ]
    );
}

/// Aider's report: a paragraph led by a bold sentence that numbers, titles
/// and rates the finding (`**1.1 Title (High).**`), what is wrong said
/// after it. A bold lead whose brackets hold no rating (`(Low effort)`)
/// is no finding.
#[test]
fn bold_sentences_that_rate_themselves_lead_their_paragraphs() {
    let a = parse_str(
        "## 1. Security\n\n\
         **1.1 Shell injection in `open_in_editor` (High).** `photon/editor.py:22` builds a shell command.\n\n\
         **1.2 YAML loaded with `yaml.load` (Critical).** `photon/config.py:14` — no SafeLoader.\n\n\
         ## 4. Recommendations\n\n\
         **Add bandit to CI (Low effort).** It would have caught 1.1 and 1.2.\n",
    );
    assert_eq!(
        rows(&a),
        vec![
            row(
                Some("1.1"),
                "Shell injection in open_in_editor",
                "high",
                "open"
            ),
            row(
                Some("1.2"),
                "YAML loaded with yaml.load",
                "critical",
                "open"
            ),
        ]
    );
    let locs: Vec<&[String]> = a.findings.iter().map(|f| &f.locations[..]).collect();
    assert_eq!(locs, [["photon/editor.py:22"], ["photon/config.py:14"]]);
}

/// An assistant asked in another language writes the same structure in
/// its words: German fields, a Chinese findings table and full-width
/// colons. Ratings and closing words are read where a field or a cell
/// holds them; in an English title `Critique` rates nothing.
#[test]
fn audits_in_other_languages_are_read_by_their_fields_and_tables() {
    let a = parse_str(
        "## Befunde\n\n### 1. SQL-Injection in der Bestellsuche\n\
         - **Schweregrad:** Kritisch\n- **Datei:** `src/bestellung/suche.php:45`\n\
         - **Beschreibung:** Der Parameter `q` wird direkt eingefügt.\n\n\
         ### 2. Passwörter im Klartext\n- **Schweregrad:** Hoch\n- **Datei:** `config/db.php:12`\n\
         - **Status:** Behoben\n\n\
         ### 3. Veraltete jQuery-Version\n- **Schweregrad:** Mittel\n\
         - **Status:** Wird nicht behoben (Legacy-Seite)\n\n\
         ## 问题列表\n\n| 编号 | 问题 | 严重程度 | 位置 | 状态 |\n|---|---|---|---|---|\n\
         | 1 | 越权访问他人订单 | 高危 | `src/order/handler.go:88` | 未修复 |\n\
         | 2 | Redis 连接未设置超时 | 中危 | `src/cache/redis.go:12` | 不予修复 |\n\n\
         ### 4. JWT 密钥硬编码\n\n- **严重程度：** 低危\n- **位置：** `src/auth/jwt.go:15`\n\
         - **状态：** ✅ 已修复\n\n\
         ## Findings\n\n### Critique: drafts are shared publicly\n\nThe critique view has no auth.\n",
    );
    assert_eq!(
        rows(&a),
        vec![
            row(
                Some("1"),
                "SQL-Injection in der Bestellsuche",
                "critical",
                "open"
            ),
            row(Some("2"), "Passwörter im Klartext", "high", "resolved"),
            row(Some("3"), "Veraltete jQuery-Version", "medium", "dismissed"),
            row(None, "越权访问他人订单", "high", "open"),
            row(None, "Redis 连接未设置超时", "medium", "dismissed"),
            row(Some("4"), "JWT 密钥硬编码", "low", "resolved"),
            row(
                None,
                "Critique: drafts are shared publicly",
                "medium",
                "open"
            ),
        ]
    );
    let places: Vec<&[String]> = a.findings.iter().map(|f| &f.locations[..]).collect();
    assert_eq!(places[0], ["src/bestellung/suche.php:45"]);
    assert_eq!(places[5], ["src/auth/jwt.go:15"]);
    assert!(a
        .warnings
        .iter()
        .any(|w| w.code == auditgate::model::WarningCode::NoSeverity));
}

/// A tracker explains its status marks in a legend (`| ⏭️ | Won't fix |`):
/// a status cell of that mark means what the legend says. Without the
/// legend, the mark closes nothing.
#[test]
fn a_documents_legend_tells_what_its_status_marks_mean() {
    let tracker = "| ID | Sev | Finding | Status |\n|---|---|---|---|\n\
                   | A-08 | 🟡 | 14 outdated packages | ✅ |\n\
                   | A-09 | 🟡 | Missing SRI on CDN scripts | ⏭️ |\n\
                   | A-10 | 🟢 | Dead code in legacy | ❌ |\n";
    let legend = "| Status | Meaning |\n|---|---|\n| ✅ | Fixed and verified |\n\
                  | ❌ | Not started |\n| ⏭️ | Won't fix |\n\n";
    let statuses = |md: &str| -> Vec<String> {
        parse_str(md)
            .findings
            .iter()
            .map(|f| f.status.as_str().to_string())
            .collect()
    };
    assert_eq!(
        statuses(&format!("# Tracker\n\n{legend}## Tracker\n\n{tracker}")),
        ["resolved", "dismissed", "open"]
    );
    assert_eq!(
        statuses(&format!("# Tracker\n\n## Tracker\n\n{tracker}")),
        ["resolved", "open", "open"]
    );
}

/// A table row is struck through as a heading is: its title struck closes
/// it unless its status cell says how, and a struck rating in its cell is
/// no longer its rating.
#[test]
fn struck_table_rows_and_ratings() {
    let a = parse_str(
        "## Findings\n\n| # | Severity | Issue | Status |\n|---|---|---|---|\n\
         | 1 | ~~High~~ Medium | Debug logs left on | Open |\n\
         | 2 | High | ~~Token in URL~~ | |\n\
         | 3 | Low | ~~Old lib~~ | Won't fix |\n\
         | 4 | Low | ~~Part~~ of the title | |\n",
    );
    assert_eq!(
        rows(&a),
        vec![
            row(None, "Debug logs left on", "medium", "open"),
            row(None, "Token in URL", "high", "resolved"),
            row(None, "Old lib", "low", "dismissed"),
            row(None, "Part of the title", "low", "open"),
        ]
    );
}

/// Praise headed by a check mark (`## ✅ Best Practices Followed`) is no
/// resolved finding: renamed between passes, it would show as one closed.
#[test]
fn praise_headed_by_a_check_mark_is_no_finding() {
    for heading in [
        "✅ Best Practices Followed",
        "✅ Already Good",
        "✅ Verified Secure",
        "✅ No Issues Found",
    ] {
        let a = parse_str(&format!(
            "## High\n\n### 1. API keys in client bundle\n`src/firebase.ts:4`\n\n\
             ## {heading}\n\n- Strict TypeScript\n- Parameterised SQL everywhere\n"
        ));
        assert_eq!(
            rows(&a),
            vec![row(Some("1"), "API keys in client bundle", "high", "open")],
            "{heading}"
        );
    }
}

/// A scanner's table gives the line in a column of its own: joined to the
/// file, unless the file's cell names its line already.
#[test]
fn a_line_column_is_joined_to_the_file() {
    let a = parse_str(
        "## Findings\n\n| File | Line | Severity | Message |\n|---|---|---|---|\n\
         | src/a.ts | 42 | error | eval() on user input |\n\
         | `src/b.ts` | 10-12 | warning | any type |\n\
         | src/c.ts:5 | 5 | warning | dup line |\n\
         | src/d.ts |  | warning | no line |\n",
    );
    let places: Vec<&[String]> = a.findings.iter().map(|f| &f.locations[..]).collect();
    assert_eq!(
        places,
        [
            ["src/a.ts:42"],
            ["src/b.ts:10-12"],
            ["src/c.ts:5"],
            ["src/d.ts"]
        ]
    );
}

/// A summary row that rates a finding otherwise than the finding does is
/// reported; the finding's own rating is read. A plan that restates a
/// finding under a priority heading rates nothing of its own.
#[test]
fn a_summary_rating_at_odds_with_the_finding_is_a_warning() {
    let a = parse_str(
        "| ID | Title | Severity |\n|---|---|---|\n| H-2 | Cookie missing Secure flag | Critical |\n\n\
         ### H-2: Cookie missing Secure flag\n- **Severity:** High\n- `portal/settings.py:102`\n\n\
         ## Priority Recommendations\n\n### Short-term Improvements (Medium)\n\n\
         1. **Cookie missing Secure flag** - set it\n",
    );
    assert_eq!(
        rows(&a),
        vec![row(
            Some("H-2"),
            "Cookie missing Secure flag",
            "high",
            "open"
        )]
    );
    let w: Vec<(&str, Option<usize>, &str)> = a
        .warnings
        .iter()
        .map(|w| (w.code.as_str(), w.line, w.message.as_str()))
        .collect();
    assert_eq!(
        w,
        [(
            "severity-conflict",
            Some(5),
            "1 finding(s) rated otherwise where repeated: \"Cookie missing Secure flag\" is high here, critical at line 3; each finding's own rating is read"
        )]
    );
}

/// A yes-or-no closing field (`**Fixed:**`, `**Mitigated:**`) closes the
/// finding unless its value says no: `**Fixed:** No` is open.
#[test]
fn a_closing_key_whose_value_says_no_keeps_the_finding_open() {
    let a = parse_str(
        "## Findings\n\n### 1. XSS in comments\n**Severity:** High\n**Fixed:** No\n\n\
         ### 2. SQLi in search\n**Severity:** High\n**Mitigated:** Yes\n\n\
         ### 3. Open redirect\n**Severity:** High\n**Resolved:** ❌ still reproducible\n\n\
         ### 4. CSRF\n**Severity:** High\n**Fixed:** in a4b2d19\n",
    );
    let got: Vec<&str> = a.findings.iter().map(|f| f.status.as_str()).collect();
    assert_eq!(got, ["open", "resolved", "open", "resolved"]);
}
