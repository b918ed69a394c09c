//! Printers: what chirpdex shows, written to any `io::Write` so tests print into a `Vec<u8>`.
//!
//! Tables are for people, JSON Lines and JSON for programs, `original` gives back the records
//! exactly as they were read. [`csv`] writes spreadsheets as twarc-csv does, [`xlsx`] Excel
//! workbooks, [`gexf`] the network of accounts for Gephi, [`quickwit`] documents and an index
//! configuration for Quickwit.

pub mod csv;
pub mod gexf;
pub mod quickwit;
pub mod xlsx;

pub mod stats;

use std::borrow::Cow;
use std::io::{self, Write};

use chrono_tz::Tz;
use serde::Serialize;
use serde::ser::{SerializeSeq, Serializer as _};

use crate::formats::normalised;
use crate::ingest::Summary;
use crate::model::Attribution;
use crate::model::time::rfc3339;
use crate::model::{Tweet, TweetType};
use crate::query::Hit;

/// How search results are printed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HitFormat {
    /// Time, author and text, one line each, shortened to the terminal's width.
    Table,
    /// One JSON array of hits.
    Json,
    /// One JSON object per line.
    Jsonl,
    /// Each hit's original record, one per line (see `original`).
    Original,
}

/// What every JSON view of a tweet begins with (a search hit, a recap page's tweet, a Quickwit
/// document): its id, its time, whether only its day is known, its author and its text.
#[derive(Serialize)]
pub struct TweetCore<'a> {
    pub id: &'a str,
    /// RFC 3339, UTC.
    pub created_at: String,
    /// True when the source gives only the day (copied text): `created_at` is its midnight UTC.
    pub date_only: bool,
    pub author: &'a str,
    pub author_name: &'a str,
    pub text: &'a str,
}

impl<'a> TweetCore<'a> {
    pub fn of(t: &'a Tweet) -> TweetCore<'a> {
        TweetCore {
            id: &t.id,
            created_at: rfc3339(t.created_at),
            date_only: t.date_only,
            author: &t.author.handle,
            author_name: &t.author.name,
            text: &t.text,
        }
    }
}

/// A hit as programs see it.
#[derive(Serialize)]
struct HitJson<'a> {
    #[serde(flatten)]
    tweet: TweetCore<'a>,
    #[serde(rename = "type")]
    kind: &'static str,
    lang: Option<&'a str>,
    hashtags: &'a [String],
    mentions: &'a [String],
    urls: &'a [String],
    /// null when no source gave the count.
    retweet_count: Option<u64>,
    favorite_count: Option<u64>,
    retweet_of: Option<&'a str>,
    quote_of: Option<&'a str>,
    reply_to: Option<&'a str>,
    speakers: Vec<&'a str>,
    attributions: &'a [Attribution],
    score: f32,
    #[serde(skip_serializing_if = "Option::is_none")]
    snippet: Option<String>,
    url: Option<String>,
}

impl<'a> HitJson<'a> {
    fn new(hit: &'a Hit) -> Self {
        let t: &Tweet = &hit.tweet;
        HitJson {
            tweet: TweetCore::of(t),
            kind: t.kind.as_str(),
            lang: t.lang.as_deref(),
            hashtags: &t.hashtags,
            mentions: &t.mentions,
            urls: &t.urls,
            retweet_count: t.retweet_count,
            favorite_count: t.favorite_count,
            retweet_of: t.retweet_of.as_ref().map(|r| r.id.as_str()),
            quote_of: t.quote_of.as_ref().map(|r| r.id.as_str()),
            reply_to: t.reply_to.as_ref().map(|r| r.id.as_str()),
            speakers: t.attributions.iter().map(|a| a.speaker.as_str()).collect(),
            attributions: &t.attributions,
            score: hit.score,
            snippet: hit.snippet.as_ref().map(|s| snippet_html(s, &t.text)),
            url: t.url(),
        }
    }
}

/// The most characters of a tweet's text that a snippet shows (as `query`'s snippets hold).
const SNIPPET_CHARS: usize = 1_000;

/// A snippet as HTML: the text with the matched words in `<b>`, escaped. A query with no plain
/// word (`from:x`, `#tag`, `*`) marks nothing and tantivy's snippet is then empty: the text's
/// start, escaped and unmarked, stands in for it, so that `snippet` can always be shown.
fn snippet_html(snippet: &tantivy::snippet::Snippet, text: &str) -> String {
    if !snippet.is_empty() {
        return snippet.to_html();
    }
    let start = text
        .char_indices()
        .nth(SNIPPET_CHARS)
        .map_or(text, |(at, _)| &text[..at]);
    // Escaped as tantivy escapes its snippets.
    htmlescape::encode_minimal(start)
}

