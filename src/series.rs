//! One file per pass: ordering `audits/*.md`-style series.
//!
//! Pure: takes what is known of each file and returns the order. The order
//! uses the first key every file has: the date the document states, else a
//! date in the file name, else a number in the file name (`AUDIT-7.md`),
//! else the time of the last commit that touched the file.

use std::sync::OnceLock;

use chrono::NaiveDate;
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

fn name_number(path: &str) -> Option<u64> {
    static RE: OnceLock<Regex> = OnceLock::new();
    let re = RE.get_or_init(|| Regex::new(r"(\d+)\D*$").expect("valid"));
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

/// Sorts members oldest first; ties keep name order.
pub fn order(mut members: Vec<Member>) -> (Vec<Member>, OrderedBy) {
    members.sort_by(|a, b| a.path.cmp(&b.path));
    let by = if members.iter().all(|m| m.stated_date.is_some()) {
        members.sort_by_key(|m| m.stated_date);
        OrderedBy::StatedDate
    } else if members.iter().all(|m| name_date(&m.path).is_some()) {
        members.sort_by_key(|m| name_date(&m.path));
        OrderedBy::NameDate
    } else if members.iter().all(|m| name_number(&m.path).is_some()) {
        members.sort_by_key(|m| name_number(&m.path));
        OrderedBy::NameNumber
    } else if members.iter().all(|m| m.commit_time.is_some()) {
        members.sort_by_key(|m| m.commit_time);
        OrderedBy::CommitTime
    } else {
        OrderedBy::Name
    };
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
    fn commit_time_last() {
        let (v, by) = order(vec![m("b.md", None, Some(2)), m("a.md", None, Some(5))]);
        assert_eq!(paths(&v), ["b.md", "a.md"]);
        assert_eq!(by, OrderedBy::CommitTime);
    }
}
