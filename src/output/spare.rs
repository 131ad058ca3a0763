//! A cached build's second copy of the output, kept in the build cache
//! between builds: hard links to the output's files, brought up to date
//! with the few paths that differ (listed in a file beside it before any of
//! them is touched), then the files of this build written into it. After
//! the exchange with the output it holds the previous site, which differs
//! from the output in just this build's files.

use std::collections::BTreeSet;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::error::Error;
use crate::output::files::{copy_file, in_the_way, output_error, remove_if_present, write_file};
use crate::output::leftovers::{beside, clean_leftovers, remove_output};
use crate::output::swap::swap_in;
use crate::output::{MARK, MARK_TEXT, Sink, Stamp};

/// A second copy of the output that a cached build brings up to date and
/// exchanges with it (see the module's documentation).
pub(crate) struct Spare {
    dest: PathBuf,
    dir: PathBuf,
    /// The file listing every path where `dir` may differ from `dest`;
    /// none for a spare made for this build alone.
    diff: Option<PathBuf>,
    /// The paths it listed when the build started.
    stale: BTreeSet<String>,
}

/// The spare copy's folder and its list of differing paths, in `keep_in`.
const SPARE: &str = "output";
const SPARE_DIFF: &str = "output.diff";

impl Spare {
    /// The spare copy of `dest` kept in `keep_in` (the build cache), made
    /// anew from hard links to `dest` when it is missing or its list of
    /// differences is; when `keep_in` is on another device than `dest`, a
    /// copy of hard links next to `dest`, for this build alone.
    pub(crate) fn open(dest: &Path, keep_in: &Path) -> Result<Spare, Error> {
        clean_leftovers(dest)?;
        fs::create_dir_all(keep_in).map_err(|e| Error::io(keep_in, e))?;
        let (dir, diff) = if same_device(dest, keep_in) {
            (keep_in.join(SPARE), Some(keep_in.join(SPARE_DIFF)))
        } else {
            (beside(dest, "new")?, None)
        };
        if let Some(diff) = &diff
            && dir.join(MARK).is_file()
            && let Some(stale) = read_list(diff)
        {
            return Ok(Spare {
                dest: dest.to_path_buf(),
                dir,
                diff: Some(diff.clone()),
                stale,
            });
        }
        if let Some(diff) = &diff {
            remove_if_present(diff)?;
        }
        remove_if_present(&dir)?;
        link_tree(dest, &dir)?;
        // An output made before outputs were marked gets its mark now.
        if !dir.join(MARK).is_file() {
            write_file(&dir.join(MARK), MARK_TEXT.as_bytes())?;
        }
        Ok(Spare {
            dest: dest.to_path_buf(),
            dir,
            diff,
            stale: BTreeSet::new(),
        })
    }

    /// Removes the spare copy kept in `keep_in`: a cold build leaves an
    /// output it has nothing in common with.
    pub(crate) fn discard(keep_in: &Path) -> Result<(), Error> {
        remove_if_present(&keep_in.join(SPARE_DIFF))?;
        remove_if_present(&keep_in.join(SPARE))
    }

    /// Brings the copy up to date with the output everywhere but at the
    /// paths in `changed`, which the build writes or removes next: first
    /// the list of differences is extended by them, then every path it
    /// listed before is linked to the output's file again.
    pub(crate) fn prepare(&self, changed: &BTreeSet<&str>) -> Result<(), Error> {
        if let Some(diff) = &self.diff {
            let mut all: BTreeSet<&str> = self.stale.iter().map(String::as_str).collect();
            all.extend(changed);
            write_list(diff, &all)?;
        }
        self.stale
            .par_iter()
            .filter(|rel| !changed.contains(rel.as_str()))
            .try_for_each(|rel| self.sync(rel))
    }

