//! Recaps as HTML: one self-contained page per speaker (inline CSS and SVG; no script, no font,
//! image or style from the network: a Content-Security-Policy says so to the browser too), fluid
//! for a phone and clean on paper, and an index page that links them.
//!
//! The pages are written with `maud`, whose templates escape every value put in them, text and
//! attributes alike: whatever a tweet holds (`<script>`, `"><img onerror=...>`) is shown as text.
//! Links are kept only when they are `http` or `https` ([`super::safe_link`]).

use std::io::{self, Write};

use chrono::{DateTime, Duration, Timelike, Utc};
use chrono_tz::Tz;
use maud::{DOCTYPE, Markup, PreEscaped, html};

use super::overview::{
    Chart, Entry, Overview, Slot, Top, bucket_words, event_time, percent, speaker_name,
};
use super::{
    Clock, EventRecap, NOT_IN_SOURCES, Quote, Ranked, SpeakerRecap, count_text, local, safe_link,
};
use crate::model::Tweet;
use crate::model::time::rfc3339 as rfc;

/// The page's style: system fonts, a fluid single column, print rules.
const CSS: &str = r#"
:root{--ink:#1d2330;--muted:#596273;--accent:#1d63c4;--line:#d9dee7;--soft:#f4f6fa;--slot:#fde9a6}
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;color:var(--ink);background:#fff}
main{max-width:48rem;margin:0 auto;padding:1.25rem 1rem 2rem}
h1{font-size:clamp(1.6rem,5vw,2.2rem);line-height:1.15;margin:.25rem 0 .4rem}
h2{font-size:1.15rem;margin:2rem 0 .7rem;padding-bottom:.25rem;border-bottom:1px solid var(--line)}
p{margin:.3rem 0}
a{color:var(--accent)}
.event,.muted,.note,figcaption,.by{color:var(--muted)}
.talk{font-size:1.1rem;font-style:italic}
.note,figcaption{font-size:.9rem}
dl.numbers{display:grid;grid-template-columns:repeat(auto-fill,minmax(9.5rem,1fr));gap:.6rem;margin:0}
dl.numbers div{border:1px solid var(--line);border-radius:.5rem;padding:.45rem .7rem}
dt{font-size:.8rem;color:var(--muted)}
dd{margin:0;font-size:1.35rem;font-weight:600;overflow-wrap:anywhere}
dd small{font-size:.8rem;font-weight:400;color:var(--muted)}
dd.unknown{font-size:1rem;font-weight:400;color:var(--muted)}
figure{margin:0}
svg{display:block;width:100%;height:auto}
svg.per-minute{height:190px;overflow:visible}
.bar{fill:var(--accent)}
.slot{fill:var(--slot)}
.axis{stroke:var(--muted);stroke-width:1}
.grid{stroke:var(--line);stroke-width:1;stroke-dasharray:3 3}
.label{fill:var(--muted);font-size:13px}
ol.quotes{list-style:none;padding:0;margin:0}
li.quote{margin:0 0 1rem}
#quotes li.quote{margin-bottom:.8rem}
#quotes blockquote{padding:.4rem .7rem;border-left-width:3px}
.by .retweeted{font-weight:600}
blockquote{margin:0;padding:.6rem .9rem;border-left:4px solid var(--accent);background:var(--soft);white-space:pre-line;overflow-wrap:anywhere}
.by{font-size:.9rem;margin-top:.3rem}
ul.chips{list-style:none;padding:0;margin:0;display:flex;flex-wrap:wrap;gap:.4rem}
ul.chips li{border:1px solid var(--line);border-radius:1rem;padding:.1rem .7rem;overflow-wrap:anywhere}
ul.chips .n{color:var(--muted);font-size:.85rem}
table{border-collapse:collapse;width:100%}
th,td{text-align:left;padding:.35rem .5rem;border-bottom:1px solid var(--line);vertical-align:top}
td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}
.wide{overflow-x:auto}
footer{margin-top:2.5rem;font-size:.85rem;color:var(--muted)}
@media (max-width:30rem){main{padding:.8rem .7rem 1.5rem}dd{font-size:1.15rem}.tick.minor text{display:none}}
@page{margin:1.5cm}
@media print{
body{font-size:11pt}
main{max-width:none;padding:0}
a{color:inherit;text-decoration:none}
.by a[href]::after{content:" <" attr(href) ">";font-size:.8em;overflow-wrap:anywhere}
section,li.quote,figure,dl.numbers div,tr{break-inside:avoid}
h2{break-after:avoid}
blockquote{background:none}
.bar,.slot{-webkit-print-color-adjust:exact;print-color-adjust:exact}
footer .nav{display:none}
}
"#;

/// What the browser may load: nothing but the page's own style.
const CSP: &str = "default-src 'none'; style-src 'unsafe-inline'; img-src data:";

/// The page's head: its title, the shared style and a page's own (`extra`).
fn head(title: &str, extra: &str) -> Markup {
    html! {
        head {
            meta charset="utf-8";
            meta name="viewport" content="width=device-width, initial-scale=1";
            meta http-equiv="Content-Security-Policy" content=(CSP);
            meta name="generator" content="chirpdex";
            title { (title) }
            style { (PreEscaped(CSS)) (PreEscaped(extra)) }
        }
    }
}

/// The event's line above a page's title: title, day, venue.
fn event_line(r: &EventRecap) -> Markup {
    let e = &r.event;
    let day = e
        .starts
        .map(|t| t.with_timezone(&e.tz).format("%-d %B %Y").to_string());
    html! {
        p.event {
            (e.title)
            @if let Some(day) = day { " · " (day) }
            @if let Some(venue) = &e.venue { " · " (venue) }
        }
    }
}

/// A time in a box of numbers: the time of day, with the day and offset below it.
fn clock(t: DateTime<Utc>, tz: Tz) -> Markup {
    let l = t.with_timezone(&tz);
    html! {
        time datetime=(rfc(t)) {
            (l.format("%H:%M")) br; small { (l.format("%Y-%m-%d %:z")) }
        }
    }
}

