//! File paths with optional lines, as audits write them:
//! `server/api.py:150-223`, `app.py ~lines 165-210`, `` `auth.py` (lines 43-48) ``,
//! `routes.py:640, 674`.

use std::borrow::Cow;
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
                 \.?[A-Za-z0-9_\-\{\},*]*[A-Za-z0-9_*\}]      # `.rubocop.yml` too
                 (?:\.[A-Za-z0-9_\-]*[A-Za-z0-9_])*      # inner parts: a.test.ts, nginx.conf.j2
                 \.(?:py|pyi|rs|js|mjs|cjs|ts|tsx|jsx|go|java|kt|rb|php|c|h|cc|cpp|hpp|cs|swift|scala|sql|sh|bash|ps1|ya?ml|json|toml|ini|cfg|conf|md|html?|css|scss|vue|svelte|lock|txt|env|xml|gradle|tf|proto|graphql|dockerfile|sol|vy|move|cairo|dart|lua|zig|ex|exs|erl|hs|kts|plist|properties|bicep|prisma|hcl|tfvars|ejs|erb|twig|j2|jinja2?|bat|clj|csproj|hbs|pug|json5|nix|xib|pbxproj|entitlements)
               | (?:Docker|Make|Container|Jenkins|Vagrant|Gem|Rake|Proc|Pod|Brew|Pip)file
               | go\.(?:mod|sum)
               | \.(?:gitignore|dockerignore|npmrc|yarnrc|htaccess|editorconfig|gitattributes)
               | \.env(?:\.[a-z]+)?
              )
              # The name ends here: `items.count` holds no C file, `a.json` is not `a.js`.
              (?-u:\b)
              # A name with no extension in a directory, when a line follows it
              # (`packaging/postinst:14`): the line's first digit is matched and
              # given back (see `scan`).
            | (?:[A-Za-z0-9_.@\-]+/)+[A-Za-z_][A-Za-z0-9_\-]*:[0-9]
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
             | [`'\x22]?\s*,?\s*\(?\s*(?:(?:around|near)\s+)?~?\s*(?:lines?|L)\s*~?\s*(?P<l3>\d{1,6})(?:\s*[-–]\s*L?(?P<l4>\d{1,6}))?
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
/// holds a `…file` name (`Dockerfile`), a directory and a line (`bin/run:3`),
/// or a dot before the first letter of an
/// extension (`.py`, `.env`, …). Prose has dots too, but mostly before a
/// space: most lines are settled here, without the regex.
fn may_hold_path(text: &str) -> bool {
    // First letters of the extensions in `path_re`, and of `env`.
    const EXT_FIRST: &[u8] = b"bcdeghijklmnprstvxyz";
    let b = text.as_bytes();
    memchr::memchr_iter(b'.', b).any(|i| b.get(i + 1).is_some_and(|c| EXT_FIRST.contains(c)))
        || memchr::memmem::find(b, b"file").is_some()
        || memchr::memchr(b'/', b).is_some()
            && memchr::memchr_iter(b':', b).any(|i| b.get(i + 1).is_some_and(u8::is_ascii_digit))
}

/// The lines written after a path, as `lines_re` reads them: the match's
/// length and its groups as byte ranges of the text after the path.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
struct LineSpec {
    len: usize,
    /// `l1`/`l3`/`l5`: the first line; `l2`/`l4`/`l6`: the last of a range.
    first: Option<(usize, usize)>,
    last: Option<(usize, usize)>,
    /// `more`: further `, n` or `, n-m` after a `:n` form.
    more: Option<(usize, usize)>,
}

/// `lines_re` matched by hand on ASCII text, or `None` when a byte it
/// looked at is not ASCII (where `\d`, `\s` and `–` need the regex). Most
/// paths are followed by nothing of the kind, and this costs a few byte
/// tests where the capturing regex costs thousands of instructions.
fn lines_by_hand(t: &str) -> Option<LineSpec> {
    let b = t.as_bytes();
    let unsure = std::cell::Cell::new(false);
    let at = |i: usize| -> Option<u8> {
        let c = *b.get(i)?;
        if c >= 0x80 {
            unsure.set(true);
        }
        Some(c)
    };
    let is_space = |c: u8| matches!(c, b'\t' | b'\n' | 0x0b | 0x0c | b'\r' | b' ');
    let spaces = |mut i: usize| {
        while at(i).is_some_and(is_space) {
            i += 1;
        }
        i
    };
    // `\d{1,6}` from `i`: its end, or None.
    let digits = |i: usize| {
        let mut j = i;
        while j - i < 6 && at(j).is_some_and(|c| c.is_ascii_digit()) {
            j += 1;
        }
        (j > i).then_some(j)
    };
    // `\s*[-–]\s*\d{1,6}` from `i`: the digits' range.
    let dash_number = |i: usize| {
        let i = spaces(i);
        if at(i) != Some(b'-') {
            return None;
        }
        let d = spaces(i + 1);
        digits(d).map(|e| (d, e))
    };
    let spec = if at(0) == Some(b':') {
        digits(1).map(|e1| {
            let mut s = LineSpec {
                first: Some((1, e1)),
                ..LineSpec::default()
            };
            let mut end = e1;
            if let Some(r) = dash_number(end) {
                s.last = Some(r);
                end = r.1;
            }
            let more_start = end;
            loop {
                let c = spaces(end);
                if at(c) != Some(b',') {
                    break;
                }
                let d = spaces(c + 1);
                let Some(e) = digits(d) else { break };
                end = dash_number(e).map_or(e, |r| r.1);
            }
            s.more = Some((more_start, end));
            s.len = end;
            s
        })
    } else if at(0) == Some(b'#') {
        (at(1) == Some(b'L')).then(|| digits(2)).flatten().map(|e| {
            let mut s = LineSpec {
                first: Some((2, e)),
                len: e,
                ..LineSpec::default()
            };
            if at(e) == Some(b'-') {
                let d = if at(e + 1) == Some(b'L') {
                    e + 2
                } else {
                    e + 1
                };
                if let Some(e2) = digits(d) {
                    s.last = Some((d, e2));
                    s.len = e2;
                }
            }
            s
        })
    } else {
        let mut i = usize::from(at(0).is_some_and(|c| matches!(c, b'`' | b'\'' | b'"')));
        i = spaces(i);
        // `tokens.py`, line 61
        if at(i) == Some(b',') {
            i += 1;
        }
        i = spaces(i);
        if at(i) == Some(b'(') {
            i += 1;
        }
        i = spaces(i);
        // `(around line 58)`, `near line 58`.
        for w in [&b"around"[..], b"near"] {
            if b[i.min(b.len())..].starts_with(w) && at(i + w.len()).is_some_and(is_space) {
                i = spaces(i + w.len());
                break;
            }
        }
        if at(i) == Some(b'~') {
            i += 1;
        }
        i = spaces(i);
        let word = if b[i.min(b.len())..].starts_with(b"line") {
            if at(i + 4) == Some(b's') {
                Some(i + 5)
            } else {
                Some(i + 4)
            }
        } else if at(i) == Some(b'L') {
            Some(i + 1)
        } else {
            None
        };
        word.and_then(|mut i| {
            i = spaces(i);
            if at(i) == Some(b'~') {
                i += 1;
            }
            i = spaces(i);
            digits(i).map(|e| {
                let mut s = LineSpec {
                    first: Some((i, e)),
                    len: e,
                    ..LineSpec::default()
                };
                // `L10-L20`: the second line may repeat the `L`.
                let dash = spaces(e);
                let second = if at(dash) == Some(b'-') && at(spaces(dash + 1)) == Some(b'L') {
                    let d = spaces(dash + 1) + 1;
                    digits(d).map(|e2| (d, e2))
                } else {
                    dash_number(e)
                };
                if let Some(r) = second {
                    s.last = Some(r);
                    s.len = r.1;
                }
                s
            })
        })
    };
    (!unsure.get()).then(|| spec.unwrap_or_default())
}

