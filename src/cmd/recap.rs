//! `chirpdex recap SPEAKER [--format html|md|json] [--out FILE]`,
//! `chirpdex recap --overview [--out FILE]` and `chirpdex recap --all --out DIR`

use std::fs::File;
use std::io::{BufWriter, IsTerminal, Write};
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use chirpdex::event::Event;
use chirpdex::index::Archive;
use chirpdex::recap::overview::Overview;
use chirpdex::recap::{self, EventRecap};

use super::Exit;

/// A speaker's recap to publish: who, talk and slot, the numbers of `speakers`, a chart of
/// tweets per minute with the slot shaded, the most retweeted and most liked quotes, then every
/// tweet in time order (retweets folded into their original), characteristic terms, hashtags.
/// HTML is one self-contained page; Markdown pastes into a blog post. With --overview, the event
/// page: the day's numbers and chart, a row per speaker, leaderboards, what the programme missed.
/// With --all, one page per speaker and the event page (index) in a directory.
#[derive(clap::Args)]
pub struct Args {
    /// The speaker: the programme's name, an alias or a handle (case and accents do not matter).
    #[arg(required_unless_present_any = ["all", "overview"], conflicts_with_all = ["all", "overview"])]
    speaker: Option<String>,
    /// The event page instead of a speaker's: headline numbers, the day's chart with the
    /// programme's slots, a row per speaker, leaderboards, the tweets no speaker was attributed.
    #[arg(long, conflicts_with = "all")]
    overview: bool,
    /// Every speaker: DIR/index.html and DIR/SPEAKER.html (and .md or .json with --format).
    #[arg(long, requires = "out")]
    all: bool,
    /// The event (its slug) [default: the index's only event].
    #[arg(long, value_name = "SLUG")]
    event: Option<String>,
    /// Leave out the tweets whose speaker was inferred (posted during the slot, or their own
    /// post, naming nobody): only the tweets that name them.
    #[arg(long)]
    named_only: bool,
    /// What to write [default: from --out's extension (.md, .json), else html]. With --all,
    /// HTML pages are always written; md or json adds those files beside them.
    #[arg(long, value_enum)]
    format: Option<Format>,
    /// The file to write (the directory with --all) instead of stdout; `-` is stdout. An HTML
    /// page is not written to a terminal: name a file.
    #[arg(long, value_name = "PATH")]
    out: Option<PathBuf>,
}

#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum Format {
    /// One self-contained HTML page.
    Html,
    /// Markdown.
    Md,
    /// JSON: the speaker's row of `speakers --format json`, tweets per minute and every quote;
    /// with --overview (and --all's index.json), the event page's numbers.
    Json,
}

pub fn run(index: &Path, args: Args) -> Result<Exit> {
    let archive = Archive::open(index)?;
    let event = event(&archive, args.event.as_deref())?;
    if args.all {
        let Some(dir) = &args.out else {
            bail!("--all needs --out DIR");
        };
        let tweets = recap::read(&archive, &event, args.named_only)?;
        let summary = recap::summarise(&event, tweets.clone());
        let overview = recap::overview::build(&archive, &summary, &tweets)?;
        return all(
            &summary,
            &overview,
            dir,
            args.format.unwrap_or(Format::Html),
        );
    }
    // `--out -` is standard output, whatever it is.
    let out_path = args.out.as_deref().filter(|p| p.as_os_str() != "-");
    let format = args.format.unwrap_or_else(|| {
        match out_path
            .and_then(|p| p.extension())
            .and_then(|e| e.to_str())
        {
            Some("md" | "markdown") => Format::Md,
            Some("json") => Format::Json,
            _ => Format::Html,
        }
    });
    // A page's HTML is for a browser: on a terminal it would be a screenful of markup. As gzip
    // and curl refuse to write binary there, this says where to put it instead.
    let for_terminal = |name: &str| -> Result<()> {
        if format == Format::Html && args.out.is_none() && std::io::stdout().is_terminal() {
            bail!(
                "a recap is an HTML page, not printed on a terminal: write it to a file with \
                 --out {name}.html (or > FILE), print it anyway with --out -, or read it here \
                 with --format md"
            );
        }
        Ok(())
    };
    if args.overview {
        for_terminal(recap::INDEX_PAGE)?;
        let tweets = recap::read(&archive, &event, args.named_only)?;
        let summary = recap::summarise(&event, tweets.clone());
        let overview = recap::overview::build(&archive, &summary, &tweets)?;
        let mut out = output(out_path)?;
        write_overview(&mut out, &summary, &overview, format, None)?;
        out.flush()?;
        return Ok(Exit::Success);
    }
    let Some(who) = &args.speaker else {
        bail!("name a speaker, or pass --overview or --all");
    };
    let summary = recap::build(&archive, &event, args.named_only)?;
    let speaker = summary.find(who)?;
    for_terminal(&speaker.slug)?;
    let mut out = output(out_path)?;
    write(&mut out, &summary, speaker, format, None)?;
    out.flush()?;
    Ok(Exit::Success)
}

