//! Mastodon statuses (API JSON, one or an array) and the `outbox.json` of an account export.
//!
//! A record is one of:
//! - an API `Status` (what `/api/v1/timelines/...`, `/api/v1/accounts/:id/statuses` and search
//!   return), or an array of them written on one line (a pretty-printed array is split into its
//!   statuses by the framing);
//! - an ActivityPub outbox (`outbox.json` of an account export: an `OrderedCollection` whose
//!   `orderedItems` are `Create` activities holding a `Note`, and `Announce` activities, the
//!   boosts), or one of its items alone, or a bare `Note`.
//!
//! Choices, so that the same post read from the API and from an export is one tweet:
//! - The id is the status's `uri` (the ActivityPub id, globally unique; the API's `id` is only
//!   the instance's row number). An outbox `Note`'s `id` is that same uri, and a boost's
//!   `Announce` id is the uri the API gives the reblog.
//! - The handle is `user@instance`: the API's `acct` qualified with the host of `account.url`
//!   when it is local (no `@`); in an outbox, derived from the `attributedTo` URL
//!   (`https://host/users/alice` → `alice@host`). Mentions are qualified the same way.
//! - A reply's reference is what the source gives: the API only gives `in_reply_to_id`, the
//!   parent's row number on the instance that served it (not its uri); an outbox gives the
//!   parent's uri (`inReplyTo`).
//! - A content warning (`spoiler_text`, ActivityPub `summary`) is put before the text, with a
//!   blank line: it is written by the author and is what readers see first, so it is searched.
//! - HTML is turned into text as Mastodon's own plain-text rendering does: paragraphs are
//!   separated by a blank line, `<br>` is a newline, tags are dropped, entities decoded; the
//!   hidden parts of shortened links are kept, so a link's text is the whole URL. Links are the
//!   `href`s of anchors that are not mentions or hashtags.
//! - A boost in an outbox names the boosted status by its URL only: it becomes a retweet with
//!   an empty text (the original's text is not in the export).

use std::borrow::Cow;
use std::collections::HashMap;

use chrono::{DateTime, Utc};
use ego_tree::iter::Edge;
use scraper::{Html, Node};
use serde::Deserialize;
use serde_json::value::RawValue;

use super::{EmitStr, Format, Record};
use crate::extract;
use crate::model::{Author, Reference, Tweet, TweetType};

/// An API status (`account` and `content`), an outbox (`orderedItems`), a `Note`
/// (`attributedTo`) or an activity (`type`, `actor`, `object`).
pub(crate) fn recognise(p: &super::Probe) -> bool {
    (p.account.is_some() && p.content.is_some())
        || p.ordered_items.is_some()
        || p.attributed_to.is_some()
        || (p.activity_type.is_some() && p.actor.is_some() && p.object.is_some())
}

/// Reads one record; emits each tweet it holds, or why it holds none.
pub fn parse(record: &Record, emit: &mut EmitStr<'_>) {
    parse_value(&record.bytes, "", emit);
}

/// One JSON value: a status, an outbox or one of its items, or an array of any of these.
/// `at` names where the value sits in its record, for reasons (empty at the top).
fn parse_value(bytes: &[u8], at: &str, emit: &mut EmitStr<'_>) {
    match super::first_byte(bytes) {
        Some(b'{') => parse_object(bytes, at, emit),
        Some(b'[') => match serde_json::from_slice::<Vec<&RawValue>>(bytes) {
            Ok(items) => {
                for (i, item) in items.iter().enumerate() {
                    let at = format!("{at}[{i}]");
                    match super::first_byte(item.get().as_bytes()) {
                        Some(b'[') => emit(Err(located(&at, super::NESTED_LIST.into()))),
                        _ => parse_value(item.get().as_bytes(), &at, emit),
                    }
                }
            }
            Err(e) => emit(Err(located(at, super::json_error(&e)))),
        },
        _ => emit(Err(located(at, super::NOT_AN_OBJECT.into()))),
    }
}

/// Prefixes a reason with where it happened, when not at the top of the record.
fn located(at: &str, reason: String) -> String {
    if at.is_empty() {
        reason
    } else {
        format!("{at}: {reason}")
    }
}

/// What tells the shapes apart: ActivityPub objects have a `type`, an outbox `orderedItems`.
#[derive(Deserialize)]
struct Shape<'a> {
    #[serde(rename = "type", borrow)]
    kind: Option<Cow<'a, str>>,
    #[serde(rename = "orderedItems", borrow)]
    ordered_items: Option<Vec<&'a RawValue>>,
}

fn parse_object(bytes: &[u8], at: &str, emit: &mut EmitStr<'_>) {
    let shape = match serde_json::from_slice::<Shape>(bytes) {
        Ok(s) => s,
        Err(e) => return emit(Err(located(at, super::json_error(&e)))),
    };
    if let Some(items) = shape.ordered_items {
        for (i, item) in items.iter().enumerate() {
            let at = format!("{at}orderedItems[{i}]");
            match super::first_byte(item.get().as_bytes()) {
                Some(b'{') => parse_object(item.get().as_bytes(), &at, emit),
                _ => emit(Err(located(&at, super::NOT_AN_OBJECT.into()))),
            }
        }
        return;
    }
    let result = match shape.kind.as_deref() {
        None => serde_json::from_slice::<Status>(bytes)
            .map_err(|e| super::json_error(&e))
            .and_then(|st| from_status(&st)),
        Some("Create") | Some("Announce") => activity(bytes),
        Some(k) if is_post_type(k) => serde_json::from_slice::<Note>(bytes)
            .map_err(|e| super::json_error(&e))
            .and_then(|note| from_note(&note, None)),
        Some(k) if k.contains("Collection") => Err(format!(
            "an ActivityPub {k} without orderedItems (no posts in it)"
        )),
        Some(k) => Err(format!("an ActivityPub {k}, not a post")),
    };
    emit(
        result
            .map(|mut t| {
                t.raw = bytes.to_vec();
                t
            })
            .map_err(|r| located(at, r)),
    );
}

/// ActivityPub object types that are posts.
fn is_post_type(kind: &str) -> bool {
    matches!(kind, "Note" | "Question" | "Article" | "Page")
}

// ---- The API's Status ------------------------------------------------------------------------

