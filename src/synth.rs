//! A synthetic Twitter API v1.1 dump shaped like one day of an Italian conference, for
//! benchmarks, tests and the shipped demo corpus. Deterministic: the same `--seed` and `--tweets`
//! give the same bytes on every machine (ChaCha8 is specified, unlike `StdRng`).
//!
//! The shape follows real conference dumps: full user objects (lines of about 3 KB), about 30%
//! retweets carrying the whole `retweeted_status`, some replies and quotes, entities with their
//! character indices, one dominant hashtag and a few dominant handles (the speakers, each quoted
//! most during their slot). Every person and quote in it is invented.

use std::io::{self, Write};

use chrono::{DateTime, Duration, TimeZone, Utc};
use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;
use serde::Serialize;

use crate::model::snowflake_id;

/// The seed `chirpdex gen` uses when none is given, which made the shipped corpus.
pub const DEFAULT_SEED: u64 = 2015;

/// What to generate.
#[derive(Clone, Copy, Debug)]
pub struct GenOptions {
    pub tweets: u64,
    pub seed: u64,
}

const FIRST: &[&str] = &[
    "Giulia",
    "Marco",
    "Francesca",
    "Luca",
    "Chiara",
    "Alessandro",
    "Sara",
    "Matteo",
    "Valentina",
    "Davide",
    "Elena",
    "Simone",
    "Martina",
    "Andrea",
    "Laura",
    "Paolo",
    "Federica",
    "Stefano",
    "Silvia",
    "Roberto",
    "Anna",
    "Giorgio",
    "Elisa",
    "Fabio",
    "Claudia",
    "Emma",
    "Noah",
    "Olivia",
];
const LAST: &[&str] = &[
    "Rossi", "Bianchi", "Ferrari", "Esposito", "Romano", "Colombo", "Ricci", "Marino", "Greco",
    "Bruno", "Gallo", "Conti", "De Luca", "Mancini", "Costa", "Giordano", "Rizzo", "Lombardi",
    "Moretti", "Barbieri", "Fontana", "Santoro", "Mariani", "Rinaldi", "Caruso", "Ferri", "Smith",
];
const CITIES: &[&str] = &[
    "Roma",
    "Milano",
    "Napoli",
    "Torino",
    "Bologna",
    "Firenze",
    "Bari",
    "Palermo",
    "Pescara",
    "Venezia",
    "Trieste",
    "Genova",
    "Italia",
    "Roma, Lazio",
    "London",
];
const BIOS: &[&str] = &[
    "Comunicazione pubblica, social media e open government. Le opinioni sono mie.",
    "Social media manager nella PA. Digitale, trasparenza, cittadinanza attiva.",
    "Giornalista. Innovazione, istituzioni e nuovi linguaggi del web.",
    "Ufficio stampa e comunicazione istituzionale. Retweet non è endorsement.",
    "Digital strategist. Public sector, civic tech, data journalism.",
    "Studio e racconto la trasformazione digitale della pubblica amministrazione.",
    "Open data, servizi digitali, agenda digitale. Tweet personali.",
];
const QUOTES_IT: &[&str] = &[
    "il social media manager della PA non è il portavoce ma lavora in una redazione",
    "servono linguaggi semplici e immediati per parlare ai cittadini",
    "i dati aperti sono il primo servizio che una amministrazione può offrire",
    "la comunicazione pubblica deve ascoltare prima di parlare",
    "misurare i risultati è parte del lavoro, non un extra",
    "le piazze digitali vanno presidiate nei momenti giusti",
    "senza formazione interna non c'è strategia social che regga",
    "il live tweeting ha cambiato il modo di seguire gli eventi istituzionali",
    "trasparenza vuol dire anche rispondere alle domande, tutte",
    "la PA deve essere dove sono i cittadini, anche su WhatsApp e Telegram",
    "una crisi si gestisce con informazioni verificate e tempestive",
    "coordinare i ministeri sui social è la prossima sfida",
];
const QUOTES_EN: &[&str] = &[
    "public sector social media is a service, not a megaphone",
    "open data is the first service a government can offer",
    "listen first, then publish",
    "measure what matters and share the numbers",
];
const TOPICS: &[&str] = &[
    "la strategia social del ministero",
    "i numeri della comunicazione digitale",
    "le buone pratiche di protezione civile sui social",
    "il piano di comunicazione dei musei",
    "la gestione delle crisi in rete",
    "i servizi al cittadino via chat",
];
const TAGS: &[&str] = &[
    "socialmediamanager",
    "PA",
    "comunicazionepubblica",
    "opengov",
    "agendadigitale",
    "italiasicura",
    "opendata",
    "Università",
];
const DOMAINS: &[&str] = &[
    "www.agid.gov.it",
    "www.cittadiniditwitter.it",
    "www.governo.it",
    "www.forumpa.it",
    "www.protezionecivile.gov.it",
];
const SOURCES: &[&str] = &[
    r#"<a href="http://twitter.com/download/iphone" rel="nofollow">Twitter for iPhone</a>"#,
    r#"<a href="http://twitter.com/download/android" rel="nofollow">Twitter for Android</a>"#,
    r#"<a href="http://twitter.com" rel="nofollow">Twitter Web Client</a>"#,
    r#"<a href="https://about.twitter.com/products/tweetdeck" rel="nofollow">TweetDeck</a>"#,
];

