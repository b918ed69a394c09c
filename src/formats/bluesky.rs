//! Bluesky `app.bsky.feed.post` records and the API's views of them.
//!
//! A record is one of:
//! - a post record (`{"$type": "app.bsky.feed.post", "text", "createdAt", ...}`), or one in its
//!   repository wrapper `{uri, cid, value}` (`com.atproto.repo.getRecord`, `listRecords`);
//! - a page of such wrappers: `listRecords` (`{"records": [...]}`), or a capture of an account
//!   (`{"accountMeta": {"Identity": {"DID", "Handle"}}, "postRecords": [...]}`);
//! - a post view `{uri, author, record, likeCount, ...}`, a feed item `{post, reply, reason}`,
//!   or a page of them: `getAuthorFeed`/`getTimeline` (`{"feed": [...]}`), `getPosts` and
//!   `searchPosts` (`{"posts": [...]}`). A page among a page's items is refused (following it
//!   would recurse as deep as the file nests);
//! - a thread (`getPostThread`: `{"thread": {post, parent, replies}}`, each parent and reply a
//!   `threadViewPost` of its own).
//!
//! Choices:
//! - The id is the post's `at://` uri. A bare record without one gets an id derived from its
//!   content (creation time, text) and how many times that same content came before it in the
//!   record; a repost seen in a feed without its own uri gets one derived from who reposted what.
//! - A record alone names its author only by the DID in its uri: the handle is then the DID,
//!   unless the page names the account (a capture's `accountMeta`). Views give the handle.
//! - Entities are what the post's facets say. Facets count UTF-8 bytes; a slice out of range or
//!   inside a character is not taken (a mention then falls back to its DID).
//! - A post without facets has no links: Bluesky links only what facets say, and a domain in
//!   prose (`'plc.directory'`, `file.rs`) is none, though Twitter's rules would make it one. Its
//!   hashtags and mentions are read from the text, where `#` and `@` mark them. A link card's
//!   (`app.bsky.embed.external`) uri is a link of the post too.
//! - A repost (a feed item's `reasonRepost`, or an `app.bsky.feed.repost` record) is a retweet
//!   by the reposter; its link is the reposted post's, since a repost has no page of its own.
//! - A thread gives its post, its ancestors (nearest first), then its replies (depth first),
//!   each read, and kept, as the feed item `{post, reply: {parent}}` it would be (its parent's
//!   view names whom it answers). Posts gone or hidden (`notFoundPost`, `blockedPost`) are
//!   passed over.

use std::collections::HashMap;

use serde::Deserialize;
use serde_json::Value;
use serde_json::value::RawValue;

use super::fediverse::{self, json, time};
use super::{Emit, Record, Reject};
use crate::extract;
use crate::model::{Author, Format, Reference, Tweet, derived_id};

const POST: &str = "app.bsky.feed.post";
const REPOST: &str = "app.bsky.feed.repost";

/// How many posts up (ancestors) and down (replies) a thread is followed: more than the API
/// gives unless asked (80 up, 6 down). Each step reads again what lies beyond it, so a thread
/// nested a million deep costs this many passes over its record, and no recursion.
const THREAD_DEPTH: usize = 100;

pub(crate) fn recognise(p: &super::Probe) -> bool {
    p.uri.as_deref().is_some_and(|u| u.starts_with("at://"))
        || p.kind.as_deref().is_some_and(|k| k.starts_with("app.bsky"))
        || p.any(&["post", "feed", "records", "postRecords", "thread"])
}

pub fn parse(record: &Record, emit: &mut Emit<'_>) {
    let mut reader = Reader::default();
    fediverse::record(&record.bytes, emit, &mut |b, e| reader.object(b, false, e));
}

#[derive(Default)]
struct Reader {
    /// The account a page is about, when the page says (a capture's `accountMeta`).
    owner: Option<Author>,
    /// How many times each content without a uri was met, for derived ids.
    seen: HashMap<String, usize>,
}

