//! An archive is trusted only if it survives being killed and being shared: SIGKILL at several
//! moments of an ingest leaves an index that opens and answers, and running the same ingest again
//! ends with exactly the right number of tweets; a second writer is turned away with a clear
//! message while searches go on.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::{Child, Command as Process, Stdio};
use std::time::Duration;

use common::{Archive, data};
use serde_json::Value;

const TWEETS: usize = 12_000;

fn dump(a: &Archive, tweets: usize) -> std::path::PathBuf {
    let path = a.dir.path().join("dump.jsonl");
    a.cmd()
        .args([
            "gen",
            "--seed",
            "3",
            "--tweets",
            &tweets.to_string(),
            "--out",
        ])
        .arg(&path)
        .assert()
        .success();
    path
}

fn ingest(a: &Archive, path: &Path) -> Child {
    Process::new(assert_cmd::cargo::cargo_bin("chirpdex"))
        .arg("--index")
        .arg(a.index())
        .args(["ingest", "--quiet", "--commit-every", "1000"])
        .arg(path)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap()
}

fn count(a: &Archive) -> usize {
    let out = a.cmd().args(["search", "--count", "*"]).output().unwrap();
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

#[test]
fn a_killed_ingest_leaves_an_index_that_answers_and_a_rerun_completes_it_exactly() {
    let a = Archive::new();
    let path = dump(&a, TWEETS);
    let mut seen = Vec::new();
    for after_ms in [150, 700, 1_500, 2_500] {
        let mut child = ingest(&a, &path);
        std::thread::sleep(Duration::from_millis(after_ms));
        let _ = child.kill(); // SIGKILL; it may have finished already
        let _ = child.wait();
        if a.index().join("meta.json").exists() {
            let n = count(&a);
            assert!(n <= TWEETS, "{n} tweets after a kill");
            seen.push(n);
        }
    }
    // What was committed stays: counts never go down from one kill to the next; and commits
    // come every 1,000 tweets, so some kill fell between two of them with part of the dump in.
    assert!(seen.windows(2).all(|w| w[0] <= w[1]), "{seen:?}");
    assert!(seen.iter().any(|&n| n > 0 && n < TWEETS), "{seen:?}");
    let out = ingest(&a, &path).wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(count(&a), TWEETS);
}

#[test]
fn a_second_writer_is_turned_away_while_searches_go_on() {
    let a = Archive::new();
    // Make the index first, so that both processes meet an existing one.
    a.ingest(&[&common::data("v1_day.jsonl")], 0);
    let path = dump(&a, 20_000);
    let mut first = ingest(&a, &path);
    std::thread::sleep(Duration::from_millis(500));
    let second = a
        .cmd()
        .args(["ingest", "--quiet"])
        .arg(&path)
        .output()
        .unwrap();
    // 20,000 tweets take the debug build seconds: the first is still writing.
    assert!(
        first.try_wait().unwrap().is_none(),
        "the first ingest ended too soon"
    );
    assert_eq!(second.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&second.stderr);
    assert!(stderr.contains("another process is writing"), "{stderr}");
    // Searching is not writing: it works meanwhile.
    assert!(count(&a) >= 5);
    let out = first.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(count(&a), 20_000 + 5, "nothing lost, nothing twice");
}

// ---- Rejected records: kept, readable, once; directories; floods (issue 11, items 3, 4, 12) ----

/// A small seeded generator, so that a failing run can be replayed (`CHIRPDEX_TEST_SEED`).
struct Rng(u64);

impl Rng {
    fn seeded(default: u64) -> Rng {
        let seed = std::env::var("CHIRPDEX_TEST_SEED")
            .ok()
            .and_then(|s| s.parse().ok())
            .unwrap_or(default);
        eprintln!("seed {seed} (set CHIRPDEX_TEST_SEED to replay another)");
        Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }

    fn below(&mut self, n: u64) -> u64 {
        // xorshift64*
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D) % n
    }
}