/// How a table is laid out for people.
#[derive(Clone, Copy, Debug)]
pub struct Table {
    /// Shorten lines to this many columns (a terminal's width); None: no shortening.
    pub width: Option<usize>,
    /// The zone times are shown in, with their offset.
    pub tz: Tz,
    /// Colour the matched words.
    pub color: bool,
}

/// Prints hits as they come, one at a time (a page of any size is never held whole), and
/// returns how many were printed. The JSON array is written element by element, as serde_json
/// writes a whole list.
pub fn hits(
    w: &mut impl Write,
    hits: impl IntoIterator<Item = anyhow::Result<Hit>>,
    format: HitFormat,
    table: &Table,
) -> anyhow::Result<usize> {
    let mut n = 0;
    let hits = hits.into_iter().inspect(|_| n += 1);
    match format {
        HitFormat::Table => {
            for hit in hits {
                let hit = hit?;
                let t = &hit.tweet;
                let head = format!("{}  @{}  ", time(t, table.tz), t.author.handle);
                // A query with no plain word (`from:x`, `#tag`, `*`) marks nothing: tantivy's
                // snippet is then empty, and the text is shown as it is.
                let text = match (&hit.snippet, table.color) {
                    (Some(s), true) if !s.is_empty() => marked(s),
                    _ => t.text.clone(),
                };
                let text = without_reply_handle(t, &text);
                let mut text = text.split_whitespace().collect::<Vec<_>>().join(" ");
                if text.is_empty() {
                    text.push_str("(no text)");
                }
                let mark = relation(t);
                let mark = match (mark.is_empty(), table.color) {
                    (true, _) | (_, false) => mark,
                    (false, true) => console::style(mark).cyan().force_styling(true).to_string(),
                };
                let line = format!("{head}{mark}{text}");
                match table.width {
                    Some(cols) => writeln!(w, "{}", console::truncate_str(&line, cols, "…"))?,
                    None => writeln!(w, "{line}")?,
                }
            }
        }
        HitFormat::Jsonl => {
            for hit in hits {
                serde_json::to_writer(&mut *w, &HitJson::new(&hit?))?;
                w.write_all(b"\n")?;
            }
        }
        HitFormat::Json => {
            let mut json = serde_json::Serializer::pretty(&mut *w);
            let mut list = json.serialize_seq(None)?;
            for hit in hits {
                list.serialize_element(&HitJson::new(&hit?))?;
            }
            SerializeSeq::end(list)?;
            w.write_all(b"\n")?;
        }
        HitFormat::Original => {
            for hit in hits {
                original(w, &hit?.tweet)?;
            }
        }
    }
    w.flush()?;
    Ok(n)
}

/// A tweet's time in a zone, with the offset; a copied tweet knows its day but not its time.
pub fn time(t: &Tweet, tz: Tz) -> String {
    let local = t.created_at.with_timezone(&tz);
    if t.date_only {
        local.format("%Y-%m-%d --:--").to_string()
    } else {
        local.format("%Y-%m-%d %H:%M %:z").to_string()
    }
}

/// What a table row says before a tweet's text when the text is not simply the author's own:
/// `RT @bob: ` (the text is the retweeted tweet's), `reply to @bob: `, `quoting @bob: `, as
/// Twitter clients marked them; without the other author's handle, `RT: `, `reply: `,
/// `quoting: `. Empty for an original.
fn relation(t: &Tweet) -> String {
    let (word, to) = match t.kind {
        TweetType::Retweet => ("RT", &t.retweet_of),
        TweetType::Reply => ("reply to", &t.reply_to),
        TweetType::Quote => ("quoting", &t.quote_of),
        TweetType::Original => return String::new(),
    };
    // A retweet known only by its `RT @x:` text (an archive's) already says so.
    if t.kind == TweetType::Retweet && t.text.starts_with("RT @") {
        return String::new();
    }
    match to.as_ref().and_then(|r| r.author.as_deref()) {
        Some(handle) if !handle.is_empty() => format!("{word} @{handle}: "),
        _ => format!("{}: ", word.trim_end_matches(" to")),
    }
}

