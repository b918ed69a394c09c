//! Times as sources and people write them.

use anyhow::{Context, Result};
use chrono::{DateTime, NaiveDate, NaiveDateTime, TimeZone, Utc};
use chrono_tz::Tz;

/// Reads a date or date-time that a person typed (`since:`, `--until`, a programme's slot);
/// without an offset, in `tz`. A date alone is its midnight.
pub fn parse_time(text: &str, tz: Tz) -> Result<DateTime<Utc>> {
    let t = text.trim();
    if let Ok(d) = DateTime::parse_from_rfc3339(t) {
        return Ok(d.with_timezone(&Utc));
    }
    let naive = [
        "%Y-%m-%dT%H:%M:%S",
        "%Y-%m-%dT%H:%M",
        "%Y-%m-%d %H:%M:%S",
        "%Y-%m-%d %H:%M",
    ]
    .iter()
    .find_map(|f| NaiveDateTime::parse_from_str(t, f).ok())
    .or_else(|| {
        NaiveDate::parse_from_str(t, "%Y-%m-%d")
            .ok()
            .and_then(|d| d.and_hms_opt(0, 0, 0))
    })
    .with_context(|| format!("{t:?} is not a date (2015-11-17, 2015-11-17T10:30 or RFC 3339)"))?;
    tz.from_local_datetime(&naive)
        .earliest()
        .map(|d| d.with_timezone(&Utc))
        .with_context(|| format!("{t} does not exist in {tz}"))
}

/// Reads an ISO 8601 time as sources write it: RFC 3339 (`2021-05-18T19:24:56.000Z`: API v2,
/// Mastodon, Bluesky, chirpdex's own records), or Python's `str` of a date with or without its
/// offset (`2015-11-17 10:00:00+00:00`: json2csv's `parsed_created_at`), which is then UTC.
pub fn iso(s: &str) -> Option<DateTime<Utc>> {
    let s = s.trim();
    DateTime::parse_from_rfc3339(s)
        .or_else(|_| DateTime::parse_from_str(s, "%Y-%m-%d %H:%M:%S%.f%:z"))
        .map(|d| d.with_timezone(&Utc))
        .or_else(|_| NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M:%S%.f").map(|d| d.and_utc()))
        .ok()
}

/// Reads `Tue Nov 17 10:00:00 +0000 2015`, the date format of Twitter's API v1.1 (and of the
/// archive, TAGS and twarc's `json2csv`).
pub fn twitter(s: &str) -> Option<DateTime<Utc>> {
    DateTime::parse_from_str(s.trim(), "%a %b %d %H:%M:%S %z %Y")
        .map(|d| d.with_timezone(&Utc))
        .ok()
}