/// Any object of a record: Bluesky's shapes share one vocabulary of keys, and which keys an
/// object has tells its shape (a post record, its wrapper, a view, a feed item, a thread's entry,
/// a page). A post's `reply`, `embed`, `subject` and each facet are read leniently: a part
/// chirpdex does not know, or a malformed one, spoils only itself. (The bound lets `&RawValue`s
/// borrow from the record.)
#[derive(Deserialize)]
#[serde(rename_all = "camelCase", bound(deserialize = "'de: 'a"))]
struct Object<'a> {
    #[serde(rename = "$type")]
    kind: Option<String>,
    uri: Option<String>,
    cid: Option<&'a RawValue>,
    value: Option<&'a RawValue>,
    text: Option<String>,
    created_at: Option<String>,
    langs: Option<Vec<String>>,
    facets: Option<Vec<Value>>,
    /// A record's parent and root; a feed item's views of them (which name their authors).
    reply: Option<Value>,
    embed: Option<Value>,
    subject: Option<Value>,
    record: Option<&'a RawValue>,
    author: Option<Profile>,
    like_count: Option<u64>,
    repost_count: Option<u64>,
    indexed_at: Option<String>,
    post: Option<&'a RawValue>,
    /// A feed item's reason to be there: `{$type, by, uri, indexedAt}`.
    reason: Option<Box<Object<'a>>>,
    by: Option<Profile>,
    parent: Option<&'a RawValue>,
    #[serde(default)]
    replies: Vec<&'a RawValue>,
    thread: Option<&'a RawValue>,
    feed: Option<Vec<&'a RawValue>>,
    posts: Option<Vec<&'a RawValue>>,
    records: Option<Vec<&'a RawValue>>,
    post_records: Option<Vec<&'a RawValue>>,
    account_meta: Option<Value>,
}

impl Reader {
    /// One object: a post in any of its shapes, a thread, or (unless it is an item of one) a
    /// page. Each tweet keeps the object as its original.
    fn object(&mut self, bytes: &[u8], in_page: bool, emit: &mut Emit<'_>) {
        let Ok(shape) = json::<Object>(bytes).map_err(|reason| emit(Err(reason))) else {
            return;
        };
        let pages = [
            ("feed", &shape.feed),
            ("posts", &shape.posts),
            ("records", &shape.records),
            ("postRecords", &shape.post_records),
        ];
        if pages.iter().any(|(_, p)| p.is_some()) {
            if in_page {
                return emit(Err(Reject::NotAPost("a page inside a page".into())));
            }
            if let Some(meta) = &shape.account_meta {
                let text = |at| str_at(Some(meta), at).unwrap_or_default().to_string();
                let (id, handle) = (text("/Identity/DID"), text("/Identity/Handle"));
                let name = text("/Profile/DisplayName");
                self.owner = Some(Author { handle, name, id });
            }
            for (name, items) in pages {
                let item = &mut |b: &[u8], e: &mut Emit<'_>| self.object(b, true, e);
                fediverse::items(name, items.as_deref().unwrap_or_default(), emit, item);
            }
            return;
        }
        if let Some(thread) = shape.thread {
            return self.thread(thread, emit);
        }
        let kind = shape.kind.as_deref();
        let tweet = if let Some(post) = shape.post {
            self.feed_item(&shape, post)
        } else if shape.record.is_some() {
            self.view(&shape, None)
        } else if let Some(value) = shape.value {
            let uri = shape.uri.as_deref();
            json(value.get().as_bytes()).and_then(|record| self.bare(&record, uri))
        } else if kind.is_some_and(|k| k.starts_with("app.bsky.feed.")) || shape.text.is_some() {
            self.bare(&shape, None) // the object is the record itself
        } else if let Some(k) = kind {
            Err(Reject::NotAPost(k.to_string()))
        } else {
            let keys = "record, value, post, thread, feed, posts or records";
            Err(Reject::Missing(keys))
        };
        // A capture's `{uri, cid, value}` names its author only in the capture's `accountMeta`:
        // its original is made a post view, which names it, to read back alone as the same post.
        let raw = match (&self.owner, shape.value, shape.record, shape.post) {
            (Some(o), Some(record), None, None) => serde_json::json!({
                "uri": shape.uri, "cid": shape.cid, "record": record,
                "author": {"did": o.id, "handle": o.handle, "displayName": o.name},
            })
            .to_string()
            .into_bytes(),
            _ => bytes.to_vec(),
        };
        emit(tweet.map(|t| Tweet { raw, ..t }));
    }
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Profile {
    did: Option<String>,
    handle: Option<String>,
    display_name: Option<String>,
}

impl Profile {
    fn author(&self) -> Result<Author, Reject> {
        let id = self.did.clone().unwrap_or_default();
        let found = self.handle.iter().chain(&self.did).find(|h| !h.is_empty());
        let Some(handle) = found.cloned() else {
            return Err(Reject::Missing("author handle or DID"));
        };
        let name = self.display_name.clone().unwrap_or_default();
        Ok(Author { handle, name, id })
    }
}

/// The string at a JSON pointer (`/parent/uri`) of a part read leniently.
fn str_at<'v>(value: Option<&'v Value>, pointer: &str) -> Option<&'v str> {
    value?.pointer(pointer)?.as_str()
}