/// A mixed input: `chirpdex gen` lines with some replaced by bad ones. Returns its path, the ids
/// of the good lines, and the bad lines by line number with their bytes.
fn mixed_dump(
    a: &Archive,
    tweets: usize,
    rng: &mut Rng,
) -> (PathBuf, BTreeSet<String>, BTreeMap<u64, Vec<u8>>) {
    let clean = dump(a, tweets);
    let text = std::fs::read_to_string(&clean).unwrap();
    let mut good = BTreeSet::new();
    let mut bad = BTreeMap::new();
    let mut bytes = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let number = i as u64 + 1;
        // The first line stays whole: this test is about rejects, not about recognising a file.
        let broken: Option<Vec<u8>> = match (number > 1).then(|| rng.below(60)) {
            Some(0) => Some(line.as_bytes()[..line.len() / 2].to_vec()),
            Some(1) => Some(b"{}".to_vec()),
            Some(2) => Some(b"{\"id_str\":\"1\",\"text\":\"\xff\xfe\"}".to_vec()),
            Some(3) => Some(b"not JSON at all".to_vec()),
            _ => None,
        };
        match broken {
            Some(b) => {
                bytes.extend_from_slice(&b);
                bad.insert(number, b);
            }
            None => {
                let v: Value = serde_json::from_str(line).unwrap();
                good.insert(v["id_str"].as_str().unwrap().to_string());
                bytes.extend_from_slice(line.as_bytes());
            }
        }
        bytes.push(b'\n');
    }
    let path = a.dir.path().join("mixed.jsonl");
    std::fs::write(&path, bytes).unwrap();
    (path, good, bad)
}

/// One entry of a rejects file: (source, line) and the record's bytes.
type Reject = ((String, u64), Vec<u8>);

/// Reads a rejects file, asserting that it is JSON lines, one object a line with the documented
/// fields. A torn last line (no newline) is allowed only when `torn_ok` (right after a kill: the
/// next run cuts it); it is returned as the flag.
fn read_rejects(path: &Path, torn_ok: bool) -> (Vec<Reject>, bool) {
    let Ok(bytes) = std::fs::read(path) else {
        return (Vec::new(), false);
    };
    let torn = !bytes.is_empty() && bytes.last() != Some(&b'\n');
    assert!(
        torn_ok || !torn,
        "{}: the last line is torn",
        path.display()
    );
    let whole = &bytes[..bytes.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1)];
    let entries = whole
        .split(|&b| b == b'\n')
        .filter(|l| !l.is_empty())
        .enumerate()
        .map(|(i, l)| {
            let v: Value = serde_json::from_slice(l).unwrap_or_else(|e| {
                panic!(
                    "{} line {}: not JSON ({e}): {}",
                    path.display(),
                    i + 1,
                    String::from_utf8_lossy(l)
                )
            });
            assert!(v["reason"].is_string(), "{v}");
            let record = match (&v["record"], &v["record_base64"]) {
                (Value::String(s), _) => s.as_bytes().to_vec(),
                (_, Value::String(b)) => {
                    base64::Engine::decode(&base64::engine::general_purpose::STANDARD, b).unwrap()
                }
                _ => panic!("no record: {v}"),
            };
            let source = v["source"].as_str().unwrap().to_string();
            ((source, v["line"].as_u64().unwrap()), record)
        })
        .collect();
    (entries, torn)
}

/// Asserts that `rejects` holds each (source, line) once, and only lines that are bad, byte for
/// byte; returns the set of lines kept.
fn check_rejects(rejects: &[Reject], source: &str, bad: &BTreeMap<u64, Vec<u8>>) -> BTreeSet<u64> {
    let mut lines = BTreeSet::new();
    for ((s, line), record) in rejects {
        assert_eq!(s, source);
        assert!(lines.insert(*line), "line {line} is kept twice");
        assert_eq!(bad.get(line), Some(record), "line {line} is not a bad line");
    }
    lines
}

fn rejects_file(a: &Archive) -> PathBuf {
    a.index().join("rejects.jsonl")
}

