//! The HTTP side of `serve`: the built site from memory at its published
//! URLs, the reload script and event stream, and the error overlay.

use std::convert::Infallible;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, RwLock};
use std::time::Duration;

use axum::Router;
use axum::body::Body;
use axum::extract::State;
use axum::http::{HeaderValue, StatusCode, Uri, header};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use tokio_stream::StreamExt;
use tokio_stream::wrappers::BroadcastStream;

use crate::output::Outputs;
use crate::output::diff::Published;
use crate::serve::reload::{self, Reloader};
use crate::serve::route::{Route, UrlSpace, header_path};
use crate::site::Site;

/// What the server shows: the last good outputs and the current error.
pub(crate) struct ServerState {
    /// The last good build's outputs, as [`served`] makes them: each copy
    /// maps to the real (canonical) path of the file the build listed.
    pub outputs: RwLock<Arc<Outputs>>,
    /// The diagnostics of the failed build, shown as an overlay until fixed.
    pub error: RwLock<Option<String>>,
    /// Where the site and the server's own endpoints live; replaced when
    /// `base_url` in site.toml gains or changes its sub-path.
    pub urls: RwLock<Arc<UrlSpace>>,
    /// Tabs to tell about changes.
    pub reloader: Reloader,
    /// The HTML pages served last (output paths, newest last): the pages
    /// open in the writer's tabs, which a rebuild renders and shows first.
    pub viewed: Mutex<Vec<String>>,
    /// The last good build's model, for the translator's view.
    pub site: RwLock<Option<Arc<Site>>>,
}

/// How many of the pages served last a rebuild shows first.
const VIEWED: usize = 8;

impl ServerState {
    /// A fresh state serving `outputs` under `urls`.
    pub(crate) fn new(outputs: Outputs, urls: UrlSpace) -> ServerState {
        ServerState {
            outputs: RwLock::new(Arc::new(outputs)),
            error: RwLock::new(None),
            urls: RwLock::new(Arc::new(urls)),
            reloader: Reloader::new(),
            viewed: Mutex::new(Vec::new()),
            site: RwLock::new(None),
        }
    }

    /// Notes that the HTML page at output path `path` was served.
    fn viewed(&self, path: &str) {
        if let Ok(mut viewed) = self.viewed.lock() {
            viewed.retain(|p| p != path);
            viewed.push(path.to_owned());
            let over = viewed.len().saturating_sub(VIEWED);
            viewed.drain(..over);
        }
    }

    /// The pages served last, as output paths.
    pub(crate) fn recently_viewed(&self) -> Vec<String> {
        self.viewed.lock().map(|v| v.clone()).unwrap_or_default()
    }

    /// The current URL space.
    pub(crate) fn urls(&self) -> Arc<UrlSpace> {
        self.urls
            .read()
            .map(|u| u.clone())
            .unwrap_or_else(|e| e.into_inner().clone())
    }
}

/// The outputs to serve for `outputs`: the rendered files as they are, and
/// each copied file by the real path the build's listed path resolves to
/// now, kept only when that lies under one of `roots` (the site root and the
/// theme's folder, canonical). A copy whose path leads elsewhere through a
/// symbolic link, or that is gone, is not served.
pub(crate) fn served(outputs: &Outputs, roots: &[PathBuf]) -> Outputs {
    Outputs {
        files: outputs.files.clone(),
        copies: outputs
            .copies
            .iter()
            .filter_map(|(path, src)| Some((path.clone(), real_copy(src, roots)?)))
            .collect(),
    }
}

/// The real path of the copied file `src`, if it is a file under `roots`.
pub(crate) fn real_copy(src: &Path, roots: &[PathBuf]) -> Option<PathBuf> {
    let real = src.canonicalize().ok()?;
    (real.is_file() && roots.iter().any(|r| real.starts_with(r))).then_some(real)
}

