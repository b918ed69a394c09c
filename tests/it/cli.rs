//! End-to-end tests: the built `chirpdex` binary on the small files in `tests/data/`.

use std::io::Write;
use std::path::Path;

use assert_cmd::Command;
use serde_json::Value;

use crate::harness::{Archive, corpus, data, real_dump};

const T1: &str = "666531045286338560"; // Sara, #pasocial #italiasicura @fdicos10
const T2: &str = "666547012345675776"; // UniTS, #PASocial @AleMiglioz, "Perché?"
const T3: &str = "666547999999999999"; // Stella's retweet of T2
const T4: &str = "666549000000000000"; // Sara's reply to T2
const T5: &str = "666560000000000000"; // Antonello's quote of T1, in English

#[test]
fn ingest_then_search_finds_the_right_tweet() {
    let a = Archive::new();
    let (s, _) = a.ingest(&[&data("v1_day.jsonl")], 0);
    assert_eq!(
        (s["read"].as_u64(), s["indexed"].as_u64()),
        (Some(5), Some(5))
    );
    assert_eq!(a.ids("innovazione linguaggi"), [T1]);
    // All words must match unless OR is written.
    assert!(a.ids("innovazione streaming").is_empty());
    assert_eq!(a.ids("innovazione OR streaming"), [T1, T5]);
    assert_eq!(a.ids("\"press release\""), [T5]);
}

#[test]
fn words_match_without_case_or_accents_and_tags_and_mentions_have_their_fields() {
    let a = Archive::new();
    a.ingest(&[&data("v1_day.jsonl")], 0);
    assert_eq!(a.ids("perche"), [T2, T3]);
    assert_eq!(a.ids("PERCHÉ"), [T2, T3]);
    // #PASocial and #pasocial are one hashtag, whatever the query's case.
    assert_eq!(a.ids("#pasocial"), [T1, T2, T3, T5]);
    assert_eq!(a.ids("#PaSocial"), [T1, T2, T3, T5]);
    assert_eq!(a.ids("@alemiglioz"), [T2, T3]);
    assert_eq!(a.ids("author:saradurantini"), [T1, T4]);
    assert_eq!(a.ids("*").len(), 5);
    // Shown as written.
    let t2 = &a.search(&format!("id:{T2}"))[0];
    assert_eq!(t2["hashtags"], serde_json::json!(["PASocial"]));
    assert_eq!(t2["mentions"], serde_json::json!(["AleMiglioz"]));
}

#[test]
fn a_retweet_shows_the_originals_full_text() {
    let a = Archive::new();
    a.ingest(&[&data("v1_day.jsonl")], 0);
    let hits = a.search(&format!("id:{T3}"));
    let rt = &hits[0];
    assert_eq!(rt["type"], "retweet");
    assert_eq!(rt["retweet_of"], T2);
    assert_eq!(rt["author"], "StellaTeodonio");
    let text = rt["text"].as_str().unwrap();
    assert!(
        text.ends_with("Contenuti multimediali & dati https://t.co/AbCdEf1234"),
        "{text}"
    );
    assert!(!text.starts_with("RT @"));
    assert_eq!(
        rt["urls"],
        serde_json::json!(["http://www.istruzione.it/social"])
    );
    let types: Vec<_> = [T1, T4, T5]
        .iter()
        .map(|id| a.search(&format!("id:{id}"))[0]["type"].clone())
        .collect();
    assert_eq!(types, ["original", "reply", "quote"]);
}

#[test]
fn reingesting_adds_nothing_and_keeps_the_count() {
    let a = Archive::new();
    let (first, _) = a.ingest(&[&data("v1_day.jsonl")], 0);
    assert_eq!(first["indexed"], 5);
    let (again, _) = a.ingest(&[&data("v1_day.jsonl")], 0);
    assert_eq!(
        (again["indexed"].as_u64(), again["duplicates"].as_u64()),
        (Some(0), Some(5))
    );
    // Within one run too: the search response repeats T1.
    let (mixed, _) = a.ingest(&[&data("v1_search.json"), &data("v1_search.json")], 0);
    assert_eq!(
        (mixed["indexed"].as_u64(), mixed["duplicates"].as_u64()),
        (Some(1), Some(3))
    );
    assert_eq!(a.ids("*").len(), 6);
}

