//! The keys an archive holds, so that a tweet seen before is skipped before any work is spent on
//! it: about 8 bytes a key, and no step in which the set doubles.
//!
//! A hash set grows by doubling its table, so while it grows it holds both tables: 100 million
//! keys take 1.8-3.6 GB in a `HashSet<u64>`. Here new keys go to a hash set of fixed capacity
//! ([`FRESH`] keys); when it is full they are sorted into a run, and runs of like size are merged
//! (as a binary counter adds), so there are at most about log2(n / FRESH) of them. A run is kept
//! in chunks of [`CHUNK`] keys with the first key of each, and a merge frees each chunk it has
//! read, so merging holds no more than a few chunks beyond the keys themselves.

/// foldhash (hashbrown's own hasher) rather than std's SipHash: ten million keys go in in 2.9 s
/// instead of 4.2-4.6 (`chirpdex bench --keys 10000000`).
use foldhash::HashSet;

/// Keys taken into the hash set before they are sorted into a run.
const FRESH: usize = 1 << 20;
/// Keys a chunk of a run holds (512 KB).
const CHUNK: usize = 1 << 16;

/// A set of keys that grows a chunk at a time.
pub struct KnownKeys {
    fresh: HashSet<u64>,
    /// Sorted runs, the largest first; no key is in two of them or in `fresh`.
    runs: Vec<Run>,
    len: usize,
}

impl Default for KnownKeys {
    fn default() -> Self {
        KnownKeys::new()
    }
}

impl KnownKeys {
    pub fn new() -> KnownKeys {
        KnownKeys {
            fresh: HashSet::default(),
            runs: Vec::new(),
            len: 0,
        }
    }

    /// How many keys the set holds.
    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    pub fn contains(&self, key: u64) -> bool {
        self.fresh.contains(&key) || self.runs.iter().any(|r| r.contains(key))
    }

    /// Adds a key; says whether it was new.
    pub fn insert(&mut self, key: u64) -> bool {
        if self.runs.iter().any(|r| r.contains(key)) {
            return false;
        }
        if self.fresh.capacity() == 0 {
            self.fresh.reserve(FRESH);
        }
        if !self.fresh.insert(key) {
            return false;
        }
        self.len += 1;
        if self.fresh.len() >= FRESH {
            let mut keys: Vec<u64> = self.fresh.drain().collect();
            keys.sort_unstable();
            self.push(keys);
        }
        true
    }

    /// Adds keys known to be distinct and new (an index's own, as it opens), without looking
    /// each one up.
    pub fn extend_distinct(&mut self, keys: impl IntoIterator<Item = u64>) {
        let mut batch = Vec::with_capacity(FRESH.min(CHUNK * 4));
        for key in keys {
            batch.push(key);
            if batch.len() == FRESH {
                self.push_unsorted(std::mem::take(&mut batch));
            }
        }
        if !batch.is_empty() {
            self.push_unsorted(batch);
        }
    }

    fn push_unsorted(&mut self, mut keys: Vec<u64>) {
        self.len += keys.len();
        keys.sort_unstable();
        self.push(keys);
    }

    /// Adds sorted keys (already counted) as a run, then merges the last runs while the newest is as large as the
    /// one before it.
    fn push(&mut self, keys: Vec<u64>) {
        self.runs
            .push(Run::from_sorted(keys.len(), keys.into_iter()));
        while let [.., before, last] = self.runs.as_slice()
            && last.len >= before.len
        {
            let last = self.runs.pop().expect("two runs");
            let before = self.runs.pop().expect("two runs");
            let len = before.len + last.len;
            self.runs.push(Run::from_sorted(
                len,
                Merge::new(before.drain(), last.drain()),
            ));
        }
    }
}

/// Sorted, distinct keys in chunks.
struct Run {
    chunks: Vec<Box<[u64]>>,
    /// The first key of each chunk.
    firsts: Vec<u64>,
    last: u64,
    len: usize,
}

