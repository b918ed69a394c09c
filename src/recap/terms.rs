//! Characteristic terms: the words much more frequent in a speaker's tweets than in the rest of
//! the event, by Dunning's log-likelihood ratio (G², "Accurate methods for the statistics of
//! surprise and coincidence", 1993), the keyness measure of corpus linguistics.
//!
//! What is counted:
//! - the texts of the records that are not retweets (a retweet repeats its original's words, so
//!   one popular quote would otherwise swamp everything else);
//! - words of letters and digits, lowercased; apostrophes split them (`dell'ufficio` gives
//!   `dell` and `ufficio`); links, hashtags, mentions and cashtags are left out (hashtags and
//!   mentions have their own lists), and so are words of fewer than three characters, numbers,
//!   the Italian and English stop words of NLTK (the `stop-words` crate; compared without
//!   accents, so `perche` goes with `perché`), a few words of tweets (`via`, `amp`, `http`,
//!   `https`) and the speaker's own name, aliases and handles;
//! - each word once per tweet.
//!
//! For a word, with `a` of the speaker's `n` tweets holding it and `b` of the other `m` tweets of
//! the event, G² = 2 Σ O·ln(O/E) over the four cells of the 2×2 table (holds the word or not,
//! speaker's or not), E being each cell's count were the word spread evenly. A word is kept when
//! it is in at least two of the speaker's tweets and relatively more frequent there than in the
//! rest (`a/n > b/m`); the ten with the highest G² are listed.

use std::collections::{HashMap, HashSet};

use crate::extract::words;
use crate::model::{Tweet, TweetType};

/// How many terms a summary lists.
pub const TOP_TERMS: usize = 10;
/// A term must be in at least this many of the speaker's tweets.
pub const MIN_TWEETS: usize = 2;

/// A characteristic term of a speaker.
#[derive(Clone, Debug, PartialEq)]
pub struct Term {
    pub term: String,
    /// The speaker's tweets (not retweets) that hold it.
    pub tweets: usize,
    /// The event's tweets (not retweets) that hold it, the speaker's included.
    pub event_tweets: usize,
    /// G², rounded to two decimals.
    pub log_likelihood: f64,
}

/// The event's words: for each tweet that is not a retweet, its distinct words.
pub struct Corpus {
    /// Tweets (not retweets) holding each word.
    counts: HashMap<String, usize>,
    /// Tweets that are not retweets.
    tweets: usize,
}

impl Corpus {
    pub fn new(tweets: &[Tweet]) -> Corpus {
        let mut counts: HashMap<String, usize> = HashMap::new();
        let mut n = 0;
        for t in tweets.iter().filter(|t| t.kind != TweetType::Retweet) {
            n += 1;
            for w in words(&t.text) {
                *counts.entry(w).or_default() += 1;
            }
        }
        Corpus { counts, tweets: n }
    }

    /// The speaker's characteristic terms, from their tweets that are not retweets (which must
    /// be among the corpus's), leaving out the words of `own` (their names and handles).
    pub fn characteristic(&self, originals: &[&Tweet], own: &[&str]) -> Vec<Term> {
        let own: HashSet<String> = own.iter().flat_map(|n| words(n)).collect();
        let mut mine: HashMap<String, usize> = HashMap::new();
        for t in originals {
            for w in words(&t.text) {
                *mine.entry(w).or_default() += 1;
            }
        }
        let n = originals.len();
        let m = self.tweets.saturating_sub(n);
        let mut found: Vec<Term> = mine
            .into_iter()
            .filter(|(w, a)| *a >= MIN_TWEETS && !own.contains(w))
            .filter_map(|(w, a)| {
                let total = self.counts.get(&w).copied().unwrap_or(a).max(a);
                let b = total - a;
                let over = m == 0 || (a as f64 / n as f64) > (b as f64 / m as f64);
                over.then(|| Term {
                    log_likelihood: (g2(a, n, b, m) * 100.0).round() / 100.0,
                    term: w,
                    tweets: a,
                    event_tweets: total,
                })
            })
            .collect();
        found.sort_by(|x, y| {
            y.log_likelihood
                .total_cmp(&x.log_likelihood)
                .then_with(|| y.tweets.cmp(&x.tweets))
                .then_with(|| x.term.cmp(&y.term))
        });
        found.truncate(TOP_TERMS);
        found
    }
}

/// Dunning's G² for a word in `a` of `n` tweets of one set and `b` of `m` of the other.
pub fn g2(a: usize, n: usize, b: usize, m: usize) -> f64 {
    let cells = [
        (a, n, a + b),
        (n - a.min(n), n, (n + m) - (a + b).min(n + m)),
        (b, m, a + b),
        (m - b.min(m), m, (n + m) - (a + b).min(n + m)),
    ];
    let total = (n + m) as f64;
    if total == 0.0 {
        return 0.0;
    }
    2.0 * cells
        .iter()
        .filter(|(o, _, _)| *o > 0)
        .map(|&(o, row, col)| {
            let o = o as f64;
            let e = row as f64 * col as f64 / total;
            o * (o / e).ln()
        })
        .sum::<f64>()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_leave_out_entities_stop_words_and_short_words() {
        let w = words(
            "Perché la #PA deve ascoltare? @Miur_social: dell'ufficio http://t.co/x 2015 è ok, via",
        );
        let w: Vec<&str> = w.iter().map(String::as_str).collect();
        assert_eq!(w, ["ascoltare", "deve", "ufficio"]);
        let w = words("Listen first, then publish THE numbers");
        let w: Vec<&str> = w.iter().map(String::as_str).collect();
        assert_eq!(w, ["first", "listen", "numbers", "publish"]);
    }

    #[test]
    fn g2_matches_a_worked_example() {
        // 10 of 20 speaker's tweets against 10 of 180 others: computed by hand from the
        // definition, 2 * sum(O ln(O/E)) with E = row * column / 200.
        let (o, e) = (
            [10.0f64, 10.0, 10.0, 170.0],
            [
                20.0 * 20.0 / 200.0,
                20.0 * 180.0 / 200.0,
                180.0 * 20.0 / 200.0,
                180.0 * 180.0 / 200.0,
            ],
        );
        let want: f64 = 2.0 * o.iter().zip(e).map(|(o, e)| o * (o / e).ln()).sum::<f64>();
        assert!((g2(10, 20, 10, 180) - want).abs() < 1e-9);
        assert!(g2(10, 20, 10, 180) > 20.0);
        // Spread evenly: nothing surprising.
        assert!(g2(2, 20, 18, 180).abs() < 1e-9);
    }
}
