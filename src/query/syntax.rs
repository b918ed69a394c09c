//! Reading what a user typed: chirpdex's shorthands rewritten into tantivy's syntax (see the
//! table in [`crate::query`]), then tantivy's grammar run on the result. A mistake is told in
//! the user's own text, with its column: a quote or a parenthesis never closed, a `)` that
//! closes nothing, an operator with nothing after it. Apostrophes within words (`l'intervento`)
//! are letters, not the start of a phrase.

use anyhow::{Context, Result, bail};
use chrono_tz::Tz;
use tantivy::query_grammar::{self, UserInputAst};

use crate::index::Fields;
use crate::model::TweetType;
use crate::model::time::{parse_time, rfc3339};

/// How deep a query may nest. tantivy's parser, its query tree and the scorers built from it
/// recurse once per level, so a query nested thousands deep (typed, or made by a script)
/// overflowed the stack and aborted; a hundred levels is far beyond any query a person writes.
pub const MAX_DEPTH: usize = 100;

/// How deeply a query nests: at any point, the groups still open plus the operators (`NOT`, `-`,
/// `+`) waiting for their term (`-(-(x))` is four deep: two groups, two negations). Counted
/// before parsing, without recursion, so any length is safe.
///
/// The count may be too high, never too low: a limit that a query could slip past would be no
/// limit. Phrases (`"..."` or `'...'`, with `\` escapes) are where a `)` is not syntax, and
/// telling them apart exactly means parsing as tantivy does; so every `(` counts, and a `)`
/// closes a group only while no quote or backslash has been seen.
pub fn depth(query: &str) -> usize {
    let (mut open, mut pending, mut deepest) = (0usize, 0usize, 0usize);
    let mut trust_closing = true;
    let mut at_word_start = true;
    let mut chars = query.char_indices();
    while let Some((i, c)) = chars.next() {
        let word_start = at_word_start;
        at_word_start = c.is_whitespace() || matches!(c, '(' | '-' | '+');
        match c {
            '(' => open += 1,
            ')' => {
                if trust_closing {
                    open = open.saturating_sub(1);
                }
                pending = 0;
            }
            '-' | '+' if word_start => pending += 1,
            'N' if word_start
                && query[i..].starts_with("NOT")
                && query[i + 3..]
                    .chars()
                    .next()
                    .is_some_and(|n| n.is_whitespace() || n == '(') =>
            {
                pending += 1;
                chars.next();
                chars.next();
                at_word_start = true;
            }
            c if c.is_whitespace() => {}
            c => {
                if matches!(c, '"' | '\'' | '\\') {
                    trust_closing = false;
                }
                pending = 0;
            }
        }
        deepest = deepest.max(open + pending);
    }
    deepest
}

/// A query in tantivy's syntax, and where each piece of it came from in the user's text.
struct Translated {
    text: String,
    /// `(byte in text, byte in the user's query)` where each piece written starts.
    origins: Vec<(usize, usize)>,
}

impl Translated {
    /// Where a byte of the translated text came from in the user's query (its end, the end).
    fn origin(&self, at: usize, query: &str) -> usize {
        if at >= self.text.len() {
            return query.len();
        }
        let i = self.origins.partition_point(|&(out, _)| out <= at);
        i.checked_sub(1).map_or(0, |i| self.origins[i].1)
    }
}

/// Rewrites chirpdex's shorthands (see [`crate::query`]) into tantivy's syntax.
pub fn translate(query: &str, tz: Tz) -> Result<String> {
    translated(query, tz).map(|t| t.text)
}

/// The user's query read by tantivy's grammar, after its shorthands are rewritten; a mistake is
/// an error that shows where it is.
pub(crate) fn read(query: &str, tz: Tz) -> Result<UserInputAst> {
    let t = translated(query, tz)?;
    if let Ok(ast) = query_grammar::parse_query(&t.text) {
        return Ok(ast);
    }
    let (_, errors) = query_grammar::parse_query_lenient(&t.text);
    match errors.first() {
        Some(e) => {
            let before = t.text.get(..e.pos).unwrap_or("");
            let what = grammar_message(&e.message, before);
            Err(mistake(query, t.origin(e.pos, query), what))
        }
        None => bail!("cannot read the query {query:?}"),
    }
}

