//! Tweets as an Excel workbook (`.xlsx`), for people who open exports in a spreadsheet.
//!
//! The first sheet, `Tweets`, has the CSV's columns ([`csv::COLUMNS`](super::csv::COLUMNS)) under
//! a frozen header with filters. Cells are typed so that a spreadsheet shows the tweet and changes
//! nothing: ids and every text are text cells (a 19-digit id is not rounded to a float, a text
//! starting with `=` or `@` is never a formula), counts are numbers, `created_at` is a real date
//! cell holding the local time in the export's zone (the event's, or `--tz`; the `About` sheet
//! names it) or, for a tweet known only by its day, that day. Texts keep their line breaks; lists
//! are JSON, as in the CSV but with their characters as written.
//!
//! The second sheet, `About`, says what was exported: the query and filters, the zone, how many
//! tweets of each type, when and by what.
//!
//! Rows go to a temporary file as they are written (rust_xlsxwriter's constant-memory mode), so
//! an export holds one tweet at a time; the workbook is assembled at the end. An xlsx sheet holds
//! at most [`MAX_TWEETS`] rows under its header.

use anyhow::{Context, Result, bail};
use chrono::{DateTime, SecondsFormat, Utc};
use chrono_tz::Tz;
use rust_xlsxwriter::{ExcelDateTime, Format, IgnoreError, Workbook, Worksheet};

use super::csv::COLUMNS;
use crate::model::{Tweet, TweetType};

/// Excel's rows, less the header.
pub const MAX_TWEETS: u32 = 1_048_575;

/// Excel's longest cell text, in UTF-16 units.
const MAX_CELL: usize = 32_767;

/// A workbook being written, one tweet a row.
pub struct Writer {
    book: Workbook,
    tz: Tz,
    /// The next row to write (row 0 is the header).
    row: u32,
    /// Tweets of each type, in the order of `TweetType::ALL`.
    kinds: [u64; 4],
    date_only: u64,
    time: Format,
    day: Format,
}

/// A value of the `About` sheet.
enum Value {
    Text(String),
    Number(u64),
}

/// How each column's cells are written.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Cell {
    Text,
    Count,
    Time,
    Bool,
}

fn cell(column: &str) -> Cell {
    match column {
        "created_at" => Cell::Time,
        "public_metrics.retweet_count" | "public_metrics.like_count" => Cell::Count,
        "date_only" => Cell::Bool,
        _ => Cell::Text,
    }
}

/// Column widths, in characters, for the columns worth widening.
fn width(column: &str) -> f64 {
    match column {
        "text" => 80.0,
        "created_at" => 20.0,
        "author.name" | "entities.hashtags" | "entities.mentions" | "entities.urls" => 30.0,
        "url" | "speakers" | "source_file" => 30.0,
        c if c == "id" || c.ends_with(".id") || c == "author_id" => 20.0,
        _ => 14.0,
    }
}

impl Writer {
    /// Starts a workbook whose times are shown in `tz`: the `Tweets` sheet and its header.
    pub fn new(tz: Tz) -> Result<Writer> {
        let mut book = Workbook::new();
        let sheet = book
            .add_worksheet_with_constant_memory()
            .context("cannot create the temporary file for the xlsx sheet")?;
        sheet.set_name("Tweets")?;
        let bold = Format::new().set_bold();
        for (i, column) in COLUMNS.iter().enumerate() {
            let col = i as u16;
            sheet.set_column_width(col, width(column))?;
            sheet.write_string_with_format(0, col, *column, &bold)?;
        }
        sheet.set_freeze_panes(1, 0)?;
        Ok(Writer {
            book,
            tz,
            row: 1,
            kinds: [0; 4],
            date_only: 0,
            time: Format::new().set_num_format("yyyy-mm-dd hh:mm:ss"),
            day: Format::new().set_num_format("yyyy-mm-dd"),
        })
    }

    /// Writes one tweet's row.
    pub fn tweet(&mut self, t: &Tweet) -> Result<()> {
        if self.row > MAX_TWEETS {
            bail!(
                "an xlsx sheet holds at most {MAX_TWEETS} tweets: narrow the query (--since, \
                 --until, a hashtag...) or export --format csv"
            );
        }
        let cells = super::csv::row(t);
        let row = self.row;
        let sheet = self.book.worksheet_from_index(0)?;
        for (i, (column, text)) in COLUMNS.iter().zip(&cells).enumerate() {
            let col = i as u16;
            match cell(column) {
                Cell::Text => {
                    let text = match *column {
                        "entities.hashtags" | "entities.mentions" | "entities.urls"
                        | "speakers" => readable_list(text),
                        _ => text.clone(),
                    };
                    write_text(sheet, row, col, text)?;
                }
                // An unknown count stays an empty cell, not 0.
                Cell::Count => {
                    if let Ok(n) = text.parse::<u64>() {
                        sheet.write_number(row, col, n as f64)?;
                    }
                }
                Cell::Time => {
                    write_time(sheet, row, col, t, self.tz, &self.time, &self.day)?;
                }
                Cell::Bool => {
                    sheet.write_boolean(row, col, t.date_only)?;
                }
            }
        }
        let kind = TweetType::ALL.iter().position(|k| *k == t.kind);
        self.kinds[kind.unwrap_or(0)] += 1;
        self.date_only += u64::from(t.date_only);
        self.row += 1;
        Ok(())
    }

