//! Spreadsheets: TAGS, twarc 1 `json2csv` and twarc-csv exports, recognised by their header.
//!
//! `csv-core` splits the file; each row becomes a record holding the row's exact bytes
//! (quoted newlines included) and the line it starts on, with the header in its source. Columns
//! are looked up by name, so a dialect's older or newer column lists read alike; a row with more
//! or fewer fields than the header is refused with the count.
//!
//! What each dialect holds (see `shared/FORMATS.md`):
//! - TAGS: v1.1 fields by name (`id_str`, `from_user`, `created_at`...), the entities as JSON in
//!   `entities_str`; a retweet is only its `RT @x: ...` text. Files that went through R write
//!   blanks as `NA`.
//! - twarc 1 `json2csv`: one row per v1.1 tweet, a retweet's full original text, `tweet_type`,
//!   hashtags and links space-separated, no mentions column.
//! - twarc-csv (API v2): flattened column names (`author.username`,
//!   `public_metrics.like_count`...), lists JSON-encoded, newlines in text written as `\n`. Early
//!   versions wrote the API's own lists whole: entity objects (`[{"start": 236, "end": 244,
//!   "tag": "destiny"}]`) and one `referenced_tweets` column (`[{"type": "quoted", "id": "1"}]`).
//!   chirpdex's own export is this dialect with chirpdex's columns after twarc-csv's
//!   (`source_file`, `date_only`...): there the ids of posts from elsewhere (`text:…`, Mastodon and
//!   Bluesky addresses), a day-only date, a post's own link and a retweet known only by its type
//!   are read back too, and texts are taken as written (chirpdex writes them decoded).

use std::io::{self, BufRead};
use std::sync::Arc;

use anyhow::{Result, bail};
use chrono::{DateTime, Utc};
use csv::ByteRecord;
use csv_core::ReadRecordResult;
use serde::Deserialize;

use super::input::MAX_RECORD_BYTES;
use super::twitter::{self, Entities, Entity, Id, author, digits, unescape};
use super::{Emit, Format, Frames, Record, Reject, Source};
use crate::model::{Reference, Tweet, TweetType, retweeted_handle};

/// The spreadsheets chirpdex reads, told apart by their header.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Dialect {
    Tags,
    Json2csv,
    TwarcCsv,
}

impl Dialect {
    fn of<S: AsRef<str>>(columns: &[S]) -> Option<Dialect> {
        let has = |name: &str| {
            columns
                .iter()
                .any(|c| c.as_ref().trim().eq_ignore_ascii_case(name))
        };
        if has("id_str") && has("from_user") {
            Some(Dialect::Tags)
        } else if has("id") && (has("author_id") || has("author.username")) {
            Some(Dialect::TwarcCsv)
        } else if has("id") && (has("tweet_url") || has("user_screen_name")) {
            Some(Dialect::Json2csv)
        } else {
            None
        }
    }
}

/// Whether a file's name says it is a spreadsheet (`.csv`, or `.csv.gz`).
pub fn is_csv_name(path: &std::path::Path) -> bool {
    let name = path.file_name().map(|n| n.to_string_lossy().to_lowercase());
    name.is_some_and(|n| n.trim_end_matches(".gz").ends_with(".csv"))
}

/// What is said of a sheet whose header is none of the dialects: its first columns, and the
/// headers chirpdex knows.
fn unrecognised<S: AsRef<str>>(header: &[S]) -> String {
    let first: Vec<&str> = header.iter().take(6).map(|c| c.as_ref().trim()).collect();
    let more = if header.len() > 6 { ", ..." } else { "" };
    format!(
        "unrecognised CSV header ({}{more}): not a spreadsheet chirpdex reads. It knows the \
         headers of TAGS (id_str, from_user, ...), twarc 1 json2csv (id, tweet_url or \
         user_screen_name, ...) and twarc-csv (id, author_id or author.username, ...)",
        first.join(", ")
    )
}

/// For a file named as a spreadsheet whose head no format recognises (`head`: its first
/// bytes): what to say when it is passed over, its header named.
pub fn unrecognised_head(head: &[u8]) -> String {
    let header = fields(head).map_or_else(
        |_| Vec::new(),
        |row| {
            row.iter()
                .map(|f| String::from_utf8_lossy(f).into_owned())
                .collect()
        },
    );
    format!("{}; passed over", unrecognised(&header))
}

/// Whether a (lowercased) first line is the header of a spreadsheet chirpdex reads.
pub fn is_header(line: &str) -> bool {
    let columns: Vec<&str> = line
        .split(',')
        .map(|c| c.trim().trim_matches('"'))
        .collect();
    Dialect::of(&columns).is_some()
}

/// Frames a CSV file into rows, each record holding one row's bytes, with the header in its
/// source. A file whose header is none of the three dialects is an error.
pub fn read(reader: Box<dyn BufRead + Send>, name: &str) -> Result<Frames> {
    let source = Source::new(name, Format::Csv);
    let (core, line) = (csv_core::Reader::new(), 1);
    let mut rows = Rows {
        reader,
        core,
        source,
        line,
    };
    let Some(first) = rows.next() else {
        return Ok(Box::new(std::iter::empty()));
    };
    let first = fields(&first?.bytes).map_err(|e| anyhow::anyhow!("{name}: {e}"))?;
    let header: Vec<String> = (first.iter())
        .map(|f| String::from_utf8_lossy(f).trim().to_string())
        .collect();
    if Dialect::of(&header).is_none() {
        // The caller names the file.
        bail!(unrecognised(&header));
    }
    rows.source = Arc::new(Source {
        header,
        ..(*rows.source).clone()
    });
    Ok(Box::new(rows))
}