#[test]
fn a_broken_line_is_reported_with_its_line_and_the_rest_goes_in() {
    let a = Archive::new();
    let (s, stderr) = a.ingest(&[&data("v1_broken.jsonl")], 0);
    assert_eq!(s["read"], 5);
    assert_eq!(s["indexed"], 2);
    assert_eq!(s["rejected"], 3);
    let name = data("v1_broken.jsonl").display().to_string();
    for line in [2, 4, 5] {
        assert!(
            stderr.contains(&format!("{name}:{line}: ")),
            "no report for line {line} in:\n{stderr}"
        );
    }
    assert!(stderr.contains("cut short"), "{stderr}");
    assert!(stderr.contains("17/11/2015 16:00"), "{stderr}");
    assert_eq!(a.ids("#pasocial").len(), 2);

    // The rejected bytes are kept exactly, with where they came from.
    let original = std::fs::read_to_string(data("v1_broken.jsonl")).unwrap();
    let kept = std::fs::read_to_string(a.index().join("rejects.jsonl")).unwrap();
    let kept: Vec<Value> = kept
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(kept.len(), 3);
    let lines: Vec<&str> = original.lines().collect();
    for entry in &kept {
        let line = entry["line"].as_u64().unwrap() as usize;
        assert_eq!(entry["record"].as_str().unwrap(), lines[line - 1]);
        assert_eq!(entry["source"].as_str().unwrap(), name);
    }
}

#[test]
fn invalid_utf8_is_rejected_and_kept_byte_for_byte() {
    let a = Archive::new();
    let path = a.path("bad.jsonl");
    let good = std::fs::read_to_string(data("v1_day.jsonl")).unwrap();
    let mut bytes = good.lines().next().unwrap().as_bytes().to_vec();
    bytes.push(b'\n');
    let bad = b"{\"id_str\":\"1\",\"text\":\"caf\xe9\"}\n";
    bytes.extend_from_slice(bad);
    std::fs::write(&path, &bytes).unwrap();
    let (s, _) = a.ingest(&[&path], 0);
    assert_eq!(
        (s["indexed"].as_u64(), s["rejected"].as_u64()),
        (Some(1), Some(1))
    );
    let kept: Value = serde_json::from_str(
        std::fs::read_to_string(a.index().join("rejects.jsonl"))
            .unwrap()
            .trim(),
    )
    .unwrap();
    use base64::Engine;
    let decoded = base64::engine::general_purpose::STANDARD
        .decode(kept["record_base64"].as_str().unwrap())
        .unwrap();
    assert_eq!(decoded, &bad[..bad.len() - 1]);
}

#[test]
fn gzip_stdin_arrays_and_search_responses_are_read() {
    let a = Archive::new();
    let gz = a.path("day.jsonl.gz");
    let mut enc = flate2::write::GzEncoder::new(
        std::fs::File::create(&gz).unwrap(),
        flate2::Compression::default(),
    );
    enc.write_all(&std::fs::read(data("v1_day.jsonl")).unwrap())
        .unwrap();
    enc.finish().unwrap();
    let (s, _) = a.ingest(&[&gz], 0);
    assert_eq!(s["indexed"], 5);

    let out = a
        .cmd()
        .args(["ingest", "-", "--format", "json"])
        .pipe_stdin(data("v1_array.json"))
        .unwrap()
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let s: Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(
        s["indexed"], 2,
        "a pretty-printed array with a BOM and CRLF"
    );

    let (s, _) = a.ingest(&[&data("v1_search.json")], 0);
    assert_eq!(
        (s["indexed"].as_u64(), s["duplicates"].as_u64()),
        (Some(1), Some(1))
    );
    assert_eq!(a.ids("*").len(), 8);
    assert_eq!(a.ids("musei"), ["666610000000000000"]);
}

#[test]
fn directories_are_walked_and_an_unreadable_path_exits_2_after_the_rest() {
    let a = Archive::new();
    let dir = a.path("dumps/nested");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::copy(data("v1_day.jsonl"), dir.join("day.jsonl")).unwrap();
    std::fs::write(dir.join("notes.md"), "not a dump").unwrap();
    let missing = a.path("missing.jsonl");
    let (s, stderr) = a.ingest(&[&a.path("dumps"), &missing], 2);
    assert_eq!(s["indexed"], 5, "notes.md is not read");
    assert!(stderr.contains("missing.jsonl"), "{stderr}");
}

