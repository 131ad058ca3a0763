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

/// Creates `path` and fills it with what `write` writes into it, through a
/// buffer. A failure to write is the file's error, whatever `write` made
/// of it; `write`'s own error is the inner one.
pub(super) fn write_with<E>(
    path: &Path,
    write: impl FnOnce(&mut dyn Write) -> Result<(), E>,
) -> Result<Result<Stamp, E>, Error> {
    let mut out = Recorded {
        inner: io::BufWriter::with_capacity(64 * 1024, create(path)?),
        error: None,
    };
    let written = write(&mut out);
    let flushed = out.flush();
    if let Some(e) = out.error {
        return Err(Error::io(path, e));
    }
    if let Err(e) = written {
        return Ok(Err(e));
    }
    flushed.map_err(|e| Error::io(path, e))?;
    let meta = out
        .inner
        .get_ref()
        .metadata()
        .map_err(|e| Error::io(path, e))?;
    Ok(Ok(Stamp::of(&meta)))
}

/// A writer that keeps the first error its writer gave, for whoever wrote
/// through it may report only an echo of it.
struct Recorded<W> {
    inner: W,
    error: Option<io::Error>,
}

impl<W: Write> Recorded<W> {
    fn record<T>(&mut self, result: io::Result<T>) -> io::Result<T> {
        result.map_err(|e| {
            let kind = e.kind();
            if kind != io::ErrorKind::Interrupted {
                self.error.get_or_insert(e);
            }
            io::Error::from(kind)
        })
    }
}

impl<W: Write> Write for Recorded<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let result = self.inner.write(buf);
        self.record(result)
    }

    fn flush(&mut self) -> io::Result<()> {
        let result = self.inner.flush();
        self.record(result)
    }
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

#[cfg(all(test, target_os = "linux"))]
mod tests {
    use super::*;

    /// `/dev/full` takes every open and fails every write with "no space
    /// left": a disk that fills while a page is streamed into its file.
    fn full_disk(len: usize) -> Result<Result<Stamp, String>, Error> {
        write_with(Path::new("/dev/full"), |out| {
            out.write_all(&vec![b'x'; len])
                .map_err(|e| format!("the template's echo: {e}"))
        })
    }

    fn assert_no_space(result: Result<Result<Stamp, String>, Error>) {
        match result {
            Err(Error::Io { path, source }) => {
                assert_eq!(path, Path::new("/dev/full"));
                assert_eq!(source.raw_os_error(), Some(28), "{source}");
            }
            other => panic!("expected the disk's own error, got {other:?}"),
        }
    }

    #[test]
    fn a_write_failing_midway_is_the_files_error_not_the_writers_echo() {
        assert_no_space(full_disk(200 * 1024));
    }

    #[test]
    fn a_failure_only_when_the_buffer_is_flushed_is_the_files_error() {
        assert_no_space(full_disk(100));
    }

    #[test]
    fn the_writers_own_failure_is_the_inner_error() {
        let dir = tempfile::tempdir().unwrap();
        let result = write_with(&dir.path().join("page.html"), |out| {
            out.write_all(b"<p>half").map_err(|e| e.to_string())?;
            Err::<(), _>("the template failed".to_owned())
        });
        assert_eq!(result.unwrap().unwrap_err(), "the template failed");
    }
}
