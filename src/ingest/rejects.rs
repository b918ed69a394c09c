//! The rejects file: every record chirpdex could not take, kept byte for byte with where it came
//! from and why, one JSON object a line. Bytes that are valid UTF-8 are kept as a string
//! (`record`), any others in base64 (`record_base64`), so arbitrary bytes survive exactly.
//!
//! It is written to be trusted after anything:
//! - whole lines only, handed to the file a batch of whole lines at a time; a line torn by a kill
//!   or a full disk is cut back to the last newline when the next ingest starts (its record is
//!   rejected again when its input is read again), and a failed write is cut back at once;
//! - each record once: on opening, the keys of the entries already there (source, line and the
//!   record's bytes, hashed) are loaded, and a record that matches one not yet met is not
//!   written again. Memory: 8 bytes and a bit per entry already in the file, nothing per new
//!   one (what this run writes is not looked up again: a record that appears twice on one line,
//!   `[{}, {}]`, is kept twice, and so is an input named twice in one run);
//! - a file that cannot be opened or written (a directory, `/dev/full`, a read-only place, a full
//!   disk) does not stop the ingest: the first failure is returned once for the caller to show,
//!   and every record that could not be kept is counted ([`Rejects::not_kept`]).

use std::fs::{File, OpenOptions};
use std::io::{BufRead, BufReader, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

use anyhow::{Context, Error};
use base64::Engine;
use serde::{Deserialize, Serialize};
use xxhash_rust::xxh3::Xxh3;

/// Lines gathered before they are written: a few syscalls for a flood of small rejects, and at
/// most this much lost by a kill (the re-run rejects those records again).
const PENDING_BYTES: usize = 64 << 10;

/// Appends to the rejects file, opened on the first rejection.
pub struct Rejects {
    path: PathBuf,
    state: State,
    /// Whole lines not yet written, and how many.
    pending: Vec<u8>,
    pending_entries: u64,
    /// The keys of the entries in the file when it was opened, sorted (a key twice for a record
    /// kept twice), and which of them this run has met.
    known: Vec<u64>,
    met: Vec<u64>,
    not_kept: u64,
}

enum State {
    Closed,
    /// The file, and its length after the last whole line written.
    Open(File, u64),
    Failed,
}

#[derive(Serialize)]
struct Entry<'a> {
    source: &'a str,
    line: u64,
    reason: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    record: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    record_base64: Option<String>,
}

/// What an entry already in the file is recognised by.
#[derive(Deserialize)]
struct Kept {
    source: String,
    line: u64,
    record: Option<String>,
    record_base64: Option<String>,
}

fn key(source: &str, line: u64, bytes: &[u8]) -> u64 {
    let mut h = Xxh3::new();
    h.update(&(source.len() as u64).to_le_bytes());
    h.update(source.as_bytes());
    h.update(&line.to_le_bytes());
    h.update(bytes);
    h.digest()
}

