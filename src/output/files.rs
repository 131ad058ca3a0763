//! One file of an output folder being filled: created (its folder made
//! when missing), written or copied, removed; errors named as the output
//! file, not as the folder's temporary name.

use std::fs;
use std::io::{self, Write};
use std::path::Path;

use crate::error::Error;
use crate::output::Stamp;

/// An error writing `rel` into a folder that becomes `dest`, named as the
/// output file rather than as the folder's temporary name.
pub(super) fn output_error(e: Error, tmp: &Path, dest: &Path, rel: &str) -> Error {
    match e {
        Error::Io { source, path } if path.starts_with(tmp) => in_the_way(source, dest, rel),
        other => other,
    }
}

/// `e` at the output file `rel`, saying what to do where a file and a
/// folder of the site want the same place.
pub(super) fn in_the_way(e: io::Error, dest: &Path, rel: &str) -> Error {
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

pub(super) fn write_file(path: &Path, bytes: &[u8]) -> Result<Stamp, Error> {
    let mut file = create(path)?;
    file.write_all(bytes).map_err(|e| Error::io(path, e))?;
    let meta = file.metadata().map_err(|e| Error::io(path, e))?;
    Ok(Stamp::of(&meta))
}

pub(super) fn copy_file(src: &Path, dest: &Path) -> Result<Stamp, Error> {
    let mut from = fs::File::open(src).map_err(|e| Error::io(src, e))?;
    let mut to = create(dest)?;
    io::copy(&mut from, &mut to).map_err(|e| Error::io(src, e))?;
    let meta = to.metadata().map_err(|e| Error::io(dest, e))?;
    Ok(Stamp::of(&meta))
}

pub(super) fn remove_if_present(path: &Path) -> Result<(), Error> {
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
