//! Text copied from a web page: tweets followed by `— Name (@handle) date` attribution lines.
//!
//! A page with embedded tweets, copied as text, gives each tweet's text (one or more lines), then
//! `— Display Name (@handle) 17 Novembre 2015`: the date in the page's language, no time of day.
//! The page's prose sits around them, often with no blank line between. The whole document is
//! one record.
//!
//! **Attribution lines**: a dash (`—`, `–`, `-`, or `&mdash;` left from the HTML), a display
//! name, `(@handle)` and a date as `copied::parse_date` reads it (five languages). A `—`/`–`
//! line holding `(@` that cannot be read (no date, cut short) is rejected with its line number,
//! as is a `-` line whose tail holds a year; other `-` lines are prose (a list item naming
//! someone). Text above a rejected line belongs to it, not to the next tweet.
//!
//! **Which lines are the tweet.** Twitter's limit was 140 characters until 7 November 2017 (code
//! points, every link, `pic.twitter.com/...` too, as 23), 280 after (wide scripts such as CJK
//! counting double). The text is read upward from its attribution line:
//! 1. the line just above is the tweet's last line, if it fits the limit on its own;
//! 2. a further line above is added while the whole fits *and* that line carries a mark of a
//!    tweet: a hashtag, a mention or a link;
//! 3. a blank line, another attribution line (or a `- Name (@handle) ...` list item), or the
//!    start of the document ends it.
//!
//! Rule 1 leaves out paragraphs (longer than a tweet), rule 2 a short sentence introducing a
//! tweet (`Concludo con un pensiero...`, no mark), while the first line of a tweet broken in two
//! usually has one. No qualifying line: a photo-only tweet, empty text. Misread: an unmarked
//! tweet line above another (left out), a short marked line of prose above a tweet (taken in).
//!
//! **Ids** are derived from the content (`copied::ContentIds`).

use std::ops::Range;
use std::sync::LazyLock;

use chrono::NaiveDate;
use regex::Regex;

use super::copied::{self, Attribution, ContentIds, midnight};
use super::{Emit, Record, Reject, twitter};
use crate::extract;
use crate::model::{Format, Tweet};

static YEAR: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\b(?:19|20)\d\d\b").unwrap());

/// Links as Twitter counted them: with a scheme, or `pic.twitter.com/...`.
static LINK: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r#"(?i)(?:\bhttps?://|\bpic\.twitter\.com/)[^\s<>"'()\[\]{}]*[^\s<>"'()\[\]{}.,:;!?…]"#,
    )
    .unwrap()
});

/// The day Twitter doubled the limit to 280 characters.
const LONGER_TWEETS: NaiveDate = NaiveDate::from_ymd_opt(2017, 11, 7).unwrap();

/// The length Twitter gave every link, whatever its own length.
const LINK_LENGTH: usize = 23;

/// Reads one record; emits each tweet it holds, or why it holds none.
pub fn parse(record: &Record, emit: &mut Emit<'_>) {
    let bytes = &record.bytes;
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return emit(Err(Reject::NotAPost("an empty document".into())));
    }
    // The byte range of each line, without its line end (`\n` or `\r\n`).
    let mut start = 0;
    let lines: Vec<Range<usize>> = (bytes.split(|&b| b == b'\n'))
        .map(|line| {
            let range = start..start + line.strip_suffix(b"\r").unwrap_or(line).len();
            start += line.len() + 1;
            range
        })
        .collect();
    let texts: Vec<String> = lines
        .iter()
        .map(|r| String::from_utf8_lossy(bytes.get(r.clone()).unwrap_or_default()).into_owned())
        .collect();
    let mut ids = ContentIds::default();
    let mut floor = 0;
    let mut any = false;
    for (i, line) in texts.iter().enumerate() {
        let (a, date) = match classify(line) {
            None => continue,
            Some(Ok(read)) => read,
            Some(Err(why)) => {
                any = true;
                floor = i + 1;
                emit(Err(why.at(format!("line {}", i + 1))));
                continue;
            }
        };
        any = true;
        let first = tweet_start(&texts, floor, i, &date);
        floor = i + 1;
        let text = texts.get(first..i).unwrap_or_default();
        let text = text.iter().map(|l| l.trim()).collect::<Vec<_>>().join("\n");
        let start = lines.get(first).map_or(0, |r| r.start);
        let end = lines.get(i).map_or(bytes.len(), |r| r.end);
        // Its entities are what its text says; it knows only its day.
        emit(Ok(Tweet {
            id: ids.next(a.handle, date, &text),
            created_at: midnight(date),
            author: twitter::author(Some(a.handle), Some(a.name), None),
            format: Format::Text,
            raw: bytes.get(start..end).unwrap_or_default().to_vec(),
            ..crate::extract::tweet(&text)
        }));
    }
    if !any {
        emit(Err(Reject::Missing(
            "attribution line (`— Name (@handle) date`) in this text",
        )));
    }
}

