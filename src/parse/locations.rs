//! File paths with optional lines, as audits write them:
//! `server/api.py:150-223`, `app.py ~lines 165-210`, `` `auth.py` (lines 43-48) ``,
//! `routes.py:640, 674`.

use std::sync::OnceLock;

use regex::Regex;

// A location is a path, then optionally its lines. The two are matched by
// separate regexes: a path needs no capture groups, so it is found by the
// DFA alone, and only the few characters after it go through the slower
// capturing engine. Together they match what `PATH LINES?` would: the
// line part is optional, so the leftmost-first path match is the same
// with or without it, and the line part is then taken greedily after it.

fn path_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(
            r"(?x)
              (?:[A-Za-z0-9_.@\-\{\},*]+/)*            # directories
              (?:
                 [A-Za-z0-9_\-\{\},*]*[A-Za-z0-9_*\}]\.(?:py|pyi|rs|js|mjs|cjs|ts|tsx|jsx|go|java|kt|rb|php|c|h|cc|cpp|hpp|cs|swift|scala|sql|sh|bash|ps1|ya?ml|json|toml|ini|cfg|conf|md|html?|css|scss|vue|svelte|lock|txt|env|xml|gradle|tf|proto|graphql|dockerfile|sol|vy|move|cairo|dart|lua|zig|ex|exs|erl|hs|kts)
               | Dockerfile | Makefile | \.env(?:\.[a-z]+)?
              )
              # The name ends here: `items.count` holds no C file, `a.json` is not `a.js`.
              (?-u:\b)
            ",
        )
        .expect("valid regex")
    })
}

fn lines_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(
            r"(?x)
            ^(?:
               :(?P<l1>\d{1,6})(?:\s*[-–]\s*(?P<l2>\d{1,6}))?(?P<more>(?:\s*,\s*\d{1,6}(?:\s*[-–]\s*\d{1,6})?)*)
             | [`'\x22]?\s*\(?\s*~?\s*(?:lines?|L)\s*~?\s*(?P<l3>\d{1,6})(?:\s*[-–]\s*(?P<l4>\d{1,6}))?
             | \#L(?P<l5>\d{1,6})(?:-L?(?P<l6>\d{1,6}))?
            )
            ",
        )
        .expect("valid regex")
    })
}

fn boundary_ok(text: &str, start: usize) -> bool {
    text[..start]
        .chars()
        .next_back()
        .is_none_or(|c| !(c.is_alphanumeric() || c == '_' || c == '.' || c == '/'))
}

/// Whether `path_re` may match somewhere in `text`: every path it matches
/// holds `Dockerfile`, `Makefile`, or a dot before the first letter of an
/// extension (`.py`, `.env`, …). Prose has dots too, but mostly before a
/// space: most lines are settled here, without the regex.
fn may_hold_path(text: &str) -> bool {
    // First letters of the extensions in `path_re`, and of `env`.
    const EXT_FIRST: &[u8] = b"bcdeghijklmprstvxyz";
    let b = text.as_bytes();
    memchr::memchr_iter(b'.', b).any(|i| b.get(i + 1).is_some_and(|c| EXT_FIRST.contains(c)))
        || text.contains("Dockerfile")
        || text.contains("Makefile")
}

/// Every path-like location in `text`, in order, without duplicates.
pub fn find(text: &str, out: &mut Vec<String>) {
    if !may_hold_path(text) {
        return;
    }
    let mut at = 0;
    while let Some(m) = path_re().find_at(text, at) {
        // `^` in lines_re anchors at the slice start: the path's end.
        let lines = lines_re().captures(&text[m.end()..]);
        at = m.end()
            + lines
                .as_ref()
                .map_or(0, |c| c.get(0).map_or(0, |l| l.len()));
        if !boundary_ok(text, m.start()) {
            continue;
        }
        let path = m.as_str().trim_start_matches("./");
        if path.len() < 3 || path.starts_with('.') && path.len() < 4 && path != ".env" {
            continue;
        }
        // Hosts and versions look like paths with dots; a path has a known extension.
        if path.contains("://") {
            continue;
        }
        let mut push = |loc: String| {
            if !out.contains(&loc) {
                out.push(loc);
            }
        };
        let group = |name: &str| lines.as_ref().and_then(|c| c.name(name));
        if let Some(l1) = group("l1") {
            let first = match group("l2") {
                Some(l2) => format!("{path}:{}-{}", l1.as_str(), l2.as_str()),
                None => format!("{path}:{}", l1.as_str()),
            };
            push(first);
            if let Some(more) = group("more") {
                for part in more.as_str().split(',') {
                    let part: String = part.chars().filter(|c| !c.is_whitespace()).collect();
                    if !part.is_empty() {
                        push(format!("{path}:{}", part.replace('–', "-")));
                    }
                }
            }
        } else if let Some((a, b)) = group("l3").map(|a| (a, group("l4"))).or_else(|| {
            // A GitHub link's anchor: `Vault.sol#L120-L145`.
            group("l5").map(|a| (a, group("l6")))
        }) {
            match b {
                Some(b) => push(format!("{path}:{}-{}", a.as_str(), b.as_str())),
                None => push(format!("{path}:{}", a.as_str())),
            }
        } else {
            push(path.to_string());
        }
    }
}

