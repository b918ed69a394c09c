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
