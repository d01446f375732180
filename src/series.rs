//! One file per pass: ordering `audits/*.md`-style series.
//!
//! Pure: takes what is known of each file and returns the order. The order
//! uses the first key every file has: the date the document states, else a
//! date in the file name, else a number in the file name (`AUDIT-7.md`),
//! else the time of the last commit that touched the file.

use std::sync::OnceLock;

use std::cmp::Ordering;

use chrono::{Datelike, NaiveDate};
use regex::Regex;

/// What is known of one file of a series.
#[derive(Clone, Debug)]
pub struct Member {
    pub path: String,
    pub stated_date: Option<NaiveDate>,
    pub commit_time: Option<i64>,
}

fn name_date(path: &str) -> Option<NaiveDate> {
    static RE: OnceLock<Regex> = OnceLock::new();
    let re = RE.get_or_init(|| Regex::new(r"(\d{4})[-_.]?(\d{2})[-_.]?(\d{2})").expect("valid"));
    let name = path.rsplit('/').next().unwrap_or(path);
    let c = re.captures(name)?;
    NaiveDate::from_ymd_opt(c[1].parse().ok()?, c[2].parse().ok()?, c[3].parse().ok()?)
}

/// A pass number in the file name (`AUDIT-7.md`, `audit-v10.md`): the last
/// number of the name, unless the name holds a date, whose day it would be.
fn name_number(path: &str) -> Option<u64> {
    static RE: OnceLock<Regex> = OnceLock::new();
    let re = RE.get_or_init(|| Regex::new(r"(\d+)\D*$").expect("valid"));
    if name_date(path).is_some() {
        return None;
    }
    let name = path.rsplit('/').next().unwrap_or(path);
    re.captures(name)?.get(1)?.as_str().parse().ok()
}

/// Which key ordered the series.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OrderedBy {
    StatedDate,
    NameDate,
    NameNumber,
    CommitTime,
    Name,
}

/// Names compared with their numbers as numbers: `AUDIT-9` before `AUDIT-10`.
fn natural(a: &str, b: &str) -> Ordering {
    let (mut a, mut b) = (a.as_bytes(), b.as_bytes());
    loop {
        match (a.first(), b.first()) {
            (None, None) => return Ordering::Equal,
            (None, _) => return Ordering::Less,
            (_, None) => return Ordering::Greater,
            (Some(x), Some(y)) if x.is_ascii_digit() && y.is_ascii_digit() => {
                let da = a.iter().take_while(|c| c.is_ascii_digit()).count();
                let db = b.iter().take_while(|c| c.is_ascii_digit()).count();
                let (na, nb) = (&a[..da], &b[..db]);
                let strip = |n: &[u8]| -> usize { n.iter().take_while(|&&c| c == b'0').count() };
                let (na, nb) = (&na[strip(na)..], &nb[strip(nb)..]);
                let by_value = na.len().cmp(&nb.len()).then_with(|| na.cmp(nb));
                if by_value != Ordering::Equal {
                    return by_value;
                }
                (a, b) = (&a[da..], &b[db..]);
            }
            (Some(x), Some(y)) if x != y => return x.cmp(y),
            _ => (a, b) = (&a[1..], &b[1..]),
        }
    }
}

/// Two members by the keys both have, strongest first, then by name:
/// two passes stating the same day are told apart by their numbers or
/// their commits.
fn tie(a: &Member, b: &Member) -> Ordering {
    fn both<T: Ord>(x: Option<T>, y: Option<T>) -> Ordering {
        match (x, y) {
            (Some(x), Some(y)) => x.cmp(&y),
            _ => Ordering::Equal,
        }
    }
    both(a.stated_date, b.stated_date)
        .then_with(|| both(name_date(&a.path), name_date(&b.path)))
        .then_with(|| both(name_number(&a.path), name_number(&b.path)))
        .then_with(|| both(a.commit_time, b.commit_time))
        .then_with(|| natural(&a.path, &b.path))
}

