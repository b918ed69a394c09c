//! Large single documents, read element by element: a top-level object over
//! [`MAX_RECORD_BYTES`](super::input::MAX_RECORD_BYTES) whose posts sit in one of the arrays the
//! formats know (a v1.1 search response's `statuses`, a v2 page's `data`, an outbox's
//! `orderedItems`, Bluesky's `records`, `postRecords`, `feed` and `posts`).
//!
//! Memory holds one element and the document's other members (its context: a v2 page's
//! `includes`, a capture's `accountMeta`), never the document. Since the context may come after
//! the array (twarc2 writes `includes` after `data`), elements are spilled to a temporary file
//! until the document ends, then read back one by one, each as the document would be with that
//! element alone in its array: `{context, "data": [element]}`. The format readers then read it as
//! they read a whole page, so each tweet and its original are what they would be if the document
//! had been read whole. Each element keeps the line it starts on, and its index for messages.

use std::collections::VecDeque;
use std::fs::File;
use std::io::{self, BufReader, BufWriter, Read, Seek, Write};
use std::sync::Arc;

use super::input::{JsonString, MAX_RECORD_BYTES, Record};
use super::v2::LargePage;
use super::{Format, Source};

/// The arrays whose elements are posts, in every format.
pub const ARRAYS: [&str; 7] = [
    "statuses",
    "data",
    "orderedItems",
    "records",
    "postRecords",
    "feed",
    "posts",
];

/// A document being read, from its opening brace (which [`Document::step`] takes first).
pub struct Document {
    source: Arc<Source>,
    /// What the document is called in messages: a `line` of JSON lines, or a `record`.
    unit: &'static str,
    line: u64,
    depth: u32,
    string: JsonString,
    /// The member of the top-level object being read (`"key": value`), unless it is an array
    /// that is streamed.
    member: Vec<u8>,
    /// The streamed array being read (its index in [`ARRAYS`]) and how many elements it gave.
    array: Option<(usize, u64)>,
    element: Vec<u8>,
    element_line: u64,
    element_over: bool,
    /// The other members, joined by commas.
    context: Vec<u8>,
    context_over: bool,
    spill: BufWriter<File>,
    spilled: u64,
}

impl Document {
    /// A document that starts on `line`, whose first `bytes` were read as one record before it
    /// proved too large to hold: they are taken again, counting their lines.
    pub fn resume(
        source: &Arc<Source>,
        unit: &'static str,
        line: u64,
        bytes: &[u8],
    ) -> io::Result<Document> {
        let mut doc = Document::new(Arc::clone(source), unit, line)?;
        let mut at = line;
        for &b in bytes {
            doc.step(b, at)?;
            at += u64::from(b == b'\n');
        }
        Ok(doc)
    }

    fn new(source: Arc<Source>, unit: &'static str, line: u64) -> io::Result<Document> {
        Ok(Document {
            source,
            unit,
            line,
            depth: 0,
            string: JsonString::default(),
            member: Vec::new(),
            array: None,
            element: Vec::new(),
            element_line: line,
            element_over: false,
            context: Vec::new(),
            context_over: false,
            spill: BufWriter::new(tempfile::tempfile()?),
            spilled: 0,
        })
    }

    /// Takes the next byte, on `line`; says whether it closed the document.
    pub fn step(&mut self, b: u8, line: u64) -> io::Result<bool> {
        if self.string.is_open() {
            self.string.closes(b);
            self.push(b, line);
            return Ok(false);
        }
        match b {
            b'"' => {
                self.string.start();
                self.push(b, line);
            }
            b'{' | b'[' => {
                if self.depth == 0 {
                    self.depth = 1;
                    return Ok(false);
                }
                if self.depth == 1
                    && b == b'['
                    && let Some(k) = array_key(&self.member)
                {
                    self.array = Some((k, 0));
                    self.member.clear();
                    self.depth = 2;
                    return Ok(false);
                }
                self.depth += 1;
                self.push(b, line);
            }
            b'}' | b']' => {
                self.depth = self.depth.saturating_sub(1);
                match self.depth {
                    0 => {
                        self.end_member();
                        return Ok(true);
                    }
                    1 if self.array.is_some() => {
                        self.end_element()?;
                        self.array = None;
                    }
                    _ => self.push(b, line),
                }
            }
            b',' if self.depth == 1 => self.end_member(),
            b',' if self.depth == 2 && self.array.is_some() => self.end_element()?,
            _ => self.push(b, line),
        }
        Ok(false)
    }

    fn push(&mut self, b: u8, line: u64) {
        if self.array.is_some() && self.depth >= 2 {
            if self.element.is_empty() {
                if b.is_ascii_whitespace() || self.element_over {
                    return;
                }
                self.element_line = line;
            }
            if self.element.len() < MAX_RECORD_BYTES {
                self.element.push(b);
            } else {
                self.element_over = true;
                self.element.clear();
            }
        } else if self.depth >= 1 {
            if self.member.is_empty() && b.is_ascii_whitespace() {
                return;
            }
            if self.context_over {
                return;
            }
            if self.member.len() + self.context.len() < MAX_RECORD_BYTES {
                self.member.push(b);
            } else {
                self.context_over = true;
                self.member.clear();
                self.context.clear();
            }
        }
    }

    fn end_member(&mut self) {
        let member = self.member.trim_ascii_end();
        if !member.is_empty() && !self.context_over {
            if !self.context.is_empty() {
                self.context.push(b',');
            }
            self.context.extend_from_slice(member);
        }
        self.member.clear();
    }

