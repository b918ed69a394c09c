//! What the Mastodon and Bluesky readers share: a record is one object (a post, or a page of
//! posts) or a JSON array of them, a post's reasons name where it stands in its record, and
//! times are RFC 3339.

use chrono::{DateTime, Utc};
use serde::Deserialize;
use serde_json::value::RawValue;

use super::{Emit, Reject};
use crate::model::Tweet;
use crate::model::time::iso;

/// Reads one object of a record, given its bytes.
pub(super) type Object<'r> = dyn FnMut(&[u8], &mut Emit<'_>) + 'r;

/// Reads a record that is one object, or a JSON array of objects.
pub(super) fn record(bytes: &[u8], emit: &mut Emit<'_>, object: &mut Object<'_>) {
    match super::first_byte(bytes) {
        Some(b'{') => object(bytes, emit),
        Some(b'[') => match json::<Vec<&RawValue>>(bytes) {
            Ok(all) => items("", &all, emit, object),
            Err(reason) => emit(Err(reason)),
        },
        _ => emit(Err(Reject::NotAPost(super::NOT_AN_OBJECT.into()))),
    }
}

/// Reads the objects of the array `name` (empty for a record that is an array): the reasons
/// one of them gives name it by its index, and what is not an object is refused.
pub(super) fn items(name: &str, all: &[&RawValue], emit: &mut Emit<'_>, object: &mut Object<'_>) {
    for (i, item) in all.iter().enumerate() {
        let emit =
            &mut |r: Result<Tweet, Reject>| emit(r.map_err(|e| e.at(format!("{name}[{i}]"))));
        let bytes = item.get().as_bytes();
        match super::first_byte(bytes) {
            Some(b'{') => object(bytes, emit),
            Some(b'[') => emit(Err(Reject::NotAPost(super::NESTED_LIST.into()))),
            _ => emit(Err(Reject::NotAPost(super::NOT_AN_OBJECT.into()))),
        }
    }
}

pub(super) fn json<'a, T: Deserialize<'a>>(bytes: &'a [u8]) -> Result<T, Reject> {
    serde_json::from_slice(bytes).map_err(|e| Reject::json(&e))
}

/// The time a post gives in `field`, which both networks write in RFC 3339.
pub(super) fn time(field: &'static str, value: Option<&str>) -> Result<DateTime<Utc>, Reject> {
    let value = value.ok_or(Reject::Missing(field))?;
    iso(value).ok_or_else(|| Reject::invalid(field, value, "is not an RFC 3339 date"))
}

#[cfg(test)]
/// What the two readers' tests share.
pub(super) mod testing {
    use std::path::{Path, PathBuf};

    use crate::formats::Record;
    use crate::model::{Format, Tweet};

    /// A fixture: `tests/data/{dir}/{name}`.
    pub fn data(dir: &str, name: &str) -> PathBuf {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/data")
            .join(dir);
        dir.join(name)
    }

    /// What one record gives, read as `format`; reasons as they are shown.
    pub fn tweets(format: Format, json: &str) -> Vec<Result<Tweet, String>> {
        let bytes = json.as_bytes().to_vec();
        let mut out = Vec::new();
        let record = Record {
            bytes,
            ..Record::default()
        };
        format.parse(&record, &mut |r| out.push(r.map_err(|e| e.to_string())));
        out
    }

    /// The one tweet a record gives.
    pub fn one(format: Format, json: &str) -> Tweet {
        let mut all = tweets(format, json);
        assert_eq!(all.len(), 1, "{all:?}");
        all.remove(0).unwrap()
    }
}
