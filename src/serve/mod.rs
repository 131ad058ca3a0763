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
//! The watched site and its last good build are a `session::Session`.

pub(crate) mod http;
pub(crate) mod reload;
pub(crate) mod route;
mod search;
mod session;
mod translate;
pub(crate) mod watch;

use std::net::{IpAddr, SocketAddr};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::mpsc::RecvTimeoutError;
use std::time::{Duration, Instant};

use tokio::net::TcpListener;
use tokio::runtime::Runtime;

use crate::error::Error;
use crate::output::Outputs;
use crate::output::diff::Published;
use crate::pipeline::change::Change;

use http::ServerState;
use session::Session;

/// What `serve` was asked to do.
#[derive(Debug, Clone)]
pub(crate) struct Options {
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
    /// Print only the address, warnings and errors.
    pub quiet: bool,
    /// Print every file a rebuild changed.
    pub verbose: bool,
}

/// How long to wait, after a rebuild failed, for the rest of a file being
/// written: an editor that truncates before writing (as VS Code does) is
/// sometimes caught with the file empty or cut short. Only a failure that
/// outlasts this is reported.
const SETTLE: Duration = Duration::from_millis(150);
/// How many times a failed rebuild is retried while more changes arrive.
const SETTLE_TRIES: usize = 10;

/// How often the watch loop looks whether a search index it is making is
/// done, while no change comes.
const SEARCH_POLL: Duration = Duration::from_millis(200);

/// The priority of the threads that render, below the server's (0) and
/// above the search index's (19).
const RENDER_NICE: i32 = 5;

/// Runs the server until the process is stopped.
pub(crate) fn run(opts: &Options) -> Result<(), Error> {
    // Watch events carry absolute paths; compare them with an absolute root.
    let root = opts
        .root
        .canonicalize()
        .map_err(|e| Error::io(&opts.root, e))?;
    let opts = &Options {
        root,
        ..opts.clone()
    };
    let (runtime, listener, addr) = bind(opts)?;
    // The server answers before the pages render: the open page, published
    // first, is not kept waiting by the rest of an update (a template edit
    // renders every page on every core).
    let _ = rayon::ThreadPoolBuilder::new()
        .start_handler(|_| search::lower_priority(RENDER_NICE))
        .build_global();
    let mut session = Session::start(opts, addr);
    let state = session.state.clone();
    first_build(&mut session);

    let url = format!("http://{addr}{}", route::header_path(&state.urls().home()));
    eprintln!("Serving {} at {url} (Ctrl+C to stop)", opts.root.display());
    runtime.spawn(http::serve(listener, http::router(state.clone())));
    if opts.open {
        open_browser(&url);
    }
    if !opts.watch {
        // The pages are served; the search index follows.
        search::make_now(&mut session);
        runtime.block_on(std::future::pending::<()>());
        return Ok(());
    }
    watch_loop(&opts.root, &mut session)
}