/// A line's attribution and its day, or why an attribution line cannot be read; `None` for any
/// other line.
fn classify(line: &str) -> Option<Result<(Attribution<'_>, NaiveDate), Reject>> {
    let line = line.trim();
    let strong_dash = line.starts_with(['—', '–']) || line.starts_with("&mdash;");
    let Some(a) = copied::attribution(line).filter(|a| a.dash.is_some()) else {
        let why = "is cut short or malformed";
        let broken = strong_dash && line.contains("(@");
        return broken.then(|| Err(Reject::invalid("attribution line", line, why)));
    };
    match copied::parse_date(a.date) {
        Some(date) => Some(Ok((a, date))),
        None if a.dash != Some("-") || YEAR.is_match(a.date) => Some(Err(Reject::invalid(
            "date",
            a.date,
            format_args!("in the attribution of @{} cannot be read", a.handle),
        ))),
        None => None,
    }
}

/// The first line of the tweet whose attribution is line `at`, not above `floor`: `at` itself
/// when no line above qualifies (a photo tweet). See the module's documentation for the rule.
fn tweet_start(lines: &[String], floor: usize, at: usize, date: &NaiveDate) -> usize {
    let longer = *date >= LONGER_TWEETS;
    let limit = if longer { 280 } else { 140 };
    let mut first = at;
    let mut length = 0;
    while first > floor {
        let Some(line) = lines.get(first - 1).map(|l| l.trim()) else {
            break;
        };
        // A `- Name (@handle) ...` line that is no attribution is a list item, not a tweet.
        if line.is_empty() || copied::attribution(line).is_some_and(|a| a.dash.is_some()) {
            break;
        }
        let with = tweet_length(line, longer) + if first == at { 0 } else { 1 + length };
        if with > limit || (first < at && !has_mark(line)) {
            break;
        }
        length = with;
        first -= 1;
    }
    first
}

/// A text's length as Twitter counted it: code points, every link as 23; from November 2017,
/// characters outside Latin and common punctuation count double.
fn tweet_length(text: &str, weighted: bool) -> usize {
    // twitter-text's weights since 280 characters: these ranges count 1, the rest 2.
    let weight = |c: char| match u32::from(c) {
        0..=4351 | 8192..=8205 | 8208..=8223 | 8242..=8247 => 1,
        _ if weighted => 2,
        _ => 1,
    };
    let chars: usize = LINK.split(text).flat_map(str::chars).map(weight).sum();
    chars + LINK.find_iter(text).count() * LINK_LENGTH
}

/// Whether a line carries what prose rarely does and tweets often do.
fn has_mark(line: &str) -> bool {
    LINK.is_match(line)
        || !extract::hashtags(line).is_empty()
        || !extract::mentions(line).is_empty()
}

#[cfg(test)]
mod tests {
    use std::path::{Path, PathBuf};

    use super::*;
    use crate::formats::copied::parse_date;
    use crate::formats::testing;
    use crate::model::{TweetType, derived_id};

    fn parse_str(text: &str) -> Vec<Result<Tweet, String>> {
        testing::parse_str(Format::Text, text)
    }

    /// Reads a whole file as `chirpdex` does: framed by `formats::read`, each record parsed.
    fn read_file(path: &Path) -> Vec<Result<Tweet, String>> {
        testing::read_file(path, Some(Format::Text)).1
    }

