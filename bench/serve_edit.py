#!/usr/bin/env python3
"""How long from saving a file to `debrief serve --watch` serving the change.

Generates the corpus (../shared/bench/gen_corpus.py --format debrief, N
reports per language; default 5000, i.e. 10,000 reports) with the project's
themes/, starts the release binary with `serve --watch --port 0`, then:

for each kind of edit, RUNS times: writes the edit and times how long until
the served report shows it (a marker that is new each time):

  body         a new sentence in one report
  title        its title
  date         its date (a new day each time)
  description  its description (the page's meta description)
  tag          a new tag on it
  lesson       a new lesson on it
  event        its event's name
  people       an interviewed person added
  template     the page template (a marker comment)
  site.toml    the German site title

After each kind the files are put back. Prints a table of medians (and
min/max). Polls the page over loopback every 2 ms.

Usage: bench/serve_edit.py [--n 5000] [--runs 10] [--kinds body,title,...]
                           [--bin path/to/debrief]

With --bin, that binary is timed instead of the one `cargo build --release`
makes: an older build's, to compare in one sitting.
"""
import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import threading
import time
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
GEN = os.path.join(ROOT, "..", "shared", "bench", "gen_corpus.py")


def fetch(url):
    try:
        with urllib.request.urlopen(url, timeout=5) as r:
            return r.read().decode("utf-8", "replace")
    except Exception:
        return ""


def wait_for(url, needle, limit=60.0):
    start = time.perf_counter()
    while time.perf_counter() - start < limit:
        if needle in fetch(url):
            return time.perf_counter()
        time.sleep(0.002)
    sys.exit(f"timed out waiting for {needle!r} at {url}")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=5000)
    ap.add_argument("--runs", type=int, default=10)
    ap.add_argument("--work", default=os.path.join(ROOT, "target", "bench"))
    ap.add_argument("--kinds", default="", help="comma-separated kinds of edit (default: all)")
    ap.add_argument("--bin", default="", help="the debrief binary to time (default: build this tree's)")
    args = ap.parse_args()
    binary = args.bin or os.path.join(ROOT, "target", "release", "debrief")
    if not args.bin:
        subprocess.run(["cargo", "build", "--release", "-q"], cwd=ROOT, check=True)
    site = os.path.join(args.work, f"serve-{args.n}")
    if not os.path.exists(os.path.join(site, ".complete")):
        subprocess.run([sys.executable, GEN, "--format", "debrief", "--n", str(args.n), "--out", site],
                       check=True, stdout=subprocess.DEVNULL)
        open(os.path.join(site, ".complete"), "w").close()
    shutil.rmtree(os.path.join(site, "themes"), ignore_errors=True)
    shutil.copytree(os.path.join(ROOT, "themes"), os.path.join(site, "themes"))

    server = subprocess.Popen([binary, "serve", "--watch",
                               "--port", "0", "--root", site], stderr=subprocess.PIPE, text=True)
    log, port = [], None
    ready = threading.Event()

    def read():
        nonlocal port
        for line in server.stderr:
            log.append(line.rstrip())
            m = re.search(r"http://127\.0\.0\.1:(\d+)/", line)
            if m:
                port = int(m.group(1))
            if "Watching for changes" in line:
                ready.set()

    threading.Thread(target=read, daemon=True).start()
    try:
        if not ready.wait(600):
            sys.exit("the server did not start:\n" + "\n".join(log))
        print(next((l for l in log if l.startswith("Built")), ""))
        reports = sorted(f for f in os.listdir(os.path.join(site, "content", "reports")) if f.endswith(".de.md"))
        target = reports[len(reports) // 2]
        slug = target[: -len(".de.md")]
        path = os.path.join(site, "content", "reports", target)
        url = f"http://127.0.0.1:{port}/reports/{slug}/"
        original = open(path, encoding="utf-8").read()
        fetch(url)

        def measure(kind, edit, restore):
            times = []
            for i in range(args.runs):
                marker = f"bench{kind.replace('.', '')}{i}x{time.time_ns()}"
                start = time.perf_counter()
                needle = edit(marker, i)
                times.append((wait_for(url, needle or marker) - start) * 1000)
                time.sleep(0.2)
            restore()
            time.sleep(0.5)
            return times

        def write(file, text):
            with open(file, "w", encoding="utf-8") as f:
                f.write(text)

        def report_edit(change):
            def edit(marker, i):
                text, needle = change(original, marker, i)
                write(path, text)
                return needle
            return edit

        template = os.path.join(site, "themes", "default", "templates", "page.html")
        template_text = open(template, encoding="utf-8").read()
        config = os.path.join(site, "site.toml")
        config_text = open(config, encoding="utf-8").read()

        def swap_line(text, prefix, line):
            return re.sub(r"^" + re.escape(prefix) + r".*$", line, text, count=1, flags=re.M)

        edits = {
            "body": report_edit(lambda t, m, i: (t + f"\n\nNeuer Satz {m}.\n", None)),
            "title": report_edit(lambda t, m, i: (swap_line(t, "title = ", f'title = "Bericht {m}"'), None)),
            "date": report_edit(lambda t, m, i: (
                swap_line(t, "date = ", f"date = 1990-01-{i % 28 + 1:02d}"), f"1990-01-{i % 28 + 1:02d}")),
            "description": report_edit(lambda t, m, i: (
                swap_line(t, "description = ", f'description = "Rückblick {m}"'), None)),
            "tag": report_edit(lambda t, m, i: (t.replace("tags = [", f'tags = ["T{m}", ', 1), None)),
            "lesson": report_edit(lambda t, m, i: (t.replace("lessons = [", f'lessons = ["L{m}", ', 1), None)),
            "event": report_edit(lambda t, m, i: (
                re.sub(r'(\[event\]\nname = )"[^"]*"', lambda x: f'{x.group(1)}"E{m}"', t, count=1), None)),
            "people": report_edit(lambda t, m, i: (
                t.replace("[taxonomies]", f'[[people]]\nname = "P{m}"\n\n[taxonomies]', 1), None)),
            "template": lambda m, i: write(template, template_text.replace(
                "{% block content %}", "{% block content %}<!-- " + m + " -->", 1)),
            "site.toml": lambda m, i: write(config, swap_line(config_text, "title = ", f'title = "Berichte {m}"')),
        }
        restores = {
            "template": lambda: write(template, template_text),
            "site.toml": lambda: write(config, config_text),
        }
        kinds = args.kinds.split(",") if args.kinds else list(edits)
        results = []
        for kind in kinds:
            results.append((kind, measure(kind, edits[kind], restores.get(kind, lambda: write(path, original)))))
        n = 2 * args.n
        print(f"{n} reports, time from saving to the served page showing the edit (ms, {args.runs} edits each):")
        print(f"  {'edit':<12} {'median':>8} {'min':>8} {'max':>8}")
        for kind, t in results:
            print(f"  {kind:<12} {statistics.median(t):>8.0f} {min(t):>8.0f} {max(t):>8.0f}")
        print("server says:", "; ".join(l for l in log if l.startswith("Rebuilt"))[-400:])
    finally:
        server.terminate()
        server.wait()


if __name__ == "__main__":
    main()
