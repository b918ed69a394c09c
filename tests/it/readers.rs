//! Every reader on the fixtures of its format, through the built binary (`chirpdex ingest` into a
//! fresh index, then the ids `search` finds, the summary, stderr and the rejects file).
//!
//! One table, [`ROWS`], says what each fixture gives: its tweets (by id, or how many where
//! chirpdex derives the ids from the content), the records it rejects (by line, with what the
//! reason names), and whether its format is recognised from its content or forced with `--from`.
//! Then the same hostile cases are made for every format from its fixtures:
//! - the file cut inside its first, a middle and its last record: what came before the cut is
//!   kept, the cut record is rejected at its line (exit 0);
//! - an empty file: passed over with a warning (exit 0);
//! - wrong bytes forced in with `--from`: random bytes, and the next format's fixture. Nothing is
//!   indexed; each record is rejected at its line (exit 0), or, for a reader that is told by a
//!   header (CSV), the file is refused (exit 2).
//!
//! Real dumps from other projects are rows too, read in place from `../shared/real-dumps` and
//! skipped when it is absent.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use chirpdex::model::Format;
use serde_json::Value;

use crate::harness::{Archive, data, real_dump};
use Format::{Bluesky, Csv, Html, Mastodon, Normalised, Text, V1, V2};
use Gives::{Count, Ids, Refused, Skipped};
use Layout::{Attributions, Blockquotes, Document, Elements, Lines, Rows};

/// Where a fixture is.
#[derive(Clone, Copy, Debug)]
enum Fixture {
    /// Under `tests/data/`.
    Data(&'static str),
    /// Under `../shared/real-dumps/` (the row is skipped when it is absent).
    Real(&'static str),
}

/// How a fixture's format is chosen.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Read {
    /// From the content; the tweets' stored format says it was recognised.
    Recognised,
    /// With `--from`, as a reader's own tests would read a file that says little of itself.
    Forced,
}

/// How a fixture's bytes divide into the pieces a reader keeps or rejects whole: what a cut
/// inside one of them loses. Worked out here from the bytes, apart from chirpdex's framing.
#[derive(Clone, Copy, Debug)]
enum Layout {
    /// One record a line.
    Lines,
    /// The objects of a top-level JSON array (an archive part's after its `=`), each a record
    /// starting on its own line.
    Elements,
    /// One JSON document, one record: a cut anywhere loses all of it.
    Document,
    /// CSV rows after the header, each a record starting on its own line.
    Rows,
    /// A page's `twitter-tweet` blockquotes. The page is one record (line 1); a cut blockquote
    /// is rejected with its own line in the reason, the ones before it kept.
    Blockquotes,
    /// Copied text's attribution lines, each ending a tweet. As for blockquotes, the text is one
    /// record and a cut attribution's line is in the reason.
    Attributions,
}

/// What reading a whole file gives.
#[derive(Clone, Copy, Debug)]
enum Gives {
    /// These tweets, each once (any order).
    Ids(&'static [&'static str]),
    /// This many tweets (sources without ids: chirpdex derives them from the content).
    Count(usize),
    /// Nothing: the file is passed over with a warning that says these words (exit 0).
    Skipped(&'static [&'static str]),
    /// Nothing: the file cannot be read, an error says these words (exit 2).
    Refused(&'static [&'static str]),
}

/// A rejected record: its line, and words its reason holds (the cause, the value at fault).
type Rejected = (u64, &'static [&'static str]);

/// One fixture through one reader.
struct Row {
    format: Format,
    fixture: Fixture,
    read: Read,
    layout: Layout,
    gives: Gives,
    /// Every rejection reported, in the order of the file (a record may have two reasons).
    rejects: &'static [Rejected],
}

const fn row(format: Format, fixture: &'static str, layout: Layout, gives: Gives) -> Row {
    Row {
        format,
        fixture: Fixture::Data(fixture),
        read: Read::Recognised,
        layout,
        gives,
        rejects: &[],
    }
}

impl Row {
    const fn forced(self) -> Row {
        Row {
            read: Read::Forced,
            ..self
        }
    }

    const fn rejects(self, rejects: &'static [Rejected]) -> Row {
        Row { rejects, ..self }
    }

    const fn real(self) -> Row {
        let Fixture::Data(path) = self.fixture else {
            return self;
        };
        Row {
            fixture: Fixture::Real(path),
            ..self
        }
    }
}

/// The tweets of `v2/pages.jsonl`, and of `v2/flat.jsonl` that flattens it.
const V2_PAGES: &[&str] = &[
    "666548831646646272",
    "666566447723446272",
    "666572739179446272",
    "666576514053046272",
    "666589096965046272",
    "666594130129846272",
    "1725438625182646272",
];

