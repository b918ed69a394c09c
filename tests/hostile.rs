//! Hostile input: each case gets a clear message naming the file (and the line, where there is
//! one), never a panic, and everything good around it still goes in.

mod common;

use std::io::Write;
use std::path::{Path, PathBuf};

use common::{Archive, data};
use serde_json::Value;

/// The five good tweets of `v1_day.jsonl`, as lines.
fn good_lines() -> Vec<String> {
    std::fs::read_to_string(data("v1_day.jsonl"))
        .unwrap()
        .lines()
        .map(str::to_string)
        .collect()
}

/// A file of the good lines with `bad` put in as line 3.
fn with_bad_line(a: &Archive, name: &str, bad: &[u8]) -> PathBuf {
    let lines = good_lines();
    let mut bytes = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        if i == 2 {
            bytes.extend_from_slice(bad);
            bytes.push(b'\n');
        }
        bytes.extend_from_slice(line.as_bytes());
        bytes.push(b'\n');
    }
    let path = a.dir.path().join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

fn ingest(a: &Archive, path: &Path) -> (i32, Value, String) {
    let out = a
        .cmd()
        .args(["ingest", "--format", "json"])
        .arg(path)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr).to_string();
    assert!(!stderr.contains("panicked"), "{stderr}");
    let summary = serde_json::from_slice(&out.stdout).unwrap_or(Value::Null);
    (out.status.code().unwrap(), summary, stderr)
}

#[test]
fn bad_records_are_named_by_file_and_line_and_the_rest_goes_in() {
    let nested = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    let cases: &[(&str, Vec<u8>, &str)] = &[
        ("nul.jsonl", b"{\"id_str\":\"1\",\"text\":\"a\0b\"}".to_vec(), "control character"),
        ("utf8.jsonl", b"{\"id_str\":\"1\",\"text\":\"\xff\xfe\"}".to_vec(), "invalid"),
        ("nested.jsonl", nested.into_bytes(), "a list inside a list"),
        ("cut.jsonl", b"{\"id_str\":\"1\",\"text\":\"cut".to_vec(), "cut short"),
        ("not_a_tweet.jsonl", b"{\"hello\":\"world\"}".to_vec(), "not a tweet"),
        ("float_id.jsonl", b"{\"id\":6.66e17,\"text\":\"x\",\"user\":{}}".to_vec(), "floating-point"),
        (
            "far_date.jsonl",
            br#"{"id_str":"1","text":"x","user":{},"created_at":"Tue Nov 17 10:00:00 +0000 99999"}"#
                .to_vec(),
            "created_at",
        ),
    ];
    for (name, bad, says) in cases {
        let a = Archive::new();
        let path = with_bad_line(&a, name, bad);
        let (code, s, stderr) = ingest(&a, &path);
        assert_eq!(code, 0, "{name}: {stderr}");
        assert_eq!(
            (s["indexed"].as_u64(), s["rejected"].as_u64()),
            (Some(5), Some(1)),
            "{name}"
        );
        let at = format!("{}:3: ", path.display());
        let line = stderr
            .lines()
            .find(|l| l.starts_with(&at))
            .unwrap_or_else(|| panic!("{name}: {stderr}"));
        assert!(line.contains(says), "{name}: {line}");
        // The rejected bytes are kept exactly.
        let kept = std::fs::read_to_string(a.index().join("rejects.jsonl")).unwrap();
        assert_eq!(kept.lines().count(), 1, "{name}");
    }
}

#[test]
fn a_50_mb_line_is_refused_without_being_held_and_the_rest_goes_in() {
    let a = Archive::new();
    let huge = format!("{{\"text\":\"{}\"}}", "x".repeat(50 << 20));
    let path = with_bad_line(&a, "huge.jsonl", huge.as_bytes());
    let (code, s, stderr) = ingest(&a, &path);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(
        (s["indexed"].as_u64(), s["rejected"].as_u64()),
        (Some(5), Some(1))
    );
    assert!(
        stderr.contains(":3: line longer than 16 MiB, skipped"),
        "{stderr}"
    );
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    enc.write_all(bytes).unwrap();
    enc.finish().unwrap()
}

