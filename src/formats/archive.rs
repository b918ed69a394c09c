//! The personal archive a user downloads of their own account: the `.zip` as downloaded (read in
//! place), or its `data/tweets.js` (`tweet.js`, `tweets-partN.js`).
//!
//! Each part is JavaScript of one shape, `window.YTD.tweets.part0 = [ ... ];`: everything after
//! the first `=` is a JSON array, framed element by element by [`Records`] (the file is never
//! evaluated). Entries are `{"tweet": {...}}` (bare tweet objects in old archives) in the shape of
//! API v1.1 ([`Status`]), except that every number is a string and there is no `user`: the owner
//! comes from `data/account.js`.
//!
//! Inside a zip, each part is decompressed as it is read, from a handle of its own on the file, so
//! a part of any size is read in constant memory without unpacking the zip.

use std::fs::File;
use std::io::{self, BufRead, BufReader, Read, Seek};
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use anyhow::{Context, Result, bail};
use flate2::CrcReader;
use serde::Deserialize;
use serde_json::Value;
use zip::{CompressionMethod, ZipArchive};

use super::input::Counting;
use super::twitter::Status;
use super::{Emit, Format, Frames, Input, Record, Records, Reject, Source};
use crate::model::{Author, Tweet, TweetType, retweeted_handle};

/// Whether a file is a zip (by its magic bytes).
pub fn is_zip(path: &Path) -> Result<bool> {
    let mut magic = [0u8; 4];
    let n = std::fs::File::open(path)?.read(&mut magic)?;
    Ok(n == 4 && magic == *b"PK\x03\x04")
}

/// The largest `account.js` read (a real one is under a kilobyte).
const MAX_ACCOUNT_BYTES: u64 = 1 << 20;

/// Frames the tweets of every `tweets.js` part inside an archive zip, in part order, each with
/// the archive's owner. A part that cannot be read to its end gives a rejected record saying why,
/// and the next part is read all the same.
pub fn read_zip(path: &Path, taken: Arc<AtomicU64>) -> Result<Frames> {
    let name = super::input::display(path);
    let file = File::open(path).with_context(|| name.clone())?;
    let file_len = file.metadata().map(|m| m.len()).unwrap_or(0);
    let mut zip = ZipArchive::new(file)
        .with_context(|| format!("{name}: not a readable zip archive (damaged or cut short?)"))?;

    // Tweets parts, to be sorted by directory and number: (dir, number, index, entry's name,
    // compressed size).
    let mut parts = Vec::new();
    let mut accounts = Vec::new();
    for index in 0..zip.len() {
        let Some(Ok(entry)) = zip.name_for_index(index) else {
            continue;
        };
        let (dir, file_name) = entry.rsplit_once('/').unwrap_or(("", &entry));
        let (dir, entry) = (dir.to_string(), entry.to_string());
        if file_name.eq_ignore_ascii_case("account.js") {
            accounts.push((dir, index, entry));
        } else if let Some(number) = part_number(file_name) {
            let packed = zip.by_index_data(index).map_or(0, |e| e.compressed_size());
            let part = (dir, number, index, entry, packed);
            parts.push(part);
        }
    }
    if parts.is_empty() {
        bail!("{name}: no data/tweets.js in this zip (is it a Twitter archive?)");
    }
    parts.sort();

    // Progress: what is not a tweets part (media, mostly) counts as read at once; each part's
    // compressed size as it is decompressed.
    let in_parts: u64 = parts.iter().map(|p| p.4).sum();
    taken.fetch_add(file_len.saturating_sub(in_parts), Ordering::Relaxed);

    // The account.js beside the first part, else any.
    let beside = accounts.iter().find(|(dir, ..)| *dir == parts[0].0);
    let (owner, prelude) = match beside.or(accounts.first()) {
        Some((_, index, entry)) => {
            let account = zip.by_index(*index).map_err(io::Error::other);
            owner(format!("{name}:{entry}"), account)
        }
        None => (None, None),
    };

    let path = path.to_path_buf();
    let frames = parts.into_iter().flat_map(move |(_, _, index, entry, _)| {
        let source = Arc::new(Source {
            name: format!("{name}:{entry}"),
            format: Format::Archive,
            owner: owner.clone(),
            ..Source::default()
        });
        match open_entry(&mut zip, &path, index, Arc::clone(&taken))
            .and_then(|entry| payload(BufReader::new(entry)))
        {
            Ok(json) => Box::new(until_error(Records::new(json, Arc::clone(&source)), source)),
            Err(e) => {
                let why = format!("cannot read this part: {e}");
                Box::new(std::iter::once(Ok(Record::rejected(source, 0, why)))) as Frames
            }
        }
    });
    Ok(Box::new(prelude.into_iter().chain(frames)))
}