/// The rows of a CSV file, as records: `csv_core` says where each row ends (line ends inside
/// quotes are the row's), and each record keeps the row's own bytes.
struct Rows {
    reader: Box<dyn BufRead + Send>,
    core: csv_core::Reader,
    source: Arc<Source>,
    /// The line of the next byte.
    line: u64,
}

impl Iterator for Rows {
    type Item = io::Result<Record>;

    fn next(&mut self) -> Option<io::Result<Record>> {
        let (mut fields, mut ends) = ([0; 1 << 12], [0; 1 << 8]);
        let mut taken = Vec::new();
        loop {
            let buf = match self.reader.fill_buf() {
                Ok(buf) => buf,
                Err(e) => return Some(Err(e)),
            };
            let (result, used, ..) = self.core.read_record(buf, &mut fields, &mut ends);
            let at_eof = buf.is_empty();
            taken.extend_from_slice(&buf[..used]);
            self.reader.consume(used);
            match result {
                ReadRecordResult::End => return None,
                ReadRecordResult::Record => {}
                _ if taken.len() > MAX_RECORD_BYTES => {
                    let why = format!(
                        "a row longer than {} MiB (a quote never closed?)",
                        MAX_RECORD_BYTES >> 20
                    );
                    return Some(Err(io::Error::new(io::ErrorKind::InvalidData, why)));
                }
                _ => continue,
            }
            let newlines = |b: &[u8]| memchr::memchr_iter(b'\n', b).count() as u64;
            // Line ends before a row (the `\n` of a `\r\n`, blank lines) belong to no row.
            let lead = taken
                .iter()
                .take_while(|b| matches!(b, b'\r' | b'\n'))
                .count();
            let line = self.line + newlines(&taken[..lead]);
            self.line += newlines(&taken);
            let mut bytes = taken.split_off(lead);
            taken.clear();
            while matches!(bytes.last(), Some(b'\r' | b'\n')) {
                bytes.pop();
            }
            if bytes.is_empty() {
                continue;
            }
            // Quotes come in pairs in a whole row; an odd count at the end of the file means it
            // ends inside a quoted field.
            let quotes = memchr::memchr_iter(b'"', &bytes).count();
            let broken = (at_eof && quotes % 2 == 1)
                .then(|| "the file ends inside a quoted field of this row".to_string());
            let source = Arc::clone(&self.source);
            return Some(Ok(Record {
                source,
                line,
                bytes,
                broken,
            }));
        }
    }
}

/// The fields of one row's bytes.
fn fields(row: &[u8]) -> Result<ByteRecord, Reject> {
    let mut fields = ByteRecord::new();
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(row);
    match reader.read_byte_record(&mut fields) {
        Ok(true) => Ok(fields),
        Ok(false) => Err(Reject::Other("an empty row".into())),
        Err(e) => Err(Reject::Other(format!("unreadable row: {e}"))),
    }
}

/// Reads one row.
pub fn parse(record: &Record, emit: &mut Emit<'_>) {
    emit(convert(record))
}

fn convert(record: &Record) -> Result<Tweet, Reject> {
    let header = &record.source.header;
    let fields = fields(&record.bytes)?;
    if fields.len() != header.len() {
        let (row, columns) = (fields.len(), header.len());
        let why = format!("the row has {row} fields, the header {columns}");
        return Err(Reject::Other(why));
    }
    let row = Row::new(header, &fields)?;
    let tweet = match Dialect::of(header) {
        Some(Dialect::Tags) => tags(&row),
        Some(Dialect::Json2csv) => json2csv(&row),
        Some(Dialect::TwarcCsv) => twarc_csv(&row),
        None => Err(Reject::Other(
            "a row of a sheet whose header chirpdex does not read".into(),
        )),
    }?;
    Ok(Tweet {
        lang: row.get("lang").map(str::to_string),
        format: Format::Csv,
        ..tweet
    })
}

/// A row's fields by column name.
struct Row<'a> {
    header: &'a [String],
    fields: Vec<&'a str>,
    /// A sheet chirpdex exported.
    own: bool,
}

/// Whether a header is chirpdex's own export's (`report::csv`): twarc-csv's columns, then
/// chirpdex's, of which these two are in no other tool's.
fn is_chirpdex(header: &[String]) -> bool {
    let has = |name: &str| header.iter().any(|c| c == name);
    has("source_file") && has("date_only")
}

