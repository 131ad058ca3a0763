//! Front-matter dates: `YYYY-MM-DD` or RFC 3339, from TOML dates or strings.

use std::fmt;

use jiff::civil;
use serde::de::{self, Deserializer, MapAccess, Visitor};
use serde::{Deserialize, Serialize, Serializer};

/// A date as written in front matter, optionally with a time and offset.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Date {
    /// The instant, as seconds since the epoch (a plain date counts as midnight UTC).
    instant: jiff::Timestamp,
    /// The calendar date as the writer wrote it (not shifted to UTC).
    day: civil::Date,
    /// Whether a time of day was written.
    has_time: bool,
    /// The UTC offset written with the time, in seconds (0 without one).
    offset: i32,
}

impl Date {
    /// Parses `2008-12-16`, `2008-12-16T10:00:00`, `2008-12-16 10:00:00Z` or with an offset.
    pub fn parse(text: &str) -> Result<Date, String> {
        let text = text.trim();
        let fail = || {
            format!(
                "invalid date `{text}`: expected YYYY-MM-DD, or a date and time such as 2008-12-16T10:00:00+01:00 or 2008-12-16 10:00:00 +0100"
            )
        };
        // Jekyll writes the offset apart: `2008-12-16 10:00:00 +0100`.
        let joined;
        let text = match text.rsplit_once(' ') {
            Some((head, zone)) if head.contains([' ', 'T']) => {
                let zone = match zone {
                    "UTC" | "GMT" => "Z",
                    zone => zone,
                };
                if zone == "Z" || zone.starts_with(['+', '-']) {
                    joined = format!("{head}{zone}");
                    joined.as_str()
                } else {
                    text
                }
            }
            _ => text,
        };
        if text.len() == 10 {
            let day: civil::Date = text.parse().map_err(|_| fail())?;
            let instant = day
                .to_zoned_datetime(jiff::tz::TimeZone::UTC)
                .map_err(|_| fail())?
                .timestamp();
            return Ok(Date {
                instant,
                day,
                has_time: false,
                offset: 0,
            });
        }
        if let Ok(instant) = text.parse::<jiff::Timestamp>() {
            let offset = jiff::fmt::temporal::Pieces::parse(text)
                .ok()
                .and_then(|p| p.to_numeric_offset());
            // The day as written, not as it falls in UTC: "23:30+01:00" is still that day.
            let day = match offset {
                Some(offset) => instant.to_zoned_datetime(offset.to_time_zone()).date(),
                None => local_day(text)
                    .unwrap_or_else(|| instant.to_zoned_datetime(jiff::tz::TimeZone::UTC).date()),
            };
            return Ok(Date {
                instant,
                day,
                has_time: true,
                offset: offset.map_or(0, |o| o.seconds()),
            });
        }
        let local: civil::DateTime = text.parse().map_err(|_| fail())?;
        let instant = local
            .to_zoned_datetime(jiff::tz::TimeZone::UTC)
            .map_err(|_| fail())?
            .timestamp();
        Ok(Date {
            instant,
            day: local.date(),
            has_time: true,
            offset: 0,
        })
    }

    /// The date as it could have been written: [`Date::parse`] gives it back
    /// exactly (what the build cache stores).
    fn written(&self) -> String {
        if !self.has_time {
            return self.ymd();
        }
        let offset = jiff::tz::Offset::from_seconds(self.offset).unwrap_or(jiff::tz::Offset::UTC);
        let local = self
            .instant
            .to_zoned_datetime(offset.to_time_zone())
            .datetime();
        let sign = if self.offset < 0 { '-' } else { '+' };
        let (h, m, s) = (
            self.offset.abs() / 3600,
            self.offset.abs() / 60 % 60,
            self.offset.abs() % 60,
        );
        match s {
            0 => format!("{local}{sign}{h:02}:{m:02}"),
            _ => format!("{local}{sign}{h:02}:{m:02}:{s:02}"),
        }
    }

