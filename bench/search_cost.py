#!/usr/bin/env python3
"""What the search costs a reader and the build, on the generated corpus.

    python3 bench/search_cost.py [--sizes 500,5000] [--debrief target/release/debrief]

For each size N (reports per language: 500 and 5000 make 1,000 and 10,000
reports) it generates the debrief corpus with ../shared/bench/gen_corpus.py,
gives it the project's themes/, and:

1. builds it cold (no cache) with `[search] enabled = false` and `= true`,
   RUNS times each, alternating, and prints the median wall times;
2. prints the index's size on disk (pagefind/, all languages; and the
   German one alone);
3. serves the output under /blog/ (a small static server that logs every
   path) and, in headless Chromium, types a word of the corpus into the
   German home's search field; prints the bytes of every file below
   /blog/pagefind/ that the first search fetched (and how many files),
   and what the page itself loaded before it (HTML, CSS, the search script).

The browser part is skipped when chromium, chromedriver or selenium is
missing (see tests/browser/live_reload.py).
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
GEN = ROOT.parent / "shared" / "bench" / "gen_corpus.py"
sys.path.insert(0, str(ROOT / "tests" / "browser"))


def corpus(work: Path, n: int) -> Path:
    site = work / f"debrief-{n}"
    if not (site / ".complete").exists():
        subprocess.run([sys.executable, str(GEN), "--format", "debrief", "--n", str(n),
                        "--out", str(site)], check=True, stdout=subprocess.DEVNULL)
        (site / ".complete").touch()
    shutil.rmtree(site / "themes", ignore_errors=True)
    shutil.copytree(ROOT / "themes", site / "themes")
    return site


def set_search(site: Path, on: bool) -> None:
    toml = site / "site.toml"
    text = re.sub(r"(?ms)^\[search\]\n(?:[a-z_]+ = .*\n)*", "", toml.read_text(encoding="utf-8"))
    toml.write_text(text.rstrip("\n") + f"\n\n[search]\nenabled = {'true' if on else 'false'}\n",
                    encoding="utf-8")


def build(binary: str, site: Path, out: Path, base_url: str | None = None) -> float:
    shutil.rmtree(out, ignore_errors=True)
    cmd = [binary, "build", "--no-cache", "--root", str(site), "--output", str(out)]
    if base_url:
        cmd += ["--base-url", base_url]
    subprocess.run(["sync"], check=True)
    started = time.monotonic()
    subprocess.run(cmd, check=True, capture_output=True)
    return time.monotonic() - started


def size(path: Path) -> tuple[int, int]:
    files = [p for p in path.rglob("*") if p.is_file()]
    return len(files), sum(p.stat().st_size for p in files)


def a_word(site: Path) -> str:
    """A word of the first German report (its longest, for a real query)."""
    report = sorted((site / "content" / "reports").glob("*.de.md"))[0]
    body = report.read_text(encoding="utf-8").split("+++")[-1]
    words = re.findall(r"[A-Za-zÄÖÜäöüß]{6,}", body)
    return max(words, key=len) if words else "Bericht"


def first_search(binary: str, site: Path, work: Path) -> dict | None:
    import live_reload as lr
    import search as t

    if lr.missing_tools():
        return None
    www = work / "www"
    shutil.rmtree(www, ignore_errors=True)
    www.mkdir()
    server, port = t.serve(www)
    out = www / "blog"
    build(binary, site, out, f"http://127.0.0.1:{port}/blog")
    word = a_word(site)
    driver = lr.start_browser(Path(tempfile.mkdtemp(prefix="debrief-bench-")))
    try:
        t.Handler.seen.clear()
        driver.get(f"http://127.0.0.1:{port}/blog/")
        time.sleep(1)
        page = list(t.Handler.seen)
        t.Handler.seen.clear()
        state = t.results(driver, driver.current_url, word)
        fetched = list(t.Handler.seen)
    finally:
        driver.quit()
        server.shutdown()

    def bytes_of(paths):
        total = 0
        for p in paths:
            f = www / p.lstrip("/").split("?")[0]
            if f.is_dir():
                f = f / "index.html"
            total += f.stat().st_size if f.is_file() else 0
        return total

    search = [p for p in fetched if p.startswith("/blog/pagefind/")]
    return {"word": word, "hits": len(state["hits"]), "page": bytes_of(page),
            "page_files": len(page), "search": bytes_of(search), "search_files": len(search)}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default="500,5000")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--work", default=str(ROOT / "target" / "bench-search"))
    ap.add_argument("--debrief", default=str(ROOT / "target" / "release" / "debrief"))
    args = ap.parse_args()
    work = Path(args.work)
    work.mkdir(parents=True, exist_ok=True)
    for n in [int(s) for s in args.sizes.split(",") if s]:
        site = corpus(work, n)
        times = {False: [], True: []}
        for _ in range(args.runs):
            for on in (False, True):
                set_search(site, on)
                times[on].append(build(args.debrief, site, work / "public"))
        off, on = statistics.median(times[False]), statistics.median(times[True])
        files, total = size(work / "public" / "pagefind")
        _, de = size(work / "public" / "pagefind" / "de")
        print(f"{2 * n} reports: cold build {off:.2f} s without search, {on:.2f} s with "
              f"(+{on - off:.2f} s, {on / off:.2f}x; medians of {args.runs})")
        print(f"  index on disk: {files} files, {total / 2**20:.2f} MiB (German {de / 2**20:.2f} MiB)")
        shutil.rmtree(work / "public", ignore_errors=True)
        m = first_search(args.debrief, site, work)
        if m:
            print(f"  home page before any search: {m['page'] / 1024:.1f} KiB in {m['page_files']} files")
            print(f"  first search ({m['word']!r}, {m['hits']} hits shown): "
                  f"{m['search'] / 1024:.1f} KiB in {m['search_files']} files")
        shutil.rmtree(work / "www", ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
