#!/usr/bin/env python3
"""Live reload of `debrief serve --watch`, checked in a real browser.

    python3 tests/browser/live_reload.py

Builds the release binary (`cargo build --release`; quick when up to date)
and starts one headless Chromium (Debian's chromium + /usr/bin/chromedriver,
driven by selenium). Then, twice: once for the demo site as it is (base URL
without a path) and once with `base_url = "https://example.org/blog"` in its
site.toml, it copies the demo site (site.toml, content/, themes/) into a
temporary folder, starts `debrief serve --watch --root TMP --port 0` on
127.0.0.1 and opens a report in the tab; under the sub-path it first opens
`/` and checks that it lands on `/blog/`. Then, without ever calling
driver.get/refresh again:

1. edit:   append a paragraph to the report's Markdown; the tab reloads by
           itself (a marker set on `window` is gone) and shows the paragraph;
2. break:  write broken front matter; the tab reloads and shows the overlay
           `#debrief-error` naming content/reports/…/index.md over the last
           good page, and the server still answers over HTTP;
3. fix:    repair the file; the tab reloads, the overlay is gone and the new
           text shows.

Every wait is bounded. The server and the browser are always stopped. Exit
status 0 when every check passed, 1 when one failed; the last line reads
`browser: N passed, N failed`.

When chromium, chromedriver or selenium is missing the test is skipped (exit
0, with a message saying what is missing), unless DEBRIEF_BROWSER_REQUIRED=1
is set (as .ci/run does where it can install them): then it fails.

Environment: CHROMIUM (default /usr/bin/chromium), CHROMEDRIVER (default
/usr/bin/chromedriver), DEBRIEF_BIN (skip the cargo build and use this binary).
"""

from __future__ import annotations

import os
import queue
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SOURCE = "content/reports/2008-12-16-leweb-dell-binhammer/index.md"
PAGE = "/reports/leweb-dell-binhammer/"
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMEDRIVER = os.environ.get("CHROMEDRIVER", "/usr/bin/chromedriver")
REQUIRED = os.environ.get("DEBRIEF_BROWSER_REQUIRED", "") not in ("", "0")

START_TIMEOUT = 60  # the server: initial build and listening
PAGE_TIMEOUT = 30  # the browser: first page load
CHANGE_TIMEOUT = 10  # a file change until the tab shows it
SSE_TIMEOUT = 10  # the tab's event stream connecting
HTTP_TIMEOUT = 5

# Runs before any script of every document the tab loads: keeps a reference
# to each EventSource the page opens, so the test can wait until the reload
# script is connected before it edits a file (a change made earlier would be
# broadcast to nobody). It only observes; the page's own code runs unchanged.
SSE_PROBE = """
(() => {
  const Original = window.EventSource;
  if (!Original || Original.__debriefProbe) return;
  window.__debriefSources = [];
  const Probe = function (url, init) {
    const source = new Original(url, init);
    window.__debriefSources.push(source);
    return source;
  };
  Probe.prototype = Original.prototype;
  Probe.CONNECTING = 0; Probe.OPEN = 1; Probe.CLOSED = 2;
  Probe.__debriefProbe = true;
  window.EventSource = Probe;
})();
"""


class Failure(Exception):
    """A check that did not hold; its message says what was seen."""


def log(message: str) -> None:
    print(message, flush=True)


def skip_or_fail(reason: str) -> int:
    if REQUIRED:
        log(f"browser: FAIL: {reason} (DEBRIEF_BROWSER_REQUIRED is set)")
        log("browser: 0 passed, 1 failed")
        return 1
    log(f"browser: SKIP: {reason}; install with "
        "`apt-get install -y chromium chromium-driver` and `pip install selenium`")
    log("browser: 0 passed, 0 failed (skipped)")
    return 0


# --- the server -------------------------------------------------------------