/// What tantivy's grammar's complaints mean, in words; `before` is the text before the place.
fn grammar_message(message: &str, before: &str) -> &'static str {
    match message {
        m if m.contains("boolean operator") => "AND and OR go between two terms",
        m if m.contains("range delimiter") || m.contains("missing ]") => {
            "this range is never closed with ] or }"
        }
        m if m.contains("NOT") => {
            "NOT needs a term after it (to search for the word, put it in quotes)"
        }
        m if m.contains("field") => "a field needs a value after its colon, as in lang:it",
        m if m.contains("expected word") && before.trim_end().ends_with(':') => {
            "a field needs a value after its colon, as in lang:it"
        }
        m if m.contains("expected word") => "a term is missing here",
        m if m.contains("missing space") => "~ needs a number after it, as in \"open data\"~2",
        _ => "chirpdex cannot read the query from here",
    }
}

/// An error about the query at a byte of it: what is wrong, its column, and the query with a
/// caret under the place (a long query shown around it).
pub(crate) fn mistake(query: &str, at: usize, what: &str) -> anyhow::Error {
    let at = at.min(query.len());
    let column = query[..at].chars().count() + 1;
    // One line: line breaks and tabs shown as spaces, so that the caret stays under its place.
    let chars: Vec<char> = query
        .chars()
        .map(|c| if c.is_whitespace() { ' ' } else { c })
        .collect();
    let (before, after) = (60, 30);
    let from = (column - 1).saturating_sub(before);
    let to = (column - 1 + after).min(chars.len());
    let mut shown: String = chars[from..to].iter().collect();
    let mut caret = column - 1 - from;
    if from > 0 {
        shown.insert(0, '…');
        caret += 1;
    }
    if to < chars.len() {
        shown.push('…');
    }
    anyhow::anyhow!(
        "cannot read the query at column {column}: {what}\n  {shown}\n  {}^",
        " ".repeat(caret)
    )
}

/// Rewrites the shorthands, checking that every phrase and group is closed.
fn translated(query: &str, tz: Tz) -> Result<Translated> {
    let mut t = Translated {
        text: String::with_capacity(query.len() + 16),
        origins: Vec::new(),
    };
    // The delimiter of the phrase being read, and where it opened.
    let mut phrase: Option<(char, usize)> = None;
    // Where each group still open began.
    let mut groups: Vec<usize> = Vec::new();
    // The operator waiting for its term (and where it is); whether the group has a term yet.
    let mut pending: Option<(usize, &str)> = None;
    let mut group_has_term = false;
    let mut at_word_start = true;
    let mut i = 0;
    while let Some(c) = query[i..].chars().next() {
        t.origins.push((t.text.len(), i));
        i += c.len_utf8();
        if let Some((delimiter, _)) = phrase {
            t.text.push(c);
            if c == '\\' {
                if let Some(next) = query[i..].chars().next() {
                    t.text.push(next);
                    i += next.len_utf8();
                }
            } else if c == delimiter {
                phrase = None;
            }
            continue;
        }
        let word_start = at_word_start;
        at_word_start = c.is_whitespace() || matches!(c, '(' | '+' | '-');
        let at = i - c.len_utf8();
        if let Some(op) = operator(&query[at..]).filter(|_| word_start) {
            // AND and OR join two terms; NOT comes before one.
            let joins = op != "NOT";
            if joins && (!group_has_term || pending.is_some()) {
                return Err(mistake(query, at, "AND and OR go between two terms"));
            }
            pending = Some((at, op));
            t.text.push_str(op);
            i = at + op.len();
            continue;
        }
        match c {
            c if c.is_whitespace() => {}
            '(' => pending = None,
            ')' => {}
            _ => {
                pending = None;
                group_has_term = true;
            }
        }
        match c {
            '\\' => {
                t.text.push(c);
                if let Some(next) = query[i..].chars().next() {
                    t.text.push(next);
                    i += next.len_utf8();
                }
                continue;
            }
            '"' => phrase = Some((c, i - 1)),
            '\'' if word_start && closes(&query[i..]) => phrase = Some((c, i - 1)),
            // An apostrophe in a word (l'intervento, students') is part of it.
            '\'' => {
                t.text.push_str("\\'");
                continue;
            }
            '(' => {
                groups.push(i - 1);
                group_has_term = false;
            }
            ')' => {
                if groups.pop().is_none() {
                    return Err(mistake(query, i - 1, "this ) closes no ("));
                }
                if let Some((at, op)) = pending {
                    return Err(mistake(query, at, &after_operator(op)));
                }
                group_has_term = true;
            }
            _ if word_start => {
                let at = i - c.len_utf8();
                if let Some((written, used)) = shorthand(query, at, tz)? {
                    t.text.push_str(&written);
                    i = at + used;
                    at_word_start = false;
                    continue;
                }
            }
            _ => {}
        }
        t.text.push(c);
    }
    if let Some((_, at)) = phrase {
        return Err(mistake(query, at, "this quote is never closed"));
    }
    if let Some((at, op)) = pending {
        return Err(mistake(query, at, &after_operator(op)));
    }
    if let Some(&at) = groups.last() {
        return Err(mistake(query, at, "this ( is never closed"));
    }
    Ok(t)
}

