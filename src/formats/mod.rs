//! Format readers: from the bytes of a dump to normalised [`Tweet`]s.
//!
//! [`read`] opens an input, recognises its format from its content (or takes the one forced by
//! `--from`) and frames it into [`Record`]s: JSON lines or values for the JSON formats, rows for
//! CSV, the whole document for web pages and copied text, entries for an archive zip. Each
//! format's module turns one record into the tweets it holds, or into the reason it holds none
//! ([`Format::parse`]). A reader never stops on a bad record: it says why ([`Reject`]), and the
//! pipeline counts, reports and keeps the rejected bytes.
//!
//! A format is one entry of `READERS`: how it recognises itself, how its input is framed, its
//! reader. Its module says, beside its reader, what makes an input or a JSON record its own
//! (`recognise`).

pub mod archive;
pub mod bluesky;
pub mod copied;
pub mod csv;
pub mod document;
mod fediverse;
pub mod html;
pub mod input;
pub mod mastodon;
pub mod normalised;
pub mod reject;
pub mod text;
pub mod twitter;
pub mod v1;
pub mod v2;

use std::collections::{HashMap, HashSet};
use std::io::{self, BufRead, Read};
use std::sync::Arc;
use std::sync::atomic::AtomicU64;

use anyhow::Result;
use serde_json::value::RawValue;

pub use input::{Input, Record, Records};
pub use reject::Reject;

use crate::model::{Author, Format, Tweet};

/// What a reader hands on for each tweet in a record, or for a record it cannot read.
pub type Emit<'a> = dyn FnMut(Result<Tweet, Reject>) + 'a;

/// Records framed from one input.
pub type Frames = Box<dyn Iterator<Item = io::Result<Record>> + Send>;

impl Format {
    /// Reads one record as this format.
    pub fn parse(self, record: &Record, emit: &mut Emit<'_>) {
        if let Some(reason) = &record.broken {
            return emit(Err(Reject::Framing(reason.clone())));
        }
        // What every reader shares: the rules of the model, and the original (the record itself,
        // unless the reader kept the part of it that is the post; a normalised record brings its
        // own, or none).
        let emit = &mut |r: Result<Tweet, Reject>| {
            emit(r.map(|mut tweet| {
                tweet.normalise();
                if tweet.raw.is_empty() && self != Format::Normalised {
                    tweet.raw = record.bytes.clone();
                }
                tweet
            }))
        };
        (reader(self).parse)(record, emit)
    }
}

/// Reads one record into `out`, in its source's format. A JSON record that gives no tweet in
/// its file's recognised (not forced) format is read again in the format its own keys name, when
/// they name another: a file may mix formats (an export does); see `reread_as`.
pub fn parse(record: &Record, out: &mut Vec<Result<Tweet, Reject>>) {
    let start = out.len();
    // An element of a large document is read alone in its array: its reasons get its index.
    let placed = |r: Result<Tweet, Reject>| match record.source.element {
        Some((key, index)) => r.map_err(|e| e.in_element(key, index)),
        None => r,
    };
    record
        .source
        .format
        .parse(record, &mut |r| out.push(placed(r)));
    if let Some(other) = reread_as(record, &out[start..]) {
        out.truncate(start);
        other.parse(record, &mut |r| out.push(placed(r)));
    }
}

/// The format to read a JSON record in when its first reading gave only rejects: the one its
/// keys name, if another, when the rejects say the bytes are of another shape
/// ([`Reject::foreign`]) or when the file's format does not claim those keys (a v2 tweet read
/// as v1.1 fails on its `created_at`, a value v1.1 also has).
fn reread_as(record: &Record, first: &[Result<Tweet, Reject>]) -> Option<Format> {
    let format = record.source.format;
    let mine = reader(format);
    if !record.source.recognised
        || mine.framing != Framing::Json
        || first.is_empty()
        || first.iter().any(Result::is_ok)
    {
        return None;
    }
    let p = probe(&record.bytes)?;
    let other = claimed(&p).filter(|&other| other != format)?;
    let foreign = first.iter().all(|r| r.as_ref().is_err_and(Reject::foreign));
    (foreign || !mine.keys.is_some_and(|keys| keys(&p))).then_some(other)
}

