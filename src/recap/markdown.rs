//! Recaps as Markdown, to paste into a blog post: the same sections as the HTML page, the chart
//! as a table of tweets per hour with bars of block characters.
//!
//! Everything that comes from a tweet or a programme goes through [`escape`], so that a tweet
//! holding `[x](javascript:...)`, `![img](http://...)` or `<script>` is shown as those characters,
//! never as a link, an image or HTML.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io::{self, Write};

use chrono::{DateTime, Duration, Utc};

use super::overview::{Entry, Overview, bucket_words, event_time, percent, speaker_name};
use super::{
    Clock, EventRecap, NOT_IN_SOURCES, Quote, Ranked, SpeakerRecap, count_text, floor, local,
    safe_link,
};
use crate::model::Tweet;

/// Text as Markdown shows it literally: `<`, `>` and `&` as character references (which every
/// renderer decodes to text, HTML allowed or not), and each other ASCII punctuation mark that
/// Markdown gives a meaning to (emphasis, links, images, code, headings, lists, tables,
/// strikethrough, maths) behind a backslash. Line breaks become spaces: callers that keep lines
/// split them first.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '\\' | '`' | '*' | '_' | '{' | '}' | '[' | ']' | '(' | ')' | '#' | '+' | '-' | '.'
            | '!' | '|' | '~' | '$' | '^' | '=' => {
                out.push('\\');
                out.push(c);
            }
            '\n' | '\r' | '\t' => out.push(' '),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// A link's target in Markdown: only `http` and `https`, in angle brackets (which a safe link
/// cannot close).
fn target(url: &str) -> Option<String> {
    safe_link(url).map(|u| format!("<{u}>"))
}

/// Writes one speaker's recap.
pub fn page(w: &mut impl Write, r: &EventRecap, s: &SpeakerRecap) -> io::Result<()> {
    let clock = Clock::new(&r.event);
    let sp = &s.speaker;
    let title = escape(&s.title());
    let mut m = String::new();
    let _ = writeln!(m, "# {title}\n");
    let _ = writeln!(m, "*{}*\n", event_line(r));
    let mut who: Vec<String> = Vec::new();
    // A speaker known only by a handle has it as the title: the other handles are left.
    let handles = match sp.name {
        Some(_) => &sp.handles[..],
        None => sp.handles.get(1..).unwrap_or_default(),
    };
    if !handles.is_empty() {
        who.push(
            handles
                .iter()
                .map(|h| format!("@{}", escape(h)))
                .collect::<Vec<_>>()
                .join(" · "),
        );
    }
    if let Some(a) = &sp.affiliation {
        who.push(escape(a));
    }
    if let Some(t) = &sp.talk {
        who.push(format!("**Talk:** {}", escape(t)));
    }
    if let Some((a, b)) = sp.slot {
        who.push(format!("**Slot:** {}", clock.slot(a, b)));
    }
    if !who.is_empty() {
        let _ = writeln!(m, "{}\n", who.join("  \n"));
    }

    let _ = writeln!(m, "## In numbers\n");
    let _ = writeln!(m, "| | |\n|---|---:|");
    let time = |t: Option<DateTime<Utc>>| t.map_or("–".to_string(), |t| clock.time(t));
    for (label, value) in [
        ("Tweets", s.tweets.to_string()),
        ("of which retweets", s.retweets.to_string()),
        ("Distinct authors", s.authors.to_string()),
        ("Retweets received", count_text(s.retweet_count)),
        ("Likes received", count_text(s.favorite_count)),
        ("First tweet", time(s.first)),
        ("Last tweet", time(s.last)),
        (
            "Busiest five minutes",
            s.busiest.map_or("–".to_string(), |b| {
                let tweets = plural(b.tweets, "tweet", "tweets");
                format!("{} {tweets} from {}", b.tweets, clock.time(b.starts))
            }),
        ),
    ] {
        let _ = writeln!(m, "| {label} | {value} |");
    }
    let counted = if s.partly_counted() {
        format!(
            " and whose source gives them: {} {} no counts in {}.",
            s.uncounted,
            plural(s.uncounted, "tweet had", "tweets had"),
            plural(s.uncounted, "its source", "their sources")
        )
    } else if s.uncounted > 0 {
        "; their sources give no counts.".to_string()
    } else {
        ".".to_string()
    };
    let _ = writeln!(
        m,
        "\nRetweets and likes received are summed over the tweets that are not retweets{counted}"
    );
    if s.untimed > 0 {
        let _ = writeln!(
            m,
            "{} of them {} only the day, not the time: left out of the times and the chart.",
            s.untimed,
            if s.untimed == 1 { "gives" } else { "give" }
        );
    }

    let _ = writeln!(m, "\n## Tweets per hour\n");
    hours(&mut m, r, s);

    // With no counts in any source there is nothing to rank by.
    if s.retweet_count.is_some() || s.favorite_count.is_some() {
        for (title, list) in [
            ("Most retweeted", &s.most_retweeted),
            ("Most liked", &s.most_liked),
        ] {
            let _ = writeln!(m, "\n## {title}\n");
            if list.is_empty() {
                let _ = writeln!(m, "None.");
            }
            for q in list {
                quote(&mut m, q, &clock);
            }
        }
    }
    every_quote(&mut m, s, &clock);

    let _ = writeln!(m, "\n## Characteristic terms\n");
    if s.terms.is_empty() {
        let _ = writeln!(m, "None stands out.");
    } else {
        let terms: Vec<String> = s
            .terms
            .iter()
            .map(|t| format!("**{}** ({})", escape(&t.term), t.tweets))
            .collect();
        let _ = writeln!(m, "{}\n", terms.join(" · "));
        let _ = writeln!(
            m,
            "Words much more frequent in the tweets about {title} than in the rest of the event \
             (log-likelihood, G²); in brackets, how many tweets hold the word."
        );
    }
    ranked(&mut m, "Hashtags", "\\#", &s.hashtags);
    ranked(&mut m, "Mentioned alongside", "@", &s.mentions);

    let _ = writeln!(m, "\n## How tweets were attributed\n");
    let _ = writeln!(m, "| method | tweets |\n|---|---:|");
    for (label, n) in [
        ("quoted", s.methods.quote),
        ("handle mentioned", s.methods.mention),
        ("name written", s.methods.name),
        ("their own post about the talk", s.methods.own),
        ("posted during the slot (inferred)", s.methods.slot),
    ] {
        let _ = writeln!(m, "| {label} | {n} |");
    }
    let _ = writeln!(
        m,
        "\n*Made with chirpdex from the {} tweets of {}; times in {}.*",
        r.tweets,
        escape(&r.event.slug),
        clock.zone()
    );
    w.write_all(m.as_bytes())?;
    w.flush()
}

