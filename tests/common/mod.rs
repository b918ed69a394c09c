//! Helpers shared by the end-to-end tests: a temporary index, the built binary run against it,
//! and the paths of fixtures, the shipped corpus and the real dumps beside the repository.
#![allow(dead_code)] // each test binary uses some of the helpers

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use serde_json::Value;
use tempfile::TempDir;

pub fn data(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data")
        .join(name)
}

/// A fresh index in a temporary directory, and helpers to run chirpdex against it.
pub struct Archive {
    pub dir: TempDir,
}

impl Archive {
    pub fn new() -> Archive {
        Archive {
            dir: tempfile::tempdir().unwrap(),
        }
    }

    pub fn index(&self) -> PathBuf {
        self.dir.path().join("index")
    }

    pub fn cmd(&self) -> Command {
        let mut cmd = Command::cargo_bin("chirpdex").unwrap();
        cmd.env_remove("CHIRPDEX_INDEX")
            .env("NO_COLOR", "1")
            .arg("--index")
            .arg(self.index());
        cmd
    }

    /// Ingests and returns the JSON summary; asserts the exit code.
    pub fn ingest(&self, paths: &[&Path], code: i32) -> (Value, String) {
        let out = self
            .cmd()
            .arg("ingest")
            .args(paths)
            .args(["--format", "json"])
            .assert()
            .code(code)
            .get_output()
            .clone();
        let summary = serde_json::from_slice(&out.stdout).expect("one JSON object on stdout");
        (summary, String::from_utf8(out.stderr).unwrap())
    }

    /// Runs a search and returns its hits as JSON objects.
    pub fn search(&self, query: &str) -> Vec<Value> {
        let out = self
            .cmd()
            .args(["search", query, "--format", "jsonl", "--limit", "100000"])
            .output()
            .unwrap();
        assert!(
            out.status.code() == Some(0) || out.status.code() == Some(1),
            "search {query:?} failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout)
            .unwrap()
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect()
    }

    pub fn ids(&self, query: &str) -> Vec<String> {
        let mut ids: Vec<String> = self
            .search(query)
            .iter()
            .map(|h| h["id"].as_str().unwrap().to_string())
            .collect();
        ids.sort();
        ids
    }
}

/// Real files from other projects' test data, read in place from `../shared/real-dumps`.
pub fn real_dump(path: &str) -> Option<PathBuf> {
    let p = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/real-dumps")
        .join(path);
    if p.exists() {
        Some(p)
    } else {
        eprintln!("skipped: {} is absent (needs ../shared)", p.display());
        None
    }
}

pub fn corpus(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("corpus")
        .join(path)
}
