//! Partial calendar dates (`YYYY`, `YYYY-MM`, `YYYY-MM-DD`) as the gold guidelines write them,
//! and the parsers that find them in front matter, date lines and URLs.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;

/// A date as precise as the text allows: a year, a month of a year, or a day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct PartialDate {
    /// Four-digit year.
    pub year: i32,
    /// Month 1..=12, if known.
    pub month: Option<u8>,
    /// Day 1..=31, if known (only with a month).
    pub day: Option<u8>,
}

impl PartialDate {
    /// A year only.
    pub fn year(year: i32) -> Self {
        PartialDate {
            year,
            month: None,
            day: None,
        }
    }

    /// A month of a year; `None` if the month is out of range.
    pub fn month(year: i32, month: u32) -> Option<Self> {
        (1..=12).contains(&month).then_some(PartialDate {
            year,
            month: Some(month as u8),
            day: None,
        })
    }

    /// A full day; `None` if it is not a real calendar day.
    pub fn day(year: i32, month: u32, day: u32) -> Option<Self> {
        chrono::NaiveDate::from_ymd_opt(year, month, day)?;
        Some(PartialDate {
            year,
            month: Some(month as u8),
            day: Some(day as u8),
        })
    }

    /// Parses `YYYY`, `YYYY-MM`, `YYYY-MM-DD` (also with `/` or `.`), the ISO forms with a time
    /// after the day, and RFC 2822 (`Sat, 06 Nov 2021 08:35:00 GMT`). Anything else is `None`.
    pub fn parse(s: &str) -> Option<Self> {
        let s = s.trim();
        if s.is_empty() {
            return None;
        }
        if let Ok(dt) = chrono::DateTime::parse_from_rfc2822(s) {
            use chrono::Datelike;
            if !(1900..=2100).contains(&dt.year()) {
                return None;
            }
            return PartialDate::day(dt.year(), dt.month(), dt.day());
        }
        // Take the leading date part of an ISO timestamp.
        let head = s.split(['T', ' ']).next().unwrap_or(s);
        let parts: Vec<&str> = head.split(['-', '/', '.']).collect();
        let num = |p: &str, len: std::ops::RangeInclusive<usize>| -> Option<u32> {
            (len.contains(&p.len()) && p.bytes().all(|b| b.is_ascii_digit()))
                .then(|| p.parse().ok())
                .flatten()
        };
        let year = num(parts.first()?, 4..=4)? as i32;
        if !(1900..=2100).contains(&year) {
            return None;
        }
        match parts.len() {
            1 => Some(PartialDate::year(year)),
            2 => PartialDate::month(year, num(parts[1], 1..=2)?),
            3 => PartialDate::day(year, num(parts[1], 1..=2)?, num(parts[2], 1..=2)?),
            _ => None,
        }
    }
}

impl fmt::Display for PartialDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}", self.year)?;
        if let Some(m) = self.month {
            write!(f, "-{m:02}")?;
            if let Some(d) = self.day {
                write!(f, "-{d:02}")?;
            }
        }
        Ok(())
    }
}

impl Serialize for PartialDate {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl PartialDate {
    /// Parses exactly what [`Display`](fmt::Display) writes (`YYYY`, `YYYY-MM`, `YYYY-MM-DD`,
    /// for any year, also one outside the range [`PartialDate::parse`] accepts in text), so
    /// every date read back from an output is the date that was written.
    pub fn from_wire(s: &str) -> Option<Self> {
        let (sign, rest) = match s.strip_prefix('-') {
            Some(rest) => (-1, rest),
            None => (1, s),
        };
        let mut parts = rest.split('-');
        let digits = |p: &str, len: std::ops::RangeInclusive<usize>| {
            (len.contains(&p.len()) && p.bytes().all(|b| b.is_ascii_digit()))
                .then(|| p.parse::<u32>().ok())
                .flatten()
        };
        let year = sign * i32::try_from(digits(parts.next()?, 1..=6)?).ok()?;
        let date = match (parts.next(), parts.next()) {
            (None, _) => PartialDate::year(year),
            (Some(m), None) => PartialDate::month(year, digits(m, 2..=2)?)?,
            (Some(m), Some(d)) => PartialDate::day(year, digits(m, 2..=2)?, digits(d, 2..=2)?)?,
        };
        (parts.next().is_none() && date.to_string() == s).then_some(date)
    }
}

impl<'de> Deserialize<'de> for PartialDate {
    /// The written form ([`PartialDate::from_wire`]), else any form [`PartialDate::parse`]
    /// reads (gold files written by hand).
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        PartialDate::from_wire(&s)
            .or_else(|| PartialDate::parse(&s))
            .ok_or_else(|| serde::de::Error::custom(format!("not a date: {s:?}")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_forms_news_uses() {
        let cases = [
            ("2018-11-16", Some("2018-11-16")),
            ("2018-5", Some("2018-05")),
            ("2014", Some("2014")),
            ("2014/10/23", Some("2014-10-23")),
            ("2021-11-06T08:35:00Z", Some("2021-11-06")),
            ("Sat, 06 Nov 2021 08:35:00 GMT", Some("2021-11-06")),
            ("Invalid Date", None),
            ("2018-02-30", None),
            ("", None),
            ("12345", None),
            ("Sat, 06 Nov 1021 08:35:00 GMT", None),
        ];
        for (input, want) in cases {
            let got = PartialDate::parse(input).map(|d| d.to_string());
            assert_eq!(got.as_deref(), want, "{input}");
        }
    }

    #[test]
    fn every_date_reads_back_as_written() {
        for year in [-9999, -1, 0, 999, 1850, 2018, 2200, 12345] {
            for date in [
                PartialDate::year(year),
                PartialDate::month(year, 7).unwrap(),
                PartialDate::day(year, 2, 28).unwrap(),
            ] {
                let json = serde_json::to_string(&date).unwrap();
                assert_eq!(
                    serde_json::from_str::<PartialDate>(&json).unwrap(),
                    date,
                    "{json}"
                );
            }
        }
        for bad in [
            "2018-13",
            "2018-02-30",
            "2018-1-1",
            "+2018",
            "2018-",
            "--2018",
            "x",
        ] {
            assert_eq!(PartialDate::from_wire(bad), None, "{bad}");
        }
    }
}
