#!/usr/bin/env python3
"""Peak memory of a build of one huge report, per shape of Markdown.

Generates a site with a single report of about --mb megabytes in each shape
(prose paragraphs, a flat list, a nested list, links, a table, headings,
pull quotes, footnotes), builds it with --no-cache and prints the build's
peak resident memory (from wait4's rusage) and its ratio to the report's
size: the lowest and the median of --runs builds (the peak moves by tens
of MiB from run to run on a shared machine). --no-search builds without
the search index (which `init` turns on), to see the rest alone.
--max-ratio R fails (exit 1) when a shape's lowest peak is over R times
its report, naming the shapes: a check that copies of a huge page do not
come back.
Usage: bench/huge_file.py [--bin target/release/debrief] [--mb 20] [--runs 3] [--no-search] [--max-ratio R]
"""

import argparse
import os
import random
import shutil
import statistics
import subprocess
import tempfile
import time

WORDS = "Konferenz Vortrag Zuhören Senden Gespräch Abteilung Telefon Twitter Forum Blog".split()


def words(rng, k):
    return " ".join(rng.choice(WORDS) for _ in range(k))


def line(shape, i, rng):
    """The i-th line (or block) of a report of `shape`."""
    if shape == "prose":
        return words(rng, 12) + "\n"
    if shape == "list":
        return "- " + words(rng, 5)
    if shape == "nested":
        return "  " * (i % 3) + "- " + words(rng, 5)
    if shape == "links":
        return f"- [{words(rng, 2)}](https://example.org/{i}) und *{words(rng, 1)}*"
    if shape == "table":
        if i == 1:
            return "| a | b | c |\n|---|---|---|"
        return f"| {words(rng, 1)} | {words(rng, 2)} | {i} |"
    if shape == "headings":
        return f"## {words(rng, 3)} {i}\n\n{words(rng, 6)}\n"
    if shape == "quotes":
        return f'> "{words(rng, 4)}"\n> — Binhammer\n'
    if shape == "footnotes":
        return f"Text[^{i}].\n\n[^{i}]: {words(rng, 3)}\n"
    raise ValueError(shape)


SHAPES = ["prose", "list", "nested", "links", "table", "headings", "quotes", "footnotes"]


def report(shape, size):
    rng = random.Random(1)
    out = ['+++\ntitle = "Riesig"\ndate = 2020-01-01\n+++\n']
    n, i = 0, 0
    while n < size:
        i += 1
        text = line(shape, i, rng)
        out.append(text)
        n += len(text.encode()) + 1
    return "\n".join(out) + "\n"


def build(binary, root, run):
    """Peak resident MiB and seconds of one cold build of the site at
    `root`, into an output folder of its own (removed afterwards)."""
    out = os.path.join(root, f"out-{run}")
    start = time.monotonic()
    proc = subprocess.Popen(
        [binary, "build", "--no-cache", "--root", root, "--output", out],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.monotonic() - start
    if status != 0:
        raise SystemExit(f"{root}: build failed: {proc.stderr.read().decode()}")
    shutil.rmtree(out)
    return usage.ru_maxrss / 1024, seconds  # KiB → MiB


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--bin", default="target/release/debrief")
    ap.add_argument("--mb", type=float, default=20)
    ap.add_argument("--shapes", default=",".join(SHAPES))
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--no-search", action="store_true")
    ap.add_argument("--max-ratio", type=float, help="fail when a shape's lowest peak is over R× its report")
    args = ap.parse_args()
    binary = os.path.abspath(args.bin)
    size = int(args.mb * 1_000_000)
    print("| shape | report MB | peak MiB (lowest, median) | ratio (lowest) | seconds (median) |")
    print("|---|---|---|---|---|")
    over = []
    for shape in args.shapes.split(","):
        with tempfile.TemporaryDirectory() as root:
            subprocess.run([binary, "init", root], check=True, capture_output=True)
            if args.no_search:
                config = os.path.join(root, "site.toml")
                with open(config) as f:
                    toml = f.read()
                off = toml.replace("[search]\nenabled = true", "[search]\nenabled = false")
                if off == toml:
                    raise SystemExit("--no-search: no `[search] enabled = true` in init's site.toml")
                with open(config, "w") as f:
                    f.write(off)
            path = os.path.join(root, "content", "reports", "riesig.md")
            text = report(shape, size)
            with open(path, "w") as f:
                f.write(text)
            mb = len(text.encode()) / 1e6
            runs = [build(binary, root, run) for run in range(args.runs)]
            peaks = sorted(peak for peak, _ in runs)
            seconds = statistics.median(s for _, s in runs)
            low, median = peaks[0], statistics.median(peaks)
            print(f"| {shape} | {mb:.1f} | {low:.0f}, {median:.0f} | {low / mb:.1f}× | {seconds:.2f} |")
            if args.max_ratio is not None and low / mb > args.max_ratio:
                over.append(f"{shape} ({low / mb:.1f}×)")
        shutil.rmtree(root, ignore_errors=True)
    if over:
        raise SystemExit(f"over {args.max_ratio}× the report: {', '.join(over)}")


if __name__ == "__main__":
    main()
