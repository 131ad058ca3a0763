//! `debrief serve --watch` on 127.0.0.1 with a free port: pages served,
//! an edit sends a reload event, a broken edit shows the overlay, a fix
//! recovers, and requests cannot leave the site; with and without a
//! sub-path in the base URL.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use scraper::Html;

use crate::support::{SiteTest, over_the_index_limit, selector};

/// A running server, stopped on drop.
struct Server {
    child: Child,
    port: u16,
    log: mpsc::Receiver<String>,
    /// The `Serving … at URL` line.
    serving: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Server {
    fn start(site: &SiteTest) -> Server {
        Server::start_with(site, &["--watch"], &[])
    }

    /// `debrief serve ARGS` with `env` set; waits until it serves (and, with
    /// `--watch`, watches).
    fn start_with(site: &SiteTest, args: &[&str], env: &[(&str, &str)]) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_debrief"))
            .arg("serve")
            .args(args)
            .args(["--port", "0", "--root"])
            .arg(site.root())
            .envs(env.iter().copied())
            .stderr(Stdio::piped())
            .stdout(Stdio::null())
            .spawn()
            .expect("start debrief serve");
        let stderr = child.stderr.take().expect("piped stderr");
        let (tx, log) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                if tx.send(line).is_err() {
                    break;
                }
            }
        });
        let mut server = Server {
            child,
            port: 0,
            log,
            serving: String::new(),
        };
        if args.contains(&"--watch") {
            server.wait_for("Watching for changes");
        } else {
            server.wait_for("Serving ");
        }
        server
    }

    /// Waits (bounded) for a stderr line containing `needle`; remembers the port.
    fn wait_for(&mut self, needle: &str) -> String {
        let deadline = Instant::now() + Duration::from_secs(20);
        while let Some(left) = deadline.checked_duration_since(Instant::now()) {
            let Ok(line) = self.log.recv_timeout(left) else {
                break;
            };
            if let Some(at) = line.find("http://127.0.0.1:") {
                let rest = &line[at + "http://127.0.0.1:".len()..];
                self.port = rest
                    .split('/')
                    .next()
                    .and_then(|p| p.parse().ok())
                    .unwrap_or(self.port);
            }
            if line.starts_with("Serving ") {
                self.serving = line.clone();
            }
            if line.contains(needle) {
                return line;
            }
        }
        panic!("no stderr line with {needle:?} within 20 s");
    }

    /// A GET request: status, lower-cased head and body.
    fn get(&self, path: &str) -> (u16, String, String) {
        let (status, head, body) = self.get_bytes(path);
        (status, head, String::from_utf8_lossy(&body).into_owned())
    }

    /// A GET request: status, lower-cased head and body bytes.
    fn get_bytes(&self, path: &str) -> (u16, String, Vec<u8>) {
        let mut stream = TcpStream::connect(("127.0.0.1", self.port)).expect("connect");
        stream
            .set_read_timeout(Some(Duration::from_secs(10)))
            .unwrap();
        write!(
            stream,
            "GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
        )
        .unwrap();
        let mut response = Vec::new();
        stream.read_to_end(&mut response).expect("read response");
        let split = response
            .windows(4)
            .position(|w| w == b"\r\n\r\n")
            .unwrap_or(response.len());
        let head = String::from_utf8_lossy(&response[..split]).to_lowercase();
        let body = response.get(split + 4..).unwrap_or_default().to_vec();
        let status = head
            .split(' ')
            .nth(1)
            .and_then(|s| s.parse().ok())
            .unwrap_or(0);
        (status, head, body)
    }

    /// Subscribes to the reload events at `path`; checks the stream's head
    /// and returns a receiver of its `data:` lines.
    fn events(&self, path: &str) -> mpsc::Receiver<String> {
        let mut stream = TcpStream::connect(("127.0.0.1", self.port)).expect("connect");
        stream
            .set_read_timeout(Some(Duration::from_secs(10)))
            .unwrap();
        write!(
            stream,
            "GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n"
        )
        .unwrap();
        let mut reader = BufReader::new(stream);
        let mut head = String::new();
        loop {
            let mut line = String::new();
            if reader.read_line(&mut line).unwrap_or(0) == 0 || line == "\r\n" {
                break;
            }
            head.push_str(&line.to_lowercase());
        }
        assert!(head.starts_with("http/1.1 200"), "{path}: {head}");
        assert!(
            head.contains("content-type: text/event-stream"),
            "{path}: {head}"
        );
        let _ = reader.get_ref().set_read_timeout(None);
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            for line in reader.lines().map_while(Result::ok) {
                if let Some(data) = line.strip_prefix("data: ")
                    && tx.send(data.to_owned()).is_err()
                {
                    break;
                }
            }
        });
        // Let the subscription reach the server before anything changes.
        std::thread::sleep(Duration::from_millis(300));
        rx
    }
}

/// Waits for a reload event whose paths satisfy `want`.
fn expect_reload(events: &mpsc::Receiver<String>, want: impl Fn(&str) -> bool) -> String {
    let deadline = Instant::now() + Duration::from_secs(20);
    while let Some(left) = deadline.checked_duration_since(Instant::now()) {
        match events.recv_timeout(left) {
            Ok(data) if want(&data) => return data,
            Ok(_) => continue,
            Err(_) => break,
        }
    }
    panic!("no matching reload event within 20 s");
}

const PAGE: &str = "content/reports/nur-deutsch.md";

