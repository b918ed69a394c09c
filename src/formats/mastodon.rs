//! Mastodon statuses (API JSON, one or an array) and the `outbox.json` of an account export.
//!
//! A record is an API `Status` (timelines, an account's statuses, search), or an array of them
//! on one line (the framing splits a pretty-printed one); or an ActivityPub outbox (an
//! `OrderedCollection` of `Create` activities holding a `Note`, and of `Announce`s, the boosts),
//! one of its items, or a bare `Note`. An outbox among an outbox's items is refused (following
//! it would recurse as deep as the file nests).
//!
//! Choices, so that the same post read from the API and from an export is one tweet:
//! - The id is the status's `uri` (the ActivityPub id, globally unique; the API's `id` is only
//!   the instance's row number), which is an outbox `Note`'s `id`; a boost's `Announce` id is
//!   the uri the API gives the reblog.
//! - The handle is `user@instance`: the API's `acct`, with the host of `account.url` when it is
//!   local (no `@`); in an outbox, from the `attributedTo` URL (`https://host/users/alice` →
//!   `alice@host`). Mentions are qualified the same way.
//! - A reply's reference is what the source gives: the API only the parent's row number on the
//!   instance that served it (`in_reply_to_id`), an outbox the parent's uri (`inReplyTo`).
//! - A content warning (`spoiler_text`, ActivityPub `summary`) comes before the text, after a
//!   blank line: the author wrote it and readers see it first, so it is searched.
//! - HTML becomes text as Mastodon's plain-text rendering does: a blank line between paragraphs,
//!   `<br>` a newline, tags dropped, entities decoded, the hidden parts of shortened links kept
//!   (a link's text is its whole URL). Links are the `href`s of anchors but mentions and hashtags.
//! - An outbox's boost names the boosted status by its URL only: a retweet with an empty text
//!   (the export lacks the original's).

use std::collections::HashMap;

use ego_tree::iter::Edge;
use scraper::{Html, Node};
use serde::Deserialize;
use serde_json::Value;
use serde_json::value::RawValue;

use super::fediverse::{self, json, time};
use super::{Emit, Record, Reject};
use crate::extract;
use crate::model::{Author, Format, Reference, Tweet};

pub(crate) fn recognise(p: &super::Probe) -> bool {
    (p.has("account") && p.has("content"))
        || p.any(&["orderedItems", "attributedTo"])
        || (p.has("type") && p.has("actor") && p.has("object"))
}

pub fn parse(record: &Record, emit: &mut Emit<'_>) {
    fediverse::record(&record.bytes, emit, &mut |b, emit| object(b, false, emit));
}

/// What tells the shapes apart: ActivityPub objects have a `type`, an outbox `orderedItems`.
#[derive(Deserialize)]
struct Shape<'a> {
    #[serde(rename = "type")]
    kind: Option<String>,
    #[serde(rename = "orderedItems", borrow)]
    ordered_items: Option<Vec<&'a RawValue>>,
}

/// One object: a status, an outbox item, or (unless it is an item of one) an outbox. Each
/// tweet keeps the object as its original.
fn object(bytes: &[u8], in_outbox: bool, emit: &mut Emit<'_>) {
    let Ok(shape) = json::<Shape>(bytes).map_err(|reason| emit(Err(reason))) else {
        return;
    };
    if let Some(items) = shape.ordered_items {
        if in_outbox {
            return emit(Err(Reject::NotAPost("an outbox inside an outbox".into())));
        }
        return fediverse::items("orderedItems", &items, emit, &mut |b, e| object(b, true, e));
    }
    let tweet = match shape.kind.as_deref() {
        None => json(bytes).and_then(|status| from_status(&status)),
        Some(k @ ("Create" | "Announce")) => activity(bytes, k),
        Some("Note" | "Question" | "Article" | "Page") => {
            json(bytes).and_then(|n| from_note(&n, None))
        }
        Some(k) if k.contains("Collection") => Err(Reject::NotAPost(format!(
            "an ActivityPub {k} without orderedItems (no posts in it)"
        ))),
        Some(k) => Err(Reject::NotAPost(format!("an ActivityPub {k}"))),
    };
    let raw = bytes.to_vec();
    emit(tweet.map(|t| Tweet { raw, ..t }));
}

