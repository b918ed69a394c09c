//! Twitter API v2: twarc2 response pages (one page a line), lists of tweets, flattened tweets.
//!
//! A v2 tweet names its author and the tweets it retweets, quotes or answers by id only; a page
//! (`{"data": [...], "includes": {"users": [...], "tweets": [...]}}`) carries them once, and
//! `twarc2 flatten` inlines them in each tweet (`author`, each `referenced_tweets[]` merged with
//! its tweet). Every tweet is read as a flattened one: a page's are first flattened as twarc does,
//! from the page's own bytes, with its `includes` and each other (a retweet's original may be in
//! `data` only). That form is also the original kept: it stands alone, reads back the same, and
//! is what a large page read tweet by tweet gives. A page's `errors` (suspended accounts, deleted
//! tweets) are not tweets.

use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap};

use serde::Deserialize;
use serde_json::Value;
use serde_json::value::RawValue;

use super::twitter::{self, Entities, Id, User, digits, unescape};
use super::{Emit, Record, Reject};
use crate::model::{Format, Reference, Tweet};

/// A v2 page or tweet, by keys no other format writes.
pub(crate) fn recognise(p: &super::Probe) -> bool {
    // A page (twarc2 notes each it writes in `__twarc`, even one with no tweets), or a tweet.
    let page = ["data", "includes", "__twarc"];
    p.any(&page) || p.any(&["author_id", "edit_history_tweet_ids", "public_metrics"])
}

/// Reads one record; emits each tweet it holds, or why it holds none.
pub fn parse(record: &Record, emit: &mut Emit<'_>) {
    parse_value(&record.bytes, false, emit);
}

/// A page or tweet, or a list of them (not a list of lists: that would recurse as deep as a
/// hostile file nests).
fn parse_value(bytes: &[u8], in_list: bool, emit: &mut Emit<'_>) {
    match super::first_byte(bytes) {
        Some(b'{') => match serde_json::from_slice::<Object>(bytes) {
            Err(e) => emit(Err(Reject::json(&e))),
            Ok(page) if page.is_page() => parse_page(&page, emit),
            Ok(tweet) => emit(convert(&tweet, bytes)),
        },
        Some(b'[') if in_list => emit(Err(Reject::Other(super::NESTED_LIST.into()))),
        Some(b'[') => match serde_json::from_slice::<Vec<&RawValue>>(bytes) {
            Ok(items) if items.is_empty() => {
                emit(Err(Reject::Other("an empty list, no tweets in it".into())))
            }
            Ok(items) => {
                for item in items {
                    parse_value(item.get().as_bytes(), true, emit);
                }
            }
            Err(e) => emit(Err(Reject::json(&e))),
        },
        _ => emit(Err(Reject::Other(super::NOT_AN_OBJECT.into()))),
    }
}

/// Emits a page's tweets, each flattened with the page's `includes` and its other tweets.
fn parse_page(page: &Object<'_>, emit: &mut Emit<'_>) {
    let mut joins = Joins::default();
    if let Some(includes) = page.includes {
        match serde_json::from_str::<Includes>(includes.get()) {
            Ok(includes) => joins.extend(includes),
            Err(e) => emit(Err(Reject::Other(format!(
                "includes: {}; the page's tweets are read without their authors and referenced tweets",
                Reject::json(&e)
            )))),
        }
    }
    let data = page
        .data
        .map(|d| (d, super::first_byte(d.get().as_bytes())));
    let items = match data {
        None => Vec::new(),
        Some((data, Some(b'['))) => match serde_json::from_str::<Vec<&RawValue>>(data.get()) {
            Ok(items) => items,
            Err(e) => return emit(Err(Reject::json(&e).at("data"))),
        },
        // A look-up of one tweet gives it alone.
        Some((data, Some(b'{'))) => vec![data],
        Some(_) => {
            let why = Reject::Other("neither a tweet nor a list of tweets".into());
            return emit(Err(why.at("data")));
        }
    };
    if items.is_empty() {
        return emit(Err(page.why_no_tweets()));
    }
    // A retweet's original found by a search is in `data`, and `includes` need not repeat it.
    for &raw in &items {
        insert(&mut joins.tweets, raw);
    }
    let read = |raw: &str| -> Result<Tweet, Reject> {
        let json = |e| Reject::json(&e);
        let flat = joins.flatten(raw, &serde_json::from_str(raw).map_err(json)?, page.twarc);
        convert(&serde_json::from_str(&flat).map_err(json)?, flat.as_bytes())
    };
    for (i, raw) in items.into_iter().enumerate() {
        emit(read(raw.get()).map_err(|why| why.at(format!("data[{i}]"))));
    }
}

/// A page over 16 MiB, read tweet by tweet (see `formats::document`): its `includes` are read
/// once, and each tweet comes to the reader flattened. The tweets of its `data` that others point
/// to and `includes` lack are added with [`LargePage::take`].
pub struct LargePage {
    joins: Joins,
}

/// What a tweet is and points to, by id (references left unread until asked for).
#[derive(Deserialize, Default)]
struct Pointers<'a> {
    id: Option<Id>,
    #[serde(borrow)]
    referenced_tweets: Option<&'a RawValue>,
}

/// A v2 tweet's id and the ids of the tweets it references, as numbers (0: no id): what reading
/// a large page notes of each of its tweets, to find the originals in its `data` afterwards.
pub fn pointers(tweet: &[u8]) -> (u64, Vec<u64>) {
    let p: Pointers = serde_json::from_slice(tweet).unwrap_or_default();
    let number = |id: Option<Id>| id.and_then(|i| i.0.parse::<u64>().ok()).filter(|&n| n > 0);
    let refs = p.referenced_tweets.map(|r| serde_json::from_str(r.get()));
    let refs: Vec<Pointers> = refs.and_then(Result::ok).unwrap_or_default();
    let refs = refs.into_iter().filter_map(|r| number(r.id));
    (number(p.id).unwrap_or(0), refs.collect())
}