/// How a format's input is cut into records.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Framing {
    /// JSON values, one a line or one after the other ([`Records`]), large documents element by
    /// element.
    Json,
    /// A personal archive's `tweets.js` (or its zip): the entries after the `=`.
    Archive,
    /// A spreadsheet's rows, its header in the source.
    Rows,
    /// The whole document, up to [`MAX_DOCUMENT_BYTES`].
    Document,
}

/// What chirpdex knows of a format: how it recognises itself, how its input is framed, and how
/// a record is read.
struct Reader {
    format: Format,
    framing: Framing,
    parse: Parse,
    /// Whether the first bytes of an input that is not JSON (after blank space) are this
    /// format's; asked in the order of [`READERS`].
    head: Option<Head>,
    /// Whether a JSON record's top-level keys make it this format's; asked in the same order.
    keys: Option<fn(&Probe) -> bool>,
}

impl Reader {
    const fn json(format: Format, parse: Parse, keys: fn(&Probe) -> bool) -> Reader {
        Reader {
            format,
            framing: Framing::Json,
            parse,
            head: None,
            keys: Some(keys),
        }
    }

    const fn head(format: Format, framing: Framing, parse: Parse, head: Head) -> Reader {
        Reader {
            format,
            framing,
            parse,
            head: Some(head),
            keys: None,
        }
    }
}

/// Every format, in the order of [`Format::ALL`].
const READERS: [Reader; Format::ALL.len()] = [
    Reader::json(
        Format::V1,
        |r, emit| v1::parse(&r.bytes, emit),
        v1::recognise,
    ),
    Reader::json(Format::V2, v2::parse, v2::recognise),
    Reader {
        keys: Some(archive::recognise),
        ..Reader::head(Format::Archive, Framing::Archive, archive::parse, |h| {
            h.starts_with(b"window.YTD.")
        })
    },
    Reader::head(Format::Csv, Framing::Rows, csv::parse, |head| {
        let line = head.split(|&b| b == b'\n').next().unwrap_or_default();
        csv::is_header(&String::from_utf8_lossy(line).to_lowercase())
    }),
    Reader::head(
        Format::Html,
        Framing::Document,
        html::parse,
        html::recognise,
    ),
    // Copied text is what no format before it recognises.
    Reader::head(Format::Text, Framing::Document, text::parse, |_| true),
    Reader::json(Format::Mastodon, mastodon::parse, mastodon::recognise),
    Reader::json(Format::Bluesky, bluesky::parse, bluesky::recognise),
    Reader::json(Format::Normalised, normalised::parse, normalised::recognise),
];

type Parse = fn(&Record, &mut Emit<'_>);
type Head = fn(&[u8]) -> bool;

/// A format's entry in [`READERS`].
fn reader(format: Format) -> &'static Reader {
    &READERS[format as usize]
}

