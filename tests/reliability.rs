//! An archive is trusted only if it survives being killed and being shared: SIGKILL at several
//! moments of an ingest leaves an index that opens and answers, and running the same ingest again
//! ends with exactly the right number of tweets; a second writer is turned away with a clear
//! message while searches go on.

mod common;

use std::path::Path;
use std::process::{Child, Command as Process, Stdio};
use std::time::Duration;

use common::Archive;

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
    a.ingest(&[&common::data("v1_day.jsonl")], 0);
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
        .arg(common::data("v1_day.jsonl"))
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
    a.ingest(&[&common::data("v1_day.jsonl")], 0);
    std::fs::write(a.index().join("meta.json"), "{\"segments\": [").unwrap();
    let before = files(&a.index());
    let data = common::data("v1_day.jsonl");
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
    Process::new(assert_cmd::cargo::cargo_bin("chirpdex"))
        .arg("--index")
        .arg(a.index())
        .args(["ingest", "--quiet", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap()
}

#[test]
fn a_writer_turned_away_changes_nothing() {
    let a = Archive::new();
    a.cmd()
        .args(["ingest", "--quiet", "--event"])
        .arg(common::data("recap/event.toml"))
        .arg(common::data("recap/tweets.jsonl"))
        .assert()
        .success();
    // A reader first, so that the paused writer finds every file verified and writes nothing.
    assert_eq!(count(&a), 17);
    let mut first = paused_ingest(&a);
    wait_for_writer(&a);
    let before = files(&a.index());
    // Another programme, and the same programme changed: neither may be stored.
    let other = a.dir.path().join("other.toml");
    let programme = std::fs::read_to_string(common::data("recap/event.toml")).unwrap();
    std::fs::write(&other, programme.replace("recap-test", "other-event")).unwrap();
    let changed = a.dir.path().join("changed.toml");
    std::fs::write(&changed, programme.replace("Recap test morning", "Changed")).unwrap();
    for programme in [&other, &changed] {
        for args in [vec!["ingest", "--quiet", "--event"], vec!["event", "apply"]] {
            let mut cmd = a.cmd();
            cmd.args(&args).arg(programme);
            if args[0] == "ingest" {
                cmd.arg(common::data("v1_day.jsonl"));
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
    let data = common::data("v1_day.jsonl");
    for round in 0..6 {
        let a = Archive::new();
        let spawn = || {
            Process::new(assert_cmd::cargo::cargo_bin("chirpdex"))
                .arg("--index")
                .arg(a.index())
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
    a.cmd()
        .args(["ingest", "--quiet", "--event"])
        .arg(common::data("recap/event.toml"))
        .arg(common::data("recap/tweets.jsonl"))
        .assert()
        .success();
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
    let small = a.dir.path().join("small");
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
