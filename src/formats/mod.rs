//! Format readers: from the bytes of a dump to normalised [`Tweet`]s.
//!
//! [`input`] finds the inputs, opens them and splits them into records; each format's module turns
//! one record into the tweets it holds (a search response holds many), or into the reason it holds
//! none. A reader never stops on a bad record: it says why, and the pipeline counts, reports and
//! keeps the rejected bytes.

pub mod input;
pub mod v1;

pub use input::{Input, Record, Records};

use crate::model::Tweet;

/// What a reader hands on for each tweet in a record, or for a record it cannot read.
pub type Emit<'a> = dyn FnMut(Result<Tweet, String>) + 'a;

/// The formats chirpdex reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// Twitter API v1.1 tweet objects.
    V1,
}

impl Format {
    pub const ALL: [Format; 1] = [Format::V1];

    pub fn name(self) -> &'static str {
        match self {
            Format::V1 => "v1",
        }
    }

    pub fn from_name(name: &str) -> Option<Format> {
        Format::ALL.into_iter().find(|f| f.name() == name)
    }

    /// Reads one record.
    pub fn parse(self, record: &Record, emit: &mut Emit<'_>) {
        if let Some(reason) = &record.broken {
            return emit(Err(reason.clone()));
        }
        match self {
            Format::V1 => v1::parse(&record.bytes, emit),
        }
    }
}

const NOT_AN_OBJECT: &str = "not a JSON object or array";

fn first_byte(bytes: &[u8]) -> Option<u8> {
    bytes.iter().copied().find(|b| !b.is_ascii_whitespace())
}

/// A JSON error as a reason: what is wrong and where in the record.
fn json_error(e: &serde_json::Error) -> String {
    use serde_json::error::Category;
    let what = match e.classify() {
        Category::Eof => "invalid JSON, cut short",
        Category::Syntax => "invalid JSON",
        Category::Io | Category::Data => "unexpected JSON",
    };
    format!("{what}: {e}")
}