/// What `lines_re` reads after a path (see `LineSpec`).
fn lines_after(t: &str) -> LineSpec {
    if let Some(s) = lines_by_hand(t) {
        return s;
    }
    let Some(c) = lines_re().captures(t) else {
        return LineSpec::default();
    };
    let range = |name: &str| c.name(name).map(|m| (m.start(), m.end()));
    LineSpec {
        len: c.get(0).map_or(0, |m| m.len()),
        first: range("l1").or_else(|| range("l3")).or_else(|| range("l5")),
        last: range("l2").or_else(|| range("l4")).or_else(|| range("l6")),
        more: range("more"),
    }
}

/// Every path-like location in `text`, in order, without duplicates.
pub fn find(text: &str, out: &mut Vec<String>) {
    scan(text, |_, loc| add(out, loc));
}

/// Adds `loc` to `out` unless it is there already. A file named bare and
/// in its directory (`Rename utils2.go (internal/utils2.go)`) is one
/// place, named the longer way.
fn add(out: &mut Vec<String>, loc: String) {
    if out.contains(&loc) {
        return;
    }
    let names_more = |long: &str, short: &str| {
        long.len() > short.len()
            && long.ends_with(short)
            && long.as_bytes()[long.len() - short.len() - 1] == b'/'
    };
    if out.iter().any(|o| names_more(o, &loc)) {
        return;
    }
    match out.iter().position(|o| names_more(&loc, o)) {
        Some(i) => out[i] = loc,
        None => out.push(loc),
    }
}