/// Every fixture, what it gives. The ids and lines were read from the fixtures (see
/// `tests/data/README.md`); a reason is checked by the words that name its cause.
const ROWS: &[Row] = &[
    // Twitter API v1.1.
    row(
        V1,
        "v1_day.jsonl",
        Lines,
        Ids(&[
            "666531045286338560",
            "666547012345675776",
            "666547999999999999",
            "666549000000000000",
            "666560000000000000",
        ]),
    ),
    row(
        V1,
        "v1_array.json",
        Elements,
        Ids(&["666600000000000000", "666610000000000000"]),
    ),
    row(
        V1,
        "v1_search.json",
        Document,
        Ids(&["666531045286338560", "666620000000000000"]),
    ),
    row(
        V1,
        "v1_broken.jsonl",
        Lines,
        Ids(&["666600000000000000", "666620000000000000"]),
    )
    .rejects(&[
        (2, &["cut short"]),
        (4, &["streaming notice"]),
        (5, &["\"17/11/2015 16:00\"", "created_at"]),
    ]),
    row(
        V1,
        "tweet_parser/original_format_examples.json",
        Lines,
        Count(25),
    )
    .real(),
    row(V1, "twitter-to-sqlite/tweets.json", Elements, Count(3)).real(),
    // Twitter API v2.
    row(V2, "v2/pages.jsonl", Lines, Ids(V2_PAGES)),
    row(V2, "v2/flat.jsonl", Lines, Ids(V2_PAGES)),
    // Retweets whose originals are in the page's data, before or after them.
    row(
        V2,
        "v2/pages_original_in_data.jsonl",
        Lines,
        Ids(&[
            "666599000000000002",
            "666599000000000005",
            "666600000000000001",
            "666600000000000003",
            "666600000000000004",
            "666610000000000001",
            "666610000000000002",
        ]),
    ),
    row(
        V2,
        "v2/list.json",
        Elements,
        Ids(&[
            "666564686115766276",
            "666583360604209157",
            "666587083699126278",
        ]),
    ),
    // Pages without tweets are told by twarc2's `__twarc`: the reasons are v2's own.
    row(V2, "v2/pages_empty.jsonl", Lines, Ids(&[])).rejects(&[
        (1, &["no tweets", "result_count 0"]),
        (2, &["no tweets", "result_count 0"]),
        (
            3,
            &[
                "no tweets",
                "only 1 error",
                "Could not find user with usernames: [pasocial_old]",
            ],
        ),
    ]),
    row(
        V2,
        "v2/pages_wrong.jsonl",
        Lines,
        Ids(&["666548831646646272"]),
    )
    .forced()
    .rejects(&[
        (1, &["data[0]", "id written as a floating-point number"]),
        (2, &["data", "neither a tweet nor a list of tweets"]),
        (3, &["includes", "expected a sequence"]),
        (3, &["data[0]", "integer `42`"]),
        (4, &["no id", "data"]),
        (5, &["data[0]", "\"17/11/2015 09:30\"", "ISO 8601"]),
    ]),
    row(
        V2,
        "v2/pages_truncated.jsonl",
        Lines,
        Ids(&[
            "666548831646646272",
            "666566447723446272",
            "666572739179446272",
            "666576514053046272",
            "1725438625182646272",
        ]),
    )
    .forced()
    .rejects(&[(2, &["cut short"])]),
    row(V2, "v2/flat_wrong.jsonl", Lines, Ids(&[]))
        .forced()
        .rejects(&[
            (1, &["\"Tue Nov 17 09:30:00 +0000 2015\"", "ISO 8601"]),
            (2, &["no text"]),
            (3, &["no id", "data"]),
            (4, &["\"SaraDurantini\""]),
        ]),
    row(
        V2,
        "v2/flat_truncated.jsonl",
        Lines,
        Ids(&["666548831646646272"]),
    )
    .forced()
    .rejects(&[(2, &["cut short"])]),
    row(V2, "v2/flat_empty.jsonl", Lines, Skipped(&["empty"])).forced(),
    row(V2, "v2/list_wrong.json", Elements, Ids(&[]))
        .forced()
        .rejects(&[
            (2, &["\"Tue Nov 17 09:30:00 +0000 2015\"", "ISO 8601"]),
            (19, &["no text"]),
            (34, &["integer `42`"]),
            (61, &["\"tweet-1\""]),
        ]),
    row(
        V2,
        "v2/list_truncated.json",
        Elements,
        Ids(&["666564686115766276", "666583360604209157"]),
    )
    .forced()
    .rejects(&[(37, &["ends inside"])]),
    row(V2, "v2/list_empty.json", Elements, Ids(&[])).forced(),
    row(V2, "twarc-csv/2sets.jsonl", Lines, Count(200)).real(),
    row(V2, "twarc-csv/flat.jsonl", Lines, Count(100)).real(),
    // A personal archive's `tweets.js` (zips are the reader's own tests: they are written at
    // run time).
    row(
        Format::Archive,
        "archive/tweets.js",
        Elements,
        Ids(&[
            "666567148172214272",
            "666581022929846272",
            "666590434948022272",
            "666612018836406273",
        ]),
    ),
    row(
        Format::Archive,
        "archive/wrong_like.js",
        Elements,
        Skipped(&["like"]),
    ),
    row(
        Format::Archive,
        "archive/wrong_types.js",
        Elements,
        Ids(&[]),
    )
    .forced()
    .rejects(&[(2, &["count", "\"tre\""]), (11, &["not a Twitter date"])]),
    row(
        Format::Archive,
        "archive/truncated.js",
        Elements,
        Ids(&["666567148172214272"]),
    )
    .forced()
    .rejects(&[(63, &["ends inside"])]),
    row(
        Format::Archive,
        "archive/empty.js",
        Elements,
        Skipped(&["empty"]),
    )
    .forced(),
    row(
        Format::Archive,
        "archive/empty_array.js",
        Elements,
        Ids(&[]),
    )
    .forced(),
    // Spreadsheets.
    row(
        Csv,
        "csv/tags.csv",
        Rows,
        Ids(&[
            "666567148172214272",
            "666568976888758274",
            "666572789511094272",
            "666652011525046277",
        ]),
    ),
    row(
        Csv,
        "csv/json2csv.csv",
        Rows,
        Ids(&[
            "666602229330870272",
            "666609229624246273",
            "666619295953846275",
            "666626845701046276",
        ]),
    ),
    // Early twarc-csv: entity columns hold the API's own objects, one referenced_tweets column.
    row(
        Csv,
        "csv/twarc_csv_early.csv",
        Rows,
        Ids(&[
            "1460903033041846283",
            "1460906937938870284",
            "1460911115465654285",
            "1460914357662646286",
        ]),
    )
    .rejects(&[(6, &["entities.hashtags", "cut short"])]),
    row(
        Csv,
        "csv/twarc_csv.csv",
        Rows,
        Ids(&[
            "1460903033041846283",
            "1460906937938870284",
            "1460911115465654285",
            "1460914357662646286",
        ]),
    ),
    row(
        Csv,
        "csv/wrong_pocket.csv",
        Rows,
        Refused(&["not a spreadsheet chirpdex reads", "title, url"]),
    )
    .forced(),
    row(
        Csv,
        "csv/tags_wrong_types.csv",
        Rows,
        Ids(&["666567148172214272"]),
    )
    .rejects(&[
        (2, &["\"6.66567E+17\"", "digits are lost"]),
        (3, &["the row has 10 fields, the header 18"]),
        (5, &["not a Twitter date"]),
        (6, &["entities_str", "cut short"]),
    ]),
    row(
        Csv,
        "csv/tags_truncated.csv",
        Rows,
        Ids(&["666567148172214272"]),
    )
    .rejects(&[(3, &["ends inside a quoted field"])]),
    row(Csv, "csv/empty.csv", Rows, Skipped(&["empty"])).forced(),
    row(Csv, "csv/header_only.csv", Rows, Ids(&[])),
    row(Csv, "tidytags/sample-data.csv", Rows, Count(10)).real(),
    // Saved web pages.
    row(
        Html,
        "html/page.html",
        Blockquotes,
        Ids(&[
            "666567149186502656",
            "666574645771632682",
            "666633165632176170",
        ]),
    ),
    row(Html, "html/wrong.html", Blockquotes, Ids(&[]))
        .forced()
        .rejects(&[
            (1, &["line 6", "no status link", "\"yesterday\""]),
            (1, &["line 7", "99999999999999999999", "too large"]),
            (1, &["line 8", "no <p>"]),
        ]),
    row(
        Html,
        "html/truncated.html",
        Blockquotes,
        Ids(&["666567149186502656", "666574645771632682"]),
    )
    .forced()
    .rejects(&[(1, &["line 21", "no author"])]),
    row(Html, "html/empty.html", Blockquotes, Skipped(&["empty"])).forced(),
    // Another format's file: no blockquote in it.
    row(Html, "text/four_languages.txt", Blockquotes, Ids(&[]))
        .forced()
        .rejects(&[(1, &["no twitter-tweet blockquote"])]),
    // Copied text.
    row(Text, "text/four_languages.txt", Attributions, Count(6)),
    row(Text, "text/bad_dates.txt", Attributions, Count(1))
        .forced()
        .rejects(&[
            (1, &["line 5", "31 Febbraio 2015"]),
            (1, &["line 7", "Brumaio"]),
            (1, &["line 8", "ieri"]),
        ]),
    row(Text, "text/truncated.txt", Attributions, Count(1))
        .forced()
        .rejects(&[(1, &["line 4", "cut short"])]),
    row(Text, "text/wrong.txt", Attributions, Ids(&[]))
        .forced()
        .rejects(&[(1, &["no attribution line"])]),
    row(Text, "text/empty.txt", Attributions, Skipped(&["empty"])).forced(),
    // Mastodon.
    row(
        Mastodon,
        "mastodon/statuses.json",
        Elements,
        Ids(&[
            "https://mastodon.social/users/alice/statuses/111222333444555666",
            "https://fosstodon.org/users/bob/statuses/111222333444555777",
            "https://fosstodon.org/users/bob/statuses/111222333444555888/activity",
            "https://mastodon.social/users/alice/statuses/111222333444555999",
        ]),
    ),
    row(
        Mastodon,
        "mastodon/outbox.json",
        Document,
        Ids(&[
            "https://mastodon.social/users/alice/statuses/111222333444555666",
            "https://mastodon.social/users/alice/statuses/111222333444556000",
            "https://mastodon.social/users/alice/statuses/111222333444556100/activity",
        ]),
    )
    .rejects(&[(1, &["orderedItems[3]", "111222333444556200\""])]),
    row(Mastodon, "mastodon/wrong.jsonl", Lines, Ids(&[]))
        .forced()
        .rejects(&[
            (1, &["no uri"]),
            (2, &["integer `42`"]),
            (3, &["created_at", "\"17/11/2023\"", "RFC 3339"]),
            (4, &["invalid type: sequence"]),
        ]),
    row(
        Mastodon,
        "mastodon/truncated.json",
        Elements,
        Ids(&["https://mastodon.social/users/alice/statuses/111222333444555666"]),
    )
    .rejects(&[(46, &["ends inside"])]),
    row(
        Mastodon,
        "mastodon/empty.json",
        Elements,
        Skipped(&["empty"]),
    ),
    row(
        Mastodon,
        "mastodon4j/public_timeline.json",
        Elements,
        Count(20),
    )
    .real(),
    // Bluesky.
    row(
        Bluesky,
        "bluesky/list_records.json",
        Document,
        Ids(&[
            "at://did:plc:alice000000000000000000/app.bsky.feed.post/3kalice00001",
            "at://did:plc:alice000000000000000000/app.bsky.feed.post/3kalice00002",
            "at://did:plc:alice000000000000000000/app.bsky.feed.post/3kalice00003",
        ]),
    )
    .rejects(&[(1, &["records[3]", "app.bsky.feed.like", "not a "])]),
    // A getPostThread response: the post, its ancestors and its replies.
    row(
        Bluesky,
        "bluesky/thread.json",
        Document,
        Ids(&[
            "at://did:plc:alice000000000000000000/app.bsky.feed.post/3kalice0post",
            "at://did:plc:bob00000000000000000000000/app.bsky.feed.post/3kbob00reply",
            "at://did:plc:carol0000000000000000000/app.bsky.feed.post/3kcarol0deep",
            "at://did:plc:carol0000000000000000000/app.bsky.feed.post/3kcarol0root",
            "at://did:plc:dave00000000000000000000000/app.bsky.feed.post/3kdave0reply",
        ]),
    ),
    // A repository capture (indigo's shape), posts without facets.
    row(
        Bluesky,
        "bluesky/capture.json",
        Document,
        Ids(&[
            "at://did:plc:pasocial00000000000000000/app.bsky.feed.post/3kpas0000001",
            "at://did:plc:pasocial00000000000000000/app.bsky.feed.post/3kpas0000002",
            "at://did:plc:pasocial00000000000000000/app.bsky.feed.post/3kpas0000003",
        ]),
    ),
    // A repost and a bare record have ids chirpdex derives.
    row(Bluesky, "bluesky/author_feed.json", Document, Count(3)),
    row(Bluesky, "bluesky/multibyte.json", Document, Count(1)),
    row(
        Bluesky,
        "bluesky/wrong.jsonl",
        Lines,
        Ids(&["at://did:plc:alice000000000000000000/app.bsky.feed.post/3kwrong00003"]),
    )
    .forced()
    .rejects(&[
        (1, &["no record, value, post,", "feed, posts or records"]),
        (2, &["integer `5`", "expected a string"]),
        (3, &["createdAt", "\"yesterday\"", "RFC 3339"]),
        (4, &["app.bsky.actor.profile", "not a "]),
        (5, &["feed[1]", "invalid type: string", "\"not a view\""]),
    ]),
    row(Bluesky, "bluesky/truncated.json", Document, Ids(&[])).rejects(&[(1, &["ends inside"])]),
    row(Bluesky, "bluesky/empty.json", Document, Skipped(&["empty"])).forced(),
    row(
        Bluesky,
        "indigo/capture_atprotocom.json",
        Document,
        Count(20),
    )
    .real(),
    // chirpdex's own export of sources without a JSON original (a spreadsheet, copied text).
    row(
        Normalised,
        "normalised/export.jsonl",
        Lines,
        Ids(&[
            "666602229330870272",
            "666609229624246273",
            "666619295953846275",
            "666626845701046276",
            "text:04637aaece85828e",
            "text:4ab9dbfea5b07a38",
            "text:9d5923ca6a2b9a13",
            "text:b5f087d2691606f2",
            "text:b6497055b04eb98e",
            "text:c473768851313f88",
        ]),
    ),
];

