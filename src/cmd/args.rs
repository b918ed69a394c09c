//! Arguments shared by the commands that select tweets (`search`, `stats`, `export`): the query
//! and the filters that can be given as flags, turned into a `query::Request` once.

use anyhow::{Context, Result};
use chirpdex::index::Archive;
use chirpdex::model::TweetType;
use chirpdex::model::time::{parse_time, zone};
use chirpdex::query::{Filters, Request};
use chirpdex::report::stats::StatsFormat;
use chrono::{DateTime, Utc};
use chrono_tz::Tz;

/// Which tweets: a query and filters. All filters are ANDed; a repeated flag means any of them.
#[derive(clap::Args, Clone, Debug)]
pub struct Select {
    /// The query: words (all required unless OR is written), "phrases", prefix*, #tag, @handle,
    /// from:handle, speaker:NAME, lang:it, is:retweet|reply|quote|original, since:DATE,
    /// until:DATE, field:value, NOT/-word, (groups); * for every tweet.
    #[arg(default_value = "*")]
    pub query: String,
    /// Only tweets with this hashtag (repeatable: any of them).
    #[arg(long = "hashtag", value_name = "TAG")]
    pub hashtags: Vec<String>,
    /// Only tweets that mention this handle.
    #[arg(long = "mention", value_name = "HANDLE")]
    pub mentions: Vec<String>,
    /// Only tweets by this handle.
    #[arg(long = "author", value_name = "HANDLE")]
    pub authors: Vec<String>,
    /// Only tweets about this speaker: the programme's name, an alias or a handle (case and
    /// accents do not matter).
    #[arg(long = "speaker", value_name = "NAME")]
    pub speakers: Vec<String>,
    /// Only tweets in this language (BCP 47, as the source gives it: it, en, und...).
    #[arg(long = "lang", value_name = "LANG")]
    pub langs: Vec<String>,
    /// Only tweets of this type.
    #[arg(long = "type", value_name = "TYPE", value_parser = kind_parser(), ignore_case = true)]
    pub kinds: Vec<TweetType>,
    /// From this date or time on (inclusive): 2015-11-17, 2015-11-17T10:30, or RFC 3339.
    #[arg(long, value_name = "WHEN")]
    pub since: Option<String>,
    /// Up to this date or time (exclusive).
    #[arg(long, value_name = "WHEN")]
    pub until: Option<String>,
    /// Leave retweets out.
    #[arg(long)]
    pub no_retweets: bool,
    /// Only tweets attached to this event (its slug); its time zone is then the default.
    #[arg(long, value_name = "SLUG")]
    pub event: Option<String>,
    /// The time zone for dates without an offset and for tables (IANA, e.g. Europe/Rome)
    /// [default: the event's, else UTC].
    #[arg(long, value_name = "ZONE")]
    pub tz: Option<String>,
}

/// `--type`: one of the library's type names.
fn kind_parser() -> impl clap::builder::TypedValueParser<Value = TweetType> {
    use clap::builder::TypedValueParser;
    clap::builder::PossibleValuesParser::new(TweetType::ALL.map(TweetType::as_str))
        .try_map(|name: String| TweetType::parse(&name.to_lowercase()).ok_or("not a type"))
}

impl Select {
    /// The request, with its time zone: `--tz`, else the event's (named, or the only one the
    /// index holds), else UTC.
    pub fn request(&self, archive: &Archive) -> Result<Request> {
        let event = archive.event(self.event.as_deref())?;
        let tz = match &self.tz {
            Some(name) => zone(name).context("--tz")?,
            None => event.as_ref().map_or(Tz::UTC, |e| e.tz),
        };
        Ok(Request {
            query: self.query.clone(),
            filters: Filters {
                hashtags: self.hashtags.clone(),
                mentions: self.mentions.clone(),
                authors: self.authors.clone(),
                speakers: self.speakers.clone(),
                langs: self.langs.clone(),
                kinds: self.kinds.clone(),
                since: when(self.since.as_deref(), tz).context("--since")?,
                until: when(self.until.as_deref(), tz).context("--until")?,
                no_retweets: self.no_retweets,
                event: self.event.clone(),
            },
            tz,
        })
    }
}

/// `--since` or `--until`: a date or time, read in the request's time zone when it has no offset.
fn when(text: Option<&str>, tz: Tz) -> Result<Option<DateTime<Utc>>> {
    text.map(|t| parse_time(t, tz)).transpose()
}

/// `--format` of `stats` and `info`, as [`StatsFormat`].
#[derive(Clone, Copy, clap::ValueEnum)]
pub enum StatsFormatArg {
    /// Aligned columns (and for `stats` a sparkline of the timeline), for people.
    Table,
    /// One JSON object, for programs.
    Json,
}

impl From<StatsFormatArg> for StatsFormat {
    fn from(f: StatsFormatArg) -> StatsFormat {
        match f {
            StatsFormatArg::Table => StatsFormat::Table,
            StatsFormatArg::Json => StatsFormat::Json,
        }
    }
}
