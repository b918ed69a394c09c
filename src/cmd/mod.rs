//! Subcommands, one file each. Each turns its arguments into the library's options and calls it;
//! no business logic lives here.

mod args;
mod bench;
mod completions;
mod event;
mod export;
mod extract;
mod generate;
mod info;
mod ingest;
mod recap;
mod search;
mod speakers;
mod stats;

use std::path::PathBuf;

use anyhow::Result;
use clap::{Parser, Subcommand};

/// Archive, search and summarise conference tweets.
#[derive(Parser)]
#[command(name = "chirpdex", version, about)]
pub struct Cli {
    /// The index directory.
    #[arg(long, global = true, env = "CHIRPDEX_INDEX", default_value = chirpdex::index::DEFAULT_DIR)]
    index: PathBuf,
    #[command(subcommand)]
    command: Command,
}

// Parsed once per run: the size of the largest variant costs nothing.
#[allow(clippy::large_enum_variant)]
#[derive(Subcommand)]
enum Command {
    Ingest(ingest::Args),
    Search(search::Args),
    Export(export::Args),
    Extract(extract::Args),
    Event(event::Args),
    Speakers(speakers::Args),
    Stats(stats::Args),
    Info(info::Args),
    Recap(recap::Args),
    Completions(completions::CompletionsArgs),
    /// Print the manual page (roff).
    Man,
    #[command(name = "gen")]
    Gen(generate::Args),
    Bench(bench::Args),
}

/// Exit codes, as documented in the README.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Exit {
    /// Everything went as asked (for `search`: something matched).
    Success = 0,
    /// The answer is no: `search` matched nothing, `ingest --strict` rejected records.
    Unsatisfied = 1,
    /// An error: bad arguments, an input or index that cannot be read.
    Error = 2,
}

impl From<Exit> for std::process::ExitCode {
    fn from(e: Exit) -> Self {
        std::process::ExitCode::from(e as u8)
    }
}

pub fn run(cli: Cli) -> Result<Exit> {
    let index = match &cli.command {
        Command::Ingest(_)
        | Command::Search(_)
        | Command::Export(_)
        | Command::Event(_)
        | Command::Speakers(_)
        | Command::Stats(_)
        | Command::Info(_)
        | Command::Recap(_) => cli.index.clone(),
        _ => return dispatch(cli),
    };
    chirpdex::index::disk::unpanicked(&index, || dispatch(cli))
}

fn dispatch(cli: Cli) -> Result<Exit> {
    match cli.command {
        Command::Ingest(args) => ingest::run(&cli.index, args),
        Command::Search(args) => search::run(&cli.index, args),
        Command::Export(args) => export::run(&cli.index, args),
        Command::Extract(args) => extract::run(args),
        Command::Event(args) => event::run(&cli.index, args),
        Command::Speakers(args) => speakers::run(&cli.index, args),
        Command::Stats(args) => stats::run(&cli.index, args),
        Command::Info(args) => info::run(&cli.index, args),
        Command::Recap(args) => recap::run(&cli.index, args),
        Command::Completions(args) => completions::completions(args),
        Command::Man => completions::man(),
        Command::Gen(args) => generate::run(args),
        Command::Bench(args) => bench::run(args),
    }
}

/// A closed pipe (`chirpdex search ... | head`) ends the run quietly.
pub fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|c| {
        c.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
            || c.downcast_ref::<serde_json::Error>()
                .and_then(|j| j.io_error_kind())
                .is_some_and(|k| k == std::io::ErrorKind::BrokenPipe)
    })
}
