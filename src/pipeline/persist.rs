//! The build cache in `.debrief-cache/`: what one `debrief build` leaves
//! for the next, so that it redoes only what changed.
//!
//! It holds what lists need of every rendered body (keyed by the file's
//! text and stamp), every output's fingerprint, and the size and
//! modification time of every file written. The bulk of it, the summaries,
//! `@/` links and parsed front matter of the bodies, is a file of its own,
//! rewritten only when one of them changed (most edits touch none).
//!
//! It is valid only for the same binary, configuration, templates, UI
//! strings and output folder ([`key`]); an output file that is no longer the
//! one written last time is rendered again.

use std::hash::{BuildHasher, Hash, Hasher};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use super::bodies::CachedBody;
use crate::config::Config;
use crate::i18n::Catalog;
use crate::output::Stamp;
use crate::render::templates::TemplateSources;
use crate::site::FastMap;

/// The cache folder, in the site root.
pub(crate) const DIR: &str = ".debrief-cache";
const FILE: &str = "build.bin";
const LISTS: &str = "lists.bin";
/// Raised whenever the layout below changes.
const FORMAT: u32 = 6;

/// What a build left for the next one.
#[derive(Serialize, Deserialize)]
pub(super) struct Snapshot {
    pub(super) key: u64,
    pub(super) url_set: u64,
    /// The digest of `lists.bin`: the summaries, links and parsed front matter of `bodies`.
    pub(super) lists: u64,
    /// Every body, with only what lists show of it.
    pub(super) bodies: Vec<CachedBody>,
    /// Output path → fingerprint of what it was rendered from.
    pub(super) fingerprints: FastMap<String, u64>,
    /// Rendered output path → the file as written.
    pub(super) files: Files,
    /// Copied output path → what was copied and the copy as written.
    pub(super) copies: FastMap<String, Copied>,
    /// The fingerprint of the pages the search index was made from
    /// (`search::fingerprint`); its files are among `files`.
    pub(super) search: u64,
    /// The pages that index holds only the start of.
    pub(super) search_cuts: Vec<crate::search::Cut>,
}

/// A static file or bundle asset as copied.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(super) struct Copied {
    pub(super) src: PathBuf,
    pub(super) src_stamp: Stamp,
    pub(super) stamp: Stamp,
}

/// Everything besides content that a build's output depends on: the
/// binary, the configuration (with the command-line overrides), templates,
/// UI strings and where the output goes.
pub(super) fn key(
    config: &Config,
    catalog: &Catalog,
    templates: &TemplateSources,
    dest: &Path,
) -> u64 {
    let mut h = ahash::RandomState::with_seeds(5, 6, 7, 8).build_hasher();
    (FORMAT, env!("CARGO_PKG_VERSION")).hash(&mut h);
    let exe = std::env::current_exe().ok();
    exe.as_deref().and_then(Stamp::read).hash(&mut h);
    // The same site and output however their paths are spelled.
    let mut config = config.clone();
    config.root = crate::output::guard::resolved(&config.root);
    format!("{config:?}").hash(&mut h);
    (templates, catalog).hash(&mut h);
    crate::output::guard::resolved(dest).hash(&mut h);
    h.finish()
}

fn path(root: &Path) -> PathBuf {
    root.join(DIR).join(FILE)
}

/// The summary, `@/` links and parsed front matter of a body, by file.
type ListEntry = (PathBuf, Option<String>, Vec<(String, String)>, Arc<str>);

/// The summaries, links and parsed front matter of every body, stored apart.
#[derive(Serialize, Deserialize)]
struct Lists {
    digest: u64,
    entries: Vec<ListEntry>,
}

/// The snapshot the last build left, if it is there and `key` matches.
pub(super) fn load(root: &Path, key: u64) -> Option<Snapshot> {
    // Each file on a core of its own (with the content walk done).
    let (snapshot, lists) = rayon::join(
        || {
            let bytes = std::fs::read(path(root)).ok()?;
            postcard::from_bytes::<Snapshot>(&bytes)
                .ok()
                .filter(|s| s.key == key)
        },
        || {
            let bytes = std::fs::read(root.join(DIR).join(LISTS)).ok()?;
            postcard::from_bytes::<Lists>(&bytes).ok()
        },
    );
    let (mut snapshot, lists) = (snapshot?, lists?);
    if lists.digest != snapshot.lists || lists.entries.len() != snapshot.bodies.len() {
        return None;
    }
    // Both are stored in the order of the files' paths.
    for (body, (shown, summary, links, front)) in snapshot.bodies.iter_mut().zip(lists.entries) {
        if body.shown != shown {
            return None;
        }
        body.front = front;
        let rendered = Arc::make_mut(&mut body.rendered);
        rendered.summary = summary;
        rendered.links = links;
    }
    Some(snapshot)
}

