#!/usr/bin/env bash
# Tries the README's nginx recipe: a fresh `debrief init` site, built for
# http://127.0.0.1:PORT/blog, copied to WWW/blog/ and served by nginx with
# the README's location block; then every link and image is fetched, and
# /blog, a page without its slash and a missing page are asked for.
# Usage: scripts/nginx-subpath.sh [PORT]   (needs nginx and python3; exit 1 on any failure)
set -euo pipefail
cd "$(dirname "$0")/.."
port="${1:-18089}"
debrief="${DEBRIEF:-target/debug/debrief}"
[ -x "$debrief" ] || cargo build -q
work="$(mktemp -d)"
# nginx workers run as another user, who must read the files.
chmod 755 "$work"
trap 'if [ -f "$work/nginx.pid" ]; then kill "$(cat "$work/nginx.pid")" 2>/dev/null || true; fi; rm -rf "$work"' EXIT

"$debrief" init "$work/site" -q
"$debrief" build -q --root "$work/site" --base-url "http://127.0.0.1:$port/blog" --output "$work/build"
mkdir -p "$work/www"
cp -a "$work/build/." "$work/www/blog/"
cat > "$work/nginx.conf" <<CONF
worker_processes 1;
pid $work/nginx.pid;
error_log $work/error.log;
events {}
http {
  include /etc/nginx/mime.types;
  access_log off;
  # Everything under the work folder, so that no root is needed.
  client_body_temp_path $work/tmp-body;
  proxy_temp_path $work/tmp-proxy;
  fastcgi_temp_path $work/tmp-fastcgi;
  uwsgi_temp_path $work/tmp-uwsgi;
  scgi_temp_path $work/tmp-scgi;
  server {
    listen 127.0.0.1:$port;
    location /blog/ {
        root $work/www;
        index index.html;
        error_page 404 /blog/404.html;
    }
    location = /blog { return 301 /blog/; }
  }
}
CONF
nginx -e "$work/error.log" -c "$work/nginx.conf" -p "$work"
sleep 0.5
python3 - "$port" <<'PY'
import re, sys, urllib.request, urllib.error
origin = f"http://127.0.0.1:{sys.argv[1]}"
class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args): return None
plain = urllib.request.build_opener(NoRedirect)
def status(path):
    try:
        r = plain.open(origin + path); return r.status, r.headers.get("location", "")
    except urllib.error.HTTPError as e:
        return e.code, e.headers.get("location", "")
seen, todo, bad = set(), [origin + "/blog/"], []
while todo:
    url = todo.pop()
    if url in seen: continue
    seen.add(url)
    try:
        r = urllib.request.urlopen(url)
    except urllib.error.HTTPError as e:
        bad.append((url, e.code)); continue
    if re.search(r"html|xml", r.headers.get("content-type", "")):
        for link in re.findall(r'(?:href|src)="([^"#]+)', r.read().decode("utf-8", "replace")):
            link = link.replace("&amp;", "&")
            if link.startswith("/"): link = origin + link
            if link.startswith(origin + "/"): todo.append(link)
checks = {
    "/blog": (301, origin + "/blog/"),
    "/blog/reports/erster-bericht": (301, origin + "/blog/reports/erster-bericht/"),
    "/blog/no/such/page/": (404, ""),
}
wrong = {p: status(p) for p, want in checks.items() if status(p) != want}
print(f"{len(seen)} URLs fetched under /blog/; broken: {bad}; wrong answers: {wrong}")
sys.exit(1 if bad or wrong or not all(u.startswith(origin + "/blog/") for u in seen) else 0)
PY