/// Writes one speaker's recap. `index` is the index page's file name, when there is one.
pub fn page(
    w: &mut impl Write,
    r: &EventRecap,
    s: &SpeakerRecap,
    index: Option<&str>,
) -> io::Result<()> {
    let tz = r.event.tz;
    let clock = Clock::new(&r.event);
    let sp = &s.speaker;
    let title = s.title();
    // A speaker known only by a handle has it as the title: the other handles are left.
    let handles = match sp.name {
        Some(_) => &sp.handles[..],
        None => sp.handles.get(1..).unwrap_or_default(),
    };
    let doc = html! {
        (DOCTYPE)
        html lang="en" {
            (head(&format!("{title} · {}", r.event.title), ""))
            body {
                main {
                    header #who {
                        (event_line(r))
                        h1 { (title) }
                        @if !handles.is_empty() {
                            p.muted.handles {
                                @for (i, h) in handles.iter().enumerate() {
                                    @if i > 0 { " · " }
                                    "@" (h)
                                }
                            }
                        }
                        @if let Some(a) = &sp.affiliation { p.affiliation { (a) } }
                        @if let Some(t) = &sp.talk { p.talk { (t) } }
                        @if let Some((a, b)) = sp.slot {
                            p.slot data-starts=(rfc(a)) data-ends=(rfc(b)) {
                                "Slot: " span.when { (clock.slot(a, b)) }
                            }
                        }
                    }
                    (numbers(s, tz))
                    (chart_section(r, s))
                    @if s.retweet_count.is_none() && s.favorite_count.is_none() {
                        // No source gives counts: there is nothing to rank by.
                    } @else {
                        (quotes_section("most-retweeted", "Most retweeted", &s.most_retweeted, &clock))
                        (quotes_section("most-liked", "Most liked", &s.most_liked, &clock))
                    }
                    (every_quote(s, &clock))
                    section #terms {
                        h2 { "Characteristic terms" }
                        @if s.terms.is_empty() {
                            p.note { "None stands out." }
                        } @else {
                            ul.chips {
                                @for t in &s.terms {
                                    li data-log-likelihood=(t.log_likelihood) {
                                        span.term { (t.term) } " "
                                        span.n { (t.tweets) }
                                    }
                                }
                            }
                            p.note {
                                "Words much more frequent in the tweets about " (title)
                                " than in the rest of the event (log-likelihood, G²); the number is how many tweets hold the word. Retweets, stop words, hashtags and mentions are left out."
                            }
                        }
                    }
                    (ranked("hashtags", "Hashtags", "#", &s.hashtags, "The event's own hashtags are left out."))
                    (ranked("mentions", "Mentioned alongside", "@", &s.mentions, "Accounts mentioned in the same tweets."))
                    section #methods {
                        h2 { "How tweets were attributed" }
                        table {
                            tbody {
                                @for (key, label, n) in [
                                    ("quote", "Quoted (“@handle: …”, “Name says …”)", s.methods.quote),
                                    ("mention", "Handle mentioned", s.methods.mention),
                                    ("name", "Name written", s.methods.name),
                                    ("own", "Their own post about the talk", s.methods.own),
                                    ("slot", "Posted during the slot (inferred)", s.methods.slot),
                                ] {
                                    tr data-key=(key) { td { (label) } td.n { (n) } }
                                }
                            }
                        }
                    }
                    footer {
                        p {
                            "Made with chirpdex from the " (r.tweets) " tweets of " (r.event.slug)
                            "; times in " (clock.zone()) "."
                        }
                        @if let Some(index) = index {
                            p.nav { a href=(index) { "All speakers" } }
                        }
                    }
                }
            }
        }
    };
    w.write_all(doc.into_string().as_bytes())?;
    w.flush()
}

/// Every tweet about the speaker, in time order, retweets folded in: the list that lets a
/// reader see everything that was said, plain (no script) however long.
fn every_quote(s: &SpeakerRecap, clock: &Clock) -> Markup {
    let folded: usize = s.quotes.iter().map(|q| q.retweets).sum();
    let known_from_retweets = s.quotes.iter().filter(|q| q.from_retweets).count();
    let copied = s.quotes.iter().filter(|q| q.date_only).count();
    let probable = s.quotes.iter().filter(|q| q.inferred).count();
    html! {
        section #quotes data-tweets=(s.tweets) data-entries=(s.quotes.len()) {
            h2 { "All tweets " span.muted { "(" (s.tweets) ")" } }
            @if s.quotes.is_empty() {
                p.note { "None." }
            } @else {
                p.note {
                    "In time order; times in " (clock.zone()) "."
                    @if copied == s.quotes.len() {
                        " Copied tweets give only their day."
                    } @else if copied > 0 {
                        " Copied tweets give only their day and come first in it."
                    }
                    @if folded > 0 {
                        " Each retweet is folded into the tweet it retweets (“retweeted "
                        "N times here”): " (s.quotes.len()) " "
                        (plural(s.quotes.len(), "entry", "entries")) " for " (s.tweets) " "
                        (plural(s.tweets, "tweet", "tweets")) "."
                    }
                    @if known_from_retweets > 0 {
                        " " (known_from_retweets) " retweeted "
                        (plural(known_from_retweets, "tweet is", "tweets are"))
                        " not among the tweets about " (s.title()) ": "
                        (plural(known_from_retweets, "it is", "each is"))
                        " shown once, as its retweets give it."
                    }
                    @if s.retweet_count.is_none() && s.favorite_count.is_none() {
                        " The sources give no retweet or like counts for these tweets."
                    }
                }
                ol.quotes { @for q in s.quotes.iter().filter(|q| !q.inferred) { (quote(q, clock)) } }
                @if probable > 0 {
                    h3 #probably { "Probably about this talk " span.muted { "(" (probable) ")" } }
                    p.note {
                        "These name nobody: they were posted during the slot and share a word "
                        "with the talk, or are " (s.title()) "’s own posts about it. chirpdex "
                        "inferred that they are about this talk; " code { "--named-only" }
                        " leaves them out."
                    }
                    ol.quotes.probably {
                        @for q in s.quotes.iter().filter(|q| q.inferred) { (quote(q, clock)) }
                    }
                }
            }
        }
    }
}

fn numbers(s: &SpeakerRecap, tz: Tz) -> Markup {
    html! {
        section #numbers {
            h2 { "In numbers" }
            dl.numbers {
                div data-key="tweets" { dt { "Tweets" } dd { (s.tweets) } }
                div data-key="retweets" { dt { "of which retweets" } dd { (s.retweets) } }
                div data-key="authors" { dt { "Distinct authors" } dd { (s.authors) } }
                div data-key="retweet_count" {
                    dt { "Retweets received" }
                    dd.unknown[s.retweet_count.is_none()] { (count_text(s.retweet_count)) }
                }
                div data-key="favorite_count" {
                    dt { "Likes received" }
                    dd.unknown[s.favorite_count.is_none()] { (count_text(s.favorite_count)) }
                }
                div data-key="first" {
                    dt { "First tweet" }
                    dd { @if let Some(t) = s.first { (clock(t, tz)) } @else { "–" } }
                }
                div data-key="last" {
                    dt { "Last tweet" }
                    dd { @if let Some(t) = s.last { (clock(t, tz)) } @else { "–" } }
                }
                div data-key="busiest" {
                    dt { "Busiest five minutes" }
                    dd {
                        @if let Some(b) = s.busiest {
                            span.count { (b.tweets) } " " small { (plural(b.tweets, "tweet", "tweets")) " from" } br; (clock(b.starts, tz))
                        } @else { "–" }
                    }
                }
            }
            p.note {
                "Retweets and likes received are summed over the tweets that are not retweets"
                @if s.partly_counted() {
                    " and whose source gives them: "
                    span data-key="uncounted" { (s.uncounted) } " "
                    (plural(s.uncounted, "tweet had", "tweets had")) " no counts in "
                    (plural(s.uncounted, "its source", "their sources")) "."
                } @else if s.uncounted > 0 {
                    "; their sources give no counts."
                } @else { "." }
                @if s.untimed > 0 {
                    " " span data-key="untimed" { (s.untimed) } " "
                    (plural(s.untimed, "tweet gives", "tweets give"))
                    " only the day, not the time: left out of the times and the chart."
                }
            }
        }
    }
}

/// Chart geometry: the SVG is the page's width (its x coordinates are percentages of it, so
/// the whole span fits any screen and its text keeps its size) and this many pixels high.
const CHART_H: f64 = 190.0;
const PLOT_H: f64 = 140.0;
/// Room above the plot for the scale's label.
const TOP: f64 = 22.0;

