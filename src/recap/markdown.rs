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

use super::{
    Clock, EventRecap, NOT_IN_SOURCES, Quote, Ranked, SpeakerRecap, count_text, floor, safe_link,
};

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
        ("posted during the slot", s.methods.slot),
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
    for q in &s.quotes {
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

/// Writes the index: the event, then a link to each speaker's page (`SLUG.EXT`).
pub fn index(w: &mut impl Write, r: &EventRecap, ext: &str) -> io::Result<()> {
    let mut m = String::new();
    let _ = writeln!(m, "# Speakers\n\n*{}*\n", event_line(r));
    let _ = writeln!(
        m,
        "| speaker | talk | tweets | retweets received | likes received |\n|---|---|---:|---:|---:|"
    );
    for s in &r.speakers {
        let _ = writeln!(
            m,
            "| [{}](<{}.{ext}>) | {} | {} | {} | {} |",
            escape(&s.name),
            s.slug,
            s.speaker.talk.as_deref().map(escape).unwrap_or_default(),
            s.tweets,
            count_text(s.retweet_count),
            count_text(s.favorite_count)
        );
    }
    w.write_all(m.as_bytes())?;
    w.flush()
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
