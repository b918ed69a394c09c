//! Spreadsheets: TAGS, twarc 1 `json2csv` and twarc-csv exports, recognised by their header.
//!
//! The `csv` crate splits the file; each row becomes a record holding the row's exact bytes
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
//!   `public_metrics.like_count`...), lists JSON-encoded, newlines in text written as `\n`.

use std::io::{self, BufRead, Read};
use std::sync::Arc;

use anyhow::{Result, bail};
use chrono::{DateTime, NaiveDateTime, Utc};
use csv::ByteRecord;

use super::archive::{retweeted_handle, twitter_date};
use super::extracted;
use super::input::MAX_RECORD_BYTES;
use super::twitter::unescape;
use super::v1::Entities;
use super::{EmitStr, Format, Frames, Record, Source};
use crate::extract;
use crate::model::{Author, Reference, Tweet, TweetType, snowflake_time};

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
pub fn read(mut reader: Box<dyn BufRead + Send>, name: &str) -> Result<Frames> {
    if reader.fill_buf()?.starts_with(b"\xEF\xBB\xBF") {
        reader.consume(3);
    }
    let mut rows = Rows {
        csv: csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .from_reader(Tee {
                inner: reader,
                buf: Vec::new(),
                base: 0,
                eof: false,
            }),
        fields: ByteRecord::new(),
        source: Source::new(name, Format::Csv),
        line: 1,
    };
    let Some(first) = rows.next() else {
        return Ok(Box::new(std::iter::empty()));
    };
    first?;
    let header: Vec<String> = rows
        .fields
        .iter()
        .map(|f| String::from_utf8_lossy(f).trim().to_string())
        .collect();
    if Dialect::of(&header).is_none() {
        let shown: Vec<&str> = header.iter().take(6).map(String::as_str).collect();
        bail!(
            "{name}: not a spreadsheet chirpdex reads: the header ({}{}) is none of TAGS \
             (id_str, from_user, ...), twarc json2csv (id, tweet_url, ...) or twarc-csv \
             (id, ..., author_id, ...)",
            shown.join(", "),
            if header.len() > shown.len() {
                ", ..."
            } else {
                ""
            }
        );
    }
    rows.source = Arc::new(Source {
        name: name.to_string(),
        format: Format::Csv,
        header,
        ..Source::default()
    });
    Ok(Box::new(rows))
}

/// Keeps a copy of the bytes the CSV reader takes, so that each row's own bytes can be cut out
/// by the reader's byte positions.
struct Tee {
    inner: Box<dyn BufRead + Send>,
    /// Bytes read and not yet handed out in a row.
    buf: Vec<u8>,
    /// The offset in the file of `buf[0]`.
    base: u64,
    eof: bool,
}

impl Read for Tee {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        if self.buf.len() > MAX_RECORD_BYTES {
            return Err(io::Error::new(
                io::ErrorKind::InvalidData,
                format!(
                    "a row longer than {} MiB (a quote never closed?)",
                    MAX_RECORD_BYTES >> 20
                ),
            ));
        }
        let n = self.inner.read(out)?;
        self.eof |= n == 0;
        self.buf.extend_from_slice(&out[..n]);
        Ok(n)
    }
}

/// The rows of a CSV file, as records.
struct Rows {
    csv: csv::Reader<Tee>,
    /// The fields of the row last read.
    fields: ByteRecord,
    source: Arc<Source>,
    /// The line of `Tee::buf[0]`.
    line: u64,
}

impl Iterator for Rows {
    type Item = io::Result<Record>;

    fn next(&mut self) -> Option<io::Result<Record>> {
        loop {
            match self.csv.read_byte_record(&mut self.fields) {
                Ok(true) => {}
                Ok(false) => return None,
                Err(e) => return Some(Err(e.into())),
            }
            let end = self.csv.position().byte();
            let tee = self.csv.get_mut();
            let len = usize::try_from(end.saturating_sub(tee.base))
                .unwrap_or(usize::MAX)
                .min(tee.buf.len());
            let taken: Vec<u8> = tee.buf.drain(..len).collect();
            tee.base = end;
            let at_eof = tee.eof && tee.buf.is_empty();
            let newlines = |b: &[u8]| b.iter().filter(|&&c| c == b'\n').count() as u64;
            // Line ends before a row (the `\n` of a `\r\n`, blank lines) belong to no row.
            let lead = taken
                .iter()
                .take_while(|b| matches!(b, b'\r' | b'\n'))
                .count();
            let line = self.line + newlines(&taken[..lead]);
            self.line += newlines(&taken);
            let mut bytes = taken[lead..].to_vec();
            while matches!(bytes.last(), Some(b'\r' | b'\n')) {
                bytes.pop();
            }
            if bytes.is_empty() {
                continue;
            }
            // Quotes come in pairs in a whole row; an odd count at the end of the file means it
            // ends inside a quoted field.
            let quotes = bytes.iter().filter(|&&b| b == b'"').count();
            let broken = (at_eof && quotes % 2 == 1)
                .then(|| "the file ends inside a quoted field of this row".to_string());
            return Some(Ok(Record {
                source: Arc::clone(&self.source),
                line,
                bytes,
                broken,
            }));
        }
    }
}