/// The invented programme: (name, handle), one slot each, in order through the day.
const SPEAKERS: &[(&str, &str)] = &[
    ("Giulia Martini", "giuliamartini"),
    ("Marco Valente", "marcovalente"),
    ("Chiara Dossi", "ChiaraDossi"),
    ("Paolo Ferraris", "pferraris"),
    ("Elena Sarti", "ElenaSartiCom"),
    ("Luca Benedetti", "lucabenedetti"),
    ("Anna Rocca", "AnnaRoccaUS"),
    ("Stefano Lodi", "stefanolodi"),
];

#[derive(Serialize, Clone)]
struct User {
    id: u64,
    id_str: String,
    name: String,
    screen_name: String,
    location: &'static str,
    description: &'static str,
    url: Option<String>,
    protected: bool,
    followers_count: u32,
    friends_count: u32,
    listed_count: u32,
    created_at: String,
    favourites_count: u32,
    utc_offset: i32,
    time_zone: &'static str,
    geo_enabled: bool,
    verified: bool,
    statuses_count: u32,
    lang: &'static str,
    contributors_enabled: bool,
    is_translator: bool,
    profile_background_color: &'static str,
    profile_background_image_url: &'static str,
    profile_background_image_url_https: &'static str,
    profile_background_tile: bool,
    profile_image_url: String,
    profile_image_url_https: String,
    profile_banner_url: String,
    profile_link_color: &'static str,
    profile_sidebar_border_color: &'static str,
    profile_sidebar_fill_color: &'static str,
    profile_text_color: &'static str,
    profile_use_background_image: bool,
    default_profile: bool,
    default_profile_image: bool,
    following: Option<bool>,
    follow_request_sent: Option<bool>,
    notifications: Option<bool>,
}

#[derive(Serialize, Clone)]
struct HashtagE {
    text: String,
    indices: [usize; 2],
}

#[derive(Serialize, Clone)]
struct MentionE {
    screen_name: String,
    name: String,
    id: u64,
    id_str: String,
    indices: [usize; 2],
}

#[derive(Serialize, Clone)]
struct UrlE {
    url: String,
    expanded_url: String,
    display_url: String,
    indices: [usize; 2],
}

#[derive(Serialize, Clone, Default)]
struct Entities {
    hashtags: Vec<HashtagE>,
    symbols: Vec<HashtagE>,
    user_mentions: Vec<MentionE>,
    urls: Vec<UrlE>,
}

