//! An event's programme: what it is called, its hashtags, its time zone and day, and its
//! speakers with their handles, other names and slots. Written by the organiser in TOML (see
//! `corpus/pasocial-2015/event.toml`); times are local to the event's time zone.

use std::collections::HashSet;
use std::path::Path;

use anyhow::{Context, Result, bail};
use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};

use crate::model::fold::fold;

/// A programme as written in TOML.
#[derive(Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Programme {
    pub slug: String,
    pub title: String,
    #[serde(default)]
    pub hashtags: Vec<String>,
    pub timezone: String,
    pub starts: Option<toml::Value>,
    pub ends: Option<toml::Value>,
    pub venue: Option<String>,
    #[serde(default)]
    pub speakers: Vec<SpeakerEntry>,
}

/// A speaker as written in TOML.
#[derive(Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct SpeakerEntry {
    pub name: Option<String>,
    #[serde(default)]
    pub handles: Vec<String>,
    #[serde(default)]
    pub aliases: Vec<String>,
    pub affiliation: Option<String>,
    pub talk: Option<String>,
    pub starts: Option<toml::Value>,
    pub ends: Option<toml::Value>,
}

/// An event, read and checked: times in UTC, handles and hashtags without their sign.
#[derive(Clone, Debug)]
pub struct Event {
    pub slug: String,
    pub title: String,
    pub hashtags: Vec<String>,
    pub tz: Tz,
    pub starts: Option<DateTime<Utc>>,
    pub ends: Option<DateTime<Utc>>,
    pub venue: Option<String>,
    pub speakers: Vec<Speaker>,
}

#[derive(Clone, Debug)]
pub struct Speaker {
    pub name: Option<String>,
    pub handles: Vec<String>,
    pub aliases: Vec<String>,
    pub affiliation: Option<String>,
    pub talk: Option<String>,
    /// The speaker's slot, when the programme gives one.
    pub slot: Option<(DateTime<Utc>, DateTime<Utc>)>,
}

impl Speaker {
    /// How the speaker is shown and indexed: the name, else the first handle.
    pub fn display(&self) -> &str {
        self.name
            .as_deref()
            .or(self.handles.first().map(String::as_str))
            .unwrap_or("")
    }
}

impl Event {
    /// Reads a programme file.
    pub fn load(path: &Path) -> Result<Event> {
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("cannot read the programme {}", path.display()))?;
        Event::parse(&text).with_context(|| format!("programme {}", path.display()))
    }

    /// Reads a programme from its TOML text.
    pub fn parse(text: &str) -> Result<Event> {
        let p: Programme = toml::from_str(text)?;
        check_slug(&p.slug)?;
        let tz = crate::model::time::zone(&p.timezone).context("timezone")?;
        let time = |v: &Option<toml::Value>, what: &str| -> Result<Option<DateTime<Utc>>> {
            v.as_ref()
                .map(|v| local_time(v, tz).context(what.to_string()))
                .transpose()
        };
        let mut speakers = Vec::new();
        for (i, s) in p.speakers.into_iter().enumerate() {
            let at = format!("speakers[{i}]");
            let handles: Vec<String> = s
                .handles
                .iter()
                .map(|h| h.trim().trim_start_matches('@').to_string())
                .filter(|h| !h.is_empty())
                .collect();
            if s.name.as_deref().is_none_or(|n| n.trim().is_empty()) && handles.is_empty() {
                bail!("{at}: a speaker needs a name or a handle");
            }
            let slot = match (time(&s.starts, &at)?, time(&s.ends, &at)?) {
                (Some(a), Some(b)) if a < b => Some((a, b)),
                (Some(_), Some(_)) => bail!("{at}: the slot ends before it starts"),
                (None, None) => None,
                _ => bail!("{at}: a slot needs both starts and ends"),
            };
            speakers.push(Speaker {
                name: s.name.map(|n| n.trim().to_string()),
                handles,
                aliases: s.aliases,
                affiliation: s.affiliation,
                talk: s.talk,
                slot,
            });
        }
        Ok(Event {
            slug: p.slug,
            title: p.title,
            hashtags: p
                .hashtags
                .iter()
                .map(|h| h.trim().trim_start_matches(['#', '＃']).to_string())
                .collect(),
            tz,
            starts: time(&p.starts, "starts")?,
            ends: time(&p.ends, "ends")?,
            venue: p.venue,
            speakers,
        })
    }

    /// The speaker a person means by `who`, and where it stands in the programme: the name
    /// shown, a name, an alias, a handle (with or without `@`) or the speaker's page name
    /// (`giulia-martini`), whatever the case and accents. The one rule of `recap`, `search
    /// --speaker`, `speaker:`, `stats --speaker` and `export --speaker`.
    pub fn find_speaker(&self, who: &str) -> Option<(usize, &Speaker)> {
        let wanted = fold(who.trim().trim_start_matches(['@', '＠']));
        if wanted.is_empty() {
            return None;
        }
        let slugs = self.speaker_slugs();
        self.speakers.iter().enumerate().find(|(i, s)| {
            fold(s.display()) == wanted
                || slugs[*i] == wanted
                || s.handles
                    .iter()
                    .chain(&s.aliases)
                    .chain(&s.name)
                    .any(|n| fold(n) == wanted)
        })
    }

    /// Each speaker's page name, in the programme's order: the name shown in lowercase ASCII
    /// words joined by `-`, made unique with `-2`, `-3`...; never `index` (see [`INDEX_PAGE`]).
    pub fn speaker_slugs(&self) -> Vec<String> {
        let mut taken: HashSet<String> = HashSet::from([INDEX_PAGE.to_string()]);
        self.speakers
            .iter()
            .enumerate()
            .map(|(i, sp)| {
                let mut base = speaker_slug(sp.display());
                if base.is_empty() {
                    base = format!("speaker-{}", i + 1);
                }
                let mut unique = base.clone();
                let mut n = 2;
                while !taken.insert(unique.clone()) {
                    unique = format!("{base}-{n}");
                    n += 1;
                }
                unique
            })
            .collect()
    }

    /// The speakers' names, for a message that lists them.
    pub fn speaker_names(&self) -> Vec<&str> {
        self.speakers.iter().map(Speaker::display).collect()
    }
}