/// A reply's text without the `@handle` it starts with when that is the account it answers,
/// which the row's mark already names (as Twitter shows "Replying to @handle" above the text):
/// at 80 columns the mark and the handle again would leave no room for the text.
fn without_reply_handle<'t>(t: &Tweet, text: &'t str) -> &'t str {
    let to = t.reply_to.as_ref().and_then(|r| r.author.as_deref());
    let (TweetType::Reply, Some(handle)) = (t.kind, to) else {
        return text;
    };
    let Some(rest) = text.strip_prefix('@') else {
        return text;
    };
    let (Some(written), Some(after)) = (rest.get(..handle.len()), rest.get(handle.len()..)) else {
        return text;
    };
    let whole = after
        .chars()
        .next()
        .is_some_and(|c| !(c.is_alphanumeric() || c == '_'));
    let after = after.trim_start();
    match written.eq_ignore_ascii_case(handle) && whole && !after.is_empty() {
        true => after,
        false => text,
    }
}

/// A snippet's text with its matched words in bold yellow (for a terminal).
fn marked(snippet: &tantivy::snippet::Snippet) -> String {
    let text = snippet.fragment();
    let mut out = String::new();
    let mut at = 0;
    for r in snippet.highlighted() {
        let (Some(before), Some(word)) = (text.get(at..r.start), text.get(r.start..r.end)) else {
            continue;
        };
        out.push_str(before);
        out.push_str(
            &console::style(word)
                .bold()
                .yellow()
                .force_styling(true)
                .to_string(),
        );
        at = r.end;
    }
    out.push_str(text.get(at..).unwrap_or(""));
    out
}

/// Prints a tweet's original as one line of JSON: the JSON object it was read from when it
/// stands alone (line breaks between its tokens removed, nothing else changed), else chirpdex's
/// normalised record of it, original bytes included.
pub fn original(w: &mut impl Write, t: &Tweet) -> io::Result<()> {
    if t.format.original_is_json() {
        w.write_all(&one_line(&t.raw))?;
    } else {
        normalised::write(w, t)?;
    }
    w.write_all(b"\n")
}

/// JSON on one line: line breaks outside strings dropped (inside strings they cannot occur).
fn one_line(json: &[u8]) -> Cow<'_, [u8]> {
    if !json.iter().any(|&b| b == b'\n' || b == b'\r') {
        return Cow::Borrowed(json);
    }
    Cow::Owned(
        json.iter()
            .copied()
            .filter(|&b| b != b'\n' && b != b'\r')
            .collect(),
    )
}

/// Prints an ingest summary for people.
pub fn summary(w: &mut impl Write, s: &Summary) -> io::Result<()> {
    writeln!(
        w,
        "{} read, {} indexed, {} duplicates, {} rejected in {:.2} s ({:.0} tweets/s)",
        s.read, s.indexed, s.duplicates, s.rejected, s.seconds, s.tweets_per_second
    )?;
    if let Some(a) = &s.event {
        writeln!(
            w,
            "{} attached to {} (tweets {})",
            a.attached, a.slug, a.rule
        )?;
        if a.unattached > 0 {
            let mut why = Vec::new();
            if a.other_day > 0 {
                why.push(format!("{} on other days", a.other_day));
            }
            if a.no_hashtag > 0 {
                why.push(format!("{} with none of its hashtags", a.no_hashtag));
            }
            writeln!(w, "{} left unattached: {}", a.unattached, why.join(", "))?;
        }
    }
    if let Some(path) = &s.rejects_file {
        writeln!(w, "rejected records kept in {path}")?;
    }
    if s.rejects_not_kept > 0 {
        writeln!(
            w,
            "{} rejected records could NOT be kept (the rejects file could not be written)",
            s.rejects_not_kept
        )?;
    }
    if s.errors > 0 {
        writeln!(w, "{} input(s) could not be read in full", s.errors)?;
    }
    Ok(())
}

