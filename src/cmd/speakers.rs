//! `chirpdex speakers --discover`

use std::collections::HashMap;
use std::fmt::Write as _;
use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use chirpdex::extract::fold;
use chirpdex::extract::speakers::{Candidate, discover};
use chirpdex::index::Archive;
use chirpdex::query;

use super::Exit;

/// Speakers of an event. With --discover, propose them from how people live-tweet, as a
/// starting programme (TOML) to edit.
#[derive(clap::Args)]
pub struct Args {
    /// Propose the likely speakers: the handles and names that many distinct authors quote
    /// (`@handle: ...`, `Name: ...`, `Name says ...`).
    #[arg(long, required = true)]
    discover: bool,
    /// Which tweets to read (the search syntax); all of them by default.
    #[arg(long, default_value = "*")]
    query: String,
    /// Propose only those quoted by at least this many distinct authors.
    #[arg(long, default_value_t = 2)]
    min_authors: usize,
    /// Write the programme here instead of stdout.
    #[arg(long)]
    out: Option<PathBuf>,
}

pub fn run(index: &Path, args: Args) -> Result<Exit> {
    let archive = Archive::open(index)?;
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