#[test]
fn killed_at_random_moments_nothing_is_lost_nothing_is_kept_twice() {
    let a = Archive::new();
    let mut rng = Rng::seeded(11);
    let (path, good, bad) = mixed_dump(&a, 2_000, &mut rng);
    let source = path.display().to_string();
    assert!(bad.len() > 50, "{} bad lines", bad.len());
    // Commits every 250 tweets: the kills fall between commits, with rejects written or pending.
    let ingest = |a: &Archive, path: &Path| {
        Process::new(assert_cmd::cargo::cargo_bin("chirpdex"))
            .arg("--index")
            .arg(a.index())
            .args(["ingest", "--quiet", "--commit-every", "250"])
            .arg(path)
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap()
    };
    let mut torn_seen = 0;
    for round in 0..4 {
        let after_ms = 50 + rng.below(1_000);
        let mut child = ingest(&a, &path);
        std::thread::sleep(Duration::from_millis(after_ms));
        let _ = child.kill(); // SIGKILL; it may have finished already
        let _ = child.wait();
        let (rejects, torn) = read_rejects(&rejects_file(&a), true);
        torn_seen += usize::from(torn);
        let kept = check_rejects(&rejects, &source, &bad);
        let ids = if a.index().join("meta.json").exists() {
            a.ids("*")
        } else {
            Vec::new()
        };
        let unique: BTreeSet<String> = ids.iter().cloned().collect();
        assert_eq!(unique.len(), ids.len(), "an id indexed twice");
        assert!(unique.is_subset(&good), "an id that is not in the source");
        eprintln!(
            "round {round}: killed after {after_ms} ms: {} tweets, {} rejects{}",
            ids.len(),
            kept.len(),
            if torn { ", a torn last line" } else { "" }
        );
    }
    // A complete run puts everything in, each once.
    let out = ingest(&a, &path).wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let (rejects, _) = read_rejects(&rejects_file(&a), false);
    let kept = check_rejects(&rejects, &source, &bad);
    assert_eq!(kept, bad.keys().copied().collect());
    let ids: BTreeSet<String> = a.ids("*").into_iter().collect();
    assert_eq!(ids, good);
    eprintln!("{torn_seen} kill(s) left a torn last line, cut by the next run");
}

#[test]
fn rejected_records_are_kept_once_however_often_the_input_is_ingested() {
    let a = Archive::new();
    let path = data("v1_broken.jsonl");
    for _ in 0..3 {
        a.ingest(&[&path], 0);
    }
    let (rejects, _) = read_rejects(&rejects_file(&a), false);
    let lines: Vec<u64> = rejects.iter().map(|((_, l), _)| *l).collect();
    assert_eq!(lines, [2, 4, 5], "{rejects:?}");
}

#[test]
fn a_torn_last_line_left_by_a_crash_is_cut_and_its_record_kept_again() {
    let a = Archive::new();
    let path = data("v1_broken.jsonl");
    a.ingest(&[&path], 0);
    let file = rejects_file(&a);
    let whole = std::fs::read(&file).unwrap();
    // A crash in the middle of the second line.
    let cut = whole.len() - 10;
    std::fs::write(&file, &whole[..cut]).unwrap();
    // The next ingest cuts it, even one that rejects nothing.
    a.ingest(&[&data("v1_day.jsonl")], 0);
    let last_whole = whole[..cut].iter().rposition(|&b| b == b'\n').unwrap() + 1;
    assert_eq!(std::fs::read(&file).unwrap(), &whole[..last_whole]);
    // Reading the input again keeps the record again.
    a.ingest(&[&path], 0);
    assert_eq!(std::fs::read(&file).unwrap(), whole);
}

#[test]
fn a_rejects_file_that_cannot_be_written_does_not_stop_the_good_tweets() {
    let a = Archive::new();
    let mut rng = Rng::seeded(5);
    let (path, good, bad) = mixed_dump(&a, 1_000, &mut rng);
    let dir = a.dir.path().join("a-directory");
    std::fs::create_dir(&dir).unwrap();
    let mut places = vec![dir];
    if Path::new("/dev/full").exists() {
        places.push("/dev/full".into());
    }
    for place in places {
        let out = a
            .cmd()
            .args(["ingest", "--format", "json", "--rejects"])
            .arg(&place)
            .arg(&path)
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{stderr}");
        // Said once, naming the file and why.
        let place = place.display().to_string();
        let warnings: Vec<_> = stderr.lines().filter(|l| l.contains("warning")).collect();
        assert_eq!(warnings.len(), 1, "{stderr}");
        assert!(warnings[0].contains(&place), "{stderr}");
        assert!(warnings[0].contains("os error"), "{stderr}");
        let summary: Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(summary["rejected"], bad.len());
        assert_eq!(summary["rejects_not_kept"], bad.len());
        let ids: BTreeSet<String> = a.ids("*").into_iter().collect();
        assert_eq!(ids, good);
    }
}

