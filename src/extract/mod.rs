//! Extraction: what a text holds. Hashtags, mentions, links and cashtags by the rules of
//! twitter-text (the `twitter-text` crate, which passes the upstream conformance suite; see
//! `tests/conformance.rs`), for sources that do not list their entities; and the speakers a tweet
//! is about ([`speakers`]).

pub mod speakers;

use std::collections::{BTreeSet, HashSet};
use std::sync::LazyLock;

use serde::Serialize;

use crate::model::fold::fold;
use crate::model::{Format, Tweet, dedup_case_insensitive, dedup_exact};
use twitter_text::extractor::{Extract, Extractor, ParserBackend};

/// What kind of entity a [`Span`] is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    Hashtag,
    Mention,
    Url,
    Cashtag,
}

/// An entity and where it stands in the text, in characters (Unicode scalar values), the way
/// Twitter counts entity indices.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Span {
    pub kind: Kind,
    /// Without `#`, `@` or `$`; a link as written.
    pub value: String,
    pub start: usize,
    pub end: usize,
}

/// Every entity in a text, in order.
pub fn spans(text: &str) -> Vec<Span> {
    let mut found = spans_of(
        text,
        &[Kind::Hashtag, Kind::Mention, Kind::Url, Kind::Cashtag],
    );
    found.sort_by_key(|s| s.start);
    found
}

/// The entities of some kinds, kind by kind: one twitter-text call per kind (the all-in-one
/// extraction leaves out links written without `http://`).
fn spans_of(text: &str, kinds: &[Kind]) -> Vec<Span> {
    // The Pest grammar with the TLD table: it passes the conformance suite like the default nom
    // parser, and unlike it does not panic on some texts with emoji before an `@` (found by
    // tests/fuzz.rs: nom's "RT" look-behind slices inside a character).
    let x = Extractor::with_parser_backend(ParserBackend::External);
    // twitter-text counts UTF-16 units: an emoji outside the BMP is two. Twitter's indices, and
    // ours, count characters.
    let astral = text.chars().any(|c| c.len_utf16() == 2);
    let to_chars = |units: usize| -> usize {
        if !astral {
            return units;
        }
        let mut seen = 0;
        text.chars()
            .take_while(|c| {
                seen += c.len_utf16();
                seen <= units
            })
            .count()
    };
    kinds
        .iter()
        .flat_map(|&kind| {
            let entities = match kind {
                Kind::Hashtag => x.extract_hashtags_with_indices(text),
                Kind::Mention => x.extract_mentioned_screennames_with_indices(text),
                Kind::Url => x.extract_urls_with_indices(text),
                Kind::Cashtag => x.extract_cashtags_with_indices(text),
            };
            entities.into_iter().filter_map(move |e| {
                Some(Span {
                    kind,
                    value: e.get_value().to_string(),
                    start: to_chars(usize::try_from(e.get_start()).ok()?),
                    end: to_chars(usize::try_from(e.get_end()).ok()?),
                })
            })
        })
        .collect()
}

/// The values of one kind, as written, each once.
fn values(text: &str, kind: Kind) -> Vec<String> {
    let mut v: Vec<String> = spans_of(text, &[kind])
        .into_iter()
        .map(|s| s.value)
        .collect();
    match kind {
        Kind::Url => v.dedup(),
        _ => dedup_case_insensitive(&mut v),
    }
    v
}

/// The entities of a text, by kind, each as written and once (hashtags, mentions and cashtags
/// compared case-insensitively).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Entities {
    pub hashtags: Vec<String>,
    pub mentions: Vec<String>,
    pub urls: Vec<String>,
    pub cashtags: Vec<String>,
}

/// Extracts every entity of a text in one pass.
pub fn entities(text: &str) -> Entities {
    let mut e = Entities::default();
    for span in spans(text) {
        let list = match span.kind {
            Kind::Hashtag => &mut e.hashtags,
            Kind::Mention => &mut e.mentions,
            Kind::Url => &mut e.urls,
            Kind::Cashtag => &mut e.cashtags,
        };
        list.push(span.value);
    }
    dedup_case_insensitive(&mut e.hashtags);
    dedup_case_insensitive(&mut e.mentions);
    dedup_case_insensitive(&mut e.cashtags);
    dedup_exact(&mut e.urls);
    e
}

/// Hashtags in a text, as written, without `#`.
pub fn hashtags(text: &str) -> Vec<String> {
    values(text, Kind::Hashtag)
}