#[test]
fn v1() {
    check(V1);
}

#[test]
fn v2() {
    check(V2);
}

#[test]
fn archive() {
    check(Format::Archive);
}

#[test]
fn csv() {
    check(Csv);
}

#[test]
fn html() {
    check(Html);
}

#[test]
fn text() {
    check(Text);
}

#[test]
fn mastodon() {
    check(Mastodon);
}

#[test]
fn bluesky() {
    check(Bluesky);
}

#[test]
fn normalised() {
    check(Normalised);
}

/// Every row of a format, the cuts of its fixtures, and the empty and wrong files for it.
fn check(format: Format) {
    let rows: Vec<&Row> = ROWS.iter().filter(|r| r.format == format).collect();
    assert!(!rows.is_empty(), "no fixture of {}", format.name());
    for row in &rows {
        let Some(path) = row.fixture.path() else {
            continue;
        };
        check_whole(row, &path);
        check_cuts(row, &path);
    }
    // `--from` cannot name chirpdex's own format: it is only ever recognised.
    if format != Normalised {
        let fixture = rows[0]
            .fixture
            .path()
            .expect("a format's first row is a fixture");
        let extension = fixture.extension().unwrap().to_str().unwrap();
        check_empty(format, extension);
        check_wrong_bytes(
            format,
            extension,
            fixture.metadata().unwrap().len() as usize,
        );
    }
}