fn chart_section(r: &EventRecap, s: &SpeakerRecap) -> Markup {
    let tz = r.event.tz;
    let clock = Clock::new(&r.event);
    let span = r.chart_span(s);
    let title = s.title();
    html! {
        section #chart {
            h2 { "Tweets per minute" }
            @if let Some((from, to)) = span {
                figure {
                    (chart(s, &title, from, to, tz))
                    figcaption {
                        @if s.per_minute.is_empty() {
                            "The event's day, " (clock.time(from)) " to " (clock.time(to))
                            ": no tweet about " (title) " gives its time of day"
                            @if s.untimed > 0 {
                                " (" (s.untimed) " " (plural(s.untimed, "gives", "give"))
                                " only the day)"
                            }
                            "."
                        } @else {
                            "Each bar is one minute with tweets about " (title) ", "
                            (clock.time(from)) " to " (clock.time(to)) "."
                        }
                        @if s.speaker.slot.is_some() { " The shaded band is the slot." }
                        @if s.untimed > 0 && !s.per_minute.is_empty() {
                            " " (s.untimed) " " (plural(s.untimed, "tweet", "tweets"))
                            " without a time of day " (plural(s.untimed, "is", "are")) " not shown."
                        }
                    }
                }
            } @else {
                p.note { "No tweet about " (title) " has a time of day." }
            }
        }
    }
}

/// The SVG: one bar per minute that has tweets, the slot shaded, hours marked (every other
/// hour's label hidden on a phone when there are many).
fn chart(s: &SpeakerRecap, title: &str, from: DateTime<Utc>, to: DateTime<Utc>, tz: Tz) -> Markup {
    let minutes = ((to - from).num_minutes()).max(1) as f64;
    let x = |t: DateTime<Utc>| (t - from).num_seconds() as f64 / 60.0 / minutes * 100.0;
    let step = 100.0 / minutes;
    let bar_w = step * 0.8;
    let max = s.per_minute.values().copied().max().unwrap_or(0).max(1);
    let height = |n: usize| n as f64 / max as f64 * PLOT_H;
    let hours = (minutes / 60.0).ceil() as i64;
    let every = match hours {
        0..=12 => 1,
        13..=24 => 2,
        25..=72 => 6,
        _ => 24,
    };
    let ticks: Vec<DateTime<Utc>> = (0..=hours)
        .map(|h| from + Duration::hours(h))
        .filter(|t| t.with_timezone(&tz).hour() as i64 % every == 0 && *t <= to)
        .collect();
    let many = ticks.len() > 6;
    let slot = s.speaker.slot.and_then(|(a, b)| {
        let (a, b) = (a.max(from), b.min(to));
        (a < b).then_some((a, b))
    });
    let base = TOP + PLOT_H;
    let px = |v: f64| format!("{v:.1}");
    let pc = |v: f64| format!("{v:.4}%");
    html! {
        svg.per-minute xmlns="http://www.w3.org/2000/svg" width="100%" height=(CHART_H)
            role="img" aria-labelledby="chart-title" {
            title #chart-title { "Tweets per minute about " (title) }
            @if let Some((a, b)) = slot {
                rect.slot x=(pc(x(a))) y=(px(TOP)) width=(pc(x(b) - x(a))) height=(px(PLOT_H))
                    data-starts=(rfc(a)) data-ends=(rfc(b)) {
                    title { "Slot " (local(a, tz)) " to " (local(b, tz)) }
                }
            }
            @if !s.per_minute.is_empty() {
                line.grid x1="0%" x2="100%" y1=(px(TOP)) y2=(px(TOP)) {}
                text.label.scale x="0" y=(px(TOP - 7.0)) {
                    (max) " " (plural(max, "tweet", "tweets")) " a minute"
                }
            }
            @for (i, t) in ticks.iter().enumerate() {
                @let at = x(*t);
                @let anchor = if at < 2.0 { "start" } else if at > 98.0 { "end" } else { "middle" };
                g.tick.minor[many && i % 2 == 1] {
                    line.axis x1=(pc(at)) x2=(pc(at)) y1=(px(base)) y2=(px(base + 5.0)) {}
                    text.label x=(pc(at)) y=(px(base + 21.0)) text-anchor=(anchor) {
                        (t.with_timezone(&tz).format("%H:%M"))
                    }
                }
            }
            @for (at, n) in &s.per_minute {
                @if *at >= from && *at < to {
                    rect.bar x=(pc(x(*at) + (step - bar_w) / 2.0)) y=(px(base - height(*n)))
                        width=(pc(bar_w)) height=(px(height(*n)))
                        data-minute=(rfc(*at)) data-tweets=(n) {
                        title { (at.with_timezone(&tz).format("%H:%M")) ": " (n) " " (plural(*n, "tweet", "tweets")) }
                    }
                }
            }
            line.axis x1="0%" x2="100%" y1=(px(base)) y2=(px(base)) {}
            @if s.per_minute.is_empty() {
                text.label.empty x="50%" y=(px(TOP + PLOT_H / 2.0)) text-anchor="middle" {
                    "No tweet with a time of day"
                }
            }
        }
    }
}

/// `one` or `many`, as `n` asks.
fn plural(n: usize, one: &'static str, many: &'static str) -> &'static str {
    if n == 1 { one } else { many }
}

/// Retweets and likes as the source counted them, or that it does not.
fn counts(t: &Quote) -> Markup {
    html! {
        @match (t.retweet_count, t.favorite_count) {
            (None, None) => { span.counts { "retweets and likes " (NOT_IN_SOURCES) } }
            (rt, likes) => {
                span.retweets { (count_text(rt)) } " " (plural_u64(rt, "retweet", "retweets"))
                " · " span.likes { (count_text(likes)) } " " (plural_u64(likes, "like", "likes"))
            }
        }
    }
}

fn quote(q: &Quote, clock: &Clock) -> Markup {
    let link = q.url().as_deref().and_then(safe_link);
    let who = if q.author.handle.is_empty() {
        "author not in the sources".to_string()
    } else if q.author.name.trim().is_empty() || q.author.name == q.author.handle {
        format!("@{}", q.author.handle)
    } else {
        format!("{} (@{})", q.author.name, q.author.handle)
    };
    let datetime = rfc(q.created_at);
    let when = html! { time datetime=(datetime) { (clock.tweet(q)) } };
    html! {
        li.quote data-id=(q.id) data-retweets=(q.retweets)
            data-from-retweets=[q.from_retweets.then_some("true")] {
            blockquote lang=[q.lang.as_deref().filter(|l| *l != "und")] {
                p.text { (q.text) }
            }
            p.by {
                "— " span.author { (who) } ", "
                @if !q.time_known { "first retweeted " }
                @if let Some(link) = &link { a href=(link) { (when) } } @else { (when) }
                " · " (counts(q))
                @if q.retweets > 0 {
                    " · " span.retweeted {
                        "retweeted " span.n { (q.retweets) } " "
                        (plural(q.retweets, "time", "times")) " here"
                    }
                }
            }
        }
    }
}

/// [`plural`] of a count that may be unknown (its words then are the many's).
fn plural_u64(n: Option<u64>, one: &'static str, many: &'static str) -> &'static str {
    if n == Some(1) { one } else { many }
}

fn quotes_section(id: &str, title: &str, list: &[Quote], clock: &Clock) -> Markup {
    html! {
        section id=(id) {
            h2 { (title) }
            @if list.is_empty() {
                p.note { "None." }
            } @else {
                ol.quotes { @for q in list { (quote(q, clock)) } }
            }
        }
    }
}

