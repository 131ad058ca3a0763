#!/usr/bin/env python3
"""The search field of the default theme, checked in a real browser.

    python3 tests/browser/search.py

Builds tests/fixtures/search (a German/English blog) with
`debrief build --base-url http://127.0.0.1:PORT/blog`, serves the output
under /blog/ with a small static server of its own (it logs every path
asked for), and in one headless Chromium (as tests/browser/live_reload.py
drives it) types into the header's search field of the German and the
English home page:

1. a word of a German report finds it (and only reports in German);
2. an English word finds the English version from the English home;
3. `Baumgaertner`, `Strasse`, `Zuhoeren` and `Bonner Strasse` find the
   reports that write „Baumgärtner“, „Straße“, „Zuhören“; `Mueller` and
   `Müller` find „Mueller“, `Seestraße` finds „Seestrasse“;
4. `harbour` on the German home offers the English-only report, marked EN,
   and never the English version of a report that has a German one;
5. words of a draft and of a future report do not find them;
6. the lessons filter narrows the results by the lesson's key;
7. every request the pages made and every request the server saw is under
   /blog/ on this server.

(The bytes a first search downloads are measured by bench/search_cost.py.)
Exit 0 when every check passed, 1 when one failed; skipped (exit 0) when
chromium, chromedriver or selenium is missing, unless
DEBRIEF_BROWSER_REQUIRED=1. DEBRIEF_BIN picks the binary (else
`cargo build --release`).
"""

from __future__ import annotations

import http.server
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import live_reload as lr  # noqa: E402  (browser start, tool checks)

ROOT = Path(__file__).resolve().parents[2]
FIXTURE = ROOT / "tests" / "fixtures" / "search"
WAIT = 15


class Handler(http.server.SimpleHTTPRequestHandler):
    seen: list[str] = []

    def log_message(self, *args) -> None:
        pass

    def do_GET(self) -> None:  # noqa: N802 (the library's name)
        Handler.seen.append(self.path)
        super().do_GET()


def serve(top: Path) -> tuple[http.server.ThreadingHTTPServer, int]:
    handler = lambda *a, **k: Handler(*a, directory=str(top), **k)  # noqa: E731
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, server.server_address[1]


def build(binary: Path, tmp: Path, port: int) -> Path:
    site = tmp / "site"
    shutil.copytree(FIXTURE, site)
    shutil.copytree(ROOT / "themes", site / "themes")
    out = tmp / "www" / "blog"
    subprocess.run([str(binary), "build", "--root", str(site), "--output", str(out),
                    "--base-url", f"http://127.0.0.1:{port}/blog"], check=True,
                   capture_output=True, timeout=120)
    return out


def results(driver, home: str, query: str | None) -> dict:
    """Types `query` into the field of `home` (None: types nothing, as
    after choosing a filter); the results panel's state once settled."""
    from selenium.webdriver.common.by import By

    if query is not None:
        if driver.current_url != home:
            driver.get(home)
        field = driver.find_element(By.CSS_SELECTOR, "form.site-search input[type=search]")
        field.clear()
        field.send_keys(query)
    deadline = time.monotonic() + WAIT
    last = None
    while time.monotonic() < deadline:
        state = driver.execute_script("""
            const p = document.getElementById('search-results');
            if (!p || p.hidden) return null;
            const status = p.querySelector('[role=status]');
            return {query: p.dataset.query, status: status && status.textContent,
                    hits: [...p.querySelectorAll('.search-results__list li')].map(li => ({
                      href: li.querySelector('a').getAttribute('href'),
                      lang: li.querySelector('a').getAttribute('lang'),
                      badge: (li.querySelector('.search-results__lang') || {}).textContent || null,
                      text: li.textContent}))};
        """)
        # Settled: the same state twice in a row, a quarter second apart.
        if state is not None and state == last and (query is None or state["query"] == query):
            return state
        last = state
        time.sleep(0.25)
    raise AssertionError(f"no settled results for {query!r} on {home}: {last}")


class Checks:
    def __init__(self) -> None:
        self.passed = 0
        self.failed = 0

    def check(self, what: str, ok: bool, detail: object = "") -> None:
        if ok:
            self.passed += 1
            lr.log(f"  ok: {what}")
        else:
            self.failed += 1
            lr.log(f"  FAILED: {what}: {detail}")


