//! Bluesky `app.bsky.feed.post` records and feed views.
//!
//! A record is one of:
//! - a post record (`{"$type": "app.bsky.feed.post", "text", "createdAt", ...}`), or one in its
//!   repository wrapper `{uri, cid, value}` (`com.atproto.repo.getRecord`, the elements of
//!   `listRecords`);
//! - a page holding such wrappers: `listRecords` (`{"records": [...]}`), or a capture of an
//!   account (`{"accountMeta": {"Identity": {"DID", "Handle"}}, "postRecords": [...]}`);
//! - a post view `{uri, author, record, likeCount, ...}`, a feed item `{post, reply, reason}`,
//!   or a page of them: `getAuthorFeed`/`getTimeline` (`{"feed": [...]}`), `getPosts` and
//!   `searchPosts` (`{"posts": [...]}`).
//!
//! Choices:
//! - The id is the post's `at://` uri. A bare record without one gets an id derived from its
//!   content (creation time, text) and how many times that same content came before it in the
//!   record; a repost seen in a feed without its own uri gets one derived from who reposted what.
//! - A record alone says who wrote it only through the DID in its uri: the handle is then the
//!   DID, unless the page names the account (a capture's `accountMeta`). Views give the handle.
//! - Facets count UTF-8 bytes; a slice that is out of range or falls inside a character is not
//!   taken (a mention then falls back to its DID). Without facets, entities are read from the
//!   text. A link card's (`app.bsky.embed.external`) uri is a link of the post too.
//! - A repost (a feed item's `reasonRepost`, or an `app.bsky.feed.repost` record) is a retweet
//!   by the reposter; its link is the reposted post's, since a repost has no page of its own.

use std::borrow::Cow;
use std::collections::HashMap;

use chrono::{DateTime, Utc};
use serde::Deserialize;
use serde_json::value::RawValue;

use super::{EmitStr, Format, Record};
use crate::extract;
use crate::model::{Author, Reference, Tweet, TweetType, derived_id};

const POST: &str = "app.bsky.feed.post";
const REPOST: &str = "app.bsky.feed.repost";

/// A record or view with an `at://` uri or an `app.bsky` type, a feed item (`post`), a feed
/// (`feed`), or a repository's records (`records`, `postRecords`).
pub(crate) fn recognise(p: &super::Probe) -> bool {
    p.uri.as_deref().is_some_and(|u| u.starts_with("at://"))
        || p.kind.as_deref().is_some_and(|k| k.starts_with("app.bsky"))
        || p.post.is_some()
        || p.feed.is_some()
        || p.records.is_some()
        || p.post_records.is_some()
}

/// Reads one record; emits each tweet it holds, or why it holds none.
pub fn parse(record: &Record, emit: &mut EmitStr<'_>) {
    let mut reader = Reader::default();
    reader.value(&record.bytes, "", emit);
}

/// The account a page is about, when the page says (a capture's `accountMeta`).
#[derive(Clone, Default)]
struct Owner {
    did: String,
    handle: String,
    name: String,
}

#[derive(Default)]
struct Reader {
    owner: Option<Owner>,
    /// How many times each content without a uri was met, for derived ids.
    seen: HashMap<String, usize>,
}

/// Prefixes a reason with where it happened, when not at the top of the record.
fn located(at: &str, reason: String) -> String {
    if at.is_empty() {
        reason
    } else {
        format!("{at}: {reason}")
    }
}

/// The keys that tell the shapes apart; everything else is read by the shape's own struct.
#[derive(Deserialize)]
struct Shape<'a> {
    #[serde(rename = "$type", borrow)]
    kind: Option<Cow<'a, str>>,
    #[serde(borrow)]
    uri: Option<Cow<'a, str>>,
    #[serde(borrow)]
    value: Option<&'a RawValue>,
    #[serde(borrow)]
    record: Option<&'a RawValue>,
    #[serde(borrow)]
    post: Option<&'a RawValue>,
    #[serde(borrow)]
    feed: Option<Vec<&'a RawValue>>,
    #[serde(borrow)]
    posts: Option<Vec<&'a RawValue>>,
    #[serde(borrow)]
    records: Option<Vec<&'a RawValue>>,
    #[serde(rename = "postRecords", borrow)]
    post_records: Option<Vec<&'a RawValue>>,
    #[serde(rename = "accountMeta")]
    account_meta: Option<AccountMeta>,
    text: Option<serde::de::IgnoredAny>,
}

#[derive(Deserialize)]
struct AccountMeta {
    #[serde(rename = "Identity")]
    identity: Option<Identity>,
    #[serde(rename = "Profile")]
    profile: Option<CaptureProfile>,
}

#[derive(Deserialize)]
struct Identity {
    #[serde(rename = "DID")]
    did: Option<String>,
    #[serde(rename = "Handle")]
    handle: Option<String>,
}

#[derive(Deserialize)]
struct CaptureProfile {
    #[serde(rename = "DisplayName")]
    display_name: Option<String>,
}

impl Reader {
    fn value(&mut self, bytes: &[u8], at: &str, emit: &mut EmitStr<'_>) {
        match super::first_byte(bytes) {
            Some(b'{') => self.object(bytes, at, emit),
            Some(b'[') => match serde_json::from_slice::<Vec<&RawValue>>(bytes) {
                Ok(items) => self.each(&items, &format!("{at}["), emit),
                Err(e) => emit(Err(located(at, super::json_error(&e)))),
            },
            _ => emit(Err(located(at, super::NOT_AN_OBJECT.into()))),
        }
    }

    /// Reads each element of an array; `at` is the array's name followed by `[`.
    fn each(&mut self, items: &[&RawValue], at: &str, emit: &mut EmitStr<'_>) {
        for (i, item) in items.iter().enumerate() {
            let at = format!("{at}{i}]");
            match super::first_byte(item.get().as_bytes()) {
                Some(b'{') => self.object(item.get().as_bytes(), &at, emit),
                _ => emit(Err(located(&at, super::NOT_AN_OBJECT.into()))),
            }
        }
    }

