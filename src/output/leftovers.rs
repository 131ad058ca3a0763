//! The folders a build makes beside the output (`.NAME.debrief-WHAT-PID`),
//! and removing what killed builds left there: such a folder is recognised
//! by its name and [`MARK`], and removed unless process PID still runs.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use crate::error::Error;
use crate::output::MARK;
use crate::output::files::remove_if_present;

/// `.NAME.debrief-WHAT-PID` next to `dest`.
pub(super) fn beside(dest: &Path, what: &str) -> Result<PathBuf, Error> {
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
pub(crate) fn clean_leftovers(dest: &Path) -> Result<(), Error> {
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
pub(super) fn remove_output(path: &Path) -> Result<(), Error> {
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

#[cfg(test)]
mod tests {
    use super::clean_leftovers;
    use crate::output::{MARK, MARK_TEXT};

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