/// How long a client may take to send a request's headers, and how long a
/// kept-alive connection may wait for its next request.
pub(crate) const HEADER_TIMEOUT: Duration = Duration::from_secs(5);

/// The most a request's head may take (request line and headers): 64 KiB,
/// several times what browsers send; a larger one is refused with 431.
const MAX_HEAD: usize = 64 * 1024;

/// Serves `app` on `listener` until the process ends: HTTP/1.1, each
/// connection closed when its request headers take longer than
/// [`HEADER_TIMEOUT`] or it idles that long between requests. A response
/// once started (the reload event stream lasts as long as its tab) is not
/// cut.
pub(crate) async fn serve(listener: tokio::net::TcpListener, app: Router) {
    let mut http = hyper::server::conn::http1::Builder::new();
    http.timer(hyper_util::rt::TokioTimer::new())
        .header_read_timeout(HEADER_TIMEOUT)
        .max_header_size(MAX_HEAD);
    loop {
        let stream = match listener.accept().await {
            Ok((stream, _)) => stream,
            Err(_) => {
                // Out of file descriptors, or a connection reset before it
                // was accepted: wait a little rather than spin.
                tokio::time::sleep(Duration::from_millis(50)).await;
                continue;
            }
        };
        let service = hyper_util::service::TowerToHyperService::new(app.clone());
        let connection = http.serve_connection(hyper_util::rt::TokioIo::new(stream), service);
        tokio::spawn(async move {
            // A client that leaves or times out ends only its connection.
            let _ = connection.await;
        });
    }
}

/// The router over `state`: every request goes through [`UrlSpace::route`].
pub(crate) fn router(state: Arc<ServerState>) -> Router {
    Router::new().fallback(get(handle)).with_state(state)
}

async fn handle(State(state): State<Arc<ServerState>>, uri: Uri) -> Response {
    let urls = state.urls();
    match urls.route(uri.path()) {
        Route::File(path) => file(&state, path).await,
        Route::FileOrFolder { file: path, folder } => {
            let outputs = state.outputs.read().map(|o| o.clone()).unwrap_or_default();
            let has = |p: &str| outputs.at(p).is_some();
            if !has(&path) && has(&format!("{path}/index.html")) {
                // `/blog/reports/x` → `/blog/reports/x/`, as static hosts
                // do, so relative links and the reload script see the
                // page's real address.
                let query = uri.query().map(|q| format!("?{q}")).unwrap_or_default();
                return redirect(&format!("{}{query}", header_path(&folder)));
            }
            file(&state, path).await
        }
        Route::Script => script(&urls),
        Route::Events => events(&state.reloader).into_response(),
        Route::Translate(key) => translator(&state, &urls, &key),
        Route::Redirect(to) => {
            let query = uri.query().map(|q| format!("?{q}")).unwrap_or_default();
            redirect(&format!("{}{query}", header_path(&to)))
        }
        Route::Outside => outside(&urls),
        Route::Bad => (
            StatusCode::BAD_REQUEST,
            "bad request: the path holds `..`, a backslash or a NUL byte, or is not UTF-8; \
             only the built site is served\n",
        )
            .into_response(),
    }
}

/// The translator's view of translation key `key`.
fn translator(state: &ServerState, urls: &UrlSpace, key: &str) -> Response {
    let site = state.site.read().ok().and_then(|s| s.clone());
    let reload = urls.url_of(super::translate::PREFIX);
    let html =
        site.and_then(|site| super::translate::page(&site, key, &urls.events_url(), &reload));
    match html {
        Some(html) => {
            let mut response = Response::new(Body::from(html));
            let headers = response.headers_mut();
            headers.insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/html; charset=utf-8"),
            );
            headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
            response
        }
        None => (StatusCode::NOT_FOUND, "no translated report has this key\n").into_response(),
    }
}

fn redirect(location: &str) -> Response {
    let mut response = StatusCode::MOVED_PERMANENTLY.into_response();
    if let Ok(value) = HeaderValue::from_str(location) {
        response.headers_mut().insert(header::LOCATION, value);
    }
    response
}

