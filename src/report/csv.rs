//! Tweets as a spreadsheet: one row per tweet, with twarc-csv's column names where a column means
//! what twarc-csv's does, then chirpdex's own columns.
//!
//! The shared columns follow twarc-csv's order and encoding (lists as JSON arrays, hashtags as
//! `#tag`, mentions as `@handle`), so scripts written for twarc-csv read them; chirpdex cannot
//! fill twarc-csv's other columns (conversations, user ids of referenced tweets, quote and reply
//! counts, places...) and leaves them out rather than writing them empty. Two things differ on
//! purpose: line breaks stay real line breaks inside quoted cells (twarc-csv writes `\n`), and
//! non-ASCII characters are written as they are.
//!
//! A cell a spreadsheet would run as a formula (starting with `=`, `+`, `-`, `@`, a tab or a
//! carriage return) is defused with a leading `'`, as OWASP's "CSV Injection" page recommends:
//! replies start with `@handle`, and a tweet is untrusted input. [`Options::raw`] turns that off
//! for programs that want the text exactly.

use std::borrow::Cow;
use std::io::{self, Write};

use chrono::SecondsFormat;

use crate::model::Tweet;

/// The header, in order. The names up to `author.name` are twarc-csv's.
pub const COLUMNS: [&str; 25] = [
    "id",
    "referenced_tweets.replied_to.id",
    "referenced_tweets.retweeted.id",
    "referenced_tweets.quoted.id",
    "author_id",
    "in_reply_to_username",
    "retweeted_username",
    "quoted_username",
    "created_at",
    "text",
    "lang",
    "public_metrics.retweet_count",
    "public_metrics.like_count",
    "entities.hashtags",
    "entities.mentions",
    "entities.urls",
    "author.username",
    "author.name",
    // chirpdex's own.
    "type",
    "speakers",
    "event",
    "format",
    "source",
    "url",
    "date_only",
];

/// How cells are written.
#[derive(Clone, Copy, Debug, Default)]
pub struct Options {
    /// Write cells exactly, even those a spreadsheet would run as formulas.
    pub raw: bool,
}

/// Writes a header, then one row per tweet.
pub struct Writer<W: Write> {
    csv: ::csv::Writer<W>,
    options: Options,
}

impl<W: Write> Writer<W> {
    /// Starts a spreadsheet: writes the header.
    pub fn new(w: W, options: Options) -> io::Result<Writer<W>> {
        let mut csv = ::csv::WriterBuilder::new().from_writer(w);
        csv.write_record(COLUMNS).map_err(io_error)?;
        Ok(Writer { csv, options })
    }

    /// Writes one tweet's row.
    pub fn tweet(&mut self, t: &Tweet) -> io::Result<()> {
        let reference = |r: &Option<crate::model::Reference>| -> (String, String) {
            match r {
                Some(r) => (r.id.clone(), r.author.clone().unwrap_or_default()),
                None => (String::new(), String::new()),
            }
        };
        let (reply_id, reply_author) = reference(&t.reply_to);
        let (retweet_id, retweet_author) = reference(&t.retweet_of);
        let (quote_id, quote_author) = reference(&t.quote_of);
        let row: [String; COLUMNS.len()] = [
            t.id.clone(),
            reply_id,
            retweet_id,
            quote_id,
            t.author.id.clone(),
            reply_author,
            retweet_author,
            quote_author,
            t.created_at.to_rfc3339_opts(SecondsFormat::Secs, true),
            t.text.clone(),
            t.lang.clone().unwrap_or_default(),
            t.retweet_count.to_string(),
            t.favorite_count.to_string(),
            json_list(t.hashtags.iter().map(|h| format!("#{h}"))),
            json_list(t.mentions.iter().map(|m| format!("@{m}"))),
            json_list(t.urls.iter().cloned()),
            t.author.handle.clone(),
            t.author.name.clone(),
            t.kind.as_str().to_string(),
            json_list(t.attributions.iter().map(|a| a.speaker.clone())),
            t.event.clone().unwrap_or_default(),
            t.format.name().to_string(),
            t.source.clone(),
            t.url().unwrap_or_default(),
            t.date_only.to_string(),
        ];
        let raw = self.options.raw;
        self.csv
            .write_record(row.iter().map(|cell| cell_text(cell, raw).into_owned()))
            .map_err(io_error)
    }

    /// Flushes what is buffered and gives the writer back.
    pub fn finish(self) -> io::Result<W> {
        self.csv.into_inner().map_err(|e| e.into_error())
    }
}

/// The I/O error inside a CSV error, so that a closed pipe is still seen as one.
fn io_error(e: ::csv::Error) -> io::Error {
    let message = e.to_string();
    match e.into_kind() {
        ::csv::ErrorKind::Io(e) => e,
        _ => io::Error::other(message),
    }
}

/// A list as twarc-csv writes it: a JSON array with `", "` between items (Python's `json.dumps`),
/// `[]` when empty; non-ASCII characters are left as they are.
fn json_list(items: impl Iterator<Item = String>) -> String {
    let items: Vec<String> = items
        .map(|s| serde_json::Value::String(s).to_string())
        .collect();
    format!("[{}]", items.join(", "))
}

/// The characters that make a spreadsheet read a cell as a formula (OWASP, "CSV Injection").
const FORMULA_STARTS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// A cell as written: defused with a leading `'` if it would run as a formula, unless `raw`.
pub fn cell_text(cell: &str, raw: bool) -> Cow<'_, str> {
    if !raw && cell.starts_with(FORMULA_STARTS) {
        Cow::Owned(format!("'{cell}"))
    } else {
        Cow::Borrowed(cell)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_defused_unless_raw() {
        for cell in [
            "=1+1",
            "+39 06",
            "-2",
            "@SaraDurantini grazie",
            "\tx",
            "\rx",
        ] {
            assert_eq!(cell_text(cell, false), format!("'{cell}"));
            assert_eq!(cell_text(cell, true), cell);
        }
        for cell in ["", "#pasocial", "'già", "a=b", "666531045286338560"] {
            assert_eq!(cell_text(cell, false), cell);
        }
    }

    #[test]
    fn lists_are_json_as_twarc_csv_writes_them() {
        assert_eq!(json_list(std::iter::empty()), "[]");
        assert_eq!(
            json_list(["#a", "#università \"x\""].map(String::from).into_iter()),
            r##"["#a", "#università \"x\""]"##
        );
    }

    #[test]
    fn a_tweet_by_an_unknown_author_links_to_twitters_own_address() {
        let t = Tweet {
            id: "666623062345633792".into(),
            ..Tweet::default()
        };
        let mut out = Writer::new(Vec::new(), Options::default()).unwrap();
        out.tweet(&t).unwrap();
        let bytes = out.finish().unwrap();
        let mut rows = ::csv::Reader::from_reader(bytes.as_slice());
        let row = rows.records().next().unwrap().unwrap();
        let url = COLUMNS.iter().position(|c| *c == "url").unwrap();
        assert_eq!(
            &row[url],
            "https://twitter.com/i/web/status/666623062345633792"
        );
    }
}