#[test]
fn corrupt_and_truncated_gzip_and_zip_are_errors_for_their_file_only() {
    let a = Archive::new();
    let day = std::fs::read(data("v1_day.jsonl")).unwrap();
    let gz = gzip(&day);
    let truncated = a.dir.path().join("truncated.jsonl.gz");
    std::fs::write(&truncated, &gz[..gz.len() / 2]).unwrap();
    let corrupt = a.dir.path().join("corrupt.jsonl.gz");
    let mut bad = gz.clone();
    for b in &mut bad[20..60] {
        *b ^= 0x5a;
    }
    std::fs::write(&corrupt, &bad).unwrap();
    let zip = a.dir.path().join("archive.zip");
    std::fs::write(&zip, b"PK\x03\x04 this is no zip at all").unwrap();
    let search = data("v1_search.json");
    let out = a
        .cmd()
        .args(["ingest", "--format", "json"])
        .args([&truncated, &corrupt, &zip, &search])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert_eq!(
        out.status.code(),
        Some(2),
        "inputs that cannot be read in full: {stderr}"
    );
    for f in [&truncated, &corrupt, &zip] {
        assert!(
            stderr.contains(&f.display().to_string()),
            "{} not named: {stderr}",
            f.display()
        );
    }
    let s: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(s["errors"], 3, "{stderr}");
    // The good file went in whole, whatever came of the others.
    assert_eq!(a.ids("\"Regione Abruzzo\"").len(), 1);
    assert_eq!(a.ids("id:666531045286338560").len(), 1);
}

#[cfg(unix)]
#[test]
fn a_symlink_loop_and_a_dangling_link_in_a_directory_are_reported_and_passed_over() {
    let a = Archive::new();
    let dir = a.dir.path().join("dumps");
    std::fs::create_dir_all(dir.join("inner")).unwrap();
    std::fs::copy(data("v1_day.jsonl"), dir.join("inner/day.jsonl")).unwrap();
    std::os::unix::fs::symlink(&dir, dir.join("inner/loop")).unwrap();
    std::os::unix::fs::symlink(dir.join("missing.jsonl"), dir.join("dangling.jsonl")).unwrap();
    let (code, s, stderr) = ingest(&a, &dir);
    assert_eq!(code, 2, "{stderr}");
    assert_eq!(s["indexed"], 5, "{stderr}");
    assert!(stderr.contains("loop"), "{stderr}");
    assert!(stderr.contains("dangling.jsonl"), "{stderr}");
}

#[test]
fn huge_limits_and_offsets_are_no_more_than_the_index() {
    let a = Archive::new();
    a.ingest(&[&data("v1_day.jsonl")], 0);
    let max = u64::MAX.to_string();
    for args in [["--limit", max.as_str()], ["--offset", max.as_str()]] {
        let out = a
            .cmd()
            .args(["search", "*", "--format", "jsonl"])
            .args(args)
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
        let lines = String::from_utf8(out.stdout).unwrap().lines().count();
        assert_eq!(lines, if args[0] == "--limit" { 5 } else { 0 }, "{args:?}");
    }
}

// Limits: names from data, counters, query depth, streamed results.

/// An index of `dump` attached to the `limits/event.toml` programme.
fn limits_archive(dump: &str) -> Archive {
    let a = Archive::new();
    let out = a
        .cmd()
        .args(["ingest", "--event"])
        .arg(data("limits/event.toml"))
        .arg(data(dump))
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    a
}

fn stdout_of(a: &Archive, args: &[&str]) -> String {
    let out = a.cmd().args(args).output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn a_programme_slug_that_is_a_path_is_refused_and_nothing_is_written_outside_the_index() {
    let a = Archive::new();
    a.ingest(&[&data("v1_day.jsonl")], 0);
    let root = a.dir.path();
    let absolute = root.join("elsewhere").join("abs");
    std::fs::create_dir_all(root.join("elsewhere")).unwrap();
    let programme = std::fs::read_to_string(data("limits/event.toml")).unwrap();
    for (name, slug) in [
        ("up.toml", "../../x".to_string()),
        ("abs.toml", absolute.display().to_string()),
    ] {
        let path = root.join(name);
        let text = programme.replace(
            "slug = \"limits-test\"",
            &format!("slug = {}", toml::Value::String(slug.clone())),
        );
        std::fs::write(&path, text).unwrap();
        for args in [
            vec![
                "ingest".into(),
                "--event".into(),
                path.clone(),
                data("v1_day.jsonl"),
            ],
            vec!["event".into(), "apply".into(), path.clone()],
        ] {
            let out = a.cmd().args(&args).output().unwrap();
            let stderr = String::from_utf8_lossy(&out.stderr);
            assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
            assert!(stderr.contains(&path.display().to_string()), "{stderr}");
            assert!(stderr.contains(&format!("{slug:?}")), "{stderr}");
        }
    }
    // `INDEX/events/../../x.toml` is ROOT/x.toml; the absolute slug is ROOT/elsewhere/abs.toml.
    assert!(!root.join("x.toml").exists());
    assert!(!root.join("elsewhere/abs.toml").exists());
    assert_eq!(
        std::fs::read_dir(root.join("elsewhere")).unwrap().count(),
        0
    );
    let events = a.index().join("events");
    let kept = std::fs::read_dir(&events).map_or(0, |d| d.count());
    assert_eq!(kept, 0, "a programme copied into {}", events.display());
}

#[test]
fn speaker_pages_never_take_the_overview_name_nor_each_others() {
    // Tweets with ordinary counts: the pages are what is tested here.
    let a = limits_archive("v1_day.jsonl");
    let out = a.dir.path().join("site");
    let outside = a.dir.path().join("ada-lovelace.html");
    stdout_of(
        &a,
        &[
            "recap",
            "--all",
            "--out",
            out.to_str().unwrap(),
            "--format",
            "json",
        ],
    );
    let mut files: Vec<String> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    files.sort();
    assert_eq!(
        files,
        [
            "ada-lovelace-2.html",
            "ada-lovelace-2.json",
            "ada-lovelace.html",
            "ada-lovelace.json",
            "index-2.html",
            "index-2.json",
            "index.html",
            "index.json",
        ]
    );
    assert!(!outside.exists());
    // index.html is still the overview, linking every speaker's own page.
    let overview = std::fs::read_to_string(out.join("index.html")).unwrap();
    assert!(overview.contains("<h1>Speakers</h1>"), "{overview}");
    for page in ["index-2.html", "ada-lovelace.html", "ada-lovelace-2.html"] {
        assert!(overview.contains(&format!("href=\"{page}\"")), "{page}");
    }
    let page = std::fs::read_to_string(out.join("index-2.html")).unwrap();
    assert!(page.contains("indexspeaker"), "{page}");
    let json: Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("index.json")).unwrap()).unwrap();
    let slugs: Vec<&str> = json["speakers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["slug"].as_str().unwrap())
        .collect();
    assert_eq!(slugs, ["index-2", "ada-lovelace", "ada-lovelace-2"]);
}

