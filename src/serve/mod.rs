//! `debrief serve`: build, serve the result from memory, and with `--watch`
//! rebuild incrementally on every change and reload open tabs.
//!
//! 1. bind the port first, so the site is built with the URL it is served at;
//! 2. a full build; if it fails, the server starts anyway and shows the error;
//! 3. serve the outputs (never the user's public/) with a reload script;
//! 4. on each batch of file changes: `Build::update`, swap the outputs in,
//!    tell the tabs; on an error keep the last good outputs and show an overlay.
//!
//! A rebuild is a boundary a bug cannot cross: a panic in it is reported
//! like a failed build (overlay and log) and the last good site stays up.

pub mod http;
pub mod reload;
pub mod route;
pub mod watch;

use std::net::{IpAddr, SocketAddr};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::sync::mpsc::RecvTimeoutError;
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};

use crate::config::{self, Overrides};
use crate::diag::{Diagnostic, Diagnostics};
use crate::error::Error;
use crate::output::Outputs;
use crate::pipeline::change::{Change, Layout, classify};
use crate::pipeline::{self, Build};

use http::ServerState;
use reload::Reloader;
use route::UrlSpace;

/// What `serve` was asked to do.
#[derive(Debug, Clone)]
pub struct Options {
    /// The site root.
    pub root: PathBuf,
    /// Address to bind (loopback by default).
    pub interface: IpAddr,
    /// Port; 0 picks a free one.
    pub port: u16,
    /// Rebuild on changes.
    pub watch: bool,
    /// Include drafts and future pages.
    pub drafts: bool,
    /// Open a browser tab.
    pub open: bool,
}

/// How long to wait, after a rebuild failed, for the rest of a file being
/// written: an editor that truncates before writing (as VS Code does) is
/// sometimes caught with the file empty or cut short. Only a failure that
/// outlasts this is reported.
const SETTLE: Duration = Duration::from_millis(150);
/// How many times a failed rebuild is retried while more changes arrive.
const SETTLE_TRIES: usize = 10;

/// Test-only: when set, a rebuild panics while a changed content file
/// holds this text, to prove that a bug in a rebuild does not stop the
/// server.
const PANIC_VAR: &str = "DEBRIEF_TEST_PANIC";

/// Runs the server until the process is stopped.
pub fn run(opts: &Options) -> Result<(), Error> {
    // Watch events carry absolute paths; compare them with an absolute root.
    let root = opts
        .root
        .canonicalize()
        .map_err(|e| Error::io(&opts.root, e))?;
    let opts = &Options {
        root,
        ..opts.clone()
    };
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| Error::io("tokio runtime", e))?;
    let listener = runtime
        .block_on(tokio::net::TcpListener::bind(SocketAddr::new(
            opts.interface,
            opts.port,
        )))
        .map_err(|e| {
            Error::Usage(format!(
                "cannot listen on {}:{}: {e}",
                opts.interface, opts.port
            ))
        })?;
    let addr = listener.local_addr().map_err(|e| Error::io("socket", e))?;
    // Read once for the URL prefix and the theme to watch; a broken
    // site.toml is reported by the build below.
    let settings = Settings::read(&opts.root).unwrap_or_default();
    let state = Arc::new(ServerState {
        outputs: RwLock::new(Arc::new(Outputs::default())),
        error: RwLock::new(None),
        urls: RwLock::new(Arc::new(UrlSpace::new(&settings.base_path))),
        reloader: Reloader::new(),
    });
    let mut session = Session {
        root: opts.root.clone(),
        overrides: overrides(opts, addr, &settings.base_path),
        layout: Layout {
            root: opts.root.clone(),
            theme: settings.theme,
            output: Some(opts.root.join("public")),
        },
        state: state.clone(),
        build: None,
        warned: String::new(),
    };

    let started = Instant::now();
    match session.rebuild(&[]) {
        Ok(_) => {
            if let Some(b) = &session.build {
                publish(&state, &b.outputs, &session.roots(), None);
                eprintln!(
                    "Built {} in {} ms",
                    crate::diag::counted(b.site.pages.len(), "page"),
                    started.elapsed().as_millis()
                );
            }
        }
        Err(shown) => {
            eprint!("{shown}");
            publish(&state, &Outputs::default(), &[], Some(shown));
        }
    }

    let url = format!("http://{addr}{}", route::header_path(&state.urls().home()));
    eprintln!("Serving {} at {url} (Ctrl+C to stop)", opts.root.display());
    runtime.spawn(http::serve(listener, http::router(state.clone())));
    if opts.open {
        open_browser(&url);
    }
    if !opts.watch {
        runtime.block_on(std::future::pending::<()>());
        return Ok(());
    }

    let mut watcher = watch::start(&opts.root).map_err(Error::Usage)?;
    eprintln!("Watching for changes");
    // Changes of a failed update are applied again with the next batch, so a
    // file that is still broken cannot be hidden by an edit elsewhere.
    let mut pending: Vec<Change> = Vec::new();
    while let Ok(batch) = watcher.batches.recv() {
        let mut changes = session.changes(&mut watcher, &batch);
        if changes.is_empty() {
            continue;
        }
        changes.append(&mut pending);
        changes.sort();
        changes.dedup();
        let started = Instant::now();
        let was_broken = state.error.read().map(|e| e.is_some()).unwrap_or(false);
        let mut result = session.rebuild(&changes);
        for _ in 0..SETTLE_TRIES {
            if result.is_ok() {
                break;
            }
            match watcher.batches.recv_timeout(SETTLE) {
                Ok(more) => {
                    changes.append(&mut session.changes(&mut watcher, &more));
                    changes.sort();
                    changes.dedup();
                    result = session.rebuild(&changes);
                }
                Err(RecvTimeoutError::Timeout | RecvTimeoutError::Disconnected) => break,
            }
        }
        match result {
            Ok(changed) => {
                let updated = started.elapsed();
                if let Some(b) = &session.build {
                    if changed.iter().any(|p| p == "*") {
                        publish(&state, &b.outputs, &session.roots(), None);
                    } else {
                        publish_changes(&state, &b.outputs, &session.roots(), &changed);
                    }
                }
                if std::env::var_os("DEBRIEF_TIMINGS").is_some() {
                    eprintln!(
                        "  update {:.1} ms, publish {:.1} ms",
                        updated.as_secs_f64() * 1e3,
                        (started.elapsed() - updated).as_secs_f64() * 1e3
                    );
                }
                let urls = state.urls();
                let reload: Vec<String> = if was_broken || changed.iter().any(|p| p == "*") {
                    vec!["*".to_owned()]
                } else {
                    changed.iter().map(|p| urls.url_of(p)).collect()
                };
                let what = if changed.iter().any(|p| p == "*") {
                    "the whole site".to_owned()
                } else {
                    format!("{} changed", crate::diag::counted(changed.len(), "file"))
                };
                eprintln!("Rebuilt in {} ms: {what}", started.elapsed().as_millis());
                if !reload.is_empty() {
                    state.reloader.send(&reload);
                }
            }
            Err(shown) => {
                pending = changes;
                eprint!("{shown}");
                eprintln!("The build failed; still serving the last good site");
                if let Ok(mut e) = state.error.write() {
                    *e = Some(shown);
                }
                // Always reload, so every tab shows the error (as Zola does).
                state.reloader.send(&["*".to_owned()]);
            }
        }
    }
    Ok(())
}

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

