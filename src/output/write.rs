//! Writing a build to disk, two ways:
//!
//! - [`Staging`]: a new folder next to the target, filled as files are
//!   rendered and swapped in whole by [`Staging::commit`]; the previous
//!   output survives any failed build untouched;
//! - [`InPlace`]: a few files replaced in the existing output, each written
//!   beside its target and renamed over it. A cached build uses it only
//!   after everything it writes has rendered without error.

use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use rayon::prelude::*;

use crate::error::Error;
use crate::output::{Outputs, Sink, Stamp};
use crate::site::FastSet;

/// Writes `outputs` to `dest`, replacing what was there only once everything is written.
pub fn write(outputs: &Outputs, dest: &Path) -> Result<(), Error> {
    let staging = Staging::new(dest)?;
    outputs
        .files
        .par_iter()
        .try_for_each(|(rel, bytes)| staging.put(rel, bytes).map(|_| ()))?;
    outputs
        .copies
        .par_iter()
        .filter(|(rel, _)| !outputs.files.contains_key(*rel))
        .try_for_each(|(rel, src)| staging.copy(rel, src).map(|_| ()))?;
    staging.commit()
}

/// A new output folder being filled beside `dest`; dropped without
/// [`commit`](Staging::commit), it is removed and `dest` stays as it was.
pub struct Staging {
    dest: PathBuf,
    tmp: PathBuf,
    old: PathBuf,
    committed: bool,
    /// The folders made so far under `tmp`: the folder is new, so a file
    /// whose folder is not here needs it made first. Trying to create the
    /// file anyway would look the missing name up under its parent's lock,
    /// and wait there while the other core adds a folder to the same parent
    /// (`reports/` gets one per report).
    folders: Mutex<FastSet<String>>,
}

impl Staging {
    /// Makes an empty folder next to `dest`.
    pub fn new(dest: &Path) -> Result<Staging, Error> {
        let parent = dest
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
        let name = dest
            .file_name()
            .map_or_else(|| "public".into(), |n| n.to_string_lossy().into_owned());
        let pid = std::process::id();
        let staging = Staging {
            dest: dest.to_path_buf(),
            tmp: parent.join(format!(".{name}.debrief-new-{pid}")),
            old: parent.join(format!(".{name}.debrief-old-{pid}")),
            committed: false,
            folders: Mutex::default(),
        };
        remove_if_present(&staging.tmp)?;
        fs::create_dir_all(&staging.tmp).map_err(|e| Error::io(&staging.tmp, e))?;
        Ok(staging)
    }

    /// Puts the new folder in place of `dest`.
    pub fn commit(mut self) -> Result<(), Error> {
        let had_old = self.dest.exists();
        if had_old {
            remove_if_present(&self.old)?;
            fs::rename(&self.dest, &self.old).map_err(|e| Error::io(&self.dest, e))?;
        }
        if let Err(e) = fs::rename(&self.tmp, &self.dest) {
            if had_old {
                let _ = fs::rename(&self.old, &self.dest);
            }
            return Err(Error::io(&self.dest, e));
        }
        self.committed = true;
        if had_old {
            remove_if_present(&self.old)?;
        }
        Ok(())
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

impl Sink for Staging {
    fn put(&self, rel: &str, bytes: &[u8]) -> Result<Stamp, Error> {
        write_file(&self.place(rel)?, bytes)
    }

    fn copy(&self, rel: &str, src: &Path) -> Result<Stamp, Error> {
        copy_file(src, &self.place(rel)?)
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            let _ = fs::remove_dir_all(&self.tmp);
        }
    }
}

/// Files replaced one by one in an existing output folder.
pub struct InPlace {
    dest: PathBuf,
}

impl InPlace {
    /// The output folder `dest`, which must exist.
    pub fn new(dest: &Path) -> InPlace {
        InPlace {
            dest: dest.to_path_buf(),
        }
    }

    /// Removes an output file, and its folders as they become empty.
    pub fn remove(&self, rel: &str) -> Result<(), Error> {
        let path = self.dest.join(rel);
        remove_if_present(&path)?;
        let mut dir = path.parent();
        while let Some(d) = dir.filter(|d| *d != self.dest && d.starts_with(&self.dest)) {
            // Fails, as it should, while the folder still holds something.
            if fs::remove_dir(d).is_err() {
                break;
            }
            dir = d.parent();
        }
        Ok(())
    }

    fn beside(&self, rel: &str) -> (PathBuf, PathBuf) {
        let path = self.dest.join(rel);
        let mut tmp = path.clone().into_os_string();
        tmp.push(format!(".debrief-{}", std::process::id()));
        (path, tmp.into())
    }
}

impl Sink for InPlace {
    fn put(&self, rel: &str, bytes: &[u8]) -> Result<Stamp, Error> {
        let (path, tmp) = self.beside(rel);
        let stamp = write_file(&tmp, bytes)?;
        fs::rename(&tmp, &path).map_err(|e| Error::io(&path, e))?;
        Ok(stamp)
    }

