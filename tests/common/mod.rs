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

/// Runs a command to its end, polling its peak resident memory (`VmHWM` in `/proc`, Linux), and
/// returns its exit code, stdout, stderr and that peak in MiB (0 where `/proc` is absent). A
/// command still running after `limit` is killed, and fails the test.
pub fn run_measured(
    mut cmd: std::process::Command,
    limit: std::time::Duration,
) -> (i32, Vec<u8>, String, u64) {
    use std::io::Read;
    use std::process::Stdio;
    let mut child = cmd
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let drain = |mut r: Box<dyn Read + Send>| {
        std::thread::spawn(move || {
            let mut v = Vec::new();
            r.read_to_end(&mut v).unwrap();
            v
        })
    };
    let out = drain(Box::new(child.stdout.take().unwrap()));
    let err = drain(Box::new(child.stderr.take().unwrap()));
    let mut peak = 0u64;
    let started = std::time::Instant::now();
    let status = loop {
        if started.elapsed() > limit {
            child.kill().unwrap();
            panic!("still running after {limit:?}");
        }
        peak = peak.max(peak_kib(child.id()).unwrap_or(0));
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        std::thread::sleep(std::time::Duration::from_millis(5));
    };
    let stderr = String::from_utf8(err.join().unwrap()).unwrap();
    assert!(!stderr.contains("panicked"), "{stderr}");
    (
        status.code().unwrap_or(-1),
        out.join().unwrap(),
        stderr,
        peak >> 10,
    )
}

/// The peak resident memory of a running process, in KiB (Linux: `VmHWM` in `/proc`).
pub fn peak_kib(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

impl Archive {
    /// The binary as a plain command against this index, for [`run_measured`].
    pub fn std_cmd(&self) -> std::process::Command {
        let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_chirpdex"));
        cmd.env_remove("CHIRPDEX_INDEX")
            .env("NO_COLOR", "1")
            .arg("--index")
            .arg(self.index());
        cmd
    }

    /// The rejects file's entries (source, line), in order.
    pub fn rejects(&self) -> Vec<(String, u64)> {
        let Ok(text) = std::fs::read_to_string(self.index().join("rejects.jsonl")) else {
            return Vec::new();
        };
        text.lines()
            .map(|l| {
                let v: Value = serde_json::from_str(l).expect("rejects file is JSON lines");
                (
                    v["source"].as_str().unwrap().to_string(),
                    v["line"].as_u64().unwrap(),
                )
            })
            .collect()
    }
}