/// The runtime and the listening socket, bound before the first build so
/// that the site is built with the address it is served at.
fn bind(opts: &Options) -> Result<(Runtime, TcpListener, SocketAddr), Error> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| Error::io("tokio runtime", e))?;
    let listener = runtime
        .block_on(TcpListener::bind(SocketAddr::new(
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
    Ok((runtime, listener, addr))
}

/// The first, full build: served when it succeeds, else its report is
/// shown in place of the site until a change fixes it.
fn first_build(session: &mut Session) {
    let state = session.state.clone();
    let started = Instant::now();
    match session.rebuild(&[]) {
        Ok(_) => {
            if let Some(b) = &session.build {
                publish(&state, &b.outputs, &session.roots(), None);
                keep_site(&state, b);
                if !session.quiet {
                    eprintln!(
                        "Built {} in {} ms",
                        crate::diag::counted(b.site.pages.len(), "page"),
                        started.elapsed().as_millis()
                    );
                }
            }
        }
        Err(shown) => {
            eprint!("{shown}");
            publish(&state, &Outputs::default(), &[], Some(shown));
        }
    }
}

/// Watches the site and handles each batch of changes, until the watcher stops.
fn watch_loop(root: &Path, session: &mut Session) -> Result<(), Error> {
    let mut watcher = watch::start(root).map_err(Error::Usage)?;
    if !session.quiet {
        eprintln!("Watching for changes");
    }
    session.newer = Some(watcher.waiting.clone());
    // Changes of a failed update are applied again with the next batch, so a
    // file that is still broken cannot be hidden by an edit elsewhere.
    let mut pending: Vec<Change> = Vec::new();
    // Changes of an update given up for a newer one: applied with the next
    // batch, whatever it holds.
    let mut superseded: Vec<Change> = Vec::new();
    loop {
        let mut changes = match watcher.take(SEARCH_POLL) {
            Ok(batch) => session.changes(&mut watcher, &batch),
            Err(RecvTimeoutError::Timeout) => Vec::new(),
            Err(RecvTimeoutError::Disconnected) => break,
        };
        if !changes.is_empty() {
            changes.append(&mut pending);
        }
        changes.append(&mut superseded);
        if !changes.is_empty() {
            changes.sort();
            changes.dedup();
            match handle_batch(session, &mut watcher, changes) {
                Ok(()) => {}
                Err(Retry::Failed(changes)) => pending = changes,
                Err(Retry::Superseded(changes)) => superseded = changes,
            }
        }
        search::step(session);
    }
    Ok(())
}

/// Changes whose update is to be done again.
enum Retry {
    /// It failed: with the next batch that changes something.
    Failed(Vec<Change>),
    /// It was given up for a newer change: with the next batch.
    Superseded(Vec<Change>),
}

/// Rebuilds for one batch of changes, serves the result and tells the
/// tabs; on failure, or when given up for newer changes, the changes come
/// back, to be applied again.
fn handle_batch(
    session: &mut Session,
    watcher: &mut watch::Watcher,
    mut changes: Vec<Change>,
) -> Result<(), Retry> {
    let state = session.state.clone();
    let started = Instant::now();
    session.last_change = started;
    let was_broken = state.error.read().map(|e| e.is_some()).unwrap_or(false);
    match rebuild_settled(session, watcher, &mut changes) {
        Ok(Some(changed)) => {
            publish_rebuild(session, &changed, started, was_broken);
            Ok(())
        }
        Ok(None) => Err(Retry::Superseded(changes)),
        Err(shown) => {
            eprint!("{shown}");
            // The overlay first: whoever reads the line below may ask for a page at once.
            if let Ok(mut e) = state.error.write() {
                *e = Some(shown);
            }
            eprintln!("The build failed; still serving the last good site");
            // Always reload, so every tab shows the error (as Zola does).
            state.reloader.send(&["*".to_owned()]);
            Err(Retry::Failed(changes))
        }
    }
}

/// Rebuilds for `changes`; while that fails, waits [`SETTLE`] for more
/// changes (the rest of a file being written) and tries again with them.
fn rebuild_settled(
    session: &mut Session,
    watcher: &mut watch::Watcher,
    changes: &mut Vec<Change>,
) -> Result<Option<Vec<String>>, String> {
    let mut result = session.rebuild(changes);
    for _ in 0..SETTLE_TRIES {
        if result.is_ok() {
            break;
        }
        match watcher.take(SETTLE) {
            Ok(more) => {
                changes.append(&mut session.changes(watcher, &more));
                changes.sort();
                changes.dedup();
                result = session.rebuild(changes);
            }
            Err(RecvTimeoutError::Timeout | RecvTimeoutError::Disconnected) => break,
        }
    }
    result
}

/// Serves a successful rebuild's outputs (`changed` the paths that
/// changed, `["*"]` for all) and reloads the tabs that show them.
fn publish_rebuild(session: &Session, changed: &[String], started: Instant, was_broken: bool) {
    let state = &session.state;
    let updated = started.elapsed();
    if let Some(b) = &session.build {
        keep_site(state, b);
        if changed.iter().any(|p| p == "*") {
            publish(state, &b.outputs, &session.roots(), None);
        } else {
            publish_changes(state, &b.outputs, &session.roots(), changed);
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
        // The pages shown early are final: their tabs reloaded already.
        changed
            .iter()
            .filter(|p| !session.shown.contains(p))
            .map(|p| urls.url_of(p))
            .collect()
    };
    // The translator's views read the model, which is complete only now
    // (pages shown early reloaded their tabs before it was).
    let mut reload = reload;
    if session.build.is_some() && !reload.iter().any(|p| p == "*") {
        reload.push(urls.url_of(translate::PREFIX));
    }
    let what = if changed.iter().any(|p| p == "*") {
        "the whole site".to_owned()
    } else {
        format!("{} changed", crate::diag::counted(changed.len(), "file"))
    };
    if !session.quiet {
        eprintln!("Rebuilt in {} ms: {what}", started.elapsed().as_millis());
    }
    if session.verbose && !changed.iter().any(|p| p == "*") {
        for path in changed {
            eprintln!("  {path}");
        }
    }
    if !reload.is_empty() {
        state.reloader.send(&reload);
    }
}

/// Keeps the build's model for the translator's view.
fn keep_site(state: &ServerState, build: &crate::pipeline::Build) {
    if let Ok(mut site) = state.site.write() {
        *site = Some(build.site.clone());
    }
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
    mirror(state, outputs, roots, paths);
    if let Ok(mut e) = state.error.write() {
        *e = None;
    }
}

/// Serves pages a rebuild rendered first (see `Build::update_watched`),
/// and reloads the tabs that show them, while the rebuild goes on.
pub(super) fn show_early(state: &ServerState, files: &[(String, Vec<u8>)]) {
    if let Ok(mut served) = state.outputs.write() {
        let served = Arc::make_mut(&mut served);
        for (path, bytes) in files {
            served.copies.remove(path);
            served.files.insert(path.clone(), bytes.as_slice().into());
        }
    }
    let urls = state.urls();
    let reload: Vec<String> = files.iter().map(|(path, _)| urls.url_of(path)).collect();
    state.reloader.send(&reload);
}

/// Makes the served outputs at `paths` what `outputs` publishes there.
pub(super) fn mirror(state: &ServerState, outputs: &Outputs, roots: &[PathBuf], paths: &[String]) {
    // What is published at each path, by the one rule (`Outputs::at`); a
    // copy only while its real file is under the site or the theme.
    let now: Vec<(&String, Option<Published<'_>>, Option<PathBuf>)> = paths
        .iter()
        .map(|p| {
            let at = outputs.at(p);
            let real = match at {
                Some(Published::Copied(src)) => http::real_copy(src, roots),
                _ => None,
            };
            (p, at, real)
        })
        .collect();
    if let Ok(mut served) = state.outputs.write() {
        let served = Arc::make_mut(&mut served);
        for (path, at, real) in now {
            served.files.remove(path);
            served.copies.remove(path);
            match (at, real) {
                (Some(Published::Rendered(bytes)), _) => {
                    served.files.insert(path.clone(), bytes.clone());
                }
                (Some(Published::Copied(_)), Some(real)) => {
                    served.copies.insert(path.clone(), real);
                }
                _ => {}
            }
        }
    }
}

/// Opens `url` in the desktop's browser, if there is one. The opener's own
/// output (xdg-open lists every browser it did not find) is not shown; when
/// it fails, one line says so.
fn open_browser(url: &str) {
    use std::process::{Command, Stdio};
    let command = if cfg!(target_os = "macos") {
        "open"
    } else if cfg!(windows) {
        "explorer"
    } else {
        "xdg-open"
    };
    let failed = |url: &str| eprintln!("Could not open a browser; open {url} yourself");
    let child = Command::new(command)
        .arg(url)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn();
    match child {
        Err(_) => failed(url),
        // The opener may stay until the browser exits: wait aside.
        // (explorer's status is 1 even when it opened the page.)
        Ok(_) if cfg!(windows) => {}
        Ok(mut child) => {
            let url = url.to_owned();
            std::thread::spawn(move || {
                if !child.wait().is_ok_and(|status| status.success()) {
                    failed(&url);
                }
            });
        }
    }
}
