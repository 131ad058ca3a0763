//! Which folder a build may replace: the output folder is replaced whole,
//! so it must be one that debrief made (it holds [`MARK`]), an empty one or
//! a new one, and never the site's sources or a folder holding them.

use std::fs;
use std::path::{Path, PathBuf};

use crate::error::Error;
use crate::output::MARK;

/// The site's own folders, which no output may be inside.
const SOURCES: [&str; 6] = [
    "content",
    "static",
    "templates",
    "themes",
    "i18n",
    ".debrief-cache",
];

/// Folders of version-control systems: an output holding one is never
/// replaced, marked or not (a deploy checkout that got a copy of the mark).
pub(crate) const VERSION_CONTROL: [&str; 4] = [".git", ".hg", ".svn", ".jj"];

/// Checks that a build of the site at `root` may replace `dest`. An
/// unmarked folder is accepted when `older_output` says it is one an older
/// debrief made (before outputs were marked); then the note to print is
/// returned.
pub(crate) fn check(
    root: &Path,
    dest: &Path,
    older_output: impl FnOnce() -> bool,
) -> Result<Option<String>, Error> {
    let refuse = |why: String| {
        Err(Error::Usage(format!(
            "refusing to write the site into {}: {why}",
            dest.display()
        )))
    };
    if let Some(why) = among_sources(root, dest) {
        return refuse(why);
    }
    // `link/` would follow the link: look at the name without its slashes.
    let named: PathBuf = dest
        .to_str()
        .map(|s| s.trim_end_matches('/'))
        .filter(|s| !s.is_empty())
        .map_or_else(|| dest.to_path_buf(), PathBuf::from);
    let meta = match fs::symlink_metadata(&named) {
        Ok(meta) => meta,
        Err(_) => return Ok(None),
    };
    match replaceable(dest, &meta, older_output) {
        Ok(note) => Ok(note),
        Err(why) => refuse(why),
    }
}

/// Why `dest` is no place for the output of the site at `root`: the root
/// itself, a folder holding it or inside its sources, or a name that is
/// not the folder's own.
fn among_sources(root: &Path, dest: &Path) -> Option<String> {
    let (root_abs, dest_abs) = (resolved(root), resolved(dest));
    if dest_abs == root_abs {
        return Some(
            "it is the site root, and the output folder is replaced whole; \
             leave out --output to write into public/, or choose a folder of its own"
                .to_owned(),
        );
    }
    if root_abs.starts_with(&dest_abs) {
        return Some(
            "it holds the site's sources, and the output folder is replaced whole; \
             leave out --output to write into public/, or choose a folder of its own"
                .to_owned(),
        );
    }
    if let Some(source) = SOURCES
        .iter()
        .find(|d| dest_abs.starts_with(root_abs.join(d)))
    {
        return Some(format!(
            "it is inside the site's {source}/ folder, and the output folder is replaced whole; \
             leave out --output to write into public/, or choose a folder outside the sources"
        ));
    }
    if dest.components().next_back().is_some_and(|c| {
        matches!(
            c,
            std::path::Component::ParentDir | std::path::Component::CurDir
        )
    }) {
        return Some("it ends in `.` or `..`; name the output folder itself".to_owned());
    }
    None
}

/// Whether the existing `dest` (with `meta`) may be replaced: a folder,
/// with debrief's mark and no version control, or empty, or the output of
/// an older debrief (`older_output`), which the returned note tells of.
/// Otherwise why not.
fn replaceable(
    dest: &Path,
    meta: &fs::Metadata,
    older_output: impl FnOnce() -> bool,
) -> Result<Option<String>, String> {
    if meta.file_type().is_symlink() {
        return Err(
            "it is a symbolic link, which the build would replace with a folder; \
             give the folder it points to as --output"
                .to_owned(),
        );
    }
    if !meta.is_dir() {
        return Err(
            "it is a file, not a folder; give --output a new or empty folder, \
             or one that debrief built before"
                .to_owned(),
        );
    }
    let vcs = VERSION_CONTROL.iter().find(|v| dest.join(v).exists());
    if let Some(vcs) = vcs.filter(|_| dest.join(MARK).is_file()) {
        return Err(format!(
            "it holds {vcs}, a version-control folder, which the build would delete with the \
             rest; build into public/ (or another folder of its own) and copy the site from there"
        ));
    }
    if dest.join(MARK).is_file() || fs::read_dir(dest).is_ok_and(|mut d| d.next().is_none()) {
        return Ok(None);
    }
    if older_output() {
        return Ok(Some(format!(
            "note: {} holds no {MARK}, but the build cache records it as this site's output \
             (built by an older debrief): replacing it, marked from now on",
            dest.display()
        )));
    }
    Err(format!(
        "it is not empty and holds no {MARK}, the mark debrief leaves in every output \
         folder it builds, so it would be replaced whole with files debrief did not make; \
         give --output a new or empty folder, or empty this one first"
    ))
}

/// `path` made absolute, with its longest existing ancestor resolved
/// (`.`, `..`, links), so that `--output .` and `--output ../site` are caught.
pub(crate) fn resolved(path: &Path) -> PathBuf {
    let path = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let mut existing = path.as_path();
    let mut rest = Vec::new();
    while let (Err(_), Some(parent), Some(name)) = (
        existing.canonicalize(),
        existing.parent(),
        existing.file_name(),
    ) {
        rest.push(name);
        existing = parent;
    }
    let mut resolved = existing
        .canonicalize()
        .unwrap_or_else(|_| existing.to_path_buf());
    resolved.extend(rest.iter().rev());
    resolved
}