#[derive(Deserialize)]
struct Status {
    uri: Option<String>,
    url: Option<String>,
    created_at: Option<String>,
    content: Option<String>,
    spoiler_text: Option<String>,
    account: Option<Account>,
    tags: Option<Vec<Tag>>,
    mentions: Option<Vec<Account>>,
    reblog: Option<Box<Status>>,
    in_reply_to_id: Option<Value>,
    in_reply_to_account_id: Option<Value>,
    reblogs_count: Option<u64>,
    favourites_count: Option<u64>,
    language: Option<String>,
    /// Mastodon 4.4's quote (`{state, quoted_status}` or `{state, quoted_status_id}`), or the
    /// quoted status itself (Fedibird, which also gives `quote_id`).
    quote: Option<Box<Status>>,
    quoted_status: Option<Box<Status>>,
    quoted_status_id: Option<Value>,
    quote_id: Option<Value>,
}

/// An account, or a mention of one (which has no `display_name`).
#[derive(Deserialize)]
struct Account {
    id: Option<Value>,
    acct: Option<String>,
    username: Option<String>,
    display_name: Option<String>,
    url: Option<String>,
}

#[derive(Deserialize)]
struct Tag {
    name: String,
}

impl Account {
    /// `acct` (or `username`), with the instance's host when it is a local account.
    fn handle(&self) -> Option<String> {
        let acct = self.acct.as_deref().or(self.username.as_deref())?;
        qualify(acct, self.url.as_deref())
    }
}

impl Status {
    fn reference(&self) -> Option<Reference> {
        let author = self.account.as_ref().and_then(Account::handle);
        let id = nonempty(&self.uri).or(nonempty(&self.url))?;
        Some(Reference { id, author })
    }

    fn quote_of(&self) -> Option<Reference> {
        let quote = self.quote.as_deref();
        let quoted = quote.map(|q| q.quoted_status.as_deref().unwrap_or(q));
        quoted.and_then(Status::reference).or_else(|| {
            let id = quote.and_then(|q| id_text(&q.quoted_status_id));
            let id = id.or_else(|| id_text(&self.quote_id))?;
            Some(Reference { id, author: None })
        })
    }
}

fn from_status(st: &Status) -> Result<Tweet, Reject> {
    let id = st.reference().ok_or(Reject::Missing("uri"))?.id;
    let created_at = time("created_at", st.created_at.as_deref())?;
    let account = st.account.as_ref().ok_or(Reject::Missing("account"))?;
    let author = Author {
        handle: account.handle().ok_or(Reject::Missing("account.acct"))?,
        name: account.display_name.clone().unwrap_or_default(),
        id: id_text(&account.id).unwrap_or_default(),
    };
    // A boost's own content is empty: the boosted status holds the text and its entities.
    let content = st.reblog.as_deref().unwrap_or(st);
    let html = content.content.as_deref();
    let html = html.ok_or(Reject::Missing("content"))?;
    let tags = (content.tags.as_ref()).map(|t| t.iter().map(|t| t.name.clone()).collect());
    let mentions = content.mentions.as_ref();
    let mentions = mentions.map(|ms| ms.iter().filter_map(Account::handle).collect());
    let boosted = |r: &Status| r.reference().ok_or(Reject::Missing("reblog.uri"));
    let retweet_of = st.reblog.as_deref().map(boosted).transpose()?;
    let link = nonempty(&st.url).or(st.reblog.as_ref().and_then(|r| nonempty(&r.url)));
    // Whom it answers, when the status names them.
    let to = id_text(&st.in_reply_to_account_id);
    let mut accounts = st.account.iter().chain(st.mentions.iter().flatten());
    let answered = accounts.find(|a| to.is_some() && id_text(&a.id) == to);
    Ok(Tweet {
        id,
        created_at,
        author,
        lang: content.language.clone().or(st.language.clone()),
        retweet_of,
        quote_of: st.quote_of(),
        reply_to: id_text(&st.in_reply_to_id).map(|id| Reference {
            id,
            author: answered.and_then(Account::handle),
        }),
        retweet_count: st.reblogs_count,
        favorite_count: st.favourites_count,
        link,
        ..post(html, content.spoiler_text.as_deref(), tags, mentions)
    })
}

