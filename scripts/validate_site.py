#!/usr/bin/env python3
"""Structural checks of a built debrief site (helper of validate-site.sh).

    validate_site.py check --site SITE_DIR --out OUT --base-url URL [--drafts] [--future]
    validate_site.py linkchecker-csv FILE

`check` reads the sources in SITE_DIR (site.toml, content/) to know what the
site must contain, and then checks the output in OUT, built with URL as its
base URL (which may carry a sub-path):

* every HTML page: <html lang> matches the URL's language, one canonical
  link to itself, hreflang alternates for itself and x-default that exist
  and are reciprocal, every href/src/srcset (and CSS url()) resolves to a
  file in OUT, stays under the base URL's sub-path and every #fragment
  names an id of its target; redirect pages (meta refresh) point at an
  existing page;
* every expected page, alias, section (and its pagers), taxonomy list,
  term, term feed, event, events list and language feed exists; lists
  (home, sections, terms, events) link every report they should, including
  reports that exist only in the other language; translations, and terms
  and events present in both languages, link to each other;
* every atom.xml parses as Atom 1.0 (ElementTree and, when installed,
  feedparser), has the right xml:lang, its entries are newest first, every
  entry link exists, and the entries are exactly the dated reports of its
  language (of its term);
* sitemap.xml parses, every <loc> and xhtml:link exists, alternates are
  reciprocal and agree with the pages' own hreflang links, every indexable
  page is listed and no redirect is;
* robots.txt names the sitemap.

Exit status 0 when everything passed, 1 otherwise.  `linkchecker-csv`
summarises LinkChecker's CSV output and exits 1 on any invalid URL.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
import os
import re
import sys
import tomllib
import unicodedata
import urllib.parse
import xml.etree.ElementTree as ET
from collections import defaultdict
from html.parser import HTMLParser

ATOM = "{http://www.w3.org/2005/Atom}"
SM = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML = "{http://www.w3.org/1999/xhtml}"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


# --------------------------------------------------------------------------
# reporting

class Report:
    def __init__(self) -> None:
        self.errors: list[str] = []
        self.warnings: list[str] = []
        self.counts: dict[str, int] = defaultdict(int)

    def error(self, msg: str) -> None:
        self.errors.append(msg)

    def warn(self, msg: str) -> None:
        self.warnings.append(msg)


R = Report()


# --------------------------------------------------------------------------
# slugs, dates, front matter

_TRANSLIT = {"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "ẞ": "ss",
             "Ä": "ae", "Ö": "oe", "Ü": "ue"}


def slugify(text: str) -> str:
    text = "".join(_TRANSLIT.get(c, c) for c in text)
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def to_date(value) -> dt.datetime | None:
    """A front-matter date (TOML/YAML date or datetime, or string) as an aware datetime."""
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value if value.tzinfo else value.replace(tzinfo=dt.timezone.utc)
    if isinstance(value, dt.date):
        return dt.datetime(value.year, value.month, value.day, tzinfo=dt.timezone.utc)
    s = str(value).strip()
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", s):
        d = dt.date.fromisoformat(s)
        return dt.datetime(d.year, d.month, d.day, tzinfo=dt.timezone.utc)
    try:
        v = dt.datetime.fromisoformat(s.replace("Z", "+00:00"))
        return v if v.tzinfo else v.replace(tzinfo=dt.timezone.utc)
    except ValueError:
        return None


def parse_rfc3339(s: str | None) -> dt.datetime | None:
    if not s:
        return None
    try:
        v = dt.datetime.fromisoformat(s.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    return v if v.tzinfo else None


def front_matter(path: str) -> dict:
    with open(path, encoding="utf-8") as f:
        text = f.read().lstrip("\ufeff")
    lines = text.splitlines()
    if not lines:
        return {}
    fence = lines[0].strip()
    if fence not in ("+++", "---"):
        return {}
    for i in range(1, len(lines)):
        if lines[i].strip() == fence:
            raw = "\n".join(lines[1:i])
            break
    else:
        return {}
    if fence == "+++":
        return tomllib.loads(raw)
    import yaml  # only needed for YAML front matter
    return yaml.safe_load(raw) or {}


# --------------------------------------------------------------------------
# the site's sources: what the output must contain

class Page:
    def __init__(self, **kw) -> None:
        self.__dict__.update(kw)


class Model:
    """What the sources say the site contains, as site paths ("/en/reports/x/")."""

    def __init__(self, site: str, drafts: bool, future: bool) -> None:
        with open(os.path.join(site, "site.toml"), "rb") as f:
            cfg = tomllib.load(f)
        self.cfg = cfg
        self.default = cfg.get("default_language", "de")
        langs = list((cfg.get("languages") or {}).keys()) or [self.default]
        self.langs = [self.default] + [l for l in langs if l != self.default]
        self.show_untranslated = {
            l: (cfg.get("languages") or {}).get(l, {}).get("show_untranslated", True)
            for l in self.langs}
        self.taxonomies = {t["name"]: bool(t.get("feed", False))
                           for t in cfg.get("taxonomies") or []}
        self.pages: list[Page] = []
        self.sections: dict[str, dict[str, dict]] = {}   # dir -> lang -> front
        self.term_sources: dict[str, dict[str, dict[str, str]]] = defaultdict(dict)  # tax -> key -> lang -> title
        now = dt.datetime.now(dt.timezone.utc)
        content = os.path.join(site, "content")
        for root, dirs, files in os.walk(content):
            dirs.sort()
            for name in sorted(files):
                if not name.endswith(".md"):
                    continue
                full = os.path.join(root, name)
                rel = os.path.relpath(full, content).replace(os.sep, "/")
                parts = rel.split("/")
                stem = name[:-3]
                lang = self.default
                m = re.fullmatch(r"(.+)\.([a-z]{2}(?:-[A-Za-z]+)?)", stem)
                if m and m.group(2) in self.langs:
                    stem, lang = m.group(1), m.group(2)
                try:
                    front = front_matter(full)
                except Exception as e:  # noqa: BLE001
                    R.error(f"source {rel}: front matter does not parse: {e}")
                    continue
                dirs_ = parts[:-1]
                if stem == "_index":
                    self.sections.setdefault("/".join(dirs_), {})[lang] = front
                    continue
                if len(parts) == 2 and parts[0] in self.taxonomies:
                    self.term_sources[parts[0]].setdefault(stem, {})[lang] = front.get("title", stem)
                    continue
                if stem == "index" and dirs_:
                    base = dirs_[-1]
                    section = dirs_[:-1]
                    bundle = True
                else:
                    base = stem
                    section = dirs_
                    bundle = False
                date = to_date(front.get("date"))
                dm = re.match(r"(\d{4}-\d{2}-\d{2})-(.+)", base)
                if dm:
                    if date is None:
                        date = to_date(dm.group(1))
                    base_name = dm.group(2)
                else:
                    base_name = base
                if front.get("draft") and not drafts:
                    continue
                if date and date > now and not (future or drafts):
                    continue
                slug = front.get("slug") or slugify(base_name)
                prefix = "" if lang == self.default else f"/{lang}"
                sec = "/".join(section)
                path = f"{prefix}/{sec + '/' if sec else ''}{slug}/"
                tkey = "/".join(section + [base])
                ev = front.get("event")
                event_key = None
                if isinstance(ev, dict) and ev.get("name"):
                    ed = to_date(ev.get("date")) or date
                    event_key = slugify(f"{ev['name']} {ed.year}" if ed else ev["name"])
                taxes = front.get("taxonomies") or {}
                self.pages.append(Page(
                    rel=rel, lang=lang, path=path, tkey=tkey, section=sec, date=date,
                    front=front, bundle=bundle, bundle_dir=os.path.dirname(full) if bundle else None,
                    aliases=list(front.get("aliases") or []), event_key=event_key,
                    terms={t: [str(n) for n in (taxes.get(t) or [])] for t in self.taxonomies},
                ))
        self.by_tkey: dict[str, dict[str, Page]] = defaultdict(dict)
        for p in self.pages:
            self.by_tkey[p.tkey][p.lang] = p
        # term slugs: a term source's KEY when the name is its title (any language) or KEY
        self.term_slug_of: dict[str, dict[str, str]] = {}
        for tax in self.taxonomies:
            names: dict[str, str] = {}
            for key, titles in self.term_sources.get(tax, {}).items():
                names[key] = key
                for title in titles.values():
                    names[title] = key
            self.term_slug_of[tax] = names

    def prefix(self, lang: str) -> str:
        return "" if lang == self.default else f"/{lang}"

    def translation(self, page: Page, lang: str) -> Page | None:
        return self.by_tkey[page.tkey].get(lang)

    def listed_in(self, page: Page, lang: str) -> bool:
        """Does a list in `lang` show `page` (its own language, or untranslated)?"""
        if page.lang == lang:
            return True
        return self.show_untranslated.get(lang, True) and self.translation(page, lang) is None

    def term_slug(self, tax: str, name: str) -> str:
        return self.term_slug_of.get(tax, {}).get(name) or slugify(name)


# --------------------------------------------------------------------------
# HTML parsing

URL_ATTRS = {
    "a": ["href"], "link": ["href"], "img": ["src", "srcset"], "source": ["src", "srcset"],
    "script": ["src"], "iframe": ["src"], "video": ["src", "poster"], "audio": ["src"],
    "track": ["src"], "embed": ["src"], "object": ["data"], "form": ["action"],
    "area": ["href"], "use": ["href", "xlink:href"], "image": ["href", "xlink:href"],
    "blockquote": ["cite"], "q": ["cite"], "ins": ["cite"], "del": ["cite"],
}


class PageParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.html_lang: str | None = None
        self.canonical: list[str] = []
        self.alternates: list[tuple[str, str]] = []    # (hreflang, href) in <head>
        self.refresh: str | None = None
        self.robots = ""
        self.base: str | None = None
        self.ids: set[str] = set()
        self.urls: list[tuple[str, str, str]] = []      # (tag, attr, value)
        self.body_links: list[tuple[str, str | None]] = []  # (href, hreflang) of <a> in body
        self.in_body = False

    def handle_starttag(self, tag, attrs):
        a = {k: (v if v is not None else "") for k, v in attrs}
        if tag == "html":
            self.html_lang = a.get("lang")
        if tag == "body":
            self.in_body = True
        if "id" in a:
            self.ids.add(a["id"])
        if tag == "a" and "name" in a:
            self.ids.add(a["name"])
        if tag == "base" and "href" in a:
            self.base = a["href"]
        if tag == "link":
            rels = a.get("rel", "").lower().split()
            if "canonical" in rels:
                self.canonical.append(a.get("href", ""))
            if "alternate" in rels and "hreflang" in a:
                self.alternates.append((a["hreflang"], a.get("href", "")))
        if tag == "meta":
            if a.get("http-equiv", "").lower() == "refresh":
                self.refresh = a.get("content", "")
            if a.get("name", "").lower() == "robots":
                self.robots = a.get("content", "").lower()
        for attr in URL_ATTRS.get(tag, []):
            if attr in a:
                self.urls.append((tag, attr, a[attr]))
        if tag == "a" and self.in_body and "href" in a:
            self.body_links.append((a["href"], a.get("hreflang")))

    handle_startendtag = handle_starttag


# --------------------------------------------------------------------------
# the output

class Site:
    def __init__(self, out: str, base_url: str, model: Model) -> None:
        self.out = os.path.abspath(out)
        self.base = base_url.rstrip("/")
        b = urllib.parse.urlsplit(self.base)
        self.scheme, self.netloc, self.base_path = b.scheme, b.netloc, b.path.rstrip("/")
        self.model = model
        self.pages: dict[str, PageParser] = {}   # file -> parsed
        self.url_of: dict[str, str] = {}         # file -> URL

    def abs(self, site_path: str) -> str:
        return self.base + site_path

    def file_url(self, fs: str) -> str:
        rel = os.path.relpath(fs, self.out).replace(os.sep, "/")
        if rel == "index.html":
            return self.base + "/"
        if rel.endswith("/index.html"):
            return self.base + "/" + urllib.parse.quote(rel[: -len("index.html")])
        return self.base + "/" + urllib.parse.quote(rel)

    def lang_of_url(self, url: str) -> str:
        path = urllib.parse.urlsplit(url).path
        rest = path[len(self.base_path):].lstrip("/")
        first = rest.split("/", 1)[0]
        if first in self.model.langs and first != self.model.default:
            return first
        return self.model.default

    def resolve(self, url: str) -> tuple[str, str | None]:
        """('external'|'escape'|'missing'|'ok'|'dir', file or None) for an absolute URL."""
        p = urllib.parse.urlsplit(url)
        if p.scheme not in ("http", "https") or p.netloc != self.netloc:
            return "external", None
        path = urllib.parse.unquote(p.path)
        bp = self.base_path
        if not (path == bp or path.startswith(bp + "/")) or "/../" in path + "/":
            return "escape", None
        rel = path[len(bp):].lstrip("/")
        fs = os.path.join(self.out, rel)
        state = "ok"
        if rel == "" or rel.endswith("/"):
            fs = os.path.join(fs, "index.html")
        elif os.path.isdir(fs):
            fs = os.path.join(fs, "index.html")
            state = "dir"
        return (state if os.path.isfile(fs) else "missing"), fs

    def exists(self, url: str) -> bool:
        state, _ = self.resolve(url)
        return state in ("ok", "dir")

    def page_of(self, url: str) -> PageParser | None:
        state, fs = self.resolve(url)
        if state not in ("ok", "dir"):
            return None
        return self.pages.get(fs)


def walk_files(out: str, ext: str) -> list[str]:
    found = []
    for root, dirs, files in os.walk(out):
        dirs.sort()
        for f in sorted(files):
            if f.endswith(ext):
                found.append(os.path.join(root, f))
    return found


def check_html(site: Site) -> None:
    files = walk_files(site.out, ".html")
    for fs in files:
        parser = PageParser()
        with open(fs, encoding="utf-8", errors="replace") as f:
            parser.feed(f.read())
        site.pages[fs] = parser
        site.url_of[fs] = site.file_url(fs)
    R.counts["html files"] = len(files)
    original_base = str(site.model.cfg.get("base_url", "")).rstrip("/")
    for fs, pg in site.pages.items():
        url = site.url_of[fs]
        name = os.path.relpath(fs, site.out)
        lang = site.model.default if name == "404.html" else site.lang_of_url(url)
        if pg.html_lang != lang:
            R.error(f"{name}: <html lang=\"{pg.html_lang}\">, expected \"{lang}\"")
        base_for_links = urllib.parse.urljoin(url, pg.base) if pg.base else url
        # every URL in the page
        for tag, attr, value in pg.urls:
            values = [v.strip().split()[0] for v in value.split(",") if v.strip()] if attr == "srcset" else [value.strip()]
            for v in values:
                check_link(site, name, url, base_for_links, f"<{tag} {attr}>", v, original_base)
        if pg.refresh is not None:
            m = re.search(r"url\s*=\s*['\"]?([^'\";]+)", pg.refresh, re.I)
            target = urllib.parse.urljoin(url, m.group(1).strip()) if m else None
            if not target or not site.exists(target):
                R.error(f"{name}: redirect (meta refresh) to a missing page: {pg.refresh!r}")
            elif site.page_of(target) is not None and site.page_of(target).refresh is not None:
                R.error(f"{name}: redirect to another redirect: {target}")
            R.counts["redirect pages"] += 1
            continue
        R.counts["content pages"] += 1
        # canonical
        if len(pg.canonical) != 1:
            R.error(f"{name}: {len(pg.canonical)} canonical links, expected 1")
        elif urllib.parse.urljoin(url, pg.canonical[0]) != url:
            R.error(f"{name}: canonical is {pg.canonical[0]}, expected {url}")
        # hreflang alternates
        alts = {}
        for hl, href in pg.alternates:
            if hl in alts and alts[hl] != href:
                R.error(f"{name}: two hreflang=\"{hl}\" alternates")
            alts[hl] = urllib.parse.urljoin(url, href)
        if alts.get(lang) != url:
            R.error(f"{name}: no hreflang=\"{lang}\" alternate pointing at itself (has {alts.get(lang)})")
        if "x-default" not in alts:
            R.error(f"{name}: no hreflang=\"x-default\" alternate")
        else:
            want = alts.get(site.model.default, url)
            if alts["x-default"] != want:
                R.error(f"{name}: x-default is {alts['x-default']}, expected {want}")
        for hl, href in alts.items():
            if hl == "x-default":
                continue
            if hl not in site.model.langs:
                R.error(f"{name}: hreflang=\"{hl}\" is not a configured language")
            if not site.exists(href):
                R.error(f"{name}: hreflang=\"{hl}\" alternate {href} does not exist")
                continue
            if site.lang_of_url(href) != hl:
                R.error(f"{name}: hreflang=\"{hl}\" alternate {href} is a page in another language")
            other = site.page_of(href)
            if hl != lang and other is not None:
                back = {h: urllib.parse.urljoin(href, u) for h, u in other.alternates}
                if back.get(lang) != url:
                    R.error(f"{name}: links {href} as hreflang=\"{hl}\", but that page does not link back "
                            f"(its hreflang=\"{lang}\" is {back.get(lang)})")
        site.pages[fs].alt_map = alts  # type: ignore[attr-defined]


def check_link(site: Site, name: str, page_url: str, base: str, where: str, value: str,
               original_base: str) -> None:
    if not value or value.startswith(("mailto:", "tel:", "javascript:", "data:")):
        return
    target = urllib.parse.urljoin(base, value)
    R.counts["links in pages"] += 1
    if original_base and original_base != site.base and (target + "/").startswith(original_base + "/") \
            and urllib.parse.urlsplit(original_base).netloc != site.netloc:
        R.error(f"{name}: {where} {value} uses site.toml's base_url, not the --base-url of the build")
        return
    state, fs = site.resolve(target)
    if state == "external":
        R.counts["external links (not followed)"] += 1
        return
    if state == "escape":
        R.error(f"{name}: {where} {value} leaves the sub-path {site.base_path or '/'}")
        return
    if state == "missing":
        R.error(f"{name}: {where} {value} → {target} does not exist")
        return
    if state == "dir":
        R.warn(f"{name}: {where} {value} names a folder without the trailing slash")
    frag = urllib.parse.urlsplit(target).fragment
    if frag and fs.endswith(".html"):
        tp = site.pages.get(fs)
        if tp is None:
            tp = PageParser()
            with open(fs, encoding="utf-8", errors="replace") as f:
                tp.feed(f.read())
        if urllib.parse.unquote(frag) not in tp.ids and frag not in ("top",):
            R.error(f"{name}: {where} {value}: no id=\"{urllib.parse.unquote(frag)}\" in {target.split('#')[0]}")


def check_css(site: Site) -> None:
    for fs in walk_files(site.out, ".css"):
        url = site.file_url(fs)
        with open(fs, encoding="utf-8", errors="replace") as f:
            css = f.read()
        for m in re.finditer(r"url\(\s*['\"]?([^'\")]+)['\"]?\s*\)", css):
            v = m.group(1).strip()
            if v.startswith(("data:", "#")):
                continue
            check_link(site, os.path.relpath(fs, site.out), url, url, "url()", v, "")


# --------------------------------------------------------------------------
# expected content (from the sources)

def pager_urls(site: Site, list_url: str) -> list[str]:
    urls = [list_url]
    n = 2
    while site.exists(f"{list_url}page/{n}/"):
        urls.append(f"{list_url}page/{n}/")
        n += 1
    return urls


def links_on(site: Site, urls: list[str]) -> set[str]:
    found: set[str] = set()
    for u in urls:
        pg = site.page_of(u)
        if pg is None:
            continue
        for href, _ in pg.body_links:
            found.add(urllib.parse.urljoin(u, href).split("#")[0])
    return found


def expect_list(site: Site, what: str, list_url: str, items: list[Page], paginate_by: int | None) -> None:
    if not site.exists(list_url):
        R.error(f"missing {what}: {list_url}")
        return
    R.counts["lists checked"] += 1
    pagers = pager_urls(site, list_url)
    listed = links_on(site, pagers)
    for p in items:
        if site.abs(p.path) not in listed:
            R.error(f"{what} {list_url} does not link {site.abs(p.path)} ({p.rel})")
    if paginate_by:
        want = max(1, -(-len(items) // paginate_by))
        if len(pagers) != want:
            R.error(f"{what} {list_url}: {len(pagers)} pager(s), expected {want} "
                    f"({len(items)} items, paginate_by = {paginate_by})")


def check_expected(site: Site) -> dict[str, set[str]]:
    """Checks every URL the sources call for; returns feed URL -> expected entry URLs."""
    m = site.model
    feeds: dict[str, set[str]] = {}
    expected_urls: set[str] = set()

    def need(url: str, what: str, indexable: bool = True) -> bool:
        if indexable:
            expected_urls.add(url)
        R.counts["expected URLs"] += 1
        if not site.exists(url):
            R.error(f"missing {what}: {url}")
            return False
        return True

    # home pages, language feeds
    home_front = m.sections.get("", {})
    for lang in m.langs:
        home = site.abs(m.prefix(lang) + "/")
        need(home, f"home page ({lang})")
        need(site.abs(m.prefix(lang) + "/atom.xml"), f"feed ({lang})", indexable=False)
        dated = [p for p in m.pages if p.date and m.listed_in(p, lang)]
        pb = (home_front.get(lang) or home_front.get(m.default) or {}).get("paginate_by")
        expect_list(site, "home page", home, dated, pb)
        feeds[site.abs(m.prefix(lang) + "/atom.xml")] = {site.abs(p.path) for p in m.pages if p.date and p.lang == lang}
        if m.pages and any(p.event_key for p in m.pages):
            need(site.abs(m.prefix(lang) + "/events/"), f"events list ({lang})")

    # pages, their translations, bundles, aliases
    for p in m.pages:
        url = site.abs(p.path)
        if not need(url, f"page ({p.rel})"):
            continue
        pg = site.page_of(url)
        alts = getattr(pg, "alt_map", {}) if pg else {}
        for lang in m.langs:
            t = m.translation(p, lang)
            if t and t is not p:
                if alts.get(lang) != site.abs(t.path):
                    R.error(f"{url}: no hreflang=\"{lang}\" alternate for its translation {site.abs(t.path)}")
                if pg and site.abs(t.path) not in {urllib.parse.urljoin(url, h) for h, _ in pg.body_links}:
                    R.error(f"{url}: no link (language switcher) to its translation {site.abs(t.path)}")
        if p.bundle:
            for asset in sorted(os.listdir(p.bundle_dir)):
                if asset.endswith(".md") or os.path.isdir(os.path.join(p.bundle_dir, asset)):
                    continue
                need(url + urllib.parse.quote(asset), f"bundle asset ({p.rel})", indexable=False)
        for alias in p.aliases:
            alias = "/" + str(alias).lstrip("/")
            a_url = site.abs(alias)
            if need(a_url, f"alias {alias} of {p.rel}", indexable=False):
                apg = site.page_of(a_url)
                if apg is None or apg.refresh is None:
                    R.error(f"alias {a_url} is not a redirect page")
                else:
                    mm = re.search(r"url\s*=\s*['\"]?([^'\";]+)", apg.refresh, re.I)
                    if not mm or urllib.parse.urljoin(a_url, mm.group(1).strip()) != url:
                        R.error(f"alias {a_url} redirects to {apg.refresh!r}, expected {url}")

    # sections
    for sec, fronts in m.sections.items():
        if sec == "":
            continue
        for lang in m.langs:
            s_url = site.abs(f"{m.prefix(lang)}/{sec}/")
            need(s_url, f"section {sec} ({lang})")
            items = [p for p in m.pages if p.section == sec and m.listed_in(p, lang)]
            pb = (fronts.get(lang) or fronts.get(m.default) or {}).get("paginate_by")
            expect_list(site, "section", s_url, items, pb)

    # taxonomies and terms
    for tax, feed in m.taxonomies.items():
        terms: dict[str, dict[str, list[Page]]] = defaultdict(lambda: defaultdict(list))  # slug -> lang -> pages
        for p in m.pages:
            for name in p.terms.get(tax, []):
                slug = m.term_slug(tax, name)
                for lang in m.langs:
                    if m.listed_in(p, lang):
                        terms[slug][lang].append(p)
        for lang in m.langs:
            if any(lang in per for per in terms.values()):
                need(site.abs(f"{m.prefix(lang)}/{tax}/"), f"taxonomy list {tax} ({lang})")
        for slug, per in sorted(terms.items()):
            for lang, items in per.items():
                t_url = site.abs(f"{m.prefix(lang)}/{tax}/{slug}/")
                if not need(t_url, f"term page {tax}/{slug} ({lang})"):
                    continue
                expect_list(site, "term page", t_url, items, None)
                # A term gets a feed in a language with a dated report of its own.
                own = {site.abs(p.path) for p in items if p.lang == lang and p.date}
                if feed and own:
                    f_url = t_url + "atom.xml"
                    need(f_url, f"term feed {tax}/{slug} ({lang})", indexable=False)
                    feeds[f_url] = own
                pg = site.page_of(t_url)
                alts = getattr(pg, "alt_map", {}) if pg else {}
                body = {urllib.parse.urljoin(t_url, h) for h, _ in pg.body_links} if pg else set()
                for other in m.langs:
                    if other == lang:
                        continue
                    o_url = site.abs(f"{m.prefix(other)}/{tax}/{slug}/")
                    if other in per:
                        if alts.get(other) != o_url:
                            R.error(f"{t_url}: no hreflang=\"{other}\" alternate for the same term {o_url}")
                        if o_url not in body:
                            R.error(f"{t_url}: no link (language switcher) to the same term {o_url}")
                    else:
                        list_url = site.abs(f"{m.prefix(other)}/{tax}/")
                        if o_url in body or o_url in alts.values():
                            R.error(f"{t_url}: links the {other} term page {o_url}, which should not exist")
                        if list_url not in body:
                            R.error(f"{t_url}: the term has no {other} version, but the page does not link "
                                    f"the {other} term list {list_url} (language switcher)")
        for key, titles in m.term_sources.get(tax, {}).items():
            if key not in terms:
                R.warn(f"term source {tax}/{key} is used by no page")

    # events
    events: dict[str, dict[str, list[Page]]] = defaultdict(lambda: defaultdict(list))
    for p in m.pages:
        if p.event_key:
            for lang in m.langs:
                if m.listed_in(p, lang):
                    events[p.event_key][lang].append(p)
    for key, per in sorted(events.items()):
        for lang, items in per.items():
            e_url = site.abs(f"{m.prefix(lang)}/events/{key}/")
            if need(e_url, f"event page {key} ({lang})"):
                expect_list(site, "event page", e_url, items, None)
                pg = site.page_of(e_url)
                alts = getattr(pg, "alt_map", {}) if pg else {}
                for other in per:
                    if other != lang and alts.get(other) != site.abs(f"{m.prefix(other)}/events/{key}/"):
                        R.error(f"{e_url}: no hreflang=\"{other}\" alternate for the same event")
            ev_list = site.abs(f"{m.prefix(lang)}/events/")
            if e_url not in links_on(site, [ev_list]):
                R.error(f"events list {ev_list} does not link {e_url}")

    site.expected_urls = expected_urls  # type: ignore[attr-defined]
    return feeds


# --------------------------------------------------------------------------
# feeds

def text_of(el, tag: str) -> str | None:
    c = el.find(ATOM + tag)
    return c.text if c is not None else None


XML_BASE = "{http://www.w3.org/XML/1998/namespace}base"


def check_entry_html(site: Site, name: str, feed_url: str, root, entry) -> None:
    """Links in an entry's HTML summary/content resolve (against xml:base or the feed URL)."""
    base = urllib.parse.urljoin(feed_url, root.get(XML_BASE) or "")
    base = urllib.parse.urljoin(base, entry.get(XML_BASE) or "")
    for tag in ("summary", "content"):
        el = entry.find(ATOM + tag)
        if el is None or el.get("type") not in ("html", "xhtml"):
            continue
        html = el.text or "" if el.get("type") == "html" else ET.tostring(el, encoding="unicode")
        parser = PageParser()
        parser.feed(html)
        for t, attr, value in parser.urls:
            for v in ([x.strip().split()[0] for x in value.split(",") if x.strip()] if attr == "srcset" else [value.strip()]):
                if not v or v.startswith(("mailto:", "tel:", "data:")):
                    continue
                R.counts["links in feed entries"] += 1
                target = urllib.parse.urljoin(base, v)
                state, fs = site.resolve(target)
                if state == "external":
                    continue
                if state == "escape":
                    R.error(f"{name}: <{tag}> of {text_of(entry, 'id')}: <{t} {attr}=\"{v}\"> leaves the sub-path")
                elif state == "missing":
                    R.error(f"{name}: <{tag}> of {text_of(entry, 'id')}: <{t} {attr}=\"{v}\"> resolves "
                            f"(against {'xml:base' if base != feed_url else 'the feed URL'}) to {target}, which does not exist")
                elif urllib.parse.urlsplit(target).fragment and not fs.endswith(".html"):
                    R.error(f"{name}: <{tag}> of {text_of(entry, 'id')}: <{t} {attr}=\"{v}\"> resolves "
                            f"to a fragment of the feed itself ({target})")


