//! What every area of the tests needs: the paths of fixtures, the shipped corpus and the files
//! beside the repository (`../shared`, skipped when absent), a fresh index in a temporary
//! directory with the built binary run against it, and the readings of a v1.1 tweet that the
//! tests make for themselves, apart from chirpdex's readers.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use assert_cmd::Command;
use chrono::{DateTime, Utc};
use serde_json::Value;
use tempfile::TempDir;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// A fixture under `tests/data/`.
pub fn data(name: &str) -> PathBuf {
    root().join("tests/data").join(name)
}

/// A file of the shipped corpus, under `corpus/`.
pub fn corpus(path: &str) -> PathBuf {
    root().join("corpus").join(path)
}

/// A file beside the repository in `../shared` (real dumps, conformance vectors), read in place;
/// `None`, saying so, where it is absent, so that the test using it skips. `CHIRPDEX_SHARED`
/// names another place for it (a git worktree's `..` is not the repository's).
pub fn shared(path: &str) -> Option<PathBuf> {
    let dir =
        std::env::var_os("CHIRPDEX_SHARED").map_or_else(|| root().join("../shared"), PathBuf::from);
    let p = dir.join(path);
    if p.exists() {
        Some(p)
    } else {
        eprintln!("skipped: {} is absent (needs ../shared)", p.display());
        None
    }
}

/// Real files from other projects' test data, read in place from `../shared/real-dumps`.
pub fn real_dump(path: &str) -> Option<PathBuf> {
    shared(&format!("real-dumps/{path}"))
}

/// The bytes of a gzipped file.
pub fn gunzip(path: &Path) -> Vec<u8> {
    let mut bytes = Vec::new();
    flate2::read::GzDecoder::new(std::fs::File::open(path).unwrap())
        .read_to_end(&mut bytes)
        .unwrap();
    bytes
}

