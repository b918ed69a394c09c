//! chirpdex's integration tests, in one binary (as ripgrep's `tests/`): one module per area, and
//! one harness with what they all need (fixtures, `../shared` lookups that skip when it is
//! absent, a temporary index, the built binary run against it).
//!
//! `cargo test` runs them all; `cargo test --test it AREA::` runs one area (`readers::`,
//! `hostile::`, ...), and a test's name finds it alone. The long fuzz run is behind a variable:
//! `CHIRPDEX_FUZZ_ITERS=20000 cargo test --release --test it fuzz:: -- --nocapture`.

mod harness;

/// Speaker attribution measured against a hand-labelled set.
mod attribution;
/// Ingest, search, export and attribution end to end, on the fixtures and the corpus.
mod cli;
/// Entity extraction against twitter-text's conformance vectors.
mod conformance;
/// The shipped corpus is what its generator makes.
mod corpus;
/// Which tweets belong to an event: `ingest --event` and `event apply`.
mod events;
/// `export` as CSV, GEXF and Quickwit.
mod export;
/// Mutated fixtures, random queries and texts: nothing panics.
mod fuzz;
/// Bad input, limits, bounded memory.
mod hostile;
/// The event page: `recap --all`'s index and `recap --overview`, against `stats` and `speakers`.
mod overview;
/// Small things a new user hits: a missing path, an empty index, another tool's CSV, seeds.
mod papercuts;
/// Properties over open-ended input (proptest).
mod properties;
/// Every reader on its fixtures, one table, and the same hostile cases for each.
mod readers;
/// `speakers` and `recap`.
mod recap;
/// Killed ingests, concurrent writers, rejects kept, damaged indexes.
mod reliability;
/// Search filters, sorts and pages.
mod search;
/// `stats` and `info`.
mod stats;
/// What a person sees: the binary under a pseudo-terminal of 80 and 160 columns.
mod terminal;