def check_feeds(site: Site, expected: dict[str, set[str]]) -> None:
    try:
        import feedparser  # type: ignore
    except ImportError:
        feedparser = None
        R.warn("feedparser is not installed: feeds checked with ElementTree only")
    xml_files = [f for f in walk_files(site.out, ".xml") if os.path.basename(f) != "sitemap.xml"]
    seen = set()
    for fs in xml_files:
        name = os.path.relpath(fs, site.out)
        url = site.file_url(fs)
        try:
            root = ET.parse(fs).getroot()
        except ET.ParseError as e:
            R.error(f"{name}: not well-formed XML: {e}")
            continue
        if root.tag != ATOM + "feed":
            continue
        seen.add(url)
        R.counts["feeds"] += 1
        lang = site.lang_of_url(url)
        if root.get(XML_LANG) != lang:
            R.error(f"{name}: xml:lang=\"{root.get(XML_LANG)}\", expected \"{lang}\"")
        for req in ("id", "title", "updated"):
            if not (text_of(root, req) or "").strip():
                R.error(f"{name}: feed has no <{req}>")
        if parse_rfc3339(text_of(root, "updated")) is None:
            R.error(f"{name}: feed <updated> is not RFC 3339: {text_of(root, 'updated')!r}")
        selfs = [l.get("href") for l in root.findall(ATOM + "link") if l.get("rel") == "self"]
        if selfs != [url]:
            R.error(f"{name}: rel=self link is {selfs}, expected [{url}]")
        for l in root.findall(ATOM + "link"):
            if l.get("rel", "alternate") == "alternate" and not site.exists(l.get("href", "")):
                R.error(f"{name}: feed alternate link {l.get('href')} does not exist")
        has_author = root.find(ATOM + "author") is not None
        entries = root.findall(ATOM + "entry")
        R.counts["feed entries"] += len(entries)
        if not entries:
            page = site.page_of(url[: -len("atom.xml")])
            listed = "its page lists reports" if page is not None and any(
                site.lang_of_url(urllib.parse.urljoin(url, h)) != lang for h, hl in page.body_links if hl) else ""
            R.warn(f"{name}: the feed has no entries{' (' + listed + ' in another language)' if listed else ''}")
        links, keys, upd = [], [], []
        ids = set()
        for i, e in enumerate(entries, 1):
            for req in ("id", "title", "updated"):
                if not (text_of(e, req) or "").strip():
                    R.error(f"{name}: entry {i} has no <{req}>")
            eid = text_of(e, "id")
            if eid in ids:
                R.error(f"{name}: entry id {eid} twice")
            ids.add(eid)
            if not has_author and e.find(ATOM + "author") is None:
                R.error(f"{name}: entry {i} has no author and the feed has none")
            alt = [l.get("href") for l in e.findall(ATOM + "link") if l.get("rel", "alternate") == "alternate"]
            if len(alt) != 1:
                R.error(f"{name}: entry {i} has {len(alt)} alternate links")
                continue
            link = alt[0]
            links.append(link)
            if not site.exists(link):
                R.error(f"{name}: entry link {link} does not exist")
            elang = e.get(XML_LANG) or root.get(XML_LANG)
            if site.lang_of_url(link) != elang:
                R.error(f"{name}: entry {link} is not in the feed's language {elang}")
            check_entry_html(site, name, url, root, e)
            pub = parse_rfc3339(text_of(e, "published"))
            up = parse_rfc3339(text_of(e, "updated"))
            if text_of(e, "published") and pub is None:
                R.error(f"{name}: entry {i} <published> is not RFC 3339")
            if up is None:
                R.error(f"{name}: entry {i} <updated> is not RFC 3339")
            keys.append(pub or up)
            upd.append(up)
        if all(keys) and any(keys[i] < keys[i + 1] for i in range(len(keys) - 1)):
            R.error(f"{name}: entries are not newest first: "
                    + ", ".join(k.date().isoformat() for k in keys))
        if all(upd) and any(upd[i] < upd[i + 1] for i in range(len(upd) - 1)):
            R.warn(f"{name}: entries newest first by <published>, but not by <updated>")
        feed_updated = parse_rfc3339(text_of(root, "updated"))
        if feed_updated and upd and all(upd) and max(upd) > feed_updated:
            R.error(f"{name}: feed <updated> is older than its newest entry")
        if url in expected:
            want = expected[url]
            got = set(links)
            for miss in sorted(want - got):
                R.error(f"{name}: missing entry {miss}")
            for extra in sorted(got - want):
                R.error(f"{name}: unexpected entry {extra}")
        if feedparser is not None:
            d = feedparser.parse(fs)
            if d.bozo:
                R.error(f"{name}: feedparser: {d.bozo_exception}")
            if d.version != "atom10":
                R.error(f"{name}: feedparser sees version {d.version!r}, expected atom10")
            if [en.get("link") for en in d.entries] != links:
                R.error(f"{name}: feedparser reads other entry links than ElementTree")
            if d.feed.get("language") and d.feed.get("language") != lang:
                R.error(f"{name}: feedparser language {d.feed.get('language')}, expected {lang}")
    for url in sorted(set(expected) - seen):
        R.error(f"missing or unparsable feed {url}")


