//! Where records come from: paths expanded into inputs, inputs opened (gzip read transparently, a
//! byte-order mark dropped), and the bytes split into records, each with the line it starts on.
//!
//! Splitting streams: only the record being read is held in memory, so a dump of any size reads
//! in constant memory. Two layouts are told apart by the first bytes:
//! - one JSON value per line (JSON lines), the common case: a broken line spoils only itself;
//! - anything else that starts like JSON (an array, a pretty-printed object, values one after the
//!   other): a scanner follows brackets and strings to find where each value ends, and descends
//!   into a top-level array so that its elements come out one by one.

use std::fs::File;
use std::io::{self, BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use anyhow::{Context, Result};

use super::Source;
use flate2::read::MultiGzDecoder;

/// The largest record read; a longer one is skipped without being held in memory, and rejected.
pub const MAX_RECORD_BYTES: usize = 16 << 20;

/// One input: a file, or standard input (`-`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Input {
    Stdin,
    File(PathBuf),
}

impl Input {
    /// The name used in messages: the path as given, or `<stdin>`.
    pub fn name(&self) -> String {
        match self {
            Input::Stdin => "<stdin>".to_string(),
            Input::File(p) => display(p),
        }
    }

    /// The size on disk, for the progress bar.
    pub fn size(&self) -> Option<u64> {
        match self {
            Input::Stdin => None,
            Input::File(p) => std::fs::metadata(p).ok().map(|m| m.len()),
        }
    }
}

/// Does a file found while walking a directory look like something chirpdex reads? Files named
/// on the command line are always read, whatever their name. The name is compared as bytes: a
/// name that is not UTF-8 (`caf\xe9.jsonl` from an old Latin-1 disk) has an extension all the same.
fn is_dump_name(path: &Path) -> bool {
    let name = path
        .file_name()
        .unwrap_or_default()
        .as_encoded_bytes()
        .to_ascii_lowercase();
    let name = name.strip_suffix(b".gz").unwrap_or(&name);
    [
        ".json", ".jsonl", ".ndjson", ".js", ".csv", ".html", ".htm", ".txt", ".zip",
    ]
    .iter()
    .any(|ext| name.ends_with(ext.as_bytes()))
}

/// Expands the paths given on the command line: `-` is standard input, a directory is walked
/// recursively (sorted by name, hidden entries skipped, dump files only), a file is itself.
/// Paths that cannot be read are returned as errors beside the inputs that can.
///
/// `own` are the places this run writes (the index directory, the rejects file): a walk passes
/// them by without a word (`chirpdex ingest .` beside its index), and one named on the command
/// line is an error, since reading the rejects file while appending to it never ends. They are
/// compared by canonical path, so a symbolic link or `./` does not hide them.
pub fn expand(paths: &[PathBuf], own: &[&Path]) -> (Vec<Input>, Vec<anyhow::Error>) {
    let own: Vec<PathBuf> = own.iter().filter_map(|p| p.canonicalize().ok()).collect();
    let is_own = |p: &Path| {
        p.canonicalize()
            .is_ok_and(|c| own.iter().any(|o| c.starts_with(o)))
    };
    let mut inputs = Vec::new();
    let mut errors = Vec::new();
    for path in paths {
        if path.as_os_str() == "-" {
            inputs.push(Input::Stdin);
            continue;
        }
        match std::fs::metadata(path) {
            Err(e) => errors.push(anyhow::Error::new(e).context(display(path))),
            Ok(_) if is_own(path) => errors.push(anyhow::anyhow!(
                "{}: not read: this ingest writes there (the index or its rejects file), and \
                 reading it would feed the archive its own files",
                display(path)
            )),
            Ok(m) if m.is_dir() => {
                let walker = walkdir::WalkDir::new(path)
                    .follow_links(true)
                    .sort_by_file_name()
                    .into_iter()
                    .filter_entry(|e| {
                        e.depth() == 0 || !(is_hidden(e.file_name()) || is_own(e.path()))
                    });
                for entry in walker {
                    match entry {
                        Ok(e) if e.file_type().is_file() && is_dump_name(e.path()) => {
                            inputs.push(Input::File(e.into_path()))
                        }
                        Ok(_) => {}
                        Err(e) => {
                            let at = display(e.path().unwrap_or(path));
                            errors.push(anyhow::Error::new(e).context(at));
                        }
                    }
                }
            }
            Ok(_) => inputs.push(Input::File(path.clone())),
        }
    }
    (inputs, errors)
}

