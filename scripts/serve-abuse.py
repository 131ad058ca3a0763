#!/usr/bin/env python3
"""Abuse `debrief serve --watch` on loopback and check that it holds.

Bounded, 127.0.0.1 only, against a server this script starts on a copy of
tests/fixtures/bilingual in a temp folder (removed at the end):

1. wrk: CONNECTIONS connections for SECONDS on mixed URLs (pages, CSS,
   feeds, 404s, redirects, traversal attempts): no socket errors;
2. IDLE connections that send nothing and SLOW clients that trickle their
   headers a byte a second: all closed by the server within its header
   timeout (5 s) plus slack, while the server keeps answering;
3. traversal forms (`/../`, `%2e%2e`, `//`, backslashes, NUL): 400 or 404,
   never a file from outside the built site; redirects stay on this host;
4. oversize headers and request lines: refused, and the server answers
   afterwards.

Prints figures for each; exits 1 on any failure, 2 on a usage error.

    scripts/serve-abuse.py [--bin target/release/debrief] [--seconds 3]
        [--connections 64] [--idle 500] [--slow 20]
"""

import argparse
import os
import re
import selectors
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
HEADER_TIMEOUT = 5.0
SLACK = 5.0
SECRET = "top secret: outside the site"
failures = []


def fail(message):
    failures.append(message)
    print(f"FAIL: {message}", flush=True)


def request(port, raw, timeout=10.0):
    """Sends raw bytes, returns (status, head, body) of the response."""
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as s:
        s.sendall(raw)
        data = b""
        try:
            while True:
                chunk = s.recv(65536)
                if not chunk:
                    break
                data += chunk
        except (socket.timeout, ConnectionResetError):
            pass
    head, _, body = data.partition(b"\r\n\r\n")
    head = head.decode("latin-1")
    match = re.match(r"HTTP/1\.[01] (\d{3})", head)
    return (int(match.group(1)) if match else 0), head, body


def get(port, target, extra=b""):
    return request(
        port,
        b"GET " + target + b" HTTP/1.1\r\nHost: 127.0.0.1\r\n" + extra
        + b"Connection: close\r\n\r\n",
    )


