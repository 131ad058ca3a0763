//! A file's [`Stamp`]: below every stage, as both ends of a build use it
//! (content tells an unchanged source by it, output an unchanged file).

use std::path::Path;

use serde::{Deserialize, Serialize};

/// A file's size and modification time: how a cached build tells that an
/// output file is still the one it wrote (or a source the one it copied).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Stamp {
    /// Size in bytes.
    pub len: u64,
    /// Modification time, in nanoseconds since the Unix epoch.
    pub modified: u128,
}

impl Stamp {
    /// The stamp of a file's metadata.
    pub fn of(meta: &std::fs::Metadata) -> Stamp {
        let modified = meta
            .modified()
            .ok()
            .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
            .map_or(0, |d| d.as_nanos());
        Stamp {
            len: meta.len(),
            modified,
        }
    }

    /// The stamp of a file that may change under us (a source): none when
    /// its modification time is unknown, since then its size alone would
    /// have to say whether it changed.
    pub fn known(meta: &std::fs::Metadata) -> Option<Stamp> {
        Some(Stamp::of(meta)).filter(|s| s.modified != 0)
    }

    /// The [`known`](Stamp::known) stamp of the file at `path`.
    pub fn read(path: &Path) -> Option<Stamp> {
        std::fs::metadata(path).ok().and_then(|m| Stamp::known(&m))
    }
}