/// Prints an ingest summary for programs: one JSON object.
pub fn summary_json(w: &mut impl Write, s: &Summary) -> io::Result<()> {
    serde_json::to_writer(&mut *w, s)?;
    w.write_all(b"\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hit(id: &str, text: &str) -> Hit {
        let mut tweet = crate::extract::tweet(text);
        tweet.id = id.to_string();
        Hit {
            score: 1.5,
            tweet,
            snippet: None,
        }
    }

    /// The JSON array is written hit by hit: byte for byte what serde_json writes for the list.
    #[test]
    fn a_streamed_json_array_is_the_whole_list_pretty_printed() {
        let table = Table {
            width: None,
            tz: Tz::UTC,
            color: false,
        };
        for n in [0, 1, 3] {
            let all: Vec<Hit> = (0..n)
                .map(|i| hit(&i.to_string(), "#pasocial \"quoted\"\n@x"))
                .collect();
            let mut expected =
                serde_json::to_vec_pretty(&all.iter().map(HitJson::new).collect::<Vec<_>>())
                    .unwrap();
            expected.push(b'\n');
            let mut out = Vec::new();
            let printed = hits(
                &mut out,
                (0..n).map(|i| Ok(hit(&i.to_string(), "#pasocial \"quoted\"\n@x"))),
                HitFormat::Json,
                &table,
            )
            .unwrap();
            assert_eq!(printed, n);
            assert_eq!(
                String::from_utf8(out).unwrap(),
                String::from_utf8(expected).unwrap()
            );
        }
    }

    /// A query with no plain word gives an empty snippet: the table shows the text, and the
    /// JSON's snippet is the text, escaped.
    #[test]
    fn a_hit_with_nothing_marked_shows_its_text() {
        let mut h = hit("1", "a <b> & \"c\"  d");
        h.snippet = Some(tantivy::snippet::Snippet::empty());
        let mut table = Table {
            width: None,
            tz: Tz::UTC,
            color: true,
        };
        for color in [true, false] {
            table.color = color;
            let mut out = Vec::new();
            hits(&mut out, [Ok(hit_like(&h))], HitFormat::Table, &table).unwrap();
            let line = String::from_utf8(out).unwrap();
            assert!(line.ends_with("@  a <b> & \"c\" d\n"), "{line:?}");
        }
        let mut out = Vec::new();
        hits(&mut out, [Ok(h)], HitFormat::Jsonl, &table).unwrap();
        let json: serde_json::Value = serde_json::from_slice(&out).unwrap();
        assert_eq!(json["snippet"], "a &lt;b&gt; &amp; &quot;c&quot;  d");
    }

    fn hit_like(h: &Hit) -> Hit {
        Hit {
            score: h.score,
            tweet: h.tweet.clone(),
            snippet: Some(tantivy::snippet::Snippet::empty()),
        }
    }

    #[test]
    fn retweets_replies_and_quotes_say_so_before_their_text() {
        use crate::model::Reference;
        let to = |author: Option<&str>| {
            Some(Reference {
                id: "9".into(),
                author: author.map(String::from),
            })
        };
        let mut t = crate::extract::tweet("text");
        assert_eq!(relation(&t), "");
        t.kind = TweetType::Retweet;
        t.retweet_of = to(Some("bob"));
        assert_eq!(relation(&t), "RT @bob: ");
        t.retweet_of = to(None);
        assert_eq!(relation(&t), "RT: ");
        // An archive's retweet is known by its text alone, which says it.
        t.text = "RT @bob: text".into();
        assert_eq!(relation(&t), "");
        t.kind = TweetType::Reply;
        t.reply_to = to(Some("carla"));
        assert_eq!(relation(&t), "reply to @carla: ");
        // The handle it answers, which the mark names, is not repeated; other handles stay.
        for (text, shown) in [
            ("@Carla esatto", "esatto"),
            ("@carla @dan esatto", "@dan esatto"),
            ("@carlasmith esatto", "@carlasmith esatto"),
            ("@carla", "@carla"),
            ("esatto @carla", "esatto @carla"),
        ] {
            assert_eq!(without_reply_handle(&t, text), shown, "{text}");
        }
        t.reply_to = to(None);
        assert_eq!(relation(&t), "reply: ");
        t.kind = TweetType::Quote;
        t.quote_of = to(Some("dan"));
        assert_eq!(relation(&t), "quoting @dan: ");
    }

    #[test]
    fn a_hit_by_an_unknown_author_links_to_twitters_own_address() {
        let mut h = hit("666623062345633792", "x");
        h.tweet.author = Default::default();
        let table = Table {
            width: None,
            tz: Tz::UTC,
            color: false,
        };
        let mut out = Vec::new();
        hits(&mut out, [Ok(h)], HitFormat::Jsonl, &table).unwrap();
        let json: serde_json::Value = serde_json::from_slice(&out).unwrap();
        assert_eq!(
            json["url"],
            "https://twitter.com/i/web/status/666623062345633792"
        );
    }
}
