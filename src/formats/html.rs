//! Saved web pages with `twitter-tweet` blockquotes, the markup of Twitter's "Embed Tweet":
//!
//! ```html
//! <blockquote class="twitter-tweet"><p lang="it" dir="ltr">text with <a href="...">#links</a>
//! </p>&mdash; Name (@handle) <a href="https://twitter.com/handle/status/ID">17 Novembre 2015</a>
//! </blockquote>
//! ```
//!
//! The whole page is one record, parsed by `scraper` (html5ever: a broken or cut-short page reads
//! as a browser would show it). Each blockquote of class `twitter-tweet` (or `twitter-video`) is
//! one tweet; other blockquotes are ignored.
//!
//! - **Text**: the `<p>`'s visible text, `<br>` as a line break, other white space collapsed, an
//!   `<img>`'s `alt` (emoji the page turned into images) in its place. **lang**: the `<p>`'s.
//! - **Id and time**: from the attribution's status link (`twitter.com`, `x.com`, `mobile.`, any
//!   query); the time is the id's. Ids from before November 2010 carry none: the attribution's
//!   date is taken instead (`date_only`). The account's id is not in the page.
//! - **Entities**: the `<p>`'s anchors: `#tag`, `@handle`, the others links (the anchor's text
//!   when it is a whole link, else its `t.co` `href`); a `pic.twitter.com` anchor is a photo, not
//!   a link (as in v1.1); a link to a tweet makes a quote. Without anchors, read from the text.
//! - **No status link**: kept if the attribution's date reads, its id derived from its content as
//!   for copied text (`copied::ContentIds`: the same tweet copied and saved is one); else rejected.
//! - **raw**: the blockquote's bytes as in the page (to the end of a page cut short). The parser
//!   gives no positions, so `html5gum`, a tokenizer that does, finds the spans; the n-th
//!   `<blockquote` tag is matched to the n-th parsed one when class and text agree. If not (markup
//!   a browser moves, such as a blockquote between table cells), `raw` is the parser's serialisation.

use std::sync::LazyLock;

use html5gum::{DefaultEmitter, Token, Tokenizer};
use regex::Regex;
use scraper::{CaseSensitivity, ElementRef, Html, Node};

use super::copied::{self, ContentIds, midnight};
use super::{Emit, Record, Reject, twitter};
use crate::model::{Format, Reference, Tweet, snowflake_time};

/// A link to a tweet: `https://twitter.com/handle/status/ID`, on `x.com`, `mobile.twitter.com`,
/// `/statuses/`, `/i/web/status/`, with or without a query.
static STATUS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)^https?://(?:www\.|mobile\.|m\.)?(?:twitter|x)\.com/(?:#!/)?(?:i/web|([A-Za-z0-9_]{1,15}))/status(?:es)?/(\d{1,20})(?:[/?#]|$)",
    )
    .unwrap()
});

/// Ids below this were given out before snowflakes (November 2010) and carry no time.
const FIRST_SNOWFLAKE: u64 = 29_700_859_247;

/// Markup nested deeper than this, or with more elements (no page a person saves has either),
/// is read blockquote by blockquote, each at most [`MAX_EMBED_BYTES`] (an embed is a few KiB).
const MAX_DEPTH: usize = 1000;
const MAX_ELEMENTS: usize = 500_000;
const MAX_EMBED_BYTES: usize = 256 << 10;

/// Elements that have no end tag.
const VOID: [&[u8]; 14] = [
    b"area", b"base", b"br", b"col", b"embed", b"hr", b"img", b"input", b"link", b"meta", b"param",
    b"source", b"track", b"wbr",
];

/// Blockquotes nested deeper than this in one another do not collect the text of what they
/// hold (which would be copied once per level).
const MAX_QUOTE_NESTING: usize = 8;

/// A page: markup from its first byte, or an embed's blockquote in its first 64 KiB.
pub(crate) fn recognise(head: &[u8]) -> bool {
    let head = &head[..head.len().min(1 << 16)];
    head.first() == Some(&b'<')
        || String::from_utf8_lossy(head)
            .to_lowercase()
            .contains("<blockquote")
}

