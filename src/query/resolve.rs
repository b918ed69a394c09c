//! A query read by the grammar, checked and completed against the index it runs on, before
//! tantivy's `QueryParser` builds it:
//!
//! - a field is one the index has, else an error that names the likely one and lists them;
//! - a prefix (`comunic*`, `"open da"*`, `#open*`) stands for the words of the index that
//!   start with it, each searched as itself (ranked, and marked in snippets), at most
//!   [`MAX_PREFIX_WORDS`] of them: more is an error, never a silent cut;
//! - values the index keeps as written (`lang`, `type`, `format`, `event`) match whatever
//!   their case (`lang:IT`);
//! - a speaker is found by any of their names ([`Event::find_speaker`]), else an error that
//!   lists the known ones;
//! - dates of `created_at` are read in the request's time zone, as `since:` and `until:` are.
//!
//! tantivy's own errors are told in words ([`explain`]), never passed on raw.

use std::cell::{Cell, OnceCell};
use std::collections::BTreeSet;

use anyhow::{Result, anyhow, bail};
use chrono_tz::Tz;
use tantivy::Searcher;
use tantivy::query::QueryParserError;
use tantivy::query_grammar::{
    Delimiter, Occur, UserInputAst, UserInputBound, UserInputLeaf, UserInputLiteral,
};
use tantivy::schema::{Field, FieldType};

use crate::event::Event;
use crate::index::Archive;
use crate::index::Fields;
use crate::model::fold::{closest, fold};
use crate::model::time::{parse_time, rfc3339};

/// How many words of the index a prefix may stand for (as many as Lucene's clauses): each is
/// searched as a word of its own, so that results are ranked and the words marked. A prefix of
/// one or two letters stands for more; it is refused with a word of advice.
pub const MAX_PREFIX_WORDS: usize = 1024;

/// How many words the prefixes of one query may stand for in all (a script's query of a
/// thousand prefixes would otherwise build a million terms).
pub const MAX_QUERY_WORDS: usize = 4 * MAX_PREFIX_WORDS;

/// Fields whose values the index keeps as written, which people write in any case.
const ANY_CASE: [&str; 4] = [Fields::LANG, Fields::KIND, Fields::FORMAT, Fields::EVENT];

/// The shorthands, which are not fields of the index but read as ones.
const SHORTHANDS: [&str; 5] = ["from", "speaker", "is", "since", "until"];

/// The fields a query names, as the README lists them (the shorthands first in messages).
pub const SEARCHABLE: [&str; 21] = [
    Fields::TEXT,
    Fields::HASHTAGS,
    Fields::MENTIONS,
    Fields::AUTHOR,
    Fields::LANG,
    Fields::KIND,
    Fields::SPEAKERS,
    Fields::EVENT,
    Fields::ID,
    Fields::URLS,
    Fields::RETWEET_OF,
    Fields::QUOTE_OF,
    Fields::REPLY_TO,
    Fields::RETWEET_OF_AUTHOR,
    Fields::QUOTE_OF_AUTHOR,
    Fields::REPLY_TO_AUTHOR,
    Fields::FORMAT,
    Fields::SOURCE,
    Fields::CREATED_AT,
    Fields::RETWEET_COUNT,
    Fields::FAVORITE_COUNT,
];

/// What [`Known::scan`] does with a term.
enum Keep {
    Take,
    Skip,
    Stop,
}

/// What a query is checked against: the index's fields and words, its programmes, the zone
/// dates are read in.
pub(crate) struct Known<'a> {
    archive: &'a Archive,
    searcher: Searcher,
    /// The event the request is about, which speakers are looked up in (else every event).
    event: Option<String>,
    events: OnceCell<Vec<Event>>,
    tz: Tz,
    /// How many words the query's prefixes stand for so far.
    expanded: Cell<usize>,
}