/// A post's text (a content warning first) and links, with the hashtags and mentions its source
/// lists, else its text's. Hashtags are spelt as the text spells them: Mastodon gives tag names
/// lowercased (or as first used on the instance).
fn post(
    html: &str,
    warning: Option<&str>,
    tags: Option<Vec<String>>,
    mentions: Option<Vec<String>>,
) -> Tweet {
    let (body, urls) = html_text(html);
    let parts = [warning.unwrap_or_default().trim(), &body];
    let text = parts.iter().filter(|p| !p.is_empty()).copied();
    let text = text.collect::<Vec<_>>().join("\n\n");
    let written = extract::hashtags(&text);
    let spelt = |name: String| {
        let name = name.trim_start_matches('#');
        let folded = name.to_lowercase();
        let spelt = written.iter().find(|w| w.to_lowercase() == folded);
        (!name.is_empty()).then(|| spelt.map_or(name, String::as_str).to_string())
    };
    let names = tags.map(|t| t.into_iter().filter_map(spelt).collect());
    Tweet {
        hashtags: names.unwrap_or(written),
        mentions: mentions.unwrap_or_else(|| extract::mentions(&text)),
        urls,
        text,
        format: Format::Mastodon,
        ..Tweet::default()
    }
}

/// An ActivityStreams object: a post (a `Note`, or another type), or an activity (`Create`,
/// `Announce`) with its `actor` and `object`.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Note<'a> {
    id: Option<String>,
    url: Option<Value>,
    published: Option<String>,
    attributed_to: Option<Value>,
    content: Option<String>,
    content_map: Option<HashMap<String, String>>,
    summary: Option<String>,
    in_reply_to: Option<Value>,
    tag: Option<Value>,
    /// Quote posts: FEP-044f `quote`, Mastodon's `quoteUri`, Misskey's `_misskey_quote` and
    /// `quoteUrl`.
    quote: Option<Value>,
    quote_uri: Option<String>,
    #[serde(rename = "_misskey_quote")]
    misskey_quote: Option<String>,
    quote_url: Option<String>,
    likes: Option<Counted>,
    shares: Option<Counted>,
    actor: Option<Value>,
    #[serde(borrow)]
    object: Option<&'a RawValue>,
}

/// A collection of which only the size is given (`likes`, `shares`).
#[derive(Deserialize)]
struct Counted {
    #[serde(rename = "totalItems")]
    total_items: Option<u64>,
}

#[derive(Deserialize)]
struct ApTag {
    #[serde(rename = "type")]
    kind: Option<String>,
    name: Option<String>,
    href: Option<String>,
}

fn activity(bytes: &[u8], kind: &str) -> Result<Tweet, Reject> {
    let act: Note = json(bytes)?;
    let object = act.object.ok_or(Reject::Missing("object"))?.get();
    let link = || link_of(&json::<Value>(object.as_bytes()).ok()?);
    let inline = (super::first_byte(object.as_bytes()) == Some(b'{'))
        .then(|| json::<Note>(object.as_bytes()).map_err(|e| e.at("object")));
    let actor = act.actor.as_ref().and_then(link_of);
    if kind == "Create" {
        let link = link().unwrap_or_else(|| object.to_string());
        let not_inline = || Reject::invalid("object", &link, "is a link, not the post itself");
        return from_note(&inline.ok_or_else(not_inline)??, actor);
    }
    // An Announce: of a post given inline (some servers), or of a status named by its URL.
    let actor = actor.ok_or(Reject::Missing("actor"))?;
    let id = nonempty(&act.id).ok_or(Reject::Missing("id"))?;
    let created_at = time("published", act.published.as_deref())?;
    let inline = inline.and_then(Result::ok);
    let (of, boosted) = match inline.filter(|n| n.content.is_some() || n.content_map.is_some()) {
        Some(note) => {
            let t = from_note(&note, None).map_err(|e| e.at("object"))?;
            (reference(t.id.clone(), Some(t.author.handle.clone())), t)
        }
        None => {
            let why = "is neither a link nor a post";
            let url = link().ok_or_else(|| Reject::invalid("object", object, why))?;
            (reference(url, None), Tweet::default())
        }
    };
    Ok(Tweet {
        id,
        created_at,
        author: account("actor", actor)?,
        link: Some(of.id.clone()).filter(|b| b.starts_with("http")),
        retweet_of: Some(of),
        lang: None,
        quote_of: None,
        reply_to: None,
        retweet_count: None,
        favorite_count: None,
        format: Format::Mastodon,
        ..boosted
    })
}