    /// Adds the `About` sheet, (`what`: the query and filters, as label and value), and writes
    /// the whole workbook to `out`.
    pub fn finish(
        mut self,
        out: impl std::io::Write + Send,
        what: &[(String, String)],
        made: DateTime<Utc>,
    ) -> Result<()> {
        let last_row = self.row - 1;
        let sheet = self.book.worksheet_from_index(0)?;
        let last_col = COLUMNS.len() as u16 - 1;
        sheet.autofilter(0, 0, last_row, last_col)?;
        // Ids are text on purpose: no green "number stored as text" corner on each.
        sheet.ignore_error_range(0, 0, last_row, last_col, IgnoreError::NumberStoredAsText)?;

        let number = |label: &str, n: u64| (label.to_string(), Value::Number(n));
        let text = |label: &str, s: String| (label.to_string(), Value::Text(s));
        let mut about: Vec<(String, Value)> = (what.iter())
            .map(|(label, value)| text(label, value.clone()))
            .collect();
        about.push(text("time zone", self.tz.name().to_string()));
        about.push(number("tweets", u64::from(last_row)));
        for (kind, n) in TweetType::ALL.iter().zip(self.kinds) {
            let label = match kind {
                TweetType::Original => "originals",
                TweetType::Reply => "replies",
                TweetType::Retweet => "retweets",
                TweetType::Quote => "quotes",
            };
            about.push(number(label, n));
        }
        if self.date_only > 0 {
            about.push(number("known by their day only", self.date_only));
        }
        let local = made.with_timezone(&self.tz);
        about.push(text(
            "made",
            local.to_rfc3339_opts(SecondsFormat::Secs, true),
        ));
        let by = format!("chirpdex {}", env!("CARGO_PKG_VERSION"));
        about.push(text("by", by));

        let sheet = self.book.add_worksheet();
        sheet.set_name("About")?;
        sheet.set_column_width(0, 24)?;
        sheet.set_column_width(1, 60)?;
        let bold = Format::new().set_bold();
        for (row, (label, value)) in about.into_iter().enumerate() {
            let row = row as u32;
            sheet.write_string_with_format(row, 0, label, &bold)?;
            match value {
                Value::Number(n) => drop(sheet.write_number(row, 1, n as f64)?),
                Value::Text(s) => write_text(sheet, row, 1, s)?,
            }
        }
        self.book
            .save_to_writer(out)
            .context("cannot write the xlsx workbook")?;
        Ok(())
    }
}

/// A text cell; a text over Excel's limit is cut there, with `…`.
fn write_text(sheet: &mut Worksheet, row: u32, col: u16, text: String) -> Result<()> {
    let text = if text.encode_utf16().count() > MAX_CELL {
        let mut units = 0;
        let cut: String = text
            .chars()
            .take_while(|c| {
                units += c.len_utf16();
                units < MAX_CELL
            })
            .collect();
        cut + "…"
    } else {
        text
    };
    sheet.write_string(row, col, text)?;
    Ok(())
}

/// `created_at` as a date cell: the local time in `tz`, or for a tweet known only by its day,
/// that day (as the source gives it, whatever the zone).
fn write_time(
    sheet: &mut Worksheet,
    row: u32,
    col: u16,
    t: &Tweet,
    tz: Tz,
    time: &Format,
    day: &Format,
) -> Result<()> {
    let (seconds, format) = if t.date_only {
        (t.created_at.date_naive().and_time(Default::default()), day)
    } else {
        (t.created_at.with_timezone(&tz).naive_local(), time)
    };
    let at = ExcelDateTime::from_timestamp(seconds.and_utc().timestamp())?;
    sheet.write_datetime_with_format(row, col, at, format)?;
    Ok(())
}

/// A list cell of the CSV (Python's JSON, non-ASCII escaped) with its characters as written, for
/// people: `["#università"]`.
fn readable_list(cell: &str) -> String {
    match serde_json::from_str::<Vec<String>>(cell) {
        Ok(items) => {
            let items: Vec<String> = items
                .into_iter()
                .map(|s| serde_json::Value::String(s).to_string())
                .collect();
            format!("[{}]", items.join(", "))
        }
        Err(_) => cell.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_read_as_written() {
        assert_eq!(
            readable_list(r##"["#universit\u00e0", "#\ud83c\udf89"]"##),
            r##"["#università", "#🎉"]"##
        );
        assert_eq!(readable_list(""), "");
    }
}