# --------------------------------------------------------------------------
# sitemap and robots.txt

def check_sitemap(site: Site) -> None:
    fs = os.path.join(site.out, "sitemap.xml")
    if not os.path.isfile(fs):
        R.error("sitemap.xml does not exist")
        return
    try:
        root = ET.parse(fs).getroot()
    except ET.ParseError as e:
        R.error(f"sitemap.xml: not well-formed XML: {e}")
        return
    if root.tag != SM + "urlset":
        R.error(f"sitemap.xml: root element is {root.tag}, expected urlset")
        return
    alts: dict[str, dict[str, str]] = {}
    for u in root.findall(SM + "url"):
        loc = (u.findtext(SM + "loc") or "").strip()
        if loc in alts:
            R.error(f"sitemap.xml: {loc} listed twice")
        a: dict[str, str] = {}
        for l in u.findall(XHTML + "link"):
            if l.get("rel") != "alternate":
                continue
            hl, href = l.get("hreflang", ""), l.get("href", "")
            if hl in a:
                R.error(f"sitemap.xml: {loc} has two hreflang=\"{hl}\" alternates")
            a[hl] = href
            R.counts["sitemap alternates"] += 1
        alts[loc] = a
        lm = u.findtext(SM + "lastmod")
        if lm is not None and not re.fullmatch(r"\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2}))?", lm.strip()):
            R.error(f"sitemap.xml: {loc} lastmod {lm!r} is not a W3C date")
    R.counts["sitemap URLs"] = len(alts)
    for loc, a in alts.items():
        if not site.exists(loc):
            R.error(f"sitemap.xml: <loc> {loc} does not exist")
            continue
        pg = site.page_of(loc)
        if pg is not None and (pg.refresh is not None or "noindex" in pg.robots):
            R.error(f"sitemap.xml: <loc> {loc} is a redirect or noindex page")
        lang = site.lang_of_url(loc)
        if a and a.get(lang) != loc:
            R.error(f"sitemap.xml: {loc} has no hreflang=\"{lang}\" alternate for itself")
        for hl, href in a.items():
            if hl == "x-default":
                continue
            if not site.exists(href):
                R.error(f"sitemap.xml: alternate {href} (of {loc}) does not exist")
                continue
            if site.lang_of_url(href) != hl:
                R.error(f"sitemap.xml: alternate {href} (of {loc}) is not in language {hl}")
            if href == loc:
                continue
            if href not in alts:
                R.error(f"sitemap.xml: alternate {href} (of {loc}) has no <url> of its own")
            elif alts[href].get(lang) != loc:
                R.error(f"sitemap.xml: {loc} lists {href} as hreflang=\"{hl}\", but not the other way round")
        if pg is not None:
            html_alts = {h: v for h, v in getattr(pg, "alt_map", {}).items() if h != "x-default"}
            sm_alts = {h: v for h, v in a.items() if h != "x-default"}
            if html_alts and len(html_alts) > 1 and html_alts != sm_alts:
                R.error(f"sitemap.xml: alternates of {loc} {sm_alts} differ from the page's hreflang links {html_alts}")
    # every indexable page is in the sitemap
    for fs2, pg in site.pages.items():
        url = site.url_of[fs2]
        if pg.refresh is not None or "noindex" in pg.robots or url.endswith("/404.html"):
            continue
        if url not in alts:
            if re.search(r"/page/\d+/$", url):
                R.counts["pagers not in sitemap"] += 1
            else:
                R.error(f"sitemap.xml does not list the page {url}")
    for url in sorted(getattr(site, "expected_urls", set())):
        if url.endswith("/") and url not in alts and site.exists(url):
            R.error(f"sitemap.xml does not list the expected page {url}")


