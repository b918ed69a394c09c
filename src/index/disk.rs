//! How the archive meets the disk: who may write, who only reads, and whether the files are
//! whole.
//!
//! tantivy's `MmapDirectory` is wrapped so that
//! - a writer takes tantivy's own writer lock (`.tantivy-writer.lock`) when the archive is
//!   opened, before anything is written (a stored programme, a new index), and tantivy's later
//!   request for the same lock is granted from it;
//! - a reader writes nothing: tantivy's reader takes `.tantivy-meta.lock` while it lists the
//!   segments (so that a writer's garbage collection cannot delete them meanwhile); in a
//!   directory we cannot write, no writer of ours can run either, so the lock is skipped there;
//! - nobody watches `meta.json` for new commits: each command reads one commit, and the watcher
//!   would be a thread polling the disk for nothing;
//! - the segment files' checksums are verified before use ([`verify`]): a flipped byte in a
//!   `.store` or `.fast` file otherwise makes tantivy allocate absurd sizes and abort the
//!   process, which no error handling can catch.

use std::collections::HashMap;
use std::io;
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use anyhow::{Context, Result, anyhow, bail};
use tantivy::Index;
use tantivy::directory::error::{DeleteError, LockError, OpenReadError, OpenWriteError};
use tantivy::directory::{
    Directory, DirectoryLock, FileHandle, INDEX_WRITER_LOCK, Lock, META_LOCK, MmapDirectory,
    WatchCallback, WatchHandle, WritePtr,
};

use super::Fields;

/// Where the archive remembers which segment files it has verified, by name, size, inode and
/// times: segment files are written once, so a file that matches its entry is still whole
/// (rewriting bytes in place changes its ctime, which no one can set back).
pub const VERIFIED_FILE: &str = "chirpdex-verified.json";

/// `MmapDirectory` with chirpdex's rules on locks and watching (see the module's doc).
#[derive(Clone, Debug)]
pub struct Disk {
    inner: MmapDirectory,
    /// This process holds the writer lock (taken by [`Disk::lock_writer`]).
    writer: bool,
}

impl Disk {
    pub fn open(dir: &Path) -> Result<Disk> {
        let inner = MmapDirectory::open(dir)
            .with_context(|| format!("cannot open the index directory {}", dir.display()))?;
        Ok(Disk {
            inner,
            writer: false,
        })
    }

    /// Takes the writer lock for this process; fails with a message a user can act on when
    /// another process holds it or the directory cannot be written.
    pub fn lock_writer(&mut self, dir: &Path) -> Result<DirectoryLock> {
        let lock = self
            .inner
            .acquire_lock(&INDEX_WRITER_LOCK)
            .map_err(|e| match e {
                LockError::LockBusy => anyhow!(
                    "another process is writing the index at {}; wait for it to finish",
                    dir.display()
                ),
                LockError::IoError(io) => not_writable(dir, &io).unwrap_or_else(|| {
                    anyhow!(
                        "cannot lock the index at {} for writing: {io}",
                        dir.display()
                    )
                }),
            })?;
        self.writer = true;
        Ok(lock)
    }
}

/// The message for an error that says the directory cannot be written by us at all (as opposed
/// to someone else writing it), or `None` for any other error.
pub fn not_writable(dir: &Path, e: &io::Error) -> Option<anyhow::Error> {
    match e.kind() {
        io::ErrorKind::ReadOnlyFilesystem => Some(anyhow!(
            "the index at {} is on a read-only filesystem: it can be searched, not written",
            dir.display()
        )),
        io::ErrorKind::PermissionDenied => Some(anyhow!(
            "you may not write the index at {} (permission denied): it can be searched, not \
             written",
            dir.display()
        )),
        io::ErrorKind::StorageFull => Some(anyhow!(
            "the disk holding the index at {} is full",
            dir.display()
        )),
        _ => None,
    }
}

/// A tantivy error met while writing the index, with a message naming the directory (and the
/// file, when tantivy says which) when the cause is a read-only or full disk.
pub fn writing(dir: &Path, e: tantivy::TantivyError, what: &str) -> anyhow::Error {
    use tantivy::TantivyError as T;
    let (io, file) = match &e {
        T::IoError(io) => (Some(io.clone()), None),
        T::OpenWriteError(OpenWriteError::IoError { io_error, filepath }) => {
            (Some(io_error.clone()), Some(filepath.clone()))
        }
        T::LockFailure(LockError::IoError(io), _) => (Some(io.clone()), None),
        // The indexing threads hand their io::Error over as text.
        T::InternalError(text) | T::ErrorInThread(text) => (os_error(text).map(Arc::new), None),
        _ => (None, None),
    };
    match io.and_then(|io| not_writable(dir, &io)) {
        Some(message) => match file {
            Some(file) => message.context(format!("cannot write {}", dir.join(file).display())),
            None => message,
        },
        None => anyhow::Error::new(e).context(format!("{what} in {}", dir.display())),
    }
}