def start_server(binary, site):
    proc = subprocess.Popen(
        [binary, "serve", "--watch", "--port", "0", "--root", site],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 30
    port = None
    lines = []
    while time.monotonic() < deadline:
        line = proc.stderr.readline()
        if not line:
            break
        lines.append(line)
        m = re.search(r"http://127\.0\.0\.1:(\d+)/", line)
        if m:
            port = int(m.group(1))
        if "Watching for changes" in line:
            break
    if port is None:
        proc.kill()
        sys.exit("the server did not start:\n" + "".join(lines))
    # Keep reading stderr so the server never blocks on a full pipe.
    threading.Thread(target=lambda: proc.stderr.read(), daemon=True).start()
    return proc, port


def alive(proc, port, when):
    if proc.poll() is not None:
        fail(f"{when}: the server exited with {proc.returncode}")
        return False
    try:
        status, _, _ = get(port, b"/")
    except OSError as e:
        fail(f"{when}: the server does not answer: {e}")
        return False
    if status != 200:
        fail(f"{when}: GET / answered {status}")
        return False
    return True


WRK_LUA = r"""
local paths = {
  "/", "/en/", "/reports/nur-deutsch/", "/css/debrief.css", "/atom.xml",
  "/reports/nur-deutsch", "/no/such/page/", "/%2e%2e/site.toml",
  "//en", "/a\\b", "/sitemap.xml", "/__debrief/reload.js",
}
local i = 0
request = function()
  i = i + 1
  return wrk.format("GET", paths[(i % #paths) + 1])
end
"""


def load(port, seconds, connections, tmp):
    script = os.path.join(tmp, "mixed.lua")
    with open(script, "w") as f:
        f.write(WRK_LUA)
    cmd = [
        "wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--timeout", "5s",
        "-s", script, f"http://127.0.0.1:{port}/",
    ]
    try:
        out = subprocess.run(
            cmd, capture_output=True, text=True, timeout=seconds + 30
        ).stdout
    except (OSError, subprocess.TimeoutExpired) as e:
        fail(f"wrk: {e}")
        return
    m = re.search(r"(\d+) requests in", out)
    rps = re.search(r"Requests/sec:\s+([\d.]+)", out)
    lat = re.search(r"Latency\s+(\S+)\s+(\S+)\s+(\S+)", out)
    errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    total = int(m.group(1)) if m else 0
    print(
        f"wrk: {connections} connections, {seconds} s: {total} requests, "
        f"{rps.group(1) if rps else '?'} req/s, latency avg {lat.group(1) if lat else '?'} "
        f"max {lat.group(3) if lat else '?'}",
        flush=True,
    )
    if total == 0:
        fail("wrk: no requests completed:\n" + out)
    if errors:
        counts = tuple(int(x) for x in errors.groups())
        print(f"wrk: socket errors connect/read/write/timeout {counts}")
        if any(counts):
            fail(f"wrk: socket errors {counts}")


def idle_and_slow(proc, port, idle, slow):
    """Opens IDLE silent and SLOW trickling connections; each must be closed
    by the server within the header timeout plus slack."""
    socks = []
    for _ in range(idle):
        s = socket.create_connection(("127.0.0.1", port), timeout=5)
        s.setblocking(False)
        socks.append(("idle", s))
    for _ in range(slow):
        s = socket.create_connection(("127.0.0.1", port), timeout=5)
        s.sendall(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ")
        s.setblocking(False)
        socks.append(("slow", s))
    start = time.monotonic()
    answers = alive(proc, port, f"with {idle} idle and {slow} slow connections open")
    open_ = {s.fileno(): (kind, s) for kind, s in socks}
    sel = selectors.DefaultSelector()
    for _, s in socks:
        sel.register(s, selectors.EVENT_READ)
    closed_at = []
    last_trickle = start
    deadline = start + HEADER_TIMEOUT + SLACK
    while open_ and time.monotonic() < deadline:
        if time.monotonic() - last_trickle >= 1.0:
            last_trickle = time.monotonic()
            for kind, s in list(open_.values()):
                if kind == "slow":
                    try:
                        s.send(b"x")
                    except OSError:
                        pass
        for key, _ in sel.select(timeout=0.2):
            s = key.fileobj
            try:
                data = s.recv(4096)
            except (BlockingIOError, InterruptedError):
                continue
            except OSError:
                data = b""
            if not data or data.startswith(b"HTTP/1.1 408"):
                # Closed, or a 408 before closing: either way, done with it.
                closed_at.append(time.monotonic() - start)
                sel.unregister(s)
                del open_[s.fileno()]
                s.close()
    for _, s in open_.values():
        s.close()
    sel.close()
    print(
        f"idle/slow: {idle} idle + {slow} slow connections; {len(closed_at)} closed by "
        f"the server, the last after {max(closed_at, default=0):.1f} s; "
        f"{len(open_)} still open after {HEADER_TIMEOUT + SLACK:.0f} s; "
        f"server answered meanwhile: {'yes' if answers else 'no'}",
        flush=True,
    )
    if open_:
        fail(f"{len(open_)} idle or slow connections not closed by the server")


TRAVERSAL = [
    b"/../site.toml", b"/%2e%2e/site.toml", b"/%2E%2E/%2E%2E/etc/passwd",
    b"/..%2fsite.toml", b"/reports/..%2f..%2f..%2fetc%2fpasswd",
    b"/static/../site.toml", b"//etc/passwd", b"///etc/passwd",
    b"/..\\site.toml", b"/%5c..%5csite.toml", b"\\..\\site.toml",
    b"/a%00b", b"/%00", b"/secret.txt", b"/content/secret.txt",
    b"/site.toml", b"/.debrief-cache/", b"/linked/secret.txt",
    b"/%c0%ae%c0%ae/site.toml", b"/reports/%2e%2e%2f%2e%2e%2fsite.toml",
    b"/..;/site.toml", b"/./../site.toml",
]
LEAKS = [SECRET.encode(), b"root:x:", b"base_url ="]


def traversal(port):
    before = len(failures)
    statuses = {}
    for target in TRAVERSAL:
        try:
            status, head, body = get(port, target)
        except OSError as e:
            fail(f"{target!r}: {e}")
            continue
        statuses[status] = statuses.get(status, 0) + 1
        if status not in (400, 404):
            fail(f"{target!r}: answered {status}, not 400 or 404")
        if any(leak in body for leak in LEAKS):
            fail(f"{target!r}: leaked a file")
    # A raw NUL byte in the request line.
    status, _, body = request(port, b"GET /a\x00b HTTP/1.1\r\nHost: x\r\n\r\n")
    statuses[status] = statuses.get(status, 0) + 1
    if status not in (0, 400) or any(leak in body for leak in LEAKS):
        fail(f"raw NUL: answered {status}")
    for target, want in [(b"//en", b"/en/"), (b"///reports//nur-deutsch", b"/reports//nur-deutsch/")]:
        status, head, _ = get(port, target)
        location = re.search(r"(?im)^location: (\S+)", head)
        got = location.group(1).encode() if location else None
        if status != 301 or got != want:
            fail(f"{target!r}: {status} to {got!r}, wanted 301 to {want!r}")
    print(
        f"traversal: {len(TRAVERSAL) + 1} forms, answers "
        + ", ".join(f"{n}× {s}" for s, n in sorted(statuses.items()))
        + ("; nothing leaked; // redirects stay on this host"
           if len(failures) == before else f"; {len(failures) - before} failures"),
        flush=True,
    )


def oversize(proc, port):
    cases = [
        ("a 100 KB header", b"X-Big: " + b"a" * 100_000 + b"\r\n"),
        ("500 headers", b"".join(b"X-H%d: v\r\n" % i for i in range(500))),
    ]
    shown = []
    for name, extra in cases:
        try:
            status, _, _ = get(port, b"/", extra)
        except OSError as e:
            status = f"closed ({e.__class__.__name__})"
        shown.append(f"{name}: {status}")
        if status != 431:
            fail(f"{name}: answered {status}, not 431")
    try:
        status, _, _ = get(port, b"/" + b"a" * 200_000)
    except OSError as e:
        status = f"closed ({e.__class__.__name__})"
    shown.append(f"a 200 KB request line: {status}")
    if status not in (414, 431):
        fail(f"a 200 KB request line: answered {status}, not 414 or 431")
    print("oversize: " + "; ".join(str(s) for s in shown), flush=True)
    alive(proc, port, "after oversize requests")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--bin", default=os.path.join(REPO, "target/release/debrief"))
    parser.add_argument("--seconds", type=int, default=3)
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument("--idle", type=int, default=500)
    parser.add_argument("--slow", type=int, default=20)
    args = parser.parse_args()
    if not os.access(args.bin, os.X_OK):
        print(f"no debrief binary at {args.bin}: run `cargo build --release` or pass --bin",
              file=sys.stderr)
        return 2
    if shutil.which("wrk") is None:
        print("wrk is not installed (Debian: apt-get install wrk)", file=sys.stderr)
        return 2
    tmp = tempfile.mkdtemp(prefix="debrief-abuse-")
    proc = None
    try:
        site = os.path.join(tmp, "site")
        shutil.copytree(os.path.join(REPO, "tests/fixtures/bilingual"), site)
        shutil.copytree(os.path.join(REPO, "themes"), os.path.join(site, "themes"))
        outside = os.path.join(tmp, "outside")
        os.makedirs(outside)
        with open(os.path.join(outside, "secret.txt"), "w") as f:
            f.write(SECRET)
        for path in ["secret.txt", "content/secret.txt"]:
            with open(os.path.join(site, path), "w") as f:
                f.write(SECRET)
        os.makedirs(os.path.join(site, "static"))
        os.symlink(outside, os.path.join(site, "static/linked"))
        proc, port = start_server(args.bin, site)
        print(f"serving the bilingual fixture at http://127.0.0.1:{port}/", flush=True)
        load(port, args.seconds, args.connections, tmp)
        alive(proc, port, "after wrk")
        idle_and_slow(proc, port, args.idle, args.slow)
        traversal(port)
        oversize(proc, port)
        alive(proc, port, "at the end")
    finally:
        if proc is not None:
            proc.kill()
            proc.wait()
        shutil.rmtree(tmp, ignore_errors=True)
    if failures:
        print(f"{len(failures)} failures", file=sys.stderr)
        return 1
    print("all held")
    return 0


if __name__ == "__main__":
    sys.exit(main())