fn ranked(id: &str, title: &str, sign: &str, list: &[Ranked], note: &str) -> Markup {
    html! {
        section id=(id) {
            h2 { (title) }
            @if list.is_empty() {
                p.note { "None." }
            } @else {
                ul.chips {
                    @for r in list {
                        li data-tweets=(r.tweets) { span.value { (sign) (r.value) } " " span.n { (r.tweets) } }
                    }
                }
                p.note { (note) " The number is how many tweets." }
            }
        }
    }
}

/// The event page's own style, after [`CSS`]: a wider column, the two charts (the horizontal
/// one for wide screens and paper, the vertical one for phones), the speakers' table as cards on
/// a phone, the leaderboards side by side.
const OVERVIEW_CSS: &str = r#"
main.overview{max-width:72rem}
.chart-v{display:none}
.chart-v svg{max-width:26rem;margin:0 auto}
.band0{fill:#fdf1c7}
.band1{fill:#e4ecf9}
.band-label{fill:var(--ink);font-size:16px}
.band-label .talk-line{font-style:italic;fill:var(--muted)}
.chart-v .band-label{font-size:14px}
.bar.peak{fill:#0d3f86}
.peak-label{fill:var(--ink);font-size:15px;font-weight:600}
.chart-v .peak-label{font-size:12px}
.chart-v .label{font-size:13px}
.grid{stroke:var(--line);stroke-width:1}
.unknown{color:var(--muted);font-style:italic;font-weight:400;font-size:1rem}
td .unknown{font-size:.9rem}
dd .on-stage{display:block;font-size:.85rem;font-weight:400;color:var(--ink)}
dl.numbers.headline{grid-template-columns:repeat(auto-fill,minmax(10.5rem,1fr))}
dl.headline dd small{display:inline-block;line-height:1.3}
td.when{white-space:nowrap}
table#speakers td.quote{min-width:16rem}
table#speakers td.quote blockquote{padding:.3rem .6rem;font-size:.92rem}
table#speakers .affiliation,table#speakers .by{font-size:.85rem;color:var(--muted)}
.boards{display:grid;grid-template-columns:repeat(auto-fit,minmax(16rem,1fr));gap:0 2rem}
.boards h3,#leaderboards h3{font-size:1rem;margin:1.2rem 0 .4rem}
ol.board{margin:0;padding:0 0 0 2rem}
ol.board li{padding:.1rem 0;overflow-wrap:anywhere}
ol.board .n{float:right;margin-left:.5rem;font-variant-numeric:tabular-nums;color:var(--muted)}
ol.board .domain{display:block;font-size:.85rem;color:var(--muted)}
.quotes .count{font-weight:600}
#missed h3{font-size:1rem;margin:1.2rem 0 .4rem}
.by time{white-space:nowrap}
#links{max-width:48rem}
.tops{display:grid;grid-template-columns:repeat(auto-fit,minmax(22rem,1fr));gap:0 2rem}
.tops blockquote{font-size:.95rem}
code{font-size:.9em;background:var(--soft);padding:.05rem .3rem;border-radius:.2rem;overflow-wrap:anywhere}
@media (max-width:40rem){
.chart-h{display:none}
.chart-v{display:block}
table.cards thead{display:none}
table.cards,table.cards tbody,table.cards tr,table.cards td{display:block;width:100%}
table.cards tr{border:1px solid var(--line);border-radius:.5rem;margin:0 0 .9rem;padding:.5rem .75rem}
table.cards td{border:0;padding:.15rem 0;text-align:left}
table.cards td.n{text-align:left;display:inline-block;width:50%;vertical-align:top}
table.cards td[data-label]::before{content:attr(data-label) ": ";color:var(--muted);font-size:.85rem}
table#speakers td.quote{min-width:0}
table#speakers td.quote::before{display:block}
table.cards td.name{font-size:1.1rem;font-weight:600}
table.cards td.name .affiliation{font-weight:400}
}
@media print{
main.overview{max-width:none}
.chart-h{display:block}
.chart-v{display:none}
.band0,.band1,.bar.peak{-webkit-print-color-adjust:exact;print-color-adjust:exact}
table#speakers tr{break-inside:avoid}
}
"#;

/// A count that a source may not give: the number, else "not in the sources".
fn maybe(n: Option<u64>) -> Markup {
    html! {
        @match n {
            Some(n) => (n),
            None => span.unknown { (NOT_IN_SOURCES) },
        }
    }
}

/// The zone's offset at `t`, as `+01:00`.
fn offset(t: DateTime<Utc>, tz: Tz) -> String {
    t.with_timezone(&tz).format("%:z").to_string()
}

/// A slot as `09:00–10:00`, the day before it when it is not the event's.
fn slot_text(r: &EventRecap, (a, b): (DateTime<Utc>, DateTime<Utc>)) -> Markup {
    let tz = r.event.tz;
    let (la, lb) = (a.with_timezone(&tz), b.with_timezone(&tz));
    let day = r.event.starts.map(|s| s.with_timezone(&tz).date_naive());
    html! {
        @if day != Some(la.date_naive()) { (la.format("%Y-%m-%d")) " " }
        time datetime=(rfc(a)) { (la.format("%H:%M")) }
        "–"
        time datetime=(rfc(b)) {
            @if la.date_naive() != lb.date_naive() { (lb.format("%Y-%m-%d")) " " }
            (lb.format("%H:%M"))
        }
    }
}

/// Writes the event page (`recap --all`'s `index.html`, `recap --overview`): the headline
/// numbers, the day's chart, a row per speaker (linking `SLUG.EXT` when `ext` is given), the
/// leaderboards and what the programme missed.
pub fn index(
    w: &mut impl Write,
    r: &EventRecap,
    o: &Overview,
    ext: Option<&str>,
) -> io::Result<()> {
    let tz = r.event.tz;
    let at = o.day(&r.event);
    let doc = html! {
        (DOCTYPE)
        html lang="en" {
            (head(&r.event.title, OVERVIEW_CSS))
            body {
                main.overview {
                    header {
                        (event_line(r))
                        h1 { (r.event.title) }
                        p.muted {
                            (o.stats.total) " tweets attached to " code { (r.event.slug) } ", "
                            (r.speakers.len()) " " (plural(r.speakers.len(), "speaker", "speakers"))
                            " in the programme; times in " (tz.name()) " (" (offset(at, tz)) ")."
                        }
                    }
                    (headline(r, o))
                    (day(r, o))
                    (speaker_rows(r, o, ext))
                    (leaderboards(r, o))
                    (missed(r, o))
                    footer {
                        p {
                            "Made with chirpdex from the " (o.stats.total) " tweets of "
                            (r.event.slug) ". The numbers are those of "
                            code { "chirpdex stats --event " (r.event.slug) } " and "
                            code { "chirpdex speakers --event " (r.event.slug) } "."
                        }
                    }
                }
            }
        }
    };
    w.write_all(doc.into_string().as_bytes())?;
    w.flush()
}

fn headline(r: &EventRecap, o: &Overview) -> Markup {
    let tz = r.event.tz;
    let s = &o.stats;
    let types = [
        ("original", "Originals", s.types.original),
        ("retweet", "Retweets", s.types.retweet),
        ("reply", "Replies", s.types.reply),
        ("quote", "Quotes", s.types.quote),
    ];
    let no_time = html! {
        @if s.untimed > 0 {
            span.unknown { "unknown" } br; small { "the sources give only the day" }
        } @else { "–" }
    };
    html! {
        section #numbers {
            h2 { "The day in numbers" }
            dl.numbers.headline {
                div data-key="tweets" { dt { "Tweets" } dd { (s.total) } }
                @for (key, label, n) in types {
                    div data-key=(key) {
                        dt { (label) }
                        dd { span.count { (n) } " " small.share { (percent(n, s.total)) } }
                    }
                }
                div data-key="contributors" {
                    dt { "Contributors" }
                    dd {
                        span.count { (s.contributors.distinct) } br;
                        small {
                            "the top 10 wrote "
                            span.share data-key="top10_share" {
                                (percent(s.contributors.top10_tweets, s.contributors.tweets))
                            }
                        }
                    }
                }
                div data-key="first" {
                    dt { "First tweet" }
                    dd { @if let Some(t) = s.first { (clock(t, tz)) } @else { (no_time) } }
                }
                div data-key="last" {
                    dt { "Last tweet" }
                    dd { @if let Some(t) = s.last { (clock(t, tz)) } @else { (no_time) } }
                }
                div data-key="busiest" {
                    dt { "Busiest five minutes" }
                    dd {
                        @if let Some(b) = &o.busiest {
                            span.count { (b.window.tweets) } " " small { "tweets from" } br;
                            (clock(b.window.starts, tz))
                            span.on-stage {
                                @if b.on_stage.is_empty() {
                                    "between slots"
                                } @else {
                                    "on stage: "
                                    @for (i, k) in b.on_stage.iter().enumerate() {
                                        @if i > 0 { ", " }
                                        span.speaker { (speaker_name(&r.speakers[*k])) }
                                    }
                                }
                            }
                        } @else { (no_time) }
                    }
                }
                div data-key="retweet_count" { dt { "Retweets received" } dd { (maybe(o.received.retweets)) } }
                div data-key="favorite_count" { dt { "Likes received" } dd { (maybe(o.received.likes)) } }
                @if s.untimed > 0 {
                    div data-key="untimed" { dt { "Day only, no time" } dd { (s.untimed) } }
                }
            }
            p.note {
                "Retweets and likes received are summed over the tweets that are not retweets"
                @if o.received.retweets.is_none() {
                    "; the sources of these tweets (copied text, saved pages) give no counts."
                } @else if o.received.without_counts > 0 {
                    "; " span data-key="without_counts" { (o.received.without_counts) } " "
                    (plural(o.received.without_counts, "tweet comes", "tweets come"))
                    " from sources that give no counts (copied text, saved pages) and "
                    (plural(o.received.without_counts, "is", "are")) " left out."
                } @else { "." }
                " Contributors are the accounts that wrote the tweets"
                @if s.unknown_author > 0 {
                    " (" span data-key="unknown_author" { (s.unknown_author) } " "
                    (plural(s.unknown_author as usize, "tweet names", "tweets name")) " no author)"
                }
                "."
                @if s.untimed > 0 {
                    " " (s.untimed) " " (plural(s.untimed as usize, "tweet gives", "tweets give"))
                    " only the day, not the time: left out of the times and the chart."
                }
            }
        }
    }
}

/// Chart geometry, in the SVG's own units. The horizontal chart is drawn 960 wide and shown
/// from about 600 px to the page's width, and on paper (its text 16 units: 10 px at the
/// narrowest); the vertical one is drawn 360 wide for a phone, where a unit is about a pixel.
const H_W: f64 = 960.0;
const H_LEFT: f64 = 44.0;
const H_RIGHT: f64 = 14.0;
const H_PLOT: f64 = 230.0;
const H_FONT: f64 = 16.0;
const H_LINE: f64 = 19.0;
const V_W: f64 = 360.0;
const V_TIME: f64 = 44.0;
const V_BARS: f64 = 48.0;
const V_BAR_MAX: f64 = 118.0;
const V_LABELS: f64 = 204.0;
const V_FONT: f64 = 14.0;
const V_LINE: f64 = 16.0;
const V_TOP: f64 = 26.0;

fn day(r: &EventRecap, o: &Overview) -> Markup {
    let tz = r.event.tz;
    let untimed = o.stats.untimed;
    html! {
        section #day {
            h2 { "The day" }
            @if let Some(c) = o.chart.as_ref().filter(|c| c.buckets.iter().any(|b| b.tweets > 0)) {
                figure {
                    div.chart-h { (chart_h(r, c)) }
                    div.chart-v { (chart_v(r, c)) }
                    figcaption {
                        "Tweets per " (bucket_words(c.minutes)) ", " (local(c.from, tz)) " to "
                        (local(c.to, tz)) "."
                        @if !c.slots.is_empty() { " Each band is a speaker's slot." }
                        @if c.peaks.len() == 1 {
                            " The darker bar is the busiest, with its time and tweets."
                        } @else if c.peaks.len() > 1 {
                            " The darker bars are the peaks, with their time and tweets."
                        }
                    }
                }
                @if untimed > 0 {
                    p.note #untimed-note {
                        (untimed) " " (plural(untimed as usize, "tweet gives", "tweets give"))
                        " only the day, not the time: counted apart, not in the chart."
                    }
                }
            } @else {
                p.note #untimed-note {
                    @if untimed > 0 {
                        @if untimed == o.stats.total {
                            "All " (untimed) " tweets give only their day, not their time (copied text): there is no chart of the day."
                        } @else {
                            (untimed) " " (plural(untimed as usize, "tweet gives", "tweets give"))
                            " only the day, not the time, and no other has a time: there is no chart of the day."
                        }
                    } @else {
                        "No tweet has a time: there is no chart of the day."
                    }
                }
            }
        }
    }
}

