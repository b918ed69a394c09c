//! `chirpdex search [QUERY]`

use std::io::{IsTerminal, Write};
use std::path::Path;

use anyhow::{Result, bail};
use chirpdex::index::Archive;
use chirpdex::query::{self, Page, Sort};
use chirpdex::report::{self, HitFormat, Table};
use chrono_tz::Tz;

use super::Exit;
use super::args::Select;

/// Find tweets, best first: the query syntax is tantivy's plus #tag, @handle, from:, speaker:,
/// lang:, is:, since:, until: (see README). Exit status 1 when nothing matches; a table of an
/// index that holds no tweets is an error (2) that says so.
#[derive(clap::Args)]
pub struct Args {
    #[command(flatten)]
    select: Select,
    /// How many results at most.
    #[arg(long, short = 'n', default_value_t = 10)]
    limit: usize,
    /// Skip this many results first (for paging).
    #[arg(long, default_value_t = 0)]
    offset: usize,
    /// The order of results.
    #[arg(long, value_enum, default_value = "relevance")]
    sort: SortArg,
    /// Print only the number of matching tweets.
    #[arg(long)]
    count: bool,
    /// How to print results.
    #[arg(long, value_enum, default_value = "table")]
    format: HitFormatArg,
}

/// `--sort`, as [`Sort`].
#[derive(Clone, Copy, clap::ValueEnum)]
enum SortArg {
    /// Best match first (BM25).
    Relevance,
    /// Newest first.
    Time,
    /// Oldest first.
    Oldest,
    /// Most retweets plus likes first.
    Engagement,
}

impl From<SortArg> for Sort {
    fn from(s: SortArg) -> Sort {
        match s {
            SortArg::Relevance => Sort::Relevance,
            SortArg::Time => Sort::Time,
            SortArg::Oldest => Sort::Oldest,
            SortArg::Engagement => Sort::Engagement,
        }
    }
}

/// `--format`, as [`HitFormat`].
#[derive(Clone, Copy, clap::ValueEnum)]
enum HitFormatArg {
    /// Time, author and text, one line each, shortened to the terminal's width.
    Table,
    /// One JSON array of hits.
    Json,
    /// One JSON object per line.
    Jsonl,
    /// Each hit's original record, one per line (see `original`).
    Original,
}

impl From<HitFormatArg> for HitFormat {
    fn from(f: HitFormatArg) -> HitFormat {
        match f {
            HitFormatArg::Table => HitFormat::Table,
            HitFormatArg::Json => HitFormat::Json,
            HitFormatArg::Jsonl => HitFormat::Jsonl,
            HitFormatArg::Original => HitFormat::Original,
        }
    }
}

pub fn run(index: &Path, args: Args) -> Result<Exit> {
    let archive = Archive::open(index)?;
    // Nothing to search is not the same answer as "nothing matched" (exit 1, as grep). For a
    // person reading a table it is an error that says so; a program (--count, JSON, originals)
    // gets the empty answer it can parse, exit 1, and the same words on stderr.
    if archive.reader()?.searcher().num_docs() == 0 {
        let empty = format!(
            "the index at {} holds no tweets yet: nothing to search (add some with `chirpdex \
             ingest FILE...`)",
            index.display()
        );
        if !args.count && matches!(args.format, HitFormatArg::Table) {
            bail!(empty);
        }
        eprintln!("chirpdex: {empty}");
    }
    let request = args.select.request(&archive)?;
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let found = if args.count {
        let n = query::count(&archive, &request)?;
        writeln!(out, "{n}")?;
        n
    } else {
        let terminal = stdout.is_terminal();
        let color = terminal && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
        let format = HitFormat::from(args.format);
        let snippets = match format {
            HitFormat::Table => color,
            HitFormat::Json | HitFormat::Jsonl => true,
            HitFormat::Original => false,
        };
        let page = Page {
            limit: args.limit,
            offset: args.offset,
            sort: args.sort.into(),
            snippets,
        };
        let hits = query::search(&archive, &request, page)?;
        let table = Table {
            width: terminal.then(|| console::Term::stdout().size().1 as usize),
            tz: request.tz,
            color,
        };
        let shown = report::hits(&mut out, hits, format, &table)?;
        // A person at a terminal is told whether there is more than the page and in which zone
        // the times are (on stderr, so that what is printed stays the hits alone).
        if terminal && format == HitFormat::Table {
            out.flush()?;
            let total = query::count(&archive, &request)?;
            eprintln!("{}", page_line(shown, args.offset, total, request.tz));
        }
        shown
    };
    out.flush()?;
    Ok(if found == 0 {
        Exit::Unsatisfied
    } else {
        Exit::Success
    })
}

/// The line under a page of hits: which of how many were shown, how to see the others and the
/// zone of the times shown, as `10 of 513 (next: --offset 10, --limit) · times in Europe/Rome`.
fn page_line(shown: usize, offset: usize, total: usize, tz: Tz) -> String {
    if total == 0 {
        return "no tweet matches".to_string();
    }
    let end = offset.saturating_add(shown);
    let which = match (shown, offset) {
        (_, 0) => format!("{shown} of {total}"),
        (0, _) => format!("0 of {total} (--offset {offset} is past the last)"),
        _ => format!("{}-{end} of {total}", offset + 1),
    };
    if shown == 0 || end >= total {
        return format!("{which} · times in {tz}");
    }
    format!("{which} (next: --offset {end}, --limit) · times in {tz}")
}

#[cfg(test)]
mod tests {
    use super::page_line;
    use chrono_tz::Tz;

    #[test]
    fn the_page_line_says_which_hits_and_how_to_see_the_rest() {
        assert_eq!(
            page_line(10, 0, 513, Tz::Europe__Rome),
            "10 of 513 (next: --offset 10, --limit) · times in Europe/Rome"
        );
        assert_eq!(
            page_line(10, 10, 513, Tz::Europe__Rome),
            "11-20 of 513 (next: --offset 20, --limit) · times in Europe/Rome"
        );
        assert_eq!(
            page_line(3, 0, 3, Tz::Europe__Rome),
            "3 of 3 · times in Europe/Rome"
        );
        assert_eq!(page_line(0, 0, 0, Tz::Europe__Rome), "no tweet matches");
        assert_eq!(
            page_line(3, 510, 513, Tz::Europe__Rome),
            "511-513 of 513 · times in Europe/Rome"
        );
        assert_eq!(
            page_line(1, 512, 513, Tz::Europe__Rome),
            "513-513 of 513 · times in Europe/Rome"
        );
        assert_eq!(
            page_line(0, 600, 513, Tz::Europe__Rome),
            "0 of 513 (--offset 600 is past the last) · times in Europe/Rome"
        );
    }
}