impl LargePage {
    /// From a page's members beside `data` (`"key": value` joined by commas), whose `includes`
    /// it takes out; `None` when they or its `includes` do not read (its tweets are then read
    /// beside them as they are).
    pub fn new(context: &mut Vec<u8>) -> Option<LargePage> {
        let object = [b"{", &context[..], b"}"].concat();
        let mut members: BTreeMap<String, &RawValue> = serde_json::from_slice(&object).ok()?;
        let mut joins = Joins::default();
        if let Some(includes) = members.remove("includes") {
            joins.extend(serde_json::from_str(includes.get()).ok()?);
        }
        let others = serde_json::to_string(&members).ok()?;
        *context = others.get(1..others.len() - 1)?.as_bytes().to_vec();
        Some(LargePage { joins })
    }

    /// Whether the page has no copy of tweet `id` yet.
    pub fn lacks(&self, id: u64) -> bool {
        !self.joins.tweets.contains_key(&id.to_string())
    }

    /// Adds a tweet of the page's `data` that others point to (the first copy of each is kept).
    pub fn take(&mut self, tweet: &[u8]) {
        if let Ok(raw) = serde_json::from_slice::<&RawValue>(tweet) {
            insert(&mut self.joins.tweets, raw);
        }
    }

    /// One tweet of the page, flattened as the page read whole flattens it (the reader adds the
    /// page's `__twarc`); as it is when it does not read.
    pub fn flatten(&self, tweet: Vec<u8>) -> Vec<u8> {
        let Ok(raw) = std::str::from_utf8(&tweet) else {
            return tweet;
        };
        let Ok(t) = serde_json::from_str(raw) else {
            return tweet;
        };
        self.joins.flatten(raw, &t, None).into_bytes()
    }
}

/// A v2 object: a tweet (plain, flattened, or an entry of `referenced_tweets`), or a response
/// page, told by its page keys. Fields chirpdex does not use are skipped unbuilt.
#[derive(Deserialize)]
struct Object<'a> {
    id: Option<Id>,
    created_at: Option<String>,
    #[serde(borrow)]
    text: Option<Cow<'a, str>>,
    /// Long posts: the whole text and its entities, where `text` holds its first 280 characters.
    #[serde(borrow)]
    note_tweet: Option<Box<Object<'a>>>,
    author_id: Option<Id>,
    /// Inlined by `twarc2 flatten`, as is `in_reply_to_user`.
    author: Option<User>,
    #[serde(borrow)]
    entities: Option<Entities<'a>>,
    /// Kept unparsed: a page's tweet is spliced around it (see [`Joins::flatten`]).
    #[serde(borrow)]
    referenced_tweets: Option<&'a RawValue>,
    in_reply_to_user_id: Option<Id>,
    in_reply_to_user: Option<User>,
    lang: Option<String>,
    public_metrics: Option<Metrics>,
    /// In an entry of `referenced_tweets`: `retweeted`, `quoted` or `replied_to`.
    #[serde(rename = "type")]
    reference: Option<String>,
    /// twarc's note of where and when it collected the page.
    #[serde(borrow, rename = "__twarc")]
    twarc: Option<&'a RawValue>,
    // The keys of a response page.
    #[serde(borrow)]
    data: Option<&'a RawValue>,
    #[serde(borrow)]
    includes: Option<&'a RawValue>,
    #[serde(borrow)]
    errors: Option<&'a RawValue>,
    meta: Option<Meta>,
}

#[derive(Deserialize)]
struct Metrics {
    retweet_count: Option<u64>,
    like_count: Option<u64>,
}

#[derive(Deserialize)]
struct Meta {
    result_count: Option<u64>,
}

#[derive(Deserialize)]
struct Includes<'a> {
    #[serde(borrow, default)]
    users: Vec<&'a RawValue>,
    #[serde(borrow, default)]
    tweets: Vec<&'a RawValue>,
}

impl Object<'_> {
    fn is_page(&self) -> bool {
        self.data.is_some()
            || (self.id.is_none()
                && (self.includes.is_some() || self.errors.is_some() || self.meta.is_some()))
    }

    /// Why a page gives no tweet: its errors, or an empty result.
    fn why_no_tweets(&self) -> Reject {
        let errors: Vec<Value> = self
            .errors
            .and_then(|e| serde_json::from_str(e.get()).ok())
            .unwrap_or_default();
        let count = self.meta.as_ref().and_then(|m| m.result_count);
        Reject::Other(match (errors.first(), count) {
            (Some(e), _) => {
                let said = ["detail", "message", "title"].map(|k| e[k].as_str());
                let what = said.into_iter().flatten().next().unwrap_or("no detail");
                let (n, s) = (errors.len(), if errors.len() == 1 { "" } else { "s" });
                format!("a response page with no tweets, only {n} error{s} (first: {what})")
            }
            (None, Some(0)) => "a response page with no tweets (result_count 0)".into(),
            (None, _) => "a response page with no tweets".into(),
        })
    }
}

/// What a page holds once for all its tweets: its users and tweets by id, as written.
#[derive(Default)]
struct Joins {
    users: HashMap<String, Box<RawValue>>,
    tweets: HashMap<String, Box<RawValue>>,
}

/// Adds a user or tweet by its id (one without is context nobody points to); the first copy of
/// each is kept.
fn insert(map: &mut HashMap<String, Box<RawValue>>, raw: &RawValue) {
    if let Ok(Pointers { id: Some(id), .. }) = serde_json::from_str(raw.get()) {
        map.entry(id.0).or_insert_with(|| raw.to_owned());
    }
}

impl Joins {
    /// Indexes a page's `includes`; an entry that does not read is left out (it is context).
    fn extend(&mut self, includes: Includes) {
        for user in includes.users {
            insert(&mut self.users, user);
        }
        for tweet in includes.tweets {
            insert(&mut self.tweets, tweet);
        }
    }

    /// A user of the page, by id, if it reads as one (one that does not is left out, as context).
    fn user(&self, id: Option<&Id>) -> Option<&RawValue> {
        let raw = self.users.get(&id?.0)?;
        serde_json::from_str::<User>(raw.get()).ok()?;
        Some(raw)
    }

