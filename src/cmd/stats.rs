//! `chirpdex stats [QUERY]`

use std::io::{IsTerminal, Write};
use std::path::Path;

use anyhow::Result;
use chirpdex::index::Archive;
use chirpdex::report::stats as report;
use chirpdex::stats::{self, Interval, StatsOptions};

use super::Exit;
use super::args::{Select, StatsFormatArg};

/// Count what the matching tweets hold: the total and its types (original, retweet, reply,
/// quote), the contributors, the most frequent hashtags, mentions, authors, speakers, links and
/// domains, the most retweeted and most liked tweets, and the volume over time (tweets that know
/// only their day are counted apart). Keys are shown folded (lowercase, no accents), as the
/// index counts them.
#[derive(clap::Args)]
pub struct Args {
    /// Which tweets: the search syntax and flags (a query of one #tag also lists the hashtags
    /// that come with it).
    #[command(flatten)]
    select: Select,
    /// How many of each to list (the most retweeted and most liked tweets too).
    #[arg(long, default_value_t = stats::DEFAULT_TOP,
          value_parser = clap::value_parser!(u32).range(1..=i64::from(stats::MAX_TOP)))]
    top: u32,
    /// The timeline's bucket width: a whole number of s, m, h or d (1m, 5m, 1h, 1d) [default:
    /// chosen from the tweets' time span, for about 100 buckets at most].
    #[arg(long, value_name = "WIDTH")]
    interval: Option<Interval>,
    /// Also list the hashtags that tweets having this one carry beside it.
    #[arg(long, value_name = "TAG")]
    with_hashtag: Option<String>,
    /// Count as a speaker's only the tweets that name them, leaving out those inferred (posted
    /// during the slot, or their own post, naming nobody).
    #[arg(long)]
    named_only: bool,
    /// How to print.
    #[arg(long, value_enum, default_value = "table")]
    format: StatsFormatArg,
}

pub fn run(index: &Path, args: Args) -> Result<Exit> {
    let archive = Archive::open(index)?;
    let options = StatsOptions {
        top: args.top,
        interval: args.interval,
        with_hashtag: args.with_hashtag,
        named_only: args.named_only,
    };
    let request = args.select.request(&archive)?;
    let found = stats::stats(&archive, &request, &options)?;
    let stdout = std::io::stdout();
    let width = stdout
        .is_terminal()
        .then(|| console::Term::stdout().size().1 as usize);
    let mut out = std::io::BufWriter::new(stdout.lock());
    report::stats(&mut out, &found, args.format.into(), width, request.tz)?;
    out.flush()?;
    Ok(Exit::Success)
}