    fn object(&mut self, bytes: &[u8], at: &str, emit: &mut EmitStr<'_>) {
        let shape = match serde_json::from_slice::<Shape>(bytes) {
            Ok(s) => s,
            Err(e) => return emit(Err(located(at, super::json_error(&e)))),
        };
        let pages = [
            ("feed", &shape.feed),
            ("posts", &shape.posts),
            ("records", &shape.records),
            ("postRecords", &shape.post_records),
        ];
        if pages.iter().any(|(_, p)| p.is_some()) {
            if let Some(meta) = &shape.account_meta {
                self.owner = Some(owner_of(meta));
            }
            for (name, page) in pages {
                if let Some(items) = page {
                    self.each(items, &format!("{at}{name}["), emit);
                }
            }
            return;
        }
        let kind = shape.kind.as_deref();
        let result = if shape.post.is_some() {
            self.feed_item(bytes)
        } else if shape.record.is_some() {
            serde_json::from_slice::<PostView>(bytes)
                .map_err(|e| super::json_error(&e))
                .and_then(|view| self.post_view(&view))
        } else if let Some(value) = shape.value {
            self.bare(value, shape.uri.as_deref())
        } else if kind.is_some_and(|k| k.starts_with("app.bsky.feed.")) || shape.text.is_some() {
            // The object is the record itself.
            serde_json::from_slice::<&RawValue>(bytes)
                .map_err(|e| super::json_error(&e))
                .and_then(|record| self.bare(record, None))
        } else {
            Err(match kind {
                Some(k) => format!("{k}: not a post"),
                None => "not a Bluesky post: no record, value, post, feed, posts or records".into(),
            })
        };
        // A `{uri, cid, value}` entry of a capture names its author only in the capture's
        // `accountMeta`: keep it as a post view, which carries the author, so that the original
        // reads back alone as the same post.
        let raw = match (&self.owner, shape.value, shape.record, shape.post) {
            (Some(owner), Some(value), None, None) => as_post_view(bytes, owner, value),
            _ => bytes.to_vec(),
        };
        emit(
            result
                .map(|mut t| {
                    t.raw = raw;
                    t
                })
                .map_err(|r| located(at, r)),
        );
    }
}

/// `{"uri", "cid", "author", "record"}` from a `{uri, cid, value}` entry and its owner.
fn as_post_view(entry: &[u8], owner: &Owner, value: &RawValue) -> Vec<u8> {
    #[derive(Deserialize)]
    struct Entry<'a> {
        #[serde(borrow)]
        uri: Option<&'a RawValue>,
        #[serde(borrow)]
        cid: Option<&'a RawValue>,
    }
    let Ok(e) = serde_json::from_slice::<Entry>(entry) else {
        return entry.to_vec();
    };
    let author = serde_json::json!({
        "did": owner.did,
        "handle": owner.handle,
        "displayName": owner.name,
    });
    let mut out = String::from("{");
    for (key, v) in [("uri", e.uri), ("cid", e.cid)] {
        if let Some(v) = v {
            out.push_str(&format!("\"{key}\":{},", v.get()));
        }
    }
    out.push_str(&format!("\"author\":{author},\"record\":{}}}", value.get()));
    out.into_bytes()
}

fn owner_of(meta: &AccountMeta) -> Owner {
    let identity = meta.identity.as_ref();
    Owner {
        did: identity.and_then(|i| i.did.clone()).unwrap_or_default(),
        handle: identity.and_then(|i| i.handle.clone()).unwrap_or_default(),
        name: meta
            .profile
            .as_ref()
            .and_then(|p| p.display_name.clone())
            .unwrap_or_default(),
    }
}

// ---- Records -----------------------------------------------------------------------------------

#[derive(Deserialize)]
struct PostRecord<'a> {
    #[serde(rename = "$type", borrow)]
    kind: Option<Cow<'a, str>>,
    #[serde(borrow)]
    text: Option<Cow<'a, str>>,
    #[serde(rename = "createdAt", borrow)]
    created_at: Option<Cow<'a, str>>,
    #[serde(borrow)]
    langs: Option<Vec<Cow<'a, str>>>,
    /// Read one by one, so that a malformed facet spoils only itself.
    #[serde(borrow)]
    facets: Option<Vec<&'a RawValue>>,
    #[serde(borrow)]
    reply: Option<ReplyRef<'a>>,
    /// Read leniently: an embed chirpdex does not know is not an error.
    #[serde(borrow)]
    embed: Option<&'a RawValue>,
    /// What a repost record reposts.
    #[serde(borrow)]
    subject: Option<StrongRef<'a>>,
}

#[derive(Deserialize)]
struct ReplyRef<'a> {
    #[serde(borrow)]
    parent: Option<StrongRef<'a>>,
}

#[derive(Deserialize)]
struct StrongRef<'a> {
    #[serde(borrow)]
    uri: Option<Cow<'a, str>>,
}

#[derive(Deserialize)]
struct Facet<'a> {
    index: Option<ByteSlice>,
    #[serde(borrow, default)]
    features: Vec<Feature<'a>>,
}

#[derive(Deserialize)]
struct ByteSlice {
    #[serde(rename = "byteStart")]
    start: u64,
    #[serde(rename = "byteEnd")]
    end: u64,
}

#[derive(Deserialize)]
struct Feature<'a> {
    #[serde(rename = "$type", borrow)]
    kind: Option<Cow<'a, str>>,
    #[serde(borrow)]
    tag: Option<Cow<'a, str>>,
    #[serde(borrow)]
    did: Option<Cow<'a, str>>,
    #[serde(borrow)]
    uri: Option<Cow<'a, str>>,
}

