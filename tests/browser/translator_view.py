#!/usr/bin/env python3
"""The translator's view of `debrief serve --watch`, checked in a real browser.

    python3 tests/browser/translator_view.py

Uses the machinery of live_reload.py (same folder: the server wrapper, the
headless Chromium, the bounded waits, the skip rules and environment). On a
copy of the demo site under `base_url = "https://example.org/blog"`:

1. open the English LeWeb interview; its serve-only bar links to the
   translator's view; follow the link (a click, as a writer would);
2. the view names the translation's file, says the translation is current,
   and highlights no paragraph;
3. replace one sentence of the German original (no `updated`): the tab
   reloads by itself, says outdated, and highlights exactly the paragraph
   with the new sentence, next to the English one (the copy is outside
   git: the stamped version comes from the build cache, which stamping the
   copy first fills);
4. stamp the translation with `debrief stamp`: the tab reloads, current
   again, nothing highlighted.

Exit status 0 when every check passed; the last line reads
`browser: N passed, N failed`.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import live_reload as lr  # noqa: E402

SOURCE = "content/reports/2008-12-16-leweb-dell-binhammer/index.md"
TRANSLATION = "content/reports/2008-12-16-leweb-dell-binhammer/index.en.md"
PAGE = "/en/reports/leweb-dell-binhammer/"
VIEW = "/__debrief/translate/reports/2008-12-16-leweb-dell-binhammer/"
OLD = "Die Antwort fiel kürzer aus, als ich erwartet hatte"
NEW = "Die Antwort war viel kürzer, als ich gedacht hatte"

VIEW_STATE = """
return {
  marker: window.__marker === undefined ? null : window.__marker,
  ready: document.readyState,
  url: location.href,
  file: (document.querySelector(".translation-file") || {}).textContent || null,
  state: (document.querySelector(".state") || {}).textContent || "",
  changed: [...document.querySelectorAll("td.changed")].map((td) => ({
    original: td.textContent,
    translation: td.nextElementSibling ? td.nextElementSibling.textContent : null,
  })),
  rows: document.querySelectorAll("tbody tr").length,
};
"""


def view_state(driver) -> dict:
    return lr.js(driver, VIEW_STATE) or {}


def wait_view(driver, what: str, condition, timeout: float) -> dict:
    deadline = time.monotonic() + timeout
    last: dict = {}
    while time.monotonic() < deadline:
        current = view_state(driver)
        if current:
            last = current
            if current.get("ready") == "complete" and condition(current):
                return current
        time.sleep(0.05)
    raise lr.Failure(f"{what}: not within {timeout:.0f} s; the view last showed {last}")


def wait_view_connected(driver, server) -> None:
    events = server.url("/__debrief/events")
    lr.wait_until(driver, "the view's event stream opening",
                  lambda s: any(e["state"] == 1 and e["url"] == events
                                for e in s.get("sse", [])), lr.SSE_TIMEOUT)


def run(driver, binary: Path, site: Path) -> tuple[int, int]:
    from selenium.webdriver.common.by import By

    passed = failed = 0
    lr.copy_site(site, "https://example.org/blog")
    source = site / SOURCE
    original = source.read_text(encoding="utf-8")
    # The copy is outside git: stamping it keeps the original's text in its
    # build cache, where the view finds the stamped version.
    subprocess.run([str(binary), "stamp", TRANSLATION, "--root", str(site)],
                   check=True, capture_output=True, timeout=60)
    server = lr.Server(binary, site)
    try:
        server.start()

        def open_from_page() -> None:
            driver.get(server.url(PAGE))
            lr.wait_until(driver, f"{PAGE} loading", lambda s: True, lr.PAGE_TIMEOUT)
            links = driver.find_elements(By.CSS_SELECTOR, ".debrief-translate a")
            if len(links) != 1:
                raise lr.Failure(f"{PAGE} has {len(links)} translator's view links")
            links[0].click()
            want = server.url(VIEW)
            wait_view(driver, f"the link leading to {want}",
                      lambda s: s.get("url") == want, lr.PAGE_TIMEOUT)

        def current() -> None:
            s = view_state(driver)
            if s.get("file") != TRANSLATION:
                raise lr.Failure(f"the view names {s.get('file')!r}, not {TRANSLATION}")
            if not s["state"].startswith("Current") or s["changed"] or s["rows"] < 5:
                raise lr.Failure(f"not a current view without highlights: {s}")

        def edit_original() -> None:
            wait_view_connected(driver, server)
            lr.set_marker(driver, 1)
            if OLD not in original:
                raise lr.Failure(f"{SOURCE} no longer has the sentence {OLD!r}")
            lr.write(source, original.replace(OLD, NEW))
            s = wait_view(driver, "the view reloading with one highlighted paragraph",
                          lambda s: s.get("marker") is None and s.get("changed"),
                          lr.CHANGE_TIMEOUT)
            if len(s["changed"]) != 1 or NEW not in s["changed"][0]["original"]:
                raise lr.Failure(f"highlighted: {s['changed']}")
            if not s["state"].startswith("Outdated"):
                raise lr.Failure(f"the view says {s['state']!r}")
            if "Binhammer" not in (s["changed"][0]["translation"] or ""):
                raise lr.Failure("the English paragraph is not beside the changed one")

        def stamp() -> None:
            wait_view_connected(driver, server)
            lr.set_marker(driver, 2)
            subprocess.run([str(binary), "stamp", TRANSLATION, "--root", str(site)],
                           check=True, capture_output=True, timeout=60)
            s = wait_view(driver, "the view reloading as current after the stamp",
                          lambda s: s.get("marker") is None and not s.get("changed"),
                          lr.CHANGE_TIMEOUT)
            if not s["state"].startswith("Current"):
                raise lr.Failure(f"after the stamp the view says {s['state']!r}")

        for name, check in [
            ("the page links to its translator's view", open_from_page),
            ("the view is current and names the translation's file", current),
            ("an edit of the original highlights the changed paragraph", edit_original),
            ("stamping makes the view current again", stamp),
        ]:
            try:
                check()
            except lr.Failure as e:
                failed += 1
                lr.log(f"FAIL {name}: {e}")
                lr.log(f"  server stderr (last lines):\n{server.stderr(15)}")
            else:
                passed += 1
                lr.log(f"ok   {name}")
    finally:
        server.stop()
    return passed, failed


def main() -> int:
    missing = lr.missing_tools()
    if missing:
        return lr.skip_or_fail("missing " + ", ".join(missing))
    binary = lr.build_binary()
    tmp = Path(tempfile.mkdtemp(prefix="debrief-translate-"))
    driver = None
    passed = failed = 0
    try:
        driver = lr.start_browser(tmp / "profile")
        passed, failed = run(driver, binary, tmp / "site")
    except Exception as e:  # selenium, subprocess, I/O: report and clean up
        failed += 1
        lr.log(f"FAIL setup: {type(e).__name__}: {e}")
    finally:
        if driver is not None:
            driver.quit()
        lr.shutil.rmtree(tmp, ignore_errors=True)
    lr.log(f"browser: {passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
