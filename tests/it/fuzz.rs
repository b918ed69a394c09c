//! Fuzzing on stable Rust: every fixture in `tests/data/`, mutated at random (bits flipped, bytes
//! cut, inserted, repeated), framed and read by every format reader; random queries translated
//! and parsed; random texts extracted and attributed. Nothing may panic. The mutations are
//! deterministic (ChaCha8 from a seed), so a failure reproduces.
//!
//! CI runs a short pass. For a long one: `CHIRPDEX_FUZZ_ITERS=20000 cargo test --release --test
//! it fuzz:: -- --nocapture` (and `CHIRPDEX_FUZZ_SEED` to vary the seed).

use std::path::{Path, PathBuf};
use std::sync::Arc;

use chirpdex::event::Event;
use chirpdex::extract::speakers::Matcher;
use chirpdex::formats::{self, Input, Opened};
use chirpdex::index::Archive;
use chirpdex::model::Format;
use chirpdex::query::Request;
use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;

use crate::harness::data;

fn iterations() -> usize {
    std::env::var("CHIRPDEX_FUZZ_ITERS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(20)
}

fn rng() -> ChaCha8Rng {
    let seed = std::env::var("CHIRPDEX_FUZZ_SEED")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(2015);
    ChaCha8Rng::seed_from_u64(seed)
}

fn fixtures() -> Vec<PathBuf> {
    walkdir::WalkDir::new(data(""))
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file() && e.path().extension().is_some_and(|x| x != "md"))
        .map(|e| e.into_path())
        .collect()
}

/// One random change to the bytes.
fn mutate(rng: &mut ChaCha8Rng, bytes: &mut Vec<u8>) {
    if bytes.is_empty() {
        bytes.extend_from_slice(b"{[\"");
    }
    let at = rng.random_range(0..bytes.len());
    match rng.random_range(0..6) {
        0 => bytes[at] ^= 1 << rng.random_range(0..8),
        1 => bytes.truncate(at),
        2 => {
            let end = (at + rng.random_range(1..64)).min(bytes.len());
            bytes.drain(at..end);
        }
        3 => {
            let b = *[
                b'{', b'}', b'[', b']', b'"', b'\\', b'\n', b',', b':', 0, 0xff, b'<', b'#', b'@',
            ]
            .get(rng.random_range(0..14))
            .unwrap_or(&b'x');
            bytes.insert(at, b);
        }
        4 => {
            let end = (at + rng.random_range(1..200)).min(bytes.len());
            let piece = bytes[at..end].to_vec();
            bytes.splice(at..at, piece);
        }
        _ => {
            let end = (at + rng.random_range(1..16)).min(bytes.len());
            for b in &mut bytes[at..end] {
                *b = rng.random();
            }
        }
    }
}

/// The formats a user can force with `--from`: all but chirpdex's own normalised records.
fn forceable() -> Vec<Format> {
    Format::ALL
        .into_iter()
        .filter(|&f| f != Format::Normalised)
        .collect()
}

/// Frames a file in a format (or the recognised one) and reads every record.
fn read_all(path: &Path, from: Option<Format>) -> usize {
    let Ok(Opened::Frames(frames)) =
        formats::read(&Input::File(path.to_path_buf()), from, Arc::default())
    else {
        return 0;
    };
    let mut n = 0;
    let mut out = Vec::new();
    for record in frames {
        let Ok(record) = record else { break };
        formats::parse(&record, &mut out);
        n += out.drain(..).count();
    }
    n
}

#[test]
fn every_reader_survives_mutated_fixtures() {
    let mut rng = rng();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("mutant");
    let mut runs = 0;
    for fixture in fixtures() {
        let original = std::fs::read(&fixture).unwrap();
        for _ in 0..iterations() {
            let mut bytes = original.clone();
            for _ in 0..rng.random_range(1..4) {
                mutate(&mut rng, &mut bytes);
            }
            std::fs::write(&path, &bytes).unwrap();
            read_all(&path, None);
            let formats = forceable();
            let forced = formats[rng.random_range(0..formats.len())];
            read_all(&path, Some(forced));
            runs += 2;
        }
    }
    println!("{runs} mutated reads, no panic");
}

#[test]
fn query_translation_survives_random_queries() {
    let mut rng = rng();
    let dir = tempfile::tempdir().unwrap();
    let archive = Archive::open_or_create(dir.path()).unwrap();
    let pieces = [
        "#",
        "@",
        "from:",
        "is:",
        "since:",
        "until:",
        "speaker:",
        "\"",
        "(",
        ")",
        "AND",
        "OR",
        "NOT",
        "-",
        "+",
        "*",
        ":",
        "[",
        "]",
        "{",
        "}",
        "TO",
        "2015-11-17",
        "x",
        "perché",
        "lang:it",
        " ",
        "\\",
        "^",
        "~",
        "text:",
        "created_at:>",
        "🙂",
    ];
    for _ in 0..iterations() * 50 {
        let query: String = (0..rng.random_range(0..12))
            .map(|_| pieces[rng.random_range(0..pieces.len())])
            .collect();
        let mut request = Request::new(&query);
        request.tz = "Europe/Rome".parse().unwrap();
        let _ = request.to_query(&archive);
    }
}

#[test]
fn extraction_and_attribution_survive_random_texts() {
    let mut rng = rng();
    let programme = data("speakers/event.toml");
    let matcher = Matcher::new(&Event::load(&programme).unwrap());
    let alphabet: Vec<char> = "aàèé #@$:\"“«'.,;!?/http:/t.co\n\u{200d}🙂ＡＢ＃＠_-0123456789RT"
        .chars()
        .collect();
    for _ in 0..iterations() * 50 {
        let text: String = (0..rng.random_range(0..160))
            .map(|_| alphabet[rng.random_range(0..alphabet.len())])
            .collect();
        for span in chirpdex::extract::spans(&text) {
            // Offsets count characters and fall inside the text.
            assert!(
                span.start <= span.end && span.end <= text.chars().count(),
                "{text:?}"
            );
        }
        let _ = matcher.attribute(&chirpdex::extract::tweet(&text));
    }
}
