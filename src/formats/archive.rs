//! The personal archive a user downloads of their own account: the `.zip` as downloaded (read in
//! place), or its `data/tweets.js` (`tweet.js`, `tweets-partN.js`).

use std::io::BufRead;
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::AtomicU64;

use anyhow::Result;

use super::{Emit, Frames, Record, Source};

/// Whether a file is a zip (by its magic bytes).
pub fn is_zip(path: &Path) -> Result<bool> {
    use std::io::Read;
    let mut magic = [0u8; 4];
    let n = std::fs::File::open(path)?.read(&mut magic)?;
    Ok(n == 4 && magic == *b"PK\x03\x04")
}

/// Frames the tweets of every `tweets.js` part inside an archive zip.
pub fn read_zip(_path: &Path, _taken: Arc<AtomicU64>) -> Result<Frames> {
    anyhow::bail!("archive zips are not read yet")
}

/// Frames a `tweets.js` file: everything after the first `=` is a JSON array.
pub fn read_js(_reader: Box<dyn BufRead + Send>, _source: Arc<Source>) -> Frames {
    Box::new(std::iter::empty())
}

/// Reads one entry (`{"tweet": {...}}` or a bare tweet object).
pub fn parse(_record: &Record, emit: &mut Emit<'_>) {
    emit(Err("this format is not read yet".into()))
}
