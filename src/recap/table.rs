//! `speakers` as a table for people: one row per speaker, times in the event's zone with their
//! offset, the top three hashtags, mentions and terms.

use std::io::{self, Write};

use super::{EventRecap, Ranked, local};

/// Prints one row per speaker, columns aligned.
pub fn speakers(w: &mut impl Write, r: &EventRecap) -> io::Result<()> {
    let tz = r.event.tz;
    let head = [
        "SPEAKER",
        "TWEETS",
        "RTS",
        "AUTHORS",
        "RETWEETED",
        "LIKED",
        "FIRST",
        "LAST",
        "BUSIEST 5'",
        "HASHTAGS",
        "MENTIONED",
        "TERMS",
        "BY Q/M/N/S",
    ];
    // Right-aligned: the numbers.
    let right = [
        false, true, true, true, true, true, false, false, false, false, false, false, false,
    ];
    let or_dash = |s: Option<String>| s.unwrap_or_else(|| "-".to_string());
    let ranked = |list: &[Ranked], sign: &str| {
        let v: Vec<String> = list
            .iter()
            .take(3)
            .map(|x| format!("{sign}{} {}", one_line(&x.value), x.tweets))
            .collect();
        if v.is_empty() {
            "-".to_string()
        } else {
            v.join(", ")
        }
    };
    let mut rows: Vec<Vec<String>> = vec![head.iter().map(|h| h.to_string()).collect()];
    for s in &r.speakers {
        let m = s.methods;
        let terms: Vec<String> = s.terms.iter().take(3).map(|t| one_line(&t.term)).collect();
        rows.push(vec![
            one_line(&s.name),
            s.tweets.to_string(),
            s.retweets.to_string(),
            s.authors.to_string(),
            s.retweet_count.to_string(),
            s.favorite_count.to_string(),
            or_dash(s.first.map(|t| local(t, tz))),
            or_dash(s.last.map(|t| local(t, tz))),
            or_dash(
                s.busiest
                    .map(|b| format!("{} ({})", local(b.starts, tz), b.tweets)),
            ),
            ranked(&s.hashtags, "#"),
            ranked(&s.mentions, "@"),
            if terms.is_empty() {
                "-".to_string()
            } else {
                terms.join(", ")
            },
            format!("{}/{}/{}/{}", m.quote, m.mention, m.name, m.slot),
        ]);
    }
    let widths: Vec<usize> = (0..head.len())
        .map(|c| {
            rows.iter()
                .map(|row| console::measure_text_width(&row[c]))
                .max()
                .unwrap_or(0)
        })
        .collect();
    for row in &rows {
        let mut line = String::new();
        for (c, cell) in row.iter().enumerate() {
            let pad = widths[c].saturating_sub(console::measure_text_width(cell));
            if c > 0 {
                line.push_str("  ");
            }
            if right[c] {
                line.push_str(&" ".repeat(pad));
                line.push_str(cell);
            } else {
                line.push_str(cell);
                if c + 1 < row.len() {
                    line.push_str(&" ".repeat(pad));
                }
            }
        }
        writeln!(w, "{}", line.trim_end())?;
    }
    let untimed: usize = r.speakers.iter().map(|s| s.untimed).sum();
    if untimed > 0 {
        writeln!(
            w,
            "\n{untimed} attributed tweets have no time of day (copied text): left out of FIRST, \
             LAST and BUSIEST."
        )?;
    }
    writeln!(
        w,
        "{} tweets attached to {}; times in {}. RETWEETED and LIKED: counts summed over the \
         tweets that are not retweets; BY: attributions by quote, mention, name, slot.",
        r.tweets,
        r.event.slug,
        tz.name()
    )?;
    w.flush()
}

/// A value on one line: its whitespace collapsed, control characters dropped.
fn one_line(s: &str) -> String {
    s.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .chars()
        .filter(|c| !c.is_control())
        .collect()
}