impl Fixture {
    /// The fixture's path; `None`, saying so, for a real dump that is absent.
    fn path(self) -> Option<PathBuf> {
        match self {
            Fixture::Data(name) => Some(data(name)),
            Fixture::Real(name) => real_dump(name),
        }
    }
}

/// One `chirpdex ingest` of one file into a fresh index, and what it left.
struct Run {
    archive: Archive,
    path: PathBuf,
    code: i32,
    summary: Value,
    stderr: String,
}

impl Run {
    fn new(archive: Archive, path: &Path, from: Option<Format>) -> Run {
        let mut cmd = archive.cmd();
        // The smallest indexer: these files are small, and each goes into a fresh index.
        cmd.args(["ingest", "--format", "json", "--memory", "16"]);
        if let Some(format) = from {
            cmd.args(["--from", format.name()]);
        }
        let out = cmd.arg(path).output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr).to_string();
        assert!(!stderr.contains("panicked"), "{}: {stderr}", path.display());
        Run {
            archive,
            path: path.to_path_buf(),
            code: out.status.code().expect("an exit code"),
            summary: serde_json::from_slice(&out.stdout).expect("a JSON summary on stdout"),
            stderr,
        }
    }

    /// Ingests a file beside the index, written with these bytes.
    fn of(name: &str, bytes: &[u8], from: Option<Format>) -> Run {
        let archive = Archive::new();
        let path = archive.path(name);
        std::fs::write(&path, bytes).unwrap();
        Run::new(archive, &path, from)
    }

    /// What to print with a failure: the file, the summary, stderr.
    fn context(&self) -> String {
        format!(
            "{}: exit {}, {}\n{}",
            self.path.display(),
            self.code,
            self.summary,
            self.stderr
        )
    }

    fn count(&self, key: &str) -> u64 {
        self.summary[key]
            .as_u64()
            .unwrap_or_else(|| panic!("no {key}: {}", self.context()))
    }

    /// Asserts that a line of stderr starts with `start` and holds every word.
    fn assert_says(&self, start: &str, words: &[&str]) {
        let said = self
            .stderr
            .lines()
            .any(|l| l.starts_with(start) && words.iter().all(|w| l.contains(w)));
        assert!(
            said,
            "no line {start:?}... saying {words:?}: {}",
            self.context()
        );
    }

    /// The ids of the tweets indexed, sorted.
    fn ids(&self) -> Vec<String> {
        if self.count("indexed") == 0 {
            return Vec::new();
        }
        self.archive.ids("*")
    }

    /// The rejected records stderr reports for this file: (line, reason), in order.
    fn reported(&self) -> Vec<(u64, String)> {
        let prefix = format!("{}:", self.path.display());
        self.stderr
            .lines()
            .filter_map(|l| l.strip_prefix(&prefix))
            .filter_map(|rest| {
                let (line, reason) = rest.split_once(": ")?;
                Some((line.parse().ok()?, reason.to_string()))
            })
            .collect()
    }

    /// Asserts that the rejects file holds the rejected records of this file, each byte for byte
    /// as the file has it from the line it is kept at; returns their lines.
    fn kept_lines(&self) -> Vec<u64> {
        let bytes = std::fs::read(&self.path).unwrap();
        let mut lines = Vec::new();
        for kept in self.archive.kept() {
            assert_eq!(kept.source, self.path.display().to_string());
            let from = line_start(&bytes, kept.line);
            let record = kept.record.trim_ascii();
            let line_end = from.iter().position(|&b| b == b'\n').unwrap_or(from.len());
            let at = from.windows(record.len()).position(|w| w == record);
            assert!(
                at.is_some_and(|at| at <= line_end),
                "line {}: kept {:?}, not in the file from that line: {:?}",
                kept.line,
                String::from_utf8_lossy(&kept.record),
                String::from_utf8_lossy(&from[..from.len().min(200)])
            );
            lines.push(kept.line);
        }
        lines
    }

    /// Asserts that exactly these records were rejected, each reported and kept.
    fn assert_rejected(&self, want: &[Rejected]) {
        let reported = self.reported();
        let lines: Vec<u64> = reported.iter().map(|(l, _)| *l).collect();
        let want_lines: Vec<u64> = want.iter().map(|(l, _)| *l).collect();
        assert_eq!(lines, want_lines, "{}", self.context());
        for ((line, reason), (_, says)) in reported.iter().zip(want) {
            for word in *says {
                assert!(
                    reason.contains(word),
                    "line {line}: {reason:?} does not say {word:?}"
                );
            }
        }
        assert_eq!(
            self.count("rejected"),
            want.len() as u64,
            "{}",
            self.context()
        );
        let mut once = want_lines.clone();
        once.dedup();
        assert_eq!(self.kept_lines(), once, "{}", self.context());
    }
}

