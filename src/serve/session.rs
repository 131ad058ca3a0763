//! The watched site and its last good build: what a batch of changed
//! paths means, and rebuilding for it, a panic included.

use std::cell::RefCell;
use std::net::SocketAddr;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Instant;

use crate::config::{self, Overrides};
use crate::diag::{Diagnostic, Diagnostics};
use crate::output::Outputs;
use crate::pipeline::change::{Change, Layout, classify};
use crate::pipeline::{self, Build, Watched};

use super::http::ServerState;
use super::route::UrlSpace;
use super::{Options, watch};

/// Test-only: when set, a rebuild panics while a changed content file
/// holds this text, to prove that a bug in a rebuild does not stop the
/// server.
const PANIC_VAR: &str = "DEBRIEF_TEST_PANIC";

/// What the server takes from site.toml: read at start and again whenever
/// it changes.
#[derive(Debug, Default, PartialEq, Eq)]
struct Settings {
    /// The base URL's sub-path (`/blog` or empty).
    base_path: String,
    /// The theme's folder, if the site has a theme.
    theme: Option<PathBuf>,
}

impl Settings {
    /// `None` while site.toml is broken (the build reports why).
    fn read(root: &Path) -> Option<Settings> {
        let config = config::load(root, &Overrides::default()).ok()?;
        Some(Settings {
            base_path: config.base_url.path.clone(),
            theme: config.theme_dir(),
        })
    }
}

/// The build's overrides: the site at the address served, under its sub-path.
fn overrides(opts: &Options, addr: SocketAddr, base_path: &str) -> Overrides {
    Overrides {
        base_url: Some(format!("http://{addr}{base_path}")),
        drafts: opts.drafts,
        future: opts.drafts,
    }
}

/// A search index being made, and when it was started.
pub(super) type Indexing = (
    std::thread::JoinHandle<Result<crate::pipeline::SearchIndex, crate::diag::Diagnostics>>,
    Instant,
);

/// The watched site and its build.
pub(super) struct Session {
    root: PathBuf,
    overrides: Overrides,
    layout: Layout,
    pub(super) state: Arc<ServerState>,
    /// The last good build; `None` when the next rebuild must be a full one
    /// (at start, after a failed full rebuild, after a panic, or when a
    /// watched folder appeared or the served URLs changed).
    pub(super) build: Option<Build>,
    /// The warnings last printed: a rebuild prints them again only when
    /// they changed, so that an edit that makes a report vanish from the
    /// lists says so, and other edits stay quiet.
    warned: String,
    /// The pages the served search index holds only the start of, as last
    /// said: a new index says so again only of pages newly cut.
    pub(super) cuts_said: Vec<crate::search::Cut>,
    /// The output paths the last rebuild showed before it was done.
    pub(super) shown: Vec<String>,
    /// The search index being made on a thread of its own, if one is.
    pub(super) indexing: Option<Indexing>,
    /// When the last batch of changes came: the index waits for the
    /// writer to pause ([`super::search`]).
    pub(super) last_change: Instant,
    /// Set while a newer batch of changes waits (the watcher's flag): an
    /// update gives up its rest for it once the open pages are shown.
    pub(super) newer: Option<Arc<AtomicBool>>,
    /// `--quiet`: only the address, warnings and errors are printed.
    pub(super) quiet: bool,
    /// `--verbose`: every file a rebuild changed is printed.
    pub(super) verbose: bool,
}

impl Session {
    /// The session of the site at `opts.root` served at `addr`, before its
    /// first build.
    pub(super) fn start(opts: &Options, addr: SocketAddr) -> Session {
        // Read once for the URL prefix and the theme to watch; a broken
        // site.toml is reported by the first build.
        let settings = Settings::read(&opts.root).unwrap_or_default();
        let state = Arc::new(ServerState::new(
            Outputs::default(),
            UrlSpace::new(&settings.base_path),
        ));
        Session {
            root: opts.root.clone(),
            overrides: overrides(opts, addr, &settings.base_path),
            layout: Layout {
                root: opts.root.clone(),
                theme: settings.theme,
                output: Some(opts.root.join("public")),
            },
            state,
            build: None,
            warned: String::new(),
            cuts_said: Vec::new(),
            shown: Vec::new(),
            indexing: None,
            last_change: Instant::now(),
            newer: None,
            quiet: opts.quiet,
            verbose: opts.verbose,
        }
    }

    /// The changes a batch of paths means. Folders that appeared are
    /// watched from now on and, as files in them may have been written
    /// before, make the next rebuild a full one; a changed site.toml is read
    /// again for the theme to watch and the sub-path to serve at.
    pub(super) fn changes(
        &mut self,
        watcher: &mut watch::Watcher,
        paths: &[PathBuf],
    ) -> Vec<Change> {
        let mut changes = classify(&self.layout, paths);
        if watcher.rearm() {
            self.build = None;
            changes.push(Change::Config);
        }
        if changes.contains(&Change::Config)
            && let Some(settings) = Settings::read(&self.root)
        {
            self.layout.theme = settings.theme;
            let urls = self.state.urls();
            if urls.base() != settings.base_path {
                // A new sub-path: every URL in every page changes with it.
                self.overrides.base_url = overrides_base(&self.overrides, &settings.base_path);
                if let Ok(mut u) = self.state.urls.write() {
                    *u = Arc::new(UrlSpace::new(&settings.base_path));
                }
                self.build = None;
            }
        }
        changes
    }