/// An estimate of a text's width in a sans-serif font of `size`, for fitting labels: a little
/// wider than DejaVu Sans and the system fonts draw it.
fn text_width(s: &str, size: f64) -> f64 {
    s.chars()
        .map(|c| match c {
            'i' | 'l' | 'j' | 't' | 'f' | 'r' | 'I' | '.' | ',' | ':' | ';' | '\'' | '!' | '|' => {
                0.32
            }
            ' ' => 0.3,
            'm' | 'w' | 'M' | 'W' => 0.86,
            c if c.is_uppercase() => 0.7,
            _ => 0.58,
        })
        .sum::<f64>()
        * size
        // A margin for fonts wider than the estimate (and italics).
        * 1.08
}

/// A text cut to `width`, ending in `…` when cut; None when not even a letter fits.
fn cut(s: &str, width: f64, size: f64) -> Option<String> {
    if text_width(s, size) <= width {
        return Some(s.to_string());
    }
    let mut out = String::new();
    for c in s.chars() {
        let next = format!("{out}{c}…");
        if text_width(&next, size) > width {
            break;
        }
        out.push(c);
    }
    let out = out.trim_end();
    (!out.is_empty()).then(|| format!("{out}…"))
}

/// Words wrapped into at most `lines` lines of `width`; `exact`: None when the text does not
/// fit whole, else the last line is cut with `…`.
fn wrap(s: &str, width: f64, size: f64, lines: usize, exact: bool) -> Option<Vec<String>> {
    let mut out: Vec<String> = Vec::new();
    for word in s.split_whitespace() {
        match out.last_mut() {
            Some(line) if text_width(&format!("{line} {word}"), size) <= width => {
                line.push(' ');
                line.push_str(word);
            }
            _ => {
                if out.len() == lines {
                    if exact {
                        return None;
                    }
                    let last = out.last_mut()?;
                    // It did not fit whole: cut, it ends with `…`.
                    *last = cut(&format!("{last} {word}"), width, size)?;
                    return Some(out);
                }
                if text_width(word, size) > width {
                    if exact {
                        return None;
                    }
                    out.push(cut(word, width, size)?);
                } else {
                    out.push(word.to_string());
                }
            }
        }
    }
    (!out.is_empty()).then_some(out)
}