impl Rejects {
    pub fn new(path: &Path) -> Rejects {
        Rejects {
            path: path.to_path_buf(),
            state: State::Closed,
            pending: Vec::new(),
            pending_entries: 0,
            known: Vec::new(),
            met: Vec::new(),
            not_kept: 0,
        }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Rejected records that could not be written.
    pub fn not_kept(&self) -> u64 {
        self.not_kept
    }

    /// Keeps one rejected record, unless the file has it already. Returns the reason the file
    /// cannot be written the first time that happens (then never again: the records are counted
    /// in [`Rejects::not_kept`]).
    pub fn keep(&mut self, source: &str, line: u64, reason: &str, bytes: &[u8]) -> Option<Error> {
        let mut failed = None;
        if matches!(self.state, State::Closed) {
            failed = self.open().err();
        }
        if matches!(self.state, State::Failed) {
            self.not_kept += 1;
            return failed;
        }
        if self.already_kept(key(source, line, bytes)) {
            return None;
        }
        let text = std::str::from_utf8(bytes).ok();
        let entry = Entry {
            source,
            line,
            reason,
            record: text,
            record_base64: match text {
                Some(_) => None,
                None => Some(base64::engine::general_purpose::STANDARD.encode(bytes)),
            },
        };
        // Serialising into a Vec cannot fail: the entry is strings and a number.
        let _ = serde_json::to_writer(&mut self.pending, &entry);
        self.pending.push(b'\n');
        self.pending_entries += 1;
        if self.pending.len() >= PENDING_BYTES {
            return self.flush();
        }
        None
    }

    /// Cuts a line torn by an earlier crash now, rather than at the first rejection of this run
    /// (which may never come). Returns why the file cannot be opened, if it cannot.
    pub fn repair(&mut self) -> Option<Error> {
        let torn = || -> std::io::Result<bool> {
            let mut f = File::open(&self.path)?;
            if !f.metadata()?.is_file() || f.seek(SeekFrom::End(0))? == 0 {
                return Ok(false);
            }
            f.seek(SeekFrom::End(-1))?;
            let mut last = [0];
            f.read_exact(&mut last)?;
            Ok(last[0] != b'\n')
        };
        if matches!(self.state, State::Closed) && torn().unwrap_or(false) {
            return self.open().err();
        }
        None
    }

    /// Is `key` one of the entries in the file that this run has not met yet? Marks it met.
    fn already_kept(&mut self, key: u64) -> bool {
        let first = self.known.partition_point(|&k| k < key);
        for i in first..self.known.len() {
            if self.known[i] != key {
                break;
            }
            let (word, bit) = (i / 64, 1u64 << (i % 64));
            if self.met[word] & bit == 0 {
                self.met[word] |= bit;
                return true;
            }
        }
        false
    }

    /// Writes the pending lines. Returns the reason the file cannot be written, the first time.
    pub fn flush(&mut self) -> Option<Error> {
        if self.pending.is_empty() {
            return None;
        }
        let State::Open(file, len) = &mut self.state else {
            return None;
        };
        match file.write_all(&self.pending) {
            Ok(()) => {
                *len += self.pending.len() as u64;
                self.pending.clear();
                self.pending_entries = 0;
                None
            }
            Err(e) => {
                // Cut back what part of the batch went in, so the file ends with a whole line;
                // if even that fails, the next opening does it.
                let _ = file.set_len(*len);
                self.not_kept += self.pending_entries;
                self.pending = Vec::new();
                self.pending_entries = 0;
                self.state = State::Failed;
                Some(Error::new(e).context(format!("cannot write {}", self.path.display())))
            }
        }
    }

    /// Opens the file for appending (creating it and its directory), cuts a torn last line and
    /// loads the keys of the entries already there. On failure the state is `Failed`.
    fn open(&mut self) -> anyhow::Result<()> {
        self.state = State::Failed;
        if let Some(dir) = self.path.parent() {
            std::fs::create_dir_all(dir).ok();
        }
        let name = || format!("cannot open {}", self.path.display());
        let file = OpenOptions::new()
            .read(true)
            .append(true)
            .create(true)
            .open(&self.path)
            .with_context(name)?;
        let meta = file.metadata().with_context(name)?;
        anyhow::ensure!(!meta.is_dir(), "{}: is a directory", name());
        // Only a regular file is read back: `/dev/full` reads zeros for ever.
        let len = if meta.is_file() {
            self.load(&file)
                .with_context(|| format!("cannot read {}", self.path.display()))?
        } else {
            0
        };
        self.state = State::Open(file, len);
        Ok(())
    }

    /// Loads the keys of the whole lines of the file and cuts what follows the last one.
    /// Returns the length of the file.
    fn load(&mut self, file: &File) -> std::io::Result<u64> {
        let mut reader = BufReader::new(file);
        let mut line = Vec::new();
        let mut whole = 0u64;
        loop {
            line.clear();
            let n = reader.read_until(b'\n', &mut line)?;
            if n == 0 {
                break;
            }
            if line.last() != Some(&b'\n') {
                // A line torn by a kill or a full disk: its record comes again with the re-run.
                file.set_len(whole)?;
                break;
            }
            whole += n as u64;
            // A line that does not read (edited by hand) is left alone, and not counted.
            if let Ok(kept) = serde_json::from_slice::<Kept>(&line) {
                let bytes = match (kept.record, kept.record_base64) {
                    (Some(text), _) => text.into_bytes(),
                    (None, Some(b64)) => base64::engine::general_purpose::STANDARD
                        .decode(b64)
                        .unwrap_or_default(),
                    (None, None) => Vec::new(),
                };
                self.known.push(key(&kept.source, kept.line, &bytes));
            }
        }
        self.known.sort_unstable();
        self.known.shrink_to_fit();
        self.met = vec![0; self.known.len().div_ceil(64)];
        Ok(whole)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(path: &Path) -> Vec<String> {
        std::fs::read_to_string(path)
            .unwrap()
            .lines()
            .map(String::from)
            .collect()
    }

    #[test]
    fn a_second_run_adds_only_what_is_not_there() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("rejects.jsonl");
        let mut r = Rejects::new(&path);
        assert!(r.keep("a.jsonl", 2, "bad", b"{x").is_none());
        assert!(r.keep("a.jsonl", 5, "bad", b"\xff").is_none());
        assert!(r.flush().is_none());
        let first = lines(&path);
        assert_eq!(first.len(), 2);

        let mut r = Rejects::new(&path);
        assert!(r.keep("a.jsonl", 2, "bad", b"{x").is_none());
        assert!(r.keep("a.jsonl", 5, "bad", b"\xff").is_none());
        assert!(r.keep("a.jsonl", 9, "bad", b"{x").is_none());
        // the same bytes twice on one line are two records
        assert!(r.keep("b.json", 1, "bad", b"{}").is_none());
        assert!(r.keep("b.json", 1, "bad", b"{}").is_none());
        assert!(r.flush().is_none());
        assert_eq!(lines(&path).len(), 5);
        assert_eq!(lines(&path)[..2], first[..]);
        assert_eq!(r.not_kept(), 0);

        // A third run with the same records, both `{}` of line 1 included, adds nothing.
        let mut r = Rejects::new(&path);
        for (line, bytes) in [
            (2, &b"{x"[..]),
            (5, b"\xff"),
            (9, b"{x"),
            (1, b"{}"),
            (1, b"{}"),
        ] {
            let source = if line == 1 { "b.json" } else { "a.jsonl" };
            assert!(r.keep(source, line, "bad", bytes).is_none());
        }
        assert!(r.flush().is_none());
        assert_eq!(lines(&path).len(), 5);
    }

    #[test]
    fn a_torn_last_line_is_cut_on_opening() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("rejects.jsonl");
        let whole = "{\"source\":\"a\",\"line\":1,\"reason\":\"r\",\"record\":\"x\"}\n";
        std::fs::write(&path, format!("{whole}{{\"source\":\"a\",\"li")).unwrap();
        assert!(Rejects::new(&path).repair().is_none());
        assert_eq!(std::fs::read_to_string(&path).unwrap(), whole);
        std::fs::write(&path, format!("{whole}{{\"source\":\"a\",\"li")).unwrap();
        let mut r = Rejects::new(&path);
        assert!(r.keep("a", 1, "r", b"x").is_none()); // already there
        assert!(r.keep("a", 2, "r", b"y").is_none());
        assert!(r.flush().is_none());
        let got = lines(&path);
        assert_eq!(got.len(), 2, "{got:?}");
        assert_eq!(format!("{}\n", got[0]), whole);
        assert!(got[1].contains("\"line\":2"));
    }

    #[test]
    fn a_file_that_cannot_be_written_is_said_once_and_counted() {
        let dir = tempfile::tempdir().unwrap();
        let mut r = Rejects::new(dir.path());
        let first = r.keep("a", 1, "r", b"x").expect("a directory is refused");
        assert!(
            format!("{first:#}").contains(&dir.path().display().to_string()),
            "{first:#}"
        );
        assert!(r.keep("a", 2, "r", b"y").is_none());
        assert!(r.flush().is_none());
        assert_eq!(r.not_kept(), 2);
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn a_full_disk_names_the_file_and_counts_what_was_lost() {
        let mut r = Rejects::new(Path::new("/dev/full"));
        assert!(r.keep("a", 1, "r", b"x").is_none());
        let e = format!("{:#}", r.flush().expect("the write fails"));
        assert!(e.contains("/dev/full") && e.contains("space"), "{e}");
        assert!(r.keep("a", 2, "r", b"y").is_none());
        assert_eq!(r.not_kept(), 2);
    }
}
