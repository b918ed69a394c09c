//! Hostile input: each case gets a clear message naming the file (and the line, where there is
//! one), never a panic, and everything good around it still goes in.

use std::io::Write;
use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::harness::{Archive, data, run_measured};

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
    let path = a.path(name);
    std::fs::write(&path, bytes).unwrap();
    path
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
        let (s, stderr) = a.ingest(&[&path], 0);
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
    let (s, stderr) = a.ingest(&[&path], 0);
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
    let truncated = a.path("truncated.jsonl.gz");
    std::fs::write(&truncated, &gz[..gz.len() / 2]).unwrap();
    let corrupt = a.path("corrupt.jsonl.gz");
    let mut bad = gz.clone();
    for b in &mut bad[20..60] {
        *b ^= 0x5a;
    }
    std::fs::write(&corrupt, &bad).unwrap();
    let zip = a.path("archive.zip");
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
    let dir = a.path("dumps");
    std::fs::create_dir_all(dir.join("inner")).unwrap();
    std::fs::copy(data("v1_day.jsonl"), dir.join("inner/day.jsonl")).unwrap();
    std::os::unix::fs::symlink(&dir, dir.join("inner/loop")).unwrap();
    std::os::unix::fs::symlink(dir.join("missing.jsonl"), dir.join("dangling.jsonl")).unwrap();
    let (s, stderr) = a.ingest(&[&dir], 2);
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
    a.ingest_event(&data("limits/event.toml"), &[&data(dump)]);
    a
}

#[test]
fn a_programme_slug_that_is_a_path_is_refused_and_nothing_is_written_outside_the_index() {
    let a = Archive::new();
    a.ingest(&[&data("v1_day.jsonl")], 0);
    let root = a.root();
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
    let out = a.path("site");
    let outside = a.path("ada-lovelace.html");
    a.stdout(&[
        "recap",
        "--all",
        "--out",
        out.to_str().unwrap(),
        "--format",
        "json",
    ]);
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
    // index.html is still the event page, linking every speaker's own page.
    let overview = std::fs::read_to_string(out.join("index.html")).unwrap();
    assert!(overview.contains("<h2>Speakers</h2>"), "{overview}");
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
    let ids: Vec<String> = a
        .stdout(&["search", "*", "--sort", "engagement", "--format", "jsonl"])
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

    let rows: Value = serde_json::from_str(&a.stdout(&["speakers", "--format", "json"])).unwrap();
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
        serde_json::from_str(&a.stdout(&["recap", "@ada", "--format", "json"])).unwrap();
    assert_eq!(recap["retweet_count"].as_u64(), Some(u64::MAX), "{recap}");
    let recap: Value =
        serde_json::from_str(&a.stdout(&["recap", "@ada2", "--format", "json"])).unwrap();
    assert_eq!(recap["favorite_count"].as_u64(), Some(u64::MAX), "{recap}");
}