#[derive(Deserialize)]
struct Status<'a> {
    #[serde(borrow)]
    uri: Option<Cow<'a, str>>,
    #[serde(borrow)]
    url: Option<Cow<'a, str>>,
    #[serde(borrow)]
    created_at: Option<Cow<'a, str>>,
    #[serde(borrow)]
    content: Option<Cow<'a, str>>,
    #[serde(borrow)]
    spoiler_text: Option<Cow<'a, str>>,
    #[serde(borrow)]
    account: Option<Account<'a>>,
    #[serde(borrow)]
    tags: Option<Vec<Tag<'a>>>,
    #[serde(borrow)]
    mentions: Option<Vec<Mention<'a>>>,
    #[serde(borrow)]
    reblog: Option<Box<Status<'a>>>,
    #[serde(borrow)]
    in_reply_to_id: Option<&'a RawValue>,
    #[serde(borrow)]
    in_reply_to_account_id: Option<&'a RawValue>,
    reblogs_count: Option<u64>,
    favourites_count: Option<u64>,
    #[serde(borrow)]
    language: Option<Cow<'a, str>>,
    /// Mastodon 4.4 quotes (`{state, quoted_status}` or `{state, quoted_status_id}`), or the
    /// quoted status itself (Fedibird).
    #[serde(borrow)]
    quote: Option<Box<Quote<'a>>>,
    /// Fedibird's id of the quoted status.
    #[serde(borrow)]
    quote_id: Option<&'a RawValue>,
}

#[derive(Deserialize)]
struct Account<'a> {
    #[serde(borrow)]
    id: Option<&'a RawValue>,
    #[serde(borrow)]
    acct: Option<Cow<'a, str>>,
    #[serde(borrow)]
    username: Option<Cow<'a, str>>,
    #[serde(borrow)]
    display_name: Option<Cow<'a, str>>,
    #[serde(borrow)]
    url: Option<Cow<'a, str>>,
}

#[derive(Deserialize)]
struct Tag<'a> {
    #[serde(borrow)]
    name: Cow<'a, str>,
}

#[derive(Deserialize)]
struct Mention<'a> {
    #[serde(borrow)]
    id: Option<&'a RawValue>,
    #[serde(borrow)]
    acct: Option<Cow<'a, str>>,
    #[serde(borrow)]
    username: Option<Cow<'a, str>>,
    #[serde(borrow)]
    url: Option<Cow<'a, str>>,
}

#[derive(Deserialize)]
struct Quote<'a> {
    #[serde(borrow)]
    quoted_status: Option<Box<Status<'a>>>,
    #[serde(borrow)]
    quoted_status_id: Option<&'a RawValue>,
    #[serde(borrow)]
    uri: Option<Cow<'a, str>>,
    #[serde(borrow)]
    account: Option<Account<'a>>,
}

impl Account<'_> {
    /// `acct` (or `username`), with the instance's host when it is a local account.
    fn handle(&self) -> Option<String> {
        let acct = self.acct.as_deref().or(self.username.as_deref())?;
        let acct = acct.trim_start_matches('@');
        (!acct.is_empty()).then(|| qualify(acct, self.url.as_deref()))
    }

    fn author(&self) -> Result<Author, String> {
        Ok(Author {
            handle: self.handle().ok_or("account has no acct")?,
            name: self.display_name.as_deref().unwrap_or_default().to_string(),
            id: self.id.and_then(id_text).unwrap_or_default(),
        })
    }
}

impl Status<'_> {
    fn id(&self) -> Option<String> {
        self.uri
            .as_deref()
            .or(self.url.as_deref())
            .filter(|u| !u.is_empty())
            .map(str::to_string)
    }

    fn handle(&self) -> Option<String> {
        self.account.as_ref().and_then(Account::handle)
    }

    fn reply_author(&self) -> Option<String> {
        let to = self.in_reply_to_account_id.and_then(id_text)?;
        let account = self.account.as_ref()?;
        if account.id.and_then(id_text).as_deref() == Some(to.as_str()) {
            return account.handle();
        }
        self.mentions
            .iter()
            .flatten()
            .find(|m| m.id.and_then(id_text).as_deref() == Some(to.as_str()))
            .and_then(Mention::handle)
    }

    fn quote_of(&self) -> Option<Reference> {
        if let Some(q) = &self.quote {
            if let Some(s) = &q.quoted_status {
                return s.id().map(|id| Reference {
                    id,
                    author: s.handle(),
                });
            }
            if let Some(uri) = q.uri.as_deref().filter(|u| !u.is_empty()) {
                return Some(Reference {
                    id: uri.to_string(),
                    author: q.account.as_ref().and_then(Account::handle),
                });
            }
            if let Some(id) = q.quoted_status_id.and_then(id_text) {
                return Some(Reference { id, author: None });
            }
        }
        self.quote_id
            .and_then(id_text)
            .map(|id| Reference { id, author: None })
    }
}

impl Mention<'_> {
    fn handle(&self) -> Option<String> {
        let acct = self.acct.as_deref().or(self.username.as_deref())?;
        let acct = acct.trim_start_matches('@');
        (!acct.is_empty()).then(|| qualify(acct, self.url.as_deref()))
    }
}

fn from_status(st: &Status<'_>) -> Result<Tweet, String> {
    let id = st.id().ok_or("not a Mastodon status: no uri")?;
    let created_at = rfc3339(st.created_at.as_deref(), "created_at")?;
    let author = st
        .account
        .as_ref()
        .ok_or("status has no account")?
        .author()?;
    // A boost's own content is empty: the boosted status holds the text and its entities.
    let content = st.reblog.as_deref().unwrap_or(st);
    let html = content.content.as_deref().ok_or("status has no content")?;
    let (body, links) = html_text(html);
    let text = with_warning(content.spoiler_text.as_deref(), body);
    let hashtags = match &content.tags {
        Some(tags) => {
            let written = extract::hashtags(&text);
            tags.iter().map(|t| as_written(&t.name, &written)).collect()
        }
        None => extract::hashtags(&text),
    };
    let mentions = match &content.mentions {
        Some(ms) => ms.iter().filter_map(Mention::handle).collect(),
        None => extract::mentions(&text),
    };
    let reply_to = st.in_reply_to_id.and_then(id_text).map(|id| Reference {
        id,
        author: st.reply_author(),
    });
    let retweet_of = match st.reblog.as_deref() {
        Some(r) => Some(Reference {
            id: r.id().ok_or("reblog: no uri")?,
            author: r.handle(),
        }),
        None => None,
    };
    let link = st
        .url
        .as_deref()
        .or(st.reblog.as_deref().and_then(|r| r.url.as_deref()))
        .filter(|u| !u.is_empty())
        .map(str::to_string);
    Ok(finish(Tweet {
        id,
        created_at,
        author,
        text,
        lang: content
            .language
            .as_deref()
            .or(st.language.as_deref())
            .map(str::to_string),
        kind: TweetType::Original,
        retweet_of,
        quote_of: st.quote_of(),
        reply_to,
        retweet_count: st.reblogs_count.unwrap_or(0),
        favorite_count: st.favourites_count.unwrap_or(0),
        hashtags,
        mentions,
        urls: links,
        date_only: false,
        link,
        format: Format::Mastodon,
        source: String::new(),
        event: None,
        attributions: Vec::new(),
        raw: Vec::new(),
    }))
}

