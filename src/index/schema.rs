//! The tantivy schema, declared once. Each field's options are chosen for an effect:
//!
//! - ranked words (`text`): tokenised on letters and digits, lowercased and folded to ASCII, so
//!   `perche` finds `perché` and `Perché` alike; positions kept for phrases and snippets; no
//!   stemming, since an Italian stemmer mangles English and the other way round;
//! - exact keys (`hashtags`, `mentions`, `author`, `speakers`): the whole value as one term, lowercased and
//!   folded, so `#PASocial` finds `#pasocial`; stored as written, so they are shown as written;
//!   fast, so statistics aggregate them without reading stored documents;
//! - fast numbers (`key`, `created_at`, counts): for deduplication, sorting, ranges, histograms;
//! - `raw`: the original record, stored only (the doc store compresses it with zstd).

use tantivy::schema::{
    BytesOptions, DateOptions, DateTimePrecision, FAST, Field, INDEXED, IndexRecordOption,
    NumericOptions, STORED, STRING, Schema, TextFieldIndexing, TextOptions,
};
use tantivy::tokenizer::{
    AsciiFoldingFilter, LowerCaser, RemoveLongFilter, SimpleTokenizer, TextAnalyzer,
    TokenizerManager,
};

/// Tokenizer of ranked text.
pub const TEXT_TOKENIZER: &str = "chirp_text";
/// Tokenizer (and fast-field normaliser) of exact keys: one term, lowercased, folded.
pub const KEY_TOKENIZER: &str = "chirp_key";

/// The fields, resolved once from the schema.
#[derive(Clone, Debug)]
pub struct Fields {
    pub id: Field,
    pub key: Field,
    pub created_at: Field,
    pub author: Field,
    pub author_name: Field,
    pub author_id: Field,
    pub text: Field,
    pub lang: Field,
    pub kind: Field,
    pub retweet_of: Field,
    pub retweet_of_author: Field,
    pub quote_of: Field,
    pub quote_of_author: Field,
    pub reply_to: Field,
    pub reply_to_author: Field,
    pub retweet_count: Field,
    pub favorite_count: Field,
    pub hashtags: Field,
    pub mentions: Field,
    pub urls: Field,
    pub date_only: Field,
    pub link: Field,
    pub format: Field,
    pub source: Field,
    pub event: Field,
    pub speakers: Field,
    pub attributions: Field,
    pub raw: Field,
}

/// Builds the schema and the fields that go with it.
pub fn build() -> (Schema, Fields) {
    let mut b = Schema::builder();
    let text = TextOptions::default().set_stored().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer(TEXT_TOKENIZER)
            .set_index_option(IndexRecordOption::WithFreqsAndPositions),
    );
    let key = TextOptions::default()
        .set_stored()
        .set_fast(KEY_TOKENIZER)
        .set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer(KEY_TOKENIZER)
                .set_index_option(IndexRecordOption::Basic)
                .set_fieldnorms(false),
        );
    let exact = STRING | STORED;
    let facet = STRING | STORED | FAST;
    let count = NumericOptions::default().set_stored().set_fast();
    let fields = Fields {
        id: b.add_text_field("id", exact.clone()),
        key: b.add_u64_field("key", INDEXED | FAST),
        created_at: b.add_date_field(
            "created_at",
            DateOptions::from(INDEXED)
                .set_stored()
                .set_fast()
                .set_precision(DateTimePrecision::Seconds),
        ),
        author: b.add_text_field("author", key.clone()),
        author_name: b.add_text_field("author_name", STORED),
        author_id: b.add_text_field("author_id", exact.clone()),
        text: b.add_text_field("text", text),
        lang: b.add_text_field("lang", facet.clone()),
        kind: b.add_text_field("type", facet.clone()),
        retweet_of: b.add_text_field("retweet_of", exact.clone()),
        retweet_of_author: b.add_text_field("retweet_of_author", key.clone()),
        quote_of: b.add_text_field("quote_of", exact.clone()),
        quote_of_author: b.add_text_field("quote_of_author", key.clone()),
        reply_to: b.add_text_field("reply_to", exact.clone()),
        reply_to_author: b.add_text_field("reply_to_author", key.clone()),
        retweet_count: b.add_u64_field("retweet_count", count.clone()),
        favorite_count: b.add_u64_field("favorite_count", count),
        hashtags: b.add_text_field("hashtags", key.clone()),
        mentions: b.add_text_field("mentions", key.clone()),
        urls: b.add_text_field("urls", exact),
        date_only: b.add_bool_field("date_only", STORED | FAST),
        link: b.add_text_field("link", STORED),
        format: b.add_text_field("format", facet.clone()),
        source: b.add_text_field("source", facet.clone()),
        event: b.add_text_field("event", facet),
        speakers: b.add_text_field("speakers", key.clone()),
        attributions: b.add_text_field("attributions", STORED),
        raw: b.add_bytes_field("raw", BytesOptions::default().set_stored()),
    };
    (b.build(), fields)
}

/// The tokenizers the schema names, for both the index and its fast fields.
pub fn tokenizers() -> TokenizerManager {
    let manager = TokenizerManager::default();
    manager.register(
        TEXT_TOKENIZER,
        TextAnalyzer::builder(SimpleTokenizer::default())
            .filter(RemoveLongFilter::limit(60))
            .filter(LowerCaser)
            .filter(AsciiFoldingFilter)
            .build(),
    );
    manager.register(KEY_TOKENIZER, crate::model::fold::key_analyzer());
    manager
}

#[cfg(test)]
mod tests {
    use super::*;
    use tantivy::tokenizer::TokenStream;

    fn tokens(name: &str, text: &str) -> Vec<String> {
        let mut analyzer = tokenizers().get(name).unwrap();
        let mut stream = analyzer.token_stream(text);
        let mut out = Vec::new();
        while stream.advance() {
            out.push(stream.token().text.clone());
        }
        out
    }

    #[test]
    fn text_is_lowercased_and_accent_folded() {
        assert_eq!(
            tokens(TEXT_TOKENIZER, "Perché la PA è #social?"),
            ["perche", "la", "pa", "e", "social"]
        );
    }

    #[test]
    fn keys_are_one_folded_term() {
        assert_eq!(tokens(KEY_TOKENIZER, "PASocial"), ["pasocial"]);
        assert_eq!(tokens(KEY_TOKENIZER, "Università"), ["universita"]);
    }
}