#[test]
fn search_json_lines_carry_the_documented_keys() {
    let a = Archive::new();
    a.ingest(&[&data("v1_day.jsonl")], 0);
    let hits = a.search("#pasocial");
    assert!(!hits.is_empty());
    for hit in &hits {
        for key in [
            "id",
            "created_at",
            "author",
            "author_name",
            "text",
            "hashtags",
            "mentions",
            "urls",
            "score",
            "url",
        ] {
            assert!(hit.get(key).is_some(), "no {key} in {hit}");
        }
        let id = hit["id"].as_str().expect("id is a string");
        let created = hit["created_at"].as_str().unwrap();
        assert!(created.ends_with('Z') && chrono::DateTime::parse_from_rfc3339(created).is_ok());
        assert!(hit["score"].as_f64().unwrap() > 0.0);
        assert_eq!(
            hit["url"].as_str().expect("a Twitter id has a link"),
            format!(
                "https://twitter.com/{}/status/{id}",
                hit["author"].as_str().unwrap()
            )
        );
    }
    let t1 = &a.search(&format!("id:{T1}"))[0];
    assert_eq!(t1["created_at"], "2015-11-17T09:30:00Z");
    assert_eq!(t1["author_name"], "Sara Durantini");

    // --format json is one array of the same objects.
    let out = a
        .cmd()
        .args(["search", "#pasocial", "--format", "json"])
        .output()
        .unwrap();
    let all: Vec<Value> = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(all, hits);
}

#[test]
fn originals_are_given_back_byte_for_byte() {
    let a = Archive::new();
    a.ingest(&[&data("v1_day.jsonl")], 0);
    let out = a
        .cmd()
        .args(["search", "*", "--format", "original", "--limit", "100"])
        .output()
        .unwrap();
    let mut given: Vec<&str> = std::str::from_utf8(&out.stdout).unwrap().lines().collect();
    let original = std::fs::read_to_string(data("v1_day.jsonl")).unwrap();
    let mut expected: Vec<&str> = original.lines().collect();
    given.sort();
    expected.sort();
    assert_eq!(given, expected);
}