    /// Today in UTC, for "is this page in the future".
    pub fn now() -> jiff::Timestamp {
        jiff::Timestamp::now()
    }

    /// The day (in UTC) of a moment seen elsewhere, such as a commit's time.
    pub fn of_instant(instant: jiff::Timestamp) -> Date {
        Date {
            instant,
            day: jiff::tz::Offset::UTC.to_datetime(instant).date(),
            has_time: true,
            offset: 0,
        }
    }

    /// The moment this date stands for.
    pub fn instant(&self) -> jiff::Timestamp {
        self.instant
    }

    /// The calendar day as written.
    pub fn day(&self) -> civil::Date {
        self.day
    }

    /// `YYYY-MM-DD`.
    pub fn ymd(&self) -> String {
        self.day.to_string()
    }

    /// The year, for event keys.
    pub fn year(&self) -> i16 {
        self.day.year()
    }

    /// RFC 3339 for feeds and `<time datetime>`: a plain date stays a plain date
    /// in `datetime` attributes but feeds need a full timestamp.
    pub fn rfc3339(&self) -> String {
        if self.has_time {
            self.instant.to_string()
        } else {
            format!("{}T00:00:00Z", self.day)
        }
    }

    /// What belongs in an HTML `datetime` attribute.
    pub fn html(&self) -> String {
        if self.has_time {
            self.instant.to_string()
        } else {
            self.ymd()
        }
    }
}

fn local_day(text: &str) -> Option<civil::Date> {
    text.get(..10)?.parse().ok()
}

impl PartialOrd for Date {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Date {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.instant.cmp(&other.instant)
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.ymd())
    }
}

/// As it could have been written: deserializing gives the same date.
impl Serialize for Date {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.written())
    }
}

/// Accepts a TOML date (which serde sees as a one-entry map) or a string.
impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Date, D::Error> {
        struct DateVisitor;
        impl<'de> Visitor<'de> for DateVisitor {
            type Value = Date;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a date (YYYY-MM-DD or RFC 3339)")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Date, E> {
                Date::parse(v).map_err(E::custom)
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Date, A::Error> {
                let Some((_, value)) = map.next_entry::<String, String>()? else {
                    return Err(de::Error::custom("expected a date"));
                };
                Date::parse(&value).map_err(de::Error::custom)
            }
        }
        d.deserialize_any(DateVisitor)
    }
}

/// Reads a `YYYY-MM-DD-` prefix from a file or folder name: the date and the rest.
pub fn split_date_prefix(name: &str) -> Option<(Date, &str)> {
    let (date, rest) = date_shaped_prefix(name)?;
    Some((date.ok()?, rest))
}

/// A prefix of the shape `YYYY-MM-DD-` (or `_`) before a non-empty rest:
/// its date, or `Err` with the prefix when it is no date (`2008-12-32`).
pub fn date_shaped_prefix(name: &str) -> Option<(Result<Date, &str>, &str)> {
    let (prefix, rest) = (name.get(..10)?, name.get(10..)?);
    let rest = rest.strip_prefix('-').or_else(|| rest.strip_prefix('_'))?;
    let shaped = prefix.bytes().enumerate().all(|(i, b)| match i {
        4 | 7 => b == b'-',
        _ => b.is_ascii_digit(),
    });
    if rest.is_empty() || !shaped {
        return None;
    }
    Some((Date::parse(prefix).map_err(|_| prefix), rest))
}

#[cfg(test)]
mod tests {
    use super::{Date, split_date_prefix};

    #[test]
    fn parses_plain_dates_and_rfc3339() {
        assert_eq!(Date::parse("2008-12-16").unwrap().ymd(), "2008-12-16");
        let d = Date::parse("2008-12-16T23:30:00+01:00").unwrap();
        assert_eq!(d.ymd(), "2008-12-16");
        assert_eq!(d.rfc3339(), "2008-12-16T22:30:00Z");
        let local = Date::parse("2008-12-16 10:00:00").unwrap();
        assert_eq!(local.ymd(), "2008-12-16");
        assert!(Date::parse("2008-12-15").unwrap() < local);
    }

