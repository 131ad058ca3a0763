//! Putting a filled folder in the output's place: one atomic exchange of
//! the two names (`renameat2(RENAME_EXCHANGE)` on Linux,
//! `renamex_np(RENAME_SWAP)` on macOS), two renames elsewhere.

use std::fs;
use std::io;
use std::path::Path;

use crate::error::Error;
use crate::output::files::remove_if_present;
use crate::output::leftovers::beside;

/// Puts the folder `new` in place of `dest`; the old output, if there was
/// one, is at `new` afterwards. One atomic exchange where the system has
/// it; elsewhere (or on a file system without it) two renames, with a
/// moment between them without `dest`, which the next build repairs (see
/// [`clean_leftovers`](super::leftovers::clean_leftovers)).
pub(super) fn swap_in(new: &Path, dest: &Path) -> Result<(), Error> {
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
