//! chirpdex's extraction against twitter-text's conformance vectors, read at test time from
//! `../shared/twitter-text-conformance/extract.yml` (Apache-2.0, see the LICENSE-NOTE.txt beside
//! it). Skips when `../shared` is absent. Prints the pass count of every section.

use chirpdex::extract::{Kind, spans};
use serde_yaml_ng::Value;

use crate::harness::shared;

/// Sections that must pass whole, and the share of `urls` that must.
const WHOLE: &[&str] = &[
    "hashtags",
    "hashtags_from_astral",
    "hashtags_with_indices",
    "mentions",
    "mentions_with_indices",
    "cashtags",
    "cashtags_with_indices",
];
const URLS_AT_LEAST: f64 = 0.98;

fn values(text: &str, kind: Kind) -> Vec<String> {
    spans(text)
        .into_iter()
        .filter(|s| s.kind == kind)
        .map(|s| s.value)
        .collect()
}

fn with_indices(text: &str, kind: Kind) -> Vec<(String, [usize; 2])> {
    spans(text)
        .into_iter()
        .filter(|s| s.kind == kind)
        .map(|s| (s.value, [s.start, s.end]))
        .collect()
}

/// Runs one section; returns (passed, total, failures).
fn run(section: &str, cases: &[Value]) -> Option<(usize, usize, Vec<String>)> {
    let (kind, key) = match section {
        "hashtags" | "hashtags_from_astral" | "hashtags_with_indices" => (Kind::Hashtag, "hashtag"),
        "mentions" | "mentions_with_indices" => (Kind::Mention, "screen_name"),
        "cashtags" | "cashtags_with_indices" => (Kind::Cashtag, "cashtag"),
        "urls" | "urls_with_indices" | "urls_with_directional_markers" | "tco_urls_with_params" => {
            (Kind::Url, "url")
        }
        _ => return None,
    };
    let indexed = section.ends_with("_with_indices");
    let mut passed = 0;
    let mut failures = Vec::new();
    for case in cases {
        let text = case["text"].as_str().unwrap_or_default();
        let expected = case["expected"].as_sequence().cloned().unwrap_or_default();
        let ok = if indexed {
            let want: Vec<(String, [usize; 2])> = expected
                .iter()
                .map(|e| {
                    let i = |n: usize| e["indices"][n].as_u64().unwrap_or(u64::MAX) as usize;
                    (
                        e[key].as_str().unwrap_or_default().to_string(),
                        [i(0), i(1)],
                    )
                })
                .collect();
            with_indices(text, kind) == want
        } else {
            let want: Vec<String> = expected
                .iter()
                .map(|e| e.as_str().unwrap_or_default().to_string())
                .collect();
            values(text, kind) == want
        };
        if ok {
            passed += 1;
        } else {
            failures.push(format!("{section}: {:?}", case["description"].as_str()));
        }
    }
    Some((passed, cases.len(), failures))
}

#[test]
fn twitter_text_conformance() {
    let Some(path) = shared("twitter-text-conformance/extract.yml") else {
        return;
    };
    let yaml = std::fs::read_to_string(&path).unwrap();
    let doc: Value = serde_yaml_ng::from_str(&yaml).expect("extract.yml parses");
    let tests = doc["tests"].as_mapping().expect("a tests mapping");
    let mut problems = Vec::new();
    for (name, cases) in tests {
        let name = name.as_str().unwrap_or_default();
        let Some((passed, total, failures)) = run(name, cases.as_sequence().unwrap()) else {
            println!("{name:32} not extracted by chirpdex");
            continue;
        };
        println!("{name:32} {passed:4}/{total}");
        if WHOLE.contains(&name) && passed < total {
            problems.extend(failures);
        } else if name == "urls" && (passed as f64) < URLS_AT_LEAST * total as f64 {
            problems.push(format!("urls: {passed}/{total} is under {URLS_AT_LEAST}"));
        }
    }
    assert!(problems.is_empty(), "{problems:#?}");
}
