//! The rejects file: every record chirpdex could not take, kept byte for byte with where it came
//! from and why, one JSON object a line. Bytes that are valid UTF-8 are kept as a string
//! (`record`), any others in base64 (`record_base64`), so arbitrary bytes survive exactly.

use std::fs::{File, OpenOptions};
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use base64::Engine;
use serde::Serialize;

/// Appends to the rejects file, created on the first rejection.
pub struct Rejects {
    path: PathBuf,
    file: Option<BufWriter<File>>,
}

#[derive(Serialize)]
struct Entry<'a> {
    source: &'a str,
    line: u64,
    reason: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    record: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    record_base64: Option<String>,
}

impl Rejects {
    pub fn new(path: &Path) -> Rejects {
        Rejects {
            path: path.to_path_buf(),
            file: None,
        }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// True once something has been written.
    pub fn used(&self) -> bool {
        self.file.is_some()
    }

    pub fn write(&mut self, source: &str, line: u64, reason: &str, bytes: &[u8]) -> Result<()> {
        let text = std::str::from_utf8(bytes).ok();
        let entry = Entry {
            source,
            line,
            reason,
            record: text,
            record_base64: match text {
                Some(_) => None,
                None => Some(base64::engine::general_purpose::STANDARD.encode(bytes)),
            },
        };
        let file = match &mut self.file {
            Some(f) => f,
            None => {
                if let Some(dir) = self.path.parent() {
                    std::fs::create_dir_all(dir).ok();
                }
                let f = OpenOptions::new()
                    .create(true)
                    .append(true)
                    .open(&self.path)
                    .with_context(|| format!("cannot open {}", self.path.display()))?;
                self.file.insert(BufWriter::new(f))
            }
        };
        serde_json::to_writer(&mut *file, &entry)?;
        file.write_all(b"\n")
            .with_context(|| format!("cannot write {}", self.path.display()))
    }

    pub fn flush(&mut self) -> Result<()> {
        if let Some(f) = &mut self.file {
            f.flush()
                .with_context(|| format!("cannot write {}", self.path.display()))?;
        }
        Ok(())
    }
}