#[derive(Serialize, Clone)]
struct Status {
    created_at: String,
    id: u64,
    id_str: String,
    text: String,
    source: &'static str,
    truncated: bool,
    in_reply_to_status_id: Option<u64>,
    in_reply_to_status_id_str: Option<String>,
    in_reply_to_user_id: Option<u64>,
    in_reply_to_user_id_str: Option<String>,
    in_reply_to_screen_name: Option<String>,
    user: User,
    geo: Option<()>,
    coordinates: Option<()>,
    place: Option<()>,
    contributors: Option<()>,
    #[serde(skip_serializing_if = "Option::is_none")]
    retweeted_status: Option<Box<Status>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    quoted_status_id: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    quoted_status_id_str: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    quoted_status: Option<Box<Status>>,
    is_quote_status: bool,
    retweet_count: u32,
    favorite_count: u32,
    entities: Entities,
    favorited: bool,
    retweeted: bool,
    possibly_sensitive: bool,
    filter_level: &'static str,
    lang: &'static str,
    timestamp_ms: String,
}

/// A piece of a tweet's text; entities know their place once the text is laid out.
enum Piece {
    Plain(String),
    Tag(String),
    Mention(usize),
    Url(String),
}

struct Generator {
    rng: ChaCha8Rng,
    users: Vec<User>,
    speakers: Vec<usize>,
    /// Recent originals, for retweets, replies and quotes to point at.
    recent: Vec<Status>,
    start: DateTime<Utc>,
    span_ms: i64,
    /// Mixed into the sequence bits of every id (see [`ids_of_seed`]).
    id_salt: u64,
}

/// What a seed puts in the low 22 bits of its ids (a snowflake's worker and sequence; the time
/// above them is the tweet's): the seed's own low bits, so that two dumps whose seeds differ
/// there never share an id and can be ingested into one index side by side. The default seed
/// adds nothing, so the shipped corpus keeps the ids it was made with.
fn ids_of_seed(seed: u64) -> u64 {
    (seed ^ DEFAULT_SEED) & ((1 << 22) - 1)
}

/// Writes `opts.tweets` tweets as JSON lines.
pub fn generate(w: &mut impl Write, opts: GenOptions) -> io::Result<()> {
    let mut g = Generator::new(opts);
    for i in 0..opts.tweets {
        let at = g.start + Duration::milliseconds(g.span_ms * i as i64 / opts.tweets.max(1) as i64);
        let status = g.tweet(at, i);
        serde_json::to_writer(&mut *w, &status)?;
        w.write_all(b"\n")?;
    }
    w.flush()
}

impl Generator {
    fn new(opts: GenOptions) -> Generator {
        let mut rng = ChaCha8Rng::seed_from_u64(opts.seed);
        let n_users = (opts.tweets / 8).clamp(60, 50_000) as usize;
        let mut users: Vec<User> = (0..n_users).map(|i| make_user(&mut rng, i, None)).collect();
        let speakers = SPEAKERS
            .iter()
            .enumerate()
            .map(|(i, s)| {
                users.push(make_user(&mut rng, n_users + i, Some(*s)));
                users.len() - 1
            })
            .collect();
        // 09:00 to 17:00 in Rome, 17 November 2015: one hour a speaker.
        let start = Utc.with_ymd_and_hms(2015, 11, 17, 8, 0, 0).unwrap();
        Generator {
            rng,
            users,
            speakers,
            recent: Vec::new(),
            start,
            span_ms: SPEAKERS.len() as i64 * 3_600_000,
            id_salt: ids_of_seed(opts.seed),
        }
    }

    /// An author: a few accounts tweet a lot, most a little.
    fn author(&mut self) -> usize {
        let n = self.users.len() - self.speakers.len();
        let x: f64 = self.rng.random();
        ((x * x * x) * n as f64) as usize % n
    }

    fn tweet(&mut self, at: DateTime<Utc>, seq: u64) -> Status {
        let id = snowflake_id(at, seq ^ self.id_salt);
        let author = self.author();
        let roll: f64 = self.rng.random();
        let mut status = if roll < 0.30 && !self.recent.is_empty() {
            self.retweet(id, at, author)
        } else {
            let mut s = self.original(id, at, author);
            if roll < 0.35 && !self.recent.is_empty() {
                self.make_reply(&mut s);
            } else if roll < 0.40 && !self.recent.is_empty() {
                self.make_quote(&mut s);
            }
            s
        };
        if status.retweeted_status.is_none() {
            if self.recent.len() == 512 {
                let k = self.rng.random_range(0..512);
                self.recent[k] = status.clone();
            } else {
                self.recent.push(status.clone());
            }
        }
        status.source = SOURCES[self.rng.random_range(0..SOURCES.len())];
        status
    }

