//! `chirpdex event apply FILE [QUERY]`

use std::path::{Path, PathBuf};

use anyhow::Result;
use chirpdex::event::Event;
use chirpdex::extract::speakers::Matcher;
use chirpdex::index::writer::WriterOptions;
use chirpdex::index::{Archive, Writer};
use chirpdex::query;

use super::Exit;

/// Work with event programmes.
#[derive(clap::Args)]
pub struct Args {
    #[command(subcommand)]
    command: Command,
}

#[derive(clap::Subcommand)]
enum Command {
    /// Attach indexed tweets to an event and attribute its speakers, without the dumps.
    Apply {
        /// The programme (TOML).
        file: PathBuf,
        /// Which tweets (the search syntax); all of them by default.
        #[arg(default_value = "*")]
        query: String,
    },
}

pub fn run(index: &Path, args: Args) -> Result<Exit> {
    match args.command {
        Command::Apply { file, query } => {
            let event = Event::load(&file)?;
            // The lock first: a writer turned away changes nothing.
            let archive = Archive::open_to_write(index)?;
            archive.save_programme(&event, &file)?;
            let matcher = Matcher::new(&event);
            let mut writer = Writer::new(&archive, WriterOptions::default())?;
            let mut attributed = 0;
            // The search reads the last commit while the writer replaces documents.
            query::for_each_match(&archive, &query::Request::new(&query), |mut tweet| {
                tweet.event = Some(event.slug.clone());
                tweet.attributions = matcher.attribute(&tweet);
                attributed += usize::from(!tweet.attributions.is_empty());
                writer.replace(&tweet)
            })?;
            writer.finish()?;
            eprintln!(
                "{attributed} tweets attributed to speakers of {}",
                event.slug
            );
            Ok(Exit::Success)
        }
    }
}