/// Mentioned handles in a text, as written, without `@`.
pub fn mentions(text: &str) -> Vec<String> {
    values(text, Kind::Mention)
}

/// Links in a text.
pub fn urls(text: &str) -> Vec<String> {
    values(text, Kind::Url)
}

/// A tweet holding just a text (its entities extracted from it), for looking at what chirpdex
/// makes of a text: no id, no author, no time (`date_only`).
pub fn tweet(text: &str) -> Tweet {
    let e = entities(text);
    let mut t = Tweet {
        text: text.to_string(),
        hashtags: e.hashtags,
        mentions: e.mentions,
        urls: e.urls,
        date_only: true,
        format: Format::Normalised,
        ..Tweet::default()
    };
    t.normalise();
    t
}

/// Words of tweets that say nothing, beyond the stop-word lists.
const TWEET_WORDS: &[&str] = &["via", "amp", "http", "https"];

static STOP: LazyLock<HashSet<String>> = LazyLock::new(|| {
    ["it", "en"]
        .iter()
        .filter_map(|lang| stop_words::lookup(lang))
        .flat_map(|words| words.iter())
        .chain(TWEET_WORDS)
        .map(|w| fold(w))
        .collect()
});

/// A text's distinct content words, lowercased: words of letters and digits (apostrophes split
/// them), without links, hashtags, mentions and cashtags, words of fewer than three characters,
/// numbers, the Italian and English stop words of NLTK (the `stop-words` crate, compared
/// without accents) and `via`, `amp`, `http`, `https`. Characteristic terms and the speaker
/// matcher's evidence count these.
///
/// Entities are told by their look, token by token (a word that begins with `#`, `@` or `$`
/// after any opening punctuation, or that holds `://`, starts with `www.` or has a `/` after a
/// `.`), not by twitter-text's parser, which costs several times more: the matcher weighs the
/// words of every tweet of an event.
pub fn words(text: &str) -> BTreeSet<String> {
    text.split_whitespace()
        .filter(|token| !is_entity(token))
        .flat_map(|token| token.split(|c: char| !c.is_alphanumeric()))
        .filter(|w| w.chars().count() >= 3 && w.chars().any(char::is_alphabetic))
        .map(str::to_lowercase)
        .filter(|w| !STOP.contains(&fold(w)))
        .collect()
}

/// Whether a whitespace-separated token is a hashtag, mention, cashtag or link.
fn is_entity(token: &str) -> bool {
    let start = token.trim_start_matches(|c: char| !(c.is_alphanumeric() || "#@$＃＠".contains(c)));
    if start.starts_with(['#', '@', '$', '＃', '＠']) {
        return true;
    }
    let lower = start.to_ascii_lowercase();
    lower.contains("://")
        || lower.starts_with("www.")
        || lower
            .find('.')
            .is_some_and(|dot| lower[dot..].contains('/'))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::fold::fold;

    #[test]
    fn finds_hashtags_mentions_and_links_in_italian_text() {
        let text = "Perché la #PA è #social: @Miur_social spiega https://t.co/AbC. Ciao a tutti!";
        let e = entities(text);
        assert_eq!(e.hashtags, ["PA", "social"]);
        assert_eq!(e.mentions, ["Miur_social"]);
        assert_eq!(e.urls, ["https://t.co/AbC"]);
    }

    #[test]
    fn ignores_what_only_looks_like_entities() {
        assert!(hashtags("page#anchor and #123").is_empty());
        assert!(mentions("mail me at a@example.org").is_empty());
        assert_eq!(
            hashtags("#università #PASocial #pasocial"),
            ["università", "PASocial"]
        );
    }

    #[test]
    fn spans_count_characters() {
        let s = spans("Perché #pasocial");
        assert_eq!((s[0].start, s[0].end), (7, 16));
        // An emoji outside the BMP is one character, not two UTF-16 units.
        let s = spans("🙂-#aè 🙂 @bob");
        assert_eq!((s[0].start, s[0].end), (2, 5));
        assert_eq!((s[1].start, s[1].end), (8, 12));
    }

    #[test]
    fn fold_lowercases_and_strips_accents() {
        assert_eq!(fold("Nicolò VERITÀ"), "nicolo verita");
    }

    #[test]
    fn dedup_keeps_first_spelling() {
        let mut v = vec!["PASocial".into(), "x".into(), "pasocial".into()];
        dedup_case_insensitive(&mut v);
        assert_eq!(v, ["PASocial", "x"]);
    }
}
