//! Calendar dates, and dates that carry their precision.
//!
//! Sources often say only "in March 2024" or "in 2023", so every event date is a
//! [`PartialDate`]: a year, a month or a day. A partial date stands for an interval
//! (`earliest ..= latest`); the timeline rules compare intervals so that a vague date
//! never causes a false refusal. Parsing happens here, once, at the edge.
//!
//! A source may also say only that something had happened by a day: an appeal
//! written on 12 June says a man "is detained" and nothing of when he was taken.
//! That is [`PartialDate::By`], written `..2026-06-12` (the open start of ISO
//! 8601-2's intervals): it counts from that day, the first day it is known to hold,
//! and nothing is ever "surely before" it, so a later source can still give the
//! exact, earlier day.

use std::fmt;

use serde::{Deserialize, Serialize};

/// Years outside this range are refused: they are typing mistakes, not history.
const MIN_YEAR: i32 = 1900;
const MAX_YEAR: i32 = 2200;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DateError {
    #[error(
        "'{0}' is not a date: use YYYY-MM-DD, YYYY-MM or YYYY (or ..YYYY-MM-DD for 'on or before')"
    )]
    Format(String),
    #[error("'{input}' is not a real date: {reason}")]
    Impossible { input: String, reason: String },
}

/// A valid day of the proleptic Gregorian calendar.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    year: i32,
    month: u8,
    day: u8,
}

fn is_leap(year: i32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

pub fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        _ if is_leap(year) => 29,
        _ => 28,
    }
}

impl Date {
    /// 1970-01-01, day 0 of [`Date::to_days`].
    pub const EPOCH: Date = Date {
        year: 1970,
        month: 1,
        day: 1,
    };

    pub fn new(year: i32, month: u8, day: u8) -> Result<Date, DateError> {
        let input = format!("{year:04}-{month:02}-{day:02}");
        check_year(year, &input)?;
        if !(1..=12).contains(&month) {
            return Err(DateError::Impossible {
                input,
                reason: format!("there is no month {month}"),
            });
        }
        let last = days_in_month(year, month);
        if day == 0 || day > last {
            return Err(DateError::Impossible {
                input,
                reason: format!("month {month} of {year} has {last} days"),
            });
        }
        Ok(Date { year, month, day })
    }

    /// Parses `YYYY-MM-DD` exactly.
    pub fn parse(input: &str) -> Result<Date, DateError> {
        match PartialDate::parse(input)? {
            PartialDate::Day(d) => Ok(d),
            _ => Err(DateError::Format(input.to_string())),
        }
    }

    pub fn year(self) -> i32 {
        self.year
    }
    pub fn month(self) -> u8 {
        self.month
    }
    pub fn day(self) -> u8 {
        self.day
    }

