//! Which speakers of a programme a tweet is about, and how that was decided.
//!
//! In order of strength, for each listed speaker:
//! 1. `quote`: a live-tweet pattern quotes them: `@handle: ...`, `@handle "..."`, `Name: ...`,
//!    `Name racconta / dice / spiega / says / explains ...` (and a few more verbs);
//! 2. `mention`: their handle is mentioned;
//! 3. `name`: their name or an alias appears, as whole words, whatever the case and accents;
//! 4. `slot` (inferred): no listed speaker is named, the tweet carries one of the event's
//!    hashtags, its time of day is known, and it falls in a speaker's slot.
//!
//! A retweet is judged on its original's text (which is what chirpdex stores), so it carries its
//! original's speakers; the `RT @handle:` that starts a retweet stored as typed is no quote and
//! no mention. Only listed speakers are ever attributed: an account that is thanked, or an
//! institution's, is nobody's speaker unless the programme lists it.

use std::collections::BTreeSet;
use std::sync::LazyLock;

use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Tz;
use regex::Regex;
use serde::Serialize;

use crate::event::Event;
use crate::model::fold::{fold, fold_keeping_case};
use crate::model::{Attribution, Method, Tweet};

/// Verbs that, after a speaker's name or handle, introduce what they said.
const VERBS: &str = "racconta|raccontano|dice|dicono|spiega|spiegano|sottolinea|afferma|ricorda|\
    osserva|aggiunge|annuncia|presenta|propone|conclude|interviene|says|said|explains|\
    explained|tells|told|argues|notes|adds|reminds|points out|presents|shows";

/// Opening quotation marks.
const QUOTES: &str = r#"["“«‘'„]"#;

/// The share of a talk's title words a tweet must repeat to be the talk's announcement or
/// introduction ("next up @x with 'title'") rather than a report of what was said.
const TITLE_SHARE: f64 = 0.8;

/// Words (folded) by which people speak of a talk itself ("the slides of my talk").
const TALK: &[&str] = &[
    "slide",
    "slides",
    "talk",
    "talks",
    "keynote",
    "intervento",
    "interventi",
    "presentazione",
    "relazione",
    "video",
    "lecture",
    "speech",
    "q&a",
    "relatore",
    "relatrice",
];

/// Whether the text speaks of a talk itself, or (`panel`) of the panel on stage.
fn speaks_of_talk(words: &BTreeSet<String>, panel: bool) -> bool {
    words
        .iter()
        .map(|w| fold(w))
        .any(|w| TALK.contains(&w.as_str()) || (panel && w == "panel"))
}

/// Three handles or more in a row, with nothing between them but commas and "and": a list (a
/// programme, a thank-you to all), not what any of them said. A summary that says something
/// of each between their handles is no list.
static LISTED: LazyLock<Regex> = LazyLock::new(|| {
    let handle = r"[@＠]\w{1,15}";
    let between = r"(?:\s*[,;&/]\s*|\s+(?:e|ed|and|y|und|et)\s+|\s*,\s*(?:e|ed|and)\s+|\s+)";
    Regex::new(&format!("{handle}(?:{between}{handle}){{2,}}")).expect("a valid pattern")
});

/// A text in quotes.
static QUOTED: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r#"["“«‘']([^"”»’]{8,}?)["”»’']"#).expect("a valid pattern"));

/// Words that introduce a speaker rather than report them: "now on stage", "next up".
static INTRODUCING: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(&format!(r"(?i)\b(?:{INTRODUCTIONS})")).expect("a valid pattern"));

/// An introduction's cue and a handle a few words after it ("ora sul palco @x", "next up:
/// the panel with @x", "sul palco con me @x"), or a handle going on stage ("@x sale sul
/// palco"): the tweet presents someone, and its handles are introduced, not reported. A cue
/// farther off is about something else ("@x porta un sensore sul palco").
static INTRODUCES_SOMEONE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i)\b(?:{INTRODUCTIONS})[\s:,(]*(?:\S+\s+){{0,4}}?\(?[@＠]\w|[@＠]\w{{1,15}}\W+(?:(?:sale|arriva|è|is|now|ora|comes)\s+)?(?:sul palco|on stage)"
    ))
    .expect("a valid pattern")
});

/// The words of [`INTRODUCING`].
const INTRODUCTIONS: &str = "sul palco|on stage|ora tocca|tocca a|next up|up next|next:|a seguire|si riparte|si riprende|ora la parola|la parola a|benvenut[oaie]|welcome|apre la giornata|opens the day";

/// The pattern of a handle mentioned in passing: thanked ("grazie @x"), placed in the room
/// ("@x in prima fila", "@x is in the front row") or talked to ("someone tell @x").
fn passing(handles: &[String]) -> Option<Regex> {
    if handles.is_empty() {
        return None;
    }
    let h = format!(
        "(?:{})\\b",
        handles
            .iter()
            .map(|h| regex::escape(h))
            .collect::<Vec<_>>()
            .join("|")
    );
    Regex::new(&format!(
        r"(?i)(?:(?:grazie|thanks|thank you|thx|complimenti|congrats|kudos)(?:\s+(?:a|to|anche a))?\s+[@＠]{h}|(?:tell|dite a|ditelo a|ask|chiedete a)\s+[@＠]{h}|[@＠]{h}(?:\s+(?:è|is|was|era|sits|siede))?\s+(?:in prima fila|in sala|tra il pubblico|in the front row|in the room|in the audience|among the audience))"
    ))
    .ok()
}

