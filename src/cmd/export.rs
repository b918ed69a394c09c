//! `chirpdex export [QUERY] [--format jsonl|csv|xlsx|gexf|quickwit] [--out PATH]`

use std::fs::File;
use std::io::{BufWriter, IsTerminal, Write};
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use chirpdex::index::Archive;
use chirpdex::report::{self, csv, gexf, quickwit, xlsx};
use chirpdex::{model::Tweet, query};

use super::Exit;
use super::args::Select;

/// Write every matching tweet out, oldest first: as originals (jsonl: what export writes, ingest
/// reads), as a spreadsheet (csv as twarc-csv writes it, or xlsx), as the network of accounts
/// (gexf), or for Quickwit.
#[derive(clap::Args)]
pub struct Args {
    /// Which tweets: the search syntax and flags; all of them by default.
    #[command(flatten)]
    select: Select,
    /// What to write [default: from --out's extension (.jsonl, .ndjson, .csv, .xlsx, .gexf),
    /// else jsonl].
    #[arg(long, value_enum)]
    format: Option<ExportFormat>,
    /// Write here instead of stdout (for quickwit: the directory to write both files in).
    #[arg(long, value_name = "PATH")]
    out: Option<PathBuf>,
    /// csv: put a ' before cells a spreadsheet would run as formulas (=, +, -, @...), for
    /// opening in Excel or LibreOffice; programs would keep the '.
    #[arg(long)]
    excel_safe: bool,
    /// csv: write cells exactly, as by default (kept for scripts that pass it).
    #[arg(long, hide = true, conflicts_with = "excel_safe")]
    raw_csv: bool,
    /// quickwit: the index id in the configuration [default: chirpdex].
    #[arg(long, value_name = "ID")]
    index_id: Option<String>,
}

#[derive(Clone, Copy, PartialEq, Eq, Debug, clap::ValueEnum)]
enum ExportFormat {
    /// One original per line: the JSON object read, or chirpdex's normalised record.
    Jsonl,
    /// One row per tweet, as twarc-csv writes it.
    Csv,
    /// An Excel workbook: the CSV's columns, typed cells, and a sheet about the export.
    Xlsx,
    /// The network of mentions, retweets and replies among accounts (GEXF 1.3, for Gephi).
    Gexf,
    /// DIR/index-config.yaml and DIR/tweets.ndjson, one document per distinct tweet.
    Quickwit,
}

impl ExportFormat {
    fn name(self) -> &'static str {
        match self {
            ExportFormat::Jsonl => "jsonl",
            ExportFormat::Csv => "csv",
            ExportFormat::Xlsx => "xlsx",
            ExportFormat::Gexf => "gexf",
            ExportFormat::Quickwit => "quickwit",
        }
    }
}

/// The format an `--out` file's extension names, if any (case aside).
fn named_by(path: &Path) -> Result<Option<ExportFormat>> {
    let ext = path.extension().and_then(|e| e.to_str());
    Ok(match ext.map(str::to_ascii_lowercase).as_deref() {
        Some("jsonl" | "ndjson") => Some(ExportFormat::Jsonl),
        Some("csv") => Some(ExportFormat::Csv),
        Some("xlsx") => Some(ExportFormat::Xlsx),
        Some("gexf") => Some(ExportFormat::Gexf),
        Some("gz") => bail!(
            "--out {}: export does not compress; pipe it instead: chirpdex export ... | gzip > {}",
            path.display(),
            path.display()
        ),
        _ => None,
    })
}

/// `--format`, else the one `--out`'s extension names, else jsonl; an extension that names
/// another format than `--format` is a mistake worth stopping for.
fn format(given: Option<ExportFormat>, out: Option<&Path>) -> Result<ExportFormat> {
    let named = out.map(named_by).transpose()?.flatten();
    match (given, named) {
        (Some(given), Some(named)) if given != named => bail!(
            "--out {} names a {} file, but --format is {}: drop --format, or change the extension",
            out.map(Path::display).expect("named by --out"),
            named.name(),
            given.name()
        ),
        (Some(f), _) | (None, Some(f)) => Ok(f),
        (None, None) => Ok(ExportFormat::Jsonl),
    }
}