    /// Makes `rel` in the copy what it is in the output: a link to its
    /// file, a copy of its folder (whose files, if the copy has the folder
    /// already, are listed by themselves), or nothing.
    fn sync(&self, rel: &str) -> Result<(), Error> {
        let (from, to) = (self.dest.join(rel), self.dir.join(rel));
        let there = fs::symlink_metadata(&to).ok();
        match fs::symlink_metadata(&from) {
            Ok(meta) if meta.is_dir() => {
                if there.is_some_and(|m| m.is_dir()) {
                    return Ok(());
                }
                remove_if_present(&to)?;
                if let Some(dir) = to.parent() {
                    fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
                }
                link_tree(&from, &to)
            }
            Ok(meta) if meta.is_file() => {
                remove_if_present(&to)?;
                link(&from, &to)
            }
            _ => {
                remove_if_present(&to)?;
                self.prune(&to);
                Ok(())
            }
        }
    }

    /// Removes a file from the copy, and its folders as they become empty.
    pub(crate) fn remove(&self, rel: &str) -> Result<(), Error> {
        let path = self.dir.join(rel);
        match fs::remove_file(&path) {
            Err(e) if e.kind() == io::ErrorKind::NotFound => {}
            Err(e) => return Err(in_the_way(e, &self.dest, rel)),
            Ok(()) => {}
        }
        self.prune(&path);
        Ok(())
    }

    /// Removes the folders of `path` in the copy that are empty.
    fn prune(&self, path: &Path) {
        let mut dir = path.parent();
        while let Some(d) = dir.filter(|d| *d != self.dir && d.starts_with(&self.dir)) {
            // Fails, as it should, while the folder still holds something.
            if fs::remove_dir(d).is_err() {
                break;
            }
            dir = d.parent();
        }
    }

    /// A new file at `rel`: the one there is a link to the output's file,
    /// which must not be written through (a folder there is an error).
    fn fresh(&self, rel: &str) -> Result<PathBuf, Error> {
        let path = self.dir.join(rel);
        match fs::remove_file(&path) {
            Err(e) if e.kind() != io::ErrorKind::NotFound => Err(in_the_way(e, &self.dest, rel)),
            _ => Ok(path),
        }
    }

    /// Exchanges the copy with the output; `changed` are the paths where
    /// they differ now.
    pub(crate) fn commit(self, changed: &BTreeSet<&str>) -> Result<(), Error> {
        swap_in(&self.dir, &self.dest)?;
        if !self.dir.join(MARK).is_file() {
            link(&self.dest.join(MARK), &self.dir.join(MARK))?;
        }
        match &self.diff {
            Some(diff) => write_list(diff, changed),
            None => remove_output(&self.dir),
        }
    }
}

impl Sink for Spare {
    fn put(&self, rel: &str, bytes: &[u8]) -> Result<Stamp, Error> {
        write_file(&self.fresh(rel)?, bytes)
            .map_err(|e| output_error(e, &self.dir, &self.dest, rel))
    }

    fn copy(&self, rel: &str, src: &Path) -> Result<Stamp, Error> {
        copy_file(src, &self.fresh(rel)?).map_err(|e| output_error(e, &self.dir, &self.dest, rel))
    }
}

#[cfg(unix)]
fn same_device(a: &Path, b: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    match (fs::metadata(a), fs::metadata(b)) {
        (Ok(a), Ok(b)) => a.dev() == b.dev(),
        _ => false,
    }
}

#[cfg(not(unix))]
fn same_device(_a: &Path, _b: &Path) -> bool {
    false
}

/// A copy of the folder `from` at `to` made of hard links to its files.
fn link_tree(from: &Path, to: &Path) -> Result<(), Error> {
    fs::create_dir(to).map_err(|e| Error::io(to, e))?;
    let mut files = Vec::new();
    for entry in walkdir::WalkDir::new(from).min_depth(1) {
        let entry = entry.map_err(|e| {
            let path = e.path().unwrap_or(from).to_path_buf();
            Error::io(path, e.into())
        })?;
        let rel = entry.path().strip_prefix(from).unwrap_or(entry.path());
        if entry.file_type().is_dir() {
            let dir = to.join(rel);
            fs::create_dir(&dir).map_err(|e| Error::io(&dir, e))?;
        } else if entry.file_type().is_file() {
            files.push(rel.to_path_buf());
        }
    }
    files
        .par_iter()
        .try_for_each(|rel| link(&from.join(rel), &to.join(rel)))
}