/// A `Note` (or another post type). `actor` is the activity's, used when the note does not say
/// who wrote it.
fn from_note(note: &Note<'_>, actor: Option<String>) -> Result<Tweet, Reject> {
    let id = nonempty(&note.id).ok_or(Reject::Missing("id"))?;
    let created_at = time("published", note.published.as_deref())?;
    let author = note.attributed_to.as_ref().and_then(link_of).or(actor);
    let author = author.ok_or(Reject::Missing("attributedTo"))?;
    let author = account("attributedTo", author)?;
    // The content, else the one of `contentMap`; the language is its key there.
    let map = note.content_map.as_ref();
    let first = map.and_then(|m| m.values().next());
    let html = note.content.as_ref().or(first);
    let html = html.ok_or(Reject::Missing("content"))?;
    let lang = map.and_then(|m| {
        let only = m.iter().next().filter(|_| m.len() == 1);
        let found = m.iter().find(|(_, v)| *v == html);
        found.or(only).map(|(k, _)| k.clone())
    });
    let (tags, mentions) = note.tag.as_ref().map(tags_of).transpose()?.unzip();
    let quoted = (note.quote.as_ref().and_then(link_of))
        .or(note.quote_uri.clone())
        .or(note.misskey_quote.clone())
        .or(note.quote_url.clone())
        .filter(|q| !q.is_empty());
    let total = |c: &Option<Counted>| c.as_ref().and_then(|c| c.total_items);
    let http = |l: &String| l.starts_with("http");
    let link = note.url.as_ref().and_then(link_of).filter(http);
    let reply_to = note.in_reply_to.as_ref().and_then(link_of);
    Ok(Tweet {
        link: link.or(Some(id.clone()).filter(http)),
        id,
        created_at,
        author,
        lang,
        quote_of: quoted.map(|q| reference(q, None)),
        reply_to: reply_to.map(|r| reference(r, None)),
        retweet_count: total(&note.shares),
        favorite_count: total(&note.likes),
        ..post(html, note.summary.as_deref(), tags, mentions)
    })
}

/// The hashtags and mentions of an ActivityPub `tag` (an array, or one object).
fn tags_of(tag: &Value) -> Result<(Vec<String>, Vec<String>), Reject> {
    let tags = match tag {
        Value::Array(_) => Vec::<ApTag>::deserialize(tag),
        _ => ApTag::deserialize(tag).map(|t| vec![t]),
    };
    let tags = tags.map_err(|e| Reject::json(&e).at("tag"))?;
    let named = |kind: &'static str| {
        let of_kind = tags.iter().filter(move |t| t.kind.as_deref() == Some(kind));
        of_kind.filter_map(|t| Some((t.name.as_deref()?, t.href.as_deref())))
    };
    let mentions = named("Mention").filter_map(|(name, href)| qualify(name, href));
    let hashtags = named("Hashtag").map(|(name, _)| name.to_string());
    Ok((hashtags.collect(), mentions.collect()))
}

/// The author an account URL names (an activity's `actor`, a post's `attributedTo`).
fn account(field: &'static str, id: String) -> Result<Author, Reject> {
    let Some(handle) = account_in(&id, false) else {
        return Err(Reject::invalid(field, &id, "is not an account URL"));
    };
    let name = String::new();
    Ok(Author { handle, name, id })
}

