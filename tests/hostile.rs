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

// ---- Framing: a damaged line spoils only itself, large documents stream, bombs stay small ----

/// A generated v1.1 dump of `n` tweets, as its lines (without their newlines).
fn generated(a: &Archive, n: usize) -> Vec<Vec<u8>> {
    let path = a.dir.path().join("generated.jsonl");
    a.cmd()
        .args(["gen", "--tweets", &n.to_string(), "--out"])
        .arg(&path)
        .assert()
        .success();
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
        let path = b.dir.path().join(format!("{name}.jsonl"));
        write_lines(&path, &file);
        if at == last {
            // Cut as an interrupted write leaves it: no newline after the last line.
            let bytes = std::fs::read(&path).unwrap();
            std::fs::write(&path, &bytes[..bytes.len() - 1]).unwrap();
        }
        let (code, s, stderr) = ingest(&b, &path);
        assert_eq!(code, 0, "{name}: {stderr}");
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
    let dir = a.dir.path().join("pieces");
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
    let (code, _, stderr) = ingest(&b, &dir);
    assert_eq!(code, 0, "{stderr}");
    let c = Archive::new();
    for p in &pieces {
        let (code, _, stderr) = ingest(&c, p);
        assert_eq!(code, 0, "{stderr}");
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
    let out = a
        .cmd()
        .args(["export", &format!("id:\"{id}\""), "--format", "jsonl"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
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
            let small = c.dir.path().join(name);
            std::fs::write(&small, document(&elements[..alone])).unwrap();
            c.ingest(&[&small], 0);
            let whole: Vec<String> = whole_ids.iter().map(|i| exported(&c, i)).collect();
            assert!(whole.iter().all(|w| w.len() > 100), "{name}: {whole:?}");
            let doc = document(&elements);
            assert!(doc.len() > 17 << 20, "{name}: {} bytes", doc.len());
            let path = a.dir.path().join(name);
            std::fs::write(&path, &doc).unwrap();
            let mut cmd = b.std_cmd();
            cmd.args(["ingest", "--format", "json", "--memory", "16"])
                .arg(&path);
            let (code, out, stderr, peak) =
                common::run_measured(cmd, std::time::Duration::from_secs(300));
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
        let path = a.dir.path().join(name);
        std::fs::write(&path, bytes).unwrap();
        let mut cmd = b.std_cmd();
        cmd.args(["ingest", "--format", "json", "--memory", "16"])
            .arg(&path);
        let (code, out, stderr, peak) =
            common::run_measured(cmd, std::time::Duration::from_secs(120));
        eprintln!("{name}: peak {peak} MiB");
        assert_eq!(code, 0, "{name}: {stderr}");
        let s: Value = serde_json::from_slice(&out).unwrap();
        assert_eq!(s["indexed"], indexed, "{name}: {stderr}");
        assert_eq!(s["rejected"], rejected, "{name}: {stderr}");
        assert!(peak < 90, "{name}: peak {peak} MiB");
    }
}