/// A hard link at `to` to the file `from`, its folder made if missing.
fn link(from: &Path, to: &Path) -> Result<(), Error> {
    match fs::hard_link(from, to) {
        Err(e) if e.kind() == io::ErrorKind::NotFound => {
            if let Some(dir) = to.parent() {
                fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
            }
            fs::hard_link(from, to)
        }
        other => other,
    }
    .map_err(|e| Error::io(to, e))
}

/// The list of paths in `file`, if it is there and whole.
fn read_list(file: &Path) -> Option<BTreeSet<String>> {
    postcard::from_bytes(&fs::read(file).ok()?).ok()
}

/// Writes a list of paths, replacing `file` whole.
fn write_list(file: &Path, paths: &BTreeSet<&str>) -> Result<(), Error> {
    let text = postcard::to_stdvec(paths).map_err(|e| Error::io(file, io::Error::other(e)))?;
    let mut tmp = file.as_os_str().to_owned();
    tmp.push(format!(".{}", std::process::id()));
    let tmp = PathBuf::from(tmp);
    fs::write(&tmp, text).map_err(|e| Error::io(&tmp, e))?;
    fs::rename(&tmp, file).map_err(|e| Error::io(file, e))
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use super::{SPARE, Spare};
    use crate::output::write::write;
    use crate::output::{MARK, MARK_TEXT, Outputs, Sink};

    /// Every file under `dir` with its text.
    fn tree(dir: &std::path::Path) -> Vec<(String, String)> {
        let mut out: Vec<_> = walkdir::WalkDir::new(dir)
            .into_iter()
            .map(|e| e.unwrap())
            .filter(|e| e.file_type().is_file())
            .map(|e| {
                let rel = e.path().strip_prefix(dir).unwrap().display().to_string();
                (rel, std::fs::read_to_string(e.path()).unwrap())
            })
            .collect();
        out.sort();
        out
    }

    fn changed<'a>(paths: &[&'a str]) -> BTreeSet<&'a str> {
        paths.iter().copied().collect()
    }

    #[test]
    fn a_spare_copy_is_exchanged_with_the_output_and_kept_up_to_date() {
        let dir = tempfile::tempdir().unwrap();
        let dest = dir.path().join("public");
        let keep = dir.path().join("cache");
        let mut outputs = Outputs::default();
        for (rel, text) in [
            ("a/b/index.html", "old"),
            ("a/keep.html", "keep"),
            ("x.txt", "1"),
        ] {
            outputs
                .files
                .insert(rel.into(), text.as_bytes().to_vec().into());
        }
        write(&outputs, &dest).unwrap();
        // First build: the copy is made of links, then changed.
        let spare = Spare::open(&dest, &keep).unwrap();
        let first = changed(&["a/b/index.html", "n/index.html"]);
        spare.prepare(&first).unwrap();
        spare.remove("a/b/index.html").unwrap();
        spare.put("n/index.html", b"new").unwrap();
        spare.commit(&first).unwrap();
        let one = vec![
            (MARK.to_owned(), MARK_TEXT.to_owned()),
            ("a/keep.html".to_owned(), "keep".to_owned()),
            ("n/index.html".to_owned(), "new".to_owned()),
            ("x.txt".to_owned(), "1".to_owned()),
        ];
        assert_eq!(tree(&dest), one);
        assert!(!dest.join("a/b").exists(), "an emptied folder goes too");
        // Second build: the copy (the first site) catches up, then changes.
        let spare = Spare::open(&dest, &keep).unwrap();
        let second = changed(&["x.txt"]);
        spare.prepare(&second).unwrap();
        spare.put("x.txt", b"2").unwrap();
        spare.commit(&second).unwrap();
        let mut two = one.clone();
        two[3].1 = "2".to_owned();
        assert_eq!(tree(&dest), two);
        // The copy is the first site again, and nothing was written through a link.
        assert_eq!(tree(&keep.join(SPARE)), one);
        let beside: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(
            beside.len(),
            2,
            "nothing is left beside the output: {beside:?}"
        );
    }
}