/// How long into a slot a tweet that gives the talk's title introduces it, in minutes.
const OPENING: i64 = 10;

/// How many of a speaker's tweets a word must be in to be learned as evidence of their talk.
const LEARNED_MIN: usize = 2;

/// What it takes to recognise one speaker, compiled once.
struct Pattern {
    display: String,
    handles: Vec<String>,
    /// The name and aliases as whole words, on the text folded to ASCII with its case kept: a
    /// name of several words in any case, a name of one word (a surname alias) only as written
    /// with its capital, and not when a capitalised word follows (`Porta Venezia`).
    named: Vec<(Regex, bool)>,
    /// `Name:` / `Name says`, on the same text, with the same rule of case.
    name_quote: Vec<(Regex, bool)>,
    /// `@handle:` / `@handle "` / `@handle says` on the text as written.
    handle_quote: Option<Regex>,
    /// A handle mentioned in passing ([`passing`]).
    passing: Option<Regex>,
    slot: Option<(DateTime<Utc>, DateTime<Utc>)>,
    /// The content words of the talk's title, as stems.
    title: BTreeSet<String>,
    /// The words people use about the talk ([`Matcher::learn`]), as stems.
    vocabulary: BTreeSet<String>,
    /// The stems of the speaker's own names and handles (never learned: they name them).
    own_words: BTreeSet<String>,
    /// The first word of a name of several, capitalised as written: on its own it names
    /// nobody, but said while they are on stage ("great talk by Niccolò") it points to them.
    first_name: Option<Regex>,
    /// The slot's moderator (the talk says so): never inferred from the slot alone.
    moderator: bool,
}

/// Attributes tweets to the speakers of one event.
pub struct Matcher {
    patterns: Vec<Pattern>,
    hashtags: Vec<String>,
    tz: Tz,
    /// The event's first and last day, when the programme gives its times.
    days: Option<(NaiveDate, NaiveDate)>,
}

/// Letters and digits on neither side: a whole word or words.
fn whole(alternative: &str) -> String {
    format!(r"(?:^|[^\p{{L}}\p{{N}}_])(?:{alternative})(?:$|[^\p{{L}}\p{{N}}_])")
}

/// A name as a pattern on case-kept folded text, and whether it is a single word: several
/// words in any case (joined by any run of spaces), one word with its capital as written.
fn name_pattern(name: &str) -> Option<(String, bool)> {
    let folded = fold_keeping_case(name.trim());
    let words: Vec<&str> = folded.split_whitespace().collect();
    match words[..] {
        [] => None,
        [one] => {
            let mut chars = one.chars();
            let first = chars.next()?;
            let rest = regex::escape(chars.as_str());
            Some(if first.is_uppercase() {
                (
                    format!("{}(?i:{rest})", regex::escape(&first.to_string())),
                    true,
                )
            } else {
                (format!("(?i:{})", regex::escape(one)), true)
            })
        }
        _ => {
            let joined: Vec<String> = words.iter().map(|w| regex::escape(w)).collect();
            Some((format!("(?i:{})", joined.join(r"\s+")), false))
        }
    }
}

/// A word's stem for comparing Italian and English words across their endings: its first five
/// letters, folded (`comunicazione` and `comunicare` meet; `dati` stays `dati`).
fn stem(word: &str) -> String {
    fold(word).chars().take(5).collect()
}

fn stems(text: &str) -> BTreeSet<String> {
    stems_of(&super::words(text))
}

fn stems_of(words: &BTreeSet<String>) -> BTreeSet<String> {
    words.iter().map(|w| stem(w)).collect()
}

/// Whether `re` finds a match in `text` that counts: for a one-word name, one that no
/// capitalised word follows (`Porta Venezia` is a place).
fn finds(re: &Regex, single: bool, text: &str) -> bool {
    re.find_iter(text).any(|m| {
        if !single {
            return true;
        }
        // The pattern takes the character after the name, if any, with it.
        let (matched, tail) = (m.as_str(), &text[m.end()..]);
        let spaced = matched.ends_with(char::is_whitespace)
            || (matched.ends_with(char::is_alphanumeric) && tail.starts_with(char::is_whitespace));
        !(spaced && tail.trim_start().starts_with(char::is_uppercase))
    })
}