/// Where a record comes from, and what its reader needs to know beyond the record itself.
#[derive(Clone, Debug, Default)]
pub struct Source {
    /// The name used in messages and stored with each tweet: the path as given, `<stdin>`, or
    /// `archive.zip:data/tweets.js` for an entry of a zip.
    pub name: String,
    pub format: Format,
    /// Whether the format was recognised from the content (not forced with `--from`).
    pub recognised: bool,
    /// The account a personal archive belongs to.
    pub owner: Option<Author>,
    /// A CSV file's header.
    pub header: Vec<String>,
    /// For one element of a large document read element by element (`formats::document`): the
    /// array it comes from and its index there, which the reader sees as 0.
    pub element: Option<(&'static str, u64)>,
}

impl Source {
    pub fn new(name: impl Into<String>, format: Format) -> Arc<Source> {
        Arc::new(Source {
            name: name.into(),
            format,
            ..Source::default()
        })
    }
}

/// The largest web page or copied text read whole.
pub const MAX_DOCUMENT_BYTES: u64 = 64 << 20;

/// What [`read`] makes of an input.
pub enum Opened {
    Frames(Frames),
    /// Nothing to read, and why (an empty file, an archive file that holds no tweets).
    Skipped(String),
}

/// Opens an input and frames it into records, in the format forced by `from` or recognised from
/// the content. `taken` counts the bytes read.
pub fn read(input: &Input, from: Option<Format>, taken: Arc<AtomicU64>) -> Result<Opened> {
    if let Input::File(path) = input
        && from.is_none_or(|f| f == Format::Archive)
        && archive::is_zip(path)?
    {
        return archive::read_zip(path, Arc::clone(&taken)).map(Opened::Frames);
    }
    let mut reader = input::open(input, taken)?;
    // Blank lines before the first byte of content are skipped here, and given back as newlines
    // so that line numbers stay right; an input of nothing but blanks is empty.
    let mut newlines = 0;
    let format = loop {
        let buf = reader.fill_buf()?;
        if buf.is_empty() {
            return Ok(Opened::Skipped("empty, nothing to read".into()));
        }
        if buf.iter().all(u8::is_ascii_whitespace) {
            newlines += memchr::memchr_iter(b'\n', buf).count() as u64;
            let n = buf.len();
            reader.consume(n);
            continue;
        }
        if let Some(other) = archive::not_tweets(buf) {
            return Ok(Opened::Skipped(format!(
                "a personal archive's {other} file, not its tweets"
            )));
        }
        // Named as a spreadsheet and recognised as nothing else: a sheet of another tool
        // (`--from csv` makes it an error), not copied text to reject line by line.
        if let (None, Input::File(path)) = (from, input)
            && csv::is_csv_name(path)
            && detect(buf) == Format::Text
        {
            return Ok(Opened::Skipped(csv::unrecognised_head(buf)));
        }
        break from.unwrap_or_else(|| detect(buf));
    };
    let reader = input::given_back(newlines, reader);
    let name = input.name();
    let source = Arc::new(Source {
        name: name.clone(),
        format,
        recognised: from.is_none(),
        ..Source::default()
    });
    Ok(Opened::Frames(match self::reader(format).framing {
        Framing::Archive => archive::read_js(reader, input)?,
        Framing::Rows => csv::read(reader, &name)?,
        Framing::Document => Box::new(std::iter::once(whole(reader, source))),
        Framing::Json => Box::new(Records::new(reader, source)),
    }))
}

/// A whole document as one record.
fn whole(reader: Box<dyn BufRead + Send>, source: Arc<Source>) -> io::Result<Record> {
    let mut bytes = Vec::new();
    reader
        .take(MAX_DOCUMENT_BYTES + 1)
        .read_to_end(&mut bytes)?;
    let broken = (bytes.len() as u64 > MAX_DOCUMENT_BYTES).then(|| {
        bytes.clear();
        format!(
            "document longer than {} MiB, skipped",
            MAX_DOCUMENT_BYTES >> 20
        )
    });
    Ok(Record {
        line: 1,
        bytes,
        broken,
        source,
    })
}

/// Recognises a format from the first bytes of an input (after gzip and a byte-order mark):
/// JSON by the keys of its first record, anything else by the formats' own look at the head.
pub fn detect(head: &[u8]) -> Format {
    let head = head.trim_ascii_start();
    if let Some(json) = json_part(head) {
        return detect_json(json);
    }
    let mine = |r: &&Reader| r.head.is_some_and(|mine| mine(head));
    READERS.iter().find(mine).map_or(Format::Text, |r| r.format)
}

/// The JSON in a head: all of it when it starts like JSON; after its first line when that is
/// damaged (a dump cut short at its start, or split anywhere, perhaps inside a tweet's HTML
/// `source`) and the whole lines after it are nearly all JSON objects (a web page may hold one).
fn json_part(head: &[u8]) -> Option<&[u8]> {
    if matches!(head.first(), Some(b'{' | b'[')) {
        return Some(head);
    }
    let rest = &head[memchr::memchr(b'\n', head).map_or(head.len(), |i| i + 1)..];
    let mut lines = rest
        .split(|&b| b == b'\n')
        .take(input::PROBE_LINES)
        .collect::<Vec<_>>();
    lines.pop(); // cut by the end of the head
    lines.retain(|l| !l.trim_ascii().is_empty());
    let json = lines
        .iter()
        .filter(|l| input::is_whole_line(l.trim_ascii_start()))
        .count();
    (json > 0 && (lines.len() - json) * 4 <= json).then_some(rest)
}

/// The top-level keys of a JSON record, which tell formats apart, with the values of Bluesky's
/// `$type` and `uri`; each JSON format says, beside its reader (`recognise`), which of them make
/// a record its own.
#[derive(Default)]
pub(crate) struct Probe {
    keys: HashSet<String>,
    pub kind: Option<String>,
    pub uri: Option<String>,
}

impl Probe {
    /// The keys of a JSON object; none for anything else.
    fn of(json: &[u8]) -> Option<Probe> {
        let members: HashMap<String, &RawValue> = serde_json::from_slice(json).ok()?;
        let text = |key| serde_json::from_str(members.get(key)?.get()).ok();
        let (kind, uri) = (text("$type"), text("uri"));
        let keys = members.into_keys().collect();
        Some(Probe { keys, kind, uri })
    }