/// Whether the home page and sitemap in `dest` are the files the build
/// cache of the site at `root` records writing, whatever build wrote them:
/// how an output made by an older debrief, before outputs were marked, is
/// told from a folder that only looks like one.
pub(crate) fn records_output(root: &Path, dest: &Path) -> bool {
    let Some(snapshot) = std::fs::read(path(root))
        .ok()
        .and_then(|bytes| postcard::from_bytes::<Snapshot>(&bytes).ok())
    else {
        return false;
    };
    ["index.html", "sitemap.xml"].iter().all(|rel| {
        (snapshot.files.get(*rel)).is_some_and(|s| Stamp::read(&dest.join(rel)) == Some(*s))
    })
}

/// Stores `snapshot` for the next build; `stored` is the digest of the
/// `lists.bin` already on disk, if it was read.
pub(super) fn save(
    root: &Path,
    mut snapshot: Snapshot,
    stored: Option<u64>,
) -> std::io::Result<()> {
    let dir = root.join(DIR);
    std::fs::create_dir_all(&dir)?;
    // By the paths' bytes: comparing them as paths, component by component,
    // took 15 ms for 10,000 files.
    snapshot
        .bodies
        .par_sort_by(|a, b| a.shown.as_os_str().cmp(b.shown.as_os_str()));
    let entries: Vec<ListEntry> = snapshot
        .bodies
        .iter_mut()
        .map(|b| {
            let rendered = Arc::make_mut(&mut b.rendered);
            let summary = rendered.summary.take();
            let links = std::mem::take(&mut rendered.links);
            (b.shown.clone(), summary, links, b.front.clone())
        })
        .collect();
    snapshot.lists = ahash::RandomState::with_seeds(9, 10, 11, 12).hash_one(&entries);
    // Each file encoded and written on a core of its own. Should one of
    // them fail, a pair that does not belong together fails the digest
    // check in `load` and is ignored.
    let lists = Lists {
        digest: snapshot.lists,
        entries,
    };
    let (lists, build) = rayon::join(
        || {
            if stored == Some(lists.digest) {
                Ok(())
            } else {
                write_atomically(&dir.join(LISTS), &lists)
            }
        },
        || write_atomically(&path(root), &snapshot),
    );
    lists.and(build)
}

fn write_atomically(file: &Path, value: &impl Serialize) -> std::io::Result<()> {
    let bytes = postcard::to_stdvec(value).map_err(std::io::Error::other)?;
    let mut tmp = file.as_os_str().to_owned();
    tmp.push(format!(".{}", std::process::id()));
    std::fs::write(&tmp, bytes)?;
    std::fs::rename(&tmp, file)
}

/// Which files of the last build's output are still the ones it wrote,
/// found on a thread of its own while the model is assembled (which
/// leaves a core idle).
pub(super) struct OutputCheck(std::thread::JoinHandle<(Files, Files)>);

/// Output path → the file as written.
pub(super) type Files = FastMap<String, Stamp>;

impl OutputCheck {
    /// Starts checking the files `written` under `dest`.
    pub(super) fn start(dest: &Path, written: Files) -> OutputCheck {
        let dest = dest.to_path_buf();
        OutputCheck(std::thread::spawn(move || {
            let unchanged = written
                .iter()
                .filter(|(rel, stamp)| Stamp::read(&dest.join(rel)).as_ref() == Some(*stamp))
                .map(|(rel, stamp)| (rel.clone(), *stamp))
                .collect();
            (written, unchanged)
        }))
    }

    /// The files written, and those of them still as written.
    pub(super) fn join(self) -> (Files, Files) {
        self.0
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
    }
}

/// Shown path → stamp and parsed front matter of every content file whose
/// body `snapshot` holds.
pub(super) fn known_sources(snapshot: &Snapshot) -> crate::content::Known {
    snapshot
        .bodies
        .iter()
        .filter_map(|b| b.stamp.map(|s| (b.shown.clone(), (s, b.front.clone()))))
        .collect()
}