/// For a `window.YTD.NAME.partN = ...` file that is not a tweets part (`account`, `like`,
/// `follower`...), its NAME.
pub fn not_tweets(head: &[u8]) -> Option<String> {
    let rest = head.trim_ascii_start().strip_prefix(b"window.YTD.")?;
    let end = rest
        .iter()
        .position(|&b| b == b'.' || b == b' ' || b == b'=')?;
    let name = std::str::from_utf8(&rest[..end]).ok()?;
    (!matches!(name, "tweets" | "tweet")).then(|| name.to_string())
}

/// Frames a `tweets.js` file given by itself: everything after the first `=` is a JSON array (a
/// file that already starts with `[` or `{` is taken as JSON). The owner comes from an
/// `account.js` in the same directory; without one, tweets keep an empty author.
pub fn read_js(reader: Box<dyn BufRead + Send>, input: &Input) -> io::Result<Frames> {
    let account = match input {
        Input::File(path) => Some(path.with_file_name("account.js"))
            .filter(|account| account != path && account.is_file()),
        _ => None,
    };
    let (owner, prelude) = match account {
        Some(account) => owner(account.display().to_string(), File::open(&account)),
        None => (None, None),
    };
    let source = Arc::new(Source {
        name: input.name(),
        format: Format::Archive,
        owner,
        ..Source::default()
    });
    let records = Records::new(payload(reader)?, source);
    Ok(Box::new(prelude.into_iter().chain(records)))
}

/// The number of a tweets part from its file name: `tweets.js` and `tweet.js` are 0,
/// `tweets-part1.js` is 1. Other files (`deleted-tweets.js`, `like.js`...) are not parts.
fn part_number(file_name: &str) -> Option<u32> {
    let lower = file_name.to_ascii_lowercase();
    let stem = lower.strip_suffix(".js")?;
    let rest = stem
        .strip_prefix("tweets")
        .or_else(|| stem.strip_prefix("tweet"))?;
    if rest.is_empty() {
        return Some(0);
    }
    let n = rest
        .strip_prefix("-part")
        .or_else(|| rest.strip_prefix(".part"))?;
    // Digits only: `parse` would take `+1`.
    n.bytes()
        .all(|b| b.is_ascii_digit())
        .then(|| n.parse().ok())?
}

/// The archive's owner from an `account.js` (`name` in messages), or, when it cannot be read, a
/// rejected record that says why: the tweets are still read, with an empty author.
fn owner(
    name: String,
    account: io::Result<impl Read>,
) -> (Option<Author>, Option<io::Result<Record>>) {
    match account.map_err(|e| e.to_string()).and_then(owner_from_js) {
        Ok(owner) => (Some(owner), None),
        Err(reason) => {
            let why = format!(
                "cannot read the archive's owner ({reason}); its tweets are kept without an author"
            );
            let source = Source::new(name, Format::Archive);
            (None, Some(Ok(Record::rejected(source, 1, why))))
        }
    }
}

/// The owner from an `account.js`: `window.YTD.account.part0 = [{"account": {...}}]`.
fn owner_from_js(account: impl Read) -> Result<Author, String> {
    let mut json = BufReader::new(account.take(MAX_ACCOUNT_BYTES));
    skip_assignment(&mut json).map_err(|e| format!("account.js: {e}"))?;
    // The array alone: its `;` and what may follow are not read.
    let first = serde_json::Deserializer::from_reader(json)
        .into_iter::<Value>()
        .next();
    let entries = first.unwrap_or(Ok(Value::Null));
    let entries = entries.map_err(|e| format!("account.js: {}", Reject::json(&e)))?;
    let account = entries
        .pointer("/0/account")
        .ok_or("account.js holds no account")?;
    let field = |key| account[key].as_str().unwrap_or_default().to_string();
    let handle = Some(field("username")).filter(|u| !u.is_empty());
    let handle = handle.ok_or("account.js has no username")?;
    Ok(Author {
        handle,
        name: field("accountDisplayName"),
        id: field("accountId"),
    })
}