fn script(urls: &UrlSpace) -> Response {
    let js = reload::SCRIPT.replace("__EVENTS__", &urls.events_url());
    (
        [
            (header::CONTENT_TYPE, "text/javascript; charset=utf-8"),
            (header::CACHE_CONTROL, "no-store"),
        ],
        js,
    )
        .into_response()
}

fn events(
    reloader: &Reloader,
) -> Sse<impl tokio_stream::Stream<Item = Result<Event, Infallible>> + use<>> {
    let stream = BroadcastStream::new(reloader.subscribe())
        .filter_map(|msg| msg.ok())
        .map(|data| Ok(Event::default().event("reload").data(data)));
    Sse::new(stream).keep_alive(KeepAlive::default())
}

/// A path outside the sub-path: a 404 that says where the site is.
fn outside(urls: &UrlSpace) -> Response {
    let mut home = String::new();
    let _ = pulldown_cmark_escape::escape_href(&mut home, &urls.home());
    let mut shown = String::new();
    let _ = pulldown_cmark_escape::escape_html(&mut shown, &urls.home());
    let body = format!(
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">\
         <title>debrief: not part of this site</title></head><body>\
         <h1>Not part of this site</h1>\
         <p>This site is served under <a href=\"{home}\">{shown}</a>, the sub-path of \
         <code>base_url</code> in site.toml, as it will be published. Nothing is served \
         outside it.</p></body></html>"
    );
    (
        StatusCode::NOT_FOUND,
        [
            (header::CONTENT_TYPE, "text/html; charset=utf-8"),
            (header::CACHE_CONTROL, "no-store"),
        ],
        body,
    )
        .into_response()
}

fn content_type(path: &str) -> &'static str {
    match path.rsplit('.').next().unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" => "text/javascript; charset=utf-8",
        "xml" => "application/xml; charset=utf-8",
        "txt" => "text/plain; charset=utf-8",
        "json" => "application/json",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "ico" => "image/x-icon",
        "pdf" => "application/pdf",
        "woff2" => "font/woff2",
        "woff" => "font/woff",
        "mp4" => "video/mp4",
        "mp3" => "audio/mpeg",
        _ => "application/octet-stream",
    }
}

async fn file(state: &ServerState, path: String) -> Response {
    let outputs = state.outputs.read().map(|o| o.clone()).unwrap_or_default();
    let error = state.error.read().ok().and_then(|e| e.clone());
    let (status, path, bytes) = match find(&outputs, &path).await {
        Some(bytes) => (StatusCode::OK, path, bytes),
        None => match find(&outputs, "404.html").await {
            Some(bytes) => (StatusCode::NOT_FOUND, "404.html".to_owned(), bytes),
            None if error.is_some() => (
                StatusCode::INTERNAL_SERVER_ERROR,
                "error.html".to_owned(),
                EMPTY_PAGE.as_bytes().to_vec(),
            ),
            None => return (StatusCode::NOT_FOUND, "not found").into_response(),
        },
    };
    let kind = content_type(&path);
    if status == StatusCode::OK && kind.starts_with("text/html") {
        state.viewed(&path);
    }
    let body = if kind.starts_with("text/html") {
        let view = (status == StatusCode::OK)
            .then(|| translator_link(state, &path))
            .flatten();
        let mut html = inject(&bytes, &state.urls().script_url(), error.as_deref());
        if let Some(view) = view {
            html = add_before_body_end(&html, &view);
        }
        Body::from(html)
    } else {
        Body::from(bytes)
    };
    let mut response = Response::new(body);
    *response.status_mut() = status;
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(kind));
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

const EMPTY_PAGE: &str = "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>debrief: build error</title></head><body></body></html>";