/// Calls `on` with the byte range each location takes in `text` (path and
/// lines) and the location, once per line part (`routes.py:640, 674` is two).
fn scan(text: &str, mut on: impl FnMut(std::ops::Range<usize>, String)) {
    if !may_hold_path(text) {
        return;
    }
    let mut at = 0;
    while let Some(m) = path_re().find_at(text, at) {
        // A name with no extension came with its line's `:` and first digit.
        let bare = m.as_str().as_bytes().get(m.len().wrapping_sub(2)) == Some(&b':');
        let end = if bare { m.end() - 2 } else { m.end() };
        let after = &text[end..];
        let lines = lines_after(after);
        at = end + lines.len;
        // `node/alpine:18.2` is an image and its version; `a/b:3x` no line.
        if bare
            && text[at..].bytes().next().is_some_and(|c| {
                c.is_ascii_alphanumeric()
                    || c == b'.' && text[at + 1..].starts_with(|c: char| c.is_ascii_digit())
            })
        {
            continue;
        }
        let mut start = m.start();
        let path: Cow<str> = if boundary_ok(text, start) {
            match windows_dirs(&text[..start]) {
                Some(dirs) => {
                    start -= dirs;
                    let p = text[start..end].replace('\\', "/");
                    Cow::Owned(p.trim_start_matches("./").to_string())
                }
                None => Cow::Borrowed(text[start..end].trim_start_matches("./")),
            }
        } else if text[..start].ends_with("://") {
            match forge_path(&text[start..end]) {
                Some(p) => Cow::Borrowed(p),
                None => continue,
            }
        } else {
            continue;
        };
        if path.len() < 3 || path.starts_with('.') && path.len() < 4 && path != ".env" {
            continue;
        }
        // Hosts and versions look like paths with dots; a path has a known extension.
        if path.contains("://") {
            continue;
        }
        // `python.django.security.injection.sql.sql-injection-using-raw`:
        // a rule's id goes on past what looked like an extension.
        if after.starts_with('-') && after[1..].starts_with(|c: char| c.is_ascii_alphanumeric()) {
            continue;
        }
        // `process.env.API_KEY`, `import.meta.env`: JavaScript reads the
        // environment through objects named like files.
        if path.ends_with(".env")
            && (matches!(&*path, "process.env" | "import.meta.env")
                || after.starts_with('.')
                    && after[1..].starts_with(|c: char| c.is_ascii_alphabetic()))
        {
            continue;
        }
        let range = start..at;
        let part = |r: (usize, usize)| &after[r.0..r.1];
        match (lines.first, lines.last) {
            (Some(a), Some(b)) => on(range.clone(), format!("{path}:{}-{}", part(a), part(b))),
            (Some(a), None) => on(range.clone(), format!("{path}:{}", part(a))),
            _ => on(range.clone(), path.to_string()),
        }
        if let Some(more) = lines.more {
            for p in part(more).split(',') {
                let p: String = p.chars().filter(|c| !c.is_whitespace()).collect();
                if !p.is_empty() {
                    on(range.clone(), format!("{path}:{}", p.replace('–', "-")));
                }
            }
        }
    }
}

