//! Times as sources and people write them.

use anyhow::{Context, Result};
use chrono::{DateTime, NaiveDate, NaiveDateTime, TimeZone, Utc};
use chrono_tz::Tz;

/// A time as programs read it: RFC 3339 in UTC, whole seconds, `Z` (JSON, HTML `datetime`,
/// tantivy's date terms).
pub fn rfc3339(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

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

/// A time zone by its IANA name (`Europe/Rome`, `America/New_York`, `UTC`), whatever its case.
/// A name that is none says so, with the zone it most likely meant: `Rome` is `Europe/Rome`
/// (the city alone, spaces for underscores), `Europe/Roma` is one letter away from it.
pub fn zone(name: &str) -> Result<Tz> {
    let name = name.trim();
    if let Ok(tz) = name.parse::<Tz>() {
        return Ok(tz);
    }
    if let Some(tz) = chrono_tz::TZ_VARIANTS
        .iter()
        .find(|tz| tz.name().eq_ignore_ascii_case(name))
    {
        return Ok(*tz);
    }
    let city = |tz: &Tz| {
        let full = tz.name();
        full.rsplit('/').next().unwrap_or(full).to_string()
    };
    let wanted = name.replace(' ', "_");
    let by_city = chrono_tz::TZ_VARIANTS
        .iter()
        // The canonical zone of a city first (`Europe/Rome`, not its alias `Europe/Vatican`'s).
        .filter(|tz| city(tz).eq_ignore_ascii_case(&wanted))
        .min_by_key(|tz| (tz.name().starts_with("Etc/"), tz.name().len()));
    let near = || {
        crate::model::fold::closest(&wanted, chrono_tz::TZ_VARIANTS.iter().map(|tz| tz.name()))
            .map(str::to_string)
    };
    match by_city.map(|tz| tz.name().to_string()).or_else(near) {
        Some(z) => anyhow::bail!("{name:?} is not an IANA time zone (did you mean {z}?)"),
        None => anyhow::bail!(
            "{name:?} is not an IANA time zone: zones are written Area/City, as in Europe/Rome \
             or America/New_York, or UTC"
        ),
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zones_are_named_and_mistakes_get_the_likely_zone() {
        assert_eq!(zone("Europe/Rome").unwrap(), Tz::Europe__Rome);
        assert_eq!(zone(" europe/rome ").unwrap(), Tz::Europe__Rome);
        assert_eq!(zone("UTC").unwrap(), Tz::UTC);
        let hint = |name: &str| format!("{:#}", zone(name).unwrap_err());
        assert!(
            hint("Rome").contains("did you mean Europe/Rome?"),
            "{}",
            hint("Rome")
        );
        assert!(hint("rome").contains("Europe/Rome"));
        assert!(hint("new york").contains("America/New_York"));
        assert!(hint("Europe/Roma").contains("did you mean Europe/Rome?"));
        let none = hint("Mars/Olympus");
        assert!(
            none.contains("\"Mars/Olympus\" is not an IANA time zone"),
            "{none}"
        );
        assert!(!none.contains("did you mean"), "{none}");
    }
}