/// `at://AUTHORITY/COLLECTION/RKEY`, split.
fn at_uri(uri: &str) -> Option<(&str, &str, &str)> {
    let mut parts = uri.strip_prefix("at://")?.splitn(3, '/');
    let authority = parts.next().filter(|a| !a.is_empty())?;
    let collection = parts.next().unwrap_or_default();
    Some((authority, collection, parts.next().unwrap_or_default()))
}

/// The post's page on the web app.
fn web_link(handle: &str, uri: &str) -> Option<String> {
    let (authority, collection, rkey) = at_uri(uri)?;
    let profile = if handle.is_empty() { authority } else { handle };
    (collection == POST && !rkey.is_empty())
        .then(|| format!("https://bsky.app/profile/{profile}/post/{rkey}"))
}

/// A thread's entry `depth` posts away from its post, unless that is too far.
fn entry(raw: &RawValue, depth: usize) -> Result<Object<'_>, Reject> {
    let entry = json(raw.get().as_bytes())?;
    let far = || Reject::Other(format!("not read: deeper than {THREAD_DEPTH} posts"));
    (depth <= THREAD_DEPTH).then_some(entry).ok_or_else(far)
}

impl Reader {
    /// Who wrote a record, from the authority of its uri: the page's account when it is the
    /// DID the page names.
    fn author_of(&self, uri: Option<&str>) -> Author {
        let authority = uri.and_then(at_uri).map_or("", |(a, _, _)| a);
        let id = Some(authority).filter(|a| a.starts_with("did:"));
        let owner = self.owner.as_ref();
        let owner = owner.filter(|o| id == Some(&o.id) && !o.handle.is_empty());
        let (handle, name) = (authority.to_string(), String::new());
        let id = id.unwrap_or_default().to_string();
        owner.cloned().unwrap_or(Author { handle, name, id })
    }

    /// A reference to another post by its uri; the author is the handle when known.
    fn reference(&self, uri: &str, handle: Option<&str>) -> Reference {
        let author = handle.map_or_else(|| self.author_of(Some(uri)).handle, str::to_string);
        let author = Some(author).filter(|h| !h.is_empty());
        let id = uri.to_string();
        Reference { id, author }
    }

    /// A record alone (bare, or in its `{uri, cid, value}` wrapper): a post or a repost.
    fn bare(&mut self, record: &Object, uri: Option<&str>) -> Result<Tweet, Reject> {
        let author = self.author_of(uri);
        let uri = uri.filter(|u| !u.is_empty()).map(str::to_string);
        let created = record.created_at.as_deref();
        match record.kind.as_deref() {
            Some(POST) | None => {}
            Some(REPOST) => {
                let subject = str_at(record.subject.as_ref(), "/uri");
                let of = self.reference(subject.ok_or(Reject::Missing("subject.uri"))?, None);
                return Ok(Tweet {
                    id: uri.unwrap_or_else(|| derived_id("bluesky-repost", &[&author.id, &of.id])),
                    created_at: time("createdAt", created)?,
                    link: web_link(of.author.as_deref().unwrap_or_default(), &of.id),
                    author,
                    retweet_of: Some(of),
                    format: Format::Bluesky,
                    ..Tweet::default()
                });
            }
            Some(other) => return Err(Reject::NotAPost(other.to_string())),
        }
        let created_at = time("createdAt", created)?;
        let post = self.content(record, None, None)?;
        let id = uri.unwrap_or_else(|| {
            let parts = [author.id.as_str(), created.unwrap_or_default(), &post.text];
            let n = self.seen.entry(parts.join("\u{1f}")).or_default();
            *n += 1;
            derived_id("bluesky", &[parts[0], parts[1], parts[2], &n.to_string()])
        });
        let link = web_link(&author.handle, &id);
        Ok(Tweet {
            id,
            created_at,
            author,
            link,
            ..post
        })
    }