/// The bytes of a file from the start of a line (1-based) to its end.
fn line_start(bytes: &[u8], line: u64) -> &[u8] {
    let mut at = 0;
    for _ in 1..line {
        at += bytes[at..]
            .iter()
            .position(|&b| b == b'\n')
            .expect("the line is in the file")
            + 1;
    }
    &bytes[at..]
}

/// 1 + the newlines before a byte.
fn line_of(bytes: &[u8], offset: usize) -> u64 {
    1 + bytes[..offset].iter().filter(|&&b| b == b'\n').count() as u64
}

/// The whole fixture gives what its row says.
fn check_whole(row: &Row, path: &Path) {
    let from = (row.read == Read::Forced).then_some(row.format);
    let run = Run::new(Archive::new(), path, from);
    let ctx = run.context();
    match row.gives {
        Skipped(words) => {
            assert_eq!(run.code, 0, "{ctx}");
            assert_eq!((run.count("read"), run.count("skipped")), (0, 1), "{ctx}");
            run.assert_says(&format!("{}: warning: ", path.display()), words);
        }
        Refused(words) => {
            assert_eq!(run.code, 2, "{ctx}");
            assert_eq!((run.count("read"), run.count("errors")), (0, 1), "{ctx}");
            run.assert_says(&format!("{}: ", path.display()), words);
        }
        Ids(ids) => {
            assert_eq!(run.code, 0, "{ctx}");
            let mut want: Vec<&str> = ids.to_vec();
            want.sort_unstable();
            assert_eq!(run.ids(), want, "{ctx}");
            assert_eq!(run.count("indexed"), ids.len() as u64, "{ctx}");
        }
        Count(n) => {
            assert_eq!(run.code, 0, "{ctx}");
            assert_eq!(run.count("indexed"), n as u64, "{ctx}");
        }
    }
    run.assert_rejected(row.rejects);
    if row.read == Read::Recognised {
        assert_recognised(&run, row.format);
    }
}