fn is_hidden(name: &std::ffi::OsStr) -> bool {
    name.as_encoded_bytes().starts_with(b".")
}

/// A path as shown in messages and stored as a tweet's `source`: as it is when it is UTF-8;
/// otherwise each byte that is not UTF-8 as `\xNN` and a backslash as `\\`, so that two names
/// never show the same (a lossy `display()` turns every such byte into the same `�`).
pub fn display(path: &Path) -> String {
    let bytes = path.as_os_str().as_encoded_bytes();
    if let Ok(text) = std::str::from_utf8(bytes) {
        return text.to_string();
    }
    let mut out = String::with_capacity(bytes.len() + 8);
    for chunk in bytes.utf8_chunks() {
        out.push_str(&chunk.valid().replace('\\', "\\\\"));
        for b in chunk.invalid() {
            out.push_str(&format!("\\x{b:02x}"));
        }
    }
    out
}

/// Counts the bytes read from the underlying file (compressed bytes for a `.gz`), for progress.
struct Counting<R> {
    inner: R,
    count: Arc<AtomicU64>,
}

impl<R: Read> Read for Counting<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.count.fetch_add(n as u64, Ordering::Relaxed);
        Ok(n)
    }
}

/// Opens an input for reading: decompresses gzip (told by its magic bytes, not its name) and
/// drops a UTF-8 byte-order mark. `progress` counts the bytes taken from the file.
pub fn open(input: &Input, progress: Arc<AtomicU64>) -> Result<Box<dyn BufRead + Send>> {
    let raw: Box<dyn Read + Send> = match input {
        Input::Stdin => Box::new(io::stdin()),
        Input::File(p) => Box::new(File::open(p).with_context(|| p.display().to_string())?),
    };
    let mut reader = BufReader::with_capacity(
        256 << 10,
        Counting {
            inner: raw,
            count: progress,
        },
    );
    let head = reader.fill_buf().with_context(|| input.name())?;
    let mut reader: Box<dyn BufRead + Send> = if head.starts_with(&[0x1f, 0x8b]) {
        Box::new(BufReader::with_capacity(
            256 << 10,
            MultiGzDecoder::new(reader),
        ))
    } else {
        Box::new(reader)
    };
    let head = reader.fill_buf().with_context(|| input.name())?;
    if head.starts_with(b"\xEF\xBB\xBF") {
        reader.consume(3);
    }
    Ok(reader)
}

/// One record as read: its bytes, the line it starts on (1-based) and where it comes from.
#[derive(Debug, Default)]
pub struct Record {
    pub source: Arc<Source>,
    pub line: u64,
    pub bytes: Vec<u8>,
    /// Why the bytes are not a whole record, when the splitter already knows (a value cut short
    /// by the end of the file, a record over [`MAX_RECORD_BYTES`]).
    pub broken: Option<String>,
}

/// Splits a stream into records. An I/O error (a corrupt `.gz`, a read error) ends the stream.
pub struct Records<R> {
    reader: R,
    source: Arc<Source>,
    layout: Option<Layout>,
    line: u64,
    scan: Scanner,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Layout {
    Lines,
    Values,
}

impl<R: BufRead> Records<R> {
    pub fn new(reader: R, source: Arc<Source>) -> Self {
        Records {
            reader,
            source,
            layout: None,
            line: 1,
            scan: Scanner::default(),
        }
    }

    /// Chooses the layout from the first line: JSON lines when it starts with `{` and holds one
    /// whole value (or is too long to tell); otherwise the scanner.
    fn detect(&mut self) -> io::Result<Layout> {
        loop {
            let buf = self.reader.fill_buf()?;
            let Some(first) = buf.iter().position(|b| !b.is_ascii_whitespace()) else {
                if buf.is_empty() {
                    return Ok(Layout::Lines);
                }
                let n = buf.len();
                self.line += buf.iter().filter(|&&b| b == b'\n').count() as u64;
                self.reader.consume(n);
                continue;
            };
            self.line += buf[..first].iter().filter(|&&b| b == b'\n').count() as u64;
            self.reader.consume(first);
            let buf = self.reader.fill_buf()?;
            if buf.first() != Some(&b'{') {
                return Ok(Layout::Values);
            }
            // A first line longer than the buffer is a long JSON line (a v2 page, say): a
            // pretty-printed object breaks its first line early.
            let Some(end) = memchr::memchr(b'\n', buf) else {
                return Ok(Layout::Lines);
            };
            let mut probe = Scanner::default();
            let whole = buf[..end].iter().any(|&b| probe.step(b) != Step::More);
            return Ok(if whole { Layout::Lines } else { Layout::Values });
        }
    }