    #[test]
    fn jekyll_dates_with_the_offset_apart() {
        for (text, day, utc) in [
            (
                "2021-06-01 19:00:00 +0200",
                "2021-06-01",
                "2021-06-01T17:00:00Z",
            ),
            (
                "2021-06-01 19:00 +0200",
                "2021-06-01",
                "2021-06-01T17:00:00Z",
            ),
            (
                "2021-06-01 19:00:00 -05:00",
                "2021-06-01",
                "2021-06-02T00:00:00Z",
            ),
            (
                "2021-06-01 23:30:00 UTC",
                "2021-06-01",
                "2021-06-01T23:30:00Z",
            ),
        ] {
            let d = Date::parse(text).unwrap_or_else(|e| panic!("{e}"));
            assert_eq!(
                (d.ymd().as_str(), d.rfc3339().as_str()),
                (day, utc),
                "{text}"
            );
            assert_eq!(Date::parse(&d.written()).unwrap(), d, "{text}");
        }
        assert!(Date::parse("2021-06-01 19:00:00 CEST").is_err());
    }

    #[test]
    fn serialized_dates_read_back_the_same() {
        for text in [
            "2008-12-16",
            "2008-12-16T10:00:00Z",
            "2008-12-16T00:30:00+01:00",
            "2008-12-16T23:30:00-05:30",
            "2008-12-16T10:00:00.25+09:00",
            "2008-12-16 10:00:00",
            "20081216T003000+0100",
            "1969-07-20T20:17:40-04:00",
        ] {
            let date = Date::parse(text).unwrap();
            let json = serde_json::to_string(&date).unwrap();
            let back: Date = serde_json::from_str(&json).unwrap();
            assert_eq!(back, date, "{text} as {json}");
            assert_eq!((back.ymd(), back.rfc3339()), (date.ymd(), date.rfc3339()));
        }
    }

    #[test]
    fn the_day_is_the_one_written_whatever_the_offset() {
        for text in ["2008-12-16T00:30:00+01:00", "20081216T003000+0100"] {
            let date = Date::parse(text).unwrap();
            assert_eq!(
                (date.ymd(), date.rfc3339()),
                ("2008-12-16".into(), "2008-12-15T23:30:00Z".into()),
                "{text}"
            );
        }
    }

    #[test]
    fn rejects_impossible_dates() {
        for bad in ["2008-13-01", "2008-02-30", "16.12.2008", "yesterday", ""] {
            let err = Date::parse(bad).unwrap_err();
            assert!(err.contains("invalid date"), "{bad}: {err}");
        }
    }

    #[test]
    fn date_prefix_in_names() {
        let (date, rest) = split_date_prefix("2008-12-16-leweb-interview").unwrap();
        assert_eq!(
            (date.ymd().as_str(), rest),
            ("2008-12-16", "leweb-interview")
        );
        assert!(split_date_prefix("2008-12-16").is_none());
        assert!(split_date_prefix("leweb-2008-12-16").is_none());
        assert!(split_date_prefix("2008-13-16-x").is_none());
    }

    #[test]
    fn toml_dates_deserialize() {
        #[derive(serde::Deserialize)]
        struct T {
            date: Date,
        }
        let t: T = toml::from_str("date = 2008-12-16").unwrap();
        assert_eq!(t.date.ymd(), "2008-12-16");
        let t: T = toml::from_str("date = 2008-12-16T10:00:00Z").unwrap();
        assert_eq!(t.date.rfc3339(), "2008-12-16T10:00:00Z");
        let err = toml::from_str::<T>("date = \"2008-02-30\"").err().unwrap();
        assert!(err.message().contains("invalid date `2008-02-30`"));
    }
}