    /// Days since 1970-01-01 (negative before), by Howard Hinnant's civil algorithm.
    pub fn to_days(self) -> i64 {
        let y = i64::from(self.year) - i64::from(self.month <= 2);
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let m = i64::from(self.month);
        let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(self.day) - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    /// The inverse of [`Date::to_days`]; `None` outside the supported years.
    pub fn from_days(days: i64) -> Option<Date> {
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = u8::try_from(doy - (153 * mp + 2) / 5 + 1).ok()?;
        let month = u8::try_from(if mp < 10 { mp + 3 } else { mp - 9 }).ok()?;
        let year = i32::try_from(yoe + era * 400 + i64::from(month <= 2)).ok()?;
        Date::new(year, month, day).ok()
    }

    pub fn add_days(self, days: i64) -> Option<Date> {
        Date::from_days(self.to_days() + days)
    }

    /// The same day `months` later; the 31st of a shorter month becomes its last day.
    pub fn add_months(self, months: u32) -> Option<Date> {
        let total = i64::from(self.year) * 12 + i64::from(self.month) - 1 + i64::from(months);
        let year = i32::try_from(total.div_euclid(12)).ok()?;
        let month = u8::try_from(total.rem_euclid(12) + 1).ok()?;
        let day = self.day.min(days_in_month(year, month));
        Date::new(year, month, day).ok()
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

fn check_year(year: i32, input: &str) -> Result<(), DateError> {
    if (MIN_YEAR..=MAX_YEAR).contains(&year) {
        Ok(())
    } else {
        Err(DateError::Impossible {
            input: input.to_string(),
            reason: format!("the year must be between {MIN_YEAR} and {MAX_YEAR}"),
        })
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Precision {
    Year,
    Month,
    Day,
}

/// A date known to the day, the month or the year, or known only to be on or
/// before a day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PartialDate {
    Year(i32),
    Month(i32, u8),
    Day(Date),
    /// On or before this day, how long before unknown (`..2026-06-12`).
    By(Date),
}

impl PartialDate {
    /// Parses `YYYY`, `YYYY-MM`, `YYYY-MM-DD` or `..YYYY-MM-DD`; anything else is an
    /// error naming the input.
    pub fn parse(input: &str) -> Result<PartialDate, DateError> {
        let text = input.trim();
        if let Some(day) = text.strip_prefix("..") {
            return match PartialDate::parse(day) {
                Ok(PartialDate::Day(d)) => Ok(PartialDate::By(d)),
                Ok(_) => Err(DateError::Format(input.to_string())),
                Err(DateError::Impossible { reason, .. }) => Err(DateError::Impossible {
                    input: input.to_string(),
                    reason,
                }),
                Err(DateError::Format(_)) => Err(DateError::Format(input.to_string())),
            };
        }
        let format_err = || DateError::Format(input.to_string());
        let parts: Vec<&str> = text.split('-').collect();
        let number = |s: &str, len: usize| -> Result<u32, DateError> {
            if s.len() == len && s.bytes().all(|b| b.is_ascii_digit()) {
                s.parse().map_err(|_| format_err())
            } else {
                Err(format_err())
            }
        };
        let year = i32::try_from(number(parts.first().copied().unwrap_or(""), 4)?)
            .map_err(|_| format_err())?;
        check_year(year, input)?;
        match parts.as_slice() {
            [_] => Ok(PartialDate::Year(year)),
            [_, m] => {
                let month = u8::try_from(number(m, 2)?).map_err(|_| format_err())?;
                if !(1..=12).contains(&month) {
                    return Err(DateError::Impossible {
                        input: input.to_string(),
                        reason: format!("there is no month {month}"),
                    });
                }
                Ok(PartialDate::Month(year, month))
            }
            [_, m, d] => {
                let month = u8::try_from(number(m, 2)?).map_err(|_| format_err())?;
                let day = u8::try_from(number(d, 2)?).map_err(|_| format_err())?;
                Date::new(year, month, day)
                    .map(PartialDate::Day)
                    .map_err(|e| match e {
                        DateError::Impossible { reason, .. } => DateError::Impossible {
                            input: input.to_string(),
                            reason,
                        },
                        other => other,
                    })
            }
            _ => Err(format_err()),
        }
    }

    pub fn precision(self) -> Precision {
        match self {
            PartialDate::Year(_) => Precision::Year,
            PartialDate::Month(..) => Precision::Month,
            PartialDate::Day(_) | PartialDate::By(_) => Precision::Day,
        }
    }

    /// True for a date known only as "on or before" a day.
    pub fn is_bound(self) -> bool {
        matches!(self, PartialDate::By(_))
    }

    /// The first day the date can stand for; for [`PartialDate::By`], the day it is
    /// first known to hold (what status, order and durations count from).
    pub fn earliest(self) -> Date {
        match self {
            PartialDate::Year(y) => Date {
                year: y,
                month: 1,
                day: 1,
            },
            PartialDate::Month(y, m) => Date {
                year: y,
                month: m,
                day: 1,
            },
            PartialDate::Day(d) | PartialDate::By(d) => d,
        }
    }

    /// The last day the date can stand for.
    pub fn latest(self) -> Date {
        match self {
            PartialDate::Year(y) => Date {
                year: y,
                month: 12,
                day: 31,
            },
            PartialDate::Month(y, m) => Date {
                year: y,
                month: m,
                day: days_in_month(y, m),
            },
            PartialDate::Day(d) | PartialDate::By(d) => d,
        }
    }

    /// True when every day this date can stand for is before every day of `other`.
    /// Nothing is surely before a [`PartialDate::By`]: its first day is unknown.
    pub fn surely_before(self, other: PartialDate) -> bool {
        !other.is_bound() && self.latest() < other.earliest()
    }

    /// Keeps the coarser of two precisions: a month-precise arrest plus a sentence in
    /// months gives a month-precise release.
    pub fn with_precision(date: Date, precision: Precision) -> PartialDate {
        match precision {
            Precision::Year => PartialDate::Year(date.year),
            Precision::Month => PartialDate::Month(date.year, date.month),
            Precision::Day => PartialDate::Day(date),
        }
    }
}

impl fmt::Display for PartialDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PartialDate::Year(y) => write!(f, "{y:04}"),
            PartialDate::Month(y, m) => write!(f, "{y:04}-{m:02}"),
            PartialDate::Day(d) => d.fmt(f),
            PartialDate::By(d) => write!(f, "..{d}"),
        }
    }
}

impl Serialize for PartialDate {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for PartialDate {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        PartialDate::parse(&text).map_err(serde::de::Error::custom)
    }
}

impl Serialize for Date {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        Date::parse(&text).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn impossible_days_are_refused_with_the_reason() {
        let err = PartialDate::parse("2026-02-30").unwrap_err();
        assert_eq!(
            err.to_string(),
            "'2026-02-30' is not a real date: month 2 of 2026 has 28 days"
        );
        assert!(PartialDate::parse("2024-02-29").is_ok());
        assert!(PartialDate::parse("2023-13").is_err());
        assert!(PartialDate::parse("24-01-01").is_err());
        assert!(PartialDate::parse("2024-1-01").is_err());
        assert!(PartialDate::parse("").is_err());
        assert!(PartialDate::parse("1850").is_err());
    }

