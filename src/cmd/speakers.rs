//! `chirpdex speakers [--event SLUG] [--format table|json]` and `chirpdex speakers --discover`

use std::collections::HashMap;
use std::fmt::Write as _;
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use chirpdex::extract::speakers::{Candidate, discover};
use chirpdex::index::Archive;
use chirpdex::model::fold::fold;
use chirpdex::{query, recap};

use super::Exit;

/// Speakers of an event: one row per speaker of its programme with what was tweeted about them
/// (tweets, retweets, authors, retweets and likes received, first and last tweet, busiest five
/// minutes), fitted to the terminal; --format json adds hashtags, accounts mentioned alongside,
/// characteristic terms and attribution methods.
/// With --discover, propose the speakers from how people live-tweet, as a starting programme
/// (TOML) to edit.
#[derive(clap::Args)]
pub struct Args {
    /// The event (its slug) [default: the index's only event].
    #[arg(long, value_name = "SLUG", conflicts_with = "discover")]
    event: Option<String>,
    /// How to print the speakers.
    #[arg(long, value_enum, default_value = "table", conflicts_with = "discover")]
    format: Format,
    /// Count only the tweets that name each speaker, leaving out those inferred (posted
    /// during the slot, or their own post, naming nobody).
    #[arg(long, conflicts_with = "discover")]
    named_only: bool,
    /// Propose the likely speakers: the handles and names that many distinct authors quote
    /// (`@handle: ...`, `Name: ...`, `Name says ...`).
    #[arg(long)]
    discover: bool,
    /// With --discover: which tweets to read (the search syntax); all of them by default.
    #[arg(long, default_value = "*", requires = "discover")]
    query: String,
    /// With --discover: propose only those quoted by at least this many distinct authors.
    #[arg(long, default_value_t = 2, requires = "discover")]
    min_authors: usize,
    /// Write to this file instead of stdout.
    #[arg(long)]
    out: Option<PathBuf>,
}

/// How `speakers` prints.
#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum Format {
    /// One line per speaker, for people.
    Table,
    /// One JSON object: the event and a row per speaker (keys in the README).
    Json,
}

pub fn run(index: &Path, args: Args) -> Result<Exit> {
    let archive = Archive::open(index)?;
    if !args.discover {
        let event = super::recap::event(&archive, args.event.as_deref())?;
        let summary = recap::build(&archive, &event, args.named_only)?;
        let mut out = super::recap::output(args.out.as_deref())?;
        match args.format {
            Format::Table => {
                // Fitted to a terminal's width; a pipe or a file gets every column.
                let stdout = std::io::stdout();
                let width = (args.out.is_none() && stdout.is_terminal())
                    .then(|| console::Term::stdout().size().1 as usize);
                recap::table::speakers(&mut out, &summary, width)?
            }
            Format::Json => recap::json::speakers(&mut out, &summary)?,
        }
        out.flush()?;
        return Ok(Exit::Success);
    }
    let mut tweets = Vec::new();
    let mut tags: HashMap<String, (String, usize)> = HashMap::new();
    query::for_each_match(&archive, &query::Request::new(&args.query), |mut t| {
        for h in &t.hashtags {
            tags.entry(fold(h)).or_insert_with(|| (h.clone(), 0)).1 += 1;
        }
        t.raw = Vec::new();
        tweets.push(t);
        Ok(())
    })?;
    let mut tags: Vec<(String, usize)> = tags.into_values().collect();
    tags.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    let found = discover(tweets, args.min_authors);
    let text = programme(&found, &tags);
    match &args.out {
        Some(path) => std::fs::write(path, text).with_context(|| path.display().to_string())?,
        None => std::io::stdout().lock().write_all(text.as_bytes())?,
    }
    Ok(Exit::Success)
}

fn quoted(s: &str) -> String {
    toml::Value::String(s.to_string()).to_string()
}

/// A starting programme: the event's fields to fill in, then one speaker per candidate with
/// how often they were quoted.
fn programme(found: &[Candidate], tags: &[(String, usize)]) -> String {
    let mut t = String::new();
    let top: Vec<String> = tags.iter().take(3).map(|(h, _)| quoted(h)).collect();
    let _ = writeln!(
        t,
        "# A starting programme proposed by `chirpdex speakers --discover`:"
    );
    let _ = writeln!(
        t,
        "# check each speaker, merge a name with its handle, fill in the rest."
    );
    let _ = writeln!(t, "slug = \"my-event\"");
    let _ = writeln!(t, "title = \"\"");
    let _ = writeln!(t, "hashtags = [{}]", top.join(", "));
    let _ = writeln!(t, "timezone = \"UTC\"");
    for c in found {
        let _ = writeln!(
            t,
            "\n# quoted by {} authors in {} tweets\n[[speakers]]",
            c.authors, c.tweets
        );
        if let Some(name) = &c.name {
            let _ = writeln!(t, "name = {}", quoted(name));
        }
        if !c.handles.is_empty() {
            let handles: Vec<String> = c.handles.iter().map(|h| quoted(h)).collect();
            let _ = writeln!(t, "handles = [{}]", handles.join(", "));
        }
    }
    t
}
