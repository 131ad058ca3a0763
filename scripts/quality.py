#!/usr/bin/env python3
"""The default theme's quality bar, measured the way readers meet a site.

Builds SITE (default: the demo site) for http://127.0.0.1:PORT/blog, serves
the output with nginx under /blog/ (python's http.server when nginx is
missing), then:

1. runs Lighthouse (mobile, its default) on each page given with --page
   (URL paths under /blog/, default: both homes, a report with photos and a
   lesson, in both languages) and prints the four category scores;
(the default theme has no search page: its search field is in every page's
header, so each of these pages is also a search page);
2. with --screenshots DIR, saves screenshots of the same pages at 390 px and
   1280 px wide in light and dark mode (headless Chromium via selenium);
3. prints the bytes a report page transfers before any search (its HTML,
   CSS, scripts, images; measured in Chromium with the cache empty).

Exit status 1 when a score is below --min (default 1.0), 2 on a setup error.
Needs: lighthouse (npm), chromium and chromedriver (Debian), selenium.
"""

import argparse
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]
DEFAULT_PAGES = [
    "/blog/",
    "/blog/en/",
    "/blog/reports/leweb-dell-binhammer/",
    "/blog/en/reports/leweb-dell-binhammer/",
    "/blog/lessons/listen-first/",
    "/blog/en/lessons/listen-first/",
]


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def serve(out, port, work):
    """Serves `out` at /blog/ on `port`; returns a function that stops it."""
    www = os.path.join(work, "www")
    os.makedirs(www)
    os.symlink(out, os.path.join(www, "blog"))
    if shutil.which("nginx"):
        conf = os.path.join(work, "nginx.conf")
        with open(conf, "w") as f:
            f.write(f"""worker_processes 1;
pid {work}/nginx.pid;
error_log {work}/error.log;
events {{}}
http {{
  include /etc/nginx/mime.types;
  access_log off;
  gzip on;
  gzip_types text/css application/javascript application/json image/svg+xml application/xml;
  client_body_temp_path {work}/tmp-body;
  proxy_temp_path {work}/tmp-proxy;
  fastcgi_temp_path {work}/tmp-fastcgi;
  uwsgi_temp_path {work}/tmp-uwsgi;
  scgi_temp_path {work}/tmp-scgi;
  server {{
    listen 127.0.0.1:{port};
    disable_symlinks off;
    location /blog/ {{ root {www}; index index.html; error_page 404 /blog/404.html; }}
  }}
}}
""")
        subprocess.run(["nginx", "-e", f"{work}/error.log", "-c", conf, "-p", work], check=True)
        time.sleep(0.3)
        return lambda: subprocess.run(["kill", open(f"{work}/nginx.pid").read().strip()])
    proc = subprocess.Popen(
        [sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1", "-d", www],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    time.sleep(0.5)
    return proc.kill


def lighthouse(url, work):
    report = os.path.join(work, "lh.json")
    env = dict(os.environ, CHROME_PATH=shutil.which("chromium") or "/usr/bin/chromium")
    subprocess.run(
        [
            "lighthouse", url, "--quiet", "--output=json", f"--output-path={report}",
            "--only-categories=" + ",".join(CATEGORIES),
            "--chrome-flags=--headless=new --no-sandbox --disable-gpu",
        ],
        check=True,
        env=env,
    )
    with open(report) as f:
        data = json.load(f)
    scores = {c: data["categories"][c]["score"] for c in CATEGORIES}
    failed = [
        f"{a['id']} ({a['score']})"
        for a in data["audits"].values()
        if a.get("score") is not None and a["score"] < 1 and a.get("scoreDisplayMode") == "binary"
    ]
    return scores, failed


def browser():
    from selenium import webdriver

    opts = webdriver.ChromeOptions()
    opts.binary_location = shutil.which("chromium") or "/usr/bin/chromium"
    for flag in ["--headless=new", "--no-sandbox", "--disable-gpu", "--hide-scrollbars"]:
        opts.add_argument(flag)
    opts.set_capability("goog:loggingPrefs", {"performance": "ALL"})
    service = webdriver.ChromeService(executable_path=shutil.which("chromedriver"))
    return webdriver.Chrome(options=opts, service=service)


def screenshots(origin, pages, folder):
    os.makedirs(folder, exist_ok=True)
    driver = browser()
    try:
        for scheme in ["light", "dark"]:
            driver.execute_cdp_cmd(
                "Emulation.setEmulatedMedia",
                {"features": [{"name": "prefers-color-scheme", "value": scheme}]},
            )
            for width in [390, 1280]:
                driver.set_window_size(width, 900)
                for page in pages:
                    driver.get(origin + page)
                    height = driver.execute_script("return document.documentElement.scrollHeight")
                    driver.set_window_size(width, min(height, 4000))
                    name = page.strip("/").replace("/", "-") or "home"
                    driver.save_screenshot(os.path.join(folder, f"{name}-{width}-{scheme}.png"))
                    driver.set_window_size(width, 900)
    finally:
        driver.quit()


def transferred(origin, page):
    """Bytes a page transfers on a first visit, and the URLs outside /blog/."""
    driver = browser()
    try:
        driver.execute_cdp_cmd("Network.enable", {})
        driver.execute_cdp_cmd("Network.setCacheDisabled", {"cacheDisabled": True})
        driver.get(origin + page)
        time.sleep(1)
        total, outside = 0, []
        for entry in driver.get_log("performance"):
            msg = json.loads(entry["message"])["message"]
            if msg["method"] == "Network.loadingFinished":
                total += msg["params"]["encodedDataLength"]
            if msg["method"] == "Network.requestWillBeSent":
                url = msg["params"]["request"]["url"]
                if not url.startswith(origin + "/blog/") and not url.startswith("data:"):
                    outside.append(url)
        return total, outside
    finally:
        driver.quit()


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--site", default=ROOT)
    ap.add_argument("--bin", default=os.path.join(ROOT, "target/release/debrief"))
    ap.add_argument("--page", action="append", help="a URL path under /blog/ (repeatable)")
    ap.add_argument("--min", type=float, default=1.0)
    ap.add_argument("--screenshots", help="save screenshots into this folder")
    ap.add_argument("--no-lighthouse", action="store_true")
    args = ap.parse_args()
    pages = args.page or DEFAULT_PAGES
    if not os.access(args.bin, os.X_OK):
        sys.exit(f"quality: no debrief binary at {args.bin} (cargo build --release)")
    port = free_port()
    origin = f"http://127.0.0.1:{port}"
    work = tempfile.mkdtemp()
    os.chmod(work, 0o755)
    out = os.path.join(work, "public")
    subprocess.run(
        [args.bin, "build", "--root", args.site, "--base-url", origin + "/blog", "--output", out, "--no-cache"],
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    stop = serve(out, port, work)
    bad = False
    try:
        if not args.no_lighthouse:
            print("| page | " + " | ".join(CATEGORIES) + " |")
            print("|---" * (len(CATEGORIES) + 1) + "|")
            for page in pages:
                scores, failed = lighthouse(origin + page, work)
                row = " | ".join(f"{scores[c]:.2f}" for c in CATEGORIES)
                print(f"| {page} | {row} |" + (f"  failing: {', '.join(failed)}" if failed else ""))
                bad |= any(s is None or s < args.min for s in scores.values())
        report = next((p for p in pages if "/reports/" in p), pages[0])
        total, outside = transferred(origin, report)
        print(f"{report}: {total / 1024:.1f} KiB transferred on a first visit (compressed as served)")
        if outside:
            print("requests outside /blog/: " + ", ".join(outside))
            bad = True
        if args.screenshots:
            screenshots(origin, pages, args.screenshots)
            print(f"screenshots in {args.screenshots}")
    finally:
        stop()
        shutil.rmtree(work, ignore_errors=True)
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