impl Matcher {
    pub fn new(event: &Event) -> Matcher {
        let mut slots: std::collections::HashMap<_, usize> = std::collections::HashMap::new();
        for s in &event.speakers {
            if let Some(slot) = s.slot {
                *slots.entry(slot).or_default() += 1;
            }
        }
        let patterns = event
            .speakers
            .iter()
            .map(|s| {
                let names: Vec<(String, bool)> = s
                    .name
                    .iter()
                    .chain(&s.aliases)
                    .filter_map(|n| name_pattern(n))
                    .collect();
                let handles: Vec<String> = s.handles.iter().map(|h| h.to_lowercase()).collect();
                let escaped: Vec<String> = s.handles.iter().map(|h| regex::escape(h)).collect();
                let compile = |re: String| Regex::new(&re).ok();
                let talk = s.talk.as_deref().unwrap_or("");
                let shared = s.slot.is_some_and(|slot| slots[&slot] > 1);
                Pattern {
                    display: s.display().to_string(),
                    named: names
                        .iter()
                        .filter_map(|(n, single)| Some((compile(whole(n))?, *single)))
                        .collect(),
                    name_quote: names
                        .iter()
                        .filter_map(|(n, single)| {
                            let re = format!(
                                r"(?:^|[^\p{{L}}\p{{N}}_@#])(?:{n})\s*(?::|,?\s+(?:{VERBS})\b)"
                            );
                            Some((compile(re)?, *single))
                        })
                        .collect(),
                    handle_quote: (!escaped.is_empty())
                        .then(|| {
                            compile(format!(
                                r"(?i)[@＠](?:{})\b\s*(?::|{QUOTES}|,?\s+(?:{VERBS})\b)",
                                escaped.join("|")
                            ))
                        })
                        .flatten(),
                    passing: passing(&s.handles),
                    handles,
                    slot: s.slot,
                    title: stems(talk),
                    vocabulary: BTreeSet::new(),
                    first_name: s
                        .name
                        .as_deref()
                        .filter(|n| n.split_whitespace().count() > 1)
                        .and_then(|n| n.split_whitespace().next())
                        .and_then(name_pattern)
                        .and_then(|(re, _)| compile(whole(&re))),
                    own_words: s
                        .name
                        .iter()
                        .chain(&s.aliases)
                        .chain(&s.handles)
                        .flat_map(|n| stems(n))
                        .collect(),
                    moderator: shared && fold(talk).contains("moder"),
                }
            })
            .collect();
        Matcher {
            patterns,
            hashtags: event.hashtags.iter().map(|h| fold(h)).collect(),
            tz: event.tz,
            days: event.starts.zip(event.ends).map(|(a, b)| {
                (
                    a.with_timezone(&event.tz).date_naive(),
                    b.with_timezone(&event.tz).date_naive(),
                )
            }),
        }
    }

    /// The speakers a tweet is about, each once, by the strongest method that finds them.
    ///
    /// A retweet is judged as its original: on its text, as posted by its author at its time
    /// (a Twitter id tells the time it was made; else the retweet's own time bounds it), so
    /// that it carries exactly its original's speakers.
    pub fn attribute(&self, tweet: &Tweet) -> Vec<Attribution> {
        self.judge(tweet).0
    }

    /// The speakers of [`Matcher::attribute`], and the stems of the tweet's words (computed
    /// once: finding the words takes twitter-text's parser).
    pub fn judge(&self, tweet: &Tweet) -> (Vec<Attribution>, BTreeSet<String>) {
        let text = strip_retweet_prefix(&tweet.text);
        let judged = Judged::of(tweet);
        let mentioned: Vec<String> = super::mentions(text)
            .iter()
            .map(|m| m.to_lowercase())
            .collect();
        let tagged = {
            let event_tag = |h: &String| self.hashtags.contains(&fold(h));
            tweet.hashtags.iter().any(event_tag) || super::hashtags(text).iter().any(event_tag)
        };
        let cased = fold_keeping_case(text);
        let words = super::words(text);
        let stems = stems_of(&words);
        let introducing = INTRODUCING.is_match(text);
        let listed = LISTED.is_match(text);
        let presents = INTRODUCES_SOMEONE.is_match(text);
        let mut named_any = false;
        let mut out = Vec::new();
        for p in &self.patterns {
            let method = if p.handle_quote.as_ref().is_some_and(|r| r.is_match(text))
                || p.name_quote.iter().any(|(r, one)| finds(r, *one, &cased))
            {
                Method::Quote
            } else if p.handles.iter().any(|h| mentioned.contains(h)) {
                Method::Mention
            } else if p.named.iter().any(|(r, one)| finds(r, *one, &cased)) {
                Method::Name
            } else {
                continue;
            };
            named_any = true;
            // A handle mentioned, not quoted, in a list of speakers (a programme, a thank-you
            // to all), after thanks, in passing ("@x in the front row") or on a tweet that
            // presents someone ("now on stage @x") says nothing of what they said.
            if method == Method::Mention
                && (listed || presents || p.passing.as_ref().is_some_and(|r| r.is_match(text)))
            {
                continue;
            }
            // Before the talk, nobody can report what was said in it: announcements, "next up",
            // "looking forward to", news of other days. Nor is a tweet that repeats the talk's
            // title an account of it: it announces or introduces the talk.
            if self.before(p, &judged)
                || (self.opening(p, &judged) && introduces(p, text, &stems, introducing))
            {
                continue;
            }
            out.push(Attribution {
                speaker: p.display.clone(),
                method,
            });
        }
        if !named_any
            && !presents
            && let Some(own) = self.own(tweet, &judged, tagged, &words, &stems)
        {
            out.push(own);
        }
        if !named_any
            && out.is_empty()
            && let Some(at) = judged.at
            && tagged
        {
            out.extend(self.inferred(at, &words, &cased, &stems));
        }
        (out, stems)
    }