#[test]
fn exit_codes_say_whether_anything_matched() {
    let a = Archive::new();
    a.ingest(&[&data("v1_day.jsonl")], 0);
    a.cmd().args(["search", "#pasocial"]).assert().code(0);
    a.cmd()
        .args(["search", "nessuncorrispondenza"])
        .assert()
        .code(1);
    let bad = a.cmd().args(["search", "(unclosed"]).assert().code(2);
    let stderr = String::from_utf8_lossy(&bad.get_output().stderr).to_string();
    assert!(stderr.contains("(unclosed"), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    let other = Archive::new();
    other.cmd().args(["search", "x"]).assert().code(2);
}

#[test]
fn the_index_comes_from_the_environment_when_not_given() {
    let a = Archive::new();
    let mut cmd = Command::cargo_bin("chirpdex").unwrap();
    cmd.env("CHIRPDEX_INDEX", a.index())
        .args(["ingest", "--quiet"])
        .arg(data("v1_day.jsonl"))
        .assert()
        .success();
    assert_eq!(a.ids("*").len(), 5);
}

#[test]
fn the_table_is_one_line_per_tweet_with_time_and_author() {
    let a = Archive::new();
    a.ingest(&[&data("v1_day.jsonl")], 0);
    let out = a.cmd().args(["search", "streaming"]).output().unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert_eq!(
        text,
        "2015-11-17 11:25 +00:00  @Antonello2011  quoting @SaraDurantini: Live streaming is the new press release: great point at #pasocial https://t.co/QqQqQqQqQq\n"
    );
}

#[test]
fn real_v1_dumps_are_read_whole() {
    let a = Archive::new();
    let Some(lines) = real_dump("tweet_parser/original_format_examples.json") else {
        return;
    };
    let Some(array) = real_dump("twitter-to-sqlite/tweets.json") else {
        return;
    };
    let (s, stderr) = a.ingest(&[&lines, &array], 0);
    assert_eq!(s["rejected"], 0, "{stderr}");
    assert_eq!(s["read"], 28);
    assert_eq!(s["indexed"], 28);
    // twitter-to-sqlite: a retweet (whole text from retweeted_status), a reply, a quote.
    let rt = &a.search("id:1169246717864136705")[0];
    assert_eq!(rt["type"], "retweet");
    assert!(
        rt["text"]
            .as_str()
            .unwrap()
            .starts_with("My new post: an explainer on “carbon capture & utilization”")
    );
    assert!(!rt["text"].as_str().unwrap().ends_with('…'));
    let kinds: Vec<String> = a
        .search("author:simonw")
        .iter()
        .map(|h| h["type"].as_str().unwrap().to_string())
        .collect();
    let mut kinds = kinds;
    kinds.sort();
    assert_eq!(kinds, ["quote", "reply", "retweet"]);
    // tweet_parser: extended_tweet's full text and entities are used.
    let long = a.search("\"lazily Tweeting dog\"");
    assert!(!long.is_empty());
    assert!(a.ids("#hashtags").len() == 1);
}

#[test]
fn ingest_export_ingest_is_a_fixed_point() {
    let a = Archive::new();
    let (first, _) = a.ingest(&[&data("")], 0);
    let export = |archive: &Archive, out: &Path| {
        archive
            .cmd()
            .args(["export", "--format", "jsonl", "--out"])
            .arg(out)
            .assert()
            .success();
        std::fs::read(out).unwrap()
    };
    let e1 = export(&a, &a.path("e1.jsonl"));
    let lines = e1.split(|&b| b == b'\n').filter(|l| !l.is_empty()).count() as u64;
    assert_eq!(
        lines,
        first["indexed"].as_u64().unwrap(),
        "one line per stored tweet"
    );

    let b = Archive::new();
    let (second, stderr) = b.ingest(&[&a.path("e1.jsonl")], 0);
    assert_eq!(second["rejected"], 0, "{stderr}");
    assert_eq!(second["indexed"], first["indexed"]);
    let e2 = export(&b, &b.path("e2.jsonl"));
    assert!(e1 == e2, "exporting the re-ingested export changes it");

    // v1.1 originals come back byte for byte.
    let day = std::fs::read_to_string(data("v1_day.jsonl")).unwrap();
    let exported = String::from_utf8(e1).unwrap();
    for line in day.lines() {
        assert!(exported.lines().any(|l| l == line), "lost: {line}");
    }
}

#[test]
fn strict_exits_1_on_rejects_and_empty_files_only_warn() {
    let a = Archive::new();
    let empty = a.path("empty.jsonl");
    std::fs::write(&empty, "").unwrap();
    let (s, stderr) = a.ingest(&[&empty], 0);
    assert_eq!(
        (
            s["read"].as_u64(),
            s["rejected"].as_u64(),
            s["skipped"].as_u64()
        ),
        (Some(0), Some(0), Some(1))
    );
    assert!(stderr.contains("empty.jsonl: warning: empty"), "{stderr}");

    a.cmd()
        .args(["ingest", "--strict", "--quiet"])
        .arg(data("v1_broken.jsonl"))
        .assert()
        .code(1);
    assert_eq!(a.ids("*").len(), 2, "the good records still go in");
    a.cmd()
        .args(["ingest", "--strict", "--quiet"])
        .arg(data("v1_day.jsonl"))
        .assert()
        .code(0);
}

#[test]
fn from_forces_a_format() {
    let a = Archive::new();
    // Read as copied text, a JSON file holds no attribution lines: nothing to index.
    let (s, _) = a
        .cmd()
        .args(["ingest", "--from", "text", "--format", "json"])
        .arg(data("v1_day.jsonl"))
        .output()
        .map(|o| {
            (
                serde_json::from_slice::<Value>(&o.stdout).unwrap(),
                o.status,
            )
        })
        .unwrap();
    assert_eq!(s["indexed"], 0);
    let (s, _) = a.ingest(&[&data("v1_day.jsonl")], 0);
    assert_eq!(s["indexed"], 5);
}

#[test]
fn every_real_dump_is_read_and_survives_export_and_reingest() {
    let Some(dir) = real_dump("") else {
        return;
    };
    let a = Archive::new();
    let (s, stderr) = a.ingest(&[&dir], 0);
    // What each file holds, as its README counts it: 200 + 100 (v2), 25 + 3 (v1), 10 (TAGS),
    // 20 (Mastodon), 20 (Bluesky); two tweets of 2sets.jsonl appear twice (pages overlap).
    assert_eq!(s["rejected"], 0, "{stderr}");
    let indexed = s["indexed"].as_u64().unwrap();
    let formats = |archive: &Archive| {
        let mut f: Vec<(String, usize)> = ["v1", "v2", "csv", "mastodon", "bluesky"]
            .iter()
            .map(|f| (f.to_string(), archive.ids(&format!("format:{f}")).len()))
            .collect();
        f.sort();
        f
    };
    let before = formats(&a);
    let e1 = a.path("e1.jsonl");
    a.cmd()
        .args(["export", "--out"])
        .arg(&e1)
        .assert()
        .success();
    let b = Archive::new();
    let (s2, stderr) = b.ingest(&[&e1], 0);
    assert_eq!(s2["rejected"], 0, "{stderr}");
    assert_eq!(s2["indexed"].as_u64().unwrap(), indexed);
    assert_eq!(formats(&b), before);
    let e2 = b.path("e2.jsonl");
    b.cmd()
        .args(["export", "--out"])
        .arg(&e2)
        .assert()
        .success();
    assert!(std::fs::read(&e1).unwrap() == std::fs::read(&e2).unwrap());
    // Authors survive the trip (the Bluesky capture names its author only once, at the top).
    assert_eq!(b.ids("author:atproto.com").len(), 20);
}

#[test]
fn the_real_pasocial_page_gives_its_ten_tweets_and_four_photos() {
    let a = Archive::new();
    let page = corpus("pasocial-2015");
    let (s, stderr) = a.ingest(&[&page], 0);
    assert_eq!(
        (s["indexed"].as_u64(), s["rejected"].as_u64()),
        (Some(14), Some(0)),
        "{stderr}"
    );
    let all = a.search("*");
    let with_text = all.iter().filter(|h| h["text"] != "").count();
    assert_eq!(with_text, 10);
    let sara = a.ids("author:saradurantini").len();
    assert_eq!(sara, 10, "six of the ten with text, and the four photos");
    // None of the article's prose is taken for a tweet.
    assert!(a.ids("\"Concludo con un pensiero\"").is_empty());
    assert!(a.ids("\"Proverà a raccontarvi\"").is_empty());
    // Ingesting the page again adds nothing.
    let (again, _) = a.ingest(&[&page], 0);
    assert_eq!(again["indexed"], 0);
}

#[test]
fn extract_shows_what_chirpdex_sees_in_a_text() {
    let a = Archive::new();
    let out = a
        .cmd()
        .args([
            "extract",
            "Migliozzi: serve una #Redazione @MiurSocial https://t.co/x $AAPL",
        ])
        .arg("--event")
        .arg(corpus("pasocial-2015/event.toml"))
        .output()
        .unwrap();
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["hashtags"], serde_json::json!(["Redazione"]));
    assert_eq!(v["mentions"], serde_json::json!(["MiurSocial"]));
    assert_eq!(v["urls"], serde_json::json!(["https://t.co/x"]));
    assert_eq!(v["cashtags"], serde_json::json!(["AAPL"]));
    assert_eq!(
        v["speakers"],
        serde_json::json!([{
            "speaker": "Alessandra Migliozzi",
            "method": "quote",
            "confidence": 0.99,
            "inferred": false
        }])
    );
    // One line of stdin, one object; no speakers key without a programme.
    let out = a
        .cmd()
        .arg("extract")
        .write_stdin("#uno @due\nwww.example.org tre\n")
        .output()
        .unwrap();
    let lines: Vec<Value> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[0]["mentions"], serde_json::json!(["due"]));
    assert_eq!(lines[1]["urls"], serde_json::json!(["www.example.org"]));
    assert!(lines[0].get("speakers").is_none());
}

