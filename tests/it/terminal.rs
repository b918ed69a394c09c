//! What a person sees in a terminal. The built binary runs under a pseudo-terminal of 80 and 160
//! columns (`portable-pty`), colour off with `NO_COLOR` unless a test is about colour, and the
//! test reads back what it drew: stdout and stderr, as they share the screen.

use std::collections::HashMap;
use std::io::Read;
use std::path::Path;
use std::sync::OnceLock;

use portable_pty::{CommandBuilder, PtySize, native_pty_system};
use serde_json::Value;

use crate::harness::{Archive, corpus, shown, synthetic, synthetic_archive};

/// The widths the tests look at: the classic terminal and a wide one.
const WIDTHS: [u16; 2] = [80, 160];

/// What a run drew on the terminal, line by line, and its exit code.
struct Screen {
    lines: Vec<String>,
    code: u32,
}

impl Screen {
    /// Everything drawn, for messages.
    fn text(&self) -> String {
        self.lines.join("\n")
    }

    /// The lines wider than `cols` (colour codes not counted).
    fn too_wide(&self, cols: u16) -> Vec<&String> {
        self.lines
            .iter()
            .filter(|l| console::measure_text_width(l) > usize::from(cols))
            .collect()
    }
}

/// Runs chirpdex against `index` in a terminal `cols` wide. `colour` leaves `NO_COLOR` unset.
fn run(index: &Path, args: &[&str], cols: u16, colour: bool) -> Screen {
    let pty = native_pty_system()
        .openpty(PtySize {
            rows: 50,
            cols,
            pixel_width: 0,
            pixel_height: 0,
        })
        .expect("a pseudo-terminal");
    let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_chirpdex"));
    cmd.env_remove("CHIRPDEX_INDEX");
    cmd.env("TERM", "xterm-256color");
    if colour {
        cmd.env_remove("NO_COLOR");
        cmd.env_remove("CLICOLOR");
    } else {
        cmd.env("NO_COLOR", "1");
    }
    cmd.arg("--index");
    cmd.arg(index);
    cmd.args(args);
    let mut child = pty.slave.spawn_command(cmd).expect("chirpdex starts");
    // Only the child holds the terminal's other end: when it exits, reading ends.
    drop(pty.slave);
    let mut reader = pty.master.try_clone_reader().unwrap();
    let drawn = std::thread::spawn(move || {
        let mut bytes = Vec::new();
        let mut chunk = [0u8; 8192];
        // Linux says EIO once the other end is closed and everything has been read.
        while let Ok(n) = reader.read(&mut chunk) {
            if n == 0 {
                break;
            }
            bytes.extend_from_slice(&chunk[..n]);
        }
        bytes
    });
    let status = child.wait().unwrap();
    let bytes = drawn.join().unwrap();
    drop(pty.master);
    let text = String::from_utf8(bytes).expect("UTF-8 on the terminal");
    assert!(!text.contains("panicked"), "{text}");
    Screen {
        // The terminal turns each line end into CR LF.
        lines: text
            .lines()
            .map(|l| l.trim_end_matches('\r').to_string())
            .collect(),
        code: status.exit_code(),
    }
}

/// A hit's row: it starts with the date.
fn is_row(line: &str) -> bool {
    line.starts_with("2015-")
}

/// The corpus's tweets by id.
fn by_id() -> &'static HashMap<String, Value> {
    static TWEETS: OnceLock<HashMap<String, Value>> = OnceLock::new();
    TWEETS.get_or_init(|| {
        synthetic()
            .into_iter()
            .map(|t| (t["id_str"].as_str().unwrap().to_string(), t))
            .collect()
    })
}

/// What a row must say before a tweet's text, from the tweet as the API wrote it; its type by
/// the research tools' rule (a reply, else a retweet, else a quote).
fn mark(t: &Value) -> String {
    if let Some(to) = t["in_reply_to_screen_name"].as_str() {
        format!("reply to @{to}: ")
    } else if t["retweeted_status"].is_object() {
        format!(
            "RT @{}: ",
            t["retweeted_status"]["user"]["screen_name"]
                .as_str()
                .unwrap()
        )
    } else if t["quoted_status"].is_object() {
        format!(
            "quoting @{}: ",
            t["quoted_status"]["user"]["screen_name"].as_str().unwrap()
        )
    } else {
        String::new()
    }
}

/// A tweet's text as its row shows it: whitespace collapsed; a reply without the `@handle` it
/// starts with when that is the account it answers (the mark names it).
fn row_text(t: &Value) -> String {
    let text = one_line(shown(t)["text"].as_str().unwrap());
    if let Some(to) = t["in_reply_to_screen_name"].as_str() {
        let lead = format!("@{} ", to.to_lowercase());
        if text.to_lowercase().starts_with(&lead) {
            return text[lead.len()..].to_string();
        }
    }
    text
}

/// Text as HTML shows it: `&`, `<`, `>`, `"` and `'` escaped.
fn escaped(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#x27;")
}