    fn fixture(name: &str) -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/data/text")
            .join(name)
    }

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn dates_are_read_in_five_languages() {
        let cases = [
            ("17 Novembre 2015", day(2015, 11, 17)),
            ("17 novembre 2015", day(2015, 11, 17)),
            ("November 17, 2015", day(2015, 11, 17)),
            ("Nov 17, 2015", day(2015, 11, 17)),
            ("17 de noviembre de 2015", day(2015, 11, 17)),
            ("17. November 2015", day(2015, 11, 17)),
            ("3. März 2016", day(2016, 3, 3)),
            ("1er février 2016", day(2016, 2, 1)),
            ("20 DICEMBRE 2014", day(2014, 12, 20)),
            ("5 août 2016", day(2016, 8, 5)),
        ];
        for (s, want) in cases {
            assert_eq!(parse_date(s), Some(want), "{s}");
        }
        for s in [
            "31 Febbraio 2015",
            "17 Brumaio 2015",
            "ieri",
            "2015-11-17",
            "",
        ] {
            assert_eq!(parse_date(s), None, "{s}");
        }
    }

    #[test]
    fn tweets_are_counted_as_twitter_counted_them() {
        assert_eq!(tweet_length("abc", false), 3);
        assert_eq!(tweet_length("è perché", false), 8);
        assert_eq!(
            tweet_length("see https://example.org/a/very/long/path/indeed", false),
            27
        );
        assert_eq!(tweet_length("pic.twitter.com/qjDic0HIhX", false), 23);
        assert_eq!(tweet_length("日本", false), 2);
        assert_eq!(tweet_length("日本", true), 4);
    }

    #[test]
    fn the_seed_page_gives_its_ten_tweets_and_four_photos() {
        let path =
            Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/seeds/004_a1b452d8b64120b1.txt");
        if !path.exists() {
            eprintln!("skipped: {} is absent (needs ../shared)", path.display());
            return;
        }
        let all: Vec<Tweet> = read_file(&path).into_iter().map(|t| t.unwrap()).collect();
        let sara = ("SaraDurantini", "SaraDurantini");
        let want: [((&str, &str), &str); 14] = [
            (
                sara,
                "Lavoro, servizi, innovazione e nuovi linguaggi: questi i focus attorno ai quali \
                 ruota #pasocial #italiasicura @fdicos10",
            ),
            (sara, ""),
            (
                ("B. Antonello Barone", "Antonello2011"),
                "#pasocial @ubimaggio \"copriamo sempre con live streaming gli interventi \
                 pubblico del presidente @matteorenzi\"",
            ),
            (
                ("Divulgazione UniTS", "UniTwitTS"),
                "#pasocial @AleMiglioz: ufficio stampa del MInistero è diventato una vera \
                 redazione che si avvale di contenuti multimediali.\n@MiurSocial",
            ),
            (sara, ""),
            (
                sara,
                "Caterina Perniconi #openmipaaf #pasocial @MipaafSocial spunti di riflessione e \
                 proposte: coordinamento di ministeri pic.twitter.com/qjDic0HIhX",
            ),
            (sara, ""),
            (
                sara,
                "Laura Bononcini: long form post #Facebook (quindi non solo nel #giornalismo) \
                 #pasocial pic.twitter.com/dEydQsY4yc",
            ),
            (
                sara,
                "Con @liviacolare ritorna il concetto di essere nelle piazze digitali nei momenti \
                 giusti (anche perché i tweet vanno oltre Twitter) #pasocial",
            ),
            (
                sara,
                "Luisa Quinto racconta la strategia di @TurismoVeneto a partire dal fatto che sono \
                 cambiati i turisti che ora sono parte attiva #pasocial",
            ),
            (sara, ""),
            (
                ("Stella Teodonio", "StellaTeodonio"),
                "#ioabitoisocial iniziativa di @Mi_BACT per piani di comunicazione digitale dei \
                 musei, perché #pasocial passa per condivisione interna",
            ),
            (
                ("NuovaComunicazione", "CittadinidiTwtt"),
                "A #pasocial @FrancescoDiFili Regione Abruzzo racconta che c' è ancora molto da \
                 lavorare sulla cultura della comunicazione social",
            ),
            (
                sara,
                "Esco ora da #pasocial, molto interessante, mi ha fornito degli spunti di \
                 riflessione. Ottimo aggiornamento per un #socialmediamanager",
            ),
        ];
        assert_eq!(all.len(), 14);
        let mut photos = 0;
        for (t, ((name, handle), text)) in all.iter().zip(want) {
            assert_eq!(
                (
                    t.author.name.as_str(),
                    t.author.handle.as_str(),
                    t.text.as_str()
                ),
                (name, handle, text)
            );
            assert_eq!(t.created_at.to_rfc3339(), "2015-11-17T00:00:00+00:00");
            assert!(t.date_only);
            assert_eq!(t.format, Format::Text);
            assert_eq!(t.lang, None);
            let n = if text.is_empty() {
                photos += 1;
                photos - 1
            } else {
                0
            };
            let id = derived_id("text", &[handle, "2015-11-17", text, &n.to_string()]);
            assert_eq!(t.id, id, "{text}");
        }
        assert_eq!(photos, 4);
        // The four photos by one person on one day stay four.
        let mut ids: Vec<&str> = all.iter().map(|t| t.id.as_str()).collect();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), 14);
        assert_eq!(all[0].id, "text:5f9fec4847716590");
        assert_eq!(all[0].hashtags, ["pasocial", "italiasicura"]);
        assert_eq!(all[0].mentions, ["fdicos10"]);
        assert_eq!(all[3].mentions, ["AleMiglioz", "MiurSocial"]);
        assert_eq!(all[5].hashtags, ["openmipaaf", "pasocial"]);
        // None of the article's prose is in a tweet.
        assert!(all.iter().all(|t| !t.text.contains("Proverà")));
        assert!(all.iter().all(|t| !t.text.contains("Concludo")));
        // The raw text of a tweet is its lines and its attribution line.
        assert_eq!(
            String::from_utf8_lossy(&all[3].raw),
            "#pasocial @AleMiglioz: ufficio stampa del MInistero è diventato una vera redazione \
             che si avvale di contenuti multimediali.\n@MiurSocial\n— Divulgazione UniTS \
             (@UniTwitTS) 17 Novembre 2015"
        );
        assert_eq!(
            String::from_utf8_lossy(&all[1].raw),
            "— SaraDurantini (@SaraDurantini) 17 Novembre 2015"
        );
        // Reading the same page again gives the same ids.
        let again: Vec<String> = read_file(&path)
            .into_iter()
            .map(|t| t.unwrap().id)
            .collect();
        assert_eq!(again, all.iter().map(|t| t.id.clone()).collect::<Vec<_>>());
    }

    #[test]
    fn articles_without_embedded_tweets_give_none() {
        let seeds = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/seeds");
        for name in [
            "000_a5464b9e657583d4.txt",
            "001_b4b892d4b78f4d8f.txt",
            "002_f1eda6fb6293fc82.txt",
            "003_fd427675d57f73e7.txt",
        ] {
            let path = seeds.join(name);
            if !path.exists() {
                eprintln!("skipped: {} is absent (needs ../shared)", path.display());
                continue;
            }
            let all = read_file(&path);
            assert_eq!(all.len(), 1, "{name}");
            assert!(
                all[0].as_ref().unwrap_err().contains("no attribution line"),
                "{name}"
            );
        }
    }

    #[test]
    fn four_languages_a_photo_prose_and_a_longer_tweet() {
        let all: Vec<Tweet> = read_file(&fixture("four_languages.txt"))
            .into_iter()
            .map(|t| t.unwrap())
            .collect();
        let got: Vec<(&str, &str, String, &str)> = all
            .iter()
            .map(|t| {
                (
                    t.author.handle.as_str(),
                    t.author.name.as_str(),
                    t.created_at.date_naive().to_string(),
                    t.text.as_str(),
                )
            })
            .collect();
        assert_eq!(
            got,
            [
                (
                    "janedoe",
                    "Jane Doe",
                    "2015-11-17".into(),
                    "Great panel on public sector social media at #PASocial, slides: \
                     https://t.co/Xyz123 pic.twitter.com/AbCdEf1234"
                ),
                ("janedoe", "Jane Doe", "2015-11-17".into(), ""),
                (
                    "maxm",
                    "Max Mustermann",
                    "2016-03-03".into(),
                    "Digitale Verwaltung braucht Mut #dvkongress @BMI_Bund"
                ),
                (
                    "mariedupont",
                    "Marie Dupont",
                    "2016-02-01".into(),
                    "Le #servicepublic sur les réseaux : une conversation,\npas une vitrine @Etalab"
                ),
                (
                    "anagarcia",
                    "Ana García",
                    "2015-11-17".into(),
                    "Las redes sociales son el nuevo mostrador de la administración #redesAAPP"
                ),
                (
                    "janedoe",
                    "Jane Doe",
                    "2017-11-20".into(),
                    "Two years on, the #PASocial community has grown into a network of hundreds \
                     of public communicators across Italy; today in Rome we compared notes on \
                     crisis communication, accessibility and measuring what matters @PAsocial_"
                ),
            ]
        );
        let first = &all[0];
        assert_eq!(first.hashtags, ["PASocial"]);
        assert!(first.mentions.is_empty());
        // twitter-text counts pic.twitter.com as a link, like any protocol-less address.
        assert_eq!(
            first.urls,
            ["https://t.co/Xyz123", "pic.twitter.com/AbCdEf1234"]
        );
        assert_eq!(all[2].mentions, ["BMI_Bund"]);
        assert_eq!(all[3].hashtags, ["servicepublic"]);
        assert_eq!(all[3].mentions, ["Etalab"]);
        assert!(
            all.iter()
                .all(|t| t.kind == TweetType::Original && t.author.id.is_empty())
        );
    }

    #[test]
    fn unreadable_dates_are_rejected_by_line() {
        let all = read_file(&fixture("bad_dates.txt"));
        assert_eq!(all.len(), 4);
        assert_eq!(
            all[0].as_ref().unwrap().text,
            "A first tweet that reads fine #pasocial"
        );
        let reasons: Vec<&String> = all[1..].iter().map(|r| r.as_ref().unwrap_err()).collect();
        assert!(reasons[0].starts_with("line 5: ") && reasons[0].contains("31 Febbraio 2015"));
        assert!(reasons[1].starts_with("line 7: ") && reasons[1].contains("Brumaio"));
        assert!(reasons[2].starts_with("line 8: ") && reasons[2].contains("ieri"));
    }

    #[test]
    fn a_text_cut_short_keeps_what_came_before() {
        let all = read_file(&fixture("truncated.txt"));
        assert_eq!(all.len(), 2);
        assert_eq!(all[0].as_ref().unwrap().author.handle, "SaraDurantini");
        let why = all[1].as_ref().unwrap_err();
        assert!(
            why.starts_with("line 4: attribution line \"")
                && why.ends_with("is cut short or malformed"),
            "{why}"
        );
    }

    #[test]
    fn what_is_not_copied_text_is_refused() {
        let all = read_file(&fixture("wrong.txt"));
        assert_eq!(all.len(), 1);
        assert!(all[0].as_ref().unwrap_err().contains("no attribution line"));
        // An empty file is no input at all; an empty record says so.
        assert!(testing::nothing_in(&fixture("empty.txt"), Format::Text));
        assert_eq!(
            parse_str(""),
            [Err("not a tweet: an empty document".to_string())]
        );
    }

    #[test]
    fn a_list_item_naming_someone_is_prose() {
        let all = parse_str(
            "Speakers:\n- Mario Rossi (@mrossi), moderator\nA tweet #x\n— A (@a) 1 May 2016\n",
        );
        assert_eq!(all.len(), 1);
        let t = all[0].as_ref().unwrap();
        assert_eq!(
            (t.text.as_str(), t.author.handle.as_str()),
            ("A tweet #x", "a")
        );
        assert_eq!(t.raw, b"A tweet #x\n\xe2\x80\x94 A (@a) 1 May 2016");
    }

    #[test]
    fn crlf_and_the_same_tweet_twice() {
        let page = "Nice #x\r\n— A (@a) 1 May 2016\r\nNice #x\r\n— A (@a) 1 May 2016\r\n";
        let all: Vec<Tweet> = parse_str(page).into_iter().map(|t| t.unwrap()).collect();
        assert_eq!(all.len(), 2);
        assert_eq!(all[0].text, "Nice #x");
        assert_eq!(all[0].raw, "Nice #x\r\n— A (@a) 1 May 2016".as_bytes());
        assert_ne!(all[0].id, all[1].id, "two identical tweets stay two");
        assert_eq!(all[0].id, parse_str(page)[0].as_ref().unwrap().id);
    }
}