/// The tweets indexed were stored as read by `format`, recognised from the content (a
/// normalised record keeps the format it was first read in, so says nothing of this).
fn assert_recognised(run: &Run, format: Format) {
    let indexed = run.count("indexed");
    if indexed == 0 || format == Normalised {
        return;
    }
    let info: Value = serde_json::from_str(&run.archive.stdout(&["info", "--format", "json"]))
        .expect("info as JSON");
    assert_eq!(
        info["formats"],
        serde_json::json!([{"key": format.name(), "count": indexed}]),
        "{}",
        run.context()
    );
}

/// The piece of a fixture a cut falls in: its span, and the line it starts on.
#[derive(Clone, Copy, Debug)]
struct Piece {
    start: usize,
    end: usize,
    line: u64,
}

impl Piece {
    fn new(bytes: &[u8], start: usize, end: usize) -> Piece {
        Piece {
            start,
            end,
            line: line_of(bytes, start),
        }
    }
}

impl Layout {
    /// The pieces of a fixture's bytes, in order.
    fn pieces(self, bytes: &[u8]) -> Vec<Piece> {
        match self {
            Lines => lines(bytes, |_| true),
            Elements => elements(bytes),
            Document => {
                let start = bytes.len() - bytes.trim_ascii_start().len();
                let end = bytes.trim_ascii_end().len();
                vec![Piece::new(bytes, start, end)]
            }
            Rows => rows(bytes),
            Blockquotes => blockquotes(bytes),
            Attributions => lines(bytes, |l| {
                ["— ", "– ", "&mdash; "]
                    .iter()
                    .any(|dash| l.starts_with(dash.as_bytes()))
                    && l.windows(2).any(|w| w == b"(@")
            }),
        }
    }

    /// Whether a cut piece is its own record (rejected at its line), or a part of the one
    /// record the whole file is (rejected at line 1, the reason naming the piece's line).
    fn own_record(self) -> bool {
        !matches!(self, Blockquotes | Attributions)
    }
}

/// The non-blank lines that `keep` keeps.
fn lines(bytes: &[u8], keep: impl Fn(&[u8]) -> bool) -> Vec<Piece> {
    let mut out = Vec::new();
    let mut start = 0;
    for line in bytes.split(|&b| b == b'\n') {
        let text = line.trim_ascii();
        if !text.is_empty() && keep(text) {
            out.push(Piece::new(bytes, start, start + line.len()));
        }
        start += line.len() + 1;
    }
    out
}

