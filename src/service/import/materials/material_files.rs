//! The list of material files an import goes through, kept small: a million files are a few
//! bytes each (their names in one buffer, the folder they are in by number), not a `PathBuf`
//! each (some 90 MB at a million, most of the import's peak memory there).

use std::ffi::OsStr;
use std::os::unix::ffi::OsStrExt;
use std::path::{Path, PathBuf};

use crate::import::ImportError;

/// Material files in the order an import takes them: each path given, and under each folder
/// given, every `*.md` file of it and of its folders, sorted by name, folders entered where
/// their name falls (what `material::collect_files` gives, as it gives it).
#[derive(Default)]
pub struct MaterialFiles {
    /// The folders the files are in (a file given by its path: its whole path in `names`,
    /// under the empty folder 0).
    dirs: Vec<PathBuf>,
    /// Every file's name, one after the other.
    names: Vec<u8>,
    /// Where each file's name ends in `names` (4 bytes, not 8: names past 4 GiB are refused).
    ends: Vec<u32>,
    /// The folder (in `dirs`) of each file.
    dir_of: Vec<u32>,
}

impl MaterialFiles {
    pub fn len(&self) -> usize {
        self.ends.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    /// The `i`th file's path (`i` < [`Self::len`]).
    pub fn path(&self, i: usize) -> PathBuf {
        let start = if i == 0 { 0 } else { self.ends[i - 1] as usize };
        let name = OsStr::from_bytes(&self.names[start..self.ends[i] as usize]);
        self.dirs[self.dir_of[i] as usize].join(name)
    }

    /// Every file's path, in order.
    pub fn paths(&self) -> impl Iterator<Item = PathBuf> + '_ {
        (0..self.len()).map(|i| self.path(i))
    }

    /// The files at `p`: itself, or when it is a folder the `*.md` files under it.
    pub fn collect(&mut self, p: &Path) -> Result<(), ImportError> {
        let meta = std::fs::metadata(p).map_err(|e| ImportError::io(p, &e))?;
        if meta.is_dir() {
            return self.walk(p);
        }
        if self.dirs.is_empty() {
            self.dirs.push(PathBuf::new());
        }
        self.push(0, p.as_os_str().as_bytes())
            .map_err(|e| ImportError::io(p, &e))
    }

    fn push(&mut self, dir: u32, name: &[u8]) -> std::io::Result<()> {
        let end = u32::try_from(self.names.len() + name.len())
            .map_err(|_| std::io::Error::other("too many files"))?;
        self.names.extend_from_slice(name);
        self.ends.push(end);
        self.dir_of.push(dir);
        Ok(())
    }

    /// The `*.md` files of `dir` and of its folders, by name. A folder that cannot be read
    /// fails the whole path given (as `collect_files` does): what was taken from it is let go.
    fn walk(&mut self, dir: &Path) -> Result<(), ImportError> {
        let had = (self.dirs.len(), self.names.len(), self.ends.len());
        let r = self.walk_in(dir);
        if r.is_err() {
            self.dirs.truncate(had.0);
            self.names.truncate(had.1);
            self.ends.truncate(had.2);
            self.dir_of.truncate(had.2);
        }
        r
    }

    fn walk_in(&mut self, dir: &Path) -> Result<(), ImportError> {
        // the folder's names, read into one buffer and sorted by index (a folder of a million
        // files costs their bytes and two numbers each while it is sorted)
        let mut names: Vec<u8> = Vec::new();
        let mut spans: Vec<(usize, usize, bool)> = Vec::new();
        for e in std::fs::read_dir(dir).map_err(|e| ImportError::io(dir, &e))? {
            let Ok(e) = e else { continue };
            let name = e.file_name();
            // a folder, or a link to one (followed, as `Path::is_dir` does)
            let is_dir = match e.file_type() {
                Ok(t) if t.is_symlink() => e.path().is_dir(),
                Ok(t) => t.is_dir(),
                Err(_) => e.path().is_dir(),
            };
            let start = names.len();
            names.extend_from_slice(name.as_bytes());
            spans.push((start, names.len(), is_dir));
        }
        spans.sort_unstable_by(|a, b| names[a.0..a.1].cmp(&names[b.0..b.1]));
        let index = u32::try_from(self.dirs.len())
            .map_err(|_| ImportError::io(dir, &std::io::Error::other("too many folders")))?;
        self.dirs.push(dir.to_path_buf());
        for (start, end, is_dir) in spans {
            let name = &names[start..end];
            if is_dir {
                self.walk_in(&dir.join(OsStr::from_bytes(name)))?;
            } else if Path::new(OsStr::from_bytes(name))
                .extension()
                .is_some_and(|e| e.eq_ignore_ascii_case("md"))
            {
                self.push(index, name)
                    .map_err(|e| ImportError::io(dir, &e))?;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_what_collect_files_lists_in_its_order() {
        let d = tempfile::tempdir().unwrap();
        let root = d.path();
        for f in [
            "b.md",
            "a.MD",
            "c.txt",
            "sub/z.md",
            "sub/deeper/y.md",
            "sub/x.md",
            "sub.md",
            "0.md",
        ] {
            let p = root.join(f);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, "x").unwrap();
        }
        std::fs::create_dir_all(root.join("empty")).unwrap();
        let lone = root.join("c.txt");
        let mut files = MaterialFiles::default();
        files.collect(root).unwrap();
        files.collect(&lone).unwrap();
        let mut want = crate::import::material::collect_files(&[root.to_path_buf()]).unwrap();
        want.push(lone);
        assert_eq!(files.paths().collect::<Vec<_>>(), want);
        assert_eq!(files.len(), 8);
        assert!(files.collect(&root.join("missing")).is_err());
        assert_eq!(files.len(), 8, "a path that fails adds nothing");
    }
}
