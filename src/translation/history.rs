//! Where the version of an original that a translation was stamped with
//! is found again: the site's git history (read with `gix`, the working
//! tree's uncommitted text included), else the build cache, which keeps
//! originals' texts by stamp in `.debrief-cache/originals/`.

use std::path::{Path, PathBuf};

use gix::bstr::ByteSlice;

use super::stamp::Text;
use crate::content::date::Date;

/// The folder of the build cache that keeps originals' texts by stamp.
const CACHE: &str = ".debrief-cache/originals";

/// Where an old version was found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Origin {
    /// In this commit (its short id), at this path.
    Commit(String, PathBuf),
    /// In the build cache.
    Cache,
}

/// What is known of an original's history since a stamp.
#[derive(Debug, Clone, Default)]
pub(crate) struct Lookup {
    /// The stamped version, when it was found.
    pub old: Option<(Text, Origin)>,
    /// When the original first differed from the stamped version: the
    /// commit that changed it, or the file's modification time for a change
    /// not committed yet. Unknown without git.
    pub since: Option<Date>,
}

/// Looks for the version of the original at `file` (under the site `root`)
/// whose stamp is `stamp`.
pub(crate) fn find(root: &Path, file: &Path, stamp: &str) -> Lookup {
    let mut found = git(root, file, stamp).unwrap_or_default();
    if found.old.is_none()
        && let Some(text) = cached(root, stamp)
    {
        found.old = Some((text, Origin::Cache));
    }
    found
}

/// Keeps `text` in the build cache under its stamp (once).
pub(crate) fn keep(root: &Path, text: &Text) -> std::io::Result<()> {
    let dir = root.join(CACHE);
    let path = dir.join(format!("{}.json", text.stamp()));
    if path.exists() {
        return Ok(());
    }
    std::fs::create_dir_all(&dir)?;
    let json = serde_json::to_vec(text).map_err(std::io::Error::other)?;
    let tmp = path.with_extension("tmp");
    std::fs::write(&tmp, json)?;
    std::fs::rename(tmp, path)
}

/// Keeps in the build cache the original of every translation whose stamp
/// is current, so that a later edit of it can be shown outside git too.
pub(crate) fn keep_current(site: &crate::site::Site) {
    for page in &site.pages {
        let (Some(stamp), Some(original)) = (&page.front.translated_from, page.original) else {
            continue;
        };
        if page.outdated || cached(&site.config.root, stamp).is_some() {
            continue;
        }
        let text = crate::site::translations::text_of(site.page(original));
        if let Some(text) = text.filter(|t| &t.stamp() == stamp) {
            // A cache that cannot be written only loses the fallback.
            let _ = keep(&site.config.root, &text);
        }
    }
}

/// The text the build cache keeps under `stamp`.
fn cached(root: &Path, stamp: &str) -> Option<Text> {
    // A stamp is hex; anything else names no file.
    if stamp.is_empty() || !stamp.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    let bytes = std::fs::read(root.join(CACHE).join(format!("{stamp}.json"))).ok()?;
    serde_json::from_slice(&bytes).ok()
}

/// The stamped version in the git history of the repository `root` is in.
fn git(root: &Path, file: &Path, stamp: &str) -> Option<Lookup> {
    let repo = gix::discover(root).ok()?;
    let workdir = repo.workdir()?.canonicalize().ok()?;
    let mut rel = file
        .canonicalize()
        .ok()?
        .strip_prefix(&workdir)
        .ok()?
        .to_path_buf();
    let working = std::fs::read_to_string(file)
        .ok()
        .and_then(|t| Text::of_file(&t));
    if working.as_ref().is_some_and(|t| t.stamp() == stamp) {
        return Some(Lookup::default());
    }
    let head = repo.head_commit().ok()?;
    let modified = std::fs::metadata(file).and_then(|m| m.modified()).ok();
    // The time of the oldest version seen so far, all of which differ
    // from the stamp: the working tree's, then each commit's.
    let mut since = modified
        .and_then(|m| jiff::Timestamp::try_from(m).ok())
        .map(Date::of_instant);
    let mut last_blob = None;
    let walk = repo.rev_walk([head.id]).first_parent_only().all().ok()?;
    for info in walk {
        let commit = info.ok()?.object().ok()?;
        let tree = commit.tree().ok()?;
        let blob_id = match tree.lookup_entry_by_path(&rel).ok()? {
            Some(entry) => entry.oid().to_owned(),
            // Not there under this name: a rename keeps the blob.
            None => match last_blob.and_then(|id| renamed_from(&tree, id)) {
                Some(path) => {
                    rel = path;
                    last_blob.expect("a rename was found from it")
                }
                // Renamed and edited at once: any file of the older
                // history may be the stamped version.
                None => {
                    let old = anywhere(&repo, &commit, stamp)?;
                    return Some(Lookup { old, since });
                }
            },
        };
        let blob = repo.find_blob(blob_id).ok()?;
        let text = blob.data.to_str().ok().and_then(Text::of_file);
        if let Some(text) = text.filter(|t| t.stamp() == stamp) {
            let short = commit.id().shorten_or_id().to_string();
            return Some(Lookup {
                old: Some((text, Origin::Commit(short, rel))),
                since,
            });
        }
        // The change came in the commit visited before this one (or is
        // not committed yet).
        since = commit
            .time()
            .ok()
            .and_then(|t| jiff::Timestamp::from_second(t.seconds).ok())
            .map(Date::of_instant)
            .or(since);
        last_blob = Some(blob_id);
    }
    Some(Lookup { old: None, since })
}

/// The stamped version in any Markdown file of `from` or the commits
/// before it.
fn anywhere(
    repo: &gix::Repository,
    from: &gix::Commit<'_>,
    stamp: &str,
) -> Option<Option<(Text, Origin)>> {
    let mut seen = std::collections::HashSet::new();
    for info in repo.rev_walk([from.id]).all().ok()? {
        let commit = info.ok()?.object().ok()?;
        let mut recorder = gix::traverse::tree::Recorder::default();
        commit
            .tree()
            .ok()?
            .traverse()
            .breadthfirst(&mut recorder)
            .ok()?;
        for entry in recorder.records {
            if !entry.filepath.ends_with(b".md") || !seen.insert(entry.oid) {
                continue;
            }
            let Ok(blob) = repo.find_blob(entry.oid) else {
                continue;
            };
            let text = blob.data.to_str().ok().and_then(Text::of_file);
            if let Some(text) = text.filter(|t| t.stamp() == stamp) {
                let short = commit.id().shorten_or_id().to_string();
                let path = entry.filepath.to_path().ok()?.to_path_buf();
                return Some(Some((text, Origin::Commit(short, path))));
            }
        }
    }
    Some(None)
}

/// The path in `tree` of the Markdown file that is blob `id`.
fn renamed_from(tree: &gix::Tree<'_>, id: gix::ObjectId) -> Option<PathBuf> {
    let mut recorder = gix::traverse::tree::Recorder::default();
    tree.traverse().breadthfirst(&mut recorder).ok()?;
    recorder
        .records
        .into_iter()
        .find(|e| e.oid == id && e.filepath.ends_with(b".md"))
        .and_then(|e| e.filepath.to_path().ok().map(Path::to_path_buf))
}