#[derive(Deserialize)]
struct Embed<'a> {
    #[serde(rename = "$type", borrow)]
    kind: Option<Cow<'a, str>>,
    #[serde(borrow)]
    record: Option<EmbedRecord<'a>>,
    #[serde(borrow)]
    external: Option<External<'a>>,
}

/// `app.bsky.embed.record`'s `record` (a strong ref), or `recordWithMedia`'s (which nests one);
/// in a view, the quoted post's view, with its author.
#[derive(Deserialize)]
struct EmbedRecord<'a> {
    #[serde(borrow)]
    uri: Option<Cow<'a, str>>,
    #[serde(borrow)]
    author: Option<Profile<'a>>,
    #[serde(borrow)]
    record: Option<Box<EmbedRecord<'a>>>,
}

#[derive(Deserialize)]
struct External<'a> {
    #[serde(borrow)]
    uri: Option<Cow<'a, str>>,
}

// ---- Views -------------------------------------------------------------------------------------

#[derive(Deserialize)]
struct PostView<'a> {
    #[serde(borrow)]
    uri: Option<Cow<'a, str>>,
    #[serde(borrow)]
    author: Option<Profile<'a>>,
    #[serde(borrow)]
    record: &'a RawValue,
    #[serde(borrow)]
    embed: Option<&'a RawValue>,
    #[serde(rename = "likeCount")]
    like_count: Option<u64>,
    #[serde(rename = "repostCount")]
    repost_count: Option<u64>,
    #[serde(rename = "indexedAt", borrow)]
    indexed_at: Option<Cow<'a, str>>,
}

#[derive(Deserialize)]
struct Profile<'a> {
    #[serde(borrow)]
    did: Option<Cow<'a, str>>,
    #[serde(borrow)]
    handle: Option<Cow<'a, str>>,
    #[serde(rename = "displayName", borrow)]
    display_name: Option<Cow<'a, str>>,
}

#[derive(Deserialize)]
struct FeedItem<'a> {
    #[serde(borrow)]
    post: PostView<'a>,
    /// The thread a reply belongs to, as views (they name the parent's author).
    #[serde(borrow)]
    reply: Option<&'a RawValue>,
    #[serde(borrow)]
    reason: Option<Reason<'a>>,
}

#[derive(Deserialize)]
struct FeedReply<'a> {
    #[serde(borrow)]
    parent: Option<EmbedRecord<'a>>,
}

#[derive(Deserialize)]
struct Reason<'a> {
    #[serde(rename = "$type", borrow)]
    kind: Option<Cow<'a, str>>,
    #[serde(borrow)]
    by: Option<Profile<'a>>,
    #[serde(borrow)]
    uri: Option<Cow<'a, str>>,
    #[serde(rename = "indexedAt", borrow)]
    indexed_at: Option<Cow<'a, str>>,
}

impl Profile<'_> {
    fn author(&self) -> Result<Author, String> {
        let did = self.did.as_deref().unwrap_or_default();
        let handle = self
            .handle
            .as_deref()
            .filter(|h| !h.is_empty())
            .unwrap_or(did);
        if handle.is_empty() {
            return Err("author has neither handle nor did".into());
        }
        Ok(Author {
            handle: handle.to_string(),
            name: self.display_name.as_deref().unwrap_or_default().to_string(),
            id: did.to_string(),
        })
    }
}

/// `at://AUTHORITY/COLLECTION/RKEY`, split.
struct AtUri<'a> {
    authority: &'a str,
    collection: &'a str,
    rkey: &'a str,
}

fn at_uri(uri: &str) -> Option<AtUri<'_>> {
    let mut parts = uri.strip_prefix("at://")?.splitn(3, '/');
    let authority = parts.next().filter(|a| !a.is_empty())?;
    Some(AtUri {
        authority,
        collection: parts.next().unwrap_or_default(),
        rkey: parts.next().unwrap_or_default(),
    })
}

/// The post's page on the web app.
fn web_link(handle: &str, uri: &str) -> Option<String> {
    let at = at_uri(uri)?;
    let profile = if handle.is_empty() {
        at.authority
    } else {
        handle
    };
    (at.collection == POST && !at.rkey.is_empty())
        .then(|| format!("https://bsky.app/profile/{profile}/post/{}", at.rkey))
}

/// What a post carries besides its text, as read from its own record.
struct Content {
    text: String,
    lang: Option<String>,
    hashtags: Vec<String>,
    mentions: Vec<String>,
    urls: Vec<String>,
    reply_parent: Option<String>,
    quoted: Option<String>,
}

impl Reader {
    /// Who wrote a record, from the authority of its uri.
    fn author_of(&self, uri: Option<&str>) -> Author {
        let Some(at) = uri.and_then(at_uri) else {
            return Author::default();
        };
        let is_did = at.authority.starts_with("did:");
        match &self.owner {
            Some(o) if is_did && o.did == at.authority && !o.handle.is_empty() => Author {
                handle: o.handle.clone(),
                name: o.name.clone(),
                id: o.did.clone(),
            },
            _ => Author {
                handle: at.authority.to_string(),
                name: String::new(),
                id: if is_did {
                    at.authority.to_string()
                } else {
                    String::new()
                },
            },
        }
    }

    /// A reference to another post by its uri; the author is the handle when known.
    fn reference(&self, uri: &str, handle: Option<String>) -> Reference {
        Reference {
            id: uri.to_string(),
            author: handle.or_else(|| {
                let a = self.author_of(Some(uri));
                (!a.handle.is_empty()).then_some(a.handle)
            }),
        }
    }