// ---- ActivityPub (outbox.json) ---------------------------------------------------------------

#[derive(Deserialize)]
struct Activity<'a> {
    #[serde(rename = "type", borrow)]
    kind: Cow<'a, str>,
    #[serde(borrow)]
    id: Option<Cow<'a, str>>,
    #[serde(borrow)]
    actor: Option<&'a RawValue>,
    #[serde(borrow)]
    published: Option<Cow<'a, str>>,
    #[serde(borrow)]
    object: Option<&'a RawValue>,
}

#[derive(Deserialize)]
struct Note<'a> {
    #[serde(borrow)]
    id: Option<Cow<'a, str>>,
    #[serde(borrow)]
    url: Option<&'a RawValue>,
    #[serde(borrow)]
    published: Option<Cow<'a, str>>,
    #[serde(rename = "attributedTo", borrow)]
    attributed_to: Option<&'a RawValue>,
    #[serde(borrow)]
    content: Option<Cow<'a, str>>,
    #[serde(rename = "contentMap", borrow)]
    content_map: Option<HashMap<Cow<'a, str>, Cow<'a, str>>>,
    #[serde(borrow)]
    summary: Option<Cow<'a, str>>,
    #[serde(rename = "inReplyTo", borrow)]
    in_reply_to: Option<&'a RawValue>,
    #[serde(borrow)]
    tag: Option<&'a RawValue>,
    /// Quote posts: FEP-044f `quote`, Mastodon's `quoteUri`, Misskey's `_misskey_quote` and
    /// `quoteUrl`.
    #[serde(borrow)]
    quote: Option<&'a RawValue>,
    #[serde(rename = "quoteUri", borrow)]
    quote_uri: Option<Cow<'a, str>>,
    #[serde(rename = "_misskey_quote", borrow)]
    misskey_quote: Option<Cow<'a, str>>,
    #[serde(rename = "quoteUrl", borrow)]
    quote_url: Option<Cow<'a, str>>,
    likes: Option<Counted>,
    shares: Option<Counted>,
}

/// A collection of which only the size is given (`likes`, `shares`).
#[derive(Deserialize)]
struct Counted {
    #[serde(rename = "totalItems")]
    total_items: Option<u64>,
}

#[derive(Deserialize)]
struct ApTag<'a> {
    #[serde(rename = "type", borrow)]
    kind: Option<Cow<'a, str>>,
    #[serde(borrow)]
    name: Option<Cow<'a, str>>,
    #[serde(borrow)]
    href: Option<Cow<'a, str>>,
}

/// A `Create` of a post, or an `Announce` (a boost).
fn activity(bytes: &[u8]) -> Result<Tweet, String> {
    let act: Activity = serde_json::from_slice(bytes).map_err(|e| super::json_error(&e))?;
    let object = act
        .object
        .ok_or_else(|| format!("{} activity without an object", act.kind))?;
    if act.kind == "Create" {
        if super::first_byte(object.get().as_bytes()) != Some(b'{') {
            return Err(format!(
                "Create of {} without the object itself",
                object.get()
            ));
        }
        let note: Note = serde_json::from_str(object.get())
            .map_err(|e| format!("object: {}", super::json_error(&e)))?;
        return from_note(&note, act.actor.and_then(link_of).as_deref());
    }
    // An Announce: the boosted status by its URL, or (some servers) the object inline.
    let actor = act
        .actor
        .and_then(link_of)
        .ok_or("Announce without an actor")?;
    let id = act
        .id
        .as_deref()
        .filter(|i| !i.is_empty())
        .ok_or("Announce without an id")?;
    let created_at = rfc3339(act.published.as_deref(), "published")?;
    let inline = match super::first_byte(object.get().as_bytes()) {
        Some(b'{') => serde_json::from_str::<Note>(object.get())
            .ok()
            .filter(|n| n.content.is_some() || n.content_map.is_some()),
        _ => None,
    };
    let (boosted, boosted_author, text, hashtags, mentions, urls) = match inline {
        Some(note) => {
            let t = from_note(&note, None).map_err(|r| format!("object: {r}"))?;
            let author = Some(t.author.handle);
            (t.id, author, t.text, t.hashtags, t.mentions, t.urls)
        }
        None => {
            let url = link_of(object).ok_or("Announce of neither a link nor a post")?;
            let author = status_url_author(&url);
            (url, author, String::new(), vec![], vec![], vec![])
        }
    };
    Ok(finish(Tweet {
        id: id.to_string(),
        created_at,
        author: Author {
            handle: handle_from_url(&actor).ok_or("actor is not an account URL")?,
            name: String::new(),
            id: actor.clone(),
        },
        text,
        lang: None,
        kind: TweetType::Retweet,
        retweet_of: Some(Reference {
            id: boosted.clone(),
            author: boosted_author,
        }),
        quote_of: None,
        reply_to: None,
        retweet_count: 0,
        favorite_count: 0,
        hashtags,
        mentions,
        urls,
        date_only: false,
        link: Some(boosted).filter(|b| b.starts_with("http")),
        format: Format::Mastodon,
        source: String::new(),
        event: None,
        attributions: Vec::new(),
        raw: Vec::new(),
    }))
}