/// Reads one row.
pub fn parse(record: &Record, emit: &mut EmitStr<'_>) {
    emit(convert(record).map(|mut t| {
        t.raw = record.bytes.clone();
        t
    }))
}

fn convert(record: &Record) -> Result<Tweet, String> {
    let header = &record.source.header;
    let dialect =
        Dialect::of(header).ok_or("a row of a spreadsheet whose header chirpdex does not read")?;
    let mut fields = ByteRecord::new();
    let read = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(record.bytes.as_slice())
        .read_byte_record(&mut fields);
    match read {
        Ok(true) => {}
        Ok(false) => return Err("an empty row".into()),
        Err(e) => return Err(format!("unreadable row: {e}")),
    }
    if fields.len() != header.len() {
        return Err(format!(
            "the row has {} fields, the header {}",
            fields.len(),
            header.len()
        ));
    }
    let row = Row::new(header, &fields)?;
    match dialect {
        Dialect::Tags => tags(&row),
        Dialect::Json2csv => json2csv(&row),
        Dialect::TwarcCsv => twarc_csv(&row),
    }
}

/// A row's fields by column name.
struct Row<'a> {
    header: &'a [String],
    fields: Vec<&'a str>,
}

impl<'a> Row<'a> {
    fn new(header: &'a [String], record: &'a ByteRecord) -> Result<Row<'a>, String> {
        let fields = record
            .iter()
            .zip(header)
            .map(|(f, name)| {
                std::str::from_utf8(f).map_err(|_| format!("{name} is not UTF-8 text"))
            })
            .collect::<Result<_, _>>()?;
        Ok(Row { header, fields })
    }

    fn has(&self, column: &str) -> bool {
        self.position(column).is_some()
    }

    fn position(&self, column: &str) -> Option<usize> {
        self.header
            .iter()
            .position(|c| c.eq_ignore_ascii_case(column))
    }

    /// A cell as written; `None` when there is no such column.
    fn raw(&self, column: &str) -> Option<&'a str> {
        self.fields.get(self.position(column)?).copied()
    }

    /// A cell with a value: not blank and not `NA` (R's blank).
    fn get(&self, column: &str) -> Option<&'a str> {
        self.raw(column)
            .map(str::trim)
            .filter(|v| !v.is_empty() && *v != "NA")
    }

    /// An id, exact: decimal digits. A number a spreadsheet rewrote (`1.25195E+18`) has lost its
    /// digits and refuses the row.
    fn id(&self, column: &str) -> Result<Option<String>, String> {
        let Some(v) = self.get(column) else {
            return Ok(None);
        };
        let v = v.trim_matches('"');
        if !v.is_empty() && v.bytes().all(|b| b.is_ascii_digit()) {
            Ok(Some(v.to_string()))
        } else if v.parse::<f64>().is_ok() {
            Err(format!(
                "{column} {v:?} was rewritten as a number (by a spreadsheet?): its digits are lost"
            ))
        } else {
            Err(format!("{column} {v:?} is not a tweet id"))
        }
    }

    /// A count; blank is 0. Whole numbers written as floats (`3.0`, as pandas writes a column
    /// with blanks) are read.
    fn count(&self, column: &str) -> Result<u64, String> {
        let Some(v) = self.get(column) else {
            return Ok(0);
        };
        v.parse::<u64>()
            .ok()
            .or_else(|| v.strip_suffix(".0").and_then(|n| n.parse().ok()))
            .ok_or_else(|| format!("{column} {v:?} is not a count"))
    }

    /// The tweet's own id: required.
    fn tweet_id(&self, column: &str) -> Result<String, String> {
        self.id(column)?
            .ok_or_else(|| format!("not a tweet: no {column}"))
    }

    /// A reference to another tweet, from its id column and its author's handle column.
    fn reference(&self, id: &str, author: &str) -> Result<Option<Reference>, String> {
        Ok(self.id(id)?.map(|id| Reference {
            id,
            author: self.get(author).map(str::to_string),
        }))
    }
}