#[test]
fn on_the_pasocial_page_each_quoted_or_named_speaker_is_attributed_and_no_other() {
    let a = Archive::new();
    a.ingest_event(
        &corpus("pasocial-2015/event.toml"),
        &[&corpus("pasocial-2015")],
    );
    // By reading the ten tweets: who each quotes or names, among the programme's speakers.
    let expected: &[(&str, &[&str])] = &[
        ("Lavoro, servizi, innovazione", &["Francesco Di Costanzo"]),
        ("@ubimaggio \"copriamo sempre", &["ubimaggio"]),
        ("@AleMiglioz: ufficio stampa", &["Alessandra Migliozzi"]),
        ("Caterina Perniconi #openmipaaf", &["Caterina Perniconi"]),
        ("Laura Bononcini: long form", &["Laura Bononcini"]),
        ("Con @liviacolare ritorna", &["liviacolare"]),
        ("Luisa Quinto racconta", &["Luisa Quinto"]),
        ("#ioabitoisocial iniziativa", &[]),
        ("@FrancescoDiFili Regione Abruzzo", &["FrancescoDiFili"]),
        ("Esco ora da #pasocial", &[]),
    ];
    let hits = a.search("*");
    assert_eq!(hits.len(), 14);
    for (start, want) in expected {
        let hit = hits
            .iter()
            .find(|h| h["text"].as_str().unwrap().contains(start))
            .unwrap_or_else(|| panic!("no tweet with {start:?}"));
        assert_eq!(hit["speakers"], serde_json::json!(want), "{start}");
        assert_eq!(hit["attributions"].as_array().unwrap().len(), want.len());
    }
    for photo in hits.iter().filter(|h| h["text"] == "") {
        assert_eq!(photo["speakers"], serde_json::json!([]));
    }
    // Filterable by flag and in the query.
    assert_eq!(a.ids("speaker:\"luisa quinto\"").len(), 1);
    let out = a
        .cmd()
        .args([
            "search",
            "#pasocial",
            "--speaker",
            "Alessandra Migliozzi",
            "--format",
            "jsonl",
        ])
        .output()
        .unwrap();
    assert_eq!(String::from_utf8(out.stdout).unwrap().lines().count(), 1);
}

