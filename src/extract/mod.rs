//! Extraction: what a text holds (hashtags, mentions, links), for sources that do not say.
//!
//! Sources with entities (v1.1 `entities`) are taken at their word; these functions serve records
//! without them. Pure functions, regexes compiled once.

use std::sync::LazyLock;

use regex::Regex;

static HASHTAG: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?:^|[^\w&/#＃])[#＃](\w*[\p{L}_]\w*)").unwrap());
static MENTION: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?:^|[^\w!@#$%&*@＠])[@＠](\w{1,15})\b").unwrap());
static URL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?i)\bhttps?://[^\s<>"'()\[\]{}]+[^\s<>"'()\[\]{}.,:;!?…]"#).unwrap()
});

/// Hashtags in a text, as written, without `#`.
pub fn hashtags(text: &str) -> Vec<String> {
    HASHTAG
        .captures_iter(text)
        .map(|c| c[1].to_string())
        .collect()
}

/// Mentioned handles in a text, as written, without `@`.
pub fn mentions(text: &str) -> Vec<String> {
    MENTION
        .captures_iter(text)
        .map(|c| c[1].to_string())
        .collect()
}

/// Links in a text.
pub fn urls(text: &str) -> Vec<String> {
    URL.find_iter(text)
        .map(|m| m.as_str().to_string())
        .collect()
}

/// Keeps the first of values that differ only by case, in order: `#PASocial #pasocial` is one
/// hashtag, shown as first written.
pub fn dedup_case_insensitive(values: &mut Vec<String>) {
    let mut seen: Vec<String> = Vec::with_capacity(values.len());
    values.retain(|v| {
        let folded = v.to_lowercase();
        if seen.contains(&folded) {
            false
        } else {
            seen.push(folded);
            true
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_hashtags_mentions_and_links_in_italian_text() {
        let text = "Perché la #PA è #social: @Miur_social spiega https://t.co/AbC. Ciao a tutti!";
        assert_eq!(hashtags(text), ["PA", "social"]);
        assert_eq!(mentions(text), ["Miur_social"]);
        assert_eq!(urls(text), ["https://t.co/AbC"]);
    }

    #[test]
    fn ignores_what_only_looks_like_entities() {
        assert!(hashtags("page#anchor and #123").is_empty());
        assert!(mentions("mail me at a@example.org").is_empty());
        assert_eq!(hashtags("#università"), ["università"]);
    }

    #[test]
    fn dedup_keeps_first_spelling() {
        let mut v = vec!["PASocial".into(), "x".into(), "pasocial".into()];
        dedup_case_insensitive(&mut v);
        assert_eq!(v, ["PASocial", "x"]);
    }
}