def hrefs(state: dict) -> list[str]:
    return [h["href"] for h in state["hits"]]


def run(driver, base: str, c: Checks) -> None:
    de, en = f"{base}/blog/", f"{base}/blog/en/"
    binhammer_de = "/blog/reports/leweb-binhammer/"
    binhammer_en = "/blog/en/reports/leweb-binhammer/"
    barcamp = "/blog/reports/barcamp-koeln/"
    berlin = "/blog/reports/next-berlin/"
    dublin = "/blog/en/reports/web-summit-dublin/"

    s = results(driver, de, "Telefonamt")
    c.check("German word on the German home", hrefs(s) == [binhammer_de], s)
    s = results(driver, en, "broadcast")
    c.check("English word on the English home", hrefs(s) == [binhammer_en], s)
    s = results(driver, en, "customers")
    c.check("English stemming (customers → customer)", binhammer_en in hrefs(s), s)
    for query, want in [("Baumgaertner", barcamp), ("Strasse", barcamp),
                        ("Bonner Strasse", barcamp), ("Zuhoeren", binhammer_de),
                        ("zuhören", binhammer_de), ("Mueller", berlin), ("Müller", berlin),
                        ("Seestraße", berlin), ("Bergfuehrer", berlin)]:
        s = results(driver, de, query)
        c.check(f"{query!r} finds {want}", want in hrefs(s), s)
    s = results(driver, de, "harbour")
    c.check("English-only report offered on the German home",
            hrefs(s) == [dublin] and s["hits"][0]["badge"] == "EN"
            and s["hits"][0]["lang"] == "en", s)
    s = results(driver, de, "Binhammer")
    c.check("a report in German is found in German, not its English version",
            hrefs(s) == [binhammer_de], s)
    # Pagefind tries shorter prefixes of a word it does not know, so a
    # word of neither page may still find another report: only these two
    # pages must never be among the hits.
    for word, page in (("Geheimwortprobe", "/blog/reports/entwurf/"),
                       ("Zukunftswortprobe", "/blog/reports/zukunft/")):
        s = results(driver, de, word)
        c.check(f"{word} does not find its draft or future page", page not in hrefs(s)
                and all("probe" not in h["text"] for h in s["hits"]), s)

    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    s = results(driver, de, "Dell")
    c.check("Dell finds the interview", binhammer_de in hrefs(s), s)
    s = results(driver, de, "Kunden")
    before = hrefs(s)
    select = Select(driver.find_element(By.ID, "search-filter-lessons"))
    names = [o.text for o in select.options]
    c.check("lesson filter shows the lesson's name", "Zuhören vor Senden" in names, names)
    select.select_by_value("zuhoeren-vor-senden")
    time.sleep(1.0)
    s = results(driver, de, None)
    c.check("lesson filter narrows the hits",
            sorted(before) == [barcamp, binhammer_de] and hrefs(s) == [binhammer_de], (before, s))

    entries = driver.execute_script(
        "return performance.getEntriesByType('resource').map(e => e.name)")
    outside = [e for e in entries if not e.startswith(f"{base}/blog/")]
    c.check("every request of the page is under /blog/", not outside, outside)


def main() -> int:
    missing = lr.missing_tools()
    if missing:
        return lr.skip_or_fail("missing " + ", ".join(missing))
    binary = lr.build_binary()
    c = Checks()
    with tempfile.TemporaryDirectory(prefix="debrief-search-") as tmp:
        tmp = Path(tmp)
        server, port = serve(tmp / "www")
        (tmp / "www").mkdir()
        build(binary, tmp, port)
        driver = lr.start_browser(tmp / "profile")
        try:
            run(driver, f"http://127.0.0.1:{port}", c)
        except Exception as e:  # a check that could not run is a failure
            c.check("the search scenario ran to the end", False, repr(e))
        finally:
            driver.quit()
            server.shutdown()
        outside = [p for p in Handler.seen if not p.startswith("/blog/")]
        c.check("the server saw requests only under /blog/", not outside, outside)
    lr.log(f"browser: {c.passed} passed, {c.failed} failed")
    return 1 if c.failed else 0


if __name__ == "__main__":
    sys.exit(main())