/// Reads one record; emits each tweet it holds, or why it holds none.
pub fn parse(record: &Record, emit: &mut Emit<'_>) {
    let bytes = &record.bytes;
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return emit(Err(Reject::NotAPost("an empty document".into())));
    }
    let (spans, depth, elements) = blockquote_spans(bytes);
    let mut ids = ContentIds::default();
    let mut found = 0;
    // An embed read: its tweet (with its original) or why not, placed.
    let mut one = |read: Result<Tweet, Reject>, raw: Vec<u8>, at: String| {
        found += 1;
        emit(read.map(|t| Tweet { raw, ..t }).map_err(|e| e.at(at)));
    };
    if depth > MAX_DEPTH || elements > MAX_ELEMENTS {
        // Building the tree of markup nested this deep takes time that grows with the square
        // of its depth, and a tree of this many elements takes 20 times the page's size: each
        // blockquote is read alone instead, from its own bytes.
        for span in &spans {
            let Some(own) = bytes.get(span.start..span.end) else {
                continue;
            };
            let at = at_line(bytes, span.start);
            if own.len() > MAX_EMBED_BYTES
                && span.class.as_ref().is_some_and(|c| c.contains("twitter-"))
            {
                let why = format!(
                    "longer than {} KiB, in a page too deep or too large to read whole",
                    MAX_EMBED_BYTES >> 10
                );
                one(Err(Reject::Framing(why)), Vec::new(), at);
                continue;
            }
            let alone = Html::parse_fragment(&String::from_utf8_lossy(own));
            let mut blockquotes = named(alone.root_element(), "blockquote");
            if let Some(blockquote) = blockquotes.next().filter(is_embed) {
                one(read_embed(blockquote, &mut ids), own.to_vec(), at);
            }
        }
    } else {
        let page = Html::parse_document(&String::from_utf8_lossy(bytes));
        let blockquotes = named(page.root_element(), "blockquote").enumerate();
        for (n, (i, blockquote)) in blockquotes.filter(|(_, b)| is_embed(b)).enumerate() {
            let span = spans.get(i).filter(|s| {
                s.class.as_deref() == blockquote.value().attr("class")
                    && blockquote.text().flat_map(str::chars).eq(s.text.chars())
            });
            let (raw, at) = match span.and_then(|s| Some((bytes.get(s.start..s.end)?, s.start))) {
                Some((own, start)) => (own.to_vec(), at_line(bytes, start)),
                None => (
                    blockquote.html().into_bytes(),
                    format!("twitter-tweet blockquote at number {}", n + 1),
                ),
            };
            one(read_embed(blockquote, &mut ids), raw, at);
        }
    }
    if found == 0 {
        emit(Err(Reject::Missing(
            "twitter-tweet blockquote in this page",
        )));
    }
}

/// The elements of a name under an element, in document order.
fn named<'a>(root: ElementRef<'a>, name: &'a str) -> impl Iterator<Item = ElementRef<'a>> {
    root.descendent_elements()
        .filter(move |e| e.value().name() == name)
}

fn is_embed(blockquote: &ElementRef<'_>) -> bool {
    let e = blockquote.value();
    ["twitter-tweet", "twitter-video"]
        .iter()
        .any(|c| e.has_class(c, CaseSensitivity::AsciiCaseInsensitive))
}

/// Where a `<blockquote>` is in the page's bytes, with what tells it from others: its class
/// attribute and its text.
#[derive(Debug)]
struct Span {
    start: usize,
    end: usize,
    class: Option<String>,
    text: String,
}

