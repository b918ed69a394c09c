//! `chirpdex export [QUERY] --format jsonl|csv|gexf|quickwit [--out PATH]`

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use chirpdex::index::Archive;
use chirpdex::report::{self, csv, gexf, quickwit};
use chirpdex::{model::Tweet, query};

use super::Exit;
use super::args::Select;

/// Write every matching tweet out, oldest first: as originals (jsonl: what export writes, ingest
/// reads), as a spreadsheet (csv), as the network of accounts (gexf), or for Quickwit.
#[derive(clap::Args)]
pub struct Args {
    /// Which tweets: the search syntax and flags; all of them by default.
    #[command(flatten)]
    select: Select,
    /// What to write.
    #[arg(long, value_enum, default_value = "jsonl")]
    format: ExportFormat,
    /// Write here instead of stdout (for quickwit: the directory to write both files in).
    #[arg(long, value_name = "PATH")]
    out: Option<PathBuf>,
    /// csv: write cells exactly, without defusing those a spreadsheet would run as formulas.
    #[arg(long)]
    raw_csv: bool,
    /// quickwit: the index id in the configuration [default: chirpdex].
    #[arg(long, value_name = "ID")]
    index_id: Option<String>,
}

#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum ExportFormat {
    /// One original per line: the JSON object read, or chirpdex's normalised record.
    Jsonl,
    /// One row per tweet, with twarc-csv's column names.
    Csv,
    /// The network of mentions, retweets and replies among accounts (GEXF 1.3, for Gephi).
    Gexf,
    /// DIR/index-config.yaml and DIR/tweets.ndjson, one document per distinct tweet.
    Quickwit,
}

pub fn run(index: &Path, args: Args) -> Result<Exit> {
    if args.raw_csv && args.format != ExportFormat::Csv {
        bail!("--raw-csv goes with --format csv");
    }
    if args.index_id.is_some() && args.format != ExportFormat::Quickwit {
        bail!("--index-id goes with --format quickwit");
    }
    let archive = Archive::open(index)?;
    // A query that cannot be read leaves no half-written files behind.
    let request = args.select.request(&archive)?;
    request.to_query(&archive)?;
    let each = |f: &mut dyn FnMut(&Tweet) -> std::io::Result<()>| {
        query::for_each_match(&archive, &request, |tweet| f(&tweet).map_err(Into::into))
    };
    match args.format {
        ExportFormat::Jsonl => {
            let mut out = output(args.out.as_deref())?;
            each(&mut |t| report::original(&mut out, t))?;
            out.flush()?;
        }
        ExportFormat::Csv => {
            let options = csv::Options { raw: args.raw_csv };
            let mut out = csv::Writer::new(output(args.out.as_deref())?, options)?;
            each(&mut |t| out.tweet(t))?;
            out.finish()?.flush()?;
        }
        ExportFormat::Gexf => {
            let mut network = gexf::Network::new();
            each(&mut |t| {
                network.add(t);
                Ok(())
            })?;
            let mut out = output(args.out.as_deref())?;
            network.write(&mut out)?;
            out.flush()?;
        }
        ExportFormat::Quickwit => {
            let Some(dir) = &args.out else {
                bail!(
                    "--format quickwit writes two files (index-config.yaml and tweets.ndjson): \
                     name the directory for them with --out DIR"
                );
            };
            let id = args
                .index_id
                .as_deref()
                .unwrap_or(quickwit::DEFAULT_INDEX_ID);
            let config = quickwit::index_config(id).map_err(anyhow::Error::msg)?;
            std::fs::create_dir_all(dir)
                .with_context(|| format!("cannot create the directory {}", dir.display()))?;
            let config_path = dir.join("index-config.yaml");
            std::fs::write(&config_path, config)
                .with_context(|| format!("cannot write {}", config_path.display()))?;
            let mut docs = quickwit::Documents::new(output(Some(&dir.join("tweets.ndjson")))?);
            each(&mut |t| docs.tweet(t).map(drop))?;
            docs.finish()?.flush()?;
        }
    }
    Ok(Exit::Success)
}

/// The file named by `--out`, else stdout; buffered.
fn output(path: Option<&Path>) -> Result<Box<dyn Write>> {
    Ok(match path {
        Some(path) => Box::new(BufWriter::new(
            File::create(path).with_context(|| format!("cannot create {}", path.display()))?,
        )),
        None => Box::new(BufWriter::new(std::io::stdout().lock())),
    })
}
