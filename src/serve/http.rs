//! The HTTP side of `serve`: the built site from memory at its published
//! URLs, the reload script and event stream, and the error overlay.

use std::convert::Infallible;
use std::path::PathBuf;
use std::sync::{Arc, RwLock};

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
use crate::serve::reload::{self, Reloader};

/// What the server shows: the last good outputs and the current error.
pub struct ServerState {
    /// The last good build's outputs.
    pub outputs: RwLock<Arc<Outputs>>,
    /// The diagnostics of the failed build, shown as an overlay until fixed.
    pub error: RwLock<Option<String>>,
    /// The base URL's path (`/blog`), stripped from requests.
    pub base_path: String,
    /// Tabs to tell about changes.
    pub reloader: Reloader,
}

/// The router over `state`.
pub fn router(state: Arc<ServerState>) -> Router {
    Router::new()
        .route(reload::SCRIPT_PATH, get(script))
        .route(reload::EVENTS_PATH, get(events))
        .fallback(get(file))
        .with_state(state)
}

async fn script(State(state): State<Arc<ServerState>>) -> Response {
    let js = reload::SCRIPT.replace(
        "__EVENTS__",
        &format!("{}{}", state.base_path, reload::EVENTS_PATH),
    );
    (
        [(header::CONTENT_TYPE, "text/javascript; charset=utf-8")],
        js,
    )
        .into_response()
}

async fn events(
    State(state): State<Arc<ServerState>>,
) -> Sse<impl tokio_stream::Stream<Item = Result<Event, Infallible>>> {
    let stream = BroadcastStream::new(state.reloader.subscribe())
        .filter_map(|msg| msg.ok())
        .map(|data| Ok(Event::default().event("reload").data(data)));
    Sse::new(stream).keep_alive(KeepAlive::default())
}

/// Maps a request path to an output path; `None` for anything that tries to
/// leave the site (`..`, encoded or not) or lies outside the base path.
pub fn output_path(base_path: &str, request_path: &str) -> Option<String> {
    let decoded = percent_decode(request_path)?;
    let rest = decoded.strip_prefix(base_path)?;
    if !rest.is_empty() && !rest.starts_with('/') {
        return None;
    }
    let mut parts = Vec::new();
    for part in rest.split('/') {
        match part {
            "" | "." => {}
            ".." => return None,
            p if p.contains('\\') || p.contains('\0') => return None,
            p => parts.push(p),
        }
    }
    let mut path = parts.join("/");
    if rest.ends_with('/') || path.is_empty() || !parts.last().is_some_and(|p| p.contains('.')) {
        if !path.is_empty() {
            path.push('/');
        }
        path.push_str("index.html");
    }
    Some(path)
}

fn percent_decode(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = std::str::from_utf8(bytes.get(i + 1..i + 3)?).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
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

async fn file(State(state): State<Arc<ServerState>>, uri: Uri) -> Response {
    let Some(path) = output_path(&state.base_path, uri.path()) else {
        return (StatusCode::BAD_REQUEST, "bad path").into_response();
    };
    let outputs = state.outputs.read().map(|o| o.clone()).unwrap_or_default();
    // `/reports/x` → `/reports/x/`, as static hosts do, so relative links and
    // the reload script see the page's real address.
    if !uri.path().ends_with('/')
        && path.ends_with("index.html")
        && outputs.files.contains_key(&path)
    {
        let query = uri.query().map(|q| format!("?{q}")).unwrap_or_default();
        let location = format!("{}/{query}", uri.path());
        let mut response = StatusCode::MOVED_PERMANENTLY.into_response();
        if let Ok(value) = HeaderValue::from_str(&location) {
            response.headers_mut().insert(header::LOCATION, value);
        }
        return response;
    }
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
    let body = if kind.starts_with("text/html") {
        Body::from(inject(&bytes, &state.base_path, error.as_deref()))
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
    if let Some(bytes) = outputs.files.get(path) {
        return Some(bytes.to_vec());
    }
    let src: PathBuf = outputs.copies.get(path)?.clone();
    tokio::fs::read(src).await.ok()
}

/// Adds the reload script and, after a failed build, the error overlay.
fn inject(html: &[u8], base_path: &str, error: Option<&str>) -> Vec<u8> {
    let html = String::from_utf8_lossy(html);
    let mut tail = format!(
        "<script src=\"{base_path}{}\"></script>",
        reload::SCRIPT_PATH
    );
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

#[cfg(test)]
mod tests {
    use super::output_path;

    #[test]
    fn request_paths_map_into_the_site_only() {
        let cases = [
            ("", "/", Some("index.html")),
            ("", "/en/", Some("en/index.html")),
            ("", "/en/reports/x", Some("en/reports/x/index.html")),
            ("", "/css/debrief.css", Some("css/debrief.css")),
            ("", "/reports/z%C3%BC/", Some("reports/zü/index.html")),
            ("/blog", "/blog/", Some("index.html")),
            ("/blog", "/blog", Some("index.html")),
            ("/blog", "/blog/atom.xml", Some("atom.xml")),
            ("/blog", "/other/", None),
            ("/blog", "/blogger/", None),
            ("", "/../etc/passwd", None),
            ("", "/%2e%2e/etc/passwd", None),
            ("", "/a/%2E%2E/%2E%2E/x", None),
            ("", "/a/..%2f..%2fx", None),
            ("", "/a\\..\\x", None),
            ("", "/%ff", None),
        ];
        for (base, request, want) in cases {
            assert_eq!(
                output_path(base, request).as_deref(),
                want,
                "{base} {request}"
            );
        }
    }
}