/// The error for a speaker that none of `events` knows (by [`Event::find_speaker`]'s rule),
/// listing each event's speakers, so that the right name can be picked.
pub fn unknown_speaker(who: &str, events: &[Event]) -> anyhow::Error {
    let slugs: Vec<&str> = events.iter().map(|e| e.slug.as_str()).collect();
    let mut message = format!("no speaker {who:?} in {}", slugs.join(" or "));
    match events {
        [one] => {
            message.push_str("; its speakers are:\n  ");
            message.push_str(&wrap(one.speaker_names(), ", ", 2));
        }
        _ => {
            message.push_str("; their speakers are:");
            for e in events {
                let head = format!("\n  {}: ", e.slug);
                let indent = head.chars().count() - 1;
                message.push_str(&head);
                message.push_str(&wrap(e.speaker_names(), ", ", indent));
            }
        }
    }
    anyhow::anyhow!(message)
}

/// Items joined by `separator` in lines of at most 90 characters, those after the first
/// indented by `indent` spaces (the first line is taken to start there too).
pub fn wrap<'a>(
    items: impl IntoIterator<Item = &'a str>,
    separator: &str,
    indent: usize,
) -> String {
    let mut out = String::new();
    let mut line = indent;
    for (i, item) in items.into_iter().enumerate() {
        let width = item.chars().count();
        if i > 0 {
            let sep = separator.trim_end();
            out.push_str(sep);
            line += sep.chars().count();
            // Room for the item, and for the separator that may follow it.
            if line + 1 + width + sep.len() > 90 {
                out.push('\n');
                out.push_str(&" ".repeat(indent));
                line = indent;
            } else {
                out.push_str(&separator[sep.len()..]);
                line += separator.len() - sep.len();
            }
        }
        out.push_str(item);
        line += width;
    }
    out
}

/// The name of `recap --all`'s overview page (`index.html`), which no speaker's page takes.
pub const INDEX_PAGE: &str = "index";

/// A speaker's page name: the name folded to lowercase ASCII, words joined by `-`.
pub fn speaker_slug(name: &str) -> String {
    let folded = fold(name);
    let mut out = String::new();
    for c in folded.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    out.trim_end_matches('-').to_string()
}

/// The slug names the programme's copy in the index (`INDEX/events/SLUG.toml`) and comes from
/// a file someone else may have written: letters, digits, `-` and `_` only (ASCII, so that it
/// is one file name on every filesystem), never a path.
pub fn check_slug(slug: &str) -> Result<()> {
    if slug.is_empty() {
        bail!("slug is empty");
    }
    if let Some(c) = slug
        .chars()
        .find(|c| !(c.is_ascii_alphanumeric() || matches!(c, '-' | '_')))
    {
        bail!("slug {slug:?} may hold only letters, digits, - and _ (not {c:?})");
    }
    Ok(())
}

