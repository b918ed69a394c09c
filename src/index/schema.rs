//! The tantivy schema, declared once. Each field's options are chosen for an effect:
//!
//! - ranked words (`text`): tokenised on letters and digits, lowercased and folded to ASCII, so
//!   `perche` finds `perché` and `Perché` alike; positions kept for phrases and snippets; no
//!   stemming, since an Italian stemmer mangles English and the other way round;
//! - exact keys (`hashtags`, `mentions`, `author`, `speakers`): the whole value as one term, lowercased and
//!   folded, so `#PASocial` finds `#pasocial`; stored as written, so they are shown as written;
//!   fast, so statistics aggregate them without reading stored documents;
//! - fast numbers (`key`, `created_at`, counts): for deduplication, sorting, ranges, histograms;
//! - fast only (`shared_links`, `shared_domains`): the links a tweet shares and their domains,
//!   worked out once when it is indexed, so that statistics count them from their columns;
//! - `raw`: the original record, stored only (the doc store compresses it with zstd): as text
//!   when it is UTF-8, as nearly every record is, and in `raw_bytes` when it is not. tantivy
//!   writes a text value into its store with one copy and a bytes value one byte at a time
//!   (6.8% of an ingest's time), and reads it back the same way.

use tantivy::schema::{
    BytesOptions, DateOptions, DateTimePrecision, FAST, Field, INDEXED, IndexRecordOption,
    NumericOptions, STORED, Schema, TextFieldIndexing, TextOptions,
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
    pub shared_links: Field,
    pub shared_domains: Field,
    pub date_only: Field,
    pub link: Field,
    pub format: Field,
    pub source: Field,
    pub event: Field,
    pub speakers: Field,
    /// The speakers a tweet names (attributions not inferred), for `--named-only`.
    pub named_speakers: Field,
    pub attributions: Field,
    pub raw: Field,
    /// The original record when it is not UTF-8.
    pub raw_bytes: Field,
}

/// The fields' names, written here once: the schema is built from them, and whatever names a
/// field by its name (aggregations, fast-field columns, the query shorthands) uses them.
impl Fields {
    pub const ID: &str = "id";
    pub const KEY: &str = "key";
    pub const CREATED_AT: &str = "created_at";
    pub const AUTHOR: &str = "author";
    pub const AUTHOR_NAME: &str = "author_name";
    pub const AUTHOR_ID: &str = "author_id";
    pub const TEXT: &str = "text";
    pub const LANG: &str = "lang";
    pub const KIND: &str = "type";
    pub const RETWEET_OF: &str = "retweet_of";
    pub const RETWEET_OF_AUTHOR: &str = "retweet_of_author";
    pub const QUOTE_OF: &str = "quote_of";
    pub const QUOTE_OF_AUTHOR: &str = "quote_of_author";
    pub const REPLY_TO: &str = "reply_to";
    pub const REPLY_TO_AUTHOR: &str = "reply_to_author";
    pub const RETWEET_COUNT: &str = "retweet_count";
    pub const FAVORITE_COUNT: &str = "favorite_count";
    pub const HASHTAGS: &str = "hashtags";
    pub const MENTIONS: &str = "mentions";
    pub const URLS: &str = "urls";
    pub const SHARED_LINKS: &str = "shared_links";
    pub const SHARED_DOMAINS: &str = "shared_domains";
    pub const DATE_ONLY: &str = "date_only";
    pub const LINK: &str = "link";
    pub const FORMAT: &str = "format";
    pub const SOURCE: &str = "source";
    pub const EVENT: &str = "event";
    pub const SPEAKERS: &str = "speakers";
    pub const NAMED_SPEAKERS: &str = "named_speakers";
    pub const ATTRIBUTIONS: &str = "attributions";
    pub const RAW: &str = "raw";
    pub const RAW_BYTES: &str = "raw_bytes";
}