/// The length of the Windows directories (`C:\\src\\app\\`, `.\\scripts\\`)
/// that `before` ends with, if any: `path_re` finds the file's name after
/// the last backslash, and its place is the whole path, written with `/`.
fn windows_dirs(before: &str) -> Option<usize> {
    let b = before.as_bytes();
    if b.last() != Some(&b'\\') {
        return None;
    }
    let name = |c: u8| c.is_ascii_alphanumeric() || b"_.@-\\".contains(&c);
    let mut i = b.len();
    while i > 0 && name(b[i - 1]) {
        i -= 1;
    }
    // A drive: `C:`.
    if i >= 2 && b[i - 1] == b':' && b[i - 2].is_ascii_alphabetic() {
        let at_start = i == 2 || !b[i - 3].is_ascii_alphanumeric();
        if at_start {
            i -= 2;
        }
    }
    // A name must start where a word may: not inside `a\\b` of a longer token.
    if i > 0 && (b[i - 1].is_ascii_alphanumeric() || b[i - 1] == b'/') {
        return None;
    }
    Some(b.len() - i)
}

/// The file a link into a forge's web view names: the path after the
/// revision in `github.com/org/repo/blob/main/src/Vault.sol` (GitLab's
/// `/-/blob/` too). Any other address names no file of the project.
fn forge_path(url: &str) -> Option<&str> {
    let (_, after) = url.split_once("/blob/")?;
    let (_revision, path) = after.split_once('/')?;
    Some(path)
}

/// A title's trailing locations with lines, when that is all its end
/// holds: `Tokens logged (middleware/log.py:10-30)`, `… [a.py:3, b.py]`,
/// `… — api/db.py:42`. Returns where they start (the bracket or the dash)
/// and the locations. Lines move with the code: left in the title, they
/// would change the finding's id whenever the file above them changes. A
/// bare path (`Remove legacy code (process_images.py)`) stays: it names
/// the finding and moves only when the file does.
pub fn trailing(title: &str) -> Option<(usize, Vec<String>)> {
    // Most titles hold no path at all: settled by one scan of their bytes.
    if !may_hold_path(title) {
        return None;
    }
    let t = title.trim_end();
    // `… (a.py:12).`: a sentence's stop after the bracket.
    let t = match t.strip_suffix('.') {
        Some(s) if s.ends_with([')', ']']) => s,
        _ => t,
    };
    let (start, inner) = match t.as_bytes().last()? {
        close @ (b')' | b']') => {
            let open = if *close == b')' { '(' } else { '[' };
            let body = &t[..t.len() - 1];
            let at = body.rfind(open)?;
            (at, &body[at + 1..])
        }
        _ => {
            let (at, dash) = [" — ", " – ", " - "]
                .iter()
                .filter_map(|d| t.rfind(d).map(|at| (at, d.len())))
                .max()?;
            (at, &t[at + dash..])
        }
    };
    if !t[..start].chars().any(char::is_alphanumeric) {
        return None;
    }
    let mut locs = Vec::new();
    let mut covered = 0;
    let mut only = true;
    scan(inner, |r, loc| {
        // The line parts of one path share its range.
        if r.start >= covered {
            only &= separators(&inner[covered..r.start]);
        }
        covered = covered.max(r.end);
        if !locs.contains(&loc) {
            locs.push(loc);
        }
    });
    let lines = locs.iter().any(|l| path_of(l).len() < l.len());
    (only && lines && separators(&inner[covered..])).then_some((start, locs))
}

/// The one path a heading names and nothing else (`## src/auth/login.ts`,
/// `### \`api/upload.py\`:`): the file a review by file files its findings under.
pub fn heading_path(heading: &str) -> Option<String> {
    // `#### 2.1.1 \`internal/store/pg.go\``: numbered as a chapter.
    let t = heading.trim();
    let t = match t.split_once(' ') {
        Some((n, rest)) if n.bytes().all(|b| b.is_ascii_digit() || b == b'.') => rest,
        _ => t,
    };
    let t = t
        .trim_end_matches(':')
        .trim_matches(|c: char| c == '`' || c.is_whitespace());
    if !may_hold_path(t) {
        return None;
    }
    let (mut n, mut whole) = (0, None);
    scan(t, |r, loc| {
        n += 1;
        if r.start == 0 && r.end == t.len() {
            whole = Some(loc);
        }
    });
    whole.filter(|_| n == 1)
}