    /// Learns the words people use about each talk from the tweets that name exactly one
    /// speaker (by quote, mention, name or their own post; retweets left out, as they repeat
    /// their original): a word (by stem) used in at least [`LEARNED_MIN`] of a speaker's tweets
    /// and in more of them than in those of all other speakers together. Slot inference then
    /// takes a tweet that names nobody as about the talk on stage when it shares such a word.
    /// `event apply` and `ingest --event` learn from the event's tweets before attributing.
    pub fn learn<'a>(&mut self, tweets: impl IntoIterator<Item = &'a Tweet>) {
        let mut words = Vocabulary::new(self);
        for t in tweets {
            words.observe(self, t);
        }
        words.teach(self);
    }

    /// Whether the tweet was posted before the speaker's slot began (on an earlier day, for a
    /// tweet that knows only its day).
    fn before(&self, p: &Pattern, judged: &Judged) -> bool {
        let Some((starts, _)) = p.slot else {
            return false;
        };
        if judged.date_only {
            let day = |t: DateTime<Utc>| t.with_timezone(&self.tz).date_naive();
            return judged.latest.date_naive() < day(starts);
        }
        judged.at.unwrap_or(judged.latest) < starts
    }

    /// Whether the tweet was posted as the talk began (up to [`OPENING`] into the slot): a
    /// tweet that gives the title then introduces the talk; later, it reports it or shares its
    /// video. A tweet whose time is unknown introduces nobody.
    fn opening(&self, p: &Pattern, judged: &Judged) -> bool {
        match (p.slot, judged.at) {
            (Some((starts, _)), Some(at)) => at < starts + chrono::Duration::minutes(OPENING),
            _ => false,
        }
    }

    /// A speaker's own post about their talk ("the slides of my talk"), when it names no
    /// speaker (not even in passing) and introduces nobody: it carries the event's hashtag or answers somebody (a
    /// question about the talk), from the day before the event to the day after (a later
    /// hackathon with the same hashtag is another talk). While someone else is on stage, a word
    /// of their own title is no evidence (they are likely reacting to the talk on stage): only
    /// words about a talk itself are ("my slides", or "panel" from a panellist).
    fn own(
        &self,
        tweet: &Tweet,
        judged: &Judged,
        tagged: bool,
        words: &BTreeSet<String>,
        stems: &BTreeSet<String>,
    ) -> Option<Attribution> {
        let author = judged.author.to_lowercase();
        let p = self.patterns.iter().find(|p| p.handles.contains(&author))?;
        let answers = tweet.reply_to.is_some() && tweet.kind != crate::model::TweetType::Retweet;
        if let Some((first, last)) = self.days {
            let day = judged
                .at
                .unwrap_or(judged.latest)
                .with_timezone(&self.tz)
                .date_naive();
            if day < first - chrono::Days::new(1) || day > last + chrono::Days::new(1) {
                return None;
            }
        }
        let others_on_stage = judged.at.is_some_and(|at| {
            self.patterns
                .iter()
                .any(|o| o.slot != p.slot && o.slot.is_some_and(|(a, b)| a <= at && at < b))
        });
        let about = (!others_on_stage && !p.title.is_disjoint(stems))
            || speaks_of_talk(words, self.in_panel(p));
        (about && (answers || tagged)).then(|| Attribution {
            speaker: p.display.clone(),
            method: Method::Own,
        })
    }

    /// Whether the speaker shares their slot with others (a panel).
    fn in_panel(&self, p: &Pattern) -> bool {
        p.slot.is_some() && self.patterns.iter().filter(|o| o.slot == p.slot).count() > 1
    }

    /// The speakers on stage at `at` whose talk the tweet shares a word with (its title's
    /// content words, compared by stem): room chatter, queues and another account's news share
    /// none. In a panel, the panellists, not the moderator.
    fn inferred(
        &self,
        at: DateTime<Utc>,
        words: &BTreeSet<String>,
        cased: &str,
        stems: &BTreeSet<String>,
    ) -> Vec<Attribution> {
        let on_stage: Vec<&Pattern> = self
            .patterns
            .iter()
            .filter(|p| p.slot.is_some_and(|(a, b)| a <= at && at < b))
            .collect();
        // In a panel, the words learned about one panellist point to them alone; the words of
        // the panel's title, to every panellist.
        // A word of a speaker's own name ("great talk by Niccolò") points to them too.
        let by_words: Vec<&&Pattern> = on_stage
            .iter()
            .filter(|p| {
                !p.vocabulary.is_disjoint(stems)
                    || p.first_name.as_ref().is_some_and(|r| r.is_match(cased))
            })
            .collect();
        let speakers: Vec<&&Pattern> = if !by_words.is_empty() {
            by_words
        } else if on_stage.iter().any(|p| !p.title.is_disjoint(stems))
            || speaks_of_talk(words, on_stage.len() > 1)
        {
            let speaking: Vec<&&Pattern> = on_stage.iter().filter(|p| !p.moderator).collect();
            if speaking.is_empty() {
                on_stage.iter().collect()
            } else {
                speaking
            }
        } else {
            return Vec::new();
        };
        speakers
            .into_iter()
            .map(|p| Attribution {
                speaker: p.display.clone(),
                method: Method::Slot,
            })
            .collect()
    }
}

