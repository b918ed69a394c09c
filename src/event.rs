//! An event's programme: what it is called, its hashtags, its time zone and day, and its
//! speakers with their handles, other names and slots. Written by the organiser in TOML (see
//! `corpus/pasocial-2015/event.toml`); times are local to the event's time zone.

use std::collections::HashSet;
use std::path::Path;

use anyhow::{Context, Result, bail};
use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};

use crate::model::Tweet;
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
        let (starts, ends) = (time(&p.starts, "starts")?, time(&p.ends, "ends")?);
        if let (Some(a), Some(b)) = (starts, ends)
            && b < a
        {
            bail!("the event ends before it starts");
        }
        Ok(Event {
            slug: p.slug,
            title: p.title,
            hashtags: p
                .hashtags
                .iter()
                .map(|h| h.trim().trim_start_matches(['#', '＃']).to_string())
                // `"#"` or `""` names no hashtag: it would keep every tweet out.
                .filter(|h| !h.is_empty())
                .collect(),
            tz,
            starts,
            ends,
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

    /// Which tweets belong to the event (see [`Membership`]).
    pub fn membership(&self) -> Membership {
        let day = |t: Option<DateTime<Utc>>| t.map(|t| t.with_timezone(&self.tz).date_naive());
        Membership {
            tz: self.tz,
            first_day: day(self.starts),
            last_day: day(self.ends),
            hashtags: self.hashtags.iter().map(|h| fold(h)).collect(),
            written: self.hashtags.clone(),
        }
    }
}

/// Which tweets belong to an event: the one rule of `ingest --event` and `event apply`.
///
/// A tweet belongs when
/// - it falls on one of the programme's calendar days in the event's zone, from the day of
///   `starts` to the day of `ends`, both included (a tweet that knows only its day, copied from a
///   page, when that day is one of them); a programme without `starts` has no first day, one
///   without `ends` no last day, one with neither takes every day;
/// - and, when the programme declares hashtags, it carries one of them, compared folded as the
///   index folds them (`#PASocial` is `#pasocial`, `#università` is `#universita`), among the
///   tweet's hashtags: those its source lists, else those its text holds; a retweet's are its
///   original's (the readers keep the original's text and entities). The tweets
///   `search '#pasocial'` finds. A programme without hashtags takes every tweet of its days.
#[derive(Clone, Debug)]
pub struct Membership {
    tz: Tz,
    first_day: Option<NaiveDate>,
    last_day: Option<NaiveDate>,
    /// Folded, without `#`.
    hashtags: Vec<String>,
    /// As the programme writes them, for messages.
    written: Vec<String>,
}

/// Whether a tweet belongs to an event, and if not the first reason why not.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Verdict {
    Belongs,
    /// It falls on a day outside the programme's.
    OtherDay,
    /// It is on one of the days but carries none of the programme's hashtags.
    NoHashtag,
}

impl Membership {
    /// Whether the tweet belongs to the event.
    pub fn holds(&self, tweet: &Tweet) -> bool {
        self.verdict(tweet) == Verdict::Belongs
    }

    /// Whether the tweet belongs to the event, and if not why not (its day is looked at first).
    pub fn verdict(&self, tweet: &Tweet) -> Verdict {
        let day = self.day(tweet);
        if self.first_day.is_some_and(|first| day < first)
            || self.last_day.is_some_and(|last| day > last)
        {
            Verdict::OtherDay
        } else if !self.hashtags.is_empty() && !tweet.hashtags.iter().any(|h| self.declares(h)) {
            Verdict::NoHashtag
        } else {
            Verdict::Belongs
        }
    }

    /// Whether `hashtag` is one of the programme's, folded as the index folds it.
    fn declares(&self, hashtag: &str) -> bool {
        // An ASCII hashtag folds to its lowercase: no need to build the folding analyzer.
        if hashtag.is_ascii() {
            self.hashtags
                .iter()
                .any(|h| h.eq_ignore_ascii_case(hashtag))
        } else {
            self.hashtags.contains(&fold(hashtag))
        }
    }

    /// The tweet's calendar day in the event's zone. A tweet known only by its day sits at that
    /// day's midnight UTC (as the copied-text readers write it): its day is that date, whatever
    /// the zone.
    pub fn day(&self, tweet: &Tweet) -> NaiveDate {
        if tweet.date_only {
            tweet.created_at.date_naive()
        } else {
            tweet.created_at.with_timezone(&self.tz).date_naive()
        }
    }