    /// A post view; `parent_author` is the replied-to post's author when a feed item says.
    fn view(&self, view: &Object, parent_author: Option<&str>) -> Result<Tweet, Reject> {
        let uri = view.uri.as_deref().filter(|u| !u.is_empty());
        let uri = uri.ok_or(Reject::Missing("uri"))?;
        let record = view.record.ok_or(Reject::Missing("record"))?;
        let record: Object = json(record.get().as_bytes()).map_err(|e| e.at("record"))?;
        if let Some(k) = record.kind.as_deref().filter(|k| *k != POST) {
            return Err(Reject::NotAPost(k.to_string()));
        }
        let author = match &view.author {
            Some(p) => p.author()?,
            None => self.author_of(Some(uri)),
        };
        let created_at = match (&record.created_at, &view.indexed_at) {
            (None, Some(indexed)) => time("indexedAt", Some(indexed))?,
            (created, _) => time("createdAt", created.as_deref())?,
        };
        Ok(Tweet {
            id: uri.to_string(),
            created_at,
            link: web_link(&author.handle, uri),
            author,
            retweet_count: view.repost_count,
            favorite_count: view.like_count,
            ..self.content(&record, parent_author, view.embed.as_ref())?
        })
    }

    /// A feed item `{post, reply, reason}`: the post, or a repost of it.
    fn feed_item(&self, item: &Object, post: &RawValue) -> Result<Tweet, Reject> {
        let parent_author = str_at(item.reply.as_ref(), "/parent/author/handle");
        let post = self.view(&json(post.get().as_bytes())?, parent_author);
        let post = post.map_err(|e| e.at("post"))?;
        let repost = "app.bsky.feed.defs#reasonRepost";
        let reason = item.reason.as_ref();
        let Some(reason) = reason.filter(|r| r.kind.as_deref() == Some(repost)) else {
            return Ok(post);
        };
        let by = reason.by.as_ref().ok_or(Reject::Missing("reason.by"))?;
        let by = by.author().map_err(|e| e.at("reason.by"))?;
        let derived = || derived_id("bluesky-repost", &[&by.id, &post.id]);
        let id = reason.uri.clone().filter(|u| !u.is_empty());
        let at = |t: &String| time("reason.indexedAt", Some(t));
        let at = reason.indexed_at.as_ref().map(at).transpose()?;
        Ok(Tweet {
            id: id.unwrap_or_else(derived),
            created_at: at.unwrap_or(post.created_at),
            author: by,
            retweet_of: Some(Reference {
                id: post.id.clone(),
                author: Some(post.author.handle.clone()),
            }),
            quote_of: None,
            reply_to: None,
            ..post
        })
    }

    /// A thread, as the module's doc says, [`THREAD_DEPTH`] posts up and down at most.
    fn thread(&self, thread: &RawValue, emit: &mut Emit<'_>) {
        let mut put = |read: Option<Result<Tweet, Reject>>, path: &str| {
            if let Some(read) = read {
                emit(read.map_err(|e| e.at(path)));
            }
        };
        // Up: the thread's post and its ancestors, nearest first, each entry read once.
        let mut chain = Vec::new();
        let mut next = Some(("thread".to_string(), thread));
        while let Some((path, raw)) = next.take() {
            match entry(raw, chain.len()) {
                Err(reason) => put(Some(Err(reason)), &path),
                Ok(up) => {
                    next = up.parent.map(|p| (format!("{path}.parent"), p));
                    chain.push((path, up));
                }
            }
        }
        // Each with its parent's view: an ancestor's is the next one's, a reply's its entry's.
        let parents = chain.iter().skip(1).map(|(_, up)| up.post).chain([None]);
        for ((path, up), parent) in chain.iter().zip(parents) {
            put(self.threaded(up, parent), path);
        }
        // Down: the replies to the thread's post (read above), depth first.
        if chain.is_empty() {
            return;
        }
        let mut down = vec![("thread".to_string(), thread, None, 0)];
        while let Some((path, raw, parent, depth)) = down.pop() {
            match entry(raw, depth) {
                Err(reason) => put(Some(Err(reason)), &path),
                Ok(reply) => {
                    if depth > 0 {
                        put(self.threaded(&reply, parent), &path);
                    }
                    for (i, next) in reply.replies.iter().enumerate().rev() {
                        let at = format!("{path}.replies[{i}]");
                        down.push((at, *next, reply.post, depth + 1));
                    }
                }
            }
        }
    }