async fn find(outputs: &Outputs, path: &str) -> Option<Vec<u8>> {
    let real: PathBuf = match outputs.at(path)? {
        Published::Rendered(bytes) => return Some(bytes.to_vec()),
        Published::Copied(real) => real.to_path_buf(),
    };
    tokio::task::spawn_blocking(move || read_listed(&real))
        .await
        .ok()
        .flatten()
}

/// The bytes of the copied file at `real` (a canonical path), only while
/// that path still leads to it without a symbolic link: a link swapped in
/// for the file or for one of its folders since the build is not followed.
/// The checks are made after opening, on the file opened.
fn read_listed(real: &Path) -> Option<Vec<u8>> {
    use std::io::Read;
    let mut file = std::fs::File::open(real).ok()?;
    let opened = same_file::Handle::from_file(file.try_clone().ok()?).ok()?;
    let still_real = real.canonicalize().ok()? == real;
    let same = same_file::Handle::from_path(real).ok()? == opened;
    if !(still_real && same && file.metadata().ok()?.is_file()) {
        return None;
    }
    let mut bytes = Vec::new();
    file.read_to_end(&mut bytes).ok()?;
    Some(bytes)
}

/// The serve-only bar linking a translated page (output `path`) to its
/// translator's view.
fn translator_link(state: &ServerState, path: &str) -> Option<String> {
    let site = state.site.read().ok()?.clone()?;
    let page = site
        .pages
        .iter()
        .find(|p| format!("{}index.html", p.path.trim_start_matches('/')) == path)?;
    let view = super::translate::view_path(&site, page)?;
    let mut href = String::new();
    let _ =
        pulldown_cmark_escape::escape_href(&mut href, &format!("{}/{view}", state.urls().base()));
    let note = if page.outdated { " (outdated)" } else { "" };
    Some(format!(
        "<p class=\"debrief-translate\" style=\"position:fixed;bottom:0;right:0;margin:0;padding:.3rem .6rem;background:#222;color:#fff;font:14px sans-serif\">\
         <a style=\"color:#fff\" href=\"{href}\">Translator’s view{note}</a></p>"
    ))
}

/// `html` with `tail` put before its `</body>`.
fn add_before_body_end(html: &[u8], tail: &str) -> Vec<u8> {
    let html = String::from_utf8_lossy(html);
    let at = html.rfind("</body>").unwrap_or(html.len());
    format!("{}{tail}{}", &html[..at], &html[at..]).into_bytes()
}

/// Adds the reload script and, after a failed build, the error overlay.
fn inject(html: &[u8], script_url: &str, error: Option<&str>) -> Vec<u8> {
    let html = String::from_utf8_lossy(html);
    let mut src = String::new();
    let _ = pulldown_cmark_escape::escape_href(&mut src, script_url);
    let mut tail = format!("<script src=\"{src}\"></script>");
    if let Some(error) = error {
        tail.push_str(&overlay(error));
    }
    let at = html.rfind("</body>").unwrap_or(html.len());
    let mut out = String::with_capacity(html.len() + tail.len());
    out.push_str(&html[..at]);
    out.push_str(&tail);
    out.push_str(&html[at..]);
    out.into_bytes()
}

/// The overlay shown over every page while the build is broken.
fn overlay(error: &str) -> String {
    let mut text = String::new();
    let _ = pulldown_cmark_escape::escape_html(&mut text, error);
    format!(
        "<div id=\"debrief-error\" role=\"alert\" style=\"position:fixed;inset:0;z-index:2147483647;overflow:auto;\
         background:rgba(20,20,20,.94);color:#fff;font:14px/1.5 ui-monospace,monospace;padding:2rem\">\
         <h2 style=\"margin:0 0 1rem;color:#ff8a80;font:bold 18px sans-serif\">debrief: the build failed</h2>\
         <p style=\"font-family:sans-serif\">The page shows the last good build. Fix the file and this tab reloads by itself.</p>\
         <pre style=\"white-space:pre-wrap\">{text}</pre></div>"
    )
}
