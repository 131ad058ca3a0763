//! Watching the site's folders: debounced batches of changed paths.

use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::Duration;

use notify_debouncer_full::notify::{EventKind, RecommendedWatcher, RecursiveMode};
use notify_debouncer_full::{DebounceEventResult, Debouncer, RecommendedCache, new_debouncer};

/// How long to wait for more events before rebuilding: editors write a file
/// in several steps, within a few milliseconds.
const DEBOUNCE: Duration = Duration::from_millis(10);

/// A running watcher; dropping it stops watching.
pub struct Watcher {
    _debouncer: Debouncer<RecommendedWatcher, RecommendedCache>,
    /// Batches of changed paths.
    pub batches: mpsc::Receiver<Vec<PathBuf>>,
}

/// Watches `site.toml` and the site's source folders (not the whole root,
/// which may hold a large `target/` or `.git/`).
pub fn start(root: &Path) -> Result<Watcher, String> {
    let (tx, rx) = mpsc::channel();
    let mut debouncer = new_debouncer(DEBOUNCE, None, move |result: DebounceEventResult| {
        if let Ok(events) = result {
            // Reading a file is not changing it: the build's own reads must not
            // trigger another build.
            let mut paths: Vec<PathBuf> = events
                .into_iter()
                .filter(|e| !matches!(e.event.kind, EventKind::Access(_) | EventKind::Other))
                .flat_map(|e| e.event.paths)
                .collect();
            paths.sort();
            paths.dedup();
            if !paths.is_empty() {
                let _ = tx.send(paths);
            }
        }
    })
    .map_err(|e| format!("cannot watch files: {e}"))?;
    debouncer
        .watch(root, RecursiveMode::NonRecursive)
        .map_err(|e| format!("cannot watch {}: {e}", root.display()))?;
    for dir in ["content", "templates", "static", "i18n", "themes"] {
        let dir = root.join(dir);
        if dir.is_dir() {
            debouncer
                .watch(&dir, RecursiveMode::Recursive)
                .map_err(|e| format!("cannot watch {}: {e}", dir.display()))?;
        }
    }
    Ok(Watcher {
        _debouncer: debouncer,
        batches: rx,
    })
}