/// What [`Matcher::learn`] counts, tweet by tweet (so that a pass over an index can feed it):
/// for each speaker, in how many of the tweets naming them alone each word (stem) is.
pub struct Vocabulary {
    counts: Vec<std::collections::HashMap<String, usize>>,
}

impl Vocabulary {
    pub fn new(matcher: &Matcher) -> Vocabulary {
        Vocabulary {
            counts: vec![Default::default(); matcher.patterns.len()],
        }
    }

    /// Counts the words of `t` when it names exactly one speaker (retweets left out).
    pub fn observe(&mut self, matcher: &Matcher, t: &Tweet) {
        if t.kind == crate::model::TweetType::Retweet {
            return;
        }
        let (found, stems) = matcher.judge(t);
        self.add(matcher, t, &found, stems);
    }

    /// Counts the words (`stems`, as [`Matcher::judge`] gives them with `found`) of a tweet
    /// already judged.
    pub fn add(
        &mut self,
        matcher: &Matcher,
        t: &Tweet,
        found: &[Attribution],
        stems: BTreeSet<String>,
    ) {
        if t.kind == crate::model::TweetType::Retweet {
            return;
        }
        let [one] = found else { return };
        if one.method == Method::Slot {
            return;
        }
        let Some(i) = matcher
            .patterns
            .iter()
            .position(|p| p.display == one.speaker)
        else {
            return;
        };
        for s in stems {
            if !matcher.patterns[i].own_words.contains(&s) {
                *self.counts[i].entry(s).or_default() += 1;
            }
        }
    }

    /// Gives each speaker the words of their talk: in at least [`LEARNED_MIN`] of their tweets
    /// and in more of them than in those of all other speakers together.
    pub fn teach(self, matcher: &mut Matcher) {
        let counts = &self.counts;
        for (i, p) in matcher.patterns.iter_mut().enumerate() {
            p.vocabulary = counts[i]
                .iter()
                .filter(|(s, n)| {
                    let elsewhere: usize = (0..counts.len())
                        .filter(|j| *j != i)
                        .map(|j| counts[j].get(*s).copied().unwrap_or(0))
                        .sum();
                    **n >= LEARNED_MIN && **n > elsewhere
                })
                .map(|(s, _)| s.clone())
                .collect();
        }
    }
}

/// Whether the tweet gives the talk's title, in quotes or with words that introduce someone
/// ("now on stage @x with 'title'"): it announces or introduces the talk. A report of it may
/// use the title's words too ("Whitfield explains how European governments live-tweet"), but
/// neither quotes it nor presents anyone.
fn introduces(p: &Pattern, text: &str, its: &BTreeSet<String>, introducing: bool) -> bool {
    let holds = |stems: &BTreeSet<String>| {
        p.title.len() >= 2
            && p.title.intersection(stems).count() as f64 >= TITLE_SHARE * p.title.len() as f64
    };
    if introducing {
        return holds(its);
    }
    QUOTED.captures_iter(text).any(|c| holds(&stems(&c[1])))
}

/// Who posted what a tweet says, and when: for a retweet, its original.
struct Judged<'a> {
    author: &'a str,
    /// The time, when known.
    at: Option<DateTime<Utc>>,
    /// The latest it can be (a retweet comes after its original).
    latest: DateTime<Utc>,
    date_only: bool,
}

impl Judged<'_> {
    fn of(tweet: &Tweet) -> Judged<'_> {
        let own = |at| Judged {
            author: &tweet.author.handle,
            at,
            latest: tweet.created_at,
            date_only: tweet.date_only,
        };
        if tweet.kind != crate::model::TweetType::Retweet {
            return own((!tweet.date_only).then_some(tweet.created_at));
        }
        let original = tweet.retweet_of.as_ref();
        let author = original
            .and_then(|r| r.author.as_deref())
            .or_else(|| crate::model::retweeted_handle(&tweet.text))
            .unwrap_or("");
        let at = original
            .and_then(|r| crate::model::twitter_id_time(&r.id, tweet.format))
            .filter(|t| *t <= tweet.created_at);
        Judged {
            author,
            at,
            ..own(None)
        }
    }
}

/// A likely speaker found by [`discover`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Candidate {
    /// The name, as most often written, when people quote one.
    pub name: Option<String>,
    /// Handles (without `@`) people quote; a handle that spells the name is merged with it.
    pub handles: Vec<String>,
    /// Distinct authors who quote them.
    pub authors: usize,
    /// Tweets that quote them.
    pub tweets: usize,
}