/// The byte span of every blockquote, in the order of their start tags: from `<blockquote` to
/// the end of the matching `</blockquote>`, or to the end of the page (white space trimmed);
/// how deep the page's elements nest (as its tags say, without HTML's repairs) and how many there
/// are.
fn blockquote_spans(bytes: &[u8]) -> (Vec<Span>, usize, usize) {
    let mut emitter = DefaultEmitter::<usize>::new_with_span();
    emitter.naively_switch_states(true);
    let mut spans: Vec<Span> = Vec::new();
    let mut open: Vec<usize> = Vec::new();
    let (mut depth, mut deepest, mut elements) = (0usize, 0usize, 0usize);
    for Ok(token) in Tokenizer::new_with_emitter(bytes, emitter) {
        match token {
            Token::StartTag(t) => {
                elements += 1;
                if !t.self_closing && !VOID.iter().any(|v| t.name.eq_ignore_ascii_case(v)) {
                    depth += 1;
                    deepest = deepest.max(depth);
                }
                if t.name.eq_ignore_ascii_case(b"blockquote") {
                    open.push(spans.len());
                    let class = t.attributes.get(&b"class"[..]);
                    spans.push(Span {
                        start: t.span.start,
                        end: usize::MAX,
                        class: class.map(|c| String::from_utf8_lossy(&c.value).into_owned()),
                        text: String::new(),
                    });
                }
            }
            Token::String(t) => {
                let text = String::from_utf8_lossy(&t.value);
                for &i in open.iter().rev().take(MAX_QUOTE_NESTING) {
                    if let Some(s) = spans.get_mut(i) {
                        s.text.push_str(&text);
                    }
                }
            }
            Token::EndTag(t) => {
                depth = depth.saturating_sub(1);
                if t.name.eq_ignore_ascii_case(b"blockquote")
                    && let Some(s) = open.pop().and_then(|i| spans.get_mut(i))
                {
                    s.end = t.span.end;
                }
            }
            _ => {}
        }
    }
    let page_end = bytes.trim_ascii_end().len();
    for s in &mut spans {
        s.end = s.end.min(page_end).max(s.start);
    }
    (spans, deepest, elements)
}

/// Where a blockquote starting at a byte offset is, for reasons: its 1-based line.
fn at_line(bytes: &[u8], offset: usize) -> String {
    let line = 1 + memchr::memchr_iter(b'\n', bytes.get(..offset).unwrap_or(bytes)).count();
    format!("twitter-tweet blockquote at line {line}")
}

fn read_embed(blockquote: ElementRef<'_>, ids: &mut ContentIds) -> Result<Tweet, Reject> {
    let p = named(blockquote, "p")
        .next()
        .ok_or(Reject::Missing("<p> holding the tweet's text"))?;
    let text = visible_text(p);
    let (said, status) = attribution(blockquote, p);
    let said = said.trim().trim_start_matches(['—', '–', '-', '―']);
    let a = copied::attribution(said);
    let date = a.as_ref().map_or(said.trim(), |a| a.date);
    let handle = a.as_ref().map(|a| a.handle.to_string());
    let handle = (handle.or_else(|| status.as_ref()?.author.clone())).ok_or(Reject::Missing(
        "author: neither an attribution `— Name (@handle)` nor a status link names one",
    ))?;
    // A tweet known by its day only (no status link, or an id older than those that carry
    // their time) needs the attribution's date.
    let day = |why: String| {
        copied::parse_date(date).ok_or_else(|| Reject::invalid("attribution date", date, why))
    };
    let (id, created_at, date_only) = match status {
        Some(Reference { id, .. }) => {
            let n: u64 = id
                .parse()
                .map_err(|_| Reject::invalid("status id", &id, "is too large to be a tweet id"))?;
            match (n >= FIRST_SNOWFLAKE).then(|| snowflake_time(n)).flatten() {
                Some(time) => (n.to_string(), time, false),
                None => {
                    let why = format!(
                        "cannot be read, and status id {id} is older than the ids that carry their time"
                    );
                    (n.to_string(), midnight(day(why)?), true)
                }
            }
        }
        None => {
            let day = day(format!(
                "cannot be read, and there is no status link (https://twitter.com/{handle}/status/ID)"
            ))?;
            (ids.next(&handle, day, &text), midnight(day), true)
        }
    };
    let mut tweet = Tweet {
        id,
        created_at,
        author: twitter::author(Some(&handle), a.map(|a| a.name), None),
        lang: p
            .value()
            .attr("lang")
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(str::to_string),
        date_only,
        format: Format::Html,
        ..Tweet::default()
    };
    links(p, &text, &mut tweet);
    tweet.text = text;
    Ok(tweet)
}

/// Appends text as a browser shows it: runs of white space as one space.
fn push_collapsed(out: &mut String, s: &str) {
    for c in s.chars() {
        if c.is_ascii_whitespace() {
            if !out.is_empty() && !out.ends_with([' ', '\n']) {
                out.push(' ');
            }
        } else {
            out.push(c);
        }
    }
}

