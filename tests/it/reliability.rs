//! An archive is trusted only if it survives being killed and being shared: SIGKILL at several
//! moments of an ingest leaves an index that opens and answers, and running the same ingest again
//! ends with exactly the right number of tweets; a second writer is turned away with a clear
//! message while searches go on.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::{Child, Command as Process, Stdio};
use std::time::Duration;

use serde_json::Value;

use crate::harness::{Archive, Kept, data};

const TWEETS: usize = 12_000;

fn dump(a: &Archive, tweets: usize) -> PathBuf {
    a.generate("dump.jsonl", tweets, Some(3))
}

/// An ingest in the background, committing every `commit_every` new tweets, ready to be killed.
fn ingest(a: &Archive, path: &Path, commit_every: u64) -> Child {
    a.std_cmd()
        .args([
            "ingest",
            "--quiet",
            "--commit-every",
            &commit_every.to_string(),
        ])
        .arg(path)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap()
}

fn count(a: &Archive) -> usize {
    a.count(&["*"])
}

#[test]
fn a_killed_ingest_leaves_an_index_that_answers_and_a_rerun_completes_it_exactly() {
    let a = Archive::new();
    let path = dump(&a, TWEETS);
    let mut seen = Vec::new();
    for after_ms in [150, 700, 1_500, 2_500] {
        let mut child = ingest(&a, &path, 1000);
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
    let out = ingest(&a, &path, 1000).wait_with_output().unwrap();
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
    a.ingest(&[&data("v1_day.jsonl")], 0);
    let path = dump(&a, 20_000);
    let mut first = ingest(&a, &path, 1000);
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
    let path = a.path("mixed.jsonl");
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
            let kept = Kept::from_json(&v);
            ((kept.source, kept.line), kept.record)
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
    let mut torn_seen = 0;
    for round in 0..4 {
        let after_ms = 50 + rng.below(1_000);
        let mut child = ingest(&a, &path, 250);
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
    let out = ingest(&a, &path, 250).wait_with_output().unwrap();
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
    let dir = a.path("a-directory");
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
    let path = a.path("flood.jsonl.gz");
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
    let dir = a.root();
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

// The index on disk: a damaged index is never replaced, a writer turned away writes nothing, a
// read-only index answers, a corrupt segment is an error naming the index.

/// Every file under `dir` with its bytes, by path relative to `dir`.
fn files(dir: &Path) -> std::collections::BTreeMap<std::path::PathBuf, Vec<u8>> {
    let mut out = std::collections::BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let path = e.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let bytes = std::fs::read(&path).unwrap();
                out.insert(path.strip_prefix(dir).unwrap().to_path_buf(), bytes);
            }
        }
    }
    out
}

/// Asserts that no file under `dir` was added, removed or changed since `before`.
fn unchanged(
    dir: &Path,
    before: &std::collections::BTreeMap<std::path::PathBuf, Vec<u8>>,
    what: &str,
) {
    let after = files(dir);
    let changed: Vec<_> = before
        .keys()
        .chain(after.keys())
        .filter(|p| before.get(*p) != after.get(*p))
        .collect();
    assert!(changed.is_empty(), "{what} changed {changed:?}");
}

#[test]
fn an_index_without_meta_json_is_refused_never_replaced() {
    let a = Archive::new();
    a.ingest(&[&data("v1_day.jsonl")], 0);
    std::fs::remove_file(a.index().join("meta.json")).unwrap();
    let before = files(&a.index());
    assert!(
        before
            .keys()
            .any(|p| p.extension().is_some_and(|e| e == "store")),
        "the fixture made segment files"
    );
    let out = a
        .cmd()
        .args(["ingest", "--quiet"])
        .arg(data("v1_day.jsonl"))
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("meta.json"), "{stderr}");
    assert!(
        stderr.contains(&a.index().display().to_string()),
        "{stderr}"
    );
    unchanged(&a.index(), &before, "a refused ingest");
}

#[test]
fn an_unreadable_meta_json_is_refused_never_overwritten() {
    let a = Archive::new();
    a.ingest(&[&data("v1_day.jsonl")], 0);
    std::fs::write(a.index().join("meta.json"), "{\"segments\": [").unwrap();
    let before = files(&a.index());
    let data = data("v1_day.jsonl");
    let data = data.to_str().unwrap();
    for args in [&["ingest", "--quiet", data][..], &["search", "*"][..]] {
        let out = a.cmd().args(args).output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(stderr.contains("meta.json"), "{args:?}: {stderr}");
    }
    unchanged(&a.index(), &before, "a refused ingest");
}