#[test]
fn serves_reloads_shows_errors_and_recovers() {
    let site = SiteTest::new("bilingual");
    let mut server = Server::start(&site);

    let (status, head, body) = server.get("/reports/nur-deutsch/");
    assert_eq!(status, 200, "{head}");
    assert!(head.contains("content-type: text/html"), "{head}");
    assert!(
        body.contains("<script src=\"/__debrief/reload.js\"></script></body>"),
        "reload script injected"
    );
    let (status, head, _) = server.get("/css/debrief.css");
    assert_eq!(status, 200);
    assert!(head.contains("content-type: text/css"), "{head}");
    let (status, head, _) = server.get("/reports/nur-deutsch");
    assert_eq!(
        status, 301,
        "a page without its slash redirects, as static hosts do"
    );
    assert!(head.contains("location: /reports/nur-deutsch/"), "{head}");
    let (status, _, body) = server.get("/no/such/page/");
    assert_eq!(status, 404);
    assert!(body.contains("<html"), "the site's 404 page is served");

    let events = server.events("/__debrief/events");
    let good = std::fs::read_to_string(site.root().join(PAGE)).unwrap();
    site.write(
        PAGE,
        &good.replace("Diesen Bericht", "Diesen neuen Bericht"),
    );
    let data = expect_reload(&events, |d| d.contains("/reports/nur-deutsch/index.html"));
    assert!(
        !data.contains("\"*\""),
        "a body edit names the pages it changed: {data}"
    );
    let (_, _, body) = server.get("/reports/nur-deutsch/");
    assert!(body.contains("Diesen neuen Bericht"));

    site.write(PAGE, "+++\ntitle = \"x\"\ndate = 2008-13-45\n+++\n");
    expect_reload(&events, |d| d.contains('*'));
    server.wait_for("still serving the last good site");
    let (status, _, body) = server.get("/reports/nur-deutsch/");
    assert_eq!(status, 200, "the last good page is still served");
    assert!(body.contains("id=\"debrief-error\""), "overlay shown");
    assert!(
        body.contains("content/reports/nur-deutsch.md:3:"),
        "overlay names file and line"
    );
    assert!(
        body.contains("Diesen neuen Bericht"),
        "under the overlay, the last good page"
    );

    // Saving another file does not hide the still-broken one.
    let about = std::fs::read_to_string(site.root().join("content/about.md")).unwrap();
    site.write("content/about.md", &format!("{about}\nMehr.\n"));
    server.wait_for("still serving the last good site");
    let (_, _, body) = server.get("/reports/nur-deutsch/");
    assert!(
        body.contains("id=\"debrief-error\""),
        "overlay stays while the file is broken"
    );

    site.write(PAGE, &good);
    expect_reload(&events, |d| d.contains('*'));
    server.wait_for("Rebuilt");
    let (_, _, body) = server.get("/reports/nur-deutsch/");
    assert!(
        !body.contains("debrief-error"),
        "overlay gone after the fix"
    );
    assert!(body.contains("Diesen Bericht"));
}

#[test]
fn requests_cannot_leave_the_site() {
    for (fixture, base) in [("bilingual", ""), ("subpath", "/blog")] {
        let site = SiteTest::new(fixture);
        site.write("secret.txt", "top secret");
        site.write("content/secret.txt", "top secret");
        let server = Server::start(&site);
        for path in [
            "/../secret.txt",
            "/%2e%2e/secret.txt",
            "/reports/%2E%2E/%2E%2E/secret.txt",
            "/..%2fsecret.txt",
            "/secret.txt",
            "/site.toml",
            "/content/reports/nur-deutsch.md",
            "/content/secret.txt",
            "/.debrief-cache/",
        ] {
            for path in [path.to_owned(), format!("{base}{path}")] {
                let (status, _, body) = server.get(&path);
                assert!(status == 400 || status == 404, "{path}: {status}");
                assert!(
                    !body.contains("top secret") && !body.contains("base_url ="),
                    "{path} leaked a file"
                );
            }
        }
        let (status, _, body) = server.get(&format!("{base}/reports/%2e%2e/%2e%2e/secret.txt"));
        assert_eq!(status, 400);
        assert_eq!(
            body,
            "bad request: the path holds `..`, a backslash or a NUL byte, or is not UTF-8; \
             only the built site is served\n"
        );
    }
}

#[test]
fn a_site_broken_at_start_still_serves_the_overlay() {
    for (fixture, base, page, url) in [
        ("bilingual", "", PAGE, "/reports/nur-deutsch/"),
        (
            "subpath",
            "/blog",
            "content/reports/erster-bericht.md",
            "/blog/reports/erster-bericht/",
        ),
    ] {
        let site = SiteTest::new(fixture);
        let good = std::fs::read_to_string(site.root().join(page)).unwrap();
        site.write(page, "+++\ntitle = \n+++\n");
        let mut server = Server::start(&site);
        let (status, _, body) = server.get(&format!("{base}/"));
        assert_eq!(status, 500, "{fixture}");
        assert!(
            body.contains("id=\"debrief-error\"") && body.contains(&format!("{page}:2:")),
            "{fixture}: {body}"
        );
        assert!(
            body.contains(&format!("<script src=\"{base}/__debrief/reload.js\">")),
            "{fixture}: {body}"
        );
        let events = server.events(&format!("{base}/__debrief/events"));
        site.write(page, &good);
        expect_reload(&events, |d| d.contains('*'));
        server.wait_for("Rebuilt");
        let (status, _, body) = server.get(url);
        assert_eq!(status, 200, "{fixture}");
        assert!(!body.contains("debrief-error"), "{fixture}");
    }
}

// Under a sub-path (`base_url = "https://host.example/blog"`).

const SUB_PAGE: &str = "content/reports/erster-bericht.md";
const SUB_SCRIPT: &str = "<script src=\"/blog/__debrief/reload.js\"></script>";

/// A served page without the serve-only link to its translator's view
/// (translated pages have one, just before `</body>`).
fn without_translator_bar(html: &str) -> String {
    match html.find("<p class=\"debrief-translate\"") {
        Some(start) => {
            let end = start + html[start..].find("</p>").expect("the bar is closed") + 4;
            format!("{}{}", &html[..start], &html[end..])
        }
        None => html.to_owned(),
    }
}

/// The `location` header of a lower-cased response head.
fn location(head: &str) -> Option<&str> {
    head.lines()
        .find_map(|l| l.strip_prefix("location: "))
        .map(str::trim)
}