fn event_line(r: &EventRecap) -> String {
    let e = &r.event;
    let mut parts = vec![escape(&e.title)];
    if let Some(t) = e.starts {
        parts.push(t.with_timezone(&e.tz).format("%-d %B %Y").to_string());
    }
    if let Some(v) = &e.venue {
        parts.push(escape(v));
    }
    parts.join(" · ")
}

/// Tweets per hour across the chart's span, with the slot's hours marked.
fn hours(m: &mut String, r: &EventRecap, s: &SpeakerRecap) {
    let tz = r.event.tz;
    let span = r.chart_span(s).filter(|_| !s.per_minute.is_empty());
    let Some((from, to)) = span else {
        // A table of zeros would say nothing more.
        let _ = write!(
            m,
            "No tweet about {} gives its time of day",
            escape(&s.title())
        );
        let _ = match s.untimed {
            0 => writeln!(m, "."),
            n => writeln!(m, " ({n} {} only the day).", plural(n, "gives", "give")),
        };
        return;
    };
    let mut per_hour: BTreeMap<DateTime<Utc>, usize> = BTreeMap::new();
    for (at, n) in &s.per_minute {
        *per_hour.entry(floor(*at, tz, 60)).or_default() += n;
    }
    let max = per_hour.values().copied().max().unwrap_or(0).max(1);
    let _ = writeln!(m, "| hour | tweets | |\n|---|---:|---|");
    let mut at = from;
    while at < to {
        let n = per_hour.get(&at).copied().unwrap_or(0);
        let bar = "█".repeat((n * 20).div_ceil(max));
        let in_slot = s
            .speaker
            .slot
            .is_some_and(|(a, b)| at < b && at + Duration::hours(1) > a);
        let _ = writeln!(
            m,
            "| {} | {n} | {bar}{} |",
            at.with_timezone(&tz).format("%H:%M"),
            if in_slot { " ◀ slot" } else { "" }
        );
        at += Duration::hours(1);
    }
    if s.untimed > 0 {
        let _ = writeln!(
            m,
            "\n{} {} without a time of day {} not counted here.",
            s.untimed,
            if s.untimed == 1 { "tweet" } else { "tweets" },
            if s.untimed == 1 { "is" } else { "are" }
        );
    }
}