/// The watched site and its build.
struct Session {
    root: PathBuf,
    overrides: Overrides,
    layout: Layout,
    state: Arc<ServerState>,
    /// The last good build; `None` when the next rebuild must be a full one
    /// (at start, after a failed full rebuild, after a panic, or when a
    /// watched folder appeared or the served URLs changed).
    build: Option<Build>,
    /// The warnings last printed: a rebuild prints them again only when
    /// they changed, so that an edit that makes a report vanish from the
    /// lists says so, and other edits stay quiet.
    warned: String,
}

impl Session {
    /// The changes a batch of paths means. Folders that appeared are
    /// watched from now on and, as files in them may have been written
    /// before, make the next rebuild a full one; a changed site.toml is read
    /// again for the theme to watch and the sub-path to serve at.
    fn changes(&mut self, watcher: &mut watch::Watcher, paths: &[PathBuf]) -> Vec<Change> {
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
    fn roots(&self) -> Vec<PathBuf> {
        [Some(&self.root), self.layout.theme.as_ref()]
            .into_iter()
            .flatten()
            .filter_map(|p| p.canonicalize().ok())
            .collect()
    }

    /// Rebuilds for `changes` (a full build when there is no last good
    /// one): the output paths changed (`["*"]` for all), or the report to
    /// show. A panic is caught and reported as a failure; the build is then
    /// dropped, so the next one starts afresh.
    fn rebuild(&mut self, changes: &[Change]) -> Result<Vec<String>, String> {
        let root = &self.root;
        let overrides = &self.overrides;
        let build = &mut self.build;
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
                Some(b) => b
                    .update(changes)
                    .map(|u| u.changed.into_iter().chain(u.removed).collect::<Vec<_>>()),
                None => pipeline::full(root, overrides).map(|b| {
                    *build = Some(b);
                    vec!["*".to_owned()]
                }),
            };
            result.map_err(|diags| {
                // A failed full rebuild leaves nothing to update next time.
                diags.to_string()
            })
        }));
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

fn publish(state: &ServerState, outputs: &Outputs, roots: &[PathBuf], error: Option<String>) {
    if error.is_none() {
        let served = Arc::new(http::served(outputs, roots));
        if let Ok(mut o) = state.outputs.write() {
            *o = served;
        }
    }
    if let Ok(mut e) = state.error.write() {
        *e = error;
    }
}

/// Applies changed and removed paths to the served outputs in place, rather
/// than copying every path of a large site on each edit.
fn publish_changes(state: &ServerState, outputs: &Outputs, roots: &[PathBuf], paths: &[String]) {
    let copies: Vec<(&String, Option<PathBuf>)> = paths
        .iter()
        .map(|p| {
            (
                p,
                outputs
                    .copies
                    .get(p)
                    .and_then(|src| http::real_copy(src, roots)),
            )
        })
        .collect();
    if let Ok(mut served) = state.outputs.write() {
        let served = Arc::make_mut(&mut served);
        for (path, copy) in copies {
            match outputs.files.get(path) {
                Some(bytes) => {
                    served.files.insert(path.clone(), bytes.clone());
                }
                None => {
                    served.files.remove(path);
                }
            }
            match copy {
                Some(real) => {
                    served.copies.insert(path.clone(), real);
                }
                None => {
                    served.copies.remove(path);
                }
            }
        }
    }
    if let Ok(mut e) = state.error.write() {
        *e = None;
    }
}

/// Opens `url` in the desktop's browser, if there is one.
fn open_browser(url: &str) {
    let command = if cfg!(target_os = "macos") {
        "open"
    } else if cfg!(windows) {
        "explorer"
    } else {
        "xdg-open"
    };
    if std::process::Command::new(command)
        .arg(url)
        .spawn()
        .is_err()
    {
        eprintln!("Could not open a browser; open {url} yourself");
    }
}