    /// A record alone (bare, or in its `{uri, cid, value}` wrapper).
    fn bare(&mut self, value: &RawValue, uri: Option<&str>) -> Result<Tweet, String> {
        let record: PostRecord =
            serde_json::from_str(value.get()).map_err(|e| super::json_error(&e))?;
        let author = self.author_of(uri);
        match record.kind.as_deref() {
            Some(POST) | None => {}
            Some(REPOST) => return self.repost_record(&record, uri, author),
            Some(other) => return Err(format!("{other} record: not a post")),
        }
        let created = record
            .created_at
            .as_deref()
            .ok_or("post has no createdAt")?;
        let created_at = rfc3339(created, "createdAt")?;
        let content = content(&record)?;
        let id = match uri.filter(|u| !u.is_empty()) {
            Some(u) => u.to_string(),
            None => {
                let key = [author.id.as_str(), created, content.text.as_str()].join("\u{1f}");
                let n = self.seen.entry(key).or_default();
                *n += 1;
                derived_id(
                    "bluesky",
                    &[&author.id, created, &content.text, &n.to_string()],
                )
            }
        };
        let reply_to = content
            .reply_parent
            .as_deref()
            .map(|p| self.reference(p, None));
        let quote_of = content.quoted.as_deref().map(|q| self.reference(q, None));
        Ok(finish(Tweet {
            link: web_link(&author.handle, &id),
            id,
            created_at,
            author,
            text: content.text,
            lang: content.lang,
            kind: TweetType::Original,
            retweet_of: None,
            quote_of,
            reply_to,
            retweet_count: 0,
            favorite_count: 0,
            hashtags: content.hashtags,
            mentions: content.mentions,
            urls: content.urls,
            date_only: false,
            format: Format::Bluesky,
            source: String::new(),
            event: None,
            attributions: Vec::new(),
            raw: Vec::new(),
        }))
    }

    /// An `app.bsky.feed.repost` record: a retweet whose text is not in the record.
    fn repost_record(
        &mut self,
        record: &PostRecord<'_>,
        uri: Option<&str>,
        author: Author,
    ) -> Result<Tweet, String> {
        let subject = record
            .subject
            .as_ref()
            .and_then(|s| s.uri.as_deref())
            .ok_or("repost has no subject uri")?;
        let created = record
            .created_at
            .as_deref()
            .ok_or("repost has no createdAt")?;
        let id = match uri.filter(|u| !u.is_empty()) {
            Some(u) => u.to_string(),
            None => derived_id("bluesky-repost", &[&author.id, subject]),
        };
        let of = self.reference(subject, None);
        Ok(finish(Tweet {
            id,
            created_at: rfc3339(created, "createdAt")?,
            link: web_link(of.author.as_deref().unwrap_or_default(), subject),
            author,
            text: String::new(),
            lang: None,
            kind: TweetType::Retweet,
            retweet_of: Some(of),
            quote_of: None,
            reply_to: None,
            retweet_count: 0,
            favorite_count: 0,
            hashtags: Vec::new(),
            mentions: Vec::new(),
            urls: Vec::new(),
            date_only: false,
            format: Format::Bluesky,
            source: String::new(),
            event: None,
            attributions: Vec::new(),
            raw: Vec::new(),
        }))
    }

    fn post_view(&mut self, view: &PostView<'_>) -> Result<Tweet, String> {
        self.view_tweet(view, None)
    }

    /// A post view; `parent_author` is the replied-to post's author when a feed item says.
    fn view_tweet(
        &mut self,
        view: &PostView<'_>,
        parent_author: Option<String>,
    ) -> Result<Tweet, String> {
        let uri = view
            .uri
            .as_deref()
            .filter(|u| !u.is_empty())
            .ok_or("post view has no uri")?;
        let record: PostRecord = serde_json::from_str(view.record.get())
            .map_err(|e| format!("record: {}", super::json_error(&e)))?;
        if let Some(k) = record.kind.as_deref().filter(|k| *k != POST) {
            return Err(format!("{k} record: not a post"));
        }
        let author = match &view.author {
            Some(p) => p.author()?,
            None => self.author_of(Some(uri)),
        };
        let created_at = match (record.created_at.as_deref(), view.indexed_at.as_deref()) {
            (Some(c), _) => rfc3339(c, "createdAt")?,
            (None, Some(i)) => rfc3339(i, "indexedAt")?,
            (None, None) => return Err("post has no createdAt".into()),
        };
        let content = content(&record)?;
        let reply_to = content
            .reply_parent
            .as_deref()
            .map(|p| self.reference(p, parent_author));
        let quote_of = content.quoted.as_deref().map(|q| {
            let handle = view.embed.and_then(|e| quoted_handle(e, q));
            self.reference(q, handle)
        });
        Ok(finish(Tweet {
            id: uri.to_string(),
            created_at,
            link: web_link(&author.handle, uri),
            author,
            text: content.text,
            lang: content.lang,
            kind: TweetType::Original,
            retweet_of: None,
            quote_of,
            reply_to,
            retweet_count: view.repost_count.unwrap_or(0),
            favorite_count: view.like_count.unwrap_or(0),
            hashtags: content.hashtags,
            mentions: content.mentions,
            urls: content.urls,
            date_only: false,
            format: Format::Bluesky,
            source: String::new(),
            event: None,
            attributions: Vec::new(),
            raw: Vec::new(),
        }))
    }

