//! What tweets copied out of a web page share, as text (`text.rs`) or as the page's HTML
//! (`html.rs`): the attribution `— Name (@handle) date` under each, its date in the page's
//! language, and, for a tweet whose id the copy does not give, an id derived from its content.
//! Both read bytes that are not UTF-8 with replacement characters (`raw` keeps them as they were).

use std::collections::HashMap;
use std::sync::LazyLock;

use chrono::{DateTime, NaiveDate, Utc};
use regex::Regex;

use crate::model::derived_id;

/// `— Name (@handle) date`: the dash (a character, or HTML's entity left in copied text), the
/// display name, the handle and what follows.
static ATTRIBUTION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^(—|–|-|&mdash;|&#8212;|&#x2014;|&ndash;|&#8211;)?\s*(.*?)\s*\(\s*@([A-Za-z0-9_]{1,15})\s*\)\s*(.*?)$",
    )
    .unwrap()
});

/// `17 Novembre 2015`, `17. November 2015`, `17 de noviembre de 2015`, `1er mai 2016`.
static DAY_FIRST: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(\d{1,2})(?:\.|º|°|er|st|nd|rd|th)?\s+(?:de\s+)?(\p{L}+)\.?,?\s+(?:de\s+|del\s+)?(\d{4})$")
        .unwrap()
});

/// `November 17, 2015`, `Nov 17 2015`.
static MONTH_FIRST: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(\p{L}+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})$").unwrap()
});

/// Month names, lowercase, by month: Italian, English (and its abbreviations), French, Spanish,
/// German, with and without accents.
const MONTHS: [&str; 12] = [
    "gennaio january jan janvier janv enero januar jänner jaenner",
    "febbraio february feb février fevrier févr fevr febrero februar",
    "marzo march mar mars märz maerz marz",
    "aprile april apr avril avr abril",
    "maggio may mai mayo",
    "giugno june jun juin junio juni",
    "luglio july jul juillet juil julio juli",
    "agosto august aug août aout ago",
    "settembre september sep sept septembre septiembre setiembre",
    "ottobre october oct octobre octubre oktober okt",
    "novembre november nov noviembre",
    "dicembre december dec décembre decembre déc diciembre dezember dez",
];

/// An attribution as written: `— Name (@handle) date`.
pub struct Attribution<'a> {
    /// The dash it starts with, if any (the HTML embed writes it apart, as `&mdash;`).
    pub dash: Option<&'a str>,
    pub name: &'a str,
    pub handle: &'a str,
    /// What follows the handle: the date, as the page wrote it.
    pub date: &'a str,
}

/// Reads an attribution (white space around it trimmed).
pub fn attribution(line: &str) -> Option<Attribution<'_>> {
    let c = ATTRIBUTION.captures(line.trim())?;
    let part = |i| c.get(i).map_or("", |m| m.as_str());
    Some(Attribution {
        dash: c.get(1).map(|m| m.as_str()),
        name: part(2),
        handle: part(3),
        date: part(4).trim(),
    })
}

/// Reads a date as written under an embedded tweet, in Italian, English, French, Spanish or
/// German, month names in any case.
pub fn parse_date(s: &str) -> Option<NaiveDate> {
    let s = s.trim();
    let (day, month, year) = if let Some(c) = DAY_FIRST.captures(s) {
        (c[1].parse().ok()?, month(&c[2])?, c[3].parse().ok()?)
    } else {
        let c = MONTH_FIRST.captures(s)?;
        (c[2].parse().ok()?, month(&c[1])?, c[3].parse().ok()?)
    };
    NaiveDate::from_ymd_opt(year, month, day)
}

fn month(name: &str) -> Option<u32> {
    let name = name.to_lowercase();
    let mut months = (1..).zip(MONTHS);
    months.find_map(|(m, names)| names.split(' ').any(|n| n == name).then_some(m))
}

/// Midnight UTC of a day: the time of a tweet known by its day only.
pub fn midnight(date: NaiveDate) -> DateTime<Utc> {
    date.and_time(chrono::NaiveTime::MIN).and_utc()
}

/// The ids of a document's tweets known only by their content: handle, day, text, and how many
/// identical (handle, day, text) came before in the document. Reading the same page twice gives
/// the same ids; two photo tweets by one person on one day stay two; the same tweet copied as
/// text and saved as HTML is one.
#[derive(Default)]
pub struct ContentIds(HashMap<(String, NaiveDate, String), u64>);

impl ContentIds {
    pub fn next(&mut self, handle: &str, date: NaiveDate, text: &str) -> String {
        let n = self
            .0
            .entry((handle.to_string(), date, text.to_string()))
            .or_insert(0);
        let id = derived_id("text", &[handle, &date.to_string(), text, &n.to_string()]);
        *n += 1;
        id
    }
}