/// The objects of the first JSON array, followed by brackets outside strings.
fn elements(bytes: &[u8]) -> Vec<Piece> {
    let open = bytes.iter().position(|&b| b == b'[').expect("a JSON array");
    let (mut out, mut depth, mut start) = (Vec::new(), 0usize, 0);
    let (mut in_string, mut escaped) = (false, false);
    for (i, &b) in bytes.iter().enumerate().skip(open + 1) {
        if in_string {
            match b {
                _ if escaped => escaped = false,
                b'\\' => escaped = true,
                b'"' => in_string = false,
                _ => {}
            }
            continue;
        }
        match b {
            b'"' => in_string = true,
            b'{' | b'[' => {
                if depth == 0 {
                    start = i;
                }
                depth += 1;
            }
            b'}' | b']' if depth == 0 => break,
            b'}' | b']' => {
                depth -= 1;
                if depth == 0 {
                    out.push(Piece::new(bytes, start, i + 1));
                }
            }
            _ => {}
        }
    }
    out
}

/// The rows of a CSV file after its header, as the `csv` crate reads them.
fn rows(bytes: &[u8]) -> Vec<Piece> {
    let mut reader = csv::ReaderBuilder::new().flexible(true).from_reader(bytes);
    reader.byte_headers().unwrap();
    let mut record = csv::ByteRecord::new();
    let mut out = Vec::new();
    while reader.read_byte_record(&mut record).unwrap() {
        // After a CRLF, a record's position is that of its LF.
        let mut start = record.position().unwrap().byte() as usize;
        start += bytes[start..]
            .iter()
            .take_while(|b| b.is_ascii_whitespace())
            .count();
        let end = reader.position().byte() as usize;
        out.push(Piece::new(bytes, start, end));
    }
    out
}

/// The `twitter-tweet` blockquotes of a page, to their end tags.
fn blockquotes(bytes: &[u8]) -> Vec<Piece> {
    let (open, close) = (
        &b"<blockquote class=\"twitter-tweet"[..],
        &b"</blockquote>"[..],
    );
    let find = |from: usize, what: &[u8]| {
        bytes[from..]
            .windows(what.len())
            .position(|w| w == what)
            .map(|i| from + i)
    };
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(start) = find(from, open) {
        let end = find(start, close).expect("every blockquote ends") + close.len();
        out.push(Piece::new(bytes, start, end));
        from = end;
    }
    out
}

/// The tweets each piece of a fixture gives, by its row: how many, and their ids where the row
/// names them (a tweet's piece is where its id first appears). Without ids, a piece is a tweet,
/// or the only piece holds them all; `None` where the row cannot say (more tweets than pieces).
fn tweets_by_piece(row: &Row, bytes: &[u8], pieces: &[Piece]) -> Option<Vec<Vec<&'static str>>> {
    match row.gives {
        Ids(ids) => {
            let mut by_piece = vec![Vec::new(); pieces.len()];
            for id in ids {
                let at = bytes
                    .windows(id.len())
                    .position(|w| w == id.as_bytes())
                    .unwrap_or_else(|| panic!("{id} is not in {:?}", row.fixture));
                let k = pieces
                    .iter()
                    .position(|p| (p.start..p.end).contains(&at))
                    .unwrap_or_else(|| panic!("{id} is in no piece of {:?}", row.fixture));
                by_piece[k].push(*id);
            }
            Some(by_piece)
        }
        // Unnamed: counted, not compared.
        Count(n) if pieces.len() == 1 => Some(vec![vec![""; n]]),
        Count(n) if pieces.len() == n => Some(vec![vec![""]; n]),
        _ => None,
    }
}

/// The fixture cut inside its first, a middle and its last piece: the tweets of the pieces before
/// the cut are kept, and the cut piece is rejected at its line.
fn check_cuts(row: &Row, path: &Path) {
    // Only fixtures that read whole: a rejected record before a cut is the whole file's test.
    let whole = matches!(row.gives, Ids(ids) if !ids.is_empty()) || matches!(row.gives, Count(_));
    if !whole || !(row.rejects.is_empty() || matches!(row.layout, Document)) {
        return;
    }
    let bytes = std::fs::read(path).unwrap();
    let pieces = row.layout.pieces(&bytes);
    assert!(
        !pieces.is_empty(),
        "{:?} has no {:?}",
        row.fixture,
        row.layout
    );
    let Some(by_piece) = tweets_by_piece(row, &bytes, &pieces) else {
        assert!(
            matches!(row.fixture, Fixture::Real(_)),
            "{:?}: more tweets than {:?}: the row cannot say what a cut keeps",
            row.fixture,
            row.layout
        );
        return;
    };
    let mut cuts = vec![0, pieces.len() / 2, pieces.len() - 1];
    cuts.dedup();
    let name = path.file_name().unwrap().to_str().unwrap();
    for k in cuts {
        let piece = pieces[k];
        let at = piece.start + (piece.end - piece.start) / 2;
        let run = Run::of(&format!("cut-{k}-{name}"), &bytes[..at], None);
        let ctx = format!(
            "cut in piece {k} (line {}) at byte {at}: {}",
            piece.line,
            run.context()
        );
        assert_eq!(run.code, 0, "{ctx}");
        let mut kept: Vec<&str> = by_piece[..k].iter().flatten().copied().collect();
        assert_eq!(run.count("indexed"), kept.len() as u64, "{ctx}");
        if let Ids(_) = row.gives {
            kept.sort_unstable();
            assert_eq!(run.ids(), kept, "{ctx}");
        }
        let reported = run.reported();
        assert_eq!(reported.len(), 1, "one record rejected: {ctx}");
        let (line, reason) = &reported[0];
        if row.layout.own_record() {
            assert_eq!(*line, piece.line, "{ctx}");
        } else {
            assert_eq!(*line, 1, "{ctx}");
            let named = format!("line {}", piece.line);
            assert!(
                reason.contains(&named),
                "{reason:?} does not name {named}: {ctx}"
            );
        }
        assert_eq!(run.kept_lines(), [*line], "{ctx}");
    }
}