    pub fn has(&self, key: &str) -> bool {
        self.keys.contains(key)
    }

    pub fn any(&self, keys: &[&str]) -> bool {
        keys.iter().any(|k| self.has(k))
    }
}

/// The keys of the first record in `json` that reads (or element of a top-level array): a
/// damaged one says nothing.
fn probe(json: &[u8]) -> Option<Probe> {
    Records::new(json, Arc::default())
        .take(64)
        .map_while(Result::ok)
        .filter(|r| r.broken.is_none())
        .find_map(|r| Probe::of(&r.bytes))
}

/// The first format whose keys a record has.
fn claimed(p: &Probe) -> Option<Format> {
    READERS
        .iter()
        .find(|r| r.keys.is_some_and(|mine| mine(p)))
        .map(|r| r.format)
}

fn detect_json(head: &[u8]) -> Format {
    let Some(p) = probe(head) else {
        // A first record longer than the head: guess from the keys seen so far.
        let text = String::from_utf8_lossy(head);
        return if text.contains("\"includes\"") || text.contains("\"author_id\"") {
            Format::V2
        } else if text.contains("\"orderedItems\"") {
            Format::Mastodon
        } else if text.contains("\"at://") {
            Format::Bluesky
        } else if text.contains("\"account\"") && text.contains("\"content\"") {
            Format::Mastodon
        } else {
            Format::V1
        };
    };
    claimed(&p).unwrap_or(Format::V1)
}

/// The counts (retweets, likes) of the post that a retweet or boost shares, where its record
/// holds that post: v1.1's `retweeted_status`, a flattened v2 tweet's `referenced_tweets`,
/// Mastodon's `reblog`. A retweet's own like count is 0 (likes go to the original); spreadsheets
/// show the original's, as twarc-csv's merge of retweets does. `None` for other posts and for
/// records that do not hold the original.
pub fn retweeted_counts(t: &Tweet) -> Option<(u64, u64)> {
    if t.kind != crate::model::TweetType::Retweet {
        return None;
    }
    match t.format {
        Format::V1 | Format::V2 => twitter::retweeted_counts(&t.raw),
        Format::Mastodon => mastodon::boosted_counts(&t.raw),
        _ => None,
    }
}

const NOT_AN_OBJECT: &str = "not a JSON object or array";
/// A list whose element is itself a list: no format writes tweets so, and following it would
/// recurse as deep as the file nests.
const NESTED_LIST: &str = "a list inside a list: not a tweet";

fn first_byte(bytes: &[u8]) -> Option<u8> {
    bytes.iter().copied().find(|b| !b.is_ascii_whitespace())
}

/// Helpers for the readers' tests.
#[cfg(test)]
pub(crate) mod testing {
    use std::path::Path;
    use std::sync::Arc;

    use super::{Format, Frames, Input, Opened, Record, Source};
    use crate::model::Tweet;

    impl Opened {
        /// The frames, if there is anything to read.
        pub fn frames(self) -> Option<Frames> {
            match self {
                Opened::Frames(f) => Some(f),
                Opened::Skipped(_) => None,
            }
        }
    }

    /// Reads a whole file as `read` frames it (format recognised when `from` is None), and
    /// returns what each record gave, with the format it was read as.
    pub fn read_file(
        path: &Path,
        from: Option<Format>,
    ) -> (Vec<Format>, Vec<Result<Tweet, String>>) {
        let mut formats = Vec::new();
        let mut out = Vec::new();
        let frames = super::read(&Input::File(path.to_path_buf()), from, Arc::default())
            .map(Opened::frames)
            .expect("readable");
        for record in frames.into_iter().flatten() {
            let record = record.expect("framed");
            formats.push(record.source.format);
            super::parse(&record, &mut out);
        }
        (formats, out.into_iter().map(reason).collect())
    }

