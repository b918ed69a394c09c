//! Queries: what a user types, turned into a tantivy query and run.
//!
//! The syntax is tantivy's (`AND`, `OR`, `NOT`/`-`, phrases, `field:value`, `*` for everything),
//! with all words required unless `OR` is written, as in Twitter's own search. On top of it,
//! `#tag` means the hashtag field and `@handle` the mention field; the rewriting happens on the
//! query's words before tantivy's parser sees them, and leaves quoted phrases alone.

use anyhow::{Result, bail};
use tantivy::collector::TopDocs;
use tantivy::query::{Query, QueryParser};
use tantivy::{DocAddress, Score, TantivyDocument};

use crate::index::Archive;
use crate::model::Tweet;

/// One search result.
#[derive(Debug)]
pub struct Hit {
    pub score: Score,
    pub tweet: Tweet,
}

/// Rewrites chirpdex's shorthands into tantivy's syntax: `#tag` → `hashtags:"tag"`,
/// `@handle` → `mentions:"handle"`. Quoted phrases are left as they are.
pub fn translate(query: &str) -> String {
    let mut out = String::with_capacity(query.len() + 16);
    let mut chars = query.char_indices().peekable();
    let mut in_quotes = false;
    let mut at_word_start = true;
    while let Some((i, c)) = chars.next() {
        if c == '"' {
            in_quotes = !in_quotes;
        }
        if at_word_start && !in_quotes && query[i..].starts_with("speaker:") {
            out.push_str("speakers:");
            for _ in 0.."speaker:".len() - 1 {
                chars.next();
            }
            at_word_start = false;
            continue;
        }
        let field = match c {
            '#' | '＃' => Some("hashtags"),
            '@' | '＠' => Some("mentions"),
            _ => None,
        };
        if let (Some(field), false, true) = (field, in_quotes, at_word_start) {
            let rest = &query[i + c.len_utf8()..];
            let len = rest
                .find(|ch: char| !(ch.is_alphanumeric() || ch == '_'))
                .unwrap_or(rest.len());
            if len > 0 {
                out.push_str(field);
                out.push_str(":\"");
                out.push_str(&rest[..len]);
                out.push('"');
                while chars
                    .peek()
                    .is_some_and(|&(j, _)| j < i + c.len_utf8() + len)
                {
                    chars.next();
                }
                at_word_start = false;
                continue;
            }
        }
        out.push(c);
        at_word_start = c.is_whitespace() || matches!(c, '(' | '+' | '-');
    }
    out
}

/// Parses a query against the archive's schema. The message of an error says what is wrong.
pub fn parse(archive: &Archive, query: &str) -> Result<Box<dyn Query>> {
    if query.trim().is_empty() {
        bail!("the query is empty (use * to match every tweet)");
    }
    let mut parser = QueryParser::for_index(&archive.index, vec![archive.fields.text]);
    parser.set_conjunction_by_default();
    let translated = translate(query);
    parser
        .parse_query(&translated)
        .map_err(|e| anyhow::anyhow!("cannot read the query {query:?}: {e}"))
}

/// The `limit` best matches of a query, best first (BM25).
pub fn search(archive: &Archive, query: &str, limit: usize) -> Result<Vec<Hit>> {
    let query = parse(archive, query)?;
    let searcher = archive.index.reader()?.searcher();
    let top: Vec<(Score, DocAddress)> =
        searcher.search(&query, &TopDocs::with_limit(limit.max(1)).order_by_score())?;
    top.into_iter()
        .take(limit)
        .map(|(score, address)| {
            let doc: TantivyDocument = searcher.doc(address)?;
            Ok(Hit {
                score,
                tweet: archive.tweet(&doc),
            })
        })
        .collect()
}

/// Calls `f` with every tweet that matches a query, oldest first (ties by key), so that an
/// export is the same whatever order the index holds its documents in.
pub fn for_each_match(
    archive: &Archive,
    query: &str,
    mut f: impl FnMut(Tweet) -> Result<()>,
) -> Result<usize> {
    let query = parse(archive, query)?;
    let searcher = archive.index.reader()?.searcher();
    let found = searcher.search(&query, &tantivy::collector::DocSetCollector)?;
    let mut columns = Vec::new();
    for segment in searcher.segment_readers() {
        let fast = segment.fast_fields();
        columns.push((fast.date("created_at")?, fast.u64("key")?));
    }
    let mut order: Vec<(i64, u64, DocAddress)> = found
        .into_iter()
        .map(|a| {
            let (time, key) = &columns[a.segment_ord as usize];
            let t = time.first(a.doc_id).map_or(0, |d| d.into_timestamp_nanos());
            (t, key.first(a.doc_id).unwrap_or(0), a)
        })
        .collect();
    order.sort_unstable();
    for &(_, _, address) in &order {
        let doc: TantivyDocument = searcher.doc(address)?;
        f(archive.tweet(&doc))?;
    }
    Ok(order.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashtags_and_mentions_become_fields() {
        assert_eq!(
            translate("#PASocial @Miur_social comunicazione"),
            r#"hashtags:"PASocial" mentions:"Miur_social" comunicazione"#
        );
        assert_eq!(
            translate("(#a OR -#b)"),
            r#"(hashtags:"a" OR -hashtags:"b")"#
        );
    }

    #[test]
    fn phrases_and_mid_word_signs_are_left_alone() {
        assert_eq!(translate(r##""#pasocial live""##), r##""#pasocial live""##);
        assert_eq!(translate("a@b.c C#"), "a@b.c C#");
        assert_eq!(translate("# alone"), "# alone");
    }

    #[test]
    fn speaker_is_the_speakers_field() {
        assert_eq!(
            translate(r#"speaker:"Luisa Quinto" #pa"#),
            r#"speakers:"Luisa Quinto" hashtags:"pa""#
        );
        assert_eq!(translate(r#""speaker: x""#), r#""speaker: x""#);
    }

    #[test]
    fn accented_tags_are_kept_whole() {
        assert_eq!(translate("#università"), r#"hashtags:"università""#);
    }
}