/// Words that make a handle's or name's mention a thank-you, not a quote.
const THANKS: &str =
    r"(?i)(?:grazie|thanks|thank you|thx|complimenti|congrats|bravi|bravo|brava)\W*$";

static HANDLE_QUOTE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"[@＠](\w{{1,15}})\s*(?::|{QUOTES}|,?\s+(?:{VERBS})\b)"
    ))
    .expect("a valid pattern")
});
static NAME_QUOTE: LazyLock<Regex> = LazyLock::new(|| {
    let word = r"\p{Lu}[\p{Ll}'’]+";
    let particle = r"(?:d[aeiu]|del|della|dei|de|van|von|la|le)";
    Regex::new(&format!(
        r"(?:^|[\s.!?;(])({word}(?:\s+{particle})?(?:\s+{word}){{1,2}})\s*(?::|,?\s+(?:{VERBS})\b)"
    ))
    .expect("a valid pattern")
});
static THANKED: LazyLock<Regex> = LazyLock::new(|| Regex::new(THANKS).expect("a valid pattern"));

/// Proposes the speakers of an event nobody wrote a programme for: the handles and names that
/// live-tweeters quote (`@handle: ...`, `Name: ...`, `Name says ...`), each counted once per
/// tweet, ranked by how many distinct authors quote them. Retweets count for their original
/// only once (they repeat it); thanked accounts are passed over.
pub fn discover(tweets: impl IntoIterator<Item = Tweet>, min_authors: usize) -> Vec<Candidate> {
    use std::collections::{HashMap, HashSet};
    #[derive(Default)]
    struct Seen {
        spellings: HashMap<String, usize>,
        authors: HashSet<String>,
        tweets: HashSet<usize>,
    }
    let mut seen: HashMap<(bool, String), Seen> = HashMap::new();
    for (n, t) in tweets.into_iter().enumerate() {
        if t.kind == crate::model::TweetType::Retweet {
            continue;
        }
        let text = strip_retweet_prefix(&t.text);
        let mut found: Vec<(bool, String)> = Vec::new();
        for c in HANDLE_QUOTE.captures_iter(text) {
            let (Some(all), Some(h)) = (c.get(0), c.get(1)) else {
                continue;
            };
            if !THANKED.is_match(&text[..all.start()]) {
                found.push((true, h.as_str().to_string()));
            }
        }
        for c in NAME_QUOTE.captures_iter(text) {
            let Some(m) = c.get(1) else { continue };
            let before = &text[..m.start()];
            let place = before
                .split_whitespace()
                .last()
                .is_some_and(|w| PLACES.contains(&w.to_lowercase().as_str()));
            if !place && !THANKED.is_match(before) {
                found.push((
                    false,
                    m.as_str().split_whitespace().collect::<Vec<_>>().join(" "),
                ));
            }
        }
        for (is_handle, who) in found {
            let entry = seen.entry((is_handle, fold(&who))).or_default();
            *entry.spellings.entry(who).or_default() += 1;
            entry.authors.insert(t.author.handle.to_lowercase());
            entry.tweets.insert(n);
        }
    }
    let best = |s: &Seen| {
        s.spellings
            .iter()
            .max_by(|a, b| a.1.cmp(b.1).then_with(|| b.0.cmp(a.0)))
            .map(|(w, _)| w.clone())
            .unwrap_or_default()
    };
    let squash = |s: &str| {
        fold(s)
            .chars()
            .filter(|c| c.is_alphanumeric())
            .collect::<String>()
    };
    let (handles, names): (Vec<_>, Vec<_>) = seen.into_iter().partition(|((h, _), _)| *h);
    let mut merged: Vec<(Option<String>, Vec<String>, Seen)> = names
        .into_iter()
        .map(|(_, s)| (Some(best(&s)), Vec::new(), s))
        .collect();
    for (_, s) in handles {
        let handle = best(&s);
        let key = squash(&handle);
        let same = merged.iter_mut().find(|(name, _, _)| {
            name.as_deref()
                .is_some_and(|n| squash(n).len() >= 6 && key.contains(&squash(n)))
        });
        match same {
            Some((_, hs, into)) => {
                hs.push(handle);
                into.authors.extend(s.authors);
                into.tweets.extend(s.tweets);
            }
            None => merged.push((None, vec![handle], s)),
        }
    }
    let mut out: Vec<Candidate> = merged
        .into_iter()
        .filter(|(_, _, s)| s.authors.len() >= min_authors)
        .map(|(name, handles, s)| Candidate {
            name,
            handles,
            authors: s.authors.len(),
            tweets: s.tweets.len(),
        })
        .collect();
    out.sort_by(|a, b| {
        (b.authors, b.tweets)
            .cmp(&(a.authors, a.tweets))
            .then_with(|| a.name.cmp(&b.name))
            .then_with(|| a.handles.cmp(&b.handles))
    });
    out
}

/// Words that, just before a capitalised phrase, make it a place (`a Palazzo Chigi:`).
const PLACES: &[&str] = &[
    "a", "al", "alla", "in", "da", "dal", "dalla", "presso", "at", "in", "from", "to", "per",
];

