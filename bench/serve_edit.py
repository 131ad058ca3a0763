#!/usr/bin/env python3
"""How long from saving a file to `debrief serve --watch` serving the change.

Generates the corpus (../shared/bench/gen_corpus.py --format debrief, N
reports per language; default 5000, i.e. 10,000 reports) with the project's
themes/, starts the release binary with `serve --watch --port 0`, then:

- edits one report (a new sentence) RUNS times: the time from the write to
  the served HTML containing the sentence;
- edits the page template RUNS times: the time until the served report shows
  the template's new marker.

Prints the medians (and min/max). Polls the page over loopback every 2 ms.

Usage: bench/serve_edit.py [--n 5000] [--runs 10]
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
    args = ap.parse_args()
    subprocess.run(["cargo", "build", "--release", "-q"], cwd=ROOT, check=True)
    site = os.path.join(args.work, f"serve-{args.n}")
    if not os.path.exists(os.path.join(site, ".complete")):
        subprocess.run([sys.executable, GEN, "--format", "debrief", "--n", str(args.n), "--out", site],
                       check=True, stdout=subprocess.DEVNULL)
        open(os.path.join(site, ".complete"), "w").close()
    shutil.rmtree(os.path.join(site, "themes"), ignore_errors=True)
    shutil.copytree(os.path.join(ROOT, "themes"), os.path.join(site, "themes"))

    server = subprocess.Popen([os.path.join(ROOT, "target", "release", "debrief"), "serve", "--watch",
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

        def measure(kind, edit):
            times = []
            for i in range(args.runs):
                marker = f"bench{kind}{i}x{time.time_ns()}"
                start = time.perf_counter()
                edit(marker)
                times.append((wait_for(url, marker) - start) * 1000)
                time.sleep(0.2)
            return times

        def edit_report(marker):
            with open(path, "w", encoding="utf-8") as f:
                f.write(original + f"\n\nNeuer Satz {marker}.\n")

        template = os.path.join(site, "themes", "default", "templates", "page.html")
        template_text = open(template, encoding="utf-8").read()

        def edit_template(marker):
            with open(template, "w", encoding="utf-8") as f:
                f.write(template_text.replace("{% block content %}", "{% block content %}<!-- " + marker + " -->", 1))

        report = measure("report", edit_report)
        tmpl = measure("template", edit_template)
        with open(path, "w", encoding="utf-8") as f:
            f.write(original)
        with open(template, "w", encoding="utf-8") as f:
            f.write(template_text)
        n = 2 * args.n
        for name, t in (("one-report edit", report), ("template edit", tmpl)):
            print(f"{n} reports, {name}: median {statistics.median(t):.0f} ms "
                  f"(min {min(t):.0f}, max {max(t):.0f}, {len(t)} edits)")
        print("server says:", "; ".join(l for l in log if l.startswith("Rebuilt"))[-400:])
    finally:
        server.terminate()
        server.wait()


if __name__ == "__main__":
    main()