/// The event page in a format; speakers' pages linked as `SLUG.EXT` when `ext` is given.
fn write_overview(
    out: &mut impl Write,
    summary: &EventRecap,
    overview: &Overview,
    format: Format,
    ext: Option<&str>,
) -> Result<()> {
    match format {
        Format::Html => recap::html::index(out, summary, overview, ext)?,
        Format::Md => recap::markdown::index(out, summary, overview, ext)?,
        Format::Json => recap::json::overview(out, summary, overview, ext)?,
    }
    Ok(())
}

fn write(
    out: &mut impl Write,
    summary: &EventRecap,
    speaker: &recap::SpeakerRecap,
    format: Format,
    index: Option<&str>,
) -> Result<()> {
    match format {
        Format::Html => recap::html::page(out, summary, speaker, index)?,
        Format::Md => recap::markdown::page(out, summary, speaker)?,
        Format::Json => recap::json::recap(out, summary, speaker)?,
    }
    Ok(())
}

/// `--all`: the HTML pages and their index, and the other format's files beside them.
fn all(summary: &EventRecap, event_page: &Overview, dir: &Path, format: Format) -> Result<Exit> {
    std::fs::create_dir_all(dir)
        .with_context(|| format!("cannot create the directory {}", dir.display()))?;
    let mut formats = vec![Format::Html];
    if format != Format::Html {
        formats.push(format);
    }
    let overview = format!("{}.html", recap::INDEX_PAGE);
    for f in formats {
        let ext = match f {
            Format::Html => "html",
            Format::Md => "md",
            Format::Json => "json",
        };
        for s in &summary.speakers {
            let path = dir.join(format!("{}.{ext}", s.slug));
            let mut out = create(&path)?;
            write(&mut out, summary, s, f, Some(&overview))
                .with_context(|| path.display().to_string())?;
            out.flush()
                .with_context(|| format!("cannot write {}", path.display()))?;
        }
        let path = dir.join(format!("{}.{ext}", recap::INDEX_PAGE));
        let mut out = create(&path)?;
        write_overview(&mut out, summary, event_page, f, Some(ext))
            .with_context(|| path.display().to_string())?;
        out.flush()
            .with_context(|| format!("cannot write {}", path.display()))?;
    }
    eprintln!(
        "{} speakers' recaps and the event page ({}.html) written to {}",
        summary.speakers.len(),
        recap::INDEX_PAGE,
        dir.display()
    );
    Ok(Exit::Success)
}

fn create(path: &Path) -> Result<BufWriter<File>> {
    Ok(BufWriter::new(File::create(path).with_context(|| {
        format!("cannot create {}", path.display())
    })?))
}

/// Where a command writes: the file, else stdout.
pub fn output(path: Option<&Path>) -> Result<Box<dyn Write>> {
    Ok(match path {
        Some(p) => Box::new(create(p)?),
        None => Box::new(BufWriter::new(std::io::stdout().lock())),
    })
}

/// The event to sum up: the one named, else the index's only one; an error naming the known
/// slugs otherwise.
pub fn event(archive: &Archive, slug: Option<&str>) -> Result<Event> {
    if let Some(e) = archive.event(slug)? {
        return Ok(e);
    }
    let known: Vec<String> = archive.events()?.into_iter().map(|e| e.slug).collect();
    if known.is_empty() {
        bail!(
            "the index holds no event: ingest with --event FILE, or run `chirpdex event apply FILE`"
        );
    }
    bail!(
        "the index holds several events: name one with --event (known: {})",
        known.join(", ")
    )
}
