//! `speakers` as a table for people: one row per speaker with its numbers and times, fitted to
//! the terminal's width. Lists (hashtags, accounts mentioned, terms, attribution methods) are
//! not squeezed into cells: they are in `--format json` and in each speaker's recap.

use std::io::{self, Write};

use chrono::{DateTime, Utc};
use chrono_tz::Tz;

use super::EventRecap;

/// A column: its header (a word), whether its values are numbers (right-aligned), and whether
/// it may be left out when the table is wider than the terminal (in this order of columns, the
/// last that may go goes first).
struct Column {
    head: &'static str,
    number: bool,
    may_go: bool,
}

const COLUMNS: [Column; 9] = [
    col("SPEAKER", false, false),
    col("TWEETS", true, false),
    col("RETWEETS", true, true),
    col("AUTHORS", true, false),
    col("RETWEETED", true, false),
    col("LIKED", true, false),
    col("FIRST", false, true),
    col("LAST", false, true),
    col("BUSIEST", false, false),
];

const fn col(head: &'static str, number: bool, may_go: bool) -> Column {
    Column {
        head,
        number,
        may_go,
    }
}

/// Which columns go first when the table is too wide: the count of retweets (TWEETS holds
/// them), then the last and the first tweet's times.
const LEAVE_OUT: [&str; 3] = ["RETWEETS", "LAST", "FIRST"];

/// A speaker's name is shortened (with `…`) to no less than this before a column is left out,
/// and to no less than [`NAME_MIN`] after.
const NAME_SHORT: usize = 16;
const NAME_MIN: usize = 8;

/// Two spaces between columns.
const GAP: usize = 2;

/// Prints one row per speaker, columns aligned, then what the columns mean. With `width` (a
/// terminal's), no line is wider: long names are shortened and the columns that matter least
/// are left out, saying so. Without it (a pipe, a file) every column is printed.
pub fn speakers(w: &mut impl Write, r: &EventRecap, width: Option<usize>) -> io::Result<()> {
    let tz = r.event.tz;
    let times: Vec<DateTime<Utc>> = r
        .speakers
        .iter()
        .flat_map(|s| [s.first, s.last, s.busiest.map(|b| b.starts)])
        .flatten()
        .collect();
    let day = one_day(&times, tz);
    let clock = |t: DateTime<Utc>| {
        let local = t.with_timezone(&tz);
        match day {
            Some(_) => local.format("%H:%M").to_string(),
            None => local.format("%Y-%m-%d %H:%M").to_string(),
        }
    };
    let or_dash = |s: Option<String>| s.unwrap_or_else(|| "-".to_string());
    let rows: Vec<[String; 9]> = r
        .speakers
        .iter()
        .map(|s| {
            [
                one_line(&s.title()),
                s.tweets.to_string(),
                s.retweets.to_string(),
                s.authors.to_string(),
                count_cell(s.retweet_count, s.partly_counted()),
                count_cell(s.favorite_count, s.partly_counted()),
                or_dash(s.first.map(clock)),
                or_dash(s.last.map(clock)),
                or_dash(
                    s.busiest
                        .map(|b| format!("{} ({})", clock(b.starts), b.tweets)),
                ),
            ]
        })
        .collect();
    let natural: Vec<usize> = (0..COLUMNS.len())
        .map(|c| {
            rows.iter()
                .map(|row| console::measure_text_width(&row[c]))
                .chain([COLUMNS[c].head.len()])
                .max()
                .unwrap_or(0)
        })
        .collect();
    let layout = Layout::fit(&natural, width);

    let mut line = |cells: Vec<String>| -> io::Result<()> {
        let mut out = String::new();
        for (c, cell) in cells.iter().enumerate() {
            if !layout.shown[c] {
                continue;
            }
            let cell = match c {
                0 => console::truncate_str(cell, layout.widths[0], "…").into_owned(),
                _ => cell.clone(),
            };
            let pad = layout.widths[c].saturating_sub(console::measure_text_width(&cell));
            if !out.is_empty() {
                out.push_str(&" ".repeat(GAP));
            }
            if COLUMNS[c].number {
                out.push_str(&" ".repeat(pad));
                out.push_str(&cell);
            } else {
                out.push_str(&cell);
                out.push_str(&" ".repeat(pad));
            }
        }
        writeln!(w, "{}", out.trim_end())
    };
    line(COLUMNS.iter().map(|c| c.head.to_string()).collect())?;
    for row in rows {
        line(row.to_vec())?;
    }

    let mut notes = Vec::new();
    let zone = match day {
        Some((date, offset)) => format!("{} ({offset}) on {date}", tz.name()),
        None => tz.name().to_string(),
    };
    notes.push(format!(
        "{} tweets attached to {}; times in {zone}.",
        r.tweets, r.event.slug
    ));
    let untimed: usize = r.speakers.iter().map(|s| s.untimed).sum();
    if untimed > 0 {
        notes.push(format!(
            "{untimed} attributed tweets have no time of day (copied text): not in FIRST, LAST, \
             BUSIEST."
        ));
    }
    notes.push(format!(
        "RETWEETED, LIKED: summed over the tweets that are not retweets{} BUSIEST: the five \
         minutes with the most tweets (how many).",
        uncounted_note(r)
    ));
    let left_out: Vec<&str> = (0..COLUMNS.len())
        .filter(|&c| !layout.shown[c])
        .map(|c| COLUMNS[c].head)
        .collect();
    notes.push(match left_out.as_slice() {
        [] => "--format json adds hashtags, accounts mentioned, terms, attribution methods."
            .to_string(),
        _ => format!(
            "{} left out to fit {} columns: --format json has them, and hashtags, accounts \
             mentioned, terms, attribution methods.",
            left_out.join(", "),
            width.unwrap_or(0)
        ),
    });
    writeln!(w)?;
    for note in notes {
        for l in wrap(&note, width.unwrap_or(WRAP).min(WRAP)) {
            writeln!(w, "{l}")?;
        }
    }
    w.flush()
}