#[test]
fn queries_nested_thousands_deep_are_refused_not_a_stack_overflow() {
    let a = Archive::new();
    a.ingest(&[&data("v1_day.jsonl")], 0);
    let out = a.path("export.jsonl");
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

/// Runs chirpdex against the index, reading its stdout line by line while sampling its peak
/// memory (it waits on the pipe while a line is unread, so it is alive when sampled). Returns
/// the lines and the highest peak seen, in KiB.
#[cfg(target_os = "linux")]
fn lines_and_peak(a: &Archive, args: &[&str]) -> (Vec<String>, u64) {
    use std::io::BufRead;
    let mut child = a
        .std_cmd()
        .args(args)
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let pid = child.id();
    let (mut lines, mut peak) = (Vec::new(), 0);
    for line in std::io::BufReader::new(child.stdout.take().unwrap()).lines() {
        lines.push(line.unwrap());
        if lines.len() % 500 == 0 {
            peak = peak.max(crate::harness::peak_kib(pid).unwrap_or(0));
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
    let dump = a.generate("gen.jsonl", TWEETS, None);
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

// ---- Framing: a damaged line spoils only itself, large documents stream, bombs stay small ----

/// A generated v1.1 dump of `n` tweets, as its lines (without their newlines).
fn generated(a: &Archive, n: usize) -> Vec<Vec<u8>> {
    let path = a.generate("generated.jsonl", n, None);
    let bytes = std::fs::read(&path).unwrap();
    std::fs::remove_file(&path).unwrap();
    bytes
        .split(|&b| b == b'\n')
        .filter(|l| !l.is_empty())
        .map(<[u8]>::to_vec)
        .collect()
}

fn id_of(line: &[u8]) -> String {
    let v: Value = serde_json::from_slice(line).unwrap();
    v["id_str"].as_str().unwrap().to_string()
}

/// Writes lines, each followed by a newline.
fn write_lines(path: &Path, lines: &[Vec<u8>]) {
    let mut bytes = Vec::new();
    for l in lines {
        bytes.extend_from_slice(l);
        bytes.push(b'\n');
    }
    std::fs::write(path, bytes).unwrap();
}

fn sorted(ids: impl IntoIterator<Item = String>) -> Vec<String> {
    let mut ids: Vec<String> = ids.into_iter().collect();
    ids.sort();
    ids
}

#[test]
fn a_damaged_line_spoils_only_itself_first_middle_or_last() {
    let a = Archive::new();
    let lines = generated(&a, 2000);
    let last = lines.len() - 1;
    // (name, the line damaged (0-based), its damaged bytes)
    let cases: Vec<(&str, usize, Vec<u8>)> = vec![
        // A dump whose head was lost (`tail -c +50`).
        ("head_lost", 0, lines[0][49..].to_vec()),
        // A first line cut short: the value never closes.
        ("first_cut", 0, lines[0][..lines[0].len() / 2].to_vec()),
        (
            "middle_cut",
            1000,
            lines[1000][..lines[1000].len() / 3].to_vec(),
        ),
        (
            "last_cut",
            last,
            lines[last][..lines[last].len() - 7].to_vec(),
        ),
    ];
    for (name, at, damaged) in cases {
        let b = Archive::new();
        let mut file = lines.clone();
        file[at] = damaged;
        let path = b.path(&format!("{name}.jsonl"));
        write_lines(&path, &file);
        if at == last {
            // Cut as an interrupted write leaves it: no newline after the last line.
            let bytes = std::fs::read(&path).unwrap();
            std::fs::write(&path, &bytes[..bytes.len() - 1]).unwrap();
        }
        let (s, stderr) = b.ingest(&[&path], 0);
        let want = sorted(
            lines
                .iter()
                .enumerate()
                .filter(|(i, _)| *i != at)
                .map(|(_, l)| id_of(l)),
        );
        assert_eq!(b.ids("*"), want, "{name}: every whole line is indexed");
        assert_eq!(s["rejected"], 1, "{name}: {stderr}");
        assert_eq!(
            b.rejects(),
            [(path.display().to_string(), at as u64 + 1)],
            "{name}: the damaged line is kept, with its number"
        );
    }
}

#[test]
fn every_piece_of_a_dump_split_anywhere_is_read() {
    let a = Archive::new();
    let lines = generated(&a, 3000);
    let mut whole = Vec::new();
    for l in &lines {
        whole.extend_from_slice(l);
        whole.push(b'\n');
    }
    // `split -b`: pieces of a fixed size, cut wherever that falls.
    let piece = 1 << 20;
    assert!(whole.len() > 2 * piece, "at least three pieces");
    let dir = a.path("pieces");
    std::fs::create_dir(&dir).unwrap();
    let mut pieces = Vec::new();
    for (k, bytes) in whole.chunks(piece).enumerate() {
        let path = dir.join(format!("dump-{k:02}.jsonl"));
        std::fs::write(&path, bytes).unwrap();
        pieces.push(path);
    }
    // What each piece must give: the lines whole in it indexed, the two ends of a line cut
    // by a boundary rejected, each at its line in its piece.
    let mut want_ids = Vec::new();
    let mut want_rejects = Vec::new();
    let mut start = 0;
    for l in &lines {
        let end = start + l.len();
        let (k, in_piece) = (start / piece, start % piece);
        let line_in = |k: usize, at: usize| {
            1 + whole[k * piece..at].iter().filter(|&&b| b == b'\n').count() as u64
        };
        if (end - 1) / piece == k {
            want_ids.push(id_of(l));
        } else {
            let name = |k: usize| pieces[k].display().to_string();
            want_rejects.push((name(k), line_in(k, k * piece + in_piece)));
            want_rejects.push((name(k + 1), 1));
        }
        start = end + 1;
    }
    assert!(!want_rejects.is_empty());
    want_rejects.sort();

    // The directory at once, and the pieces one by one.
    let b = Archive::new();
    b.ingest(&[&dir], 0);
    let c = Archive::new();
    for p in &pieces {
        c.ingest(&[p], 0);
    }
    for x in [&b, &c] {
        assert_eq!(x.ids("*"), sorted(want_ids.clone()));
        let mut rejects = x.rejects();
        rejects.sort();
        assert_eq!(rejects, want_rejects);
    }
}

/// `n` copies of a fixture's element, each with its id (`id`, wherever it appears) made unique
/// and a member of padding, so that a document passes 16 MiB with few posts. The first copy is
/// the element as it is. Returns the elements and their ids.
fn copies(element: &Value, id: &str, n: usize, pad: usize) -> (Vec<String>, Vec<String>) {
    let text = element.to_string();
    let mut elements = vec![text.clone()];
    let mut ids = vec![id.to_string()];
    for i in 1..n {
        let new = format!("{}{i:06}", &id[..id.len() - 6]);
        let mut copy = text.replace(id, &new);
        copy.insert_str(1, &format!("\"padding\":\"{}\",", "p".repeat(pad)));
        elements.push(copy);
        ids.push(new);
    }
    (elements, ids)
}

fn fixture_json(name: &str) -> Value {
    let text = std::fs::read_to_string(data(name)).unwrap();
    serde_json::from_str(
        text.lines()
            .next()
            .filter(|l| l.ends_with('}'))
            .unwrap_or(&text),
    )
    .unwrap()
}

/// The original `export` gives back for one tweet.
fn exported(a: &Archive, id: &str) -> String {
    a.stdout(&["export", &format!("id:\"{id}\""), "--format", "jsonl"])
}

#[test]
fn documents_over_16_mib_are_read_post_by_post_in_bounded_memory() {
    let a = Archive::new();
    let page = fixture_json("v2/pages.jsonl");
    let outbox = fixture_json("mastodon/outbox.json");
    let records = fixture_json("bluesky/list_records.json");
    let statuses = fixture_json("v1_search.json");
    let pad = 24 << 10;
    // (name, the document's members before and after its posts, the posts' key, their
    // template, its id)
    let v2 = &page["data"][0];
    let v1 = &statuses["statuses"][0];
    let note = &outbox["orderedItems"][0];
    let post = &records["records"][0];
    let cases = [
        (
            "v2_page.json",
            String::new(),
            // twarc2 writes `includes` after `data`.
            format!(
                ",\"includes\":{},\"meta\":{},\"__twarc\":{}",
                page["includes"], page["meta"], page["__twarc"]
            ),
            "data",
            v2,
            v2["id"].as_str().unwrap().to_string(),
        ),
        (
            "v1_search.json",
            String::new(),
            ",\"search_metadata\":{}".to_string(),
            "statuses",
            v1,
            v1["id_str"].as_str().unwrap().to_string(),
        ),
        (
            "outbox.json",
            "\"@context\":\"https://www.w3.org/ns/activitystreams\",\"type\":\"OrderedCollection\",".into(),
            String::new(),
            "orderedItems",
            note,
            note["object"]["id"].as_str().unwrap().to_string(),
        ),
        (
            "list_records.json",
            String::new(),
            ",\"cursor\":\"c\"".into(),
            "records",
            post,
            post["uri"].as_str().unwrap().to_string(),
        ),
    ];
    for (name, before, after, key, template, id) in cases {
        let (mut elements, mut ids) = copies(template, &id, 800, pad);
        // A v2 page's other tweets as they are: a retweet, a reply and a quote, joined with
        // includes that come after them.
        let mut whole_ids = vec![id.clone()];
        if key == "data" {
            for t in page["data"].as_array().unwrap()[1..].iter().rev() {
                elements.insert(1, t.to_string());
                whole_ids.push(t["id"].as_str().unwrap().to_string());
            }
            ids.extend(whole_ids[1..].iter().cloned());
        }
        let alone = whole_ids.len();
        // One element that is no post, last: rejected alone, named by its line and index.
        elements.push("17".into());
        let mut want = ids.clone();
        want.sort();
        // Over several lines too (the outbox), which frames otherwise.
        for pretty in [false, key == "orderedItems"]
            .into_iter()
            .collect::<std::collections::BTreeSet<_>>()
        {
            let b = Archive::new();
            let document = |elements: &[String]| {
                if pretty {
                    format!(
                        "{{\n  {before}\"{key}\": [\n    {}\n  ]{after}\n}}\n",
                        elements.join(",\n    ")
                    )
                } else {
                    format!("{{{before}\"{key}\":[{}]{after}}}\n", elements.join(","))
                }
            };
            // The same document with its first posts alone, read whole.
            let c = Archive::new();
            let small = c.path(name);
            std::fs::write(&small, document(&elements[..alone])).unwrap();
            c.ingest(&[&small], 0);
            let whole: Vec<String> = whole_ids.iter().map(|i| exported(&c, i)).collect();
            assert!(whole.iter().all(|w| w.len() > 100), "{name}: {whole:?}");
            let doc = document(&elements);
            assert!(doc.len() > 17 << 20, "{name}: {} bytes", doc.len());
            let path = a.path(name);
            std::fs::write(&path, &doc).unwrap();
            let mut cmd = b.std_cmd();
            cmd.args(["ingest", "--format", "json", "--memory", "16"])
                .arg(&path);
            let (code, out, stderr, peak) = run_measured(cmd, std::time::Duration::from_secs(300));
            eprintln!(
                "{name} pretty={pretty}: {} MiB, peak {peak} MiB",
                doc.len() >> 20
            );
            assert_eq!(code, 0, "{name}: {stderr}");
            let s: Value = serde_json::from_slice(&out).unwrap();
            assert_eq!(s["rejected"], 1, "{name}: {stderr}");
            let last = elements.len() - 1;
            let at = format!("{}:{}: ", path.display(), if pretty { 3 + last } else { 1 });
            let index = if key == "statuses" {
                String::new()
            } else {
                format!("[{last}]: ")
            };
            assert!(
                stderr
                    .lines()
                    .any(|l| l.starts_with(&at) && l.contains(&index)),
                "{name}: {at}{key}{index} in {stderr}"
            );
            // The copies' ids, exactly (a post's references are not counted).
            let mut got: Vec<String> = b
                .ids("*")
                .into_iter()
                .filter(|i| want.binary_search(i).is_ok())
                .collect();
            got.sort();
            assert_eq!(got, want, "{name} pretty={pretty}");
            // The untouched posts' originals are what reading them whole gives.
            for (i, w) in whole_ids.iter().zip(&whole) {
                assert_eq!(&exported(&b, i), w, "{name}");
            }
            assert!(
                peak < 100,
                "{name}: peak {peak} MiB for a {} MiB document",
                doc.len() >> 20
            );
        }
    }
}

/// A gzip stream of `parts`, where `Err(n, b)` stands for `n` MiB of the byte `b`.
fn gzip_parts(parts: &[Result<&[u8], (usize, u8)>]) -> Vec<u8> {
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    for part in parts {
        match part {
            Ok(bytes) => enc.write_all(bytes).unwrap(),
            Err((mib, b)) => {
                let chunk = vec![*b; 1 << 20];
                for _ in 0..*mib {
                    enc.write_all(&chunk).unwrap();
                }
            }
        }
    }
    enc.finish().unwrap()
}

#[test]
fn bombs_of_blank_space_and_deep_markup_stay_in_bounded_memory() {
    let a = Archive::new();
    let bomb = 96;
    let js = std::fs::read(data("archive/tweets.js")).unwrap();
    let open = js.iter().position(|&b| b == b'[').unwrap() + 1;
    // Blank space inside the array before its tweets, and after it.
    let tweets_js = gzip_parts(&[
        Ok(&js[..open]),
        Err((bomb, b' ')),
        Ok(&js[open..]),
        Ok(b";"),
        Err((bomb, b'\n')),
    ]);
    let mut zipped = std::io::Cursor::new(Vec::new());
    {
        let mut zip = zip::ZipWriter::new(&mut zipped);
        let deflate = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        zip.start_file("data/tweets.js", deflate).unwrap();
        zip.write_all(&js[..open]).unwrap();
        let blank = vec![b'\n'; 1 << 20];
        for _ in 0..bomb {
            zip.write_all(&blank).unwrap();
        }
        zip.write_all(&js[open..]).unwrap();
        zip.finish().unwrap();
    }
    let day = std::fs::read(data("v1_day.jsonl")).unwrap();
    let (first, rest) = day.split_at(day.iter().position(|&b| b == b'\n').unwrap() + 1);
    // Blank lines, then a line of blank space inside a value.
    let jsonl = gzip_parts(&[
        Ok(first),
        Err((bomb, b'\n')),
        Ok(b"{\"a\":"),
        Err((bomb, b' ')),
        Ok(b"}\n"),
        Ok(rest),
    ]);
    let embed = std::fs::read(data("html/page.html")).unwrap();
    let deep = gzip_parts(&[Ok(&b"<div>".repeat(1 << 20)), Ok(&embed)]);
    let wide = gzip_parts(&[Ok(&b"<i></i>".repeat(1 << 20)), Ok(&embed)]);
    let whole = {
        let c = Archive::new();
        c.ingest(&[&data("html/page.html")], 0).0["indexed"].clone()
    };
    // (file, bytes, tweets indexed, records rejected); a page of a million nested or empty
    // elements took minutes, or 20 times its size in memory, to build whole.
    let cases = [
        ("tweets.js.gz", tweets_js, Value::from(4), 0),
        ("archive.zip", zipped.into_inner(), Value::from(4), 0),
        ("day.jsonl.gz", jsonl, Value::from(5), 1),
        ("deep.html.gz", deep, whole.clone(), 0),
        ("wide.html.gz", wide, whole, 0),
    ];
    for (name, bytes, indexed, rejected) in cases {
        assert!(bytes.len() < 1 << 20, "{name}: {} bytes", bytes.len());
        let b = Archive::new();
        let path = a.path(name);
        std::fs::write(&path, bytes).unwrap();
        let mut cmd = b.std_cmd();
        cmd.args(["ingest", "--format", "json", "--memory", "16"])
            .arg(&path);
        let (code, out, stderr, peak) = run_measured(cmd, std::time::Duration::from_secs(120));
        eprintln!("{name}: peak {peak} MiB");
        assert_eq!(code, 0, "{name}: {stderr}");
        let s: Value = serde_json::from_slice(&out).unwrap();
        assert_eq!(s["indexed"], indexed, "{name}: {stderr}");
        assert_eq!(s["rejected"], rejected, "{name}: {stderr}");
        assert!(peak < 90, "{name}: peak {peak} MiB");
    }
}