/// The shipped synthetic corpus's tweets as the API wrote them.
pub fn synthetic() -> Vec<Value> {
    let bytes = gunzip(&corpus("synthetic/pasocial-2015-synthetic.jsonl.gz"));
    String::from_utf8(bytes)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

/// A v1.1 tweet's `created_at` (`Tue Nov 17 10:00:00 +0000 2015`), read here with chrono.
pub fn twitter_time(t: &Value) -> DateTime<Utc> {
    DateTime::parse_from_str(t["created_at"].as_str().unwrap(), "%a %b %d %H:%M:%S %z %Y")
        .unwrap()
        .with_timezone(&Utc)
}

/// What a reader sees of a v1.1 tweet: for a retweet, the retweeted tweet (its text and
/// entities, which the retweet's own cut text lacks).
pub fn shown(t: &Value) -> &Value {
    if t["retweeted_status"].is_object() {
        &t["retweeted_status"]
    } else {
        t
    }
}

/// Asserts that nothing a tweet said became markup in a page: no script, image, emphasis or
/// embedded object, and no event handler (`on...`) attribute on any element.
pub fn no_markup_from_tweets(doc: &scraper::Html) {
    for tag in ["script", "img", "b", "em", "iframe", "object"] {
        let selector = scraper::Selector::parse(tag).unwrap();
        assert_eq!(doc.select(&selector).count(), 0, "a <{tag}> element");
    }
    for el in doc
        .root_element()
        .descendants()
        .filter_map(scraper::ElementRef::wrap)
    {
        for (name, _) in el.value().attrs() {
            assert!(
                !name.starts_with("on"),
                "attribute {name} on <{}>",
                el.value().name()
            );
        }
    }
}

/// A time as chirpdex writes it: RFC 3339 in UTC, whole seconds, `Z`.
pub fn rfc3339(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

/// The built binary against the index at `index` (not the environment's).
pub fn chirpdex(index: &Path) -> Command {
    let mut cmd = Command::cargo_bin("chirpdex").unwrap();
    cmd.env_remove("CHIRPDEX_INDEX")
        .env("NO_COLOR", "1")
        .arg("--index")
        .arg(index);
    cmd
}

/// An index in a directory of its own, and helpers to run chirpdex against it.
pub struct Archive {
    /// The directory: the index, and whatever else a test writes beside it.
    root: PathBuf,
    /// Removes `root` when the archive is dropped (none for an archive shared by a whole run).
    _temp: Option<TempDir>,
}

impl Archive {
    /// A fresh index in a temporary directory.
    pub fn new() -> Archive {
        let temp = tempfile::tempdir().unwrap();
        Archive {
            root: temp.path().to_path_buf(),
            _temp: Some(temp),
        }
    }

    /// An index made once for the whole run by `fill`, for tests that only read it: in
    /// `target/tmp/NAME`, emptied first, kept after the run to look at.
    pub fn shared(
        cell: &'static OnceLock<Archive>,
        name: &str,
        fill: impl FnOnce(&Archive),
    ) -> &'static Archive {
        cell.get_or_init(|| {
            let root = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
            if root.exists() {
                std::fs::remove_dir_all(&root).unwrap();
            }
            std::fs::create_dir_all(&root).unwrap();
            let archive = Archive { root, _temp: None };
            fill(&archive);
            archive
        })
    }

    /// The directory the index is in.
    pub fn root(&self) -> &Path {
        &self.root
    }

    pub fn index(&self) -> PathBuf {
        self.root.join("index")
    }

    /// A path beside the index.
    pub fn path(&self, name: &str) -> PathBuf {
        self.root.join(name)
    }

    pub fn cmd(&self) -> Command {
        chirpdex(&self.index())
    }

    /// The binary as a plain command against this index, for [`run_measured`] and for children
    /// that a test kills or feeds.
    pub fn std_cmd(&self) -> std::process::Command {
        let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_chirpdex"));
        cmd.env_remove("CHIRPDEX_INDEX")
            .env("NO_COLOR", "1")
            .arg("--index")
            .arg(self.index());
        cmd
    }

    /// Ingests and returns the JSON summary and stderr; asserts the exit code, and no panic.
    pub fn ingest(&self, paths: &[&Path], code: i32) -> (Value, String) {
        let out = self
            .cmd()
            .arg("ingest")
            .args(paths)
            .args(["--format", "json"])
            .assert()
            .code(code)
            .get_output()
            .clone();
        let stderr = String::from_utf8(out.stderr).unwrap();
        assert!(!stderr.contains("panicked"), "{stderr}");
        let summary = serde_json::from_slice(&out.stdout).expect("one JSON object on stdout");
        (summary, stderr)
    }

    /// Ingests with an event programme, quietly; asserts success.
    pub fn ingest_event(&self, event: &Path, paths: &[&Path]) {
        self.cmd()
            .args(["ingest", "--quiet", "--event"])
            .arg(event)
            .args(paths)
            .assert()
            .success();
    }

    /// Runs chirpdex with `args` and returns its stdout; asserts exit 0.
    pub fn stdout(&self, args: &[&str]) -> String {
        let out = self.cmd().args(args).output().unwrap();
        assert_eq!(
            out.status.code(),
            Some(0),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    }

    /// Runs `search --format jsonl ARGS` and returns its hits as JSON objects; asserts that the
    /// search answered (exit 0, or 1 for no match).
    pub fn hits(&self, args: &[&str]) -> Vec<Value> {
        let out = self
            .cmd()
            .args(["search", "--format", "jsonl"])
            .args(args)
            .output()
            .unwrap();
        assert!(
            out.status.code() == Some(0) || out.status.code() == Some(1),
            "search {args:?} failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout)
            .unwrap()
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect()
    }

    /// Every hit of a query.
    pub fn search(&self, query: &str) -> Vec<Value> {
        self.hits(&[query, "--limit", "100000"])
    }

    /// The ids of every hit of a query, sorted.
    pub fn ids(&self, query: &str) -> Vec<String> {
        let mut ids: Vec<String> = self
            .search(query)
            .iter()
            .map(|h| h["id"].as_str().unwrap().to_string())
            .collect();
        ids.sort();
        ids
    }

    /// What `search --count ARGS` counts; asserts that the index answered.
    pub fn count(&self, args: &[&str]) -> usize {
        let out = self
            .cmd()
            .args(["search", "--count"])
            .args(args)
            .output()
            .unwrap();
        assert!(
            out.status.code().unwrap() <= 1,
            "the index does not answer: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout)
            .unwrap()
            .trim()
            .parse()
            .unwrap()
    }

    /// Writes a synthetic v1.1 dump of `tweets` tweets (`chirpdex gen`, its default seed unless
    /// one is given) beside the index, and returns its path.
    pub fn generate(&self, name: &str, tweets: usize, seed: Option<u64>) -> PathBuf {
        let path = self.path(name);
        let mut cmd = self.cmd();
        cmd.args(["gen", "--tweets", &tweets.to_string()]);
        if let Some(seed) = seed {
            cmd.args(["--seed", &seed.to_string()]);
        }
        cmd.arg("--out").arg(&path).assert().success();
        path
    }

    /// The rejects file's entries (source, line), in order.
    pub fn rejects(&self) -> Vec<(String, u64)> {
        self.kept()
            .into_iter()
            .map(|k| (k.source, k.line))
            .collect()
    }

    /// The rejects file's entries, in order: where each record came from, why, and its bytes.
    pub fn kept(&self) -> Vec<Kept> {
        let Ok(text) = std::fs::read_to_string(self.index().join("rejects.jsonl")) else {
            return Vec::new();
        };
        text.lines()
            .map(|l| {
                let v: Value = serde_json::from_str(l).expect("rejects file is JSON lines");
                Kept::from_json(&v)
            })
            .collect()
    }
}

/// The synthetic corpus ingested with its programme, once for the whole run.
pub fn synthetic_archive() -> &'static Archive {
    static ARCHIVE: OnceLock<Archive> = OnceLock::new();
    Archive::shared(&ARCHIVE, "synthetic-index", |a| {
        a.ingest_event(&corpus("synthetic/event.toml"), &[&corpus("synthetic")]);
    })
}

/// One entry of a rejects file (its reason is checked where stderr reports it).
#[derive(Debug)]
pub struct Kept {
    pub source: String,
    pub line: u64,
    /// The record's bytes: `record` as written, or `record_base64` decoded.
    pub record: Vec<u8>,
}

impl Kept {
    /// Reads an entry, asserting that it has the documented fields.
    pub fn from_json(v: &Value) -> Kept {
        let record = match (&v["record"], &v["record_base64"]) {
            (Value::String(s), _) => s.as_bytes().to_vec(),
            (_, Value::String(b)) => {
                base64::Engine::decode(&base64::engine::general_purpose::STANDARD, b).unwrap()
            }
            _ => panic!("no record: {v}"),
        };
        assert!(v["reason"].is_string(), "{v}");
        Kept {
            source: v["source"].as_str().unwrap().to_string(),
            line: v["line"].as_u64().unwrap(),
            record,
        }
    }
}

/// Runs a command to its end, polling its peak resident memory (`VmHWM` in `/proc`, Linux), and
/// returns its exit code, stdout, stderr and that peak in MiB (0 where `/proc` is absent). A
/// command still running after `limit` is killed, and fails the test.
pub fn run_measured(
    mut cmd: std::process::Command,
    limit: std::time::Duration,
) -> (i32, Vec<u8>, String, u64) {
    use std::process::Stdio;
    let mut child = cmd
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let drain = |mut r: Box<dyn Read + Send>| {
        std::thread::spawn(move || {
            let mut v = Vec::new();
            r.read_to_end(&mut v).unwrap();
            v
        })
    };
    let out = drain(Box::new(child.stdout.take().unwrap()));
    let err = drain(Box::new(child.stderr.take().unwrap()));
    let mut peak = 0u64;
    let started = std::time::Instant::now();
    let status = loop {
        if started.elapsed() > limit {
            child.kill().unwrap();
            panic!("still running after {limit:?}");
        }
        peak = peak.max(peak_kib(child.id()).unwrap_or(0));
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        std::thread::sleep(std::time::Duration::from_millis(5));
    };
    let stderr = String::from_utf8(err.join().unwrap()).unwrap();
    assert!(!stderr.contains("panicked"), "{stderr}");
    (
        status.code().unwrap_or(-1),
        out.join().unwrap(),
        stderr,
        peak >> 10,
    )
}

/// The peak resident memory of a running process, in KiB (Linux: `VmHWM` in `/proc`).
pub fn peak_kib(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}
