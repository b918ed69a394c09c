//! The network of who mentions, retweets and answers whom, as GEXF 1.3 for Gephi.
//!
//! Accounts are nodes, identified by their handle in lower case (handles are case-insensitive)
//! and labelled with the handle as written: as the account itself writes it when it authored a
//! tweet in the selection, else as it was first seen. Each node has a `tweets` attribute: how
//! many of the selected tweets the account wrote (0 for accounts that are only mentioned).
//!
//! Edges are directed, from a tweet's author to the account it interacts with, one per
//! (source, target, kind) with the number of tweets as weight:
//!
//! - `retweet`: to the retweeted tweet's author. A retweet carries its original's text, so the
//!   accounts that text mentions were mentioned by the original's author, not by the retweeter:
//!   a retweet gives no `mention` edges;
//! - `reply`: to the author of the tweet answered;
//! - `mention`: to each account the tweet mentions, except, in a reply, the account answered
//!   (Twitter puts its handle at the start of the reply; that is the reply edge already).
//!
//! The kind is written as GEXF's own `kind` attribute of the edge, which Gephi reads as the edge
//! type (so a mention and a reply between the same two accounts stay two edges instead of being
//! merged), as the edge's label, and as a `kind` attribute value for tools that read only
//! declared attributes. An account answering or mentioning itself (a thread) is a self-loop.

use std::collections::BTreeMap;
use std::io::{self, Write};

use quick_xml::Writer;
use quick_xml::events::{BytesDecl, BytesText, Event};

use crate::model::retweeted_handle;
use crate::model::{Reference, Tweet, TweetType};

/// How one account reached another.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    Mention,
    Reply,
    Retweet,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Mention => "mention",
            Kind::Reply => "reply",
            Kind::Retweet => "retweet",
        }
    }
}

#[derive(Debug, Default)]
struct Node {
    label: String,
    /// Whether `label` is the spelling the account uses itself (it authored a tweet).
    own_spelling: bool,
    tweets: u64,
}

/// The network, built one tweet at a time.
#[derive(Debug, Default)]
pub struct Network {
    /// By id (the lowercased handle), so the output is sorted and the same on every run.
    nodes: BTreeMap<String, Node>,
    /// (source id, target id, kind) → number of tweets.
    edges: BTreeMap<(String, String, Kind), u64>,
    tweets: u64,
}

impl Network {
    pub fn new() -> Network {
        Network::default()
    }

    /// Adds a tweet: its author and the accounts it retweets, answers or mentions.
    pub fn add(&mut self, t: &Tweet) {
        self.tweets += 1;
        let Some(author) = self.node(&t.author.handle, true) else {
            // Without an author there is nobody for the interactions to come from.
            return;
        };
        if let Some(n) = self.nodes.get_mut(&author) {
            n.tweets += 1;
        }
        let target = |r: &Option<Reference>| {
            r.as_ref()
                .and_then(|r| r.author.as_deref())
                .map(str::to_owned)
        };
        if t.kind == TweetType::Retweet || t.retweet_of.is_some() {
            // Archives and TAGS keep a retweet as its own `RT @handle: ...` text only.
            let retweeted =
                target(&t.retweet_of).or_else(|| retweeted_handle(&t.text).map(str::to_owned));
            if let Some(handle) = retweeted {
                self.edge(&author, &handle, Kind::Retweet);
            }
            return;
        }
        let answered = target(&t.reply_to);
        if let Some(handle) = &answered {
            self.edge(&author, handle, Kind::Reply);
        }
        let answered = answered.map(|h| key(&h));
        for handle in &t.mentions {
            if answered.is_some() && answered == Some(key(handle)) {
                continue;
            }
            self.edge(&author, handle, Kind::Mention);
        }
    }

    /// The node for a handle (created if new), by its id; None for an empty handle.
    fn node(&mut self, handle: &str, authored: bool) -> Option<String> {
        let label = clean(handle.trim_start_matches('@'));
        if label.is_empty() {
            return None;
        }
        let id = label.to_lowercase();
        let node = self.nodes.entry(id.clone()).or_default();
        if node.label.is_empty() || (authored && !node.own_spelling) {
            node.label = label;
            node.own_spelling = authored;
        }
        Some(id)
    }

    fn edge(&mut self, source: &str, handle: &str, kind: Kind) {
        if let Some(target) = self.node(handle, false) {
            *self
                .edges
                .entry((source.to_string(), target, kind))
                .or_default() += 1;
        }
    }

