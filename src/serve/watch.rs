//! Watching the site's folders: debounced batches of changed paths.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, mpsc};
use std::time::Duration;

use notify_debouncer_full::notify::{EventKind, RecommendedWatcher, RecursiveMode};
use notify_debouncer_full::{DebounceEventResult, Debouncer, RecommendedCache, new_debouncer};

/// How long to wait for more events before rebuilding: editors write a file
/// in several steps, within a few milliseconds.
const DEBOUNCE: Duration = Duration::from_millis(5);

/// The site's source folders, watched whole; the root itself is watched
/// for `site.toml` and for these folders appearing.
const FOLDERS: [&str; 5] = ["content", "templates", "static", "i18n", "themes"];

/// A running watcher; dropping it stops watching.
pub(crate) struct Watcher {
    debouncer: Debouncer<RecommendedWatcher, RecommendedCache>,
    /// Each of [`FOLDERS`] and the folder watched there, if any (a folder
    /// deleted and made again is another folder, to be watched anew).
    armed: Vec<(PathBuf, Option<same_file::Handle>)>,
    /// Batches of changed paths.
    batches: mpsc::Receiver<Vec<PathBuf>>,
    /// Set when a batch is sent; whoever takes batches clears it, so that
    /// a long rebuild can see that a newer change waits.
    pub waiting: Arc<AtomicBool>,
}

impl Watcher {
    /// The changed paths of every batch sent so far, waiting up to
    /// `timeout` for the first; clears [`Watcher::waiting`].
    pub(crate) fn take(&self, timeout: Duration) -> Result<Vec<PathBuf>, mpsc::RecvTimeoutError> {
        let mut paths = self.batches.recv_timeout(timeout)?;
        self.waiting.store(false, Ordering::Release);
        while let Ok(more) = self.batches.try_recv() {
            paths.extend(more);
        }
        paths.sort();
        paths.dedup();
        Ok(paths)
    }

    /// Watches each source folder that appeared (or was made again) since
    /// the last call; whether there was one. Files written into a new
    /// folder before it was watched send no event: the caller rebuilds
    /// everything when this says yes.
    pub(crate) fn rearm(&mut self) -> bool {
        let mut appeared = false;
        for (dir, armed) in &mut self.armed {
            let now = same_file::Handle::from_path(&*dir)
                .ok()
                .filter(|_| dir.is_dir());
            if now == *armed {
                continue;
            }
            if let Some(now) = now {
                if armed.is_some() {
                    let _ = self.debouncer.unwatch(&*dir);
                }
                if let Err(e) = self.debouncer.watch(&*dir, RecursiveMode::Recursive) {
                    eprintln!("warning: cannot watch {}: {e}", dir.display());
                    continue;
                }
                appeared = true;
                *armed = Some(now);
            } else {
                *armed = None;
            }
        }
        appeared
    }
}

/// Watches `site.toml` and the site's source folders (not the whole root,
/// which may hold a large `target/` or `.git/`).
pub(crate) fn start(root: &Path) -> Result<Watcher, String> {
    let (tx, rx) = mpsc::channel();
    let waiting = Arc::new(AtomicBool::new(false));
    let flag = waiting.clone();
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
                flag.store(true, Ordering::Release);
                let _ = tx.send(paths);
            }
        }
    })
    .map_err(|e| format!("cannot watch files: {e}"))?;
    debouncer
        .watch(root, RecursiveMode::NonRecursive)
        .map_err(|e| format!("cannot watch {}: {e}", root.display()))?;
    let mut watcher = Watcher {
        debouncer,
        armed: FOLDERS.iter().map(|d| (root.join(d), None)).collect(),
        batches: rx,
        waiting,
    };
    watcher.rearm();
    Ok(watcher)
}