#[test]
fn a_flood_of_bad_records_is_kept_whole_and_summed_up_on_stderr() {
    use std::io::Write as _;
    let a = Archive::new();
    let records = 100_000;
    let path = a.dir.path().join("flood.jsonl.gz");
    let mut gz = flate2::write::GzEncoder::new(
        std::fs::File::create(&path).unwrap(),
        flate2::Compression::best(),
    );
    for _ in 0..records {
        gz.write_all(b"{}\n").unwrap();
    }
    gz.finish().unwrap();
    let (summary, stderr) = a.ingest(&[&path], 0);
    assert_eq!(summary["rejected"], records);
    let name = path.display().to_string();
    let shown = stderr
        .lines()
        .filter(|l| l.starts_with(&format!("{name}:")))
        .count();
    assert_eq!(shown, 20 + 1, "{stderr}");
    assert!(
        stderr.contains(&format!(
            "{name}: {} more rejected records not shown",
            records - 20
        )),
        "{stderr}"
    );
    let file = rejects_file(&a);
    let (rejects, _) = read_rejects(&file, false);
    assert_eq!(rejects.len(), records);
    let size = std::fs::metadata(&file).unwrap().len();
    let per_entry = size as f64 / records as f64;
    eprintln!("{size} bytes of rejects for {records} records: {per_entry:.1} a record");
}

/// Files named in ways a walk used to miss or misread: names that are not UTF-8, and chirpdex's
/// own index and rejects file in the directory being ingested.
#[cfg(unix)]
#[test]
fn a_directory_is_read_whole_and_never_its_own_index() {
    use std::os::unix::ffi::OsStrExt;
    let a = Archive::new();
    let dir = a.dir.path();
    let lines = std::fs::read_to_string(data("v1_day.jsonl")).unwrap();
    let lines: Vec<&str> = lines.lines().collect();
    // Two names that a lossy conversion shows alike, each with one tweet and one bad line.
    let names = [&b"caf\xe9.jsonl"[..], &b"caf\xe8.jsonl"[..]];
    for (name, line) in names.iter().zip(&lines) {
        let path = dir.join(std::ffi::OsStr::from_bytes(name));
        std::fs::write(&path, format!("{line}\nnot a tweet\n")).unwrap();
    }
    // The index lives in the directory (`chirpdex ingest .` beside `./index`).
    for run in 0..3 {
        let (summary, stderr) = a.ingest(&[dir], 0);
        assert_eq!(summary["files"], 2, "{stderr}");
        assert_eq!(summary["indexed"], if run == 0 { 2 } else { 0 }, "{stderr}");
        assert_eq!(summary["rejected"], 2, "{stderr}");
        assert!(stderr.contains("caf\\xe9.jsonl:2:"), "{stderr}");
        assert!(stderr.contains("caf\\xe8.jsonl:2:"), "{stderr}");
        let (rejects, _) = read_rejects(&rejects_file(&a), false);
        let sources: BTreeSet<&str> = rejects.iter().map(|((s, _), _)| s.as_str()).collect();
        assert_eq!(rejects.len(), 2, "{rejects:?}");
        assert_eq!(sources.len(), 2, "{sources:?}");
    }
    // Each tweet keeps its own file as its source.
    let out = a.cmd().args(["info", "--format", "json"]).output().unwrap();
    let info: Value = serde_json::from_slice(&out.stdout).unwrap();
    let sources = info["sources"].as_array().unwrap();
    assert_eq!(sources.len(), 2, "{info}");

    // Named on the command line, the rejects file is refused, and the rest still goes in.
    let out = a
        .cmd()
        .args(["ingest", "--format", "json"])
        .arg(rejects_file(&a))
        .arg(data("v1_day.jsonl"))
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains(&format!("{}: not read", rejects_file(&a).display())),
        "{stderr}"
    );
    let summary: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(summary["indexed"], 3, "{stderr}");
}
