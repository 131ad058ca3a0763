#!/usr/bin/env python3
"""Kill trials: `debrief build` killed at random moments leaves the old site
or the new one, whole.

Generates a corpus with ../shared/bench/gen_corpus.py (--n reports per
language) in a temporary folder, builds it once, then runs --trials trials
(or as many as fit in --seconds), alternating cold builds (the cache's
record removed first) and cached ones. Each trial:

1. appends a sentence to a random report and builds the new site with
   `--no-cache --output REF` into a reference folder next to the site;
2. starts `debrief build` in the site and sends it SIGKILL after a random
   delay between 0 and 1.2 times what that kind of build took last;
3. checks that `public/` is byte for byte the old site or the new one
   (compared with the references' digests), with no temporary file inside;
4. builds again, unkilled, and checks that the build succeeds, that
   `public/` is the new site, and that nothing but the sources, `public/` and
   `.debrief-cache/` is in the site root.

Prints a table of outcomes; exits 1 on any bad outcome. Only the processes
it starts are killed, and only the temporary folder it makes is written.

Usage: scripts/kill-trials.py [--n 2500] [--trials 40] [--seconds 600] [--debrief PATH]
"""
import argparse
import hashlib
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
# The bench generator, as bench/compare.py finds it (also from a worktree one level deeper).
GEN = next((p for p in (os.path.join(ROOT, *up, "shared", "bench", "gen_corpus.py") for up in ([".."], ["..", ".."]))
            if os.path.exists(p)), os.path.join(ROOT, "..", "shared", "bench", "gen_corpus.py"))
SOURCES = {"content", "themes", "site.toml"}


def digests(folder):
    """Relative path → digest of every file (and None for every folder) under `folder`."""
    out = {}
    for d, dirs, files in os.walk(folder):
        for name in dirs:
            out[os.path.relpath(os.path.join(d, name), folder) + "/"] = None
        for name in files:
            path = os.path.join(d, name)
            with open(path, "rb") as f:
                out[os.path.relpath(path, folder)] = hashlib.blake2b(f.read(), digest_size=16).digest()
    return out


def build(binary, site, *args):
    start = time.monotonic()
    res = subprocess.run([binary, "build", *args], cwd=site, capture_output=True, text=True)
    return res, time.monotonic() - start


def describe(public, old, new):
    """`old`, `new`, or what is wrong with `public/`."""
    if not os.path.isdir(public):
        return "BAD: no public/"
    now = digests(public)
    temporary = [p for p in now if ".debrief-" in os.path.basename(p.rstrip("/")) and p != ".debrief-output"]
    if temporary:
        return f"BAD: temporary files inside: {temporary[:3]}"
    if now == old:
        return "old"
    if now == new:
        return "new"
    mixed_old = sum(1 for p, h in now.items() if old.get(p) == h and new.get(p) != h)
    mixed_new = sum(1 for p, h in now.items() if new.get(p) == h and old.get(p) != h)
    missing = len(set(new) - set(now))
    return f"BAD: neither ({mixed_old} paths only old, {mixed_new} only new, {missing} missing)"


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=2500, help="reports per language")
    ap.add_argument("--trials", type=int, default=40)
    ap.add_argument("--seconds", type=float, default=600, help="stop starting trials after this long")
    ap.add_argument("--debrief", default=os.path.join(ROOT, "target", "release", "debrief"))
    ap.add_argument("--seed", type=int, default=None)
    args = ap.parse_args()
    # Stopped early (Ctrl+C, or SIGTERM), it still removes its folder.
    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit("stopped by SIGTERM"))
    seed = args.seed if args.seed is not None else random.randrange(1 << 30)
    rng = random.Random(seed)
    started = time.monotonic()
    work = tempfile.mkdtemp(prefix="debrief-kill-trials-")
    try:
        site = os.path.join(work, "site")
        subprocess.run([sys.executable, GEN, "--format", "debrief", "--n", str(args.n), "--out", site],
                       check=True, stdout=subprocess.DEVNULL)
        shutil.copytree(os.path.join(ROOT, "themes"), os.path.join(site, "themes"))
        reports = os.path.join(site, "content", "reports")
        names = sorted(f for f in os.listdir(reports) if f.endswith(".md") and not f.startswith("_"))
        public = os.path.join(site, "public")
        res, took = build(args.debrief, site)
        if res.returncode != 0:
            sys.exit(f"the first build failed:\n{res.stderr}")
        old = digests(public)
        last = {"cold": took, "cached": took}
        print(f"corpus: {2 * args.n} reports, {len(old)} files and folders in public/; seed {seed}; "
              f"first build {took:.2f} s", flush=True)
        rows, bad = [], 0
        for trial in range(args.trials):
            if time.monotonic() - started > args.seconds:
                print(f"stopping after {trial} trials: --seconds {args.seconds:g} reached")
                break
            # A cold build with the cache, as after an upgrade or a template
            # edit (the cache's record removed); a cached build after an edit.
            kind = "cold" if trial % 2 == 0 else "cached"
            flags = []
            with open(os.path.join(reports, rng.choice(names)), "a", encoding="utf-8") as f:
                f.write(f"\nNachtrag {trial}: ein Satz mehr.\n")
            ref = os.path.join(work, f"ref-{trial}")
            res, _ = build(args.debrief, site, "--no-cache", "--output", ref)
            if res.returncode != 0:
                sys.exit(f"the reference build failed:\n{res.stderr}")
            new = digests(ref)
            shutil.rmtree(ref)
            if kind == "cold":
                os.remove(os.path.join(site, ".debrief-cache", "build.bin"))
            delay = rng.uniform(0, 1.2 * last[kind])
            proc = subprocess.Popen([args.debrief, "build", *flags], cwd=site,
                                    stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            time.sleep(delay)
            finished = proc.poll() is not None
            if not finished:
                proc.send_signal(signal.SIGKILL)
            proc.wait()
            outcome = describe(public, old, new)
            res, took = build(args.debrief, site, *flags)
            if "(cached build)" in res.stderr or kind == "cold":
                last[kind] = took
            after = "ok"
            if res.returncode != 0:
                after = f"BAD: exit {res.returncode}: {res.stderr.strip()[-200:]}"
            elif digests(public) != new:
                after = "BAD: public/ is not the new site"
            else:
                beside = sorted(set(os.listdir(site)) - SOURCES - {"public", ".debrief-cache"})
                if beside:
                    after = f"BAD: left beside public/: {beside}"
            if outcome.startswith("BAD") or after.startswith("BAD"):
                bad += 1
            rows.append((trial + 1, kind, delay, "exited first" if finished else "killed", outcome, after))
            print(f"{trial + 1:>5} {kind:7} {delay * 1000:8.0f} ms  {rows[-1][3]:12} {outcome:4}  next build: {after}",
                  flush=True)
            old = new
        print(f"\n{'outcome':28} {'cold':>5} {'cached':>6}")
        for label in ("killed, public/ old", "killed, public/ new", "exited before the kill", "bad"):
            def counts(kind):
                def match(r):
                    if label == "bad":
                        return r[4].startswith("BAD") or r[5].startswith("BAD")
                    if label == "exited before the kill":
                        return r[3] == "exited first" and not r[4].startswith("BAD")
                    return r[3] == "killed" and r[4] == label.split()[-1]
                return sum(1 for r in rows if r[1] == kind and match(r))
            print(f"{label:28} {counts('cold'):>5} {counts('cached'):>6}")
        print(f"{len(rows)} trials, {bad} bad, in {time.monotonic() - started:.0f} s")
        return 1 if bad or not rows else 0
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