    /// A post in a thread, with its parent's view, as the module's doc says; none if it is gone.
    fn threaded(&self, entry: &Object, parent: Option<&RawValue>) -> Option<Result<Tweet, Reject>> {
        let kind = entry.kind.as_deref().unwrap_or_default();
        let gone = kind.ends_with("#notFoundPost") || kind.ends_with("#blockedPost");
        let Some(post) = entry.post else {
            return (!gone).then_some(Err(Reject::Missing("post")));
        };
        let reply = parent.map(|p| format!(r#","reply":{{"parent":{}}}"#, p.get()));
        let item = format!(r#"{{"post":{}{}}}"#, post.get(), reply.unwrap_or_default());
        let tweet = json(item.as_bytes()).and_then(|item| self.feed_item(&item, post));
        let raw = item.into_bytes();
        Some(tweet.map(|t| Tweet { raw, ..t }))
    }

    /// What a post record says: its text, language and entities, and the posts it answers and
    /// quotes, named by their authors' handles when a view (`parent_author`, `view_embed`) says.
    fn content(
        &self,
        record: &Object,
        parent_author: Option<&str>,
        view_embed: Option<&Value>,
    ) -> Result<Tweet, Reject> {
        let text = record.text.clone().ok_or(Reject::Missing("text"))?;
        let (hashtags, mentions, mut urls) = match &record.facets {
            Some(facets) => from_facets(&text, facets),
            None => (extract::hashtags(&text), extract::mentions(&text), vec![]),
        };
        let embed = |at| str_at(record.embed.as_ref(), at);
        let card = embed("/external/uri").filter(|u| !u.is_empty());
        urls.extend(card.map(str::to_string));
        let quoted = match embed("/$type") {
            Some("app.bsky.embed.recordWithMedia") => embed("/record/record/uri"),
            _ => embed("/record/uri"),
        };
        let quoted = quoted.filter(|q| at_uri(q).is_some_and(|(_, c, _)| c == POST));
        let quoted_author = quoted.and_then(|q| quoted_handle(view_embed?, q));
        let parent = str_at(record.reply.as_ref(), "/parent/uri");
        Ok(Tweet {
            text,
            lang: record.langs.iter().flatten().next().cloned(),
            hashtags,
            mentions,
            urls,
            reply_to: parent.map(|p| self.reference(p, parent_author)),
            quote_of: quoted.map(|q| self.reference(q, quoted_author)),
            format: Format::Bluesky,
            ..Tweet::default()
        })
    }
}

/// The handle of the quoted post's author, from a post view's embed (`record#view`, or
/// `recordWithMedia#view` which nests it).
fn quoted_handle<'v>(embed: &'v Value, uri: &str) -> Option<&'v str> {
    let mut record = embed.get("record")?;
    while str_at(Some(record), "/uri") != Some(uri) {
        record = record.get("record")?;
    }
    str_at(Some(record), "/author/handle")
}

/// Hashtags, mentions and links from facets. Offsets are UTF-8 bytes into the text.
fn from_facets(text: &str, facets: &[Value]) -> (Vec<String>, Vec<String>, Vec<String>) {
    let (mut hashtags, mut mentions, mut urls) = (Vec::new(), Vec::new(), Vec::new());
    for facet in facets {
        let offset = |at| usize::try_from(facet.pointer(at)?.as_u64()?).ok();
        let range = offset("/index/byteStart").zip(offset("/index/byteEnd"));
        let slice = range.and_then(|(start, end)| text.get(start..end));
        let written = slice.and_then(|s| s.trim().strip_prefix('@'));
        let written = written.filter(|s| !s.is_empty());
        let features = facet.get("features").and_then(Value::as_array);
        for feature in features.into_iter().flatten() {
            let field = |key| str_at(Some(feature), key);
            let tag = field("/tag").map(|t| t.trim_start_matches('#'));
            let mention = written.or(field("/did"));
            let (list, value) = match field("/$type") {
                Some("app.bsky.richtext.facet#tag") => (&mut hashtags, tag),
                Some("app.bsky.richtext.facet#mention") => (&mut mentions, mention),
                Some("app.bsky.richtext.facet#link") => (&mut urls, field("/uri")),
                _ => continue,
            };
            list.extend(value.filter(|v| !v.is_empty()).map(str::to_string));
        }
    }
    (hashtags, mentions, urls)
}

#[cfg(test)]
mod tests {
    use std::path::{Path, PathBuf};

