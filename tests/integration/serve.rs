//! `debrief serve --watch` on 127.0.0.1 with a free port: pages served,
//! an edit sends a reload event, a broken edit shows the overlay, a fix
//! recovers, and requests cannot leave the site.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use crate::support::SiteTest;

/// A running server, stopped on drop.
struct Server {
    child: Child,
    port: u16,
    log: mpsc::Receiver<String>,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Server {
    fn start(site: &SiteTest) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_debrief"))
            .args(["serve", "--watch", "--port", "0", "--root"])
            .arg(site.root())
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
        };
        server.wait_for("Watching for changes");
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
            if line.contains(needle) {
                return line;
            }
        }
        panic!("no stderr line with {needle:?} within 20 s");
    }

    /// A GET request: status and body.
    fn get(&self, path: &str) -> (u16, String, String) {
        let mut stream = TcpStream::connect(("127.0.0.1", self.port)).expect("connect");
        stream
            .set_read_timeout(Some(Duration::from_secs(10)))
            .unwrap();
        write!(
            stream,
            "GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
        )
        .unwrap();
        let mut response = String::new();
        stream.read_to_string(&mut response).expect("read response");
        let (head, body) = response.split_once("\r\n\r\n").unwrap_or((&response, ""));
        let status = head
            .split(' ')
            .nth(1)
            .and_then(|s| s.parse().ok())
            .unwrap_or(0);
        (status, head.to_lowercase(), body.to_owned())
    }

    /// Subscribes to the reload events; returns a receiver of `data:` lines.
    fn events(&self) -> mpsc::Receiver<String> {
        let mut stream = TcpStream::connect(("127.0.0.1", self.port)).expect("connect");
        write!(
            stream,
            "GET /__debrief/events HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n"
        )
        .unwrap();
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stream).lines().map_while(Result::ok) {
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

    let events = server.events();
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
    let site = SiteTest::new("bilingual");
    site.write("secret.txt", "top secret");
    let server = Server::start(&site);
    for path in [
        "/../secret.txt",
        "/%2e%2e/secret.txt",
        "/reports/%2E%2E/%2E%2E/secret.txt",
        "/..%2fsecret.txt",
        "/site.toml",
        "/content/reports/nur-deutsch.md",
    ] {
        let (status, _, body) = server.get(path);
        assert!(status == 400 || status == 404, "{path}: {status}");
        assert!(
            !body.contains("top secret") && !body.contains("base_url"),
            "{path} leaked a file"
        );
    }
}

#[test]
fn a_site_broken_at_start_still_serves_the_overlay() {
    let site = SiteTest::new("bilingual");
    let good = std::fs::read_to_string(site.root().join(PAGE)).unwrap();
    site.write(PAGE, "+++\ntitle = \n+++\n");
    let mut server = Server::start(&site);
    let (status, _, body) = server.get("/");
    assert_eq!(status, 500);
    assert!(
        body.contains("id=\"debrief-error\"") && body.contains("content/reports/nur-deutsch.md:2:")
    );
    let events = server.events();
    site.write(PAGE, &good);
    expect_reload(&events, |d| d.contains('*'));
    server.wait_for("Rebuilt");
    let (status, _, body) = server.get("/reports/nur-deutsch/");
    assert_eq!(status, 200);
    assert!(!body.contains("debrief-error"));
}