/// A `Note` (or another post type). `actor` is the activity's, used when the note does not say
/// who wrote it.
fn from_note(note: &Note<'_>, actor: Option<&str>) -> Result<Tweet, String> {
    let id = note
        .id
        .as_deref()
        .filter(|i| !i.is_empty())
        .ok_or("not a post: no id")?;
    let created_at = rfc3339(note.published.as_deref(), "published")?;
    let account = note
        .attributed_to
        .and_then(link_of)
        .or(actor.map(str::to_string))
        .ok_or("post has no attributedTo")?;
    let handle = handle_from_url(&account).ok_or("attributedTo is not an account URL")?;
    let (html, lang) = match (&note.content, &note.content_map) {
        (Some(c), map) => {
            // The language is the contentMap key whose value is the content.
            let lang = map.as_ref().and_then(|m| {
                m.iter()
                    .find(|(_, v)| **v == *c)
                    .or(if m.len() == 1 { m.iter().next() } else { None })
                    .map(|(k, _)| k.to_string())
            });
            (c.as_ref(), lang)
        }
        (None, Some(m)) => match m.iter().next() {
            Some((k, v)) => (v.as_ref(), Some(k.to_string())),
            None => return Err("post has no content".into()),
        },
        (None, None) => return Err("post has no content".into()),
    };
    let (body, urls) = html_text(html);
    let text = with_warning(note.summary.as_deref(), body);
    let (hashtags, mentions) = match note.tag.map(|t| tags_of(t, &text)) {
        Some(Ok(tags)) => tags,
        Some(Err(reason)) => return Err(reason),
        None => (extract::hashtags(&text), extract::mentions(&text)),
    };
    let reply_to = note.in_reply_to.and_then(link_of).map(|uri| Reference {
        author: status_url_author(&uri),
        id: uri,
    });
    let quoted = note
        .quote
        .and_then(link_of)
        .or(note.quote_uri.as_deref().map(str::to_string))
        .or(note.misskey_quote.as_deref().map(str::to_string))
        .or(note.quote_url.as_deref().map(str::to_string))
        .filter(|q| !q.is_empty());
    let quote_of = quoted.map(|uri| Reference {
        author: status_url_author(&uri),
        id: uri,
    });
    Ok(finish(Tweet {
        id: id.to_string(),
        created_at,
        author: Author {
            handle,
            name: String::new(),
            id: account,
        },
        text,
        lang,
        kind: TweetType::Original,
        retweet_of: None,
        quote_of,
        reply_to,
        retweet_count: note
            .shares
            .as_ref()
            .and_then(|c| c.total_items)
            .unwrap_or(0),
        favorite_count: note.likes.as_ref().and_then(|c| c.total_items).unwrap_or(0),
        hashtags,
        mentions,
        urls,
        date_only: false,
        link: note
            .url
            .and_then(link_of)
            .filter(|l| l.starts_with("http"))
            .or_else(|| Some(id.to_string()).filter(|l| l.starts_with("http"))),
        format: Format::Mastodon,
        source: String::new(),
        event: None,
        attributions: Vec::new(),
        raw: Vec::new(),
    }))
}

/// Hashtags and mentions from an ActivityPub `tag` (an array, or one object).
fn tags_of(raw: &RawValue, text: &str) -> Result<(Vec<String>, Vec<String>), String> {
    let tags: Vec<ApTag> = match super::first_byte(raw.get().as_bytes()) {
        Some(b'[') => serde_json::from_str(raw.get()),
        _ => serde_json::from_str(raw.get()).map(|t| vec![t]),
    }
    .map_err(|e| format!("tag: {}", super::json_error(&e)))?;
    let written = extract::hashtags(text);
    let mut hashtags = Vec::new();
    let mut mentions = Vec::new();
    for t in &tags {
        let Some(name) = t.name.as_deref() else {
            continue;
        };
        match t.kind.as_deref() {
            Some("Hashtag") => {
                let tag = name.trim_start_matches('#');
                if !tag.is_empty() {
                    hashtags.push(as_written(tag, &written));
                }
            }
            Some("Mention") => {
                let acct = name.trim_start_matches('@');
                if !acct.is_empty() {
                    mentions.push(qualify(acct, t.href.as_deref()));
                }
            }
            _ => {}
        }
    }
    Ok((hashtags, mentions))
}

/// A link given as a string, or as an object with an `id` or `href` (ActivityPub allows both),
/// or the first of an array of them.
fn link_of(raw: &RawValue) -> Option<String> {
    #[derive(Deserialize)]
    struct Object {
        id: Option<String>,
        href: Option<String>,
    }
    let s = raw.get();
    match super::first_byte(s.as_bytes())? {
        b'"' => serde_json::from_str::<String>(s).ok(),
        b'{' => serde_json::from_str::<Object>(s)
            .ok()
            .and_then(|o| o.id.or(o.href)),
        b'[' => serde_json::from_str::<Vec<&RawValue>>(s)
            .ok()?
            .first()
            .and_then(|first| link_of(first)),
        _ => None,
    }
    .filter(|l| !l.is_empty())
}

// ---- Shared pieces ---------------------------------------------------------------------------

/// Sets the kind from the references and removes repeated entities.
fn finish(mut t: Tweet) -> Tweet {
    t.kind = if t.reply_to.is_some() {
        TweetType::Reply
    } else if t.retweet_of.is_some() {
        TweetType::Retweet
    } else if t.quote_of.is_some() {
        TweetType::Quote
    } else {
        TweetType::Original
    };
    crate::model::dedup_case_insensitive(&mut t.hashtags);
    crate::model::dedup_case_insensitive(&mut t.mentions);
    let mut seen = Vec::with_capacity(t.urls.len());
    t.urls.retain(|u| {
        let new = !seen.contains(u);
        if new {
            seen.push(u.clone());
        }
        new
    });
    t
}

/// A hashtag as the text spells it: Mastodon gives tag names lowercased (or as first used on
/// the instance), not as this post wrote them.
fn as_written(name: &str, written: &[String]) -> String {
    let folded = name.to_lowercase();
    written
        .iter()
        .find(|w| w.to_lowercase() == folded)
        .map_or_else(|| name.to_string(), Clone::clone)
}

/// An id written as a string or as an integer (instances before 2.0 wrote integers).
fn id_text(raw: &RawValue) -> Option<String> {
    let s = raw.get();
    if s.starts_with('"') {
        serde_json::from_str::<String>(s)
            .ok()
            .filter(|i| !i.is_empty())
    } else if !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()) {
        Some(s.to_string())
    } else {
        None
    }
}

fn rfc3339(value: Option<&str>, field: &str) -> Result<DateTime<Utc>, String> {
    let s = value.ok_or_else(|| format!("no {field}"))?;
    DateTime::parse_from_rfc3339(s)
        .map(|d| d.with_timezone(&Utc))
        .map_err(|e| format!("{field} {s:?} is not an RFC 3339 date ({e})"))
}