/// An empty file forced into the reader: passed over with a warning, exit 0.
fn check_empty(format: Format, extension: &str) {
    let run = Run::of(&format!("empty.{extension}"), b"", Some(format));
    let ctx = run.context();
    assert_eq!(run.code, 0, "{ctx}");
    assert_eq!((run.count("read"), run.count("skipped")), (0, 1), "{ctx}");
    let warning = format!("{}: warning: empty", run.path.display());
    assert!(run.stderr.contains(&warning), "{ctx}");
}

/// Random bytes the size of the format's fixture, and the next format's first fixture, forced
/// into the reader: nothing indexed; each record rejected at its line, or the file refused.
fn check_wrong_bytes(format: Format, extension: &str, size: usize) {
    let other = next_format(format);
    let foreign = ROWS
        .iter()
        .find(|r| r.format == other)
        .and_then(|r| r.fixture.path())
        .expect("every format has a fixture");
    let cases = [
        Run::of(
            &format!("noise.{extension}"),
            &noise(size, 2015),
            Some(format),
        ),
        Run::of(
            foreign.file_name().unwrap().to_str().unwrap(),
            &std::fs::read(&foreign).unwrap(),
            Some(format),
        ),
    ];
    for run in cases {
        let ctx = run.context();
        assert_eq!(run.count("indexed"), 0, "{ctx}");
        if told_by_its_header(format) {
            assert_eq!((run.code, run.count("errors")), (2, 1), "{ctx}");
            let named = format!("{}: ", run.path.display());
            assert!(run.stderr.lines().any(|l| l.starts_with(&named)), "{ctx}");
        } else {
            assert_eq!(run.code, 0, "{ctx}");
            assert!(run.count("rejected") > 0, "{ctx}");
            // Reported on stderr up to the first 20, kept each once, in the file's order.
            let mut reported: Vec<u64> = run.reported().iter().map(|(l, _)| *l).collect();
            reported.dedup();
            let kept = run.kept_lines();
            assert!(!kept.is_empty() && kept.is_sorted(), "{ctx}");
            assert!(
                kept.starts_with(&reported),
                "{kept:?}, reported {reported:?}: {ctx}"
            );
        }
    }
}

/// A reader that knows its files by a header (CSV's columns) refuses a file without one whole,
/// as an input that cannot be read; the others reject what they cannot read record by record.
fn told_by_its_header(format: Format) -> bool {
    format == Csv
}

/// The next format `--from` can force, in `Format::ALL`'s order, round to the first.
fn next_format(format: Format) -> Format {
    let forced: Vec<Format> = Format::ALL
        .into_iter()
        .filter(|f| *f != Normalised)
        .collect();
    let i = forced.iter().position(|f| *f == format).unwrap();
    forced[(i + 1) % forced.len()]
}

/// `len` bytes of xorshift noise from `seed`: the same on every run.
fn noise(len: usize, seed: u64) -> Vec<u8> {
    let mut x = seed | 1;
    (0..len)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            (x >> 32) as u8
        })
        .collect()
}

/// The table holds each fixture once for a reader, and every fixture in a reader's folder of
/// `tests/data/` is in it.
#[test]
fn the_table_holds_every_readers_fixture_once() {
    let mut seen = BTreeSet::new();
    for row in ROWS {
        let Fixture::Data(name) = row.fixture else {
            continue;
        };
        let reader = row.format.name();
        assert!(seen.insert((name, reader)), "{name} twice for {reader}");
    }
    for dir in [
        "v2",
        "archive",
        "csv",
        "html",
        "text",
        "mastodon",
        "bluesky",
        "normalised",
    ] {
        for entry in std::fs::read_dir(data(dir)).unwrap() {
            let name = format!("{dir}/{}", entry.unwrap().file_name().to_str().unwrap());
            assert!(
                seen.iter().any(|(n, _)| *n == name) || name == "archive/account.js",
                "{name} is in no row"
            );
        }
    }
}
