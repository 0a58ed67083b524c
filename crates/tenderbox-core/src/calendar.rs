//! Working days (工作日) from a holiday calendar kept as data.
//!
//! A working day is Monday to Friday, unless the State Council's notice for the year
//! makes it a public holiday; and a Saturday or Sunday the notice makes a working day
//! (调休上班) counts. The notice changes every year, so the calendar is data the centre
//! admins keep (on the server, one row per date), not code; this module only counts.
//! Dates are Beijing calendar days written `YYYY-MM-DD`.

use crate::security::{add_days, weekday};
use crate::time::is_date;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// What the notice says of one date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DayKind {
    /// A public holiday (法定节假日, including the days moved next to it).
    Holiday,
    /// A weekend day worked in exchange (调休上班).
    Workday,
}

/// The dates the notice changes; every other date follows the week.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Calendar {
    pub days: BTreeMap<String, DayKind>,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CalendarError {
    #[error("{0} is not a date written YYYY-MM-DD")]
    BadDate(String),
}

impl Calendar {
    /// A calendar from (date, kind) pairs, each date checked.
    pub fn new(entries: impl IntoIterator<Item = (String, DayKind)>) -> Result<Self, CalendarError> {
        let mut days = BTreeMap::new();
        for (d, k) in entries {
            if !is_date(&d) {
                return Err(CalendarError::BadDate(d));
            }
            days.insert(d, k);
        }
        Ok(Calendar { days })
    }

    /// Is `date` a working day?
    pub fn is_working_day(&self, date: &str) -> bool {
        match self.days.get(date) {
            Some(DayKind::Holiday) => false,
            Some(DayKind::Workday) => true,
            None => weekday(date) < 5,
        }
    }

    /// `date` plus `n` working days: the `n`th working day after `date` (`date` itself
    /// not counted). `n = 0` is `date`.
    pub fn add_working_days(&self, date: &str, n: u32) -> String {
        let mut d = date.to_string();
        let mut left = n;
        while left > 0 {
            d = add_days(&d, 1);
            if self.is_working_day(&d) {
                left -= 1;
            }
        }
        d
    }

    /// The working days from `from` to `to`, both counted (0 when `to` is before `from`).
    pub fn working_days(&self, from: &str, to: &str) -> u32 {
        let mut n = 0;
        let mut d = from.to_string();
        while d.as_str() <= to {
            if self.is_working_day(&d) {
                n += 1;
            }
            d = add_days(&d, 1);
        }
        n
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// National Day 2026 as a notice would put it: 1–7 October off, Saturday 10 October worked.
    fn national_day() -> Calendar {
        let mut e: Vec<(String, DayKind)> = (1..=7).map(|d| (format!("2026-10-{d:02}"), DayKind::Holiday)).collect();
        e.push(("2026-10-10".into(), DayKind::Workday));
        Calendar::new(e).unwrap()
    }

    #[test]
    fn weekends_and_holidays_are_not_working_days_and_a_makeup_saturday_is() {
        let c = national_day();
        assert!(c.is_working_day("2026-09-30"), "a Wednesday");
        assert!(!c.is_working_day("2026-10-01") && !c.is_working_day("2026-10-05"), "holidays, a Thursday and a Monday");
        assert!(!c.is_working_day("2026-10-11"), "a Sunday");
        assert!(c.is_working_day("2026-10-10"), "the Saturday worked in exchange");
        assert!(Calendar::default().is_working_day("2026-10-01"), "no notice: a Thursday works");
    }

    #[test]
    fn working_days_are_counted_over_a_holiday() {
        let c = national_day();
        // From Monday 28 September: 28, 29, 30 September, then Thursday 8, Friday 9, Saturday 10 October.
        assert_eq!(c.working_days("2026-09-28", "2026-10-10"), 6);
        assert_eq!(c.add_working_days("2026-09-29", 2), "2026-10-08");
        assert_eq!(Calendar::default().add_working_days("2026-09-29", 2), "2026-10-01");
        assert_eq!(c.add_working_days("2026-09-29", 0), "2026-09-29");
        assert_eq!(c.working_days("2026-10-02", "2026-10-01"), 0);
    }

    #[test]
    fn a_bad_date_is_refused_by_name() {
        assert_eq!(Calendar::new([("2026-13-01".to_string(), DayKind::Holiday)]), Err(CalendarError::BadDate("2026-13-01".into())));
    }
}