/// Builds the schema and the fields that go with it.
pub fn build() -> (Schema, Fields) {
    let mut b = Schema::builder();
    let text = TextOptions::default().set_stored().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer(TEXT_TOKENIZER)
            .set_index_option(IndexRecordOption::WithFreqsAndPositions),
    );
    // An exact key, not stored (for a field whose values another stored field says).
    let key_unstored = TextOptions::default()
        .set_fast(KEY_TOKENIZER)
        .set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer(KEY_TOKENIZER)
                .set_index_option(IndexRecordOption::Basic)
                .set_fieldnorms(false),
        );
    let key = key_unstored.clone().set_stored();
    // An exact key that nothing counts: looked up, never aggregated, so no column.
    let key_lookup = TextOptions::default().set_stored().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer(KEY_TOKENIZER)
            .set_index_option(IndexRecordOption::Basic)
            .set_fieldnorms(false),
    );
    // A raw value as one term, without field norms: an exact match is not ranked by length,
    // and norms would cost a byte a document and a field to write.
    let raw_term = TextOptions::default().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer("raw")
            .set_index_option(IndexRecordOption::Basic)
            .set_fieldnorms(false),
    );
    let exact = raw_term.clone().set_stored();
    let facet = exact.clone().set_fast("raw");
    let count = NumericOptions::default().set_stored().set_fast();
    let fields = Fields {
        id: b.add_text_field(Fields::ID, exact.clone()),
        // Fast only: a tweet is found (and replaced) by its `id` term, of which the key is a
        // function; a second term a tweet would cost the indexer as much again.
        key: b.add_u64_field(Fields::KEY, FAST),
        created_at: b.add_date_field(
            Fields::CREATED_AT,
            // Not indexed: tantivy answers a range of times from the fast column, and a term a
            // second would cost the indexer for nothing.
            DateOptions::default()
                .set_stored()
                .set_fast()
                .set_precision(DateTimePrecision::Seconds),
        ),
        author: b.add_text_field(Fields::AUTHOR, key.clone()),
        author_name: b.add_text_field(Fields::AUTHOR_NAME, STORED),
        // Stored only: shown and exported, never searched.
        author_id: b.add_text_field(Fields::AUTHOR_ID, STORED),
        text: b.add_text_field(Fields::TEXT, text),
        lang: b.add_text_field(Fields::LANG, exact.clone()),
        kind: b.add_text_field(Fields::KIND, facet.clone()),
        retweet_of: b.add_text_field(Fields::RETWEET_OF, exact.clone()),
        retweet_of_author: b.add_text_field(Fields::RETWEET_OF_AUTHOR, key_lookup.clone()),
        quote_of: b.add_text_field(Fields::QUOTE_OF, exact.clone()),
        quote_of_author: b.add_text_field(Fields::QUOTE_OF_AUTHOR, key_lookup.clone()),
        reply_to: b.add_text_field(Fields::REPLY_TO, exact.clone()),
        reply_to_author: b.add_text_field(Fields::REPLY_TO_AUTHOR, key_lookup.clone()),
        retweet_count: b.add_u64_field(Fields::RETWEET_COUNT, count.clone()),
        favorite_count: b.add_u64_field(Fields::FAVORITE_COUNT, count),
        hashtags: b.add_text_field(Fields::HASHTAGS, key.clone()),
        mentions: b.add_text_field(Fields::MENTIONS, key.clone()),
        urls: b.add_text_field(Fields::URLS, exact),
        shared_links: b.add_text_field(Fields::SHARED_LINKS, FAST),
        shared_domains: b.add_text_field(Fields::SHARED_DOMAINS, FAST),
        // Indexed too, so that statistics can set the untimed tweets apart with a filter.
        date_only: b.add_bool_field(Fields::DATE_ONLY, INDEXED | STORED | FAST),
        link: b.add_text_field(Fields::LINK, STORED),
        format: b.add_text_field(Fields::FORMAT, facet.clone()),
        source: b.add_text_field(Fields::SOURCE, facet.clone()),
        event: b.add_text_field(Fields::EVENT, facet),
        speakers: b.add_text_field(Fields::SPEAKERS, key.clone()),
        // Not stored: the stored attributions say it already.
        named_speakers: b.add_text_field(Fields::NAMED_SPEAKERS, key_unstored),
        attributions: b.add_text_field(Fields::ATTRIBUTIONS, STORED),
        raw: b.add_text_field(Fields::RAW, STORED),
        raw_bytes: b.add_bytes_field(Fields::RAW_BYTES, BytesOptions::default().set_stored()),
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