/// The text without the `RT @handle:` that starts a retweet stored as typed.
fn strip_retweet_prefix(text: &str) -> &str {
    let t = text.trim_start();
    let Some(rest) = t.strip_prefix("RT @").or_else(|| t.strip_prefix("rt @")) else {
        return text;
    };
    let end = rest
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .unwrap_or(rest.len());
    rest[end..]
        .strip_prefix(':')
        .unwrap_or(&rest[end..])
        .trim_start()
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{DateTime, Utc};

    const PROGRAMME: &str = r#"
slug = "pasocial-2015"
title = "Social Media Manager"
hashtags = ["pasocial"]
timezone = "Europe/Rome"
starts = "2015-11-17T09:00:00"
ends = "2015-11-17T18:00:00"
[[speakers]]
name = "Alessandra Migliozzi"
handles = ["AleMiglioz"]
aliases = ["Migliozzi"]
talk = "L'ufficio stampa diventato redazione multimediale"
starts = "2015-11-17T10:30:00"
ends = "2015-11-17T10:50:00"
[[speakers]]
name = "Nicolò Verità"
[[speakers]]
name = "Luisa Quinto"
[[speakers]]
handles = ["ubimaggio"]
[[speakers]]
name = "Giulia Porta"
handles = ["giuliaporta"]
aliases = ["Porta"]
"#;

    fn tweet(text: &str, at: &str) -> Tweet {
        Tweet {
            created_at: DateTime::parse_from_rfc3339(at)
                .unwrap()
                .with_timezone(&Utc),
            date_only: false,
            ..crate::extract::tweet(text)
        }
    }

    /// During Alessandra Migliozzi's slot (10:30-10:50 in Rome).
    const DURING: &str = "2015-11-17T09:40:00Z";

    fn who(text: &str) -> Vec<(String, &'static str)> {
        who_at(text, DURING)
    }

    fn who_at(text: &str, at: &str) -> Vec<(String, &'static str)> {
        let m = Matcher::new(&Event::parse(PROGRAMME).unwrap());
        m.attribute(&tweet(text, at))
            .into_iter()
            .map(|a| (a.speaker, a.method.as_str()))
            .collect()
    }

    /// Who `m` attributes a tweet posted by `handle` at `at` to.
    fn posted_by(m: &Matcher, handle: &str, text: &str, at: &str) -> Vec<(String, &'static str)> {
        let mut t = tweet(text, at);
        t.author.handle = handle.into();
        m.attribute(&t)
            .into_iter()
            .map(|a| (a.speaker, a.method.as_str()))
            .collect()
    }

    fn one(name: &str, method: &'static str) -> Vec<(String, &'static str)> {
        vec![(name.to_string(), method)]
    }

    #[test]
    fn live_tweet_patterns_are_quotes() {
        let am = "Alessandra Migliozzi";
        assert_eq!(
            who("#pasocial @AleMiglioz: ufficio stampa @MiurSocial"),
            one(am, "quote")
        );
        assert_eq!(who("@AleMiglioz \"copriamo sempre\""), one(am, "quote"));
        assert_eq!(who("Migliozzi: serve una redazione"), one(am, "quote"));
        assert_eq!(
            who("Luisa Quinto racconta la strategia"),
            one("Luisa Quinto", "quote")
        );
        assert_eq!(
            who("NICOLO VERITA says listen first"),
            one("Nicolò Verità", "quote")
        );
        assert_eq!(
            who("#pasocial @ubimaggio \"copriamo sempre con live streaming\""),
            one("ubimaggio", "quote")
        );
    }

    #[test]
    fn mentions_and_names_are_weaker_and_whole_words_only() {
        assert_eq!(
            who("Bravissima @alemiglioz oggi"),
            one("Alessandra Migliozzi", "mention")
        );
        assert_eq!(
            who("con nicolò verità in sala"),
            one("Nicolò Verità", "name")
        );
        assert!(
            who("il quinto intervento").is_empty(),
            "a surname alone is no alias"
        );
        assert!(who("MigliozziFan club").is_empty(), "part of a longer word");
        assert!(
            who("Grazie @agid e @MiurSocial").is_empty(),
            "nobody listed"
        );
    }

    #[test]
    fn the_retweet_prefix_is_no_quote() {
        assert!(who("RT @AleMiglioz: si parte").is_empty());
        assert_eq!(
            who("RT @cittadini: Luisa Quinto: turisti attivi"),
            one("Luisa Quinto", "quote")
        );
    }

    #[test]
    fn the_slot_speaker_is_inferred_only_with_a_word_of_their_talk_and_nobody_named() {
        assert_eq!(
            who("la redazione multimediale del ministero #PASocial"),
            one("Alessandra Migliozzi", "slot")
        );
        assert_eq!(
            who("slide chiarissime #pasocial"),
            one("Alessandra Migliozzi", "slot"),
            "a word of the talk itself"
        );
        assert!(
            who("il wifi non va, coda al caffè #pasocial").is_empty(),
            "room chatter"
        );
        assert!(
            who("la redazione multimediale del ministero").is_empty(),
            "no event hashtag"
        );
        assert!(
            who_at(
                "la redazione multimediale #pasocial",
                "2015-11-17T09:50:00Z"
            )
            .is_empty(),
            "after the slot"
        );
        assert_eq!(
            who("#pasocial Luisa Quinto in sala"),
            one("Luisa Quinto", "name")
        );
        let mut copied = tweet("la redazione multimediale #pasocial", DURING);
        copied.date_only = true;
        let m = Matcher::new(&Event::parse(PROGRAMME).unwrap());
        assert!(m.attribute(&copied).is_empty());
    }

    #[test]
    fn nobody_is_reported_before_their_talk_nor_introduced_as_reported() {
        let before = "2015-11-17T08:00:00Z";
        assert!(who_at("Tra poco @AleMiglioz: non perdetevela #pasocial", before).is_empty());
        assert!(
            who_at(
                "Ora sul palco @AleMiglioz con 'L'ufficio stampa diventato redazione \
                 multimediale' #pasocial",
                "2015-11-17T09:31:00Z"
            )
            .is_empty(),
            "an introduction gives the title"
        );
    }

    #[test]
    fn a_surname_that_is_a_word_names_only_as_a_name() {
        assert_eq!(
            who("Porta: i dati della mobilità"),
            one("Giulia Porta", "quote")
        );
        assert!(who("chiudete la porta, fa freddo").is_empty());
        assert!(who("arrivo da Porta Venezia").is_empty(), "a place");
    }

    #[test]
    fn lists_thanks_and_passing_mentions_are_no_report() {
        assert_eq!(who("Grazie @AleMiglioz, @giuliaporta e @ubimaggio!"), []);
        assert_eq!(who("grazie @AleMiglioz #pasocial"), []);
        assert!(who("@AleMiglioz in prima fila #pasocial").is_empty());
        // Introduced, not reported; but a cue farther off is about something else.
        assert!(who("Ora sul palco @AleMiglioz #pasocial").is_empty());
        assert!(who("Next up: the newsroom with @AleMiglioz #pasocial").is_empty());
        assert_eq!(
            who("@AleMiglioz porta un sensore sul palco #pasocial"),
            one("Alessandra Migliozzi", "mention")
        );
        assert_eq!(
            who("Bravissima @alemiglioz oggi"),
            one("Alessandra Migliozzi", "mention")
        );
    }

    #[test]
    fn a_retweet_carries_its_originals_speakers_whenever_it_is_posted() {
        use crate::model::{Reference, TweetType, snowflake_id};
        let m = Matcher::new(&Event::parse(PROGRAMME).unwrap());
        let original = tweet("la redazione multimediale #pasocial", DURING);
        let later = "2015-11-17T18:00:00Z";
        let retweet = Tweet {
            kind: TweetType::Retweet,
            // A Twitter id tells its time.
            format: crate::model::Format::V1,
            retweet_of: Some(Reference {
                id: snowflake_id(original.created_at, 7).to_string(),
                author: Some("someone".into()),
            }),
            ..tweet("la redazione multimediale #pasocial", later)
        };
        assert_eq!(m.attribute(&retweet), m.attribute(&original));
        assert_eq!(m.attribute(&original).len(), 1);
    }

    #[test]
    fn a_speakers_own_post_about_their_talk_is_theirs() {
        let m = Matcher::new(&Event::parse(PROGRAMME).unwrap());
        let own_at = |text: &str, at: &str| posted_by(&m, "AleMiglioz", text, at);
        let own = |text: &str| own_at(text, "2015-11-17T12:00:00Z");
        assert_eq!(
            own("Le slide del mio intervento #pasocial"),
            one("Alessandra Migliozzi", "own")
        );
        assert!(own("Che bella giornata #pasocial").is_empty());
        // Presenting others on stage is no report of one's talk.
        assert!(own("Sul palco con me @giuliaporta per il talk #pasocial").is_empty());
        // A week later, the same hashtag is another event's.
        let later = "2015-11-24T12:00:00Z";
        assert!(own_at("Le slide del mio intervento #pasocial", later).is_empty());
        // While another talk is on stage, a word of one's own title is a reaction to it; "my
        // slides" still is one's own.
        let on_stage = "2015-11-17T09:40:00Z";
        let mut m = Matcher::new(&Event::parse(PROGRAMME).unwrap());
        m.patterns[4].slot = Some((
            "2015-11-17T11:00:00Z".parse().unwrap(),
            "2015-11-17T12:00:00Z".parse().unwrap(),
        ));
        m.patterns[4].title = stems("I dati della redazione");
        let porta = |text: &str| posted_by(&m, "giuliaporta", text, on_stage);
        assert_eq!(
            porta("Sui dati della redazione ha ragione #pasocial"),
            one("Alessandra Migliozzi", "slot")
        );
        assert_eq!(
            porta("Le slide del mio talk di dopo #pasocial"),
            one("Giulia Porta", "own")
        );
    }
}