    /// The tweet as `twarc2 flatten` writes it: its own bytes, with each entry of
    /// `referenced_tweets` merged with the tweet it points to (and that tweet's `author`), and
    /// `author`, `in_reply_to_user` and the page's `__twarc` added at the end.
    fn flatten(&self, raw: &str, t: &Object, twarc: Option<&RawValue>) -> String {
        let Some(body) = raw.trim_end().strip_suffix('}') else {
            return raw.to_string();
        };
        let refs = t.referenced_tweets;
        let mut out = match refs.and_then(|r| Some((r, around(body, r.get())?))) {
            Some((refs, (before, after))) => format!("{before}{}{after}", self.merged(refs)),
            None => body.to_string(),
        };
        let user = |id: &Option<Id>, inlined: bool| self.user(id.as_ref()).filter(|_| !inlined);
        push_member(&mut out, "author", user(&t.author_id, t.author.is_some()));
        let answered = user(&t.in_reply_to_user_id, t.in_reply_to_user.is_some());
        push_member(&mut out, "in_reply_to_user", answered);
        push_member(&mut out, "__twarc", twarc.filter(|_| t.twarc.is_none()));
        out + "}"
    }

    /// Each `{type, id}` of `referenced_tweets` merged with the page's copy of tweet `id` and
    /// its author, as twarc does (`{**entry, **tweet}`): the entry's `type`, then the tweet's
    /// members as written. An entry the page has no readable copy of stays as it is.
    fn merged(&self, refs: &RawValue) -> String {
        let Ok(entries) = serde_json::from_str::<Vec<&RawValue>>(refs.get()) else {
            return refs.get().to_string();
        };
        let merge = |entry: &RawValue| -> Option<String> {
            let r: Object = serde_json::from_str(entry.get()).ok()?;
            let raw = self.tweets.get(&r.id?.0)?.get();
            let target: Object = serde_json::from_str(raw).ok()?;
            let members = raw.trim().strip_prefix('{')?.strip_suffix('}')?;
            let kind = r
                .reference
                .map(|k| format!("\"type\": {}, ", Value::from(k)));
            let mut out = format!("{{{}{members}", kind.unwrap_or_default());
            if target.author.is_none() {
                push_member(&mut out, "author", self.user(target.author_id.as_ref()));
            }
            Some(out + "}")
        };
        let merged: Vec<String> = entries
            .iter()
            .map(|e| merge(e).unwrap_or_else(|| e.get().to_string()))
            .collect();
        format!("[{}]", merged.join(", "))
    }
}

/// The text of `outer` before and after `inner`, a slice of it (a value borrowed from it).
fn around<'s>(outer: &'s str, inner: &str) -> Option<(&'s str, &'s str)> {
    let at = (inner.as_ptr() as usize).checked_sub(outer.as_ptr() as usize)?;
    let end = at.checked_add(inner.len())?;
    Some((outer.get(..at)?, outer.get(end..)?))
}

/// Appends `, "key": value` to an object being written (its closing brace not yet).
fn push_member(out: &mut String, key: &str, value: Option<&RawValue>) {
    let Some(value) = value else { return };
    if !out.trim_end().ends_with('{') {
        out.push_str(", ");
    }
    out.push_str(&format!("\"{key}\": {}", value.get()));
}

/// A tweet that stands alone: plain, or flattened (by twarc, or by [`Joins::flatten`] from a
/// page); `raw` is its original.
fn convert(t: &Object, raw: &[u8]) -> Result<Tweet, Reject> {
    let id = digits("id", &t.id.as_ref().ok_or(Reject::Missing("id or data"))?.0)?;
    let created_at = twitter::posted(&id, "created_at", t.created_at.as_deref(), true)?;
    // An `author_id` wins over the inlined author's `id`.
    let mut author = t.author.as_ref().map(User::author).unwrap_or_default();
    if let Some(id) = &t.author_id {
        author.id = id.0.clone();
    }
    let refs: Vec<Object> = match t.referenced_tweets {
        Some(refs) => serde_json::from_str(refs.get())
            .map_err(|e| Reject::json(&e).at("referenced_tweets"))?,
        None => Vec::new(),
    };
    let find = |kind: &str| refs.iter().find(|r| r.reference.as_deref() == Some(kind));
    let retweeted = find("retweeted");
    // A retweet's own text is cut: the original, if inlined, has the whole text and entities.
    let original = retweeted.filter(|r| r.text.is_some() || r.note_tweet.is_some());
    let content = original.unwrap_or(t);
    let note = content.note_tweet.as_ref();
    let text = content.text.as_deref();
    let text = note.and_then(|n| n.text.as_deref()).or(text);
    let metrics = t.public_metrics.as_ref();
    let mut tweet = Tweet {
        id,
        created_at,
        author,
        text: unescape(text.ok_or(Reject::Missing("text"))?),
        lang: t.lang.clone(),
        retweet_of: retweeted.and_then(|r| reference(r, None)),
        quote_of: find("quoted").and_then(|r| reference(r, None)),
        reply_to: find("replied_to").and_then(|r| reference(r, t.in_reply_to_user.as_ref())),
        retweet_count: metrics.and_then(|m| m.retweet_count),
        favorite_count: metrics.and_then(|m| m.like_count),
        format: Format::V2,
        raw: raw.to_vec(),
        ..Tweet::default()
    };
    // v2 leaves out a list it has nothing for: a kind is found in the text only without any.
    let listed = note.and_then(|n| n.entities.as_ref());
    let listed = listed.or(content.entities.as_ref()).map(|e| Entities {
        hashtags: Some(e.hashtags.clone().unwrap_or_default()),
        user_mentions: Some(e.user_mentions.clone().unwrap_or_default()),
        urls: Some(e.urls.clone().unwrap_or_default()),
    });
    twitter::entities(&mut tweet, &listed.unwrap_or_default());
    Ok(tweet)
}

/// An entry of `referenced_tweets` as a reference, by its author's handle, else by the handle of
/// the user `answered` (a reply names the user it answers, whose tweet may be gone).
fn reference(r: &Object, answered: Option<&User>) -> Option<Reference> {
    let handle = |u: Option<&User>| u?.screen_name.clone().filter(|h| !h.is_empty());
    Some(Reference {
        id: r.id.as_ref()?.0.clone(),
        author: handle(r.author.as_ref()).or_else(|| handle(answered)),
    })
}