/// Every tweet about the speaker, in time order, retweets folded in (as the HTML page).
fn every_quote(m: &mut String, s: &SpeakerRecap, clock: &Clock) {
    let _ = writeln!(m, "\n## All tweets ({})\n", s.tweets);
    if s.quotes.is_empty() {
        let _ = writeln!(m, "None.");
        return;
    }
    let mut note = format!("In time order; times in {}.", clock.zone());
    let copied = s.quotes.iter().filter(|q| q.date_only).count();
    if copied == s.quotes.len() {
        note.push_str(" Copied tweets give only their day.");
    } else if copied > 0 {
        note.push_str(" Copied tweets give only their day and come first in it.");
    }
    if s.quotes.iter().any(|q| q.retweets > 0) {
        let _ = write!(
            note,
            " Each retweet is folded into the tweet it retweets (“retweeted N times here”): {} {} \
             for {} {}.",
            s.quotes.len(),
            plural(s.quotes.len(), "entry", "entries"),
            s.tweets,
            plural(s.tweets, "tweet", "tweets")
        );
    }
    let known = s.quotes.iter().filter(|q| q.from_retweets).count();
    if known > 0 {
        let (are, each) = match known {
            1 => ("tweet is", "it is"),
            _ => ("tweets are", "each is"),
        };
        let _ = write!(
            note,
            " {known} retweeted {are} not among the tweets about {}: {each} shown once, as \
             its retweets give it.",
            escape(&s.title())
        );
    }
    if s.retweet_count.is_none() && s.favorite_count.is_none() {
        note.push_str(" The sources give no retweet or like counts for these tweets.");
    }
    let _ = writeln!(m, "{note}\n");
    for q in s.quotes.iter().filter(|q| !q.inferred) {
        quote(m, q, clock);
    }
    let probable: Vec<&Quote> = s.quotes.iter().filter(|q| q.inferred).collect();
    if !probable.is_empty() {
        let _ = writeln!(
            m,
            "\n### Probably about this talk ({})\n\nThese name nobody: they were posted during \
             the slot and share a word with the talk, or are {}’s own posts about it. chirpdex \
             inferred that they are about this talk; `--named-only` leaves them out.\n",
            probable.len(),
            escape(&s.title())
        );
    }
    for q in probable {
        quote(m, q, clock);
    }
}

fn quote(m: &mut String, q: &Quote, clock: &Clock) {
    for line in q.text.lines() {
        let line = line.trim();
        if line.is_empty() {
            let _ = writeln!(m, ">");
        } else {
            let _ = writeln!(m, "> {}  ", escape(line));
        }
    }
    if q.text.trim().is_empty() {
        let _ = writeln!(m, "> (no text)");
    }
    let who = if q.author.handle.is_empty() {
        "author not in the sources".to_string()
    } else if q.author.name.trim().is_empty() || q.author.name == q.author.handle {
        format!("@{}", escape(&q.author.handle))
    } else {
        format!("{} (@{})", escape(&q.author.name), escape(&q.author.handle))
    };
    let when = clock.tweet(q);
    let mut when = match q.url().as_deref().and_then(target) {
        Some(link) => format!("[{when}]({link})"),
        None => when,
    };
    if !q.time_known {
        when = format!("first retweeted {when}");
    }
    let counts = match (q.retweet_count, q.favorite_count) {
        (None, None) => format!("retweets and likes {NOT_IN_SOURCES}"),
        (rt, likes) => format!(
            "{} {} · {} {}",
            count_text(rt),
            if rt == Some(1) { "retweet" } else { "retweets" },
            count_text(likes),
            if likes == Some(1) { "like" } else { "likes" }
        ),
    };
    let folded = match q.retweets {
        0 => String::new(),
        1 => " · **retweeted 1 time here**".to_string(),
        n => format!(" · **retweeted {n} times here**"),
    };
    let _ = writeln!(m, "\n— {who}, {when} · {counts}{folded}\n");
}