/// Ends a part at its first I/O error, turned into a rejected record so that the pipeline goes
/// on with the next part.
fn until_error<I: Iterator<Item = io::Result<Record>>>(
    records: I,
    source: Arc<Source>,
) -> impl Iterator<Item = io::Result<Record>> {
    records.scan(false, move |failed, record| {
        if *failed {
            return None;
        }
        Some(Ok(record.unwrap_or_else(|e| {
            *failed = true;
            let why = format!("cannot read further in this part: {e}");
            Record::rejected(Arc::clone(&source), 0, why)
        })))
    })
}

/// Entry `index` of the zip at `path`, decompressed as it is read from a handle of its own on
/// the file (the zip crate's entry reader borrows its archive, so it could not travel in an
/// iterator). Its compressed bytes count in `taken` as they are read.
fn open_entry(
    zip: &mut ZipArchive<File>,
    path: &Path,
    index: usize,
    taken: Arc<AtomicU64>,
) -> io::Result<EntryReader> {
    let entry = zip.by_index_raw(index).map_err(io::Error::other)?;
    let (method, packed, crc) = (entry.compression(), entry.compressed_size(), entry.crc32());
    let start = entry.data_start().filter(|_| !entry.encrypted());
    let start = start.ok_or_else(|| io::Error::other("an encrypted entry"))?;
    let mut file = File::open(path)?;
    file.seek(io::SeekFrom::Start(start))?;
    let packed = Counting(file.take(packed), taken);
    let inner: Box<dyn Read + Send> = match method {
        CompressionMethod::Stored => Box::new(packed),
        CompressionMethod::Deflated => Box::new(flate2::read::DeflateDecoder::new(packed)),
        other => return Err(io::Error::other(format!("compressed with {other:?}"))),
    };
    let inner = CrcReader::new(inner);
    Ok(EntryReader { inner, crc })
}

/// A zip entry's bytes, checked against its checksum at their end.
struct EntryReader {
    inner: CrcReader<Box<dyn Read + Send>>,
    crc: u32,
}

impl Read for EntryReader {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        if n == 0 && !buf.is_empty() && self.inner.crc().sum() != self.crc {
            let why = "its checksum does not match: the zip is damaged";
            return Err(io::Error::new(io::ErrorKind::InvalidData, why));
        }
        Ok(n)
    }
}

/// The JSON of an archive `.js` file: what follows its first `=` (a file that starts with `[`
/// or `{` is JSON already), after as many line ends as the part skipped held, so that line
/// numbers stay the file's. The `;` after the array is left to the framing, which passes it by.
fn payload(mut reader: impl BufRead + Send + 'static) -> io::Result<Box<dyn BufRead + Send>> {
    let newlines = skip_assignment(&mut reader)?;
    Ok(super::input::given_back(newlines, Box::new(reader)))
}

/// Consumes a `.js` file's `window.YTD.tweets.part0 =`, and says how many line ends it held.
fn skip_assignment(reader: &mut impl BufRead) -> io::Result<u64> {
    let skip = |b: &u8| b.is_ascii_whitespace() || matches!(b, 0xEF | 0xBB | 0xBF);
    let (mut newlines, mut start) = (0, true);
    loop {
        let buf = reader.fill_buf()?;
        if buf.is_empty() && !start {
            let why = "no `=` in this file: not a Twitter archive .js file";
            return Err(io::Error::new(io::ErrorKind::InvalidData, why));
        }
        let (mut used, mut done) = (buf.len(), buf.is_empty());
        if start && let Some(first) = buf.iter().position(|b| !skip(b)) {
            start = false;
            (used, done) = (first, matches!(buf[first], b'[' | b'{'));
        }
        if !start && !done {
            (used, done) =
                memchr::memchr(b'=', buf).map_or((buf.len(), false), |eq| (eq + 1, true));
        }
        newlines += memchr::memchr_iter(b'\n', &buf[..used]).count() as u64;
        reader.consume(used);
        if done {
            return Ok(newlines);
        }
    }
}