/// The `href`s of every link in an HTML page.
fn links(html: &str) -> Vec<String> {
    Html::parse_document(html)
        .select(&selector("a[href]"))
        .filter_map(|a| a.value().attr("href").map(str::to_owned))
        .collect()
}

#[test]
fn a_sub_path_site_is_served_at_the_urls_a_build_publishes() {
    let site = SiteTest::new("subpath");
    let server = Server::start(&site);
    let base_url = format!("http://127.0.0.1:{}/blog", server.port);
    assert!(
        server
            .serving
            .ends_with(&format!(" at {base_url}/ (Ctrl+C to stop)")),
        "loopback by default, at the sub-path: {}",
        server.serving
    );
    site.build_with(&["--base-url", &base_url]).success();
    // The search index follows the pages, made on a thread of its own.
    shown_eventually(
        &server,
        "/blog/pagefind/de/pagefind-entry.json",
        "\"languages\"",
        "the search index",
    );
    let built = site.output_files();
    let mut pages = 0;
    for (rel, bytes) in &built {
        let url = format!("/blog/{}", rel.to_str().expect("ASCII output paths"));
        let (status, head, body) = server.get_bytes(&url);
        assert_eq!(status, 200, "{url}: {head}");
        if url.ends_with(".html") {
            let body = String::from_utf8(body).expect("UTF-8 page");
            assert_eq!(
                body.matches(SUB_SCRIPT).count(),
                1,
                "{url}: one reload script"
            );
            assert!(
                without_translator_bar(&body.replacen(SUB_SCRIPT, "", 1)).as_bytes() == &bytes[..],
                "{url}: apart from the reload script and the translator's bar, not the built page"
            );
            pages += 1;
        } else {
            assert!(&body == bytes, "{url}: not the built file");
        }
    }
    assert!(
        pages >= 5 && built.len() > pages,
        "too few outputs: {built:?}"
    );
    let (status, _, body) = server.get("/blog/reports/erster-bericht/");
    assert_eq!(status, 200);
    assert_eq!(
        without_translator_bar(&body.replacen(SUB_SCRIPT, "", 1)),
        site.read("/reports/erster-bericht/")
    );
}

#[test]
fn outside_a_sub_path_requests_redirect_to_it_or_point_at_it() {
    let site = SiteTest::new("subpath");
    let server = Server::start(&site);
    for (path, to) in [
        ("/", "/blog/"),
        ("/blog", "/blog/"),
        ("/?lang=en", "/blog/?lang=en"),
        (
            "/blog/reports/erster-bericht",
            "/blog/reports/erster-bericht/",
        ),
    ] {
        let (status, head, _) = server.get(path);
        assert_eq!(status, 301, "{path}: {head}");
        assert_eq!(location(&head), Some(to), "{path}: {head}");
    }
    let (_, _, home) = server.get("/blog/");
    for path in [
        "/reports/erster-bericht/",
        "/__debrief/reload.js",
        "/__debrief/events",
        "/blogger/",
        "/index.html",
    ] {
        let (status, head, body) = server.get(path);
        assert_eq!(status, 404, "{path}: {head}");
        assert!(head.contains("content-type: text/html"), "{path}: {head}");
        assert_eq!(links(&body), ["/blog/"], "{path}: a link to the site");
        assert!(body.contains("base_url"), "{path}: says why: {body}");
        assert_ne!(body, home, "{path}");
    }
    // Inside the sub-path, a missing page is the site's own 404 page.
    let (status, _, body) = server.get("/blog/no/such/page/");
    assert_eq!(status, 404);
    let (_, _, page) = server.get("/blog/404.html");
    assert_eq!(body, page);
    let escaping: Vec<_> = links(&body)
        .into_iter()
        .filter(|l| !l.starts_with('#') && !l.contains("/blog/"))
        .collect();
    assert!(
        escaping.is_empty(),
        "404 page links outside /blog/: {escaping:?}"
    );
}

#[test]
fn live_reload_and_the_overlay_work_under_a_sub_path() {
    let site = SiteTest::new("subpath");
    let mut server = Server::start(&site);
    const PAGE_URL: &str = "/blog/reports/erster-bericht/";

    // Follow what a browser follows: the page's script, the script's stream.
    let (_, _, page) = server.get(PAGE_URL);
    let scripts: Vec<String> = Html::parse_document(&page)
        .select(&selector("script[src]"))
        .filter_map(|s| s.value().attr("src").map(str::to_owned))
        .collect();
    let script = scripts.last().expect("a script in the page");
    assert_eq!(script, "/blog/__debrief/reload.js");
    let (status, head, js) = server.get(script);
    assert_eq!(status, 200, "{script}: {head}");
    assert!(head.contains("content-type: text/javascript"), "{head}");
    let stream = js
        .split_once("new EventSource(\"")
        .and_then(|(_, rest)| rest.split_once('"'))
        .map(|(url, _)| url)
        .expect("the script opens an EventSource");
    assert_eq!(stream, "/blog/__debrief/events");
    let events = server.events(stream);

    let good = std::fs::read_to_string(site.root().join(SUB_PAGE)).unwrap();
    site.write(SUB_PAGE, &good.replace("Ausblick", "Neuer Ausblick"));
    let data = expect_reload(&events, |d| d.contains("/reports/erster-bericht/"));
    assert!(
        data.contains("\"/blog/reports/erster-bericht/index.html\""),
        "the message names the page by the path the tab is at: {data}"
    );
    let (_, _, body) = server.get(PAGE_URL);
    assert!(body.contains("Neuer Ausblick"));

    site.write(SUB_PAGE, "+++\ntitle = \"x\"\ndate = 2009-13-45\n+++\n");
    expect_reload(&events, |d| d.contains('*'));
    server.wait_for("still serving the last good site");
    for url in [PAGE_URL, "/blog/no/such/page/"] {
        let (_, _, body) = server.get(url);
        let overlay = Html::parse_document(&body)
            .select(&selector("#debrief-error pre"))
            .map(|e| e.text().collect::<String>())
            .next()
            .unwrap_or_else(|| panic!("{url}: no overlay"));
        assert!(
            overlay.contains("content/reports/erster-bericht.md:3:"),
            "{url}: {overlay}"
        );
    }

    site.write(SUB_PAGE, &good);
    expect_reload(&events, |d| d.contains('*'));
    server.wait_for("Rebuilt");
    let (status, _, body) = server.get(PAGE_URL);
    assert_eq!(status, 200);
    assert!(
        !body.contains("debrief-error"),
        "overlay gone after the fix"
    );
    assert!(body.contains("Ausblick") && !body.contains("Neuer Ausblick"));
}

