//! The search index's folder as the indexer sees it: files read with `pread` into memory, range
//! by range, instead of mapped. A merge reads every segment it merges; mapped, each page read
//! stays in the process's memory until the segment is let go (an import's peak was 170 MB of
//! mapped pages at 20,000 materials). Everything else is the mapped directory's (writes, locks,
//! the atomic meta file). Searching keeps the mapped directory: it touches only what a query
//! needs.

use std::fs::File;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use tantivy::Directory;
use tantivy::directory::error::{
    DeleteError, LockError, OpenDirectoryError, OpenReadError, OpenWriteError,
};
use tantivy::directory::{
    DirectoryLock, FileHandle, Lock, MmapDirectory, OwnedBytes, WatchCallback, WatchHandle,
    WritePtr,
};

#[derive(Clone, Debug)]
pub(crate) struct PreadDirectory {
    root: PathBuf,
    inner: MmapDirectory,
}

impl PreadDirectory {
    pub(crate) fn open(root: &Path) -> Result<PreadDirectory, OpenDirectoryError> {
        Ok(PreadDirectory {
            root: root.to_path_buf(),
            inner: MmapDirectory::open(root)?,
        })
    }
}

#[derive(Debug)]
struct PreadFile {
    file: File,
    len: usize,
    /// The last window read: a merge reads a file term by term, forward, in small ranges,
    /// and one read serves the ranges that follow.
    window: std::sync::Mutex<(usize, OwnedBytes)>,
}

/// Bytes read at once for a small range.
const WINDOW: usize = 64 * 1024;

impl tantivy::HasLen for PreadFile {
    fn len(&self) -> usize {
        self.len
    }
}

impl FileHandle for PreadFile {
    fn read_bytes(&self, range: Range<usize>) -> std::io::Result<OwnedBytes> {
        use std::os::unix::fs::FileExt;
        if range.len() >= WINDOW / 4 {
            let mut buf = vec![0u8; range.len()];
            self.file.read_exact_at(&mut buf, range.start as u64)?;
            return Ok(OwnedBytes::new(buf));
        }
        // (a poisoned lock only means another read panicked; the window is still whole)
        let mut window = self.window.lock().unwrap_or_else(|p| p.into_inner());
        let (start, bytes) = &*window;
        if range.start < *start || range.end > start + bytes.len() {
            let end = (range.start + WINDOW).min(self.len).max(range.end);
            let mut buf = vec![0u8; end - range.start];
            self.file.read_exact_at(&mut buf, range.start as u64)?;
            *window = (range.start, OwnedBytes::new(buf));
        }
        let (start, bytes) = &*window;
        // (shares the window's buffer)
        Ok(bytes.slice(range.start - start..range.end - start))
    }
}

impl Directory for PreadDirectory {
    fn get_file_handle(&self, path: &Path) -> Result<Arc<dyn FileHandle>, OpenReadError> {
        let full = self.root.join(path);
        let file = File::open(&full).map_err(|e| {
            if e.kind() == std::io::ErrorKind::NotFound {
                OpenReadError::FileDoesNotExist(path.to_path_buf())
            } else {
                OpenReadError::wrap_io_error(e, path.to_path_buf())
            }
        })?;
        let len = file
            .metadata()
            .map_err(|e| OpenReadError::wrap_io_error(e, path.to_path_buf()))?
            .len() as usize;
        Ok(Arc::new(PreadFile {
            file,
            len,
            window: std::sync::Mutex::new((0, OwnedBytes::empty())),
        }))
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

    fn atomic_write(&self, path: &Path, data: &[u8]) -> std::io::Result<()> {
        self.inner.atomic_write(path, data)
    }

    fn sync_directory(&self) -> std::io::Result<()> {
        self.inner.sync_directory()
    }

    fn acquire_lock(&self, lock: &Lock) -> Result<DirectoryLock, LockError> {
        self.inner.acquire_lock(lock)
    }

    fn watch(&self, watch_callback: WatchCallback) -> tantivy::Result<WatchHandle> {
        self.inner.watch(watch_callback)
    }
}
