//! Tweets as a spreadsheet: one row per tweet, with twarc-csv's column names where a column means
//! what twarc-csv's does, then chirpdex's own columns.
//!
//! The shared columns are written cell for cell as twarc-csv 0.7.2 writes them (`twarc2 csv`
//! with its defaults), so scripts written for twarc-csv read them unchanged:
//! - `created_at` with milliseconds, as API v2 gives it: `2021-09-22T16:38:35.000Z`;
//! - line breaks in any cell written as the two characters `\n`, carriage returns dropped, so
//!   that every row is one line (pandas, `wc -l`, `grep` see one tweet a line);
//! - lists (hashtags as `#tag`, mentions as `@handle`, expanded links) as Python's `json.dumps`
//!   writes them: `["#a", "#b"]`, non-ASCII characters as `\u` escapes; an empty list is an
//!   empty cell (pandas reads it as missing, so `notna()` counts the tweets that have some);
//! - a retweet's counts are its original's, as twarc-csv's merge of retweets gives them.
//!
//! Where chirpdex differs it is more faithful to the tweet: texts have Twitter's HTML escapes
//! decoded (`&amp;` is `&`), `in_reply_to_username` is the API's own answered user even when the
//! answered tweet is not in the dump, and each hashtag, mention and link is listed once.
//! chirpdex cannot fill twarc-csv's other columns (conversations, user ids of referenced tweets,
//! quote and reply counts, places...) and leaves them out rather than writing them empty; its
//! own columns have names twarc-csv does not use (`source_file`, not twarc-csv's client app
//! `source`).
//!
//! [`Options::excel_safe`] defuses cells a spreadsheet would run as a formula (starting with
//! `=`, `+`, `-`, `@`, a tab or a carriage return) with a leading `'`, as OWASP's "CSV
//! Injection" page recommends: replies start with `@handle`, and a tweet is untrusted input. It
//! is off by default, because programs (pandas, R, chirpdex's own `ingest`) would keep the `'`.

use std::borrow::Cow;
use std::fmt::Write as _;
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
    "source_file",
    "url",
    "date_only",
];

/// How cells are written.
#[derive(Clone, Copy, Debug, Default)]
pub struct Options {
    /// Defuse cells a spreadsheet would run as formulas with a leading `'`.
    pub excel_safe: bool,
}

/// Writes a header, then one row per tweet.
pub struct Writer<W: Write> {
    csv: ::csv::Writer<W>,
    options: Options,
}

impl<W: Write> Writer<W> {
    /// Starts a spreadsheet: writes the header.
    pub fn new(w: W, options: Options) -> io::Result<Writer<W>> {
        // pandas' `to_csv`, which twarc-csv calls: `\n` after each row, quotes only where needed.
        let mut csv = ::csv::WriterBuilder::new()
            .terminator(::csv::Terminator::Any(b'\n'))
            .from_writer(w);
        csv.write_record(COLUMNS).map_err(io_error)?;
        Ok(Writer { csv, options })
    }

    /// Writes one tweet's row.
    pub fn tweet(&mut self, t: &Tweet) -> io::Result<()> {
        let safe = self.options.excel_safe;
        let cells = row(t).map(|cell| {
            let cell = one_line(&cell).into_owned();
            if safe {
                defused(&cell).into_owned()
            } else {
                cell
            }
        });
        self.csv.write_record(cells).map_err(io_error)
    }

    /// Flushes what is buffered and gives the writer back.
    pub fn finish(self) -> io::Result<W> {
        self.csv.into_inner().map_err(|e| e.into_error())
    }
}

/// A tweet's cells, in the order of [`COLUMNS`], before any escaping: texts as they are, lists
/// JSON-encoded, times in UTC. The xlsx export writes the same cells.
pub fn row(t: &Tweet) -> [String; COLUMNS.len()] {
    let reference = |r: &Option<crate::model::Reference>| -> (String, String) {
        match r {
            Some(r) => (r.id.clone(), r.author.clone().unwrap_or_default()),
            None => (String::new(), String::new()),
        }
    };
    let (reply_id, reply_author) = reference(&t.reply_to);
    let (retweet_id, retweet_author) = reference(&t.retweet_of);
    let (quote_id, quote_author) = reference(&t.quote_of);
    let (retweets, likes) = counts(t);
    [
        t.id.clone(),
        reply_id,
        retweet_id,
        quote_id,
        t.author.id.clone(),
        reply_author,
        retweet_author,
        quote_author,
        t.created_at.to_rfc3339_opts(SecondsFormat::Millis, true),
        t.text.clone(),
        t.lang.clone().unwrap_or_default(),
        count(retweets),
        count(likes),
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
    ]
}

/// (retweets, likes) as twarc-csv writes them: a retweet's are its original's where its record
/// holds the original (its own like count is always 0), else its own; None where no source
/// gave the count.
pub fn counts(t: &Tweet) -> (Option<u64>, Option<u64>) {
    match crate::formats::retweeted_counts(t) {
        Some((retweets, likes)) => (Some(retweets), Some(likes)),
        None => (t.retweet_count, t.favorite_count),
    }
}

/// A count's cell: empty when unknown, as twarc-csv leaves a metric its source lacks.
fn count(n: Option<u64>) -> String {
    n.map(|n| n.to_string()).unwrap_or_default()
}