impl Run {
    fn from_sorted(len: usize, keys: impl Iterator<Item = u64>) -> Run {
        let mut run = Run {
            chunks: Vec::with_capacity(len.div_ceil(CHUNK)),
            firsts: Vec::with_capacity(len.div_ceil(CHUNK)),
            last: 0,
            len: 0,
        };
        let mut chunk = Vec::with_capacity(CHUNK.min(len));
        for key in keys {
            chunk.push(key);
            if chunk.len() == CHUNK {
                run.add(std::mem::replace(&mut chunk, Vec::with_capacity(CHUNK)));
            }
        }
        if !chunk.is_empty() {
            run.add(chunk);
        }
        run
    }

    fn add(&mut self, chunk: Vec<u64>) {
        self.firsts.push(chunk[0]);
        self.last = chunk[chunk.len() - 1];
        self.len += chunk.len();
        self.chunks.push(chunk.into_boxed_slice());
    }

    fn contains(&self, key: u64) -> bool {
        if self.firsts.first().is_none_or(|&first| key < first) || key > self.last {
            return false;
        }
        let i = self.firsts.partition_point(|&first| first <= key) - 1;
        self.chunks[i].binary_search(&key).is_ok()
    }

    /// The keys in order, each chunk freed once read.
    fn drain(self) -> impl Iterator<Item = u64> {
        self.chunks.into_iter().flat_map(|c| c.into_vec())
    }
}

/// Two sorted iterators merged into one.
struct Merge<A: Iterator<Item = u64>, B: Iterator<Item = u64>> {
    a: std::iter::Peekable<A>,
    b: std::iter::Peekable<B>,
}

impl<A: Iterator<Item = u64>, B: Iterator<Item = u64>> Merge<A, B> {
    fn new(a: A, b: B) -> Self {
        Merge {
            a: a.peekable(),
            b: b.peekable(),
        }
    }
}

impl<A: Iterator<Item = u64>, B: Iterator<Item = u64>> Iterator for Merge<A, B> {
    type Item = u64;

    fn next(&mut self) -> Option<u64> {
        match (self.a.peek(), self.b.peek()) {
            (Some(a), Some(b)) if a <= b => self.a.next(),
            (Some(_), Some(_)) => self.b.next(),
            (Some(_), None) => self.a.next(),
            (None, _) => self.b.next(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_key_is_known_once_across_runs_and_merges() {
        let mut known = KnownKeys::new();
        // More than a few runs' worth, in an order that is neither sorted nor random.
        let n = (FRESH * 5 + 123) as u64;
        let key = |i: u64| i.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 1;
        for i in 0..n {
            assert!(known.insert(key(i)), "key {i} new");
        }
        assert_eq!(known.len(), n as usize);
        assert!(known.runs.len() <= 3, "{} runs", known.runs.len());
        for i in (0..n).step_by(997) {
            assert!(!known.insert(key(i)), "key {i} known");
            assert!(known.contains(key(i)));
        }
        assert!(!known.contains(key(n)));
        assert_eq!(known.len(), n as usize);
        // The runs hold every key once, in order.
        for r in &known.runs {
            assert!(r.chunks.iter().flat_map(|c| c.iter()).is_sorted());
        }
        let total: usize = known.runs.iter().map(|r| r.len).sum::<usize>() + known.fresh.len();
        assert_eq!(total, n as usize);
    }

    #[test]
    fn an_index_keys_are_taken_in_bulk() {
        let mut known = KnownKeys::new();
        known.extend_distinct((0..(FRESH as u64 * 2 + 5)).rev().map(|k| k * 3));
        assert_eq!(known.len(), FRESH * 2 + 5);
        assert!(known.contains(0) && known.contains(3 * (FRESH as u64 * 2 + 4)));
        assert!(!known.contains(1));
        assert!(known.insert(1));
        assert!(!known.insert(6));
    }
}