impl<'a> Row<'a> {
    fn new(header: &'a [String], record: &'a ByteRecord) -> Result<Row<'a>, Reject> {
        let text = |(f, name)| {
            let why = || Reject::Other(format!("{name} is not UTF-8 text"));
            std::str::from_utf8(f).map_err(|_| why())
        };
        let fields = record
            .iter()
            .zip(header)
            .map(text)
            .collect::<Result<_, _>>()?;
        Ok(Row {
            header,
            fields,
            own: is_chirpdex(header),
        })
    }

    /// A cell as written; `None` when there is no such column.
    fn raw(&self, column: &str) -> Option<&'a str> {
        let at = self
            .header
            .iter()
            .position(|c| c.eq_ignore_ascii_case(column));
        self.fields.get(at?).copied()
    }

    /// A cell with a value: not blank and not `NA` (R's blank).
    fn get(&self, column: &str) -> Option<&'a str> {
        let value = self.raw(column).map(str::trim);
        value.filter(|v| !v.is_empty() && *v != "NA")
    }

    /// An id, exact: decimal digits. A number a spreadsheet rewrote (`1.25195E+18`) has lost its
    /// digits and refuses the row. chirpdex's own sheets also hold the ids of posts from
    /// elsewhere, which have a `:` (`text:5f9fec4847716590`, `https://...`, `at://...`).
    fn id(&self, column: &'static str) -> Result<Option<String>, Reject> {
        let id = self.get(column).map(|v| match v.trim_matches('"') {
            other if self.own && other.contains(':') => Ok(other.to_string()),
            v => digits(column, v),
        });
        id.transpose()
    }

    /// A count; blank is 0. Whole numbers written as floats (`3.0`, as pandas writes a column
    /// with blanks) are read.
    /// A count; None when the sheet has no such column or leaves the cell empty.
    fn count(&self, column: &'static str) -> Result<Option<u64>, Reject> {
        let Some(v) = self.get(column) else {
            return Ok(None);
        };
        v.parse::<u64>()
            .ok()
            .or_else(|| v.strip_suffix(".0").and_then(|n| n.parse().ok()))
            .map(Some)
            .ok_or_else(|| Reject::invalid(column, v, "is not a count"))
    }

    /// The tweet's own id: required.
    fn tweet_id(&self, column: &'static str) -> Result<String, Reject> {
        self.id(column)?.ok_or(Reject::Missing(column))
    }

    fn text(&self) -> Result<&'a str, Reject> {
        self.raw("text").ok_or(Reject::Missing("text column"))
    }

    /// A reference to another tweet, from its id column and its author's handle column.
    fn reference(&self, id: &'static str, author: &str) -> Result<Option<Reference>, Reject> {
        Ok(self.id(id)?.map(|id| Reference {
            id,
            author: self.get(author).map(str::to_string),
        }))
    }

    /// When the tweet was posted: `created_at` in Twitter's format where the dialect writes it
    /// so (`twitter`), else the ISO 8601 time in `iso`, else what the snowflake id says.
    fn posted(
        &self,
        id: &str,
        twitter: Option<&str>,
        iso: &'static str,
    ) -> Result<DateTime<Utc>, Reject> {
        match twitter.and_then(|c| self.get(c)) {
            Some(s) => twitter::posted(id, "created_at", Some(s), false),
            None => twitter::posted(id, iso, self.get(iso), true),
        }
    }

    /// A list column's entities, `None` where the sheet has no such column: words, or the API's
    /// own objects as early twarc-csv wrote them (`[{"start": 236, "end": 244, "tag": "destiny"}]`).
    fn list(&self, column: &'static str) -> Result<Option<Vec<Entity<'a>>>, Reject> {
        if self.raw(column).is_none() {
            return Ok(None);
        }
        let cell = self.get(column).unwrap_or_default();
        let objects = cell
            .strip_prefix('[')
            .is_some_and(|c| c.trim_start().starts_with('{'));
        Ok(Some(if objects {
            serde_json::from_str(cell).map_err(|e| Reject::json(&e).at(column))?
        } else {
            list_cell(cell).into_iter().map(Entity::from).collect()
        }))
    }
}

/// A TAGS row.
fn tags(row: &Row<'_>) -> Result<Tweet, Reject> {
    let id = row.tweet_id("id_str")?;
    let mut tweet = Tweet {
        // `time` is written in the sheet's time zone: only when there is nothing else.
        created_at: row.posted(&id, Some("created_at"), "time")?,
        author: author(row.get("from_user"), None, row.id("from_user_id_str")?),
        text: unescape(row.text()?),
        reply_to: row.reference("in_reply_to_status_id_str", "in_reply_to_screen_name")?,
        id,
        ..Tweet::default()
    };
    let listed = row
        .get("entities_str")
        .map(serde_json::from_str::<Entities>);
    let listed = listed
        .transpose()
        .map_err(|e| Reject::json(&e).at("entities_str"))?;
    twitter::entities(&mut tweet, &listed.unwrap_or_default());
    // TAGS keeps a retweet only as its own `RT @x: ...` text, without the retweeted tweet's id.
    if retweeted_handle(&tweet.text).is_some() {
        tweet.kind = TweetType::Retweet;
    }
    Ok(tweet)
}

