//! Writing into the site: only new files, only inside the site root (no
//! `..`, no symbolic link leading out), never over an existing file.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::path::{Component, Path, PathBuf};

use crate::error::Error;

/// What became of one file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Outcome {
    /// It was written.
    Written,
    /// Something is there already; it was left alone.
    Exists,
    /// It would lead outside the site (a symbolic link out); not written.
    Outside,
}

/// Where the file `rel` (`/`-separated, relative to `root`) may be written;
/// `None` when it would lead outside the root.
pub(crate) fn target(root: &Path, rel: &str) -> Option<PathBuf> {
    let rel = Path::new(rel.trim_start_matches('/'));
    let plain = rel.components().all(|c| matches!(c, Component::Normal(_)));
    if !plain || rel.as_os_str().is_empty() {
        return None;
    }
    let full = root.join(rel);
    let root = root.canonicalize().ok()?;
    let existing = full
        .ancestors()
        .skip(1)
        .find(|dir| dir.symlink_metadata().is_ok())?;
    existing
        .canonicalize()
        .ok()?
        .starts_with(&root)
        .then_some(full)
}

/// Writes `text` to `rel` under `root` unless something is there.
pub(crate) fn text(root: &Path, rel: &str, text: &str) -> Result<Outcome, Error> {
    create(root, rel, |file| file.write_all(text.as_bytes()))
}

/// Copies the file `from` to `rel` under `root` unless something is there.
pub(crate) fn copy(root: &Path, rel: &str, from: &Path) -> Result<Outcome, Error> {
    let mut source = File::open(from).map_err(|e| Error::io(from, e))?;
    create(root, rel, |file| io::copy(&mut source, file).map(|_| ()))
}

fn create(
    root: &Path,
    rel: &str,
    fill: impl FnOnce(&mut File) -> io::Result<()>,
) -> Result<Outcome, Error> {
    let Some(full) = target(root, rel) else {
        return Ok(Outcome::Outside);
    };
    if full.symlink_metadata().is_ok() {
        return Ok(Outcome::Exists);
    }
    if let Some(dir) = full.parent() {
        fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    }
    // create_new: a file that appeared since the check above is still not overwritten.
    let mut file = match OpenOptions::new().write(true).create_new(true).open(&full) {
        Ok(file) => file,
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists => return Ok(Outcome::Exists),
        Err(e) => return Err(Error::io(&full, e)),
    };
    fill(&mut file).map_err(|e| Error::io(&full, e))?;
    Ok(Outcome::Written)
}

#[cfg(test)]
mod tests {
    use super::{Outcome, target, text};

    #[test]
    fn never_outside_never_over() {
        let dir = tempfile::tempdir().expect("temp dir");
        let root = dir.path();
        assert!(target(root, "../x.md").is_none());
        assert!(target(root, "content/../../x.md").is_none());
        assert!(target(root, "").is_none());
        assert_eq!(
            text(root, "content/a.md", "one").expect("write"),
            Outcome::Written
        );
        assert_eq!(
            text(root, "content/a.md", "two").expect("write"),
            Outcome::Exists
        );
        assert_eq!(
            std::fs::read_to_string(root.join("content/a.md")).expect("read"),
            "one"
        );
    }

    #[cfg(unix)]
    #[test]
    fn not_through_a_link_out() {
        let dir = tempfile::tempdir().expect("temp dir");
        let outside = tempfile::tempdir().expect("temp dir");
        std::os::unix::fs::symlink(outside.path(), dir.path().join("static")).expect("link");
        assert!(target(dir.path(), "static/x.png").is_none());
        assert_eq!(
            text(dir.path(), "static/x.png", "x").expect("no error"),
            Outcome::Outside
        );
        assert_eq!(std::fs::read_dir(outside.path()).expect("list").count(), 0);
    }
}