class Server:
    """`debrief serve --watch` on a copy of the demo site."""

    def __init__(self, binary: Path, site: Path):
        self.site = site
        self.lines: list[str] = []
        self.queue: queue.Queue[str | None] = queue.Queue()
        self.proc = subprocess.Popen(
            [str(binary), "serve", "--watch", "--root", str(site),
             "--interface", "127.0.0.1", "--port", "0"],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
            encoding="utf-8",
            errors="replace",
        )
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()
        self.base = ""  # http://127.0.0.1:PORT/blog (no trailing slash)
        self.origin = ""  # http://127.0.0.1:PORT
        self.path = ""  # /blog, or empty without a sub-path

    def _read(self) -> None:
        assert self.proc.stderr is not None
        for line in self.proc.stderr:
            line = line.rstrip("\n")
            self.lines.append(line)
            self.queue.put(line)
        self.queue.put(None)

    def wait_for_line(self, pattern: str, timeout: float) -> re.Match[str]:
        deadline = time.monotonic() + timeout
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                raise Failure(f"the server did not print /{pattern}/ within "
                              f"{timeout:.0f} s; its stderr:\n{self.stderr()}")
            try:
                line = self.queue.get(timeout=left)
            except queue.Empty:
                continue
            if line is None:
                raise Failure(f"the server exited ({self.proc.wait()}) before "
                              f"printing /{pattern}/; its stderr:\n{self.stderr()}")
            match = re.search(pattern, line)
            if match:
                return match

    def start(self) -> None:
        match = self.wait_for_line(
            r"^Serving .* at ((http://127\.0\.0\.1:\d+)(/\S*)?) \(Ctrl\+C to stop\)",
            START_TIMEOUT)
        self.base = match.group(1).rstrip("/")
        self.origin = match.group(2)
        self.path = (match.group(3) or "").rstrip("/")
        # The watcher starts after the server listens; a change made before
        # it does would go unnoticed.
        self.wait_for_line(r"^Watching for changes", START_TIMEOUT)

    def url(self, path: str) -> str:
        return self.base + path

    def stderr(self, last: int = 40) -> str:
        return "\n".join("    " + line for line in self.lines[-last:])

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=5)
        self.reader.join(timeout=5)


def http_get(url: str) -> tuple[int, str]:
    """Status and body; only ever called with the server's loopback URL."""
    assert url.startswith("http://127.0.0.1:"), url
    # No proxy, even if the environment names one: loopback only.
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    try:
        with opener.open(url, timeout=HTTP_TIMEOUT) as response:
            return response.status, response.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode("utf-8", "replace")


# --- the browser ------------------------------------------------------------


def start_browser(profile: Path):
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                 "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync",
                 "--disable-dev-shm-usage", f"--user-data-dir={profile}",
                 "--window-size=1200,900"):
        options.add_argument(flag)
    service = Service(executable_path=CHROMEDRIVER, log_output=subprocess.DEVNULL)
    driver = webdriver.Chrome(service=service, options=options)
    driver.set_page_load_timeout(PAGE_TIMEOUT)
    driver.set_script_timeout(HTTP_TIMEOUT)
    driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": SSE_PROBE})
    return driver


def js(driver, script: str, *args):
    """Runs `script` in the tab; None while the tab is between pages."""
    from selenium.common.exceptions import WebDriverException

    try:
        return driver.execute_script(script, *args)
    except WebDriverException:
        return None


STATE = """
const overlay = document.getElementById("debrief-error");
return {
  marker: window.__marker === undefined ? null : window.__marker,
  ready: document.readyState,
  url: location.href,
  text: document.body ? document.body.innerText : "",
  overlay: overlay ? {text: overlay.innerText, role: overlay.getAttribute("role"),
                      visible: overlay.getClientRects().length > 0} : null,
  sse: (window.__debriefSources || []).map((s) => ({url: s.url, state: s.readyState})),
};
"""


def state(driver) -> dict:
    return js(driver, STATE) or {}


