//! `chirpdex extract [--event FILE] [TEXT...]`

use std::io::{BufRead, Write};
use std::path::PathBuf;

use anyhow::Result;
use chirpdex::event::Event;
use chirpdex::extract::speakers::Matcher;
use chirpdex::extract::{self, Entities};
use serde::Serialize;

use super::Exit;

/// Show what chirpdex sees in a text: hashtags, mentions, links, cashtags (and speakers with
/// --event). One JSON object per text; texts from the arguments, else one per line of stdin.
#[derive(clap::Args)]
pub struct Args {
    /// Texts to read; without any, each line of standard input is one.
    texts: Vec<String>,
    /// An event programme (TOML): also say which of its speakers each text is about.
    #[arg(long, value_name = "FILE")]
    event: Option<PathBuf>,
}

#[derive(Serialize)]
struct Line<'a> {
    text: &'a str,
    #[serde(flatten)]
    entities: Entities,
    #[serde(skip_serializing_if = "Option::is_none")]
    speakers: Option<Vec<chirpdex::model::Attribution>>,
}

pub fn run(args: Args) -> Result<Exit> {
    let matcher = args
        .event
        .as_deref()
        .map(Event::load)
        .transpose()?
        .map(|e| Matcher::new(&e));
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    let mut one = |text: &str| -> Result<()> {
        let entities = extract::entities(text);
        // Texts given here have no time: only what they say counts, not when.
        let speakers = matcher
            .as_ref()
            .map(|m| m.attribute(&chirpdex::extract::tweet(text)));
        serde_json::to_writer(
            &mut out,
            &Line {
                text,
                entities,
                speakers,
            },
        )?;
        out.write_all(b"\n")?;
        Ok(())
    };
    if args.texts.is_empty() {
        for line in std::io::stdin().lock().lines() {
            one(&line?)?;
        }
    } else {
        for text in &args.texts {
            one(text)?;
        }
    }
    out.flush()?;
    Ok(Exit::Success)
}