/// `path` at the line a finding's text names in words: `… (line 41)`,
/// `lines 9-12`, `L88`.
pub fn at_line(path: &str, text: &str) -> Option<String> {
    if !text.contains("ine") {
        return None;
    }
    let m = line_words().find(text)?;
    let mut out = Vec::new();
    find(&format!("{path} {}", m.as_str().to_lowercase()), &mut out);
    out.into_iter().find(|l| path_of(l).len() < l.len())
}

/// `line 41`, `lines 9-12`: a line named in words.
fn line_words() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r"(?i)\blines?\s+~?\d{1,6}(?:\s*[-–]\s*\d{1,6})?\b").expect("valid")
    })
}

/// Whether `note` names a line in words and nothing else (`line 60`).
pub fn only_a_line(note: &str) -> bool {
    line_words()
        .find(note.trim())
        .is_some_and(|m| m.len() == note.trim().len())
}

/// Text between locations in a list of them: `, `, ` and `, backticks.
fn separators(s: &str) -> bool {
    s.split(|c: char| c.is_whitespace() || ",;`'\"*_&+".contains(c))
        .all(|w| w.is_empty() || w.eq_ignore_ascii_case("and"))
}

/// Every location of text the author placed as one (a location field's
/// value, a File column's cell): the paths `find` reads, or, when it reads
/// none, each directory written there (`src/checkout/`, `` `components/` ``).
/// Outside such a place a word with a slash is prose as often as a path.
pub fn find_placed(text: &str, out: &mut Vec<String>) {
    let before = out.len();
    find(text, out);
    if out.len() > before || memchr::memchr(b'/', text.as_bytes()).is_none() {
        return;
    }
    for w in text.split(|c: char| c.is_whitespace() || c == ',' || c == ';') {
        if let Some(d) = directory(w) {
            if !out.iter().any(|o| o == d) {
                out.push(d.to_string());
            }
        }
    }
}

