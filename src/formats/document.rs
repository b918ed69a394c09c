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
//!
//! A v2 page's `includes` are read once ([`LargePage`]) rather than with each tweet: its tweets
//! come flattened with what they point to, as the page read whole gives them. A retweet's
//! original may stand elsewhere in `data` (before or after it) and not in `includes`: the ids
//! each tweet is and points to are noted as it is spilled, and the tweets pointed to are read
//! back from the spill beside the includes. That is bounded too: at most [`MAX_WANTED`] ids, and
//! these tweets fit with the other members in `MAX_RECORD_BYTES`; beyond that a retweet keeps
//! its own cut text, as one whose original the page lacks.

use std::collections::{HashSet, VecDeque};
use std::fs::File;
use std::io::{self, BufReader, BufWriter, Read, Seek, Write};
use std::sync::Arc;

use super::input::{JsonString, MAX_RECORD_BYTES, Record};
use super::v2::{self, LargePage};
use super::{Format, Source};

/// The most ids of referenced tweets noted for a v2 page (8 bytes each, and a set's room).
pub const MAX_WANTED: usize = 1 << 18;

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
    /// For a v2 page: the ids of the tweets its tweets reference.
    wanted: HashSet<u64>,
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
        let mut doc = Document {
            source: Arc::clone(source),
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
            wanted: HashSet::new(),
        };
        let mut at = line;
        for &b in bytes {
            doc.step(b, at)?;
            at += u64::from(b == b'\n');
        }
        Ok(doc)
    }

    /// Takes the next byte, on `line`; says whether it closed the document.
    pub fn step(&mut self, b: u8, line: u64) -> io::Result<bool> {
        if self.string.open {
            self.string.closes(b);
            self.push(b, line);
            return Ok(false);
        }
        match b {
            b'"' => {
                self.string.open = true;
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
        } else if self.depth >= 1 && !self.context_over {
            if self.member.is_empty() && b.is_ascii_whitespace() {
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

    /// Spills an element: its [`Head`], then its bytes.
    fn end_element(&mut self) -> io::Result<()> {
        let Some((key, index)) = self.array.as_mut() else {
            return Ok(());
        };
        let bytes = self.element.trim_ascii_end();
        if bytes.is_empty() && !self.element_over {
            return Ok(());
        }
        let mut id = 0;
        if self.source.format == Format::V2 && ARRAYS[*key] == "data" {
            let refs;
            (id, refs) = v2::pointers(bytes);
            if self.wanted.len() < MAX_WANTED {
                self.wanted.extend(refs);
            }
        }
        let words = [*index, self.element_line, id, bytes.len() as u64];
        write_head(&mut self.spill, (*key as u8, self.element_over, words))?;
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
        let (max, none) = (MAX_RECORD_BYTES >> 20, self.spilled == 0 && !cut_short);
        let notes = [
            none.then(|| format!("{} longer than {max} MiB, skipped", self.unit)),
            (self.context_over && !none).then(|| format!(
                "this document's members other than its posts are over {max} MiB; its posts are read without them"
            )),
            cut_short.then(|| "the file ends inside this document; its whole elements are read".into()),
        ];
        let notes = (notes.into_iter().flatten())
            .map(|reason| Record::rejected(Arc::clone(&self.source), self.line, reason))
            .collect();
        let mut spill = self.spill.into_inner().map_err(|e| e.into_error())?;
        spill.rewind()?;
        let mut spill = BufReader::new(spill);
        // A v2 page's includes are read once (and taken out of its context), and the tweets of
        // its data that its tweets point to are added to them.
        let room = MAX_RECORD_BYTES.saturating_sub(self.context.len());
        let v2 = self.source.format == Format::V2;
        let mut page = v2.then(|| LargePage::new(&mut self.context)).flatten();
        if let Some(page) = page.as_mut().filter(|_| !self.wanted.is_empty()) {
            gather(&mut spill, self.spilled, &self.wanted, page, room)?;
        }
        Ok(Replay {
            spill,
            remaining: self.spilled,
            context: self.context,
            page,
            source: self.source,
            notes,
        })
    }
}

/// What the spill holds before each element's bytes: the array it comes from (its index in
/// [`ARRAYS`]), whether it was too long (then no bytes follow), then its index there, the line it
/// starts on, a v2 tweet's id (0 for any other) and its length.
type Head = (u8, bool, [u64; 4]);

fn write_head(w: &mut impl Write, (key, over, words): Head) -> io::Result<()> {
    w.write_all(&[key, u8::from(over)])?;
    words.iter().try_for_each(|n| w.write_all(&n.to_le_bytes()))
}

fn read_head(r: &mut impl Read) -> io::Result<Head> {
    let mut b = [0u8; 34];
    r.read_exact(&mut b)?;
    let word = |i: usize| u64::from_le_bytes(b[2 + 8 * i..][..8].try_into().unwrap_or_default());
    Ok((b[0], b[1] != 0, [word(0), word(1), word(2), word(3)]))
}

/// Reads the spilled tweets of a v2 page that its tweets point to and `page` lacks into it, while
/// they fit in `room` bytes; then rewinds the spill.
fn gather(
    spill: &mut BufReader<File>,
    count: u64,
    wanted: &HashSet<u64>,
    page: &mut LargePage,
    mut room: usize,
) -> io::Result<()> {
    for _ in 0..count {
        let (_, _, [_, _, id, len]) = read_head(spill)?;
        if wanted.contains(&id) && page.lacks(id) && len as usize <= room {
            let mut tweet = vec![0; len as usize];
            spill.read_exact(&mut tweet)?;
            page.take(&tweet);
            room -= len as usize;
        } else {
            spill.seek_relative(len as i64)?;
        }
    }
    spill.rewind()
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
    /// A v2 page's includes, read once, which its tweets are flattened with.
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

    /// The next element, as the document with it alone in its array.
    fn element(&mut self) -> io::Result<Record> {
        let (key, over, [index, line, _, len]) = read_head(&mut self.spill)?;
        let key = ARRAYS.get(usize::from(key)).copied().unwrap_or("data");
        let mut element = vec![0; len as usize];
        self.spill.read_exact(&mut element)?;
        let source = Arc::new(Source {
            element: Some((key, index)),
            ..(*self.source).clone()
        });
        let (mut bytes, mut broken) = (Vec::new(), None);
        if over {
            let max = MAX_RECORD_BYTES >> 20;
            broken = Some(format!(
                "{key}[{index}]: element longer than {max} MiB, skipped"
            ));
        } else {
            let element = match self.page.as_ref().filter(|_| key == "data") {
                Some(page) => page.flatten(element),
                None => element,
            };
            let comma = if self.context.is_empty() { "" } else { "," };
            let array = format!("{comma}\"{key}\":[");
            bytes = [b"{", &self.context[..], array.as_bytes(), &element, b"]}"].concat();
        }
        Ok(Record {
            source,
            line,
            bytes,
            broken,
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