    /// Whether reading a file in a format finds nothing to read (an empty file).
    pub fn nothing_in(path: &Path, format: Format) -> bool {
        let input = Input::File(path.to_path_buf());
        let opened = super::read(&input, Some(format), Arc::default()).expect("readable");
        opened.frames().is_none()
    }

    /// Reads a text as one record of a format.
    pub fn parse_str(format: Format, text: &str) -> Vec<Result<Tweet, String>> {
        let record = Record {
            source: Source::new("test", format),
            line: 1,
            bytes: text.as_bytes().to_vec(),
            broken: None,
        };
        let mut out = Vec::new();
        format.parse(&record, &mut |r| out.push(reason(r)));
        out
    }

    fn reason(r: Result<Tweet, super::Reject>) -> Result<Tweet, String> {
        r.map_err(|e| e.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_retweets_counts_are_its_originals_where_its_record_holds_it() {
        let counts = |format: Format, json: &str| {
            let tweets = testing::parse_str(format, json);
            let t = tweets[0].as_ref().expect("a tweet");
            (retweeted_counts(t), (t.retweet_count, t.favorite_count))
        };
        let v1 = r#"{"id_str":"2","text":"RT @a: x","user":{"screen_name":"b"},
            "retweet_count":3,"favorite_count":0,"retweeted_status":{"id_str":"1","text":"x",
            "user":{"screen_name":"a"},"retweet_count":"3","favorite_count":"7"}}"#;
        assert_eq!(counts(Format::V1, v1), (Some((3, 7)), (Some(3), Some(0))));
        let v2 = r#"{"id":"2","text":"RT @a: x","author":{"username":"b"},
            "public_metrics":{"retweet_count":3,"like_count":0},
            "referenced_tweets":[{"type":"retweeted","id":"1","text":"x",
            "public_metrics":{"retweet_count":4,"like_count":9}}]}"#;
        assert_eq!(counts(Format::V2, v2), (Some((4, 9)), (Some(3), Some(0))));
        // The original not in the record (a page without it in `includes`): the retweet's own.
        let bare = r#"{"id":"2","text":"RT @a: x","author":{"username":"b"},
            "public_metrics":{"retweet_count":3,"like_count":0},
            "referenced_tweets":[{"type":"retweeted","id":"1"}]}"#;
        assert_eq!(counts(Format::V2, bare), (None, (Some(3), Some(0))));
        // Not a retweet: its own counts are the ones.
        let quote = r#"{"id":"2","text":"x","author":{"username":"b"},
            "public_metrics":{"retweet_count":1,"like_count":2},
            "referenced_tweets":[{"type":"quoted","id":"1","text":"y",
            "public_metrics":{"retweet_count":4,"like_count":9}}]}"#;
        assert_eq!(counts(Format::V2, quote), (None, (Some(1), Some(2))));
    }

    #[test]
    fn formats_are_recognised_by_their_content() {
        let cases: &[(&str, Format)] = &[
            (r#"{"id_str":"1","text":"x","user":{}}"#, Format::V1),
            (r#"[{"id_str":"1"}]"#, Format::V1),
            (r#"{"statuses":[],"search_metadata":{}}"#, Format::V1),
            (
                r#"{"data":[{"id":"1","text":"x"}],"includes":{}}"#,
                Format::V2,
            ),
            (
                r#"{"id":"1","text":"x","author_id":"2","edit_history_tweet_ids":["1"]}"#,
                Format::V2,
            ),
            (
                r#"{"meta":{"result_count":0},"__twarc":{"version":"2.14.0"}}"#,
                Format::V2,
            ),
            ("window.YTD.tweets.part0 = [", Format::Archive),
            (r#"[{"tweet":{"id_str":"1"}}]"#, Format::Archive),
            (
                r#"[{"id":"1","content":"<p>x</p>","account":{"acct":"a"}}]"#,
                Format::Mastodon,
            ),
            (
                r#"{"@context":"https://www.w3.org/ns/activitystreams","orderedItems":[]}"#,
                Format::Mastodon,
            ),
            (
                r#"{"uri":"at://did:plc:x/app.bsky.feed.post/1","cid":"c","value":{}}"#,
                Format::Bluesky,
            ),
            (
                r#"{"$type":"app.bsky.feed.post","text":"x","createdAt":"2023-01-01T00:00:00Z"}"#,
                Format::Bluesky,
            ),
            // An outbox item alone, or a Note (what a Mastodon tweet keeps as its original).
            (
                r#"{"id":"https://h/users/a/statuses/1/activity","type":"Announce","actor":"https://h/users/a","object":"https://o/users/b/statuses/2"}"#,
                Format::Mastodon,
            ),
            (
                r#"{"id":"https://h/users/a/statuses/1","type":"Note","attributedTo":"https://h/users/a","content":"<p>x</p>"}"#,
                Format::Mastodon,
            ),
            // A capture of an account (indigo's automod), pretty-printed.
            (
                "{\n  \"capturedAt\": \"2023-12-09T05:45:35.662Z\",\n  \"accountMeta\": {\"Identity\": {\"DID\": \"did:plc:x\"}},\n  \"postRecords\": []\n}\n",
                Format::Bluesky,
            ),
            (
                r#"{"feed":[{"post":{"uri":"at://did:plc:x/app.bsky.feed.post/1"}}],"cursor":"c"}"#,
                Format::Bluesky,
            ),
            // A first line damaged at its start or its end says nothing; the next ones do.
            (
                "<a href=\\\"x\\\">Web</a>\",\"user\":{}}\n{\"id_str\":\"1\",\"text\":\"x\",\"user\":{}}\n{\"id_str\":\"2\"}\n",
                Format::V1,
            ),
            (
                "<html><script type=\"application/ld+json\">\n{\"@type\":\"WebPage\"}\n</script><blockquote class=\"twitter-tweet\">\n</blockquote></html>\n",
                Format::Html,
            ),
            (
                "x\",\"user\":{}}\n{\"id_str\":\"1\",\"text\":\"x\",\"user\":{}}\n",
                Format::V1,
            ),
            (
                "{\"data\":[{\"id\":\"1\",\"te\n{\"data\":[],\"includes\":{}}\n",
                Format::V2,
            ),
            (
                "ount\":{\"acct\":\"a\"}}\n{\"id\":\"1\",\"content\":\"<p>x</p>\",\"account\":{\"acct\":\"a\"}}\n",
                Format::Mastodon,
            ),
            (
                "<html><body><blockquote class=\"twitter-tweet\">",
                Format::Html,
            ),
            (
                "Some prose\n<blockquote class=\"twitter-tweet\"><p>x</p></blockquote>",
                Format::Html,
            ),
            (
                "id_str,from_user,text,created_at,time\n1,a,b,c,d\n",
                Format::Csv,
            ),
            // A spreadsheet's header says so, whatever its cells hold.
            (
                "id_str,from_user,text,created_at,time\n1,a,\"<blockquote>\",c,d\n",
                Format::Csv,
            ),
            (
                "Un articolo.\nTesto del tweet\n— Nome (@handle) 17 Novembre 2015\n",
                Format::Text,
            ),
        ];
        for (head, want) in cases {
            assert_eq!(detect(head.as_bytes()), *want, "{head}");
        }
    }

    #[test]
    fn every_format_has_its_entry_in_order() {
        for (format, entry) in Format::ALL.into_iter().zip(&READERS) {
            assert_eq!(entry.format, format);
            assert_eq!(reader(format).format, format);
            assert_eq!(
                entry.framing == Framing::Json,
                format.original_is_json() || format == Format::Normalised
            );
        }
    }

    #[test]
    fn a_record_of_another_format_is_read_in_its_own() {
        let v1 = r#"{"id_str":"666567149186502656","created_at":"Tue Nov 17 10:42:47 +0000 2015","text":"x","user":{"screen_name":"a"}}"#;
        let v2 = r#"{"id":"666567149186502656","created_at":"2015-11-17T10:42:47.000Z","text":"x","author_id":"1"}"#;
        for (file, line, want) in [(Format::V2, v1, Format::V1), (Format::V1, v2, Format::V2)] {
            for (recognised, read) in [(true, want), (false, file)] {
                let source = Source {
                    format: file,
                    recognised,
                    ..Source::default()
                };
                let record = Record {
                    source: Arc::new(source),
                    line: 1,
                    bytes: line.into(),
                    broken: None,
                };
                let mut out = Vec::new();
                parse(&record, &mut out);
                match &out[..] {
                    [Ok(t)] => assert_eq!(t.format, read),
                    [Err(_)] => assert!(read == file && !recognised, "{out:?}"),
                    _ => panic!("{out:?}"),
                }
            }
        }
    }
}