#[test]
fn counts_at_the_top_of_u64_saturate_instead_of_wrapping() {
    let a = limits_archive("limits/counts.jsonl");
    let ids: Vec<String> = stdout_of(
        &a,
        &["search", "*", "--sort", "engagement", "--format", "jsonl"],
    )
    .lines()
    .map(|l| {
        serde_json::from_str::<Value>(l).unwrap()["id"]
            .as_str()
            .unwrap()[17..]
            .to_string()
    })
    .collect();
    // 1: u64::MAX retweets and a like; 4: u64::MAX likes (a tie); 2: 8; 3: 5; 6: 1; 5: 0.
    let mut top = ids[..2].to_vec();
    top.sort();
    assert_eq!(top, ["01", "04"], "{ids:?}");
    assert_eq!(ids[2..], ["02", "03", "06", "05"], "{ids:?}");

    let rows: Value =
        serde_json::from_str(&stdout_of(&a, &["speakers", "--format", "json"])).unwrap();
    let row = |name: &str| {
        rows["speakers"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["speaker"] == name)
            .unwrap_or_else(|| panic!("no {name} in {rows}"))
            .clone()
    };
    // Ada: u64::MAX + 1 + 0 retweets, 1 + 7 + 0 likes; ../Ada: 0 retweets, u64::MAX + 1 likes.
    assert_eq!(
        row("Ada Lovelace")["retweet_count"].as_u64(),
        Some(u64::MAX)
    );
    assert_eq!(row("Ada Lovelace")["favorite_count"].as_u64(), Some(8));
    assert_eq!(
        row("../Ada Lovelace")["favorite_count"].as_u64(),
        Some(u64::MAX)
    );
    let recap: Value =
        serde_json::from_str(&stdout_of(&a, &["recap", "@ada", "--format", "json"])).unwrap();
    assert_eq!(recap["retweet_count"].as_u64(), Some(u64::MAX), "{recap}");
    let recap: Value =
        serde_json::from_str(&stdout_of(&a, &["recap", "@ada2", "--format", "json"])).unwrap();
    assert_eq!(recap["favorite_count"].as_u64(), Some(u64::MAX), "{recap}");
}