/// The content warning, if any, then a blank line, then the text.
fn with_warning(warning: Option<&str>, text: String) -> String {
    match warning.map(str::trim).filter(|w| !w.is_empty()) {
        Some(w) if text.is_empty() => w.to_string(),
        Some(w) => format!("{w}\n\n{text}"),
        None => text,
    }
}

/// The host of a URL: `https://mastodon.social/@alice` → `mastodon.social`.
fn host(url: &str) -> Option<&str> {
    let rest = url.split_once("://")?.1;
    let authority = rest.split(['/', '?', '#']).next()?;
    let host = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
    let host = host.split(':').next()?;
    (!host.is_empty()).then_some(host)
}

/// `alice` with `https://mastodon.social/@alice` → `alice@mastodon.social`; `bob@host` stays.
fn qualify(acct: &str, url: Option<&str>) -> String {
    match url.and_then(host) {
        Some(h) if !acct.contains('@') => format!("{acct}@{h}"),
        _ => acct.to_string(),
    }
}

/// The handle of an account URL: `https://mastodon.social/users/alice` (or `/@alice`) →
/// `alice@mastodon.social`.
fn handle_from_url(url: &str) -> Option<String> {
    let host = host(url)?;
    let path = url.split_once("://")?.1.split(['?', '#']).next()?;
    let name = path.split('/').skip(1).filter(|s| !s.is_empty()).last()?;
    let name = name.trim_start_matches('@');
    (!name.is_empty()).then(|| format!("{name}@{host}"))
}

/// The author of a status URL, when the URL says: `https://host/users/bob/statuses/1` or
/// `https://host/@bob/1` → `bob@host`.
fn status_url_author(url: &str) -> Option<String> {
    let host = host(url)?;
    let path = url.split_once("://")?.1.split(['?', '#']).next()?;
    let segments: Vec<&str> = path.split('/').skip(1).collect();
    let name = segments
        .iter()
        .position(|s| *s == "users")
        .and_then(|i| segments.get(i + 1).copied())
        .or_else(|| segments.iter().find(|s| s.starts_with('@')).copied())?;
    let name = name.trim_start_matches('@');
    (!name.is_empty()).then(|| format!("{name}@{host}"))
}

/// Mastodon's HTML as plain text, and the links it holds (not mentions or hashtags).
fn html_text(html: &str) -> (String, Vec<String>) {
    if !html.contains(['<', '&']) {
        return (html.trim().to_string(), Vec::new());
    }
    let doc = Html::parse_fragment(html);
    let mut out = String::with_capacity(html.len());
    let mut links = Vec::new();
    // Newlines owed before the next text: a paragraph's end owes two, a list item's one.
    let mut owed = 0usize;
    let mut hidden = 0usize;
    for edge in doc.tree.root().traverse() {
        match edge {
            Edge::Open(node) => match node.value() {
                // Whitespace between blocks is layout, not text.
                Node::Text(t) if hidden == 0 && !(owed > 0 && t.trim().is_empty()) => {
                    if !out.is_empty() {
                        out.extend(std::iter::repeat_n('\n', owed));
                    }
                    owed = 0;
                    out.push_str(t);
                }
                Node::Element(e) => match e.name() {
                    "br" => {
                        if !out.is_empty() {
                            out.extend(std::iter::repeat_n('\n', owed));
                        }
                        owed = 0;
                        out.push('\n');
                    }
                    "script" | "style" | "template" => hidden += 1,
                    "li" => owed = owed.max(1),
                    name if is_block(name) => owed = owed.max(2),
                    "a" => {
                        let special = e.classes().any(|c| c == "mention" || c == "hashtag")
                            || e.attr("rel")
                                .is_some_and(|r| r.split(' ').any(|r| r == "tag"));
                        if let Some(href) = e.attr("href")
                            && !special
                            && (href.starts_with("http://") || href.starts_with("https://"))
                        {
                            links.push(href.to_string());
                        }
                    }
                    _ => {}
                },
                _ => {}
            },
            Edge::Close(node) => {
                if let Node::Element(e) = node.value() {
                    match e.name() {
                        "script" | "style" | "template" => hidden = hidden.saturating_sub(1),
                        "li" => owed = owed.max(1),
                        name if is_block(name) => owed = owed.max(2),
                        _ => {}
                    }
                }
            }
        }
    }
    (out.trim().to_string(), links)
}

fn is_block(name: &str) -> bool {
    matches!(
        name,
        "p" | "div" | "blockquote" | "pre" | "ul" | "ol" | "h1" | "h2" | "h3" | "h4" | "h5" | "h6"
    )
}

#[cfg(test)]
mod tests {
    use std::path::{Path, PathBuf};
    use std::sync::Arc;

    use super::*;
    use crate::formats::{self, Input};

    use crate::formats::testing::read_file;