/// The visible text of an element: text, `<br>` as a line break, an image's `alt`.
fn visible_text(element: ElementRef<'_>) -> String {
    let mut out = String::new();
    for node in element.descendants() {
        match node.value() {
            Node::Text(t) => push_collapsed(&mut out, t),
            Node::Element(e) if e.name() == "br" => {
                if out.ends_with(' ') {
                    out.pop();
                }
                out.push('\n');
            }
            Node::Element(e) if e.name() == "img" => {
                push_collapsed(&mut out, e.attr("alt").unwrap_or_default())
            }
            _ => {}
        }
    }
    out.trim_matches([' ', '\n']).to_string()
}

/// The blockquote outside its `<p>` (`— Name (@handle) <a href=status>date</a>`): its text, and
/// the tweet its status link points to.
fn attribution(blockquote: ElementRef<'_>, p: ElementRef<'_>) -> (String, Option<Reference>) {
    let (mut said, mut status) = (String::new(), None);
    for node in blockquote.descendants() {
        if node.id() == p.id() || node.ancestors().any(|up| up.id() == p.id()) {
            continue;
        }
        match node.value() {
            Node::Text(t) => push_collapsed(&mut said, t),
            Node::Element(e) if e.name() == "a" => {
                status = e.attr("href").and_then(linked).or(status);
            }
            _ => {}
        }
    }
    (said, status)
}

/// The tweet a link points to, if it is a status link.
fn linked(href: &str) -> Option<Reference> {
    let c = STATUS.captures(href.trim())?;
    let author = c.get(1).map(|m| m.as_str().to_string());
    Some(Reference {
        id: c[2].to_string(),
        author,
    })
}

/// The entities of the tweet's text, read from its anchors: `#tag` and `@handle` anchors, the
/// others links, a link to a tweet a quote; from the text when it has no anchors.
fn links(p: ElementRef<'_>, text: &str, t: &mut Tweet) {
    let anchors: Vec<_> = named(p, "a").collect();
    if anchors.is_empty() {
        let e = crate::extract::entities(text);
        (t.hashtags, t.mentions, t.urls) = (e.hashtags, e.mentions, e.urls);
    }
    for anchor in anchors {
        let label = visible_text(anchor);
        let href = anchor.value().attr("href").unwrap_or_default().trim();
        if let Some(tag) = label.strip_prefix(['#', '＃']) {
            t.hashtags.push(tag.to_string());
        } else if let Some(handle) = label.strip_prefix(['@', '＠']) {
            t.mentions.push(handle.to_string());
        } else if label.starts_with('$') || label.starts_with("pic.twitter.com") {
            // A cashtag, or a photo: neither is a link in Twitter's entities.
        } else if !href.is_empty() {
            t.quote_of = linked(href).or(t.quote_of.take());
            let whole = (label.starts_with("http://") || label.starts_with("https://"))
                && !label.ends_with('…')
                && !label.contains(char::is_whitespace);
            t.urls.push(if whole { label } else { href.to_string() });
        }
    }
}

#[cfg(test)]
mod tests {
    use std::path::{Path, PathBuf};

    use super::*;
    use crate::formats::{Source, testing};
    use crate::model::TweetType;

    fn parse_str(page: &str) -> Vec<Result<Tweet, String>> {
        testing::parse_str(Format::Html, page)
    }

    /// Reads a whole file as `chirpdex` does: framed by `formats::read`, each record parsed.
    fn read_file(path: &Path, format: Format) -> Vec<Result<Tweet, String>> {
        testing::read_file(path, Some(format)).1
    }