/// A slot's label: the speaker's name in up to two lines, then the talk when it fits whole in
/// the lines left (at most `lines` in all). Each line: text, and whether it is the talk's.
fn band_label(
    r: &EventRecap,
    slot: &Slot,
    width: f64,
    size: f64,
    lines: usize,
) -> Vec<(String, bool)> {
    if lines == 0 {
        return Vec::new();
    }
    let s = &r.speakers[slot.speaker];
    let Some(name) = wrap(&speaker_name(s), width, size, lines.min(2), false) else {
        return Vec::new();
    };
    let left = lines - name.len();
    let talk = s
        .speaker
        .talk
        .as_deref()
        .filter(|_| left > 0)
        .and_then(|t| wrap(t, width, size, left.min(3), true))
        .unwrap_or_default();
    name.into_iter()
        .map(|l| (l, false))
        .chain(talk.into_iter().map(|l| (l, true)))
        .collect()
}

/// Every how many hours the time axis is labelled, for a span of `hours`.
fn tick_every(hours: i64) -> i64 {
    match hours {
        0..=12 => 1,
        13..=24 => 2,
        25..=72 => 6,
        _ => 24,
    }
}

/// The day's chart for wide screens and paper: time across, a band per slot labelled at its
/// top, a bar per bucket, the peaks marked.
fn chart_h(r: &EventRecap, c: &Chart) -> Markup {
    let tz = r.event.tz;
    let f = |v: f64| format!("{v:.1}");
    let span = (c.to - c.from).num_seconds().max(1) as f64;
    let plot_w = H_W - H_LEFT - H_RIGHT;
    let x = |t: DateTime<Utc>| H_LEFT + (t - c.from).num_seconds() as f64 / span * plot_w;
    let labels: Vec<Vec<(String, bool)>> = c
        .slots
        .iter()
        .map(|s| band_label(r, s, x(s.ends) - x(s.starts) - 8.0, H_FONT, 4))
        .collect();
    let lines = labels.iter().map(Vec::len).max().unwrap_or(0);
    let top = 6.0;
    let strip = if c.slots.is_empty() {
        0.0
    } else {
        lines as f64 * H_LINE + 10.0
    };
    let y0 = top + strip;
    let base = y0 + H_PLOT;
    let height = base + 30.0;
    let max = c.buckets.iter().map(|b| b.tweets).max().unwrap_or(0).max(1);
    // Headroom above the highest bar for a peak's label.
    let bar_h = |n: usize| n as f64 / max as f64 * (H_PLOT - 26.0);
    let step = plot_w / c.buckets.len().max(1) as f64;
    let bar_w = (step * 0.8).max(0.8);
    let hours = (c.to - c.from).num_hours();
    let every = tick_every(hours);
    let ticks: Vec<DateTime<Utc>> = (0..=hours)
        .map(|h| c.from + Duration::hours(h))
        .filter(|t| i64::from(t.with_timezone(&tz).hour()) % every == 0)
        .collect();
    // Each peak's label, `HH:MM · N` above its bar, kept inside the chart; one that would
    // overlap a higher peak's is left out (its bar stays darker).
    let mut peak_labels: Vec<(usize, f64, &str, String)> = Vec::new();
    let mut taken: Vec<(f64, f64)> = Vec::new();
    for i in &c.peaks {
        let b = c.buckets[*i];
        let cx = x(b.starts) + step / 2.0;
        let text = format!(
            "{} · {}",
            b.starts.with_timezone(&tz).format("%H:%M"),
            b.tweets
        );
        let w = text_width(&text, 15.0);
        let (at, anchor, x0) = if cx - w / 2.0 < H_LEFT {
            (H_LEFT, "start", H_LEFT)
        } else if cx + w / 2.0 > H_W - 2.0 {
            (H_W - 2.0, "end", H_W - 2.0 - w)
        } else {
            (cx, "middle", cx - w / 2.0)
        };
        if taken.iter().all(|(a, b)| x0 + w + 8.0 < *a || x0 > b + 8.0) {
            taken.push((x0, x0 + w));
            peak_labels.push((*i, at, anchor, text));
        }
    }
    html! {
        svg xmlns="http://www.w3.org/2000/svg" viewBox=(format!("0 0 {} {}", f(H_W), f(height)))
            role="img" aria-labelledby="day-title" {
            title #day-title { "Tweets per " (bucket_words(c.minutes)) " through the day, with the speakers' slots" }
            @for (i, (s, label)) in c.slots.iter().zip(&labels).enumerate() {
                g.slot data-speaker=(r.speakers[s.speaker].slug) {
                    rect class=(if i % 2 == 0 { "band band0" } else { "band band1" })
                        x=(f(x(s.starts))) y=(f(top)) width=(f(x(s.ends) - x(s.starts))) height=(f(base - top))
                        data-starts=(rfc(s.starts)) data-ends=(rfc(s.ends)) {
                        title { (speaker_name(&r.speakers[s.speaker])) ", " (local(s.starts, tz)) " to " (local(s.ends, tz)) }
                    }
                    @if !label.is_empty() {
                        text.band-label x=(f((x(s.starts) + x(s.ends)) / 2.0)) y=(f(top + H_LINE - 2.0)) text-anchor="middle" {
                            @for (k, (line, talk)) in label.iter().enumerate() {
                                tspan class=[talk.then_some("talk-line")]
                                    x=(f((x(s.starts) + x(s.ends)) / 2.0)) dy=(if k == 0 { "0".to_string() } else { f(H_LINE) }) {
                                    (line)
                                }
                            }
                        }
                    }
                }
            }
            line.grid x1=(f(H_LEFT)) x2=(f(H_W - H_RIGHT)) y1=(f(base - bar_h(max))) y2=(f(base - bar_h(max))) {}
            @for (i, b) in c.buckets.iter().enumerate() {
                @if b.tweets > 0 {
                    rect class=(if c.peaks.contains(&i) { "bar peak" } else { "bar" })
                        x=(f(x(b.starts) + (step - bar_w) / 2.0)) y=(f(base - bar_h(b.tweets)))
                        width=(f(bar_w)) height=(f(bar_h(b.tweets)))
                        data-starts=(rfc(b.starts)) data-tweets=(b.tweets) {
                        title { (b.starts.with_timezone(&tz).format("%H:%M")) ": " (b.tweets) " tweets" }
                    }
                }
            }
            @for (i, at, anchor, text) in &peak_labels {
                @let b = c.buckets[*i];
                text.peak-label x=(f(*at)) y=(f(base - bar_h(b.tweets) - 6.0)) text-anchor=(anchor)
                    data-starts=(rfc(b.starts)) { (text) }
            }
            line.axis x1=(f(H_LEFT)) x2=(f(H_W - H_RIGHT)) y1=(f(base)) y2=(f(base)) {}
            @for t in &ticks {
                line.axis x1=(f(x(*t))) x2=(f(x(*t))) y1=(f(base)) y2=(f(base + 5.0)) {}
                text.label x=(f(x(*t))) y=(f(base + 23.0))
                    text-anchor=(if *t == c.from { "start" } else if *t == c.to { "end" } else { "middle" }) {
                    (t.with_timezone(&tz).format("%H:%M"))
                }
            }
            text.label x=(f(H_LEFT - 6.0)) y=(f(base - bar_h(max) + 5.0)) text-anchor="end" { (max) }
            text.label x=(f(H_LEFT - 6.0)) y=(f(base)) text-anchor="end" { "0" }
        }
    }
}

