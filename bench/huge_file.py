#!/usr/bin/env python3
"""Peak memory of a build of one huge report, per shape of Markdown.

Generates a site with a single report of about --mb megabytes in each shape
(prose paragraphs, a flat list, a nested list, links, a table, headings,
pull quotes, footnotes), builds it with --no-cache and prints the build's
peak resident memory (from wait4's rusage) and its ratio to the report's
size. Usage: bench/huge_file.py [--bin target/release/debrief] [--mb 20]
"""

import argparse
import os
import random
import shutil
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


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--bin", default="target/release/debrief")
    ap.add_argument("--mb", type=float, default=20)
    ap.add_argument("--shapes", default=",".join(SHAPES))
    args = ap.parse_args()
    binary = os.path.abspath(args.bin)
    size = int(args.mb * 1_000_000)
    print(f"| shape | report MB | peak MiB | ratio | seconds |")
    print(f"|---|---|---|---|---|")
    for shape in args.shapes.split(","):
        with tempfile.TemporaryDirectory() as root:
            subprocess.run([binary, "init", root], check=True, capture_output=True)
            path = os.path.join(root, "content", "reports", "riesig.md")
            text = report(shape, size)
            with open(path, "w") as f:
                f.write(text)
            mb = len(text.encode()) / 1e6
            start = time.monotonic()
            proc = subprocess.Popen(
                [binary, "build", "--no-cache", "--root", root],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
            )
            _, status, usage = os.wait4(proc.pid, 0)
            seconds = time.monotonic() - start
            if status != 0:
                raise SystemExit(f"{shape}: build failed: {proc.stderr.read().decode()}")
            peak = usage.ru_maxrss / 1024  # KiB → MiB
            print(f"| {shape} | {mb:.1f} | {peak:.0f} | {peak / mb:.1f}× | {seconds:.2f} |")
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