#[cfg(test)]
mod tests {
    use std::path::{Path, PathBuf};
    use std::sync::Arc;

    use serde_json::Value;

    use super::*;
    use crate::formats::{self, Input};
    use crate::model::Author;
    use crate::model::TweetType;

    /// What a record gave: the line it starts on, and each tweet or reason.
    type Read = Vec<(u64, Result<Tweet, String>)>;

    /// Reads a whole file as `ingest` does: framed by `formats::read`, each record parsed.
    /// `None` for a file with nothing in it; the format is the one recognised unless forced.
    fn read_file(path: &Path, from: Option<Format>) -> Option<(Format, Read)> {
        let frames = formats::read(&Input::File(path.to_path_buf()), from, Arc::default())
            .map(crate::formats::Opened::frames)
            .unwrap()?;
        let mut format = None;
        let mut out = Vec::new();
        for record in frames {
            let record = record.unwrap();
            format.get_or_insert(record.source.format);
            Format::V2.parse(&record, &mut |t| {
                out.push((record.line, t.map_err(|e| e.to_string())))
            });
        }
        Some((format.unwrap_or(Format::V2), out))
    }

    fn fixture(name: &str) -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/data/v2")
            .join(name)
    }

    /// A fixture read as v2: its tweets, and its reasons with the lines they come from.
    fn fixture_read(name: &str) -> (Vec<Tweet>, Vec<(u64, String)>) {
        let (_, all) = read_file(&fixture(name), Some(Format::V2)).unwrap();
        let mut tweets = Vec::new();
        let mut reasons = Vec::new();
        for (line, result) in all {
            match result {
                Ok(t) => tweets.push(t),
                Err(r) => reasons.push((line, r)),
            }
        }
        (tweets, reasons)
    }

    fn parse_bytes(bytes: &[u8]) -> Vec<Result<Tweet, String>> {
        let record = Record {
            bytes: bytes.to_vec(),
            ..Record::default()
        };
        let mut out = Vec::new();
        Format::V2.parse(&record, &mut |t| out.push(t.map_err(|e| e.to_string())));
        out
    }

    fn without_raw(t: &Tweet) -> Tweet {
        Tweet {
            raw: Vec::new(),
            ..t.clone()
        }
    }

    fn reference(id: &str, author: Option<&str>) -> Option<Reference> {
        Some(Reference {
            id: id.into(),
            author: author.map(str::to_string),
        })
    }

    /// v2 escapes these three in text, like v1.1 (written again here, apart from the reader).
    fn unescaped(s: &str) -> String {
        s.replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&amp;", "&")
    }

    const LONG_POST: &str = "#pasocial otto anni dopo. Il social media manager è colui al quale \
        viene affidata, da una azienda o da una amministrazione, la comunicazione sul web e sui \
        canali social: crea e organizza una strategia, coordina un team di redattori, contatta \
        gli influencer del settore e misura con strumenti appositi i risultati, il tutto senza \
        uscire dal budget che gli è stato assegnato. Scrivere post e gestire un account già \
        avviato è attività redazionale #socialmediamanager";

    #[test]
    fn pages_give_their_tweets_joined_with_includes() {
        let (format, all) = read_file(&fixture("pages.jsonl"), None).unwrap();
        assert_eq!(format, Format::V2, "recognised from its content");
        let lines: Vec<u64> = all.iter().map(|(line, _)| *line).collect();
        assert_eq!(lines, [1, 1, 1, 1, 1, 2, 2, 2]);
        let t: Vec<Tweet> = all.into_iter().map(|(_, t)| t.unwrap()).collect();

        let a = &t[0];
        assert_eq!(a.id, "666548831646646272");
        assert_eq!(a.created_at.to_rfc3339(), "2015-11-17T09:30:00+00:00");
        assert_eq!(
            a.author,
            Author {
                handle: "SaraDurantini".into(),
                name: "Sara Durantini".into(),
                id: "111111111".into(),
            }
        );
        assert_eq!(
            a.text,
            "Lavoro, servizi, innovazione e nuovi linguaggi: questi i focus attorno ai quali \
             ruota #pasocial #italiasicura @fdicos10"
        );
        assert_eq!(a.kind, TweetType::Original);
        assert_eq!(a.hashtags, ["pasocial", "italiasicura"]);
        assert_eq!(a.mentions, ["fdicos10"]);
        assert!(a.urls.is_empty());
        assert_eq!((a.retweet_count, a.favorite_count), (Some(4), Some(6)));
        assert_eq!(a.lang.as_deref(), Some("it"));
        assert_eq!(a.format, Format::V2);
        assert_eq!(a.link, None);
        assert!(!a.date_only);

        // A retweet: the original's whole text (emoji outside the BMP, written as surrogate
        // pairs) and entities, while its own text is cut at 140 characters.
        let b = &t[1];
        assert_eq!(b.id, "666566447723446272");
        assert_eq!(b.kind, TweetType::Retweet);
        assert_eq!(b.author.handle, "UniTwitTS");
        assert_eq!(
            b.text,
            "#pasocial @ubimaggio \"copriamo sempre con live streaming gli interventi pubblici \
             del presidente @matteorenzi\" e li rilanciamo su tutti i canali \u{1F3A5}\u{1F4E1}"
        );
        assert_eq!(b.hashtags, ["pasocial"]);
        assert_eq!(b.mentions, ["ubimaggio", "matteorenzi"]);
        assert_eq!(
            b.retweet_of,
            reference("666553864811446273", Some("Antonello2011"))
        );
        assert_eq!((b.retweet_count, b.favorite_count), (Some(12), Some(0)));

        let d = &t[2];
        assert_eq!(d.kind, TweetType::Reply);
        assert_eq!(
            d.reply_to,
            reference("666541281899446272", Some("fdicos10"))
        );
        assert_eq!(d.mentions, ["fdicos10", "liviacolare"]);
        assert_eq!(d.created_at.to_rfc3339(), "2015-11-17T11:05:00+00:00");

        let e = &t[3];
        assert_eq!(e.kind, TweetType::Quote);
        assert_eq!(
            e.quote_of,
            reference("666553864811446273", Some("Antonello2011"))
        );
        assert!(
            e.text.contains("dei musei & perché #pasocial"),
            "{}",
            e.text
        );
        assert_eq!(e.hashtags, ["ioabitoisocial", "pasocial"]);
        assert_eq!(e.mentions, ["Mi_BACT"]);
        assert_eq!(
            e.urls,
            ["https://twitter.com/Antonello2011/status/666553864811446273"]
        );
        assert_eq!(e.author.name, "Stella Teodonio");

        // A retweet of a long post: `note_tweet` gives the whole text and its entities.
        let g = &t[4];
        assert_eq!(g.kind, TweetType::Retweet);
        assert_eq!(g.text, LONG_POST);
        assert_eq!(g.hashtags, ["pasocial", "socialmediamanager"]);
        assert_eq!(
            g.retweet_of,
            reference("1725431075435446274", Some("SaraDurantini"))
        );
        assert_eq!(g.created_at.to_rfc3339(), "2023-11-17T09:00:00+00:00");

        // The same tweet in another page is the same tweet.
        assert_eq!(without_raw(&t[5]), without_raw(a));

        // An author missing from includes: the id is known, the handle is not; no entities,
        // so they come from the text.
        let f = &t[6];
        assert_eq!(
            f.author,
            Author {
                id: "999999999".into(),
                ..Author::default()
            }
        );
        assert_eq!(f.hashtags, ["pasocial", "socialmediamanager"]);
        assert_eq!((f.retweet_count, f.favorite_count), (Some(0), Some(1)));

        // A retweet of a deleted tweet (the page's `errors` say so): its own text is all there is.
        let h = &t[7];
        assert_eq!(h.kind, TweetType::Retweet);
        assert_eq!(h.retweet_of, reference("666581547217846275", None));
        assert!(h.text.starts_with("RT @StellaTeodonio: #ioabitoisocial"));
        assert!(h.text.ends_with('…'));
        assert_eq!(h.mentions, ["StellaTeodonio", "Mi_BACT"]);
    }

    #[test]
    fn flattened_tweets_read_like_the_pages_they_came_from() {
        // flat.jsonl is pages.jsonl flattened as twarc2 flatten does.
        let (format, flat) = read_file(&fixture("flat.jsonl"), None).unwrap();
        assert_eq!(format, Format::V2);
        let (pages, reasons) = fixture_read("pages.jsonl");
        assert!(reasons.is_empty());
        let lines = std::fs::read_to_string(fixture("flat.jsonl")).unwrap();
        assert_eq!(flat.len(), 8);
        for (((_, got), want), line) in flat.into_iter().zip(&pages).zip(lines.lines()) {
            let got = got.unwrap();
            assert_eq!(without_raw(&got), without_raw(want));
            assert_eq!(
                got.raw,
                line.as_bytes(),
                "a flat tweet's original is its line"
            );
        }
    }

    #[test]
    fn a_page_tweet_original_is_its_flattened_form_and_reads_back() {
        let (pages, _) = fixture_read("pages.jsonl");
        let page_lines = std::fs::read_to_string(fixture("pages.jsonl")).unwrap();
        let twarc_lines = std::fs::read_to_string(fixture("flat.jsonl")).unwrap();
        for ((tweet, twarc), n) in pages.iter().zip(twarc_lines.lines()).zip(0..) {
            let again = parse_bytes(&tweet.raw);
            assert_eq!(again.len(), 1);
            let again = again.into_iter().next().unwrap().unwrap();
            assert_eq!(without_raw(&again), without_raw(tweet), "tweet {n}");
            assert_eq!(again.raw, tweet.raw);

            // Spliced from the page's own bytes: the tweet's members come first, as written.
            let raw = std::str::from_utf8(&tweet.raw).unwrap();
            let start = format!("{{\"id\": \"{}\", \"text\": ", tweet.id);
            assert!(raw.starts_with(&start), "{raw}");
            let spliced = raw
                .find(", \"referenced_tweets\": ")
                .or(raw.find(", \"author\": "))
                .or(raw.find(", \"__twarc\": "))
                .unwrap();
            assert!(page_lines.contains(&raw[..spliced]), "{raw}");

            // And it is what twarc2 flatten writes, but for the users twarc also merges into
            // `entities.mentions`, and an empty `author` where the page has none.
            let mut ours: Value = serde_json::from_str(raw).unwrap();
            let mut theirs: Value = serde_json::from_str(twarc).unwrap();
            for v in [&mut ours, &mut theirs] {
                let object = v.as_object_mut().unwrap();
                object.remove("entities");
                if object.get("author") == Some(&Value::Object(Default::default())) {
                    object.remove("author");
                }
            }
            assert_eq!(ours, theirs, "tweet {n}");
        }
        let b: Value = serde_json::from_slice(&pages[1].raw).unwrap();
        assert_eq!(b["author"]["username"], "UniTwitTS");
        assert_eq!(b["referenced_tweets"][0]["type"], "retweeted");
        assert_eq!(
            b["referenced_tweets"][0]["author"]["username"],
            "Antonello2011"
        );
        assert_eq!(b["__twarc"]["retrieved_at"], "2023-11-20T10:00:00+00:00");
        let d: Value = serde_json::from_slice(&pages[2].raw).unwrap();
        assert_eq!(d["in_reply_to_user"]["username"], "fdicos10");
    }

    #[test]
    fn a_large_page_gives_each_tweet_flattened_with_what_it_points_to() {
        let mut context = br#""meta":{"n":1},"includes":{"users":[{"id":"1"},{"id":"2"},{"id":"3"}],"tweets":[{"id":"9","author_id":"3"}]},"__twarc":{}"#.to_vec();
        let page = LargePage::new(&mut context).unwrap();
        assert_eq!(context, br#""__twarc":{},"meta":{"n":1}"#);
        let tweet =
            br#"{"id":"5","author_id":"1","referenced_tweets":[{"type":"quoted","id":"9"}]}"#;
        assert_eq!(
            String::from_utf8(page.flatten(tweet.to_vec())).unwrap(),
            r#"{"id":"5","author_id":"1","referenced_tweets":[{"type": "quoted", "id":"9","author_id":"3", "author": {"id":"3"}}], "author": {"id":"1"}}"#
        );
        assert!(LargePage::new(&mut br#""meta":{}"#.to_vec()).is_some());
        let mut broken = br#""includes":{"users":{}}"#.to_vec();
        assert!(LargePage::new(&mut broken).is_none());
        assert_eq!(broken, br#""includes":{"users":{}}"#, "left as it is");
        assert_eq!(page.flatten(b"[1]".to_vec()), b"[1]");
    }

    /// Tweets by id.
    fn by_id(tweets: impl IntoIterator<Item = Tweet>) -> HashMap<String, Tweet> {
        tweets.into_iter().map(|t| (t.id.clone(), t)).collect()
    }

    #[test]
    fn a_retweet_takes_its_original_from_the_pages_data() {
        // A search finds a tweet and its retweets: the original is in `data`, before or after
        // them, and `includes` do not repeat it (a page fetched without expansions has none).
        let (tweets, reasons) = fixture_read("pages_original_in_data.jsonl");
        assert!(reasons.is_empty(), "{reasons:?}");
        let t = by_id(tweets);
        let before = &t["666600000000000004"];
        assert_eq!(before.kind, TweetType::Retweet);
        assert_eq!(before.author.handle, "UniTwitTS");
        assert_eq!(
            before.text,
            "#pasocial La PA che comunica bene ascolta prima di parlare: @fdicos10 lo spiega con \
             i dati del #Censis & dell'Osservatorio https://t.co/CeNsIs0001"
        );
        assert_eq!(before.hashtags, ["pasocial", "Censis"]);
        assert_eq!(before.mentions, ["fdicos10"]);
        assert_eq!(
            before.urls,
            ["https://www.censis.it/comunicazione/pa-social"]
        );
        assert_eq!(
            before.retweet_of,
            reference("666600000000000001", Some("Antonello2011"))
        );
        let after = &t["666599000000000005"];
        assert_eq!(after.text, t["666599000000000002"].text);
        assert_eq!(after.hashtags, ["pasocial", "socialmediamanager"]);
        assert_eq!(after.mentions, ["StellaTeodonio"]);
        assert_eq!(
            after.retweet_of,
            reference("666599000000000002", Some("SaraDurantini"))
        );
        // A quote of a tweet in `data` knows its author too.
        assert_eq!(
            t["666600000000000003"].quote_of,
            reference("666600000000000001", Some("Antonello2011"))
        );
        // No includes: the whole text still, its entities from it; no author known.
        let bare = &t["666610000000000002"];
        assert!(
            bare.text.ends_with("chi ha seguito da casa"),
            "{}",
            bare.text
        );
        assert_eq!(bare.text, t["666610000000000001"].text);
        assert_eq!(bare.hashtags, ["pasocial"]);
        assert_eq!(bare.retweet_of, reference("666610000000000001", None));
        // Each original holds the tweet it retweets, and reads back the same.
        for tweet in t.values() {
            assert_eq!(parse_bytes(&tweet.raw), [Ok(tweet.clone())]);
        }
    }

    #[test]
    fn a_large_page_finds_originals_anywhere_in_its_data() {
        // Each page of the fixture, past 16 MiB with fillers after its first tweet, read post
        // by post, gives what it gives read whole.
        let dir = tempfile::tempdir().unwrap();
        let text = std::fs::read_to_string(fixture("pages_original_in_data.jsonl")).unwrap();
        let read = |path: &Path| {
            let (_, all) = read_file(path, Some(Format::V2)).unwrap();
            by_id(all.into_iter().map(|(_, t)| t.unwrap()))
        };
        let padding = "p".repeat(64 << 10);
        for (n, line) in text.lines().enumerate() {
            let mut page: Value = serde_json::from_str(line).unwrap();
            let small = dir.path().join(format!("small{n}.json"));
            std::fs::write(&small, page.to_string()).unwrap();
            let data = page["data"].as_array_mut().unwrap();
            let ids: Vec<String> = data.iter().map(|t| t["id"].to_string()).collect();
            for i in 0..280u64 {
                let id = (700_000_000_000_000_000 + i).to_string();
                let filler = serde_json::json!({"id": id, "text": "filler", "padding": padding});
                data.insert(1, filler);
            }
            let large = dir.path().join(format!("large{n}.json"));
            std::fs::write(&large, page.to_string()).unwrap();
            assert!(std::fs::metadata(&large).unwrap().len() > 17 << 20);
            let (small, large) = (read(&small), read(&large));
            for id in ids {
                let id: String = serde_json::from_str(&id).unwrap();
                assert_eq!(large[&id], small[&id], "{id}");
            }
        }
    }

    #[test]
    fn pages_without_tweets_say_why() {
        let (format, _) = read_file(&fixture("pages_empty.jsonl"), None).unwrap();
        assert_eq!(format, Format::V2, "recognised by twarc2's __twarc");
        let (tweets, reasons) = fixture_read("pages_empty.jsonl");
        assert!(tweets.is_empty());
        assert_eq!(
            reasons,
            [
                (
                    1,
                    "a response page with no tweets (result_count 0)".to_string()
                ),
                (
                    2,
                    "a response page with no tweets (result_count 0)".to_string()
                ),
                (
                    3,
                    "a response page with no tweets, only 1 error (first: Could not find \
                     user with usernames: [pasocial_old].)"
                        .to_string()
                ),
            ]
        );
    }

    #[test]
    fn damaged_files_reject_only_what_is_wrong() {
        // Each damaged fixture: how many tweets it still gives, and each reason's line and start.
        type Case = (&'static str, usize, &'static [(u64, &'static str)]);
        let cases: [Case; 6] = [
            (
                "pages_wrong.jsonl",
                1,
                &[
                    (
                        1,
                        "data[0]: unexpected JSON: id written as a floating-point number",
                    ),
                    (2, "data: neither a tweet nor a list of tweets"),
                    (
                        3,
                        "includes: unexpected JSON: invalid type: map, expected a sequence",
                    ),
                    (
                        3,
                        "data[0]: unexpected JSON: invalid type: integer `42`, expected a string",
                    ),
                    (4, "not a tweet: no id or data"),
                    (
                        5,
                        "data[0]: created_at \"17/11/2015 09:30\" is not an ISO 8601 date",
                    ),
                ],
            ),
            (
                "pages_truncated.jsonl",
                5,
                &[(2, "invalid JSON, cut short")],
            ),
            (
                "flat_wrong.jsonl",
                0,
                &[
                    (
                        1,
                        "created_at \"Tue Nov 17 09:30:00 +0000 2015\" is not an ISO 8601 date",
                    ),
                    (2, "not a tweet: no text"),
                    (3, "not a tweet: no id or data"),
                    (4, "unexpected JSON: invalid type: string \"SaraDurantini\""),
                ],
            ),
            ("flat_truncated.jsonl", 1, &[(2, "invalid JSON, cut short")]),
            (
                "list_wrong.json",
                0,
                &[
                    (
                        2,
                        "created_at \"Tue Nov 17 09:30:00 +0000 2015\" is not an ISO 8601 date",
                    ),
                    (19, "not a tweet: no text"),
                    (
                        34,
                        "unexpected JSON: invalid type: integer `42`, expected a string",
                    ),
                    (61, "id \"tweet-1\" is not a tweet id"),
                ],
            ),
            (
                "list_truncated.json",
                2,
                &[(37, "the file ends inside this record")],
            ),
        ];
        for (name, count, expect) in cases {
            let (tweets, reasons) = fixture_read(name);
            assert_eq!(
                tweets.len(),
                count,
                "{name}: the good tweets beside bad ones are read"
            );
            assert_eq!(reasons.len(), expect.len(), "{name}: {reasons:?}");
            for ((line, reason), (want_line, want)) in reasons.iter().zip(expect) {
                assert_eq!(line, want_line, "{name}: {reason}");
                assert!(
                    reason.starts_with(want),
                    "{name}: {reason:?} should start {want:?}"
                );
            }
        }
        let (tweets, _) = fixture_read("pages_wrong.jsonl");
        assert_eq!(tweets[0].id, "666548831646646272");
        assert_eq!(tweets[0].author.handle, "SaraDurantini");
        let (tweets, _) = fixture_read("flat_truncated.jsonl");
        assert_eq!(tweets[0].id, "666548831646646272");
        let (_, reasons) = fixture_read("list_truncated.json");
        assert_eq!(reasons[0].1, "the file ends inside this record");
    }

    #[test]
    fn empty_files_give_nothing() {
        assert!(read_file(&fixture("flat_empty.jsonl"), Some(Format::V2)).is_none());
        let (_, all) = read_file(&fixture("list_empty.json"), Some(Format::V2)).unwrap();
        assert!(all.is_empty());
    }

    #[test]
    fn a_list_gives_its_tweets_each_with_its_own_original() {
        let (format, all) = read_file(&fixture("list.json"), None).unwrap();
        assert_eq!(format, Format::V2);
        let t: Vec<Tweet> = all.into_iter().map(|(_, t)| t.unwrap()).collect();
        assert_eq!(t.len(), 3);
        // No expansions: the author is known by id only.
        assert_eq!(t[0].id, "666564686115766276");
        assert_eq!(
            t[0].author,
            Author {
                id: "333333333".into(),
                ..Author::default()
            }
        );
        assert_eq!(
            t[0].text,
            "#pasocial @AleMiglioz: ufficio stampa del MInistero è diventato una vera \
             redazione che si avvale di contenuti multimediali."
        );
        assert_eq!(t[0].mentions, ["AleMiglioz"]);
        assert_eq!(t[0].created_at.to_rfc3339(), "2015-11-17T10:33:00+00:00");
        // No created_at: the time comes from the snowflake id. No entities: from the text.
        assert_eq!(
            t[1].created_at.to_rfc3339(),
            "2015-11-17T11:47:12.345+00:00"
        );
        assert_eq!(t[1].hashtags, ["pasocial"]);
        assert_eq!(t[1].mentions, ["TurismoVeneto"]);
        assert_eq!(t[1].lang, None);
        assert_eq!(
            (t[2].retweet_count, t[2].favorite_count),
            (Some(1), Some(3))
        );
        assert_eq!(t[2].hashtags, ["pasocial"]);
        assert_eq!(t[2].mentions, ["FrancescoDiFili"]);
        for tweet in &t {
            let raw = std::str::from_utf8(&tweet.raw).unwrap();
            assert!(
                raw.starts_with("{\n    \"id\"") && raw.ends_with("\n  }"),
                "{raw}"
            );
            let again = parse_bytes(&tweet.raw).remove(0).unwrap();
            assert_eq!(again, *tweet);
        }
    }

    const SARA: &str = r#"{"id":"111111111","username":"SaraDurantini","name":"Sara Durantini"}"#;

    #[test]
    fn a_list_on_one_line_and_a_page_of_one_tweet() {
        let one = r#"{"id":"666548831646646272","text":"a","author_id":"111111111"}"#;
        let two = r#"{"id":"666548831646646273","text":"b","author_id":"111111111"}"#;
        let all = parse_bytes(format!("[{one}, {two}]").as_bytes());
        let raws: Vec<&[u8]> = all.iter().map(|t| &t.as_ref().unwrap().raw[..]).collect();
        assert_eq!(raws, [one.as_bytes(), two.as_bytes()]);

        let all =
            parse_bytes(format!(r#"{{"data":{one},"includes":{{"users":[{SARA}]}}}}"#).as_bytes());
        assert_eq!(all.len(), 1);
        let t = all[0].as_ref().unwrap();
        assert_eq!(t.author.handle, "SaraDurantini");
        assert_eq!(
            std::str::from_utf8(&t.raw).unwrap(),
            format!(r#"{}, "author": {SARA}}}"#, one.strip_suffix('}').unwrap())
        );

        assert_eq!(
            parse_bytes(b"[]"),
            [Err("an empty list, no tweets in it".to_string())]
        );
        assert_eq!(
            parse_bytes(b"42"),
            [Err(super::super::NOT_AN_OBJECT.to_string())]
        );
    }

    #[test]
    fn a_reply_that_quotes_is_a_reply_and_a_long_post_is_whole() {
        let page = format!(
            r#"{{"data":[{{"id":"3","text":"cut…","author_id":"111111111",
            "created_at":"2023-11-17T10:00:00.000Z","note_tweet":{{"text":"{LONG_POST}",
            "entities":{{"hashtags":[{{"start":0,"end":9,"tag":"pasocial"}}]}}}},
            "entities":{{"hashtags":[]}},
            "referenced_tweets":[{{"type":"quoted","id":"2"}},{{"type":"replied_to","id":"1"}}],
            "in_reply_to_user_id":"55555"}}],"includes":{{"users":[{SARA},
            {{"id":"55555","username":"fdicos10","name":"F"}}]}}}}"#
        );
        let t = parse_bytes(page.as_bytes()).remove(0).unwrap();
        assert_eq!(t.kind, TweetType::Reply);
        // The answered tweet is not in the page, its author is.
        assert_eq!(t.reply_to, reference("1", Some("fdicos10")));
        assert_eq!(t.quote_of, reference("2", None));
        assert_eq!(t.text, LONG_POST);
        assert_eq!(t.hashtags, ["pasocial"]);
        let again = parse_bytes(&t.raw).remove(0).unwrap();
        assert_eq!(without_raw(&again), without_raw(&t));
    }

    /// A real dump of `../shared` when it is there, and its tweets, recognised as v2 and read
    /// without a reject.
    fn real_dump(name: &str) -> Option<(PathBuf, Vec<Tweet>)> {
        let path = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../shared/real-dumps")
            .join(name);
        if !path.exists() {
            eprintln!("skipped: {} (needs ../shared)", path.display());
            return None;
        }
        let (format, all) = read_file(&path, None).unwrap();
        assert_eq!(format, Format::V2);
        Some((path, all.into_iter().map(|(_, t)| t.unwrap()).collect()))
    }

    /// A tweet's kind from its JSON, by the research tools' rule, apart from the reader.
    fn kind_of(tweet: &Value) -> TweetType {
        let types: Vec<&str> = tweet["referenced_tweets"]
            .as_array()
            .map(|refs| refs.iter().filter_map(|r| r["type"].as_str()).collect())
            .unwrap_or_default();
        if types.contains(&"replied_to") {
            TweetType::Reply
        } else if types.contains(&"retweeted") {
            TweetType::Retweet
        } else if types.contains(&"quoted") {
            TweetType::Quote
        } else {
            TweetType::Original
        }
    }

    fn count(kinds: &[TweetType], kind: TweetType) -> usize {
        kinds.iter().filter(|&&k| k == kind).count()
    }

    #[test]
    fn real_twarc2_pages_are_read_whole() {
        let Some((path, tweets)) = real_dump("twarc-csv/2sets.jsonl") else {
            return;
        };

        // What the file holds, read with serde_json::Value.
        let pages: Vec<Value> = std::fs::read_to_string(&path)
            .unwrap()
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        assert!(pages.iter().any(|p| p.get("errors").is_some()));
        let data: Vec<&Value> = pages
            .iter()
            .flat_map(|p| p["data"].as_array().unwrap())
            .collect();
        let included: Vec<&Value> = pages
            .iter()
            .flat_map(|p| p["includes"]["tweets"].as_array().unwrap())
            .collect();
        // 82 entries; two tweets are included by both pages.
        assert_eq!((data.len(), included.len()), (200, 82));
        let included: HashMap<&str, &Value> = included
            .into_iter()
            .map(|t| (t["id"].as_str().unwrap(), t))
            .collect();
        assert_eq!(included.len(), 80);
        let kinds: Vec<TweetType> = data.iter().map(|t| kind_of(t)).collect();
        assert_eq!(count(&kinds, TweetType::Retweet), 145);
        assert_eq!(count(&kinds, TweetType::Quote), 11);

        assert_eq!(
            tweets.len(),
            data.len(),
            "every data tweet read, none rejected"
        );
        let mut astral = 0;
        for ((t, json), kind) in tweets.iter().zip(&data).zip(&kinds) {
            assert_eq!(t.id, json["id"].as_str().unwrap());
            assert_eq!(t.kind, *kind, "{}", t.id);
            assert!(!t.author.handle.is_empty(), "{}", t.id);
            assert_eq!(t.author.id, json["author_id"].as_str().unwrap());
            let content = match &t.retweet_of {
                Some(of) => included[of.id.as_str()],
                None => json,
            };
            // A retweet's text is the original's, whole.
            assert_eq!(
                t.text,
                unescaped(content["text"].as_str().unwrap()),
                "{}",
                t.id
            );
            astral += usize::from(t.text.chars().any(|c| c > '\u{FFFF}'));
            let again = parse_bytes(&t.raw).remove(0).unwrap();
            assert_eq!(without_raw(&again), without_raw(t), "{}", t.id);
        }
        assert!(astral > 0, "emoji outside the BMP");
    }

    #[test]
    fn real_flattened_tweets_are_read_whole() {
        let Some((path, tweets)) = real_dump("twarc-csv/flat.jsonl") else {
            return;
        };
        let text = std::fs::read_to_string(&path).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        let data: Vec<Value> = lines
            .iter()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        let kinds: Vec<TweetType> = data.iter().map(kind_of).collect();
        assert_eq!(data.len(), 100);
        assert_eq!(tweets.len(), data.len(), "every tweet read, none rejected");
        for (((t, json), kind), line) in tweets.iter().zip(&data).zip(&kinds).zip(&lines) {
            assert_eq!(t.id, json["id"].as_str().unwrap());
            assert_eq!(t.kind, *kind, "{}", t.id);
            assert_eq!(
                t.author.handle,
                json["author"]["username"].as_str().unwrap()
            );
            assert_eq!(t.raw, line.as_bytes());
            let content = match t.kind {
                TweetType::Retweet => json["referenced_tweets"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .find(|r| r["type"] == "retweeted")
                    .unwrap(),
                _ => json,
            };
            assert_eq!(
                t.text,
                unescaped(content["text"].as_str().unwrap()),
                "{}",
                t.id
            );
        }
        assert_eq!(count(&kinds, TweetType::Retweet), 47);
        assert_eq!(count(&kinds, TweetType::Quote), 8);
        assert_eq!(count(&kinds, TweetType::Reply), 31);
    }
}