/// `one` or `many`, as `n` asks.
fn plural(n: usize, one: &'static str, many: &'static str) -> &'static str {
    if n == 1 { one } else { many }
}

fn ranked(m: &mut String, title: &str, sign: &str, list: &[Ranked]) {
    let _ = writeln!(m, "\n## {title}\n");
    if list.is_empty() {
        let _ = writeln!(m, "None.");
        return;
    }
    let items: Vec<String> = list
        .iter()
        .map(|r| format!("{sign}{} ({})", escape(&r.value), r.tweets))
        .collect();
    let _ = writeln!(m, "{}", items.join(" · "));
}

/// A count that a source may not give.
fn maybe(n: Option<u64>) -> String {
    n.map_or_else(|| format!("*{NOT_IN_SOURCES}*"), |n| n.to_string())
}

/// Writes the event page: the same sections and numbers as the HTML one, the chart as a table
/// of tweets per hour. Speakers link `SLUG.EXT` when `ext` is given.
pub fn index(
    w: &mut impl Write,
    r: &EventRecap,
    o: &Overview,
    ext: Option<&str>,
) -> io::Result<()> {
    let tz = r.event.tz;
    let s = &o.stats;
    let mut m = String::new();
    let at = o.day(&r.event);
    let _ = writeln!(m, "# {}\n", escape(&r.event.title));
    let _ = writeln!(m, "*{}*\n", event_line(r));
    let _ = writeln!(
        m,
        "{} tweets attached to `{}`, {} {} in the programme; times in {} ({}).\n",
        s.total,
        r.event.slug,
        r.speakers.len(),
        if r.speakers.len() == 1 {
            "speaker"
        } else {
            "speakers"
        },
        tz.name(),
        at.with_timezone(&tz).format("%:z")
    );

    let _ = writeln!(m, "## The day in numbers\n");
    let _ = writeln!(m, "| | |\n|---|---:|");
    let no_time = if s.untimed > 0 {
        "*unknown: the sources give only the day*"
    } else {
        "–"
    };
    let time = |t: Option<DateTime<Utc>>| t.map_or(no_time.to_string(), |t| local(t, tz));
    let busiest = o.busiest.as_ref().map_or(no_time.to_string(), |b| {
        let stage = if b.on_stage.is_empty() {
            "between slots".to_string()
        } else {
            let names: Vec<String> = b
                .on_stage
                .iter()
                .map(|i| escape(&speaker_name(&r.speakers[*i])))
                .collect();
            format!("on stage: {}", names.join(", "))
        };
        format!(
            "{} tweets from {} ({stage})",
            b.window.tweets,
            local(b.window.starts, tz)
        )
    });
    let share = |n: u64| format!("{n} ({})", percent(n, s.total));
    let mut rows = vec![
        ("Tweets", s.total.to_string()),
        ("Originals", share(s.types.original)),
        ("Retweets", share(s.types.retweet)),
        ("Replies", share(s.types.reply)),
        ("Quotes", share(s.types.quote)),
        (
            "Contributors",
            format!(
                "{} (the top 10 wrote {})",
                s.contributors.distinct,
                percent(s.contributors.top10_tweets, s.contributors.tweets)
            ),
        ),
        ("First tweet", time(s.first)),
        ("Last tweet", time(s.last)),
        ("Busiest five minutes", busiest),
        ("Retweets received", maybe(o.received.retweets)),
        ("Likes received", maybe(o.received.likes)),
    ];
    if s.untimed > 0 {
        rows.push(("Day only, no time", s.untimed.to_string()));
    }
    for (label, value) in rows {
        let _ = writeln!(m, "| {label} | {value} |");
    }
    let mut note = String::from(
        "\nRetweets and likes received are summed over the tweets that are not retweets",
    );
    if o.received.retweets.is_none() {
        note.push_str("; the sources of these tweets (copied text, saved pages) give no counts.");
    } else if o.received.without_counts > 0 {
        let n = o.received.without_counts;
        let _ = write!(
            note,
            "; {n} {} from sources that give no counts (copied text, saved pages) and {} left out.",
            if n == 1 { "tweet comes" } else { "tweets come" },
            if n == 1 { "is" } else { "are" }
        );
    } else {
        note.push('.');
    }
    note.push_str(" Contributors are the accounts that wrote the tweets");
    if s.unknown_author > 0 {
        let _ = write!(
            note,
            " ({} {} no author)",
            s.unknown_author,
            if s.unknown_author == 1 {
                "tweet names"
            } else {
                "tweets name"
            }
        );
    }
    note.push('.');
    if s.untimed > 0 {
        let _ = write!(
            note,
            " {} {} only the day, not the time: left out of the times and the chart.",
            s.untimed,
            if s.untimed == 1 {
                "tweet gives"
            } else {
                "tweets give"
            }
        );
    }
    let _ = writeln!(m, "{note}");

    let _ = writeln!(m, "\n## The day\n");
    day_table(&mut m, r, o);

    let _ = writeln!(m, "\n## Speakers\n");
    // A column the programme leaves empty for every speaker is left out.
    let talks = r.speakers.iter().any(|s| s.speaker.talk.is_some());
    let slots = r.speakers.iter().any(|s| s.speaker.slot.is_some());
    let _ = writeln!(
        m,
        "| speaker |{}{} tweets | authors | retweets received | likes received | top quote |\n|---|{}{}---:|---:|---:|---:|---|",
        if talks { " talk |" } else { "" },
        if slots { " slot |" } else { "" },
        if talks { "---|" } else { "" },
        if slots { "---|" } else { "" },
    );
    for (sp, row) in r.speakers.iter().zip(&o.speakers) {
        let name = match ext {
            Some(ext) => format!("[{}](<{}.{ext}>)", escape(&speaker_name(sp)), sp.slug),
            None => escape(&speaker_name(sp)),
        };
        let slot = sp.speaker.slot.map_or("–".to_string(), |(a, b)| {
            let (la, lb) = (a.with_timezone(&tz), b.with_timezone(&tz));
            format!("{}–{}", la.format("%H:%M"), lb.format("%H:%M"))
        });
        let mut retweets = maybe(row.received.retweets);
        if row.received.retweets.is_some() && row.received.without_counts > 0 {
            let _ = write!(
                retweets,
                " ({} without counts)",
                row.received.without_counts
            );
        }
        let quote = row.top_quote.as_ref().map_or("–".to_string(), |t| {
            format!(
                "“{}” — {}, {}",
                escape(t.text.trim()),
                author_of(t),
                time_link(t, r)
            )
        });
        let talk = match talks {
            true => format!(
                " {} |",
                sp.speaker.talk.as_deref().map_or("–".into(), escape)
            ),
            false => String::new(),
        };
        let slot = match slots {
            true => format!(" {slot} |"),
            false => String::new(),
        };
        let _ = writeln!(
            m,
            "| {name} |{talk}{slot} {} | {} | {retweets} | {} | {quote} |",
            sp.tweets,
            sp.authors,
            maybe(row.received.likes),
        );
    }
    let _ = writeln!(
        m,
        "\nIn the programme's order{}. Tweets counted as in `chirpdex speakers` (retweets included). \
         The top quote is the most retweeted tweet that quotes the speaker, else the most \
         retweeted about them.",
        if slots {
            format!(
                "; slots in {} ({})",
                tz.name(),
                at.with_timezone(&tz).format("%:z")
            )
        } else {
            String::new()
        }
    );

    let _ = writeln!(m, "\n## Leaderboards");
    board(
        &mut m,
        "Most active contributors",
        "@",
        &o.authors,
        "No tweet names its author.",
    );
    board(
        &mut m,
        "Most mentioned accounts",
        "@",
        &o.mentions,
        "No tweet mentions an account.",
    );
    let own: Vec<String> = r
        .event
        .hashtags
        .iter()
        .map(|h| format!("\\#{}", escape(h)))
        .collect();
    let title = if own.is_empty() {
        "Hashtags".to_string()
    } else {
        format!("Hashtags beside {}", own.join(" "))
    };
    let _ = writeln!(m, "\n### {title}\n");
    if !o.event_hashtags.is_empty() {
        let on: Vec<String> = o
            .event_hashtags
            .iter()
            .map(|e| {
                format!(
                    "\\#{} is on {} of {} tweets",
                    escape(&e.shown),
                    e.count,
                    s.total
                )
            })
            .collect();
        let _ = writeln!(m, "{}.\n", on.join("; "));
    }
    list(&mut m, "\\#", &o.hashtags, "No other hashtag.");
    board(
        &mut m,
        "Most shared sites",
        "",
        &o.domains,
        "No tweet shares a link.",
    );
    let _ = writeln!(m, "\n### Most shared links\n");
    if o.links.is_empty() {
        let _ = writeln!(m, "No tweet shares a link.");
    }
    for (i, l) in o.links.iter().enumerate() {
        let shown = match target(&l.url) {
            Some(t) => format!("[{}]({t})", escape(&l.url)),
            None => escape(&l.url),
        };
        let domain = l
            .domain
            .as_deref()
            .map_or(String::new(), |d| format!(" ({})", escape(d)));
        let _ = writeln!(m, "{}. {shown}{domain} — {}", i + 1, l.count);
    }
    let known = o.received.retweets.is_some();
    for (title, noun, list) in [
        ("Most retweeted", "retweets", &o.most_retweeted),
        ("Most liked", "likes", &o.most_liked),
    ] {
        let _ = writeln!(m, "\n### {title}\n");
        if list.is_empty() {
            let _ = writeln!(
                m,
                "{}",
                if known {
                    "None: no tweet has any."
                } else {
                    "Not in the sources: they give no counts."
                }
            );
        }
        for t in list {
            for line in t.top.text.lines().map(str::trim).filter(|l| !l.is_empty()) {
                let _ = writeln!(m, "> {}  ", escape(line));
            }
            let by = match &t.tweet {
                Some(tweet) => format!("{}, {}", author_of(tweet), time_link(tweet, r)),
                None => format!("@{}", escape(&t.top.author)),
            };
            let _ = writeln!(m, "\n**{}** {noun} — {by}\n", t.top.count);
        }
    }

    let _ = writeln!(m, "\n## What the programme missed\n");
    let miss = &o.missed;
    if miss.tweets == 0 {
        let _ = writeln!(m, "Every tweet of the event was attributed to a speaker.");
    } else {
        let _ = write!(
            m,
            "{} of {} tweets were attributed to no speaker",
            miss.tweets, s.total
        );
        if miss.retweets > 0 {
            let _ = write!(m, " ({} of them retweets)", miss.retweets);
        }
        if miss.textless > 0 {
            let _ = write!(
                m,
                "; {} {} no text (a photo alone)",
                miss.textless,
                if miss.textless == 1 { "has" } else { "have" }
            );
        }
        let _ = writeln!(
            m,
            ". They may be about a talk the programme lacks, a speaker it names otherwise, or the day itself.\n"
        );
        if miss.terms.is_empty() {
            let _ = writeln!(
                m,
                "Their characteristic terms: none stands out (no word is in two of them and more \
                 frequent there than in the rest of the event).\n"
            );
        } else {
            let terms: Vec<String> = miss
                .terms
                .iter()
                .map(|t| format!("**{}** ({})", escape(&t.term), t.tweets))
                .collect();
            let _ = writeln!(m, "Their characteristic terms: {}\n", terms.join(" · "));
        }
        if !miss.mentions.is_empty() {
            let handles: Vec<String> = miss
                .mentions
                .iter()
                .map(|e| format!("@{} ({})", escape(&e.value), e.tweets))
                .collect();
            let _ = writeln!(m, "The accounts they mention: {}\n", handles.join(" · "));
        }
        let _ = writeln!(
            m,
            "To complete the programme: `chirpdex speakers --discover` proposes speakers from the \
             handles and names that people quote; add them to the programme and run \
             `chirpdex event apply PROGRAMME.toml`."
        );
    }
    let _ = writeln!(
        m,
        "\n*Made with chirpdex from the {} tweets of {}. The numbers are those of `chirpdex stats \
         --event {}` and `chirpdex speakers --event {}`.*",
        s.total,
        escape(&r.event.slug),
        r.event.slug,
        r.event.slug
    );
    w.write_all(m.as_bytes())?;
    w.flush()
}