    fn fixture(name: &str) -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/data")
            .join(name)
    }

    fn ok(all: Vec<Result<Tweet, String>>) -> Vec<Tweet> {
        all.into_iter().map(|t| t.unwrap()).collect()
    }

    /// The bytes of a page from the `n`th `<blockquote class="twitter-tweet` to its end tag.
    fn nth_blockquote(page: &str, n: usize) -> &str {
        let start = page
            .match_indices("<blockquote class=\"twitter-tweet")
            .nth(n)
            .unwrap()
            .0;
        let end = start + page[start..].find("</blockquote>").unwrap() + "</blockquote>".len();
        &page[start..end]
    }

    #[test]
    fn a_saved_page_gives_its_three_embedded_tweets() {
        let path = fixture("html/page.html");
        let page = std::fs::read_to_string(&path).unwrap();
        let all = ok(read_file(&path, Format::Html));
        assert_eq!(
            all.len(),
            3,
            "the plain blockquote and the one in a script are not tweets"
        );
        // The second: entities decoded, `<br>` a line break, the photo link no link, an x.com
        // status link. The third: white space collapsed, an emoji image read as its alt, a
        // shortened link kept as t.co.
        let want = [
            (
                "666567149186502656",
                "2015-11-17T10:42:47.241+00:00",
                ("SaraDurantini", "SaraDurantini"),
                "Lavoro, servizi, innovazione e nuovi linguaggi: questi i focus attorno ai quali \
                 ruota #pasocial #italiasicura @fdicos10",
            ),
            (
                "666574645771632682",
                "2015-11-17T11:12:34.567+00:00",
                ("UniTwitTS", "Divulgazione UniTS"),
                "Ufficio stampa & social: l'esperienza di @MiurSocial\n\
                 Slide: https://t.co/AbCdEf1234 pic.twitter.com/qjDic0HIhX",
            ),
            (
                "666633165632176170",
                "2015-11-17T15:05:06.789+00:00",
                ("janedoe", "Jane Doe"),
                "Great panel on public sector social media at #PASocial 👏 slides: \
                 cittadiniditwitter.it/pasocial…",
            ),
        ];
        for (i, (t, (id, time, (handle, name), text))) in all.iter().zip(want).enumerate() {
            assert_eq!(t.id, id);
            assert_eq!(t.created_at.to_rfc3339(), time);
            assert!(!t.date_only);
            assert_eq!(
                (t.author.handle.as_str(), t.author.name.as_str()),
                (handle, name)
            );
            assert_eq!(t.author.id, "");
            assert_eq!(t.text, text);
            assert_eq!((t.kind, t.format), (TweetType::Original, Format::Html));
            assert_eq!(t.raw, nth_blockquote(&page, i).as_bytes());
        }

        let t = &all[0];
        assert_eq!(t.lang.as_deref(), Some("it"));
        assert_eq!(t.hashtags, ["pasocial", "italiasicura"]);
        assert_eq!(t.mentions, ["fdicos10"]);
        assert!(t.urls.is_empty());
        assert_eq!(
            t.url().as_deref(),
            Some("https://twitter.com/SaraDurantini/status/666567149186502656")
        );

        let t = &all[1];
        assert!(t.hashtags.is_empty());
        assert_eq!(t.mentions, ["MiurSocial"]);
        assert_eq!(t.urls, ["https://t.co/AbCdEf1234"]);
        assert!(String::from_utf8_lossy(&t.raw).contains("&amp; social: l&#39;esperienza"));

        let t = &all[2];
        assert_eq!(t.lang.as_deref(), Some("en"));
        assert_eq!(t.hashtags, ["PASocial"]);
        assert_eq!(t.urls, ["https://t.co/Xyz123"]);
    }

    #[test]
    fn blockquotes_that_cannot_be_read_say_why() {
        let all = read_file(&fixture("html/wrong.html"), Format::Html);
        let reasons: Vec<String> = all.into_iter().map(|r| r.unwrap_err()).collect();
        assert_eq!(
            reasons,
            [
                "twitter-tweet blockquote at line 6: attribution date \"yesterday\" cannot be \
                 read, and there is no status link (https://twitter.com/janedoe/status/ID)",
                "twitter-tweet blockquote at line 7: status id \"99999999999999999999\" is too \
                 large to be a tweet id",
                "twitter-tweet blockquote at line 8: not a tweet: no <p> holding the tweet's text",
            ]
        );
    }

    #[test]
    fn a_page_cut_short_keeps_the_tweets_before_the_cut() {
        let all = read_file(&fixture("html/truncated.html"), Format::Html);
        assert_eq!(all.len(), 3);
        assert_eq!(all[0].as_ref().unwrap().id, "666567149186502656");
        assert_eq!(all[1].as_ref().unwrap().id, "666574645771632682");
        let why = all[2].as_ref().unwrap_err();
        assert!(
            why.starts_with("twitter-tweet blockquote at line 21: not a tweet: no author"),
            "{why}"
        );
    }

    #[test]
    fn what_is_not_a_page_with_tweets_is_refused() {
        let all = read_file(&fixture("text/four_languages.txt"), Format::Html);
        assert_eq!(
            all,
            [Err(
                "not a tweet: no twitter-tweet blockquote in this page".to_string()
            )]
        );
        assert!(testing::nothing_in(
            &fixture("html/empty.html"),
            Format::Html
        ));
        assert_eq!(
            parse_str(" \n"),
            [Err("not a tweet: an empty document".to_string())]
        );
    }

    #[test]
    fn without_a_status_link_the_id_is_the_one_copied_text_gets() {
        let html = "<blockquote class=\"twitter-tweet\"><p>Photo <a href=\"https://t.co/x\">\
                    pic.twitter.com/x</a></p>&mdash; Sara D (@SaraD) 17 Novembre 2015</blockquote>";
        let t = ok(parse_str(html)).remove(0);
        assert!(t.date_only);
        assert_eq!(t.created_at.to_rfc3339(), "2015-11-17T00:00:00+00:00");
        assert_eq!(
            (t.author.handle.as_str(), t.author.name.as_str()),
            ("SaraD", "Sara D")
        );
        assert!(t.urls.is_empty());
        let copied = Record {
            source: Source::new("copied", Format::Text),
            line: 1,
            bytes: "Photo pic.twitter.com/x\n— Sara D (@SaraD) 17 Novembre 2015".into(),
            broken: None,
        };
        let mut same = Vec::new();
        Format::Text.parse(&copied, &mut |r| same.push(r));
        assert_eq!(same[0].as_ref().unwrap().id, t.id);
        assert!(t.id.starts_with("text:"));
    }

    #[test]
    fn links_quotes_old_ids_and_video_embeds() {
        // An id from 2006 carries no time: the attribution's date is taken.
        let html = "<blockquote class=\"twitter-tweet\"><p lang=\"en\">just setting up my twttr</p>\
                    &mdash; jack (@jack) <a href=\"https://twitter.com/jack/statuses/20\">March 21, 2006</a>\
                    </blockquote>\
                    <blockquote class=\"twitter-video\" data-status=\"hidden\"><p lang=\"en\">Look \
                    <a href=\"https://twitter.com/other/status/666567149186502656\">twitter.com/other/s…</a> \
                    <a href=\"https://t.co/AbC\">https://example.org/full/link</a></p>\
                    &mdash; Jane (@janedoe) <a href=\"https://twitter.com/i/web/status/666633165632176170\">\
                    November 17, 2015</a></blockquote>";
        let all = ok(parse_str(html));
        assert_eq!(all.len(), 2);
        assert_eq!(all[0].id, "20");
        assert_eq!(all[0].created_at.to_rfc3339(), "2006-03-21T00:00:00+00:00");
        assert!(all[0].date_only);
        let t = &all[1];
        assert_eq!(t.id, "666633165632176170");
        assert_eq!(t.author.handle, "janedoe");
        assert_eq!(t.kind, TweetType::Quote);
        let quoted = t
            .quote_of
            .as_ref()
            .map(|q| (q.id.as_str(), q.author.as_deref()));
        assert_eq!(quoted, Some(("666567149186502656", Some("other"))));
        assert_eq!(
            t.urls,
            [
                "https://twitter.com/other/status/666567149186502656",
                "https://example.org/full/link"
            ]
        );
    }

    #[test]
    fn a_blockquote_the_parser_moves_keeps_its_own_raw() {
        // A blockquote between table rows is moved before the table: the second start tag in the
        // page is the first blockquote in the tree.
        let html = "<table><tr><td><blockquote class=\"twitter-tweet\"><p>first</p>&mdash; A (@a) \
                    <a href=\"https://twitter.com/a/status/666567149186502656\">x</a></blockquote>\
                    </td></tr><blockquote class=\"twitter-tweet\"><p>second</p>&mdash; B (@b) \
                    <a href=\"https://twitter.com/b/status/666633165632176170\">x</a></blockquote>\
                    </table>";
        let all = ok(parse_str(html));
        assert_eq!(all.len(), 2);
        for t in &all {
            let raw = String::from_utf8_lossy(&t.raw);
            assert!(
                raw.starts_with("<blockquote") && raw.contains(&t.id),
                "{raw}"
            );
            assert!(raw.contains(&format!("<p>{}</p>", t.text)), "{raw}");
        }
    }
}