/// A twarc 1 `json2csv` row.
fn json2csv(row: &Row<'_>) -> Result<Tweet, Reject> {
    let id = row.tweet_id("id")?;
    let mut tweet = Tweet {
        created_at: row.posted(&id, Some("created_at"), "parsed_created_at")?,
        author: author(
            row.get("user_screen_name"),
            row.get("user_name"),
            row.id("user_id")?,
        ),
        text: unescape(row.text()?),
        reply_to: row.reference("in_reply_to_status_id", "in_reply_to_screen_name")?,
        retweet_count: row.count("retweet_count")?,
        favorite_count: row.count("favorite_count")?,
        id,
        ..Tweet::default()
    };
    // `retweet_or_quote_id` is the retweeted tweet for a retweet, else the quoted one; the first
    // versions wrote only retweets, as `reweet_id` (sic). `tweet_type` says a retweet is one even
    // where the retweeted tweet's id is not written.
    let newer = row.raw("retweet_or_quote_id").is_some();
    let other = if newer {
        row.reference("retweet_or_quote_id", "retweet_or_quote_screen_name")?
    } else {
        row.reference("reweet_id", "retweet_screen_name")?
    };
    let kind = row.get("tweet_type").map(str::to_ascii_lowercase);
    match kind.as_deref() {
        Some("retweet") => (tweet.kind, tweet.retweet_of) = (TweetType::Retweet, other),
        None if !newer => tweet.retweet_of = other,
        _ => tweet.quote_of = other,
    }
    let listed = Entities {
        hashtags: row.list("hashtags")?,
        // No mentions column: they come from the text.
        user_mentions: None,
        urls: row.list("urls")?,
    };
    twitter::entities(&mut tweet, &listed);
    Ok(tweet)
}

/// A twarc-csv row (API v2, flattened).
fn twarc_csv(row: &Row<'_>) -> Result<Tweet, Reject> {
    let id = row.tweet_id("id")?;
    let handle = row.get("author.username");
    let author_id = row
        .id("author_id")?
        .map_or_else(|| row.id("author.id"), |id| Ok(Some(id)))?;
    let mut tweet = Tweet {
        created_at: row.posted(&id, None, "created_at")?,
        author: author(handle, row.get("author.name"), author_id),
        text: match row.own {
            true => row.text()?.replace("\\n", "\n"),
            false => unescape(&twarc_text(row.text()?)),
        },
        reply_to: row.reference("referenced_tweets.replied_to.id", "in_reply_to_username")?,
        retweet_of: row.reference("referenced_tweets.retweeted.id", "retweeted_username")?,
        quote_of: row.reference("referenced_tweets.quoted.id", "quoted_username")?,
        retweet_count: row.count("public_metrics.retweet_count")?,
        favorite_count: row.count("public_metrics.like_count")?,
        id,
        ..Tweet::default()
    };
    if let Some(cell) = row.get("referenced_tweets") {
        referenced(&mut tweet, cell)?;
    }
    let listed = Entities {
        hashtags: row.list("entities.hashtags")?,
        user_mentions: row.list("entities.mentions")?,
        urls: row.list("entities.urls")?,
    };
    twitter::entities(&mut tweet, &listed);
    if row.own {
        // chirpdex lists the links it found as they are, `pic.twitter.com/...` of copied text too.
        tweet.urls = row.get("entities.urls").map(list_cell).unwrap_or_default();
        tweet.date_only = row.get("date_only") == Some("true");
        if row.get("type") == Some("retweet") {
            tweet.kind = TweetType::Retweet;
        }
        // A Twitter post's link is made from its id; others keep theirs.
        let elsewhere = !tweet.id.bytes().all(|b| b.is_ascii_digit());
        tweet.link = row.get("url").filter(|_| elsewhere).map(str::to_string);
    }
    Ok(tweet)
}

/// An entry of early twarc-csv's `referenced_tweets` column: `{"type": "quoted", "id": "1"}`.
#[derive(Deserialize)]
struct Referenced {
    #[serde(rename = "type")]
    kind: String,
    id: Id,
}

/// The retweeted, quoted and answered tweets of early twarc-csv's `referenced_tweets` column.
fn referenced(tweet: &mut Tweet, cell: &str) -> Result<(), Reject> {
    const COLUMN: &str = "referenced_tweets";
    let list: Vec<Referenced> =
        serde_json::from_str(cell).map_err(|e| Reject::json(&e).at(COLUMN))?;
    for r in list {
        let to = Some(Reference {
            id: digits(COLUMN, &r.id.0)?,
            author: None,
        });
        match r.kind.as_str() {
            "retweeted" => tweet.retweet_of = to,
            "quoted" => tweet.quote_of = to,
            "replied_to" => tweet.reply_to = to,
            _ => {}
        }
    }
    Ok(())
}

/// A twarc-csv text: written with newlines as `\n` (its default), or as a JSON string (with
/// `--json-encode-text`).
fn twarc_text(cell: &str) -> String {
    serde_json::from_str(cell).unwrap_or_else(|_| cell.replace("\\n", "\n"))
}