pub fn run(index: &Path, args: Args) -> Result<Exit> {
    let format = format(args.format, args.out.as_deref())?;
    if (args.raw_csv || args.excel_safe) && format != ExportFormat::Csv {
        let flag = if args.raw_csv {
            "--raw-csv"
        } else {
            "--excel-safe"
        };
        let xlsx = if format == ExportFormat::Xlsx {
            " (xlsx cells are typed: a text is never run as a formula)"
        } else {
            ""
        };
        bail!("{flag} goes with --format csv{xlsx}");
    }
    if args.index_id.is_some() && format != ExportFormat::Quickwit {
        bail!("--index-id goes with --format quickwit");
    }
    if format == ExportFormat::Xlsx && args.out.is_none() && std::io::stdout().is_terminal() {
        bail!("an xlsx workbook is not for a terminal: name the file with --out FILE.xlsx");
    }
    let archive = Archive::open(index)?;
    // A query that cannot be read leaves no half-written files behind.
    let request = args.select.request(&archive)?;
    request.to_query(&archive)?;
    let each = |f: &mut dyn FnMut(&Tweet) -> Result<()>| {
        query::for_each_match(&archive, &request, |tweet| f(&tweet))
    };
    match format {
        ExportFormat::Jsonl => {
            let mut out = output(args.out.as_deref())?;
            each(&mut |t| Ok(report::original(&mut out, t)?))?;
            out.flush()?;
        }
        ExportFormat::Csv => {
            let options = csv::Options {
                excel_safe: args.excel_safe,
            };
            let mut out = csv::Writer::new(output(args.out.as_deref())?, options)?;
            each(&mut |t| Ok(out.tweet(t)?))?;
            out.finish()?.flush()?;
        }
        ExportFormat::Xlsx => {
            let mut book = xlsx::Writer::new(request.tz)?;
            each(&mut |t| book.tweet(t))?;
            let what = described(&args.select, index);
            let made = chrono::Utc::now();
            match &args.out {
                Some(path) => {
                    let file = File::create(path)
                        .with_context(|| format!("cannot create {}", path.display()))?;
                    book.finish(BufWriter::new(file), &what, made)
                        .with_context(|| format!("cannot write {}", path.display()))?;
                }
                None => book.finish(std::io::stdout(), &what, made)?,
            }
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
            each(&mut |t| Ok(docs.tweet(t).map(drop)?))?;
            docs.finish()?.flush()?;
        }
    }
    Ok(Exit::Success)
}

/// What was asked, for the xlsx `About` sheet: the query, each filter given, the index.
fn described(select: &Select, index: &Path) -> Vec<(String, String)> {
    let mut what = vec![("query".to_string(), select.query.clone())];
    let mut flag = |name: &str, values: Vec<String>| {
        if !values.is_empty() {
            what.push((format!("--{name}"), values.join(", ")));
        }
    };
    flag("hashtag", select.hashtags.clone());
    flag("mention", select.mentions.clone());
    flag("author", select.authors.clone());
    flag("speaker", select.speakers.clone());
    flag("lang", select.langs.clone());
    flag(
        "type",
        select.kinds.iter().map(|k| k.as_str().into()).collect(),
    );
    flag("since", select.since.iter().cloned().collect());
    flag("until", select.until.iter().cloned().collect());
    flag("event", select.event.iter().cloned().collect());
    if select.no_retweets {
        flag("no-retweets", vec!["yes".into()]);
    }
    what.push(("index".to_string(), index.display().to_string()));
    what
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_format_follows_the_extension_unless_given() {
        let f = |given, out: &str| format(given, Some(Path::new(out))).map_err(|e| e.to_string());
        assert_eq!(f(None, "x.csv").unwrap(), ExportFormat::Csv);
        assert_eq!(f(None, "dir/x.CSV").unwrap(), ExportFormat::Csv);
        assert_eq!(f(None, "x.ndjson").unwrap(), ExportFormat::Jsonl);
        assert_eq!(f(None, "x.jsonl").unwrap(), ExportFormat::Jsonl);
        assert_eq!(f(None, "x.xlsx").unwrap(), ExportFormat::Xlsx);
        assert_eq!(f(None, "x.gexf").unwrap(), ExportFormat::Gexf);
        assert_eq!(f(None, "x.json").unwrap(), ExportFormat::Jsonl);
        assert_eq!(f(None, "qw").unwrap(), ExportFormat::Jsonl);
        let q = Some(ExportFormat::Quickwit);
        assert_eq!(f(q, "qw").unwrap(), ExportFormat::Quickwit);
        assert_eq!(
            f(Some(ExportFormat::Csv), "x.txt").unwrap(),
            ExportFormat::Csv
        );
        let e = f(Some(ExportFormat::Jsonl), "x.csv").unwrap_err();
        assert!(e.contains("names a csv file, but --format is jsonl"), "{e}");
        assert!(
            f(None, "x.jsonl.gz")
                .unwrap_err()
                .contains("does not compress")
        );
        assert_eq!(format(None, None).unwrap(), ExportFormat::Jsonl);
    }
}