    /// A feed item: the post, or its repost by someone (`reasonRepost`).
    fn feed_item(&mut self, bytes: &[u8]) -> Result<Tweet, String> {
        let item: FeedItem = serde_json::from_slice(bytes).map_err(|e| super::json_error(&e))?;
        let parent_author = item
            .reply
            .and_then(|r| serde_json::from_str::<FeedReply>(r.get()).ok())
            .and_then(|r| r.parent?.author?.handle.map(|h| h.to_string()));
        let post = self
            .view_tweet(&item.post, parent_author)
            .map_err(|r| format!("post: {r}"))?;
        let Some(reason) = item
            .reason
            .filter(|r| r.kind.as_deref() == Some("app.bsky.feed.defs#reasonRepost"))
        else {
            return Ok(post);
        };
        let by = reason
            .by
            .as_ref()
            .ok_or("reason: repost without who reposted (by)")?
            .author()
            .map_err(|r| format!("reason: {r}"))?;
        let id = match reason.uri.as_deref().filter(|u| !u.is_empty()) {
            Some(u) => u.to_string(),
            None => derived_id("bluesky-repost", &[&by.id, &post.id]),
        };
        let created_at = match reason.indexed_at.as_deref() {
            Some(t) => rfc3339(t, "reason.indexedAt")?,
            None => post.created_at,
        };
        Ok(Tweet {
            id,
            created_at,
            author: by,
            kind: TweetType::Retweet,
            retweet_of: Some(Reference {
                id: post.id.clone(),
                author: Some(post.author.handle.clone()),
            }),
            quote_of: None,
            reply_to: None,
            ..post
        })
    }
}

/// The handle of the quoted post's author, from a post view's embed (`record#view`, or
/// `recordWithMedia#view` which nests it).
fn quoted_handle(embed: &RawValue, uri: &str) -> Option<String> {
    let embed: Embed = serde_json::from_str(embed.get()).ok()?;
    let mut record = embed.record.as_ref()?;
    loop {
        if record.uri.as_deref() == Some(uri) {
            return record
                .author
                .as_ref()?
                .handle
                .as_deref()
                .map(str::to_string);
        }
        record = record.record.as_deref()?;
    }
}

/// The text, language, entities and references of a post record.
fn content(record: &PostRecord<'_>) -> Result<Content, String> {
    let text = record.text.as_deref().ok_or("post has no text")?;
    let embed = record
        .embed
        .and_then(|e| serde_json::from_str::<Embed>(e.get()).ok());
    let (hashtags, mentions, mut urls) = match &record.facets {
        Some(facets) => from_facets(text, facets),
        None => (
            extract::hashtags(text),
            extract::mentions(text),
            extract::urls(text),
        ),
    };
    if let Some(uri) = embed
        .as_ref()
        .and_then(|e| e.external.as_ref()?.uri.as_deref())
        .filter(|u| !u.is_empty())
    {
        urls.push(uri.to_string());
    }
    let quoted = embed.as_ref().and_then(|e| {
        let record = e.record.as_ref()?;
        let strong = match e.kind.as_deref() {
            Some("app.bsky.embed.recordWithMedia") => record.record.as_deref()?,
            _ => record,
        };
        let uri = strong.uri.as_deref()?;
        (at_uri(uri)?.collection == POST).then(|| uri.to_string())
    });
    Ok(Content {
        text: text.to_string(),
        lang: record
            .langs
            .as_ref()
            .and_then(|l| l.first())
            .map(|l| l.to_string()),
        hashtags,
        mentions,
        urls,
        reply_parent: record
            .reply
            .as_ref()
            .and_then(|r| r.parent.as_ref()?.uri.as_deref())
            .map(str::to_string),
        quoted,
    })
}

/// Hashtags, mentions and links from facets. Offsets are UTF-8 bytes into the text.
fn from_facets(text: &str, facets: &[&RawValue]) -> (Vec<String>, Vec<String>, Vec<String>) {
    let mut hashtags = Vec::new();
    let mut mentions = Vec::new();
    let mut urls = Vec::new();
    for raw in facets {
        let Ok(facet) = serde_json::from_str::<Facet>(raw.get()) else {
            continue;
        };
        let slice = facet.index.as_ref().and_then(|i| {
            let start = usize::try_from(i.start).ok()?;
            let end = usize::try_from(i.end).ok()?;
            text.get(start..end)
        });
        for feature in &facet.features {
            match feature.kind.as_deref() {
                Some("app.bsky.richtext.facet#tag") => {
                    if let Some(tag) = feature.tag.as_deref().map(|t| t.trim_start_matches('#'))
                        && !tag.is_empty()
                    {
                        hashtags.push(tag.to_string());
                    }
                }
                Some("app.bsky.richtext.facet#mention") => {
                    let written = slice
                        .and_then(|s| s.trim().strip_prefix('@'))
                        .filter(|s| !s.is_empty());
                    if let Some(m) = written.or(feature.did.as_deref()) {
                        mentions.push(m.to_string());
                    }
                }
                Some("app.bsky.richtext.facet#link") => {
                    if let Some(uri) = feature.uri.as_deref().filter(|u| !u.is_empty()) {
                        urls.push(uri.to_string());
                    }
                }
                _ => {}
            }
        }
    }
    (hashtags, mentions, urls)
}

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

fn rfc3339(s: &str, field: &str) -> Result<DateTime<Utc>, String> {
    DateTime::parse_from_rfc3339(s)
        .map(|d| d.with_timezone(&Utc))
        .map_err(|e| format!("{field} {s:?} is not an RFC 3339 date ({e})"))
}

#[cfg(test)]
mod tests {
    use std::path::{Path, PathBuf};

    use super::*;

    use crate::formats::testing::read_file;

    fn data(name: &str) -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/data/bluesky")
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

    const ALICE: &str = "did:plc:alice000000000000000000";
    const BOB: &str = "did:plc:bob00000000000000000000000";
    const CAROL: &str = "did:plc:carol0000000000000000000";

    fn post_uri(did: &str, rkey: &str) -> String {
        format!("at://{did}/app.bsky.feed.post/{rkey}")
    }