/// The I/O error inside a CSV error, so that a closed pipe is still seen as one.
fn io_error(e: ::csv::Error) -> io::Error {
    let message = e.to_string();
    match e.into_kind() {
        ::csv::ErrorKind::Io(e) => e,
        _ => io::Error::other(message),
    }
}

/// A list as twarc-csv writes it, with Python's `json.dumps`: `", "` between items, every
/// character outside printable ASCII as a `\uXXXX` escape (UTF-16, lowercase hex); an empty
/// list is an empty cell, as twarc-csv leaves a list the API did not send.
pub fn json_list(items: impl Iterator<Item = String>) -> String {
    let mut out = String::new();
    for item in items {
        out.push_str(if out.is_empty() { "[" } else { ", " });
        python_json_string(&item, &mut out);
    }
    if !out.is_empty() {
        out.push(']');
    }
    out
}

/// A JSON string as Python's `json.dumps` writes it (`ensure_ascii`).
fn python_json_string(s: &str, out: &mut String) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            ' '..='~' => out.push(c),
            _ => {
                for unit in c.encode_utf16(&mut [0; 2]) {
                    let _ = write!(out, "\\u{unit:04x}");
                }
            }
        }
    }
    out.push('"');
}

/// A cell on one line, as twarc-csv writes every text: carriage returns dropped, each line
/// break as the two characters `\n`. (A text that holds a backslash followed by `n` reads back
/// as a line break: twarc-csv's encoding cannot tell them apart.)
pub fn one_line(cell: &str) -> Cow<'_, str> {
    if cell.contains(['\r', '\n']) {
        Cow::Owned(cell.replace('\r', "").replace('\n', "\\n"))
    } else {
        Cow::Borrowed(cell)
    }
}

/// The characters that make a spreadsheet read a cell as a formula (OWASP, "CSV Injection").
const FORMULA_STARTS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// A cell defused with a leading `'` if a spreadsheet would run it as a formula.
pub fn defused(cell: &str) -> Cow<'_, str> {
    if cell.starts_with(FORMULA_STARTS) {
        Cow::Owned(format!("'{cell}"))
    } else {
        Cow::Borrowed(cell)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_defused() {
        for cell in [
            "=1+1",
            "+39 06",
            "-2",
            "@SaraDurantini grazie",
            "\tx",
            "\rx",
        ] {
            assert_eq!(defused(cell), format!("'{cell}"));
        }
        for cell in ["", "#pasocial", "'già", "a=b", "666531045286338560"] {
            assert_eq!(defused(cell), cell);
        }
    }

    #[test]
    fn lists_are_json_as_python_writes_them_and_empty_ones_are_empty_cells() {
        assert_eq!(json_list(std::iter::empty()), "");
        assert_eq!(
            json_list(["#a", "#università \"x\"\\"].map(String::from).into_iter()),
            r##"["#a", "#universit\u00e0 \"x\"\\"]"##
        );
        // Outside the BMP: a surrogate pair, as Python writes it.
        assert_eq!(
            json_list(["#🎉", "#원호"].map(String::from).into_iter()),
            r##"["#\ud83c\udf89", "#\uc6d0\ud638"]"##
        );
        let back: Vec<String> = serde_json::from_str(r##"["#\ud83c\udf89"]"##).unwrap();
        assert_eq!(back, ["#🎉"]);
    }

    #[test]
    fn line_breaks_are_written_as_twarc_csv_writes_them() {
        assert_eq!(one_line("a\r\nb\nc\rd"), "a\\nb\\ncd");
        assert!(matches!(one_line("one line"), Cow::Borrowed(_)));
    }

    fn csv_of(t: &Tweet, options: Options) -> Vec<(&'static str, String)> {
        let mut out = Writer::new(Vec::new(), options).unwrap();
        out.tweet(t).unwrap();
        let bytes = out.finish().unwrap();
        let text = String::from_utf8(bytes).unwrap();
        assert_eq!(text.lines().count(), 2, "a header and one line: {text}");
        let mut rows = ::csv::Reader::from_reader(text.as_bytes());
        let row = rows.records().next().unwrap().unwrap();
        COLUMNS
            .iter()
            .copied()
            .zip(row.iter().map(String::from))
            .collect()
    }

    #[test]
    fn a_reply_is_written_as_it_is_unless_excel_safe() {
        let t = Tweet {
            id: "666623062345633792".into(),
            text: "@AleMiglioz grazie!\nA domani".into(),
            ..Tweet::default()
        };
        let plain = csv_of(&t, Options::default());
        assert_eq!(plain[9], ("text", "@AleMiglioz grazie!\\nA domani".into()));
        assert!(plain.iter().all(|(_, cell)| !cell.starts_with('\'')));
        let safe = csv_of(&t, Options { excel_safe: true });
        assert_eq!(safe[9], ("text", "'@AleMiglioz grazie!\\nA domani".into()));
    }

    #[test]
    fn a_tweet_by_an_unknown_author_links_to_twitters_own_address() {
        let t = Tweet {
            id: "666623062345633792".into(),
            ..Tweet::default()
        };
        let row = csv_of(&t, Options::default());
        let url = COLUMNS.iter().position(|c| *c == "url").unwrap();
        assert_eq!(
            row[url].1,
            "https://twitter.com/i/web/status/666623062345633792"
        );
    }
}