#[test]
fn event_apply_attributes_what_is_indexed_and_slots_infer_speakers() {
    let a = Archive::new();
    let (s, _) = a.ingest(&[&corpus("synthetic")], 0);
    let total = s["indexed"].as_u64().unwrap() as usize;
    // Before the programme no tweet is about a speaker, and naming one says why.
    let none = serde_json::json!([]);
    assert!(a.search("*").iter().all(|h| h["speakers"] == none));
    let out = a
        .cmd()
        .args(["search", "speaker:\"Giulia Martini\""])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("chirpdex event apply"));
    for _ in 0..2 {
        a.cmd()
            .args(["event", "apply"])
            .arg(corpus("synthetic/event.toml"))
            .assert()
            .success();
        assert_eq!(a.ids("*").len(), total, "applying replaces, never adds");
    }
    assert_eq!(a.ids("event:synthetic-2015").len(), total);
    // Slot-inferred tweets fall in the speaker's hour (09:00-10:00 in Rome: 08:00-09:00 UTC),
    // and only those that say something of the talk: the generated room chatter ("In sala a
    // Palazzo Chigi: ...") names nobody and shares no word with a talk, so it is nobody's.
    let hits = a.search("speaker:\"Giulia Martini\"");
    assert!(hits.len() > 20, "{}", hits.len());
    for h in &hits {
        let methods: Vec<&str> = h["attributions"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|x| x["speaker"] == "Giulia Martini")
            .map(|x| x["method"].as_str().unwrap())
            .collect();
        if methods == ["slot"] {
            let at = h["created_at"].as_str().unwrap();
            assert!(at.starts_with("2015-11-17T08:"), "{at}");
        }
    }
    let chatter = a.search("\"In sala a Palazzo Chigi\" -is:retweet");
    assert!(!chatter.is_empty());
    assert!(chatter.iter().all(|h| h["speakers"] == none), "{chatter:?}");
}

#[test]
fn discover_proposes_the_speakers_people_quote() {
    let a = Archive::new();
    a.ingest(&[&corpus("synthetic")], 0);
    let out = a.cmd().args(["speakers", "--discover"]).output().unwrap();
    assert!(out.status.success());
    let proposed = String::from_utf8(out.stdout).unwrap();
    // It is a programme chirpdex reads.
    let path = a.path("proposed.toml");
    std::fs::write(&path, &proposed).unwrap();
    let programme: toml::Table = toml::from_str(&proposed).unwrap();
    let speakers = programme["speakers"].as_array().unwrap();
    // The generator's eight invented speakers (corpus/synthetic/event.toml) come first.
    let known: toml::Table =
        toml::from_str(&std::fs::read_to_string(corpus("synthetic/event.toml")).unwrap()).unwrap();
    let mut want: Vec<&str> = known["speakers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["name"].as_str().unwrap())
        .collect();
    let mut got: Vec<&str> = speakers[..8]
        .iter()
        .map(|s| s.get("name").and_then(|n| n.as_str()).unwrap_or("?"))
        .collect();
    want.sort();
    got.sort();
    assert_eq!(got, want, "{proposed}");
    assert!(
        !proposed.contains("Palazzo Chigi\""),
        "a place is no speaker"
    );
    a.cmd()
        .args(["extract", "--event"])
        .arg(&path)
        .arg("x")
        .assert()
        .success();
}