/// A list cell: space-separated words (json2csv), JSON (`["#a", "#b"]`, twarc-csv's default),
/// or Python's `['#a', '#b']`.
fn list_cell(cell: &str) -> Vec<String> {
    if let Ok(list) = serde_json::from_str::<Vec<String>>(cell) {
        return list;
    }
    let Some(inner) = cell.strip_prefix('[') else {
        return cell.split_whitespace().map(str::to_string).collect();
    };
    inner
        .trim_end_matches(']')
        .split(',')
        .map(|v| v.trim().trim_matches(|c| c == '\'' || c == '"').to_string())
        .filter(|v| !v.is_empty())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::formats::Input;
    use crate::model::TweetType::{Original, Quote, Reply, Retweet};
    use crate::model::{Author, time};
    use std::path::{Path, PathBuf};

    /// What one record gave: its line, its bytes, and a tweet or a reason.
    type Got = (u64, Vec<u8>, Result<Tweet, String>);

    fn data(name: &str) -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/data/csv")
            .join(name)
    }

    /// Reads a whole file the way the pipeline does (format recognised from the content unless
    /// forced): frames, then each record parsed.
    fn read_all(path: &Path, from: Option<Format>) -> anyhow::Result<Vec<Got>> {
        let input = Input::File(path.to_path_buf());
        let Some(frames) =
            super::super::read(&input, from, Arc::default()).map(crate::formats::Opened::frames)?
        else {
            return Ok(Vec::new());
        };
        let mut out = Vec::new();
        for record in frames {
            let record = record?;
            assert_eq!(record.source.format, Format::Csv);
            Format::Csv.parse(&record, &mut |t| {
                out.push((
                    record.line,
                    record.bytes.clone(),
                    t.map_err(|e| e.to_string()),
                ))
            });
        }
        Ok(out)
    }

    fn tweets(got: &[Got]) -> Vec<&Tweet> {
        got.iter().map(|g| g.2.as_ref().unwrap()).collect()
    }

    fn ids_and_kinds<'a>(t: &[&'a Tweet]) -> Vec<(&'a str, TweetType)> {
        t.iter().map(|t| (t.id.as_str(), t.kind)).collect()
    }

    fn frame(text: &'static str) -> Vec<(u64, String, Option<String>)> {
        read(Box::new(text.as_bytes()), "t.csv")
            .unwrap()
            .map(|r| r.unwrap())
            .map(|r| (r.line, String::from_utf8(r.bytes).unwrap(), r.broken))
            .collect()
    }

    #[test]
    fn rows_keep_their_exact_bytes_and_first_line() {
        let got = frame(concat!(
            "\u{feff}id_str,from_user,text\r\n",
            "1,a,\"two\r\nlines\"\r\n",
            "\r\n",
            "2,b,\"say \"\"hi\"\"\"\r\n",
            "3,c,x"
        ));
        assert_eq!(
            got,
            [
                (2, "1,a,\"two\r\nlines\"".into(), None),
                (5, "2,b,\"say \"\"hi\"\"\"".into(), None),
                (6, "3,c,x".into(), None),
            ]
        );
        // Cut inside a quoted field: the last row says so.
        let cut = frame("id_str,from_user,text\n1,a,b\n2,b,\"cut\nshort");
        assert_eq!(cut.len(), 2);
        assert_eq!(cut[0].2, None);
        assert_eq!(cut[1].0, 3);
        assert!(
            cut[1]
                .2
                .as_deref()
                .unwrap()
                .contains("ends inside a quoted field")
        );
        // A header and nothing else, or nothing at all.
        assert!(frame("id_str,from_user,text\n").is_empty());
        assert!(frame("").is_empty());
    }

    #[test]
    fn headers_are_told_apart() {
        let cases: &[(&str, Option<Dialect>)] = &[
            ("id_str,from_user,text,created_at,time", Some(Dialect::Tags)),
            (
                "id,tweet_url,created_at,parsed_created_at,user_screen_name,text",
                Some(Dialect::Json2csv),
            ),
            (
                "coordinates,created_at,hashtags,media,urls,favorite_count,id,tweet_url",
                Some(Dialect::Json2csv),
            ),
            (
                "id,conversation_id,author_id,created_at,text",
                Some(Dialect::TwarcCsv),
            ),
            (
                "\"id\",\"text\",\"author.username\"",
                Some(Dialect::TwarcCsv),
            ),
            ("title,url,time_added,tags,status", None),
            ("id,text", None),
        ];
        for (line, want) in cases {
            let columns: Vec<&str> = line.split(',').map(|c| c.trim_matches('"')).collect();
            assert_eq!(Dialect::of(&columns), *want, "{line}");
            assert_eq!(is_header(line), want.is_some(), "{line}");
        }
    }

    #[test]
    fn ids_stay_exact_and_numbers_a_spreadsheet_rewrote_are_refused() {
        let header: Vec<String> = ["id", "n"].map(String::from).to_vec();
        let id = |v: &str| {
            let record = ByteRecord::from(vec![v, "0"]);
            let row = Row::new(&header, &record).unwrap();
            row.id("id").map_err(|e| e.to_string())
        };
        assert_eq!(
            id("1251954312772812801").unwrap().unwrap(),
            "1251954312772812801"
        );
        assert_eq!(id("NA").unwrap(), None);
        assert_eq!(id("").unwrap(), None);
        for float in [
            "1.25195E+18",
            "1.251954312772812801e18",
            "1251954312772812800.0",
        ] {
            let e = id(float).unwrap_err();
            assert!(e.contains("digits are lost"), "{e}");
        }
        assert!(id("abc").unwrap_err().contains("not a tweet id"));
    }

    #[test]
    fn cells_in_their_other_spellings() {
        assert_eq!(
            list_cell(r##"["#universit\u00e0", "#PA"]"##),
            ["#università", "#PA"]
        );
        assert_eq!(list_cell("['#a', '#b']"), ["#a", "#b"]);
        assert!(list_cell("[]").is_empty());
        assert_eq!(twarc_text("a\\nb"), "a\nb");
        assert_eq!(twarc_text(r#""a\n\"b\"""#), "a\n\"b\"");
        assert_eq!(
            twarc_text(r#""quoted" and "again""#),
            r#""quoted" and "again""#
        );
        for s in [
            "2021-11-17T09:30:00.000Z",
            "2021-11-17 09:30:00+00:00",
            "2021-11-17 09:30:00",
        ] {
            assert_eq!(
                time::iso(s).unwrap().to_rfc3339(),
                "2021-11-17T09:30:00+00:00",
                "{s}"
            );
        }
    }

    #[test]
    fn a_tags_sheet() {
        let path = data("tags.csv");
        let got = read_all(&path, None).unwrap();
        let lines: Vec<u64> = got.iter().map(|g| g.0).collect();
        assert_eq!(lines, [2, 3, 5, 6]);
        let t = tweets(&got);
        let seen: Vec<(&str, &str, &str, TweetType)> = t
            .iter()
            .map(|t| (t.id.as_str(), &*t.author.handle, &*t.author.id, t.kind))
            .collect();
        assert_eq!(
            seen,
            [
                (
                    "666567148172214272",
                    "SaraDurantini",
                    "3178327384",
                    Original
                ),
                ("666572789511094272", "UniTwitTS", "2207493781", Original),
                (
                    "666568976888758274",
                    "CittadinidiTwtt",
                    "1000000004",
                    Retweet
                ),
                ("666652011525046277", "StellaTeodonio", "1000000005", Reply),
            ]
        );
        // created_at, not the sheet's local `time`.
        assert_eq!(t[0].created_at.to_rfc3339(), "2015-11-17T10:42:47+00:00");
        assert_eq!(t[0].hashtags, ["pasocial", "italiasicura"]);
        assert_eq!(t[0].mentions, ["fdicos10"]);
        // A quoted newline stays in the text and in the row's bytes.
        assert_eq!(
            t[1].text,
            "#pasocial @AleMiglioz: ufficio stampa del MInistero è diventato una vera redazione \
             che si avvale di contenuti multimediali.\n@MiurSocial"
        );
        assert_eq!(t[1].mentions, ["AleMiglioz", "MiurSocial"]);
        let file = std::fs::read(&path).unwrap();
        let start = file
            .windows(18)
            .position(|w| w == b"666572789511094272")
            .unwrap();
        assert_eq!(got[1].1, &file[start..start + got[1].1.len()]);
        assert_eq!(t[1].raw, got[1].1);
        // The row ends at its line end, where the next row begins.
        let end = start + got[1].1.len();
        assert!(file[end..].starts_with(b"\n666568976888758274,"));
        assert!(got[1].1.ends_with(b"\"\"urls\"\":[]}\""));
        // A retweet: only its own text, no id of the retweeted tweet.
        assert!(t[2].text.starts_with("RT @SaraDurantini: Lavoro"));
        assert_eq!(t[2].retweet_of, None);
        // No entities_str: taken from the text; `&amp;` decoded.
        let reply = t[3];
        assert_eq!(
            reply.text,
            "@SaraDurantini grazie & alla prossima! #pasocial https://t.co/Xy12AbCd"
        );
        assert_eq!(reply.hashtags, ["pasocial"]);
        assert_eq!(reply.mentions, ["SaraDurantini"]);
        assert_eq!(reply.urls, ["https://t.co/Xy12AbCd"]);
        assert_eq!(
            reply.reply_to,
            Some(Reference {
                id: "666567148172214272".into(),
                author: Some("SaraDurantini".into())
            })
        );
        for t in &t {
            assert_eq!(t.format, Format::Csv);
            // TAGS keeps no counts: unknown, not 0.
            assert_eq!(
                (t.retweet_count, t.favorite_count, t.lang.as_deref()),
                (None, None, None)
            );
        }
    }

    #[test]
    fn a_twarc_json2csv_export() {
        let got = read_all(&data("json2csv.csv"), None).unwrap();
        let lines: Vec<u64> = got.iter().map(|g| g.0).collect();
        assert_eq!(lines, [2, 3, 5, 6]);
        let t = tweets(&got);
        assert_eq!(
            ids_and_kinds(&t),
            [
                ("666602229330870272", Original),
                ("666609229624246273", Retweet),
                ("666619295953846275", Quote),
                ("666626845701046276", Reply),
            ]
        );
        assert_eq!(
            t[0].author,
            Author {
                handle: "SaraDurantini".into(),
                name: "SaraDurantini".into(),
                id: "3178327384".into()
            }
        );
        assert_eq!(t[0].created_at.to_rfc3339(), "2015-11-17T13:02:11+00:00");
        assert_eq!(t[0].hashtags, ["Facebook", "giornalismo", "pasocial"]);
        assert!(t[0].urls.is_empty());
        assert_eq!(
            (t[0].retweet_count, t[0].favorite_count),
            (Some(4), Some(9))
        );
        assert_eq!(t[0].lang.as_deref(), Some("it"));
        // A retweet: the original's whole text (with its newline), the original's id and author.
        assert_eq!(t[1].author.name, "B. Antonello Barone");
        assert!(t[1].text.contains("giusti\n(anche perché"), "{}", t[1].text);
        assert_eq!(t[1].mentions, ["liviacolare"]);
        assert_eq!(
            t[1].retweet_of,
            Some(Reference {
                id: "666606880814006272".into(),
                author: Some("SaraDurantini".into())
            })
        );
        assert_eq!(t[2].urls, ["http://www.regione.abruzzo.it/comunicazione"]);
        assert_eq!(t[2].mentions, ["FrancescoDiFili"]);
        assert_eq!(t[2].quote_of.as_ref().unwrap().id, "666616779371446281");
        assert_eq!(t[3].text, "@CittadinidiTwtt esatto & non solo in Abruzzo");
        assert_eq!(
            t[3].reply_to,
            Some(Reference {
                id: "666619295953846275".into(),
                author: Some("CittadinidiTwtt".into())
            })
        );
    }

    #[test]
    fn a_twarc_csv_export_with_a_byte_order_mark() {
        let got = read_all(&data("twarc_csv.csv"), None).unwrap();
        let lines: Vec<u64> = got.iter().map(|g| g.0).collect();
        assert_eq!(lines, [2, 3, 4, 5]);
        let t = tweets(&got);
        assert_eq!(
            ids_and_kinds(&t),
            [
                ("1460903033041846283", Original),
                ("1460906937938870284", Retweet),
                ("1460911115465654285", Reply),
                ("1460914357662646286", Quote),
            ]
        );
        let first = t[0];
        assert_eq!(
            first.author,
            Author {
                handle: "SaraDurantini".into(),
                name: "SaraDurantini".into(),
                id: "3178327384".into()
            }
        );
        assert_eq!(first.created_at.to_rfc3339(), "2021-11-17T09:30:00+00:00");
        assert_eq!(
            first.text,
            "Si parte! #PASocial 2021 all'università: la comunicazione pubblica & i social\n\
             Programma: https://t.co/Ab12Cd34"
        );
        assert_eq!(first.hashtags, ["PASocial"]);
        assert!(first.mentions.is_empty());
        assert_eq!(first.urls, ["https://www.pasocial.info/programma-2021"]);
        assert_eq!(
            (first.retweet_count, first.favorite_count),
            (Some(5), Some(12))
        );
        assert_eq!(t[1].text, first.text);
        assert_eq!(t[1].author.handle, "CittadinidiTwtt");
        assert_eq!(
            t[1].retweet_of,
            Some(Reference {
                id: first.id.clone(),
                author: Some("SaraDurantini".into())
            })
        );
        assert_eq!(t[2].hashtags, ["pasocial", "università"]);
        assert_eq!(t[2].mentions, ["SaraDurantini"]);
        // Empty metric cells: unknown, not 0.
        assert_eq!((t[2].retweet_count, t[2].favorite_count), (None, None));
        assert_eq!(t[2].reply_to.as_ref().unwrap().id, first.id);
        // No entity lists in the row: empty, as the export says.
        assert!(t[3].hashtags.is_empty() && t[3].urls.is_empty());
        assert_eq!(
            t[3].quote_of.as_ref().unwrap().author.as_deref(),
            Some("SaraDurantini")
        );
    }

    #[test]
    fn an_early_twarc_csv_export_with_the_apis_own_lists() {
        let got = read_all(&data("twarc_csv_early.csv"), None).unwrap();
        let lines: Vec<u64> = got.iter().map(|g| g.0).collect();
        assert_eq!(lines, [2, 3, 4, 5, 6]);
        let t = tweets(&got[..4]);
        assert_eq!(
            ids_and_kinds(&t),
            [
                ("1460903033041846283", Original),
                ("1460914357662646286", Quote),
                ("1460911115465654285", Reply),
                ("1460906937938870284", Retweet),
            ]
        );
        let first = t[0];
        assert_eq!(
            first.author,
            Author {
                handle: "SaraDurantini".into(),
                name: "Sara Durantini".into(),
                id: "3178327384".into()
            }
        );
        assert_eq!(
            first.text,
            "Si parte! #PASocial 2021 all'università con @UniTwitTS: la comunicazione pubblica \
             & i social\nProgramma: https://t.co/Ab12Cd34"
        );
        // The entity objects give their tag, username and expanded link, not the garbage of
        // their text split on commas.
        assert_eq!(first.hashtags, ["PASocial", "università"]);
        assert_eq!(first.mentions, ["UniTwitTS"]);
        assert_eq!(first.urls, ["https://www.pasocial.info/programma-2021"]);
        assert_eq!(
            (first.retweet_count, first.favorite_count),
            (Some(5), Some(12))
        );
        // The one `referenced_tweets` column says which tweet is quoted, answered, retweeted.
        let original = Some(Reference {
            id: first.id.clone(),
            author: None,
        });
        assert_eq!(t[1].quote_of, original);
        assert_eq!(
            t[1].urls,
            ["https://twitter.com/SaraDurantini/status/1460903033041846283"]
        );
        assert!(t[1].hashtags.is_empty() && t[1].mentions.is_empty());
        assert_eq!(t[2].reply_to, original);
        assert_eq!(t[2].mentions, ["SaraDurantini"]);
        assert_eq!(t[2].hashtags, ["pasocial"]);
        assert_eq!(t[3].retweet_of, original);
        assert!(t[3].text.starts_with("RT @SaraDurantini: Si parte!"));
        assert_eq!(t[3].mentions, ["SaraDurantini", "UniTwitTS"]);
        // A cut list: the row refused, saying which column.
        let reason = got[4].2.as_ref().unwrap_err();
        assert!(
            reason.starts_with("entities.hashtags: invalid JSON, cut short"),
            "{reason}"
        );
    }

    #[test]
    fn wrong_truncated_and_empty_sheets() {
        // Not a spreadsheet chirpdex reads: an error for the file, naming the header.
        let e = read_all(&data("wrong_pocket.csv"), Some(Format::Csv)).unwrap_err();
        let e = format!("{e:#}");
        assert!(
            e.contains("not a spreadsheet chirpdex reads") && e.contains("title, url"),
            "{e}"
        );

        // Wrong types: each bad row refused with its reason, the good one read.
        let got = read_all(&data("tags_wrong_types.csv"), None).unwrap();
        let lines: Vec<u64> = got.iter().map(|g| g.0).collect();
        assert_eq!(lines, [2, 3, 5, 6, 7]);
        let reasons: Vec<&str> = got[..4]
            .iter()
            .map(|g| g.2.as_ref().unwrap_err().as_str())
            .collect();
        assert!(
            reasons[0].contains("\"6.66567E+17\"") && reasons[0].contains("digits are lost"),
            "{}",
            reasons[0]
        );
        assert_eq!(reasons[1], "the row has 10 fields, the header 18");
        assert!(reasons[2].contains("not a Twitter date"), "{}", reasons[2]);
        assert!(
            reasons[3].starts_with("entities_str: invalid JSON, cut short"),
            "{}",
            reasons[3]
        );
        assert_eq!(got[4].2.as_ref().unwrap().id, "666567148172214272");

        // Cut short inside a quoted field: the first row read, the cut one refused.
        let got = read_all(&data("tags_truncated.csv"), None).unwrap();
        assert_eq!(got.len(), 2);
        assert_eq!(got[0].2.as_ref().unwrap().id, "666567148172214272");
        assert_eq!(got[1].0, 3);
        assert!(
            got[1]
                .2
                .as_ref()
                .unwrap_err()
                .contains("ends inside a quoted field")
        );

        // Empty, and a header without rows: nothing.
        assert!(
            read_all(&data("empty.csv"), Some(Format::Csv))
                .unwrap()
                .is_empty()
        );
        assert!(read_all(&data("header_only.csv"), None).unwrap().is_empty());
    }

    #[test]
    fn the_tidytags_sample_of_a_real_tags_sheet() {
        let path = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../shared/real-dumps/tidytags/sample-data.csv");
        if !path.exists() {
            eprintln!("skipped: {} (needs ../shared)", path.display());
            return;
        }
        let got = read_all(&path, None).unwrap();
        let lines: Vec<u64> = got.iter().map(|g| g.0).collect();
        assert_eq!(lines, [2, 3, 4, 7, 8, 9, 10, 11, 12, 13]);
        let t = tweets(&got);
        let seen: Vec<(&str, &str, &str)> = t
            .iter()
            .map(|t| {
                (
                    t.id.as_str(),
                    t.author.handle.as_str(),
                    t.author.id.as_str(),
                )
            })
            .collect();
        assert_eq!(
            seen,
            [
                (
                    "1251954312772812801",
                    "Harriet96152202",
                    "1251951804398669825"
                ),
                (
                    "1248064163211096064",
                    "Patrick81040643",
                    "1245077697686130689"
                ),
                ("1234206946732830720", "ELTAugusta", "3294167372"),
                ("1229405350178127872", "gsa_aect", "922536306437181440"),
                ("1227652243870097408", "fcis_iu", "846230769899069440"),
                ("1225505187453964288", "StaufferEdu", "21425886"),
                ("1225137879921385472", "AECTTechTrends", "804807943"),
                ("1225122317849657345", "tadousay", "14215524"),
                ("1219758386436165633", "gsa_aect", "922536306437181440"),
                ("1219043574555299840", "aectddl", "1088189033266798598"),
            ]
        );
        let times: Vec<String> = t.iter().map(|t| t.created_at.to_rfc3339()).collect();
        assert_eq!(times[0], "2020-04-19T19:22:23+00:00");
        assert_eq!(times[2], "2020-03-01T20:00:41+00:00");
        assert_eq!(times[9], "2020-01-19T23:46:51+00:00");
        let hashtags: Vec<Vec<String>> = t.iter().map(|t| t.hashtags.clone()).collect();
        let none: Vec<String> = Vec::new();
        assert_eq!(
            hashtags,
            [
                none.clone(),
                vec!["aect19".to_string()],
                none.clone(),
                none.clone(),
                none.clone(),
                none.clone(),
                none.clone(),
                none,
                vec!["AECT19".to_string()],
                vec!["AECT19".to_string()],
            ]
        );
        assert_eq!(t[1].mentions, ["dtpthanh", "YamChaivisit"]);
        assert_eq!(t[3].mentions, ["tadousay", "AECTTechTrends", "gsa_aect"]);
        assert_eq!(
            t[4].urls,
            ["https://twitter.com/i/web/status/1227652243870097408"]
        );
        assert!(t[2].text.contains("Practice: \n\nhtt…"), "{}", t[2].text);
        let retweets = t.iter().filter(|t| t.kind == Retweet).count();
        assert_eq!(retweets, 8);
        assert_eq!(t[4].kind, Original);
        assert!(
            t.iter()
                .all(|t| t.reply_to.is_none() && t.author.name.is_empty())
        );
    }
}