/// The OS error that a message ends with ("No space left on device (os error 28)").
fn os_error(text: &str) -> Option<io::Error> {
    let (_, code) = text.rsplit_once("(os error ")?;
    let code = code.split(')').next()?.parse().ok()?;
    Some(io::Error::from_raw_os_error(code))
}

/// A lock that holds nothing: granted where holding one is not needed.
fn no_lock() -> DirectoryLock {
    DirectoryLock::from(Box::new(()))
}

impl Directory for Disk {
    fn get_file_handle(&self, path: &Path) -> Result<Arc<dyn FileHandle>, OpenReadError> {
        self.inner.get_file_handle(path)
    }

    fn delete(&self, path: &Path) -> Result<(), DeleteError> {
        self.inner.delete(path)
    }

    fn exists(&self, path: &Path) -> Result<bool, OpenReadError> {
        self.inner.exists(path)
    }

    fn open_write(&self, path: &Path) -> Result<WritePtr, OpenWriteError> {
        self.inner.open_write(path)
    }

    fn atomic_read(&self, path: &Path) -> Result<Vec<u8>, OpenReadError> {
        self.inner.atomic_read(path)
    }

    fn atomic_write(&self, path: &Path, data: &[u8]) -> io::Result<()> {
        self.inner.atomic_write(path, data)
    }

    fn sync_directory(&self) -> io::Result<()> {
        self.inner.sync_directory()
    }

    fn acquire_lock(&self, lock: &Lock) -> Result<DirectoryLock, LockError> {
        if self.writer && lock.filepath == INDEX_WRITER_LOCK.filepath {
            // Taken when the archive was opened, and held until it is dropped.
            return Ok(no_lock());
        }
        match self.inner.acquire_lock(lock) {
            Err(LockError::IoError(e))
                if lock.filepath == META_LOCK.filepath
                    && matches!(
                        e.kind(),
                        io::ErrorKind::ReadOnlyFilesystem | io::ErrorKind::PermissionDenied
                    ) =>
            {
                Ok(no_lock())
            }
            other => other,
        }
    }

    fn watch(&self, _: WatchCallback) -> tantivy::Result<WatchHandle> {
        Ok(WatchHandle::empty())
    }
}

/// Runs `f`, which works on the index in `dir`, turning a panic into an error naming the index.
/// Checksums and [`verify`]'s counts catch the damage we know of before tantivy meets it; this
/// is the net under them (a panic in tantivy's readers on data they did not expect), so that a
/// damaged index gives an error and exit 2, never a crash.
pub fn unpanicked<T>(dir: &Path, f: impl FnOnce() -> Result<T>) -> Result<T> {
    static PANIC: std::sync::Mutex<Option<String>> = std::sync::Mutex::new(None);
    std::panic::set_hook(Box::new(|info| {
        let message = info
            .payload()
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| info.payload().downcast_ref::<String>().cloned())
            .unwrap_or_default();
        let at = info
            .location()
            .map(|l| format!(" at {l}"))
            .unwrap_or_default();
        if let Ok(mut p) = PANIC.lock() {
            p.get_or_insert(format!("{message}{at}"));
        }
    }));
    let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(f));
    let _ = std::panic::take_hook();
    outcome.unwrap_or_else(|_| {
        let what = PANIC
            .lock()
            .ok()
            .and_then(|mut p| p.take())
            .unwrap_or_default();
        Err(anyhow!(
            "chirpdex stopped while working on the index at {} ({what}); the index may be \
             damaged: restore it from a backup or ingest into a new index, and please report \
             this",
            dir.display()
        ))
    })
}

/// One file's identity on disk, as remembered in [`VERIFIED_FILE`].
#[derive(Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
struct Stamp {
    len: u64,
    ino: u64,
    mtime_ns: i128,
    ctime_ns: i128,
}

impl Stamp {
    fn of(path: &Path) -> io::Result<Stamp> {
        let m = std::fs::metadata(path)?;
        Ok(Stamp {
            len: m.len(),
            ino: m.ino(),
            mtime_ns: i128::from(m.mtime()) * 1_000_000_000 + i128::from(m.mtime_nsec()),
            ctime_ns: i128::from(m.ctime()) * 1_000_000_000 + i128::from(m.ctime_nsec()),
        })
    }
}