    fn copy(&self, rel: &str, src: &Path) -> Result<Stamp, Error> {
        let (path, tmp) = self.beside(rel);
        let stamp = copy_file(src, &tmp)?;
        fs::rename(&tmp, &path).map_err(|e| Error::io(&path, e))?;
        Ok(stamp)
    }
}

/// Creates `path`, and its folder first if that is missing (in an existing
/// output, where a new page's folder may not be there yet).
fn create(path: &Path) -> Result<fs::File, Error> {
    match fs::File::create(path) {
        Err(e) if e.kind() == io::ErrorKind::NotFound => {
            if let Some(dir) = path.parent() {
                fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
            }
            fs::File::create(path)
        }
        other => other,
    }
    .map_err(|e| Error::io(path, e))
}

fn write_file(path: &Path, bytes: &[u8]) -> Result<Stamp, Error> {
    let mut file = create(path)?;
    file.write_all(bytes).map_err(|e| Error::io(path, e))?;
    let meta = file.metadata().map_err(|e| Error::io(path, e))?;
    Ok(Stamp::of(&meta))
}

fn copy_file(src: &Path, dest: &Path) -> Result<Stamp, Error> {
    let mut from = fs::File::open(src).map_err(|e| Error::io(src, e))?;
    let mut to = create(dest)?;
    io::copy(&mut from, &mut to).map_err(|e| Error::io(src, e))?;
    let meta = to.metadata().map_err(|e| Error::io(dest, e))?;
    Ok(Stamp::of(&meta))
}

fn remove_if_present(path: &Path) -> Result<(), Error> {
    let result = if path.is_dir() {
        fs::remove_dir_all(path)
    } else {
        fs::remove_file(path)
    };
    match result {
        Err(e) if e.kind() != io::ErrorKind::NotFound => Err(Error::io(path, e)),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use super::{InPlace, write};
    use crate::output::{Outputs, Sink};

    #[test]
    fn writes_files_and_replaces_old_output() {
        let dir = tempfile::tempdir().unwrap();
        let dest = dir.path().join("public");
        std::fs::create_dir_all(dest.join("stale")).unwrap();
        std::fs::write(dest.join("stale/index.html"), "old").unwrap();
        let src = dir.path().join("logo.svg");
        std::fs::write(&src, "<svg/>").unwrap();
        let mut outputs = Outputs::default();
        outputs
            .files
            .insert("en/index.html".into(), b"hello".to_vec().into());
        outputs
            .copies
            .insert("img/logo.svg".into(), PathBuf::from(&src));
        write(&outputs, &dest).unwrap();
        assert_eq!(
            std::fs::read_to_string(dest.join("en/index.html")).unwrap(),
            "hello"
        );
        assert_eq!(
            std::fs::read_to_string(dest.join("img/logo.svg")).unwrap(),
            "<svg/>"
        );
        assert!(!dest.join("stale").exists());
        let leftovers: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(leftovers.len(), 2, "{leftovers:?}");
    }

    #[test]
    fn failed_write_leaves_old_output() {
        let dir = tempfile::tempdir().unwrap();
        let dest = dir.path().join("public");
        std::fs::create_dir_all(&dest).unwrap();
        std::fs::write(dest.join("index.html"), "old").unwrap();
        let mut outputs = Outputs::default();
        outputs
            .copies
            .insert("gone.png".into(), dir.path().join("missing.png"));
        assert!(write(&outputs, &dest).is_err());
        assert_eq!(
            std::fs::read_to_string(dest.join("index.html")).unwrap(),
            "old"
        );
        let leftovers = std::fs::read_dir(dir.path()).unwrap().count();
        assert_eq!(leftovers, 1, "the staging folder is removed");
    }

    #[test]
    fn in_place_replaces_and_removes_with_empty_folders() {
        let dir = tempfile::tempdir().unwrap();
        let dest = dir.path().join("public");
        std::fs::create_dir_all(dest.join("a/b")).unwrap();
        std::fs::write(dest.join("a/b/index.html"), "old").unwrap();
        std::fs::write(dest.join("a/keep.html"), "keep").unwrap();
        let sink = InPlace::new(&dest);
        let stamp = sink.put("x/index.html", b"new").unwrap();
        assert_eq!(stamp.len, 3);
        sink.remove("a/b/index.html").unwrap();
        assert!(!dest.join("a/b").exists(), "an emptied folder goes too");
        assert!(dest.join("a/keep.html").exists());
        assert_eq!(
            std::fs::read_to_string(dest.join("x/index.html")).unwrap(),
            "new"
        );
        let names: Vec<_> = std::fs::read_dir(dest.join("x"))
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names.len(), 1, "no temporary file is left: {names:?}");
    }
}