/// A tweet's author for people.
fn author_of(t: &Tweet) -> String {
    if t.author.name.trim().is_empty() || t.author.name == t.author.handle {
        format!("@{}", escape(&t.author.handle))
    } else {
        format!("{} (@{})", escape(&t.author.name), escape(&t.author.handle))
    }
}

/// A tweet's time (or day), linked to the tweet when it has a link.
fn time_link(t: &Tweet, r: &EventRecap) -> String {
    let when = event_time(t, r);
    match t.url().as_deref().and_then(target) {
        Some(link) => format!("[{when}]({link})"),
        None => when,
    }
}

fn board(m: &mut String, title: &str, sign: &str, entries: &[Entry], empty: &str) {
    let _ = writeln!(m, "\n### {title}\n");
    list(m, sign, entries, empty);
}

fn list(m: &mut String, sign: &str, entries: &[Entry], empty: &str) {
    if entries.is_empty() {
        let _ = writeln!(m, "{empty}");
    }
    for (i, e) in entries.iter().enumerate() {
        let _ = writeln!(m, "{}. {sign}{} — {}", i + 1, escape(&e.shown), e.count);
    }
}

/// The day's chart as a table: tweets per hour (or per bucket, when they are longer), who was
/// on stage, the peaks.
fn day_table(m: &mut String, r: &EventRecap, o: &Overview) {
    let tz = r.event.tz;
    let untimed = o.stats.untimed;
    let Some(c) = o
        .chart
        .as_ref()
        .filter(|c| c.buckets.iter().any(|b| b.tweets > 0))
    else {
        if untimed > 0 && untimed == o.stats.total {
            let _ = writeln!(
                m,
                "All {untimed} tweets give only their day, not their time (copied text): there is no chart of the day."
            );
        } else if untimed > 0 {
            let _ = writeln!(
                m,
                "{untimed} {} only the day, not the time, and no other has a time: there is no chart of the day.",
                if untimed == 1 {
                    "tweet gives"
                } else {
                    "tweets give"
                }
            );
        } else {
            let _ = writeln!(m, "No tweet has a time: there is no chart of the day.");
        }
        return;
    };
    let group = c.minutes.max(60);
    let mut rows: Vec<(DateTime<Utc>, usize)> = Vec::new();
    for b in &c.buckets {
        let start = c.from
            + Duration::minutes(
                (b.starts - c.from).num_minutes() / i64::from(group) * i64::from(group),
            );
        match rows.last_mut() {
            Some((at, n)) if *at == start => *n += b.tweets,
            _ => rows.push((start, b.tweets)),
        }
    }
    let max = rows.iter().map(|(_, n)| *n).max().unwrap_or(0).max(1);
    let unit = if group == 60 {
        "hour".to_string()
    } else {
        bucket_words(group)
    };
    let _ = writeln!(m, "Tweets per {unit}, and who was on stage.\n");
    let _ = writeln!(m, "| {unit} | tweets | | on stage |\n|---|---:|---|---|");
    for (at, n) in &rows {
        let end = *at + Duration::minutes(i64::from(group));
        let stage: Vec<String> = c
            .slots
            .iter()
            .filter(|s| s.starts < end && s.ends > *at)
            .map(|s| escape(&speaker_name(&r.speakers[s.speaker])))
            .collect();
        let _ = writeln!(
            m,
            "| {} | {n} | {} | {} |",
            at.with_timezone(&tz).format("%H:%M"),
            "█".repeat((n * 20).div_ceil(max)),
            stage.join(", ")
        );
    }
    if !c.peaks.is_empty() {
        let peaks: Vec<String> = c
            .peaks
            .iter()
            .map(|i| {
                let b = c.buckets[*i];
                format!(
                    "{} ({} tweets)",
                    b.starts.with_timezone(&tz).format("%H:%M"),
                    b.tweets
                )
            })
            .collect();
        let _ = writeln!(
            m,
            "\nPeaks, per {}: {}.",
            bucket_words(c.minutes),
            peaks.join(", ")
        );
    }
    if untimed > 0 {
        let _ = writeln!(
            m,
            "\n{untimed} {} only the day, not the time: counted apart, not in the table.",
            if untimed == 1 {
                "tweet gives"
            } else {
                "tweets give"
            }
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hostile_text_is_escaped() {
        assert_eq!(
            escape("[x](javascript:alert(1)) ![i](http://e/x.png) <script> a|b"),
            r"\[x\]\(javascript:alert\(1\)\) \!\[i\]\(http://e/x\.png\) &lt;script&gt; a\|b"
        );
        assert_eq!(escape("*a* _b_ `c` # d\ne"), r"\*a\* \_b\_ \`c\` \# d e");
    }
}