/// Checks the checksum of every file of the current commit, except those verified before and
/// unchanged since; remembers the newly verified ones when the directory can be written.
pub fn verify(index: &Index, dir: &Path) -> Result<()> {
    // As tantivy's reader does: a writer's garbage collection deletes no file of the commit
    // while we list and open them.
    let _meta_lock = index
        .directory()
        .acquire_lock(&META_LOCK)
        .with_context(|| format!("cannot read the index at {}", dir.display()))?;
    let metas = index
        .load_metas()
        .with_context(|| format!("cannot read meta.json of the index at {}", dir.display()))?;
    let cache_path = dir.join(VERIFIED_FILE);
    let known: HashMap<String, Stamp> = std::fs::read(&cache_path)
        .ok()
        .and_then(|b| serde_json::from_slice(&b).ok())
        .unwrap_or_default();
    let mut files: Vec<PathBuf> = metas.list_segment_files().into_iter().collect();
    files.sort();
    let mut verified = HashMap::new();
    for file in files {
        let full = dir.join(&file);
        let stamp = match Stamp::of(&full) {
            Ok(s) => s,
            // Not every segment has every component (`.del` only after deletions); a missing
            // file that the segment needs is reported by tantivy when it opens it.
            Err(e) if e.kind() == io::ErrorKind::NotFound => continue,
            Err(e) => bail!(damaged(dir, &file, &format!("cannot be read ({e})"))),
        };
        let name = file.to_string_lossy().into_owned();
        if known.get(&name) != Some(&stamp) {
            match index.directory().validate_checksum(&file) {
                Ok(true) => {}
                Ok(false) => bail!(damaged(dir, &file, "does not match its checksum")),
                Err(e) => bail!(damaged(dir, &file, &format!("cannot be read ({e})"))),
            }
        }
        verified.insert(name, stamp);
    }
    // meta.json has no checksum: its count of documents per segment must match the files',
    // or tantivy reads past the end of its columns and panics.
    for segment in index.searchable_segments()? {
        let reader = tantivy::SegmentReader::open(&segment)
            .with_context(|| format!("cannot open the index at {}", dir.display()))?;
        let rows = reader.fast_fields().u64(Fields::KEY).map(|c| c.num_docs());
        if rows.as_ref().ok() != Some(&reader.max_doc()) {
            bail!(damaged(
                dir,
                Path::new("meta.json"),
                &format!(
                    "says segment {} holds {} tweets, its files {}",
                    segment.id().uuid_string(),
                    reader.max_doc(),
                    rows.map_or_else(|e| format!("cannot be read ({e})"), |n| format!("{n}"))
                )
            ));
        }
    }
    if verified != known {
        // Best effort: a directory we cannot write is verified again next time. Not through
        // tantivy's directory, which would take the file as its own and collect it.
        let _ = remember(&cache_path, &verified);
    }
    Ok(())
}

/// Writes the verified stamps whole or not at all (a temporary file renamed over the old one).
fn remember(path: &Path, verified: &HashMap<String, Stamp>) -> Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    let mut tmp = tempfile::NamedTempFile::new_in(dir)?;
    serde_json::to_writer(&mut tmp, verified)?;
    tmp.persist(path)?;
    Ok(())
}

/// The message for a damaged index: which file, what is wrong, and what to do.
pub fn damaged(dir: &Path, file: &Path, why: &str) -> String {
    format!(
        "the index at {} is damaged: {} {why}; restore it from a backup or ingest into a new \
         index",
        dir.display(),
        file.display()
    )
}

/// Every file's size under a directory. A file that goes away while it is measured (a merge
/// finishing) is left out rather than failing the count.
pub fn dir_size(dir: &Path) -> u64 {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter_map(|e| e.metadata().ok())
        .filter(|m| m.is_file())
        .map(|m| m.len())
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_full_disk_in_an_indexing_thread_names_the_index() {
        let dir = Path::new("/data/chirpdex-index");
        let e =
            tantivy::TantivyError::InternalError("No space left on device (os error 28)".into());
        let message = format!("{:#}", writing(dir, e, "cannot commit"));
        assert_eq!(
            message,
            "the disk holding the index at /data/chirpdex-index is full"
        );
    }

    #[test]
    fn a_file_that_cannot_be_created_is_named() {
        let dir = Path::new("/ro/index");
        let e = tantivy::TantivyError::OpenWriteError(OpenWriteError::wrap_io_error(
            io::Error::from_raw_os_error(30),
            PathBuf::from("abc.store"),
        ));
        let message = format!("{:#}", writing(dir, e, "cannot commit"));
        assert!(
            message.starts_with("cannot write /ro/index/abc.store: "),
            "{message}"
        );
        assert!(message.contains("read-only filesystem"), "{message}");
    }

    #[test]
    fn a_panic_is_an_error_naming_the_index() {
        let outcome: Result<()> = unpanicked(Path::new("/data/idx"), || panic!("boom"));
        let message = format!("{:#}", outcome.unwrap_err());
        assert!(
            message
                .starts_with("chirpdex stopped while working on the index at /data/idx (boom at "),
            "{message}"
        );
        assert_eq!(unpanicked(Path::new("i"), || Ok(7)).unwrap(), 7);
    }

    #[test]
    fn a_lock_file_we_may_not_write_is_not_another_writer() {
        let e = tantivy::TantivyError::LockFailure(
            LockError::wrap_io_error(io::Error::from_raw_os_error(13)),
            None,
        );
        let message = format!("{:#}", writing(Path::new("/shared/idx"), e, "cannot lock"));
        assert_eq!(
            message,
            "you may not write the index at /shared/idx (permission denied): it can be searched, \
             not written"
        );
    }

    #[test]
    fn other_errors_keep_tantivys_words() {
        let e = tantivy::TantivyError::InternalError("something else".into());
        let message = format!("{:#}", writing(Path::new("i"), e, "cannot commit"));
        assert_eq!(
            message,
            "cannot commit in i: Internal error: 'something else'"
        );
    }
}
