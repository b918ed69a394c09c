//! `chirpdex ingest PATH...`

use std::io::{self, IsTerminal};
use std::path::{Path, PathBuf};

use anyhow::{Result, bail};
use chirpdex::event::Event;
use chirpdex::formats::{Input, input};
use chirpdex::index::Archive;
use chirpdex::index::writer::WriterOptions;
use chirpdex::ingest::{self, IngestOptions};
use chirpdex::model::Format;
use chirpdex::report;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use super::Exit;

/// Read tweet dumps into the index (files, directories, `-` for stdin; `.gz` read as is).
#[derive(clap::Args)]
pub struct Args {
    /// Files or directories to read; `-` reads standard input.
    #[arg(required = true)]
    paths: Vec<PathBuf>,
    /// How to print the summary: `table` on stderr for people, `json` on stdout for programs.
    #[arg(long, value_enum, default_value = "table")]
    format: SummaryFormat,
    /// No progress bar and no summary (errors are still printed).
    #[arg(long, short)]
    quiet: bool,
    /// Where rejected records are kept [default: INDEX/rejects.jsonl].
    #[arg(long)]
    rejects: Option<PathBuf>,
    /// The inputs' format; `auto` recognises each input's from its content.
    #[arg(long, default_value = "auto", value_parser = from_parser())]
    from: Recognise,
    /// Exit with status 1 when any record is rejected (the good ones still go in).
    #[arg(long)]
    strict: bool,
    /// The indexer's memory budget in MB: less keeps memory down, at the cost of more merging.
    #[arg(long, value_name = "MB", default_value_t = 256,
          value_parser = clap::value_parser!(u16).range(16..=4096))]
    memory: u16,
    /// Commit after this many new tweets: an interrupted ingest loses at most that many, and
    /// running it again puts them back.
    #[arg(long, value_name = "TWEETS", default_value_t = 100_000)]
    commit_every: u64,
    /// An event programme (TOML): attach the new tweets that belong to the event (on its days,
    /// with one of its hashtags) and attribute its speakers; the summary says how many it left.
    #[arg(long, value_name = "FILE")]
    event: Option<PathBuf>,
}

/// `--from`: `None` for `auto`. An alias, so that clap takes the parser's `Option` as the
/// value rather than as "the flag may be absent".
type Recognise = Option<Format>;

/// `auto` or one of the formats a user can name.
fn from_parser() -> impl clap::builder::TypedValueParser<Value = Recognise> {
    use clap::builder::TypedValueParser;
    let names = Format::ALL
        .into_iter()
        .filter(|f| *f != Format::Normalised)
        .map(Format::name);
    clap::builder::PossibleValuesParser::new(std::iter::once("auto").chain(names))
        .map(|name: String| Format::from_name(&name))
}

#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum SummaryFormat {
    Table,
    Json,
}

pub fn run(index: &Path, args: Args) -> Result<Exit> {
    let rejects = args.rejects.unwrap_or_else(|| index.join("rejects.jsonl"));
    let (inputs, errors) = input::expand(&args.paths, &[index, &rejects]);
    for e in &errors {
        eprintln!("chirpdex: {e:#}");
    }
    // Nothing to read: no index is created (a mistyped path leaves no empty index behind).
    if inputs.is_empty() && !errors.is_empty() {
        bail!("nothing to ingest: no input could be read");
    }
    let event = args.event.as_deref().map(Event::load).transpose()?;
    // The write lock comes first: a writer turned away has written nothing.
    let archive = Archive::open_or_create(index)?;
    if let (Some(event), Some(path)) = (&event, &args.event) {
        archive.save_programme(event, path)?;
    }
    let bar = Bar::new(!args.quiet && std::io::stderr().is_terminal(), &inputs);
    let opts = IngestOptions {
        rejects,
        from: args.from,
        event,
        writer: WriterOptions {
            memory: usize::from(args.memory) << 20,
            commit_every: args.commit_every,
            ..WriterOptions::default()
        },
    };
    let mut summary = ingest::run(&archive, &inputs, &opts, &mut io::stderr(), &bar)?;
    bar.0.finish_and_clear();
    summary.errors += errors.len() as u64;
    match args.format {
        SummaryFormat::Json => report::summary_json(&mut std::io::stdout().lock(), &summary)?,
        SummaryFormat::Table if !args.quiet => {
            report::summary(&mut std::io::stderr().lock(), &summary)?
        }
        SummaryFormat::Table => {}
    }
    Ok(if summary.errors > 0 || summary.rejects_not_kept > 0 {
        Exit::Error
    } else if args.strict && summary.rejected > 0 {
        Exit::Unsatisfied
    } else {
        Exit::Success
    })
}

/// The progress bar on stderr: bytes read of the inputs' total, tweets indexed so far.
struct Bar(ProgressBar);

impl Bar {
    /// A bar drawn only when `show`.
    fn new(show: bool, inputs: &[Input]) -> Bar {
        if !show {
            return Bar(ProgressBar::hidden());
        }
        let total: u64 = inputs.iter().filter_map(Input::size).sum();
        let bar = ProgressBar::with_draw_target(Some(total), ProgressDrawTarget::stderr());
        bar.set_style(
            ProgressStyle::with_template(
                "{spinner} [{elapsed_precise}] {wide_bar} {bytes}/{total_bytes} ({bytes_per_sec}) {msg}",
            )
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
        );
        Bar(bar)
    }
}

impl ingest::Progress for Bar {
    fn advance(&self, bytes: u64, indexed: u64) {
        self.0.set_position(bytes);
        self.0.set_message(format!("{indexed} tweets"));
    }

    fn committing(&self) {
        self.0.set_message("committing");
    }

    fn above(&self, print: &mut dyn FnMut() -> io::Result<()>) -> io::Result<()> {
        self.0.suspend(print)
    }
}