/// What `log` said until a line containing `needle` (bounded).
fn lines_until(server: &mut Server, needle: &str) -> Vec<String> {
    let deadline = Instant::now() + Duration::from_secs(20);
    let mut seen = Vec::new();
    while let Some(left) = deadline.checked_duration_since(Instant::now()) {
        let Ok(line) = server.log.recv_timeout(left) else {
            break;
        };
        let done = line.contains(needle);
        seen.push(line);
        if done {
            return seen;
        }
    }
    panic!("no stderr line with {needle:?} within 20 s; saw {seen:?}");
}

/// A bug in a rebuild (a panic, made here by the test-only variable) is
/// shown like a failed build; the server keeps answering with the last
/// good site, and the next good save recovers by a full rebuild.
#[test]
fn a_panic_in_a_rebuild_shows_the_overlay_and_the_server_stays_up() {
    let site = SiteTest::new("bilingual");
    let mut server = Server::start_with(&site, &["--watch"], &[("DEBRIEF_TEST_PANIC", "BOOM")]);
    let events = server.events("/__debrief/events");
    let good = std::fs::read_to_string(site.root().join(PAGE)).unwrap();
    site.write(PAGE, &good.replace("Diesen Bericht", "BOOM Bericht"));
    let log = lines_until(&mut server, "still serving the last good site");
    assert!(
        log.iter().any(|l| l.contains("panicked at")),
        "the panic is logged: {log:?}"
    );
    assert!(
        log.iter().any(|l| l
            == "error: debrief itself failed while rebuilding: \
                DEBRIEF_TEST_PANIC: a test asked for a panic while rebuilding"),
        "{log:?}"
    );
    expect_reload(&events, |d| d.contains('*'));
    let (status, _, body) = server.get("/reports/nur-deutsch/");
    assert_eq!(status, 200, "the server still answers");
    assert!(body.contains("id=\"debrief-error\""), "overlay shown");
    assert!(body.contains("this is a bug in debrief, not in your files"));
    assert!(body.contains("Diesen Bericht") && !body.contains("BOOM"));

    site.write(
        PAGE,
        &good.replace("Diesen Bericht", "Diesen neuen Bericht"),
    );
    server.wait_for("Rebuilt");
    let (status, _, body) = server.get("/reports/nur-deutsch/");
    assert_eq!(status, 200);
    assert!(
        !body.contains("debrief-error"),
        "overlay gone after the fix"
    );
    assert!(body.contains("Diesen neuen Bericht"));
}

/// `serve` (without `--watch`) serves a static file while it is the file
/// the build listed: not through a symbolic link swapped in for it or for
/// its folder since, and never one that leads outside the site.
#[test]
fn a_link_swapped_into_static_after_start_is_not_followed() {
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("hello.txt"), "top secret").unwrap();
    let site = SiteTest::new("bilingual");
    site.write("static/hello.txt", "hello");
    site.write("static/files/a.txt", "a");
    let server = Server::start_with(&site, &[], &[]);
    assert_eq!(server.get("/hello.txt").2, "hello");
    assert_eq!(server.get("/files/a.txt").2, "a");

    // Saved by an editor that writes a new file and renames it over the old.
    site.write("static/hello.txt.new", "hello again");
    std::fs::rename(
        site.root().join("static/hello.txt.new"),
        site.root().join("static/hello.txt"),
    )
    .unwrap();
    assert_eq!(
        server.get("/hello.txt").2,
        "hello again",
        "an edit is served"
    );

    let file = site.root().join("static/hello.txt");
    std::fs::remove_file(&file).unwrap();
    std::os::unix::fs::symlink(outside.path().join("hello.txt"), &file).unwrap();
    let dir = site.root().join("static/files");
    std::fs::remove_dir_all(&dir).unwrap();
    std::fs::write(outside.path().join("a.txt"), "top secret").unwrap();
    std::os::unix::fs::symlink(outside.path(), &dir).unwrap();
    for path in ["/hello.txt", "/files/a.txt", "/files/hello.txt"] {
        let (status, _, body) = server.get(path);
        assert_eq!(status, 404, "{path}");
        assert!(!body.contains("top secret"), "{path} leaked a file");
    }
}