    /// The speaker whose slot holds `at`.
    fn current_speaker(&self, at: DateTime<Utc>) -> usize {
        let elapsed = (at - self.start).num_milliseconds().max(0);
        let slot = (elapsed * self.speakers.len() as i64 / self.span_ms) as usize;
        self.speakers[slot.min(self.speakers.len() - 1)]
    }

    fn pick<'s>(&mut self, list: &[&'s str]) -> &'s str {
        list[self.rng.random_range(0..list.len())]
    }

    fn short_url(&mut self) -> String {
        let code: String = (0..10)
            .map(|_| {
                let c = self.rng.random_range(0..62u8);
                (match c {
                    0..=9 => b'0' + c,
                    10..=35 => b'a' + c - 10,
                    _ => b'A' + c - 36,
                }) as char
            })
            .collect();
        format!("https://t.co/{code}")
    }

    fn original(&mut self, id: u64, at: DateTime<Utc>, author: usize) -> Status {
        let speaker = self.current_speaker(at);
        let english = self.rng.random_bool(0.15);
        let name = self.users[speaker].name.clone();
        let mut pieces = Vec::new();
        let p = |s: &str| Piece::Plain(s.to_string());
        match self.rng.random_range(0..6) {
            0 => {
                pieces.push(Piece::Mention(speaker));
                let q = if english {
                    self.pick(QUOTES_EN)
                } else {
                    self.pick(QUOTES_IT)
                };
                pieces.push(Piece::Plain(format!(": \"{q}\" ")));
            }
            1 => {
                let q = if english {
                    self.pick(QUOTES_EN)
                } else {
                    self.pick(QUOTES_IT)
                };
                pieces.push(Piece::Plain(format!("{name}: {q} ")));
            }
            2 => {
                let verb = if english { "explains" } else { "racconta" };
                let topic = self.pick(TOPICS);
                pieces.push(Piece::Plain(format!("{name} {verb} {topic} ")));
            }
            3 => {
                pieces.push(p(if english {
                    "Great talk by "
                } else {
                    "Interessante l'intervento di "
                }));
                pieces.push(Piece::Mention(speaker));
                pieces.push(p(" "));
            }
            4 => {
                let q = self.pick(QUOTES_IT);
                pieces.push(p("Perché "));
                pieces.push(Piece::Plain(format!("{q}? ")));
            }
            _ => {
                let topic = self.pick(TOPICS);
                pieces.push(Piece::Plain(format!("In sala a Palazzo Chigi: {topic} ")));
            }
        }
        // The event's hashtag, written as people write it.
        let tag = match self.rng.random_range(0..10) {
            0 => "PASocial",
            1 => "Pasocial",
            _ => "pasocial",
        };
        pieces.push(Piece::Tag(tag.to_string()));
        if self.rng.random_bool(0.4) {
            pieces.push(p(" "));
            let t = self.pick(TAGS);
            pieces.push(Piece::Tag(t.to_string()));
        }
        if self.rng.random_bool(0.25) {
            pieces.push(p(" "));
            let domain = self.pick(DOMAINS);
            pieces.push(Piece::Url(format!("http://{domain}/pasocial/{}", id % 997)));
        }
        let (text, entities) = self.lay_out(pieces);
        let popular = self.rng.random_bool(0.1);
        Status {
            created_at: at.format("%a %b %d %H:%M:%S +0000 %Y").to_string(),
            id,
            id_str: id.to_string(),
            text,
            source: SOURCES[0],
            truncated: false,
            in_reply_to_status_id: None,
            in_reply_to_status_id_str: None,
            in_reply_to_user_id: None,
            in_reply_to_user_id_str: None,
            in_reply_to_screen_name: None,
            user: self.users[author].clone(),
            geo: None,
            coordinates: None,
            place: None,
            contributors: None,
            retweeted_status: None,
            quoted_status_id: None,
            quoted_status_id_str: None,
            quoted_status: None,
            is_quote_status: false,
            retweet_count: if popular {
                self.rng.random_range(5..80)
            } else {
                self.rng.random_range(0..4)
            },
            favorite_count: if popular {
                self.rng.random_range(5..120)
            } else {
                self.rng.random_range(0..6)
            },
            entities,
            favorited: false,
            retweeted: false,
            possibly_sensitive: false,
            filter_level: "low",
            lang: if english { "en" } else { "it" },
            timestamp_ms: at.timestamp_millis().to_string(),
        }
    }

    /// Lays pieces out into text and entities with character indices.
    fn lay_out(&mut self, pieces: Vec<Piece>) -> (String, Entities) {
        let mut text = String::new();
        let mut chars = 0;
        let mut e = Entities::default();
        for piece in pieces {
            let start = chars;
            let shown = match piece {
                Piece::Plain(s) => s,
                Piece::Tag(t) => {
                    let shown = format!("#{t}");
                    e.hashtags.push(HashtagE {
                        text: t,
                        indices: [start, start + shown.chars().count()],
                    });
                    shown
                }
                Piece::Mention(u) => {
                    let user = &self.users[u];
                    let shown = format!("@{}", user.screen_name);
                    e.user_mentions.push(MentionE {
                        screen_name: user.screen_name.clone(),
                        name: user.name.clone(),
                        id: user.id,
                        id_str: user.id_str.clone(),
                        indices: [start, start + shown.chars().count()],
                    });
                    shown
                }
                Piece::Url(expanded) => {
                    let short = self.short_url();
                    let display: String = expanded
                        .trim_start_matches("http://")
                        .chars()
                        .take(26)
                        .collect();
                    e.urls.push(UrlE {
                        url: short.clone(),
                        expanded_url: expanded,
                        display_url: format!("{display}…"),
                        indices: [start, start + short.chars().count()],
                    });
                    short
                }
            };
            chars += shown.chars().count();
            text.push_str(&shown);
        }
        (text, e)
    }

    fn some_recent(&mut self) -> Status {
        let k = self.rng.random_range(0..self.recent.len());
        self.recent[k].clone()
    }

    fn retweet(&mut self, id: u64, at: DateTime<Utc>, author: usize) -> Status {
        let orig = self.some_recent();
        let prefix = format!("RT @{}: ", orig.user.screen_name);
        let shift = prefix.chars().count();
        let full = format!("{prefix}{}", orig.text);
        let (text, cut) = if full.chars().count() > 140 {
            (
                format!("{}…", full.chars().take(139).collect::<String>()),
                139,
            )
        } else {
            (full, usize::MAX)
        };
        let fits = |i: &[usize; 2]| i[1] + shift <= cut;
        let mut entities = Entities {
            user_mentions: vec![MentionE {
                screen_name: orig.user.screen_name.clone(),
                name: orig.user.name.clone(),
                id: orig.user.id,
                id_str: orig.user.id_str.clone(),
                indices: [3, shift - 2],
            }],
            ..Entities::default()
        };
        let moved = |i: [usize; 2]| [i[0] + shift, i[1] + shift];
        for h in orig.entities.hashtags.iter().filter(|h| fits(&h.indices)) {
            entities.hashtags.push(HashtagE {
                indices: moved(h.indices),
                ..h.clone()
            });
        }
        for m in orig
            .entities
            .user_mentions
            .iter()
            .filter(|m| fits(&m.indices))
        {
            entities.user_mentions.push(MentionE {
                indices: moved(m.indices),
                ..m.clone()
            });
        }
        for u in orig.entities.urls.iter().filter(|u| fits(&u.indices)) {
            entities.urls.push(UrlE {
                indices: moved(u.indices),
                ..u.clone()
            });
        }
        let mut s = self.original(id, at, author);
        s.text = text;
        s.entities = entities;
        s.lang = orig.lang;
        s.retweet_count = orig.retweet_count;
        s.favorite_count = 0;
        s.retweeted_status = Some(Box::new(orig));
        s
    }

    fn make_reply(&mut self, s: &mut Status) {
        let to = self.some_recent();
        let prefix = format!("@{} ", to.user.screen_name);
        let shift = prefix.chars().count();
        for h in &mut s.entities.hashtags {
            h.indices = [h.indices[0] + shift, h.indices[1] + shift];
        }
        for m in &mut s.entities.user_mentions {
            m.indices = [m.indices[0] + shift, m.indices[1] + shift];
        }
        for u in &mut s.entities.urls {
            u.indices = [u.indices[0] + shift, u.indices[1] + shift];
        }
        s.entities.user_mentions.insert(
            0,
            MentionE {
                screen_name: to.user.screen_name.clone(),
                name: to.user.name.clone(),
                id: to.user.id,
                id_str: to.user.id_str.clone(),
                indices: [0, shift - 1],
            },
        );
        s.text = format!("{prefix}{}", s.text);
        s.in_reply_to_status_id = Some(to.id);
        s.in_reply_to_status_id_str = Some(to.id_str.clone());
        s.in_reply_to_user_id = Some(to.user.id);
        s.in_reply_to_user_id_str = Some(to.user.id_str.clone());
        s.in_reply_to_screen_name = Some(to.user.screen_name.clone());
    }

    fn make_quote(&mut self, s: &mut Status) {
        let quoted = self.some_recent();
        let link = format!(
            "https://twitter.com/{}/status/{}",
            quoted.user.screen_name, quoted.id_str
        );
        let short = self.short_url();
        let start = s.text.chars().count() + 1;
        s.text = format!("{} {short}", s.text);
        s.entities.urls.push(UrlE {
            url: short.clone(),
            expanded_url: link,
            display_url: format!("twitter.com/{}/st…", quoted.user.screen_name),
            indices: [start, start + short.chars().count()],
        });
        s.is_quote_status = true;
        s.quoted_status_id = Some(quoted.id);
        s.quoted_status_id_str = Some(quoted.id_str.clone());
        s.quoted_status = Some(Box::new(quoted));
    }
}