def wait_until(driver, what: str, condition, timeout: float) -> dict:
    """Polls the tab's state until `condition(state)` holds."""
    deadline = time.monotonic() + timeout
    last: dict = {}
    while time.monotonic() < deadline:
        current = state(driver)
        if current:
            last = current
            if current.get("ready") == "complete" and condition(current):
                return current
        time.sleep(0.05)
    raise Failure(f"{what}: not within {timeout:.0f} s; the tab last showed "
                  f"{describe(last)}")


def describe(s: dict) -> str:
    if not s:
        return "nothing (no answer from the tab)"
    overlay = s.get("overlay")
    text = " ".join((s.get("text") or "").split())
    return (f"url={s.get('url')} marker={s.get('marker')} "
            f"overlay={'none' if overlay is None else repr(overlay.get('text', '')[:200])} "
            f"event streams={s.get('sse')} text ends {text[-160:]!r}")


def wait_connected(driver, server: "Server") -> None:
    """Waits until the page's reload script has its event stream open, at
    `__debrief/events` under the site's sub-path."""
    events = server.url("/__debrief/events")
    wait_until(
        driver, f"the reload script's event stream to {events} opening",
        lambda s: any(e["state"] == 1 and e["url"] == events for e in s.get("sse", [])),
        SSE_TIMEOUT)


def set_marker(driver, value: int) -> None:
    js(driver, "window.__marker = arguments[0];", value)
    if state(driver).get("marker") != value:
        raise Failure("could not set window.__marker in the tab")


# --- the checks -------------------------------------------------------------


def write(path: Path, text: str) -> None:
    """Writes like an editor saving in place."""
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


def check_edit(driver, server: Server, source: Path, original: str, token: str) -> None:
    wait_connected(driver, server)
    set_marker(driver, 1)
    url_before = state(driver).get("url")
    write(source, original.rstrip("\n") + f"\n\nBrowsertest Absatz {token}.\n")
    started = time.monotonic()
    after = wait_until(driver, f"the tab showing the new paragraph {token}",
                       lambda s: token in s.get("text", ""), CHANGE_TIMEOUT)
    if after.get("marker") is not None:
        raise Failure("the new text showed but window.__marker survived: "
                      "the page was patched, not reloaded")
    if after.get("url") != url_before:
        raise Failure(f"the tab moved from {url_before} to {after.get('url')}")
    if after.get("overlay") is not None:
        raise Failure(f"an error overlay showed after a good edit: {describe(after)}")
    log(f"  the tab reloaded with the new paragraph after "
        f"{time.monotonic() - started:.2f} s")


BROKEN = '+++\ntitle = "Wie das Telefon\ndate = 2008-12-16\n+++\n\nKaputt.\n'


def check_broken(driver, server: Server, source: Path, token: str) -> None:
    wait_connected(driver, server)
    set_marker(driver, 2)
    write(source, BROKEN)
    started = time.monotonic()
    after = wait_until(driver, "the overlay #debrief-error appearing",
                       lambda s: s.get("overlay") is not None, CHANGE_TIMEOUT)
    overlay = after["overlay"]
    if after.get("marker") is not None:
        raise Failure("the overlay showed but window.__marker survived: no reload")
    if SOURCE not in overlay["text"]:
        raise Failure(f"the overlay does not name {SOURCE}: {overlay['text']!r}")
    if overlay.get("role") != "alert":
        raise Failure(f"the overlay's role is {overlay.get('role')!r}, not 'alert'")
    if not overlay.get("visible"):
        raise Failure("the overlay is in the page but not rendered")
    if token not in after.get("text", ""):
        raise Failure("under the overlay the tab does not show the last good "
                      f"page (with {token}): {describe(after)}")
    log(f"  the overlay named {SOURCE} after {time.monotonic() - started:.2f} s")

    # The server keeps serving the last good site, with the overlay.
    status, body = http_get(server.url(PAGE))
    if status != 200:
        raise Failure(f"GET {PAGE} while broken: HTTP {status}")
    if token not in body or 'id="debrief-error"' not in body:
        raise Failure(f"GET {PAGE} while broken: not the last good page with the overlay")
    for path, needle in (("/__debrief/reload.js", "EventSource"), ("/", "debrief-error")):
        status, body = http_get(server.url(path))
        if status != 200 or needle not in body:
            raise Failure(f"GET {server.path}{path} while broken: HTTP {status}, "
                          f"{needle} {'in' if needle in body else 'not in'} the body")
    if server.proc.poll() is not None:
        raise Failure(f"the server exited ({server.proc.returncode})")
    log(f"  the server still answers ({server.path}{PAGE}, {server.path}/, "
        f"{server.path}/__debrief/reload.js)")