/// The path of a location, without its line part.
pub fn path_of(loc: &str) -> &str {
    match loc.rfind(':') {
        Some(i) if loc[i + 1..].chars().all(|c| c.is_ascii_digit() || c == '-') => &loc[..i],
        _ => loc,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all(text: &str) -> Vec<String> {
        let mut v = Vec::new();
        find(text, &mut v);
        v
    }

    #[test]
    fn forms_seen_in_audits() {
        assert_eq!(
            all("`server/api.py:150-223`, `x/y.py`"),
            ["server/api.py:150-223", "x/y.py"]
        );
        assert_eq!(all("app.py ~lines 165-210: three"), ["app.py:165-210"]);
        assert_eq!(
            all("`app/api/auth.py` (lines 43-48)"),
            ["app/api/auth.py:43-48"]
        );
        assert_eq!(
            all("`liminallm/api/routes.py:640, 674`"),
            ["liminallm/api/routes.py:640", "liminallm/api/routes.py:674"]
        );
        assert_eq!(
            all("`.env`, `docker-compose.yml`"),
            [".env", "docker-compose.yml"]
        );
        assert_eq!(
            all("**Context:** `src/Vault.sol#L120-L145`, src/Oracle.sol#L9"),
            ["src/Vault.sol:120-145", "src/Oracle.sol:9"]
        );
        assert_eq!(all("`tsconfig.json`, `x.tsx`"), ["tsconfig.json", "x.tsx"]);
        assert_eq!(
            all("items.count, value.map(x), data.exchange, x.solve()"),
            Vec::<String>::new()
        );
        assert_eq!(all("`server/tasks/*`"), Vec::<String>::new());
        assert_eq!(all("see https://example.com/a.html"), Vec::<String>::new());
    }

    #[test]
    fn the_quick_test_never_hides_a_path() {
        let mut texts = vec![
            "see a.b and c.d".to_string(),
            "Dockerfile".into(),
            "Makefile here".into(),
            ".env".into(),
            "x.env.local".into(),
            "end. Next".into(),
            "a.PY".into(),
        ];
        for ext in [
            "py", "rs", "ts", "json", "yml", "md", "lock", "xml", "vue", "ini", "kt", "sol", "vy",
            "move", "cairo", "dart", "lua", "zig", "ex", "erl", "hs",
        ] {
            texts.push(format!("in src/a.{ext}:12"));
        }
        for t in texts {
            if path_re().is_match(&t) {
                assert!(may_hold_path(&t), "{t}");
            }
        }
    }

    #[test]
    fn path_without_line() {
        assert_eq!(path_of("a/b.py:10-20"), "a/b.py");
        assert_eq!(path_of("a/b.py"), "a/b.py");
    }
}
