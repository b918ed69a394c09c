//! Why a record gives no tweet: a typed reason, shown as `file:line: reason` and kept with the
//! rejected bytes.

use std::fmt;

/// Why a record (or one of the posts it holds) gives no tweet.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Reject {
    /// Not JSON, or not JSON of the expected shape: serde's message, which says where.
    Json {
        cut: bool,
        shape: bool,
        message: String,
    },
    /// Read, but not a post: what it is instead (a streaming notice, a profile, a list in a list).
    NotAPost(String),
    /// A post without something every post has.
    Missing(&'static str),
    /// A field whose value cannot be read: which, the value, and why.
    Invalid {
        field: &'static str,
        value: String,
        why: String,
    },
    /// Framing gave up on the bytes (too long, never closed, a document too large).
    Framing(String),
    /// One of the posts a record holds: where it stands in the record, and why.
    At { path: String, reason: Box<Reject> },
    /// Anything else, in words.
    Other(String),
}

impl Reject {
    /// A JSON error: what is wrong and where in the record.
    pub fn json(e: &serde_json::Error) -> Reject {
        use serde_json::error::Category;
        Reject::Json {
            cut: e.classify() == Category::Eof,
            shape: matches!(e.classify(), Category::Data | Category::Io),
            message: e.to_string(),
        }
    }

    /// A field that does not read: `created_at "x" is not a date (...)`.
    pub fn invalid(field: &'static str, value: &str, why: impl fmt::Display) -> Reject {
        Reject::Invalid {
            field,
            value: value.to_string(),
            why: why.to_string(),
        }
    }

    /// The same reason, placed at `path` within its record (`data[3]`).
    pub fn at(self, path: impl Into<String>) -> Reject {
        Reject::At {
            path: path.into(),
            reason: Box::new(self),
        }
    }

    /// Whether the bytes may well be a post of another format: they are JSON, but not of the
    /// shape this format's reader expects (not damaged bytes, not a bad value in a known shape).
    pub fn foreign(&self) -> bool {
        match self {
            Reject::Json { shape, .. } => *shape,
            Reject::NotAPost(_) | Reject::Missing(_) => true,
            Reject::At { reason, .. } => reason.foreign(),
            _ => false,
        }
    }

    /// A reason given for an element of a large document, which its reader saw alone, as
    /// element 0 of its array `key`: placed at the element's own index in the document.
    pub(crate) fn in_element(self, key: &str, index: u64) -> Reject {
        let here = format!("{key}[{index}]");
        match self {
            Reject::At { path, reason } => match path.strip_prefix(key) {
                Some(rest) if rest.starts_with("[0]") => Reject::At {
                    path: format!("{here}{}", &rest[3..]),
                    reason,
                },
                _ => Reject::At { path, reason }.at(here),
            },
            // Framing names the element itself (`formats::document`).
            Reject::Framing(_) => self,
            other => other.at(here),
        }
    }
}

impl fmt::Display for Reject {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Reject::Json {
                cut,
                shape,
                message,
            } => match (cut, shape) {
                (true, _) => write!(f, "invalid JSON, cut short: {message}"),
                (_, true) => write!(f, "unexpected JSON: {message}"),
                _ => write!(f, "invalid JSON: {message}"),
            },
            Reject::NotAPost(what) => write!(f, "not a tweet: {what}"),
            Reject::Missing(what) => write!(f, "not a tweet: no {what}"),
            Reject::Invalid { field, value, why } => write!(f, "{field} {value:?} {why}"),
            Reject::Framing(why) | Reject::Other(why) => f.write_str(why),
            Reject::At { path, reason } => write!(f, "{path}: {reason}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Reject;

    #[test]
    fn an_element_read_alone_is_named_by_its_index_in_its_document() {
        let cases = [
            (
                Reject::Missing("id").at("data[0]"),
                "data[7]: not a tweet: no id",
            ),
            (
                Reject::Missing("id").at("data[0].includes"),
                "data[7].includes: not a tweet: no id",
            ),
            (Reject::NotAPost("17".into()), "data[7]: not a tweet: 17"),
            (
                Reject::Missing("id").at("referenced_tweets"),
                "data[7]: referenced_tweets: not a tweet: no id",
            ),
            (
                Reject::Framing("data[7]: element longer than 16 MiB, skipped".into()),
                "data[7]: element longer than 16 MiB, skipped",
            ),
        ];
        for (reason, want) in cases {
            assert_eq!(reason.in_element("data", 7).to_string(), want);
        }
    }
}
