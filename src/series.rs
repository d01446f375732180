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

/// Two members by the other keys, strongest first, then by name with its
/// numbers as numbers: two passes stating the same day are told apart by
/// their commits, else as `AUDIT-9` and `AUDIT-10`. A member without a key
/// comes before those with it, so each step, and the whole, is a total
/// order (a sort may panic on less).
fn tie(a: &Member, b: &Member) -> Ordering {
    a.stated_date
        .cmp(&b.stated_date)
        .then_with(|| name_date(&a.path).cmp(&name_date(&b.path)))
        .then_with(|| a.commit_time.cmp(&b.commit_time))
        .then_with(|| natural(&a.path, &b.path))
        .then_with(|| a.path.cmp(&b.path))
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
        // Same day, no numbers in the commits' way: the commit decides.
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
    fn the_order_is_total_whatever_keys_are_missing() {
        // Stated dates on some files only, one commit for all: a tie-break
        // that skipped missing keys made a < b < c < a, and sorts panic on that.
        let mut all = Vec::new();
        for i in 0..90 {
            let date = format!("2025-{:02}-01", i % 12 + 1);
            let name: String = [b'a' + (i / 26) as u8, b'a' + (i % 26) as u8]
                .iter()
                .map(|&c| c as char)
                .collect();
            all.push(m(
                &format!("{name}.md"),
                (i % 3 != 1).then_some(date.as_str()),
                Some(7),
            ));
        }
        let (v, by) = order(all.clone());
        assert_eq!(by, OrderedBy::CommitTime);
        for w in v.windows(2) {
            assert_ne!(tie(&w[0], &w[1]), Ordering::Greater);
        }
        let (a, _) = order(vec![
            m("a.md", Some("2025-03-01"), Some(1)),
            m("b.md", None, Some(1)),
            m("c.md", Some("2025-01-01"), Some(1)),
        ]);
        assert_eq!(paths(&a), ["b.md", "c.md", "a.md"]);
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