    #[test]
    fn partial_dates_keep_their_precision_and_bounds() {
        let march = PartialDate::parse("2024-03").unwrap();
        assert_eq!(march.precision(), Precision::Month);
        assert_eq!(march.earliest().to_string(), "2024-03-01");
        assert_eq!(march.latest().to_string(), "2024-03-31");
        let year = PartialDate::parse("2023").unwrap();
        assert_eq!(year.latest().to_string(), "2023-12-31");
        assert_eq!(year.to_string(), "2023");
        assert!(year.surely_before(march));
        assert!(!march.surely_before(PartialDate::parse("2024-03-15").unwrap()));
    }

    #[test]
    fn a_bound_counts_from_its_day_and_nothing_is_surely_before_it() {
        let by = PartialDate::parse("..2026-06-12").unwrap();
        assert_eq!(by, PartialDate::By(Date::new(2026, 6, 12).unwrap()));
        assert_eq!(by.to_string(), "..2026-06-12");
        assert_eq!(PartialDate::parse(&by.to_string()), Ok(by));
        assert!(by.is_bound());
        assert_eq!(by.earliest().to_string(), "2026-06-12");
        assert_eq!(by.latest().to_string(), "2026-06-12");
        let earlier = PartialDate::parse("2026-05-01").unwrap();
        assert!(!earlier.surely_before(by), "the exact day may be earlier");
        assert!(by.surely_before(PartialDate::parse("2026-06-13").unwrap()));
        assert!(!by.surely_before(PartialDate::parse("2026-06").unwrap()));
        for bad in [
            "..2026-06",
            "..2026",
            "....2026-06-12",
            ".. ",
            "..2026-02-30",
        ] {
            assert!(PartialDate::parse(bad).is_err(), "{bad}");
        }
        assert!(
            PartialDate::parse("..2026-02-30")
                .unwrap_err()
                .to_string()
                .contains("'..2026-02-30'")
        );
    }

    #[test]
    fn day_numbers_round_trip_across_leap_years() {
        let epoch = Date::new(1970, 1, 1).unwrap();
        assert_eq!(epoch.to_days(), 0);
        let d = Date::new(2024, 2, 29).unwrap();
        assert_eq!(Date::from_days(d.to_days()), Some(d));
        assert_eq!(d.add_days(1).unwrap().to_string(), "2024-03-01");
        for days in (-20_000..40_000).step_by(97) {
            let date = Date::from_days(days).unwrap();
            assert_eq!(date.to_days(), days);
        }
    }

    #[test]
    fn adding_months_clamps_to_the_end_of_shorter_months() {
        let d = Date::new(2023, 1, 31).unwrap();
        assert_eq!(d.add_months(1).unwrap().to_string(), "2023-02-28");
        assert_eq!(d.add_months(13).unwrap().to_string(), "2024-02-29");
        assert_eq!(d.add_months(120).unwrap().to_string(), "2033-01-31");
    }
}