/// A reference to a status by its URL; the author is the one given, else the URL's.
fn reference(url: String, author: Option<String>) -> Reference {
    let author = author.or_else(|| account_in(&url, true));
    Reference { id: url, author }
}

/// A link given as a string, or as an object with an `id` or `href` (ActivityPub allows both),
/// or the first of an array of them.
fn link_of(value: &Value) -> Option<String> {
    let value = value.as_array().map_or(Some(value), |all| all.first())?;
    let named = ["id", "href"].iter().find_map(|k| value.get(k)?.as_str());
    let link = named.or(value.as_str()).filter(|l| !l.is_empty());
    link.map(str::to_string)
}

/// An id written as a string or as an integer (instances before 2.0 wrote integers).
fn id_text(id: &Option<Value>) -> Option<String> {
    match id.as_ref()? {
        Value::String(s) => Some(s.clone()).filter(|s| !s.is_empty()),
        Value::Number(n) => n.as_u64().map(|n| n.to_string()),
        _ => None,
    }
}

/// The boosted status's (boosts, favourites), from a boost's record.
pub(crate) fn boosted_counts(raw: &[u8]) -> Option<(u64, u64)> {
    #[derive(Deserialize)]
    struct Boost {
        reblog: Option<Counts>,
    }
    #[derive(Deserialize)]
    struct Counts {
        reblogs_count: Option<u64>,
        favourites_count: Option<u64>,
    }
    let counts = serde_json::from_slice::<Boost>(raw).ok()?.reblog?;
    Some((counts.reblogs_count?, counts.favourites_count?))
}

fn nonempty(s: &Option<String>) -> Option<String> {
    s.clone().filter(|s| !s.is_empty())
}

/// The host of a URL: `https://mastodon.social/@alice` → `mastodon.social`.
fn host(url: &str) -> Option<&str> {
    let authority = url.split_once("://")?.1.split(['/', '?', '#']).next()?;
    let host = authority.rsplit('@').next()?.split(':').next()?;
    (!host.is_empty()).then_some(host)
}

/// `alice` (or `@alice`) with `https://mastodon.social/@alice` → `alice@mastodon.social`;
/// `bob@host` stays; none for an empty name.
fn qualify(acct: &str, url: Option<&str>) -> Option<String> {
    let acct = acct.trim_start_matches('@');
    match url.and_then(host) {
        _ if acct.is_empty() => None,
        Some(h) if !acct.contains('@') => Some(format!("{acct}@{h}")),
        _ => Some(acct.to_string()),
    }
}

/// `name@host` for an account URL's last segment (`https://host/users/alice`, `/@alice`), or
/// a `status` URL's after `users` or starting with `@` (`https://host/users/bob/statuses/1`).
fn account_in(url: &str, status: bool) -> Option<String> {
    let host = host(url)?;
    let path = url.split_once("://")?.1.split(['?', '#']).next()?;
    let s: Vec<&str> = path.split('/').skip(1).collect();
    let name = if status {
        let users = s.iter().position(|s| *s == "users");
        let at = s.iter().find(|s| s.starts_with('@'));
        users.and_then(|i| s.get(i + 1)).or(at)
    } else {
        s.iter().rev().find(|s| !s.is_empty())
    };
    let name = name?.trim_start_matches('@');
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
    let (mut owed, mut hidden) = (0, 0usize);
    for edge in doc.tree.root().traverse() {
        let open = matches!(edge, Edge::Open(_));
        let (Edge::Open(node) | Edge::Close(node)) = edge;
        let text = match node.value() {
            // Whitespace between blocks is layout, not text.
            Node::Text(t) if open && hidden == 0 && !(owed > 0 && t.trim().is_empty()) => &**t,
            Node::Element(e) if open && e.name() == "br" => "\n",
            Node::Element(e) => {
                match e.name() {
                    "script" | "style" | "template" if open => hidden += 1,
                    "script" | "style" | "template" => hidden = hidden.saturating_sub(1),
                    "li" => owed = owed.max(1),
                    "p" | "div" | "blockquote" | "pre" | "ul" | "ol" | "h1" | "h2" | "h3"
                    | "h4" | "h5" | "h6" => owed = owed.max(2),
                    "a" if open => {
                        let rel = e.attr("rel").unwrap_or_default();
                        let special = rel.split(' ').any(|r| r == "tag")
                            || e.classes().any(|c| c == "mention" || c == "hashtag");
                        let href = e.attr("href").unwrap_or_default();
                        let web = href.starts_with("http://") || href.starts_with("https://");
                        links.extend((web && !special).then(|| href.to_string()));
                    }
                    _ => {}
                }
                continue;
            }
            _ => continue,
        };
        if !out.is_empty() {
            out.extend(std::iter::repeat_n('\n', owed));
        }
        owed = 0;
        out.push_str(text);
    }
    (out.trim().to_string(), links)
}