/// The day's chart for a phone: time running down, a row per bucket, the slots as bands with
/// the speaker's name at full size beside the bars.
fn chart_v(r: &EventRecap, c: &Chart) -> Markup {
    let tz = r.event.tz;
    let f = |v: f64| format!("{v:.1}");
    let n = c.buckets.len();
    let row = if n <= 100 { 7.0 } else { 5.0 };
    let per_row = i64::from(c.minutes);
    let y = |t: DateTime<Utc>| V_TOP + (t - c.from).num_minutes() as f64 / per_row as f64 * row;
    let bottom = V_TOP + n as f64 * row;
    let height = bottom + 8.0;
    let max = c.buckets.iter().map(|b| b.tweets).max().unwrap_or(0).max(1);
    let bar = |k: usize| k as f64 / max as f64 * V_BAR_MAX;
    let hours = (c.to - c.from).num_hours();
    let every = tick_every(hours);
    let ticks: Vec<DateTime<Utc>> = (0..=hours)
        .map(|h| c.from + Duration::hours(h))
        .filter(|t| i64::from(t.with_timezone(&tz).hour()) % every == 0)
        .collect();
    let label_w = V_W - V_LABELS - 4.0;
    html! {
        svg xmlns="http://www.w3.org/2000/svg" viewBox=(format!("0 0 {} {}", f(V_W), f(height)))
            role="img" aria-labelledby="day-title-v" {
            title #day-title-v { "Tweets per " (bucket_words(c.minutes)) " through the day, with the speakers' slots" }
            @for (i, s) in c.slots.iter().enumerate() {
                @let (top, end) = (y(s.starts), y(s.ends));
                @let lines = ((end - top - 4.0) / V_LINE).floor().max(0.0) as usize;
                @let label = band_label(r, s, label_w, V_FONT, lines.min(5));
                g.slot data-speaker=(r.speakers[s.speaker].slug) {
                    rect class=(if i % 2 == 0 { "band band0" } else { "band band1" })
                        x=(f(V_BARS - 2.0)) y=(f(top)) width=(f(V_W - V_BARS + 2.0)) height=(f(end - top))
                        data-starts=(rfc(s.starts)) data-ends=(rfc(s.ends)) {
                        title { (speaker_name(&r.speakers[s.speaker])) ", " (local(s.starts, tz)) " to " (local(s.ends, tz)) }
                    }
                    @if !label.is_empty() {
                        text.band-label x=(f(V_LABELS)) y=(f(top + V_LINE - 2.0)) {
                            @for (k, (line, talk)) in label.iter().enumerate() {
                                tspan class=[talk.then_some("talk-line")] x=(f(V_LABELS))
                                    dy=(if k == 0 { "0".to_string() } else { f(V_LINE) }) { (line) }
                            }
                        }
                    }
                }
            }
            text.label x=(f(V_BARS)) y="16" { "0" }
            text.label x=(f(V_BARS + V_BAR_MAX)) y="16" text-anchor="end" { (max) " tweets" }
            line.grid x1=(f(V_BARS + V_BAR_MAX)) x2=(f(V_BARS + V_BAR_MAX)) y1=(f(V_TOP - 4.0)) y2=(f(bottom)) {}
            @for (i, b) in c.buckets.iter().enumerate() {
                @if b.tweets > 0 {
                    rect class=(if c.peaks.contains(&i) { "bar peak" } else { "bar" })
                        x=(f(V_BARS)) y=(f(y(b.starts) + 0.5)) width=(f(bar(b.tweets).max(0.8))) height=(f(row - 1.0))
                        data-starts=(rfc(b.starts)) data-tweets=(b.tweets) {
                        title { (b.starts.with_timezone(&tz).format("%H:%M")) ": " (b.tweets) " tweets" }
                    }
                }
            }
            @for i in &c.peaks {
                @let b = c.buckets[*i];
                text.peak-label x=(f(V_BARS + bar(b.tweets) + 3.0)) y=(f(y(b.starts) + row / 2.0 + 4.0))
                    data-starts=(rfc(b.starts)) { (b.tweets) }
            }
            line.axis x1=(f(V_BARS)) x2=(f(V_BARS)) y1=(f(V_TOP)) y2=(f(bottom)) {}
            @for t in &ticks {
                line.axis x1=(f(V_BARS - 5.0)) x2=(f(V_BARS)) y1=(f(y(*t))) y2=(f(y(*t))) {}
                text.label x=(f(V_TIME)) y=(f((y(*t) + 4.5).min(height - 2.0))) text-anchor="end" {
                    (t.with_timezone(&tz).format("%H:%M"))
                }
            }
        }
    }
}

fn speaker_rows(r: &EventRecap, o: &Overview, ext: Option<&str>) -> Markup {
    let tz = r.event.tz;
    // A column the programme leaves empty for every speaker is left out.
    let talks = r.speakers.iter().any(|s| s.speaker.talk.is_some());
    let slots = r.speakers.iter().any(|s| s.speaker.slot.is_some());
    html! {
        section #speakers-section {
            h2 { "Speakers" }
            table #speakers.cards {
                thead {
                    tr {
                        th { "Speaker" }
                        @if talks { th { "Talk" } }
                        @if slots { th { "Slot" } }
                        th.n { "Tweets" } th.n { "Authors" }
                        th.n { "Retweets received" } th.n { "Likes received" }
                        th { "Top quote" }
                    }
                }
                tbody {
                    @for (s, row) in r.speakers.iter().zip(&o.speakers) {
                        tr data-slug=(s.slug) {
                            td.name {
                                @if let Some(ext) = ext {
                                    a href=(format!("{}.{ext}", s.slug)) { (speaker_name(s)) }
                                } @else { (speaker_name(s)) }
                                @if let Some(a) = &s.speaker.affiliation { br; span.affiliation { (a) } }
                            }
                            @if talks {
                                td.title data-label="Talk" { @if let Some(t) = &s.speaker.talk { (t) } @else { "–" } }
                            }
                            @if slots {
                                td.when data-label="Slot" {
                                    @if let Some(slot) = s.speaker.slot { (slot_text(r, slot)) } @else { "–" }
                                }
                            }
                            td.n data-key="tweets" data-label="Tweets" { (s.tweets) }
                            td.n data-key="authors" data-label="Authors" { (s.authors) }
                            td.n data-key="retweet_count" data-label="Retweets received" {
                                (maybe(row.received.retweets))
                                @if row.received.retweets.is_some() && row.received.without_counts > 0 {
                                    br; small.muted { "(" (row.received.without_counts) " without counts)" }
                                }
                            }
                            td.n data-key="favorite_count" data-label="Likes received" { (maybe(row.received.likes)) }
                            td.quote data-label="Top quote" {
                                @if let Some(t) = &row.top_quote {
                                    blockquote lang=[t.lang.as_deref().filter(|l| *l != "und")] { (t.text) }
                                    p.by { "— " (author_of(t)) ", " (time_link(t, r)) }
                                } @else { "–" }
                            }
                        }
                    }
                }
            }
            p.note {
                "In the programme's order"
                @if slots { "; slots in " (tz.name()) " (" (offset(r.event.starts.unwrap_or_else(Utc::now), tz)) ")" }
                ". Tweets counted as in "
                code { "chirpdex speakers" } " (retweets included); retweets and likes received summed over the tweets that are not retweets. The top quote is the most retweeted tweet that quotes the speaker, else the most retweeted about them."
            }
        }
    }
}