    /// What the rule asks, in words, for messages: `on 2015-11-17 with #pasocial`,
    /// `from 2015-11-17 to 2015-11-18 with #pasocial or #pa`, `with #pasocial` (no days), `on any day`.
    pub fn describe(&self) -> String {
        let mut parts = Vec::new();
        match (self.first_day, self.last_day) {
            (Some(a), Some(b)) if a == b => parts.push(format!("on {a}")),
            (Some(a), Some(b)) => parts.push(format!("from {a} to {b}")),
            (Some(a), None) => parts.push(format!("from {a} on")),
            (None, Some(b)) => parts.push(format!("up to {b}")),
            (None, None) => {}
        }
        if !self.hashtags.is_empty() {
            let tags: Vec<String> = self.written.iter().map(|h| format!("#{h}")).collect();
            parts.push(format!("with {}", tags.join(" or ")));
        }
        if parts.is_empty() {
            "on any day".to_string()
        } else {
            parts.join(" ")
        }
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

    /// A tweet at `at` (RFC 3339) with these hashtags.
    fn tweet(at: &str, hashtags: &[&str]) -> Tweet {
        Tweet {
            created_at: DateTime::parse_from_rfc3339(at).unwrap().to_utc(),
            hashtags: hashtags.iter().map(|h| h.to_string()).collect(),
            ..Tweet::default()
        }
    }

    #[test]
    fn a_tweet_belongs_on_the_programmes_days_in_its_zone_with_one_of_its_hashtags() {
        let two_days =
            PROGRAMME.replace("ends = 2015-11-17T17:00:00", "ends = 2015-11-18T12:00:00");
        let rule = Event::parse(&two_days).unwrap().membership();
        assert_eq!(
            rule.describe(),
            "from 2015-11-17 to 2015-11-18 with #pasocial"
        );
        for (at, tags, want) in [
            // Rome is UTC+1: the days run from 16 Nov 23:00 UTC to 18 Nov 23:00 UTC.
            ("2015-11-17T10:00:00Z", &["pasocial"][..], Verdict::Belongs),
            ("2015-11-16T23:30:00Z", &["pasocial"], Verdict::Belongs),
            ("2015-11-18T22:59:59Z", &["pasocial"], Verdict::Belongs),
            // Before the first talk and after the last one, still the programme's days.
            ("2015-11-17T06:00:00Z", &["pasocial"], Verdict::Belongs),
            ("2015-11-18T20:00:00Z", &["pasocial"], Verdict::Belongs),
            ("2015-11-16T22:59:59Z", &["pasocial"], Verdict::OtherDay),
            ("2015-11-18T23:00:00Z", &["pasocial"], Verdict::OtherDay),
            ("2015-11-20T10:00:00Z", &[], Verdict::OtherDay),
            // Compared folded, as the index folds hashtags.
            (
                "2015-11-17T10:00:00Z",
                &["other", "PASocial"],
                Verdict::Belongs,
            ),
            ("2015-11-17T10:00:00Z", &["other"], Verdict::NoHashtag),
            ("2015-11-17T10:00:00Z", &[], Verdict::NoHashtag),
        ] {
            assert_eq!(rule.verdict(&tweet(at, tags)), want, "{at} {tags:?}");
            assert_eq!(rule.holds(&tweet(at, tags)), want == Verdict::Belongs);
        }
        let accented = Event::parse(&PROGRAMME.replace("#pasocial", "#Università")).unwrap();
        let folded = tweet("2015-11-17T10:00:00Z", &["universita"]);
        assert!(accented.membership().holds(&folded));
    }

    #[test]
    fn a_tweet_known_by_its_day_belongs_when_that_day_is_one_of_the_programmes() {
        // Copied tweets sit at their day's midnight UTC, which in New York is the day before.
        let ny = PROGRAMME.replace("Europe/Rome", "America/New_York");
        let rule = Event::parse(&ny).unwrap().membership();
        let mut copied = tweet("2015-11-17T00:00:00Z", &["pasocial"]);
        copied.date_only = true;
        assert!(rule.holds(&copied));
        copied.created_at = tweet("2015-11-18T00:00:00Z", &[]).created_at;
        assert_eq!(rule.verdict(&copied), Verdict::OtherDay);
        // A timed tweet at the same instant is on 16 Nov in New York.
        assert_eq!(
            rule.verdict(&tweet("2015-11-17T00:00:00Z", &["pasocial"])),
            Verdict::OtherDay
        );
    }

    #[test]
    fn without_days_or_hashtags_the_programme_takes_every_tweet_of_what_it_leaves_open() {
        let no_days = PROGRAMME
            .replace("starts = \"2015-11-17T09:30:00\"\n", "")
            .replace("ends = 2015-11-17T17:00:00\n", "");
        let rule = Event::parse(&no_days).unwrap().membership();
        assert_eq!(rule.describe(), "with #pasocial");
        assert!(rule.holds(&tweet("2009-01-01T00:00:00Z", &["PASOCIAL"])));
        assert!(!rule.holds(&tweet("2015-11-17T10:00:00Z", &[])));
        let open = no_days.replace("hashtags = [\"#pasocial\"]\n", "");
        let rule = Event::parse(&open).unwrap().membership();
        assert_eq!(rule.describe(), "on any day");
        assert!(rule.holds(&tweet("2009-01-01T00:00:00Z", &[])));
        // One bound alone leaves the other side open.
        let from = no_days.replace("venue", "starts = \"2015-11-17T09:30:00\"\nvenue");
        let rule = Event::parse(&from).unwrap().membership();
        assert_eq!(rule.describe(), "from 2015-11-17 on with #pasocial");
        assert!(rule.holds(&tweet("2030-01-01T00:00:00Z", &["pasocial"])));
        assert!(!rule.holds(&tweet("2015-11-16T10:00:00Z", &["pasocial"])));
        // `"#"` names no hashtag.
        let empty = PROGRAMME.replace("[\"#pasocial\"]", "[\"#\", \" \"]");
        let e = Event::parse(&empty).unwrap();
        assert!(e.hashtags.is_empty());
        assert_eq!(e.membership().describe(), "on 2015-11-17");
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
        let backwards =
            PROGRAMME.replace("ends = 2015-11-17T17:00:00", "ends = 2015-11-16T17:00:00");
        let err = format!("{:#}", Event::parse(&backwards).unwrap_err());
        assert!(err.contains("ends before it starts"), "{err}");
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