    /// Spills an element: its array, index, line, whether it was too long, and its bytes.
    fn end_element(&mut self) -> io::Result<()> {
        let Some((key, index)) = self.array.as_mut() else {
            return Ok(());
        };
        let bytes = self.element.trim_ascii_end();
        if bytes.is_empty() && !self.element_over {
            return Ok(());
        }
        self.spill
            .write_all(&[*key as u8, u8::from(self.element_over)])?;
        for n in [*index, self.element_line, bytes.len() as u64] {
            self.spill.write_all(&n.to_le_bytes())?;
        }
        self.spill.write_all(bytes)?;
        *index += 1;
        self.spilled += 1;
        self.element.clear();
        self.element_over = false;
        Ok(())
    }

    /// The document's records, read back from the spill. `cut_short`: the input ended before
    /// the document did (the elements read whole are still given).
    pub fn finish(mut self, cut_short: bool) -> io::Result<Replay> {
        if cut_short {
            self.end_element()?;
        }
        let mut notes = Vec::new();
        if self.spilled == 0 && !cut_short {
            notes.push(format!(
                "{} longer than {} MiB, skipped",
                self.unit,
                MAX_RECORD_BYTES >> 20
            ));
        } else if self.context_over {
            notes.push(format!(
                "this document's members other than its posts are over {} MiB; its posts are read without them",
                MAX_RECORD_BYTES >> 20
            ));
        }
        if cut_short {
            notes.push("the file ends inside this document; its whole elements are read".into());
        }
        let notes = notes
            .into_iter()
            .map(|reason| Record {
                source: Arc::clone(&self.source),
                line: self.line,
                bytes: Vec::new(),
                broken: Some(reason),
            })
            .collect();
        // A v2 page's includes are read once (the page's context is then held only there).
        let page = (self.source.format == Format::V2)
            .then(|| LargePage::new(&self.context))
            .flatten();
        let mut spill = self.spill.into_inner().map_err(|e| e.into_error())?;
        spill.rewind()?;
        Ok(Replay {
            spill: BufReader::new(spill),
            remaining: self.spilled,
            context: if page.is_some() {
                Vec::new()
            } else {
                self.context
            },
            page,
            source: self.source,
            notes,
        })
    }
}

/// The key of a member that opens a streamed array: `"data":` (the member so far).
fn array_key(member: &[u8]) -> Option<usize> {
    let rest = member.strip_prefix(b"\"")?;
    let end = memchr::memchr(b'"', rest)?;
    if rest[end + 1..].trim_ascii() != b":" {
        return None;
    }
    ARRAYS.iter().position(|k| k.as_bytes() == &rest[..end])
}

/// The records of a streamed document, one per element, then what went wrong with it.
pub struct Replay {
    spill: BufReader<File>,
    remaining: u64,
    context: Vec<u8>,
    /// A v2 page's includes, read once.
    page: Option<LargePage>,
    source: Arc<Source>,
    /// What went wrong, given after the elements, in order.
    notes: VecDeque<Record>,
}

impl Replay {
    /// Adds a record to give after the document's own.
    pub fn then(&mut self, record: Record) {
        self.notes.push_back(record);
    }

    fn element(&mut self) -> io::Result<Record> {
        let mut head = [0u8; 26];
        self.spill.read_exact(&mut head)?;
        let word = |i: usize| {
            let mut w = [0u8; 8];
            w.copy_from_slice(&head[2 + 8 * i..10 + 8 * i]);
            u64::from_le_bytes(w)
        };
        let key = ARRAYS.get(usize::from(head[0])).copied().unwrap_or("data");
        let (index, line, len) = (word(0), word(1), word(2));
        let mut element = vec![0; len as usize];
        self.spill.read_exact(&mut element)?;
        let source = Arc::new(Source {
            element: Some((key, index)),
            ..(*self.source).clone()
        });
        if head[1] != 0 {
            return Ok(Record {
                source,
                line,
                bytes: Vec::new(),
                broken: Some(format!(
                    "{key}[{index}]: element longer than {} MiB, skipped",
                    MAX_RECORD_BYTES >> 20
                )),
            });
        }
        let mut bytes = Vec::with_capacity(self.context.len() + element.len() + key.len() + 10);
        bytes.push(b'{');
        match self.page.as_ref().filter(|_| key == "data") {
            Some(page) => {
                bytes.extend_from_slice(&page.context);
                if !page.context.is_empty() {
                    bytes.push(b',');
                }
                bytes.extend_from_slice(&page.includes_for(&element));
                bytes.push(b',');
            }
            None => {
                bytes.extend_from_slice(&self.context);
                if !self.context.is_empty() {
                    bytes.push(b',');
                }
            }
        }
        bytes.push(b'"');
        bytes.extend_from_slice(key.as_bytes());
        bytes.extend_from_slice(b"\":[");
        bytes.extend_from_slice(&element);
        bytes.extend_from_slice(b"]}");
        Ok(Record {
            source,
            line,
            bytes,
            broken: None,
        })
    }
}

impl Iterator for Replay {
    type Item = io::Result<Record>;

    fn next(&mut self) -> Option<io::Result<Record>> {
        if self.remaining > 0 {
            self.remaining -= 1;
            return Some(self.element());
        }
        self.notes.pop_front().map(Ok)
    }
}
