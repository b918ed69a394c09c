//! chirpdex: an archiver and search engine for conference tweets.
//!
//! The modules follow the data: [`formats`] read dumps into the normalised [`model::Tweet`],
//! [`extract`] finds what a text holds, [`index`] stores tweets in tantivy, [`ingest`] runs the
//! pipeline from files to index, [`query`] finds them again, [`report`] prints them. [`synth`]
//! makes synthetic dumps for tests and benchmarks.

pub mod bench;
pub mod event;
pub mod extract;
pub mod formats;
pub mod index;
pub mod ingest;
pub mod model;
pub mod query;
pub mod recap;
pub mod report;
pub mod stats;
pub mod synth;