/// An entry of an archive's `tweets.js`: `{"tweet": {...}}`.
pub(crate) fn recognise(p: &super::Probe) -> bool {
    p.has("tweet")
}

/// Reads one entry (`{"tweet": {...}}` or a bare tweet object); the author is the archive's
/// owner.
pub fn parse(record: &Record, emit: &mut Emit<'_>) {
    emit(convert(record))
}

#[derive(Deserialize)]
struct Entry<'a> {
    #[serde(borrow)]
    tweet: Option<Status<'a>>,
}

fn convert(record: &Record) -> Result<Tweet, Reject> {
    let bytes = record.bytes.as_slice();
    if super::first_byte(bytes) != Some(b'{') {
        return Err(Reject::NotAPost(super::NOT_AN_OBJECT.into()));
    }
    let json = |e| Reject::json(&e);
    let st = match serde_json::from_slice::<Entry>(bytes).map_err(json)?.tweet {
        Some(st) => st,
        // Old archives: a bare tweet object.
        None => serde_json::from_slice::<Status>(bytes).map_err(json)?,
    };
    if st.id_str.is_none() && st.id.is_none() {
        return Err(Reject::Missing("\"tweet\", id_str or id"));
    }
    let mut tweet = st.tweet()?;
    // The archive keeps a retweet only as its own `RT @handle: ...` text: the retweeted tweet's
    // id is not there, so the kind is known but `retweet_of` stays empty.
    if retweeted_handle(&tweet.text).is_some() {
        tweet.kind = TweetType::Retweet;
    }
    Ok(Tweet {
        author: record.source.owner.clone().unwrap_or_default(),
        format: Format::Archive,
        ..tweet
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Reference;
    use std::io::Write;
    use std::path::PathBuf;

    fn data(name: &str) -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/data/archive")
            .join(name)
    }

    /// What one record gave: its source's name, its line, and a tweet or a reason.
    type Got = (String, u64, Result<Tweet, String>);

    /// Reads a whole input the way the pipeline does: frames, then each record parsed.
    fn read_all(path: &Path) -> Result<Vec<Got>> {
        let input = Input::File(path.to_path_buf());
        let Some(frames) = super::super::read(&input, Some(Format::Archive), Arc::default())
            .map(crate::formats::Opened::frames)?
        else {
            return Ok(Vec::new());
        };
        let mut out = Vec::new();
        for record in frames {
            let record = record?;
            Format::Archive.parse(&record, &mut |t| {
                out.push((
                    record.source.name.clone(),
                    record.line,
                    t.map_err(|e| e.to_string()),
                ))
            });
        }
        Ok(out)
    }

    fn parse_one(json: &str, owner: Option<Author>) -> Result<Tweet, String> {
        let record = Record {
            source: Arc::new(Source {
                name: "t".into(),
                format: Format::Archive,
                owner,
                ..Source::default()
            }),
            line: 1,
            bytes: json.as_bytes().to_vec(),
            broken: None,
        };
        let mut out = Vec::new();
        Format::Archive.parse(&record, &mut |t| out.push(t.map_err(|e| e.to_string())));
        assert_eq!(out.len(), 1);
        out.remove(0)
    }

    fn owner() -> Author {
        Author {
            handle: "SaraDurantini".into(),
            name: "Sara Durantini".into(),
            id: "3178327384".into(),
        }
    }

    const ACCOUNT_JS: &str = r#"window.YTD.account.part0 = [
  {
    "account" : {
      "email" : "x@example.org",
      "username" : "SaraDurantini",
      "accountId" : "3178327384",
      "accountDisplayName" : "Sara Durantini"
    }
  }
]"#;

    fn entry(id: &str, text: &str) -> String {
        format!(
            r#"{{
    "tweet" : {{
      "id_str" : "{id}",
      "id" : "{id}",
      "created_at" : "Tue Nov 17 10:00:00 +0000 2015",
      "full_text" : "{text}",
      "lang" : "it",
      "retweet_count" : "2",
      "favorite_count" : "7",
      "entities" : {{ "hashtags" : [ ], "user_mentions" : [ ], "urls" : [ ] }}
    }}
  }}"#
        )
    }

    fn write_zip(path: &Path, files: &[(&str, &str)]) {
        write_zip_with(path, files, zip::CompressionMethod::Deflated)
    }

    fn write_zip_with(path: &Path, files: &[(&str, &str)], method: zip::CompressionMethod) {
        let mut zip = zip::ZipWriter::new(File::create(path).unwrap());
        let options = zip::write::SimpleFileOptions::default().compression_method(method);
        for (name, body) in files {
            zip.start_file(*name, options).unwrap();
            zip.write_all(body.as_bytes()).unwrap();
        }
        zip.finish().unwrap();
    }

    #[test]
    fn an_archive_entry_with_string_numbers_and_entities() {
        let t = parse_one(
            r#"{"tweet":{"retweeted":false,"source":"<a href=\"x\">Web</a>",
            "entities":{"hashtags":[{"text":"PASocial","indices":["10","19"]}],
              "symbols":[],"user_mentions":[{"name":"MIUR","screen_name":"Miur_social",
              "indices":["20","32"],"id_str":"1","id":"1"}],
              "urls":[{"url":"https://t.co/x","expanded_url":"http://example.org/a",
              "display_url":"example.org/a","indices":["33","56"]}]},
            "display_text_range":["0","56"],"favorite_count":"5","id_str":"666623062345633792",
            "truncated":false,"retweet_count":"3","id":"666623062345633792",
            "created_at":"Tue Nov 17 10:00:00 +0000 2015","favorited":false,
            "full_text":"Ciao &amp; #PASocial @Miur_social https://t.co/x","lang":"it"}}"#,
            Some(owner()),
        )
        .unwrap();
        assert!(t.raw.starts_with(b"{\"tweet\""));
        let want = Tweet {
            id: "666623062345633792".into(),
            created_at: "2015-11-17T10:00:00Z".parse().unwrap(),
            author: owner(),
            text: "Ciao & #PASocial @Miur_social https://t.co/x".into(),
            lang: Some("it".into()),
            kind: TweetType::Original,
            hashtags: vec!["PASocial".into()],
            mentions: vec!["Miur_social".into()],
            urls: vec!["http://example.org/a".into()],
            retweet_count: Some(3),
            favorite_count: Some(5),
            format: Format::Archive,
            raw: t.raw.clone(),
            ..Tweet::default()
        };
        assert_eq!(t, want);
    }

    #[test]
    fn bare_old_entries_replies_and_retweets() {
        let reply = parse_one(
            r#"{"id_str":"5","full_text":"@a si","in_reply_to_status_id_str":"4",
            "in_reply_to_screen_name":"a","created_at":"Tue Nov 17 10:00:00 +0000 2015"}"#,
            None,
        )
        .unwrap();
        assert_eq!(reply.kind, TweetType::Reply);
        assert_eq!(
            reply.reply_to,
            Some(Reference {
                id: "4".into(),
                author: Some("a".into())
            })
        );
        // No entities: taken from the text. No owner: an empty author.
        assert_eq!(reply.mentions, ["a"]);
        assert_eq!(reply.author, Author::default());

        let rt = parse_one(
            r#"{"tweet":{"id_str":"6","full_text":"RT @Miur_social: la #PA è social…",
            "created_at":"Tue Nov 17 10:00:00 +0000 2015"}}"#,
            Some(owner()),
        )
        .unwrap();
        assert_eq!(rt.kind, TweetType::Retweet);
        assert_eq!(rt.retweet_of, None, "the archive does not say which tweet");
        assert_eq!(rt.hashtags, ["PA"]);
        assert_eq!(rt.mentions, ["Miur_social"]);
    }

    #[test]
    fn what_is_not_an_archive_tweet_is_refused_with_a_reason() {
        let cases = [
            (r#"{"like":{"tweetId":"1","fullText":"x"}}"#, "no \"tweet\""),
            (
                r#"{"tweet":{"id_str":"1","full_text":"x","retweet_count":"many"}}"#,
                "\"many\"",
            ),
            (
                r#"{"tweet":{"id_str":"1","full_text":"x","created_at":"2015-11-17"}}"#,
                "2015-11-17",
            ),
            (r#"{"tweet":{"id_str":"1","full_text":"x""#, "invalid JSON"),
            (
                r#"{"tweet":{"id":1.5e18,"full_text":"x"}}"#,
                "floating-point",
            ),
            (r#""just a string""#, "not a JSON object"),
        ];
        for (json, says) in cases {
            let reason = parse_one(json, None).unwrap_err();
            assert!(reason.contains(says), "{json}: {reason}");
        }
    }

    #[test]
    fn parts_are_told_by_their_names() {
        let cases = [
            ("tweets.js", Some(0)),
            ("tweet.js", Some(0)),
            ("tweets-part1.js", Some(1)),
            ("tweets-part12.js", Some(12)),
            ("Tweets.JS", Some(0)),
            ("deleted-tweets.js", None),
            ("tweetdeck.js", None),
            ("tweets-part.js", None),
            ("tweet-headers.js", None),
            ("like.js", None),
        ];
        for (name, want) in cases {
            assert_eq!(part_number(name), want, "{name}");
        }
    }

    #[test]
    fn the_payload_loses_its_assignment_and_semicolon_but_not_its_lines() {
        // What the framing gives of a `.js` file read `cap` bytes at a time: each element with
        // its line, and why it is broken if it is.
        type Framed = Vec<(u64, String, Option<String>)>;
        let framed = |js: &'static str, cap: usize| -> io::Result<Framed> {
            let json = payload(io::BufReader::with_capacity(cap, js.as_bytes()))?;
            let records = Records::new(json, Arc::default());
            let text = |r: Record| (r.line, String::from_utf8_lossy(&r.bytes).into(), r.broken);
            records.map(|r| r.map(text)).collect()
        };
        let js = "\u{feff}window.YTD.tweets.part0 = [\n{\"a\":\"=;\"}\n];\n";
        assert_eq!(
            framed(js, 1 << 16).unwrap(),
            [(2, r#"{"a":"=;"}"#.into(), None)]
        );
        assert_eq!(framed("[1]", 1 << 16).unwrap(), [(1, "1".into(), None)]);
        assert_eq!(framed("", 1 << 16).unwrap(), []);
        let err = framed("var x\n", 1 << 16).unwrap_err();
        assert!(err.to_string().contains("no `=`"), "{err}");
        // Byte by byte, the same.
        assert_eq!(framed(js, 1).unwrap(), framed(js, 1 << 16).unwrap());
        assert_eq!(
            framed("w.x =\n [1];;  ", 1).unwrap(),
            [(2, "1".into(), None)]
        );
    }

    #[test]
    fn a_tweets_js_beside_its_account_js() {
        let got = read_all(&data("tweets.js")).unwrap();
        let lines: Vec<u64> = got.iter().map(|g| g.1).collect();
        assert_eq!(lines, [2, 63, 136, 210]);
        let tweets: Vec<&Tweet> = got.iter().filter_map(|g| g.2.as_ref().ok()).collect();
        assert_eq!(tweets.len(), 4);
        let ids: Vec<&str> = tweets.iter().map(|t| t.id.as_str()).collect();
        assert_eq!(
            ids,
            [
                "666567148172214272",
                "666581022929846272",
                "666590434948022272",
                "666612018836406273"
            ]
        );
        let sara = Author {
            name: "SaraDurantini".into(),
            ..owner()
        };
        for t in &tweets {
            assert_eq!(t.author, sara);
            assert_eq!(t.lang.as_deref(), Some("it"));
        }
        let kinds: Vec<TweetType> = tweets.iter().map(|t| t.kind).collect();
        use TweetType::{Original, Reply, Retweet};
        assert_eq!(kinds, [Original, Original, Retweet, Reply]);
        let times: Vec<String> = tweets.iter().map(|t| t.created_at.to_rfc3339()).collect();
        assert_eq!(
            times,
            [
                "2015-11-17T10:42:47+00:00",
                "2015-11-17T11:37:55+00:00",
                "2015-11-17T12:15:19+00:00",
                "2015-11-17T13:41:05+00:00"
            ]
        );
        assert_eq!(
            tweets[0].text,
            "Lavoro, servizi, innovazione e nuovi linguaggi: questi i focus attorno ai quali \
             ruota #pasocial #italiasicura @fdicos10"
        );
        assert_eq!(tweets[0].hashtags, ["pasocial", "italiasicura"]);
        assert_eq!(tweets[0].mentions, ["fdicos10"]);
        assert_eq!(
            (tweets[0].retweet_count, tweets[0].favorite_count),
            (Some(3), Some(5))
        );
        // A photo is media, not a link.
        assert_eq!(tweets[1].hashtags, ["Facebook", "giornalismo", "pasocial"]);
        assert!(tweets[1].urls.is_empty());
        assert_eq!(
            tweets[2].mentions,
            ["Antonello2011", "ubimaggio", "matteorenzi"]
        );
        assert_eq!(tweets[2].retweet_of, None);
        let reply = tweets[3];
        assert_eq!(
            reply.text,
            "@UniTwitTS grazie & a presto! Il programma: https://t.co/Pr0gr4mma"
        );
        assert_eq!(reply.urls, ["http://www.pasocial.info/programma"]);
        assert_eq!(
            reply.reply_to,
            Some(Reference {
                id: "666601679877046279".into(),
                author: Some("UniTwitTS".into())
            })
        );
        assert!(got[0].0.ends_with("tests/data/archive/tweets.js"));
    }

    #[test]
    fn a_wrong_a_truncated_and_an_empty_tweets_js() {
        // Wrong: a like.js (another part of the archive) is passed over, saying why.
        let input = Input::File(data("wrong_like.js"));
        match super::super::read(&input, None, Arc::default()).unwrap() {
            super::super::Opened::Skipped(why) => assert!(why.contains("like"), "{why}"),
            super::super::Opened::Frames(_) => panic!("like.js read as tweets"),
        }
        // Wrong: numbers where strings belong and a date in the wrong format.
        let types = read_all(&data("wrong_types.js")).unwrap();
        let reasons: Vec<String> = types.into_iter().map(|g| g.2.unwrap_err()).collect();
        assert_eq!(reasons.len(), 2);
        assert!(reasons[0].contains("count"), "{}", reasons[0]);
        assert!(reasons[1].contains("not a Twitter date"), "{}", reasons[1]);
        // Truncated: the first entry read, the cut one refused.
        let cut = read_all(&data("truncated.js")).unwrap();
        assert_eq!(cut.len(), 2);
        assert_eq!(cut[0].2.as_ref().unwrap().id, "666567148172214272");
        assert!(cut[1].2.as_ref().unwrap_err().contains("ends inside"));
        // Empty: nothing at all, and an empty part.
        assert!(read_all(&data("empty.js")).unwrap().is_empty());
        assert!(read_all(&data("empty_array.js")).unwrap().is_empty());
    }

    #[test]
    fn a_zip_is_read_in_place_part_by_part_with_its_owner() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("twitter-2015-11-18.zip");
        let part0 = format!(
            "window.YTD.tweets.part0 = [\n  {},\n  {}\n]",
            entry("666567149186502656", "primo #PASocial"),
            entry("666581025324072960", "secondo")
        );
        let part1 = format!(
            "window.YTD.tweets.part1 = [ {} ];\n",
            entry("666590435278753792", "terzo")
        );
        write_zip(
            &path,
            &[
                ("Your archive.html", "<html></html>"),
                ("data/tweets-part1.js", &part1),
                ("data/account.js", ACCOUNT_JS),
                (
                    "data/deleted-tweets.js",
                    "window.YTD.deleted_tweets.part0 = []",
                ),
                ("data/tweets.js", &part0),
                (
                    "data/tweets_media/666567149186502656-a.jpg",
                    "not really a jpeg",
                ),
            ],
        );
        let taken = Arc::new(AtomicU64::new(0));
        let input = Input::File(path.clone());
        let frames = super::super::read(&input, None, Arc::clone(&taken))
            .map(crate::formats::Opened::frames)
            .unwrap()
            .unwrap();
        let mut got = Vec::new();
        for record in frames {
            let record = record.unwrap();
            Format::Archive.parse(&record, &mut |t| {
                got.push((record.source.name.clone(), record.line, t.unwrap()))
            });
        }
        let seen: Vec<(String, u64, &str)> = got
            .iter()
            .map(|(n, l, t)| (n.rsplit(':').next().unwrap().to_string(), *l, t.id.as_str()))
            .collect();
        assert_eq!(
            seen,
            [
                ("data/tweets.js".into(), 2, "666567149186502656"),
                ("data/tweets.js".into(), 14, "666581025324072960"),
                ("data/tweets-part1.js".into(), 1, "666590435278753792"),
            ]
        );
        let name = format!("{}:data/tweets.js", path.display());
        assert_eq!(got[0].0, name);
        let t = &got[0].2;
        assert_eq!(t.author, owner());
        assert_eq!(t.text, "primo #PASocial");
        assert_eq!((t.retweet_count, t.favorite_count), (Some(2), Some(7)));
        assert!(t.raw.starts_with(b"{\n    \"tweet\""));
        let size = std::fs::metadata(&path).unwrap().len();
        assert_eq!(taken.load(Ordering::Relaxed), size);
    }

    #[test]
    fn a_zip_without_tweets_or_owner_or_whole() {
        let dir = tempfile::tempdir().unwrap();
        // No tweets.js: an error for the file, that says what is missing.
        let none = dir.path().join("none.zip");
        write_zip(&none, &[("data/account.js", ACCOUNT_JS)]);
        let err = read_all(&none).unwrap_err().to_string();
        assert!(err.contains("no data/tweets.js"), "{err}");

        // A broken account.js: a rejected record says so, the tweets are kept without author.
        let orphan = dir.path().join("orphan.zip");
        let part = format!("window.YTD.tweets.part0 = [{}]", entry("7", "x"));
        write_zip(
            &orphan,
            &[
                ("data/account.js", "window.YTD.account.part0 = [{"),
                ("data/tweets.js", &part),
            ],
        );
        let got = read_all(&orphan).unwrap();
        assert_eq!(got.len(), 2);
        assert!(got[0].0.ends_with("orphan.zip:data/account.js"));
        assert!(got[0].2.as_ref().unwrap_err().contains("owner"));
        assert_eq!(got[1].2.as_ref().unwrap().author, Author::default());

        // Cut short: the central directory is gone, a clear error and no panic.
        let whole = dir.path().join("whole.zip");
        write_zip(
            &whole,
            &[("data/account.js", ACCOUNT_JS), ("data/tweets.js", &part)],
        );
        let bytes = std::fs::read(&whole).unwrap();
        let cut = dir.path().join("cut.zip");
        std::fs::write(&cut, &bytes[..bytes.len() / 2]).unwrap();
        let err = format!("{:#}", read_all(&cut).unwrap_err());
        assert!(err.contains("not a readable zip archive"), "{err}");

        // A damaged entry (stored, so its bytes can be changed in place): what was read is
        // kept, and a rejected record says why the part ends there.
        let stored = dir.path().join("stored.zip");
        let part = format!("window.YTD.tweets.part0 = [{}]", entry("8", "abcdefgh"));
        write_zip_with(
            &stored,
            &[("data/tweets.js", &part)],
            zip::CompressionMethod::Stored,
        );
        let mut damaged = std::fs::read(&stored).unwrap();
        let at = find(&damaged, b"abcdefgh").unwrap();
        damaged[at..at + 8].copy_from_slice(b"ABCDEFGH");
        let bad = dir.path().join("bad.zip");
        std::fs::write(&bad, &damaged).unwrap();
        let got = read_all(&bad).unwrap();
        assert_eq!(got.len(), 2);
        assert_eq!(got[0].2.as_ref().unwrap().text, "ABCDEFGH");
        assert!(got[1].0.ends_with("bad.zip:data/tweets.js"));
        let reason = got[1].2.as_ref().unwrap_err();
        assert!(reason.contains("cannot read further"), "{reason}");
    }

    fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
        haystack.windows(needle.len()).position(|w| w == needle)
    }
}
