//! `chirpdex event apply FILE [QUERY]`

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::Result;
use chirpdex::event::Event;
use chirpdex::index::Archive;
use chirpdex::ingest::apply::{self, Applied, ApplyOptions};

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
    ///
    /// The tweets attached are those that belong to the event, by the rule of `ingest --event`:
    /// on one of the programme's days (from `starts` to `ends`, in its zone) and, when it
    /// declares hashtags, with one of them. A tweet another event has is left to it unless
    /// `--move` is given; the event's own tweets that the rule no longer takes are detached.
    Apply {
        /// The programme (TOML).
        file: PathBuf,
        /// Narrows the tweets further (the search syntax, dates in the event's zone).
        #[arg(default_value = "*")]
        query: String,
        /// Also take the tweets that belong from the other events they are attached to.
        #[arg(long = "move")]
        move_other: bool,
        /// How to print what was done: `table` on stderr for people, `json` on stdout.
        #[arg(long, value_enum, default_value = "table")]
        format: Format,
    },
}

#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum Format {
    Table,
    Json,
}

pub fn run(index: &Path, args: Args) -> Result<Exit> {
    match args.command {
        Command::Apply {
            file,
            query,
            move_other,
            format,
        } => {
            let event = Event::load(&file)?;
            // The lock first: a writer turned away changes nothing.
            let archive = Archive::open_to_write(index)?;
            archive.save_programme(&event, &file)?;
            let opts = ApplyOptions { query, move_other };
            let applied = apply::apply(&archive, &event, &opts)?;
            match format {
                Format::Table => table(&mut std::io::stderr().lock(), &applied)?,
                Format::Json => {
                    let mut out = std::io::stdout().lock();
                    serde_json::to_writer(&mut out, &applied)?;
                    writeln!(out)?;
                }
            }
            Ok(Exit::Success)
        }
    }
}

/// What `event apply` did, for people: one count a line, the count first.
fn table(w: &mut impl Write, a: &Applied) -> std::io::Result<()> {
    let slug = &a.slug;
    writeln!(w, "{slug} holds tweets {}; {} matched:", a.rule, a.matched)?;
    let others = a
        .left_with
        .iter()
        .map(|(slug, n)| format!("{slug}: {n}"))
        .collect::<Vec<_>>()
        .join(", ");
    let rows = [
        (a.attached, "attached (new)".to_string()),
        (a.reattributed, format!("re-attributed (already {slug}'s)")),
        (a.moved, "moved from other events".to_string()),
        (
            a.left,
            if a.left > 0 {
                format!("left with other events ({others}); --move takes them")
            } else {
                "left with other events".to_string()
            },
        ),
        (a.detached, format!("detached ({slug}'s, outside the rule)")),
        (a.outside, "outside the rule, untouched".to_string()),
        (a.attributed, "attributed to speakers".to_string()),
    ];
    let width = rows
        .iter()
        .map(|(n, _)| n.to_string().len())
        .max()
        .unwrap_or(1);
    for (n, what) in rows {
        writeln!(w, "  {n:>width$}  {what}")?;
    }
    Ok(())
}
