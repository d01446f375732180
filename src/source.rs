//! Where an audit document comes from: a file, `REV:PATH`, or `@DATE:PATH`.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use chrono::{NaiveDate, NaiveDateTime, NaiveTime};
use regex::Regex;

/// A document as named on the command line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Spec {
    /// A file in the working tree (or anywhere).
    File(PathBuf),
    /// `REV:PATH`: the file as of a revision, as `git show` reads it.
    Rev { rev: String, path: String },
    /// `@DATE:PATH`: the version in effect at the end of that day or minute.
    Date { date: Moment, path: String },
}

/// A point in time given as a date or a date and time (UTC).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Moment {
    /// The last second the moment covers: the end of the day, or of the minute.
    pub end: i64,
}

impl Moment {
    pub fn label(&self) -> String {
        chrono::DateTime::from_timestamp(self.end, 0)
            .map(|d| d.format("%Y-%m-%d %H:%M:%S UTC").to_string())
            .unwrap_or_else(|| self.end.to_string())
    }
}

/// Parses `2025-12-06`, `2025-12-06T04:42` or `2025-12-06T04:42:10` (UTC).
pub fn parse_moment(s: &str) -> Result<Moment, String> {
    let bad = || format!("`{s}` is not a date (expected YYYY-MM-DD or YYYY-MM-DDTHH:MM)");
    if let Ok(d) = NaiveDate::parse_from_str(s, "%Y-%m-%d") {
        let end = d.and_time(NaiveTime::from_hms_opt(23, 59, 59).ok_or_else(bad)?);
        return Ok(Moment {
            end: end.and_utc().timestamp(),
        });
    }
    for (fmt, extra) in [
        ("%Y-%m-%dT%H:%M:%S", 0),
        ("%Y-%m-%dT%H:%M", 59),
        ("%Y-%m-%d %H:%M", 59),
    ] {
        if let Ok(t) = NaiveDateTime::parse_from_str(s, fmt) {
            return Ok(Moment {
                end: t.and_utc().timestamp() + extra,
            });
        }
    }
    Err(bad())
}

fn date_prefix() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r"^@(\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2})?)?):(.+)$").expect("valid")
    })
}

/// Reads a spec. An existing file always wins over a `REV:PATH` reading.
pub fn parse_spec(s: &str) -> Result<Spec, String> {
    if let Some(c) = date_prefix().captures(s) {
        return Ok(Spec::Date {
            date: parse_moment(&c[1])?,
            path: c[2].to_string(),
        });
    }
    if s.starts_with('@') {
        return Err(format!(
            "`{s}`: expected @DATE:PATH, e.g. @2025-12-06:docs/ISSUES.md"
        ));
    }
    if Path::new(s).exists() {
        return Ok(Spec::File(PathBuf::from(s)));
    }
    match s.split_once(':') {
        Some((rev, path)) if !rev.is_empty() && !path.is_empty() => Ok(Spec::Rev {
            rev: rev.to_string(),
            path: path.to_string(),
        }),
        _ => Ok(Spec::File(PathBuf::from(s))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn specs() {
        assert_eq!(
            parse_spec("HEAD~3:docs/ISSUES.md").unwrap(),
            Spec::Rev {
                rev: "HEAD~3".into(),
                path: "docs/ISSUES.md".into()
            }
        );
        assert_eq!(
            parse_spec("no/such/file.md").unwrap(),
            Spec::File("no/such/file.md".into())
        );
        let Spec::Date { date, path } = parse_spec("@2025-12-06T04:42:docs/ISSUES.md").unwrap()
        else {
            panic!("a date spec")
        };
        assert_eq!(path, "docs/ISSUES.md");
        assert_eq!(date.label(), "2025-12-06 04:42:59 UTC");
        assert!(parse_spec("@yesterday:x.md").is_err());
    }

    #[test]
    fn moments_cover_the_whole_day_or_minute() {
        assert_eq!(
            parse_moment("2025-12-06").unwrap().label(),
            "2025-12-06 23:59:59 UTC"
        );
        assert!(parse_moment("2025-13-01").is_err());
    }
}
