//! A cold build's new output folder, made next to the output and filled as
//! files are rendered, then swapped in whole.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use crate::collections::FastSet;
use crate::error::Error;
use crate::output::files::{copy_file, output_error, remove_if_present, write_file, write_with};
use crate::output::leftovers::{beside, clean_leftovers, remove_output};
use crate::output::swap::swap_in;
use crate::output::{MARK, MARK_TEXT, Sink, Stamp};

/// A new output folder being filled beside `dest`; dropped without
/// [`commit`](Staging::commit), it is removed and `dest` stays as it was.
pub(crate) struct Staging {
    dest: PathBuf,
    tmp: PathBuf,
    committed: bool,
    /// The folders made so far under `tmp`: the folder is new, so a file
    /// whose folder is not here needs it made first. Trying to create the
    /// file anyway would look the missing name up under its parent's lock,
    /// and wait there while the other core adds a folder to the same parent
    /// (`reports/` gets one per report).
    folders: Mutex<FastSet<String>>,
}

impl Staging {
    /// Makes an empty folder (but for the mark) next to `dest`, after
    /// removing what killed builds left there.
    pub(crate) fn new(dest: &Path) -> Result<Staging, Error> {
        let tmp = beside(dest, "new")?;
        clean_leftovers(dest)?;
        let staging = Staging {
            dest: dest.to_path_buf(),
            tmp,
            committed: false,
            folders: Mutex::default(),
        };
        remove_if_present(&staging.tmp)?;
        fs::create_dir_all(&staging.tmp).map_err(|e| Error::io(&staging.tmp, e))?;
        write_file(&staging.tmp.join(MARK), MARK_TEXT.as_bytes())?;
        Ok(staging)
    }

    /// Puts the new folder in place of `dest`, and removes the old one.
    pub(crate) fn commit(mut self) -> Result<(), Error> {
        swap_in(&self.tmp, &self.dest)?;
        self.committed = true;
        // `tmp` holds the old output now, if there was one.
        remove_output(&self.tmp)
    }

    /// A file written into the new folder, read back (the search index is
    /// made from the pages after they are written, not kept in memory).
    pub(crate) fn read(&self, rel: &str) -> Option<Vec<u8>> {
        fs::read(self.tmp.join(rel)).ok()
    }

    /// The place of `rel` in the new folder, its folder made if it is not yet.
    fn place(&self, rel: &str) -> Result<PathBuf, Error> {
        let path = self.tmp.join(rel);
        if let Some((folder, _)) = rel.rsplit_once('/') {
            let known = (self.folders.lock())
                .unwrap_or_else(|e| e.into_inner())
                .contains(folder);
            if !known {
                let dir = path.parent().unwrap_or(&self.tmp);
                // Several threads may get here for one folder: create_dir_all
                // takes one that exists as made.
                fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
                // The folder and every folder above it are there now.
                let mut folders = self.folders.lock().unwrap_or_else(|e| e.into_inner());
                folders.insert(folder.to_owned());
                for (end, _) in folder.rmatch_indices('/') {
                    folders.insert(folder[..end].to_owned());
                }
            }
        }
        Ok(path)
    }
}

impl Staging {
    /// Writes the file at `rel` as `write` writes into it, streamed rather
    /// than held; `write`'s own failure is the inner error.
    pub(crate) fn put_with<E>(
        &self,
        rel: &str,
        write: impl FnOnce(&mut dyn io::Write) -> Result<(), E>,
    ) -> Result<Result<Stamp, E>, Error> {
        let path = self
            .place(rel)
            .map_err(|e| output_error(e, &self.tmp, &self.dest, rel))?;
        write_with(&path, write).map_err(|e| output_error(e, &self.tmp, &self.dest, rel))
    }
}

impl Sink for Staging {
    fn put(&self, rel: &str, bytes: &[u8]) -> Result<Stamp, Error> {
        let path = self
            .place(rel)
            .map_err(|e| output_error(e, &self.tmp, &self.dest, rel))?;
        write_file(&path, bytes).map_err(|e| output_error(e, &self.tmp, &self.dest, rel))
    }

    fn copy(&self, rel: &str, src: &Path) -> Result<Stamp, Error> {
        let path = self
            .place(rel)
            .map_err(|e| output_error(e, &self.tmp, &self.dest, rel))?;
        copy_file(src, &path).map_err(|e| output_error(e, &self.tmp, &self.dest, rel))
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            let _ = fs::remove_dir_all(&self.tmp);
        }
    }
}