def check_fixed(driver, server: Server, source: Path, original: str, token: str) -> None:
    wait_connected(driver, server)
    set_marker(driver, 3)
    write(source, original.rstrip("\n") + f"\n\nBrowsertest repariert {token}.\n")
    started = time.monotonic()
    after = wait_until(
        driver, f"the overlay going away and the tab showing {token}",
        lambda s: s.get("overlay") is None and token in s.get("text", ""),
        CHANGE_TIMEOUT)
    if after.get("marker") is not None:
        raise Failure("the fixed text showed but window.__marker survived: no reload")
    log(f"  the overlay went away and the fixed text showed after "
        f"{time.monotonic() - started:.2f} s")
    status, body = http_get(server.url(PAGE))
    if status != 200 or token not in body or 'id="debrief-error"' in body:
        raise Failure(f"GET {PAGE} after the fix: HTTP {status}, "
                      f"fixed text {'present' if token in body else 'missing'}, "
                      f"overlay {'still there' if 'debrief-error' in body else 'gone'}")


def check_outside(driver, server: Server) -> None:
    """Under a sub-path: `/` lands on it; a path outside it shows a page
    whose link leads there."""
    from selenium.webdriver.common.by import By

    home = server.url("/")
    driver.get(server.origin + "/")
    wait_until(driver, f"{server.origin}/ landing on {home}",
               lambda s: s.get("url") == home, PAGE_TIMEOUT)
    wait_connected(driver, server)
    log(f"  {server.origin}/ landed on {home}, its reload script connected")
    outside = server.origin + "/reports/"
    status, _ = http_get(outside)
    if status != 404:
        raise Failure(f"GET {outside}: HTTP {status}, not 404")
    driver.get(outside)
    wait_until(driver, f"{outside} loading", lambda s: True, PAGE_TIMEOUT)
    links = driver.find_elements(By.CSS_SELECTOR, "a[href]")
    if not links:
        raise Failure(f"{outside} shows no link: {describe(state(driver))}")
    links[0].click()
    wait_until(driver, f"the link on {outside} leading to {home}",
               lambda s: s.get("url") == home, PAGE_TIMEOUT)
    log(f"  {outside} answered 404 and its link led to {home}")


# --- main -------------------------------------------------------------------


def build_binary() -> Path:
    if os.environ.get("DEBRIEF_BIN"):
        return Path(os.environ["DEBRIEF_BIN"]).resolve()
    log("browser: cargo build --release")
    started = time.monotonic()
    subprocess.run(["cargo", "build", "--release", "--locked", "-q"], cwd=ROOT,
                   check=True, timeout=1800)
    log(f"browser: built in {time.monotonic() - started:.1f} s")
    return ROOT / "target" / "release" / "debrief"


def missing_tools() -> list[str]:
    missing = []
    for path in (CHROMIUM, CHROMEDRIVER):
        if not (os.path.isfile(path) and os.access(path, os.X_OK)):
            missing.append(path)
    try:
        import selenium  # noqa: F401
    except ImportError:
        missing.append("the Python package selenium")
    return missing


# Each run: a label and the base_url written into the copy's site.toml
# (None keeps the demo site's own, which has no path).
SCENARIOS = [("no sub-path", None), ("sub-path /blog", "https://example.org/blog")]