/// A tweet's text as a table row shows it: whitespace collapsed.
fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Queries with no plain word (nothing to mark): every row shows its tweet's own text, after
/// the mark a retweet, reply or quote calls for; the page ends with `N of M` on the terminal,
/// and no row is wider than the terminal.
#[test]
fn every_hit_shows_its_text_and_what_it_answers_or_repeats() {
    let a = synthetic_archive();
    // The index's only event is in Rome: its times are shown there, and the page line says so.
    let zone = "Europe/Rome";
    for cols in WIDTHS {
        for query in [
            "*",
            "from:PaoloDeLuca0",
            "#opendata",
            "@pferraris",
            "is:retweet",
            "is:reply",
            "is:quote",
            "since:2015-11-17T15:00",
        ] {
            let args = ["search", query, "--sort", "oldest", "-n", "12"];
            let screen = run(&a.index(), &args, cols, false);
            let ctx = format!("{query} at {cols} columns:\n{}", screen.text());
            assert_eq!(screen.code, 0, "{ctx}");
            assert!(!screen.text().contains("(no text)"), "{ctx}");
            assert!(!screen.text().contains('\u{1b}'), "NO_COLOR: {ctx}");
            assert!(screen.too_wide(cols).is_empty(), "{ctx}");
            // The same page, piped as JSON, says which tweets the rows are; with no word to
            // mark, each snippet is the text, HTML-escaped, never "".
            let hits = a.hits(&[query, "--sort", "oldest", "-n", "12"]);
            for h in &hits {
                let text = h["text"].as_str().unwrap();
                assert!(!text.is_empty());
                assert_eq!(h["snippet"].as_str(), Some(escaped(text).as_str()), "{h}");
            }
            let ids: Vec<String> = hits
                .iter()
                .map(|h| h["id"].as_str().unwrap().to_string())
                .collect();
            let rows: Vec<&String> = screen.lines.iter().filter(|l| is_row(l)).collect();
            assert_eq!(rows.len(), ids.len(), "{ctx}");
            for (row, id) in rows.iter().zip(&ids) {
                let t = &by_id()[id];
                let handle = t["user"]["screen_name"].as_str().unwrap();
                let (_, after) = row
                    .split_once(&format!("  @{handle}  "))
                    .unwrap_or_else(|| panic!("no @{handle} in {row:?}: {ctx}"));
                let want = format!("{}{}", mark(t), row_text(t));
                // Shortened to the width with `…`, the row starts as the whole would.
                let kept = after.trim_end_matches('…');
                assert!(
                    !kept.is_empty() && want.starts_with(kept),
                    "{row:?} does not show {want:?}: {ctx}"
                );
                if query.starts_with("is:") {
                    assert!(!mark(t).is_empty() && kept.len() > mark(t).len(), "{ctx}");
                }
            }
            let total = a.count(&[query]);
            let last = screen.lines.last().unwrap();
            let want = if total > 12 {
                format!("12 of {total} (next: --offset 12, --limit) · times in {zone}")
            } else {
                format!("{total} of {total} · times in {zone}")
            };
            assert_eq!(last, &want, "{ctx}");
        }
    }
}

/// Paging on a terminal: the line says which hits these are and where the next page starts;
/// a query that matches nothing says so and exits 1.
#[test]
fn the_page_line_says_which_hits_and_where_the_next_page_starts() {
    let a = synthetic_archive();
    let total = a.count(&["#opendata"]);
    assert!(total > 30, "{total}");
    let screen = run(
        &a.index(),
        &["search", "#opendata", "-n", "10", "--offset", "20"],
        80,
        false,
    );
    assert_eq!(screen.lines.iter().filter(|l| is_row(l)).count(), 10);
    assert_eq!(
        screen.lines.last().unwrap(),
        &format!("21-30 of {total} (next: --offset 30, --limit) · times in Europe/Rome"),
        "{}",
        screen.text()
    );
    // Asked for another zone, the rows and the line show it.
    let screen = run(
        &a.index(),
        &[
            "search",
            "#opendata",
            "--sort",
            "oldest",
            "-n",
            "1",
            "--tz",
            "UTC",
        ],
        80,
        false,
    );
    assert!(screen.lines[0].contains(" +00:00  @"), "{}", screen.text());
    assert!(
        screen.lines.last().unwrap().ends_with(" · times in UTC"),
        "{}",
        screen.text()
    );
    let screen = run(&a.index(), &["search", "from:nobody_at_all"], 80, false);
    assert_eq!(screen.code, 1, "{}", screen.text());
    assert_eq!(screen.lines, ["no tweet matches"]);

    // Piped, stdout holds the hits alone and stderr nothing.
    let out = a.cmd().args(["search", "#opendata"]).output().unwrap();
    assert_eq!(String::from_utf8_lossy(&out.stdout).lines().count(), 10);
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// With colour, the matched words are marked when the query has any, and the text is whole
/// when it has none.
#[test]
fn colour_marks_the_matched_words_and_never_hides_the_text() {
    let a = synthetic_archive();
    let screen = run(&a.index(), &["search", "piazze", "-n", "3"], 160, true);
    let rows: Vec<&String> = screen.lines.iter().filter(|l| is_row(l)).collect();
    assert_eq!(rows.len(), 3, "{}", screen.text());
    for row in rows {
        let plain = console::strip_ansi_codes(row);
        assert!(plain.to_lowercase().contains("piazze"), "{row:?}");
        assert!(row.contains("\u{1b}[1m"), "the word is not marked: {row:?}");
    }
    let screen = run(
        &a.index(),
        &["search", "from:PaoloDeLuca0", "-n", "3"],
        160,
        true,
    );
    let rows: Vec<&String> = screen.lines.iter().filter(|l| is_row(l)).collect();
    assert_eq!(rows.len(), 3, "{}", screen.text());
    for row in rows {
        let plain = console::strip_ansi_codes(row);
        let (_, text) = plain.split_once("  @PaoloDeLuca0  ").unwrap();
        assert!(text.len() > 10 && !text.contains("(no text)"), "{row:?}");
    }
}

/// The real #pasocial page and its programme, once for the run: names up to 21 characters.
fn pasocial_archive() -> &'static Archive {
    static ARCHIVE: OnceLock<Archive> = OnceLock::new();
    Archive::shared(&ARCHIVE, "terminal-pasocial", |a| {
        a.ingest_event(
            &corpus("pasocial-2015/event.toml"),
            &[&corpus("pasocial-2015")],
        );
    })
}