    /// The canonical folders copied files may be served from.
    pub(super) fn roots(&self) -> Vec<PathBuf> {
        [Some(&self.root), self.layout.theme.as_ref()]
            .into_iter()
            .flatten()
            .filter_map(|p| p.canonicalize().ok())
            .collect()
    }

    /// Rebuilds for `changes` (a full build when there is no last good
    /// one): the output paths changed (`["*"]` for all), `None` when the
    /// update was given up for a newer change once the open pages were
    /// shown, or the report to show. A panic is caught and reported as a
    /// failure; the build is then dropped, so the next one starts afresh.
    pub(super) fn rebuild(&mut self, changes: &[Change]) -> Result<Option<Vec<String>>, String> {
        let roots = self.roots();
        let root = &self.root;
        let overrides = &self.overrides;
        let build = &mut self.build;
        // The pages open in the writer's tabs are shown first: rendered,
        // served and reloaded before the rest of the update.
        let state = self.state.clone();
        let viewed = state.recently_viewed();
        let broken = state.error.read().map(|e| e.is_some()).unwrap_or(true);
        let shown = RefCell::new(Vec::new());
        let wants = |path: &str| viewed.iter().any(|v| v == path);
        let started = std::time::Instant::now();
        let publish = |files: &[(String, Vec<u8>)]| {
            super::show_early(&state, files);
            if std::env::var_os("DEBRIEF_TIMINGS").is_some() {
                let ms = started.elapsed().as_secs_f64() * 1e3;
                eprintln!("  {} shown first, at {ms:.1} ms", files.len());
            }
            shown
                .borrow_mut()
                .extend(files.iter().map(|(path, _)| path.clone()));
        };
        let newer = self.newer.clone();
        let stop = || newer.as_ref().is_some_and(|n| n.load(Ordering::Acquire));
        let watched = || {
            (!broken && !viewed.is_empty()).then_some(Watched {
                wants: &wants,
                publish: &publish,
                stop: &stop,
            })
        };
        let outcome = catch_unwind(AssertUnwindSafe(|| {
            if let Some(text) = std::env::var_os(PANIC_VAR) {
                let text = text.to_string_lossy();
                let holds = |p: &Path| std::fs::read_to_string(p).is_ok_and(|t| t.contains(&*text));
                if changes
                    .iter()
                    .any(|c| matches!(c, Change::Content(p) if holds(p)))
                {
                    panic!("{PANIC_VAR}: a test asked for a panic while rebuilding");
                }
            }
            let result = match build.as_mut() {
                Some(b) => b.update_watched(changes, watched()).map(|u| {
                    (!u.superseded).then(|| u.changed.into_iter().chain(u.removed).collect())
                }),
                None => pipeline::full_pages(root, overrides).map(|b| {
                    *build = Some(b);
                    Some(vec!["*".to_owned()])
                }),
            };
            result.map_err(|diags| {
                // A failed full rebuild leaves nothing to update next time.
                diags.to_string()
            })
        }));
        self.shown = shown.into_inner();
        let failed = !matches!(outcome, Ok(Ok(_)));
        if failed && !self.shown.is_empty() {
            // The build is left as it was: so are the pages shown early.
            if let Some(b) = &self.build {
                super::mirror(&self.state, &b.outputs, &roots, &self.shown);
            }
            self.shown.clear();
        }
        match outcome {
            Ok(result) => {
                let warnings = self.build.as_ref().map(|b| b.warnings.to_string());
                if let Some(warnings) = warnings.filter(|w| *w != self.warned) {
                    eprint!("{warnings}");
                    self.warned = warnings;
                }
                result
            }
            Err(payload) => {
                self.build = None;
                let what = payload
                    .downcast_ref::<String>()
                    .map(String::as_str)
                    .or_else(|| payload.downcast_ref::<&str>().copied())
                    .unwrap_or("a panic");
                Err(Diagnostics::from(
                    Diagnostic::error(format!("debrief itself failed while rebuilding: {what}"), None)
                        .with_note("this is a bug in debrief, not in your files; please report it with the change you made")
                        .with_note("the last good site is still served; the next change rebuilds the whole site"),
                )
                .to_string())
            }
        }
    }
}

/// The overrides' base URL with its sub-path replaced by `base_path`.
fn overrides_base(overrides: &Overrides, base_path: &str) -> Option<String> {
    let current = overrides.base_url.as_deref()?;
    // `http://ADDR/old` → `http://ADDR`: the address ends at the first
    // slash after the scheme.
    let after_scheme = current.find("//").map_or(0, |i| i + 2);
    let origin_end = current[after_scheme..]
        .find('/')
        .map_or(current.len(), |i| after_scheme + i);
    Some(format!("{}{base_path}", &current[..origin_end]))
}
