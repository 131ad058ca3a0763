//! Writes outputs into a temporary folder next to the target, then swaps it
//! in: the previous output survives any failed build untouched.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::error::Error;
use crate::output::Outputs;

/// Writes `outputs` to `dest`, replacing what was there only once everything is written.
pub fn write(outputs: &Outputs, dest: &Path) -> Result<(), Error> {
    let parent = dest
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
    let name = dest
        .file_name()
        .map_or_else(|| "public".into(), |n| n.to_string_lossy().into_owned());
    let pid = std::process::id();
    let tmp = parent.join(format!(".{name}.debrief-new-{pid}"));
    let old = parent.join(format!(".{name}.debrief-old-{pid}"));
    remove_if_present(&tmp)?;
    let result = fill(outputs, &tmp).and_then(|()| swap(&tmp, dest, &old));
    if result.is_err() {
        let _ = fs::remove_dir_all(&tmp);
    }
    result
}

fn fill(outputs: &Outputs, tmp: &Path) -> Result<(), Error> {
    fs::create_dir_all(tmp).map_err(|e| Error::io(tmp, e))?;
    let dirs: std::collections::BTreeSet<PathBuf> = outputs
        .files
        .keys()
        .chain(outputs.copies.keys())
        .filter_map(|rel| Path::new(rel).parent().map(|p| tmp.join(p)))
        .collect();
    for dir in &dirs {
        fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    }
    outputs.files.par_iter().try_for_each(|(rel, bytes)| {
        let path = tmp.join(rel);
        fs::write(&path, bytes).map_err(|e| Error::io(path, e))
    })?;
    outputs
        .copies
        .par_iter()
        .filter(|(rel, _)| !outputs.files.contains_key(*rel))
        .try_for_each(|(rel, src)| {
            let path = tmp.join(rel);
            fs::copy(src, &path)
                .map(|_| ())
                .map_err(|e| Error::io(src, e))
        })
}

fn swap(tmp: &Path, dest: &Path, old: &Path) -> Result<(), Error> {
    let had_old = dest.exists();
    if had_old {
        remove_if_present(old)?;
        fs::rename(dest, old).map_err(|e| Error::io(dest, e))?;
    }
    if let Err(e) = fs::rename(tmp, dest) {
        if had_old {
            let _ = fs::rename(old, dest);
        }
        return Err(Error::io(dest, e));
    }
    if had_old {
        remove_if_present(old)?;
    }
    Ok(())
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

    use super::write;
    use crate::output::Outputs;

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
    }
}