    /// Writes the network as a GEXF 1.3 document.
    pub fn write(&self, w: impl Write) -> io::Result<()> {
        let mut x = Writer::new_with_indent(w, b' ', 2);
        x.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))?;
        x.create_element("gexf")
            .with_attribute(("xmlns", "http://gexf.net/1.3"))
            .with_attribute(("version", "1.3"))
            .write_inner_content(|x| {
                x.create_element("meta").write_inner_content(|x| {
                    x.create_element("creator")
                        .write_text_content(BytesText::new("chirpdex"))?;
                    let description = format!(
                        "Mentions, retweets and replies in {} tweets: accounts as nodes, \
                         directed edges weighted by the number of tweets",
                        self.tweets
                    );
                    x.create_element("description")
                        .write_text_content(BytesText::new(&description))?;
                    Ok(())
                })?;
                x.create_element("graph")
                    .with_attribute(("defaultedgetype", "directed"))
                    .write_inner_content(|x| self.write_graph(x))?;
                Ok(())
            })?;
        x.get_mut().write_all(b"\n")?;
        x.into_inner().flush()
    }

    fn write_graph<W: Write>(&self, x: &mut Writer<W>) -> io::Result<()> {
        for (class, id, kind) in [("node", "tweets", "integer"), ("edge", "kind", "string")] {
            x.create_element("attributes")
                .with_attribute(("class", class))
                .write_inner_content(|x| {
                    x.create_element("attribute")
                        .with_attribute(("id", id))
                        .with_attribute(("title", id))
                        .with_attribute(("type", kind))
                        .write_empty()?;
                    Ok(())
                })?;
        }
        x.create_element("nodes")
            .with_attribute(("count", self.nodes.len().to_string().as_str()))
            .write_inner_content(|x| {
                for (id, node) in &self.nodes {
                    x.create_element("node")
                        .with_attribute(("id", id.as_str()))
                        .with_attribute(("label", node.label.as_str()))
                        .write_inner_content(|x| {
                            attvalues(x, "tweets", &node.tweets.to_string())
                        })?;
                }
                Ok(())
            })?;
        x.create_element("edges")
            .with_attribute(("count", self.edges.len().to_string().as_str()))
            .write_inner_content(|x| {
                for (n, ((source, target, kind), weight)) in self.edges.iter().enumerate() {
                    x.create_element("edge")
                        .with_attribute(("id", n.to_string().as_str()))
                        .with_attribute(("source", source.as_str()))
                        .with_attribute(("target", target.as_str()))
                        .with_attribute(("kind", kind.as_str()))
                        .with_attribute(("label", kind.as_str()))
                        .with_attribute(("weight", weight.to_string().as_str()))
                        .write_inner_content(|x| attvalues(x, "kind", kind.as_str()))?;
                }
                Ok(())
            })?;
        Ok(())
    }
}

fn attvalues<W: Write>(x: &mut Writer<W>, attribute: &str, value: &str) -> io::Result<()> {
    x.create_element("attvalues").write_inner_content(|x| {
        x.create_element("attvalue")
            .with_attribute(("for", attribute))
            .with_attribute(("value", value))
            .write_empty()?;
        Ok(())
    })?;
    Ok(())
}

/// A node's id: its handle, lowercased.
fn key(handle: &str) -> String {
    clean(handle.trim_start_matches('@')).to_lowercase()
}

/// A handle fit for an XML attribute that GEXF reads as a token: characters XML 1.0 cannot carry
/// (control characters) left out, runs of white space made one space, none at either end.
/// quick-xml escapes the rest (`&`, `<`, quotes).
fn clean(s: &str) -> String {
    let allowed = |c: char| {
        matches!(c, '\t' | '\n' | '\r')
            || ('\u{20}'..='\u{D7FF}').contains(&c)
            || ('\u{E000}'..='\u{FFFD}').contains(&c)
            || c >= '\u{10000}'
    };
    s.split_whitespace()
        .map(|word| word.chars().filter(|&c| allowed(c)).collect::<String>())
        .filter(|word| !word.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tweet(author: &str, kind: TweetType, text: &str, mentions: &[&str]) -> Tweet {
        Tweet {
            id: "1".into(),
            created_at: chrono::DateTime::default(),
            author: crate::model::Author {
                handle: author.into(),
                ..Default::default()
            },
            text: text.into(),
            lang: None,
            kind,
            retweet_of: None,
            quote_of: None,
            reply_to: None,
            retweet_count: Some(0),
            favorite_count: Some(0),
            hashtags: Vec::new(),
            mentions: mentions.iter().map(|m| m.to_string()).collect(),
            urls: Vec::new(),
            date_only: false,
            link: None,
            format: crate::model::Format::Archive,
            event: None,
            attributions: Vec::new(),
            source: String::new(),
            raw: Vec::new(),
        }
    }

    #[test]
    fn an_archive_retweet_points_at_the_handle_after_rt() {
        // An archive keeps a retweet as `RT @handle: ...` without the retweeted tweet's id.
        let mut n = Network::new();
        n.add(&tweet(
            "SaraDurantini",
            TweetType::Retweet,
            "RT @Miur_social: la #PA è social con @AleMiglioz",
            &["Miur_social", "AleMiglioz"],
        ));
        let edges: Vec<_> = n.edges.iter().collect();
        assert_eq!(
            edges,
            [(
                &(
                    "saradurantini".to_string(),
                    "miur_social".to_string(),
                    Kind::Retweet
                ),
                &1
            )]
        );
        assert_eq!(n.nodes["miur_social"].label, "Miur_social");
        assert_eq!(n.nodes["saradurantini"].tweets, 1);
    }

    #[test]
    fn a_tweet_without_an_author_adds_nothing() {
        let mut n = Network::new();
        n.add(&tweet("", TweetType::Original, "@a ciao", &["a"]));
        assert!(n.nodes.is_empty() && n.edges.is_empty());
        let mut out = Vec::new();
        n.write(&mut out).unwrap();
        let xml = String::from_utf8(out).unwrap();
        assert!(xml.contains("<nodes count=\"0\"") && xml.contains("<edges count=\"0\""));
    }

    #[test]
    fn handles_become_clean_tokens() {
        assert_eq!(clean("  Sara\u{0}Durantini \n x "), "SaraDurantini x");
        assert_eq!(key("@AleMiglioz"), "alemiglioz");
        assert_eq!(clean("\u{1}\u{2}"), "");
    }
}
