//! What Twitter's own formats share: the API v1.1 object that a personal archive and the
//! spreadsheets (TAGS, json2csv, twarc-csv) also hold pieces of, and the JSON rules of both API
//! versions.

use serde::Deserialize;

/// An id written as a string or as an integer (Twitter JSON has both). A float is refused: it
/// has already lost digits.
#[derive(Clone)]
pub struct Id(pub String);

impl<'de> Deserialize<'de> for Id {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Id, D::Error> {
        struct V;
        impl serde::de::Visitor<'_> for V {
            type Value = Id;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("an id as a string or an integer")
            }
            fn visit_str<E: serde::de::Error>(self, s: &str) -> Result<Id, E> {
                Ok(Id(s.to_string()))
            }
            fn visit_u64<E: serde::de::Error>(self, n: u64) -> Result<Id, E> {
                Ok(Id(n.to_string()))
            }
            fn visit_i64<E: serde::de::Error>(self, n: i64) -> Result<Id, E> {
                Err(E::custom(format!("negative id {n}")))
            }
            fn visit_f64<E: serde::de::Error>(self, n: f64) -> Result<Id, E> {
                Err(E::custom(format!(
                    "id written as a floating-point number ({n}), its digits are lost"
                )))
            }
        }
        d.deserialize_any(V)
    }
}

/// Twitter's JSON (v1.1 and v2) escapes `&`, `<` and `>` in text, and nothing else.
pub fn unescape(s: &str) -> String {
    if !s.contains('&') {
        return s.to_string();
    }
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}