    use super::*;
    use crate::model::TweetType;

    use crate::formats::fediverse::testing;
    use crate::formats::testing::read_file;

    fn data(name: &str) -> PathBuf {
        testing::data("bluesky", name)
    }

    fn tweets(json: &str) -> Vec<Result<Tweet, String>> {
        testing::tweets(Format::Bluesky, json)
    }

    fn one(json: &str) -> Tweet {
        testing::one(Format::Bluesky, json)
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
                let raw: Value = serde_json::from_str(&facet).unwrap();
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
        let whole: Value = serde_json::from_str(
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
            "records[3]: not a tweet: app.bsky.feed.like"
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
        assert_eq!(
            (first.retweet_count, first.favorite_count),
            (Some(3), Some(5))
        );
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
        assert_eq!((t.retweet_count, t.favorite_count), (Some(1), Some(4)));

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
            "not a tweet: no record, value, post, thread, feed, posts or records"
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
        assert_eq!(reason(3), "not a tweet: app.bsky.actor.profile");
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
                "not a tweet: not a JSON object or array",
                "not a tweet: no createdAt",
                "not a tweet: no text",
                "post: not a tweet: no author handle or DID",
                "feed[1]: not a tweet: not a JSON object or array",
            ]
        );
    }

    #[test]
    fn a_thread_gives_its_post_its_ancestors_and_its_replies() {
        let (formats, all) = read_file(&data("thread.json"), None);
        assert_eq!(formats, [Format::Bluesky]);
        let all: Vec<Tweet> = all.into_iter().map(Result::unwrap).collect();
        const DAVE: &str = "did:plc:dave00000000000000000000000";
        let (alice, bob) = (
            post_uri(ALICE, "3kalice0post"),
            post_uri(BOB, "3kbob00reply"),
        );
        let (root, dave) = (
            post_uri(CAROL, "3kcarol0root"),
            post_uri(DAVE, "3kdave0reply"),
        );
        let deep = post_uri(CAROL, "3kcarol0deep");
        let ids: Vec<&str> = all.iter().map(|t| t.id.as_str()).collect();
        // The post, its ancestors nearest first, its replies depth first; the posts that are
        // gone or blocked are passed over.
        assert_eq!(ids, [&alice, &bob, &root, &dave, &deep]);
        // Each names whom it answers by the handle its parent's view gives.
        let answers: Vec<Option<(&str, &str)>> = all
            .iter()
            .map(|t| t.reply_to.as_ref())
            .map(|r| r.map(|r| (r.id.as_str(), r.author.as_deref().unwrap_or_default())))
            .collect();
        assert_eq!(
            answers,
            [
                Some((bob.as_str(), "bob.bsky.social")),
                Some((root.as_str(), "carol.example.com")),
                None,
                Some((alice.as_str(), "alice.bsky.social")),
                Some((dave.as_str(), "dave.bsky.social")),
            ]
        );
        let first = &all[0];
        assert_eq!(first.kind, TweetType::Reply);
        assert_eq!(first.author.name, "Alice Rossi");
        assert_eq!(first.urls, ["https://example.org/programma-2023"]);
        assert_eq!(
            (first.retweet_count, first.favorite_count),
            (Some(1), Some(6))
        );
        assert_eq!(all[2].kind, TweetType::Original);
        assert_eq!(all[2].hashtags, ["PASocial"]);
        assert_eq!(all[4].mentions, ["dave.bsky.social"]);
        // Each keeps the feed item it was read as, which reads back alone to the same tweet.
        for t in &all {
            assert!(t.raw.starts_with(b"{\"post\""));
            assert_eq!(crate::formats::detect(&t.raw), Format::Bluesky);
            assert_eq!(one(std::str::from_utf8(&t.raw).unwrap()), *t);
        }
    }

