//! How exact keys compare (hashtags, handles, speakers): lowercased, accents and other marks
//! removed, the whole value one term. The index, the speaker matcher and the reports share it.

use std::cell::RefCell;

use tantivy::tokenizer::{AsciiFoldingFilter, LowerCaser, RawTokenizer, TextAnalyzer};

/// The normaliser of exact keys: the whole value as one term, lowercased, folded to ASCII.
pub fn key_analyzer() -> TextAnalyzer {
    TextAnalyzer::builder(RawTokenizer::default())
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter)
        .build()
}

/// Folds a text as the index folds its exact keys: `Nicolò` → `nicolo`.
pub fn fold(text: &str) -> String {
    thread_local! {
        // Built once a thread: a fold is called for every word the matcher weighs.
        static ANALYZER: RefCell<TextAnalyzer> = RefCell::new(key_analyzer());
    }
    if text.is_ascii() {
        return text.to_ascii_lowercase();
    }
    ANALYZER.with_borrow_mut(|analyzer| whole(analyzer, text))
}

/// Folds accents and other marks to ASCII as [`fold`] does, but keeps the case: `Nicolò` →
/// `Nicolo` (the speaker matcher tells a surname from the same word by its capital).
pub fn fold_keeping_case(text: &str) -> String {
    thread_local! {
        static ANALYZER: RefCell<TextAnalyzer> = RefCell::new(
            TextAnalyzer::builder(RawTokenizer::default()).filter(AsciiFoldingFilter).build(),
        );
    }
    if text.is_ascii() {
        return text.to_string();
    }
    ANALYZER.with_borrow_mut(|analyzer| whole(analyzer, text))
}

/// The text `analyzer` makes of `text`, its tokens joined (the raw tokenizer gives one).
fn whole(analyzer: &mut TextAnalyzer, text: &str) -> String {
    let mut stream = analyzer.token_stream(text);
    let mut out = String::new();
    while let Some(token) = stream.next() {
        out.push_str(&token.text);
    }
    out
}

/// The candidate a mistyped `word` most likely meant, for a "did you mean" hint: the nearest by
/// edit distance (compared folded; at most a third of the word's letters, and never more than
/// 3, apart), else the only candidate that starts with the word or that it starts with
/// (`lang` for `language`). `None` when nothing is close or the word is itself a candidate.
pub fn closest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let word = fold(word);
    if word.is_empty() {
        return None;
    }
    let limit = (word.chars().count() / 3).clamp(1, 3);
    let mut best: Option<(usize, &str)> = None;
    let mut prefixed: Vec<&str> = Vec::new();
    for c in candidates {
        let folded = fold(c);
        if folded == word {
            return None;
        }
        let d = distance(&word, &folded);
        if d <= limit && best.is_none_or(|(b, _)| d < b) {
            best = Some((d, c));
        }
        if folded.starts_with(&word) || word.starts_with(&folded) {
            prefixed.push(c);
        }
    }
    best.map(|(_, c)| c).or_else(|| match prefixed[..] {
        [only] => Some(only),
        _ => None,
    })
}

/// Levenshtein's distance between two words, counted in characters, a swap of two neighbours
/// counting once (`form` and `from` are 1 apart).
fn distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    // Three rows: the one before the previous is needed for swaps.
    let mut before: Vec<usize> = vec![0; b.len() + 1];
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    let mut row = vec![0; b.len() + 1];
    for i in 1..=a.len() {
        row[0] = i;
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            row[j] = (previous[j] + 1)
                .min(row[j - 1] + 1)
                .min(previous[j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                row[j] = row[j].min(before[j - 2] + 1);
            }
        }
        std::mem::swap(&mut before, &mut previous);
        std::mem::swap(&mut previous, &mut row);
    }
    previous[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_closest_candidate_is_suggested() {
        let fields = ["from", "speaker", "hashtags", "lang", "text"];
        assert_eq!(closest("fro", fields), Some("from"));
        assert_eq!(closest("form", fields), Some("from"));
        assert_eq!(closest("hashtag", fields), Some("hashtags"));
        assert_eq!(closest("SPEAKR", fields), Some("speaker"));
        assert_eq!(closest("language", fields), Some("lang"));
        assert_eq!(closest("colour", fields), None);
        assert_eq!(closest("from", fields), None);
        assert_eq!(closest("", fields), None);
    }

    #[test]
    fn distances_count_edits_and_swaps() {
        assert_eq!(distance("kitten", "sitting"), 3);
        assert_eq!(distance("form", "from"), 1);
        assert_eq!(distance("", "abc"), 3);
        assert_eq!(distance("abc", "abc"), 0);
    }
}