/// A tweet's author for people: `Name (@handle)`, or `@handle`.
fn author_of(t: &Tweet) -> String {
    if t.author.name.trim().is_empty() || t.author.name == t.author.handle {
        format!("@{}", t.author.handle)
    } else {
        format!("{} (@{})", t.author.name, t.author.handle)
    }
}

/// A tweet's time (or day), linked to the tweet when it has a link.
fn time_link(t: &Tweet, r: &EventRecap) -> Markup {
    let link = t.url().as_deref().and_then(safe_link);
    let datetime = rfc(t.created_at);
    html! {
        @if let Some(link) = &link {
            a href=(link) { time datetime=(datetime) { (event_time(t, r)) } }
        } @else {
            time datetime=(datetime) { (event_time(t, r)) }
        }
    }
}

fn board(id: &str, title: &str, sign: &str, list: &[Entry], empty: &str) -> Markup {
    html! {
        section.board id=(id) {
            h3 { (title) }
            @if list.is_empty() {
                p.note { (empty) }
            } @else {
                ol.board {
                    @for e in list {
                        li data-key=(e.key) data-count=(e.count) {
                            span.n { (e.count) } span.value { (sign) (e.shown) }
                        }
                    }
                }
            }
        }
    }
}

fn top_tweets(
    id: &str,
    title: &str,
    noun: &str,
    list: &[Top],
    known: bool,
    r: &EventRecap,
) -> Markup {
    html! {
        section id=(id) {
            h3 { (title) }
            @if list.is_empty() {
                p.note {
                    @if known { "None: no tweet has any." } @else { "Not in the sources: they give no counts." }
                }
            } @else {
                ol.quotes {
                    @for t in list {
                        li.quote data-id=(t.top.id) data-count=(t.top.count) {
                            blockquote lang=[t.tweet.as_ref().and_then(|t| t.lang.as_deref()).filter(|l| *l != "und")] {
                                p.text { (t.top.text) }
                            }
                            p.by {
                                span.count { (t.top.count) } " " (noun) " — "
                                @if let Some(tweet) = &t.tweet {
                                    span.author { (author_of(tweet)) } ", " (time_link(tweet, r))
                                } @else {
                                    span.author { "@" (t.top.author) }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

fn leaderboards(r: &EventRecap, o: &Overview) -> Markup {
    let own: Vec<String> = r.event.hashtags.iter().map(|h| format!("#{h}")).collect();
    let beside = if own.is_empty() {
        "Hashtags".to_string()
    } else {
        format!("Hashtags beside {}", own.join(" "))
    };
    let known = o.received.retweets.is_some();
    html! {
        section #leaderboards {
            h2 { "Leaderboards" }
            div.boards {
                (board("contributors", "Most active contributors", "@", &o.authors, "No tweet names its author."))
                (board("mentioned", "Most mentioned accounts", "@", &o.mentions, "No tweet mentions an account."))
                section.board #hashtags {
                    h3 { (beside) }
                    @if !o.event_hashtags.is_empty() {
                        p.note.own {
                            @for (i, e) in o.event_hashtags.iter().enumerate() {
                                @if i > 0 { "; " }
                                "#" (e.shown) " is on " span data-key=(e.key) data-count=(e.count) { (e.count) }
                                " of " (o.stats.total) " tweets"
                            }
                            "."
                        }
                    }
                    @if o.hashtags.is_empty() {
                        p.note { "No other hashtag." }
                    } @else {
                        ol.board {
                            @for e in &o.hashtags {
                                li data-key=(e.key) data-count=(e.count) {
                                    span.n { (e.count) } span.value { "#" (e.shown) }
                                }
                            }
                        }
                    }
                }
                (board("domains", "Most shared sites", "", &o.domains, "No tweet shares a link."))
            }
            section #links {
                h3 { "Most shared links" }
                @if o.links.is_empty() {
                    p.note { "No tweet shares a link." }
                } @else {
                    ol.board {
                        @for l in &o.links {
                            li data-key=(l.url) data-count=(l.count) {
                                span.n { (l.count) }
                                @if let Some(href) = safe_link(&l.url) {
                                    a.value href=(href) { (l.url) }
                                } @else {
                                    span.value { (l.url) }
                                }
                                @if let Some(d) = &l.domain { span.domain { (d) } }
                            }
                        }
                    }
                    p.note { "Links as their sources expand them; a retweet shares its original's. Links to tweets (quotes) and photos are not counted." }
                }
            }
            div.tops {
                (top_tweets("most-retweeted", "Most retweeted", "retweets", &o.most_retweeted, known, r))
                (top_tweets("most-liked", "Most liked", "likes", &o.most_liked, known, r))
            }
        }
    }
}

fn missed(r: &EventRecap, o: &Overview) -> Markup {
    let m = &o.missed;
    html! {
        section #missed {
            h2 { "What the programme missed" }
            @if m.tweets == 0 {
                p { "Every tweet of the event was attributed to a speaker." }
            } @else {
                p {
                    span.count data-key="unattributed" { (m.tweets) } " of " (o.stats.total)
                    " " (plural(o.stats.total as usize, "tweet was", "tweets were"))
                    " attributed to no speaker"
                    @if m.retweets > 0 { " (" (m.retweets) " of them retweets)" }
                    @if m.textless > 0 {
                        "; " (m.textless) " " (plural(m.textless, "has", "have")) " no text (a photo alone)"
                    }
                    ". They may be about a talk the programme lacks, a speaker it names otherwise, or the day itself."
                }
                h3 { "Their characteristic terms" }
                @if m.terms.is_empty() {
                    p.note { "None stands out: no word is in two of them and more frequent there than in the rest of the event." }
                } @else {
                    ul.chips #missed-terms {
                        @for t in &m.terms {
                            li data-log-likelihood=(t.log_likelihood) {
                                span.term { (t.term) } " " span.n { (t.tweets) }
                            }
                        }
                    }
                }
                @if !m.mentions.is_empty() {
                    h3 { "The accounts they mention" }
                    ul.chips #missed-mentions {
                        @for e in &m.mentions {
                            li data-tweets=(e.tweets) { span.value { "@" (e.value) } " " span.n { (e.tweets) } }
                        }
                    }
                }
                p.note {
                    "To complete the programme: " code { "chirpdex speakers --discover" }
                    " proposes speakers from the handles and names that people quote; add them to the programme and run "
                    code { "chirpdex event apply PROGRAMME.toml" } "."
                }
            }
            @if r.speakers.is_empty() {
                p.note { "The programme names no speaker." }
            }
        }
    }
}
