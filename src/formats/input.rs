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
use super::document::{Document, Replay};
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
                        let hidden = e.file_name().as_encoded_bytes().starts_with(b".");
                        e.depth() == 0 || !(hidden || is_own(e.path()))
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
pub(super) struct Counting<R>(pub R, pub Arc<AtomicU64>);

impl<R: Read> Read for Counting<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.0.read(buf)?;
        self.1.fetch_add(n as u64, Ordering::Relaxed);
        Ok(n)
    }
}

const BUF: usize = 256 << 10;

/// Opens an input for reading: decompresses gzip (told by its magic bytes, not its name) and
/// drops a UTF-8 byte-order mark. `progress` counts the bytes taken from the file.
pub fn open(input: &Input, progress: Arc<AtomicU64>) -> Result<Box<dyn BufRead + Send>> {
    let raw: Box<dyn Read + Send> = match input {
        Input::Stdin => Box::new(io::stdin()),
        Input::File(p) => Box::new(File::open(p).with_context(|| p.display().to_string())?),
    };
    let mut reader = BufReader::with_capacity(BUF, Counting(raw, progress));
    let head = reader.fill_buf().with_context(|| input.name())?;
    let mut reader: Box<dyn BufRead + Send> = if head.starts_with(&[0x1f, 0x8b]) {
        Box::new(BufReader::with_capacity(BUF, MultiGzDecoder::new(reader)))
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

impl Record {
    /// A record of no bytes that says why something could not be read.
    pub fn rejected(source: Arc<Source>, line: u64, why: impl Into<String>) -> Record {
        let (bytes, broken) = (Vec::new(), Some(why.into()));
        Record {
            source,
            line,
            bytes,
            broken,
        }
    }
}

/// `reader` after `newlines` line ends, given back for what was skipped before it so that line
/// numbers stay the file's; lazily, so that a flood of them costs time, not memory.
pub(super) fn given_back(
    newlines: u64,
    reader: Box<dyn BufRead + Send>,
) -> Box<dyn BufRead + Send> {
    if newlines == 0 {
        return reader;
    }
    Box::new(BufReader::new(io::repeat(b'\n').take(newlines)).chain(reader))
}

/// Splits a stream into records. An I/O error (a corrupt `.gz`, a read error) ends the stream.
pub struct Records<R> {
    reader: R,
    source: Arc<Source>,
    layout: Option<Layout>,
    line: u64,
    /// Whether the next byte starts a line.
    at_line_start: bool,
    scan: Scanner,
    /// The elements of a large document, read back one by one.
    pending: Option<Replay>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Layout {
    Lines,
    Values,
}

/// How many lines of the first bytes are looked at to choose the layout (and the format).
pub(super) const PROBE_LINES: usize = 64;

impl<R: BufRead> Records<R> {
    pub fn new(reader: R, source: Arc<Source>) -> Self {
        Records {
            reader,
            source,
            layout: None,
            line: 1,
            at_line_start: true,
            scan: Scanner::default(),
            pending: None,
        }
    }

    /// Chooses the layout from the first lines, so that no single damaged line decides it: JSON
    /// lines when one of them starts with `{` and holds one whole value (a dump whose first line
    /// is cut, a piece of a dump split anywhere), or when the first line is too long to tell;
    /// the scanner for an array or a value written over several lines.
    fn detect(&mut self) -> io::Result<Layout> {
        self.skip_blank()?;
        // The space before the first value, on its line.
        let buf = self.reader.fill_buf()?;
        let first = buf.iter().take_while(|b| b.is_ascii_whitespace()).count();
        self.reader.consume(first);
        let buf = self.reader.fill_buf()?;
        let lines = buf
            .split(|&b| b == b'\n')
            .take(PROBE_LINES)
            .any(is_whole_line);
        // A first line longer than the buffer is a long JSON line (a v2 page, say): a
        // pretty-printed object breaks its first line early.
        let pretty = buf.first() == Some(&b'{') && memchr::memchr(b'\n', buf).is_some();
        let values = buf.first() == Some(&b'[') || (pretty && !lines);
        Ok(if values {
            Layout::Values
        } else {
            Layout::Lines
        })
    }

    /// Skips blank space, counting its lines: a flood of it costs little time, and no memory.
    fn skip_blank(&mut self) -> io::Result<()> {
        loop {
            let buf = self.reader.fill_buf()?;
            // Whole blank lines only (a record keeps the space it starts with), unless the
            // buffer holds nothing else.
            let blank = match buf.iter().position(|b| !b.is_ascii_whitespace()) {
                Some(i) => memchr::memrchr(b'\n', &buf[..i]).map_or(0, |n| n + 1),
                None => buf.len(),
            };
            if blank == 0 {
                return Ok(());
            }
            self.line += memchr::memchr_iter(b'\n', &buf[..blank]).count() as u64;
            self.at_line_start = buf[blank - 1] == b'\n';
            self.reader.consume(blank);
        }
    }

    fn next_line(&mut self) -> io::Result<Option<Record>> {
        loop {
            self.skip_blank()?;
            let line = self.line;
            let mut bytes = Vec::new();
            let limit = MAX_RECORD_BYTES as u64 + 1;
            let reader = &mut self.reader;
            reader.take(limit).read_until(b'\n', &mut bytes)?;
            if bytes.is_empty() {
                return Ok(None);
            }
            let too_long =
                bytes.pop_if(|b| *b == b'\n').is_none() && bytes.len() > MAX_RECORD_BYTES;
            if too_long && bytes[0] == b'{' {
                // A large document on one line: read element by element.
                let doc = Document::resume(&self.source, "line", line, &bytes)?;
                return self.stream(doc, true);
            } else if too_long {
                self.reader.skip_until(b'\n')?;
                bytes.clear();
            }
            // (Also counted at the end of the input, where no line follows.)
            self.line += 1;
            if bytes.last() == Some(&b'\r') {
                bytes.pop();
            }
            if !too_long && bytes.iter().all(u8::is_ascii_whitespace) {
                continue;
            }
            let broken = too_long
                .then(|| format!("line longer than {} MiB, skipped", MAX_RECORD_BYTES >> 20));
            return Ok(Some(Record {
                source: Arc::clone(&self.source),
                line,
                bytes,
                broken,
            }));
        }
    }

    /// Reads the rest of a large document into `doc` (to the end of its line for JSON lines),
    /// then gives its first record.
    fn stream(&mut self, mut doc: Document, one_line: bool) -> io::Result<Option<Record>> {
        let mut closed = false;
        let mut line_end = false;
        while !closed && !line_end {
            let buf = self.reader.fill_buf()?;
            if buf.is_empty() {
                break;
            }
            let mut used = 0;
            for &b in buf {
                if b == b'\n' && one_line {
                    line_end = true;
                    break;
                }
                used += 1;
                let line = self.line;
                if b == b'\n' {
                    self.line += 1;
                }
                if doc.step(b, line)? {
                    closed = true;
                    break;
                }
            }
            self.reader.consume(used);
        }
        let line = self.line;
        let mut replay = doc.finish(!closed)?;
        if one_line {
            // What follows the document on its line (nothing, in a well-formed file) is kept.
            let rest = self.rest_of_line()?;
            if !rest.trim_ascii().is_empty() {
                replay.then(Record {
                    source: Arc::clone(&self.source),
                    line,
                    bytes: rest,
                    broken: Some("more after a large document on its line".into()),
                });
            }
        }
        self.at_line_start = false;
        self.pending.insert(replay).next().transpose()
    }

    /// Reads to the end of the line, keeping at most [`MAX_RECORD_BYTES`] of it.
    fn rest_of_line(&mut self) -> io::Result<Vec<u8>> {
        let mut rest = Vec::new();
        (&mut self.reader)
            .take(MAX_RECORD_BYTES as u64)
            .read_until(b'\n', &mut rest)?;
        if rest.pop_if(|b| *b == b'\n').is_none() {
            self.reader.skip_until(b'\n')?;
        }
        self.line += 1;
        Ok(rest)
    }

    fn next_value(&mut self) -> io::Result<Option<Record>> {
        let mut record = Record {
            source: Arc::clone(&self.source),
            ..Record::default()
        };
        let mut too_long = false;
        let mut at_column_0 = false;
        loop {
            if !self.scan.started {
                self.skip_blank()?;
            }
            let buf = self.reader.fill_buf()?;
            if buf.is_empty() {
                if self.scan.started {
                    self.scan.reset_value();
                    record.broken = Some("the file ends inside this record".into());
                    return Ok(Some(record));
                }
                return Ok(None);
            }
            let mut used = 0;
            let mut done = false;
            let mut large = false;
            for &b in buf {
                let was_in = self.scan.started;
                if was_in && b == b'{' && self.at_line_start && at_column_0 && !self.scan.can_open()
                {
                    // A value that began at the start of a line is never closed, and a line
                    // starts a new one where the first could not go on: the first is broken
                    // and framing restarts at the new line.
                    self.scan.reset_value();
                    record.broken = Some(format!(
                        "not closed before line {}, where a new record starts",
                        self.line
                    ));
                    done = true;
                    break;
                }
                if was_in
                    && record.bytes.len() >= MAX_RECORD_BYTES
                    && record.bytes.first() == Some(&b'{')
                {
                    large = true;
                    break;
                }
                used += 1;
                let step = self.scan.step(b);
                if !was_in && self.scan.started {
                    record.line = self.line;
                    at_column_0 = self.at_line_start;
                }
                self.at_line_start = b == b'\n';
                if b == b'\n' {
                    self.line += 1;
                }
                if step != Step::EndBefore && (was_in || self.scan.started) {
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
            if large {
                // A large document over several lines: read element by element.
                let doc = Document::resume(&self.source, "record", record.line, &record.bytes)?;
                self.scan.reset_value();
                return self.stream(doc, false);
            }
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

/// Whether a line is one whole JSON value starting with `{`, as in JSON lines: what tells a
/// layout (here) and a format (`formats::detect`) from lines whose first may be damaged.
pub(super) fn is_whole_line(line: &[u8]) -> bool {
    let line = line.trim_ascii_end();
    if line.first() != Some(&b'{') {
        return false;
    }
    let mut probe = Scanner::default();
    line.iter()
        .position(|&b| probe.step(b) != Step::More)
        .is_some_and(|end| end + 1 == line.len())
}

impl<R: BufRead> Iterator for Records<R> {
    type Item = io::Result<Record>;

    fn next(&mut self) -> Option<io::Result<Record>> {
        if let Some(record) = self.pending.as_mut().and_then(Iterator::next) {
            return Some(record);
        }
        self.pending = None;
        let layout = match self.layout {
            Some(l) => Ok(l),
            None => self.detect().inspect(|&l| self.layout = Some(l)),
        };
        match layout {
            Ok(Layout::Lines) => self.next_line(),
            Ok(Layout::Values) => self.next_value(),
            Err(e) => Err(e),
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

/// Whether a byte is inside a JSON string: the one rule both scanners (values here, large
/// documents in `document.rs`) follow. A string starts at a quote (`open = true`).
#[derive(Clone, Copy, Debug, Default)]
pub(super) struct JsonString {
    pub(super) open: bool,
    escaped: bool,
}

impl JsonString {
    /// Takes a byte of an open string; says whether it is the closing quote.
    pub(super) fn closes(&mut self, b: u8) -> bool {
        let close = !self.escaped && b == b'"';
        self.escaped = !self.escaped && b == b'\\';
        self.open = !close;
        close
    }
}

/// Follows JSON's nesting byte by byte to find where values end. Outside values it skips
/// whitespace and, inside a top-level array, commas and the brackets themselves.
#[derive(Default)]
struct Scanner {
    depth: u32,
    string: JsonString,
    in_array: bool,
    /// Inside a bare scalar (a number, `true`...), which ends at a delimiter.
    in_scalar: bool,
    /// Inside a value: what follows is part of it.
    started: bool,
    /// The last byte outside strings and whitespace, and whether each open bracket is an
    /// object's: what says whether a `{` may come next.
    last: u8,
    objects: Vec<bool>,
}

impl Scanner {
    fn reset_value(&mut self) {
        *self = Scanner {
            in_array: self.in_array,
            ..Scanner::default()
        };
    }

    /// Whether the value being read may go on with a `{`: after a `:`, or after `[` or `,` in
    /// an array. (A string is never open across lines in JSON.)
    fn can_open(&self) -> bool {
        !self.string.open
            && match self.last {
                b':' | b'[' => true,
                b',' => self.objects.last() == Some(&false),
                _ => false,
            }
    }

    /// Takes one byte; says whether it ends a value.
    fn step(&mut self, b: u8) -> Step {
        let space = matches!(b, b' ' | b'\t' | b'\r' | b'\n');
        if !self.started {
            match b {
                _ if space => {}
                b'[' if !self.in_array => self.in_array = true,
                b',' if self.in_array => {}
                b']' if self.in_array => (self.in_array, self.last) = (false, b),
                // The statement's end after an archive's array (`formats::archive`).
                b';' if self.last == b']' => {}
                _ => self.started = true,
            }
            if !self.started {
                return Step::More;
            }
        }
        if self.in_scalar {
            if !(space || matches!(b, b',' | b']')) {
                return Step::More;
            }
            self.reset_value();
            if b == b']' {
                (self.in_array, self.last) = (false, b);
            }
            return Step::EndBefore;
        }
        if self.string.open {
            if self.string.closes(b) {
                self.last = b;
                if self.depth == 0 {
                    self.reset_value();
                    return Step::End;
                }
            }
            return Step::More;
        }
        if !b.is_ascii_whitespace() {
            self.last = b;
        }
        match b {
            b'"' => self.string.open = true,
            b'{' | b'[' => {
                self.depth += 1;
                self.objects.push(b == b'{');
            }
            b'}' | b']' => {
                self.depth = self.depth.saturating_sub(1);
                self.objects.pop();
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

    /// Asserts that `input` splits into whole records (line, bytes) as `want`.
    fn assert_splits(input: &str, want: &[(u64, &str)]) {
        let want: Vec<_> = want
            .iter()
            .map(|&(l, b)| (l, b.to_string(), false))
            .collect();
        assert_eq!(split(input), want, "{input:?}");
    }

    #[test]
    fn json_lines_one_record_per_line_with_line_numbers() {
        let input = "{\"a\":1}\n\n{\"b\":\"}\"}\r\n{broken\n";
        assert_splits(
            input,
            &[(1, "{\"a\":1}"), (3, "{\"b\":\"}\"}"), (4, "{broken")],
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
    fn a_damaged_first_line_does_not_decide_the_layout() {
        // Cut at its start (a piece of a split dump) or at its end (an interrupted write).
        for first in ["ext\":\"x\"}}", "{\"id\":1,\"text\":\"cut"] {
            let input = format!(
                "{first}
{{\"a\":1}}

{{\"b\":[2]}}
"
            );
            assert_splits(&input, &[(1, first), (2, "{\"a\":1}"), (4, "{\"b\":[2]}")]);
        }
    }

    #[test]
    fn a_value_never_closed_ends_where_a_new_record_starts() {
        for cut in [
            "{\n\"a\": \"x\",\n",
            "{\n\"a\": \"cu\n",
            "{\n\"a\": {\"b\": 1}\n",
        ] {
            let got = split(&format!("{cut}{{\n\"b\": [\n  {{\"c\": 2}}\n]\n}}\n"));
            assert_eq!(got.len(), 2, "{cut:?}: {got:?}");
            assert_eq!(got[0], (1, cut.into(), true), "{cut:?}");
            assert_eq!(got[1].0, 3, "{cut:?}");
            assert!(!got[1].2 && got[1].1.ends_with("]\n}"), "{cut:?}: {got:?}");
        }
        // A `{` that may go on the value is part of it, even at the start of a line.
        let got = split("{\n\"a\":\n{\"b\": [\n  {\"c\": 1},\n{\"d\": 2}]}}\n");
        assert_eq!(got.len(), 1);
        assert!(!got[0].2);
    }

    #[test]
    fn a_large_document_comes_out_element_by_element_with_its_other_members() {
        let element = format!("{{\"t\":\"{}\"}}", "x".repeat(1 << 20));
        let elements = vec![element.as_str(); 34].join(",");
        for (tail, cut) in [(" {\"junk\":1}\n{\"b\":2}\n", false), ("", true)] {
            let doc = format!("{{\"meta\":1,\"data\":[{elements}],\"includes\":{{}}}}{tail}");
            let doc = if cut { &doc[..doc.len() / 4 * 3] } else { &doc };
            let got: Vec<_> = Records::new(doc.as_bytes(), Arc::default())
                .map(|r| r.unwrap())
                .collect();
            let whole = if cut { 25 } else { 34 };
            for r in &got[..whole] {
                assert_eq!(r.line, 1);
                assert_eq!(r.source.element.map(|e| e.0), Some("data"));
                let wrapped = format!("{{\"meta\":1,\"includes\":{{}},\"data\":[{element}]}}");
                let wrapped = if cut {
                    wrapped.replace(",\"includes\":{}", "")
                } else {
                    wrapped
                };
                assert!(r.bytes == wrapped.as_bytes() && r.broken.is_none());
            }
            let rest: Vec<_> = got[whole..]
                .iter()
                .map(|r| {
                    (
                        r.line,
                        String::from_utf8_lossy(&r.bytes).into_owned(),
                        r.broken.is_some(),
                    )
                })
                .collect();
            if cut {
                // The element cut short, then why.
                assert_eq!(rest.len(), 2, "{rest:?}");
                assert!(rest.iter().all(|r| r.0 == 1) && rest[1].2);
            } else {
                assert_eq!(
                    rest,
                    [
                        (1, " {\"junk\":1}".into(), true),
                        (2, "{\"b\":2}".into(), false)
                    ]
                );
            }
        }
    }

    #[test]
    fn array_elements_come_out_one_by_one() {
        let input = "[\n  {\"a\": \"[x]\"},\n  {\"b\": {\"c\": \"\\\"\"}}\n]\n";
        assert_splits(
            input,
            &[(2, "{\"a\": \"[x]\"}"), (3, "{\"b\": {\"c\": \"\\\"\"}}")],
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