/// Connections that send nothing, or send their headers too slowly, are
/// closed by the server; the reload event stream, long-lived by design,
/// stays open past that and still delivers.
#[test]
fn idle_and_slow_connections_are_closed_but_the_event_stream_stays() {
    let site = SiteTest::new("bilingual");
    let mut server = Server::start(&site);
    let events = server.events("/__debrief/events");
    let idle = TcpStream::connect(("127.0.0.1", server.port)).unwrap();
    let mut slow = TcpStream::connect(("127.0.0.1", server.port)).unwrap();
    slow.write_all(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ")
        .unwrap();
    // A kept-alive connection after one response.
    let mut kept = TcpStream::connect(("127.0.0.1", server.port)).unwrap();
    kept.write_all(b"GET /css/debrief.css HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        .unwrap();
    for (name, mut stream) in [("idle", idle), ("slow", slow), ("kept-alive", kept)] {
        stream
            .set_read_timeout(Some(Duration::from_secs(30)))
            .unwrap();
        let mut got = Vec::new();
        let closed = stream.read_to_end(&mut got);
        assert!(
            closed.is_ok(),
            "{name}: not closed by the server: {closed:?}"
        );
        let got = String::from_utf8_lossy(&got);
        match name {
            "kept-alive" => assert!(got.starts_with("HTTP/1.1 200 OK\r\n"), "{name}: {got}"),
            _ => assert!(
                got.is_empty() || got.starts_with("HTTP/1.1 408"),
                "{name}: {got}"
            ),
        }
    }
    let good = std::fs::read_to_string(site.root().join(PAGE)).unwrap();
    site.write(
        PAGE,
        &good.replace("Diesen Bericht", "Diesen neuen Bericht"),
    );
    expect_reload(&events, |d| d.contains("/reports/nur-deutsch/index.html"));
    server.wait_for("Rebuilt");
}

/// A redirect never names another host: `//en` is `/en/`, not a
/// protocol-relative URL to a host called `en`.
#[test]
fn redirects_are_always_path_absolute() {
    for (fixture, cases) in [
        (
            "bilingual",
            &[
                ("//en", "/en/"),
                ("///en", "/en/"),
                ("//reports/nur-deutsch?x=1", "/reports/nur-deutsch/?x=1"),
            ][..],
        ),
        (
            "subpath",
            &[
                ("//", "/blog/"),
                (
                    "/blog//reports//erster-bericht",
                    "/blog//reports//erster-bericht/",
                ),
            ][..],
        ),
    ] {
        let site = SiteTest::new(fixture);
        let server = Server::start_with(&site, &[], &[]);
        for (path, to) in cases {
            let (status, head, _) = server.get(path);
            assert_eq!(status, 301, "{path}: {head}");
            assert_eq!(location(&head), Some(*to), "{path}: {head}");
        }
    }
}

/// Copies the folder `from` to `to` (both under a test's site).
fn copy_tree(from: &std::path::Path, to: &std::path::Path) {
    for file in crate::support::files_under(from) {
        let dest = to.join(file.strip_prefix(from).unwrap());
        std::fs::create_dir_all(dest.parent().unwrap()).unwrap();
        std::fs::copy(&file, &dest).unwrap();
    }
}

/// `serve --watch` keeps seeing changes after its folders come and go:
/// content/ deleted and made again, templates/ and i18n/ made after start.
#[test]
fn watching_survives_folders_deleted_and_made_after_start() {
    let site = SiteTest::new("bilingual");
    let mut server = Server::start(&site);
    let keep = tempfile::tempdir().unwrap();
    let content = site.root().join("content");
    copy_tree(&content, keep.path());
    std::fs::remove_dir_all(&content).unwrap();
    lines_until(&mut server, "there is no content/ folder");
    // Copying the folder back takes several batches of changes, each
    // rebuilt: wait for the page, not for the first rebuild.
    copy_tree(keep.path(), &content);
    shown_eventually(
        &server,
        "/reports/nur-deutsch/",
        "Diesen Bericht",
        "content made again is built",
    );
    let good = std::fs::read_to_string(site.root().join(PAGE)).unwrap();
    site.write(
        PAGE,
        &good.replace("Diesen Bericht", "Diesen neuen Bericht"),
    );
    shown_eventually(
        &server,
        "/reports/nur-deutsch/",
        "Diesen neuen Bericht",
        "an edit in content/ made again is seen",
    );

    let page =
        std::fs::read_to_string(site.root().join("themes/default/templates/page.html")).unwrap();
    for n in 1..=2 {
        site.write(
            "templates/page.html",
            &page.replace(
                "{% endblock content %}",
                &format!("<!-- site template {n} -->{{% endblock content %}}"),
            ),
        );
        shown_eventually(
            &server,
            "/reports/nur-deutsch/",
            &format!("site template {n}"),
            "an edit in templates/ made after start is seen",
        );
    }
    for n in 1..=2 {
        site.write(
            "i18n/de.toml",
            &format!("skip_to_content = \"Zum Inhalt {n}\"\n"),
        );
        shown_eventually(
            &server,
            "/reports/nur-deutsch/",
            &format!("Zum Inhalt {n}"),
            "an edit in i18n/ made after start is seen",
        );
    }
}

/// Waits up to 20 s for the page at `path` to hold `needle`.
#[track_caller]
fn shown_eventually(server: &Server, path: &str, needle: &str, what: &str) {
    let deadline = Instant::now() + Duration::from_secs(20);
    let mut last = String::new();
    while Instant::now() < deadline {
        let (status, _, body) = server.get(path);
        if status == 200 && body.contains(needle) {
            return;
        }
        last = format!("{status}: {}", &body[..body.len().min(300)]);
        std::thread::sleep(Duration::from_millis(20));
    }
    panic!("{what}: {path} never showed {needle:?} within 20 s; last {last}");
}

/// A theme switched in site.toml is the theme watched from then on; a
/// `base_url` that gains a sub-path moves the served site under it.
#[test]
fn watching_follows_site_toml_to_a_new_theme_and_sub_path() {
    let site = SiteTest::new("bilingual");
    let themes = site.root().join("themes");
    copy_tree(&themes.join("default"), &themes.join("other"));
    let base = themes.join("other/templates/base.html");
    let frame = std::fs::read_to_string(&base).unwrap();
    std::fs::write(&base, format!("{frame}<!-- other theme 1 -->")).unwrap();
    let mut server = Server::start(&site);
    let toml = std::fs::read_to_string(site.root().join("site.toml")).unwrap();
    site.write(
        "site.toml",
        &toml.replace("theme = \"default\"", "theme = \"other\""),
    );
    server.wait_for("Rebuilt");
    assert!(
        server
            .get("/reports/nur-deutsch/")
            .2
            .contains("other theme 1")
    );
    std::fs::write(&base, format!("{frame}<!-- other theme 2 -->")).unwrap();
    server.wait_for("Rebuilt");
    assert!(
        server
            .get("/reports/nur-deutsch/")
            .2
            .contains("other theme 2"),
        "an edit in the theme switched to is seen"
    );

    site.write(
        "site.toml",
        &toml
            .replace("theme = \"default\"", "theme = \"other\"")
            .replace("https://example.org", "https://example.org/blog"),
    );
    server.wait_for("Rebuilt");
    let (status, head, _) = server.get("/reports/nur-deutsch/");
    assert_eq!(status, 404, "{head}");
    let (status, head, _) = server.get("/");
    assert_eq!(status, 301, "{head}");
    assert_eq!(location(&head), Some("/blog/"));
    let (status, _, body) = server.get("/blog/reports/nur-deutsch/");
    assert_eq!(status, 200);
    assert!(
        body.contains(SUB_SCRIPT),
        "the reload script under the sub-path"
    );
    let escaping: Vec<_> = links(&body)
        .into_iter()
        .filter(|l| l.starts_with('/') && !l.starts_with("/blog/"))
        .collect();
    assert!(escaping.is_empty(), "links outside /blog/: {escaping:?}");
}

/// An editor that truncates a file before writing it (as VS Code does) is
/// sometimes caught with the file empty: that is not reported as an error,
/// the rebuild waits for the rest.
#[test]
fn a_file_caught_half_written_is_not_reported_as_broken() {
    let site = SiteTest::new("bilingual");
    let mut server = Server::start(&site);
    let good = std::fs::read_to_string(site.root().join(PAGE)).unwrap();
    let path = site.root().join(PAGE);
    for round in 1..=5 {
        let title = format!("Nur auf Deutsch {round}");
        let mut file = std::fs::File::create(&path).unwrap();
        // Let the watcher see the empty file before the rest is written.
        std::thread::sleep(Duration::from_millis(60));
        file.write_all(good.replace("Nur auf Deutsch", &title).as_bytes())
            .unwrap();
        drop(file);
        let log = lines_until(&mut server, "Rebuilt");
        assert!(
            !log.iter()
                .any(|l| l.contains("failed") || l.starts_with("error")),
            "round {round}: {log:?}"
        );
        let (_, _, body) = server.get("/reports/nur-deutsch/");
        assert!(body.contains(&title), "round {round}");
        assert!(!body.contains("debrief-error"), "round {round}");
    }
}

/// A request head over 64 KiB is refused with 431, and the server goes on.
#[test]
fn an_oversize_request_head_is_refused() {
    let site = SiteTest::new("bilingual");
    let server = Server::start_with(&site, &[], &[]);
    let mut stream = TcpStream::connect(("127.0.0.1", server.port)).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    let big = "a".repeat(100_000);
    let _ = write!(
        stream,
        "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: {big}\r\nConnection: close\r\n\r\n"
    );
    let mut response = Vec::new();
    let _ = stream.read_to_end(&mut response);
    let head = String::from_utf8_lossy(&response);
    assert!(
        head.starts_with("HTTP/1.1 431 Request Header Fields Too Large\r\n"),
        "{head}"
    );
    assert_eq!(server.get("/").0, 200, "the server goes on");
}

/// An edit that takes a report's date away says so when it is saved, as a
/// build would: it is no longer on the home page or in the feeds.
#[test]
fn an_edit_that_makes_a_report_vanish_from_the_lists_is_named() {
    let site = SiteTest::new("bilingual");
    let mut server = Server::start(&site);
    let path = site.root().join(PAGE);
    let good = std::fs::read_to_string(&path).unwrap();
    let undated: String = good
        .lines()
        .filter(|l| !l.starts_with("date"))
        .map(|l| format!("{l}\n"))
        .collect();
    assert_ne!(undated, good, "the fixture's report has a date");
    std::fs::write(&path, undated).unwrap();
    let log = lines_until(&mut server, "Rebuilt");
    assert!(
        log.iter().any(|l| l
            == "warning: this report has no date, unlike the others in `reports`: it is published at /reports/nur-deutsch/, but not listed on the home page or in the feeds"),
        "{log:?}"
    );
}

/// The page open in a tab is rendered and served before the lists; when
/// the rest of the update then fails, the page goes back to the last good
/// build's, with the error shown over it, and comes forward with the fix.
#[test]
fn the_page_being_read_is_shown_first_and_taken_back_when_the_update_fails() {
    let site = SiteTest::new("bilingual");
    // A list item that fails for one title: the report's own page renders,
    // the lists that show it do not.
    site.write(
        "templates/partials/list_item.html",
        "<li>{% if \"Absturz\" in item.title %}{{ nowhere.to_be_found }}{% endif %}{{ item.title }}</li>\n",
    );
    let mut server = Server::start(&site);
    let (status, _, before) = server.get("/reports/nur-deutsch/");
    assert_eq!(status, 200);
    assert!(before.contains("Nur auf Deutsch"));
    let good = std::fs::read_to_string(site.root().join(PAGE)).unwrap();
    site.write(
        PAGE,
        &good.replace("Nur auf Deutsch", "Absturz auf Deutsch"),
    );
    lines_until(&mut server, "still serving the last good site");
    let (_, _, after) = server.get("/reports/nur-deutsch/");
    let doc = scraper::Html::parse_document(&after);
    let h1 = scraper::Selector::parse("h1").unwrap();
    let title: String = doc.select(&h1).flat_map(|e| e.text()).collect();
    assert_eq!(
        title.trim(),
        "Nur auf Deutsch",
        "the failed update's page is still served"
    );
    assert!(
        after.contains("nowhere"),
        "the error is shown over the page"
    );
    site.write(PAGE, &good.replace("Nur auf Deutsch", "Neu auf Deutsch"));
    shown_eventually(
        &server,
        "/reports/nur-deutsch/",
        "Neu auf Deutsch",
        "the fixed page",
    );
    shown_eventually(
        &server,
        "/reports/",
        "Neu auf Deutsch",
        "the list with the fixed page",
    );
}

#[test]
fn serves_the_built_in_theme_and_verbose_names_the_files_a_rebuild_changed() {
    let site = SiteTest::new("bilingual");
    std::fs::remove_dir_all(site.root().join("themes")).unwrap();
    let mut server = Server::start_with(&site, &["--watch", "--verbose"], &[]);
    let (status, head, body) = server.get("/css/debrief.css");
    assert_eq!(status, 200, "{head}");
    let shipped = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("themes/default/static/css/debrief.css"),
    )
    .unwrap();
    assert_eq!(body, shipped);
    let (status, _, body) = server.get("/reports/nur-deutsch/");
    assert_eq!(status, 200);
    assert!(body.contains("class=\"site-header\""), "{body}");
    let good = std::fs::read_to_string(site.root().join(PAGE)).unwrap();
    site.write(
        PAGE,
        &good.replace("Diesen Bericht", "Diesen neuen Bericht"),
    );
    server.wait_for("Rebuilt");
    server.wait_for("  reports/nur-deutsch/index.html");
    // A template put into the site's templates/ replaces the built-in one.
    site.write(
        "templates/page.html",
        "{% extends \"base.html\" %}{% block content %}<p id=\"own\">{{ page.title }}</p>{% endblock content %}",
    );
    server.wait_for("Rebuilt");
    let (_, _, body) = server.get("/reports/nur-deutsch/");
    assert!(body.contains("<p id=\"own\">"), "{body}");
    // A stylesheet put into the site's static/ replaces the built-in one,
    // and the built-in one comes back when it is removed.
    site.write("static/css/debrief.css", "body { color: teal; }\n");
    server.wait_for("Rebuilt");
    let (_, _, body) = server.get("/css/debrief.css");
    assert_eq!(body, "body { color: teal; }\n");
    site.remove("static/css/debrief.css");
    server.wait_for("Rebuilt");
    let (_, _, body) = server.get("/css/debrief.css");
    assert_eq!(body, shipped);
}

/// The translator's view under a sub-path: linked from the translated page
/// in serve only, the original's and the translation's paragraphs side by
/// side, the changed one highlighted after an edit of the original, and
/// nothing of it in a build.
#[test]
fn the_translators_view_shows_changed_paragraphs_and_is_never_built() {
    let site = SiteTest::new("subpath");
    let original = "content/reports/erster-bericht.md";
    let translation = "content/reports/erster-bericht.en.md";
    let german = "+++\ntitle = \"Erster Bericht\"\ndate = 2009-03-05\n+++\n\nAuf dem Barcamp in Köln sagte sie: „Zuhören zuerst.“\n\n<p>Zweiter Absatz über Größe.</p>\n";
    site.write(original, german);
    let text = std::fs::read_to_string(site.root().join(translation)).unwrap();
    site.write(
        translation,
        &text.replace(
            "To the [second",
            "At the barcamp in Cologne she said: “Listen first.”\n\nTo the [second",
        ),
    );
    site.run(&["stamp", translation]).success();
    let server = Server::start(&site);
    let view = "/blog/__debrief/translate/reports/erster-bericht/";
    let (_, _, page) = server.get("/blog/en/reports/erster-bericht/");
    assert!(
        links(&page).contains(&view.to_owned()),
        "{:?}",
        links(&page)
    );
    let (status, _, html) = server.get(view);
    assert_eq!(status, 200);
    let doc = Html::parse_document(&html);
    let texts = |css: &str| -> Vec<String> {
        doc.select(&selector(css))
            .map(|e| e.text().collect())
            .collect()
    };
    assert_eq!(texts(".translation-file"), [translation]);
    assert!(texts(".state")[0].starts_with("Current"), "{html}");
    assert!(texts("td.changed").is_empty());
    let rows = texts("tbody tr td:first-child");
    assert_eq!(
        rows[1],
        "Auf dem Barcamp in Köln sagte sie: „Zuhören zuerst.“"
    );

    site.write(
        original,
        &german.replace("Zuhören zuerst.", "Erst zuhören, dann reden."),
    );
    shown_eventually(&server, view, "class=\"changed\"", "the changed paragraph");
    let (_, _, html) = server.get(view);
    let doc = Html::parse_document(&html);
    let changed: Vec<String> = doc
        .select(&selector("td.changed"))
        .map(|e| e.text().collect())
        .collect();
    assert_eq!(
        changed,
        ["Auf dem Barcamp in Köln sagte sie: „Erst zuhören, dann reden.“"]
    );
    drop(server);

    site.build().success();
    assert!(!site.root().join("public/__debrief").exists());
    assert!(
        !site
            .read("/en/reports/erster-bericht/")
            .contains("__debrief")
    );
    assert_eq!(server_free_unknown_view(&site), 404);
}

/// A translation key without a translated report has no view.
fn server_free_unknown_view(site: &SiteTest) -> u16 {
    let server = Server::start(site);
    server
        .get("/blog/__debrief/translate/reports/nichts-davon/")
        .0
}

/// The search index is served under the sub-path like every other file,
/// and an edit is served (and reported) before the index is made again,
/// which then follows by itself.
#[test]
fn search_files_are_served_and_follow_an_edit_after_the_page() {
    let site = SiteTest::new("search");
    let mut server = Server::start_with(&site, &["--watch"], &[("DEBRIEF_TIMINGS", "1")]);
    // The pages are served first; the index follows on its own thread.
    lines_until(&mut server, "search index");
    let (status, head, script) = server.get("/blog/pagefind/de/pagefind.js");
    assert_eq!(status, 200, "{head}");
    assert!(head.contains("content-type: text/javascript"), "{head}");
    assert!(script.contains("pagefind"), "not Pagefind's script");
    let (status, _, before) = server.get("/blog/pagefind/de/pagefind-entry.json");
    assert_eq!(status, 200);
    let page = "content/reports/2009-03-05-barcamp-koeln.md";
    let text = std::fs::read_to_string(site.root().join(page)).unwrap();
    site.write(
        page,
        &text.replace("Hinterhof", "Hinterhof mit Kastanienbaum"),
    );
    let log = lines_until(&mut server, "search index");
    let rebuilt = log.iter().position(|l| l.starts_with("Rebuilt in"));
    let indexed = log.iter().position(|l| l.contains("search index"));
    assert!(
        rebuilt.is_some() && rebuilt < indexed,
        "the page was not served before the index was made: {log:?}"
    );
    shown_eventually(
        &server,
        "/blog/reports/barcamp-koeln/",
        "Kastanienbaum",
        "the edit",
    );
    let (_, _, after) = server.get("/blog/pagefind/de/pagefind-entry.json");
    assert_ne!(before, after, "the German index did not change");
}

/// A report over the search index's limit: `serve` says once that it is
/// searchable only in part, when the index is made, and not again each
/// time the index is made again.
#[test]
fn serve_says_once_that_a_huge_report_is_searchable_in_part() {
    let site = SiteTest::new("search");
    let text = over_the_index_limit("+++\ntitle = \"Riesig\"\n+++\n\n");
    site.write("content/reports/2012-01-01-riesig.md", &text);
    let mut server = Server::start_with(&site, &["--watch"], &[("DEBRIEF_TIMINGS", "1")]);
    let log = until_indexed(&mut server);
    let said = |log: &[String]| {
        log.iter()
            .filter(|l| l.contains("only the first 1 MiB of this report is searchable"))
            .count()
    };
    assert_eq!(said(&log), 1, "{log:?}");
    assert!(
        log.iter()
            .any(|l| l.ends_with("--> content/reports/2012-01-01-riesig.md")),
        "{log:?}"
    );
    let page = "content/reports/2009-03-05-barcamp-koeln.md";
    let other = std::fs::read_to_string(site.root().join(page)).unwrap();
    site.write(
        page,
        &other.replace("Hinterhof", "Hinterhof mit Kastanienbaum"),
    );
    let log = until_indexed(&mut server);
    assert_eq!(said(&log), 0, "said again: {log:?}");
}

/// The lines up to the one saying the index was made ("  search index
/// 812.3 ms: 40 files"; the warning names the search index too).
fn until_indexed(server: &mut Server) -> Vec<String> {
    let mut log = Vec::new();
    while !log
        .last()
        .is_some_and(|l: &String| l.starts_with("  search index "))
    {
        log.extend(lines_until(server, "search index"));
    }
    log
}

/// `--open` on a machine without a browser: xdg-open's own complaints (one
/// line per browser it looked for) are not shown, one line of debrief's
/// says what to do, and the site is served all the same.
#[cfg(all(unix, not(target_os = "macos")))]
#[test]
fn open_without_a_browser_says_so_in_one_line() {
    use std::os::unix::fs::PermissionsExt;
    let site = SiteTest::new("lessons");
    let bin = tempfile::tempdir().unwrap();
    let opener = bin.path().join("xdg-open");
    std::fs::write(
        &opener,
        "#!/bin/sh\necho 'xdg-open: 882: www-browser: not found' >&2\necho noise\nexit 3\n",
    )
    .unwrap();
    std::fs::set_permissions(&opener, std::fs::Permissions::from_mode(0o755)).unwrap();
    let path = format!(
        "{}:{}",
        bin.path().display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let mut server = Server::start_with(&site, &["--open"], &[("PATH", &path)]);
    let url = format!("http://127.0.0.1:{}/", server.port);
    let said = lines_until(&mut server, "Could not open a browser");
    assert_eq!(
        said,
        [format!("Could not open a browser; open {url} yourself")]
    );
    assert_eq!(server.get("/").0, 200);
}

/// `serve` in a folder without `site.toml` (the wrong folder, most often)
/// stops at once with the error, as `build` does, instead of serving a page
/// that only shows it.
#[test]
fn serve_outside_a_site_stops_with_the_error() {
    let empty = tempfile::tempdir().unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_debrief"))
        .args(["serve", "--watch", "--port", "0"])
        .current_dir(empty.path())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(20);
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!("serve outside a site is still running after 20 s");
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    let mut stderr = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut stderr)
        .unwrap();
    assert_eq!(status.code(), Some(1), "{stderr}");
    assert_eq!(
        stderr,
        "error: no site.toml in this folder: it holds no debrief site\n\
         \x20 = note: run debrief in the site's folder (the one with site.toml), or name it with --root DIR\n\
         \x20 = note: `debrief init DIR` makes a new site\n\
         \n\
         error: the build failed with 1 error\n"
    );
}

/// Saves in a row while the last one's other pages are still rendered (a
/// template edit renders every page, and the update gives that up for the
/// newer save): the open page follows the last save, and so does the rest
/// of the site once the saves stop, without an error.
#[test]
fn saves_in_a_row_end_in_the_last_ones_site() {
    let site = SiteTest::new("bilingual");
    let mut server = Server::start(&site);
    let _ = server.get("/reports/nur-deutsch/");
    let page =
        std::fs::read_to_string(site.root().join("themes/default/templates/page.html")).unwrap();
    let report = std::fs::read_to_string(site.root().join(PAGE)).unwrap();
    for n in 1..=10 {
        site.write(
            "templates/page.html",
            &page.replace(
                "{% endblock content %}",
                &format!("<!-- save {n} -->{{% endblock content %}}"),
            ),
        );
        site.write(
            PAGE,
            &report.replace("Nur auf Deutsch", &format!("Nur auf Deutsch {n}")),
        );
    }
    shown_eventually(
        &server,
        "/reports/nur-deutsch/",
        "<!-- save 10 -->",
        "the open page follows the last save",
    );
    shown_eventually(
        &server,
        "/",
        "Nur auf Deutsch 10",
        "the home page's list follows the last save",
    );
    let (_, _, body) = server.get("/reports/nur-deutsch/");
    assert!(body.contains("Nur auf Deutsch 10"), "{body}");
    assert!(!body.contains("debrief-error"), "{body}");
    let log = lines_until(&mut server, "Rebuilt");
    assert!(
        !log.iter()
            .any(|l| l.contains("failed") || l.starts_with("error")),
        "{log:?}"
    );
}