/// The time from `created_at`, else from another column, else from the snowflake id.
fn time(
    id: &str,
    created_at: Option<&str>,
    parse: fn(&str) -> Result<DateTime<Utc>, String>,
) -> Result<DateTime<Utc>, String> {
    match created_at {
        Some(s) => parse(s),
        None => id
            .parse()
            .ok()
            .and_then(snowflake_time)
            .ok_or_else(|| "no created_at".to_string()),
    }
}

/// An ISO 8601 time: `2021-05-18T19:24:56.000Z` (API v2), `2015-11-17 10:00:00+00:00` (Python's
/// `str` of a date, json2csv's `parsed_created_at`).
fn iso_date(s: &str) -> Result<DateTime<Utc>, String> {
    let s = s.trim();
    DateTime::parse_from_rfc3339(s)
        .or_else(|_| DateTime::parse_from_str(s, "%Y-%m-%d %H:%M:%S%.f%:z"))
        .map(|d| d.with_timezone(&Utc))
        .or_else(|_| NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M:%S%.f").map(|d| d.and_utc()))
        .map_err(|e| format!("created_at {s:?} is not an ISO 8601 time ({e})"))
}

/// The kind by the usual rule: reply, else retweet, else quote, else original.
fn kind(reply: bool, retweet: bool, quote: bool) -> TweetType {
    if reply {
        TweetType::Reply
    } else if retweet {
        TweetType::Retweet
    } else if quote {
        TweetType::Quote
    } else {
        TweetType::Original
    }
}

/// A TAGS row.
fn tags(row: &Row<'_>) -> Result<Tweet, String> {
    let id = row.tweet_id("id_str")?;
    let created_at = match row.get("created_at") {
        Some(s) => twitter_date(s)?,
        // `time` is written in the sheet's time zone: only when there is nothing else.
        None => time(&id, row.get("time"), iso_date)?,
    };
    let text = unescape(row.raw("text").ok_or("not a tweet: no text column")?);
    let (hashtags, mentions, urls) = match row.get("entities_str") {
        Some(json) => serde_json::from_str::<Entities>(json)
            .map_err(|e| format!("entities_str: {}", super::json_error(&e)))?
            .lists(),
        None => extracted(&text),
    };
    let reply_to = row.reference("in_reply_to_status_id_str", "in_reply_to_screen_name")?;
    // TAGS keeps a retweet's own `RT @x: ...` text and not the retweeted tweet's id.
    let retweet = retweeted_handle(&text).is_some();
    Ok(Tweet {
        author: Author {
            handle: row.get("from_user").unwrap_or_default().to_string(),
            name: String::new(),
            id: row.id("from_user_id_str")?.unwrap_or_default(),
        },
        kind: kind(reply_to.is_some(), retweet, false),
        reply_to,
        hashtags,
        mentions,
        urls,
        ..tweet(id, created_at, text)
    })
}

/// A twarc 1 `json2csv` row.
fn json2csv(row: &Row<'_>) -> Result<Tweet, String> {
    let id = row.tweet_id("id")?;
    let created_at = match row.get("created_at") {
        Some(s) => twitter_date(s)?,
        None => time(&id, row.get("parsed_created_at"), iso_date)?,
    };
    let text = unescape(row.raw("text").ok_or("not a tweet: no text column")?);
    let split = |column: &str| -> Option<Vec<String>> {
        row.has(column).then(|| {
            row.get(column)
                .unwrap_or_default()
                .split_whitespace()
                .map(str::to_string)
                .collect()
        })
    };
    let mut hashtags = split("hashtags").unwrap_or_else(|| extract::hashtags(&text));
    let mut mentions = extract::mentions(&text);
    let mut urls = split("urls").unwrap_or_else(|| extract::urls(&text));
    crate::model::dedup_case_insensitive(&mut hashtags);
    crate::model::dedup_case_insensitive(&mut mentions);
    urls.dedup();

    let reply_to = row.reference("in_reply_to_status_id", "in_reply_to_screen_name")?;
    // `retweet_or_quote_id` is the retweeted tweet for a retweet, else the quoted one; the first
    // versions wrote only retweets, as `reweet_id` (sic).
    let tweet_type = row.get("tweet_type").map(str::to_ascii_lowercase);
    let (id_column, author_column) = if row.has("retweet_or_quote_id") {
        ("retweet_or_quote_id", "retweet_or_quote_screen_name")
    } else {
        ("reweet_id", "retweet_screen_name")
    };
    let other = row.reference(id_column, author_column)?;
    let is_retweet = tweet_type
        .as_deref()
        .map_or(!row.has("retweet_or_quote_id"), |t| t == "retweet");
    let (retweet_of, quote_of) = match other {
        Some(r) if is_retweet => (Some(r), None),
        Some(r) => (None, Some(r)),
        None => (None, None),
    };
    Ok(Tweet {
        author: Author {
            handle: row.get("user_screen_name").unwrap_or_default().to_string(),
            name: row.get("user_name").unwrap_or_default().to_string(),
            id: row.id("user_id")?.unwrap_or_default(),
        },
        lang: row.get("lang").map(str::to_string),
        kind: kind(
            reply_to.is_some(),
            retweet_of.is_some() || tweet_type.as_deref() == Some("retweet"),
            quote_of.is_some() || tweet_type.as_deref() == Some("quote"),
        ),
        retweet_of,
        quote_of,
        reply_to,
        retweet_count: row.count("retweet_count")?,
        favorite_count: row.count("favorite_count")?,
        hashtags,
        mentions,
        urls,
        ..tweet(id, created_at, text)
    })
}

/// A twarc-csv row (API v2, flattened).
fn twarc_csv(row: &Row<'_>) -> Result<Tweet, String> {
    let id = row.tweet_id("id")?;
    let created_at = time(&id, row.get("created_at"), iso_date)?;
    let text = unescape(&twarc_text(
        row.raw("text").ok_or("not a tweet: no text column")?,
    ));
    let entity_columns = ["entities.hashtags", "entities.mentions", "entities.urls"];
    let (mut hashtags, mut mentions, mut urls) = if entity_columns.iter().any(|c| row.has(c)) {
        // twarc-csv writes hashtags as `#tag` and mentions as `@handle`.
        let list = |column: &str, prefix: &str| -> Vec<String> {
            let mut values = row.get(column).map(list_cell).unwrap_or_default();
            for v in &mut values {
                if let Some(bare) = v.strip_prefix(prefix) {
                    *v = bare.to_string();
                }
            }
            values
        };
        // Media are written as their `pic.twitter.com/...` display form: not links (as in v1.1,
        // where they are apart from `urls`).
        let mut urls = list("entities.urls", "");
        urls.retain(|u| u.contains("://"));
        (
            list("entities.hashtags", "#"),
            list("entities.mentions", "@"),
            urls,
        )
    } else {
        extracted(&text)
    };
    crate::model::dedup_case_insensitive(&mut hashtags);
    crate::model::dedup_case_insensitive(&mut mentions);
    urls.dedup();

    let reply_to = row.reference("referenced_tweets.replied_to.id", "in_reply_to_username")?;
    let retweet_of = row.reference("referenced_tweets.retweeted.id", "retweeted_username")?;
    let quote_of = row.reference("referenced_tweets.quoted.id", "quoted_username")?;
    let author_id = match row.id("author_id")? {
        Some(id) => Some(id),
        None => row.id("author.id")?,
    };
    Ok(Tweet {
        author: Author {
            handle: row.get("author.username").unwrap_or_default().to_string(),
            name: row.get("author.name").unwrap_or_default().to_string(),
            id: author_id.unwrap_or_default(),
        },
        lang: row.get("lang").map(str::to_string),
        kind: kind(reply_to.is_some(), retweet_of.is_some(), quote_of.is_some()),
        retweet_of,
        quote_of,
        reply_to,
        retweet_count: row.count("public_metrics.retweet_count")?,
        favorite_count: row.count("public_metrics.like_count")?,
        hashtags,
        mentions,
        urls,
        ..tweet(id, created_at, text)
    })
}

/// A twarc-csv text: written with newlines as `\n` (its default), or as a JSON string (with
/// `--json-encode-text`).
fn twarc_text(cell: &str) -> String {
    if cell.len() >= 2
        && cell.starts_with('"')
        && cell.ends_with('"')
        && let Ok(text) = serde_json::from_str::<String>(cell)
    {
        return text;
    }
    cell.replace("\\n", "\n")
}

/// A list cell: JSON (`["#a", "#b"]`, twarc-csv's default), or Python's `['#a', '#b']`.
fn list_cell(cell: &str) -> Vec<String> {
    if let Ok(list) = serde_json::from_str::<Vec<String>>(cell) {
        return list;
    }
    let inner = cell.trim().trim_start_matches('[').trim_end_matches(']');
    inner
        .split(',')
        .map(|v| v.trim().trim_matches(|c| c == '\'' || c == '"').to_string())
        .filter(|v| !v.is_empty())
        .collect()
}

/// A tweet with what every row has; the rest is filled by each dialect.
fn tweet(id: String, created_at: DateTime<Utc>, text: String) -> Tweet {
    Tweet {
        id,
        created_at,
        author: Author::default(),
        text,
        lang: None,
        kind: TweetType::Original,
        retweet_of: None,
        quote_of: None,
        reply_to: None,
        retweet_count: 0,
        favorite_count: 0,
        hashtags: Vec::new(),
        mentions: Vec::new(),
        urls: Vec::new(),
        date_only: false,
        link: None,
        format: Format::Csv,
        source: String::new(),
        event: None,
        attributions: Vec::new(),
        raw: Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::formats::Input;
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
            row.id("id")
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
                iso_date(s).unwrap().to_rfc3339(),
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
        let ids: Vec<&str> = t.iter().map(|t| t.id.as_str()).collect();
        assert_eq!(
            ids,
            [
                "666567148172214272",
                "666572789511094272",
                "666568976888758274",
                "666652011525046277"
            ]
        );
        let authors: Vec<(&str, &str)> = t
            .iter()
            .map(|t| (t.author.handle.as_str(), t.author.id.as_str()))
            .collect();
        assert_eq!(
            authors,
            [
                ("SaraDurantini", "3178327384"),
                ("UniTwitTS", "2207493781"),
                ("CittadinidiTwtt", "1000000004"),
                ("StellaTeodonio", "1000000005")
            ]
        );
        let kinds: Vec<TweetType> = t.iter().map(|t| t.kind).collect();
        assert_eq!(
            kinds,
            [
                TweetType::Original,
                TweetType::Original,
                TweetType::Retweet,
                TweetType::Reply
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
            assert_eq!(
                (t.retweet_count, t.favorite_count, t.lang.as_deref()),
                (0, 0, None)
            );
        }
    }

    #[test]
    fn a_twarc_json2csv_export() {
        let got = read_all(&data("json2csv.csv"), None).unwrap();
        let lines: Vec<u64> = got.iter().map(|g| g.0).collect();
        assert_eq!(lines, [2, 3, 5, 6]);
        let t = tweets(&got);
        let ids: Vec<&str> = t.iter().map(|t| t.id.as_str()).collect();
        assert_eq!(
            ids,
            [
                "666602229330870272",
                "666609229624246273",
                "666619295953846275",
                "666626845701046276"
            ]
        );
        let kinds: Vec<TweetType> = t.iter().map(|t| t.kind).collect();
        assert_eq!(
            kinds,
            [
                TweetType::Original,
                TweetType::Retweet,
                TweetType::Quote,
                TweetType::Reply
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
        assert_eq!((t[0].retweet_count, t[0].favorite_count), (4, 9));
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
        let ids: Vec<&str> = t.iter().map(|t| t.id.as_str()).collect();
        assert_eq!(
            ids,
            [
                "1460903033041846283",
                "1460906937938870284",
                "1460911115465654285",
                "1460914357662646286"
            ]
        );
        let kinds: Vec<TweetType> = t.iter().map(|t| t.kind).collect();
        assert_eq!(
            kinds,
            [
                TweetType::Original,
                TweetType::Retweet,
                TweetType::Reply,
                TweetType::Quote
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
        assert_eq!((first.retweet_count, first.favorite_count), (5, 12));
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
        assert_eq!((t[2].retweet_count, t[2].favorite_count), (0, 0));
        assert_eq!(t[2].reply_to.as_ref().unwrap().id, first.id);
        // No entity lists in the row: empty, as the export says.
        assert!(t[3].hashtags.is_empty() && t[3].urls.is_empty());
        assert_eq!(
            t[3].quote_of.as_ref().unwrap().author.as_deref(),
            Some("SaraDurantini")
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
        let retweets = t.iter().filter(|t| t.kind == TweetType::Retweet).count();
        assert_eq!(retweets, 8);
        assert_eq!(t[4].kind, TweetType::Original);
        assert!(
            t.iter()
                .all(|t| t.reply_to.is_none() && t.author.name.is_empty())
        );
    }
}