/// `w` as a directory: relative path parts ending in a slash, markup and
/// closing punctuation trimmed (`src/legacy/`, `` `tests/` ``). Not a URL,
/// not `./` alone, not `and/or`.
pub fn directory(w: &str) -> Option<&str> {
    let d = w
        .trim_start_matches(['`', '*', '_', '(', '[', '"', '\''])
        .trim_end_matches(['`', '*', '_', ')', ']', '"', '\'', '.', ':'])
        .trim_start_matches("./");
    let ok = d.len() > 1
        && d.ends_with('/')
        && !d.starts_with('/')
        && !d.contains("//")
        && d.bytes().any(|b| b.is_ascii_alphabetic())
        && d.bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.' | b'@' | b'/'));
    ok.then_some(d)
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

    #[test]
    fn a_file_named_bare_and_in_its_directory_is_one_place() {
        assert_eq!(
            all("Rename utils2.go → something meaningful (internal/utils2.go)"),
            ["internal/utils2.go"]
        );
        assert_eq!(all("`a/utils.py` and then utils.py"), ["a/utils.py"]);
        // Another directory's file of that name is another place.
        assert_eq!(all("a/utils.py, b/utils.py"), ["a/utils.py", "b/utils.py"]);
        assert_eq!(all("xutils.py, utils.py"), ["xutils.py", "utils.py"]);
    }

    #[test]
    fn a_placed_directory_is_a_location_when_no_file_is_named() {
        let placed = |t: &str| {
            let mut v = Vec::new();
            find_placed(t, &mut v);
            v
        };
        assert_eq!(placed("`src/checkout/`"), ["src/checkout/"]);
        assert_eq!(
            placed("tests/, ./lib/ and `web/src/`."),
            ["tests/", "lib/", "web/src/"]
        );
        // A file named beside it is the location.
        assert_eq!(placed("`src/`, `src/app.py:4`"), ["src/app.py:4"]);
        for not in [
            "and/or",
            "./",
            "/",
            "https://example.com/",
            "/etc/nginx/",
            "1/2/",
            "N/A",
        ] {
            assert_eq!(placed(not), Vec::<String>::new(), "{not}");
        }
    }

    fn all(text: &str) -> Vec<String> {
        let mut v = Vec::new();
        find(text, &mut v);
        v
    }

    #[test]
    fn windows_paths_are_whole_and_written_with_slashes() {
        assert_eq!(
            all(
                r"`C:\src\acme\installer\setup.py:88`, src\acme\Program.cs line 12, .\scripts\deploy.ps1"
            ),
            [
                "C:/src/acme/installer/setup.py:88",
                "src/acme/Program.cs:12",
                "scripts/deploy.ps1"
            ]
        );
        // The place leaves a title whole, directories and all.
        let t = r"Installer runs as admin (C:\src\setup.py:88)";
        assert_eq!(
            trailing(t).map(|(at, locs)| (&t[..at], locs)),
            Some((
                "Installer runs as admin ",
                vec!["C:/src/setup.py:88".to_string()]
            ))
        );
        // A regex's escapes are no directories.
        assert!(all(r"matches ^\w+\s+$ in full").is_empty());
    }

    #[test]
    fn configuration_and_template_files_are_paths() {
        assert_eq!(
            all("`ios/Info.plist:58`, infra/main.bicep, db/schema.prisma:12, shell.nix, app.properties"),
            [
                "ios/Info.plist:58",
                "infra/main.bicep",
                "db/schema.prisma:12",
                "shell.nix",
                "app.properties"
            ]
        );
        assert_eq!(
            all("views/home.erb:3 and roles/web/templates/nginx.conf.j2, run.bat"),
            [
                "views/home.erb:3",
                "roles/web/templates/nginx.conf.j2",
                "run.bat"
            ]
        );
        // Objective-C's `.m` is left out: prose writes "at 3 p.m." and "a.m.".
        assert!(all("the job runs at 3 p.m. and a.m. daily").is_empty());
        // Names with more than one dot.
        assert_eq!(
            all("`src/a.test.ts:3`, web/app.module.css, docker-compose.prod.yml"),
            [
                "src/a.test.ts:3",
                "web/app.module.css",
                "docker-compose.prod.yml"
            ]
        );
        // The environment as JavaScript reads it is no file; a .env file is.
        assert_eq!(
            all("reads process.env.API_KEY, import.meta.env and process.env; see config.env, .env.local"),
            ["config.env", ".env.local"]
        );
    }

    #[test]
    fn a_file_without_an_extension_is_a_path_by_its_name_or_its_line() {
        assert_eq!(
            all("`Dockerfile:12`, Jenkinsfile, Gemfile:3 and ci/Containerfile"),
            [
                "Dockerfile:12",
                "Jenkinsfile",
                "Gemfile:3",
                "ci/Containerfile"
            ]
        );
        // Well-known names with an extension no other file has.
        assert_eq!(
            all("`go.mod:5`, svc/go.sum, Pipfile, web/.htaccess:3 and .npmrc; not foo.mod"),
            [
                "go.mod:5",
                "svc/go.sum",
                "Pipfile",
                "web/.htaccess:3",
                ".npmrc"
            ]
        );
        // Any other bare name needs a directory and a line to be told from prose.
        assert_eq!(
            all("see packaging/postinst:14, `scripts/deploy:5-9` and bin/run"),
            ["packaging/postinst:14", "scripts/deploy:5-9"]
        );
        // An image and its version, a ratio, a time: no file.
        assert!(all("pin node/alpine:18.2 and ghcr.io/o/app:v1; 1/2:3; run at 10:30").is_empty());
    }

    #[test]
    fn a_link_into_a_forge_names_the_file_after_the_revision() {
        assert_eq!(
            all("Lines of code: https://github.com/o/pool/blob/main/src/Vault.sol#L88-L104"),
            ["src/Vault.sol:88-104"]
        );
        assert_eq!(
            all("see https://gitlab.com/g/sub/p/-/blob/v1.2/lib/a.rb#L3 and <https://github.com/o/r/blob/4f2a9c1/Makefile>"),
            ["lib/a.rb:3", "Makefile"]
        );
        // Other addresses name no file of the project, nor does a link
        // whose path stops at the revision.
        assert!(all("https://example.com/docs/page.html").is_empty());
        assert!(all("https://github.com/o/r/blob/main.py").is_empty());
        assert!(all("https://docs.rs/tokio/latest/tokio/index.html").is_empty());
    }

    #[test]
    fn trailing_locations_with_lines_leave_the_title() {
        fn cut(t: &str) -> Option<(&str, Vec<String>)> {
            trailing(t).map(|(at, locs)| (&t[..at], locs))
        }
        assert_eq!(
            cut("Tokens logged (middleware/log.py:10-30)"),
            Some((
                "Tokens logged ",
                vec!["middleware/log.py:10-30".to_string()]
            ))
        );
        assert_eq!(
            cut("Race in worker [a.py:3, b/c.rs:9-12]"),
            Some((
                "Race in worker ",
                vec!["a.py:3".to_string(), "b/c.rs:9-12".to_string()]
            ))
        );
        assert_eq!(
            cut("Unbounded query — api/db.py:42 and api/db.py:80"),
            Some((
                "Unbounded query",
                vec!["api/db.py:42".to_string(), "api/db.py:80".to_string()]
            ))
        );
        assert_eq!(
            cut("Stale cache (routes.py:640, 674)"),
            Some((
                "Stale cache ",
                vec!["routes.py:640".to_string(), "routes.py:674".to_string()]
            ))
        );
        // A bare path names the finding; words beside a path are not a list
        // of locations; a title is never cut to nothing.
        assert_eq!(cut("Remove legacy code (process_images.py)"), None);
        assert_eq!(cut("Leak (see app.py:10 for details)"), None);
        assert_eq!(cut("Retry storm (app.py:10 in prod)"), None);
        assert_eq!(cut("(app.py:10)"), None);
        assert_eq!(cut("Timeouts - too short"), None);
        assert_eq!(cut("Unclosed bracket app.py:10)"), None);
    }

    #[test]
    fn forms_seen_in_audits() {
        assert_eq!(
            all("`server/api.py:150-223`, `x/y.py`"),
            ["server/api.py:150-223", "x/y.py"]
        );
        assert_eq!(all("app.py ~lines 165-210: three"), ["app.py:165-210"]);
        assert_eq!(
            all("`app/auth/tokens.py`, line 61"),
            ["app/auth/tokens.py:61"]
        );
        assert_eq!(all("File: .rubocop.yml:12"), [".rubocop.yml:12"]);
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
            "go.mod and go.sum".into(),
            "Pipfile".into(),
            ".gitignore .dockerignore .npmrc .yarnrc .htaccess .editorconfig .gitattributes".into(),
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
    fn lines_by_hand_match_the_regex() {
        let by_regex = |t: &str| {
            let c = lines_re().captures(t)?;
            let range = |name: &str| c.name(name).map(|m| (m.start(), m.end()));
            Some(LineSpec {
                len: c.get(0).map_or(0, |m| m.len()),
                first: range("l1").or_else(|| range("l3")).or_else(|| range("l5")),
                last: range("l2").or_else(|| range("l4")).or_else(|| range("l6")),
                more: range("more"),
            })
        };
        let alphabet = [
            ":", "1", "23", "-", " ", ",", "L", "line", "lines", "(", "~", "`", "#", "–", "x",
            "1234567", "\t", "\u{b}", "around", "near",
        ];
        // A small deterministic generator: every case runs on every machine.
        let mut seed = 0x2545_f491_4f6c_dd1d_u64;
        let mut next = |n: usize| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed % n as u64) as usize
        };
        let mut checked = 0;
        for _ in 0..200_000 {
            let len = next(9);
            let t: String = (0..len).map(|_| alphabet[next(alphabet.len())]).collect();
            if let Some(hand) = lines_by_hand(&t) {
                assert_eq!(hand, by_regex(&t).unwrap_or_default(), "{t:?}");
                checked += 1;
            }
        }
        assert!(checked > 100_000, "only {checked} ASCII cases");
    }

    #[test]
    fn a_range_may_repeat_its_l() {
        assert_eq!(all("`scripts/sign.sh` L10-L20"), ["scripts/sign.sh:10-20"]);
        assert_eq!(
            all("`scripts/sign.sh` L10 - L20"),
            ["scripts/sign.sh:10-20"]
        );
    }

    #[test]
    fn path_without_line() {
        assert_eq!(path_of("a/b.py:10-20"), "a/b.py");
        assert_eq!(path_of("a/b.py"), "a/b.py");
    }
}