/// The operator (`AND`, `OR`, `NOT`) that `rest` starts with, as a word of its own.
fn operator(rest: &str) -> Option<&'static str> {
    ["AND", "OR", "NOT"].into_iter().find(|op| {
        rest.strip_prefix(op).is_some_and(|after| {
            after
                .chars()
                .next()
                .is_none_or(|c| c.is_whitespace() || matches!(c, '(' | ')'))
        })
    })
}

/// What is wrong with an operator that nothing follows.
fn after_operator(op: &str) -> String {
    match op {
        "NOT" => "NOT needs a term after it (to search for the word, put it in quotes)".into(),
        _ => "AND and OR go between two terms".into(),
    }
}

/// Whether a `'` that starts a word opens a phrase: when another `'` ends a word later on
/// (`'open data'`); otherwise it is an apostrophe (`'ndrangheta`).
fn closes(after: &str) -> bool {
    let mut chars = after.char_indices().peekable();
    while let Some((_, c)) = chars.next() {
        if c == '\\' {
            chars.next();
        } else if c == '\'' {
            let next = chars.peek().map(|&(_, n)| n);
            if next.is_none_or(|n| n.is_whitespace() || matches!(n, ')' | '*' | '~' | '^')) {
                return true;
            }
        }
    }
    false
}

/// `field:"value"` in tantivy's syntax, the value whole: a `"` or `\` in it is escaped.
fn field_is(field: &str, value: &str) -> String {
    let escaped = value.replace('\\', "\\\\").replace('"', "\\\"");
    format!("{field}:\"{escaped}\"")
}

/// `created_at` from a time on (inclusive) or up to it (exclusive).
fn range(text: &str, since: bool, tz: Tz) -> Result<String> {
    let at = rfc3339(parse_time(text, tz)?);
    let field = Fields::CREATED_AT;
    Ok(if since {
        format!("{field}:[{at} TO *}}")
    } else {
        format!("{field}:[* TO {at}}}")
    })
}

/// The shorthand that starts at byte `at` of the query, rewritten, and how many bytes it took.
/// A `*` right after a tag, handle or author makes it a prefix (`#open*`, `from:sara*`).
fn shorthand(query: &str, at: usize, tz: Tz) -> Result<Option<(String, usize)>> {
    let rest = &query[at..];
    // `#tag` and `@handle`: letters, digits and underscores.
    if let Some(sign) = rest
        .chars()
        .next()
        .filter(|c| matches!(c, '#' | '＃' | '@' | '＠'))
    {
        let field = if matches!(sign, '#' | '＃') {
            Fields::HASHTAGS
        } else {
            Fields::MENTIONS
        };
        let word = &rest[sign.len_utf8()..];
        let len = word
            .find(|ch: char| !(ch.is_alphanumeric() || ch == '_'))
            .unwrap_or(word.len());
        if len == 0 {
            return Ok(None);
        }
        let mut written = field_is(field, &word[..len]);
        let mut used = sign.len_utf8() + len;
        if word[len..].starts_with('*') {
            written.push('*');
            used += 1;
        }
        return Ok(Some((written, used)));
    }
    for key in ["from:", "speaker:", "is:", "since:", "until:"] {
        let Some(after) = rest.strip_prefix(key) else {
            continue;
        };
        let Some((value, len)) = value_of(after) else {
            return Err(mistake(query, at + key.len(), "this quote is never closed"));
        };
        if value.is_empty() {
            return Err(mistake(
                query,
                at,
                &format!("{key} needs a value, as in {key}{}", example(key)),
            ));
        }
        let written = match key {
            "from:" => match value.strip_suffix('*').filter(|_| !after.starts_with('"')) {
                Some(prefix) => format!(
                    "{}*",
                    field_is(Fields::AUTHOR, prefix.trim_start_matches('@'))
                ),
                None => field_is(Fields::AUTHOR, value.trim_start_matches('@')),
            },
            "speaker:" => field_is(Fields::SPEAKERS, value),
            "is:" => match TweetType::parse(&value.to_lowercase()) {
                Some(t) => format!("{}:{}", Fields::KIND, t.as_str()),
                None => {
                    return Err(mistake(
                        query,
                        at,
                        &format!("is:{value}: say is:retweet, is:reply, is:quote or is:original"),
                    ));
                }
            },
            "since:" => range(value, true, tz).with_context(|| format!("since:{value}"))?,
            _ => range(value, false, tz).with_context(|| format!("until:{value}"))?,
        };
        return Ok(Some((written, key.len() + len)));
    }
    Ok(None)
}

