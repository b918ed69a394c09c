//! Small things a new user hits: a mistyped path, an index with nothing in it, a spreadsheet
//! from another tool, two generated dumps in one index. (A recap on a terminal is in
//! `terminal`, which runs the binary under a pseudo-terminal.)

use crate::harness::{Archive, data};

/// A path that does not exist is an error (exit 2) that names it, and leaves no index behind.
#[test]
fn ingest_of_a_missing_path_creates_no_index() {
    let a = Archive::new();
    let missing = a.path("no-such-dump.jsonl");
    let out = a.cmd().arg("ingest").arg(&missing).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("no-such-dump.jsonl"), "{stderr}");
    assert!(stderr.contains("nothing to ingest"), "{stderr}");
    assert!(!a.index().exists(), "an index directory was created");

    // With one readable input beside it, that one goes in and the exit still says 2.
    let out = a
        .cmd()
        .arg("ingest")
        .arg(&missing)
        .arg(data("csv/tags.csv"))
        .args(["--format", "json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let summary: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(summary["indexed"].as_u64().unwrap() > 0, "{summary}");
}

/// Searching an index that holds nothing says so: a table is an error (exit 2), a count or JSON
/// the empty answer (exit 1). Nothing matching stays exit 1, silent, as grep.
#[test]
fn search_on_an_empty_index_says_it_is_empty() {
    let a = Archive::new();
    let empty = a.path("empty.jsonl");
    std::fs::write(&empty, "").unwrap();
    a.ingest(&[&empty], 0);
    assert!(a.index().join("meta.json").exists());
    // A table, for people: an error. For programs, the empty answer (exit 1), and the same
    // words on stderr.
    for (args, code, stdout) in [
        (&["search", "*"][..], 2, ""),
        (&["search", "--count", "x"], 1, "0\n"),
        (&["search", "--format", "json"], 1, "[]\n"),
        (&["search", "--format", "jsonl"], 1, ""),
    ] {
        let out = a.cmd().args(args).output().unwrap();
        assert_eq!(out.status.code(), Some(code), "{args:?}");
        assert_eq!(String::from_utf8_lossy(&out.stdout), stdout, "{args:?}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains("holds no tweets"), "{args:?}: {stderr}");
        assert!(stderr.contains("chirpdex ingest"), "{args:?}: {stderr}");
    }
    a.ingest(&[&data("csv/tags.csv")], 0);
    let out = a
        .cmd()
        .args(["search", "nessunaparolacosì"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty() && out.stderr.is_empty());
}

/// A `.csv` whose header is no tool's chirpdex knows is named as such, with the headers it
/// knows: passed over with a warning when its format is recognised (a folder of dumps may hold
/// a sheet of another tool), an error when `--from csv` insists. No row is taken for copied
/// text and rejected.
#[test]
fn a_csv_with_an_unknown_header_says_which_headers_chirpdex_knows() {
    let a = Archive::new();
    let sheet = a.path("contacts.csv");
    std::fs::write(
        &sheet,
        "name,email,notes\nAda,ada@example.org,\"speaker, day 1\"\n",
    )
    .unwrap();
    for (from, code, skipped, errors) in [(None, 0, 1, 0), (Some("csv"), 2, 0, 1)] {
        let mut cmd = a.cmd();
        cmd.args(["ingest", "--format", "json"]).arg(&sheet);
        if let Some(f) = from {
            cmd.args(["--from", f]);
        }
        let out = cmd.output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(code), "{from:?}: {stderr}");
        assert!(
            stderr.contains("contacts.csv")
                && stderr.contains("unrecognised CSV header (name, email, notes)"),
            "{from:?}: {stderr}"
        );
        for known in ["TAGS", "json2csv", "twarc-csv", "id_str, from_user"] {
            assert!(stderr.contains(known), "{known}: {stderr}");
        }
        assert!(!stderr.contains("attribution line"), "{stderr}");
        let summary: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(summary["rejected"], 0, "{summary}");
        assert_eq!(summary["skipped"], skipped, "{summary}");
        assert_eq!(summary["errors"], errors, "{summary}");
    }
}

/// Dumps generated with different seeds are different tweets: in one index, all of them.
#[test]
fn gen_with_other_seeds_gives_other_ids() {
    let a = Archive::new();
    let one = a.generate("one.jsonl", 200, Some(1));
    let two = a.generate("two.jsonl", 200, Some(2));
    let default = a.generate("default.jsonl", 200, None);
    let again = a.generate("again.jsonl", 200, Some(2));
    assert_eq!(std::fs::read(&two).unwrap(), std::fs::read(&again).unwrap());
    let (summary, _) = a.ingest(&[&one, &two, &default], 0);
    assert_eq!(summary["indexed"], 600, "{summary}");
    assert_eq!(summary["duplicates"], 0, "{summary}");
    let (summary, _) = a.ingest(&[&again], 0);
    assert_eq!(
        (summary["indexed"].as_u64(), summary["duplicates"].as_u64()),
        (Some(0), Some(200))
    );
}