/// A local date-time (`2015-11-17T10:30:00`, quoted or a TOML local date-time) in the event's
/// zone, as UTC: read as the query's `since:` and `until:` are.
fn local_time(v: &toml::Value, tz: Tz) -> Result<DateTime<Utc>> {
    match v {
        toml::Value::String(s) => crate::model::time::parse_time(s, tz),
        toml::Value::Datetime(d) => crate::model::time::parse_time(&d.to_string(), tz),
        other => bail!("{other} is not a date and time"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const PROGRAMME: &str = r##"
slug = "pasocial-2015"
title = "Social Media Manager"
hashtags = ["#pasocial"]
timezone = "Europe/Rome"
starts = "2015-11-17T09:30:00"
ends = 2015-11-17T17:00:00
venue = "Palazzo Chigi, Roma"

[[speakers]]
name = "Alessandra Migliozzi"
handles = ["@AleMiglioz"]
aliases = ["Migliozzi"]
affiliation = "MIUR"
starts = "2015-11-17T10:30:00"
ends = "2015-11-17T10:50:00"

[[speakers]]
handles = ["ubimaggio"]
"##;

    #[test]
    fn a_programme_reads_with_local_times_in_utc() {
        let e = Event::parse(PROGRAMME).unwrap();
        assert_eq!(e.hashtags, ["pasocial"]);
        assert_eq!(e.starts.unwrap().to_rfc3339(), "2015-11-17T08:30:00+00:00");
        assert_eq!(e.ends.unwrap().to_rfc3339(), "2015-11-17T16:00:00+00:00");
        let m = &e.speakers[0];
        assert_eq!(m.handles, ["AleMiglioz"]);
        assert_eq!(m.slot.unwrap().0.to_rfc3339(), "2015-11-17T09:30:00+00:00");
        assert_eq!(e.speakers[1].display(), "ubimaggio");
    }

    #[test]
    fn mistakes_are_named() {
        let bad_tz = PROGRAMME.replace("Europe/Rome", "Europe/Roma");
        assert!(format!("{:#}", Event::parse(&bad_tz).unwrap_err()).contains("Europe/Roma"));
        let nobody = "slug='x'\ntitle='x'\ntimezone='UTC'\n[[speakers]]\naffiliation='x'\n";
        assert!(format!("{:#}", Event::parse(nobody).unwrap_err()).contains("name or a handle"));
        for bad in [
            "../../x",
            "/tmp/x",
            "a/b",
            "a\\b",
            "..",
            "",
            "pa social",
            "a.b",
        ] {
            let p = PROGRAMME.replace("pasocial-2015", bad);
            let err = format!("{:#}", Event::parse(&p).unwrap_err());
            assert!(err.contains("slug"), "{bad:?}: {err}");
        }
        let typo = PROGRAMME.replace("aliases", "alias");
        assert!(format!("{:#}", Event::parse(&typo).unwrap_err()).contains("alias"));
    }

    #[test]
    fn a_speaker_is_found_by_name_alias_handle_or_page_name_in_any_case() {
        let e = Event::parse(PROGRAMME).unwrap();
        for who in [
            "Alessandra Migliozzi",
            "alessandra migliozzi",
            "ALESSANDRA MIGLIOZZI",
            "Migliozzi",
            "@AleMiglioz",
            "alemiglioz",
            "alessandra-migliozzi",
        ] {
            assert_eq!(e.find_speaker(who).map(|(i, _)| i), Some(0), "{who}");
        }
        assert_eq!(e.find_speaker("@ubimaggio").map(|(i, _)| i), Some(1));
        assert!(e.find_speaker("Nobody").is_none());
        assert!(e.find_speaker("").is_none());
        assert!(e.find_speaker("@").is_none());
    }

    #[test]
    fn page_names_are_unique_and_never_the_overview() {
        let twice = format!(
            "{PROGRAMME}\n[[speakers]]\nname = 'Alessandra  Migliozzi'\n[[speakers]]\nname = 'Index'\n"
        );
        let e = Event::parse(&twice).unwrap();
        assert_eq!(
            e.speaker_slugs(),
            [
                "alessandra-migliozzi",
                "ubimaggio",
                "alessandra-migliozzi-2",
                "index-2"
            ]
        );
        // The page name finds the speaker it names; the name, the first that has it.
        assert_eq!(
            e.find_speaker("alessandra-migliozzi-2").map(|(i, _)| i),
            Some(2)
        );
        assert_eq!(
            e.find_speaker("Alessandra Migliozzi").map(|(i, _)| i),
            Some(0)
        );
    }

    #[test]
    fn an_unknown_speaker_lists_each_events_speakers_in_lines_that_fit() {
        let e = Event::parse(PROGRAMME).unwrap();
        let one = unknown_speaker("Nobody", std::slice::from_ref(&e)).to_string();
        assert_eq!(
            one,
            "no speaker \"Nobody\" in pasocial-2015; its speakers are:\n  Alessandra Migliozzi, ubimaggio"
        );
        let mut other = Event::parse(PROGRAMME).unwrap();
        other.slug = "other".into();
        let two = unknown_speaker("Nobody", &[e, other]).to_string();
        assert!(
            two.starts_with("no speaker \"Nobody\" in pasocial-2015 or other;"),
            "{two}"
        );
        assert!(
            two.contains("\n  other: Alessandra Migliozzi, ubimaggio"),
            "{two}"
        );
        let names: Vec<String> = (0..40).map(|i| format!("Speaker Number {i}")).collect();
        let wrapped = wrap(names.iter().map(String::as_str), ", ", 2);
        let shown = format!("  {wrapped}");
        assert!(shown.lines().all(|l| l.chars().count() <= 90), "{wrapped}");
        assert_eq!(wrapped.replace("\n  ", " "), names.join(", "));
    }
}