def copy_site(dest: Path, base_url: str | None) -> None:
    dest.mkdir()
    toml = (ROOT / "site.toml").read_text(encoding="utf-8")
    if base_url is not None:
        toml, n = re.subn(r"(?m)^base_url = .*$", f'base_url = "{base_url}"', toml)
        if n != 1:
            raise Failure(f"{ROOT / 'site.toml'} has no `base_url = ` line to replace")
    (dest / "site.toml").write_text(toml, encoding="utf-8")
    for name in ("content", "themes"):
        shutil.copytree(ROOT / name, dest / name)


def run_scenario(driver, binary: Path, site: Path, label: str,
                 base_url: str | None, token: str) -> tuple[int, int]:
    """Serves a fresh copy of the demo site and runs the checks in the tab;
    returns (passed, failed)."""
    passed = failed = 0
    server = None
    try:
        copy_site(site, base_url)
        source = site / SOURCE
        original = source.read_text(encoding="utf-8")
        server = Server(binary, site)
        server.start()
        log(f"browser: [{label}] serving {site} at {server.base}/")
        want = urllib.parse.urlsplit(base_url).path.rstrip("/") if base_url else ""
        if server.path != want:
            raise Failure(f"served under {server.path or '/'!r}, not {want or '/'!r}")

        def open_page() -> None:
            driver.get(server.url(PAGE))
            first = wait_until(driver, f"{PAGE} loading", lambda s: True, PAGE_TIMEOUT)
            if "Binhammer" not in first.get("text", ""):
                raise Failure(f"{PAGE} does not look like the report: {describe(first)}")

        checks = []
        if want:
            checks.append((f"{server.origin}/ and paths outside {want}/ lead to it",
                           lambda: check_outside(driver, server)))
        checks += [
            ("the report opens", open_page),
            ("edit reloads the tab",
             lambda: check_edit(driver, server, source, original, f"{token}a")),
            ("broken front matter shows the overlay",
             lambda: check_broken(driver, server, source, f"{token}a")),
            ("fixing the file removes the overlay",
             lambda: check_fixed(driver, server, source, original, f"{token}b")),
        ]
        for name, check in checks:
            try:
                check()
            except Failure as e:
                failed += 1
                log(f"FAIL [{label}] {name}: {e}")
                log(f"  server stderr (last lines):\n{server.stderr(15)}")
            else:
                passed += 1
                log(f"ok   [{label}] {name}")
    except Failure as e:
        failed += 1
        log(f"FAIL [{label}] setup: {e}")
    except Exception as e:  # selenium, subprocess, I/O: still report and clean up
        failed += 1
        log(f"FAIL [{label}] setup: {type(e).__name__}: {e}")
    finally:
        if server is not None:
            server.stop()
    return passed, failed


def main() -> int:
    missing = missing_tools()
    if missing:
        return skip_or_fail("missing " + ", ".join(missing))

    started = time.monotonic()
    binary = build_binary()
    passed = failed = 0
    driver = None
    tmp = Path(tempfile.mkdtemp(prefix="debrief-browser-"))
    try:
        driver = start_browser(tmp / "profile")
        token = f"m{os.getpid()}x{int(time.time())}"
        for n, (label, base_url) in enumerate(SCENARIOS):
            p, f = run_scenario(driver, binary, tmp / f"site{n}", label, base_url,
                                f"{token}s{n}")
            passed += p
            failed += f
    except Exception as e:  # the browser did not start
        failed += 1
        log(f"FAIL setup: {type(e).__name__}: {e}")
    finally:
        if driver is not None:
            try:
                driver.quit()
            except Exception as e:
                log(f"browser: could not quit the browser cleanly: {e}")
        shutil.rmtree(tmp, ignore_errors=True)
    log(f"browser: {time.monotonic() - started:.1f} s")
    log(f"browser: {passed} passed, {failed} failed")
    return 0 if failed == 0 and passed > 0 else 1


if __name__ == "__main__":
    sys.exit(main())