#[test]
fn queries_nested_thousands_deep_are_refused_not_a_stack_overflow() {
    let a = Archive::new();
    a.ingest(&[&data("v1_day.jsonl")], 0);
    let out = a.dir.path().join("export.jsonl");
    // 30,000 is about as deep as one argument can hold (Linux takes 128 KiB an argument); the
    // unit tests of `query::depth` go to 100,000.
    for n in [10_000, 30_000] {
        let queries = [
            format!("{}pasocial{}", "(".repeat(n), ")".repeat(n)),
            format!("{}pasocial", "NOT ".repeat(n)),
            format!("{}pasocial{}", "-(".repeat(n), ")".repeat(n)),
        ];
        for q in &queries {
            for command in [
                vec!["search", "--", q.as_str()],
                vec!["stats", "--", q.as_str()],
                vec!["export", "--out", out.to_str().unwrap(), "--", q.as_str()],
            ] {
                let run = a.cmd().args(&command).output().unwrap();
                let stderr = String::from_utf8_lossy(&run.stderr);
                assert_eq!(
                    run.status.code(),
                    Some(2),
                    "{} {n} deep: {stderr}",
                    command[0]
                );
                assert!(stderr.contains("at most 100"), "{stderr}");
                assert!(!out.exists(), "export wrote before refusing");
            }
        }
    }
    // The limit leaves room for anything a person writes: 100 levels still answer.
    let q = format!("{}pasocial{}", "(".repeat(100), ")".repeat(100));
    let run = a
        .cmd()
        .args(["search", &q, "--format", "jsonl"])
        .output()
        .unwrap();
    assert_eq!(
        run.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    // Each level a group, a negation and a group: 33 levels are 99 deep.
    let q = format!("{}x{}", "(pasocial OR -(".repeat(33), "))".repeat(33));
    let run = a.cmd().args(["search", "--", &q]).output().unwrap();
    assert_eq!(
        run.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
}

/// The peak resident memory of a running process, in KiB (Linux: `VmHWM`).
#[cfg(target_os = "linux")]
fn peak_kib(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// Runs chirpdex against the index, reading its stdout line by line while sampling its peak
/// memory (it waits on the pipe while a line is unread, so it is alive when sampled). Returns
/// the lines and the highest peak seen, in KiB.
#[cfg(target_os = "linux")]
fn lines_and_peak(a: &Archive, args: &[&str]) -> (Vec<String>, u64) {
    use std::io::BufRead;
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_chirpdex"))
        .env_remove("CHIRPDEX_INDEX")
        .arg("--index")
        .arg(a.index())
        .args(args)
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let pid = child.id();
    let (mut lines, mut peak) = (Vec::new(), 0);
    for line in std::io::BufReader::new(child.stdout.take().unwrap()).lines() {
        lines.push(line.unwrap());
        if lines.len() % 500 == 0 {
            peak = peak.max(peak_kib(pid).unwrap_or(0));
        }
    }
    assert!(child.wait().unwrap().success(), "{args:?}");
    eprintln!("{args:?}: {} lines, peak {} MiB", lines.len(), peak / 1024);
    assert!(peak > 0, "no sample of the running {args:?}");
    (lines, peak)
}

/// A page of 20,000 hits is printed as it is read, and so is an export of them: the process's
/// peak memory stays far below what holding the tweets takes.
#[cfg(target_os = "linux")]
#[test]
fn search_and_export_stream_20000_tweets_in_bounded_memory_in_the_same_order() {
    const TWEETS: usize = 20_000;
    let a = Archive::new();
    let dump = a.dir.path().join("gen.jsonl");
    a.cmd()
        .args(["gen", "--tweets", &TWEETS.to_string(), "--out"])
        .arg(&dump)
        .assert()
        .success();
    let id_of = |line: &str| -> String {
        let v: Value = serde_json::from_str(line).unwrap();
        v[if v["id_str"].is_string() {
            "id_str"
        } else {
            "id"
        }]
        .as_str()
        .unwrap()
        .to_string()
    };
    let mut source: Vec<String> = std::fs::read_to_string(&dump)
        .unwrap()
        .lines()
        .map(id_of)
        .collect();
    source.sort_unstable();
    a.ingest(&[&dump], 0);

    let limit = TWEETS.to_string();
    let args = [
        "search", "*", "--sort", "oldest", "--format", "jsonl", "--limit", &limit,
    ];
    let (lines, peak) = lines_and_peak(&a, &args);
    // Measured in a debug build: 53 MiB streamed (the index's pages and the store's block cache
    // included), 141 MiB when the hits were held until printed.
    assert!(peak < 90 * 1024, "search: peak {} MiB", peak / 1024);
    let hits: Vec<Value> = lines
        .iter()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    // Oldest first, and every tweet of the dump once: the page it was when printed whole.
    assert!(
        hits.windows(2)
            .all(|w| w[0]["created_at"].as_str() <= w[1]["created_at"].as_str()),
        "not oldest first"
    );
    let mut ids: Vec<String> = hits
        .iter()
        .map(|h| h["id"].as_str().unwrap().to_string())
        .collect();
    ids.sort_unstable();
    assert_eq!(ids, source);

    let (lines, peak) = lines_and_peak(&a, &["export", "--format", "jsonl"]);
    assert!(peak < 90 * 1024, "export: peak {} MiB", peak / 1024);
    let mut ids: Vec<String> = lines.iter().map(|l| id_of(l)).collect();
    ids.sort_unstable();
    assert_eq!(ids, source);
}