#[cfg(test)]
mod tests {
    use std::path::{Path, PathBuf};
    use std::sync::Arc;

    use super::*;
    use crate::formats::{self, Input};
    use crate::model::TweetType;

    use crate::formats::fediverse::testing;
    use crate::formats::testing::read_file;

    fn data(name: &str) -> PathBuf {
        testing::data("mastodon", name)
    }

    fn tweets(json: &str) -> Vec<Result<Tweet, String>> {
        testing::tweets(Format::Mastodon, json)
    }

    fn one(json: &str) -> Tweet {
        testing::one(Format::Mastodon, json)
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
        assert_eq!((t.retweet_count, t.favorite_count), (Some(3), Some(5)));
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
        assert_eq!(
            (note.retweet_count, note.favorite_count),
            (Some(3), Some(5))
        );
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
            "orderedItems[3]: object \"https://mastodon.social/users/alice/statuses/111222333444556200\" is a link, not the post itself"
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
        assert_eq!(reasons[0], "not a tweet: no uri");
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
                "not a tweet: not a JSON object or array",
                "not a tweet: an ActivityPub Person",
                "not a tweet: an ActivityPub OrderedCollection without orderedItems (no posts in it)",
                "not a tweet: no account",
                "not a tweet: no account.acct",
                "not a tweet: no attributedTo",
                "not a tweet: no actor",
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
            account_in("https://mastodon.social/users/alice", false).as_deref(),
            Some("alice@mastodon.social")
        );
        assert_eq!(
            account_in("https://mastodon.social/@alice/", false).as_deref(),
            Some("alice@mastodon.social")
        );
        assert_eq!(account_in("https://mastodon.social/", false), None);
        assert_eq!(
            account_in("https://h.example/@bob/123", true).as_deref(),
            Some("bob@h.example")
        );
        assert_eq!(account_in("https://h.example/notes/9xyz", true), None);
        assert_eq!(
            qualify("bob", Some("https://h.example/@bob")).as_deref(),
            Some("bob@h.example")
        );
        assert_eq!(
            qualify("bob@o.example", Some("https://h.example/@bob")).as_deref(),
            Some("bob@o.example")
        );
        assert_eq!(qualify("bob", None).as_deref(), Some("bob"));
    }

    #[test]
    fn outboxes_and_links_nested_deep_are_refused_without_recursion() {
        let n = 20_000;
        let outboxes = format!("{}{}", r#"{"orderedItems":["#.repeat(n), "]}".repeat(n));
        assert_eq!(
            tweets(&outboxes),
            [Err(
                "orderedItems[0]: not a tweet: an outbox inside an outbox".to_string()
            )]
        );
        let note = format!(
            r#"{{"type":"Note","id":"https://h/s/1","published":"2023-11-17T10:00:00Z","content":"x","attributedTo":{}"https://h/users/a"{}}}"#,
            "[".repeat(n),
            "]".repeat(n)
        );
        let all = tweets(&note);
        assert_eq!(all.len(), 1);
        assert!(
            all[0].as_ref().unwrap_err().contains("recursion limit"),
            "{all:?}"
        );
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
        assert_eq!(all.iter().filter_map(|t| t.retweet_count).sum::<u64>(), 2);
    }
}
