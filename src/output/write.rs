//! Writing a build to disk. The output folder is never changed in place:
//! a build fills another folder and puts it in the output's place with one
//! atomic exchange of the two names (`renameat2(RENAME_EXCHANGE)` on Linux,
//! `renamex_np(RENAME_SWAP)` on macOS), so that after an error, or a kill
//! at any moment, the output is exactly the old site or exactly the new one.
//! Two ways to fill that folder:
//!
//! - [`Staging`]: a cold build's new folder next to the output, filled as
//!   files are rendered;
//! - [`Spare`]: a cached build's second copy of the output, kept in the
//!   build cache between builds: hard links to the output's files, brought
//!   up to date with the few paths that differ (listed in a file beside it
//!   before any of them is touched), then the files of this build written
//!   into it. After the exchange it holds the previous site, which differs
//!   from the output in just this build's files.
//!
//! Every folder made here holds [`MARK`]; what a killed build left next to
//! the output (`.NAME.debrief-new-PID`) is recognised by its name and mark
//! and removed by the next build, unless process PID still runs.

use std::collections::BTreeSet;
use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use rayon::prelude::*;

use crate::error::Error;
use crate::output::{MARK, MARK_TEXT, Outputs, Sink, Stamp};
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
    pub fn new(dest: &Path) -> Result<Staging, Error> {
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
    pub fn commit(mut self) -> Result<(), Error> {
        swap_in(&self.tmp, &self.dest)?;
        self.committed = true;
        // `tmp` holds the old output now, if there was one.
        remove_output(&self.tmp)
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

/// A second copy of the output that a cached build brings up to date and
/// exchanges with it (see the module's documentation).
pub struct Spare {
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
    pub fn open(dest: &Path, keep_in: &Path) -> Result<Spare, Error> {
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
    pub fn discard(keep_in: &Path) -> Result<(), Error> {
        remove_if_present(&keep_in.join(SPARE_DIFF))?;
        remove_if_present(&keep_in.join(SPARE))
    }

    /// Brings the copy up to date with the output everywhere but at the
    /// paths in `changed`, which the build writes or removes next: first
    /// the list of differences is extended by them, then every path it
    /// listed before is linked to the output's file again.
    pub fn prepare(&self, changed: &BTreeSet<&str>) -> Result<(), Error> {
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
    pub fn remove(&self, rel: &str) -> Result<(), Error> {
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
    pub fn commit(self, changed: &BTreeSet<&str>) -> Result<(), Error> {
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

/// An error writing `rel` into a folder that becomes `dest`, named as the
/// output file rather than as the folder's temporary name.
fn output_error(e: Error, tmp: &Path, dest: &Path, rel: &str) -> Error {
    match e {
        Error::Io { source, path } if path.starts_with(tmp) => in_the_way(source, dest, rel),
        other => other,
    }
}

/// `e` at the output file `rel`, saying what to do where a file and a
/// folder of the site want the same place.
fn in_the_way(e: io::Error, dest: &Path, rel: &str) -> Error {
    let path = dest.join(rel);
    match e.kind() {
        io::ErrorKind::IsADirectory | io::ErrorKind::NotADirectory => Error::io(
            path,
            io::Error::new(
                e.kind(),
                format!(
                    "{e}: a file of the site and a folder of it would have the same path; \
                     rename the file (in static/ or a page bundle) or the page"
                ),
            ),
        ),
        _ => Error::io(path, e),
    }
}

/// `.NAME.debrief-WHAT-PID` next to `dest`.
fn beside(dest: &Path, what: &str) -> Result<PathBuf, Error> {
    let parent = parent(dest);
    fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
    Ok(parent.join(format!(
        ".{}.debrief-{what}-{}",
        name(dest),
        std::process::id()
    )))
}

fn parent(dest: &Path) -> &Path {
    dest.parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
}

fn name(dest: &Path) -> String {
    dest.file_name()
        .map_or_else(|| "public".into(), |n| n.to_string_lossy().into_owned())
}

/// The process id in a leftover's name: `.public.debrief-new-4242` → 4242.
fn leftover_pid(file: &str, name: &str) -> Option<(&'static str, u32)> {
    let rest = file
        .strip_prefix('.')?
        .strip_prefix(name)?
        .strip_prefix(".debrief-")?;
    let (what, pid) = rest.split_once('-')?;
    let what = match what {
        "new" => "new",
        "old" => "old",
        _ => return None,
    };
    Some((what, pid.parse().ok()?))
}

/// Removes what builds that no longer run left next to `dest`: folders
/// named `.NAME.debrief-new-PID` or `-old-PID` that hold the mark (or
/// nothing, made just before the kill). Where the output was swapped in by
/// two renames and the build was killed between them, the old output is
/// put back first.
pub fn clean_leftovers(dest: &Path) -> Result<(), Error> {
    let parent = parent(dest);
    let name = name(dest);
    let Ok(entries) = fs::read_dir(parent) else {
        return Ok(());
    };
    let mut found: Vec<(&str, PathBuf)> = Vec::new();
    for entry in entries.flatten() {
        let file = entry.file_name();
        let Some((what, pid)) = file.to_str().and_then(|f| leftover_pid(f, &name)) else {
            continue;
        };
        let path = entry.path();
        if (pid == std::process::id() || !alive(pid)) && ours(&path) {
            found.push((what, path));
        }
    }
    if fs::symlink_metadata(dest).is_err()
        && let Some((_, old)) = found.iter().find(|(what, _)| *what == "old")
    {
        fs::rename(old, dest).map_err(|e| Error::io(old, e))?;
    }
    for (_, path) in found {
        remove_output(&path)?;
    }
    Ok(())
}

/// Removes an output folder, its mark last, so that a build killed while
/// removing it leaves a folder that the next build still knows as its own.
fn remove_output(path: &Path) -> Result<(), Error> {
    let entries = match fs::read_dir(path) {
        Ok(entries) => entries,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(Error::io(path, e)),
    };
    for entry in entries {
        let entry = entry.map_err(|e| Error::io(path, e))?;
        if entry.file_name() != MARK {
            remove_if_present(&entry.path())?;
        }
    }
    remove_if_present(&path.join(MARK))?;
    fs::remove_dir(path).map_err(|e| Error::io(path, e))
}

/// Whether `path` is a folder this module made: it holds the mark, or
/// nothing, and no version-control folder.
fn ours(path: &Path) -> bool {
    let is_dir = fs::symlink_metadata(path).is_ok_and(|m| m.is_dir());
    let vcs = crate::output::guard::VERSION_CONTROL
        .iter()
        .any(|v| path.join(v).exists());
    is_dir
        && !vcs
        && (path.join(MARK).is_file() || fs::read_dir(path).is_ok_and(|mut d| d.next().is_none()))
}

#[cfg(unix)]
fn alive(pid: u32) -> bool {
    use rustix::process::{Pid, test_kill_process};
    let Some(pid) = i32::try_from(pid).ok().and_then(Pid::from_raw) else {
        return false;
    };
    match test_kill_process(pid) {
        Ok(()) => true,
        Err(e) => e == rustix::io::Errno::PERM,
    }
}

#[cfg(not(unix))]
fn alive(_pid: u32) -> bool {
    false
}

/// Puts the folder `new` in place of `dest`; the old output, if there was
/// one, is at `new` afterwards. One atomic exchange where the system has
/// it; elsewhere (or on a file system without it) two renames, with a
/// moment between them without `dest`, which the next build repairs (see
/// [`clean_leftovers`]).
fn swap_in(new: &Path, dest: &Path) -> Result<(), Error> {
    if fs::symlink_metadata(dest).is_err() {
        return fs::rename(new, dest).map_err(|e| Error::io(dest, e));
    }
    if exchange(new, dest).map_err(|e| Error::io(dest, e))? {
        return Ok(());
    }
    let old = beside(dest, "old")?;
    remove_if_present(&old)?;
    fs::rename(dest, &old).map_err(|e| Error::io(dest, e))?;
    if let Err(e) = fs::rename(new, dest) {
        let _ = fs::rename(&old, dest);
        return Err(Error::io(dest, e));
    }
    fs::rename(&old, new).map_err(|e| Error::io(&old, e))
}

/// Exchanges two folders atomically; `false` where the system cannot.
#[cfg(any(target_os = "linux", target_os = "android", target_vendor = "apple"))]
fn exchange(a: &Path, b: &Path) -> io::Result<bool> {
    use rustix::fs::{CWD, RenameFlags, renameat_with};
    use rustix::io::Errno;
    match renameat_with(CWD, a, CWD, b, RenameFlags::EXCHANGE) {
        Ok(()) => Ok(true),
        Err(e) if e == Errno::INVAL || e == Errno::NOSYS || e == Errno::NOTSUP => Ok(false),
        Err(e) => Err(e.into()),
    }
}

#[cfg(not(any(target_os = "linux", target_os = "android", target_vendor = "apple")))]
fn exchange(_a: &Path, _b: &Path) -> io::Result<bool> {
    Ok(false)
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

    use std::collections::BTreeSet;

    use super::{SPARE, Spare, clean_leftovers, write};
    use crate::output::{MARK, MARK_TEXT, Outputs, Sink};

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

    #[test]
    fn leftovers_of_killed_builds_are_removed_but_not_other_folders() {
        let dir = tempfile::tempdir().unwrap();
        let dest = dir.path().join("public");
        let dead = dir.path().join(".public.debrief-new-999999999");
        let empty = dir.path().join(".public.debrief-new-999999998");
        let foreign = dir.path().join(".public.debrief-new-999999997");
        let running = dir.path().join(format!(".public.debrief-new-{}", 1));
        for d in [&dead, &empty, &foreign, &running] {
            std::fs::create_dir_all(d).unwrap();
        }
        std::fs::write(dead.join(MARK), MARK_TEXT).unwrap();
        std::fs::write(running.join(MARK), MARK_TEXT).unwrap();
        std::fs::write(foreign.join("thesis.tex"), "mine").unwrap();
        clean_leftovers(&dest).unwrap();
        assert!(!dead.exists() && !empty.exists());
        assert!(foreign.exists(), "a folder without the mark stays");
        assert!(
            running.exists(),
            "the folder of a running process (init) stays"
        );
    }
}