def check_robots(site: Site) -> None:
    fs = os.path.join(site.out, "robots.txt")
    if not os.path.isfile(fs):
        R.error("robots.txt does not exist")
        return
    with open(fs, encoding="utf-8") as f:
        text = f.read()
    maps = [l.split(":", 1)[1].strip() for l in text.splitlines() if l.lower().startswith("sitemap:")]
    want = site.base + "/sitemap.xml"
    if want not in maps:
        R.error(f"robots.txt names {maps or 'no sitemap'}, expected {want}")
    if not any(l.lower().startswith("user-agent:") for l in text.splitlines()):
        R.error("robots.txt has no User-agent line")


# --------------------------------------------------------------------------
# LinkChecker CSV

def linkchecker_csv(path: str) -> int:
    with open(path, encoding="utf-8", errors="replace") as f:
        rows = [l for l in f if not l.startswith("#")]
    reader = csv.DictReader(io.StringIO("".join(rows)), delimiter=";")
    total = bad = warned = 0
    urls: set[str] = set()
    for row in reader:
        url = row.get("url") or row.get("urlname")
        if not url:
            continue
        total += 1
        urls.add(url)
        if row.get("valid", "").strip().lower() not in ("true", "1"):
            bad += 1
            print(f"  BROKEN {row.get('urlname')} -> {url}  (in {row.get('parentname') or 'start URLs'}, "
                  f"line {row.get('line')}): {row.get('result')}", file=sys.stderr)
            continue
        # A feed, robots.txt or image is "not parseable" for links: that is fine.
        warning = "; ".join(w for w in (row.get("warningstring") or "").split("\n")
                            if w.strip() and "is not parseable" not in w)
        if warning:
            warned += 1
            print(f"  warning {url} (in {row.get('parentname') or 'start URLs'}): {warning}", file=sys.stderr)
    print(f"linkchecker: {total} links checked ({len(urls)} distinct URLs), {bad} broken, "
          f"{warned} with warnings")
    return 1 if bad or total == 0 else 0


# --------------------------------------------------------------------------

def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    c = sub.add_parser("check")
    c.add_argument("--site", required=True)
    c.add_argument("--out", required=True)
    c.add_argument("--base-url", required=True)
    c.add_argument("--drafts", action="store_true")
    c.add_argument("--future", action="store_true")
    l = sub.add_parser("linkchecker-csv")
    l.add_argument("file")
    args = ap.parse_args()
    if args.cmd == "linkchecker-csv":
        return linkchecker_csv(args.file)

    model = Model(args.site, args.drafts, args.future)
    site = Site(args.out, args.base_url, model)
    check_html(site)
    check_css(site)
    feeds = check_expected(site)
    check_feeds(site, feeds)
    check_sitemap(site)
    check_robots(site)

    for w in R.warnings:
        print(f"  warning: {w}", file=sys.stderr)
    for e in R.errors:
        print(f"  ERROR: {e}", file=sys.stderr)
    summary = ", ".join(f"{v} {k}" for k, v in R.counts.items())
    print(f"structure: {len(model.pages)} source pages; {summary}")
    print(f"structure: {len(R.errors)} error(s), {len(R.warnings)} warning(s)")
    return 1 if R.errors else 0


if __name__ == "__main__":
    sys.exit(main())