/// A sum of counts: `?` when no source gives it, `48+` when it leaves out tweets whose source
/// gives none (the true count is at least that).
fn count_cell(n: Option<u64>, partly: bool) -> String {
    match n {
        None => "?".to_string(),
        Some(n) if partly => format!("{n}+"),
        Some(n) => n.to_string(),
    }
}

/// How the note on RETWEETED and LIKED goes on: what `?` (unknown, not 0: copied text and
/// saved pages give no counts) and `+` (a sum that leaves some tweets out) mean, when the
/// table shows them.
fn uncounted_note(r: &EventRecap) -> String {
    let unknown = r
        .speakers
        .iter()
        .any(|s| s.retweet_count.is_none() || s.favorite_count.is_none());
    let uncounted: usize = r
        .speakers
        .iter()
        .filter(|s| s.partly_counted())
        .map(|s| s.uncounted)
        .sum();
    let mut note = String::new();
    if unknown {
        note.push_str(
            "; ? when no source of those tweets gives the count (copied text, saved pages): \
             unknown, not 0",
        );
    }
    if uncounted > 0 {
        note.push_str(&format!(
            "; + when the sum leaves out tweets whose source gives none ({uncounted} {})",
            if uncounted == 1 { "tweet" } else { "tweets" }
        ));
    }
    note.push('.');
    note
}

/// Notes under the table are wrapped to this width, or the terminal's when narrower.
const WRAP: usize = 100;

/// Which columns are shown, and how wide each is.
struct Layout {
    shown: [bool; 9],
    widths: Vec<usize>,
}

impl Layout {
    /// Every column at its natural width when that fits (or there is no width to fit); else
    /// names shortened to [`NAME_SHORT`], then the columns of [`LEAVE_OUT`] left out one by one,
    /// then names shortened to what is left, down to [`NAME_MIN`].
    fn fit(natural: &[usize], width: Option<usize>) -> Layout {
        let mut layout = Layout {
            shown: [true; 9],
            widths: natural.to_vec(),
        };
        let Some(width) = width else {
            return layout;
        };
        let name_floor = |at: usize| natural[0].min(at.max(COLUMNS[0].head.len()));
        layout.shrink_name(width, name_floor(NAME_SHORT));
        for head in LEAVE_OUT {
            if layout.total() <= width {
                break;
            }
            if let Some(c) = COLUMNS.iter().position(|c| c.head == head && c.may_go) {
                layout.shown[c] = false;
                layout.widths[0] = natural[0];
                layout.shrink_name(width, name_floor(NAME_SHORT));
            }
        }
        layout.shrink_name(width, name_floor(NAME_MIN));
        layout
    }

    /// The width of a line with every shown column at its width.
    fn total(&self) -> usize {
        let shown: Vec<usize> = (0..self.widths.len())
            .filter(|&c| self.shown[c])
            .map(|c| self.widths[c])
            .collect();
        shown.iter().sum::<usize>() + GAP * shown.len().saturating_sub(1)
    }

    /// Narrows the names' column until the line fits `width`, but not below `floor`.
    fn shrink_name(&mut self, width: usize, floor: usize) {
        let over = self.total().saturating_sub(width);
        self.widths[0] = self.widths[0].saturating_sub(over).max(floor);
    }
}

/// The local day and offset that every time falls on, when they all fall on one (the usual
/// conference day): the table then shows hours and minutes alone.
fn one_day(times: &[DateTime<Utc>], tz: Tz) -> Option<(String, String)> {
    let mut days = times.iter().map(|t| {
        let local = t.with_timezone(&tz);
        (
            local.format("%Y-%m-%d").to_string(),
            local.format("%:z").to_string(),
        )
    });
    let first = days.next()?;
    days.all(|d| d == first).then_some(first)
}

/// Words of `text` on lines no wider than `width` (a word longer than that has a line of its
/// own).
fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        let needed = console::measure_text_width(&line) + 1 + console::measure_text_width(word);
        if !line.is_empty() && needed > width {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_table_too_wide_shortens_names_then_leaves_columns_out() {
        // SPEAKER 20, TWEETS 6, RETWEETS 8, AUTHORS 7, RETWEETED 9, LIKED 5, FIRST 5, LAST 5,
        // BUSIEST 10: 75 and 16 of gaps.
        let natural = [20, 6, 8, 7, 9, 5, 5, 5, 10];
        let all = Layout::fit(&natural, None);
        assert_eq!(all.total(), 91);
        assert!(all.shown.iter().all(|&s| s));
        let wide = Layout::fit(&natural, Some(160));
        assert_eq!(wide.total(), 91);
        // 87: names of 16 are not enough; RETWEETS goes, and the names come back whole (81),
        // then shorten to 19 to fit.
        let narrow = Layout::fit(&natural, Some(80));
        assert!(!narrow.shown[2] && narrow.shown[6] && narrow.shown[7]);
        assert_eq!(narrow.widths[0], 19);
        assert_eq!(narrow.total(), 80);
        // Very narrow: names down to 8, then it is as narrow as it gets.
        let tiny = Layout::fit(&natural, Some(40));
        assert!(!tiny.shown[2] && !tiny.shown[6] && !tiny.shown[7]);
        assert_eq!(tiny.widths[0], NAME_MIN);
    }

    #[test]
    fn notes_wrap_at_word_boundaries() {
        let lines = wrap("one two three four five", 9);
        assert_eq!(lines, ["one two", "three", "four five"]);
        assert!(wrap("", 10).is_empty());
    }
}