/// Waits until another process holds the index's writer lock.
fn wait_for_writer(a: &Archive) {
    let lock = a.index().join(".tantivy-writer.lock");
    for _ in 0..200 {
        if let Ok(f) = std::fs::File::open(&lock)
            && let Err(std::fs::TryLockError::WouldBlock) = f.try_lock()
        {
            return;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    panic!("the first ingest never took the writer lock");
}

/// An ingest of standard input that holds the writer lock until its input is closed.
fn paused_ingest(a: &Archive) -> Child {
    a.std_cmd()
        .args(["ingest", "--quiet", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap()
}

/// The recap fixture ingested with its programme: an index with a stored event.
fn ingest_recap(a: &Archive) {
    a.ingest_event(&data("recap/event.toml"), &[&data("recap/tweets.jsonl")]);
}

#[test]
fn a_writer_turned_away_changes_nothing() {
    let a = Archive::new();
    ingest_recap(&a);
    // A reader first, so that the paused writer finds every file verified and writes nothing.
    assert_eq!(count(&a), 17);
    let mut first = paused_ingest(&a);
    wait_for_writer(&a);
    let before = files(&a.index());
    // Another programme, and the same programme changed: neither may be stored.
    let other = a.path("other.toml");
    let programme = std::fs::read_to_string(data("recap/event.toml")).unwrap();
    std::fs::write(&other, programme.replace("recap-test", "other-event")).unwrap();
    let changed = a.path("changed.toml");
    std::fs::write(&changed, programme.replace("Recap test morning", "Changed")).unwrap();
    for programme in [&other, &changed] {
        for args in [vec!["ingest", "--quiet", "--event"], vec!["event", "apply"]] {
            let mut cmd = a.cmd();
            cmd.args(&args).arg(programme);
            if args[0] == "ingest" {
                cmd.arg(data("v1_day.jsonl"));
            }
            let out = cmd.output().unwrap();
            let stderr = String::from_utf8_lossy(&out.stderr);
            assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
            assert!(stderr.contains("another process is writing"), "{stderr}");
            unchanged(&a.index(), &before, &format!("{args:?}, turned away,"));
        }
    }
    drop(first.stdin.take());
    let out = first.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stored: Vec<_> = std::fs::read_dir(a.index().join("events"))
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(stored, ["recap-test.toml"]);
}

#[test]
fn two_first_ingests_started_together_one_writes_the_other_is_turned_away() {
    let data = data("v1_day.jsonl");
    for round in 0..6 {
        let a = Archive::new();
        let spawn = || {
            a.std_cmd()
                .args(["ingest", "--quiet"])
                .arg(&data)
                .stdout(Stdio::null())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap()
        };
        let (one, two) = (spawn(), spawn());
        let mut succeeded = 0;
        for child in [one, two] {
            let out = child.wait_with_output().unwrap();
            let stderr = String::from_utf8_lossy(&out.stderr);
            match out.status.code() {
                Some(0) => succeeded += 1,
                Some(2) => assert!(
                    stderr.contains("another process is writing"),
                    "round {round}: {stderr}"
                ),
                code => panic!("round {round}: exit {code:?}: {stderr}"),
            }
        }
        assert!(succeeded >= 1, "round {round}: neither ingest succeeded");
        assert_eq!(count(&a), 5, "round {round}");
    }
}

/// Runs chirpdex in a private mount namespace where the index directory is mounted read-only
/// over itself; `None` (with the reason printed) where this environment cannot do that.
fn read_only(a: &Archive, args: &[&str]) -> Option<std::process::Output> {
    let script = r#"dir=$1; shift
mount --bind "$dir" "$dir" && mount -o remount,bind,ro "$dir" || exit 97
touch "$dir/.probe" 2>/dev/null && exit 98
exec "$@""#;
    let out = Process::new("unshare")
        .args(["-m", "sh", "-c", script, "sh"])
        .arg(a.index())
        .arg(assert_cmd::cargo::cargo_bin("chirpdex"))
        .arg("--index")
        .arg(a.index())
        .args(args)
        .env_remove("CHIRPDEX_INDEX")
        .env("NO_COLOR", "1")
        .output();
    match out {
        Ok(out) if matches!(out.status.code(), Some(97) | Some(98)) => {
            eprintln!(
                "skipped: no read-only bind mount here (exit {:?}): {}",
                out.status.code(),
                String::from_utf8_lossy(&out.stderr)
            );
            None
        }
        Ok(out) => Some(out),
        Err(e) => {
            eprintln!("skipped: cannot run unshare: {e}");
            None
        }
    }
}

#[test]
fn a_read_only_index_answers_every_reading_command() {
    let a = Archive::new();
    ingest_recap(&a);
    let commands: [&[&str]; 6] = [
        &["search", "*", "--format", "jsonl", "--limit", "1000"],
        &["stats"],
        &["info"],
        &["export"],
        &["speakers", "--format", "json"],
        &["recap", "Anna Bianchi", "--format", "json"],
    ];
    // The answers while the index can be written.
    let expected: Vec<Vec<u8>> = commands
        .iter()
        .map(|args| {
            a.cmd()
                .args(*args)
                .assert()
                .success()
                .get_output()
                .stdout
                .clone()
        })
        .collect();
    assert!(!expected[0].is_empty());
    let before = files(&a.index());
    for (args, expected) in commands.iter().zip(&expected) {
        let Some(out) = read_only(&a, args) else {
            return;
        };
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(0), "{args:?}: {stderr}");
        assert!(
            out.stdout == *expected,
            "{args:?} answered otherwise read-only"
        );
    }
    unchanged(&a.index(), &before, "reading a read-only index");
    // Writing is refused with what is wrong, not "another process is writing".
    let out = read_only(&a, &["ingest", "--quiet", "-"]).unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("read-only"), "{stderr}");
    assert!(
        stderr.contains(&a.index().display().to_string()),
        "{stderr}"
    );
}

#[test]
fn a_corrupt_segment_is_an_error_naming_the_index_never_an_abort() {
    let a = Archive::new();
    let path = dump(&a, 3_000);
    a.ingest(&[&path], 0);
    assert_eq!(count(&a), 3_000);
    let dir = a.index().display().to_string();
    let largest = |ext: &str| {
        files(&a.index())
            .into_iter()
            .filter(|(p, _)| p.extension().is_some_and(|e| e == ext))
            .max_by_key(|(_, b)| b.len())
            .unwrap()
    };
    let commands: [&[&str]; 4] = [
        &["search", "*", "--format", "jsonl", "--sort", "time"],
        &["stats"],
        &["info"],
        &["export"],
    ];
    for ext in ["store", "fast"] {
        let (name, original) = largest(ext);
        let file = a.index().join(&name);
        let len = original.len();
        let mut damages: Vec<(String, Vec<u8>)> = [0, 9, len / 3, len / 2, len - 30, len - 1]
            .into_iter()
            .map(|at| {
                let mut b = original.clone();
                b[at] ^= 0x5a;
                (format!("byte {at} flipped"), b)
            })
            .collect();
        damages.push(("cut in half".into(), original[..len / 2].to_vec()));
        damages.push(("last byte cut".into(), original[..len - 1].to_vec()));
        for (what, bytes) in damages {
            std::fs::write(&file, &bytes).unwrap();
            for args in commands {
                let out = a.cmd().args(args).output().unwrap();
                let stderr = String::from_utf8_lossy(&out.stderr);
                let context = format!("{name:?} {what}, {args:?}: {stderr}");
                assert_eq!(out.status.code(), Some(2), "{context}");
                assert!(stderr.contains(&dir), "{context}");
                assert!(!stderr.contains("panicked"), "{context}");
            }
        }
        std::fs::write(&file, &original).unwrap();
        assert_eq!(count(&a), 3_000, "the restored file reads again");
    }
}

#[test]
fn a_full_disk_is_named_as_such() {
    let a = Archive::new();
    let path = dump(&a, 5_000);
    let small = a.path("small");
    std::fs::create_dir(&small).unwrap();
    // A 1 MB tmpfs, mounted in a private namespace, holds the index: 5,000 tweets do not fit.
    let script = r#"mount -t tmpfs -o size=1m tmpfs "$1" || exit 97; shift; exec "$@""#;
    let out = Process::new("unshare")
        .args(["-m", "sh", "-c", script, "sh"])
        .arg(&small)
        .arg(assert_cmd::cargo::cargo_bin("chirpdex"))
        .arg("--index")
        .arg(small.join("index"))
        .args(["ingest", "--quiet"])
        .arg(&path)
        .env_remove("CHIRPDEX_INDEX")
        .output();
    let out = match out {
        Ok(out) if out.status.code() == Some(97) => {
            eprintln!(
                "skipped: cannot mount a tmpfs here: {}",
                String::from_utf8_lossy(&out.stderr)
            );
            return;
        }
        Ok(out) => out,
        Err(e) => return eprintln!("skipped: cannot run unshare: {e}"),
    };
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains(&format!(
            "the disk holding the index at {} is full",
            small.join("index").display()
        )),
        "{stderr}"
    );
}

#[test]
fn a_meta_json_whose_counts_disagree_with_the_files_is_an_error_not_a_panic() {
    let a = Archive::new();
    let path = dump(&a, 2_000);
    a.ingest(&[&path], 0);
    let meta_path = a.index().join("meta.json");
    let original = std::fs::read_to_string(&meta_path).unwrap();
    let dir = a.index().display().to_string();
    for factor in [1000.0, 0.99] {
        let mut meta: serde_json::Value = serde_json::from_str(&original).unwrap();
        let max_doc = &mut meta["segments"][0]["max_doc"];
        *max_doc = ((max_doc.as_u64().unwrap() as f64 * factor) as u64).into();
        std::fs::write(&meta_path, meta.to_string()).unwrap();
        for args in [
            &["search", "*", "--sort", "time"][..],
            &["stats"][..],
            &["info"][..],
            &["export"][..],
        ] {
            let out = a.cmd().args(args).output().unwrap();
            let stderr = String::from_utf8_lossy(&out.stderr);
            let context = format!("max_doc ×{factor}, {args:?}: {stderr}");
            assert_eq!(out.status.code(), Some(2), "{context}");
            assert!(stderr.contains(&dir), "{context}");
            assert!(stderr.contains("meta.json"), "{context}");
            assert!(!stderr.contains("panicked"), "{context}");
        }
    }
    std::fs::write(&meta_path, original).unwrap();
    assert_eq!(count(&a), 2_000);
}