impl<'a> Known<'a> {
    pub(crate) fn new(archive: &'a Archive, event: Option<&str>, tz: Tz) -> Result<Known<'a>> {
        Ok(Known {
            archive,
            searcher: archive.reader()?.searcher(),
            event: event.map(str::to_string),
            events: OnceCell::new(),
            tz,
            expanded: Cell::new(0),
        })
    }

    /// The programmes speakers are looked up in, read once.
    fn events(&self) -> Result<&[Event]> {
        if let Some(events) = self.events.get() {
            return Ok(events);
        }
        let mut events = self.archive.events()?;
        if let Some(slug) = &self.event {
            events.retain(|e| &e.slug == slug);
        }
        Ok(self.events.get_or_init(|| events))
    }

    /// The distinct terms of `field` from `from` on (in byte order) that `keep` takes, until it
    /// says to stop; and whether they are all there (false: `limit` were taken and there are
    /// more).
    fn scan(
        &self,
        field: Field,
        from: &str,
        limit: usize,
        mut keep: impl FnMut(&str) -> Keep,
    ) -> Result<(BTreeSet<String>, bool)> {
        let mut found = BTreeSet::new();
        for segment in self.searcher.segment_readers() {
            let inverted = segment.inverted_index(field)?;
            let mut stream = inverted.terms().range().ge(from.as_bytes()).into_stream()?;
            while stream.advance() {
                let term = String::from_utf8_lossy(stream.key());
                match keep(&term) {
                    Keep::Stop => break,
                    Keep::Skip => {}
                    Keep::Take => {
                        if !found.contains(term.as_ref()) {
                            if found.len() == limit {
                                return Ok((found, false));
                            }
                            found.insert(term.into_owned());
                        }
                    }
                }
            }
        }
        Ok((found, true))
    }

    /// The terms of `field` that start with `prefix`, at most `limit` (and whether that is all).
    fn starting_with(
        &self,
        field: Field,
        prefix: &str,
        limit: usize,
    ) -> Result<(BTreeSet<String>, bool)> {
        self.scan(field, prefix, limit, |t| match t.starts_with(prefix) {
            true => Keep::Take,
            false => Keep::Stop,
        })
    }

    /// How `field` writes `value`, whatever its case: the values it holds that differ from it by
    /// case alone (ASCII; other values as given).
    pub(crate) fn any_case(&self, field: Field, value: &str) -> Result<Vec<String>> {
        if !value.is_ascii() {
            return Ok(vec![value.to_string()]);
        }
        // Every spelling of an ASCII word by case lies between its upper and its lower case.
        let (upper, lower) = (value.to_ascii_uppercase(), value.to_ascii_lowercase());
        let (found, _) = self.scan(field, &upper, usize::MAX, |t| {
            if t > lower.as_str() {
                Keep::Stop
            } else if t.eq_ignore_ascii_case(value) {
                Keep::Take
            } else {
                Keep::Skip
            }
        })?;
        let found: Vec<String> = found.into_iter().collect();
        Ok(if found.is_empty() {
            vec![value.to_string()]
        } else {
            found
        })
    }

    /// The speakers someone means by `who`, as the index keeps their names: by the programmes'
    /// rule ([`Event::find_speaker`]), else a speaker the index's tweets are attributed to (a
    /// programme it does not keep); an error listing the known speakers otherwise.
    pub(crate) fn speakers(&self, who: &str) -> Result<Vec<String>> {
        let events = self.events()?;
        let mut names: Vec<String> = events
            .iter()
            .filter_map(|e| e.find_speaker(who))
            .map(|(_, s)| s.display().to_string())
            .collect();
        names.sort();
        names.dedup();
        if !names.is_empty() {
            return Ok(names);
        }
        let field = self.archive.fields.speakers;
        let key = fold(who.trim().trim_start_matches(['@', '＠']));
        let (attributed, _) = self.scan(field, "", 50, |_| Keep::Take)?;
        let (same, _) = self.scan(field, &key, 1, |t| match t == key {
            true => Keep::Take,
            false => Keep::Stop,
        })?;
        if !key.is_empty() && !same.is_empty() {
            return Ok(vec![key]);
        }
        if !events.is_empty() {
            return Err(crate::event::unknown_speaker(who, events));
        }
        if !attributed.is_empty() {
            let known: Vec<&str> = attributed.iter().map(String::as_str).collect();
            bail!(
                "no speaker {who:?} among those the index's tweets are attributed to ({})",
                known.join(", ")
            );
        }
        bail!(
            "no speaker {who:?}: the index keeps no programme, so no tweet is attributed to a \
             speaker (ingest with --event FILE, or run `chirpdex event apply FILE`)"
        )
    }

    /// The query checked and completed (see the module's doc).
    pub(crate) fn rewrite(&self, ast: UserInputAst) -> Result<UserInputAst> {
        Ok(match ast {
            UserInputAst::Clause(clauses) => UserInputAst::Clause(
                clauses
                    .into_iter()
                    .map(|(occur, a)| Ok((occur, self.rewrite(a)?)))
                    .collect::<Result<_>>()?,
            ),
            UserInputAst::Boost(a, boost) => {
                UserInputAst::Boost(Box::new(self.rewrite(*a)?), boost)
            }
            UserInputAst::Leaf(leaf) => self.leaf(*leaf)?,
        })
    }

    /// A field named in the query: one of the index's, that can be searched.
    fn field(&self, name: &str, written: &str) -> Result<Field> {
        let schema = self.archive.index.schema();
        let Ok(field) = schema.get_field(name) else {
            return Err(unknown_field(name, written));
        };
        let entry = schema.get_field_entry(field);
        if !entry.is_indexed() && !entry.is_fast() {
            bail!(
                "{name} is kept with each tweet but cannot be searched\n  fields: {}",
                listed()
            );
        }
        Ok(field)
    }

    fn leaf(&self, leaf: UserInputLeaf) -> Result<UserInputAst> {
        let leaf = match leaf {
            UserInputLeaf::Literal(literal) => return self.literal(literal),
            UserInputLeaf::Range {
                field,
                lower,
                upper,
            } => {
                let Some(name) = field else {
                    bail!(
                        "a range needs a field, as in retweet_count:[10 TO *] or \
                         created_at:[2015-11-17 TO 2015-11-18}}"
                    );
                };
                let f = self.field(&name, &name)?;
                let (lower, upper) =
                    match self.archive.index.schema().get_field_entry(f).field_type() {
                        FieldType::Date(_) => (
                            self.bound_time(&name, lower)?,
                            self.bound_time(&name, upper)?,
                        ),
                        FieldType::U64(_) => {
                            (bound_count(&name, lower)?, bound_count(&name, upper)?)
                        }
                        _ => (lower, upper),
                    };
                UserInputLeaf::Range {
                    field: Some(name),
                    lower,
                    upper,
                }
            }
            UserInputLeaf::Set { field, elements } => {
                if let Some(name) = &field {
                    self.field(name, name)?;
                }
                UserInputLeaf::Set { field, elements }
            }
            UserInputLeaf::Exists { field } => {
                let f = self.field(&field, &field)?;
                if !self.archive.index.schema().get_field_entry(f).is_fast() {
                    let fast: Vec<&str> = SEARCHABLE
                        .into_iter()
                        .filter(|n| {
                            let schema = self.archive.index.schema();
                            schema
                                .get_field(n)
                                .is_ok_and(|f| schema.get_field_entry(f).is_fast())
                        })
                        .collect();
                    bail!(
                        "{field}:* (tweets with any {field}) cannot be asked of {field}; it can \
                         of:\n  {}",
                        crate::event::wrap(fast, ", ", 2)
                    );
                }
                UserInputLeaf::Exists { field }
            }
            UserInputLeaf::Regex { .. } => bail!(
                "regular expressions (/.../) are not supported; for the words that start alike, \
                 write the start and * (comunic*)"
            ),
            UserInputLeaf::All => UserInputLeaf::All,
        };
        Ok(UserInputAst::Leaf(Box::new(leaf)))
    }

    fn literal(&self, literal: UserInputLiteral) -> Result<UserInputAst> {
        let name = literal
            .field_name
            .clone()
            .unwrap_or_else(|| Fields::TEXT.to_string());
        let written = match &literal.field_name {
            Some(f) => format!("{f}:{}", literal.phrase),
            None => literal.phrase.clone(),
        };
        let field = self.field(&name, &written)?;
        let plain = literal.delimiter == Delimiter::None;
        // `word*`, or a phrase then `*`: the words of the index that start so.
        let starred = plain && literal.phrase.len() > 1 && literal.phrase.ends_with('*');
        if literal.prefix || starred {
            let body = match starred {
                true => &literal.phrase[..literal.phrase.len() - 1],
                false => literal.phrase.as_str(),
            };
            if plain && body.contains('*') {
                bail!("{written}: * stands only at the end of a word (comunic*)");
            }
            return self.prefix(field, &name, body, &written);
        }
        if plain && literal.phrase.contains('*') {
            bail!(
                "{written}: * stands only at the end of a word (comunic*), or alone for every tweet"
            );
        }
        let fields = &self.archive.fields;
        if field == fields.speakers {
            let names = self.speakers(&literal.phrase)?;
            return Ok(any(names.into_iter().map(|n| quoted(&name, n))));
        }
        if ANY_CASE.contains(&name.as_str()) {
            let values = self.any_case(field, &literal.phrase)?;
            return Ok(any(values.into_iter().map(|v| quoted(&name, v))));
        }
        match self
            .archive
            .index
            .schema()
            .get_field_entry(field)
            .field_type()
        {
            FieldType::Date(_) => {
                let at = self.time(&name, &literal.phrase)?;
                Ok(leaf(UserInputLiteral {
                    phrase: at,
                    ..literal
                }))
            }
            // Counts are fast fields, not indexed: a value is a range of one.
            FieldType::U64(_) if field != fields.key => {
                let n = count(&name, &literal.phrase)?;
                Ok(UserInputAst::Leaf(Box::new(UserInputLeaf::Range {
                    field: Some(name),
                    lower: UserInputBound::Inclusive(n.clone()),
                    upper: UserInputBound::Inclusive(n),
                })))
            }
            _ => Ok(leaf(literal)),
        }
    }

    /// `body*`: the words of `field` that start with `body` as the field reads it; a phrase
    /// (`"open da"*`) is its words then each word of the index its last one starts.
    fn prefix(&self, field: Field, name: &str, body: &str, written: &str) -> Result<UserInputAst> {
        if !matches!(
            self.archive
                .index
                .schema()
                .get_field_entry(field)
                .field_type(),
            FieldType::Str(_)
        ) {
            bail!("{written}: a prefix (*) is for words, names and tags, not for {name}");
        }
        let mut analyzer = self.archive.index.tokenizer_for_field(field)?;
        let mut words: Vec<String> = Vec::new();
        let mut stream = analyzer.token_stream(body);
        while let Some(token) = stream.next() {
            words.push(token.text.clone());
        }
        let Some(last) = words.pop() else {
            bail!("{written}: a prefix needs a letter or a digit before its *");
        };
        let (found, all) = self.starting_with(field, &last, MAX_PREFIX_WORDS)?;
        if !all {
            let (some, _) = self.starting_with(field, &last, 3)?;
            let some: Vec<String> = some.into_iter().collect();
            bail!(
                "{written} stands for more than {MAX_PREFIX_WORDS} words of the index ({}, …): \
                 write more of the word",
                some.join(", ")
            );
        }
        self.expanded.set(self.expanded.get() + found.len());
        if self.expanded.get() > MAX_QUERY_WORDS {
            bail!(
                "the query's prefixes stand for more than {MAX_QUERY_WORDS} words of the index in \
                 all: write more of each word"
            );
        }
        let phrase = |word: &str| match words.is_empty() {
            true => word.to_string(),
            false => format!("{} {word}", words.join(" ")),
        };
        if found.is_empty() {
            // No word starts so: the prefix itself, which the index does not hold, finds nothing.
            return Ok(quoted(name, phrase(&last)));
        }
        Ok(any(found.iter().map(|w| quoted(name, phrase(w)))))
    }

    /// A time of `created_at` as tantivy reads it (RFC 3339, UTC), read in the request's zone.
    fn time(&self, name: &str, text: &str) -> Result<String> {
        parse_time(text, self.tz)
            .map(rfc3339)
            .map_err(|e| anyhow!("{name}:{text}: {e:#}"))
    }

    fn bound_time(&self, name: &str, bound: UserInputBound) -> Result<UserInputBound> {
        Ok(match bound {
            UserInputBound::Inclusive(t) if t != "*" => {
                UserInputBound::Inclusive(self.time(name, &t)?)
            }
            UserInputBound::Exclusive(t) if t != "*" => {
                UserInputBound::Exclusive(self.time(name, &t)?)
            }
            other => other,
        })
    }
}

/// A count as tantivy reads it, checked.
fn count(name: &str, text: &str) -> Result<String> {
    match text.parse::<u64>() {
        Ok(n) => Ok(n.to_string()),
        Err(_) => bail!("{name}:{text}: a count is a whole number, as in {name}:[10 TO *]"),
    }
}

fn bound_count(name: &str, bound: UserInputBound) -> Result<UserInputBound> {
    Ok(match bound {
        UserInputBound::Inclusive(t) if t != "*" => UserInputBound::Inclusive(count(name, &t)?),
        UserInputBound::Exclusive(t) if t != "*" => UserInputBound::Exclusive(count(name, &t)?),
        other => other,
    })
}

fn leaf(literal: UserInputLiteral) -> UserInputAst {
    UserInputAst::Leaf(Box::new(UserInputLeaf::Literal(literal)))
}

/// `field:"value"`, the value read by the field's own analyser.
fn quoted(field: &str, value: String) -> UserInputAst {
    leaf(UserInputLiteral {
        field_name: Some(field.to_string()),
        phrase: value,
        delimiter: Delimiter::DoubleQuotes,
        slop: 0,
        prefix: false,
    })
}

/// Any of the queries (the one alone when there is one).
fn any(mut queries: impl ExactSizeIterator<Item = UserInputAst>) -> UserInputAst {
    if queries.len() == 1
        && let Some(q) = queries.next()
    {
        return q;
    }
    UserInputAst::Clause(queries.map(|q| (Some(Occur::Should), q)).collect())
}

/// Every field a query can name, shorthands first, as a message lists them: after `  fields: `,
/// in lines that fit a terminal.
fn listed() -> String {
    let names: Vec<String> = SHORTHANDS
        .into_iter()
        .chain(SEARCHABLE)
        .map(|f| format!("{f}:"))
        .collect();
    crate::event::wrap(names.iter().map(String::as_str), " ", 10)
}

/// A field the index does not have: the likely one, every one, and how to search for the words.
fn unknown_field(name: &str, written: &str) -> anyhow::Error {
    let hint = match closest(name, SHORTHANDS.into_iter().chain(SEARCHABLE)) {
        Some(f) => format!(" (did you mean {f}:?)"),
        None => String::new(),
    };
    anyhow!(
        "unknown field {name}: in {written}{hint}\n  fields: {}\n  to search for {written} as \
         words, put it in quotes: \"{written}\"",
        listed()
    )
}

/// tantivy's complaint about a query, in words. (The checks above leave few to reach here.)
pub(crate) fn explain(e: QueryParserError) -> anyhow::Error {
    use QueryParserError as E;
    match e {
        E::SyntaxError(_) => anyhow!("chirpdex cannot read the query"),
        E::UnsupportedQuery(what) => anyhow!("this query cannot be run ({what})"),
        E::FieldDoesNotExist(name) => unknown_field(&name, &name),
        E::ExpectedInt(_) => anyhow!("a count is a whole number, as in retweet_count:[10 TO *]"),
        E::ExpectedBase64(_)
        | E::ExpectedFloat(_)
        | E::IpFormatError(_)
        | E::FacetFormatError(_) => {
            anyhow!("a value does not suit its field\n  fields: {}", listed())
        }
        E::ExpectedBool(_) => anyhow!("a yes-or-no field takes true or false"),
        E::AllButQueryForbidden => anyhow!(
            "a query of excluding terms alone (-word, NOT word) matches nothing: add what to keep, \
             as in * -#pasocial"
        ),
        E::NoDefaultFieldDeclared => anyhow!("a term needs a field"),
        E::FieldNotIndexed(name) => anyhow!(
            "{name} is kept with each tweet but cannot be searched\n  fields: {}",
            listed()
        ),
        E::FieldDoesNotHavePositionsIndexed(name) => anyhow!(
            "{name} holds whole values (one tag, one handle): search it for one value, not a phrase"
        ),
        E::PhrasePrefixRequiresAtLeastTwoTerms { phrase, .. } => {
            anyhow!("\"{phrase}\"*: write a word before the *")
        }
        E::UnknownTokenizer { field, .. } => anyhow!("{field} cannot be searched by words"),
        E::RangeMustNotHavePhrase => {
            anyhow!("a range goes from one value to another, not from a phrase")
        }
        E::DateFormatError(_) => {
            anyhow!("dates are 2015-11-17, 2015-11-17T10:30 or RFC 3339 (2015-11-17T10:30:00Z)")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::index::testing::{archive_of, tweet};
    use crate::model::{Attribution, Method};
    use crate::query::{Request, for_each_match};

    /// Tweets in Italian and English with words that start alike, languages written in either
    /// case, one tweet about a speaker of the programme kept with the index.
    fn archive() -> (tempfile::TempDir, Archive) {
        let texts = [
            ("1", "La comunicazione pubblica", "it"),
            ("2", "Comunicare è un mestiere", "IT"),
            ("3", "i dati aperti della PA", "en-GB"),
            ("4", "open data day, dati e altro", "en"),
            ("5", "open dati per tutti", "it"),
            ("6", "l'intervento di Giulia sulla comunicazione", "it"),
            ("7", "#datiaperti", "it"),
        ];
        let mut tweets: Vec<_> = texts
            .iter()
            .map(|(id, text, lang)| {
                let mut t = tweet(id, "sara", "2015-11-17T09:00:00Z", &[]);
                t.text = text.to_string();
                t.lang = Some(lang.to_string());
                // Counted by their source, but for the last (copied text, say).
                t.retweet_count = (*id != "7").then_some(0);
                t
            })
            .collect();
        tweets[5].attributions = vec![Attribution {
            speaker: "Giulia Martini".into(),
            method: Method::Name,
        }];
        tweets[6].hashtags = vec!["datiaperti".into()];
        let (dir, archive) = archive_of(&tweets);
        std::fs::create_dir_all(dir.path().join("events")).unwrap();
        std::fs::write(
            dir.path().join("events/day.toml"),
            "slug = 'day'\ntitle = 'A day'\ntimezone = 'Europe/Rome'\n\
             [[speakers]]\nname = 'Giulia Martini'\nhandles = ['@GiuliaMartini']\n\
             aliases = ['Martini']\n[[speakers]]\nname = 'Marco Valente'\n",
        )
        .unwrap();
        (dir, archive)
    }

    fn ids(a: &Archive, query: &str) -> Result<Vec<String>> {
        let mut ids = Vec::new();
        for_each_match(a, &Request::new(query), |t| {
            ids.push(t.id);
            Ok(())
        })?;
        ids.sort();
        Ok(ids)
    }

    fn err(a: &Archive, query: &str) -> String {
        format!("{:#}", ids(a, query).expect_err(query))
    }

    #[test]
    fn a_prefix_stands_for_the_words_that_start_with_it() {
        let (_dir, a) = archive();
        assert_eq!(ids(&a, "comunic*").unwrap(), ["1", "2", "6"]);
        assert_eq!(ids(&a, "COMUNIC*").unwrap(), ["1", "2", "6"]);
        assert_eq!(ids(&a, "text:comunica*").unwrap(), ["1", "2", "6"]);
        // `dati*` is not `dati`: the hashtag's word starts with it too.
        assert_eq!(ids(&a, "dati").unwrap(), ["3", "4", "5"]);
        assert_eq!(ids(&a, "dati*").unwrap(), ["3", "4", "5", "7"]);
        assert_eq!(ids(&a, "-dati* *").unwrap(), ["1", "2", "6"]);
        assert_eq!(ids(&a, "zzz*").unwrap(), [] as [&str; 0]);
        assert_eq!(ids(&a, "#dati*").unwrap(), ["7"]);
        assert_eq!(ids(&a, "from:sa*").unwrap().len(), 7);
    }

    #[test]
    fn a_phrase_prefix_ends_with_any_word_that_starts_so() {
        let (_dir, a) = archive();
        assert_eq!(ids(&a, "\"open da\"*").unwrap(), ["4", "5"]);
        assert_eq!(ids(&a, "\"open dat\"*").unwrap(), ["4", "5"]);
        assert_eq!(ids(&a, "\"open dati\"*").unwrap(), ["5"]);
        assert_eq!(ids(&a, "\"dati ap\"*").unwrap(), ["3"]);
        // One word in quotes is a prefix of one word.
        assert_eq!(ids(&a, "\"comunic\"*").unwrap(), ["1", "2", "6"]);
    }

    #[test]
    fn a_prefix_of_too_many_words_or_a_star_inside_a_word_is_refused() {
        let many: String = (0..MAX_PREFIX_WORDS + 1)
            .map(|i| format!("w{i:05} "))
            .collect();
        let mut t = tweet("1", "sara", "2015-11-17T09:00:00Z", &[]);
        t.text = many;
        let (_dir, a) = archive_of(&[t]);
        let e = err(&a, "w*");
        assert!(e.contains("w* stands for more than 1024 words"), "{e}");
        assert!(e.contains("w00000, w00001, w00002, …"), "{e}");
        assert_eq!(ids(&a, "w0001*").unwrap(), ["1"]);
        // w00* stands for a thousand words: five times over is too many for one query.
        assert_eq!(ids(&a, "w00* W00* text:w00* text:W00*").unwrap(), ["1"]);
        let e = err(&a, "w00* W00* text:w00* text:W00* \"w00\"*");
        assert!(e.contains("prefixes stand for more than 4096 words"), "{e}");
        let e = err(&a, "*dati");
        assert!(e.contains("* stands only at the end of a word"), "{e}");
        let e = err(&a, "com*ne");
        assert!(e.contains("* stands only at the end of a word"), "{e}");
    }

    #[test]
    fn languages_types_and_formats_match_whatever_their_case() {
        let (_dir, a) = archive();
        assert_eq!(ids(&a, "lang:it").unwrap(), ["1", "2", "5", "6", "7"]);
        assert_eq!(ids(&a, "lang:IT").unwrap(), ["1", "2", "5", "6", "7"]);
        assert_eq!(ids(&a, "lang:en-gb").unwrap(), ["3"]);
        assert_eq!(ids(&a, "lang:(EN OR en-gb)").unwrap(), ["3", "4"]);
        assert_eq!(ids(&a, "lang:fr").unwrap(), [] as [&str; 0]);
        assert_eq!(ids(&a, "type:ORIGINAL").unwrap().len(), 7);
        assert_eq!(ids(&a, "format:V1").unwrap().len(), 7);
    }

    #[test]
    fn apostrophes_are_part_of_words() {
        let (_dir, a) = archive();
        assert_eq!(ids(&a, "l'intervento").unwrap(), ["6"]);
        assert_eq!(ids(&a, "'open dati'").unwrap(), ["5"]);
    }

    #[test]
    fn a_speaker_is_found_by_any_name_and_an_unknown_one_is_an_error() {
        let (_dir, a) = archive();
        for who in [
            "speaker:\"Giulia Martini\"",
            "speaker:\"GIULIA MARTINI\"",
            "speaker:martini",
            "speaker:@giuliamartini",
            "speaker:giulia-martini",
            "speakers:martini",
        ] {
            assert_eq!(ids(&a, who).unwrap(), ["6"], "{who}");
        }
        let mut by_flag = Request::new("*");
        by_flag.filters.speakers = vec!["GiuliaMartini".into()];
        assert_eq!(crate::query::count(&a, &by_flag).unwrap(), 1);
        let e = err(&a, "speaker:Nobody");
        assert_eq!(
            e,
            "no speaker \"Nobody\" in day; its speakers are:\n  Giulia Martini, Marco Valente"
        );
        by_flag.filters.speakers = vec!["Nobody".into()];
        let e = format!("{:#}", crate::query::count(&a, &by_flag).unwrap_err());
        assert!(e.contains("Giulia Martini, Marco Valente"), "{e}");
        // A speaker of the programme about whom nothing was said matches nothing.
        assert_eq!(
            ids(&a, "speaker:\"marco valente\"").unwrap(),
            [] as [&str; 0]
        );
    }

    #[test]
    fn speakers_without_a_programme_are_those_the_tweets_are_attributed_to() {
        let (dir, a) = archive();
        std::fs::remove_dir_all(dir.path().join("events")).unwrap();
        assert_eq!(ids(&a, "speaker:\"giulia martini\"").unwrap(), ["6"]);
        let e = err(&a, "speaker:martini");
        assert!(e.contains("attributed to (giulia martini)"), "{e}");
        let (_dir, bare) = archive_of(&[tweet("1", "x", "2015-11-17T09:00:00Z", &[])]);
        let e = err(&bare, "speaker:x");
        assert!(e.contains("the index keeps no programme"), "{e}");
    }

    #[test]
    fn unknown_fields_name_the_likely_one_and_list_them() {
        let (_dir, a) = archive();
        let e = err(&a, "fro:x");
        assert!(
            e.starts_with("unknown field fro: in fro:x (did you mean from:?)"),
            "{e}"
        );
        assert!(
            e.contains("fields: from: speaker: is: since: until: text: hashtags:"),
            "{e}"
        );
        let e = err(&a, "https://t.co/x");
        assert!(e.contains("put it in quotes: \"https://t.co/x\""), "{e}");
        assert!(!e.contains("did you mean"), "{e}");
        assert!(err(&a, "hashtag:pa").contains("did you mean hashtags:?"));
        assert!(err(&a, "author_name:x").contains("cannot be searched"));
        assert!(err(&a, "text:*").contains("text:* (tweets with any text) cannot be asked"));
        assert!(err(&a, "text:/dat.*/").contains("regular expressions"));
        assert!(err(&a, "retweet_count:many").contains("a count is a whole number"));
        assert!(err(&a, "[a TO b]").contains("a range needs a field"));
        for q in [
            "fro:x",
            "text:*",
            "[a TO b]",
            "-dati",
            "created_at:yesterday",
        ] {
            let e = err(&a, q);
            assert!(
                !e.contains("Syntax Error") && !e.contains("Field does"),
                "{q}: {e}"
            );
        }
    }

    #[test]
    fn counts_and_dates_read_as_people_write_them() {
        let (_dir, a) = archive();
        // A count no source gave is not 0.
        assert_eq!(ids(&a, "retweet_count:0").unwrap().len(), 6);
        assert_eq!(ids(&a, "retweet_count:[1 TO *]").unwrap().len(), 0);
        assert_eq!(
            ids(&a, "created_at:[2015-11-17 TO 2015-11-18}")
                .unwrap()
                .len(),
            7
        );
        assert_eq!(
            ids(&a, "created_at:[2015-11-17T10:00 TO *}").unwrap().len(),
            0
        );
        let rome: Tz = "Europe/Rome".parse().unwrap();
        let mut local = Request::new("created_at:[2015-11-17T10:00 TO *}");
        local.tz = rome;
        assert_eq!(crate::query::count(&a, &local).unwrap(), 7);
        assert!(err(&a, "created_at:[17/11 TO *]").contains("17/11"));
    }
}
