//! How exact keys compare (hashtags, handles, speakers): lowercased, accents and other marks
//! removed, the whole value one term. The index, the speaker matcher and the reports share it.

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
    let mut analyzer = key_analyzer();
    let mut stream = analyzer.token_stream(text);
    let mut out = String::new();
    while let Some(token) = stream.next() {
        out.push_str(&token.text);
    }
    out
}
