// The default theme's search: the header's field, results below it.
//
// Nothing is loaded before the reader types: then the reader's language's
// Pagefind index (pagefind/LANG/, on this site), and only when it has no
// hit the other languages' ones, for pages that exist only there (filter
// `solo`). German letters are folded both ways: a query is searched as
// written, with ä ö ü ß spelt ae oe ue ss, and with ae oe ue ss spelt as
// umlauts, so „Baumgaertner“ finds „Baumgärtner“ and „Straße“ finds
// „Strasse“. Filters (lessons, tags, event, year) use the terms' keys,
// which are the same in every language.

const form = document.querySelector("form.site-search");
if (form) start(form);

function start(form) {
  const input = form.querySelector("input[type=search]");
  const panel = document.getElementById(form.dataset.results);
  const d = form.dataset;
  const text = {
    none: d.none,
    other: d.otherText,
    count: d.count,
    any: d.any,
    filter_lessons: d.filterLessons,
    filter_tags: d.filterTags,
    filter_event: d.filterEvent,
    filter_year: d.filterYear,
  };
  const langs = form.dataset.langs.split(" ");
  const bundles = new Map();
  let filters = {};
  let shown = 0;

  const bundle = (lang) => {
    if (!bundles.has(lang)) {
      bundles.set(lang, (async () => {
        const base = `${form.dataset.bundle}${lang}/`;
        const pagefind = await import(`${base}pagefind.js`);
        await pagefind.options({ baseUrl: "/", excerptLength: 24 });
        await pagefind.init();
        const names = await fetch(`${base}names.json`).then((r) => r.json()).catch(() => ({}));
        return { pagefind, names };
      })());
    }
    return bundles.get(lang);
  };

  const run = async () => {
    const query = input.value.trim();
    const mine = ++shown;
    if (!query) {
      panel.hidden = true;
      return;
    }
    const own = await bundle(langs[0]);
    let hits = await find(own.pagefind, query, filters);
    let lang = langs[0];
    if (!hits.length && form.dataset.other === "true") {
      for (const other of langs.slice(1)) {
        const b = await bundle(other);
        hits = await find(b.pagefind, query, { ...filters, solo: "yes" });
        if (hits.length) {
          lang = other;
          break;
        }
      }
    }
    const data = await Promise.all(hits.slice(0, 10).map((h) => h.data()));
    if (mine !== shown) return;
    const facets = await own.pagefind.filters();
    show(panel, text, data, lang, langs[0], facets, own.names, filters, (next) => {
      filters = next;
      run();
    });
    // What the results are for (read by the browser test).
    panel.dataset.query = query;
  };

  form.addEventListener("submit", (e) => {
    e.preventDefault();
    run();
  });
  input.addEventListener("input", run);
  form.addEventListener("keydown", (e) => {
    if (e.key === "Escape") {
      panel.hidden = true;
      input.focus();
    }
  });
}

// Every spelling of `query` to search: as written, folded, unfolded.
export function spellings(query) {
  const q = query.toLowerCase();
  const folded = q.replace(/ä/g, "ae").replace(/ö/g, "oe").replace(/ü/g, "ue").replace(/ß/g, "ss");
  const unfolded = folded.split(/\s+/).map((word) => {
    let forms = [word];
    for (const [pair, letter] of [["ae", "ä"], ["oe", "ö"], ["ue", "ü"], ["ss", "ß"]]) {
      if (!word.includes(pair) || forms.length >= 8) continue;
      forms = forms.flatMap((f) => [f, f.split(pair).join(letter)]);
    }
    return forms;
  });
  const combined = unfolded.reduce(
    (all, forms) => all.flatMap((a) => forms.map((f) => (a ? `${a} ${f}` : f))).slice(0, 16),
    [""],
  );
  return [...new Set([q, folded, ...combined])];
}

// The hits of every spelling, best first, each page once.
async function find(pagefind, query, filters) {
  const best = new Map();
  for (const q of spellings(query)) {
    const search = await pagefind.search(q, { filters });
    for (const r of search?.results ?? []) {
      if (!best.has(r.id) || best.get(r.id).score < r.score) best.set(r.id, r);
    }
  }
  return [...best.values()].sort((a, b) => b.score - a.score);
}

function el(tag, attrs = {}, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  e.append(...children);
  return e;
}

function show(panel, text, data, lang, own, facets, names, filters, refilter) {
  panel.replaceChildren();
  panel.hidden = false;
  const menus = el("div", { class: "search-results__filters" });
  for (const name of ["lessons", "tags", "event", "year"]) {
    const values = Object.keys(facets[name] ?? {});
    if (!values.length) continue;
    const id = `search-filter-${name}`;
    const select = el("select", { id }, el("option", { value: "" }, text.any));
    for (const v of values.sort()) {
      const option = el("option", { value: v }, names[name]?.[v] ?? v);
      if (filters[name] === v) option.selected = true;
      select.append(option);
    }
    select.addEventListener("change", () => {
      const next = { ...filters };
      if (select.value) next[name] = select.value;
      else delete next[name];
      refilter(next);
    });
    menus.append(el("label", { for: id }, text[`filter_${name}`] ?? name), select);
  }
  panel.append(menus);
  const status = el("p", { class: "search-results__status", role: "status" });
  if (!data.length) status.textContent = text.none;
  else if (lang !== own) status.textContent = text.other;
  else status.textContent = text.count.replace("{n}", data.length);
  panel.append(status);
  const list = el("ol", { class: "search-results__list" });
  for (const d of data) {
    const link = el("a", { href: d.url }, d.meta.title ?? d.url);
    const item = el("li", {}, link);
    if (lang !== own) {
      link.setAttribute("hreflang", lang);
      link.setAttribute("lang", lang);
      item.append(" ", el("span", { class: "badge search-results__lang" }, lang.toUpperCase()));
    }
    const excerpt = el("p", { class: "search-results__excerpt" });
    excerpt.innerHTML = d.excerpt;
    if (lang !== own) excerpt.setAttribute("lang", lang);
    item.append(excerpt);
    list.append(item);
  }
  panel.append(list);
}