/// `speakers` draws no line wider than the terminal, with word headers, one row per speaker
/// holding its numbers; a terminal too narrow for every column says which it left out.
#[test]
fn the_speakers_table_fits_the_terminal() {
    for (a, event) in [
        (synthetic_archive(), "synthetic-2015"),
        (pasocial_archive(), "pasocial-2015"),
    ] {
        let json: Value =
            serde_json::from_str(&a.stdout(&["speakers", "--event", event, "--format", "json"]))
                .unwrap();
        let speakers = json["speakers"].as_array().unwrap();
        // 60 columns on the short programme: too narrow for every column.
        let widths: &[u16] = if event == "pasocial-2015" {
            &[80, 160, 60]
        } else {
            &WIDTHS
        };
        for &cols in widths {
            let screen = run(&a.index(), &["speakers", "--event", event], cols, false);
            let ctx = format!("{event} at {cols} columns:\n{}", screen.text());
            assert_eq!(screen.code, 0, "{ctx}");
            assert!(screen.too_wide(cols).is_empty(), "{ctx}");
            let head = &screen.lines[0];
            assert!(head.starts_with("SPEAKER  "), "{ctx}");
            for word in ["TWEETS", "AUTHORS", "RETWEETED", "LIKED", "BUSIEST"] {
                assert!(head.contains(word), "{word}: {ctx}");
            }
            assert!(!head.contains('/') && !head.contains('\''), "{ctx}");
            for (i, s) in speakers.iter().enumerate() {
                let row = &screen.lines[1 + i];
                // As pages title the speaker: a handle with its `@` (`@ubimaggio`).
                let name = s["title"].as_str().unwrap();
                let (cell, rest) = row.split_once("  ").unwrap();
                let shown_name = cell.trim_end_matches('…');
                assert!(name.starts_with(shown_name), "{name}: {row:?}: {ctx}");
                let numbers: Vec<&str> = rest.split_whitespace().collect();
                assert_eq!(numbers[0], s["tweets"].to_string(), "{row:?}: {ctx}");
            }
            let left_out = screen
                .lines
                .iter()
                .any(|l| l.contains(&format!("left out to fit {cols} columns")));
            let every_column = head.contains("RETWEETS") && head.contains("FIRST");
            assert_eq!(left_out, !every_column, "{ctx}");
            if cols == 160 {
                assert!(every_column && head.contains("LAST"), "{ctx}");
            }
        }
    }
    // Piped: every column, whatever the width.
    let table = synthetic_archive().stdout(&["speakers"]);
    assert!(
        table.lines().next().unwrap().contains("RETWEETS"),
        "{table}"
    );
}

/// `recap` in HTML on a terminal stops with a hint instead of a screenful of markup; Markdown
/// prints, and `--out -` prints the page anyway.
#[test]
fn a_recap_page_is_not_poured_onto_the_terminal() {
    let a = synthetic_archive();
    let screen = run(&a.index(), &["recap", "Giulia Martini"], 80, false);
    assert_eq!(screen.code, 2, "{}", screen.text());
    let text = screen.text();
    assert!(
        !text.contains("<html") && !text.contains("<!DOCTYPE"),
        "{text}"
    );
    assert!(text.contains("--out giulia-martini.html"), "{text}");
    let screen = run(
        &a.index(),
        &["recap", "@giuliamartini", "--format", "md"],
        80,
        false,
    );
    assert_eq!(screen.code, 0, "{}", screen.text());
    assert!(
        screen.lines[0].contains("Giulia Martini"),
        "{}",
        screen.text()
    );
    let screen = run(
        &a.index(),
        &["recap", "Giulia Martini", "--out", "-"],
        80,
        false,
    );
    assert_eq!(screen.code, 0);
    assert!(screen.text().contains("<html"), "{}", screen.text());
}