    fn next_line(&mut self) -> io::Result<Option<Record>> {
        loop {
            let line = self.line;
            let mut bytes = Vec::new();
            let mut too_long = false;
            let mut any = false;
            loop {
                let buf = self.reader.fill_buf()?;
                if buf.is_empty() {
                    break;
                }
                any = true;
                let (chunk, done) = match memchr::memchr(b'\n', buf) {
                    Some(i) => (&buf[..i], i + 1),
                    None => (buf, buf.len()),
                };
                if bytes.len() + chunk.len() > MAX_RECORD_BYTES {
                    too_long = true;
                    bytes.clear();
                } else if !too_long {
                    bytes.extend_from_slice(chunk);
                }
                let newline = done > chunk.len();
                self.reader.consume(done);
                if newline {
                    self.line += 1;
                    break;
                }
            }
            if !any {
                return Ok(None);
            }
            if bytes.last() == Some(&b'\r') {
                bytes.pop();
            }
            if too_long {
                return Ok(Some(Record {
                    source: Arc::clone(&self.source),
                    line,
                    bytes,
                    broken: Some(format!(
                        "line longer than {} MiB, skipped",
                        MAX_RECORD_BYTES >> 20
                    )),
                }));
            }
            if bytes.iter().all(u8::is_ascii_whitespace) {
                continue;
            }
            return Ok(Some(Record {
                source: Arc::clone(&self.source),
                line,
                bytes,
                broken: None,
            }));
        }
    }

    fn next_value(&mut self) -> io::Result<Option<Record>> {
        let mut record = Record {
            source: Arc::clone(&self.source),
            ..Record::default()
        };
        let mut too_long = false;
        loop {
            let buf = self.reader.fill_buf()?;
            if buf.is_empty() {
                if self.scan.in_value() {
                    self.scan.reset_value();
                    record.broken = Some("the file ends inside this record".into());
                    return Ok(Some(record));
                }
                return Ok(None);
            }
            let mut used = 0;
            let mut done = false;
            for &b in buf {
                used += 1;
                let was_in = self.scan.in_value();
                let step = self.scan.step(b);
                if !was_in && self.scan.in_value() {
                    record.line = self.line;
                }
                if b == b'\n' {
                    self.line += 1;
                }
                if step != Step::EndBefore && (was_in || self.scan.in_value()) {
                    if record.bytes.len() < MAX_RECORD_BYTES {
                        record.bytes.push(b);
                    } else {
                        too_long = true;
                    }
                }
                if step != Step::More {
                    done = true;
                    break;
                }
            }
            self.reader.consume(used);
            if done {
                if too_long {
                    record.bytes.clear();
                    record.broken = Some(format!(
                        "record longer than {} MiB, skipped",
                        MAX_RECORD_BYTES >> 20
                    ));
                }
                return Ok(Some(record));
            }
        }
    }
}

impl<R: BufRead> Iterator for Records<R> {
    type Item = io::Result<Record>;

