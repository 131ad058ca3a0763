//! `debrief serve`: build, serve the result from memory, and with `--watch`
//! rebuild incrementally on every change and reload open tabs.
//!
//! 1. bind the port first, so the site is built with the URL it is served at;
//! 2. a full build; if it fails, the server starts anyway and shows the error;
//! 3. serve the outputs (never the user's public/) with a reload script;
//! 4. on each batch of file changes: `Build::update`, swap the outputs in,
//!    tell the tabs; on an error keep the last good outputs and show an overlay.

pub mod http;
pub mod reload;
pub mod route;
pub mod watch;

use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;
use std::sync::{Arc, RwLock};
use std::time::Instant;

use crate::config::{self, Overrides};
use crate::error::Error;
use crate::output::Outputs;
use crate::pipeline;
use crate::pipeline::change::{Change, Layout, classify};

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
    let site_config = config::load(&opts.root, &Overrides::default()).ok();
    let base_path = site_config
        .as_ref()
        .map(|c| c.base_url.path.clone())
        .unwrap_or_default();
    let overrides = Overrides {
        base_url: Some(format!("http://{addr}{base_path}")),
        drafts: opts.drafts,
        future: opts.drafts,
    };
    let state = Arc::new(ServerState {
        outputs: RwLock::new(Arc::new(Outputs::default())),
        error: RwLock::new(None),
        urls: UrlSpace::new(&base_path),
        reloader: Reloader::new(),
    });

    let started = Instant::now();
    let mut build = match pipeline::full(&opts.root, &overrides) {
        Ok(build) => {
            eprint!("{}", build.warnings);
            eprintln!(
                "Built {} in {} ms",
                crate::diag::counted(build.site.pages.len(), "page"),
                started.elapsed().as_millis()
            );
            publish(&state, &build.outputs, None);
            Some(build)
        }
        Err(diags) => {
            eprint!("{diags}");
            publish(&state, &Outputs::default(), Some(diags.to_string()));
            None
        }
    };

    let url = format!("http://{addr}{}", route::header_path(&state.urls.home()));
    eprintln!("Serving {} at {url} (Ctrl+C to stop)", opts.root.display());
    let app = http::router(state.clone());
    runtime.spawn(async move {
        if let Err(e) = axum::serve(listener, app).await {
            eprintln!("error: the server stopped: {e}");
        }
    });
    if opts.open {
        open_browser(&url);
    }
    if !opts.watch {
        runtime.block_on(std::future::pending::<()>());
        return Ok(());
    }

    let watcher = watch::start(&opts.root).map_err(Error::Usage)?;
    eprintln!("Watching for changes");
    let layout = Layout {
        root: opts.root.clone(),
        theme: site_config.as_ref().and_then(|c| c.theme_dir()),
        output: Some(opts.root.join("public")),
    };
    // Changes of a failed update are applied again with the next batch, so a
    // file that is still broken cannot be hidden by an edit elsewhere.
    let mut pending: Vec<Change> = Vec::new();
    for batch in watcher.batches.iter() {
        let mut changes = classify(&layout, &batch);
        if changes.is_empty() {
            continue;
        }
        changes.append(&mut pending);
        changes.sort();
        changes.dedup();
        let started = Instant::now();
        let was_broken = state.error.read().map(|e| e.is_some()).unwrap_or(false);
        let result = match build.as_mut() {
            Some(b) => b
                .update(&changes)
                .map(|u| u.changed.into_iter().chain(u.removed).collect::<Vec<_>>()),
            None => pipeline::full(&opts.root, &overrides).map(|b| {
                build = Some(b);
                vec!["*".to_owned()]
            }),
        };
        match (result, build.as_ref()) {
            (Ok(changed), Some(b)) => {
                let updated = started.elapsed();
                if changed.iter().any(|p| p == "*") {
                    publish(&state, &b.outputs, None);
                } else {
                    publish_changes(&state, &b.outputs, &changed);
                }
                if std::env::var_os("DEBRIEF_TIMINGS").is_some() {
                    eprintln!(
                        "  update {:.1} ms, publish {:.1} ms",
                        updated.as_secs_f64() * 1e3,
                        (started.elapsed() - updated).as_secs_f64() * 1e3
                    );
                }
                let urls: Vec<String> = if was_broken {
                    vec!["*".to_owned()]
                } else {
                    changed
                        .iter()
                        .map(|p| {
                            if p == "*" {
                                p.clone()
                            } else {
                                state.urls.url_of(p)
                            }
                        })
                        .collect()
                };
                eprintln!(
                    "Rebuilt in {} ms: {} changed",
                    started.elapsed().as_millis(),
                    crate::diag::counted(changed.len(), "file")
                );
                if !urls.is_empty() {
                    state.reloader.send(&urls);
                }
            }
            (Ok(_), None) => {}
            (Err(diags), _) => {
                pending = changes;
                eprint!("{diags}");
                eprintln!("The build failed; still serving the last good site");
                if let Ok(mut e) = state.error.write() {
                    *e = Some(diags.to_string());
                }
                // Always reload, so every tab shows the error (as Zola does).
                state.reloader.send(&["*".to_owned()]);
            }
        }
    }
    Ok(())
}

fn publish(state: &ServerState, outputs: &Outputs, error: Option<String>) {
    if error.is_none()
        && let Ok(mut o) = state.outputs.write()
    {
        *o = Arc::new(outputs.clone());
    }
    if let Ok(mut e) = state.error.write() {
        *e = error;
    }
}

/// Applies changed and removed paths to the served outputs in place, rather
/// than copying every path of a large site on each edit.
fn publish_changes(state: &ServerState, outputs: &Outputs, paths: &[String]) {
    if let Ok(mut served) = state.outputs.write() {
        let served = Arc::make_mut(&mut served);
        for path in paths {
            match outputs.files.get(path) {
                Some(bytes) => {
                    served.files.insert(path.clone(), bytes.clone());
                }
                None => {
                    served.files.remove(path);
                }
            }
            match outputs.copies.get(path) {
                Some(src) => {
                    served.copies.insert(path.clone(), src.clone());
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