fn make_user(rng: &mut ChaCha8Rng, i: usize, speaker: Option<(&str, &str)>) -> User {
    let (name, handle) = match speaker {
        Some((name, handle)) => (name.to_string(), handle.to_string()),
        None => {
            let first = FIRST[rng.random_range(0..FIRST.len())];
            let last = LAST[rng.random_range(0..LAST.len())];
            let handle: String = format!("{first}{}", last.replace(' ', ""))
                .chars()
                .take(11)
                .collect();
            (format!("{first} {last}"), format!("{handle}{i}"))
        }
    };
    let id: u64 = rng.random_range(10_000_000..4_000_000_000);
    let joined = Utc.with_ymd_and_hms(2008, 1, 1, 0, 0, 0).unwrap()
        + Duration::seconds(rng.random_range(0..7 * 365 * 86_400));
    let img = format!(
        "http://pbs.twimg.com/profile_images/{}/{}_normal.jpg",
        id * 7 + 13,
        handle
    );
    User {
        id,
        id_str: id.to_string(),
        name,
        screen_name: handle,
        location: CITIES[rng.random_range(0..CITIES.len())],
        description: BIOS[rng.random_range(0..BIOS.len())],
        url: rng.random_bool(0.5).then(|| format!("https://t.co/{id:x}")),
        protected: false,
        followers_count: if speaker.is_some() {
            rng.random_range(2_000..90_000)
        } else {
            rng.random_range(10..6_000)
        },
        friends_count: rng.random_range(50..3_000),
        listed_count: rng.random_range(0..300),
        created_at: joined.format("%a %b %d %H:%M:%S +0000 %Y").to_string(),
        favourites_count: rng.random_range(0..20_000),
        utc_offset: 3600,
        time_zone: "Rome",
        geo_enabled: rng.random_bool(0.3),
        verified: speaker.is_some() && rng.random_bool(0.5),
        statuses_count: rng.random_range(100..60_000),
        lang: "it",
        contributors_enabled: false,
        is_translator: false,
        profile_background_color: "C0DEED",
        profile_background_image_url: "http://abs.twimg.com/images/themes/theme1/bg.png",
        profile_background_image_url_https: "https://abs.twimg.com/images/themes/theme1/bg.png",
        profile_background_tile: false,
        profile_image_url_https: img.replace("http://", "https://"),
        profile_image_url: img,
        profile_banner_url: format!("https://pbs.twimg.com/profile_banners/{id}/1446000000"),
        profile_link_color: "0084B4",
        profile_sidebar_border_color: "C0DEED",
        profile_sidebar_fill_color: "DDEEF6",
        profile_text_color: "333333",
        profile_use_background_image: true,
        default_profile: rng.random_bool(0.4),
        default_profile_image: false,
        following: None,
        follow_request_sent: None,
        notifications: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::formats::v1;

    fn lines(tweets: u64, seed: u64) -> Vec<u8> {
        let mut out = Vec::new();
        generate(&mut out, GenOptions { tweets, seed }).unwrap();
        out
    }

    #[test]
    fn same_seed_same_bytes_other_seed_other_bytes() {
        assert_eq!(lines(50, 7), lines(50, 7));
        assert_ne!(lines(50, 7), lines(50, 8));
    }

    /// Two dumps made with different seeds go into one index side by side: no id is shared,
    /// and each id still says its tweet's time.
    #[test]
    fn other_seeds_other_ids_at_the_same_times() {
        let ids = |seed| -> Vec<(u64, String)> {
            lines(300, seed)
                .split(|&b| b == b'\n')
                .filter(|l| !l.is_empty())
                .map(|l| {
                    let v: serde_json::Value = serde_json::from_slice(l).unwrap();
                    (v["id"].as_u64().unwrap(), v["created_at"].to_string())
                })
                .collect()
        };
        let dumps = [ids(DEFAULT_SEED), ids(1), ids(2), ids(2016), ids(u64::MAX)];
        let mut all: Vec<u64> = dumps.iter().flatten().map(|(id, _)| *id).collect();
        all.sort_unstable();
        all.dedup();
        assert_eq!(all.len(), 5 * 300);
        for dump in &dumps {
            for (id, created_at) in dump {
                let t = crate::model::snowflake_time(*id).unwrap();
                let written = DateTime::parse_from_str(
                    created_at.trim_matches('"'),
                    "%a %b %d %H:%M:%S %z %Y",
                )
                .unwrap();
                assert_eq!(t.timestamp(), written.timestamp());
            }
        }
    }

    #[test]
    fn every_line_reads_back_with_entities_at_their_indices() {
        let out = lines(600, 1);
        let mut retweets = 0;
        let mut n = 0;
        for line in out.split(|&b| b == b'\n').filter(|l| !l.is_empty()) {
            n += 1;
            let value: serde_json::Value = serde_json::from_slice(line).unwrap();
            let text: Vec<char> = value["text"].as_str().unwrap().chars().collect();
            for h in value["entities"]["hashtags"].as_array().unwrap() {
                let [a, b] = [
                    h["indices"][0].as_u64().unwrap() as usize,
                    h["indices"][1].as_u64().unwrap() as usize,
                ];
                let shown: String = text[a..b].iter().collect();
                assert_eq!(shown, format!("#{}", h["text"].as_str().unwrap()));
            }
            let mut got = Vec::new();
            v1::parse(line, &mut |t| got.push(t.unwrap()));
            if got[0].retweet_of.is_some() {
                retweets += 1;
                assert!(!got[0].text.starts_with("RT @"));
            }
        }
        assert_eq!(n, 600);
        let share = retweets as f64 / n as f64;
        assert!((0.2..0.4).contains(&share), "retweets: {share}");
        let mean = out.len() / n;
        assert!((2_000..4_500).contains(&mean), "mean line: {mean} bytes");
    }
}