    #[test]
    fn threads_and_pages_nested_deep_are_read_without_recursion() {
        // A post with 150 ancestors: it and 100 of them are read, the rest refused once.
        let view = |i: usize| {
            format!(
                r#"{{"uri":"{}","author":{{"did":"{ALICE}"}},"record":{{"text":"{i}","createdAt":"2024-01-01T00:00:00Z"}}}}"#,
                post_uri(ALICE, &i.to_string())
            )
        };
        let mut entry = format!(r#"{{"post":{}}}"#, view(150));
        for i in (0..150).rev() {
            entry = format!(r#"{{"post":{},"parent":{entry}}}"#, view(i));
        }
        let all = tweets(&format!(r#"{{"thread":{entry}}}"#));
        assert_eq!(all.iter().filter(|r| r.is_ok()).count(), 101);
        let reasons: Vec<&String> = all.iter().filter_map(|r| r.as_ref().err()).collect();
        let path = format!("thread{}", ".parent".repeat(101));
        assert_eq!(
            reasons,
            [&format!("{path}: not read: deeper than 100 posts")]
        );
        // Nested twenty thousand deep, up, down, or as pages in pages: no stack overflow, and
        // each level read at most once.
        let n = 20_000;
        let up = format!(
            r#"{{"thread":{}{{}}{}}}"#,
            r#"{"parent":"#.repeat(n),
            "}".repeat(n)
        );
        let down = format!(
            r#"{{"thread":{}{{}}{}}}"#,
            r#"{"replies":["#.repeat(n),
            "]}".repeat(n)
        );
        for thread in [up, down] {
            let all = tweets(&thread);
            assert_eq!(all.len(), 102);
            let reasons: Vec<&String> = all.iter().map(|r| r.as_ref().unwrap_err()).collect();
            let count = |end: &str| reasons.iter().filter(|r| r.ends_with(end)).count();
            assert_eq!(count(": not a tweet: no post"), 101);
            assert_eq!(count(": not read: deeper than 100 posts"), 1);
        }
        let feeds = format!("{}{}", r#"{"feed":["#.repeat(n), "]}".repeat(n));
        assert_eq!(
            tweets(&feeds),
            [Err("feed[0]: not a tweet: a page inside a page".to_string())]
        );
    }

    #[test]
    fn a_post_without_facets_has_no_links_but_its_card() {
        // The shape of indigo's capture of atproto.com, whose posts without facets name
        // 'plc.directory' in prose: twitter-text took it for a link.
        let (formats, all) = read_file(&data("capture.json"), None);
        assert_eq!(formats, [Format::Bluesky]);
        let all: Vec<Tweet> = all.into_iter().map(Result::unwrap).collect();
        assert_eq!(all.len(), 3);
        assert!(all[0].text.contains("'plc.directory'"));
        assert_eq!(all[0].urls, Vec::<String>::new());
        assert_eq!(all[0].kind, TweetType::Quote);
        // Neither `file.rs` nor a URL written out is a link without a facet; the card is.
        assert_eq!(all[1].urls, ["https://example.org/programma-2023"]);
        // Hashtags and mentions still come from the text, where `#` and `@` mark them.
        assert_eq!(all[1].hashtags, ["PASocial"]);
        assert_eq!(all[1].mentions, ["bob"]);
        // A facet links what it says.
        assert_eq!(all[2].urls, ["https://plc.directory"]);
        for t in &all {
            assert_eq!(t.author.handle, "pasocial.example.org");
            assert_eq!(t.author.name, "PA Social");
        }
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
        // Two posts without facets name 'plc.directory' in their prose: no link (the third,
        // whose facet links it, is the one that has it).
        let links: Vec<&String> = all.iter().flat_map(|t| &t.urls).collect();
        assert!(links.iter().all(|u| u.starts_with("https://")), "{links:?}");
        let plc = links.iter().filter(|u| u.contains("plc.directory")).count();
        assert_eq!(plc, 1, "{links:?}");
    }
}