    fn data(name: &str) -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/data/mastodon")
            .join(name)
    }

    fn tweets(json: &str) -> Vec<Result<Tweet, String>> {
        let record = Record {
            bytes: json.as_bytes().to_vec(),
            ..Record::default()
        };
        let mut out = Vec::new();
        parse(&record, &mut |t| out.push(t));
        out
    }

    fn one(json: &str) -> Tweet {
        let mut all = tweets(json);
        assert_eq!(all.len(), 1, "{all:?}");
        all.remove(0).unwrap()
    }

    const ALICE: &str = r#""account":{"id":"7","username":"alice","acct":"alice","display_name":"Alice","url":"https://mastodon.social/@alice"}"#;

    #[test]
    fn an_api_status_with_tags_a_mention_and_html() {
        let json = format!(
            r#"{{"id":"111","uri":"https://mastodon.social/users/alice/statuses/111",
            "url":"https://mastodon.social/@alice/111","created_at":"2023-11-17T10:00:00.123Z",
            "content":"<p>Ciao &amp; benvenuti <a href=\"https://mastodon.social/tags/PASocial\" class=\"mention hashtag\" rel=\"tag\">#<span>PASocial</span></a> <span class=\"h-card\"><a href=\"https://fosstodon.org/@bob\" class=\"u-url mention\">@<span>bob</span></a></span></p><p><a href=\"https://example.org/a?b=1&amp;c=2\"><span class=\"invisible\">https://</span><span class=\"ellipsis\">example.org/a</span><span class=\"invisible\">?b=1&amp;c=2</span></a></p>",
            "spoiler_text":"","language":"it","reblogs_count":3,"favourites_count":5,{ALICE},
            "tags":[{{"name":"pasocial"}},{{"name":"PASOCIAL"}}],
            "mentions":[{{"id":"8","acct":"bob@fosstodon.org","username":"bob","url":"https://fosstodon.org/@bob"}}]}}"#
        );
        let t = one(&json);
        assert_eq!(t.id, "https://mastodon.social/users/alice/statuses/111");
        assert_eq!(t.created_at.to_rfc3339(), "2023-11-17T10:00:00.123+00:00");
        assert_eq!(
            t.author,
            Author {
                handle: "alice@mastodon.social".into(),
                name: "Alice".into(),
                id: "7".into()
            }
        );
        assert_eq!(
            t.text,
            "Ciao & benvenuti #PASocial @bob\n\nhttps://example.org/a?b=1&c=2"
        );
        assert_eq!(t.kind, TweetType::Original);
        // As written in the text, once.
        assert_eq!(t.hashtags, ["PASocial"]);
        assert_eq!(t.mentions, ["bob@fosstodon.org"]);
        assert_eq!(t.urls, ["https://example.org/a?b=1&c=2"]);
        assert_eq!((t.retweet_count, t.favorite_count), (3, 5));
        assert_eq!(t.lang.as_deref(), Some("it"));
        assert_eq!(
            t.link.as_deref(),
            Some("https://mastodon.social/@alice/111")
        );
        assert_eq!(t.format, Format::Mastodon);
        assert_eq!(t.raw, json.as_bytes());
    }

    #[test]
    fn html_becomes_text_as_mastodon_renders_it() {
        let cases: &[(&str, &str)] = &[
            ("<p>a</p><p>b</p>", "a\n\nb"),
            ("<p>a<br>b<br />c</p>", "a\nb\nc"),
            ("<p>a</p>\n<p>b</p>", "a\n\nb"),
            (
                "<p>1 &lt; 2 &amp;&amp; &quot;x&quot; &#39;y&#39; &eacute;</p>",
                "1 < 2 && \"x\" 'y' é",
            ),
            ("<ul><li>one</li><li>two</li></ul>", "one\ntwo"),
            ("<p>x<script>alert(1)</script>y</p>", "xy"),
            ("plain text, no markup", "plain text, no markup"),
            ("<p>unclosed <b>bold", "unclosed bold"),
            ("", ""),
        ];
        for (html, want) in cases {
            assert_eq!(html_text(html).0, *want, "{html}");
        }
        let (_, links) = html_text(
            r#"<a href="https://h/tags/x" class="mention hashtag">#x</a><a href="https://h/@a" class="u-url mention">@a</a><a href="https://h/tags/y" rel="tag">#y</a><a href="mailto:a@b">m</a><a href="http://e.org/">e</a>"#,
        );
        assert_eq!(links, ["http://e.org/"]);
    }

    #[test]
    fn a_boost_carries_the_original_and_a_reply_names_whom_it_answers() {
        let (formats, all) = read_file(&data("statuses.json"), None);
        assert_eq!(formats, [Format::Mastodon; 4]);
        let all: Vec<Tweet> = all.into_iter().map(Result::unwrap).collect();
        let ids: Vec<&str> = all.iter().map(|t| t.id.as_str()).collect();
        assert_eq!(
            ids,
            [
                "https://mastodon.social/users/alice/statuses/111222333444555666",
                "https://fosstodon.org/users/bob/statuses/111222333444555777",
                "https://fosstodon.org/users/bob/statuses/111222333444555888/activity",
                "https://mastodon.social/users/alice/statuses/111222333444555999",
            ]
        );
        let kinds: Vec<TweetType> = all.iter().map(|t| t.kind).collect();
        use TweetType::*;
        assert_eq!(kinds, [Original, Reply, Retweet, Original]);

        let original = &all[0];
        assert_eq!(
            original.text,
            "Ciao & benvenuti a #PASocial con @bob!\n\nProgramma: https://example.org/programma-2023\nSala <A>"
        );
        assert_eq!(original.hashtags, ["PASocial"]);
        assert_eq!(original.mentions, ["bob@fosstodon.org"]);
        assert_eq!(original.urls, ["https://example.org/programma-2023"]);

        let reply = &all[1];
        assert_eq!(reply.author.handle, "bob@fosstodon.org");
        assert_eq!(reply.text, "@alice grazie, ci sarò");
        assert_eq!(reply.mentions, ["alice@mastodon.social"]);
        assert_eq!(
            reply.reply_to,
            Some(Reference {
                id: "111222333444555666".into(),
                author: Some("alice@mastodon.social".into())
            })
        );

        let boost = &all[2];
        assert_eq!(boost.author.handle, "bob@fosstodon.org");
        assert_eq!(boost.created_at.to_rfc3339(), "2023-11-17T10:06:00+00:00");
        assert_eq!(boost.text, original.text);
        assert_eq!(boost.hashtags, ["PASocial"]);
        assert_eq!(boost.lang.as_deref(), Some("it"));
        assert_eq!(
            boost.retweet_of,
            Some(Reference {
                id: original.id.clone(),
                author: Some("alice@mastodon.social".into())
            })
        );
        assert_eq!(boost.link, original.link);

        let warned = &all[3];
        assert_eq!(
            warned.text,
            "Spoiler: il keynote\n\nIl keynote finisce con una demo dal vivo."
        );

        // Each keeps its own object, which reads back alone to the same tweet.
        for t in &all {
            assert!(t.raw.starts_with(b"{") && t.raw.ends_with(b"}"));
            assert_eq!(crate::formats::detect(&t.raw), Format::Mastodon);
            assert_eq!(one(std::str::from_utf8(&t.raw).unwrap()), *t);
        }
    }

    #[test]
    fn an_outbox_gives_its_notes_and_boosts_and_says_what_it_cannot_read() {
        let (formats, all) = read_file(&data("outbox.json"), None);
        assert_eq!(formats, [Format::Mastodon]);
        assert_eq!(all.len(), 4);
        let note = all[0].as_ref().unwrap();
        // The same id as the same status read from the API: one tweet, not two.
        assert_eq!(
            note.id,
            "https://mastodon.social/users/alice/statuses/111222333444555666"
        );
        assert_eq!(note.created_at.to_rfc3339(), "2023-11-17T10:00:00+00:00");
        assert_eq!(note.author.handle, "alice@mastodon.social");
        assert_eq!(note.author.id, "https://mastodon.social/users/alice");
        assert_eq!(note.text, "Ciao & benvenuti a #PASocial con @bob!");
        assert_eq!(note.hashtags, ["PASocial"]);
        assert_eq!(note.mentions, ["bob@fosstodon.org"]);
        assert_eq!(note.lang.as_deref(), Some("it"));
        assert_eq!((note.retweet_count, note.favorite_count), (3, 5));
        assert_eq!(
            note.link.as_deref(),
            Some("https://mastodon.social/@alice/111222333444555666")
        );

        let reply = all[1].as_ref().unwrap();
        assert_eq!(reply.kind, TweetType::Reply);
        assert_eq!(
            reply.text,
            "@bob a dopo!\nSala B\n\nSlide: https://example.org/slides.pdf"
        );
        assert_eq!(reply.urls, ["https://example.org/slides.pdf"]);
        assert_eq!(
            reply.reply_to,
            Some(Reference {
                id: "https://fosstodon.org/users/bob/statuses/111222333444555777".into(),
                author: Some("bob@fosstodon.org".into())
            })
        );

        let boost = all[2].as_ref().unwrap();
        assert_eq!(boost.kind, TweetType::Retweet);
        assert_eq!(
            boost.id,
            "https://mastodon.social/users/alice/statuses/111222333444556100/activity"
        );
        assert_eq!(boost.author.handle, "alice@mastodon.social");
        assert_eq!(boost.text, "");
        assert_eq!(
            boost.retweet_of,
            Some(Reference {
                id: "https://fosstodon.org/users/bob/statuses/111222333444555777".into(),
                author: Some("bob@fosstodon.org".into())
            })
        );

        assert_eq!(
            all[3].as_ref().unwrap_err(),
            "orderedItems[3]: Create of \"https://mastodon.social/users/alice/statuses/111222333444556200\" without the object itself"
        );

        // An item keeps its own bytes, and reads back alone to the same tweet.
        for t in all.iter().flatten() {
            assert!(t.raw.starts_with(b"{") && t.raw.ends_with(b"}"));
            assert_eq!(crate::formats::detect(&t.raw), Format::Mastodon);
            assert_eq!(one(std::str::from_utf8(&t.raw).unwrap()), *t);
        }
    }

    #[test]
    fn wrong_truncated_and_empty_files() {
        let (_, wrong) = read_file(&data("wrong.jsonl"), Some(Format::Mastodon));
        let reasons: Vec<String> = wrong.into_iter().map(Result::unwrap_err).collect();
        assert_eq!(reasons.len(), 4);
        assert_eq!(reasons[0], "not a Mastodon status: no uri");
        assert!(
            reasons[1].starts_with("unexpected JSON: invalid type: integer `42`"),
            "{}",
            reasons[1]
        );
        assert!(
            reasons[2].starts_with("created_at \"17/11/2023\" is not an RFC 3339 date"),
            "{}",
            reasons[2]
        );
        assert!(
            reasons[3].contains("invalid type: sequence"),
            "{}",
            reasons[3]
        );

        let (_, cut) = read_file(&data("truncated.json"), None);
        assert_eq!(cut.len(), 2);
        assert_eq!(
            cut[0].as_ref().unwrap().author.handle,
            "alice@mastodon.social"
        );
        assert_eq!(
            cut[1].as_ref().unwrap_err(),
            "the file ends inside this record"
        );

        let empty = formats::read(
            &Input::File(data("empty.json")),
            Some(Format::Mastodon),
            Arc::default(),
        )
        .map(crate::formats::Opened::frames)
        .unwrap();
        assert!(empty.is_none());
    }

    #[test]
    fn what_is_not_a_status_is_refused_with_a_reason_and_spoils_only_itself() {
        let reasons: Vec<String> = [
            "42",
            r#"{"type":"Person","id":"https://h/users/a"}"#,
            r#"{"type":"OrderedCollection","first":"https://h/users/a/outbox?page=true"}"#,
            r#"{"uri":"https://h/s/1","created_at":"2023-11-17T10:00:00Z","content":"x"}"#,
            r#"{"uri":"https://h/s/1","created_at":"2023-11-17T10:00:00Z","content":"x","account":{"id":"1"}}"#,
            r#"{"type":"Note","id":"https://h/s/1","published":"2023-11-17T10:00:00Z","content":"x"}"#,
            r#"{"type":"Announce","id":"https://h/s/1/activity","published":"2023-11-17T10:00:00Z","object":"https://o/s/2"}"#,
            r#"{"uri":"https://h/s/1","content":"x""#,
        ]
        .iter()
        .flat_map(|j| tweets(j))
        .map(Result::unwrap_err)
        .collect();
        assert_eq!(
            reasons[..7],
            [
                "not a JSON object or array",
                "an ActivityPub Person, not a post",
                "an ActivityPub OrderedCollection without orderedItems (no posts in it)",
                "status has no account",
                "account has no acct",
                "post has no attributedTo",
                "Announce without an actor",
            ]
        );
        assert!(
            reasons[7].starts_with("invalid JSON, cut short"),
            "{}",
            reasons[7]
        );

        // One bad status in an array written on one line: the others are read.
        let good = format!(
            r#"{{"uri":"https://mastodon.social/s/1","created_at":"2023-11-17T10:00:00Z","content":"<p>ok</p>",{ALICE}}}"#
        );
        let all = tweets(&format!(r#"[{good}, {{"uri":5}}, {good}]"#));
        assert_eq!(all.len(), 3);
        assert_eq!(all[0].as_ref().unwrap().text, "ok");
        assert!(
            all[1]
                .as_ref()
                .unwrap_err()
                .starts_with("[1]: unexpected JSON")
        );
        assert_eq!(all[2].as_ref().unwrap().raw, good.as_bytes());
    }

    #[test]
    fn quotes_integer_ids_and_entities_from_the_text() {
        // Mastodon 4.4 quote; integer ids (instances before 2.0); no tags or mentions fields.
        let t = one(&format!(
            r#"{{"id":172429,"uri":"https://mastodon.social/s/3","created_at":"2017-04-14T06:11:41.893Z",
            "content":"<p>see #Rust with @carol</p>","in_reply_to_id":null,
            "quote":{{"state":"accepted","quoted_status":{{"uri":"https://o.example/users/carol/statuses/2",
              "created_at":"2017-04-14T06:00:00Z","content":"<p>q</p>",
              "account":{{"id":9,"acct":"carol@o.example","url":"https://o.example/@carol"}}}}}},{ALICE}}}"#
        ));
        assert_eq!(t.kind, TweetType::Quote);
        assert_eq!(
            t.quote_of,
            Some(Reference {
                id: "https://o.example/users/carol/statuses/2".into(),
                author: Some("carol@o.example".into())
            })
        );
        assert_eq!(t.hashtags, ["Rust"]);
        assert_eq!(t.mentions, ["carol"]);

        let shallow = one(&format!(
            r#"{{"uri":"https://mastodon.social/s/4","created_at":"2025-01-01T00:00:00Z","content":"x",
            "quote":{{"state":"pending","quoted_status_id":"55"}},"in_reply_to_id":1234,
            "in_reply_to_account_id":7,{ALICE}}}"#
        ));
        assert_eq!(shallow.kind, TweetType::Reply);
        assert_eq!(
            shallow.reply_to,
            Some(Reference {
                id: "1234".into(),
                author: Some("alice@mastodon.social".into())
            })
        );
        assert_eq!(shallow.quote_of.unwrap().id, "55");
    }

    #[test]
    fn a_boost_with_its_object_inline_carries_the_text() {
        let t = one(
            r##"{"id":"https://h.example/users/a/statuses/2/activity","type":"Announce",
            "actor":"https://h.example/users/a","published":"2024-05-01T08:00:00Z",
            "object":{"id":"https://o.example/users/b/statuses/1","type":"Note",
              "attributedTo":"https://o.example/users/b","published":"2024-05-01T07:00:00Z",
              "content":"<p>talk at <a href=\"https://o.example/tags/FOSDEM\" class=\"mention hashtag\" rel=\"tag\">#<span>FOSDEM</span></a></p>",
              "tag":{"type":"Hashtag","name":"#fosdem","href":"https://o.example/tags/fosdem"}}}"##,
        );
        assert_eq!(t.kind, TweetType::Retweet);
        assert_eq!(t.author.handle, "a@h.example");
        assert_eq!(t.created_at.to_rfc3339(), "2024-05-01T08:00:00+00:00");
        assert_eq!(t.text, "talk at #FOSDEM");
        assert_eq!(t.hashtags, ["FOSDEM"]);
        assert_eq!(
            t.retweet_of,
            Some(Reference {
                id: "https://o.example/users/b/statuses/1".into(),
                author: Some("b@o.example".into())
            })
        );
    }

    #[test]
    fn handles_and_hosts_come_from_urls() {
        assert_eq!(
            host("https://mastodon.social/@alice"),
            Some("mastodon.social")
        );
        assert_eq!(host("https://u:p@h.example:8443/x?y#z"), Some("h.example"));
        assert_eq!(host("no scheme"), None);
        assert_eq!(host("https:///path"), None);
        assert_eq!(
            handle_from_url("https://mastodon.social/users/alice").as_deref(),
            Some("alice@mastodon.social")
        );
        assert_eq!(
            handle_from_url("https://mastodon.social/@alice/").as_deref(),
            Some("alice@mastodon.social")
        );
        assert_eq!(handle_from_url("https://mastodon.social/"), None);
        assert_eq!(
            status_url_author("https://h.example/@bob/123").as_deref(),
            Some("bob@h.example")
        );
        assert_eq!(status_url_author("https://h.example/notes/9xyz"), None);
        assert_eq!(
            qualify("bob", Some("https://h.example/@bob")),
            "bob@h.example"
        );
        assert_eq!(
            qualify("bob@o.example", Some("https://h.example/@bob")),
            "bob@o.example"
        );
        assert_eq!(qualify("bob", None), "bob");
    }

    #[test]
    fn real_dump_mastodon4j_public_timeline() {
        let path = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../shared/real-dumps/mastodon4j/public_timeline.json");
        if !path.exists() {
            eprintln!("skipped: {} is absent (needs ../shared)", path.display());
            return;
        }
        let (formats, all) = read_file(&path, None);
        assert_eq!(formats, [Format::Mastodon; 20]);
        let all: Vec<Tweet> = all.into_iter().map(Result::unwrap).collect();
        assert_eq!(all.len(), 20);
        let mut ids: Vec<&str> = all.iter().map(|t| t.id.as_str()).collect();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), 20);
        for t in &all {
            assert!(
                !t.text.contains('<') && !t.text.contains("&amp;"),
                "{}",
                t.text
            );
            assert!(!t.text.is_empty());
            assert!(t.author.handle.contains('@'), "{}", t.author.handle);
            assert_eq!(t.kind, TweetType::Original);
            assert!(t.raw.starts_with(b"{") && t.raw.ends_with(b"}"));
        }
        let first = &all[0];
        assert_eq!(
            first.id,
            "tag:mstdn.jp,2017-04-14:objectId=172429:objectType=Status"
        );
        assert_eq!(
            first.created_at.to_rfc3339(),
            "2017-04-14T06:11:41.893+00:00"
        );
        assert_eq!(
            first.author,
            Author {
                handle: "iorin0225@mstdn.jp".into(),
                name: "イオリン".into(),
                id: "14476".into()
            }
        );
        assert_eq!(
            first.text,
            "電話であれ、テキストであれ、伝達能力はしっかり鍛えてほしい。"
        );
        assert_eq!(
            first.link.as_deref(),
            Some("https://mstdn.jp/@iorin0225/172429")
        );
        assert_eq!(all[1].author.handle, "cocoabottle@mastodon.cloud");
        assert_eq!(
            all[1].text,
            "JP管理人さん大変だなぁ。以下引用\n【お知らせ】mstdn.jpをさくらのクラウドへ移転します．それに伴ってデータが消える可能性があるので，重要なトゥートやフォロー関係はあらかじめメモやエクスポートをしておいてください"
        );
        let linked = all
            .iter()
            .find(|t| t.id.contains("objectId=19523"))
            .unwrap();
        assert_eq!(linked.author.handle, "ryutah@mstdn.club");
        let url = "http://inforati.jp/apple/mac-tips-techniques/system-hints/how-to-capture-a-specific-window-with-macos-screen-shot-function.html";
        assert_eq!(linked.text, url);
        assert_eq!(linked.urls, [url]);
        let handles: Vec<&str> = all.iter().map(|t| t.author.handle.as_str()).collect();
        assert_eq!(
            handles.iter().filter(|h| h.ends_with("@mstdn.jp")).count(),
            11
        );
        assert_eq!(all.iter().map(|t| t.retweet_count).sum::<u64>(), 2);
    }
}