    fn next(&mut self) -> Option<io::Result<Record>> {
        let layout = match self.layout {
            Some(l) => l,
            None => match self.detect() {
                Ok(l) => *self.layout.insert(l),
                Err(e) => return Some(Err(e)),
            },
        };
        match layout {
            Layout::Lines => self.next_line(),
            Layout::Values => self.next_value(),
        }
        .transpose()
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Step {
    /// The byte does not end a value.
    More,
    /// The byte is the last of a value.
    End,
    /// The byte ends a bare scalar without being part of it (a delimiter).
    EndBefore,
}

/// Follows JSON's nesting byte by byte to find where values end. Outside values it skips
/// whitespace and, inside a top-level array, commas and the brackets themselves.
#[derive(Default)]
struct Scanner {
    depth: u32,
    in_string: bool,
    escaped: bool,
    in_array: bool,
    /// Inside a bare scalar (a number, `true`...), which ends at a delimiter.
    in_scalar: bool,
    started: bool,
}

impl Scanner {
    fn in_value(&self) -> bool {
        self.started
    }

    fn reset_value(&mut self) {
        *self = Scanner {
            in_array: self.in_array,
            ..Scanner::default()
        };
    }

    /// Takes one byte; says whether it ends a value.
    fn step(&mut self, b: u8) -> Step {
        if !self.started {
            match b {
                b' ' | b'\t' | b'\r' | b'\n' => return Step::More,
                b'[' if !self.in_array => {
                    self.in_array = true;
                    return Step::More;
                }
                b',' | b']' if self.in_array => {
                    if b == b']' {
                        self.in_array = false;
                    }
                    return Step::More;
                }
                _ => self.started = true,
            }
        }
        if self.in_scalar {
            if matches!(b, b',' | b']' | b' ' | b'\t' | b'\r' | b'\n') {
                if b == b']' {
                    self.in_array = false;
                }
                self.reset_value();
                return Step::EndBefore;
            }
            return Step::More;
        }
        if self.in_string {
            if self.escaped {
                self.escaped = false;
            } else if b == b'\\' {
                self.escaped = true;
            } else if b == b'"' {
                self.in_string = false;
                if self.depth == 0 {
                    self.reset_value();
                    return Step::End;
                }
            }
            return Step::More;
        }
        match b {
            b'"' => self.in_string = true,
            b'{' | b'[' => self.depth += 1,
            b'}' | b']' => {
                self.depth = self.depth.saturating_sub(1);
                if self.depth == 0 {
                    self.reset_value();
                    return Step::End;
                }
            }
            // A bare scalar (never a tweet, but it must not swallow what follows).
            _ if self.depth == 0 => self.in_scalar = true,
            _ => {}
        }
        Step::More
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(input: &str) -> Vec<(u64, String, bool)> {
        Records::new(input.as_bytes(), Arc::default())
            .map(|r| r.unwrap())
            .map(|r| {
                (
                    r.line,
                    String::from_utf8(r.bytes).unwrap(),
                    r.broken.is_some(),
                )
            })
            .collect()
    }

    #[test]
    fn json_lines_one_record_per_line_with_line_numbers() {
        let got = split("{\"a\":1}\n\n{\"b\":\"}\"}\r\n{broken\n");
        assert_eq!(
            got,
            [
                (1, "{\"a\":1}".into(), false),
                (3, "{\"b\":\"}\"}".into(), false),
                (4, "{broken".into(), false),
            ]
        );
    }

    #[test]
    fn a_first_line_longer_than_the_buffer_is_still_json_lines() {
        let input = "{\"a\":\"a long first line\"}\n{broken\n{\"b\":1}\n";
        let lines: Vec<u64> = Records::new(
            BufReader::with_capacity(8, input.as_bytes()),
            Arc::default(),
        )
        .map(|r| r.unwrap().line)
        .collect();
        assert_eq!(lines, [1, 2, 3]);
    }

    #[test]
    fn array_elements_come_out_one_by_one() {
        let got = split("[\n  {\"a\": \"[x]\"},\n  {\"b\": {\"c\": \"\\\"\"}}\n]\n");
        assert_eq!(
            got,
            [
                (2, "{\"a\": \"[x]\"}".into(), false),
                (3, "{\"b\": {\"c\": \"\\\"\"}}".into(), false),
            ]
        );
    }

    #[test]
    fn pretty_printed_object_is_one_record() {
        let got = split("{\n \"statuses\": [\n {\"id\": 1}\n ]\n}\n");
        assert_eq!(got.len(), 1);
        assert_eq!(got[0].0, 1);
        assert!(got[0].1.ends_with('}'));
    }

    #[test]
    fn scalars_in_an_array_are_records_of_their_own() {
        let got = split("[1, \"x\", {\"a\":1}]");
        let bytes: Vec<_> = got.iter().map(|g| g.1.as_str()).collect();
        assert_eq!(bytes, ["1", "\"x\"", "{\"a\":1}"]);
    }

    #[test]
    fn a_value_cut_short_is_broken_not_lost() {
        let got = split("[{\"a\":1},\n{\"b\":");
        assert_eq!(got[0], (1, "{\"a\":1}".into(), false));
        assert_eq!(got[1], (2, "{\"b\":".into(), true));
    }

    #[test]
    fn an_over_long_line_is_skipped_and_reported() {
        let long = format!(
            "{{\"a\":\"{}\"}}\n{{\"b\":1}}\n",
            "x".repeat(MAX_RECORD_BYTES)
        );
        let got: Vec<_> = Records::new(long.as_bytes(), Arc::default())
            .map(|r| r.unwrap())
            .collect();
        assert_eq!(got.len(), 2);
        assert!(got[0].broken.is_some() && got[0].bytes.is_empty());
        assert_eq!(
            (got[1].line, got[1].bytes.as_slice()),
            (2, &b"{\"b\":1}"[..])
        );
    }
}
