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

use super::{
    Clock, EventRecap, NOT_IN_SOURCES, Quote, Ranked, SpeakerRecap, count_text, local, safe_link,
};

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

fn head(title: &str) -> Markup {
    html! {
        head {
            meta charset="utf-8";
            meta name="viewport" content="width=device-width, initial-scale=1";
            meta http-equiv="Content-Security-Policy" content=(CSP);
            meta name="generator" content="chirpdex";
            title { (title) }
            style { (PreEscaped(CSS)) }
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
        time datetime=(t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)) {
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
    let rfc = |t: DateTime<Utc>| t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
    let doc = html! {
        (DOCTYPE)
        html lang="en" {
            (head(&format!("{title} · {}", r.event.title)))
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
                                    ("slot", "Posted during the slot", s.methods.slot),
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
                ol.quotes { @for q in &s.quotes { (quote(q, clock)) } }
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
    let rfc = |t: DateTime<Utc>| t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
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
    let datetime = q
        .created_at
        .to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
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

/// Writes the index page: the event, then a link to each speaker's page (`SLUG.EXT`).
pub fn index(w: &mut impl Write, r: &EventRecap, ext: &str) -> io::Result<()> {
    let doc = html! {
        (DOCTYPE)
        html lang="en" {
            (head(&format!("{} · speakers", r.event.title)))
            body {
                main {
                    header {
                        (event_line(r))
                        h1 { "Speakers" }
                        p.muted { (r.tweets) " tweets; one page per speaker." }
                    }
                    div.wide {
                        table #speakers {
                            thead {
                                tr {
                                    th { "Speaker" } th { "Talk" }
                                    th.n { "Tweets" } th.n { "Retweets received" } th.n { "Likes received" }
                                }
                            }
                            tbody {
                                @for s in &r.speakers {
                                    tr data-slug=(s.slug) {
                                        td { a href=(format!("{}.{ext}", s.slug)) { (s.name) } }
                                        td { @if let Some(t) = &s.speaker.talk { (t) } }
                                        td.n { (s.tweets) }
                                        td.n { (count_text(s.retweet_count)) }
                                        td.n { (count_text(s.favorite_count)) }
                                    }
                                }
                            }
                        }
                    }
                    footer { p { "Made with chirpdex; times in " (r.event.tz.name()) "." } }
                }
            }
        }
    };
    w.write_all(doc.into_string().as_bytes())?;
    w.flush()
}