    #[test]
    fn a_record_in_its_wrapper_with_facets() {
        // "#rust" is bytes 6..11, "@bob.bsky.social" 12..28, "example.org" 29..40.
        let json = format!(
            r#"{{"uri":"{}","cid":"c","value":{{"$type":"app.bsky.feed.post",
            "text":"hello #rust @bob.bsky.social example.org","createdAt":"2024-03-01T09:30:00.5Z",
            "langs":["en"],"facets":[
              {{"index":{{"byteStart":6,"byteEnd":11}},"features":[{{"$type":"app.bsky.richtext.facet#tag","tag":"rust"}}]}},
              {{"index":{{"byteStart":12,"byteEnd":28}},"features":[{{"$type":"app.bsky.richtext.facet#mention","did":"{BOB}"}}]}},
              {{"index":{{"byteStart":29,"byteEnd":40}},"features":[{{"$type":"app.bsky.richtext.facet#link","uri":"https://example.org/"}}]}}]}}}}"#,
            post_uri(ALICE, "3k1")
        );
        let t = one(&json);
        assert_eq!(t.id, post_uri(ALICE, "3k1"));
        assert_eq!(t.created_at.to_rfc3339(), "2024-03-01T09:30:00.500+00:00");
        assert_eq!(
            t.author,
            Author {
                handle: ALICE.into(),
                name: String::new(),
                id: ALICE.into()
            }
        );
        assert_eq!(t.text, "hello #rust @bob.bsky.social example.org");
        assert_eq!(t.kind, TweetType::Original);
        assert_eq!(t.hashtags, ["rust"]);
        assert_eq!(t.mentions, ["bob.bsky.social"]);
        assert_eq!(t.urls, ["https://example.org/"]);
        assert_eq!(t.lang.as_deref(), Some("en"));
        assert_eq!(
            t.link,
            Some(format!("https://bsky.app/profile/{ALICE}/post/3k1"))
        );
        assert_eq!(t.format, Format::Bluesky);
        assert_eq!(t.raw, json.as_bytes());
    }

    #[test]
    fn facets_count_bytes_and_bad_offsets_never_panic() {
        let (formats, all) = read_file(&data("multibyte.json"), None);
        assert_eq!(formats, [Format::Bluesky]);
        let t = all[0].as_ref().unwrap();
        assert_eq!(
            t.text,
            "Perché è così 🎉 bello: grazie @carol.example.com! #università https://example.org/è"
        );
        assert_eq!(t.created_at.to_rfc3339(), "2023-11-17T11:00:00+00:00");
        assert_eq!(t.hashtags, ["università"]);
        // The second mention's offsets fall inside "é": its DID stands in for the handle.
        assert_eq!(t.mentions, ["carol.example.com", BOB]);
        assert_eq!(t.urls, ["https://example.org/%C3%A8"]);
        assert_eq!(t.lang.as_deref(), Some("it"));
        // No uri: an id derived from the content, and no link.
        assert!(t.id.starts_with("bluesky:"), "{}", t.id);
        assert_eq!(t.link, None);

        // Every slice of a multibyte text, in range or not, on a boundary or not.
        let text = "é🎉@a.b x";
        let len = text.len() as u64;
        for start in 0..len + 3 {
            for end in 0..len + 3 {
                let facet = format!(
                    r#"{{"index":{{"byteStart":{start},"byteEnd":{end}}},"features":[{{"$type":"app.bsky.richtext.facet#mention","did":"did:x"}}]}}"#
                );
                let raw: &RawValue = serde_json::from_str(&facet).unwrap();
                let (_, mentions, _) = from_facets(text, &[raw]);
                let written = usize::try_from(start)
                    .ok()
                    .zip(usize::try_from(end).ok())
                    .and_then(|(s, e)| text.get(s..e))
                    .and_then(|s| s.trim().strip_prefix('@'))
                    .filter(|s| !s.is_empty());
                let want = written.unwrap_or("did:x");
                assert_eq!(mentions, [want], "{start}..{end}");
            }
        }
        let whole: &RawValue = serde_json::from_str(
            r#"{"index":{"byteStart":6,"byteEnd":10},"features":[{"$type":"app.bsky.richtext.facet#mention","did":"did:x"}]}"#,
        )
        .unwrap();
        assert_eq!(from_facets(text, &[whole]).1, ["a.b"]);
    }

    #[test]
    fn a_list_records_page_gives_posts_replies_and_quotes() {
        let (formats, all) = read_file(&data("list_records.json"), None);
        assert_eq!(formats, [Format::Bluesky]);
        assert_eq!(all.len(), 4);
        assert_eq!(
            all[3].as_ref().unwrap_err(),
            "records[3]: app.bsky.feed.like record: not a post"
        );
        let all: Vec<&Tweet> = all.iter().flatten().collect();
        let ids: Vec<&str> = all.iter().map(|t| t.id.as_str()).collect();
        assert_eq!(
            ids,
            [
                post_uri(ALICE, "3kalice00001"),
                post_uri(ALICE, "3kalice00002"),
                post_uri(ALICE, "3kalice00003")
            ]
        );
        let kinds: Vec<TweetType> = all.iter().map(|t| t.kind).collect();
        assert_eq!(
            kinds,
            [TweetType::Original, TweetType::Reply, TweetType::Quote]
        );
        assert_eq!(all[0].hashtags, ["PASocial"]);
        assert_eq!(all[0].urls, ["https://example.org/programma-2023"]);
        assert_eq!(all[1].mentions, ["bob.bsky.social"]);
        assert_eq!(
            all[1].reply_to,
            Some(Reference {
                id: post_uri(BOB, "3kbob0000001"),
                author: Some(BOB.into())
            })
        );
        assert_eq!(
            all[2].quote_of,
            Some(Reference {
                id: post_uri(CAROL, "3kcarol00001"),
                author: Some(CAROL.into())
            })
        );
        // Each keeps its `{uri, cid, value}`, which reads back alone to the same tweet.
        for t in &all {
            assert!(t.raw.starts_with(b"{") && t.raw.ends_with(b"}"));
            assert_eq!(crate::formats::detect(&t.raw), Format::Bluesky);
            assert_eq!(one(std::str::from_utf8(&t.raw).unwrap()), **t);
        }
    }

    #[test]
    fn a_feed_view_gives_handles_counts_and_reposts() {
        let (formats, all) = read_file(&data("author_feed.json"), None);
        assert_eq!(formats, [Format::Bluesky]);
        let all: Vec<Tweet> = all.into_iter().map(Result::unwrap).collect();
        assert_eq!(all.len(), 3);
        let first = &all[0];
        assert_eq!(
            first.author,
            Author {
                handle: "alice.bsky.social".into(),
                name: "Alice Rossi".into(),
                id: ALICE.into()
            }
        );
        assert_eq!((first.retweet_count, first.favorite_count), (3, 5));
        assert_eq!(
            first.link.as_deref(),
            Some("https://bsky.app/profile/alice.bsky.social/post/3kalice00001")
        );
        // The feed item's reply views name the parent's author.
        assert_eq!(
            all[1].reply_to,
            Some(Reference {
                id: post_uri(BOB, "3kbob0000001"),
                author: Some("bob.bsky.social".into())
            })
        );

        let repost = &all[2];
        assert_eq!(repost.kind, TweetType::Retweet);
        assert!(repost.id.starts_with("bluesky-repost:"), "{}", repost.id);
        assert_eq!(repost.author.handle, "alice.bsky.social");
        assert_eq!(repost.created_at.to_rfc3339(), "2023-11-17T11:02:00+00:00");
        assert_eq!(repost.text, "Le slide di oggi: la PA è social 🎉 #pasocial");
        assert_eq!(repost.hashtags, ["pasocial"]);
        assert_eq!(
            repost.retweet_of,
            Some(Reference {
                id: post_uri(CAROL, "3kcarol00001"),
                author: Some("carol.example.com".into())
            })
        );
        assert_eq!(repost.quote_of, None);
        assert_eq!(
            repost.link.as_deref(),
            Some("https://bsky.app/profile/carol.example.com/post/3kcarol00001")
        );
        // Each item reads back alone to the same tweet: the derived id is stable.
        for t in &all {
            assert!(t.raw.starts_with(b"{\"post\""));
            assert_eq!(crate::formats::detect(&t.raw), Format::Bluesky);
            assert_eq!(one(std::str::from_utf8(&t.raw).unwrap()), *t);
        }
    }

    #[test]
    fn posts_views_name_the_quoted_author_and_reposts_by_uri() {
        let quoted = post_uri(CAROL, "3kq");
        let json = format!(
            r#"{{"posts":[{{"uri":"{}","cid":"c","author":{{"did":"{BOB}","handle":"bob.bsky.social"}},
            "record":{{"$type":"app.bsky.feed.post","text":"look","createdAt":"2024-01-01T00:00:00Z",
              "embed":{{"$type":"app.bsky.embed.recordWithMedia","media":{{}},"record":{{"record":{{"uri":"{quoted}","cid":"q"}}}}}}}},
            "embed":{{"$type":"app.bsky.embed.recordWithMedia#view","record":{{"record":{{"uri":"{quoted}","author":{{"did":"{CAROL}","handle":"carol.example.com"}}}}}}}},
            "likeCount":4,"repostCount":1}}]}}"#,
            post_uri(BOB, "3kb")
        );
        let t = one(&json);
        assert_eq!(t.kind, TweetType::Quote);
        assert_eq!(
            t.quote_of,
            Some(Reference {
                id: quoted.clone(),
                author: Some("carol.example.com".into())
            })
        );
        assert_eq!((t.retweet_count, t.favorite_count), (1, 4));

        // A repost with its own uri (newer views), and a repost record of a repository.
        let repost_uri = format!("at://{ALICE}/app.bsky.feed.repost/3kr");
        let item = format!(
            r#"{{"post":{{"uri":"{quoted}","author":{{"did":"{CAROL}","handle":"carol.example.com"}},
            "record":{{"text":"q","createdAt":"2024-01-01T00:00:00Z"}}}},
            "reason":{{"$type":"app.bsky.feed.defs#reasonRepost","uri":"{repost_uri}",
              "by":{{"did":"{ALICE}","handle":"alice.bsky.social"}},"indexedAt":"2024-01-02T00:00:00Z"}}}}"#
        );
        assert_eq!(one(&item).id, repost_uri);
        let record = format!(
            r#"{{"uri":"{repost_uri}","value":{{"$type":"app.bsky.feed.repost",
            "subject":{{"uri":"{quoted}","cid":"q"}},"createdAt":"2024-01-02T00:00:00Z"}}}}"#
        );
        let r = one(&record);
        assert_eq!(
            (r.id.as_str(), r.kind),
            (repost_uri.as_str(), TweetType::Retweet)
        );
        assert_eq!(r.text, "");
        assert_eq!(r.retweet_of.unwrap().id, quoted);
    }

    #[test]
    fn bare_records_without_uri_get_stable_ids_and_twins_stay_two() {
        let post =
            r#"{"$type":"app.bsky.feed.post","text":"📷","createdAt":"2024-01-01T00:00:00Z"}"#;
        let other =
            r#"{"$type":"app.bsky.feed.post","text":"other","createdAt":"2024-01-01T00:00:00Z"}"#;
        let page = format!("[{post},{other},{post}]");
        let ids = |json: &str| -> Vec<String> {
            tweets(json).into_iter().map(|t| t.unwrap().id).collect()
        };
        let first = ids(&page);
        assert_eq!(first.len(), 3);
        assert_ne!(first[0], first[2]);
        assert_eq!(first, ids(&page), "same page, same ids");
        assert_eq!(first[0], ids(post)[0]);
    }

    #[test]
    fn wrong_truncated_and_empty_files() {
        let (_, wrong) = read_file(&data("wrong.jsonl"), Some(Format::Bluesky));
        assert_eq!(wrong.len(), 6);
        let reason = |i: usize| wrong[i].as_ref().unwrap_err().as_str();
        assert_eq!(
            reason(0),
            "not a Bluesky post: no record, value, post, feed, posts or records"
        );
        assert!(
            reason(1).starts_with("unexpected JSON: invalid type: integer `5`, expected a string"),
            "{}",
            reason(1)
        );
        assert!(
            reason(2).starts_with("createdAt \"yesterday\" is not an RFC 3339 date"),
            "{}",
            reason(2)
        );
        assert_eq!(reason(3), "app.bsky.actor.profile: not a post");
        // One bad item in a feed page spoils only itself.
        assert_eq!(wrong[4].as_ref().unwrap().text, "ok");
        assert!(
            reason(5).starts_with("feed[1]: unexpected JSON: invalid type: string"),
            "{}",
            reason(5)
        );

        let (_, cut) = read_file(&data("truncated.json"), None);
        assert_eq!(cut.len(), 1);
        assert_eq!(
            cut[0].as_ref().unwrap_err(),
            "the file ends inside this record"
        );

        // Only blank lines: nothing framed, nothing read.
        let (formats, empty) = read_file(&data("empty.json"), Some(Format::Bluesky));
        assert!(formats.is_empty() && empty.is_empty());
    }

    #[test]
    fn what_is_not_a_post_is_refused_with_a_reason() {
        let reasons: Vec<String> = [
            "42",
            r#"{"uri":"at://did:plc:x/app.bsky.feed.post/1","value":{"text":"x"}}"#,
            r#"{"uri":"at://did:plc:x/app.bsky.feed.post/1","value":{"createdAt":"2024-01-01T00:00:00Z"}}"#,
            r#"{"post":{"uri":"at://did:plc:x/app.bsky.feed.post/1","author":{},"record":{"text":"x","createdAt":"2024-01-01T00:00:00Z"}}}"#,
            r#"{"feed":[{"post":{"uri":"at://x/app.bsky.feed.post/1","record":{"text":"x","createdAt":"2024-01-01T00:00:00Z"}}}, 7]}"#,
        ]
        .iter()
        .flat_map(|j| tweets(j))
        .filter_map(Result::err)
        .collect();
        assert_eq!(
            reasons,
            [
                "not a JSON object or array",
                "post has no createdAt",
                "post has no text",
                "post: author has neither handle nor did",
                "feed[1]: not a JSON object or array",
            ]
        );
    }

    #[test]
    fn real_dump_indigo_capture() {
        let path = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../shared/real-dumps/indigo/capture_atprotocom.json");
        if !path.exists() {
            eprintln!("skipped: {} is absent (needs ../shared)", path.display());
            return;
        }
        let (formats, all) = read_file(&path, None);
        // One pretty-printed object: one record, recognised as Bluesky.
        assert_eq!(formats, [Format::Bluesky]);
        let all: Vec<Tweet> = all.into_iter().map(Result::unwrap).collect();
        assert_eq!(all.len(), 20);
        let did = "did:plc:ewvi7nxzyoun6zhxrhs64oiz";
        for t in &all {
            assert_eq!(
                t.author,
                Author {
                    handle: "atproto.com".into(),
                    name: "AT Protocol Developers".into(),
                    id: did.into()
                }
            );
            assert!(t.id.starts_with(&format!("at://{did}/app.bsky.feed.post/")));
            assert!(
                t.link
                    .as_deref()
                    .unwrap()
                    .starts_with("https://bsky.app/profile/atproto.com/post/")
            );
            assert_eq!(t.lang.as_deref(), Some("en"));
            assert!(t.raw.starts_with(b"{") && t.raw.ends_with(b"}"));
        }
        let count = |k: TweetType| all.iter().filter(|t| t.kind == k).count();
        assert_eq!(
            (
                count(TweetType::Original),
                count(TweetType::Reply),
                count(TweetType::Quote)
            ),
            (8, 8, 4)
        );
        let first = &all[0];
        assert_eq!(
            first.id,
            format!("at://{did}/app.bsky.feed.post/3kftldxbvq22p")
        );
        assert_eq!(
            first.created_at.to_rfc3339(),
            "2023-12-06T00:21:07.723+00:00"
        );
        assert!(
            first
                .text
                .starts_with("[for developers]\n\ntl;dr if your feed")
        );
        assert_eq!(
            first.reply_to,
            Some(Reference {
                id: format!("at://{did}/app.bsky.feed.post/3kftlbujmfk24"),
                author: Some("atproto.com".into())
            })
        );
        // A link card's uri is a link of the post.
        assert_eq!(
            first.urls,
            ["https://github.com/bluesky-social/atproto/discussions/1933"]
        );
        let mut mentions: Vec<&str> = all
            .iter()
            .flat_map(|t| t.mentions.iter().map(String::as_str))
            .collect();
        mentions.sort_unstable();
        assert_eq!(
            mentions,
            ["bsky.app", "graysky.app", "snarfed.org", "snarfed.org"]
        );
        let graysky = all.iter().find(|t| t.mentions == ["graysky.app"]).unwrap();
        assert_eq!(
            graysky.urls,
            [
                "https://github.com/mozzius/graysky",
                "https://atproto.com/community/projects#clients"
            ]
        );
        assert_eq!(
            graysky.quote_of.as_ref().unwrap().id,
            "at://did:plc:p2cp5gopk7mgjegy6wadk3ep/app.bsky.feed.post/3kbl67fqu4k2t"
        );
        assert!(all.iter().all(|t| t.hashtags.is_empty()));
    }
}