/// A shorthand's value: a quoted string, or everything up to a space or a closing parenthesis.
/// Returns the value and how many bytes it took; `None` for a quote never closed.
fn value_of(after: &str) -> Option<(&str, usize)> {
    if let Some(inner) = after.strip_prefix('"') {
        let end = inner.find('"')?;
        return Some((&inner[..end], end + 2));
    }
    let end = after
        .find(|c: char| c.is_whitespace() || c == ')')
        .unwrap_or(after.len());
    Some((&after[..end], end))
}

fn example(key: &str) -> &'static str {
    match key {
        "from:" => "SaraDurantini",
        "speaker:" => "\"Alessandra Migliozzi\"",
        "is:" => "retweet",
        _ => "2015-11-17",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn err(q: &str) -> String {
        format!("{:#}", read(q, Tz::UTC).unwrap_err())
    }

    #[test]
    fn unclosed_quotes_and_groups_say_where() {
        let e = err("\"open data");
        assert!(
            e.starts_with("cannot read the query at column 1: this quote is never closed"),
            "{e}"
        );
        assert!(e.ends_with("\n  \"open data\n  ^"), "{e}");
        let e = err("comunicazione (pubblica OR \"open");
        assert!(
            e.contains("cannot read the query at column 28: this quote is never closed"),
            "{e}"
        );
        let e = err("a (b OR c");
        assert!(
            e.contains("cannot read the query at column 3: this ( is never closed"),
            "{e}"
        );
        let e = err("a) b");
        assert!(
            e.contains("cannot read the query at column 2: this ) closes no ("),
            "{e}"
        );
        let e = err("speaker:\"Luisa Quinto");
        assert!(
            e.contains("cannot read the query at column 9: this quote is never closed"),
            "{e}"
        );
        // A parenthesis in a phrase is a character.
        assert!(read("\"a (b\" c", Tz::UTC).is_ok());
    }

    #[test]
    fn apostrophes_in_words_are_letters_and_quotes_are_phrases() {
        assert_eq!(
            translate("l'intervento dell'innovazione", Tz::UTC).unwrap(),
            r"l\'intervento dell\'innovazione"
        );
        assert!(read("l'intervento dell'innovazione", Tz::UTC).is_ok());
        assert_eq!(translate("'open data'", Tz::UTC).unwrap(), "'open data'");
        assert_eq!(translate("'ndrangheta", Tz::UTC).unwrap(), r"\'ndrangheta");
        assert!(read("'open data' l'altra", Tz::UTC).is_ok());
    }

    #[test]
    fn grammar_mistakes_are_placed_in_the_users_text() {
        for (q, says) in [
            (
                "a AND",
                "cannot read the query at column 3: AND and OR go between two terms",
            ),
            ("#pasocial OR", "at column 11:"),
            ("OR a", "at column 1:"),
            ("a OR OR b", "at column 6:"),
            ("(a OR) b", "at column 4:"),
            (
                "a NOT",
                "cannot read the query at column 3: NOT needs a term after it",
            ),
            ("a^", "at column 2:"),
            (
                "a -",
                "cannot read the query at column 4: a term is missing here",
            ),
            ("lang:", "needs a value after its colon"),
            ("x:[1 TO 2", "column"),
        ] {
            let e = err(q);
            assert!(e.contains(says), "{q}: {e}");
            assert!(!e.contains("Syntax Error"), "{q}: {e}");
        }
    }

    #[test]
    fn a_trailing_star_after_a_tag_or_author_is_a_prefix() {
        assert_eq!(
            translate("#open* from:sara* from:\"x*\"", Tz::UTC).unwrap(),
            r#"hashtags:"open"* author:"sara"* author:"x*""#
        );
    }

    #[test]
    fn types_are_read_whatever_their_case() {
        assert_eq!(translate("is:Retweet", Tz::UTC).unwrap(), "type:retweet");
    }

    #[test]
    fn long_queries_are_shown_around_the_mistake() {
        let q = format!("{} \"x", "word ".repeat(100));
        let e = err(&q);
        assert!(e.contains("column 502"), "{e}");
        let shown = e.lines().nth(1).unwrap();
        assert!(shown.starts_with("  …") && shown.ends_with("\"x"), "{e}");
        let caret = e.lines().nth(2).unwrap();
        assert_eq!(caret.chars().count(), shown.chars().count() - 1, "{e}");
    }
}