/// Sorts members oldest first by the first key every one of them has; ties
/// go to the other keys (see `tie`).
pub fn order(mut members: Vec<Member>) -> (Vec<Member>, OrderedBy) {
    let all = |f: &dyn Fn(&Member) -> bool| members.iter().all(f);
    let by = if all(&|m| m.stated_date.is_some()) {
        OrderedBy::StatedDate
    } else if all(&|m| name_date(&m.path).is_some()) {
        OrderedBy::NameDate
    } else if all(&|m| name_number(&m.path).is_some()) {
        OrderedBy::NameNumber
    } else if all(&|m| m.commit_time.is_some()) {
        OrderedBy::CommitTime
    } else {
        OrderedBy::Name
    };
    let key = |m: &Member| -> Option<i64> {
        match by {
            OrderedBy::StatedDate => m.stated_date.map(|d| i64::from(d.num_days_from_ce())),
            OrderedBy::NameDate => name_date(&m.path).map(|d| i64::from(d.num_days_from_ce())),
            OrderedBy::NameNumber => name_number(&m.path).map(|n| n.min(i64::MAX as u64) as i64),
            OrderedBy::CommitTime => m.commit_time,
            OrderedBy::Name => None,
        }
    };
    members.sort_by(|a, b| key(a).cmp(&key(b)).then_with(|| tie(a, b)));
    (members, by)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(path: &str, date: Option<&str>, t: Option<i64>) -> Member {
        Member {
            path: path.into(),
            stated_date: date.map(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").unwrap()),
            commit_time: t,
        }
    }

    fn paths(v: &[Member]) -> Vec<&str> {
        v.iter().map(|m| m.path.as_str()).collect()
    }

    #[test]
    fn numbers_in_names_sort_numerically() {
        let (v, by) = order(vec![
            m("AUDIT-10.md", None, None),
            m("AUDIT-3.md", None, None),
            m("AUDIT-7.md", None, None),
        ]);
        assert_eq!(paths(&v), ["AUDIT-3.md", "AUDIT-7.md", "AUDIT-10.md"]);
        assert_eq!(by, OrderedBy::NameNumber);
    }

    #[test]
    fn stated_dates_beat_names() {
        let (v, by) = order(vec![
            m("audit-2025-11-12.md", Some("2025-12-01"), None),
            m("audit-2025-12-01.md", Some("2025-11-12"), None),
        ]);
        assert_eq!(paths(&v), ["audit-2025-12-01.md", "audit-2025-11-12.md"]);
        assert_eq!(by, OrderedBy::StatedDate);
        let (v, by) = order(vec![
            m("audit-2025-12-01.md", None, None),
            m("audit-2025-11-12.md", Some("2025-11-12"), None),
        ]);
        assert_eq!(paths(&v), ["audit-2025-11-12.md", "audit-2025-12-01.md"]);
        assert_eq!(by, OrderedBy::NameDate);
    }

    #[test]
    fn ties_go_to_numbers_then_commits_then_names() {
        // Two passes stating one day: AUDIT-10 is the later.
        let (v, by) = order(vec![
            m("AUDIT-10.md", Some("2025-11-12"), Some(3)),
            m("AUDIT-9.md", Some("2025-11-12"), Some(2)),
            m("AUDIT-8.md", Some("2025-11-01"), Some(1)),
        ]);
        assert_eq!(paths(&v), ["AUDIT-8.md", "AUDIT-9.md", "AUDIT-10.md"]);
        assert_eq!(by, OrderedBy::StatedDate);
        // Same day, no numbers: the commit decides.
        let (v, _) = order(vec![
            m("b.md", Some("2025-11-12"), Some(1)),
            m("a.md", Some("2025-11-12"), Some(2)),
        ]);
        assert_eq!(paths(&v), ["b.md", "a.md"]);
        // Nothing else: names, numbers as numbers.
        let (v, by) = order(vec![
            m("pass-10-final.md", None, None),
            m("pass-9-draft.md", None, None),
            m("x.md", None, None),
        ]);
        assert_eq!(paths(&v), ["pass-9-draft.md", "pass-10-final.md", "x.md"]);
        assert_eq!(by, OrderedBy::Name);
    }

    #[test]
    fn a_date_in_a_name_is_no_pass_number() {
        // `audit-2025-11-28` is not pass 28: with names of two kinds the
        // commits order the series.
        let (v, by) = order(vec![
            m("audit-v10.md", None, Some(30)),
            m("audit-2025-11-28.md", None, Some(20)),
            m("AUDIT-3.md", None, Some(10)),
        ]);
        assert_eq!(
            paths(&v),
            ["AUDIT-3.md", "audit-2025-11-28.md", "audit-v10.md"]
        );
        assert_eq!(by, OrderedBy::CommitTime);
    }

    #[test]
    fn natural_order_compares_numbers_as_numbers() {
        assert_eq!(natural("a9", "a10"), Ordering::Less);
        assert_eq!(natural("a010", "a9"), Ordering::Greater);
        assert_eq!(natural("a1b", "a1a"), Ordering::Greater);
        assert_eq!(natural("a", "a1"), Ordering::Less);
        assert_eq!(natural("a01", "a1"), Ordering::Equal);
    }

    #[test]
    fn commit_time_last() {
        let (v, by) = order(vec![m("b.md", None, Some(2)), m("a.md", None, Some(5))]);
        assert_eq!(paths(&v), ["b.md", "a.md"]);
        assert_eq!(by, OrderedBy::CommitTime);
    }
}
